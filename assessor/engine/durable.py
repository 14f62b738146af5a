"""The durable-rules backend: compile the typed rule IR, pack it by the C
engine's real costs, and evaluate fact sets.

This is the only module that imports durable-rules.  Its sharp edges were
measured (``shared/notes/durable-rules.md``) and read off the C source of
durable-rules 2.0.28; each is handled here:

* We call the C module ``durable_rules_engine`` directly: the Python ``Host``
  runs actions on timer threads and gave wrong results under load.
* Each assessment is asserted as one flat *fact*, then retracted, so one
  session is reused and ``delete_state`` (which crashes on a session without
  actions) is never called.
* Every rule is anchored on ``kind == "assessment"``: a rule made only of
  absence tests would otherwise match the engine's own state and loop.
* ``ne`` compiles to ``$neq`` (``$ne`` is silently read as a reference);
  ``not`` is pushed down once by :func:`assessor.ir.normalise`.
* Numbers are written in plain decimal: the engine's JSON reader stops an
  integer at an ``e`` (``1e-05`` → error 204) and we never let Python's
  exponent form reach it.
* An ``any`` with k true branches fires k times: fired ids are de-duplicated.

The cost model (:func:`plan`) replaces the old "16 rules per ruleset" guess
with what the engine really counts:

``stack``
    While a fact is matched, every alpha node that matches waits on a stack
    of 64 (``events.c``: ``MAX_STACK_SIZE``); one more and the assert fails
    with error 303 and *nothing* fires.  An ``any`` of k true branches pushes
    its join node k times, so nested ``any``s multiply.  We build the alpha
    network exactly as ``rete.c`` does (identical tests under one parent are
    shared) and bound the deepest stack over every possible fact set: at each
    node, the most children that can match at once (per fact, from the
    constants compared), summed along the worst path.
``groups``
    Each ``all``/``any`` group costs two of a pattern's 32 expression slots
    (``rete.c``: ``MAX_SEQUENCE_EXPRESSIONS``, error 113): at most 15 groups
    per engine rule, the anchor included.
``children`` / ``absent tests`` / ``rules on one node``
    A node's hash set has 512 buckets (more hangs ``create_ruleset``), its
    list of absence tests 128 entries (error 107), its list of rule
    terminals 256 (error 108).

Rules are packed into as few rulesets as these allow.  A rule whose
condition is an ``any`` at the top becomes one engine rule per branch (the
fired ids are merged), which keeps both the stack and the groups small.  A
single rule the engine cannot hold even alone is a located problem naming the
limit and how to split the rule — reported by ``rules validate``, which builds
exactly what ``assess`` runs.
"""

from __future__ import annotations

import bisect
import itertools
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any as _Any

from assessor import ir
from assessor.errors import AssessorError, EngineUnavailable, Problem
from assessor.facts import FACTS
from assessor.model import Rule, RuleSet

INSTALL_HINT = (
    "durable-rules is not installed or does not import. Install it with "
    "`pip install durable-rules` (a C compiler is needed; see README, 'Install')."
)

# Limits of the C engine (durable-rules 2.0.28), with a margin where the
# source's own arithmetic is fiddly.  See the module docstring.
STACK = 64
GROUPS_PER_RULE = 15
CHILDREN_PER_NODE = 480
ABSENT_TESTS_PER_NODE = 120
RULES_PER_NODE = 240
RULES_PER_RULESET = 4000
MAX_INT = 2**63 - 1

PART = "#"  # engine rule id = rule id + PART + branch number, for a rule split at a top-level any

_ORDER = {"lt": "$lt", "lte": "$lte", "gt": "$gt", "gte": "$gte"}
_names = itertools.count()


def _module():
    try:
        import durable_rules_engine  # noqa: PLC0415 - imported lazily so a missing engine is one clear error
    except ImportError as exc:
        if "PyEval_CallObject" not in str(exc) or not _load_shim():
            raise EngineUnavailable(f"{INSTALL_HINT} ({type(exc).__name__}: {exc})") from None
        try:
            import durable_rules_engine  # noqa: PLC0415 - the shim now provides the missing symbol
        except Exception as again:  # noqa: BLE001
            raise EngineUnavailable(f"{INSTALL_HINT} ({type(again).__name__}: {again})") from None
    except Exception as exc:  # an engine that fails in another way
        raise EngineUnavailable(f"{INSTALL_HINT} ({type(exc).__name__}: {exc})") from None
    return durable_rules_engine


def _load_shim() -> bool:
    """Load assessor's PyEval_CallObject shim with RTLD_GLOBAL (Python 3.13+; see _pyeval_shim.c)."""
    import ctypes
    import importlib.util
    import sys
    from pathlib import Path

    spec = importlib.util.find_spec("assessor._pyeval_shim")
    candidates = [spec.origin] if spec is not None and spec.origin else []
    # Run from a source checkout (python -m assessor in the repository) the
    # package imports from the sources, where pip built no shim: use the
    # installed copy's, from the interpreter's own site-packages only.  Any
    # other entry of sys.path may be the working folder (python -m puts it
    # first), and a cloned folder's assessor/_pyeval_shim.*.so would be native
    # code run here (loaded even beside the installed package, which wins the
    # import).
    candidates += [str(f) for entry in sys.path if entry and _site_packages(entry)
                   for f in sorted(Path(entry).glob("assessor/_pyeval_shim.*.so"))]
    for path in candidates:
        try:
            ctypes.CDLL(path, mode=ctypes.RTLD_GLOBAL)
            return True
        except OSError:
            continue
    return False


def _site_packages(entry: str) -> bool:
    """Whether ``entry`` (of sys.path) is one of the interpreter's site-packages folders."""
    import site
    import sysconfig
    from pathlib import Path

    trusted = {sysconfig.get_paths()[k] for k in ("purelib", "platlib")}
    try:
        trusted |= {*site.getsitepackages(), site.getusersitepackages()}
    except AttributeError:  # pragma: no cover - a virtualenv's old site module
        pass
    try:
        return any(Path(entry).resolve() == Path(t).resolve() for t in trusted if t)
    except (OSError, RuntimeError):
        return False


class EngineLimit(AssessorError):
    """A value or a rule the C engine cannot hold."""


# --------------------------------------------------------------------------- numbers and JSON

def number_text(x: int | float) -> str:
    """A number as the engine's JSON reader parses it: plain decimal, never an exponent.

    An integer is read with ``atol`` (64 bits); a number with a point with
    ``atof``.  ``repr`` gives the shortest text that reads back as the same
    float; only its exponent form is rewritten.
    """
    if isinstance(x, bool):
        return "true" if x else "false"
    if isinstance(x, int):
        if -MAX_INT <= x <= MAX_INT:
            return str(x)
        raise EngineLimit(f"the whole number {x} is beyond the engine's 64-bit range")
    if x != x or x in (float("inf"), float("-inf")):
        raise EngineLimit(f"the number {x} is not finite")
    text = repr(x)
    if "e" in text or "E" in text:
        text = format(Decimal(text), "f")
        if "." not in text:
            text += ".0"
    return text


def dumps(value: _Any) -> str:
    """JSON for the engine: like ``json.dumps`` but with :func:`number_text` numbers."""
    if isinstance(value, dict):
        return "{" + ",".join(json.dumps(str(k)) + ":" + dumps(v) for k, v in value.items()) + "}"
    if isinstance(value, (list, tuple)):
        return "[" + ",".join(dumps(v) for v in value) + "]"
    if isinstance(value, (bool, int, float)):
        return number_text(value)
    if value is None:
        return "null"
    return json.dumps(value)


# --------------------------------------------------------------------------- compile

def _may_be_absent(fact: str) -> bool:
    f = FACTS.get(fact)
    return f is None or not f.always


def normal_form(rule: Rule) -> ir.Node:
    return ir.normalise(rule.when, _may_be_absent)


def parts(rule: Rule) -> tuple[ir.Node, ...]:
    """The rule's condition as engine rules: one per branch of a top-level ``any``."""
    node = normal_form(rule)
    return node.children if isinstance(node, ir.Any) else (node,)


def _leaf(c: ir.Compare) -> dict:
    if c.op == "eq":
        return {c.fact: c.value}
    if c.op == "ne":
        return {"$neq": {c.fact: c.value}}
    if c.op in _ORDER:
        return {_ORDER[c.op]: {c.fact: c.value}}
    if c.op == "in":
        values = list(dict.fromkeys(c.value))  # a repeated value would push its join twice
        return {c.fact: values[0]} if len(values) == 1 else {"$or": [{c.fact: v} for v in values]}
    if c.op == "present":
        return {"$ex" if c.value else "$nex": {c.fact: 1}}
    raise AssessorError(f"unknown operator {c.op!r}")  # the loader refuses these first


def compile_condition(node: ir.Node) -> dict:
    """A condition (any IR node; normalised first) in durable-rules' pattern language."""
    if isinstance(node, ir.Not) or any(isinstance(n, ir.Not) for n in ir.walk(node)):
        node = ir.normalise(node, _may_be_absent)
    return _compile(node)


def _compile(node: ir.Node) -> dict:
    if isinstance(node, ir.Compare):
        return _leaf(node)
    assert isinstance(node, (ir.All, ir.Any))
    op = "$and" if isinstance(node, ir.All) else "$or"
    items: list[dict] = []
    for child in node.children:
        compiled = _compile(child)
        if op in compiled and len(compiled) == 1:
            items.extend(compiled[op])  # an `in` inside an `any`: one group, not two
        else:
            items.append(compiled)
    return items[0] if len(items) == 1 else {op: items}


def anchored(node: ir.Node) -> dict:
    """One engine rule's pattern: ``kind == assessment`` and the condition."""
    body = _compile(node)
    items = body["$and"] if set(body) == {"$and"} else [body]
    return {"$and": [{"kind": "assessment"}, *items]}


def compile_rule(rule: Rule) -> dict:
    """The engine rules one rule becomes: ``{engine rule id: definition}``."""
    ps = parts(rule)
    names = [rule.id] if len(ps) == 1 else [f"{rule.id}{PART}{i + 1}" for i in range(len(ps))]
    return {name: {"all": [{"m": anchored(p)}]} for name, p in zip(names, ps)}


def groups(pattern: _Any) -> int:
    """``all``/``any`` groups in a compiled pattern (each costs two expression slots)."""
    if isinstance(pattern, dict):
        return sum((k in ("$and", "$or")) + groups(v) for k, v in pattern.items())
    if isinstance(pattern, list):
        return sum(groups(x) for x in pattern)
    return 0


# --------------------------------------------------------------------------- the alpha network, as rete.c builds it

_OPS = {"$neq": "ne", "$lt": "lt", "$lte": "lte", "$gt": "gt", "$gte": "gte", "$ex": "ex", "$nex": "nex"}


class _Node:
    __slots__ = ("prop", "op", "value", "hashed", "listed", "terminals", "forward")

    def __init__(self, prop: str = "", op: str = "", value: _Any = None, forward: bool = False):
        self.prop, self.op, self.value, self.forward = prop, op, value, forward
        self.hashed: dict[tuple, _Node] = {}  # children tested against a present property
        self.listed: list[_Node] = []  # absence tests and join ("forward") nodes
        self.terminals = 0


def _vkey(v: _Any) -> tuple:
    return (type(v) is bool, v)


class Network:
    """The alpha network of one engine ruleset, node for node as ``rete.c`` builds it."""

    def __init__(self) -> None:
        self.root = _Node()
        self.rules = 0

    def add(self, pattern: dict) -> None:
        end = self._create(pattern, self.root)
        end.terminals += 1
        self.rules += 1

    def _create(self, pattern: dict, parent: _Node) -> _Node:
        (key, arg), = pattern.items()
        if key == "$and":
            cur = parent
            for p in arg:
                cur = self._create(p, cur)
            return cur
        if key == "$or":
            join = _Node(forward=True)  # createForwardAlpha: never shared
            for p in arg:
                self._create(p, parent).listed.append(join)
            return join
        if key in _OPS:
            (prop, value), = arg.items()
            op = _OPS[key]
        else:
            prop, value, op = key, arg, "eq"
        k = (prop, op, _vkey(value))
        if op == "nex":
            for n in parent.listed:
                if not n.forward and (n.prop, n.op, _vkey(n.value)) == k:
                    return n
            node = _Node(prop, op, value)
            parent.listed.append(node)
            return node
        shared = parent.hashed.get(k)
        if shared is None:
            shared = parent.hashed[k] = _Node(prop, op, value)
        return shared

    def cost(self) -> dict[str, int]:
        """The worst case of every counted limit over all fact sets."""
        order = self._post_order()
        peak: dict[int, int] = {}
        worst = {"stack": 0, "children": 0, "absent": 0, "terminals": 0, "rules": self.rules}
        for node in order:
            kids = list(node.hashed.values()) + node.listed
            below = max((peak[id(c)] for c in kids), default=0)
            peak[id(node)] = _at_once(node) + max(0, below - 1)
            worst["children"] = max(worst["children"], len(node.hashed))
            worst["absent"] = max(worst["absent"], len(node.listed))
            worst["terminals"] = max(worst["terminals"], node.terminals)
        worst["stack"] = peak[id(self.root)]
        return worst

    def _post_order(self) -> list[_Node]:
        out: list[_Node] = []
        seen: set[int] = set()
        stack: list[tuple[_Node, bool]] = [(self.root, False)]
        while stack:
            node, done = stack.pop()
            if done:
                out.append(node)
                continue
            if id(node) in seen:
                continue
            seen.add(id(node))
            stack.append((node, True))
            for c in list(node.hashed.values()) + node.listed:
                if id(c) not in seen:
                    stack.append((c, False))
        return out


def _at_once(node: _Node) -> int:
    """The most children of ``node`` that can match one fact set at once.

    Facts are independent, so the count is a sum over facts of the most tests
    on that fact that one value (or its absence) satisfies; join nodes are
    always pushed.
    """
    by_prop: dict[str, list[_Node]] = {}
    joins = 0
    for c in list(node.hashed.values()) + node.listed:
        if c.forward:
            joins += 1
        else:
            by_prop.setdefault(c.prop, []).append(c)
    return joins + sum(_most_true(tests) for tests in by_prop.values())


def _most_true(tests: list[_Node]) -> int:
    absent = sum(t.op == "nex" for t in tests)
    present = sum(t.op == "ex" for t in tests)
    compared = [t for t in tests if t.op not in ("ex", "nex")]
    if not compared:
        return max(absent, present)
    numeric: list[_Node] = []
    other: list[_Node] = []
    for t in compared:  # one pass: `t not in numeric` was quadratic in the tests on one fact
        (numeric if isinstance(t.value, (int, float)) and not isinstance(t.value, bool) else other).append(t)
    # One value of the fact is either a number, a text or a bool, never two:
    # the tests of the other kinds are false for it, except `ne`, which holds.
    best = 0
    if numeric:
        best = max(best, _most_true_numeric(numeric) + sum(t.op == "ne" for t in other))
    if other:
        best = max(best, _most_true_equal(other) + sum(t.op == "ne" for t in numeric))
    return max(absent, present + best)


def _most_true_numeric(tests: list[_Node]) -> int:
    gt = sorted(t.value for t in tests if t.op == "gt")
    gte = sorted(t.value for t in tests if t.op == "gte")
    lt = sorted(t.value for t in tests if t.op == "lt")
    lte = sorted(t.value for t in tests if t.op == "lte")
    eq: dict = {}
    ne: dict = {}
    for t in tests:
        if t.op == "eq":
            eq[t.value] = eq.get(t.value, 0) + 1
        elif t.op == "ne":
            ne[t.value] = ne.get(t.value, 0) + 1
    n_ne = sum(ne.values())
    points = sorted({t.value for t in tests})
    candidates = points + [(a + b) / 2 for a, b in zip(points, points[1:])] + [points[0] - 1, points[-1] + 1]
    best = 0
    for x in candidates:
        count = (bisect.bisect_left(gt, x) + bisect.bisect_right(gte, x)
                 + len(lt) - bisect.bisect_right(lt, x) + len(lte) - bisect.bisect_left(lte, x)
                 + eq.get(x, 0) + n_ne - ne.get(x, 0))
        best = max(best, count)
    return best


def _most_true_equal(tests: list[_Node]) -> int:
    eq: dict = {}
    ne: dict = {}
    for t in tests:
        table = eq if t.op == "eq" else ne
        table[_vkey(t.value)] = table.get(_vkey(t.value), 0) + 1
    n_ne = sum(ne.values())
    best = n_ne  # a value no test names
    for k in set(eq) | set(ne):
        best = max(best, eq.get(k, 0) + n_ne - ne.get(k, 0))
    return best


def over_limits(cost: dict[str, int]) -> list[str]:
    """What a network's cost breaks, in words (empty if it fits)."""
    out = []
    if cost["stack"] > STACK:
        out.append(f"up to {cost['stack']} of its tests can match one fact set at once; durable-rules stops at {STACK}")
    if cost["children"] > CHILDREN_PER_NODE:
        out.append(f"{cost['children']} different tests follow one test; durable-rules holds {CHILDREN_PER_NODE}")
    if cost["absent"] > ABSENT_TESTS_PER_NODE:
        out.append(f"{cost['absent']} absence tests or 'any' joins follow one test; durable-rules holds {ABSENT_TESTS_PER_NODE}")
    if cost["terminals"] > RULES_PER_NODE:
        out.append(f"{cost['terminals']} rules end on one identical test; durable-rules holds {RULES_PER_NODE}")
    if cost["rules"] > RULES_PER_RULESET:
        out.append(f"{cost['rules']} engine rules; durable-rules holds {RULES_PER_RULESET} per ruleset")
    return out


# --------------------------------------------------------------------------- packing

@dataclass
class Plan:
    """Engine rulesets to create (``{engine rule id: definition}`` each) and the
    problems that keep a rule out of the engine."""

    rulesets: list[dict] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


def _fits(patterns: Iterable[dict]) -> bool:
    net = Network()
    for p in patterns:
        net.add(p)
    return not over_limits(net.cost())


def rule_problems(rule: Rule) -> tuple[dict, list[Problem]]:
    """A rule's engine rules, and why the engine cannot hold them (empty if it can)."""
    compiled, problems = _compiled(rule)
    return compiled, problems or _limits(rule, compiled)


def _compiled(rule: Rule) -> tuple[dict, list[Problem]]:
    """A rule's engine rules, or why they cannot be written for the engine (a number its reader cannot take)."""
    loc = rule.loc
    try:
        compiled = compile_rule(rule)
        for d in compiled.values():
            dumps(d)  # refuses a number the engine's reader cannot take
    except EngineLimit as exc:
        return {}, [Problem(loc.file, loc.line, loc.col, "error", f"rule {rule.id!r}: {exc}", "engine-limit")]
    return compiled, []


def _limits(rule: Rule, compiled: dict, networks: bool = True) -> list[Problem]:
    """Why the engine cannot hold one of a rule's engine rules (the first, in order): too many all/any groups,
    or (with ``networks``) a network of it alone over the engine's limits."""
    loc = rule.loc
    for d in compiled.values():
        pattern = d["all"][0]["m"]
        n = groups(pattern)
        if n > GROUPS_PER_RULE:
            return [Problem(
                loc.file, loc.line, loc.col, "error",
                f"rule {rule.id!r}: after 'not' is pushed down its condition has {n} all/any groups "
                f"(the anchor included); durable-rules holds {GROUPS_PER_RULE} per rule. "
                "Split it into several rules, or write the 'not' around single comparisons", "engine-limit")]
        if not networks:
            continue
        net = Network()
        net.add(pattern)
        broken = over_limits(net.cost())
        if broken:
            return [Problem(
                loc.file, loc.line, loc.col, "error",
                f"rule {rule.id!r}: {'; '.join(broken)}. Split it into several rules (an 'any' at the top of "
                "a condition costs least: each branch becomes its own engine rule), or merge comparisons on "
                "one fact (x > 1 or x > 2 is x > 1)", "engine-limit")]
    return []


def plan(ruleset: RuleSet) -> Plan:
    """Pack the rule set into engine rulesets by cost (see the module docstring).

    Each rule is compiled once.  The common case is one network build: when every rule compiles and all of
    them fit one ruleset together, each fits alone too (a network's cost only grows as rules are added), so no
    rule's own network is built (they were two fifths of loading the engine).  Otherwise each rule is checked
    alone, to name the one at fault, and the rest are packed."""
    compiled = [(rule, *_compiled(rule)) for rule in ruleset.rules]
    if not any(problems or _limits(rule, c, networks=False) for rule, c, problems in compiled):
        items = [item for _, c, _ in compiled for item in c.items()]
        if _fits(d["all"][0]["m"] for _, d in items):
            return Plan([dict(items)] if items else [])
    out = Plan()
    items = []
    for rule, c, problems in compiled:
        problems = problems or _limits(rule, c)
        if problems:
            out.problems.extend(problems)
            continue
        items.extend(c.items())
    i = 0
    while i < len(items):
        n = _largest_fit(items, i)
        out.rulesets.append(dict(items[i:i + n]))
        i += n
    return out


def _largest_fit(items: list[tuple[str, dict]], start: int) -> int:
    """How many engine rules from ``start`` on fit one ruleset (at least one:
    each was checked alone).  Doubling, then bisection: O(n log n) network builds."""
    def ok(n: int) -> bool:
        return _fits(d["all"][0]["m"] for _, d in items[start:start + n])

    remaining = len(items) - start
    if start == 0 and ok(remaining):  # the common case, every rule fits one ruleset: one build, not a search
        return remaining  # (the search's own answer: a network's cost only grows as rules are added)
    # Later rulesets are searched from below: trying every rule left first built a network of all of
    # them for each ruleset, quadratic in the rules (a rule of 20,000 'any' branches: minutes)
    good, size = 1, 2
    while size <= remaining and ok(size):
        good, size = size, size * 2
    bad = min(size, remaining + 1)
    while bad - good > 1:
        mid = (good + bad) // 2
        if ok(mid):
            good = mid
        else:
            bad = mid
    return good


# --------------------------------------------------------------------------- evaluate

class Engine:
    """A compiled rule set, ready to evaluate fact sets.  Close it when done
    (``with Engine(rs) as e:``): each durable-rules ruleset holds C memory."""

    def __init__(self, ruleset: RuleSet):
        self._dr = _module()
        self.ruleset = ruleset
        self.used = sorted({f for r in ruleset.rules for f in ir.facts(r.when)} | {"kind"})
        self.plan = plan(ruleset)
        if self.plan.problems:
            from assessor.errors import InputError

            raise InputError(self.plan.problems)
        self._handles: list = []
        try:
            for definition in self.plan.rulesets:
                name = f"assessor_{next(_names)}"
                self._handles.append(self._dr.create_ruleset(name, dumps(definition)))
        except Exception as exc:  # a limit the cost model missed: say so plainly, never a traceback
            self.close()
            raise AssessorError(f"durable-rules refused rule set {ruleset.name!r}: {exc} "
                                "(a limit assessor's cost model does not know; please report it)") from None
        self._view = _ViewKey(ruleset)

    def __enter__(self) -> Engine:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def payload(self, facts: dict) -> str:
        """The fact set as the engine reads it (only the facts some rule uses)."""
        d = {k: facts[k] for k in self.used if k in facts}
        d["sid"], d["id"] = "0", "assessment"
        for v in d.values():
            # repr() writes a float in exponent form below 1e-4 and from 1e16 on;
            # only then is the slower plain-decimal writer needed.
            if type(v) is float and v and not 1e-4 <= abs(v) < 1e16:
                return dumps(d)
        return json.dumps(d)

    def fired(self, facts: dict) -> tuple[str, ...]:
        """Ids of the rules whose conditions hold for ``facts``, in rule-set order."""
        dr = self._dr
        text = self.payload(facts)
        fired: set[str] = set()
        for handle in self._handles:
            try:
                _, state = dr.assert_fact(handle, text)
            except Exception as exc:
                raise AssessorError(f"durable-rules failed to evaluate: {exc} "
                                    "(a limit assessor's cost model does not know; please report it)") from None
            try:
                result = dr.start_action_for_state(handle, state)
                message = result[1] if result else None
                while message:
                    # message is '{"<engine rule id>": {"m": <the fact>}}'; rule ids
                    # are plain [a-z0-9_.-] (the loader enforces it) and a split
                    # rule's parts end in '#N', so slicing the id out is exact.
                    fired.add(message[2:message.index('"', 2)].partition(PART)[0])
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

    def split_view(self, moving: frozenset[str]):
        """:meth:`view` in two parts — the facts that do not move within a stretch of
        days, and the ``moving`` ones: a timeline computes the first once per stretch."""
        return self._view.split(moving)

    def close(self) -> None:
        for h in self._handles:
            try:
                self._dr.delete_ruleset(h)
            except Exception:  # noqa: BLE001 - freeing memory must not mask the real error
                pass
        self._handles = []


class _ViewKey:
    def __init__(self, ruleset: RuleSet):
        thresholds: dict[str, set] = {}
        for rule in ruleset.rules:
            for c in ir.comparisons(rule.when):
                t = thresholds.setdefault(c.fact, set())
                if FACTS[c.fact].type == "number" and c.op != "present":
                    t.update(c.value if c.op == "in" else [c.value])
        self.numeric = [(f, sorted(ts)) for f, ts in sorted(thresholds.items()) if FACTS[f].type == "number"]
        self.other = sorted(f for f in thresholds if FACTS[f].type != "number")
        self._sort()

    def _sort(self) -> None:
        """The numeric facts compared with one threshold (``gt: 0``, most of them), with it, and the others."""
        self._one = [(f, ts[0]) for f, ts in self.numeric if len(ts) == 1]
        self._many = [(f, ts) for f, ts in self.numeric if len(ts) != 1]

    def split(self, moving: frozenset[str]):
        """Two key functions, over the facts outside ``moving`` and over those in it;
        equal pairs of keys ⇒ equal views."""
        static = _Sub([(f, ts) for f, ts in self.numeric if f not in moving], [f for f in self.other if f not in moving])
        dynamic = _Sub([(f, ts) for f, ts in self.numeric if f in moving], [f for f in self.other if f in moving])
        return static, dynamic

    def __call__(self, facts: dict) -> tuple:
        get = facts.get
        # Most numeric facts are compared with one threshold (``gt: 0``): where the value lies
        # against it is 0 below, 1 on, 2 above, as the bisection below would say; this runs on
        # every date of every timeline and sample, so the common case skips the bisection (and
        # those facts come first in the key, their threshold read out once, in _sort).
        key = [None if (v := get(f)) is None else 0 if v < t else 1 if v == t else 2 for f, t in self._one]
        key += [None if (v := get(f)) is None else 2 * (i := bisect.bisect_left(ts, v)) + (i < len(ts) and ts[i] == v)
                for f, ts in self._many]
        key += [get(f) for f in self.other]
        return tuple(key)


class _Sub(_ViewKey):
    """A view key over some of the facts only (see :meth:`_ViewKey.split`)."""

    def __init__(self, numeric: list, other: list):  # noqa: D107 - no call to the parent: the parts are given
        self.numeric, self.other = numeric, other
        self._sort()
