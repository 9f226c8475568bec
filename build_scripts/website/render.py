"""Pages of the site rendered from the policy package with jinja2.

`pages(plan)` returns {src path: Markdown}; the mkdocs hook (hooks.py) adds them as
virtual files. Every number on these pages is read from the package: nothing here
types a ratio, threshold, date or day count.
"""
from __future__ import annotations

import posixpath
import re
from pathlib import Path

import jinja2
from markupsafe import Markup

from . import deploy, svg

TEMPLATES = Path(__file__).parent / "templates"

# Where each page lives (src paths, relative to docs/).
HOME = "index.md"
INDUSTRIES = "industries/index.md"
GENERAL = "industries/2.4.md"
EXEMPTIONS = "exemptions.md"
SHUTDOWNS = "shutdowns.md"
ADJUSTMENTS = "adjustments.md"
ROTATION = "rotation.md"
TRANSPORT = "transport.md"
PLAN_TEXT = "plan-text.md"
REGISTER = "register.md"
COUNTIES = "counties.md"
DEPLOYMENT = "deployment.md"
GLOSSARY = "glossary.md"  # hand-written
CALCULATOR = "calculator.md"  # hand-written (calculator work)
LISTS = "lists.md"  # hand-written (county lists work), optional

# Search ranking (Material's `search.boost` front matter): the pages that state the rules
# rank above the register, the county figures and the deployment notes, which mention
# every term of the plan too. Pages not named here keep Material's 1.
SEARCH_BOOST = {"industries/": 4, INDUSTRIES: 2, EXEMPTIONS: 3, SHUTDOWNS: 3, ADJUSTMENTS: 3,
                ROTATION: 3, TRANSPORT: 3, REGISTER: 0.5, COUNTIES: 0.5, DEPLOYMENT: 0.3}


def search_boost(src: str) -> float | None:
    if src in SEARCH_BOOST:
        return SEARCH_BOOST[src]
    return next((b for prefix, b in SEARCH_BOOST.items()
                 if prefix.endswith("/") and src.startswith(prefix)), None)


# The home page's "what to have at hand" for the self-assessment: the package's questions
# in groups of what a user looks up: (title, a note on the front-door card, whether each
# question's help is shown in the full list, fields). A question in no group falls in the
# one whose fields are None, so a new question of the package is never left out
# (tests/website/test_front_door.py).
PREPARE = (
    ("排放监测数据", "以在线监测数据计", False,
     ("online_monitoring", "high_precision_monitoring", "months_stable", "so2_mg", "nox_mg", "pm_mg")),
    ("达标排放、排污许可与治理", "", False,
     ("stable_compliance", "permit_compliant", "governance_done", "meets_special_limits",
      "sintering_ultra_low", "unorganized_ultra_low", "vocs_unorganized_special")),
    ("不予限产的依据", "", False, ("green_factory", "exemption_emission", "clean_transport")),
    ("距建成区的距离", "", True, ("within_10km", "distance_km")),
    ("产业政策类别", "注明所依据的《产业结构调整指导目录》版本", True, ("category",)),
    ("设备与工艺", "", False, None),
    ("负荷、民生任务与停产安排", "", True,
     ("supplies_heat_or_gas", "actual_load_percent", "safety_load_percent", "shutdown_periods",
      "rotation_batches")),
)
# The time a user takes per answer, looking the figure up included: an assumption the home
# page states with the estimate, not a measurement.
SECONDS_PER_ANSWER = 30


def industry_page(clause_id: str) -> str:
    return f"industries/{clause_id}.md"


def clause_anchor(clause_id: str) -> str:
    """clause-3.1.4, clause-2.2-1 for 2.2(1)."""
    return "clause-" + re.sub(r"[()]+", "-", clause_id).strip("-")


def case_anchor(key: str) -> str:
    return "case-" + re.sub(r"[^A-Za-z0-9_.]+", "-", key).strip("-")


def rule_anchor(rule_id: str) -> str:
    return "rule-" + re.sub(r"[^A-Za-z0-9_.]+", "-", rule_id).strip("-")


def register_anchor(entry_id: str) -> str:
    return "register-" + re.sub(r"[^A-Za-z0-9_.]+", "-", entry_id)


def href(from_src: str, to_src: str, anchor: str = "") -> str:
    """Relative URL from one page to another (use_directory_urls: false)."""
    target = to_src[:-3] + ".html" if to_src.endswith(".md") else to_src
    rel = posixpath.relpath(target, posixpath.dirname(from_src) or ".")
    if to_src == from_src:
        rel = ""
    return rel + ("#" + anchor if anchor else "")


def mdref(from_src: str, to_src: str, anchor: str = "") -> str:
    """Relative .md link for Markdown (mkdocs checks and rewrites it)."""
    rel = "" if to_src == from_src else posixpath.relpath(to_src, posixpath.dirname(from_src) or ".")
    return rel + ("#" + anchor if anchor else "")


def fmt(value) -> str:
    from policy.engine.conditions import format_number
    return format_number(value)


OPS = {"<=": "≤", "<": "<", ">=": "≥", ">": ">"}


def _is_number(x) -> bool:
    return isinstance(x, (int, float)) and not isinstance(x, bool)


def _attr(value) -> str:
    if isinstance(value, (list, tuple)):
        return "|".join(fmt(v) for v in value)
    if isinstance(value, bool):
        return "yes" if value else "no"
    return fmt(value)


class _PageNames:
    HOME, INDUSTRIES, GENERAL, EXEMPTIONS, SHUTDOWNS = HOME, INDUSTRIES, GENERAL, EXEMPTIONS, SHUTDOWNS
    ADJUSTMENTS, ROTATION, TRANSPORT, PLAN_TEXT = ADJUSTMENTS, ROTATION, TRANSPORT, PLAN_TEXT
    REGISTER, COUNTIES, DEPLOYMENT, GLOSSARY, CALCULATOR, LISTS = (
        REGISTER, COUNTIES, DEPLOYMENT, GLOSSARY, CALCULATOR, LISTS)
    industry = staticmethod(industry_page)


class Renderer:
    def __init__(self, plan):
        self.plan = plan
        self.env = jinja2.Environment(
            loader=jinja2.FileSystemLoader(str(TEMPLATES)),
            autoescape=jinja2.select_autoescape(default=True, default_for_string=True),
            undefined=jinja2.StrictUndefined,
            trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True,
        )
        self.env.globals.update(plan=plan, fmt=fmt, r=self, deploy=deploy, href=href, mdref=mdref,
                                clause_anchor=clause_anchor, case_anchor=case_anchor,
                                rule_anchor=rule_anchor, register_anchor=register_anchor,
                                P=_PageNames)
        self.implemented: dict[str, list[tuple[str, str, str]]] = {}
        self.outcome_labels = _outcome_labels()

    # ── helpers used by templates ──────────────────────────────────────────
    def industry_clauses(self) -> list:
        return [c for c in self.plan.clauses if c.id.startswith("3.1.")]

    def rules_of(self, clause_id: str) -> list:
        return [r for r in self.plan.rules if r.clause == clause_id]

    def clause(self, clause_id: str):
        return self.plan.clause(clause_id)

    def clause_link(self, page: str, clause_id: str) -> Markup:
        c = self.plan.clause(clause_id)
        return Markup('<a class="clause-ref" href="{}">{}</a>').format(
            href(page, PLAN_TEXT, clause_anchor(clause_id)), c.display)

    def register_link(self, page: str, entry_id: str) -> Markup:
        return Markup('<a class="register-ref" href="{}">{}</a>').format(
            href(page, REGISTER, register_anchor(entry_id)), entry_id)

    def outcome(self, code: str) -> Markup:
        return Markup('<span class="outcome outcome-{0}" data-outcome="{0}">{1}</span>').format(
            code, self.outcome_labels.get(code, code))

    def condition(self, cond) -> Markup:
        d = cond.describe()
        value = d.get("value")
        formal = ""
        unit = d.get("unit", "")
        if d["op"] in OPS:
            formal = f"{OPS[d['op']]} {fmt(value)} {unit}".strip()
        elif d["op"] == "between":
            formal = f"{fmt(value[0])} < x < {fmt(value[1])} {unit}".strip()
        return Markup(
            '<li class="cond" data-field="{}" data-op="{}" data-value="{}">{}{}</li>').format(
            d["field"], d["op"], _attr(value), d["text"],
            Markup(" <code>{}</code>").format(formal) if formal else "")

    def conditions(self, conds) -> Markup:
        if not conds:
            return Markup("—")
        return Markup('<ul class="conds">{}</ul>').format(
            Markup("").join(self.condition(c) for c in conds))

    def ratio_cell(self, case, label: str = "") -> Markup:
        if case.ratio is None:
            return Markup('<td role="cell" class="num ratio" data-label="{}">—</td>').format(label)
        eff = case.effective_ratio
        text = f"限产 {fmt(case.ratio)}%"
        if case.raise_by:
            text = f"限产 {fmt(case.ratio)}% + {fmt(case.raise_by)} = {fmt(eff)}%"
        return Markup('<td role="cell" class="num ratio" data-label="{}" data-ratio="{}" data-base="{}">{}</td>'
                      ).format(label, fmt(eff), fmt(case.ratio), text)

    def load_cell(self, case, label: str = "") -> Markup:
        if case.ratio is None:
            return Markup('<td role="cell" class="num load" data-label="{}">—</td>').format(label)
        return Markup('<td role="cell" class="num load" data-label="{0}" data-load="{1}">{1}%</td>').format(
            label, fmt(100 - case.effective_ratio))

    def days_cell(self, case, label: str = "") -> Markup:
        if case.ratio is None:
            return Markup('<td role="cell" class="num days" data-label="{}">—</td>').format(label)
        return Markup('<td role="cell" class="num days" data-label="{0}" data-days="{1}">{1} 天</td>').format(
            label, self.shutdown_days(case.effective_ratio))

    def shutdown_days(self, ratio) -> int:
        return _package_shutdown_days()(ratio, self.plan)

    def otherwise(self, rule) -> tuple[str, str]:
        """(outcome code, sentence) when a requirement fails or no case matches."""
        from policy.engine import model
        other = rule.otherwise
        if isinstance(other, model.Stop):
            return other.outcome, f"{self.outcome_labels[other.outcome]}：{other.text}"
        if isinstance(other, model.Continue):
            return "continue", f"继续评估：{other.text}"
        c26 = self.plan.clause("2.6").display
        c212 = self.plan.clause("2.12").display
        return model.REFER, (f"{self.outcome_labels[model.REFER]}：本条未规定比例，列明未满足的条件，"
                             f"由县级依{c26}、{c212}核定")

    def page_title(self, page: str) -> str:
        if page.startswith("industries/") and page != INDUSTRIES:
            c = self.plan.clause(page[len("industries/"):-3])
            return f"{c.display} {c.heading}"
        return {EXEMPTIONS: "不予限产", SHUTDOWNS: "停产", ADJUSTMENTS: "调整与折算",
                ROTATION: "轮流错峰", TRANSPORT: "错峰运输"}.get(page, page)

    def record(self, clause_id: str, page: str, anchor: str, label: str):
        label = f"{label}（{self.page_title(page)}）"
        entries = self.implemented.setdefault(clause_id, [])
        if (page, anchor, label) not in entries:
            entries.append((page, anchor, label))

    def rule_table(self, page: str, rule) -> Markup:
        """Every case of a rule as a row: conditions → outcome, ratio, load, days, clause, text."""
        self.record(rule.clause, page, rule_anchor(rule.id), rule.title)
        return Markup(self.env.get_template("_rule.html.j2").render(page=page, rule=rule))

    def rule_svg(self, rule) -> Markup:
        sel = [c.text for c in rule.when]
        req = [c.text for c in rule.requires]
        cases = []
        for case in rule.cases:
            cond = "，".join(c.text for c in case.when)
            label = self.outcome_labels.get(case.outcome, case.outcome)
            if case.ratio is not None:
                label = f"{label} {fmt(case.effective_ratio)}%"
            cases.append((cond, case.outcome, label))
        code, text = self.otherwise(rule)
        uid = re.sub(r"[^A-Za-z0-9]+", "-", rule.id)
        # Two drawings: the wide one scaled to a phone would have 6 px text (site.css
        # shows one of them by screen width).
        # data-search-exclude on each (Material's indexer ends an exclusion at the first
        # closing tag of the same name, so not on an enclosing div): the tables say it all.
        return Markup('<div class="decision-wide" data-search-exclude="true">{}</div>'
                      '<div class="decision-narrow" data-search-exclude="true">{}</div>').format(
            Markup(svg.decision_svg(rule.title, sel, req, (code, text), cases, uid=uid)),
            Markup(svg.decision_svg(rule.title, sel, req, (code, text), cases, uid=uid + "-n",
                                    narrow=True)))

    def ratios_used(self) -> list:
        found = {case.effective_ratio for r in self.plan.rules for case in r.cases
                 if case.ratio is not None}
        found |= {case.ratio for r in self.plan.rules for case in r.cases if case.ratio is not None}
        return sorted(found)

    def rules_with_outcomes(self, codes) -> list:
        from policy.engine import model
        out = []
        for rule in self.plan.rules:
            if any(c.outcome in codes for c in rule.cases) or (
                    isinstance(rule.otherwise, model.Stop) and rule.otherwise.outcome in codes):
                out.append(rule)
        return out

    def industries_for_clause(self, clause_id: str) -> list:
        return [i for i in self.plan.industries if clause_id in i.clauses]

    def page_of_clause(self, clause_id: str) -> str | None:
        for page, anchor, _ in self.implemented.get(clause_id, []):
            return page
        return None

    def county_tables(self) -> list[dict]:
        """Each county's figures against the city baseline (policy.county_table), with the
        page and row anchor of each case."""
        import policy
        tables = []
        for name in self.plan.counties:
            table = policy.county_table(name, plan=self.plan)
            for row in table["rows"]:
                rule = next(r for r in self.plan.rules if r.id == row["rule"])
                row["page"] = industry_page(rule.clause) if rule.clause.startswith("3.1.") else (
                    GENERAL if rule.clause == "2.4" else SHUTDOWNS)
            tables.append(table)
        return tables

    def part_headings(self) -> dict:
        return _parts(self.plan)

    def question_label(self, field: str) -> str:
        try:
            return self.plan.question(field).label
        except KeyError:
            return field

    def front_door(self) -> dict:
        """What the home page says each service takes, from the form spec the calculator
        uses (policy.api.form_spec): the questions in PREPARE's groups, how many a facility
        of each industry may be asked, and the minutes that makes."""
        import json
        import math

        import policy.api
        spec = json.loads(policy.api.form_spec())
        asked = [q for q in spec["questions"] if not q["always"]]
        labels = {i["value"]: i["label"] for i in spec["industries"]}
        placed = {f for *_, fields in PREPARE if fields for f in fields}
        groups = []
        for title, note, explain, fields in PREPARE:
            items = [dict(q, shown_help=q["help"] if explain else "",
                          # the industries asked, when fewer than half are
                          only=[labels[c] for c in q["industries"]] if len(q["industries"]) * 2 < len(labels) else [])
                     for q in asked if (q["field"] in fields if fields else q["field"] not in placed)]
            if items:
                groups.append({"title": title, "note": note, "questions": items})
        counts = {code: sum(1 for q in spec["questions"] if q["always"] or code in q["industries"])
                  for code in labels}
        fewest, most = min(counts.values()), max(counts.values())
        return {
            "groups": groups,
            "industry_labels": labels,
            "enterprise_fields": spec["enterprise_fields"],
            "fewest": fewest, "most": most,
            "minutes": (math.ceil(fewest * SECONDS_PER_ANSWER / 60),
                        math.ceil(most * SECONDS_PER_ANSWER / 60)),
            "seconds_per_answer": SECONDS_PER_ANSWER,
            "industry_count": len(labels),
        }

    # ── pages ─────────────────────────────────────────────────────────────
    def page(self, template: str, src: str, **extra) -> str:
        text = self.env.get_template(template).render(page=src, **extra)
        boost = search_boost(src)
        if boost is not None:
            text = f"---\nsearch:\n  boost: {boost}\n---\n\n" + text
        return text

    def pages(self) -> dict[str, str]:
        out: dict[str, str] = {}
        # Rule pages first: they record which clause is implemented where.
        for c in self.industry_clauses():
            out[industry_page(c.id)] = self.page("industry.md.j2", industry_page(c.id), clause=c)
        out[GENERAL] = self.page("industry.md.j2", GENERAL, clause=self.plan.clause("2.4"))
        out[EXEMPTIONS] = self.page("exemptions.md.j2", EXEMPTIONS)
        out[SHUTDOWNS] = self.page("shutdowns.md.j2", SHUTDOWNS)
        out[ADJUSTMENTS] = self.page("adjustments.md.j2", ADJUSTMENTS)
        out[ROTATION] = self.page("rotation.md.j2", ROTATION)
        out[TRANSPORT] = self.page("transport.md.j2", TRANSPORT)
        out[REGISTER] = self.page("register.md.j2", REGISTER)
        out[COUNTIES] = self.page("counties.md.j2", COUNTIES, tables=self.county_tables())
        out[INDUSTRIES] = self.page("industries.md.j2", INDUSTRIES)
        out[HOME] = self.page("home.md.j2", HOME)
        out[DEPLOYMENT] = self.page("deployment.md.j2", DEPLOYMENT)
        out[PLAN_TEXT] = self.page("plan-text.md.j2", PLAN_TEXT)  # last: links to all the others
        return out

    def nav(self, docs_dir: str | None = None) -> list:
        """The navigation; hand-written tool pages are listed when docs/ has them."""
        # The two services come right after the home page (its front door), not below
        # the reference pages.
        tools = [{"企业自评": CALCULATOR}]
        if docs_dir and (Path(docs_dir) / LISTS).is_file():
            tools.append({"县级清单": LISTS})
        industries = [{f"{c.display} {c.heading}": industry_page(c.id)}
                      for c in self.industry_clauses()]
        g = self.plan.clause("2.4")
        return [
            {"首页": HOME},
            *tools,
            {"行业规则": [INDUSTRIES] + industries + [{f"{g.display} 其他高排放行业": GENERAL}]},
            {"专题": [{"不予限产（豁免）": EXEMPTIONS}, {"停产": SHUTDOWNS},
                      {"调整与折算": ADJUSTMENTS}, {"轮流错峰": ROTATION},
                      {"错峰运输": TRANSPORT}]},
            {"方案": [{"方案全文": PLAN_TEXT}, {"解释登记": REGISTER},
                      {"县（区、市）": COUNTIES}, {"术语表": GLOSSARY}]},
            {"内网部署": DEPLOYMENT},
        ]


def _outcome_labels() -> dict:
    from policy.engine import model
    return dict(model.OUTCOME_LABELS)


def _package_shutdown_days():
    """The package's own day conversion (READING.md decision 6)."""
    from policy.engine.season import shutdown_days

    def call(ratio, plan):
        return shutdown_days(plan, ratio)
    return call


def _parts(plan) -> dict:
    parts = getattr(plan, "parts", None)
    if parts:
        return dict(parts)
    import importlib
    module = importlib.import_module(type(plan).__module__)
    for name in ("PARTS",):
        if hasattr(module, name):
            return dict(getattr(module, name))
    try:
        mod = importlib.import_module(f"policy.plans.{plan.id.replace('-', '_')}.plan")
        return dict(getattr(mod, "PARTS", {}))
    except ImportError:
        return {}


def pages(plan) -> dict[str, str]:
    return Renderer(plan).pages()
