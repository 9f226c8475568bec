"""The county lists in Pyodide under Node (tests/lists/pyodide_lists.mjs): python-calamine's
wheel for Pyodide's ABI is in the runtime's lock file, is not installed at the start (only the
lists page loads it, through policy.api.lists_load), reads the workbook as in CPython, and the
limits hold there before calamine sees the file."""
from __future__ import annotations

import base64
import json
import subprocess
from pathlib import Path

import pytest

from policy import lists
from tests.lists.generate import rows, table
from tests.lists.hostile import error_cells, stray_cell_workbook
from tests.lists.helpers import HEADERS, stray_cell_xls, workbook_bytes

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "tests" / "lists" / "pyodide_lists.mjs"


def test_lists_in_pyodide_match_cpython(node_runtime, tmp_path):
    lock = json.loads((node_runtime / json.loads((node_runtime / "manifest.json").read_text())["files"]["lock"]["path"])
                      .read_text())
    assert lock["packages"]["python-calamine"]["file_name"].endswith("pyemscripten_2026_0_wasm32.whl")
    good = workbook_bytes(table(HEADERS, [row for row, _ in rows(60)]))
    errors = error_cells("openpyxl")
    far_xls = stray_cell_xls(tmp_path).read_bytes()  # olefile reads it there too, before calamine
    inputs = [("清单.xlsx", good), ("远处.xlsx", stray_cell_workbook()), ("错误值.xlsx", errors), ("远处.xls", far_xls)]
    (tmp_path / "in.json").write_text(json.dumps(
        [{"filename": name, "base64": base64.b64encode(data).decode()} for name, data in inputs]))
    proc = subprocess.run(["node", str(SCRIPT), str(node_runtime), str(tmp_path / "in.json"), str(tmp_path / "out.json")],
                          cwd=ROOT, capture_output=True, text=True, timeout=600)
    if proc.returncode != 0:
        pytest.fail(proc.stderr[-4000:])
    out = json.loads((tmp_path / "out.json").read_text())
    assert out["calamine_before_load"] is False and out["blocked"] == []
    assert out["load"]["ok"] and out["load"]["limits"] == lists.LIMITS
    first, stray, with_errors, far = out["answers"]
    assert far["start"]["ok"] is False and "第 65536 行" in far["start"]["errors"][0]["message"]
    assert first["finish"]["summary"] == lists.process("清单.xlsx", good).summary
    # error values (#N/A) are found by the pre-scan, which parses the workbook's XML there too
    expected = lists.process("错误值.xlsx", errors)
    assert with_errors["finish"]["summary"] == expected.summary and expected.summary["rows_reported"] == 2
    assert [p["text"] for p in with_errors["finish"]["problems"]] == [p.text() for p in expected.problems]
    assert stray["start"]["ok"] is False and "超过可处理的上限" in stray["start"]["errors"][0]["message"]
