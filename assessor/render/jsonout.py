"""JSON reporter: stable key order, two-space indent, UTF-8, trailing newline."""

from __future__ import annotations

import json

from assessor import serialize as data


def dumps(obj) -> str:
    return json.dumps(obj, indent=2, ensure_ascii=False) + "\n"


def assessments(items, ruleset, **_) -> str:
    return dumps([data.assessment(a, ruleset) for a in items])


def timeline(points, **_) -> str:
    return dumps([data.point(p) for p in points])


def explanation(doc: dict, **_) -> str:
    return dumps(doc)


def ruleset(rs, **_) -> str:
    return dumps(data.ruleset(rs))


def profiles(items, **_) -> str:
    return dumps([data.profile(p) for p in items])


def facts(**_) -> str:
    from assessor.facts import FACTS

    return dumps([data.fact(f) for f in FACTS.values()])
