"""scripts/publish: one dated, checksummed archive of the built site, which works unpacked
under a sub-path of another site (served here from 127.0.0.1 under /sub/, the calculator
started and used)."""
from __future__ import annotations

import datetime as dt
import hashlib
import os
import subprocess
import tarfile
from pathlib import Path

from tests.page_watch import PageWatch

ROOT = Path(__file__).resolve().parents[2]


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_publish_a_sub_path_site_and_use_the_calculator(built_site, serve_site, page, tmp_path):
    server_root = tmp_path / "www"
    server_root.mkdir()
    address = serve_site(server_root) + "sub/"
    # the site built for http://127.0.0.1:PORT/sub/ (built_site made build/runtime/)
    site = tmp_path / "site"
    env = dict(os.environ, SITE_URL=address, NO_MKDOCS_2_WARNING="1")
    subprocess.run([str(ROOT / ".venv/bin/python"), "-m", "mkdocs", "build", "--strict", "--site-dir", str(site)],
                   cwd=ROOT, env=env, check=True, capture_output=True)
    out = tmp_path / "dist"
    proc = subprocess.run([str(ROOT / "scripts/publish"), "--site", str(site)], cwd=ROOT,
                          env=dict(os.environ, OUT=str(out)), capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr[-3000:]

    archives = list(out.glob("jinzhong-site-*.tar.gz"))
    assert len(archives) == 1, archives
    archive = archives[0]
    stamp = archive.name[len("jinzhong-site-"):-len(".tar.gz")]
    assert dt.datetime.strptime(stamp, "%Y%m%d").date() <= dt.date.today()
    # its checksum file, in sha256sum's format
    assert (out / f"{archive.name}.sha256").read_text() == f"{sha256(archive)}  {archive.name}\n"

    # unpack as the deployment page says: the folder's content into /sub/
    with tarfile.open(archive) as tar:
        names = tar.getnames()
        assert all(n == archive.name[:-7] or n.startswith(archive.name[:-7] + "/") for n in names)
        tar.extractall(tmp_path / "unpacked", filter="data")
    (tmp_path / "unpacked" / archive.name[:-7]).rename(server_root / "sub")
    unpacked = server_root / "sub"
    sums = (unpacked / "SHA256SUMS").read_text().splitlines()
    files = {p.relative_to(unpacked).as_posix() for p in unpacked.rglob("*") if p.is_file()} - {"SHA256SUMS"}
    assert {line.split("  ", 1)[1] for line in sums} == files
    for line in sums[:50]:
        digest, name = line.split("  ", 1)
        assert sha256(unpacked / name) == digest, name

    # the calculator under /sub/: the runtime starts and the form answers
    watch = PageWatch(page, address)
    page.goto(address + "index.html", wait_until="networkidle")
    page.get_by_role("link", name="开始企业自评").click()
    page.wait_for_url("**/sub/calculator.html")
    state = page.evaluate("""() => new Promise(async resolve => {
        const timer = setTimeout(() => resolve("not ready after 90 s"), 90000);
        for (let i = 0; i < 100 && !window.policyRuntime; i++) await new Promise(r => setTimeout(r, 100));
        const rt = window.policyRuntime;
        if (!rt) { clearTimeout(timer); resolve("never started"); return; }
        Promise.resolve(rt.ready || rt.start()).then(() => { clearTimeout(timer); resolve("ready"); },
                      e => { clearTimeout(timer); resolve("failed: " + e); });
    })""")
    assert state == "ready", state
    page.locator("#policy-calculator select").first.wait_for(timeout=30000)
    assert all(u.startswith(address) or not u.startswith("http") for u in watch.requests), \
        [u for u in watch.requests if not u.startswith(address)][:5]
    assert not watch.problems, watch.problems
