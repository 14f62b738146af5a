"""Properties that must hold whatever the date: more protection never raises the
score; more threats never lower it.  Checked on every default profile, monthly."""

from __future__ import annotations

import dataclasses

import pytest
from conftest import D

from assessor.assess import dates_between
from assessor.derive import Deriver
from assessor.model import Event, Loc, Source

SRC = Source("test", "hypothetical", D("2020-01-01"))
DAYS = dates_between(D("2021-01-15"), D("2024-12-15"), "month")


def add(profile, event):
    return dataclasses.replace(profile, events=tuple(sorted(profile.events + (event,), key=lambda e: e.date)))


def score_with(assessor, profile, day):
    return assessor.assess_facts(profile, Deriver(profile).derive(day)).score


EXTRA = {
    "agreement": lambda d: Event(d, "agreement", "extra", SRC, Loc("t"), {"party": "United States", "type": "defence_cooperation_agreement"}),
    "treaty": lambda d: Event(d, "agreement", "extra", SRC, Loc("t"), {"party": "France", "type": "mutual_defence_treaty"}),
    "interim": lambda d: Event(d, "interim", "extra", SRC, Loc("t"), {"provider": "United Kingdom", "arrangement": "military_presence"}),
}


@pytest.mark.parametrize("kind", sorted(EXTRA))
def test_adding_a_guarantee_never_raises_the_score(default_assessor, kind):
    for profile in default_assessor.profiles.profiles.values():
        for day in DAYS:
            base = score_with(default_assessor, profile, day)
            more = score_with(default_assessor, add(profile, EXTRA[kind](day)), day)
            assert more <= base, (profile.id, day, kind, base, more)


def test_adding_a_threat_never_lowers_the_score(default_assessor):
    for profile in default_assessor.profiles.profiles.values():
        for day in DAYS:
            threat = Event(day, "threat", "extra", SRC, Loc("t"), {"actor": "Russia", "type": "military_threat", "severity": 3, "weighs_days": 180})
            assert score_with(default_assessor, add(profile, threat), day) >= score_with(default_assessor, profile, day)


def _joinings(assessor, gains: bool):
    """(profile, day, score now, score had it joined) for every profile and day where it is not a member,
    keeping those where joining adds protection (``gains``) or those where it adds none: rules 3.0.0 count
    protection once per guarantor, so joining brings no new protection where the alliance's guarantor already
    protects the country (Armenia in 2024, its CSTO participation frozen, still protected by Russia) or where
    the profile names no alliance (``alliance: none``: Japan, South Korea, the Philippines, Australia, ...)."""
    for profile in assessor.profiles.profiles.values():
        for day in DAYS:
            facts = Deriver(profile).derive(day).values
            if facts["status"] == "member":
                continue  # re-joining would restart the first-year integration period
            join = Event(day, "membership", "extra", SRC, Loc("t"), {"status": "member"})
            joined_facts = Deriver(add(profile, join)).derive(day).values
            if (joined_facts.get("protection", 0) > facts.get("protection", 0)) != gains:
                continue
            yield profile, day, score_with(assessor, profile, day), score_with(assessor, add(profile, join), day)


def test_becoming_a_member_never_raises_the_score(default_assessor):
    checked = 0
    for profile in default_assessor.profiles.profiles.values():
        for day in DAYS:
            if Deriver(profile).derive(day).values["status"] == "member":
                continue  # re-joining would restart the first-year integration period
            checked += 1
            join = Event(day, "membership", "extra", SRC, Loc("t"), {"status": "member"})
            now, joined = score_with(default_assessor, profile, day), score_with(default_assessor, add(profile, join), day)
            rs = default_assessor.ruleset
            if joined == now == rs.maximum:
                # Clamped at the ceiling (Ukraine at war): the joining must still lower the sum before the clamp.
                raw = [default_assessor.assess_facts(p, Deriver(p).derive(day)).raw(rs.base) for p in (profile, add(profile, join))]
                assert raw[1] < raw[0], (profile.id, day, raw)
                continue
            if joined == now:
                # Protection counts once per guarantor (rules 3.0.0): joining an alliance whose leading
                # member already guarantees the country by treaty adds no protection, and must add nothing.
                prot = [Deriver(p).derive(day).values["protection"] for p in (profile, add(profile, join))]
                assert prot[1] == prot[0] or joined == rs.minimum, (profile.id, day, prot)
                continue
            assert joined < now, (profile.id, day, now, joined)
    assert checked > 50


def test_joining_with_no_new_guarantor_never_raises_the_score(default_assessor):
    """Since the first-year lag moved into protection (collective defence 0.85 for a year), a
    joining that brings no new guarantor changes nothing: it must never raise the score."""
    cases = list(_joinings(default_assessor, gains=False))
    assert cases
    for profile, day, now, joined in cases:
        assert joined <= now, (profile.id, day, now, joined)
