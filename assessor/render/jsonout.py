"""JSON reporter: stable key order, two-space indent, UTF-8, trailing newline.

Text stays UTF-8 (``ensure_ascii=False``) but C1 and bidi control characters
are written as ``\\uXXXX`` escapes, so JSON printed to a terminal is inert
(see :mod:`assessor.render.safe`)."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable

from assessor import serialize as data
from assessor.render.safe import json_text
from assessor.render.stream import Buffered


def dumps(obj, indent: int | None = 2) -> str:
    return json_text(json.dumps(obj, indent=indent, ensure_ascii=False, allow_nan=False)) + "\n"


def _with_band(d: dict, key: tuple, bands, seed: int) -> dict:
    if bands is not None:
        d["uncertainty"] = data.band(bands[key], seed)
    return d


def assessments(items, ruleset, bands=None, seed: int = 0, **_) -> str:
    return dumps([_with_band(data.assessment(a, ruleset), (a.profile.id, a.date), bands, seed) for a in items])


def timeline(points, bands=None, seed: int = 0, scenarios=(), ruleset=None, **_) -> str:
    """Each point; given ``ruleset``, with the rule set that scored it (``ruleset``: name, version, sha256, as in
    ``assess``); made under scenarios, each says so (``scenarios``: their names, in order)."""
    named = {"scenarios": [s["name"] for s in scenarios]} if scenarios else {}
    rules = {"ruleset": data.ruleset_ref(ruleset)} if ruleset is not None else {}
    return dumps([_with_band({**data.point(p), **rules, **named}, (p.country, p.date), bands, seed) for p in points])


def explanation(doc: dict, **_) -> str:
    return dumps(doc)


def ruleset(rs, **_) -> str:
    return dumps(data.ruleset(rs))


def profiles(items, **_) -> str:
    return dumps([data.profile(p) for p in items])


def fact_values(profile, facts, **_) -> str:
    from assessor.facts import FACTS
    from assessor.model import coverage_warnings

    # whether the record covers the date, as every other output says it: 'covered' and 'warnings' as an assessment's
    warnings = coverage_warnings(profile, facts.date)
    return dumps({"country": profile.id, "date": facts.date.isoformat(), "covered": not warnings, "warnings": warnings,
                  "facts": {n: facts.values[n] for n in FACTS if n in facts.values},
                  "evidence": {n: [data.evidence(e) for e in facts.evidence.get(n, ())] for n in FACTS
                               if facts.evidence.get(n)}})


def backtest(doc: dict, **_) -> str:
    return dumps(doc)


def comparison(doc: dict, **_) -> str:
    return dumps(doc)


def sensitivity(docs: list, **_) -> str:
    return dumps(docs[0] if len(docs) == 1 else docs)


def facts(**_) -> str:
    from assessor.facts import FACTS

    return dumps([data.fact(f) for f in FACTS.values()])


# --------------------------------------------------------------------------- for rule and profile authors


def problems(items, **_) -> str:
    """Validation problems, sorted, with the counts of errors and warnings."""
    items = sorted(items)
    return dumps({
        "errors": sum(p.severity == "error" for p in items),
        "warnings": sum(p.severity == "warning" for p in items),
        "problems": [p.to_dict() for p in items],
    })


def rule_tests(run, **_) -> str:
    def case(r) -> dict:
        return {"file": r.case.loc.file, "line": r.case.loc.line, "case": r.case.name, "differences": r.differences,
                "fired": list(r.fired), "score": r.score, "level": r.level, "replaced": list(r.replaced)}

    return dumps({
        "passed": run.passed_count,
        "failed": len(run.failures),
        "failures": [case(r) for r in run.failures],
        "coverage": {"percent": round(run.coverage, 1), "exercised": run.exercised, "not_exercised": run.not_exercised,
                     "rules": run.counts},
        "moved": [case(r) for r in run.moved],
    })


def rule(view, **_) -> str:
    notes = {"notes": list(view.notes)} if view.notes else {}  # only when the text as written misses something
    return dumps({"id": view.rule.id, "defined_at": str(view.rule.loc), **notes, "yaml": view.source,
                  "compiled": view.compiled, "step": view.step,
                  "fires": {pid: [{"from": a.isoformat(), "to": b.isoformat()} for a, b in runs]
                            for pid, runs in view.fires.items()}})


def _move(m) -> dict:
    return {"country": m.country, "date": m.date.isoformat(), "old_level": m.old_level, "new_level": m.new_level,
            "old_score": m.old_score, "new_score": m.new_score, "change": m.delta,
            "rules": [{"rule": r, "points_change": p} for r, p in m.causes]}


def _value(value, indent: int) -> str:
    """``value`` as ``json.dumps(..., indent=2)`` writes it at nesting depth ``indent`` (in spaces)."""
    return json.dumps(value, indent=2, ensure_ascii=False).replace("\n", "\n" + " " * indent)


def _list(items: Iterable, out: Callable[[str], None]) -> None:
    """A JSON list at depth 2 written one item at a time, laid out as ``json.dumps(indent=2)`` would."""
    first = True
    for item in items:
        out(("[\n    " if first else ",\n    ") + _value(item, 4))
        first = False
    out("[]" if first else "\n  ]")


def rules_diff(d, write: Callable[[str], None], **_) -> None:
    """The same document ``json.dumps(doc, indent=2)`` would give, written through ``write`` as the moves come."""
    out = Buffered(lambda text: write(json_text(text)))
    head = {
        "old": {"name": d.old.name, "version": d.old.version, "sha256": d.old.sha256},
        "new": {"name": d.new.name, "version": d.new.version, "sha256": d.new.sha256},
        "profiles": d.countries,
        "dates": {"from": d.dates[0].isoformat(), "to": d.dates[-1].isoformat(), "step": d.step, "count": len(d.dates)},
        "definitions": d.definitions,
    }
    out("{\n" + "".join(f"  {json.dumps(k)}: {_value(v, 2)},\n" for k, v in head.items()))
    summary = d.summary
    out('  "level_changes": ')
    _list((_move(m) for m in d.moves(level_changes_only=True)) if summary.level_changes else (), out)
    out(f',\n  "score_moves": {_value(summary.stats(), 2)},\n  "moves": ')
    _list((_move(m) for m in d.moves()) if summary.count or summary.level_changes or summary.by_rule else (), out)
    out(f',\n  "rules": {_value(summary.causes(), 2)}\n}}\n')
    out.flush()
