"""Hostile input, sixth round (2026-12-07): five known defects, then what a new round of attacks found.

Each test here failed before the fix it names.  The standard is the project's: one located
message, exit 2 (1 from ``validate``), never a traceback, nothing written on failure, inputs never
modified, every string escaped for where it is shown.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from hostile_common import REPO, cli, one_line_error

SOURCE = '{publisher: "P", title: "T", date: 2025-01-01, url: "https://www.reuters.com/x", kind: original}'


# --------------------------------------------------------------------------- 1. a world event of another actor


def _world_project(root: Path, event_fields: str, actor: str = "United States") -> None:
    (root / "world").mkdir()
    (root / "world" / "x.yaml").write_text(
        f"actor: {actor}\nevents:\n  - id: x-2025-01-01-doubt\n    concerns: {{members_of: NATO}}\n"
        f"    date: 2025-01-01\n    kind: signal\n    type: doubt\n{event_fields}"
        f"    summary: \"A statement.\"\n    source: {SOURCE}\n")
    (root / "assessor.toml").write_text('world = ["world"]\n')


@pytest.mark.parametrize("field", ["    by: Russia\n", "    by: [United States, Russia]\n"], ids=["other", "list"])
def test_a_world_event_by_another_actor_is_a_located_error(in_dir, run, field):
    """A signal written `by: Russia` in the United States' file loaded silently: it was inherited, explained and
    paired as the United States' act (the file's actor is what provenance says).  docs/world-records.md: a world
    event is recorded by the actor whose act it is; the field may be left out, being the file's actor."""
    _world_project(in_dir, field)
    _, err = run("assess", "finland", "--date", "2025-02-01", code=2)
    assert "x.yaml:8:" in err and "'Russia' is not the file's actor (United States)" in err, err
    out, _ = run("profiles", "validate", code=1)
    assert "x.yaml:8:" in out and "[bad-value]" in out, out


def test_a_world_event_by_the_files_actor_or_one_of_them_still_loads(tmp_path, run, monkeypatch):
    """The other side of the check above, and where it fails: an event with the field left out, the file's actor
    by an alias, or one of a file's several actors (world/nordic.yaml) loads; 'unknown' in a state's file does
    not (an unproven incident names its suspect, with attribution: unproven)."""
    for i, (field, actor, code) in enumerate([("", "United States", 0), ("    by: USA\n", "United States", 0),
                                              ("    by: Norway\n", "[Denmark, Norway, Iceland]", 0),
                                              ("    by: Denmark\n", "Norway", 2)]):
        root = tmp_path / str(i)
        root.mkdir()
        _world_project(root, field, actor)
        monkeypatch.chdir(root)
        run("assess", "finland", "--date", "2025-02-01", code=code)


# --------------------------------------------------------------------------- 2. negative counts in rule tests


@pytest.mark.parametrize("fact", ["threats_90d", "agreements_in_force", "days_since_threat", "hostile_border_km"])
def test_a_negative_count_in_a_rule_test_is_a_located_error(run, tmp_path, fact):
    """`facts: {threats_90d: -3}` ran (and passed): a state derive can never produce, so the case tests nothing."""
    t = tmp_path / "t.yaml"
    t.write_text(f"cases:\n  - name: negative\n    facts: {{{fact}: -3}}\n    not_fires: [threat-surge]\n")
    _, err = run("rules", "test", "--tests", t, code=2)
    assert "t.yaml:3:" in err and f"'{fact}': -3 is below the minimum 0" in err, err


def test_only_an_anomaly_in_a_rule_test_may_be_negative(run, tmp_path):
    """An anomaly is a difference from the baseline: signed, as its description says (threat-surge reads a
    quieter stretch than usual as lowering the warning); the baseline it is read against is not."""
    t = tmp_path / "t.yaml"
    t.write_text("cases:\n  - name: quieter than usual\n    facts: {pressure_level: 0, pressure_level_baseline: 5, "
                 "pressure_level_anomaly: -5}\n    fires: [threat-surge]\n")
    out, _ = run("rules", "test", "--tests", t)
    assert "1 passed" in out, out
    t.write_text(t.read_text().replace("pressure_level_baseline: 5", "pressure_level_baseline: -5"))
    _, err = run("rules", "test", "--tests", t, code=2)
    assert "t.yaml:3:" in err and "'pressure_level_baseline': -5 is below the minimum 0" in err, err


@pytest.mark.parametrize("fact,value,bound", [("protection", 1.5, "maximum 1"), ("conflict_legacy", 2, "maximum 1"),
                                               ("status_rank", 9, "maximum 5"), ("peace_rank", 4, "maximum 3"),
                                               ("maritime_proximity", 2, "maximum 1"), ("max_severity_90d", 9, "maximum 5"),
                                               ("campaign_severity", 7, "maximum 5"), ("ultimatum_baseline", 3, "maximum 1")])
def test_a_share_above_one_or_a_rank_off_its_scale_in_a_rule_test_is_a_located_error(run, tmp_path, fact, value, bound):
    """`facts: {protection: 1.5}` ran: a share derive keeps within 0..1 (and a rank within its scale), so the case
    tested a state no record can produce, as a negative count did."""
    t = tmp_path / "t.yaml"
    t.write_text(f"cases:\n  - name: off the scale\n    facts: {{{fact}: {value}}}\n    not_fires: [threat-surge]\n")
    _, err = run("rules", "test", "--tests", t, code=2)
    assert "t.yaml:3:" in err and f"'{fact}': {value} is above the {bound}" in err, err
    t.write_text(t.read_text().replace(f"{fact}: {value}", f"{fact}: 1"))
    out, _ = run("rules", "test", "--tests", t)
    assert "1 passed" in out, out


def test_the_ultimatums_anomaly_runs_from_minus_one_to_one(run, tmp_path):
    """An anomaly is signed, but the ultimatum's is a difference of two shares of days: -2 tested a state no record
    can produce (the bundled 'cap holds both ways' case did)."""
    t = tmp_path / "t.yaml"
    t.write_text("cases:\n  - name: off the scale\n    facts: {ultimatum_anomaly: -2}\n    fires: [ultimatum-surge]\n")
    _, err = run("rules", "test", "--tests", t, code=2)
    assert "t.yaml:3:" in err and "'ultimatum_anomaly': -2 is below the minimum -1" in err, err


def test_derive_keeps_every_number_fact_within_the_bounds_rule_tests_hold_it_to(default_assessor):
    """The other side of the bounds above: on every bundled record, every 30 days, no number fact leaves its
    declared range (else a rule test would refuse a state real records produce)."""
    import datetime as dt

    from assessor.facts import FACTS

    bounded = {n: f for n, f in FACTS.items() if f.type == "number" and (f.minimum is not None or f.maximum is not None)}
    seen = 0
    for p in default_assessor.profiles.profiles.values():
        d = default_assessor.deriver(p)
        day = p.covers_from
        while day <= p.covers_to:
            values = d.derive(day, evidence=False).values
            for name, f in bounded.items():
                v = values.get(name)
                if v is None:
                    continue
                seen += 1
                assert f.minimum is None or v >= f.minimum, (p.id, day, name, v)
                assert f.maximum is None or v <= f.maximum, (p.id, day, name, v)
            day += dt.timedelta(days=30)
    assert seen > 10_000


# --------------------------------------------------------------------------- 5. profiles new and an ambiguous name


def test_profiles_new_with_a_name_several_profiles_share_is_refused(in_dir, run):
    """With a project record 'poland-1939' (aliases PL, POL) beside the bundled Poland, `profiles new PL` wrote
    profiles/pl.yaml: _bundled_profile swallowed the AmbiguousName as 'no such profile', and every command of
    the project then stopped ('PL' also names profile 'pl')."""
    (in_dir / "profiles").mkdir()
    (in_dir / "assessor.toml").write_text('profiles = ["profiles"]\n')
    (in_dir / "profiles" / "poland-1939.yaml").write_text(
        "id: poland-1939\nname: Poland\naliases: [PL, POL]\nalliance: none\nadversary: German Reich\n"
        "covers: {from: 1939-01-01, to: 1939-10-06}\nevents: []\n")
    for extra in ([], ["--replace"]):
        _, err = run("profiles", "new", "PL", *extra, code=2)
        one_line_error(err)
        assert "already names several profiles" in err and "poland-1939" in err and "poland.yaml" in err, err
        assert sorted(os.listdir(in_dir / "profiles")) == ["poland-1939.yaml"]
    run("profiles", "list")


# --------------------------------------------------------------------------- 3. -o to a FIFO


def _popen(*args, cwd: Path) -> subprocess.Popen:
    env = dict(os.environ, PYTHONPATH=str(REPO), XDG_CONFIG_HOME=str(cwd / "user-config"))
    return subprocess.Popen([sys.executable, "-m", "assessor", *map(str, args)], cwd=cwd, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def test_a_fifo_nobody_reads_yet_says_what_the_run_waits_for(tmp_path):
    """`-o f` with f a FIFO and no reader yet: the run did its work, then blocked in open() without a word (it
    looked hung).  It is written directly, as `sort -o` or the shell's `>` would (a reader started later gets the
    output), and says once on stderr that it waits for a reader."""
    fifo = tmp_path / "f"
    os.mkfifo(fifo)
    expected = cli("assess", "finland", "--date", "2022-06-01", cwd=tmp_path).stdout
    proc = _popen("assess", "finland", "--date", "2022-06-01", "-o", "f", cwd=tmp_path)
    try:
        assert proc.stderr is not None
        import select

        ready, _, _ = select.select([proc.stderr], [], [], 60)  # the run blocked in open() without a word
        assert ready, "nothing said on stderr while waiting for the FIFO's reader"
        line = proc.stderr.readline()
        assert line.startswith("note: waiting for a reader of f (a FIFO)"), line
        with open(fifo, encoding="utf-8") as fh:
            got = fh.read()
        assert proc.wait(timeout=60) == 0
    finally:
        proc.kill()
        proc.wait()
    assert got == expected and stat_is_fifo(fifo)
    # a device and a regular file are written as before, without a word of waiting
    for target in ("/dev/null", "a.txt"):
        r = cli("assess", "finland", "--date", "2022-06-01", "-o", target, cwd=tmp_path)
        assert r.returncode == 0 and "waiting" not in r.stderr, r
    assert (tmp_path / "a.txt").read_text(encoding="utf-8") == expected


def stat_is_fifo(path: Path) -> bool:
    import stat

    return stat.S_ISFIFO(os.stat(path).st_mode)


def test_a_fifo_whose_reader_goes_away_ends_quietly_like_a_pipe(tmp_path):
    """A reader that read a little and closed the FIFO gave 'error: cannot write f: Broken pipe', exit 2; stdout
    in the same case ends quietly with 141, as a Unix tool killed by SIGPIPE (sort -o f) does."""
    fifo = tmp_path / "f"
    os.mkfifo(fifo)
    proc = _popen("explain", "all", "--date", "2022-06-01", "--format", "json", "-o", "f", cwd=tmp_path)
    try:
        with open(fifo, "rb", buffering=0) as fh:  # half a megabyte, a pipe holds 64 KiB: the writer is still writing
            assert fh.read(1) == b"["
        _, err = proc.communicate(timeout=120)
    finally:
        proc.kill()
        proc.wait()
    assert proc.returncode == 141, err
    assert "error" not in err and "Traceback" not in err, err


def test_import_writes_a_fifo_without_force_and_still_asks_it_of_a_file(tmp_path):
    """`import ... -o f` with f a FIFO said 'f exists: give --force to overwrite it': a FIFO is written, not
    replaced (its reader gets the candidates, as every other command's -o gives them); a regular file still
    needs --force."""
    fifo = tmp_path / "f"
    os.mkfifo(fifo)
    args = ("import", "acled", REPO / "tests/data/import/acled-current.csv", "--country", "estonia", "-q")
    import threading

    chunks: list[str] = []
    reader = threading.Thread(target=lambda: chunks.append(fifo.read_text(encoding="utf-8")), daemon=True)
    reader.start()  # blocks in open() until a writer comes
    proc = _popen(*args, "-o", "f", cwd=tmp_path)
    try:
        _, err = proc.communicate(timeout=120)
    finally:
        proc.kill()
        proc.wait()
    if reader.is_alive():  # the command never opened the FIFO: release the reader, so the test fails, not hangs
        os.close(os.open(fifo, os.O_WRONLY | os.O_NONBLOCK))
    reader.join(timeout=60)
    assert proc.returncode == 0, err
    got = "".join(chunks)
    assert "candidates" in got and stat_is_fifo(fifo), got[:200]
    (tmp_path / "c.yaml").write_text("keep me\n")
    r = cli(*args, "-o", "c.yaml", cwd=tmp_path)
    assert r.returncode == 2 and "c.yaml exists: give --force" in r.stderr, r
    assert (tmp_path / "c.yaml").read_text() == "keep me\n"


# --------------------------------------------------------------------------- 4. registry files in a report's provenance


@pytest.mark.parametrize("where", ["option", "project"])
def test_a_reports_provenance_records_the_registry_files(in_dir, run, where):
    """A report recorded the rule set's and profiles' hashes, not the registry's: a registry file that moves a
    membership or a state's dates changes the scores, and two reports on different registries read alike."""
    reg = in_dir / "my states.yaml"
    reg.write_text("entries:\n  - {name: Finland, aliases: [Suomen tasavalta]}\n")
    opts = ["--registry", reg] if where == "option" else []
    if where == "project":
        (in_dir / "assessor.toml").write_text('registry = ["my states.yaml"]\n')
    import hashlib

    digest = hashlib.sha256(reg.read_bytes()).hexdigest()
    bundled = hashlib.sha256((REPO / "assessor" / "data" / "states.yaml").read_bytes()).hexdigest()
    pages = {}
    for name in ("r.json", "r.html", "r.md"):
        run("report", "finland", "--from", "2022-01-01", "--to", "2022-02-01", *opts, "-o", in_dir / name)
        pages[name] = (in_dir / name).read_text(encoding="utf-8")
    prov = json.loads(pages["r.json"])["provenance"]
    assert prov["registry"] == [{"file": "states.yaml", "sha256": bundled}, {"file": "my states.yaml", "sha256": digest}]
    assert f"<dt>Registry</dt><dd>my states.yaml, sha256 <code>{digest}</code></dd>" in pages["r.html"]
    assert f"| Registry | my states.yaml, sha256 `{digest}` |" in pages["r.md"]
    # deterministic: the same inputs, the same provenance (no folder, no time)
    run("report", "finland", "--from", "2022-01-01", "--to", "2022-02-01", *opts, "-o", in_dir / "again.json")
    assert json.loads((in_dir / "again.json").read_text())["provenance"]["registry"] == prov["registry"]


def test_a_charts_stamp_names_the_registry_files(in_dir, run):
    """The report recorded the registry files, its chart's corner did not: a chart copied out of a report (or
    made by `timeline --plot`) on another registry read like one on the bundled registry."""
    import hashlib
    import html
    import re

    reg = in_dir / "my states.yaml"
    reg.write_text("entries:\n  - {name: Finland, aliases: [Suomen tasavalta]}\n")
    digest = hashlib.sha256(reg.read_bytes()).hexdigest()
    bundled = hashlib.sha256((REPO / "assessor" / "data" / "states.yaml").read_bytes()).hexdigest()
    for opts in ([], ["--registry", reg]):
        run("timeline", "finland", "--from", "2022-01-01", "--to", "2022-06-01", *opts, "--plot", in_dir / "c.svg",
            "-o", os.devnull)
        texts = [html.unescape(t) for t in re.findall(r"<text[^>]*>([^<]*)</text>", (in_dir / "c.svg").read_text())]
        stamp = " ".join(t for t in texts if t.startswith(("registry", "  ")))
        assert f"states.yaml {bundled[:12]}" in stamp, texts
        assert (f"my states.yaml {digest[:12]}" in stamp) == bool(opts), stamp


def test_a_registry_file_name_is_escaped_in_the_report(in_dir, run):
    reg = in_dir / "<b>x|y`.yaml"
    reg.write_text("entries:\n  - {name: Finland, aliases: [Suomen tasavalta]}\n")
    run("report", "finland", "--from", "2022-01-01", "--to", "2022-02-01", "--registry", reg, "-o", in_dir / "r.html")
    run("report", "finland", "--from", "2022-01-01", "--to", "2022-02-01", "--registry", reg, "-o", in_dir / "r.md")
    assert "&lt;b&gt;x|y`.yaml" in (in_dir / "r.html").read_text()
    md = (in_dir / "r.md").read_text()
    [line] = [ln for ln in md.splitlines() if ln.startswith("| Registry | ") and "x" in ln]
    assert line.startswith("| Registry | &lt;b&gt;x&#124;y\\`.yaml, sha256 "), line  # text, and a cell of one table


# =========================================================================== the round's own finds
# --------------------------------------------------------------------------- -o names the system refuses


@pytest.mark.parametrize("option", ["-o", "--plot"])
def test_an_output_name_too_long_for_the_system_is_one_line(in_dir, run, option):
    """`-o` (or --plot) with a 300-character name was a traceback: Path.is_dir passes over 'no such file' but
    not ENAMETOOLONG, raised by the check made when -o is read."""
    name = "a" * 300 + (".png" if option == "--plot" else "")
    _, err = run("timeline", "finland", "--from", "2022-01-01", "--to", "2022-03-01", option, name, code=2)
    one_line_error(err)
    assert "File name too long" in err and os.listdir(in_dir) == [], err


def test_a_long_but_valid_output_name_is_written(in_dir, run):
    """A name of 250 bytes is valid, but its temporary file's (a dot, the name, a random part, '.tmp') was not:
    'cannot write ...: File name too long', for a file the shell writes."""
    name = "c" * 250
    run("assess", "finland", "--date", "2022-06-01", "-o", name)
    assert os.listdir(in_dir) == [name] and (in_dir / name).read_text().startswith("Finland")


def test_a_long_valid_name_of_four_byte_characters_is_written(in_dir, run):
    """The temporary's name took the first 64 *characters* of the target's: 64 four-byte characters are 256
    bytes, over the limit of 255, so a 252-byte name the shell writes was 'File name too long'."""
    name = "\U0001F600" * 62 + ".txt"
    assert len(os.fsencode(name)) == 252
    run("assess", "finland", "--date", "2022-06-01", "-o", name)
    assert os.listdir(in_dir) == [name] and (in_dir / name).read_text().startswith("Finland")


# --------------------------------------------------------------------------- -o over an input by another name


def test_an_output_that_is_a_hard_link_to_an_input_is_refused(in_dir, run):
    """`-o other.yaml`, a hard link to the profile read: the input is the same file by another name, yet only a
    symbolic link to it was refused (by path); the rename cut the link without a word."""
    (in_dir / "p").mkdir()
    prof = in_dir / "p" / "x.yaml"
    prof.write_text("id: xland\nname: Xland\nalliance: none\nadversary: Russia\n"
                    "covers: {from: 2021-01-01, to: 2021-12-31}\nevents: []\n")
    os.link(prof, in_dir / "other.yaml")
    _, err = run("assess", "xland", "--date", "2021-06-01", "--profiles", in_dir / "p", "-o", in_dir / "other.yaml",
                 code=2)
    one_line_error(err)
    assert "refusing to overwrite input file" in err, err
    assert os.stat(prof).st_nlink == 2 and os.path.samefile(prof, in_dir / "other.yaml")


def test_an_output_is_written_in_a_working_folder_deeper_than_path_max(in_dir, run, monkeypatch):
    """In a working folder whose absolute name is longer than PATH_MAX (4096), `-o out.txt` was 'cannot write
    out.txt: File name too long' where the shell's `> out.txt` works: the temporary file's name was made
    absolute (tempfile.mkstemp), and no system call takes a name that long."""
    for _ in range(22):
        os.mkdir("d" * 200)
        monkeypatch.chdir("d" * 200)
    assert len(os.getcwd()) > 4096  # a name no system call takes whole
    run("assess", "finland", "--date", "2022-06-01", "-o", "out.txt")
    assert Path("out.txt").read_text(encoding="utf-8").startswith("Finland") and os.listdir(".") == ["out.txt"]
