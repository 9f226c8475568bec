"""A fresh clone is all a user has: nothing the project runs may read outside the repository.

The plan's text and every other input live in the repository; the shared folder exists beside a
developer's checkout and CI's, but not beside a user's clone.
"""
from __future__ import annotations

import re
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# A path that climbs out of the repository into a sibling folder named shared.
OUTSIDE = re.compile(r"\.\./shared|[\"']shared[\"']\s*/|/\s*[\"']shared[\"']|parent\s*/\s*[\"']shared[\"']")


def tracked_files() -> list[Path]:
    out = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True).stdout
    return [ROOT / name for name in out.decode().split("\0") if name]


def test_nothing_reads_outside_the_repository():
    offenders = []
    for path in tracked_files():
        if path.suffix == ".md" or not path.is_file():
            continue  # prose may name the shared folder as a source
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            continue
        offenders += [f"{path.relative_to(ROOT)}:{n}" for n, line in enumerate(text.splitlines(), 1)
                      if OUTSIDE.search(line)]
    assert offenders == []


def test_the_pattern_catches_the_old_reference():
    # the line test_plan_text.py had before the text moved into the repository (built from
    # pieces, so that this file does not itself hold what it looks for)
    folder = '"' + "shared" + '"'
    assert OUTSIDE.search(f'Path(__file__).resolve().parents[2].parent / {folder} / "plan"')
    assert OUTSIDE.search("open('.." + "/shared/plan/READING.md')")
