"""Conditions: small, declarative tests of one answer, each able to explain itself.

A plan module builds rules out of these; the engine evaluates them against a
facility's answers and writes one trace line per condition.  Comparisons follow
the conventions of Chinese legal text (READING.md): 以上/以下/以内 include the
number, 超过/不满/以外 exclude it.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Mapping

Answers = Mapping[str, Any]


def format_number(value: Any) -> str:
    """12.0 -> "12", 12.5 -> "12.5": numbers as a person writes them."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return str(value)
    if float(value).is_integer():
        return str(int(value))
    return repr(float(value))


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


@dataclass(frozen=True)
class Condition:
    """Base class. `field` names the answer tested; `text` is the plan's wording."""

    field: str
    text: str

    def holds(self, answers: Answers) -> bool:
        raise NotImplementedError

    def numbers(self) -> tuple[float, ...]:
        """Numbers this condition takes from the plan (checked against the clause text)."""
        return ()

    def describe(self) -> dict:
        """A JSON-ready description, for schemas, forms and pages."""
        raise NotImplementedError


@dataclass(frozen=True)
class Yes(Condition):
    """The answer is 是 (true)."""

    def holds(self, answers: Answers) -> bool:
        return answers.get(self.field) is True

    def describe(self) -> dict:
        return {"field": self.field, "op": "is", "value": True, "text": self.text}


@dataclass(frozen=True)
class No(Condition):
    """The answer is 否 (false)."""

    def holds(self, answers: Answers) -> bool:
        return answers.get(self.field) is False

    def describe(self) -> dict:
        return {"field": self.field, "op": "is", "value": False, "text": self.text}


@dataclass(frozen=True)
class OneOf(Condition):
    """The answer is one of the listed choices."""

    values: tuple[str, ...] = ()

    def holds(self, answers: Answers) -> bool:
        return answers.get(self.field) in self.values

    def describe(self) -> dict:
        return {"field": self.field, "op": "in", "value": list(self.values), "text": self.text}


@dataclass(frozen=True)
class Compare(Condition):
    """A number against a limit: `op` is one of <=, <, >=, > (以下 is <=, 以上 is >=)."""

    op: str = "<="
    limit: float = 0
    unit: str = ""

    def holds(self, answers: Answers) -> bool:
        value = answers.get(self.field)
        if not _is_number(value):
            return False
        if self.op == "<=":
            return value <= self.limit
        if self.op == "<":
            return value < self.limit
        if self.op == ">=":
            return value >= self.limit
        if self.op == ">":
            return value > self.limit
        raise ValueError(f"unknown comparison {self.op!r}")

    def numbers(self) -> tuple[float, ...]:
        return (self.limit,)

    def describe(self) -> dict:
        return {"field": self.field, "op": self.op, "value": self.limit,
                "unit": self.unit, "text": self.text}


def at_most(field: str, limit: float, unit: str, text: str) -> Compare:
    return Compare(field, text, "<=", limit, unit)


def at_least(field: str, limit: float, unit: str, text: str) -> Compare:
    return Compare(field, text, ">=", limit, unit)


def below(field: str, limit: float, unit: str, text: str) -> Compare:
    return Compare(field, text, "<", limit, unit)


def above(field: str, limit: float, unit: str, text: str) -> Compare:
    return Compare(field, text, ">", limit, unit)


@dataclass(frozen=True)
class Between(Condition):
    """Strictly between two limits (“5吨—10吨” is more than 5 and less than 10)."""

    low: float = 0
    high: float = 0
    unit: str = ""

    def holds(self, answers: Answers) -> bool:
        value = answers.get(self.field)
        if not _is_number(value):
            return False
        return self.low < value < self.high

    def numbers(self) -> tuple[float, ...]:
        return (self.low, self.high)

    def describe(self) -> dict:
        return {"field": self.field, "op": "between", "value": [self.low, self.high],
                "unit": self.unit, "text": self.text}
