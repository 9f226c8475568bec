"""Stock loadPyodide() against our optimized start, side by side, in headless Chromium.

    python benchmarks/load_pyodide.py [--runtime build/runtime] [--rounds 3] [--json OUT]
                                      [--settle S] [--linger S] [--previous DIR] [--site SITE_DIR]

Builds nothing: run `python -m build_scripts.runtime` first. Serves a throwaway site
(runtime/ + assets/calculator/runtime/ + a bench page) on 127.0.0.1 and, for each mode
(stock: `loadPyodide({indexURL})` + loadPackage; fast: calculator/runtime with the
compiled stdlib and the memory snapshot), both in a Web Worker:

* cold: a new browser context (empty HTTP cache), navigation → evaluate() result;
* warm: the same context navigates to the page again (HTTP cache; an incognito context
  keeps no compiled code: Chromium's code cache, wasm's included, is off there);
* profile: a returning visitor's browser: a persistent profile (a new user-data-dir per
  round, a browser of its own), where the code cache works: a first visit, the home page,
  then the visit measured, as for warm.

Stock is measured twice: in a Web Worker (stock, the benchmark's STOCK_WORKER_JS), and on the page's
main thread as Pyodide's documentation shows it (stock-main). `--previous DIR` adds an
earlier build (DIR/runtime/ + DIR/calculator/runtime/) to compare a change under the same
load. `--site SITE_DIR` (scripts/build-site's output) adds `site`: what the goal names,
opening a permalink of a filled-in enterprise on the real calculator page until its result
is on screen, measured against the same stock baselines. The permalink is the one the
calculator writes (compressed); "on screen" is when the frame that lays out and paints the
result is done (a requestAnimationFrame callback, then a task after that frame), not only
when calculator.js has put the result in the document (`result_in_document` in the marks):
on a first visit that frame took 60-140 ms. The result is drawn a facility a frame: "on
screen" is its first frame (the enterprise's summary and the first facility, what a screen
shows of it); the rest follows, a frame each.
`--settle S` (default 1): the new tab (about:blank, in a new context) stays open S seconds
before the cold visit, so that the browser has started its renderer, as for the warm visit
(a visitor's browser is running; Chromium keeps a spare renderer for a new tab): a cold
visit then differs from a warm one in the caches only. Navigating at once (`--settle 0`)
overlaps the tab's start-up (~300 ms of CPU in the renderer and browser processes) with the
cold visit; on 2 cores that cost the site's cold figure ~150-190 ms, stock's much less (its
first ~200 ms wait for downloads).
`--linger S` (default 1): the cold page stays open S seconds before the warm visit, and the
site's home page, from which the warm visit comes, as long: a returning visitor comes back
to an idle browser, not while the cold page still installs the rest of the runtime in the
background (rest of the stdlib, package) or a page builds its search index (~100 ms of CPU
in Material's search worker, which otherwise overlaps the next page's start on 2 cores).
Prints the median
times, the ratios to both stock baselines (goal ≤ 0.35; also the median of the per-round
ratios, steadier when other jobs load the machine; with --previous or --previous-site also
the change against that build, round by round), the longest main-thread
task that began before the result was on screen (for the site's page also per owner: the
site's own scripts, Material's bundle, or style and layout, from the long animation frame the
task falls in), the bytes transferred, and the time of later evaluate() calls.
No request routing (page.route disables the HTTP cache); every host but 127.0.0.1 is
unresolvable.
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(ROOT))
from load_server import Server, site_csp  # noqa: E402

from build_scripts.chromium import CHROMIUM_ARGS  # noqa: E402

# stock: loadPyodide() in a Web Worker; stock-main: loadPyodide() on the page's
# main thread, the way Pyodide's documentation shows it; fast: calculator/runtime.
MODES = ("stock", "stock-main", "fast")

SAMPLE = (ROOT / "build_scripts" / "runtime" / "warmup_inputs.json")

# The bench page: external scripts only, so the site's CSP (no inline script) applies.
# Like the site's calculator page, it loads policy-runtime.js `async` from the head, which
# starts the worker at once (autostart; not in stock-main mode, which uses no worker).
BENCH_HTML = """<!doctype html>
<html lang="zh"><head><meta charset="utf-8"><title>load benchmark</title>
<script src="setup.js"></script>
<script type="module" async src="../assets/calculator/runtime/policy-runtime.js"></script>
<script type="module" src="bench.js"></script>
</head><body><p data-policy-runtime-status></p><pre id="out"></pre></body></html>
"""

SETUP_JS = """
window.__bench = {tasks: []};
try {
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) window.__bench.tasks.push([e.startTime, e.duration]);
  }).observe({type: "longtask", buffered: true});
} catch (e) { window.__bench.noLongtask = String(e); }
window.policyRuntimeConfig = {base: "../runtime/", mode: new URLSearchParams(location.search).get("mode") || "fast",
                             timeoutMs: 600000};  // a loaded machine: a slow start is a figure, not a failure
window.policyRuntimeConfig.autostart = window.policyRuntimeConfig.mode === "fast";
"""

BENCH_JS = """
import rt from "../assets/calculator/runtime/policy-runtime.js";
const input = INPUT_JSON;
const out = document.getElementById("out");
const mode = window.policyRuntimeConfig.mode;
async function mainThreadStock() {
  // The stock way, as Pyodide's docs show it: loadPyodide() in the page itself.
  const manifest = await (await fetch("../runtime/manifest.json", {cache: "no-cache"})).json();
  const index = new URL("../runtime/" + manifest.index, location.href).href;
  const {loadPyodide} = await import(index + "pyodide.mjs");
  const py = await loadPyodide({indexURL: index});
  await py.loadPackage(manifest.package, {messageCallback: () => {}});
  const api = py.pyimport("policy.api");
  return (text) => api.evaluate(text);
}
function workerStock() {
  // The same in a Web Worker (stock_worker.js), one evaluate() per message.
  const worker = new Worker("stock_worker.js", {type: "module"});
  let answer = null;
  worker.onmessage = ({data}) => answer(data);
  return (text) => new Promise((resolve, reject) => {
    answer = (data) => (data.error ? reject(new Error(data.error)) : resolve(data.value));
    worker.postMessage(text);
  });
}
try {
  const evaluate = mode === "stock-main" ? await mainThreadStock() : mode === "stock" ? workerStock()
    : (text) => rt.call("evaluate", text);
  const result = await evaluate(input);
  const tResult = performance.now();
  out.textContent = result;
  const later = [];
  for (let i = 0; i < 20; i++) { const t = performance.now(); await evaluate(input); later.push(performance.now() - t); }
  const page = performance.getEntriesByType("resource").map((r) => ({name: r.name, transferSize: r.transferSize, encodedBodySize: r.encodedBodySize}));
  const nav = performance.getEntriesByType("navigation")[0];
  Object.assign(window.__bench, {done: true, tResult, info: mode === "fast" ? rt.info : {start: mode},
    timings: mode === "fast" ? rt.timings : {}, later, resources: page, navTransfer: nav ? nav.transferSize : 0,
    resultChars: result.length});
} catch (e) {
  Object.assign(window.__bench, {done: true, error: String(e && e.message || e)});
}
"""

# The stock baseline in a Web Worker: loadPyodide({indexURL}) and loadPackage, as documented.
STOCK_WORKER_JS = """
const api = (async () => {
  const manifest = await (await fetch("../runtime/manifest.json", {cache: "no-cache"})).json();
  const index = new URL("../runtime/" + manifest.index, location.href).href;
  const {loadPyodide} = await import(index + "pyodide.mjs");
  const py = await loadPyodide({indexURL: index});
  await py.loadPackage(manifest.package, {messageCallback: () => {}});
  return py.pyimport("policy.api");
})();
self.onmessage = async ({data}) => {
  try {
    postMessage({value: String((await api).evaluate(data))});
  } catch (e) {
    postMessage({error: String(e && e.message || e)});
  }
};
"""

# The resource timing entries of the page's Web Workers but Material's search worker.
WORKER_RESOURCES = """() => performance.getEntriesByType("resource").map((r) => ({name: r.name, transferSize: r.transferSize}))"""


def worker_resources(page) -> list[dict]:
    return [e for w in page.workers if "/workers/search." not in w.url for e in w.evaluate(WORKER_RESOURCES)]


def make_site(tmp: Path, runtime: Path, previous: Path | None = None, built_site: Path | None = None,
              previous_site: Path | None = None) -> Path:
    """bench/ runs calculator/runtime on RUNTIME; with PREVIOUS (a directory holding an
    earlier runtime/ build and its calculator/runtime/), previous/ runs that one; with
    BUILT_SITE (scripts/build-site's output), the site is at site/; with PREVIOUS_SITE (an
    earlier build of the site), that one is at previous-site/."""
    site = tmp / "site"
    site.mkdir(parents=True)
    if built_site:
        (site / "site").symlink_to(built_site.resolve())
    if previous_site:
        (site / "previous-site").symlink_to(previous_site.resolve())
    inputs = json.loads(SAMPLE.read_text(encoding="utf-8"))
    js = BENCH_JS.replace("INPUT_JSON", json.dumps(inputs[0], ensure_ascii=False))
    trees = [("", runtime, ROOT / "calculator" / "runtime", "bench")]
    if previous:
        trees.append(("previous-", previous / "runtime", previous / "calculator" / "runtime", "previous"))
    for prefix, rt, calc, bench in trees:
        (site / f"{prefix}assets" / "calculator").mkdir(parents=True)
        (site / f"{prefix}runtime").symlink_to(rt.resolve())
        (site / f"{prefix}assets" / "calculator" / "runtime").symlink_to(calc.resolve())
        (site / bench).mkdir()
        html = BENCH_HTML
        if "policy-runtime-autostart" not in (calc / "policy-runtime.js").read_text(encoding="utf-8"):
            # an earlier build, without head start: its page started the worker from bench.js
            html = "\n".join(line for line in html.split("\n") if "calculator/runtime/" not in line)
        (site / bench / "index.html").write_text(html.replace("../assets/", f"../{prefix}assets/"), encoding="utf-8")
        (site / bench / "setup.js").write_text(SETUP_JS.replace("../runtime/", f"../{prefix}runtime/"), encoding="utf-8")
        (site / bench / "bench.js").write_text(js.replace("../assets/", f"../{prefix}assets/").replace(
            "../runtime/", f"../{prefix}runtime/"), encoding="utf-8")
        (site / bench / "stock_worker.js").write_text(STOCK_WORKER_JS, encoding="utf-8")
    return site


# How often the benchmark asks a page whether it is done, the same for every mode: each ask
# is work for the browser and the driver while the page loads (the times themselves are the
# page's own, not the ask's).
POLL_S = 0.05


def wait_for(page, expression: str, timeout_ms: int, failure: str) -> None:
    """Ask the page every POLL_S until EXPRESSION is true; RuntimeError(FAILURE) after
    TIMEOUT_MS. Not wait_for_function: its polling evaluates a string, which the site's CSP
    forbids."""
    deadline = time.monotonic() + timeout_ms / 1000
    while not page.evaluate(expression):
        if time.monotonic() > deadline:
            raise RuntimeError(failure)
        time.sleep(POLL_S)


def run_once(page, url: str, timeout_ms: int = 90000) -> dict:
    page.goto(url)
    wait_for(page, "() => !!(window.__bench && window.__bench.done)", timeout_ms, f"{url}: no result in {timeout_ms} ms")
    b = page.evaluate("() => window.__bench")
    if b.get("error"):
        raise RuntimeError(f"{url}: {b['error']}")
    b["resources"] += worker_resources(page)
    b["bytes"] = sum(r.get("transferSize", 0) for r in b["resources"]) + (b.get("navTransfer") or 0)
    return b


# The site's calculator page: a longtask observer installed before its own scripts run, and
# the time the frame that draws the first result is done (the event calculator.js sends when
# it has put the result in the document; the frame after it lays out and paints the page).
SITE_INIT = """
window.__bench = {tasks: [], frames: []};
new PerformanceObserver((list) => {
  for (const e of list.getEntries()) window.__bench.tasks.push([e.startTime, e.duration]);
}).observe({type: "longtask", buffered: true});
// Long animation frames say whose scripts ran in a long task, and how long its style and
// layout took (Chromium 123+): a task is put to the frame it falls in (task_owner()).
try {
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) window.__bench.frames.push({
      start: e.startTime, end: e.startTime + e.duration,
      layout: e.styleAndLayoutStart ? e.startTime + e.duration - e.styleAndLayoutStart : 0,
      scripts: e.scripts.map((s) => [s.sourceURL, s.duration, s.forcedStyleAndLayoutDuration]),
    });
  }).observe({type: "long-animation-frame", buffered: true});
} catch (e) { /* older browser: tasks are not attributed */ }
document.addEventListener("policy-calculator:result-shown", () => {
  window.__bench.inDocument = performance.now();
  requestAnimationFrame(() => setTimeout(() => { window.__bench.painted = performance.now(); }, 0));
}, {once: true});
"""
SITE_RESULT_PAINTED = "() => !!(window.__bench && window.__bench.painted)"


def site_permalink(base_url: str) -> str:
    """A permalink of a filled-in enterprise: the three facilities of
    benchmarks/calculator_speed.py (its transport part left out), in calculator/app/codec.js's
    plain form `calc=j.`, built here so that the figure does not depend on filling the form."""
    import base64

    import policy.api
    from benchmarks.calculator_speed import enterprise_input

    data = enterprise_input()
    data.pop("transport", None)
    plan = json.loads(policy.api.form_spec())["plan"]
    payload = {"v": 1, "plan": plan["id"], "plan_version": plan["version"], "input": data}
    text = json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode()
    return f"{base_url}site/calculator.html#calc=j.{base64.urlsafe_b64encode(text).decode().rstrip('=')}"


def canonical_permalink(browser, url: str) -> str:
    """The permalink as the calculator writes it (compressed, `calc=z.`), as a visitor
    receives it: opened in a context of its own, the plain link is rewritten to it."""
    ctx = browser.new_context()
    page = ctx.new_page()
    page.goto(url)
    wait_for(page, "() => location.hash.startsWith('#calc=z.')", 90000, f"{url}: the calculator did not rewrite its permalink")
    href = page.evaluate("location.href")
    ctx.close()
    return href


def run_site(page, url: str, timeout_ms: int = 90000) -> dict:
    """Navigation to the permalink → its result on screen: the frame that lays out and paints
    the result calculator.js has put in the document is done."""
    page.goto(url)
    wait_for(page, SITE_RESULT_PAINTED, timeout_ms, f"{url}: no result in {timeout_ms} ms")
    b = page.evaluate("""() => {
      const rt = window.policyRuntime;
      const nav = performance.getEntriesByType("navigation")[0];
      const pageRes = performance.getEntriesByType("resource").map((r) => ({name: r.name, transferSize: r.transferSize}));
      const timings = {...rt.timings, result_in_document: Math.round(window.__bench.inDocument)};
      return {...window.__bench, tResult: window.__bench.painted, info: rt.info, timings,
              later: [0], resources: pageRes, navTransfer: nav ? nav.transferSize : 0};
    }""")
    b["resources"] += worker_resources(page)
    b["bytes"] = sum(r.get("transferSize", 0) for r in b["resources"]) + (b.get("navTransfer") or 0)
    return b


def open_tab(context, settle_s: float):
    """A new tab (about:blank) of CONTEXT, left SETTLE_S seconds so that the browser has
    started its renderer before the cold visit, as a visitor's running browser has (the warm
    visit, from a page of the same tab, never waits for that)."""
    page = context.new_page()
    time.sleep(settle_s)
    return page


def visit_twice(ctx, base_url: str, mode: str, external: list, linger: float, link: str | None,
                settle: float) -> tuple[dict, dict]:
    """A first visit of CTX (a new context or profile) to MODE's page, then a return to it."""
    page = open_tab(ctx, settle)
    page.on("request", lambda r: None if r.url.startswith(("http://127.0.0.1", "data:", "blob:")) else external.append(r.url))
    if mode in ("site", "site-previous"):
        prefix = "site/" if mode == "site" else "previous-site/"
        url = link.replace(base_url + "site/", base_url + prefix)
        ctx.add_init_script(SITE_INIT)
        first = run_site(page, url)
        time.sleep(linger)
        page.goto(base_url + prefix + "index.html")  # then the permalink again, as a returning visitor
        time.sleep(linger)
        return first, run_site(page, url)
    url = f"{base_url}previous/?mode=fast" if mode == "previous" else f"{base_url}bench/?mode={mode}"
    first = run_once(page, url)
    time.sleep(linger)  # a visitor reads the answer: the browser caches compiled wasm meanwhile
    return first, run_once(page, url)  # same context: HTTP cache is warm


def measure(browser, base_url: str, mode: str, external: list, linger: float = 0, link: str | None = None,
            settle: float = 0, profile=None) -> dict:
    """One round of MODE: cold and warm in a new incognito context of BROWSER; with PROFILE
    (a function giving a persistent context, then closed), also the return visit there."""
    ctx = browser.new_context()
    cold, warm = visit_twice(ctx, base_url, mode, external, linger, link, settle)
    ctx.close()
    out = {"cold": [cold], "warm": [warm]}
    if profile:
        ctx = profile()
        try:
            out["profile"] = [visit_twice(ctx, base_url, mode, external, linger, link, settle)[1]]
        finally:
            ctx.close()
    return out


def median_marks(marks: list[dict]) -> dict:
    """Per step, the median over the runs (ms since the worker / the page started)."""
    keys = sorted({k for m in marks for k in m}, key=lambda k: statistics.median(m[k] for m in marks if k in m))
    return {k: round(statistics.median(m[k] for m in marks if k in m)) for k in keys}


def longest_while_loading(run: dict) -> float:
    """The longest main-thread task that began before the result was on screen (0 if none
    took 50 ms): what the reader waits through while the runtime loads. Tasks after it (the
    result's own drawing, Material's start on the site's pages) are not the load's."""
    return max((d for start, d in run.get("tasks") or [] if start < run["tResult"]), default=0)


# Whose a long task is, by the scripts of the long animation frame it falls in (the site's
# page only): the site's own code (calculator/, runtime/), Material's bundle, or the
# browser's style and layout when no script took half the task.
OWNERS = (("ours", ("/assets/calculator/", "/runtime/")), ("material", ("/assets/javascripts/",)))


def task_owner(run: dict, start: float, duration: float) -> str:
    frame = next((f for f in run.get("frames") or [] if f["start"] - 1 <= start < f["end"]), None)
    if frame is None:
        return "?"
    by_owner = {}
    for url, ms, forced in frame["scripts"]:
        owner = next((o for o, prefixes in OWNERS if any(x in url for x in prefixes)), "other")
        by_owner[owner] = by_owner.get(owner, 0) + ms
    owner, ms = max(by_owner.items(), key=lambda kv: kv[1], default=("layout", 0))
    return owner if ms >= duration / 2 else "layout"


def longest_by_owner(run: dict) -> dict:
    """Per owner (task_owner), the longest task that began before the result was on screen."""
    out = {}
    for start, d in run.get("tasks") or []:
        if start < run["tResult"]:
            owner = task_owner(run, start, d)
            out[owner] = max(out.get(owner, 0), round(d))
    return out


def summarize(runs: list[dict]) -> dict:
    return {
        "ms": statistics.median(r["tResult"] for r in runs),
        "all_ms": [round(r["tResult"]) for r in runs],
        "longest_task_ms": max(longest_while_loading(r) for r in runs),
        "all_longest_task_ms": [round(longest_while_loading(r)) for r in runs],
        "longest_by_owner": [longest_by_owner(r) for r in runs] if runs[0].get("frames") is not None else None,
        "bytes": statistics.median(r["bytes"] for r in runs),
        "later_eval_ms": statistics.median(statistics.median(r["later"]) for r in runs),
        "start": runs[0]["info"].get("start"),
        "worker_marks": median_marks([r["info"].get("marks") or {} for r in runs]),
        "page_marks": median_marks([r.get("timings") or {} for r in runs]),
    }


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--runtime", default=str(ROOT / "build" / "runtime"))
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--chromium", default="/usr/bin/chromium")
    ap.add_argument("--json", help="also write the figures to this file")
    ap.add_argument("--previous", help="a directory with an earlier runtime/ build and its "
                    "calculator/runtime/: measured too, as `previous`, in the same session")
    ap.add_argument("--site", help="a built site (scripts/build-site): also measure `site`, opening "
                    "a permalink of a filled-in enterprise until its result is on screen")
    ap.add_argument("--previous-site", help="an earlier built site: also measure `site-previous` (the same "
                    "permalink on that build), in the same session")
    ap.add_argument("--modes", help="comma-separated subset of stock,stock-main,fast,previous,site,site-previous")
    ap.add_argument("--settle", type=float, default=1.0,
                    help="seconds a new tab stays open before the cold visit (see the module docstring)")
    ap.add_argument("--no-profile", action="store_true",
                    help="leave out the return visit in a persistent profile (see the module docstring)")
    ap.add_argument("--linger", type=float, default=1.0,
                    help="seconds the cold page (and the site's home page before the warm visit) stays "
                         "open: the browser is idle when a visitor returns")
    a = ap.parse_args(argv)
    runtime = Path(a.runtime)
    if not (runtime / "manifest.json").exists():
        print(f"no runtime at {runtime}: run `python -m build_scripts.runtime` first", file=sys.stderr)
        return 2
    from playwright.sync_api import sync_playwright

    external: list[str] = []
    previous = Path(a.previous) if a.previous else None
    built_site = Path(a.site) if a.site else None
    previous_site = Path(a.previous_site) if a.previous_site else None
    modes = (tuple(a.modes.split(",")) if a.modes else
             MODES + (("previous",) if previous else ()) + (("site",) if built_site else ())
             + (("site-previous",) if previous_site else ()))
    site = make_site(Path(tempfile.mkdtemp()), runtime, previous, built_site, previous_site)
    with Server(site, csp=site_csp()) as server, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=a.chromium, args=CHROMIUM_ARGS)
        link = canonical_permalink(browser, site_permalink(server.url)) if {"site", "site-previous"} & set(modes) else None
        kinds = ("cold", "warm") if a.no_profile else ("cold", "warm", "profile")
        results = {m: {k: [] for k in kinds} for m in modes}
        profiles = Path(tempfile.mkdtemp(prefix="load-pyodide-profiles-"))

        def profile():
            return p.chromium.launch_persistent_context(
                tempfile.mkdtemp(dir=profiles), executable_path=a.chromium, args=CHROMIUM_ARGS)

        for _ in range(a.rounds):  # interleave the modes so all see the same machine load
            for mode in modes:
                r = measure(browser, server.url, mode, external, a.linger, link, a.settle,
                            None if a.no_profile else profile)
                for k in kinds:
                    results[mode][k] += r[k]
        browser.close()
        shutil.rmtree(profiles, ignore_errors=True)
    shutil.rmtree(site.parent, ignore_errors=True)
    if external:
        print(f"FAIL: requests left 127.0.0.1: {sorted(set(external))}", file=sys.stderr)
        return 1
    fig = {m: {k: summarize(v) for k, v in results[m].items()} for m in results}
    pairs = [(m, base, k) for m in modes if m not in ("stock", "stock-main")
             for base in ("stock", "stock-main") if base in modes for k in kinds]
    fig["ratio"] = {f"{m} {k} / {base} {k}": fig[m][k]["ms"] / fig[base][k]["ms"] for m, base, k in pairs}
    # The same ratios round by round (each round measures every mode under the same load).
    fig["ratio_paired"] = {
        f"{m} {k} / {base} {k}": statistics.median(
            results[m][k][i]["tResult"] / results[base][k][i]["tResult"] for i in range(a.rounds))
        for m, base, k in pairs}
    print(f"{'':13}{'':8}{'median ms':>10}{'runs':>24}{'longest task':>14}{'bytes':>12}{'later eval':>12}  start")
    for m in modes:
        for k in kinds:
            s = fig[m][k]
            print(f"{m:13}{k:8}{s['ms']:10.0f}{str(s['all_ms']):>24}{s['longest_task_ms']:12.0f}ms"
                  f"{s['bytes']:12,.0f}{s['later_eval_ms']:10.2f}ms  {s['start']}")
    for m in modes:
        if m == "stock-main":
            continue
        for k in kinds:
            print(f"  {m} {k}: page {fig[m][k]['page_marks']} worker {fig[m][k]['worker_marks']}")
    for m in modes:
        for k in kinds:
            if fig[m][k]["longest_by_owner"] is not None:
                print(f"  {m} {k}: longest task per round by whose scripts ran in it: {fig[m][k]['longest_by_owner']}")
    for k, r in fig["ratio"].items():
        ok = "ok" if r <= 0.35 else "ABOVE GOAL"
        print(f"ratio {k}: {r:.2f} of the medians, {fig['ratio_paired'][k]:.2f} median of the rounds' "
              f"(goal ≤ 0.35: {ok})")
    # A change against the build before it (--previous, --previous-site), round by round.
    fig["change_paired"] = {
        f"{new} {k} / {old} {k}": statistics.median(
            results[new][k][i]["tResult"] / results[old][k][i]["tResult"] for i in range(a.rounds))
        for new, old in (("fast", "previous"), ("site", "site-previous")) if new in modes and old in modes
        for k in kinds}
    for k, r in fig["change_paired"].items():
        print(f"change {k}: {r:.3f} median of the rounds' ratios")
    if a.json:
        Path(a.json).write_text(json.dumps(fig, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
