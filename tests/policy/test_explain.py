""""Why" in three lines and what-if, per facility: cases from the plan's text.

The expected ratios are the plan's (三（一）3, 4, 5, 11, 14); the wording of a change is the
plan's condition as the plan module writes it."""
from __future__ import annotations

import json

import policy
from policy import api
from policy.engine.model import ENTERPRISE
from tests.casebook import BASE_ENTERPRISE, BASE_FACILITY


ENTERPRISE_FIELDS = {q.field for q in policy.load_plan().questions if q.scope == ENTERPRISE}


def evaluate(**answers) -> dict:
    """One facility; answers of the enterprise (二、1, 二、2) go to the enterprise."""
    own = {k: v for k, v in answers.items() if k not in ENTERPRISE_FIELDS}
    shared = {k: v for k, v in answers.items() if k in ENTERPRISE_FIELDS}
    data = {"enterprise": {**BASE_ENTERPRISE, **shared}, "facilities": [{**BASE_FACILITY, **own}]}
    out = json.loads(api.evaluate(json.dumps(data, ensure_ascii=False)))
    assert out["ok"], out["errors"]
    return out


def facility(**answers) -> dict:
    return evaluate(**answers)["result"]["facilities"][0]


def changes(result: dict) -> list[str]:
    return [item["text"] for item in result["what_if"]]


CARBON = dict(industry="carbon", online_monitoring=True, meets_special_limits=True, within_10km=True,
              category="permitted")
CUPOLA = dict(industry="foundry", foundry_furnace="cupola", online_monitoring=True, so2_mg=60, nox_mg=80,
              pm_mg=20, within_10km=True)


def test_carbon_without_suction_crane_learns_what_a_crane_would_do():
    # 三（一）11: 无吸料天车…范围内…限产50%; 有吸料天车的…范围内…限产40%
    result = facility(**CARBON, suction_crane=False)
    assert (result["outcome"], result["ratio"]) == ("curtail", 50)
    assert "若有吸料天车：限产 40%（三（一）11）。" in changes(result)


def test_brick_kiln_meeting_3_1_5_particulates():
    # 三（一）5 needs 颗粒物 10 毫克/立方米; missing it, 三（一）14 gives the same 30% (鼓励类, within 10 km)
    result = facility(industry="brick_kiln", wet_esp_and_desulfurization=True, high_precision_monitoring=True,
                      months_stable=3, pm_mg=15, so2_mg=30, within_10km=True, category="encouraged")
    assert (result["ratio"], result["why"]["clause"]) == (30, "3.1.14")
    assert "若颗粒物 10 毫克/立方米以下：限产 30%（三（一）5）。" in changes(result)


def test_coke_restricted_category_and_its_lighter_categories():
    # 三（一）3 within 10 km: 鼓励类 30%, 允许类 40%, 限制类 50%
    result = facility(industry="coke", meets_special_limits=True, within_10km=True, category="restricted")
    assert result["ratio"] == 50
    assert "若属于产业政策鼓励类：限产 30%（三（一）3）。" in changes(result)
    assert "若属于产业政策允许类：限产 40%（三（一）3）。" in changes(result)
    # no change that makes it heavier (停产治理 by failing 二、1, shutdown by missing special limits)
    assert not [t for t in changes(result) if "停产" in t]


def test_cupola_over_the_particulate_limit_is_referred_and_learns_the_limit():
    # 三（一）4: 5吨—10吨 within 10 km → 50% once 颗粒物 20 毫克/立方米以下; otherwise the plan sets no ratio
    result = facility(**{**CUPOLA, "cupola_capacity_t": 8, "pm_mg": 25})
    assert result["outcome"] == "refer"
    assert "若颗粒物 20 毫克/立方米以下：限产 50%（三（一）4）。" in changes(result)
    assert not [t for t in changes(result) if "停产" in t]  # shutdown is no improvement on 县级核定
    why = result["why"]["lines"]
    assert why[0].startswith("依据三（一）4：")
    assert why[1] == "未满足：颗粒物 20 毫克/立方米以下。"
    assert why[2].startswith("须县级核定：") and "二、6、二、12" in why[2]


def test_small_cupola_why_names_the_tonnage_reading_next_to_the_flag():
    # 三（一）4: 5吨（含5吨）以下的采暖季停产; the tonnage reading (R16) is flagged for county review
    result = facility(**{**CUPOLA, "cupola_capacity_t": 4})
    assert result["outcome"] == "season_shutdown" and result["county_review"]
    first, conditions, review = result["why"]["lines"]
    assert first == "依据三（一）4：“5吨（含5吨）以下的采暖季停产。”"
    assert conditions == "情形：使用冲天炉；冲天炉5吨（含5吨）以下。"
    assert review.startswith("须县级复核：") and "R16" in review and "额定熔化能力" in review
    # its emission answers were not needed, but they tell what a bigger cupola would get
    assert "若冲天炉5吨—10吨：限产 50%（三（一）4）。" in changes(result)
    assert "若冲天炉10吨（含）以上：限产 40%（三（一）4）。" in changes(result)
    # without them: the answers a bigger cupola would need
    bare = facility(industry="foundry", foundry_furnace="cupola", cupola_capacity_t=4)
    assert any(t.startswith("若冲天炉5吨—10吨：结论还取决于「符合在线监控要求") for t in changes(bare))


def test_branch_not_taken_is_neutral_in_the_trace():
    result = facility(**{**CUPOLA, "cupola_capacity_t": 4})
    [electric] = [s for s in result["trace"] if s["rule"] == "3.1.4-electric" and s["kind"] == "condition"]
    assert electric["status"] == "not_taken" and "未适用" in electric["text"] and "不满足" not in electric["text"]
    assert not [s for s in result["trace"] if s["status"] == "unmet"]


def test_exempt_facility_has_nothing_lighter():
    result = facility(industry="coke", exemption_emission="ultra_low", clean_transport=True)
    assert result["outcome"] == "exempt" and result["what_if"] == []
    assert result["why"]["lines"][0].startswith("依据二、2（2）：")
    assert len(result["why"]["lines"]) == 2 and not result["county_review"]


def test_heat_supply_why_quotes_the_heat_sentence():
    # 三（一）3: 对承担供气、供热任务的焦化企业…按要求制定以热定产方案
    result = facility(industry="coke", meets_special_limits=True, within_10km=True, category="permitted",
                      supplies_heat_or_gas=True)
    assert result["outcome"] == "heat_based"
    assert result["why"]["lines"][0] == \
        "依据三（一）3：“对承担供气、供热任务的焦化企业，在达到当地环保要求的前提下，按要求制定以热定产方案。”"
    assert result["why"]["lines"][-1].startswith("须县级核定：")


def test_report_says_the_same_as_the_result():
    out = evaluate(**CARBON, suction_crane=False)
    result = out["result"]["facilities"][0]
    for line in result["why"]["lines"] + changes(result):
        assert line in out["report"]
