// The one place that relies on Pyodide's private behaviour, checked against Pyodide
// 314.0.7 (PYODIDE_CHECKED). Used by the page's worker (worker.js) and by the build and
// tests under Node (build_scripts/runtime/node_pyodide.mjs): an upgrade is a change here.
// tests/node/test_pyodide_start.py fails loudly when an assumption below stops holding; at
// run time startFromSnapshot() throws on any failure (another version included) and the
// caller starts with the documented loadPyodide() options instead, with the same answers.
//
// What is private, as of 314.0.7:
//  1. loadPyodide({_makeSnapshot: true}) then pyodide.makeMemorySnapshot() make a memory
//     snapshot; loadPyodide({_loadSnapshot}) restores it (both @private/@ignore in
//     pyodide.d.ts). _loadSnapshot may be a thenable: Pyodide awaits it once the module is
//     created, so a buffer can still be filling while the wasm instance gets ready.
//  2. loadPyodide({createPyodideModule}) (@experimental) gets Emscripten's settings:
//     settings.noInitialRun is true for a snapshot start, settings.instantiateWasm is
//     Pyodide's instantiation (wrapped here to see the fresh instance's memory).
//  3. The snapshot ends with the whole wasm memory (pyodide._module.HEAP8); the shipped
//     file leaves out zero pages and pages equal to the freshly instantiated memory
//     (format "sparse-2", written by build_scripts/runtime.py: sparse_snapshot).
//  4. In a browser, Pyodide fetches `${indexURL}pyodide.asm.wasm` with self.fetch as
//     loadPyodide() starts and instantiates it with WebAssembly.instantiateStreaming: both
//     are replaced during a snapshot start, so that a module compiled earlier is used
//     without a second download; so is its fetch of stdLibURL (answered with a response
//     requested earlier). Both are put back once used or when the start ends.
// Documented API only: addStdlibRest (runPython, FS).

export const PYODIDE_CHECKED = "314.0.7";
export const SNAPSHOT_FORMAT = "sparse-2";
const SPARSE_MAGIC = 0x32504e53;
const FROM_MEMORY = 0x80000000;

/**
 * Reads a sparse snapshot, chunk by chunk (push), into OUT (zeroed, the expanded size):
 * byte for byte what makeMemorySnapshot() returned, but for the segments equal to the fresh
 * memory, [offset in OUT, length, offset in memory], which `layout` resolves with as soon
 * as the header is read.
 */
export function sparseReader(out) {
  let head = new Uint8Array(0);
  let segs = null;
  let si = 0;
  let done = 0;
  let setLayout, failLayout;
  const layout = new Promise((resolve, reject) => ((setLayout = resolve), (failLayout = reject)));
  layout.catch(() => {});
  const fail = (why) => {
    const e = new Error(`snapshot: ${why}`);
    failLayout(e);
    throw e;
  };
  return {
    layout,
    push(chunk) {
      if (!segs) {
        const h = new Uint8Array(head.length + chunk.length);
        h.set(head);
        h.set(chunk, head.length);
        head = h;
        if (head.length < 16) return;
        const dv = new DataView(head.buffer);
        if (dv.getUint32(0, true) !== SPARSE_MAGIC) fail("not a sparse snapshot");
        const n = dv.getUint32(8, true);
        const hlen = 16 + 8 * n;
        if (head.length < hlen) return;
        if (dv.getUint32(4, true) !== out.length) fail("wrong expanded size");
        const memoryOffset = dv.getUint32(12, true);
        const fromMemory = [];
        segs = [];
        for (let k = 0; k < n; k++) {
          const off = dv.getUint32(16 + 8 * k, true);
          const word = dv.getUint32(20 + 8 * k, true);
          const len = word & ~FROM_MEMORY;
          if (off + len > out.length || (word & FROM_MEMORY && off < memoryOffset)) fail("bad segment");
          (word & FROM_MEMORY ? fromMemory : segs).push([off, len, off - memoryOffset]);
        }
        setLayout(fromMemory);
        chunk = head.subarray(hlen);
        head = null;
      }
      for (let p = 0; p < chunk.length;) {
        if (si >= segs.length) fail("trailing bytes");
        const [off, len] = segs[si];
        const k = Math.min(len - done, chunk.length - p);
        out.set(chunk.subarray(p, p + k), off + done);
        p += k;
        done += k;
        if (done === len) (si++, (done = 0));
      }
    },
    finish() {
      if (!segs || si !== segs.length) fail("truncated");
    },
  };
}

/** The size of the snapshot a sparse one expands to, from its first 8 bytes. */
export function expandedSize(head) {
  const dv = new DataView(head.buffer, head.byteOffset, head.byteLength);
  if (head.length < 8 || dv.getUint32(0, true) !== SPARSE_MAGIC) throw new Error("snapshot: not a sparse snapshot");
  return dv.getUint32(4, true);
}

/**
 * Emscripten settings whose instantiation calls onInstance(instance) before any of the
 * module's code runs; onFailure(error) if it throws.
 */
function watchInstance(settings, onInstance, onFailure = () => {}) {
  const instantiate = settings.instantiateWasm;
  if (typeof instantiate !== "function") throw new Error("Pyodide: settings.instantiateWasm is gone");
  settings.instantiateWasm = (imports, receive) =>
    instantiate(imports, (instance, module) => {
      Promise.resolve().then(() => onInstance(instance)).then(() => receive(instance, module), onFailure);
    });
}

/** Replaces a global function of OWNER until the returned function is called. */
function replace(owner, name, make) {
  const original = owner[name];
  owner[name] = make(original);
  return () => (owner[name] = original);
}

/**
 * Starts reading a sparse snapshot, CHUNKS (an async iterable of its bytes), into a zeroed
 * buffer of BYTES (the size it expands to), for startFromSnapshot: {buffer, layout, filled}.
 */
export function readSnapshot(bytes, chunks) {
  const buffer = new Uint8Array(bytes);
  const reader = sparseReader(buffer);
  const filled = (async () => {
    for await (const chunk of chunks) reader.push(chunk);
    reader.finish();
  })();
  filled.catch(() => {});
  return { buffer, layout: reader.layout, filled };
}

/**
 * Starts Pyodide from a sparse snapshot. pyodide: the module pyodide.mjs; asm: the module
 * pyodide.asm.mjs; config: documented loadPyodide() options; snapshot: readSnapshot()'s; wasm (browser):
 * {url, module: Promise of the compiled pyodide.asm.wasm}; early: {url: Promise<Response>},
 * answered once. Throws when anything differs from what this file expects.
 */
export async function startFromSnapshot({ pyodide, asm, config, snapshot, wasm = null, early = {} }) {
  if (pyodide.version !== PYODIDE_CHECKED) throw new Error(`Pyodide ${pyodide.version}: the snapshot start was checked with ${PYODIDE_CHECKED}`);
  // Pyodide keeps its config for good: the buffer (31 MB) is held only by variables
  // cleared once the start ends, and handed over through a thenable.
  let buffer = snapshot.buffer;
  const { layout, filled } = snapshot;
  snapshot = null;
  let abort;
  const failed = Promise.race([filled.then(() => new Promise(() => {})), new Promise((_, reject) => (abort = reject))]);
  let copied = false;
  let restoreFetch = () => {};
  try {
    // The header first: a snapshot missing or not in the format fails before Pyodide starts.
    await Promise.race([layout, failed]);
    if (wasm) {
      const served = { ...early, [wasm.url]: wasm.module.then(() => new Response(new Uint8Array(0), { headers: { "Content-Type": "application/wasm" } })) };
      restoreFetch = replace(self, "fetch", (fetch) => function (resource, init) {
        const href = resource instanceof Request ? resource.url : new URL(resource, self.location.href).href;
        const response = served[href];
        delete served[href];
        return response ? response.catch(() => fetch.call(self, resource, init)) : fetch.call(self, resource, init);
      });
      // Put back once used (not when the start ends: a start given up on may still come here).
      const restore = replace(WebAssembly, "instantiateStreaming", (original) => async (source, imports) => {
        restore();
        let module;
        try {
          module = await wasm.module;
        } catch {
          return original.call(WebAssembly, source, imports); // Pyodide's own request then
        }
        return { module, instance: await WebAssembly.instantiate(module, imports) };
      });
    }
    const started = pyodide.loadPyodide({
      ...config,
      _loadSnapshot: { then: (resolve) => resolve(buffer) },
      createPyodideModule: async (settings) => {
        if (!settings.noInitialRun) throw new Error("Pyodide: a snapshot start without noInitialRun");
        watchInstance(settings, async (instance) => {
          const memory = new Uint8Array(instance.exports.memory.buffer);
          for (const [off, len, from] of await layout) {
            if (from + len > memory.length) throw new Error("snapshot: not this module's memory");
            buffer.set(memory.subarray(from, from + len), off);
          }
          copied = true;
        }, abort);
        const module = await asm.default(settings);
        await filled;
        if (!copied) throw new Error("snapshot: the fresh memory's pages were not copied");
        return module;
      },
    });
    started.catch(() => {}); // when the snapshot's failure comes first, the start's follows
    return await Promise.race([started, failed]);
  } finally {
    buffer = null;
    restoreFetch();
  }
}

/**
 * Build time (Node): starts Pyodide able to make a snapshot; snapshot() then gives
 * {bytes, initial (the fresh module's memory), memoryOffset (where the memory starts)}.
 */
export async function startForSnapshot({ pyodide, asm, config }) {
  if (pyodide.version !== PYODIDE_CHECKED) throw new Error(`Pyodide ${pyodide.version}: snapshots were checked with ${PYODIDE_CHECKED}`);
  let initial = null;
  const py = await pyodide.loadPyodide({
    ...config,
    _makeSnapshot: true,
    createPyodideModule: (settings) => {
      watchInstance(settings, (instance) => (initial = new Uint8Array(instance.exports.memory.buffer).slice()));
      return asm.default(settings);
    },
  });
  const snapshot = () => {
    const bytes = py.makeMemorySnapshot();
    return { bytes, initial, memoryOffset: bytes.length - py._module.HEAP8.length };
  };
  return { pyodide: py, snapshot };
}

/**
 * Adds the rest of the standard library, zip BYTES (build_scripts/runtime.py: split_stdlib),
 * behind the first zip on sys.path, and to the path of the packages imported from the first
 * one (importlib's metadata, say, is in the rest).
 */
export function addStdlibRest(pyodide, bytes) {
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
