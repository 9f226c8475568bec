// On a page that starts the calculator runtime, Material for MkDocs' own JavaScript waits
// for the runtime: its bundle (instant navigation, search, header and sidebar behaviour)
// runs once the runtime has given its first answer, and its search worker is made once
// the runtime has been ready for a moment. Both come at once when the reader acts (a
// pointer press, a key, a focus) or the runtime fails, and at the latest after 5 s (the
// bundle) and 10 s (the search worker).
//
// Why: on a 2-core machine the bundle's compile, run and first layout (80-130 ms of main
// thread on a first visit) and the search index build (~150 ms of CPU) competed with the
// runtime's start: the permalink's result came ~10 % later without the bundle held
// (benchmarks/load_pyodide.py, site cold) and ~130 ms later without the search worker held
// (site warm). The page itself is plain HTML and CSS: it reads and prints the same.
//
// How: the site build (hooks.py) turns the page's bundle tag into
// <script type="text/x-policy-later" data-policy-later-src="…">, which never runs; this
// script adds the real one. The bundle starts from DOMContentLoaded, which has passed by
// then: it is dispatched again once the bundle has run (listeners of ours take it once),
// and then "policy-material:ready" (pages.js follows Material's page changes from there).
// The search worker: Material's messages to it are queued and handed over when it is made.
//
// A classic script loaded (blocking) in the head after early-start.js, whose worker it
// watches; it only wraps the Worker constructor for Material's search worker.
(function () {
  "use strict";
  if (!document.querySelector('meta[name="policy-runtime-autostart"]')) return;
  var BUNDLE_AFTER_READY_MS = 200; // when no answer is asked for (a page without a permalink)
  var BUNDLE_AT_THE_LATEST_MS = 5000;
  var bundleAsked = false;

  function addBundle() {
    var held = document.querySelector("script[data-policy-later-src]");
    if (!held) return;
    var script = document.createElement("script");
    script.src = held.getAttribute("data-policy-later-src");
    script.onload = function () {
      setTimeout(function () { // Material's start in a task of its own, after its bundle's
        document.dispatchEvent(new Event("DOMContentLoaded"));
        document.dispatchEvent(new CustomEvent("policy-material:ready"));
      }, 0);
    };
    held.parentNode.insertBefore(script, held.nextSibling);
  }
  function loadBundle() {
    if (bundleAsked) return;
    bundleAsked = true;
    if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", addBundle, { once: true });
    else addBundle();
  }
  // Once the calculator has drawn its first result (a permalink's), a while after the
  // runtime's worker (early-start.js) is ready when nothing was asked (the lists page, an
  // empty calculator), or when it fails.
  var early = window.policyRuntimeEarly;
  if (!early || !early.worker) {
    loadBundle(); // no runtime starting from here: nothing to wait for
  } else {
    // after the frame that draws the result: the bundle's first layout then finds it done
    // (otherwise its run and that layout made one task of over 100 ms)
    document.addEventListener("policy-calculator:result-shown", function () {
      requestAnimationFrame(function () { setTimeout(loadBundle, 0); });
    });
    early.worker.addEventListener("message", function (e) {
      var type = e.data && e.data.type;
      if (type === "error") loadBundle();
      else if (type === "ready") setTimeout(loadBundle, BUNDLE_AFTER_READY_MS);
    });
    early.worker.addEventListener("error", loadBundle);
  }
  document.addEventListener("policy-runtime:status", function (e) {
    if (e.detail && e.detail.stage === "error") loadBundle();
  });
  ["pointerdown", "keydown", "focusin"].forEach(function (type) {
    document.addEventListener(type, loadBundle, { capture: true, once: true });
  });
  setTimeout(loadBundle, BUNDLE_AT_THE_LATEST_MS);

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
