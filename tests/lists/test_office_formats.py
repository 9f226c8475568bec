"""Workbooks as an office suite saves them: the list written by openpyxl, then opened and saved
by LibreOffice Calc (headless) as .xls (Excel 97–2003, which bureaus still receive) and .ods.
Each must give the same rows, outcomes and lists as the .xlsx it came from, the outcomes being
those the plan's text gives (tests/lists/generate.py)."""
from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from policy import lists
from policy.lists.reader import OLE_MAGIC, ZIP_MAGIC
from tests.lists.generate import rows, table
from tests.lists.helpers import HEADERS, workbook_bytes

COUNT = 24


@pytest.fixture(scope="module")
def saved_by_calc(tmp_path_factory) -> dict:
    folder = tmp_path_factory.mktemp("calc")
    source = folder / "清单.xlsx"
    source.write_bytes(workbook_bytes(table(HEADERS, [row for row, _ in rows(COUNT)])))
    profile = (folder / "profile").as_uri()  # its own LibreOffice profile: no clash with another soffice
    files = {"xlsx": source}
    for fmt in ("xls", "ods"):
        out = folder / fmt
        subprocess.run(["soffice", f"-env:UserInstallation={profile}", "--headless", "--convert-to", fmt,
                        "--outdir", str(out), str(source)], check=True, capture_output=True, timeout=180)
        files[fmt] = out / f"清单.{fmt}"
    assert files["xls"].read_bytes()[:8] == OLE_MAGIC  # a real BIFF workbook, not a renamed zip
    assert files["ods"].read_bytes()[:4] == ZIP_MAGIC and b"opendocument.spreadsheet" in files["ods"].read_bytes()[:100]
    return files


@pytest.mark.parametrize("fmt", ["xls", "ods"])
def test_a_list_saved_by_libreoffice_reads_as_the_xlsx(saved_by_calc, fmt):
    path = saved_by_calc[fmt]
    result = lists.process(path.name, path.read_bytes())
    original = lists.process("清单.xlsx", saved_by_calc["xlsx"].read_bytes())
    assert result.summary["rows_in"] == COUNT and result.summary["rows_reported"] == 0
    assert not [p for p in result.problems if p.blocking]
    expected = [outcome for _, outcome in rows(COUNT)]
    got = [(f["outcome_label"], f["ratio"], record.list)
           for record in result.outcome.records for f in [result.outcome.facility(record)]]
    assert got == [(label, ratio, which) for label, ratio, which in expected]
    assert {k: v for k, v in result.summary.items() if k != "encoding"} == \
        {k: v for k, v in original.summary.items() if k != "encoding"}
