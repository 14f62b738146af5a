"""Explain: why a score is what it is, what changed it, and what would change it.

Everything here is computed by running the same pipeline again — counterfactuals
re-derive facts from an edited copy of the profile and ask the engine — so an
explanation can never disagree with an assessment.
"""

from __future__ import annotations

import dataclasses
import datetime as _dt
from collections.abc import Iterable, Iterator

from assessor import registry as registry_mod
from assessor import score
from assessor import serialize as data
from assessor.assess import Assessment, Assessor, Point
from assessor.derive import Deriver, stops_counting
from assessor.facts import (
    AGREEMENT_RANK,
    COUNTERFACTUAL_GUARANTOR,
    COUNTERFACTUAL_GUARANTOR_IN_TEXT,
    FACTS,
    RECORD_FACTORS,
    WINDOW_STATUSES,
    threat_weight,
)
from assessor.model import Event, Loc, Profile, Source
from assessor.registry import partners_text
from assessor.serialize import arithmetic, combination

HYPOTHETICAL = Source("assessor", "hypothetical change (counterfactual)", _dt.date(2000, 1, 1))


def _synthetic(date: _dt.date, kind: str, summary: str, **details) -> Event:
    return Event(date, kind, summary, HYPOTHETICAL, Loc("<counterfactual>"), details)


def _with_events(profile: Profile, events: Iterable[Event]) -> Profile:
    return dataclasses.replace(profile, events=tuple(sorted(events, key=lambda e: e.date)))


def _candidates(a: Assessment) -> list[tuple[str, str, Profile]]:
    """Single edits of the record that could plausibly move the assessment,
    as (kind, what changed, edited profile): the kind lets a program pick one
    change without parsing the sentence."""
    p, d, v = a.profile, a.date, a.facts.values
    events = [e for e in p.events if e.date <= d]
    later = [e for e in p.events if e.date > d]
    out: list[tuple[str, str, Profile]] = []
    status = v["status"]
    reg = p.registry or registry_mod.default()
    hostile = {reg.canonical(n) or n for n in p.hostile(d)}
    own = reg.states_of(p.name, p.aliases)  # never its own partner
    # nothing to join for a state that tracks no alliance, nor in an alliance not yet founded or dissolved (joining
    # one its adversary is in stays: the engine reads it, and "+0.0" says such membership does not protect)
    if status != "member" and p.alliance != "none" and reg.exists_on(p.alliance, d):
        # a member whose participation is frozen (Armenia in CSTO from 2024-02-22) does not become one: it takes part again
        alliance = reg.canonical(p.alliance) or p.alliance
        frozen = [m for name in own for m in reg.memberships(name, d)
                  if (reg.canonical(m.organisation) or m.organisation) == alliance and not m.ally_on(d)]
        joins = (f"{p.name}, a member of {p.alliance} whose participation is frozen since {frozen[0].suspended}, takes "
                 f"part again from {d}" if frozen else f"{p.name} becomes a member of {p.alliance} on {d}")
        out.append(("becomes-member", joins,
                    _with_events(p, events + [_synthetic(d, "membership", "hypothetical accession", status="member")] + later)))
    if status == "member":
        joined = [e for e in events if e.kind == "membership" and e.get("status") == "member"][-1]
        before = [e.get("status") for e in events if e.kind == "membership" and e.date < joined.date]
        stays = before[-1] if before else "none"
        out.append(("not-member", f"{p.name} had not joined {p.alliance} (its status stays {stays})",
                    _without(p, joined)))
    if status in WINDOW_STATUSES:
        applied = _application_date(p, d)
        kept = [e for e in events if not (e.kind in ("membership", "ratification") and e.date >= applied)]
        prior = [e.get("status") for e in kept if e.kind == "membership"]
        out.append(("not-applied", f"{p.name} had not applied for membership (its status stays "
                                   f"{prior[-1] if prior else 'none'})", _with_events(p, kept + later)))
    for e in a.facts.evidence.get("agreements_in_force", ()):
        out.append(("agreement-ends", f"the {e.get('type').replace('_', ' ')} with {partners_text(e, 'party', own)} "
                                      f"({e.date}) ends", _without(p, e)))
    guarantor, guarantor_text = COUNTERFACTUAL_GUARANTOR, COUNTERFACTUAL_GUARANTOR_IN_TEXT
    # The hypothetical guarantor must be a state that could give it: not hostile, not the country itself.
    can_guarantee = reg.exists_on(guarantor, d) and (reg.canonical(guarantor) or guarantor) not in hostile | set(own)
    if can_guarantee and v["nuclear_agreement_rank"] < AGREEMENT_RANK["defence_cooperation_agreement"]:
        out.append(("agreement-added", f"a defence cooperation agreement with {guarantor_text} enters into force on {d}",
                    _with_events(p, events + [_synthetic(d, "agreement", "hypothetical DCA", party=guarantor,
                                                         type="defence_cooperation_agreement")] + later)))
    if status in WINDOW_STATUSES:
        for e in a.facts.evidence.get("interim_active", ()):
            out.append(("interim-ends", f"the {e.get('arrangement').replace('_', ' ')} from "
                                        f"{partners_text(e, 'provider', own)} ({e.date}) ends",
                        _without(p, e)))
        if can_guarantee and not v["interim_nuclear"]:
            out.append(("interim-added", f"{guarantor_text} gives a security assurance on {d}",
                        _with_events(p, events + [_synthetic(d, "interim", "hypothetical assurance", provider=guarantor,
                                                             arrangement="security_assurance")] + later)))
    weighing = a.facts.evidence.get("threat_level", ())
    if weighing:
        heaviest = max(weighing, key=lambda e: (threat_weight(e.get("severity"), e.get("weighs_days"), (d - e.date).days),
                                                e.date))
        out.append(("threat-fades", f"the heaviest threat or act still weighing has faded: {heaviest.summary} "
                                    f"({heaviest.date})", _without(p, heaviest)))
        if len(weighing) > 1:
            out.append(("all-threats-fade", "every threat and act still weighing has faded (from the country's "
                                            "two-year baseline too)",
                        _with_events(p, [e for e in p.events if e not in weighing])))
    # The warning signs standing on the date, each as if it had not happened (from the baseline too): a build-up
    # was offered no change at all, though it may be the largest single move of the score (a new user's review:
    # Ukraine on 2021-04-05, where removing the build-up of 2021-03-30 lowers the score by 7.8).
    ev = a.facts.evidence
    # One change per actor: successive reports of one actor's forces are estimates of the same forces (the largest
    # counts), so taking one away of several changed nothing (six '+0.0' lines for Ukraine on 2022-02-20).
    signs = {id(e): e for f in ("buildups_active", "exercises_active", "forces_massed_k") for e in ev.get(f, ())}
    by_actor: dict[str, list[Event]] = {}
    for e in sorted(signs.values(), key=lambda e: (e.date, e.loc.line)):
        by_actor.setdefault(str(e.get("actor")), []).append(e)
    for actor, standing in by_actor.items():
        if len(standing) == 1:
            e = standing[0]
            what = {"buildup": "build-up", "exercise": "exercise"}.get(e.get("type"), str(e.get("type")).replace("_", " "))
            change = f"the {what} by {actor} ({e.date}) had not happened"
        else:  # named as what they are: two build-ups were 'the 2 build-ups and exercises' (Ukraine, 2021-11-25)
            plural = {"buildup": "build-ups", "exercise": "exercises"}
            types = [str(e.get("type")) for e in standing]
            kinds = list(dict.fromkeys(plural.get(t, f"{t}s".replace("_", " ")) for t in types))
            what = " and ".join([", ".join(kinds[:-1]), kinds[-1]] if len(kinds) > 1 else kinds)
            change = (f"the {len(standing)} {what} by {actor} standing on {d} "
                      f"({standing[0].date} to {standing[-1].date}) had not happened")
        gone = {id(x) for x in standing}
        out.append(("posture-absent", change, _with_events(p, [x for x in p.events if id(x) not in gone])))
    for e in ev.get("ultimatum", ()):
        out.append(("ultimatum-absent", f"the ultimatum of {e.get('actor')} ({e.date}) had not been given", _without(p, e)))
    return out


def _application_date(p: Profile, d: _dt.date) -> _dt.date:
    applied = [e.date for e in p.events if e.kind == "membership" and e.get("status") == "applicant" and e.date <= d]
    return applied[-1] if applied else d


def _without(p: Profile, event: Event) -> Profile:
    return _with_events(p, [e for e in p.events if e is not event])


def counterfactuals(assessor: Assessor, a: Assessment) -> list[dict]:
    """Each candidate change, re-scored by the engine, biggest effect first."""
    rs = assessor.ruleset
    out: list[dict] = []
    for kind, change, profile in _candidates(a):
        facts = Deriver(profile).derive(a.date)
        b = assessor.assess_facts(profile, facts)
        out.append({
            "change": change,
            "kind": kind,
            "score": b.score,
            "level": b.level,
            "delta": score.rounded(score.exact_sum(b.score, [-a.score])),
            "moves_level": b.level != a.level,
            "level_shift": rs.level_index(b.level) - rs.level_index(a.level),
        })
    out.sort(key=lambda c: (-abs(c["delta"]), c["change"]))
    return out


def completeness(a: Assessment) -> list[dict]:
    """What the record says nothing about (only where it applies), where its
    sources come from, and how far it was checked, so a reader knows what the
    score could not see."""
    p, d = a.profile, a.date
    seen = {e.kind for e in p.events if e.date <= d}
    status = a.facts.values.get("status")
    relevant = {"membership": p.alliance != "none", "interim": status in WINDOW_STATUSES or "interim" in seen}
    has: dict[str, tuple[bool, str, bool]] = {
        factor: (kind in seen, what, relevant.get(factor, True)) for factor, (kind, what) in RECORD_FACTORS.items()}
    has["exposure"] = ("land_border_km" in p.attributes or "sea_distance_km" in p.attributes
                       or any(x.border for x in p.adversaries) or bool(p.borders),  # format 2.1: dated borders
                       "land border or distance across the sea", True)
    out = []
    for factor, (ok, what, applies) in has.items():
        if not applies:
            continue
        out.append({
            "factor": factor,
            "has_data": ok,
            "note": f"{what} recorded" if ok else f"no {what} recorded on or before {d}: the score cannot see this factor",
        })
    out.append(source_mix(p, d))
    gap = (d - p.covers_to).days
    checked = f"record checked to {p.covers_to}: " + (
        f"{gap} days before the assessment date; later events are missing" if gap > 0
        else "the assessment date lies inside the checked period")
    out.append({"factor": "record", "has_data": gap <= 0 and d >= p.covers_from, "note": checked})
    if a.warnings:
        out.append({"factor": "coverage", "has_data": False, "note": "; ".join(a.warnings)})
    return out


def source_mix(p, d) -> dict:
    """The kinds of source behind the events on or before ``d`` (official, original, …)."""
    from collections import Counter

    kinds = Counter(e.source.kind or "unstated" for e in p.events if e.date <= d)
    total = sum(kinds.values())
    order = ("official", "original", "analysis", "encyclopaedia", "dataset", "syndicated", "unstated")
    parts = [f"{kinds[k]} {k}" for k in order if kinds.get(k)]
    weak = kinds.get("syndicated", 0) + kinds.get("unstated", 0)
    note = f"sources of {total} event{'' if total == 1 else 's'}: " + (", ".join(parts) if parts else "none")
    return {"factor": "sources", "has_data": total > 0 and weak * 2 <= total, "note": note,
            "mix": {k: kinds[k] for k in order if kinds.get(k)}}


def waterfall(assessor: Assessor, a: Assessment) -> dict:
    """From the base score to the final one, largest effect first, with the
    running total after each step so a reader can follow the arithmetic.

    The running total is that of the step's own index (structural from the base
    score, warning from 0), as the reports print it: the two indices are weighed
    apart (``combine:``), so one total over both would end at a number that is
    neither index nor the raw value."""
    rs = assessor.ruleset
    steps = sorted(a.contributions, key=lambda c: (-abs(c.points), c.rule))
    running = {"structural": rs.base, "warning": 0}
    rows = []
    for c in steps:
        ix = "warning" if c.index == "warning" else "structural"
        running[ix] = score.rounded(score.exact_sum(running[ix], [c.points]), score.POINTS_PLACES)
        rows.append({"rule": c.rule, "factor": c.factor, "index": ix, "points": c.points, "running": running[ix]})
    raw = data.raw_of(a, rs)
    sums = score.index_sums(steps)
    factors: dict[str, float] = {}
    for c in a.contributions:
        factors[c.factor] = score.rounded(score.exact_sum(factors.get(c.factor, 0), [c.points]), score.POINTS_PLACES)
    return {
        "base": rs.base,
        "steps": rows,
        "indices": [{"index": ix, **INDEX_WORDS[ix], "value": a.structural if ix == "structural" else a.warning,
                     "rules": [c.rule for c in steps if c.index == ix]} for ix in ("structural", "warning")],
        "combination": combination(rs),
        "sums": sums,
        "arithmetic": arithmetic(rs, sums),
        "raw_score": raw,
        "clamped": data.clamped(rs, raw),
        "score": a.score,
        "by_factor": [{"factor": f, "points": factors[f]} for f in sorted(factors, key=lambda f: (-abs(factors[f]), f))],
    }


# What each index is, in the words every explanation and report uses (format 2.1).
INDEX_WORDS = {
    "structural": {
        "name": "Structural exposure",
        "about": "where",
        "meaning": "Where the country stands: slow facts (alliance, guarantees and their credibility, borders and "
                   "distance, disputes, the legacy of past conflict), the base score included.",
    },
    "warning": {
        "name": "Acute warning",
        "about": "when",
        "meaning": "When danger is near: fast facts (threats, build-ups, exercises, ultimatums, clashes), read "
                   "against the country's own two-year baseline where the rules say so.",
    },
}


def how_points(ruleset, rule_id: str, facts: dict) -> dict:
    """How a contribution's points came about, as keys added to it (none for a rule of fixed points that no
    scenario changed): ``per`` (the number fact multiplied: ``fact``, its ``value`` on the day, null when absent
    and read as 0, and ``points`` per unit) with ``capped`` (whether ``cap`` cut the product) for a rule with
    ``per``; ``scenario`` (``name``, ``file``, ``line``, its ``points`` and the rule file's, ``was``) for a rule
    whose points a scenario changed.  A reader saw ``+6.0`` for 0.5 × 13.99 = 7.0 capped at 6, and a scenario's
    −8 beside a rule file saying −3, with nothing to say either (a new user's review)."""
    rule = ruleset.rule(rule_id)
    eff = rule.effect
    out: dict[str, object] = {}
    if eff.per is not None:
        value = facts.get(eff.per)
        product = float(eff.points) * float(value or 0)
        out["per"] = {"fact": eff.per, "value": value, "points": eff.points}
        out["capped"] = eff.cap is not None and abs(product) > float(eff.cap)
    change = ruleset.scenario_change(rule_id)
    if change is not None:
        name, where, was = change
        out["scenario"] = {"name": name, "file": where.file, "line": where.line, "points": eff.points, "was": was}
    return out


def explanation(assessor: Assessor, a: Assessment) -> dict:
    """The full explanation of one assessment as a JSON-ready dict."""
    doc = data.assessment(a, assessor.ruleset)
    for c in doc["contributions"]:  # how each rule's points came about, added after the keys assess gives
        c.update(how_points(assessor.ruleset, c["rule"], a.facts.values))
    doc["waterfall"] = waterfall(assessor, a)
    doc["facts"] = {k: a.facts.values[k] for k in sorted(a.facts.values) if k in FACTS and k != "kind"}
    doc["counterfactuals"] = counterfactuals(assessor, a)
    doc["completeness"] = completeness(a)
    return doc


# --------------------------------------------------------------------------- key moments

# A level change is a key moment only when it is clear: the score moves at
# least MARGIN points past the band edge, or stays in another level for
# STAY_DAYS days.  A 0.1-point drift across a band edge and back is noise.
MARGIN = 2.0
STAY_DAYS = 14


def level_changes(assessor: Assessor, profile: Profile, start: _dt.date, end: _dt.date) -> Iterator[tuple[Point, Point]]:
    """Pairs (last day at the old level, first day at the new one) of every
    clear level change between ``start`` and ``end`` (see MARGIN, STAY_DAYS).

    Scans every day, not the report's step: a level can rise and fall back
    within a week, and a reader needs the exact day.  The timeline's caches
    make a daily scan of years cost a few hundredths of a second.
    """
    days = (end - start).days + 1
    points = list(assessor.timeline(profile, (start + _dt.timedelta(days=i) for i in range(days))))
    if not points:
        return
    rs = assessor.ruleset
    level = points[0].level  # the confirmed level
    first: int | None = None  # first day away from it
    for i in range(1, len(points)):
        cur = points[i]
        if cur.level == level:
            first = None
            continue
        if first is None:
            first = i
        if _clear(rs, level, cur) or (cur.date - points[first].date).days + 1 >= STAY_DAYS:
            yield points[first - 1], points[first]
            level, first = points[first].level, None
            if cur.level != level:  # already further on: look again from here
                first = i if not _clear(rs, level, cur) else None
                if first is None:
                    yield points[i - 1], cur
                    level = cur.level


def _clear(rs, level: str, p: Point) -> bool:
    """The score is MARGIN points or more past the edge of ``level``'s band."""
    i, j = rs.level_index(level), rs.level_index(p.level)
    if j > i:
        return p.score >= rs.levels[i + 1].start + MARGIN
    return p.score < rs.levels[i].start - MARGIN


# A day's move smaller than this, with no rule starting or stopping and no
# event starting or ending, is drift: old events fading a little each day
# (kept in score.py, below the renderers, which leave such moves out of a
# key moment's reasons).
DRIFT_POINTS = score.DRIFT_POINTS


def key_moments(assessor: Assessor, profile: Profile, start: _dt.date, end: _dt.date,
                drift: bool = False) -> list[dict]:
    """Every day from ``start`` to ``end`` on which the level changes for a
    reason, with what changed: rules that started or stopped firing, rules
    whose points moved, the events dated that day and what stopped counting
    (an agreement or arrangement that ended, a threat that no longer weighs
    or left the 90-day window).

    A level change counts when the score moved for a reason on that day —
    an event, a rule starting or stopping, something ceasing to count, or a
    rule's points jumping by :data:`DRIFT_POINTS` or more.  A decay of
    hundredths that happens to cross a band edge is not a key moment: a
    reader would be told that nothing happened, 18 times.  ``drift=True``
    keeps those too, each marked ``"drift": True``."""
    out = []
    for prev, cur in level_changes(assessor, profile, start, end):
        m = _moment(assessor, profile, prev, cur)
        if drift or not m["drift"]:
            out.append(m)
    return out


def is_drift(m: dict) -> bool:
    """A moment with no reason on its day (see :func:`key_moments`)."""
    if m["rules_started"] or m["rules_stopped"] or m["events"] or m["ended"]:
        return False
    return all(abs(r["points"] - r["from_points"]) < DRIFT_POINTS for r in m["rules_changed"])


def _moment(assessor: Assessor, profile: Profile, prev: Point, cur: Point) -> dict:
    before = assessor.assess(profile, prev.date)
    after = assessor.assess(profile, cur.date)
    old = {c.rule: c for c in before.contributions}
    new = {c.rule: c for c in after.contributions}
    ended = [e for e in profile.events if any(d and prev.date < d <= cur.date for d in stops_counting(e))]
    m = {
        "country": profile.id,
        "date": cur.date.isoformat(),
        "from_level": prev.level,
        "to_level": cur.level,
        "from_score": prev.score,
        "to_score": cur.score,
        "delta": score.rounded(score.exact_sum(cur.score, [-prev.score])),
        # True: the level changed by staying across the edge, not by moving MARGIN points past it
        "marginal": not _clear(assessor.ruleset, prev.level, cur),
        "rules_started": [_rule_change(c) for r, c in new.items() if r not in old],
        "rules_stopped": [_rule_change(c) for r, c in old.items() if r not in new],
        "rules_changed": [{**_rule_change(new[r]), "from_points": old[r].points}
                          for r in new if r in old and new[r].points != old[r].points],
        "events": [data.evidence(e) for e in profile.events if prev.date < e.date <= cur.date],
        "ended": [data.evidence(e) for e in sorted(ended, key=lambda e: e.date)],
    }
    m["drift"] = is_drift(m)
    return m


def _rule_change(c) -> dict:
    return {"rule": c.rule, "factor": c.factor, "points": c.points, "reason": c.reason}


# --------------------------------------------------------------------------- key events

# Every membership status the format allows has a marker name (one source of
# truth: spec.STATUSES); a status without one here would crash every chart.
MILESTONES = {"none": "left", "neutral": "neutral", "partner": "partner", "aspirant": "aspirant",
              "promised": "promised", "applicant": "applied", "invited": "invited", "ratifying": "protocol",
              "member": "member"}
MAJOR_THREAT = 3  # severity from which a threat is marked on the chart
# Adversary forces massed or exercising (posture events, spec.POSTURE_TYPES): each type its marker.
POSTURES = {"buildup": "buildup", "exercise": "exercise"}
# Conflicts whose start is force used against the country (a frozen conflict's date is its ceasefire).
FORCE_CONFLICTS = ("armed_conflict", "occupation")


def key_events(profile: Profile, start: _dt.date, end: _dt.date) -> list[dict]:
    """The events worth a marker on the chart: membership milestones,
    ratifications, agreements (on the day they take effect), adversary
    build-ups and exercises (on the day they start: they are the warning
    signs a reader looks for), threats of severity 3 or more, and the start of
    force used against the country (a war, an occupation, a campaign of deadly
    clashes: where a historical record's story turns), each with a short
    ``marker`` name for the legend."""
    out = []
    for e in profile.events:
        day, marker = e.date, None
        if e.kind == "membership":
            marker = MILESTONES[e.get("status")]
        elif e.kind == "ratification":
            marker = "ratification"
        elif e.kind == "agreement":
            day, marker = e.get("in_force") or e.date, "agreement"
        elif e.kind == "posture":
            marker = POSTURES[e.get("type")]
        elif e.kind == "threat" and e.get("severity") >= MAJOR_THREAT:
            marker = "threat"
        elif e.kind == "conflict" and e.get("type") in FORCE_CONFLICTS:
            marker = "force"  # a war or an occupation begins: what a reader of a failed deterrence looks for
        elif e.kind == "campaign" and e.get("type") == "clashes" and e.get("fatalities"):
            marker = "force"
        if marker and start <= day <= end:
            out.append({"date": day.isoformat(), "marker": marker, **{k: v for k, v in data.evidence(e).items() if k != "date"},
                        "event_date": e.date.isoformat()})
    out.sort(key=lambda x: x["date"])
    return out
