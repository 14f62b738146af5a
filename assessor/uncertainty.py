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
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from pathlib import Path

from assessor import spec, yamlsrc
from assessor.errors import InputError, Problem, did_you_mean
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
             "declared": self.declared}
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


def _date_bounds(e: Event, lo: _dt.date, hi: _dt.date) -> tuple[int, int]:
    """A date range narrowed so that a sampled date never passes the event's own later dates."""
    latest = min([hi] + [e.get(k) for k in LATER_FIELDS if e.get(k)])
    return lo.toordinal(), max(lo, latest).toordinal()


class _Table:
    """Ranges by input key, the later declaration winning."""

    def __init__(self) -> None:
        self.ranges: dict[str, tuple] = {}

    def rule(self, rule, lo: float, hi: float, where: str) -> None:
        places = max(2, _places(float(rule.effect.points)) + 2)
        lo, hi = sorted((round(float(lo), places), round(float(hi), places)))
        lo, hi = min(lo, float(rule.effect.points)), max(hi, float(rule.effect.points))
        self.ranges[f"rule:{rule.id}:points"] = ("points", rule.id, -1, lo, hi, float(rule.effect.points),
                                                 rule.factor, f"{rule.id} points", where)

    def date(self, p: Profile, i: int, e: Event, lo: _dt.date, hi: _dt.date, where: str) -> None:
        a, b = _date_bounds(e, min(lo, e.date), max(hi, e.date))
        self.ranges[f"{p.id}:{_event_key(e, i)}:date"] = ("date", p.id, i, a, b, e.date.toordinal(), e.kind,
                                                          f"{p.id} {_event_label(e, i)} date", where)

    def severity(self, p: Profile, i: int, e: Event, lo: int, hi: int, where: str) -> None:
        sev = e.get("severity")
        lo, hi = max(1, min(lo, sev)), min(5, max(hi, sev))
        self.ranges[f"{p.id}:{_event_key(e, i)}:severity"] = ("severity", p.id, i, lo, hi, sev, e.kind,
                                                              f"{p.id} {_event_label(e, i)} severity", where)

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


def collect(ruleset: RuleSet, profiles: Sequence[Profile], files: Sequence[UncertaintyFile] = (),
            default: UncertaintyFile | None = None, known: Collection[str] = ()) -> list[Input]:
    """Every uncertain input of ``ruleset`` and ``profiles``: the default file's
    ranges, then those written in the rules and profiles, then ``files``'.

    A file naming a rule, profile or event that does not exist is a located
    error (with a did-you-mean); a wildcard (every rule, every threat) that
    matches nothing is not.
    """
    table = _Table()
    problems: list[Problem] = []
    if default is not None:
        _apply(default, ruleset, profiles, table, problems, strict=False, known=known)
    for r in ruleset.rules:
        if r.effect.uncertain is not None:
            table.rule(r, *r.effect.uncertain, str(r.loc))
    for p in profiles:
        for i, e in enumerate(p.events):
            u = e.get("uncertain")
            if not u:
                continue
            if "earliest" in u or "latest" in u:
                table.date(p, i, e, u.get("earliest", e.date), u.get("latest", e.date), str(e.loc))
            if ("severity_min" in u or "severity_max" in u) and e.get("severity") is not None:
                table.severity(p, i, e, u.get("severity_min", e.get("severity")), u.get("severity_max", e.get("severity")),
                               str(e.loc))
    for f in files:
        _apply(f, ruleset, profiles, table, problems, strict=True, known=known)
    if any(p.severity == "error" for p in problems):
        raise InputError(problems)
    return table.inputs()


def _apply(f: UncertaintyFile, ruleset: RuleSet, profiles: Sequence[Profile], table: _Table,
           out: list[Problem], strict: bool, known: Collection[str]) -> None:
    """``known``: every profile id loaded (one not being assessed is skipped, an unknown one is an error)."""
    ids = [r.id for r in ruleset.rules]
    for i, entry in enumerate(f.rules):
        where = f"{f.path}:{f.doc.loc(('rules', i))[0]}"
        if "rule" in entry and entry["rule"] not in ids:
            if strict:
                out.append(f.doc.problem(("rules", i, "rule"), f"unknown rule {entry['rule']!r}"
                                                               f"{did_you_mean(entry['rule'], ids)}", "unknown-rule"))
            continue
        has_range, has_rel = "min" in entry or "max" in entry, "relative" in entry
        if has_range == has_rel or (has_range and not ("min" in entry and "max" in entry)):
            out.append(f.doc.problem(("rules", i), "give either 'relative' or both 'min' and 'max'", "bad-change"))
            continue
        if has_range and "rule" not in entry:
            out.append(f.doc.problem(("rules", i), "'min' and 'max' are points of one rule: name it with 'rule' "
                                                   "(or use 'relative' for every rule)", "bad-change"))
            continue
        for r in ruleset.rules:
            if entry.get("rule", r.id) != r.id:
                continue
            if has_rel:
                pts, rel = float(r.effect.points), float(entry["relative"])
                table.rule(r, pts - abs(pts) * rel, pts + abs(pts) * rel, where)
            else:
                table.rule(r, entry["min"], entry["max"], where)
    by_id = {p.id: p for p in profiles}
    for i, entry in enumerate(f.events):
        path = ("events", i)
        where = f"{f.path}:{f.doc.loc(path)[0]}"
        chosen = list(profiles)
        if "profile" in entry:
            hit = by_id.get(entry["profile"]) or next((p for p in profiles if entry["profile"].lower() in
                                                       (p.name.lower(), *map(str.lower, p.aliases))), None)
            if hit is None:
                if strict and entry["profile"] not in known:
                    out.append(f.doc.problem(path + ("profile",), f"unknown profile {entry['profile']!r}"
                                                                  f"{did_you_mean(entry['profile'], list(known))}",
                                             "unknown-profile"))
                continue  # a profile that is not being assessed: nothing to vary
            chosen = [hit]
        ref = entry.get("event") or {}
        single = "id" in ref or "date" in ref
        exact = "earliest" in entry or "latest" in entry
        if exact and not single:
            out.append(f.doc.problem(path, "'earliest'/'latest' are dates of one event: name it by id, or by date "
                                           "and kind (use 'days' for every event of a kind)", "bad-change"))
            continue
        if not any(k in entry for k in ("earliest", "latest", "days", "severity", "severity_min", "severity_max")):
            out.append(f.doc.problem(path, "no range given: add days, earliest/latest, severity or "
                                           "severity_min/severity_max", "bad-change"))
            continue
        matched = 0
        for p in chosen:
            for k, e in enumerate(p.events):
                if not _matches(e, ref):
                    continue
                matched += 1
                if "days" in entry:
                    d = _dt.timedelta(days=int(entry["days"]))
                    table.date(p, k, e, e.date - d, e.date + d, where)
                if exact:
                    lo = _dt.date.fromisoformat(entry["earliest"]) if "earliest" in entry else e.date
                    hi = _dt.date.fromisoformat(entry["latest"]) if "latest" in entry else e.date
                    if lo > e.date or hi < e.date:
                        out.append(f.doc.problem(path, f"the range {lo}..{hi} does not hold the event's date "
                                                       f"{e.date}", "bad-range"))
                        continue
                    table.date(p, k, e, lo, hi, where)
                sev = e.get("severity")
                if sev is not None and ("severity" in entry or "severity_min" in entry or "severity_max" in entry):
                    spread = int(entry.get("severity", 0))
                    table.severity(p, k, e, int(entry.get("severity_min", sev - spread)),
                                   int(entry.get("severity_max", sev + spread)), where)
        if single and matched == 0 and strict and "profile" in entry:
            described = [_event_key(e, k) for p in chosen for k, e in enumerate(p.events)]
            out.append(f.doc.problem(path + ("event",), f"no event of {chosen[0].id!r} matches "
                                                        f"{ref}{did_you_mean(str(ref.get('id') or ref.get('date')), described)}",
                                     "unknown-event"))


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
            rules[inp.target] = dataclasses.replace(r, effect=dataclasses.replace(r.effect, points=value))
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
