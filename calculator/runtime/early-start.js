// Makes the calculator runtime's Web Worker: window.policyRuntimeStartWorker(), used by
// policy-runtime.js (which imports this file for it); on a page with
// <meta name="policy-runtime-autostart">, where the head loads this file blocking from
// runtime/start-<hash>/, it also starts the worker at once (window.policyRuntimeEarly,
// adopted by policy-runtime.js with the messages it has sent meanwhile): an async module
// that is ready while the parser runs Material's bundle waits for it (~90-120 ms on a first
// visit), during which the worker already downloads Pyodide.
//
// ES5, so that a browser that cannot run the calculator can read it and say why: opened
// from a local file, or without module scripts (a domestic browser's compatibility mode),
// it writes that into the status; elsewhere policy-runtime.js reports what is wrong.
(function () {
  "use strict";
  var FILE_URL_MESSAGE =
    "请通过网站地址（http:// 或 https://）打开本页：直接打开本地文件时，浏览器不允许计算器运行。";
  var NO_MODULES_MESSAGE =
    "您的浏览器不支持计算器所需的 JavaScript 模块（常见于浏览器的“兼容模式”）。请切换到“极速模式”，或改用最新版的 Chrome、Edge、Firefox 或 Safari。";
  function showInStatus(message) {
    document.addEventListener("DOMContentLoaded", function () {
      var els = document.querySelectorAll("[data-policy-runtime-status]");
      Array.prototype.forEach.call(els, function (el) {
        el.setAttribute("role", "status");
        el.textContent = message;
        el.setAttribute("data-stage", "error");
        el.className += " policy-runtime-error";
      });
    });
  }

  /**
   * The worker (WORKER_URL) for the runtime at BASE, or null where it cannot run (no
   * WebAssembly with BigInt, no module workers): {worker, events (what it said so far)}.
   * Its init travels in the URL's fragment, not in a message: Chromium hands a message
   * posted before the worker has run over only when the page's main thread is free (30-125
   * ms later on a first visit). The page's manifest (<meta name="policy-runtime-manifest">)
   * goes with it unless FRESH (a retry: the worker then fetches manifest.json); with it,
   * the page compiles the wasm and sends the module: a page's compile finds the module of
   * an earlier visit in this browser process, a worker's starts afresh.
   */
  function startWorker(workerUrl, base, mode, fresh) {
    if (typeof WebAssembly !== "object" || typeof Worker !== "function" || typeof BigInt64Array !== "function") return null;
    var init = { type: "init", base: base, mode: mode };
    var meta = document.querySelector('meta[name="policy-runtime-manifest"]');
    try {
      var manifest = !fresh && meta && JSON.parse(meta.content);
      if (manifest && typeof manifest === "object" && !Array.isArray(manifest)) init.manifest = manifest;
    } catch (e) {
      // left out: the worker fetches manifest.json itself
    }
    var wasm = init.manifest && init.manifest.files && init.manifest.files["pyodide.asm.wasm"];
    if (wasm && mode === "fast" && typeof WebAssembly.compileStreaming === "function") init.wasm = "page";
    var moduleWorkers = false; // a browser that reads `type` knows module workers
    var worker = new Worker(new URL("#" + encodeURIComponent(JSON.stringify(init)), workerUrl), {
      get type() {
        moduleWorkers = true;
        return "module";
      },
      name: "policy-runtime",
    });
    if (!moduleWorkers) {
      worker.terminate();
      return null;
    }
    var started = { worker: worker, events: [] };
    worker.onmessage = worker.onerror = function (ev) {
      if (ev.type === "error") ev.preventDefault();
      started.events.push(ev);
    };
    if (init.wasm) {
      WebAssembly.compileStreaming(fetch(new URL(wasm.path, base))).then(
        function (module) { worker.postMessage({ type: "wasm", module: module }); },
        function () { worker.postMessage({ type: "wasm", module: null }); } // the worker tries, and says why
      );
    }
    return started;
  }
  window.policyRuntimeStartWorker = startWorker;

  var script = document.currentScript; // none where policy-runtime.js imports this file
  if (!script || window.policyRuntimeEarly || window.policyRuntime) return;
  if (!document.querySelector('meta[name="policy-runtime-autostart"]')) return;
  // A history entry the page handles itself (window.policyOwnsPopstate, set by calculator.js:
  // a permalink put into the address bar) is kept from Material's instant navigation, which
  // would fetch the page again: added here, before Material's bundle adds its listener,
  // because Chromium calls a window's popstate listeners in the order they were added.
  window.addEventListener("popstate", function (event) {
    if (window.policyOwnsPopstate && window.policyOwnsPopstate()) event.stopImmediatePropagation();
  }, true);
  if (location.protocol === "file:") return showInStatus(FILE_URL_MESSAGE);
  if (!("noModule" in script)) return showInStatus(NO_MODULES_MESSAGE);
  var baseMeta = document.querySelector('meta[name="policy-runtime-base"]');
  if (!baseMeta) return;
  try {
    window.policyRuntimeEarly = startWorker(new URL("worker.js", script.src).href,
                                            new URL(baseMeta.content, document.baseURI).href, "fast");
  } catch (e) {
    // policy-runtime.js tries again and reports what is wrong
  }
})();
