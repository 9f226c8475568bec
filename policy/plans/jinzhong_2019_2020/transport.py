"""三（二）错峰运输: which vehicles stop at which heavy-pollution alert level."""
from __future__ import annotations

from ...engine.model import AlertLevel, Choice, Question, Transport, TransportRule, VehicleKind

LIVELIHOOD = "livelihood_safety_registered"
SPECIAL = "special_vehicle"
HAZARDOUS = "hazardous_chemicals"
CLEAN_ENERGY = "clean_energy"
EMERGENCY = "emergency_repair"

_TRUCK_EXEMPTIONS = (LIVELIHOOD, SPECIAL, HAZARDOUS)

TRANSPORT = Transport(
    clause="3.2",
    alert_levels=(
        AlertLevel("none", "无预警", 0),
        AlertLevel("yellow", "黄色预警", 1),
        AlertLevel("orange", "橙色预警", 2),
        AlertLevel("red", "红色预警", 3),
    ),
    kinds=(
        VehicleKind("diesel_truck", "柴油货车"),
        VehicleKind("gas_heavy_truck", "燃气重型载货车辆", "排放阶段"),
        VehicleKind("non_road_machinery", "非道路移动机械", "排放阶段"),
        VehicleKind("other_vehicle", "其他车辆（如电动货车）"),
    ),
    stages=tuple(Choice(str(n), label) for n, label in enumerate(
        ("国一以前", "国一", "国二", "国三", "国四", "国五", "国六"))),
    flags=(
        Question(LIVELIHOOD, "错峰运输清单中备案的保民生、保安全车辆", "", "boolean", ("3.2",), required=False),
        Question(SPECIAL, "特种车辆", "", "boolean", ("3.2",), required=False),
        Question(HAZARDOUS, "危化品车辆", "", "boolean", ("3.2",), required=False),
        Question(CLEAN_ENERGY, "清洁能源机械", "", "boolean", ("3.2",), required=False),
        Question(EMERGENCY, "紧急检修作业机械", "", "boolean", ("3.2",), required=False),
    ),
    rules=(
        TransportRule("3.2-diesel", "3.2", "diesel_truck", from_rank=1, max_stage=None,
                      exempt_if=_TRUCK_EXEMPTIONS,
                      text="原则上在重污染天气预警期间停止柴油货车进出厂区"),
        TransportRule("3.2-gas", "3.2", "gas_heavy_truck", from_rank=1, max_stage=4,
                      exempt_if=_TRUCK_EXEMPTIONS,
                      text="国四及以下燃气重型载货车辆进出厂区（其中错峰运输清单中备案的保民生和保安全车辆除外，"
                           "特种车辆和危化品车辆等除外）"),
        TransportRule("3.2-machinery", "3.2", "non_road_machinery", from_rank=2, max_stage=2,
                      exempt_if=(CLEAN_ENERGY, EMERGENCY),
                      text="橙色及以上预警期间停止使用国二及以下非道路移动机械（清洁能源和紧急检修作业机械除外）"),
    ),
    requirements=(
        "重点用车企业要安装管控运输车辆的门禁和视频监控系统",
        "监控数据至少保存1年以上",
    ),
    industries_text="钢铁、电力、建材、焦化、有色、化工、矿山等涉及大宗物料运输的重点用车企业",
    data_retention_years=1,
)
