"""The plan module against the plan's official text, kept beside it (policy/plans/jinzhong_2019_2020/source/)."""
from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import pytest

import policy

PLAN_FILE = (Path(__file__).resolve().parents[2] / "policy" / "plans" / "jinzhong_2019_2020" / "source"
             / "jinzhong-2019-2020-plan.txt")
READING_IDS = (["0", "1.1", "1.2", "1.3"] + [f"2.{n}" for n in range(1, 14)] + ["2.2(1)", "2.2(2)"]
               + [f"3.1.{n}" for n in range(1, 15)] + ["3.2", "4.1", "4.2", "4.3"])
PLAN = policy.load_plan()


def normalise(text: str) -> str:
    """Whitespace removed and full-width forms folded (the PDF mixes ， and ,)."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


@pytest.fixture(scope="module")
def plan_text() -> str:
    text = PLAN_FILE.read_text(encoding="utf-8")
    for wrong, right in PLAN.extraction_fixes.items():
        text = text.replace(wrong, right)
    return normalise(text)


def test_clause_ids_are_those_of_reading_md():
    assert sorted(c.id for c in PLAN.clauses) == sorted(READING_IDS)


@pytest.mark.parametrize("clause", PLAN.clauses, ids=lambda c: c.id)
def test_clause_text_occurs_in_the_plan(clause, plan_text):
    for paragraph in clause.text.split("\n"):
        assert normalise(paragraph) in plan_text, paragraph


@pytest.mark.parametrize("rule", PLAN.rules, ids=lambda r: r.id)
def test_rule_quote_is_in_its_clause(rule):
    assert normalise(rule.quote) in normalise(PLAN.clause(rule.clause).text)


def numbers_in(text: str) -> set[float]:
    return {float(n) for n in re.findall(r"\d+(?:\.\d+)?", normalise(text))}


@pytest.mark.parametrize("rule", PLAN.rules, ids=lambda r: r.id)
def test_every_number_a_rule_uses_is_in_its_clause(rule):
    """Ratios, thresholds, tonnages, months: each occurs in the text of the clause cited."""
    found = numbers_in(PLAN.clause(rule.clause).text)
    used = set(rule.numbers())
    assert {n for n in used if n not in found} == set()


def test_location_limit_is_in_every_clause_that_uses_it():
    for rule in PLAN.rules:
        if any(c.field == PLAN.location.field for c in rule.conditions()):
            assert PLAN.location.limit in numbers_in(PLAN.clause(rule.clause).text), rule.id


def test_adjustment_numbers_are_in_their_clauses():
    adjust = PLAN.adjustments
    assert adjust.rotation_max_batches in numbers_in(PLAN.clause(adjust.rotation_clause).text)
    season = PLAN.clause(adjust.season_clause).text
    for day in (PLAN.season_start, PLAN.season_end):
        assert f"{day.year}年{day.month}月{day.day}日" in season
    assert PLAN.season_days == 152  # 2019-11-01 … 2020-03-31, 2020 a leap year
    transport = PLAN.transport
    assert transport.data_retention_years in numbers_in(PLAN.clause(transport.clause).text)
    clause_text = normalise(PLAN.clause(transport.clause).text)
    for rule in transport.rules:
        assert normalise(rule.text) in clause_text
        if rule.max_stage is not None:
            assert PLAN.transport.stages[rule.max_stage].label + "及以下" in clause_text


def test_plan_identity():
    assert PLAN.document_number == "市工信产发〔2019〕79号"
    assert PLAN.issuer == "晋中市工业和信息化局"
    assert PLAN.issued.isoformat() == "2019-08-21"
    assert (PLAN.season_start.isoformat(), PLAN.season_end.isoformat()) == ("2019-11-01", "2020-03-31")
    assert len(PLAN.counties) == 12


def test_register_covers_reading_decisions_and_every_cited_entry():
    ids = [e.id for e in PLAN.register]
    assert ids[:12] == [f"R{n}" for n in range(1, 13)]
    assert len(set(ids)) == len(ids)
    cited = {e for r in PLAN.rules for e in r.interpretations}
    cited |= {e for r in PLAN.rules for c in r.cases for e in c.interpretations}
    cited |= {e for entries in PLAN.adjustments.interpretations.values() for e in entries}
    cited |= {e for entries in PLAN.interpretations.values() for e in entries}
    cited |= {e for i in PLAN.industries for e in i.fallback_interpretations}
    assert cited - set(ids) == set()
    clause_ids = {c.id for c in PLAN.clauses}
    for entry in PLAN.register:
        assert set(entry.clauses) <= clause_ids, entry.id
