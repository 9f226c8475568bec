// Makes the calculator runtime's Web Worker: window.policyRuntimeStartWorker(), used by
// policy-runtime.js, which imports this file. On a page with
// <meta name="policy-runtime-autostart">, the head also loads it as a blocking script, before
// Material's bundle (which delays an async module by ~90-120 ms on a first visit), to start
// the worker at once (window.policyRuntimeEarly, adopted by policy-runtime.js).
// ES5, so that a browser that cannot run the calculator can say why: a page opened from a
// local file, a browser without module scripts (a domestic browser's compatibility mode).
(function () {
  "use strict";
  function showInStatus(message) {
    document.addEventListener("DOMContentLoaded", function () {
      Array.prototype.forEach.call(document.querySelectorAll("[data-policy-runtime-status]"), function (el) {
        el.setAttribute("role", "status");
        el.setAttribute("data-stage", "error");
        el.className += " policy-runtime-error";
        el.textContent = message;
      });
    });
  }

  /**
   * The worker (WORKER_URL) for the runtime at BASE, {worker, events (what it said so far)},
   * or null where it cannot run (no WebAssembly with BigInt, no module workers). Its init
   * travels in the URL's fragment: a message posted before the worker runs is handed over
   * only when the page's main thread is free (30-125 ms later on a first visit). It carries
   * the page's manifest; with it, the page compiles the wasm and sends the module: a page's
   * compile finds an earlier visit's module, a worker's does not.
   */
  function startWorker(workerUrl, base) {
    if (typeof WebAssembly !== "object" || typeof Worker !== "function" || typeof BigInt64Array !== "function") return null;
    var init = { type: "init", base: base };
    var meta = document.querySelector('meta[name="policy-runtime-manifest"]');
    try {
      var manifest = meta && JSON.parse(meta.content);
      if (manifest && typeof manifest === "object" && !Array.isArray(manifest)) init.manifest = manifest;
    } catch (e) {
      // left out: the worker fetches manifest.json itself
    }
    var wasm = init.manifest && init.manifest.files && init.manifest.files["pyodide.asm.wasm"];
    if (wasm && typeof WebAssembly.compileStreaming === "function") init.wasm = "page";
    var moduleWorkers = false; // a browser that reads `type` knows module workers
    var worker = new Worker(new URL("#" + encodeURIComponent(JSON.stringify(init)), workerUrl), {
      get type() {
        moduleWorkers = true;
        return "module";
      },
      name: "policy-runtime",
    });
    if (!moduleWorkers) return worker.terminate(), null;
    var started = { worker: worker, events: [] };
    worker.onmessage = worker.onerror = function (ev) {
      if (ev.type === "error") ev.preventDefault();
      started.events.push(ev);
    };
    if (init.wasm) {
      WebAssembly.compileStreaming(fetch(new URL(wasm.path, base))).then(function (module) {
        worker.postMessage({ type: "wasm", module: module });
      }, function () {
        worker.postMessage({ type: "wasm", module: null }); // the worker tries, and says why
      });
    }
    return started;
  }
  window.policyRuntimeStartWorker = startWorker;

  var script = document.currentScript; // none where policy-runtime.js imports this file
  if (!script || window.policyRuntimeEarly || window.policyRuntime) return;
  if (!document.querySelector('meta[name="policy-runtime-autostart"]')) return;
  // A permalink put into the address bar is the calculator's (window.policyOwnsPopstate,
  // calculator.js), kept from Material's instant navigation, which would fetch the page
  // again: added before Material's bundle adds its listener (called in that order).
  window.addEventListener("popstate", function (event) {
    if (window.policyOwnsPopstate && window.policyOwnsPopstate()) event.stopImmediatePropagation();
  }, true);
  if (location.protocol === "file:") {
    return showInStatus("请通过网站地址（http:// 或 https://）打开本页：直接打开本地文件时，浏览器不允许计算器运行。");
  }
  if (!("noModule" in script)) {
    return showInStatus("您的浏览器不支持计算器所需的 JavaScript 模块（常见于浏览器的“兼容模式”）。请切换到“极速模式”，或改用最新版的 Chrome、Edge、Firefox 或 Safari。");
  }
  var baseMeta = document.querySelector('meta[name="policy-runtime-base"]');
  try {
    if (baseMeta) window.policyRuntimeEarly = startWorker(new URL("worker.js", script.src).href,
                                                          new URL(baseMeta.content, document.baseURI).href);
  } catch (e) {
    // policy-runtime.js tries again and reports what is wrong
  }
})();
