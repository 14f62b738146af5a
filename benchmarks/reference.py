"""A plain-Python evaluator of the *compiled* durable-rules patterns.

Used only as a yardstick in the benchmarks: it reads the same JSON the engine
receives (``Engine.plan.rulesets``) and evaluates it with the same semantics
(absent field: every comparison false, only ``$nex`` true).  The test oracle
is ``assessor.engine.reference``, which evaluates the typed IR instead.
"""

from __future__ import annotations

_CMP = {
    "$lt": lambda a, b: a < b,
    "$lte": lambda a, b: a <= b,
    "$gt": lambda a, b: a > b,
    "$gte": lambda a, b: a >= b,
    "$neq": lambda a, b: a != b,
}


def holds(pattern: dict, facts: dict) -> bool:
    (key, arg), = pattern.items()
    if key == "$and":
        return all(holds(p, facts) for p in arg)
    if key == "$or":
        return any(holds(p, facts) for p in arg)
    if key == "$ex":
        return next(iter(arg)) in facts
    if key == "$nex":
        return next(iter(arg)) not in facts
    if key in _CMP:
        (name, value), = arg.items()
        return name in facts and _CMP[key](facts[name], value)
    return key in facts and facts[key] == arg


def fired(compiled: list[dict], facts: dict) -> tuple[str, ...]:
    out: dict = {}
    for ruleset in compiled:
        for rule_id, rule in ruleset.items():
            if holds(rule["all"][0]["m"], facts):
                out[rule_id.partition("#")[0]] = True  # a rule split at a top-level any
    return tuple(out)
