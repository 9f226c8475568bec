"""What a page does in a browser test that counts as a problem (tests/browser's `guard`,
tests/website's crawls and runtime checks): a request to another origin (the site must work
on an intranet without internet), a failed request or an HTTP error, a console error or
warning (a CSP violation, a wrong MIME type and a blocked resource show as one), an
uncaught error, a dialog (alert/confirm/prompt: dismissed, and counted)."""
from __future__ import annotations

import urllib.parse


def origin(url: str) -> str:
    parts = urllib.parse.urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


class PageWatch:
    """Watches PAGE from now on; SITE_URL is any address of the site (its origin counts)."""

    def __init__(self, page, site_url: str):
        self.origin = origin(site_url)
        self.requests: list[str] = []
        self._problems: list[str] = []
        self.aborted: list[str] = []
        self.finished: set[str] = set()
        page.on("request", self.on_request)
        page.on("requestfailed", self.on_failed)
        page.on("requestfinished", lambda r: self.finished.add(r.url))
        page.on("response", self.on_response)
        page.on("console", self.on_console)
        page.on("pageerror", lambda e: self._problems.append(f"page error: {e}"))
        page.on("dialog", self.on_dialog)

    @property
    def problems(self) -> list[str]:
        # A request cancelled by the page (net::ERR_ABORTED) for a URL that was also
        # fetched in full is a dropped duplicate, not a missing file.
        return self._problems + [f"failed: {u} net::ERR_ABORTED" for u in self.aborted
                                 if u not in self.finished]

    def take(self) -> list[str]:
        """The problems so far, then start afresh (one page of a crawl)."""
        found = self.problems
        self._problems, self.aborted, self.finished = [], [], set()
        return found

    def on_request(self, request):
        url = request.url
        self.requests.append(url)
        if not url.startswith(("data:", "blob:")) and origin(url) != self.origin:
            self._problems.append(f"request to another origin: {url}")

    def on_failed(self, request):
        if request.failure == "net::ERR_ABORTED":
            self.aborted.append(request.url)
        else:
            self._problems.append(f"failed: {request.url} {request.failure}")

    def on_response(self, response):
        if response.status >= 400:
            self._problems.append(f"HTTP {response.status}: {response.url}")

    def on_console(self, msg):
        if msg.type in ("error", "warning") and "[Violation]" not in msg.text:
            self._problems.append(f"console {msg.type}: {msg.text}")

    def on_dialog(self, dialog):
        self._problems.append(f"dialog opened: {dialog.type}: {dialog.message}")
        dialog.dismiss()
