"""Results as plain, JSON-ready dicts: the one shape every reporter starts from.

The key order here *is* the JSON contract documented in the README; keep it
stable.  Nothing here depends on the clock or on dict/set iteration order, so
the same inputs give byte-identical output.
"""

from __future__ import annotations

from assessor.model import Attribute, Event

# What a standing attribute measures, in words: "land border with Turkey: 311 km", not "land_border_km = 311".
_ATTRIBUTE_WORDS = {"land_border_km": "land border with {about}", "sea_distance_km": "distance across the sea to {about}",
                    "defender_distance_km": "distance from its defender"}


def attribute_words(item: Attribute) -> str:
    """A standing attribute as a reader reads it; an attribute without words keeps its name."""
    words = _ATTRIBUTE_WORDS.get(item.name)
    if words is None or (item.about is None and "{about}" in words):
        return f"{item.name} = {item.value}"
    v = item.value
    if isinstance(v, bool) or not isinstance(v, (int, float)):  # (the loader refuses one for a distance)
        return f"{words.format(about=item.about)}: {v}"
    number = str(int(v)) if float(v).is_integer() else repr(float(v))  # every digit the file gives, no exponent
    return f"{words.format(about=item.about)}: {number}{' km' if item.name.endswith('_km') else ''}"


def evidence(item) -> dict:
    if isinstance(item, Attribute):
        assert item.source.date is not None  # a profile's sources are always dated (spec.SOURCE)
        return {
            "date": item.source.date.isoformat(),
            "kind": "attribute",
            "summary": attribute_words(item),
            "source": item.source.to_dict(),
        }
    assert isinstance(item, Event)
    out = {"date": item.date.isoformat(), "kind": item.kind, "summary": item.summary, "source": item.source.to_dict()}
    inherited = item.details.get("world")
    if inherited is not None:  # a world record's event (assessor.world): where it came from
        out["inherited"] = inherited.to_dict()
    return out


def contribution(c) -> dict:
    return {
        "rule": c.rule,
        "factor": c.factor,
        "index": c.index,
        "points": c.points,
        "reason": c.reason,
        "evidence": [evidence(e) for e in c.evidence],
    }


def ruleset_ref(ruleset) -> dict:
    return {"name": ruleset.name, "version": ruleset.version, "sha256": ruleset.sha256}


def scenarios(ruleset) -> list[dict]:
    """The scenarios the scores were made under, in order (the ``scenarios`` key, present only with them): the one
    form every output reads them in."""
    return [{"name": n, "file": f, "sha256": h} for n, f, h in ruleset.scenarios]


def scenario_label(scenarios: list[dict]) -> str | None:
    """The ``scenario`` column of CSV and sweep rows: the names joined by " + ", or None without a scenario."""
    return " + ".join(s["name"] for s in scenarios) if scenarios else None


def indices(x) -> dict:
    """The two indices of an assessment or a timeline point (format 2.1; warning 0 for a 2.0 rule set)."""
    return {"structural": x.structural, "warning": x.warning}


def raw_of(a, ruleset) -> float:
    """The combination's raw value (base + wS·ΣS + wW·ΣW) before clamping or scaling, to two decimals."""
    from assessor import score

    return score.rounded(score.raw_value(ruleset, a.contributions), score.POINTS_PLACES)


def clamped(ruleset, raw: float) -> bool:
    """Whether the bounds cut the raw value (never on a scale: it maps every raw value inside (0, 100))."""
    return ruleset.scale is None and not ruleset.minimum <= raw <= ruleset.maximum


def assessment(a, ruleset) -> dict:
    raw = raw_of(a, ruleset)
    return {
        "country": a.profile.id,
        "name": a.profile.name,
        "date": a.date.isoformat(),
        "covered": a.covered,
        "base": ruleset.base,
        "raw": raw,
        "clamped": clamped(ruleset, raw),
        "score": a.score,
        "level": a.level,
        "indices": indices(a),
        "contributions": [contribution(c) for c in a.contributions],
        "warnings": list(a.warnings),
        "ruleset": ruleset_ref(ruleset),
        "profile": {"id": a.profile.id, "sha256": a.profile.sha256},
        **({"scenarios": scenarios(ruleset)} if ruleset.scenarios else {}),
    }


def point(p) -> dict:
    return {"country": p.country, "date": p.date.isoformat(), "score": p.score, "level": p.level, "covered": p.covered,
            "indices": indices(p)}


def band(b, seed: int) -> dict:
    """A Monte Carlo band (assessor.sweep.Band) as the ``uncertainty`` field of a point or an assessment."""
    return {"samples": b.samples, "seed": seed, "p5": b.p5, "median": b.median, "p95": b.p95, "levels": dict(b.levels),
            "inputs": b.inputs, "inputs_sha256": b.inputs_sha256}


def ruleset(rs) -> dict:
    return {
        "ruleset": {"name": rs.name, "version": rs.version, "sha256": rs.sha256, "base": rs.base,
                    "bounds": {"min": rs.minimum, "max": rs.maximum},
                    "levels": [{"name": lv.name, "from": lv.start} for lv in rs.levels],
                    "combine": combine(rs), "scale": scale(rs)},
        "rules": [{"id": r.id, "factor": r.factor, "index": rs.index_of(r.id), "points": r.effect.points, "per": r.effect.per,
                   "cap": r.effect.cap, "description": r.description.strip(), "defined_at": str(r.loc)}
                  for r in rs.rules],
    }


def combine(rs) -> dict:
    """The rule set's combination of the two indices (format 2.1), defaults filled in."""
    c = rs.combine
    w_s, w_w = rs.weights
    return {"warning_factors": list(c.warning_factors) if c else [], "weights": {"structural": w_s, "warning": w_w}}


def scale(rs) -> dict | None:
    """The rule set's scale (format 2.1), or None: the raw value clamped to the bounds."""
    s = rs.scale
    return None if s is None else {s.kind: {"midpoint": s.midpoint, "width": s.width}}


def _times(weight) -> str:
    """A weight as the formula writes it: nothing for 1, else "0.5 × "."""
    return "" if weight == 1 else f"{weight:g} \u00d7 "


def arithmetic(rs, sums: dict) -> str:
    """The combination with this assessment's numbers in it ("28 + 0.5 × 70.34 + 42.29"): the
    structural index a reader sees includes the base score, the formula's Σ structural does not,
    so without the numbers a reader checking the sum would add the base twice."""
    w_s, w_w = rs.weights
    term = lambda x: f"{x:g}" if x >= 0 else f"({x:g})"  # noqa: E731
    return f"{rs.base:g} + {_times(w_s)}{term(sums['structural'])} + {_times(w_w)}{term(sums['warning'])}"


def combination(rs) -> dict:
    """How the rule set makes its score from the two indices, as a formula a reader can check.

    Here, below render and explain, so that the text renderer and the explanation word it alike
    without render importing a layer above it."""
    w_s, w_w = rs.weights
    ws, ww = _times(w_s), _times(w_w)
    raw = f"base + {ws}\u03a3 structural + {ww}\u03a3 warning"
    sc = rs.scale
    if sc is not None:
        to_score = f"100 / (1 + exp(-(raw - {sc.midpoint:g}) / {sc.width:g}))"
    else:
        to_score = f"raw clamped to {rs.minimum:g}..{rs.maximum:g}"
    return {"raw": raw, "score": to_score, "formula": f"raw = {raw}; score = {to_score}",
            "weights": {"structural": w_s, "warning": w_w}, "scale": scale(rs)}


def profile(p) -> dict:
    return {"id": p.id, "name": p.name, "aliases": list(p.aliases),
            "covers": {"from": p.covers_from.isoformat(), "to": p.covers_to.isoformat()},
            "events": len(p.events), "sha256": p.sha256, "path": p.path}


def fact(f) -> dict:
    """One fact as ``rules facts --format json`` lists it; a number fact with the range a rule test is held to."""
    bounds = {k: v for k, v in (("minimum", f.minimum), ("maximum", f.maximum)) if v is not None} if f.type == "number" else {}
    return {"name": f.name, "type": f.type, "factor": f.factor, "description": f.description,
            "always_present": f.always, **({"values": list(f.values)} if f.values else {}), **bounds,
            **({"joined": True} if f.joined else {})}  # a list of names joined by '; ' (eq, ne, in compare it whole)
