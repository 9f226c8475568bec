"""Whatever a sheet holds, every data row is either in the output or reported, never both,
never neither (rows in = rows out + rows reported), and nothing raises."""
from __future__ import annotations

import io
import zipfile

from hypothesis import HealthCheck, given, settings, strategies as st

from policy import lists
from tests.lists.generate import rows
from tests.lists.helpers import HEADERS, facilities, read_book, workbook_bytes

GOOD = [row for row, _ in rows(8)]
JUNK = st.sampled_from([None, "", " ", "是", "否", "造纸", "焦化", "太原市", "介休市", "abc", 7, 12.5, -3, True,
                        "2019-11-01至2019-11-20", "F1", "#N/A"])


@st.composite
def sheets(draw):
    count = draw(st.integers(0, 12))
    body = []
    for _ in range(count):
        kind = draw(st.sampled_from(["good", "blank", "mutated"]))
        row = [GOOD[draw(st.integers(0, len(GOOD) - 1))].get(h) for h in HEADERS]
        if kind == "blank":
            row = [None] * len(HEADERS)
        elif kind == "mutated":
            for _ in range(draw(st.integers(1, 4))):
                row[draw(st.integers(0, len(HEADERS) - 1))] = draw(JUNK)
        body.append(row)
    headers = list(HEADERS)
    if draw(st.booleans()):
        del headers[draw(st.integers(0, len(headers) - 1))]  # a missing column
        body = [row[:len(headers)] for row in body]
    merges = ()
    if count >= 2 and draw(st.booleans()):
        first = draw(st.integers(2, count))
        merges = (f"B{first}:B{draw(st.integers(first, count + 1))}",)
    return [headers] + body, merges


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(sheets())
def test_every_row_is_either_assessed_or_reported(sheet):
    table, merges = sheet
    try:
        result = lists.process("x.xlsx", workbook_bytes(table, merges=merges))
    except lists.ListError:
        return  # no header left (e.g. the sheet is empty): said as a whole, not per row
    s = result.summary
    assert s["rows_in"] == s["rows_out"] + s["rows_reported"]
    blocking_rows = {(p.sheet, p.row) for p in result.problems if p.blocking and p.row is not None}
    assert len(blocking_rows) == s["rows_reported"]
    book = read_book(result.files[""])
    sources = [f["来源"] for f in facilities(book)]
    assert len(sources) == s["rows_out"] == len(set(sources))
    assert not {tuple(src.replace(" 第", "|").rstrip("行").split("|")) for src in sources} & {
        (sheet_name, str(row)) for sheet_name, row in blocking_rows}


# ── hostile input: random bytes and valid-but-odd workbooks ──────────────────

from tests.lists.hostile import cell, package, worksheet  # noqa: E402


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=4096), st.sampled_from(["x.xlsx", "x.xls", "x.ods", "x.csv", "x"]),
       st.sampled_from([b"", b"PK\x03\x04", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", b"\xef\xbb\xbf", b"\xff\xfe"]))
def test_random_bytes_never_crash(data, name, magic):
    try:
        result = lists.process(name, magic + data)
    except lists.ListError as error:
        assert str(error) and len(str(error)) < 400
        return
    s = result.summary
    assert s["rows_in"] == s["rows_out"] + s["rows_reported"]


@settings(max_examples=150, deadline=None)
@given(st.binary(max_size=2048) | st.text(alphabet='<>/ ="\'abcelnortuvy:-e0123#!ANR', max_size=600).map(str.encode),
       st.sampled_from(["xl/worksheets/sheet1.bin", "xl/worksheets/sheet1.xml", "content.xml"]))
def test_random_sheet_parts_in_a_zip_never_crash(data, part):
    """What the pre-scan reads of an .xlsb, .xlsx or .ods sheet part, whatever its bytes (or
    its tag-like text)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        z.writestr(part, data)
    try:
        lists.process({"xl/worksheets/sheet1.bin": "x.xlsb", "content.xml": "x.ods"}.get(part, "x.xlsx"),
                      buffer.getvalue())
    except lists.ListError as error:
        assert str(error) and len(str(error)) < 400


@st.composite
def odd_workbooks(draw):
    """A valid sheet of good rows, written as other tools may: attributes in any order, either
    quote, rows without a reference (their cells have one), rows left out (blank rows Excel shows),
    comments holding more rows. Returns (bytes, rows Excel shows after the header, blank rows)."""
    count = draw(st.integers(1, 6))
    items = [GOOD[draw(st.integers(0, len(GOOD) - 1))] for _ in range(count)]
    order = draw(st.sampled_from(["rt", "tr", "srt", "tsr", "rst"]))
    quote = draw(st.sampled_from(['"', "'"]))
    body, number, blanks = [], 1, 0
    for values in [HEADERS] + [[item.get(h) for h in HEADERS] for item in items]:
        if number > 1 and draw(st.booleans()):
            gap = draw(st.integers(1, 3))
            number += gap
            blanks += gap
        cells = "".join(cell(f"{reader_letter(c)}{number}", v, order, quote) for c, v in enumerate(values)
                        if v not in (None, ""))
        row_ref = f" r={quote}{number}{quote}" if draw(st.booleans()) else ""  # cells carry theirs
        body.append(f"<row{row_ref}>{cells}</row>")
        if draw(st.booleans()):
            body.append(f"<!-- <row r=\"{number + 1}\">{cell(f'A{number + 1}', '介休市')}</row> -->")
        number += 1
    return package(worksheet("".join(body))), count + blanks, blanks


def reader_letter(index: int) -> str:
    from policy.lists.reader import column_letter
    return column_letter(index + 1)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(odd_workbooks())
def test_odd_but_valid_workbooks_are_counted_as_excel_shows_them(book):
    data, shown, blanks = book
    result = lists.process("x.xlsx", data)
    s = result.summary
    assert s["rows_in"] == shown and s["rows_in"] == s["rows_out"] + s["rows_reported"]
    blank_reports = [p for p in result.problems if p.blocking and "空行" in p.message]
    assert len(blank_reports) == blanks
    assert s["rows_out"] == shown - blanks
