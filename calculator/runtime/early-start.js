// On a page that starts the calculator runtime: start its Web Worker now, from the head,
// before Material's bundle runs. policy-runtime.js (an async module) adopts this worker
// and the messages it has sent meanwhile (window.policyRuntimeEarly).
//
// Why: an async module script that is ready while the parser runs Material's bundle waits
// for the bundle to finish; on a first visit that is ~120 ms of compiling and running the
// bundle during which the worker could already download and compile Pyodide
// (benchmarks/load_pyodide.py, site cold).
//
// A classic script (ES5, so that an old browser can read it), loaded blocking in the head
// after the page's runtime metas, from runtime/start-<hash>/ beside worker.js. Opened from
// a local file or in a browser without module scripts, it says so in the status; where
// anything else is missing or unsupported it does nothing: policy-runtime.js then starts
// the worker itself and reports what is wrong.
(function () {
  "use strict";
  // What only a classic script can say: where no module script runs (the runtime, the
  // calculator), the status would otherwise say "正在准备计算器……" for ever.
  var FILE_URL_MESSAGE =
    "请通过网站地址（http:// 或 https://）打开本页：直接打开本地文件时，浏览器不允许计算器运行。";
  var NO_MODULES_MESSAGE =
    "您的浏览器不支持计算器所需的 JavaScript 模块（常见于浏览器的“兼容模式”）。请切换到“极速模式”，或改用最新版的 Chrome、Edge、Firefox 或 Safari。";
  function showInStatus(message) {
    var shown = false; // material-later.js dispatches DOMContentLoaded again
    document.addEventListener("DOMContentLoaded", function () {
      if (shown) return;
      shown = true;
      var els = document.querySelectorAll("[data-policy-runtime-status]");
      Array.prototype.forEach.call(els, function (el) {
        el.setAttribute("role", "status");
        el.textContent = message;
        el.setAttribute("data-stage", "error");
        el.className += " policy-runtime-error";
      });
    });
  }
  if (window.policyRuntimeEarly || window.policyRuntime) return;
  if (!document.querySelector('meta[name="policy-runtime-autostart"]')) return;
  if (location.protocol === "file:") return showInStatus(FILE_URL_MESSAGE);
  if (!("noModule" in document.createElement("script"))) return showInStatus(NO_MODULES_MESSAGE);
  var baseMeta = document.querySelector('meta[name="policy-runtime-base"]');
  var script = document.currentScript;
  if (!baseMeta || !script || !script.src) return;
  if (typeof WebAssembly !== "object" || typeof Worker !== "function" || typeof BigInt64Array !== "function") return;
  // The init travels in the worker URL's fragment, not in a message: Chromium forwards a
  // message posted before the worker has run from the page's main thread once the worker
  // script has run, which on a first visit (the page parsing and laying out) came 30-125 ms
  // later (benchmarks/load_pyodide.py, site cold).
  var init = { type: "init", base: new URL(baseMeta.content, document.baseURI).href, mode: "fast" };
  var manifestMeta = document.querySelector('meta[name="policy-runtime-manifest"]');
  try {
    var manifest = manifestMeta && JSON.parse(manifestMeta.content);
    if (manifest && typeof manifest === "object" && !Array.isArray(manifest)) init.manifest = manifest;
  } catch (e) {
    // left out: the worker fetches manifest.json itself
  }
  // The page compiles the wasm and hands the module over: a compile here finds the module of
  // an earlier visit in this browser process, a worker's does not (it starts afresh).
  var wasm = init.manifest && init.manifest.files && init.manifest.files["pyodide.asm.wasm"];
  if (wasm && typeof WebAssembly.compileStreaming === "function") init.wasm = "page";
  var moduleWorkers = false; // a browser that reads `type` knows module workers
  var worker;
  try {
    worker = new Worker(new URL("worker.js#" + encodeURIComponent(JSON.stringify(init)), script.src), {
      get type() {
        moduleWorkers = true;
        return "module";
      },
      name: "policy-runtime",
    });
  } catch (e) {
    return;
  }
  if (!moduleWorkers) {
    worker.terminate();
    return;
  }
  var early = { worker: worker, events: [] };
  worker.onmessage = function (ev) { early.events.push(ev); };
  worker.onerror = function (ev) {
    ev.preventDefault();
    early.events.push(ev);
  };
  if (init.wasm) {
    WebAssembly.compileStreaming(fetch(new URL(wasm.path, init.base))).then(
      function (module) { worker.postMessage({ type: "wasm", module: module }); },
      function () { worker.postMessage({ type: "wasm", module: null }); } // the worker tries, and says why
    );
  }
  window.policyRuntimeEarly = early;
})();
