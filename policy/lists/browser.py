"""String-in, string-out steps for the browser (policy.api.lists_*; Pyodide in a worker).

Files travel as base64 text; answers are JSON text. One job at a time per interpreter:
start reads and checks the file, step assesses the next rows (so the page can show
progress), finish writes the result workbook. None of them raises.
"""
from __future__ import annotations

import base64
import binascii
import json

from ..plans import load_plan, shipped_county_figures

_state: dict = {}
RESULT_NAME = "错峰生产清单"


def _dumps(value) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def _fail(message: str) -> str:
    return _dumps({"ok": False, "errors": [{"message": message}]})


def _guard(fn):
    def wrapped(*args):
        try:
            return fn(*args)
        except Exception as error:  # a bug of ours: say so plainly, never a traceback
            _state.clear()
            return _fail(f"内部错误（{type(error).__name__}），未能处理该文件；请将输入文件发给维护人员。")
    wrapped.__name__, wrapped.__doc__ = fn.__name__, fn.__doc__
    return wrapped


def load():
    """{"ok", "limits"} once the spreadsheet reader can be imported; in Pyodide a Promise of it."""
    from .reader import LIMITS, READER_PACKAGES

    answer = _dumps({"ok": True, "limits": LIMITS})
    try:
        import olefile  # noqa: F401
        import python_calamine  # noqa: F401
        return answer
    except ImportError:
        pass
    try:
        import pyodide_js  # Pyodide only
    except ImportError:
        return _fail("缺少读取工作簿的组件 python-calamine：请执行 pip install 'jinzhong-policy[lists]'。")
    from pyodide.ffi import create_once_callable

    return pyodide_js.loadPackage(list(READER_PACKAGES)).then(create_once_callable(lambda _: answer))


@_guard
def template(fmt: str = "xlsx") -> str:
    from . import template as make
    fmt = "csv" if fmt == "csv" else "xlsx"
    return _dumps({"ok": True, "filename": f"错峰生产设施清单模板.{fmt}",
                   "base64": base64.b64encode(make(fmt)).decode("ascii")})


@_guard
def start(filename: str, data_base64: str, county_figures_text: str | None = None) -> str:
    from . import ListError, start as begin
    from ..engine.county import parse_county_figures
    from ..engine.validate import ValidationError

    _state.clear()
    try:
        data = base64.b64decode(data_base64, validate=True)
    except (binascii.Error, ValueError):
        return _fail("文件内容无法解码（base64）。")
    plan = load_plan()
    figures = shipped_county_figures(plan)
    if county_figures_text:
        try:
            figures = {}
            for item in json.loads(county_figures_text):
                parsed = parse_county_figures(plan, item)
                figures[parsed.county] = parsed
        except ValidationError as error:
            return _dumps({"ok": False, "errors": error.errors})
        except ValueError as error:
            return _fail(f"县级比例文件不是有效的 JSON：{error}")
    try:
        job = begin(filename, data, plan, figures)
    except ListError as error:
        return _fail(str(error))
    _state["job"] = job
    return _dumps({"ok": True, "rows_in": job.rows_in, "total": job.total, "done": job.done,
                   "encoding": job.input.encoding, "sheets": job.data_sheets})


@_guard
def step(count: str = "500") -> str:
    job = _state.get("job")
    if job is None:
        return _fail("没有正在处理的文件，请重新选择文件。")
    done = job.step(max(1, int(count)))
    return _dumps({"ok": True, "done": done, "total": job.total})


@_guard
def finish(fmt: str = "xlsx") -> str:
    from . import finish as complete

    job = _state.pop("job", None)
    if job is None:
        return _fail("没有正在处理的文件，请重新选择文件。")
    fmt = "csv" if fmt == "csv" else "xlsx"
    result = complete(job, fmt)
    files = [{"filename": f"{RESULT_NAME}{suffix}.{fmt}", "base64": base64.b64encode(content).decode("ascii")}
             for suffix, content in result.files.items()]
    return _dumps({"ok": True, "files": files, "summary": result.summary,
                   "problems": [{**p.to_json(), "text": p.text()} for p in result.problems]})
