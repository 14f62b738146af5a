"""Explanations: counterfactuals re-scored by the engine, key moments to the
exact day, the waterfall's arithmetic, chart markers and data completeness."""

from __future__ import annotations

import datetime as dt
import json
import re

import pytest
from conftest import MINI_PROFILE, D

from assessor import explain, score
from assessor.assess import Assessor


def test_explain_json_has_counterfactuals_and_membership_lowers_the_score(run):
    out, _ = run("explain", "finland", "--date", "2022-06-01", "--format", "json")
    doc = json.loads(out)
    cfs = doc["counterfactuals"]
    assert cfs and all({"change", "score", "level"} <= set(c) for c in cfs)
    member = [c for c in cfs if c["kind"] == "becomes-member"]
    assert len(member) == 1 and "becomes a member of NATO" in member[0]["change"]
    assert member[0]["score"] < doc["score"]
    assert member[0]["moves_level"] and member[0]["level_shift"] < 0


def test_counterfactuals_agree_with_the_rule_set(default_assessor):
    rs = default_assessor.ruleset
    a = default_assessor.assess("finland", D("2022-06-01"))
    cfs = explain.counterfactuals(default_assessor, a)
    kinds = {c["kind"] for c in cfs}
    assert {"becomes-member", "not-applied", "agreement-ends", "interim-ends", "threat-fades", "all-threats-fade"} <= kinds
    for c in cfs:
        assert c["level"] == rs.level_of(c["score"])
        assert c["delta"] == round(c["score"] - a.score, 1)
        assert c["moves_level"] == (c["level"] != a.level)
    assert [abs(c["delta"]) for c in cfs] == sorted((abs(c["delta"]) for c in cfs), reverse=True)


def test_each_warning_sign_standing_is_offered_as_not_having_happened(default_assessor):
    """The build-ups and exercises standing on the date, one change per actor (its reports are estimates of the same
    forces: taking one away of several changed nothing), and each ultimatum, are counterfactuals of their own,
    scored as the record without those events would be (a new user's review: Ukraine on 2021-04-05 was offered no
    change to its build-up, the largest single move of its score after membership)."""
    import dataclasses

    for country, day in (("ukraine", "2021-04-05"), ("ukraine", "2022-02-20"), ("kuwait-1990", "1990-07-25")):
        a = default_assessor.assess(country, D(day))
        ev = a.facts.evidence
        postures = {id(e): e for f in ("buildups_active", "exercises_active", "forces_massed_k") for e in ev.get(f, ())}
        by_actor: dict = {}
        for e in postures.values():
            by_actor.setdefault(str(e.get("actor")), []).append(e)
        groups = list(by_actor.values()) + [[e] for e in ev.get("ultimatum", ())]
        assert groups, country
        cfs = explain.counterfactuals(default_assessor, a)
        offered = [c for c in cfs if c["kind"] in ("posture-absent", "ultimatum-absent")]
        assert len(offered) == len(groups), (country, day)
        scores = sorted(c["score"] for c in offered)
        want = []
        for group in groups:
            without = dataclasses.replace(a.profile, events=tuple(x for x in a.profile.events
                                                                  if all(x is not g for g in group)))
            want.append(Assessor(default_assessor.ruleset, default_assessor.profiles).assess(without, D(day)).score)
        assert scores == sorted(want), (country, day)


def test_a_member_is_shown_what_staying_outside_would_cost(default_assessor):
    a = default_assessor.assess("finland", D("2024-06-30"))
    (out,) = [c for c in explain.counterfactuals(default_assessor, a) if c["kind"] == "not-member"]
    # rules 3.0.0: 19.5 low as a member, 32.7 moderate had it stayed ratifying (structural points weigh 0.5)
    assert "had not joined NATO (its status stays ratifying)" in out["change"] and out["score"] > a.score + 10
    assert out["moves_level"] and out["level_shift"] >= 1


def test_key_moments_are_exact_days_with_what_changed(default_assessor):
    finland, sweden = default_assessor.profile("finland"), default_assessor.profile("sweden")
    start, end = D("2021-06-01"), D("2024-06-30")
    applied = {m["date"]: m for m in explain.key_moments(default_assessor, finland, start, end)}["2022-05-18"]
    joined = {m["date"]: m for m in explain.key_moments(default_assessor, sweden, start, end)}["2024-03-07"]
    assert {"window-of-vulnerability", "interim-assurances"} <= {r["rule"] for r in applied["rules_started"]}
    assert any("application" in e["summary"] for e in applied["events"]) and applied["to_level"] == "elevated"
    assert "window-of-vulnerability" in [r["rule"] for r in joined["rules_stopped"]] and joined["to_level"] == "low"
    # Sweden was already protected by the EU's clause: membership makes the guarantee stronger, not new
    (guarantee,) = [r for r in joined["rules_changed"] if r["rule"] == "defence-guarantee"]
    assert guarantee["points"] < guarantee["from_points"] < 0
    assert any("member" in e["summary"] for e in joined["events"])
    for p in (finland, sweden):
        for m in explain.key_moments(default_assessor, p, start, end):
            day = D(m["date"])
            before = default_assessor.assess(p, day - dt.timedelta(days=1))
            after = default_assessor.assess(p, day)
            assert (before.level, after.level) == (m["from_level"], m["to_level"]) != (m["to_level"], m["from_level"])
            assert m["rules_started"] or m["rules_stopped"] or m["rules_changed"]


def test_a_level_change_from_fading_names_the_threat(tmp_path, write):
    """A threat that stops weighing moves the level with no event that day:
    the moment must still say what stopped counting."""
    attack = MINI_PROFILE.replace("type: statement\n    severity: 2\n    weighs_days: 100", "type: attack\n    severity: 5\n    weighs_days: 30")
    assert attack != MINI_PROFILE
    a = Assessor.load(None, [str(write("p.yaml", attack))])
    moments = explain.key_moments(a, a.profile("testland"), D("2021-05-01"), D("2021-12-31"))
    assert [m["date"] for m in moments][:2] == ["2021-06-01", "2021-07-01"]
    faded = moments[1]
    assert faded["ended"][0]["summary"] == "A threat." and not faded["events"]
    assert "recent-attack" in [r["rule"] for r in faded["rules_stopped"]]


def test_no_level_change_no_moments(default_assessor):
    assert explain.key_moments(default_assessor, default_assessor.profile("norway"), D("2023-06-01"), D("2023-09-01")) == []


@pytest.mark.parametrize("country, day", [("finland", "2022-06-01"), ("sweden", "2024-06-30")])
def test_waterfall_adds_up(default_assessor, country, day):
    a = default_assessor.assess(country, D(day))
    w = explain.waterfall(default_assessor, a)
    assert [abs(s["points"]) for s in w["steps"]] == sorted((abs(s["points"]) for s in w["steps"]), reverse=True)
    # each step's running total is its index's: the last of each is that index's value
    last = {s["index"]: s["running"] for s in w["steps"]}
    assert last.get("structural", w["base"]) == pytest.approx(a.structural, abs=0.05)
    assert last.get("warning", 0) == pytest.approx(a.warning, abs=0.05)
    assert {ix["index"]: ix["rules"] for ix in w["indices"]} == {
        ix: [s["rule"] for s in w["steps"] if s["index"] == ix] for ix in ("structural", "warning")}
    # raw = base + wS·Σ structural points + wW·Σ warning points, and the score is its logistic (no clamping)
    rs = default_assessor.ruleset
    w_s, w_w = rs.weights
    sums = {ix: sum(s["points"] for s in w["steps"] if s["index"] == ix) for ix in ("structural", "warning")}
    assert w["raw_score"] == pytest.approx(rs.base + w_s * sums["structural"] + w_w * sums["warning"], abs=0.01)
    assert a.score == round(score.logistic(rs.scale, w["raw_score"]), 1) and not w["clamped"]
    # the formula with the numbers in it, as every output prints it: the structural index includes the
    # base score, the formula's sum does not, so a reader needs the sums to check the arithmetic
    assert w["sums"] == {ix: pytest.approx(v, abs=0.01) for ix, v in sums.items()}
    base, weight, s_sum, w_sum = (float(x) for x in re.findall(r"-?\d+(?:\.\d+)?", w["arithmetic"]))
    assert (base, weight) == (rs.base, w_s) and (s_sum, w_sum) == (w["sums"]["structural"], w["sums"]["warning"])
    assert base + weight * s_sum + w_sum == pytest.approx(w["raw_score"], abs=0.01)


def test_key_events_mark_membership_agreements_and_major_threats(default_assessor):
    events = explain.key_events(default_assessor.profile("sweden"), D("2021-06-01"), D("2024-08-31"))
    markers = {e["marker"] for e in events}
    assert {"applied", "invited", "protocol", "ratification", "member", "agreement", "threat"} <= markers
    assert [e["date"] for e in events] == sorted(e["date"] for e in events)
    assert all(e["source"]["publisher"] for e in events)
    profile = default_assessor.profile("sweden")
    severities = {(e.date.isoformat(), e.summary): e.get("severity") for e in profile.events if e.kind == "threat"}
    assert all(severities[(e["date"], e["summary"])] >= 3 for e in events if e["marker"] == "threat")


def test_completeness_names_what_the_record_lacks(write):
    prof = write("p.yaml", MINI_PROFILE)
    a = Assessor.load(None, [str(prof)])
    found = {c["factor"]: c for c in explain.completeness(a.assess("testland", D("2021-07-01")))}
    assert found["membership"]["has_data"] and found["threats"]["has_data"]
    assert not found["agreements"]["has_data"] and "cannot see" in found["agreements"]["note"]
    late = {c["factor"]: c for c in explain.completeness(a.assess("testland", D("2030-01-01")))}
    assert not late["coverage"]["has_data"] and "outside the period" in late["coverage"]["note"]


def test_key_moments_ignore_drifts_across_a_band_edge_that_come_straight_back(write):
    """Hysteresis: a score that dips 0.1 below an edge for a few days and returns is not a moment;
    one that moves MARGIN points past it is, and one that stays across for STAY_DAYS days is (marked marginal)."""
    from assessor.assess import Point

    class Fake:
        def __init__(self, scores, rs):
            self.ruleset = rs
            self.scores = scores

        def timeline(self, profile, dates):
            for d, s in zip(dates, self.scores):
                yield Point("x", d, s, self.ruleset.level_of(s), ())

    rs = Assessor.load().ruleset
    start = D("2022-01-01")
    blip = [61.0] * 5 + [59.9] * 3 + [61.0] * 30
    assert list(explain.level_changes(Fake(blip, rs), None, start, start + dt.timedelta(days=len(blip) - 1))) == []
    clear = [61.0] * 5 + [57.0] * 30
    pairs = list(explain.level_changes(Fake(clear, rs), None, start, start + dt.timedelta(days=len(clear) - 1)))
    assert [(a.level, b.level, b.date) for a, b in pairs] == [("high", "elevated", start + dt.timedelta(days=5))]
    stays = [61.0] * 5 + [59.9] * 20
    pairs = list(explain.level_changes(Fake(stays, rs), None, start, start + dt.timedelta(days=len(stays) - 1)))
    assert len(pairs) == 1 and pairs[0][1].date == start + dt.timedelta(days=5)
    assert explain.MARGIN == 2.0 and explain.STAY_DAYS == 14


def test_every_membership_status_has_a_chart_marker():
    """key_events names a marker for every status the format allows (a missing
    one crashed report and timeline --plot for aspirants, neutrals and leavers)."""
    from assessor import spec
    from assessor.explain import MILESTONES

    assert set(MILESTONES) == set(spec.STATUSES)


def test_every_key_event_marker_is_drawn():
    """Every marker key_events can name has a glyph and a legend label on the chart."""
    from assessor.explain import MILESTONES
    from assessor.render.chart import MARKERS

    assert set(MILESTONES.values()) | {"ratification", "agreement", "threat"} <= set(MARKERS)


@pytest.mark.parametrize("country, day", [("ukraine", "2020-06-01"), ("sweden-1940", "1945-02-09")])
def test_no_rule_that_fires_explains_zero_points(default_assessor, country, day):
    """A line of the explanation that moves the score by 0.0 points says nothing and hides the
    lines that matter; a rule should fire only where its points show."""
    a = default_assessor.assess(country, D(day))
    assert a.contributions and all(c.points != 0 for c in a.contributions), [
        (c.rule, c.points, c.reason) for c in a.contributions if c.points == 0]


# ---- the reasons' words (an audit of every bundled record's reasons, rules 3.2.2)

def _explained(run, country, day):
    out, _ = run("explain", country, "--date", day, "--format", "json")
    return json.loads(out)


def test_a_member_whose_alliance_holds_its_adversary_is_told_why_nothing_protects_it(run):
    """'No guarantor … covers it (alliance status: member)' contradicted itself: the rule fires for a member
    when its alliance holds the adversary, and the reason must name that alliance."""
    doc = _explained(run, "czechoslovakia-1968", "1968-08-19")
    reason = next(c["reason"] for c in doc["contributions"] if c["rule"] == "partner-without-guarantee")
    inside = doc["facts"]["adversary_inside_guarantor"]
    assert doc["facts"]["status"] == "member" and inside != "none"
    assert f"alliance status: member; alliances or treaties that bind a hostile state too, and so do not count: " \
           f"{inside}" in reason


@pytest.mark.parametrize("country, day", [("india-1962", "1962-11-21"), ("cyprus-1974", "1975-01-25"),
                                          ("finland", "2022-06-01")])
def test_reasons_read_with_real_plurals_in_every_output(run, country, day):
    """explain and assess printed '1 request(s)' while the report printed '1 request'."""
    doc = _explained(run, country, day)
    reasons = [c["reason"] for c in doc["contributions"]]
    assert reasons and not any("(s)" in r for r in reasons), reasons
    text, _ = run("explain", country, "--date", day)
    assert "(s)" not in text


def test_a_standing_attribute_names_what_it_measures(run):
    """'standing land_border_km = 311' named neither the neighbour nor the unit."""
    text, _ = run("explain", "armenia", "--date", "2025-06-30")
    assert "standing  land border with Turkey: 311 km" in text and "land_border_km =" not in text


def test_what_if_offers_only_changes_that_could_happen(run, default_assessor):
    """Joining an alliance not yet founded (the Warsaw Pact in 1953) or led by the adversary, and an
    agreement with the adversary itself (the United States, for Cuba in 1959), were offered as ways out."""
    hungary = _explained(run, "hungary-1956", "1953-01-01")
    assert not [c for c in hungary["counterfactuals"] if c["kind"] == "becomes-member"]
    cuba = _explained(run, "cuba-1959", "1959-01-01")
    assert "United States" in default_assessor.profile("cuba-1959").hostile(D("1959-01-01"))
    assert not [c for c in cuba["counterfactuals"] if "United States" in c["change"]]


def test_not_having_applied_keeps_the_status_the_record_held_before(run, default_assessor):
    """'had not applied for membership (stays a partner)' was written for every country; Ukraine was promised."""
    profile = default_assessor.profile("ukraine")
    applied = max(e.date for e in profile.events if e.kind == "membership" and e.get("status") == "applicant")
    before = [e.get("status") for e in profile.events if e.kind == "membership" and e.date < applied][-1]
    doc = _explained(run, "ukraine", "2025-06-30")
    change = next(c["change"] for c in doc["counterfactuals"] if c["kind"] == "not-applied")
    assert change.endswith(f"(its status stays {before})") and before != "partner"


def test_no_longer_counted_agrees_with_the_facts_of_the_day(default_assessor):
    """A key moment's 'no longer counted' list is read from derive.stops_counting, which must agree with the facts:
    a posture, ultimatum, mobilisation or dispute is cited by a fact (its baselines aside, which carry it for two
    years) on the day before it stops counting and by none on that day.  It listed a build-up ending on a key
    moment's day as no longer counted beside the rule that build-up fired that day (Israel, 1973-10-06: a review's
    finding): a posture's `end` is its last day, and one without an end lapses after the model's posture_days."""
    import datetime as dt

    from assessor.derive import Deriver, stops_counting

    def cited(deriver, e, day):
        ev = deriver.derive(day).evidence
        return {k for k, v in ev.items() if any(x is e for x in v) and not k.endswith(("_baseline", "_anomaly"))}

    checked = set()
    for p in default_assessor.profiles.profiles.values():
        der = Deriver(p)
        for e in p.events:
            if e.kind not in ("posture", "ultimatum", "mobilisation", "dispute", "campaign", "conflict"):
                continue
            stop = max((d for d in stops_counting(e) if d), default=None)
            if stop is None or stop - dt.timedelta(days=1) < e.date:
                continue
            before, after = cited(der, e, stop - dt.timedelta(days=1)), cited(der, e, stop)
            assert before - after, (p.id, e.kind, e.date, stop, before, after)  # something stops reading it that day
            # a war's or deadly clashes' legacy, recency and recent attack go on reading it; nothing else does
            assert not after - {"conflict_legacy", "conflict_recency", "days_since_force", "attacked"}, (p.id, e.kind, after)
            if e.kind not in ("conflict", "campaign"):
                assert not after, (p.id, e.kind, e.date, stop)
            checked.add(e.kind)
    assert checked == {"posture", "ultimatum", "mobilisation", "dispute", "campaign", "conflict"}, checked
    israel = default_assessor.profile("israel-1973")
    moments = explain.key_moments(default_assessor, israel, D("1973-09-01"), D("1973-10-06"))
    day = next(m for m in moments if m["date"] == "1973-10-06")
    assert not [e for e in day["ended"] if e["kind"] == "posture"], day["ended"]


@pytest.mark.parametrize("country,day", [("finland", "2022-06-01"), ("ukraine", "2022-02-15"), ("israel-1973", "1973-10-01")])
def test_source_urls_are_never_broken_across_lines(run, country, day):
    """A source's URL in the text explanation is whole on one line, to be copied: it was broken at a hyphen or
    mid-word (`…/thinktank/hu/` then `document.html?…>` on the next line: a review's finding)."""
    out, _ = run("explain", country, "--date", day)
    starts = [line for line in out.splitlines() if "<http" in line]
    assert starts, out[:400]
    for line in starts:
        assert re.search(r"<https?://\S+>", line), line


def test_explain_json_is_one_object_for_one_country_and_an_array_for_more(run):
    """The contract docs/json.md states (a review found it undocumented): the object alone for one country, an array
    of them, in the order asked, for several."""
    one = json.loads(run("explain", "finland", "--date", "2022-06-01", "--format", "json")[0])
    two = json.loads(run("explain", "sweden", "finland", "--date", "2022-06-01", "--format", "json")[0])
    assert isinstance(one, dict) and one["country"] == "finland"
    assert isinstance(two, list) and [x["country"] for x in two] == ["sweden", "finland"]
    assert two[1] == one


def _per_rules(write, rule_id="border"):
    from conftest import MINI_HEADER
    write("r/head.yaml", MINI_HEADER)
    write("r/rules.yaml", f"""
        rules:
          - id: {rule_id}
            factor: exposure
            when: {{fact: land_border_km, gt: 0}}
            effect: {{points: 0.02, per: land_border_km, cap: 6}}
            reason: "Border {{land_border_km}} km."
          - id: applied
            factor: membership
            when: {{fact: status, eq: applicant}}
            effect: {{points: 25}}
            reason: "Applicant."
          - id: per-uncapped
            factor: exposure
            when: {{fact: land_border_km, gt: 0}}
            effect: {{points: 0.001, per: land_border_km, cap: 6}}
            reason: "Border again."
        """)
    return write("testland.yaml", MINI_PROFILE).parent


def test_explain_shows_how_a_per_rule_s_points_came_about(run, write):
    """`+6.0` for a rule of 0.02 points per km of a 500 km border, capped at 6, with nothing to say so: the
    arithmetic was nowhere, the JSON had no `per`, value or `capped` (a new user's review).  The text shows it
    beside the points, the JSON contribution carries it after the keys `assess` gives (assess's are unchanged)."""
    d = _per_rules(write)
    args = ("testland", "--profiles", d / "testland.yaml", "--rules", d / "r", "--date", "2021-02-01")
    out, _ = run("explain", *args)
    assert "     +6.0  [exposure] border  (0.02 × land_border_km 500 = 10.0, capped at 6)" in out.splitlines()
    assert "     +0.5  [exposure] per-uncapped  (0.001 × land_border_km 500 = 0.5)" in out.splitlines()
    assert "    +25.0  [membership] applied" in out.splitlines()  # fixed points: nothing to show
    doc = json.loads(run("explain", *args, "--format", "json")[0])
    by = {c["rule"]: c for c in doc["contributions"]}
    assert list(by["border"])[:6] == ["rule", "factor", "index", "points", "reason", "evidence"]
    assert by["border"]["per"] == {"fact": "land_border_km", "value": 500, "points": 0.02} and by["border"]["capped"]
    assert by["per-uncapped"]["capped"] is False
    assert "per" not in by["applied"] and "capped" not in by["applied"] and "scenario" not in by["applied"]
    [assessed] = json.loads(run("assess", *args, "--format", "json")[0])
    assert all(set(c) == {"rule", "factor", "index", "points", "reason", "evidence"} for c in assessed["contributions"])


def test_the_arithmetic_shows_the_points_printed_beside_it(run):
    """`+0.5 … chronic-threats (0.6 × pressure_level_baseline 0.743 = 0.4)`: the engine rounds 0.4458 to 0.45
    points (two decimals), shown +0.5, and the arithmetic rounded the product once, to 0.4 (a stranger's
    review).  The product is rounded as the points are."""
    out, _ = run("explain", "taiwan", "--date", "2022-03-01")
    [line] = [line for line in out.splitlines() if "chronic-threats" in line]
    assert line == "     +0.5  [threats] chronic-threats  (0.6 × pressure_level_baseline 0.743 = 0.5)", line


def test_a_long_rule_id_puts_the_arithmetic_under_its_line_within_the_width(run, write):
    long_id = "a-rule-whose-id-is-long-enough-to-push-the-arithmetic-past-the-width"
    d = _per_rules(write, long_id)
    out, _ = run("explain", "testland", "--profiles", d / "testland.yaml", "--rules", d / "r", "--date", "2021-02-01")
    lines = out.splitlines()
    k = lines.index(f"     +6.0  [exposure] {long_id}")
    assert lines[k + 1] == "             (0.02 × land_border_km 500 = 10.0, capped at 6)"
    rules = lines[lines.index("Why: from the base score, each rule that fired, by index (largest effect first)"):
                  next(i for i, line in enumerate(lines) if line.startswith("Score: "))]
    assert max(len(line) for line in rules) <= 100


def test_explain_marks_a_contribution_a_scenario_changed(run, write):
    """Under a scenario giving a rule new points, explain showed them with only the global "what if" banner:
    nothing said this rule's points were the scenario's, not the rule file's (a new user's review)."""
    d = _per_rules(write)
    s = write("umbrella.yaml", "name: umbrella\nrules:\n  - {rule: applied, points: 30}\n  - {rule: border, points: 0.01}\n")
    args = ("testland", "--profiles", d / "testland.yaml", "--rules", d / "r", "--date", "2021-02-01", "--scenario", s)
    lines = run("explain", *args)[0].splitlines()
    k = lines.index("    +30.0  [membership] applied")
    mark = " ".join(line.strip() for line in lines[k + 1:lines.index("             Applicant.", k)])
    assert mark == f"what if: the scenario “umbrella” ({s}:3) sets this rule's points to 30; the rule file gives 25"
    assert all(line.startswith(" " * 13) for line in lines[k + 1:lines.index("             Applicant.", k)])
    doc = json.loads(run("explain", *args, "--format", "json")[0])
    by = {c["rule"]: c for c in doc["contributions"]}
    assert by["applied"]["scenario"] == {"name": "umbrella", "file": str(s), "line": 3, "points": 30, "was": 25}
    assert by["border"]["scenario"]["points"] == 0.01 and by["border"]["per"]["points"] == 0.01
    assert "scenario" not in by["per-uncapped"]
    assert "scenario" not in json.loads(run("explain", *args[:-2], "--format", "json")[0])["contributions"][0]



def test_explain_shows_the_raw_value_as_assess_does(run):
    """explain showed the raw value to one decimal, rounded from its two-decimal form, so it could read 12.0 above a
    score of 11.9 (a review); it shows the two decimals assess shows, the value its terms add up to."""
    import re

    for country, date in (("finland", "2022-06-01"), ("ukraine", "2021-04-15"), ("japan", "2023-01-01")):
        ex, _ = run("explain", country, "--date", date)
        a, _ = run("assess", country, "--date", date)
        shown = re.search(r"^Score: raw = .* = (-?[\d.]+)", ex, re.M).group(1)
        assert re.search(rf"= {re.escape(shown)} → score", a), (shown, a)
