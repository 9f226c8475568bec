// The calculator runtime's module Web Worker: the `policy` package in Pyodide; every answer
// comes from policy.api in Python. Made by early-start.js, its init as JSON in the URL's
// fragment: {base (runtime/'s URL), manifest? (carried by the page), wasm?: "page" (the
// page compiles pyodide.asm.wasm and posts {type: "wasm", module})}.
// In: {type: "call", id, name, args} (a call sent early waits for ready). Out: status
// {stage, detail}, ready {info}, error {code, message, detail}, result {id, ok, value |
// error, ms}.
//
// Everything is asked for at once; the memory snapshot (made after `import policy` and a
// warm-up) streams in while the wasm is instantiated (pyodide-start.js); the wheel and the
// rest of the compiled standard library are installed after the first answer. Any failure
// of that: loadPyodide() with documented options, the same answers, later.
// Figures: benchmarks/load_pyodide.py.

import { PYODIDE_CHECKED, SNAPSHOT_FORMAT, addStdlibRest, readSnapshot, startFromSnapshot } from "./pyodide-start.js";

const t0 = performance.now();
const ms = () => Math.round(performance.now() - t0);
const marks = {}; // ms since the worker started, per step (info.marks)
const mark = (name) => (marks[name] = ms());
const networkFetch = self.fetch.bind(self); // not the one a snapshot start puts in place
let setReady, setPageWasm;
const readyP = new Promise((resolve) => (setReady = resolve));
const pageWasmP = new Promise((resolve) => (setPageWasm = resolve));
let api = null; // {name: function of policy.api}
let install = null; // after a snapshot start: installs the wheel and the rest of the stdlib, once
let installed = false;
let info = {};
// Answered by the snapshot's own modules, before the wheel's files are on the file system.
const SNAPSHOT_READY = new Set(["evaluate", "form_spec", "schema"]);

// A failure the page explains in its own words (policy-runtime.js MESSAGES[code]).
const runtimeError = (code, message, detail = "") => Object.assign(new Error(message), { code, detail, explained: true });

const status = (stage, detail) => postMessage({ type: "status", stage, detail, ms: ms() });
const reportError = (e) => postMessage({ type: "error", code: e.code || "load_failed", message: e.message || String(e), detail: e.detail || String(e.stack || "") });

/** URL's response, or a runtimeError; a .wasm (WASM) must come as application/wasm: with
 * another type loadPyodide never settles. */
async function fetchOk(url, init, wasm = false) {
  let resp;
  try {
    resp = await networkFetch(url, init);
  } catch (e) {
    throw runtimeError("missing_file", `无法下载 ${url}`, String(e));
  }
  const type = (resp.headers.get("content-type") || "").split(";")[0].trim().toLowerCase() || "（无）";
  const error = !resp.ok ? runtimeError([404, 410].includes(resp.status) ? "missing_file" : "load_failed", `${url} 返回 HTTP ${resp.status}`, String(resp.status))
    : wasm && type !== "application/wasm" ? runtimeError("wasm_mime", `pyodide.asm.wasm 的 MIME 类型是 ${type}`, type) : null;
  if (error) throw (resp.body?.cancel(), error);
  return resp;
}

/** After a failure: throws for the first file of the manifest that is missing or wrong. */
async function diagnose(base, manifest) {
  for (const key of ["pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm", "stdlib", "stdlib_rest", "lock", "wheel"]) {
    if (manifest.files[key]) await fetchOk(new URL(manifest.files[key].path, base), { method: "HEAD" }, key === "pyodide.asm.wasm");
  }
}

/** The snapshot's bytes as they arrive, checked against the manifest's SIZE. */
async function* snapshotChunks(url, size) {
  const resp = await networkFetch(url);
  if (!resp.ok) throw new Error(`snapshot: HTTP ${resp.status}`);
  mark("snapshot_response");
  const reader = resp.body.getReader();
  let got = 0;
  for (let r = await reader.read(); !r.done; r = await reader.read()) yield ((got += r.value.length), r.value);
  if (got !== size) throw new Error("snapshot: wrong size");
  mark("snapshot_fetched");
}

async function start(base, pageManifest, wasmFromPage) {
  status("download", "manifest");
  const manifest = pageManifest?.format === 1 ? pageManifest
    : await (await fetchOk(new URL("manifest.json", base), { cache: "no-cache" })).json();
  if (manifest.format !== 1 || !manifest.files) throw runtimeError("bad_manifest", "manifest.json 格式不符");
  const url = (key) => new URL(manifest.files[key].path, base).href;
  const index = new URL(manifest.index, base).href;
  info = { pyodide: manifest.pyodide_version, wheel: manifest.wheel };
  // Compiled by the page, else here; a wrong MIME type fails here, where loadPyodide would hang.
  const wasmModule = (wasmFromPage ? pageWasmP : Promise.resolve(null)).then((m) =>
    m || fetchOk(url("pyodide.asm.wasm"), {}, true).then((resp) => WebAssembly.compileStreaming(resp)));
  wasmModule.then(() => mark("wasm_compiled"), () => {});
  const guard = (p) => Promise.race([p, wasmModule.then(() => new Promise(() => {}))]);
  const snap = manifest.snapshot?.format === SNAPSHOT_FORMAT && manifest.pyodide_version === PYODIDE_CHECKED
    ? manifest.files.snapshot : null;
  const snapshot = snap ? readSnapshot(snapshotChunks(url("snapshot"), snap.size)) : null;
  // Tests: is the buffer let go once restored (tests/website/test_runtime_start.py)?
  snapshot?.buffer.then((buffer) => (self.policySnapshotBuffer = new WeakRef(buffer)), () => {});
  const lock = fetchOk(url("lock")).then((r) => r.text());
  const stdlib = snap ? networkFetch(url("stdlib")) : null;
  const modules = Promise.all([import(url("pyodide.mjs")), import(url("pyodide.asm.mjs"))]);
  for (const p of [lock, stdlib, modules]) p?.catch(() => {});
  let pyodide, asm;
  try {
    [pyodide, asm] = await modules;
  } catch (e) {
    await diagnose(base, manifest);
    throw runtimeError("load_failed", "无法加载 pyodide.mjs", String(e));
  }
  mark("modules_imported");
  status("start", snap ? "snapshot" : "plain");
  const config = { indexURL: index, stdLibURL: url("stdlib"), lockFileContents: lock, packageBaseUrl: index, checkAPIVersion: true };
  const installAll = async (py) => { // the rest of the stdlib, and the wheel (its sha256 checked)
    addStdlibRest(py, new Uint8Array(await (await fetchOk(url("stdlib_rest"))).arrayBuffer()));
    const errors = [];
    await py.loadPackage(manifest.package, { messageCallback: () => {}, errorCallback: (m) => errors.push(m) });
    if (errors.length) throw runtimeError("missing_file", `无法安装 ${manifest.package}`, errors.join("\n"));
  };
  if (snapshot) {
    try {
      const py = await guard(startFromSnapshot({ pyodide, asm, config, snapshot,
        wasm: { url: url("pyodide.asm.wasm"), module: wasmModule }, early: { [url("stdlib")]: stdlib } }));
      mark("restored");
      bindApi(py); // a restore gone wrong fails here, and then starts plainly
      info.start = "snapshot";
      installLater(() => installAll(py));
      return;
    } catch (e) {
      if (e?.explained) throw e;
      console.warn("policy runtime: memory snapshot failed, starting normally", e);
    }
  }
  try {
    const py = await guard(pyodide.loadPyodide(config));
    mark("started");
    await installAll(py);
    mark("package_installed");
    bindApi(py);
    info.start = "plain";
  } catch (e) {
    if (e?.explained) throw e;
    await diagnose(base, manifest);
    throw runtimeError("load_failed", String(e.message || e), String(e.stack || e));
  }
}

/** After a snapshot start (the file system is not in the snapshot): INSTALL after the first
 * evaluate() answer or 1 s after ready; calls other than SNAPSHOT_READY wait for it; if it
 * fails, the runtime reports it and stops. */
function installLater(run) {
  let installing = null;
  install = () => (installing ||= run().then(() => ((installed = true), mark("package_installed")), (e) => {
    api = null;
    reportError(e);
    throw e;
  }));
  setTimeout(() => install().catch(() => {}), 1000);
}

function bindApi(pyodide) {
  const mod = pyodide.pyimport("policy.api");
  const names = pyodide.runPython("import policy.api as m; ' '.join(n for n in dir(m) if not n.startswith('_') and callable(getattr(m, n)))");
  api = Object.fromEntries(names.split(" ").map((name) => [name, mod[name]]));
}

async function init(msg) {
  mark("init_received");
  try {
    await start(msg.base, msg.manifest, msg.wasm === "page");
    info.marks = marks;
    info.started_at = performance.timeOrigin + t0; // epoch ms: the page computes when, in its own time
    postMessage({ type: "ready", info, ms: ms() });
    setReady();
  } catch (e) {
    reportError(e);
  }
}

async function call(msg) {
  await readyP;
  let t = performance.now();
  try {
    const fn = api?.[msg.name];
    if (!fn) throw new Error(api ? `policy.api 没有函数 ${msg.name}` : "运行环境尚未就绪");
    if (install && !SNAPSHOT_READY.has(msg.name)) (await install(), (t = performance.now()));
    let value;
    try {
      value = await fn(...msg.args); // a Promise (policy.api.lists_load) is awaited
    } catch (e) {
      if (!install || installed) throw e;
      await install(); // perhaps a file of the wheel was needed: install, then try again
      t = performance.now();
      value = await fn(...msg.args);
    }
    postMessage({ type: "result", id: msg.id, ok: true, value: String(value), ms: performance.now() - t });
    if (install && msg.name === "evaluate") setTimeout(() => install().catch(() => {}), 0);
  } catch (e) {
    // A Python exception's message is its whole traceback: the page gets its type only.
    const text = e?.message || String(e);
    const error = /Traceback \(most recent call last\)/.test(text) ? `内部错误（${e.type || "Python"}），请将输入发给维护人员。` : text;
    postMessage({ type: "result", id: msg.id, ok: false, error });
  }
}

self.onmessage = ({ data: msg }) => {
  if (msg.type === "call") call(msg);
  else if (msg.type === "wasm") setPageWasm(msg.module instanceof WebAssembly.Module ? msg.module : null);
};

try {
  init(JSON.parse(decodeURIComponent(self.location.hash.slice(1))));
} catch (e) {
  reportError(runtimeError("load_failed", "worker.js: no init in its URL", String(e)));
}
