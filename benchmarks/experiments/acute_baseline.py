"""Prototype of the acute index's own-baseline facts as a derive stage could compute them.

    .venv/bin/python benchmarks/experiments/acute_baseline.py

For each fast fact f (threat_level, forces_massed_k, buildups_active, exercises_active, ultimatum)
the proposed fact ``f_baseline`` is f's mean over the 730 days before the date, and
``f_anomaly = f − f_baseline``.  Derive already knows the days on which anything changes
(``Deriver._bounds``); between two of them the posture facts are constant and threat_level is
linear in the day (each threat fades linearly; a threat's end is a bound).  So the integral of f
over any span is exact from one prefix sum per stretch (trapezoids), and a date's 730-day mean is
two bisections away — O(stretches) once per profile, O(log stretches) per date, with no daily
loop over the past two years.

This script builds that prefix sum from derived facts only (derive at each stretch's first and
last day), checks it against a brute-force daily mean on Finland, Sweden and Ukraine (the
largest record), and times it beside the daily derive it would ride on (2021-2024, the
`bench_timeline.py` timeline).  Read-only: the library is imported, never changed.
"""

from __future__ import annotations

import bisect
import datetime as _dt
import time

import numpy as np

from assessor.assess import Assessor, dates_between

FAST = ("threat_level", "forces_massed_k", "buildups_active", "exercises_active", "ultimatum")
WINDOW = 730


class Baseline:
    """Exact running integrals of the fast facts along one profile's stretches."""

    def __init__(self, deriver, first: _dt.date, last: _dt.date):
        lo, hi = first.toordinal() - WINDOW - 1, last.toordinal() + 1
        edges = [lo] + [b for b in deriver._bounds if lo < b <= hi] + [hi + 1]
        edges = sorted(set(int(e) for e in edges))
        self.edges = edges
        self.start_val = np.zeros((len(edges) - 1, len(FAST)))
        self.slope = np.zeros((len(edges) - 1, len(FAST)))
        self.prefix = np.zeros((len(edges), len(FAST)))
        for i in range(len(edges) - 1):
            a, b = edges[i], edges[i + 1]
            fa = self._facts(deriver, a)
            fb = self._facts(deriver, b - 1)
            n = b - a
            self.start_val[i] = fa
            self.slope[i] = (fb - fa) / (n - 1) if n > 1 else 0.0
            self.prefix[i + 1] = self.prefix[i] + n * (fa + fb) / 2

    @staticmethod
    def _facts(deriver, day: int) -> np.ndarray:
        v = deriver.derive(_dt.date.fromordinal(day), evidence=False).values
        return np.array([float(v.get(f, 0) or 0) for f in FAST])

    def integral(self, day: int) -> np.ndarray:
        """Σ f over the days before ``day`` (from the first edge)."""
        i = bisect.bisect_right(self.edges, day) - 1
        m = day - self.edges[i]  # days of stretch i before `day`
        return self.prefix[i] + m * self.start_val[i] + self.slope[i] * m * (m - 1) / 2

    def integrals(self, days: np.ndarray) -> np.ndarray:
        """:meth:`integral` for many days at once (a timeline knows its dates up front)."""
        i = np.searchsorted(self.edges, days, side="right") - 1
        m = (days - np.asarray(self.edges)[i])[:, None]
        return self.prefix[i] + m * self.start_val[i] + self.slope[i] * m * (m - 1) / 2

    def means(self, dates) -> np.ndarray:
        d = np.array([x.toordinal() for x in dates])
        return (self.integrals(d) - self.integrals(d - WINDOW)) / WINDOW

    def mean(self, date: _dt.date) -> np.ndarray:
        d = date.toordinal()
        return (self.integral(d) - self.integral(d - WINDOW)) / WINDOW


def main() -> None:
    a = Assessor.load()
    first, last = _dt.date(2021, 1, 1), _dt.date(2024, 12, 31)
    days = dates_between(first, last, "day")
    for pid in ("finland", "sweden", "ukraine"):
        p = a.profile(pid)
        a._derivers.pop(p.id, None)
        t0 = time.perf_counter()
        der = a.deriver(p)
        for d in days:
            der.derive(d, evidence=False)
        t_derive = time.perf_counter() - t0
        t0 = time.perf_counter()
        base = Baseline(der, first, last)
        means = base.means(days)
        t_base = time.perf_counter() - t0
        t0 = time.perf_counter()
        one_by_one = np.array([base.mean(d) for d in days])
        t_each = time.perf_counter() - t0
        # brute force: the daily facts of the 730 days before each day
        span = dates_between(first - _dt.timedelta(days=WINDOW), last, "day")
        vals = np.array([Baseline._facts(der, d.toordinal()) for d in span])
        csum = np.vstack([np.zeros(len(FAST)), np.cumsum(vals, axis=0)])
        brute = np.array([(csum[i + WINDOW] - csum[i]) / WINDOW for i in range(len(days))])
        err = float(max(np.abs(means - brute).max(), np.abs(one_by_one - brute).max()))
        print(f"{pid}: {len(base.edges) - 1} stretches; daily derive {t_derive * 1000:.0f} ms for {len(days)} days; "
              f"baseline facts, all dates at once {t_base * 1000:.0f} ms ({100 * t_base / t_derive:.0f} % of derive), "
              f"date by date {t_each * 1000:.0f} ms; "
              f"max |exact − brute force| = {err:.2e}")


if __name__ == "__main__":
    main()
