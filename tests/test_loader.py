"""Load stage: structure and meaning errors, each with its file and line."""

from __future__ import annotations

import pytest
from conftest import MINI_HEADER, MINI_PROFILE

from assessor import loader
from assessor.errors import InputError


def rule_problems(write, body: str):
    write("rules/head.yaml", MINI_HEADER)
    f = write("rules/r.yaml", body)
    with pytest.raises(InputError) as exc:
        loader.load_ruleset([f.parent])
    return exc.value.problems


def profile_problems(write, text: str):
    f = write("p.yaml", text)
    with pytest.raises(InputError) as exc:
        loader.load_profiles([f])
    return exc.value.problems


RULE = """
rules:
  - id: r1
    factor: membership
    when: {fact: status, eq: member}
    effect: {points: -10}
    reason: "Member."
"""


def test_minimal_rules_load(write):
    write("rules/head.yaml", MINI_HEADER)
    write("rules/r.yaml", RULE)
    rs = loader.load_ruleset([write("rules/r.yaml", RULE).parent])
    assert [r.id for r in rs.rules] == ["r1"]
    assert rs.level_of(0) == "low" and rs.level_of(80) == "critical" and rs.level_of(79.9) == "high"


@pytest.mark.parametrize(
    "old, new, code, line, words",
    [
        ("fact: status, eq: member", "fact: statu, eq: member", "unknown-fact", 4, "did you mean 'status'"),
        ("fact: status, eq: member", "fact: status, eq: 5", "type-mismatch", 4, "can never match"),
        ("fact: status, eq: member", "fact: status, eq: membr", "bad-value", 4, "did you mean 'member'"),
        ("fact: status, eq: member", "fact: status, in: []", "empty-list", 4, "at least 1"),
        ("fact: status, eq: member", "fact: status, gt: 3", "type-mismatch", 4, "needs a number fact"),
        ("fact: status, eq: member", "fact: status, equals: member", "unknown-field", 4, "did you mean 'eq'"),
        ("fact: status, eq: member", "fact: threat_level, gt: high", "type-mismatch", 4, "can never match"),
        ("factor: membership", "factr: membership", "unknown-field", 3, "did you mean 'factor'"),
        ("points: -10", "points: ten", "wrong-type", 5, "expected a number"),
        ('reason: "Member."', 'reason: "Member for {days_in_statu} days."', "unknown-template-fact", 6, "days_in_status"),
        ("effect: {points: -10}", "effect: {points: -10, per: status}", "type-mismatch", 5, "needs a number fact"),
    ],
)
def test_rule_errors_are_located(write, old, new, code, line, words):
    assert old in RULE
    found = rule_problems(write, RULE.replace(old, new))
    assert code in [p.code for p in found], found
    p = next(p for p in found if p.code == code)
    assert p.line == line and p.file.endswith("r.yaml")
    assert words in p.message


def test_missing_required_rule_field(write):
    found = rule_problems(write, RULE.replace('    reason: "Member."\n', ""))
    assert [(p.code, p.line) for p in found] == [("missing-field", 2)]


def test_duplicate_rule_ids(write):
    body = RULE + RULE.replace("rules:\n", "")
    found = rule_problems(write, body)
    assert [(p.code, p.line) for p in found] == [("duplicate-rule-id", 8)]


def test_ruleset_needs_exactly_one_header(write):
    f = write("rules/r.yaml", RULE)
    with pytest.raises(InputError) as exc:
        loader.load_ruleset([f])
    assert exc.value.problems[0].code == "missing-header"


def test_minimal_profile_loads(write):
    ps = loader.load_profiles([write("p.yaml", MINI_PROFILE)])
    p = ps.resolve("tst")
    assert p.id == "testland" and len(p.events) == 4
    assert ps.resolve("TESTLAND") is p and ps.resolve("Testland") is p


def test_unknown_country_suggests(write):
    ps = loader.load_profiles([write("p.yaml", MINI_PROFILE)])
    with pytest.raises(Exception) as exc:
        ps.resolve("testlnd")
    assert "did you mean 'testland'" in str(exc.value)


@pytest.mark.parametrize(
    "old, new, code, line",
    [
        ("    summary: A threat.\n    source: {publisher: Test, title: Threat, date: 2021-06-01}\n",
         "    summary: A threat.\n", "missing-source", 22),
        ("status: applicant", "status: aplicant", "bad-value", 19),
        ("severity: 2", "severity: 9", "bad-value", 26),
        ("severity: 2", "severity: two", "wrong-type", 26),
        ("weighs_days: 100", "weighs_days: 100\n    colour: red", "unknown-field", 28),
        ("- date: 2022-01-01", "- date: 2022-02-30", "bad-date", 30),
        ("covers: {from: 2020-01-01, to: 2024-12-31}", "covers: {from: 2020-01-01, to: 2019-12-31}", "end-before-start", 6),
    ],
)
def test_profile_errors_are_located(write, old, new, code, line):
    assert old in MINI_PROFILE
    found = profile_problems(write, MINI_PROFILE.replace(old, new))
    assert code in [p.code for p in found], found
    assert next(p for p in found if p.code == code).line == line


def test_agreement_ending_before_it_starts(write):
    text = MINI_PROFILE + """
  - date: 2021-03-01
    kind: agreement
    party: United States
    type: statement_of_intent
    ended: 2021-01-01
    summary: An agreement.
    source: {publisher: Test, title: Agreement, date: 2021-03-01}
"""
    found = profile_problems(write, text)
    assert [(p.code, p.line) for p in found] == [("end-before-start", 40)]


def test_default_data_loads_cleanly():
    rs = loader.load_ruleset()
    ps = loader.load_profiles()
    assert {"finland", "sweden"} <= set(ps.profiles)
    assert len(rs.rules) >= 10
    for p in ps.profiles.values():
        assert all(e.source.publisher and e.source.title for e in p.events)


def test_a_rule_set_of_its_own_hashes_only_its_own_files(tmp_path):
    """A folder with its own `ruleset:` header replaces the bundled rule set; its hash (the provenance every output
    carries) still covered the bundled files it replaced, so an exact copy of the bundled rules hashed unlike them,
    the same rules hashed one way with `--no-defaults` (and in `rules diff`) and another without, and an upgrade of
    assessor changed the hash of an analyst's untouched rules.  Now only the set's own files count; the other side:
    an edit changes it."""
    import shutil

    bundled = loader.load_ruleset()
    copy = tmp_path / "mine"
    shutil.copytree(loader.default_dir("rules"), copy, ignore=shutil.ignore_patterns("tests", "uncertainty"))
    mine = loader.load_ruleset([copy], defaults=True)
    assert mine.sha256 == loader.load_ruleset([copy]).sha256 == bundled.sha256
    assert all(str(copy) in f for f in mine.files), mine.files
    first = sorted(copy.glob("*.yaml"))[0]
    first.write_text(first.read_text(encoding="utf-8") + "# an edit\n", encoding="utf-8")
    assert loader.load_ruleset([copy], defaults=True).sha256 != bundled.sha256
