"""assessor backtest: onsets, lead times, false alarms, AUC."""

from __future__ import annotations

import datetime as dt

import pytest
from conftest import D

from assessor import backtest
from assessor.errors import InputError


def test_auc_by_hand():
    # positives 3 and 2 against negatives 1 and 2: pairs (3>1, 3>2, 2>1, 2=2 half) -> 3.5 of 4
    assert backtest.auc([3, 2, 1, 2], [True, True, False, False]) == pytest.approx(3.5 / 4)
    assert backtest.auc([1, 2], [True, False]) == 0.0
    assert backtest.auc([1, 1], [True, True]) is None


@pytest.fixture(scope="module")
def result(default_assessor):
    return backtest.run(default_assessor, backtest.load_outcomes())


def test_every_onset_is_scored_from_the_record_before_it(result, default_assessor):
    assert len(result.onsets) >= 5
    for r in result.onsets:
        for k, v in r.before.items():
            day = r.onset.date - dt.timedelta(days=k)
            p = default_assessor.profile(r.onset.country)
            if day < p.covers_from:
                assert v is None
                continue
            a = default_assessor.assess(p, day)
            assert v == (a.score, a.level)


def test_kuwait_1990_warns_before_the_invasion(result):
    kuwait = next(r for r in result.onsets if r.onset.country == "kuwait-1990")
    assert kuwait.before[7][1] in ("high", "critical")
    assert kuwait.lead_days and 7 <= kuwait.lead_days <= 30


def test_shares_and_auc_are_well_formed(result):
    assert 0 <= result.false_alarm_share <= 1
    assert result.auc is not None and 0.5 < result.auc <= 1  # better than chance on the bundled record
    doc = backtest.to_dict(result)
    assert doc["false_alarms"]["quiet_days"] == result.quiet_days and doc["auc"] == round(result.auc, 4)
    from assessor.render import reporter

    assert "2022-02-24" in reporter("text").backtest(doc)


def test_outcomes_are_validated_with_locations(write):
    f = write("o.yaml", """
        outcomes:
          - country: ukraine
            date: 2022-02-31
            kind: invasion
            summary: Not a real date.
            source: {publisher: X, title: Y, date: 2022-03-01}
    """)
    with pytest.raises(InputError) as e:
        backtest.load_outcomes(f)
    assert f"{f}:3:" in str(e.value) and "2022-02-31" in str(e.value)


def test_an_onset_for_an_unknown_country_is_a_clear_error(write, default_assessor):
    f = write("o.yaml", """
        outcomes:
          - country: atlantis
            date: 2022-02-01
            kind: attack
            summary: Nowhere.
            source: {publisher: X, title: Y, date: 2022-03-01}
    """)
    with pytest.raises(InputError, match="unknown country 'atlantis'") as e:
        backtest.run(default_assessor, backtest.load_outcomes(f))
    assert f"{f}:2:" in str(e.value)


def test_onsets_by_name_and_outside_the_record(write, default_assessor):
    f = write("o.yaml", """
        outcomes:
          - country: Ukraine
            date: 2022-02-24
            kind: invasion
            summary: By name.
            source: {publisher: X, title: Y, date: 2022-03-01}
          - country: finland
            date: 1950-01-01
            kind: attack
            summary: Before the record.
            source: {publisher: X, title: Y, date: 2022-03-01}
    """)
    with pytest.raises(InputError, match="outside the period") as e:
        backtest.run(default_assessor, backtest.load_outcomes(f))
    assert "Ukraine" not in str(e.value)


def test_the_outcomes_never_change_the_scores_before_them(default_assessor, write):
    one = backtest.load_outcomes()
    fewer = [o for o in one if o.country != "ukraine"]
    a = backtest.run(default_assessor, one)
    b = backtest.run(default_assessor, fewer)
    for r in b.onsets:
        same = next(x for x in a.onsets if x.onset == r.onset)
        assert same.before == r.before
    assert D("2022-02-24") in {r.onset.date for r in a.onsets}
