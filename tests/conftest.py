"""Shared fixtures: one CLI runner that checks exit code and streams together,
the default assessor loaded once, and a helper to write YAML files."""

from __future__ import annotations

import datetime as dt
import shutil
import textwrap
from pathlib import Path

import pytest
from click.testing import CliRunner

from assessor import loader
from assessor.assess import Assessor
from assessor.cli import cli

REPO = Path(__file__).resolve().parent.parent


def D(s: str) -> dt.date:
    return dt.date.fromisoformat(s)


@pytest.fixture(scope="session")
def default_assessor() -> Assessor:
    return Assessor.load()


@pytest.fixture
def run():
    """Invoke the CLI; assert the exit code; return (stdout, stderr)."""

    def _run(*args, code: int = 0, input: str | None = None):
        runner = CliRunner()
        result = runner.invoke(cli, [str(a) for a in args], input=input, catch_exceptions=True)
        out, err = result.stdout, result.stderr
        if result.exception and not isinstance(result.exception, SystemExit):
            raise AssertionError(f"unexpected exception {result.exception!r}\nstdout:{out}\nstderr:{err}") from result.exception
        assert result.exit_code == code, f"exit {result.exit_code} != {code}\nstdout:{out}\nstderr:{err}"
        assert "Traceback" not in out + err
        return out, err

    return _run


@pytest.fixture
def in_dir(tmp_path, monkeypatch):
    """The test's own working folder, never reading the real user's config (the hostile-input rounds)."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "user-config"))
    return tmp_path


@pytest.fixture
def write(tmp_path):
    """Write dedented text to tmp_path/name and return the path."""

    def _write(name: str, text: str | bytes) -> Path:
        p = tmp_path / name
        p.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            p.write_bytes(text)
        else:
            p.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
        return p

    return _write


@pytest.fixture
def rules_copy(tmp_path) -> Path:
    """A writable copy of the default rule folder."""
    dst = tmp_path / "rules"
    shutil.copytree(loader.default_dir("rules"), dst)
    return dst


MINI_HEADER = """
ruleset:
  name: mini
  version: "1"
  base: 50
  bounds: {min: 0, max: 100}
  levels:
    - {name: low, from: 0}
    - {name: moderate, from: 20}
    - {name: elevated, from: 40}
    - {name: high, from: 60}
    - {name: critical, from: 80}
"""

MINI_PROFILE = """
id: testland
name: Testland
aliases: [TX, TST]
alliance: NATO
adversary: Russia
covers: {from: 2020-01-01, to: 2024-12-31}
attributes:
  land_border_km:
    value: 500
    source: {publisher: Test, title: Border, date: 2020-01-01}
events:
  - date: 2020-01-01
    kind: membership
    status: partner
    summary: Testland becomes a partner.
    source: {publisher: Test, title: Partner, date: 2020-01-01}
  - date: 2021-01-01
    kind: membership
    status: applicant
    summary: Testland applies.
    source: {publisher: Test, title: Applies, date: 2021-01-01}
  - date: 2021-06-01
    kind: threat
    actor: Russia
    type: statement
    severity: 2
    weighs_days: 100
    summary: A threat.
    source: {publisher: Test, title: Threat, date: 2021-06-01}
  - date: 2022-01-01
    kind: membership
    status: member
    summary: Testland joins.
    source: {publisher: Test, title: Joins, date: 2022-01-01}
"""


# The default rule set as it was at 2.0.0 (format 2.0), frozen: tests of what a 2.0 rule set still
# does, and of model 2.0's claims, point here now that the default is 3.0.0 (see its README.md).
RULES_2_0 = REPO / "tests" / "fixtures" / "rules-2.0.0"


# Records with onsets and short periods (about 3 % of the bundled days), for the tests of an option's reading that
# need not evaluate every record several times over; the tests that are about the bundled set run on all of it.
FEW = ("ethiopia-1935", "iran-1980", "israel-1973", "kuwait-1990", "norway-1940", "pakistan-1947", "south-korea-1950")
FEW_QUIET = ("west-berlin-1958",)  # and the shortest record with no onset: every day of it a quiet one


def outcomes_of(countries, folder: Path, quiet=()) -> Path:
    """A copy of the bundled outcomes file listing only the onsets of ``countries`` and, as quiet, ``quiet``, in
    ``folder``: a backtest on it evaluates those records alone, the others left out and named."""
    import yaml

    from assessor.backtest import default_path

    doc = yaml.safe_load(default_path().read_text(encoding="utf-8"))
    doc["outcomes"] = [o for o in doc["outcomes"] if o["country"] in countries]
    assert set(quiet) <= set(doc["quiet"]), quiet
    doc["quiet"] = list(quiet)
    assert {o["country"] for o in doc["outcomes"]} == set(countries)
    path = folder / "outcomes.yaml"
    path.write_text(yaml.safe_dump(doc, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def few(tmp_path_factory):
    """``--outcomes FILE`` listing only the onsets of :data:`FEW` and :data:`FEW_QUIET` as quiet: the other bundled
    records are left out and named."""
    return ("--outcomes", outcomes_of(FEW, tmp_path_factory.mktemp("few"), FEW_QUIET))
