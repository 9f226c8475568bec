"""The local server honours the deployment's rules (deploy.py): MIME types, .gz,
cache headers, CSP, 404 page."""
from __future__ import annotations

import gzip
import urllib.error
import urllib.parse
import urllib.request

from build_scripts.website import deploy


def fetch(url, headers=None):
    req = urllib.request.Request(url, headers=headers or {})
    try:
        with urllib.request.urlopen(req, timeout=10) as resp:
            return resp.status, resp.headers, resp.read()
    except urllib.error.HTTPError as err:
        return err.code, err.headers, err.read()


def test_html_headers_and_gzip(site_url, built_site):
    status, headers, body = fetch(site_url + "index.html", {"Accept-Encoding": "gzip"})
    assert status == 200
    assert headers["Content-Type"].startswith("text/html")
    assert headers["Content-Encoding"] == "gzip"
    assert gzip.decompress(body) == (built_site / "index.html").read_bytes()
    assert headers["Content-Security-Policy"] == deploy.CSP
    assert "'wasm-unsafe-eval'" in headers["Content-Security-Policy"]
    assert headers["Cache-Control"] == "no-cache"
    status, headers, body = fetch(site_url + "index.html")
    assert "Content-Encoding" not in headers
    assert body == (built_site / "index.html").read_bytes()


def test_types_and_cache_rules(site_url, built_site, tmp_path, serve_site):
    root = tmp_path / "root"
    (root / "runtime" / "x" / "1.0").mkdir(parents=True)
    (root / "runtime" / "x" / "1.0" / "a.wasm").write_bytes(b"\0asm\1\0\0\0")
    (root / "runtime" / "x" / "1.0" / "a.mjs").write_text("export default 1;\n")
    (root / "index.html").write_text("<!doctype html><title>t</title>")
    url = serve_site(root)
    status, headers, _ = fetch(url + "runtime/x/1.0/a.wasm")
    assert (status, headers["Content-Type"]) == (200, "application/wasm")
    assert headers["Cache-Control"] == deploy.IMMUTABLE
    status, headers, _ = fetch(url + "runtime/x/1.0/a.mjs")
    assert headers["Content-Type"].startswith("text/javascript")
    wrong = serve_site(root, type_overrides={".wasm": "text/plain"})
    assert fetch(wrong + "runtime/x/1.0/a.wasm")[1]["Content-Type"] == "text/plain"


def test_runtime_copied_into_the_site_and_cached_by_version(site_url, built_site):
    manifest = built_site / "runtime" / "manifest.json"
    assert manifest.is_file(), "build/runtime/ was not copied into site/runtime/"
    status, headers, _ = fetch(site_url + "runtime/manifest.json")
    assert (status, headers["Cache-Control"]) == (200, deploy.REVALIDATE)
    wasm = sorted(built_site.glob("runtime/**/pyodide.asm.wasm"))
    assert wasm
    rel = wasm[0].relative_to(built_site).as_posix()
    status, headers, _ = fetch(site_url + rel, {"Accept-Encoding": "gzip"})
    assert (status, headers["Content-Type"], headers["Cache-Control"]) == (
        200, "application/wasm", deploy.IMMUTABLE)
    assert headers["Content-Encoding"] == "gzip"


def test_not_found_gives_the_404_page(site_url):
    status, headers, body = fetch(site_url + "no/such/page.html")
    assert status == 404
    assert "404" in body.decode("utf-8")


def test_no_gz_without_the_original_and_smaller(built_site):
    gz = [p for p in built_site.rglob("*.gz") if p.name != "sitemap.xml.gz"]  # mkdocs' own
    assert gz
    for path in gz:
        original = path.with_name(path.name[:-3])
        assert original.is_file()
        assert path.stat().st_size < original.stat().st_size


def test_a_dropped_connection_is_no_traceback(built_site, serve_site, capsys):
    """A browser that drops a connection (a reset) leaves no traceback on the console of
    `scripts/serve`; the server goes on serving."""
    import socket
    import struct
    import time
    url = serve_site(built_site)
    host, port = urllib.parse.urlsplit(url).hostname, urllib.parse.urlsplit(url).port
    for _ in range(3):
        s = socket.create_connection((host, port))
        s.sendall(b"GET /index.html HTTP/1.1\r\nHost: x\r\n")  # unfinished request…
        s.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        s.close()  # …then a reset
    time.sleep(0.5)
    assert fetch(url + "index.html")[0] == 200
    assert "Traceback" not in capsys.readouterr().err
