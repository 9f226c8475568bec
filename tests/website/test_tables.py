"""Every ratio and threshold of the plan module appears on the page of its industry,
in the row of its conditions (built HTML compared with the package)."""
from __future__ import annotations

from build_scripts.website import render
from policy.engine.conditions import format_number as fmt
from policy.engine.season import shutdown_days


def rule_page(rule) -> str:
    if rule.clause.startswith("3.1."):
        return f"industries/{rule.clause}.html"
    return {"2.4": "industries/2.4.html"}.get(rule.clause)


def table_rules(plan):
    return [r for r in plan.rules if r.clause.startswith("3.1.") or r.clause == "2.4"]


def condition_items(row):
    return row.select("li.cond")


def check_condition(row, cond, where):
    d = cond.describe()
    items = [li for li in condition_items(row)
             if li["data-field"] == d["field"] and li["data-op"] == d["op"]]
    assert items, f"{where}: condition {d['field']} {d['op']} missing"
    expected = render._attr(d["value"])
    matching = [li for li in items if li["data-value"] == expected]
    assert matching, f"{where}: {d['field']} shown as {[li['data-value'] for li in items]}, package says {expected}"
    text = matching[0].get_text(" ", strip=True)
    assert d["text"] in text
    for number in cond.numbers():
        assert fmt(number) in matching[0].select_one("code").get_text(), \
            f"{where}: threshold {fmt(number)} not shown in {text!r}"


def test_every_industry_clause_has_a_page(plan, soup):
    clauses = [c.id for c in plan.clauses if c.id.startswith("3.1.")]
    assert len(clauses) == 14
    for cid in clauses + ["2.4"]:
        page = soup(f"industries/{cid}.html")
        assert plan.clause(cid).heading in page.select_one("h1").get_text()


def test_every_case_is_a_row_with_its_conditions_and_ratio(plan, soup):
    rules = table_rules(plan)
    assert rules
    checked = 0
    for rule in rules:
        page = soup(rule_page(rule))
        table = page.select_one(f'table.rules[data-rule="{rule.id}"]')
        assert table is not None, f"rule {rule.id}: no table on {rule_page(rule)}"
        rows = table.select("tr.case")
        assert len(rows) == len(rule.cases), f"rule {rule.id}: {len(rows)} rows for {len(rule.cases)} cases"
        for case, row in zip(rule.cases, rows):
            where = f"{rule_page(rule)} row {case.key}"
            assert row["id"] == render.case_anchor(case.key)
            assert row["data-outcome"] == case.outcome
            for cond in rule.when + rule.requires + case.when:
                check_condition(row, cond, where)
            ratio = row.select_one("td.ratio")
            if case.ratio is None:
                assert not ratio.has_attr("data-ratio"), where
            else:
                assert ratio["data-ratio"] == fmt(case.effective_ratio), where
                assert f"{fmt(case.ratio)}%" in ratio.get_text(), where
                assert f"{fmt(case.effective_ratio)}%" in ratio.get_text(), where
                if case.raise_by:
                    assert fmt(case.raise_by) in ratio.get_text(), where
                load = row.select_one("td.load")
                assert load["data-load"] == fmt(100 - case.effective_ratio), where
                days = row.select_one("td.days")
                assert days["data-days"] == str(shutdown_days(plan, case.effective_ratio)), where
            checked += 1
    assert checked == sum(len(r.cases) for r in rules)


def test_numbers_of_every_rule_are_on_its_page(plan, soup):
    """The package's own list of numbers per rule (what tests check against the clause
    text) all appear in that rule's table."""
    for rule in table_rules(plan):
        table = soup(rule_page(rule)).select_one(f'table.rules[data-rule="{rule.id}"]')
        text = table.get_text(" ")
        for number in rule.numbers():
            assert fmt(number) in text, f"{rule.id}: {fmt(number)} missing"


def test_the_rules_on_topic_pages(plan, soup):
    for rule in plan.rules:
        if rule.clause.startswith("2.2"):
            assert soup("exemptions.html").select_one(f'table[data-rule="{rule.id}"]'), rule.id
    shutdown_rules = [r for r in plan.rules
                      if any(c.outcome in ("rectify", "season_shutdown") for c in r.cases)
                      or getattr(r.otherwise, "outcome", None) in ("rectify", "season_shutdown")]
    assert {r.clause for r in shutdown_rules} >= {"2.1", "3.1.3", "3.1.4"}
    for rule in shutdown_rules:
        assert soup("shutdowns.html").select_one(f'table[data-rule="{rule.id}"]'), rule.id
    rotation = plan.adjustments.rotation_clause
    page = soup("rotation.html")
    for rule in plan.rules:
        if rule.clause == rotation:
            assert page.select_one(f'table[data-rule="{rule.id}"]')
    assert f"{plan.adjustments.rotation_max_batches} 批" in page.get_text()


def test_shutdown_day_table_has_every_ratio(plan, soup):
    page = soup("adjustments.html")
    ratios = {c.effective_ratio for r in plan.rules for c in r.cases if c.ratio is not None}
    assert ratios
    for ratio in ratios:
        row = page.select_one(f'table.shutdown-days tr[data-ratio="{fmt(ratio)}"]')
        assert row is not None, f"ratio {ratio} missing from the shutdown-day table"
        assert row.select_one("[data-days]")["data-days"] == str(shutdown_days(plan, ratio))
    assert f"{plan.season_days}" in page.get_text()


def test_transport_table(plan, soup):
    t = plan.transport
    page = soup("transport.html")
    for level in t.alert_levels:
        row = page.select_one(f'tr[data-level="{level.code}"]')
        assert row is not None, level.code
        for kind in t.kinds:
            cell = row.select_one(f'td[data-kind="{kind.code}"]').get_text()
            rules = [r for r in t.rules if r.kind == kind.code and r.from_rank <= level.rank]
            if not rules:
                assert "不限制" in cell, (level.code, kind.code)
            for rule in rules:
                assert "停止" in cell
                if rule.max_stage is not None:
                    assert t.stages[rule.max_stage].label in cell
                    assert f"≤ {rule.max_stage}" in cell
    assert f"{t.data_retention_years}" in page.get_text()


def test_home_page_facts(plan, soup):
    text = soup("index.html").get_text()
    assert plan.document_number in text
    assert plan.issuer in text
    assert str(plan.season_days) in text
    assert len(plan.counties) == 12
    for county in plan.counties:
        assert county in soup("counties.html").get_text()


def test_register_rendered(plan, soup):
    page = soup("register.html")
    assert plan.register
    for entry in plan.register:
        row = page.select_one(f'tr[id="{render.register_anchor(entry.id)}"]')
        assert row is not None, entry.id
        assert entry.reading in row.get_text()
        assert entry.alternative in row.get_text()


def test_counties_against_the_city_baseline(plan, soup):
    import policy
    page = soup("counties.html")
    assert len(page.select("tr[data-county]")) == len(plan.counties) == 12
    for county in plan.counties:
        table = policy.county_table(county, plan=plan)
        row = page.select_one(f'tr[data-county="{table["county"]}"]')
        assert row is not None, county
        if not table["rows"]:
            assert "执行市级比例" in row.get_text()
            continue
        section = page.select_one(f'table.county[data-county="{table["county"]}"]')
        for r in table["rows"]:
            tr = section.select_one(f'tr[data-case="{r["case"]}"]')
            assert tr.select_one("[data-city]")["data-city"] == fmt(r["city_ratio"])
            assert tr.select_one("[data-county-ratio]")["data-county-ratio"] == fmt(r["county_ratio"])
