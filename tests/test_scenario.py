"""Scenarios: what if, as a file (issue acceptance: the Sweden cases)."""

from __future__ import annotations

import csv
import io
import json

import pytest
from conftest import REPO, D

from assessor import loader, scenario
from assessor.assess import Assessor, dates_between
from assessor.errors import InputError

SCENARIOS = REPO / "docs" / "scenarios"


def scores(a, country, start, end):
    return [a.assess(country, d).score for d in dates_between(D(start), D(end), "month")]


@pytest.fixture(scope="module")
def base():
    return loader.load_ruleset(), loader.load_profiles()


def test_ratifying_sweden_in_2022_lowers_its_2023_scores(base):
    rs, ps = base
    sc = scenario.load(SCENARIOS / "sweden-ratified-2022.yaml")
    rs2, ps2 = scenario.apply(sc, rs, ps)
    before = scores(Assessor(rs, ps), "sweden", "2023-01-01", "2023-12-31")
    after = scores(Assessor(rs2, ps2), "sweden", "2023-01-01", "2023-12-31")
    assert all(b > a for b, a in zip(before, after))
    assert ps.profiles["sweden"].events == loader.load_profiles().profiles["sweden"].events  # inputs untouched


def test_a_dca_that_never_enters_into_force_changes_the_record_not_the_score(base):
    """Rules 3.0.0 count protection once per guarantor: when the Sweden-US agreement entered into
    force (2024-08-15) Sweden was a member and the United States already covered it through NATO, so
    an agreement without a defence obligation from the same state adds nothing (support counts only
    from a state that does not guarantee the country).  The scenario takes one agreement out of force,
    and the score stays the same on every day of 2024."""
    rs, ps = base
    rs2, ps2 = scenario.apply(scenario.load(SCENARIOS / "sweden-dca-never-in-force.yaml"), rs, ps)
    a, b = Assessor(rs, ps), Assessor(rs2, ps2)
    days = dates_between(D("2023-12-01"), D("2024-12-31"), "week")
    before, after = [a.assess("sweden", d) for d in days], [b.assess("sweden", d) for d in days]
    in_force = [d for d, x, y in zip(days, before, after)
                if x.facts.values["agreements_in_force"] == y.facts.values["agreements_in_force"] + 1]
    assert in_force and in_force[0] >= D("2024-08-15")  # the scenario does change the record from then on
    assert all("NATO" in x.facts.values["guarantors"].split("; ") for d, x in zip(days, before) if d in in_force)
    assert [x.score for x in before] == [y.score for y in after]


def test_rule_changes_and_added_events(base, write):
    rs, ps = base
    f = write("s.yaml", """
        name: harsher window and one more threat
        changes:
          - profile: finland
            add: {date: 2022-06-10, kind: threat, actor: Russia, type: military_threat, severity: 3, weighs_days: 180,
                  summary: A hypothetical threat., source: {publisher: Analyst, title: Hypothesis, date: 2022-06-10}}
        rules:
          - {rule: window-of-vulnerability, points: 30}
          - {rule: declared-aspiration, disable: true}
    """)
    rs2, ps2 = scenario.apply(scenario.load(f), rs, ps)
    a, b = Assessor(rs, ps).assess("finland", D("2022-06-15")), Assessor(rs2, ps2).assess("finland", D("2022-06-15"))
    assert b.score > a.score
    assert "declared-aspiration" not in {r.id for r in rs2.rules}
    # the rule set keeps its name, its hash says its rules changed, and the scenario is named apart
    assert rs2.name == rs.name and rs2.sha256 != rs.sha256
    assert [n for n, _, _ in rs2.scenarios] == ["harsher window and one more threat"]


def test_a_scenario_s_scores_say_they_are_a_what_if_in_every_output(run, write):
    """Scores made under a scenario name it in every output a journalist may copy — text, JSON, CSV, sweep
    rows — and a scenario about the record alone leaves the rule set's name and hash alone (a new user's
    review: a timeline or a CSV under a scenario carried no sign of it, and the rules' hash claimed other rules)."""
    f = write("s.yaml", """
        name: no build-up
        changes:
          - profile: ukraine
            remove: {date: 2021-03-30, kind: posture}
    """)
    day = ("--from", "2021-04-05", "--to", "2021-04-05")
    text = run("timeline", "ukraine", *day, "--scenario", f)[0]
    assert text.startswith("what if: \u201cno build-up\u201d") and "not the record's" in text
    rows = list(csv.DictReader(io.StringIO(run("timeline", "ukraine", *day, "--scenario", f, "--format", "csv")[0])))
    assert [r["scenario"] for r in rows] == ["no build-up"]
    assert "scenario" not in run("timeline", "ukraine", *day, "--format", "csv")[0]  # without one: the columns as before
    points = json.loads(run("timeline", "ukraine", *day, "--scenario", f, "--format", "json")[0])
    assert [p["scenarios"] for p in points] == [["no build-up"]]
    under = json.loads(run("assess", "ukraine", "--date", "2021-04-05", "--scenario", f, "--format", "json")[0])[0]
    plain = json.loads(run("assess", "ukraine", "--date", "2021-04-05", "--format", "json")[0])[0]
    assert [s["name"] for s in under["scenarios"]] == ["no build-up"] and "scenarios" not in plain
    assert under["ruleset"] == plain["ruleset"] and under["score"] != plain["score"]
    for args in (("assess", "ukraine", "--date", "2021-04-05"), ("explain", "ukraine", "--date", "2021-04-05")):
        assert run(*args, "--scenario", f)[0].startswith("what if: ")
        assert not run(*args)[0].startswith("what if: ")
    swept = run("sweep", "ukraine", "--samples", "1", *day, "--scenario", f)[0].splitlines()
    assert swept[0].endswith(",scenario") and swept[1].endswith(",no build-up")
    line = json.loads(run("sweep", "ukraine", "--samples", "1", *day, "--scenario", f, "--format", "jsonl")[0])
    assert line["scenario"] == "no build-up"
    md = run("report", "ukraine", "--date", "2021-04-05", "--scenario", f, "--format", "md", "-o", "-")[0]
    assert "| Scenario | no build-up (" in md  # under Provenance, beside the rule set it no longer renames
    assert "| Scenario |" not in run("report", "ukraine", "--date", "2021-04-05", "--format", "md", "-o", "-")[0]
    sens = run("sensitivity", "ukraine", "--from", "2021-04-01", "--to", "2021-05-01", "--size", "2", "--scenario", f)[0]
    assert sens.startswith("what if: ")


def test_unknown_references_are_located_with_did_you_mean(base, write):
    rs, ps = base
    f = write("s.yaml", """
        name: typos
        changes:
          - profile: swedn
            remove: {date: 2024-03-07, kind: membership}
          - profile: sweden
            remove: {date: 2024-03-07, kind: membershp}
          - profile: sweden
            remove: {kind: ratification}
        rules:
          - {rule: window-of-vulnerabilty, disable: true}
    """)
    with pytest.raises(InputError) as e:
        scenario.apply(scenario.load(f), rs, ps)
    text = str(e.value)
    assert f"{f}:3:" in text and "did you mean 'sweden'" in text
    assert "[unknown-event]" in text and "did you mean '2024-03-07 membership'" in text
    assert "[ambiguous-event]" in text
    assert "did you mean 'window-of-vulnerability'" in text


def test_a_changed_profile_gets_a_hash_of_its_own(base):
    rs, ps = base
    sc = scenario.load(SCENARIOS / "sweden-ratified-2022.yaml")
    _, ps2 = scenario.apply(sc, rs, ps)
    assert ps2.profiles["sweden"].sha256 != ps.profiles["sweden"].sha256  # provenance says a scenario changed it
    assert ps2.profiles["finland"].sha256 == ps.profiles["finland"].sha256


def test_a_scenario_can_say_the_alliance_covers_the_contested_territory(base, write):
    """covers_contested on a membership is a field a scenario may set (and remove, with null): "what if the
    North Atlantic Treaty had covered the Falklands" lowers the United Kingdom's 1982 score, and a scenario that
    changes that membership's status takes the field away with it, as the validator asks."""
    rs, ps = base
    covered = write("c.yaml", """
        name: treaty area covers the islands
        changes:
          - profile: united-kingdom-1982
            set: {date: 1949-08-24, kind: membership}
            fields: {covers_contested: null}
    """)
    rs2, ps2 = scenario.apply(scenario.load(covered), rs, ps)
    day = D("1982-03-20")
    assert Assessor(rs2, ps2).assess("united-kingdom-1982", day).score < Assessor(rs, ps).assess("united-kingdom-1982", day).score
    partner = write("p.yaml", """
        name: a partner, not a member
        changes:
          - profile: united-kingdom-1982
            set: {date: 1949-08-24, kind: membership}
            fields: {status: partner, covers_contested: null}
    """)
    rs3, ps3 = scenario.apply(scenario.load(partner), rs, ps)
    assert Assessor(rs3, ps3).assess("united-kingdom-1982", day).facts.values["status"] == "partner"


def test_a_change_that_puts_a_record_out_of_order_is_warned_of_at_the_change(run, write):
    """The lints `profiles validate` runs on a record run on the record as a scenario leaves it: Finland
    'joining a year earlier' by moving its accession puts its application after membership, which
    `profiles validate` warns of when the same edit is made by hand; the scenario's warning is located
    at its change and names the record's line (a new user's review, W2). A scenario that leaves the
    membership steps in order is not warned of."""
    f = write("s.yaml", """
        name: Finland joins a year earlier
        changes:
          - profile: finland
            move: {date: 2023-04-04, kind: membership}
            by_days: -365
    """)
    _, err = run("assess", "finland", "--date", "2023-05-01", "--scenario", f)
    warned = [line for line in err.splitlines() if "[membership-order]" in line]
    assert len(warned) == 1 and warned[0].startswith(f"{f}:3:")
    assert "warning: with this change, 'finland' would read: status 'applicant'" in warned[0]
    assert "profiles/finland.yaml:" in warned[0]
    ok = write("ok.yaml", """
        name: Finland joins three days earlier, after its last ratification
        changes:
          - profile: finland
            move: {date: 2023-04-04, kind: membership}
            by_days: -3
    """)
    _, err = run("assess", "finland", "--date", "2023-05-01", "--scenario", ok)
    assert "warning" not in err


def test_a_scenario_s_warnings_are_of_the_record_s_consistency_and_at_most_ten(run, write):
    """Supposed events cite the scenario, so the source lints are not run on them (500 added threats gave 500
    dated-after-source warnings); the consistency lints are, and at most ten warnings are said, then how many more."""
    events = "\n".join(
        f"""  - profile: finland
    add: {{date: 2022-0{1 + k % 9}-1{k % 9}, kind: threat, actor: China, type: statement, severity: 1, weighs_days: 30,
          summary: "Supposed {k}.", source: {{publisher: Scenario, title: "S{k}", date: 2021-01-01}}}}"""
        for k in range(12))
    f = write("many.yaml", "name: many\nchanges:\n" + events + "\n")
    _, err = run("assess", "finland", "--date", "2022-06-01", "--scenario", f)
    lines = err.splitlines()
    assert sum("[actor-not-adversary]" in line for line in lines) == 10
    assert lines[-1] == f"{f}: … and 2 more such warnings"
    assert "dated-after-source" not in err
