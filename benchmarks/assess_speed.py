"""Facility assessments per second on CPython, one core.

    .venv/bin/python benchmarks/assess_speed.py [--seconds 3]

Prints three figures for the declarative cases' facilities (every clause row of the
plan): validation + assessment + roll-up through `policy.assess` (what the CLI and the
lists do), the same through `policy.api.evaluate` (JSON text in and out, as in the
browser), and assessment alone on pre-validated input. Aim: ≥ 20,000 a second.
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import policy  # noqa: E402
from policy import api  # noqa: E402
from policy.engine.run import assess_facility  # noqa: E402
from policy.engine.validate import validate  # noqa: E402
from tests.casebook import load_cases  # noqa: E402


def rate(function, items, seconds: float) -> float:
    done, start = 0, time.perf_counter()
    while True:
        for item in items:
            function(item)
        done += len(items)
        elapsed = time.perf_counter() - start
        if elapsed >= seconds:
            return done / elapsed


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=3.0)
    seconds = parser.parse_args().seconds
    plan = policy.load_plan()
    inputs = []
    for case in load_cases():
        if "errors" in case.expect or case.county_figures:
            continue
        for facility in case.input["facilities"]:
            inputs.append({"enterprise": case.input["enterprise"], "facilities": [facility]})
    texts = [json.dumps(item, ensure_ascii=False) for item in inputs]
    valid = [validate(plan, item) for item in inputs]
    print(f"{len(inputs)} facilities from the declarative cases, {seconds:g} s each, Python {sys.version.split()[0]}")
    print(f"  policy.assess (validate + assess + roll-up): {rate(policy.assess, inputs, seconds):>9,.0f} /s")
    print(f"  policy.api.evaluate (JSON text in and out):  {rate(api.evaluate, texts, seconds):>9,.0f} /s")
    everything = {"enterprise": inputs[0]["enterprise"],
                  "facilities": [dict(item["facilities"][0], id=f"F{n}") for n, item in enumerate(inputs)]}
    per_enterprise = rate(policy.assess, [everything], seconds) * len(inputs)
    print(f"  policy.assess, one enterprise of {len(inputs)} facilities:  {per_enterprise:>9,.0f} /s")
    facilities = [v.facilities[0] for v in valid]
    print(f"  assess_facility (pre-validated):              "
          f"{rate(lambda f: assess_facility(plan, f, None), facilities, seconds):>9,.0f} /s")


if __name__ == "__main__":
    main()
