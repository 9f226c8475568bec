"""What the text attaches to the enterprise is asked once (二、1, 二、2), and which industries
have an ultra-low emission standard is plan data (二、2（2）, R13): metadata, schema, api."""
from __future__ import annotations

import json

import policy
from policy import api
from policy.plans.jinzhong_2019_2020.plan import ULTRA_LOW_STANDARDS
from tests.casebook import load_cases

PLAN = policy.load_plan()
SPEC = policy.form_spec()
ENTERPRISE = ["stable_compliance", "permit_compliant", "governance_done", "green_factory", "exemption_emission",
              "clean_transport"]
STEEL = next(c for c in load_cases() if c.name == "二、2（2）超低排放且清洁运输的钢铁企业：全部生产设施不予限产")


def test_the_enterprise_questions_are_those_of_2_1_and_2_2():
    """二、1 “……的企业……予以停产治理”, 二、2 “……的企业不予限产”; the rest is the facility's."""
    assert [q["field"] for q in SPEC["questions"] if q["scope"] == "enterprise"] == ENTERPRISE
    for field in ("within_10km", "category", "industry", "supplies_heat_or_gas"):  # 二、4 “生产设施”, 三（一）
        assert next(q for q in SPEC["questions"] if q["field"] == field)["scope"] == "facility"


def test_schema_asks_them_in_the_enterprise_object():
    schema = policy.input_schema()
    enterprise = schema["properties"]["enterprise"]
    facility = schema["properties"]["facilities"]["items"]
    assert set(ENTERPRISE) <= set(enterprise["properties"])
    assert not set(ENTERPRISE) & set(facility["properties"])
    assert {"stable_compliance", "permit_compliant", "governance_done", "green_factory"} <= set(enterprise["required"])
    assert facility["additionalProperties"] is False  # an old input's facility-level answer is refused


def test_which_industries_have_an_ultra_low_standard_is_plan_data_with_its_source():
    assert list(ULTRA_LOW_STANDARDS) == ["steel"] and "环大气〔2019〕35号" in ULTRA_LOW_STANDARDS["steel"]
    question = next(q for q in SPEC["questions"] if q["field"] == "exemption_emission")
    closed = {c["value"]: c.get("closed_to") for c in question["choices"]}
    assert closed == {"ultra_low": None, "below_special_20": ["steel"], "none": None}
    reason = next(c for c in question["choices"] if c["value"] == "below_special_20")["closed_reason"]
    assert "环大气〔2019〕35号" in reason and "二、2（2）" in reason
    r13 = PLAN.interpretation("R13")
    assert "钢铁" in r13.reading and "35号" in r13.reading and "尚未核实" in r13.reading and r13.county_review
    assert PLAN.interpretation("R28").alternative and PLAN.interpretation("R29").alternative


def test_the_steel_path_the_text_closes_is_an_error_not_an_exemption():
    """Issue 13: steel declaring “本行业无超低排放标准” with clean transport was exempt; by the text
    it is 三（一）1 or an error, never 不予限产."""
    data = json.loads(json.dumps(STEEL.input))
    data["enterprise"]["exemption_emission"] = "below_special_20"
    answer = json.loads(api.evaluate(json.dumps(data, ensure_ascii=False)))
    assert not answer["ok"]
    assert [e["path"] for e in answer["errors"]] == ["enterprise.exemption_emission"]
    assert "钢铁" in answer["errors"][0]["message"] and "超低排放" in answer["errors"][0]["message"]


def test_applicable_lists_the_enterprise_questions_a_facility_needs():
    data = json.loads(json.dumps(STEEL.input))
    answer = json.loads(api.evaluate(json.dumps(data, ensure_ascii=False)))
    assert answer["ok"] and all("clean_transport" in fields for fields in answer["applicable"])
    data["enterprise"]["exemption_emission"] = "none"
    answer = json.loads(api.evaluate(json.dumps(data, ensure_ascii=False)))
    assert not any("clean_transport" in fields for fields in answer["applicable"])
    assert any("企业的回答「物料运输采用铁路运输或其他清洁运输方式」不适用" in n for n in answer["result"]["notes"])


def test_the_report_states_the_enterprise_answers_once():
    report = json.loads(api.evaluate(json.dumps(STEEL.input, ensure_ascii=False)))["report"]
    (line,) = [line for line in report.splitlines() if line.startswith("企业的情况（对全部生产设施）：")]
    assert "列入工信部绿色工厂示范：否" in line and "物料运输采用铁路运输或其他清洁运输方式：是" in line
