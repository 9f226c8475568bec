"""The calculator completed with the keyboard alone (Tab, Shift+Tab, arrows, Space, Enter,
typing), at 1366×900, as a reader without a mouse does it, from the top of the page:

- every Tab stop shows where the focus is: the page around the focused control (and its
  labels) looks different focused and not (screenshots compared), and it has a size;
- after a change the focus stays where it was (the form redraws questions as answers come);
- an empty submit focuses the error summary and the status live region (there before the
  submit, so screen readers announce its change) says how many answers are missing; its
  first link takes the focus to the field;
- questions that appear above the focus (the enterprise's, once a facility's industry is
  chosen) are reached as a reader would: submit, then the error summary's link;
- the answers come out as the case's: the package's result, read out by the status region;
- no trap: Tab goes on from the results through the rest of the page and back to its top.
"""
from __future__ import annotations

import json

from tests.browser.calcpage import CalcPage, form_spec, pid
from tests.browser.test_calculator import USER_CASES, expected_sent

MAX_STOPS = 600

# The focused element, described; box: it and its labels (a hidden file input's label shows
# its focus), in viewport pixels.
FOCUSED = """() => {
  const e = document.activeElement;
  if (!e || e === document.body) return null;
  const group = e.closest('.calc-q');
  const rects = [e, ...(e.labels || [])].map(x => x.getBoundingClientRect()).filter(r => r.width && r.height);
  const box = rects.length ? {x: Math.min(...rects.map(r => r.left)), y: Math.min(...rects.map(r => r.top)),
                              right: Math.max(...rects.map(r => r.right)), bottom: Math.max(...rects.map(r => r.bottom))} : null;
  return {tag: e.tagName.toLowerCase(), id: e.id, type: e.type || '', value: e.value ?? '',
          group: group ? group.id.replace(/-q$/, '') : '', cls: String(e.className || ''),
          text: (e.innerText || e.getAttribute('aria-label') || e.value || '').trim().slice(0, 30), box};
}"""

STATUS = "document.querySelector('.calc-root [role=status][aria-live]')"


def keyboard_answers(data: dict) -> dict[str, str]:
    """For each answer of `data`, the control's id (radios: their group's) and the value to
    bring it to."""
    location = form_spec()["location"]
    as_value = lambda v: json.dumps(v) if isinstance(v, bool) else str(v)  # noqa: E731 - radios' values
    out = {pid(f"enterprise.{k}"): as_value(v) for k, v in data["enterprise"].items()}
    for i, facility in enumerate(data["facilities"]):
        for field, value in facility.items():
            path = f"facilities[{i}].{field}"
            if field == location["field"]:
                out[pid(path)] = "yes" if value else "no"
            elif field == location["distance_field"]:
                out[pid(f"facilities[{i}].{location['field']}")] = "distance"
                out[pid(path)] = str(value)
            else:
                out[pid(path)] = as_value(value)
    return out


class Keyboard:
    def __init__(self, calc: CalcPage):
        self.calc = calc
        self.page = calc.page
        self.stops: list[str] = []
        self.unseen: list[str] = []  # stops whose focus the eye cannot see

    def focused(self) -> dict | None:
        return self.page.evaluate(FOCUSED)

    def tab(self, key: str = "Tab") -> dict | None:
        assert len(self.stops) < MAX_STOPS, f"more than {MAX_STOPS} Tab stops: {self.stops[-30:]}"
        self.page.keyboard.press(key)
        self.calc.idle()
        now = self.focused()
        label = "body" if now is None else f"{now['tag']}#{now['id'] or now['group']} {now['text']!r}"
        self.stops.append(label)
        if now is not None and not self.focus_visible(now):
            self.unseen.append(label)
        return now

    def focus_visible(self, now: dict) -> bool:
        box = now["box"]
        if box is None:
            return False  # focus on something with no size
        view = self.page.viewport_size
        x0, y0 = max(0, box["x"] - 6), max(0, box["y"] - 6)
        x1, y1 = min(view["width"], box["right"] + 6), min(view["height"], box["bottom"] + 6)
        if x1 - x0 < 1 or y1 - y0 < 1:
            return False  # off screen
        clip = {"x": x0, "y": y0, "width": x1 - x0, "height": y1 - y0}
        focused = self.page.screenshot(clip=clip, animations="disabled")
        self.page.evaluate("() => { window.__kbFocus = document.activeElement; window.__kbFocus.blur(); }")
        plain = self.page.screenshot(clip=clip, animations="disabled")
        self.page.evaluate("() => { window.__kbFocus.focus(); delete window.__kbFocus; }")
        return focused != plain

    def press(self, key: str):
        self.page.keyboard.press(key)
        self.calc.idle()

    def answer(self, now: dict, want: str):
        """Bring the focused control to `want` by keyboard; the focus stays on it."""
        page = self.page
        if now["type"] == "radio":
            for _ in range(page.locator(f"#{now['group']}-q input[type=radio]").count() + 1):
                if self.focused()["value"] == want:
                    self.press("Space")
                    break
                self.press("ArrowDown")
            assert self.focused()["group"] == now["group"], f"focus left {now['group']}: {self.focused()}"
            assert page.locator(f"#{now['group']}-q input[type=radio][value='{want}']").is_checked()
        elif now["tag"] == "select":
            for _ in range(page.locator(f"#{now['id']} option").count() + 1):
                if self.focused()["value"] == want:
                    break
                self.press("ArrowDown")
            assert self.focused()["id"] == now["id"] and self.focused()["value"] == want, (now, want)
        else:
            self.press("Control+A")
            page.keyboard.type(want)
            self.calc.idle()
            assert self.focused()["id"] == now["id"] and self.focused()["value"] == want, (now, want)


def test_calculator_by_keyboard_alone(watched_page, site_url):
    page = watched_page
    calc = CalcPage(page, site_url + "calculator.html").open()
    data, _ = USER_CASES["several-facilities"]()
    data["facilities"] = data["facilities"][:2]  # two: one added by keyboard
    answers = keyboard_answers(data)
    kb = Keyboard(calc)
    page.evaluate(f"() => {{ window.__status = {STATUS}; }}")
    assert page.evaluate("() => Boolean(window.__status)"), "no status live region"

    # 1. From the top of the page to the submit button, and an empty submit.
    now = kb.tab()
    while not (now and now["tag"] == "button" and now["text"] == "检查并评估"):
        now = kb.tab()
    kb.press("Enter")
    summary = page.locator(".calc-error-summary")
    assert summary.is_visible()
    assert page.evaluate("() => document.activeElement.classList.contains('calc-error-summary')")
    missing = summary.locator("li").count()
    assert missing >= 3
    assert page.evaluate(f"() => window.__status === {STATUS}"), "the status region was replaced, not updated"
    said = page.evaluate("() => window.__status.textContent")
    assert f"{missing} 项" in said, said
    now = kb.tab()
    assert now["tag"] == "a" and "企业名称" in now["text"], now
    kb.press("Enter")
    now = kb.focused()
    assert now["id"] == pid("enterprise.name"), now

    # 2. Every answer, and a second facility, by keyboard.
    done: set[str] = set()
    added, summaries = 1, 0
    while True:
        key = now and (now["group"] if now["type"] == "radio" else now["id"])
        if key in answers and key not in done:
            kb.answer(now, answers[key])
            done.add(key)
        elif now and now["tag"] == "button" and now["text"] == "添加生产设施" and added < len(data["facilities"]) \
                and all(k in done for k in answers if k.startswith(pid(f"facilities[{added - 1}]") + "-")):
            kb.press("Enter")
            added += 1
            assert kb.focused()["text"].startswith(f"生产设施 {added}"), kb.focused()
        elif now and now["tag"] == "button" and now["text"] == "检查并评估" and added == len(data["facilities"]):
            if calc.last()["output"]["ok"]:
                break
            # Questions that appeared above the focus (the enterprise's, once an industry is
            # chosen): as a reader would, submit, and follow the error summary's first link.
            summaries += 1
            assert summaries <= 5, f"still not complete: {calc.last()['output']['errors']}"
            kb.press("Enter")
            assert page.evaluate("() => document.activeElement.classList.contains('calc-error-summary')")
            now = kb.tab()
            assert now["tag"] == "a", now
            kb.press("Enter")
            now = kb.focused()
            continue
        now = kb.tab()
    last = calc.last()
    sent = dict(last["input"])
    sent.pop("plan")
    assert sent == expected_sent(data, last["output"]["applicable"]), (sent, expected_sent(data, last["output"]["applicable"]))
    assert last["output"]["ok"], last["output"].get("errors")

    # 3. Submit: the results heading takes the focus; the status region reads the result out.
    kb.press("Enter")
    assert kb.focused()["id"] == "calc-results-heading"
    said = page.evaluate("() => window.__status.textContent")
    assert page.evaluate(f"() => window.__status === {STATUS}")
    for i, r in enumerate(last["output"]["result"]["facilities"]):
        assert f"设施 {i + 1}：{r['outcome_label']}" in said, said

    # 4. On through the results (a trace opened by keyboard), the rest of the page, to the top.
    opened = False
    while True:
        now = kb.tab()
        if now is None or "md-skip" in now["cls"]:
            break
        if not opened and now["tag"] == "button" and "calc-toggle" in now["cls"]:
            kb.press("Enter")
            assert page.evaluate("() => document.activeElement.getAttribute('aria-expanded')") == "true"
            opened = True
    assert opened, "no trace toggle reached"
    assert not kb.unseen, f"{len(kb.unseen)} of {len(kb.stops)} Tab stops show no focus: {kb.unseen}"
    # and back again: Shift+Tab leaves the page's end
    assert kb.tab("Shift+Tab") is not None


def test_navigation_drawer_shows_the_focus_on_a_phone(watched_page, site_url):
    """At 390×844 Material's navigation is a drawer, closed off screen; its links are still
    Tab stops. Tabbing into it opens it: the focused link is on screen."""
    page = watched_page
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(site_url + "industries/3.1.3.html", wait_until="load")
    for _ in range(10):
        page.keyboard.press("Tab")
        if page.evaluate("() => Boolean(document.activeElement.closest('.md-sidebar--primary'))"):
            break
    else:
        raise AssertionError("Tab never reached the navigation drawer")
    seen = []
    for _ in range(4):  # its first links
        page.wait_for_timeout(400)  # the drawer slides in (0.25 s)
        box = page.evaluate("() => { const r = document.activeElement.getBoundingClientRect();"
                            " return [r.left, r.right, document.activeElement.textContent.trim()]; }")
        seen.append(box)
        assert 0 <= box[0] and box[1] <= 390, f"focused link off screen: {seen}"
        page.keyboard.press("Tab")
