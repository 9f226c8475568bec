// The form, generated from policy.api.form_spec(). It holds the user's answers (a draft
// per facility) and shows exactly the questions the package lists in `applicable[i]`
// (before the package's first answer: those a restored input answers, see restore());
// it holds no rule logic: which questions apply, what is valid and what follows is
// all decided by the package.

import { h, clear, pathId, drawOneAFrame } from "./dom.js";

let uidCounter = 0;
const uid = () => `u${++uidCounter}`;

/**
 * A number box's text as the package gets it: a JSON number when the text is one exactly as
 * JSON writes it ("8", "12.5"), else the text as typed: the package reads "8吨", "１２", "1e9"
 * and says what is wrong with the rest (policy.engine.values, the spreadsheet's parser too).
 */
export function numberAnswer(text) {
  const t = String(text).trim();
  if (t === "") return undefined;
  return String(Number(t)) === t ? Number(t) : t;
}

const deepCopy = (value) => JSON.parse(JSON.stringify(value));

export class CalculatorForm {
  /**
   * @param spec   form_spec() parsed
   * @param links  {clause(id) -> href, clauseLabel(id) -> text}
   * @param onChange(kind)  kind: "input" (typing) or "change"
   */
  constructor(spec, links, onChange) {
    this.spec = spec;
    this.links = links;
    this.onChange = onChange;
    // What the text attaches to the enterprise (scope "enterprise": 二、1, 二、2) is asked once,
    // above the facilities; the rest per facility.
    this.enterpriseQuestions = spec.questions.filter((q) => q.scope === "enterprise");
    this.questions = spec.questions.filter((q) => q.scope !== "enterprise");
    this.questionByField = Object.fromEntries(spec.questions.map((q) => [q.field, q]));
    this.location = spec.location; // {field, distance_field, limit, clause}
    this.enterprise = { name: "", county: "", credit_code: "", answers: {} };
    this.facilities = [this.newFacility()];
    this.transport = { enabled: false, alert_level: "", vehicles: [] };
    this.touched = new Set(); // error paths the user has worked on
    // A submit (or a restore) shows the errors of the answer that follows, in the summary and
    // next to their fields; until the next submit they only go away as they are fixed (a
    // facility added later is not red before it is worked on).
    this.showNext = false;
    this.submitted = new Set(); // error paths shown since the last submit
    this.slots = new Map(); // error path -> {wrap, error, focus, inputs, setClause}
    this.lastErrors = [];
    this.extra = {}; // unknown top-level keys of a restored input (sent as they are)
    this.drawRound = 0; // renderFacilities() calls
    this.drawn = Promise.resolve(); // every facility drawn
    this.el = h("form", { class: "calc-form", novalidate: true, "aria-label": "企业自评表" });
    this.el.addEventListener("submit", (ev) => {
      ev.preventDefault();
      this.showNext = true;
      this.onChange("submit");
    });
  }

  newFacility(values = {}) {
    return { uid: uid(), values, loc: "", applicable: null, dom: null, extra: {} };
  }

  // ---------------------------------------------------------------- rendering

  render() {
    clear(this.el);
    this.slots.clear();
    this.el.append(
      this.renderEnterprise(),
      (this.facilitiesEl = h("div", { class: "calc-facilities" })),
      h("div", { class: "calc-row calc-add-facility" },
        h("button", { type: "button", class: "md-button", onclick: () => this.addFacility() }, "添加生产设施")),
      (this.transportEl = h("div", { class: "calc-transport-wrap" })),
      h("div", { class: "calc-row" },
        h("button", { type: "submit", class: "md-button md-button--primary" }, "检查并评估")),
    );
    this.renderFacilities({ sliced: true });
    this.renderTransport();
    return this.el;
  }

  /** One link to the clause a question rests on; `setClause` changes it (another industry). */
  clauseLink(clauseId) {
    const link = h("a", { class: "calc-clause" });
    const span = h("span", { class: "calc-clauses" }, "（", link, "）");
    const set = (id) => {
      span.hidden = !id;
      if (!id) return;
      const label = this.links.clauseLabel(id);
      link.href = this.links.clause(id);
      link.title = `方案 ${label}`;
      link.textContent = label;
    };
    set(clauseId);
    return { span, set };
  }

  /** The wrapper, label/legend, help and error element shared by every question. */
  shell({ path, label, help, clause, unit, group, required }) {
    const id = pathId(path);
    const helpId = `${id}-help`;
    const errId = `${id}-error`;
    const error = h("p", { class: "calc-error", id: errId, hidden: true });
    const helpEl = help ? h("p", { class: "calc-help", id: helpId }, help) : null;
    const describedBy = [helpEl ? helpId : null, errId].filter(Boolean).join(" ");
    const cite = this.clauseLink(clause);
    const title = [label, required ? null : h("span", { class: "calc-optional" }, "（选填）"), cite.span];
    let wrap, labelEl;
    if (group) {
      labelEl = h("legend", null, ...title);
      wrap = h("fieldset", { class: "calc-q", id: `${id}-q`, "aria-describedby": describedBy }, labelEl);
    } else {
      labelEl = h("label", { for: id }, ...title);
      wrap = h("div", { class: "calc-q", id: `${id}-q` }, labelEl);
    }
    const slot = { wrap, error, focus: null, inputs: [], id, describedBy, unit, setClause: cite.set };
    this.slots.set(path, slot);
    return { wrap, slot, id, helpEl, error, describedBy };
  }

  finish(parts, body) {
    parts.wrap.append(body, parts.helpEl || "", parts.error);
    return parts.wrap;
  }

  textInput(path, { label, help, clause, required, value, onInput, numeric, unit, maxlength, autocomplete }) {
    const parts = this.shell({ path, label, help, clause, unit, required });
    const input = h("input", {
      type: "text", id: parts.id, name: parts.id, "aria-describedby": parts.describedBy,
      inputmode: numeric ? "decimal" : null, autocomplete: autocomplete || "off", maxlength,
      "aria-required": required ? "true" : null,
    });
    input.value = value ?? "";
    // Errors show once the field is left (or after a submit), never while typing.
    input.addEventListener("input", () => {
      onInput(input.value);
      this.onChange("input");
    });
    input.addEventListener("change", () => {
      this.touched.add(path);
      this.onChange("change");
    });
    input.addEventListener("blur", () => this.leave(path));
    parts.slot.focus = input;
    parts.slot.inputs.push(input);
    const body = unit ? h("span", { class: "calc-with-unit" }, input, h("span", { class: "calc-unit", "aria-hidden": "true" }, unit)) : input;
    if (unit) input.setAttribute("aria-label", `${label}（单位：${unit}）`);
    return this.finish(parts, body);
  }

  choiceInput(path, { label, help, clause, required, choices, value, onSet, radios }) {
    const useRadios = radios ?? choices.length <= 4;
    const parts = this.shell({ path, label, help, clause, group: useRadios, required });
    let body;
    if (useRadios) {
      body = h("div", { class: "calc-radios" });
      const name = `${parts.id}-${uid()}`;
      choices.forEach((choice, i) => {
        const rid = `${parts.id}-${i}`;
        const radio = h("input", { type: "radio", id: rid, name, value: String(choice.value) });
        radio.checked = value !== undefined && value !== "" && String(value) === String(choice.value);
        radio.addEventListener("change", () => {
          if (!radio.checked) return;
          onSet(choice.value);
          this.touched.add(path);
          this.onChange("change");
        });
        parts.slot.inputs.push(radio);
        if (!parts.slot.focus) parts.slot.focus = radio;
        body.append(h("span", { class: "calc-radio" }, radio, h("label", { for: rid }, choice.label)));
      });
      if (!parts.slot.focus) parts.slot.focus = parts.wrap;
    } else {
      body = h("select", { id: parts.id, name: parts.id, "aria-describedby": parts.describedBy,
        "aria-required": required ? "true" : null },
      h("option", { value: "" }, "请选择……"),
      ...choices.map((c) => h("option", { value: String(c.value) }, c.label)));
      body.value = value === undefined || value === null ? "" : String(value);
      body.addEventListener("change", () => {
        const chosen = choices.find((c) => String(c.value) === body.value);
        onSet(chosen ? chosen.value : "");
        this.touched.add(path);
        this.onChange("change");
      });
      parts.slot.focus = body;
      parts.slot.inputs.push(body);
    }
    return this.finish(parts, body);
  }

  renderEnterprise() {
    const labels = Object.fromEntries(this.spec.enterprise_fields.map((f) => [f.field, f.label]));
    const e = this.enterprise;
    const countyNote = h("p", { class: "calc-note", "aria-live": "polite" });
    const showNote = () => {
      const c = this.spec.counties.find((x) => x.value === e.county);
      countyNote.textContent = c && c.note ? c.note : "";
    };
    const county = this.choiceInput("enterprise.county", {
      label: labels.county, required: true, choices: this.spec.counties, value: e.county, radios: false,
      onSet: (v) => {
        e.county = v;
        showNote();
      },
    });
    county.append(countyNote);
    showNote();
    this.enterpriseEls = {};
    const shared = this.enterpriseQuestions.map((q) => {
      const choices = q.kind === "boolean" ? [{ value: true, label: "是" }, { value: false, label: "否" }] : q.choices;
      const el = this.choiceInput(`enterprise.${q.field}`, { label: q.label, help: q.help, clause: q.clause,
        required: q.required, choices, value: e.answers[q.field], onSet: (x) => (e.answers[q.field] = x) });
      el.dataset.field = q.field;
      return (this.enterpriseEls[q.field] = el);
    });
    const section = h("fieldset", { class: "calc-section calc-enterprise" },
      h("legend", null, "企业"),
      this.textInput("enterprise.name", { label: labels.name, required: true, value: e.name, maxlength: 200,
        autocomplete: "organization", onInput: (v) => (e.name = v) }),
      county,
      this.textInput("enterprise.credit_code", { label: labels.credit_code, required: false, value: e.credit_code,
        maxlength: 18, help: "18 位，可不填。", onInput: (v) => (e.credit_code = v) }),
      ...shared,
    );
    this.applyEnterprise();
    return section;
  }

  /** The enterprise's questions that some facility needs, and the choices its industries leave open. */
  applyEnterprise() {
    const needed = new Set(this.facilities.flatMap((f) => (f.applicable ? [...f.applicable] : [])));
    const industries = new Set(this.facilities.map((f) => f.values.industry).filter(Boolean));
    for (const q of this.enterpriseQuestions) {
      const el = this.enterpriseEls && this.enterpriseEls[q.field];
      if (!el) continue;
      el.hidden = !needed.has(q.field);
      for (const c of q.choices || []) {
        if (!c.closed_to) continue;
        const radio = [...el.querySelectorAll("input[type=radio]")].find((r) => r.value === String(c.value));
        // closed to one of the enterprise's industries (plan data); kept while chosen: the package says why
        if (radio) radio.closest(".calc-radio").hidden = !radio.checked && c.closed_to.some((i) => industries.has(i));
      }
    }
  }

  /**
   * Draws the facilities. `sliced`: one a frame (drawOneAFrame), so that no task both makes
   * and lays out the whole form (a permalink of three facilities on a first visit: one 115 ms
   * layout; Chromium, 2 cores). `this.drawn` resolves when every facility is on the page; a
   * later call supersedes a sliced one.
   */
  renderFacilities({ sliced = false } = {}) {
    for (const path of [...this.slots.keys()]) if (path.startsWith("facilities[")) this.slots.delete(path);
    clear(this.facilitiesEl);
    const round = ++this.drawRound;
    const draw = (fac, i) => this.facilitiesEl.append(this.renderFacility(fac, i));
    for (const fac of this.facilities) fac.dom = null;
    if (sliced) this.drawn = drawOneAFrame(this.facilities, draw, () => round === this.drawRound);
    else this.drawn = Promise.resolve(this.facilities.forEach(draw));
  }

  renderFacility(fac, i) {
    const base = `facilities[${i}]`;
    const v = fac.values;
    const headingId = `${pathId(base)}-heading`;
    const title = h("span", { class: "calc-fac-name" });
    const setTitle = () => (title.textContent = v.name ? `：${v.name}` : "");
    setTitle();
    const outcome = h("p", { class: "calc-fac-outcome", "data-outcome": "" }, "尚未得出结论");
    const section = h("section", { class: "calc-section calc-facility", "aria-labelledby": headingId, "data-index": String(i) },
      h("h3", { id: headingId, tabindex: "-1" }, `生产设施 ${i + 1}`, title),
      outcome,
    );
    // A question's elements are made when it first applies (applyApplicable): of the 36 a
    // facility can be asked, a permalink's facility shows ~10; making all of them took most
    // of the form's first drawing (3 facilities: 85 of 96 ms, Chromium, 2 cores).
    const make = (q) => {
      const path = `${base}.${q.field}`;
      let el;
      if (q.field === this.location.field) el = this.locationInput(fac, base, q);
      else if (q.kind === "boolean") {
        el = this.choiceInput(path, { label: q.label, help: q.help, clause: q.clause, required: q.required,
          choices: [{ value: true, label: "是" }, { value: false, label: "否" }], value: v[q.field],
          onSet: (x) => (v[q.field] = x) });
      } else if (q.kind === "choice") {
        el = this.choiceInput(path, { label: q.label, help: q.help, clause: q.clause, required: q.required,
          choices: q.choices, value: v[q.field], onSet: (x) => (v[q.field] = x) });
      } else if (q.kind === "periods") {
        el = this.periodsInput(fac, base, q);
      } else {
        const numeric = q.kind === "number";
        el = this.textInput(path, { label: q.label, help: q.help, clause: q.clause, required: q.required,
          numeric, unit: q.unit, value: v[q.field] ?? "",
          maxlength: q.schema && q.schema.maxLength,
          onInput: (x) => {
            v[q.field] = x;
            if (q.field === "name") setTitle();
          } });
      }
      el.dataset.field = q.field;
      actions.before(el);
      return el;
    };
    const actions = h("div", { class: "calc-row calc-fac-actions" },
      h("button", { type: "button", class: "md-button", onclick: () => this.copyFacility(i) }, `复制设施 ${i + 1}`),
      this.facilities.length > 1
        ? h("button", { type: "button", class: "md-button calc-danger", onclick: () => this.removeFacility(i) }, `删除设施 ${i + 1}`)
        : null,
    );
    section.append(actions);
    // questions: field -> element, of those made so far
    fac.dom = { section, questions: {}, make, outcome, base, heading: section.querySelector("h3") };
    this.applyApplicable(fac);
    return section;
  }

  locationInput(fac, base, q) {
    const v = fac.values;
    const dq = this.questionByField[this.location.distance_field];
    const path = `${base}.${q.field}`;
    const parts = this.shell({ path, label: q.label, help: q.help, clause: q.clause, group: true, required: true });
    if (!fac.loc) fac.loc = v[this.location.distance_field] !== undefined && v[this.location.distance_field] !== ""
      ? "distance" : v[q.field] === true ? "yes" : v[q.field] === false ? "no" : "";
    const radios = h("div", { class: "calc-radios" });
    const name = `${parts.id}-${uid()}`;
    const distance = this.textInput(`${base}.${this.location.distance_field}`, {
      label: dq.label, help: dq.help, clause: null, required: true, numeric: true, unit: dq.unit,
      value: v[this.location.distance_field] ?? "",
      onInput: (x) => (v[this.location.distance_field] = x),
    });
    distance.classList.add("calc-sub");
    const choices = [["yes", "是"], ["no", "否"], ["distance", "不确定，填写距离"]];
    for (const [value, label] of choices) {
      const rid = `${parts.id}-${value}`;
      const radio = h("input", { type: "radio", id: rid, name, value });
      radio.checked = fac.loc === value;
      radio.addEventListener("change", () => {
        if (!radio.checked) return;
        fac.loc = value;
        distance.hidden = value !== "distance";
        this.touched.add(path);
        this.onChange("change");
      });
      parts.slot.inputs.push(radio);
      if (!parts.slot.focus) parts.slot.focus = radio;
      radios.append(h("span", { class: "calc-radio" }, radio, h("label", { for: rid }, label)));
    }
    distance.hidden = fac.loc !== "distance";
    parts.wrap.append(radios, parts.helpEl || "", parts.error, distance);
    return parts.wrap;
  }

  periodsInput(fac, base, q) {
    const path = `${base}.${q.field}`;
    const parts = this.shell({ path, label: q.label, help: q.help, clause: q.clause, group: true, required: q.required });
    const list = h("ol", { class: "calc-periods" });
    const max = q.field === "rotation_batches" ? this.spec.rotation_max_batches : null;
    const season = this.spec.plan;
    const addButton = h("button", { type: "button", class: "md-button" }, max ? "添加批次" : "添加时段");
    const limitNote = max ? h("p", { class: "calc-note" }, `最多 ${max} 个批次。`) : null;
    const draw = () => {
      const periods = fac.values[q.field] || [];
      for (const key of [...this.slots.keys()]) if (key.startsWith(`${path}[`)) this.slots.delete(key);
      clear(list);
      periods.forEach((period, j) => {
        const rowPath = `${path}[${j}]`;
        const rowId = pathId(rowPath);
        const rowErr = h("p", { class: "calc-error", id: `${rowId}-error`, hidden: true });
        const dateInput = (key, label) => {
          const id = pathId(`${rowPath}.${key}`);
          const err = h("p", { class: "calc-error", id: `${id}-error`, hidden: true });
          const input = h("input", { type: "date", id, min: season.season_start, max: season.season_end,
            "aria-describedby": `${id}-error ${rowId}-error` });
          input.value = period[key] || "";
          input.addEventListener("change", () => {
            period[key] = input.value;
            this.touched.add(`${rowPath}.${key}`);
            this.touched.add(rowPath);
            this.touched.add(path);
            this.onChange("change");
          });
          const span = h("span", { class: "calc-date" }, h("label", { for: id }, label), input, err);
          this.slots.set(`${rowPath}.${key}`, { wrap: span, error: err, focus: input, inputs: [input] });
          return span;
        };
        const start = dateInput("start", "开始日期");
        const end = dateInput("end", "结束日期");
        const remove = h("button", { type: "button", class: "md-button calc-danger",
          onclick: () => {
            periods.splice(j, 1);
            if (!periods.length) delete fac.values[q.field];
            draw();
            this.onChange("change");
            addButton.focus();
          } }, `删除第 ${j + 1} ${max ? "批" : "段"}`);
        const li = h("li", { class: "calc-period", id: rowId }, start, end, remove, rowErr);
        this.slots.set(rowPath, { wrap: li, error: rowErr, focus: start.querySelector("input"), inputs: [] });
        list.append(li);
      });
      addButton.disabled = max !== null && periods.length >= max;
    };
    addButton.addEventListener("click", () => {
      const periods = (fac.values[q.field] = fac.values[q.field] || []);
      periods.push({ start: "", end: "" });
      draw();
      const inputs = list.querySelectorAll("input[type=date]");
      if (inputs.length) inputs[inputs.length - 2].focus();
    });
    parts.slot.focus = addButton;
    draw();
    parts.wrap.append(list, h("div", { class: "calc-row" }, addButton), limitNote || "", parts.helpEl || "", parts.error);
    return parts.wrap;
  }

  renderTransport() {
    for (const path of [...this.slots.keys()]) if (path.startsWith("transport")) this.slots.delete(path);
    clear(this.transportEl);
    const t = this.transport;
    const meta = this.spec.transport;
    const toggleId = "calc-transport-toggle";
    const toggle = h("input", { type: "checkbox", id: toggleId });
    toggle.checked = t.enabled;
    toggle.addEventListener("change", () => {
      t.enabled = toggle.checked;
      body.hidden = !t.enabled;
      this.onChange("change");
    });
    const body = h("div", { class: "calc-transport-body" });
    body.hidden = !t.enabled;
    body.append(this.choiceInput("transport.alert_level", {
      label: "重污染天气预警级别", required: true, choices: meta.alert_levels, value: t.alert_level,
      clause: meta.clause,
      onSet: (v) => (t.alert_level = v),
    }));
    const list = h("ol", { class: "calc-vehicles" });
    t.vehicles.forEach((veh, j) => list.append(this.renderVehicle(veh, j)));
    const add = h("button", { type: "button", class: "md-button", onclick: () => {
      t.vehicles.push({ id: "", kind: "" });
      this.renderTransport();
      const rows = this.transportEl.querySelectorAll(".calc-vehicle input[type=text]");
      if (rows.length) rows[rows.length - 1].focus();
      this.onChange("change");
    } }, "添加车辆或机械");
    body.append(h("h4", null, "车辆和非道路移动机械"), list, h("div", { class: "calc-row" }, add));
    this.transportEl.append(h("fieldset", { class: "calc-section calc-transport" },
      h("legend", null, "错峰运输（选填）"),
      h("p", { class: "calc-check" }, toggle, h("label", { for: toggleId }, "评估重污染天气预警期间的错峰运输")),
      h("p", { class: "calc-help" }, meta.clause ? `依据方案${this.links.clauseLabel(meta.clause)}：预警期间哪些车辆和机械可以进出厂区或使用。` : ""),
      body));
  }

  renderVehicle(veh, j) {
    const meta = this.spec.transport;
    const base = `transport.vehicles[${j}]`;
    const kindMeta = () => meta.kinds.find((k) => k.value === veh.kind);
    const stage = this.choiceInput(`${base}.emission_stage`, {
      label: "排放阶段", required: true, choices: meta.stages, value: veh.emission_stage, radios: false,
      onSet: (v) => (veh.emission_stage = v === "" ? undefined : v),
    });
    const flagSpans = new Map(); // field -> its checkbox row; only the kind's own flags are shown
    const showStage = () => {
      const k = kindMeta();
      stage.hidden = !(k && k.asks_stage);
      for (const [field, span] of flagSpans) {
        span.hidden = !(k && k.flags.includes(field));
        if (span.hidden) delete veh[field];
      }
      flags.hidden = ![...flagSpans.values()].some((span) => !span.hidden);
    };
    const kind = this.choiceInput(`${base}.kind`, {
      label: "类型", required: true, choices: meta.kinds, value: veh.kind, radios: false,
      onSet: (v) => {
        veh.kind = v;
        showStage();
      },
    });
    const flags = h("fieldset", { class: "calc-flags" }, h("legend", null, "属于以下情形（如有）"));
    for (const flag of meta.flags) {
      const id = pathId(`${base}.${flag.field}`);
      const box = h("input", { type: "checkbox", id });
      box.checked = veh[flag.field] === true;
      box.addEventListener("change", () => {
        if (box.checked) veh[flag.field] = true;
        else delete veh[flag.field];
        this.onChange("change");
      });
      this.slots.set(`${base}.${flag.field}`, { wrap: flags, error: null, focus: box, inputs: [box] });
      const span = h("span", { class: "calc-check" }, box, h("label", { for: id }, flag.label));
      flagSpans.set(flag.field, span);
      flags.append(span);
    }
    showStage();
    const idInput = this.textInput(`${base}.id`, { label: "车牌号或编号", required: false, value: veh.id, maxlength: 50,
      onInput: (v) => (veh.id = v) });
    const remove = h("button", { type: "button", class: "md-button calc-danger", onclick: () => {
      this.transport.vehicles.splice(j, 1);
      this.renderTransport();
      this.onChange("change");
      this.transportEl.querySelector(".calc-transport-body .calc-row button").focus();
    } }, `删除第 ${j + 1} 项`);
    const rowErr = h("p", { class: "calc-error", id: `${pathId(base)}-error`, hidden: true });
    const li = h("li", { class: "calc-vehicle", id: pathId(base) }, idInput, kind, stage, flags, remove, rowErr);
    this.slots.set(base, { wrap: li, error: rowErr, focus: idInput.querySelector("input"), inputs: [] });
    return li;
  }

  // ---------------------------------------------------------------- structure

  addFacility() {
    this.facilities.push(this.newFacility());
    this.renderFacilities();
    this.onChange("change");
    this.facilities[this.facilities.length - 1].dom.heading.focus();
  }

  copyFacility(i) {
    const src = this.facilities[i];
    const values = deepCopy(src.values);
    delete values.id; // ids must stay unique within the enterprise
    if (values.name) values.name = `${values.name}（复制）`;
    const copy = this.newFacility(values);
    copy.loc = src.loc;
    copy.applicable = src.applicable;
    copy.extra = deepCopy(src.extra);
    this.facilities.splice(i + 1, 0, copy);
    this.renderFacilities();
    this.onChange("change");
    copy.dom.heading.focus();
  }

  removeFacility(i) {
    if (this.facilities.length <= 1) return;
    this.facilities.splice(i, 1);
    this.renderFacilities();
    this.onChange("change");
    this.facilities[Math.min(i, this.facilities.length - 1)].dom.heading.focus();
  }

  // ---------------------------------------------------------------- input <-> form

  /** Show the questions of `applicable` (null: only those asked of every facility). */
  applyApplicable(fac) {
    if (!fac.dom) return;
    const set = fac.applicable;
    const industry = fac.values.industry;
    const made = fac.dom.questions;
    for (const q of this.questions) {
      if (q.field === this.location.distance_field) continue; // inside the location question
      const shown = set ? set.has(q.field) : !!q.always;
      if (!made[q.field]) {
        if (!shown) continue;
        made[q.field] = fac.dom.make(q);
      }
      made[q.field].hidden = !shown;
      const slot = this.slots.get(`${fac.dom.base}.${q.field}`);
      const byIndustry = q.clause_by_industry || {};
      if (slot && slot.setClause) slot.setClause(industry in byIndustry ? byIndustry[industry] : q.clause);
    }
    if (!set) return;
    // In the package's order: a question an answer raises comes after that answer. Only
    // questions out of place move (never the one just answered, which keeps its focus).
    let prev = fac.dom.outcome;
    for (const field of set) {
      const el = fac.dom.questions[field];
      if (!el) continue;
      let next = prev.nextElementSibling;
      while (next && next.hidden && next.dataset.field) next = next.nextElementSibling;
      if (next !== el) prev.after(el);
      prev = el;
    }
  }

  setApplicable(lists) {
    this.facilities.forEach((fac, i) => {
      fac.applicable = lists && lists[i] ? new Set(lists[i]) : fac.applicable;
      this.applyApplicable(fac);
    });
    this.applyEnterprise();
  }

  /**
   * The input the package gets. `allowed[i]`: the fields to send for facility i (a Set),
   * or null to send every answer given.
   */
  buildInput(allowed) {
    const e = this.enterprise;
    const enterprise = {};
    if (e.name.trim() !== "") enterprise.name = e.name;
    if (e.county) enterprise.county = e.county;
    if (e.credit_code.trim() !== "") enterprise.credit_code = e.credit_code.trim();
    for (const q of this.enterpriseQuestions) {
      const value = e.answers[q.field];
      const asked = !allowed || this.facilities.some((_, i) => !allowed[i] || allowed[i].has(q.field));
      if (value !== undefined && value !== null && value !== "" && asked) enterprise[q.field] = value;
    }
    const input = { plan: this.spec.plan.id, enterprise, facilities: [] };
    this.facilities.forEach((fac, i) => {
      const ok = allowed && allowed[i] ? allowed[i] : null;
      const item = {};
      for (const q of this.questions) {
        const field = q.field;
        if (field === this.location.distance_field) continue;
        if (ok && !ok.has(field)) continue;
        if (field === this.location.field) {
          if (fac.loc === "yes") item[field] = true;
          else if (fac.loc === "no") item[field] = false;
          else if (fac.loc === "distance") {
            const d = numberAnswer(fac.values[this.location.distance_field] ?? "");
            if (d !== undefined) item[this.location.distance_field] = d;
          }
          continue;
        }
        const value = fac.values[field];
        if (value === undefined || value === null || value === "") continue;
        if (q.kind === "number") {
          const n = numberAnswer(value);
          if (n !== undefined) item[field] = n;
        } else if (q.kind === "text") {
          if (String(value).trim() !== "") item[field] = value;
        } else if (q.kind === "periods") {
          const periods = value.filter((p) => p.start || p.end).map((p) => ({ start: p.start || "", end: p.end || "" }));
          if (periods.length) item[field] = periods;
        } else item[field] = value;
      }
      Object.assign(item, fac.extra);
      input.facilities.push(item);
    });
    if (this.transport.enabled) {
      const t = { alert_level: this.transport.alert_level || undefined, vehicles: [] };
      if (!t.alert_level) delete t.alert_level;
      for (const veh of this.transport.vehicles) {
        const kind = this.spec.transport.kinds.find((k) => k.value === veh.kind);
        const out = {};
        for (const [key, value] of Object.entries(veh)) {
          if (value === "" || value === undefined || value === false) continue;
          if (key === "emission_stage" && kind && !kind.asks_stage) continue;
          out[key] = value;
        }
        t.vehicles.push(out);
      }
      input.transport = t;
    }
    Object.assign(input, this.extra);
    return input;
  }

  /**
   * Fill the form from an input object (a permalink, an uploaded file). `render: false`
   * only sets the state (a form not drawn yet: render() draws it).
   */
  restore(input, { render = true } = {}) {
    const known = new Set(["plan", "enterprise", "facilities", "transport"]);
    this.extra = {};
    for (const [k, v] of Object.entries(input || {})) if (!known.has(k)) this.extra[k] = v;
    const e = input && input.enterprise && typeof input.enterprise === "object" ? input.enterprise : {};
    this.enterprise = {
      name: typeof e.name === "string" ? e.name : "",
      county: typeof e.county === "string" ? e.county : "",
      credit_code: typeof e.credit_code === "string" ? e.credit_code : "",
      answers: {},
    };
    const list = (Array.isArray(input && input.facilities) && input.facilities.length ? input.facilities : [{}])
      .map((item) => (item && typeof item === "object" && !Array.isArray(item) ? { ...item } : item));
    // An input saved before the enterprise's answers moved up (a link, a file) has them on each
    // facility: taken up when every facility that gives one agrees, else left on the facilities,
    // where the package refuses them with a message (never one facility's answer for all).
    for (const q of this.enterpriseQuestions) {
      const given = list.filter((item) => item && typeof item === "object" && q.field in item).map((item) => item[q.field]);
      if (q.field in e) this.enterprise.answers[q.field] = e[q.field];
      else if (given.length && given.every((v) => JSON.stringify(v) === JSON.stringify(given[0]))) {
        this.enterprise.answers[q.field] = given[0];
        list.forEach((item) => item && typeof item === "object" && delete item[q.field]);
      }
    }
    this.facilities = list.map((item) => {
      const values = {};
      const extra = {};
      for (const [k, v] of Object.entries(item && typeof item === "object" ? item : {})) {
        const q = this.questionByField[k];
        if (!q || q.scope === "enterprise") extra[k] = v;
        else if (q.kind === "number" && typeof v === "number") values[k] = String(v);
        else if (q.kind === "periods" && Array.isArray(v)) values[k] = v.map((p) => ({ start: (p && p.start) || "", end: (p && p.end) || "" }));
        else values[k] = v;
      }
      const fac = this.newFacility(values);
      fac.extra = extra;
      const loc = this.location;
      if (values[loc.distance_field] !== undefined) fac.loc = "distance";
      else if (values[loc.field] === true) fac.loc = "yes";
      else if (values[loc.field] === false) fac.loc = "no";
      delete values[loc.field];
      // Until the package says which questions apply, the questions this input answers show
      // (a saved input holds the answers to the questions that applied): the form is drawn
      // filled in as it was, and the first answer adds only what applies unanswered.
      fac.applicable = new Set([...this.questions.filter((q) => q.always).map((q) => q.field), ...Object.keys(values),
        ...(fac.loc ? [loc.field] : []), ...Object.keys(this.enterprise.answers)]);
      return fac;
    });
    const t = input && input.transport;
    this.transport = t && typeof t === "object"
      ? { enabled: true, alert_level: t.alert_level || "",
        vehicles: Array.isArray(t.vehicles) ? t.vehicles.map((v) => ({ ...v })) : [] }
      : { enabled: false, alert_level: "", vehicles: [] };
    this.touched.clear();
    this.showNext = true;
    if (render) this.render();
  }

  // ---------------------------------------------------------------- errors

  /** The slot for an error path: the path itself, else its nearest parent with a slot. */
  slotFor(path) {
    let p = path;
    while (p) {
      const slot = this.slots.get(p);
      if (slot && slot.error) return { path: p, slot };
      const cut = Math.max(p.lastIndexOf("."), p.lastIndexOf("["));
      if (cut <= 0) break;
      p = p.slice(0, cut);
    }
    // the location question holds the distance
    const loc = path.replace(`.${this.location.distance_field}`, `.${this.location.field}`);
    if (loc !== path && this.slots.get(loc)) return { path: loc, slot: this.slots.get(loc) };
    return null;
  }

  /** A field was left: its errors (from the last answer) show now. */
  leave(path) {
    if (this.touched.has(path)) return;
    this.touched.add(path);
    this.showErrors(this.lastErrors);
  }

  /** Show errors next to their fields (of fields left, or all after a submit/restore). */
  showErrors(errors) {
    this.lastErrors = errors;
    if (this.showNext) {
      this.showNext = false;
      this.submitted = new Set(errors.map((e) => e.path));
    }
    for (const slot of this.slots.values()) {
      if (!slot.error) continue;
      slot.error.hidden = true;
      slot.error.textContent = "";
      slot.wrap && slot.wrap.classList && slot.wrap.classList.remove("calc-invalid");
      for (const input of slot.inputs) input.removeAttribute("aria-invalid");
    }
    const grouped = new Map();
    for (const error of errors) {
      const found = this.slotFor(error.path || "");
      error.target = found ? found.slot.focus || found.slot.wrap : null;
      error.targetId = found ? (found.slot.focus && found.slot.focus.id) || found.slot.wrap.id : null;
      if (!found) continue;
      const visible = this.submitted.has(error.path) || this.touched.has(found.path) || this.touched.has(error.path);
      if (!visible) continue;
      if (!grouped.has(found.slot)) grouped.set(found.slot, []);
      grouped.get(found.slot).push(error.message);
    }
    for (const [slot, messages] of grouped) {
      slot.error.textContent = [...new Set(messages)].join(" ");
      slot.error.hidden = false;
      slot.wrap && slot.wrap.classList && slot.wrap.classList.add("calc-invalid");
      for (const input of slot.inputs) input.setAttribute("aria-invalid", "true");
    }
  }

  /** Per facility: the one-line outcome shown in its header. */
  showOutcomes(result) {
    this.facilities.forEach((fac, i) => {
      if (!fac.dom) return;
      const r = result && result.facilities[i];
      fac.dom.outcome.textContent = r ? `${r.outcome_label}：${r.summary}` : "尚未得出结论：请回答下列问题。";
      fac.dom.outcome.dataset.outcome = r ? r.outcome : "";
    });
  }
}
