"""Fixtures of the Pyodide-under-Node tests.

- node_runtime: the runtime built once per session by `python -m build_scripts.runtime`
  into a temporary directory (or POLICY_RUNTIME_DIR, when it holds a build made from the
  current sources, to save the ~15 s build).
- run_node(*args): run tests/node/parity.mjs; fails the test with Node's stderr.
"""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PARITY = Path(__file__).with_name("parity.mjs")


@pytest.fixture(scope="session")
def node_runtime(tmp_path_factory) -> Path:
    if shutil.which("node") is None:
        pytest.fail("node is not installed: the Pyodide tests need Node.js ≥ 20 (see package.json)")
    given = os.environ.get("POLICY_RUNTIME_DIR")
    if given:
        out = Path(given)
        assert (out / "manifest.json").is_file(), f"POLICY_RUNTIME_DIR={given} holds no built runtime"
        return out
    out = tmp_path_factory.mktemp("runtime") / "runtime"
    proc = subprocess.run([sys.executable, "-m", "build_scripts.runtime", str(out)], cwd=ROOT,
                          capture_output=True, text=True)
    if proc.returncode != 0:
        pytest.fail(f"runtime build failed ({proc.returncode}):\n{proc.stdout[-3000:]}\n{proc.stderr[-8000:]}")
    return out


@pytest.fixture(scope="session")
def run_node(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("node")

    def run(runtime: Path, mode: str, inputs: list[str] | None = None, timeout: int = 600) -> dict:
        inputs_file = tmp / f"inputs-{mode}.json"
        out_file = tmp / f"out-{mode}.json"
        inputs_file.write_text(json.dumps(inputs or [], ensure_ascii=False), encoding="utf-8")
        proc = subprocess.run(["node", str(PARITY), str(runtime), mode, str(inputs_file), str(out_file)],
                              cwd=ROOT, capture_output=True, text=True, timeout=timeout)
        if proc.returncode != 0:
            pytest.fail(f"node {PARITY.name} {mode} failed ({proc.returncode}):\n{proc.stderr[-8000:]}")
        return json.loads(out_file.read_text(encoding="utf-8"))

    return run
