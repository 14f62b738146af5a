"""Every bundled country through every command and every format (issue 18, item 1).

The guarantee "what `rules validate` and `profiles validate` accept runs
without a traceback" first covered `assess` only; a chart marker missing for
four bundled countries crashed `report` and `timeline --plot`.  This matrix
runs each bundled profile through ``assess``, ``explain``, ``timeline`` (and
its chart), ``report`` in every format (with ``--samples`` and
``--scenario``), ``compare``, ``sweep`` and ``sensitivity``, and the bundled
``backtest`` (which reads every profile at once), through the CLI.  Each case
is one test id — ``test_country[ukraine-report-markdown]`` — so a failure
names the country, the command and the format.

Cheap by design (the whole matrix in about a minute on one core): eight
weeks at the end of each record, weekly or monthly steps, 3 samples, the
smallest sensitivity design, one worker process.  CI runs the suite again on
the oldest and newest Pythons with the guarantee's smaller budget
(``ASSESSOR_GUARANTEE_EXAMPLES`` below 2000): there the matrix takes the
countries that have crashed before and one NATO member (SMALL); set
``ASSESSOR_MATRIX_COUNTRIES=all`` (or a comma-separated list) to choose.
Every record runs one case per command and the data-dependent renderers
(EVERY_RECORD below); the other formats run on SMALL, all of them with
``ASSESSOR_MATRIX=full``.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from pathlib import Path

import pytest
import yaml
from conftest import REPO

from assessor import loader

ALL = sorted(p.stem for p in (REPO / "profiles").glob("*.yaml"))
SMALL = ["armenia", "finland", "kuwait-1990", "moldova", "ukraine"]  # a KeyError in key_events crashed four of them


def _countries() -> list[str]:
    chosen = os.environ.get("ASSESSOR_MATRIX_COUNTRIES")
    if chosen:
        return ALL if chosen == "all" else [c.strip() for c in chosen.split(",") if c.strip()]
    small = int(os.environ.get("ASSESSOR_GUARANTEE_EXAMPLES", "2000")) < 2000
    return [c for c in ALL if c in SMALL] if small else ALL


PROFILES = _countries()
WEEKS = 8  # the period: the last eight weeks of each record

# (command, format): what is run and what its output must look like.  Every
# format each command offers (`--format` choices, `--plot` file types) is here;
# test_every_format_of_every_command_is_in_the_matrix keeps it so.
CASES = [
    ("assess", "text"), ("assess", "json"), ("assess", "csv"),
    ("assess-samples", "text"), ("assess-scenario", "json"),
    ("explain", "text"), ("explain", "json"), ("explain-outside", "text"),
    ("timeline", "text"), ("timeline", "json"), ("timeline", "csv"),
    ("timeline-plot", "png"), ("timeline-plot", "svg"), ("timeline-samples", "text"),
    ("report", "html"), ("report", "markdown"), ("report", "json"),
    ("report-samples", "html"), ("report-scenario", "markdown"),
    ("compare", "text"), ("compare", "json"), ("compare", "csv"),
    ("sweep", "csv"), ("sweep", "jsonl"), ("sweep", "parquet"),
    ("sensitivity", "text"), ("sensitivity", "json"), ("sensitivity-plot", "svg"),
]


def _period(country: str) -> tuple[dt.date, dt.date, dt.date]:
    """The last WEEKS weeks of the record, and a date in their middle."""
    p = loader.load_profiles([REPO / "profiles" / f"{country}.yaml"]).resolve(country)
    end = p.covers_to
    start = max(p.covers_from, end - dt.timedelta(weeks=WEEKS))
    return start, end, start + (end - start) / 2


def _scenario(tmp: Path, country: str, day: dt.date) -> Path:
    """A scenario every profile takes: a severe threat by its own adversary on ``day``
    and one rule's points changed (a scenario that changed nothing would test little)."""
    p = loader.load_profiles([REPO / "profiles" / f"{country}.yaml"]).resolve(country)
    doc = {"name": f"{country}: a severe threat", "changes": [{"profile": country, "add": {
        "date": day.isoformat(), "kind": "threat", "actor": p.adversary, "type": "military_threat", "severity": 4,
        "weighs_days": 120, "summary": "A generated threat.",
        "source": {"publisher": "Test", "title": "Generated", "date": day.isoformat()}}}],
           "rules": [{"rule": "support-without-obligation", "points": -3}]}  # rules 3.0.0: -1 (per rank) by default
    path = tmp / "scenario.yaml"
    path.write_text(yaml.safe_dump(doc, allow_unicode=True), encoding="utf-8")
    return path


def _args(command: str, fmt: str, country: str, tmp: Path) -> tuple[list, Path | None]:
    """The command line of one case, and the file it writes (None: stdout)."""
    start, end, day = _period(country)
    period = ["--from", start, "--to", end]
    fast = ["--samples", 3, "--jobs", 1]
    out = tmp / f"out.{ {'markdown': 'md', 'text': 'txt'}.get(fmt, fmt) }"
    base, _, variant = command.partition("-")
    if base == "assess":
        extra = {"samples": fast, "scenario": ["--scenario", _scenario(tmp, country, start)]}.get(variant, [])
        return ["assess", country, "--date", day, "--format", fmt, *extra], None
    if base == "explain":
        when = end + dt.timedelta(days=400) if variant == "outside" else day
        return ["explain", country, "--date", when, "--format", fmt], None
    if base == "timeline":
        if variant == "plot":
            return ["timeline", country, *period, "--step", "week", "--plot", out], out
        return ["timeline", country, *period, "--step", "week", "--format", fmt, *(fast if variant else [])], None
    if base == "report":
        extra = {"samples": fast, "scenario": ["--scenario", _scenario(tmp, country, start)]}.get(variant, [])
        return ["report", country, *period, "--date", day, "--step", "week", "--format", fmt, "-o", out, *extra], out
    if base == "compare":
        return ["compare", country, "--scenario", _scenario(tmp, country, start), *period, "--step", "week",
                "--all-dates", "--format", fmt], None
    if base == "sweep":
        to_file = ["-o", out] if fmt == "parquet" else []  # binary: a file only
        return ["sweep", country, "--samples", 3, "--jobs", 1, *period, "--step", "month", "--format", fmt,
                *to_file], (out if to_file else None)
    if base == "sensitivity":
        plot = ["--plot", out] if variant == "plot" else ["--format", fmt]
        return ["sensitivity", country, *period, "--step", "month", "--method", "morris", "--size", 2, "--jobs", 1,
                *plot], (out if variant == "plot" else None)
    raise AssertionError(command)


def _check(fmt: str, text: str, written: Path | None, country: str) -> None:
    """The output is of its format and is about the country."""
    if written is not None:
        data = written.read_bytes()
        assert data, written
        if fmt == "png":
            assert data.startswith(b"\x89PNG")
        elif fmt == "svg":
            assert b"<svg" in data[:2000]
        elif fmt == "html":
            assert data.lstrip().lower().startswith(b"<!doctype html")
        elif fmt == "json":
            json.loads(data)
        elif fmt == "parquet":
            assert data.startswith(b"PAR1") and data.endswith(b"PAR1")
        elif fmt == "markdown":
            assert data.startswith(b"#") and (written.with_name(written.stem + ".chart.png")).exists()
        return
    assert text.strip(), "no output"
    if fmt == "json":
        json.loads(text)
    elif fmt == "jsonl":
        for line in text.splitlines():
            json.loads(line)
    elif fmt == "csv":
        assert "," in text.splitlines()[0]


# Every bundled record through every command (issue 15): these cases run for every record -- one per command,
# plus the renderers whose output depends on the record's data (the chart's markers, the report's key events and
# its Markdown escaping).  The other formats of the same commands render what these compute, so they run for the
# records that have crashed before (SMALL) unless ASSESSOR_MATRIX=full asks for every case on every record: the
# whole matrix took a fifth of CI's time, which CI's 20 minutes could no longer hold (2026-12-07: 19.5 minutes).
EVERY_RECORD = {("assess", "text"), ("explain", "text"), ("explain-outside", "text"), ("timeline", "csv"),
                ("timeline-plot", "png"), ("report", "html"), ("report", "markdown"), ("compare", "text"),
                ("sweep", "csv"), ("sensitivity", "text")}
FULL = os.environ.get("ASSESSOR_MATRIX") == "full"
RUNS = [(country, command, fmt) for command, fmt in CASES for country in PROFILES
        if FULL or (command, fmt) in EVERY_RECORD or country in SMALL]


@pytest.mark.parametrize("country,command,fmt", RUNS, ids=[f"{c}-{f}-{p}" for p, c, f in RUNS])
def test_country(run, tmp_path, monkeypatch, country, command, fmt):
    monkeypatch.chdir(tmp_path)  # no project file of the working copy may join in
    if fmt == "parquet":
        pytest.importorskip("pyarrow.parquet")  # an optional extra: assessor[parquet]
    args, written = _args(command, fmt, country, tmp_path)
    out, _ = run(*args)
    _check(fmt, out, written, country)


@pytest.mark.parametrize("fmt", ["text", "json"])
def test_backtest_reads_every_bundled_country(run, tmp_path, monkeypatch, fmt):
    """The backtest scores every bundled profile at once (its outcomes name several)."""
    monkeypatch.chdir(tmp_path)
    out, _ = run("backtest", "--format", fmt)
    _check(fmt, out, None, "all")


def test_every_format_of_every_command_is_in_the_matrix():
    """A format added to a command's --format choices joins the matrix, or this fails."""
    from assessor.cli import cli

    covered: dict[str, set] = {}
    for command, fmt in CASES:
        covered.setdefault(command.partition("-")[0], set()).add(fmt)
    for name in ("assess", "explain", "timeline", "report", "compare", "sweep", "sensitivity"):
        params = {p.name: p for p in cli.commands[name].params}
        choices = set(getattr(params["fmt"].type, "choices", ()))
        assert choices <= covered[name], (name, choices - covered[name])
        if "plot" in params:
            assert {"png", "svg"} & covered[name], name


def test_the_matrix_covers_every_bundled_profile():
    assert set(ALL) == set(loader.load_profiles([REPO / "profiles"]).profiles)
    assert len(ALL) >= 17 and set(SMALL) <= set(ALL)
    # every command, and every case's format, on every record chosen; every case on the records that crashed
    assert {(c, f) for c, f in EVERY_RECORD} <= set(CASES)
    assert {c.partition("-")[0] for c, _ in EVERY_RECORD} == {c.partition("-")[0] for c, _ in CASES}
    for country in PROFILES:
        ran = {(c, f) for p, c, f in RUNS if p == country}
        assert ran == set(CASES) if FULL or country in SMALL else ran == EVERY_RECORD, country
