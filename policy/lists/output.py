"""The result workbook (and CSV files): both lists of 2.8 per county, the enterprise
roll-up, a summary with counts, the reported problems and the readings relied on."""
from __future__ import annotations

import csv
import io
import re
from operator import itemgetter

from ..engine.conditions import format_number
from ..engine.model import OUTCOME_LABELS
from ..engine.report import CLAUSES_MEANING
from .job import CURTAILMENT, EXEMPTION, REVIEW, Outcome
from .xlsx import SheetOut, write_xlsx

FACILITY_HEADERS = [
    ("所在县（区、市）", 12), ("企业名称", 28), ("统一社会信用代码", 20), ("设施编号", 10), ("设施名称", 20),
    ("所属行业", 16), ("清单", 16), ("结论", 12), ("限产比例（%）", 10), ("允许生产负荷（%）", 10),
    ("停产天数折算（天）", 10), ("依据条款", 24), ("县级调整", 30), ("解释说明", 40),
    ("须县级核定或复核", 10), ("提示", 40), ("结果说明", 40), ("来源", 16),
]
ENTERPRISE_HEADERS = [
    ("所在县（区、市）", 12), ("企业名称", 28), ("统一社会信用代码", 20), ("清单", 16), ("设施数", 8),
    ("各结论设施数", 30), ("最高限产比例（%）", 10), ("须县级核定或复核的设施", 24), ("汇总说明", 60),
    ("来源", 24),
]
PROBLEM_HEADERS = [("工作表", 16), ("行", 8), ("列", 6), ("列名", 24), ("问题", 80), ("处理", 24)]
# The lists as published carry these columns (and 序号); the rest — which list, the register's
# readings, notes, the source row — stay in the working sheet.
PUBLIC_HEADERS = ("所在县（区、市）", "企业名称", "统一社会信用代码", "设施编号", "设施名称", "所属行业", "结论",
                  "限产比例（%）", "允许生产负荷（%）", "停产天数折算（天）", "依据条款", "县级调整")
PUBLIC_INDEXES = [i for i, (header, _) in enumerate(FACILITY_HEADERS) if header in PUBLIC_HEADERS]
assert len(PUBLIC_INDEXES) == len(PUBLIC_HEADERS), "a public column was renamed in FACILITY_HEADERS"
_public = itemgetter(*PUBLIC_INDEXES)
SERIAL = ("序号", 6)
WORKING_SHEET = "工作底稿"
CSV_SUFFIXES = ("_企业汇总", "_汇总", "_问题")  # the CSV files beside the facilities' (to_csv_files)
REGISTER_HEADERS = [("编号", 8), ("条款", 16), ("问题", 40), ("本系统的理解", 60), ("其他理解", 40),
                    ("来源", 16)]


def _yes(value: bool) -> str:
    return "是" if value else "否"


def facility_row(outcome: Outcome, record) -> list:
    plan = outcome.job.plan
    f = outcome.facility(record)
    enterprise = record.result["enterprise"]
    change = f["county_change"]
    county_text = ""
    if change:
        county_text = (f"{change['county']}{'（示例，非真实决定）' if change['example'] else ''}依"
                       f"{change['document']}由 {format_number(change['plan_ratio'])}% 提高到 "
                       f"{format_number(change['ratio'])}%：{change['reason']}")
    notes = "\n".join(f"{e}：{plan.interpretation(e).question}" for e in f["interpretations"])
    warnings = list(f["warnings"])
    pending = f["pending_approval"]
    if pending:
        warnings.append(f"安全生产负荷 {format_number(pending['safety_load'])}% 待批准"
                        f"（允许负荷 {format_number(pending['allowed_load'])}%）")
    for option in f["options"]:
        warnings.append(f"可选：{option['text']}")
    return [
        enterprise["county"], enterprise["name"], enterprise.get("credit_code", ""), f["id"], f["name"],
        f["industry_label"], outcome.list_of(record), f["outcome_label"], f["ratio"], f["allowed_load"],
        f["shutdown_days"], "；".join(plan.clause(c).display for c in f["clauses"]), county_text, notes,
        _yes(f["county_review"]), "\n".join(w for w in warnings if w), "\n".join([f["summary"], *f["why"]["lines"]]),
        f"{record.sheet} 第{record.row}行",
    ]


def enterprise_row(outcome: Outcome, members: list) -> list:
    summary = outcome.enterprise_summary(members)
    enterprise = members[0].result["enterprise"]
    by_outcome = "，".join(f"{OUTCOME_LABELS[o]} {n} 个" for o, n in summary["by_outcome"].items())
    review = "、".join(summary["lists"]["county_review"])
    rows = "、".join(f"{r.row}" for r in members)
    return [enterprise["county"], enterprise["name"], enterprise.get("credit_code", ""), summary["list"],
            summary["facilities"], by_outcome, summary["max_ratio"], review, summary["text"],
            f"{members[0].sheet} 第{rows}行"]


def problem_row(problem) -> list:
    action = "本行未评估，请改正后重新上传" if problem.blocking and problem.row is not None else "提示"
    return [problem.sheet, problem.row, problem.column, problem.header, problem.message, action]


def summary_rows(outcome: Outcome, filename: str) -> list:
    job = outcome.job
    plan = job.plan
    info = outcome.summary_json()
    rows: list = [
        [f"{plan.title}（{plan.document_number}）：错峰生产企业清单和豁免清单（二、8）"],
        ["输入文件", filename + (f"（{job.input.encoding}）" if job.input.encoding else "")],
        ["读入数据行", info["rows_in"]],
        ["已评估的行", info["rows_out"]],
        ["有问题未评估的行", info["rows_reported"], "见「问题」工作表"],
        ["企业数", info["enterprises"]],
        ["列入错峰生产企业清单的设施", info["curtailment"]],
        ["列入错峰生产豁免清单的设施", info["exemption"]],
        ["待县级核定的设施", info["review"], "县级核定或本方案未列明"],
        ["依据条款", CLAUSES_MEANING.split("：", 1)[1]],
    ]
    if job.county_figures:
        for figures in job.county_figures.values():
            mark = "（示例，非真实县级决定）" if figures.example else ""
            rows.append(["县级调整文件", f"{figures.county}：{figures.document}{mark}", figures.note])
    else:
        rows.append(["县级调整文件", "无：执行市级方案比例"])
    counts = outcome.counts
    outcomes = [o for o in OUTCOME_LABELS if any(t.get(o) for t in counts["county"].values())]
    for title, table in (("按县（区、市）", counts["county"]), ("按行业", counts["industry"])):
        rows.append([])
        rows.append([title, "合计"] + [OUTCOME_LABELS[o] for o in outcomes])
        for key, values in table.items():
            rows.append([key, sum(values.values())] + [values.get(o, 0) for o in outcomes])
        rows.append(["合计", outcome.rows_out] + [sum(t.get(o, 0) for t in table.values()) for o in outcomes])
    return rows


def _sheet(name: str, headers: list, rows: list, wrap: bool = True) -> SheetOut:
    return SheetOut(name, [[h for h, _ in headers]] + rows, widths=[w for _, w in headers], wrap=wrap)


def public_sheet(name: str, rows: list) -> SheetOut:
    """A list as a bureau publishes it: 序号, then the public columns only."""
    picked = [[number, *_public(row)] for number, row in enumerate(rows, 1)]
    return _sheet(name, [SERIAL, *(FACILITY_HEADERS[i] for i in PUBLIC_INDEXES)], picked)


def sheets(outcome: Outcome, filename: str) -> list[SheetOut]:
    """汇总; both lists of 2.8 for publishing (all counties, with a county column), then each
    list per county where that county has rows; 待县级核定; the working sheets (every column,
    the source rows and the register's readings), enterprises, problems and the register."""
    plan = outcome.job.plan
    out = [SheetOut("汇总", summary_rows(outcome, filename), widths=[28, 40, 12, 12, 12, 12, 12, 12, 12, 12],
                    header=False)]
    full = {id(r): facility_row(outcome, r) for r in outcome.records}
    order = {county: i for i, county in enumerate(plan.counties)}
    by_list = {which: sorted((r for r in outcome.records if outcome.list_of(r) == which),
                             key=lambda r: order.get(r.result["enterprise"]["county"], len(order)))
               for which in (CURTAILMENT, EXEMPTION)}
    for which, records in by_list.items():
        out.append(public_sheet(which, [full[id(r)] for r in records]))
    for which, records in by_list.items():
        by_county: dict = {}
        for record in records:
            by_county.setdefault(record.result["enterprise"]["county"], []).append(full[id(record)])
        for county in plan.counties:
            if county in by_county:
                out.append(public_sheet(f"{which}（{county}）", by_county[county]))
    review = [full[id(r)] for r in outcome.records if outcome.list_of(r) == REVIEW]
    if review:
        out.append(_sheet(REVIEW, FACILITY_HEADERS, review))
    out.append(_sheet(WORKING_SHEET, FACILITY_HEADERS, [full[id(r)] for r in outcome.records]))
    out.append(_sheet("企业汇总", ENTERPRISE_HEADERS, [enterprise_row(outcome, m) for m in outcome.enterprises]))
    problems = [problem_row(p) for p in outcome.job.problems]
    out.append(_sheet("问题", PROBLEM_HEADERS, problems or [["", None, "", "", "未发现问题", ""]]))
    used = sorted({e for r in outcome.records for e in outcome.facility(r)["interpretations"]},
                  key=lambda e: int(e[1:]))
    out.append(_sheet("解释登记", REGISTER_HEADERS, [
        [e.id, "；".join(plan.clause(c).display for c in e.clauses), e.question, e.reading, e.alternative, e.source]
        for e in (plan.interpretation(i) for i in used)]))
    return out


def to_xlsx(outcome: Outcome, filename: str) -> bytes:
    return write_xlsx(sheets(outcome, filename))


def to_csv_files(outcome: Outcome, filename: str) -> dict:
    """{suffix: bytes}: "" the facilities of all lists (UTF-8 with BOM, as Excel opens it),
    "_企业汇总", "_汇总", "_问题"."""
    facilities = [facility_row(outcome, r) for r in outcome.records]
    files = {
        "": [[h for h, _ in FACILITY_HEADERS]] + facilities,
        "_企业汇总": [[h for h, _ in ENTERPRISE_HEADERS]] + [enterprise_row(outcome, m) for m in outcome.enterprises],
        "_汇总": summary_rows(outcome, filename),
        "_问题": [[h for h, _ in PROBLEM_HEADERS]] + [problem_row(p) for p in outcome.job.problems],
    }
    return {suffix: csv_bytes(rows) for suffix, rows in files.items()}


_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")
_FORMULA_START = ("=", "+", "-", "@")


def neutralise(value: str) -> str:
    """A CSV cell no spreadsheet runs as a formula (OWASP "CSV injection"): text starting with
    = + - @, tab or CR — also after leading spaces, which spreadsheets skip — gets a leading
    "'"; a number such as -5 stays a number."""
    if value[:1] in ("\t", "\r"):
        return "'" + value
    stripped = value.strip()
    if stripped[:1] in _FORMULA_START and not _NUMBER.fullmatch(stripped):
        return "'" + value
    return value


def csv_bytes(rows: list) -> bytes:
    """UTF-8 with BOM (as Excel opens it), every text cell neutralised."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    for row in rows:
        writer.writerow(["" if v is None else neutralise(v) if type(v) is str else v for v in row])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8", "backslashreplace")
