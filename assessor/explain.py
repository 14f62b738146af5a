"""Explain: why a score is what it is, what changed it, and what would change it.

Everything here is computed by running the same pipeline again — counterfactuals
re-derive facts from an edited copy of the profile and ask the engine — so an
explanation can never disagree with an assessment.
"""

from __future__ import annotations

import dataclasses
import datetime as _dt
from typing import Iterable

from assessor.assess import Assessment, Assessor, Point
from assessor.derive import Deriver
from assessor.facts import AGREEMENT_RANK, FACTS
from assessor.model import Event, Loc, Profile, Source
from assessor.render import data

FACTORS = ("membership", "agreements", "interim", "threats", "exposure")

HYPOTHETICAL = Source("assessor", "hypothetical change (counterfactual)", _dt.date(2000, 1, 1))


def _synthetic(date: _dt.date, kind: str, summary: str, **details) -> Event:
    return Event(date, kind, summary, HYPOTHETICAL, Loc("<counterfactual>"), details)


def _with_events(profile: Profile, events: Iterable[Event]) -> Profile:
    return dataclasses.replace(profile, events=tuple(sorted(events, key=lambda e: e.date)))


def _candidates(a: Assessment) -> list[tuple[str, Profile]]:
    """Single edits of the record that could plausibly move the assessment."""
    p, d, v = a.profile, a.date, a.facts.values
    events = [e for e in p.events if e.date <= d]
    later = [e for e in p.events if e.date > d]
    out: list[tuple[str, Profile]] = []
    status = v["status"]
    if status != "member":
        out.append((f"{p.name} becomes a member of {p.alliance} on {d}",
                    _with_events(p, events + [_synthetic(d, "membership", "hypothetical accession", status="member")] + later)))
    if status in ("applicant", "invited", "ratifying"):
        kept = [e for e in events if not (e.kind in ("membership", "ratification") and e.date >= _application_date(p, d))]
        out.append((f"{p.name} had not applied for membership (stays a partner)", _with_events(p, kept + later)))
    for e in a.facts.evidence.get("agreements_in_force", ()):
        out.append((f"the {e.get('type').replace('_', ' ')} with {e.get('party')} ({e.date}) ends", _without(p, e)))
    if v["nuclear_agreement_rank"] < AGREEMENT_RANK["defence_cooperation_agreement"]:
        out.append((f"a defence cooperation agreement with the United States enters into force on {d}",
                    _with_events(p, events + [_synthetic(d, "agreement", "hypothetical DCA", party="United States",
                                                         type="defence_cooperation_agreement")] + later)))
    if status in ("applicant", "invited", "ratifying"):
        for e in a.facts.evidence.get("interim_active", ()):
            out.append((f"the {e.get('arrangement').replace('_', ' ')} from {e.get('provider')} ({e.date}) ends", _without(p, e)))
        if not v["interim_nuclear"]:
            out.append((f"the United States gives a security assurance on {d}",
                        _with_events(p, events + [_synthetic(d, "interim", "hypothetical assurance", provider="United States",
                                                             arrangement="security_assurance")] + later)))
    weighing = a.facts.evidence.get("threat_level", ())
    if weighing:
        heaviest = max(weighing, key=lambda e: (e.get("severity") * (1 - (d - e.date).days / e.get("weighs_days")), e.date))
        out.append((f"the heaviest threat still weighing has faded: {heaviest.summary} ({heaviest.date})", _without(p, heaviest)))
        if len(weighing) > 1:
            out.append(("every threat still weighing has faded", _with_events(p, [e for e in p.events if e not in weighing])))
    return out


def _application_date(p: Profile, d: _dt.date) -> _dt.date:
    applied = [e.date for e in p.events if e.kind == "membership" and e.get("status") == "applicant" and e.date <= d]
    return applied[-1] if applied else d


def _without(p: Profile, event: Event) -> Profile:
    return _with_events(p, [e for e in p.events if e is not event])


def counterfactuals(assessor: Assessor, a: Assessment) -> list[dict]:
    """Each candidate change, re-scored by the engine, biggest effect first."""
    rs = assessor.ruleset
    out = []
    for change, profile in _candidates(a):
        facts = Deriver(profile).derive(a.date)
        b = assessor.assess_facts(profile, facts)
        out.append({
            "change": change,
            "score": b.score,
            "level": b.level,
            "delta": round(b.score - a.score, 1),
            "moves_level": b.level != a.level,
            "level_shift": rs.level_index(b.level) - rs.level_index(a.level),
        })
    out.sort(key=lambda c: (-abs(c["delta"]), c["change"]))
    return out


def completeness(a: Assessment) -> list[dict]:
    """Which factors the record says nothing about, so a reader knows what the score could not see."""
    p, d = a.profile, a.date
    seen = {e.kind for e in p.events if e.date <= d}
    has = {
        "membership": ("membership" in seen, "membership events"),
        "agreements": ("agreement" in seen, "security agreements"),
        "interim": ("interim" in seen, "interim arrangements"),
        "threats": ("threat" in seen, "adversary threats"),
        "exposure": ("land_border_km" in p.attributes, "land border length"),
    }
    out = []
    for factor in FACTORS:
        ok, what = has[factor]
        out.append({
            "factor": factor,
            "has_data": ok,
            "note": f"{what} recorded" if ok else f"no {what} recorded on or before {d}: the score cannot see this factor",
        })
    if a.warnings:
        out.append({"factor": "coverage", "has_data": False, "note": "; ".join(a.warnings)})
    return out


def waterfall(assessor: Assessor, a: Assessment) -> dict:
    rs = assessor.ruleset
    steps = sorted(a.contributions, key=lambda c: (-abs(c.points), c.rule))
    raw = round(rs.base + sum(c.points for c in a.contributions), 2)
    factors = {}
    for c in a.contributions:
        factors[c.factor] = round(factors.get(c.factor, 0) + c.points, 2)
    return {
        "base": rs.base,
        "steps": [{"rule": c.rule, "factor": c.factor, "points": c.points} for c in steps],
        "raw_score": raw,
        "clamped": raw != a.score,
        "score": a.score,
        "by_factor": [{"factor": f, "points": factors[f]} for f in sorted(factors, key=lambda f: (-abs(factors[f]), f))],
    }


def explanation(assessor: Assessor, a: Assessment) -> dict:
    """The full explanation of one assessment as a JSON-ready dict."""
    doc = data.assessment(a, assessor.ruleset)
    doc["waterfall"] = waterfall(assessor, a)
    doc["facts"] = {k: a.facts.values[k] for k in sorted(a.facts.values) if k in FACTS and k != "kind"}
    doc["counterfactuals"] = counterfactuals(assessor, a)
    doc["completeness"] = completeness(a)
    return doc


# --------------------------------------------------------------------------- key moments

def key_moments(assessor: Assessor, points: list[Point]) -> list[dict]:
    """Dates on which the level changes, with the rules that started or stopped
    firing and the events dated since the previous point ("what changed").

    ``points`` must be one country's timeline in date order; with a coarse step
    the change is narrowed to its exact day by a daily scan between the points.
    """
    if not points:
        return []
    profile = assessor.profile(points[0].country)
    out = []
    for prev, cur in zip(points, points[1:]):
        if prev.level == cur.level:
            continue
        if (cur.date - prev.date).days > 1:
            days = [prev.date + _dt.timedelta(days=i) for i in range(1, (cur.date - prev.date).days + 1)]
            daily = [prev] + list(assessor.timeline(profile, days))
            for a, b in zip(daily, daily[1:]):
                if a.level != b.level:
                    out.append(_moment(assessor, profile, a, b))
        else:
            out.append(_moment(assessor, profile, prev, cur))
    return out


def _moment(assessor: Assessor, profile: Profile, prev: Point, cur: Point) -> dict:
    started = [r for r in cur.fired if r not in prev.fired]
    stopped = [r for r in prev.fired if r not in cur.fired]
    events = [e for e in profile.events if prev.date < e.date <= cur.date]
    return {
        "country": profile.id,
        "date": cur.date.isoformat(),
        "from_level": prev.level,
        "to_level": cur.level,
        "from_score": prev.score,
        "to_score": cur.score,
        "rules_started": [{"rule": r, "reason": assessor.ruleset.rule(r).description.strip()} for r in started],
        "rules_stopped": [{"rule": r, "reason": assessor.ruleset.rule(r).description.strip()} for r in stopped],
        "events": [data.evidence(e) for e in events],
    }
