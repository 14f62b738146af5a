"""Plain dataclasses shared by every stage of the pipeline."""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, field
from typing import Any

from assessor.ir import Node
from assessor.location import Loc  # noqa: F401 (re-exported: where everything was defined)


@dataclass(frozen=True)
class Source:
    """Where a fact comes from: publisher, title, date, address and kind of source."""

    publisher: str
    title: str
    date: _dt.date | None  # always given in profiles; a registry source may be an undated page
    url: str | None = None
    kind: str | None = None  # official | original | syndicated | analysis | encyclopaedia
    original: str | None = None  # for a syndicated copy: who published the original

    def to_dict(self) -> dict:
        d = {"publisher": self.publisher, "title": self.title}
        if self.date:
            d["date"] = self.date.isoformat()
        if self.url:
            d["url"] = self.url
        if self.kind:
            d["kind"] = self.kind
        if self.original:
            d["original"] = self.original
        return d

    def cite(self) -> str:
        return (f"{self.publisher}, \u201c{self.title}\u201d" + (f", {self.date.isoformat()}" if self.date else "")
                + (f", {self.url}" if self.url else ""))


@dataclass(frozen=True)
class Event:
    """One dated event of a profile; ``details`` holds the kind's own fields."""

    date: _dt.date
    kind: str
    summary: str
    source: Source
    loc: Loc
    details: dict = field(default_factory=dict, hash=False, compare=False)

    def get(self, name: str, default: Any = None) -> Any:
        return self.details.get(name, default)

    def names(self, name: str) -> tuple[str, ...]:
        """The canonical names behind a ``party``, ``provider`` or ``by`` field: one or several.

        The loader keeps them beside the text shown in reasons; an event built
        in code (a counterfactual, a test) may give just the text of one name.
        """
        names = self.details.get(name + ":names")
        if names is not None:
            return names
        value = self.details.get(name)
        return (value,) if value else ()


@dataclass(frozen=True)
class Attribute:
    """A profile's sourced attribute (a distance, a border's length), where it stands in the file."""

    name: str
    value: Any
    source: Source
    loc: Loc
    about: str | None = None  # the state it is measured against (a border's neighbour), as the file names it


@dataclass(frozen=True)
class Adversary:
    """A hostile state besides the primary adversary (profile format 2)."""

    name: str
    role: str  # "adversary" | "ally" (an ally of the adversary)
    border: Attribute | None = None  # land border with it, km
    # format 2.1: hostile only from / until these days (inclusive); None: always
    since: _dt.date | None = None
    until: _dt.date | None = None

    def hostile_on(self, date: _dt.date) -> bool:
        return (self.since is None or self.since <= date) and (self.until is None or date <= self.until)


@dataclass(frozen=True)
class Border:
    """Format 2.1: the land border with a hostile state over a period (a flank that opens or closes)."""

    with_: str  # the hostile state
    km: Attribute  # name "land_border_km", the value in km, its source
    since: _dt.date | None = None
    until: _dt.date | None = None

    def holds_on(self, date: _dt.date) -> bool:
        return (self.since is None or self.since <= date) and (self.until is None or date <= self.until)


@dataclass
class Profile:
    """One country's record: its states, its period, its attributes and dated events."""

    id: str
    name: str
    aliases: tuple[str, ...]
    alliance: str
    adversary: str
    covers_from: _dt.date
    covers_to: _dt.date
    attributes: dict[str, Attribute]
    events: tuple[Event, ...]
    path: str
    sha256: str
    # The registry of states (assessor.registry.Registry) its names resolved
    # through; derive asks it for nuclear status.  None: the bundled one.
    registry: Any = field(default=None, compare=False, repr=False)
    adversaries: tuple[Adversary, ...] = ()
    # Exceptions to the world records (assessor.world.Override), each with its reason.
    overrides: tuple = ()
    # Format 2.1: land borders that hold over a period (assessor.model.Border).
    borders: tuple = ()
    # Changed by a scenario: (the profile as its file gives it, for each event the index of the file's
    # event it is, None for an added one), so an uncertainty file refers to events as written.
    scenario_of: tuple | None = field(default=None, compare=False, repr=False)

    def hostile(self, date: _dt.date | None = None) -> tuple[str, ...]:
        """The primary adversary and every hostile state the profile lists (on ``date``: those
        hostile that day, format 2.1's ``from``/``until``; without it: every one, ever)."""
        return (self.adversary, *(a.name for a in self.adversaries if date is None or a.hostile_on(date)))

    def border_with(self, name: str, date: _dt.date) -> Attribute | None:
        """The land border with ``name`` on ``date``: a dated border that holds that day, else the
        static one (the primary adversary's attribute, a listed adversary's border)."""
        for b in self.borders:
            if b.with_ == name and b.holds_on(date):
                return b.km
        if name == self.adversary:
            return self.attributes.get("land_border_km")
        return next((a.border for a in self.adversaries if a.name == name), None)


@dataclass(frozen=True)
class Effect:
    """A rule's points: fixed, or ``per`` unit of a number fact (up to ``cap``)."""

    points: float
    per: str | None = None
    cap: float | None = None
    uncertain: tuple[float, float] | None = None  # (min, max) points, for --samples and sensitivity


@dataclass(frozen=True)
class Rule:
    """One rule: when its condition holds, its effect counts, for the reason given."""

    id: str
    factor: str
    description: str
    when: Node  # the condition, as typed IR (assessor.ir)
    effect: Effect
    reason: str
    references: tuple[str, ...]
    loc: Loc
    ignore_lints: tuple[str, ...] = ()
    # The index the rule's points count in, as the rule file declares it (format 2.1);
    # None: the header's default for its factor (:meth:`RuleSet.index_of`).
    index: str | None = None
    # Where the bundled rule of the same id was defined, when this one (a project's or --rules') replaces it.
    replaces: Loc | None = None


INDICES = ("structural", "warning")  # structural exposure (where, slow); acute warning (when, fast)


@dataclass(frozen=True)
class Combine:
    """How the two indices make the score (format 2.1 ``combine:``): the raw value is
    ``base + weights[structural] × Σ structural points + weights[warning] × Σ warning points``."""

    warning_factors: tuple[str, ...] = ()  # rules of these factors count in the warning index unless they say otherwise
    structural_weight: float = 1
    warning_weight: float = 1


@dataclass(frozen=True)
class Scale:
    """The map from the raw value to the score (format 2.1 ``scale:``); today only the logistic
    ``100 / (1 + exp(-(raw - midpoint) / width))``: strictly increasing, inside (0, 100), so two
    different raw values never both read 0 or 100 (before rounding to one decimal)."""

    kind: str  # "logistic"
    midpoint: float
    width: float


@dataclass(frozen=True)
class Level:
    """A named band of scores, from ``start`` up to the next level's start."""

    name: str
    start: float


@dataclass(frozen=True)
class Forecast:
    """The rule set's declared meaning of each level: the probability of an onset of force
    within ``horizon_days`` on a day at that level (read by the backtest's Brier score)."""

    horizon_days: int
    probabilities: tuple[tuple[str, float], ...]  # (level, probability), lowest level first
    note: str = ""
    population_rate: float | None = None  # the base rate the map was declared for (prior correction)

    def probability(self, level: str, horizon_days: int | None = None) -> float:
        """The declared probability, carried to another horizon at a constant daily hazard
        (1 − (1 − p)^(h/H)) when one is asked for."""
        return self._at(dict(self.probabilities)[level], horizon_days)

    def population(self, horizon_days: int | None = None) -> float | None:
        """The declared population base rate, carried to ``horizon_days`` as the levels' are."""
        return None if self.population_rate is None else self._at(self.population_rate, horizon_days)

    def _at(self, p: float, horizon_days: int | None) -> float:
        if horizon_days is None or horizon_days == self.horizon_days:
            return p
        return 1 - (1 - p) ** (horizon_days / self.horizon_days)


@dataclass
class RuleSet:
    """The rules, with the rule set's header: base, bounds, levels, scale and weights."""

    name: str
    version: str
    description: str
    base: float
    minimum: float
    maximum: float
    levels: tuple[Level, ...]
    rules: tuple[Rule, ...]
    files: tuple[str, ...]
    sha256: str
    loc: Loc = field(default_factory=lambda: Loc(""))
    disabled_lints: tuple[str, ...] = ()
    forecast: Forecast | None = None
    combine: Combine | None = None  # format 2.1; None: every rule structural, weights 1
    scale: Scale | None = None  # format 2.1; None: the raw value clamped to the bounds
    disabled: tuple[Rule, ...] = ()  # rules a scenario switched off (``disable: true``): no longer in force, still known
    disabled_by: tuple[Loc, ...] = ()  # where each of them was switched off (the scenario's change), in that order
    # the scenarios applied, in order, as (name, file, sha256): every output of scores made under them says it is a
    # what-if (a new user's review: a timeline, a CSV or a sweep under a scenario carried no sign of it)
    scenarios: tuple[tuple[str, str, str], ...] = ()
    # the rules a scenario gave new points, in the order changed, as (rule id, the scenario's name, where the change
    # is written, the points before it): explain marks such a rule's contribution as the scenario's
    changed_by: tuple[tuple[str, str, Loc, float], ...] = ()

    def __post_init__(self) -> None:
        self._by_id = {r.id: r for r in self.rules}
        warning = set(self.combine.warning_factors) if self.combine else set()
        self._index = {r.id: r.index or ("warning" if r.factor in warning else "structural") for r in self.rules}

    def scenario_change(self, rule_id: str) -> tuple[str, Loc, float] | None:
        """How a scenario changed ``rule_id``'s points, as (the last scenario's name, where it wrote the change, the
        points the rule file gives); None when no scenario did."""
        changes = [c for c in self.changed_by if c[0] == rule_id]
        return (changes[-1][1], changes[-1][2], changes[0][3]) if changes else None

    def index_of(self, rule_id: str) -> str:
        """The index a rule's points count in: its own ``index:``, else ``warning`` when its factor is
        one of ``combine.warning_factors``, else ``structural`` (every rule of a 2.0 rule set)."""
        return self._index[rule_id]

    @property
    def weights(self) -> tuple[float, float]:
        """(structural, warning) weights of the combination: (1, 1) without ``combine``."""
        c = self.combine
        return (c.structural_weight, c.warning_weight) if c else (1, 1)

    @property
    def score_range(self) -> tuple[float, float]:
        """The scores this rule set can show: its bounds, or 0..100 on a scale."""
        return (0, 100) if self.scale else (self.minimum, self.maximum)

    def rule(self, rule_id: str) -> Rule:
        return self._by_id[rule_id]

    def level_of(self, score: float) -> str:
        name = self.levels[0].name
        for lv in self.levels:
            if score >= lv.start:
                name = lv.name
        return name

    def level_index(self, name: str) -> int:
        return [lv.name for lv in self.levels].index(name)


def coverage_warnings(profile: Profile, date: _dt.date) -> list[str]:
    """What an output says of a date outside the period the profile's record was checked for (here, beside
    the profile, so that every renderer can say it without importing the assessment above it)."""
    span = f"the {profile.name} record covers {profile.covers_from} to {profile.covers_to}"
    if date < profile.covers_from:
        return [f"{date} lies before the period {span}; events before the record starts may be missing"]
    if date > profile.covers_to:
        return [f"{date} lies outside the period {span}; events after the record ends are missing"]
    return []
