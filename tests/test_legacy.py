"""Format 2.1, legacies and peace (issue 16, task legacy): several ceasefires in one conflict,
campaigns, peace with a former adversary broken only by its own party, ceasefire mechanisms, and
the legacy facts that age (days_since_force, days_since_ceasefire, conflict_legacy)."""

from __future__ import annotations

import datetime as dt
import json
import textwrap

import pytest
from conftest import D
from hypothesis import given, settings
from hypothesis import strategies as st

from assessor import loader
from assessor.derive import MOVING, Deriver
from assessor.errors import InputError
from assessor.facts import MODEL

SRC = "{publisher: Test, title: T, date: 2020-01-01}"

HEAD = """
id: legacyland
name: Legacyland
alliance: none
adversary: Russia
adversaries:
  - name: Belarus
covers: {from: 2019-01-01, to: 2024-12-31}
events:
"""

WAR = f"""
  - date: 2020-03-01
    kind: conflict
    actor: Russia
    type: armed_conflict
    ceasefires:
      - date: 2020-04-01
        broken: 2020-06-01
        mechanisms: [monitors]
      - date: 2020-07-01
        mechanisms: [peacekeepers, buffer_zone]
    summary: A war with two ceasefires.
    source: {SRC}
"""

PEACE = f"""
  - date: 2021-01-01
    kind: peace
    party: Russia
    type: peace_declaration
    summary: A peace declaration with the former attacker.
    source: {SRC}
  - date: 2021-01-01
    kind: interim
    provider: Russia
    arrangement: security_assurance
    summary: The former attacker assures Legacyland.
    source: {SRC}
"""

OTHER_ATTACK = f"""
  - date: 2021-06-01
    kind: threat
    actor: Belarus
    type: attack
    severity: 5
    weighs_days: 60
    summary: Another hostile state attacks.
    source: {SRC}
"""

CLASHES = f"""
  - date: 2022-01-01
    kind: campaign
    actor: Russia
    type: clashes
    severity: 5
    fatalities: true
    end: 2022-03-01
    summary: Deadly clashes along the line for two months.
    source: {SRC}
  - date: 2022-05-01
    kind: campaign
    actor: Belarus
    type: coercion
    severity: 3
    summary: A campaign of coercion that lasts.
    source: {SRC}
"""


def load(write, *blocks, name="p.yaml"):
    return loader.load_profiles([write(name, HEAD + "".join(blocks))]).resolve("legacyland")


def facts(write, *blocks):
    d = Deriver(load(write, *blocks))
    return lambda day: d.derive(D(day)).values


def test_several_ceasefires_alternate_war_and_truce(write):
    f = facts(write, WAR)
    assert f("2020-04-01")["at_war"] and not f("2020-04-01")["ceasefire"]  # the ceasefire's day still fights
    v = f("2020-04-02")
    assert v["ceasefire"] and not v["at_war"] and v["ceasefire_mechanisms"] == 1
    assert v["days_since_ceasefire"] == 1 and v["days_since_force"] == 1
    assert f("2020-06-01")["at_war"] and "days_since_ceasefire" not in f("2020-06-01")  # broken: fighting again
    v = f("2020-07-02")
    assert v["ceasefire"] and v["ceasefire_mechanisms"] == 2 and v["days_since_ceasefire"] == 1
    assert f("2020-07-01")["conflict_legacy"] == 1.0 and f("2020-07-01")["days_since_force"] == 0


def test_a_single_ceasefire_date_still_reads_as_before(write):
    one = WAR.replace("""    ceasefires:
      - date: 2020-04-01
        broken: 2020-06-01
        mechanisms: [monitors]
      - date: 2020-07-01
        mechanisms: [peacekeepers, buffer_zone]
""", "    ceasefire: 2020-04-01\n")
    f = facts(write, one)
    assert f("2020-04-01")["at_war"] and f("2020-04-02")["ceasefire"] and f("2020-06-01")["ceasefire"]
    assert f("2020-06-01")["ceasefire_mechanisms"] == 0 and f("2020-06-01")["days_since_ceasefire"] == 61


def test_legacy_halves_every_half_life_and_mechanisms_and_peace_lower_it(write):
    f = facts(write, WAR)
    h = MODEL["legacy_half_life_years"]
    day = D("2020-07-01").toordinal() + round(h * 365.25)
    v = Deriver(load(write, WAR)).derive(dt.date.fromordinal(day)).values
    mech = max(MODEL["mechanism_floor"], MODEL["mechanism_factor"] ** 2)
    assert v["conflict_legacy"] == pytest.approx(0.5 * mech, abs=1e-3)
    with_peace = facts(write, WAR, PEACE)
    before, after = f("2021-02-01")["conflict_legacy"], with_peace("2021-02-01")["conflict_legacy"]
    assert after == pytest.approx(before * MODEL["settled_factor"], abs=1e-3)


def test_peace_with_a_former_attacker_holds_until_that_party_uses_force(write):
    f = facts(write, WAR, PEACE, OTHER_ATTACK, CLASHES)
    assert not f("2020-12-31")["peace_in_force"]
    v = f("2021-03-01")
    assert v["peace_in_force"] and v["peace_kind"] == "peace_declaration" and v["peace_rank"] == 1
    assert v["adversary_assurance"] and not v["assurance_broken"]
    v = f("2021-06-02")  # Belarus attacks: another hostile state's force breaks neither
    assert v["peace_in_force"] and not v["peace_broken"] and v["adversary_assurance"] and not v["assurance_broken"]
    assert v["attacked"] and v["days_since_force"] == 1
    v = f("2022-01-01")  # Russia's deadly clashes break both
    assert not v["peace_in_force"] and v["peace_broken"] and v["peace_kind"] == "none"
    assert v["assurance_broken"] and not v["adversary_assurance"]


def test_campaigns_are_active_until_their_end_and_deadly_clashes_are_force(write):
    f = facts(write, WAR, CLASHES)
    v = f("2022-02-01")
    assert v["campaign_active"] and v["clash_campaign"] and v["campaign_severity"] == 5
    assert v["attacked"] and v["days_since_force"] == 0 and v["conflict_legacy"] == 1.0
    v = f("2022-03-02")
    assert not v["campaign_active"] and v["days_since_force"] == 1 and v["conflict_legacy"] < 1
    v = f("2024-01-01")  # the coercion campaign without an end goes on; it is not a use of force
    assert v["campaign_active"] and not v["clash_campaign"] and v["campaign_severity"] == 3
    assert v["days_since_force"] == (D("2024-01-01") - D("2022-03-01")).days


def test_no_conflict_no_legacy(write):
    f = facts(write, f"""
  - date: 2020-01-01
    kind: threat
    actor: Russia
    type: statement
    severity: 2
    weighs_days: 30
    summary: Words only.
    source: {SRC}
""")
    v = f("2022-01-01")
    assert v["conflict_legacy"] == 0 and "days_since_force" not in v and "days_since_ceasefire" not in v
    assert v["peace_kind"] == "none" and v["ceasefire_mechanisms"] == 0 and not v["campaign_active"]


def test_the_moving_legacy_facts_are_declared_moving():
    assert {"days_since_force", "days_since_ceasefire", "conflict_legacy"} <= MOVING


@settings(max_examples=40, deadline=None)
@given(st.integers(min_value=0, max_value=5 * 365))
def test_stretch_reuse_equals_a_fresh_derive(tmp_path_factory, offset):
    """A fact computed from a stretch's cache equals the same day derived by a fresh deriver, and the
    legacy never rises while nothing happens (after the last event)."""
    path = tmp_path_factory.mktemp("p") / "p.yaml"
    path.write_text(textwrap.dedent(HEAD + WAR + PEACE + OTHER_ATTACK + CLASHES).lstrip("\n"), encoding="utf-8")
    p = loader.load_profiles([path]).resolve("legacyland")
    warm = Deriver(p)
    day = D("2020-01-01").toordinal() + offset
    for k in range(0, 400, 37):
        warm.derive(dt.date.fromordinal(day - k))
    assert warm.derive(dt.date.fromordinal(day)).values == Deriver(p).derive(dt.date.fromordinal(day)).values
    if day > D("2022-03-01").toordinal():
        a, b = (Deriver(p).derive(dt.date.fromordinal(x)).values["conflict_legacy"] for x in (day, day + 30))
        assert b <= a


@pytest.mark.parametrize("block,message", [
    (WAR.replace("    ceasefires:", "    ceasefire: 2020-04-01\n    ceasefires:"), "not both"),
    (WAR.replace("        broken: 2020-06-01\n", ""), "must say when it was broken"),
    (WAR.replace("broken: 2020-06-01", "broken: 2020-03-15"), "before the ceasefire's date"),
    (WAR.replace("type: armed_conflict", "type: occupation"), "give it on an armed_conflict"),
    (WAR.replace("[monitors]", "[blue_helmets]"), "is not one of"),
    (CLASHES.replace("    severity: 3\n", "    severity: 3\n    fatalities: false\n"), "'fatalities'"),
    (PEACE.replace("peace_declaration", "mutual_defence_treaty"), "is not one of"),
])
def test_wrong_constructs_are_refused_with_a_line(write, block, message):
    with pytest.raises(InputError) as err:
        load(write, block)
    text = str(err.value)
    assert message in text and "p.yaml:" in text, text


def test_cli_shows_the_legacy_facts_and_refuses_both_ceasefire_forms(run, write):
    path = write("p.yaml", HEAD + WAR + PEACE + CLASHES)
    out, _ = run("rules", "facts", "legacyland", "--profiles", path, "--date", "2021-03-01", "--format", "json")
    data = json.loads(out)
    values = data.get("facts", data)
    values = {f["name"]: f["value"] for f in values} if isinstance(values, list) else values
    assert values["peace_in_force"] is True and values["peace_kind"] == "peace_declaration"
    assert values["ceasefire_mechanisms"] == 2 and 0 < values["conflict_legacy"] < 1
    bad = write("bad.yaml", HEAD + WAR.replace("    ceasefires:", "    ceasefire: 2020-04-01\n    ceasefires:"))
    out, _ = run("profiles", "validate", bad, code=1)
    assert "bad.yaml:" in out and "not both" in out
    _, err = run("assess", "legacyland", "--profiles", bad, "--date", "2021-03-01", code=2)
    assert "bad.yaml:" in err and "not both" in err


def test_a_campaign_of_deadly_clashes_is_force_in_use_in_the_backtest(write):
    from assessor.backtest.baselines import record_force_days
    from assessor.backtest.outcomes import force_in_use
    p = load(write, WAR, CLASHES)
    d = Deriver(p)
    assert force_in_use(d.derive(D("2022-02-01")).values, D("2022-02-01"), [])  # deadly clashes going on
    assert not force_in_use(d.derive(D("2022-06-01")).values, D("2022-06-01"), [])  # coercion: below the threshold
    days = record_force_days(d)
    assert {D("2020-06-01"), D("2022-01-01"), D("2022-03-01")} <= set(days)  # a broken ceasefire, a campaign's days
    assert D("2022-05-01") not in days


def test_a_mechanism_counts_from_its_start_to_its_end(write):
    dated = WAR.replace("mechanisms: [peacekeepers, buffer_zone]", """mechanisms:
          - buffer_zone
          - {type: peacekeepers, from: 2020-08-01, end: 2021-12-31}""")
    f = facts(write, dated)
    assert [f(d)["ceasefire_mechanisms"] for d in ("2020-07-15", "2020-08-01", "2021-12-31", "2022-01-01")] == [1, 2, 2, 1]
    with pytest.raises(InputError) as err:
        load(write, dated.replace("end: 2021-12-31", "end: 2020-07-01"), name="q.yaml")
    assert "'end' is before 'from'" in str(err.value) and "q.yaml:" in str(err.value)


def test_the_bundled_records_age_their_legacies_and_count_the_armenian_peace():
    """On the sourced records: the 1953 armistice no longer weighs like a fresh ceasefire, and
    Armenia after the Washington declaration carries less legacy than before the 2022 offensive."""
    profiles = loader.load_profiles()
    korea = Deriver(profiles.resolve("south-korea")).derive(D("2024-06-01")).values
    # The last uses of force on record are the 2010 Cheonan sinking and Yeonpyeong shelling: some
    # fourteen years of ageing under two mechanisms leave a small fraction of a fresh legacy.
    assert korea["ceasefire"] and korea["conflict_legacy"] < 0.15 and korea["ceasefire_mechanisms"] == 2
    armenia = Deriver(profiles.resolve("armenia"))
    before, after = armenia.derive(D("2022-09-01")).values, armenia.derive(D("2025-08-20")).values
    assert after["peace_in_force"] and after["peace_kind"] == "peace_declaration" and not after["peace_broken"]
    assert not before["peace_in_force"] and after["conflict_legacy"] < before["conflict_legacy"]
    assert armenia.derive(D("2022-09-13")).values["conflict_legacy"] == 1.0  # fighting


def test_a_scenario_can_add_a_peace_and_make_clashes_deadly(write, run):
    path = write("p.yaml", HEAD + WAR + CLASHES.replace("    fatalities: true\n", "    fatalities: false\n"))
    sc = write("s.yaml", f"""
name: peace, then deadly clashes
changes:
  - profile: legacyland
    add:
      date: 2021-01-01
      kind: peace
      party: Russia
      type: non_aggression_pact
      summary: What if a pact had been signed.
      source: {SRC}
  - profile: legacyland
    set: {{date: 2022-01-01, kind: campaign}}
    fields: {{fatalities: true}}
""")
    out, _ = run("rules", "facts", "legacyland", "--profiles", path, "--scenario", sc, "--date", "2021-06-01",
                 "--format", "json")
    assert '"non_aggression_pact"' in out
    out, _ = run("rules", "facts", "legacyland", "--profiles", path, "--scenario", sc, "--date", "2022-02-01",
                 "--format", "json")
    data = json.loads(out)
    values = data.get("facts", data)
    values = {f["name"]: f["value"] for f in values} if isinstance(values, list) else values
    assert values["peace_broken"] is True and values["peace_in_force"] is False and values["attacked"] is True


def test_a_world_campaign_is_inherited_by_the_countries_it_concerns(write):
    profile = write("p.yaml", HEAD.replace("name: Legacyland", "name: Georgia") + WAR)  # a state of the registry
    world = write("w/russia-extra.yaml", f"""
actor: Russia
events:
  - id: test-coercion-campaign
    concerns: {{adversary_of: Russia}}
    date: 2023-01-01
    kind: campaign
    type: coercion
    severity: 3
    end: 2023-06-30
    summary: A campaign of coercion against several countries.
    source: {SRC}
""")
    p = loader.load_profiles([profile], world=[world]).resolve("legacyland")
    d = Deriver(p)
    v = d.derive(D("2023-03-01")).values
    assert v["campaign_active"] and v["campaign_severity"] == 3 and not v["clash_campaign"]
    assert not d.derive(D("2023-07-01")).values["campaign_active"]


def test_a_peace_counts_from_entry_into_force_until_it_ends_and_only_with_a_hostile_state(write):
    def peace(extra, party="Russia", kind="peace_treaty"):
        return f"""
  - date: 2021-01-01
    kind: peace
    party: {party}
    type: {kind}
{extra}    summary: A peace.
    source: {SRC}
"""
    assert not facts(write, peace("    pending: true\n"))("2021-06-01")["peace_in_force"]
    f = facts(write, peace("    pending: true\n    in_force: 2021-03-01\n    ended: 2022-01-01\n"))
    assert [f(d)["peace_kind"] for d in ("2021-02-01", "2021-03-01", "2021-12-31", "2022-01-01")] == \
        ["none", "peace_treaty", "peace_treaty", "none"]
    assert not facts(write, peace("", party="Finland"))("2021-06-01")["peace_in_force"]  # not a hostile state
    both = facts(write, peace("", kind="non_aggression_pact"), peace("", party="Belarus", kind="peace_declaration"))
    assert both("2021-06-01")["peace_rank"] == 2


def test_reports_name_campaigns_and_peace_in_words(write):
    from assessor import report
    p = load(write, WAR, PEACE, CLASHES)
    words = {e.kind: report._event_words(p, e) for e in p.events if e.kind in ("campaign", "peace")}
    assert words["peace"] == "the peace declaration with Russia"
    assert report._event_words(p, next(e for e in p.events if e.kind == "campaign")) == "a campaign of clashes by Russia"


@settings(max_examples=25, deadline=None)
@given(st.integers(min_value=0, max_value=400), st.integers(min_value=0, max_value=400),
       st.sampled_from([None, 100, 900]))
def test_one_ceasefire_reads_the_same_in_either_form(tmp_path_factory, start, pause, end_after):
    """A 2.0 'ceasefire: D' and a 2.1 'ceasefires: [{date: D}]' are the same record: every fact,
    every day."""
    begin = dt.date(2020, 1, 1) + dt.timedelta(days=start)
    cease = begin + dt.timedelta(days=pause)
    end = f"    end: {cease + dt.timedelta(days=end_after)}\n" if end_after else ""
    war = f"""
  - date: {begin}
    kind: conflict
    actor: Russia
    type: armed_conflict
    CEASE
{end}    summary: A war.
    source: {SRC}
"""
    folder = tmp_path_factory.mktemp("forms")
    derived = []
    for form in (f"ceasefire: {cease}", f"ceasefires: [{{date: {cease}}}]"):
        path = folder / f"{len(derived)}.yaml"
        path.write_text(textwrap.dedent(HEAD + war.replace("CEASE", form)).lstrip("\n"), encoding="utf-8")
        derived.append(Deriver(loader.load_profiles([path]).resolve("legacyland")))
    for k in range(0, 3000, 53):
        day = begin + dt.timedelta(days=k - 20)
        assert derived[0].derive(day).values == derived[1].derive(day).values, day


ATTACK = f"""
  - date: 2022-03-01
    kind: threat
    actor: Russia
    type: attack
    severity: 4
    weighs_days: 90
    summary: A single strike, short of war.
    source: {SRC}
"""


def test_an_incident_short_of_war_leaves_half_a_war_legacy(write):
    """An attack alone starts at MODEL["incident_legacy"] of a war's legacy and ages the same way;
    a war's fighting reads 1 and its legacy ages from its last fighting or ceasefire."""
    f = facts(write, ATTACK)
    half = MODEL["incident_legacy"]
    assert f("2022-02-28")["conflict_legacy"] == 0  # nothing on record before it
    assert f("2022-03-01")["conflict_legacy"] == pytest.approx(half, abs=1e-3)
    five_years = (D("2027-03-01") - D("2022-03-01")).days
    later = Deriver(load(write, ATTACK)).derive(D("2022-03-01") + dt.timedelta(days=five_years)).values
    assert later["conflict_legacy"] == pytest.approx(half * 0.5 ** (five_years / (MODEL["legacy_half_life_years"] * 365.25)), abs=1e-3)
    war = facts(write, WAR, ATTACK)  # the war's 2020 ceasefire is older than the 2022 attack
    v = war("2022-03-02")
    assert v["conflict_legacy"] >= half * MODEL["mechanism_factor"] ** 2 - 1e-3  # the incident, under the mechanisms
    assert war("2020-03-15")["conflict_legacy"] == 1.0  # fighting
