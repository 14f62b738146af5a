"""Uncertain inputs: what the record and the rules do not settle, as ranges.

Three kinds of input can be uncertain:

* a rule's **points** (expert judgement): ``effect: {points: 25, uncertain: {min: 18, max: 32}}``;
* an event's **date** (a build-up has no first day; a leak dates a decision
  only roughly): ``uncertain: {earliest: …, latest: …}`` on the event;
* an event's **severity** (judged on the documented scale):
  ``uncertain: {severity_min: 2, severity_max: 4}``.

Ranges come from four places, later ones overriding earlier ones for the same
input: the bundled default uncertainty file (``rules/uncertainty/default.yaml``,
the analyst's stated uncertainty about the default rules and record; used
whenever the bundled rules are), ranges written in the rule and profile files
themselves, then each ``--uncertainty FILE`` in order.  An uncertainty file::

    name: My doubts
    rules:
      - relative: 0.25                     # every rule: points ± 25 %
      - rule: window-of-vulnerability      # one rule: an explicit range
        min: 15
        max: 30
    events:
      - event: {kind: threat}              # every threat of every profile …
        severity: 1                        # … severity ± 1 (within 1..5)
      - profile: finland                   # one event, by id or date and kind
        event: {date: 2022-02-24, kind: threat}
        days: 7                            # date ± 7 days (or earliest/latest)

A *realisation* maps a point ``u`` of the unit cube (one coordinate per input)
to values — uniform over each range; dates and severities are whole days and
whole steps, points hundredths — and returns a new rule set and new profiles.
Monte Carlo draws ``u`` from a seeded generator; sensitivity analysis from
SALib's designs.  The inputs are never modified.
"""

from __future__ import annotations

import dataclasses
import datetime as _dt
import hashlib
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from assessor import spec, yamlsrc
from assessor.errors import AssessorError, InputError, Problem, did_you_mean
from assessor.model import Event, Profile, RuleSet

LATER_FIELDS = ("in_force", "ended", "end", "ceasefire", "deadline")  # an event's date may not pass these


@dataclass(frozen=True)
class Input:
    """One uncertain input and its range.

    ``key`` is stable and readable (``rule:window-of-vulnerability:points``,
    ``finland:2022-02-24 threat#3:severity``); inputs are always listed sorted by it.
    Dates are held as day ordinals so that every range is numeric.
    """

    key: str
    kind: str  # points | date | severity
    target: str  # the rule id, or the profile id
    event: int  # index into the profile's events (sorted by date); -1 for a rule
    low: float
    high: float
    nominal: float
    group: str  # the rule's factor, or the event's kind: what the input is about
    label: str  # for people: "window-of-vulnerability points", "2022-02-24 threat (Russia) severity"
    declared: str  # file:line of the range that won
    at: str = ""  # file:line of the rule or event itself (its index in the label counts the inherited world events too)

    def value(self, u: float) -> float:
        """The value at ``u`` ∈ [0, 1]: uniform over the range, whole days or steps where the input is whole."""
        if self.kind == "points":  # hundredths, as points are shown; finer only where the nominal is finer (per km)
            places = max(2, _places(self.nominal) + 2)
            return round(self.low + u * (self.high - self.low), places) + 0.0
        span = int(self.high - self.low) + 1
        return self.low + min(span - 1, int(math.floor(u * span)))

    def shown(self, value: float) -> str:
        if self.kind == "date":
            return _dt.date.fromordinal(int(value)).isoformat()
        return f"{value:g}"

    def to_dict(self) -> dict:
        d: dict[str, object] = {"input": self.key, "kind": self.kind, "group": self.group, "label": self.label,
             "low": self.shown(self.low), "high": self.shown(self.high), "nominal": self.shown(self.nominal),
             "declared": self.declared, **({"at": self.at} if self.at else {})}
        if self.kind == "points":
            d.update(low=self.low, high=self.high, nominal=self.nominal)
        elif self.kind == "severity":
            d.update(low=int(self.low), high=int(self.high), nominal=int(self.nominal))
        return d


@dataclass
class UncertaintyFile:
    name: str
    path: str
    sha256: str
    rules: list[dict]
    events: list[dict]
    doc: yamlsrc.Document


def default_path() -> Path:
    from assessor.loader import default_dir

    return default_dir("rules") / "uncertainty" / "default.yaml"


def load(path: str | Path) -> UncertaintyFile:
    doc = yamlsrc.read(Path(path))
    problems = spec.check(doc, spec.UNCERTAINTY)
    if problems:
        raise InputError(problems)
    d = doc.data
    return UncertaintyFile(d["name"], doc.file, hashlib.sha256(doc.raw).hexdigest(), list(d.get("rules") or ()),
                           list(d.get("events") or ()), doc)


def _event_label(e: Event, i: int) -> str:
    who = e.get("actor") or e.get("party") or e.get("provider") or e.get("by") or e.get("status") or ""
    if isinstance(who, list):
        who = ", ".join(map(str, who))
    ref = e.get("id") or f"{e.date} {e.kind}#{i}"
    return f"{ref}" + (f" ({who})" if who else "")


def _date_bounds(e: Event, lo: int, hi: int) -> tuple[int, int]:
    """A range of day ordinals, kept inside the calendar and narrowed so that a sampled
    date never passes the event's own later dates (an entry into force, an end)."""
    lo, hi = max(1, lo), min(_dt.date.max.toordinal(), hi)
    later = [e.get(k).toordinal() for k in LATER_FIELDS if e.get(k)]
    # format 2.1: a conflict's ceasefires (in order; the first is the earliest) bound it too
    later += [c["date"].toordinal() for c in (e.get("ceasefires") or ())[:1] if c.get("date")]
    return lo, max(lo, min([hi, *later]))


class _Table:
    """Ranges by input key, the later declaration winning."""

    def __init__(self) -> None:
        self.ranges: dict[str, tuple] = {}

    def rule(self, rule, lo: float, hi: float, where: str) -> None:
        places = max(2, _places(float(rule.effect.points)) + 2)
        # + 0.0: a bound rounded up to zero from below is -0.0, shown '-0.0' (relative: 1.0000001 on 6 points)
        lo, hi = sorted((round(float(lo), places) + 0.0, round(float(hi), places) + 0.0))
        lo, hi = min(lo, float(rule.effect.points)), max(hi, float(rule.effect.points))
        self.ranges[f"rule:{rule.id}:points"] = ("points", rule.id, -1, lo, hi, float(rule.effect.points),
                                                 rule.factor, f"{rule.id} points", where, str(rule.loc))

    def date(self, p: Profile, i: int, e: Event, lo: int, hi: int, where: str) -> None:
        """``lo``..``hi``: day ordinals (any integers: kept inside the calendar)."""
        day = e.date.toordinal()
        a, b = _date_bounds(e, min(lo, day), max(hi, day))
        self.ranges[f"{p.id}:{_event_key(e, i)}:date"] = ("date", p.id, i, a, b, e.date.toordinal(), e.kind,
                                                          f"{p.id} {_event_label(e, i)} date", where, str(e.loc))

    def severity(self, p: Profile, i: int, e: Event, lo: int, hi: int, where: str) -> None:
        sev = e.get("severity")
        lo, hi = max(1, min(lo, sev)), min(5, max(hi, sev))
        self.ranges[f"{p.id}:{_event_key(e, i)}:severity"] = ("severity", p.id, i, lo, hi, sev, e.kind,
                                                              f"{p.id} {_event_label(e, i)} severity", where,
                                                              str(e.loc))

    def inputs(self) -> list[Input]:
        return [Input(k, *v) for k, v in sorted(self.ranges.items()) if v[3] != v[4]]


def _places(x: float) -> int:
    """Decimal places ``x`` is written with (0.005 → 3)."""
    text = repr(float(x))
    if "e" in text:
        return min(12, int(text.split("e-")[1]) if "e-" in text else 0)
    return len(text.split(".")[1].rstrip("0")) if "." in text else 0


def _event_key(e: Event, i: int) -> str:
    return e.get("id") or f"{e.date} {e.kind}#{i}"


def bundled(path: str, kind: str) -> bool:
    """Whether ``path`` is one of the bundled ``kind`` ("rules", "profiles" or "world") files."""
    from assessor.loader import default_dir

    try:
        return Path(path).resolve().parent == default_dir(kind).resolve()
    except OSError:
        return False


def collect(ruleset: RuleSet, profiles: Sequence[Profile], files: Sequence[UncertaintyFile] = (),
            default: UncertaintyFile | None = None,
            lookup: Callable[[str], Profile | None] | None = None) -> list[Input]:
    """Every uncertain input of ``ruleset`` and ``profiles``: the default file's
    ranges (on the bundled rules and the bundled profiles' events, the world events they inherit included, only: it
    states doubts about them, not about an analyst's own), then those written
    in the rules and profiles, then ``files``' in order.

    ``lookup`` finds a loaded profile by id (one not being assessed, to check
    a file's references to it), None for an unknown id.  In ``files``, a rule,
    profile, event or event kind that does not exist, and a range that is
    empty or leaves out the value the files give, are located errors.
    """
    table = _Table()
    problems: list[Problem] = []
    by_id = {p.id: p for p in profiles}
    find = lookup or by_id.get
    if default is not None:
        _apply(default, ruleset, profiles, table, problems, find, default=True)
    for r in ruleset.rules:
        if r.effect.uncertain is not None:
            table.rule(r, *r.effect.uncertain, str(r.loc))
    for p in profiles:
        for i, e in enumerate(p.events):
            u = e.get("uncertain")
            if not u:
                continue
            if "earliest" in u or "latest" in u:
                table.date(p, i, e, u.get("earliest", e.date).toordinal(), u.get("latest", e.date).toordinal(),
                           str(e.loc))
            if ("severity_min" in u or "severity_max" in u) and e.get("severity") is not None:
                table.severity(p, i, e, u.get("severity_min", e.get("severity")), u.get("severity_max", e.get("severity")),
                               str(e.loc))
    for f in files:
        _apply(f, ruleset, profiles, table, problems, find, default=False)
    if any(p.severity == "error" for p in problems):
        raise InputError(problems)
    return table.inputs()


def _ref_text(ref: dict) -> str:
    return "{" + ", ".join(f"{k}: {v}" for k, v in ref.items()) + "}"


def _apply(f: UncertaintyFile, ruleset: RuleSet, profiles: Sequence[Profile], table: _Table, out: list[Problem],
           find: Callable[[str], Profile | None], default: bool) -> None:
    """One file's ranges into ``table``; its problems into ``out``.  The bundled
    ``default`` file applies only to bundled rules and events."""
    from assessor import spec

    ids = [r.id for r in ruleset.rules]
    # a rule a scenario switched off is still a rule of the file's: its entry is checked against it and
    # ranges nothing (it gives no points in this run), so one file serves the baseline and the scenario
    off = {r.id: r for r in ruleset.disabled}
    for i, entry in enumerate(f.rules):
        path = ("rules", i)
        where = f"{f.path}:{f.doc.loc(path)[0]}"
        if "rule" in entry and entry["rule"] not in ids and entry["rule"] not in off:
            if not default:
                out.append(f.doc.problem(path + ("rule",), f"unknown rule {entry['rule']!r}"
                                                           f"{did_you_mean(entry['rule'], ids)}", "unknown-rule"))
            continue
        has_range, has_rel = "min" in entry or "max" in entry, "relative" in entry
        if has_range == has_rel or (has_range and not ("min" in entry and "max" in entry)):
            out.append(f.doc.problem(path, "give either 'relative' or both 'min' and 'max'", "bad-change"))
            continue
        if has_range and "rule" not in entry:
            out.append(f.doc.problem(path, "'min' and 'max' are points of one rule: name it with 'rule' "
                                           "(or use 'relative' for every rule)", "bad-change"))
            continue
        if has_range:
            r = off.get(entry["rule"]) or ruleset.rule(entry["rule"])
            lo, hi, pts = float(entry["min"]), float(entry["max"]), float(r.effect.points)
            if not lo <= pts <= hi:
                out.append(f.doc.problem(path, f"the range {entry['min']}..{entry['max']} does not hold the rule's "
                                               f"points {r.effect.points}" + (" (min is above max)" if lo > hi else ""),
                                         "bad-range"))
                continue
        for r in ruleset.rules:
            if entry.get("rule", r.id) != r.id or (default and not bundled(r.loc.file, "rules")):
                continue
            if has_rel:
                pts, rel = float(r.effect.points), float(entry["relative"])
                table.rule(r, pts - abs(pts) * rel, pts + abs(pts) * rel, where)
            else:
                table.rule(r, entry["min"], entry["max"], where)
    for i, entry in enumerate(f.events):
        _apply_event(f, i, entry, profiles, table, out, find, default, spec.EVENT.variants)


def _apply_event(f: UncertaintyFile, i: int, entry: dict, profiles: Sequence[Profile], table: _Table,
                 out: list[Problem], find: Callable[[str], Profile | None], default: bool, kinds: dict) -> None:
    from assessor import registry as registry_mod
    from assessor.scenario import resolved_ref

    path = ("events", i)
    where = f"{f.path}:{f.doc.loc(path)[0]}"
    ref = entry.get("event") or {}
    # the states it names, as events hold them (an alias or ISO code matched nothing: nothing ranged, not a word)
    reg = next((p.registry for p in profiles if p.registry is not None), None) or registry_mod.default()
    named_ref = resolved_ref(f.doc, ref, path + ("event",), reg, [] if default else out)
    if named_ref is None:
        return
    single = "id" in ref or "date" in ref
    exact = "earliest" in entry or "latest" in entry
    if "kind" in ref and ref["kind"] not in kinds:
        out.append(f.doc.problem(path + ("event", "kind"), f"unknown event kind {ref['kind']!r}"
                                                           f"{did_you_mean(ref['kind'], list(kinds))}", "bad-value"))
        return
    # a value no event of the kind can hold (`{kind: threat, type: cyber_atack}`): the entry ranged nothing, without a
    # word, as a misspelt kind or state is said
    for field in ("type", "status", "arrangement"):
        if field not in ref:
            continue
        specs = [kinds[ref["kind"]].fields.get(field)] if "kind" in ref else [v.fields.get(field) for v in kinds.values()]
        allowed = [x for fs in specs if fs is not None for x in (getattr(fs.spec, "enum", None) or ())]
        if "kind" in ref and specs == [None]:
            out.append(f.doc.problem(path + ("event", field), f"a {ref['kind']} event has no {field!r}", "bad-value"))
            return
        if allowed and ref[field] not in allowed:
            of = f" of a {ref['kind']} event" if "kind" in ref else ""
            out.append(f.doc.problem(path + ("event", field), f"unknown {field} {ref[field]!r}{of}"
                                                             f"{did_you_mean(ref[field], sorted(set(allowed)))}",
                                     "bad-value"))
            return
    rated = [k for k in ("severity", "severity_min", "severity_max") if k in entry]
    if rated and "kind" in ref and "severity" not in kinds[ref["kind"]].fields:
        # the range was dropped without a word (a profile's own 'uncertain' severity on such an event is an error)
        article = "an" if ref["kind"][:1] in "aeiou" else "a"
        out.append(f.doc.problem(path + (rated[0],), f"{article} {ref['kind']} event has no severity to be uncertain "
                                                     f"about (only {_with_severity(kinds)} have one)", "bad-value"))
        return
    if single and "profile" not in entry:
        out.append(f.doc.problem(path, "one event (by id or date) belongs to one profile: name it with 'profile'",
                                 "bad-change"))
        return
    if exact and not single:
        out.append(f.doc.problem(path, "'earliest'/'latest' are dates of one event: name it by id, or by date "
                                       "and kind (use 'days' for every event of a kind)", "bad-change"))
        return
    if not any(k in entry for k in ("earliest", "latest", "days", "severity", "severity_min", "severity_max")):
        out.append(f.doc.problem(path, "no range given: add days, earliest/latest, severity or "
                                       "severity_min/severity_max", "bad-change"))
        return
    # a range given twice: the later reading replaced the other without a word ('days: 7' beside 'earliest' ranged
    # the earliest..date alone; 'severity: 1' beside both ends was never read)
    unread = ("days" if "days" in entry and exact else
              "severity" if "severity" in entry and "severity_min" in entry and "severity_max" in entry else None)
    if unread is not None:
        instead = "'earliest'/'latest'" if unread == "days" else "'severity_min' and 'severity_max'"
        out.append(f.doc.problem(path + (unread,), f"{unread!r} beside {instead} would not be read: give one or the "
                                                   "other", "bad-change"))
        return
    if "severity_min" in entry and "severity_max" in entry and entry["severity_min"] > entry["severity_max"]:
        out.append(f.doc.problem(path, f"severity_min {entry['severity_min']} is above severity_max "
                                       f"{entry['severity_max']}", "bad-range"))
        return
    lo = _dt.date.fromisoformat(entry["earliest"]) if "earliest" in entry else None
    hi = _dt.date.fromisoformat(entry["latest"]) if "latest" in entry else None
    if lo and hi and ((hi - lo).days > 3650 or hi < lo):
        out.append(f.doc.problem(path, "a date range must run forwards and span at most ten years "
                                       "(beyond that it is a different event, not an uncertain date)", "bad-range"))
        return
    chosen = list(profiles)
    if "profile" in entry:
        try:
            target = find(entry["profile"])
        except AssessorError as exc:  # a name two profiles share: the message lists their ids
            out.append(f.doc.problem(path + ("profile",), str(exc), "unknown-profile"))
            return
        if target is None:
            if not default:
                out.append(f.doc.problem(path + ("profile",), f"unknown profile {entry['profile']!r}", "unknown-profile"))
            return
        # one event is named as its file writes it: a scenario may have moved, changed or removed it
        named = _named(next((p for p in profiles if p.id == target.id), target))
        hits = sum(1 for e in named if _matches(e, named_ref)) if single else 0
        if single and not hits and not default:
            described = [_ref_text({"id": e.get("id")} if e.get("id") else {"date": e.date, "kind": e.kind})
                         for e in named]
            out.append(f.doc.problem(path + ("event",), f"no event of {target.id!r} matches {_ref_text(ref)}"
                                                        f"{did_you_mean(_ref_text(ref), described)}", "unknown-event"))
            return
        if hits > 1 and not default:  # one event, by id or date: ranging each it matches was never said
            out.append(f.doc.problem(path + ("event",), f"{hits} events of {target.id!r} match {_ref_text(ref)}: add a "
                                                        "field (kind, party, actor, type, …) or give the event an id",
                                     "ambiguous-event"))
            return
        # The named profile's events are checked whether or not it is assessed: a file is valid or
        # not whatever the command line assesses; only an assessed profile's inputs are varied.
        assessed = {p.id: p for p in profiles}
        chosen = [assessed.get(target.id, target)]
    else:
        assessed = {p.id: p for p in chosen}
    first, last = 1, _dt.date.max.toordinal()
    for p in chosen:
        varied = p.id in assessed
        for k, e, e0 in _targets(p, named_ref, single):
            # the bundled record is the bundled profiles and the bundled world records they inherit (an
            # inherited threat was left unranged: Estonia's six Russian threats recorded in world/russia.yaml);
            # an analyst's own record states its own ranges, for what it inherits too
            if default and not (bundled(e.loc.file, "profiles")
                                or (bundled(e.loc.file, "world") and bundled(p.path, "profiles"))):
                continue
            day = e.date.toordinal()
            if "days" in entry and varied:  # clamped to the calendar
                table.date(p, k, e, max(first, day - int(entry["days"])), min(last, day + int(entry["days"])), where)
            if exact:
                a, b = lo or e0.date, hi or e0.date
                if a > e0.date or b < e0.date:
                    out.append(f.doc.problem(path, f"the range {a}..{b} does not hold the event's date {e0.date}",
                                             "bad-range"))
                    continue
                if (b - a).days > 3650:  # a one-sided range too: the event's own date is its other end
                    out.append(f.doc.problem(path, f"the range {a}..{b} spans more than ten years (beyond that it is "
                                                   "a different event, not an uncertain date)", "bad-range"))
                    continue
                # as the profile's own 'uncertain' range is refused: the samples were cut at the later date without
                # a word (latest: 2020-11-30 ranged an agreement in force from 2020-11-10 over 11-09..11-10 only)
                passed = next((k for k in LATER_FIELDS if e0.get(k) and e0.get(k) < b), None)
                if passed is not None:
                    out.append(f.doc.problem(path + ("latest",), f"'latest' {b} is after the event's '{passed}' "
                                                                 f"{e0.get(passed)}: a sampled date could fall after it",
                                             "bad-range"))
                    continue
                if varied:  # an event a scenario moved takes its range with it (as its own 'uncertain' range)
                    shift = (e.date - e0.date).days
                    moved = b + _dt.timedelta(days=shift) if b.toordinal() + shift <= last else _dt.date.max
                    passed = next((k for k in LATER_FIELDS if e.get(k) and e.get(k) < moved), None)
                    if passed is not None:  # as above, with the later date a scenario sets (in_force set earlier)
                        out.append(f.doc.problem(path + ("latest",), f"'latest' {b} is after the event's '{passed}' "
                                                                     f"{e.get(passed)} as a scenario sets it: a sampled "
                                                                     "date could fall after it", "bad-range"))
                        continue
                    table.date(p, k, e, min(last, max(first, a.toordinal() + shift)),
                               max(first, min(last, b.toordinal() + shift)), where)
            sev = e0.get("severity")
            if sev is None and rated and single and "severity" not in kinds[e0.kind].fields:
                out.append(f.doc.problem(path + (rated[0],), f"the {e0.kind} event {_ref_text(ref)} has no severity to "
                                                             f"be uncertain about (only {_with_severity(kinds)} have "
                                                             "one)", "bad-value"))
                continue
            if sev is not None and ("severity" in entry or "severity_min" in entry or "severity_max" in entry):
                spread = int(entry.get("severity", 0))
                s_lo, s_hi = int(entry.get("severity_min", sev - spread)), int(entry.get("severity_max", sev + spread))
                if not s_lo <= sev <= s_hi:
                    if single:
                        out.append(f.doc.problem(path, f"the severity range {s_lo}..{s_hi} does not hold the event's "
                                                       f"severity {sev}", "bad-range"))
                    continue  # a wildcard's range ranges only the events whose severity it holds (a second review:
                    #           a 2..3 for every threat drew a severity 5 threat down to 2..3 in every sample)
                if varied:  # a spread is around the severity the event has (a scenario may have set it)
                    now = e.get("severity", sev)
                    s_lo, s_hi = int(entry.get("severity_min", now - spread)), int(entry.get("severity_max", now + spread))
                    if not s_lo <= now <= s_hi:
                        # as a rule's range is checked against a scenario's points: every sample drew the file's
                        # 2..3 for a threat the scenario set to 5, undoing the scenario without a word; a wildcard's
                        # range leaves such an event unvaried, as one it does not hold as written
                        if single:
                            out.append(f.doc.problem(path, f"the severity range {s_lo}..{s_hi} does not hold the "
                                                           f"severity {now} a scenario gives the event", "bad-range"))
                        continue
                    table.severity(p, k, e, s_lo, s_hi, where)


def _with_severity(kinds: dict) -> str:
    """The kinds of event that have a severity, as a message lists them ('threat and campaign events')."""
    return " and ".join(k for k, v in kinds.items() if "severity" in v.fields) + " events"


def _targets(p: Profile, ref: dict, single: bool) -> list[tuple[int, Event, Event]]:
    """The events of ``p`` an entry ranges: (index, event, the event as its file writes it).  One event
    (by id or date) is matched as its file writes it, then found where a scenario put it (nowhere, if
    the scenario removed it), or among the events the scenario added; a wildcard matches the events as
    they are."""
    if not single or p.scenario_of is None:
        return [(k, e, e) for k, e in enumerate(p.events) if _matches(e, ref)]
    written, origin = p.scenario_of
    hits = {i for i, e in enumerate(written.events) if _matches(e, ref)}
    return [(k, e, e if origin[k] is None else written.events[origin[k]]) for k, e in enumerate(p.events)
            if (origin[k] in hits if origin[k] is not None else _matches(e, ref))]


def _named(p: Profile) -> list[Event]:
    """The events one entry may name in ``p``: as its file writes them, and those a scenario added."""
    if p.scenario_of is None:
        return list(p.events)
    written, origin = p.scenario_of
    return [*written.events, *(e for k, e in enumerate(p.events) if origin[k] is None)]


def _matches(e: Event, ref: dict) -> bool:
    from assessor.scenario import _matches as match

    return match(e, ref)


def realise(ruleset: RuleSet, profiles: Sequence[Profile], inputs: Sequence[Input],
            u: Sequence[float]) -> tuple[RuleSet, dict[str, Profile]]:
    """The rule set and profiles with each input at its value for ``u`` (new objects; inputs untouched)."""
    rules = None
    events: dict[str, list[Event]] = {}
    by_id = {p.id: p for p in profiles}
    for inp, x in zip(inputs, u):
        value = inp.value(x)
        if inp.kind == "points":
            if rules is None:
                rules = {r.id: r for r in ruleset.rules}
            r = rules[inp.target]
            eff = r.effect
            # A range on a rule's points scales its whole effect, its cap (in the same points) too: with the cap
            # fixed, a sample stronger than the rule as written was cut back to it wherever the cap binds, so the
            # band of a well-protected country was one-sided (defence-guarantee: -30 per unit of protection, cap 30).
            cap = eff.cap if eff.cap is None or not eff.points else round(eff.cap * abs(value) / abs(eff.points), 6) + 0.0
            rules[inp.target] = dataclasses.replace(r, effect=dataclasses.replace(eff, points=value, cap=cap))
            continue
        p = by_id.get(inp.target)
        if p is None:
            continue
        evs = events.setdefault(p.id, list(p.events))
        e = evs[inp.event]
        if inp.kind == "date":
            evs[inp.event] = dataclasses.replace(e, date=_dt.date.fromordinal(int(value)))
        else:
            evs[inp.event] = dataclasses.replace(e, details={**e.details, "severity": int(value)})
    rs = ruleset if rules is None else dataclasses.replace(ruleset, rules=tuple(rules[r.id] for r in ruleset.rules))
    out = {}
    for p in profiles:
        changed = events.get(p.id)
        out[p.id] = p if changed is None else dataclasses.replace(p, events=tuple(sorted(changed, key=lambda e: e.date)))
    return rs, out


def describe(files: Sequence[UncertaintyFile]) -> list[dict]:
    return [{"name": f.name, "file": f.path, "sha256": f.sha256} for f in files]
