// Load the built runtime (OUT_DIR/pyodide/<version>/) under Node, with no network.
//
// Shared by the build (bytecode compilation, memory snapshot) and by tests/node/.
// Every fetch of an http(s) URL throws: in Node, Pyodide fetches a package that is
// missing from disk from a CDN, and we want that to fail loudly, never to happen.

import fs from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";

const realFetch = globalThis.fetch;
export const blockedRequests = [];

export function blockNetwork() {
  globalThis.fetch = async (resource, init) => {
    const url = typeof resource === "string" ? resource : resource?.url ?? String(resource);
    if (/^(https?|wss?):/i.test(url)) {
      blockedRequests.push(url);
      throw new Error(`network access blocked (would fetch ${url}): a file is missing from the built runtime`);
    }
    return realFetch(resource, init);
  };
}

const SPARSE_MAGIC = 0x32504e53; // build_scripts/runtime.py: sparse_snapshot()
const FROM_MEMORY = 0x80000000;

/**
 * The snapshot as makeMemorySnapshot() wrote it, from the sparse file the build ships:
 * {buffer, fromMemory}. The segments in fromMemory ([offset, length, memory offset]) are
 * still zero in buffer: they hold what the freshly instantiated module's memory holds, and
 * are copied from it right after instantiation (startPyodide), as the page does.
 */
export function expandSparseSnapshot(data) {
  const dv = new DataView(data.buffer, data.byteOffset, data.byteLength);
  if (dv.getUint32(0, true) !== SPARSE_MAGIC) throw new Error("not a sparse snapshot (format sparse-2)");
  const total = dv.getUint32(4, true);
  const n = dv.getUint32(8, true);
  const memoryOffset = dv.getUint32(12, true);
  const buffer = new Uint8Array(total);
  const fromMemory = [];
  let pos = 16 + 8 * n;
  for (let k = 0; k < n; k++) {
    const off = dv.getUint32(16 + 8 * k, true);
    const word = dv.getUint32(20 + 8 * k, true);
    const len = word & 0x7fffffff;
    if (word & FROM_MEMORY) {
      fromMemory.push([off, len, off - memoryOffset]);
    } else {
      buffer.set(data.subarray(pos, pos + len), off);
      pos += len;
    }
  }
  if (pos !== data.length) throw new Error("sparse snapshot: wrong length");
  return { buffer, fromMemory };
}

/**
 * Calls onInstance(instance) right after Pyodide instantiates its wasm module, before any
 * of its code runs (the memory then holds only the module's data segments).
 */
function onFreshInstance(onInstance) {
  const original = WebAssembly.instantiate;
  WebAssembly.instantiate = async function (...args) {
    const result = await original.apply(WebAssembly, args);
    WebAssembly.instantiate = original;
    onInstance(result.instance || result);
    return result;
  };
}

/** Read OUT_DIR/manifest.json. */
export function readManifest(outDir) {
  return JSON.parse(fs.readFileSync(path.join(outDir, "manifest.json"), "utf8"));
}

/**
 * Start Pyodide from a runtime directory.
 * opts.indexDir: the directory holding pyodide.mjs etc (required)
 * opts.stdlib: path of the standard-library zip (default: the stock one)
 * opts.lockFile: path of the lock file (default: stock)
 * opts.snapshot: path of a memory snapshot to start from
 * opts.makeSnapshot: true to allow makeMemorySnapshot()
 */
export async function startPyodide(opts) {
  blockNetwork();
  const indexDir = path.resolve(opts.indexDir) + path.sep;
  const { loadPyodide, version } = await import(pathToFileURL(path.join(indexDir, "pyodide.mjs")).href);
  const config = {
    indexURL: indexDir,
    packageCacheDir: indexDir,
    stdout: (s) => process.stderr.write(`[py] ${s}\n`),
    stderr: (s) => process.stderr.write(`[py:err] ${s}\n`),
  };
  if (opts.stdlib) config.stdLibURL = path.resolve(opts.stdlib);
  if (opts.lockFile) {
    config.lockFileContents = fs.readFileSync(opts.lockFile, "utf8");
    config.packageBaseUrl = indexDir;
  }
  if (opts.makeSnapshot) config._makeSnapshot = true;
  let initialMemory = null;
  if (opts.makeSnapshot) {
    onFreshInstance((instance) => (initialMemory = new Uint8Array(instance.exports.memory.buffer).slice()));
  }
  if (opts.snapshot) {
    const { buffer, fromMemory } = expandSparseSnapshot(new Uint8Array(fs.readFileSync(opts.snapshot)));
    onFreshInstance((instance) => {
      const memory = new Uint8Array(instance.exports.memory.buffer);
      for (const [off, len, from] of fromMemory) buffer.set(memory.subarray(from, from + len), off);
    });
    config._loadSnapshot = buffer;
  }
  const pyodide = await loadPyodide(config);
  return { pyodide, version, initialMemory };
}

/**
 * Add the rest of the standard library (the modules the start does not import, shipped as
 * a second zip; build_scripts/runtime.py: split_stdlib) behind the first one on sys.path.
 * calculator/runtime/worker.js has the same function, for the page (a test keeps the
 * two the same: the worker cannot import this file).
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

/** Install the given lock-file packages, failing if any is not on disk. */
export async function loadLocalPackages(pyodide, indexDir, names) {
  const lock = pyodide.lockfile;
  for (const name of names) {
    const pkg = lock.packages[name];
    if (!pkg) throw new Error(`package ${name} is not in the lock file`);
    const file = path.join(indexDir, pkg.file_name);
    if (!fs.existsSync(file)) throw new Error(`package file missing: ${file}`);
  }
  const errors = [];
  await pyodide.loadPackage(names, {
    messageCallback: () => {},
    errorCallback: (m) => errors.push(m),
    checkIntegrity: true,
  });
  if (errors.length) throw new Error(`loadPackage failed: ${errors.join("; ")}`);
  if (blockedRequests.length) throw new Error(`network access attempted: ${blockedRequests.join(", ")}`);
}
