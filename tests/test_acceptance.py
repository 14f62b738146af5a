"""The seed's reasoning on the real record (issue #2 acceptance), with the default data."""

from __future__ import annotations

import datetime as dt

import pytest
from conftest import D

from assessor.assess import dates_between

CASES = {"finland": ("2022-05-18", "2023-04-04"), "sweden": ("2022-05-18", "2024-03-07")}


@pytest.mark.parametrize("country", sorted(CASES))
def test_highest_weekly_score_is_inside_the_window(default_assessor, country):
    applied, joined = (D(x) for x in CASES[country])
    points = list(default_assessor.timeline(country, dates_between(D("2021-01-01"), D("2024-12-31"), "week")))
    top = max(p.score for p in points)
    peaks = [p.date for p in points if p.score == top]
    assert all(applied <= d < joined for d in peaks), (top, peaks)


@pytest.mark.parametrize("country", sorted(CASES))
def test_before_the_war_is_lower_than_in_the_window(default_assessor, country):
    assert default_assessor.assess(country, D("2021-06-01")).score < default_assessor.assess(country, D("2022-06-01")).score


@pytest.mark.parametrize("country", sorted(CASES))
def test_a_week_after_accession_the_level_drops_a_band(default_assessor, country):
    rs = default_assessor.ruleset
    joined = D(CASES[country][1])
    before = default_assessor.assess(country, D("2022-06-01")).level
    after = default_assessor.assess(country, joined + dt.timedelta(days=7)).level
    assert rs.level_index(after) <= rs.level_index(before) - 1


def test_member_finland_below_ratifying_sweden(default_assessor):
    day = D("2023-06-01")
    assert default_assessor.assess("sweden", day).score > default_assessor.assess("finland", day).score


def test_every_contribution_has_a_reason_and_most_cite_sources(default_assessor):
    total = cited = 0
    for country in default_assessor.profiles.profiles:
        for day in dates_between(D("2021-01-01"), D("2024-12-31"), "month"):
            for c in default_assessor.assess(country, day).contributions:
                total += 1
                assert c.reason.strip() and "n/a" not in c.reason, (country, day, c.rule, c.reason)
                if c.evidence and all(e.source.publisher and e.source.title for e in c.evidence):
                    cited += 1
    assert total > 0 and cited / total >= 0.75, (cited, total)


def test_out_of_sample_profiles_are_plausible(default_assessor):
    """Profiles nobody tuned the rules to: a member with a short border stays low;
    a country under full-scale attack is critical."""
    profiles = default_assessor.profiles.profiles
    if "norway" in profiles:
        assert default_assessor.assess("norway", D("2023-06-01")).level == "low"
    if "ukraine" in profiles:
        assert default_assessor.assess("ukraine", D("2022-03-15")).level == "critical"
        assert default_assessor.assess("ukraine", D("2021-06-01")).score < default_assessor.assess("ukraine", D("2022-03-15")).score


def test_timeline_agrees_with_single_assessments(default_assessor):
    """The timeline's shortcuts (cached engine runs, cached derivations) change nothing."""
    for country in default_assessor.profiles.profiles:
        days = dates_between(D("2021-01-01"), D("2024-12-31"), "week")
        for point in default_assessor.timeline(country, days):
            a = default_assessor.assess(country, point.date)
            assert (point.score, point.level, point.fired) == (a.score, a.level, a.fired), (country, point.date)
