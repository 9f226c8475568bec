"""晋中市2019-2020年秋冬季工业企业错峰生产行动方案 (市工信产发〔2019〕79号), clause by clause.

Each clause carries its id (READING.md), its Chinese display form, a short heading
and its text as cleaned from the PDF; the rules that implement a clause follow it.
Rules are tried in the order they appear here (READING.md decision 1): 2.1, then
2.2, then the industry clauses of 3.1, then the general rule 2.4.
"""
from __future__ import annotations

from ...engine.conditions import Between, No, OneOf, Yes, at_least, at_most
from ...engine.model import (
    EXEMPT, RECTIFY, ROTATION, SEASON_SHUTDOWN, Case, Clause, Continue, Option, Rule, Stop,
)
from .vocabulary import (
    ENCOURAGED, NOT_RESTRICTED, ONLINE_MONITORING, OUTSIDE, PERMITTED, RESTRICTED,
    SPECIAL_LIMITS, WITHIN, by_category_and_location, by_location, curtail, nox_at_most,
    pm_at_most, so2_at_most,
)

CLAUSES: list[Clause] = []
RULES: list[Rule] = []

# Section headings of the plan, for the full-text page.
PARTS = {
    "1": "一、总体要求",
    "2": "二、工作要求",
    "3": "三、主要任务",
    "3.1": "（一）深入推进工业企业错峰生产",
    "3.2": "（二）配合相关部门深入推进工业企业错峰运输",
    "4": "四、保障措施",
}


def clause(clause_id: str, display: str, heading: str, text: str) -> str:
    CLAUSES.append(Clause(clause_id, display, heading, text))
    return clause_id


# ─── 通知 ────────────────────────────────────────────────────────────────────
clause("0", "通知", "关于印发行动方案的通知",
       "各县（区、市）工信局、开发区经济运行部：\n"
       "为确保2019年--2020年采暖季大气污染防治工作取得实际成效，现将《晋中市2019年-2020年秋冬季"
       "工业企业错峰生产行动方案》印发给你们，请你们按照要求，认真做好相关工作。\n"
       "为贯彻落实《山西省人民政府办公厅关于印发山西省打赢蓝天保卫战2019年行动计划的通知》"
       "(晋政办发〔2019〕39号)精神，确保完成《晋中市人民政府办公室关于印发晋中市打赢蓝天保卫战"
       "2019年实施方案的通知》(市政办发〔2019〕23号)任务要求，坚决打赢晋中市蓝天保卫战，制定本方案。")

# ─── 一、总体要求 ────────────────────────────────────────────────────────────
clause("1.1", "一、指导思想", "指导思想",
       "以习近平新时代中国特色社会主义思想为指导，全面贯彻落实党的十九大精神，贯彻落实党中央、国务院"
       "决策部署及全国生态环境保护大会要求，坚持新发展理念，坚持全民共治、源头防治、标本兼治，以改善"
       "“秋冬季”环境空气质量为核心，以错峰生产减少的污染物排放量抵消采暖季新增污染物排放量为目的，"
       "围绕工业大气污染重点领域，坚持问题导向，实行差别化管理，科学精确实施错峰生产工作，积极引导企业"
       "开展深度治理，促进我市秋冬季环境空气质量目标圆满完成。")
clause("1.2", "一、主要目标", "主要目标",
       "大幅减少主要大气污染物排放总量，协同减少温室气体排放，进一步明显降低细颗粒物(PM_{2.5})浓度，"
       "明显减少重污染天数，明显改善环境空气质量，增强人民的蓝天幸福感。")
clause("1.3", "一、基本思路", "基本思路",
       "依照我市差异化评估结果，实施差异化管理，严禁“一刀切”，把重污染天气妥善应对作为重要突破口，"
       "严格执法监管，强化督察问责，全面落实错峰生产方案。")

# ─── 二、工作要求 ────────────────────────────────────────────────────────────
clause("2.1", "二、1", "不能稳定达标的停产治理",
       "秋冬季重点工业企业实施差异化错峰生产。2019年10月1日起，各类污染物不能稳定达标排放，未达到"
       "排污许可管理要求，未完成年度环保治理改造任务的企业（包括无组织排放治理），予以停产治理。")
RULES.append(Rule(
    id="2.1", clause="2.1", title="达标排放、排污许可与年度治理任务",
    quote="各类污染物不能稳定达标排放，未达到排污许可管理要求，未完成年度环保治理改造任务的企业"
          "（包括无组织排放治理），予以停产治理。",
    requires=(
        Yes("stable_compliance", "各类污染物稳定达标排放"),
        Yes("permit_compliant", "达到排污许可管理要求"),
        Yes("governance_done", "完成年度环保治理改造任务（包括无组织排放治理）"),
    ),
    otherwise=Stop(RECTIFY, "不满足上述任一条件的，予以停产治理（二、1），先于其他各条适用。"),
    interpretations=("R1", "R28"),
))

clause("2.2", "二、2", "不予限产",
       "（1）列入工信部绿色工厂示范的企业；（2）污染物排放达到超低排放标准（没有超低排放标准的行业，"
       "污染物排放低于行业特别排放限值20%以上），且物料运输采用铁路运输或其他清洁运输方式的企业不予限产。")
EXEMPTION_MARGIN_PERCENT = 20  # “低于行业特别排放限值20%以上”
# “没有超低排放标准的行业”: which industries had an ultra-low emission standard when the plan
# was issued (2019-08-21) is plan data with its source, not the enterprise's declaration (R13).
# Their enterprises can only reach 二、2（2） by the ultra-low standard itself. Other industries
# are not settled here (national opinions for cement and coking came later; a Shanxi provincial
# requirement in 2019 is unverified): for them the enterprise's declaration stands, for review.
ULTRA_LOW_STANDARDS = {
    "steel": "《关于推进实施钢铁行业超低排放的意见》（环大气〔2019〕35号，2019年4月）；"
             "本方案三（一）1 也以钢铁行业的超低排放为条件",
}
clause("2.2(1)", "二、2（1）", "绿色工厂示范企业", "（1）列入工信部绿色工厂示范的企业；")
RULES.append(Rule(
    id="2.2(1)", clause="2.2(1)", title="工信部绿色工厂示范",
    quote="（1）列入工信部绿色工厂示范的企业；",
    when=(Yes("green_factory", "列入工信部绿色工厂示范"),),
    cases=(Case(when=(), outcome=EXEMPT),),
    interpretations=("R1", "R29"),
))
clause("2.2(2)", "二、2（2）", "超低排放且清洁运输的企业",
       "（2）污染物排放达到超低排放标准（没有超低排放标准的行业，污染物排放低于行业特别排放限值20%以上），"
       "且物料运输采用铁路运输或其他清洁运输方式的企业不予限产。")
RULES.append(Rule(
    id="2.2(2)", clause="2.2(2)", title="超低排放（或低于特别排放限值20%以上）且清洁运输",
    quote="（2）污染物排放达到超低排放标准（没有超低排放标准的行业，污染物排放低于行业特别排放限值20%以上），"
          "且物料运输采用铁路运输或其他清洁运输方式的企业不予限产。",
    when=(OneOf("exemption_emission",
                f"污染物排放达到超低排放标准，或（无超低排放标准的行业）低于特别排放限值"
                f"{EXEMPTION_MARGIN_PERCENT}%以上",
                ("ultra_low", "below_special_20")),),
    requires=(Yes("clean_transport", "物料运输采用铁路运输或其他清洁运输方式"),),
    cases=(
        Case(when=(OneOf("exemption_emission", "污染物排放达到超低排放标准", ("ultra_low",)),), outcome=EXEMPT),
        # Open for industries not in ULTRA_LOW_STANDARDS (closed to those by the question): R13.
        Case(when=(OneOf("exemption_emission",
                         f"本行业没有超低排放标准，污染物排放低于行业特别排放限值{EXEMPTION_MARGIN_PERCENT}%以上",
                         ("below_special_20",)),), outcome=EXEMPT, interpretations=("R13",)),
    ),
    otherwise=Continue("排放条件满足但未采用清洁运输方式的，不适用本项豁免，继续按行业规定评估。"),
    interpretations=("R29",),
))

clause("2.3", "二、3", "按评估等级差别化管控",
       "运用我市工业企业差异化管理评估结果，按照企业评估等级实施差别化错峰生产管控。")

clause("2.4", "二、4", "高排放行业的一般规定",
       "钢铁、建材、焦化、铸造、有色、化工等高排放行业达到相应行业大气污染物排放限值且完成无组织排放治理"
       "要求的企业，采暖季实施差别化错峰生产。属于产业政策鼓励类的企业，限产20%，其中，位于市、县建成区"
       "及周边10公里范围内的企业，限产30%。属于产业政策允许类的企业，限产30%，其中，位于市、县建成区及"
       "周边10公里范围内的企业，限产40%。属于《产业结构调整指导目录》限制类的生产设施，限产40%，其中，"
       "位于市、县建成区及周边10公里范围内的，限产50%，不影响生产安全的情况下可采取停产错峰。")
# The 2.4 rule is tried after the industry clauses of 3.1: see the end of this module.

clause("2.5", "二、5", "实际负荷已低于要求",
       "2019年10月1日前实际生产负荷已低于上述错峰生产比例要求的，按照污染物排放量和进出厂区大宗物料公路"
       "运输量不增加的原则，核定错峰生产负荷。")
clause("2.6", "二、6", "县级提高比例与以热定产",
       "各县（区、市）可根据当地环境空气质量改善需求提高错峰生产比例。对承担供气、供热等民生任务的企业，"
       "根据供气、供热能力确定限产比例，县级制定以热定产方案。国家和省关于错峰生产有更严格要求的，按照"
       "国家和省有关规定执行。")
clause("2.7", "二、7", "安全生产负荷",
       "错峰生产限产比例影响到生产安全的，由企业确定安全生产负荷，提供相关报告佐证材料，由各县（区、市）"
       "政府统一上报市政府。")
clause("2.8", "二、8", "错峰生产企业清单和豁免清单",
       "各县（区、市）要按照管控要求建立错峰生产企业清单和错峰生产豁免清单。")
clause("2.9", "二、9", "执行检查与细化到生产线",
       "加强错峰生产执行情况检查，发现不满足豁免条件的企业，应及时从错峰生产豁免清单中剔除。2019年9月底前，"
       "各县（区、市）完成错峰生产方案的制定，列出错峰生产企业清单，将错峰生产要求细化到企业生产线、工序和"
       "设备，明确错峰生产的执行内容，确保可操作、可核查。纳入错峰生产范围的企业要提前做好生产计划调整。")
clause("2.10", "二、10", "停产天数折算与轮停",
       "执行错峰生产时，可以实施停产错峰的企业，限产比例按照停产天数折算，在制定错峰生产清单、“一厂一策”"
       "时进行报备，停产时间不得更改。行业集群企业可以采取轮停的方式进行错峰生产。重污染天气应急启动时，"
       "不在停产时间企业按照预警等级执行相应级别的应急减排措施和错峰运输措施。")
clause("2.11", "二、11", "拒不执行的处罚", "对于拒不配合执行错峰生产企业，依法依规进行处罚。")
clause("2.12", "二、12", "县级确定限产比例",
       "各县（区、市）可以结合差异化评估绩效结果，根据当地减排要求，在确保安全生产前提下，确定错峰生产清单中"
       "的相应限产比例。")
clause("2.13", "二、13", "错峰生产时间", "错峰生产时间：2019年11月1日—2020年3月31日。")

# ─── 三（一）深入推进工业企业错峰生产 ────────────────────────────────────────
clause("3.1.1", "三（一）1", "钢铁",
       "钢铁行业符合在线监控要求，烧结机排放达超低，无组织完成超低的的企业限产40%。")
RULES.append(Rule(
    id="3.1.1", clause="3.1.1", title="钢铁行业",
    quote="钢铁行业符合在线监控要求，烧结机排放达超低，无组织完成超低的的企业限产40%。",
    industries=("steel",),
    requires=(ONLINE_MONITORING,
              Yes("sintering_ultra_low", "烧结机排放达到超低排放"),
              Yes("unorganized_ultra_low", "无组织排放完成超低排放改造")),
    cases=(curtail(40),),
    interpretations=("R3",),
))

clause("3.1.2", "三（一）2", "铁合金",
       "铁合金行业符合在线监控要求，生产设施在市、县建成区及周边10公里范围内的有烧结工序的企业限产50%，"
       "无烧结工序的企业限产48%，生产设施不在市、县建成区及周边10公里范围内的有烧结工序的企业限产40%，"
       "无烧结工序的企业限产38%。")
_SINTERING = Yes("has_sintering", "有烧结工序")
_NO_SINTERING = No("has_sintering", "无烧结工序")
RULES.append(Rule(
    id="3.1.2", clause="3.1.2", title="铁合金行业",
    quote=CLAUSES[-1].text,
    industries=("ferroalloy",),
    requires=(ONLINE_MONITORING,),
    cases=(curtail(50, WITHIN, _SINTERING), curtail(48, WITHIN, _NO_SINTERING),
           curtail(40, OUTSIDE, _SINTERING), curtail(38, OUTSIDE, _NO_SINTERING)),
    interpretations=("R3",),
))

clause("3.1.3", "三（一）3", "焦化",
       "焦化企业大气污染物排放达到特别排放限值且完成无组织排放治理任务，生产设施在市、县建成区及周边10公里"
       "范围内的企业，产业政策鼓励类限产30%，允许类限产40%，限制类限产50%。\n"
       "焦化企业大气污染物排放达到特别排放限值且完成无组织排放治理任务，生产设施不在市、县建成区及周边10公里"
       "范围内的企业，产业政策鼓励类限产20%，允许类限产30%，限制类限产40%。\n"
       "实现达标排放但未达到特别排放限值的焦化企业实行停产。\n"
       "对承担供气、供热任务的焦化企业，在达到当地环保要求的前提下，按要求制定以热定产方案。在满足保障任务"
       "的同时，根据其承担的协同处置量和供暖面积等参数，核定最大允许生产负荷，科学制定减排措施。涉及居民供暖"
       "的焦化企业，应提前做好热源替代方案或优先实施“气代煤、电代煤”，确保温暖过冬。难以替代的，逐一核算最大"
       "允许生产负荷，实施“以热定产”。")
RULES.append(Rule(
    id="3.1.3-not-special", clause="3.1.3", title="焦化：未达到特别排放限值",
    quote="实现达标排放但未达到特别排放限值的焦化企业实行停产。",
    industries=("coke",),
    when=(No("meets_special_limits", "未达到特别排放限值"),),
    cases=(Case(when=(), outcome=SEASON_SHUTDOWN),),
    interpretations=("R3",),
))
RULES.append(Rule(
    id="3.1.3", clause="3.1.3", title="焦化行业",
    quote="焦化企业大气污染物排放达到特别排放限值且完成无组织排放治理任务，生产设施在市、县建成区及周边10公里"
          "范围内的企业，产业政策鼓励类限产30%，允许类限产40%，限制类限产50%。",
    industries=("coke",),
    requires=(SPECIAL_LIMITS, Yes("governance_done", "完成无组织排放治理任务")),
    cases=by_category_and_location(
        within={ENCOURAGED: 30, PERMITTED: 40, RESTRICTED: 50},
        outside={ENCOURAGED: 20, PERMITTED: 30, RESTRICTED: 40}),
    interpretations=("R2",),
))

clause("3.1.4", "三（一）4", "铸造（玛钢）",
       "铸造（玛钢）行业使用电炉、天然气炉企业且熔化炉污染物排放达到二氧化硫60毫克/立方米、氮氧化物80毫克/"
       "立方米、颗粒物20毫克/立方以下，生产设施在市、县建成区及周边10公里范围内的企业限产40%，生产设施不在"
       "市、县建成区及周边10公里范围内的企业限产30%。（以在线监测数据计）\n"
       "铸造（玛钢）行业使用冲天炉安装在线监测设备且熔化炉污染物排放达到二氧化硫60毫克/立方米、氮氧化物80"
       "毫克/立方米、颗粒物20毫克/立方以下的企业，10吨（含）以上的生产设施在市、县建成区及周边10公里范围内的"
       "企业限产40%，生产设施不在市、县建成区及周边10公里范围内的企业限产30%；5吨—10吨的生产设施在市、县"
       "建成区及周边10公里范围内的企业限产50%，生产设施不在市、县建成区及周边10公里范围内的企业限产40%；"
       "5吨（含5吨）以下的采暖季停产。（以在线监测数据计）")
_FOUNDRY_EMISSIONS = (
    Yes("online_monitoring", "安装在线监测设备（以在线监测数据计）"),
    so2_at_most(60), nox_at_most(80), pm_at_most(20),
)
_CUPOLA = OneOf("foundry_furnace", "使用冲天炉", ("cupola",))
RULES.append(Rule(
    id="3.1.4-electric", clause="3.1.4", title="铸造（玛钢）：电炉、天然气炉",
    quote="铸造（玛钢）行业使用电炉、天然气炉企业且熔化炉污染物排放达到二氧化硫60毫克/立方米、氮氧化物80毫克/"
          "立方米、颗粒物20毫克/立方以下，生产设施在市、县建成区及周边10公里范围内的企业限产40%，生产设施不在"
          "市、县建成区及周边10公里范围内的企业限产30%。（以在线监测数据计）",
    industries=("foundry",),
    when=(OneOf("foundry_furnace", "使用电炉、天然气炉", ("electric_or_gas",)),),
    requires=_FOUNDRY_EMISSIONS,
    cases=by_location(40, 30),
    interpretations=("R15",),
))
RULES.append(Rule(
    id="3.1.4-cupola-small", clause="3.1.4", title="铸造（玛钢）：5吨（含）以下冲天炉",
    quote="5吨（含5吨）以下的采暖季停产。",
    industries=("foundry",),
    when=(_CUPOLA, at_most("cupola_capacity_t", 5, "吨", "冲天炉5吨（含5吨）以下")),
    cases=(Case(when=(), outcome=SEASON_SHUTDOWN),),
    interpretations=("R3", "R16"),
))
RULES.append(Rule(
    id="3.1.4-cupola", clause="3.1.4", title="铸造（玛钢）：冲天炉",
    quote="铸造（玛钢）行业使用冲天炉安装在线监测设备且熔化炉污染物排放达到二氧化硫60毫克/立方米、氮氧化物80"
          "毫克/立方米、颗粒物20毫克/立方以下的企业，10吨（含）以上的生产设施在市、县建成区及周边10公里范围内的"
          "企业限产40%，生产设施不在市、县建成区及周边10公里范围内的企业限产30%；5吨—10吨的生产设施在市、县"
          "建成区及周边10公里范围内的企业限产50%，生产设施不在市、县建成区及周边10公里范围内的企业限产40%；",
    industries=("foundry",),
    when=(_CUPOLA,),
    requires=_FOUNDRY_EMISSIONS,
    cases=(
        by_location(40, 30, at_least("cupola_capacity_t", 10, "吨", "冲天炉10吨（含）以上"))
        + by_location(50, 40, Between("cupola_capacity_t", "冲天炉5吨—10吨", 5, 10, "吨"))
    ),
    interpretations=("R16",),
))

clause("3.1.5", "三（一）5", "砖瓦窑",
       "砖瓦窑行业治理设施使用湿电除尘和脱硫，安装高精在线监控设施且验收后稳定达标2个月以上，颗粒物和二氧化硫"
       "分别稳定达10和35毫克/立方米。产业政策鼓励类生产设施不在市、县建成区及周边10公里范围内的企业限产20%、"
       "生产设施在市、县建成区及周边10公里范围内的企业限产30%；允许类生产设施不在市、县建成区及周边10公里范围内"
       "的企业限产30%，生产设施在市、县建成区及周边10公里范围内的企业限产40%（以在线监测数据计）。")
RULES.append(Rule(
    id="3.1.5", clause="3.1.5", title="砖瓦窑行业",
    quote=CLAUSES[-1].text,
    industries=("brick_kiln",),
    requires=(
        Yes("wet_esp_and_desulfurization", "治理设施使用湿电除尘和脱硫"),
        Yes("high_precision_monitoring", "安装高精在线监控设施"),
        at_least("months_stable", 2, "个月", "验收后稳定达标2个月以上"),
        pm_at_most(10), so2_at_most(35),
    ),
    cases=by_category_and_location(
        within={ENCOURAGED: 30, PERMITTED: 40},
        outside={ENCOURAGED: 20, PERMITTED: 30}),
    otherwise=Continue("不满足本条治理条件，或属限制类（本条未列明），按三（一）14 建筑材料制造的规定评估。",
                       interpretations=("R3", "R17")),
))

clause("3.1.6", "三（一）6", "有色",
       "有色行业符合在线监控要求且污染物达特别限值，生产设施不在市、县建成区及周边10公里范围内的企业限产30%，"
       "生产设施在市、县建成区及周边10公里范围内的企业限产40%。")
RULES.append(Rule(
    id="3.1.6", clause="3.1.6", title="有色行业", quote=CLAUSES[-1].text,
    industries=("nonferrous",),
    requires=(ONLINE_MONITORING, SPECIAL_LIMITS),
    cases=by_location(40, 30),
    interpretations=("R3",),
))

clause("3.1.7", "三（一）7", "水泥",
       "水泥行业符合在线监控要求且污染物达特别限值，生产设施不在市、县建成区及周边10公里范围内的企业限产30%，"
       "生产设施在市、县建成区及周边10公里范围内的企业限产40%。粉磨站污染物达特别限值，生产设施不在市、县"
       "建成区及周边10公里范围内的企业限产30%，生产设施在市、县建成区及周边10公里范围内的企业限产40%。水泥制品"
       "及类似制品制造使用清洁能源且污染物达特别限值，生产设施不在市、县建成区及周边10公里范围内的企业限产30%，"
       "生产设施在市、县建成区及周边10公里范围内的企业限产40%。")
RULES.append(Rule(
    id="3.1.7-clinker", clause="3.1.7", title="水泥：水泥（熟料）生产",
    quote="水泥行业符合在线监控要求且污染物达特别限值，生产设施不在市、县建成区及周边10公里范围内的企业限产30%，"
          "生产设施在市、县建成区及周边10公里范围内的企业限产40%。",
    industries=("cement",),
    when=(OneOf("cement_type", "水泥（熟料）生产", ("clinker",)),),
    requires=(ONLINE_MONITORING, SPECIAL_LIMITS),
    cases=by_location(40, 30),
    interpretations=("R3",),
))
RULES.append(Rule(
    id="3.1.7-grinding", clause="3.1.7", title="水泥：粉磨站",
    quote="粉磨站污染物达特别限值，生产设施不在市、县建成区及周边10公里范围内的企业限产30%，生产设施在市、县"
          "建成区及周边10公里范围内的企业限产40%。",
    industries=("cement",),
    when=(OneOf("cement_type", "粉磨站", ("grinding",)),),
    requires=(SPECIAL_LIMITS,),
    cases=by_location(40, 30),
    interpretations=("R3", "R18"),
))
RULES.append(Rule(
    id="3.1.7-products", clause="3.1.7", title="水泥：水泥制品及类似制品制造",
    quote="水泥制品及类似制品制造使用清洁能源且污染物达特别限值，生产设施不在市、县建成区及周边10公里范围内的"
          "企业限产30%，生产设施在市、县建成区及周边10公里范围内的企业限产40%。",
    industries=("cement",),
    when=(OneOf("cement_type", "水泥制品及类似制品制造", ("products",)),),
    requires=(Yes("clean_energy", "使用清洁能源"), SPECIAL_LIMITS),
    cases=by_location(40, 30),
    interpretations=("R3",),
))

clause("3.1.8", "三（一）8", "化工",
       "化工行业符合在线监控要求且污染物达特别限值，属于生产设施不在市、县建成区及周边10公里范围内的企业限产30%，"
       "生产设施在市、县建成区及周边10公里范围内的企业限产40%。涉及安全生产负荷的，企业提供相关佐证材料和报告，"
       "由各县（区、市）政府上报市政府，批准后方可执行。")
RULES.append(Rule(
    id="3.1.8", clause="3.1.8", title="化工行业",
    quote="化工行业符合在线监控要求且污染物达特别限值，属于生产设施不在市、县建成区及周边10公里范围内的企业限产30%，"
          "生产设施在市、县建成区及周边10公里范围内的企业限产40%。",
    industries=("chemical",),
    requires=(ONLINE_MONITORING, SPECIAL_LIMITS),
    cases=by_location(40, 30),
    interpretations=("R3",),
))

clause("3.1.9", "三（一）9", "涂料、油墨等",
       "涂料、油墨等行业涉VOCs排放工序在秋冬期间涉VOCs排放工序实施限产，生产设施在市、县建成区及周边10公里"
       "范围内的企业限产40%，生产设施不在市、县建成区及周边10公里范围内的企业限产30%。")
RULES.append(Rule(
    id="3.1.9", clause="3.1.9", title="涂料、油墨等行业：涉VOCs排放工序", quote=CLAUSES[-1].text,
    industries=("coatings_inks",),
    when=(Yes("vocs_process", "该设施属于涉VOCs排放工序"),),
    cases=by_location(40, 30),
    interpretations=("R19",),
))

clause("3.1.10", "三（一）10", "橡胶制品",
       "橡胶制品行业污染物达标排放（特别是VOCs无组织达特限），秋冬季采取轮流错峰生产，轮停时间必须明确，"
       "轮停批次不能超过3次，报备后不得更改。不在错峰时间企业按照预警等级执行相应级别的应急减排措施和错峰运输措施。")
ROTATION_MAX_BATCHES = 3  # “轮停批次不能超过3次”
RULES.append(Rule(
    id="3.1.10", clause="3.1.10", title="橡胶制品行业：轮流错峰",
    quote="橡胶制品行业污染物达标排放（特别是VOCs无组织达特限），秋冬季采取轮流错峰生产，轮停时间必须明确，"
          "轮停批次不能超过3次，报备后不得更改。",
    industries=("rubber",),
    requires=(Yes("vocs_unorganized_special", "VOCs无组织排放达到特别排放限值"),),
    cases=(Case(when=(), outcome=ROTATION),),
    interpretations=("R3", "R11"),
))

clause("3.1.11", "三（一）11", "炭素",
       "炭素行业符合在线监控要求且污染物达特别限值，有吸料天车的，生产设施在市、县建成区及周边10公里范围内的"
       "企业限产40%，生产设施不在市、县建成区及周边10公里范围内的企业限产30%；符合在线监控要求且污染物达特别"
       "限值，无吸料天车的生产设施在市、县建成区及周边10公里范围内的企业限产50%，生产设施不在市、县建成区及"
       "周边10公里范围内的企业限产40%，属于限制类的限产增加10%。")
_CRANE = Yes("suction_crane", "有吸料天车")
_NO_CRANE = No("suction_crane", "无吸料天车")
_RESTRICTED_PLUS = 10  # “属于限制类的限产增加10%”: percentage points (READING.md decision 4)
RULES.append(Rule(
    id="3.1.11", clause="3.1.11", title="炭素行业", quote=CLAUSES[-1].text,
    industries=("carbon",),
    requires=(ONLINE_MONITORING, SPECIAL_LIMITS),
    cases=tuple(
        case
        for crane, within, outside in ((_CRANE, 40, 30), (_NO_CRANE, 50, 40))
        for location, ratio in ((WITHIN, within), (OUTSIDE, outside))
        for case in (
            curtail(ratio, crane, location, NOT_RESTRICTED),
            curtail(ratio, crane, location, RESTRICTED, raise_by=_RESTRICTED_PLUS,
                    interpretations=("R4", "R20")),
        )
    ),
    interpretations=("R3",),
))

clause("3.1.12", "三（一）12", "耐火材料",
       "耐火材料行业符合在线监控要求且污染物达氮氧化物300毫克/立方米、二氧化硫200毫克/立方米、颗粒物30毫克/"
       "立方米且使用清洁能源的，生产设施不在市、县建成区及周边10公里范围内的企业限产30%，生产设施在市、县建成区"
       "及周边10公里范围内的企业限产40%。")
RULES.append(Rule(
    id="3.1.12", clause="3.1.12", title="耐火材料行业", quote=CLAUSES[-1].text,
    industries=("refractory",),
    requires=(ONLINE_MONITORING, nox_at_most(300), so2_at_most(200), pm_at_most(30),
              Yes("clean_energy", "使用清洁能源")),
    cases=by_location(40, 30),
    interpretations=("R3", "R21"),
))

clause("3.1.13", "三（一）13", "玻璃器皿",
       "玻璃器皿行业使用电炉、天然气炉二氧化硫200毫克/立方、氮氧化物400毫克/立方、颗粒物30毫克/立方以下的，"
       "生产设施不在市、县建成区及周边10公里范围内的企业限产30%，生产设施在市、县建成区及周边10公里范围内的企业"
       "限产40%；使用煤气发生炉安装在线监测设备且二氧化硫200毫克/立方、氮氧化物400毫克/立方、颗粒物30毫克/立方"
       "以下的，生产设施不在市、县建成区及周边10公里范围内的企业限产40%，生产设施在市、县建成区及周边10公里范围内"
       "的企业限产50%。")
_GLASS_EMISSIONS = (so2_at_most(200), nox_at_most(400), pm_at_most(30))
RULES.append(Rule(
    id="3.1.13-electric", clause="3.1.13", title="玻璃器皿：电炉、天然气炉",
    quote="玻璃器皿行业使用电炉、天然气炉二氧化硫200毫克/立方、氮氧化物400毫克/立方、颗粒物30毫克/立方以下的，"
          "生产设施不在市、县建成区及周边10公里范围内的企业限产30%，生产设施在市、县建成区及周边10公里范围内的企业"
          "限产40%；",
    industries=("glassware",),
    when=(OneOf("glass_furnace", "使用电炉、天然气炉", ("electric_or_gas",)),),
    requires=_GLASS_EMISSIONS,
    cases=by_location(40, 30),
    interpretations=("R3",),
))
RULES.append(Rule(
    id="3.1.13-gas-producer", clause="3.1.13", title="玻璃器皿：煤气发生炉",
    quote="使用煤气发生炉安装在线监测设备且二氧化硫200毫克/立方、氮氧化物400毫克/立方、颗粒物30毫克/立方"
          "以下的，生产设施不在市、县建成区及周边10公里范围内的企业限产40%，生产设施在市、县建成区及周边10公里范围内"
          "的企业限产50%。",
    industries=("glassware",),
    when=(OneOf("glass_furnace", "使用煤气发生炉", ("gas_producer",)),),
    requires=(Yes("online_monitoring", "安装在线监测设备"),) + _GLASS_EMISSIONS,
    cases=by_location(50, 40),
    interpretations=("R3",),
))

clause("3.1.14", "三（一）14", "砖瓦、石材、铝矾土、岩棉等建筑材料制造",
       "砖瓦、石材、铝矾土、岩棉等建筑材料制造达到环保治理要求的，生产设施在市、县建成区及周边10公里范围内的"
       "企业，产业政策鼓励类限产30%，允许类限产40%，限制类限产50%；生产设施不在市、县建成区及周边10公里范围内"
       "的企业，产业政策鼓励类限产20%，允许类限产30%，限制类限产40%。")
RULES.append(Rule(
    id="3.1.14", clause="3.1.14", title="建筑材料制造", quote=CLAUSES[-1].text,
    industries=("brick_kiln", "building_materials"),
    requires=(Yes("governance_done", "达到环保治理要求"),),
    cases=by_category_and_location(
        within={ENCOURAGED: 30, PERMITTED: 40, RESTRICTED: 50},
        outside={ENCOURAGED: 20, PERMITTED: 30, RESTRICTED: 40}),
    interpretations=("R22",),
))

# ─── 二、4 (tried after 3.1: the industry clause wins, READING.md decision 2) ──
_SHUTDOWN_INSTEAD = Option(
    kind="season_shutdown", clause="2.4",
    text="限制类生产设施在不影响生产安全的情况下可采取停产错峰（整个采暖季停产），由企业选择并报备。")
RULES.append(Rule(
    id="2.4", clause="2.4", title="其他高排放行业：按产业政策类别",
    quote=next(c.text for c in CLAUSES if c.id == "2.4"),
    industries=("other_high_emission",),
    requires=(Yes("stable_compliance", "达到相应行业大气污染物排放限值"),
              Yes("governance_done", "完成无组织排放治理要求")),
    cases=by_category_and_location(
        within={ENCOURAGED: 30, PERMITTED: 40, RESTRICTED: 50},
        outside={ENCOURAGED: 20, PERMITTED: 30, RESTRICTED: 40},
        options={RESTRICTED: (_SHUTDOWN_INSTEAD,)}),
    interpretations=("R2", "R5"),
))

# ─── 三（二）错峰运输 ────────────────────────────────────────────────────────
clause("3.2", "三（二）", "错峰运输",
       "对钢铁、电力、建材、焦化、有色、化工、矿山等涉及大宗物料运输的重点用车企业，实施重污染天气应急响应。"
       "原则上在重污染天气预警期间停止柴油货车进出厂区和国四及以下燃气重型载货车辆进出厂区（其中错峰运输清单中"
       "备案的保民生和保安全车辆除外，特种车辆和危化品车辆等除外），橙色及以上预警期间停止使用国二及以下非道路"
       "移动机械（清洁能源和紧急检修作业机械除外）；重点用车企业要安装管控运输车辆的门禁和视频监控系统，监控数据"
       "至少保存1年以上。")
# The transport rules are in transport.py.

# ─── 四、保障措施 ────────────────────────────────────────────────────────────
clause("4.1", "四（一）", "加强部门协同配合分解落实任务",
       "各县（区、市）人民政府为错峰生产的责任主体，要根据本辖区实际，制定本地区错峰生产实施方案，并严格落实。"
       "企业是污染治理的责任主体，也是错峰生产的实施主体，各相关企业要切实履行责任，严格落实错峰生产任务，详细"
       "制定企业错峰生产实施方案，方案要细化到生产线、生产工艺流程、确保可操作，可核查。")
clause("4.2", "四（二）", "加强舆情引导和宣传教育",
       "制定专项宣传方案，统筹安排舆论宣传引导工作，切实做好采暖季错峰生产宣传报道和舆情监督工作。各县（区、市）"
       "要建立宣传引导协调机制，及时发布权威信息，统筹做好重污染天气期间信息发布、宣传报道、舆情引导等工作，避免"
       "错峰生产引发其他不安定因素。")
clause("4.3", "四（三）", "加强督促指导，成立工作组，确保错峰生产落到实处",
       "成立市工信局错峰生产工作组，扎实推进错峰生产工作落实。\n"
       "组长：崔雪波\n副组长：陈玉斌\n组员：彭鹏 姚聚斌 陈延 刘红梅\n"
       "产业科负责统一协调调度，运行监测与交通科、行政审批科、节能与综合利用科配合推进。工作组采取不定期检查的方式，"
       "下沉各县（区、市）督促指导错峰生产。")

# Where the PDF's text differs from the document in ways that are not whitespace
# (a traditional character from the extraction). Applied to the file by the tests.
EXTRACTION_FIXES = {"系統": "系统"}
