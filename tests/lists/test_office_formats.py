"""Workbooks as an office suite saves them: the list written by openpyxl, then opened and saved
by LibreOffice Calc (headless) as .xls (Excel 97–2003, which bureaus still receive) and .ods.
Each must give the same rows, outcomes and lists as the .xlsx it came from, the outcomes being
those the plan's text gives (tests/lists/generate.py). A .xls with one stray cell far away is
refused before calamine builds its grid, and a damaged one gets a plain message. Cells holding
an error value (#N/A …), which calamine reads as blank, are reported in every format."""
from __future__ import annotations

from pathlib import Path

import pytest

from policy import lists
from policy.lists.reader import OLE_MAGIC, ZIP_MAGIC
from tests.lists.generate import rows, table
from tests.lists.hostile import error_cells
from tests.lists.helpers import HEADERS, save_as, stray_cell_xls, workbook_bytes

COUNT = 24


@pytest.fixture(scope="module")
def saved_by_calc(tmp_path_factory) -> dict:
    folder = tmp_path_factory.mktemp("calc")
    source = folder / "清单.xlsx"
    source.write_bytes(workbook_bytes(table(HEADERS, [row for row, _ in rows(COUNT)])))
    files = {"xlsx": source, "stray": stray_cell_xls(folder)}
    for fmt in ("xls", "ods"):
        files[fmt] = save_as(source, fmt, folder)
    with_errors = folder / "错误值.xlsx"
    with_errors.write_bytes(error_cells("openpyxl"))
    files["errors"] = {"xlsx": with_errors, **{fmt: save_as(with_errors, fmt, folder / "errors") for fmt in ("xls", "ods")}}
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


def test_a_stray_cell_far_away_in_an_xls_is_refused_before_reading(saved_by_calc):
    path = saved_by_calc["stray"]
    assert path.stat().st_size < 20_000
    with pytest.raises(lists.ListError, match="第 65536 行.*IV 列.*超过可处理的上限"):
        lists.start(path.name, path.read_bytes())


@pytest.mark.parametrize("cut", [0.5, 0.9])
def test_a_damaged_xls_gets_a_plain_message(saved_by_calc, cut):
    data = saved_by_calc["xls"].read_bytes()
    with pytest.raises(lists.ListError, match="工作簿") as error:
        lists.start("清单.xls", data[:int(len(data) * cut)])
    assert "Traceback" not in str(error.value) and "Error" not in str(error.value)


@pytest.mark.parametrize("fmt", ["xlsx", "xls", "ods"])
def test_error_values_are_reported_not_read_as_blank(saved_by_calc, fmt):
    path = saved_by_calc["errors"][fmt]
    result = lists.process(path.name, path.read_bytes())
    assert (result.summary["rows_in"], result.summary["rows_reported"]) == (3, 2)
    problems = [(p.row, p.header, p.message.split("（")[0]) for p in result.problems if p.blocking]
    assert problems == [(3, "各类污染物能稳定达标排放", "单元格是错误值 #N/A"), (4, "企业名称", "单元格是错误值 #REF!")]
