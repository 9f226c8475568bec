// Load the built runtime (OUT_DIR/pyodide/<version>/) under Node, with no network.
//
// Shared by the build (bytecode compilation, memory snapshot) and by tests/node/.
// Every fetch of an http(s) URL throws: in Node, Pyodide fetches a package that is
// missing from disk from a CDN, and we want that to fail loudly, never to happen.

import fs from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { readSnapshot, startForSnapshot, startFromSnapshot } from "../../calculator/runtime/pyodide-start.js";

export { addStdlibRest } from "../../calculator/runtime/pyodide-start.js";

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

/** Read OUT_DIR/manifest.json. */
export function readManifest(outDir) {
  return JSON.parse(fs.readFileSync(path.join(outDir, "manifest.json"), "utf8"));
}

/**
 * Start Pyodide from a runtime directory, as the page does (calculator/runtime/worker.js:
 * the snapshot start and the rest of the stdlib come from the same module).
 * opts.indexDir: the directory holding pyodide.mjs etc (required)
 * opts.stdlib: path of the standard-library zip (default: the stock one)
 * opts.lockFile: path of the lock file (default: stock)
 * opts.snapshot: path of a sparse memory snapshot to start from
 * opts.makeSnapshot: true to allow snapshot() (returned: the snapshot's bytes)
 */
export async function startPyodide(opts) {
  blockNetwork();
  const indexDir = path.resolve(opts.indexDir) + path.sep;
  const pyodide = await import(pathToFileURL(path.join(indexDir, "pyodide.mjs")).href);
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
  if (!opts.snapshot && !opts.makeSnapshot) return { pyodide: await pyodide.loadPyodide(config), version: pyodide.version };
  const asm = await import(pathToFileURL(path.join(indexDir, "pyodide.asm.mjs")).href);
  if (opts.makeSnapshot) return { ...(await startForSnapshot({ pyodide, config })), version: pyodide.version };
  const snapshot = readSnapshot([new Uint8Array(fs.readFileSync(opts.snapshot))]);
  return { pyodide: await startFromSnapshot({ pyodide, asm, config, snapshot }), version: pyodide.version };
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
