"""Decision diagrams drawn at build time as inline SVG (no diagram script, no CDN).

A rule reads top to bottom: the conditions that select it, the conditions it requires
(each with its 否 branch to the right), then its cases, first match wins.
Only presentation attributes are used, never style="", so the CSP needs no
'unsafe-inline' for styles.
"""
from __future__ import annotations

from html import escape

WIDTH = 760
LEFT_X, LEFT_W = 10, 430
RIGHT_X, RIGHT_W = 500, 250
FONT = 13
LINE = 18
PAD = 8
# The phone layout: as wide as a 390 px screen's content column (Material's 2 × 0.8 rem
# margins), so that it is drawn at 1:1; its 是 path runs SPINE px from the left edge.
NARROW_WIDTH = 350
SPINE = 14


def _wrap(text: str, width_px: int) -> list[str]:
    """Wrap by display width: CJK about one em, ASCII about half."""
    lines, cur, cur_w = [], "", 0.0
    limit = width_px - 2 * PAD
    for ch in text:
        w = FONT * (0.55 if ord(ch) < 0x2E80 else 1.0)
        if ch == "\n" or cur_w + w > limit:
            lines.append(cur)
            cur, cur_w = ("", 0.0) if ch == "\n" else (ch, w)
            continue
        cur += ch
        cur_w += w
    if cur:
        lines.append(cur)
    return lines or [""]


class _Canvas:
    def __init__(self, uid: str):
        self.uid = uid
        self.parts: list[str] = []

    def box(self, x, y, w, text, fill="#ffffff", stroke="#3f51b5", rx=4) -> int:
        lines = _wrap(text, w)
        h = len(lines) * LINE + 2 * PAD - 4
        self.parts.append(
            f'<rect x="{x}" y="{y}" width="{w}" height="{h}" rx="{rx}" fill="{fill}" '
            f'stroke="{stroke}" stroke-width="1.2"/>')
        for i, line in enumerate(lines):
            self.parts.append(
                f'<text x="{x + PAD}" y="{y + PAD + FONT + i * LINE - 2}" font-size="{FONT}" '
                f'fill="#1a1a1a">{escape(line)}</text>')
        return h

    def line(self, x1, y1, x2, y2):
        self.parts.append(f'<line x1="{x1}" y1="{y1}" x2="{x2}" y2="{y2}" stroke="#555" stroke-width="1.2"/>')

    def arrow(self, x1, y1, x2, y2, label=""):
        self.parts.append(
            f'<line x1="{x1}" y1="{y1}" x2="{x2}" y2="{y2}" stroke="#555" stroke-width="1.2" '
            f'marker-end="url(#arrow-{self.uid})"/>')
        if label:
            self.parts.append(
                f'<text x="{(x1 + x2) / 2 + 4}" y="{(y1 + y2) / 2 - 4}" font-size="12" '
                f'fill="#555">{escape(label)}</text>')


OUTCOME_FILL = {
    "exempt": "#e8f5e9", "curtail": "#e8eaf6", "rectify": "#ffebee",
    "season_shutdown": "#ffebee", "rotation": "#fff8e1", "heat_based": "#fff8e1",
    "refer": "#fff3e0", "not_covered": "#f5f5f5",
}


def decision_svg(title: str, selectors: list[str], requirements: list[str],
                 otherwise: tuple[str, str], cases: list[tuple[str, str, str]],
                 uid: str = "d", narrow: bool = False) -> str:
    """selectors/requirements: condition texts; otherwise: (outcome code, label);
    cases: (conditions text, outcome code, result label).

    narrow: one column NARROW_WIDTH wide for phones (drawn 1:1 at 390 px, so the text
    keeps its 13 px): the 是 path runs down a spine on the left, each 否 box hangs
    below its question, indented."""
    width = NARROW_WIDTH if narrow else WIDTH
    main_w = width - 2 * LEFT_X if narrow else LEFT_W
    c = _Canvas(uid)
    y = 10
    h = c.box(LEFT_X, y, main_w, title, fill="#3f51b5", stroke="#3f51b5", rx=8)
    # title text in white
    c.parts[-len(_wrap(title, main_w)):] = [p.replace('fill="#1a1a1a"', 'fill="#ffffff"')
                                            for p in c.parts[-len(_wrap(title, main_w)):]]
    y += h
    mid = LEFT_X + SPINE if narrow else LEFT_X + LEFT_W // 2
    for kind, items in (("select", selectors), ("require", requirements)):
        for text in items:
            c.arrow(mid, y, mid, y + 22, "")
            y += 22
            h = c.box(LEFT_X, y, main_w, text + "？", fill="#f3f4fb")
            if kind == "select":
                side, fill = "否：本规则不适用，看下一条", "#f5f5f5"
            else:
                side, fill = "否：" + otherwise[1], OUTCOME_FILL.get(otherwise[0], "#f5f5f5")
            if narrow:
                side_x = LEFT_X + 2 * SPINE
                c.line(mid, y + h, mid, y + h + 22)
                c.arrow(mid, y + h + 22, side_x, y + h + 22)  # the box says 否
                sh = c.box(side_x, y + h + 8, width - LEFT_X - side_x, side, fill=fill, stroke="#888")
                c.line(mid, y + h + 22, mid, y + h + 8 + sh)
                y += h + 8 + sh
            else:
                c.arrow(LEFT_X + LEFT_W, y + h // 2, RIGHT_X, y + h // 2, "否")
                sh = c.box(RIGHT_X, y + h // 2 - 14, RIGHT_W, side, fill=fill, stroke="#888")
                y += max(h, h // 2 + sh - 14)
            c.parts.append(f'<text x="{mid + 6}" y="{y + 15}" font-size="12" fill="#555">是</text>')
    if cases:
        c.arrow(mid, y, mid, y + 22)
        y += 22
        h = c.box(LEFT_X, y, main_w, "按下列情形，自上而下取第一个符合的：", fill="#ffffff", stroke="#888")
        y += h + 6
        indent = 12 if narrow else 20
        case_w = width - LEFT_X - indent - LEFT_X if narrow else LEFT_W + RIGHT_W + 40
        for cond, outcome, result in cases:
            text = (cond + " → " if cond else "") + result
            h = c.box(LEFT_X + indent, y, case_w, text,
                      fill=OUTCOME_FILL.get(outcome, "#ffffff"), stroke="#888")
            y += h + 4
    height = y + 10
    defs = (f'<defs><marker id="arrow-{uid}" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" '
            'markerHeight="7" orient="auto-start-reverse"><path d="M0,0L10,5L0,10z" fill="#555"/>'
            '</marker></defs>')
    return (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
            f'width="{width}" height="{height}" role="img" aria-label="{escape(title)} 判定流程" '
            f'font-family="sans-serif">{defs}{"".join(c.parts)}</svg>')
