"""Hostile input, thirteenth round (2026-12-07): the known defects round 12 left open (Windows device names for
new records, rule tests that expect a rule twice or both ways, `rules diff`'s columns), then new doors.

Each test here failed before the fix it names, except the other-side checks beside them (a valid input that
still works the same).
"""

from __future__ import annotations

import pytest
from hostile_common import REPO, one_line_error  # noqa: F401 (REPO: the later sections)

# --------------------------------------------------------------------------- 1. Windows device names


@pytest.mark.parametrize("name", ["CON", "nul", "Aux", "com1", "LPT9", "com¹", "Nul "])
def test_profiles_new_never_writes_a_record_under_a_windows_device_name(in_dir, run, name):
    """`profiles new CON` wrote profiles/con.yaml, exit 0: on Windows con.yaml is the console device, so the record
    could never be checked out there (a collaborator's clone fails or loses it).  Refused in one line now, exit 2,
    nothing written; a name that only contains one (aux.yaml -> aux-yaml.yaml, Console) is written (the other
    side)."""
    run("init")
    _, err = run("profiles", "new", name, code=2)
    one_line_error(err)
    assert "on Windows" in err and "cannot name a profile" in err, err
    assert sorted(f.name for f in (in_dir / "profiles").glob("*.yaml")) == ["sampleland.yaml"]
    for fine in ("aux.yaml", "Console"):
        run("profiles", "new", fine)
    assert sorted(f.name for f in (in_dir / "profiles").glob("*.yaml")) == [
        "aux-yaml.yaml", "console.yaml", "sampleland.yaml"]


@pytest.mark.parametrize("args", [("init", "NUL"), ("init", "a/aux.d/b"), ("init", "prn.git"),
                                  ("profiles", "new", "Foo", "--folder", "x/CONIN$"),
                                  ("profiles", "new", "Foo", "--folder", "lpt1")],
                         ids=["init-nul", "init-inner", "init-ext", "new-folder-conin", "new-folder-lpt1"])
def test_init_and_profiles_new_make_no_folder_under_a_windows_device_name(in_dir, run, args):
    """`init NUL` made a folder NUL and wrote the project into it, exit 0 (on Windows, every path through NUL is the
    null device).  Refused before anything is made now: not even the folders above it are left behind."""
    _, err = run(*args, code=2)
    one_line_error(err)
    assert "on Windows" in err and "cannot write in" in err, err
    assert [f.name for f in in_dir.iterdir() if f.name != "user-config"] == []


# --------------------------------------------------------------------------- 2. a rule test expecting a rule twice or both ways

DUPLICATES = """cases:
  - name: twice in fires
    facts: {status: partner}
    fires: [partner-without-guarantee, partner-without-guarantee]
  - name: twice in not_fires
    facts: {status: partner}
    not_fires:
      - adversary-next-door
      - adversary-next-door
  - name: both ways
    facts: {status: partner}
    fires: [partner-without-guarantee, protector-excludes]
    not_fires: [protector-excludes]
"""


def test_a_rule_test_listing_a_rule_twice_or_both_ways_is_a_located_error(in_dir, run):
    """`fires: [x, x]` (and `not_fires` with one id twice) ran as a case and passed: a duplicated expectation is an
    author's slip (an id meant to be another) and was never said.  Each is an input error at its second listing
    now (`rules test` exit 2, `rules validate` exit 1), as one id in both lists was; that one is said at its
    item, naming the line of the other list, and a case of distinct ids still runs (the other side)."""
    (in_dir / "r" / "tests").mkdir(parents=True)
    (in_dir / "r" / "signals.yaml").write_text((REPO / "rules" / "signals.yaml").read_text(encoding="utf-8"),
                                               encoding="utf-8")
    (in_dir / "r" / "tests" / "t.yaml").write_text(DUPLICATES, encoding="utf-8")
    _, err = run("rules", "test", "--tests", "r/tests/t.yaml", code=2)
    assert "t.yaml:4:40: error: 'partner-without-guarantee' is listed twice in 'fires' (first on line 4)" in err, err
    assert "t.yaml:9:9: error: 'adversary-next-door' is listed twice in 'not_fires' (first on line 8)" in err, err
    assert "t.yaml:13:17: error: 'protector-excludes' is in both 'fires' (on line 12) and 'not_fires'" in err, err
    out, _ = run("rules", "validate", "r", code=1)
    assert out.count("r/tests/t.yaml:") == 3, out
    (in_dir / "r" / "tests" / "t.yaml").write_text(DUPLICATES.replace(
        "[partner-without-guarantee, partner-without-guarantee]", "[partner-without-guarantee]").replace(
        "      - adversary-next-door\n      - adversary-next-door", "      - adversary-next-door").replace(
        "not_fires: [protector-excludes]", "not_fires: [adversary-next-door]"), encoding="utf-8")
    out, _ = run("rules", "test", "--tests", "r/tests/t.yaml", code=1)  # the third case fails: no protector here
    assert "3 passed" not in out and "case both ways" in out, out

