"""Beyond Europe: the Indo-Pacific orderings stated in advance (issue text),
on the bundled sourced profiles and the default rules (no special cases)."""

from __future__ import annotations

from conftest import D

from assessor.assess import dates_between

FIVE = ("taiwan", "japan", "south-korea", "philippines", "australia")


def test_taiwan_above_japan_and_australia_and_australia_lowest_every_month(default_assessor):
    a = default_assessor
    for day in dates_between(D("2022-01-01"), D("2024-12-31"), "month"):
        s = {c: a.assess(c, day).score for c in FIVE}
        assert s["taiwan"] > s["japan"] and s["taiwan"] > s["australia"], (day, s)
        assert s["australia"] == min(s.values()), (day, s)


def test_philippines_rises_during_second_thomas_shoal_and_falls_back(default_assessor):
    a = default_assessor
    p = a.profile("philippines")
    before = a.assess(p, D("2023-06-01")).score
    during = max(a.assess(p, d).score for d in dates_between(D("2023-08-06"), D("2024-07-15"), "week"))
    after = a.assess(p, D("2025-01-15")).score
    assert during > before + 5 and after < during - 5, (before, during, after)


def test_north_korean_overflight_shows_in_japan_s_explanation_with_its_source(default_assessor):
    a = default_assessor.assess("japan", D("2022-10-10"))
    evidence = [e for c in a.contributions for e in c.evidence]
    overflight = [e for e in evidence if getattr(e, "date", None) == D("2022-10-04")]
    assert overflight and overflight[0].get("actor") == "North Korea" and overflight[0].source.url


def test_treaty_allies_are_not_told_they_have_no_guarantee(default_assessor):
    for c in ("japan", "south-korea", "philippines", "australia"):
        fired = default_assessor.assess(c, D("2023-06-01")).fired
        assert "partner-without-guarantee" not in fired and "defence-guarantee" in fired, c  # rules 3.0.0: one guarantee rule
    assert "partner-without-guarantee" in default_assessor.assess("taiwan", D("2023-06-01")).fired
