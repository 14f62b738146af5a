"""Hostile input, fourth round (2026-12-06): what the first three rounds left open.

Each test here failed before the fix it names.  The standard is the project's: one located
message, exit 2 (1 from ``validate``), never a traceback, nothing written on failure, inputs never
modified, every string escaped for where it is shown.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest
from conftest import MINI_PROFILE
from hostile_common import REPO, cli, one_line_error

# --------------------------------------------------------------------------- configuration files that are not files


def _fifo(p: Path) -> str:
    os.mkfifo(p)
    return "not a regular file"


def _folder(p: Path) -> str:
    p.mkdir()
    return "a folder"


def _dangling(p: Path) -> str:
    p.symlink_to(p.parent / "moved.toml")
    return "a link to nothing"


@pytest.mark.parametrize("make", [_fifo, _folder, _dangling], ids=["fifo", "folder", "dangling-link"])
def test_a_user_config_that_is_not_a_file_is_one_located_line(in_dir, run, make):
    """A FIFO (or a folder, or a link to a moved file) at ~/.config/assessor/config.toml was skipped without
    a word: the run went on without the user's settings (a regular file with a bad key is an error)."""
    where = in_dir / "user-config" / "assessor"
    where.mkdir(parents=True)
    said = make(where / "config.toml")
    _, err = run("assess", "finland", "--date", "2022-06-01", "--samples", "2", code=2)
    one_line_error(err)
    assert "config.toml" in err and said in err, err


@pytest.mark.parametrize("make", [_fifo, _folder, _dangling], ids=["fifo", "folder", "dangling-link"])
def test_a_project_file_that_is_not_a_file_is_one_located_line(in_dir, run, make):
    """An assessor.toml that is a FIFO was skipped, and discovery went on upwards: a parent folder's
    project file was used in its place, without a word."""
    (in_dir / "assessor.toml").write_text('profiles = ["nowhere-of-the-parent"]\n')
    child = in_dir / "child"
    child.mkdir()
    os.chdir(child)
    said = make(child / "assessor.toml")
    _, err = run("assess", "finland", "--date", "2022-06-01", code=2)
    one_line_error(err)
    assert str(child / "assessor.toml") in err and said in err, err


def test_a_regular_project_file_in_a_parent_is_still_found(in_dir, run):
    (in_dir / "assessor.toml").write_text("scheduler = 3\n")
    (in_dir / "child").mkdir()
    os.chdir(in_dir / "child")
    _, err = run("assess", "finland", "--date", "2022-06-01", code=2)
    assert str(in_dir / "assessor.toml") in err, err


# --------------------------------------------------------------------------- names with a newline in messages


NAME = "a\n\x1b[31merror: forged"


@pytest.mark.parametrize("args", [
    ("assess", "finland", "--date", "2022-06-01", "-o", f"missing/{NAME}/x.txt"),
    ("assess", "finland", "--date", "2022-06-01", "--scenario", NAME),
    ("profiles", "validate", NAME),
    ("rules", "validate", NAME),
], ids=["output-folder", "scenario", "profiles-validate", "rules-validate"])
def test_a_file_name_with_a_newline_stays_on_its_line(in_dir, run, args):
    """A name holding a newline was written raw into its message: `-o $'x\\nerror: forged'` printed a second
    line of the program's own making (the escape was shown, the newline was not)."""
    out, err = run(*args, code=2)
    lines = [x for x in (out + err).strip().splitlines() if x.strip()]
    assert not any(x.startswith("error: forged") or x.startswith("\x1b") for x in lines), out + err
    assert "a\\n\\x1b[31merror: forged" in out + err, out + err


def test_the_note_of_a_written_file_is_one_line(in_dir, run):
    _, err = run("assess", "finland", "--date", "2022-06-01", "-o", NAME)
    assert err == "wrote a\\n\\x1b[31merror: forged\n", err
    assert (in_dir / NAME).is_file()  # the name is the user's: written as given


def test_an_error_with_detail_lines_keeps_them(in_dir, run, monkeypatch):
    """The one message that lists lines below it (an import review whose profile would not validate)."""
    from assessor import project
    from assessor.errors import AssessorError

    def fail(*a, **k):
        raise AssessorError("p.yaml would not validate\nwith a newline:", detail=["p.yaml:3:1: error: x", "y\nz"])

    monkeypatch.setattr(project, "load", fail)
    _, err = run("assess", "finland", "--date", "2022-06-01", code=2)
    assert err == "error: p.yaml would not validate\\nwith a newline:\n  p.yaml:3:1: error: x\n  y\\nz\n", err


# --------------------------------------------------------------------------- a rule a scenario disables


SCENARIO_OFF = "name: without the rule\nrules:\n  - rule: window-of-vulnerability\n    disable: true\n"


@pytest.mark.parametrize("cmd", [("assess", "finland", "--date", "2022-06-01"),
                                 ("timeline", "finland", "--from", "2022-01-01", "--to", "2022-03-01", "--step", "month")])
def test_an_uncertainty_range_of_a_rule_the_scenario_disables_is_not_an_unknown_rule(in_dir, run, write, cmd):
    """`--scenario` with `disable: true` and an uncertainty file ranging that rule said "unknown rule
    'window-of-vulnerability'" - a rule the rule set has.  The range now ranges nothing (the rule gives no
    points in that run), so one uncertainty file serves the baseline and the scenario."""
    sc = write("sc.yaml", SCENARIO_OFF)
    unc = write("unc.yaml", "name: u\nrules:\n  - rule: window-of-vulnerability\n    min: 15\n    max: 30\n")
    out, _ = run(*cmd, "--scenario", sc, "--samples", "3", "--uncertainty", unc, "--format", "json")
    base, _ = run(*cmd, "--samples", "3", "--uncertainty", unc, "--format", "json")
    inputs = [x["uncertainty"]["inputs"] for doc in (out, base) for x in _items(doc)]
    assert inputs[0] == inputs[-1] - 1, inputs  # the disabled rule's range is the one input less


def _items(doc: str) -> list[dict]:
    import json

    data = json.loads(doc)
    return data.get("assessments") or data.get("points") or data if isinstance(data, dict) else data


def test_a_bad_range_of_a_disabled_rule_is_still_located(in_dir, run, write):
    """The file is valid or not whatever is assessed: a range that leaves out the rule's points is an error
    with the scenario too."""
    sc = write("sc.yaml", SCENARIO_OFF)
    unc = write("unc.yaml", "name: u\nrules:\n  - rule: window-of-vulnerability\n    min: 26\n    max: 30\n")
    _, err = run("assess", "finland", "--date", "2022-06-01", "--scenario", sc, "--samples", "3", "--uncertainty", unc,
                 code=2)
    assert "unc.yaml:3:5:" in err and "does not hold the rule's points 25" in err, err


def test_a_rule_no_file_has_is_still_unknown_with_a_scenario(in_dir, run, write):
    sc = write("sc.yaml", SCENARIO_OFF)
    unc = write("unc.yaml", "name: u\nrules:\n  - rule: window-of-vulnerabilty\n    min: 15\n    max: 30\n")
    _, err = run("assess", "finland", "--date", "2022-06-01", "--scenario", sc, "--samples", "3", "--uncertainty", unc,
                 code=2)
    assert "unknown rule 'window-of-vulnerabilty'" in err, err


# --------------------------------------------------------------------------- Monte Carlo work


@pytest.mark.parametrize("args", [
    ("timeline", "finland", "--step", "day", "--samples", "100000"),
    ("sweep", "finland", "--step", "day", "--samples", "1000000"),
    ("sweep", "finland", "--step", "day", "--samples", "1000000", "-o", "rows.csv"),
    ("assess", "all", "--date", "2022-06-01", "--samples", "10000000"),
], ids=["timeline", "sweep-stdout", "sweep-file", "assess-every-country"])
def test_a_monte_carlo_of_days_is_refused_before_it_starts(in_dir, run, args):
    """--samples was bounded alone (10 M), not samples × countries × dates: `timeline finland --step day
    --samples 100000` would score 200 million assessments (over an hour on one core) without a word, and a
    sweep would write that many rows.  Now one line naming the product and what lowers it, nothing written."""
    out, err = run(*args, code=2)
    one_line_error(err)
    assert "sampled assessments, more than 100,000,000" in err and "fewer --samples" in err, err
    assert out == "" and not (in_dir / "rows.csv").exists()


def test_the_monte_carlo_bound_is_far_above_ordinary_runs():
    """35 countries, five years by week, 1,000 samples: 9 M, within the bound; so is 10 M samples of one date."""
    import datetime as dt

    from assessor import sweep
    from assessor.errors import AssessorError

    def model(n_countries: int, n_dates: int) -> sweep.Model:
        return sweep.Model(None, tuple(range(n_countries)), (), tuple(dt.date(2020, 1, 1) for _ in range(n_dates)))  # type: ignore[arg-type]

    sweep.check_samples(model(35, 261), 1_000)
    sweep.check_samples(model(1, 1), sweep.MAX_SAMPLES)
    with pytest.raises(AssessorError, match="more than 100,000,000"):
        sweep.check_samples(model(35, 261), 11_000)


# --------------------------------------------------------------------------- a line break in a name


FORGED = "finland    2022-06-01   99.0  CRITICAL"


@pytest.mark.parametrize(("old", "new", "line"), [
    ("name: Testland", f'name: "Testland\\n{FORGED}"', 2),
    ("aliases: [TX, TST]", 'aliases: [TX, "TST\\r\\nX"]', 3),
    ("source: {publisher: Test, title: Threat,", 'source: {publisher: "Test\\u2028X", title: Threat,', 29),
], ids=["name", "alias", "publisher"])
def test_a_name_with_a_line_break_is_located(run, write, old, new, line):
    """A profile named "Testland\\n<a timeline row>" loaded, and `assess` printed the second half as a line of
    its own, a country and score the program never computed (terminal escaping keeps newlines, which
    messages of several lines need).  A name, alias, title or publisher is shown on one line: a line break in
    it is refused where it stands.  Free text (a summary, a note) is shown wrapped and may hold one."""
    p = write("p/testland.yaml", MINI_PROFILE.replace(old, new, 1))
    assert new in p.read_text()
    out, _ = run("profiles", "validate", p, code=1)
    assert f"testland.yaml:{line}:" in out and "holds a line break" in out, out
    _, err = run("timeline", "testland", "--profiles", p.parent, "--from", "2022-06-01", "--to", "2022-06-01", code=2)
    assert f"testland.yaml:{line}:" in err and "holds a line break" in err, err


def test_a_summary_with_a_line_break_loads_and_is_shown_on_one_line(run, write):
    p = write("p/testland.yaml", MINI_PROFILE.replace("summary: A threat.", f'summary: "A threat.\\n{FORGED}"\n'
                                                      f'    note: "a\\n{FORGED}"'))
    run("profiles", "validate", p)
    for args in (("explain", "testland", "--date", "2021-07-01"), ("assess", "testland", "--date", "2021-07-01",
                                                                 "--evidence")):
        out, _ = run(*args, "--profiles", p.parent)
        assert "A threat." in out and not any(x.startswith("finland") for x in out.splitlines()), out


def test_a_registry_name_and_a_level_with_a_line_break_are_located(run, write, rules_copy):
    reg = write("reg.yaml", 'entries:\n  - name: "Atlantis\\nX"\n    kind: state\n')
    _, err = run("assess", "finland", "--date", "2022-06-01", "--registry", reg, code=2)
    assert "reg.yaml:2:" in err and "holds a line break" in err, err
    f = rules_copy / "ruleset.yaml"
    f.write_text(f.read_text().replace("{name: low,", '{name: "low\\n",', 1))
    out, _ = run("rules", "validate", rules_copy, code=1)
    assert "ruleset.yaml:" in out and "holds a line break" in out, out


# --------------------------------------------------------------------------- Markdown lists


def test_markdown_evidence_items_are_lines_of_their_own(run, write):
    """The Markdown report's evidence macro ended each item with `{% endif %}` and the environment's
    trim_blocks ate the newline after it: every item, and the next rule's bullet, ran on as one line
    ("... [\\[S1\\]](#s1)- Adversary next door (+6):"), one paragraph in any Markdown viewer."""
    p = write("p/testland.yaml", MINI_PROFILE)
    out, _ = run("report", "testland", "--profiles", p.parent, "--from", "2021-01-01", "--to", "2022-12-31",
                 "--format", "markdown", "-o", "-")
    assert ")- " not in out, out
    items = [x for x in out.splitlines() if x.startswith("  - 2021-06-01 A threat.")]
    assert items and all(x.endswith("(#s5)") or x.endswith(")") for x in items), items
    assert "\n- **2022-01-01**: " in out, out


# --------------------------------------------------------------------------- characters YAML refuses


@pytest.mark.parametrize(("char", "shown"), [("\x00", "U+0000"), ("\x1b", "U+001B"), ("\x9b", "U+009B")])
def test_a_control_character_in_a_file_is_located(run, write, char, shown):
    """A NUL or escape character in a profile or scenario was 'YAML syntax error: unacceptable character
    #x0000: control characters are not allowed\\n  in "<unicode string>", position 397' - no line, and a
    position in characters nobody counts."""
    p = write("p/testland.yaml", MINI_PROFILE.replace("summary: A threat.", f"summary: A th{char}reat."))
    line = p.read_text().splitlines().index(f"    summary: A th{char}reat.") + 1
    out, _ = run("profiles", "validate", p, code=1)
    assert f"testland.yaml:{line}:18: error: the control character {shown} is not allowed" in out, out
    sc = write("sc.yaml", f"name: a{char}b\nrules: []\n")
    _, err = run("assess", "finland", "--date", "2022-06-01", "--scenario", sc, code=2)
    assert f"sc.yaml:1:8: error: the control character {shown}" in err, err


# --------------------------------------------------------------------------- events a scenario moves or removes


MOVED = REPO / "docs" / "scenarios" / "sweden-ratified-2022.yaml"  # moves Turkey's ratification of 2024-01-23


def _inputs(run, *args) -> int:
    import json

    out, _ = run("assess", "sweden", "--date", "2023-06-01", "--samples", "2", "--format", "json", *args)
    return json.loads(out)[0]["uncertainty"]["inputs"]


def test_an_event_a_scenario_moves_is_still_named_as_its_file_writes_it(in_dir, run, write):
    """The bundled scenario moves Turkey's ratification (2024-01-23) to 2022-11-15; an uncertainty file naming
    that event by its date then said "no event of 'sweden' matches {date: 2024-01-23, kind: ratification};
    did you mean '{date: 2022-11-30, ...}'" - the scenario's own date, not a mistake in the file."""
    unc = write("unc.yaml", "name: u\nevents:\n  - profile: sweden\n    event: {date: 2024-01-23, kind: ratification}\n"
                            "    days: 7\n")
    assert _inputs(run, "--scenario", MOVED, "--uncertainty", unc) == _inputs(run, "--scenario", MOVED) + 1


def test_an_event_a_scenario_removes_ranges_nothing(in_dir, run, write):
    sc = write("sc.yaml", "name: no ratification\nchanges:\n  - profile: sweden\n"
                          "    remove: {date: 2024-01-23, kind: ratification}\n")
    unc = write("unc.yaml", "name: u\nevents:\n  - profile: sweden\n    event: {date: 2024-01-23, kind: ratification}\n"
                            "    days: 7\n")
    assert _inputs(run, "--scenario", sc, "--uncertainty", unc) == _inputs(run, "--scenario", sc)
    assert _inputs(run, "--uncertainty", unc) == _inputs(run) + 1


def test_an_event_the_file_never_had_is_still_unknown_with_a_scenario(in_dir, run, write):
    unc = write("unc.yaml", "name: u\nevents:\n  - profile: sweden\n    event: {date: 2022-11-15, kind: ratification}\n"
                            "    days: 7\n")
    _, err = run("assess", "sweden", "--date", "2023-06-01", "--samples", "2", "--scenario", MOVED, "--uncertainty", unc,
                 code=2)
    assert "unc.yaml:4:12:" in err and "no event of 'sweden' matches {date: 2022-11-15" in err, err


def test_a_date_range_moves_with_the_event_a_scenario_moves(write):
    """An `earliest`/`latest` range is checked against the date the file gives, and moves with the event (as
    the event's own `uncertain` range does), so the sampled dates are around the scenario's date."""
    import datetime as dt

    from assessor import loader, scenario, uncertainty

    rs, ps = loader.load_ruleset(None), loader.load_profiles([REPO / "profiles" / "sweden.yaml"])
    rs2, ps2 = scenario.apply(scenario.load(MOVED), rs, ps)
    unc = write("unc.yaml", "name: u\nevents:\n  - profile: sweden\n    event: {date: 2024-01-23, kind: ratification}\n"
                            "    earliest: 2024-01-20\n    latest: 2024-01-30\n")
    found = [i for i in uncertainty.collect(rs2, [ps2.resolve("sweden")], [uncertainty.load(unc)]) if i.kind == "date"
             and i.declared.startswith(str(unc))]
    assert [(dt.date.fromordinal(int(i.low)), dt.date.fromordinal(int(i.high))) for i in found] == [
        (dt.date(2022, 11, 12), dt.date(2022, 11, 22))], found


# --------------------------------------------------------------------------- large but valid


def test_a_profile_of_5000_events_loads(write):
    """A profile of 5,000 threats (some 22 values each: 110,000) was refused: 'document holds more than 100,000
    values', though its 1 MB is half the size bound.  The value bound (alias bombs, memory) is now 250,000:
    some 10,000 events."""
    from assessor import loader

    events = "".join(f"  - {{date: 2021-{1 + k % 12:02d}-{1 + k % 28:02d}, kind: threat, actor: Russia, type: statement, "
                     f"severity: {1 + k % 5}, weighs_days: 30, summary: Threat {k}., source: {{publisher: T, "
                     f"title: T{k}, date: 2021-{1 + k % 12:02d}-{1 + k % 28:02d}}}}}\n" for k in range(5000))
    p = write("p/testland.yaml", MINI_PROFILE.lstrip("\n") + events)
    profile = loader.load_profiles([p]).resolve("testland")
    assert len(profile.events) == 5004


def test_a_name_of_10000_characters_leaves_the_chart_its_plot(run, write, tmp_path):
    """The legend wrapped a name at 48 characters without end: a name of 10,000 made a legend of 209 lines, the
    figure was sized for one, and matplotlib collapsed the plot ('constrained_layout not applied because axes
    sizes collapsed to zero') - a chart of a legend.  A legend entry is now at most three lines."""
    import warnings

    p = write("p/testland.yaml", MINI_PROFILE.replace("name: Testland", "name: " + "N" * 10_000))
    with warnings.catch_warnings(record=True) as seen:
        warnings.simplefilter("always")
        run("timeline", "testland", "--profiles", p.parent, "--from", "2021-01-01", "--to", "2022-12-31", "--step",
            "month", "--plot", tmp_path / "t.svg")
    assert not [w for w in seen if "collapsed" in str(w.message)], [str(w.message) for w in seen]
    svg = (tmp_path / "t.svg").read_text()
    assert "N" * 48 in svg and "N" * 49 not in svg and svg.count("N" * 48) <= 3


# --------------------------------------------------------------------------- JSON in a terminal without the characters


@pytest.mark.parametrize("cmd", ["assess", "report"])
def test_json_to_an_ascii_stdout_is_still_json(tmp_path, cmd):
    """Characters stdout's encoding lacks were written as Python's backslash escapes: a name 'Tëst😀' became
    "T\\xebst\\U0001f600" - not JSON ('Invalid \\escape'), under PYTHONIOENCODING=ascii or a Latin-1 terminal.
    They are now \\uXXXX escapes (surrogate pairs above U+FFFF): the same data, in JSON's own form."""
    import json

    (tmp_path / "p").mkdir()
    (tmp_path / "p" / "testland.yaml").write_text(MINI_PROFILE.replace("name: Testland", 'name: "Tëst😀 ☃"'),
                                                  encoding="utf-8")
    args = (("assess", "testland", "--date", "2022-06-01", "--format", "json") if cmd == "assess" else
            ("report", "testland", "--from", "2022-01-01", "--to", "2022-03-01", "--format", "json", "-o", "-"))
    p = cli(*args, "--profiles", "p", cwd=tmp_path, env={"PYTHONIOENCODING": "ascii"})
    assert p.returncode == 0, p.stderr
    doc = json.loads(p.stdout)
    assert "Tëst😀 ☃" in json.dumps(doc, ensure_ascii=False)
    text = cli("assess", "testland", "--date", "2022-06-01", "--profiles", "p", cwd=tmp_path,
               env={"PYTHONIOENCODING": "ascii"}).stdout
    assert text.startswith("T\\u00ebst\\ud83d\\ude00 \\u2603 (testland)"), text


# --------------------------------------------------------------------------- a rule of thousands of branches


def test_the_engine_plan_is_not_quadratic_in_the_rules(tmp_path):
    """A rule whose condition is an 'any' of 20,000 comparisons (each branch an engine rule) took minutes to
    load (assess: over 2 minutes, rules validate: 90 s): packing tried every rule left for each engine ruleset
    (a network of all of them, once per ruleset) and the worst-case count split a fact's tests with
    `t not in numeric` (quadratic).  Counted here: networks built for 1,500 branches, and comparisons made."""
    from conftest import MINI_HEADER

    from assessor import loader
    from assessor.engine import durable

    conds = "".join(f"        - {{fact: threats_90d, gte: {k}}}\n" for k in range(1500))
    (tmp_path / "r.yaml").write_text(MINI_HEADER.lstrip() + "rules:\n  - id: big-any\n    factor: threats\n"
                                     f"    when:\n      any:\n{conds}    effect: {{points: 5}}\n    reason: x\n")
    rs = loader.load_ruleset([tmp_path], defaults=False)
    added = 0
    original = durable.Network.add

    def add(self, pattern):
        nonlocal added
        added += 1
        return original(self, pattern)

    durable.Network.add = add  # type: ignore[method-assign]
    try:
        plan = durable.plan(rs)
    finally:
        durable.Network.add = original  # type: ignore[method-assign]
    assert sum(len(r) for r in plan.rulesets) == 1500 and not plan.problems
    assert added < 16 * 1500, added  # was some 37,000: a network of every rule left per ruleset

    compared = 0

    class Counted(durable._Node):
        __slots__ = ()
        __hash__ = object.__hash__

        def __eq__(self, other):
            nonlocal compared
            compared += 1
            return self is other

    tests = [Counted("x", "gte", k) for k in range(2000)] + [Counted("x", "eq", "text")]
    assert durable._most_true(tests) == 2000
    assert compared == 0, compared  # was some 2,000,000


# --------------------------------------------------------------------------- colour


@pytest.mark.parametrize(("env", "colour"), [({"NO_COLOR": ""}, True), ({"NO_COLOR": "0"}, False),
                                             ({"TERM": "dumb"}, False), ({"TERM": "xterm-256color"}, True)])
def test_colour_follows_no_color_and_a_dumb_terminal(monkeypatch, env, colour):
    """NO_COLOR= (empty) turned colour off, where no-color.org says an empty value is no setting; TERM=dumb (a
    terminal without escapes: Emacs' shell, some CI logs) got escape sequences."""
    from assessor.cli.common import use_colour

    monkeypatch.setattr(sys.stdout, "isatty", lambda: True, raising=False)
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.delenv("TERM", raising=False)
    for k, v in env.items():
        monkeypatch.setenv(k, v)
    assert use_colour("-") is colour


# --------------------------------------------------------------------------- loops of links


IMPORT_CSV = REPO / "tests" / "data" / "import" / "acled-2022.csv"


def _loop(p: Path) -> Path:
    p.symlink_to(p.name)
    return p


def test_a_loop_of_links_given_to_profiles_validate_is_located(run, tmp_path):
    """Every other door said 'Too many levels of symbolic links'; profiles validate asked Path.resolve()
    whether the file lay in the bundled folder, and Python 3.11's resolve raises RuntimeError on a loop.
    A path named that cannot be read as a file is an input error, exit 2, as a missing one (round 12)."""
    _, err = run("profiles", "validate", _loop(tmp_path / "loop.yaml"), code=2)
    assert "loop.yaml: error: cannot read file: Too many levels of symbolic links" in err, err


@pytest.mark.parametrize("source", ["acled", "gdelt", "ucdp"])
def test_an_import_of_a_loop_of_links_is_one_line(run, tmp_path, source):
    """open_binary caught FileNotFoundError and PermissionError only: any other OSError was a traceback."""
    _, err = run("import", source, _loop(tmp_path / "loop.csv"), "--country", "estonia", "-o", tmp_path / "c.yaml",
                 code=2)
    one_line_error(err)
    assert "loop.csv: cannot read file: Too many levels of symbolic links" in err, err


def test_an_import_whose_counts_are_a_loop_of_links_writes_nothing(run, tmp_path):
    """`--counts loop.csv` (a link to itself): Path.resolve() compared it with -o (a RuntimeError traceback);
    past that, the candidate file was written and only the counts failed - one file of the two."""
    _, err = run("import", "acled", IMPORT_CSV, "--country", "estonia", "-q", "--counts", _loop(tmp_path / "loop.csv"),
                 "-o", tmp_path / "c.yaml", code=2)
    assert "cannot write" in err and "Too many levels of symbolic links" in err, err
    assert not (tmp_path / "c.yaml").exists()


def test_a_chart_that_is_a_loop_of_links_leaves_the_output_unwritten(run, tmp_path):
    """`timeline --plot loop.svg -o out.txt`: comparing the two names with Path.resolve() was a RuntimeError
    traceback; past that, out.txt was written and the chart failed (a link is written through, at commit),
    though the two are written together or not at all."""
    _, err = run("timeline", "finland", "--from", "2022-01-01", "--to", "2022-03-01", "--step", "month",
                 "--plot", _loop(tmp_path / "loop.svg"), "-o", tmp_path / "out.txt", code=2)
    one_line_error(err)
    assert "loop.svg: Too many levels of symbolic links" in err and not (tmp_path / "out.txt").exists(), err


# --------------------------------------------------------------------------- invisible characters


@pytest.mark.parametrize("char", ["\u00ad", "\u200b", "\u200d", "\u2060", "\ufeff"])
def test_an_invisible_character_in_a_name_is_shown(run, write, char):
    """A soft hyphen or zero-width space passed to the terminal as it was: a profile named "Rus<U+00AD>sia"
    showed as "Russia", a name another entry already has.  Text and JSON show them as escapes (the bidi
    controls were already)."""
    p = write("p/testland.yaml", MINI_PROFILE.replace("name: Testland", f'name: "Rus{char}sia"'))
    shown = f"\\x{ord(char):02x}" if ord(char) < 0x100 else f"\\u{ord(char):04x}"
    out, _ = run("assess", "testland", "--profiles", p.parent, "--date", "2022-06-01")
    assert out.startswith(f"Rus{shown}sia (testland)") and char not in out, out
    out, _ = run("assess", "testland", "--profiles", p.parent, "--date", "2022-06-01", "--format", "json")
    assert f'"name": "Rus\\u{ord(char):04x}sia"' in out and char not in out, out


def test_an_event_a_scenario_adds_may_still_be_named(in_dir, run, write):
    sc = write("sc.yaml", """name: one more
changes:
  - profile: sweden
    add: {id: extra-threat, date: 2023-05-01, kind: threat, actor: Russia, type: statement, severity: 2,
          weighs_days: 90, summary: "A synthetic threat.", source: {publisher: T, title: T, date: 2023-05-01}}
""")
    unc = write("unc.yaml", "name: u\nevents:\n  - profile: sweden\n    event: {id: extra-threat}\n    days: 7\n")
    assert _inputs(run, "--scenario", sc, "--uncertainty", unc) == _inputs(run, "--scenario", sc) + 1


# --------------------------------------------------------------------------- the Norway problem


def test_the_norway_problem_says_what_yaml_read(run, write):
    """`aliases: [NO]` (Norway's ISO code) or `profile: no` was "expected text, got true/false": located, but
    not why a code became a truth value.  The message now names the word YAML 1.1 read and how to keep it text."""
    p = write("p/testland.yaml", MINI_PROFILE.replace("aliases: [TX, TST]", "aliases: [TX, NO, 'off']"))
    out, _ = run("profiles", "validate", p, code=1)
    assert 'testland.yaml:3:15: error: \'aliases\': expected text, got true/false (YAML 1.1 reads NO as false: ' \
           'quote it, "NO", if it is text)' in out, out
    assert out.count("YAML 1.1 reads") == 1, out  # 'off', quoted, is text
    sc = write("sc.yaml", "name: s\nrules:\n  - rule: on\n    points: 3\n")
    _, err = run("assess", "finland", "--date", "2022-06-01", "--scenario", sc, code=2)
    assert "sc.yaml:3:11:" in err and 'YAML 1.1 reads on as true: quote it, "on"' in err, err


def test_a_review_whose_profile_is_a_loop_of_links_is_located(run, tmp_path):
    """The candidate file's `profile:` (a loop of links) went through Path.resolve() with only OSError caught:
    Python 3.11 raises RuntimeError there, a traceback."""
    import re

    cands = tmp_path / "c.yaml"
    run("import", "acled", IMPORT_CSV, "--country", "estonia", "-q", "-o", cands)
    loop = _loop(tmp_path / "loop.yaml")
    text = re.sub(r'(?m)^profile: .*$', f'profile: "{loop}"', cands.read_text())
    cands.write_text(text)
    cid = re.search(r'- id: "([^"]+)"', text).group(1)
    _, err = run("import", "review", cands, "--accept", cid, code=2)
    assert "loop.yaml: error: cannot read file: Too many levels of symbolic links" in err, err


def test_profiles_validate_of_a_project_with_a_loop_of_links_is_located(in_dir, run):
    """In a project whose profiles folder holds a loop of links, `profiles validate` (the project's profiles
    beside the bundled ones) asked Path.resolve() which files were the project's: a RuntimeError traceback."""
    (in_dir / "p").mkdir()
    _loop(in_dir / "p" / "loop.yaml")
    (in_dir / "assessor.toml").write_text('profiles = ["p"]\n')
    out, _ = run("profiles", "validate", code=1)
    assert "loop.yaml: error: cannot read file: Too many levels of symbolic links" in out, out


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-be"])
def test_an_import_of_a_utf16_file_says_so(run, tmp_path, encoding):
    """A UTF-16 export (Excel's 'Unicode text') was "cannot read the header: new-line character seen in unquoted
    field - do you need to open the file in universal-newline mode?": the CSV reader's error, not the file's."""
    f = tmp_path / "export.csv"
    data = IMPORT_CSV.read_text(encoding="utf-8").encode(encoding)
    f.write_bytes(data if encoding == "utf-16" else b"\xfe\xff" + data)
    _, err = run("import", "acled", f, "--country", "estonia", "-o", tmp_path / "c.yaml", code=2)
    one_line_error(err)
    assert "export.csv:1: the header is UTF-16 text, not UTF-8 (save the file as UTF-8)" in err, err
    assert not (tmp_path / "c.yaml").exists()
