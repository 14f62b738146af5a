"""More hostile input through every door (the private corpus's findings of 2026-12-06).

Each test here failed before the fix it names: a file that is not a regular file, a link to
nowhere, or a value of the wrong type reached a second read or an unchecked use and hung or
ended in a traceback, instead of one located message and exit 2.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent


def one_line_error(err: str) -> None:
    lines = [x for x in err.strip().splitlines() if not x.startswith("note:")]
    assert len(lines) <= 2 and lines[0].startswith("error:"), err
    assert "Traceback" not in err


def cli(*args, cwd: Path, timeout: float = 60) -> subprocess.CompletedProcess:
    """The CLI in a process of its own (a FIFO or /dev/zero that is read for ever must not hang the test run)."""
    env = dict(os.environ, PYTHONPATH=str(REPO), XDG_CONFIG_HOME=str(cwd / "user-config"))
    return subprocess.run([sys.executable, "-m", "assessor", *map(str, args)], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=timeout)


# --------------------------------------------------------------------------- rule files that are not files


def _dangling(d: Path) -> str:
    (d / "r.yaml").symlink_to(d / "nowhere.yaml")
    return "file not found"


def _fifo(d: Path) -> str:
    os.mkfifo(d / "r.yaml")
    return "not a regular file"


def _dev_zero(d: Path) -> str:
    (d / "r.yaml").symlink_to("/dev/zero")
    return "not a regular file"


@pytest.mark.parametrize("make", [_dangling, _fifo, _dev_zero], ids=["dangling-link", "fifo", "dev-zero"])
def test_a_rule_file_that_is_not_a_file_is_one_located_line(tmp_path, make):
    """The rule set's hash read every file a second time, unbounded: a link to nowhere was a traceback,
    a FIFO or /dev/zero hung for ever."""
    said = make(tmp_path)
    r = cli("assess", "finland", "--date", "2022-07-01", "--rules", "r.yaml", cwd=tmp_path, timeout=30)
    assert r.returncode == 2, r.stderr
    assert "Traceback" not in r.stderr and f"r.yaml: error: {said}" in r.stderr


# --------------------------------------------------------------------------- values from files never become paths to probe


def test_a_profile_id_too_long_for_a_file_name_is_not_a_traceback(tmp_path, run):
    """Whether a profile replaces a bundled one was asked of the file system with its id as a file name:
    an id of 5,000 characters raised 'File name too long'."""
    from conftest import MINI_PROFILE

    long_id = "x" * 5000
    (tmp_path / "p.yaml").write_text(MINI_PROFILE.replace("id: testland", f"id: {long_id}"))
    out, err = run("timeline", long_id, "--profiles", tmp_path / "p.yaml", "--from", "2021-01-01", "--to", "2021-01-31")
    assert "note:" not in err and "2021-01-0" in out


# --------------------------------------------------------------------------- imports that read nothing


@pytest.mark.parametrize("text", ["", "event_id_cnty,event_date\n", "event_id_cnty,event_date\nEST1\n"],
                         ids=["empty", "header-only", "bad-rows-only"])
def test_an_import_with_no_usable_row_says_so_and_writes_nothing(tmp_path, run, monkeypatch, text):
    """It exited 2 with no error line at all and still wrote (or, with --force, replaced) the candidate file."""
    monkeypatch.chdir(tmp_path)
    header = (REPO / "tests/data/import/acled-current.csv").read_text(encoding="utf-8", errors="replace").split("\n")[0]
    (tmp_path / "a.csv").write_text(text.replace("event_id_cnty,event_date", header))
    (tmp_path / "c.yaml").write_text("mine\n")
    _, err = run("import", "acled", "a.csv", "--country", "estonia", "-o", "c.yaml", "--force", "--counts", "m.csv",
                 code=2)
    assert [ln for ln in err.splitlines() if not ln.startswith("bad row:")] == [
        f"error: a.csv: no usable row ({text.count(chr(10)) - (1 if text else 0)} read, "
        f"{text.count('EST1')} bad): nothing written"]
    assert (tmp_path / "c.yaml").read_text() == "mine\n" and not (tmp_path / "m.csv").exists()


# --------------------------------------------------------------------------- candidate files edited by hand


def _candidates(tmp_path: Path, edit=("", "")) -> Path:
    import hashlib
    import shutil

    prof = tmp_path / "estonia.yaml"
    shutil.copy(REPO / "profiles" / "estonia.yaml", prof)
    text = f"""format: "assessor-import-candidates/1"
source: "acled"
dataset: "ACLED"
version: "1"
publisher: "P"
url: "https://acleddata.com/"
profile: "estonia.yaml"
profile_sha256: "{hashlib.sha256(prof.read_bytes()).hexdigest()}"
candidates:
  - id: "acled-x1"
    decision: "pending"
    row: "X1"
    date: 2024-03-10
    proposed: {{kind: threat, type: airspace_violation, actor: Russia, severity: 2, weighs_days: 90, summary: "s"}}
"""
    assert edit[0] in text
    (tmp_path / "c.yaml").write_text(text.replace(edit[0], edit[1], 1))
    return prof


@pytest.mark.parametrize("key", ['"a: [\\n"', '"x\\n  - id: evil\\n    decision"', '"null"', '"yes"', "'#c'"])
@pytest.mark.parametrize("where", ["top", "candidate"])
def test_review_writes_back_every_key_as_the_same_key(tmp_path, run, monkeypatch, key, where):
    """Keys were written back bare: a key a hand-edited file brought broke the candidate file (or made
    another candidate of it) on the review's rewrite."""
    from assessor import yamlsrc

    monkeypatch.chdir(tmp_path)
    at = '\ncandidates:' if where == "top" else '\n    row: "X1"'
    _candidates(tmp_path, (at, f"\n{'' if where == 'top' else '    '}{key}: 1{at}"))
    before = yamlsrc.read(tmp_path / "c.yaml").data  # read as every command reads it (dates as text)
    run("import", "review", "c.yaml", "--reject", "acled-x1")
    after = yamlsrc.read(tmp_path / "c.yaml").data
    assert after["candidates"][0].pop("decision") == "rejected" and before["candidates"][0].pop("decision") == "pending"
    assert after == before


@pytest.mark.parametrize("edit", [('publisher: "P"', "publisher: {a: 1}"), ('url: "https://acleddata.com/"', "url: [1]"),
                                  ('profile: "estonia.yaml"', 'profile: "a\\0b"'), ('profile: "estonia.yaml"', 'profile: " "')])
def test_review_checks_the_fields_it_writes_or_opens(tmp_path, run, monkeypatch, edit):
    """A publisher that is not text went into the profile as "{'a': 1}"; a profile name with a NUL was a
    ValueError traceback."""
    monkeypatch.chdir(tmp_path)
    prof = _candidates(tmp_path, edit)
    before = prof.read_bytes()
    _, err = run("import", "review", "c.yaml", "--accept", "acled-x1", code=2)
    assert sum("c.yaml:" in ln for ln in err.splitlines()) == 1, err
    assert prof.read_bytes() == before


# --------------------------------------------------------------------------- bounds that say what they count


def test_the_date_bound_counts_months_exactly():
    """Months were counted as 28 days: 1000-01..8999-12 (96,000 months) was refused as 'more than 100,000 dates'."""
    import datetime as dt

    from assessor.assess import MAX_DATES, dates_between

    D = dt.date.fromisoformat
    assert len(dates_between(D("1000-01-01"), D("8999-12-31"), "month")) == 96_000
    with pytest.raises(ValueError, match="more than 100,000 dates"):
        dates_between(D("1000-01-01"), D("1000-01-01") + dt.timedelta(days=31 * MAX_DATES), "month")
    assert len(dates_between(D("2020-01-31"), D("2020-03-01"), "month")) == 2  # Jan 31, Feb 29 (clamped)


# --------------------------------------------------------------------------- numbers that read as another number


@pytest.mark.parametrize("written", ["1:30", "010", "-0_7", "!!int 012", "1:30.5"])
def test_yaml_1_1_base_60_and_octal_numbers_are_refused_where_they_stand(tmp_path, run, written):
    """weighs_days: 1:30 was read as 90 and ratified: 010 as 8, silently: values that look like others."""
    from conftest import MINI_PROFILE

    (tmp_path / "p.yaml").write_text(MINI_PROFILE.replace("weighs_days: 100", f"weighs_days: {written}"))
    out, _ = run("profiles", "validate", tmp_path / "p.yaml", code=1)
    line = next(ln for ln in out.splitlines() if "weighs_days" in ln or "YAML 1.1" in ln)
    assert "p.yaml:28:18:" in line and "YAML 1.1" in line and "decimal" in line


@pytest.mark.parametrize("written, value", [("0", 0), ("00", 0), ("10", 10), ("1_000", 1000), ("'010'", "010"),
                                            ("08", "08"), ("0.5", 0.5)])
def test_numbers_that_read_as_written_still_load(tmp_path, written, value):
    from assessor import yamlsrc

    (tmp_path / "y.yaml").write_text(f"a: {written}\n")
    assert yamlsrc.read(tmp_path / "y.yaml").data["a"] == value


# --------------------------------------------------------------------------- a record longer than a timeline


def test_rules_show_on_a_record_longer_than_a_timeline_is_one_line(tmp_path, run):
    """rules show tries the rule on every day of every record: a record of 8,000 years was a ValueError traceback."""
    from conftest import MINI_PROFILE

    (tmp_path / "long.yaml").write_text(MINI_PROFILE.replace("2020-01-01, to: 2024-12-31", "1000-01-01, to: 8999-12-31"))
    _, err = run("rules", "show", "under-attack", "--profiles", tmp_path / "long.yaml", code=2)
    one_line_error(err)
    # located at the record's covers: line since round 13
    assert "long.yaml:7:9: testland covers 1000-01-01 to 8999-12-31" in err and "--step" in err


# --------------------------------------------------------------------------- output names


@pytest.mark.parametrize("args", [("assess", "finland", "--date", "2022-06-01", "-o", "out.txt/"),
                                  ("report", "finland", "--from", "2022-01-01", "--to", "2022-02-01", "-o", "r.md/"),
                                  ("sweep", "finland", "--samples", "1", "--jobs", "1", "--from", "2022-01-01", "--to",
                                   "2022-01-08", "-o", "s.csv/")])
def test_an_output_name_ending_in_a_slash_is_refused(tmp_path, run, monkeypatch, args):
    """-o out.txt/ wrote a file out.txt (the slash dropped), where the shell and open() refuse such a name."""
    monkeypatch.chdir(tmp_path)
    _, err = run(*args, code=2)
    one_line_error(err)
    assert "names a folder, not a file" in err and not list(tmp_path.iterdir())


@pytest.mark.parametrize("counts", ["nodir/m.csv", "m.csv/", "folder"])
def test_an_import_whose_counts_cannot_be_written_writes_no_candidate_file(tmp_path, run, monkeypatch, counts):
    """The candidate file is written before the counts: a --counts in a missing folder failed (exit 2) after the
    candidate file was written, leaving one file of the two."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "folder").mkdir()
    _, err = run("import", "acled", REPO / "tests/data/import/acled-current.csv", "--country", "estonia", "-o",
                 "c.yaml", "-q", "--counts", counts, "--force", code=2)
    one_line_error(err)
    assert not (tmp_path / "c.yaml").exists()
