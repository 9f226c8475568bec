"""The README's two set-up commands, and the set-up being idempotent and quick."""
from __future__ import annotations

import re
import subprocess
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_readme_has_exactly_the_two_commands():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = re.search(r"## 两条命令[^\n]*\n+```sh\n(.*?)```", readme, re.S)
    assert block, "README: the commands section is missing"
    commands = [line.split("#")[0].strip() for line in block.group(1).splitlines() if line.strip()]
    assert commands == ["scripts/serve", "scripts/test"]
    for name in commands:
        assert (ROOT / name).is_file() and (ROOT / name).stat().st_mode & 0o111


def test_second_setup_is_quick_and_changes_nothing():
    start = time.monotonic()
    proc = subprocess.run([str(ROOT / "scripts" / "setup")], cwd=ROOT, capture_output=True, text=True)
    elapsed = time.monotonic() - start
    assert proc.returncode == 0, proc.stderr
    assert "installing" not in proc.stderr and "creating" not in proc.stderr, proc.stderr
    assert elapsed < 15, f"second set-up took {elapsed:.1f} s"


def test_ci_run_fails_when_no_test_ran():
    proc = subprocess.run(["bash", str(ROOT / ".ci" / "run"), "-k", "no_test_is_called_like_this_xyz"],
                          cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert proc.returncode != 0
    assert "no tests" in proc.stderr
