"""晋中市2019-2020年秋冬季工业企业错峰生产行动方案: the plan as code.

    import policy
    result = policy.assess({"enterprise": {...}, "facilities": [...]})

Standard library only: runs unchanged in CPython and in Pyodide (reading spreadsheets in
policy.lists uses python-calamine, the `lists` extra, imported only there).
"""
from __future__ import annotations

from typing import Any, Mapping, Optional

from .engine.county import CountyFigures, county_rows, parse_county_figures
from .engine.model import OUTCOME_LABELS, Plan
from .engine.report import render_text
from .engine.run import assess as _assess
from .engine.schema import form_spec as _form_spec, input_schema as _input_schema
from .engine.validate import ValidationError
from .plans import DEFAULT_PLAN_ID, PLANS, load_plan, shipped_county_figures

__version__ = "1.0.0"
__all__ = [
    "assess", "render_text", "form_spec", "input_schema", "load_plan", "ValidationError",
    "CountyFigures", "parse_county_figures", "OUTCOME_LABELS", "Plan", "PLANS", "DEFAULT_PLAN_ID",
    "county_figures", "county_table",
]


def assess(data: Any, *, plan: Optional[Plan] = None,
           county_figures: Optional[Mapping[str, CountyFigures]] = None, what_if: bool = False) -> dict:
    """Assess one enterprise (a dict as in policy/README.md); raises ValidationError.

    `county_figures` defaults to the county files shipped with the package (2.6, 2.12);
    pass ``{}`` for the city's figures only. `what_if`: also list per facility the single
    changes of its answers that would change its result (a few dozen re-assessments each).
    """
    plan = plan or _plan_of(data)
    if county_figures is None:
        county_figures = shipped_county_figures(plan)
    return _assess(plan, data, county_figures, what_if=what_if)


def county_figures(plan: Optional[Plan] = None) -> dict:
    """The county files shipped with the package: {county: CountyFigures}."""
    return shipped_county_figures(plan or load_plan())


def county_table(county: str, *, plan: Optional[Plan] = None,
                 county_figures: Optional[Mapping[str, CountyFigures]] = None) -> dict:
    """A county's figures against the city baseline, for pages (2.6, 2.12).

    {"county", "document", "note", "example", "rows": [{case, rule, title, clause,
    clause_display, conditions, city_ratio, county_ratio, raise_by, city_allowed_load,
    county_allowed_load, reason}]}; a county without a file gets document None and no rows.
    """
    plan = plan or load_plan()
    figures = (shipped_county_figures(plan) if county_figures is None else county_figures).get(
        plan.county_aliases.get(county, county))
    if figures is None:
        return {"county": plan.county_aliases.get(county, county), "document": None, "note": None,
                "example": False, "rows": []}
    return {"county": figures.county, "document": figures.document, "note": figures.note,
            "example": figures.example, "rows": county_rows(plan, figures)}


def form_spec(plan: Optional[Plan] = None) -> dict:
    return _form_spec(plan or load_plan())


def input_schema(plan: Optional[Plan] = None) -> dict:
    return _input_schema(plan or load_plan())


def _plan_of(data: Any) -> Plan:
    plan_id = data.get("plan") if isinstance(data, dict) else None
    if isinstance(plan_id, str) and plan_id in PLANS:
        return PLANS[plan_id]
    return load_plan()
