// On a page that starts the calculator runtime: Material for MkDocs' search worker is made
// only once the runtime is ready (or has failed), when the reader moves to the search box,
// or after 10 s, whichever comes first.
//
// Why: Material makes its search worker as the page loads, and it builds the search index
// (~150 ms of CPU) exactly while the runtime starts; on a 2-core machine that delayed the
// first result by ~130 ms (benchmarks/load_pyodide.py, site warm). Search still works: its
// messages are queued and handed over when the worker is made.
//
// A classic script loaded (blocking) in the head, so that it runs before Material's bundle
// makes the worker. It only wraps the Worker constructor; every other worker (the
// runtime's) is made at once, as before.
(function () {
  "use strict";
  if (!document.querySelector('meta[name="policy-runtime-autostart"]')) return;
  var RealWorker = window.Worker;
  if (typeof RealWorker !== "function" || typeof EventTarget !== "function") return;
  var SEARCH_WORKER = /\/workers\/search\.[^/]*\.js(\?|#|$)/;
  var AFTER_READY_MS = 500; // the first result is drawn meanwhile
  var AT_THE_LATEST_MS = 10000;
  var waiting = [];
  var released = false;

  class LaterWorker extends EventTarget {
    constructor(url, options) {
      super();
      this.args = [url, options];
      this.queue = [];
      this.real = null;
      this.onmessage = null;
      this.onerror = null;
    }
    start() {
      if (this.real || !this.queue) return;
      var self = this;
      var real = (this.real = new RealWorker(this.args[0], this.args[1]));
      real.addEventListener("message", function (e) {
        var ev = new MessageEvent("message", { data: e.data });
        self.dispatchEvent(ev);
        if (typeof self.onmessage === "function") self.onmessage(ev);
      });
      real.addEventListener("error", function (e) {
        var ev = new ErrorEvent("error", { message: e.message, filename: e.filename, lineno: e.lineno });
        self.dispatchEvent(ev);
        if (typeof self.onerror === "function") self.onerror(ev);
      });
      this.queue.forEach(function (m) { real.postMessage(m); });
      this.queue = [];
    }
    postMessage(message) {
      if (this.real) this.real.postMessage(message);
      else if (this.queue) this.queue.push(message);
    }
    terminate() {
      if (this.real) this.real.terminate();
      this.queue = null;
    }
  }

  function release() {
    if (released) return;
    released = true;
    window.Worker = RealWorker;
    waiting.forEach(function (w) { w.start(); });
    waiting = [];
  }

  function Worker(url, options) {
    if (released || !SEARCH_WORKER.test(String(url))) return new RealWorker(url, options);
    var w = new LaterWorker(url, options);
    waiting.push(w);
    return w;
  }
  Worker.prototype = RealWorker.prototype;
  window.Worker = Worker;

  document.addEventListener("policy-runtime:status", function (e) {
    var stage = e.detail && e.detail.stage;
    if (stage === "ready") setTimeout(release, AFTER_READY_MS);
    else if (stage === "error") release();
  });
  // Material's search box (clicked, tabbed to, or opened with its keyboard shortcuts)
  document.addEventListener("focusin", function (e) {
    if (e.target && e.target.closest && e.target.closest("[data-md-component=search], .md-search")) release();
  });
  setTimeout(release, AT_THE_LATEST_MS);
})();
