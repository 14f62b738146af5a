"""Hostile input, twelfth round (2026-12-07): the known defects earlier rounds left open (tls:// schedulers,
non-regular paths given to validate, a treaty's country among its own partners, -o into a --profiles folder,
acts of a state before it existed, YAML aliases, the backtest table's long ids, rules in flow style, FIFOs in a
project file), then new doors.

Each test here failed before the fix it names, except the other-side checks beside them (a valid input that
still works the same).
"""

from __future__ import annotations

import pytest
from hostile_common import REPO, one_line_error

# --------------------------------------------------------------------------- 1. a tls:// scheduler address


@pytest.mark.parametrize("where", ["option", "project", "user"])
def test_a_tls_scheduler_without_dask_tls_settings_is_one_located_message(in_dir, run, monkeypatch, where):
    """`--scheduler tls://HOST:PORT` (the help names the form) reached Dask's client without TLS settings and
    came back as 'cannot reach the Dask scheduler at ...: TypeError: TLS expects a `ssl_context` argument',
    also from a project file's or the user's config's scheduler.  Said before any connection now: the address,
    where it was given, and the settings it needs; exit 2."""
    pytest.importorskip("distributed")
    for key in [k for k in __import__("os").environ if k.startswith("DASK_")]:
        monkeypatch.delenv(key)
    address = "tls://127.0.0.1:1"  # nothing listens there: the old path said 'Connection refused' or the TypeError
    args = ["assess", "estonia", "--samples", "2"]
    if where == "option":
        args += ["--scheduler", address]
        said = f"--scheduler '{address}' is a tls:// address"
    elif where == "project":
        (in_dir / "assessor.toml").write_text(f'scheduler = "{address}"\n', encoding="utf-8")
        args += ["--scheduler", "project"]
        said = f"assessor.toml:1: scheduler '{address}' is a tls:// address"
    else:
        (in_dir / "user-config" / "assessor").mkdir(parents=True)
        (in_dir / "user-config" / "assessor" / "config.toml").write_text(f'scheduler = "{address}"\n',
                                                                          encoding="utf-8")
        said = f"config.toml:1: scheduler '{address}' is a tls:// address"
    _, err = run(*args, code=2)
    one_line_error(err)
    assert said in err and "distributed.comm.tls.ca-file" in err and "TypeError" not in err, err


# --------------------------------------------------------------------------- 2. validate of a path that is no file


def _fifo(p):
    __import__("os").mkfifo(p)
    return "not a regular file"


def _dangling(p):
    p.symlink_to(p.parent / "moved.yaml")
    return "file not found"


def _device(p):
    p.symlink_to("/dev/null")
    return "not a regular file"


@pytest.mark.parametrize("make", [_fifo, _dangling, _device], ids=["fifo", "dangling-link", "device"])
@pytest.mark.parametrize("door", ["profiles", "rules"])
def test_validate_of_a_path_that_is_not_a_file_is_an_input_error(in_dir, run, make, door):
    """`profiles validate /dev/stdin` (or a FIFO, a link to a moved file) exited 1, a finding of a file checked
    ('1 file checked: 1 error'), while a missing file exited 2: a path that cannot be read as a file is an
    input error as a missing one is, one message, exit 2.  The other side: a file that is there, exit 0/1."""
    said = make(in_dir / "x.yaml")
    out, err = run(door, "validate", "x.yaml", code=2)
    assert f"x.yaml: error: {said}" in err and "checked" not in out + err, out + err
    assert len([x for x in err.splitlines() if "error" in x]) == 2, err  # 'invalid input:' and the one problem


def test_validate_of_a_fifo_in_a_folder_is_still_a_finding(in_dir, run):
    (in_dir / "d").mkdir()
    (in_dir / "d" / "a.yaml").write_text((REPO / "profiles" / "estonia.yaml").read_text(encoding="utf-8"),
                                         encoding="utf-8")
    _fifo(in_dir / "d" / "b.yaml")
    out, _ = run("profiles", "validate", "d", code=1)
    assert "b.yaml: error: not a regular file" in out, out


# --------------------------------------------------------------------------- 3. the country among a treaty's parties

TREATY = """id: x
name: Georgia
aliases: [GE]
alliance: none
adversary: Russia
covers: {from: 2020-01-01, to: 2021-12-31}
events:
  - date: 2020-02-01
    kind: agreement
    party: [PARTIES]
    type: mutual_defence_treaty
    summary: "A treaty."
    source: {publisher: P, title: T, date: 2020-02-01}
"""


def test_the_country_is_never_named_among_its_treatys_other_parties(in_dir, run):
    """A treaty whose record lists every signatory (valid: round 11) read 'if the mutual defence treaty with
    Georgia, United States and France ... ends' in Georgia's what-if, 'agreement_parties Georgia, United States
    and France' in its facts and the same in its report's story: the country named as its own partner."""
    (in_dir / "p.yaml").write_text(TREATY.replace("PARTIES", "GE, United States, France"), encoding="utf-8")
    day = ("--date", "2020-03-01")
    out, _ = run("explain", "x", "--profiles", "p.yaml", *day)
    assert "if the mutual defence treaty with United States and France (2020-02-01)" in " ".join(out.split()), out
    out, _ = run("rules", "facts", "x", "--profiles", "p.yaml", *day)
    assert [" ".join(x.split()[1:5]) for x in out.splitlines() if x.startswith("agreement_parties")] == [
        "United States and France"], out
    run("report", "x", "--profiles", "p.yaml", *day, "-o", "r.md")
    text = (in_dir / "r.md").read_text(encoding="utf-8")
    assert "treaty with United States and France" in text and "with Georgia" not in text, text


def test_a_treaty_of_the_country_with_itself_and_its_adversary_is_no_agreement_in_force(in_dir, run):
    """party: [GE, Russia] passed the check of a treaty with itself alone (round 11) and counted as a mutual
    defence treaty in force (agreement_rank 5, 'agreement_parties Georgia and Russia'): the hostile state is
    left out of a treaty's protection, and the country itself is no partner either.  With a third state it
    counts (the other side)."""
    (in_dir / "p.yaml").write_text(TREATY.replace("PARTIES", "GE, Russia"), encoding="utf-8")
    out, _ = run("rules", "facts", "x", "--profiles", "p.yaml", "--date", "2020-03-01")
    facts = {x.split()[0]: x.split()[1] for x in out.splitlines() if x.startswith("agreement")}
    assert facts["agreements_in_force"] == "0" and facts["agreement_parties"] == "none", out
    (in_dir / "p.yaml").write_text(TREATY.replace("PARTIES", "GE, Russia, France"), encoding="utf-8")
    out, _ = run("rules", "facts", "x", "--profiles", "p.yaml", "--date", "2020-03-01")
    assert [" ".join(x.split()[1:4]) for x in out.splitlines() if x.startswith("agreement_parties")] == [
        "Russia and France"], out


# --------------------------------------------------------------------------- 4. -o into a folder the command line reads


@pytest.mark.parametrize("args", [("assess", "estonia", "--date", "2022-01-01", "--profiles", "mine", "-o", "mine/o.yaml"),
                                  ("assess", "estonia", "--date", "2022-01-01", "-o", "mine/o.yaml", "--profiles", "mine"),
                                  ("assess", "estonia", "--date", "2022-01-01", "--rules", "mine", "-o", "mine/o.yml"),
                                  ("assess", "estonia", "--date", "2022-01-01", "--registry", "mine", "-o", "mine/o.yaml"),
                                  ("backtest", "-o", "mine/o.yaml", "--profiles", "mine")],
                         ids=["profiles-first", "o-first", "rules", "registry", "backtest"])
def test_o_yaml_into_a_folder_given_on_the_command_line_is_refused(in_dir, run, args):
    """Round 10 refused `-o x.yaml` into a folder the project lists; one given with --profiles (--rules,
    --registry) on the same command line was not: `assess estonia --profiles mine -o mine/o.yaml` wrote the
    assessment there, exit 0, and every later command given that folder ended in a YAML error.  Refused before
    any work now, whichever option comes first; another name there is written (the other side)."""
    (in_dir / "mine").mkdir()
    text = (REPO / "profiles" / "estonia.yaml").read_text(encoding="utf-8")
    (in_dir / "mine" / "e2.yaml").write_text(text.replace("id: estonia", "id: e2", 1).replace(
        "name: Estonia", "name: Estonia Two", 1), encoding="utf-8")
    _, err = run(*args, code=2)
    one_line_error(err)
    flag = next(a for a in args if a in ("--profiles", "--rules", "--registry"))
    assert f"{flag} mine reads every .yaml file of that folder" in err, err
    assert [f.name for f in (in_dir / "mine").iterdir()] == ["e2.yaml"]
    run("assess", "estonia", "--date", "2022-01-01", "--profiles", "mine", "-o", "mine/o.json")
    assert (in_dir / "mine" / "o.json").is_file()


# --------------------------------------------------------------------------- 5. acts and hostility of a state before it existed

NEWLAND = """entries:
  - name: Newland
    iso: false
    exists: {from: 2021-01-01, note: "Fictional."}
"""
BEFORE = """id: x
name: Testland
alliance: none
adversary: Russia
adversaries:
  - name: Newland
{since}    land_border_km: {{value: 300, source: {{publisher: P, title: T, date: 2020-01-01}}}}
  - name: Turkey
    from: 2020-06-01
covers: {{from: 2020-01-01, to: 2021-12-31}}
attributes:
  land_border_km: {{value: 500, source: {{publisher: P, title: T, date: 2020-01-01}}}}
events:
  - date: 2021-01-10
    kind: threat
    actor: Newland
    type: statement
    severity: 3
    weighs_days: 180
{uncertain}    summary: "A threat by a new state."
    source: {{publisher: P, title: T, date: 2021-01-10}}
  - date: 2020-02-01
    kind: threat
    actor: Turkey
    type: statement
    severity: 3
    weighs_days: 180
    summary: "A threat before Turkey's hostility."
    source: {{publisher: P, title: T, date: 2020-02-01}}
"""


def test_a_hostile_state_listed_over_days_before_it_existed_is_a_located_error(in_dir, run):
    """An `adversaries` entry without `from` for a state the registry founds on 2021-01-01 made it hostile from the
    record's first day: its 300 km border counted in hostile_border_km (800) in 2020, when it did not exist, and
    validate said nothing (docs/registry.md: a name used on a day its state did not exist is an error).  Located at
    the entry now; with a `from` inside its existence it loads (the other side)."""
    (in_dir / "reg.yaml").write_text(NEWLAND, encoding="utf-8")
    (in_dir / "p.yaml").write_text(BEFORE.format(since="", uncertain=""), encoding="utf-8")
    out, _ = run("profiles", "validate", "p.yaml", "--registry", "reg.yaml", code=1)
    assert "p.yaml:6:11: error: hostile on 2020-01-01, but 'Newland' did not exist on 2020-01-01" in out, out
    _, err = run("rules", "facts", "x", "--profiles", "p.yaml", "--registry", "reg.yaml", "--date", "2020-06-01", code=2)
    assert "p.yaml:6:11:" in err and "name-outside-existence" in err, err
    (in_dir / "p.yaml").write_text(BEFORE.format(since="    until: 2020-06-01\n", uncertain=""), encoding="utf-8")
    out, _ = run("profiles", "validate", "p.yaml", "--registry", "reg.yaml", code=1)  # hostile only before it existed
    assert "p.yaml:6:11: error: hostile on 2020-01-01" in out and "a 'from' on or after 2021-01-01" in out, out
    (in_dir / "p.yaml").write_text(BEFORE.format(since="    from: 2021-01-01\n", uncertain=""), encoding="utf-8")
    out, _ = run("rules", "facts", "x", "--profiles", "p.yaml", "--registry", "reg.yaml", "--date", "2020-06-01")
    assert [x.split()[1] for x in out.splitlines() if x.startswith("hostile_border_km")] == ["500"], out


def test_an_uncertain_date_range_reaching_before_its_actor_existed_is_a_located_error(in_dir, run):
    """A threat by Newland dated 2021-01-10 (a day it existed) with `uncertain: {earliest: 2020-10-01}` passed: its
    date is checked, not its range, and a Monte Carlo sample dated the threat before the state existed.  Located
    at `earliest` now."""
    (in_dir / "reg.yaml").write_text(NEWLAND, encoding="utf-8")
    (in_dir / "p.yaml").write_text(BEFORE.format(since="    from: 2021-01-01\n",
                                                 uncertain="    uncertain: {earliest: 2020-10-01}\n"), encoding="utf-8")
    out, _ = run("profiles", "validate", "p.yaml", "--registry", "reg.yaml", code=1)
    assert "p.yaml:21:27: error: a sampled date could fall on 2020-10-01, and 'Newland' did not exist" in out, out
    _, err = run("assess", "x", "--profiles", "p.yaml", "--registry", "reg.yaml", "--date", "2021-06-01",
                 "--samples", "5", code=2)
    assert "p.yaml:21:27:" in err, err


def test_a_threat_before_its_actors_hostility_starts_still_counts_as_any_states_threat(in_dir, run):
    """The choice of round 12 (the other side): `from` on an `adversaries` entry says when the state is an
    adversary (its border, its assurances, world events), not when it can threaten; a threat counts whoever makes
    it (docs/profiles.md), so Turkey's threat before its `from` counts, as a threat by France would."""
    (in_dir / "reg.yaml").write_text(NEWLAND, encoding="utf-8")
    (in_dir / "p.yaml").write_text(BEFORE.format(since="    from: 2021-01-01\n", uncertain=""), encoding="utf-8")
    out, _ = run("rules", "facts", "x", "--profiles", "p.yaml", "--registry", "reg.yaml", "--date", "2020-03-01")
    assert [x.split()[1] for x in out.splitlines() if x.startswith("threats_90d")] == ["1"], out


# --------------------------------------------------------------------------- 6. a problem in an aliased value

ALIASED = """id: x
name: Testland
alliance: none
adversary: Russia
covers: {from: 2020-01-01, to: 2021-12-31}
attributes:
  land_border_km: {value: 500, source: &src {publisher: P, title: T, date: 2020-01-01}}
x-spare: &bad {publisher: P, title: T, date: 2020-02-30}
events:
  - date: 2020-03-01
    kind: threat
    actor: Russia
    type: statement
    severity: SEVERITY
    weighs_days: 90
    summary: "A threat."
    source: SOURCE
"""


def test_a_problem_in_an_aliased_value_is_located_at_the_alias(in_dir, run):
    """Composing replaces an alias by its anchor's node, marks and all: `severity: *src` (a mapping anchored on
    line 7) was 'p.yaml:7:40: severity: expected a whole number', at the anchor, and the line that used it was
    never named.  Located at the alias now (line 13), and a problem the anchor's value itself holds names the
    anchor's line beside the alias's."""
    (in_dir / "p.yaml").write_text(ALIASED.replace("SEVERITY", "*src").replace("SOURCE", "*src")
                                   .replace("x-spare: &bad {publisher: P, title: T, date: 2020-02-30}\n", ""),
                                   encoding="utf-8")
    _, err = run("assess", "x", "--profiles", "p.yaml", "--date", "2020-03-01", code=2)
    assert "p.yaml:13:15: error: 'severity': expected a whole number, got a mapping" in err, err
    (in_dir / "p.yaml").write_text(ALIASED.replace("SEVERITY", "3").replace("SOURCE", "*bad"), encoding="utf-8")
    out, _ = run("profiles", "validate", "p.yaml", code=1)
    assert "p.yaml:17:13: error: '2020-02-30' is not a real date (in the anchor's value at line 8)" in out, out


# --------------------------------------------------------------------------- 7. the backtest's text table and long ids


def _columns(text: str) -> int:
    import unicodedata

    return sum(0 if unicodedata.combining(c) else 2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def test_the_backtest_table_stays_aligned_with_an_id_of_60_characters(in_dir, run):
    """The country column was at most 30 wide and a longer id overflowed it: the row of a 60-character id had its
    counts 30 columns to the right of every other row's.  Cut with an ellipsis in its cell now, listed whole
    below the tables."""
    long_id = "e" + "x" * 59
    (in_dir / "p").mkdir()
    text = (REPO / "profiles" / "estonia.yaml").read_text(encoding="utf-8")
    (in_dir / "p" / "long.yaml").write_text(text.replace("id: estonia", f"id: {long_id}", 1)
                                            .replace("name: Estonia", "name: Estonia Long", 1), encoding="utf-8")
    out, _ = run("backtest", "--profiles", "p", "--include-unlisted", "--resamples", "0")
    lines = out.splitlines()
    start = lines.index("countries used (onsets; evaluated days; days followed by an onset):") + 1
    rows = [x for x in lines[start:] if x.startswith("  ")][:20]
    ends = {_columns(x.split("  (")[0].split(";")[0].rstrip()) for x in rows}  # where the last count ends
    assert len(ends) == 1, "\n".join(rows)
    assert any(x.startswith("  " + "e" + "x" * 28 + "…") for x in rows), "\n".join(rows)
    assert f"= {long_id}" in out, out[-500:]


def test_the_backtest_table_stays_aligned_with_level_names_in_wide_characters(in_dir, run):
    """A rule set's own level name in wide characters (each two columns on a terminal) was padded by its length:
    the reliability table's columns after it were off by as many columns as it had characters."""
    import shutil

    shutil.copytree(REPO / "rules", in_dir / "r", ignore=shutil.ignore_patterns("tests"))
    header = in_dir / "r" / "ruleset.yaml"
    text = header.read_text(encoding="utf-8").replace("name: moderate,", "name: 中程度の危険,", 1)
    header.write_text(text.replace("low: 0.002, moderate: 0.007", "low: 0.002, 中程度の危険: 0.007", 1),
                      encoding="utf-8")
    out, _ = run("backtest", "--rules", "r", "--no-defaults", "--profiles", REPO / "profiles", "--resamples", "0")
    lines = out.splitlines()
    start = next(i for i, x in enumerate(lines) if x.startswith("level ") and "declared" in x)
    table = lines[start:start + 6]
    assert len({_columns(x.rstrip()) for x in table}) == 1, "\n".join(table)


# --------------------------------------------------------------------------- 8. rules show of a rule in flow style

FLOW = """rules:
  - {id: flow-one, factor: credibility, index: structural, description: "Ünïcödé 中文.", when: {fact: protector_exclusion, eq: true}, effect: {points: 1}, reason: "One."}  # a comment
  - {id: flow-two, factor: credibility, index: structural,
     description: "Two.", when: {fact: protector_exclusion, eq: true},
     effect: {points: 2}, reason: "Two."}
"""
FLOW_LIST = ('rules: [{id: fa, factor: credibility, index: structural, description: "A.", when: {fact: '
             'protector_exclusion, eq: true}, effect: {points: 1}, reason: "A."}, {id: fb, factor: credibility, index: '
             'structural, description: "B.", when: {fact: protector_exclusion, eq: true}, effect: {points: 1}, reason: '
             '"B."}]\n')


@pytest.mark.parametrize(("text", "rule", "shown"), [
    (FLOW, "flow-one", FLOW.splitlines()[1][4:FLOW.splitlines()[1].index("  #")]),
    (FLOW, "flow-two", "\n".join(FLOW.splitlines()[2:5])[4:]),
    (FLOW_LIST, "fb", FLOW_LIST[FLOW_LIST.index("{id: fb"):-2])], ids=["one-line", "lines", "flow-list"])
def test_rules_show_of_a_rule_in_flow_style_shows_that_rule_alone(in_dir, run, text, rule, shown):
    """`rules show` took a rule's text from its first line to where the indentation ends: a rule written
    `- {id: x, ...}  # a comment` showed the list's dash and the comment, and one of a flow list
    `rules: [{id: a, ...}, {id: b, ...}]` showed every rule of the list.  Exactly the rule's mapping now."""
    (in_dir / "r.yaml").write_text(text, encoding="utf-8")
    out, _ = run("rules", "show", rule, "--rules", "r.yaml", "--format", "json")
    import json

    assert json.loads(out)["yaml"] == shown + "\n", out


# --------------------------------------------------------------------------- 9. a FIFO or a device listed by a project


@pytest.mark.parametrize("key", ["profiles", "rules", "registry", "world", "uncertainty"])
def test_a_fifo_listed_by_the_project_is_located_at_the_project_files_line(in_dir, key):
    """A FIFO (or a device) listed in assessor.toml was reported at the FIFO's own path ('f.yaml: error: not a
    regular file'), the project file that named it unnamed.  Said at the line of assessor.toml that lists it now
    (line 3 of a list over several lines), never read; exit 2.  In a process of its own: a FIFO read would hang."""
    import os

    from hostile_common import cli

    os.mkfifo(in_dir / "f.yaml")
    (in_dir / "x").mkdir()
    (in_dir / "x" / "a.yaml").write_text("x: 1\n", encoding="utf-8")
    (in_dir / "assessor.toml").write_text(f'{key} = [\n  "x",\n  "f.yaml",\n]\n' if key != "uncertainty"
                                          else f'{key} = [\n  "x/a.yaml",\n  "f.yaml",\n]\n', encoding="utf-8")
    r = cli("assess", "estonia", "--date", "2022-01-01", cwd=in_dir, timeout=30)
    assert r.returncode == 2, r.stderr
    one_line_error(r.stderr)
    assert "assessor.toml:3: " in r.stderr and f"'{key}' names" in r.stderr and "not a regular file" in r.stderr, r.stderr


def test_a_device_listed_by_the_project_is_located_at_the_project_files_line(in_dir, run):
    (in_dir / "assessor.toml").write_text('profiles = ["/dev/null"]\n', encoding="utf-8")
    _, err = run("profiles", "list", code=2)
    one_line_error(err)
    assert "assessor.toml:1: 'profiles' names '/dev/null', which is not a regular file" in err, err


# --------------------------------------------------------------------------- 10. uncertainty files: a severity range on an event without one


@pytest.mark.parametrize(("entry", "at", "said"), [
    ("  - event: {kind: membership}\n    severity: 1\n", "4:15", "a membership event has no severity"),
    ("  - event: {kind: ultimatum}\n    severity_max: 2\n", "4:19", "an ultimatum event has no severity"),
    ("  - profile: estonia\n    event: {id: us-2025-03-06-not-going-to-defend-them}\n    severity_min: 1\n", "5:19",
     "the signal event {id: us-2025-03-06-not-going-to-defend-them} has no severity")],
    ids=["kind", "kind-an", "one-event"])
def test_a_severity_range_on_an_event_without_severity_is_a_located_error(in_dir, run, entry, at, said):
    """An uncertainty file's `severity: 1` for every membership (or one signal, by id) loaded and ranged nothing,
    without a word: the run said 'N samples of M uncertain inputs' as if the analyst's stated doubt were drawn.
    The same range in a profile's own `uncertain:` block is an error; so is this one now, exit 2.  The other side:
    a severity range on threats still works."""
    (in_dir / "u.yaml").write_text("name: odd\nevents:\n" + entry, encoding="utf-8")
    _, err = run("assess", "estonia", "--date", "2022-03-01", "--samples", "3", "--uncertainty", "u.yaml", code=2)
    assert f"u.yaml:{at}: error: {said} to be uncertain about" in err, err
    (in_dir / "u.yaml").write_text("name: odd\nevents:\n  - event: {kind: threat}\n    severity: 0\n", encoding="utf-8")
    run("assess", "estonia", "--date", "2022-03-01", "--samples", "3", "--uncertainty", "u.yaml")


# --------------------------------------------------------------------------- 11. init into a path through a folder not yet made


def test_init_into_a_path_through_dot_dot_of_a_missing_folder_makes_it(in_dir, run):
    """`init a/../b` with no folder a said 'cannot write in a/../b: File exists (a/..)', exit 2: it made a, then
    tried to make 'a/..' itself, which is there once a is (nothing existed to be in the way).  It makes a and b,
    as `mkdir -p a/../b` does, and writes the project into b."""
    run("init", "a/../b")
    assert (in_dir / "b" / "assessor.toml").is_file() and (in_dir / "a").is_dir()
    run("profiles", "validate", "b/profiles", code=1)  # the sample profile's placeholders: it was written whole


# --------------------------------------------------------------------------- 12. profiles new of a bundled country's alias


@pytest.mark.parametrize("name", ["EE", "EST"])
def test_profiles_new_of_a_bundled_countrys_alias_never_writes_a_profile_that_breaks_the_project(in_dir, run, name):
    """`profiles new EE` said 'a project profile ee.yaml would replace it in every command.  To replace it on
    purpose: assessor profiles new EE --replace'; doing so wrote ee.yaml (id ee, name EE), which does not replace
    Estonia (a profile replaces a bundled one by its id) but answers to 'EE' beside it: every command of the
    project then stopped ('ee' also names profile 'estonia').  Refused with or without --replace now, pointing at
    the bundled id; `profiles new estonia --replace` still replaces it (the other side)."""
    run("init")
    for extra in ([], ["--replace"]):
        _, err = run("profiles", "new", name, *extra, code=2)
        one_line_error(err)
        assert "names the bundled profile 'estonia'" in err and "assessor profiles new estonia --replace" in err, err
        assert not (in_dir / "profiles" / f"{name.lower()}.yaml").exists()
    run("profiles", "list")
    run("profiles", "new", "estonia", "--replace")
    _, err = run("timeline", "estonia", "--from", "2026-01-01", "--to", "2026-01-02")
    assert "replaces the bundled profile 'estonia'" in err, err


# --------------------------------------------------------------------------- 13. timeline and compare columns for ids over 10 characters


def _date_columns(out: str) -> set[int]:
    """Where the first date of each row of a text table starts, in terminal columns."""
    import re

    return {_columns(x[:m.start()]) for x in out.splitlines() if (m := re.search(r" \d{4}-\d{2}-\d{2} ", x))}


def test_timeline_and_compare_keep_their_columns_for_a_bundled_id_over_ten_characters(in_dir, run):
    """timeline's and compare's country column was 10 wide: the bundled georgia-2008 and czechoslovakia-1968 (12
    and 19 characters) pushed their rows 2 and 9 columns right of estonia's.  The column is as wide as the longest
    id now (up to 30; a longer one is cut and listed whole below)."""
    out, _ = run("timeline", "estonia", "georgia-2008", "czechoslovakia-1968", "--from", "2008-06-01", "--to",
                 "2008-07-01", "--step", "month")
    assert len(_date_columns(out)) == 1, out
    out, _ = run("compare", "estonia", "georgia-2008", "--scenario", REPO / "docs" / "scenarios" /
                 "sweden-dca-never-in-force.yaml", "--from", "2008-06-01", "--to", "2008-07-01", "--all-dates")
    assert len(_date_columns(out)) == 1 and "georgia-2008" in out, out


def test_timeline_cuts_an_id_of_60_characters_and_lists_it_whole(in_dir, run):
    long_id = "e" + "x" * 59
    text = (REPO / "profiles" / "estonia.yaml").read_text(encoding="utf-8")
    (in_dir / "long.yaml").write_text(text.replace("id: estonia", f"id: {long_id}", 1)
                                      .replace("name: Estonia", "name: Estonia Long", 1), encoding="utf-8")
    out, _ = run("timeline", "estonia", long_id, "--profiles", "long.yaml", "--from", "2022-06-01", "--to",
                 "2022-07-01", "--step", "month")
    assert len(_date_columns(out)) == 1 and f"= {long_id}" in out, out


def test_rules_show_and_profiles_list_keep_their_columns(in_dir, run):
    """`rules show`'s 'fires on' list padded ids to 10 (azerbaijan-1993's ranges stood 5 columns right of
    armenia's); `profiles list` padded names by their length, so a name in wide characters pushed its row's
    'covers' out of line."""
    import re

    out, _ = run("rules", "show", "adversary-next-door", "--step", "month")
    rows = out[out.index("fires on"):].splitlines()[1:]
    assert len({_columns(x[:re.search(r" (\d{4}-|never)", x).start()]) for x in rows if x.strip()}) == 1, out
    text = (REPO / "profiles" / "estonia.yaml").read_text(encoding="utf-8")
    (in_dir / "p").mkdir()
    for pid, name in (("wide", "エストニア共和国"), ("narrow", "Narrowland")):
        (in_dir / "p" / f"{pid}.yaml").write_text(text.replace("id: estonia", f"id: {pid}", 1)
                                                  .replace("name: Estonia", f"name: {name}", 1)
                                                  .replace("aliases: [EE, EST]", "aliases: []", 1), encoding="utf-8")
    out, _ = run("profiles", "list", "--profiles", "p")
    assert out.count(" covers ") == 2, out
    assert len({_columns(x[:x.index(" covers ")]) for x in out.splitlines() if " covers " in x}) == 1, out


# --------------------------------------------------------------------------- 14. an import whose header names a column twice


def test_an_import_whose_header_names_a_column_it_reads_twice_is_refused(in_dir, run):
    """An ACLED export with `event_date` twice in its header: the reader kept the last column, every row of the
    country was a bad row ('column event_date: 'x' is not a date'), and the command still wrote a candidate file,
    exit 0, the header never named.  Refused at the header now, nothing written."""
    import shutil

    lines = (REPO / "tests" / "data" / "import" / "acled-current.csv").read_bytes().split(b"\n")
    head = lines[0].split(b",")
    (in_dir / "dup.csv").write_bytes(b",".join([*head, b"event_date"]) + b"\n"
                                     + b"\n".join(x + b",x" for x in lines[1:] if x) + b"\n")
    shutil.copy(REPO / "profiles" / "estonia.yaml", in_dir / "estonia.yaml")
    _, err = run("import", "acled", "dup.csv", "--country", "estonia", "--profiles", "estonia.yaml", "-o", "c.yaml",
                 "-q", code=2)
    one_line_error(err)
    assert "dup.csv:1: the header names the column event_date 2 times" in err, err
    assert not (in_dir / "c.yaml").exists()
