"""The input's JSON Schema and the question metadata a form is generated from."""
from __future__ import annotations

from .applicability import applicable_fields, possible_fields, question_clause
from .model import ENTERPRISE, OUTCOME_LABELS, Plan, Question
from .run import plan_summary
from .transport import transport_flags
from .validate import ENTERPRISE_FIELDS, MAX_FACILITIES, MAX_VEHICLES, enterprise_questions

PERIOD_SCHEMA = {
    "type": "object",
    "properties": {"start": {"type": "string", "format": "date"}, "end": {"type": "string", "format": "date"}},
    "required": ["start", "end"],
    "additionalProperties": False,
}


def question_schema(plan: Plan, question: Question) -> dict:
    schema: dict = {"title": question.label}
    if question.help:
        schema["description"] = question.help
    if question.kind == "boolean":
        schema["type"] = "boolean"
    elif question.kind == "number":
        schema["type"] = "number"
        if question.minimum is not None:
            schema["minimum"] = question.minimum
        if question.maximum is not None:
            schema["maximum"] = question.maximum
        if question.exclusive_minimum is not None:
            schema["exclusiveMinimum"] = question.exclusive_minimum
    elif question.kind == "choice":
        schema["enum"] = [c.value for c in question.choices]
        closed = [f"“{c.label}”不适用于：{'、'.join(plan.industry(i).label for i in c.closed_to)}"
                  for c in question.choices if c.closed_to]
        if closed:
            schema["description"] = "；".join([question.help, *closed]) if question.help else "；".join(closed)
    elif question.kind == "text":
        schema.update(type="string", minLength=1, maxLength=question.max_length)
    elif question.kind == "periods":
        schema.update(type="array", items=PERIOD_SCHEMA)
        if question.field == plan.adjustments.rotation_field:
            schema["maxItems"] = plan.adjustments.rotation_max_batches
    return schema


def input_schema(plan: Plan) -> dict:
    location = plan.location
    per_industry = []
    shared = enterprise_questions(plan)
    asked_of_every = None  # enterprise questions every facility needs, whatever its industry
    for industry in plan.industries:
        fields = applicable_fields(plan, {"industry": industry.code})
        own = {f for f in fields if plan.question(f).scope == ENTERPRISE}
        asked_of_every = own if asked_of_every is None else asked_of_every & own
        fields = [f for f in fields if f not in own]
        required = [f for f in fields if plan.question(f).required and f != location.field and f != "id"]
        then: dict = {"required": required}
        if location.field in fields:
            then["anyOf"] = [{"required": [location.field]}, {"required": [location.distance_field]}]
        per_industry.append({"if": {"properties": {"industry": {"const": industry.code}}},
                             "then": then})
    transport = plan.transport
    vehicle = {
        "type": "object",
        "properties": {
            "id": {"type": "string"},
            "kind": {"enum": [k.code for k in transport.kinds]},
            "emission_stage": {"enum": [int(c.value) for c in transport.stages]},
            **{flag.field: {"type": "boolean", "title": flag.label} for flag in transport.flags},
        },
        "required": ["kind"],
        "additionalProperties": False,
    }
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": f"{plan.short_title}：企业自评输入",
        "description": "字段随行业和回答变化，完整规则以 policy 包的校验为准（条件题见 form_spec）。"
                       "企业的情况（二、1、二、2）在 enterprise 中回答一次，不按设施填写。",
        "type": "object",
        "properties": {
            "plan": {"const": plan.id},
            "enterprise": {
                "type": "object",
                "properties": {
                    "name": {"type": "string", "minLength": 1, "maxLength": 200, "title": ENTERPRISE_FIELDS["name"]},
                    "county": {"enum": list(plan.counties) + list(plan.county_aliases),
                               "title": ENTERPRISE_FIELDS["county"]},
                    "credit_code": {"type": "string", "pattern": "^[0-9A-Za-z]{18}$",
                                    "title": ENTERPRISE_FIELDS["credit_code"]},
                    **{q.field: question_schema(plan, q) for q in shared},
                },
                "required": ["name", "county"] + [q.field for q in shared
                                                  if q.required and q.field in (asked_of_every or ())],
                "additionalProperties": False,
            },
            "facilities": {
                "type": "array", "minItems": 1, "maxItems": MAX_FACILITIES,
                "items": {
                    "type": "object",
                    "properties": {q.field: question_schema(plan, q) for q in plan.questions
                                   if q.scope != ENTERPRISE},
                    "required": ["name", "industry"],
                    "additionalProperties": False,
                    "allOf": per_industry,
                },
            },
            "transport": {
                "type": "object",
                "properties": {
                    "alert_level": {"enum": [level.code for level in transport.alert_levels]},
                    "vehicles": {"type": "array", "maxItems": MAX_VEHICLES, "items": vehicle},
                },
                "required": ["alert_level"],
                "additionalProperties": False,
            },
        },
        "required": ["enterprise", "facilities"],
        "additionalProperties": False,
    }


def form_spec(plan: Plan) -> dict:
    """Everything a form needs: questions with labels, help, clauses and where they apply."""
    possible = {industry.code: possible_fields(plan, industry.code) for industry in plan.industries}
    return {
        "plan": plan_summary(plan),
        "counties": [{"value": c, "label": c, "note": plan.county_notes.get(c, "")} for c in plan.counties],
        "clauses": [{"id": c.id, "display": c.display} for c in plan.clauses],
        "enterprise_fields": [{"field": k, "label": v} for k, v in ENTERPRISE_FIELDS.items()],
        "industries": [{"value": i.code, "label": i.label, "clauses": list(i.clauses)} for i in plan.industries],
        "questions": [
            {
                "field": q.field, "label": q.label, "help": q.help, "kind": q.kind, "unit": q.unit,
                "minimum": q.minimum, "maximum": q.maximum, "exclusive_minimum": q.exclusive_minimum,
                "choices": [{"value": c.value, "label": c.label,
                             **({"closed_to": list(c.closed_to), "closed_reason": c.closed_reason}
                                if c.closed_to else {})} for c in q.choices],
                "clauses": [{"id": c, "display": plan.clause(c).display} for c in q.clauses],
                # one clause link per question: the clause that applies to the facility's industry
                "clause": question_clause(plan, q.field, None),
                "clause_by_industry": {code: question_clause(plan, q.field, code)
                                       for code, fields in possible.items() if q.field in fields},
                "required": q.required, "always": q.always, "scope": q.scope,
                "industries": [code for code, fields in possible.items() if q.field in fields],
                "schema": question_schema(plan, q),
            }
            for q in plan.questions
        ],
        "location": {"field": plan.location.field, "distance_field": plan.location.distance_field,
                     "limit": plan.location.limit, "clause": plan.location.clause},
        "outcomes": [{"value": code, "label": label} for code, label in OUTCOME_LABELS.items()],
        "rotation_max_batches": plan.adjustments.rotation_max_batches,
        "transport": {
            "clause": plan.transport.clause,
            "alert_levels": [{"value": l.code, "label": l.label} for l in plan.transport.alert_levels],
            "kinds": [{"value": k.code, "label": k.label, "asks_stage": bool(k.stage_field_label),
                       "flags": list(transport_flags(plan, k.code))}
                      for k in plan.transport.kinds],
            "stages": [{"value": int(c.value), "label": c.label} for c in plan.transport.stages],
            "flags": [{"field": f.field, "label": f.label} for f in plan.transport.flags],
        },
    }
