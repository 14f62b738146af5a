"""States and organisations as data: the registry every name in a profile resolves through.

The bundled registry (``assessor/data/states.yaml``) lists states and
organisations with their canonical name, common aliases, ISO 3166 codes (taken
from pycountry's data, never typed), nuclear-weapon status with the date it
began, and memberships of organisations with their dates, each date with its
source.  Users layer their own files over it with :func:`load_registry`: an
entry with the same canonical name extends the bundled one.

The loader resolves every ``party``, ``provider``, ``actor``, ``by`` and the
profile's ``adversary`` once, at load time, so the derive stage only ever sees
canonical names; :meth:`Registry.nuclear_since` is a dictionary lookup.
"""

from __future__ import annotations

import datetime as _dt
import json
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path

from assessor import spec, yamlsrc
from assessor.errors import InputError, Problem, did_you_mean
from assessor.files import package_dir, sha256, unique, yaml_files
from assessor.model import Loc, Source

NUCLEAR_WEAPON_STATE = "nuclear-weapon-state"
SUGGEST_CUTOFF = 0.75


def bundled_path() -> Path:
    return package_dir() / "data" / "states.yaml"


def parsed_path() -> Path:
    """The bundled registry, parsed: read instead of the YAML while the YAML is unchanged."""
    return bundled_path().with_name("states.parsed.json")


def key(name: str) -> str:
    """How names are compared: case-insensitive, runs of spaces as one, each accented letter in one form (NFC: a
    name written decomposed, as macOS writes file names and some editors paste, is the same name)."""
    return " ".join(unicodedata.normalize("NFC", str(name)).casefold().split())


def join_names(names: Sequence[str]) -> str:
    """``A``, ``A and B``, ``A, B and C``: how a list of parties reads in reasons."""
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]


def partners_text(e, field: str, own: Iterable[str]) -> str:
    """The names of an event's ``field`` (its parties, providers) as reasons show them, without the country
    itself (``own``: :meth:`Registry.states_of`): a treaty whose record lists every signatory read 'the mutual
    defence treaty with Georgia, United States and France' in Georgia's what-if, facts and report; a country is
    never its own partner.  The event's own text when no other name is left (a name the registry does not know)."""
    mine = set(own)
    others = [n for n in e.names(field) if n not in mine]
    return join_names(others) if others else str(e.get(field) or "")


# --------------------------------------------------------------------------- the model

@dataclass(frozen=True)
class Membership:
    """A state's membership of an organisation, from ``start`` until ``until``."""

    organisation: str
    start: _dt.date
    until: _dt.date | None = None
    suspended: _dt.date | None = None  # still a member, participation frozen: not counted as an ally
    source: Source | None = None
    note: str = ""
    loc: Loc = field(default=Loc(""), compare=False)

    def on(self, date: _dt.date) -> bool:
        """A member on ``date``."""
        return self.start <= date and (self.until is None or date < self.until)

    def ally_on(self, date: _dt.date) -> bool:
        """A member on ``date`` whose participation is not frozen."""
        return self.on(date) and (self.suspended is None or date < self.suspended)


@dataclass(frozen=True)
class Nuclear:
    """A state's nuclear-weapon status, and since when."""

    status: str  # nuclear-weapon-state | undeclared
    since: _dt.date | None = None
    source: Source | None = None
    note: str = ""
    loc: Loc = field(default=Loc(""), compare=False)


@dataclass(frozen=True)
class Existence:
    """The days a state or organisation existed: from ``start`` until the day before ``until``.

    Only historical entries carry one (the Soviet Union, Czechoslovakia, the
    League of Nations): an entry without it is taken to exist on every day, so
    the check is additive.  ``start`` None: no first day recorded (the
    Ottoman Empire).  ``iso_withdrawn``: the dates come from nowhere but
    pycountry's ISO 3166-3 record (``until`` is the day ISO withdrew the code,
    an upper bound of the state's or the name's end), and ``successor`` is the
    ISO 3166-1 country its code passed to, where ISO names one.
    """

    start: _dt.date | None = None
    until: _dt.date | None = None  # first day the state no longer exists
    source: Source | None = None
    note: str = ""
    loc: Loc = field(default=Loc(""), compare=False)
    iso_withdrawn: bool = False
    successor: str = ""

    def on(self, date: _dt.date) -> bool:
        return (self.start is None or self.start <= date) and (self.until is None or date < self.until)

    def span(self) -> str:
        last = self.until - _dt.timedelta(days=1) if self.until and self.until > _dt.date.min else self.until
        return f"{self.start or '…'} to {last or 'today'}"


@dataclass(frozen=True)
class Entry:
    """One state or organisation."""

    name: str
    kind: str = "state"
    aliases: tuple[str, ...] = ()
    alpha2: str | None = None
    alpha3: str | None = None
    iso_name: str | None = None
    iso: bool = True  # False: a state without ISO 3166 codes
    alliance: bool = False
    nuclear: Nuclear | None = None
    memberships: tuple[Membership, ...] = ()
    note: str = ""
    loc: Loc = field(default=Loc(""), compare=False)
    exists: Existence | None = None  # historical states only
    alias_locs: tuple[Loc, ...] = field(default=(), compare=False)  # one per alias

    def names(self) -> list[str]:
        """Every name this entry answers to: canonical, aliases, pycountry's name, ISO codes."""
        iso = [self.iso_name] if self.iso_name and self.alpha3 else []  # matched in pycountry: its name for the state
        return [self.name, *self.aliases, *iso, *(c for c in (self.alpha2, self.alpha3) if c)]


class Registry:
    """Entries by canonical name, and an index of every name they answer to."""

    def __init__(self, entries: dict[str, Entry], files: Sequence[str] = (), digests: Sequence[tuple[str, str]] = ()):
        self.entries = entries
        self.files = tuple(files)
        # (file, SHA-256 of its bytes) of each layer read, in order: a result's provenance records them, since
        # a registry file changes results (a state's dates, a membership, a name that resolves) as rules do
        self.digests = tuple(digests)
        self._index: dict[str, str] = {}
        for e in entries.values():
            for n in e.names():
                self._index.setdefault(key(n), e.name)
        self._nuclear: dict[str, _dt.date | None] = {}

    def get(self, name: str) -> Entry | None:
        canonical = self._index.get(key(name))
        return self.entries[canonical] if canonical else None

    def canonical(self, name: str) -> str | None:
        return self._index.get(key(name))

    def states_of(self, name: str, aliases: Sequence[str] = ()) -> tuple[str, ...]:
        """The registry names a profile's country answers to, most telling first: its name, its name
        without a trailing parenthesis ("Estonia (2014-2025)", "Czechoslovakia (1966-1968)"), then
        its aliases (ISO codes among them).  Where the country *is* (derive: its location, its own
        name among parties; import: the names to match).  What it *inherits* from world records
        goes by its whole name only (a record named apart is self-contained: ``World.passed_by``)."""
        out: list[str] = []
        for n in (name, name.split(" (")[0], *aliases):
            c = self.canonical(n)
            if c is not None and c not in out:
                out.append(c)
        return tuple(out)

    def suggestion(self, name: str) -> str:
        """``; did you mean 'X'?`` for the closest known name, or ``""``."""
        # A stricter cutoff than for field names: place names are short and
        # alike, and a wrong country suggested is worse than none.
        names = [n for e in self.entries.values() for n in (e.name, *e.aliases)]
        hint = did_you_mean(name, names, cutoff=SUGGEST_CUTOFF)
        if not hint:  # case-insensitive second try: "untied states"
            folded = {n.casefold(): n for n in names}
            hint = did_you_mean(str(name).casefold(), folded, cutoff=SUGGEST_CUTOFF)
            if hint:
                close = hint.split("'")[1]
                hint = f"; did you mean {folded[close]!r}?"
        return hint

    # ------------------------------------------------------------------ nuclear status

    def nuclear_since(self, name: str) -> _dt.date | None:
        """The day ``name`` became a nuclear-weapon state, or None (cached per name)."""
        try:
            return self._nuclear[name]
        except KeyError:
            e = self.get(name)
            n = e.nuclear if e else None
            since = n.since if n is not None and n.status == NUCLEAR_WEAPON_STATE else None
            self._nuclear[name] = since
            return since

    def is_nuclear(self, name: str, date: _dt.date) -> bool:
        since = self.nuclear_since(name)
        return since is not None and since <= date

    # ------------------------------------------------------------------ existence

    def exists_on(self, name: str, date: _dt.date) -> bool:
        """``name`` existed on ``date`` (always true for a state without recorded dates)."""
        e = self.get(name)
        return e is None or e.exists is None or e.exists.on(date)

    # ------------------------------------------------------------------ memberships

    def memberships(self, name: str, date: _dt.date) -> list[Membership]:
        e = self.get(name)
        return [m for m in (e.memberships if e else ()) if m.on(date)]

    def members(self, organisation: str, date: _dt.date) -> list[str]:
        org = self.canonical(organisation)
        return sorted(e.name for e in self.entries.values() if _member(e, org, date))

    def is_member(self, name: str | None, organisation: str, date: _dt.date) -> bool:
        """``name`` (a canonical name) is among :meth:`members` of ``organisation`` on ``date``: its
        own memberships looked at, not every entry's (world records ask this for every event)."""
        e = self.entries.get(name) if name is not None else None
        if e is None:
            return False
        return _member(e, self.canonical(organisation), date)

    def alliances(self, name: str, date: _dt.date) -> set[str]:
        """Alliances ``name`` takes part in on ``date`` (frozen participation does not count)."""
        e = self.get(name)
        return {m.organisation for m in (e.memberships if e else ())
                if m.ally_on(date) and self.entries.get(m.organisation, Entry("")).alliance}

    def allied(self, a: str, b: str, date: _dt.date) -> bool:
        """``a`` and ``b`` share an alliance on ``date``, or one is an alliance the other takes part in."""
        ca, cb = self.canonical(a), self.canonical(b)
        if ca is None or cb is None:
            return False
        if ca == cb:
            return True
        return bool(self.alliances(ca, date) & self.alliances(cb, date)) or ca in self.alliances(cb, date) \
            or cb in self.alliances(ca, date)


def _member(e: Entry, org: str | None, date: _dt.date) -> bool:
    """Whether entry ``e`` is a member of the organisation ``org`` (a canonical name) on ``date``."""
    return any(m.organisation == org and m.on(date) for m in e.memberships)


# --------------------------------------------------------------------------- ISO 3166 codes

@lru_cache(maxsize=1)
def _iso_records() -> list[dict]:
    """ISO 3166-1 records as pycountry ships them.

    pycountry's data file is read directly: importing pycountry pulls in
    importlib.metadata (about 50 ms), more than a daily four-year timeline
    costs.  If the file is not where pycountry keeps it, import pycountry.
    """
    from importlib.machinery import PathFinder  # importlib.util alone costs milliseconds

    found = PathFinder.find_spec("pycountry")
    for folder in (found.submodule_search_locations or []) if found else []:
        path = Path(folder) / "databases" / "iso3166-1.json"
        if path.is_file():
            return json.loads(path.read_text(encoding="utf-8"))["3166-1"]
    import pycountry  # pragma: no cover - a pycountry that moved its data

    return [{"alpha_2": c.alpha_2, "alpha_3": c.alpha_3, "name": c.name,
             "official_name": getattr(c, "official_name", ""), "common_name": getattr(c, "common_name", "")}
            for c in pycountry.countries]  # pragma: no cover


@lru_cache(maxsize=1)
def _historic_records() -> list[dict]:
    """ISO 3166-3 records (countries removed from ISO 3166-1) as pycountry ships them."""
    from importlib.machinery import PathFinder

    found = PathFinder.find_spec("pycountry")
    for folder in (found.submodule_search_locations or []) if found else []:
        path = Path(folder) / "databases" / "iso3166-3.json"
        if path.is_file():
            return json.loads(path.read_text(encoding="utf-8"))["3166-3"]
    import pycountry  # pragma: no cover - a pycountry that moved its data

    return [{"alpha_2": c.alpha_2, "alpha_3": c.alpha_3, "name": c.name}
            for c in pycountry.historic_countries]  # pragma: no cover


def _historic_alpha2(rec: dict) -> str:
    """A former country's alpha-2 code, or "" where it is ambiguous: ISO reassigns
    alpha-2 codes (BY was the Byelorussian SSR, is Belarus; CS was both
    Czechoslovakia and Serbia and Montenegro), and a name must resolve to one entry."""
    code = rec.get("alpha_2", "")
    current, twice = _alpha2_codes()
    return "" if not code or code in current or code in twice else code


@lru_cache(maxsize=1)
def _alpha2_codes() -> tuple[frozenset[str], frozenset[str]]:
    """The alpha-2 codes of current countries, and those two former countries share: worked out
    once, not for every former country (see :func:`_historic_alpha2`)."""
    seen: set[str] = set()
    twice: set[str] = set()
    for r in _historic_records():
        code = r.get("alpha_2", "")
        (twice if code in seen else seen).add(code)
    return frozenset(r["alpha_2"] for r in _iso_records()), frozenset(twice)


@lru_cache(maxsize=1)
def historic_iso_codes() -> dict[str, tuple[str, str]]:
    """(alpha-2, alpha-3) of the historical countries by name and alpha-3 code.

    Only the entries of the registry that record an end of existence are
    looked up here, so a former code (SU) never shadows a current country;
    an ambiguous alpha-2 code is left out (see :func:`_historic_alpha2`).
    """
    out: dict[str, tuple[str, str]] = {}
    for rec in _historic_records():
        codes = (_historic_alpha2(rec), rec["alpha_3"])
        for n in (rec["alpha_3"], rec.get("name")):
            if n:
                out.setdefault(key(n), codes)
    return out


def withdrawal_until(text: str) -> _dt.date:
    """The first day after an ISO 3166-3 withdrawal date: ``1977`` (a year only) reads as
    1978-01-01, so the bound never falls before the real withdrawal."""
    if len(text) == 4:
        return _dt.date(int(text) + 1, 1, 1)
    return _dt.date.fromisoformat(text)


@lru_cache(maxsize=1)
def iso_codes() -> dict[str, tuple[str, str]]:
    """(alpha-2, alpha-3) by every name and code pycountry knows (compared with :func:`key`)."""
    out: dict[str, tuple[str, str]] = {}
    for rec in _iso_records():
        codes = (rec["alpha_2"], rec["alpha_3"])
        for n in (rec["alpha_2"], rec["alpha_3"], rec.get("name"), rec.get("official_name"), rec.get("common_name")):
            if n:
                out.setdefault(key(n), codes)
    return out


# --------------------------------------------------------------------------- loading

# Parsing the bundled YAML (with every location) is most of what loading the
# registry costs, on every command.  The package therefore also ships it
# parsed, with the hash of the YAML it was parsed from: while the hashes agree
# the parsed copy is read (about twenty times faster), otherwise the YAML
# itself, so an edit to states.yaml takes effect at once.  A test keeps the
# shipped copy current (regenerate: python -m assessor.registry).

def parsed_text(doc: yamlsrc.Document) -> str:
    """``doc`` (data and locations) as the JSON of :func:`parsed_path`."""
    return json.dumps({
        "yaml_sha256": sha256(doc.raw).hexdigest(),
        "data": doc.data,
        "locs": [[list(path), *at] for path, at in doc.locs.items()],
        "key_locs": [[list(path), *at] for path, at in doc.key_locs.items()],
    }, ensure_ascii=False, separators=(",", ":")) + "\n"


def _read_bundled() -> yamlsrc.Document:
    path = bundled_path()
    raw = path.read_bytes()
    try:
        parsed = json.loads(parsed_path().read_text(encoding="utf-8"))
        if parsed["yaml_sha256"] == sha256(raw).hexdigest():
            return yamlsrc.Document(str(path), parsed["data"], raw,
                                    {tuple(p): (line, col) for p, line, col in parsed["locs"]},
                                    {tuple(p): (line, col) for p, line, col in parsed["key_locs"]})
    except (OSError, ValueError, KeyError, TypeError):
        pass  # missing or malformed: parse the YAML
    return yamlsrc.read(path)


def _date(s: str | None) -> _dt.date | None:
    return _dt.date.fromisoformat(s) if s else None


def _source(d: dict) -> Source:
    return Source(d["publisher"], d["title"], _date(d.get("date")), d.get("url"), d.get("kind"))


class _Layer:
    """One registry file, parsed and checked, its entries built."""

    def __init__(self, doc: yamlsrc.Document, known_sources: dict[str, Source], out: list[Problem],
                 kinds: dict[str, str] | None = None):
        self.doc = doc
        self.out = out
        # the kind of each entry the layers below already hold: an entry that extends one without saying its kind is
        # checked as what it extends (`name: NATO` with `alliance: true` was refused as a state's, and a nuclear
        # status or an iso_name given to NATO so was taken without a word)
        self.kinds = kinds or {}
        raw_sources = doc.data.get("sources") or {}
        self.sources = dict(known_sources)
        self.sources.update({sid: _source(s) for sid, s in raw_sources.items()})
        self.entries: list[tuple[Entry, dict, tuple]] = []  # (entry, raw mapping, path)
        seen: dict[str, int] = {}
        for i, raw in enumerate(doc.data["entries"]):
            path = ("entries", i)
            k = key(raw["name"])
            if k in seen:
                out.append(doc.problem(path + ("name",), f"{raw['name']!r} is already an entry of this file "
                                       f"(line {doc.loc(('entries', seen[k]))[0]})", "duplicate-name"))
                continue
            seen[k] = i
            self.entries.append((self._entry(raw, path), raw, path))

    def _loc(self, path: tuple, key_: bool = False) -> Loc:
        return Loc(self.doc.file, *self.doc.loc(path, key=key_))

    def _source_ref(self, ref, path: tuple) -> Source | None:
        if ref is None:
            return None
        if isinstance(ref, dict):
            return _source(ref)
        if ref not in self.sources:
            self.out.append(self.doc.problem(path, f"unknown source {ref!r}{did_you_mean(ref, self.sources)}; "
                                                   "list it under 'sources'", "bad-value"))
            return None
        return self.sources[ref]

    def _dated(self, raw: dict, path: tuple, what: str) -> tuple[Source | None, str]:
        source = self._source_ref(raw.get("source"), path + ("source",))
        note = raw.get("note", "")
        if "source" not in raw and not note:
            self.out.append(self.doc.problem(path, f"{what} has no source: give one, or say in a 'note' that none was found",
                                             "missing-source"))
        return source, note

    def _entry(self, raw: dict, path: tuple) -> Entry:
        doc, out = self.doc, self.out
        kind = raw.get("kind", self.kinds.get(raw["name"], "state"))
        nuclear = None
        if "nuclear" in raw:
            n, npath = raw["nuclear"], path + ("nuclear",)
            if kind != "state":
                out.append(doc.problem(npath, "only a state has a nuclear status", "bad-value", key=True))
            if n["status"] == NUCLEAR_WEAPON_STATE and "since" not in n:
                out.append(doc.problem(npath, "a nuclear-weapon state needs 'since' (the date its status began)",
                                       "missing-field"))
            source, note = self._dated(n, npath, "the nuclear status")
            nuclear = Nuclear(n["status"], _date(n.get("since")), source, note, self._loc(npath))
        memberships = []
        for j, m in enumerate(raw.get("memberships") or []):
            mpath = path + ("memberships", j)
            start, until, suspended = _dt.date.fromisoformat(m["from"]), _date(m.get("until")), _date(m.get("suspended"))
            if until and until <= start:
                out.append(doc.problem(mpath + ("until",), f"'until' {until} is not after 'from' {start}", "end-before-start"))
            if suspended and (suspended < start or (until and suspended >= until)):
                out.append(doc.problem(mpath + ("suspended",), f"'suspended' {suspended} lies outside the membership",
                                       "end-before-start"))
            source, note = self._dated(m, mpath, "the membership")
            memberships.append(Membership(m["organisation"], start, until, suspended, source, note, self._loc(mpath)))
        exists = None
        if "exists" in raw:
            x, xpath = raw["exists"], path + ("exists",)
            began, ended = _date(x.get("from")), _date(x.get("until"))
            if began and ended and ended <= began:
                out.append(doc.problem(xpath + ("until",), f"'until' {ended} is not after 'from' {began}",
                                       "end-before-start"))
            elif ended == _dt.date.min:  # 'until' is the first day it no longer existed: then it never did
                out.append(doc.problem(xpath + ("until",), f"'until' {ended} is the calendar's first day: "
                                                           f"{raw['name']!r} would exist on no day", "end-before-start"))
            source, note = self._dated(x, xpath, "'exists'")  # "the dates of existence has no source" read wrong
            exists = Existence(began, ended, source, note, self._loc(xpath))
        if kind != "organisation" and "alliance" in raw:
            out.append(doc.problem(path + ("alliance",), "'alliance' applies to organisations only", "bad-value", key=True))
        for k in ("iso_name", "iso"):
            if kind != "state" and k in raw:
                out.append(doc.problem(path + (k,), "only a state has ISO 3166 codes", "bad-value", key=True))
        aliases = tuple(raw.get("aliases") or ())
        return Entry(
            name=raw["name"], kind=kind, aliases=aliases, iso_name=raw.get("iso_name"), iso=raw.get("iso", True),
            alliance=bool(raw.get("alliance", False)), nuclear=nuclear, memberships=tuple(memberships),
            note=raw.get("note", ""), loc=self._loc(path), exists=exists,
            alias_locs=tuple(self._loc(path + ("aliases", i)) for i in range(len(aliases))),
        )


def _extend(base: Entry, new: Entry, raw: dict) -> Entry:
    """A user entry over a bundled one: fields it gives replace, aliases add up,
    a membership in an organisation replaces the one in the same organisation."""
    changes: dict = {}
    for name in ("kind", "iso_name", "iso", "alliance", "nuclear", "note", "exists"):
        if name in raw:
            changes[name] = getattr(new, name)
    if new.aliases:
        extra = [(a, loc) for a, loc in zip(new.aliases, new.alias_locs) if key(a) not in map(key, base.aliases)]
        changes["aliases"] = base.aliases + tuple(a for a, _ in extra)
        changes["alias_locs"] = base.alias_locs + tuple(loc for _, loc in extra)
    if new.memberships:
        replaced = {key(m.organisation) for m in new.memberships}
        changes["memberships"] = tuple(m for m in base.memberships if key(m.organisation) not in replaced) + new.memberships
    return replace(base, **changes)


def _at(loc: Loc, message: str, code: str) -> Problem:
    return Problem(loc.file, loc.line, loc.col, "error", message, code)


def load_registry(extra_paths: Iterable[str | Path] = (), *, collect: list[Problem] | None = None) -> Registry:
    """The bundled registry with the files (or folders) of ``extra_paths`` layered over it, in order.

    An entry whose ``name`` is already an entry's canonical name extends it
    (see :func:`_extend`); any other name must be new.  Raise
    :class:`InputError` on any error, or with ``collect`` append the problems
    there and return what loaded.
    """

    files = unique([bundled_path(), *yaml_files(list(extra_paths))]) if extra_paths else [bundled_path()]
    problems: list[Problem] = []
    entries: dict[str, Entry] = {}
    owner: dict[str, str] = {}  # key of a name or alias -> canonical name
    sources: dict[str, Source] = {}
    digests: list[tuple[str, str]] = []
    for f in files:
        try:
            doc = _read_bundled() if f == files[0] else yamlsrc.read(f)
        except InputError as exc:
            problems.extend(exc.problems)
            continue
        digests.append((str(f), sha256(doc.raw).hexdigest()))
        found = spec.check(doc, spec.REGISTRY)
        if found:
            problems.extend(found)
            continue
        layer = _Layer(doc, sources, problems, {name: e.kind for name, e in entries.items()})
        sources = layer.sources
        for entry, raw, path in layer.entries:
            k = key(entry.name)
            if k in owner and owner[k] != entry.name:
                problems.append(doc.problem(path + ("name",), f"{entry.name!r} already names {owner[k]!r}; to extend that "
                                            f"entry write name: {owner[k]}", "duplicate-name"))
                continue
            if entry.name in entries:
                was = entries[entry.name].kind
                if "kind" in raw and raw["kind"] != was:  # every file that names it reads it as what it was
                    problems.append(doc.problem(path + ("kind",), f"{entry.name!r} is {_a(was)} "
                                                f"{was} (at {entries[entry.name].loc}); a layer extends an entry, it "
                                                "cannot make it another kind", "bad-value"))
                    raw = {k: v for k, v in raw.items() if k != "kind"}
                entry = _extend(entries[entry.name], entry, raw)
            entries[entry.name] = entry
            for n in (entry.name, *entry.aliases):
                owner.setdefault(key(n), entry.name)
    problems += _finish_entries(entries, [str(f) for f in files])
    _add_iso_states(entries)
    _add_historic_states(entries)
    registry = Registry(entries, [str(f) for f in files], digests)
    if collect is not None:
        collect.extend(problems)
        return registry
    if any(p.severity == "error" for p in problems):
        raise InputError(problems)
    return registry


def _finish_entries(entries: dict[str, Entry], files: Sequence[str]) -> list[Problem]:
    """ISO codes, names claimed twice, memberships of unknown organisations."""
    out: list[Problem] = []
    codes = iso_codes()
    for name, e in list(entries.items()):
        if e.kind != "state" or not e.iso:
            continue
        found = codes.get(key(e.iso_name or e.name))
        if found is None and e.exists is not None and e.exists.until is not None:
            found = historic_iso_codes().get(key(e.iso_name or e.name))  # a former country: ISO 3166-3
        if found is None:
            what = f"iso_name {e.iso_name!r}" if e.iso_name else f"{e.name!r}"
            out.append(_at(e.loc, f"pycountry (ISO 3166) knows no country named {what}; give the name it uses "
                                  "as 'iso_name', or write 'iso: false' for a state without ISO codes", "bad-value"))
            continue
        entries[name] = replace(e, alpha2=found[0] or None, alpha3=found[1])
    # A name claimed by two entries is reported where the later file (a user's
    # layer rather than the bundled file) claims it.
    rank = {f: i for i, f in enumerate(files)}
    claims: dict[str, list[tuple[tuple, str, str, Loc]]] = {}
    for e in entries.values():
        named = [(e.name, e.loc), *zip(e.aliases, e.alias_locs), *((c, e.loc) for c in (e.alpha2, e.alpha3) if c)]
        for n, loc in named:
            claims.setdefault(key(n), []).append(((rank.get(loc.file, -1), loc.line, loc.col), n, e.name, loc))
    for claimants in claims.values():
        claimants.sort(key=lambda c: c[0])
        _, _, owner, owner_loc = claimants[0]
        reported = {owner}
        for _, n, name, loc in claimants[1:]:
            if name not in reported:
                reported.add(name)
                out.append(_at(loc, f"{n!r} names both {owner!r} (at {owner_loc}) and {name!r}", "duplicate-name"))
    for e in entries.values():
        for j, m in enumerate(e.memberships):
            if m.organisation == e.name:
                out.append(_at(m.loc, f"{e.name!r} is named a member of itself", "bad-value"))
                continue
            for earlier in e.memberships[:j]:  # one organisation twice is fine (left, joined again), at once is not
                if earlier.organisation == m.organisation and _overlap(earlier, m):
                    out.append(_at(m.loc, f"this membership of {e.name!r} in {m.organisation!r} overlaps the one at "
                                          f"line {earlier.loc.line} of {earlier.loc.file}: give the periods 'until' days "
                                          "that keep them apart (one membership, one source)", "duplicate-name"))
                    break
            org = entries.get(m.organisation)
            if org is None or org.kind != "organisation":
                did = did_you_mean(m.organisation, [o.name for o in entries.values() if o.kind == "organisation"])
                out.append(_at(m.loc, f"{m.organisation!r} is not an organisation of the registry{did}", "unknown-name"))
                continue
            out += _membership_outside(e, org, m, rank)
    return out


def _overlap(a: Membership, b: Membership) -> bool:
    """Two memberships share a day (``until`` is the first day no longer a member)."""
    return (a.until is None or b.start < a.until) and (b.until is None or a.start < b.until)


def _membership_outside(member: Entry, org: Entry, m: Membership, rank: dict[str, int]) -> list[Problem]:
    """A membership must lie within the days both its member and its organisation existed:
    the Warsaw Pact's members leave it by 1991-07-01, the GDR by its own end.

    The problem is reported in the later layer of the two that disagree: a user's registry that
    ends a state's existence is told so at its own ``exists`` line (naming the bundled membership
    it contradicts), not sent to a line of the bundled file it never wrote."""
    out = []
    for who in (org, member):
        x = who.exists
        if x is None:
            continue
        if rank.get(x.loc.file, -1) > rank.get(m.loc.file, -1):
            them = f"the membership of {member.name!r} in {org.name!r} (at {m.loc})"
            if x.start is not None and m.start < x.start:
                out.append(_at(x.loc, f"{who.name!r} exists from {x.start} here, but {them} begins on {m.start}: "
                                      "let the existence begin no later", "name-outside-existence"))
            if x.until is not None and (m.until is None or m.until > x.until):
                ends = f"runs to {m.until}" if m.until else "has no 'until'"
                out.append(_at(x.loc, f"{who.name!r} ceases to exist on {x.until} here, but {them} {ends}: let the "
                                      "existence end no earlier, or give that membership an 'until' in this file",
                               "name-outside-existence"))
            continue
        if x.start is not None and m.start < x.start:
            out.append(_at(m.loc, f"the membership of {org.name!r} begins on {m.start}, before {who.name!r} existed "
                                  f"(it existed {x.span()})", "name-outside-existence"))
        if x.until is not None and (m.until is None or m.until > x.until):
            ends = f"runs to {m.until}" if m.until else "has no 'until'"
            out.append(_at(m.loc, f"the membership of {org.name!r} {ends}, but {who.name!r} ceased to exist on "
                                  f"{x.until}: give 'until' on or before that day", "name-outside-existence"))
    return out


def _add_iso_states(entries: dict[str, Entry]) -> None:
    """Every other ISO 3166-1 country, by the name pycountry gives it.

    The curated file records what matters for scoring (nuclear status,
    alliances) and the aliases people write; any other state still resolves
    by its ISO name or code (Iraq, Kuwait, the Philippines), so a profile
    about a new region needs no registry edit to name its states.
    """
    taken = {e.alpha2 for e in entries.values() if e.alpha2}
    names = {key(n) for e in entries.values() for n in e.names()}
    where = Loc(str(bundled_path().parent / "pycountry (ISO 3166-1)"))
    for rec in _iso_records():
        if rec["alpha_2"] in taken:
            continue
        name = rec.get("common_name") or rec["name"]
        aliases = tuple(n for n in (rec["name"], rec.get("official_name")) if n and n != name and key(n) not in names)
        if key(name) in names:
            continue
        entries[name] = Entry(name=name, aliases=aliases, alpha2=rec["alpha_2"], alpha3=rec["alpha_3"], loc=where)


def _letters(name: str) -> str:
    return "".join(filter(str.isalnum, name.casefold()))


def _add_historic_states(entries: dict[str, Entry]) -> None:
    """Every ISO 3166-3 former country no entry already is, by its ISO name and its codes.

    pycountry's historic countries (Burma, Zaire, Upper Volta, the Byelorussian
    SSR, South Yemen ...) resolve, so a record of another period can name them,
    and the day ISO withdrew the code is their ``exists.until``: an upper bound
    (the state or the name ended on or before it), so the check never refuses
    a day the state surely existed.  A code a current country or another entry
    answers to is not given again (ISO reassigns codes: AI, BQ, BY, GE, SK),
    and the short form of the name (``Burma``) is an alias only when no entry
    already answers to it, punctuation aside (``Viet-Nam`` is Viet Nam).  The
    curated entries (the Soviet Union, Czechoslovakia, Yugoslavia ...) carry
    sourced dates instead.
    """
    taken = {key(n) for e in entries.values() for n in e.names()}
    letters = {_letters(n) for e in entries.values() for n in e.names()}
    curated = {e.alpha3 for e in entries.values() if e.exists is not None and e.alpha3}
    by_code = {e.alpha2: e.name for e in entries.values() if e.alpha2 and e.exists is None}
    where = Loc(str(bundled_path().parent / "pycountry (ISO 3166-3)"))
    for rec in _historic_records():
        if rec["alpha_3"] in curated or key(rec["name"]) in taken:
            continue
        short = rec["name"].split(",")[0].strip()
        # the short form reads better in reasons and reports (Burma, Zaire): canonical where free
        names = [n for n in dict.fromkeys((short, rec["name"])) if key(n) not in taken and _letters(n) not in letters]
        if not names:
            continue
        code = _historic_alpha2(rec)
        alpha2 = code if code and key(code) not in taken else None
        alpha3 = rec["alpha_3"] if key(rec["alpha_3"]) not in taken else None
        successor = by_code.get(rec.get("alpha_4", "")[2:], "")  # ISO 3166-3: old alpha-2 + new alpha-2
        entry = Entry(name=names[0], aliases=tuple(names[1:]),
                      alpha2=alpha2, alpha3=alpha3, loc=where,
                      exists=Existence(None, withdrawal_until(rec["withdrawal_date"]), None,
                                       f"ISO 3166-3 withdrew the code on {rec['withdrawal_date']}", where,
                                       iso_withdrawn=True, successor=successor))
        entries[entry.name] = entry
        taken.update(key(n) for n in entry.names())
        letters.update(_letters(n) for n in entry.names())


@lru_cache(maxsize=1)
def default() -> Registry:
    """The bundled registry, loaded once per process."""
    return load_registry()


# --------------------------------------------------------------------------- resolving profile names

_SPLIT = re.compile(r"\s*,\s*(?:and\s+)?|\s+and\s+")


def resolve_names(registry: Registry, doc: yamlsrc.Document, path: tuple, value, out: list[Problem],
                  composite_severity: str = "warning") -> tuple[str, ...] | None:
    """Canonical names for a profile field holding a name or a list of names.

    An unknown name is a located error with a did-you-mean.  A text such as
    ``"Denmark, Norway and Iceland"`` that names nothing as a whole but whose
    parts all resolve is read as the list of its parts, with a problem of
    ``composite_severity`` asking for the list.  Return None when a name did
    not resolve.
    """
    if isinstance(value, list):
        names: list[str] = []
        ok = True
        for i, v in enumerate(value):
            got = _resolve_one(registry, doc, path + (i,), v, out)
            if got is None:
                ok = False
            elif got in names:
                out.append(doc.problem(path + (i,), f"{v!r} names {got!r} a second time", "bad-value"))
            else:
                names.append(got)
        return tuple(names) if ok else None
    canonical = registry.canonical(value)
    if canonical is not None:
        return (canonical,)
    parts = [p for p in _SPLIT.split(value.strip()) if p]
    found = [registry.canonical(p) for p in parts]
    if len(parts) > 1 and all(found):
        resolved = tuple(dict.fromkeys(c for c in found if c))
        out.append(doc.problem(path, f"{value!r} names several parties in one text: write a list: [{', '.join(parts)}]",
                               "composite-name", severity=composite_severity))
        return resolved
    _resolve_one(registry, doc, path, value, out)  # reports the unknown name
    return None


def check_existence(registry: Registry, doc, path: tuple, names: Sequence[str], date: _dt.date,
                    out: list[Problem]) -> None:
    """A located error for each of ``names`` used on a day its state did not exist.

    An error, not a warning: a state that does not exist cannot act, sign or
    guarantee, and the registry would read its nuclear status and alliances
    on a day they mean nothing (the Soviet Union's in 2022).  The fix is
    always the predecessor's or successor's name (Russia for events from
    1991-12-26), or a corrected date.
    """
    for n in names:
        e = registry.get(n)
        if e is not None and e.exists is not None and not e.exists.on(date):
            out.append(doc.problem(path, outside_message(e, date), "name-outside-existence"))


def _a(kind: str) -> str:
    """The article before an entry's kind: 'a state', 'an organisation'."""
    return "an" if kind[:1] in ("a", "e", "i", "o", "u") else "a"


def check_kind(registry: Registry, doc, path: tuple, names: Sequence[str] | None, kind: str, role: str,
               out: list[Problem]) -> None:
    """A located error for each of ``names`` whose registry entry is not of ``kind``: an alliance is an
    organisation (a state has no members to join), an adversary or a hostile neighbour is a state (an
    organisation has no territory, army or border of its own: name its members)."""
    for n in names or ():
        e = registry.get(n)
        if e is None or e.kind == kind:
            continue
        fix = ("an organisation of the registry (NATO, CSTO) or none" if kind == "organisation"
               else "a state (for an alliance, name the member states that are hostile)")
        out.append(doc.problem(path, f"{role} {e.name!r} is {_a(e.kind)} {e.kind} of the "
                                     f"registry, not {_a(kind)} {kind}: give {fix}",
                               "bad-value"))


def check_period(registry: Registry, doc, path: tuple, names: Sequence[str], start: _dt.date, end: _dt.date,
                 out: list[Problem]) -> None:
    """A located error for each of ``names`` (a profile's adversaries) that existed on no day of
    ``start``..``end`` (the record's ``covers``): a record of 2022 cannot have the Soviet Union as
    its adversary.  A state that ended inside the period is allowed: its events are checked one by one."""
    for n in names:
        e = registry.get(n)
        x = e.exists if e is not None else None
        if e is None or x is None or x.on(start) or x.on(end) or (x.start is not None and start <= x.start <= end):
            continue
        out.append(doc.problem(path, outside_message(e, start if x.start is None or start >= x.start else end)
                               + f"; the record covers {start} to {end}", "name-outside-existence"))


def outside_message(e: Entry, date: _dt.date) -> str:
    """Why ``e`` cannot be named on ``date``, and where its dates come from."""
    x = e.exists
    assert x is not None
    if x.iso_withdrawn:
        heir = f"; ISO names {x.successor} as its successor" if x.successor else ""
        return (f"{e.name!r} no longer existed on {date} ({x.note}, per pycountry{heir}; "
                "a registry entry with sourced 'exists' dates can say more)")
    where = "assessor/data/states.yaml" if Path(x.loc.file) == bundled_path() or not x.loc.file else x.loc.file
    return f"{e.name!r} did not exist on {date} (it existed {x.span()}; see {where})"


def _resolve_one(registry: Registry, doc, path: tuple, value: str, out: list[Problem]) -> str | None:
    canonical = registry.canonical(value)
    if canonical is None:
        out.append(doc.problem(path, f"unknown state or organisation {value!r}{registry.suggestion(value)} "
                                     "(see assessor/data/states.yaml; add your own with --registry FILE or a project's "
                                     "registry)", "unknown-name"))
    return canonical


if __name__ == "__main__":  # regenerate the parsed copy of the bundled registry
    from assessor.output import write_atomic

    write_atomic(parsed_path(), parsed_text(yamlsrc.read(bundled_path())))
    print(f"wrote {parsed_path()}")
