"""Validation messages: Chinese, naming the facility, the field and the problem."""
from __future__ import annotations

import pytest

import policy
from tests.casebook import BASE_ENTERPRISE, BASE_FACILITY


def errors_of(data) -> dict[str, str]:
    with pytest.raises(policy.ValidationError) as raised:
        policy.assess(data)
    return {e["path"]: e["message"] for e in raised.value.errors}


def coke(**answers):
    facility = {**BASE_FACILITY, "industry": "coke", "category": "permitted", "within_10km": True,
                "meets_special_limits": True, **answers}
    return {"enterprise": dict(BASE_ENTERPRISE), "facilities": [facility]}


def test_messages_name_facility_field_and_value():
    messages = errors_of(coke(name="3#焦炉", distance_km=600, within_10km="是", colour="red"))
    assert messages["facilities[0].distance_km"] == \
        "设施1「3#焦炉」「距市、县建成区边界的距离」须在 0 到 500 公里之间，填写的是 600"
    assert messages["facilities[0].within_10km"].startswith("设施1「3#焦炉」「生产设施位于市、县建成区及周边10公里范围内」须为是或否")
    assert messages["facilities[0].colour"] == "设施1「3#焦炉」有未知字段「colour」"


def test_choice_errors_list_the_allowed_values():
    message = errors_of(coke(category="淘汰类"))["facilities[0].category"]
    assert "encouraged（鼓励类）" in message and "restricted（限制类）" in message and "'淘汰类'" in message


def test_nan_and_booleans_are_not_numbers():
    messages = errors_of(coke(actual_load_percent=float("nan"), safety_load_percent=True))
    assert "须为数字" in messages["facilities[0].actual_load_percent"]
    assert "须为数字" in messages["facilities[0].safety_load_percent"]


def test_contradicting_location_answers():
    message = errors_of(coke(distance_km=10.5))["facilities[0].within_10km"]
    assert "10.5 公里" in message and "矛盾" in message


def test_answers_that_do_not_apply_are_reported_not_silently_dropped():
    result = policy.assess(coke(has_sintering=True, cupola_capacity_t=3))
    warnings = result["facilities"][0]["warnings"]
    assert any("有烧结工序" in w and "冲天炉规模" in w and "未予采用" in w for w in warnings)


def test_county_alias_is_accepted_with_a_note():
    data = coke()
    data["enterprise"]["county"] = "太谷区"
    result = policy.assess(data)
    assert result["enterprise"]["county"] == "太谷县"
    assert any("太谷区" in note for note in result["notes"])


def test_credit_code_checked():
    data = coke()
    data["enterprise"]["credit_code"] = "123"
    assert "18位" in errors_of(data)["enterprise.credit_code"]


def test_too_many_rotation_batches_cites_the_clause():
    facility = {**BASE_FACILITY, "industry": "rubber", "vocs_unorganized_special": True,
                "rotation_batches": [{"start": f"2019-11-0{d}", "end": f"2019-11-0{d}"} for d in range(1, 5)]}
    message = errors_of({"enterprise": BASE_ENTERPRISE, "facilities": [facility]})["facilities[0].rotation_batches"]
    assert "4 个批次" in message and "不能超过 3 次" in message and "三（一）10" in message


def test_a_county_figure_below_the_city_is_rejected():
    plan = policy.load_plan()
    with pytest.raises(policy.ValidationError) as raised:
        policy.parse_county_figures(plan, {
            "plan": plan.id, "county": "祁县", "document": "示例", "note": "示例", "example": True,
            "changes": [{"case": "3.1.3/within_10km/permitted", "ratio": 35, "reason": "示例"}]})
    message = raised.value.errors[0]["message"]
    assert "35%" in message and "低于市级方案的 40%" in message and "不得降低" in message


def test_a_county_figure_for_an_unknown_case_is_rejected():
    plan = policy.load_plan()
    with pytest.raises(policy.ValidationError) as raised:
        policy.parse_county_figures(plan, {
            "plan": plan.id, "county": "祁县", "document": "示例", "note": "示例",
            "changes": [{"case": "3.1.3/nowhere", "ratio": 50, "reason": "示例"}]})
    assert "不存在" in raised.value.errors[0]["message"]
