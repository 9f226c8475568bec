"""The adjustments applied after the rules: county figures, heat supply, lower load,
safety load, shutdown-day conversion and rotation schedules."""
from __future__ import annotations

from typing import Optional

from .assess import Trace
from .conditions import format_number
from .county import CountyFigures
from .model import CURTAIL, HEAT_BASED, OUTCOME_LABELS, RECTIFY, ROTATION, SEASON_SHUTDOWN, Plan
from .season import period_days, periods_json, shutdown_days
from .validate import FacilityInput


def adjust(plan: Plan, facility: FacilityInput, decided: dict, trace: Trace,
           county: Optional[CountyFigures]) -> dict:
    """Turn the rules' result into the facility's final result."""
    answers = facility.answers
    adjust_ = plan.adjustments
    outcome, ratio = decided["outcome"], decided["ratio"]
    result = {
        "outcome": outcome, "ratio": ratio, "allowed_load": None, "shutdown_days": None,
        "options": [], "warnings": [], "county_change": None, "pending_approval": None,
        "shutdown_plan": None, "rotation": None, "reference_ratio": None,
    }
    case = decided["case"]

    # 2.6 / 2.12: the county's own figure for this row of the table.
    if county is not None and case is not None and case.key in county.changes:
        change = county.changes[case.key]
        for clause in adjust_.county_raise_clauses:
            trace.cite(clause, adjust_.interpretations.get("county", ()))
        trace.note(adjust_.county_raise_clauses[0], None, "adjustment",
                   f"{county.county}依{county.document}将本情形的限产比例由 {format_number(ratio)}% 提高到 "
                   f"{format_number(change.ratio)}%：{change.reason}")
        result["county_change"] = {"county": county.county, "document": county.document,
                                   "plan_ratio": ratio, "ratio": change.ratio, "reason": change.reason,
                                   "example": county.example}
        ratio = result["ratio"] = change.ratio

    # 2.6 / 3.1.3: heat or gas supply → 以热定产.
    if answers.get(adjust_.heat_supply_field) is True:
        clause = adjust_.heat_supply_clauses.get(answers["industry"], adjust_.heat_supply_clauses["*"])
        if outcome in adjust_.heat_supply_replaces:
            trace.cite(clause, adjust_.interpretations.get("heat_supply", ()))
            if clause != adjust_.heat_supply_clauses["*"]:
                trace.cite(adjust_.heat_supply_clauses["*"])
            reference = f"方案比例 {format_number(ratio)}% 仅供参考。" if ratio is not None else ""
            trace.note(clause, None, "adjustment",
                       f"承担供气、供热等民生任务：根据供气、供热能力确定限产比例，由县级制定以热定产方案，"
                       f"核定最大允许生产负荷。{reference}")
            result.update(outcome=HEAT_BASED, ratio=None, reference_ratio=ratio)
            result["warnings"].append(
                "须向县级提供：承担的供热面积或供气量、协同处置量、热源替代方案（或“气代煤、电代煤”实施情况），"
                "由县级核算最大允许生产负荷。")
            return result
        trace.note(clause, None, "adjustment",
                   f"承担供气、供热任务，但结论为{_label(outcome)}，不适用以热定产。")

    if outcome == CURTAIL:
        _curtail(plan, facility, result, trace)
    elif outcome == SEASON_SHUTDOWN:
        result["shutdown_days"] = plan.season_days
        result["allowed_load"] = 0
    elif outcome == RECTIFY:
        result["allowed_load"] = 0
        result["warnings"].append("停产治理：完成治理、稳定达标并经验收后，按本方案重新评估。")
    elif outcome == ROTATION:
        _rotation(plan, facility, result, trace)
    for option in case.options if case is not None else ():
        trace.cite(option.clause)
        result["options"].append({"kind": option.kind, "clause": option.clause, "text": option.text,
                                  "days": plan.season_days})
    for name in facility.periods:
        if name == adjust_.shutdown_periods_field and outcome != CURTAIL:
            result["warnings"].append(f"已填写停产错峰时段，但结论为{_label(outcome)}，停产时段不适用。")
        if name == adjust_.rotation_field and outcome != ROTATION:
            result["warnings"].append(f"已填写轮停批次，但结论为{_label(outcome)}，轮停批次不适用。")
    return result


def _curtail(plan: Plan, facility: FacilityInput, result: dict, trace: Trace) -> None:
    adjust_ = plan.adjustments
    answers = facility.answers
    ratio = result["ratio"]
    allowed = 100 - ratio
    result["allowed_load"] = allowed

    # 2.5: the load was already lower before 2019-10-01.
    actual = answers.get(adjust_.lower_load_field)
    if actual is not None:
        if actual < allowed:  # it changes the result: cited (checked and changing nothing: trace only)
            trace.cite(adjust_.lower_load_clause, adjust_.interpretations.get("lower_load", ()))
            result["allowed_load"] = actual
            trace.note(adjust_.lower_load_clause, None, "adjustment",
                       f"2019年10月1日前实际生产负荷 {format_number(actual)}% 已低于允许负荷 {format_number(allowed)}%："
                       f"按污染物排放量和大宗物料公路运输量不增加的原则，核定负荷为 {format_number(actual)}%。")
        else:
            trace.note(adjust_.lower_load_clause, None, "adjustment",
                       f"2019年10月1日前实际生产负荷 {format_number(actual)}% 不低于允许负荷 {format_number(allowed)}%，"
                       f"按限产比例核定。")

    # 2.7 (3.1.8): a declared safety load above the allowed load needs approval.
    safety = answers.get(adjust_.safety_load_field)
    if safety is not None:
        clause = adjust_.safety_load_clauses.get(answers["industry"], adjust_.safety_load_clauses["*"])
        if safety > result["allowed_load"]:  # pending approval is part of the result
            trace.cite(clause, adjust_.interpretations.get("safety_load", ()))
            result["pending_approval"] = {"clause": clause, "allowed_load": result["allowed_load"],
                                          "safety_load": safety}
            trace.note(clause, None, "adjustment",
                       f"企业确定的安全生产负荷 {format_number(safety)}% 高于允许负荷 "
                       f"{format_number(result['allowed_load'])}%：待批准。须提供报告和佐证材料，由县（区、市）政府"
                       f"上报市政府，批准后方可执行；批准前按允许负荷执行。")
            result["warnings"].append(
                f"安全生产负荷 {format_number(safety)}% 待市政府批准；批准前按允许负荷 "
                f"{format_number(result['allowed_load'])}% 执行。")
        else:
            trace.note(clause, None, "adjustment",
                       f"企业确定的安全生产负荷 {format_number(safety)}% 不高于允许负荷，无须另行报批。")

    # 2.10: shutdown instead of curtailment, converted to days.
    days = shutdown_days(plan, ratio)
    result["shutdown_days"] = days
    clause = adjust_.shutdown_conversion_clause
    trace.cite(clause, adjust_.interpretations.get("shutdown_days", ()))
    trace.note(clause, None, "adjustment",
               f"如以停产代替限产：{format_number(ratio)}% × {plan.season_days} 天 = "
               f"{format_number(ratio * plan.season_days / 100)} 天，向上取整为 {days} 天。")
    result["options"].append({
        "kind": "shutdown_days", "clause": clause, "days": days,
        "text": f"可以停产 {days} 天代替限产 {format_number(ratio)}%，停产时间在制定错峰生产清单、“一厂一策”时报备，"
                f"不得更改。"})
    periods = facility.periods.get(adjust_.shutdown_periods_field)
    if periods is not None:
        total = sum(period_days(s, e) for s, e in periods)
        enough = total >= days
        trace.cite(clause, adjust_.interpretations.get("periods", ()))
        result["shutdown_plan"] = {"periods": periods_json(periods), "days": total, "required_days": days,
                                   "sufficient": enough}
        trace.note(clause, None, "adjustment",
                   f"所填停产时段共 {total} 天，{'满足' if enough else '不足'}折算所需的 {days} 天。")
        if not enough:
            result["warnings"].append(f"所填停产时段共 {total} 天，少于折算所需的 {days} 天，还差 {days - total} 天。")


def _rotation(plan: Plan, facility: FacilityInput, result: dict, trace: Trace) -> None:
    adjust_ = plan.adjustments
    clause = adjust_.rotation_clause
    limit = adjust_.rotation_max_batches
    batches = facility.periods.get(adjust_.rotation_field)
    if batches is None:
        result["warnings"].append(f"轮流错峰须明确轮停时间（不超过 {limit} 个批次），报备后不得更改。")
        trace.note(clause, None, "adjustment", f"尚未填写轮停批次：须明确轮停时间，批次不能超过 {limit} 次。")
        return
    trace.cite(clause, adjust_.interpretations.get("periods", ()))
    result["rotation"] = {"batches": periods_json(batches), "max_batches": limit,
                          "days": sum(period_days(s, e) for s, e in batches)}
    trace.note(clause, None, "adjustment",
               f"轮停批次 {len(batches)} 个（上限 {limit} 个），共 {result['rotation']['days']} 天，报备后不得更改。")


def _label(outcome: str) -> str:
    return f"“{OUTCOME_LABELS[outcome]}”"
