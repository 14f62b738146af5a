"""Read-only helpers for the model-v3 prototype experiments (docs/research/model-v3-plan.md).

Builds one table of country-days exactly as ``assessor backtest`` labels them (same
used countries, force-in-use and censored days, ``public: false`` events dropped), but keeps
what the backtest throws away: every day's derived facts and each fired rule's points, and
also the days *before* the record period and the excluded days, so that an index read against
a country's own trailing baseline can be computed.  Then measures any per-day score with the
backtest's own metric code (``assessor.backtest.metrics``), on the same days.

Nothing here changes the shipped rules or code; it imports the library only.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, field

import numpy as np

from assessor import score as score_mod
from assessor.assess import Assessor, dates_between
from assessor.backtest import metrics
from assessor.backtest.baselines import record_force_days
from assessor.backtest.outcomes import force_in_use, load_outcomes
from assessor.backtest.run import _check, _quiet_ids, knowable

HORIZON = 90
SEED = 20261206


@dataclass
class Day:
    country: str
    date: _dt.date
    status: str  # "eval" | "force" | "censored" | "before" (before the record's period)
    label: bool
    facts: dict
    points: dict  # rule id -> points (unclamped)
    score: float  # the shipped score (clamped, rounded)
    level: str


@dataclass
class Table:
    assessor: Assessor
    days: list[Day] = field(default_factory=list)

    def evaluated(self) -> list[Day]:
        return [d for d in self.days if d.status == "eval"]


def build(rules=None, profiles=None, history_days: int = 730, horizon: int = HORIZON) -> Table:
    """Every day of every used country, from ``history_days`` before its record period to its end."""
    a = Assessor.load(rules, profiles)
    outcomes = load_outcomes(None)
    onsets = _check(a, outcomes)
    quiet = _quiet_ids(a, outcomes, onsets)
    by_country: dict = {}
    for o in onsets:
        by_country.setdefault(o.country, []).append(o)
    known = a.profiles.profiles
    used = [pid for pid in sorted(known) if pid in by_country or pid in quiet]
    views = {pid: knowable(known[pid]) for pid in used}
    rs = a.ruleset
    table = Table(a)
    for pid in used:
        truth, view = known[pid], views[pid]
        seen, full = a.deriver(view), a.deriver(truth)
        mine = sorted(by_country.get(pid, []), key=lambda o: o.date)
        _ = sorted(set(record_force_days(seen)) | {o.date for o in mine})
        start = truth.covers_from - _dt.timedelta(days=history_days)
        for d in dates_between(start, truth.covers_to, "day"):
            values = seen.derive(d, evidence=False).values
            fired = a.fired(values)
            pts = {r: score_mod.points_of(rs.rule(r), values) for r in fired}
            total = score_mod.clamp(rs, score_mod.exact_sum(rs.base, pts.values()))
            ahead = [o for o in mine if 0 < (o.date - d).days <= horizon]
            if d < truth.covers_from:
                status = "before"
            elif force_in_use(full.derive(d, evidence=False).values, d, mine):
                status = "force"
            elif not ahead and d + _dt.timedelta(days=horizon) > truth.covers_to:
                status = "censored"
            else:
                status = "eval"
            table.days.append(Day(pid, d, status, bool(ahead), values, pts, total, rs.level_of(total)))
    return table


def raw(day: Day, base: float) -> float:
    """The unclamped sum: base + every fired rule's points."""
    return base + sum(day.points.values())


@dataclass
class Result:
    name: str
    auc: tuple
    strat: tuple
    skill: tuple | None
    ap: tuple
    per_country: dict
    reliability: list
    at_min: float | None
    at_max: float | None
    extra: dict = field(default_factory=dict)


def _ci(fn, w, ones):
    v = fn(ones)
    ci = metrics.bootstrap(fn, w)
    return (v, ci["low"], ci["high"])


def measure(name: str, days: list[Day], scores, levels=None, order=None, probs_by_level=None,
            bounds=(0.0, 100.0), resamples: int = 1000, seed: int = SEED) -> Result:
    """The backtest's metrics for ``scores`` on ``days`` (the evaluated days), intervals by the
    same cluster bootstrap over countries as `assessor backtest` (same seed, same draws)."""
    s = np.asarray(scores, dtype=float)
    y = np.array([d.label for d in days], dtype=bool)
    g = [d.country for d in days]
    probs = None
    if levels is not None and probs_by_level is not None:
        probs = np.array([probs_by_level[lv] for lv in levels], dtype=float)
    cl = metrics.Clustered(s, y, g, probs)
    w = metrics.bootstrap_weights(len(cl.groups), resamples, seed)
    ones = cl.ones()
    strat = metrics.stratified_auc(s, y, g)
    rel = metrics.reliability(levels, y, order) if levels is not None else []
    lo, hi = bounds if bounds is not None else (None, None)
    return Result(name, _ci(cl.auc, w, ones), _ci(cl.stratified, w, ones),
                  _ci(cl.brier_skill, w, ones) if probs is not None else None,
                  _ci(cl.average_precision, w, ones),
                  {k: v for k, v in strat.per_group.items() if v is not None},
                  rel, float(np.mean(s <= lo)) if lo is not None else None,
                  float(np.mean(s >= hi)) if hi is not None else None)


def fmt(x, nd=3):
    return "n/a" if x is None else f"{x:.{nd}f}"


def row(r: Result) -> str:
    """One Markdown table row: pooled AUC, within-country AUC, Brier skill, AP, at bounds, per-level rates."""
    def ci(t):
        return f"{fmt(t[0])} [{fmt(t[1])}, {fmt(t[2])}]"
    rates = " · ".join(f"{x['level']} {100 * x['rate']:.2f} % ({x['days']})" if x["rate"] is not None
                       else f"{x['level']} – (0)" for x in r.reliability)
    skill = ci(r.skill) if r.skill else "n/a"
    bound = ("no bound" if r.at_min is None or r.at_max is None
             else f"{100 * r.at_min:.1f} % / {100 * r.at_max:.1f} %")
    return (f"| {r.name} | {ci(r.auc)} | {ci(r.strat)} | {skill} | {fmt(r.ap[0])} | "
            f"{bound} | {rates} |")


HEADER = ("| variant | pooled AUC [95 %] | within-country AUC [95 %] | Brier skill [95 %] | AP | "
          "at min / at max | onset rate per level (days) |\n|---|---|---|---|---|---|---|")
