"""Hostile input, seventh round (2026-12-07): what a new round of attacks on every door found.

Each test here failed before the fix it names, except the other-side checks beside them (a valid input that
still works the same: the same chart, an escaped U+2028 kept as text, a one-line version, a stamp drawn as
before).  The standard is the project's: one located
message, exit 2 (1 from ``validate``), never a traceback, nothing written on failure, inputs never
modified, every string escaped for where it is shown, a valid input always works.
"""

from __future__ import annotations

import json
import os
import re
import shlex
import subprocess
import sys
import textwrap

import pytest
from conftest import MINI_PROFILE
from hostile_common import REPO, cli

# --------------------------------------------------------------------------- 1. what matplotlib reads on import


@pytest.mark.parametrize("make", ["not-utf8", "fifo", "bad-values"])
@pytest.mark.parametrize("args", [["timeline", "finland", "--from", "2022-01-01", "--to", "2022-02-01", "--plot", "c.png"],
                                  ["report", "finland", "--from", "2022-01-01", "--to", "2022-02-01", "-o", "r.html"]],
                         ids=["plot", "report"])
def test_a_matplotlibrc_in_the_working_folder_cannot_stop_a_chart(tmp_path, make, args):
    """matplotlib reads ./matplotlibrc when it is imported, before style() sets every key back: one that is not
    UTF-8 (a cloned project's) was a UnicodeDecodeError traceback, a FIFO of that name a hang without a word,
    and bad values a page of matplotlib's warnings on stderr; the chart drew the same either way."""
    rc = tmp_path / "matplotlibrc"
    if make == "fifo":
        os.mkfifo(rc)
    elif make == "not-utf8":
        rc.write_bytes(b"\xff\xfe lines.linewidth: 9\n")
    else:
        rc.write_text("backend: nope\nfigure.dpi: abc\n")
    r = cli(*args, cwd=tmp_path, timeout=120)
    assert r.returncode == 0, r.stderr
    assert r.stderr.splitlines() == [f"wrote {args[-1]}"], r.stderr
    assert (tmp_path / args[-1]).stat().st_size > 1000


@pytest.mark.parametrize("args", [["timeline", "finland", "--from", "2022-01-01", "--to", "2022-02-01", "--plot", "c.svg"],
                                  ["report", "finland", "--from", "2022-01-01", "--to", "2022-02-01", "-o", "r.html"],
                                  ["sensitivity", "finland", "--from", "2022-01-01", "--to", "2022-03-01", "--size", "2",
                                   "--jobs", "1", "--plot", "s.svg"]], ids=["plot", "report", "sensitivity"])
def test_an_unknown_mplbackend_does_not_stop_a_chart(tmp_path, args):
    """MPLBACKEND=nope was a ValueError traceback when matplotlib was imported (after the whole sensitivity run),
    though no chart is drawn by a backend: each figure is saved by its format's own canvas."""
    r = cli(*args, cwd=tmp_path, env={"MPLBACKEND": "nope"}, timeout=300)
    assert r.returncode == 0 and "Traceback" not in r.stderr, r.stderr
    assert (tmp_path / args[-1]).stat().st_size > 1000


def test_a_chart_is_the_same_whatever_matplotlib_finds_around_it(tmp_path):
    """The other side: the chart drawn beside a hostile matplotlibrc and MPLBACKEND is the chart drawn without."""
    args = ["timeline", "finland", "--from", "2022-01-01", "--to", "2022-03-01", "--plot", "c.svg", "-o", "t.txt"]
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "matplotlibrc").write_text("lines.linewidth: 9\nsvg.hashsalt: other\n")
    assert cli(*args, cwd=tmp_path / "a").returncode == 0
    assert cli(*args, cwd=tmp_path / "b", env={"MPLBACKEND": "svg"}).returncode == 0
    assert (tmp_path / "a" / "c.svg").read_bytes() == (tmp_path / "b" / "c.svg").read_bytes()


# --------------------------------------------------------------------------- 2. line breaks only YAML sees

@pytest.mark.parametrize("char", ["\u2028", "\u2029", "\x85"], ids=["line-separator", "paragraph-separator", "next-line"])
def test_a_comment_cannot_hide_a_key_behind_a_line_separator(run, write, char):
    """YAML 1.1 breaks lines at U+2028, U+2029 and NEL; an editor, grep and a diff do not.  A threat whose line
    `# weighs_days was 3650 before review<U+2028>    severity: 5` reads as a comment loaded with severity 5
    (the key behind the 'comment'), and every location after such a character was lines off."""
    text = MINI_PROFILE.replace("    severity: 2\n", "").replace(
        "    weighs_days: 100\n", f"    weighs_days: 100\n    # weighs_days was 3650 before review{char}    severity: 5\n")
    prof = write("p/testland.yaml", text)
    [line_no] = [n for n, ln in enumerate(prof.read_text(encoding="utf-8").split("\n"), 1) if "before review" in ln]
    _, err = run("assess", "testland", "--profiles", prof, "--date", "2021-06-02", code=2)
    assert f"testland.yaml:{line_no}:41: error: U+{ord(char):04X} " in err and "[yaml-syntax]" in err, err
    out, _ = run("profiles", "validate", prof, code=1)
    assert f"testland.yaml:{line_no}:41:" in out, out


def test_an_escaped_line_separator_is_still_text(run, write):
    """The other side: written as an escape in a double-quoted string, the character is text, as before (a
    summary is free text, shown with the character escaped)."""
    text = MINI_PROFILE.replace("summary: A threat.", 'summary: "A\\u2028threat."')
    prof = write("p/testland.yaml", text)
    out, _ = run("explain", "testland", "--profiles", prof, "--date", "2021-06-02")
    assert "A\\u2028threat." in out, out


# --------------------------------------------------------------------------- 3. a command shown to be pasted


def test_the_command_profiles_new_suggests_is_quoted_for_the_shell(in_dir, run):
    """`profiles new` ends 'check with `assessor profiles validate PATH`', PATH written bare: with a folder named
    'we ird $(touch pwned)' the pasted command split at the space and ran the substitution.  The report's
    provenance command is quoted with shlex; this one now is too."""
    folder = in_dir / "we ird $(touch pwned)"
    folder.mkdir()
    _, err = run("profiles", "new", "Zed Land", "--folder", folder.name)
    [command] = re.findall(r"check with `([^`]*)`", err)
    words = shlex.split(command)
    assert words[:3] == ["assessor", "profiles", "validate"] and len(words) == 4, command
    assert (in_dir / words[3]).resolve() == (folder / "zed-land.yaml").resolve() and (folder / "zed-land.yaml").is_file()


# --------------------------------------------------------------------------- 4. a library's warnings on a valid run


def test_a_sensitivity_run_whose_score_barely_moves_prints_no_library_warning(tmp_path):
    """A range on a rule that seldom moves the score in the period (the window rule, the country a member by then):
    SALib's bootstrap met sets of equal values and printed 'UserWarning: Constant values encountered' with its
    own file paths, four lines on stderr, on a valid run whose result is right (those estimates are 0)."""
    (tmp_path / "testland.yaml").write_text(textwrap.dedent(MINI_PROFILE).lstrip(), encoding="utf-8")
    (tmp_path / "u.yaml").write_text("name: u\nrules:\n  - {rule: window-of-vulnerability, relative: 0.5}\n")
    r = cli("sensitivity", "testland", "--profiles", "testland.yaml", "--no-defaults", "--uncertainty", "u.yaml",
            "--from", "2023-01-01", "--to", "2023-03-01", "--format", "json", "--jobs", "1", cwd=tmp_path, timeout=300)
    assert r.returncode == 0 and r.stderr == "", r.stderr
    assert json.loads(r.stdout)["inputs"][0]["input"] == "rule:window-of-vulnerability:points"


# --------------------------------------------------------------------------- 5. a project that turns the defaults off


def _project(root, defaults: bool) -> None:
    (root / "p").mkdir()
    (root / "p" / "finland.yaml").write_text((REPO / "profiles" / "finland.yaml").read_text(encoding="utf-8"),
                                             encoding="utf-8")
    (root / "assessor.toml").write_text('profiles = ["p"]\n' + ("" if defaults else "defaults = false\n"))


def test_a_project_that_turns_the_defaults_off_says_so(in_dir, run):
    """A project file found upwards (a shared parent folder's, docs/threat-model.md) with `defaults = false`
    put its own profiles, and rules under the bundled rule set's name and version, in place of the bundled ones
    without a word, where one project profile replacing one bundled country is said once on stderr."""
    _project(in_dir, defaults=False)
    _, err = run("assess", "finland", "--date", "2022-06-01")
    assert err == f"note: {in_dir / 'assessor.toml'} sets defaults = false: its own profiles replace the bundled ones\n"
    _, err = run("assess", "finland", "--date", "2022-06-01", "--no-defaults")  # the user's own choice: no note
    assert err == ""


def test_compare_says_each_note_once(in_dir, run):
    """compare loads the project twice (baseline and scenario): its note that a project profile replaces a
    bundled one was said twice."""
    _project(in_dir, defaults=True)
    _, err = run("compare", "finland", "--scenario", REPO / "docs" / "scenarios" / "sweden-dca-never-in-force.yaml",
                 "--from", "2022-01-01", "--to", "2022-02-01")
    # (the second line: the scenario is about Sweden, so compare says it changes nothing for Finland; once too)
    assert err == (f"note: {in_dir / 'p' / 'finland.yaml'} replaces the bundled profile 'finland'\n"
                   "the scenario changes no event of finland and no rule: baseline and scenario are the same\n"), err


# --------------------------------------------------------------------------- 6. --dataset-version


@pytest.mark.parametrize("version, said", [("25.1\nerror: forged", "holds a line break"), ("a\u2028b", "holds a line break"),
                                           ("", "the version is empty"), ("  ", "the version is empty")])
def test_a_dataset_version_that_provenance_cannot_hold_is_refused_at_import(in_dir, run, version, said):
    """`import ... --dataset-version $'25.1\\nx'` wrote its candidate file (exit 0), and `import review` then refused
    to write the accepted events, located at a line of the profile it had not written yet; an empty version
    (`"$V"` with V unset) became 'unstated' without a word.  Now a usage error, and nothing is written."""
    prof = in_dir / "estonia.yaml"
    prof.write_bytes((REPO / "profiles" / "estonia.yaml").read_bytes())
    _, err = run("import", "acled", REPO / "tests" / "data" / "import" / "acled-current.csv", "--country", "estonia",
                 "--profiles", prof, "-o", "c.yaml", "-q", "--dataset-version", version, code=2)
    assert "--dataset-version" in err and said in err, err
    assert sorted(os.listdir(in_dir)) == ["estonia.yaml"]


def test_a_one_line_dataset_version_goes_into_the_profile(in_dir, run):
    prof = in_dir / "estonia.yaml"
    prof.write_bytes((REPO / "profiles" / "estonia.yaml").read_bytes())
    run("import", "acled", REPO / "tests" / "data" / "import" / "acled-current.csv", "--country", "estonia",
        "--profiles", prof, "-o", "c.yaml", "-q", "--dataset-version", "25.1 (export of 2025-11-28)")
    run("import", "review", "c.yaml", "--accept", "acled-est90001")
    assert 'version: "25.1 (export of 2025-11-28)"' in prof.read_text(encoding="utf-8")


# --------------------------------------------------------------------------- 7. a row id with a line break


@pytest.mark.parametrize("source, file, column, country", [("acled", "acled-current.csv", "event_id_cnty", "estonia"),
                                                           ("ucdp", "ucdp-ged.csv", "id", "ukraine")])
def test_a_row_id_with_a_line_break_is_a_bad_row_not_a_candidate(in_dir, run, source, file, column, country):
    """A quoted row id holding a line break ('EST9\\n0001') was proposed as a candidate (exit 0) that could never be
    accepted: `import review` refused the profile it would write, located at a line of it ('title' and 'row' hold
    a line break).  The row is now a bad row at import, with its column, like any other."""
    import csv
    import io

    text = (REPO / "tests" / "data" / "import" / file).read_bytes().decode("utf-8", errors="replace")  # a Latin-1 row
    rows = list(csv.reader(io.StringIO(text)))
    head, first = rows[0], rows[1]
    first[head.index(column)] = first[head.index(column)][:3] + "\n" + first[head.index(column)][3:]
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerows([head, first])
    (in_dir / "x.csv").write_text(buf.getvalue(), encoding="utf-8")
    prof = in_dir / f"{country}.yaml"
    prof.write_bytes((REPO / "profiles" / f"{country}.yaml").read_bytes())
    _, err = run("import", source, "x.csv", "--country", country, "--profiles", prof, "-o", "c.yaml", code=2)
    assert f"column {column}: " in err and "holds a line break" in err and "no usable row" in err, err
    assert not (in_dir / "c.yaml").exists()


# --------------------------------------------------------------------------- 8. a row whose source date is to come


def _acled_rows(in_dir, edits: list[dict]) -> None:
    import csv
    import io

    text = (REPO / "tests" / "data" / "import" / "acled-current.csv").read_bytes().decode("utf-8", errors="replace")
    rows = list(csv.reader(io.StringIO(text)))
    head, out = rows[0], [rows[0]]
    for i, edit in enumerate(edits):
        row = list(rows[1])
        row[head.index("event_id_cnty")] = f"EST7000{i}"
        for column, value in edit.items():
            row[head.index(column)] = value
        out.append(row)
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerows(out)
    (in_dir / "x.csv").write_text(buf.getvalue(), encoding="utf-8")


def test_a_row_published_in_the_future_is_a_bad_row_not_a_candidate(in_dir, run):
    """A row whose timestamp lies ahead (9999-12-31; a clock or an export gone wrong), or dated ahead with no
    timestamp, was proposed (exit 0) and could never be accepted: `import review` refused the profile it would
    write ('source date lies in the future', at a line of the profile).  A bad row at import now; the others go on."""
    _acled_rows(in_dir, [{"timestamp": "253402300799"}, {"event_date": "2999-01-01", "timestamp": ""}, {}])
    prof = in_dir / "estonia.yaml"
    prof.write_bytes((REPO / "profiles" / "estonia.yaml").read_bytes())
    out, err = run("import", "acled", "x.csv", "--country", "estonia", "--profiles", prof, "-o", "c.yaml")
    assert "x.csv:2: its source date 9999-12-31 " in err and "x.csv:3: its source date 2999-01-01 " in err, err
    assert "1 mapped" in out and "2 bad rows" in out, out
    run("import", "review", "c.yaml", "--accept", "acled-est70002")


# --------------------------------------------------------------------------- 9. an actor whose state did not exist


def test_an_actor_whose_state_did_not_exist_that_day_is_not_proposed(in_dir, run):
    """'Military Forces of East Germany' (or a mapping's name for the Soviet Union) on a row of 2024 resolved through
    the registry and was proposed (exit 0), but could never be accepted: `import review` refused the profile it
    would write ('did not exist on 2024-03-10' at a line of it).  The row is unmapped now, saying why."""
    _acled_rows(in_dir, [{"actor1": "Military Forces of East Germany"}, {"actor1": "Soviet Army"}, {}])
    mapping = (REPO / "assessor" / "data" / "import" / "acled.yaml").read_text(encoding="utf-8")
    assert "  names: {}\n" in mapping
    (in_dir / "m.yaml").write_text(mapping.replace("  names: {}\n", '  names: {"Soviet Army": Soviet Union}\n'),
                                   encoding="utf-8")
    prof = in_dir / "estonia.yaml"
    prof.write_bytes((REPO / "profiles" / "estonia.yaml").read_bytes())
    out, _ = run("import", "acled", "x.csv", "--country", "estonia", "--profiles", prof, "--mapping", "m.yaml",
                 "-o", "c.yaml", "-q")
    assert "1 mapped" in out and "2 unmapped" in out, out
    assert "its actor is German Democratic Republic, which did not exist on the row's day" in out, out
    assert "its actor is Soviet Union, which did not exist on the row's day" in out, out
    run("import", "review", "c.yaml", "--accept", "acled-est70002")


# --------------------------------------------------------------------------- 10. 'accepted' typed by hand


def test_a_candidate_marked_accepted_by_hand_is_named_not_dropped(in_dir, run):
    """The file says to set 'decision' to accept by hand; one set to 'accepted' (the word review writes once the event
    is in the profile) was left out of every count ('accepted 0, rejected 0, pending 3' of four) and never written,
    without a word.  It is named now, with its line; candidates review itself accepted stay quiet."""
    prof = in_dir / "estonia.yaml"
    prof.write_bytes((REPO / "profiles" / "estonia.yaml").read_bytes())
    run("import", "acled", REPO / "tests" / "data" / "import" / "acled-current.csv", "--country", "estonia",
        "--profiles", prof, "-o", "c.yaml", "-q")
    c = in_dir / "c.yaml"
    text = c.read_text(encoding="utf-8")
    c.write_text(text.replace('decision: "pending"', "decision: accepted", 1), encoding="utf-8")
    line = text[:text.index('decision: "pending"')].count("\n") + 1
    _, err = run("import", "review", "c.yaml")
    assert f"note: c.yaml:{line}:15: candidate 'acled-est90001' is marked 'accepted' but " in err, err
    assert "to accept it, write 'accept'" in err and "acled-est90001" not in prof.read_text(encoding="utf-8")
    c.write_text(text, encoding="utf-8")  # as imported: review accepts, then accepts another without a word
    run("import", "review", "c.yaml", "--accept", "acled-est90001")
    _, err = run("import", "review", "c.yaml", "--accept", "acled-est90003")
    assert "note" not in err and err.startswith("wrote 1 event"), err


# --------------------------------------------------------------------------- 11. a relative home


def test_a_relative_home_names_no_user_configuration(tmp_path):
    """With HOME=. (and no XDG_CONFIG_HOME) the working folder's .config/assessor/config.toml - a cloned project's -
    was read as the user's own trusted configuration: its scheduler was used without --scheduler (and a scheduler's
    results are unpickled).  A relative XDG_CONFIG_HOME was already ignored; a relative home is no home now."""
    (tmp_path / ".config" / "assessor").mkdir(parents=True)
    (tmp_path / ".config" / "assessor" / "config.toml").write_text('scheduler = "tcp://127.0.0.1:1"\n')
    env = {k: v for k, v in os.environ.items() if k != "XDG_CONFIG_HOME"}
    env.update(HOME=".", PYTHONPATH=str(REPO))
    r = subprocess.run([sys.executable, "-m", "assessor", "assess", "finland", "--date", "2022-06-01", "--samples", "2"],
                       cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120)
    assert r.returncode == 0 and "scheduler" not in r.stderr, r.stderr
    env["HOME"] = str(tmp_path)  # the other side: the same file under an absolute home is the user's, and is used
    r = subprocess.run([sys.executable, "-m", "assessor", "assess", "finland", "--date", "2022-06-01", "--samples", "2"],
                       cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120)
    assert r.returncode == 2 and "tcp://127.0.0.1:1" in r.stderr, r.stderr


def test_a_relative_home_gives_matplotlib_no_folder_in_the_working_folder(tmp_path):
    """With HOME=. matplotlib wrote its configuration and font cache in the working folder, and read them back: a
    planted .cache/matplotlib/fontlist*.json changed every chart's font.  A relative home names no user folder for
    matplotlib either: it gets a private temporary one, and the working folder is left as it was."""
    env = {k: v for k, v in os.environ.items() if k not in ("XDG_CONFIG_HOME", "XDG_CACHE_HOME", "MPLCONFIGDIR")}
    env.update(HOME=".", PYTHONPATH=str(REPO))
    r = subprocess.run([sys.executable, "-m", "assessor", "timeline", "finland", "--from", "2022-01-01", "--to",
                        "2022-03-01", "--plot", "c.svg", "-o", os.devnull], cwd=tmp_path, env=env, capture_output=True,
                       text=True, timeout=120)
    assert r.returncode == 0, r.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["c.svg"], list(tmp_path.iterdir())


# --------------------------------------------------------------------------- 12. file names that are not UTF-8


def test_file_names_that_are_not_utf8_are_escaped_not_a_traceback(in_dir, run, write):
    """A file name of Latin-1 bytes (an archive unpacked on a UTF-8 system: b'\\xfdland.yaml') reaches Python as
    '\\udcfdland.yaml'.  Quoted in a report's provenance it was a UnicodeEncodeError traceback (HTML, JSON, Markdown;
    a Markdown report named so, at its chart's link), and in `profiles validate --format github|json` on stdout.
    Such a name is written as the escape \\udcfd now, and the chart's link percent-encodes the name's own bytes."""
    prof = in_dir / os.fsdecode(b"\xfdland.yaml")
    prof.write_text(textwrap.dedent(MINI_PROFILE).lstrip(), encoding="utf-8")
    for name in ("r.html", "r.json", os.fsdecode(b"r\xfc.md")):
        run("report", "testland", "--profiles", prof.name, "--from", "2021-01-01", "--to", "2021-02-01", "-o", name)
        assert "\\udcfdland.yaml" in (in_dir / name).read_text(encoding="utf-8")
    assert json.loads((in_dir / "r.json").read_text(encoding="utf-8"))["provenance"]["profiles"][0]["file"] == prof.name
    assert "(<r%FC.chart.png>)" in (in_dir / os.fsdecode(b"r\xfc.md")).read_text(encoding="utf-8")
    assert (in_dir / os.fsdecode(b"r\xfc.chart.png")).is_file()
    bad = in_dir / os.fsdecode(b"\xfbbad.yaml")
    bad.write_text(textwrap.dedent(MINI_PROFILE).lstrip().replace("weighs_days: 100", "weighs_days: -1"), encoding="utf-8")
    for fmt in ("text", "json", "github"):
        out, _ = run("profiles", "validate", bad.name, "--format", fmt, code=1)
        assert "\\udcfbbad.yaml" in out, out


@pytest.mark.parametrize("which", ["profile", "export"])
def test_an_import_naming_a_file_that_is_not_utf8_is_refused_before_writing(in_dir, run, which):
    """The candidate file records the profile's and the export's names: one that is not UTF-8 was a traceback when
    the file was written, and (written as the escape \\udcf6) a candidate file the review could not read back
    ('invalid Unicode character escape code').  Refused now, one line, nothing written."""
    prof = in_dir / (os.fsdecode(b"est\xf6.yaml") if which == "profile" else "estonia.yaml")
    prof.write_bytes((REPO / "profiles" / "estonia.yaml").read_bytes())
    export = in_dir / (os.fsdecode(b"a\xf6.csv") if which == "export" else "a.csv")
    export.write_bytes((REPO / "tests" / "data" / "import" / "acled-current.csv").read_bytes())
    _, err = run("import", "acled", export.name, "--country", "estonia", "--profiles", prof.name, "-o", "c.yaml", "-q",
                 code=2)
    assert "the path is not UTF-8" in err and "\\udcf6" in err, err
    assert not (in_dir / "c.yaml").exists()


@pytest.mark.parametrize("target", ["c.svg", "c.png", "r.html"])
def test_a_chart_stamp_naming_a_registry_file_that_is_not_utf8_is_drawn(in_dir, run, target):
    """A chart's stamp names the registry files read: one named b'reg\\xf6.yaml' stopped the chart (and so the
    report) with a traceback out of matplotlib's font code (exit 1), which cannot draw a lone surrogate.  Such
    a character is an escape in every text the tool shows now, the chart's included."""
    reg = in_dir / os.fsdecode(b"reg\xf6.yaml")
    reg.write_text("entries:\n  - {name: Finland, aliases: [Suomen tasavalta]}\n", encoding="utf-8")
    args = ["--from", "2022-01-01", "--to", "2022-02-01", "--registry", reg.name]
    if target == "r.html":
        run("report", "finland", *args, "-o", target)
    else:
        run("timeline", "finland", *args, "--plot", target)
    assert (in_dir / target).stat().st_size > 1000
    if target != "c.png":
        assert "reg\\udcf6.yaml" in (in_dir / target).read_text(encoding="utf-8")


def test_import_to_a_name_too_long_is_one_located_error(tmp_path):
    """`import ... -o <300 characters>`: the check whether -o would replace a file ended in 'File name too long'
    with a traceback; the writer's own check now says it."""
    r = cli("import", "acled", REPO / "tests/data/import/acled-current.csv", "--country", "estonia", "-q", "-o", "a" * 300,
            cwd=tmp_path)
    assert r.returncode == 2 and "Traceback" not in r.stderr and r.stderr.count("\n") == 1, r.stderr
    assert list(tmp_path.iterdir()) == []


def test_profiles_new_in_a_folder_named_like_an_option_suggests_a_command_that_works(tmp_path):
    """`profiles new Zed --folder -x` suggested `assessor profiles validate -x/zed.yaml`: pasted, click read -x as
    an option.  The suggestion names the file as ./-x/zed.yaml, and that command runs."""
    r = cli("profiles", "new", "Zedland", "--folder", "-x", cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    suggested = re.search(r"`assessor (profiles validate [^`]+)`", r.stderr)
    assert suggested and "./-x/" in suggested.group(1), r.stderr
    import shlex

    again = cli(*shlex.split(suggested.group(1)), cwd=tmp_path)  # the new file's placeholders are its findings: exit 1
    assert again.returncode == 1 and "1 file checked" in again.stderr and "zedland.yaml" in again.stdout, again

