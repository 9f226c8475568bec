"""The nginx configuration of the deployment page, run for real on 127.0.0.1
(nginx-light from Debian, installed by scripts/test)."""
from __future__ import annotations

import getpass
import os
import shutil
import socket
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest

from build_scripts.website import deploy
from build_scripts.website.hooks import START_FILES

from tests.page_watch import PageWatch
from .test_server import fetch


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _nginx_binary() -> str:
    found = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None)
    if not found:
        pytest.fail("nginx missing: run scripts/test (it installs Debian's nginx-light)")
    return found


@pytest.fixture(scope="session")
def nginx_root(built_site, tmp_path_factory):
    """The built site plus probe files for the type and cache rules."""
    root = tmp_path_factory.mktemp("nginx") / "site"
    shutil.copytree(built_site, root)
    probe = root / "runtime" / "probe" / "1.0"
    probe.mkdir(parents=True, exist_ok=True)
    (probe / "a.wasm").write_bytes(b"\0asm\1\0\0\0")
    (probe / "a.mjs").write_text("export default 1;\n")
    return root


@pytest.fixture(scope="session")
def nginx_url(nginx_root, tmp_path_factory):
    work = tmp_path_factory.mktemp("nginx-work")
    port = _free_port()
    conf = work / "nginx.conf"
    conf.write_text(deploy.nginx_config(
        root=str(nginx_root), listen=f"127.0.0.1:{port}", standalone=True,
        pid=str(work / "nginx.pid"), mime_types="/etc/nginx/mime.types",
        # workers read the test's temp dirs: same user as the tests (nginx drops root to nobody)
        user=getpass.getuser() if os.geteuid() == 0 else None))
    binary = _nginx_binary()
    check = subprocess.run([binary, "-t", "-c", str(conf), "-p", str(work)],
                           capture_output=True, text=True)
    assert check.returncode == 0, check.stderr
    proc = subprocess.Popen([binary, "-c", str(conf), "-p", str(work)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    url = f"http://127.0.0.1:{port}/"
    deadline = time.monotonic() + 10
    while True:
        try:
            urllib.request.urlopen(url, timeout=1).read()
            break
        except OSError:
            if proc.poll() is not None or time.monotonic() > deadline:
                proc.terminate()
                proc.wait(timeout=10)
                pytest.fail(f"nginx did not start: {proc.stderr.read().decode()[-2000:]}")
            time.sleep(0.1)
    yield url
    proc.terminate()
    proc.wait(timeout=10)


def test_nginx_serves_types_cache_and_csp(nginx_url, nginx_root):
    status, headers, body = fetch(nginx_url + "runtime/probe/1.0/a.wasm")
    assert (status, headers["Content-Type"]) == (200, "application/wasm")
    assert headers["Cache-Control"] == deploy.IMMUTABLE
    assert headers["Content-Security-Policy"] == deploy.CSP
    status, headers, _ = fetch(nginx_url + "runtime/probe/1.0/a.mjs")
    assert headers["Content-Type"].startswith("text/javascript")
    status, headers, body = fetch(nginx_url, {"Accept-Encoding": "gzip"})
    assert status == 200
    assert headers["Content-Encoding"] == "gzip"
    assert headers["Cache-Control"] == "no-cache"
    assert headers["Content-Security-Policy"] == deploy.CSP
    assert body == (nginx_root / "index.html.gz").read_bytes()  # the precompressed file
    for wasm in nginx_root.glob("runtime/**/*.wasm"):
        rel = wasm.relative_to(nginx_root).as_posix()
        status, headers, _ = fetch(nginx_url + rel)
        assert headers["Content-Type"] == "application/wasm", rel
    status, headers, _ = fetch(nginx_url + "runtime/manifest.json")
    assert (status, headers["Cache-Control"]) == (200, deploy.REVALIDATE)
    start = sorted(nginx_root.glob("runtime/start-*/*.js"))  # the calculator's start files
    assert [p.name for p in start] == sorted(START_FILES)
    for path in start:
        status, headers, _ = fetch(nginx_url + path.relative_to(nginx_root).as_posix())
        assert (status, headers["Cache-Control"]) == (200, deploy.IMMUTABLE), path
        assert headers["Content-Type"].startswith(("text/javascript", "application/javascript")), path
    status, headers, _ = fetch(nginx_url + "calculator.html")
    assert (status, headers["Cache-Control"]) == (200, deploy.REVALIDATE)
    status, _, body = fetch(nginx_url + "missing.html")
    assert status == 404 and "404" in body.decode()


def test_site_in_browser_under_nginx(page, nginx_url):
    """The CSP as nginx sends it: pages load with no violation or failed request."""
    watch = PageWatch(page, nginx_url)
    for rel in ("index.html", "industries/3.1.11.html", "plan-text.html", "calculator.html",
                "deployment.html"):
        page.goto(nginx_url + rel, wait_until="networkidle")
        assert page.locator("h1").first.is_visible()
    assert not watch.problems, "\n".join(watch.problems)
