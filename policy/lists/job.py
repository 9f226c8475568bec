"""From a county's spreadsheet to the lists of 2.8: read, check, assess, roll up.

A `Job` works in three steps so a browser can show progress between them:
`Job(plan, filename, data)` reads and checks every row, `job.step(n)` assesses the
next n rows, `job.finish()` rolls up enterprises and counts. Every data row ends
either in the output (one facility result) or among the reported rows, never both,
never neither: rows_in == rows_out + rows_reported.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from functools import cached_property

from ..engine.model import CURTAIL, EXEMPT, OUTCOME_LABELS, Plan
from ..engine.run import CURTAILMENT_LIST, assess_facilities, roll_up
from ..engine.validate import ValidationError, validate
from .columns import Column, Parser, normalize
from .reader import (MAX_CELL_CHARS, MAX_FILE_BYTES, OLE_MAGIC, QUOTE_CHARS, UNDECODABLE, WORKBOOK_SUFFIXES, ZIP_MAGIC,
                     CellError, ReadError, Sheet, column_letter, megabytes, quote, read_csv, read_workbook)

CURTAILMENT = "错峰生产企业清单"
EXEMPTION = "错峰生产豁免清单"
REVIEW = "待县级核定"
LIST_OF_OUTCOME = {**{o: CURTAILMENT for o in CURTAILMENT_LIST}, EXEMPT: EXEMPTION}
OWN_SHEETS = ("说明", "选项")  # sheets of the template that hold no data
HEADER_SEARCH_ROWS = 20


class ListError(ValueError):
    """The file cannot be read at all (the message is Chinese)."""


@dataclass
class Problem:
    sheet: str
    row: int | None  # None: the whole sheet or file
    column: str  # column letter, "" when none
    header: str  # column header, "" when none
    message: str
    blocking: bool = True  # False: a note (an ignored column); the row is still assessed

    def to_json(self) -> dict:
        return {"sheet": self.sheet, "row": self.row, "column": self.column, "header": self.header,
                "message": self.message, "blocking": self.blocking}

    def text(self) -> str:
        where = f"工作表「{self.sheet}」"
        if self.row is not None:
            where += f"第{self.row}行"
        if self.column:
            where += f" {self.column}列"
        if self.header:
            where += f"「{self.header}」"
        return f"{where}：{self.message}"


@dataclass
class Record:
    """One data row that passed the sheet checks and waits to be assessed."""

    sheet: str
    row: int
    enterprise: dict
    facility: dict
    letters: dict  # column key -> column letter (for messages)
    group: tuple = ()
    result: dict | None = None  # {"enterprise": the validated enterprise, "facilities": [its result]}
    list: str = ""  # which list of 2.8 the facility is on (or 待县级核定)


@dataclass
class Input:
    filename: str
    kind: str  # xlsx | csv
    encoding: str  # for CSV: the encoding detected
    sheets: list = field(default_factory=list)  # Sheet
    undecodable: bool = False  # a CSV with bytes that did not decode (kept as lone surrogates)


def read_input(filename: str, data: bytes) -> Input:
    if len(data) > MAX_FILE_BYTES:
        raise ListError(f"文件有 {megabytes(len(data))}，超过 {megabytes(MAX_FILE_BYTES)} 的上限：请拆分后分别处理。")
    name = filename.lower()
    try:
        if name.endswith(WORKBOOK_SUFFIXES) or data[:4] == ZIP_MAGIC or data[:8] == OLE_MAGIC:
            kind = name.rsplit(".", 1)[-1] if name.endswith(WORKBOOK_SUFFIXES) else "xlsx"
            return Input(filename, kind, "", read_workbook(data))
        sheet, encoding, undecodable = read_csv(_stem(filename), data)
    except ReadError as error:
        raise ListError(str(error)) from error
    return Input(filename, "csv", encoding, [sheet], undecodable)


def _stem(filename: str) -> str:
    base = re.split(r"[\\/]", filename)[-1]
    return base.rsplit(".", 1)[0] if "." in base else base


class Job:
    def __init__(self, plan: Plan, filename: str, data: bytes, county_figures: dict | None = None):
        self.plan = plan
        self.county_figures = county_figures or {}
        self.parser = Parser(plan)
        self.input = read_input(filename, data)
        # Only a CSV with bytes that did not decode holds lone surrogates: cells are checked then.
        self.undecodable = self.input.undecodable
        self.problems: list[Problem] = []
        self.reported_rows: set = set()  # (sheet, row)
        self.records: list[Record] = []
        self.rows_in = 0
        self.done = 0
        # Facility results by answers (policy.engine.run.facility_key): a county's rows repeat a
        # few dozen combinations of industry, category and conditions; measured on the benchmark's
        # 10,000 rows (21 combinations × 12 counties), assessing takes 0.3 s instead of 1.0 s.
        self.results: dict = {}
        self.data_sheets: list[str] = []
        for sheet in self.input.sheets:
            self._read_sheet(sheet)
        if not self.data_sheets:
            wanted = "、".join(c.header for c in self.parser.columns if c.required == "必填")
            raise ListError(f"文件中没有找到清单表头（至少应有列：{wanted}）。请使用模板填写。")
        self._group()

    # ── reading and checking ──────────────────────────────────────────────
    def report(self, sheet: str, row: int | None, column: str, header: str, message: str,
               blocking: bool = True) -> None:
        self.problems.append(Problem(sheet, row, column, header, message, blocking))
        if blocking and row is not None:
            self.reported_rows.add((sheet, row))

    def _header_row(self, sheet: Sheet):
        best, best_count = None, 0
        for number in sorted(sheet.rows)[:HEADER_SEARCH_ROWS]:
            count = sum(1 for v in sheet.rows[number].values() if self.parser.column_for(v) is not None)
            if count > best_count:
                best, best_count = number, count
        return best if best_count >= 2 else None

    def _read_sheet(self, sheet: Sheet) -> None:
        if sheet.name in OWN_SHEETS:
            return  # the template's 说明 and 选项 sheets
        header_row = self._header_row(sheet)
        if header_row is None:
            if sheet.rows and not sheet.hidden:
                self.report(sheet.name, None, "", "", "没有清单表头，未读取本工作表", blocking=False)
            return
        self.data_sheets.append(sheet.name)
        mapping: dict[int, Column] = {}
        letters: dict[str, str] = {}
        for col, value in sorted(sheet.rows[header_row].items()):
            column = self.parser.column_for(value)
            letter = column_letter(col)
            if column is None:
                self.report(sheet.name, header_row, letter, quote(value), "未知的列，已忽略", blocking=False)
            elif column.key in letters:
                self.report(sheet.name, header_row, letter, quote(value),
                            f"与 {letters[column.key]} 列重复，本列已忽略", blocking=False)
            else:
                mapping[col] = column
                letters[column.key] = letter
        for column in self.parser.columns:
            if column.key not in letters and column.required != "可不填":
                if column.key == self.plan.location.field and self.plan.location.distance_field in letters:
                    continue
                need = "必填" if column.required == "必填" else "部分行业必答"
                self.report(sheet.name, header_row, "", column.header,
                            f"缺少此列（{need}）；需要它的行将逐行报告", blocking=False)
        merged_rows: dict[int, list] = {}
        for r1, c1, r2, c2, ref in sheet.merged:
            if r2 < header_row:
                continue  # a title above the header
            for r in range(max(r1, header_row), r2 + 1):
                merged_rows.setdefault(r, []).append((ref, c1))
        for ref, c1 in merged_rows.pop(header_row, []):
            self.report(sheet.name, header_row, column_letter(c1), "",
                        f"表头有合并单元格 {ref}，请取消合并，每列一个表头", blocking=False)
        last = max(sheet.rows) if sheet.rows else header_row
        last = max([last] + list(merged_rows))
        for number in range(header_row + 1, last + 1):
            self.rows_in += 1
            cells = sheet.rows.get(number, {})
            if number in merged_rows:
                for ref, c1 in merged_rows[number]:
                    self.report(sheet.name, number, column_letter(c1),
                                mapping[c1].header if c1 in mapping else "",
                                f"处于合并单元格 {ref} 中：请取消合并，并在每一行填写完整")
                continue
            if not any(str(v).strip() for v in cells.values()):
                self.report(sheet.name, number, "", "", "空行：请删除空行，或填写本行")
                continue
            self._read_row(sheet.name, number, cells, mapping, letters)

    def _read_row(self, sheet: str, number: int, cells: dict, mapping: dict, letters: dict) -> None:
        enterprise: dict = {}
        facility: dict = {}
        failed = False
        checked = self.undecodable  # text is checked only then (most cells: short, decoded text)
        for col, value in cells.items():
            column = mapping.get(col)
            if column is None:
                continue
            if type(value) is str and not checked and len(value) <= MAX_CELL_CHARS:
                if not value.strip():
                    continue
                message = None
            else:
                if isinstance(value, str) and not value.strip():
                    continue
                value, message = self._cell(column, value)
            if message is None:
                answer, message = self.parser.parse(column, value)
                if message and len(str(value)) > QUOTE_CHARS:
                    message = message.replace(str(value), quote(value))
            if message:
                self.report(sheet, number, column_letter(col), column.header, message)
                failed = True
                continue
            if column.of_enterprise:
                enterprise[column.field] = answer
            else:
                facility[column.field] = answer
        if failed:
            return
        self.records.append(Record(sheet, number, enterprise, facility, letters))

    def _cell(self, column: Column, value):
        """(value, None), or (None, message) for what no column reads: text over the length
        limit, bytes that did not decode, a date or a truth value where text is wanted."""
        if type(value) is str:
            if len(value) > MAX_CELL_CHARS:
                return None, f"内容有 {len(value)} 字，超过每格 {MAX_CELL_CHARS} 字的上限"
            if self.undecodable and UNDECODABLE.search(value):
                return None, (f"含有无法按 {self.input.encoding or '文件编码'} 解码的字节：「{quote(value)}」；"
                              "请检查文件的编码或该单元格的内容")
            return value, None
        if isinstance(value, CellError):
            return None, (f"单元格是错误值 {value.code}（公式出错或引用无效），不作空白处理：请改正公式，"
                          "或填写数值后重新上传")
        if isinstance(value, (dt.date, dt.time, dt.timedelta)):
            shown = value.isoformat() if not isinstance(value, dt.timedelta) else str(value)
            if column.kind == "text":
                return None, f"应填写文字，单元格的类型是日期或时间（{shown}）；请将单元格设为文本格式后重新填写"
            return shown, None
        if isinstance(value, bool) and column.kind == "text":
            return None, f"应填写文字，单元格的类型是逻辑值（{'TRUE' if value else 'FALSE'}）"
        return value, None

    def _group(self) -> None:
        """Rows of one enterprise (same credit code, or same name, and same county) → one group;
        a facility id used twice within one enterprise is reported on the later row."""
        aliases = self.plan.county_aliases
        groups: dict[tuple, list[Record]] = {}
        for record in self.records:
            county = aliases.get(record.enterprise.get("county"), record.enterprise.get("county"))
            code = record.enterprise.get("credit_code")
            who = ("code", normalize(code)) if code else ("name", normalize(record.enterprise.get("name", "")))
            record.group = (county, *who)
            groups.setdefault(record.group, []).append(record)
        kept = []
        for members in groups.values():
            if not self._agree(members):
                continue  # every row reported: an enterprise is not split
            seen: dict[str, Record] = {}
            for record in members:
                given = record.facility.get("id")
                if given is None:
                    continue
                if given in seen:
                    first = seen[given]
                    self.report(record.sheet, record.row, record.letters.get("id", ""), self._header("id"),
                                f"设施编号「{given}」在同一企业内与工作表「{first.sheet}」第{first.row}行重复")
                    record.facility = None
                else:
                    seen[given] = record
            number = 0
            for record in members:
                if record.facility is None:
                    continue
                if record.facility.get("id") is None:
                    number += 1
                    while f"F{number}" in seen:
                        number += 1
                    record.facility["id"] = f"F{number}"
                kept.append(record)
        order = {id(r): i for i, r in enumerate(self.records)}
        self.records = sorted(kept, key=lambda r: order[id(r)])

    def _agree(self, members: list) -> bool:
        """What the enterprise answers once (二、1, 二、2) must be the same on all its rows; a
        blank takes the answer of the others. Rows that disagree: every row of the enterprise
        is reported, naming the rows and their answers, and none is assessed."""
        conflicts = []
        for column in self.parser.enterprise_answers:
            given = [(r, r.enterprise[column.field]) for r in members if column.field in r.enterprise]
            values = {value for _, value in given}
            if len(values) > 1:
                rows = "，".join(f"{'' if r.sheet == given[0][0].sheet else f'工作表「{r.sheet}」'}第{r.row}行"
                                f"“{self._word(column, value)}”" for r, value in given)
                conflicts.append((column, f"同一企业的各行对「{column.header}」的回答不一致（{rows}）：这是企业的情况"
                                          f"（{column.clauses}），各行须一致"))
            elif values:
                for record in members:
                    record.enterprise.setdefault(column.field, given[0][1])
        for column, message in conflicts:
            for record in members:
                self.report(record.sheet, record.row, record.letters.get(column.key, ""), column.header,
                            message + "；本企业各行均未评估")
        return not conflicts

    @staticmethod
    def _word(column: Column, value) -> str:
        if isinstance(value, bool):
            return "是" if value else "否"
        return next((label for label, v in column.choices if v == value), str(value))

    def _header(self, key: str) -> str:
        return next(c.header for c in self.parser.columns if c.key == key)

    # ── assessing ─────────────────────────────────────────────────────────
    @property
    def total(self) -> int:
        return len(self.records)

    def step(self, count: int) -> int:
        """Assess the next `count` rows; returns how many are done so far."""
        end = min(self.done + count, len(self.records))
        for record in self.records[self.done:end]:
            data = {"enterprise": record.enterprise, "facilities": [record.facility]}
            try:
                valid = validate(self.plan, data)
                facilities = assess_facilities(self.plan, valid, self.county_figures, results=self.results)
                record.result = {"enterprise": valid.enterprise, "facilities": facilities}
                record.list = LIST_OF_OUTCOME.get(record.result["facilities"][0]["outcome"], REVIEW)
            except ValidationError as error:
                for item in error.errors:
                    self._report_engine_error(record, item)
                self.reported_rows.add((record.sheet, record.row))
        self.done = end
        return end

    def _report_engine_error(self, record: Record, error: dict) -> None:
        path = error.get("path", "")
        if path.startswith("enterprise."):
            key = "enterprise." + path.split(".", 1)[1]
        else:
            key = re.sub(r"^facilities\[0\]\.?", "", path)
            key = re.split(r"[.\[]", key, maxsplit=1)[0]
        letter = record.letters.get(key, "")
        header = next((c.header for c in self.parser.columns if c.key == key), error.get("label", ""))
        message = re.sub(r"^设施1(「[^」]*」)?", "", error["message"])
        if key and key in {c.key for c in self.parser.columns} and not letter and "缺少" in message:
            message += "（表中没有此列）"
        self.report(record.sheet, record.row, letter, header, message)

    # ── rolling up ────────────────────────────────────────────────────────
    def finish(self) -> "Outcome":
        self.step(len(self.records))
        assessed = [r for r in self.records if r.result is not None]
        enterprises: dict[tuple, list[Record]] = {}
        for record in assessed:
            enterprises.setdefault(record.group, []).append(record)
        rows_reported = len(self.reported_rows)
        outcome = Outcome(self, assessed, list(enterprises.values()), rows_reported)
        if self.rows_in != outcome.rows_out + rows_reported:  # the promise of this module
            raise AssertionError(f"rows in {self.rows_in} != out {outcome.rows_out} + reported {rows_reported}")
        return outcome


@dataclass
class Outcome:
    job: Job
    records: list  # Record with result, input order
    enterprises: list  # [Record] per enterprise, in order of first appearance
    rows_reported: int

    @property
    def rows_out(self) -> int:
        return len(self.records)

    def facility(self, record: Record) -> dict:
        return record.result["facilities"][0]

    def list_of(self, record: Record) -> str:
        return record.list

    def enterprise_summary(self, members: list) -> dict:
        facilities = [self.facility(r) for r in members]
        summary = roll_up(facilities)
        outcomes = {f["outcome"] for f in facilities}
        if not outcomes.isdisjoint(CURTAILMENT_LIST):
            which = CURTAILMENT
        elif outcomes == {EXEMPT}:
            which = EXEMPTION
        else:
            which = REVIEW
        return {"list": which, **summary}

    @cached_property  # the summary sheet and summary_json both read it
    def counts(self) -> dict:
        """{"county": {county: {outcome: n}}, "industry": {label: {outcome: n}}} in plan order."""
        by_county: dict = {c: {} for c in self.job.plan.counties}
        by_industry: dict = {i.label: {} for i in self.job.plan.industries}
        for record in self.records:
            f = self.facility(record)
            county = record.result["enterprise"]["county"]
            for table, key in ((by_county, county), (by_industry, f["industry_label"])):
                table[key][f["outcome"]] = table[key].get(f["outcome"], 0) + 1
        return {"county": {k: v for k, v in by_county.items() if v},
                "industry": {k: v for k, v in by_industry.items() if v}}

    def summary_json(self) -> dict:
        counts = self.counts
        return {
            "rows_in": self.job.rows_in, "rows_out": self.rows_out, "rows_reported": self.rows_reported,
            "enterprises": len(self.enterprises),
            "by_outcome": {OUTCOME_LABELS[o]: sum(t.get(o, 0) for t in counts["county"].values())
                           for o in OUTCOME_LABELS
                           if any(t.get(o) for t in counts["county"].values())},
            "by_county": {c: {OUTCOME_LABELS[o]: n for o, n in t.items()} for c, t in counts["county"].items()},
            "curtailment": sum(1 for r in self.records if self.list_of(r) == CURTAILMENT),
            "exemption": sum(1 for r in self.records if self.list_of(r) == EXEMPTION),
            "review": sum(1 for r in self.records if self.list_of(r) == REVIEW),
            "county_figures": [{"county": f.county, "document": f.document, "example": f.example}
                               for f in self.job.county_figures.values()],
            "encoding": self.job.input.encoding,
        }


__all__ = ["Job", "ListError", "Outcome", "Problem", "CURTAILMENT", "EXEMPTION", "REVIEW", "CURTAIL"]
