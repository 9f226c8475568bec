// Module Web Worker that runs the `policy` package in Pyodide. Made by early-start.js
// (startWorker), with its init as JSON in the URL's fragment:
//   {type: "init", base: "<absolute URL of runtime/>", mode: "fast"|"stock",
//    manifest?: runtime/manifest.json's content, wasm?: "page" (the page compiles
//    pyodide.asm.wasm and sends it: {type: "wasm", module: WebAssembly.Module | null})}
// Messages in: {type: "call", id, name, args: [string…]} (a function of policy.api; one sent
// before ready waits for it); {type: "resources"|"memory", id} (benchmarks, tests).
// Messages out: {type: "status", stage: "download"|"start", detail, ms}; {type: "ready", info,
// ms}; {type: "error", code, message, detail} (missing_file | wasm_mime | load_failed |
// bad_manifest); {type: "result", id, ok, value | error, ms}.
// No rule logic here: every answer comes from policy.api in Python.
//
// Fast start (figures: benchmarks/load_pyodide.py): with the manifest, everything is asked
// for at once; the memory snapshot (taken after `import policy` and a warm-up) streams into
// the buffer Pyodide restores from, while the wasm (compiled by the page, where a later
// visit finds it compiled) is instantiated: pyodide-start.js, the only user of Pyodide's
// private parts. The compiled standard library comes in two zips: what the start imports,
// and the rest, added after the first answer with our wheel (loadPackage, sha256 checked).
// Any failure of that start: loadPyodide() with documented options, both zips and the wheel
// before the first answer — the same answers, later.

import { PYODIDE_CHECKED, SNAPSHOT_FORMAT, addStdlibRest, readSnapshot, startFromSnapshot } from "./pyodide-start.js";

const t0 = performance.now();
const marks = {}; // ms since the worker started, per step (reported in info.marks)
const mark = (name) => (marks[name] = Math.round(performance.now() - t0));
const networkFetch = self.fetch.bind(self); // not the one a snapshot start puts in place
let apiReady;
const apiReadyP = new Promise((resolve) => (apiReady = resolve));
let pageWasm;
const pageWasmP = new Promise((resolve) => (pageWasm = resolve));
let api = null; // {name: PyProxy function} of policy.api
let install = null; // after a snapshot start: installs the rest (once), see installLater
let installDone = false;
// Answered from the snapshot's own modules, before the wheel's files are on the file system.
const SNAPSHOT_READY = new Set(["evaluate", "form_spec", "schema"]);
let info = {};
let snapshotWeak = null; // the snapshot's buffer, weakly ("memory" message)

class RuntimeError extends Error {
  constructor(code, message, detail) {
    super(message);
    this.code = code;
    this.detail = detail;
  }
}

const status = (stage, detail = "") => postMessage({ type: "status", stage, detail, ms: Math.round(performance.now() - t0) });

/** RESP's failure as a RuntimeError, or null. The .wasm must come as application/wasm:
 * otherwise loadPyodide never settles. */
function responseError(resp, url, wasm = false) {
  if (resp.status === 404 || resp.status === 410 || (!resp.ok && !wasm)) {
    return new RuntimeError("missing_file", `${url} 返回 HTTP ${resp.status}`, String(resp.status));
  }
  if (!resp.ok) return new RuntimeError("load_failed", `${url} 返回 HTTP ${resp.status}`, String(resp.status));
  const type = wasm && (resp.headers.get("content-type") || "").split(";")[0].trim().toLowerCase();
  if (wasm && type !== "application/wasm") return new RuntimeError("wasm_mime", `pyodide.asm.wasm 的 MIME 类型是 ${type || "（无）"}`, type || "（无）");
  return null;
}

async function fetchOk(url, init, wasm = false) {
  let resp;
  try {
    resp = await networkFetch(url, init);
  } catch (e) {
    throw new RuntimeError("missing_file", `无法下载 ${url}`, String(e));
  }
  const error = responseError(resp, url, wasm);
  if (error) throw (resp.body?.cancel(), error);
  return resp;
}

/** After a failure: which file of the manifest is missing or wrong, if any. */
async function diagnose(base, manifest) {
  for (const key of ["pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm", "stdlib", "stdlib_rest", "lock", "wheel"]) {
    if (manifest.files[key]) await fetchOk(new URL(manifest.files[key].path, base), { method: "HEAD" }, key === "pyodide.asm.wasm");
  }
}

async function* chunks(body) {
  const reader = body.getReader();
  for (let r = await reader.read(); !r.done; r = await reader.read()) yield r.value;
}

async function startFast(base, pageManifest, wasmFromPage) {
  status("download", "manifest");
  // The site's pages carry the manifest (one request fewer before the runtime's files).
  const manifest = pageManifest?.format === 1 ? pageManifest
    : await (await fetchOk(new URL("manifest.json", base), { cache: "no-cache" })).json();
  if (manifest.format !== 1 || !manifest.files) throw new RuntimeError("bad_manifest", "manifest.json 格式不符");
  const index = new URL(manifest.index, base).href;
  const url = (k) => new URL(manifest.files[k].path, base).href;
  info = { pyodide: manifest.pyodide_version, wheel: manifest.wheel };
  // The wasm compiled by the page, or here (the page could not): a wrong type fails here,
  // fast, where loadPyodide would hang.
  const wasmModule = (wasmFromPage ? pageWasmP : Promise.resolve(null)).then((m) =>
    m || fetchOk(url("pyodide.asm.wasm"), {}, true).then((resp) => WebAssembly.compileStreaming(resp)));
  wasmModule.then(() => mark("wasm_compiled"), () => {});
  const guard = (p) => Promise.race([p, wasmModule.then(() => new Promise(() => {}))]);
  const snap = manifest.files.snapshot && manifest.snapshot?.format === SNAPSHOT_FORMAT
    && manifest.pyodide_version === PYODIDE_CHECKED ? manifest.files.snapshot : null;
  // The snapshot streams into its buffer from the first byte, while the rest loads.
  const snapshot = snap && readSnapshot(manifest.snapshot.bytes, (async function* () {
    const resp = await networkFetch(url("snapshot"));
    if (!resp.ok) throw new Error(`snapshot: HTTP ${resp.status}`);
    mark("snapshot_response");
    let size = 0;
    for await (const chunk of chunks(resp.body)) yield (size += chunk.length, chunk);
    if (size !== snap.size) throw new Error("snapshot: wrong size");
    mark("snapshot_fetched");
  })());
  snapshotWeak = snapshot && new WeakRef(snapshot.buffer);
  const lockP = fetchOk(url("lock")).then((r) => r.text());
  const stdlibP = snap && networkFetch(url("stdlib"));
  const modulesP = Promise.all([import(url("pyodide.mjs")), import(url("pyodide.asm.mjs"))]);
  for (const p of [lockP, stdlibP, modulesP]) p?.catch(() => {});
  let pyodide, asm;
  try {
    [pyodide, asm] = await modulesP;
  } catch (e) {
    await diagnose(base, manifest);
    throw new RuntimeError("load_failed", "无法加载 pyodide.mjs", String(e));
  }
  mark("modules_imported");
  status("start", snap ? "snapshot" : "plain");
  const config = { indexURL: index, stdLibURL: url("stdlib"), lockFileContents: lockP, packageBaseUrl: index, checkAPIVersion: true };
  const stdlibRest = url("stdlib_rest");
  if (snap) {
    try {
      const py = await guard(startFromSnapshot({ pyodide, asm, config, snapshot,
        wasm: { url: url("pyodide.asm.wasm"), module: wasmModule }, early: { [url("stdlib")]: stdlibP } }));
      mark("restored");
      bindApi(py); // a restore that went wrong fails here, and then starts plainly
      mark("api_bound");
      info.start = "snapshot";
      installLater(py, manifest.package, stdlibRest);
      return;
    } catch (e) {
      if (e instanceof RuntimeError) throw e;
      console.warn("policy runtime: memory snapshot failed, starting normally", e);
      api = null;
    }
  }
  try {
    const py = await guard(pyodide.loadPyodide(config));
    mark("started");
    await installPackage(py, manifest.package, stdlibRest);
    mark("package_installed");
    bindApi(py);
    info.start = "plain";
  } catch (e) {
    if (e instanceof RuntimeError) throw e;
    await diagnose(base, manifest);
    throw new RuntimeError("load_failed", String(e.message || e), String(e.stack || e));
  }
}

/** Stock loadPyodide(): for the benchmark's baseline only. */
async function startStock(base) {
  status("download", "stock");
  const manifest = await (await fetchOk(new URL("manifest.json", base), { cache: "no-cache" })).json();
  const index = new URL(manifest.index, base).href;
  const { loadPyodide } = await import(index + "pyodide.mjs");
  status("start", "stock");
  const py = await loadPyodide({ indexURL: index });
  await installPackage(py, manifest.package);
  bindApi(py);
  info = { pyodide: manifest.pyodide_version, wheel: manifest.wheel, start: "stock" };
}

/**
 * A restored interpreter has `policy` imported, but the file system is not in the snapshot:
 * the rest of the standard library and the wheel come after the first evaluate() answer, or
 * 1 s after ready. Calls other than SNAPSHOT_READY wait for them, and so does a retry of a
 * call that failed before. If the install fails, the runtime reports it and stops.
 */
function installLater(pyodide, name, stdlibRest) {
  let installing = null;
  install = () => (installing ||= installPackage(pyodide, name, stdlibRest).then(() => {
    installDone = true;
    mark("package_installed");
  }, (e) => {
    api = null;
    postMessage({ type: "error", code: e.code || "load_failed", message: e.message || String(e), detail: e.detail || "" });
    throw e;
  }));
  setTimeout(() => install().catch(() => {}), 1000);
}

async function installPackage(pyodide, name, stdlibRest = null) {
  if (stdlibRest) addStdlibRest(pyodide, new Uint8Array(await (await fetchOk(stdlibRest)).arrayBuffer()));
  const errors = [];
  await pyodide.loadPackage(name, { messageCallback: () => {}, errorCallback: (m) => errors.push(m) });
  if (errors.length) throw new RuntimeError("missing_file", `无法安装 ${name}`, errors.join("\n"));
}

function bindApi(pyodide) {
  const mod = pyodide.pyimport("policy.api");
  const names = pyodide.runPython("import policy.api as m; ' '.join(n for n in dir(m) if not n.startswith('_') and callable(getattr(m, n)))");
  api = Object.fromEntries(names.split(" ").map((name) => [name, mod[name]]));
}

async function init(msg) {
  mark("init_received");
  try {
    await (msg.mode === "stock" ? startStock(msg.base) : startFast(msg.base, msg.manifest, msg.wasm === "page"));
    info.marks = marks;
    info.started_at = performance.timeOrigin + t0; // epoch ms: the page computes when, in its own time
    postMessage({ type: "ready", info, ms: Math.round(performance.now() - t0) });
    apiReady();
  } catch (e) {
    postMessage({ type: "error", code: e.code || "load_failed", message: e.message || String(e), detail: e.detail || String(e.stack || "") });
  }
}

async function call(msg) {
  await apiReadyP;
  let t = performance.now();
  try {
    if (!api) throw new Error("运行环境尚未就绪");
    const fn = api[msg.name];
    if (!fn) throw new Error(`policy.api 没有函数 ${msg.name}`);
    const args = msg.args || [];
    let value;
    if (install && !SNAPSHOT_READY.has(msg.name)) (await install(), (t = performance.now()));
    try {
      value = await fn(...args); // a Promise (policy.api.lists_load) is awaited
    } catch (e) {
      if (!install || installDone) throw e;
      await install(); // perhaps a file of the wheel was needed: install, then retry
      t = performance.now();
      value = await fn(...args); // a Promise (policy.api.lists_load) is awaited
    }
    postMessage({ type: "result", id: msg.id, ok: true, value: String(value), ms: performance.now() - t });
    if (install && msg.name === "evaluate") setTimeout(() => install().catch(() => {}), 0);
  } catch (e) {
    // A Python exception's message is its whole traceback: the page gets its type only.
    const text = (e && e.message) || String(e);
    const message = /Traceback \(most recent call last\)/.test(text)
      ? `内部错误（${(e && e.type) || "Python"}），请将输入发给维护人员。` : text;
    postMessage({ type: "result", id: msg.id, ok: false, error: message });
  }
}

/** Tests: whether the snapshot's buffer is still reachable, after full garbage collections
 * where the browser offers them (Chromium with --js-flags=--expose-gc). */
async function memory(msg) {
  for (const _ of [1, 2]) {
    await new Promise((resolve) => setTimeout(resolve, 0));
    if (typeof self.gc === "function") self.gc();
  }
  postMessage({ type: "memory", id: msg.id, gc: typeof self.gc === "function", snapshot_made: !!snapshotWeak,
                snapshot_held: !!snapshotWeak?.deref() });
}

self.onmessage = (ev) => {
  const msg = ev.data || {};
  if (msg.type === "call") call(msg);
  else if (msg.type === "wasm") pageWasm(msg.module instanceof WebAssembly.Module ? msg.module : null);
  else if (msg.type === "memory") memory(msg);
  else if (msg.type === "resources") {
    const entries = performance.getEntriesByType("resource").map((r) => ({
      name: r.name, transferSize: r.transferSize, encodedBodySize: r.encodedBodySize, duration: r.duration,
      startTime: r.startTime, responseStart: r.responseStart, responseEnd: r.responseEnd,
    }));
    postMessage({ type: "resources", id: msg.id, entries });
  }
};

try {
  init(JSON.parse(decodeURIComponent(self.location.hash.slice(1))));
} catch (e) {
  postMessage({ type: "error", code: "load_failed", message: "worker.js: no init in its URL", detail: String(e) });
}
