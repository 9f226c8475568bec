// Page side of the calculator runtime. Load once as an ES module; under MkDocs Material's
// instant navigation it is not re-run, and the Web Worker it starts lives for the whole visit.
//
//   await window.policyRuntime.call("evaluate", jsonText)   -> JSON text from policy.api.evaluate
//   window.policyRuntime.start()          start loading now (idempotent; call() starts it too)
//   window.policyRuntime.ready            Promise resolved with {pyodide, wheel, start, ms}
//   window.policyRuntime.status           {stage, message, error?}
//   window.policyRuntime.onStatus(fn)     fn(status) now and on every change; returns unsubscribe
//   window.policyRuntime.restart()        after an error: a new worker, a new attempt
// Also: a "policy-runtime:status" event on document, and every element with the attribute
// data-policy-runtime-status gets the status text (role="status"). A page with an element
// carrying data-policy-runtime-autostart starts loading when shown; one with
// <meta name="policy-runtime-autostart"> as soon as this module runs.
//
// Where the runtime lives: window.policyRuntimeConfig = {base: "…/runtime/"}, else
// <meta name="policy-runtime-base">, else ../../../runtime/ from this file (the site's
// assets/calculator/runtime/). The worker is made by early-start.js: the one the page head
// started (window.policyRuntimeEarly) is adopted.

import "./early-start.js"; // window.policyRuntimeStartWorker
import { onEveryPage } from "./pages.js";

const TIMEOUT_MS = (window.policyRuntimeConfig && window.policyRuntimeConfig.timeoutMs) || 60000;
const CALL_TIMEOUT_MS = 60000;

export const MESSAGES = {
  download: "正在下载计算器运行环境……",
  start: "正在启动 Python 运行环境……",
  ready: "计算器已就绪。",
  idle: "计算器尚未启动。",
  missing_file:
    "计算器无法加载：网站缺少运行环境文件（{detail}）。请刷新页面重试；如仍失败，请联系网站管理员重新构建并完整上传网站（含 runtime/ 目录）。",
  wasm_mime:
    "计算器无法加载：服务器以错误的类型（{detail}）提供 WebAssembly 文件。请网站管理员把 .wasm 文件的 MIME 类型设为 application/wasm（如 nginx 的 mime.types 中加入 “application/wasm wasm;”）后重试。",
  old_browser:
    "您的浏览器版本过旧，不支持 WebAssembly 或模块化 Web Worker，无法运行计算器。请改用最新版的 Chrome、Edge、Firefox 或 Safari（国产浏览器请切换到“极速模式”）。",
  timeout:
    "计算器运行环境在 60 秒内未能加载完成。请检查网络后刷新页面重试；如仍失败，请换用最新版浏览器，或联系网站管理员检查服务器配置。",
  load_failed: "计算器运行环境加载失败（{detail}）。请刷新页面重试；如仍失败，请联系网站管理员。",
  bad_manifest: "计算器运行环境的清单文件无效。请联系网站管理员重新构建网站。",
  crashed: "计算器运行环境意外停止（{detail}）。请刷新页面重试。",
};

function message(code, detail) {
  return (MESSAGES[code] || MESSAGES.load_failed).replace("{detail}", detail || "未知原因");
}

function runtimeBase() {
  const cfg = window.policyRuntimeConfig || {};
  if (cfg.base) return new URL(cfg.base, document.baseURI).href;
  const meta = document.querySelector('meta[name="policy-runtime-base"]');
  if (meta) return new URL(meta.content, document.baseURI).href;
  return new URL("../../../runtime/", import.meta.url).href;
}

class PolicyRuntime {
  constructor() {
    this.status = { stage: "idle", message: MESSAGES.idle };
    this.listeners = new Set();
    this.worker = null;
    this.pending = new Map();
    this.nextId = 1;
    this.mode = (window.policyRuntimeConfig && window.policyRuntimeConfig.mode) || "fast";
    this.ready = null;
    this.timings = {};
    this.lastCallMs = null;
    this.usePageManifest = true;
  }

  onStatus(fn) {
    this.listeners.add(fn);
    fn(this.status);
    return () => this.listeners.delete(fn);
  }

  setStatus(stage, extra = {}) {
    this.status = { stage, message: extra.message || MESSAGES[stage] || "", ...extra };
    this.timings[stage] = Math.round(performance.now());
    for (const fn of this.listeners) {
      try {
        fn(this.status);
      } catch (e) {
        console.error(e);
      }
    }
    document.dispatchEvent(new CustomEvent("policy-runtime:status", { detail: this.status }));
    renderStatus();
  }

  start() {
    if (this.ready) return this.ready;
    this.ready = new Promise((resolve, reject) => {
      const fail = (code, detail) => {
        const err = new Error(message(code, detail));
        err.code = code;
        err.detail = detail;
        clearTimeout(timer);
        if (this.worker) this.worker.terminate();
        this.worker = null;
        this.setStatus("error", { error: code, message: err.message, detail });
        for (const p of this.pending.values()) p.reject(err);
        this.pending.clear();
        reject(err);
      };
      const timer = setTimeout(() => fail("timeout", `${TIMEOUT_MS / 1000} s`), TIMEOUT_MS);
      this.setStatus("download");
      let early = window.policyRuntimeEarly;
      window.policyRuntimeEarly = null;
      try {
        early = early || window.policyRuntimeStartWorker(new URL("./worker.js", import.meta.url).href, runtimeBase(),
                                                         this.mode, !this.usePageManifest);
      } catch (e) {
        setTimeout(() => fail("load_failed", String(e)), 0);
        return;
      }
      if (!early) {
        setTimeout(() => fail("old_browser"), 0);
        return;
      }
      const worker = early.worker;
      this.worker = worker;
      worker.onerror = (ev) => {
        ev.preventDefault();
        // A worker script that cannot be fetched or parsed lands here.
        fail(this.status.stage === "download" ? "missing_file" : "crashed", ev.message || "worker.js");
      };
      worker.onmessage = (ev) => {
        const m = ev.data;
        if (m.type === "status") {
          this.setStatus(m.stage, { detail: m.detail, workerMs: m.ms });
        } else if (m.type === "ready") {
          clearTimeout(timer);
          this.info = { ...m.info, ms: m.ms };
          if (m.info.started_at) this.timings.worker_started = Math.round(m.info.started_at - performance.timeOrigin);
          this.setStatus("ready", { info: this.info });
          resolve(this.info);
        } else if (m.type === "error") {
          fail(m.code, m.code === "wasm_mime" ? m.detail : m.message || m.detail);
        } else if (m.type === "result" || m.type === "resources") {
          const p = this.pending.get(m.id);
          if (!p) return;
          this.pending.delete(m.id);
          clearTimeout(p.timer);
          if (m.type === "resources") p.resolve(m.entries);
          else if (m.ok) {
            this.lastCallMs = m.ms;
            p.resolve(m.value);
          } else p.reject(new Error(`计算出错：${m.error}`));
        }
      };
      for (const ev of early.events) (ev.type === "error" ? worker.onerror : worker.onmessage)(ev);
    });
    this.ready.catch(() => {}); // reported through status; callers awaiting it still see it
    return this.ready;
  }

  restart() {
    if (this.worker) this.worker.terminate();
    this.worker = null;
    this.ready = null;
    this.usePageManifest = false;
    return this.start();
  }

  send(msg) {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new Error("计算超时（60 秒内没有结果）。请刷新页面重试。"));
      }, CALL_TIMEOUT_MS);
      this.pending.set(id, { resolve, reject, timer });
      this.worker.postMessage({ ...msg, id });
    });
  }

  /** Call a function of policy.api with string arguments; resolves with its string result. */
  async call(name, ...args) {
    const ready = this.start();
    // Sent at once: the worker answers as soon as it is ready (no round trip through this
    // page after that); if it fails instead, the pending call fails with its message.
    if (!this.worker) await ready;
    return this.send({ type: "call", name, args: args.map(String) });
  }

  /** Resource timing entries of the worker (used by the benchmark). */
  async workerResources() {
    await this.start();
    return this.send({ type: "resources" });
  }
}

function renderStatus() {
  const rt = window.policyRuntime;
  if (!rt) return;
  for (const el of document.querySelectorAll("[data-policy-runtime-status]")) {
    if (!el.hasAttribute("role")) el.setAttribute("role", "status");
    el.textContent = rt.status.message; // always text, never HTML
    el.dataset.stage = rt.status.stage;
    el.classList.toggle("policy-runtime-error", rt.status.stage === "error");
  }
}

/** On every page: fill status elements; start loading if the page asks for it. */
function onPage() {
  renderStatus();
  if (document.querySelector("[data-policy-runtime-autostart]")) window.policyRuntime.start();
}

if (!window.policyRuntime) {
  window.policyRuntime = new PolicyRuntime();
  onEveryPage(onPage);
  if ((window.policyRuntimeConfig && window.policyRuntimeConfig.autostart) ||
      document.querySelector('meta[name="policy-runtime-autostart"]')) {
    window.policyRuntime.start();
  }
}

export default window.policyRuntime;
