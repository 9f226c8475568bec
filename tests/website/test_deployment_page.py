"""The nginx block of the built deployment page, taken as a reader copies it (the text of
the code block in the HTML, entities undone by the browser), passes `nginx -t`."""
from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from bs4 import BeautifulSoup


def copied_blocks(html: str) -> list[str]:
    """The text of each code block, as a browser shows it (and a reader copies it)."""
    soup = BeautifulSoup(html, "html.parser")
    return [block.get_text() for block in soup.select("pre")]


def test_the_nginx_block_works_when_pasted(built_site, tmp_path):
    binary = shutil.which("nginx") or "/usr/sbin/nginx"
    if not Path(binary).exists():
        pytest.fail("nginx missing: run scripts/setup --browser (it installs Debian's nginx-light)")
    html = (built_site / "deployment.html").read_text(encoding="utf-8")
    blocks = [b for b in copied_blocks(html) if b.lstrip().startswith("server {")]
    assert len(blocks) == 1, "one nginx server block on the deployment page"
    block = blocks[0]
    assert "&#" not in block and "&quot;" not in block and "&amp;" not in block
    assert "server_tokens off;" in block
    work = tmp_path / "nginx"
    (work / "logs").mkdir(parents=True)  # nginx -t opens the default access log there
    shutil.copy("/etc/nginx/mime.types", work / "mime.types")  # the pasted block includes it relatively
    (work / "site.conf").write_text(block, encoding="utf-8")
    (work / "nginx.conf").write_text(
        f"pid {work}/nginx.pid;\nerror_log stderr;\nevents {{}}\nhttp {{\n    include {work}/site.conf;\n}}\n",
        encoding="utf-8")
    done = subprocess.run([binary, "-t", "-c", str(work / "nginx.conf"), "-p", str(work)],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert "syntax is ok" in done.stderr and "test is successful" in done.stderr
    csp = [b for b in copied_blocks(html) if b.startswith("default-src")]
    assert csp and "'self'" in csp[0] and "&#39;" not in csp[0]
