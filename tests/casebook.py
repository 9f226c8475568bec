"""The declarative cases of tests/cases/*.yaml: inputs written from the plan's text
and the results the plan demands, in the spirit of OpenFisca's YAML tests.

A file has `defaults` (answers merged into each case's facility) and `cases`. A case
has a `name`, either a `facility` (merged over BASE_FACILITY and the file's
defaults) and an `enterprise` (merged over BASE_ENTERPRISE: the enterprise's
identity and what it answers once for all its facilities, 二、1 and 二、2; `omit`
removes answers from either) or a whole `input`, and `expect`:

- facility result keys (outcome, ratio, allowed_load, shutdown_days, rule, case,
  county_review …) compared for equality;
- `clauses_include`, `interpretations_include`, `warnings_count`, `option_kinds`,
  `unmet_fields`, `trace_include` (substrings of the trace's text);
- `errors`: the exact set of error paths of a validation error;
- `summary`, `transport`: dicts compared key by key;
- `facilities`: a list of such expectations for multi-facility inputs.

The same expanded inputs feed the Pyodide parity tests (tests/node/).
"""
from __future__ import annotations

import copy
from dataclasses import dataclass
from pathlib import Path

import yaml

CASES_DIR = Path(__file__).parent / "cases"

# An enterprise that passes 2.1 and claims no exemption (二、1, 二、2 speak of the enterprise).
BASE_ENTERPRISE = {
    "name": "测试企业有限公司",
    "county": "榆次区",
    "stable_compliance": True,
    "permit_compliant": True,
    "governance_done": True,
    "green_factory": False,
    "exemption_emission": "none",
}
# A facility that supplies no heat.
BASE_FACILITY = {
    "name": "1#生产线",
    "supplies_heat_or_gas": False,
}


@dataclass
class Case:
    file: str
    name: str
    input: dict
    expect: dict
    county_figures: dict | None = None

    @property
    def id(self) -> str:
        return f"{self.file}:{self.name}"


def load_cases() -> list[Case]:
    cases = []
    for path in sorted(CASES_DIR.glob("*.yaml")):
        document = yaml.safe_load(path.read_text(encoding="utf-8"))
        defaults = document.get("defaults", {})
        for raw in document["cases"]:
            cases.append(Case(path.stem, raw["name"], _input(raw, defaults), raw["expect"],
                              raw.get("county_figures")))
    return cases


def _input(raw: dict, defaults: dict) -> dict:
    if "input" in raw:
        return copy.deepcopy(raw["input"])
    facility = {**BASE_FACILITY, **defaults, **raw.get("facility", {})}
    enterprise = {**BASE_ENTERPRISE, **raw.get("enterprise", {})}
    for name in raw.get("omit", ()):
        facility.pop(name, None)
        enterprise.pop(name, None)
    data = {"enterprise": enterprise, "facilities": [facility]}
    if "transport" in raw:
        data["transport"] = raw["transport"]
    return data


def check_result(result: dict, expect: dict) -> list[str]:
    """Differences between an assessment result and a case's expectations."""
    problems = []
    facilities = expect.get("facilities")
    if facilities is None:
        facilities = [{k: v for k, v in expect.items() if k not in ("summary", "transport", "errors")}]
    for index, wanted in enumerate(facilities):
        problems += [f"facility {index}: {p}" for p in _check_facility(result["facilities"][index], wanted)]
    for key in ("summary", "transport"):
        for name, value in expect.get(key, {}).items():
            if result[key] is None or result[key].get(name) != value:
                problems.append(f"{key}.{name}: expected {value!r}, got {(result[key] or {}).get(name)!r}")
    return problems


def _check_facility(facility: dict, wanted: dict) -> list[str]:
    problems = []
    for key, value in wanted.items():
        if key == "clauses_include":
            missing = [c for c in value if c not in facility["clauses"]]
            if missing:
                problems.append(f"clauses {facility['clauses']} lack {missing}")
        elif key == "clauses_exclude":
            present = [c for c in value if c in facility["clauses"]]
            if present:
                problems.append(f"clauses {facility['clauses']} should not have {present}")
        elif key == "interpretations_include":
            missing = [c for c in value if c not in facility["interpretations"]]
            if missing:
                problems.append(f"interpretations {facility['interpretations']} lack {missing}")
        elif key == "warnings_count":
            if len(facility["warnings"]) != value:
                problems.append(f"warnings {facility['warnings']} count != {value}")
        elif key == "option_kinds":
            kinds = [o["kind"] for o in facility["options"]]
            if kinds != value:
                problems.append(f"option kinds {kinds} != {value}")
        elif key == "unmet_fields":
            fields = [u["field"] for u in facility["unmet"]]
            if fields != value:
                problems.append(f"unmet {fields} != {value}")
        elif key == "trace_include":
            text = "\n".join(step["text"] for step in facility["trace"])
            for fragment in value:
                if fragment not in text:
                    problems.append(f"trace lacks {fragment!r}")
        elif isinstance(value, dict) and isinstance(facility.get(key), dict):
            for name, item in value.items():
                if facility[key].get(name) != item:
                    problems.append(f"{key}.{name}: expected {item!r}, got {facility[key].get(name)!r}")
        elif facility.get(key) != value:
            problems.append(f"{key}: expected {value!r}, got {facility.get(key)!r}")
    return problems
