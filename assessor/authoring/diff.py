"""Diff: two rule sets on the same profiles and dates — which country-dates
change level, how far scores move, and which rules moved them.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from assessor import engine, loader, score
from assessor.assess import Assessor, Point
from assessor.authoring._session import Session
from assessor.errors import AssessorError
from assessor.model import Profile, Rule, RuleSet

# A diff can be huge (2,000 rules x 5,844 daily country-dates is gigabytes of
# JSON), so nothing here holds the moves: :meth:`RulesDiff.moves` recomputes
# them on demand, one at a time, and the reporters write each as it comes.
# One pass gathers the summary (counts, largest move, the rules behind the
# moves: memory in the number of rules, not of moves); the listing passes
# recompute the moves in the same order, which keeps every section where the
# output format has always had it.


@dataclass(frozen=True)
class Move:
    """One country-date whose score or level differs between two rule sets."""

    country: str
    date: _dt.date
    old_score: float
    new_score: float
    old_level: str
    new_level: str
    causes: tuple  # (rule id, change in its points), for rules whose points or firing differ

    @property
    def delta(self) -> float:
        return score.rounded(score.exact_sum(self.new_score, [-self.old_score]))

    @property
    def level_changed(self) -> bool:
        return self.old_level != self.new_level


@dataclass
class DiffSummary:
    """What a diff found, without the moves themselves."""

    level_changes: int = 0
    count: int = 0  # country-dates whose score moved
    max_abs: float = 0.0
    total: Decimal = field(default_factory=Decimal)  # exact sum of the score moves
    by_rule: dict = field(default_factory=dict)  # rule id -> [country-dates, exact sum of its points changes]

    def add(self, m: Move) -> None:
        self.level_changes += m.level_changed
        d = m.delta
        if d:
            self.count += 1
            self.max_abs = max(self.max_abs, abs(d))
            self.total += score.exact_sum(0, [d])
        for rid, change in m.causes:
            entry = self.by_rule.setdefault(rid, [0, Decimal(0)])
            entry[0] += 1
            entry[1] += score.exact_sum(0, [change])

    def stats(self) -> dict:
        mean = score.rounded(self.total / self.count, score.POINTS_PLACES) if self.count else 0.0
        return {"count": self.count, "max_abs": self.max_abs, "mean": mean}

    def causes(self) -> list[dict]:
        """Per rule: on how many changed country-dates it moved, and by how much on average."""
        return [{"rule": rid, "country_dates": n, "mean_points_change": score.rounded(total / n, score.POINTS_PLACES)}
                for rid, (n, total) in sorted(self.by_rule.items(), key=lambda kv: (-kv[1][0], kv[0]))]


@dataclass
class RulesDiff:
    """Two rule sets compared on the same profiles and dates; the moves are computed on demand."""

    old: RuleSet
    new: RuleSet
    profiles: loader.ProfileSet
    countries: list[str]
    dates: list[_dt.date]
    step: str
    definitions: dict = field(default_factory=dict)
    _summary: DiffSummary | None = None

    def moves(self, level_changes_only: bool = False) -> Iterator[Move]:
        """Every country-date that differs, in country then date order (recomputed on each call)."""
        with Session(self.old, self.profiles) as a_old, Session(self.new, self.profiles) as a_new:
            for c in self.countries:
                yield from _moves(a_old, a_new, self.profiles.profiles[c], self.dates, level_changes_only)

    @property
    def summary(self) -> DiffSummary:
        if self._summary is None:
            summary = DiffSummary()
            for m in self.moves():
                summary.add(m)
            self._summary = summary
        return self._summary


def diff_rulesets(old: RuleSet, new: RuleSet, profiles: loader.ProfileSet, dates: Sequence[_dt.date],
                  step: str = "week") -> RulesDiff:
    """Both rule sets on every profile and date; iterate :meth:`RulesDiff.moves` for the country-dates that differ."""
    return RulesDiff(old, new, profiles, sorted(profiles.profiles), list(dates), step, definition_changes(old, new))


def covered_period(profiles: loader.ProfileSet, start: _dt.date | None = None,
                   end: _dt.date | None = None) -> tuple[_dt.date, _dt.date]:
    """``start`` and ``end``, each defaulting to the span the profiles' records
    cover: from the earliest record's start to the latest record's end."""
    records = list(profiles.profiles.values())
    if not records:
        raise AssessorError("no profiles to compare the rule sets on: give --profiles, or --from and --to")
    return (start or min(p.covers_from for p in records), end or max(p.covers_to for p in records))


def _moves(a_old: Assessor, a_new: Assessor, profile: Profile, dates, level_changes_only: bool = False) -> Iterator[Move]:
    deriver = a_old.deriver(profile)
    for po, pn in zip(a_old.timeline(profile, dates), a_new.timeline(profile, dates)):
        if po.level != pn.level or (po.score != pn.score and not level_changes_only):
            values = deriver.derive(po.date, evidence=False).values
            yield Move(profile.id, po.date, po.score, pn.score, po.level, pn.level,
                       _causes(a_old.ruleset, a_new.ruleset, po, pn, values))


def _causes(old: RuleSet, new: RuleSet, po: Point, pn: Point, values: dict) -> tuple:
    out = []
    fired_old, fired_new = set(po.fired), set(pn.fired)  # a tuple lookup per rule made this quadratic
    for rid in dict.fromkeys(po.fired + pn.fired):
        before = score.points_of(old.rule(rid), values) if rid in fired_old else 0.0
        after = score.points_of(new.rule(rid), values) if rid in fired_new else 0.0
        if before != after:
            out.append((rid, score.rounded(score.exact_sum(after, [-before]), score.POINTS_PLACES)))
    return tuple(out)


def _rule_signature(rule: Rule, rs: RuleSet) -> dict:
    return {"factor": rule.factor, "when": engine.compile_condition(rule.when), "effect": rule.effect,
            "reason": rule.reason, "description": rule.description, "references": rule.references,
            "index": rs.index_of(rule.id)}  # the index it counts in, declared or by factor (format 2.1)


# The header's fields as `definitions.header` names them (the YAML field) and the RuleSet attribute that holds each.
HEADER_FIELDS = (("base", "base"), ("bounds", "minimum"), ("bounds", "maximum"), ("levels", "levels"),
                 ("combine", "combine"), ("scale", "scale"), ("forecast", "forecast"), ("lints", "disabled_lints"),
                 ("description", "description"))


def definition_changes(old: RuleSet, new: RuleSet) -> dict:
    """Rules added, removed or changed (and which of their fields), and header fields changed."""
    o, n = {r.id: r for r in old.rules}, {r.id: r for r in new.rules}
    changed = {}
    for rid in o.keys() & n.keys():
        a, b = _rule_signature(o[rid], old), _rule_signature(n[rid], new)
        fields = [k for k in a if a[k] != b[k]]
        if fields:
            changed[rid] = fields
    # every field of the header: what moves scores, then what the levels claim (the forecast map the backtest's Brier
    # figures read), the lints it disables and its description (a review: a changed forecast map read 'identical')
    # named as the YAML header names them (`bounds`, `lints`), not by the attributes that hold them
    header = list(dict.fromkeys(name for name, k in HEADER_FIELDS if getattr(old, k) != getattr(new, k)))
    return {"added": [r for r in n if r not in o], "removed": [r for r in o if r not in n],
            "changed": dict(sorted(changed.items())), "header": header}
