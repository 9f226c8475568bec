"""Reading a county's spreadsheet: .xlsx/.xlsm/.xlsb/.xls/.ods with python-calamine, .csv
with the standard library, every cost bounded before the work starts.

python-calamine (Rust's calamine) is the field's reader: it reads what Excel, WPS and
LibreOffice write, gives date cells as dates, and (measured on the benchmark's 10,000-row
× 39-column workbook, 2 cores) reads it in 0.13 s where our former hand-written reader
took 0.32 s and openpyxl 1.40 s. It is imported here, on first use, so the rules engine
stays standard-library only (in the browser it is loaded only on the lists page).

calamine builds a dense grid from the first to the last cell of a sheet, so a single
stray cell at XFD1048576 would make it allocate billions of cells. Before calamine sees
a zip-based file, `check_zip` reads the zip directory (sizes, methods, encryption),
inflates each part with a cap (a bomb stops at the cap, whatever its header claims) and,
in worksheet parts, finds the furthest cell position referenced: a sheet whose grid would
exceed MAX_GRID_CELLS is refused with a message naming the far cell, and notes the cells
holding an error value (#N/A …), which calamine gives as empty: they are reported on their
row, never read as blank. An .xlsb's worksheet parts (binary records) and an .xls's workbook
stream (BIFF in an OLE file, opened with olefile) are walked for the same grid, record by
record, and the .xls's error cells noted too (an .xlsb's are not: no writer here makes one
to test it). Then only cells that
hold a value are kept (`Sheet.rows`), and rows and columns that hold data are counted
against MAX_ROWS and MAX_COLUMNS.
"""
from __future__ import annotations

import codecs
import csv
import datetime as dt
import html
import io
import operator
import posixpath
import re
import struct
import zipfile
from collections import Counter
from dataclasses import dataclass, field
from xml.etree import ElementTree

MB = 1024 * 1024
MAX_FILE_BYTES = 20 * MB  # the file as uploaded (the browser checks it before reading)
MAX_PART_BYTES = 100 * MB  # one part of a .xlsx/.ods zip, inflated
MAX_TOTAL_BYTES = 200 * MB  # all parts, inflated
MAX_PARTS = 2000  # entries in the zip directory
MAX_GRID_CELLS = 4_000_000  # first to last cell of one sheet (calamine's grid)
MAX_ROWS = 100_000  # rows holding data, all sheets
MAX_COLUMNS = 200  # columns holding data, per sheet
MAX_CELL_CHARS = 5_000  # one cell's text
MAX_ERROR_CELLS = 200_000  # error cells noted per workbook (an .ods row repeated repeats its errors)
QUOTE_CHARS = 40  # how much of a bad value a message quotes

LIMITS = {"file_bytes": MAX_FILE_BYTES, "rows": MAX_ROWS, "columns": MAX_COLUMNS, "cell_chars": MAX_CELL_CHARS}

MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
WORKBOOK_SUFFIXES = (".xlsx", ".xlsm", ".xlsb", ".xls", ".ods")
ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


# What reads workbooks, as the package indexes (and Pyodide's lock file) name it: the lists
# page loads these (policy.lists.browser, build_scripts/runtime.py).
READER_PACKAGES = ("python-calamine", "olefile")


class ReadError(ValueError):
    """The file cannot be read at all (the message is Chinese)."""


@dataclass(frozen=True)
class CellError:
    """A cell holding an error value (#N/A, #DIV/0! …): calamine reads it as empty, so the
    pre-scan of the sheet's XML finds it and the row is reported, never read as blank."""

    code: str

    def __str__(self) -> str:
        return self.code


@dataclass
class Sheet:
    name: str
    rows: dict = field(default_factory=dict)  # row number (1-based) -> {column number: value}, non-empty only
    merged: list = field(default_factory=list)  # (min_row, min_col, max_row, max_col, "A1:B2")
    hidden: bool = False


def column_letter(number: int) -> str:
    letters = ""
    while number:
        number, rest = divmod(number - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def quote(value, limit: int = QUOTE_CHARS) -> str:
    """A bad value as a message shows it: at most LIMIT characters, undecodable bytes as \\x.."""
    text = str(value)
    if len(text) > limit:
        text = text[:limit] + f"…（共{len(text)}字）"
    return text.encode("utf-8", "backslashreplace").decode("utf-8")


def megabytes(size: int) -> str:
    return f"{size / MB:.0f} MB" if size >= MB else f"{size / 1024:.0f} KB"


# ── zip-based workbooks: the directory and the parts, before calamine ──────

# Every cell and row start tag, with its reference when it has one (any attribute order,
# either quote, a namespace prefix): one pass, as the grid needs only the extremes and counts.
_CELL_OR_ROW = re.compile(rb"<(?:\w+:)?(c|row)(?=[\s/>])(?:[^>]*?\br\s*=\s*[\"']\s*([A-Za-z]{0,3})([0-9]{1,9}))?")


def _letters_number(letters: bytes) -> int:
    number = 0
    for char in letters.upper():
        number = number * 26 + char - 64
    return number


def _inflate(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> bytes:
    """The part's bytes, reading at most MAX_PART_BYTES + 1 whatever the header says."""
    try:
        with archive.open(info) as stream:
            data = stream.read(MAX_PART_BYTES + 1)
    except NotImplementedError as error:
        raise ReadError(f"工作簿的部件「{quote(info.filename)}」使用了不支持的压缩方式（{info.compress_type}）。"
                        "请在 Excel 或 WPS 中打开后另存为 .xlsx。") from error
    except RuntimeError as error:  # encrypted part
        raise ReadError("工作簿已加密（设置了密码）：请取消密码后另存，再上传。") from error
    except (zipfile.BadZipFile, EOFError, OSError, ValueError) as error:
        raise ReadError(f"工作簿已损坏：部件「{quote(info.filename)}」无法解压（{quote(error, 80)}）。"
                        "请在 Excel 或 WPS 中打开后重新保存。") from error
    except Exception as error:  # zlib.error and friends
        raise ReadError(f"工作簿已损坏：部件「{quote(info.filename)}」无法解压（{type(error).__name__}）。"
                        "请在 Excel 或 WPS 中打开后重新保存。") from error
    if len(data) > MAX_PART_BYTES:
        raise ReadError(f"工作簿的部件「{quote(info.filename)}」解压后超过 {megabytes(MAX_PART_BYTES)} 的上限"
                        "（可能是压缩炸弹）：请拆分工作簿后分别处理。")
    return data


def _grid(xml: bytes) -> tuple[int, int, int, int]:
    """(first row, last row, first column, last column) of the grid calamine would build for a
    worksheet part, at least: the cells referenced, widened by rows and cells written without
    a reference (each may add one). Cells in comments count too: the estimate only errs large."""
    # One regex pass, then reductions over a few distinct values rather than a Python loop per
    # cell: 0.33 s → 0.20 s for the benchmark's 10,000 rows (four regex passes before).
    found = _CELL_OR_ROW.findall(xml)
    kinds, letters, numbers = zip(*found) if found else ((), (), ())
    cols = [_letters_number(found) for found in set(letters) if found]
    rows = [int(number) for number in set(numbers) if number]
    unreferenced = Counter(zip(kinds, map(operator.not_, numbers)))  # counted in C, not a loop per cell
    cells_without_ref = unreferenced[(b"c", True)]
    rows_without_ref = unreferenced[(b"row", True)]
    first_row, last_row = (min(rows), max(rows)) if rows else (1, 0)
    first_col, last_col = (min(cols), max(cols)) if cols else (1, 0)
    return first_row, last_row + rows_without_ref, first_col, last_col + cells_without_ref


# A shared-string cell whose index is not a plain non-negative number: calamine 0.9.1 reads
# "-2" as string 0, a wrong value without a word (test_hostile: 共享字符串负序号).
# Looked for only where a value is not a plain number (most cells' values are), the start tag
# before it then checked: 0.10 s → 0.01 s on the benchmark's sheet.
_ODD_VALUE = re.compile(rb"<(?:\w+:)?v>(?![0-9]+<)")
_SHARED_CELL_START = re.compile(rb"<(?:\w+:)?c\b([^>]*?\bt\s*=\s*[\"']s[\"'][^>]*)>\s*$")


def _bad_shared_index(xml: bytes):
    """(the cell's attributes, the value) of the first shared-string cell whose index is not a
    plain number, or None."""
    for odd in _ODD_VALUE.finditer(xml):
        start = xml.rfind(b"<", 0, odd.start())
        cell = _SHARED_CELL_START.match(xml, start, odd.start()) if start >= 0 else None
        if cell:
            return cell.group(1), xml[odd.end():odd.end() + 20].split(b"<", 1)[0]
    return None


_ERROR_CELL = re.compile(rb"<(?:\w+:)?c\b([^>]*?\bt\s*=\s*[\"']e[\"'][^>]*)>(.*?)</(?:\w+:)?c>", re.S)
_CELL_REF = re.compile(rb"\br\s*=\s*[\"']\s*([A-Za-z]{1,3})([0-9]{1,9})")
_VALUE = re.compile(rb"<(?:\w+:)?v>([^<]{0,40})<")


def _error_cells(xml: bytes) -> dict:
    """{(row, column): "#N/A"} for the cells of a worksheet part typed as an error (t="e")."""
    if xml.find(b'"e"') < 0 and xml.find(b"'e'") < 0:  # t="e" holds one or the other (a find is 10× faster)
        return {}
    found = {}
    for attrs, body in _ERROR_CELL.findall(xml):
        ref = _CELL_REF.search(attrs)
        if ref:
            value = _VALUE.search(body)
            code = value.group(1).decode("utf-8", "replace").strip() if value else ""
            found[(int(ref.group(2)), _letters_number(ref.group(1)))] = code or "错误值"
    return found


def _sheet_parts(archive: zipfile.ZipFile) -> dict:
    """{sheet name: worksheet part} from xl/workbook.xml and its relationships."""
    try:
        book = ElementTree.fromstring(_inflate(archive, archive.getinfo("xl/workbook.xml")))
        rels = ElementTree.fromstring(_inflate(archive, archive.getinfo("xl/_rels/workbook.xml.rels")))
    except (KeyError, ElementTree.ParseError):
        return {}
    targets = {rel.get("Id"): rel.get("Target") or "" for rel in rels}
    parts = {}
    for sheet in book.iter(f"{{{MAIN_NS}}}sheet"):
        target = targets.get(sheet.get(f"{{{REL_NS}}}id"), "")
        # Relative to xl/ unless absolute (/xl/…), as the package's part names are.
        parts[sheet.get("name")] = posixpath.normpath(target.lstrip("/") if target.startswith("/")
                                                      else posixpath.join("xl", target))
    return parts


_ODS_ROW = re.compile(rb"<table:table-row\b([^>]*?)(?:/>|>(.*?)</table:table-row>)", re.S)
_ODS_CELL = re.compile(rb"<table:(?:covered-)?table-cell\b([^>]*?)(/>|>)")
_ODS_REPEAT = re.compile(rb"number-(?:rows|columns)-repeated\s*=\s*[\"']\s*([0-9]{1,12})")
_ODS_DATA = re.compile(rb"office:value-type|<text:")


def _repeat(attrs: bytes) -> int:
    found = _ODS_REPEAT.search(attrs)
    return int(found.group(1)) if found else 1


_ODS_TABLE = re.compile(rb"<table:table(?=[\s>])([^>]*)>(.*?)</table:table>", re.S)
_ODS_NAME = re.compile(rb"table:name\s*=\s*\"([^\"]*)\"")
_ODS_TEXT = re.compile(rb"\s*<text:p>([^<]{0,40})")


def _ods_errors(xml: bytes) -> dict:
    """{sheet name: {(row, column): "#N/A"}}: the cells LibreOffice marks as errors
    (calcext:value-type="error"), which calamine gives as empty."""
    if xml.find(b'value-type="error"') < 0:
        return {}
    found: dict = {}
    noted = 0  # error cells, all tables: a thousand small tables repeating rows add up
    for table_attrs, table in _ODS_TABLE.findall(xml):
        name = _ODS_NAME.search(table_attrs)
        if name is None or table.find(b'value-type="error"') < 0:
            continue
        sheet = html.unescape(name.group(1).decode("utf-8", "replace"))
        cells = found.setdefault(sheet, {})
        row = 0
        for attrs, body in _ODS_ROW.findall(table):
            repeat = _repeat(attrs)
            row += repeat
            col = 0
            here = {}  # column -> code, of this row
            for cell in _ODS_CELL.finditer(body or b""):
                span = _repeat(cell.group(1))
                col += span
                if b'value-type="error"' in cell.group(1):
                    text = _ODS_TEXT.match(body, cell.end())
                    code = text.group(1).decode("utf-8", "replace").strip() if text else ""
                    for at in range(col - span + 1, min(col, col - span + MAX_COLUMNS) + 1):
                        here[at] = code or "错误值"
            if not here:
                continue
            # LibreOffice writes identical rows once, repeated: every copy holds the errors.
            noted += len(here) * repeat
            if noted > MAX_ERROR_CELLS:
                raise ReadError(f"工作簿中的错误值单元格超过 {MAX_ERROR_CELLS} 个（到工作表「{quote(sheet)}」为止）："
                                "请改正公式后重新上传。")
            for at_row in range(row - repeat + 1, row + 1):
                for at, code in here.items():
                    cells[(at_row, at)] = code
    return found


def _ods_grid(xml: bytes) -> tuple[int, int, int, int]:
    """The grid of an ODS content.xml: rows and cells repeat by attribute (LibreOffice writes
    the empty rest of a sheet as one row repeated a million times, which holds nothing); the
    grid runs to the last row and column holding data."""
    row = last_row = last_col = 0
    for attrs, body in _ODS_ROW.findall(xml):
        row += _repeat(attrs)
        if body and _ODS_DATA.search(body):
            last_row = row
            col = 0
            for cell in _ODS_CELL.finditer(body):
                col += _repeat(cell.group(1))
                if cell.group(2) == b">" or b"office:value-type" in cell.group(1):
                    last_col = max(last_col, col)
    return 1, last_row, 1, last_col


# BIFF12 (.xlsb): BrtRowHdr gives the row; the cell records, BrtCellBlank … BrtFmlaError and
# BrtCellRString, start with their column. Blank cells count (the estimate only errs large).
_XLSB_ROW = 0
_XLSB_CELLS = frozenset((*range(1, 12), 62))


def _xlsb_grid(part: bytes) -> tuple[int, int, int, int]:
    """(first row, last row, first column, last column), 1-based, of an .xlsb worksheet part's
    cells: its records walked as MS-XLSB 2.1.4 frames them (type and size in 7-bit groups)."""
    rows: set = set()
    first_col = last_col = None
    row, pos, end = 0, 0, len(part)
    while pos < end:
        kind = part[pos]
        pos += 1
        if kind & 0x80 and pos < end:
            kind = (kind & 0x7F) | (part[pos] & 0x7F) << 7
            pos += 1
        size = shift = 0
        for _ in range(4):
            if pos >= end:
                break
            byte = part[pos]
            pos += 1
            size |= (byte & 0x7F) << shift
            shift += 7
            if not byte & 0x80:
                break
        if pos + 4 <= end and size >= 4:
            if kind == _XLSB_ROW:
                row = int.from_bytes(part[pos:pos + 4], "little")
            elif kind in _XLSB_CELLS:
                col = int.from_bytes(part[pos:pos + 4], "little")
                rows.add(row)
                first_col = col if first_col is None else min(first_col, col)
                last_col = col if last_col is None else max(last_col, col)
        pos += size
    if not rows:
        return 1, 0, 1, 0
    return min(rows) + 1, max(rows) + 1, first_col + 1, last_col + 1


def _check_grid(where: str, first_row: int, last_row: int, first_col: int, last_col: int) -> None:
    if (last_row - first_row + 1) * (last_col - first_col + 1) > MAX_GRID_CELLS:
        raise ReadError(
            f"{where}的单元格区域从第 {first_row} 行延伸到第 {last_row} 行、"
            f"从第 {first_col} 列延伸到第 {last_col} 列（{column_letter(min(last_col, 16384))} 列），"
            f"超过可处理的上限（{MAX_GRID_CELLS // 10000} 万个单元格）：多半是远处误填了内容。"
            "请删除数据以下、以右的多余行列后重新保存。")


def check_zip(data: bytes) -> dict:
    """Raise ReadError unless every part of the zip inflates within the limits and no
    worksheet reaches beyond MAX_GRID_CELLS. Checks the directory before inflating anything.
    Returns the error cells of each worksheet, by sheet name ({} for most files)."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError, OSError, EOFError) as error:
        raise ReadError("文件不是有效的工作簿（无法作为 zip 打开，可能已损坏或不完整）。"
                        "请在 Excel 或 WPS 中打开后重新保存。") from error
    with archive:
        infos = archive.infolist()
        if len(infos) > MAX_PARTS:
            raise ReadError(f"工作簿由 {len(infos)} 个部件组成，超过 {MAX_PARTS} 个的上限。")
        for info in infos:
            if info.flag_bits & 0x1:
                raise ReadError("工作簿已加密（设置了密码）：请取消密码后另存，再上传。")
            if info.file_size > MAX_PART_BYTES:
                raise ReadError(f"工作簿的部件「{quote(info.filename)}」解压后有 {megabytes(info.file_size)}，"
                                f"超过 {megabytes(MAX_PART_BYTES)} 的上限：请拆分工作簿后分别处理。")
        declared = sum(info.file_size for info in infos)
        if declared > MAX_TOTAL_BYTES:
            raise ReadError(f"工作簿解压后共有 {megabytes(declared)}，超过 {megabytes(MAX_TOTAL_BYTES)} 的上限："
                            "请拆分工作簿后分别处理。")
        total = 0
        errors: dict = {}  # worksheet part -> its error cells
        ods_errors: dict = {}  # sheet name -> its error cells (an .ods names its tables)
        for info in infos:
            if info.is_dir():
                continue
            part = _inflate(archive, info)
            total += len(part)
            if total > MAX_TOTAL_BYTES:
                raise ReadError(f"工作簿解压后超过 {megabytes(MAX_TOTAL_BYTES)} 的上限（可能是压缩炸弹）："
                                "请拆分工作簿后分别处理。")
            name = info.filename.lower()
            if name.endswith(".bin") and "worksheets/" in name:  # .xlsb
                _check_grid(f"工作表（{quote(info.filename)}）", *_xlsb_grid(part))
            if name.endswith(".xml") and ("worksheets/" in name or name.endswith("content.xml")):
                bad = None if name.endswith("content.xml") else _bad_shared_index(part)
                if bad:
                    ref = re.search(rb"\br\s*=\s*[\"']([A-Za-z]+[0-9]+)", bad[0])
                    where = f"单元格 {ref.group(1).decode()}" if ref else "一个单元格"
                    raise ReadError(f"工作表（{quote(info.filename)}）的{where}引用了不存在的共享字符串"
                                    f"「{quote(bad[1].decode('utf-8', 'replace'))}」：文件已损坏。"
                                    "请在 Excel 或 WPS 中打开后重新保存。")
                grid = (_ods_grid if name.endswith("content.xml") else _grid)(part)
                _check_grid(f"工作表（{quote(info.filename)}）", *grid)
                if name.endswith("content.xml"):
                    ods_errors = _ods_errors(part)
                else:
                    found = _error_cells(part)
                    if found:
                        errors[info.filename.lstrip("/")] = found
        # A part no sheet names is not read (calamine finds sheets the same way).
        parts = _sheet_parts(archive) if errors else {}
        return {**ods_errors, **{sheet_name: errors[part] for sheet_name, part in parts.items() if part in errors}}


# ── .xls (BIFF in an OLE compound file), before calamine ─────────────────

_BIFF_ERRORS = {0x00: "#NULL!", 0x07: "#DIV/0!", 0x0F: "#VALUE!", 0x17: "#REF!", 0x1D: "#NAME?", 0x24: "#NUM!",
                0x2A: "#N/A", 0x2B: "#GETTING_DATA"}
_BIFF_FORMULA, _BIFF_BOOLERR, _BIFF_BOUNDSHEET = 0x0006, 0x0205, 0x0085
# Cell records calamine puts on its grid: FORMULA, RSTRING, LABELSST, NUMBER, LABEL, BOOLERR,
# RK (row and column first), and MULRK (several columns). BLANK and MULBLANK (formatting
# only) it skips, as must we: Excel writes them for formatted empty cells far down a sheet.
_BIFF_CELLS = frozenset((0x0006, 0x00D6, 0x00FD, 0x0203, 0x0204, 0x0205, 0x027E))
_BIFF_MULRK, _BIFF_BOF, _BIFF_EOF = 0x00BD, 0x0809, 0x000A


def check_xls(data: bytes) -> dict:
    """Raise ReadError unless the workbook stream of an .xls (read with olefile, the field's
    reader of OLE files) is within MAX_PART_BYTES and no sheet's cells reach beyond
    MAX_GRID_CELLS: a 6 KB .xls with one cell at IV65536 made calamine allocate 1 GB.
    Returns the error cells of each sheet by name, as check_zip does."""
    try:
        import olefile
    except ImportError as error:  # pragma: no cover - an install without the `lists` extra
        raise ReadError("读取 .xls 工作簿需要 olefile：请执行 pip install 'jinzhong-policy[lists]'。") from error
    try:
        with olefile.OleFileIO(io.BytesIO(data)) as ole:  # bytes under 1536 would be taken for a path
            stream = next((name for name in ("Workbook", "Book") if ole.exists(name)), None)
            if stream is None:
                return {}  # no Excel workbook inside: calamine says so
            if ole.get_size(stream) > MAX_PART_BYTES:
                raise ReadError(f"旧版 .xls 工作簿的数据超过 {megabytes(MAX_PART_BYTES)} 的上限：请拆分后分别处理。")
            biff = ole.openstream(stream).read(MAX_PART_BYTES + 1)
    except ReadError:
        raise
    except Exception as error:  # olefile's errors on a damaged file (OSError, its own, struct.error …)
        raise ReadError("无法读取旧版 .xls 工作簿：文件已损坏或不完整。"
                        "请在 Excel 或 WPS 中打开后另存为 .xlsx 再上传。") from error
    return _check_biff(biff)


def _check_biff(biff: bytes) -> dict:
    sheet, extent = 0, None  # extent: [first row, last row, first column, last column], 0-based
    names: dict = {}  # BOF position -> sheet name (BOUNDSHEET8, BIFF8)
    errors: dict = {}
    here: dict = {}  # the current sheet's error cells
    pos, end = 0, len(biff)
    while pos + 4 <= end:
        start = pos
        kind, length = struct.unpack_from("<HH", biff, pos)
        body, pos = pos + 4, pos + 4 + length
        if pos > end:
            break  # a truncated last record: calamine reports the file
        if kind == _BIFF_BOUNDSHEET and length >= 8:
            chars, wide = biff[body + 6], biff[body + 7] & 1
            raw = biff[body + 8:min(pos, body + 8 + chars * (2 if wide else 1))]
            names[int.from_bytes(biff[body:body + 4], "little")] = raw.decode("utf-16-le" if wide else "latin-1",
                                                                              "replace")
        if kind == _BIFF_BOF:
            sheet, extent = sheet + 1, None
            here = errors.setdefault(names.get(start, ""), {}) if start in names else {}
        elif kind in _BIFF_CELLS and length >= 4 or kind == _BIFF_MULRK and length >= 6:
            code = None
            if kind == _BIFF_BOOLERR and length >= 8 and biff[body + 7]:
                code = biff[body + 6]
            elif kind == _BIFF_FORMULA and length >= 14 and biff[body + 12:body + 14] == b"\xff\xff" \
                    and biff[body + 6] == 2:  # a formula whose cached result is an error
                code = biff[body + 8]
            if code is not None:
                row, col = struct.unpack_from("<HH", biff, body)
                here[(row + 1, col + 1)] = _BIFF_ERRORS.get(code, "错误值")
            row, col = struct.unpack_from("<HH", biff, body)
            last = struct.unpack_from("<H", biff, pos - 2)[0] if kind == _BIFF_MULRK else col
            if extent is None:
                extent = [row, row, col, last]
            else:
                extent = [min(extent[0], row), max(extent[1], row), min(extent[2], col), max(extent[3], last)]
        elif kind == _BIFF_EOF and extent is not None:
            _check_grid(f"旧版 .xls 工作簿第 {sheet - 1} 个工作表", extent[0] + 1, extent[1] + 1,
                        extent[2] + 1, extent[3] + 1)
            extent = None
    if extent is not None:
        _check_grid(f"旧版 .xls 工作簿第 {sheet - 1} 个工作表", extent[0] + 1, extent[1] + 1, extent[2] + 1, extent[3] + 1)
    return {name: cells for name, cells in errors.items() if cells}


# ── workbooks ──────────────────────────────────────────────────────────────

def _calamine():
    try:
        import python_calamine
    except ImportError as error:  # pragma: no cover - an install without the `lists` extra
        raise ReadError("读取工作簿需要 python-calamine：请执行 pip install 'jinzhong-policy[lists]'。") from error
    return python_calamine


def _cell(value):
    """calamine's value as the package takes it: "" → None; whole floats → int (as Excel shows 8, not 8.0)."""
    kind = type(value)
    if kind is str:
        return value if value else None
    if kind is float:
        if value != value or value in (float("inf"), float("-inf")):
            return None
        return int(value) if value.is_integer() and abs(value) < 2 ** 53 else value
    if kind is dt.datetime and value.time() == dt.time(0):
        return value.date()
    return value


def read_workbook(data: bytes) -> list[Sheet]:
    errors = check_zip(data) if data[:4] == ZIP_MAGIC else check_xls(data) if data[:8] == OLE_MAGIC else {}
    pc = _calamine()
    try:
        book = pc.CalamineWorkbook.from_filelike(io.BytesIO(data))
    except pc.PasswordError as error:
        raise ReadError("工作簿已加密（设置了密码）：请取消密码后另存，再上传。") from error
    except (pc.CalamineError, ValueError, OSError) as error:
        what = "旧版 .xls 工作簿" if data[:8] == OLE_MAGIC else "工作簿"
        raise ReadError(f"无法读取{what}（{quote(error, 120)}），文件可能已损坏或不是电子表格。"
                        "请在 Excel 或 WPS 中打开后另存为 .xlsx 再上传。") from error
    sheets = []
    rows_total = 0
    with book:
        for meta in book.sheets_metadata:
            if meta.typ != pc.SheetTypeEnum.WorkSheet:
                continue  # chart and dialog sheets hold no table
            try:
                grid = book.get_sheet_by_name(meta.name)
                sheet = _sheet(meta.name, grid, meta.visible != pc.SheetVisibleEnum.Visible)
                for (row, col), code in errors.get(meta.name, {}).items():
                    sheet.rows.setdefault(row, {})[col] = CellError(code)
            except (pc.CalamineError, ValueError, OverflowError) as error:
                raise ReadError(f"无法读取工作表「{quote(meta.name)}」：{quote(error, 120)}。"
                                "请在 Excel 或 WPS 中打开后重新保存。") from error
            rows_total += len(sheet.rows)
            if rows_total > MAX_ROWS:
                raise ReadError(f"工作簿有数据的行超过 {MAX_ROWS} 行的上限：请拆分后分别处理。")
            sheets.append(sheet)
    return sheets


def _sheet(name: str, grid, hidden: bool) -> Sheet:
    sheet = Sheet(name, hidden=hidden)
    start = grid.start
    if start is None:
        return sheet
    first_row, first_col = start[0] + 1, start[1] + 1
    rows = sheet.rows
    columns: set = set()
    for offset, values in enumerate(grid.to_python(skip_empty_area=True)):  # from `start` (iter_rows: from A1)
        cells = {}
        for index, value in enumerate(values):
            if value == "" and type(value) is str:
                continue
            value = _cell(value)
            if value is not None:
                cells[first_col + index] = value
        if cells:
            rows[first_row + offset] = cells
            columns.update(cells)
            if len(rows) > MAX_ROWS:
                raise ReadError(f"工作表「{quote(name)}」有数据的行超过 {MAX_ROWS} 行的上限：请拆分后分别处理。")
    if len(columns) > MAX_COLUMNS:
        raise ReadError(f"工作表「{quote(name)}」有数据的列有 {len(columns)} 列，超过 {MAX_COLUMNS} 列的上限。")
    for (r1, c1), (r2, c2) in grid.merged_cell_ranges or ():
        ref = f"{column_letter(c1 + 1)}{r1 + 1}:{column_letter(c2 + 1)}{r2 + 1}"
        sheet.merged.append((min(r1, r2) + 1, min(c1, c2) + 1, max(r1, r2) + 1, max(c1, c2) + 1, ref))
    return sheet


# ── CSV ────────────────────────────────────────────────────────────────────

UNDECODABLE = re.compile("[\udc80-\udcff]")
_NON_ASCII = re.compile("[^\x00-\x7f]")


def decode_csv(data: bytes) -> tuple[str, str]:
    """CSV as Chinese Excel and WPS write it: UTF-8 with or without BOM, GBK/GB18030, UTF-16.
    Bytes that do not decode stay in the text as lone surrogates (surrogateescape): the rows
    holding them are reported, never filled with a replacement character."""
    if data.startswith(codecs.BOM_UTF8):
        return data[len(codecs.BOM_UTF8):].decode("utf-8", "surrogateescape"), "UTF-8（带BOM）"
    if data.startswith(codecs.BOM_UTF16_LE) or data.startswith(codecs.BOM_UTF16_BE):
        try:
            return data.decode("utf-16"), "UTF-16"
        except UnicodeDecodeError as error:
            raise ReadError("UTF-16 编码的 CSV 文件不完整或含无法解码的内容"
                            f"（第 {error.start} 字节起）：请在 Excel 中重新另存为 CSV。") from error
    try:
        return data.decode("utf-8"), "UTF-8"
    except UnicodeDecodeError:
        pass
    text = data.decode("utf-8", "surrogateescape")
    bad = len(UNDECODABLE.findall(text))
    wide = len(_NON_ASCII.findall(text)) - bad
    if wide >= 4 * bad:  # mostly UTF-8 with a few bad bytes: keep UTF-8, report those rows
        return text, "UTF-8"
    try:
        return data.decode("gb18030"), "GBK/GB18030"
    except UnicodeDecodeError as error:
        raise ReadError("无法识别 CSV 文件的编码（支持 UTF-8、GBK/GB18030、UTF-16）。") from error


def read_csv(name: str, data: bytes) -> tuple[Sheet, str, bool]:
    """(the sheet, the encoding, whether some bytes did not decode)."""
    text, encoding = decode_csv(data)
    sheet = Sheet(name)
    first = text.split("\n", 1)[0]
    delimiter = "\t" if "\t" in first and "," not in first else ","
    limit = csv.field_size_limit()
    csv.field_size_limit(max(limit, MAX_FILE_BYTES))
    try:
        for number, values in enumerate(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter), 1):
            cells = {c: v for c, v in enumerate(values, 1) if v.strip()}
            if cells:
                if len(cells) > MAX_COLUMNS and max(cells) > MAX_COLUMNS:
                    raise ReadError(f"CSV 第 {number} 行有 {len(cells)} 列数据，超过 {MAX_COLUMNS} 列的上限。")
                sheet.rows[number] = cells
                if len(sheet.rows) > MAX_ROWS:
                    raise ReadError(f"CSV 文件有数据的行超过 {MAX_ROWS} 行的上限：请拆分后分别处理。")
    except csv.Error as error:
        raise ReadError(f"CSV 文件格式有误：{quote(error, 80)}。") from error
    finally:
        csv.field_size_limit(limit)
    return sheet, encoding, UNDECODABLE.search(text) is not None
