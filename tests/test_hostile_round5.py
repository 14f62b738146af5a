"""Hostile input, fifth round (2026-12-06): what the first four rounds left open.

Each test here failed before the fix it names.  The standard is the project's: one located
message, exit 2 (1 from ``validate``), never a traceback, nothing written on failure, inputs never
modified, every string escaped for where it is shown.
"""

from __future__ import annotations

import os
import shutil
import sys
import time

import pytest
from hostile_common import REPO, cli, one_line_error

# --------------------------------------------------------------------------- configuration discovery


@pytest.mark.parametrize("make", ["fifo", "folder", "dangling-link"])
def test_a_pyproject_that_is_not_a_file_is_one_located_line(tmp_path, make):
    """A pyproject.toml that was a FIFO or a folder was skipped without a word, and discovery went on upwards:
    a parent's assessor.toml was used in its place (an assessor.toml in that state was already an error)."""
    (tmp_path / "assessor.toml").write_text('profiles = ["nowhere-of-the-parent"]\n')
    child = tmp_path / "child"
    child.mkdir()
    py = child / "pyproject.toml"
    if make == "fifo":
        os.mkfifo(py)
    elif make == "folder":
        py.mkdir()
    else:
        py.symlink_to(child / "moved.toml")
    r = cli("profiles", "list", cwd=child, timeout=30)
    assert r.returncode == 2, r
    one_line_error(r.stderr)
    assert "pyproject.toml" in r.stderr and "nowhere-of-the-parent" not in r.stderr, r.stderr


def test_a_pyproject_that_is_not_ours_is_still_passed_over(tmp_path):
    """A regular pyproject.toml without [tool.assessor] (or broken) is not ours: discovery goes on upwards."""
    (tmp_path / "assessor.toml").write_text("defaults = true\n")
    child = tmp_path / "child"
    child.mkdir()
    (child / "pyproject.toml").write_text('[tool.ruff]\nx = "a\\\\b"\n[broken\n')  # an escape, no assessor key
    r = cli("profiles", "list", cwd=child)
    assert r.returncode == 0 and "Traceback" not in r.stderr, r


@pytest.mark.parametrize("where", ["xdg", "assessor"])
def test_a_user_config_folder_that_is_a_file_is_one_located_line(in_dir, run, where):
    """XDG_CONFIG_HOME (or its assessor folder) being a file meant 'no user configuration', without a word: a
    sampling command ran without the user's scheduler, where a config.toml in the wrong state is an error."""
    base = in_dir / "user-config"
    if where == "xdg":
        base.write_text("scheduler = 'tcp://10.0.0.5:8786'\n")
        said = str(base)
    else:
        base.mkdir()
        (base / "assessor").write_text("scheduler = 'tcp://10.0.0.5:8786'\n")
        said = str(base / "assessor")
    _, err = run("assess", "finland", "--date", "2022-06-01", "--samples", "2", code=2)
    one_line_error(err)
    assert f"{said}: not a folder" in err and "config.toml" in err, err


def test_a_home_that_is_a_device_means_no_user_config(in_dir, run, monkeypatch):
    """HOME=/dev/null (a service's 'no home') with no XDG_CONFIG_HOME is no user configuration, as before."""
    monkeypatch.setenv("XDG_CONFIG_HOME", "")
    monkeypatch.setenv("HOME", "/dev/null")
    run("assess", "finland", "--date", "2022-06-01", "--samples", "2")


# --------------------------------------------------------------------------- -o over an input, before the work


def test_backtest_refuses_its_outcomes_file_as_output_before_the_work(in_dir, run):
    """`backtest --outcomes oc.yaml -o oc.yaml` ran the whole backtest (every country, every day) and only then
    said 'refusing to overwrite input file'."""
    oc = in_dir / "oc.yaml"
    shutil.copy(REPO / "assessor" / "data" / "outcomes.yaml", oc)
    before = oc.read_bytes()
    began = time.monotonic()
    _, err = run("backtest", "--outcomes", oc, "-o", oc, code=2)
    assert time.monotonic() - began < 2.5, "the backtest ran before the output was refused"
    assert "refusing to overwrite input file" in err and oc.read_bytes() == before, err


@pytest.mark.parametrize("args", [["assess", "all", "--samples", "300"],
                                  ["sensitivity", "finland", "--size", "8"]], ids=["monte-carlo", "sensitivity"])
def test_a_scenario_named_as_output_is_refused_before_the_work(in_dir, run, args):
    """A scenario (or uncertainty file) named by -o was refused only after the Monte Carlo or the design ran."""
    scen = in_dir / "s.yaml"
    scen.write_text("name: nothing\nchanges: []\n")
    began = time.monotonic()
    _, err = run(*args, "--scenario", scen, "-o", scen, code=2)
    assert time.monotonic() - began < 2.5, "the run went on before the output was refused"
    assert "refusing to overwrite input file" in err and scen.read_text() == "name: nothing\nchanges: []\n", err


def test_an_uncertainty_file_named_as_output_is_refused_before_the_samples(in_dir, run):
    unc = in_dir / "u.yaml"
    shutil.copy(REPO / "tests" / "fixtures" / "uncertainty-dates.yaml", unc)
    before = unc.read_bytes()
    began = time.monotonic()
    _, err = run("assess", "all", "--samples", "300", "--uncertainty", unc, "-o", unc, code=2)
    assert time.monotonic() - began < 2.5, "the samples were drawn before the output was refused"
    assert "refusing to overwrite input file" in err and unc.read_bytes() == before, err


# --------------------------------------------------------------------------- scenarios


@pytest.mark.parametrize(("change", "key"), [
    ("remove: {date: 2022-02-24, kind: threat}\n    to: 2022-03-01", "to"),
    ("remove: {date: 2022-02-24, kind: threat}\n    by_days: 10", "by_days"),
    ("move: {date: 2022-02-24, kind: threat}\n    by_days: 3\n    fields: {severity: 1}", "fields"),
], ids=["remove-to", "remove-by-days", "move-fields"])
def test_a_scenario_field_of_another_verb_is_located(run, tmp_path, change, key):
    """`remove: ...` with `to:` (or `move` with `fields:`) loaded and the stray field changed nothing, without a
    word: a typo for another verb gave the baseline's answer as the scenario's."""
    f = tmp_path / "s.yaml"
    f.write_text(f"name: S\nchanges:\n  - profile: finland\n    {change}\n")
    _, err = run("assess", "finland", "--date", "2022-03-01", "--scenario", f, code=2)
    assert "s.yaml:" in err and f"'{key}' belongs to" in err, err


# --------------------------------------------------------------------------- project files


@pytest.mark.parametrize("key", ["rules", "profiles", "registry", "uncertainty", "world"])
def test_an_empty_path_in_a_project_file_is_refused(in_dir, run, key):
    """`rules = [""]` named the project's own folder: every YAML file beside assessor.toml was read as rules."""
    (in_dir / "assessor.toml").write_text(f'{key} = [""]\n')
    _, err = run("assess", "finland", "--date", "2022-03-01", code=2)
    one_line_error(err)
    assert "assessor.toml" in err and f"'{key}' names an empty path" in err, err


@pytest.mark.parametrize("name", ["assessor.toml", "pyproject.toml"])
def test_a_project_file_with_a_byte_order_mark_is_read(in_dir, run, name):
    """A project file saved with a BOM (as Windows Notepad writes UTF-8) was 'not valid TOML ... line 1, column 1';
    a YAML file with one loads.  The BOM is read as no text; what follows is checked as ever."""
    table = "[tool.assessor]\n" if name == "pyproject.toml" else ""
    (in_dir / name).write_bytes(b"\xef\xbb\xbf" + f'{table}profiles = ["nowhere"]\n'.encode())
    _, err = run("assess", "finland", "--date", "2022-03-01", code=2)
    one_line_error(err)
    assert "'profiles' names" in err and "nowhere" in err, err


# --------------------------------------------------------------------------- reports


def test_a_reports_command_names_its_registry_files(run, tmp_path):
    """The report's provenance quotes 'the command that reproduces this report', but left out --registry: run again,
    it read no such registry (the names it adds unknown, a state's dates as bundled) and said something else."""
    reg = tmp_path / "my states.yaml"
    reg.write_text("entries:\n  - {name: Finland, aliases: [Suomen tasavalta]}\n")
    out = tmp_path / "r.json"
    run("report", "finland", "--from", "2022-01-01", "--to", "2022-02-01", "--registry", reg, "-o", out)
    import json
    import shlex

    command = shlex.split(json.loads(out.read_text())["provenance"]["command"])
    assert command[command.index("--registry") + 1] == str(reg), command


# --------------------------------------------------------------------------- empty names


@pytest.mark.parametrize("args", [
    ["backtest", "--outcomes", ""],
    ["timeline", "finland", "--from", "2022-01-01", "--to", "2022-02-01", "--plot", ""],
    ["profiles", "new", "Narnia", "--folder", ""],
    ["init", ""],
    ["assess", "finland", "--date", "2022-03-01", "--profiles", ""],
    ["assess", "finland", "--date", "2022-03-01", "--scenario", ""],
    ["rules", "validate", ""],
], ids=["outcomes", "plot", "folder", "init", "profiles", "scenario", "validate"])
def test_an_empty_file_name_is_a_usage_error(in_dir, run, args):
    """An empty name (`--outcomes "$F"` with F unset) was read as 'not given' - the bundled outcomes, no chart, the
    default folder - or as the current folder, without a word (`-o ''` was already refused)."""
    (in_dir / "stray.yaml").write_text("name: x\n")  # a current folder read as data would find this
    _, err = run(*args, code=2)
    assert "the name is empty" in err, err
    assert sorted(os.listdir(in_dir)) == ["stray.yaml"], os.listdir(in_dir)


@pytest.mark.parametrize("option", ["--counts", "-o"])
def test_an_import_with_an_empty_output_name_writes_nothing(in_dir, run, option):
    """`import acled ... --counts ''` wrote the candidates and no counts; `-o ''` wrote the default file name."""
    _, err = run("import", "acled", REPO / "tests" / "data" / "import" / "acled-current.csv", "--country", "estonia",
                 option, "", code=2)
    assert "the name is empty" in err and os.listdir(in_dir) == [], (err, os.listdir(in_dir))


# --------------------------------------------------------------------------- import review


def test_a_relative_profile_in_a_candidate_file_is_beside_it(in_dir, run):
    """A candidate file naming its profile relatively (`profile: "estonia.yaml"`, as docs/import.md shows it) was
    read against the working folder: a review run from elsewhere wrote into whatever estonia.yaml was there."""
    data, elsewhere = in_dir / "data", in_dir / "elsewhere"
    data.mkdir()
    elsewhere.mkdir()
    shutil.copy(REPO / "profiles" / "estonia.yaml", data / "estonia.yaml")
    shutil.copy(REPO / "profiles" / "estonia.yaml", elsewhere / "estonia.yaml")
    os.chdir(data)
    run("import", "acled", REPO / "tests" / "data" / "import" / "acled-current.csv", "--country", "estonia",
        "--profiles", "estonia.yaml", "-o", "cands.yaml")
    cands = data / "cands.yaml"
    text = cands.read_text()
    start = text.index("\nprofile: ") + 1
    cands.write_text(text[:start] + 'profile: "estonia.yaml"' + text[text.index("\n", start):])
    first = next(line.split('"')[1] for line in text.splitlines() if line.startswith("  - id: "))
    os.chdir(elsewhere)
    run("import", "review", cands, "--accept", first)
    assert first in (data / "estonia.yaml").read_text()
    assert (elsewhere / "estonia.yaml").read_bytes() == (REPO / "profiles" / "estonia.yaml").read_bytes()


# --------------------------------------------------------------------------- compare


def test_compare_counts_every_date_it_compared(run, tmp_path):
    """`compare` said '0 of 0 country-dates differ' after comparing three dates (and 'N of N' whenever some
    differed): the denominator counted the rows it listed, only those that differ without --all-dates."""
    scen = tmp_path / "s.yaml"
    scen.write_text("name: nothing\nchanges: []\n")
    out, _ = run("compare", "finland", "--scenario", scen, "--from", "2022-01-01", "--to", "2022-03-01")
    assert "0 of 3 country-dates differ" in out, out
    import json

    out, _ = run("compare", "finland", "--scenario", scen, "--from", "2022-01-01", "--to", "2022-03-01", "--format", "json")
    doc = json.loads(out)
    assert doc["compared"] == 3 and doc["rows"] == [], doc


# --------------------------------------------------------------------------- folders


@pytest.mark.parametrize("name", ["otherland.YAML", "otherland.Yml"])
def test_a_yaml_file_with_an_upper_case_suffix_is_read_not_skipped(run, tmp_path, name):
    """A folder's `otherland.YAML` was skipped without a word (`.yaml` and `.yml` were read): a profile or rule
    file meant to be read dropped out of the run, and `profiles validate` counted one file fewer."""
    from conftest import MINI_PROFILE

    folder = tmp_path / "p"
    folder.mkdir()
    (folder / "testland.yaml").write_text(MINI_PROFILE)
    (folder / name).write_text(MINI_PROFILE.replace("testland", "otherland").replace("Testland", "Otherland")
                               .replace("[TX, TST]", "[OL]"))
    out, _ = run("profiles", "list", "--profiles", folder)
    assert "otherland" in out, out
    _, err = run("profiles", "validate", folder, "--no-lint")
    assert "2 files checked" in err, err


@pytest.mark.parametrize("text", ['[tool.assessor]\nprofiles = ["profiles"\n',
                                  '[tool.assessor]\ndefaults = true\n[tool.assessor]\n',
                                  '[tool]\nassessor = 3\n'], ids=["unclosed", "table-twice", "not-a-table"])
def test_a_broken_pyproject_that_names_assessor_is_one_located_line(tmp_path, text):
    """A pyproject.toml whose [tool.assessor] did not parse was passed over as 'not ours': the project was
    ignored without a word and a parent's assessor.toml (or the defaults) used instead (ruff refuses a
    pyproject.toml it cannot parse too)."""
    (tmp_path / "assessor.toml").write_text('profiles = ["nowhere-of-the-parent"]\n')
    child = tmp_path / "child"
    child.mkdir()
    (child / "pyproject.toml").write_text(text)
    r = cli("profiles", "list", cwd=child)
    assert r.returncode == 2, r
    one_line_error(r.stderr)
    assert str(child / "pyproject.toml") in r.stderr and "nowhere-of-the-parent" not in r.stderr, r.stderr


# --------------------------------------------------------------------------- profiles new


def test_profiles_new_writes_into_a_listed_folder_not_beside_a_listed_file(in_dir, run):
    """With `profiles = ["one.yaml", "more"]`, `profiles new` wrote beside one.yaml, where the project reads no
    profile: the new country was never loaded.  It goes into the first folder the project lists; with none, a
    note says the file is not read until listed."""
    from conftest import MINI_PROFILE

    (in_dir / "one.yaml").write_text(MINI_PROFILE)
    (in_dir / "more").mkdir()
    (in_dir / "more" / "otherland.yaml").write_text(MINI_PROFILE.replace("testland", "otherland")
                                                    .replace("Testland", "Otherland").replace("[TX, TST]", "[OL]"))
    (in_dir / "assessor.toml").write_text('profiles = ["one.yaml", "more"]\n')
    run("profiles", "new", "Narnia")
    assert (in_dir / "more" / "narnia.yaml").is_file() and not (in_dir / "narnia.yaml").exists()
    out, _ = run("profiles", "list")
    assert "narnia" in out, out
    (in_dir / "assessor.toml").write_text('profiles = ["one.yaml"]\n')
    _, err = run("profiles", "new", "Gondor")
    assert "lists no profile folder" in err and "'gondor.yaml'" in err, err


# --------------------------------------------------------------------------- outputs over inputs the run read


@pytest.mark.parametrize("target", ["profiles/latvia.yaml", "world/w.yaml", "states.yaml", "assessor.toml"])
@pytest.mark.parametrize("option", ["-o", "--counts"])
def test_an_import_never_writes_over_a_file_it_read(in_dir, run, target, option):
    """`import ... --profiles folder/ -o folder/latvia.yaml --force` wrote the candidates over Latvia's profile (only
    the imported country's file, the export and the mapping were protected); so did -o over the project file, its
    registry or its world records, and --counts the same."""
    from conftest import MINI_PROFILE

    (in_dir / "profiles").mkdir()
    shutil.copy(REPO / "profiles" / "estonia.yaml", in_dir / "profiles" / "estonia.yaml")
    (in_dir / "profiles" / "latvia.yaml").write_text(MINI_PROFILE)
    (in_dir / "world").mkdir()
    (in_dir / "world" / "w.yaml").write_text("actor: United States\nevents: []\n")
    (in_dir / "states.yaml").write_text("entries:\n  - {name: Narnia, iso: false}\n")
    (in_dir / "assessor.toml").write_text('profiles = ["profiles"]\nworld = ["world"]\nregistry = ["states.yaml"]\n')
    before = {p: p.read_bytes() for p in in_dir.rglob("*") if p.is_file()}
    args = ["-o", target] if option == "-o" else ["-o", "c.yaml", "--counts", target]
    _, err = run("import", "acled", REPO / "tests" / "data" / "import" / "acled-current.csv", "--country", "estonia",
                 "--force", *args, code=2)
    assert "refusing to overwrite input file" in err, err
    assert {p: p.read_bytes() for p in in_dir.rglob("*") if p.is_file()} == before


@pytest.mark.parametrize("name", ["states.yaml", "states.parsed.json", "points.json"])
@pytest.mark.parametrize("args", [["assess", "finland", "--date", "2022-03-01"],
                                  ["import", "acled", REPO / "tests" / "data" / "import" / "acled-current.csv",
                                   "--country", "estonia", "--force"]], ids=["assess", "import"])
def test_the_bundled_data_a_run_reads_is_never_its_output(in_dir, run, name, args):
    """-o over the bundled registry (assessor/data/states.yaml), its parsed copy or the states' points wrote the
    output there: the next run read a report as the registry of states."""
    from assessor import geo, registry

    # the files the run reads: the installed package's (CI installs it; a checkout on PYTHONPATH is its own)
    bundled = {"states.yaml": registry.bundled_path(), "states.parsed.json": registry.parsed_path(),
               "points.json": geo.points_path()}[name]
    before = bundled.read_bytes()
    try:
        _, err = run(*args, "-o", bundled, code=2)
        assert "refusing to overwrite input file" in err, err
    finally:
        if bundled.read_bytes() != before:  # put back what a failing run wrote over
            bundled.write_bytes(before)
    assert bundled.read_bytes() == before


# --------------------------------------------------------------------------- registry sources


@pytest.mark.parametrize("url", ["https://x.example/<script>", 'https://x.example/"q"', "https://x.example/a`b",
                                 "https://x.example/a\\\\b"], ids=["angle", "quote", "backtick", "backslash"])
def test_a_registry_source_url_with_markup_is_refused_as_a_profiles_is(run, tmp_path, url):
    """A registry source's url was any `https?://\\S+`: angle brackets, quotes, back ticks and backslashes, which a
    profile's, a world record's and an outcome's source refuse where they stand, loaded."""
    f = tmp_path / "states.yaml"
    f.write_text("sources:\n  s1: {publisher: p, title: t, url: '" + url.replace("'", "''") + "'}\n"
                 "entries:\n  - {name: Narnia, iso: false, nuclear: {status: nuclear-weapon-state, since: 1950-01-01, "
                 "source: s1}}\n")
    _, err = run("assess", "finland", "--date", "2022-01-01", "--registry", f, code=2)
    assert "states.yaml:2:" in err and "'url'" in err, err


# --------------------------------------------------------------------------- native code


def test_the_engine_shim_is_never_loaded_from_the_working_folder(tmp_path, monkeypatch):
    """On Python 3.13+ the engine's PyEval_CallObject shim was looked for as assessor/_pyeval_shim.*.so in every
    entry of sys.path, the working folder included (python -m puts it first): a cloned folder's .so was native
    code loaded with RTLD_GLOBAL.  Only the interpreter's site-packages are searched now."""
    import ctypes
    import sysconfig

    from assessor.engine import durable

    planted = tmp_path / "assessor" / "_pyeval_shim.cpython-313-x86_64-linux-gnu.so"
    planted.parent.mkdir()
    planted.write_bytes(b"not a library")
    tried: list[str] = []

    def cdll(path, mode=0):
        tried.append(str(path))
        raise OSError("refused by the test")

    monkeypatch.setattr(ctypes, "CDLL", cdll)
    monkeypatch.setattr(sys, "path", [str(tmp_path), *sys.path])
    durable._load_shim()
    assert str(planted) not in tried, tried
    site = sysconfig.get_paths()["purelib"]
    assert durable._site_packages(site) and not durable._site_packages(str(tmp_path))


# --------------------------------------------------------------------------- charts


@pytest.mark.parametrize("fmt", ["svg", "png"])
def test_a_matplotlibrc_in_the_working_folder_does_not_restyle_the_chart(tmp_path, fmt):
    """matplotlib reads a matplotlibrc from the working folder (a cloned project's): it restyled every chart (a
    red canvas, another salt for SVG ids), so the same inputs drew other bytes depending on where the command ran."""
    plain, styled = tmp_path / "plain", tmp_path / "styled"
    plain.mkdir()
    styled.mkdir()
    (styled / "matplotlibrc").write_text("axes.facecolor: red\nsvg.hashsalt: other\nlines.linewidth: 20\n")
    args = ("timeline", "finland", "--from", "2022-01-01", "--to", "2022-03-01", "--plot", f"c.{fmt}", "-o", "t.txt")
    for where in (plain, styled):
        r = cli(*args, cwd=where, env={"MATPLOTLIBRC": "", "MPLCONFIGDIR": str(where / "mpl")})
        assert r.returncode == 0, r.stderr
    assert (plain / f"c.{fmt}").read_bytes() == (styled / f"c.{fmt}").read_bytes()


# --------------------------------------------------------------------------- dates on the command line


@pytest.mark.parametrize("text", ["2022-W01-1", "٢٠٢٢-٠١-٠١"], ids=["week-date", "arabic-digits"])
def test_a_date_option_reads_only_yyyy_mm_dd(run, text):
    """`--date 2022-W01-1` (an ISO week date: Python 3.11's fromisoformat reads it, 3.10's does not) was scored as
    2022-01-03: what a command read depended on the Python under it.  Only YYYY-MM-DD in ASCII digits is a date."""
    _, err = run("assess", "finland", "--date", text, code=2)
    assert "is not a real date in ISO form (YYYY-MM-DD)" in err, err


@pytest.mark.parametrize("text", ["2022-1-1", "٢٠٢٢-01-01"], ids=["one-digit", "arabic-digits"])
def test_backtest_split_date_reads_dates_as_every_date_option(run, text):
    """--split-date used strptime, which read '2022-1-1' and Arabic-Indic digits that every other date option
    refuses; and it refused ' 2022-01-01', which they read."""
    _, err = run("backtest", "--split-date", text, "--resamples", "0", code=2)
    assert "--split-date" in err and "YYYY-MM-DD" in err, err


@pytest.mark.parametrize("value", ["2024-W10-7", "20240310"], ids=["week-date", "compact"])
def test_an_acled_date_reads_as_the_codebook_writes_it_on_every_python(in_dir, run, value):
    """ACLED's event_date went through fromisoformat, which on Python 3.11 also reads 20240310 and the week date
    2024-W10-7 (3.10 refuses both): an import proposed other candidates under another Python.  Such a date is a
    bad row (the codebook writes 2024-03-10 or 10 March 2024)."""
    header, first = (REPO / "tests" / "data" / "import" / "acled-current.csv").read_bytes().split(b"\n")[:2]
    assert first.startswith(b"EST90001,2024-03-10,")  # the fixture's first row, dated as the codebook writes it
    f = in_dir / "one.csv"
    f.write_bytes(header + b"\n" + first.replace(b"2024-03-10", value.encode(), 1) + b"\n")
    _, err = run("import", "acled", f, "--country", "estonia", "-o", "c.yaml", code=2)
    assert "column event_date" in err and "no usable row" in err and not (in_dir / "c.yaml").exists(), err


@pytest.mark.parametrize("target", ["nowhere/c.svg", "c.svg/", "ro.svg"], ids=["missing-folder", "slash", "read-only"])
@pytest.mark.parametrize("args", [["timeline", "all", "--step", "day"], ["sensitivity", "finland", "--size", "8"]],
                         ids=["timeline", "sensitivity"])
def test_a_bad_plot_is_refused_before_the_work(in_dir, run, target, args):
    """`timeline all --step day --plot nowhere/c.png` scored every country on every day (49 s) and only then said
    'folder nowhere does not exist'; -o was already checked when read, --plot was not."""
    (in_dir / "ro.svg").write_text("kept\n")
    (in_dir / "ro.svg").chmod(0o444)
    began = time.monotonic()
    _, err = run(*args, "--plot", target, code=2)
    assert time.monotonic() - began < 2.5, "the run went on before the chart's place was refused"
    assert "cannot write" in err and (in_dir / "ro.svg").read_text() == "kept\n", err


def test_a_markdown_reports_chart_place_is_refused_before_the_work(in_dir, run):
    """A Markdown report writes its chart beside it (r.md, r.chart.png): a read-only r.chart.png was refused only
    after the whole report was made (88 s for `report all --step day`)."""
    (in_dir / "r.chart.png").write_text("kept\n")
    (in_dir / "r.chart.png").chmod(0o444)
    began = time.monotonic()
    _, err = run("report", "all", "--step", "day", "-o", "r.md", code=2)
    assert time.monotonic() - began < 2.5, "the report was made before its chart's place was refused"
    assert "r.chart.png" in err and "read-only" in err and not (in_dir / "r.md").exists(), err


def test_review_never_writes_a_bundled_profile_even_when_named(in_dir, run):
    """`import review C --accept ID --profile <the bundled estonia.yaml>` wrote into the bundled record (only a
    candidate file naming it was refused); docs/import.md: 'a bundled profile is never written'."""
    from assessor import loader

    bundled = loader.default_dir("profiles") / "estonia.yaml"  # the installed package's, which the run reads
    before = bundled.read_bytes()
    run("import", "acled", REPO / "tests" / "data" / "import" / "acled-current.csv", "--country", "estonia",
        "-o", "c.yaml", "-q")
    first = next(line.split('"')[1] for line in (in_dir / "c.yaml").read_text().splitlines()
                 if line.startswith("  - id: "))
    try:
        _, err = run("import", "review", "c.yaml", "--accept", first, "--profile", bundled, code=2)
        assert "is a bundled profile" in err, err
    finally:
        if bundled.read_bytes() != before:  # put back what a failing run wrote
            bundled.write_bytes(before)
    assert bundled.read_bytes() == before
