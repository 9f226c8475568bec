"""Fixtures for the accessibility tests. The site is built and served on 127.0.0.1 by
tests/conftest.py (built_site, site_url); Chromium is Debian's with every other host
unresolvable.

`viewport_page`: one browser context per viewport (1366×900 and 390×844), its page reused by
every test of a module (the axe runs visit ~35 page states per viewport: a fresh context
per state would start the calculator's runtime cold each time), under a PageWatch."""
from __future__ import annotations

import pytest

from tests.page_watch import PageWatch
from tests.website.conftest import html_files  # noqa: F401 - the same fixture, every built page

VIEWPORTS = {"1366x900": {"width": 1366, "height": 900}, "390x844": {"width": 390, "height": 844}}


@pytest.fixture(scope="module", params=list(VIEWPORTS))
def viewport_page(request, browser, site_url):
    context = browser.new_context(viewport=VIEWPORTS[request.param])
    page = context.new_page()
    watch = PageWatch(page, site_url)
    yield page, watch
    context.close()


@pytest.fixture
def desktop_page(page):
    """pytest-playwright's page at 1366×900, for a walk through every page (what counts as a
    page problem there is tests/website/test_browser.py's crawl)."""
    page.set_viewport_size(VIEWPORTS["1366x900"])
    return page


@pytest.fixture
def watched_page(desktop_page, site_url):
    """desktop_page, failing the test on a request to another origin, a failed request, a
    console error or a dialog."""
    watch = PageWatch(desktop_page, site_url)
    yield desktop_page
    assert not watch.problems, "\n".join(watch.problems[:20])
