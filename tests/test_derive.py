"""Derive stage: facts from a profile on a date; nothing after the date counts."""

from __future__ import annotations

import dataclasses

from conftest import MINI_PROFILE, D

from assessor import loader
from assessor.derive import Deriver
from assessor.facts import FACTS


def mini(write):
    return loader.load_profiles([write("p.yaml", MINI_PROFILE)]).resolve("testland")


def test_status_progression(write):
    d = Deriver(mini(write))
    assert d.derive(D("2019-12-31")).values["status"] == "none"
    v = d.derive(D("2020-06-01")).values
    assert (v["status"], v["status_rank"], v["days_in_status"]) == ("partner", 1, 152)
    assert "days_since_application" not in v
    v = d.derive(D("2021-01-11")).values
    assert (v["status"], v["days_since_application"]) == ("applicant", 10)
    v = d.derive(D("2022-01-02")).values
    assert (v["status"], v["days_since_accession"]) == ("member", 1)


def test_future_events_do_not_count(write):
    p = mini(write)
    before = Deriver(p).derive(D("2021-05-31")).values
    assert before["threat_level"] == 0 and before["threats_90d"] == 0 and "days_since_threat" not in before


def test_threat_fades_linearly(write):
    d = Deriver(mini(write))
    assert d.derive(D("2021-06-01")).values["threat_level"] == 2.0
    assert d.derive(D("2021-07-21")).values["threat_level"] == 1.0  # 50 of 100 days
    assert d.derive(D("2021-09-09")).values["threat_level"] == 0.0  # faded after 100 days
    v = d.derive(D("2021-07-21")).values
    assert v["threats_90d"] == 1 and v["max_severity_90d"] == 2 and v["days_since_threat"] == 50


def test_agreements_count_from_entry_into_force_until_ended(write):
    p = mini(write)
    src = p.events[0].source
    agreement = dataclasses.replace(
        p.events[0], date=D("2021-02-01"), kind="agreement",
        details={"party": "United States", "type": "defence_cooperation_agreement",
                 "in_force": D("2021-03-01"), "ended": D("2021-04-01")}, source=src)
    q = dataclasses.replace(p, events=tuple(sorted(p.events + (agreement,), key=lambda e: e.date)))
    d = Deriver(q)
    assert d.derive(D("2021-02-15")).values["agreement_rank"] == 0
    v = d.derive(D("2021-03-01")).values
    assert (v["agreement_rank"], v["nuclear_agreement_rank"], v["agreement_type"]) == (3, 3, "defence_cooperation_agreement")
    assert d.derive(D("2021-04-01")).values["agreement_rank"] == 0


def test_pending_agreement_is_not_counted(write):
    p = mini(write)
    pending = dataclasses.replace(p.events[0], date=D("2021-02-01"), kind="agreement",
                                  details={"party": "United States", "type": "defence_cooperation_agreement", "pending": True})
    q = dataclasses.replace(p, events=p.events + (pending,))
    assert Deriver(q).derive(D("2021-06-01")).values["agreements_in_force"] == 0


def test_every_fact_is_catalogued_and_typed(default_assessor):
    for profile in default_assessor.profiles.profiles.values():
        for day in ("2021-06-01", "2022-06-01", "2023-06-01", "2024-06-01"):
            facts = Deriver(profile).derive(D(day))
            for name, value in facts.values.items():
                assert name in FACTS, name
                t = FACTS[name].type
                ok = {"number": (int, float), "text": str, "bool": bool}[t]
                assert isinstance(value, ok) and (t == "bool" or not isinstance(value, bool)), (name, value)
            for name, f in FACTS.items():
                if f.always:
                    assert name in facts.values, name


def test_ratification_progress_from_default_record(default_assessor):
    fin = default_assessor.profile("finland")
    v = Deriver(fin).derive(D("2023-03-28")).values
    assert v["status"] == "ratifying"
    assert v["ratified"] == 29 and v["ratify_total"] == 30 and v["ratify_remaining"] == 1


def test_cached_stretches_equal_a_fresh_derivation_every_day(default_assessor):
    """derive reuses facts between the days anything changes: on every day of
    every bundled record the reused facts (and their evidence) equal those
    computed afresh for that day alone, so no bound is missing."""
    from assessor.assess import dates_between
    from assessor.derive import Deriver

    for p in default_assessor.profiles.profiles.values():
        cached = Deriver(p)
        for i, d in enumerate(dates_between(p.covers_from, p.covers_to, "day")):
            got = cached.derive(d)
            if i % 5 == 0:
                fresh = Deriver(p).derive(d)
                assert fresh.values == got.values, (p.id, d)
                assert {k: [id(x) for x in v] for k, v in fresh.evidence.items()} == \
                       {k: [id(x) for x in v] for k, v in got.evidence.items()}, (p.id, d)


def test_the_timeline_scorer_equals_a_full_assessment(default_assessor):
    from assessor.assess import dates_between

    for p in default_assessor.profiles.profiles.values():
        for d in dates_between(p.covers_from, p.covers_to, "month"):
            assert next(default_assessor.timeline(p, [d])).score == default_assessor.assess(p, d).score, (p.id, d)
