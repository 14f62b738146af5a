"""Hostile input, fifteenth round (2026-12-07): the leads round 14 left open (an adversary_pact's partner a scenario
could not set, …), then the doors added last (project files, scenario and uncertainty files, sweep, sensitivity, init
and profiles new).

Each test here failed before the fix it names, except the other-side checks beside them (a valid input that still
works the same).  Kept fast: CI is near its time limit (no Monte Carlo or sweep of more than a few samples).
"""

from __future__ import annotations

import json

import pytest
from hostile_common import REPO, one_line_error  # noqa: F401 (REPO: the later sections)

# --------------------------------------------------------------------------- 1. a scenario that sets a pact's partner

PARTNER = """name: another partner
changes:
  - profile: armenia
    set: {date: 2022-02-22, kind: adversary_pact}
    fields: {partner: PARTNER}
"""


@pytest.mark.parametrize(("partner", "said"), [
    ("France", None),
    ("Narnia", "s.yaml:5:23: error: unknown state or organisation 'Narnia'"),
    ("Armenia", "s.yaml:3:5: error: after this change: partner 'Armenia' is the country itself")],
    ids=["valid", "unknown", "itself"])
def test_a_scenario_sets_an_adversary_pacts_partner(in_dir, run, partner, said):
    """`set: {date: 2022-02-22, kind: adversary_pact}` with `fields: {partner: France}` was refused, 'unknown field
    'partner' in fields; did you mean 'party'?', exit 2: a pact's actor could be set, its partner (the other name the
    event holds) not.  Set now and resolved as the profile loader resolves it: Russia is no longer the guarantor
    aligned with Azerbaijan; an unknown name or the country itself is a located error, exit 2."""
    (in_dir / "s.yaml").write_text(PARTNER.replace("PARTNER", partner), encoding="utf-8")
    args = ("explain", "armenia", "--date", "2022-06-01", "--format", "json")
    if said is None:
        before = {c["rule"] for c in json.loads(run(*args)[0])["contributions"]}
        after = {c["rule"] for c in json.loads(run(*args, "--scenario", "s.yaml")[0])["contributions"]}
        assert "guarantor-aligned-with-adversary" in before - after, (before, after)
        return
    _, err = run(*args, "--scenario", "s.yaml", code=2)
    assert said in err, err
