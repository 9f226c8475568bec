"""Phrases the plan repeats, as conditions and case builders, so each clause reads short."""
from __future__ import annotations

from ...engine.conditions import Condition, No, OneOf, Yes, at_most
from ...engine.model import CURTAIL, Case, Option

# 市、县建成区及周边10公里范围内 — derived from the distance when one is given.
LOCATION_LIMIT_KM = 10  # “市、县建成区及周边10公里范围内”, the limit included
WITHIN = Yes("within_10km", f"生产设施在市、县建成区及周边{LOCATION_LIMIT_KM}公里范围内")
OUTSIDE = No("within_10km", f"生产设施不在市、县建成区及周边{LOCATION_LIMIT_KM}公里范围内")

ENCOURAGED = OneOf("category", "属于产业政策鼓励类", ("encouraged",))
PERMITTED = OneOf("category", "属于产业政策允许类", ("permitted",))
RESTRICTED = OneOf("category", "属于《产业结构调整指导目录》限制类", ("restricted",))
NOT_RESTRICTED = OneOf("category", "不属于限制类（鼓励类或允许类）", ("encouraged", "permitted"))

ONLINE_MONITORING = Yes("online_monitoring", "符合在线监控要求")
SPECIAL_LIMITS = Yes("meets_special_limits", "污染物达到特别排放限值")


def so2_at_most(limit: float) -> Condition:
    return at_most("so2_mg", limit, "毫克/立方米", f"二氧化硫 {limit:g} 毫克/立方米以下")


def nox_at_most(limit: float) -> Condition:
    return at_most("nox_mg", limit, "毫克/立方米", f"氮氧化物 {limit:g} 毫克/立方米以下")


def pm_at_most(limit: float) -> Condition:
    return at_most("pm_mg", limit, "毫克/立方米", f"颗粒物 {limit:g} 毫克/立方米以下")


def curtail(ratio: float, *when: Condition, raise_by: float = 0,
            options: tuple[Option, ...] = (), interpretations: tuple[str, ...] = ()) -> Case:
    return Case(when=when, outcome=CURTAIL, ratio=ratio, raise_by=raise_by,
                options=options, interpretations=interpretations)


def by_location(within: float, outside: float, *extra: Condition) -> tuple[Case, ...]:
    """The plan's most common table: one ratio inside 10 km, one outside."""
    return (curtail(within, *extra, WITHIN), curtail(outside, *extra, OUTSIDE))


def by_category_and_location(within: dict, outside: dict,
                             options: dict | None = None) -> tuple[Case, ...]:
    """Ratios by 产业政策 category, inside and outside 10 km: {condition: ratio}."""
    options = options or {}
    rows = []
    for location, table in ((WITHIN, within), (OUTSIDE, outside)):
        for category, ratio in table.items():
            rows.append(curtail(ratio, location, category, options=options.get(category, ())))
    return tuple(rows)
