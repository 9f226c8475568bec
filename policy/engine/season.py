"""The season: shutdown-day conversion (2.10) and date periods inside the season."""
from __future__ import annotations

import datetime as dt
import math
from fractions import Fraction

from .model import Plan


def shutdown_days(plan: Plan, ratio: float) -> int:
    """Days of shutdown equivalent to curtailing `ratio` percent: ceil(ratio × season days)."""
    if isinstance(ratio, int):
        return -(-ratio * plan.season_days // 100)
    return math.ceil(Fraction(str(ratio)) * plan.season_days / 100)


def parse_date(text) -> dt.date | None:
    if not isinstance(text, str):
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        return None


def period_days(start: dt.date, end: dt.date) -> int:
    """Both ends count (R26)."""
    return (end - start).days + 1


def check_periods(plan: Plan, periods) -> tuple[list[tuple[dt.date, dt.date]], list[tuple[int, str, str]]]:
    """Parse periods [{start, end}] and find what is wrong with them.

    Returns (parsed periods, problems) where each problem is (index, key, Chinese message);
    index -1 means the list as a whole.
    """
    parsed: list[tuple[dt.date, dt.date]] = []
    problems: list[tuple[int, str, str]] = []
    season = f"{plan.season_start.isoformat()} 至 {plan.season_end.isoformat()}"
    for index, period in enumerate(periods):
        if not isinstance(period, dict):
            problems.append((index, "", "须为含 start 和 end 两个日期的对象"))
            continue
        unknown = sorted(set(period) - {"start", "end"})
        for key in unknown:
            problems.append((index, key, f"有未知字段「{key}」，只能有 start 和 end"))
        dates = {}
        for key, name in (("start", "开始日期"), ("end", "结束日期")):
            value = parse_date(period.get(key))
            if value is None:
                problems.append((index, key, f"{name}须为 YYYY-MM-DD 格式的日期，填写的是 {period.get(key)!r}"))
            elif not plan.season_start <= value <= plan.season_end:
                problems.append((index, key, f"{name} {value.isoformat()} 不在错峰生产时间（{season}）内"))
            else:
                dates[key] = value
        if len(dates) == 2:
            if dates["start"] > dates["end"]:
                problems.append((index, "end", "结束日期早于开始日期"))
            else:
                parsed.append((dates["start"], dates["end"]))
    ordered = sorted(parsed)
    for (s1, e1), (s2, e2) in zip(ordered, ordered[1:]):
        if s2 <= e1:
            problems.append((-1, "", f"时段 {s1.isoformat()}—{e1.isoformat()} 与 {s2.isoformat()}—{e2.isoformat()} 重叠"))
    return ordered, problems


def periods_json(periods: list[tuple[dt.date, dt.date]]) -> list[dict]:
    return [{"start": s.isoformat(), "end": e.isoformat(), "days": period_days(s, e)}
            for s, e in periods]
