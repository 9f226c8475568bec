"""The printed self-assessment report read in greyscale (a black-and-white office printer,
a photocopy): the calculator with three facilities and transport, print media emulated,
the page turned grey (CSS grayscale), then

- each key text of the report (title, facility headings, outcome, facts, summary, trace,
  warnings, transport rows, signature block), screenshot and measured: its darkest pixel
  against its lightest, as WCAG contrast, at least 4.5:1;
- every text in the printed report, by its computed colour, at least 4.5:1 on white paper
  (backgrounds are not printed by default)."""
from __future__ import annotations

import base64

from tests.browser.calcpage import CalcPage

from .test_axe import several_facilities

KEY_TEXT = [".calc-report-title", ".calc-report-head p", ".calc-result h3", ".calc-outcome",
            ".calc-facts dt", ".calc-facts dd", ".calc-summary", "table.calc-trace th",
            "table.calc-trace td", ".calc-warnings li", ".calc-vehicles-result td", ".calc-signature"]

# Darkest and lightest luminance (WCAG relative luminance) of a PNG's pixels.
LUMINANCE_RANGE = """async (b64) => {
  const img = new Image();
  img.src = 'data:image/png;base64,' + b64;
  await img.decode();
  const c = document.createElement('canvas');
  c.width = img.width; c.height = img.height;
  const g = c.getContext('2d');
  g.drawImage(img, 0, 0);
  const d = g.getImageData(0, 0, c.width, c.height).data;
  const lin = v => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; };
  let lo = 1, hi = 0;
  for (let i = 0; i < d.length; i += 4) {
    const l = 0.2126 * lin(d[i]) + 0.7152 * lin(d[i + 1]) + 0.0722 * lin(d[i + 2]);
    if (l < lo) lo = l;
    if (l > hi) hi = l;
  }
  return [lo, hi];
}"""

# Every visible element of the report with text of its own, and its colour's contrast on white.
TEXT_ON_PAPER = """() => {
  const lin = v => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; };
  const out = [];
  for (const e of document.querySelectorAll('.calc-root *')) {
    if (![...e.childNodes].some(n => n.nodeType === 3 && n.textContent.trim())) continue;
    if (!e.getClientRects().length || getComputedStyle(e).visibility === 'hidden') continue;
    const [r, g, b, a = 1] = getComputedStyle(e).color.match(/[\\d.]+/g).map(Number);
    const mix = v => v * a + 255 * (1 - a);  // a translucent colour on white paper
    const l = 0.2126 * lin(mix(r)) + 0.7152 * lin(mix(g)) + 0.0722 * lin(mix(b));
    out.push({text: e.textContent.trim().slice(0, 30), color: getComputedStyle(e).color, ratio: 1.05 / (l + 0.05)});
  }
  return out;
}"""


def test_print_report_in_greyscale(watched_page, site_url, tmp_path):
    page = watched_page
    calc = CalcPage(page, site_url + "calculator.html").open()
    data = several_facilities()
    # 30 days filed for the coke oven's 40 %, which needs ceil(0.4 × 152) = 61 (二、10): the report
    # then has a warning too, which the check below must find.
    data["facilities"][0]["shutdown_periods"] = [{"start": "2019-11-01", "end": "2019-11-30"}]
    calc.fill(data)
    assert calc.last()["output"]["ok"]
    page.emulate_media(media="print")
    page.evaluate("() => { document.documentElement.style.filter = 'grayscale(1)'; }")
    reader = page.context.new_page()  # about:blank: decodes the screenshots
    measured, faint = 0, []
    for selector in KEY_TEXT:
        items = page.locator(selector)
        assert items.count(), f"{selector}: not in the report"
        for i in range(min(items.count(), 6)):
            item = items.nth(i)
            if not item.is_visible() or not item.inner_text().strip():
                continue
            png = item.screenshot(animations="disabled")
            lo, hi = reader.evaluate(LUMINANCE_RANGE, base64.b64encode(png).decode())
            ratio = (hi + 0.05) / (lo + 0.05)
            measured += 1
            if ratio < 4.5:
                faint.append(f"{selector}[{i}] {item.inner_text().strip()[:30]!r}: {ratio:.2f}:1")
    reader.close()
    page.screenshot(path=str(tmp_path / "report-grey.png"), full_page=True)
    assert measured >= 30, measured
    assert not faint, "\n".join(faint)
    on_paper = page.evaluate(TEXT_ON_PAPER)
    assert len(on_paper) >= 50
    pale = [f"{t['text']!r} {t['color']}: {t['ratio']:.2f}:1" for t in on_paper if t["ratio"] < 4.5]
    assert not pale, "\n".join(pale[:30])
