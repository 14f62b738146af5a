"""World records: facts of one actor that concern several countries, recorded once.

A guarantor's statement, an alliance's decision, an adversary's exercise: each
is written once, in ``world/<actor>.yaml``, with a *selector* saying whom it
concerns on its date (the members of an alliance then; every country whose
profile names the actor as hostile; the actor's land neighbours; a listed set).
Every profile the selector picks inherits the event before derive, so one fact
has one date, one severity and one source everywhere, and every member of an
alliance reads the same signals on the same day.

A profile may refuse an inherited event or read some of its values differently
(``overrides:`` naming the event's id, with a ``reason``); the event then says
so.  Inherited events carry their provenance (:class:`Inherited`: file, line,
actor, selector, override) so ``explain`` and reports can say where they came from.

The bundled world (``world/`` beside ``profiles/``) applies to every profile whose
country is a state of the registry (a fictional test country inherits nothing);
a project adds its own world files (``world = [...]`` in ``assessor.toml``).
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from assessor import registry as registry_mod
from assessor import spec, yamlsrc
from assessor.errors import InputError, Problem
from assessor.events import UNKNOWN_ACTOR, build_event
from assessor.files import default_dir, path_kind, sha256, unique, yaml_files
from assessor.model import Event, Loc, Profile

SELECTOR_KEYS = ("members_of", "adversary_of", "neighbours_of", "countries")


@dataclass(frozen=True)
class Selector:
    """Whom a world event concerns; every given key must hold (see ``spec.SELECTOR``)."""

    members_of: str | None = None
    adversary_of: str | None = None
    neighbours_of: str | None = None
    countries: tuple[str, ...] = ()

    def describe(self) -> str:
        """How the selector reads in explanations: "members of NATO", "Estonia, Latvia and Lithuania"."""
        parts = []
        if self.members_of:
            parts.append(f"members of {self.members_of}")
        if self.adversary_of:
            parts.append(f"countries whose adversary is {self.adversary_of}")
        if self.neighbours_of:
            parts.append(f"neighbours of {self.neighbours_of}")
        if self.countries:
            parts.append(registry_mod.join_names(list(self.countries)))
        return " and ".join(parts)

    def holds(self, profile: Profile, date: _dt.date, reg: registry_mod.Registry) -> bool:
        """Whether ``profile``'s country is concerned on ``date``."""
        me = reg.canonical(profile.name)
        if self.members_of and not reg.is_member(me, self.members_of, date):
            return False
        if self.adversary_of and self.adversary_of not in profile.hostile(date):  # format 2.1: hostile on the date
            return False
        if self.neighbours_of and self.neighbours_of not in neighbours(profile):
            return False
        return not self.countries or me in self.countries


def neighbours(profile: Profile) -> set[str]:
    """The hostile states the profile records a land border with (border > 0 km)."""
    out = set()
    border = profile.attributes.get("land_border_km")
    if border is not None and isinstance(border.value, (int, float)) and border.value > 0:
        out.add(profile.adversary)
    for a in profile.adversaries:
        if a.border is not None and a.border.value > 0:
            out.add(a.name)
    out |= {b.with_ for b in profile.borders if b.km.value > 0}  # format 2.1: a dated border, at some time
    return out


@dataclass(frozen=True)
class Inherited:
    """Where an inherited event came from; kept in the event's ``details["world"]``."""

    id: str
    file: str
    line: int
    actor: str
    selector: str
    override: str | None = None  # the profile's reason, when it reads the event differently

    def describe(self) -> str:
        """``world/united-states.yaml:12 (United States; members of NATO)``: said beside inherited evidence."""
        text = f"{self.file}:{self.line} ({self.actor}; {self.selector})"
        return text + (f"; overridden: {self.override}" if self.override else "")

    def to_dict(self) -> dict:
        d = {"id": self.id, "file": self.file, "line": self.line, "actor": self.actor, "selector": self.selector}
        if self.override:
            d["override"] = self.override
        return d


@dataclass(frozen=True)
class WorldEvent:
    """One event of a world record: its id, its actor and the countries it concerns."""

    id: str
    actor: str
    selector: Selector
    event: Event

    def concerns(self, profile: Profile, reg: registry_mod.Registry) -> bool:
        """Whether ``profile`` inherits the event: its selector holds, and the profile is not the event's actor
        alone.  A record of the United States (a member of NATO) inherited the United States' own guarantees and
        doubts 'to NATO's members', and a Finnish world record's threat 'to Finland' counted towards Finland's
        threat level: a country's act is never its own threat, guarantee or treaty (an actor among several, as
        in a joint Nordic assurance, still inherits: derive reads its own name out of a party list)."""
        if not self.selector.holds(profile, self.event.date, reg):
            return False
        field = spec.WORLD_ACTOR_FIELDS.get(self.event.kind)
        names = self.event.names(field) if field else ()
        return not names or any(n != reg.canonical(profile.name) for n in names)


@dataclass
class World:
    """Every world record loaded together: events by id, the files they came from and their hash."""

    events: tuple[WorldEvent, ...] = ()
    files: tuple[str, ...] = ()
    sha256: str = ""

    def __post_init__(self) -> None:
        self.by_id = {w.id: w for w in self.events}

    def inherited(self, profile: Profile, reg: registry_mod.Registry | None = None) -> list[Event]:
        """The world events ``profile`` inherits, without its overrides applied."""
        reg = reg or profile.registry or registry_mod.default()
        if not inherits(profile, reg):
            return []
        out = []
        shown: dict[str, str] = {}  # each file's path as shown, worked out once (it resolves the path on disk)
        for w in self.events:
            if w.concerns(profile, reg):
                file = w.event.loc.file
                if file not in shown:
                    shown[file] = _shown(file)
                where = Inherited(w.id, shown[file], w.event.loc.line, w.actor, w.selector.describe())
                out.append(replace(w.event, details={**w.event.details, "world": where}))
        return out

    def passed_by(self, profile: Profile, reg: registry_mod.Registry) -> tuple[str, int] | None:
        """For a profile named for its period, "Estonia (2014-2025)" (the registry knows the name
        before the parenthesis, not the whole): that state, and how many world events would concern
        the record within its period were it named so.  It inherits none of them — a record named
        apart is self-contained (the historical records are written so), and inheriting into it
        would count twice what it records itself — so the validator says what it passes by.  None
        for a name the registry knows or does not know at all (an alias alone is no sign that the
        record is that state's: a test country may carry one by chance), or when nothing is passed by."""
        state = named_apart(profile, reg)
        if state is None:
            return None
        bare = replace(profile, name=state)
        n = sum(1 for w in self.events if profile.covers_from <= w.event.date <= profile.covers_to
                and w.concerns(bare, reg))
        return (state, n) if n else None


def inherits(profile: Profile, reg: registry_mod.Registry | None = None) -> bool:
    """Whether ``profile`` can inherit world events: world records concern states, so a record whose name
    the registry does not know — named apart for its period ("India (1968-1972)") or a fictional test
    country — is in no selector and records every event itself."""
    return (reg or profile.registry or registry_mod.default()).canonical(profile.name) is not None


def named_apart(profile: Profile, reg: registry_mod.Registry) -> str | None:
    """The state a record named for its period stands for ("Estonia (2014-2025)" → Estonia), or None
    when the registry knows its whole name, or not even the name before the parenthesis."""
    if reg.canonical(profile.name) is not None or " (" not in profile.name:
        return None
    return reg.canonical(profile.name.split(" (")[0])


def _shown(file: str) -> str:
    """A world file's path as explanations show it: relative to the bundled folder's parent when bundled."""
    try:
        base = default_dir("world").parent
        return Path(file).resolve().relative_to(base).as_posix()
    except (ValueError, OSError, Exception):  # noqa: BLE001 - a project file: shown as given
        return file


def world_files(paths: Sequence[str | Path] = (), *, defaults: bool = True) -> list[Path]:
    """The bundled world files (with ``defaults``) and those in ``paths``, without repeats."""
    bundled = []
    if defaults:
        try:
            folder = default_dir("world")
        except Exception:  # noqa: BLE001 - an installation without world records: none
            folder = None
        if folder is not None and path_kind(folder) == "dir":
            bundled = yaml_files([folder]) if any(folder.glob("*.y*ml")) else []
    return unique(bundled + (yaml_files(paths) if paths else []))


def load_world(paths: Sequence[str | Path] = (), *, registry: registry_mod.Registry | None = None,
               defaults: bool = True, collect: list[Problem] | None = None) -> World:
    """World records from the bundled ``world/`` (with ``defaults``) and ``paths``.

    Every problem is located (file:line:col); raises :class:`InputError` unless
    ``collect`` is given, in which case problems are appended there and what
    loaded cleanly is returned.
    """
    reg = registry if registry is not None else registry_mod.default()
    files = world_files(paths, defaults=defaults)
    problems: list[Problem] = []
    events: list[WorldEvent] = []
    seen: dict[str, Loc] = {}
    raws: list[tuple[str, bytes]] = []
    for f in files:
        try:
            doc = yamlsrc.read(f)
        except InputError as exc:
            problems.extend(exc.problems)
            continue
        found = spec.check(doc, spec.WORLD)
        if found:
            problems.extend(found)
            continue
        raws.append((str(f), doc.raw))
        actor = registry_mod.resolve_names(reg, doc, ("actor",), doc.data["actor"], found, "error")
        said = {(p.code, p.message) for p in found}  # what the file's actor is refused for, said at its line
        for i, e in enumerate(doc.data["events"]):
            path = ("events", i)
            name = spec.WORLD_ACTOR_FIELDS[e["kind"]]
            raw = dict(e) if name in e else {**e, name: doc.data["actor"]}
            mine: list[Problem] = []
            ev = build_event(doc, raw, path, reg, mine, extra_skip=("concerns",))
            if name not in e:  # the file's actor refused (unknown, named twice, several in one text): said once, at its line
                mine = [p for p in mine if not ((p.code, p.message) in said and (p.line, p.col) == doc.loc(path + (name,)))]
            found.extend(mine)
            if name in e and actor is not None:
                _check_own_actor(doc, path + (name,), ev, name, actor, found)
            acts = {n for n in ev.names(name) if isinstance(n, str)}
            sel = _selector(doc, e["concerns"], path + ("concerns",), reg, found, ev.date,
                            alone=next(iter(acts)) if len(acts) == 1 else None)
            if e["id"] in seen:
                found.append(doc.problem(path + ("id",), f"world event id {e['id']!r} already used at {seen[e['id']]}",
                                         "duplicate-id"))
            seen.setdefault(e["id"], ev.loc)
            events.append(WorldEvent(e["id"], registry_mod.join_names(actor) if actor else str(doc.data["actor"]), sel, ev))
        problems.extend(found)
    h = sha256()
    for name, content in sorted(raws):
        h.update(Path(name).name.encode() + b"\0" + sha256(content).digest())
    world = World(tuple(sorted(events, key=lambda w: (w.event.date, w.id))), tuple(str(f) for f in files),
                  h.hexdigest() if raws else "")
    if collect is not None:
        collect.extend(problems)
    elif any(p.severity == "error" for p in problems):
        raise InputError(problems)
    return world


def _check_own_actor(doc, path: tuple, ev: Event, field: str, actor: tuple[str, ...], out: list[Problem]) -> None:
    """An event that names its actor must name the file's (one of them, for a file of several): a world record is
    "recorded once, by the actor whose act it is" (docs/world-records.md), and its provenance, the lint that pairs
    the same event twice and every explanation say the file's actor.  A Russian threat written with ``actor:
    Russia`` in united-states.yaml loaded silently and was shown as the United States' act."""
    if field + ":loc" not in ev.details and ev.details.get(field) != UNKNOWN_ACTOR:
        return  # a name that did not resolve: already a located error, at the same place
    names = ev.details.get(field + ":names") or (ev.details.get(field),)
    strangers = [str(n) for n in names if n not in actor]
    if strangers:
        who = registry_mod.join_names(list(actor))
        out.append(doc.problem(path, f"{field} {registry_mod.join_names(strangers)!r} is not the file's actor ({who}): a "
                                     f"world event is recorded in the file of the actor whose act it is; move it to "
                                     f"that actor's file, or leave '{field}' out (it is the file's actor)", "bad-value"))


def _selector(doc, raw: dict, path: tuple, reg, out: list[Problem], day=None, alone: str | None = None) -> Selector:
    """The event's selector, each name resolved; a state or organisation it names must exist on the event's ``day``
    (as every name a profile or world event holds: `countries: [Soviet Union]` on an event of 2022 concerned no one,
    without a word).  ``alone``: the event's one actor, whom its ``countries`` cannot name (a world event is never
    inherited by its own actor's profile: `countries: [Finland]` in a Finnish record concerned no one, without a
    word)."""
    if not any(k in raw for k in SELECTOR_KEYS):
        out.append(doc.problem(path, f"a selector needs one of {', '.join(SELECTOR_KEYS)}", "missing-field"))
    one = {}
    for k in ("members_of", "adversary_of", "neighbours_of"):
        if k in raw:
            names = registry_mod.resolve_names(reg, doc, path + (k,), raw[k], out)
            if names and day is not None:
                registry_mod.check_existence(reg, doc, path + (k,), names, day, out)
            one[k] = names[0] if names else raw[k]
            entry = reg.get(one[k]) if names else None
            if k == "members_of" and entry is not None and entry.kind != "organisation":
                out.append(doc.problem(path + (k,), f"{one[k]} is a {entry.kind}, not an organisation: it has no "
                                                    "members, so the selector would concern no one", "bad-value"))
            if k != "members_of" and entry is not None and entry.kind != "state":
                out.append(doc.problem(path + (k,), f"{one[k]} is an {entry.kind}, not a state: it is no profile's "
                                                    "adversary and borders no one, so the selector would concern no one",
                                       "bad-value"))
    countries: tuple[str, ...] = ()
    if "countries" in raw:
        found: list[str] = []
        for i, c in enumerate(raw["countries"]):
            names = registry_mod.resolve_names(reg, doc, path + ("countries", i), c, out)
            if names and day is not None:
                registry_mod.check_existence(reg, doc, path + ("countries", i), names, day, out)
            for name in names or ():
                # as its other keys are: an organisation is no country a profile stands for, so 'countries: [NATO]'
                # concerned no one without a word, and a country named twice ('Estonia, EE') was concerned once and
                # shown twice in every explanation ('for Estonia, Estonia and Latvia')
                entry = reg.get(name)
                if entry is not None and entry.kind != "state":
                    out.append(doc.problem(path + ("countries", i), f"{name} is an {entry.kind}, not a state: no profile "
                                           f"stands for it, so it would concern no one (members_of: {name} concerns "
                                           "its members)", "bad-value"))
                elif name in found:
                    out.append(doc.problem(path + ("countries", i), f"{c!r} names {name!r} a second time", "bad-value"))
                elif name == alone:
                    out.append(doc.problem(path + ("countries", i), f"'countries' names {name!r}, the event's own actor: a "
                                           "world event is never inherited by its actor's profile, so it would "
                                           "concern no one there", "bad-value"))
                else:
                    found.append(name)
        countries = tuple(found)
    return Selector(countries=countries, **one)


# --------------------------------------------------------------------------- profiles inherit

@dataclass(frozen=True)
class Override:
    """A profile's exception to a world event: excluded, or with some of its values set."""

    world: str
    exclude: bool
    values: dict
    reason: str
    loc: Loc


def apply(profile: Profile, world: World, out: list[Problem]) -> Profile:
    """``profile`` with the world events it inherits merged into its timeline (overrides applied).

    The profile's hash then covers the world files too (a result says which
    world it was computed in).  An override that cannot hold is an error at
    the override: one naming no world event, or an event the country does not
    inherit (it would change nothing), the same event overridden twice (only
    one could win), an ``end`` before the event's date.
    """
    by_id: dict[str, Override] = {}
    for o in profile.overrides:
        if o.world in by_id:
            out.append(_at(o, f"world event {o.world!r} is overridden twice (first at line {by_id[o.world].loc.line})",
                           "duplicate-id"))
        elif o.world not in world.by_id:
            out.append(_at(o, f"override names world event {o.world!r}, which no world file defines", "unknown-name"))
        by_id.setdefault(o.world, o)
    merged = list(profile.events)
    inherited = set()
    for ev in world.inherited(profile):
        where: Inherited = ev.details["world"]
        inherited.add(where.id)
        o = by_id.get(where.id)
        if o is not None and o.exclude:
            continue
        if o is not None:
            for k in sorted(set(o.values) - set(spec.EVENT.variants[ev.kind].fields)):
                out.append(_at(o, f"world event {o.world!r} is a {ev.kind}, which has no {k!r} to set", "bad-value"))
            if o.values.get("end") is not None and o.values["end"] < ev.date:
                out.append(_at(o, f"'end' {o.values['end']} is before the event's date {ev.date}", "end-before-start"))
            if o.values and all(k in ev.details and ev.details[k] == v for k, v in o.values.items()):
                # as a scenario's change that changes nothing is refused: the reason read as a reading of its own
                held = ", ".join(f"{k} {v}" for k, v in o.values.items())
                out.append(_at(o, f"this override changes nothing: world event {o.world!r} already has {held}",
                               "bad-value"))
            ev = replace(ev, details={**ev.details, **o.values, "world": replace(where, override=o.reason)})
        merged.append(ev)
    for o in by_id.values():
        if o.world in world.by_id and o.world not in inherited:
            w = world.by_id[o.world]
            apart = named_apart(profile, profile.registry or registry_mod.default())
            why = (f"{profile.name!r} is named apart from {apart!r} (by its parenthesis), so the record inherits no world "
                   f"event: name it {apart!r} to override one" if apart else "the override would change nothing")
            out.append(_at(o, f"world event {o.world!r} does not concern {profile.name} (it concerns "
                              f"{w.selector.describe()} on {w.event.date}): {why}", "bad-value"))
    if len(merged) == len(profile.events) and not profile.overrides:
        return profile
    merged.sort(key=lambda e: e.date)  # stable: the profile's own events first on a shared day
    digest = sha256((profile.sha256 + world.sha256).encode()).hexdigest()
    return replace(profile, events=tuple(merged), sha256=digest)


def _at(o: Override, message: str, code: str) -> Problem:
    return Problem(o.loc.file, o.loc.line, o.loc.col, "error", message, code)


def own_events(profile: Profile) -> tuple[Event, ...]:
    """The events written in the profile itself (not inherited)."""
    return tuple(e for e in profile.events if "world" not in e.details)
