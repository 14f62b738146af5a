"""Score stage: points, scaling, caps, clamping, levels."""

from __future__ import annotations

from assessor import loader, score
from assessor.derive import Facts
from conftest import MINI_HEADER, D

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
