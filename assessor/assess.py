"""One assessment = derive → evaluate → score; and the loops over many dates.

:class:`Assessor` holds a loaded rule set compiled once into durable-rules
and the profiles indexed once, so a timeline of thousands of dates costs
little more than its distinct fact views: the engine runs again only when the
facts, as the rules see them, differ from a date already evaluated.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from assessor import __version__, loader, score
from assessor.derive import MOVING, Deriver, Facts
from assessor.engine import Engine
from assessor.model import Profile, RuleSet, coverage_warnings  # noqa: F401 (coverage_warnings: here before)


@dataclass
class Assessment:
    """The result for one country on one date."""

    profile: Profile
    date: _dt.date
    score: float
    level: str
    contributions: list  # score.Contribution
    facts: Facts
    fired: tuple
    warnings: list = field(default_factory=list)
    structural: float = 0.0  # structural exposure index: base + Σ points of structural rules (format 2.1)
    warning: float = 0.0  # acute warning index: Σ points of warning rules, signed (0 for a 2.0 rule set)

    @property
    def covered(self) -> bool:
        """The date lies inside the period the profile's record was checked for."""
        return self.profile.covers_from <= self.date <= self.profile.covers_to

    def raw(self, base: float) -> float:
        """``base + Σ points`` before clamping to the bounds: exact (points have at most two decimals)."""
        return score.rounded(score.exact_sum(base, (c.points for c in self.contributions)), score.POINTS_PLACES)


@dataclass(frozen=True)
class Point:
    """One date of a timeline: enough to chart and to compare, nothing more."""

    country: str
    date: _dt.date
    score: float
    level: str
    fired: tuple
    covered: bool = True  # the date lies inside the profile's checked period
    structural: float = 0.0  # the two indices, as in Assessment
    warning: float = 0.0


MAX_DATES = 100_000  # about 270 years of days: beyond that a range is a typo, not a question


def dates_between(start: _dt.date, end: _dt.date, step: str = "week") -> list[_dt.date]:
    """Dates from ``start`` to ``end`` inclusive, every day, week or month (same day of month, clamped).

    Raises ValueError (a usage error) for an empty or absurdly long range.
    """
    if end < start:
        raise ValueError(f"--to {end} is before --from {start}")
    span = (end - start).days
    if step == "month":  # counted exactly: months of 28 days over-counted 96,000 months as "more than 100,000"
        count = (end.year - start.year) * 12 + end.month - start.month + 1
    else:
        count = span // {"day": 1, "week": 7}[step] + 1
    if count > MAX_DATES:
        # by month there is no longer --step to give (every --step offers day, week and month): that advice was wrong
        longer = "a longer --step or " if step != "month" else ""
        raise ValueError(f"{start}..{end} by {step} is more than {MAX_DATES:,} dates; use {longer}a shorter range")
    out = []
    if step == "month":
        for i in range(count + 1):
            yy, mm = divmod(start.month - 1 + i, 12)
            yy += start.year
            if yy > _dt.MAXYEAR:
                break
            d = _dt.date(yy, mm + 1, min(start.day, _month_len(yy, mm + 1)))
            if d > end:
                break
            out.append(d)
        return out
    first, delta = start.toordinal(), 1 if step == "day" else 7
    return [_dt.date.fromordinal(o) for o in range(first, end.toordinal() + 1, delta)]


def _month_len(y: int, m: int) -> int:
    import calendar

    return calendar.monthrange(y, m)[1]




class Assessor:
    """A rule set and profiles, loaded, compiled and indexed once."""

    def __init__(self, ruleset: RuleSet, profiles: loader.ProfileSet):
        self.ruleset = ruleset
        self.profiles = profiles
        self.engine = Engine(ruleset)
        self._derivers: dict[str, Deriver] = {}
        self._cache: dict[tuple, tuple] = {}
        self.extra_inputs: list = []  # other files read (project, scenarios): never written over
        self.project: Any = None  # the project file's settings (assessor.project.Project), if loaded by the CLI
        self.defaults = True  # the bundled uncertainty file applies (assessor.uncertainty.collect says to what)
        self._scorers: dict[tuple, Callable[[dict], tuple[float, float, float]]] = {}
        self._totals: dict[tuple, Callable[[dict], float]] = {}  # the score alone, for sweeps (see scores)
        self._split: tuple | None = None  # see _view_split

    @classmethod
    def load(cls, rules: Sequence[str] | None = None, profiles: Sequence[str] | None = None) -> Assessor:
        return cls(loader.load_ruleset(rules), loader.load_profiles(profiles))

    def variant(self, ruleset: RuleSet, profiles: dict[str, Profile]) -> Assessor:
        """The same engine over other points or other event dates (a Monte Carlo sample).

        Which rules fire depends only on the facts, never on the points, so
        the compiled engine and its cache of fired rules are shared; profiles
        that did not change keep their indexed derivers.
        """
        v = object.__new__(Assessor)
        v.ruleset, v.profiles, v.engine, v._cache = ruleset, loader.ProfileSet(profiles), self.engine, self._cache
        v._derivers = {}
        for pid, p in profiles.items():
            base = self.deriver(p) if p is self.profiles.profiles.get(pid) else None
            if base is not None:
                v._derivers[pid] = base
            elif pid in self.profiles.profiles:
                v._derivers[pid] = self.deriver(self.profiles.profiles[pid]).variant(p)
        v._scorers = self._scorers if ruleset is self.ruleset else {}
        v._totals = self._totals if ruleset is self.ruleset else {}
        v._split = self._view_split()  # shared by every variant: which rules fire does not depend on points
        v.extra_inputs = []
        return v

    def _view_split(self) -> tuple:
        """The engine's view split into the facts outside and inside ``MOVING``, and the fired
        rules already found per pair of keys: made once, shared by variants."""
        if self._split is None:
            self._split = (self.engine.split_view(MOVING), {})
        return self._split

    def _fired_days(self, profile: Profile, dates: Iterable[_dt.date]) -> Iterator[tuple[_dt.date, dict, tuple]]:
        """``(date, facts, fired rules)`` for each date, the engine consulted as little as possible.

        Within a stretch of days only a few facts move (``derive.MOVING``), so the engine's view
        of the others is keyed once per stretch, and a view already evaluated is not evaluated
        again (equal pairs of keys mean equal views)."""
        values_on = self.deriver(profile).values
        (static_key, moving_key), seen = self._view_split()
        last_seg, skey = None, None
        for d in dates:
            seg, values = values_on(d)
            if seg != last_seg:
                last_seg, skey = seg, static_key(values)
            key = (skey, moving_key(values))
            fired = seen.get(key)
            if fired is None:
                fired = seen[key] = self.fired(values)
            yield d, values, fired

    def scores(self, profile: Profile, dates: Iterable[_dt.date]) -> Iterator[float]:
        """:meth:`timeline`'s scores alone, for sweeps of thousands of timelines."""
        scorers = self._totals
        for _, values, fired in self._fired_days(profile, dates):
            scorer = scorers.get(fired)
            if scorer is None:
                scorer = scorers[fired] = score.scorer(self.ruleset, fired, with_indices=False)
            yield scorer(values)

    def indexed_scores(self, profile: Profile, dates: Iterable[_dt.date]) -> Iterator[tuple[float, float, float]]:
        """:meth:`scores` with both indices: ``(score, structural, warning)`` per date."""
        scorers = self._scorers
        for _, values, fired in self._fired_days(profile, dates):
            scorer = scorers.get(fired)
            if scorer is None:
                scorer = scorers[fired] = score.scorer(self.ruleset, fired)
            yield scorer(values)

    def profile(self, query: str) -> Profile:
        return self.profiles.resolve(query)

    def countries(self, queries: Sequence[str]) -> list[Profile]:
        """Profiles named by ``queries`` (id, name or alias; ``all`` for every one), each once, in order."""
        if any(q.lower() == "all" for q in queries):
            return sorted(self.profiles.profiles.values(), key=lambda p: p.id)
        return list({p.id: p for p in map(self.profile, queries)}.values())

    def inputs(self) -> list[str]:
        """Every file this assessor was loaded from: outputs must never overwrite them."""
        extra = [str(f) for f in self.extra_inputs]
        if self.profiles.files:
            return list(self.ruleset.files) + [str(f) for f in self.profiles.files] + extra
        return list(self.ruleset.files) + [p.path for p in self.profiles.profiles.values()] + extra

    def deriver(self, profile: Profile) -> Deriver:
        """The deriver of this very profile, built once.  Keyed by id for speed, but a different
        profile object with the same id (an edited copy, e.g. the backtest's knowable record)
        gets its own deriver: the id alone would silently answer from the other record."""
        d = self._derivers.get(profile.id)
        if d is None or d.profile is not profile:
            d = self._derivers[profile.id] = Deriver(profile)
        return d

    def fired(self, facts: dict) -> tuple:
        key = self.engine.view(facts)
        hit = self._cache.get(key)
        if hit is None:
            hit = self._cache[key] = self.engine.fired(facts)
        return hit

    def assess_facts(self, profile: Profile, facts: Facts) -> Assessment:
        """Score an explicit fact set (used for counterfactuals and rule tests)."""
        fired = self.engine.fired(facts.values)
        # One order everywhere (text, JSON, reports): largest effect first, then rule id.
        contribs = sorted(score.contributions(self.ruleset, fired, facts), key=lambda c: (-abs(c.points), c.rule))
        total = score.total(self.ruleset, contribs)
        structural, warning = score.indices(self.ruleset, contribs)
        return Assessment(profile, facts.date, total, self.ruleset.level_of(total), contribs, facts, fired,
                          coverage_warnings(profile, facts.date), structural, warning)

    def assess(self, country: str | Profile, date: _dt.date) -> Assessment:
        profile = country if isinstance(country, Profile) else self.profile(country)
        facts = self.deriver(profile).derive(date)
        return self.assess_facts(profile, facts)

    def timeline(self, country: str | Profile, dates: Iterable[_dt.date]) -> Iterator[Point]:
        profile = country if isinstance(country, Profile) else self.profile(country)
        for pt, _ in self.timeline_facts(profile, dates):
            yield pt

    def timeline_facts(self, profile: Profile, dates: Iterable[_dt.date]) -> Iterator[tuple[Point, dict]]:
        """:meth:`timeline` with each day's fact values beside its point (without evidence: what
        ``deriver(profile).values`` gives), for a caller that reads the facts too — the backtest's
        baselines — and need not derive each day a second time.  The dict is the caller's to read,
        not to change."""
        level_of, scorers = self.ruleset.level_of, self._scorers
        pid, first, last = profile.id, profile.covers_from, profile.covers_to
        levels: dict[float, str] = {}  # score -> level: scores have one decimal, so few of them
        for d, values, fired in self._fired_days(profile, dates):
            scorer = scorers.get(fired)
            if scorer is None:
                scorer = scorers[fired] = score.scorer(self.ruleset, fired)
            total, structural, warning = scorer(values)
            level = levels.get(total)
            if level is None:
                level = levels[total] = level_of(total)
            yield Point(pid, d, total, level, fired, first <= d <= last, structural, warning), values

    def provenance(self) -> dict:
        from assessor import serialize

        return {
            "tool": f"assessor {__version__}",
            "ruleset": {"name": self.ruleset.name, "version": self.ruleset.version, "sha256": self.ruleset.sha256},
            **({"scenarios": serialize.scenarios(self.ruleset)} if self.ruleset.scenarios else {}),
        }
