"""Random valid profiles unlike the bundled records, through the commands.

tests/fuzz_profiles.py draws profiles in format 2 / 2.1 with every event kind and
type and every optional field: several hostile states with roles and from/until
days, dated borders, historical states (the Soviet Union, the German Reich, the
Ottoman Empire, Yugoslavia, ...), islands and far-away states, organisations,
registry extensions of fictional states and alliances, records of one day, events
on the record's first and last day, before it and several on one day, pending
treaties, peace and renewed war, guarantors that turn hostile.  Only draws that
``profiles validate`` accepts are kept.  On each, for the days around and inside
the record:

* assess, explain and timeline run without an error; every score is a finite
  number in 0..100; the timeline's score on a day is assess's on that day;
* the CLI writes the same bytes twice (assess and explain JSON, a JSON report);
* adding a defence agreement, a guarantee or an interim presence by a state not
  hostile on the day never raises the score, and a threat by the adversary never
  lowers it (the properties of tests/test_properties.py, there checked only on the
  bundled profiles).

The budget is modest (CI); a deeper search runs the same strategy by hand with more
examples (``FUZZ_VALID_EXAMPLES``).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import math
import os

import pytest
import yaml
from click.testing import CliRunner
from fuzz_profiles import cases
from hypothesis import HealthCheck, assume, given, settings

from assessor import authoring, loader
from assessor import registry as registry_mod
from assessor.assess import Assessor
from assessor.cli import cli
from assessor.derive import Deriver
from assessor.model import Event, Loc, Source

EXAMPLES = int(os.environ.get("FUZZ_VALID_EXAMPLES", "20"))
BUDGET = settings(max_examples=EXAMPLES, deadline=None, derandomize=True, database=None,
                  suppress_health_check=list(HealthCheck))
SRC = Source("test", "invented", dt.date(2020, 1, 1))


@pytest.fixture(scope="module")
def rules():
    return loader.load_ruleset(None)


def _accepted(tmp_path_factory, case):
    """Write the drawn case; return (profile path, registry paths, registry) or None when refused."""
    reg_doc, doc = case
    folder = tmp_path_factory.mktemp("fz")
    path = folder / f"{doc['id']}.yaml"
    path.write_text(yaml.safe_dump(doc, sort_keys=False, allow_unicode=True), encoding="utf-8")
    reg_paths: list[str] = []
    registry = None
    if reg_doc is not None:
        rp = folder.parent / f"{folder.name}-registry.yaml"
        rp.write_text(yaml.safe_dump(reg_doc, sort_keys=False, allow_unicode=True), encoding="utf-8")
        problems: list = []
        registry = registry_mod.load_registry([rp], collect=problems)
        if any(p.severity == "error" for p in problems):
            return None
        reg_paths = ["--registry", str(rp)]
    if authoring.validate_profiles([path], lint=False, registry=registry).errors:
        return None
    return path, reg_paths, registry


def _days(profile) -> list[dt.date]:
    first, last = profile.covers_from, profile.covers_to
    one = dt.timedelta(days=1)
    events = [e.date for e in profile.events]
    return sorted({first, last, first - one, last + one, first + (last - first) / 2, *events[:2], *events[-1:]})


def _cli(*args):
    result = CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=True)
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    assert result.exit_code == 0, (args, result.stderr)
    assert "Traceback" not in result.stdout + result.stderr
    return result.stdout


def _loaded(tmp_path_factory, rules, case):
    """The generated profile loaded beside the rules (the validator accepting it): its file, the
    --registry arguments, an assessor and the profile."""
    found = _accepted(tmp_path_factory, case)
    # a refused draw is not a pass: if the generator or the validator regressed so that every draw were
    # refused, Hypothesis fails the test ("unable to satisfy assumptions") instead of passing it empty
    assume(found is not None)
    path, reg_paths, registry = found
    profiles = loader.load_profiles([path], registry=registry)
    return path, reg_paths, Assessor(rules, profiles), profiles.profiles[case[1]["id"]]


@BUDGET
@given(case=cases(max_events=15))
def test_random_valid_profiles_score_everywhere(tmp_path_factory, rules, case):
    path, reg_paths, assessor, profile = _loaded(tmp_path_factory, rules, case)
    days = _days(profile)
    line = {p.date: p for p in assessor.timeline(profile, days)}
    for day in days:
        a = assessor.assess(profile, day)
        assert isinstance(a.score, float) and math.isfinite(a.score) and 0 <= a.score <= 100, (day, a.score)
        assert line[day].score == a.score and line[day].level == a.level, (day, line[day], a.score)
    day = days[len(days) // 2]
    for args in (("assess", profile.id, "--date", day, "--format", "json"),
                 ("explain", profile.id, "--date", day, "--format", "json")):
        first = _cli(*args, "--profiles", path, *reg_paths)
        assert _cli(*args, "--profiles", path, *reg_paths) == first
        json.loads(first)


def _add(profile, event):
    return dataclasses.replace(profile, events=tuple(sorted(profile.events + (event,), key=lambda e: e.date)))


PROTECTION = {
    "defence cooperation agreement": lambda d, who: Event(d, "agreement", "extra", SRC, Loc("t"), {
        "party": who, "party:names": (who,), "type": "defence_cooperation_agreement"}),
    "mutual defence treaty": lambda d, who: Event(d, "agreement", "extra", SRC, Loc("t"), {
        "party": who, "party:names": (who,), "type": "mutual_defence_treaty"}),
    "military presence": lambda d, who: Event(d, "interim", "extra", SRC, Loc("t"), {
        "provider": who, "provider:names": (who,), "arrangement": "military_presence"}),
    "guarantee": lambda d, who: Event(d, "signal", "extra", SRC, Loc("t"), {
        "by": who, "by:names": (who,), "type": "guarantee"}),
}


@BUDGET
@given(case=cases(max_events=15))
def test_more_protection_never_raises_more_threat_never_lowers(tmp_path_factory, rules, case):
    _, _, assessor, profile = _loaded(tmp_path_factory, rules, case)

    def score(p, day):
        return assessor.assess_facts(p, Deriver(p).derive(day)).score

    for day in _days(profile)[:4]:
        base = score(profile, day)
        for who in ("United States", "France"):
            if who in profile.hostile(day):
                continue
            for kind, make in PROTECTION.items():
                assert score(_add(profile, make(day, who)), day) <= base, (kind, who, day)
        threat = Event(day, "threat", "extra", SRC, Loc("t"), {"actor": profile.adversary, "type": "military_threat",
                                                               "severity": 3, "weighs_days": 180})
        assert score(_add(profile, threat), day) >= base, day


def test_a_record_named_like_a_bundled_country_runs_beside_it(tmp_path):
    """Found by the generator: a record of another decade named like a bundled country ('Poland',
    aliases PL and POL) validated alone but every command refused it beside the bundled profiles
    (exit 2, located at the id for every name). Now both load, told apart by their ids: the record
    runs by its id, the bundled country by its own, a name or alias only they share asks for the id,
    and the warning is located at the name or alias that collides."""
    (tmp_path / "poland-1939.yaml").write_text(
        "id: poland-1939\nname: Poland\naliases: [PL, POL]\nalliance: none\nadversary: German Reich\n"
        "covers: {from: 1939-01-01, to: 1939-10-06}\nevents: []\n", encoding="utf-8")
    run = CliRunner().invoke
    result = run(cli, ["assess", "poland-1939", "--profiles", str(tmp_path), "--date", "1939-08-01", "--format", "json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)[0]["country"] == "poland-1939"
    result = run(cli, ["assess", "poland", "--profiles", str(tmp_path), "--date", "2024-01-01", "--format", "json"])
    assert result.exit_code == 0 and json.loads(result.stdout)[0]["country"] == "poland"
    result = run(cli, ["assess", "PL", "--profiles", str(tmp_path), "--date", "2024-01-01"])
    assert result.exit_code == 2 and "'PL' names 2 profiles" in result.stderr and "give the id" in result.stderr
    assert "Traceback" not in result.output + result.stderr
    result = run(cli, ["profiles", "validate", str(tmp_path / "poland-1939.yaml")])
    lines = [ln.strip() for ln in result.stdout.splitlines() if "duplicate-id" in ln]
    assert [ln.split(": warning")[0].rsplit("/", 1)[-1] for ln in lines] == [
        "poland-1939.yaml:2:7", "poland-1939.yaml:3:11", "poland-1939.yaml:3:15"], lines


def test_validate_warns_of_a_name_the_bundled_profiles_hold(tmp_path):
    """The same file checked alone was '0 errors, 0 warnings': validate now says that beside the bundled
    profiles a name or alias they share picks neither (a warning: the file is valid)."""
    path = tmp_path / "poland-1939.yaml"
    path.write_text("id: poland-1939\nname: Poland\naliases: [PL, POL]\nalliance: none\nadversary: German Reich\n"
                    "covers: {from: 1939-01-01, to: 1939-10-06}\nevents: []\n", encoding="utf-8")
    report = authoring.validate_profiles([path])
    assert not report.errors
    assert [(p.line, p.col, p.code) for p in report.warnings] == [(2, 7, "duplicate-id"), (3, 11, "duplicate-id"),
                                                                   (3, 15, "duplicate-id")]
    assert all("told apart by their ids" in p.message for p in report.warnings)
    name, *aliases = report.warnings
    assert "picks the bundled 'poland'" in name.message and "a name of the record's own" in name.message
    assert all("asks for the id" in p.message and "drop the alias" in p.message for p in aliases)
    # a name of its own, or the analyst's own version of the bundled record (same id), is not warned of
    path.write_text(path.read_text(encoding="utf-8").replace("name: Poland\naliases: [PL, POL]", "name: Poland (1939)"),
                    encoding="utf-8")
    assert not authoring.validate_profiles([path]).warnings
    own = tmp_path / "poland.yaml"
    own.write_text(path.read_text(encoding="utf-8").replace("poland-1939", "poland").replace(" (1939)", ""),
                   encoding="utf-8")
    path.unlink()
    assert not [p for p in authoring.validate_profiles([own]).problems if p.code == "duplicate-id"]


_RECORD = "alliance: none\nadversary: German Reich\ncovers: {from: 1939-01-01, to: 1939-10-06}\nevents: []\n"


def test_an_id_never_takes_over_a_bundled_countrys_name(tmp_path):
    """A stranger's review: a record with id 'pl' (bundled Poland's alias) was only warned of, and the
    id then won every lookup of 'PL' — the 1939 record scored for Poland in 2024 without a word. An id
    that is a bundled country's name or alias is an error, located at the id."""
    (tmp_path / "pl39.yaml").write_text("id: pl\nname: Poland (1939)\n" + _RECORD, encoding="utf-8")
    result = CliRunner().invoke(cli, ["assess", "PL", "--profiles", str(tmp_path), "--date", "2024-01-01"])
    assert result.exit_code == 2 and "pl39.yaml:1:5: error: 'pl' also names profile 'poland'" in result.stderr


@pytest.mark.parametrize("first, second", [("a-poland-1939", "b-poland-1920"), ("z-poland-1939", "b-poland-1920")])
def test_two_of_ones_own_records_sharing_a_name_stay_an_error_beside_the_bundled_one(tmp_path, first, second):
    """Two of the user's own records named 'Poland' (aliases PL, POL), beside the bundled Poland: an error
    at the later file, whatever the files' order (the review found it order-dependent)."""
    for stem in (first, second):
        (tmp_path / f"{stem}.yaml").write_text(f"id: {stem[2:]}\nname: Poland\naliases: [PL, POL]\n" + _RECORD,
                                               encoding="utf-8")
    result = CliRunner().invoke(cli, ["assess", "poland-1920", "--profiles", str(tmp_path), "--date", "1939-08-01"])
    later = max(first, second)
    assert result.exit_code == 2, result.output
    assert f"{later}.yaml:2:7: error: 'Poland' also names profile" in result.stderr


def test_an_uncertainty_file_naming_a_shared_alias_says_so(tmp_path):
    """'profile: POL' when two profiles answer to POL: the located message lists both ids (it said
    'unknown profile')."""
    (tmp_path / "p").mkdir()
    (tmp_path / "p" / "poland-1939.yaml").write_text("id: poland-1939\nname: Poland\naliases: [PL, POL]\n" + _RECORD,
                                                      encoding="utf-8")
    unc = tmp_path / "u.yaml"
    unc.write_text("name: doubts\nevents:\n  - profile: POL\n    event: {kind: threat}\n    severity: 1\n",
                   encoding="utf-8")
    result = CliRunner().invoke(cli, ["assess", "poland", "--profiles", str(tmp_path / "p"), "--date", "2024-01-01",
                                      "--samples", "20", "--uncertainty", str(unc)])
    assert result.exit_code == 2, result.output
    assert "u.yaml:3:" in result.stderr and "'POL' names 2 profiles" in result.stderr
    assert "unknown profile" not in result.stderr
