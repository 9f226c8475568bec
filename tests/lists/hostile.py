"""A hostile corpus for the county lists, generated (no binary blobs in the repository):
valid-but-odd workbooks as other tools write them, broken and oversized files, odd CSVs.
Each case says the outcome it must get:

    Rows(rows_in, reported, message)   read: rows in = assessed + reported, and MESSAGE
                                       (if any) among the problems
    Refused(message)                   not read at all: a ListError saying MESSAGE

    python -m tests.lists.hostile DIR    writes every file into DIR (to try them by hand)
"""
from __future__ import annotations

import csv
import io
import struct
import sys
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path

from policy.lists import reader
from tests.lists.generate import rows, table
from tests.lists.helpers import HEADERS, workbook_bytes

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG = "http://schemas.openxmlformats.org/package/2006/relationships"


@dataclass
class Rows:
    rows_in: int
    reported: int
    message: str = ""


@dataclass
class Refused:
    message: str


# ── building blocks ─────────────────────────────────────────────────────────

def package(sheet_xml: bytes | str, shared: list | None = None, compress=zipfile.ZIP_DEFLATED) -> bytes:
    """A minimal .xlsx around one worksheet part (sheet name 设施清单), as a hand-made tool writes it."""
    buffer = io.BytesIO()
    rels = f'<Relationship Id="rId1" Type="{REL}/worksheet" Target="worksheets/sheet1.xml"/>'
    with zipfile.ZipFile(buffer, "w", compress) as z:
        z.writestr("[Content_Types].xml",
                   '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
                   '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
                   '<Default Extension="xml" ContentType="application/xml"/>'
                   '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.'
                   'spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType='
                   '"application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>')
        z.writestr("_rels/.rels", f'<?xml version="1.0"?><Relationships xmlns="{PKG}"><Relationship Id="rId1" '
                   f'Type="{REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>')
        z.writestr("xl/workbook.xml", f'<?xml version="1.0"?><workbook xmlns="{MAIN}" xmlns:r="{REL}"><sheets>'
                   '<sheet name="设施清单" sheetId="1" r:id="rId1"/></sheets></workbook>')
        if shared is not None:
            rels += f'<Relationship Id="rId2" Type="{REL}/sharedStrings" Target="sharedStrings.xml"/>'
            z.writestr("xl/sharedStrings.xml", f'<?xml version="1.0"?><sst xmlns="{MAIN}">'
                       + "".join(f"<si><t>{text}</t></si>" for text in shared) + "</sst>")
        z.writestr("xl/_rels/workbook.xml.rels", f'<?xml version="1.0"?><Relationships xmlns="{PKG}">{rels}</Relationships>')
        z.writestr("xl/worksheets/sheet1.xml", sheet_xml)
    return buffer.getvalue()


def worksheet(body: str) -> str:
    return f'<?xml version="1.0"?><worksheet xmlns="{MAIN}"><sheetData>{body}</sheetData></worksheet>'


def cell(ref: str, text, order: str = "rt", quote: str = '"') -> str:
    """An inline-string (or number) cell with its attributes in the given order and quoting."""
    q = quote
    if isinstance(text, (int, float)):
        return f"<c r={q}{ref}{q}><v>{text}</v></c>"
    attrs = {"r": f"r={q}{ref}{q}", "t": f"t={q}inlineStr{q}", "s": f"s={q}0{q}"}
    return f"<c {' '.join(attrs[a] for a in order)}><is><t>{text}</t></is></c>"


def letters(index: int) -> str:
    return reader.column_letter(index + 1)


def sheet_rows(items: list[list], start: int = 1, order: str = "rt", quote: str = '"') -> str:
    out = []
    for number, values in enumerate(items, start):
        cells = "".join(cell(f"{letters(c)}{number}", v, order, quote)
                        for c, v in enumerate(values) if v not in (None, ""))
        out.append(f'<row r="{number}">{cells}</row>')
    return "".join(out)


GOOD = [row for row, _ in rows(8)]


def good_table(count: int = 8) -> list[list]:
    return table(HEADERS, [row for row, _ in rows(count)])


def odd_xlsx(order: str, quote: str) -> bytes:
    return package(worksheet(sheet_rows(good_table(), order=order, quote=quote)))


def commented_rows() -> bytes:
    """Two data rows, and six more inside an XML comment (which no spreadsheet shows)."""
    data = good_table(8)
    visible = sheet_rows(data[:3])
    hidden = sheet_rows(data[3:], start=4)
    return package(worksheet(f"{visible}<!-- {hidden} -->"))


def sparse_rows() -> bytes:
    """Header, a row, 3 blank rows Excel shows, a row; cells written without references."""
    data = good_table(2)
    header = "<row>" + "".join(f'<c t="inlineStr"><is><t>{h}</t></is></c>' for h in data[0]) + "</row>"
    return package(worksheet(header + sheet_rows([data[1]], start=2) + sheet_rows([data[2]], start=6)))


def stray_cell_workbook(row: int = 1_048_576, column: str = "A") -> bytes:
    """A small valid list, and one stray cell far below (a 6 KB file Excel opens)."""
    return package(worksheet(sheet_rows(good_table(4)) + f'<row r="{row}">{cell(f"{column}{row}", "x")}</row>'))


def bad_shared_index() -> bytes:
    """A row whose 所在县 cell points at shared string −2 (a reader that indexes from the end
    would read a wrong county)."""
    data = good_table(1)
    county = HEADERS.index("所在县（区、市）")
    body = sheet_rows(data).replace(cell(f"{letters(county)}2", data[1][county]),
                                    f'<c r="{letters(county)}2" t="s"><v>-2</v></c>')
    return package(worksheet(body), shared=["介休市", "灵石县"])


def bomb(declared_honestly: bool) -> bytes:
    """A sheet part of ~110 MB of spaces, deflated to ~110 KB (written as a stream); or one
    whose directory claims 1 KB."""
    sheet = "xl/worksheets/sheet1.xml"
    head, tail = worksheet(sheet_rows(good_table(1))).encode().split(b"<sheetData>")
    buffer = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(package(b""))) as source, zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as z:
        for info in source.infolist():
            if info.filename != sheet:
                z.writestr(info, source.read(info))
        with z.open(sheet, "w", force_zip64=True) as part:
            part.write(head + b"<sheetData>")
            spaces = b" " * (1024 * 1024)
            for _ in range(110):
                part.write(spaces)
            part.write(tail)
    data = buffer.getvalue()
    return data if declared_honestly else set_sizes(data, sheet, 1024)


def set_sizes(data: bytes, name: str, size: int) -> bytes:
    """The zip with NAME's uncompressed size set to SIZE in its local header and directory entry."""
    out = bytearray(data)
    encoded = name.encode()
    local = out.find(b"PK\x03\x04" + b"\x00" * 0)  # first local header; walk them all
    while local != -1:
        name_len = struct.unpack_from("<H", out, local + 26)[0]
        if out[local + 30:local + 30 + name_len] == encoded:
            struct.pack_into("<I", out, local + 22, size)
        local = out.find(b"PK\x03\x04", local + 4)
    central = out.find(b"PK\x01\x02")
    while central != -1:
        name_len = struct.unpack_from("<H", out, central + 28)[0]
        if out[central + 46:central + 46 + name_len] == encoded:
            struct.pack_into("<I", out, central + 24, size)
        central = out.find(b"PK\x01\x02", central + 4)
    return bytes(out)


def patched(data: bytes, name: str, *, method: int | None = None, flags: int | None = None,
            corrupt: bool = False) -> bytes:
    """The zip with NAME's compression method or flag bits changed, or its deflate data spoilt."""
    out = bytearray(data)
    encoded = name.encode()
    for magic, method_at, flag_at, name_len_at, name_at in ((b"PK\x03\x04", 8, 6, 26, 30),
                                                          (b"PK\x01\x02", 10, 8, 28, 46)):
        at = out.find(magic)
        while at != -1:
            name_len = struct.unpack_from("<H", out, at + name_len_at)[0]
            if out[at + name_at:at + name_at + name_len] == encoded:
                if method is not None:
                    struct.pack_into("<H", out, at + method_at, method)
                if flags is not None:
                    struct.pack_into("<H", out, at + flag_at, flags)
                if corrupt and magic == b"PK\x03\x04":
                    extra = struct.unpack_from("<H", out, at + 28)[0]
                    start = at + 30 + name_len + extra
                    out[start:start + 8] = b"\xff" * 8
            at = out.find(magic, at + 4)
    return bytes(out)


def csv_bytes(items: list[list], encoding: str = "utf-8", delimiter: str = ",") -> bytes:
    text = io.StringIO(newline="")
    csv.writer(text, delimiter=delimiter, lineterminator="\r\n").writerows(
        [["" if v is None else v for v in r] for r in items])
    return text.getvalue().encode(encoding)


def date_in_name() -> bytes:
    """企业名称 holding an Excel date (openpyxl writes a date cell)."""
    import datetime
    data = good_table(2)
    data[1][HEADERS.index("企业名称")] = datetime.datetime(2019, 11, 1, 8, 30)
    return workbook_bytes(data)


def bad_utf8_row() -> bytes:
    data = csv_bytes(good_table(3))
    name = GOOD[1]["企业名称"].encode()
    return data.replace(name, name[:-3] + b"\xff\xfe", 1)  # the 2nd data row's name loses its last character


def long_cell() -> bytes:
    data = good_table(2)
    data[2][HEADERS.index("企业名称")] = "长" * 140_000  # over csv's default field limit (131,072)
    return csv_bytes(data)


def wide_sheet() -> bytes:
    data = good_table(2)
    data[1] = data[1] + ["x"] * (reader.MAX_COLUMNS + 5)
    return csv_bytes(data)


def many_rows() -> bytes:
    line = ",".join(["x"] * 3) + "\r\n"
    return (",".join(HEADERS) + "\r\n").encode() + (line * (reader.MAX_ROWS + 1)).encode()


def many_parts() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(package(worksheet(sheet_rows(good_table(1)))))) as source, \
            zipfile.ZipFile(buffer, "w") as z:
        for info in source.infolist():
            z.writestr(info, source.read(info))
        for index in range(reader.MAX_PARTS + 1):
            z.writestr(f"junk/{index}.bin", b"")
    return buffer.getvalue()


# ── the corpus ──────────────────────────────────────────────────────────────

def error_cells(writer: str) -> bytes:
    """Three rows; the second's 各类污染物能稳定达标排放 holds #N/A and the third's 企业名称 #REF!
    (error values, which a reader may give as blank), written by openpyxl or by hand (t before
    r, single quotes, a formula before the value)."""
    data = good_table(3)
    answer, name = HEADERS.index("各类污染物能稳定达标排放"), HEADERS.index("企业名称")
    if writer == "openpyxl":
        import openpyxl

        book = openpyxl.load_workbook(io.BytesIO(workbook_bytes(data)))
        for row, column, code in ((3, answer, "#N/A"), (4, name, "#REF!")):
            target = book.active.cell(row=row, column=column + 1)
            target.value, target.data_type = code, "e"
        buffer = io.BytesIO()
        book.save(buffer)
        return buffer.getvalue()
    body = sheet_rows(data)
    body = body.replace(cell(f"{letters(answer)}3", data[2][answer]),
                        f"<c t='e' r='{letters(answer)}3'><f>VLOOKUP(A3,X:Y,2,0)</f><v>#N/A</v></c>")
    body = body.replace(cell(f"{letters(name)}4", data[3][name]), f'<c r="{letters(name)}4" t="e"><v>#REF!</v></c>')
    return package(worksheet(body))


def sheet_target(data: bytes, target: str) -> bytes:
    """The same workbook whose relationship names the worksheet part as TARGET."""
    source = zipfile.ZipFile(io.BytesIO(data))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as z:
        for info in source.infolist():
            content = source.read(info)
            if info.filename == "xl/_rels/workbook.xml.rels":
                content = content.replace(b'Target="worksheets/sheet1.xml"', f'Target="{target}"'.encode())
            z.writestr(info, content)
    return buffer.getvalue()


def xlsb_record(kind: int, body: bytes) -> bytes:
    """One BIFF12 record: type and size in 7-bit groups (MS-XLSB 2.1.4)."""
    head = bytes([kind]) if kind < 0x80 else bytes([kind & 0x7F | 0x80, kind >> 7])
    size, out = len(body), b""
    while True:
        out += bytes([size & 0x7F | (0x80 if size > 0x7F else 0)])
        size >>= 7
        if not size:
            break
    return head + out + body


def xlsb_sheet(cells: list[tuple[int, int]]) -> bytes:
    """A worksheet part of an .xlsb: BrtBeginSheetData (0x91), for each (row, column) a
    BrtRowHdr and a BrtCellReal (5) holding 1.0, BrtEndSheetData (0x92)."""
    body = xlsb_record(0x91, b"")
    for row, col in cells:
        body += xlsb_record(0, row.to_bytes(4, "little") + bytes(13))
        body += xlsb_record(5, col.to_bytes(4, "little") + bytes(4) + struct.pack("<d", 1.0))
    return body + xlsb_record(0x92, b"")


def xlsb_package(sheet: bytes) -> bytes:
    """A zip with only an .xlsb worksheet part: the pre-scan reads it before anything else."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/'
                   'package/2006/content-types"/>')
        z.writestr("xl/worksheets/sheet1.bin", sheet)
    return buffer.getvalue()


def cases() -> list[tuple[str, bytes, object]]:
    """(file name, bytes, expected outcome)."""
    sheet = "xl/worksheets/sheet1.xml"
    plain = package(worksheet(sheet_rows(good_table())))
    return [
        ("属性顺序.xlsx", odd_xlsx("tsr", '"'), Rows(8, 0)),
        ("单引号.xlsx", odd_xlsx("rt", "'"), Rows(8, 0)),
        ("单引号倒序.xlsx", odd_xlsx("srt", "'"), Rows(8, 0)),
        ("注释中的行.xlsx", commented_rows(), Rows(2, 0)),
        ("无引用与空行.xlsx", sparse_rows(), Rows(5, 3, "空行")),
        ("远处一格.xlsx", stray_cell_workbook(), Refused("超过可处理的上限")),
        ("远处一格右.xlsx", stray_cell_workbook(300, "XFD"), Refused("超过可处理的上限")),
        ("右边一格.xlsx", stray_cell_workbook(12, "XFD"), Rows(11, 7, "空行")),
        ("第一亿行.xlsx", package(worksheet(f'<row r="99999999">{cell("A99999999", "x")}</row>')),
         Refused("没有找到清单表头")),
        ("共享字符串负序号.xlsx", bad_shared_index(), Refused("引用了不存在的共享字符串")),
        ("远处一格.xlsb", xlsb_package(xlsb_sheet([(0, 0), (1_048_575, 3)])), Refused("超过可处理的上限")),
        ("远处一格右.xlsb", xlsb_package(xlsb_sheet([(0, 0), (300, 16_383)])), Refused("XFD 列")),
        # within the limits: the pre-scan lets it through, calamine finds no workbook part
        ("不完整.xlsb", xlsb_package(xlsb_sheet([(0, 0), (99, 38)])), Refused("无法读取工作簿")),
        ("压缩炸弹.xlsx", bomb(True), Refused("超过 100 MB 的上限")),
        ("谎报大小的压缩炸弹.xlsx", bomb(False), Refused("无法解压")),
        ("损坏的压缩数据.xlsx", patched(plain, sheet, corrupt=True), Refused("无法解压")),
        ("deflate64.xlsx", patched(plain, sheet, method=9), Refused("不支持的压缩方式")),
        ("加密标记.xlsx", patched(plain, sheet, flags=1), Refused("已加密")),
        ("部件过多.xlsx", many_parts(), Refused(f"超过 {reader.MAX_PARTS} 个的上限")),
        ("UTF-16 工作表.xlsx", package(('<?xml version="1.0" encoding="UTF-16"?>'
                                        + worksheet(sheet_rows(good_table(1)))[21:]).encode("utf-16")),
         Refused("无法读取工作表")),
        ("越界字符引用.xlsx", package(worksheet(sheet_rows(good_table(1)) + f'<row r="3">{cell("A3", "&#x110000;")}</row>')),
         Refused("无法读取工作表")),
        ("空字符引用.xlsx", package(worksheet(sheet_rows(good_table(1)) + f'<row r="3">{cell("A3", "&#0;")}</row>')),
         Refused("无法读取工作表")),
        ("日期作企业名称.xlsx", date_in_name(), Rows(2, 1, "类型是日期")),
        ("错误值.xlsx", error_cells("openpyxl"), Rows(3, 2, "单元格是错误值 #N/A")),
        ("错误值手写.xlsx", error_cells("hand"), Rows(3, 2, "单元格是错误值 #REF!")),
        ("错误值绝对路径.xlsx", sheet_target(error_cells("hand"), "/xl/worksheets/sheet1.xml"),
         Rows(3, 2, "单元格是错误值 #N/A")),
        ("不是zip.xlsx", b"PK\x03\x04" + b"\0" * 200, Refused("不是有效的工作簿")),
        ("空文件.xlsx", b"", Refused("无法读取工作簿")),
        ("坏字节.csv", bad_utf8_row(), Rows(3, 1, "无法按 UTF-8 解码")),
        ("奇数长度.csv", b"\xff\xfe" + csv_bytes(good_table(1), "utf-16-le", "\t") + b"\x00", Refused("UTF-16")),
        ("超长单元格.csv", long_cell(), Rows(2, 1, "超过每格 5000 字的上限")),
        ("过宽.csv", wide_sheet(), Refused(f"超过 {reader.MAX_COLUMNS} 列的上限")),
        ("过多行.csv", many_rows(), Refused(f"超过 {reader.MAX_ROWS} 行的上限")),
        ("过大.csv", b"a" * (reader.MAX_FILE_BYTES + 1), Refused("MB 的上限")),
        ("GBK.csv", csv_bytes(good_table(3), "gbk"), Rows(3, 0)),
        ("无法识别编码.csv", bytes(range(128, 256)) * 4, Refused("无法识别 CSV 文件的编码")),
    ]


def main(argv: list[str]) -> int:
    folder = Path(argv[0] if argv else "hostile")
    folder.mkdir(parents=True, exist_ok=True)
    for name, data, expected in cases():
        (folder / name).write_bytes(data)
        print(f"{name}: {expected}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
