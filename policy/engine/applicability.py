"""Which questions a facility must answer, derived from the rules that test them.

A field is asked when a rule of the facility's industry tests it: the fields of a
rule's `when` conditions in order (a later one only once the earlier ones hold),
then, when the rule is selected, its requirements and the fields of its cases.
"""
from __future__ import annotations

from typing import Any, Mapping

from .model import CURTAIL, ROTATION, Plan


def applicable_fields(plan: Plan, answers: Mapping[str, Any]) -> list[str]:
    fields = {q.field for q in plan.questions if q.always}
    industry = answers.get("industry")
    if not isinstance(industry, str) or industry not in plan._industries_by_code:
        return _in_question_order(plan, fields)
    rules = plan.rules_for(industry)
    for rule in rules:
        selected = True
        for condition in rule.when:
            fields.add(condition.field)
            if not condition.holds(answers):
                selected = False
                break
        if selected:
            fields.update(c.field for c in rule.requires)
            fields.update(c.field for case in rule.cases for c in case.when)
            if _decides(rule):
                break  # later rules cannot matter: their questions are not asked
    if plan.location.field in fields:
        fields.add(plan.location.distance_field)
    fields.update(_adjustment_fields(plan, industry))
    return _in_question_order(plan, fields)


def _decides(rule) -> bool:
    """A selected rule with no requirements and an unconditional case always gives the result."""
    return not rule.requires and any(not case.when for case in rule.cases)


def _adjustment_fields(plan: Plan, industry: str) -> set[str]:
    key = ("adjustment_fields", industry)
    if key not in plan.memo:
        plan.memo[key] = _find_adjustment_fields(plan, industry)
    return plan.memo[key]


def _find_adjustment_fields(plan: Plan, industry: str) -> frozenset:
    outcomes = {case.outcome for rule in plan.rules_for(industry) if rule.industries
                for case in rule.cases}
    adjust = plan.adjustments
    fields = set()
    if outcomes:  # the industry has a clause of its own: heat supply may replace its result
        fields.add(adjust.heat_supply_field)
    if CURTAIL in outcomes:
        fields.update((adjust.lower_load_field, adjust.safety_load_field,
                       adjust.shutdown_periods_field))
    if ROTATION in outcomes:
        fields.add(adjust.rotation_field)
    return frozenset(fields)


def _in_question_order(plan: Plan, fields: set[str]) -> list[str]:
    return [q.field for q in plan.questions if q.field in fields]


def possible_fields(plan: Plan, industry: str) -> list[str]:
    """Every field that may be asked of a facility of `industry`, whatever its answers."""
    fields = {q.field for q in plan.questions if q.always}
    for rule in plan.rules_for(industry):
        fields.update(c.field for c in rule.conditions())
    if plan.location.field in fields:
        fields.add(plan.location.distance_field)
    fields.update(_adjustment_fields(plan, industry))
    return _in_question_order(plan, fields)
