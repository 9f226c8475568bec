"""Search finds the plan's terms first (Material's search, configured in mkdocs.yml and by
`search.boost` front matter from build_scripts/website/render.py): rule pages above the
register, mixed Chinese/ASCII terms found, and no highlighting of words that only share
a first character with the query (以热定产 once highlighted 以上)."""
from __future__ import annotations

import json

import pytest

from tests.page_watch import PageWatch


RULE_PAGES = ("industries/", "exemptions.html", "shutdowns.html", "adjustments.html",
              "rotation.html", "transport.html")


def search(page, term: str):
    box = page.locator("input.md-search__input")
    box.click()
    box.fill(term)  # as an input method commits the word…
    box.press("End")  # …followed by a key release, which Material's search listens to
    page.locator(".md-search-result__meta").filter(has_text="个符合条件的结果").wait_for(timeout=15000)
    page.wait_for_timeout(300)
    links = page.locator(".md-search-result__item > .md-search-result__link").evaluate_all(
        "els => els.map(e => new URL(e.href).pathname.replace(/^\\//, ''))")
    marks = page.locator(".md-search-result mark").evaluate_all(
        "els => els.map(e => e.textContent.replace(/\u200b/g, ''))")
    page.keyboard.press("Escape")
    return links, marks


@pytest.mark.parametrize("term, first_page", [
    ("吸料天车", "industries/3.1.11.html"),
    ("以热定产", "adjustments.html"),
    ("VOCs", "industries/3.1.9.html"),
    ("冲天炉", "industries/3.1.4.html"),
])
def test_a_plan_term_finds_its_rule_page_first(page, site_url, term, first_page):
    watch = PageWatch(page, site_url)
    page.goto(site_url + "index.html", wait_until="networkidle")
    links, marks = search(page, term)
    assert links and links[0] == first_page, links
    rule_pages = [i for i, link in enumerate(links) if link.startswith(RULE_PAGES)]
    if "register.html" in links:
        assert max(rule_pages) < links.index("register.html"), links
    assert marks and all(m.lower().startswith(term.lower()) for m in marks), marks
    assert not watch.problems, watch.problems


def test_plan_terms_highlight_only_themselves(page, site_url):
    """Every term kept whole for search (search-words.txt) is found, and what is
    highlighted shares at least its first two characters (停产 or 停产错峰 for 停产治理),
    never a word that only shares one (以上 for 以热定产)."""
    from pathlib import Path
    words = [line.split()[0] for line in
             (Path(__file__).resolve().parents[2] / "build_scripts/website/search-words.txt")
             .read_text(encoding="utf-8").splitlines() if line.strip()]
    page.goto(site_url + "index.html", wait_until="networkidle")
    bad = {}
    for word in words:
        links, marks = search(page, word)
        wrong = sorted({m for m in marks if len(m) < 2 or not word.startswith(m[:2])})
        if not links or not marks or wrong:
            bad[word] = (links[:3], wrong)
    assert not bad, bad


def test_pm25_and_vocs_are_found(page, site_url):
    page.goto(site_url + "index.html", wait_until="networkidle")
    for term, where in (("PM2.5", "glossary.html"), ("vocs", "industries/3.1.9.html")):
        links, marks = search(page, term)
        assert where in links, (term, links)


def test_snippets_are_not_table_headers_or_diagrams(built_site):
    """The index holds neither the rule tables' header row nor the diagrams' text nor a
    copy of the clause in every row (each is excluded with data-search-exclude)."""
    index = json.loads((built_site / "search" / "search_index.json").read_text(encoding="utf-8"))
    texts = [d["text"].replace("\u200b", "") for d in index["docs"] if d["location"].startswith("industries/3.1.11")]
    joined = " ".join(texts)
    assert "吸料天车" in joined
    assert "条件（全部满足）结果" not in joined
    assert "按下列情形，自上而下取第一个符合的" not in joined
    quote_rows = [d for d in index["docs"] if d["location"] == "industries/3.1.11.html#rule-3.1.11"]
    assert quote_rows and quote_rows[0]["text"].replace("\u200b", "").count("炭素行业符合在线监控要求") == 0
    boosts = {d["location"].split("#")[0]: d.get("boost") for d in index["docs"]}
    assert boosts["industries/3.1.11.html"] > 1 > boosts["register.html"]
