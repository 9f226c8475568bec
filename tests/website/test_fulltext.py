"""The full text: one anchor per clause id, links to what implements it and back."""
from __future__ import annotations

import re

from build_scripts.website import render


def _norm(text: str) -> str:
    return re.sub(r"\s+", "", text)


def test_every_clause_has_an_anchor_and_its_text(plan, soup):
    page = soup("plan-text.html")
    ids = [c.id for c in plan.clauses]
    assert {"0", "2.1", "2.2(1)", "2.2(2)", "2.13", "3.1.1", "3.1.14", "3.2", "4.3"} <= set(ids)
    anchors = [render.clause_anchor(i) for i in ids]
    assert len(set(anchors)) == len(anchors), "two clauses share an anchor"
    for clause in plan.clauses:
        heading = page.find(id=render.clause_anchor(clause.id))
        assert heading is not None, clause.id
        body = page.select_one(f'div.clause-text[data-clause="{clause.id}"]')
        assert body is not None, clause.id
        assert _norm(clause.text) == _norm(body.get_text()), clause.id


def test_clauses_link_to_the_rules_that_implement_them(plan, soup):
    page = soup("plan-text.html")
    for rule in plan.rules:
        heading = page.find(id=render.clause_anchor(rule.clause))
        links = []
        for sib in heading.find_all_next():
            if sib.name in ("h2", "h3", "h4") and sib is not heading:
                break
            if sib.name == "a" and "implements" in (sib.get("class") or []):
                links.append(sib["href"])
        assert any(f"#{render.rule_anchor(rule.id)}" in h for h in links), \
            f"clause {rule.clause} does not link to rule {rule.id}: {links}"


def test_every_table_row_links_back_to_its_clause(plan, soup, html_files):
    rows = 0
    for rel in html_files:
        for row in soup(rel).select("table.rules tr.case"):
            rule_id = row["data-rule"]
            rule = next(r for r in plan.rules if r.id == rule_id)
            hrefs = [a["href"] for a in row.select("a.clause-ref")]
            assert any(h.endswith(f"plan-text.html#{render.clause_anchor(rule.clause)}") for h in hrefs), \
                f"{rel} row {row['id']} has no link to its clause: {hrefs}"
            rows += 1
    assert rows >= sum(len(r.cases) for r in plan.rules)
