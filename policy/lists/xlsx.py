"""A small .xlsx reader and writer on the standard library (zipfile + XML).

Why not openpyxl: on our 2-core machines openpyxl needs ~3 s just to read a
10,000-row sheet and ~2.5 s to write one, in CPython; Pyodide is slower still.
Reading and writing the plain cell values this package needs takes a fraction of
that here, and keeps `policy` stdlib-only in the browser (no extra wheels).

Reading covers what Excel, WPS, LibreOffice and openpyxl write: shared strings
(rich text runs, phonetic runs ignored), inline strings, formula results, booleans,
numbers, error values, cells without an `r` reference, merged ranges, hidden
sheets, transitional and strict namespaces. Dates are returned as numbers (no
column of ours holds a date cell). Formulas are not evaluated: the cached value is read.
"""
from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass, field
from xml.etree import ElementTree as ET
from xml.sax.saxutils import escape

REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG_REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"


class XlsxError(ValueError):
    """The file is not a readable .xlsx workbook (the message is Chinese)."""


@dataclass
class Sheet:
    name: str
    rows: dict = field(default_factory=dict)  # row number (1-based) -> {column number: value}
    merged: list = field(default_factory=list)  # (min_row, min_col, max_row, max_col, "A1:B2")
    hidden: bool = False


def column_letter(number: int) -> str:
    letters = ""
    while number:
        number, rest = divmod(number - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


_REF = re.compile(r"([A-Za-z]{1,3})(\d+)$")


def _split_ref(ref: str) -> tuple[int, int]:
    match = _REF.match(ref)
    if not match:
        raise XlsxError(f"无法识别的单元格位置「{ref}」")
    col = 0
    for char in match.group(1).upper():
        col = col * 26 + ord(char) - 64
    return int(match.group(2)), col


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _resolve(base: str, target: str) -> str:
    if target.startswith("/"):
        return target[1:]
    parts = base.split("/")[:-1]
    for part in target.split("/"):
        if part == "..":
            if parts:
                parts.pop()
        elif part and part != ".":
            parts.append(part)
    return "/".join(parts)


def _rels(archive: zipfile.ZipFile, part: str) -> dict:
    folder, _, name = part.rpartition("/")
    path = f"{folder}/_rels/{name}.rels" if folder else f"_rels/{name}.rels"
    if path not in archive.namelist():
        return {}
    root = ET.fromstring(archive.read(path))
    return {rel.get("Id"): (rel.get("Type", ""), _resolve(part, rel.get("Target", "")))
            for rel in root if _local(rel.tag) == "Relationship"}


def _text_of(element) -> str:
    """Text of <si> or <is>: every <t> except those inside phonetic runs (<rPh>)."""
    parts = []
    for child in element:
        tag = _local(child.tag)
        if tag == "t":
            parts.append(child.text or "")
        elif tag == "r":
            for run in child:
                if _local(run.tag) == "t":
                    parts.append(run.text or "")
    return "".join(parts)


def read_xlsx(data: bytes) -> list[Sheet]:
    """Every worksheet of the workbook, in workbook order, with its values and merged ranges."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError) as error:
        raise XlsxError("文件不是有效的 .xlsx 工作簿（无法作为 zip 打开）。如为旧版 .xls，请在 Excel 或 WPS 中另存为 .xlsx。") from error
    try:
        return _read(archive)
    except (KeyError, ET.ParseError, zipfile.BadZipFile) as error:
        raise XlsxError(f"无法读取 .xlsx 工作簿：文件结构有误（{error}）。请在 Excel 或 WPS 中打开后重新保存。") from error


def _read(archive: zipfile.ZipFile) -> list[Sheet]:
    root_rels = _rels(archive, "")
    workbook = next((target for kind, target in root_rels.values() if kind.endswith("/officeDocument")),
                    "xl/workbook.xml")
    rels = _rels(archive, workbook)
    shared: list[str] = []
    for kind, target in rels.values():
        if kind.endswith("/sharedStrings") and target in archive.namelist():
            for _, element in ET.iterparse(io.BytesIO(archive.read(target))):
                if _local(element.tag) == "si":
                    shared.append(_text_of(element))
                    element.clear()
    sheets = []
    for element in ET.fromstring(archive.read(workbook)).iter():
        if _local(element.tag) != "sheet":
            continue
        rel_id = element.get(f"{{{REL_NS}}}id") or element.get(
            "{http://purl.oclc.org/ooxml/officeDocument/relationships}id")
        kind, target = rels.get(rel_id, ("", ""))
        if not kind.endswith("/worksheet"):
            continue  # chart sheets, dialog sheets
        sheet = Sheet(element.get("name", ""), hidden=element.get("state", "visible") != "visible")
        xml = archive.read(target)
        if not _read_sheet_fast(xml, shared, sheet):
            _read_sheet(xml, shared, sheet)
        sheets.append(sheet)
    return sheets


_V = re.compile(r"<v>([^<]*)</v>")
_T = re.compile(r"<t\b[^>]*>([^<]*)</t>|<t\b[^>]*/>")
_RPH = re.compile(r"<rPh\b.*?</rPh>", re.S)
_MERGE = re.compile(r'<mergeCell\b[^>]*\bref="([^"]+)"')
_ENTITY = re.compile(r"&(#x[0-9a-fA-F]+|#\d+|amp|lt|gt|quot|apos);")
_ENTITIES = {"amp": "&", "lt": "<", "gt": ">", "quot": '"', "apos": "'"}


def _unescape(text: str) -> str:
    if "&" not in text:
        return text

    def one(match):
        name = match.group(1)
        if name[0] == "#":
            return chr(int(name[2:], 16) if name[1] == "x" else int(name[1:]))
        return _ENTITIES[name]
    return _ENTITY.sub(one, text)


_CELL_R = re.compile(r'<c r="([A-Z]{1,3})(\d+)"([^>]*?)(?:/>|>(.*?)</c>)', re.S)
_NO_REF = re.compile(r"<c(?:\s(?![^>]*\br=)[^>]*)?/?>")
_COLUMNS: dict = {}


def _column_number(letters: str) -> int:
    number = _COLUMNS.get(letters)
    if number is None:
        number = 0
        for char in letters:
            number = number * 26 + ord(char) - 64
        _COLUMNS[letters] = number
    return number


def _read_sheet_fast(xml: bytes, shared: list, sheet: Sheet) -> bool:
    """Regular expressions over the sheet XML as Excel, WPS, LibreOffice and openpyxl write it
    (unprefixed elements, every cell with its reference, no CDATA). False when the file looks
    otherwise: ElementTree reads it then."""
    text = xml.decode("utf-8")
    start, end = text.find("<sheetData"), text.rfind("</sheetData>")
    if start < 0 or "<![CDATA[" in text or re.search(r"<\w+:(row|c|v|t|is)\b", text):
        return False
    body = text[start:end] if end > start else ""
    if _NO_REF.search(body):
        return False
    rows = sheet.rows
    for letters, row, attrs, inner in _CELL_R.findall(body):
        if not inner:
            continue
        kind = attrs[attrs.index(' t="') + 4:attrs.index('"', attrs.index(' t="') + 4)] if ' t="' in attrs else "n"
        if kind == "inlineStr":
            plain = inner[7:-9] if inner.startswith("<is><t>") and inner.endswith("</t></is>") else "<"
            if "<" in plain:
                plain = "".join(t or "" for t in _T.findall(_RPH.sub("", inner)))
            value = _unescape(plain)
        else:
            if inner.startswith("<v>") and inner.endswith("</v>"):
                raw = inner[3:-4]
            else:
                found = _V.search(inner)
                if found is None:
                    continue
                raw = found.group(1)
            if kind == "s":
                value = shared[int(raw)]
            elif kind == "b":
                value = raw.strip() in ("1", "true")
            elif kind in ("str", "e"):
                value = _unescape(raw)
            else:
                try:
                    number = float(raw)
                except ValueError:
                    value = _unescape(raw)
                else:
                    value = int(number) if number.is_integer() and abs(number) < 2 ** 53 else number
        if value != "":
            number = int(row)
            cells = rows.get(number)
            if cells is None:
                cells = rows[number] = {}
            cells[_column_number(letters)] = value
    for ref in _MERGE.findall(text[end:] if end > 0 else text):
        if ":" in ref:
            first, last = ref.split(":", 1)
            (r1, c1), (r2, c2) = _split_ref(first), _split_ref(last)
            sheet.merged.append((min(r1, r2), min(c1, c2), max(r1, r2), max(c1, c2), ref))
    return True


def _read_sheet(xml: bytes, shared: list, sheet: Sheet) -> None:
    rows = sheet.rows
    row_number = 0
    col_number = 0
    current: dict = {}
    for event, element in ET.iterparse(io.BytesIO(xml), events=("start", "end")):
        tag = _local(element.tag)
        if event == "start":
            if tag == "row":
                row_number = int(element.get("r") or row_number + 1)
                col_number = 0
                current = {}
            continue
        if tag == "c":
            ref = element.get("r")
            if ref:
                _, col_number = _split_ref(ref)
            else:
                col_number += 1
            value = _cell_value(element, shared)
            if value is not None and value != "":
                current[col_number] = value
            element.clear()
        elif tag == "row":
            if current:
                rows[row_number] = current
            element.clear()
        elif tag == "mergeCell":
            ref = element.get("ref", "")
            if ":" in ref:
                start, end = ref.split(":", 1)
                (r1, c1), (r2, c2) = _split_ref(start), _split_ref(end)
                sheet.merged.append((min(r1, r2), min(c1, c2), max(r1, r2), max(c1, c2), ref))


def _cell_value(element, shared: list):
    kind = element.get("t", "n")
    raw = None
    for child in element:
        tag = _local(child.tag)
        if tag == "v":
            raw = child.text
        elif tag == "is":
            return _text_of(child)
    if raw is None:
        return None
    if kind == "s":
        return shared[int(raw)]
    if kind == "b":
        return raw.strip() in ("1", "true")
    if kind in ("str", "inlineStr", "e"):
        return raw
    try:
        number = float(raw)
    except ValueError:
        return raw
    return int(number) if number.is_integer() and abs(number) < 2 ** 53 else number


# ── writing ─────────────────────────────────────────────────────────────────

@dataclass
class SheetOut:
    """A sheet to write: rows of values (None, bool, int, float, str); row 1 may be a header."""

    name: str
    rows: list
    widths: list = field(default_factory=list)  # column widths in characters
    header: bool = True  # style row 1 bold, freeze it and add an autofilter
    wrap: bool = False  # wrap text in data cells
    hidden: bool = False
    validations: list = field(default_factory=list)  # (cell range, list formula, prompt)


_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_NEEDS_CARE = re.compile("[&<>\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_SHEET_NAME = re.compile(r"[\\/?*\[\]:]")

_STYLES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    f'<styleSheet xmlns="{MAIN_NS}">'
    '<fonts count="2"><font><sz val="11"/><name val="等线"/><family val="2"/><charset val="134"/></font>'
    '<font><b/><sz val="11"/><name val="等线"/><family val="2"/><charset val="134"/></font></fonts>'
    '<fills count="3"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill>'
    '<fill><patternFill patternType="solid"><fgColor rgb="FFDDEBF7"/><bgColor indexed="64"/></patternFill></fill></fills>'
    '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
    '<cellXfs count="3"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
    '<xf numFmtId="0" fontId="1" fillId="2" borderId="0" xfId="0" applyFont="1" applyFill="1" applyAlignment="1">'
    '<alignment wrapText="1" vertical="center"/></xf>'
    '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0" applyAlignment="1">'
    '<alignment wrapText="1" vertical="top"/></xf></cellXfs>'
    '<cellStyles count="1"><cellStyle name="常规" xfId="0" builtinId="0"/></cellStyles>'
    '</styleSheet>'
)


def safe_sheet_name(name: str, taken: set) -> str:
    base = _SHEET_NAME.sub("_", name).strip("'")[:31] or "Sheet"
    candidate, number = base, 2
    while candidate.lower() in taken:
        suffix = f"({number})"
        candidate, number = base[:31 - len(suffix)] + suffix, number + 1
    taken.add(candidate.lower())
    return candidate


def write_xlsx(sheets: list[SheetOut]) -> bytes:
    """A workbook with the given sheets (inline strings, a bold frozen header row)."""
    buffer = io.BytesIO()
    taken: set = set()
    names = [safe_sheet_name(sheet.name, taken) for sheet in sheets]
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=6) as archive:
        def put(path: str, text: str) -> None:
            info = zipfile.ZipInfo(path, (2019, 11, 1, 0, 0, 0))  # fixed: same input, same bytes
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, text.encode("utf-8"))

        overrides = "".join(
            f'<Override PartName="/xl/worksheets/sheet{i}.xml" '
            'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
            for i in range(1, len(sheets) + 1))
        put("[Content_Types].xml",
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml" '
            'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
            '<Override PartName="/xl/styles.xml" '
            'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
            f'{overrides}</Types>')
        put("_rels/.rels",
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            f'<Relationships xmlns="{PKG_REL_NS}"><Relationship Id="rId1" '
            'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
            'Target="xl/workbook.xml"/></Relationships>')
        first_visible = next((i for i, s in enumerate(sheets) if not s.hidden), 0)
        sheet_entries = "".join(
            f'<sheet name="{escape(name, {chr(34): "&quot;"})}" sheetId="{i}"'
            f'{" state=" + chr(34) + "hidden" + chr(34) if sheet.hidden else ""} r:id="rId{i}"/>'
            for i, (name, sheet) in enumerate(zip(names, sheets), 1))
        put("xl/workbook.xml",
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            f'<workbook xmlns="{MAIN_NS}" xmlns:r="{REL_NS}">'
            f'<bookViews><workbookView activeTab="{first_visible}"/></bookViews>'
            f'<sheets>{sheet_entries}</sheets></workbook>')
        rels = "".join(
            f'<Relationship Id="rId{i}" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
            f'relationships/worksheet" Target="worksheets/sheet{i}.xml"/>' for i in range(1, len(sheets) + 1))
        style_id = len(sheets) + 1
        put("xl/_rels/workbook.xml.rels",
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            f'<Relationships xmlns="{PKG_REL_NS}">{rels}<Relationship Id="rId{style_id}" '
            'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" '
            'Target="styles.xml"/></Relationships>')
        put("xl/styles.xml", _STYLES)
        for i, sheet in enumerate(sheets, 1):
            put(f"xl/worksheets/sheet{i}.xml", _sheet_xml(sheet, selected=i - 1 == first_visible))
    return buffer.getvalue()


def _text(value: str) -> str:
    """A string as the inside of an inline-string cell."""
    text = escape(_ILLEGAL.sub("", value)) if _NEEDS_CARE.search(value) else value
    if text[:1].isspace() or text[-1:].isspace() or "\n" in text:
        return f'<is><t xml:space="preserve">{text}</t></is>'
    return f"<is><t>{text}</t></is>"


def _cell(ref: str, value, s: str, texts: dict) -> str:
    kind = type(value)
    if kind is str:
        inner = texts.get(value)
        if inner is None:
            inner = texts[value] = _text(value)
        return f'<c r="{ref}" t="inlineStr"{s}>{inner}</c>'
    if kind is bool:
        return f'<c r="{ref}" t="b"{s}><v>{int(value)}</v></c>'
    if kind is int:
        return f'<c r="{ref}"{s}><v>{value}</v></c>'
    if kind is float:
        return f'<c r="{ref}"{s}><v>{repr(value)}</v></c>'
    return _cell(ref, str(value), s, texts)


def _sheet_xml(sheet: SheetOut, selected: bool) -> str:
    width = max((len(row) for row in sheet.rows), default=1) or 1
    letters = [column_letter(i) for i in range(1, width + 1)]
    parts = ['<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
             f'<worksheet xmlns="{MAIN_NS}" xmlns:r="{REL_NS}">'
             f'<dimension ref="A1:{letters[-1]}{max(len(sheet.rows), 1)}"/>']
    view = ' tabSelected="1"' if selected else ""
    if sheet.header and sheet.rows:
        parts.append(f'<sheetViews><sheetView workbookViewId="0"{view}>'
                     '<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>'
                     '<selection pane="bottomLeft" activeCell="A2" sqref="A2"/></sheetView></sheetViews>')
    else:
        parts.append(f'<sheetViews><sheetView workbookViewId="0"{view}/></sheetViews>')
    if sheet.widths:
        parts.append("<cols>" + "".join(
            f'<col min="{i}" max="{i}" width="{w}" customWidth="1"/>' for i, w in enumerate(sheet.widths, 1) if w)
            + "</cols>")
    parts.append("<sheetData>")
    data_style = ' s="2"' if sheet.wrap else ""
    texts: dict = {}
    for r, row in enumerate(sheet.rows, 1):
        style = ' s="1"' if sheet.header and r == 1 else data_style
        cells = "".join([_cell(f"{letters[c]}{r}", value, style, texts)
                         for c, value in enumerate(row) if value is not None and value != ""])
        parts.append(f'<row r="{r}">{cells}</row>')
    parts.append("</sheetData>")
    if sheet.header and len(sheet.rows) > 1:
        parts.append(f'<autoFilter ref="A1:{letters[-1]}{len(sheet.rows)}"/>')
    if sheet.validations:
        parts.append(f'<dataValidations count="{len(sheet.validations)}">')
        for sqref, formula, prompt in sheet.validations:
            parts.append(f'<dataValidation type="list" allowBlank="1" showInputMessage="1" showErrorMessage="1" '
                         f'promptTitle="可选值" prompt="{escape(prompt[:255], {chr(34): "&quot;"})}" sqref="{sqref}">'
                         f'<formula1>{escape(formula)}</formula1></dataValidation>')
        parts.append("</dataValidations>")
    parts.append("</worksheet>")
    return "".join(parts)
