"""How the built site is served: one source for the nginx configuration shown on the
deployment page, the local server (scripts/serve, tests) and the tests of both.

Paths below are relative to the site root.
"""
from __future__ import annotations

# Content-Security-Policy the site passes. The calculator runs Pyodide in a worker
# of the same origin: WebAssembly compilation needs 'wasm-unsafe-eval'. Material's
# inline scripts are replaced by files (overrides/), so no 'unsafe-inline' for scripts.
CSP = "; ".join([
    "default-src 'self'",
    "script-src 'self' 'wasm-unsafe-eval'",
    "worker-src 'self'",
    "connect-src 'self'",
    "img-src 'self' data:",
    "style-src 'self'",
    "font-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'self'",
])

SECURITY_HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
}

# Cache rules, first match wins: (path prefix, Cache-Control).
# runtime/ holds versioned paths (the Pyodide version or a content hash is in the
# names): a changed file gets a new URL, so it may be kept for a year. Except
# runtime/manifest.json, which names them: revalidated on every visit.
# Material's own assets carry a content hash in their names.
IMMUTABLE = "public, max-age=31536000, immutable"
REVALIDATE = "no-cache"
CACHE_RULES = [
    ("runtime/manifest.json", REVALIDATE),
    ("runtime/", IMMUTABLE),
    ("assets/javascripts/bundle.", IMMUTABLE),
    ("assets/javascripts/workers/", IMMUTABLE),
    ("assets/stylesheets/main.", IMMUTABLE),
    ("assets/stylesheets/palette.", IMMUTABLE),
    ("", REVALIDATE),
]

# Types nginx's stock mime.types lacks or gets wrong for this site.
EXTRA_TYPES = {
    ".wasm": "application/wasm",
    ".mjs": "text/javascript",
    ".whl": "application/zip",
}

# Files written with a .gz sibling at build time (served by gzip_static).
COMPRESS_SUFFIXES = (".html", ".js", ".mjs", ".css", ".json", ".svg", ".xml",
                     ".txt", ".wasm", ".map")
COMPRESS_MIN_BYTES = 1024


def cache_control(path: str) -> str:
    path = path.lstrip("/")
    for prefix, value in CACHE_RULES:
        if path.startswith(prefix):
            return value
    return REVALIDATE


def nginx_config(root: str = "/srv/jinzhong-site", listen: str = "80",
                 server_name: str = "_", pid: str | None = None,
                 standalone: bool = False, mime_types: str = "mime.types",
                 user: str | None = None) -> str:
    """The server block (or, standalone, a whole nginx.conf for tests)."""
    types = "\n".join(f"        {mime} {ext[1:]};" for ext, mime in EXTRA_TYPES.items())
    headers = "\n".join(
        f'        add_header {name} "{value}" always;' for name, value in SECURITY_HEADERS.items())

    def loc(prefix, cache):
        return (f"    location {'^~ ' if prefix else ''}/{prefix} {{\n"
                f'        add_header Cache-Control "{cache}" always;\n'
                f"{headers}\n"
                f"    }}\n")

    # nginx matches the longest prefix; order here only for reading.
    locations = "".join(loc(p, c) for p, c in CACHE_RULES if p) + loc("", REVALIDATE)
    server = f"""server {{
    listen {listen};
    server_name {server_name};
    root {root};
    index index.html;
    charset utf-8;
    server_tokens off;  # no nginx version in headers and error pages

    # Precompressed files (index.html.gz …) written by the build;
    # gzip on the fly for anything else that is text.
    gzip_static on;
    gzip on;
    gzip_types text/css text/javascript application/javascript application/json
               image/svg+xml application/wasm text/plain application/xml;
    gzip_vary on;

    # Types: .wasm must be application/wasm, or Pyodide never starts;
    # .mjs must be JavaScript, or module workers fail.
    include {mime_types};
    types {{
{types}
    }}

    error_page 404 /404.html;

{locations}}}
"""
    if not standalone:
        return server
    user_line = f"user {user};\n" if user else ""
    return f"""{user_line}worker_processes 1;
daemon off;
pid {pid or '/tmp/nginx.pid'};
error_log stderr warn;
events {{ worker_connections 64; }}
http {{
    include {mime_types};
    default_type application/octet-stream;
    access_log off;
    client_body_temp_path /tmp/nginx-body;
    proxy_temp_path /tmp/nginx-proxy;
    fastcgi_temp_path /tmp/nginx-fastcgi;
    uwsgi_temp_path /tmp/nginx-uwsgi;
    scgi_temp_path /tmp/nginx-scgi;
    sendfile on;
{server}}}
"""
