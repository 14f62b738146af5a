"""Valid profiles no rule was tuned to, through every command that takes a country.

tests/data/unusual/ holds four (see its README): a landlocked country with no
alliance and no events, a state the registry knows with an empty record (it
inherits world records), a record of 1900-1920 whose adversaries no longer
exist, and a country with many overlapping agreements, ceasefires, guarantees
and borders that change on a date.  Each must validate clean and run through
assess, explain, rules facts, timeline (and its chart), report in every format,
compare, sweep, sensitivity, rules test and the backtest without an error, at
the first and last day of its record, the days around it and its middle.
tools/command_matrix.py --profiles tests/data/unusual runs the larger matrix.
"""

from __future__ import annotations

import datetime as dt
import json

import pytest
import yaml
from conftest import REPO

UNUSUAL = REPO / "tests" / "data" / "unusual"
FILES = sorted(UNUSUAL.glob("*.yaml"))
IDS = [p.stem for p in FILES]


def _covers(country: str) -> tuple[dt.date, dt.date]:
    doc = yaml.safe_load((UNUSUAL / f"{country}.yaml").read_text(encoding="utf-8"))
    return doc["covers"]["from"], doc["covers"]["to"]


def _dates(country: str) -> list[dt.date]:
    first, last = _covers(country)
    one = dt.timedelta(days=1)
    return [first, last, first - one, last + one, first + (last - first) / 2]


def test_the_unusual_profiles_validate_clean(run):
    assert len(FILES) >= 3
    out, err = run("profiles", "validate", *FILES)
    assert f"{len(FILES)} files checked: 0 errors, 0 warnings" in out + err


@pytest.mark.parametrize("country", IDS)
def test_assess_explain_facts_on_every_date(run, country, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    for day in _dates(country):
        for fmt in ("text", "json", "csv"):
            out, _ = run("assess", country, "--profiles", UNUSUAL, "--date", day, "--format", fmt)
            if fmt == "json":
                assert json.loads(out)[0]["country"] == country
        for fmt in ("text", "json"):
            out, _ = run("explain", country, "--profiles", UNUSUAL, "--date", day, "--format", fmt)
            assert out.strip()
        json.loads(run("rules", "facts", country, "--profiles", UNUSUAL, "--date", day, "--format", "json")[0])


@pytest.mark.parametrize("country", IDS)
def test_reports_in_every_format_on_every_date(run, country, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    for day in _dates(country):
        out, _ = run("report", country, "--profiles", UNUSUAL, "--date", day, "--step", "month", "-o", "-",
                     "--format", "json")
        assert json.loads(out)["date"] == day.isoformat()
    for name in ("r.html", "r.md"):
        run("report", country, "--profiles", UNUSUAL, "--step", "month", "-o", tmp_path / name)
    page = (tmp_path / "r.html").read_text(encoding="utf-8")
    assert page.lstrip().lower().startswith("<!doctype html") and page.rstrip().endswith("</html>")
    assert (tmp_path / "r.chart.png").read_bytes().startswith(b"\x89PNG")


@pytest.mark.parametrize("country", IDS)
def test_timeline_compare_sweep_sensitivity(run, country, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    first, last = _covers(country)
    doc = yaml.safe_load((UNUSUAL / f"{country}.yaml").read_text(encoding="utf-8"))
    mid = first + (last - first) / 2
    scenario = tmp_path / "s.yaml"
    scenario.write_text(yaml.safe_dump({"name": "a threat", "changes": [{"profile": country, "add": {
        "date": mid.isoformat(), "kind": "threat", "actor": doc["adversary"], "type": "military_threat",
        "severity": 4, "weighs_days": 120, "summary": "Generated.",
        "source": {"publisher": "Test", "title": "Generated", "date": mid.isoformat()}}}]}), encoding="utf-8")
    year = ["--from", max(first, last - dt.timedelta(days=365)), "--to", last]
    p = ["--profiles", UNUSUAL]
    for fmt in ("text", "json", "csv"):
        run("timeline", country, *p, "--step", "month", "--format", fmt)
        run("compare", country, *p, "--scenario", scenario, "--step", "month", "--all-dates", "--format", fmt)
    for suffix in ("png", "svg"):
        run("timeline", country, *p, "--step", "month", "--plot", tmp_path / f"t.{suffix}")
        assert (tmp_path / f"t.{suffix}").stat().st_size > 2000
    run("timeline", country, *p, *year, "--step", "month", "--samples", 3, "--jobs", 1, "--format", "json")
    out, _ = run("sweep", country, *p, *year, "--samples", 2, "--jobs", 1, "--step", "month")
    assert out.splitlines()[0].startswith("country,")
    out, _ = run("sensitivity", country, *p, *year, "--step", "month", "--method", "morris", "--size", 2, "--jobs", 1,
                 "--format", "json")
    json.loads(out)


def test_backtest_with_the_unusual_profiles(run, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    out, _ = run("backtest", "--profiles", UNUSUAL, "--include-unlisted", "--resamples", 0, "--format", "json")
    json.loads(out)
