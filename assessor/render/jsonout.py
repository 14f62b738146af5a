"""JSON reporter: stable key order, two-space indent, UTF-8, trailing newline.

Text stays UTF-8 (``ensure_ascii=False``) but C1 and bidi control characters
are written as ``\\uXXXX`` escapes, so JSON printed to a terminal is inert
(see :mod:`assessor.render.safe`)."""

from __future__ import annotations

import json

from assessor import serialize as data
from assessor.render.safe import json_text


def dumps(obj, indent: int | None = 2) -> str:
    return json_text(json.dumps(obj, indent=indent, ensure_ascii=False, allow_nan=False)) + "\n"


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
