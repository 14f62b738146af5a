"""Evaluate stage: the YAML condition language compiled to durable-rules.

Each case states the expected truth by hand; the engine must agree.  The
semantics: a comparison on an absent fact is false; `not` is true negation.
"""

from __future__ import annotations

import os
import subprocess
import sys

from conftest import MINI_HEADER

from assessor import loader
from assessor.engine import Engine, compile_condition

FACTS = {"kind": "assessment", "status": "applicant", "status_rank": 2, "threat_level": 3.5,
         "mutual_assistance": True, "agreement_rank": 0}  # days_in_status absent on purpose

CASES = [
    ("{fact: status, eq: applicant}", True),
    ("{fact: status, eq: member}", False),
    ("{fact: status, ne: member}", True),
    ("{fact: status, ne: applicant}", False),
    ("{fact: status, in: [invited, applicant]}", True),
    ("{fact: status, in: [member]}", False),
    ("{fact: threat_level, gt: 3}", True),
    ("{fact: threat_level, gt: 3.5}", False),
    ("{fact: threat_level, gte: 3.5}", True),
    ("{fact: threat_level, lt: 3.5}", False),
    ("{fact: threat_level, lte: 3.5}", True),
    ("{fact: agreement_rank, eq: 0}", True),
    ("{fact: mutual_assistance, eq: true}", True),
    ("{fact: mutual_assistance, eq: false}", False),
    ("{fact: days_in_status, present: true}", False),
    ("{fact: days_in_status, present: false}", True),
    ("{fact: days_in_status, gt: 0}", False),
    ("{fact: days_in_status, ne: 5}", False),
    ("{not: {fact: days_in_status, gt: 0}}", True),
    ("{not: {fact: days_in_status, eq: 5}}", True),
    ("{not: {fact: status, in: [applicant, member]}}", False),
    ("{not: {fact: status, in: [member, partner]}}", True),
    ("{not: {fact: threat_level, gt: 3}}", False),
    ("{not: {not: {fact: threat_level, gt: 3}}}", True),
    ("{all: [{fact: status, eq: applicant}, {fact: threat_level, gt: 1}]}", True),
    ("{all: [{fact: status, eq: applicant}, {fact: threat_level, gt: 5}]}", False),
    ("{any: [{fact: status, eq: member}, {fact: threat_level, gt: 5}]}", False),
    ("{any: [{fact: status, eq: applicant}, {fact: threat_level, gt: 1}]}", True),
    ("{not: {all: [{fact: status, eq: applicant}, {fact: threat_level, gt: 5}]}}", True),
    ("{not: {any: [{fact: status, eq: applicant}, {fact: threat_level, gt: 5}]}}", False),
]


def build(write, conditions):
    rules = "rules:\n" + "".join(
        f"  - id: c{i}\n    factor: t\n    when: {cond}\n    effect: {{points: 1}}\n    reason: x\n"
        for i, cond in enumerate(conditions)
    )
    write("r/head.yaml", MINI_HEADER)
    f = write("r/rules.yaml", rules)
    return loader.load_ruleset([f.parent])


def test_operators_match_hand_computed_truth(write):
    rs = build(write, [c for c, _ in CASES])
    fired = set(Engine(rs).fired(FACTS))
    for i, (cond, expected) in enumerate(CASES):
        assert (f"c{i}" in fired) == expected, cond


def test_more_rules_than_one_ruleset_holds(write):
    conds = [f"{{fact: threat_level, gt: {i}}}" for i in range(3 * 64 + 5)]
    rs = build(write, conds)
    fired = Engine(rs).fired({"kind": "assessment", "threat_level": 20})
    assert fired == tuple(f"c{i}" for i in range(20))


def test_plan_packs_as_checking_each_rule_alone_does(write):
    """plan() builds one network of all the rules when they fit one ruleset together; checking each rule
    alone first (what it does otherwise, to name a rule at fault) packs the same engine rules."""
    from assessor.engine import durable

    for rs in (loader.load_ruleset(), build(write, [c for c, _ in CASES])):
        items = []
        for rule in rs.rules:
            compiled, problems = durable.rule_problems(rule)
            assert not problems, problems
            items.extend(compiled.items())
        assert durable.plan(rs).rulesets == [dict(items)]


def test_any_with_several_true_branches_fires_once(write):
    rs = build(write, ["{any: [{fact: status, eq: applicant}, {fact: threat_level, gt: 1}, {fact: status_rank, eq: 2}]}"])
    assert Engine(rs).fired(FACTS) == ("c0",)


def test_repeated_evaluation_is_stable(write):
    rs = build(write, [c for c, _ in CASES])
    e = Engine(rs)
    first = e.fired(FACTS)
    for _ in range(200):
        assert e.fired(FACTS) == first
        e.fired({"kind": "assessment", "status": "member", "status_rank": 5, "threat_level": 0})


def test_ne_compiles_to_neq_not_ne(write):
    rs = build(write, ["{fact: status, ne: member}"])
    text = repr(compile_condition(rs.rules[0].when))
    assert "$neq" in text and "'$ne'" not in text


def test_view_separates_threshold_sides(write):
    rs = build(write, ["{fact: threat_level, gt: 3}"])
    e = Engine(rs)
    base = {"kind": "assessment"}
    assert e.view({**base, "threat_level": 4}) == e.view({**base, "threat_level": 9})
    assert e.view({**base, "threat_level": 3}) != e.view({**base, "threat_level": 3.1})
    assert e.view({**base, "threat_level": 2}) == e.view({**base, "threat_level": 0})


def test_without_durable_rules_assessing_fails(tmp_path):
    """Make the engine unimportable: assessing must fail, so it really is the engine."""
    blocker = tmp_path / "block"
    blocker.mkdir()
    (blocker / "durable_rules_engine.py").write_text("raise ImportError('blocked by test')\n")
    (blocker / "durable").mkdir()
    (blocker / "durable" / "__init__.py").write_text("raise ImportError('blocked by test')\n")
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(blocker)] + sys.path))
    proc = subprocess.run([sys.executable, "-m", "assessor", "assess", "finland", "--date", "2022-06-01"],
                          capture_output=True, text=True, env=env, cwd=tmp_path)
    assert proc.returncode == 2
    assert "durable-rules is not installed or does not import" in proc.stderr
    assert "Traceback" not in proc.stderr and proc.stdout == ""
