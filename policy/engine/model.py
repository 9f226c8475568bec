"""The vocabulary a plan module is written in: clauses, rules, questions, register.

Nothing here knows a particular plan; a plan module builds a `Plan` out of these.
"""
from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, field, replace
from functools import cached_property
from typing import Optional

from .conditions import Condition, format_number

# Outcomes: codes are stable (JSON, tests); labels are what people read.
EXEMPT = "exempt"
CURTAIL = "curtail"
RECTIFY = "rectify"
SEASON_SHUTDOWN = "season_shutdown"
ROTATION = "rotation"
HEAT_BASED = "heat_based"
REFER = "refer"
NOT_COVERED = "not_covered"

OUTCOME_LABELS = {
    EXEMPT: "不予限产",
    CURTAIL: "限产",
    RECTIFY: "停产治理",
    SEASON_SHUTDOWN: "采暖季停产",
    ROTATION: "轮流错峰",
    HEAT_BASED: "以热定产",
    REFER: "县级核定",
    NOT_COVERED: "本方案未列明",
}


@dataclass(frozen=True)
class Clause:
    """One clause of the plan: a stable ASCII id, its display form, heading and text."""

    id: str
    display: str
    heading: str
    text: str


@dataclass(frozen=True)
class Interpretation:
    """An entry of the interpretation register: where the text needs a reading."""

    id: str
    clauses: tuple[str, ...]
    question: str
    reading: str
    alternative: str
    source: str  # where the reading comes from: the project's READING.md decisions or 项目补充
    county_review: bool = False  # results relying on it are flagged for county review


# Whom a question asks: each production facility, or the enterprise once for all its
# facilities (what the text attaches to the enterprise, e.g. 二、2 “……的企业不予限产”).
FACILITY = "facility"
ENTERPRISE = "enterprise"


@dataclass(frozen=True)
class Choice:
    """One answer of a choice question. `closed_to` lists industries the text closes it to
    (plan data, with `closed_reason` saying why and on what source): it is not offered
    to them and an input giving it for them is an error."""

    value: str
    label: str
    closed_to: tuple[str, ...] = ()
    closed_reason: str = ""


@dataclass(frozen=True)
class Question:
    """One answer a facility gives, with what a form needs to ask it.

    Every plan has the questions `id` (optional), `name` and `industry`: the
    engine reads them to name facilities and to pick the rules.

    Which industries a question applies to is derived from the rules that test
    it (see `Plan.applicable_fields`); `always` marks questions every facility
    answers whatever its industry. `scope` ENTERPRISE: answered once, in the input's
    `enterprise` object, and the same for every facility of the enterprise.
    """

    field: str
    label: str
    help: str
    kind: str  # "boolean" | "number" | "choice" | "text"
    clauses: tuple[str, ...] = ()
    unit: str = ""
    minimum: Optional[float] = None
    maximum: Optional[float] = None
    # A number the text makes meaningless at or below this (a 0 t cupola), with the reason.
    exclusive_minimum: Optional[float] = None
    minimum_reason: str = ""
    choices: tuple[Choice, ...] = ()
    required: bool = True
    always: bool = False
    max_length: int = 200
    scope: str = FACILITY

    def choice_label(self, value) -> str:
        for choice in self.choices:
            if choice.value == value:
                return choice.label
        return str(value)

    @cached_property  # validation asks it of every answer
    def choice_values(self) -> frozenset:
        return frozenset(choice.value for choice in self.choices)


@dataclass(frozen=True)
class Option:
    """Something the enterprise may choose instead of the result (e.g. 停产错峰)."""

    kind: str
    clause: str
    text: str


@dataclass(frozen=True)
class Case:
    """One row of a clause's table: conditions → outcome and ratio.

    `ratio` is the percentage the plan writes; `raise_by` is a percentage-point
    increase the plan writes separately (炭素 “限制类的限产增加10%”).
    """

    when: tuple[Condition, ...]
    outcome: str
    ratio: Optional[float] = None
    raise_by: float = 0
    options: tuple[Option, ...] = ()
    interpretations: tuple[str, ...] = ()
    key: str = ""  # filled in by Rule: stable id used by county figures and pages

    @property
    def effective_ratio(self) -> Optional[float]:
        if self.ratio is None:
            return None
        return self.ratio + self.raise_by

    def numbers(self) -> tuple[float, ...]:
        found = [n for c in self.when for n in c.numbers()]
        if self.ratio is not None:
            found.append(self.ratio)
        if self.raise_by:
            found.append(self.raise_by)
        return tuple(found)


@dataclass(frozen=True)
class Stop:
    """What follows when a rule's conditions are not met: a fixed outcome."""

    outcome: str
    text: str
    interpretations: tuple[str, ...] = ()  # register entries relied on when it applies


@dataclass(frozen=True)
class Continue:
    """…or: go on to the next rule (e.g. 3.1.5 falls back to 3.1.14).

    The rule then decided nothing: its clause is in the trace, not among the result's
    clauses; `interpretations` are the readings that send the facility on."""

    text: str
    interpretations: tuple[str, ...] = ()


@dataclass(frozen=True)
class Rule:
    """A rule of one clause.

    `when` selects the rule (checked in order: a later condition is only asked
    when the earlier ones hold); `requires` are the clause's conditions; the
    first of `cases` whose conditions hold gives the result.  A rule with no
    cases is a gate: when its requirements hold, assessment goes on.
    `otherwise` applies when a requirement fails or no case matches.
    `interpretations` are cited when the rule decides the result (a case, a Stop,
    or refer), as its clause is.
    """

    id: str
    clause: str
    title: str
    quote: str
    industries: Optional[tuple[str, ...]] = None  # None: every industry
    when: tuple[Condition, ...] = ()
    requires: tuple[Condition, ...] = ()
    cases: tuple[Case, ...] = ()
    otherwise: object = None  # Stop | Continue | None (refer, READING decision 3)
    interpretations: tuple[str, ...] = ()

    def __post_init__(self):
        keyed = tuple(
            case if case.key else _with_key(case, self.id) for case in self.cases
        )
        object.__setattr__(self, "cases", keyed)

    def applies_to(self, industry: str) -> bool:
        return self.industries is None or industry in self.industries

    def conditions(self) -> tuple[Condition, ...]:
        return self.when + self.requires + tuple(c for case in self.cases for c in case.when)

    def numbers(self) -> tuple[float, ...]:
        own = [n for c in self.when + self.requires for n in c.numbers()]
        return tuple(own) + tuple(n for case in self.cases for n in case.numbers())


def _with_key(case: Case, rule_id: str) -> Case:
    """A stable, readable key: rule id and the row's conditions (county figures use it)."""
    return replace(case, key="/".join([rule_id] + [_condition_key(c) for c in case.when]))


def _condition_key(condition: Condition) -> str:
    described = condition.describe()
    op, value = described["op"], described["value"]
    if op == "is":
        return condition.field if value else f"not-{condition.field}"
    if op == "in":
        return "|".join(value)
    if op == "between":
        return f"{format_number(value[0])}<{condition.field}<{format_number(value[1])}"
    return f"{condition.field}{op}{format_number(value)}"


@dataclass(frozen=True)
class Industry:
    code: str
    label: str
    clauses: tuple[str, ...]
    fallback: str = REFER  # when no rule of the industry gives a result
    fallback_interpretations: tuple[str, ...] = ()


@dataclass(frozen=True)
class LocationRule:
    """A yes/no answer that may instead be derived from a distance (10 公里范围内)."""

    field: str  # the derived yes/no answer, e.g. within_10km
    distance_field: str  # e.g. distance_km
    limit: float  # inclusive (范围内 includes the limit)
    clause: str


@dataclass(frozen=True)
class Adjustments:
    """Where the plan's adjustments read their answers and which clauses they cite."""

    season_clause: str  # 错峰生产时间
    shutdown_conversion_clause: str  # 停产天数折算
    lower_load_field: str
    lower_load_clause: str
    safety_load_field: str
    safety_load_clauses: dict  # industry -> extra clause, "*" -> default clause
    heat_supply_field: str
    heat_supply_clauses: dict  # industry -> clause, "*" -> default clause
    heat_supply_replaces: tuple[str, ...]
    county_raise_clauses: tuple[str, ...]
    rotation_field: str
    rotation_clause: str
    rotation_max_batches: int
    shutdown_periods_field: str
    interpretations: dict = field(default_factory=dict)  # adjustment name -> register ids


@dataclass(frozen=True)
class AlertLevel:
    code: str
    label: str
    rank: int  # 0: no alert


@dataclass(frozen=True)
class VehicleKind:
    code: str
    label: str
    stage_field_label: str = ""  # "" when the kind has no emission stage to ask


@dataclass(frozen=True)
class TransportRule:
    """Vehicles of `kind` at or below `max_stage` stop from alert rank `from_rank` on."""

    id: str
    clause: str
    kind: str
    from_rank: int
    max_stage: Optional[int]  # None: every stage
    exempt_if: tuple[str, ...]  # flags that exempt the vehicle
    text: str

    def numbers(self) -> tuple[float, ...]:
        return () if self.max_stage is None else (self.max_stage,)


@dataclass(frozen=True)
class Transport:
    clause: str
    alert_levels: tuple[AlertLevel, ...]
    kinds: tuple[VehicleKind, ...]
    stages: tuple[Choice, ...]  # emission stages, value is the stage number as text
    flags: tuple[Question, ...]  # exemption flags a vehicle may carry
    rules: tuple[TransportRule, ...]
    requirements: tuple[str, ...]
    industries_text: str
    data_retention_years: int


@dataclass(frozen=True)
class Plan:
    id: str
    version: str
    title: str
    short_title: str
    document_number: str
    issuer: str
    issued: _dt.date
    season_start: _dt.date
    season_end: _dt.date
    counties: tuple[str, ...]
    county_notes: dict
    county_aliases: dict
    clauses: tuple[Clause, ...]
    industries: tuple[Industry, ...]
    questions: tuple[Question, ...]
    rules: tuple[Rule, ...]
    location: LocationRule
    adjustments: Adjustments
    transport: Transport
    register: tuple[Interpretation, ...]
    parts: dict  # section id -> heading, for the full text
    extraction_fixes: dict  # characters the PDF extraction got wrong (for the text check)
    # Register entries cited whenever an answer is used (key: field name) or an
    # outcome is reached (key: outcome code), or for transport (key: "transport").
    interpretations: dict = field(default_factory=dict)

    @property
    def season_days(self) -> int:
        return (self.season_end - self.season_start).days + 1

    def clause(self, clause_id: str) -> Clause:
        return self._clauses_by_id[clause_id]

    def industry(self, code: str) -> Industry:
        return self._industries_by_code[code]

    def question(self, field_name: str) -> Question:
        return self._questions_by_field[field_name]

    def interpretation(self, entry_id: str) -> Interpretation:
        return self._register_by_id[entry_id]

    def rules_for(self, industry: str) -> tuple[Rule, ...]:
        rules = self._rules_by_industry.get(industry)
        if rules is None:
            rules = tuple(r for r in self.rules if r.applies_to(industry))
        return rules

    def case(self, key: str) -> tuple[Rule, Case]:
        for rule in self.rules:
            for case in rule.cases:
                if case.key == key:
                    return rule, case
        raise KeyError(key)

    # Lookups; cached_property writes to the instance dict, which a frozen
    # dataclass allows.
    @cached_property
    def _clauses_by_id(self) -> dict:
        return {c.id: c for c in self.clauses}

    @cached_property
    def _questions_by_field(self) -> dict:
        return {q.field: q for q in self.questions}

    @cached_property
    def memo(self) -> dict:
        """Per-plan cache for derived tables the engine computes once (a plan never changes)."""
        return {}

    def derived(self, key: tuple, make):
        """The table `make()` builds from the plan, built once (the memo keeps it under `key`)."""
        memo = self.memo
        if key not in memo:
            memo[key] = make()
        return memo[key]

    @cached_property
    def _industries_by_code(self) -> dict:
        return {i.code: i for i in self.industries}

    @cached_property
    def _register_by_id(self) -> dict:
        return {e.id: e for e in self.register}

    @cached_property
    def _rules_by_industry(self) -> dict:
        return {i.code: tuple(r for r in self.rules if r.applies_to(i.code)) for i in self.industries}
