"""Mapping files: from a source's own types and actor names to the profile format's events, as data.

A mapping file (shipped defaults in ``assessor/data/import/<source>.yaml``,
replaced with ``--mapping FILE``) says, for one source:

* ``dataset``, ``publisher``, ``url``, ``codebook`` — for provenance;
* ``actors`` — how the source names a state's forces: ``forces`` templates
  (``"Military Forces of {state}"``; a trailing parenthetical such as
  ``(2000-)`` is ignored) and exact ``names`` (``RUS: Russia``), each state
  resolved through the registry of states and organisations;
* ``rules`` — tried in order, the first that matches a row proposes an event:
  ``when`` (column → value or list of values, compared without case),
  optional ``at_least`` (numeric column → minimum), the proposed ``event``
  (``kind: threat`` with ``type``/``severity``/``weighs_days``, or ``kind:
  posture`` with ``type``) and the ``reason`` shown with the candidate.

Rules only ever *propose*: every candidate is reviewed by an analyst.  A row no
rule matches, or whose actors name no state other than the country, is
counted and listed as unmapped with the reason — never dropped silently.
Mapping files are validated against :data:`MAPPING` with located errors, and
nothing in them is executed (templates are plain text, not patterns).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from assessor import registry as registry_mod
from assessor import spec, yamlsrc
from assessor.errors import InputError, Problem
from assessor.importers import SOURCES, Row, strip_parenthetical

KINDS = ("threat", "posture")
COLUMN = r"[A-Za-z_][A-Za-z0-9_]*"


class _Values(spec.Spec):
    """A value or a non-empty list of values (text or numbers) a column must have."""

    description = "The value(s) the column must have (compared without case)."
    _one = spec.Scalar()
    _many = spec.List(spec.Scalar(), min_items=1)

    def check(self, doc, value, path, out):
        (self._many if isinstance(value, list) else self._one).check(doc, value, path, out)

    def schema(self) -> dict:
        return {"oneOf": [self._one.schema(), self._many.schema()], "description": self.description}


VALUES = _Values()

MAPPING = spec.Obj(
    {
        "source": spec.Field(spec.Str(enum=SOURCES, description="The source this file maps."), True),
        "dataset": spec.Field(spec.Str(description="The dataset's name in provenance (e.g. ACLED)."), True),
        "publisher": spec.Field(spec.Str(description="Who publishes the dataset."), True),
        "url": spec.Field(spec.Str(pattern=r"https?://[^\s<>\"'`\\]+", description="The dataset's home page.")),
        "codebook": spec.Field(spec.Str(description="The codebook (and version) the columns follow.")),
        "actors": spec.Field(spec.Obj({
            "forces": spec.Field(spec.List(spec.Str(pattern=r"[^{}]*\{state\}[^{}]*"),
                                           description="How the source names a state's forces; {state} stands for the "
                                                       "state's name.")),
            "names": spec.Field(spec.Map(spec.Str(), r".+", name="names",
                                         description="Exact source names (or codes) → a registry name.")),
        }, name="actors")),
        "rules": spec.Field(spec.List(spec.Obj({
            "id": spec.Field(spec.Str(pattern=spec.SOURCE_ID), True),
            "when": spec.Field(spec.Map(VALUES, COLUMN, name="when"), True),
            "at_least": spec.Field(spec.Map(spec.Num(), COLUMN, name="at_least")),
            "event": spec.Field(spec.Obj({
                "kind": spec.Field(spec.Str(enum=KINDS), True),
                "type": spec.Field(spec.Str(enum=tuple(dict.fromkeys(spec.THREAT_TYPES + spec.POSTURE_TYPES))), True),
                "severity": spec.Field(spec.Num(minimum=1, maximum=5, integer=True)),
                "weighs_days": spec.Field(spec.Num(minimum=1, maximum=3650, integer=True)),
            }, name="event"), True),
            "reason": spec.Field(spec.Str(description="Why rows like these are proposed as this event."), True),
        }, name="rule"), min_items=1), True),
    },
    name="mapping",
    description="How rows of an event dataset are proposed as candidate events.",
)


@dataclass(frozen=True)
class Rule:
    id: str
    when: dict[str, frozenset[str]]
    at_least: dict[str, float]
    event: dict
    reason: str
    line: int


@dataclass(frozen=True)
class Mapping:
    source: str
    dataset: str
    publisher: str
    url: str | None
    codebook: str
    forces: tuple[tuple[str, str], ...]  # (prefix, suffix) around {state}
    names: dict[str, str]  # lower-case source name -> registry name
    rules: tuple[Rule, ...]
    file: str
    sha256: str


@dataclass(frozen=True)
class Proposal:
    rule: Rule
    actor: str  # the registry's canonical name
    actor_as_written: str


def bundled_path(source: str) -> Path:
    return Path(__file__).resolve().parent.parent / "data" / "import" / f"{source}.yaml"


def load(source: str, path: str | Path | None = None, registry: registry_mod.Registry | None = None) -> Mapping:
    """Read and check a mapping file (default: the shipped one for ``source``); InputError with located problems."""
    import hashlib
    import importlib

    doc = yamlsrc.read(path or bundled_path(source))
    problems = spec.check(doc, MAPPING)
    if problems:
        raise InputError(problems)
    d = doc.data
    if d["source"] != source:
        raise InputError([doc.problem(("source",), f"this mapping is for {d['source']!r}, not {source!r}", "wrong-source")])
    reg = registry if registry is not None else registry_mod.default()
    out: list[Problem] = []
    names: dict[str, str] = {}
    for key, value in ((d.get("actors") or {}).get("names") or {}).items():
        found = reg.canonical(value)
        if found is None:
            out.append(doc.problem(("actors", "names", key), f"{value!r} is not a state or organisation of the registry"
                                                              f"{reg.suggestion(value)}", "unknown-name"))
        else:
            names[key.strip().lower()] = found
    forces = tuple((t.split("{state}")[0].lower(), t.split("{state}")[1].lower())
                   for t in (d.get("actors") or {}).get("forces") or ())
    reader = importlib.import_module(f"assessor.importers.{source}")
    columns, numbers = reader.MATCH_COLUMNS, reader.NUMBERS  # what a Row of this source carries
    rules = []
    seen: set[str] = set()
    for i, r in enumerate(d["rules"]):
        at = ("rules", i)
        ev = dict(r["event"])
        if r["id"] in seen:
            out.append(doc.problem(at + ("id",), f"rule id {r['id']!r} is used twice", "duplicate-id"))
        seen.add(r["id"])
        if ev["kind"] == "threat":
            if ev["type"] not in spec.THREAT_TYPES:
                out.append(doc.problem(at + ("event", "type"), f"{ev['type']!r} is not a threat type "
                                                                 f"({', '.join(spec.THREAT_TYPES)})", "bad-value"))
            for k in ("severity", "weighs_days"):
                if k not in ev:
                    out.append(doc.problem(at + ("event",), f"a threat needs '{k}'", "missing-field"))
        else:
            if ev["type"] not in spec.POSTURE_TYPES:
                out.append(doc.problem(at + ("event", "type"), f"{ev['type']!r} is not a posture type "
                                                                 f"({', '.join(spec.POSTURE_TYPES)})", "bad-value"))
            for k in ("severity", "weighs_days"):
                if k in ev:
                    out.append(doc.problem(at + ("event", k), f"a posture has no '{k}'", "bad-value"))
        for key, allowed, what in (("when", columns, "a column"), ("at_least", numbers, "a numeric column")):
            for col in r.get(key) or {}:  # a column the reader does not carry would match no row, silently
                if col not in allowed:
                    out.append(doc.problem(at + (key, col), f"{col!r} is not {what} a rule can read from {source} "
                                                            f"rows ({', '.join(allowed)})", "unknown-column", key=True))
        when = {col: frozenset(str(v).strip().lower() for v in (vals if isinstance(vals, list) else [vals]))
                for col, vals in r["when"].items()}
        rules.append(Rule(r["id"], when, dict(r.get("at_least") or {}), ev, r["reason"], doc.loc(at)[0]))
    if out:
        raise InputError(out)
    return Mapping(source=source, dataset=d["dataset"], publisher=d["publisher"], url=d.get("url"),
                   codebook=d.get("codebook", ""), forces=forces, names=names, rules=tuple(rules), file=doc.file,
                   sha256=hashlib.sha256(doc.raw).hexdigest())


class Matcher:
    """Applies a mapping to rows for one country; caches actor names (a source repeats them millions of times)."""

    def __init__(self, mapping: Mapping, registry: registry_mod.Registry, country: str):
        self.mapping = mapping
        self.registry = registry
        self.country = country  # the registry's name of the country imported
        self._actors: dict[str, str | None] = {}

    def state_of(self, name: str) -> str | None:
        """The registry's name of the state a source actor stands for, or None."""
        if name in self._actors:
            return self._actors[name]
        found: str | None = None
        n = name.strip()
        key = n.lower()
        if key in self.mapping.names:
            found = self.mapping.names[key]
        else:
            bare = strip_parenthetical(n).lower()
            for prefix, suffix in self.mapping.forces:
                if bare.startswith(prefix) and bare.endswith(suffix) and len(bare) > len(prefix) + len(suffix):
                    state = strip_parenthetical(n)[len(prefix): len(bare) - len(suffix)].strip()
                    found = self.registry.canonical(state)
                    if found is not None:
                        break
        if len(self._actors) < 100_000:  # bounded: a cache, not a copy of the file
            self._actors[name] = found
        return found

    def _foreign_states(self, row: Row) -> Iterator[tuple[str, str]]:
        """(state, the actor as written) for each actor of ``row`` that names a state other than the country."""
        for written in row.actors:
            for part in written.split(";"):
                state = self.state_of(part.strip())
                if state is not None and state != self.country:
                    yield state, part.strip()

    def foreign_actor(self, row: Row) -> tuple[str, str] | None:
        """The first actor that is a state other than the country and existed on the row's day: the profile
        refuses a name used on a day its state did not exist ('Military Forces of East Germany' in 2024 was
        proposed, and `import review` could never write it)."""
        return next(((s, w) for s, w in self._foreign_states(row) if self.registry.exists_on(s, row.date)), None)

    def _gone(self, row: Row) -> str | None:
        """An actor's state that did not exist on the row's day, to say why a row has no actor."""
        return next((s for s, _ in self._foreign_states(row) if not self.registry.exists_on(s, row.date)), None)

    def rule_for(self, row: Row) -> Rule | str:
        """The first rule matching ``row``, or why none does (naming a rule whose threshold the row misses)."""
        near = ""
        for rule in self.mapping.rules:
            if all(row.fields.get(col, "").lower() in vals for col, vals in rule.when.items()):
                low = [(col, v) for col, v in rule.at_least.items() if row.numbers.get(col, 0.0) < v]
                if not low:
                    return rule
                if not near:
                    col, v = low[0]
                    near = f"rule {rule.id} matches the types, but {col} {row.numbers.get(col, 0.0):g} is below {v:g}"
        return near or "no rule matches"

    def propose(self, row: Row) -> Proposal | str:
        """The proposed event for ``row``, or why there is none."""
        rule = self.rule_for(row)
        if isinstance(rule, str):
            return rule
        actor = self.foreign_actor(row)
        if actor is None:
            gone = self._gone(row)
            if gone is not None:
                return f"rule {rule.id} matches, but its actor is {gone}, which did not exist on the row's day"
            return f"rule {rule.id} matches, but no actor is a state other than {self.country}"
        return Proposal(rule, actor[0], actor[1])

    def type_key(self, row: Row) -> str:
        """What the unmapped listing groups by: the columns the rules match on, as the source writes them."""
        cols = dict.fromkeys(c for r in self.mapping.rules for c in r.when)
        return " / ".join(f"{c}={_clip(row.fields.get(c, ''))}" for c in cols if row.fields.get(c, ""))


def _clip(value: str, limit: int = 100) -> str:
    """A value in the unmapped listing: a source's types are short; a megabyte-long one is shown in part."""
    return value if len(value) <= limit else f"{value[:limit]}… ({len(value):,} characters)"
