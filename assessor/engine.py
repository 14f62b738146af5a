"""Evaluate stage: compile YAML rules into durable-rules rulesets and run them.

This is the only module that imports durable-rules; its sharp edges (measured
in the project notes) are handled here and nowhere else:

* We call the C module ``durable_rules_engine`` directly.  The Python ``Host``
  runs actions on two timer threads and gave wrong results under load; the C
  calls are synchronous and about eight times faster.
* Each assessment is asserted as one flat *fact* (events are consumed by the
  first matching rule only), then retracted, so one session is reused and
  ``delete_state`` (which crashes on a session without actions) is never called.
* Every rule is anchored on ``kind == "assessment"``: a rule made only of
  absence tests would otherwise match the engine's own state and loop forever.
* Operators are whitelisted by the loader; ``ne`` compiles to ``$neq`` (``$ne``
  is silently read as a reference and never matches); ``not`` is pushed down
  to the leaves because durable-rules has no negation.
* At most 64 conditions may match one fact in one ruleset, so rules are split
  into rulesets of :data:`CHUNK` rules and the fired ids merged.
* An ``any`` with k true branches fires k times: fired ids are de-duplicated.
"""

from __future__ import annotations

import bisect
import itertools
import json
from typing import Any

from assessor.errors import AssessorError, EngineUnavailable
from assessor.facts import FACTS
from assessor.model import Condition, Rule, RuleSet

CHUNK = 16  # rules per durable-rules ruleset; keeps alpha matches far below 64
MAX_BRANCHES = 30  # durable-rules allows 32 $and/$or slots per pattern

INSTALL_HINT = (
    "durable-rules is not installed or does not import. Install it with "
    "`pip install durable-rules`; on Python 3.13 build it with "
    "CPPFLAGS=\"-DPyEval_CallObject=PyObject_CallObject\" pip install --no-cache-dir "
    "--no-binary durable-rules durable-rules (see README, 'Install')."
)

_ORDER = {"lt": "$lt", "lte": "$lte", "gt": "$gt", "gte": "$gte"}
_NEGATE = {"lt": "gte", "lte": "gt", "gt": "lte", "gte": "lt", "eq": "ne", "ne": "eq"}
_names = itertools.count()


def _module():
    try:
        import durable_rules_engine  # noqa: PLC0415 - imported lazily so a missing engine is one clear error
    except Exception as exc:  # ImportError, or an undefined symbol on Python 3.13
        raise EngineUnavailable(f"{INSTALL_HINT} ({type(exc).__name__}: {exc})") from None
    return durable_rules_engine


# --------------------------------------------------------------------------- compile

def _leaf(op: str, fact: str, value: Any) -> dict:
    if op == "eq":
        return {fact: value}
    if op == "ne":
        return {"$neq": {fact: value}}
    if op in _ORDER:
        return {_ORDER[op]: {fact: value}}
    if op == "in":
        return _join("$or", [{fact: v} for v in value])
    if op == "present":
        return {"$ex" if value else "$nex": {fact: 1}}
    raise AssessorError(f"unknown operator {op!r}")  # the loader refuses these first


def _join(op: str, parts: list[dict]) -> dict:
    return parts[0] if len(parts) == 1 else {op: parts}


def _may_be_absent(fact: str) -> bool:
    return not FACTS[fact].always


def compile_condition(c: Condition, negate: bool = False) -> dict:
    """Translate a condition tree into durable-rules' JSON pattern language.

    Semantics (the same in the engine and in this documentation): a comparison
    on an absent fact is false; ``not`` is true negation, so ``not`` of a
    comparison on an absent fact is true.
    """
    if c.op in ("all", "any"):
        op = {"all": "$and", "any": "$or"}[c.op]
        if negate:
            op = "$or" if op == "$and" else "$and"
        return _join(op, [compile_condition(x, negate) for x in c.children])
    if c.op == "not":
        return compile_condition(c.children[0], not negate)
    if not negate:
        return _leaf(c.op, c.fact, c.value)
    if c.op == "present":
        return _leaf("present", c.fact, not c.value)
    if c.op == "in":
        neg = _join("$and", [{"$neq": {c.fact: v}} for v in c.value])
    else:
        neg = _leaf(_NEGATE[c.op], c.fact, c.value)
    if _may_be_absent(c.fact):
        return {"$or": [neg, {"$nex": {c.fact: 1}}]}
    return neg


def _widest(pattern: Any) -> int:
    if isinstance(pattern, dict):
        return max([len(v) for k, v in pattern.items() if k in ("$and", "$or")] +
                   [_widest(v) for v in pattern.values()] + [0])
    if isinstance(pattern, list):
        return max([_widest(x) for x in pattern] + [0])
    return 0


def compile_rule(rule: Rule) -> dict:
    """One rule → one durable-rules rule definition, anchored on the assessment fact."""
    pattern = {"$and": [{"kind": "assessment"}, compile_condition(rule.when)]}
    if _widest(pattern) > MAX_BRANCHES:
        raise AssessorError(f"{rule.loc}: rule {rule.id!r}: a condition has more than {MAX_BRANCHES} branches at one level, "
                            "beyond what durable-rules supports; split it into several rules")
    return {"all": [{"m": pattern}]}


def compile_ruleset(ruleset: RuleSet) -> list[dict]:
    """The rule set as a list of durable-rules ruleset definitions of :data:`CHUNK` rules."""
    rules = list(ruleset.rules)
    return [
        {r.id: compile_rule(r) for r in rules[i:i + CHUNK]}
        for i in range(0, len(rules), CHUNK)
    ]


# --------------------------------------------------------------------------- evaluate

class Engine:
    """A compiled rule set, ready to evaluate fact sets."""

    def __init__(self, ruleset: RuleSet):
        self._dr = _module()
        self.ruleset = ruleset
        self.used = sorted({f for r in ruleset.rules for f in r.when.facts()} | {"kind"})
        self._handles = []
        for definition in compile_ruleset(ruleset):
            name = f"assessor_{next(_names)}"
            try:
                self._handles.append(self._dr.create_ruleset(name, json.dumps(definition)))
            except Exception as exc:  # the C core reports limits as bare errors
                raise AssessorError(f"durable-rules refused rule set {ruleset.name!r}: {exc}") from None
        self._view = _ViewKey(ruleset)

    def fired(self, facts: dict) -> tuple[str, ...]:
        """Ids of the rules whose conditions hold for ``facts``, in rule-set order."""
        dr = self._dr
        payload = {k: facts[k] for k in self.used if k in facts}
        payload["sid"], payload["id"] = "0", "assessment"
        text = json.dumps(payload)
        fired: set[str] = set()
        for handle in self._handles:
            try:
                _, state = dr.assert_fact(handle, text)
            except Exception as exc:
                raise AssessorError(f"durable-rules failed to evaluate: {exc}") from None
            try:
                result = dr.start_action_for_state(handle, state)
                message = result[1] if result else None
                while message:
                    # message is '{"<rule id>": {"m": <the fact>}}'; rule ids are
                    # plain [a-z0-9_.-] (the loader enforces it), so slicing the
                    # id out is exact and saves parsing the whole fact again.
                    fired.add(message[2:message.index('"', 2)])
                    message = dr.complete_and_start_action(handle, state)
            finally:
                dr.retract_fact(handle, text)
        return tuple(r.id for r in self.ruleset.rules if r.id in fired)

    def view(self, facts: dict) -> tuple:
        """What the rules can see of ``facts``: equal views ⇒ the same rules fire.

        A numeric fact enters only through its position against the constants
        the rules compare it with, so a timeline re-runs the engine only when a
        threshold is crossed or a text fact changes.
        """
        return self._view(facts)

    def close(self) -> None:
        for h in self._handles:
            self._dr.delete_ruleset(h)
        self._handles = []


class _ViewKey:
    def __init__(self, ruleset: RuleSet):
        thresholds: dict[str, set] = {}
        for rule in ruleset.rules:
            for c in rule.when.comparisons():
                t = thresholds.setdefault(c.fact, set())
                if FACTS[c.fact].type == "number" and c.op not in ("present",):
                    t.update(c.value if c.op == "in" else [c.value])
        self.numeric = [(f, sorted(ts)) for f, ts in sorted(thresholds.items()) if FACTS[f].type == "number"]
        self.other = sorted(f for f in thresholds if FACTS[f].type != "number")

    def __call__(self, facts: dict) -> tuple:
        get = facts.get
        key = [
            None if (v := get(f)) is None else 2 * (i := bisect.bisect_left(ts, v)) + (i < len(ts) and ts[i] == v)
            for f, ts in self.numeric
        ]
        key.extend(get(f) for f in self.other)
        return tuple(key)
