// Rendering of policy.api.evaluate()'s answer: per facility, the enterprise roll-up,
// transport, the interpretation notes, and the print-only report head and signature
// block. Every value is shown as it comes from the package; text is always text.

import { h } from "./dom.js";

const pct = (x) => (x === null || x === undefined ? "—" : `${x}%`);
const days = (x) => (x === null || x === undefined ? "—" : `${x} 天`);

function clauseList(ids, links) {
  const out = [];
  (ids || []).forEach((id, i) => {
    if (i) out.push("、");
    out.push(h("a", { href: links.clause(id), class: "calc-clause", title: `方案 ${links.clauseLabel(id)}` }, links.clauseLabel(id)));
  });
  return out;
}

function periodTable(caption, periods) {
  return h("table", { class: "calc-table" },
    h("caption", null, caption),
    h("thead", null, h("tr", null, h("th", { scope: "col" }, "序号"), h("th", { scope: "col" }, "开始"),
      h("th", { scope: "col" }, "结束"), h("th", { scope: "col" }, "天数"))),
    h("tbody", null, periods.map((p, i) => h("tr", null, h("td", null, String(i + 1)), h("td", null, p.start),
      h("td", null, p.end), h("td", null, String(p.days))))));
}

let toggleCounter = 0;

/** A button that shows/hides a block on screen; in print the block is always shown. */
function collapsible(label, content, open = false) {
  const id = `calc-more-${++toggleCounter}`;
  const box = h("div", { id, class: "calc-collapsible" }, content);
  const button = h("button", { type: "button", class: "calc-toggle", "aria-expanded": open ? "true" : "false", "aria-controls": id });
  const set = (isOpen) => {
    button.setAttribute("aria-expanded", isOpen ? "true" : "false");
    box.classList.toggle("calc-collapsed", !isOpen);
    button.textContent = `${isOpen ? "收起" : "展开"}${label}`;
  };
  button.addEventListener("click", () => set(button.getAttribute("aria-expanded") !== "true"));
  set(open);
  return [h("p", { class: "calc-toggle-row" }, button), box];
}

const STATUS_LABELS = { met: "满足", unmet: "不满足", not_taken: "未适用" }; // a branch not taken is no failure

function traceTable(trace, links) {
  const met = (e) => STATUS_LABELS[e.status] || "";
  return h("table", { class: "calc-table calc-trace" },
    h("caption", null, "评估过程（逐条检查的条款，按检查顺序）"),
    h("thead", null, h("tr", null, h("th", { scope: "col" }, "条款"), h("th", { scope: "col" }, "检查内容与结论"),
      h("th", { scope: "col" }, "结果"))),
    h("tbody", null, trace.map((e) => h("tr", { class: `calc-trace-${e.kind}`, "data-status": e.status || "" },
      h("td", null, e.clause ? clauseList([e.clause], links) : ""),
      h("td", null, e.text),
      h("td", null, met(e))))));
}

function answersTable(item, spec) {
  const byField = Object.fromEntries(spec.questions.map((q) => [q.field, q]));
  const show = (q, v) => {
    if (typeof v === "boolean") return v ? "是" : "否";
    if (Array.isArray(v)) return v.map((p) => `${p.start}—${p.end}`).join("；");
    if (q && q.choices && q.choices.length) {
      const c = q.choices.find((x) => x.value === v);
      if (c) return c.label;
    }
    return q && q.unit ? `${v} ${q.unit}` : String(v);
  };
  const rows = Object.entries(item).map(([k, v]) => {
    const q = byField[k];
    return h("tr", null, h("th", { scope: "row" }, q ? q.label : k), h("td", null, show(q, v)));
  });
  return h("table", { class: "calc-table calc-answers" }, h("caption", null, "填报内容"), h("tbody", null, rows));
}

function interpretationList(entries, links) {
  return h("dl", { class: "calc-interpretations" }, entries.map((e) => [
    h("dt", null, h("a", { href: links.register(e.id) }, e.id), "（", clauseList(e.clauses, links), "）", e.question,
      e.county_review ? h("span", { class: "calc-flag" }, "须县级复核") : null),
    h("dd", null, h("span", { class: "calc-reading" }, `本计算采用：${e.reading}`),
      h("br"), h("span", { class: "calc-alternative" }, `另一种理解：${e.alternative}`)),
  ]));
}

/** Why the county decides or reviews: next to the flag, one reason a line. */
function reviewReasons(r) {
  const reasons = (r.why && r.why.review) || [];
  if (!r.county_review || !reasons.length) return null;
  // a second description of the same term (县级核定或复核): the flag, then its reasons
  return h("dd", { class: "calc-review-reasons", "data-key": "county_review_reasons" },
    h("ul", null, reasons.map((x) => h("li", null, x.text))));
}

/** "Why" from the package: the deciding clause with its words, then the conditions. */
function whyBlock(r, links) {
  const why = r.why;
  if (!why) return null;
  const first = why.clause
    ? ["依据", h("a", { href: links.clause(why.clause), class: "calc-clause" }, why.clause_display), "：",
      h("q", { class: "calc-quote" }, why.quote)]
    : [why.quote];
  const conditions = why.lines.length > 1 && !why.lines[1].startsWith("须县级") ? why.lines[1] : null;
  return h("div", { class: "calc-why", "data-key": "why" },
    h("p", { class: "calc-why-line" }, ...first),
    conditions ? h("p", { class: "calc-why-line", "data-met": String(why.conditions_met) }, conditions) : null);
}

/** What single change of the facility's answers would change its result (from the package). */
function whatIfBlock(r, i) {
  if (!r.what_if || !r.what_if.length) return null;
  const id = `calc-what-if-${i}`;
  return h("section", { class: "calc-what-if", "aria-labelledby": id },
    h("h4", { id }, "什么会改变结论（只改一项回答）"),
    h("ul", null, r.what_if.map((w) => h("li", { "data-outcome": w.outcome || "" }, w.text))));
}

function facilityResult(r, i, item, ctx) {
  const { links, register } = ctx;
  const nameLine = [`生产设施 ${i + 1}：`, h("span", { class: "calc-user-text" }, r.name),
    `（${r.id}，${r.industry_label}）`];
  const facts = h("dl", { class: "calc-facts" },
    h("dt", null, "结论"), h("dd", null, h("strong", { class: "calc-outcome", "data-outcome": r.outcome }, r.outcome_label)),
    h("dt", null, "限产比例"), h("dd", { "data-key": "ratio" }, pct(r.ratio)),
    h("dt", null, "允许生产负荷"), h("dd", { "data-key": "allowed_load" }, pct(r.allowed_load)),
    h("dt", null, "停产折算天数"), h("dd", { "data-key": "shutdown_days" }, days(r.shutdown_days)),
    r.reference_ratio !== null && r.reference_ratio !== undefined
      ? [h("dt", null, "方案比例（仅供参考）"), h("dd", null, pct(r.reference_ratio))] : null,
    h("dt", null, "县级核定或复核"), h("dd", { "data-key": "county_review" }, r.county_review ? "需要" : "不需要"),
    reviewReasons(r),
  );
  const blocks = [];
  if (r.pending_approval) {
    const p = r.pending_approval;
    blocks.push(h("p", { class: "calc-pending" }, h("strong", null, "待批准："),
      `企业确定的安全生产负荷 ${pct(p.safety_load)}，方案允许负荷 ${pct(p.allowed_load)}（`, clauseList([p.clause], links),
      "）。经县级上报市政府批准后方可执行，批准前按允许负荷执行。"));
  }
  if (r.county_change) {
    const c = r.county_change;
    blocks.push(h("p", { class: "calc-county-change" },
      `${c.county}依${c.document}将限产比例由 ${pct(c.plan_ratio)} 提高到 ${pct(c.ratio)}：${c.reason}`));
  }
  if (r.unmet && r.unmet.length) {
    blocks.push(h("p", null, h("strong", null, "未满足的条件：")),
      h("ul", { class: "calc-unmet" }, r.unmet.map((u) => h("li", null, u.condition))));
  }
  if (r.options && r.options.length) {
    blocks.push(h("p", null, h("strong", null, "可选：")),
      h("ul", { class: "calc-options" }, r.options.map((o) => h("li", null, o.text, o.clause ? ["（", clauseList([o.clause], links), "）"] : null))));
  }
  if (r.shutdown_plan) {
    const s = r.shutdown_plan;
    blocks.push(periodTable(`停产时段：共 ${s.days} 天，折算需 ${s.required_days} 天，${s.sufficient ? "已满足" : "不足"}`, s.periods));
  }
  if (r.rotation) {
    blocks.push(periodTable(`轮停批次：${r.rotation.batches.length} 个（上限 ${r.rotation.max_batches} 个），共 ${r.rotation.days} 天`, r.rotation.batches));
  }
  if (r.warnings && r.warnings.length) {
    blocks.push(h("p", null, h("strong", null, "注意：")),
      h("ul", { class: "calc-warnings", "aria-label": "注意" }, r.warnings.map((w) => h("li", null, w))));
  }
  blocks.push(h("p", { class: "calc-clause-line" }, h("strong", null, "依据条款："), clauseList(r.clauses, links)));
  blocks.push(...collapsible(`评估过程（${r.trace.length} 步）`, traceTable(r.trace, links)));
  const used = (r.interpretations || []).map((id) => register.get(id)).filter(Boolean);
  if (used.length) blocks.push(...collapsible(`解释说明（${used.length} 条）`, interpretationList(used, links)));
  if (item) blocks.push(...collapsible("填报内容", answersTable(item, ctx.spec)));
  return h("article", { class: "calc-result", "data-outcome": r.outcome, "data-index": String(i) },
    h("h3", null, ...nameLine),
    h("p", { class: "calc-summary" }, r.summary),
    whyBlock(r, links),
    facts,
    whatIfBlock(r, i),
    ...blocks);
}

function transportResult(t, links, register) {
  const used = (t.interpretations || []).map((id) => register.get(id)).filter(Boolean);
  return h("section", { class: "calc-result calc-transport-result" },
    h("h3", null, `错峰运输（${t.alert_label}）`),
    h("p", null, `停止 ${t.stopped} 辆（台），可通行或使用 ${t.allowed} 辆（台）。依据：`, clauseList([t.clause], links),
      t.applies_to ? `；适用于${t.applies_to}。` : "。"),
    t.vehicles.length
      ? h("table", { class: "calc-table calc-vehicles-result" },
        h("thead", null, h("tr", null, h("th", { scope: "col" }, "车牌号或编号"), h("th", { scope: "col" }, "类型"),
          h("th", { scope: "col" }, "结论"), h("th", { scope: "col" }, "理由"))),
        h("tbody", null, t.vehicles.map((v) => h("tr", { "data-allowed": String(v.allowed) },
          h("td", { class: "calc-user-text" }, v.id), h("td", null, v.kind_label),
          h("td", null, v.allowed ? "可通行" : "停止"), h("td", null, v.reason)))))
      : h("p", null, "未填写车辆或机械。"),
    t.requirements && t.requirements.length
      ? h("ul", { class: "calc-requirements", "aria-label": "要求" }, t.requirements.map((x) => h("li", null, x))) : null,
    used.length ? collapsible(`解释说明（${used.length} 条）`, interpretationList(used, links)) : null);
}

function reportHead(result) {
  const p = result.plan;
  const today = new Date();
  const date = `${today.getFullYear()}年${today.getMonth() + 1}月${today.getDate()}日`;
  return h("header", { class: "calc-print-only calc-report-head" },
    h("p", { class: "calc-report-title" }, "错峰生产企业自评报告（“一厂一策”报备用）"),
    h("p", null, `依据：${p.issuer}《${p.title}》（${p.document_number}，${p.issued}印发）`),
    h("p", null, `方案版本 ${p.version}　错峰生产时间 ${p.season_start} 至 ${p.season_end}（${p.season_days} 天）　生成日期 ${date}`));
}

function signatureBlock() {
  const line = (label) => h("div", { class: "calc-sign-item" }, h("span", { class: "calc-sign-label" }, label), h("span", { class: "calc-sign-line" }));
  return h("section", { class: "calc-print-only calc-signature", "aria-label": "签字盖章" },
    h("p", null, "本企业承诺以上填报内容真实、准确，并按核定的错峰生产方案执行。"),
    h("div", { class: "calc-sign-grid" },
      line("企业负责人签字："),
      line("企业盖章："),
      h("div", { class: "calc-sign-item" }, h("span", { class: "calc-sign-label" }, "日期："),
        h("span", { class: "calc-sign-date" }, "　　　　年　　月　　日"))));
}

/** The whole result block for a successful evaluation. */
export function renderResult(out, sent, ctx) {
  const result = out.result;
  const register = new Map((result.interpretations || []).map((e) => [e.id, e]));
  const c = { ...ctx, register };
  const e = result.enterprise;
  const s = result.summary;
  const lists = s.lists || {};
  const list = (ids) => (ids && ids.length ? ids.join("、") : "无");
  const enterprise = h("section", { class: "calc-result calc-enterprise-result" },
    h("h3", null, "企业汇总"),
    h("dl", { class: "calc-facts" },
      h("dt", null, "企业名称"), h("dd", { class: "calc-user-text", "data-key": "enterprise-name" }, e.name),
      h("dt", null, "所在县（区、市）"), h("dd", null, e.county),
      e.credit_code ? [h("dt", null, "统一社会信用代码"), h("dd", { class: "calc-user-text" }, e.credit_code)] : null,
      h("dt", null, "最高限产比例"), h("dd", { "data-key": "max_ratio" }, pct(s.max_ratio)),
      h("dt", null, "错峰生产企业清单"), h("dd", null, list(lists.curtailment)),
      h("dt", null, "豁免清单"), h("dd", null, list(lists.exemption)),
      h("dt", null, "须县级核定或复核"), h("dd", null, list(lists.county_review))),
    h("p", { class: "calc-summary" }, s.text),
    (result.enterprise_answers || []).length
      ? h("dl", { class: "calc-facts calc-enterprise-answers", "aria-label": "企业的情况（对全部生产设施）" },
        result.enterprise_answers.map((a) => [h("dt", null, a.label), h("dd", null, a.text)]))
      : null);
  const facilities = result.facilities.map((r, i) => facilityResult(r, i, sent.facilities[i], c));
  const notes = result.notes && result.notes.length
    ? h("section", { class: "calc-result calc-notes" }, h("h3", null, "说明"), h("ul", null, result.notes.map((n) => h("li", null, n))))
    : null;
  return [
    reportHead(result),
    enterprise,
    ...facilities,
    result.transport ? transportResult(result.transport, ctx.links, register) : null,
    notes,
    h("p", { class: "calc-disclaimer" },
      "本结果由网站根据企业填报内容按方案自动计算，供企业自评和制定“一厂一策”参考；最终以县（区、市）核定和市级审定的错峰生产清单为准。"),
    signatureBlock(),
  ];
}

/** A short text for the live region. */
export function announcement(out) {
  if (!out.ok) return `尚不能得出结论：还有 ${out.errors.length} 项需要填写或更正。`;
  const r = out.result;
  // By facility number, not name: typing a name does not re-announce the result.
  const lines = r.facilities.map((f, i) => `设施 ${i + 1}：${f.outcome_label}。${f.summary}`);
  return `评估结果：${lines.join(" ")} ${r.summary.text}`;
}
