"""The one typed meaning of a rule's condition.

The loader builds these nodes from YAML (``all`` / ``any`` / ``not`` /
comparison, each with the place it was written); everything that reads a
condition reads them: the durable-rules compiler, the lints, the timeline's
cache key, evidence selection, and the reference evaluator that the tests use
as an oracle.  Before this module the meaning of a condition was encoded three
times, and the three could drift apart.

Semantics, the same everywhere (they are durable-rules' own):

* a comparison on an absent fact is false;
* ``present: true`` holds when the fact is there, ``present: false`` when not;
* ``not`` is true negation: ``not (x > 5)`` holds when ``x <= 5`` *or* ``x`` is
  absent.

:func:`normalise` pushes ``not`` down to the comparisons once (negation normal
form), so the compiler and the lints see only ``All``, ``Any`` and ``Compare``.
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any as _Any

from assessor.location import Loc

OPS = ("eq", "ne", "lt", "lte", "gt", "gte", "in", "present")
SYMBOL = {"eq": "==", "ne": "!=", "lt": "<", "lte": "<=", "gt": ">", "gte": ">=", "in": "in"}
NEGATE = {"lt": "gte", "lte": "gt", "gt": "lte", "gte": "lt", "eq": "ne", "ne": "eq"}


@dataclass(frozen=True)
class Compare:
    """``fact OP value``; ``in`` takes a tuple of values, ``present`` a bool."""

    fact: str
    op: str
    value: _Any
    loc: Loc = Loc("")

    def describe(self) -> str:
        if self.op == "present":
            return f"{self.fact} {'present' if self.value else 'absent'}"
        import json

        shown = json.dumps(list(self.value) if self.op == "in" else self.value, ensure_ascii=False)
        return f"{self.fact} {SYMBOL[self.op]} {shown}"


@dataclass(frozen=True)
class All:
    """True when every child is."""

    children: tuple[Node, ...]
    loc: Loc = Loc("")


@dataclass(frozen=True)
class Any:
    """True when at least one child is."""

    children: tuple[Node, ...]
    loc: Loc = Loc("")


@dataclass(frozen=True)
class Not:
    """True when its child is not."""

    child: Node
    loc: Loc = Loc("")


Node = Compare | All | Any | Not


# --------------------------------------------------------------------------- reading a tree

def children(node: Node) -> tuple[Node, ...]:
    if isinstance(node, (All, Any)):
        return node.children
    if isinstance(node, Not):
        return (node.child,)
    return ()


def comparisons(node: Node) -> list[Compare]:
    """Every comparison in the tree, in the order written."""
    if isinstance(node, Compare):
        return [node]
    return [c for child in children(node) for c in comparisons(child)]


def facts(node: Node) -> set[str]:
    """Names of the facts the condition reads."""
    return {c.fact for c in comparisons(node)}


# --------------------------------------------------------------------------- reference semantics

_CMP: dict[str, Callable[[_Any, _Any], bool]] = {
    "eq": operator.eq, "ne": operator.ne, "lt": operator.lt, "lte": operator.le,
    "gt": operator.gt, "gte": operator.ge,
}
ABSENT = object()


def holds(c: Compare, value: _Any) -> bool:
    """Whether ``c`` holds for one value of its fact (``ABSENT`` if the fact is not there)."""
    if value is ABSENT:
        return c.op == "present" and not c.value
    if c.op == "present":
        return bool(c.value)
    if c.op == "in":
        return any(_same(value, v) for v in c.value)
    if c.op in ("eq", "ne"):
        return _same(value, c.value) == (c.op == "eq")
    return _CMP[c.op](value, c.value)


def _same(a: _Any, b: _Any) -> bool:
    # The loader only lets a rule compare a fact with values of the fact's own
    # type, so equality is plain equality (bool is never compared with a number).
    return bool(a == b)


def evaluate(node: Node, values: dict) -> bool:
    """The reference evaluator: what the condition means for a fact set.

    A test oracle only — assessments always run on durable-rules.
    """
    if isinstance(node, Compare):
        return holds(node, values.get(node.fact, ABSENT))
    if isinstance(node, All):
        return all(evaluate(c, values) for c in node.children)
    if isinstance(node, Any):
        return any(evaluate(c, values) for c in node.children)
    return not evaluate(node.child, values)


# --------------------------------------------------------------------------- normal form

def normalise(node: Node, may_be_absent: Callable[[str], bool]) -> Node:
    """Negation normal form: ``not`` pushed down once, nested groups flattened.

    ``may_be_absent(fact)`` says whether the fact can be missing from a fact
    set; negating a comparison on such a fact must keep "or it is absent".
    The result has only ``All``, ``Any`` and ``Compare`` nodes and means the
    same as the input under :func:`evaluate`.
    """
    return _simplify(_nnf(node, False, may_be_absent))


def _nnf(node: Node, negate: bool, absent: Callable[[str], bool]) -> Node:
    if isinstance(node, Not):
        return _nnf(node.child, not negate, absent)
    if isinstance(node, (All, Any)):
        kids = tuple(_nnf(c, negate, absent) for c in node.children)
        conj = isinstance(node, All) != negate
        return All(kids, node.loc) if conj else Any(kids, node.loc)
    if not negate:
        return node
    return _negate(node, absent(node.fact))


def _negate(c: Compare, may_be_absent: bool) -> Node:
    if c.op == "present":
        return Compare(c.fact, "present", not c.value, c.loc)
    if c.op == "in":
        neg: Node = All(tuple(Compare(c.fact, "ne", v, c.loc) for v in c.value), c.loc)
        if len(c.value) == 1:
            neg = Compare(c.fact, "ne", c.value[0], c.loc)
    else:
        neg = Compare(c.fact, NEGATE[c.op], c.value, c.loc)
    if may_be_absent:
        return Any((neg, Compare(c.fact, "present", False, c.loc)), c.loc)
    return neg


def _simplify(node: Node) -> Node:
    """Flatten ``all`` in ``all`` and ``any`` in ``any``, drop repeated
    children, and lift a group of one child.  Pure rewrites: meaning kept."""
    if isinstance(node, Compare):
        return node
    assert isinstance(node, (All, Any))
    kind = type(node)
    out: list[Node] = []
    seen: set = set()
    for child in node.children:
        child = _simplify(child)
        parts = child.children if isinstance(child, kind) else (child,)
        for p in parts:
            key = _key(p)
            if key not in seen:
                seen.add(key)
                out.append(p)
    if len(out) == 1:
        return out[0]
    return kind(tuple(out), node.loc)


def _key(node: Node) -> tuple:
    """Identity of a node's meaning-bearing content (locations ignored)."""
    if isinstance(node, Compare):
        return ("c", node.fact, node.op, _value_key(node.value))
    kids = children(node)
    return (type(node).__name__, tuple(_key(k) for k in kids))


def _value_key(v: _Any) -> tuple:
    if isinstance(v, tuple):
        return ("t",) + tuple(_value_key(x) for x in v)
    return (type(v).__name__ if isinstance(v, bool) else "v", v)


def key(node: Node) -> tuple:
    """A hashable identity of what the condition says (not where it was written)."""
    return _key(node)


def walk(node: Node) -> Iterator[Node]:
    yield node
    for c in children(node):
        yield from walk(c)
