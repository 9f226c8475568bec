"""Shared fixtures.

- built_site: the site built once per test session (scripts/build-site into a temp dir:
  runtime build, then mkdocs build --strict with the hooks).
- site_url: that site served on 127.0.0.1 by build_scripts.website.server (the same
  headers as the nginx configuration: MIME types, .gz, cache, CSP).
- serve_site(root, type_overrides=None): start another such server (e.g. a wrong
  .wasm MIME type); stopped at the end of the session.
- pytest-playwright runs Debian's Chromium (/usr/bin/chromium) with every host but
  127.0.0.1 unresolvable.
"""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from build_scripts.chromium import CHROMIUM, CHROMIUM_ARGS  # noqa: E402


@pytest.fixture(scope="session")
def serve_site():
    from build_scripts.website.server import serve_in_thread
    servers = []

    def start(root, type_overrides=None) -> str:
        server, url = serve_in_thread(root, type_overrides=type_overrides)
        servers.append(server)
        return url

    yield start
    for server in servers:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="session")
def site_dir(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("built") / "site"


@pytest.fixture(scope="session")
def site_address(site_dir, serve_site) -> str:
    """The address the site will be served at: the build takes it as site_url, which
    Material's instant navigation needs (its sitemap must name the pages' real URLs)."""
    return serve_site(site_dir)


@pytest.fixture(scope="session")
def site_url(built_site, site_address) -> str:
    return site_address


@pytest.fixture(scope="session")
def built_site(site_dir, site_address) -> Path:
    env = dict(os.environ, SITE_DIR=str(site_dir), SITE_URL=site_address, NO_MKDOCS_2_WARNING="1")
    proc = subprocess.run([str(ROOT / "scripts" / "build-site")], cwd=ROOT, env=env,
                          capture_output=True, text=True)
    if proc.returncode != 0:
        pytest.fail(f"site build failed ({proc.returncode}):\n{proc.stdout[-4000:]}\n{proc.stderr[-8000:]}")
    assert (site_dir / "index.html").is_file()
    return site_dir


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} missing: run scripts/test (it installs Debian's chromium)")
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "headless": True,
            "args": CHROMIUM_ARGS}
