"""Metrics of the backtest: plain functions over arrays, testable on toy data.

Every function takes parallel arrays — a score per day (higher: more risk),
a label per day (``True``: an onset of force follows within the horizon) and,
where it matters, the group (country) of each day — and returns a number or
``None`` where the number is undefined (no positive or no negative day).

The cluster bootstrap needs the same metrics thousands of times on resampled
sets of countries.  Rather than rebuild the days each time, :class:`Clustered`
precomputes per-country sufficient statistics once (pair counts between the
positives of one country and the negatives of another; score histograms) so
that a resample — a vector of country multiplicities — costs O(countries²)
or O(countries × distinct scores).  With every multiplicity 1 it gives exactly
the plain functions' answers; with multiplicity k it gives the answer for the
country's days repeated k times (both are tested).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

Array = Sequence[float] | np.ndarray


def _arrays(scores: Array, labels: Sequence[bool] | np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    s = np.asarray(scores, dtype=float)
    y = np.asarray(labels, dtype=bool)
    if s.shape != y.shape:
        raise ValueError("scores and labels differ in length")
    return s, y


def concordant_pairs(pos: Array, neg: Array) -> float:
    """Pairs (positive, negative) where the positive scores higher, ties counting half.

    This is the Mann–Whitney U statistic of the positives; divided by
    ``len(pos) * len(neg)`` it is the ROC AUC.
    """
    p = np.sort(np.asarray(neg, dtype=float))
    x = np.asarray(pos, dtype=float)
    below = np.searchsorted(p, x, side="left")
    at_or_below = np.searchsorted(p, x, side="right")
    return float(below.sum() + 0.5 * (at_or_below - below).sum())


def auc(scores: Array, labels: Sequence[bool] | np.ndarray) -> float | None:
    """Area under the ROC curve: the chance that a random positive day scores above a
    random negative day, ties counting half (Mann–Whitney U / n⁺n⁻; Hanley & McNeil 1982)."""
    s, y = _arrays(scores, labels)
    n_pos, n_neg = int(y.sum()), int((~y).sum())
    if not n_pos or not n_neg:
        return None
    return concordant_pairs(s[y], s[~y]) / (n_pos * n_neg)


@dataclass(frozen=True)
class Stratified:
    """AUC within groups: only pairs of days of the same country are compared."""

    pooled_within: float | None  # concordant within-country pairs / all within-country pairs
    mean: float | None  # unweighted mean of the per-country AUCs (countries with both classes)
    per_group: dict  # group -> AUC (None: the country has only one class)


def stratified_auc(scores: Array, labels: Sequence[bool] | np.ndarray, groups: Sequence) -> Stratified:
    """Within-country discrimination: does the score rank a country's own days before an
    onset above that country's other days?  Between-country differences cannot help it."""
    s, y = _arrays(scores, labels)
    g = np.asarray(groups, dtype=object)
    per: dict = {}
    num = den = 0.0
    for key in sorted(set(g.tolist())):
        m = g == key
        sp, sn = s[m & y], s[m & ~y]
        if len(sp) and len(sn):
            c = concordant_pairs(sp, sn)
            num += c
            den += len(sp) * len(sn)
            per[key] = c / (len(sp) * len(sn))
        else:
            per[key] = None
    vals = [v for v in per.values() if v is not None]
    return Stratified(num / den if den else None, float(np.mean(vals)) if vals else None, per)


def pr_curve(scores: Array, labels: Sequence[bool] | np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Precision and recall at every distinct score taken as a threshold (score ≥ t is an
    alarm), highest threshold first.  Tied days enter together: a threshold cannot split them."""
    s, y = _arrays(scores, labels)
    values, inverse = np.unique(-s, return_inverse=True)  # ascending in -s: highest score first
    tp = np.bincount(inverse, weights=y.astype(float), minlength=len(values)).cumsum()
    n = np.bincount(inverse, minlength=len(values)).astype(float).cumsum()
    total = float(y.sum())
    return tp / n, (tp / total if total else np.zeros_like(tp))


def _ap(precision: np.ndarray, recall: np.ndarray) -> float:
    gained = np.diff(np.concatenate(([0.0], recall)))
    return float((gained * precision).sum())


def average_precision(scores: Array, labels: Sequence[bool] | np.ndarray) -> float | None:
    """Average precision: Σ (recall gained at a threshold) × (precision there), thresholds from
    the highest score down — the area under the step precision–recall curve, as scikit-learn
    computes it.  Its chance level is the share of positive days, not 0.5."""
    s, y = _arrays(scores, labels)
    if not y.any():
        return None
    p, r = pr_curve(s, y)
    return _ap(p, r)


def precision_at_recall(scores: Array, labels: Sequence[bool] | np.ndarray, recall: float) -> float | None:
    """The best precision among thresholds that catch at least ``recall`` of the positive days
    (the usual interpolated precision): how many alarms are real when that many onsets are caught."""
    s, y = _arrays(scores, labels)
    if not y.any():
        return None
    p, r = pr_curve(s, y)
    ok = r >= recall - 1e-12
    return float(p[ok].max()) if ok.any() else None


def brier(probabilities: Array, labels: Sequence[bool] | np.ndarray) -> float | None:
    """Mean squared difference between the forecast probability and what happened (0 or 1)."""
    p, y = _arrays(probabilities, labels)
    if not len(p):
        return None
    return float(np.mean((p - y) ** 2))


def brier_skill(probabilities: Array, labels: Sequence[bool] | np.ndarray) -> float | None:
    """1 − Brier / Brier of always forecasting the observed base rate ȳ (whose Brier score is
    ȳ(1 − ȳ)).  Above 0: better than the base rate; 0: no better; below 0: worse."""
    p, y = _arrays(probabilities, labels)
    if not len(p):
        return None
    rate = float(y.mean())
    ref = rate * (1 - rate)
    if ref == 0:
        return None
    return 1 - float(np.mean((p - y) ** 2)) / ref


def prior_corrected(probabilities: Array, sample_rate: float, population_rate: float) -> np.ndarray:
    """Probabilities declared for a population whose base rate is ``population_rate``, carried
    to a sample whose base rate is ``sample_rate`` — the odds multiplied by the ratio of the two
    base rates' odds (prior correction for a sample chosen on the outcome: Prentice & Pyke 1979;
    King & Zeng 2001, §4.1).  Monotone: the order of the days is unchanged."""
    p = np.clip(np.asarray(probabilities, dtype=float), 0.0, 1.0)
    factor = (sample_rate / (1 - sample_rate)) / (population_rate / (1 - population_rate))
    with np.errstate(divide="ignore", invalid="ignore"):
        odds = np.where(p < 1, p / np.where(p < 1, 1 - p, 1), np.inf) * factor
        return np.where(np.isinf(odds), 1.0, odds / (1 + odds))


def brier_skill_prior_corrected(probabilities: Array, labels: Sequence[bool] | np.ndarray,
                                population_rate: float) -> float | None:
    """:func:`brier_skill` of the probabilities carried by :func:`prior_corrected` to the
    labels' own base rate — the one number the reference forecast also knows."""
    p, y = _arrays(probabilities, labels)
    if not len(p):
        return None
    rate = float(y.mean())
    if rate in (0.0, 1.0):
        return None
    return brier_skill(prior_corrected(p, rate, population_rate), y)


def reliability(levels: Sequence[str], labels: Sequence[bool] | np.ndarray, order: Sequence[str]) -> list[dict]:
    """Per level (in ``order``): the days at it, the days followed by an onset, and their share."""
    lv = np.asarray(levels, dtype=object)
    y = np.asarray(labels, dtype=bool)
    out = []
    for name in order:
        m = lv == name
        n, k = int(m.sum()), int((m & y).sum())
        out.append({"level": name, "days": n, "onset_days": k, "rate": (k / n) if n else None})
    return out


def order_held(levels: Sequence[str], labels: Sequence[bool] | np.ndarray, groups: Sequence, order: Sequence[str],
               weights: np.ndarray) -> dict:
    """How often the reliability table rises with every level across the bootstrap's resamples
    of countries: the share of resamples in which each level's onset rate is above the one
    below it (``pairs``) and in which all are (``all``), over the resamples that hold both an onset
    day and a quiet day (the others, ``undefined``, say nothing about the order; none: None).  A
    level no day of a resample reaches makes that resample's comparisons involving it fail
    (nothing shows the order there).  With no resamples, None.  Why: a table ordered once may be
    ordered by the luck of which countries are in."""
    if not len(weights):
        return {"all": None, "pairs": {f"{a}<{b}": None for a, b in zip(order, order[1:])}, "undefined": 0}
    names, gi = np.unique(np.asarray(groups, dtype=str), return_inverse=True)  # sorted, as Clustered's groups
    at = {name: i for i, name in enumerate(order)}
    li = np.array([at[x] for x in levels], dtype=int)
    y = np.asarray(labels, dtype=bool)
    days = np.zeros((len(names), len(order)))
    pos = np.zeros((len(names), len(order)))
    np.add.at(days, (gi, li), 1.0)
    np.add.at(pos, (gi[y], li[y]), 1.0)
    d, p = weights @ days, weights @ pos  # resamples x levels
    # a resample without an onset day or without a quiet day says nothing about the order: left out, counted
    defined = (p.sum(axis=1) > 0) & ((d - p).sum(axis=1) > 0)
    pairs = [f"{a}<{b}" for a, b in zip(order, order[1:])]
    if not defined.any() or not pairs:
        return {"all": None, "pairs": {k: None for k in pairs}, "undefined": int((~defined).sum())}
    d, p = d[defined], p[defined]
    with np.errstate(invalid="ignore", divide="ignore"):
        rate = np.where(d > 0, p / np.where(d > 0, d, 1), np.nan)
    up = rate[:, 1:] > rate[:, :-1]  # NaN compares False
    return {"all": float(up.all(axis=1).mean()),
            "pairs": {k: float(up[:, i].mean()) for i, k in enumerate(pairs)},
            "undefined": int((~defined).sum())}


def percentile_interval(values: Sequence[float | None], level: float = 0.95) -> tuple[float, float] | None:
    """The central ``level`` interval of the resampled values (the percentile bootstrap);
    resamples where the metric is undefined are dropped (their number is reported apart)."""
    v = np.asarray([x for x in values if x is not None], dtype=float)
    if not len(v):
        return None
    lo, hi = np.quantile(v, [(1 - level) / 2, 1 - (1 - level) / 2])
    return float(lo), float(hi)


def bootstrap_weights(n_groups: int, resamples: int, seed: int) -> np.ndarray:
    """``resamples`` rows of country multiplicities: each row draws ``n_groups`` countries with
    replacement (a cluster bootstrap: days of one country are never split, since they are not
    independent).  Seeded with numpy's PCG64, so the same seed gives the same rows everywhere."""
    rng = np.random.Generator(np.random.PCG64(seed))
    draws = rng.integers(0, n_groups, size=(resamples, n_groups))
    return np.stack([np.bincount(row, minlength=n_groups) for row in draws]) if resamples else np.zeros((0, n_groups))


class Clustered:
    """One scored set of days, grouped by country, ready to be re-weighted by a bootstrap.

    ``w`` below is a vector of country multiplicities, in the order of :attr:`groups`.
    """

    def __init__(self, scores: Array, labels: Sequence[bool] | np.ndarray, groups: Sequence,
                 probabilities: Array | None = None, units: dict | None = None):
        s, y = _arrays(scores, labels)
        g = np.asarray(groups, dtype=object)
        self.groups = sorted(set(g.tolist()))
        idx = np.array([self.groups.index(x) for x in g.tolist()], dtype=int) if len(g) else np.zeros(0, int)
        c = len(self.groups)
        # same[i, j]: groups i and j belong to one unit (a state's records; each group alone without ``units``):
        # what "out of country" leaves out together (run 71)
        unit = [(units or {}).get(x, x) for x in self.groups]
        self.same = np.array([[a == b for b in unit] for a in unit], dtype=float).reshape(c, c)
        self.pos = np.bincount(idx[y], minlength=c).astype(float)
        self.neg = np.bincount(idx[~y], minlength=c).astype(float)
        # pairs[i, j]: concordant pairs of (positive day of country i, negative day of country j)
        self.pairs = np.zeros((c, c))
        for i in range(c):
            sp = s[(idx == i) & y]
            if not len(sp):
                continue
            for j in range(c):
                sn = s[(idx == j) & ~y]
                if len(sn):
                    self.pairs[i, j] = concordant_pairs(sp, sn)
        # histograms over distinct scores, highest first, for precision-recall
        values, inverse = np.unique(-s, return_inverse=True)
        self.hist_pos = np.zeros((c, len(values)))
        self.hist_all = np.zeros((c, len(values)))
        np.add.at(self.hist_pos, (idx[y], inverse[y]), 1.0)
        np.add.at(self.hist_all, (idx, inverse), 1.0)
        self.sq_err: np.ndarray | None = None
        if probabilities is not None:
            p = np.asarray(probabilities, dtype=float)
            self.sq_err = np.bincount(idx, weights=(p - y) ** 2, minlength=c)
            # per country and distinct probability: days and onset days (prior correction re-maps
            # the probabilities in every resample, from that resample's base rate)
            self.p_values, p_inv = np.unique(p, return_inverse=True)
            k = len(self.p_values)
            self.p_days = np.zeros((c, k))
            self.p_pos = np.zeros((c, k))
            np.add.at(self.p_days, (idx, p_inv), 1.0)
            np.add.at(self.p_pos, (idx[y], p_inv[y]), 1.0)

    def ones(self) -> np.ndarray:
        return np.ones(len(self.groups))

    def auc(self, w: np.ndarray) -> float | None:
        den = float(w @ self.pos) * float(w @ self.neg)
        return float(w @ self.pairs @ w) / den if den else None

    def stratified(self, w: np.ndarray) -> float | None:
        den = float((w * self.pos * self.neg).sum())
        return float((w * np.diag(self.pairs)).sum()) / den if den else None

    def mean_auc(self, w: np.ndarray) -> float | None:
        both = (self.pos > 0) & (self.neg > 0) & (w > 0)
        if not both.any():
            return None
        per = np.diag(self.pairs)[both] / (self.pos[both] * self.neg[both])
        return float((per * w[both]).sum() / w[both].sum())

    def _pr(self, w: np.ndarray) -> tuple[np.ndarray, np.ndarray] | None:
        tp = (w @ self.hist_pos).cumsum()
        n = (w @ self.hist_all).cumsum()
        total = float(w @ self.pos)
        if not total:
            return None
        with np.errstate(invalid="ignore", divide="ignore"):
            precision = np.where(n > 0, tp / np.where(n > 0, n, 1), 0.0)
        return precision, tp / total

    def average_precision(self, w: np.ndarray) -> float | None:
        pr = self._pr(w)
        return None if pr is None else _ap(*pr)

    def precision_at_recall(self, w: np.ndarray, recall: float) -> float | None:
        pr = self._pr(w)
        if pr is None:
            return None
        p, r = pr
        ok = r >= recall - 1e-12
        return float(p[ok].max()) if ok.any() else None

    def brier_skill(self, w: np.ndarray) -> float | None:
        if self.sq_err is None:
            return None
        n = float(w @ (self.pos + self.neg))
        if not n:
            return None
        rate = float(w @ self.pos) / n
        ref = rate * (1 - rate)
        return 1 - float(w @ self.sq_err) / n / ref if ref else None

    def brier_skill_prior_corrected(self, w: np.ndarray, population_rate: float) -> float | None:
        """:meth:`brier_skill` with the probabilities carried to the resample's own base rate
        (:func:`prior_corrected`)."""
        if self.sq_err is None:
            return None
        days, pos = w @ self.p_days, w @ self.p_pos
        n = float(days.sum())
        if not n:
            return None
        rate = float(pos.sum()) / n
        if rate in (0.0, 1.0):
            return None
        q = prior_corrected(self.p_values, rate, population_rate)
        sse = float((pos * (1 - q) ** 2 + (days - pos) * q ** 2).sum())
        return 1 - sse / n / (rate * (1 - rate))

    def brier_skill_out_of_country(self, w: np.ndarray) -> float | None:
        """The levels calibrated out of sample: each country's days forecast with the onset rate of
        their class of the map (their level) among the countries of the *other* units (other states,
        when the groups were given ``units``: run 71), against their base rate; every copy of a
        resampled country left out together.  1 − Σ squared errors / Σ squared errors of the
        reference (Brier 1950), over the countries drawn.  A class no other unit reached takes the
        other units' base rate.  None with fewer than two units drawn, or a reference without error."""
        if self.sq_err is None:
            return None
        drawn = w > 0
        if len({tuple(row) for row in self.same[drawn]}) < 2:  # fewer than two units drawn
            return None
        days, pos = w[:, None] * self.p_days, w[:, None] * self.p_pos  # weighted, per country and class
        o_days, o_pos = days.sum(0) - self.same @ days, pos.sum(0) - self.same @ pos  # the other units', per country
        n_other, k_other = o_days.sum(1, keepdims=True), o_pos.sum(1, keepdims=True)
        with np.errstate(invalid="ignore", divide="ignore"):
            base = np.where(n_other > 0, k_other / np.where(n_other > 0, n_other, 1), np.nan)
            q = np.where(o_days > 0, o_pos / np.where(o_days > 0, o_days, 1), base)
        ok = drawn & ~np.isnan(base[:, 0])

        def sse(f: np.ndarray) -> float:
            return float((pos * (1 - f) ** 2 + (days - pos) * f ** 2)[ok].sum())

        ref = sse(np.broadcast_to(base, days.shape))
        return 1 - sse(q) / ref if ref else None


def bootstrap(statistic: Callable[[np.ndarray], float | None], weights: np.ndarray,
              level: float = 0.95) -> dict:
    """The percentile interval of ``statistic`` over the rows of ``weights``, and how many
    resamples left it undefined (e.g. a draw of countries without any onset)."""
    values = [statistic(w) for w in weights]
    interval = percentile_interval(values, level)
    return {"low": None if interval is None else interval[0], "high": None if interval is None else interval[1],
            "undefined": sum(v is None for v in values)}
