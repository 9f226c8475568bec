"""The calculator runtime starts without waiting on the server for a returning reader:
the head of a page that autostarts it loads policy-runtime.js from runtime/start-<hash>/
(worker.js beside it, both cached as immutable), names the runtime's place, and carries
runtime/manifest.json, which policy-runtime.js hands to the worker (hooks.py, the
template overrides/main.html, deploy.CACHE_RULES)."""
from __future__ import annotations

import base64
import hashlib
import json
import re
import urllib.parse
from pathlib import Path

import pytest

from build_scripts.website import deploy
from build_scripts.website.hooks import START_FILES

from tests.browser.calcpage import wait_until

from tests.page_watch import PageWatch
from .test_server import fetch

ROOT = Path(__file__).resolve().parents[2]
SOURCE = ROOT / "calculator" / "runtime"
AUTOSTART_PAGES = ("calculator.html", "lists.html")
START_SRC = re.compile(r"runtime/start-([0-9a-f]{16})/policy-runtime\.js")


def _head_start(soup, rel: str) -> tuple[str, str]:
    """(the hashed policy-runtime.js's path relative to the site root, its hash)."""
    scripts = [s for s in soup(rel).head.find_all("script", type="module")
               if s.get("src", "").endswith("policy-runtime.js")]
    assert len(scripts) == 1, scripts
    script = scripts[0]
    assert script.has_attr("async") and script.get("fetchpriority") == "high", script
    path = urllib.parse.urljoin(rel, script["src"])
    found = START_SRC.fullmatch(path)
    assert found, path
    return path, found.group(1)


def _meta(soup, rel: str, name: str):
    return soup(rel).head.find("meta", attrs={"name": name})


@pytest.mark.parametrize("rel", AUTOSTART_PAGES)
def test_autostart_page_loads_the_hashed_start_files(built_site, soup, rel):
    path, digest = _head_start(soup, rel)
    start = built_site / path
    assert start.name == START_FILES[0]
    for name in START_FILES:  # the start files and the modules they import, side by side
        assert start.with_name(name).read_bytes() == (SOURCE / name).read_bytes()
    expected = hashlib.sha256(b"".join((SOURCE / name).read_bytes() for name in START_FILES)).hexdigest()[:16]
    assert digest == expected
    assert sorted(p.name for p in start.parent.iterdir() if not p.name.endswith(".gz")) == sorted(START_FILES)
    # early-start.js is a classic script that blocks the parser (it must run before
    # Material's bundle), after the metas it reads, before the stylesheets (a blocking
    # script waits for the stylesheets above it)
    head = soup(rel).head
    tags = head.find_all(["meta", "script"])
    last_meta = max(tags.index(m) for m in head.find_all("meta", attrs={"name": re.compile("^policy-runtime")}))
    tag = head.find("script", src=re.compile(r"early-start\.js$"))
    assert tag is not None and not tag.get("type") and not tag.has_attr("async") and not tag.has_attr("defer")
    assert urllib.parse.urljoin(rel, tag["src"]) == f"runtime/start-{digest}/early-start.js"
    assert tags.index(tag) > last_meta
    assert str(head).index("early-start.js") < str(head).index('rel="stylesheet"')
    assert [p.name for p in (built_site / "runtime").glob("start-*")] == [f"start-{digest}"]
    # the unhashed copy stays, for calculator.js, lists.js and the benchmarks
    for name in START_FILES:
        assert (built_site / "assets/calculator/runtime" / name).read_bytes() == (SOURCE / name).read_bytes()


@pytest.mark.parametrize("rel", AUTOSTART_PAGES)
def test_autostart_page_names_the_runtime_and_carries_its_manifest(built_site, soup, rel):
    assert _meta(soup, rel, "policy-runtime-autostart") is not None
    base = _meta(soup, rel, "policy-runtime-base")["content"]
    assert urllib.parse.urljoin(rel, base) == "runtime/"
    content = _meta(soup, rel, "policy-runtime-manifest")["content"]
    manifest = json.loads(content)
    assert manifest == json.loads((built_site / "runtime/manifest.json").read_text(encoding="utf-8"))
    assert manifest["format"] == 1 and manifest["files"]
    assert ": " not in content and "\n" not in content  # compact
    raw = (built_site / rel).read_text(encoding="utf-8")
    assert '{"format"' not in raw  # the quotes are escaped in the attribute


@pytest.mark.parametrize("rel", ["index.html", "plan-text.html", "industries/3.1.11.html"])
def test_other_pages_start_nothing(soup, rel):
    head = soup(rel).head
    assert not head.find_all("meta", attrs={"name": re.compile("^policy-runtime")})
    assert not [s for s in head.find_all("script") if "policy-runtime" in s.get("src", "")]


def test_cache_rules_of_the_start_files():
    assert deploy.cache_control("runtime/start-0123456789abcdef/worker.js") == deploy.IMMUTABLE
    assert deploy.cache_control("runtime/start-0123456789abcdef/policy-runtime.js") == deploy.IMMUTABLE
    assert deploy.cache_control("/runtime/start-0123456789abcdef/worker.js") == deploy.IMMUTABLE
    assert deploy.cache_control("runtime/manifest.json") == deploy.REVALIDATE
    assert deploy.cache_control("calculator.html") == deploy.REVALIDATE
    assert deploy.cache_control("industries/3.1.11.html") == deploy.REVALIDATE
    assert deploy.cache_control("assets/calculator/runtime/policy-runtime.js") == deploy.REVALIDATE


def test_start_files_served_immutable(site_url, soup):
    path, _ = _head_start(soup, "calculator.html")
    for rel in (path, path.replace("policy-runtime.js", "worker.js")):
        status, headers, _ = fetch(site_url + rel)
        assert status == 200, rel
        assert headers["Content-Type"].startswith("text/javascript"), rel
        assert headers["Cache-Control"] == deploy.IMMUTABLE, rel
    status, headers, _ = fetch(site_url + "calculator.html")
    assert (status, headers["Cache-Control"]) == (200, deploy.REVALIDATE)


def test_benchmark_server_follows_the_deployment():
    from benchmarks import load_server
    cc = load_server.cache_control
    # a built site under site/ or previous-site/: deploy.CACHE_RULES
    for prefix in ("site/", "previous-site/"):
        assert cc(prefix + "runtime/start-0123456789abcdef/worker.js") == deploy.IMMUTABLE
        assert cc(prefix + "runtime/manifest.json") == deploy.REVALIDATE
        assert cc(prefix + "calculator.html") == deploy.REVALIDATE
        assert cc(prefix + "assets/javascripts/bundle.a5f9d56c.min.js") == deploy.IMMUTABLE
        assert cc(prefix + "assets/calculator/runtime/policy-runtime.js") == deploy.REVALIDATE
    # the benchmark's own trees: versioned Pyodide files only
    assert cc("runtime/pyodide/314.0.7/pyodide.asm.wasm") == deploy.IMMUTABLE
    assert cc("previous-runtime/pyodide/314.0.7/pyodide.asm.wasm") == deploy.IMMUTABLE
    assert cc("runtime/manifest.json") == deploy.REVALIDATE
    assert cc("previous-runtime/manifest.json") == deploy.REVALIDATE
    assert cc("bench/index.html") == deploy.REVALIDATE
    assert cc("assets/calculator/runtime/worker.js") == deploy.REVALIDATE
    assert cc("assets/javascripts/bundle.a5f9d56c.min.js") == deploy.REVALIDATE


# Records the init of every Web Worker the page starts (before any page script): posted as
# a message, or carried in the worker URL's fragment (early-start.js).
RECORD_INITS = """
(() => {
  const post = Worker.prototype.postMessage;
  window.__inits = [];
  const Real = window.Worker;
  window.Worker = function Worker(url, options) {
    try {
      const msg = JSON.parse(decodeURIComponent(new URL(String(url), location.href).hash.slice(1)));
      if (msg && msg.type === "init") window.__inits.push(msg);
    } catch (e) {}
    return new Real(url, options);
  };
  window.Worker.prototype = Real.prototype;
  Worker.prototype.postMessage = function (msg, ...rest) {
    if (msg && msg.type === "init") window.__inits.push(JSON.parse(JSON.stringify(msg)));
    if (msg && msg.type === "call") (window.__calls = window.__calls || []).push(msg.name);
    return post.call(this, msg, ...rest);
  };
})();
"""

WAIT_READY = """() => new Promise(async (resolve) => {
  const timer = setTimeout(() => resolve("not ready after 60 s"), 60000);
  for (let i = 0; i < 100 && !window.policyRuntime; i++) await new Promise((r) => setTimeout(r, 100));
  const rt = window.policyRuntime;
  if (!rt) { clearTimeout(timer); resolve("never started"); return; }
  Promise.resolve(rt.ready || rt.start()).then(() => { clearTimeout(timer); resolve("ready"); },
    (e) => { clearTimeout(timer); resolve("failed: " + e); });
})"""


def _runtime_workers(workers: list[str]) -> list[str]:
    """The runtime's workers, without the init early-start.js puts in the URL fragment."""
    return [u.split("#")[0] for u in workers if u.split("#")[0].endswith("/worker.js")]  # not search


def test_calculator_loads_its_own_runtime_copy_where_the_heads_did_not_run(page, site_url, soup):
    """Where the head's hashed policy-runtime.js does not run, calculator.js imports its
    folder's copy, which adopts the worker early-start.js started: still one worker, ready."""
    path, _ = _head_start(soup, "calculator.html")
    page.route(site_url + path, lambda route: route.abort())
    workers: list[str] = []
    page.on("worker", lambda w: workers.append(w.url))
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    page.goto(site_url + "calculator.html")
    assert page.evaluate(WAIT_READY) == "ready"
    assert site_url + "assets/calculator/runtime/policy-runtime.js" in requests
    assert _runtime_workers(workers) == [site_url + path.replace("policy-runtime.js", "worker.js")]
    wait_until(page, "document.getElementById('policy-calculator').dataset.seq === '1'")


def test_calculator_page_starts_one_worker_from_the_hashed_copy(page, site_url, built_site, soup):
    path, _ = _head_start(soup, "calculator.html")
    watch = PageWatch(page, site_url)
    workers: list[str] = []
    page.on("worker", lambda w: workers.append(w.url))
    page.add_init_script(RECORD_INITS)
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    page.goto(site_url + "calculator.html")
    assert page.evaluate(WAIT_READY) == "ready"
    page.wait_for_load_state("networkidle")
    # one module instance: calculator.js takes the head's hashed copy (no request for its
    # folder's copy, which is another URL)…
    assert site_url + path in requests
    assert site_url + "assets/calculator/runtime/policy-runtime.js" not in requests
    # …and one worker, the hashed copy's
    assert _runtime_workers(workers) == [site_url + path.replace("policy-runtime.js", "worker.js")]
    inits = page.evaluate("window.__inits")
    assert len(inits) == 1
    assert inits[0]["base"] == site_url + "runtime/"
    # the page compiles the wasm and hands the module over (early-start.js): one download
    assert inits[0]["wasm"] == "page"
    assert sum(u.endswith("/pyodide.asm.wasm") for u in requests) == 1, requests
    assert inits[0]["manifest"] == json.loads((built_site / "runtime/manifest.json").read_text(encoding="utf-8"))
    # the calculator took its form spec from the page, not from the runtime
    wait_until(page, "!!document.querySelector('#policy-calculator[data-seq]')")
    assert "form_spec" not in (page.evaluate("window.__calls") or []), page.evaluate("window.__calls")
    page.wait_for_load_state("networkidle")
    assert not watch.problems, "\n".join(watch.problems)


def test_unreadable_manifest_meta_is_left_out(page, built_site, soup, serve_site, tmp_path):
    path, _ = _head_start(soup, "calculator.html")
    root = tmp_path / "root"
    root.mkdir()
    (root / "runtime").symlink_to(built_site / "runtime")
    (root / "index.html").write_text(f"""<!doctype html>
<html lang="zh"><head><meta charset="utf-8"><title>t</title><link rel="icon" href="data:,">
<meta name="policy-runtime-autostart" content="">
<meta name="policy-runtime-base" content="runtime/">
<meta name="policy-runtime-manifest" content="{{&quot;format&quot;: 1, broken">
<script type="module" async src="{path}"></script>
</head><body><p data-policy-runtime-status></p></body></html>
""", encoding="utf-8")
    url = serve_site(root)
    watch = PageWatch(page, url)
    page.add_init_script(RECORD_INITS)
    page.goto(url + "index.html")
    assert page.evaluate(WAIT_READY) == "ready"  # the worker fetched manifest.json itself
    inits = page.evaluate("window.__inits")
    assert len(inits) == 1 and "manifest" not in inits[0]
    assert inits[0]["base"] == url + "runtime/"
    page.wait_for_load_state("networkidle")
    assert not watch.problems, "\n".join(watch.problems)


def test_instant_navigation_to_the_calculator_starts_one_worker(page, site_url, built_site, soup):
    """From a page without the runtime, Material swaps in the calculator page's head (its
    metas and the hashed script) and body (calculator.js imports the unhashed copy): one
    worker still, told the right place of the runtime."""
    path, _ = _head_start(soup, "calculator.html")
    watch = PageWatch(page, site_url)
    workers: list[str] = []
    page.on("worker", lambda w: workers.append(w.url))
    page.add_init_script(RECORD_INITS)
    page.goto(site_url + "industries/3.1.11.html", wait_until="networkidle")
    page.evaluate("window.__samePage = true")
    page.locator("a[href$='calculator.html']").first.click()
    page.wait_for_url("**/calculator.html")
    assert page.evaluate(WAIT_READY) == "ready"
    assert page.evaluate("window.__samePage === true"), "the click loaded a new document"
    page.wait_for_load_state("networkidle")
    # (Material does not run the head scripts it swaps in: calculator.js's import of the
    # unhashed copy makes the worker here; the swapped-in metas still count)
    assert _runtime_workers(workers) in ([site_url + path.replace("policy-runtime.js", "worker.js")],
                                         [site_url + "assets/calculator/runtime/worker.js"]), workers
    inits = page.evaluate("window.__inits")
    assert len(inits) == 1 and inits[0]["base"] == site_url + "runtime/"
    assert inits[0]["manifest"] == json.loads((built_site / "runtime/manifest.json").read_text(encoding="utf-8"))
    assert not watch.problems, "\n".join(watch.problems)


@pytest.mark.parametrize("rel", AUTOSTART_PAGES)
def test_autostart_page_runs_materials_bundle_as_material_ships_it(soup, rel):
    """The bundle tag is as Material's base.html writes it, as on every other page."""
    for page in (rel, "index.html"):
        bundles = soup(page).body.find_all("script", src=re.compile(r"assets/javascripts/bundle\.[0-9a-f]+\.min\.js$"))
        assert len(bundles) == 1 and not bundles[0].get("type"), bundles
        assert not soup(page).find_all("script", type=lambda t: t and t not in ("module", "application/json"))


# Records every Web Worker the page makes, with the runtime's stage at that moment and the
# classic script that made it. Runs before the page's scripts.
RECORD_WORKERS = """
(() => {
  const Real = window.Worker;
  window.__made = [];
  window.Worker = function Worker(url, options) {
    const rt = window.policyRuntime;
    const by = document.currentScript ? document.currentScript.src : "";  // a classic script's
    window.__made.push({url: String(url), stage: rt ? rt.status.stage : "none", by});
    return new Real(url, options);
  };
  window.Worker.prototype = Real.prototype;
})();
"""


def _search_workers(page) -> list[dict]:
    return [w for w in page.evaluate("window.__made") if "/workers/search." in w["url"]]


def _search(page, term: str = "吸料天车") -> list[str]:
    box = page.locator("input.md-search__input")
    box.click()
    box.fill(term)
    box.press("End")  # Material's search listens to key releases
    page.locator(".md-search-result__item", has_text=term).first.wait_for(timeout=15000)
    return page.locator(".md-search-result__link").evaluate_all("els => els.map(e => e.href)")


def test_head_starts_the_runtime_before_materials_bundle(page, site_url):
    """On the calculator page, the runtime's worker is made first, from the head
    (early-start.js), and adopted by the runtime: one worker; then Material's search worker."""
    watch = PageWatch(page, site_url)
    page.add_init_script(RECORD_WORKERS)
    page.goto(site_url + "calculator.html")
    assert page.evaluate(WAIT_READY) == "ready"
    wait_until(page, "window.__made.some((w) => w.url.includes('/workers/search.'))")
    made = page.evaluate("window.__made")
    assert _runtime_workers([made[0]["url"]]) and made[0]["by"].endswith("/early-start.js"), made
    assert len(_runtime_workers([w["url"] for w in made])) == 1, made
    assert page.evaluate("window.policyRuntimeEarly") is None
    assert any("industries/3.1.11.html" in href for href in _search(page))
    assert not watch.problems, "\n".join(watch.problems)


def test_material_works_while_the_runtime_starts(page, site_url):
    """Material's header, search and instant navigation work from the first paint of a
    permalink, not after the runtime: here it never gets its .wasm (the request is held)."""
    page.add_init_script(RECORD_WORKERS)
    page.route("**/*.wasm", lambda route: None)  # held: the runtime stays in its first stage
    page.goto(site_url + "calculator.html", wait_until="domcontentloaded")
    wait_until(page, "!!window.document$ && !!window.policyRuntime && window.policyRuntime.status.stage === 'start'")
    assert any("industries/3.1.11.html" in href for href in _search(page))
    assert len(_search_workers(page)) == 1
    page.keyboard.press("Escape")
    page.evaluate("window.__samePage = true")
    page.locator("a[href$='lists.html']").first.click()
    page.wait_for_url("**/lists.html")
    wait_until(page, "document.querySelector('#policy-lists')?.dataset.listsMounted === 'true'")
    assert page.evaluate("window.__samePage === true"), "the click loaded a new document"
    assert page.evaluate("window.policyRuntime.status.stage") == "start"


def test_instant_navigation_after_a_permalink_mounts_each_page(page, site_url):
    """After a permalink's result: to the lists page and back without a new document, the
    page scripts mounting on each page (pages.js follows Material's document$)."""
    watch = PageWatch(page, site_url)
    import policy.api
    from tests.browser.test_calculator import USER_CASES
    plan = json.loads(policy.api.form_spec())["plan"]
    data, _ = USER_CASES["green-factory-exempt"]()
    payload = {"v": 1, "plan": plan["id"], "plan_version": plan["version"], "input": data}
    body = base64.urlsafe_b64encode(json.dumps(payload, ensure_ascii=False).encode()).decode().rstrip("=")
    page.goto(site_url + f"calculator.html#calc=j.{body}")
    wait_until(page, "window.policyCalculator && window.policyCalculator.resultShownAt !== undefined", timeout=60)
    page.evaluate("window.__samePage = true")
    page.locator("a[href$='lists.html']").first.click()
    page.wait_for_url("**/lists.html")
    wait_until(page, "document.querySelector('#policy-lists') && document.querySelector('#policy-lists').dataset.listsMounted === 'true'")
    page.locator("a[href$='calculator.html']").first.click()
    page.wait_for_url("**/calculator.html")
    wait_until(page, "document.querySelector('#policy-calculator') && document.querySelector('#policy-calculator').dataset.calcMounted === 'true'")
    assert page.evaluate("window.__samePage === true"), "a click loaded a new document"
    assert not watch.problems, "\n".join(watch.problems)


def test_other_pages_make_the_search_worker_at_once(page, site_url):
    page.add_init_script(RECORD_WORKERS)
    page.goto(site_url + "index.html")
    wait_until(page, "window.__made.some((w) => w.url.includes('/workers/search.'))")
    assert [w["stage"] for w in _search_workers(page)] == ["none"]  # no runtime on this page


def test_calculator_page_carries_the_form_spec(soup):
    """The calculator builds a permalink's first assessment from the spec in the page,
    without waiting for the runtime to give it: the same text policy.api.form_spec() gives
    (and Pyodide gives too: tests/node)."""
    import policy.api
    from build_scripts.website.hooks import FORM_SPEC_ID
    holder = soup("calculator.html").find(id=FORM_SPEC_ID)
    assert holder is not None and holder.has_attr("hidden")
    assert holder["data-spec"] == policy.api.form_spec()
    assert soup("index.html").find(id=FORM_SPEC_ID) is None


def test_the_snapshot_buffer_is_let_go_once_restored(playwright, site_url):
    """The 31 MB buffer the snapshot streams into is needed only until Pyodide has copied it
    into its memory. Pyodide keeps its config for good, so the worker hands the buffer over
    through a thenable and drops its own reference once restored: a reader's tab does not
    carry it for as long as it stays open. Checked with full garbage collections in the worker."""
    from build_scripts.chromium import CHROMIUM, CHROMIUM_ARGS
    browser = playwright.chromium.launch(executable_path=CHROMIUM, args=[*CHROMIUM_ARGS, "--js-flags=--expose-gc"])
    try:
        page = browser.new_page()
        page.goto(site_url + "calculator.html")
        assert page.evaluate(WAIT_READY) == "ready"
        assert page.evaluate("window.policyRuntime.info.start") == "snapshot"
        worker = next(w for w in page.workers if w.url.split("#")[0].endswith("/worker.js"))
        state = worker.evaluate("""async () => {
          for (const _ of [1, 2]) await new Promise((resolve) => setTimeout(() => resolve(self.gc()), 0));
          return {gc: typeof self.gc === "function", snapshot_made: !!self.policySnapshotBuffer,
                  snapshot_held: !!self.policySnapshotBuffer?.deref()};
        }""")
        assert state["gc"] and state["snapshot_made"], state
        assert state["snapshot_held"] is False, state
    finally:
        browser.close()
