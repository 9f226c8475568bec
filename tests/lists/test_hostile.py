"""The hostile corpus (tests/lists/hostile.py): each file gets its outcome, with a Chinese
message and no traceback, within its time budget; CLI outputs never run or destroy anything."""
from __future__ import annotations

import csv
import io
import subprocess
import sys
import time
from pathlib import Path

import pytest

from policy import lists
from policy.lists import reader
from policy.lists.output import neutralise
from tests.lists.generate import rows, table
from tests.lists.helpers import HEADERS, workbook_bytes
from tests.lists.hostile import Refused, Rows, cases, csv_bytes as csv_of

ROOT = Path(__file__).resolve().parents[2]
SECONDS_PER_FILE = 10  # the slowest (the honest 110 MB bomb) takes about 1 s here
CORPUS = cases()


@pytest.mark.parametrize("name,data,expected", CORPUS, ids=[name for name, _, _ in CORPUS])
def test_each_hostile_file_gets_its_outcome(name, data, expected):
    began = time.perf_counter()
    if isinstance(expected, Refused):
        with pytest.raises(lists.ListError) as caught:
            lists.process(name, data)
        message = str(caught.value)
        assert expected.message in message, message
        assert len(message) < 400  # a short prefix of a bad value at most
    else:
        result = lists.process(name, data)
        s = result.summary
        assert (s["rows_in"], s["rows_reported"]) == (expected.rows_in, expected.reported), \
            [p.text() for p in result.problems]
        assert s["rows_in"] == s["rows_out"] + s["rows_reported"]
        texts = [p.text() for p in result.problems if p.blocking]
        if expected.message:
            assert any(expected.message in t for t in texts), texts
        assert all(len(t) < 600 for t in texts)
        assert "\ufffd" not in "".join(texts)  # nothing replaced
    assert time.perf_counter() - began < SECONDS_PER_FILE


def test_the_cli_says_the_same_without_a_traceback(tmp_path):
    for name, data, expected in CORPUS[:: 3]:
        source = tmp_path / name
        source.write_bytes(data)
        done = subprocess.run([sys.executable, "-m", "policy", "lists", str(source), "-o", str(tmp_path / "out.csv")],
                              cwd=ROOT, capture_output=True, text=True, timeout=120)
        assert "Traceback" not in done.stderr, done.stderr[-2000:]
        assert done.returncode == (2 if isinstance(expected, Refused) else 1 if expected.reported else 0), done.stderr
        if isinstance(expected, Refused):
            assert expected.message in done.stderr


@pytest.mark.parametrize("value,written", [
    ("=HYPERLINK(\"http://x\",\"y\")", "'=HYPERLINK(\"http://x\",\"y\")"), ("+cmd|' /C calc'!A0", "'+cmd|' /C calc'!A0"),
    ("@SUM(1,2)", "'@SUM(1,2)"), ("\t=1+1", "'\t=1+1"), ("\r=1", "'\r=1"), ("  =1+1", "'  =1+1"),
    ("-1+2", "'-1+2"), ("-5", "-5"), ("-2.5e3", "-2.5e3"), ("+7", "+7"), ("甲公司", "甲公司"), ("1-2", "1-2"),
])
def test_csv_cells_are_neutralised(value, written):
    assert neutralise(value) == written


def test_formulas_from_the_sheet_file_and_sheet_names_never_go_live_in_any_csv(tmp_path):
    evil = "=HYPERLINK(\"http://x\",\"点我\")"
    items = [row for row, _ in rows(3)]
    items[0]["企业名称"] = evil
    items[1]["设施名称"] = "@SUM(1+1)"
    items[2]["所属行业"] = "\t=1+1"  # not an industry: the problem quotes it
    data = csv_of(table(HEADERS, items))  # (openpyxl would write "=…" as a formula: CSV keeps it text)
    result = lists.finish(lists.start("=evil.csv", data), "csv")
    for suffix, content in result.files.items():
        for record in csv.reader(io.StringIO(content.decode("utf-8-sig"))):
            for value in record:
                live = value[:1] in ("=", "+", "@", "\t", "\r") or value.strip()[:1] in ("=", "+", "@")
                assert not live, (suffix, value)
    xlsx = lists.process("=evil.csv", data).files[""]
    import openpyxl
    book = openpyxl.load_workbook(io.BytesIO(xlsx))
    names = [c.value for ws in book.worksheets for row in ws.iter_rows() for c in row if c.value == evil]
    assert names and all(c.data_type == "s" for ws in book.worksheets for row in ws.iter_rows() for c in row
                         if c.value == evil)  # text stays text in the workbook


def test_cli_never_overwrites_its_input_or_follows_a_symlink(tmp_path):
    source = tmp_path / "清单.xlsx"
    data = workbook_bytes(table(HEADERS, [row for row, _ in rows(2)]))
    source.write_bytes(data)
    (tmp_path / "别处").mkdir()
    victim = tmp_path / "别处" / "重要.xlsx"
    victim.write_bytes(b"keep")
    (tmp_path / "link.xlsx").symlink_to(victim)
    (tmp_path / "alias.xlsx").symlink_to(source)
    for output, why in ((source, "输出文件就是输入文件"), (tmp_path / "." / "清单.xlsx", "输出文件就是输入文件"),
                        (tmp_path / "alias.xlsx", "符号链接"), (tmp_path / "link.xlsx", "符号链接")):
        done = subprocess.run([sys.executable, "-m", "policy", "lists", str(source), "-o", str(output)],
                              cwd=ROOT, capture_output=True, text=True, timeout=120)
        assert done.returncode == 2 and why in done.stderr, done.stderr
    assert source.read_bytes() == data and victim.read_bytes() == b"keep"
    out = tmp_path / "结果.xlsx"
    done = subprocess.run([sys.executable, "-m", "policy", "lists", str(source), "-o", str(out)],
                          cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0 and out.is_file()
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(["清单.xlsx", "别处", "link.xlsx", "alias.xlsx",
                                                                  "结果.xlsx"])  # no temporary file left


def test_ods_error_cells_are_placed_by_table_row_and_repeated_columns():
    """Error cells of an .ods content.xml: per table (its name unescaped), rows and columns
    counted with their repeats, a table-row not taken for a table."""
    error = '<table:table-cell table:formula="of:=#N/A" office:value-type="string" calcext:value-type="error">' \
            '<text:p>#N/A</text:p></table:table-cell>'
    xml = ('<office:spreadsheet><table:table table:name="附注 &amp; 说明"><table:table-row>'
           f'{error}</table:table-row></table:table>'
           '<table:table table:name="设施清单"><table:table-row table:number-rows-repeated="2">'
           '<table:table-cell/></table:table-row><table:table-row><table:table-cell table:number-columns-repeated="3"/>'
           f'{error}</table:table-row></table:table></office:spreadsheet>').encode()
    assert reader._ods_errors(xml) == {"附注 & 说明": {(1, 1): "#N/A"}, "设施清单": {(3, 4): "#N/A"}}


def test_ods_error_cells_in_a_repeated_row_are_on_every_copy():
    """LibreOffice writes identical rows once with table:number-rows-repeated: an error cell in
    such a row is an error on every row it stands for (each would otherwise read as blank);
    a row repeated far beyond what a sheet may hold is refused at once, not expanded."""
    error = '<table:table-cell office:value-type="string" calcext:value-type="error"><text:p>#REF!</text:p></table:table-cell>'

    def sheet(repeat: int) -> bytes:
        return ('<office:spreadsheet><table:table table:name="设施清单"><table:table-row><table:table-cell/></table:table-row>'
                f'<table:table-row table:number-rows-repeated="{repeat}"><table:table-cell table:number-columns-repeated="2"/>'
                f'{error}{error}</table:table-row></table:table></office:spreadsheet>').encode()

    assert reader._ods_errors(sheet(3)) == {"设施清单": {(row, col): "#REF!" for row in (2, 3, 4) for col in (3, 4)}}
    with pytest.raises(reader.ReadError, match=f"错误值单元格超过 {reader.MAX_ERROR_CELLS} 个"):
        reader._ods_errors(sheet(1_000_000))
    # many tables, each under the bound, count together
    tables = "".join(f'<table:table table:name="表{i}"><table:table-row table:number-rows-repeated="1000">{error}'
                     '</table:table-row></table:table>' for i in range(reader.MAX_ERROR_CELLS // 1000 + 1))
    with pytest.raises(reader.ReadError, match="工作簿中的错误值单元格超过"):
        reader._ods_errors(f"<office:spreadsheet>{tables}</office:spreadsheet>".encode())
