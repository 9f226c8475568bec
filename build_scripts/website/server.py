"""A static server for the built site that honours the deployment's rules
(deploy.py: MIME types, precompressed .gz files, cache headers, CSP), so that what
scripts/serve and the tests see is what nginx serves.

    python -m build_scripts.website.server --root site --port 8000
"""
from __future__ import annotations

import argparse
import mimetypes
import os
import posixpath
import sys
import threading
import urllib.parse
from http import HTTPStatus
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from . import deploy


class SiteHandler(SimpleHTTPRequestHandler):
    # Set per server class by make_server().
    site_root: Path = Path("site")
    type_overrides: dict = {}
    protocol_version = "HTTP/1.1"

    def log_message(self, format, *args):  # noqa: A002 - quiet unless asked
        if os.environ.get("SITE_SERVER_LOG"):
            super().log_message(format, *args)

    def guess_type(self, path):
        ext = posixpath.splitext(str(path))[1].lower()
        if ext in self.type_overrides:
            return self.type_overrides[ext]
        if ext in deploy.EXTRA_TYPES:
            return deploy.EXTRA_TYPES[ext]
        mime, _ = mimetypes.guess_type(str(path))
        if mime and (mime.startswith("text/") or mime in ("application/javascript", "application/json",
                                                           "image/svg+xml", "application/xml")):
            return mime + "; charset=utf-8" if "charset" not in mime else mime
        return mime or "application/octet-stream"

    def _resolve(self) -> tuple[Path | None, str]:
        url_path = urllib.parse.unquote(urllib.parse.urlsplit(self.path).path)
        rel = posixpath.normpath(url_path).lstrip("/")
        if rel in (".", ""):
            rel = ""
        if rel.startswith("..") or "\x00" in rel:
            return None, rel
        target = self.site_root / rel
        if target.is_dir():
            if not url_path.endswith("/"):
                return target, rel + "/"  # redirect marker
            target = target / "index.html"
            rel = posixpath.join(rel, "index.html")
        return (target if target.is_file() else None), rel

    def send_head(self):
        target, rel = self._resolve()
        if target is not None and target.is_dir():
            self.send_response(HTTPStatus.MOVED_PERMANENTLY)
            self.send_header("Location", "/" + rel)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return None
        status = HTTPStatus.OK
        if target is None:
            status = HTTPStatus.NOT_FOUND
            target = self.site_root / "404.html"
            rel = "404.html"
            if not target.is_file():
                self.send_error(HTTPStatus.NOT_FOUND)
                return None
        ctype = self.guess_type(target)
        body_path = target
        encoding = None
        gz = target.with_name(target.name + ".gz")
        if "gzip" in self.headers.get("Accept-Encoding", "") and gz.is_file():
            body_path, encoding = gz, "gzip"
        f = open(body_path, "rb")
        size = os.fstat(f.fileno()).st_size
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(size))
        if encoding:
            self.send_header("Content-Encoding", encoding)
        if gz.is_file():
            self.send_header("Vary", "Accept-Encoding")
        self.send_header("Cache-Control", deploy.cache_control(rel))
        for name, value in deploy.SECURITY_HEADERS.items():
            self.send_header(name, value)
        self.end_headers()
        return f


class SiteServer(ThreadingHTTPServer):
    def handle_error(self, request, client_address):
        """A browser that drops a connection (a cancelled download, a closed tab) is not an
        error worth a traceback; anything else is reported as usual."""
        if not isinstance(sys.exc_info()[1], (ConnectionResetError, BrokenPipeError)):
            super().handle_error(request, client_address)


def make_server(root, host="127.0.0.1", port=0, type_overrides=None) -> ThreadingHTTPServer:
    handler = type("BoundSiteHandler", (SiteHandler,), {
        "site_root": Path(root).resolve(),
        "type_overrides": dict(type_overrides or {}),
    })
    server = SiteServer((host, port), handler)
    server.daemon_threads = True
    return server


def serve_in_thread(root, host="127.0.0.1", port=0, type_overrides=None):
    """Start a server in a daemon thread; returns (server, base_url). Stop with server.shutdown()."""
    server = make_server(root, host, port, type_overrides)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    h, p = server.server_address[:2]
    return server, f"http://{h}:{p}/"


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--root", default="site")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8000)
    args = parser.parse_args(argv)
    if not Path(args.root, "index.html").is_file():
        parser.error(f"{args.root}/index.html not found: build the site first (scripts/serve)")
    server = make_server(args.root, args.host, args.port)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()


if __name__ == "__main__":
    main()
