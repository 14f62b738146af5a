"""Score stage: points, scaling, caps, clamping, levels."""

from __future__ import annotations

import pytest
from conftest import MINI_HEADER, D

from assessor import loader, score
from assessor.derive import Facts

RULES = """
rules:
  - id: big
    factor: threats
    when: {fact: threat_level, gt: 0}
    effect: {points: 10, per: threat_level, cap: 30}
    reason: "Threat level {threat_level}, {points} points."
  - id: always
    factor: membership
    when: {fact: status, eq: applicant}
    effect: {points: 25}
    reason: "Applicant."
"""


def load(write):
    write("r/head.yaml", MINI_HEADER)
    return loader.load_ruleset([write("r/rules.yaml", RULES).parent])


def test_scaling_cap_and_clamp(write):
    rs = load(write)
    facts = Facts(D("2022-01-01"), {"threat_level": 2.5, "status": "applicant"})
    c = score.contributions(rs, ("big", "always"), facts)
    assert [x.points for x in c] == [25.0, 25.0]
    assert c[0].reason == "Threat level 2.5, 25 points."
    assert score.total(rs, c) == 100  # 50 + 25 + 25
    facts = Facts(D("2022-01-01"), {"threat_level": 7, "status": "applicant"})
    c = score.contributions(rs, ("big", "always"), facts)
    assert c[0].points == 30  # capped
    assert score.total(rs, c) == 100  # 105 clamped to the maximum


def test_levels_at_band_edges(write):
    rs = load(write)
    assert [rs.level_of(s) for s in (0, 19.9, 20, 39.9, 40, 60, 80, 100)] == [
        "low", "low", "moderate", "moderate", "elevated", "high", "critical", "critical"]


def test_one_rounding_rule_half_away_from_zero():
    assert [score.rounded(x) for x in (59.95, 19.95, 0.05, 0.15, 0.25, -0.05, -19.95, 2.675)] == [
        60.0, 20.0, 0.1, 0.2, 0.3, -0.1, -20.0, 2.7]
    assert score.rounded(2.675, 2) == 2.68 and score.rounded(1.005, 2) == 1.01
    assert str(score.rounded(-0.04)) == "0.0"  # never "-0.0"


def test_ties_round_up_and_the_level_follows_the_shown_score(write):
    write("r/rules.yaml", """
        rules:
          - id: tie
            factor: threats
            when: {fact: status, eq: applicant}
            effect: {points: 9.95}
            reason: "A tie."
        """)
    facts = Facts(D("2022-01-01"), {"status": "applicant"})
    for base, shown, level in ((50, 60.0, "high"), (10, 20.0, "moderate")):
        folder = write("r/head.yaml", MINI_HEADER.replace("base: 50", f"base: {base}")).parent
        rs = loader.load_ruleset([folder])
        total = score.total(rs, score.contributions(rs, ("tie",), facts))
        assert (total, rs.level_of(total)) == (shown, level)
        assert score.scorer(rs, ("tie",))(facts.values)[0] == shown  # the timeline path agrees


def test_non_finite_scores_are_refused():
    import pytest

    from assessor.errors import AssessorError

    for bad in (float("nan"), float("inf"), -float("inf")):
        with pytest.raises(AssessorError, match="not a finite number"):
            score.rounded(bad)


def test_each_bundled_cap_is_the_rules_weight_at_its_facts_ceiling_and_holds_when_points_are_scaled(default_assessor):
    """A rule over a fact with a ceiling (a share, a rank, the ultimatum's anomaly) is capped at its full weight
    there: no derivable state makes such a cap bind, so no rule test can show it (a rule test is held to the
    fact's range), yet it binds whenever the points are scaled up, as the default uncertainty (±25 %) and a
    sensitivity run scale them.  Removing one of these caps changes sweeps, not single assessments: this
    test is where it shows."""
    import dataclasses

    from assessor.facts import FACTS

    bounded = [r for r in default_assessor.ruleset.rules
               if r.effect.per is not None and FACTS[r.effect.per].maximum is not None]
    assert len(bounded) >= 5
    for r in bounded:
        f = FACTS[r.effect.per]
        ceiling = max(abs(f.maximum), abs(f.minimum or 0))
        weight = abs(float(r.effect.points)) * ceiling
        assert r.effect.cap is not None and float(r.effect.cap) == pytest.approx(weight), (r.id, r.effect)
        scaled = dataclasses.replace(r, effect=dataclasses.replace(r.effect, points=float(r.effect.points) * 1.25))
        for value in {f.maximum, f.minimum or 0} - {0}:
            got = score.points_of(scaled, {r.effect.per: value})
            assert abs(got) == pytest.approx(float(r.effect.cap)), (r.id, value, got)


@pytest.mark.parametrize("points, phrase", [(25, "75 → score 75.0 (within the bounds 0–100; see explain)"),
                                            (60, "110 → score 100.0 (clamped to the bounds 0–100; see explain)")])
def test_the_raw_line_says_clamped_only_when_the_bounds_cut_the_raw_value(run, write, points, phrase):
    """A rule set without a `scale` printed "(clamped to the bounds; see explain)" under every score, the
    JSON saying `"clamped": false` (a new user's review): the bounds are named, "clamped" only when they cut."""
    from conftest import MINI_PROFILE
    write("r/head.yaml", MINI_HEADER)
    write("r/rules.yaml", f"""
        rules:
          - id: always
            factor: membership
            when: {{fact: status, eq: applicant}}
            effect: {{points: {points}}}
            reason: "Applicant."
        """)
    prof = write("testland.yaml", MINI_PROFILE)
    out, _ = run("assess", "testland", "--profiles", prof, "--date", "2021-02-01", "--rules", prof.parent / "r")
    raw = next(line for line in out.splitlines() if line.lstrip().startswith("raw = "))
    assert raw.endswith(phrase), raw
    # explain, which the line points to, words it alike (a stranger's review: it said "raw clamped to 0..100" for
    # a raw value of 75)
    out, _ = run("explain", "testland", "--profiles", prof, "--date", "2021-02-01", "--rules", prof.parent / "r")
    cut = "clamped to" if points == 60 else "within"
    assert f"\n  raw {cut} the bounds 0–100 → score {'100.0' if points == 60 else '75.0'}\n" in out, out
