"""The template a county fills in: one row per facility, Chinese headers, a 说明 sheet.

Everything comes from the plan's question metadata (policy.lists.columns)."""
from __future__ import annotations

from ..engine.model import Plan
from .columns import columns
from .output import csv_bytes
from .xlsx import SheetOut, column_letter, write_xlsx

DATA_SHEET = "设施清单"
HELP_SHEET = "说明"
CHOICES_SHEET = "选项"
VALIDATED_ROWS = 5000


def help_rows(plan: Plan) -> list:
    rows = [["列", "列名", "填写要求", "允许的值", "适用行业", "条款", "说明"]]
    for index, column in enumerate(columns(plan), 1):
        rows.append([column_letter(index), column.header, column.required, column.allowed, column.industries,
                     column.clauses, column.help])
    rows += [
        [],
        ["", "填写说明"],
        ["", f"1. 每个生产设施（生产线、工序或设备，二、9）占「{DATA_SHEET}」的一行；同一企业的设施写在多行，"
             "企业名称（或统一社会信用代码）和所在县相同的行合为一个企业。"],
        ["", "2. 不要合并单元格，不要留空行；不适用于本行业的列留空。"],
        ["", "3. “按行业”的列只有相应行业需要填写：缺少时该行会被报告，其他行照常评估。"],
        ["", "4. 是/否 列填写“是”或“否”；选择列填写「允许的值」中的文字（也可在下拉列表中选择）。"],
        ["", f"5. 结果按{plan.title}（{plan.document_number}）评估；县（区、市）提高比例的，按县级文件执行（二、6，二、12）。"],
        ["", "6. 产业政策类别按《产业结构调整指导目录》判定：方案印发时施行2011年本（2013年修正），2019年本自2020年1月1日起施行。"],
    ]
    return rows


def template_sheets(plan: Plan) -> list[SheetOut]:
    cols = columns(plan)
    choice_lists = []
    validations = []
    for index, column in enumerate(cols, 1):
        if column.kind == "boolean":
            values = ["是", "否"]
        elif column.kind == "county":
            values = list(plan.counties)
        elif column.choices:
            values = [label for label, _ in column.choices]
        else:
            continue
        choice_lists.append((column.header, values))
        letter = column_letter(len(choice_lists))
        formula = f"'{CHOICES_SHEET}'!${letter}$2:${letter}${len(values) + 1}"
        target = column_letter(index)
        validations.append((f"{target}2:{target}{VALIDATED_ROWS}", formula, column.allowed))
    height = max(len(v) for _, v in choice_lists)
    choice_rows = [[h for h, _ in choice_lists]] + [
        [values[i] if i < len(values) else None for _, values in choice_lists] for i in range(height)]
    return [
        SheetOut(DATA_SHEET, [[c.header for c in cols]], widths=[max(10, min(30, len(c.header) * 2)) for c in cols],
                 validations=validations),
        SheetOut(HELP_SHEET, help_rows(plan), widths=[6, 30, 10, 40, 30, 20, 60], wrap=True),
        SheetOut(CHOICES_SHEET, choice_rows, hidden=True),
    ]


def template_xlsx(plan: Plan) -> bytes:
    return write_xlsx(template_sheets(plan))


def template_csv(plan: Plan) -> bytes:
    return csv_bytes([[c.header for c in columns(plan)]])
