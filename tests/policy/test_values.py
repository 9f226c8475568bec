"""One parser for what people type: the form's number boxes (sent as text), JSON input and
spreadsheet cells read the same spellings to the same values, and refuse the same ones with
the same reason."""
from __future__ import annotations

import json

import pytest

import policy
from policy import api, lists
from policy.engine.values import parse_boolean, parse_number
from tests.casebook import BASE_ENTERPRISE, BASE_FACILITY
from tests.lists.helpers import HEADERS, facilities, read_book, workbook_bytes


def cupola(capacity, **answers) -> dict:
    """三（一）4: a cupola with online monitoring and emissions at the limits, within 10 km."""
    facility = {**BASE_FACILITY, "industry": "foundry", "foundry_furnace": "cupola", "online_monitoring": True,
                "so2_mg": 60, "nox_mg": 80, "pm_mg": 20, "within_10km": True, "cupola_capacity_t": capacity,
                **answers}
    return {"enterprise": dict(BASE_ENTERPRISE), "facilities": [facility]}


@pytest.mark.parametrize("text, value", [
    ("8", 8), ("8吨", 8), ("８ 吨", 8), ("8 t", 8), ("8.5", 8.5), ("１２．５", 12.5), ("1e9", 1_000_000_000),
])
def test_number_spellings(text, value):
    assert parse_number(text, "吨") == (value, None)


@pytest.mark.parametrize("text", ["八吨", "8公斤", "inf", "nan", "1_0", "1,5", "", "8吨吨"])
def test_not_numbers(text):
    number, message = parse_number(text, "吨")
    assert number is None and message.startswith("须为数字")


def test_units_only_of_the_question():
    assert parse_number("6.5公里", "公里") == (6.5, None)
    assert parse_number("6.5km", "公里") == (6.5, None)
    assert parse_number("6.5公里", "吨")[0] is None


def test_yes_no_words():
    assert parse_boolean("是") == (True, None) and parse_boolean("Ｙ") == (True, None)
    assert parse_boolean("无") == (False, None)
    assert parse_boolean("也许")[0] is None


def _sheet_row(**cells) -> list:
    """A spreadsheet row of the template for an 8 t cupola, as a clerk types it."""
    row = {"所在县（区、市）": "祁县", "企业名称": "某铸造厂", "设施名称": "1#冲天炉", "所属行业": "铸造（玛钢）",
           "各类污染物能稳定达标排放": "是", "达到排污许可管理要求": "是",
           "已完成年度环保治理改造任务（包括无组织排放治理）": "是", "列入工信部绿色工厂示范": "否",
           "排放水平（豁免条件）": "以上都不是", "熔化炉类型": "冲天炉", "符合在线监控要求（已安装在线监测设备并联网）": "是",
           "二氧化硫排放浓度（毫克/立方米）": 60, "氮氧化物排放浓度（毫克/立方米）": 80, "颗粒物排放浓度（毫克/立方米）": 20,
           "生产设施位于市、县建成区及周边10公里范围内": "是", "承担供气、供热等民生任务": "否", **cells}
    return [row.get(header) for header in HEADERS]


def _sheet(**cells):
    return lists.process("x.xlsx", workbook_bytes([HEADERS, _sheet_row(**cells)]))


def test_8_tonnes_typed_in_the_form_and_in_a_spreadsheet_give_the_same_result():
    # 三（一）4: 5吨—10吨, within 10 km → 限产 50%
    form = json.loads(api.evaluate(json.dumps(cupola("8吨"), ensure_ascii=False)))
    assert form["ok"], form
    facility = form["result"]["facilities"][0]
    assert (facility["outcome"], facility["ratio"]) == ("curtail", 50)
    result = _sheet(**{"冲天炉规模（吨）": "8吨"})
    assert [p.text() for p in result.problems if p.blocking] == []
    [row] = facilities(read_book(result.files[""]))
    assert (row["结论"], row["限产比例（%）"]) == ("限产", 50)


def test_out_of_range_says_the_range_not_not_a_number():
    message = json.loads(api.evaluate(json.dumps(cupola("1e9"))))["errors"][0]["message"]
    assert "须大于 0 吨、不超过 1000 吨" in message and "须为数字" not in message


def test_a_0_tonne_cupola_is_refused_with_the_reason_in_json_form_and_spreadsheet():
    with pytest.raises(policy.ValidationError) as raised:
        policy.assess(cupola(0))
    [error] = raised.value.errors
    assert error["path"] == "facilities[0].cupola_capacity_t"
    assert "0 吨的冲天炉不存在" in error["message"]
    typed = json.loads(api.evaluate(json.dumps(cupola("0吨"), ensure_ascii=False)))
    assert typed["errors"][0]["message"] == error["message"]
    result = _sheet(**{"冲天炉规模（吨）": 0})
    assert any("0 吨的冲天炉不存在" in p.text() for p in result.problems)
    assert result.summary["rows_out"] == 0
