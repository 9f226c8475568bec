"""The calculator page in Debian's Chromium, site served on 127.0.0.1, every other host
unresolvable. Real cases of tests/cases/*.yaml are filled in as a user would (only the
questions on screen can be answered) and the page's answer is checked against the
package (CPython) for the same input. Every test runs under the `guard` fixture: no
request to another origin, no console error, no dialog."""
from __future__ import annotations

import base64
import copy
import json
import urllib.parse

import pytest
from playwright.sync_api import expect

from tests.casebook import check_result, load_cases

from .calcpage import CalcPage, package_evaluate, pid

CASES = {case.name: case for case in load_cases()}
XSS = "<img src=x onerror=alert(1)>"


def case_input(name: str, **facility_changes) -> tuple[dict, dict]:
    case = CASES[name]
    data = copy.deepcopy(case.input)
    data["facilities"][0].update(facility_changes)
    return data, case.expect


def cupola_4t():
    """A cupola of 4 t (5 t or less) that passes 2.1: shut down for the season (3.1.4)."""
    data, _ = case_input("冲天炉 恰好5吨 → 采暖季停产", cupola_capacity_t=4)
    return data, {"outcome": "season_shutdown", "shutdown_days": 152, "allowed_load": 0}


USER_CASES = {
    "coke-10km-permitted-40": lambda: case_input("焦化 10公里内 允许类 40%"),
    "cupola-4t-season-shutdown": cupola_4t,
    "green-factory-exempt": lambda: case_input("二、2（1）绿色工厂示范 → 不予限产"),
    "distance-exactly-10km": lambda: case_input("二、4 恰好10公里属于范围内"),
    "shutdown-periods-61-days": lambda: case_input("二、10 停产时段61天恰好足够"),
    "several-facilities": lambda: case_input("一企多设施：各设施按其行业条款，企业未申请豁免"),
    "enterprise-green-factory": lambda: case_input("二、2（1）绿色工厂示范的企业：全部生产设施不予限产，列入豁免清单"),
    "transport-orange": lambda: case_input("橙色预警：国二及以下非道路机械停止，清洁能源和紧急检修除外"),
}


def expected_sent(data: dict, applicable: list[list[str]]) -> dict:
    """The input a user produces: the case's answers to the questions that apply in the
    end (answers to questions that no longer apply stay in the form, unsent)."""
    out = copy.deepcopy(data)
    for facility, fields in zip(out["facilities"], applicable):
        for field in list(facility):
            if field not in fields:
                facility.pop(field)
    asked = {field for fields in applicable for field in fields}  # the enterprise's, once
    for field in [f for f in out["enterprise"] if f not in ("name", "county", "credit_code")]:
        if field not in asked:
            out["enterprise"].pop(field)
    return out


def assert_questions_match_package(calc: CalcPage):
    """On screen: exactly the questions the package listed in applicable[i]."""
    last = calc.last()
    location = calc.location
    for i, fields in enumerate(last["output"]["applicable"]):
        shown = calc.page.eval_on_selector_all(
            f".calc-facility[data-index='{i}'] .calc-q[data-field]",
            "els => els.filter(e => !e.hidden && e.offsetParent !== null).map(e => e.dataset.field)")
        wanted = [f for f in fields if f != location["distance_field"] and f not in calc.enterprise_fields]
        assert shown == wanted, f"facility {i}: shown {shown}, package asks {wanted}"
    # what the enterprise answers once: above the facilities, when any facility needs it
    shown = calc.page.eval_on_selector_all(
        ".calc-enterprise .calc-q[data-field]",
        "els => els.filter(e => !e.hidden && e.offsetParent !== null).map(e => e.dataset.field)")
    asked = {f for fields in last["output"]["applicable"] for f in fields}
    assert shown == [f for f in calc.enterprise_fields if f in asked]


def assert_page_shows(calc: CalcPage, output: dict):
    result = output["result"]
    pct = lambda x: "—" if x is None else f"{x:g}%"  # noqa: E731
    for i, r in enumerate(result["facilities"]):
        card = calc.result_card(i)
        assert card.get_attribute("data-outcome") == r["outcome"]
        assert card.locator(".calc-outcome").inner_text() == r["outcome_label"]
        assert calc.fact(i, "ratio") == pct(r["ratio"])
        assert calc.fact(i, "allowed_load") == pct(r["allowed_load"])
        assert calc.fact(i, "shutdown_days") == ("—" if r["shutdown_days"] is None else f"{r['shutdown_days']} 天")
        assert calc.fact(i, "county_review") == ("需要" if r["county_review"] else "不需要")
        assert card.locator(".calc-summary").inner_text() == r["summary"]
        # the trace, every step with a link to its clause in the full text
        rows = card.locator("table.calc-trace tbody tr")
        assert rows.count() == len(r["trace"])
        for j, step in enumerate(r["trace"]):
            assert rows.nth(j).locator("td").nth(1).inner_text() == step["text"]
            if step["clause"]:
                href = rows.nth(j).locator("a").first.get_attribute("href")
                anchor = "clause-" + step["clause"].replace("(", "-").replace(")", "-").strip("-")
                assert href.endswith(f"plan-text.html#{anchor}"), href
        # "why" from the package: the deciding clause with its words, the conditions, the
        # reasons for a county decision or review next to the flag
        why = card.locator(".calc-why")
        assert r["why"]["quote"] in why.inner_text()
        if r["why"]["clause"]:
            assert why.locator("a.calc-clause").inner_text() == r["why"]["clause_display"]
        reasons = card.locator("[data-key='county_review_reasons'] li")
        assert reasons.all_inner_texts() == [x["text"] for x in r["why"]["review"]]
        # what-if: the package's lines, under the result
        assert card.locator(".calc-what-if li").all_inner_texts() == [w["text"] for w in r["what_if"]]
        for warning in r["warnings"]:
            assert warning in card.inner_text()
        for option in r["options"]:
            assert option["text"] in card.inner_text()
        for entry_id in r["interpretations"]:
            assert card.locator(f"a[href$='register.html#register-{entry_id}']").count() == 1
    enterprise = calc.page.locator(".calc-enterprise-result")
    assert result["summary"]["text"] in enterprise.inner_text()
    status = calc.page.get_by_role("status").filter(has_text="评估结果")
    announced = status.inner_text()
    assert result["summary"]["text"] in announced
    for i, r in enumerate(result["facilities"]):
        assert f"设施 {i + 1}：{r['outcome_label']}。{r['summary']}" in announced
    if result["transport"]:
        section = calc.page.locator(".calc-transport-result")
        for entry_id in result["transport"]["interpretations"]:
            assert section.locator(f"a[href$='register.html#register-{entry_id}']").count() == 1
        rows = calc.page.locator(".calc-vehicles-result tbody tr")
        assert rows.count() == len(result["transport"]["vehicles"])
        for j, v in enumerate(result["transport"]["vehicles"]):
            assert rows.nth(j).get_attribute("data-allowed") == ("true" if v["allowed"] else "false")
            assert v["reason"] in rows.nth(j).inner_text()


@pytest.mark.parametrize("key", list(USER_CASES))
def test_real_case_filled_in_as_a_user(calc, key):
    data, expect = USER_CASES[key]()
    unasked = calc.fill(data)
    last = calc.last()
    sent = copy.deepcopy(last["input"])
    assert sent.pop("plan") == "jinzhong-2019-2020"
    applicable = last["output"]["applicable"]
    for fields, never_shown in zip(applicable, unasked):
        assert not never_shown & set(fields), "a question that applies was never shown"
    wanted = expected_sent(data, applicable)
    assert sent == wanted, f"page sent {json.dumps(sent, ensure_ascii=False)}\nexpected {json.dumps(wanted, ensure_ascii=False)}"
    # the package in CPython says the same, to the byte, for the input the page built
    assert last["output"] == package_evaluate(last["input"])
    assert last["output"]["ok"], last["output"].get("errors")
    assert not check_result(last["output"]["result"], expect)
    assert_questions_match_package(calc)
    assert_page_shows(calc, last["output"])


def test_named_outcomes(calc):
    """The three outcomes the brief names, read off the page."""
    data, _ = USER_CASES["coke-10km-permitted-40"]()
    calc.fill(data)
    assert calc.fact(0, "ratio") == "40%"
    assert calc.fact(0, "allowed_load") == "60%"
    assert calc.fact(0, "shutdown_days") == "61 天"
    assert calc.result_card(0).locator(".calc-outcome").inner_text() == "限产"


def test_cupola_and_green_factory_outcomes(page, guard, calc_url):
    for make, label in ((cupola_4t, "采暖季停产"), (USER_CASES["green-factory-exempt"], "不予限产")):
        calc = CalcPage(page, calc_url).open()
        data, _ = make()
        calc.fill(data)
        assert calc.result_card(0).locator(".calc-outcome").inner_text() == label
        assert page.locator(".calc-facility[data-index='0'] .calc-fac-outcome").inner_text().startswith(label)


def test_questions_follow_the_answers(calc):
    calc.fill_enterprise({"name": "某铸造厂", "county": "祁县"})
    calc.answer(0, "name", "1#熔化炉")
    calc.answer(0, "industry", "foundry")
    assert_questions_match_package(calc)
    assert not calc.visible(calc.question_selector(0, "cupola_capacity_t"))
    calc.answer(0, "foundry_furnace", "cupola")
    assert calc.visible(calc.question_selector(0, "cupola_capacity_t"))
    assert_questions_match_package(calc)
    # numbers take the decimal keyboard; units are stated
    box = calc.page.locator(f"#{pid('facilities[0].cupola_capacity_t')}")
    assert box.get_attribute("inputmode") == "decimal"
    assert "吨" in calc.page.locator(calc.question_selector(0, "cupola_capacity_t")).inner_text()
    # another industry: its own questions; back again: the earlier answers come back
    calc.answer(0, "industry", "coke")
    assert_questions_match_package(calc)
    assert not calc.visible(calc.question_selector(0, "foundry_furnace"))
    calc.answer(0, "industry", "foundry")
    assert calc.visible(calc.question_selector(0, "cupola_capacity_t"))
    assert calc.last()["input"]["facilities"][0]["foundry_furnace"] == "cupola"
    # clause links point into the full text
    link = calc.page.locator(calc.question_selector(0, "cupola_capacity_t")).locator("a.calc-clause").first
    assert link.get_attribute("href").endswith("plan-text.html#clause-3.1.4")


def test_rotation_batches_limited_by_metadata(calc):
    calc.fill_enterprise({"name": "橡胶厂", "county": "榆次区"})
    calc.answer(0, "name", "硫化车间")
    calc.answer(0, "industry", "rubber")
    group = calc.page.locator(calc.question_selector(0, "rotation_batches"))
    add = group.get_by_role("button", name="添加批次")
    for _ in range(3):
        add.click()
    assert add.is_disabled()
    assert "最多 3 个批次" in group.inner_text()


def test_shutdown_periods_add_and_remove(calc):
    data, _ = USER_CASES["coke-10km-permitted-40"]()
    calc.fill(data)
    calc.answer(0, "shutdown_periods", [{"start": "2019-11-01", "end": "2019-11-30"},
                                        {"start": "2020-01-01", "end": "2020-01-31"}])
    plan = calc.last()["output"]["result"]["facilities"][0]["shutdown_plan"]
    assert plan == package_evaluate(calc.last()["input"])["result"]["facilities"][0]["shutdown_plan"]
    assert plan["days"] == 61 and plan["sufficient"] is True
    group = calc.page.locator(calc.question_selector(0, "shutdown_periods"))
    date = group.locator("input[type=date]").first
    assert date.get_attribute("min") == "2019-11-01" and date.get_attribute("max") == "2020-03-31"
    group.get_by_role("button", name="删除第 1 段").click()
    calc.idle()
    assert calc.last()["input"]["facilities"][0]["shutdown_periods"] == [{"start": "2020-01-01", "end": "2020-01-31"}]
    assert "还差 30 天" in calc.result_card(0).inner_text()
    # outside the season: the package's error, next to the date
    calc.page.fill(f"#{pid('facilities[0].shutdown_periods[0].end')}", "2020-04-02")
    calc.idle()
    errors = calc.last()["output"]["errors"]
    assert errors and all(e["path"].startswith("facilities[0].shutdown_periods[0]") for e in errors)
    shown = group.locator(".calc-error:visible").all_inner_texts()
    assert any(e["message"] in " ".join(shown) for e in errors)
    group.get_by_role("button", name="删除第 1 段").click()
    calc.idle()
    assert "shutdown_periods" not in calc.last()["input"]["facilities"][0]
    assert calc.last()["output"]["ok"]


def test_errors_next_to_fields_and_in_summary(calc):
    data, _ = USER_CASES["coke-10km-permitted-40"]()
    data["facilities"][0].pop("within_10km")
    calc.fill(data)
    calc.answer(0, "distance_km", "-1")
    out = calc.last()["output"]
    assert not out["ok"]
    [error] = [e for e in out["errors"] if e["path"] == "facilities[0].distance_km"]
    inline = calc.page.locator(f"#{pid('facilities[0].distance_km')}-error")
    summary = calc.page.locator(".calc-error-summary")
    box = calc.page.locator(f"#{pid('facilities[0].distance_km')}")
    # while typing: no error yet; leaving the field shows it there, not yet in a summary
    assert not inline.is_visible() and not summary.is_visible()
    box.press("Tab")
    expect(inline).to_be_visible()  # waits: on a loaded machine the blur's work may lag the key
    assert inline.inner_text() == error["message"]
    expect(box).to_have_attribute("aria-invalid", "true")
    assert f"{pid('facilities[0].distance_km')}-error" in box.get_attribute("aria-describedby")
    assert not summary.is_visible()
    # a submit: the summary, focused, links to the field
    calc.page.get_by_role("button", name="检查并评估").click()
    calc.idle()
    expect(summary).to_be_visible()
    expect(summary).to_be_focused()
    link = summary.get_by_role("link", name=error["message"])
    url_before = calc.page.url
    link.click()
    expect(box).to_be_focused()
    assert calc.page.url == url_before  # a link to the field, not a page change
    assert calc.page.locator(".calc-result").count() == 0
    # not a number: the package says so; out of range: the package says the range
    calc.answer(0, "distance_km", "六公里")
    assert "须为数字" in inline.inner_text()
    calc.answer(0, "distance_km", "1e9")
    assert "须在 0 到 500 公里之间" in inline.inner_text() and "须为数字" not in inline.inner_text()
    # fixed (spelled as people do: the package's parser, as in spreadsheets): the result is back
    calc.answer(0, "distance_km", "6.5公里")
    assert calc.last()["output"]["ok"]
    assert not summary.is_visible() and not inline.is_visible()
    assert calc.fact(0, "ratio") == "40%"


VIEWPORTS = {"desktop": {"width": 1366, "height": 900}, "phone": {"width": 390, "height": 844}}


def shot(page, tmp_path, name: str) -> None:
    """A screenshot to look at (tmp_path, or $CALC_SCREENSHOTS when set)."""
    import os
    from pathlib import Path
    folder = Path(os.environ.get("CALC_SCREENSHOTS") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(folder / f"{name}.png"))


@pytest.mark.parametrize("viewport", list(VIEWPORTS))
def test_empty_submit_focuses_a_linked_summary(page, guard, calc_url, tmp_path, viewport):
    page.set_viewport_size(VIEWPORTS[viewport])
    calc = CalcPage(page, calc_url).open()
    # nothing typed yet: no red anywhere
    assert not calc.page.locator(".calc-error-summary").is_visible()
    assert calc.page.locator(".calc-error:visible").count() == 0
    assert "毫秒" not in calc.page.locator("#policy-calculator").inner_text()  # no timings for the public
    calc.page.get_by_role("button", name="检查并评估").click()
    calc.idle()
    out = calc.last()["output"]
    summary = calc.page.locator(".calc-error-summary")
    assert calc.page.evaluate("document.activeElement.classList.contains('calc-error-summary')")
    box = summary.bounding_box()
    assert 0 <= box["y"] < VIEWPORTS[viewport]["height"] / 2, box  # scrolled to, at the top
    items = summary.locator("li a")
    assert items.count() == len(out["errors"])
    assert calc.page.locator(f"#{pid('enterprise.name')}-error").is_visible()
    shot(page, tmp_path, f"empty-submit-{viewport}")


def test_exempt_coke_oven_is_not_asked_what_cannot_change_its_result(calc):
    # 二、2（2）: 超低排放 and 清洁运输 → 不予限产: nothing after it can change that
    unasked = calc.fill({
        "enterprise": {"name": "甲焦化", "county": "介休市", "stable_compliance": True, "permit_compliant": True,
                       "governance_done": True, "green_factory": False, "exemption_emission": "ultra_low",
                       "clean_transport": True},
        "facilities": [{"name": "1#焦炉", "industry": "coke"}]})
    assert unasked == [set()]
    assert calc.last()["output"]["result"]["facilities"][0]["outcome"] == "exempt"
    visible = "els => els.filter(e => !e.hidden && e.offsetParent !== null).map(e => e.dataset.field)"
    facility = calc.page.eval_on_selector_all(".calc-facility[data-index='0'] .calc-q[data-field]", visible)
    enterprise = calc.page.eval_on_selector_all(".calc-enterprise .calc-q[data-field]", visible)
    assert facility == ["id", "name", "industry"]
    assert enterprise == ["stable_compliance", "permit_compliant", "governance_done", "green_factory",
                          "exemption_emission", "clean_transport"]
    assert_questions_match_package(calc)


def test_one_clause_link_per_question_for_the_industry(calc):
    data, _ = USER_CASES["several-facilities"]()
    calc.fill(data)
    for i, facility in enumerate(data["facilities"]):
        questions = calc.page.locator(f".calc-facility[data-index='{i}'] .calc-q[data-field]:visible")
        for j in range(questions.count()):
            assert questions.nth(j).locator("a.calc-clause:visible").count() <= 1
    # 在线监控 of a carbon works names 三（一）11 only
    calc.answer(0, "industry", "carbon")
    link = calc.page.locator(calc.question_selector(0, "online_monitoring")).locator("a.calc-clause")
    assert link.count() == 1 and link.inner_text() == "三（一）11"


@pytest.mark.parametrize("viewport", list(VIEWPORTS))
def test_what_if_lines_under_the_result(page, guard, calc_url, tmp_path, viewport):
    # 三（一）11: 无吸料天车 within 10 km 50%; 有吸料天车 40%
    page.set_viewport_size(VIEWPORTS[viewport])
    calc = CalcPage(page, calc_url).open()
    calc.fill({
        "enterprise": {"name": "乙炭素", "county": "榆次区", "stable_compliance": True, "permit_compliant": True,
                       "governance_done": True, "green_factory": False, "exemption_emission": "none"},
        "facilities": [{"name": "1#焙烧炉", "industry": "carbon", "online_monitoring": True,
                        "meets_special_limits": True, "suction_crane": False, "within_10km": True,
                        "category": "permitted", "supplies_heat_or_gas": False}]})
    out = calc.last()["output"]
    assert out["ok"] and calc.fact(0, "ratio") == "50%"
    lines = calc.result_card(0).locator(".calc-what-if li")
    assert "若有吸料天车：限产 40%（三（一）11）。" in lines.all_inner_texts()
    assert_page_shows(calc, out)
    # the trace stays, collapsed
    assert not calc.result_card(0).locator("table.calc-trace").is_visible()
    calc.result_card(0).locator(".calc-why").scroll_into_view_if_needed()
    shot(page, tmp_path, f"what-if-{viewport}")


def test_facilities_add_copy_remove(calc):
    data, _ = USER_CASES["coke-10km-permitted-40"]()
    calc.fill(data)
    calc.page.get_by_role("button", name="复制设施 1").click()
    calc.idle()
    sent = calc.last()["input"]["facilities"]
    assert len(sent) == 2 and sent[1]["name"] == sent[0]["name"] + "（复制）"
    assert {k: v for k, v in sent[1].items() if k != "name"} == {k: v for k, v in sent[0].items() if k != "name"}
    assert calc.page.locator(".calc-result[data-outcome='curtail']").count() == 2
    calc.answer(1, "category", "restricted")
    assert calc.fact(1, "ratio") == "50%" and calc.fact(0, "ratio") == "40%"
    calc.add_facility()
    assert calc.page.locator(".calc-facility").count() == 3
    assert calc.last()["output"]["ok"] is False  # the new one has no answers yet
    assert calc.page.evaluate("document.activeElement.textContent").startswith("生产设施 3")
    calc.page.get_by_role("button", name="删除设施 3").click()
    calc.idle()
    calc.page.get_by_role("button", name="删除设施 1").click()
    calc.idle()
    sent = calc.last()["input"]["facilities"]
    assert len(sent) == 1 and sent[0]["category"] == "restricted"
    assert calc.last()["output"]["ok"]
    assert calc.page.get_by_role("button", name="删除设施 1").count() == 0  # the last one stays


def test_permalink_round_trip(page, guard, calc_url):
    calc = CalcPage(page, calc_url).open()
    data, _ = USER_CASES["several-facilities"]()
    data["transport"] = copy.deepcopy(CASES["橙色预警：国二及以下非道路机械停止，清洁能源和紧急检修除外"].input["transport"])
    calc.fill(data)
    first = calc.last()
    link = page.locator("#calc-permalink").input_value()
    parts = urllib.parse.urlsplit(link)
    assert parts.query == "" and parts.fragment.startswith("calc=")
    assert parts.path.endswith("/calculator.html")
    assert page.evaluate("location.hash") == "#" + parts.fragment
    page.goto(calc.url)  # elsewhere first, so that the link is a real page load
    calc.wait_ready()
    page.goto(link)
    page.reload()
    calc.wait_ready()
    again = calc.last()
    assert again["input"] == first["input"]
    assert again["output"] == first["output"]
    assert page.locator(f"#{pid('enterprise.name')}").input_value() == data["enterprise"]["name"]
    assert page.locator(f"#{pid('facilities[2].industry')}").input_value() == "foundry"
    assert page.locator(f"#{pid('facilities[2].name')}").input_value() == data["facilities"][2]["name"]
    assert page.locator("#calc-transport-toggle").is_checked()
    assert_page_shows(calc, again["output"])
    # the inputs never went to the server: no request carried them
    assert not [u for u in guard.requests if "calc=" in u or "%E6%9F%90" in u]


# Where the results heading is, and whether it is in view below the form, clear of Material's
# fixed header.
RESULTS_HEADING = """() => { const r = document.getElementById('calc-results-heading').getBoundingClientRect();
  return {top: r.top, bottom: r.bottom, header: document.querySelector('.md-header').getBoundingClientRect().bottom,
          viewport: innerHeight, scrolled: scrollY}; }"""
RESULTS_HEADING_IN_VIEW = f"(h => h.scrolled > 0 && h.header <= h.top && h.bottom <= h.viewport)(({RESULTS_HEADING})())"


def test_plain_permalink_made_elsewhere(page, guard, calc_url):
    """The uncompressed form (#calc=j.<base64url JSON>) opens too, e.g. a link made by a script."""
    data, _ = USER_CASES["green-factory-exempt"]()
    payload = {"v": 1, "plan": "jinzhong-2019-2020", "plan_version": "2019-2020.0", "input": data}
    body = base64.urlsafe_b64encode(json.dumps(payload, ensure_ascii=False).encode()).decode().rstrip("=")
    calc = CalcPage(page, calc_url).open(f"{calc_url}#calc=j.{body}")
    out = calc.last()["output"]
    assert out["ok"] and out["result"]["facilities"][0]["outcome"] == "exempt"
    notice = page.locator(".calc-notice")
    assert notice.is_visible() and "2019-2020.0" in notice.inner_text()  # another plan version
    # opened for its result: the results, below the form, are brought into view, clear of the header
    assert page.evaluate(RESULTS_HEADING_IN_VIEW), page.evaluate(RESULTS_HEADING)


def test_pasting_another_permalink_restores_it(calc):
    """A permalink pasted into the address bar of the open calculator (hashchange); the
    browser's Back button then returns to the assessment before it."""
    calc.fill(USER_CASES["coke-10km-permitted-40"]()[0])
    data, _ = USER_CASES["green-factory-exempt"]()
    payload = {"v": 1, "plan": "jinzhong-2019-2020", "plan_version": "2019-2020.1", "input": data}
    body = base64.urlsafe_b64encode(json.dumps(payload, ensure_ascii=False).encode()).decode().rstrip("=")
    seq = calc.page.evaluate("document.getElementById('policy-calculator').dataset.seq")
    calc.wait_until("typeof window.document$ !== 'undefined'")  # Material's instant navigation runs
    assessments = len(calc.timings())
    page_requests = []
    page_path = urllib.parse.urlsplit(calc.url).path
    calc.page.on("request", lambda r: page_requests.append(r.url) if urllib.parse.urlsplit(r.url).path == page_path else None)
    calc.page.evaluate("window.scrollTo(0, 700)")  # the reader is in the old form
    calc.page.evaluate("hash => { location.hash = hash; }", f"#calc=j.{body}")
    calc.wait_until(f"document.getElementById('policy-calculator').dataset.seq !== '{seq}'")
    calc.idle()
    assert calc.last()["output"]["result"]["facilities"][0]["outcome"] == "exempt"
    assert calc.page.locator(f"#{pid('enterprise.name')}").input_value() == data["enterprise"]["name"]
    assert not calc.page.locator(".calc-notice").is_visible()
    # pasted for its result: brought into view, although the reader was in the old form
    assert calc.page.evaluate(RESULTS_HEADING_IN_VIEW), calc.page.evaluate(RESULTS_HEADING)
    # drawn once: the page was not fetched and swapped in again (Material's popstate)
    calc.page.wait_for_timeout(500)
    assert page_requests == [] and len(calc.timings()) == assessments + 1, (page_requests, calc.timings())
    assert calc.page.evaluate(RESULTS_HEADING_IN_VIEW), calc.page.evaluate(RESULTS_HEADING)
    seq = calc.page.evaluate("document.getElementById('policy-calculator').dataset.seq")
    calc.page.go_back()
    calc.wait_until(f"document.getElementById('policy-calculator').dataset.seq !== '{seq}'")
    calc.idle()
    assert calc.last()["output"]["result"]["facilities"][0]["outcome"] == "curtail"
    assert calc.fact(0, "ratio") == "40%"


def test_broken_permalink_says_so(page, guard, calc_url):
    calc = CalcPage(page, calc_url).open(f"{calc_url}#calc=z.AAAA")
    assert "损坏" in page.locator(".calc-notice").inner_text()
    assert calc.last() is None or calc.last()["output"]["ok"] is False


def test_json_download_and_upload(page, guard, calc_url, tmp_path):
    calc = CalcPage(page, calc_url).open()
    data, _ = USER_CASES["shutdown-periods-61-days"]()
    calc.fill(data)
    first = calc.last()
    with page.expect_download() as info:
        page.get_by_role("button", name="下载 JSON").click()
    download = info.value
    assert download.suggested_filename.endswith(".json")
    path = tmp_path / "saved.json"
    download.save_as(path)
    saved = json.loads(path.read_text(encoding="utf-8"))
    assert saved["input"] == first["input"]
    assert saved["output"] == {"ok": True, "result": first["output"]["result"]}
    assert saved["plan"]["version"] and saved["report"] == first["output"]["report"]
    # a fresh page, then the file
    page.goto(calc_url)
    page.reload()
    calc.wait_ready()
    assert calc.last()["output"]["ok"] is False
    page.set_input_files("#calc-upload", str(path))
    calc.wait_until("window.policyCalculator.last && window.policyCalculator.last.output.ok")
    calc.idle()
    assert calc.last()["input"] == first["input"]
    assert calc.last()["output"] == first["output"]
    assert page.locator(f"#{pid('facilities[0].shutdown_periods[0].start')}").input_value() == "2019-12-01"
    # not a calculator file: a message, the form stays
    bad = tmp_path / "bad.json"
    bad.write_text("{not json", encoding="utf-8")
    page.set_input_files("#calc-upload", str(bad))
    calc.wait_until("!document.querySelector('.calc-notice').hidden")
    assert "不是有效的 JSON" in page.locator(".calc-notice").inner_text()
    assert calc.last()["input"] == first["input"]


def test_print_view(page, guard, calc_url, tmp_path):
    calc = CalcPage(page, calc_url).open()
    data, _ = USER_CASES["coke-10km-permitted-40"]()
    calc.fill(data)
    signature = page.locator(".calc-signature")
    assert not signature.is_visible()  # on screen: no signature block
    page.emulate_media(media="print")
    assert signature.is_visible()
    text = signature.inner_text()
    for words in ("企业负责人签字", "企业盖章", "日期"):
        assert words in text
    head = page.locator(".calc-report-head")
    assert head.is_visible()
    assert "市工信产发〔2019〕79号" in head.inner_text() and "方案版本 2019-2020.1" in head.inner_text()
    for hidden in (".md-header", ".md-sidebar--primary", ".md-footer", ".calc-form", ".calc-actions", ".calc-intro"):
        loc = page.locator(hidden)
        assert loc.count() == 0 or not loc.first.is_visible(), hidden
    # the trace, collapsed on screen, is printed
    assert page.locator("table.calc-trace").first.is_visible()
    assert page.locator(".calc-result[data-index='0']").is_visible()
    pdf = page.pdf(format="A4", print_background=False)
    assert pdf.startswith(b"%PDF")
    (tmp_path / "report.pdf").write_bytes(pdf)
    page.emulate_media(media="screen")
    assert not signature.is_visible()


def test_user_text_stays_text(calc):
    data, _ = USER_CASES["coke-10km-permitted-40"]()
    data["enterprise"]["name"] = XSS
    data["facilities"][0]["name"] = XSS
    data["facilities"][0]["id"] = "<b>F1</b>"
    data["transport"] = {"alert_level": "yellow", "vehicles": [{"id": XSS, "kind": "diesel_truck"}]}
    calc.fill(data)
    page = calc.page
    assert calc.last()["output"]["ok"]
    assert page.locator("img[src='x']").count() == 0
    assert page.locator(".calc-root b").count() == 0
    assert page.locator("[data-key='enterprise-name']").inner_text() == XSS
    assert XSS in calc.result_card(0).locator("h3").inner_text()
    assert page.locator(".calc-vehicles-result td.calc-user-text").inner_text() == XSS
    assert XSS in page.locator(".calc-facility h3").first.inner_text()
    page.emulate_media(media="print")
    assert page.locator("img").filter(has=page.locator("[src='x']")).count() == 0
    # the guard fixture fails the test if alert() opened a dialog


def instant_navigation(page, url: str):
    """Click a link to `url` as a user would: with navigation.instant, MkDocs Material
    fetches the page and swaps the document (document$ emits) instead of loading it."""
    page.locator(f"a[href$='{url}']").first.click()
    page.wait_for_url(f"**/{url}")


def test_instant_navigation_keeps_the_worker(page, guard, site_url):
    page.goto(site_url + "index.html")
    page.wait_for_load_state("load")
    page.evaluate("window.__calcMarker = 'same document'")
    instant_navigation(page, "calculator.html")
    calc = CalcPage(page, site_url + "calculator.html")
    calc.wait_ready()
    assert page.evaluate("window.__calcMarker") == "same document"  # no page load
    page.evaluate("window.__calcWorker = window.policyRuntime.worker")
    calc.fill_enterprise({"name": "导航测试", "county": "祁县"})
    instant_navigation(page, "register.html")
    page.wait_for_selector("#policy-calculator", state="detached")
    assert "calc=" not in page.url  # the permalink stays with the calculator page
    instant_navigation(page, "calculator.html")
    calc.wait_ready()
    # the same document and worker, a fresh calculator that works
    assert page.evaluate("window.__calcMarker") == "same document"
    assert page.evaluate("window.__calcWorker === window.policyRuntime.worker")
    assert page.locator(f"#{pid('enterprise.name')}").input_value() == ""
    calc.fill(USER_CASES["coke-10km-permitted-40"]()[0])
    assert calc.fact(0, "ratio") == "40%"
    assert page.locator("#policy-calculator .calc-app").count() == 1


def test_keyboard_and_labels(calc):
    page = calc.page
    data, _ = USER_CASES["coke-10km-permitted-40"]()
    calc.fill(data)
    # every control has a name: a <label for>, or aria-label
    unnamed = page.eval_on_selector_all(
        ".calc-root input:not([type=file]), .calc-root select",
        "els => els.filter(e => e.offsetParent !== null && !(e.labels && e.labels.length) && !e.getAttribute('aria-label')).map(e => e.id)")
    assert unnamed == []
    # radio groups are fieldsets with a legend
    groups = page.eval_on_selector_all(
        ".calc-root input[type=radio]", "els => els.filter(e => !e.closest('fieldset') || !e.closest('fieldset').querySelector('legend')).length")
    assert groups == 0
    # by keyboard: a new facility, answered with Tab, arrows and Space
    page.get_by_role("button", name="复制设施 1").focus()
    page.keyboard.press("Enter")
    calc.idle()
    name = page.locator(f"#{pid('facilities[1].name')}")
    name.focus()
    page.keyboard.press("Control+A")
    page.keyboard.type("2#焦炉")
    category = page.locator(f"#{pid('facilities[1].category')}-q input[type=radio]:checked")
    category.focus()
    page.keyboard.press("ArrowRight")  # permitted -> restricted
    calc.idle()
    assert calc.last()["input"]["facilities"][1]["name"] == "2#焦炉"
    assert calc.last()["input"]["facilities"][1]["category"] == "restricted"
    assert calc.fact(1, "ratio") == "50%"
    # Enter in a text field submits: focus goes to the results
    name.focus()
    page.keyboard.press("Enter")
    calc.idle()
    assert page.evaluate("document.activeElement.id") == "calc-results-heading"
    # the trace opens by keyboard
    toggle = calc.result_card(1).locator("button.calc-toggle").first
    toggle.focus()
    page.keyboard.press("Enter")
    assert toggle.get_attribute("aria-expanded") == "true"
    assert calc.result_card(1).locator("table.calc-trace").is_visible()


def test_each_changed_answer_is_one_assessment(calc):
    """A changed answer makes exactly one call to the package and redraws the result
    (how fast that is: benchmarks/calculator_speed.py, "later assessments")."""
    data, _ = USER_CASES["coke-10km-permitted-40"]()
    calc.fill(data)
    start = len(calc.timings())
    for value in ["encouraged", "restricted", "permitted"] * 3:
        calc.answer(0, "category", value)
        sent = calc.last()["input"]
        assert sent["facilities"][0]["category"] == value
        assert calc.last()["output"] == package_evaluate(sent)
    timings = calc.timings()[start:]
    assert len(timings) == 9 and all(t["calls"] == 1 for t in timings), timings


def test_runtime_starts_from_the_memory_snapshot(calc):
    """The fast start is the one in use: the worker restored the build's memory snapshot
    (a failed restore falls back to a plain start, which works but is several times slower)."""
    info = calc.page.evaluate("window.policyRuntime.info")
    assert info["start"] == "snapshot", info


def _old_link(data: dict) -> str:
    """A permalink made before the enterprise's answers (二、1, 二、2) moved out of the facilities."""
    old = copy.deepcopy(data)
    shared = {k: old["enterprise"].pop(k) for k in list(old["enterprise"]) if k not in ("name", "county", "credit_code")}
    for facility in old["facilities"]:
        facility.update(shared)
    payload = {"v": 1, "plan": "jinzhong-2019-2020", "plan_version": "2019-2020.1", "input": old}
    return base64.urlsafe_b64encode(json.dumps(payload, ensure_ascii=False).encode()).decode().rstrip("=")


def test_an_old_link_with_the_enterprise_answers_on_each_facility(page, guard, calc_url):
    """Facilities that agree: the answers move up to the enterprise, the result is the same;
    facilities that disagree: the package's message, never one facility's answer for all."""
    data, _ = USER_CASES["enterprise-green-factory"]()
    calc = CalcPage(page, calc_url).open(f"{calc_url}#calc=j.{_old_link(data)}")
    last = calc.last()
    assert last["output"]["ok"] and [f["outcome"] for f in last["output"]["result"]["facilities"]] == ["exempt"] * 2
    assert last["input"]["enterprise"]["green_factory"] is True
    assert "green_factory" not in last["input"]["facilities"][0]
    assert page.locator(f"#{pid('enterprise.green_factory')}-q input[value='true']").is_checked()
    old = json.loads(base64.urlsafe_b64decode(_old_link(data) + "==="))
    old["input"]["facilities"][1]["green_factory"] = False
    body = base64.urlsafe_b64encode(json.dumps(old, ensure_ascii=False).encode()).decode().rstrip("=")
    calc = CalcPage(page, calc_url).open(f"{calc_url}#calc=j.{body}")
    out = calc.last()["output"]
    assert not out["ok"]
    assert {e["path"] for e in out["errors"]} >= {"facilities[0].green_factory", "facilities[1].green_factory"}
    assert "这是企业的情况" in page.locator(".calc-error-summary").inner_text()
