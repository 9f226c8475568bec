"""Fixtures for the calculator's browser tests. The site is built and served on
127.0.0.1 by tests/conftest.py (built_site, site_url), Chromium is Debian's with every
other host unresolvable (browser_type_launch_args there).

Every test here runs under `guard` (tests/page_watch.py): it fails when the page sent a
request to another origin, a request failed or got an HTTP error, the page logged a console
error or warning, threw an uncaught error, or opened a dialog (alert/confirm/prompt).
"""
from __future__ import annotations

import pytest

from tests.page_watch import PageWatch

from .calcpage import CalcPage


@pytest.fixture
def guard(page, site_url):
    g = PageWatch(page, site_url)
    yield g
    assert not g.problems, "\n".join(g.problems[:20])
    assert g.requests, "no request seen"


@pytest.fixture
def calc_url(site_url) -> str:
    return site_url + "calculator.html"


@pytest.fixture
def calc(page, guard, calc_url) -> CalcPage:
    """The calculator page, loaded and idle, under `guard`."""
    return CalcPage(page, calc_url).open()
