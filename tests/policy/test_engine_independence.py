"""The engine knows no plan: a different (made-up) plan is a new module, not an engine change."""
from __future__ import annotations

import datetime as dt

from policy.engine.conditions import Yes, at_most
from policy.engine.model import (
    CURTAIL, NOT_COVERED, RECTIFY, Adjustments, Case, Choice, Clause, Industry, Interpretation,
    LocationRule, Plan, Question, Rule, Stop, Transport,
)
from policy.engine.run import assess

TOY = Plan(
    id="toy-2030", version="1", title="某市2030年错峰方案（测试用）", short_title="测试方案",
    document_number="测试〔2030〕1号", issuer="测试局", issued=dt.date(2030, 9, 1),
    season_start=dt.date(2030, 11, 15), season_end=dt.date(2031, 3, 15),
    counties=("甲县",), county_notes={}, county_aliases={},
    clauses=(Clause("1", "一", "达标", "不达标的停产。"), Clause("2", "二", "陶瓷", "陶瓷窑炉颗粒物15以下的限产25%。")),
    industries=(Industry("ceramics", "陶瓷", ("2",)), Industry("other", "其他", (), NOT_COVERED)),
    questions=(  # id, name and industry: the fields every plan's facilities have
        Question("id", "编号", "", "text", required=False, always=True),
        Question("name", "名称", "", "text", always=True),
        Question("industry", "行业", "", "choice", choices=(Choice("ceramics", "陶瓷"), Choice("other", "其他")),
                 always=True),
        Question("compliant", "达标", "", "boolean"),
        Question("pm", "颗粒物", "", "number", unit="mg", minimum=0, maximum=1000),
        Question("near", "近", "", "boolean"),
        Question("distance", "距离", "", "number", minimum=0, maximum=100, required=False),
    ),
    rules=(
        Rule("1", "1", "达标", "不达标的停产。", requires=(Yes("compliant", "达标"),),
             otherwise=Stop(RECTIFY, "停产")),
        Rule("2", "2", "陶瓷", "陶瓷窑炉颗粒物15以下的限产25%。", industries=("ceramics",),
             requires=(at_most("pm", 15, "mg", "颗粒物15以下"),),
             cases=(Case(when=(), outcome=CURTAIL, ratio=25),)),
    ),
    location=LocationRule("near", "distance", 5, "2"),
    adjustments=Adjustments(
        season_clause="1", shutdown_conversion_clause="1", lower_load_field="x", lower_load_clause="1",
        safety_load_field="y", safety_load_clauses={"*": "1"}, heat_supply_field="z",
        heat_supply_clauses={"*": "1"}, heat_supply_replaces=(), county_raise_clauses=("1",),
        rotation_field="r", rotation_clause="1", rotation_max_batches=2, shutdown_periods_field="s"),
    transport=Transport("1", (), (), (), (), (), (), "", 1),
    register=(Interpretation("R1", ("1",), "?", "!", "¿", "test"),),
    parts={}, extraction_fixes={},
)


def test_a_made_up_plan_runs_on_the_same_engine():
    result = assess(TOY, {"enterprise": {"name": "乙", "county": "甲县"},
                          "facilities": [{"name": "窑", "industry": "ceramics", "compliant": True, "pm": 15}]})
    facility = result["facilities"][0]
    assert (facility["outcome"], facility["ratio"], facility["allowed_load"]) == ("curtail", 25, 75)
    assert TOY.season_days == 121 and facility["shutdown_days"] == 31  # ceil(0.25 × 121)
    assert result["plan"]["id"] == "toy-2030"


def test_the_made_up_plan_has_its_own_outcomes():
    result = assess(TOY, {"enterprise": {"name": "乙", "county": "甲县"},
                          "facilities": [{"name": "窑", "industry": "ceramics", "compliant": False, "pm": 1},
                                         {"id": "b", "name": "厂", "industry": "other", "compliant": True}]})
    assert [f["outcome"] for f in result["facilities"]] == ["rectify", "not_covered"]
