"""Assessment: a facility's answers against a plan's rules, then the adjustments.

Rules are tried in the plan's order; every condition checked goes into the trace.
What a result cites is narrower: `clauses` are the clauses that decided it (the rule
that gave the outcome, the clauses that let the county decide, the adjustments that
changed it), what a reader quotes; `trace` is everything checked, met or not.
"""
from __future__ import annotations

from typing import Any, Optional

from .conditions import Condition, format_number
from .model import (
    OUTCOME_LABELS, REFER, Case, Continue, Plan, Rule, Stop,
)
from .validate import FacilityInput


class Trace:
    """What was checked, in order (`steps`), and what decided the result (`clauses`, and
    the register entries relied on, `interpretations`)."""

    def __init__(self, plan: Plan):
        self.plan = plan
        self.steps: list[dict] = []
        self.clauses: list[str] = []
        self.interpretations: list[str] = []

    def cite(self, clause: Optional[str], interpretations=()) -> None:
        if clause and clause not in self.clauses:
            self.clauses.append(clause)
        for entry in interpretations:
            if entry not in self.interpretations:
                self.interpretations.append(entry)

    def condition(self, rule: Rule, condition: Condition, answers: dict, met: bool,
                  selects: bool = False) -> None:
        """`selects`: a condition that picks the branch (a rule's `when`): not met, the
        branch is simply not taken (status "not_taken", 未适用), which is no failure."""
        value = answers.get(condition.field)
        shown = describe_value(self.plan, condition.field, value)
        question = self.plan._questions_by_field.get(condition.field)
        given = f"{question.label}：{shown}" if question else shown
        status = "met" if met else "not_taken" if selects else "unmet"
        self.steps.append({
            "clause": rule.clause, "rule": rule.id, "kind": "condition",
            "field": condition.field, "condition": condition.text, "value": value, "met": met,
            "status": status, "text": f"{condition.text}：{STATUS_LABELS[status]}（{given}）。",
        })

    def note(self, clause: str, rule: Optional[str], kind: str, text: str) -> None:
        self.steps.append({"clause": clause, "rule": rule, "kind": kind, "field": None,
                           "condition": None, "value": None, "met": None, "status": None, "text": text})


class NullTrace(Trace):
    """Records nothing: for re-assessing the same facility with one answer changed (what-if)."""

    def cite(self, clause, interpretations=()) -> None:
        pass

    def condition(self, rule, condition, answers, met, selects=False) -> None:
        pass

    def note(self, clause, rule, kind, text) -> None:
        pass


STATUS_LABELS = {"met": "满足", "unmet": "不满足", "not_taken": "未适用"}


def describe_value(plan: Plan, field_name: str, value: Any) -> str:
    if value is None:
        return "未填写"
    if isinstance(value, bool):
        return "是" if value else "否"
    question = plan._questions_by_field.get(field_name)
    if question is not None and question.kind == "choice":
        return question.choice_label(value)
    if isinstance(value, (int, float)):
        unit = question.unit if question is not None else ""
        return f"{format_number(value)} {unit}".strip()
    return str(value)


def evaluate_rules(plan: Plan, facility: FacilityInput, trace: Trace) -> dict:
    """The plan's rules in order → the first result: outcome, ratio, rule, case."""
    answers = facility.answers
    industry = plan.industry(answers["industry"])
    _trace_location(plan, answers, trace)
    for rule in plan.rules_for(industry.code):
        selected = True
        for condition in rule.when:
            met = condition.holds(answers)
            trace.condition(rule, condition, answers, met, selects=True)
            if not met:
                selected = False
                break
        if not selected:
            trace.note(rule.clause, rule.id, "rule", f"{rule.title}（{plan.clause(rule.clause).display}）：未适用。")
            continue
        unmet = []
        for condition in rule.requires:
            met = condition.holds(answers)
            trace.condition(rule, condition, answers, met)
            if not met:
                unmet.append(condition)
        display = plan.clause(rule.clause).display
        if not unmet:
            if not rule.cases:  # a gate passed (2.1): checked, in the trace; it decided nothing
                trace.note(rule.clause, rule.id, "rule", f"{rule.title}（{display}）：条件均满足，继续评估。")
                continue
            case = _matching_case(rule, answers)
            if case is not None:
                for condition in case.when:
                    trace.condition(rule, condition, answers, True)
                trace.cite(rule.clause, rule.interpretations + case.interpretations)
                return {"outcome": case.outcome, "ratio": case.effective_ratio, "rule": rule, "case": case,
                        "unmet": []}
        otherwise = rule.otherwise
        if isinstance(otherwise, Continue):  # not met: a later rule decides (3.1.5 → 3.1.14)
            trace.cite(None, otherwise.interpretations)
            trace.note(rule.clause, rule.id, "rule", f"{rule.title}（{display}）：{otherwise.text}")
            continue
        if isinstance(otherwise, Stop):
            trace.cite(rule.clause, rule.interpretations + otherwise.interpretations)
            trace.note(rule.clause, rule.id, "rule", f"{rule.title}（{display}）：{otherwise.text}")
            return {"outcome": otherwise.outcome, "ratio": None, "rule": rule, "case": None, "unmet": unmet}
        trace.cite(rule.clause, rule.interpretations)
        return _refer(plan, rule, unmet, trace)
    return _fallback(plan, industry, trace)


def _matching_case(rule: Rule, answers: dict) -> Optional[Case]:
    for case in rule.cases:
        if all(condition.holds(answers) for condition in case.when):
            return case
    return None


def _refer(plan: Plan, rule: Rule, unmet: list, trace: Trace) -> dict:
    """READING.md decision 3: the plan sets no ratio; the county decides (2.6, 2.12)."""
    county = "、".join(plan.clause(c).display for c in plan.adjustments.county_raise_clauses)
    missing = "、".join(c.text for c in unmet) or "所填条件组合"
    trace.cite(None, plan.interpretations.get(REFER, ()))
    _cite_county_clauses(plan, trace)
    trace.note(rule.clause, rule.id, "result",
               f"不满足{plan.clause(rule.clause).display}的条件（{missing}），方案未规定相应比例，由县级依{county}核定。")
    return {"outcome": REFER, "ratio": None, "rule": rule, "case": None, "unmet": unmet}


def _cite_county_clauses(plan: Plan, trace: Trace) -> None:
    """A result left to the county (县级核定) rests on the clauses that let it decide."""
    for clause in plan.adjustments.county_raise_clauses:
        trace.cite(clause)


def _fallback(plan: Plan, industry, trace: Trace) -> dict:
    """No rule of the industry gave a result: the industry's fallback, never a silent 0%."""
    clause = industry.clauses[0] if industry.clauses else ""
    trace.cite(clause, industry.fallback_interpretations)
    if industry.fallback == REFER:
        _cite_county_clauses(plan, trace)
        text = f"{industry.label}：所填情形不在本方案所列条件之内，由县级核定。"
    else:
        text = (f"{industry.label}：本方案未对此情形规定错峰生产要求"
                f"（{OUTCOME_LABELS[industry.fallback]}），请向县级主管部门确认。")
    trace.note(clause, None, "result", text)
    return {"outcome": industry.fallback, "ratio": None, "rule": None, "case": None, "unmet": []}


def _trace_location(plan: Plan, answers: dict, trace: Trace) -> None:
    rule = plan.location
    distance = answers.get(rule.distance_field)
    if distance is None or rule.field not in answers:
        return
    inside = answers[rule.field]
    trace.note(rule.clause, None, "derived",
               f"距市、县建成区边界 {format_number(distance)} 公里，{'≤' if inside else '>'} "
               f"{format_number(rule.limit)} 公里，{'位于' if inside else '不在'}建成区及周边"
               f"{format_number(rule.limit)}公里范围内。")
