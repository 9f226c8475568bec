// County lists (docs/lists.md): a spreadsheet of facilities in, the lists of 2.8 out.
// Loaded once as an ES module (mkdocs.yml `extra_javascript`, type: module); under
// MkDocs Material's instant navigation it mounts on every page showing #policy-lists.
//
// The file is read in the browser and handed to policy.api.lists_start/step/finish in
// the Pyodide worker (../runtime/policy-runtime.js) as base64 text; the result comes back
// the same way and is offered as a download (a blob: URL). Nothing is uploaded: no
// request carries the file. No rule logic lives here.
//
// window.policyLists (tests, benchmark): {busy, last: {ms, summary, problems, filename}}
import { onEveryPage, policyRuntime } from "../runtime/pages.js";

const ROOT_ID = "policy-lists";
const CSS_URL = new URL("./lists.css", import.meta.url).href;
const STEP_ROWS = 1000; // rows assessed per call: progress every ~50 ms on our machines
const ACCEPT = ".xlsx,.xlsm,.xls,.xlsb,.ods,.csv";
const SHOWN_PROBLEMS = 200;
const XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

const state = (window.policyLists = window.policyLists || { busy: false, last: null });

/** h("p", {class: "x"}, "text", child): every string is a text node, never HTML. */
function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs || {})) {
    if (value === false || value === null || value === undefined) continue;
    if (name.startsWith("on") && typeof value === "function") el.addEventListener(name.slice(2), value);
    else el.setAttribute(name, value === true ? "" : String(value));
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return el;
}

async function call(rt, name, ...args) {
  return JSON.parse(await rt.call(name, ...args));
}

function readBase64(file) {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result).split(",", 2)[1] || "");
    reader.onerror = () => reject(new Error(`无法读取文件「${file.name}」`));
    reader.readAsDataURL(file);
  });
}

function blobOf(base64, type) {
  const text = atob(base64);
  const bytes = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
  return new Blob([bytes], { type });
}

function errorsText(answer) {
  return (answer.errors || []).map((e) => e.message).join("；") || "未知错误";
}

class ListsPage {
  constructor(root) {
    this.root = root;
    this.url = null;
    this.limits = null; // policy.lists.reader.LIMITS, from lists_load
    this.status = h("p", { class: "lists-status", role: "status", "data-lists-status": true });
    this.progress = h("progress", { class: "lists-progress", max: 1, value: 0, hidden: true });
    this.input = h("input", { type: "file", accept: ACCEPT, "data-lists-file": true, disabled: true,
      onchange: () => this.input.files[0] && this.run(this.input.files[0]) });
    // Buttons appear only once they can work: the template's when the reader is loaded, the
    // result's when there is a result (Material's .md-button would show through `hidden`).
    this.actions = h("p", { class: "lists-actions" });
    this.results = h("p", { class: "lists-actions" });
    this.summary = h("div", { class: "lists-summary", "data-lists-summary": true });
    this.problems = h("div", { class: "lists-problems", "data-lists-problems": true });
    const runtimeStatus = root.querySelector("[data-policy-runtime-status]");
    root.replaceChildren(
      ...(runtimeStatus ? [runtimeStatus] : []),
      this.actions,
      h("p", {}, h("label", { class: "lists-choose" }, "选择填好的清单文件（.xlsx、.xls、.xlsb、.ods 或 .csv）：", this.input)),
      this.progress, this.status, this.results, this.summary, this.problems,
    );
  }

  /** The runtime and the spreadsheet reader: then the template button and the file chooser. */
  async prepare() {
    const rt = await policyRuntime();
    const answer = await call(rt, "lists_load");
    if (!answer.ok) throw new Error(errorsText(answer));
    this.limits = answer.limits;
    this.actions.replaceChildren(h("button", { type: "button", class: "md-button", "data-lists-template": true,
      onclick: () => this.template() }, "下载模板（.xlsx）"));
    this.input.disabled = false;
    this.root.dataset.state = this.root.dataset.state || "ready";
  }

  say(text) {
    this.status.textContent = text;
  }

  offer(filename, base64, type) {
    if (this.url) URL.revokeObjectURL(this.url);
    this.url = URL.createObjectURL(blobOf(base64, type));
    return this.url;
  }

  async template() {
    const rt = await policyRuntime();
    const answer = await call(rt, "lists_template", "xlsx");
    if (!answer.ok) return this.say(`无法生成模板：${errorsText(answer)}`);
    const link = h("a", { href: this.offer(answer.filename, answer.base64, XLSX_TYPE), download: answer.filename });
    document.body.append(link);
    link.click();
    link.remove();
  }

  async run(file) {
    if (state.busy) return;
    state.busy = true;
    this.root.dataset.state = "busy";
    const started = performance.now();
    this.results.replaceChildren();
    this.summary.replaceChildren();
    this.problems.replaceChildren();
    this.progress.hidden = false;
    this.progress.removeAttribute("value"); // indeterminate while reading
    try {
      this.say("正在准备运行环境……");
      if (!this.limits) await this.prepare();
      const rt = await policyRuntime();
      const most = this.limits.file_bytes; // the same limit lists_start applies, checked before reading
      if (file.size > most) {
        throw new Error(`文件有 ${(file.size / 1048576).toFixed(1)} MB，超过 ${Math.round(most / 1048576)} MB 的上限：请拆分后分别处理。`);
      }
      this.say(`正在读取「${file.name}」……`);
      const begun = await call(rt, "lists_start", file.name, await readBase64(file));
      if (!begun.ok) throw new Error(errorsText(begun));
      let done = begun.done;
      while (done < begun.total) {
        this.progress.max = begun.total;
        this.progress.value = done;
        this.say(`正在评估：${done} / ${begun.total} 行`);
        const step = await call(rt, "lists_step", String(STEP_ROWS));
        if (!step.ok) throw new Error(errorsText(step));
        done = step.done;
      }
      this.say("正在生成结果工作簿……");
      const result = await call(rt, "lists_finish", "xlsx");
      if (!result.ok) throw new Error(errorsText(result));
      const out = result.files[0];
      this.results.replaceChildren(h("a", { class: "md-button md-button--primary", "data-lists-download": true,
        href: this.offer(out.filename, out.base64, XLSX_TYPE), download: out.filename }, "下载结果（.xlsx）"));
      const ms = Math.round(performance.now() - started);
      this.show(result, file.name, ms);
      state.last = { ms, summary: result.summary, problems: result.problems, filename: out.filename };
      this.root.dataset.state = "done";
    } catch (error) {
      this.say(`处理失败：${error && error.message ? error.message : error}`);
      this.root.dataset.state = "failed";
      state.last = { error: String(error && error.message ? error.message : error) };
    } finally {
      this.progress.hidden = true;
      this.input.value = "";
      state.busy = false;
    }
  }

  show(result, name, ms) {
    const s = result.summary;
    this.say(`完成：「${name}」读入 ${s.rows_in} 行，已评估 ${s.rows_out} 行，有问题未评估 ${s.rows_reported} 行（${(ms / 1000).toFixed(1)} 秒）。`);
    const row = (label, value) => h("tr", {}, h("th", { scope: "row" }, label), h("td", {}, String(value ?? "")));
    const counties = Object.entries(s.by_county).map(([county, counts]) =>
      row(county, Object.entries(counts).map(([k, v]) => `${k} ${v}`).join("，")));
    this.summary.replaceChildren(h("table", {},
      h("tbody", {}, row("企业", s.enterprises), row("错峰生产企业清单（设施）", s.curtailment),
        row("错峰生产豁免清单（设施）", s.exemption), row("待县级核定（设施）", s.review), ...counties)));
    const problems = result.problems;
    if (!problems.length) return;
    const shown = problems.slice(0, SHOWN_PROBLEMS);
    this.problems.replaceChildren(
      h("h2", {}, `问题（${problems.length} 处）`),
      h("table", { "data-lists-problem-table": true },
        h("thead", {}, h("tr", {}, ["工作表", "行", "列", "列名", "问题"].map((t) => h("th", { scope: "col" }, t)))),
        h("tbody", {}, shown.map((p) => h("tr", { class: p.blocking ? "lists-blocking" : "lists-note" },
          h("td", {}, p.sheet), h("td", {}, p.row ?? ""), h("td", {}, p.column), h("td", {}, p.header),
          h("td", {}, p.message))))),
      ...(problems.length > shown.length ? [h("p", {}, `其余 ${problems.length - shown.length} 处见结果工作簿的「问题」工作表。`)] : []),
    ); // (replaceChildren would write a null as the text "null")
  }
}

function onPage() {
  const root = document.getElementById(ROOT_ID);
  if (!root || root.dataset.listsMounted) return;
  root.dataset.listsMounted = "true";
  if (!document.querySelector(`link[href="${CSS_URL}"]`)) {
    document.head.append(h("link", { rel: "stylesheet", href: CSS_URL }));
  }
  const page = (state.page = new ListsPage(root));
  page.prepare().catch((error) => { // the runtime's status element shows its own failures
    page.say(`无法加载读取工作簿的组件：${error && error.message ? error.message : error}`);
  });
}

onEveryPage(onPage);
