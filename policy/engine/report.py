"""The assessment as a readable Chinese text report (for the CLI and for filing)."""
from __future__ import annotations

from .conditions import format_number

# What the two lists of a result mean, said once for the report, the lists and the site.
CLAUSES_MEANING = "依据条款：得出结论所依据的条款（引用时引用这些）；检查过但未满足、或未改变结论的条款不在其列，只在评估过程中。"
TRACE_MEANING = "评估过程：按顺序列出检查过的全部条款和条件，满足与否都列出。"
NO_CLAUSE = "无（本方案未列明此情形）"


def render_text(result: dict) -> str:
    plan = result["plan"]
    enterprise = result["enterprise"]
    lines = [
        f"{plan['title']}（{plan['document_number']}）",
        f"错峰生产自评结果　方案版本 {plan['version']}　错峰生产时间 {plan['season_start']} 至 "
        f"{plan['season_end']}（{plan['season_days']} 天）",
        "",
        f"企业：{enterprise['name']}　所在县（区、市）：{enterprise['county']}"
        + (f"　统一社会信用代码：{enterprise['credit_code']}" if enterprise.get("credit_code") else ""),
    ]
    if result.get("enterprise_answers"):
        lines.append("企业的情况（对全部生产设施）：" + "；".join(f"{a['label']}：{a['text']}"
                                                         for a in result["enterprise_answers"]))
    lines.append(f"汇总：{result['summary']['text']}")
    for index, facility in enumerate(result["facilities"], 1):
        lines += ["", f"{index}. {facility['name']}（{facility['id']}，{facility['industry_label']}）",
                  f"   结论：{facility['outcome_label']}。{facility['summary']}",
                  "   为什么：", *(f"     {line}" for line in facility["why"]["lines"])]
        if facility.get("what_if"):
            lines.append("   什么会改变结论（只改一项回答）：")
            lines += [f"     {item['text']}" for item in facility["what_if"]]
        lines.append(f"   依据条款：{'、'.join(facility['clauses']) or NO_CLAUSE}")
        if facility["county_change"]:
            change = facility["county_change"]
            lines.append(f"   县级调整：{change['county']}（{change['document']}）由 "
                         f"{format_number(change['plan_ratio'])}% 提高到 {format_number(change['ratio'])}%")
        for option in facility["options"]:
            lines.append(f"   可选：{option['text']}")
        for warning in facility["warnings"]:
            lines.append(f"   注意：{warning}")
        lines.append("   评估过程：")
        lines += [f"     [{step['clause']}] {step['text']}" for step in facility["trace"]]
        if facility["interpretations"]:
            lines.append(f"   所依据的解释：{'、'.join(facility['interpretations'])}")
    transport = result.get("transport")
    if transport:
        lines += ["", f"错峰运输（{transport['alert_label']}）：停止 {transport['stopped']} 辆，"
                      f"可通行 {transport['allowed']} 辆"]
        lines += [f"   {v['id']}（{v['kind_label']}）：{'可通行' if v['allowed'] else '停止'}。{v['reason']}"
                  for v in transport["vehicles"]]
        lines += [f"   要求：{r}" for r in transport["requirements"]]
    if result["interpretations"]:
        lines += ["", "解释登记："]
        lines += [f"   {e['id']}（{'、'.join(e['clauses'])}）{e['question']} 采用：{e['reading']}"
                  for e in result["interpretations"]]
    lines += ["", CLAUSES_MEANING, TRACE_MEANING, *result["notes"]]
    return "\n".join(lines) + "\n"
