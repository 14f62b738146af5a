"""Rule tests (``rules/tests/*.yaml``): pytest runs every default case, and the
``assessor rules test`` command reports failures with file:line and coverage."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from assessor import authoring, loader
from assessor.facts import FACTS

DEFAULT_TESTS = authoring.tests_beside(None)
DEFAULT_CASES = authoring.load_cases(DEFAULT_TESTS, loader.load_ruleset(), loader.load_profiles())


@pytest.mark.parametrize("case", DEFAULT_CASES, ids=[f"{c.loc.file.rsplit('/', 1)[-1]}:{c.loc.line}" for c in DEFAULT_CASES])
def test_default_rule_case(default_assessor, case):
    """Each default rule test is a pytest test of its own."""
    result = authoring.run_case(default_assessor, case)
    assert result.passed, f"{case.loc.file}:{case.loc.line}: case {case.name}: {'; '.join(result.differences)}"


def test_default_rule_tests_cover_every_rule(default_assessor):
    run = authoring.run_tests(default_assessor, DEFAULT_CASES)
    assert run.not_exercised == [] and run.coverage == 100


def test_default_tests_include_the_seeds_reasoning_on_real_profiles():
    on_record = {(c.profile, c.date.isoformat()): c for c in DEFAULT_CASES if c.profile}
    assert "window-of-vulnerability" in on_record[("finland", "2022-06-01")].fires
    assert "defence-guarantee" in on_record[("finland", "2023-06-01")].fires
    assert "window-of-vulnerability" in on_record[("sweden", "2023-06-01")].fires
    assert on_record[("finland", "2023-06-01")].level == "low"


def test_rules_test_command(run):
    out, err = run("rules", "test")
    lines = out.splitlines()
    assert lines[0] == f"{len(DEFAULT_CASES)} passed, 0 failed"
    n = len(loader.load_ruleset().rules)
    assert lines[1].startswith(f"rule coverage: 100% ({n} of {n} rules") and len(lines) == 2
    assert err == ""


# A protected member: defence-guarantee -30 structural points at weight 0.5,
# raw 28 - 15 = 13, score 100 / (1 + exp(37 / 18)) = 11.35 -> 11.3 (rules 3.0.0).
FAILING = """
cases:
  - name: passes
    facts: {status: member, protection: 1}
    fires: [defence-guarantee]

  - name: a member in the window
    facts: {status: member, protection: 1}
    fires: [window-of-vulnerability]
    not_fires: [defence-guarantee]
    score: {min: 50}
    level: high
"""


def test_a_failing_case_is_reported_with_file_and_line(run, rules_copy):
    f = rules_copy / "tests" / "zz-failing.yaml"
    f.write_text(FAILING.lstrip())
    out, _ = run("rules", "test", rules_copy, code=1)
    assert (f"{f}:6: case a member in the window: expected to fire: window-of-vulnerability "
            "(fired: defence-guarantee); expected not to fire: defence-guarantee; "
            "score 11.3, expected at least 50.0; level low, expected high") in out.splitlines()
    assert f"{len(DEFAULT_CASES) + 1} passed, 1 failed" in out


# A member with nothing else on record fires no rule (rules 3.0.0): raw = base 28,
# score 100 / (1 + exp(22 / 18)) = 22.75 -> 22.8.
@pytest.mark.parametrize(
    "score, words",
    [("22.8", None), ("23", "score 22.8, expected 23.0"), ("{min: 0, max: 20}", "score 22.8, expected 0.0..20.0"),
     ("{max: 20}", "score 22.8, expected at most 20.0"), ("{min: 22.8, max: 22.8}", None),
     ("22.85", "score 22.8, expected 22.85")],
)
def test_score_expectations(run, write, score, words):
    f = write("t.yaml", f"cases:\n  - name: member\n    facts: {{status: member}}\n    score: {score}\n")
    out, _ = run("rules", "test", "--tests", f, code=1 if words else 0)
    assert (words in out) if words else out.startswith("1 passed, 0 failed")


def test_a_whole_score_is_shown_to_one_decimal_as_everywhere_else(run, write):
    """`rules test` wrote `score 50, expected 61` (`:g`) where every other output writes a score to one
    decimal (a new user's review): a failing case's score and its expectation read `50.0`, `61.0`."""
    from conftest import MINI_HEADER
    write("r/head.yaml", MINI_HEADER + "rules: []\n")
    f = write("r/tests/t.yaml", "cases:\n  - name: nothing\n    facts: {status: member}\n    score: 61\n")
    out, _ = run("rules", "test", f.parent.parent, code=1)
    assert f"{f}:2: case nothing: score 50.0, expected 61.0" in out.splitlines()


def test_coverage_names_the_rules_never_exercised(run, write):
    f = write("t.yaml", "cases:\n  - name: member\n    facts: {status: member, protection: 1}\n"
                        "    fires: [defence-guarantee]\n")
    out, _ = run("rules", "test", "--tests", f)
    rules = loader.load_ruleset().rules
    n = len(rules)
    assert f"rule coverage: {int(100 / n)}% (1 of {n} rules fired in at least one case)" in out
    others = [r.id for r in rules if r.id != "defence-guarantee"]  # every other rule, in the rule set's order
    assert "not exercised: " + ", ".join(others) + "\n" in out
    run("rules", "test", "--tests", f, "--min-coverage", "100", code=1)


def test_json_output(run, write):
    f = write("t.yaml", FAILING.lstrip())
    out, _ = run("rules", "test", "--tests", f, "--format", "json", code=1)
    doc = json.loads(out)
    assert (doc["passed"], doc["failed"]) == (1, 1)
    fail = doc["failures"][0]
    assert (fail["file"], fail["line"], fail["case"]) == (str(f), 6, "a member in the window")
    assert fail["fired"] == ["defence-guarantee"] and fail["level"] == "low"
    assert doc["coverage"]["exercised"] == ["defence-guarantee"]


def test_no_tests_found_is_an_input_error(run, tmp_path, rules_copy):
    for f in (rules_copy / "tests").iterdir():
        f.unlink()
    _, err = run("rules", "test", rules_copy, code=2)
    assert "no rule tests found" in err


def test_neutral_facts_give_every_always_present_fact():
    assert set(authoring.NEUTRAL_FACTS) == {n for n, f in FACTS.items() if f.always}
    assert authoring.neutral_facts({"status": "member"})["status_rank"] == 5
    assert authoring.neutral_facts({"status_rank": 2})["status"] == "applicant"
    assert authoring.neutral_facts({})["status"] == "none"


def test_profile_case_with_facts_overrides(default_assessor, write):
    """A profile and date with some facts changed: a counterfactual as a test."""
    f = write("t.yaml", """
        cases:
          - name: Finland without its interim assurances
            profile: FI
            date: 2022-06-01
            facts: {interim_active: 0, interim_rank: 0, interim_nuclear: 0}
            fires: [window-without-bridge]
            not_fires: [interim-assurances]
    """)
    cases = authoring.load_cases([f], default_assessor.ruleset, default_assessor.profiles)
    assert authoring.run_tests(default_assessor, cases).failures == []


def test_case_errors_are_collected_with_locations(write, default_assessor):
    f = write("t.yaml", "cases:\n  - name: x\n    facts: {status: member}\n    fires: [nope]\n    level: top\n")
    problems: list = []
    authoring.load_cases([f], default_assessor.ruleset, default_assessor.profiles, collect=problems)
    assert [(p.line, p.code) for p in sorted(problems)] == [(4, "unknown-rule"), (5, "bad-value")]


MOVING_RULES = """
rules:
  - id: my-rule
    factor: threats
    description: mine
    when: {fact: threats_90d, gte: 3}
    effect: {points: 2}
    reason: mine
  - id: my-window
    factor: membership
    description: mine, heavier
    when: {fact: status, eq: applicant}
    effect: {points: 35}
    reason: mine
"""
MY_CASES = """
cases:
  - name: three threats fire my rule
    facts: {status: partner, threats_90d: 3}
    fires: [my-rule]
  - name: an applicant is in my window
    facts: {status: applicant}
    fires: [my-window]
"""


def test_a_project_s_rules_that_move_bundled_records_do_not_fail_the_bundled_tests(run, in_dir):
    """In a project whose rules move a bundled record, `rules test` failed on a dozen bundled cases the analyst
    cannot edit (exit 1), and its own tests alone (`--tests rules/tests`) read a coverage of the whole set, 34 %,
    so `--min-coverage 100` could never pass (a new user's review).  A bundled case that the added rules move
    (it passes on the bundled rules alone) is listed apart, not failed; the analyst's tests alone cover the added
    rules."""
    (in_dir / "assessor.toml").write_text('rules = ["rules"]\n', encoding="utf-8")
    (in_dir / "rules" / "tests").mkdir(parents=True)
    (in_dir / "rules" / "mine.yaml").write_text(MOVING_RULES.lstrip(), encoding="utf-8")
    (in_dir / "rules" / "tests" / "mine.yaml").write_text(MY_CASES.lstrip(), encoding="utf-8")
    record = loader.default_dir("rules") / "tests" / "record.yaml"
    out, err = run("rules", "test")
    lines = out.splitlines()
    assert any(line.startswith(f"{record}:18: moved case ") and ": moved by the added rules: level high, expected "
               "elevated" in line for line in lines), out
    assert not any(": case " in line for line in lines), out  # a failure's shape: a script counting them counts 0
    [counts] = [line for line in lines if " passed, " in line]
    assert re.fullmatch(r"\d+ passed, 0 failed, \d+ bundled cases moved by the added rules \(they pass on the "
                        r"bundled rules alone: not failures\)", counts), counts
    assert "replaces" not in err, err
    doc = json.loads(run("rules", "test", "--format", "json")[0])
    assert doc["failed"] == 0 and doc["failures"] == [] and doc["coverage"]["rules"] == "all"
    assert doc["moved"] and all(m["file"].startswith(str(loader.default_dir("rules"))) for m in doc["moved"])
    assert doc["passed"] + len(doc["moved"]) == len(DEFAULT_CASES) + 2
    # one moved case reads as one (a stranger's review: "1 bundled case moved … (they pass …)")
    out, _ = run("rules", "test", "--tests", record)
    assert out.splitlines()[1] == ("17 passed, 0 failed, 1 bundled case moved by the added rules (it passes on the "
                                   "bundled rules alone: not a failure)"), out
    out, _ = run("rules", "test", "--tests", Path("rules") / "tests", "--min-coverage", "100")
    assert out == "2 passed, 0 failed\nrule coverage: 100% (2 of 2 added rules fired in at least one case)\n"
    assert json.loads(run("rules", "test", "--tests", Path("rules") / "tests", "--format", "json")[0])[
        "coverage"] == {"percent": 100.0, "exercised": ["my-rule", "my-window"], "not_exercised": [],
                        "rules": "added"}
    # the analyst's own failing case still fails, and the coverage names the added rule never exercised
    (in_dir / "rules" / "tests" / "mine.yaml").write_text(
        MY_CASES.lstrip().replace("facts: {status: applicant}", "facts: {status: partner}"), encoding="utf-8")
    out, _ = run("rules", "test", "--tests", Path("rules") / "tests", code=1)
    assert "1 passed, 1 failed" in out and "not exercised: my-window" in out


BROKEN_REPLACEMENT = """
rules:
  - id: my-rule
    factor: threats
    description: mine
    when: {fact: threats_90d, gte: 3}
    effect: {points: 2}
    reason: mine
  - id: land-border
    factor: exposure
    description: typo in the condition makes it never fire
    when: {fact: hostile_border_km, gt: 1000000}
    effect: {points: 0.005, per: hostile_border_km, cap: 8}
    reason: "Land border {hostile_border_km} km."
"""


def test_a_bundled_case_a_replaced_rule_changes_stays_a_failure(run, in_dir):
    """A project whose rule replaced bundled `land-border` with a condition that never holds passed `rules test`
    (exit 0): the ten bundled cases of land-border were listed as 'moved by the added rules', though no rule was
    added and they are the only tests of the replacement (a stranger's review).  A bundled case that a replaced
    rule reads (fired, or named by fires/not_fires) fails, said to be changed by the replacement; only an added
    rule's moves (a score, a level) are listed apart."""
    (in_dir / "assessor.toml").write_text('rules = ["rules"]\n', encoding="utf-8")
    (in_dir / "rules").mkdir()
    (in_dir / "rules" / "repl.yaml").write_text(BROKEN_REPLACEMENT.lstrip(), encoding="utf-8")
    exposure = loader.default_dir("rules") / "tests" / "exposure.yaml"
    out, err = run("rules", "test", code=1)
    assert "moved by the added rules" not in out, out
    assert (f"{exposure}:23: case a 999 km border is not yet a long border: expected to fire: land-border (fired: "
            "adversary-next-door, partner-without-guarantee) (changed by your replacement of 'land-border': it passes "
            "on the bundled rules alone)\n") in out, out
    assert re.search(r"^\d+ passed, 10 failed$", out, re.M), out
    assert "replaces the bundled rule 'land-border'" in err
    doc = json.loads(run("rules", "test", "--format", "json", code=1)[0])
    assert doc["failed"] == 10 and doc["moved"] == []
    assert all(f["replaced"] == ["land-border"] for f in doc["failures"])
    # in the rule set's order: a rule replacing a bundled one stands where it stood
    (in_dir / "rules" / "tests").mkdir()
    (in_dir / "rules" / "tests" / "mine.yaml").write_text(
        "cases:\n  - name: mine\n    facts: {threats_90d: 3, hostile_border_km: 2000000}\n"
        "    fires: [my-rule, land-border]\n", encoding="utf-8")
    assert json.loads(run("rules", "test", "--tests", Path("rules") / "tests", "--format", "json")[0])[
        "coverage"] == {"percent": 100.0, "exercised": ["land-border", "my-rule"], "not_exercised": [],
                        "rules": "added"}


def _keys(value) -> set[str]:
    """Every key of a JSON document, at any depth (a list's items too)."""
    if isinstance(value, dict):
        return set(value) | {k for v in value.values() for k in _keys(v)}
    if isinstance(value, list):
        return {k for v in value for k in _keys(v)}
    return set()


def test_the_json_of_rules_test_is_documented_in_the_contract(run, in_dir):
    """`rules test --format json` (and its new `moved`, `coverage.rules`, and what `passed` counts) was documented
    only in prose in docs/authoring.md, not on docs/json.md, the JSON contract page (a stranger's review)."""
    (in_dir / "assessor.toml").write_text('rules = ["rules"]\n', encoding="utf-8")
    (in_dir / "rules").mkdir()
    (in_dir / "rules" / "mine.yaml").write_text(MOVING_RULES.lstrip(), encoding="utf-8")
    doc = json.loads(run("rules", "test", "--format", "json")[0])
    assert doc["moved"], doc
    contract = (Path(__file__).resolve().parent.parent / "docs" / "json.md").read_text(encoding="utf-8")
    [item] = [p for p in contract.split("\n- ") if p.startswith("`rules test --format json`")]
    assert {k for k in _keys(doc) if f"`{k}`" not in item} == set(), item
    assert "passed + failed +\n  len(moved)" in item or "passed + failed + len(moved)" in item.replace("\n  ", " ")


REWORDED_REPLACEMENT_AND_AN_ADDED_RULE = """
rules:
  - id: land-border
    factor: exposure
    description: the bundled rule, its reason reworded
    when: {fact: hostile_border_km, gt: 0}
    effect: {points: 0.005, per: hostile_border_km, cap: 8}
    reason: "Land border of {hostile_border_km} km with hostile states."
  - id: my-extra
    factor: exposure
    description: an added rule that moves every score
    when: {fact: hostile_border_km, gte: 0}
    effect: {points: 15}
    reason: extra
"""


def test_a_replacement_that_changes_nothing_is_not_blamed_for_an_added_rules_moves(run, in_dir):
    """A second review: a project that rewords bundled `land-border` (same condition and points) and adds a rule
    failed 13 bundled cases 'changed by your replacement of land-border', exit 1, though the replacement alone
    passes every case and the added rule alone moves the same cases to the same scores.  A replaced rule is
    blamed only when putting the bundled rule back (the added ones kept) changes the case's outcome."""
    (in_dir / "assessor.toml").write_text('rules = ["rules"]\n', encoding="utf-8")
    (in_dir / "rules").mkdir()
    (in_dir / "rules" / "repl.yaml").write_text(REWORDED_REPLACEMENT_AND_AN_ADDED_RULE.lstrip(), encoding="utf-8")
    out, _ = run("rules", "test")
    assert "changed by your replacement" not in out and re.search(r"^\d+ passed, 0 failed, \d+ bundled cases moved",
                                                                  out, re.M), out
    doc = json.loads(run("rules", "test", "--format", "json")[0])
    assert doc["failed"] == 0 and doc["moved"] and not any(m.get("replaced") for m in doc["moved"])
