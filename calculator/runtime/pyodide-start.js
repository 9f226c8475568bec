// The one place that relies on Pyodide's private behaviour, checked against Pyodide 314.0.7
// (PYODIDE_CHECKED): an upgrade is a change here. Used by the page's worker and, under Node,
// by the build and the tests (build_scripts/runtime/node_pyodide.mjs).
// tests/node/test_pyodide_start.py fails loudly when an assumption stops holding; at run time
// startFromSnapshot() throws on any failure and the caller starts with loadPyodide()'s
// documented options instead (the same answers, later).
//
// Private, as of 314.0.7:
//  1. loadPyodide({_makeSnapshot: true}) and pyodide.makeMemorySnapshot() make a memory
//     snapshot; loadPyodide({_loadSnapshot}) restores it, awaiting it before the module is
//     created and reading it once created: given the buffer at once, the snapshot streams
//     into it while the wasm is instantiated.
//  2. loadPyodide({createPyodideModule}) (@experimental): here, to hand the module over once
//     the buffer is filled.
//  3. In a browser Pyodide fetches `${indexURL}pyodide.asm.wasm` as loadPyodide() starts and
//     instantiates it with WebAssembly.instantiateStreaming, and fetches stdLibURL: self.fetch
//     and instantiateStreaming are replaced during a snapshot start, to use the module
//     compiled earlier and responses requested earlier; put back once used or at the end.

export const PYODIDE_CHECKED = "314.0.7";
export const SNAPSHOT_FORMAT = "sparse-3";
const SPARSE_MAGIC = 0x33504e53;

/**
 * Reads a sparse snapshot (build_scripts/runtime.py: sparse_snapshot), CHUNKS (an async
 * iterable of its bytes), into a zeroed buffer as it streams: {buffer, filled}. buffer: a
 * Promise of it once the header is read, byte for byte what makeMemorySnapshot() gave once
 * filled; either rejects when the bytes are not in the format.
 */
export function readSnapshot(chunks) {
  let setBuffer;
  const header = new Promise((resolve) => (setBuffer = resolve));
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
        if (head.length < 12) continue;
        if (dv.getUint32(0, true) !== SPARSE_MAGIC) fail("not a sparse snapshot");
        const end = 12 + 8 * dv.getUint32(8, true);
        if (head.length < end) continue;
        buffer = new Uint8Array(dv.getUint32(4, true));
        for (let k = 12; k < end; k += 8) segments.push([dv.getUint32(k, true), dv.getUint32(k + 4, true)]);
        if (segments.some(([off, len]) => off + len > buffer.length)) fail("bad segment");
        setBuffer(buffer);
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
  const buffer = Promise.race([header, filled]);
  for (const p of [filled, buffer]) p.catch(() => {});
  return { buffer, filled };
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
  const filled = snapshot.filled;
  // The header first: a snapshot missing or not in the format fails before Pyodide starts.
  // Pyodide keeps its config for good: the buffer (31 MB) is held here only, until the start
  // ends (worker.js's memory message checks it).
  let buffer = await snapshot.buffer;
  snapshot = null;
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
    return await pyodide.loadPyodide({
      ...config,
      _loadSnapshot: { then: (resolve) => resolve(buffer) },
      createPyodideModule: async (settings) => {
        const module = await asm.default(settings);
        await filled;
        return module;
      },
    });
  } finally {
    buffer = null;
    restoreFetch();
  }
}

/** Build time (Node): starts Pyodide able to make a snapshot: {pyodide, snapshot() (its bytes)}. */
export async function startForSnapshot({ pyodide, config }) {
  checkVersion(pyodide);
  const py = await pyodide.loadPyodide({ ...config, _makeSnapshot: true });
  return { pyodide: py, snapshot: () => py.makeMemorySnapshot() };
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
