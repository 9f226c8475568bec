// Module Web Worker that runs the `policy` package in Pyodide.
//
// Started once per visit by policy-runtime.js. Messages in:
//   {type: "init", base: "<absolute URL of the runtime/ directory>", mode: "fast"|"stock"}
//   {type: "call", id, name, args: [string, …]}     name: a function of policy.api
// Messages out:
//   {type: "status", stage: "download"|"start"|"ready", detail, ms}
//   {type: "error", code, message, detail}            code: missing_file | wasm_mime | load_failed | bad_manifest
//   {type: "result", id, ok: true, value, ms} | {type: "result", id, ok: false, error}
// No rule logic lives here: every answer comes from policy.api in Python.

const t0 = performance.now();
let api = null; // {name: PyProxy function} from policy.api
let firstFormSpec = null; // form_spec() computed while checking a restored snapshot
let info = {};
const marks = {}; // ms since the worker started, per step (reported in info.marks)
const mark = (name) => (marks[name] = Math.round(performance.now() - t0));

class RuntimeError extends Error {
  constructor(code, message, detail) {
    super(message);
    this.code = code;
    this.detail = detail;
  }
}

function status(stage, detail = "") {
  postMessage({ type: "status", stage, detail, ms: Math.round(performance.now() - t0) });
}

async function fetchOk(url, init) {
  let resp;
  try {
    resp = await fetch(url, init);
  } catch (e) {
    throw new RuntimeError("missing_file", `无法下载 ${url}`, String(e));
  }
  if (!resp.ok) throw new RuntimeError("missing_file", `${url} 返回 HTTP ${resp.status}`, String(resp.status));
  return resp;
}

/** The .wasm must come as application/wasm, otherwise loadPyodide never settles. */
async function checkWasm(url) {
  let resp;
  try {
    resp = await fetch(url, { method: "HEAD" });
  } catch {
    return; // HEAD unsupported or offline: the load itself will tell
  }
  if (resp.status === 404 || resp.status === 410) {
    throw new RuntimeError("missing_file", `${url} 返回 HTTP ${resp.status}`, String(resp.status));
  }
  const type = (resp.headers.get("content-type") || "").split(";")[0].trim().toLowerCase();
  if (resp.ok && type && type !== "application/wasm") {
    throw new RuntimeError("wasm_mime", `pyodide.asm.wasm 的 MIME 类型是 ${type}`, type);
  }
}

async function gunzip(buf) {
  const bytes = new Uint8Array(buf);
  if (bytes[0] !== 0x1f || bytes[1] !== 0x8b) return bytes; // the server already decoded it
  const stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("gzip"));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

/** The memory snapshot, gunzipped in the worker (any static server can serve the .gz). */
async function fetchSnapshot(base, manifest) {
  const snap = manifest.files.snapshot;
  if (!snap || !snap.gzip_size || typeof DecompressionStream === "undefined") throw new Error("no snapshot");
  const resp = await fetch(new URL(snap.path + ".gz", base));
  if (!resp.ok) throw new Error(`snapshot: HTTP ${resp.status}`);
  const bytes = await gunzip(await resp.arrayBuffer());
  if (bytes.length !== snap.size) throw new Error("snapshot: wrong size");
  mark("snapshot_fetched");
  return bytes;
}

/** After a failure: which file of the manifest is missing (HTTP 404…), if any. */
async function diagnose(base, manifest) {
  const keys = ["pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm", "stdlib", "lock", "wheel"];
  for (const k of keys) {
    if (!manifest.files[k]) continue;
    const u = new URL(manifest.files[k].path, base).href;
    if (k === "pyodide.asm.wasm") await checkWasm(u);
    else await fetchOk(u, { method: "HEAD" });
  }
}

async function startFast(base) {
  status("download", "manifest");
  const manifest = await (await fetchOk(new URL("manifest.json", base), { cache: "no-cache" })).json();
  if (manifest.format !== 1 || !manifest.files) throw new RuntimeError("bad_manifest", "manifest.json 格式不符");
  const index = new URL(manifest.index, base).href;
  const url = (k) => new URL(manifest.files[k].path, base).href;
  info = { pyodide: manifest.pyodide_version, wheel: manifest.wheel };

  // Everything is requested at once. The wasm type check fails fast where loadPyodide
  // would hang silently; the snapshot and lock file are handed over as promises.
  const wasmCheck = checkWasm(url("pyodide.asm.wasm"));
  const snapshotP = fetchSnapshot(base, manifest);
  snapshotP.catch(() => {});
  const lockP = fetchOk(url("lock")).then((r) => r.text());
  lockP.catch(() => {});
  let loaded;
  try {
    loaded = await Promise.all([import(url("pyodide.mjs")), import(url("pyodide.asm.mjs"))]);
  } catch (e) {
    await diagnose(base, manifest);
    throw new RuntimeError("load_failed", "无法加载 pyodide.mjs", String(e));
  }
  const [{ loadPyodide }, asm] = loaded;
  mark("modules_imported");
  status("start", manifest.files.snapshot ? "snapshot" : "plain");
  const config = {
    indexURL: index,
    stdLibURL: url("stdlib"),
    lockFileContents: lockP,
    packageBaseUrl: index,
    createPyodideModule: asm.default,
    checkAPIVersion: true,
  };
  const guard = (p) => Promise.race([p, wasmCheck.then(() => new Promise(() => {}))]);
  let pyodide = null;
  if (manifest.files.snapshot && typeof DecompressionStream !== "undefined") {
    try {
      pyodide = await guard(loadPyodide({ ...config, _loadSnapshot: snapshotP }));
      mark("restored");
      await installPackage(pyodide, manifest.package);
      mark("package_installed");
      bindApi(pyodide);
      firstFormSpec = api.form_spec(); // proves the restored interpreter works; kept for the page
      mark("api_bound");
      info.start = "snapshot";
    } catch (e) {
      if (e instanceof RuntimeError && e.code === "wasm_mime") throw e;
      console.warn("policy runtime: memory snapshot failed, starting normally", e);
      pyodide = null;
      api = null;
    }
  }
  if (!pyodide) {
    try {
      pyodide = await guard(loadPyodide(config));
      mark("started");
      await installPackage(pyodide, manifest.package);
      mark("package_installed");
      bindApi(pyodide);
      mark("api_bound");
      info.start = "plain";
    } catch (e) {
      if (e instanceof RuntimeError) throw e;
      await diagnose(base, manifest);
      throw new RuntimeError("load_failed", String(e.message || e), String(e.stack || e));
    }
  }
  return pyodide;
}

/** Stock loadPyodide(): for the benchmark's baseline only. */
async function startStock(base) {
  status("download", "stock");
  const manifest = await (await fetchOk(new URL("manifest.json", base), { cache: "no-cache" })).json();
  const index = new URL(manifest.index, base).href;
  const { loadPyodide } = await import(index + "pyodide.mjs");
  status("start", "stock");
  const pyodide = await loadPyodide({ indexURL: index });
  await installPackage(pyodide, manifest.package);
  bindApi(pyodide);
  info = { pyodide: manifest.pyodide_version, wheel: manifest.wheel, start: "stock" };
  return pyodide;
}

async function installPackage(pyodide, name) {
  const errors = [];
  await pyodide.loadPackage(name, { messageCallback: () => {}, errorCallback: (m) => errors.push(m) });
  if (errors.length) throw new RuntimeError("missing_file", `无法安装 ${name}`, errors.join("\n"));
}

function bindApi(pyodide) {
  const mod = pyodide.pyimport("policy.api");
  api = {};
  for (const name of ["evaluate", "form_spec"]) api[name] = mod[name];
  for (const name of pyodide.runPython("import policy.api as m; ' '.join(n for n in dir(m) if not n.startswith('_') and callable(getattr(m, n)))").split(" ")) {
    if (name && !api[name]) api[name] = mod[name];
  }
}

async function init(msg) {
  try {
    if (typeof WebAssembly !== "object") throw new RuntimeError("old_browser", "不支持 WebAssembly");
    const start = msg.mode === "stock" ? startStock : startFast;
    await start(msg.base);
    info.marks = marks;
    status("ready", info.start);
    postMessage({ type: "ready", info, ms: Math.round(performance.now() - t0) });
  } catch (e) {
    postMessage({ type: "error", code: e.code || "load_failed", message: e.message || String(e), detail: e.detail || String(e.stack || "") });
  }
}

function call(msg) {
  const t = performance.now();
  try {
    if (!api) throw new Error("运行环境尚未就绪");
    const fn = api[msg.name];
    if (!fn) throw new Error(`policy.api 没有函数 ${msg.name}`);
    let value;
    if (msg.name === "form_spec" && firstFormSpec !== null && !(msg.args || []).length) {
      value = firstFormSpec; // the same text policy.api.form_spec() just returned
      firstFormSpec = null;
    } else value = fn(...(msg.args || []));
    postMessage({ type: "result", id: msg.id, ok: true, value: String(value), ms: performance.now() - t });
  } catch (e) {
    postMessage({ type: "result", id: msg.id, ok: false, error: e.message || String(e) });
  }
}

self.onmessage = (ev) => {
  const msg = ev.data || {};
  if (msg.type === "init") init(msg);
  else if (msg.type === "call") call(msg);
  else if (msg.type === "resources") {
    postMessage({ type: "resources", id: msg.id, entries: performance.getEntriesByType("resource").map((r) => ({ name: r.name, transferSize: r.transferSize, encodedBodySize: r.encodedBodySize, duration: r.duration })) });
  }
};
