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

