"""Input validation: every problem at once, each with its path and a Chinese message."""
from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from typing import Any

from .applicability import applicable_fields, possible_fields
from .conditions import format_number
from .model import ENTERPRISE, Plan, Question
from .season import check_periods
from .transport import transport_flags
from .values import parse_number

TOP_LEVEL = ("plan", "enterprise", "facilities", "transport")
ENTERPRISE_FIELDS = {"name": "企业名称", "county": "所在县（区、市）", "credit_code": "统一社会信用代码"}
MAX_FACILITIES = 1000
MAX_ERRORS = 200  # messages listed for one input
SHOWN_CHARS = 40  # of a bad value, in a message
MAX_VEHICLES = 10000


class ValidationError(Exception):
    """The input has problems; `errors` lists them all (path, field, label, message)."""

    def __init__(self, errors: list[dict]):
        super().__init__("；".join(e["message"] for e in errors))
        self.errors = errors


@dataclass
class FacilityInput:
    index: int
    id: str
    name: str
    answers: dict
    ignored: list = field(default_factory=list)  # answers given that never apply to the industry
    unused: dict = field(default_factory=dict)  # answers that cannot change this result (what-if reads them)
    asked: list = field(default_factory=list)  # enterprise questions this facility needs answered
    periods: dict = field(default_factory=dict)  # field -> parsed periods


@dataclass
class ValidInput:
    plan: Plan
    enterprise: dict
    facilities: list
    transport: dict | None
    notes: list = field(default_factory=list)


class _Collector:
    def __init__(self):
        self.errors: list[dict] = []

    def add(self, path: str, field_name: str, label: str, message: str) -> None:
        if len(self.errors) == MAX_ERRORS:
            self.errors.append({"path": "", "field": "", "label": "输入",
                                "message": f"问题超过 {MAX_ERRORS} 处，其余未列出：请先改正以上各处"})
        if len(self.errors) > MAX_ERRORS:
            return
        self.errors.append({"path": path, "field": field_name, "label": label, "message": message})


def _shown(value: Any, quoted: bool = True) -> str:
    """A bad value as a message quotes it: at most SHOWN_CHARS characters (a 3 MB name is not
    repeated in every message), unpaired surrogates escaped."""
    text = repr(value) if quoted else str(value)
    if len(text) > SHOWN_CHARS:
        text = f"{text[:SHOWN_CHARS]}…（共{len(text)}字符）"
    return text.encode("utf-8", "backslashreplace").decode("utf-8")


def validate(plan: Plan, data: Any) -> ValidInput:
    errors = _Collector()
    if not isinstance(data, dict):
        errors.add("", "", "输入", f"输入须为 JSON 对象，收到的是{_type_name(data)}")
        raise ValidationError(errors.errors)
    for key in data:
        if key not in TOP_LEVEL:
            errors.add(key, key, key, f"未知字段「{_shown(key, quoted=False)}」；顶层只能有 {', '.join(TOP_LEVEL)}")
    if "plan" in data and data["plan"] != plan.id:
        errors.add("plan", "plan", "方案", f"方案「{data['plan']}」与本系统的方案「{plan.id}」不符")
    enterprise, answers, given, notes = _enterprise(plan, data.get("enterprise"), errors)
    facilities = _facilities(plan, data.get("facilities"), answers, given, errors)
    _enterprise_answers(plan, enterprise, answers, given, facilities, notes, errors)
    transport = _transport(plan, data["transport"], errors) if "transport" in data else None
    if errors.errors:
        raise ValidationError(errors.errors)
    return ValidInput(plan, enterprise, facilities, transport, notes)


def enterprise_questions(plan: Plan) -> tuple[Question, ...]:
    """The questions the enterprise answers once for all its facilities (scope ENTERPRISE)."""
    return plan.derived(("enterprise questions",), lambda: tuple(q for q in plan.questions if q.scope == ENTERPRISE))


def _enterprise_questions_by_field(plan: Plan) -> dict:
    return plan.derived(("enterprise questions by field",), lambda: {q.field: q for q in enterprise_questions(plan)})


def _closed_choices(plan: Plan) -> tuple:
    """(question, {value: choice}) for the questions with a choice the text closes to some
    industries: the only ones _check_closed_choices looks at (1 of 36 questions here)."""
    return plan.derived(("closed choices",), lambda: tuple(
        (q, {c.value: c for c in q.choices if c.closed_to}) for q in plan.questions if any(c.closed_to for c in q.choices)))


def _enterprise_answers(plan: Plan, enterprise: dict, answers: dict, given: set, facilities: list,
                        notes: list, errors: _Collector) -> None:
    """What the enterprise answers once: asked when any facility needs it; kept when used."""
    needed = set()
    for facility in facilities:
        needed.update(facility.asked)
    for question in enterprise_questions(plan):
        name = question.field
        if name in needed:
            if name in answers:
                enterprise[name] = answers[name]
            elif question.required and name not in given:
                errors.add(f"enterprise.{name}", name, question.label,
                           f"企业缺少必答项「{question.label}」（企业的情况，每个企业回答一次）")
        elif name in answers and facilities and not errors.errors:
            notes.append(f"企业的回答「{question.label}」不适用于本企业的生产设施或当前情形，未予采用。")
    for facility in facilities:
        _check_closed_choices(plan, facility, enterprise, facilities, errors)


def _enterprise(plan: Plan, value: Any, errors: _Collector) -> tuple[dict, dict, set, list]:
    """The enterprise's identity, its valid answers to the enterprise questions, the
    questions it answered (valid or not: not reported as missing too), notes."""
    notes: list[str] = []
    answers: dict[str, Any] = {}
    given: set = set()
    if not isinstance(value, dict):
        errors.add("enterprise", "enterprise", "企业", "缺少企业信息（enterprise：企业名称和所在县）"
                   if value is None else f"企业信息须为对象，收到的是{_type_name(value)}")
        return {}, answers, given, notes
    questions = _enterprise_questions_by_field(plan)
    for key in value:
        if key in questions:
            given.add(key)
            checked = _answer(plan, questions[key], value[key], f"enterprise.{key}", "企业", errors)
            if checked is not _INVALID:
                answers[key] = checked
        elif key not in ENTERPRISE_FIELDS:
            errors.add(f"enterprise.{key}", key, key,
                       f"企业信息中有未知字段「{_shown(key, quoted=False)}」；只能有 {', '.join([*ENTERPRISE_FIELDS, *questions])}")
    name = _text(value.get("name"), "enterprise.name", "name", "企业名称", 200, True, errors)
    county = value.get("county")
    county_typed = county is None or isinstance(county, str)
    if not county_typed:
        errors.add("enterprise.county", "county", "所在县（区、市）",
                   f"「所在县（区、市）」须为文字，收到的是{_type_name(county)}")
        county = None
    elif county in plan.county_aliases:
        notes.append(f"所在县「{county}」按方案印发时的名称「{plan.county_aliases[county]}」处理。")
        county = plan.county_aliases[county]
    if county is None:
        if county_typed:
            errors.add("enterprise.county", "county", "所在县（区、市）", "缺少必填项「所在县（区、市）」")
    elif county not in plan.counties:
        errors.add("enterprise.county", "county", "所在县（区、市）",
                   f"「所在县（区、市）」须为晋中市的县级单位之一（{'、'.join(plan.counties)}），填写的是「{_shown(county, quoted=False)}」")
    result = {"name": name, "county": county}
    if "credit_code" in value:
        code = _text(value["credit_code"], "enterprise.credit_code", "credit_code", "统一社会信用代码",
                     18, False, errors)
        if code and (len(code) != 18 or not code.isalnum()):
            errors.add("enterprise.credit_code", "credit_code", "统一社会信用代码",
                       f"「统一社会信用代码」须为18位字母或数字，填写的是「{_shown(code, quoted=False)}」")
        result["credit_code"] = code
    return result, answers, given, notes


def _facilities(plan: Plan, value: Any, shared: dict, given: set, errors: _Collector) -> list[FacilityInput]:
    if value is None:
        errors.add("facilities", "facilities", "生产设施", "缺少生产设施（facilities：至少一个）")
        return []
    if not isinstance(value, list):
        errors.add("facilities", "facilities", "生产设施", f"生产设施须为列表，收到的是{_type_name(value)}")
        return []
    if not value:
        errors.add("facilities", "facilities", "生产设施", "至少填写一个生产设施")
    if len(value) > MAX_FACILITIES:
        errors.add("facilities", "facilities", "生产设施", f"生产设施不能超过 {MAX_FACILITIES} 个，收到 {len(value)} 个")
        return []
    result = [_facility(plan, index, item, shared, given, errors) for index, item in enumerate(value)]
    seen: dict[str, int] = {}
    for facility in result:
        if facility.id in seen:
            errors.add(f"facilities[{facility.index}].id", "id", "设施编号",
                       f"设施{facility.index + 1}的设施编号「{facility.id}」与设施{seen[facility.id] + 1}重复")
        else:
            seen[facility.id] = facility.index
    return result


def _facility(plan: Plan, index: int, item: Any, shared: dict, misplaced: set,
              errors: _Collector) -> FacilityInput:
    base = f"facilities[{index}]"
    if not isinstance(item, dict):
        errors.add(base, "", f"设施{index + 1}", f"设施{index + 1}须为对象，收到的是{_type_name(item)}")
        return FacilityInput(index, f"F{index + 1}", "", {})
    where = f"设施{index + 1}" + (f"「{item['name']}」" if isinstance(item.get("name"), str) and item["name"].strip() else "")
    answers: dict[str, Any] = {}
    for key, value in item.items():
        question = plan._questions_by_field.get(key)
        if question is None:
            errors.add(f"{base}.{key}", key, key, f"{where}有未知字段「{_shown(key, quoted=False)}」")
            continue
        if question.scope == ENTERPRISE:  # an older input answered it per facility: never guessed
            clauses = "、".join(plan.clause(c).display for c in question.clauses)
            errors.add(f"{base}.{key}", key, question.label,
                       f"{where}填写了「{question.label}」：这是企业的情况（{clauses}），对企业的全部生产设施"
                       f"相同，须在企业信息中回答一次（enterprise.{key}），不按设施填写")
            misplaced.add(key)  # not reported as missing from the enterprise too
            continue
        checked = _answer(plan, question, value, f"{base}.{key}", where, errors)
        if checked is not _INVALID:
            answers[key] = checked
    facility = FacilityInput(index, answers.get("id") or f"F{index + 1}", answers.get("name", ""), answers)
    if "industry" not in answers:
        if "industry" not in item:
            errors.add(f"{base}.industry", "industry", "所属行业", f"{where}缺少必填项「所属行业」")
        return facility
    answers.update(shared)  # the enterprise's answers hold for each of its facilities
    applicable = set(applicable_fields(plan, answers))  # the location never selects a rule
    _location(plan, answers, set(item), applicable, base, where, errors)
    shared_fields, required_fields, order = _question_fields(plan)
    for name in shared_fields:
        if name in applicable:
            facility.asked.append(name)  # asked of the enterprise (_enterprise_answers)
        else:
            answers.pop(name, None)
    for name in required_fields:
        if name in applicable and name not in answers and name not in item and name != plan.location.field:
            label = plan.question(name).label  # the location is reported by _location
            errors.add(f"{base}.{name}", name, label, f"{where}缺少必答项「{label}」")
    for name in sorted((name for name in answers if name not in applicable), key=order.__getitem__):
        if name in possible_fields(plan, answers["industry"]):
            facility.unused[name] = answers[name]
        else:
            facility.ignored.append(name)
        del answers[name]
    for name in (plan.adjustments.shutdown_periods_field, plan.adjustments.rotation_field):
        if name in answers:
            facility.periods[name] = _periods(plan, plan.question(name), answers[name],
                                              f"{base}.{name}", where, errors)
    return facility


def _question_fields(plan: Plan) -> tuple:
    """(the enterprise's fields, the facility's required fields, {field: position}), in the
    plan's question order: what _facility walks for every facility."""
    return plan.derived(("question fields",), lambda: (
        tuple(q.field for q in plan.questions if q.scope == ENTERPRISE),
        tuple(q.field for q in plan.questions if q.scope != ENTERPRISE and q.required),
        {q.field: i for i, q in enumerate(plan.questions)}))


def _check_closed_choices(plan: Plan, facility: FacilityInput, enterprise: dict, facilities: list,
                          errors: _Collector) -> None:
    """A choice the text closes to the facility's industry (Choice.closed_to) is an error."""
    industry = facility.answers.get("industry")
    for question, closed in _closed_choices(plan):
        choice = closed.get(facility.answers.get(question.field))
        if choice is None or industry not in choice.closed_to:
            continue
        label = plan.industry(industry).label
        if question.scope == ENTERPRISE:
            if any(f.answers.get("industry") == industry for f in facilities[:facilities.index(facility)]):
                continue  # said once per industry
            path, who = f"enterprise.{question.field}", f"企业（有{label}生产设施）"
        else:
            path, who = f"facilities[{facility.index}].{question.field}", f"设施{facility.index + 1}（{label}）"
        errors.add(path, question.field, question.label,
                   f"{who}「{question.label}」不能选“{choice.label}”：{choice.closed_reason}")


def _location(plan: Plan, answers: dict, given: set, applicable: set, base: str, where: str,
              errors: _Collector) -> None:
    """within_10km may be given, or derived from the distance (limit included)."""
    rule = plan.location
    if rule.field not in applicable:
        return
    distance = answers.get(rule.distance_field)
    if distance is None:
        if rule.field not in given and rule.distance_field not in given:
            question = plan.question(rule.field)
            errors.add(f"{base}.{rule.field}", rule.field, question.label,
                       f"{where}缺少必答项「{question.label}」（或填写「{plan.question(rule.distance_field).label}」）")
        return
    derived = distance <= rule.limit
    if rule.field in answers and answers[rule.field] is not derived:
        question = plan.question(rule.field)
        errors.add(f"{base}.{rule.field}", rule.field, question.label,
                   f"{where}填写的距离 {format_number(distance)} 公里与「{question.label}」的回答"
                   f"「{'是' if answers[rule.field] else '否'}」矛盾")
        return
    answers[rule.field] = derived


_INVALID = object()


def in_range(question: Question, value: float) -> bool:
    return not (question.minimum is not None and value < question.minimum
                or question.exclusive_minimum is not None and value <= question.exclusive_minimum
                or question.maximum is not None and value > question.maximum)


def number_range(question: Question) -> str:
    """"在 0 到 500 公里之间", "大于 0、不超过 1000 吨": the allowed range in words."""
    unit = f" {question.unit}" if question.unit else ""
    if question.exclusive_minimum is not None:
        return (f"大于 {format_number(question.exclusive_minimum)}{unit}、"
                f"不超过 {format_number(question.maximum)}{unit}")
    return f"在 {format_number(question.minimum)} 到 {format_number(question.maximum)}{unit}之间"


def _answer(plan: Plan, question: Question, value: Any, path: str, where: str, errors: _Collector):
    label = question.label
    if question.kind == "boolean":
        if isinstance(value, bool):
            return value
        errors.add(path, question.field, label, f"{where}「{label}」须为是或否（true/false），填写的是 {_shown(value)}")
    elif question.kind == "number":
        if isinstance(value, str):  # as typed in the form: "8吨", "１２.５"
            parsed, problem = parse_number(value, question.unit)
            if problem:
                errors.add(path, question.field, label, f"{where}「{label}」{problem}")
                return _INVALID
            value = parsed
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
            errors.add(path, question.field, label, f"{where}「{label}」须为数字，填写的是 {_shown(value)}")
        elif not in_range(question, value):
            reason = f"：{question.minimum_reason}" if question.minimum_reason and \
                question.exclusive_minimum is not None and value <= question.exclusive_minimum else ""
            errors.add(path, question.field, label,
                       f"{where}「{label}」须{number_range(question)}，填写的是 {format_number(value)}{reason}")
        else:
            return value
    elif question.kind == "choice":
        if isinstance(value, str) and value in question.choice_values:
            return value
        allowed = "、".join(f"{c.value}（{c.label}）" for c in question.choices)
        errors.add(path, question.field, label, f"{where}「{label}」须为以下之一：{allowed}；填写的是 {_shown(value)}")
    elif question.kind == "text":
        text = _text(value, path, question.field, label, question.max_length, question.required, errors, where)
        if text is not None:
            return text
    elif question.kind == "periods":
        if isinstance(value, list):
            return value
        errors.add(path, question.field, label, f"{where}「{label}」须为日期时段的列表，填写的是 {_shown(value)}")
    return _INVALID


_SURROGATE = re.compile("[\ud800-\udfff]")


def _text(value, path, field_name, label, max_length, required, errors, where=""):
    if value is None or (isinstance(value, str) and not value.strip()):
        if required:
            errors.add(path, field_name, label, f"{where}缺少必填项「{label}」")
        return None
    if not isinstance(value, str):
        errors.add(path, field_name, label, f"{where}「{label}」须为文字，填写的是 {_shown(value)}")
        return None
    text = value.strip()
    if len(text) > max_length:
        errors.add(path, field_name, label, f"{where}「{label}」不能超过 {max_length} 个字，填写了 {len(text)} 个字")
        return None
    if _SURROGATE.search(text):  # a lone surrogate (JSON "\ud800"): no text
        errors.add(path, field_name, label, f"{where}「{label}」含有无效的字符（不成对的 Unicode 代理项）："
                                            f"{_shown(value)}")
        return None
    return text


def _periods(plan: Plan, question: Question, value: list, path: str, where: str, errors: _Collector):
    parsed, problems = check_periods(plan, value)
    for index, key, message in problems:
        item_path = path if index < 0 else f"{path}[{index}]" + (f".{key}" if key else "")
        prefix = "" if index < 0 else f"第{index + 1}个时段"
        errors.add(item_path, question.field, question.label, f"{where}「{question.label}」{prefix}{message}")
    if question.field == plan.adjustments.rotation_field and len(value) > plan.adjustments.rotation_max_batches:
        errors.add(path, question.field, question.label,
                   f"{where}「{question.label}」有 {len(value)} 个批次，轮停批次不能超过 "
                   f"{plan.adjustments.rotation_max_batches} 次（{plan.clause(plan.adjustments.rotation_clause).display}）")
    return parsed


def _transport(plan: Plan, value: Any, errors: _Collector) -> dict | None:
    transport = plan.transport
    if not isinstance(value, dict):
        errors.add("transport", "transport", "错峰运输", f"错峰运输须为对象，收到的是{_type_name(value)}")
        return None
    for key in value:
        if key not in ("alert_level", "vehicles"):
            errors.add(f"transport.{key}", key, key, f"错峰运输中有未知字段「{_shown(key, quoted=False)}」；只能有 alert_level 和 vehicles")
    levels = {level.code: level for level in transport.alert_levels}
    level = value.get("alert_level")
    if level not in levels:
        allowed = "、".join(f"{l.code}（{l.label}）" for l in transport.alert_levels)
        errors.add("transport.alert_level", "alert_level", "预警级别", f"「预警级别」须为以下之一：{allowed}；填写的是 {_shown(level)}")
    vehicles = value.get("vehicles", [])
    if not isinstance(vehicles, list) or len(vehicles) > MAX_VEHICLES:
        errors.add("transport.vehicles", "vehicles", "车辆和机械", f"「车辆和机械」须为不超过 {MAX_VEHICLES} 项的列表")
        return None
    kinds = {kind.code: kind for kind in transport.kinds}
    flags = {flag.field: flag for flag in transport.flags}
    stages = [int(choice.value) for choice in transport.stages]
    checked = []
    for index, vehicle in enumerate(vehicles):
        base = f"transport.vehicles[{index}]"
        where = f"第{index + 1}辆车辆或机械"
        if not isinstance(vehicle, dict):
            errors.add(base, "", where, f"{where}须为对象，收到的是{_type_name(vehicle)}")
            continue
        item = {"id": vehicle.get("id") or f"V{index + 1}"}
        for key, flag_value in vehicle.items():
            if key in ("id", "kind", "emission_stage"):
                continue
            if key not in flags:
                errors.add(f"{base}.{key}", key, key, f"{where}有未知字段「{_shown(key, quoted=False)}」")
            elif not isinstance(flag_value, bool):
                errors.add(f"{base}.{key}", key, flags[key].label, f"{where}「{flags[key].label}」须为是或否（true/false）")
            else:
                item[key] = flag_value
        if "id" in vehicle and not isinstance(vehicle["id"], str):
            errors.add(f"{base}.id", "id", "车牌或编号", f"{where}「车牌或编号」须为文字")
        kind = kinds.get(vehicle.get("kind"))
        if kind is None:
            allowed = "、".join(f"{k.code}（{k.label}）" for k in transport.kinds)
            errors.add(f"{base}.kind", "kind", "类型", f"{where}「类型」须为以下之一：{allowed}；填写的是 {_shown(vehicle.get('kind'))}")
            continue
        item["kind"] = kind.code
        relevant = transport_flags(plan, kind.code)
        for name in [n for n in item if n in flags and n not in relevant]:
            errors.add(f"{base}.{name}", name, flags[name].label,
                       f"{where}（{kind.label}）不适用「{flags[name].label}」"
                       + (f"；可填写：{'、'.join(flags[n].label for n in relevant)}" if relevant else ""))
        if kind.stage_field_label:
            stage = vehicle.get("emission_stage")
            if isinstance(stage, bool) or stage not in stages:
                errors.add(f"{base}.emission_stage", "emission_stage", "排放阶段",
                           f"{where}（{kind.label}）须填写「排放阶段」：{stages[0]} 到 {stages[-1]} 的整数（国一以前为0），填写的是 {_shown(stage)}")
            else:
                item["emission_stage"] = stage
        elif "emission_stage" in vehicle:
            errors.add(f"{base}.emission_stage", "emission_stage", "排放阶段", f"{where}（{kind.label}）不需要填写「排放阶段」")
        checked.append(item)
    return {"alert_level": level, "vehicles": checked}


def _type_name(value: Any) -> str:
    names = {dict: "对象", list: "列表", str: "文字", bool: "是/否", int: "数字", float: "数字", type(None): "空值"}
    return names.get(type(value), type(value).__name__)
