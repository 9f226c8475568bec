"""Build the in-browser runtime: Pyodide (pinned), our wheel, a compiled stdlib, a snapshot.

    python -m build_scripts.runtime [OUT_DIR]        (default: build/runtime)

OUT_DIR gets (the site serves it at ``runtime/``)::

    manifest.json                          what the loader reads (never cache it long)
    pyodide/<version>/pyodide.mjs          copied from node_modules/pyodide, unchanged
    pyodide/<version>/pyodide.asm.mjs(.gz)
    pyodide/<version>/pyodide.asm.wasm(.gz)
    pyodide/<version>/python_stdlib.zip    stock (only the stock benchmark requests it)
    pyodide/<version>/pyodide-lock.json    stock lock + our wheel (stock loadPyodide())
    pyodide/<version>/python_stdlib-<hash>.zip      stdlib as .pyc compiled by Pyodide: the
                                                    modules the start imports (split_stdlib)
    pyodide/<version>/python_stdlib_rest-<hash>.zip the rest of it, added after the first answer
    pyodide/<version>/lock-<hash>.json(.gz)         only our wheel (what the loader uses)
    pyodide/<version>/packages/<hash>/<wheel>       our wheel, .pyc compiled by Pyodide
    pyodide/<version>/snapshot-<hash>.bin(.gz)      memory snapshot after `import policy`,
                                                    zero pages left out (sparse format below)

The snapshot is stored sparse: of Pyodide's 31 MB of memory, 18 MB are runs of zero pages,
left out, so that the browser inflates and copies 13 MB instead of 31 MB (measured with
zlib: 77 ms instead of 209 ms; gzip'd, both are 5 MB). It is fetched without `.gz` in the
URL: a gzip_static server sends the .gz with Content-Encoding and the browser inflates it
as it streams. Layout, little-endian uint32: SPARSE_MAGIC, total length, segment count n;
n × (offset, length); then the segments' bytes, in order. The loader writes them into a
zeroed buffer of the total length: byte for byte what makeMemorySnapshot() returned.

Every file whose content can change between builds has its content hash in its path,
so browsers may cache everything but manifest.json forever. Nothing is fetched from a
CDN: Node runs with network fetches blocked, and the lock files list only files we ship.
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

from policy.lists.reader import READER_PACKAGES

ROOT = Path(__file__).resolve().parent.parent
HERE = Path(__file__).resolve().parent / "runtime"
TOOL = HERE / "tool.mjs"
PYODIDE_VERSION = "314.0.7"  # must equal package.json's exact pin
PYODIDE_PYTHON = "3.14.2"  # the Python of that Pyodide (its lock file's info.python)
PACKAGE = "jinzhong-policy"
IMPORT_NAME = "policy"
MANIFEST_FORMAT = 1
# Files a page requests from the npm package (the rest of it is docs, maps, types).
CORE_FILES = ["pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm", "python_stdlib.zip", "pyodide-lock.json"]
GZIP_SUFFIXES = (".mjs", ".wasm", ".json", ".bin")


SPARSE_MAGIC = 0x33504E53  # b"SNP3"
SNAPSHOT_FORMAT = "sparse-3"  # the manifest says which layout the loader reads
SPARSE_PAGE = 4096
SPARSE_MIN_GAP = 16 * SPARSE_PAGE  # shorter zero runs stay in (fewer, longer segments)


class BuildError(RuntimeError):
    pass


def log(msg: str) -> None:
    print(f"[runtime] {msg}", file=sys.stderr, flush=True)


def sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def run(cmd: list[str], **kw) -> subprocess.CompletedProcess:
    log("$ " + " ".join(str(c) for c in cmd))
    res = subprocess.run([str(c) for c in cmd], text=True, capture_output=True, **kw)
    if res.returncode != 0:
        sys.stderr.write(res.stdout[-4000:] + res.stderr[-8000:])
        raise BuildError(f"command failed ({res.returncode}): {' '.join(str(c) for c in cmd)}")
    return res


def pyodide_dir() -> Path:
    """node_modules/pyodide at the pinned version; runs `npm ci` if it is missing."""
    pin = json.loads((ROOT / "package.json").read_text())["dependencies"]["pyodide"]
    if pin != PYODIDE_VERSION:
        raise BuildError(f"package.json pins pyodide {pin}, build_scripts/runtime.py expects {PYODIDE_VERSION}")
    d = ROOT / "node_modules" / "pyodide"
    pkg = d / "package.json"
    if not pkg.exists() or json.loads(pkg.read_text())["version"] != PYODIDE_VERSION:
        run(["npm", "ci", "--no-audit", "--no-fund"], cwd=ROOT)
    if json.loads(pkg.read_text())["version"] != PYODIDE_VERSION:
        raise BuildError(f"node_modules/pyodide is not {PYODIDE_VERSION}")
    return d


def build_wheel(tmp: Path, project: Path = ROOT) -> Path:
    """Build the pure-Python wheel (pip wheel --no-deps) from a clean copy of the sources.

    A copy, because setuptools reuses its build/lib directory: a module deleted from
    policy/ would otherwise live on in the wheel.
    """
    src = tmp / "src"
    src.mkdir()
    for name in ("pyproject.toml", "README.md", "LICENSE", "setup.cfg", "MANIFEST.in"):
        if (project / name).is_file():
            shutil.copy2(project / name, src / name)
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc", "*.egg-info")
    shutil.copytree(project / IMPORT_NAME, src / IMPORT_NAME, ignore=ignore)
    out = tmp / "wheel"
    env = dict(os.environ, SOURCE_DATE_EPOCH="1572566400")
    cmd = [sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", out, src]
    try:
        import setuptools  # noqa: F401  (present: build without an isolated env, faster, offline)

        cmd.insert(4, "--no-build-isolation")
    except ImportError:
        pass
    run(cmd, env=env)
    wheels = list(out.glob("*.whl"))
    if len(wheels) != 1:
        raise BuildError(f"expected one wheel, got {wheels}")
    return wheels[0]


def gzip_copy(path: Path) -> Path:
    gz = path.with_name(path.name + ".gz")
    with path.open("rb") as f, gzip.GzipFile(gz, "wb", compresslevel=9, mtime=0) as g:
        shutil.copyfileobj(f, g, 1 << 20)
    return gz


def sparse_snapshot(raw: bytes) -> bytes:
    """RAW without its runs of zero pages (format in the module docstring)."""
    zero = bytes(SPARSE_PAGE)
    segs: list[list[int]] = []  # [offset, length]
    for off in range(0, len(raw), SPARSE_PAGE):
        page = raw[off:off + SPARSE_PAGE]
        if page == zero[:len(page)]:
            continue
        if segs and off - sum(segs[-1]) < SPARSE_MIN_GAP:
            segs[-1][1] = off + len(page) - segs[-1][0]  # a short zero run stays in: fewer segments
        else:
            segs.append([off, len(page)])
    head = [SPARSE_MAGIC, len(raw), len(segs)] + [v for seg in segs for v in seg]
    return b"".join(v.to_bytes(4, "little") for v in head) + b"".join(raw[o:o + n] for o, n in segs)


def expand_sparse(data: bytes) -> bytes:
    """Inverse of sparse_snapshot (the build checks the round trip)."""
    word = lambda i: int.from_bytes(data[4 * i:4 * i + 4], "little")  # noqa: E731
    if len(data) < 12 or word(0) != SPARSE_MAGIC:
        raise BuildError("not a sparse snapshot")
    out, pos = bytearray(word(1)), 12 + 8 * word(2)
    for k in range(word(2)):
        off, length = word(3 + 2 * k), word(4 + 2 * k)
        out[off:off + length] = data[pos:pos + length]
        pos += length
    if pos != len(data) or len(out) != word(1):
        raise BuildError("sparse snapshot: wrong length")
    return bytes(out)


def split_stdlib(full: Path, first: Path, rest: Path, first_files: list[str]) -> dict:
    """Split the compiled standard library in two zips: FIRST holds the files the start
    imports (Pyodide's boot, policy and the warm-up), which is all a restored snapshot
    needs before its first answer; REST holds the others (what loadPackage imports, what
    other calls may import), which the page adds once it has answered (3.1 of the 4.5 MB
    off the first visit's critical path). Entries keep their order, dates and bytes."""
    wanted = set(first_files)
    with zipfile.ZipFile(full) as zin:
        infos = zin.infolist()
        missing = wanted - {i.filename for i in infos}
        if missing:
            raise BuildError(f"imported but not in the standard library zip: {sorted(missing)[:5]}")
        with zipfile.ZipFile(first, "w") as zf, zipfile.ZipFile(rest, "w") as zr:
            for info in infos:
                (zf if info.filename in wanted else zr).writestr(info, zin.read(info), compresslevel=9)
            return {"first_entries": len(zf.infolist()), "rest_entries": len(zr.infolist())}


def hashed_name(path: Path, stem: str, suffix: str) -> str:
    return f"{stem}-{sha256(path)[:16]}{suffix}"


def node_tool(*args) -> dict:
    res = run(["node", TOOL, *args])
    return json.loads(res.stdout.strip().splitlines()[-1])


# Wheels the lists page loads (policy.api.lists_load), not the start: python-calamine built for
# Pyodide's ABI and olefile (pure Python), at the versions requirements-dev.txt pins for CPython.
LISTS_PACKAGES = READER_PACKAGES
EMSCRIPTEN_PLATFORM = "pyemscripten_2026_0_wasm32"  # Pyodide 314's ABI (its lock file: abi 2026_0)


def lists_wheels(tmp: Path) -> list[Path]:
    """`pip download` of LISTS_PACKAGES for Pyodide (PyPI, or pip's cache), pinned as in
    requirements-dev.txt."""
    pins = dict(line.strip().split("==", 1) for line in (ROOT / "requirements-dev.txt").read_text().splitlines()
                if "==" in line and not line.lstrip().startswith("#"))
    out = tmp / "lists-wheels"
    python = ".".join(PYODIDE_PYTHON.split(".")[:2])
    run([sys.executable, "-m", "pip", "download", "--quiet", "--disable-pip-version-check", "--no-deps",
         "--only-binary=:all:", "--platform", EMSCRIPTEN_PLATFORM, "--python-version", python, "-d", out,
         *(f"{name}=={pins[name]}" for name in LISTS_PACKAGES)])
    wheels = sorted(out.glob("*.whl"))
    if len(wheels) != len(LISTS_PACKAGES):
        raise BuildError(f"expected {len(LISTS_PACKAGES)} wheels for the lists page, got {wheels}")
    return wheels


def wheel_lock_entry(wheel: Path, base: Path) -> dict:
    """A lock-file entry for a wheel built for Pyodide's ABI. (`pyodide lockfile add-wheels` of
    pyodide-lock 0.2.1 rejects the `pyemscripten_2026_0_wasm32` tag, so it is written here, with
    the same fields as the stock lock's entries.)"""
    name, version = wheel.name.split("-")[:2]
    with zipfile.ZipFile(wheel) as z:
        meta = next(n for n in z.namelist() if n.endswith(".dist-info/METADATA"))
        fields = dict(line.split(": ", 1) for line in z.read(meta).decode().splitlines() if ": " in line)
        top = {n.split("/")[0].removesuffix(".py") for n in z.namelist()
               if not n.split("/")[0].endswith((".dist-info", ".data")) and not n.startswith("_")}
    return {"name": fields.get("Name", name), "version": fields.get("Version", version),
            "file_name": wheel.relative_to(base).as_posix(), "install_dir": "site", "sha256": sha256(wheel),
            "package_type": "package", "imports": sorted(top), "depends": [], "unvendored_tests": False,
            "tool": {}}


def add_wheel_to_lock(lock_in: Path, lock_out: Path, base: Path, wheel: Path, extra: tuple = ()) -> dict:
    """`pyodide lockfile add-wheels` for our wheel, then fill its `imports` (it cannot read
    them from .pyc); EXTRA wheels (already under BASE) are entered by wheel_lock_entry."""
    exe = Path(sys.executable).parent / "pyodide"
    cmd = [exe] if exe.exists() else [sys.executable, "-m", "pyodide_cli"]
    run([*cmd, "lockfile", "add-wheels", "--input", lock_in, "--output", lock_out, "--base-path", base, wheel])
    lock = json.loads(lock_out.read_text())
    entry = lock["packages"][PACKAGE]
    if entry["sha256"] != sha256(wheel):
        raise BuildError("lock sha256 differs from the wheel")
    with zipfile.ZipFile(wheel) as z:
        top = [n for n in z.namelist() if n.endswith(".dist-info/top_level.txt")]
        imports = z.read(top[0]).decode().split() if top else [IMPORT_NAME]
    entry["imports"] = imports
    for other in extra:
        added = wheel_lock_entry(other, base)
        lock["packages"][added["name"].lower().replace("_", "-")] = added
    lock_out.write_text(json.dumps(lock, indent=2, ensure_ascii=False) + "\n")
    return lock


def build(out_dir: Path, snapshot: bool = True, project: Path = ROOT) -> dict:
    """Build into a fresh directory beside OUT_DIR, then put it in OUT_DIR's place: two
    builds at once (the site build and a test, say) never write into each other's files."""
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    stage = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}-", dir=out_dir.parent))
    stage.chmod(0o755)  # mkdtemp makes it 0700: a web server must read it
    try:
        manifest = _build(stage, snapshot, project)
        old = out_dir.with_name(f"{stage.name}-old")
        if out_dir.exists():
            out_dir.rename(old)
        stage.rename(out_dir)
        shutil.rmtree(old, ignore_errors=True)
    finally:
        shutil.rmtree(stage, ignore_errors=True)
    log(f"-> {out_dir}")
    return manifest


def _build(out_dir: Path, snapshot: bool, project: Path) -> dict:
    t_start = time.monotonic()
    src = pyodide_dir()
    ver_dir = out_dir / "pyodide" / PYODIDE_VERSION
    ver_dir.mkdir(parents=True)
    for name in CORE_FILES:
        shutil.copy2(src / name, ver_dir / name)

    with tempfile.TemporaryDirectory(prefix="runtime-build-") as t:
        tmp = Path(t)
        raw_wheel = build_wheel(tmp, project)
        log(f"wheel {raw_wheel.name} ({raw_wheel.stat().st_size} bytes)")

        # 1. bytecode: stdlib and our package, compiled by Pyodide's own Python 3.14
        std_tmp, whl_tmp = tmp / "stdlib.zip", tmp / raw_wheel.name
        compiled = node_tool("compile", ver_dir, ver_dir / "python_stdlib.zip", std_tmp, raw_wheel, whl_tmp)
        wheel_rel = f"packages/{sha256(whl_tmp)[:16]}/{raw_wheel.name}"
        (ver_dir / wheel_rel).parent.mkdir(parents=True)
        shutil.move(whl_tmp, ver_dir / wheel_rel)
        wheel = ver_dir / wheel_rel

        # 2. lock files: stock + our wheels (for stock loadPyodide()), and ours alone
        extra = []
        for fetched in lists_wheels(tmp):
            placed = ver_dir / "packages" / sha256(fetched)[:16] / fetched.name
            placed.parent.mkdir(parents=True)
            shutil.copy2(fetched, placed)
            extra.append(placed)
        full_lock = add_wheel_to_lock(src / "pyodide-lock.json", ver_dir / "pyodide-lock.json", ver_dir, wheel,
                                      tuple(extra))
        if full_lock["packages"][PACKAGE]["file_name"] != wheel_rel:
            raise BuildError(f"unexpected file_name {full_lock['packages'][PACKAGE]['file_name']}")
        own = {"info": full_lock["info"], "packages": {
            name: full_lock["packages"][name] for name in (PACKAGE, *LISTS_PACKAGES)}}
        own_tmp = tmp / "lock.json"
        own_tmp.write_text(json.dumps(own, indent=2, ensure_ascii=False) + "\n")
        lock_name = hashed_name(own_tmp, "lock", ".json")
        shutil.move(own_tmp, ver_dir / lock_name)

        # 3. the standard library in two: what the start imports, and the rest
        warm = HERE / "warmup_inputs.json"
        imported = node_tool("modules", ver_dir, std_tmp, ver_dir / lock_name, PACKAGE, warm)["files"]
        first_tmp, rest_tmp = tmp / "stdlib-first.zip", tmp / "stdlib-rest.zip"
        compiled["stdlib"].update(split_stdlib(std_tmp, first_tmp, rest_tmp, imported))
        stdlib_name = hashed_name(first_tmp, "python_stdlib", ".zip")
        rest_name = hashed_name(rest_tmp, "python_stdlib_rest", ".zip")
        shutil.move(first_tmp, ver_dir / stdlib_name)
        shutil.move(rest_tmp, ver_dir / rest_name)

        # 4. memory snapshot after `import policy` (experimental API, tied to this build)
        snap_info = None
        if snapshot:
            snap_tmp = tmp / "snapshot.bin"
            try:
                made = node_tool("snapshot", ver_dir, ver_dir / stdlib_name, ver_dir / lock_name, PACKAGE,
                                 snap_tmp, warm)
                raw = snap_tmp.read_bytes()
                snap_tmp.write_bytes(sparse_snapshot(raw))
                if expand_sparse(snap_tmp.read_bytes()) != raw:
                    raise BuildError("sparse snapshot does not expand to the snapshot")
                made["sparse_bytes"] = snap_tmp.stat().st_size
                checked = node_tool("check", ver_dir, ver_dir / stdlib_name, ver_dir / rest_name,
                                    ver_dir / lock_name, PACKAGE, snap_tmp)
                snap_name = hashed_name(snap_tmp, "snapshot", ".bin")
                shutil.move(snap_tmp, ver_dir / snap_name)
                snap_info = {"made": made, "check": checked, "name": snap_name}
                log(f"snapshot {made['bytes']} bytes; restart in Node {checked}")
            except BuildError as e:  # the page then starts normally
                log(f"WARNING: no memory snapshot: {e}")
        plain = node_tool("check", ver_dir, ver_dir / stdlib_name, ver_dir / rest_name, ver_dir / lock_name, PACKAGE)
        log(f"compiled-stdlib start in Node {plain}")

    for p in sorted(ver_dir.rglob("*")):
        if p.is_file() and p.suffix in GZIP_SUFFIXES:
            gzip_copy(p)

    def entry(rel: str) -> dict:
        p = ver_dir / rel
        e = {"path": f"pyodide/{PYODIDE_VERSION}/{rel}", "size": p.stat().st_size, "sha256": sha256(p)}
        gz = p.with_name(p.name + ".gz")
        if gz.exists():
            e["gzip_size"] = gz.stat().st_size
        return e

    manifest = {
        "format": MANIFEST_FORMAT,
        "pyodide_version": PYODIDE_VERSION,
        "python": full_lock["info"]["python"],
        "package": PACKAGE,
        "import_name": IMPORT_NAME,
        "wheel": raw_wheel.name,
        "index": f"pyodide/{PYODIDE_VERSION}/",
        "files": {
            "pyodide.mjs": entry("pyodide.mjs"),
            "pyodide.asm.mjs": entry("pyodide.asm.mjs"),
            "pyodide.asm.wasm": entry("pyodide.asm.wasm"),
            "stdlib": entry(stdlib_name),
            "stdlib_rest": entry(rest_name),
            "stock_stdlib": entry("python_stdlib.zip"),
            "lock": entry(lock_name),
            "stock_lock": entry("pyodide-lock.json"),
            "wheel": entry(wheel_rel),
            **({"snapshot": entry(snap_info["name"])} if snap_info else {}),
        },
        "compiled": compiled,
        "snapshot": snap_info and {"bytes": snap_info["made"]["bytes"], "format": SNAPSHOT_FORMAT,
                                   "node_check": snap_info["check"]},
        "node_start_without_snapshot": plain,
    }
    (out_dir / "manifest.json").write_text(json.dumps(manifest, indent=2, ensure_ascii=False) + "\n")
    log(f"done in {time.monotonic() - t_start:.1f} s: {out_dir}")
    return manifest


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m build_scripts.runtime", description=__doc__.split("\n")[0])
    ap.add_argument("out_dir", nargs="?", default=str(ROOT / "build" / "runtime"))
    ap.add_argument("--no-snapshot", action="store_true", help="skip the memory snapshot")
    ap.add_argument("--project", default=str(ROOT), help=argparse.SUPPRESS)  # wheel source (tests)
    a = ap.parse_args(argv)
    try:
        m = build(Path(a.out_dir).resolve(), snapshot=not a.no_snapshot, project=Path(a.project))
    except BuildError as e:
        print(f"build_scripts.runtime: {e}", file=sys.stderr)
        return 1
    print(json.dumps({k: m["files"][k]["path"] for k in m["files"]}, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
