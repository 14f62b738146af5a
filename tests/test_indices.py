"""Format 2.1: two indices (structural exposure, acute warning) and their combination.

A rule counts in one index (its own ``index:``, else the header's ``combine.warning_factors``
by factor, else structural); the score is ``base + wS·ΣS + wW·ΣW``, clamped to the bounds or
mapped through a declared logistic scale; every output shows both indices.  A 2.0 rule set has
every rule structural and a warning index of 0, so its scores do not change.
"""

from __future__ import annotations

import csv
import io
import json
import math
import re
import shutil
from decimal import Decimal

import pytest
from conftest import MINI_HEADER, RULES_2_0, D
from hypothesis import given, settings
from hypothesis import strategies as st

from assessor import loader, score
from assessor.assess import Assessor
from assessor.derive import Facts
from assessor.errors import InputError
from assessor.model import Scale

COMBINE = """
  combine:
    warning_factors: [threats]
    weights: {structural: 1, warning: 1}
"""
SCALE = """
  scale: {logistic: {midpoint: 50, width: 18}}
"""

RULES = """
rules:
  - id: threat
    factor: threats
    when: {fact: threat_level, gt: 0}
    effect: {points: 10, per: threat_level, cap: 30}
    reason: "Threat level {threat_level}."
  - id: member
    factor: membership
    when: {fact: status, eq: applicant}
    effect: {points: 25}
    reason: "Applicant."
  - id: declared
    factor: membership
    index: warning
    when: {fact: status, eq: applicant}
    effect: {points: -4.5}
    reason: "Declared warning although its factor is structural."
"""


def _rules(write, header_extra: str = "", rules: str = RULES, base: int = 50):
    write("r/head.yaml", MINI_HEADER.replace("base: 50", f"base: {base}") + header_extra)
    return loader.load_ruleset([write("r/rules.yaml", rules).parent])


FACTS = Facts(D("2022-01-01"), {"threat_level": 2.5, "status": "applicant"})
FIRED = ("threat", "member", "declared")


def test_a_2_0_rule_set_is_all_structural_and_scores_as_before(write):
    rs = _rules(write, rules=RULES.replace("    index: warning\n", ""))
    c = score.contributions(rs, FIRED, FACTS)
    assert [x.index for x in c] == ["structural"] * 3
    assert score.total(rs, c) == score.clamp(rs, score.exact_sum(rs.base, (x.points for x in c))) == 95.5
    assert score.indices(rs, c) == (95.5, 0.0)
    assert score.scorer(rs, FIRED)(FACTS.values) == (95.5, 95.5, 0.0)
    assert _rules(write).index_of("declared") == "warning"  # a rule's own index, with or without combine


def test_default_index_follows_the_factor_only_with_combine(write):
    plain = _rules(write, rules=RULES.replace("    index: warning\n", ""))
    assert {plain.index_of(r) for r in FIRED} == {"structural"}
    assert plain.weights == (1, 1) and plain.scale is None and plain.combine is None
    combined = _rules(write, COMBINE)
    assert [combined.index_of(r) for r in FIRED] == ["warning", "structural", "warning"]


def test_without_scale_the_score_is_the_clamped_combination(write):
    rs = _rules(write, COMBINE)
    c = score.contributions(rs, FIRED, FACTS)  # threat +25 (warning), member +25, declared -4.5 (warning)
    assert score.indices(rs, c) == (75.0, 20.5)
    assert score.total(rs, c) == 95.5
    rs2 = _rules(write, COMBINE.replace("warning: 1}", "warning: 3}"))
    assert score.total(rs2, score.contributions(rs2, FIRED, FACTS)) == 100.0  # 50 + 25 + 3 × 20.5, clamped
    assert score.indices(rs2, score.contributions(rs2, FIRED, FACTS)) == (75.0, 20.5)  # indices unweighted


def test_logistic_scale(write):
    rs = _rules(write, COMBINE.replace("warning: 1}", "warning: 2}") + SCALE)
    c = score.contributions(rs, FIRED, FACTS)
    raw = 50 + 25 + 2 * 20.5
    assert score.total(rs, c) == score.rounded(100 / (1 + math.exp(-(raw - 50) / 18)))
    assert 0 < score.total(rs, c) < 100
    assert rs.score_range == (0, 100)


def test_the_assessment_and_the_timeline_carry_both_indices(write):
    from assessor.derive import Deriver

    rs = _rules(write, COMBINE + SCALE)
    a = Assessor(rs, loader.ProfileSet({}))
    p = loader.load_profiles([write("p/testland.yaml", _profile())]).profiles["testland"]
    one = a.assess_facts(p, Deriver(p).derive(D("2022-03-01")))
    point = next(a.timeline(p, [D("2022-03-01")]))
    assert (point.score, point.structural, point.warning) == (one.score, one.structural, one.warning)
    assert one.structural == score.rounded(score.exact_sum(rs.base, (c.points for c in one.contributions
                                                                      if c.index == "structural")))


def _profile() -> str:
    from conftest import MINI_PROFILE

    return MINI_PROFILE


# --------------------------------------------------------------------------- invariants

raw_values = st.decimals(min_value=-400, max_value=400, places=2, allow_nan=False, allow_infinity=False)


@given(raw_values, raw_values, st.floats(min_value=-50, max_value=150), st.floats(min_value=0.5, max_value=60))
def test_logistic_is_strictly_increasing(a, b, midpoint, width):
    sc = Scale("logistic", midpoint, width)
    lo, hi = sorted((float(a), float(b)))
    if abs((lo - midpoint) / width) > 15 or abs((hi - midpoint) / width) > 15:
        return  # beyond 15 widths doubles cannot tell 99.9999997 from its neighbour; rounded it is 100.0 anyway
    assert 0 < score.logistic(sc, lo) < 100
    if lo < hi:
        assert score.logistic(sc, lo) < score.logistic(sc, hi)


points = st.decimals(min_value=-60, max_value=60, places=2).map(float)


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(points, st.booleans()), max_size=6), st.sampled_from([0, 0.5, 1, 1.25, 2]),
       st.sampled_from([0, 0.75, 1, 3]), st.booleans(), st.decimals(min_value=-20, max_value=60, places=2).map(float),
       st.floats(min_value=0.01, max_value=5, allow_nan=False))
def test_fast_scorer_equals_the_slow_total(tmp_path_factory, pts, w_s, w_w, logistic, base, level):
    """The timeline's scorer and the assessment's total agree to the last digit, and the scored
    value is the logistic (or clamp) of base + wS·ΣS + wW·ΣW."""
    tmp = tmp_path_factory.mktemp("r")
    rules = ["rules:"]
    for i, (p, warn) in enumerate(pts):
        rules += [f"  - id: r{i}", f"    factor: {'threats' if warn else 'membership'}", "    when: {fact: threat_level, gt: 0}",
                  f"    effect: {{points: {p}{', per: threat_level' if i % 2 else ''}}}", "    reason: x"]
    header = MINI_HEADER.replace("base: 50", f"base: {base}").replace("min: 0", "min: -1000").replace(
        "{name: low, from: 0}", "{name: low, from: -1000}")
    if logistic:
        header = MINI_HEADER.replace("base: 50", f"base: {base}") + SCALE
    warn_factors = "threats" if any(warn for _, warn in pts) else ""  # a factor no rule has is an error
    header += f"  combine: {{warning_factors: [{warn_factors}], weights: {{structural: {w_s}, warning: {w_w}}}}}\n"
    (tmp / "head.yaml").write_text(header)
    (tmp / "rules.yaml").write_text("\n".join(rules) + "\n" if pts else "rules: []\n")
    rs = loader.load_ruleset([tmp])
    fired = tuple(f"r{i}" for i in range(len(pts)))
    facts = Facts(D("2022-01-01"), {"threat_level": level})
    c = score.contributions(rs, fired, facts)
    fast = score.scorer(rs, fired)(facts.values)
    assert fast == (score.total(rs, c), *score.indices(rs, c))
    assert score.scorer(rs, fired, with_indices=False)(facts.values) == fast[0]  # the sweeps' score-only path
    s_sum = sum((Decimal(repr(x.points)) for x in c if x.index == "structural"), Decimal(0))
    w_sum = sum((Decimal(repr(x.points)) for x in c if x.index == "warning"), Decimal(0))
    raw = Decimal(repr(base)) + Decimal(repr(w_s)) * s_sum + Decimal(repr(w_w)) * w_sum
    if logistic:
        assert fast[0] == score.rounded(100 / (1 + math.exp(-(float(raw) - 50) / 18)))
    else:
        assert fast[0] == score.rounded(max(Decimal(-1000), min(Decimal(100), raw)))
    assert fast[1] == score.rounded(Decimal(repr(base)) + s_sum) and fast[2] == score.rounded(w_sum)


# --------------------------------------------------------------------------- validation (library and CLI)

BAD = [
    ("index: warning", "index: acute", "'acute' is not one of: structural, warning"),
    ("weights: {structural: 1, warning: 1}", "weights: {structural: 1, warning: -2}", "below the minimum 0"),
    ("weights: {structural: 1, warning: 1}", "weights: {structural: one, warning: 1}", "number"),
    ("logistic: {midpoint: 50, width: 18}", "logistic: {midpoint: 50, width: 0}", "width must be above 0"),
    ("logistic: {midpoint: 50, width: 18}", "logit: {midpoint: 50, width: 18}", "unknown field 'logit'"),
]


@pytest.mark.parametrize("old,new,words", BAD)
def test_bad_format_2_1_is_one_located_error(write, run, old, new, words):
    head = write("r/head.yaml", (MINI_HEADER + COMBINE + SCALE).replace(old, new))
    rules = write("r/rules.yaml", RULES.replace(old, new))
    with pytest.raises(InputError) as e:
        loader.load_ruleset([head.parent])
    assert words in str(e.value)
    out, _ = run("rules", "validate", head.parent, code=1)
    assert words in out and re.search(r"(head|rules)\.yaml:\d+:\d+: error", out), out
    _, err = run("assess", "finland", "--rules", head.parent, code=2)
    assert words in err and re.search(r"(head|rules)\.yaml:\d+:\d+", err) and "Traceback" not in err, err
    assert rules.exists()


def test_a_scale_needs_bounds_holding_0_to_100(write, run):
    head = write("r/head.yaml", (MINI_HEADER + SCALE).replace("max: 100", "max: 90"))
    write("r/rules.yaml", RULES)
    _, err = run("assess", "finland", "--rules", head.parent, code=2)
    assert re.search(r"head\.yaml:5:\d+: .*with a scale the bounds must hold its range 0\.\.100", err), err


def test_a_warning_factor_no_rule_has_is_one_located_error(write, run, rules_copy):
    """A typo in combine.warning_factors once only drew a lint warning, and the factor it meant
    silently counted as structural: now it stops every command that loads the rules."""
    words = ("combine.warning_factors names 'threat', a factor no rule has (the rules' factors: membership, threats); "
             "did you mean 'threats'?")
    head = write("r/head.yaml", MINI_HEADER + COMBINE.replace("[threats]", "[threat]"))
    write("r/rules.yaml", RULES)
    lines = head.read_text().splitlines()
    row = next(i for i, line in enumerate(lines, 1) if "warning_factors" in line)
    at = f"head.yaml:{row}:{lines[row - 1].index('threat') + 1}"  # the misspelt name itself
    with pytest.raises(InputError) as e:
        loader.load_ruleset([head.parent])
    assert words in str(e.value)
    out, _ = run("rules", "validate", head.parent, code=1)
    assert f"{at}: error: {words} [unused-warning-factor]" in out, out
    assert out.count("unused-warning-factor") == 1
    for args in (("assess", "finland", "--date", "2022-03-01", "--rules"), ("timeline", "finland", "--from", "2022-01-01",
                 "--rules"), ("explain", "finland", "--date", "2022-03-01", "--rules"), ("rules", "list", "--rules"),
                 ("rules", "test")):
        _, err = run(*args, head.parent, code=2)
        assert f"{at}: error: {words}" in err and "Traceback" not in err, (args, err)
        assert err.count("a factor no rule has") == 1, err
    # the bundled header, copied, with the factor of a whole file misspelt: the same error, located there
    header = rules_copy / "ruleset.yaml"
    header.write_text(header.read_text().replace("[threats, warning-signs]", "[threats, warning-sign]"))
    _, err = run("assess", "finland", "--date", "2022-03-01", "--rules", rules_copy, code=2)
    assert re.search(r"ruleset\.yaml:\d+:\d+: error: combine\.warning_factors names 'warning-sign', a factor no rule has .*"
                     r"did you mean 'warning-signs'\?", err), err


def test_the_rules_schema_knows_format_2_1():
    s = json.loads(__import__("assessor.spec", fromlist=["x"]).schema_text("rules"))
    header = s["properties"]["ruleset"]["properties"]
    assert {"combine", "scale"} <= set(header)
    assert s["properties"]["rules"]["items"]["properties"]["index"]["enum"] == ["structural", "warning"]


# --------------------------------------------------------------------------- every output shows both (CLI)


@pytest.fixture
def v21(tmp_path):
    """The frozen 2.0.0 rules with a format 2.1 header: threats and warning signs in the warning index,
    weights 1 and 1, a logistic scale.  (The bundled rules are 3.0.0, format 2.1 already, with other weights.)"""
    copy = tmp_path / "rules"
    shutil.copytree(RULES_2_0, copy, ignore=shutil.ignore_patterns("*.md"))
    head = copy / "ruleset.yaml"
    text = head.read_text()
    assert "  base: 28\n" in text and "combine:" not in text
    head.write_text(text.replace("  base: 28\n", "  base: 28\n" + COMBINE.lstrip("\n").replace("[threats]", "[threats, warning-signs]")
                                  + SCALE.lstrip("\n"), 1))
    return copy


def test_cli_outputs_show_both_indices(run, v21):
    out, _ = run("assess", "ukraine", "--date", "2022-01-15", "--rules", v21, "--format", "json")
    d = json.loads(out)[0]
    assert set(d["indices"]) == {"structural", "warning"} and d["indices"]["warning"] > 0
    assert all(c["index"] == ("warning" if c["factor"] in ("threats", "warning-signs") else "structural")
               for c in d["contributions"])
    s_sum = sum(Decimal(repr(c["points"])) for c in d["contributions"] if c["index"] == "structural")
    w_sum = sum(Decimal(repr(c["points"])) for c in d["contributions"] if c["index"] == "warning")
    assert d["indices"] == {"structural": score.rounded(Decimal(28) + s_sum), "warning": score.rounded(w_sum)}
    assert d["score"] == score.rounded(100 / (1 + math.exp(-(28 + float(s_sum + w_sum) - 50) / 18)))
    assert 0 < d["score"] < 100 and d["clamped"] is False
    text, _ = run("assess", "ukraine", "--date", "2022-01-15", "--rules", v21)
    assert f"structural exposure {d['indices']['structural']:.1f} \u00b7 warning {d['indices']['warning']:+.1f}" in text
    rows = list(csv.DictReader(io.StringIO(run("timeline", "ukraine", "--from", "2022-01-15", "--to", "2022-01-15",
                                               "--rules", v21, "--format", "csv")[0])))
    assert list(rows[0])[:5] == ["country", "date", "score", "structural", "warning"]
    assert (float(rows[0]["score"]), float(rows[0]["structural"]), float(rows[0]["warning"])) == (
        d["score"], d["indices"]["structural"], d["indices"]["warning"])
    explained, _ = run("explain", "ukraine", "--date", "2022-01-15", "--rules", v21)
    assert "Structural exposure" in explained and "Acute warning" in explained
    assert "  100 / (1 + exp(-(raw - 50) / 18)) → score" in explained
    ex = json.loads(run("explain", "ukraine", "--date", "2022-01-15", "--rules", v21, "--format", "json")[0])
    groups = {g["index"]: g for g in ex["waterfall"]["indices"]}
    assert sorted(groups["structural"]["rules"] + groups["warning"]["rules"]) == sorted(
        c["rule"] for c in ex["contributions"])


def test_a_2_0_rule_set_shows_warning_zero(run):
    d = json.loads(run("assess", "finland", "--date", "2022-05-20", "--rules", RULES_2_0, "--format", "json")[0])[0]
    assert d["indices"]["warning"] == 0.0
    assert d["indices"]["structural"] == score.rounded(Decimal(repr(d["raw"])))
    assert {c["index"] for c in d["contributions"]} == {"structural"}


def test_parallel_timeline_carries_the_indices(run, v21):
    args = ("timeline", "ukraine", "finland", "--from", "2021-10-01", "--to", "2022-02-20", "--step", "week",
            "--rules", v21, "--format", "csv")
    serial, _ = run(*args, "--jobs", "1")
    parallel, _ = run(*args, "--jobs", "2")  # each worker sends score, structural and warning per date
    assert serial == parallel
    rows = list(csv.DictReader(io.StringIO(serial)))
    assert any(float(r["warning"]) > 0 for r in rows) and any(float(r["warning"]) == 0 for r in rows)


def test_report_groups_the_explanation_by_index(run, v21, tmp_path):
    out = tmp_path / "r.md"
    run("report", "ukraine", "--from", "2021-12-01", "--to", "2022-02-15", "--date", "2022-02-15", "--rules", v21,
        "-o", out)
    text = out.read_text(encoding="utf-8")
    assert "**Structural exposure:" in text and "**Acute warning: +" in text
    assert re.search(r"\(structural \d+\.\d · warning \+\d+(\.\d)?\)", text), text[:2000]
    assert "score = 100 / (1 + exp(-(raw - 50) / 18))" in text


@pytest.mark.parametrize("country, day", [("finland", "2022-06-01"), ("kuwait-1990", "1990-07-25"),
                                          ("ukraine", "2014-03-01"), ("estonia", "2023-01-01"),
                                          ("ukraine", "2025-06-30")])
def test_assess_text_shows_the_arithmetic_that_gives_its_score(run, country, day):
    """The structural index shown includes the base and counts at half weight: the third line writes the
    combination with the day's numbers, and they give the score shown (a reader can check it by hand)."""
    out, _ = run("assess", country, "--date", day)
    head, indices, raw = out.splitlines()[:3]
    shown = float(re.search(r"score (\d+\.\d)", head).group(1))
    m = re.fullmatch(r"  raw = (\S+) \+ 0\.5 × \(?(-?[\d.]+)\)? \+ \(?(-?[\d.]+)\)? = (-?[\d.]+) → score (\d+\.\d) \(logistic scale; see explain\)",
                     raw)
    assert m, raw
    base, s, w, total, sc = (float(x) for x in m.groups())
    structural = float(re.search(r"structural exposure (-?[\d.]+)", indices).group(1))
    assert math.isclose(base + s, structural, abs_tol=0.051)  # the index shown is base + Σ structural
    # the terms printed add up to the raw value printed (each term to two decimals; the sums had been
    # rounded to one, and 28 + 0.5 × 57.4 + 60.1 read "= 116.9" beside terms giving 116.8)
    assert math.isclose(base + 0.5 * s + w, total, abs_tol=0.0051)
    assert sc == shown and math.isclose(100 / (1 + math.exp(-(total - 50) / 18)), shown, abs_tol=0.3)


def test_a_yes_or_no_fact_reads_as_a_word_in_a_reason(run):
    """A bool fact in a reason template printed Python's True ("standing today: True")."""
    out, _ = run("explain", "kuwait-1990", "--date", "1990-07-30")
    assert "standing today: yes;" in out and "True" not in out
