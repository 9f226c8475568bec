"""Headless Chromium on every page, every host but 127.0.0.1 unresolvable: no failed
request, no console error (a CSP violation is one), no request to another origin;
Chinese search finds a word inside a sentence."""
from __future__ import annotations

import pytest

from tests.page_watch import PageWatch


def test_crawl_every_page(page, site_url, html_files):
    watch = PageWatch(page, site_url)
    pages = [p for p in html_files if p != "404.html"]
    assert len(pages) >= 25
    problems = []
    for rel in pages:
        response = page.goto(site_url + rel, wait_until="load")
        assert response is not None and response.status == 200, rel
        page.wait_for_load_state("networkidle")
        assert page.locator("h1").first.is_visible(), rel
        # A page that starts the calculator runtime: wait until it is ready (or failed),
        # so leaving the page does not abort its downloads; an error shows as a problem.
        if page.locator("[data-policy-runtime-autostart]").count():
            state = page.evaluate("""() => new Promise(async resolve => {
                const timer = setTimeout(() => resolve("not ready after 60 s"), 60000);
                for (let i = 0; i < 100 && !window.policyRuntime; i++)
                    await new Promise(r => setTimeout(r, 100));
                const rt = window.policyRuntime;
                if (!rt) { clearTimeout(timer); resolve("never started (no window.policyRuntime)"); return; }
                Promise.resolve(rt.ready || rt.start()).then(() => { clearTimeout(timer); resolve("ready"); },
                              e => { clearTimeout(timer); resolve("failed: " + e); });
            })""")
            assert state == "ready", f"{rel}: calculator runtime {state}"
            page.wait_for_load_state("networkidle")
        problems += [f"{rel}: {p}" for p in watch.take()]
    assert len(watch.requests) > len(pages)
    assert not problems, "\n".join(problems[:40])


def test_instant_navigation_between_pages(page, site_url):
    watch = PageWatch(page, site_url)
    page.goto(site_url + "index.html", wait_until="networkidle")
    page.evaluate("window.__samePage = true")
    page.locator("a[href$='plan-text.html']").first.click()
    page.wait_for_url("**/plan-text.html")
    page.locator("h1", has_text="方案全文").wait_for()
    assert page.evaluate("window.__samePage === true"), "the click loaded a new document"
    assert not watch.problems, "\n".join(watch.problems)


@pytest.mark.parametrize("term, expect_page", [("吸料天车", "industries/3.1.11.html")])
def test_search_finds_a_word_inside_a_sentence(page, site_url, term, expect_page):
    watch = PageWatch(page, site_url)
    page.goto(site_url + "index.html", wait_until="networkidle")
    box = page.locator("input.md-search__input")
    box.click()
    box.fill(term)  # as an input method commits the word…
    box.press("End")  # …followed by a key release, which Material's search listens to
    result = page.locator(".md-search-result__item", has_text=term).first
    result.wait_for(timeout=15000)
    links = page.locator(".md-search-result__link").evaluate_all("els => els.map(e => e.href)")
    assert any(expect_page in href for href in links), links
    assert page.locator(".md-search-result mark", has_text=term).count() > 0
    assert not watch.problems, "\n".join(watch.problems)


def test_search_words_are_the_plans_own(plan):
    """Every word kept whole for search (build_scripts/website/search-words.txt) is a term
    of the plan's text."""
    from pathlib import Path
    words = [line.split()[0] for line in
             (Path(__file__).resolve().parents[2] / "build_scripts/website/search-words.txt")
             .read_text(encoding="utf-8").splitlines() if line.strip()]
    text = "".join(c.text for c in plan.clauses)
    assert "吸料天车" in words
    missing = [w for w in words if w not in text]
    assert not missing, missing
