"""Heavy-pollution transport control: which vehicles may run at an alert level."""
from __future__ import annotations

from .model import Plan


def transport_flags(plan: Plan, kind: str) -> tuple[str, ...]:
    """The exemption flags that matter for a kind of vehicle (in the plan's order)."""
    used = {flag for rule in plan.transport.rules if rule.kind == kind for flag in rule.exempt_if}
    return tuple(flag.field for flag in plan.transport.flags if flag.field in used)


def assess_transport(plan: Plan, transport: dict) -> dict:
    rules = plan.transport
    levels = {level.code: level for level in rules.alert_levels}
    kinds = {kind.code: kind for kind in rules.kinds}
    stages = {int(choice.value): choice.label for choice in rules.stages}
    flags = {flag.field: flag.label for flag in rules.flags}
    level = levels[transport["alert_level"]]
    vehicles = []
    for vehicle in transport["vehicles"]:
        kind = kinds[vehicle["kind"]]
        stage = vehicle.get("emission_stage")
        allowed, reason, rule_id = True, "本条未限制此类车辆或机械。", None
        for rule in rules.rules:
            if rule.kind != kind.code:
                continue
            rule_id = rule.id
            if level.rank < rule.from_rank:
                allowed, reason = True, f"{level.label}期间本条不限制{kind.label}。"
            elif rule.max_stage is not None and stage > rule.max_stage:
                allowed, reason = True, f"{stages[stage]}高于{stages[rule.max_stage]}，不在限制范围内。"
            else:
                exempt = [flags[name] for name in rule.exempt_if if vehicle.get(name)]
                if exempt:
                    allowed, reason = True, f"属于{'、'.join(exempt)}，除外。"
                else:
                    allowed, reason = False, f"{level.label}期间：{rule.text}。"
        vehicles.append({"id": vehicle["id"], "kind": kind.code, "kind_label": kind.label,
                         "emission_stage": stage, "allowed": allowed, "rule": rule_id,
                         "clause": rules.clause, "reason": reason})
    stopped = sum(1 for v in vehicles if not v["allowed"])
    return {
        "alert_level": level.code, "alert_label": level.label, "clause": rules.clause,
        "vehicles": vehicles, "stopped": stopped, "allowed": len(vehicles) - stopped,
        "requirements": list(rules.requirements), "applies_to": rules.industries_text,
        "interpretations": list(plan.interpretations.get("transport", ())),
    }
