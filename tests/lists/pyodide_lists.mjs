// The county lists in Pyodide under Node, from the built runtime, with no network: the
// page's order (calculator/runtime/worker.js and calculator/lists/lists.js).
//
//   node pyodide_lists.mjs RUNTIME_DIR INPUTS.json OUT.json
//       INPUTS.json: [{"filename", "base64"}…]. OUT.json gets {"load": answer of lists_load,
//       "calamine_before_load": bool, "answers": [{"start", "finish"}…]}.

import fs from "node:fs";
import path from "node:path";
import { startPyodide, loadLocalPackages, addStdlibRest, readManifest, blockedRequests } from "../../build_scripts/runtime/node_pyodide.mjs";

const [runtimeDir, inputsFile, outFile] = process.argv.slice(2);
const manifest = readManifest(runtimeDir);
const indexDir = path.join(runtimeDir, manifest.index);
const file = (k) => path.join(runtimeDir, manifest.files[k].path);

const { pyodide } = await startPyodide({ indexDir, stdlib: file("stdlib"), lockFile: file("lock"),
  snapshot: manifest.files.snapshot ? file("snapshot") : undefined });
addStdlibRest(pyodide, fs.readFileSync(file("stdlib_rest")));
await loadLocalPackages(pyodide, indexDir, [manifest.package]);
const before = pyodide.runPython("import importlib.util; importlib.util.find_spec('python_calamine') is not None");
const api = pyodide.pyimport("policy.api");
const load = JSON.parse(await api.lists_load()); // the worker awaits what a call returns
const answers = [];
for (const { filename, base64 } of JSON.parse(fs.readFileSync(inputsFile, "utf8"))) {
  const start = JSON.parse(api.lists_start(filename, base64));
  let finish = null;
  if (start.ok) {
    api.lists_step(String(1e9));
    finish = JSON.parse(api.lists_finish("xlsx"));
  }
  answers.push({ start, finish });
}
fs.writeFileSync(outFile, JSON.stringify({ load, calamine_before_load: before, answers, blocked: blockedRequests }));
