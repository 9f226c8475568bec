"""Fixtures for the calculator's browser tests. The site is built and served on
127.0.0.1 by tests/conftest.py (built_site, site_url), Chromium is Debian's with every
other host unresolvable (browser_type_launch_args there).

Every test here runs under `guard`: it fails when the page sent a request to another
origin, logged a console error or warning, threw an uncaught error, or opened a dialog
(alert/confirm/prompt).
"""
from __future__ import annotations

import urllib.parse

import pytest

from .calcpage import CalcPage


class Guard:
    def __init__(self, origin: str):
        self.origin = origin
        self.problems: list[str] = []
        self.dialogs: list[str] = []
        self.requests: list[str] = []

    def watch(self, page):
        page.on("request", self.on_request)
        page.on("console", self.on_console)
        page.on("pageerror", lambda e: self.problems.append(f"page error: {e}"))
        page.on("dialog", self.on_dialog)
        return page

    def on_request(self, request):
        url = request.url
        self.requests.append(url)
        if url.startswith(("data:", "blob:")):
            return
        parts = urllib.parse.urlsplit(url)
        if f"{parts.scheme}://{parts.netloc}" != self.origin:
            self.problems.append(f"request to another origin: {url}")

    def on_console(self, msg):
        if msg.type in ("error", "warning") and "[Violation]" not in msg.text:
            self.problems.append(f"console {msg.type}: {msg.text}")

    def on_dialog(self, dialog):
        self.dialogs.append(f"{dialog.type}: {dialog.message}")
        dialog.dismiss()


@pytest.fixture
def guard(page, site_url):
    parts = urllib.parse.urlsplit(site_url)
    g = Guard(f"{parts.scheme}://{parts.netloc}")
    g.watch(page)
    yield g
    assert not g.dialogs, f"dialogs opened: {g.dialogs}"
    assert not g.problems, "\n".join(g.problems[:20])
    assert g.requests, "no request seen"


@pytest.fixture
def calc_url(site_url) -> str:
    return site_url + "calculator.html"


@pytest.fixture
def calc(page, guard, calc_url) -> CalcPage:
    """The calculator page, loaded and idle, under `guard`."""
    return CalcPage(page, calc_url).open()
