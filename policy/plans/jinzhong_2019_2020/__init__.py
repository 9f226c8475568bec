"""晋中市2019-2020年秋冬季工业企业错峰生产行动方案 as a `Plan`."""
from __future__ import annotations

import datetime as dt

from ...engine.model import (
    CURTAIL, NOT_COVERED, REFER, SEASON_SHUTDOWN, Adjustments, Industry, LocationRule, Plan,
)
from .counties import COUNTIES, COUNTY_ALIASES, COUNTY_NOTES
from .plan import CLAUSES, EXTRACTION_FIXES, PARTS, ROTATION_MAX_BATCHES, RULES
from .questions import INDUSTRIES_CHOICES, QUESTIONS
from .register import REGISTER
from .transport import TRANSPORT
from .vocabulary import LOCATION_LIMIT_KM

_INDUSTRY_CLAUSES = {
    "steel": ("3.1.1",), "ferroalloy": ("3.1.2",), "coke": ("3.1.3",), "foundry": ("3.1.4",),
    "brick_kiln": ("3.1.5", "3.1.14"), "nonferrous": ("3.1.6",), "cement": ("3.1.7",),
    "chemical": ("3.1.8",), "coatings_inks": ("3.1.9",), "rubber": ("3.1.10",),
    "carbon": ("3.1.11",), "refractory": ("3.1.12",), "glassware": ("3.1.13",),
    "building_materials": ("3.1.14",), "other_high_emission": ("2.4",), "other": (),
}
# What follows when no rule of the industry gives a result (never a silent 0%).
_FALLBACK = {
    "other": (NOT_COVERED, ("R24",)),          # the plan does not name the industry
    "coatings_inks": (NOT_COVERED, ("R19",)),  # only VOCs processes are curtailed
}

PLAN = Plan(
    id="jinzhong-2019-2020",
    version="2019-2020.1",
    title="晋中市2019-2020年秋冬季工业企业错峰生产行动方案",
    short_title="晋中市2019-2020年秋冬季错峰生产方案",
    document_number="市工信产发〔2019〕79号",
    issuer="晋中市工业和信息化局",
    issued=dt.date(2019, 8, 21),
    season_start=dt.date(2019, 11, 1),
    season_end=dt.date(2020, 3, 31),
    counties=COUNTIES,
    county_notes=COUNTY_NOTES,
    county_aliases=COUNTY_ALIASES,
    clauses=tuple(CLAUSES),
    industries=tuple(
        Industry(choice.value, choice.label, _INDUSTRY_CLAUSES[choice.value],
                 *_FALLBACK.get(choice.value, (REFER, ("R3",))))
        for choice in INDUSTRIES_CHOICES
    ),
    questions=QUESTIONS,
    rules=tuple(RULES),
    location=LocationRule("within_10km", "distance_km", LOCATION_LIMIT_KM, "2.4"),
    adjustments=Adjustments(
        season_clause="2.13",
        shutdown_conversion_clause="2.10",
        lower_load_field="actual_load_percent",
        lower_load_clause="2.5",
        safety_load_field="safety_load_percent",
        safety_load_clauses={"*": "2.7", "chemical": "3.1.8"},
        heat_supply_field="supplies_heat_or_gas",
        heat_supply_clauses={"*": "2.6", "coke": "3.1.3"},
        heat_supply_replaces=(CURTAIL, REFER, SEASON_SHUTDOWN),
        county_raise_clauses=("2.6", "2.12"),
        rotation_field="rotation_batches",
        rotation_clause="3.1.10",
        rotation_max_batches=ROTATION_MAX_BATCHES,
        shutdown_periods_field="shutdown_periods",
        interpretations={
            "shutdown_days": ("R6",), "lower_load": ("R7",), "county": ("R8",),
            "heat_supply": ("R9", "R14", "R30"), "safety_load": ("R10",), "periods": ("R26",),
        },
    ),
    transport=TRANSPORT,
    register=REGISTER,
    parts=PARTS,
    extraction_fixes=EXTRACTION_FIXES,
    interpretations={
        "distance_km": ("R25",), "so2_mg": ("R23",), "nox_mg": ("R23",), "pm_mg": ("R23",),
        REFER: ("R3",), "transport": ("R12", "R27"),
    },
)
