// Build steps that must run inside Pyodide (called by build_scripts/runtime.py).
//
//   node tool.mjs compile INDEX_DIR STDLIB_IN STDLIB_OUT WHEEL_IN WHEEL_OUT
//       bytecode-compile the standard library zip and our wheel with Pyodide's own Python
//   node tool.mjs modules INDEX_DIR STDLIB LOCKFILE PACKAGE WARMUP_JSON
//       start Pyodide, load PACKAGE and warm it up as `snapshot` does; print the files of
//       STDLIB that the imported modules came from (the page's first stdlib zip)
//   node tool.mjs snapshot INDEX_DIR STDLIB LOCKFILE PACKAGE OUT WARMUP_JSON
//       start Pyodide, load PACKAGE, import policy.api, warm it up, write a memory snapshot
//       to OUT
//   node tool.mjs check INDEX_DIR STDLIB STDLIB_REST LOCKFILE PACKAGE [SNAPSHOT]
//       start (from the snapshot if given) with STDLIB, call form_spec(), then add
//       STDLIB_REST and load PACKAGE, as the page does; print sizes and timing
//
// Prints one JSON line on stdout with what it did.

import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { startPyodide, loadLocalPackages, addStdlibRest } from "./node_pyodide.mjs";

const here = path.dirname(fileURLToPath(import.meta.url));
const [cmd, ...args] = process.argv.slice(2);

function fail(msg) {
  process.stderr.write(`tool.mjs: ${msg}\n`);
  process.exit(1);
}

async function compile(indexDir, stdIn, stdOut, whlIn, whlOut) {
  const { pyodide } = await startPyodide({ indexDir });
  const py = fs.readFileSync(path.join(here, "compile_in_pyodide.py"), "utf8");
  pyodide.FS.mkdirTree("/build");
  pyodide.FS.writeFile("/build/std_in.zip", fs.readFileSync(stdIn));
  pyodide.FS.writeFile("/build/whl_in.whl", fs.readFileSync(whlIn));
  const ns = pyodide.globals.get("dict")();
  pyodide.runPython(py, { globals: ns });
  const compileZip = ns.get("compile_zip");
  const info = {};
  info.stdlib = compileZip("/build/std_in.zip", "/build/std_out.zip", "/lib/python314.zip/", false).toJs({ dict_converter: Object.fromEntries });
  const sitePackages = pyodide.runPython("import sysconfig; sysconfig.get_path('purelib')");
  info.wheel = compileZip("/build/whl_in.whl", "/build/whl_out.whl", sitePackages + "/", true).toJs({ dict_converter: Object.fromEntries });
  info.python = pyodide.runPython("import sys; sys.version");
  fs.writeFileSync(stdOut, pyodide.FS.readFile("/build/std_out.zip"));
  fs.writeFileSync(whlOut, pyodide.FS.readFile("/build/whl_out.whl"));
  return info;
}

// Installs the wheel by unpacking it from Python, not with loadPackage(): loadPackage
// leaves JS objects behind that makeMemorySnapshot() refuses. The page reinstalls the
// same wheel with loadPackage() after restoring (the file system is not in the snapshot),
// after its first answer: the modules that install imports are not imported here, as each
// would make the snapshot, which the page waits for, larger (measured: 0.4 MB).
const WARMUP = `
import sysconfig, zipfile
with zipfile.ZipFile("/build/pkg.whl") as _z:
    _z.extractall(sysconfig.get_path("purelib"))
del _z
import policy, policy.api
policy.api.form_spec()
import json
for _t in json.load(open("/build/warmup.json", encoding="utf-8")):
    policy.api.evaluate(_t)
del _t
import gc; gc.collect()
`;

// The files of the standard-library zip that the modules imported so far came from.
const STDLIB_FILES_IMPORTED = `
import sys
_zip = next(p for p in sys.path if p.endswith(".zip")) + "/"
sorted({m.__spec__.origin[len(_zip):] for m in list(sys.modules.values())
        if getattr(getattr(m, "__spec__", None), "origin", None) and m.__spec__.origin.startswith(_zip)})
`;

function warmUp(pyodide, indexDir, lockFile, pkg, warmupFile) {
  const entry = JSON.parse(fs.readFileSync(lockFile, "utf8")).packages[pkg];
  pyodide.FS.mkdirTree("/build");
  pyodide.FS.writeFile("/build/pkg.whl", fs.readFileSync(path.join(indexDir, entry.file_name)));
  pyodide.FS.writeFile("/build/warmup.json", fs.readFileSync(warmupFile));
  pyodide.runPython(WARMUP);
}

async function modules(indexDir, stdlib, lockFile, pkg, warmupFile) {
  const { pyodide } = await startPyodide({ indexDir, stdlib, lockFile });
  warmUp(pyodide, indexDir, lockFile, pkg, warmupFile);
  return { files: pyodide.runPython(STDLIB_FILES_IMPORTED).toJs() };
}

async function snapshot(indexDir, stdlib, lockFile, pkg, out, warmupFile) {
  const { pyodide, snapshot: take } = await startPyodide({ indexDir, stdlib, lockFile, makeSnapshot: true });
  warmUp(pyodide, indexDir, lockFile, pkg, warmupFile);
  const bytes = take();
  fs.writeFileSync(out, bytes);
  return { bytes: bytes.length };
}

/** The page's order: an answer from what the start brought, then the rest of the stdlib and the package. */
async function check(indexDir, stdlib, stdlibRest, lockFile, pkg, snap) {
  const t0 = performance.now();
  const { pyodide } = await startPyodide({ indexDir, stdlib, lockFile, snapshot: snap });
  const t1 = performance.now();
  const spec = snap ? pyodide.runPython("import policy.api; policy.api.form_spec()") : null;
  const t2 = performance.now();
  addStdlibRest(pyodide, fs.readFileSync(stdlibRest));
  await loadLocalPackages(pyodide, indexDir, [pkg]);
  const t3 = performance.now();
  const specAfter = pyodide.runPython("import policy.api; policy.api.form_spec()");
  if (spec !== null && spec !== specAfter) throw new Error("form_spec() differs before and after the install");
  const file = pyodide.runPython("import policy; policy.__file__");
  return {
    start_ms: Math.round(t1 - t0),
    first_answer_ms: snap ? Math.round(t2 - t1) : null,
    package_ms: Math.round(t3 - t2),
    form_spec_chars: specAfter.length,
    policy_file: file,
  };
}

const commands = { compile, modules, snapshot, check };
if (!commands[cmd]) fail(`unknown command ${cmd}; use one of ${Object.keys(commands).join(", ")}`);
try {
  const result = await commands[cmd](...args);
  process.stdout.write(JSON.stringify(result) + "\n");
  process.exit(0);
} catch (e) {
  fail(e?.stack || String(e));
}
