"""Pack a built site into one dated, checksummed archive for any static server
(scripts/publish; the 内网部署 page says how to unpack it).

    python -m build_scripts.website.publish --site site --out dist

gives dist/jinzhong-site-YYYYMMDD.tar.gz, holding one folder of that name with the site
and SHA256SUMS (every file's sha256, for `sha256sum -c` after unpacking), and beside it
dist/jinzhong-site-YYYYMMDD.tar.gz.sha256 (the archive's own, for `sha256sum -c` before).
Entries are sorted, owned by root and dated with the build, so packing the same site
twice gives the same bytes.
"""
from __future__ import annotations

import argparse
import datetime as dt
import gzip
import hashlib
import io
import sys
import tarfile
from pathlib import Path

NAME = "jinzhong-site"
SUMS = "SHA256SUMS"


def _sha256(path: Path) -> str:
    with path.open("rb") as f:
        return hashlib.file_digest(f, "sha256").hexdigest()


def _info(name: str, size: int, mtime: int, mode: int) -> tarfile.TarInfo:
    info = tarfile.TarInfo(name)
    info.size, info.mtime, info.mode = size, mtime, mode
    info.uid = info.gid = 0
    info.uname = info.gname = "root"
    return info


def pack(site: Path, out_dir: Path, day: dt.date | None = None) -> Path:
    """Write the archive and its .sha256; return the archive's path."""
    if not (site / "index.html").is_file():
        raise SystemExit(f"publish: {site} is not a built site (no index.html): run scripts/build-site")
    files = sorted(p for p in site.rglob("*") if p.is_file())
    mtime = int(max(p.stat().st_mtime for p in files))
    day = day or dt.datetime.fromtimestamp(mtime, dt.timezone.utc).date()
    stem = f"{NAME}-{day:%Y%m%d}"
    out_dir.mkdir(parents=True, exist_ok=True)
    archive = out_dir / f"{stem}.tar.gz"
    sums = "".join(f"{_sha256(p)}  {p.relative_to(site).as_posix()}\n" for p in files).encode()
    with archive.open("wb") as raw, \
            gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=mtime, compresslevel=6) as gz, \
            tarfile.open(fileobj=gz, mode="w", format=tarfile.PAX_FORMAT) as tar:
        tar.addfile(_dir(stem, mtime))
        dirs = sorted({d for p in files for d in p.relative_to(site).parents if str(d) != "."})
        for d in dirs:
            tar.addfile(_dir(f"{stem}/{d.as_posix()}", mtime))
        for p in files:
            with p.open("rb") as f:
                tar.addfile(_info(f"{stem}/{p.relative_to(site).as_posix()}", p.stat().st_size, mtime, 0o644), f)
        tar.addfile(_info(f"{stem}/{SUMS}", len(sums), mtime, 0o644), io.BytesIO(sums))
    (out_dir / f"{archive.name}.sha256").write_text(f"{_sha256(archive)}  {archive.name}\n", encoding="ascii")
    return archive


def _dir(name: str, mtime: int) -> tarfile.TarInfo:
    info = _info(name, 0, mtime, 0o755)
    info.type = tarfile.DIRTYPE
    return info


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", type=Path, default=Path("site"), help="the built site (default: site)")
    parser.add_argument("--out", type=Path, default=Path("dist"), help="where the archive goes (default: dist)")
    args = parser.parse_args(argv)
    archive = pack(args.site, args.out)
    size = archive.stat().st_size / 1e6
    print(f"{archive} ({size:.1f} MB)\n{archive}.sha256")
    return 0


if __name__ == "__main__":
    sys.exit(main())
