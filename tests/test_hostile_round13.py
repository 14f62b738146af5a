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


@pytest.mark.parametrize(("folder", "said"), [("a:b", "it holds ':'"), ("why?/p", "it holds '?'"), ('a<"b>', "it holds '\"', '<', '>'"),
                                              ("x.", "it ends in a dot"), ("x /p", "it ends in a space"),
                                              ("a\x01b", "it holds '\\x01'")],
                         ids=["colon", "question", "several", "dot", "space", "control"])
def test_init_and_profiles_new_make_no_folder_windows_cannot_hold(in_dir, run, folder, said):
    """The same for a name Windows refuses outright: `init 'a:b'` (or 'why?', 'x.') made the folder and wrote the
    project in it, exit 0, and no clone on Windows could hold it ('x.' is checked out as 'x', or not at all).
    Refused before anything is made now; a path's own steps ('a/../b', './c') and a name with dots inside or in
    front ('f..g', '.e') are no such names (the other side)."""
    for args in (("init", folder), ("profiles", "new", "Foo", "--folder", folder)):
        _, err = run(*args, code=2)
        one_line_error(err)
        assert f"cannot be a file or folder name on Windows ({said}" in err, err
        assert [f.name for f in in_dir.iterdir() if f.name != "user-config"] == []
    for fine in ("a/../b", "./c", "f..g", ".e"):
        run("init", fine)


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


# --------------------------------------------------------------------------- 3. rules diff's columns for long ids


def _columns(text: str) -> int:
    import unicodedata

    return sum(0 if unicodedata.combining(c) else 2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def test_rules_diff_keeps_its_columns_for_ids_of_60_characters(in_dir, run):
    """`rules diff` writes its rows as it computes them, each id padded to a fixed 10 (countries) or 30 (rules): a
    profile id of 60 characters put its rows' dates 50 columns right of estonia's, and a rule id of 60 its counts
    30 columns right of the other rules'.  The country column is as wide as the longest id compared (up to 30, as
    timeline's; a longer one is cut and listed whole below) and the rule column as the longest rule behind the
    moves, known before the first row; a level name in wide characters (a rule set's own) moves no column."""
    import re
    import shutil

    long_id, long_rule = "e" + "x" * 59, "t" + "x" * 59
    (in_dir / "p").mkdir()
    text = (REPO / "profiles" / "estonia.yaml").read_text(encoding="utf-8")
    (in_dir / "p" / "estonia.yaml").write_text(text, encoding="utf-8")
    (in_dir / "p" / "long.yaml").write_text(text.replace("id: estonia", f"id: {long_id}", 1).replace(
        "name: Estonia", "name: Estonia Long", 1).replace("aliases: [EE, EST]", "aliases: []", 1), encoding="utf-8")
    shutil.copytree(REPO / "rules", in_dir / "old", ignore=shutil.ignore_patterns("tests"))
    shutil.copytree(in_dir / "old", in_dir / "new")
    threats = in_dir / "new" / "threats.yaml"
    edited = threats.read_text(encoding="utf-8").replace("  - id: threat-surge", f"  - id: {long_rule}", 1).replace(
        "effect: {points: 1.2, per: pressure_level_anomaly, cap: 20}",
        "effect: {points: 3, per: pressure_level_anomaly, cap: 40}", 1)
    assert long_rule in edited and "points: 3, per: pressure_level_anomaly" in edited
    threats.write_text(edited, encoding="utf-8")
    header = in_dir / "new" / "ruleset.yaml"
    levels = header.read_text(encoding="utf-8").replace("name: moderate,", "name: 中程度の危険,", 1)
    header.write_text(levels.replace("low: 0.002, moderate: 0.007", "low: 0.002, 中程度の危険: 0.007", 1), encoding="utf-8")
    out, _ = run("rules", "diff", "old", "new", "--profiles", "p", "--step", "month", "--from", "2024-01-01",
                 "--to", "2025-12-01")
    rows = out[out.index("level changed on"):out.index("score moved on")].splitlines()[1:]
    assert {x.split()[0] for x in rows} == {"estonia", "e" + "x" * 28 + "…"}, out
    assert len({_columns(x[:re.search(r" \d{4}-\d{2}-\d{2} ", x).start()]) for x in rows}) == 1, out
    causes = out[out.index("rules behind the moves:"):].splitlines()[1:]
    causes = [x for x in causes if "country-date(s)" in x]
    assert {x.split()[0] for x in causes} == {"threat-surge", long_rule}, out
    assert len({x.index(" country-date(s)") - len(x.split()[1]) for x in causes}) == 1, out
    assert f"= {long_id}" in out, out


# --------------------------------------------------------------------------- 4. an onset after a record ends

ONSETS = """outcomes:
- country: estonia
  date: 'BEFORE'
  kind: attack
  summary: S.
  source: {publisher: P, title: T, date: '2020-01-01'}
- country: latvia
  date: 'AFTER'
  kind: attack
  summary: S.
  source: {publisher: P, title: T, date: '2020-01-01'}
quiet: [kuwait-1990]
"""


@pytest.mark.parametrize(("before", "after"), [("2020-12-31", "2026-01-01"), ("0001-01-01", "9999-12-31")])
def test_an_onset_after_a_record_ends_is_refused_for_what_it_is(in_dir, run, before, after):
    """An outcomes file's onset the day after Latvia's record ends (2025-12-31) was refused as 'nothing before it
    can be scored', which is wrong: five years of Latvia before it can be; what cannot is a day it follows within
    the horizon (those days run past the record's end and are left out).  The onset before Estonia's record keeps
    its reason (the other side); both located, exit 2."""
    (in_dir / "o.yaml").write_text(ONSETS.replace("BEFORE", before).replace("AFTER", after), encoding="utf-8")
    _, err = run("backtest", "--outcomes", "o.yaml", "--resamples", "0", code=2)
    assert f"o.yaml:2:1: error: {before} lies outside the period the Estonia record covers (2021-01-01 to " in err, err
    assert err.count("nothing before it can be scored") == 1, err
    assert f"o.yaml:7:1: error: {after} lies outside the period the Latvia record covers (2021-01-01 to 2025-12-31): " \
           "no scored day can be followed by it" in err, err


# --------------------------------------------------------------------------- 5. a name beside its twin in another case


@pytest.mark.parametrize(("there", "args", "said"), [
    ("profiles/Foo.yaml", ("profiles", "new", "foo"), "cannot write 'foo.yaml' in profiles: 'Foo.yaml' is there"),
    ("t/Rules/", ("init", "t"), "cannot write 'rules' in t: 'Rules' is there"),
    ("u/ASSESSOR.TOML", ("init", "u"), "cannot write 'assessor.toml' in u: 'ASSESSOR.TOML' is there"),
    ("w/Proj/", ("init", "w/proj/x"), "cannot write 'proj' in w: 'Proj' is there")],
    ids=["profile", "init-folder", "init-file", "init-root"])
def test_init_and_profiles_new_write_nothing_beside_a_name_differing_only_in_case(in_dir, run, there, args, said):
    """`profiles new foo` beside a hand-made Foo.yaml wrote foo.yaml, exit 0 (and `init` a rules/ beside Rules/):
    Windows and macOS read both names as one file, so a clone there keeps one record and drops the other.  Refused
    before anything is made now; into the folder of that very name (w/Proj) init writes (the other side)."""
    path = in_dir / there
    if there.endswith("/"):
        path.mkdir(parents=True)
    else:
        path.parent.mkdir(parents=True)
        path.write_text("x: 1\n", encoding="utf-8")
    before = sorted(str(p.relative_to(in_dir)) for p in in_dir.rglob("*"))
    _, err = run(*args, code=2)
    one_line_error(err)
    assert said in err and "differing only in case" in err, err
    assert sorted(str(p.relative_to(in_dir)) for p in in_dir.rglob("*")) == before
    if there == "w/Proj/":
        run("init", "w/Proj")
        assert (in_dir / "w" / "Proj" / "assessor.toml").is_file()


# --------------------------------------------------------------------------- 6. a record over the whole calendar

EDGE = """id: edgeland
name: Edgeland
alliance: none
adversary: Russia
covers: {from: 0001-01-01, to: 9999-12-31}
attributes:
  land_border_km: {value: 500, source: {publisher: P, title: T, date: 0001-01-01}}
events:
  - date: 0001-01-01
    kind: threat
    actor: Russia
    type: statement
    severity: 2
    weighs_days: 90
    summary: "A threat on the first day."
    source: {publisher: P, title: T, date: 0001-01-01}
"""


def test_rules_validate_and_show_on_a_record_over_the_whole_calendar_say_where_it_is(in_dir, run):
    """A valid record covering 0001-01-01 to 9999-12-31 (`profiles validate`: no error) made `rules validate
    --profiles` end in a ValueError traceback: the firing lints try each rule monthly over each record, and 119,988
    months are more than a timeline may hold.  One located message now (the record's covers: line), exit 2, naming
    what the user can change; `rules show` said 'use a longer --step or a shorter range' at --step month, which has
    neither, and is located the same way; the record still scores (the other side)."""
    (in_dir / "edge.yaml").write_text(EDGE, encoding="utf-8")
    run("profiles", "validate", "edge.yaml")
    _, err = run("rules", "validate", "--profiles", "edge.yaml", code=2)
    one_line_error(err)
    assert "edge.yaml:5:9: edgeland covers 0001-01-01 to 9999-12-31: the firing lints try each rule on it monthly, " \
           "more than the 100,000 dates" in err and "(--no-lint)" in err, err
    run("rules", "validate", "--profiles", "edge.yaml", "--no-lint")
    _, err = run("rules", "show", "threat-surge", "--profiles", "edge.yaml", "--step", "month", code=2)
    one_line_error(err)
    assert "edge.yaml:5:9: edgeland covers" in err and "--step" not in err and "shorter range" not in err, err
    out, _ = run("assess", "edgeland", "--profiles", "edge.yaml", "--date", "0001-01-01")
    assert "level" in out, out


@pytest.mark.parametrize("args", [("timeline", "estonia"),
                                  ("compare", "sweden", "--scenario",
                                   REPO / "docs" / "scenarios" / "sweden-dca-never-in-force.yaml"),
                                  ("sensitivity", "estonia"), ("sweep", "estonia", "--samples", "2")],
                         ids=["timeline", "compare", "sensitivity", "sweep"])
def test_a_range_too_long_by_month_never_advises_a_longer_step(in_dir, run, args):
    """`timeline estonia --from 0001-01-01 --to 9999-12-31 --step month` said 'use a longer --step or a shorter
    range': no command has a step longer than month.  By month it says 'use a shorter range' now; by week the advice
    of a longer --step stays (the other side)."""
    span = ("--from", "0001-01-01", "--to", "9999-12-31")
    _, err = run(*args, *span, "--step", "month", code=2)
    assert "0001-01-01..9999-12-31 by month is more than 100,000 dates; use a shorter range" in err, err
    _, err = run(*args, *span, "--step", "week", code=2)
    assert "by week is more than 100,000 dates; use a longer --step or a shorter range" in err, err


# --------------------------------------------------------------------------- 7. a world event's countries

WORLD = """actor: NATO
events:
  - id: w1
    concerns: {countries: COUNTRIES}
    date: 2022-01-01
    kind: signal
    type: forward_deployment
    summary: "A deployment for the listed."
    source: {publisher: P, title: T, date: 2022-01-01}
"""


@pytest.mark.parametrize(("countries", "said"), [
    ("[Estonia, EE, Latvia]", "w.yaml:4:37: error: 'EE' names 'Estonia' a second time"),
    ("[NATO]", "w.yaml:4:28: error: NATO is an organisation, not a state: no profile stands for it"),
    ("[Latvia, European Union]", "w.yaml:4:36: error: European Union is an organisation, not a state")],
    ids=["twice", "organisation", "organisation-second"])
def test_a_world_events_countries_name_each_state_once(in_dir, run, countries, said):
    """`concerns: {countries: [Estonia, EE, Latvia]}` loaded and Estonia's explanation read '(world record w.yaml:3:
    NATO, for Estonia, Estonia and Latvia)'; `countries: [NATO]` concerned no one without a word, though
    `members_of: Estonia` (a state where an organisation belongs) is a located error.  Both are now, as a profile's
    `party: [United States, US]` is; a list of distinct states loads and is inherited (the other side)."""
    (in_dir / "assessor.toml").write_text('world = ["w.yaml"]\n', encoding="utf-8")
    (in_dir / "w.yaml").write_text(WORLD.replace("COUNTRIES", countries), encoding="utf-8")
    _, err = run("explain", "estonia", "--date", "2022-03-01", code=2)
    assert said in err, err
    (in_dir / "w.yaml").write_text(WORLD.replace("COUNTRIES", "[Estonia, Latvia]"), encoding="utf-8")
    out, _ = run("explain", "estonia", "--date", "2022-03-01")
    assert "NATO, for Estonia and Latvia)" in " ".join(out.split()), out


# --------------------------------------------------------------------------- 8. rules list's columns


def test_rules_list_keeps_its_columns_for_the_bundled_rules_and_a_60_character_id(in_dir, run):
    """`rules list` padded ids to a fixed 30: the bundled guarantor-aligned-with-adversary (32 characters) stood 2
    columns right of every other row, a 60-character id 30, and a factor over 12 characters did the same to the
    index column.  Each column is as wide as its longest cell now."""
    import re
    import shutil

    def index_columns(out: str) -> set[int]:
        return {_columns(x[:m.start()]) for x in out.splitlines()[2:] if (m := re.search(r" (structural|warning) ", x))}

    out, _ = run("rules", "list")
    assert "guarantor-aligned-with-adversary" in out and len(index_columns(out)) == 1, out
    shutil.copytree(REPO / "rules", in_dir / "r", ignore=shutil.ignore_patterns("tests"))
    threats = in_dir / "r" / "threats.yaml"
    text = threats.read_text(encoding="utf-8")
    threats.write_text(text.replace("  - id: threat-surge", "  - id: t" + "x" * 59, 1).replace(
        "factor: threats", "factor: threats-and-coercion", 1), encoding="utf-8")
    out, _ = run("rules", "list", "--rules", "r")
    assert "t" + "x" * 59 + " " in out and "threats-and-coercion " in out, out
    assert len(index_columns(out)) == 1 and len({_columns(x[:x.index(" +") if " +" in x else x.index(" -")])
                                                 for x in out.splitlines()[2:]}) == 1, out


# --------------------------------------------------------------------------- 9. assess's and rules facts's columns on a bundled record


def test_assess_and_rules_facts_keep_their_columns_on_armenia(in_dir, run):
    """On a bundled record (Armenia, 2023-01-01) `assess` padded rule ids to 30, and guarantor-aligned-with-adversary
    (32) put its reason 2 columns right of every other row's; `rules facts armenia` padded fact names to 26 and values
    to 24, and guarantors_aligned_with_adversary (33) with its value 'Russia (in CSTO) with Azerbaijan' (32) put its
    'N event(s)' 15 columns right; `rules facts` alone did the same to its type column.  Each column is as wide as
    its longest cell now."""
    import re

    out, _ = run("assess", "armenia", "--date", "2023-01-01")
    rows = [x for x in out.splitlines() if re.match(r"\s+[+-]\d+\.\d  [a-z]", x)]
    assert any("guarantor-aligned-with-adversary" in x for x in rows), out
    assert len({len(re.match(r"\s+\S+  \S+\s+", x).group()) for x in rows}) == 1, out  # where each reason starts
    out, _ = run("rules", "facts", "armenia", "--date", "2023-01-01")
    rows = [x for x in out.splitlines() if x.endswith("event(s)")]
    assert any(x.startswith("guarantors_aligned_with_adversary ") for x in rows), out
    assert len({_columns(x[:re.search(r" \d+ event\(s\)$", x).start()]) for x in rows}) == 1, out
    out, _ = run("rules", "facts")
    assert len({x.index(x.split()[1], len(x.split()[0])) for x in out.splitlines()}) == 1, out


# --------------------------------------------------------------------------- 10. assess's overview of several countries


def test_the_overview_keeps_its_columns_for_names_in_wide_characters_and_lists_cut_names(in_dir, run):
    """`assess` of several countries padded names by their length: 'エストニア共和国' (8 characters, 16 columns) put its
    row's scores 8 columns right of the others'.  And two names over 26 columns cut to one text ('The Republic of
    Estonia A…') could not be told apart, nor read whole anywhere.  Padded by columns now, a cut name tagged apart
    and listed whole under the table (as timeline's and the backtest's ids are)."""
    import re

    text = (REPO / "profiles" / "estonia.yaml").read_text(encoding="utf-8")
    (in_dir / "p").mkdir()
    for pid, name in (("wide", "エストニア共和国"), ("long1", "The Republic of Estonia As Written In Full"),
                      ("long2", "The Republic of Estonia As Said Otherwise")):
        (in_dir / "p" / f"{pid}.yaml").write_text(text.replace("id: estonia", f"id: {pid}", 1).replace(
            "name: Estonia", f"name: {name}", 1).replace("aliases: [EE, EST]", "aliases: []", 1), encoding="utf-8")
    out, _ = run("assess", "estonia", "wide", "long1", "long2", "--profiles", "p", "--date", "2023-01-01")
    rows = [x for x in out.splitlines() if re.search(r"  \d+\.\d  ", x)]
    assert len(rows) == 4 and len({_columns(x[:re.search(r"\d+\.\d", x).start()]) for x in rows}) == 1, out
    cut = [x.split("  ")[0] for x in rows if "…" in x.split("  ")[0]]
    assert len(cut) == 2 and len(set(cut)) == 2, out
    assert "= The Republic of Estonia As Written In Full" in out and "= The Republic of Estonia As Said Otherwise" in out


# --------------------------------------------------------------------------- 11. sensitivity's group column


def test_sensitivity_keeps_its_columns_with_the_bundled_warning_signs_group(in_dir, run):
    """`sensitivity ukraine` padded the group to 12 columns, and the bundled factor warning-signs (13) put its rows'
    inputs a column right of every other row's.  The column is as wide as its longest group shown now."""
    out, _ = run("sensitivity", "ukraine", "--from", "2021-06-01", "--to", "2022-02-01", "--top", "60")
    lines = out.splitlines()
    rows = lines[lines.index(next(x for x in lines if x.lstrip().startswith("rank"))) + 1:]
    rows = [x for x in rows if x[:6].strip().isdigit()]
    assert any(" warning-signs " in x for x in rows), out
    assert len({_columns(x[:x.index(x.split()[4], 30)]) for x in rows}) == 1, out


# --------------------------------------------------------------------------- 12. a rule test's score outside the scale

SCORES = """cases:
  - name: the whole scale
    facts: {status: partner}
    score: {min: 0, max: 100}
  - name: at most the top
    facts: {status: partner}
    score: {max: 100}
  - name: above the scale
    facts: {status: partner}
    score: {min: 101}
  - name: below the scale
    facts: {status: partner}
    score: -5
"""


def test_a_rule_tests_score_the_scale_cannot_meet_or_that_holds_it_all_is_a_located_error(in_dir, run):
    """`score: {min: 0, max: 100}` as a case's only expectation passed whatever the rules did (as an empty 'fires'
    list did, an error since round 9), and `score: {min: 101}` or `score: -5` on a 0..100 scale could only ever fail,
    reported as a failing case as if the rules were wrong.  Located input errors now, as a rule in both 'fires' and
    'not_fires' is; a whole-scale range beside another expectation, and a range at an end of the scale, are fine
    (the other side)."""
    (in_dir / "t.yaml").write_text(SCORES, encoding="utf-8")
    _, err = run("rules", "test", "--tests", "t.yaml", code=2)
    assert "t.yaml:4:12: error: score 0..100 holds every score of the rule set's scale (0..100): it expects nothing" in err
    assert "t.yaml:7:12: error: score at most 100 holds every score" in err, err
    assert "t.yaml:10:12: error: score at least 101 can never be met: the rule set's scores lie within 0..100" in err
    assert "t.yaml:13:12: error: score -5 can never be met" in err, err
    (in_dir / "t.yaml").write_text("""cases:
  - name: the whole scale beside fires
    facts: {status: partner}
    score: {min: 0, max: 100}
    fires: [partner-without-guarantee]
  - name: at the bottom
    facts: {status: none}
    score: {max: 0}
""", encoding="utf-8")
    out, _ = run("rules", "test", "--tests", "t.yaml", code=1)  # the second fails on its merits: a score above 0
    assert "1 passed, 1 failed" in out and "case at the bottom: score" in out, out


def test_a_rule_tests_score_and_level_no_score_can_both_meet_is_a_located_error(in_dir, run):
    """`level: low` beside `score: {min: 50}` (low holds 0 to under 20) ran and only ever failed, as if the rules
    were wrong.  A located input error now; a score at the edge of the level's band is fine (the other side)."""
    (in_dir / "t.yaml").write_text("""cases:
  - name: low but high
    facts: {status: partner}
    level: low
    score: {min: 50}
  - name: critical but ten
    facts: {status: partner}
    level: critical
    score: 10
  - name: moderate at its edge
    facts: {status: partner}
    level: moderate
    score: {min: 19, max: 20}
""", encoding="utf-8")
    _, err = run("rules", "test", "--tests", "t.yaml", code=2)
    assert "t.yaml:5:12: error: score at least 50 can never be met beside level 'low', which holds the scores from 0 " \
           "to under 20" in err, err
    assert "t.yaml:9:12: error: score 10 can never be met beside level 'critical', which holds the scores from 80 up" in err
    assert "t.yaml:13:" not in err, err


# --------------------------------------------------------------------------- 13. a Markdown heading's closing hashes


@pytest.mark.parametrize(("name", "kept"), [("Estonia #", "Estonia \\#"), ("Estonia ##  ", "Estonia \\#\\#"),
                                            ("#", "\\#")], ids=["one", "two", "alone"])
def test_a_name_ending_in_hashes_keeps_them_in_a_markdown_heading(in_dir, run, name, kept):
    """A Markdown report's title is '# Deterrence risk report: NAME': a name ending in ' #' ended the line with what
    CommonMark reads as the heading's closing sequence, so 'Estonia #' was titled 'Deterrence risk report: Estonia'
    (Python-Markdown and GitHub alike).  The hashes are escaped where they end a value now; 'C#' (no space before)
    and a '#' inside a value are written as they are (the other side)."""
    text = (REPO / "profiles" / "estonia.yaml").read_text(encoding="utf-8")
    (in_dir / "h.yaml").write_text(text.replace("id: estonia", "id: hashland", 1).replace(
        "name: Estonia", f'name: "{name}"', 1).replace("aliases: [EE, EST]", "aliases: []", 1), encoding="utf-8")
    run("report", "hashland", "--profiles", "h.yaml", "--from", "2022-01-01", "--to", "2022-02-01", "-o", "r.md")
    title = (in_dir / "r.md").read_text(encoding="utf-8").splitlines()[0]
    assert title == f"# Deterrence risk report: {kept}", title
    markdown = pytest.importorskip("markdown")
    assert markdown.markdown(title) == f"<h1>Deterrence risk report: {name.strip()}</h1>"


def test_hashes_inside_a_markdown_value_are_written_as_they_are():
    from assessor.render.markdown import escape

    assert escape("C# and F#") == "C# and F#" and escape("Resolution #5 of 1950") == "Resolution #5 of 1950"


# --------------------------------------------------------------------------- 14. the backtest's onsets per country with a split date


@pytest.mark.parametrize("extra", [(), ("--before-first-onset",), ("--onset-level", "war")], ids=["split", "first", "war"])
def test_the_backtests_onsets_per_country_are_those_it_measures_after_a_split_date(in_dir, run, extra):
    """With `--split-date 2026-01-01` (after Armenia's record ends) the countries' table said Armenia 24 onsets
    beside 0 evaluated days, and no onset row: every onset in the file was counted, though the run measures 'only
    days and onsets from this date on' (its --before-first-onset count was already the run's).  Each country's
    count is now that of its onset rows, under every option.  (Armenia, the Philippines and Ukraine alone: records with
    onsets before and after 2022, as the reading needs.)"""
    import collections
    import json

    from conftest import outcomes_of

    extra = (*extra, "--outcomes", outcomes_of(("armenia", "philippines", "ukraine"), in_dir))
    out, _ = run("backtest", "--split-date", "2026-01-01", *extra, "--resamples", "0", "--format", "json")
    doc = json.loads(out)
    rows = collections.Counter(r["country"] for r in doc["onsets"])
    assert [(c["country"], c["onsets"]) for c in doc["countries"] if c["onsets"] != rows[c["country"]]] == []
    assert next(c for c in doc["countries"] if c["country"] == "armenia")["onsets"] == 0
    out, _ = run("backtest", "--split-date", "2022-01-01", *extra, "--resamples", "0", "--format", "json")
    doc = json.loads(out)
    rows = collections.Counter(r["country"] for r in doc["onsets"])
    assert [(c["country"], c["onsets"]) for c in doc["countries"] if c["onsets"] != rows[c["country"]]] == []
    assert sum(rows.values()) > 0, doc["onsets"]


# --------------------------------------------------------------------------- 15. a registry entry's unsourced existence


def test_a_registry_entrys_unsourced_existence_is_said_in_good_grammar(in_dir, run):
    """'the dates of existence has no source' (a plural with 'has'): the message names the key now, 'exists' has no
    source, at the same place."""
    (in_dir / "reg.yaml").write_text("entries:\n  - name: Newland\n    iso: false\n    exists: {from: 2021-01-01}\n",
                                     encoding="utf-8")
    _, err = run("assess", "estonia", "--date", "2022-03-01", "--registry", "reg.yaml", code=2)
    assert "reg.yaml:4:13: error: 'exists' has no source: give one, or say in a 'note' that none was found" in err, err


# --------------------------------------------------------------------------- 16. profiles new into a project's empty profile folder


@pytest.mark.parametrize("defaults", [True, False], ids=["beside-defaults", "defaults-off"])
def test_profiles_new_writes_the_first_profile_of_a_projects_empty_folder(in_dir, run, defaults):
    """A project made by hand (`mkdir profiles`, `profiles = ["profiles"]`) could not start its first profile:
    `profiles new Georgia` read the project's profiles as every command does and stopped at 'profiles: error: folder
    holds no .yaml files', exit 2, the folder it was to fill.  It writes it now; a bundled country's name is still
    refused beside the defaults, and free with `defaults = false` (nothing to replace), as in a folder that holds
    profiles (the other side)."""
    (in_dir / "profiles").mkdir()
    (in_dir / "assessor.toml").write_text('profiles = ["profiles"]\n' + ("" if defaults else "defaults = false\n"),
                                          encoding="utf-8")
    run("profiles", "new", "Georgia")
    assert (in_dir / "profiles" / "georgia.yaml").is_file()
    (in_dir / "profiles" / "georgia.yaml").unlink()
    if defaults:
        _, err = run("profiles", "new", "Estonia", code=2)
        assert "is the bundled profile 'estonia'" in err, err
    else:
        run("profiles", "new", "Estonia")
        out, _ = run("profiles", "list")
        assert [x.split()[0] for x in out.splitlines()] == ["estonia"], out
