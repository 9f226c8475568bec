"""The county lists page in Chromium: upload a workbook, follow the progress, download the
result and check it; the file never leaves the browser (no request carries it).

Uses the site built and served by tests/conftest.py (built_site, site_url) and its
Chromium settings (every host but 127.0.0.1 unresolvable).
"""
from __future__ import annotations

import urllib.parse

import pytest

from tests.lists.generate import rows
from tests.lists.helpers import facilities, read_book, records, workbook_bytes
from tests.lists.test_lists import coke, sheet_of

RUNTIME_TIMEOUT_MS = 90_000


def open_lists_page(page, site_url: str) -> None:
    page.goto(site_url + "lists.html")
    # The page's module is loaded by mkdocs.yml extra_javascript (site owner). Until that
    # entry exists, load it the way extra_javascript would: a module script of the site.
    if not page.evaluate("() => Boolean(window.policyLists)"):
        page.add_script_tag(url=site_url + "assets/calculator/lists/lists.js", type="module")
    page.wait_for_selector("#policy-lists [data-lists-file]", timeout=10_000)
    # No button before it can work: the template's appears, and the file chooser is enabled,
    # once the runtime and the spreadsheet reader are loaded; the result's only with a result.
    assert page.locator("#policy-lists [data-lists-download]").count() == 0
    page.wait_for_selector("#policy-lists [data-lists-template]", timeout=RUNTIME_TIMEOUT_MS)
    assert page.is_enabled("#policy-lists [data-lists-file]")
    assert page.locator("#policy-lists [data-lists-download]").count() == 0


@pytest.fixture
def watched(page, site_url):
    origin = "{0.scheme}://{0.netloc}".format(urllib.parse.urlsplit(site_url))
    seen = {"requests": [], "posts": [], "foreign": [], "errors": []}

    def on_request(request):
        seen["requests"].append(request.url)
        if request.method != "GET":
            seen["posts"].append(f"{request.method} {request.url}")
        if not request.url.startswith(("data:", "blob:", origin)):
            seen["foreign"].append(request.url)

    page.on("request", on_request)
    page.on("pageerror", lambda e: seen["errors"].append(str(e)))
    page.on("console", lambda m: m.type == "error" and seen["errors"].append(m.text))
    yield seen
    assert seen["foreign"] == [], seen["foreign"]
    assert seen["posts"] == [], seen["posts"]
    assert seen["errors"] == [], seen["errors"]


def test_upload_a_workbook_and_download_the_lists(page, site_url, watched, tmp_path):
    items = rows(200)
    bad = coke(**{"所属行业": "造纸", "设施名称": "坏行"})
    source = tmp_path / "清单.xlsx"
    source.write_bytes(workbook_bytes(sheet_of(*[row for row, _ in items], bad)))
    open_lists_page(page, site_url)
    page.set_input_files("#policy-lists [data-lists-file]", str(source))
    page.wait_for_function("() => document.getElementById('policy-lists').dataset.state === 'done'",
                           timeout=RUNTIME_TIMEOUT_MS)
    status = page.inner_text("[data-lists-status]")
    assert "读入 201 行，已评估 200 行，有问题未评估 1 行" in status
    problems = page.inner_text("[data-lists-problem-table]")
    assert "造纸" in problems and "202" in problems
    assert "null" not in page.inner_text("#policy-lists") and "undefined" not in page.inner_text("#policy-lists")
    with page.expect_download() as download_info:
        page.click("[data-lists-download]")
    download = download_info.value
    assert download.suggested_filename == "错峰生产清单.xlsx"
    book = read_book(open(download.path(), "rb").read())
    got = {(f["企业名称"], f["设施名称"]): f for f in facilities(book)}
    assert len(got) == 200
    for row, (label, ratio, which) in items:
        f = got[(row["企业名称"], row["设施名称"])]
        assert (f["结论"], f["限产比例（%）"], f["清单"]) == (label, ratio, which)
    assert [r["行"] for r in records(book["问题"])] == [202]
    # The workbook's bytes never left the browser: only GET requests for the site's files.
    assert not any("lists_start" in url for url in watched["requests"])


def test_template_download_and_an_unreadable_file(page, site_url, watched, tmp_path):
    open_lists_page(page, site_url)
    with page.expect_download(timeout=RUNTIME_TIMEOUT_MS) as download_info:
        page.click("[data-lists-template]")
    download = download_info.value
    assert download.suggested_filename == "错峰生产设施清单模板.xlsx"
    assert list(read_book(open(download.path(), "rb").read())) == ["设施清单", "说明", "选项"]
    bad = tmp_path / "旧表.xls"
    bad.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 64)
    page.set_input_files("#policy-lists [data-lists-file]", str(bad))
    page.wait_for_function("() => document.getElementById('policy-lists').dataset.state === 'failed'",
                           timeout=RUNTIME_TIMEOUT_MS)
    assert "旧版 .xls" in page.inner_text("[data-lists-status]")
    assert page.locator("#policy-lists [data-lists-download]").count() == 0
