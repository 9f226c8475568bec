"""The home page is a front door (GOV.UK start pages, 一网通办's 办事指南): the two services
first, each with what it takes and how long, from the package's questions; both are named
at the top of the navigation; and at 1366×900 and 390×844 the first screen shows the way in.
Phone pages: rule tables as cards, diagrams drawn for the screen, clause ids unbroken."""
from __future__ import annotations

import json

import pytest

from tests.page_watch import PageWatch

DESKTOP = {"width": 1366, "height": 900}
PHONE = {"width": 390, "height": 844}


@pytest.fixture(scope="module")
def form_spec():
    import policy.api
    return json.loads(policy.api.form_spec())


def test_home_leads_with_the_two_services(soup):
    page = soup("index.html")
    content = page.select_one("article.md-content__inner")
    first = content.find("h1").find_next_sibling()
    assert first is not None and "start-grid" in first.get("class", []), first
    cards = first.select("section.start-card")
    assert [c.h2.get_text(strip=True) for c in cards] == ["企业自评", "县级清单"]
    assert cards[0].select_one("a.md-button--primary")["href"] == "calculator.html"
    assert cards[1].select_one("a.md-button--primary")["href"] == "lists.html"
    for card in cards:
        assert "用时" in card.select_one(".start-time").get_text()
        assert card.select("ul.start-need li"), "no list of what to have at hand"


def test_how_long_counts_the_questions_of_each_industry(soup, form_spec):
    """The range of questions on the card is the fewest and most a facility of one
    industry is asked (the form spec's `industries` of each question)."""
    counts = [sum(1 for q in form_spec["questions"] if q["always"] or i["value"] in q["industries"])
              for i in form_spec["industries"]]
    text = soup("index.html").select_one("#start-enterprise .start-time").get_text()
    assert f"{min(counts)}–{max(counts)} 个问题" in text, text


def test_every_question_is_in_the_list_of_what_to_prepare(soup, form_spec):
    heading = soup("index.html").find(id="prepare")
    assert heading is not None
    section = []
    for el in heading.find_next_siblings():
        if el.name == "h2":
            break
        section.append(el)
    text = " ".join(el.get_text(" ") for el in section)
    groups = [el for el in section if el.name == "h3"]
    assert len(groups) >= 5 and all(g.find_next_sibling().name == "ul" for g in groups), \
        [g.get_text() for g in groups]
    missing = [q["label"] for q in form_spec["questions"] if not q["always"] and q["label"] not in text]
    assert not missing, missing
    # the answers and data the brief names: monitoring data, the catalogue's edition, the distance
    for term in ("在线监测数据", "2011年本", "2019年本", "距市、县建成区边界的距离"):
        assert term in text, term


def test_the_services_come_first_in_the_navigation(soup):
    nav = soup("index.html").select_one("nav.md-nav--primary > ul.md-nav__list")
    items = [li.find(["a", "label"]).get_text(" ", strip=True)
             for li in nav.find_all("li", recursive=False)]
    assert items[:3] == ["首页", "企业自评", "县级清单"], items


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["1366x900", "390x844"])
def test_the_first_screen_shows_the_way_in(browser, site_url, viewport, tmp_path):
    context = browser.new_context(viewport=viewport)
    page = context.new_page()
    watch = PageWatch(page, site_url)
    page.goto(site_url + "index.html", wait_until="networkidle")
    page.screenshot(path=str(tmp_path / f"home-{viewport['width']}.png"))
    start = page.get_by_role("link", name="开始企业自评")
    box = start.bounding_box()
    assert box and box["y"] + box["height"] <= viewport["height"], box
    if viewport is DESKTOP:  # side by side: both buttons in the first screen
        lists = page.get_by_role("link", name="生成县级清单").bounding_box()
        assert lists and lists["y"] + lists["height"] <= viewport["height"], lists
    assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
    start.click()
    page.wait_for_url("**/calculator.html")
    assert not watch.problems, watch.problems
    context.close()


def test_rule_table_on_a_phone(browser, site_url, plan, tmp_path):
    """At 390 px each case is a card: the conditions get the screen's width, a card is
    short, clause ids keep to one line, nothing is wider than the screen; the decision
    diagram is the one-column drawing at its own size (13 px text)."""
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    page.goto(site_url + "industries/3.1.11.html", wait_until="networkidle")
    page.locator("table.rules tr.case").first.scroll_into_view_if_needed()
    page.screenshot(path=str(tmp_path / "rule-table-390.png"))
    m = page.evaluate("""() => {
        const rows = [...document.querySelectorAll('table.rules tr.case')];
        const conds = rows.map(r => r.querySelector('td.conditions').getBoundingClientRect().width);
        const refs = [...document.querySelectorAll('table.rules a.clause-ref')].filter(a => a.offsetParent);
        const narrow = [...document.querySelectorAll('.decision-narrow svg')];
        const wide = [...document.querySelectorAll('.decision-wide svg')];
        return {
          rows: rows.length,
          tallest: Math.max(...rows.map(r => r.getBoundingClientRect().height)),
          narrowestConditions: Math.min(...conds),
          brokenRefs: refs.filter(a => a.getClientRects().length > 1).map(a => a.textContent),
          refs: refs.length,
          scrollWidth: document.documentElement.scrollWidth,
          label: getComputedStyle(rows[0].querySelector('td.ratio'), '::before').content,
          narrowShown: narrow.filter(s => s.getBoundingClientRect().width > 0).length,
          wideShown: wide.filter(s => s.getBoundingClientRect().width > 0).length,
          scale: Math.min(...narrow.map(s => s.getBoundingClientRect().width / s.viewBox.baseVal.width)),
        };
    }""")
    rule_cases = sum(len(r.cases) for r in plan.rules if r.clause == "3.1.11")
    assert m["rows"] == rule_cases
    assert m["scrollWidth"] <= PHONE["width"], m
    assert m["narrowestConditions"] >= 300, m  # was ~4 characters wide
    assert m["tallest"] <= 450, m  # was ~800 px
    assert m["refs"] >= rule_cases and m["brokenRefs"] == [], m
    assert m["label"] == '"限产比例"', m
    assert m["narrowShown"] >= 1 and m["wideShown"] == 0, m
    assert m["scale"] >= 0.95, m  # the 13 px text is drawn at 13 px, not scaled to 6
    page.set_viewport_size(DESKTOP)
    shown = page.evaluate("""() => [...document.querySelectorAll('.decision-wide svg')]
        .filter(s => s.getBoundingClientRect().width > 0).length""")
    assert shown >= 1
    context.close()


def test_register_on_a_phone(browser, site_url, tmp_path):
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    page.goto(site_url + "register.html", wait_until="networkidle")
    m = page.evaluate("""() => {
        const rows = [...document.querySelectorAll('table.register tbody tr')];
        return {scrollWidth: document.documentElement.scrollWidth,
                narrowest: Math.min(...rows.map(r => r.querySelectorAll('td')[3].getBoundingClientRect().width))};
    }""")
    assert m["scrollWidth"] <= PHONE["width"] and m["narrowest"] >= 300, m
    context.close()


def test_lists_problems_on_a_phone(browser, site_url, tmp_path):
    """The county lists page's problems at 390 px: each message in full within the screen,
    in a readable size (site.css stacks calculator/lists' problem table)."""
    from tests.lists.helpers import workbook_bytes
    from tests.lists.test_lists import coke, sheet_of
    source = tmp_path / "清单.xlsx"
    source.write_bytes(workbook_bytes(sheet_of(coke(), coke(**{"所属行业": "造纸", "设施名称": "坏行"}))))
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    page.goto(site_url + "lists.html")
    page.wait_for_selector("#policy-lists [data-lists-file]", timeout=60_000)
    page.set_input_files("#policy-lists [data-lists-file]", str(source))
    page.wait_for_function("() => document.getElementById('policy-lists').dataset.state === 'done'",
                           timeout=120_000)
    page.locator("[data-lists-problem-table]").scroll_into_view_if_needed()
    page.screenshot(path=str(tmp_path / "lists-problems-390.png"))
    cells = page.evaluate("""() => [...document.querySelectorAll('[data-lists-problem-table] tbody tr')]
        .map(tr => { const td = tr.lastElementChild, r = td.getBoundingClientRect();
                     return {left: r.left, right: r.right, width: r.width, text: td.textContent,
                             size: parseFloat(getComputedStyle(td).fontSize)}; })""")
    assert cells and any("造纸" in c["text"] for c in cells), cells
    for c in cells:
        assert c["left"] >= 0 and c["right"] <= PHONE["width"] and c["width"] >= 300, c
        assert c["size"] >= 14, c
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    context.close()
