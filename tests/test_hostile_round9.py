"""Hostile input, ninth round (2026-12-07): four defects left open by round 8, and what a new round of attacks on
every door found.

Each test here failed before the fix it names, except the other-side checks beside them (a valid input that
still works the same).  The standard is the project's: one located message, exit 2 (1 from ``validate``),
never a traceback, nothing written on failure, inputs never modified beyond what was asked, every string
escaped for where it is shown, a valid input always works.
"""

from __future__ import annotations

import json

import pytest
from hostile_common import REPO

# --------------------------------------------------------------------------- 1. rules diff and a project's rules/


def test_rules_diff_reads_a_projects_rule_folder_as_rules_added_to_the_bundled_set(in_dir, run):
    """`rules test`, `validate` and `list` read a rule folder without a 'ruleset:' header (a project's rules/, as
    `init` writes it) as rules added to the bundled set since round 8; `rules diff <bundled> rules/` - what adding
    them changes - still ended in 'no file declares the ruleset: header' (exit 2).  It diffs the bundled set
    against the bundled set with the folder's rules added now, and says the new set is not the release."""
    run("init")
    rule = in_dir / "rules" / "my-rules.yaml"
    rule.write_text(rule.read_text(encoding="utf-8").replace("gte: 3", "gte: 1").replace("ne: member", "ne: partner"),
                    encoding="utf-8")
    prof = in_dir / "estonia.yaml"
    prof.write_bytes((REPO / "profiles" / "estonia.yaml").read_bytes())
    out, err = run("rules", "diff", REPO / "rules", "rules/", "--profiles", prof, "--step", "month", "--format", "json")
    doc = json.loads(out)
    assert doc["new"]["version"].endswith("+ added rules (1 file)") and "+" not in doc["old"]["version"], doc["new"]
    assert doc["definitions"]["added"] == ["my-first-rule"], doc["definitions"]
    assert err.startswith("note: rules/ declares no 'ruleset:' header"), err
    out, _ = run("rules", "diff", "rules/", "rules/", "--profiles", prof, "--step", "month")
    assert "definitions: identical" in out and "no score or level changes" in out, out


# --------------------------------------------------------------------------- 2. rules show and a scenario that cannot apply


def test_rules_show_of_a_rule_the_scenario_disables_says_so_at_the_scenarios_line(in_dir, run):
    """`rules show land-border --scenario s.yaml` where s.yaml disables land-border said 'unknown rule
    'land-border' (see `assessor rules list`)' - of a rule `rules list` lists, without naming the scenario or its
    line.  One located message now, at the change that switched the rule off, exit 2."""
    (in_dir / "s.yaml").write_text("name: without the border\n# why\nrules:\n  - rule: adversary-next-door\n"
                                   "    points: 1\n  - rule: land-border\n    disable: true\n", encoding="utf-8")
    for fmt in ("text", "json"):
        out, err = run("rules", "show", "land-border", "--scenario", "s.yaml", "--format", fmt, code=2)
        assert out == "" and err.startswith("error: s.yaml:6:5: rule 'land-border' is disabled by this scenario"), err
        assert err.count("\n") == 1, err
    out, _ = run("rules", "show", "adversary-next-door", "--scenario", "s.yaml", "--step", "month")  # the other side
    assert out.startswith("adversary-next-door  defined at "), out


def test_rules_show_of_a_rule_the_scenario_gives_other_points_says_so(in_dir, run):
    """`rules show adversary-next-door --scenario s.yaml`, where s.yaml gives the rule 1 point, showed the text as
    written ('points: 6') without a word of the scenario's points.  A note says both now (text and JSON); without
    the scenario there is none."""
    (in_dir / "s.yaml").write_text("name: fewer points\nrules:\n  - rule: adversary-next-door\n    points: 1\n",
                                   encoding="utf-8")
    out, _ = run("rules", "show", "adversary-next-door", "--scenario", "s.yaml", "--step", "month")
    assert out.splitlines()[1] == ("note: under this scenario the rule gives 1 points where its text gives 6; the "
                                   "text is shown as written"), out
    doc = json.loads(run("rules", "show", "adversary-next-door", "--scenario", "s.yaml", "--step", "month", "--format",
                         "json")[0])
    assert doc["notes"] and "gives 1 points" in doc["notes"][0], doc
    out, _ = run("rules", "show", "adversary-next-door", "--step", "month")
    assert "note:" not in out, out
    assert "notes" not in json.loads(run("rules", "show", "adversary-next-door", "--step", "month", "--format",
                                         "json")[0])


# --------------------------------------------------------------------------- 3. sweep -o FILE.parquet


def test_sweep_writes_the_format_its_output_file_is_named_for(in_dir, run):
    """`sweep ... -o samples.parquet` without --format wrote CSV text into samples.parquet (the default format),
    and every Parquet reader refused the file.  Without --format the format is the one -o's name ends in now, as
    `report` reads it; --format still wins, and a name that says nothing still gets CSV."""
    pq = pytest.importorskip("pyarrow.parquet")
    args = ("sweep", "finland", "--samples", "2", "--from", "2022-01-01", "--to", "2022-01-15")
    run(*args, "-o", "s.parquet")
    assert pq.read_table(in_dir / "s.parquet").num_rows == 6
    run(*args, "-o", "s.jsonl")
    assert json.loads((in_dir / "s.jsonl").read_text(encoding="utf-8").splitlines()[0])["sample"] == 0
    run(*args, "-o", "s.txt")
    assert (in_dir / "s.txt").read_text(encoding="utf-8").startswith("country,date,sample,")
    run(*args, "--format", "jsonl", "-o", "j.csv")
    assert (in_dir / "j.csv").read_text(encoding="utf-8").startswith('{"country": "finland"')


def test_parquet_without_pyarrow_names_what_asked_for_it(in_dir, run, monkeypatch):
    """Without pyarrow, `sweep -o s.parquet` (Parquet asked for by the name alone, since this round) said
    '--format parquet needs pyarrow', an option the command was not given.  It names both ways of asking."""
    import sys

    monkeypatch.setitem(sys.modules, "pyarrow", None)  # import pyarrow fails, as where it is not installed
    monkeypatch.setitem(sys.modules, "pyarrow.parquet", None)
    _, err = run("sweep", "finland", "--samples", "1", "--from", "2022-01-01", "--to", "2022-01-08", "-o", "s.parquet",
                 code=2)
    assert "Parquet output (--format parquet, or -o FILE.parquet) needs pyarrow" in err, err
    assert not (in_dir / "s.parquet").exists()


# --------------------------------------------------------------------------- 4. sweep rows outside the record


@pytest.mark.parametrize("fmt", ["csv", "jsonl", "parquet"])
def test_sweep_rows_say_whether_the_date_lies_inside_the_record(in_dir, run, fmt):
    """`timeline` marks a date outside the period a record was checked for ('covered' false in CSV and JSON,
    '(outside the record)' in text), as docs/usage.md says every output does; `sweep` rows for such dates (after
    Finland's record ends on 2026-06-30) read as any other row.  Each row has the timeline's 'covered' now."""
    import csv
    import io

    args = ("finland", "--from", "2026-06-22", "--to", "2026-07-13", "--step", "week")
    timeline = {r["date"]: r["covered"] for r in csv.DictReader(io.StringIO(run("timeline", *args, "--format",
                                                                                "csv")[0]))}
    assert list(timeline.values()) == ["true", "true", "false", "false"]
    if fmt == "parquet":
        pq = pytest.importorskip("pyarrow.parquet")
        run("sweep", *args, "--samples", "2", "-o", "s.parquet")
        rows = [{**r, "date": r["date"].isoformat()} for r in pq.read_table(in_dir / "s.parquet").to_pylist()]
    else:
        out, _ = run("sweep", *args, "--samples", "2", "--format", fmt)
        rows = ([{**r, "covered": r["covered"] == "true"} for r in csv.DictReader(io.StringIO(out))] if fmt == "csv"
                else [json.loads(x) for x in out.splitlines()])
    assert len(rows) == 8 and [(r["date"], r["covered"]) for r in rows] == \
        [(d, c == "true") for d, c in timeline.items()] * 2, rows


# --------------------------------------------------------------------------- 5. names compared case folded


def test_a_country_is_found_by_its_name_in_any_case_as_the_registry_finds_one(in_dir, run):
    """Country names were compared lower-cased, where the registry compares names case folded: 'ﬁnland' (the
    ligature a PDF's text gives when copied) was an unknown country, 'GROSSLAND' (German capitals write ß as SS)
    missed 'Großland', and `profiles new ß` wrote the name 'Ss' (its title case), which 'ß' then never found."""
    out, _ = run("assess", "\ufb01nland", "--date", "2022-06-01")
    assert out.startswith("Finland (finland) on 2022-06-01"), out
    run("profiles", "new", "Großland", "--folder", "p")
    out, _ = run("assess", "GROSSLAND", "--profiles", "p", "--date", "2026-06-01")
    assert out.startswith("Großland (grossland) on 2026-06-01"), out
    run("profiles", "new", "ß", "--folder", "q")
    out, _ = run("explain", "ß", "--profiles", "q", "--date", "2026-06-01")
    assert out.startswith("Ss on 2026-06-01: score "), out


# --------------------------------------------------------------------------- 6. a rule test that expects nothing


@pytest.mark.parametrize("empty", ["    fires: []\n", "    not_fires: []\n", "    fires: []\n    not_fires: []\n"])
def test_a_rule_test_case_whose_only_expectation_is_an_empty_list_is_located(in_dir, run, empty):
    """A case without an expectation is a located error ('a case needs an expectation'), but `fires: []` (or
    `not_fires: []`) passed that check and expected nothing: the case passed whatever the rules did, and counted
    among the passed.  An empty list is no expectation now; beside a real one it is still fine."""
    run("init")
    case = "cases:\n  - name: expects nothing\n    facts: {status: partner}\n"
    (in_dir / "rules" / "tests" / "x.yaml").write_text(case + empty, encoding="utf-8")
    _, err = run("rules", "test", "rules/", code=2)
    assert "rules/tests/x.yaml:2:5: error: a case needs an expectation" in err, err
    out, _ = run("rules", "validate", "rules/", code=1)
    assert "x.yaml:2:5: error: a case needs an expectation" in out, out
    (in_dir / "rules" / "tests" / "x.yaml").write_text(case + empty + "    level: moderate\n", encoding="utf-8")
    out, _ = run("rules", "test", "rules/")
    assert ", 0 failed" in out, out


# --------------------------------------------------------------------------- 7. a scheduler a file names, unreachable


def test_an_unreachable_scheduler_a_file_names_is_located_in_that_file(in_dir, run):
    """The user config's `scheduler` is used by every sampling command without --scheduler, and a project file's
    with --scheduler project (or the user's trust).  When it could not be reached the message was 'cannot reach
    the Dask scheduler at tcp://127.0.0.1:1', naming neither the file nor its line: nothing said why a run without
    --scheduler went to a Dask cluster at all.  It is said at the file's line now, as a malformed address is."""
    pytest.importorskip("distributed")
    cfg = in_dir / "user-config" / "assessor" / "config.toml"
    cfg.parent.mkdir(parents=True)
    cfg.write_text("# mine\nscheduler = 'tcp://127.0.0.1:1'\n", encoding="utf-8")
    _, err = run("assess", "finland", "--date", "2022-06-01", "--samples", "2", code=2)
    assert err.startswith(f"error: {cfg}:2: cannot reach the Dask scheduler at tcp://127.0.0.1:1"), err
    _, err = run("assess", "finland", "--date", "2022-06-01", "--samples", "2", "--scheduler", "tcp://127.0.0.1:1",
                 code=2)
    assert err.startswith("error: cannot reach the Dask scheduler at tcp://127.0.0.1:1"), err  # typed: no file
    cfg.unlink()
    (in_dir / "pyproject.toml").write_text('[project]\nname = "x"\n\n[tool.assessor]\nprofiles = []\n'
                                           'scheduler = "tcp://127.0.0.1:1"\n', encoding="utf-8")
    _, err = run("sweep", "finland", "--samples", "2", "--from", "2022-01-01", "--to", "2022-01-08", "--scheduler",
                 "project", code=2)
    assert err.startswith(f"error: {in_dir / 'pyproject.toml'}:6: cannot reach the Dask scheduler"), err


# --------------------------------------------------------------------------- 8. review --list beside decisions

ACLED = REPO / "tests" / "data" / "import" / "acled-current.csv"


def test_review_list_beside_a_decision_is_a_usage_error_not_a_dropped_decision(in_dir, run):
    """`import review c.yaml --list --accept ID` listed the candidates, exit 0, and dropped the --accept without a
    word: the candidate stayed pending and nothing was written, while the command read as though it had
    accepted it.  --list changes nothing, so a decision beside it is a usage error now (exit 2), and nothing
    is written."""
    prof = in_dir / "estonia.yaml"
    prof.write_bytes((REPO / "profiles" / "estonia.yaml").read_bytes())
    run("import", "acled", ACLED, "--country", "estonia", "--profiles", prof, "-o", "c.yaml", "-q")
    before = (prof.read_bytes(), (in_dir / "c.yaml").read_bytes())
    for decision in (("--accept", "acled-est90001"), ("--reject", "acled-est90003")):
        out, err = run("import", "review", "c.yaml", "--list", *decision, code=2)
        assert out == "" and "--list changes nothing" in err and decision[0] in err, err
    assert (prof.read_bytes(), (in_dir / "c.yaml").read_bytes()) == before
    out, _ = run("import", "review", "c.yaml", "--list")  # the other side: --list alone lists
    assert out.startswith("acled-est90001  pending "), out


# --------------------------------------------------------------------------- 9. the bundled outcomes and a run of some countries


def test_a_backtest_of_some_countries_reads_the_bundled_outcomes_of_those(in_dir, run):
    """`backtest --no-defaults --profiles estonia.yaml --profiles ukraine.yaml` (or a project with defaults = false)
    ended in 'unknown country' at some two hundred lines of the bundled outcomes file, which the analyst cannot
    edit, exit 2: the bundled file lists every bundled country.  Its onsets and quiet countries are read for the
    countries the run has now, the others named in one note; a file of one's own still names only countries the
    run has (there an unknown one is a typo)."""
    for pid in ("estonia", "ukraine"):
        (in_dir / f"{pid}.yaml").write_bytes((REPO / "profiles" / f"{pid}.yaml").read_bytes())
    args = ("backtest", "--resamples", "0", "--no-defaults", "--profiles", "estonia.yaml", "--profiles", "ukraine.yaml",
            "--format", "json")
    out, err = run(*args)
    doc = json.loads(out)
    assert [c["country"] for c in doc["countries"]] == ["estonia", "ukraine"], doc["countries"]
    assert doc["countries"][1]["onsets"] > 0 and not doc["unlisted"], doc["countries"]
    assert "the bundled outcomes file lists " in err and ", finland," in err and "ukraine" not in err, err
    mine = in_dir / "mine.yaml"
    mine.write_bytes((REPO / "assessor" / "data" / "outcomes.yaml").read_bytes())
    _, err = run(*args, "--outcomes", mine, code=2)
    assert f"{mine}:" in err and "unknown country" in err, err


# --------------------------------------------------------------------------- 10. rules facts outside the record


def test_rules_facts_on_a_date_outside_the_record_says_so(in_dir, run):
    """docs/usage.md says `rules facts COUNTRY --date D` gets a `warning:` line for a date outside the record's
    period, as assess and explain do; it printed the facts of 1800-01-01 (or of a day after the record's end, where
    events are missing) without a word, in text and JSON.  Text has the warning now, JSON `covered` and `warnings`."""
    out, _ = run("rules", "facts", "finland", "--date", "1800-01-01")
    assert out.splitlines()[1].startswith("  warning: 1800-01-01 lies before the period the Finland record covers"), out
    doc = json.loads(run("rules", "facts", "finland", "--date", "2030-01-01", "--format", "json")[0])
    assert doc["covered"] is False and "events after the record ends are missing" in doc["warnings"][0], doc
    doc = json.loads(run("rules", "facts", "finland", "--date", "2022-01-01", "--format", "json")[0])
    assert (doc["covered"], doc["warnings"]) == (True, []) and doc["facts"]["status"] == "partner", doc
    out, _ = run("rules", "facts", "finland", "--date", "2022-01-01")
    assert "warning" not in out, out


def test_sensitivity_over_dates_outside_the_record_says_so(in_dir, run):
    """The same for `sensitivity`: a period that runs past Finland's record (2026-06-30) ranked the inputs by their
    effect on scores where events are missing, without a word.  It says how many dates lie outside, in text and
    JSON (`warnings`); a period the record covers has none."""
    args = ("sensitivity", "finland", "--size", "2", "--method", "morris", "--step", "month")
    out, _ = run(*args, "--from", "2026-05-01", "--to", "2026-09-01")
    assert out.splitlines()[1].startswith("  warning: 3 of the 5 dates lie outside the period the Finland record"), out
    doc = json.loads(run(*args, "--from", "2026-05-01", "--to", "2026-09-01", "--format", "json")[0])
    assert doc["warnings"] and doc["warnings"][0].startswith("3 of the 5 dates"), doc["warnings"]
    doc = json.loads(run(*args, "--from", "2022-05-01", "--to", "2022-09-01", "--format", "json")[0])
    assert doc["warnings"] == [], doc["warnings"]


# --------------------------------------------------------------------------- 11. report: an end the user did not give


@pytest.mark.parametrize("args, said", [
    (("--date", "2022-01-01", "--from", "2023-01-01"), "--date 2022-01-01 (the --to it gives) is before --from 2023-01-01"),
    (("--from", "8000-01-01"), "(the end of the records, or today) is before --from 8000-01-01"),
    (("--from", "2023-01-01", "--to", "2022-01-01"), "--to 2022-01-01 is before --from 2023-01-01"),
])
def test_report_names_the_end_of_its_period_as_the_user_gave_it(in_dir, run, args, said):
    """`report --date 2022-01-01 --from 2023-01-01` said '--to 2022-01-01 is before --from 2023-01-01', and
    `report --from 8000-01-01` '--to 2026-06-30 is before ...': an option neither command was given (the end of a
    report's period defaults to --date, else to the end of the records).  The message names what the user gave."""
    _, err = run("report", "finland", *args, "-o", "r.html", code=2)
    assert said in err and not (in_dir / "r.html").exists(), err


@pytest.mark.parametrize("command", [("timeline", "finland"), ("sweep", "finland", "--samples", "1"),
                                     ("sensitivity", "finland"), ("compare", "finland", "--scenario", "s.yaml"),
                                     ("rules", "diff", REPO / "rules", REPO / "rules", "--profiles",
                                      REPO / "profiles" / "finland.yaml")])
def test_a_period_that_ends_before_it_starts_names_each_end_as_given(in_dir, run, command):
    """The same on every command with --from/--to: `timeline finland --from 2030-01-01` said '--to 2026-06-30 is
    before --from 2030-01-01' (the end of Finland's record, a --to never given), and `--to 2000-01-01` '... before
    --from 2021-01-01'.  A default end is named as the default it is now."""
    (in_dir / "s.yaml").write_text("name: nothing changes\n", encoding="utf-8")
    _, err = run(*command, "--from", "2030-01-01", code=2)
    assert "the default --to 2026-06-30 (the end of the records) is before --from 2030-01-01" in err, err
    _, err = run(*command, "--to", "2000-01-01", code=2)
    assert "--to 2000-01-01 is before the default --from 2021-01-01 (the start of the records)" in err, err


# --------------------------------------------------------------------------- 12. 'all' where one country is asked for


@pytest.mark.parametrize("command", [("rules", "facts", "all", "--date", "2022-01-01"),
                                     ("import", "acled", ACLED, "--country", "ALL", "-o", "c.yaml")])
def test_all_where_one_country_is_asked_for_says_so(in_dir, run, command):
    """`assessor --help` says countries are named by id, name or ISO code, 'all' for every profile.  Where one
    country is asked for (`rules facts COUNTRY`, `import --country`) 'all' was 'unknown country 'all'; did you
    mean ...? (known: <48 ids>)', as though it were a typo.  It says what 'all' is, and that one country is asked
    for here."""
    _, err = run(*command, code=2)
    assert "stands for every profile, and one country is asked for here" in err and "known:" not in err, err
    assert not (in_dir / "c.yaml").exists()


# --------------------------------------------------------------------------- 13. rules test/validate --profiles


def test_rules_test_and_validate_on_profiles_of_ones_own_run_the_bundled_cases_on_the_bundled_records(in_dir, run, write):
    """`rules test --profiles mine.yaml` (and `rules validate --profiles mine.yaml`: its firing lints run on the
    profiles given) read the bundled rule tests against mine.yaml alone: every bundled case naming a bundled record
    was 'unknown country 'finland' (known: testland)', exit 2 (exit 1 from validate, 15 errors in files the analyst
    cannot edit).  The bundled cases run on the bundled records they were written for now, as they already did
    when a project's profile replaces one."""
    import textwrap

    from conftest import MINI_PROFILE

    write("p/testland.yaml", textwrap.dedent(MINI_PROFILE))
    out, err = run("rules", "test", "--profiles", in_dir / "p")
    assert " passed, 0 failed" in out and "unknown country" not in out + err, out + err
    out, err = run("rules", "validate", "--profiles", in_dir / "p")
    assert ": 0 errors," in err and "unknown-profile" not in out, out + err
    assert "never fires on 1 profile(s) (testland)" in out, out  # the lints still run on the profiles given


# --------------------------------------------------------------------------- 14. profiles new into a folder the project does not read


@pytest.mark.parametrize("folder", ["other", "profiles/sub"])
def test_profiles_new_into_a_folder_the_project_does_not_list_says_so(in_dir, run, folder):
    """In a project, `profiles new Yland --folder other` (or a sub-folder of the listed profiles/, whose sub-folders
    are not read) wrote the profile and said to validate it; the next `assess yland` was 'unknown country' without
    a word of why.  It says the project does not list the folder, and how to use it; a listed folder says nothing."""
    run("init")
    _, err = run("profiles", "new", "Yland", "--folder", folder)
    assert f"does not list {folder}: add '{folder}' to its profiles" in err and f"--profiles {folder}" in err, err
    run("assess", "yland", "--profiles", folder, "--date", "2026-06-01")  # what the note says works
    _, err = run("profiles", "new", "Xland", "--folder", "profiles")
    assert "note:" not in err, err
    run("assess", "xland", "--date", "2026-06-01")
