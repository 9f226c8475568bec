"""calculator/runtime/pyodide-start.js, the one module that uses Pyodide's private parts,
on the pinned Pyodide: it names the version it was checked against, and each way the
snapshot start can fail ends in an error its callers catch (the page then starts with the
documented options: tests/browser/test_runtime_failures.py), never in a hang or a silently
different start. The snapshot start itself, through this module, is what the parity tests
run in snapshot mode (node_pyodide.mjs), byte for byte against CPython."""
from __future__ import annotations

import json
import re
import subprocess

import pytest

from build_scripts.runtime import PYODIDE_VERSION
from tests.conftest import ROOT

ADAPTER = ROOT / "calculator" / "runtime" / "pyodide-start.js"


def node(script: str, timeout: int = 300) -> dict:
    """Run SCRIPT (an ES module that prints one JSON line) with the adapter imported as `a`
    and the harness as `h`."""
    prelude = (f"import * as a from {json.dumps(ADAPTER.as_uri())};\n"
               f"import * as h from {json.dumps((ROOT / 'build_scripts/runtime/node_pyodide.mjs').as_uri())};\n")
    proc = subprocess.run(["node", "--input-type=module", "-e", prelude + script], cwd=ROOT,
                          capture_output=True, text=True, timeout=timeout)
    if proc.returncode != 0:
        pytest.fail(f"node failed ({proc.returncode}):\n{proc.stderr[-6000:]}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def test_checked_against_the_pinned_pyodide():
    """An upgrade of Pyodide (package.json, build_scripts/runtime.py) fails here until the
    adapter has been checked against it and says so."""
    checked = re.search(r'export const PYODIDE_CHECKED = "([^"]+)";', ADAPTER.read_text(encoding="utf-8")).group(1)
    pin = json.loads((ROOT / "package.json").read_text(encoding="utf-8"))["dependencies"]["pyodide"]
    installed = json.loads((ROOT / "node_modules/pyodide/package.json").read_text(encoding="utf-8"))["version"]
    assert checked == PYODIDE_VERSION == pin == installed


def test_reads_the_snapshot_format_the_build_writes():
    """The page starts from the snapshot only when the manifest names the format the
    adapter reads (otherwise plainly: slower, same answers)."""
    from build_scripts.runtime import SNAPSHOT_FORMAT
    found = re.search(r'export const SNAPSHOT_FORMAT = "([^"]+)";', ADAPTER.read_text(encoding="utf-8")).group(1)
    assert found == SNAPSHOT_FORMAT


def test_another_pyodide_is_refused_before_anything_starts():
    out = node("""
const calls = [];
const pyodide = {version: "315.0.0", loadPyodide: () => calls.push("loadPyodide")};
let error = null;
try { await a.startFromSnapshot({pyodide, asm: {}, config: {}, snapshot: a.readSnapshot([])}); } catch (e) { error = e.message; }
console.log(JSON.stringify({error, calls}));
""")
    assert "315.0.0" in out["error"] and "314.0.7" in out["error"] and out["calls"] == []


def test_sparse_reader_refuses_what_is_not_the_format():
    out = node("""
const words = (...w) => new Uint8Array(new Uint32Array(w).buffer);
const MAGIC = 0x33504e53;
const cases = [[words(0x58585858, 64, 0)], [words(MAGIC, 64, 1), words(60, 8)], [words(MAGIC, 64, 0).subarray(0, 8)],
               [words(MAGIC, 64, 1), words(0, 8), new Uint8Array(4)], [words(MAGIC, 64, 0), new Uint8Array(1)]];
const errors = [];
for (const chunks of cases) {
  const {buffer, filled} = a.readSnapshot(chunks);
  errors.push(await filled.then(() => null, (e) => e.message), await buffer.then(() => null, (e) => e.message));
}
const {buffer, filled} = a.readSnapshot([words(MAGIC, 64, 1), words(0, 8).subarray(0, 3), words(0, 8).subarray(3),
                                         new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8])]);
await filled;
const bytes = await buffer;
console.log(JSON.stringify({errors, start: [...bytes.subarray(0, 10)], size: bytes.length}));
""")
    assert out["errors"] == ["snapshot: not a sparse snapshot"] * 2 + ["snapshot: bad segment"] * 2 + [
        "snapshot: truncated"] * 2 + ["snapshot: truncated", None] + ["snapshot: trailing bytes", None]
    assert out["start"] == [1, 2, 3, 4, 5, 6, 7, 8, 0, 0] and out["size"] == 64


def test_the_snapshot_may_stream_in_while_pyodide_starts(node_runtime):
    """Pyodide gets the buffer once the header is read, and reads it only after
    createPyodideModule, which waits for the last byte: a snapshot whose second half comes
    late starts the same (here: the same form spec as CPython's)."""
    import policy.api
    manifest = json.loads((node_runtime / "manifest.json").read_text(encoding="utf-8"))
    path = lambda key: json.dumps(str(node_runtime / manifest["files"][key]["path"]))  # noqa: E731
    out = node(f"""
h.blockNetwork();
const fs = await import("node:fs");
const index = {json.dumps(str(node_runtime / manifest["index"]) + "/")};
const data = new Uint8Array(fs.readFileSync({path("snapshot")}));
async function* late() {{
  yield data.subarray(0, data.length >> 1);
  await new Promise((resolve) => setTimeout(resolve, 500));
  yield data.subarray(data.length >> 1);
}}
const [pyodide, asm] = [await import(index + "pyodide.mjs"), await import(index + "pyodide.asm.mjs")];
const py = await a.startFromSnapshot({{pyodide, asm, snapshot: a.readSnapshot(late()),
                                       config: {{indexURL: index, stdLibURL: {path("stdlib")}}}}});
console.log(JSON.stringify({{spec: py.runPython("import policy.api; policy.api.form_spec()")}}));
""")
    assert out["spec"] == policy.api.form_spec()


@pytest.mark.parametrize("how", ["corrupt", "refused", "cut short"])
def test_an_unusable_snapshot_fails_the_start_with_an_error(node_runtime, tmp_path, how):
    """Pyodide refuses a snapshot of another build (its build id, in the header the first
    segment holds); a sparse file that is not one or is cut short fails in the reader: each
    time startFromSnapshot rejects."""
    manifest = json.loads((node_runtime / "manifest.json").read_text(encoding="utf-8"))
    data = bytearray((node_runtime / manifest["files"]["snapshot"]["path"]).read_bytes())
    if how == "corrupt":
        data[:4] = b"XXXX"
    elif how == "refused":
        data[12 + 8 * int.from_bytes(data[8:12], "little") + 16] ^= 0xFF  # the build id
    else:
        del data[len(data) // 2:]
    bad = tmp_path / "snapshot.bin"
    bad.write_bytes(bytes(data))
    index = node_runtime / manifest["index"]
    out = node(f"""
let error = null;
const t0 = performance.now();
try {{
  await h.startPyodide({{indexDir: {json.dumps(str(index))}, snapshot: {json.dumps(str(bad))},
                        stdlib: {json.dumps(str(node_runtime / manifest["files"]["stdlib"]["path"]))}}});
}} catch (e) {{ error = String(e.message || e); }}
console.log(JSON.stringify({{error, ms: performance.now() - t0}}));
""")
    assert out["error"], out
    expected = {"corrupt": "not a sparse snapshot", "refused": "build id", "cut short": "truncated"}[how]
    assert expected in out["error"], out
