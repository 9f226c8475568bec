"""County figures (2.6, 2.12): a county may raise a ratio of the plan, never lower it."""
from __future__ import annotations

import json
import math
from dataclasses import dataclass
from typing import Any

from .conditions import format_number
from .model import CURTAIL, Plan
from .validate import ValidationError

FIELDS = ("plan", "county", "document", "note", "example", "changes")
CHANGE_FIELDS = ("case", "ratio", "reason")


@dataclass(frozen=True)
class CountyChange:
    case: str
    ratio: float
    reason: str


@dataclass(frozen=True)
class CountyFigures:
    county: str
    document: str
    note: str
    example: bool
    changes: dict  # case key -> CountyChange

    def to_json(self) -> dict:
        return {"county": self.county, "document": self.document, "note": self.note,
                "example": self.example,
                "changes": [{"case": c.case, "ratio": c.ratio, "reason": c.reason}
                            for c in self.changes.values()]}


def parse_county_figures(plan: Plan, data: Any, source: str = "县级比例文件") -> CountyFigures:
    """Check a county file against the plan; every problem is reported in Chinese."""
    errors: list[dict] = []

    def error(path: str, message: str) -> None:
        errors.append({"path": path, "field": path.rsplit(".", 1)[-1], "label": source,
                       "message": f"{source}：{message}"})

    if not isinstance(data, dict):
        raise ValidationError([{"path": "", "field": "", "label": source, "message": f"{source}须为 JSON 对象"}])
    for key in data:
        if key not in FIELDS:
            error(key, f"有未知字段「{key}」")
    if data.get("plan") != plan.id:
        error("plan", f"方案须为「{plan.id}」，填写的是 {data.get('plan')!r}")
    county = data.get("county")
    if county not in plan.counties:
        error("county", f"县（区、市）须为 {'、'.join(plan.counties)} 之一，填写的是 {county!r}")
    for key in ("document", "note"):
        if not isinstance(data.get(key), str) or not data[key].strip():
            error(key, f"缺少「{'文件依据' if key == 'document' else '说明'}」（{key}）")
    if not isinstance(data.get("example", False), bool):
        error("example", "example 须为 true 或 false")
    changes: dict[str, CountyChange] = {}
    items = data.get("changes")
    if not isinstance(items, list) or not items:
        error("changes", "changes 须为至少一项的列表")
        items = []
    for index, item in enumerate(items):
        path = f"changes[{index}]"
        if not isinstance(item, dict):
            error(path, "每一项须为对象")
            continue
        for key in item:
            if key not in CHANGE_FIELDS:
                error(f"{path}.{key}", f"第{index + 1}项有未知字段「{key}」")
        key = item.get("case")
        try:
            rule, case = plan.case(key)
        except KeyError:
            error(f"{path}.case", f"第{index + 1}项的条款情形 {key!r} 不存在（见 python -m policy cases）")
            continue
        if case.outcome != CURTAIL:
            error(f"{path}.case", f"第{index + 1}项的情形 {key} 没有限产比例，不能调整")
            continue
        ratio = item.get("ratio")
        if isinstance(ratio, bool) or not isinstance(ratio, (int, float)) or not math.isfinite(ratio):
            error(f"{path}.ratio", f"第{index + 1}项的限产比例须为数字，填写的是 {ratio!r}")
            continue
        if ratio < case.effective_ratio:
            error(f"{path}.ratio",
                  f"第{index + 1}项（{rule.title}，{key}）的县级比例 {format_number(ratio)}% 低于市级方案的 "
                  f"{format_number(case.effective_ratio)}%：县级只能提高比例，不得降低（二、6，二、12）")
            continue
        if ratio > 100:
            error(f"{path}.ratio", f"第{index + 1}项的限产比例不能超过100%，填写的是 {format_number(ratio)}")
            continue
        reason = item.get("reason")
        if not isinstance(reason, str) or not reason.strip():
            error(f"{path}.reason", f"第{index + 1}项缺少调整理由（reason）")
            continue
        if key in changes:
            error(f"{path}.case", f"第{index + 1}项的情形 {key} 重复")
            continue
        changes[key] = CountyChange(key, ratio, reason.strip())
    if errors:
        raise ValidationError(errors)
    return CountyFigures(county, data["document"].strip(), data["note"].strip(),
                         data.get("example", False), changes)


def load_county_files(plan: Plan, directory) -> dict:
    """Every ``*.json`` county file in `directory` → {county: CountyFigures}.

    `directory` is a ``pathlib.Path`` or an ``importlib.resources`` Traversable (so it
    works from a wheel, a zip or Pyodide's site-packages). A missing directory means no
    county has changed anything. Every problem of every file is reported together.
    """
    if directory is None or not directory.is_dir():
        return {}
    entries = sorted((e for e in directory.iterdir() if e.name.endswith(".json")), key=lambda e: e.name)
    return read_county_files(plan, [(entry.name, entry) for entry in entries])


def read_county_files(plan: Plan, files) -> dict:
    """County files → {county: CountyFigures}; `files` are (name shown in messages, path).

    A path is a ``pathlib.Path`` or an ``importlib.resources`` Traversable. Every problem of
    every file is reported together (one ValidationError): unreadable, not JSON, against the
    plan (a lowered ratio …), or a second file for a county. The package's own county files
    and those named on the command line (assess, lists) go through here.
    """
    figures: dict = {}
    errors: list[dict] = []
    for name, entry in files:
        source = f"县级比例文件 {name}"
        try:
            data = json.loads(entry.read_text(encoding="utf-8-sig"))
        except OSError as error:
            errors.append({"path": name, "field": "", "label": source,
                           "message": f"无法读取{source}：{error.strerror or error}"})
            continue
        except ValueError as error:
            errors.append({"path": name, "field": "", "label": source,
                           "message": f"{source}不是有效的 JSON：{error}"})
            continue
        try:
            parsed = parse_county_figures(plan, data, source)
        except ValidationError as error:
            errors.extend(error.errors)
            continue
        if parsed.county in figures:
            errors.append({"path": name, "field": "county", "label": source,
                           "message": f"{source}：{parsed.county}已有另一个县级比例文件，每县只能有一个"})
            continue
        figures[parsed.county] = parsed
    if errors:
        raise ValidationError(errors)
    return figures


def county_rows(plan: Plan, figures: CountyFigures) -> list[dict]:
    """A county's figures against the city baseline, one row per changed case (for pages).

    Each row: case key, rule id and title, clause id and display form, the case's
    conditions (Chinese), city ratio, county ratio, the increase in percentage points,
    the allowed load under each, and the county's reason.
    """
    rows = []
    order = {case.key: index for index, (_, case) in enumerate(_cases(plan))}
    for change in sorted(figures.changes.values(), key=lambda c: order.get(c.case, len(order))):
        rule, case = plan.case(change.case)
        city = case.effective_ratio
        rows.append({
            "case": change.case, "rule": rule.id, "title": rule.title,
            "clause": rule.clause, "clause_display": plan.clause(rule.clause).display,
            "conditions": [c.text for c in case.when],
            "city_ratio": city, "county_ratio": change.ratio, "raise_by": change.ratio - city,
            "city_allowed_load": 100 - city, "county_allowed_load": 100 - change.ratio,
            "reason": change.reason,
        })
    return rows


def _cases(plan: Plan):
    return [(rule, case) for rule in plan.rules for case in rule.cases]
