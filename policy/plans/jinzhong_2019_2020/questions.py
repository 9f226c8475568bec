"""The questions a production facility answers, in the order a form asks them.

Which industries a question applies to is not written here: it follows from the
rules that test the answer (policy.engine.applicability).
"""
from __future__ import annotations

from ...engine.model import ENTERPRISE, Choice, Question
from .plan import EXEMPTION_MARGIN_PERCENT, ROTATION_MAX_BATCHES, ULTRA_LOW_STANDARDS
from .vocabulary import LOCATION_LIMIT_KM

MG = "毫克/立方米"
ONLINE_DATA = "按在线监测数据填写（以在线监测数据计），单位毫克/立方米。"

INDUSTRIES_CHOICES = (
    Choice("steel", "钢铁"),
    Choice("ferroalloy", "铁合金"),
    Choice("coke", "焦化"),
    Choice("foundry", "铸造（玛钢）"),
    Choice("brick_kiln", "砖瓦窑"),
    Choice("nonferrous", "有色"),
    Choice("cement", "水泥（含粉磨站、水泥制品）"),
    Choice("chemical", "化工"),
    Choice("coatings_inks", "涂料、油墨等"),
    Choice("rubber", "橡胶制品"),
    Choice("carbon", "炭素"),
    Choice("refractory", "耐火材料"),
    Choice("glassware", "玻璃器皿"),
    Choice("building_materials", "石材、铝矾土、岩棉等建筑材料制造"),
    Choice("other_high_emission", "其他高排放行业（二、4 所列“等”行业）"),
    Choice("other", "其他行业（本方案未列明）"),
)
_INDUSTRY_LABELS = {choice.value: choice.label for choice in INDUSTRIES_CHOICES}
_WITH_ULTRA_LOW = "、".join(_INDUSTRY_LABELS[code] for code in ULTRA_LOW_STANDARDS)
ULTRA_LOW_REASON = "；".join(
    f"{_INDUSTRY_LABELS[code]}行业在方案印发时已有超低排放标准（{source}）" for code, source in ULTRA_LOW_STANDARDS.items()
) + "，不是“没有超低排放标准的行业”，须达到超低排放标准（二、2（2））"
ULTRA_LOW_NOTE = f"{_WITH_ULTRA_LOW}行业有超低排放标准：有{_WITH_ULTRA_LOW}生产设施的企业只能以达到超低排放标准申请。"

QUESTIONS = (
    # Who the facility is.
    Question("id", "设施编号", "企业内部的生产线、工序或设备编号，同一企业内不得重复；不填时按顺序编为 F1、F2…",
             "text", required=False, always=True, max_length=50),
    Question("name", "设施名称", "生产线、工序或设备的名称（错峰生产要求细化到生产线、工序和设备，二、9）。",
             "text", clauses=("2.9",), always=True, max_length=100),
    Question("industry", "所属行业", "按本方案三（一）所列行业选择；未列明的高排放行业选“其他高排放行业”，按二、4 评估。",
             "choice", clauses=("2.4", "3.1.1"), choices=INDUSTRIES_CHOICES, always=True),

    # 二、1 and 二、2 speak of the enterprise (“……的企业，予以停产治理”, “……的企业不予限产”):
    # asked once per enterprise, the same for all its facilities (R28, R29).
    Question("stable_compliance", "各类污染物能稳定达标排放",
             "2019年10月1日起本企业各类污染物能否稳定达标排放；不能的，企业予以停产治理（二、1）。",
             "boolean", clauses=("2.1", "2.4"), scope=ENTERPRISE),
    Question("permit_compliant", "达到排污许可管理要求", "本企业是否已取得排污许可并达到其管理要求；未达到的予以停产治理。",
             "boolean", clauses=("2.1",), scope=ENTERPRISE),
    Question("governance_done", "已完成年度环保治理改造任务（包括无组织排放治理）",
             "本企业的年度治理改造任务，含无组织排放治理；未完成的予以停产治理（二、1）。焦化、建筑材料等行业条款也以此为条件。",
             "boolean", clauses=("2.1", "2.4", "3.1.3", "3.1.14"), scope=ENTERPRISE),

    # 二、2
    Question("green_factory", "列入工信部绿色工厂示范", "列入工业和信息化部绿色工厂示范名单的企业不予限产（二、2（1））。",
             "boolean", clauses=("2.2(1)",), scope=ENTERPRISE),
    Question("exemption_emission", "排放水平（豁免条件）",
             f"本企业污染物排放达到超低排放标准；或本行业没有超低排放标准，且污染物排放低于行业特别排放限值"
             f"{EXEMPTION_MARGIN_PERCENT}%以上。同时采用铁路或其他清洁运输方式的不予限产（二、2（2））。"
             f"{ULTRA_LOW_NOTE}",
             "choice", clauses=("2.2(2)",), choices=(
                 Choice("ultra_low", "达到超低排放标准"),
                 Choice("below_special_20", f"本行业无超低排放标准，排放低于特别排放限值{EXEMPTION_MARGIN_PERCENT}%以上",
                        closed_to=tuple(ULTRA_LOW_STANDARDS), closed_reason=ULTRA_LOW_REASON),
                 Choice("none", "以上都不是"),
             ), scope=ENTERPRISE),
    Question("clean_transport", "物料运输采用铁路运输或其他清洁运输方式", "本企业的物料运输；二、2（2）豁免的第二个条件。",
             "boolean", clauses=("2.2(2)",), scope=ENTERPRISE),

    # Where the facility is.
    Question("within_10km", f"生产设施位于市、县建成区及周边{LOCATION_LIMIT_KM}公里范围内",
             f"可改为填写距建成区边界的距离；恰好{LOCATION_LIMIT_KM}公里的属于范围内。", "boolean",
             clauses=("2.4",)),
    Question("distance_km", "距市、县建成区边界的距离", "生产设施到最近的市、县建成区边界的直线距离；位于建成区内的填0。",
             "number", clauses=("2.4",), unit="公里", minimum=0, maximum=500, required=False),
    Question("category", "产业政策类别",
             "按《产业结构调整指导目录》判定本生产设施的类别。方案印发时施行2011年本（2013年修正），"
             "2019年本自2020年1月1日起施行；请注明所依据的版本。", "choice",
             clauses=("2.4",), choices=(
                 Choice("encouraged", "鼓励类"),
                 Choice("permitted", "允许类"),
                 Choice("restricted", "限制类"),
             )),

    # Conditions of the industry clauses.
    Question("online_monitoring", "符合在线监控要求（已安装在线监测设备并联网）", "", "boolean",
             clauses=("3.1.1", "3.1.2", "3.1.4", "3.1.6", "3.1.7", "3.1.8", "3.1.11", "3.1.12", "3.1.13")),
    Question("meets_special_limits", "污染物排放达到特别排放限值", "大气污染物排放达到本行业特别排放限值。", "boolean",
             clauses=("3.1.3", "3.1.6", "3.1.7", "3.1.8", "3.1.11")),
    Question("sintering_ultra_low", "烧结机排放达到超低排放", "", "boolean", clauses=("3.1.1",)),
    Question("unorganized_ultra_low", "无组织排放完成超低排放改造", "", "boolean", clauses=("3.1.1",)),
    Question("has_sintering", "有烧结工序", "", "boolean", clauses=("3.1.2",)),
    Question("foundry_furnace", "熔化炉类型", "", "choice", clauses=("3.1.4",), choices=(
        Choice("electric_or_gas", "电炉、天然气炉"),
        Choice("cupola", "冲天炉"),
        Choice("other", "其他"),
    )),
    Question("cupola_capacity_t", "冲天炉规模", "方案原文为“吨”，按冲天炉的额定熔化能力（吨/小时）填写。",
             "number", clauses=("3.1.4",), unit="吨", minimum=0, maximum=1000, exclusive_minimum=0,
             minimum_reason="0 吨的冲天炉不存在，方案按冲天炉的吨位（5吨以下、5吨—10吨、10吨以上）分档"),
    Question("glass_furnace", "窑炉类型", "", "choice", clauses=("3.1.13",), choices=(
        Choice("electric_or_gas", "电炉、天然气炉"),
        Choice("gas_producer", "煤气发生炉"),
        Choice("other", "其他"),
    )),
    Question("cement_type", "水泥行业生产类型", "", "choice", clauses=("3.1.7",), choices=(
        Choice("clinker", "水泥（熟料）生产"),
        Choice("grinding", "粉磨站"),
        Choice("products", "水泥制品及类似制品制造"),
    )),
    Question("so2_mg", "二氧化硫排放浓度", ONLINE_DATA, "number",
             clauses=("3.1.4", "3.1.5", "3.1.12", "3.1.13"), unit=MG, minimum=0, maximum=100000),
    Question("nox_mg", "氮氧化物排放浓度", ONLINE_DATA, "number",
             clauses=("3.1.4", "3.1.12", "3.1.13"), unit=MG, minimum=0, maximum=100000),
    Question("pm_mg", "颗粒物排放浓度", ONLINE_DATA, "number",
             clauses=("3.1.4", "3.1.5", "3.1.12", "3.1.13"), unit=MG, minimum=0, maximum=100000),
    Question("wet_esp_and_desulfurization", "治理设施使用湿电除尘和脱硫", "", "boolean", clauses=("3.1.5",)),
    Question("high_precision_monitoring", "安装高精在线监控设施", "", "boolean", clauses=("3.1.5",)),
    Question("months_stable", "验收后稳定达标的月数", "高精在线监控设施验收后连续稳定达标的整月数。", "number",
             clauses=("3.1.5",), unit="个月", minimum=0, maximum=600),
    Question("clean_energy", "使用清洁能源", "以电、天然气等清洁能源为燃料。", "boolean", clauses=("3.1.7", "3.1.12")),
    Question("vocs_process", "属于涉VOCs排放工序", "本方案只对涉VOCs排放工序限产。", "boolean", clauses=("3.1.9",)),
    Question("vocs_unorganized_special", "VOCs无组织排放达到特别排放限值", "", "boolean", clauses=("3.1.10",)),
    Question("suction_crane", "有吸料天车", "", "boolean", clauses=("3.1.11",)),

    # Adjustments.
    Question("supplies_heat_or_gas", "承担供气、供热等民生任务",
             "承担供气、供热任务的，根据供气、供热能力确定限产比例，由县级制定以热定产方案。", "boolean",
             clauses=("2.6", "3.1.3")),
    Question("actual_load_percent", "2019年10月1日前的实际生产负荷",
             "占正常产能的百分比；低于错峰生产要求的负荷时，按实际负荷核定（二、5）。可不填。", "number",
             clauses=("2.5",), unit="%", minimum=0, maximum=100, required=False),
    Question("safety_load_percent", "企业确定的安全生产负荷",
             "限产比例影响生产安全时填写，占正常产能的百分比，须提供报告佐证材料（二、7）。可不填。", "number",
             clauses=("2.7", "3.1.8"), unit="%", minimum=0, maximum=100, required=False),
    Question("shutdown_periods", "停产错峰时段",
             "选择以停产代替限产时填写停产起止日期（在错峰生产时间内），报备后不得更改（二、10）。可不填。",
             "periods", clauses=("2.10",), required=False),
    Question("rotation_batches", "轮停批次",
             f"每一批次的轮停起止日期，批次不能超过{ROTATION_MAX_BATCHES}次，报备后不得更改（三（一）10）。", "periods",
             clauses=("3.1.10",), required=False),
)
