"""Format 2.1, protection and signals (issue 16 item 3): protection counted once per guarantor,
at its strongest, scaled by its credibility and local reach; support without a defence
obligation is not protection; a guarantee that excludes the contested territory covers it
less; what a protector does is read for every partner, with or without a treaty."""

from __future__ import annotations

import dataclasses
import json

import pytest
from conftest import D
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assessor import geo, loader, registry, spec
from assessor.derive import Deriver
from assessor.errors import InputError
from assessor.facts import FACTS, MODEL

SRC = "source: {publisher: Test, title: T, date: 2020-01-01}"
NEW_FACTS = ("defence_guarantee", "protection", "guarantors", "guarantor_count", "support_rank", "contested_covered",
             "guarantor_forces_present", "guarantor_forces_k", "guarantor_distance_km", "protector_withdrawal_365d",
             "protector_exclusion", "aid_refused_365d", "aid_granted_365d", "intervention", "defender_distance_km",
             "adversary_inside_guarantor", "guarantors_aligned_with_adversary")


def profile_text(events: str, *, name: str = "Treatyland", aliases: str = "[]", alliance: str = "none",
                 adversary: str = "Iran", attributes: str = "") -> str:
    """A profile no world record concerns (a fictional country has no point: its reach is 1)."""
    return f"""
id: {name.lower()}
name: {name}
aliases: {aliases}
alliance: {alliance}
adversary: {adversary}
covers: {{from: 2020-01-01, to: 2024-12-31}}
{attributes}
events:
  - {{date: 2020-01-01, kind: membership, status: none, summary: S, {SRC}}}
{events}
"""


def ev(line: str) -> str:
    return f"  - {{{line}, summary: S, {SRC}}}\n"


def load(write, text: str):
    return loader.load_profiles([write("p.yaml", text)]).profiles


def facts(write, text: str, day: str = "2022-06-01") -> dict:
    (p,) = load(write, text).values()
    return Deriver(p).derive(D(day)).values


TREATY = ev("date: 2020-02-01, kind: agreement, party: United States, type: mutual_defence_treaty")


def test_the_new_facts_are_in_the_catalogue_with_their_types():
    types = {n: FACTS[n].type for n in NEW_FACTS}
    assert types["protection"] == types["guarantor_count"] == types["support_rank"] == "number"
    assert types["defence_guarantee"] == types["contested_covered"] == types["intervention"] == "bool"
    assert types["guarantors"] == "text"
    assert not FACTS["guarantor_distance_km"].always and not FACTS["defender_distance_km"].always


def test_a_treaty_ally_is_protected_once_by_its_guarantor(write):
    alone = facts(write, profile_text(TREATY))
    stacked = facts(write, profile_text(
        TREATY
        + ev("date: 2020-03-01, kind: agreement, party: United States, type: defence_cooperation_agreement")
        + ev("date: 2020-03-02, kind: agreement, party: [United States], type: political_declaration")
        + ev("date: 2020-04-01, kind: signal, by: United States, type: forward_deployment, size: 2500")))
    assert alone["protection"] == pytest.approx(MODEL["obligation_weight"]["mutual_defence_treaty"])
    assert stacked["protection"] == alone["protection"]  # the same state's DCA, declaration and forces add nothing
    assert (stacked["guarantor_count"], stacked["guarantors"], stacked["support_rank"]) == (1, "United States", 0)
    assert stacked["guarantor_forces_present"] and stacked["guarantor_forces_k"] == 2.5
    assert alone["defence_guarantee"] and not alone["guarantor_forces_present"]


def test_stacking_the_same_state_s_agreements_leaves_a_distant_guarantee_as_it_was(write):
    """With a real distance: a US treaty with Kuwait reaches half (over 10,000 km); the US DCA on top
    changes nothing; US forces on the territory (a tripwire) bring the reach to 1, no further."""
    real = dict(name="Kuwait", aliases="[KW, KWT]", adversary="Iraq")
    alone = facts(write, profile_text(TREATY, **real))
    dca = facts(write, profile_text(
        TREATY + ev("date: 2020-03-01, kind: agreement, party: United States, type: defence_cooperation_agreement"), **real))
    assert alone["guarantor_distance_km"] > 10_000
    assert alone["protection"] == dca["protection"] == pytest.approx(MODEL["reach_floor"])
    forward = TREATY + ev("date: 2020-04-01, kind: signal, by: United States, type: forward_deployment")
    assert facts(write, profile_text(forward, **real))["protection"] == pytest.approx(1.0)
    withdrawn = forward + ev("date: 2022-01-01, kind: signal, by: United States, type: withdrawal")
    after = facts(write, profile_text(withdrawn, **real))
    assert after["protection"] == pytest.approx(MODEL["reach_floor"]) and not after["guarantor_forces_present"]
    assert after["protector_withdrawal_365d"] == 1


def test_an_agreement_without_a_defence_obligation_is_support_not_protection(write):
    v = facts(write, profile_text(ev("date: 2020-02-01, kind: agreement, party: United Kingdom, type: political_declaration")))
    assert (v["support_rank"], v["protection"], v["defence_guarantee"], v["guarantor_count"]) == (2, 0.0, False, 0)
    assert v["guarantors"] == "none" and "guarantor_distance_km" not in v


def test_a_mutual_assistance_clause_weighs_less_than_a_treaty(write):
    v = facts(write, profile_text(ev("date: 2020-02-01, kind: agreement, party: European Union, "
                                     "type: mutual_assistance_clause")))
    assert v["protection"] == pytest.approx(MODEL["obligation_weight"]["mutual_assistance_clause"])
    assert v["guarantors"] == "European Union"


def test_a_member_of_the_alliance_counts_inside_it(write):
    """The US inside NATO once: a bilateral US treaty with a NATO member adds no second guarantor."""
    member = ev("date: 2021-01-01, kind: membership, status: member")
    nato = facts(write, profile_text(member, alliance="NATO", adversary="Russia"))
    both = facts(write, profile_text(member + TREATY, alliance="NATO", adversary="Russia"))
    assert nato["guarantors"] == both["guarantors"] == "NATO"
    assert both["guarantor_count"] == 1 and both["protection"] == nato["protection"]


def test_a_unilateral_guarantee_protects_until_it_ends(write):
    text = profile_text(ev("date: 2021-03-31, kind: signal, by: [United Kingdom, France], type: guarantee, end: 2022-12-31"))
    before, during, after = (facts(write, text, d) for d in ("2021-03-30", "2022-06-01", "2023-01-01"))
    assert not before["defence_guarantee"] and after["protection"] == 0.0
    w = MODEL["obligation_weight"]["unilateral_guarantee"]
    assert during["guarantors"] == "France; United Kingdom" and during["guarantor_count"] == 2
    assert during["protection"] == pytest.approx(1 - (1 - w) ** 2)


def test_a_guarantee_that_excludes_the_contested_territory_covers_it_less(write):
    treaty = ev("date: 2020-02-01, kind: agreement, party: United States, type: mutual_defence_treaty, "
                "covers_contested: false")
    dispute = ev("date: 2021-01-01, kind: dispute, actor: Iran, territory: An island")
    quiet = facts(write, profile_text(treaty))
    disputed = facts(write, profile_text(treaty + dispute))
    assert quiet["contested_covered"] and quiet["protection"] == pytest.approx(1.0)
    assert not disputed["contested_covered"]
    assert disputed["protection"] == pytest.approx(MODEL["excluded_contested_factor"])
    covered = facts(write, profile_text(TREATY + dispute))
    assert covered["contested_covered"] and covered["protection"] == pytest.approx(1.0)


def test_an_alliance_whose_treaty_area_leaves_out_the_contested_territory_covers_it_less(write):
    """The North Atlantic Treaty's article 6 leaves out what lies south of the Tropic of Cancer (the Falkland
    Islands in 1982): a membership says so with covers_contested: false, read as a treaty's exclusion is —
    weighed at excluded_contested_factor while a dispute is active, as before without one."""
    def member(extra: str = "") -> str:
        return ev(f"date: 2020-06-01, kind: membership, status: member{extra}")

    dispute = ev("date: 2021-01-01, kind: dispute, actor: Iran, territory: An island")
    full = facts(write, profile_text(member() + dispute, alliance="NATO"))
    quiet = facts(write, profile_text(member(", covers_contested: false"), alliance="NATO"))
    left_out = facts(write, profile_text(member(", covers_contested: false") + dispute, alliance="NATO"))
    assert full["defence_guarantee"] and full["contested_covered"] and full["protection"] > 0
    assert quiet["contested_covered"] and quiet["protection"] == pytest.approx(full["protection"])
    assert not left_out["contested_covered"] and left_out["defence_guarantee"]
    assert left_out["protection"] == pytest.approx(full["protection"] * MODEL["excluded_contested_factor"])


def test_covers_contested_on_a_membership_other_than_member_is_a_located_error(write):
    path = write("p.yaml", profile_text(ev("date: 2021-01-01, kind: membership, status: applicant, "
                                            "covers_contested: false"), alliance="NATO"))
    with pytest.raises(InputError) as e:
        loader.load_profiles([path])
    assert f"{path.name}:" in str(e.value) and "covers_contested" in str(e.value) and "'applicant'" in str(e.value)


def test_signals_from_a_partner_without_a_treaty_count(write):
    us = "by: United States"
    text = profile_text(
        ev(f"date: 2022-01-12, kind: signal, {us}, type: exclusion")
        + ev(f"date: 2022-02-01, kind: signal, {us}, type: withdrawal")
        + ev(f"date: 2022-03-01, kind: signal, {us}, type: aid_refused")
        + ev("date: 2022-03-02, kind: signal, by: Germany, type: aid_granted")
        + ev(f"date: 2022-06-25, kind: signal, {us}, type: intervention, end: 2023-07-27")
        + ev("date: 2022-03-03, kind: signal, by: Iran, type: aid_granted"))  # the adversary's: ignored
    v = facts(write, text, "2022-05-01")
    assert (v["protector_exclusion"], v["protector_withdrawal_365d"], v["aid_refused_365d"], v["aid_granted_365d"]) \
        == (True, 1, 1, 1)
    assert not v["intervention"] and not v["defence_guarantee"]
    later = facts(write, text, "2022-07-01")
    assert later["intervention"] and not later["protector_exclusion"]  # the intervention lifts the exclusion
    assert facts(write, text, "2023-07-28")["intervention"] is False
    assert facts(write, text, "2023-03-02")["aid_refused_365d"] == 0  # a year on


def test_an_exclusion_stands_until_a_reaffirmation_or_its_end(write):
    excl = ev("date: 2022-01-12, kind: signal, by: United States, type: exclusion")
    assert facts(write, profile_text(excl), "2024-01-01")["protector_exclusion"]
    lifted = excl + ev("date: 2022-05-01, kind: signal, by: United States, type: reaffirmation")
    assert not facts(write, profile_text(lifted), "2022-05-01")["protector_exclusion"]
    by_other = excl + ev("date: 2022-05-01, kind: signal, by: France, type: reaffirmation")
    assert facts(write, profile_text(by_other), "2022-05-01")["protector_exclusion"]


def test_a_guarantor_s_refusal_of_aid_lowers_its_credibility_like_a_doubt(write):
    refusal = ev("date: 2022-03-01, kind: signal, by: United States, type: aid_refused")
    base = facts(write, profile_text(TREATY))
    v = facts(write, profile_text(TREATY + refusal))
    assert v["guarantee_credibility"] == pytest.approx(1 - MODEL["doubt_penalty"])
    assert v["protection"] == pytest.approx(base["protection"] * (1 - MODEL["doubt_penalty"]))
    no_treaty = facts(write, profile_text(refusal))
    assert no_treaty["guarantee_credibility"] == 1.0 and no_treaty["aid_refused_365d"] == 1


def test_credibility_is_per_guarantor(write):
    """A failure of one guarantor lowers its own share, not another's."""
    text = profile_text(TREATY + ev("date: 2020-02-01, kind: agreement, party: United Kingdom, type: mutual_defence_treaty")
                        + ev("date: 2022-01-01, kind: signal, by: United Kingdom, type: failure"))
    v = facts(write, text, "2022-01-01")
    assert v["protection"] == pytest.approx(1.0)  # the United States' own share is whole
    assert v["guarantee_credibility"] == pytest.approx(1 - MODEL["failure_penalty"])


def test_defender_distance_is_a_fact_when_given(write):
    attr = ("attributes:\n  defender_distance_km: {value: 12700, source: {publisher: Test, title: T, date: 2020-01-01}}")
    assert facts(write, profile_text("", attributes=attr))["defender_distance_km"] == 12700
    assert "defender_distance_km" not in facts(write, profile_text(""))


@pytest.mark.parametrize("line,where", [
    ("date: 2022-01-01, kind: signal, by: United States, type: doubt, size: 10", "size"),
    ("date: 2022-01-01, kind: signal, by: United States, type: doubt, covers_contested: false", "covers_contested"),
    ("date: 2022-01-01, kind: signal, by: United States, type: forward_deployment, size: many", "size"),
    ("date: 2022-01-01, kind: signal, by: United States, type: walkout", "type"),
])
def test_a_wrong_format_2_1_construct_is_a_located_error(write, line, where):
    path = write("p.yaml", profile_text(ev(line)))
    with pytest.raises(InputError) as e:
        loader.load_profiles([path])
    assert f"{path.name}:" in str(e.value) and where in str(e.value)


def test_a_wrong_defender_distance_is_a_located_error(write):
    attr = "attributes:\n  defender_distance_km: {value: far, source: {publisher: Test, title: T, date: 2020-01-01}}"
    with pytest.raises(InputError, match="defender_distance_km must be a number"):
        loader.load_profiles([write("p.yaml", profile_text("", attributes=attr))])


# ------------------------------------------------------------------ invariants (Hypothesis)

GIVERS = ("United States", "United Kingdom", "France", "Germany", "European Union", "Iran")
TYPES = spec.AGREEMENT_TYPES


def _event(kind: str, day: str, **details):
    return (kind, D(day), details)


instruments = st.lists(st.tuples(
    st.sampled_from(("agreement", "guarantee", "doubt", "failure", "aid_refused", "forward_deployment")),
    st.sampled_from(GIVERS), st.sampled_from(TYPES), st.integers(0, 900), st.booleans()), max_size=6)


@pytest.fixture(scope="module")
def base_profile(tmp_path_factory):
    path = tmp_path_factory.mktemp("p") / "p.yaml"
    path.write_text(profile_text(ev("date: 2021-01-01, kind: dispute, actor: Iran, territory: An island"),
                                 name="Kuwait", aliases="[KW, KWT]", adversary="Iran"), encoding="utf-8")
    (p,) = loader.load_profiles([path]).profiles.values()
    return p


def _with(p, items):
    template = p.events[0]
    extra = []
    for what, giver, type_, offset, covers in items:
        day = D("2020-06-01").fromordinal(D("2020-06-01").toordinal() + offset)
        if what == "agreement":
            details = {"party": giver, "type": type_, "covers_contested": covers}
            extra.append(dataclasses.replace(template, date=day, kind="agreement", details=details))
        else:
            details = {"by": giver, "type": what, **({"covers_contested": covers} if what == "guarantee" else {})}
            extra.append(dataclasses.replace(template, date=day, kind="signal", details=details))
    return dataclasses.replace(p, events=tuple(sorted(p.events + tuple(extra), key=lambda e: e.date)))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(items=instruments, giver=st.sampled_from(GIVERS), offset=st.integers(0, 900), covers=st.booleans(),
       day=st.integers(0, 1400))
def test_adding_a_guarantee_never_lowers_protection(base_profile, items, giver, offset, covers, day):
    date = D("2020-06-01").fromordinal(D("2020-06-01").toordinal() + day)
    before = Deriver(_with(base_profile, items)).derive(date).values
    after = Deriver(_with(base_profile, items + [("guarantee", giver, TYPES[0], offset, covers)])).derive(date).values
    assert 0.0 <= before["protection"] <= 1.0 and 0.0 <= after["protection"] <= 1.0
    assert after["protection"] >= before["protection"]
    assert after["guarantor_count"] >= before["guarantor_count"]
    assert before["defence_guarantee"] == (before["guarantor_count"] > 0)


# ------------------------------------------------------------------ locations

def test_state_points_are_offline_and_match_the_bundled_shapes():
    pytest.importorskip("shapefile")
    shipped = json.loads(geo.points_path().read_text(encoding="utf-8"))
    assert shipped == json.loads(geo.points_text(geo.extract())), "regenerate: python -m assessor.geo"


def test_distances_between_neighbours_and_across_oceans():
    reg = registry.default()
    near = geo.distance_km(geo.point(reg, "Estonia"), geo.point(reg, "Latvia"))
    far = geo.distance_km(geo.point(reg, "United States"), geo.point(reg, "Japan"))
    assert near < 400 < 8_000 < far < 12_000
    assert geo.point(reg, "NATO") is None  # an organisation has no point of its own: its nearest member's


# ------------------------------------------------------------------ through the CLI

def test_explain_json_shows_the_protection_facts(write, run):
    path = write("p.yaml", profile_text(TREATY + ev("date: 2022-03-01, kind: signal, by: United States, type: aid_granted")))
    out, _ = run("explain", "treatyland", "--date", "2022-06-01", "--format", "json", "--profiles", path, "--no-defaults")
    f = json.loads(out)["facts"]
    assert (f["protection"], f["defence_guarantee"], f["guarantors"], f["aid_granted_365d"]) == (1.0, True, "United States", 1)
    out, _ = run("rules", "facts")
    for name in NEW_FACTS:
        assert name in out


def test_validate_refuses_a_size_on_a_doubt_with_file_and_line(write, run):
    path = write("p.yaml", profile_text(ev("date: 2022-01-01, kind: signal, by: United States, type: doubt, size: 10")))
    out, _ = run("profiles", "validate", path, code=1)  # validate: 1, a problem found (loading it elsewhere: 2)
    assert f"{path.name}:10:" in out and "forward_deployment" in out
    run("assess", "treatyland", "--profiles", path, "--no-defaults", code=2)


def test_rules_facts_json_shows_the_values_and_their_evidence(write, run):
    path = write("p.yaml", profile_text(
        TREATY + ev("date: 2022-01-12, kind: signal, by: France, type: exclusion")
        + ev("date: 2020-02-02, kind: agreement, party: United Kingdom, type: political_declaration")))
    out, _ = run("rules", "facts", "treatyland", "--date", "2022-06-01", "--format", "json", "--profiles", path,
                 "--no-defaults")
    doc = json.loads(out)
    f, evidence = doc["facts"], doc["evidence"]
    assert (f["support_rank"], f["guarantor_count"], f["protector_exclusion"]) == (2, 1, True)
    assert [e["date"] for e in evidence["protection"]] == ["2020-02-01"]  # the treaty, once
    assert [e["date"] for e in evidence["support_rank"]] == ["2020-02-02"]
    assert [e["date"] for e in evidence["protector_exclusion"]] == ["2022-01-12"]


def test_a_guarantor_allied_with_the_adversary_protects_half(write):
    """An adversary_pact whose partner is the country's guarantor (Russia's allied declaration with
    Azerbaijan, 2022) halves that guarantor's protection while it holds; another state's pact does not."""
    alone = facts(write, profile_text(TREATY))
    pact = ev("date: 2021-01-01, kind: adversary_pact, actor: Iran, partner: United States, type: alliance, end: 2023-01-01")
    courted = facts(write, profile_text(TREATY + pact))
    after = facts(write, profile_text(TREATY + pact), day="2023-06-01")
    other = facts(write, profile_text(TREATY + pact.replace("partner: United States", "partner: China")))
    assert courted["protection"] == pytest.approx(alone["protection"] * MODEL["courting_factor"])
    assert after["protection"] == alone["protection"] and other["protection"] == alone["protection"]
    # ... and the explanation names the guarantor weighed down, only while the pact holds
    assert courted["guarantors_aligned_with_adversary"] == "United States with Iran"
    assert after["guarantors_aligned_with_adversary"] == other["guarantors_aligned_with_adversary"] == "none"


def test_a_state_hostile_only_later_still_protects_before(write, tmp_path):
    """Nothing after the date counts: a guarantor that turns hostile in 2030 protects in 2021 exactly
    as if it never turned (found by a stranger's review: the protection part read every state ever
    hostile)."""
    from pathlib import Path

    text = (Path(__file__).resolve().parent.parent / "profiles" / "armenia.yaml").read_text(encoding="utf-8")
    later = text.replace("adversaries:\n", "adversaries:\n  - name: Russia\n    from: 2030-01-01\n", 1)
    assert later != text
    a, b = (Deriver(loader.load_profiles([write(n, t)]).resolve("armenia")).derive(D("2021-06-01")).values
            for n, t in (("a/armenia.yaml", text), ("b/armenia.yaml", later)))
    assert b["protection"] == a["protection"] > 0 and b["guarantors"] == a["guarantors"]


# ------------------------------------------------------------------ an adversary inside the alliance (run 17)

def _inside_profile(alliance: str, adversary: str, joined: str, extra: str = "", adversaries: str = "") -> str:
    return f"""
id: insider
name: Insider
alliance: {alliance}
adversary: {adversary}
{adversaries}
covers: {{from: 2020-01-01, to: 2024-12-31}}
events:
  - {{date: {joined}, kind: membership, status: member, summary: S, {SRC}}}
{extra}
"""


def test_an_alliance_does_not_protect_a_member_against_a_state_inside_it(write):
    """Collective defence is a promise against attack from outside (Krebs 1999 on NATO and the
    Greek-Turkish crises; the Warsaw Pact's invasions of 1956 and 1968): a NATO member facing
    Turkey is not protected by NATO; facing Iran it is."""
    turkey = facts(write, _inside_profile("NATO", "Turkey", "2020-01-01"))
    iran = facts(write, _inside_profile("NATO", "Iran", "2020-01-01"))
    assert iran["protection"] > 0 and iran["guarantors"] == "NATO" and iran["adversary_inside_guarantor"] == "none"
    assert turkey["protection"] == 0 and not turkey["defence_guarantee"] and turkey["guarantors"] == "none"
    assert turkey["adversary_inside_guarantor"] == "NATO: Turkey"


def test_a_member_s_own_treaty_still_counts_when_its_alliance_holds_the_adversary(write):
    """The alliance is not counted, so its members are not folded into it: the United States'
    own treaty with the country is protection on its own."""
    alone = facts(write, _inside_profile("NATO", "Turkey", "2020-01-01"))
    treaty = facts(write, _inside_profile("NATO", "Turkey", "2020-01-01", TREATY))
    assert alone["protection"] == 0
    assert treaty["protection"] > 0 and treaty["guarantors"] == "United States"


def test_a_state_turning_hostile_inside_the_alliance_removes_its_protection_from_that_day(write):
    """Format 2.1's dated hostility: protection against the least-covered hostile state, so NATO
    protects a member facing Iran until Turkey turns hostile, and not after."""
    text = _inside_profile("NATO", "Iran", "2020-01-01",
                           adversaries="adversaries:\n  - name: Turkey\n    from: 2022-01-01\n")
    before, after = facts(write, text, day="2021-06-01"), facts(write, text, day="2022-06-01")
    assert before["protection"] > 0 and before["adversary_inside_guarantor"] == "none"
    assert after["protection"] == 0 and after["adversary_inside_guarantor"] == "NATO: Turkey"


def _explained_without_protection(run, path, country: str, date: str, named: str) -> None:
    """The explanation says why an organisation or treaty with the adversary inside does not protect."""
    out, _ = run("explain", country, "--date", date, "--profiles", str(path), "--format", "json")
    fired = {c["rule"]: c for c in json.loads(out)["contributions"]}
    assert "defence-guarantee" not in fired
    assert fired["alliance-with-adversary"]["points"] == 0
    assert named in fired["alliance-with-adversary"]["reason"]
    assert fired["partner-without-guarantee"]["points"] == 5


def test_the_explanation_says_why_the_membership_does_not_protect(write, run):
    path = write("insider.yaml", _inside_profile("Warsaw Pact", "Soviet Union", "1955-05-14").replace(
        "2020-01-01, to: 2024-12-31", "1967-01-01, to: 1968-08-19"))
    _explained_without_protection(run, path, "insider", "1968-08-01", "Warsaw Pact: Soviet Union")


HOSTILE_CHOICES = ("Turkey", "Russia", "China", "Germany", "Hungary", "North Korea")


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(extra=st.lists(st.tuples(st.sampled_from(HOSTILE_CHOICES), st.integers(0, 1400)), max_size=3, unique_by=lambda t: t[0]),
       turning=st.sampled_from(HOSTILE_CHOICES), alliance=st.sampled_from(("NATO", "none", "CSTO")),
       day=st.integers(0, 1800))
def test_a_state_turning_hostile_never_raises_protection(write, extra, turning, alliance, day):
    """Protection is read against the hostile state the guarantors cover least: one more hostile
    state, inside an alliance or outside it, can only keep or lower it."""
    def text(names):
        rows = "".join(f"  - name: {n}\n    from: {D('2020-01-01').fromordinal(D('2020-01-01').toordinal() + o)}\n"
                       for n, o in names)
        return _inside_profile(alliance, "Iran", "2019-06-01", TREATY, adversaries=("adversaries:\n" + rows) if rows else "")
    if turning in {n for n, _ in extra}:
        return
    date = str(D("2020-01-01").fromordinal(D("2020-01-01").toordinal() + day))
    before = facts(write, text(extra), day=date)
    after = facts(write, text(extra + [(turning, 0)]), day=date)
    assert after["protection"] <= before["protection"]


def test_a_guarantor_allied_with_a_hostile_state_protects_half(write):
    """Run 18: a guarantor state in an alliance with a hostile state (the United States in NATO
    with Turkey) weighs its protection by the courting factor, as one with an adversary_pact does."""
    iran = facts(write, profile_text(TREATY, adversary="Iran"))
    turkey = facts(write, profile_text(TREATY, adversary="Turkey"))
    assert iran["protection"] > 0
    assert turkey["protection"] == pytest.approx(iran["protection"] * MODEL["courting_factor"], abs=1e-3)
    assert (iran["guarantors_aligned_with_adversary"], turkey["guarantors_aligned_with_adversary"]) == (
        "none", "United States with Turkey")


def test_a_guarantor_s_ally_becoming_the_adversary_s_ally_is_read_from_that_day(write):
    """Segments break where a guarantor's alliance gains a member: the United States' guarantee of a
    country facing Turkey is halved from Turkey's accession to NATO (1952-02-18), not from the next
    unrelated change of the record."""
    text = profile_text(ev("date: 1950-01-01, kind: agreement, party: United States, type: mutual_defence_treaty"),
                        adversary="Turkey").replace("2020-01-01, to: 2024-12-31", "1950-01-01, to: 1953-12-31")
    text = text.replace("date: 2020-01-01, kind: membership", "date: 1950-01-01, kind: membership")
    (p,) = load(write, text).values()
    d = Deriver(p)
    before, after = d.derive(D("1952-02-17")).values, d.derive(D("1952-02-18")).values
    assert before["protection"] > 0
    assert after["protection"] == pytest.approx(before["protection"] * MODEL["courting_factor"], abs=1e-3)


def test_the_explanation_names_the_member_and_the_hostile_state_it_is_aligned_with(write):
    """A member state folded into its alliance and pledged to the adversary is named with the
    alliance and the hostile state (not 'CSTO: Russia', which reads as if Russia were the
    adversary): Armenia's CSTO after Russia's allied declaration with Azerbaijan (2022)."""
    from assessor.derive import _aligned_text

    assert _aligned_text("CSTO", {("Russia", "Azerbaijan")}) == "Russia (in CSTO) with Azerbaijan"
    assert _aligned_text("Poland", {("Poland", "Soviet Union")}) == "Poland with Soviet Union"
    assert _aligned_text("X", {("X", "B"), ("X", "A")}) == "X with A, B"
    pact = ev("date: 2021-01-01, kind: adversary_pact, actor: Iran, partner: United States, type: alliance")
    got = facts(write, profile_text(TREATY + pact))
    assert got["guarantors_aligned_with_adversary"] == "United States with Iran"


# ------------------------------------------------------------------ a treaty binding the adversary too (run 65)

def _multi(parties: str, date: str = "2020-03-01") -> str:
    return ev(f"date: {date}, kind: agreement, party: [{parties}], type: mutual_defence_treaty")


def test_a_treaty_with_the_adversary_among_its_parties_does_not_protect_against_it(write):
    """Run 65 (rules 3.2.0): a treaty of the record with several parties that binds a hostile
    state too is a collective-security promise, kept by mediating rather than by fighting that
    state (Claude 1962; the Rio Treaty in 1969 and 1995): it protects no one against it, as run 17's
    organisation does not; against a state outside it, it protects as before."""
    treaty = _multi("United States, Brazil, Iran")
    iran = facts(write, profile_text(treaty, adversary="Iran"))
    iraq = facts(write, profile_text(treaty, adversary="Iraq"))
    assert iraq["protection"] > 0 and iraq["guarantors"] == "Brazil; Iran; United States"
    assert iraq["adversary_inside_guarantor"] == "none"
    assert iran["protection"] == 0 and not iran["defence_guarantee"] and iran["guarantors"] == "none"
    assert iran["adversary_inside_guarantor"] == "treaty of 2020-03-01 (United States, Brazil): Iran"


def test_a_bilateral_treaty_with_the_adversary_is_read_as_before(write):
    """A treaty whose only other party is the hostile state is that state's own assurance, void
    while it is hostile; it names no organisation the adversary is inside."""
    alone = facts(write, profile_text(_multi("Iran"), adversary="Iran"))
    assert alone["protection"] == 0 and alone["adversary_inside_guarantor"] == "none"


def test_a_guarantor_bound_to_the_adversary_by_a_treaty_is_allied_with_it(write):
    """Run 4's courting factor, read from a treaty of the record as it is from the registry: the
    United States' own treaty with the country counts at half while it shares a treaty with Iran."""
    own = facts(write, profile_text(TREATY, adversary="Iran"))
    both = facts(write, profile_text(TREATY + _multi("United States, Brazil, Iran"), adversary="Iran"))
    assert own["protection"] > 0 and own["guarantors_aligned_with_adversary"] == "none"
    assert both["protection"] == pytest.approx(own["protection"] * MODEL["courting_factor"], abs=1e-3)
    assert both["guarantors"] == "United States"
    assert both["guarantors_aligned_with_adversary"] == "United States with Iran"


def test_a_treaty_protects_until_its_party_turns_hostile(write):
    text = profile_text(_multi("United States, Brazil, Iran"), adversary="Iraq",
                        attributes="adversaries:\n  - name: Iran\n    from: 2022-01-01\n")
    before, after = facts(write, text, day="2021-06-01"), facts(write, text, day="2022-06-01")
    assert before["protection"] > 0 and before["adversary_inside_guarantor"] == "none"
    assert after["protection"] == 0
    assert after["adversary_inside_guarantor"] == "treaty of 2020-03-01 (United States, Brazil): Iran"


def test_a_joint_guarantee_with_the_adversary_among_its_givers_does_not_protect(write):
    """The same reading for a guarantee given jointly (the Treaty of Guarantee of Cyprus, 1960)."""
    text = profile_text(ev("date: 2020-03-01, kind: signal, type: guarantee, by: [United Kingdom, Greece, Turkey]"),
                        adversary="Turkey")
    got = facts(write, text)
    assert got["protection"] == 0
    assert got["adversary_inside_guarantor"] == "guarantee of 2020-03-01 (United Kingdom, Greece): Turkey"


def test_the_explanation_says_why_the_treaty_does_not_protect(write, run):
    path = write("treatyland.yaml", profile_text(_multi("United States, Brazil, Iran"), adversary="Iran"))
    _explained_without_protection(run, path, "treatyland", "2022-06-01", "treaty of 2020-03-01 (United States, Brazil): Iran")


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(parties=st.lists(st.sampled_from(("United States", "Brazil", "France") + HOSTILE_CHOICES), min_size=1,
                        max_size=4, unique=True),
       extra=st.lists(st.sampled_from(HOSTILE_CHOICES), max_size=2, unique=True),
       turning=st.sampled_from(HOSTILE_CHOICES), day=st.integers(0, 1800))
def test_a_state_turning_hostile_never_raises_protection_under_treaties(write, parties, extra, turning, day):
    """The weakest-link reading holds for treaties of the record too: a treaty with any set of
    parties, beside a bilateral one, never protects more when one more state is hostile."""
    if turning in extra:
        return
    events = TREATY + _multi(", ".join(parties))

    def text(names):
        rows = "".join(f"  - name: {n}\n    from: 2020-01-01\n" for n in names)
        return profile_text(events, adversary="Iran", attributes=("adversaries:\n" + rows) if rows else "")
    date = str(D("2020-01-01").fromordinal(D("2020-01-01").toordinal() + day))
    before = facts(write, text(extra), day=date)
    after = facts(write, text(extra + [turning]), day=date)
    assert after["protection"] <= before["protection"] + 1e-12


def test_two_treaties_of_one_day_with_the_same_other_parties_name_every_hostile_state(write):
    """Run 67 (rules 3.2.1): instruments sharing a label (same day, same other parties) merge their
    hostile states in the explanation; before, the second overwrote the first."""
    text = profile_text(_multi("United States, Iran") + _multi("United States, Iraq"), adversary="Iran",
                        attributes="adversaries:\n  - name: Iraq\n    from: 2020-01-01\n")
    got = facts(write, text)
    assert got["protection"] == 0
    assert got["adversary_inside_guarantor"] == "treaty of 2020-03-01 (United States): Iran, Iraq"


def test_a_treaty_whose_other_parties_are_all_hostile_is_named_without_friends(write):
    text = profile_text(_multi("Greece, Turkey"), adversary="Turkey",
                        attributes="adversaries:\n  - name: Greece\n    from: 2020-01-01\n")
    assert facts(write, text)["adversary_inside_guarantor"] == "treaty of 2020-03-01: Greece, Turkey"


def test_a_treaty_partner_inside_the_country_s_alliance_does_not_halve_the_alliance(write):
    """Run 67 (rules 3.2.1), as the declaration of run 65 read it: a treaty partner of a hostile
    state is allied with it as the registry's alliances are, and that reading never halves the
    country's own alliance (a NATO member facing Pakistan keeps NATO whole when the United States
    shares a treaty with Pakistan); the treaty itself still protects no one against Pakistan."""
    plain = facts(write, _inside_profile("NATO", "Pakistan", "2020-01-01"))
    treaty = facts(write, _inside_profile("NATO", "Pakistan", "2020-01-01", _multi("United States, Brazil, Pakistan")))
    assert plain["protection"] > 0 and plain["guarantors"] == "NATO"
    assert treaty["protection"] == pytest.approx(plain["protection"]) and treaty["guarantors"] == "NATO"
    assert treaty["guarantors_aligned_with_adversary"] == "none"
    assert treaty["adversary_inside_guarantor"] == "treaty of 2020-03-01 (United States, Brazil): Pakistan"


@pytest.mark.parametrize("order", ["forward", "backward"])
def test_a_treaty_s_protection_changes_on_the_days_its_party_turns_and_stops_being_hostile(write, order):
    """One deriver, consecutive days around both ends of the party's hostility, in either order:
    the protection segment breaks on those days and no stretch is read from a cache of the other side."""
    text = profile_text(_multi("United States, Brazil, Iran"), adversary="Iraq",
                        attributes="adversaries:\n  - name: Iran\n    from: 2022-01-01\n    until: 2023-01-01\n")
    (p,) = load(write, text).values()
    d = Deriver(p)
    days = ["2021-12-31", "2022-01-01", "2023-01-01", "2023-01-02"]  # `until` is inclusive (docs/profiles.md)
    seen = {day: d.derive(D(day)).values["protection"] for day in (days if order == "forward" else days[::-1])}
    assert seen["2021-12-31"] > 0 and seen["2023-01-02"] == pytest.approx(seen["2021-12-31"])
    assert seen["2022-01-01"] == 0 and seen["2023-01-01"] == 0
