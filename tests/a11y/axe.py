"""axe-core in the page: WCAG 2.0/2.1 A and AA rules, run where the page is now (any state).

axe-core is the npm package pinned in package.json (node_modules/axe-core, installed by
scripts/setup), read from disk. It is evaluated in the page through the DevTools protocol,
which the page's Content-Security-Policy does not govern: Playwright's add_script_tag(path=…)
would insert an inline <script>, which the site's CSP (script-src 'self') refuses, with a
console error. Nothing is fetched from any origin, the site's included.
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

AXE_JS = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"

# WCAG 2.1 level A and AA (axe's tags); best practices and AAA are not asked.
WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]

# Rules switched off, each with the reason it cannot apply here. None so far: every rule
# of WCAG_21_AA runs.
RULES_OFF: dict[str, str] = {}

RUN = """async ({tags, off}) => {
  const rules = Object.fromEntries(off.map(id => [id, {enabled: false}]));
  const result = await axe.run(document, {runOnly: {type: 'tag', values: tags}, rules,
                                          resultTypes: ['violations']});
  return {version: axe.version, violations: result.violations.map(v => ({
    id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.map(n => ({target: n.target.join(' '), summary: n.failureSummary}))}))};
}"""


@lru_cache(maxsize=1)
def axe_source() -> str:
    if not AXE_JS.is_file():
        raise AssertionError(f"{AXE_JS} missing: run scripts/setup (npm ci installs axe-core)")
    return AXE_JS.read_text(encoding="utf-8")


def axe_violations(page) -> list[str]:
    """The page's WCAG 2.1 A/AA violations as it is now, one line per rule (its nodes'
    selectors and what to fix); [] when there is none."""
    if not page.evaluate("() => typeof window.axe === 'object' && typeof window.axe.run === 'function'"):
        page.evaluate(axe_source())
    # The page as the reader sees it once it is still: a transition under way (Material's header
    # fading its title in after a scroll) shows colours between two states, and axe would
    # judge those. Animations that never end (none here) would be left running.
    page.evaluate("""() => Promise.all(document.getAnimations()
        .filter((a) => a.effect && a.effect.getTiming().iterations !== Infinity)
        .map((a) => a.finished.catch(() => null)))""")
    found = page.evaluate(RUN, {"tags": WCAG_21_AA, "off": sorted(RULES_OFF)})
    assert found["version"].startswith("4."), found["version"]
    lines = []
    for v in found["violations"]:
        nodes = v["nodes"]
        where = "; ".join(n["target"] for n in nodes[:6]) + (f"; … {len(nodes)} in all" if len(nodes) > 6 else "")
        first = " ".join(nodes[0]["summary"].split()) if nodes else ""
        lines.append(f"{v['id']} ({v['impact']}, {v['help']}): {where}\n    {first[:300]}")
    return lines
