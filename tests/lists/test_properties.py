"""Whatever a sheet holds, every data row is either in the output or reported, never both,
never neither (rows in = rows out + rows reported), and nothing raises."""
from __future__ import annotations

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
