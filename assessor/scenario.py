"""Scenarios: "what if" as a file — a named set of changes to profiles and rules.

A scenario is YAML, validated like every input (``assessor schema scenario``)::

    name: Turkey and Hungary ratify in 2022
    description: ...
    changes:
      - profile: sweden
        move: {date: 2024-01-23, kind: ratification}      # an event, by its id or by date and kind
        to: 2022-11-15                                      # or by_days: -430
      - profile: sweden
        remove: {id: sweden-us-dca}
      - profile: sweden
        set: {date: 2023-12-05, kind: agreement}
        fields: {pending: true}                             # change fields (severity, size, type, …)
      - profile: sweden
        add: {date: 2022-06-01, kind: threat, actor: Russia, type: statement, severity: 2,
              weighs_days: 90, summary: "...", source: {...}}
    rules:
      - rule: window-of-vulnerability
        points: 20                                          # or disable: true (not "off": YAML reads it as false)

An event is referred to by its ``id`` (profile events may carry a stable
``id``) or by ``date`` and ``kind`` (and, where that is not unique, any of
its fields); an unknown reference is a located error with a did-you-mean.
Applying a scenario returns new profiles and a new rule set: the inputs are
never modified.
"""

from __future__ import annotations

import dataclasses
import datetime as _dt
import hashlib
from dataclasses import dataclass
from pathlib import Path

from assessor import loader, spec, yamlsrc
from assessor.errors import InputError, Problem, did_you_mean
from assessor.model import Event, Loc, Profile, RuleSet

REF_KEYS = ("id", "date", "kind")


@dataclass
class Scenario:
    name: str
    description: str
    path: str
    sha256: str
    changes: list[dict]
    rules: list[dict]
    doc: yamlsrc.Document


def load(path: str | Path) -> Scenario:
    doc = yamlsrc.read(Path(path))
    problems = spec.check(doc, spec.SCENARIO)
    if problems:
        raise InputError(problems)
    d = doc.data
    return Scenario(d["name"], d.get("description", ""), doc.file, hashlib.sha256(doc.raw).hexdigest(),
                    list(d.get("changes") or ()), list(d.get("rules") or ()), doc)


REF_NAME_FIELDS = ("party", "provider", "actor", "by", "partner")  # the fields of a reference that name states


def resolved_ref(doc: yamlsrc.Document, ref: dict, path: tuple, reg, out: list[Problem]) -> dict | None:
    """``ref`` with the states it names (party, provider, actor, by, partner) as their canonical names, matched against an
    event's as sets (:func:`_matches`): written as an alias or an ISO code ('Russian Federation', 'RU'), a name
    matched no event, since events hold canonical names ('no event matches' in a scenario; in an uncertainty file's
    every-event entry, nothing ranged without a word).  An unknown name is a located error (None)."""
    from assessor import registry as registry_mod

    out_ref = dict(ref)
    for k in REF_NAME_FIELDS:
        v = ref.get(k)
        if not isinstance(v, str):
            continue
        if k == "actor" and v.strip().lower() == loader.UNKNOWN_ACTOR:
            out_ref[k] = (loader.UNKNOWN_ACTOR,)
            continue
        found: list[Problem] = []  # a text naming several ('A, B and C', as reasons show them) is read as its parts
        names = registry_mod.resolve_names(reg, doc, path + (k,), v, found, "warning")
        if names is None:
            out.extend(p for p in found if p.severity == "error")
            return None
        out_ref[k] = names
    return out_ref


def _event_names(e: Event, k: str) -> set[str]:
    value = e.get(k + ":names", e.get(k))
    return set(value) if isinstance(value, (list, tuple)) else {value} if value else set()


def _matches(e: Event, ref: dict) -> bool:
    for k, v in ref.items():
        if isinstance(v, tuple):  # canonical names (resolved_ref)
            if _event_names(e, k) != set(v):
                return False
        elif k == "id":
            if e.get("id") != v:
                return False
        elif k == "date":
            if e.date.isoformat() != v:
                return False
        elif k == "kind":
            if e.kind != v:
                return False
        elif str(e.get(k)) != str(v):
            return False
    return True


def _find(sc: Scenario, profile: Profile, ref: dict, path: tuple, out: list[Problem]) -> Event | None:
    named = resolved_ref(sc.doc, ref, path, profile.registry or _registry(), out)
    if named is None:
        return None
    hits = [e for e in profile.events if _matches(e, named)]
    if len(hits) == 1:
        return hits[0]
    shown = ", ".join(f"{k}: {v}" for k, v in ref.items())
    if not hits:
        described = [f"{e.date} {e.kind}" + (f" ({e.get('id')})" if e.get("id") else "") for e in profile.events]
        key = " ".join(str(ref.get(k, "")) for k in ("date", "kind")).strip() or str(ref.get("id", ""))
        ids = [e.get("id") for e in profile.events if e.get("id")]
        did = did_you_mean(ref["id"], ids) if "id" in ref else did_you_mean(key, described)
        unknown = ""
        if "kind" in ref and ref["kind"] not in spec.EVENT.variants:
            # no kind of event: the kind is the slip, so the day's events are the ones meant ('kind: application' on
            # Finland's day of application was offered '2022-09-27 ratification', another event four months later)
            unknown = f" ({ref['kind']!r} is no kind of event)"
            that_day = [d for d, e in zip(described, profile.events) if "date" in ref and str(e.date) == str(ref["date"])]
            did = did_you_mean(key, that_day, cutoff=0) or did
        out.append(sc.doc.problem(path, f"no event of {profile.id!r} matches {{{shown}}}{unknown}{did}", "unknown-event"))
    else:
        out.append(sc.doc.problem(path, f"{len(hits)} events of {profile.id!r} match {{{shown}}}: add a field "
                                        "(party, actor, type, …) or give the event an id", "ambiguous-event"))
    return None


def apply(sc: Scenario, ruleset: RuleSet, profiles: loader.ProfileSet,
          warnings: list[Problem] | None = None) -> tuple[RuleSet, loader.ProfileSet]:
    """The rule set and profiles as the scenario would have them (new objects; inputs untouched).

    With ``warnings``, the profile lints' warnings that the scenario's changes make (a record the lints
    pass, whose membership steps a change puts out of order) are appended there, each located at the
    change that made it: the same edit made by hand is warned of by ``profiles validate``."""
    out: list[Problem] = []
    made_by: dict[int, tuple] = {}  # id of an event a change added or changed -> the change's path
    first_change: dict[str, tuple] = {}  # each changed profile's first change
    changed: dict[str, list[Event]] = {}
    origins: dict[str, list[int | None]] = {}
    for i, ch in enumerate(sc.changes):
        path = ("changes", i)
        try:
            p = profiles.resolve(ch["profile"])
        except Exception as exc:  # unknown country: located here, with the resolver's did-you-mean
            out.append(sc.doc.problem(path + ("profile",), str(exc), "unknown-profile"))
            continue
        first_change.setdefault(p.id, path)
        events = changed.setdefault(p.id, list(p.events))
        origin = origins.setdefault(p.id, list(range(len(p.events))))  # which event of p each one is
        view = dataclasses.replace(p, events=tuple(events))
        verbs = [k for k in ("add", "remove", "move", "set") if k in ch]
        if len(verbs) != 1:
            out.append(sc.doc.problem(path, "a change needs exactly one of add, remove, move, set"
                                            + (f" (found {', '.join(verbs)})" if verbs else ""), "bad-change"))
            continue
        verb = verbs[0]
        if verb == "move" and ("to" in ch) == ("by_days" in ch):
            out.append(sc.doc.problem(path + ("move",), "move needs exactly one of 'to' (a date) or 'by_days'", "bad-change"))
            continue
        stray = [k for k, owner in (("to", "move"), ("by_days", "move"), ("fields", "set")) if k in ch and verb != owner]
        if stray:  # read by another verb only: ignored here, it would change nothing without a word
            owner = "set" if stray[0] == "fields" else "move"
            out.append(sc.doc.problem(path + (stray[0],), f"'{stray[0]}' belongs to {owner}, not {verb}: "
                                                          f"a change does one thing", "bad-change"))
            continue
        if verb == "set" and not ch.get("fields"):
            out.append(sc.doc.problem(path + ("set",), "set needs 'fields': the fields to change", "bad-change"))
            continue
        if verb == "add":
            new_event = _event_from(sc, ch["add"], path + ("add",), p, profiles, out)
            new_id = new_event.get("id")
            if new_id is not None and any(e.get("id") == new_id for e in events):  # as the profile format refuses it
                out.append(sc.doc.problem(path + ("add", "id"), f"event id {new_id!r} is already used in {p.id!r}: "
                                                                "an id names one event", "duplicate-id"))
                continue
            if _event_ok(sc, new_event, path + ("add",), out, p):
                events.append(new_event)
                made_by[id(new_event)] = path
                origin.append(None)
            continue
        e = _find(sc, view, ch[verb], path + (verb,), out)
        if e is None:
            continue
        idx = events.index(e)
        if verb == "remove":
            del events[idx]
            del origin[idx]
            continue
        changed_event: Event | None
        if verb == "move":
            try:
                new_date = (_dt.date.fromisoformat(ch["to"]) if "to" in ch
                            else e.date + _dt.timedelta(days=int(ch["by_days"])))
                changed_event = dataclasses.replace(e, date=new_date)
                unc = e.get("uncertain")
                if unc and ("earliest" in unc or "latest" in unc):  # the range moves with the event
                    shift = new_date - e.date
                    moved = {k: (v + shift if k in ("earliest", "latest") else v) for k, v in unc.items()}
                    changed_event = dataclasses.replace(changed_event, details={**e.details, "uncertain": moved})
            except (OverflowError, ValueError):
                out.append(sc.doc.problem(path + ("move",), f"this move takes the event of {e.date} (or its "
                                                            f"uncertain range) outside the calendar "
                                                            f"({_dt.date.min}..{_dt.date.max})", "bad-value"))
                continue
            if not _named_exist(sc, changed_event, path + ("to" if "to" in ch else "by_days",), p, out):
                continue
        else:
            changed_event = _set_fields(sc, e, ch["fields"], path + ("fields",), p, out)
        if changed_event is not None and changed_event.date == e.date and changed_event.details == e.details:
            # as a rule change that gives neither points nor disable is refused: a change that changes nothing was
            # applied without a word (and compare then showed the baseline twice, saying nothing of why)
            where, what = (("fields", "every field it sets already holds that value") if verb == "set"
                           else ("to" if "to" in ch else "by_days", f"the event is already dated {e.date}"))
            out.append(sc.doc.problem(path + (where,), f"this {verb} changes nothing in {p.id!r}: {what}", "bad-change"))
            continue
        if changed_event is not None and _event_ok(sc, changed_event, path, out, p):
            events[idx] = changed_event
            made_by[id(changed_event)] = path
    new_profiles = dict(profiles.profiles)
    for pid, events in changed.items():
        base = profiles.profiles[pid]
        order = sorted(range(len(events)), key=lambda k: events[k].date)
        # each event's place in the file's profile (through an earlier scenario's changes, if any)
        root, before = base.scenario_of or (base, list(range(len(base.events))))
        placed = tuple(None if origins[pid][k] is None else before[origins[pid][k]] for k in order)
        # a changed profile is no longer the file's: its hash says which scenario changed it
        new_profiles[pid] = dataclasses.replace(base, events=tuple(events[k] for k in order), scenario_of=(root, placed),
                                                sha256=hashlib.sha256((base.sha256 + sc.sha256).encode()).hexdigest())
    if warnings is not None and not any(p.severity == "error" for p in out):
        for pid in changed:
            warnings.extend(_new_lints(sc, profiles.profiles[pid], new_profiles[pid], made_by, first_change[pid]))
    rules = list(ruleset.rules)
    disabled, disabled_by = list(ruleset.disabled), list(ruleset.disabled_by)
    changed_by = list(ruleset.changed_by)
    first: dict[str, int] = {}  # rule id -> the index of the change that names it first
    for i, r in enumerate(sc.rules):
        ids = [x.id for x in rules]
        if r["rule"] in first:  # a second change to one rule: the later won, or (after disable) named no rule
            line = sc.doc.loc(("rules", first[r["rule"]]))[0]
            out.append(sc.doc.problem(("rules", i, "rule"), f"rule {r['rule']!r} is already changed at line {line}: "
                                                            "one change per rule", "duplicate-id"))
            continue
        first[r["rule"]] = i
        if r.get("disable") and "points" in r:
            out.append(sc.doc.problem(("rules", i), "a rule change gives new 'points' or 'disable: true', not both",
                                      "bad-value"))
            continue
        if not r.get("disable") and "points" not in r:
            out.append(sc.doc.problem(("rules", i), "a rule change gives new 'points' or 'disable: true'; this one "
                                                    "changes nothing", "missing-field"))
            continue
        off = [k for k, x in enumerate(disabled) if x.id == r["rule"]]
        if off and r["rule"] not in ids:  # an earlier scenario's disable: the rule is known, not in force ('unknown
            # rule' had said the one name the rule set does know was not in it)
            out.append(sc.doc.problem(("rules", i, "rule"), f"rule {r['rule']!r} is already switched off by an earlier "
                                                            f"scenario ({disabled_by[off[0]]})" + ("" if r.get("disable")
                                                            else ": new points would not be read"),
                                      "bad-change"))
            continue
        if r["rule"] not in ids:
            out.append(sc.doc.problem(("rules", i, "rule"), f"unknown rule {r['rule']!r}{did_you_mean(r['rule'], ids)}",
                                      "unknown-rule"))
            continue
        k = ids.index(r["rule"])
        if r.get("disable"):
            disabled.append(rules.pop(k))
            disabled_by.append(Loc(sc.path, *sc.doc.loc(("rules", i))))
        elif "points" in r:
            unc = rules[k].effect.uncertain
            if unc is not None and not unc[0] <= r["points"] <= unc[1]:
                # as the rule file's own points outside it are (bad-range): kept, the range was widened to hold the
                # new points and samples drew from 5..20 a range nobody declared, undoing the scenario's 20
                out.append(sc.doc.problem(("rules", i, "points"), f"{r['points']} lies outside the range "
                                                                  f"{unc[0]}..{unc[1]} rule {r['rule']!r} declares for its "
                                                                  f"points ({rules[k].loc}): give points within it, or "
                                                                  "change the rule's range", "bad-range"))
                continue
            if r["points"] == rules[k].effect.points:  # as a change giving no points at all is refused
                out.append(sc.doc.problem(("rules", i, "points"), f"rule {r['rule']!r} already gives {r['points']} "
                                                                  "points: this change changes nothing", "bad-change"))
                continue
            changed_by.append((r["rule"], sc.name, Loc(sc.path, *sc.doc.loc(("rules", i))), rules[k].effect.points))
            rules[k] = dataclasses.replace(rules[k], effect=dataclasses.replace(rules[k].effect, points=r["points"]))
    if any(p.severity == "error" for p in out):
        raise InputError(out)
    # The rule set keeps its name; its hash changes only when the scenario changes a rule (a scenario about
    # the record alone left the rules' hash claiming other rules). Which scenarios were applied is said apart.
    changed_rules = tuple(rules) != ruleset.rules or tuple(disabled) != ruleset.disabled
    new_rs = dataclasses.replace(ruleset, rules=tuple(rules), disabled=tuple(disabled), disabled_by=tuple(disabled_by),
                                 changed_by=tuple(changed_by),
                                 scenarios=ruleset.scenarios + ((sc.name, sc.path, sc.sha256),),
                                 sha256=hashlib.sha256((ruleset.sha256 + sc.sha256).encode()).hexdigest()
                                 if changed_rules else ruleset.sha256)
    return new_rs, loader.ProfileSet(new_profiles)


# The profile lints a scenario's changes are checked with: the record's consistency, not its sources' conventions.
SCENARIO_LINTS = frozenset({"membership-order", "membership-without-alliance", "actor-not-adversary",
                            "pact-within-hostile-side"})
# At most this many of them are said per scenario, then how many more (`profiles validate` on an edited copy lists all).
SCENARIO_LINTS_SHOWN = 10


def _new_lints(sc: Scenario, before: Profile, after: Profile, made_by: dict, first: tuple) -> list[Problem]:
    """The profile lints' findings on ``after`` that ``before`` does not have, each located at the change
    that made the event it is about (else at the profile's first change), naming the record's line.

    Only the lints of the record's consistency (:data:`SCENARIO_LINTS`): those of its sources' conventions
    would flood a scenario's supposed events, whose source is the scenario itself (500 added threats gave 500
    dated-after-source warnings)."""
    from assessor.authoring.lint import lint_profile

    # (the record's inherited events linted before the change too: what one already said is not the change's doing)
    inherited = frozenset(id(e) for e in before.events if "world" in e.details)
    known = {(p.code, p.message) for p in lint_profile(before, only=SCENARIO_LINTS, also=inherited)}
    # an event by its line, and by the lines of its fields (a lint of its actor or partner stands at that field's:
    # read by the event's line alone, every such warning fell back to the profile's first change)
    at: dict[tuple[str, int], Event] = {}
    for e in after.events:
        for loc in (e.loc, *(v for k, v in e.details.items() if k.endswith(":loc") and isinstance(v, Loc))):
            at.setdefault((loc.file, loc.line), e)
    found = []
    # an inherited event a change made is linted here too: its world file's lint never sees this record's change
    # (an inherited Russian threat set to China's went without the warning the record's own would get)
    for p in lint_profile(after, only=SCENARIO_LINTS, also=frozenset(made_by)):
        if (p.code, p.message) in known:
            continue
        about = at.get((p.file, p.line))
        where = made_by.get(id(about), first) if about is not None else first
        found.append(sc.doc.problem(where, f"with this change, {after.id!r} would read: {p.message} "
                                           f"(at {p.file}:{p.line})", p.code, severity="warning"))
    return found


def _set_fields(sc: Scenario, e: Event, fields: dict, path: tuple, profile: Profile, out: list[Problem]) -> Event | None:
    """``e`` with ``fields`` changed, each value checked as the profile format checks it
    (names resolved through the registry again); None if any is refused."""
    kind_spec = spec.EVENT.variants[e.kind]
    found: list[Problem] = []
    details = dict(e.details)
    for k, v in fields.items():
        fpath = path + (k,)
        f = kind_spec.fields.get(k)
        if f is None or k in ("date", "kind", "summary", "source", "note"):
            found.append(sc.doc.problem(fpath, f"a {e.kind} event has no field {k!r} to set", "unknown-field", key=True))
            continue
        if v is None:
            if f.required:
                found.append(sc.doc.problem(fpath, f"{k!r} is required on a {e.kind} event: it cannot be removed",
                                            "bad-value"))
            details.pop(k, None)
            details.pop(k + ":names", None)
            continue
        before = len(found)
        f.spec.check(sc.doc, v, fpath, found)
        if len(found) == before:
            details[k] = _dt.date.fromisoformat(v) if k in loader.DATE_FIELDS and isinstance(v, str) else v
    if not found:
        # the fields naming states (an adversary_pact's partner beside its actor), resolved as the profile loader
        # resolves them
        named = {n: fields[n] for n in (loader.NAME_FIELDS.get(e.kind), loader.SECOND_NAME_FIELDS.get(e.kind))
                 if n is not None and fields.get(n) is not None}
        if named:
            # the event's date (and uncertain range), which the registry checks the name's existence on: without
            # them every `fields: {actor: ...}` ended in a KeyError traceback
            raw = {"kind": e.kind, "date": e.date.isoformat(), **named}
            resolved = {**named, **({"uncertain": details["uncertain"]} if "uncertain" in details else {})}
            loader._resolve_event_names(sc.doc, raw, resolved, path[:-1] + ("fields",), profile.registry or _registry(),
                                        found)
            for n in named:
                details.pop(n + ":names", None)
            details.update({k: v for k, v in resolved.items() if not k.endswith(":loc")})
        actor = loader.NAME_FIELDS.get(e.kind)
        if ("attribution" in fields and actor not in named and details.get(actor) == loader.UNKNOWN_ACTOR
                and details.get("attribution") != "unproven"):
            # as the profile loader refuses it: an actor nobody has established with an attribution that says it was
            # (or none) was scored as an established threat by no one
            found.append(sc.doc.problem(path + ("attribution",), f"{actor} 'unknown' needs 'attribution: unproven' (an "
                                                                 "established threat names who made it)", "unknown-name"))
    out.extend(found)
    return None if any(p.severity == "error" for p in found) else dataclasses.replace(e, details=details)


def _event_ok(sc: Scenario, e: Event, path: tuple, out: list[Problem], profile: Profile) -> bool:
    """The profile loader's own checks of one event (an end before the start, an actor that is the country
    itself, …), located in the scenario."""
    found: list[Problem] = []
    loader._check_event(_Located(sc.doc, path), e, (), found)
    own = set((profile.registry or _registry()).states_of(profile.name, profile.aliases))
    loader._not_only_itself(_Located(sc.doc, path), e, (), own, found)  # type: ignore[arg-type]
    out.extend(found)
    return not any(p.severity == "error" for p in found)


def _named_exist(sc: Scenario, e: Event, path: tuple, profile: Profile, out: list[Problem]) -> bool:
    """Whether the states and organisations a moved event names (its actor, party, provider, partner) existed on its
    new date and over its moved uncertain range, as the profile loader and a scenario's ``add`` check them: a Soviet
    threat of 1938 moved to 1920 (before the Soviet Union existed) was scored without a word.  Else located at the
    move's ``to`` (or ``by_days``)."""
    from assessor import events as events_mod
    from assessor import registry as registry_mod

    reg = profile.registry or _registry()
    found: list[Problem] = []
    for field in (events_mod.NAME_FIELDS.get(e.kind), events_mod.SECOND_NAME_FIELDS.get(e.kind)):
        names = [n for n in (e.names(field) if field else ()) if isinstance(n, str) and reg.get(n) is not None]
        if names:
            registry_mod.check_existence(reg, sc.doc, path, names, e.date, found)
            events_mod._exists_over_range(_Located(sc.doc, path), e.get("uncertain"), (), names, reg, found)
    out.extend(found)
    return not found


class _Located:
    """Problems about a changed event, reported at the change that made it."""

    def __init__(self, doc: yamlsrc.Document, path: tuple):
        self.doc, self.path = doc, path

    def problem(self, path: tuple, message: str, code: str, **kw) -> Problem:
        return self.doc.problem(self.path, f"after this change: {message}", code, **kw)


def _event_from(sc: Scenario, raw: dict, path: tuple, profile: Profile, profiles, out: list[Problem]) -> Event:
    """A new event, its names resolved as the profile loader resolves them (problems located in the scenario)."""
    details = loader.event_details(raw)
    loader._resolve_event_names(sc.doc, raw, details, path, profile.registry or _registry(), out)
    return Event(_dt.date.fromisoformat(raw["date"]), raw["kind"], raw["summary"], loader._source(raw["source"]),
                 Loc(sc.doc.file, *sc.doc.loc(path)), details)


def _registry():
    from assessor import registry

    return registry.default()


def describe(sc: Scenario) -> dict:
    return {"name": sc.name, "description": sc.description, "file": sc.path, "sha256": sc.sha256}
