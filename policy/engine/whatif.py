"""What-if: which single change of a facility's own answers would change its result, and how.

Derived from the rules, not written by hand: each answer the facility gave is changed, one
at a time, over its domain (the other choice of a yes/no, every other choice, and for a
number one value on each side of every limit the industry's rules test it against), and
the facility is assessed again (without a trace). A change is listed when it lightens the
result (不予限产 < 限产 by ratio < 采暖季停产 < 停产治理), gives a definite 不予限产 or 限产 where
the county would otherwise decide, or reaches the same result under another clause; where the
change raises questions the facility has not answered, the line says which.

The enterprise's answers (二、1, 二、2: scope ENTERPRISE), the location (an enterprise
cannot move a facility), its name and industry, and the optional adjustments (loads,
periods) are not varied.
"""
from __future__ import annotations

from typing import Any, Optional

from .adjust import adjust
from .applicability import applicable_fields, known_answers, possible_fields
from .assess import NullTrace, evaluate_rules
from .conditions import Between, Compare, format_number
from .model import CURTAIL, ENTERPRISE, EXEMPT, HEAT_BASED, OUTCOME_LABELS, RECTIFY, SEASON_SHUTDOWN, Plan
from .validate import FacilityInput

# How heavy an outcome is (lower is lighter); others (rotation, 以热定产, county decides,
# not covered) cannot be ranked against these.
_RANK = {EXEMPT: 0.0, SEASON_SHUTDOWN: 1.0, RECTIFY: 2.0}
MAX_PENDING_NAMED = 3


def what_if(plan: Plan, facility: FacilityInput, outcome: str, ratio, clause: Optional[str],
            county) -> list[dict]:
    answers = {**facility.unused, **facility.answers}  # every answer given, needed or not
    industry = answers["industry"]
    current = (outcome, ratio, clause)
    current_rank = _rank(outcome, ratio)
    if current_rank == 0.0:
        return []  # nothing is lighter than 不予限产
    found: list[dict] = []
    seen: set = set()
    for name in _varied_fields(plan, industry):
        if answers.get(name) is None:
            continue  # not asked: the result did not need it
        conditions = _conditions_on(plan, industry, name)
        before = tuple(c.holds(answers) for c in conditions)
        for value in _domain(plan, name, answers[name], conditions):
            changed = dict(answers)
            changed[name] = value
            after = tuple(c.holds(changed) for c in conditions)
            if after == before and conditions:
                continue  # no rule reads the difference
            phrase = _phrase(plan, name, value, conditions, before, after)
            line = _assess(plan, facility, changed, county)
            if line is None:
                continue
            if "pending" in line:
                key = (phrase, tuple(line["pending"]))
                if key in seen:
                    continue
                seen.add(key)
                labels = "、".join(f"「{plan.question(f).label}」" for f in line["pending"][:MAX_PENDING_NAMED])
                more = f"等 {len(line['pending'])} 项" if len(line["pending"]) > MAX_PENDING_NAMED else ""
                found.append({"field": name, "value": value, "change": phrase, "outcome": None,
                              "outcome_label": None, "ratio": None, "clause": None, "clause_display": None,
                              "pending": line["pending"],
                              "text": f"若{phrase}：结论还取决于{labels}{more}的回答。"})
                continue
            new = (line["outcome"], line["ratio"], line["clause"])
            if new == current or not _lighter(new, current, current_rank):
                continue
            key = (phrase, new)
            if key in seen:
                continue
            seen.add(key)
            display = plan.clause(line["clause"]).display if line["clause"] else ""
            result = (f"限产 {format_number(line['ratio'])}%" if line["outcome"] == CURTAIL
                      else OUTCOME_LABELS[line["outcome"]])
            found.append({"field": name, "value": value, "change": phrase, "outcome": line["outcome"],
                          "outcome_label": OUTCOME_LABELS[line["outcome"]], "ratio": line["ratio"],
                          "clause": line["clause"], "clause_display": display, "pending": [],
                          "text": f"若{phrase}：{result}" + (f"（{display}）" if display else "") + "。"})
    found.sort(key=lambda item: (item["outcome"] is None, _rank(item["outcome"], item["ratio"]) or 0.0))
    return found


def _rank(outcome: Optional[str], ratio) -> Optional[float]:
    if outcome == CURTAIL and ratio is not None:
        return ratio / 100  # between 不予限产 (0) and 采暖季停产 (1)
    return _RANK.get(outcome)


def _lighter(new: tuple, current: tuple, current_rank: Optional[float]) -> bool:
    rank = _rank(new[0], new[1])
    if rank is None:
        return False  # to an outcome that cannot be compared (the county decides …)
    if current_rank is None:  # the county would decide (or rotation, 以热定产 …)
        return rank < _RANK[SEASON_SHUTDOWN]  # a definite 不予限产 or 限产
    return rank < current_rank or (rank == current_rank and new[2] != current[2])


def _varied_fields(plan: Plan, industry: str) -> tuple:
    location = plan.location
    return plan.derived(("what_if_fields", industry), lambda: tuple(
        name for name in possible_fields(plan, industry)
        if (question := plan.question(name)).required and not question.always
        and question.scope != ENTERPRISE  # the facility's own answers
        and question.kind in ("boolean", "choice", "number")
        and name not in (location.field, location.distance_field)))


def _conditions_on(plan: Plan, industry: str, name: str) -> tuple:
    """The conditions of the industry's rules that read answer `name`."""
    return plan.derived(("conditions_on", industry, name), lambda: tuple(
        c for rule in plan.rules_for(industry) for c in rule.conditions() if c.field == name))


def _domain(plan: Plan, name: str, value: Any, conditions: tuple) -> list:
    question = plan.question(name)
    if question.kind == "boolean":
        return [not value]
    if question.kind == "choice":
        return [c.value for c in question.choices if c.value != value]
    limits = sorted({n for c in conditions if isinstance(c, (Compare, Between)) for n in c.numbers()})
    if not limits:
        return []
    low = question.exclusive_minimum if question.exclusive_minimum is not None else question.minimum
    candidates = set(limits)
    candidates.update((a + b) / 2 for a, b in zip(limits, limits[1:]))
    below = limits[0] - 1
    candidates.add(below if low is None or below > low or (below == low and question.exclusive_minimum is None)
                   else (limits[0] + low) / 2)
    above = limits[-1] + 1
    candidates.add(above if question.maximum is None or above <= question.maximum else limits[-1])
    fits = [c for c in candidates if (question.minimum is None or c >= question.minimum)
            and (question.exclusive_minimum is None or c > question.exclusive_minimum)
            and (question.maximum is None or c <= question.maximum) and c != value]
    return [int(c) if float(c).is_integer() else c for c in sorted(fits)]


def _phrase(plan: Plan, name: str, value, conditions: tuple, before: tuple, after: tuple) -> str:
    """The change in the plan's words: the conditions it makes true (else: it unmakes)."""
    made = [c.text for c, b, a in zip(conditions, before, after) if a and not b]
    if made:
        return "、".join(dict.fromkeys(made))
    unmade = [c.text for c, b, a in zip(conditions, before, after) if b and not a]
    if unmade:
        return "不再" + "、".join(dict.fromkeys(unmade))
    question = plan.question(name)
    shown = question.choice_label(value) if question.kind == "choice" else (
        ("是" if value else "否") if question.kind == "boolean" else f"{format_number(value)} {question.unit}".strip())
    return f"{question.label}为{shown}"


def _assess(plan: Plan, facility: FacilityInput, answers: dict, county) -> Optional[dict]:
    """The changed facility's result ({outcome, ratio, clause}), or {pending: fields} when
    the change raises questions not answered."""
    fields = applicable_fields(plan, answers)
    known = known_answers(plan, answers)
    location = plan.location
    pending = [name for name in fields if plan.question(name).required and known.get(name) is None
               and name != location.distance_field]
    if pending:
        return {"pending": pending}
    wanted = set(fields)
    used = {name: value for name, value in known.items() if name in wanted}
    changed = FacilityInput(facility.index, facility.id, facility.name, used)
    trace = NullTrace(plan)
    decided = evaluate_rules(plan, changed, trace)
    result = adjust(plan, changed, decided, trace, county)
    clause = decided["rule"].clause if decided["rule"] is not None else None
    if result["outcome"] == HEAT_BASED and decided["outcome"] != HEAT_BASED:
        adjust_ = plan.adjustments
        clause = adjust_.heat_supply_clauses.get(answers["industry"], adjust_.heat_supply_clauses["*"])
    return {"outcome": result["outcome"], "ratio": result["ratio"], "clause": clause}
