// Module Web Worker that runs the `policy` package in Pyodide.
//
// Started once per visit by policy-runtime.js or early-start.js. Messages in:
//   {type: "init", base: "<absolute URL of the runtime/ directory>", mode: "fast"|"stock",
//    manifest?: the content of runtime/manifest.json, if the page has it,
//    wasm?: "page" when the page compiles pyodide.asm.wasm and sends it}
//   (or the same object, JSON, in the worker URL's fragment: early-start.js; then it starts
//   at once, and an init message is ignored)
//   {type: "wasm", module: WebAssembly.Module | null}   (after init with wasm: "page")
//   {type: "call", id, name, args: [string, …]}     name: a function of policy.api; a call
//                                                   sent before ready waits for it
//   {type: "resources", id} | {type: "memory", id}  diagnostics (benchmarks, tests): resource
//                                                   timings; whether the snapshot buffer is held
// Messages out:
//   {type: "status", stage: "download"|"start"|"ready", detail, ms}
//   {type: "error", code, message, detail}            code: missing_file | wasm_mime | load_failed | bad_manifest
//   {type: "result", id, ok: true, value, ms} | {type: "result", id, ok: false, error}
// No rule logic lives here: every answer comes from policy.api in Python.
//
// Speed (figures: benchmarks/load_pyodide.py). With the manifest (from the page, or
// fetched), everything is requested at once: the .wasm is compiled from that moment, here or
// by the page (compileStreaming, handed to Pyodide in place of its own
// instantiateStreaming); the memory snapshot (sparse: zero pages and pages equal to the
// fresh module's memory left out, gzip undone natively by the browser through
// Content-Encoding) streams into the buffer loadPyodide() already holds, so the wasm
// instance and file system get ready meanwhile. The compiled standard library comes in two
// zips: what the start imports (1.4 MB) at once, the rest (3.1 MB) after the first answer,
// with our wheel (loadPackage, sha256 checked), as the snapshot already has `policy`
// imported. Any failure of the snapshot path: a plain start with the compiled standard
// library (both zips) and the wheel before the first answer.

const t0 = performance.now();
// Calls wait for the runtime (init resolves this once it is ready).
let apiReady;
const apiReadyP = new Promise((resolve) => (apiReady = resolve));
// The network's fetch: serveEarly() answers some of Pyodide's requests from this worker's
// own, which must not go through it.
const networkFetch = self.fetch.bind(self);
// The wasm module, when the page compiles it (init message `wasm: "page"`): see startFast.
let pageWasm;
const pageWasmP = new Promise((resolve) => (pageWasm = resolve));
let api = null; // {name: PyProxy function} from policy.api
// After a snapshot start our wheel is installed in the background (see installLater).
let installed = null; // Promise of that install, null when nothing is pending
let startInstall = null; // starts it (once)
let installDone = false;
// policy.api functions the snapshot has already run (imported, warmed up): they answer
// before the wheel's files are on the file system. Others wait for the install.
const SNAPSHOT_READY = new Set(["evaluate", "form_spec", "schema"]);
let info = {};
// The snapshot's 31 MB buffer, weakly: the "memory" message tells whether it is still held.
let snapshotWeak = null;
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

const SPARSE_MAGIC = 0x32504e53; // build_scripts/runtime.py: sparse_snapshot(), format sparse-2
const FROM_MEMORY = 0x80000000;

/**
 * Writes a sparse snapshot, chunk by chunk as it arrives, into a zeroed buffer: the bytes
 * makeMemorySnapshot() returned at build time (zero pages are not shipped). Segments that
 * equal the freshly instantiated module's memory are not shipped either: onLayout gets
 * them as [offset in out, length, offset in memory] once the header is read (startFast
 * copies them from the module's memory right after instantiation).
 */
function sparseWriter(out, onLayout) {
  let head = new Uint8Array(0);
  let segs = null;
  let si = 0;
  let done = 0;
  return {
    push(chunk) {
      if (!segs) {
        const h = new Uint8Array(head.length + chunk.length);
        h.set(head);
        h.set(chunk, head.length);
        head = h;
        if (head.length < 16) return;
        const dv = new DataView(head.buffer);
        if (dv.getUint32(0, true) !== SPARSE_MAGIC) throw new Error("snapshot: not a sparse snapshot");
        const n = dv.getUint32(8, true);
        const hlen = 16 + 8 * n;
        if (head.length < hlen) return;
        if (dv.getUint32(4, true) !== out.length) throw new Error("snapshot: wrong expanded size");
        const memoryOffset = dv.getUint32(12, true);
        segs = [];
        const fromMemory = [];
        for (let k = 0; k < n; k++) {
          const off = dv.getUint32(16 + 8 * k, true);
          const word = dv.getUint32(20 + 8 * k, true);
          const len = word & 0x7fffffff;
          if (off + len > out.length || (word & FROM_MEMORY && off < memoryOffset)) throw new Error("snapshot: bad segment");
          (word & FROM_MEMORY ? fromMemory : segs).push([off, len, off - memoryOffset]);
        }
        onLayout(fromMemory);
        chunk = head.subarray(hlen);
        head = null;
      }
      let p = 0;
      while (p < chunk.length) {
        if (si >= segs.length) throw new Error("snapshot: trailing bytes");
        const [off, len] = segs[si];
        const k = Math.min(len - done, chunk.length - p);
        out.set(chunk.subarray(p, p + k), off + done);
        p += k;
        done += k;
        if (done === len) {
          si++;
          done = 0;
        }
      }
    },
    finish() {
      if (!segs || si !== segs.length) throw new Error("snapshot: truncated");
      return out;
    },
  };
}

/**
 * The memory snapshot. Requested without `.gz`: a gzip_static server (nginx, the deployment
 * page) sends the .gz with Content-Encoding and the browser inflates it natively while it
 * streams; a server without it sends the 10 MB file as is (still works, just more bytes).
 * (Reading it in a helper worker instead, so the stream does not wait while this thread
 * compiles Pyodide's JavaScript, measured no faster.)
 */
async function fetchSnapshot(base, manifest, out, onLayout) {
  const snap = manifest.files.snapshot;
  const resp = await fetch(new URL(snap.path, base));
  if (!resp.ok || !resp.body) throw new Error(`snapshot: HTTP ${resp.status}`);
  mark("snapshot_response");
  const w = sparseWriter(out, onLayout);
  const reader = resp.body.getReader();
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.length;
    w.push(value);
  }
  if (size !== snap.size) throw new Error("snapshot: wrong size");
  w.finish();
  mark("snapshot_fetched");
}

/**
 * Start compiling pyodide.asm.wasm as soon as its URL is known, in parallel with the
 * JavaScript and the snapshot, instead of when loadPyodide() gets to it. Rejects with
 * wasm_mime when the server sends another type (loadPyodide would then hang silently).
 */
function compileWasm(url) {
  return networkFetch(url).then(
    (resp) => {
      if (resp.status === 404 || resp.status === 410) {
        throw new RuntimeError("missing_file", `${url} 返回 HTTP ${resp.status}`, String(resp.status));
      }
      if (!resp.ok) throw new RuntimeError("load_failed", `${url} 返回 HTTP ${resp.status}`, String(resp.status));
      const type = (resp.headers.get("content-type") || "").split(";")[0].trim().toLowerCase();
      if (type !== "application/wasm") {
        resp.body?.cancel();
        throw new RuntimeError("wasm_mime", `pyodide.asm.wasm 的 MIME 类型是 ${type || "（无）"}`, type || "（无）");
      }
      return WebAssembly.compileStreaming(resp).then((m) => {
        mark("wasm_compiled");
        return m;
      });
    },
    (e) => {
      throw new RuntimeError("missing_file", `无法下载 ${url}`, String(e));
    },
  );
}

/**
 * Pyodide fetches some files only once loadPyodide() runs, after its JavaScript is
 * imported; answer those fetches with responses requested earlier. `early` maps a URL to a
 * function giving the response; `once`: later fetches of it go to the network (a plain
 * start after a failed snapshot start needs a fresh body). A failed early request falls
 * back to Pyodide's own.
 */
function serveEarly(early) {
  const originalFetch = self.fetch;
  self.fetch = function (resource, init) {
    const href = typeof resource === "string" ? new URL(resource, self.location.href).href
      : resource instanceof URL ? resource.href : resource && resource.url;
    const entry = early.get(href);
    if (!entry) return originalFetch.call(self, resource, init);
    if (entry.once) early.delete(href);
    return entry.response().catch(() => originalFetch.call(self, resource, init));
  };
}

/**
 * Pyodide instantiates its wasm with WebAssembly.instantiateStreaming(fetch(…)); hand it
 * the module compiled early instead. Its own request for the .wasm gets an empty response
 * (no second download, no aborted request) unless the early compile failed: then both
 * the request and the instantiation are Pyodide's own. onFreshInstance(instance) runs
 * right after instantiation, while the memory holds only the module's data segments.
 */
function useCompiledWasm(moduleP, wasmUrl, early, onFreshInstance) {
  early.set(wasmUrl, {
    once: false,
    response: () => moduleP.then(() => new Response(new Uint8Array(0), { headers: { "Content-Type": "application/wasm" } })),
  });
  const original = WebAssembly.instantiateStreaming;
  WebAssembly.instantiateStreaming = async (source, imports) => {
    let module = null;
    try {
      module = await moduleP;
    } catch {
      return original.call(WebAssembly, source, imports);
    }
    const instance = await WebAssembly.instantiate(module, imports);
    mark("wasm_instantiated");
    await onFreshInstance(instance); // before any of Pyodide's code runs
    return { module, instance };
  };
}

/** After a failure: which file of the manifest is missing (HTTP 404…), if any. */
async function diagnose(base, manifest) {
  const keys = ["pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm", "stdlib", "stdlib_rest", "lock", "wheel"];
  for (const k of keys) {
    if (!manifest.files[k]) continue;
    const u = new URL(manifest.files[k].path, base).href;
    if (k === "pyodide.asm.wasm") await checkWasm(u);
    else await fetchOk(u, { method: "HEAD" });
  }
}

async function startFast(base, pageManifest, wasmFromPage) {
  status("download", "manifest");
  // The site's pages carry the manifest (one request fewer before the runtime's files);
  // other pages let the worker fetch it.
  const manifest = pageManifest && pageManifest.format === 1 ? pageManifest
    : await (await fetchOk(new URL("manifest.json", base), { cache: "no-cache" })).json();
  if (manifest.format !== 1 || !manifest.files) throw new RuntimeError("bad_manifest", "manifest.json 格式不符");
  const index = new URL(manifest.index, base).href;
  const url = (k) => new URL(manifest.files[k].path, base).href;
  info = { pyodide: manifest.pyodide_version, wheel: manifest.wheel };

  // Everything is requested at once. The wasm type check fails fast where loadPyodide
  // would hang silently; the snapshot and lock file are handed over as promises.
  const early = new Map();
  serveEarly(early);
  // Compiled by the page when it says so: a Worker has no compiled-code cache of its own,
  // while the page's compile finds the module of an earlier visit in this browser process
  // (benchmarks/load_pyodide.py, warm). If the page could not, it sends null: compiled here.
  const wasmModule = (wasmFromPage ? pageWasmP : Promise.resolve(null)).then((m) => {
    if (!m) return compileWasm(url("pyodide.asm.wasm"));
    mark("wasm_compiled");
    return m;
  });
  const wasmCheck = wasmModule.then(() => {});
  // The snapshot's pages that equal the fresh module's memory are copied from it, once the
  // snapshot's header says which they are; the snapshot start fails without them.
  let layout;
  const layoutP = new Promise((resolve) => (layout = resolve));
  let freshMemoryCopied = false;
  useCompiledWasm(wasmModule, url("pyodide.asm.wasm"), early, async (instance) => {
    const fromMemory = await layoutP;
    if (!fromMemory || freshMemoryCopied) return;
    const memory = new Uint8Array(instance.exports.memory.buffer);
    for (const [off, len, from] of fromMemory) {
      if (from + len > memory.length) return; // not this module's memory: no snapshot start
      snapshotBuf.set(memory.subarray(from, from + len), off);
    }
    freshMemoryCopied = true;
  });
  // The snapshot is written, as it streams in, into the buffer handed to loadPyodide at
  // once: Pyodide only needs its length to size the memory, so the wasm instance and the
  // file system get ready meanwhile; createPyodideModule waits for the last byte before
  // Pyodide copies the buffer into memory (API.restoreSnapshot).
  const useSnapshot = !!(manifest.files.snapshot && manifest.snapshot && manifest.snapshot.format === "sparse-2");
  let snapshotBuf = useSnapshot ? new Uint8Array(manifest.snapshot.bytes) : null; // dropped once restored
  snapshotWeak = snapshotBuf && new WeakRef(snapshotBuf);
  const snapshotP = useSnapshot ? fetchSnapshot(base, manifest, snapshotBuf, layout) : Promise.reject(new Error("no snapshot"));
  snapshotP.catch(() => layout(null));
  // The rest of the standard library: requested when the package is installed (its modules
  // are not imported before).
  const stdlibRest = manifest.files.stdlib_rest ? url("stdlib_rest") : null;
  const lockP = fetchOk(url("lock")).then((r) => r.text());
  lockP.catch(() => {});
  const modulesP = Promise.all([import(url("pyodide.mjs")), import(url("pyodide.asm.mjs"))]);
  modulesP.catch(() => {});
  // The standard library: Pyodide asks for it when loadPyodide() starts, and its module is
  // not ready before the whole zip is there; requested now, it arrives meanwhile.
  const stdlibP = networkFetch(url("stdlib"));
  stdlibP.catch(() => {});
  early.set(url("stdlib"), { once: true, response: () => stdlibP });
  let loaded;
  try {
    loaded = await modulesP;
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
    createPyodideModule: async (settings) => {
      const m = await asm.default(settings);
      mark("module_created");
      if (settings.noInitialRun) { // a snapshot start: wait for all of it
        await snapshotP;
        if (!freshMemoryCopied) throw new Error("snapshot: pages from the fresh memory missing");
      }
      return m;
    },
    checkAPIVersion: true,
  };
  const guard = (p) => Promise.race([p, wasmCheck.then(() => new Promise(() => {}))]);
  let pyodide = null;
  if (useSnapshot) {
    // Pyodide keeps its config for good: it gets the 31 MB buffer through a thenable, so
    // that only this function holds it, and lets it go once the memory is restored.
    const snapshotOnce = { then: (resolve) => resolve(snapshotBuf) };
    try {
      try {
        pyodide = await guard(loadPyodide({ ...config, _loadSnapshot: snapshotOnce }));
      } finally {
        snapshotBuf = null;
      }
      mark("restored");
      bindApi(pyodide); // a restore that went wrong fails here, and then starts normally
      mark("api_bound");
      info.start = "snapshot";
      installLater(pyodide, manifest.package, stdlibRest);
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
      await installPackage(pyodide, manifest.package, stdlibRest);
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

/**
 * The restored interpreter has `policy` imported already, but the file system is not in
 * the snapshot: the rest of the standard library is added and the wheel is still installed
 * with loadPackage() (the browser checks its sha256 through the request's integrity), off
 * the critical path: after the first evaluate() answer, or 1 s after ready, whichever comes
 * first. Calls other than SNAPSHOT_READY wait for it, and so does a retry of any call that
 * fails before it ran (a module of the rest, say). If it fails, the runtime reports the
 * error and stops (the page shows the message).
 */
function installLater(pyodide, name, stdlibRest) {
  startInstall = () => {
    if (installed) return installed;
    installed = installPackage(pyodide, name, stdlibRest).then(
      () => {
        installDone = true;
        mark("package_installed");
      },
      (e) => {
        api = null;
        postMessage({ type: "error", code: e.code || "load_failed", message: e.message || String(e), detail: e.detail || "" });
        throw e;
      },
    );
    installed.catch(() => {});
    return installed;
  };
  setTimeout(startInstall, 1000);
}

/**
 * Adds the rest of the standard library, zip BYTES, behind the first zip on sys.path, and
 * to the path of the packages imported from the first one (importlib's metadata, say, is in
 * the rest). The same function as build_scripts/runtime/node_pyodide.mjs's (tested).
 */
function addStdlibRest(pyodide, bytes) {
  const first = pyodide.runPython("import sys; next(p for p in sys.path if p.endswith('.zip'))");
  const rest = first.replace(/\.zip$/, "-rest.zip");
  pyodide.FS.writeFile(rest, bytes);
  const code = `import importlib, sys
if rest not in sys.path:
    sys.path.insert(sys.path.index(first) + 1, rest)
    for module in list(sys.modules.values()):  # packages imported from the first zip
        path = getattr(module, "__path__", None)
        if isinstance(path, list):
            path += [rest + p[len(first):] for p in path if p.startswith(first + "/")]
importlib.invalidate_caches()`;
  const scope = pyodide.toPy({ first, rest });
  try {
    pyodide.runPython(code, { globals: scope });
  } finally {
    scope.destroy();
  }
}

/**
 * The rest of the standard library (build_scripts/runtime.py: split_stdlib), behind the
 * first zip on sys.path; then our package (loadPackage imports modules of the rest).
 */
async function installPackage(pyodide, name, stdlibRest = null) {
  if (stdlibRest) {
    addStdlibRest(pyodide, new Uint8Array(await (await fetchOk(stdlibRest)).arrayBuffer()));
  }
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

let initialized = false;

async function init(msg) {
  if (initialized) return;
  initialized = true;
  mark("init_received");
  try {
    if (typeof WebAssembly !== "object") throw new RuntimeError("old_browser", "不支持 WebAssembly");
    const start = msg.mode === "stock" ? startStock : startFast;
    await start(msg.base, msg.manifest, msg.wasm === "page");
    info.marks = marks;
    info.started_at = performance.timeOrigin + t0; // epoch ms: the page computes when, in its own time
    status("ready", info.start);
    postMessage({ type: "ready", info, ms: Math.round(performance.now() - t0) });
    apiReady();
  } catch (e) {
    postMessage({ type: "error", code: e.code || "load_failed", message: e.message || String(e), detail: e.detail || String(e.stack || "") });
  }
}

async function call(msg) {
  await apiReadyP; // a call sent while the runtime starts waits for it
  let t = performance.now();
  try {
    if (!api) throw new Error("运行环境尚未就绪");
    const fn = api[msg.name];
    if (!fn) throw new Error(`policy.api 没有函数 ${msg.name}`);
    const args = msg.args || [];
    let value;
    if (startInstall && !SNAPSHOT_READY.has(msg.name)) {
      await startInstall();
      t = performance.now();
    }
    try {
      value = await fn(...args); // a Promise (policy.api.lists_load) is awaited
    } catch (e) {
      if (!startInstall || installDone) throw e;
      await startInstall(); // perhaps a file of the wheel was needed: install, then retry
      t = performance.now();
      value = await fn(...args); // a Promise (policy.api.lists_load) is awaited
    }
    postMessage({ type: "result", id: msg.id, ok: true, value: String(value), ms: performance.now() - t });
    if (startInstall && !installed && msg.name === "evaluate") setTimeout(startInstall, 0);
  } catch (e) {
    // A Python exception's message is its whole traceback: the page gets its type only.
    const text = (e && e.message) || String(e);
    const message = /Traceback \(most recent call last\)/.test(text)
      ? `内部错误（${(e && e.type) || "Python"}），请将输入发给维护人员。` : text;
    postMessage({ type: "result", id: msg.id, ok: false, error: message });
  }
}

self.onmessage = (ev) => {
  const msg = ev.data || {};
  if (msg.type === "init") init(msg);
  else if (msg.type === "call") call(msg);
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

/**
 * Diagnostics (tests): whether the snapshot's buffer is still reachable once the runtime has
 * started, after full garbage collections where the browser offers them (Chromium with
 * --js-flags=--expose-gc).
 */
function memory(msg) {
  const collect = () => typeof self.gc === "function" && self.gc();
  setTimeout(() => {
    collect();
    setTimeout(() => {
      collect();
      postMessage({ type: "memory", id: msg.id, gc: typeof self.gc === "function",
                    snapshot_made: !!snapshotWeak, snapshot_held: !!(snapshotWeak && snapshotWeak.deref()) });
    }, 0);
  }, 0);
}

/** The init message early-start.js put in this worker's URL fragment, if any. */
function initFromUrl() {
  try {
    const msg = self.location.hash && JSON.parse(decodeURIComponent(self.location.hash.slice(1)));
    return msg && msg.type === "init" ? msg : null;
  } catch {
    return null;
  }
}

const urlInit = initFromUrl();
if (urlInit) init(urlInit);
