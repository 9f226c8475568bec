"""Generated inputs for the parity tests, built from policy.api.form_spec().

Seeded, so every run checks the same inputs. Most are plausible enterprises (answers
drawn from each question's kind, choices and range, with boundary values and awkward
floats), some break the rules on purpose (missing answers, out-of-range numbers, wrong
types, unknown fields, text that looks like HTML), and a few are not even objects.
"""
from __future__ import annotations

import json
import random

TEXTS = ["某某焦化有限公司", "<img src=x onerror=alert(1)>", "A&B \"quoted\" 'single'", "😀 emoji",
         "  spaces  ", "晋K12345", "x" * 60, "\u200b零宽", "line\nbreak", "\\backslash"]
AWKWARD = [0, 0.1, 0.2, 0.30000000000000004, 1e-7, 9.999999999, 10, 10.000001, 1 / 3, 2 / 3,
           12.5, 99.99, 100, 123456.789, 5e-324, 1e21, 1.5e300]
DATES = ["2019-10-31", "2019-11-01", "2019-11-15", "2019-12-09", "2019-12-31", "2020-01-01",
         "2020-02-29", "2020-03-15", "2020-03-31", "2020-04-01", "2020-02-30", "not-a-date"]


def _number(rng: random.Random, q: dict):
    lo, hi = q.get("minimum"), q.get("maximum")
    lo = 0 if lo is None else lo
    hi = 1000 if hi is None else hi
    roll = rng.random()
    if roll < 0.15:
        return rng.choice([lo, hi])
    if roll < 0.35:
        return rng.choice([v for v in AWKWARD if lo <= v <= hi] or [lo])
    if roll < 0.45:  # around the plan's thresholds
        return rng.choice([10, 9.99, 10.01, 50, 35, 20, 30, 100, 150, 200, 3, 6, 10.0])
    if roll < 0.5:
        return rng.randint(int(lo), int(min(hi, 10**6)))
    return round(rng.uniform(lo, hi), rng.choice([0, 1, 2, 3, 6]))


def _periods(rng: random.Random):
    return [{"start": rng.choice(DATES), "end": rng.choice(DATES)} for _ in range(rng.randint(0, 4))]


def _answer(rng: random.Random, q: dict):
    kind = q["kind"]
    if kind == "boolean":
        return rng.random() < 0.6
    if kind == "choice":
        return rng.choice(q["choices"])["value"]
    if kind == "number":
        return _number(rng, q)
    if kind == "periods":
        return _periods(rng)
    return rng.choice(TEXTS[:-4] if q["field"] in ("id", "name") else TEXTS)


def _broken(rng: random.Random, q: dict):
    """A wrong answer of some sort."""
    return rng.choice([None, "abc", -1, 10**9, [], {}, True, "12", -0.0, float("nan"), float("inf")])


def _facility(rng: random.Random, spec: dict, index: int) -> dict:
    industry = rng.choice(spec["industries"])["value"]
    facility = {}
    for q in spec["questions"]:
        if q["field"] == "industry":
            facility["industry"] = industry
            continue
        if q["scope"] == "enterprise":
            continue  # answered once, by the enterprise (_enterprise_answers)
        if industry not in q["industries"]:
            if rng.random() < 0.03:
                facility[q["field"]] = _answer(rng, q)  # an answer that does not apply
            continue
        if q["kind"] == "periods" and rng.random() < 0.7:
            continue
        if not q["required"] and rng.random() < 0.5:
            continue
        if rng.random() < 0.02:
            continue  # a missing answer
        facility[q["field"]] = _broken(rng, q) if rng.random() < 0.03 else _answer(rng, q)
    if "within_10km" in facility and "distance_km" in facility and rng.random() < 0.7:
        del facility[rng.choice(["within_10km", "distance_km"])]
    if rng.random() < 0.5:
        facility["id"] = f"F{index + 1}" if rng.random() < 0.9 else "F1"  # sometimes a duplicate id
    if rng.random() < 0.02:
        facility["unknown_field"] = 1
    return facility


def _enterprise_answers(rng: random.Random, spec: dict, facilities: list) -> dict:
    """What the enterprise answers once (二、1, 二、2); mostly a choice its industries leave open."""
    industries = {f.get("industry") for f in facilities}
    answers = {}
    for q in spec["questions"]:
        if q["scope"] != "enterprise" or rng.random() < 0.02:
            continue  # sometimes a missing answer
        if rng.random() < 0.03:
            answers[q["field"]] = _broken(rng, q)
        elif q["kind"] == "choice" and rng.random() < 0.95:
            answers[q["field"]] = rng.choice([c for c in q["choices"]
                                              if not industries & set(c.get("closed_to", ()))])["value"]
        else:
            answers[q["field"]] = _answer(rng, q)
    return answers


def _transport(rng: random.Random, spec: dict) -> dict:
    t = spec["transport"]
    vehicles = []
    for i in range(rng.randint(0, 4)):
        kind = rng.choice(t["kinds"])
        v = {"id": f"晋K{rng.randint(10000, 99999)}", "kind": kind["value"]}
        if kind["asks_stage"] and rng.random() < 0.9:
            v["emission_stage"] = rng.choice(t["stages"])["value"]
        for flag in t["flags"]:
            if rng.random() < 0.15:
                v[flag["field"]] = rng.random() < 0.5
        vehicles.append(v)
    return {"alert_level": rng.choice(t["alert_levels"])["value"], "vehicles": vehicles}


def generate_inputs(spec: dict, count: int = 300, seed: int = 20191101) -> list[str]:
    """`count` input texts (JSON), deterministic for a given spec and seed."""
    rng = random.Random(seed)
    counties = [c["value"] for c in spec["counties"]]
    out = []
    for n in range(count):
        roll = rng.random()
        if roll < 0.03:
            out.append(rng.choice(["", "{", "null", "[]", "42", '"text"', '{"facilities": "x"}',
                                   '{"enterprise": {}, "facilities": []}', "\ufeff{}"]))
            continue
        county = rng.choice(counties) if rng.random() < 0.95 else rng.choice(["太谷区", "不存在县"])
        data = {"enterprise": {"name": rng.choice(TEXTS), "county": county}}
        if rng.random() < 0.7:
            data["plan"] = spec["plan"]["id"]
        data["facilities"] = [_facility(rng, spec, i) for i in range(rng.choice([1, 1, 1, 2, 3]))]
        data["enterprise"].update(_enterprise_answers(rng, spec, data["facilities"]))
        if rng.random() < 0.4:
            data["transport"] = _transport(rng, spec)
        out.append(json.dumps(data, ensure_ascii=rng.random() < 0.2))
    return out
