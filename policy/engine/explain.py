""""Why" in three lines per facility, from the rules that decided (so the report, the
lists and the site say the same): the deciding clause with its quote, the conditions of
that rule that held (or failed, where failing decided), and the reason for any county
decision or review next to the flag. The full trace stays beside it.
"""
from __future__ import annotations

import re
from typing import Optional

from .conditions import format_number
from .model import HEAT_BASED, NOT_COVERED, OUTCOME_LABELS, REFER, Plan


def explain(plan: Plan, industry: str, decided: dict, result: dict, steps: list[dict],
            interpretations: list[str]) -> dict:
    """{"clause", "quote", "conditions", "review", "lines"}: `lines` is the three lines."""
    clause, quote = _deciding(plan, industry, decided, result)
    rule = decided["rule"]
    failed = decided["unmet"]
    if failed:
        conditions = [c.text for c in failed]
        condition_line = "未满足：" + "；".join(conditions) + "。"
    else:
        conditions = [step["condition"] for step in steps
                      if rule is not None and step["rule"] == rule.id and step["status"] == "met"]
        condition_line = ("情形：" + "；".join(conditions) + "。") if conditions else ""
    review = _review(plan, result, interpretations)
    display = plan.clause(clause).display if clause else ""
    first = f"依据{display}：“{quote}”" if display else quote
    change = result.get("county_change")
    if change:
        first += (f"{change['county']}依{change['document']}将限产比例由 {format_number(change['plan_ratio'])}% "
                  f"提高到 {format_number(change['ratio'])}%。")
    lines = [first]
    if condition_line:
        lines.append(condition_line)
    if review:
        decides = result["outcome"] in (REFER, HEAT_BASED, NOT_COVERED)
        lines.append(("须县级核定：" if decides else "须县级复核：") + "；".join(r["text"] for r in review) + "。")
    return {"clause": clause, "clause_display": display, "quote": quote, "conditions": conditions,
            "conditions_met": not failed, "review": review, "lines": lines}


def _deciding(plan: Plan, industry: str, decided: dict, result: dict) -> tuple[Optional[str], str]:
    """The clause that decided and the words of the plan that say so."""
    adjust = plan.adjustments
    if result["outcome"] == HEAT_BASED and decided["outcome"] != HEAT_BASED:
        clause = adjust.heat_supply_clauses.get(industry, adjust.heat_supply_clauses["*"])
        return clause, sentence_with(plan.clause(clause).text, OUTCOME_LABELS[HEAT_BASED])
    rule = decided["rule"]
    if rule is not None:
        return rule.clause, rule.quote
    found = plan.industry(industry)
    clause = found.clauses[0] if found.clauses else None
    if decided["outcome"] == REFER:
        return clause, f"{found.label}：所填情形不在本方案所列条件之内，方案未规定相应比例。"
    return clause, f"本方案未对{found.label}的此情形规定错峰生产要求。"


def sentence_with(text: str, words: str) -> str:
    """The first sentence of a clause that contains `words` (else the whole text)."""
    for sentence in re.findall(r"[^。\n]+。?", text):
        if words in sentence:
            return sentence.strip()
    return text


def _review(plan: Plan, result: dict, interpretations: list[str]) -> list[dict]:
    """Why the county decides or reviews this result: one reason each."""
    reasons = []
    outcome = result["outcome"]
    county = "、".join(plan.clause(c).display for c in plan.adjustments.county_raise_clauses)
    if outcome == REFER:
        reasons.append({"kind": "outcome", "id": None,
                        "text": f"方案未规定此情形的比例，由县级依{county}确定"})
    elif outcome == HEAT_BASED:
        reasons.append({"kind": "outcome", "id": None,
                        "text": "由县级根据供气、供热能力制定以热定产方案，核定最大允许生产负荷"})
    elif outcome == NOT_COVERED:
        reasons.append({"kind": "outcome", "id": None, "text": "本方案未列明此情形，由县级主管部门确认"})
    pending = result.get("pending_approval")
    if pending:
        reasons.append({"kind": "approval", "id": None,
                        "text": f"企业确定的安全生产负荷 {format_number(pending['safety_load'])}% 高于允许负荷 "
                                f"{format_number(pending['allowed_load'])}%，须经县级上报市政府批准"
                                f"（{plan.clause(pending['clause']).display}）"})
    for entry_id in interpretations:
        entry = plan.interpretation(entry_id)
        if entry.county_review:
            reading = re.split(r"[；。]", entry.reading, maxsplit=1)[0]
            reasons.append({"kind": "interpretation", "id": entry.id,
                            "text": f"{entry.question}本计算理解为：{reading}（{entry.id}）"})
    return reasons
