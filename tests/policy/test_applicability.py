"""Which questions are asked, and in what order: decided by the package from the rules."""
from __future__ import annotations

import policy
from policy.engine.applicability import applicable_fields
from tests.casebook import BASE_ENTERPRISE, BASE_FACILITY

PLAN = policy.load_plan()
WHO = ["id", "name", "industry"]
GATE_2_1 = ["stable_compliance", "permit_compliant", "governance_done"]
PASSES_2_1 = {"stable_compliance": True, "permit_compliant": True, "governance_done": True}
BASE = {**{k: v for k, v in BASE_ENTERPRISE.items() if k not in ("name", "county")}, **BASE_FACILITY}


def test_exempt_coke_oven_is_asked_nothing_that_cannot_change_its_result():
    # 二、2（2）: ultra-low emissions and clean transport → 不予限产, whatever 三（一）3 would say;
    # 以热定产 (二、6) does not replace 不予限产 (register R14).
    answers = {"industry": "coke", **PASSES_2_1, "green_factory": False,
               "exemption_emission": "ultra_low", "clean_transport": True}
    assert applicable_fields(PLAN, answers) == WHO + GATE_2_1 + [
        "green_factory", "exemption_emission", "clean_transport"]
    shared = {k: v for k, v in answers.items() if k != "industry"}  # 二、1, 二、2: the enterprise's
    result = policy.assess({"enterprise": {"name": "甲焦化", "county": "介休市", **shared},
                            "facilities": [{"name": "1#焦炉", "industry": "coke"}]})
    assert result["facilities"][0]["outcome"] == "exempt"


def test_coke_short_of_special_limits_is_shut_down_and_asked_only_about_heat_supply():
    # 三（一）3: 实现达标排放但未达到特别排放限值的焦化企业实行停产 (location and category do not matter);
    # heat supply may still turn it into 以热定产 (R14).
    answers = {"industry": "coke", **PASSES_2_1, "green_factory": False, "exemption_emission": "none",
               "meets_special_limits": False}
    assert applicable_fields(PLAN, answers)[-2:] == ["meets_special_limits", "supplies_heat_or_gas"]


def test_heat_supply_makes_load_questions_moot():
    answers = {**BASE, "industry": "coke", "meets_special_limits": True, "within_10km": True,
               "category": "permitted", "supplies_heat_or_gas": True}
    assert applicable_fields(PLAN, answers)[-1] == "supplies_heat_or_gas"
    answers["supplies_heat_or_gas"] = False  # 限产 40%: 二、5, 二、7 and 二、10 may still apply
    assert applicable_fields(PLAN, answers)[-4:] == [
        "supplies_heat_or_gas", "actual_load_percent", "safety_load_percent", "shutdown_periods"]


def test_questions_raised_by_an_answer_come_after_it():
    # 三（一）4: choosing 冲天炉 raises its size, then the monitoring and emission conditions
    electric = applicable_fields(PLAN, {"industry": "foundry", "foundry_furnace": "electric_or_gas"})
    cupola = applicable_fields(PLAN, {"industry": "foundry", "foundry_furnace": "cupola"})
    assert cupola.index("cupola_capacity_t") == cupola.index("foundry_furnace") + 1
    for fields in (electric, cupola):
        assert fields.index("online_monitoring") > fields.index("foundry_furnace")
    # what comes before the answer does not depend on it
    assert electric[: electric.index("foundry_furnace")] == cupola[: cupola.index("foundry_furnace")]


def test_a_small_cupola_needs_no_emission_answers():
    # 三（一）4: 5吨（含5吨）以下的采暖季停产 — whatever its emissions
    fields = applicable_fields(PLAN, {**BASE, "industry": "foundry", "foundry_furnace": "cupola",
                                      "cupola_capacity_t": 5})
    assert not {"online_monitoring", "so2_mg", "nox_mg", "pm_mg", "within_10km"} & set(fields)


def test_a_distance_typed_as_text_counts_as_answered():
    fields = applicable_fields(PLAN, {**BASE, "industry": "ferroalloy", "online_monitoring": True,
                                      "distance_km": "6公里", "has_sintering": True})
    assert fields[-3:] == ["actual_load_percent", "safety_load_percent", "shutdown_periods"]
