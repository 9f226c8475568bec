"""The columns of a county list: one per enterprise field and per question of the plan.

Nothing is typed twice: headers, allowed values and help come from the plan's
question metadata (labels, choices, units, clauses, industries), so the template,
its 说明 sheet, the reader and the error messages always agree with the package.
"""
from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass
from functools import cached_property

from ..engine.applicability import possible_fields
from ..engine.conditions import format_number
from ..engine.model import ENTERPRISE, Plan, Question
from ..engine.validate import ENTERPRISE_FIELDS, number_range
from ..engine.values import normalize, parse_boolean, parse_number

PERIOD_HELP = "起止日期，如 2019-11-01至2019-12-15；多个时段用分号隔开"
ENTERPRISE_HELP = ("企业的情况，对本企业的全部生产设施相同：同一企业的各行须一致（可只在其中一行填写，"
                   "空着的行按该企业的回答）；不一致的，本企业各行报告为问题，不评估。")


@dataclass(frozen=True)
class Column:
    key: str  # "enterprise.name" … or a question's field
    header: str  # the Chinese header of the template
    kind: str  # text | boolean | number | choice | county | periods
    required: str  # 必填 | 按行业 | 可不填
    allowed: str  # allowed values, in words (说明 sheet, messages)
    help: str
    clauses: str
    industries: str
    choices: tuple = ()  # (label, value)
    question: Question | None = None

    @cached_property  # read for every cell (writes the instance dict, which frozen allows)
    def field(self) -> str:
        return self.key.rsplit(".", 1)[-1]

    @cached_property
    def of_enterprise(self) -> bool:
        return self.key.startswith("enterprise.")


def _header(question: Question) -> str:
    return f"{question.label}（{question.unit}）" if question.unit else question.label


def columns(plan: Plan) -> list[Column]:
    """Every column of the template, in order: enterprise first, then the facility's questions."""
    counties = "、".join(plan.counties)
    aliases = "、".join(f"{a}（按{n}）" for a, n in plan.county_aliases.items())
    out = [
        Column("enterprise.county", ENTERPRISE_FIELDS["county"], "county", "必填",
               counties, f"晋中市的县级单位（2019年8月的名称）；也可写 {aliases}。", "2.8", "全部",
               tuple((c, c) for c in plan.counties) + tuple(plan.county_aliases.items())),
        Column("enterprise.name", ENTERPRISE_FIELDS["name"], "text", "必填", "文字，不超过200字",
               "同一企业的各生产设施各占一行，企业名称（或统一社会信用代码）和所在县相同的行合为一个企业。",
               "2.8", "全部"),
        Column("enterprise.credit_code", ENTERPRISE_FIELDS["credit_code"], "text", "可不填", "18位字母或数字",
               "填写时按信用代码归并企业。", "2.8", "全部"),
    ]
    shared: list[Column] = []
    everywhere = len(plan.industries)
    where: dict[str, list[str]] = {}
    for industry in plan.industries:
        for name in possible_fields(plan, industry.code):
            where.setdefault(name, []).append(industry.label)
    for question in plan.questions:
        industries = where.get(question.field, [])
        if question.always or len(industries) == everywhere:
            shown = "全部"
        else:
            shown = "、".join(industries) or "—"
        if question.field == plan.location.field:
            required = "按行业"
            extra = f"可改填「{_header(plan.question(plan.location.distance_field))}」。"
        elif not question.required:
            required, extra = "可不填", ""
        elif question.always:
            required, extra = "必填", ""
        else:
            required, extra = "按行业", ""
        choices: tuple = ()
        if question.kind == "boolean":
            allowed = "是 / 否"
        elif question.kind == "number":
            allowed = f"数字，{number_range(question)}"
        elif question.kind == "choice":
            choices = tuple((c.label, c.value) for c in question.choices)
            allowed = "；".join(c.label for c in question.choices)
        elif question.kind == "periods":
            allowed = PERIOD_HELP
        else:
            allowed = f"文字，不超过{question.max_length}字"
        clauses = "；".join(plan.clause(c).display for c in question.clauses)
        help_text = " ".join(t for t in (question.help, extra) if t)
        if question.scope == ENTERPRISE:  # the enterprise's answer: its rows must agree
            help_text = " ".join(t for t in (help_text, ENTERPRISE_HELP) if t)
            shared.append(Column(f"enterprise.{question.field}", _header(question), question.kind, required,
                                 allowed, help_text, clauses, shown, choices, question))
            continue
        out.append(Column(question.field, _header(question), question.kind, required, allowed, help_text,
                          clauses, shown, choices, question))
    out[3:3] = shared  # after the enterprise's name, county and credit code
    headers = [c.header for c in out]
    if len(set(headers)) != len(headers):
        raise ValueError(f"duplicate column headers: {headers}")
    return out


class Parser:
    """Turns cell values into the package's answers, one column at a time."""

    def __init__(self, plan: Plan):
        self.plan = plan
        self.columns = columns(plan)
        self.by_header: dict[str, Column] = {}
        for column in self.columns:
            self.by_header[normalize(column.header)] = column
            self.by_header.setdefault(normalize(column.field), column)
            if column.question is not None:
                self.by_header.setdefault(normalize(column.question.label), column)
        # The enterprise's answers to the plan's questions (二、1, 二、2): one per enterprise.
        self.enterprise_answers = [c for c in self.columns if c.of_enterprise and c.question is not None]
        self.choice_maps = {
            column.key: {**{normalize(v): v for _, v in column.choices},
                         **{normalize(label): value for label, value in column.choices}}
            for column in self.columns if column.choices
        }
        # Cell text as typed → answer: most cells repeat a few words (是, 否, 焦化 …).
        self.seen: dict = {}

    def column_for(self, header) -> Column | None:
        if header is None:
            return None
        return self.by_header.get(normalize(str(header)))

    def parse(self, column: Column, value):
        """(answer, None) or (None, Chinese message). `value` is not blank."""
        if column.kind in ("boolean", "choice", "county") and type(value) is str:
            key = (column.key, value)
            found = self.seen.get(key)
            if found is None:
                found = self.seen[key] = self._parse(column, value)
            return found
        return self._parse(column, value)

    def _parse(self, column: Column, value):
        kind = column.kind
        if kind == "text":
            if isinstance(value, float) and value.is_integer():
                value = int(value)
            return str(value).strip(), None
        if kind == "boolean":
            if isinstance(value, bool):
                return value, None
            return parse_boolean(format_number(value) if isinstance(value, (int, float)) else str(value))
        if kind == "number":
            if isinstance(value, bool):
                return None, f"须为数字，填写的是「{value}」"
            if isinstance(value, (int, float)):
                return value, None
            return parse_number(str(value), column.question.unit if column.question else "")
        if kind in ("choice", "county"):
            found = self.choice_maps[column.key].get(normalize(format_number(value)))
            if found is None:
                if kind == "county":
                    return None, f"不是晋中市的县级单位：「{value}」；须为 {column.allowed} 之一"
                return None, f"「{value}」不是可选值；须为以下之一：{column.allowed}"
            return found, None
        if kind == "periods":
            return parse_periods(str(value))
        raise AssertionError(kind)


_DATE = r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?"
_PERIOD = re.compile(_DATE + r"\s*(?:至|到|~|～|—|--|－|-)\s*" + _DATE)


def parse_periods(text: str):
    """"2019-11-01至2019-12-15；2020-01-01至2020-01-10" → [{"start", "end"}, …]."""
    items = [part for part in re.split(r"[;；,，、\n]+", text.strip()) if part.strip()]
    periods = []
    for item in items:
        match = _PERIOD.fullmatch(unicodedata.normalize("NFKC", item).strip())
        if not match:
            return None, f"无法识别时段「{item.strip()}」；{PERIOD_HELP}"
        numbers = [int(n) for n in match.groups()]
        try:
            start, end = dt.date(*numbers[:3]), dt.date(*numbers[3:])
        except ValueError:
            return None, f"时段「{item.strip()}」中有不存在的日期"
        periods.append({"start": start.isoformat(), "end": end.isoformat()})
    return periods, None
