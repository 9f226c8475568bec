"""Every chart or diagram has a text equivalent (WCAG 1.1.1). On every built page, each <svg>
in the content is either decoration (aria-hidden, or an icon inside a named link or button)
or an image with a name (role="img" and a label), and everything a diagram says is also on
the page as text: each fragment of its words (the decision flowcharts of
build_scripts/website/svg.py wrap and join the rule table's conditions and outcomes) occurs
in the page's text outside the diagrams, so a reader who cannot see it loses nothing."""
from __future__ import annotations

import re

# The flowchart's own connecting words, how to read it rather than what it says.
READING_WORDS = {"是", "否", "本规则不适用", "看下一条", "按下列情形", "自上而下取第一个符合的"}

SPLIT = re.compile(r"[\s，,→：:？?（）()、。；;]+")

SVGS = """() => [...document.querySelectorAll('.md-content svg')].filter(s => !s.parentElement.closest('svg')).map(s => {
  const control = s.closest('a, button');
  return {role: s.getAttribute('role') || '', hidden: s.closest('[aria-hidden=true]') !== null,
          name: (s.getAttribute('aria-label') || (s.getAttribute('aria-labelledby') || '').split(/\\s+/)
                   .map(id => (document.getElementById(id) || {}).textContent || '').join(' ')).trim(),
          controlName: control ? (control.getAttribute('aria-label') || control.getAttribute('title') || control.textContent).trim() : null,
          lines: [...s.querySelectorAll('text')].map(t => t.textContent)};
})"""

PAGE_TEXT = """() => { const c = document.querySelector('.md-content').cloneNode(true);
  c.querySelectorAll('svg').forEach(s => s.remove()); return c.textContent.replace(/\\s+/g, ''); }"""


def missing_text(lines: list[str], page_text: str) -> list[str]:
    fragments = {f for line in lines for f in SPLIT.split(line) if f and f not in READING_WORDS}
    return sorted(f for f in fragments if f not in page_text)


def test_every_diagram_has_a_text_equivalent(desktop_page, site_url, html_files):
    page = desktop_page
    problems, diagrams = [], 0
    for rel in html_files:
        page.goto(site_url + rel, wait_until="load")
        svgs = page.evaluate(SVGS)
        if not svgs:
            continue
        text = page.evaluate(PAGE_TEXT)
        for i, svg in enumerate(svgs):
            if svg["hidden"] or (svg["controlName"] and not svg["lines"]):
                continue  # decoration, or an icon named by its link or button
            if svg["role"] != "img" or not svg["name"]:
                problems.append(f"{rel} svg {i}: role={svg['role']!r} name={svg['name']!r}")
                continue
            diagrams += 1
            lost = missing_text(svg["lines"], text)
            if lost:
                problems.append(f"{rel} svg {i} ({svg['name']}): not on the page as text: {lost}")
    assert diagrams >= 14, diagrams  # one flowchart per rule at least
    assert not problems, "\n".join(problems[:40])
