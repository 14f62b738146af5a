"""Hostile input: inputs that look valid but are built to break something.

Every bad input gets one located message (file:line:col where it comes from a
file), a non-zero exit (2 for input and usage errors) and never a traceback.
"""

from __future__ import annotations

import re

import pytest

from conftest import MINI_HEADER, MINI_PROFILE

TRACEBACK = re.compile(r"Traceback|Exception ignored|Error:|^\s+File \"", re.M)


def clean(text: str) -> None:
    assert not TRACEBACK.search(text), text


# --------------------------------------------------------------------------- A1-A3: values that look valid

@pytest.mark.parametrize("value", ["!!bool maybe", "!!int ''", "!!float x", "!!timestamp nope", "!!binary aGVsbG8="])
def test_explicit_tags_with_bad_values_in_rules_and_profiles(run, rules_copy, write, value):
    text = (rules_copy / "exposure.yaml").read_text().replace("factor: exposure", f"factor: {value}", 1)
    (rules_copy / "exposure.yaml").write_text(text)
    line = next(i for i, ln in enumerate(text.splitlines(), 1) if value in ln)
    _, err = run("assess", "finland", "--date", "2022-06-01", "--rules", rules_copy, code=2)
    assert f"exposure.yaml:{line}:13: error:" in err and err.count(": error:") == 1
    profile = write("p/testland.yaml", MINI_PROFILE.replace("name: Testland", f"name: {value}"))
    out, err = run("profiles", "validate", profile, code=1)
    assert f"testland.yaml:2:7: error:" in out
    clean(out + err)


def test_integers_beyond_the_digit_limit(run, write):
    profile = write("p/testland.yaml", MINI_PROFILE.replace("value: 500", "value: " + "7" * 5000))
    out, err = run("profiles", "validate", profile, code=1)
    assert "testland.yaml:9:12: error: cannot read the number" in out and len(out) < 300
    _, err = run("assess", "testland", "--profiles", profile, "--date", "2022-01-01", code=2)
    assert "testland.yaml:9:12" in err
    clean(out + err)


@pytest.mark.parametrize("edit, where", [
    ("effect: {points: 3}", "effect: {points: 1.0e+308}"),
    ("effect: {points: 0.005, per: land_border_km, cap: 8}", "effect: {points: 0.005, per: land_border_km, cap: 1.0e+12}"),
    ("- {fact: land_border_km, gte: 1000}", "- {fact: land_border_km, gte: -1.0e+300}"),
])
def test_numbers_out_of_range_are_refused_at_validation(run, rules_copy, edit, where):
    f = rules_copy / "exposure.yaml"
    f.write_text(f.read_text().replace(edit, where))
    _, err = run("assess", "finland", "--date", "2022-06-01", "--rules", rules_copy, "--format", "json", code=2)
    assert "exposure.yaml:" in err and ("maximum 1000000000" in err or "minimum -1000000000" in err
                                        or "outside -1,000,000,000..1,000,000,000" in err)
    out, _ = run("rules", "validate", rules_copy, "--no-lint", code=1)
    assert "[bad-value]" in out and "Infinity" not in out


def test_opposite_huge_points_never_give_nan_or_a_silent_critical(run, rules_copy):
    f = rules_copy / "exposure.yaml"
    text = f.read_text().replace("effect: {points: 3}", "effect: {points: 1.0e+308}")
    f.write_text(text.replace("effect: {points: 0.005, per: land_border_km, cap: 8}", "effect: {points: -1.0e+308}"))
    _, err = run("assess", "finland", "--date", "2022-06-01", "--rules", rules_copy, code=2)
    assert err.count("[bad-value]") == 2 and "critical" not in err.lower()


def test_profile_numbers_are_bounded(run, write):
    profile = write("p/testland.yaml", MINI_PROFILE.replace("value: 500", "value: 1.0e+300"))
    out, _ = run("profiles", "validate", profile, code=1)
    assert "testland.yaml:9:12: error:" in out and "[bad-value]" in out
