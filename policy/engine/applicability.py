"""Which questions a facility must answer, derived from the rules that test them.

A field is asked when a rule of the facility's industry tests it: the fields of a
rule's `when` conditions in order (a later one only once the earlier ones hold),
then, when the rule is selected, its requirements and the fields of its cases.
As soon as a rule's result is certain from the answers given (a green factory; an
ultra-low facility with clean transport; a coke oven short of the special limits),
later rules cannot matter and their questions are not asked; nor are the
adjustments' questions that cannot change that result (heat supply only where it
replaces the outcome, loads and periods only for a curtailment).

Fields come in the order they are discovered: a question raised by an answer comes
after it (a form shows them in this order).
"""
from __future__ import annotations

from typing import Any, Mapping, Optional

from .model import CURTAIL, REFER, ROTATION, Continue, Plan, Rule, Stop
from .values import parse_number

_GO_ON = "go on"  # a rule that certainly lets assessment continue


MEMO_SIZE = 4096  # answer combinations remembered per industry (a county list repeats a few dozen)


def applicable_fields(plan: Plan, answers: Mapping[str, Any]) -> list[str]:
    industry = answers.get("industry")
    if not isinstance(industry, str) or industry not in plan._industries_by_code:
        return [q.field for q in plan.questions if q.always]
    known = known_answers(plan, answers)
    # The fields depend only on the answers the rules and adjustments read: remembered by those
    # (validating the benchmark's 10,000 rows: 0.15 s less).
    memo = plan.derived(("applicable_fields", industry), dict)
    key = tuple((type(value), value) for value in map(known.get, _read_fields(plan, industry)))
    try:
        fields = memo.get(key)
    except TypeError:  # a raw answer that cannot be a key (a list where a choice is due)
        return list(_applicable_fields(plan, industry, known))
    if fields is None:
        fields = _applicable_fields(plan, industry, known)
        if len(memo) < MEMO_SIZE:
            memo[key] = fields
    return list(fields)


def _read_fields(plan: Plan, industry: str) -> tuple[str, ...]:
    """The answers applicable_fields reads for a facility of `industry`."""
    return plan.derived(("applicability reads", industry), lambda: tuple(sorted(
        {c.field for rule in plan.rules_for(industry) for c in rule.conditions()}
        | {plan.adjustments.heat_supply_field})))


def _applicable_fields(plan: Plan, industry: str, known: Mapping[str, Any]) -> tuple[str, ...]:
    fields = {q.field: None for q in plan.questions if q.always}  # an ordered set
    settled = True  # every rule so far is resolved by the answers given
    outcome: Optional[str] = None
    for rule in plan.rules_for(industry):
        selected = True
        for condition in rule.when:
            fields[condition.field] = None
            state = _state(condition, known)
            if state is not True:
                selected = False
                settled = settled and state is False
                break
        if not selected:
            continue
        for condition in rule.requires:
            fields[condition.field] = None
        for case in rule.cases:
            for condition in case.when:
                fields[condition.field] = None
        decided = rule_result(rule, known)
        if decided is None:
            settled = False
        elif decided != _GO_ON:
            outcome = decided if settled else None
            break  # later rules cannot matter: their questions are not asked
    else:
        if settled:
            outcome = plan.industry(industry).fallback
    location = plan.location
    out = []
    for name in fields:
        out.append(name)
        if name == location.field:
            out.append(location.distance_field)
    out.extend(_adjustment_fields(plan, industry, outcome, known))
    return tuple(out)


def rule_result(rule: Rule, known: Mapping[str, Any]) -> Optional[str]:
    """The outcome a selected rule certainly gives from the answers in `known`, `_GO_ON`
    when it certainly passes assessment on, None when an answer it needs is missing."""
    unmet = False
    for condition in rule.requires:
        state = _state(condition, known)
        if state is None:
            return None
        unmet = unmet or not state
    if not unmet:
        if not rule.cases:
            return _GO_ON
        for case in rule.cases:
            states = [_state(c, known) for c in case.when]
            if False in states:
                continue
            if None in states:
                return None
            return case.outcome
    otherwise = rule.otherwise
    if isinstance(otherwise, Continue):
        return _GO_ON
    if isinstance(otherwise, Stop):
        return otherwise.outcome
    return REFER


def _state(condition, known) -> Optional[bool]:
    """True/False, or None when the answer is not given."""
    if known.get(condition.field) is None:
        return None
    return condition.holds(known)


def known_answers(plan: Plan, answers: Mapping[str, Any]) -> Mapping[str, Any]:
    """The answers as the rules read them: numbers typed as text parsed (a raw input),
    the location derived from a distance (as validation does)."""
    known = answers
    for name, value in answers.items():
        if type(value) is str and name in plan._questions_by_field and \
                plan._questions_by_field[name].kind == "number":
            if known is answers:
                known = dict(answers)
            known[name] = parse_number(value, plan._questions_by_field[name].unit)[0]
    location = plan.location
    distance = known.get(location.distance_field)
    if known.get(location.field) is None and isinstance(distance, (int, float)) and not isinstance(distance, bool):
        if known is answers:
            known = dict(answers)
        known[location.field] = distance <= location.limit
    return known


def _adjustment_fields(plan: Plan, industry: str, outcome: Optional[str] = None,
                       known: Mapping[str, Any] = {}) -> list[str]:
    """The adjustments' questions for the industry; once the outcome is certain, only those
    that can still change or shape it."""
    possible = plan.derived(("adjustment_fields", industry), lambda: _find_adjustment_fields(plan, industry))
    if outcome is None:
        return possible
    adjust = plan.adjustments
    heat = adjust.heat_supply_field in possible and outcome in adjust.heat_supply_replaces
    if heat and known.get(adjust.heat_supply_field) is True:
        return [adjust.heat_supply_field]  # 以热定产: the county fixes the load
    wanted = {adjust.heat_supply_field} if heat else set()
    if outcome == CURTAIL:
        wanted.update((adjust.lower_load_field, adjust.safety_load_field, adjust.shutdown_periods_field))
    if outcome == ROTATION:
        wanted.add(adjust.rotation_field)
    return [name for name in possible if name in wanted]


def _find_adjustment_fields(plan: Plan, industry: str) -> list[str]:
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
    return _in_question_order(plan, fields)


def _in_question_order(plan: Plan, fields: set[str]) -> list[str]:
    return [q.field for q in plan.questions if q.field in fields]


def possible_fields(plan: Plan, industry: str) -> tuple[str, ...]:
    """Every field that may be asked of a facility of `industry`, whatever its answers."""
    return plan.derived(("possible_fields", industry), lambda: tuple(_find_possible_fields(plan, industry)))


def _find_possible_fields(plan: Plan, industry: str) -> list[str]:
    fields = {q.field for q in plan.questions if q.always}
    for rule in plan.rules_for(industry):
        fields.update(c.field for c in rule.conditions())
    if plan.location.field in fields:
        fields.add(plan.location.distance_field)
    fields.update(_adjustment_fields(plan, industry))
    return _in_question_order(plan, fields)


def question_clause(plan: Plan, field: str, industry: Optional[str]) -> Optional[str]:
    """The one clause a question cites for a facility of `industry`: the first rule of the
    industry that tests the answer, else the adjustment or location clause that reads it,
    else the question's first clause."""
    question = plan.question(field)
    if industry not in plan._industries_by_code:
        return question.clauses[0] if question.clauses else None
    if field == "industry":
        clauses = plan.industry(industry).clauses
        return clauses[0] if clauses else None
    for rule in plan.rules_for(industry):
        if any(condition.field == field for condition in rule.conditions()):
            return rule.clause
    adjust = plan.adjustments
    by_field = {
        adjust.heat_supply_field: adjust.heat_supply_clauses.get(industry, adjust.heat_supply_clauses["*"]),
        adjust.safety_load_field: adjust.safety_load_clauses.get(industry, adjust.safety_load_clauses["*"]),
        adjust.lower_load_field: adjust.lower_load_clause,
        adjust.shutdown_periods_field: adjust.shutdown_conversion_clause,
        adjust.rotation_field: adjust.rotation_clause,
    }
    if field == plan.location.distance_field:  # asked with the location: the clause that reads it
        return question_clause(plan, plan.location.field, industry)
    if field in by_field:
        return by_field[field]
    return question.clauses[0] if question.clauses else None
