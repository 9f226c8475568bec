"""axe-core (WCAG 2.1 A and AA, tests/a11y/axe.py) on every built page and on the pages that
change as they are used, in each state a reader meets, at 1366×900 and 390×844: the
calculator empty, after an empty submit (the error summary), with several facilities filled
in and their results (with their "why" and what-if lines), and with every trace and detail
opened; the lists page before and after a workbook with problems. Any violation fails,
listed with its nodes and what to fix."""
from __future__ import annotations

import copy

from tests.browser.calcpage import CalcPage
from tests.browser.test_calculator import CASES, USER_CASES
from tests.lists.generate import rows
from tests.lists.helpers import workbook_bytes
from tests.lists.test_lists import coke, sheet_of

from .axe import axe_violations

LISTS_TIMEOUT_MS = 90_000


def report(found: dict[str, list[str]]) -> str:
    return "\n".join(f"[{state}] {line}" for state, lines in found.items() for line in lines)


def test_every_built_page(viewport_page, site_url, html_files):
    """Every page as it loads (the calculator's and lists page's states: below). Page
    problems (console errors, failed requests) are tests/website/test_browser.py's crawl."""
    page, _ = viewport_page
    assert len(html_files) >= 25
    found = {}
    for rel in html_files:
        response = page.goto(site_url + rel, wait_until="load")
        assert response is not None and response.status in (200, 404), rel
        found[rel] = axe_violations(page)
    assert not any(found.values()), report(found)


def several_facilities() -> dict:
    data, _ = USER_CASES["several-facilities"]()
    data["transport"] = copy.deepcopy(CASES["橙色预警：国二及以下非道路机械停止，清洁能源和紧急检修除外"].input["transport"])
    return data


def test_calculator_states(viewport_page, site_url):
    page, watch = viewport_page
    watch.take()  # what the crawl left behind is the crawl's
    found = {}
    calc = CalcPage(page, site_url + "calculator.html").open()
    found["empty"] = axe_violations(page)

    submit = page.get_by_role("button", name="检查并评估")
    submit.click()
    calc.idle()
    assert page.locator(".calc-error-summary").is_visible()
    submit.hover()  # the primary button in its hover colours
    found["after an empty submit: error summary"] = axe_violations(page)

    calc = CalcPage(page, site_url + "calculator.html").open()
    calc.fill(several_facilities())
    assert calc.last()["output"]["ok"]
    assert page.locator(".calc-result[data-index]").count() == 3
    assert page.locator(".calc-result .calc-why").count() == 3  # "why" in three lines
    assert page.locator(".calc-result .calc-what-if li").count() >= 1  # what would change it
    found["three facilities and transport filled in, with results, why and what-if lines"] = axe_violations(page)

    toggles = page.locator("button.calc-toggle[aria-expanded='false']")
    assert toggles.count() >= 3
    while toggles.count():
        toggles.first.click()
    assert page.locator("table.calc-trace:visible").count() == 3
    found["every trace and detail open"] = axe_violations(page)

    assert not any(found.values()), report(found)
    assert not watch.take()


def test_lists_page_states(viewport_page, site_url, tmp_path):
    page, watch = viewport_page
    watch.take()
    found = {}
    page.goto(site_url + "lists.html")
    # ready: the template's button shows and the file chooser is enabled once the reader is in
    page.wait_for_selector("#policy-lists [data-lists-template]", timeout=LISTS_TIMEOUT_MS)
    assert page.is_enabled("#policy-lists [data-lists-file]")
    found["before a file"] = axe_violations(page)

    source = tmp_path / "清单.xlsx"
    bad = coke(**{"所属行业": "造纸", "设施名称": "坏行"})
    source.write_bytes(workbook_bytes(sheet_of(*[row for row, _ in rows(12)], bad)))
    page.set_input_files("#policy-lists [data-lists-file]", str(source))
    page.wait_for_function("() => document.getElementById('policy-lists').dataset.state === 'done'",
                           timeout=LISTS_TIMEOUT_MS)
    assert "造纸" in page.inner_text("[data-lists-problem-table]")
    found["after a workbook with a problem row"] = axe_violations(page)

    assert not any(found.values()), report(found)
    assert not watch.take()
