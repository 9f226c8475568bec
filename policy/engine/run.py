"""One enterprise: validate, assess each facility, roll up, check transport."""
from __future__ import annotations

from collections import Counter
from typing import Any, Mapping, Optional

from .adjust import adjust
from .assess import Trace, describe_value, evaluate_rules
from .conditions import format_number
from . import whatif
from .county import CountyFigures
from .explain import explain
from .model import (
    CURTAIL, EXEMPT, HEAT_BASED, NOT_COVERED, OUTCOME_LABELS, RECTIFY, REFER, ROTATION,
    SEASON_SHUTDOWN, Plan,
)
from .transport import assess_transport
from .validate import FacilityInput, ValidInput, enterprise_questions, validate

# Which list of 2.8 a facility goes on.
CURTAILMENT_LIST = (CURTAIL, RECTIFY, SEASON_SHUTDOWN, ROTATION, HEAT_BASED)


def assess(plan: Plan, data: Any,
           county_figures: Optional[Mapping[str, CountyFigures]] = None, *, what_if: bool = False) -> dict:
    """Assess one enterprise; raises ValidationError listing every input problem.

    `what_if`: also list, per facility, the single changes of its answers that would change
    its result (policy.engine.whatif; it re-assesses the facility a few dozen times).
    """
    return assess_valid(plan, validate(plan, data), county_figures or {}, what_if=what_if)


def assess_facilities(plan: Plan, valid: ValidInput, county_figures: Mapping[str, CountyFigures], *,
                      what_if: bool = False, results: Optional[dict] = None) -> list[dict]:
    """Each facility's result. `results`: facility results by answers (`facility_key`), kept by
    a caller that assesses many facilities under the same county figures (the county lists): a
    facility answered as one before is not assessed again."""
    county = county_figures.get(valid.enterprise["county"])
    if results is None or what_if:
        return [assess_facility(plan, facility, county, what_if=what_if) for facility in valid.facilities]
    return [_assess_once(plan, facility, county, valid.enterprise["county"], results)
            for facility in valid.facilities]


def assess_valid(plan: Plan, valid: ValidInput, county_figures: Mapping[str, CountyFigures], *,
                 what_if: bool = False) -> dict:
    facilities = assess_facilities(plan, valid, county_figures, what_if=what_if)
    county = county_figures.get(valid.enterprise["county"])
    used = []
    for facility in facilities:
        for entry in facility["interpretations"]:
            if entry not in used:
                used.append(entry)
    transport = assess_transport(plan, valid.transport) if valid.transport else None
    if transport:
        used.extend(e for e in transport["interpretations"] if e not in used)
    return {
        "plan": plan_summary(plan),
        "enterprise": valid.enterprise,
        "enterprise_answers": _enterprise_answers(plan, valid.enterprise),
        "facilities": facilities,
        "summary": roll_up(facilities),
        "transport": transport,
        "county_figures": county.to_json() if county else None,
        "interpretations": [_entry_json(plan.interpretation(e)) for e in sorted(used, key=_register_order)],
        "notes": valid.notes + [_emergency_note(plan)],
    }


def assess_facility(plan: Plan, facility: FacilityInput, county: Optional[CountyFigures], *,
                    what_if: bool = False) -> dict:
    trace = Trace(plan)
    decided = evaluate_rules(plan, facility, trace)
    result = adjust(plan, facility, decided, trace, county)
    outcome = result["outcome"]
    for name in facility.answers:  # readings attached to an answer (how a distance is measured …)
        for entry in plan.interpretations.get(name, ()):
            if entry not in trace.interpretations:
                trace.interpretations.append(entry)
    if facility.ignored:
        labels = "、".join(plan.question(name).label for name in facility.ignored)
        result["warnings"].append(f"以下回答不适用于本行业，未予采用：{labels}。")
    review = outcome in (REFER, HEAT_BASED, NOT_COVERED) or result["pending_approval"] is not None or any(
        plan.interpretation(e).county_review for e in trace.interpretations)
    rule, case = decided["rule"], decided["case"]
    interpretations = sorted(trace.interpretations, key=_register_order)
    why = explain(plan, facility.answers["industry"], decided, result, trace.steps, interpretations)
    return {
        "id": facility.id,
        "name": facility.name,
        "industry": facility.answers["industry"],
        "industry_label": plan.industry(facility.answers["industry"]).label,
        "outcome": outcome,
        "outcome_label": OUTCOME_LABELS[outcome],
        "ratio": result["ratio"],
        "allowed_load": result["allowed_load"],
        "shutdown_days": result["shutdown_days"],
        "reference_ratio": result["reference_ratio"],
        "rule": rule.id if rule else None,
        "case": case.key if case else None,
        "unmet": [{"field": c.field, "condition": c.text} for c in decided["unmet"]],
        "clauses": trace.clauses,
        "interpretations": interpretations,
        "county_review": review,
        "why": why,
        "what_if": (whatif.what_if(plan, facility, outcome, result["ratio"], why["clause"], county)
                    if what_if else None),
        "county_change": result["county_change"],
        "pending_approval": result["pending_approval"],
        "options": result["options"],
        "shutdown_plan": result["shutdown_plan"],
        "rotation": result["rotation"],
        "warnings": result["warnings"],
        "summary": _sentence(plan, outcome, result),
        "trace": trace.steps,
    }


def facility_key(facility: FacilityInput, county: str) -> tuple:
    """What a facility's result depends on besides the plan and the county figures: its
    answers but its id and name, the answers ignored, its county."""
    answers = tuple(sorted((name, type(value).__name__, repr(value) if isinstance(value, (list, dict)) else value)
                           for name, value in facility.answers.items() if name not in ("id", "name")))
    return county, tuple(facility.ignored), answers


def _assess_once(plan: Plan, facility: FacilityInput, county: Optional[CountyFigures], county_name: str,
                 results: dict) -> dict:
    key = facility_key(facility, county_name)
    result = results.get(key)
    if result is None:
        result = results[key] = assess_facility(plan, facility, county)
    # The result is shared by every facility answered alike; the parts are read, never changed.
    return {**result, "id": facility.id, "name": facility.name}


def roll_up(facilities: list[dict]) -> dict:
    counts = Counter(f["outcome"] for f in facilities)
    by_outcome = {code: counts[code] for code in OUTCOME_LABELS if counts[code]}
    ratios = [f["ratio"] for f in facilities if f["outcome"] == CURTAIL]
    lists = {
        "curtailment": [f["id"] for f in facilities if f["outcome"] in CURTAILMENT_LIST],
        "exemption": [f["id"] for f in facilities if f["outcome"] == EXEMPT],
        "county_review": [f["id"] for f in facilities if f["county_review"]],
    }
    parts = [f"{OUTCOME_LABELS[code]} {count} 个" for code, count in by_outcome.items()]
    text = f"共 {len(facilities)} 个生产设施：" + "，".join(parts) + "。"
    if ratios:
        text += f"最高限产比例 {format_number(max(ratios))}%。"
    if lists["curtailment"]:
        text += "列入错峰生产企业清单。"
    elif lists["exemption"] and len(lists["exemption"]) == len(facilities):
        text += "列入错峰生产豁免清单。"
    if lists["county_review"]:
        text += f"{len(lists['county_review'])} 个设施须县级核定或复核。"
    return {"facilities": len(facilities), "by_outcome": by_outcome,
            "max_ratio": max(ratios) if ratios else None, "lists": lists, "text": text}


def plan_summary(plan: Plan) -> dict:
    return {"id": plan.id, "version": plan.version, "title": plan.title,
            "document_number": plan.document_number, "issuer": plan.issuer,
            "issued": plan.issued.isoformat(), "season_start": plan.season_start.isoformat(),
            "season_end": plan.season_end.isoformat(), "season_days": plan.season_days}


def _sentence(plan: Plan, outcome: str, result: dict) -> str:
    label = OUTCOME_LABELS[outcome]
    if outcome == CURTAIL:
        text = f"限产 {format_number(result['ratio'])}%，允许生产负荷 {format_number(result['allowed_load'])}%"
        return text + f"，或停产 {result['shutdown_days']} 天。"
    if outcome == SEASON_SHUTDOWN:
        return f"采暖季停产（{plan.season_start.isoformat()} 至 {plan.season_end.isoformat()}，{plan.season_days} 天）。"
    texts = {
        EXEMPT: "不予限产，列入错峰生产豁免清单。",
        RECTIFY: "停产治理。",
        ROTATION: "轮流错峰生产，须明确轮停时间并报备。",
        HEAT_BASED: "以热定产：由县级根据供气、供热能力核定最大允许生产负荷。",
        REFER: "本方案未规定相应比例，由县级核定。",
        NOT_COVERED: "本方案未列明此情形的错峰生产要求。",
    }
    return texts.get(outcome, label)


def _enterprise_answers(plan: Plan, enterprise: dict) -> list[dict]:
    """The enterprise's answers (asked once for all its facilities), labelled for people."""
    return [{"field": q.field, "label": q.label, "value": enterprise[q.field],
             "text": describe_value(plan, q.field, enterprise[q.field])}
            for q in enterprise_questions(plan) if q.field in enterprise]


def _emergency_note(plan: Plan) -> str:
    return (f"重污染天气应急启动时，不在停产时间的企业按照预警等级执行相应级别的应急减排措施和错峰运输措施"
            f"（{plan.clause(plan.adjustments.shutdown_conversion_clause).display}）。")


def _entry_json(entry) -> dict:
    return {"id": entry.id, "clauses": list(entry.clauses), "question": entry.question,
            "reading": entry.reading, "alternative": entry.alternative, "source": entry.source,
            "county_review": entry.county_review}


def _register_order(entry_id: str) -> int:
    return int(entry_id[1:])
