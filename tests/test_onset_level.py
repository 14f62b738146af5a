"""The backtest's war reading (``--onset-level war``, the declaration of run 68): only the onsets of a war
are predicted, and days of lesser force -- a campaign of deadly clashes, an attack's aftermath -- are
measured for the war to come instead of being left out, so that an escalation to war from clashes
already going on is still tested."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from assessor import backtest
from assessor.assess import Assessor
from assessor.backtest import Options
from assessor.backtest.outcomes import WAR_KINDS, war_onsets

SRC = "{publisher: Test, title: T, date: 2019-01-01}"

PROFILE = f"""
id: warland
name: Warland
alliance: none
adversary: Russia
covers: {{from: 2019-01-01, to: 2022-12-31}}
events:
  - date: 2020-01-01
    kind: campaign
    actor: Russia
    type: clashes
    severity: 5
    fatalities: true
    end: 2021-06-30
    summary: Deadly clashes along the line for eighteen months.
    source: {SRC}
  - date: 2021-07-01
    kind: conflict
    actor: Russia
    type: armed_conflict
    ceasefire: 2021-09-01
    summary: The adversary invades.
    source: {SRC}
"""

OUTCOMES = f"""
outcomes:
  - country: warland
    date: 2020-01-01
    kind: attack
    summary: The first deadly clash.
    source: {SRC}
  - country: warland
    date: 2021-07-01
    kind: invasion
    summary: The invasion.
    source: {SRC}
"""


@pytest.fixture
def files(write):
    return write("p/warland.yaml", PROFILE).parent, write("o.yaml", OUTCOMES)


def _run(files, level):
    folder, outcomes = files
    a = Assessor.load(profiles=[str(folder)])
    data, _ = backtest.among(backtest.load_outcomes(outcomes), lambda c: c == "warland")
    return backtest.run(a, data, options=Options(resamples=0, include_unlisted=False, onset_level=level))


def _country(doc):
    return next(c for c in doc["countries"] if c["country"] == "warland")


def test_the_war_reading_measures_the_clashes_before_an_invasion(files):
    force, war = _run(files, "force"), _run(files, "war")
    assert force["definition"]["onset_level"] == "force" and war["definition"]["onset_level"] == "war"
    # Every use of force: the 90 days before the first clash are the only positives; the clashes' days,
    # so every day before the invasion, are force in use and left out.
    assert _country(force)["onsets"] == 2 and _country(force)["onset_days"] == 90
    assert [o["date"] for o in force["onsets"] if o["country"] == "warland"] == ["2020-01-01", "2021-07-01"]
    # The war reading: only the invasion is an onset, and its 90 days before, inside the clashes, are measured.
    assert _country(war)["onsets"] == 1 and _country(war)["onset_days"] == 90
    assert [o["date"] for o in war["onsets"] if o["country"] == "warland"] == ["2021-07-01"]
    # inside the clashes the record holds, the invasion continues the first clash's episode (no listed onset
    # lies in the 90 days before it); in the war reading it starts a war's episode
    assert [o["continues"] for o in force["onsets"] if o["country"] == "warland"] == [None, "2020-01-01"]
    assert [o["continues"] for o in war["onsets"] if o["country"] == "warland"] == [None]
    assert force["lead_summary"][0]["onsets"] == 1 and war["lead_summary"][0]["onsets"] == 1
    clash_days = (dt.date(2021, 6, 30) - dt.date(2020, 1, 1)).days + 1
    # the campaign's days are measured in the war reading (left out in the other)
    assert force["excluded_days"]["force_in_use"] - war["excluded_days"]["force_in_use"] >= clash_days - 90
    assert _country(war)["days"] - _country(force)["days"] >= clash_days - 90


def test_war_onsets_are_invasions_and_armed_conflicts_unless_the_file_marks_them():
    """By kind, unless the entry says (run 70): the bundled file marks first acts that began a war (Peru's
    seizure of 1995-01-09) and invasions that began none (the Bay of Pigs), and war_onsets follows the marks."""
    onsets = list(backtest.load_outcomes())
    kept = {(o.country, o.date) for o in war_onsets(onsets)}
    for o in onsets:
        assert ((o.country, o.date) in kept) == (o.war if o.war is not None else o.kind in WAR_KINDS)
    assert ("peru-1995", dt.date(1995, 1, 9)) in kept and ("cuba-1959", dt.date(1961, 4, 17)) not in kept
    assert any(o.war and o.kind not in WAR_KINDS for o in onsets)
    assert any(o.war is False and o.kind in WAR_KINDS for o in onsets)


def test_the_cli_takes_the_onset_level_and_says_it(run, files):
    folder, outcomes = files
    out, _ = run("backtest", "--profiles", folder, "--outcomes", outcomes, "--resamples", 0, "--onset-level", "war")
    assert "onsets of war (--onset-level war" in out and "a war already going on" in out
    doc = json.loads(run("backtest", "--profiles", folder, "--outcomes", outcomes, "--resamples", 0,
                         "--onset-level", "war", "--format", "json")[0])
    assert doc["definition"]["onset_level"] == "war" and doc["definition"]["outcome"].startswith("onset of a war")
    _, err = run("backtest", "--onset-level", "peace", code=2)
    assert "'peace' is not one of 'force', 'war'" in err


def test_an_unknown_onset_level_is_refused_in_the_library():
    with pytest.raises(ValueError, match="onset level 'peace'"):
        Options(onset_level="peace")


# ----------------------------------------------------------------------------- the bootstrap's unit (run 69)

def test_a_state_is_one_cluster_and_records_of_distinct_states_draw_as_before():
    """With one record per state, drawing states is drawing records: every figure is the same. With two
    records of one state, the state's draw weights both, so the intervals differ but no point estimate."""
    from assessor import loader
    from assessor.backtest.run import state_of

    bundled = loader.default_dir("profiles")
    names = ["kuwait-1990", "finland-1939", "norway-1940", "estonia", "philippines"]
    a = Assessor.load(profiles=[str(bundled / f"{n}.yaml") for n in names])
    assert len({state_of(p) for p in a.profiles.profiles.values()}) == len(names)
    data, _ = backtest.among(backtest.load_outcomes(), lambda c: c in names)
    one = {k: backtest.run(a, data, options=Options(resamples=200, cluster=k)) for k in ("state", "record")}
    for k in ("model", "indices", "baselines", "reliability_order"):
        assert one["state"][k] == one["record"][k]
    assert one["state"]["definition"]["clusters"] == one["record"]["definition"]["clusters"] == len(names)

    both = names + ["finland"]  # Finland's two records: one state
    b = Assessor.load(profiles=[str(bundled / f"{n}.yaml") for n in both])
    data, _ = backtest.among(backtest.load_outcomes(), lambda c: c in both)
    two = {k: backtest.run(b, data, options=Options(resamples=200, cluster=k)) for k in ("state", "record")}
    assert two["state"]["definition"]["clusters"] == len(names) and two["record"]["definition"]["clusters"] == len(both)
    m_s, m_r = two["state"]["model"], two["record"]["model"]
    assert m_s["auc"]["value"] == m_r["auc"]["value"] and m_s["stratified_auc"]["value"] == m_r["stratified_auc"]["value"]
    assert (m_s["auc"]["low"], m_s["auc"]["high"]) != (m_r["auc"]["low"], m_r["auc"]["high"])
    assert {c["country"]: c["state"] for c in two["state"]["countries"]}["finland-1939"] == "Finland"


def test_the_state_of_a_record():
    from assessor.backtest.run import state_of

    a = Assessor.load()
    assert state_of(a.profile("india-1962")) == state_of(a.profile("india-1999")) == "India"
    assert state_of(a.profile("finland")) == "Finland"
    with pytest.raises(ValueError, match="cluster 'country'"):
        Options(cluster="country")


def test_the_cli_names_the_bootstraps_unit(run, files):
    folder, outcomes = files
    out, _ = run("backtest", "--profiles", folder, "--outcomes", outcomes, "--resamples", 20, "--cluster", "record")
    assert "cluster-bootstrap resamples over 1 record, each drawn alone (--cluster record)" in out
    out, _ = run("backtest", "--profiles", folder, "--outcomes", outcomes, "--resamples", 20)
    assert "cluster-bootstrap resamples over 1 state, a state's records drawn together" in out


def test_a_states_records_are_drawn_together_and_each_cluster_as_bootstrap_weights_draws_it():
    """The mapping from drawn clusters to records: records of one state get the same multiplicity in every
    resample, and the clusters' draws are exactly those of a bootstrap over the clusters (in sorted order)."""
    from assessor.backtest import metrics
    from assessor.backtest.run import cluster_weights

    units = ["Kuwait", "Finland", "Czechoslovakia", "Finland", "Estonia"]  # records in their sorted order
    w = cluster_weights(units, 300, 7)
    assert w.shape == (300, 5) and (w[:, 1] == w[:, 3]).all()
    drawn = metrics.bootstrap_weights(4, 300, 7)  # Czechoslovakia, Estonia, Finland, Kuwait
    assert (w[:, [2, 4, 1, 0]] == drawn).all()
    assert (w[:, [0, 1, 2, 4]].sum(axis=1) == 4).all()  # four clusters drawn in each resample


def test_the_state_of_records_the_registry_knows_and_does_not(write):
    from assessor import loader
    from assessor.backtest.run import state_of

    a = Assessor.load()
    assert state_of(a.profile("west-berlin-1958")) == "West Berlin"  # not in the registry: its name before the period
    p = write("p/x.yaml", PROFILE.replace("id: warland", "id: warland-1990").replace("name: Warland",
                                                                                      'name: "Warland (1990-1995)"'))
    assert state_of(loader.load_profiles([p]).resolve("warland-1990")) == "Warland"


TRUCE = f"""
id: truceland
name: Truceland
alliance: none
adversary: Russia
covers: {{from: 2019-01-01, to: 2021-12-31}}
events:
  - date: 2019-03-01
    kind: conflict
    actor: Russia
    type: armed_conflict
    ceasefire: 2019-04-01
    summary: A short war; its ceasefire holds, the conflict is not ended.
    source: {SRC}
  - date: 2020-06-01
    kind: threat
    actor: Russia
    type: attack
    severity: 5
    weighs_days: 1095
    summary: A deadly attack a year after the ceasefire.
    source: {SRC}
"""

TRUCE_OUTCOMES = f"""
outcomes:
  - country: truceland
    date: 2019-03-01
    kind: armed_conflict
    summary: The war.
    source: {SRC}
  - country: truceland
    date: 2020-06-01
    kind: attack
    summary: The attack after the ceasefire.
    source: {SRC}
"""


def test_a_ceasefire_alone_does_not_make_an_onset_a_continuation(write):
    """--ceasefire-in-use leaves out the days under a ceasefire, but an onset there is not inside fighting the
    record holds: it starts its own episode, in both readings (found by a reviewer)."""
    folder = write("t/truceland.yaml", TRUCE).parent
    a = Assessor.load(profiles=[str(folder)])
    data, _ = backtest.among(backtest.load_outcomes(write("to.yaml", TRUCE_OUTCOMES)), lambda c: c == "truceland")
    for strict in (False, True):
        doc = backtest.run(a, data, options=Options(resamples=0, ceasefire_in_use=strict))
        assert [o["continues"] for o in doc["onsets"]] == [None, None], strict
    # the clusters drawn from are those with measured days: under the strict reading none is left after the split
    for strict, n in ((False, 1), (True, 0)):
        doc = backtest.run(a, data, options=Options(resamples=0, ceasefire_in_use=strict,
                                                    split_date=dt.date(2020, 1, 1)))
        assert doc["definition"]["clusters"] == n and (sum(c["days"] for c in doc["countries"]) > 0) == bool(n)


def test_an_onset_marked_war_counts_in_the_war_reading_and_one_marked_not_does_not(files, write):
    """Run 70: `war: true` makes a listed first act (here the first clash) the start of a war; `war: false` takes an
    invasion out of the war reading; the default reading lists both, as before."""
    folder, _ = files
    marked = write("o2.yaml", OUTCOMES.replace("    kind: attack\n", "    kind: attack\n    war: true\n")
                   .replace("    kind: invasion\n", "    kind: invasion\n    war: false\n"))
    a = Assessor.load(profiles=[str(folder)])
    data, _ = backtest.among(backtest.load_outcomes(marked), lambda c: c == "warland")
    war = backtest.run(a, data, options=Options(resamples=0, onset_level="war"))
    assert [o["date"] for o in war["onsets"]] == ["2020-01-01"]
    force = backtest.run(a, data, options=Options(resamples=0))
    assert [o["date"] for o in force["onsets"]] == ["2020-01-01", "2021-07-01"]
    bad = write("o3.yaml", OUTCOMES.replace("    kind: attack\n", "    kind: attack\n    war: yes please\n"))
    from assessor.errors import InputError

    with pytest.raises(InputError, match="o3.yaml:"):
        backtest.load_outcomes(bad)
