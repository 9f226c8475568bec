"""Text zoomed to 200 % (WCAG 1.4.4) at 1366×900: the browser's default font size doubled,
as its text-size setting does (Page.setFontSizes; Material sizes everything in rem and its
breakpoints in em, so the layout follows, as it would for a reader). On every page, and the
calculator with results and traces open:

- the text did grow (the body's font size doubled);
- no horizontal scroll of the page;
- no content lost: no element clips what it holds (overflow hidden/clip with more inside
  than shows); a box that scrolls (a wide table's wrapper) keeps its content reachable.
"""
from __future__ import annotations

from tests.browser.calcpage import CalcPage

from .test_axe import several_facilities

DEFAULT_PX = 16

MEASURE = """() => {
  const clipped = [];
  for (const e of document.querySelectorAll('.md-content *')) {
    const s = getComputedStyle(e);
    if (s.display === 'none' || s.visibility === 'hidden' || !e.getClientRects().length) continue;
    // a text box scrolls its own value under the caret (the permalink is 12,000 px of it)
    if (['INPUT', 'TEXTAREA', 'SELECT'].includes(e.tagName)) continue;
    const hidesX = ['hidden', 'clip'].includes(s.overflowX), hidesY = ['hidden', 'clip'].includes(s.overflowY);
    const overX = e.scrollWidth > e.clientWidth + 1, overY = e.scrollHeight > e.clientHeight + 1;
    // a 1 px visually-hidden control (the calculator's file input, shown by its label) is meant so
    if (e.clientWidth <= 1 || e.clientHeight <= 1) continue;
    if ((hidesX && overX) || (hidesY && overY))
      clipped.push(`${e.tagName.toLowerCase()}.${String(e.className).split(' ').join('.')} ` +
                   `${e.scrollWidth}x${e.scrollHeight} in ${e.clientWidth}x${e.clientHeight}: ${(e.innerText || '').trim().slice(0, 40)}`);
  }
  return {scrollWidth: document.scrollingElement.scrollWidth, width: document.documentElement.clientWidth,
          font: parseFloat(getComputedStyle(document.body).fontSize), clipped};
}"""


def set_text_size(page, px: int):
    cdp = page.context.new_cdp_session(page)
    cdp.send("Page.setFontSizes", {"fontSizes": {"standard": px, "fixed": px * 13 // 16}})
    cdp.detach()


def problems_at_200(page, url: str, before=None) -> list[str]:
    set_text_size(page, DEFAULT_PX)
    page.goto(url, wait_until="load")
    if before:
        before()
    normal = page.evaluate(MEASURE)
    set_text_size(page, 2 * DEFAULT_PX)
    page.wait_for_timeout(100)
    zoomed = page.evaluate(MEASURE)
    found = []
    if zoomed["font"] < 1.9 * normal["font"]:
        found.append(f"text did not grow: {normal['font']} -> {zoomed['font']} px")
    if zoomed["scrollWidth"] > zoomed["width"]:
        found.append(f"horizontal scroll: {zoomed['scrollWidth']} px in {zoomed['width']}")
    found += [f"clipped: {c}" for c in zoomed["clipped"]]
    return found


def test_every_page_at_200_percent_text(desktop_page, site_url, html_files):
    found = {}
    for rel in html_files:
        if rel != "calculator.html":
            found[rel] = problems_at_200(desktop_page, site_url + rel)
    problems = [f"{rel}: {p}" for rel, ps in found.items() for p in ps]
    assert not problems, "\n".join(problems[:40])


def test_calculator_at_200_percent_text(watched_page, site_url):
    page = watched_page

    def fill():
        calc = CalcPage(page, site_url + "calculator.html")
        calc.wait_ready()
        calc.fill(several_facilities())
        toggles = page.locator("button.calc-toggle[aria-expanded='false']")
        while toggles.count():
            toggles.first.click()

    problems = problems_at_200(page, site_url + "calculator.html", before=fill)
    assert not problems, "\n".join(problems[:40])


FACTS_OUT_OF_BOX = """() => [...document.querySelectorAll('.calc-result .calc-facts')].flatMap((list) => {
  const right = list.getBoundingClientRect().right;
  return [...list.children].filter((e) => e.getClientRects().length && e.getBoundingClientRect().right > right + 1)
    .map((e) => `${e.tagName.toLowerCase()} “${e.textContent.trim().slice(0, 30)}” ends at ${Math.round(e.getBoundingClientRect().right)} px, its list at ${Math.round(right)}`);
})"""


def test_result_facts_stay_in_their_box(viewport_page, site_url):
    """Every label and answer of a result's fact lists (the enterprise's summary and answers,
    each facility's 结论, 限产比例 …) lies inside the list's box, on a phone too: the label
    column once took its longest label's width (二、1's “已完成年度环保治理改造任务（包括无组织排放治理）”)
    and pushed the answers out of sight at 390 px."""
    page, _ = viewport_page
    calc = CalcPage(page, site_url + "calculator.html").open()
    calc.fill(several_facilities())
    assert page.locator(".calc-result .calc-facts dd").count() >= 10
    outside = page.evaluate(FACTS_OUT_OF_BOX)
    assert not outside, "\n".join(outside)
