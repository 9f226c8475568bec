"""County lists from spreadsheets: template, round trips (xlsx, csv in every encoding),
malformed sheets, grouping into enterprises, the CLI and the browser entry points."""
from __future__ import annotations

import base64
import json
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest

import policy
from policy import api, lists
from tests.lists.generate import BASE, KINDS, rows, table
from tests.lists.helpers import HEADERS, facilities, published, read_book, records, workbook_bytes

ROOT = Path(__file__).resolve().parents[2]
PLAN = policy.load_plan()


def coke(**extra) -> dict:
    """A coke oven in 介休市 within 10 km, permitted category: 限产 40% (三（一）3)."""
    row = {**BASE, **KINDS[0][0]}
    row.update({"所在县（区、市）": "介休市", "企业名称": "甲焦化有限公司", "设施名称": "1#焦炉"})
    row.update(extra)
    return row


def sheet_of(*items: dict) -> list[list]:
    return table(HEADERS, list(items))


# ── template ─────────────────────────────────────────────────────────────

def test_template_has_a_column_per_question_and_a_help_sheet():
    book = openpyxl.load_workbook(__import__("io").BytesIO(lists.template("xlsx")))
    assert book.sheetnames == ["设施清单", "说明", "选项"]
    headers = [c.value for c in book["设施清单"][1]]
    spec = policy.form_spec()
    for question in spec["questions"]:
        label = question["label"] + (f"（{question['unit']}）" if question["unit"] else "")
        assert label in headers, label
    assert headers[:3] == ["所在县（区、市）", "企业名称", "统一社会信用代码"]
    help_rows = list(book["说明"].iter_rows(values_only=True))
    assert help_rows[0][:4] == ("列", "列名", "填写要求", "允许的值")
    described = {row[1]: row for row in help_rows[1:] if row[1]}
    assert set(headers) <= set(described)
    assert "焦化" in described["所属行业"][3] and "鼓励类" in described["产业政策类别"][3]
    assert described["各类污染物能稳定达标排放"][3] == "是 / 否"
    assert book["选项"].sheet_state == "hidden"
    validations = book["设施清单"].data_validations.dataValidation
    industry_col = openpyxl.utils.get_column_letter(headers.index("所属行业") + 1)
    assert any(str(v.sqref).startswith(industry_col + "2") for v in validations)


def test_template_csv_is_the_header_row_in_utf8_with_bom():
    data = lists.template("csv")
    assert data.startswith(b"\xef\xbb\xbf")
    assert data.decode("utf-8-sig").strip().split(",") == HEADERS


def test_filled_template_is_read_back():
    book = openpyxl.load_workbook(__import__("io").BytesIO(lists.template("xlsx")))
    ws = book["设施清单"]
    ws.append([coke().get(h) for h in HEADERS])
    buffer = __import__("io").BytesIO()
    book.save(buffer)
    result = lists.process("模板.xlsx", buffer.getvalue())
    assert result.summary["rows_in"] == 1 and result.summary["rows_out"] == 1
    assert [p for p in result.problems if p.blocking] == []


# ── round trips ──────────────────────────────────────────────────────────

def _expected(items):
    return [(row["企业名称"], row["设施名称"], want) for row, want in items]


def _check_round_trip(result_bytes: bytes, items) -> None:
    book = read_book(result_bytes)
    got = {(f["企业名称"], f["设施名称"]): f for f in facilities(book)}
    assert len(got) == len(items)
    for name, facility, (label, ratio, which) in _expected(items):
        row = got[(name, facility)]
        assert row["结论"] == label, (name, facility, row)
        assert row["限产比例（%）"] == ratio
        assert row["清单"] == which
        if ratio is not None:
            assert row["允许生产负荷（%）"] == 100 - ratio
    counties = {f["所在县（区、市）"] for f in got.values()}
    assert len(counties) == 12
    # Published: each list once with a county column, and per county where it has rows; 序号 from 1.
    lists_out = published(book)
    for which in ("错峰生产企业清单", "错峰生产豁免清单"):
        members = [f for f in got.values() if f["清单"] == which]
        everyone = lists_out[which]
        assert [r["序号"] for r in everyone] == list(range(1, len(members) + 1))
        assert sorted((r["企业名称"], r["设施名称"]) for r in everyone) == sorted(
            (f["企业名称"], f["设施名称"]) for f in members)
        for county in counties:
            mine = [f for f in members if f["所在县（区、市）"] == county]
            name = f"{which}（{county}）"
            assert (name in lists_out) == bool(mine), name
            if mine:
                assert [r["序号"] for r in lists_out[name]] == list(range(1, len(mine) + 1))
                assert {r["所在县（区、市）"] for r in lists_out[name]} == {county}
        for record in everyone:
            original = got[(record["企业名称"], record["设施名称"])]
            assert all(record[k] == original[k] for k in record if k != "序号")
    summary = book["汇总"]
    assert ("读入数据行", len(items)) in [row[:2] for row in summary]
    assert ("有问题未评估的行", 0) in [row[:2] for row in summary]


def test_round_trip_xlsx_written_by_openpyxl():
    items = rows(120)
    data = workbook_bytes(sheet_of(*[row for row, _ in items]))
    result = lists.process("县清单.xlsx", data)
    assert result.summary["rows_in"] == 120 and result.summary["rows_out"] == 120
    assert result.summary["enterprises"] == 30
    _check_round_trip(result.files[""], items)


def test_each_result_says_why_as_the_form_does():
    """结果说明: the result in one sentence, then the package's "why" (policy.engine.explain), the
    lines the calculator shows: the deciding clause's words, the conditions that held, and
    why the county reviews it."""
    cupola = {**BASE, "所在县（区、市）": "介休市", "企业名称": "乙铸造有限公司", "设施名称": "冲天炉",
              "所属行业": "铸造（玛钢）", "熔化炉类型": "冲天炉", "冲天炉规模（吨）": 4}
    result = lists.process("x.xlsx", workbook_bytes(sheet_of(coke(), cupola)))
    first, second = facilities(read_book(result.files[""]))
    assert first["结果说明"].split("\n") == [
        "限产 40%，允许生产负荷 60%，或停产 61 天。",
        "依据三（一）3：“焦化企业大气污染物排放达到特别排放限值且完成无组织排放治理任务，生产设施在市、县建成区及周边"
        "10公里范围内的企业，产业政策鼓励类限产30%，允许类限产40%，限制类限产50%。”",
        "情形：污染物达到特别排放限值；完成无组织排放治理任务；生产设施在市、县建成区及周边10公里范围内；属于产业政策允许类。"]
    lines = second["结果说明"].split("\n")
    assert lines[:2] == ["采暖季停产（2019-11-01 至 2020-03-31，152 天）。", "依据三（一）4：“5吨（含5吨）以下的采暖季停产。”"]
    assert lines[-1].startswith("须县级复核：") and lines[-1].endswith("（R16）。")


def test_enterprise_roll_up_groups_rows_of_one_enterprise():
    items = rows(12, facilities_per_enterprise=4)
    result = lists.process("x.xlsx", workbook_bytes(sheet_of(*[row for row, _ in items])))
    book = read_book(result.files[""])
    enterprises = records(book["企业汇总"])
    assert len(enterprises) == 3
    assert [e["设施数"] for e in enterprises] == [4, 4, 4]
    for e, first in zip(enterprises, (0, 4, 8)):
        members = [want for _, want in items[first:first + 4]]
        labels = {label for label, _, _ in members}
        if {w for _, _, w in members} & {"错峰生产企业清单"}:
            assert e["清单"] == "错峰生产企业清单"
        assert e["来源"] == f"设施清单 第{'、'.join(str(first + i + 2) for i in range(4))}行"
        for label in labels:
            assert label in e["各结论设施数"]


def test_same_name_in_another_county_is_another_enterprise_and_credit_code_groups():
    a = coke(设施编号="A1")
    b = coke(设施编号="A1", **{"所在县（区、市）": "灵石县"})  # same id, other enterprise: fine
    c = coke(**{"企业名称": "甲焦化公司（简称）", "统一社会信用代码": "91140700MA0GRXXX1X", "设施名称": "3#焦炉"})
    d = coke(**{"统一社会信用代码": "91140700MA0GRXXX1X", "设施名称": "4#焦炉"})
    result = lists.process("x.xlsx", workbook_bytes(sheet_of(a, b, c, d)))
    assert result.summary["enterprises"] == 3 and result.summary["rows_reported"] == 0


@pytest.mark.parametrize("encoding,bom", [("utf-8", b""), ("utf-8", b"\xef\xbb\xbf"), ("gbk", b""),
                                          ("gb18030", b""), ("utf-16", b"")])
def test_round_trip_csv_in_each_encoding(encoding, bom):
    items = rows(60, seed=11)
    import csv
    import io
    text = io.StringIO(newline="")
    delimiter = "\t" if encoding == "utf-16" else ","
    csv.writer(text, delimiter=delimiter, lineterminator="\r\n").writerows(
        [["" if v is None else v for v in r] for r in sheet_of(*[row for row, _ in items])])
    data = bom + text.getvalue().encode(encoding)
    result = lists.process("清单.csv", data)
    expect_name = {"utf-8": "UTF-8（带BOM）" if bom else "UTF-8", "gbk": "GBK/GB18030",
                   "gb18030": "GBK/GB18030", "utf-16": "UTF-16"}[encoding]
    assert result.summary["encoding"] == expect_name
    assert result.summary["rows_out"] == 60 and result.summary["rows_reported"] == 0
    _check_round_trip_csv(lists.finish(lists.start("清单.csv", data), "csv").files, items)
    book = read_book(result.files[""])
    assert len(facilities(book)) == 60


def _check_round_trip_csv(files: dict, items) -> None:
    assert set(files) == {"", "_企业汇总", "_汇总", "_问题"}
    for content in files.values():
        assert content.startswith(b"\xef\xbb\xbf")
    import csv
    import io
    table_rows = list(csv.reader(io.StringIO(files[""].decode("utf-8-sig"))))
    got = {(r["企业名称"], r["设施名称"]): r for r in records(table_rows)}
    for name, facility, (label, ratio, which) in _expected(items):
        row = got[(name, facility)]
        assert (row["结论"], row["限产比例（%）"], row["清单"]) == (label, "" if ratio is None else str(ratio), which)


def test_choices_accept_codes_and_full_width_and_answers_accept_variants():
    row = coke(**{"所属行业": "coke", "产业政策类别": "允许类 ", "各类污染物能稳定达标排放": "Y",
                  "达到排污许可管理要求": True, "生产设施位于市、县建成区及周边10公里范围内": None,
                  "距市、县建成区边界的距离（公里）": "６.５公里"})
    result = lists.process("x.xlsx", workbook_bytes(sheet_of(row)))
    assert [p.text() for p in result.problems if p.blocking] == []
    f = facilities(read_book(result.files[""]))[0]
    assert (f["结论"], f["限产比例（%）"]) == ("限产", 40)


# ── malformed sheets ─────────────────────────────────────────────────────

def _problems(result) -> list[tuple]:
    return [(p.sheet, p.row, p.column, p.header, p.message) for p in result.problems if p.blocking]


def _assert_balance(result, rows_in, reported):
    s = result.summary
    assert (s["rows_in"], s["rows_reported"], s["rows_out"]) == (rows_in, reported, rows_in - reported)


def test_unknown_industry_and_county_text_in_number_column_are_reported_by_row_and_column():
    good = coke()
    bad_industry = coke(**{"所属行业": "造纸", "设施名称": "2#"})
    bad_county = coke(**{"所在县（区、市）": "太原市", "设施名称": "3#"})
    bad_number = coke(**{"生产设施位于市、县建成区及周边10公里范围内": None,
                         "距市、县建成区边界的距离（公里）": "约五公里", "设施名称": "4#"})
    result = lists.process("x.xlsx", workbook_bytes(sheet_of(good, bad_industry, bad_county, bad_number)))
    _assert_balance(result, 4, 3)
    problems = _problems(result)
    col = {h: openpyxl.utils.get_column_letter(i + 1) for i, h in enumerate(HEADERS)}
    assert ("设施清单", 3, col["所属行业"], "所属行业") == problems[0][:4] and "造纸" in problems[0][4]
    assert ("设施清单", 4, col["所在县（区、市）"], "所在县（区、市）") == problems[1][:4]
    assert "太原市" in problems[1][4]
    assert ("设施清单", 5, col["距市、县建成区边界的距离（公里）"]) == problems[2][:3]
    assert "须为数字" in problems[2][4]
    book = read_book(result.files[""])
    assert len(facilities(book)) == 1
    reported = records(book["问题"])
    assert [(r["行"], r["列"]) for r in reported] == [(p[1], p[2]) for p in problems]
    assert all(r["处理"] == "本行未评估，请改正后重新上传" for r in reported)


def test_missing_column_reports_the_header_and_the_rows_that_need_it():
    headers = [h for h in HEADERS if h != "产业政策类别"]
    coke_row = coke()
    other = coke(**{"所属行业": "其他行业（本方案未列明）", "设施名称": "锅炉"})
    data = workbook_bytes(table(headers, [{k: v for k, v in r.items() if k != "产业政策类别"}
                                          for r in (coke_row, other)]))
    result = lists.process("x.xlsx", data)
    _assert_balance(result, 2, 1)
    notes = [p for p in result.problems if not p.blocking]
    assert any(p.row == 1 and p.header == "产业政策类别" and "缺少此列" in p.message for p in notes)
    blocking = _problems(result)
    assert blocking == [("设施清单", 2, "", "产业政策类别", "缺少必答项「产业政策类别」（表中没有此列）")]


def test_missing_required_column_reports_every_row():
    headers = [h for h in HEADERS if h != "所属行业"]
    data = workbook_bytes(table(headers, [{k: v for k, v in coke().items() if k != "所属行业"}] * 3))
    result = lists.process("x.xlsx", data)
    _assert_balance(result, 3, 3)
    assert any("缺少此列（必填）" in p.message for p in result.problems)


def test_blank_lines_merged_cells_and_duplicate_ids_are_reported():
    a = coke(设施编号="K1")
    b = coke(设施编号="K1", 设施名称="2#焦炉")  # same enterprise, same id
    c = coke(设施编号="K2", 设施名称="3#焦炉")
    d = coke(设施编号="K3", 设施名称="4#焦炉")
    e = coke(设施编号="K4", 设施名称="5#焦炉")
    sheet = sheet_of(a, b, c)
    sheet.append([None] * len(HEADERS))  # row 5: blank line
    sheet += sheet_of(d, e)[1:]  # rows 6 and 7
    name_col = openpyxl.utils.get_column_letter(HEADERS.index("企业名称") + 1)
    data = workbook_bytes(sheet, merges=(f"{name_col}6:{name_col}7",))
    result = lists.process("x.xlsx", data)
    _assert_balance(result, 6, 4)
    problems = _problems(result)
    rows_reported = sorted({p[1] for p in problems})
    assert rows_reported == [3, 5, 6, 7]
    by_row = {p[1]: p for p in problems}
    assert "空行" in by_row[5][4]
    assert f"{name_col}6:{name_col}7" in by_row[6][4] and by_row[6][2] == name_col and "合并单元格" in by_row[7][4]
    assert "K1" in by_row[3][4] and "第2行" in by_row[3][4]
    out = facilities(read_book(result.files[""]))
    assert sorted(f["设施编号"] for f in out) == ["K1", "K2"]


def test_blank_facility_ids_are_numbered_within_each_enterprise():
    a, b = coke(设施名称="1#"), coke(设施名称="2#", 设施编号="F1")
    result = lists.process("x.xlsx", workbook_bytes(sheet_of(a, b)))
    assert sorted(f["设施编号"] for f in facilities(read_book(result.files[""]))) == ["F1", "F2"]


def test_title_rows_above_the_header_and_unknown_columns_are_tolerated():
    sheet = [["晋中市介休市错峰生产设施清单"], [None]] + sheet_of(coke())
    sheet[2].append("备注")
    sheet[3].append("随便写")
    result = lists.process("x.xlsx", workbook_bytes(sheet, merges=("A1:E1",)))
    _assert_balance(result, 1, 0)
    notes = [p for p in result.problems if not p.blocking]
    assert [(p.row, p.header, p.message) for p in notes] == [(3, "备注", "未知的列，已忽略")]


def test_engine_validation_errors_point_at_their_column():
    row = coke(**{"污染物排放达到特别排放限值": None})
    result = lists.process("x.xlsx", workbook_bytes(sheet_of(row)))
    col = openpyxl.utils.get_column_letter(HEADERS.index("污染物排放达到特别排放限值") + 1)
    assert _problems(result) == [("设施清单", 2, col, "污染物排放达到特别排放限值", "缺少必答项「污染物排放达到特别排放限值」")]


def test_several_data_sheets_and_a_sheet_without_header():
    data = workbook_bytes(sheet_of(coke()), extra_sheets={
        "灵石县": sheet_of(coke(**{"所在县（区、市）": "灵石县"})), "备忘": [["一些文字"]]})
    result = lists.process("x.xlsx", data)
    _assert_balance(result, 2, 0)
    assert [(p.sheet, p.message) for p in result.problems] == [("备忘", "没有清单表头，未读取本工作表")]


@pytest.mark.parametrize("content,message", [
    (b"PK\x03\x04garbage", "不是有效的工作簿"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, "无法读取旧版 .xls 工作簿"),
    ("企业,名称\n1,2\n".encode(), "没有找到清单表头"),
])
def test_unreadable_files_raise_a_chinese_error(content, message):
    with pytest.raises(lists.ListError, match=message):
        lists.start("x.xlsx" if content[:2] == b"PK" else "x.csv", content)


# ── CLI and browser entry points ─────────────────────────────────────────

def _cli(*args):
    return subprocess.run([sys.executable, "-m", "policy", *args], cwd=ROOT, capture_output=True, text=True)


def test_cli_lists_xlsx_and_csv(tmp_path):
    items = rows(40)
    source = tmp_path / "in.xlsx"
    bad = coke(**{"所属行业": "造纸"})
    source.write_bytes(workbook_bytes(sheet_of(*[row for row, _ in items], bad)))
    proc = _cli("lists", str(source), "-o", str(tmp_path / "out.xlsx"))
    assert proc.returncode == 1, proc.stderr
    assert "读入 41 行：已评估 40 行，有问题未评估 1 行" in proc.stderr
    assert "工作表「设施清单」第42行" in proc.stderr and "造纸" in proc.stderr
    book = read_book((tmp_path / "out.xlsx").read_bytes())
    assert len(facilities(book)) == 40 and len(records(book["问题"])) == 1
    proc = _cli("lists", str(source), "-o", str(tmp_path / "out.csv"))
    assert proc.returncode == 1
    assert {p.name for p in tmp_path.glob("out*.csv")} == {"out.csv", "out_企业汇总.csv", "out_问题.csv",
                                                            "out_汇总.csv"}


def test_cli_template_and_errors(tmp_path):
    assert _cli("template", "-o", str(tmp_path / "t.xlsx")).returncode == 0
    assert openpyxl.load_workbook(tmp_path / "t.xlsx").sheetnames[0] == "设施清单"
    assert _cli("template", "-o", str(tmp_path / "t.txt")).returncode == 2
    proc = _cli("lists", str(tmp_path / "missing.xlsx"), "-o", str(tmp_path / "o.xlsx"))
    assert proc.returncode == 2 and "无法读取输入文件" in proc.stderr
    proc = _cli("lists", str(tmp_path / "t.xlsx"), "-o", str(tmp_path / "o.xlsx"))
    assert proc.returncode == 0 and "读入 0 行" in proc.stderr


def test_api_entry_points_in_steps():
    items = rows(30)
    data = workbook_bytes(sheet_of(*[row for row, _ in items], coke(**{"所属行业": "造纸"})))
    started = json.loads(api.lists_start("清单.xlsx", base64.b64encode(data).decode()))
    assert started == {"ok": True, "rows_in": 31, "total": 30, "done": 0, "encoding": "", "sheets": ["设施清单"]}
    progress = [json.loads(api.lists_step("7"))["done"] for _ in range(5)]
    assert progress == [7, 14, 21, 28, 30]
    finished = json.loads(api.lists_finish("xlsx"))
    assert finished["ok"] and finished["summary"]["rows_out"] == 30 and finished["summary"]["rows_reported"] == 1
    assert finished["problems"][0]["row"] == 32 and "造纸" in finished["problems"][0]["text"]
    book = read_book(base64.b64decode(finished["files"][0]["base64"]))
    assert len(facilities(book)) == 30
    assert json.loads(api.lists_step("1"))["ok"] is False
    template = json.loads(api.lists_template())
    assert template["filename"].endswith(".xlsx")
    assert json.loads(api.lists_start("x.xlsx", "%%%"))["ok"] is False


def test_an_unwritable_output_is_a_message_not_a_traceback(tmp_path):
    import subprocess
    import sys
    from pathlib import Path
    root = Path(__file__).resolve().parents[2]
    for args in (["template", "-o", str(tmp_path / "missing" / "模板.xlsx")],):
        done = subprocess.run([sys.executable, "-m", "policy", *args], cwd=root, capture_output=True,
                              text=True, encoding="utf-8", timeout=60)
        assert done.returncode == 2
        assert "无法写入输出文件" in done.stderr and "Traceback" not in done.stderr
