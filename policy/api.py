"""JSON-string entry points: what the browser (Pyodide) and other hosts call.

They never raise: a bad input gives {"ok": false, "errors": [...]}, an internal
fault gives {"ok": false, "errors": [{"path": "", ... "message": "内部错误…"}]}.
The output is the same bytes in CPython and Pyodide.
"""
from __future__ import annotations

import json

from .engine.applicability import applicable_fields
from .engine.county import parse_county_figures
from .engine.run import assess
from .engine.report import render_text
from .engine.schema import form_spec as _form_spec, input_schema
from .engine.validate import ValidationError, enterprise_questions
from .plans import load_plan, shipped_county_figures


def dumps(value) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=False, separators=(",", ":"))


def evaluate(text: str, county_figures_text: str | None = None) -> str:
    """Input JSON → {"ok", "result" | "errors", "applicable": fields per facility, "report"}.

    `county_figures_text`, when given, is a JSON list of county files (2.6, 2.12)
    used instead of those shipped with the package (which are the default).
    """
    plan = load_plan()
    if county_figures_text is None:
        return dumps(answer(text))
    try:
        county_figures = {}
        for item in _county_files(county_figures_text):
            figures = parse_county_figures(plan, item)
            county_figures[figures.county] = figures
    except ValidationError as error:
        return dumps({"ok": False, "applicable": _applicable(plan, _loads(text)), "errors": error.errors})
    return dumps(answer(text, county_figures))


def answer(text: str, county_figures: dict | None = None) -> dict:
    """evaluate() as a dict, with county figures already checked (None: the package's own)."""
    try:
        data = loads_input(text)
    except ValueError as error:
        return {"ok": False, "applicable": [], "errors": [
            {"path": "", "field": "", "label": "输入", "message": str(error)}]}
    plan = load_plan()
    applicable = _applicable(plan, data)
    try:
        if county_figures is None:
            county_figures = shipped_county_figures(plan)
        result = assess(plan, data, county_figures, what_if=True)
    except ValidationError as error:
        return {"ok": False, "applicable": applicable, "errors": error.errors}
    except Exception as error:  # a bug of ours: say so plainly, never a traceback
        return {"ok": False, "applicable": applicable, "errors": [
            {"path": "", "field": "", "label": "内部错误",
             "message": f"内部错误（{type(error).__name__}），请将输入文件发给维护人员。"}]}
    return {"ok": True, "applicable": applicable, "result": result, "report": render_text(result)}


def _loads(text: str):
    try:
        return loads_input(text)
    except ValueError:
        return None


MAX_INPUT_CHARS = 1_000_000  # one enterprise's input (1000 facilities fit in a tenth of it)
MAX_DIGITS = 30  # of a number in the input


def _number(text: str):
    if len(text.lstrip("-")) > MAX_DIGITS:
        raise ValueError(f"输入中的数字「{text[:20]}…」有 {len(text)} 位，超过 {MAX_DIGITS} 位的上限")
    return int(text)


def _decimal(text: str):
    value = float(text)
    if len(text) > 2 * MAX_DIGITS or value in (float("inf"), float("-inf")):
        raise ValueError(f"输入中的数字「{text[:20]}」超出可处理的范围")
    return value


def _constant(name: str):
    raise ValueError(f"输入中有 JSON 不允许的值 {name}")


def decode_input(data: bytes) -> str:
    """JSON bytes as the package reads them: UTF-8, with or without a BOM; other encodings
    are named in the message (ValueError), never guessed."""
    import codecs

    for bom, name in ((codecs.BOM_UTF32_LE, "UTF-32"), (codecs.BOM_UTF32_BE, "UTF-32"),
                      (codecs.BOM_UTF16_LE, "UTF-16"), (codecs.BOM_UTF16_BE, "UTF-16")):
        if data.startswith(bom):
            raise ValueError(f"输入文件是 {name} 编码：请另存为 UTF-8 编码后再试")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        guess = ""
        try:
            data.decode("gb18030")
            guess = "（看来是 GBK/GB18030）"
        except UnicodeDecodeError:
            pass
        raise ValueError(f"输入文件不是 UTF-8 编码{guess}，第 {error.start} 字节无法解码：请另存为 UTF-8 编码后再试") from error


def loads_input(text) -> object:
    """The input's JSON (a BOM skipped), bounded: size, digits of a number, no NaN/Infinity,
    nesting; ValueError with a Chinese message otherwise."""
    if isinstance(text, (bytes, bytearray)):
        text = decode_input(bytes(text))
    if not isinstance(text, str):
        raise ValueError("输入须为 JSON 文本")
    if len(text) > MAX_INPUT_CHARS:
        raise ValueError(f"输入有 {len(text)} 个字符，超过 {MAX_INPUT_CHARS} 的上限")
    try:
        return json.loads(text.removeprefix("\ufeff"), parse_int=_number, parse_float=_decimal,
                          parse_constant=_constant)
    except RecursionError as error:
        raise ValueError("输入不是有效的 JSON：嵌套层数过多") from error
    except json.JSONDecodeError as error:
        raise ValueError(f"输入不是有效的 JSON：第 {error.lineno} 行第 {error.colno} 列（{error.msg}）") from error


def form_spec() -> str:
    return dumps(_form_spec(load_plan()))


def schema() -> str:
    return dumps(input_schema(load_plan()))


def _county_files(text: str) -> list:
    """The JSON list of county files passed beside an input, or a ValidationError."""
    label = "县级比例文件"
    try:
        items = json.loads(text)
    except (TypeError, ValueError, RecursionError) as error:
        raise ValidationError([{"path": "", "field": "", "label": label,
                                "message": f"县级比例文件不是有效的 JSON：{error}"}])
    if not isinstance(items, list):
        raise ValidationError([{"path": "", "field": "", "label": label,
                                "message": "县级比例文件须为 JSON 列表（每个县一个对象）"}])
    return items


def _applicable(plan, data) -> list:
    """Per facility, the fields asked: its own and the enterprise's (scope ENTERPRISE) it needs."""
    facilities = data.get("facilities") if isinstance(data, dict) else None
    if not isinstance(facilities, list):
        return []
    enterprise = data.get("enterprise")
    shared = {q.field: enterprise[q.field] for q in enterprise_questions(plan)
              if isinstance(enterprise, dict) and q.field in enterprise}
    return [applicable_fields(plan, {**item, **shared}) if isinstance(item, dict) else [] for item in facilities]


# County lists (2.8) in the browser: files as base64 text, answers as JSON text
# (policy.lists.browser; imported on first use so the calculator's start stays lean).
def lists_load():
    """The spreadsheet reader (python-calamine), loaded on the lists page before lists_start.
    In Pyodide: a JavaScript Promise of {"ok", "limits"} (the worker awaits it; the wheel is
    in the runtime's lock file, build_scripts/runtime.py); in CPython: that JSON at once."""
    from .lists import browser
    return browser.load()


def lists_template(fmt: str = "xlsx") -> str:
    """{"ok", "filename", "base64"}: the template (.xlsx with its 说明 sheet, or .csv)."""
    from .lists import browser
    return browser.template(fmt)


def lists_start(filename: str, data_base64: str, county_figures_text: str | None = None) -> str:
    """Read and check a .xlsx/.csv → {"ok", "rows_in", "total", "done"} or {"ok": false, "errors"}."""
    from .lists import browser
    return browser.start(filename, data_base64, county_figures_text)


def lists_step(count: str = "500") -> str:
    """Assess the next `count` rows → {"ok", "done", "total"} (for a progress bar)."""
    from .lists import browser
    return browser.step(count)


def lists_finish(fmt: str = "xlsx") -> str:
    """Roll up and write → {"ok", "files": [{filename, base64}], "summary", "problems"}."""
    from .lists import browser
    return browser.finish(fmt)
