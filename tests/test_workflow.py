"""The analyst's workflow through the CLI: own data beside the defaults,
projects, scaffolds, coverage everywhere, and the small surprises fixed."""

from __future__ import annotations

import json
import os
import re

import pytest
from conftest import REPO


@pytest.fixture
def in_dir(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    return tmp_path


def own_estonia(folder):
    text = (REPO / "profiles" / "estonia.yaml").read_text().replace("name: Estonia", "name: My Estonia")
    f = folder / "estonia.yaml"
    f.write_text(text)
    return f


def test_own_profiles_sit_beside_the_defaults_and_no_defaults_replaces(run, tmp_path, in_dir):
    mine = own_estonia(tmp_path)
    out, _ = run("assess", "estonia", "finland", "--date", "2022-06-01", "--profiles", mine, "--format", "json")
    assert [(d["country"], d["name"]) for d in json.loads(out)] == [("estonia", "My Estonia"), ("finland", "Finland")]
    _, err = run("assess", "finland", "--date", "2022-06-01", "--profiles", mine, "--no-defaults", code=2)
    assert "unknown country 'finland'" in err


def test_unknown_country_says_where_assessor_looked_and_how_to_add(run, in_dir):
    _, err = run("assess", "atlantis", code=2)
    assert "looked in the bundled profiles" in err and "--profiles" in err and "assessor profiles new" in err
    _, err = run("assess", "finland", "2022-06-01", code=2)
    assert "a date is given with --date 2022-06-01" in err


def test_init_then_a_new_profile_then_assess_with_no_path_to_site_packages(run, in_dir):
    run("init")
    assert (in_dir / "assessor.toml").is_file() and (in_dir / "rules" / "tests").is_dir()
    out, _ = run("rules", "test")
    assert "0 failed" in out  # the bundled tests and the project's own
    _, err = run("profiles", "new", "Estonia", code=2)  # a bundled country: replaced only on purpose
    assert "--replace" in err
    run("profiles", "new", "Estonia", "--replace")
    out, err = run("assess", "estonia", "finland", "--date", "2022-06-01", "--format", "json")
    assert [d["country"] for d in json.loads(out)] == ["estonia", "finland"]
    assert err.count("replaces the bundled profile 'estonia'") == 1
    run("profiles", "new", "Estonia", "--replace")  # on purpose: over the file it wrote
    _, err = run("profiles", "new", "Estonia", "--folder", "profiles", code=2)
    assert "--replace" in err


def test_a_new_profile_that_replaces_a_bundled_one_keeps_its_names_and_period(run, in_dir):
    """`profiles new estonia --replace` wrote `aliases: []`: `assess EE` then found no Estonia in the project.  The
    replaced record's aliases, alliance, adversary and period are kept (Finland 1939's adversary, the Soviet Union,
    did not exist in the year to today)."""
    run("init")
    run("profiles", "new", "estonia", "--replace")
    out, _ = run("assess", "EE", "--date", "2026-01-01", "--format", "json")
    assert [d["country"] for d in json.loads(out)] == ["estonia"]
    text = (in_dir / "profiles" / "estonia.yaml").read_text()
    assert 'aliases: ["EE", "EST"]' in text and 'alliance: "NATO"' in text and 'adversary: "Russia"' in text
    run("profiles", "new", "estonia", "--replace")  # over the project's own file: its names stay
    assert 'aliases: ["EE", "EST"]' in (in_dir / "profiles" / "estonia.yaml").read_text()
    run("profiles", "new", "finland-1939", "--replace")
    text = (in_dir / "profiles" / "finland-1939.yaml").read_text()
    assert 'adversary: "Soviet Union"' in text and "covers: {from: 1938-01-01, to: 1940-03-13}" in text
    assert "name: Finland (1938-1940)" in text or 'name: "Finland (1938-1940)"' in text, text  # its own name, kept
    out, _ = run("assess", "Finland (1938-1940)", "--date", "1939-06-01", "--format", "json")
    assert [d["country"] for d in json.loads(out)] == ["finland-1939"]
    run("profiles", "new", "Testland")  # a new country: the sample's own names
    assert "aliases: []\nalliance: NATO\n" in (in_dir / "profiles" / "testland.yaml").read_text()


def test_a_new_profile_outside_a_project_says_how_to_read_it(run, in_dir):
    """Outside a project `profiles new Testland` wrote profiles/testland.yaml without a word; `assess testland` then
    said 'unknown country' and advised `assessor profiles new NAME`, the command just run."""
    _, err = run("profiles", "new", "Testland")
    assert "note: no project here" in err and "--profiles profiles/" in err and "assessor init" in err
    _, err = run("assess", "testland", code=2)
    assert "profiles); ./profiles/ holds profiles no command reads here: give --profiles profiles/" in err
    out, _ = run("assess", "testland", "--profiles", "profiles/", "--date", "2026-01-01", "--format", "json")
    assert json.loads(out)[0]["country"] == "testland"
    (in_dir / "profiles" / "testland.yaml").unlink()
    (in_dir / "profiles" / ".profile.schema.json").unlink()
    _, err = run("assess", "testland", code=2)
    assert "holds profiles" not in err and "start a project (assessor init" in err


def test_a_new_profile_makes_the_first_profile_folder_a_hand_written_project_lists(run, in_dir):
    """`[tool.assessor] profiles = ["profiles"]` before the folder was made: `profiles new` (which the docs say
    fills an empty folder) failed with "'profiles' names …, which does not exist".  Other commands still refuse it."""
    (in_dir / "pyproject.toml").write_text('[project]\nname = "x"\n\n[tool.assessor]\nprofiles = ["profiles"]\n')
    _, err = run("assess", "finland", "--date", "2026-01-01", code=2)
    assert "pyproject.toml:5: 'profiles' names" in err and "which does not exist" in err
    _, err = run("profiles", "new", "Testland")
    assert (in_dir / "profiles" / "testland.yaml").is_file() and "note:" not in err, err
    out, _ = run("assess", "testland", "--date", "2026-01-01", "--format", "json")
    assert json.loads(out)[0]["country"] == "testland"
    (in_dir / "pyproject.toml").write_text('[tool.assessor]\nprofiles = ["mine.yaml"]\n')  # a file: never made a folder
    _, err = run("profiles", "new", "Otherland", code=2)
    assert "which does not exist" in err and not (in_dir / "mine.yaml").exists()


def test_the_command_line_replaces_the_projects_own_profile_and_rule(run, in_dir, tmp_path):
    """`--profiles x.yaml` with the id of the project's own profile was "profile id 'testland' already defined"
    (and `--rules` a duplicate rule id): the command line now beats the project file, with a one-line note."""
    run("init")
    toml = in_dir / "assessor.toml"
    toml.write_text(toml.read_text().replace("# rules = ", "rules = "))
    run("profiles", "new", "Testland")
    mine = tmp_path / "elsewhere"
    mine.mkdir()
    text = (in_dir / "profiles" / "testland.yaml").read_text().replace('name: "Testland"', 'name: "My Testland"')
    (mine / "testland.yaml").write_text(text.replace("$schema=.profile", "$schema=x"))
    rule = (in_dir / "rules" / "my-rules.yaml").read_text().replace("points: 2", "points: 7")
    (mine / "rules.yaml").write_text(rule)
    args = ("assess", "testland", "--date", "2026-01-01", "--format", "json")
    out, err = run(*args, "--profiles", mine / "testland.yaml", "--rules", mine / "rules.yaml")
    assert json.loads(out)[0]["name"] == "My Testland"
    assert f"note: {mine / 'testland.yaml'} replaces the project's profile 'testland' (" in err
    # one location format, FILE:LINE:COL, for both rules, in both replace notes (a stranger's review)
    assert re.search(rf"^note: {re.escape(str(mine / 'rules.yaml'))}:\d+:\d+ replaces the project's rule "
                     rf"'my-first-rule' \({re.escape(str(in_dir / 'rules' / 'my-rules.yaml'))}:\d+:\d+\)$", err, re.M), err
    out, _ = run("rules", "show", "my-first-rule", "--rules", mine / "rules.yaml", "--format", "json")
    assert "points: 7" in out and str(mine / "rules.yaml") in out
    out, err = run(*args, "--profiles", in_dir / "profiles" / "testland.yaml")  # the project's own, read once: no note
    assert "replaces the project's" not in err and json.loads(out)[0]["name"] == "Testland"
    (mine / "again.yaml").write_text(text)  # two of the command line's own: still a clash
    _, err = run(*args, "--profiles", mine / "testland.yaml", "--profiles", mine / "again.yaml", code=2)
    assert "profile id 'testland' already defined in" in err


def test_profiles_list_marks_the_projects_profiles_and_says_what_they_replace(run, in_dir):
    """`profiles list` (text) showed a project's profile and one replacing a bundled country as any other, without
    the note every other command reading it gives; and '1 events'."""
    run("init")
    run("profiles", "new", "estonia", "--replace")
    out, err = run("profiles", "list")
    rows = {line.split()[0]: line for line in out.splitlines()}
    assert rows["estonia"].endswith(" (replaces bundled)") and rows["sampleland"].endswith(", 1 event (project)")
    assert not rows["finland"].endswith(")") and rows["finland"].endswith(" events")
    assert err.count("note: ") == 1 and "replaces the bundled profile 'estonia'" in err
    listed = {p["id"]: p for p in json.loads(run("profiles", "list", "--format", "json")[0])}
    assert "project" not in json.dumps(listed["finland"]) and listed["estonia"]["path"].endswith("estonia.yaml")


def test_a_new_profile_writes_its_name_as_written(run, in_dir):
    """`profiles new "Côte d'Ivoire"` wrote name: "C\\u00f4te d'Ivoire": a JSON escape in a file people read."""
    run("profiles", "new", "Côte d'Ivoire")
    text = (in_dir / "profiles" / "cote-d-ivoire.yaml").read_text(encoding="utf-8")
    assert 'name: "Côte d\'Ivoire"' in text and "\\u" not in text
    out, _ = run("assess", "Côte d'Ivoire", "--profiles", "profiles", "--date", "2026-01-01", "--format", "json")
    assert json.loads(out)[0]["name"] == "Côte d'Ivoire"


def test_a_replaced_bundled_profile_does_not_fail_the_bundled_record_cases(run, in_dir):
    """The bundled rule tests state claims about the bundled records: in a project whose own Estonia
    (a scaffold without a border yet) replaces the bundled one, the record's Estonia case runs on the
    bundled Estonia it was written for — not a failure the user caused — and says so on one line; the
    project's own cases run on the project's profiles; every case runs once."""
    run("init")
    bundled, _ = run("rules", "test")
    run("profiles", "new", "Estonia", "--replace")
    out, err = run("rules", "test")  # exit 0
    assert out == bundled and " 0 failed" in out.replace("\n", " "), out
    assert int(out.split(" passed")[0]) == len(_bundled_cases()), out  # the bundled tests once, not twice
    notes = [line for line in err.splitlines() if "bundled rule tests" in line]
    assert len(notes) == 1 and "estonia" in notes[0] and "profiles/estonia.yaml" in notes[0], err
    # with the project's rules listed, its own cases run too, on the project's Estonia (no border: the bundled
    # Estonia fires adversary-next-door), and the bundled cases still on the bundled record
    toml = in_dir / "assessor.toml"
    toml.write_text(toml.read_text().replace("# rules = ", "rules = "))
    (in_dir / "rules" / "tests" / "estonia.yaml").write_text(
        "cases:\n  - name: my Estonia has no border on record yet\n    profile: estonia\n    date: 2026-06-01\n"
        "    not_fires: [adversary-next-door, land-border]\n")
    out, err = run("rules", "test")
    assert f"{len(_bundled_cases()) + 2} passed, 0 failed" in out, out
    out, _ = run("rules", "test", "--tests", in_dir / "rules" / "tests" / "estonia.yaml")
    assert "1 passed, 0 failed" in out, out
    (in_dir / "profiles" / "estonia.yaml").unlink()  # the bundled Estonia is back: the own case fails, as it should
    out, _ = run("rules", "test", code=1)
    assert "case my Estonia has no border on record yet: expected not to fire: adversary-next-door" in out, out


def _bundled_cases() -> list:
    from assessor import authoring

    return authoring.load_cases(authoring.tests_beside(None), None, None)


def test_a_project_file_is_found_from_a_subfolder(run, in_dir):
    (in_dir / "data").mkdir()
    own_estonia(in_dir / "data")
    (in_dir / "assessor.toml").write_text('profiles = ["data"]\n')
    sub = in_dir / "deep" / "er"
    sub.mkdir(parents=True)
    os.chdir(sub)
    out, _ = run("assess", "estonia", "--date", "2022-06-01", "--format", "json")
    assert json.loads(out)[0]["name"] == "My Estonia"
    (in_dir / "assessor.toml").write_text('profile = ["data"]\n')
    _, err = run("assess", "estonia", code=2)
    assert "unknown key 'profile'; did you mean 'profiles'?" in err


def test_coverage_is_said_in_text_json_and_csv(run, in_dir):
    out, _ = run("timeline", "finland", "--from", "1990-01-01", "--to", "1990-01-03", "--step", "day")
    assert "outside the record" in out and "warning:" in out
    out, _ = run("timeline", "finland", "--from", "1990-01-01", "--to", "1990-01-03", "--step", "day", "--format", "json")
    assert [d["covered"] for d in json.loads(out)] == [False] * 3
    out, _ = run("timeline", "finland", "--from", "2022-01-01", "--to", "2022-01-01", "--format", "csv")
    assert out.splitlines() == ["country,date,score,structural,warning,level,covered", out.splitlines()[1]] and out.splitlines()[1].endswith(",true")


def test_small_surprises(run, in_dir):
    out, _ = run("schema", "profiles")
    assert json.loads(out)["title"] == "assessor profile file"
    _, err = run("rules", "show", "window", code=2)
    assert "window-of-vulnerability" in err and "window-without-bridge" in err
    out, _ = run("rules", "facts", "finland", "--date", "2022-06-01", "--format", "json")
    doc = json.loads(out)
    assert doc["facts"]["status"] == "applicant" and doc["evidence"]["status"][0]["kind"] == "membership"
    out, _ = run("explain", "finland", "sweden", "--date", "2022-06-01", "--format", "json")
    assert [d["country"]["id"] if isinstance(d["country"], dict) else d["country"] for d in json.loads(out)] == ["finland", "sweden"]
    out, _ = run("timeline", "kuwait-1990", "--step", "month", "--format", "json")
    dates = [d["date"] for d in json.loads(out)]
    assert dates[0] == "1990-01-01" and dates[-1] <= "1990-08-31"  # the record's own period by default


def test_scenarios_through_the_cli(run, in_dir):
    s = str(REPO / "docs" / "scenarios" / "sweden-ratified-2022.yaml")
    base, _ = run("timeline", "sweden", "--from", "2023-01-01", "--to", "2023-12-31", "--step", "month", "--format", "json")
    alt, _ = run("timeline", "sweden", "--from", "2023-01-01", "--to", "2023-12-31", "--step", "month", "--format", "json",
                 "--scenario", s)
    assert all(a["score"] < b["score"] for a, b in zip(json.loads(alt), json.loads(base)))
    never = str(REPO / "docs" / "scenarios" / "sweden-dca-never-in-force.yaml")
    out, _ = run("compare", "sweden", "--scenario", never, "--from", "2024-09-01", "--to", "2024-12-31", "--format", "json",
                 "--all-dates")
    doc = json.loads(out)
    # rules 3.0.0 count protection once per guarantor: the United States already guarantees Sweden through
    # NATO from 2024-03-07, so the agreement's entry into force (2024-08-15) no longer moves the score
    assert doc["rows"] and all(r["scenario"] == r["baseline"] for r in doc["rows"])
    out, _ = run("compare", "sweden", "--scenario", s, "--from", "2023-01-01", "--to", "2023-12-31", "--format", "json",
                 "--all-dates")
    doc = json.loads(out)
    assert len(doc["rows"]) == 12 and all(r["scenario"] < r["baseline"] for r in doc["rows"])  # a member in 2022
    out, _ = run("compare", "sweden", "--scenario", s, "--from", "2023-01-01", "--to", "2023-12-31")
    assert "change level" in out


def test_backtest_through_the_cli(run, in_dir, few):
    out, _ = run("backtest", *few, "--resamples", 50)
    assert "1990-08-02" in out and "pooled AUC" in out and "false alarms" in out
    doc = json.loads(run("backtest", *few, "--resamples", 50, "--format", "json")[0])
    assert doc["model"]["auc"]["value"] is not None and doc["onsets"]
