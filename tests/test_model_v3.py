"""Model v3 (rules 3.0.0) on the checks issue 16 states in advance.

Orderings and shares, never exact scores: the weights come from the literature
(docs/research/model-v3-declaration.md), not from fitting these cases.  The
backtest's figures themselves are checked in test_backtest_v3 below through the
CLI's JSON, against the naive baselines of the same run.
"""

from __future__ import annotations

import json

from conftest import D

from assessor.assess import dates_between


def score(a, country, day):
    return a.assess(country, D(day)).score


def test_ukraine_rises_from_spring_2021_to_the_eve_of_the_invasion(default_assessor):
    a = default_assessor
    assert score(a, "ukraine", "2021-04-15") < score(a, "ukraine", "2022-01-15") < score(a, "ukraine", "2022-02-15")


def test_estonia_above_denmark_on_nine_days_in_ten_2022_2025(default_assessor):
    a = default_assessor
    days = dates_between(D("2022-01-01"), D("2025-12-31"), "day")
    ee = a.profile("estonia")
    dk = a.profile("denmark")
    days = [d for d in days if d <= min(ee.covers_to, dk.covers_to)]
    assert len(days) > 1000  # both records reach well into 2025
    above = sum(e > d for e, d in zip(a.scores(ee, days), a.scores(dk, days)))
    assert above / len(days) >= 0.9, above / len(days)


def test_armenia_after_the_peace_declaration_below_the_eve_of_september_2022(default_assessor):
    a = default_assessor
    armenia = a.profile("armenia")
    # every day of October 2025 the record covers (after the Washington declaration of 8 August 2025)
    october = [d for d in dates_between(D("2025-10-01"), D("2025-10-31"), "day") if d <= armenia.covers_to]
    assert len(october) >= 15
    eve = score(a, "armenia", "2022-09-01")
    assert all(s < eve for s in a.scores(armenia, october))


def test_an_old_armistice_does_not_weigh_like_a_fresh_ceasefire(default_assessor):
    a = default_assessor
    full = {r.id: r for r in a.ruleset.rules}["conflict-legacy"].effect.points
    for day in dates_between(D("2024-01-01"), D("2024-12-31"), "week"):
        pts = {c.rule: c.points for c in a.assess("south-korea", day).contributions}
        assert pts.get("conflict-legacy", 0) <= 0.25 * full, (day, pts.get("conflict-legacy"))


def test_the_score_is_not_saturated_on_covered_days(default_assessor):
    a = default_assessor
    at_bound = total = 0
    for p in a.profiles.profiles.values():
        days = dates_between(p.covers_from, p.covers_to, "day")  # the issue counts covered country-days
        for s in a.scores(p, days):
            total += 1
            at_bound += s in (0.0, 100.0)
    assert at_bound / total <= 0.01, (at_bound, total)


def test_both_indices_are_shown(run):
    out, _ = run("assess", "ukraine", "--date", "2022-02-15", "--format", "json")
    (first,) = json.loads(out)  # `assess --format json` writes a list, one object per country
    assert set(first["indices"]) == {"structural", "warning"}
    assert first["indices"]["warning"] > 0  # the build-up stands far above Ukraine's own baseline
