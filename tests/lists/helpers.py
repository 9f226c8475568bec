"""Building input workbooks with openpyxl (an implementation independent of ours) and
reading result workbooks back with it."""
from __future__ import annotations

import io
import subprocess
from pathlib import Path

import openpyxl

import policy
from policy.lists.columns import columns
from tests.lists.generate import rows, table

HEADERS = [c.header for c in columns(policy.load_plan())]
LIST_COLUMNS = ["所在县（区、市）", "企业名称", "统一社会信用代码", "设施编号", "设施名称", "所属行业", "清单", "结论",
                "限产比例（%）", "允许生产负荷（%）", "停产天数折算（天）", "依据条款", "县级调整", "解释说明",
                "须县级核定或复核", "提示", "结果说明", "来源"]


def workbook_bytes(rows: list[list], sheet: str = "设施清单", merges: tuple = (), extra_sheets: dict | None = None) -> bytes:
    book = openpyxl.Workbook()
    ws = book.active
    ws.title = sheet
    for row in rows:
        ws.append(row)
    for ref in merges:
        ws.merge_cells(ref)
    for name, content in (extra_sheets or {}).items():
        other = book.create_sheet(name)
        for row in content:
            other.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def read_book(data: bytes) -> dict:
    """{sheet name: [row tuples]} read by openpyxl."""
    book = openpyxl.load_workbook(io.BytesIO(data))
    return {ws.title: [tuple(row) for row in ws.iter_rows(values_only=True)] for ws in book.worksheets}


def records(rows: list[tuple]) -> list[dict]:
    header = rows[0]
    return [dict(zip(header, row)) for row in rows[1:]]


PUBLIC_COLUMNS = ["序号", "所在县（区、市）", "企业名称", "统一社会信用代码", "设施编号", "设施名称", "所属行业", "结论",
                  "限产比例（%）", "允许生产负荷（%）", "停产天数折算（天）", "依据条款", "县级调整"]


def facilities(book: dict) -> list[dict]:
    """Every facility of the result workbook: its working sheet 工作底稿 (all columns)."""
    rows = book["工作底稿"]
    assert list(rows[0]) == LIST_COLUMNS
    return records(rows)


def published(book: dict) -> dict:
    """{sheet name: [record]} of the lists as published (public columns and 序号 only)."""
    out = {}
    for name, rows in book.items():
        if name.startswith(("错峰生产企业清单", "错峰生产豁免清单")):
            assert list(rows[0]) == PUBLIC_COLUMNS, name
            out[name] = records(rows)
    return out


def save_as(source: Path, fmt: str, folder: Path) -> Path:
    """SOURCE opened and saved as FMT by LibreOffice Calc, headless, with a profile of its own
    (no clash with another soffice running)."""
    out = folder / fmt
    subprocess.run(["soffice", f"-env:UserInstallation={(folder / 'profile').as_uri()}", "--headless",
                    "--convert-to", fmt, "--outdir", str(out), str(source)], check=True, capture_output=True,
                   timeout=180)
    return out / f"{source.stem}.{fmt}"


def stray_cell_xls(folder: Path) -> Path:
    """A valid four-row list and one cell at IV65536, the last cell an .xls can hold (a 6 KB
    file calamine would spread over a grid of 16.7 million cells, 1 GB)."""
    source = folder / "远处一格.xlsx"
    book = openpyxl.load_workbook(io.BytesIO(workbook_bytes(table(HEADERS, [row for row, _ in rows(4)]))))
    book.active["IV65536"] = "x"
    book.save(source)
    return save_as(source, "xls", folder)
