"""Every declarative case of tests/cases/ against the package in CPython."""
from __future__ import annotations

import pytest

import policy
from policy.engine.county import parse_county_figures
from tests.casebook import check_result, load_cases

CASES = load_cases()


def county_figures_of(case):
    if not case.county_figures:
        return None
    figures = parse_county_figures(policy.load_plan(), case.county_figures)
    return {figures.county: figures}


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_case(case):
    if "errors" in case.expect:
        with pytest.raises(policy.ValidationError) as raised:
            policy.assess(case.input, county_figures=county_figures_of(case))
        assert sorted(e["path"] for e in raised.value.errors) == sorted(case.expect["errors"])
        for error in raised.value.errors:
            assert error["message"] and error["label"]
    else:
        result = policy.assess(case.input, county_figures=county_figures_of(case))
        assert check_result(result, case.expect) == []


def test_every_rule_and_case_is_exercised():
    """Each row of every clause's table is reached by at least one declarative case."""
    reached_cases, reached_rules = set(), set()
    for case in CASES:
        if "errors" in case.expect:
            continue
        result = policy.assess(case.input, county_figures=county_figures_of(case))
        for facility in result["facilities"]:
            reached_cases.add(facility["case"])
            reached_rules.add(facility["rule"])
    plan = policy.load_plan()
    all_cases = {case.key for rule in plan.rules for case in rule.cases}
    assert all_cases - reached_cases == set()
    assert {rule.id for rule in plan.rules} - reached_rules == set()
    outcomes = {f["outcome"] for c in CASES if "errors" not in c.expect
                for f in policy.assess(c.input, county_figures=county_figures_of(c))["facilities"]}
    assert outcomes == set(policy.OUTCOME_LABELS)
