// The self-assessment calculator (docs/calculator.md). Loaded once as an ES module from
// mkdocs.yml `extra_javascript`; under MkDocs Material's instant navigation it mounts on
// every page change that shows an element #policy-calculator (document$).
//
// Every change of the form calls policy.api.evaluate (Pyodide, in the worker started by
// ../runtime/policy-runtime.js) and shows exactly the questions the package lists in
// `applicable`, the package's errors next to their fields and in a summary, and the
// result. No rule logic lives here.
//
// window.policyCalculator (for tests and benchmarks):
//   idle()      Promise resolved when no evaluation is pending or running
//   timings     [{total_ms, call_ms, calls, render_ms, worker_ms}] per evaluation
//   last        {input, output} of the last evaluation
//   resultShownAt  performance.now() when a result was first drawn in this document

import { h, clear, drawOneAFrame } from "./dom.js";
import { CalculatorForm } from "./form.js";
import { renderResult, announcement } from "./results.js";
import * as codec from "./codec.js";
import { onEveryPage, policyRuntime } from "../runtime/pages.js";

const ROOT_ID = "policy-calculator";

let specPromise = null;
/** policy.api.form_spec(): the copy the site build put in the page, else the runtime's. */
function formSpec(rt) {
  if (!specPromise) {
    const embedded = document.getElementById("policy-form-spec");
    let spec = null;
    try {
      spec = embedded ? JSON.parse(embedded.dataset.spec) : null;
    } catch {
      spec = null; // the runtime's, then
    }
    specPromise = spec ? Promise.resolve(spec) : rt.call("form_spec").then((text) => JSON.parse(text));
    specPromise.catch(() => (specPromise = null));
  }
  return specPromise;
}

function siteBase() {
  if (window.__md_scope instanceof URL) return window.__md_scope.href;
  return new URL(".", document.baseURI).href;
}

function makeLinks(spec) {
  const base = siteBase();
  const labels = new Map((spec.clauses || []).map((c) => [c.id, c.display])); // 二、4, 三（一）4 …
  const anchor = (id) => "clause-" + String(id).replace(/[()]+/g, "-").replace(/^-+|-+$/g, "");
  return {
    clause: (id) => new URL(`plan-text.html#${anchor(id)}`, base).href,
    clauseLabel: (id) => labels.get(id) || String(id),
    register: (id) => new URL(`register.html#register-${String(id).replace(/[^A-Za-z0-9_.]+/g, "-")}`, base).href,
  };
}

const state = {
  timings: [],
  last: null,
  app: null, // the mounted calculator, if the page shows one
  waiters: [],
  linkOpened: null, // the permalink last put into the open page's address bar (hashchange)
};

window.policyCalculator = {
  get timings() {
    return state.timings;
  },
  get last() {
    return state.last;
  },
  /** performance.now() when a result was first on screen in this document. */
  get resultShownAt() {
    return state.resultShownAt;
  },
  async idle() {
    if (state.mounting) await state.mounting;
    if (!state.app || state.app.isIdle()) return;
    await new Promise((resolve) => state.waiters.push(resolve));
  },
};

/** Awaits get()'s promise, and again while get() gives a newer one (a drawing begun meanwhile). */
async function latest(get) {
  for (let p = null; p !== get();) await (p = get());
}

function notifyIdle() {
  if (state.app && !state.app.isIdle()) return;
  const waiters = state.waiters.splice(0);
  for (const fn of waiters) fn();
}

class Calculator {
  /**
   * `restored`: {payload, source, first} to start from (a permalink): the form is drawn once,
   * already filled in; `first` is the promise of an evaluate call already sent for the
   * form's input text `first.text` (the worker computes while the form is being drawn).
   */
  constructor(root, rt, spec, restored = null) {
    this.root = root;
    this.rt = rt;
    this.spec = spec;
    this.links = makeLinks(spec);
    this.timer = null;
    this.running = false;
    this.pending = false;
    this.seq = 0;
    this.lastHash = null;
    this.out = null;
    this.sent = null;
    this.pageUrl = new URL(location.href); // the calculator page (the permalink's base)
    this.pageUrl.hash = "";
    this.form = new CalculatorForm(spec, this.links, (kind) => this.schedule(kind));
    this.first = null; // {text, promise}: an evaluate call sent before the form was drawn
    this.resultRound = 0; // render() calls
    this.resultDrawn = Promise.resolve(); // the last result drawn whole
    // A permalink is opened for its result: the first one is brought into view (below a long
    // form otherwise), unless the reader has started on the form meanwhile. On a page load also
    // unless the reader has scrolled ("load"); a permalink put into the address bar of the open
    // page asks for its result whatever the old scroll position ("link"; also when it was put
    // there while the calculator was still loading, and this mount finds it).
    this.revealFirstResult = !restored ? false : restored.hash && restored.hash === state.linkOpened ? "link" : "load";
    if (restored) {
      this.form.restore(restored.payload.input, { render: false });
      this.first = restored.first || null;
    }
    // Drawn at once, also with a first answer on its way: the form's layout then happens while
    // the runtime starts, and the answer's frame lays out only what the answer adds (a
    // restored form already shows the questions it answers: CalculatorForm.restore).
    this.build();
    this.root.append(this.app);
    if (restored) this.showNotice(this.restoreNotes(restored.payload, restored.source));
  }

  isIdle() {
    return !this.running && !this.pending && this.timer === null;
  }

  build() {
    const r = this.root;
    r.classList.add("calc-root");
    this.notice = h("div", { class: "calc-notice admonition warning", role: "alert", hidden: true });
    this.announce = h("div", { class: "calc-announce", role: "status", "aria-live": "polite", "aria-atomic": "true" });
    // GOV.UK's error summary: after a submit, at the top, focused, a link to each field.
    this.errorsEl = h("div", { class: "calc-error-summary", hidden: true, tabindex: "-1",
      "aria-labelledby": "calc-error-title" });
    this.resultEl = h("div", { class: "calc-result-body" });
    this.permalinkInput = h("input", { type: "text", readonly: true, id: "calc-permalink", class: "calc-permalink-text",
      "aria-label": "本次自评的永久链接" });
    this.permalinkA = h("a", { href: "#", class: "calc-permalink-link" }, "打开链接");
    const fileInput = h("input", { type: "file", id: "calc-upload", accept: ".json,application/json", class: "calc-file" });
    fileInput.addEventListener("change", () => {
      const file = fileInput.files && fileInput.files[0];
      if (file) this.upload(file).finally(() => (fileInput.value = ""));
    });
    const actions = h("div", { class: "calc-actions calc-no-print", role: "group", "aria-label": "保存、打印与分享" },
      h("button", { type: "button", class: "md-button", onclick: () => this.print() }, "打印自评报告"),
      h("button", { type: "button", class: "md-button", onclick: () => this.download() }, "下载 JSON"),
      h("span", { class: "calc-upload" }, h("label", { for: "calc-upload", class: "md-button" }, "上传 JSON 恢复"), fileInput),
      h("span", { class: "calc-permalink" },
        h("label", { for: "calc-permalink" }, "永久链接（数据只在 # 之后，不会发送到服务器）："),
        this.permalinkInput,
        h("button", { type: "button", class: "md-button", onclick: () => this.copyLink() }, "复制链接"),
        this.permalinkA),
    );
    this.output = h("section", { class: "calc-output", "aria-labelledby": "calc-results-heading" },
      (this.resultsHeading = h("h2", { id: "calc-results-heading", class: "calc-no-print", tabindex: "-1" }, "评估结果")),
      this.announce,
      this.resultEl,
    );
    this.app = h("div", { class: "calc-app" },
      this.notice,
      this.errorsEl,
      h("h2", { class: "calc-no-print" }, "填写企业和生产设施"),
      this.form.render(),
      actions,
      this.output);
  }

  showNotice(text) {
    this.notice.textContent = text || "";
    this.notice.hidden = !text;
  }

  schedule(kind) {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = null;
      this.run(kind === "submit");
    }, kind === "input" ? 150 : 0);
  }

  async run(submitted = false) {
    if (this.running) {
      this.pending = true;
      this.pendingSubmit = this.pendingSubmit || submitted; // a submit is never lost
      return;
    }
    this.running = true;
    this.root.dataset.busy = "true";
    try {
      await this.evaluate(submitted);
    } catch (error) {
      this.showNotice(String(error && error.message ? error.message : error));
    } finally {
      this.running = false;
      if (this.pending) {
        const again = this.pendingSubmit;
        this.pending = false;
        this.pendingSubmit = false;
        this.run(again);
      } else {
        this.root.dataset.busy = "false";
        notifyIdle();
      }
    }
  }

  async evaluate(submitted) {
    const t0 = performance.now();
    const form = this.form;
    let allowed = form.facilities.map((f) => f.applicable);
    let out = null;
    let sent = null;
    let calls = 0;
    let callMs = 0;
    let workerMs = 0;
    for (let round = 0; round < 4; round++) {
      sent = form.buildInput(allowed);
      const text = JSON.stringify(sent);
      const c0 = performance.now();
      const first = this.first;
      this.first = null;
      out = JSON.parse(await (first && first.text === text ? first.promise : this.rt.call("evaluate", text)));
      callMs += performance.now() - c0;
      workerMs += this.rt.lastCallMs || 0;
      calls++;
      const next = (out.applicable || []).map((list) => new Set(list));
      allowed = form.facilities.map((_, i) => next[i] || null);
      // Answers kept for questions that now apply (or no longer apply): ask again.
      if (JSON.stringify(form.buildInput(allowed)) === text) break;
    }
    await latest(() => form.drawn); // the form's facilities, drawn a frame each (CalculatorForm.renderFacilities)
    const r0 = performance.now();
    // read before drawing: window.scrollY after it would force the new layout into this task
    const scrolledAway = this.revealFirstResult === "load" && window.scrollY !== 0;
    form.setApplicable(out.applicable);
    this.render(out, sent, submitted);
    let revealed = null;
    if (this.revealFirstResult) {
      this.revealFirstResult = false;
      if (out.ok && !scrolledAway && !this.root.contains(document.activeElement)) {
        // In the frame that lays the result out anyway: here, scrolling forced that layout
        // into this task (a first visit's permalink: 190 ms, 90 of them layout; 2 cores).
        revealed = new Promise((resolve) => requestAnimationFrame(() => resolve(this.resultsHeading.scrollIntoView({ block: "start" }))));
      }
    }
    const renderMs = performance.now() - r0;
    if (out.ok && state.resultShownAt === undefined) {
      state.resultShownAt = +performance.now().toFixed(1);
      // for benchmarks/load_pyodide.py and tests: the first result is in the document
      document.dispatchEvent(new CustomEvent("policy-calculator:result-shown"));
    }
    await revealed; // the assessment is done (data-seq) once its result is in view, and drawn whole
    await latest(() => this.resultDrawn);
    this.out = out;
    this.sent = sent;
    state.last = { input: sent, output: out };
    const timing = {
      total_ms: +(performance.now() - t0).toFixed(2),
      call_ms: +callMs.toFixed(2),
      calls,
      render_ms: +renderMs.toFixed(2),
      worker_ms: +(+workerMs).toFixed(2),
    };
    state.timings.push(timing);
    this.seq++;
    this.root.dataset.seq = String(this.seq);
    this.root.dataset.state = out.ok ? "result" : "errors";
    await this.updatePermalink(sent);
  }

  render(out, sent, submitted) {
    const form = this.form;
    const errors = out.ok ? [] : out.errors;
    form.showErrors(errors);
    form.showOutcomes(out.ok ? out.result : null);
    clear(this.errorsEl);
    const summarised = errors.filter((e) => form.submitted.has(e.path));
    if (summarised.length) {
      const items = summarised.map((error) => {
        const id = error.targetId;
        const link = id
          ? h("a", { href: `#${id}`, onclick: (ev) => {
            ev.preventDefault();
            ev.stopPropagation(); // not a page change for instant navigation
            this.focusField(error);
          } }, error.message)
          : error.message;
        return h("li", null, link);
      });
      this.errorsEl.append(
        h("h2", { class: "calc-error-title", id: "calc-error-title" }, `请填写或更正以下 ${summarised.length} 项`),
        h("ol", { "aria-labelledby": "calc-error-title" }, items));
    }
    this.errorsEl.hidden = !summarised.length;
    clear(this.resultEl);
    const round = ++this.resultRound;
    this.resultDrawn = Promise.resolve();
    if (out.ok) {
      // A frame per facility's result: laid out whole, three facilities' results took one
      // 100-135 ms frame on a first visit (Chromium, 2 cores). The first frame has the
      // enterprise's summary and the first facility: what a screen shows of it.
      const slices = [[]];
      let facilities = 0;
      for (const el of renderResult(out, sent, { links: this.links, spec: this.spec }).filter(Boolean)) {
        // a new slice at each facility's result after the first
        if (el instanceof Element && el.matches(".calc-result[data-index]") && facilities++) slices.push([]);
        slices[slices.length - 1].push(el);
      }
      this.resultDrawn = drawOneAFrame(slices, (els) => this.resultEl.append(...els), () => round === this.resultRound);
    }
    const text = announcement(out);
    if (this.announce.textContent !== text) this.announce.textContent = text;
    if (submitted) {
      if (errors.length) this.errorsEl.focus();
      else this.resultsHeading.focus();
    }
  }

  focusField(error) {
    const target = document.getElementById(error.targetId);
    if (!target) return;
    let hiddenParent = target.closest("[hidden]");
    while (hiddenParent) {
      hiddenParent.hidden = false;
      hiddenParent = hiddenParent.parentElement && hiddenParent.parentElement.closest("[hidden]");
    }
    target.scrollIntoView({ block: "center" });
    if (target.focus) target.focus();
  }

  // ------------------------------------------------------------ permalink

  payload(sent) {
    return { plan: this.spec.plan.id, plan_version: this.spec.plan.version, input: sent };
  }

  async updatePermalink(sent) {
    const fragment = await codec.encode(this.payload(sent));
    const url = new URL(this.pageUrl.href);
    url.hash = fragment;
    this.permalinkInput.value = url.href;
    this.permalinkA.href = url.href;
    this.lastHash = `#${fragment}`;
    if (this.isMounted() && location.pathname === url.pathname && location.hash !== this.lastHash) {
      history.replaceState(history.state, "", url.href);
    }
  }

  isMounted() {
    return document.getElementById(ROOT_ID) === this.root;
  }

  async restoreFromHash(hash) {
    let payload;
    try {
      payload = await codec.decode(hash);
    } catch (error) {
      this.showNotice(error.message);
      return false;
    }
    this.revealFirstResult = "link";
    this.restorePayload(payload, "链接");
    this.lastHash = hash;
    return true;
  }

  restorePayload(payload, source) {
    this.first = null;
    this.showNotice(this.restoreNotes(payload, source));
    this.form.restore(payload.input);
    this.run();
  }

  restoreNotes(payload, source) {
    const notes = [];
    if (payload.plan && payload.plan !== this.spec.plan.id) {
      notes.push(`此${source}属于另一方案（${payload.plan}），本页按「${this.spec.plan.title}」计算，结果可能不适用。`);
    } else if (payload.plan_version && payload.plan_version !== this.spec.plan.version) {
      notes.push(`此${source}生成时的方案版本为 ${payload.plan_version}，现按版本 ${this.spec.plan.version} 重新计算。`);
    }
    return notes.join(" ");
  }

  copyLink() {
    const text = this.permalinkInput.value;
    const fallback = () => {
      this.permalinkInput.focus();
      this.permalinkInput.select();
      try {
        document.execCommand("copy");
      } catch {
        /* the text stays selected for Ctrl+C */
      }
    };
    if (navigator.clipboard && window.isSecureContext) navigator.clipboard.writeText(text).catch(fallback);
    else fallback();
  }

  // ------------------------------------------------------------ JSON download / upload, print

  async download() {
    await window.policyCalculator.idle();
    const out = this.out || {};
    const data = {
      format: "jinzhong-policy-calculator",
      format_version: 1,
      plan: this.spec.plan,
      generated_at: new Date().toISOString(),
      permalink: this.permalinkInput.value,
      input: this.sent || this.form.buildInput(null),
      output: out.ok ? { ok: true, result: out.result } : { ok: false, errors: (out.errors || []).map(({ path, field, label, message }) => ({ path, field, label, message })) },
      report: out.report || null,
    };
    const blob = new Blob([JSON.stringify(data, null, 2)], { type: "application/json" });
    const name = (this.form.enterprise.name || "企业").replace(/[\\/:*?"<>|\s]+/g, "_").slice(0, 60);
    const d = new Date();
    const stamp = `${d.getFullYear()}${String(d.getMonth() + 1).padStart(2, "0")}${String(d.getDate()).padStart(2, "0")}`;
    const a = document.createElement("a"); // detached: instant navigation never sees the click
    a.href = URL.createObjectURL(blob);
    a.download = `错峰生产自评-${name}-${stamp}.json`;
    a.click();
    setTimeout(() => URL.revokeObjectURL(a.href), 10000);
  }

  async upload(file) {
    let data;
    try {
      data = JSON.parse(await file.text());
    } catch {
      this.showNotice(`文件「${file.name}」不是有效的 JSON 文件，无法恢复。`);
      return;
    }
    let payload = null;
    if (data && typeof data === "object" && data.input && typeof data.input === "object") {
      payload = { plan: data.plan && (data.plan.id || data.plan), plan_version: data.plan && data.plan.version, input: data.input };
    } else if (data && typeof data === "object" && (data.enterprise || data.facilities)) {
      payload = { plan: data.plan, input: data };
    }
    if (!payload) {
      this.showNotice(`文件「${file.name}」中没有自评数据（需要本计算器下载的 JSON 文件，或含 enterprise 和 facilities 的输入文件）。`);
      return;
    }
    this.restorePayload(payload, "文件");
  }

  async print() {
    await window.policyCalculator.idle();
    window.print();
  }
}

/**
 * The permalink in the address, decoded: {payload} or {error} (its message), or null when
 * the address holds none.
 */
async function permalinkPayload() {
  if (!codec.isPermalink(location.hash)) return null;
  const hash = location.hash;
  try {
    return { hash, payload: await codec.decode(hash) };
  } catch (error) {
    return { hash, error: error.message };
  }
}

/**
 * The form's input text for a permalink's payload (what Calculator.evaluate sends first),
 * computed from the form state alone, before anything is drawn.
 */
function firstInputText(spec, payload) {
  const form = new CalculatorForm(spec, { clause: () => "", clauseLabel: () => "", register: () => "" }, () => {});
  form.restore(payload.input, { render: false });
  return JSON.stringify(form.buildInput(form.facilities.map((f) => f.applicable)));
}

async function mount(root) {
  root.dataset.calcMounted = "true";
  root.dataset.busy = "true";
  let rt, spec;
  // A permalink: decoded while the runtime loads; its evaluation is asked for as soon as the
  // form spec is there, before the form is drawn (the worker computes meanwhile).
  const link = permalinkPayload();
  let restored = null;
  try {
    rt = await policyRuntime();
    const specP = formSpec(rt); // the page's copy; else asked first, before the evaluation
    let found = await link;
    spec = await specP;
    if ((found ? found.hash : "") !== location.hash) found = await permalinkPayload(); // changed meanwhile
    if (found && found.payload && root.isConnected) {
      restored = { payload: found.payload, source: "链接", hash: found.hash };
      try {
        const text = firstInputText(spec, found.payload);
        const promise = rt.call("evaluate", text);
        promise.catch(() => {}); // Calculator.evaluate reports it
        restored.first = { text, promise };
      } catch {
        /* the form's own first evaluation asks */
      }
    } else if (found && found.error && root.isConnected) {
      restored = { error: found.error };
    }
  } catch (error) {
    // The runtime shows its own message in [data-policy-runtime-status].
    root.dataset.busy = "false";
    root.dataset.state = "failed";
    if (!root.querySelector("[data-policy-runtime-status]")) {
      root.append(h("p", { class: "calc-notice", role: "alert" }, String(error && error.message ? error.message : error)));
    }
    return;
  }
  if (!root.isConnected) return; // the user left the page meanwhile
  const app = new Calculator(root, rt, spec, restored && restored.payload ? restored : null);
  state.app = app;
  if (restored && restored.payload) app.lastHash = restored.hash;
  if (restored && restored.error) app.showNotice(restored.error);
  app.run();
}

function onPage() {
  const root = document.getElementById(ROOT_ID);
  if (!root) {
    state.app = null;
    notifyIdle();
    return;
  }
  if (root.dataset.calcMounted) return;
  state.mounting = mount(root).finally(() => (state.mounting = null));
}

// A permalink put into the address bar of the open calculator: Material's instant navigation
// (9.8.1) fetched the page again on that popstate, though only the hash changed, and swapped
// it in: the calculator was drawn twice and the page jumped. The calculator restores it
// itself (hashchange, below), so Material does not get that popstate: the page head's
// listener (calculator/runtime/early-start.js), added before Material's, asks this; the
// one here serves where the head's has not run.
window.policyOwnsPopstate = () => {
  const app = state.app;
  return !!(app && app.isMounted() && codec.isPermalink(location.hash) && location.pathname === app.pageUrl.pathname);
};
window.addEventListener("popstate", (event) => {
  if (window.policyOwnsPopstate()) event.stopImmediatePropagation();
}, true);

window.addEventListener("hashchange", () => {
  if (codec.isPermalink(location.hash)) state.linkOpened = location.hash;
  const app = state.app;
  if (!app || !app.isMounted()) return;
  if (codec.isPermalink(location.hash) && location.hash !== app.lastHash) app.restoreFromHash(location.hash);
});

onEveryPage(onPage);
