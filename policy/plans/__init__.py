"""The plans the engine knows. A later season's plan is a new module added here."""
from __future__ import annotations

from importlib import resources

from ..engine.county import load_county_files
from ..engine.model import Plan
from . import jinzhong_2019_2020
from .jinzhong_2019_2020 import PLAN as JINZHONG_2019_2020

PLANS: dict[str, Plan] = {JINZHONG_2019_2020.id: JINZHONG_2019_2020}
DEFAULT_PLAN_ID = JINZHONG_2019_2020.id
# Where each plan's county files (2.6, 2.12) live: package data, one JSON file per county.
COUNTY_FIGURES = {JINZHONG_2019_2020.id: (jinzhong_2019_2020.__name__, "county_figures")}
_shipped: dict = {}


def load_plan(plan_id: str | None = None) -> Plan:
    return PLANS[plan_id or DEFAULT_PLAN_ID]


def shipped_county_figures(plan: Plan) -> dict:
    """The county files shipped in the package for `plan` → {county: CountyFigures} (cached)."""
    if plan.id not in _shipped:
        where = COUNTY_FIGURES.get(plan.id)
        directory = resources.files(where[0]).joinpath(where[1]) if where else None
        _shipped[plan.id] = load_county_files(plan, directory)
    return _shipped[plan.id]
