"""Format 2.1, warning constructs: an unconfirmed build-up, the adversary's other front made safe by
a pact with a third power, the defender's own mobilisation, and hostile states and borders that
change on a date (issue 16).  Each through the library and through the CLI; 2.0 files unchanged."""

from __future__ import annotations

import json

import pytest
from conftest import D

from assessor import loader, world
from assessor.derive import Deriver
from assessor.errors import InputError

SRC = "{publisher: Test, title: Test, date: 2020-01-01}"

PROFILE = f"""
id: testfin
name: Testfin
alliance: none
adversary: Soviet Union
adversaries:
  - name: Germany
    from: 1941-06-25          # a neighbour that turns hostile on a date
  - name: Estonia
    until: 1940-08-05
    land_border_km: {{value: 100, source: {SRC}}}
covers: {{from: 1938-01-01, to: 1941-12-31}}
attributes:
  land_border_km: {{value: 1300, source: {SRC}}}
borders:
  - {{with: Soviet Union, km: 1600, from: 1940-03-13, source: {SRC}}}   # a border that changes on a date (test values)
  - {{with: Germany, km: 700, from: 1940-04-09, source: {SRC}}}          # a flank that opens (test values)
events:
  - date: 1939-08-23
    kind: adversary_pact
    actor: Soviet Union
    partner: Germany
    type: non_aggression
    end: 1941-06-22
    summary: The Molotov-Ribbentrop pact.
    source: {SRC}
  - date: 1939-10-10
    kind: mobilisation
    scale: partial
    end: 1939-10-13
    summary: Reservists called up.
    source: {SRC}
  - date: 1939-10-14
    kind: mobilisation
    scale: general
    end: 1940-03-13
    summary: General mobilisation.
    source: {SRC}
  - date: 1939-10-01
    kind: posture
    actor: Soviet Union
    type: buildup
    size: 450000
    confirmed: false
    summary: A build-up reported, not confirmed.
    source: {SRC}
  - date: 1939-11-01
    kind: posture
    actor: Soviet Union
    type: buildup
    size: 200000
    summary: A build-up confirmed.
    source: {SRC}
"""


@pytest.fixture
def profile(write):
    return loader.load_profiles([write("testfin.yaml", PROFILE)]).resolve("testfin")


def _at(profile, day):
    return Deriver(profile).derive(D(day)).values


def test_an_unconfirmed_build_up_counts_apart(profile):
    v = _at(profile, "1939-10-15")
    assert (v["buildups_active"], v["forces_massed_k"]) == (0, 0.0)
    assert (v["unconfirmed_buildups"], v["unconfirmed_forces_k"]) == (1, 450.0)
    assert _at(profile, "1939-10-31")["forces_massed_k_baseline"] == 0  # nor of the baseline
    v = _at(profile, "1939-11-05")
    assert (v["buildups_active"], v["forces_massed_k"], v["unconfirmed_buildups"]) == (1, 200.0, 1)


def test_a_pact_of_the_adversary_secures_its_other_front_while_it_holds(profile):
    assert not _at(profile, "1939-08-22")["second_front_secured"]
    v = _at(profile, "1939-08-23")
    assert v["second_front_secured"] and v["adversary_pacts"] == 1
    assert _at(profile, "1941-06-21")["second_front_secured"]
    assert not _at(profile, "1941-06-22")["second_front_secured"]  # end: the first day it no longer held


def test_mobilisation_partial_then_general(profile):
    assert not _at(profile, "1939-10-09")["mobilised"]
    v = _at(profile, "1939-10-13")
    assert v["mobilised"] and not v["mobilisation_general"]
    v = _at(profile, "1940-03-13")
    assert v["mobilised"] and v["mobilisation_general"]  # end: the last day
    assert not _at(profile, "1940-03-14")["mobilised"]


def test_hostile_states_and_borders_that_change_on_a_date(profile):
    v = _at(profile, "1939-12-01")
    assert (v["land_border_km"], v["hostile_border_km"]) == (1300, 1400)  # Soviet Union + Estonia
    v = _at(profile, "1940-04-09")
    assert (v["land_border_km"], v["hostile_border_km"]) == (1600, 1700)  # new border; Germany not yet hostile
    assert _at(profile, "1940-08-06")["hostile_border_km"] == 1600  # Estonia no longer listed as hostile
    assert _at(profile, "1941-06-25")["hostile_border_km"] == 2300  # Germany hostile: its flank counts
    assert profile.hostile(D("1941-01-01")) == ("Soviet Union",)
    assert set(profile.hostile()) == {"Soviet Union", "Germany", "Estonia"}


def test_a_guarantor_that_turns_hostile_protects_until_then(write):
    text = PROFILE.replace("events:\n", f"""events:
  - date: 1939-01-01
    kind: agreement
    party: Germany
    type: mutual_defence_treaty
    summary: A treaty.
    source: {SRC}
""", 1)
    p = loader.load_profiles([write("t.yaml", text)]).resolve("testfin")
    assert _at(p, "1941-06-24")["agreement_rank"] == 5
    v = _at(p, "1941-06-25")
    assert v["agreement_rank"] == 0 and v["adversary_assurance"]  # now the adversary's own assurance


def test_a_2_0_profile_gives_the_same_facts_without_the_new_constructs(write, profile):
    plain = PROFILE.split("borders:")[0].replace("    from: 1941-06-25          # a neighbour that turns hostile on a date\n", "")
    plain = plain.replace("    until: 1940-08-05\n", "") + "events:\n" + PROFILE.split("events:\n")[1]
    p = loader.load_profiles([write("plain.yaml", plain)]).resolve("testfin")
    assert p.borders == () and all(a.since is None and a.until is None for a in p.adversaries)
    assert _at(p, "1941-06-25")["hostile_border_km"] == 1400


@pytest.mark.parametrize("old,new,where", [
    ("type: non_aggression", "type: friendship", "type"),
    ("scale: general", "scale: total", "scale"),
    ("confirmed: false", "confirmed: perhaps", "confirmed"),
    ("{with: Germany, km: 700,", "{with: Sweden, km: 700,", "not a hostile state"),
    ("    until: 1940-08-05\n", "    until: 1937-08-05\n    from: 1938-01-01\n", "'until' 1937-08-05 is before 'from'"),
])
def test_a_wrong_construct_is_a_located_error(write, run, old, new, where):
    assert old in PROFILE
    f = write("bad.yaml", PROFILE.replace(old, new, 1))
    with pytest.raises(InputError):
        loader.load_profiles([f])
    out, _ = run("profiles", "validate", f, code=1)
    assert "bad.yaml:" in out and where in out
    _, err = run("assess", "testfin", "--profiles", f, "--date", "1939-11-05", code=2)
    assert "bad.yaml:" in err and where in err


def test_the_cli_reads_the_constructs(write, run):
    folder = write("p/testfin.yaml", PROFILE).parent
    run("profiles", "validate", folder)
    out, _ = run("rules", "facts", "testfin", "--profiles", folder, "--date", "1939-11-05", "--format", "json")
    doc = json.loads(out)
    f = doc["facts"]
    assert (f["second_front_secured"], f["adversary_pacts"], f["mobilised"], f["mobilisation_general"]) == (True, 1, True, True)
    assert (f["unconfirmed_buildups"], f["unconfirmed_forces_k"], f["hostile_border_km"]) == (1, 450.0, 1400)
    assert doc["evidence"]["second_front_secured"] and doc["evidence"]["unconfirmed_forces_k"]


def test_a_world_file_may_record_an_adversary_pact(write):
    w = write("w/soviet.yaml", f"""
        actor: Soviet Union
        events:
          - id: su-1941-04-13-neutrality-pact
            date: 1941-04-13
            kind: adversary_pact
            partner: Japan
            type: neutrality
            concerns: {{adversary_of: Soviet Union}}
            summary: The Soviet-Japanese neutrality pact.
            source: {SRC}
        """)
    # world records concern states of the registry: the country is named as one
    text = PROFILE.replace("    end: 1941-06-22\n", "    end: 1939-12-01\n", 1).replace("name: Testfin", "name: Finland")
    p = loader.load_profiles([write("p/t.yaml", text)], world=[w]).resolve("testfin")
    assert not _at(p, "1941-04-12")["second_front_secured"]
    v = _at(p, "1941-04-13")
    assert v["second_front_secured"] and v["adversary_pacts"] == 1
    assert world.neighbours(p) >= {"Soviet Union", "Germany"}


def test_a_scenario_can_mark_a_build_up_unconfirmed(write, run):
    """`set` reads confirmed as the profile format does (a what-if: the 2021-11-03 estimate doubted)."""
    sc = write("sc.yaml", """
        name: Doubted estimate
        description: What if the first estimate of the 2021 build-up had been reported but not confirmed?
        changes:
          - profile: ukraine
            set: {date: 2021-11-03, kind: posture}
            fields: {confirmed: false}
        """)
    base = json.loads(run("rules", "facts", "ukraine", "--date", "2021-11-20", "--format", "json")[0])["facts"]
    out, _ = run("rules", "facts", "ukraine", "--date", "2021-11-20", "--format", "json", "--scenario", sc)
    f = json.loads(out)["facts"]
    assert f["unconfirmed_buildups"] == base["unconfirmed_buildups"] + 1 and f["unconfirmed_forces_k"] > 0
    bad = write("bad.yaml", sc.read_text().replace("confirmed: false", "confirmed: doubtful"))
    _, err = run("rules", "facts", "ukraine", "--date", "2021-11-20", "--scenario", bad, code=2)
    assert "bad.yaml:" in err
