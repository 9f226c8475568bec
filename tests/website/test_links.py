"""Every link and every referenced file of the built site resolves, with its anchor;
nothing points to another origin."""
from __future__ import annotations

import posixpath
import urllib.parse

ATTRS = (("a", "href"), ("link", "href"), ("script", "src"), ("img", "src"),
         ("source", "src"), ("iframe", "src"))


def test_every_internal_link_resolves(built_site, site_address, html_files, soup):
    assert len(html_files) >= 25
    ids_cache: dict[str, set] = {}

    def ids_of(rel: str) -> set:
        if rel not in ids_cache:
            ids_cache[rel] = {tag["id"] for tag in soup(rel).find_all(id=True)}
        return ids_cache[rel]

    problems = []
    checked = 0
    for rel in html_files:
        page = soup(rel)
        for tag, attr in ATTRS:
            for el in page.find_all(tag):
                url = el.get(attr)
                if not url:
                    continue
                parts = urllib.parse.urlsplit(url)
                if parts.scheme or parts.netloc:
                    # the site's own address (site_url): canonical links and the 404 page
                    if not url.startswith(site_address):
                        problems.append(f"{rel}: link to another origin: {url}")
                        continue
                    if not (tag == "link" and el.get("rel") == ["canonical"]):
                        problems.append(f"{rel}: absolute link {url} (pages link relatively)")
                    parts = urllib.parse.urlsplit(url[len(site_address):])
                    target = parts.path or "index.html"
                elif not parts.path:
                    target = rel
                elif parts.path.startswith("/"):
                    # only 404.html uses root-absolute links (it is served at any depth)
                    if rel != "404.html":
                        problems.append(f"{rel}: root-absolute link {url}")
                        continue
                    target = parts.path.lstrip("/") or "index.html"
                else:
                    target = posixpath.normpath(posixpath.join(posixpath.dirname(rel), parts.path))
                    if target == "." or parts.path.endswith("/"):
                        target = posixpath.join(target, "index.html").lstrip("./") or "index.html"
                path = built_site / target
                if not path.is_file():
                    problems.append(f"{rel}: {url} -> {target} missing")
                    continue
                frag = urllib.parse.unquote(parts.fragment)
                if frag and target.endswith(".html") and frag not in ids_of(target):
                    problems.append(f"{rel}: {url}: no id {frag!r} in {target}")
                checked += 1
    assert not problems, "\n".join(problems[:50])
    assert checked > 500
