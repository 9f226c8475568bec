"""What a reader sees when the runtime cannot start as built: a clear Chinese message
(policy-runtime.js MESSAGES) within seconds instead of an endless spinner; and, for a
memory snapshot that cannot be used, a plain start that gives the same answers.

Each test serves the built site again, changed: a wrong MIME type for .wasm, or a mirror
of it (symlinks) with one runtime file left out or replaced."""
from __future__ import annotations

import base64
import json
from pathlib import Path

import pytest

from tests.page_watch import PageWatch

from .calcpage import CalcPage, form_spec, package_evaluate, pid, wait_until
from .test_calculator import USER_CASES

STATUS = "[data-policy-runtime-status]"


def mirror(site: Path, dest: Path, replace: dict[str, bytes | None]) -> Path:
    """DEST: SITE made of symlinks, with the site-relative files in REPLACE replaced by the
    given bytes or left out (None); their precompressed .gz siblings are left out."""
    def walk(src: Path, out: Path, rel: str):
        out.mkdir(parents=True)
        for child in src.iterdir():
            child_rel = f"{rel}{child.name}"
            if any(r.startswith(child_rel + "/") for r in replace):
                walk(child, out / child.name, child_rel + "/")
            elif child_rel in replace or child_rel.removesuffix(".gz") in replace:
                if child_rel in replace and replace[child_rel] is not None:
                    (out / child.name).write_bytes(replace[child_rel])
            else:
                (out / child.name).symlink_to(child)
    walk(site, dest, "")
    return dest


def runtime_file(site: Path, key: str) -> str:
    manifest = json.loads((site / "runtime" / "manifest.json").read_text(encoding="utf-8"))
    return "runtime/" + manifest["files"][key]["path"]


def error_message(page, url: str, timeout: float = 30.0) -> str:
    """Open URL; the runtime's status once it says error (fails after TIMEOUT seconds)."""
    page.goto(url)
    wait_until(page, f"document.querySelector('{STATUS}')?.dataset.stage === 'error'", timeout,
               context=lambda: page.inner_text(STATUS))
    return page.inner_text(STATUS)


def status_saying(page, text: str, timeout: float = 10.0):
    """The runtime's status element, once it says TEXT (fails after TIMEOUT seconds)."""
    wait_until(page, f"(document.querySelector('{STATUS}')?.innerText || '').includes({json.dumps(text)})",
               timeout, context=lambda: page.inner_text(STATUS))
    return page.locator(STATUS)


def test_wrong_wasm_mime_type_is_explained(page, built_site, serve_site):
    url = serve_site(built_site, type_overrides={".wasm": "text/plain"})
    guard = PageWatch(page, url)
    text = error_message(page, url + "calculator.html")
    assert "application/wasm" in text and "text/plain" in text, text
    assert "MIME" in text and "管理员" in text, text
    assert not [p for p in guard.problems if "another origin" in p]


def test_missing_runtime_file_is_explained(page, built_site, serve_site, tmp_path):
    root = mirror(built_site, tmp_path / "root", {runtime_file(built_site, "pyodide.asm.wasm"): None})
    url = serve_site(root)
    guard = PageWatch(page, url)
    text = error_message(page, url + "calculator.html")
    assert "缺少运行环境文件" in text and "pyodide.asm.wasm" in text, text
    assert not [p for p in guard.problems if "another origin" in p]


def test_permalink_form_is_drawn_filled_in_before_any_answer(page, built_site, serve_site, tmp_path):
    """A permalink's form is on the page before the runtime has answered (here it never
    does: its .wasm is missing), filled in, showing the questions the link answers and, of
    the rest, only those asked of every facility; the package's answer decides the rest."""
    root = mirror(built_site, tmp_path / "root", {runtime_file(built_site, "pyodide.asm.wasm"): None})
    url = serve_site(root)
    data, _ = USER_CASES["several-facilities"]()
    payload = {"v": 1, "plan": "jinzhong-2019-2020", "plan_version": form_spec()["plan"]["version"], "input": data}
    body = base64.urlsafe_b64encode(json.dumps(payload, ensure_ascii=False).encode()).decode().rstrip("=")
    error_message(page, f"{url}calculator.html#calc=j.{body}")
    calc = CalcPage(page, url + "calculator.html")
    assert page.locator(f"#{pid('enterprise.name')}").input_value() == data["enterprise"]["name"]
    assert page.locator(".calc-result[data-index]").count() == 0
    always = {q["field"] for q in calc.questions.values() if q.get("always")}
    for i, item in enumerate(data["facilities"]):
        answered = set(item) | always
        for field in calc.questions:
            if field == calc.location["distance_field"]:
                continue
            shown = calc.visible(calc.question_selector(i, field))
            assert shown == (field in answered), (i, field)


def _unusable(snapshot: bytes, how: str) -> bytes | None:
    """The sparse snapshot, made unusable: left out, not in the sparse format, or in it but
    refused by Pyodide (its build id, in the header that the first segment holds, changed)."""
    data = bytearray(snapshot)
    if how == "missing":
        return None
    if how == "corrupt":
        data[:4] = b"XXXX"  # not the sparse snapshot's magic: same size, unusable
    elif how == "refused":
        segments = int.from_bytes(data[8:12], "little")
        build_id = 12 + 8 * segments + 16  # Pyodide's header: magic, sizes, then the build id
        data[build_id] ^= 0xFF
    return bytes(data)


@pytest.mark.parametrize("how", ["missing", "corrupt", "refused"])
def test_unusable_snapshot_falls_back_to_a_plain_start(page, built_site, serve_site, tmp_path, how):
    """Any failure of the snapshot start ends in loadPyodide() with its documented options
    (calculator/runtime/pyodide-start.js): the same answers, a warning in the console."""
    snapshot = runtime_file(built_site, "snapshot")
    root = mirror(built_site, tmp_path / "root", {snapshot: _unusable((built_site / snapshot).read_bytes(), how)})
    url = serve_site(root)
    guard = PageWatch(page, url)
    calc = CalcPage(page, url + "calculator.html").open()
    assert page.evaluate("window.policyRuntime.info.start") == "plain"
    data_in, _ = USER_CASES["coke-10km-permitted-40"]()
    calc.fill(data_in)
    assert calc.last()["output"] == package_evaluate(calc.last()["input"])
    assert calc.fact(0, "ratio") == "40%"
    # the fallback is said in the console, as a warning; nothing else went wrong (but the
    # missing file's 404)
    expected = ("starting normally",) + (("404",) if how == "missing" else ())
    assert [p for p in guard.problems if not any(e in p for e in expected)] == []
    assert any("starting normally" in p for p in guard.problems)


def test_page_opened_from_a_local_file_says_to_use_the_site_address(page, built_site):
    """Opened from disk (file://), no module script runs: the page says what to do
    instead of showing "正在准备计算器……" for ever."""
    page.goto((built_site / "calculator.html").as_uri())
    status = status_saying(page, "http://")
    assert "请通过网站地址" in status.inner_text()
    assert status.get_attribute("role") == "status" and status.get_attribute("data-stage") == "error"


def test_no_answer_in_time_is_explained(page, site_url):
    """A runtime that never gets ready (its .wasm is held here) ends in the timeout's
    message, not an endless wait (60 s on the site; 3 s here through policyRuntimeConfig)."""
    page.add_init_script("window.policyRuntimeConfig = {timeoutMs: 3000};")
    page.route("**/*.wasm", lambda route: None)  # held
    text = error_message(page, site_url + "calculator.html", timeout=20)
    assert "未能加载完成" in text and "刷新页面" in text, text


def test_browser_without_module_scripts_is_told_so(page, site_url):
    """A browser without module scripts (a domestic browser's "兼容模式", say) runs none of
    the calculator: early-start.js says what to do. Simulated here: the page's modules are
    not served and script elements lack `noModule`, as in such a browser."""
    page.add_init_script("delete HTMLScriptElement.prototype.noModule;")
    page.route("**/policy-runtime.js", lambda route: route.abort())
    page.route("**/calculator.js", lambda route: route.abort())
    page.goto(site_url + "calculator.html")
    status = status_saying(page, "极速模式")
    assert "兼容模式" in status.inner_text()
    assert status.get_attribute("role") == "status" and status.get_attribute("data-stage") == "error"
    assert page.evaluate("window.policyRuntimeEarly") is None  # no worker was started
