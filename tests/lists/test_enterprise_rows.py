"""What the enterprise answers once (二、1, 二、2: “……的企业”) in a county spreadsheet: the
rows of one enterprise must agree; a blank takes the enterprise's answer from its other
rows; rows that disagree are reported, naming the rows, and the enterprise is not split."""
from __future__ import annotations

from policy import lists
from tests.lists.helpers import facilities, read_book, workbook_bytes
from tests.lists.test_lists import coke, sheet_of

GREEN = "列入工信部绿色工厂示范"


def _process(*rows):
    return lists.process("县清单.xlsx", workbook_bytes(sheet_of(*rows)))


def test_rows_of_one_enterprise_that_disagree_are_reported_not_split():
    result = _process(coke(**{GREEN: "是"}), coke(**{GREEN: "否", "设施名称": "2#焦炉"}),
                      coke(**{"企业名称": "乙焦化有限公司"}))
    summary = result.summary
    assert (summary["rows_in"], summary["rows_out"], summary["rows_reported"]) == (3, 1, 2)
    blocking = [p for p in result.problems if p.blocking]
    assert sorted(p.row for p in blocking) == [2, 3]
    for problem in blocking:
        assert problem.header == GREEN
        assert "第2行“是”" in problem.message and "第3行“否”" in problem.message
        assert "二、2（1）" in problem.message and "本企业各行均未评估" in problem.message
    rows = facilities(read_book(result.files[""]))
    assert [(r["企业名称"], r["限产比例（%）"]) for r in rows] == [("乙焦化有限公司", 40)]


def test_a_blank_cell_takes_the_enterprise_answer_of_its_other_rows():
    # 二、2（1）“列入工信部绿色工厂示范的企业……不予限产”: both facilities of the enterprise.
    result = _process(coke(**{GREEN: "是"}), coke(**{GREEN: None, "设施名称": "2#焦炉"}))
    assert result.summary["rows_out"] == 2 and [p for p in result.problems if p.blocking] == []
    rows = facilities(read_book(result.files[""]))
    assert {r["结论"] for r in rows} == {"不予限产"} and {r["清单"] for r in rows} == {"错峰生产豁免清单"}


def test_an_enterprise_that_cannot_stably_comply_is_rectified_on_every_row():
    # 二、1 “各类污染物不能稳定达标排放……的企业……予以停产治理” (R28).
    result = _process(coke(**{"各类污染物能稳定达标排放": "否"}), coke(**{"设施名称": "2#焦炉",
                                                                     "各类污染物能稳定达标排放": None}))
    rows = facilities(read_book(result.files[""]))
    assert [r["结论"] for r in rows] == ["停产治理", "停产治理"]
