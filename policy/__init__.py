"""晋中市2019-2020年秋冬季工业企业错峰生产行动方案: the plan as code.

    import policy
    result = policy.assess({"enterprise": {...}, "facilities": [...]})

Standard library only: runs unchanged in CPython and in Pyodide.
"""
from __future__ import annotations

from typing import Any, Mapping, Optional

from .engine.county import CountyFigures, parse_county_figures
from .engine.model import OUTCOME_LABELS, Plan
from .engine.report import render_text
from .engine.run import assess as _assess
from .engine.schema import form_spec as _form_spec, input_schema as _input_schema
from .engine.validate import ValidationError
from .plans import DEFAULT_PLAN_ID, PLANS, load_plan

__version__ = "1.0.0"
__all__ = [
    "assess", "render_text", "form_spec", "input_schema", "load_plan", "ValidationError",
    "CountyFigures", "parse_county_figures", "OUTCOME_LABELS", "Plan", "PLANS", "DEFAULT_PLAN_ID",
]


def assess(data: Any, *, plan: Optional[Plan] = None,
           county_figures: Optional[Mapping[str, CountyFigures]] = None) -> dict:
    """Assess one enterprise (a dict as in policy/README.md); raises ValidationError."""
    plan = plan or _plan_of(data)
    return _assess(plan, data, county_figures)


def form_spec(plan: Optional[Plan] = None) -> dict:
    return _form_spec(plan or load_plan())


def input_schema(plan: Optional[Plan] = None) -> dict:
    return _input_schema(plan or load_plan())


def _plan_of(data: Any) -> Plan:
    plan_id = data.get("plan") if isinstance(data, dict) else None
    if isinstance(plan_id, str) and plan_id in PLANS:
        return PLANS[plan_id]
    return load_plan()
