"""Reports: one JSON-ready document per run, which every report format renders.

The document carries everything a reader of the HTML or Markdown sees — each
country's story (headline, peak, turning points), the timeline behind the
chart, labelled key events and key moments, the breakdown at the assessment
date with its evidence, counterfactuals, data completeness, the sources and
the provenance — so the JSON format is that document as it is, and the other
formats cannot show anything the JSON lacks.  Headlines are written here,
from the data, so every format tells the same story.

Only ``provenance.generated`` depends on the clock: two runs of the same
command on the same inputs give the same document apart from that field.
"""

from __future__ import annotations

import contextlib
import datetime as _dt
import os
from collections.abc import Callable, Mapping, Sequence
from contextlib import AbstractContextManager

from assessor import explain
from assessor import registry as registry_mod
from assessor import serialize as data
from assessor.assess import MAX_DATES, Assessment, Assessor, Point, dates_between
from assessor.errors import AssessorError
from assessor.model import Event, Profile, RuleSet
from assessor.registry import join_names, partners_text
from assessor.render.words import plain, rule_title
from assessor.score import SCORE_PLACES

# A progress bar factory: given the total work, a context manager whose value
# has ``update(n)`` (``click.progressbar(length=total)`` is one).
ProgressBar = Callable[[int], AbstractContextManager]


class _Silent:
    def update(self, n: int) -> None:
        pass


def _silent(total: int) -> AbstractContextManager:
    return contextlib.nullcontext(_Silent())


def default_period(profiles: Sequence[Profile], start: _dt.date | None, end: _dt.date | None,
                   date: _dt.date | None, today: _dt.date | None = None) -> tuple[_dt.date, _dt.date]:
    """Fill in the period the user left out: ``--from`` is the start of the
    earliest record, ``--to`` is ``--date`` or else the end of the latest
    record (but not after today, unless the records begin later) — so by
    default the report spans what the profiles cover; a ``--date`` or ``--to``
    before the records begin moves the default ``--from`` back to the earlier.
    A missing ``--date`` is the first country's peak in that period
    (:func:`peak_date`), which takes scoring to find."""
    today = today or report_day()
    first = min(p.covers_from for p in profiles)
    if end is None:
        # not after today, but not before the records begin either (a record of the future)
        end = date or max(first, min(today, max(p.covers_to for p in profiles)))
    if start is None:
        # a --date or --to before the records begin: the period starts there, not after its end
        start = min(first, end, date or end)
    return start, end


def check_period(start: _dt.date, end: _dt.date, step: str = "week") -> None:
    """Raise ValueError (a usage error) for a period no report can cover: one
    its chart cannot draw, or more than :data:`~assessor.assess.MAX_DATES`
    days (key moments are found by scanning every day, whatever the step)."""
    from assessor.render.chart import FIRST_DAY, LAST_DAY

    if start < FIRST_DAY or end > LAST_DAY:
        raise ValueError(f"a report covers dates from {FIRST_DAY} to {LAST_DAY} (the limits of its chart); "
                         f"{start}..{end} is outside")
    days = (end - start).days + 1
    if days > MAX_DATES:
        raise ValueError(f"{start}..{end} is {days:,} days; a report scans every day for key moments and "
                         f"stops at {MAX_DATES:,}: choose a shorter range")
    dates_between(start, end, step)  # the timeline's own limit


def levels(ruleset: RuleSet) -> list[dict]:
    """The level bands as ranges, for shading a chart and reading a score."""
    out = []
    for i, lv in enumerate(ruleset.levels):
        top = ruleset.levels[i + 1].start if i + 1 < len(ruleset.levels) else ruleset.score_range[1]
        out.append({"name": lv.name, "from": lv.start, "to": top})
    return out


def map_codes(profile) -> list[str]:
    """The codes the map finds a country by: the profile's aliases, and — for a record whose aliases hold none of
    its state's ISO 3166 codes (a historical record, whose codes are kept off it so that `SE` names today's Sweden)
    — the codes the registry gives the state it stands for ("Sweden (1940-1945)" → SE, SWE).  Historical records
    had no map ("none of the countries has a shape on the map"), though the docs draw them on today's shapes."""
    from assessor import registry as registry_mod
    from assessor.world import named_apart

    reg = profile.registry or registry_mod.default()
    codes = list(profile.aliases)
    state = reg.canonical(profile.name) or named_apart(profile, reg)
    entry = reg.get(state) if state else None
    if entry is not None:
        codes += [c for c in (entry.alpha2, entry.alpha3) if c and c not in codes]
    return codes


def chart_data(assessor: Assessor, profiles: Sequence[Profile], points: Sequence[Point],
               date: _dt.date | None = None, days: Mapping[str, Sequence[_dt.date]] | None = None,
               bands: Mapping | None = None, baseline: Sequence[Point] | None = None) -> dict:
    """What a chart needs: bounds, level bands, each country's timeline, record
    coverage and labelled key events over the span of ``points``, and the
    provenance the chart stamps in its corner.  A report is this plus the rest.

    Each timeline also gets a point on the day of each key event, so the line
    jumps on the day the event happened, not at the next step of the timeline,
    and on the ``days`` given for its country (a report's peak and turning
    points, so the line reaches the numbers its headline tells).

    ``bands`` ({(country, date): sweep.Band}) adds each country's Monte Carlo
    band; ``baseline`` (points without the scenarios) a second, thinner line.
    """
    start, end = min(p.date for p in points), max(p.date for p in points)
    rs = assessor.ruleset
    countries = []
    for p in profiles:
        events = labelled_events(p, start, end)
        own = {pt.date: pt for pt in points if pt.country == p.id}
        wanted = {_dt.date.fromisoformat(e["date"]) for e in events} | set((days or {}).get(p.id, ()))
        extra = sorted(wanted - set(own))
        own.update((pt.date, pt) for pt in assessor.timeline(p, extra))
        countries.append({
            "id": p.id,
            "name": p.name,
            "covers": {"from": p.covers_from.isoformat(), "to": p.covers_to.isoformat()},
            "timeline": [{k: v for k, v in data.point(own[d]).items() if k != "country"} for d in sorted(own)],
            "key_events": events,
        })
        if bands is not None:
            countries[-1]["band"] = [{"date": d.isoformat(), "p5": b.p5, "median": b.median, "p95": b.p95}
                                     for (c, d), b in sorted(bands.items()) if c == p.id]
        if baseline is not None:
            countries[-1]["baseline"] = [{"date": pt.date.isoformat(), "score": pt.score, "level": pt.level}
                                         for pt in baseline if pt.country == p.id]
    return {
        "date": date.isoformat() if date else None,
        "period": {"from": start.isoformat(), "to": end.isoformat()},
        "bounds": {"min": rs.score_range[0], "max": rs.score_range[1]},  # the scores' range: 0..100 on a scale
        "levels": levels(rs),
        "countries": countries,
        "provenance": {**assessor.provenance(), "profiles": [{"id": p.id, "sha256": p.sha256} for p in profiles],
                       "registry": registry_files(profiles)},
    }


# --------------------------------------------------------------------------- key events, labelled

# The short label a chart prints beside each key event's marker, by marker;
# threats are labelled by their type (THREAT_LABELS), agreements by theirs.
EVENT_LABELS = {"partner": "partner", "applied": "applied", "invited": "invited", "protocol": "protocol",
                "ratification": "ratified", "member": "member", "agreement": "agreement", "threat": "threat",
                "buildup": "build-up", "exercise": "exercise", "left": "left", "neutral": "neutral",
                "aspirant": "aspirant", "promised": "promised", "force": "force"}
# The start of force used against the country, by its event: what began.
FORCE_LABELS = {"armed_conflict": "war", "occupation": "occupation", "clashes": "deadly clashes"}
AGREEMENT_LABELS = {"statement_of_intent": "intent", "political_declaration": "declaration",
                    "defence_cooperation_agreement": "DCA", "mutual_assistance_clause": "assistance clause",
                    "mutual_defence_treaty": "defence treaty"}
THREAT_LABELS = {"statement": "threat", "military_threat": "threat", "airspace_violation": "airspace",
                 "energy_cutoff": "energy cut", "border_pressure": "border", "sabotage": "sabotage",
                 "cyber_attack": "cyber attack", "military_posture": "forces", "regional_war": "war nearby",
                 "attack": "attack", "trade_embargo": "embargo", "blockade": "blockade",
                 "election_interference": "interference", "instrumentalised_migration": "migrants",
                 "electronic_interference": "jamming"}
# The same events as the cause of a turning point in a headline.
THREAT_WORDS = {"statement": "a threat", "military_threat": "a military threat",
                "airspace_violation": "an airspace violation", "energy_cutoff": "an energy cut-off",
                "border_pressure": "pressure on the border", "sabotage": "sabotage", "cyber_attack": "a cyber attack",
                "military_posture": "a military build-up", "regional_war": "a war in the region", "attack": "an attack",
                "trade_embargo": "a trade embargo", "blockade": "a blockade",
                "election_interference": "election interference",
                "instrumentalised_migration": "instrumentalised migration",
                "electronic_interference": "electronic interference"}


def _event_of(profile: Profile, evidence: dict) -> Event | None:
    """The profile event behind a key event or a moment's evidence (date, kind, summary)."""
    when = evidence.get("event_date", evidence["date"])
    for e in profile.events:
        if e.date.isoformat() == when and e.kind == evidence["kind"] and e.summary == evidence["summary"]:
            return e
    return None


def event_label(marker: str, event: Event | None) -> str:
    """A key event's label on the chart: one or two words."""
    if event is not None and marker == "threat":
        return THREAT_LABELS.get(event.get("type"), "threat")
    if event is not None and marker == "agreement":
        return AGREEMENT_LABELS.get(event.get("type"), "agreement")
    if event is not None and marker == "force":
        return FORCE_LABELS.get(event.get("type"), "force")
    return EVENT_LABELS.get(marker, marker)


def chart_days(profiles: Sequence[Profile], dates: Sequence[_dt.date],
               days: Mapping[str, Sequence[_dt.date]] | None = None) -> list[_dt.date]:
    """Every day a chart of ``dates`` draws for ``profiles``: the dates, each key event's day and
    the ``days`` given (see :func:`chart_data`) — where a Monte Carlo band must be computed too,
    so that band and line step on the same days."""
    start, end = min(dates), max(dates)
    out = set(dates)
    for p in profiles:
        out |= {_dt.date.fromisoformat(e["date"]) for e in labelled_events(p, start, end)}
        out |= set((days or {}).get(p.id, ()))
    return sorted(out)


def labelled_events(profile: Profile, start: _dt.date, end: _dt.date) -> list[dict]:
    """:func:`explain.key_events`, each with the ``label`` the chart prints beside its marker."""
    out = []
    for e in explain.key_events(profile, start, end):
        out.append({**e, "label": event_label(e["marker"], _event_of(profile, e))})
    return out


def _event_words(profile: Profile, e: Event) -> str:
    """An event as the subject of "… brought it to low": "joining NATO", "a war in the region"."""
    alliance = profile.alliance
    if e.kind == "membership":
        status = e.get("status")
        return {"member": f"joining {alliance}", "applicant": f"applying to join {alliance}",
                "invited": f"the invitation to join {alliance}", "ratifying": "the accession protocol",
                "partner": f"partnership with {alliance}"}.get(status, f"{alliance} status {status}")
    if e.kind == "ratification":
        return "a ratification of its accession"
    own = (profile.registry or registry_mod.default()).states_of(profile.name, profile.aliases)  # never its own partner
    if e.kind == "agreement":
        kind = str(e.get("type", "agreement")).replace("_", " ")
        return f"the {kind} with {partners_text(e, 'party', own)}" if e.get("party") else f"the {kind}"
    if e.kind == "interim":
        return (f"an assurance from {partners_text(e, 'provider', own)}" if e.get("provider")
                else "an interim assurance")
    if e.kind == "threat":
        words = THREAT_WORDS.get(e.get("type"), "a threat")
        return f"{words} by {e.get('actor')}" if e.get("actor") else words
    by = f" by {e.get('actor')}" if e.get("actor") else ""
    if e.kind == "posture":
        return (f"a large military exercise{by}" if e.get("type") == "exercise" else f"forces massed{by}")
    if e.kind == "conflict":
        words = {"armed_conflict": "armed conflict", "occupation": "an occupation",
                 "frozen_conflict": "a frozen conflict"}.get(e.get("type"), "a conflict")
        return f"{words}{' with ' + str(e.get('actor')) if e.get('actor') else ''}"
    if e.kind == "ultimatum":
        return f"an ultimatum{' from ' + str(e.get('actor')) if e.get('actor') else ''}"
    if e.kind == "campaign":  # format 2.1
        words = "a campaign of clashes" if e.get("type") == "clashes" else "a campaign of coercion"
        return f"{words}{by}"
    if e.kind == "peace":  # format 2.1
        kind = str(e.get("type", "peace")).replace("_", " ")
        return f"the {kind} with {partners_text(e, 'party', own)}" if e.get("party") else f"the {kind}"
    return "a " + e.kind.replace("_", " ")


# --------------------------------------------------------------------------- the story

def score_text(x: float) -> str:
    """A score as a headline prints it: with its one decimal ("68.0")."""
    return f"{x:.{SCORE_PLACES}f}".replace("-", "\u2212")


def signed(x: float) -> str:
    """Points with their sign, as the templates' ``signed`` filter prints them."""
    return f"{x:+g}".replace("-", "\u2212") if x else "\u00b10"


def daily(assessor: Assessor, profile: Profile, start: _dt.date, end: _dt.date) -> list[Point]:
    """The score on every day from ``start`` to ``end``."""
    return list(assessor.timeline(profile, (start + _dt.timedelta(days=i) for i in range((end - start).days + 1))))


def peak(points: Sequence[Point]) -> Point:
    """The first day of the highest score among ``points``, counting only days
    inside the profile's record when there are any."""
    inside = [p for p in points if p.covered] or list(points)
    top = max(p.score for p in inside)
    return next(p for p in inside if p.score == top)


def peak_date(assessor: Assessor, profile: Profile, start: _dt.date, end: _dt.date) -> _dt.date:
    """The default ``--date`` of a report: the peak of its first country within the period."""
    return peak(daily(assessor, profile, start, end)).date


def _moved(m: dict) -> list[tuple[str, str, float]]:
    """The rules that moved at a key moment as (rule, factor, change in points)."""
    out = [(r["rule"], r["factor"], r["points"]) for r in m["rules_started"]]
    out += [(r["rule"], r["factor"], -r["points"]) for r in m["rules_stopped"]]
    out += [(r["rule"], r["factor"], round(r["points"] - r["from_points"], 6)) for r in m["rules_changed"]]
    return out


def turning_point(assessor: Assessor, profile: Profile, m: dict) -> dict:
    """A key moment as a headline tells it: the rule that moved the score most
    in the direction it went and, when that day's event set it off, the event."""
    moved = sorted(_moved(m), key=lambda r: (-(r[2] if m["delta"] >= 0 else -r[2]), r[0]))
    day = _dt.date.fromisoformat(m["date"])
    after = assessor.assess(profile, day)
    change = {rule: points for rule, _, points in moved}
    # Events of the day that a rule which moved cites: the biggest mover's first.
    cited = [(change[c.rule], c, e) for c in after.contributions if c.rule in change for e in c.evidence
             if isinstance(e, Event) and day in (e.date, e.get("in_force"))]
    cited.sort(key=lambda x: -(x[0] if m["delta"] >= 0 else -x[0]))
    event = None
    if cited and (cited[0][0] > 0) == (m["delta"] >= 0):
        points, c, e = cited[0]
        rule = (c.rule, c.factor, points)
        event = {"date": e.date.isoformat(), "kind": e.kind, "summary": e.summary, "words": _event_words(profile, e)}
    elif moved:
        rule = moved[0]
    else:
        rule = ("", "", 0.0)
    title = rule_title(rule[0]) if rule[0] else ""
    if event:
        cause = event["words"]
    elif rule[0] in {r["rule"] for r in m["rules_started"]}:
        cause = f"{title} starting to count"
    elif rule[0] in {r["rule"] for r in m["rules_stopped"]}:
        cause = f"{title} ceasing to count"
    elif m.get("ended"):
        cause = f"{m['ended'][0]['summary'].rstrip('.')} ceasing to count"
    elif rule[0]:
        cause = f"a {'rise' if rule[2] > 0 else 'fall'} in {title}"
    else:
        cause = "a change in the record"
    return {
        "date": m["date"], "from_level": m["from_level"], "to_level": m["to_level"],
        "from_score": m["from_score"], "to_score": m["to_score"], "delta": m["delta"],
        "rule": {"rule": rule[0], "title": title, "factor": rule[1], "points": rule[2]} if rule[0] else None,
        "event": event,
        "cause": cause,
        "text": f"{m['date']}, to {m['to_level']}: {cause} ({signed(rule[2]) if rule[0] else signed(m['delta'])} points)",
    }


def _before_force(assessor: Assessor, profile: Profile, points: Sequence[Point], top: Point) -> Point | None:
    """When force is already in use against the country on its peak day (a war, a campaign of deadly clashes,
    an attack in the last 90 days), the highest of its earlier days without force in use, or None (also when
    the peak is not inside fighting).  A historical record's peak is often the attack itself: a reader asking
    "would it have warned?" needs the day before force, not the day of it (a new user's review)."""
    from assessor.backtest.outcomes import force_in_use

    deriver = assessor.deriver(profile)
    fighting = lambda d: force_in_use(deriver.derive(d, evidence=False).values, d, [])  # noqa: E731  # the record's own
    if not fighting(top.date):
        return None
    calm = [p for p in points if p.date < top.date and p.covered and not fighting(p.date)]
    return max(calm, key=lambda p: (p.score, p.date), default=None)


def story(assessor: Assessor, profile: Profile, points: Sequence[Point], moments: Sequence[dict],
          drifts: int = 0) -> dict:
    """A country's headline, from the data: its peak (score, level, day) and
    what weighed most on that day, its turning points (the key moments, each
    with its cause) and the biggest of them.  ``points`` are its daily scores;
    ``drifts`` the level changes left out as drift (see
    :func:`assessor.explain.key_moments`), said in one short sentence.

    ``summary`` is one sentence ("Finland peaked at 67.2, high, on 2022-05-21;
    joining NATO on 2023-04-04 brought it to low."); ``headline`` adds what
    weighed most at the peak and how often the level changed — short, in
    plain words: the turning points themselves are listed below it."""
    top = peak(points)
    start, end = points[0].date, points[-1].date
    flat = all(p.score == top.score for p in points)
    at_peak: Assessment = assessor.assess(profile, top.date)
    heaviest = min(at_peak.contributions, key=lambda c: (-abs(c.points), c.rule), default=None)
    pushes = [c for c in at_peak.contributions if c.points > 0]
    push = min(pushes, key=lambda c: (-c.points, c.rule), default=None)
    turns = [turning_point(assessor, profile, m) for m in moments]
    biggest = max(turns, key=lambda t: abs(t["delta"]), default=None)
    name = profile.name
    # the peak is taken over the days inside the record; only a period with none of them gives an
    # outside one, and it says so as the table's "On" column does
    outside = "" if top.covered else ", outside its record"
    if flat:
        first = f"{name} held at {score_text(top.score)}, {top.level}, from {start} to {end}{outside}"
    else:
        first = f"{name} peaked at {score_text(top.score)}, {top.level}, on {top.date}{outside}"
    if biggest is not None:
        first += f"; {biggest['cause']} on {biggest['date']} brought it to {biggest['to_level']}"
    elif not flat:
        first += f"; its level stayed {points[0].level} throughout"
    summary = first + "."
    more = []
    if push is not None and not flat:
        reason = plain(push.reason).rstrip(".")
        if reason[:2].istitle():  # "In the window…" continues the sentence: "in the window…" ("NATO…" stays)
            reason = reason[0].lower() + reason[1:]
        more.append(f"At the peak, {rule_title(push.rule)} pushed it up most ({signed(push.points)} points): {reason}.")
    before = _before_force(assessor, profile, points, top) if not flat else None
    if before is not None:
        # "before force was used" read as "in the weeks before the war", which a chart of high scores then
        # contradicted: those weeks can hold an earlier attack (Israel's air battle of 13 September 1973), so the
        # days meant are named for what they are (a review's finding)
        more.append(f"Force was already being used against it that day (a war, deadly clashes or an attack in the last 90 "
                    f"days); on its earlier days with no force in use (none in the 90 days before them), its highest "
                    f"score was {score_text(before.score)}, {before.level}, on {before.date}.")
    if len(turns) > 1:
        times = {2: "twice"}.get(len(turns), f"{len(turns)} times")
        more.append(f"Its level changed {times} for a reason on the day.")
    if drifts:
        more.append(f"It also drifted across a level's edge {({1: 'once', 2: 'twice'}).get(drifts, f'{drifts} times')} "
                    "as old events faded; those are not counted.")
    rule = lambda c: ({"rule": c.rule, "title": rule_title(c.rule), "factor": c.factor, "points": c.points,  # noqa: E731
                       "reason": plain(c.reason)} if c else None)
    return {
        "peak": {"date": top.date.isoformat(), "score": top.score, "level": top.level, "flat": flat,
                 "covered": top.covered,
                 "weighed_most": rule(heaviest), "pushed_up_most": rule(push),
                 "before_force": None if before is None else {"date": before.date.isoformat(), "score": before.score,
                                                               "level": before.level}},
        "turning_points": turns,
        "drifts": drifts,
        "summary": summary,
        "headline": " ".join([summary, *more]),
    }


def why(a: Assessment) -> dict | None:
    """What pushes a country's score up most on the day, in plain words: the
    answer to "why" in the report's first table (``None`` when nothing does)."""
    ups = [c for c in a.contributions if c.points > 0]
    top = min(ups, key=lambda c: (-c.points, c.rule), default=None)
    if top is None:
        return None
    return {"rule": top.rule, "title": rule_title(top.rule), "factor": top.factor, "points": top.points,
            "reason": plain(top.reason)}


def overview_headline(profiles: Sequence[Profile], countries: Sequence[dict], date: _dt.date) -> str:
    """The report's first sentence: who is most exposed on the date and why
    (with one country, its own summary)."""
    if len(countries) == 1:
        return countries[0]["story"]["summary"]
    # A country whose record does not cover the date is not ranked: West Berlin (1958-1962) was
    # "the least exposed" on 2022-02-24, scored on a record that ended sixty years before.
    inside = [c for c in countries if c["assessment"].get("covered", True)]
    outside = sorted(c["name"] for c in countries if not c["assessment"].get("covered", True))
    aside = ""
    if outside:
        one = len(outside) == 1
        aside = (f" {join_names(outside)} {'is' if one else 'are'} not ranked: the date lies outside "
                 f"{'its record' if one else 'their records'}.")
    if len(inside) < 2:
        if not inside:
            return f"On {date}, no country's record covers the date; none is ranked."
        c = inside[0]
        return (f"On {date}, only {c['name']}'s record covers the date: {score_text(c['assessment']['score'])}, "
                f"{c['assessment']['level']}.{aside}")
    ranked = sorted(inside, key=lambda c: (-c["assessment"]["score"], c["name"]))
    top, low = ranked[0], ranked[-1]
    at = f"{score_text(top['assessment']['score'])}, {top['assessment']['level']}"
    # every country tied at an end is named there: the order of names is not a ranking
    tops = [c["name"] for c in ranked if c["assessment"]["score"] == top["assessment"]["score"]]
    lows = [c["name"] for c in ranked if c["assessment"]["score"] == low["assessment"]["score"]]
    if len(tops) == len(ranked):
        return f"On {date}, {join_names(tops)} score the same: {at}.{aside}"
    text = (f"On {date}, {join_names(tops)} {'is' if len(tops) == 1 else 'are'} the most exposed of the "
            f"{len(ranked)} countries{' whose records cover the date' if outside else ''}: {at}")
    if top["why"] and len({str(c["why"]) for c in ranked[:len(tops)]}) == 1:  # the tied share what pushes them
        text += f", pushed up most by {top['why']['title']} ({signed(top['why']['points'])} points)"
    text += (f". {join_names(lows)} {'is' if len(lows) == 1 else 'are'} the least exposed, at "
             f"{score_text(low['assessment']['score'])}, {low['assessment']['level']}.{aside}")
    return text


def date_basis(profiles: Sequence[Profile], date: _dt.date, chosen: bool, flat: bool = False) -> dict:
    """Why the report explains ``date``: asked for, or chosen as the first country's peak."""
    if not chosen:
        return {"chosen": False, "country": None, "note": f"assessed on {date}, the date asked for"}
    first = profiles[0]
    why = f"the first day of {first.name}'s unchanging score" if flat else f"{first.name}'s peak"
    return {"chosen": True, "country": first.id, "note": f"assessed on {date}, {why}"}


def title(profiles: Sequence[Profile]) -> str:
    """The report's title: the countries by name, up to five (the map and table name the rest)."""
    names = [p.name for p in profiles]
    if len(names) > 5:
        return f"Deterrence risk report: {len(names)} countries"
    joined = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
    return f"Deterrence risk report: {joined}"


def timeline_dates(start: _dt.date, end: _dt.date, step: str) -> list[_dt.date]:
    """The dates a report's timeline scores: every step, and the last day asked for."""
    dates = dates_between(start, end, step)
    if dates[-1] != end:  # the chart runs to the last day asked for
        dates.append(end)
    return dates


def build(assessor: Assessor, profiles: Sequence[Profile], start: _dt.date, end: _dt.date, date: _dt.date,
          step: str = "week", command: str = "", progress: ProgressBar | None = None, date_chosen: bool = False,
          bands: Callable[[Sequence[_dt.date]], Mapping] | None = None, baseline: Assessor | None = None,
          notes: Sequence[str] = (), what_if: str = "") -> dict:
    """Assemble the report document for ``profiles`` from ``start`` to ``end``,
    explained on ``date``.  ``command`` is recorded in the provenance;
    ``progress`` gets one tick per date scored (see :data:`ProgressBar`);
    ``date_chosen`` says that ``date`` is the default, the first country's
    peak (see :func:`peak_date`), not a date the reader asked for.
    ``bands`` (given the chart's days, the Monte Carlo bands on them; see
    :func:`assessor.sweep.monte_carlo`) and
    ``baseline`` (the assessor without the scenarios) are drawn in the chart
    and kept in each country's entry; ``notes`` are sentences that say how
    (the scenarios applied, the samples drawn); ``what_if`` a line said above the headline (a scenario's report
    opened on a headline that read as fact, its "What if" only after)."""
    if not profiles:
        raise ValueError("a report needs at least one country")
    dates = timeline_dates(start, end, step)
    scan_days = (end - start).days + 1
    rs = assessor.ruleset
    with (progress or _silent)(len(profiles) * (len(dates) + 2 * scan_days + 1)) as bar:
        points = []
        for p in profiles:
            for pt in assessor.timeline(p, dates):
                points.append(pt)
                bar.update(1)
        told, moments = [], []
        for p in profiles:
            every = explain.key_moments(assessor, p, start, end, drift=True)
            moments.append([m for m in every if not m["drift"]])
            bar.update(scan_days)
            told.append(story(assessor, p, daily(assessor, p, start, end), moments[-1], len(every) - len(moments[-1])))
            bar.update(scan_days)
        story_days = {p.id: [_dt.date.fromisoformat(d) for d in [t["peak"]["date"], *(m["date"] for m in ms)]]
                      for p, t, ms in zip(profiles, told, moments)}
        base_points = ([pt for p in profiles for pt in baseline.timeline(baseline.profile(p.id), dates)]
                       if baseline is not None else None)
        drawn_bands = bands(chart_days(profiles, dates, story_days)) if bands is not None else None
        doc = chart_data(assessor, profiles, points, date, days=story_days, bands=drawn_bands, baseline=base_points)
        countries = []
        for p, drawn, t, ms in zip(profiles, doc["countries"], told, moments):
            on_date = assessor.assess(p, date)
            countries.append({
                "id": p.id, "name": p.name, "codes": map_codes(p), "alliance": p.alliance, "adversary": p.adversary,
                "covers": drawn["covers"], "story": t, "why": why(on_date),
                "timeline": drawn["timeline"], "key_events": drawn["key_events"], "key_moments": ms,
                "assessment": explain.explanation(assessor, on_date),
                **{k: drawn[k] for k in ("band", "baseline") if k in drawn},
            })
            bar.update(1)
        flat = told[0]["peak"]["flat"]
    out = {
        "title": title(profiles),
        **({"what_if": what_if} if what_if else {}),
        "headline": overview_headline(profiles, countries, date),
        "period": {"from": start.isoformat(), "to": end.isoformat(), "step": step},
        "date": date.isoformat(),
        "date_basis": date_basis(profiles, date, date_chosen, flat),
        "ruleset": {**data.ruleset_ref(rs), "description": " ".join(rs.description.split())},
        "bounds": doc["bounds"],
        "levels": doc["levels"],
        "countries": countries,
    }
    shown = {x["rule"] for c in countries for x in c["assessment"]["contributions"]}
    out["rules"] = {r.id: {"title": rule_title(r.id), "description": " ".join(r.description.split())}
                    for r in rs.rules if r.id in shown}
    if notes:
        out["notes"] = list(notes)
    out["sources"] = sources(out)
    out["provenance"] = provenance(assessor, profiles, command)
    return out


def sources(doc) -> list[dict]:
    """Every source cited anywhere in ``doc``, once, in a fixed order
    (publisher, title, date, address); each citation in ``doc`` gains the
    ``ref`` (S1, S2, …) of its entry so a reader can jump to it."""
    found: list[dict] = []

    def walk(node) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                if key == "source" and isinstance(value, dict):
                    found.append(value)
                else:
                    walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    walk(doc)
    key = lambda s: (s["publisher"].lower(), s["title"].lower(), s["date"], s.get("url", ""))  # noqa: E731
    unique = sorted({key(s): s for s in found}.values(), key=key)
    refs = {key(s): f"S{i}" for i, s in enumerate(unique, 1)}
    for s in found:
        s["ref"] = refs[key(s)]
    return [dict(s) for s in unique]


# The last second a datetime can hold, as seconds since 1970.
_MAX_EPOCH = int(_dt.datetime(9999, 12, 31, 23, 59, 59, tzinfo=_dt.timezone.utc).timestamp())


def source_date_epoch() -> _dt.datetime | None:
    """``SOURCE_DATE_EPOCH`` as a UTC time, ``None`` when unset or blank.

    Anything but whole seconds from 0 to the end of year 9999 is a clear
    error (exit 2), never a traceback: a build that asks for a fixed time and
    silently gets the clock would not be reproducible.
    """
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if not epoch:
        return None
    shown = epoch if len(epoch) <= 24 else epoch[:20] + f"… ({len(epoch):,} characters)"
    if not (epoch.isascii() and epoch.isdigit()) or len(epoch) > 12 or int(epoch) > _MAX_EPOCH:
        raise AssessorError(f"SOURCE_DATE_EPOCH must be whole seconds since 1970 (0 to {_MAX_EPOCH}, "
                            f"the end of year 9999), not {shown!r}")
    return _dt.datetime.fromtimestamp(int(epoch), _dt.timezone.utc)


def report_day() -> _dt.date:
    """Today, for a report: the UTC day of ``SOURCE_DATE_EPOCH`` when it is set.  The default period ends on
    today when a record runs past it; with the clock's day there, a report made with SOURCE_DATE_EPOCH (which
    fixes its generation time, for reproducible builds) still changed from one day to the next, and one
    'generated' in 2023 covered the days up to the clock's."""
    epoch = source_date_epoch()
    return epoch.date() if epoch is not None else _dt.date.today()


def registry_files(profiles: Sequence[Profile]) -> list[dict]:
    """The registry files the profiles were read with (the bundled states.yaml, a project's, ``--registry``'s),
    each once, in the order they were layered: file name and SHA-256.  A registry file changes results (a
    state's dates, a membership, a name that resolves), so a report records it beside the rule set and the
    profiles; the name without its folder, as for profiles, so the same inputs give the same report anywhere."""
    from assessor import registry as registry_mod

    out: list[dict] = []
    for p in profiles:
        for f, digest in (p.registry or registry_mod.default()).digests:
            entry = {"file": os.path.basename(f), "sha256": digest}
            if entry not in out:
                out.append(entry)
    return out


def provenance(assessor: Assessor, profiles: Sequence[Profile], command: str) -> dict:
    """What produced the report, so a reader can check or reproduce it.  The
    generation time honours SOURCE_DATE_EPOCH (reproducible builds)."""
    now = source_date_epoch() or _dt.datetime.now(_dt.timezone.utc)
    return {
        **assessor.provenance(),
        "profiles": [{"id": p.id, "file": os.path.basename(p.path), "sha256": p.sha256} for p in profiles],
        "registry": registry_files(profiles),
        "command": command,
        "generated": now.replace(microsecond=0).isoformat(),
    }
