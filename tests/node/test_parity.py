"""policy.api in Pyodide (npm `pyodide`, under Node) gives byte-identical JSON to CPython.

Every declarative case of tests/cases/ and a few hundred generated inputs run in one
Node process per start mode: from the memory snapshot (what the page does first) and
from a plain start with the compiled standard library (the page's fallback). Nothing
may be fetched from the network.
"""
from __future__ import annotations

import hashlib
import json
import zipfile

import pytest

import policy.api
from tests.conftest import ROOT
from tests.casebook import load_cases
from tests.node.generate import generate_inputs
from build_scripts.runtime import LISTS_PACKAGES

CASES = load_cases()
CASE_TEXTS = [json.dumps(case.input, ensure_ascii=False) for case in CASES]
GENERATED = generate_inputs(json.loads(policy.api.form_spec()), count=300)
MODES = ["snapshot", "plain"]


@pytest.fixture(scope="module")
def outputs(node_runtime, run_node) -> dict:
    return {mode: run_node(node_runtime, mode, CASE_TEXTS + GENERATED) for mode in MODES}


def test_there_are_cases_and_generated_inputs():
    assert len(CASES) >= 10
    assert len(GENERATED) == 300


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("index", range(len(CASES)), ids=[case.id for case in CASES])
def test_case_is_byte_identical(outputs, mode, index):
    expected = policy.api.evaluate(CASE_TEXTS[index])
    assert outputs[mode]["evaluate"][index] == expected


@pytest.mark.parametrize("mode", MODES)
def test_generated_inputs_are_byte_identical(outputs, mode):
    got = outputs[mode]["evaluate"][len(CASES):]
    assert len(got) == len(GENERATED)
    differ = [i for i, text in enumerate(GENERATED) if got[i] != policy.api.evaluate(text)]
    assert not differ, f"{len(differ)} differ, first input: {GENERATED[differ[0]]}"


def test_generated_inputs_reach_both_results_and_errors():
    oks = [json.loads(policy.api.evaluate(text)).get("ok") for text in GENERATED]
    assert oks.count(True) >= 60, "the generator should mostly produce assessable input"
    assert oks.count(False) >= 20, "and some invalid input"
    outcomes = {f["outcome"] for text in GENERATED
                for f in (json.loads(policy.api.evaluate(text)).get("result") or {}).get("facilities", [])}
    assert len(outcomes) >= 4, outcomes


@pytest.mark.parametrize("mode", MODES)
def test_form_spec_and_schema_are_byte_identical(outputs, mode):
    assert outputs[mode]["form_spec"] == policy.api.form_spec()
    assert outputs[mode]["schema"] == policy.api.schema()


@pytest.mark.parametrize("mode", MODES)
def test_runs_pyodide_python_from_compiled_wheel_without_network(outputs, node_runtime, mode):
    manifest = json.loads((node_runtime / "manifest.json").read_text())
    out = outputs[mode]
    assert out["python"] == manifest["python"]
    assert out["policy_file"].endswith("/site-packages/policy/__init__.pyc")
    assert out["blocked"] == []


def test_a_package_not_shipped_fails_loudly_instead_of_using_the_cdn(node_runtime, run_node):
    out = run_node(node_runtime, "stock-cdn")
    assert out["loaded"] is False
    assert out["blocked"] and all(url.startswith("https://") for url in out["blocked"]), out
    assert "network access blocked" in out["error"], out


def test_manifest_lists_hashed_files_that_exist(node_runtime):
    manifest = json.loads((node_runtime / "manifest.json").read_text())
    assert manifest["pyodide_version"] == "314.0.7"
    for key, entry in manifest["files"].items():
        path = node_runtime / entry["path"]
        assert path.is_file(), key
        assert path.stat().st_size == entry["size"], key
        assert hashlib.sha256(path.read_bytes()).hexdigest() == entry["sha256"], key
        if key in ("stdlib", "stdlib_rest", "lock", "wheel", "snapshot"):  # content can change: hash in the path
            assert entry["sha256"][:16] in entry["path"], key
    assert "snapshot" in manifest["files"], "the build should make a memory snapshot"
    assert (node_runtime / (manifest["files"]["snapshot"]["path"] + ".gz")).is_file()


def test_snapshot_start_answers_before_the_rest_of_the_stdlib_is_added(outputs):
    """What the page does: the byte-identical answers above came, in snapshot mode, from
    the first stdlib zip alone; a plain start adds the rest before it answers."""
    assert outputs["snapshot"]["stdlib_rest_before_answers"] is False
    assert outputs["plain"]["stdlib_rest_before_answers"] is True


def test_stdlib_is_split_in_two_disjoint_zips_of_the_compiled_stdlib(node_runtime):
    """The first zip holds what the start imports, the rest everything else: together
    exactly the stock standard library, compiled; loadPackage's modules are in the rest."""
    manifest = json.loads((node_runtime / "manifest.json").read_text())
    names = {}
    for key in ("stdlib", "stdlib_rest", "stock_stdlib"):
        with zipfile.ZipFile(node_runtime / manifest["files"][key]["path"]) as z:
            names[key] = [n for n in z.namelist() if not n.endswith("/")]
    first, rest = set(names["stdlib"]), set(names["stdlib_rest"])
    assert not first & rest
    compiled = {n + "c" if n.endswith(".py") else n for n in names["stock_stdlib"]}
    assert first | rest == compiled
    assert {"asyncio/__init__.pyc", "json/__init__.pyc", "dataclasses.pyc", "fractions.pyc"} <= first
    assert {"tarfile.pyc", "importlib/metadata/__init__.pyc", "email/__init__.pyc"} <= rest
    assert manifest["files"]["stdlib"]["size"] < manifest["files"]["stdlib_rest"]["size"]


def test_lock_holds_our_compiled_wheel_and_the_lists_wheels_only(node_runtime):
    manifest = json.loads((node_runtime / "manifest.json").read_text())
    lock = json.loads((node_runtime / manifest["files"]["lock"]["path"]).read_text())
    # our package, and python-calamine for the lists page (loaded there only, never at the start)
    assert sorted(lock["packages"]) == sorted([manifest["package"], *LISTS_PACKAGES])
    entry = lock["packages"][manifest["package"]]
    wheel = node_runtime / manifest["index"] / entry["file_name"]
    assert entry["sha256"] == hashlib.sha256(wheel.read_bytes()).hexdigest()
    assert entry["imports"] == ["policy"]
    with zipfile.ZipFile(wheel) as z:
        names = z.namelist()
    assert not [n for n in names if n.endswith(".py")], "the wheel should hold bytecode only"
    assert "policy/api.pyc" in names
    data = sorted(p.relative_to(ROOT).as_posix() for p in (ROOT / "policy").rglob("*.json"))
    assert [n for n in data if n not in names] == [], "package data must be in the wheel"
    stock = json.loads((node_runtime / manifest["files"]["stock_lock"]["path"]).read_text())
    assert stock["packages"][manifest["package"]] == entry
