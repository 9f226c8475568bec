"""County lists: a generated 10,000-row workbook through the CLI and through the browser page.

    python benchmarks/lists_speed.py [--rows 10000] [--site DIR] [--no-browser] [--rounds 3]
                                     [--distinct] [--before DIR]

CLI: `python -m policy lists IN.xlsx -o OUT.xlsx` (and IN.csv -o OUT.csv) in a fresh
process, wall clock including interpreter start, reading and writing (aim: < 2 s).
Browser: the site's docs/lists.md page in headless Chromium (Debian's, every host but
127.0.0.1 unresolvable); the time from choosing the file until the result workbook is
ready for download (read, check, assess in steps, write; aim: < 10 s), after the Pyodide
runtime has loaded. `--site` takes a built site (scripts/build-site); without it the
site is built into a temporary directory first.

The input is written by openpyxl (shared strings, as Excel saves) from tests/lists/generate.py.
Its rows repeat a few dozen combinations of answers, as a county's do, and the lists assess
a combination once; `--distinct` gives every facility that is asked its location a distance
of its own (0.001 km apart), so no two of them are answered alike: the lists' worst case.
`--before DIR` runs the CLI of another checkout (e.g. `git worktree add DIR <commit>`) on
the same files with this Python, its rounds interleaved with ours: before/after in one run.
"""
from __future__ import annotations

import argparse
import csv
import io
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.lists.generate import DISTANCE, NEAR, rows, table  # noqa: E402
from tests.lists.helpers import HEADERS, workbook_bytes  # noqa: E402

from build_scripts.chromium import CHROMIUM, CHROMIUM_ARGS  # noqa: E402


def make_inputs(directory: Path, count: int, distinct: bool = False) -> tuple[Path, Path]:
    items = [row for row, _ in rows(count)]
    if distinct:
        for index, row in enumerate(items):
            near = row.pop(NEAR, None)
            if near is not None or DISTANCE in row:
                inside = near == "是" or (near is None and row[DISTANCE] <= 10)
                row[DISTANCE] = round((0 if inside else 10.001) + (index + 1) / 1000, 3)
    data = table(HEADERS, items)
    xlsx = directory / f"清单-{count}.xlsx"
    xlsx.write_bytes(workbook_bytes(data))
    text = io.StringIO(newline="")
    csv.writer(text, lineterminator="\r\n").writerows([["" if v is None else v for v in r] for r in data])
    gbk = directory / f"清单-{count}.csv"
    gbk.write_bytes(text.getvalue().encode("gbk"))
    return xlsx, gbk


def calamine_seconds(source: Path) -> float:
    """How fast this machine is: python-calamine's read of the input and nothing else."""
    import python_calamine

    best = float("inf")
    for _ in range(3):
        began = time.perf_counter()
        book = python_calamine.CalamineWorkbook.from_path(str(source))
        book.get_sheet_by_index(0).to_python()
        best = min(best, time.perf_counter() - began)
    return best


def cli(source: Path, output: Path, tree: Path, cpu: list) -> float:
    """Wall seconds; appends the CPU seconds (user + system) to `cpu`: fairer than wall clock
    on a shared machine."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    began = time.perf_counter()
    proc = subprocess.run([sys.executable, "-m", "policy", "lists", str(source), "-o", str(output), "--quiet"],
                          cwd=tree, capture_output=True, text=True)
    seconds = time.perf_counter() - began
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    if proc.returncode != 0:
        raise SystemExit(f"CLI failed ({proc.returncode}): {proc.stderr[-2000:]}")
    return seconds


def browser(site: Path, source: Path, rounds: int) -> list[float]:
    from playwright.sync_api import sync_playwright

    from build_scripts.website.server import serve_in_thread

    server, url = serve_in_thread(site)
    times = []
    try:
        with sync_playwright() as p:
            chromium = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
            page = chromium.new_page()
            page.goto(url + "lists.html")
            if not page.evaluate("() => Boolean(window.policyLists)"):  # until extra_javascript lists it
                page.add_script_tag(url=url + "assets/calculator/lists/lists.js", type="module")
            page.wait_for_selector("#policy-lists [data-lists-file]")
            page.wait_for_function("() => window.policyRuntime && window.policyRuntime.status.stage === 'ready'",
                                   timeout=90_000)
            # The spreadsheet reader (python-calamine) is loaded with the page, before a file is chosen.
            page.wait_for_selector("#policy-lists [data-lists-template]", timeout=90_000)
            for _ in range(rounds):
                page.set_input_files("#policy-lists [data-lists-file]", str(source))
                page.wait_for_function("() => document.getElementById('policy-lists').dataset.state !== 'busy'"
                                       " && window.policyLists.last", timeout=120_000)
                last = page.evaluate("() => window.policyLists.last")
                if "error" in last:
                    raise SystemExit(f"browser: {last['error']}")
                times.append(last["ms"] / 1000)
                page.evaluate("() => { window.policyLists.last = null; }")
            chromium.close()
    finally:
        server.shutdown()
        server.server_close()
    return times


def build_site(directory: Path) -> Path:
    site = directory / "site"
    env = dict(os.environ, SITE_DIR=str(site), NO_MKDOCS_2_WARNING="1")
    proc = subprocess.run([str(ROOT / "scripts" / "build-site")], cwd=ROOT, env=env, capture_output=True, text=True)
    if proc.returncode != 0:
        raise SystemExit(f"site build failed: {proc.stderr[-3000:]}")
    return site


def report(label: str, count: int, seconds: list[float], aim: float, cpu: list | None = None) -> None:
    best, median = min(seconds), statistics.median(seconds)
    verdict = "ok" if median < aim else "OVER AIM"
    extra = f"  cpu median {statistics.median(cpu):5.2f} s" if cpu else ""
    print(f"{label:<30} wall median {median:6.2f} s  best {best:6.2f} s  {count / median:8.0f} rows/s{extra}  "
          f"(aim < {aim:g} s: {verdict})")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--site", help="a built site (default: build one into a temporary directory)")
    parser.add_argument("--no-browser", action="store_true")
    parser.add_argument("--distinct", action="store_true", help="no two located facilities answered alike")
    parser.add_argument("--before", help="another checkout whose CLI runs beside ours (before/after)")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="lists-speed-") as tmp:
        directory = Path(tmp)
        xlsx, gbk = make_inputs(directory, args.rows, args.distinct)
        print(f"input: {args.rows} rows{' (distinct)' if args.distinct else ''}, {xlsx.stat().st_size} bytes .xlsx, "
              f"{gbk.stat().st_size} bytes GBK .csv")
        print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores; "
              f"python-calamine alone reads the .xlsx in {calamine_seconds(xlsx):.2f} s (best of 3; issue 12 measured "
              "0.13 s for the 10,000 rows on its machine)")
        trees = [("before", Path(args.before).resolve()), ("after", ROOT)] if args.before else [("", ROOT)]
        for label, source, out in (("CLI xlsx -> xlsx", xlsx, "out.xlsx"), ("CLI csv (GBK) -> csv", gbk, "out.csv")):
            seconds: dict = {name: [] for name, _ in trees}
            cpu: dict = {name: [] for name, _ in trees}
            for _ in range(args.rounds):
                for name, tree in trees:
                    seconds[name].append(cli(source, directory / out, tree, cpu[name]))
            for name, _ in trees:
                report(f"{label} {name}".strip(), args.rows, seconds[name], 2, cpu[name])
        if not args.no_browser:
            site = Path(args.site) if args.site else build_site(directory)
            report("Chromium xlsx -> xlsx", args.rows, browser(site, xlsx, args.rounds), 10)
    return 0


if __name__ == "__main__":
    sys.exit(main())
