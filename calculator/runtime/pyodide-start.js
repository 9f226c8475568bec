// The one place that relies on Pyodide's private behaviour, checked against Pyodide 314.0.7
// (PYODIDE_CHECKED): an upgrade is a change here. Used by the page's worker and, under Node,
// by the build and the tests (build_scripts/runtime/node_pyodide.mjs).
// tests/node/test_pyodide_start.py fails loudly when an assumption stops holding; at run time
// startFromSnapshot() throws on any failure and the caller starts with loadPyodide()'s
// documented options instead (the same answers, later).
//
// Private, as of 314.0.7:
//  1. loadPyodide({_makeSnapshot: true}), pyodide.makeMemorySnapshot() and
//     loadPyodide({_loadSnapshot}), which awaits the snapshot before the module is created:
//     given the buffer at once, the snapshot fills it while the wasm is instantiated.
//  2. loadPyodide({createPyodideModule}) gets Emscripten's settings: noInitialRun is set for
//     a snapshot start, instantiateWasm is Pyodide's instantiation (wrapped to see the
//     fresh instance's memory).
//  3. The snapshot ends with the wasm memory (HEAP8). The shipped file (format "sparse-2",
//     build_scripts/runtime.py: sparse_snapshot) leaves out zero pages and the pages equal
//     to the fresh memory, copied from it here.
//  4. In a browser Pyodide fetches `${indexURL}pyodide.asm.wasm` as loadPyodide() starts and
//     instantiates it with WebAssembly.instantiateStreaming, and fetches stdLibURL: self.fetch
//     and instantiateStreaming are replaced during a snapshot start, to use the module
//     compiled earlier and responses requested earlier; put back once used or at the end.

export const PYODIDE_CHECKED = "314.0.7";
export const SNAPSHOT_FORMAT = "sparse-2";
const SPARSE_MAGIC = 0x32504e53;
const FROM_MEMORY = 0x80000000;

/**
 * Reads a sparse snapshot, CHUNKS (an async iterable of its bytes), into a zeroed buffer as
 * it streams: {layout, filled}. layout resolves once the header is read with {buffer (byte
 * for byte what makeMemorySnapshot() gave, once filled), fromMemory: [[offset in buffer,
 * length, offset in the fresh memory]…]}; either rejects if the bytes are not the format.
 */
export function readSnapshot(chunks) {
  let setLayout;
  const header = new Promise((resolve) => (setLayout = resolve));
  const fail = (why) => {
    throw new Error(`snapshot: ${why}`);
  };
  const filled = (async () => {
    let head = new Uint8Array(0), buffer = null, segments = [], si = 0, done = 0;
    for await (let chunk of chunks) {
      if (!buffer) {
        const joined = new Uint8Array(head.length + chunk.length);
        joined.set(head);
        joined.set(chunk, head.length);
        head = joined;
        const dv = new DataView(head.buffer);
        if (head.length < 16) continue;
        if (dv.getUint32(0, true) !== SPARSE_MAGIC) fail("not a sparse snapshot");
        const end = 16 + 8 * dv.getUint32(8, true), memoryOffset = dv.getUint32(12, true), fromMemory = [];
        if (head.length < end) continue;
        buffer = new Uint8Array(dv.getUint32(4, true));
        for (let k = 16; k < end; k += 8) {
          const off = dv.getUint32(k, true), word = dv.getUint32(k + 4, true), len = word & ~FROM_MEMORY;
          if (off + len > buffer.length || (word & FROM_MEMORY && off < memoryOffset)) fail("bad segment");
          (word & FROM_MEMORY ? fromMemory : segments).push([off, len, off - memoryOffset]);
        }
        setLayout({ buffer, fromMemory });
        chunk = head.subarray(end);
      }
      for (let p = 0; p < chunk.length;) {
        if (si >= segments.length) fail("trailing bytes");
        const [off, len] = segments[si], n = Math.min(len - done, chunk.length - p);
        buffer.set(chunk.subarray(p, p + n), off + done);
        p += n;
        done += n;
        if (done === len) (si++, (done = 0));
      }
    }
    if (!buffer || si !== segments.length) fail("truncated");
  })();
  const layout = Promise.race([header, filled]);
  for (const p of [filled, layout]) p.catch(() => {});
  return { layout, filled };
}

/** Emscripten SETTINGS whose instantiation calls onInstance(instance) before any of the
 * module's code runs; onFailure(error) if it throws. */
function watchInstance(settings, onInstance, onFailure) {
  const instantiate = settings.instantiateWasm;
  if (typeof instantiate !== "function") throw new Error("Pyodide: settings.instantiateWasm is gone");
  settings.instantiateWasm = (imports, receive) =>
    instantiate(imports, (instance, module) => {
      try {
        onInstance(instance);
      } catch (e) {
        return onFailure(e);
      }
      receive(instance, module);
    });
}

/** Replaces OWNER[NAME] with make(original) until the returned function is called. */
function replace(owner, name, make) {
  const original = owner[name];
  owner[name] = make(original);
  return () => (owner[name] = original);
}

function checkVersion(pyodide) {
  if (pyodide.version !== PYODIDE_CHECKED) throw new Error(`Pyodide ${pyodide.version}: snapshots were checked with ${PYODIDE_CHECKED}`);
}

/**
 * Starts Pyodide from a sparse snapshot. pyodide, asm: the modules pyodide.mjs and
 * pyodide.asm.mjs; config: documented loadPyodide() options; snapshot: readSnapshot()'s;
 * in a browser, wasm: {url, module: Promise of the compiled pyodide.asm.wasm} and early:
 * {url: Promise<Response>}, each answered once. Throws when anything is not as expected.
 */
export async function startFromSnapshot({ pyodide, asm, config, snapshot, wasm = null, early = {} }) {
  checkVersion(pyodide);
  let abort;
  const filled = snapshot.filled;
  const failed = Promise.race([filled.then(() => new Promise(() => {})), new Promise((_, reject) => (abort = reject))]);
  // The header first: a snapshot missing or not in the format fails before Pyodide starts.
  // Pyodide keeps its config for good: the buffer (31 MB) is held by `layout` only, cleared
  // once the start ends (the memory message of worker.js checks it).
  let layout = await Promise.race([snapshot.layout, failed]);
  snapshot = null;
  let copied = false;
  let restoreFetch = () => {};
  try {
    if (wasm) {
      const served = { ...early, [wasm.url]: wasm.module.then(() => new Response(new Uint8Array(0), { headers: { "Content-Type": "application/wasm" } })) };
      restoreFetch = replace(self, "fetch", (fetch) => function (resource, init) {
        const href = resource instanceof Request ? resource.url : new URL(resource, self.location.href).href;
        const response = served[href];
        delete served[href];
        return response ? response.catch(() => fetch.call(self, resource, init)) : fetch.call(self, resource, init);
      });
      // Put back once used (a start given up on may still come here).
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
      _loadSnapshot: { then: (resolve) => resolve(layout.buffer) },
      createPyodideModule: async (settings) => {
        if (!settings.noInitialRun) throw new Error("Pyodide: a snapshot start without noInitialRun");
        watchInstance(settings, (instance) => {
          const memory = new Uint8Array(instance.exports.memory.buffer);
          for (const [off, len, from] of layout.fromMemory) {
            if (from + len > memory.length) throw new Error("snapshot: not this module's memory");
            layout.buffer.set(memory.subarray(from, from + len), off);
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
    layout = null;
    restoreFetch();
  }
}

/**
 * Build time (Node): starts Pyodide able to make a snapshot; snapshot() then gives
 * {bytes, initial (the fresh module's memory), memoryOffset (where the memory starts)}.
 */
export async function startForSnapshot({ pyodide, asm, config }) {
  checkVersion(pyodide);
  let initial = null;
  const py = await pyodide.loadPyodide({
    ...config,
    _makeSnapshot: true,
    createPyodideModule: (settings) => {
      watchInstance(settings, (instance) => (initial = new Uint8Array(instance.exports.memory.buffer).slice()), () => {});
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
 * behind the first zip on sys.path, also to the packages already imported from the first
 * (importlib's metadata, say, is in the rest). Documented API only.
 */
export function addStdlibRest(pyodide, bytes) {
  const first = pyodide.runPython("import sys; next(p for p in sys.path if p.endswith('.zip'))");
  const rest = first.replace(/\.zip$/, "-rest.zip");
  pyodide.FS.writeFile(rest, bytes);
  const scope = pyodide.toPy({ first, rest });
  try {
    pyodide.runPython(`import importlib, sys
if rest not in sys.path:
    sys.path.insert(sys.path.index(first) + 1, rest)
    for module in list(sys.modules.values()):
        path = getattr(module, "__path__", None)
        if isinstance(path, list):
            path += [rest + p[len(first):] for p in path if p.startswith(first + "/")]
importlib.invalidate_caches()`, { globals: scope });
  } finally {
    scope.destroy();
  }
}
