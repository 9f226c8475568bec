"""The calculator page's own speed, in headless Chromium (Debian's), site on 127.0.0.1.

    python benchmarks/calculator_speed.py [--site site] [--rounds 3] [--changes 40] [--json OUT]

Builds nothing: run scripts/build-site first (or pass --site DIR of a built site).

* permalink: opening a permalink of a filled-in enterprise (3 facilities + transport),
  navigation start → result on screen (the frame that paints the result cards done), in a new browser context
  (cold: empty HTTP cache; its new tab left to start first, as in load_pyodide.py) and then
  again in the same context (warm);
* later assessments: one answer changed at a time (a radio), measured in the page with
  performance.now(): the round trip (input built, policy.api.evaluate in the worker,
  result drawn), the part spent in the worker, and the drawing. Goal: under 20 ms each.

Prints one JSON object; --json also writes it to a file.
"""
from __future__ import annotations

import argparse
import copy
import json
import os
import statistics
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from build_scripts.website.server import serve_in_thread  # noqa: E402
from tests.browser.calcpage import CalcPage  # noqa: E402
from tests.casebook import load_cases  # noqa: E402
from build_scripts.chromium import CHROMIUM, CHROMIUM_ARGS  # noqa: E402

sys.path.insert(0, str(ROOT / "benchmarks"))
from load_pyodide import SITE_INIT, SITE_RESULT_PAINTED, open_tab  # noqa: E402


def enterprise_input() -> dict:
    cases = {c.name: c for c in load_cases()}
    data = copy.deepcopy(cases["一企多设施：各设施按其行业条款，企业未申请豁免"].input)
    data["transport"] = copy.deepcopy(cases["橙色预警：国二及以下非道路机械停止，清洁能源和紧急检修除外"].input["transport"])
    return data


def stats(values: list[float]) -> dict:
    values = sorted(values)
    return {"n": len(values), "median": round(statistics.median(values), 2),
            "p90": round(values[max(0, int(0.9 * len(values)) - 1)], 2), "max": round(values[-1], 2)}


def result_on_screen_ms(page) -> float:
    """ms from navigation start until the frame that paints the result cards is done
    (load_pyodide.SITE_INIT, recorded by the page; polled with evaluate, as the site's CSP
    forbids wait_for_function's strings)."""
    while not page.evaluate(SITE_RESULT_PAINTED):
        page.wait_for_timeout(5)
    return page.evaluate("window.__bench.painted")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", default=str(ROOT / "site"))
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--changes", type=int, default=40)
    parser.add_argument("--json")
    args = parser.parse_args(argv)
    if not Path(args.site, "calculator.html").is_file():
        print(f"{args.site}/calculator.html missing: run scripts/build-site first", file=sys.stderr)
        return 2
    from playwright.sync_api import sync_playwright

    server, base = serve_in_thread(args.site)
    url = base + "calculator.html"
    out = {"site": str(args.site), "load_average": round(os.getloadavg()[0], 2)}
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
            # a permalink made by the page itself
            page = browser.new_page()
            calc = CalcPage(page, url).open()
            calc.fill(enterprise_input())
            link = page.locator("#calc-permalink").input_value()
            page.close()
            cold, warm = [], []
            for _ in range(args.rounds):
                context = browser.new_context()
                context.add_init_script(SITE_INIT)
                page = open_tab(context, 1.0)
                page.goto(link)
                cold.append(result_on_screen_ms(page))
                page.goto(base + "index.html")
                page.goto(link)
                warm.append(result_on_screen_ms(page))
                context.close()
            out["permalink_to_result_ms"] = {"cold": stats(cold), "warm": stats(warm), "link_chars": len(link)}
            # later assessments
            page = browser.new_page()
            calc = CalcPage(page, url).open(link)
            start = len(calc.timings())
            values = ["encouraged", "restricted", "permitted"]
            for k in range(args.changes):
                calc.answer(0, "category", values[k % 3])
            timings = calc.timings()[start:]
            out["later_assessments_ms"] = {
                "facilities": 3,
                "round_trip": stats([t["total_ms"] for t in timings]),
                "in_worker": stats([t["worker_ms"] for t in timings]),
                "render": stats([t["render_ms"] for t in timings]),
                "calls_per_change": stats([t["calls"] for t in timings]),
                "under_20ms": sum(t["total_ms"] < 20 for t in timings),
            }
            browser.close()
    finally:
        server.shutdown()
        server.server_close()
    text = json.dumps(out, ensure_ascii=False, indent=2)
    print(text)
    if args.json:
        Path(args.json).write_text(text + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
