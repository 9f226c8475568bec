// Run policy.api in Pyodide under Node, from the built runtime, with no network.
//
//   node parity.mjs RUNTIME_DIR snapshot|plain INPUTS.json OUT.json
//       INPUTS.json: a JSON list of input texts. OUT.json gets
//       {"evaluate": [output text…], "form_spec": text, "schema": text, "start": …, "python": …}
//   node parity.mjs RUNTIME_DIR stock-cdn - OUT.json
//       tries to load a package that the stock lock file names but the runtime does not
//       ship (Pyodide would fetch it from the CDN); OUT.json gets {"error": message}.

import fs from "node:fs";
import path from "node:path";
import { startPyodide, loadLocalPackages, addStdlibRest, readManifest, blockedRequests } from "../../build_scripts/runtime/node_pyodide.mjs";

const [runtimeDir, mode, inputsFile, outFile] = process.argv.slice(2);
const manifest = readManifest(runtimeDir);
const indexDir = path.join(runtimeDir, manifest.index);
const file = (k) => path.join(runtimeDir, manifest.files[k].path);

async function parity() {
  if (mode === "snapshot" && !manifest.files.snapshot) throw new Error("the runtime has no snapshot");
  const t0 = performance.now();
  const { pyodide } = await startPyodide({
    indexDir,
    stdlib: file("stdlib"),
    lockFile: file("lock"),
    snapshot: mode === "snapshot" ? file("snapshot") : undefined,
  });
  // The page's order (calculator/runtime/worker.js): a snapshot start answers evaluate,
  // form_spec and schema before it adds the rest of the standard library and installs the
  // package; a plain start does both first.
  const install = async () => {
    addStdlibRest(pyodide, fs.readFileSync(file("stdlib_rest")));
    await loadLocalPackages(pyodide, indexDir, [manifest.package]);
  };
  if (mode !== "snapshot") await install();
  const api = pyodide.pyimport("policy.api");
  const started = performance.now();
  const inputs = JSON.parse(fs.readFileSync(inputsFile, "utf8"));
  const evaluate = inputs.map((text) => api.evaluate(text));
  const done = performance.now();
  const answers = { form_spec: api.form_spec(), schema: api.schema ? api.schema() : null };
  const stdlibRestBefore = pyodide.runPython("import sys; any(p.endswith('-rest.zip') for p in sys.path)");
  if (mode === "snapshot") await install();
  return {
    evaluate,
    ...answers,
    stdlib_rest_before_answers: stdlibRestBefore,
    python: pyodide.runPython("import sys; sys.version.split()[0]"),
    policy_file: pyodide.runPython("import policy; policy.__file__"),
    start_ms: started - t0,
    per_evaluate_ms: inputs.length ? (done - started) / inputs.length : 0,
    blocked: blockedRequests,
  };
}

async function stockCdn() {
  // Stock options: the lock file beside pyodide.mjs, packages missing on disk go to the CDN.
  const { pyodide } = await startPyodide({ indexDir });
  const errors = [];
  try {
    await pyodide.loadPackage("six", { messageCallback: () => {}, errorCallback: (m) => errors.push(m) });
  } catch (e) {
    errors.push(String(e.message || e));
  }
  const loaded = pyodide.runPython("import importlib.util; bool(importlib.util.find_spec('six'))");
  return { error: errors.join("\n") || null, blocked: blockedRequests, loaded };
}

try {
  const out = mode === "stock-cdn" ? await stockCdn() : await parity();
  fs.writeFileSync(outFile, JSON.stringify(out));
  process.exit(0);
} catch (e) {
  process.stderr.write(`parity.mjs: ${e.stack || e}\n`);
  process.exit(1);
}
