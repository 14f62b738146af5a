"""Results as plain, JSON-ready dicts: the one shape every reporter starts from.

The key order here *is* the JSON contract documented in the README; keep it
stable.  Nothing here depends on the clock or on dict/set iteration order, so
the same inputs give byte-identical output.
"""

from __future__ import annotations

from assessor.model import Attribute, Event


def evidence(item) -> dict:
    if isinstance(item, Attribute):
        return {
            "date": item.source.date.isoformat(),
            "kind": "attribute",
            "summary": f"{item.name} = {item.value}",
            "source": item.source.to_dict(),
        }
    assert isinstance(item, Event)
    return {"date": item.date.isoformat(), "kind": item.kind, "summary": item.summary, "source": item.source.to_dict()}


def contribution(c) -> dict:
    return {
        "rule": c.rule,
        "factor": c.factor,
        "points": c.points,
        "reason": c.reason,
        "evidence": [evidence(e) for e in c.evidence],
    }


def ruleset_ref(ruleset) -> dict:
    return {"name": ruleset.name, "version": ruleset.version, "sha256": ruleset.sha256}


def assessment(a, ruleset) -> dict:
    return {
        "country": a.profile.id,
        "name": a.profile.name,
        "date": a.date.isoformat(),
        "score": a.score,
        "level": a.level,
        "contributions": [contribution(c) for c in a.contributions],
        "warnings": list(a.warnings),
        "ruleset": ruleset_ref(ruleset),
        "profile": {"id": a.profile.id, "sha256": a.profile.sha256},
    }


def point(p) -> dict:
    return {"country": p.country, "date": p.date.isoformat(), "score": p.score, "level": p.level}
