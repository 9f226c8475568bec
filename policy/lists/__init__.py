"""County lists (2.8): a spreadsheet of facilities in, the curtailment and exemption
lists out. Spreadsheets are read by python-calamine (the `lists` extra; imported only
when a workbook is read: policy.lists.reader), .csv and the .xlsx output by the standard
library; the same code runs in Pyodide (the lists page loads calamine's wheel).

    from policy import lists
    data = lists.template("xlsx")                           # the template workbook
    result = lists.process("清单.xlsx", data_bytes, "xlsx")   # -> Result
    result.files       # {file name suffix: bytes}: one .xlsx, or several .csv
    result.summary     # counts (rows in/out/reported, by outcome, by county …)
    result.problems    # [Problem]: sheet, row, column, header, Chinese message

Browsers: policy.api.lists_start / lists_step / lists_finish (base64 and JSON strings).
"""
from __future__ import annotations

from dataclasses import dataclass

from ..engine.model import Plan
from ..plans import load_plan, shipped_county_figures
from .columns import Column, columns
from .job import CURTAILMENT, EXEMPTION, REVIEW, Job, ListError, Outcome, Problem
from .reader import LIMITS
from .output import to_csv_files, to_xlsx
from .template import template_csv, template_xlsx

FORMATS = ("xlsx", "csv")


@dataclass
class Result:
    outcome: Outcome
    files: dict  # suffix -> bytes ("" for the main file)
    format: str

    @property
    def summary(self) -> dict:
        return self.outcome.summary_json()

    @property
    def problems(self) -> list:
        return self.outcome.job.problems


def template(fmt: str = "xlsx", plan: Plan | None = None) -> bytes:
    plan = plan or load_plan()
    if fmt == "csv":
        return template_csv(plan)
    return template_xlsx(plan)


def start(filename: str, data: bytes, plan: Plan | None = None, county_figures: dict | None = None) -> Job:
    """Read and check every row (raises ListError when the file cannot be read at all)."""
    plan = plan or load_plan()
    figures = shipped_county_figures(plan) if county_figures is None else county_figures
    return Job(plan, filename, data, figures)


def finish(job: Job, fmt: str = "xlsx") -> Result:
    if fmt not in FORMATS:
        raise ValueError(f"format must be one of {FORMATS}")
    outcome = job.finish()
    name = job.input.filename
    files = {"": to_xlsx(outcome, name)} if fmt == "xlsx" else to_csv_files(outcome, name)
    return Result(outcome, files, fmt)


def process(filename: str, data: bytes, fmt: str = "xlsx", plan: Plan | None = None,
            county_figures: dict | None = None) -> Result:
    """Everything at once: read, check, assess, roll up, write."""
    return finish(start(filename, data, plan, county_figures), fmt)


__all__ = ["template", "start", "finish", "process", "Result", "Job", "ListError", "Problem", "Outcome",
           "Column", "columns", "CURTAILMENT", "EXEMPTION", "REVIEW", "FORMATS", "LIMITS"]
