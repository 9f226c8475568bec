"""A small static server for loading benchmarks and runtime tests (not for production).

It serves a directory the way a well-configured static host would: correct MIME types
(application/wasm for .wasm), Cache-Control as below, and a precompressed `FILE.gz` with
`Content-Encoding: gzip` when the browser accepts it (like nginx's gzip_static).
`wasm_mime=` serves .wasm with another type, to test the error message for a
misconfigured server.

Cache-Control (`cache_control(rel)`, rel: the path relative to the served directory):
a built site under a top-level site/ or previous-site/ (how load_pyodide.py serves them)
gets the deployment's rules, build_scripts/website/deploy.py's CACHE_RULES (first matching
prefix of the path relative to the site root wins: runtime/ immutable except
runtime/manifest.json, Material's hashed assets immutable, the rest no-cache). The
benchmark's own trees (bench/, previous/, runtime/, previous-runtime/, assets/,
previous-assets/) get `immutable` for anything with /pyodide/ in its path except a
manifest.json, and no-cache for the rest.
"""

from __future__ import annotations

import email.utils
import http.server
import os
import posixpath
import sys
import threading
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from build_scripts.website import deploy  # noqa: E402

# Top-level directories holding a built site (served with the deployment's cache rules).
SITE_DIRS = ("site", "previous-site")

MIME = {
    ".html": "text/html; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".mjs": "text/javascript; charset=utf-8",
    ".json": "application/json",
    ".wasm": "application/wasm",
    ".zip": "application/zip",
    ".whl": "application/zip",
    ".gz": "application/gzip",
    ".bin": "application/octet-stream",
    ".css": "text/css; charset=utf-8",
}


def site_csp() -> str:
    """The site's Content-Security-Policy (build_scripts/website/deploy.py)."""
    return deploy.CSP


def cache_control(rel: str) -> str:
    """The Cache-Control of a path relative to the served directory (see the docstring)."""
    top, _, rest = rel.partition("/")
    if top in SITE_DIRS and rest:
        return deploy.cache_control(rest)
    if "/pyodide/" in "/" + rel and not rel.endswith("manifest.json"):
        return deploy.IMMUTABLE
    return deploy.REVALIDATE


def make_handler(root: Path, wasm_mime: str = "application/wasm", gzip_static: bool = True,
                 csp: str | None = None):
    root = root.resolve()

    class Handler(http.server.BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *a):  # quiet
            pass

        def _resolve(self) -> Path | None:
            path = urllib.parse.urlsplit(self.path).path
            path = posixpath.normpath("/" + urllib.parse.unquote(path))  # no way above root
            p = root / path.lstrip("/")  # symlinks inside root are followed on purpose
            if p.is_dir():
                p = p / "index.html"
            return p if p.is_file() else None

        def _send(self, head_only: bool) -> None:
            p = self._resolve()
            if p is None:
                body = b"not found"
                self.send_response(404)
                self.send_header("Content-Type", "text/plain")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                if not head_only:
                    self.wfile.write(body)
                return
            ctype = MIME.get(p.suffix, "application/octet-stream")
            if p.suffix == ".wasm":
                ctype = wasm_mime
            send = p
            encoding = None
            gz = p.with_name(p.name + ".gz")
            if gzip_static and gz.is_file() and "gzip" in self.headers.get("Accept-Encoding", ""):
                send, encoding = gz, "gzip"
            st = send.stat()
            rel = p.relative_to(root).as_posix()
            mtime = email.utils.formatdate(st.st_mtime, usegmt=True)
            if self.headers.get("If-Modified-Since") == mtime:
                self.send_response(304)
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            self.send_response(200)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(st.st_size))
            self.send_header("Last-Modified", mtime)
            self.send_header("Cache-Control", cache_control(rel))
            if csp:
                self.send_header("Content-Security-Policy", csp)
            if encoding:
                self.send_header("Content-Encoding", encoding)
                self.send_header("Vary", "Accept-Encoding")
            self.end_headers()
            if head_only:
                return
            with send.open("rb") as f:
                while chunk := f.read(1 << 20):
                    self.wfile.write(chunk)

        def do_GET(self):
            self._send(False)

        def do_HEAD(self):
            self._send(True)

    return Handler


class Server:
    """`with Server(root) as s: s.url` serves root on 127.0.0.1 in a thread."""

    def __init__(self, root: os.PathLike, **kw):
        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), make_handler(Path(root), **kw))
        self.httpd.daemon_threads = True
        self.httpd.handle_error = lambda request, address: None  # browsers drop connections
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def __enter__(self) -> "Server":
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
