"""Load stage: YAML files → validated model objects, every error with file:line:col.

Checks run in three layers, each only if the one before passed for that file:
YAML (``yamlsrc``), structure (``spec``), then meaning (here: dates in order,
facts that exist, values of the right type, unique ids).  All problems of a
layer are reported together, so a user fixes a file in one pass.
"""

from __future__ import annotations

import os
import re
import string
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import replace
from functools import lru_cache
from pathlib import Path
from typing import overload

from assessor import ir, spec, yamlsrc
from assessor import registry as registry_mod
from assessor import world as world_mod
from assessor.errors import AmbiguousName, AssessorError, InputError, Problem, did_you_mean
from assessor.events import (  # noqa: F401 (re-exported: scenario.py builds events too)
    DATE_FIELDS,
    NAME_FIELDS,
    NO_ALLIANCE,
    SECOND_NAME_FIELDS,
    UNKNOWN_ACTOR,
    _check_event,
    _date,
    _resolve_event_names,
    _source,
    build_event,
    event_details,
)
from assessor.facts import FACTS
from assessor.files import (  # noqa: F401 (re-exported)
    YAML_SUFFIXES,
    default_dir,
    folder_yaml,
    path_kind,
    sha256,
    unique,
    yaml_files,
)
from assessor.model import Adversary, Attribute, Border, Combine, Effect, Forecast, Level, Loc, Profile, Rule, RuleSet, Scale

TEMPLATE_EXTRAS = ("points",)  # names a reason template may use besides facts


def _hash(files: Iterable[tuple[str, bytes]]) -> str:
    h = sha256()
    for name, raw in sorted(files):
        h.update(name.encode() + b"\0" + sha256(raw).digest())
    return h.hexdigest()


def _parse_all(files: list[Path], file_spec: spec.Spec) -> tuple[list[yamlsrc.Document], list[Problem]]:
    docs, problems = [], []
    for f in files:
        try:
            doc = yamlsrc.read(f)
        except InputError as exc:
            problems.extend(exc.problems)
            continue
        found = spec.check(doc, file_spec)
        if found:
            problems.extend(found)
        else:
            docs.append(doc)
    return docs, problems


# --------------------------------------------------------------------------- profiles

class ProfileSet:
    """All profiles loaded together, with lookup by id, name or alias.

    The bundled set is read lazily: naming a country by its file's name
    (``finland`` → ``finland.yaml``) parses that one file; anything that
    needs them all (``all``, a name or alias, a listing) parses them all,
    once.  A timeline of two countries then does not pay for thirty files.
    """

    def __init__(self, profiles: dict[str, Profile] | None = None, *, files: Sequence[Path] = (), lazy=None):
        self._profiles = dict(profiles or {})
        self._lazy = lazy  # () -> dict[str, Profile], to read every file
        self._one: dict[str, Profile] = {}
        self.files = tuple(files)
        self.origin = ""  # where the profiles were looked for, said when a country is unknown

    @property
    def profiles(self) -> dict[str, Profile]:
        if self._lazy is not None:
            self._profiles, self._lazy = self._lazy(), None
        return self._profiles

    def resolve(self, query: str) -> Profile:
        # one form of each accented letter (NFC): a name typed or pasted decomposed (macOS writes file names so) was
        # 'unknown country "Côte d'Ivoire"', quoting the very name it did not find
        # and case folded, as the registry compares names: with lower() 'GROSSLAND' missed 'Großland', 'ﬁnland'
        # (the ligature a PDF's text gives) missed Finland, and `profiles new ß` wrote the name 'Ss' (its title
        # case) that 'ß' then never found
        q = unicodedata.normalize("NFC", query.strip()).casefold()
        if self._lazy is not None:
            f = next((f for f in self.files if f.stem.casefold() == q), None)
            if f is not None:
                if q not in self._one:
                    self._one[q] = next(iter(load_profiles([f]).profiles.values()))
                if self._one[q].id.casefold() == q:
                    return self._one[q]
        for p in self.profiles.values():
            if q == p.id.casefold():
                return p
        named = [p for p in self.profiles.values()
                 if q in {unicodedata.normalize("NFC", n).casefold() for n in (p.name, *p.aliases)}]
        if len(named) > 1:  # a record of another period named like a bundled country: the id says which
            listed = ", ".join(f"{p.id} ({p.path})" for p in named)
            raise AmbiguousName(f"{query!r} names {len(named)} profiles: {listed}; give the id", listed=listed)
        if named:
            return named[0]
        if q == "all":  # the word for every profile (no profile may be named so), where one country is asked for
            raise AssessorError(f"{query.strip()!r} stands for every profile, and one country is asked for here: "
                                "name it (see `assessor profiles list`)")
        import difflib  # only on the error path

        owner = {n.casefold(): p.id for p in self.profiles.values() for n in (p.id, p.name, *p.aliases)}
        close = difflib.get_close_matches(q, sorted(owner), n=6, cutoff=0.5)
        ids = list(dict.fromkeys(owner[c] for c in close))[:3]  # one suggestion per country
        hint = f"; did you mean {', '.join(repr(i) for i in ids)}?" if ids else ""
        known = ", ".join(sorted(p.id for p in self.profiles.values()))
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", query.strip()):
            hint = f"; a date is given with --date {query.strip()} (or --from/--to)"
        where = f"; {self.origin}" if self.origin else ""
        raise AssessorError(f"unknown country {query!r}{hint} (known: {known}){where}")


def load_profiles(paths: Sequence[str | Path] | None = None, *, collect: list[Problem] | None = None,
                  registry: registry_mod.Registry | None = None, defaults: bool = False,
                  world: Sequence[str | Path] = (), over: Sequence[str | Path] = (),
                  replaced: list[tuple[str, str, str]] | None = None) -> ProfileSet:
    """Load profiles from files/folders (default: bundled).  Raise InputError on any error.

    With ``defaults``, the files are *added to* the bundled profiles: one with
    a bundled profile's id replaces it (an analyst's own version).  ``over``:
    those of ``paths`` given on the command line, whose profiles replace one of
    the same id from the other paths (a project's: the command line beats the
    project file, as ruff's does), each such replacement appended to
    ``replaced`` as (id, the replaced file, the new file).  Every name
    of a state or organisation resolves through ``registry`` (default: the
    bundled one, see :func:`assessor.registry.load_registry`).  With
    ``collect``, problems are appended there instead and whatever loaded
    cleanly is returned (the validator reports everything in one pass).

    Every profile inherits the world records that concern it (the bundled
    ``world/`` plus the files and folders in ``world``; see :mod:`assessor.world`).
    """
    bundled = yaml_files([default_dir("profiles")]) if (defaults or not paths) else []
    if not paths and collect is None and registry is None and not world:
        return ProfileSet(files=bundled,
                          lazy=lambda: load_profiles([default_dir("profiles")], registry=registry_mod.default()).profiles)
    files = unique(bundled + (yaml_files(paths) if paths else []))
    later = _later(files, over)
    reg = registry if registry is not None else registry_mod.default()
    docs, problems = _parse_all(files, spec.PROFILE)
    the_world = _world(world, reg, problems)
    profiles: dict[str, Profile] = {}
    sources: dict[str, yamlsrc.Document] = {}  # each profile's file, to locate a clash of names found later
    for doc in docs:
        found: list[Problem] = []
        prof = _build_profile(doc, found, reg)
        prof = world_mod.apply(prof, the_world, found)
        passed = the_world.passed_by(prof, reg)
        if passed is not None:
            found.append(doc.problem(("name",), f"{prof.name!r} is named apart from {passed[0]!r} (by its parenthesis), so "
                                               f"this record inherits none of the {passed[1]} world event(s) that would "
                                               f"concern it in its period under that name: a record named apart is "
                                               f"self-contained. If it should inherit them, name it {passed[0]!r} "
                                               "(and record none of them itself)", "named-apart", severity="warning"))
        earlier = profiles.get(prof.id)
        if earlier is not None and Path(earlier.path) in bundled and Path(doc.file) not in bundled:
            # The analyst's own version of a bundled country replaces it.
            del profiles[prof.id]
        elif earlier is not None and _real(earlier.path) not in later and _real(doc.file) in later:
            del profiles[prof.id]  # the command line's version of the project's profile
            if replaced is not None:
                replaced.append((prof.id, str(earlier.path), str(doc.file)))
        if prof.id in profiles:
            found.append(doc.problem(("id",), f"profile id {prof.id!r} already defined in "
                                              f"{profiles[prof.id].path}", "duplicate-id"))
        problems.extend(found)
        if not [p for p in found if p.severity == "error"]:
            profiles[prof.id] = prof
            sources[prof.id] = doc
    problems.extend(_name_clashes(profiles, sources))
    return _finish(ProfileSet(profiles), problems, collect)


def _real(path: str | Path) -> str:
    try:
        return os.path.realpath(path)
    except (OSError, ValueError):
        return str(path)


def _later(files: Sequence[Path], over: Sequence[str | Path]) -> set[str]:
    """The files of ``files`` that ``over`` (a later layer: the command line's) names, as real paths (a file both
    layers name is read once, so it replaces nothing)."""
    if not over:
        return set()
    mine = {_real(f) for f in yaml_files(over)}
    return {r for r in map(_real, files) if r in mine}


def _name_clashes(profiles: dict[str, Profile], sources: dict) -> list[Problem]:
    """Names, aliases and ids two profiles answer to, decided once every file is loaded (and a bundled
    country replaced by the analyst's own version).  Between two of the user's own profiles: an error,
    at each but the first.  Between a user's record and a bundled country (a record of another period
    named 'Poland', aliases PL, POL): both load, told apart by their ids — a warning at the record,
    saying which one a command given that name picks (ProfileSet.resolve: an id first; a name or alias
    they share, neither).  Except the user's id being a bundled country's name or alias: that id would
    silently take the country's name over, so it is an error.  A profile with an error is dropped."""
    owners: dict[str, list[tuple[str, tuple, str]]] = {}
    for pid, p in profiles.items():
        for where, name in ((("id",), p.id), (("name",), p.name),
                            *((("aliases", i), a) for i, a in enumerate(p.aliases))):
            entries = owners.setdefault(unicodedata.normalize("NFC", name).casefold(), [])  # as resolve compares
            if all(o[0] != pid for o in entries):
                entries.append((pid, where, name))
    clashing = {k: v for k, v in owners.items() if len(v) > 1}
    if not clashing:
        return []
    home = {resolved_path(f) for f in yaml_files([default_dir("profiles")])}
    bundled = {pid for pid, p in profiles.items() if resolved_path(p.path) in home}
    out: list[Problem] = []
    failed: set[str] = set()
    for entries in clashing.values():
        users = [e for e in entries if e[0] not in bundled]
        theirs = [e for e in entries if e[0] in bundled]
        for n, (pid, where, name) in enumerate(users):
            doc = sources[pid]
            if n == 0 and not theirs:
                continue  # the first of the user's own profiles to claim it keeps it
            if n > 0 or where == ("id",):  # a second of one's own, or an id over a bundled country's name
                first = users[0] if n > 0 else theirs[0]
                out.append(doc.problem(where, f"{name!r} also names profile {first[0]!r}", "duplicate-id"))
                failed.add(pid)
                continue
            country = theirs[0][0]
            if any(w == ("id",) for _, w, _ in theirs):
                picks = f"a command given {name!r} picks the bundled {country!r} (an id is matched first)"
            else:
                picks = f"a command given {name!r} asks for the id"
            avoid = ("drop the alias" if where[0] == "aliases" else
                     "a name of the record's own, e.g. with its period, avoids it" if "(" not in name else
                     "a name of the record's own avoids it")
            out.append(doc.problem(where, f"{name!r} also names the bundled profile {country!r}: both load, told apart "
                                          f"by their ids ({country!r}, {pid!r}); {picks}; {avoid}",
                                   "duplicate-id", severity="warning"))
    for pid in failed:
        del profiles[pid]
    return out


def resolved_path(path: str | Path) -> Path:
    """``path`` resolved, or made absolute where it cannot be (a loop of links: reported where it is read);
    to compare a file with the bundled ones."""
    try:
        return Path(path).resolve()
    except (OSError, RuntimeError):
        return Path(os.path.abspath(path))


@lru_cache(maxsize=1)
def _bundled_world() -> tuple[world_mod.World, tuple[Problem, ...]]:
    """The bundled world records in the bundled registry, read once per process; their
    problems are kept beside them, so a broken bundled world is reported every time."""
    found: list[Problem] = []
    return world_mod.load_world(registry=registry_mod.default(), collect=found), tuple(found)


def _world(paths: Sequence[str | Path], reg: registry_mod.Registry, problems: list[Problem]) -> world_mod.World:
    """The world records profiles inherit (the bundled ones read once, see :func:`_bundled_world`)."""
    if paths or reg is not registry_mod.default():
        return world_mod.load_world(paths, registry=reg, collect=problems)
    world, found = _bundled_world()
    problems.extend(found)
    return world


def _finish(result, problems: list[Problem], collect):
    if collect is not None:
        collect.extend(problems)
        return result
    if any(p.severity == "error" for p in problems):
        raise InputError(problems)
    return result


def _build_profile(doc: yamlsrc.Document, out: list[Problem], reg: registry_mod.Registry | None = None) -> Profile:
    reg = reg if reg is not None else registry_mod.default()
    d = doc.data
    loc = lambda path: Loc(doc.file, *doc.loc(path))  # noqa: E731
    covers_from, covers_to = _date(d["covers"]["from"]), _date(d["covers"]["to"])
    if covers_to < covers_from:
        out.append(doc.problem(("covers", "to"), "'to' is before 'from'", "end-before-start"))
    own_names = [(("id",), d["id"]), (("name",), d["name"]), *((("aliases", i), a) for i, a in enumerate(d.get("aliases") or ()))]
    for path, value in own_names:
        if isinstance(value, str) and value.strip().lower() == "all":  # as `profiles new` refuses it
            out.append(doc.problem(path, f"{value!r} is how commands ask for every country: a profile it names could "
                                         "never be named alone", "bad-value"))
    attrs = {
        name: Attribute(name, a["value"], _source(a["source"]), loc(("attributes", name)),
                        d["adversary"] if isinstance(d.get("adversary"), str) else None)
        for name, a in (d.get("attributes") or {}).items()
    }
    for name in ("land_border_km", "sea_distance_km", "defender_distance_km"):
        a = attrs.get(name)
        if a and (isinstance(a.value, bool) or not isinstance(a.value, (int, float)) or a.value < 0):
            out.append(doc.problem(("attributes", name, "value"), f"{name} must be a number ≥ 0", "wrong-type"))
    events = []
    own = set(reg.states_of(d["name"], tuple(d.get("aliases") or ())))
    for i, e in enumerate(d["events"]):
        events.append(build_event(doc, e, ("events", i), reg, out))
        _not_only_itself(doc, events[-1], ("events", i), own, out)
    ids: dict[str, int] = {}
    for i, ev in enumerate(events):
        if ev.get("id") is not None:
            if ev.get("id") in ids:
                out.append(doc.problem(("events", i, "id"), f"event id {ev.get('id')!r} already used by event "
                                                            f"{ids[ev.get('id')] + 1}", "duplicate-id"))
            ids.setdefault(ev.get("id"), i)
    events.sort(key=lambda ev: ev.date)  # stable: same-day events keep file order
    adversary = registry_mod.resolve_names(reg, doc, ("adversary",), d["adversary"], out)
    registry_mod.check_period(reg, doc, ("adversary",), adversary or (), covers_from, covers_to, out)  # registry task
    registry_mod.check_kind(reg, doc, ("adversary",), adversary, "state", "the adversary", out)
    alliance = d["alliance"]
    if alliance.strip().lower() != NO_ALLIANCE:
        found = registry_mod.resolve_names(reg, doc, ("alliance",), alliance, out)
        registry_mod.check_kind(reg, doc, ("alliance",), found, "organisation", "the alliance", out)
        alliance = found[0] if found else alliance
    else:
        alliance = NO_ALLIANCE
    others = []
    for i, a in enumerate(d.get("adversaries") or ()):
        names = registry_mod.resolve_names(reg, doc, ("adversaries", i, "name"), a["name"], out)
        registry_mod.check_period(reg, doc, ("adversaries", i, "name"), names or (), covers_from, covers_to, out)
        registry_mod.check_kind(reg, doc, ("adversaries", i, "name"), names, "state", "a hostile state", out)
        b = a.get("land_border_km")
        border = (Attribute("land_border_km", b["value"], _source(b["source"]), loc(("adversaries", i, "land_border_km")),
                            names[0] if names else a["name"]) if b else None)
        since, until = _span(doc, ("adversaries", i), a, out)
        _hostile_while_it_exists(doc, ("adversaries", i), reg.get(names[0]) if names else None, since, until,
                                 covers_from, covers_to, out)
        others.append(Adversary(names[0] if names else a["name"], a.get("role", "adversary"), border, since, until))
    # A country cannot face itself: ``profiles new Russia`` once wrote the template's adversary, Russia, into
    # Russia's own profile, which loaded and scored (its own territory read as a hostile border).
    for path, names in ((("adversary",), adversary), *((("adversaries", i, "name"), (o.name,)) for i, o in enumerate(others))):
        for n in names or ():
            if n in own:
                out.append(doc.problem(path, f"{n!r} is the country itself: name the state {d['name']!r} faces",
                                       "bad-value"))
    _hostile_once(doc, adversary[0] if adversary else d["adversary"], others, out)
    borders = _borders(doc, d, adversary[0] if adversary else d["adversary"], others, reg, out)
    overrides = []
    for i, o in enumerate(d.get("overrides") or ()):
        values = {k: _date(v) if k == "end" else v for k, v in (o.get("set") or {}).items()}
        if not o.get("exclude") and not values:
            out.append(doc.problem(("overrides", i), "an override excludes the event (exclude: true) or sets values "
                                                     "(set: {...})", "missing-field"))
        elif o.get("exclude") and values:  # the values of an event left out are never read: the 'set' was dropped
            out.append(doc.problem(("overrides", i, "set"), "an override excludes the event (exclude: true) or sets "
                                                            "values (set: {...}), not both: an excluded event's values "
                                                            "are never read", "bad-value", key=True))
        overrides.append(world_mod.Override(o["world"], bool(o.get("exclude")), values, o["reason"],
                                            loc(("overrides", i, "world"))))
    return Profile(
        id=d["id"], name=d["name"], aliases=tuple(d.get("aliases") or ()), alliance=alliance,
        adversary=adversary[0] if adversary else d["adversary"], covers_from=covers_from, covers_to=covers_to,
        # what each standing attribute is measured against, by the registry's name of the adversary
        attributes={k: replace(a, about=adversary[0]) if adversary and a.about is not None else a for k, a in attrs.items()},
        events=tuple(events), path=doc.file, sha256=sha256(doc.raw).hexdigest(),
        registry=reg, adversaries=tuple(others), overrides=tuple(overrides), borders=borders,
    )


def _not_only_itself(doc: yamlsrc.Document, e, path: tuple, own: set, out: list[Problem]) -> None:
    """An event whose actor, guarantor, party, provider or partner is the country alone: a threat by Georgia in
    Georgia's record counted towards its threat level (a warning said so, and that it still counted), and a treaty
    or guarantee with itself loaded and was dropped without a word, shown among the agreements that could end.
    The country among other parties (a treaty listing every signatory) stays valid."""
    for field in (NAME_FIELDS.get(e.kind), SECOND_NAME_FIELDS.get(e.kind)):
        if field is None or e.kind == "ratification":  # who ratified a membership: the members, never the actor
            continue
        value = e.details.get(field)
        names = e.details.get(field + ":names") or ((value,) if isinstance(value, str) else ())  # resolved names
        if names and all(isinstance(n, str) and n in own for n in names):
            out.append(doc.problem(path + (field,), f"{field} {names[0]!r} is the country itself: name the other "
                                                    "state or organisation", "bad-value"))


def _hostile_once(doc: yamlsrc.Document, primary: str, others: list, out: list[Problem]) -> None:
    """A hostile state counted once on any day: the primary adversary is hostile throughout, so an
    ``adversaries`` entry naming it again (by its name or an alias) added its border a second time to
    ``hostile_border_km`` (500 km of frontier read as 1,400) and its ``until`` read as the adversary's end, which
    it is not; two entries of one state whose days meet (a state hostile until 1943, and again from 1941) did
    the same.  Entries of one state over separate periods (hostile, then not, then again) stay valid."""
    seen: dict[str, list[tuple[int, Adversary]]] = {}
    for i, o in enumerate(others):
        path = ("adversaries", i, "name")
        if o.name == primary:
            out.append(doc.problem(path, f"{o.name!r} is the adversary, hostile throughout: list it once (an entry "
                                         "here names another hostile state or an ally of the adversary)", "bad-value"))
            continue
        for j, p in seen.get(o.name, ()):
            if ((o.since is None or p.until is None or o.since <= p.until)
                    and (p.since is None or o.until is None or p.since <= o.until)):
                out.append(doc.problem(path, f"{o.name!r} is listed already (entry {j + 1} of 'adversaries') for "
                                             "days this entry covers too: give each entry of one state its own "
                                             "days (from/until)", "bad-value"))
                break
        seen.setdefault(o.name, []).append((i, o))


def _hostile_while_it_exists(doc: yamlsrc.Document, path: tuple, entry, since, until, start, end,
                             out: list[Problem]) -> None:
    """A listed hostile state is hostile only on days it existed (docs/registry.md: a name used on a day its state
    did not exist is an error): an entry without ``from`` for a state founded inside the record's period counted
    its border in ``hostile_border_km`` before the state existed, without a word.  Said at the entry's ``from``
    (``until``), or its name when it has none; an entry on no day of the state is check_period's."""
    x = entry.exists if entry is not None else None
    first, last = max(since or start, start), min(until or end, end)
    if x is None or first > last:
        return
    if not (x.on(start) or x.on(end) or (x.start is not None and start <= x.start <= end)):
        return  # on no day of the record: check_period says so
    early = x.start is not None and first < x.start  # hostile before the state existed ...
    late = x.until is not None and last >= x.until  # ... or after it ended: one error for each side
    for bad, day, key, fix in ((early, first, "from", f"a 'from' on or after {x.start}"),
                               (late, last, "until", f"an 'until' before {x.until}")):
        if bad:
            where = path + ((key,) if (since if key == "from" else until) else ("name",))
            out.append(doc.problem(where, f"hostile on {day}, but " + registry_mod.outside_message(entry, day)
                                   + f": give the entry {fix}", "name-outside-existence"))


def _span(doc: yamlsrc.Document, path: tuple, d: dict, out: list[Problem]):
    """Format 2.1: the optional ``from``/``until`` days of an entry, checked in order."""
    since = _date(d["from"]) if d.get("from") else None
    until = _date(d["until"]) if d.get("until") else None
    if since and until and until < since:
        out.append(doc.problem(path + ("until",), f"'until' {until} is before 'from' {since}", "end-before-start"))
    return since, until


def _borders(doc: yamlsrc.Document, d: dict, primary: str, others: list, reg, out: list[Problem]) -> tuple:
    """Format 2.1: the dated land borders, each with a hostile state of the profile."""
    hostile = {primary, *(a.name for a in others)}
    found: list[tuple[int, Border]] = []
    for i, b in enumerate(d.get("borders") or ()):
        path = ("borders", i)
        names = registry_mod.resolve_names(reg, doc, path + ("with",), b["with"], out)
        if not names:
            continue
        if names[0] not in hostile:
            out.append(doc.problem(path + ("with",), f"{names[0]} is not a hostile state of this profile: name the "
                                                     "adversary or add it under 'adversaries' (with from/until if it "
                                                     "turns hostile on a date)", "unknown-name"))
            continue
        since, until = _span(doc, path, b, out)
        # Two entries of one state over days that meet: the first held on those days and the other was never
        # read there, without a word (a border 'from' one day and a changed one 'from' a later day, the first
        # without its 'until', kept the old border for ever).
        earlier = next((j for j, o in found if o.with_ == names[0]
                        and (since is None or o.until is None or since <= o.until)
                        and (o.since is None or until is None or o.since <= until)), None)
        if earlier is not None:
            out.append(doc.problem(path + ("with",), f"the border with {names[0]} is given already (entry {earlier + 1} "
                                                     "of 'borders') for days this entry covers too, where that entry "
                                                     "would hold and this one be ignored: give each entry its own days "
                                                     "(an 'until' to the earlier)", "bad-value"))
            continue
        km = Attribute("land_border_km", b["km"], _source(b["source"]), Loc(doc.file, *doc.loc(path)), names[0])
        found.append((i, Border(names[0], km, since, until)))
    return tuple(b for _, b in found)


# --------------------------------------------------------------------------- rules

def adds_to_bundled(paths: Sequence[str | Path] | None) -> bool:
    """Whether rule files ``paths`` (given to ``rules test``/``rules validate``) are rules to add to the bundled
    rule set: files and folders that read, none of which declares a ``ruleset:`` header, as a project's rule folder
    (``init``'s ``rules/``) is.  Anything else (a header, a file that does not read) is a rule set of its own,
    whose problems the loader reports as before."""
    if not paths:
        return False
    try:
        return not any("ruleset" in yamlsrc.read(f).data for f in yaml_files(paths))
    except AssessorError:
        return False


@overload
def load_ruleset(paths: Sequence[str | Path] | None = None, *, collect: None = None, defaults: bool = False,
                 over: Sequence[str | Path] = (), replaced: list[tuple[str, str, str]] | None = None) -> RuleSet: ...
@overload
def load_ruleset(paths: Sequence[str | Path] | None = None, *, collect: list[Problem],
                 defaults: bool = False, over: Sequence[str | Path] = (),
                 replaced: list[tuple[str, str, str]] | None = None) -> RuleSet | None: ...


def load_ruleset(paths: Sequence[str | Path] | None = None, *, collect: list[Problem] | None = None,
                 defaults: bool = False, over: Sequence[str | Path] = (),
                 replaced: list[tuple[str, str, str]] | None = None) -> RuleSet | None:
    """Load one rule set from files/folders (default: bundled).  Raise InputError on any error.

    With ``defaults``, rule files without a ``ruleset:`` header are *added
    to* the bundled rules (a rule with a bundled rule's id replaces it);
    files that bring their own header are a rule set of their own and
    replace the bundled one.  ``over`` and ``replaced``: as for
    :func:`load_profiles`, a rule of a command-line file replaces the
    project's rule of the same id.
    """
    bundled = yaml_files([default_dir("rules")]) if (defaults or not paths) else []
    files = unique(bundled + (yaml_files(paths) if paths else []))
    later = _later(files, over)
    docs, problems = _parse_all(files, spec.RULE_FILE)
    # The bytes each file was parsed from (read once, bounded, regular files only): the rule set's hash is
    # made from these, never from a second read - a FIFO or /dev/zero would never end, a missing file raise.
    raw = {doc.file: doc.raw for doc in docs}
    headers = [doc for doc in docs if "ruleset" in doc.data]
    if bundled and any(Path(h.file) not in bundled for h in headers):
        # Files with their own header are a rule set of their own: they replace
        # the bundled one rather than add to it.
        docs = [d for d in docs if Path(d.file) not in bundled]
        headers = [h for h in headers if Path(h.file) not in bundled]
        files = [f for f in files if f not in bundled]  # nor are they in its files or its hash
        bundled = []
    if len(headers) > 1:
        first = headers[0].file
        for doc in headers[1:]:
            problems.append(doc.problem(("ruleset",), f"a rule set has one header; another is in "
                                                      f"{first}", "duplicate-header", key=True))
    if not headers and not problems:
        problems.append(Problem(str(files[0]), 0, 0, "error", "no file declares the 'ruleset:' header (name, version, base, "
                                                              "bounds, levels)", "missing-header"))
    rules: list[Rule] = []
    first_def: dict[str, Rule] = {}
    for doc in docs:
        for i, r in enumerate(doc.data.get("rules") or []):
            rule = _build_rule(doc, r, ("rules", i), problems)
            earlier = first_def.get(rule.id)
            if earlier is not None and Path(earlier.loc.file) in bundled and Path(doc.file) not in bundled:
                rule = replace(rule, replaces=earlier.loc)  # said by `rules show`
                rules[rules.index(earlier)] = first_def[rule.id] = rule  # the analyst's version replaces the bundled rule
                continue
            if earlier is not None and _real(earlier.loc.file) not in later and _real(doc.file) in later:
                rule = replace(rule, replaces=earlier.replaces)  # the bundled rule the project's replaced, if any
                rules[rules.index(earlier)] = first_def[rule.id] = rule  # the command line's version of the project's
                if replaced is not None:
                    replaced.append((rule.id, str(earlier.loc), str(doc.file)))
                continue
            if rule.id in first_def:
                problems.append(doc.problem(("rules", i, "id"), f"duplicate rule id {rule.id!r} (first defined at "
                                                                f"{first_def[rule.id].loc})", "duplicate-rule-id"))
                continue
            first_def[rule.id] = rule
            rules.append(rule)
    ruleset = None
    if headers:
        ruleset = _build_header(headers[0], tuple(rules), files, raw, problems)
    elif collect is not None:
        return _finish(None, problems, collect)
    return _finish(ruleset, problems, collect)


def _build_header(doc, rules, files, raw_of: dict[str, bytes], out) -> RuleSet:
    h = doc.data["ruleset"]
    lo, hi = h["bounds"]["min"], h["bounds"]["max"]
    if hi <= lo:
        out.append(doc.problem(("ruleset", "bounds", "max"), "max must be above min", "bad-value"))
    scale = _build_scale(doc, h.get("scale"), lo, hi, out)
    if scale is None and not lo <= h["base"] <= hi:  # on a scale the base is a raw value, not a score
        out.append(doc.problem(("ruleset", "base"), f"base {h['base']} lies outside bounds {lo}..{hi}", "bad-value"))
    combine = _build_combine(h.get("combine"))
    if combine is not None:
        _check_warning_factors(doc, combine, rules, out)
    levels = tuple(Level(lv["name"], lv["from"]) for lv in h["levels"])
    for i in range(1, len(levels)):
        if levels[i].start <= levels[i - 1].start:
            out.append(doc.problem(("ruleset", "levels", i, "from"), "level bands must start in increasing order", "bad-value"))
    shown_lo = 0 if scale else lo
    if levels and levels[0].start > shown_lo:
        out.append(doc.problem(("ruleset", "levels", 0, "from"), f"the lowest band must start at the minimum {shown_lo}"
                                                                 + (" of the scale" if scale else ""), "bad-value"))
    names = [lv.name for lv in levels]
    folded = [n.strip().casefold() for n in names]  # text output writes levels in capitals: LOW and low read alike
    for i, n in enumerate(names):
        if folded.index(folded[i]) != i:
            first = names[folded.index(folded[i])]
            out.append(doc.problem(("ruleset", "levels", i, "name"), f"level {n!r} named twice" + (
                "" if first == n else f" ({first!r}: levels are shown in capitals, so they must differ in more than "
                                      "case)"), "bad-value"))
    raw = [(f.name, raw_of[str(f)]) for f in files if str(f) in raw_of]  # a file that did not parse is an error
    forecast = _build_forecast(doc, h.get("forecast"), names, out)
    return RuleSet(
        name=h["name"], version=str(h["version"]), description=h.get("description", ""), base=h["base"],
        minimum=lo, maximum=hi, levels=levels, rules=rules, files=tuple(str(f) for f in files),
        sha256=_hash(raw), loc=Loc(doc.file, *doc.loc(("ruleset",), key=True)),
        disabled_lints=tuple((h.get("lints") or {}).get("disable") or ()),
        forecast=forecast, combine=combine, scale=scale,
    )


def _build_combine(c: dict | None) -> Combine | None:
    """The header's ``combine:`` (format 2.1); the spec has checked names and weights (numbers, not negative)."""
    if c is None:
        return None
    weights = c.get("weights") or {}
    return Combine(tuple(c.get("warning_factors") or ()), weights.get("structural", 1), weights.get("warning", 1))


def _check_warning_factors(doc, combine: Combine, rules, out: list[Problem]) -> None:
    """Every factor in ``combine.warning_factors`` must be one some rule has: a misspelt name would
    otherwise leave the factor it meant out of the list, and that factor's rules would count,
    silently, in the structural index."""
    known = sorted({r.factor for r in rules})
    for i, f in enumerate(combine.warning_factors):
        if f not in known:
            out.append(doc.problem(("ruleset", "combine", "warning_factors", i),
                                   f"combine.warning_factors names {f!r}, a factor no rule has (the rules' factors: "
                                   f"{', '.join(known) or 'none'}){did_you_mean(f, known)}", "unused-warning-factor"))


def _unquote(v, kind: str) -> str:
    """Advice for a number or a truth value written in quotes (``gte: "3"``, ``eq: "true"``): YAML reads it as text.
    What the text would be unquoted is read by this loader itself, so the advice never names a value it would refuse
    ('1:30' base-60, '010' octal, '.inf'), and never one a comment would cut ('3 # x': unquoted, ' # x' is gone)."""
    if not isinstance(v, str):
        return ""
    t = v.strip()
    if not t or "\n" in t or "#" in t:
        return ""
    try:  # what the text would be unquoted, as this loader reads it ('1e5' and 'nan' stay text: no advice for them)
        bare = yamlsrc.parse_bytes(f"v: {t}\n".encode(), "").data.get("v")
    except InputError:
        return ""
    if kind == "number" and isinstance(bare, (int, float)) and not isinstance(bare, bool):
        return f" (it is quoted text: write {t} without quotes)"
    if kind == "bool" and isinstance(bare, bool):
        return f" (it is quoted text: write {str(bare).lower()} without quotes)"
    return ""


def _build_scale(doc, s: dict | None, lo: float, hi: float, out: list[Problem]) -> Scale | None:
    """The header's ``scale:`` (format 2.1).  The bounds stay required and must hold the scale's
    range 0..100 (so a 2.0 reader of the header still sees the range the scores lie in); they clamp
    nothing on a scale, which never leaves (0, 100)."""
    if not s or "logistic" not in s:
        return None
    lg = s["logistic"]
    if lg["width"] <= 0:
        out.append(doc.problem(("ruleset", "scale", "logistic", "width"), f"width must be above 0 (got {lg['width']}): "
                                                                          "the raw points per e-fold of the scale",
                               "bad-value"))
        return None
    if lo > 0 or hi < 100:
        out.append(doc.problem(("ruleset", "bounds"), f"with a scale the bounds must hold its range 0..100 (got "
                                                      f"{lo}..{hi}); write bounds: {{min: 0, max: 100}}", "bad-value"))
    return Scale("logistic", lg["midpoint"], lg["width"])


def _build_forecast(doc, f: dict | None, levels: list[str], out: list[Problem]) -> Forecast | None:
    """The header's level→probability map: one probability for every level, none for a level
    the rule set lacks, never lower at a higher level (a level above another claims more risk)."""
    if not f:
        return None
    probs = f["probabilities"]
    path = ("ruleset", "forecast", "probabilities")
    for name in probs:
        if name not in levels:
            out.append(doc.problem(path + (name,), f"no level {name!r} in this rule set (levels: {', '.join(levels)})",
                                   "bad-value", key=True))
    missing = [n for n in levels if n not in probs]
    if missing:
        out.append(doc.problem(path, f"no probability for level(s) {', '.join(missing)}: every level needs one",
                               "missing-field"))
    ordered = [(n, probs[n]) for n in levels if n in probs]
    for (lo, p_lo), (hi, p_hi) in zip(ordered, ordered[1:]):
        if p_hi < p_lo:
            out.append(doc.problem(path + (hi,), f"level {hi!r} has a lower probability ({p_hi}) than the level below "
                                                 f"it, {lo!r} ({p_lo})", "bad-value"))
    tau = f.get("population_rate")  # strictly between 0 and 1: the spec says so, located (spec.FORECAST)
    return Forecast(int(f["horizon_days"]), tuple((n, float(p)) for n, p in ordered), f.get("note", ""),
                    None if tau is None else float(tau))


def _fact_problem(doc, path, name: str) -> Problem:
    return doc.problem(path, f"unknown fact {name!r}{did_you_mean(name, FACTS)} (see `assessor rules facts`)", "unknown-fact")


_BOOL_WORD = re.compile(r"(?i)(?:true|false)\b")


def _bool_word(doc, path: tuple, value: bool) -> str:
    """The truth word at ``path`` as written (``no``, ``Off``, ``TRUE``): the parser keeps the YAML 1.1 words;
    ``true`` and ``false`` in any case are read back from the line."""
    if path in doc.words:
        return doc.words[path]
    line, col = doc.locs.get(path, (0, 0))
    lines = re.split(r"\r\n|\r|\n", doc.raw.decode("utf-8", "replace"))  # YAML's line breaks (splitlines has more)
    m = _BOOL_WORD.match(lines[line - 1], col - 1) if 0 < line <= len(lines) and col > 0 else None
    return m.group(0) if m else str(value).lower()


def _build_condition(doc, c: dict, path: tuple, out: list[Problem]) -> ir.Node:
    loc = Loc(doc.file, *doc.loc(path))
    if "all" in c:
        return ir.All(tuple(_build_condition(doc, x, path + ("all", i), out) for i, x in enumerate(c["all"])), loc)
    if "any" in c:
        return ir.Any(tuple(_build_condition(doc, x, path + ("any", i), out) for i, x in enumerate(c["any"])), loc)
    if "not" in c:
        return ir.Not(_build_condition(doc, c["not"], path + ("not",), out), loc)
    op = next(k for k in c if k != "fact")
    name, value = c["fact"], c[op]
    cond = ir.Compare(name, op, tuple(value) if op == "in" else value, loc)
    fact = FACTS.get(name)
    if fact is None:
        out.append(_fact_problem(doc, path + ("fact",), name))
        return cond
    values = value if op == "in" else [value]
    if op == "present":
        return cond
    if op in ("lt", "lte", "gt", "gte") and fact.type != "number":
        out.append(doc.problem(path + (op,), f"'{op}' needs a number fact; {name!r} is {fact.type}", "type-mismatch"))
        return cond
    for i, v in enumerate(values):
        vpath = path + (op, i) if op == "in" else path + (op,)
        ok = {
            "number": isinstance(v, (int, float)) and not isinstance(v, bool),
            "text": isinstance(v, str),
            "bool": isinstance(v, bool),
        }[fact.type]
        if not ok and fact.type == "text" and isinstance(v, bool):  # the Norway problem: `eq: no` reads as false
            word = _bool_word(doc, vpath, v)
            said = f"{name!r} is a text fact; YAML reads the unquoted {word} as the truth value {str(v).lower()}, " \
                   "which can never match it"
            if fact.values and word not in fact.values:  # quoting it would only lead to the next error: say both
                said += (f", and quoted it is no value of {name!r} either{did_you_mean(word, fact.values, parens=True)}; "
                         f"its values: {', '.join(fact.values)}")
            else:
                said += f": write \"{word}\" in quotes (unquoted, yes, no, on, off, true and false are truth values)"
            out.append(doc.problem(vpath, said, "type-mismatch"))
        elif not ok:
            out.append(doc.problem(vpath, f"{name!r} is a {fact.type} fact; {v!r} can never match it{_unquote(v, fact.type)}",
                                   "type-mismatch"))
        elif fact.values and v not in fact.values:
            did = did_you_mean(v, fact.values, parens=True)
            out.append(doc.problem(vpath, f"{name!r} is never {v!r}{did}; its values: {', '.join(fact.values)}", "bad-value"))
    return cond


def template_names(template: str) -> list[str]:
    """Field names used by a reason template, e.g. ``{threat_level:.1f}`` → threat_level."""
    try:
        return [f for _, f, _, _ in string.Formatter().parse(template) if f is not None]
    except ValueError:
        return ["{"]


_NUMBER_SPEC = re.compile(r"\.\df")


def _check_template_specs(doc, template: str, path: tuple, out: list[Problem]) -> None:
    """Allow only ``{fact}`` and, for numbers, ``{fact:.Nf}``: a reason is text
    for readers, and a free format spec (``{x:>99999999}``) can exhaust memory."""
    try:
        parts = list(string.Formatter().parse(template))
    except ValueError:
        return  # reported as bad-template by the caller
    for _, name, fmt, conversion in parts:
        if name is None:
            continue
        numeric = name == "points" or (name in FACTS and FACTS[name].type == "number")
        if conversion or (fmt and not (numeric and _NUMBER_SPEC.fullmatch(fmt))):
            written = "{" + name + ("!" + conversion if conversion else "") + (":" + fmt if fmt else "") + "}"
            out.append(doc.problem(path, f"{written}: write {{fact}}, or {{fact:.Nf}} for a number with N (0-9) decimals",
                                   "bad-template"))


def _build_rule(doc, r: dict, path: tuple, out: list[Problem]) -> Rule:
    when = _build_condition(doc, r["when"], path + ("when",), out)
    eff = r["effect"]
    per = eff.get("per")
    if per is not None:
        if per not in FACTS:
            out.append(_fact_problem(doc, path + ("effect", "per"), per))
        elif FACTS[per].type != "number":
            out.append(doc.problem(path + ("effect", "per"), f"'per' needs a number fact; {per!r} is "
                                                             f"{FACTS[per].type}", "type-mismatch"))
    if eff.get("cap") is not None and per is None:
        out.append(doc.problem(path + ("effect", "cap"), "'cap' only applies with 'per'", "bad-value", severity="warning"))
    unc = eff.get("uncertain")
    if unc is not None and not unc["min"] <= eff["points"] <= unc["max"]:
        out.append(doc.problem(path + ("effect", "uncertain"), f"the range {unc['min']}..{unc['max']} does not hold the "
                                                               f"rule's points {eff['points']}", "bad-range"))
    _check_template_specs(doc, r["reason"], path + ("reason",), out)
    for name in template_names(r["reason"]):
        if name == "{" or not name:
            out.append(doc.problem(path + ("reason",), "reason template has a stray or empty '{ }'; write "
                                                       "{fact_name}", "bad-template"))
        elif name not in FACTS and name not in TEMPLATE_EXTRAS:
            did = did_you_mean(name, [*FACTS, *TEMPLATE_EXTRAS])
            out.append(doc.problem(path + ("reason",), f"reason template names unknown fact "
                                                       f"{name!r}{did}", "unknown-template-fact"))
    return Rule(
        id=r["id"], factor=r["factor"], description=r.get("description", ""), when=when,
        effect=Effect(eff["points"], per, eff.get("cap"),
                      (unc["min"], unc["max"]) if unc is not None else None), reason=r["reason"],
        references=tuple(r.get("references") or ()), loc=Loc(doc.file, *doc.loc(path)),
        ignore_lints=tuple(r.get("ignore_lints") or ()), index=r.get("index"),
    )
