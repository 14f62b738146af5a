"""The backtest's metrics on toy arrays with known answers, and properties against brute force."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from assessor.backtest import metrics as m


def brute_auc(scores, labels):
    pos = [s for s, y in zip(scores, labels) if y]
    neg = [s for s, y in zip(scores, labels) if not y]
    if not pos or not neg:
        return None
    return sum(1.0 if p > n else 0.5 if p == n else 0.0 for p in pos for n in neg) / (len(pos) * len(neg))


def test_auc_by_hand():
    # positives 3 and 2 against negatives 1 and 2: pairs (3>1, 3>2, 2>1, 2=2 half) -> 3.5 of 4
    assert m.auc([3, 2, 1, 2], [True, True, False, False]) == pytest.approx(3.5 / 4)
    assert m.auc([1, 2], [True, False]) == 0.0
    assert m.auc([1, 1], [True, True]) is None


days = st.lists(st.tuples(st.integers(0, 6), st.booleans(), st.integers(0, 3)), min_size=1, max_size=40)


@settings(max_examples=200, deadline=None)
@given(days)
def test_auc_is_the_mann_whitney_pair_count(rows):
    s, y, _ = zip(*rows)
    got, want = m.auc(s, y), brute_auc(s, y)
    assert (got is None) == (want is None)
    if want is not None:
        assert got == pytest.approx(want)


@settings(max_examples=150, deadline=None)
@given(days, st.lists(st.integers(0, 3), min_size=4, max_size=4))
def test_clustered_weights_equal_repeating_the_countries(rows, mult):
    s, y, g = (list(x) for x in zip(*rows))
    cl = m.Clustered(s, y, g, probabilities=[v / 6 for v in s])
    w = np.array([mult[k] for k in cl.groups], dtype=float)
    rs, ry, rg = [], [], []
    for k, c in zip(cl.groups, w):  # a country drawn c times is c separate copies (clusters)
        for copy in range(int(c)):
            for si, yi, gi in zip(s, y, g):
                if gi == k:
                    rs.append(si)
                    ry.append(yi)
                    rg.append(f"{gi}/{copy}")
    one = cl.ones()
    assert cl.auc(one) == pytest.approx(m.auc(s, y)) if m.auc(s, y) is not None else cl.auc(one) is None
    if not rs:
        return
    want = m.auc(rs, ry)
    got = cl.auc(w)
    assert (got is None) == (want is None) and (want is None or got == pytest.approx(want))
    strat = m.stratified_auc(rs, ry, rg)
    got_s = cl.stratified(w)
    assert (got_s is None) == (strat.pooled_within is None)
    if got_s is not None:
        assert got_s == pytest.approx(strat.pooled_within)
    ap = m.average_precision(rs, ry)
    got_ap = cl.average_precision(w)
    assert (got_ap is None) == (ap is None) and (ap is None or got_ap == pytest.approx(ap))
    bs = m.brier_skill([v / 6 for v in rs], ry)
    got_bs = cl.brier_skill(w)
    assert (got_bs is None) == (bs is None) and (bs is None or got_bs == pytest.approx(bs))
    pc = m.brier_skill_prior_corrected([v / 6 for v in rs], ry, 0.02)
    got_pc = cl.brier_skill_prior_corrected(w, 0.02)
    assert (got_pc is None) == (pc is None) and (pc is None or got_pc == pytest.approx(pc))


def test_stratified_auc_ignores_differences_between_countries():
    # country a always scores 10, country b always 0; within each the positives score higher by 1
    s = [11, 10, 10, 1, 0, 0]
    y = [True, False, False, True, False, False]
    g = ["a", "a", "a", "b", "b", "b"]
    r = m.stratified_auc(s, y, g)
    assert r.pooled_within == 1.0 and r.mean == 1.0 and r.per_group == {"a": 1.0, "b": 1.0}
    # reversed within countries: the pooled AUC gets credit from a's level (9 > b's 0s), the stratified none
    s2 = [9, 10, 10, -1, 0, 0]
    assert m.auc(s2, y) == pytest.approx(2 / 8)
    assert m.stratified_auc(s2, y, g).pooled_within == 0.0


def test_average_precision_and_precision_at_recall_by_hand():
    # ranked: 4 (pos), 3 (neg), 2 (pos), 1 (neg) -> AP = 1/2*1 + 1/2*2/3
    s, y = [4, 3, 2, 1], [True, False, True, False]
    assert m.average_precision(s, y) == pytest.approx(0.5 + 1 / 3)
    assert m.precision_at_recall(s, y, 0.5) == 1.0
    assert m.precision_at_recall(s, y, 0.8) == pytest.approx(2 / 3)
    # ties enter together: one threshold takes both days
    assert m.average_precision([1, 1], [True, False]) == 0.5
    assert m.average_precision([1, 2], [False, False]) is None


def test_brier_and_skill_by_hand():
    y = [True, False, False, False]
    assert m.brier([1, 0, 0, 0], y) == 0.0
    assert m.brier([0.25] * 4, y) == pytest.approx(0.1875)
    assert m.brier_skill([0.25] * 4, y) == pytest.approx(0.0)  # the base rate itself
    assert m.brier_skill([1, 0, 0, 0], y) == 1.0
    assert m.brier_skill([0, 1, 1, 1], y) < 0
    assert m.brier_skill([0.5, 0.5], [False, False]) is None


def test_prior_correction_by_hand():
    # declared for a population at 2 %, read on a sample at 2 %: nothing to correct
    p = [0.002, 0.02, 0.15]
    assert m.prior_corrected(p, 0.02, 0.02) == pytest.approx(p)
    # a sample at 50 % against a population at 20 %: odds x4; p = 0.2 (odds 1/4) -> odds 1 -> 0.5
    assert m.prior_corrected([0.2, 0.0, 1.0], 0.5, 0.2) == pytest.approx([0.5, 0.0, 1.0])
    # the population's own rate is carried to the sample's rate
    assert m.prior_corrected([0.02], 0.058, 0.02)[0] == pytest.approx(0.058)
    # a forecast declared at the population rate for every day reads, corrected, as the base rate: skill 0
    y = [True, False, False, False]
    assert m.brier_skill_prior_corrected([0.1] * 4, y, 0.1) == pytest.approx(0.0)
    assert m.brier_skill_prior_corrected([0.1] * 4, [False] * 4, 0.1) is None
    # under-forecast by the sampling factor only: the raw skill is below 0, the corrected one is not
    probs = [0.5, 0.05, 0.05, 0.05]  # odds 1 and 1/19 for a population at 1/3 of the sample's odds
    raw = m.brier_skill(probs, y)
    fixed = m.brier_skill_prior_corrected(probs, y, 0.1)
    assert fixed > raw


@settings(max_examples=150, deadline=None)
@given(st.lists(st.floats(0, 1), min_size=2, max_size=20), st.floats(0.001, 0.999), st.floats(0.001, 0.999))
def test_prior_correction_keeps_the_order_of_days(p, sample, population):
    q = m.prior_corrected(p, sample, population)
    assert ((q >= 0) & (q <= 1)).all()
    for a, b, qa, qb in zip(p, p[1:], q, q[1:]):
        if a < b:
            assert qa <= qb
        elif a == b:
            assert qa == qb


def test_order_held_over_resamples_by_hand():
    order = ["low", "high"]
    w = m.bootstrap_weights(2, 50, 1)
    # in both countries the high days are followed by onsets, the low days not: ordered in every resample
    lv = ["low", "low", "high", "high"]
    g = ["a", "b", "a", "b"]
    held = m.order_held(lv, [False, False, True, True], g, order, w)
    assert held == {"all": 1.0, "pairs": {"low<high": 1.0}, "undefined": 0}
    # reversed: never
    assert m.order_held(lv, [True, True, False, False], g, order, w)["all"] == 0.0
    # only country a has onset days: a resample without a has none and says nothing about the order
    lv2, y2 = ["low", "high", "low", "low"], [False, True, False, False]
    held2 = m.order_held(lv2, y2, ["a", "a", "b", "b"], order, w)
    assert held2["all"] == 1.0 and held2["undefined"] == int((w[:, 0] == 0).sum())
    # no onset day at all, or no quiet day at all: nothing to say (not 0 %)
    assert m.order_held(lv, [False] * 4, g, order, w) == {"all": None, "pairs": {"low<high": None}, "undefined": 50}
    assert m.order_held(lv, [True] * 4, g, order, w)["all"] is None
    # without resamples there is nothing to say
    assert m.order_held(lv, [False, False, True, True], g, order, np.zeros((0, 2))) == {
        "all": None, "pairs": {"low<high": None}, "undefined": 0}


def test_reliability_table():
    rows = m.reliability(["low", "high", "high", "low"], [False, True, False, False], ["low", "high", "critical"])
    assert rows == [{"level": "low", "days": 2, "onset_days": 0, "rate": 0.0},
                    {"level": "high", "days": 2, "onset_days": 1, "rate": 0.5},
                    {"level": "critical", "days": 0, "onset_days": 0, "rate": None}]


def test_bootstrap_is_seeded_and_deterministic():
    a = m.bootstrap_weights(5, 200, seed=7)
    b = m.bootstrap_weights(5, 200, seed=7)
    c = m.bootstrap_weights(5, 200, seed=8)
    assert (a == b).all() and not (a == c).all()
    assert (a.sum(axis=1) == 5).all()  # every resample draws as many countries as there are
    cl = m.Clustered([3, 1, 2, 0, 5, 4], [True, False, True, False, True, False], ["a", "a", "b", "b", "c", "c"])
    w = m.bootstrap_weights(len(cl.groups), 300, seed=1)
    assert m.bootstrap(cl.auc, w) == m.bootstrap(cl.auc, m.bootstrap_weights(len(cl.groups), 300, seed=1))
    ci = m.bootstrap(cl.auc, w)
    assert 0 <= ci["low"] <= ci["high"] <= 1


def brute_ap(scores, labels):
    """Average precision by definition: every distinct score as a threshold, highest first."""
    total = sum(labels)
    if not total:
        return None
    ap, last_recall = 0.0, 0.0
    for t in sorted(set(scores), reverse=True):
        chosen = [y for s, y in zip(scores, labels) if s >= t]
        tp = sum(chosen)
        recall = tp / total
        ap += (recall - last_recall) * tp / len(chosen)
        last_recall = recall
    return ap


@settings(max_examples=200, deadline=None)
@given(days, st.sampled_from([0.25, 0.5, 0.8, 1.0]))
def test_average_precision_and_precision_at_recall_match_their_definitions(rows, r):
    s, y, _ = zip(*rows)
    want = brute_ap(s, y)
    got = m.average_precision(s, y)
    assert (got is None) == (want is None) and (want is None or got == pytest.approx(want))
    if any(y):
        total = sum(y)
        best = max(sum(yy for ss, yy in zip(s, y) if ss >= t) / sum(1 for ss in s if ss >= t)
                   for t in set(s) if sum(yy for ss, yy in zip(s, y) if ss >= t) / total >= r - 1e-12)
        assert m.precision_at_recall(s, y, r) == pytest.approx(best)


def brute_out_of_country(probs, labels, groups, mult, unit=None):
    """Each country (``mult`` copies of it) forecast with the onset rate per class of ``probs`` of the
    countries of other units (``unit``: a country's state; each country its own without it), against
    their base rate; brute force over the days."""
    unit = unit or {}
    u = lambda g: unit.get(g, g)  # noqa: E731
    sse_model = sse_ref = 0.0
    drawn = [k for k in sorted(set(groups)) if mult.get(k, 0) > 0]
    if len({u(k) for k in drawn}) < 2:
        return None
    for k in drawn:
        others = [(p, y, mult[g]) for p, y, g in zip(probs, labels, groups) if u(g) != u(k) and mult.get(g, 0) > 0]
        n = sum(c for _, _, c in others)
        if not n:
            continue
        base = sum(c for _, y, c in others if y) / n
        for p, y, g in zip(probs, labels, groups):
            if g != k:
                continue
            same = [(yy, c) for pp, yy, c in others if pp == p]
            q = sum(c for yy, c in same if yy) / sum(c for _, c in same) if same else base
            sse_model += mult[k] * (q - y) ** 2
            sse_ref += mult[k] * (base - y) ** 2
    return 1 - sse_model / sse_ref if sse_ref else None


@settings(max_examples=150, deadline=None)
@given(days, st.lists(st.integers(0, 3), min_size=4, max_size=4))
def test_out_of_country_calibration_equals_brute_force(rows, mult):
    s, y, g = (list(x) for x in zip(*rows))
    probs = [v / 6 for v in s]
    cl = m.Clustered(s, y, g, probabilities=probs)
    weights = {k: mult[i] for i, k in enumerate(cl.groups)}
    got = cl.brier_skill_out_of_country(np.array([weights[k] for k in cl.groups], dtype=float))
    want = brute_out_of_country(probs, y, g, weights)
    assert (got is None) == (want is None)
    if want is not None:
        assert got == pytest.approx(want)


@settings(max_examples=150, deadline=None)
@given(days, st.lists(st.integers(0, 3), min_size=4, max_size=4), st.lists(st.sampled_from("xy"), min_size=4, max_size=4))
def test_out_of_country_leaves_out_a_states_records_together(rows, mult, states):
    """Run 71: with units (the records' states), a record is forecast only from the records of other states."""
    s, y, g = (list(x) for x in zip(*rows))
    probs = [v / 6 for v in s]
    groups = sorted(set(g))
    unit = {k: states[i] for i, k in enumerate(groups)}
    cl = m.Clustered(s, y, g, probabilities=probs, units=unit)
    weights = {k: mult[i] for i, k in enumerate(cl.groups)}
    got = cl.brier_skill_out_of_country(np.array([weights[k] for k in cl.groups], dtype=float))
    want = brute_out_of_country(probs, y, g, weights, unit)
    assert (got is None) == (want is None)
    if want is not None:
        assert got == pytest.approx(want)


def test_out_of_country_calibration_by_hand():
    """Levels that mean the same in every country transfer (skill > 0); levels that mean opposite things
    in two countries do not (skill < 0), whatever each country's own calibration."""
    levels = [0.1] * 10 + [0.9] * 10
    same = [False] * 9 + [True] + [True] * 9 + [False]  # the high level is followed by onsets, in every country
    opposite = [True] * 9 + [False] + [False] * 9 + [True]  # ... in one country; the low level in the other
    groups = ["a"] * 20 + ["b"] * 20 + ["c"] * 20
    ones = np.ones(3)
    agree = m.Clustered(levels * 3, same * 3, groups, probabilities=levels * 3)
    # per country: 2 × (one onset missed at 0.1 or 0.9 off: 0.81, nine days 0.1 off: 0.09) = 1.8 against 20 × 0.25
    assert agree.brier_skill_out_of_country(ones) == pytest.approx(1 - 1.8 / 5)
    split = m.Clustered(levels * 3, same * 2 + opposite, groups, probabilities=levels * 3)
    assert split.brier_skill_out_of_country(ones) < 0
    assert agree.brier_skill_out_of_country(np.array([1.0, 0, 0])) is None  # one country: nothing to leave out
    assert m.Clustered([1, 2], [True, False], ["a", "b"]).brier_skill_out_of_country(np.ones(2)) is None  # no map
