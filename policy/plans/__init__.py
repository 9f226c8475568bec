"""The plans the engine knows. A later season's plan is a new module added here."""
from __future__ import annotations

from ..engine.model import Plan
from .jinzhong_2019_2020 import PLAN as JINZHONG_2019_2020

PLANS: dict[str, Plan] = {JINZHONG_2019_2020.id: JINZHONG_2019_2020}
DEFAULT_PLAN_ID = JINZHONG_2019_2020.id


def load_plan(plan_id: str | None = None) -> Plan:
    return PLANS[plan_id or DEFAULT_PLAN_ID]
