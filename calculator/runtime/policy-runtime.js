// The page side of the calculator runtime: an ES module, run once per visit (Material's
// instant navigation does not run it again; its Web Worker lives for the whole visit).
//   await policyRuntime.call(name, ...args)   a function of policy.api, strings in and out
//   policyRuntime.start(), .ready (a Promise of .info)
//   policyRuntime.status {stage, message}, .info (once ready), .timings (the benchmark's)
// Every element with data-policy-runtime-status shows the status as text (role="status").
// A page with an element carrying data-policy-runtime-autostart starts the runtime when
// shown; one with <meta name="policy-runtime-autostart"> as soon as this module runs. The
// runtime's place: window.policyRuntimeConfig.base, else <meta name="policy-runtime-base">,
// else ../../../runtime/ from this file. early-start.js makes the worker: the one the page
// head started (window.policyRuntimeEarly) is adopted with what it has said so far.

import "./early-start.js"; // window.policyRuntimeStartWorker
import { onEveryPage } from "./pages.js";

const config = window.policyRuntimeConfig || {};
const TIMEOUT_MS = config.timeoutMs || 60000;
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

function runtimeBase() {
  const meta = document.querySelector('meta[name="policy-runtime-base"]');
  return new URL(config.base || (meta ? meta.content : new URL("../../../runtime/", import.meta.url).href), document.baseURI).href;
}

class PolicyRuntime {
  constructor() {
    this.status = { stage: "idle", message: MESSAGES.idle };
    this.worker = null;
    this.ready = null;
    this.pending = new Map();
    this.nextId = 1;
    this.timings = {};
    this.lastCallMs = null;
  }

  setStatus(stage, extra = {}) {
    this.status = { stage, message: extra.message || MESSAGES[stage] || "", ...extra };
    this.timings[stage] = Math.round(performance.now());
    renderStatus();
  }

  start() {
    if (this.ready) return this.ready;
    this.ready = new Promise((resolve, reject) => {
      const fail = (code, detail) => {
        const message = (MESSAGES[code] || MESSAGES.load_failed).replace("{detail}", detail || "未知原因");
        const err = Object.assign(new Error(message), { code, detail });
        clearTimeout(timer);
        this.worker?.terminate();
        this.worker = null;
        this.setStatus("error", { error: code, message, detail });
        for (const p of this.pending.values()) p.reject(err);
        this.pending.clear();
        reject(err);
      };
      const timer = setTimeout(() => fail("timeout", `${TIMEOUT_MS / 1000} s`), TIMEOUT_MS);
      this.setStatus("download");
      let early = window.policyRuntimeEarly;
      window.policyRuntimeEarly = null;
      try {
        early ||= window.policyRuntimeStartWorker(new URL("./worker.js", import.meta.url).href, runtimeBase());
      } catch (e) {
        return setTimeout(() => fail("load_failed", String(e)), 0);
      }
      if (!early) return setTimeout(() => fail("old_browser"), 0);
      const worker = (this.worker = early.worker);
      worker.onerror = (ev) => {
        ev.preventDefault(); // a worker script that cannot be fetched or parsed lands here
        fail(this.status.stage === "download" ? "missing_file" : "crashed", ev.message || "worker.js");
      };
      worker.onmessage = ({ data: m }) => {
        const p = this.pending.get(m.id);
        if (m.type === "status") this.setStatus(m.stage, { detail: m.detail });
        else if (m.type === "ready") {
          clearTimeout(timer);
          this.info = { ...m.info, ms: m.ms };
          this.timings.worker_started = Math.round(m.info.started_at - performance.timeOrigin);
          this.setStatus("ready");
          resolve(this.info);
        } else if (m.type === "error") fail(m.code, m.code === "wasm_mime" ? m.detail : m.message || m.detail);
        else if (p) {
          this.pending.delete(m.id);
          clearTimeout(p.timer);
          if (!m.ok) p.reject(new Error(`计算出错：${m.error}`));
          else p.resolve(((this.lastCallMs = m.ms), m.value));
        }
      };
      for (const ev of early.events) (ev.type === "error" ? worker.onerror : worker.onmessage)(ev);
    });
    this.ready.catch(() => {}); // reported in the status; callers awaiting it still see it
    return this.ready;
  }

  /** Calls a function of policy.api with string arguments; resolves with its string result.
   * Sent at once: the worker answers as soon as it is ready, or the call fails with it. */
  async call(name, ...args) {
    const ready = this.start();
    if (!this.worker) await ready;
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new Error("计算超时（60 秒内没有结果）。请刷新页面重试。"));
      }, CALL_TIMEOUT_MS);
      this.pending.set(id, { resolve, reject, timer });
      this.worker.postMessage({ type: "call", id, name, args: args.map(String) });
    });
  }
}

function renderStatus() {
  const rt = window.policyRuntime;
  for (const el of rt ? document.querySelectorAll("[data-policy-runtime-status]") : []) {
    if (!el.hasAttribute("role")) el.setAttribute("role", "status");
    el.textContent = rt.status.message;
    el.dataset.stage = rt.status.stage;
    el.classList.toggle("policy-runtime-error", rt.status.stage === "error");
  }
}

if (!window.policyRuntime) {
  const rt = (window.policyRuntime = new PolicyRuntime());
  onEveryPage(() => {
    renderStatus();
    if (document.querySelector("[data-policy-runtime-autostart]")) rt.start();
  });
  if (config.autostart || document.querySelector('meta[name="policy-runtime-autostart"]')) rt.start();
}

export default window.policyRuntime;
