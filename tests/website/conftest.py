"""Fixtures for the site tests: the plan, and the built pages parsed."""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import pytest
from bs4 import BeautifulSoup


@pytest.fixture(scope="session")
def plan():
    import policy
    return policy.load_plan()


@pytest.fixture(scope="session")
def html_files(built_site) -> list[str]:
    """Every HTML page of the built site, as paths relative to the site root."""
    return sorted(p.relative_to(built_site).as_posix() for p in built_site.rglob("*.html")
                  if "runtime" not in p.relative_to(built_site).parts[:1])


@pytest.fixture(scope="session")
def soup(built_site):
    @lru_cache(maxsize=None)
    def parse(rel: str) -> BeautifulSoup:
        path = Path(built_site, rel)
        assert path.is_file(), f"{rel} was not built"
        return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
    return parse
