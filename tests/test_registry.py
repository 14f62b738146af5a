"""The registry of states and organisations: the bundled data, how profile names
resolve through it, user files layered over it, its validation, and nuclear
status on the assessment date (through the library and the CLI)."""

from __future__ import annotations

import datetime as dt
import json
import shutil
import textwrap
from pathlib import Path

import pytest
from conftest import D

from assessor import authoring, facts, loader, registry, spec, yamlsrc
from assessor.assess import Assessor, dates_between
from assessor.derive import Deriver
from assessor.errors import InputError

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "authoring"


@pytest.fixture(scope="module")
def reg() -> registry.Registry:
    return registry.load_registry()


@pytest.fixture
def profiles_copy(tmp_path) -> Path:
    """A writable copy of the bundled profiles (the bundled files are never edited here)."""
    dst = tmp_path / "profiles"
    shutil.copytree(loader.default_dir("profiles"), dst)
    return dst


def patch(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new), encoding="utf-8")


def write_registry(tmp_path: Path, text: str, name: str = "mine.yaml") -> Path:
    p = tmp_path / name
    p.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    return p


# --------------------------------------------------------------------------- the bundled data

def test_bundled_registry_loads_without_a_problem():
    problems: list = []
    reg = registry.load_registry(collect=problems)
    assert problems == []
    assert {"NATO", "European Union", "CSTO", "Union State", "G7"} <= {
        e.name for e in reg.entries.values() if e.kind == "organisation"}


@pytest.mark.parametrize("alias, canonical", [
    ("USA", "United States"), ("US", "United States"), ("U.S.", "United States"),
    ("United States of America", "United States"), ("America", "United States"), ("usa", "United States"),
    ("UK", "United Kingdom"), ("Britain", "United Kingdom"), ("Great Britain", "United Kingdom"),
    ("Russian Federation", "Russia"), ("Türkiye", "Turkey"), ("Turkiye", "Turkey"), ("PRC", "China"),
    ("DPRK", "North Korea"), ("ROK", "South Korea"), ("Republic of Korea", "South Korea"), ("ROC", "Taiwan"),
    ("EU", "European Union"), ("North Atlantic Treaty Organization", "NATO"),
    ("FIN", "Finland"), ("fi", "Finland"), ("GBR", "United Kingdom"), ("TW", "Taiwan"),
])
def test_aliases_and_iso_codes_resolve(reg, alias, canonical):
    assert reg.canonical(alias) == canonical


def test_iso_codes_come_from_pycountry(reg):
    pycountry = pytest.importorskip("pycountry")
    states = [e for e in reg.entries.values() if e.kind == "state"]
    assert len(states) > 50
    for e in states:
        if not e.iso:  # a state without ISO codes (the Ottoman Empire, the German Reich)
            assert e.alpha2 is None and e.alpha3 is None, e.name
            continue
        if e.exists is not None and e.exists.until is not None:  # a former country: ISO 3166-3
            # a code ISO gave again to a current country (BY, GE, SK) or to two former ones (CS) is left out
            if e.alpha3 is None:
                assert e.exists.iso_withdrawn, e.name
                assert e.alpha2 is None or pycountry.countries.get(alpha_2=e.alpha2) is None, e.name
                continue
            c = pycountry.historic_countries.get(alpha_3=e.alpha3)
            assert c is not None and e.alpha2 in (None, c.alpha_2), e.name
            assert e.alpha2 is None or pycountry.countries.get(alpha_2=e.alpha2) is None, e.name
            continue
        c = pycountry.countries.get(alpha_2=e.alpha2)
        assert c is not None and c.alpha_3 == e.alpha3, e.name
    assert (reg.get("Taiwan").alpha2, reg.get("Russia").alpha3, reg.get("Turkey").alpha3) == ("TW", "RUS", "TUR")
    assert all(e.alpha2 is None for e in reg.entries.values() if e.kind == "organisation")


def test_nuclear_weapon_states_date_from_their_first_test(reg):
    first_tests = {"United States": "1945-07-16", "Russia": "1949-08-29", "United Kingdom": "1952-10-03",
                   "France": "1960-02-13", "China": "1964-10-16", "India": "1974-05-18", "Pakistan": "1998-05-28",
                   "North Korea": "2006-10-09", "Soviet Union": "1949-08-29"}
    found = {e.name: e.nuclear.since.isoformat() for e in reg.entries.values()
             if e.nuclear and e.nuclear.status == registry.NUCLEAR_WEAPON_STATE}
    assert found == first_tests
    for name, day in first_tests.items():
        assert reg.is_nuclear(name, D(day)) and not reg.is_nuclear(name, D(day) - dt.timedelta(days=1))
        assert reg.get(name).nuclear.source is not None and reg.get(name).nuclear.source.url
    israel = reg.get("Israel").nuclear
    assert israel.status == "undeclared" and israel.note and israel.source
    assert not reg.is_nuclear("Israel", D("2024-01-01"))


def test_memberships_with_their_dates(reg):
    assert len(reg.members("NATO", D("2024-03-07"))) == 32
    assert "Sweden" not in reg.members("NATO", D("2024-03-06")) and "Finland" in reg.members("NATO", D("2023-04-04"))
    assert len(reg.members("European Union", D("2020-01-31"))) == 28
    assert len(reg.members("EU", D("2020-02-01"))) == 27
    assert reg.members("CSTO", D("2022-01-01")) == ["Armenia", "Belarus", "Kazakhstan", "Kyrgyzstan", "Russia", "Tajikistan"]
    assert reg.members("Union State", D("2022-01-01")) == ["Belarus", "Russia"]
    for e in reg.entries.values():
        for m in e.memberships:
            assert m.source is not None or m.note, (e.name, m.organisation)


def test_allies_follow_alliances_on_the_day(reg):
    assert reg.allied("Belarus", "Russia", D("2022-02-24"))
    assert reg.allied("Armenia", "Russia", D("2023-01-01"))
    assert not reg.allied("Armenia", "Russia", D("2024-03-01"))  # participation frozen on 2024-02-22
    assert "Armenia" in reg.members("CSTO", D("2024-03-01"))  # ... but still formally a member
    assert not reg.allied("China", "Russia", D("2022-02-24"))
    assert reg.allied("CSTO", "Russia", D("2022-02-24"))  # an alliance the adversary leads
    assert not reg.allied("Finland", "Sweden", D("2023-04-03")) and reg.allied("Finland", "Sweden", D("2024-03-07"))
    assert not reg.allied("Finland", "Sweden", D("2022-01-01"))  # the EU is not counted as an alliance


def test_the_hard_coded_list_is_gone():
    assert not hasattr(facts, "NUCLEAR_WEAPON_STATES")


# --------------------------------------------------------------------------- names in profiles

def test_bundled_profiles_store_canonical_names():
    ps = loader.load_profiles()
    for p in ps.profiles.values():
        assert registry.default().get(p.adversary).name == p.adversary
        for e in p.events:
            if e.kind in ("agreement", "interim", "signal"):
                field = {"agreement": "party", "interim": "provider", "signal": "by"}[e.kind]
                assert all(registry.default().get(n).name == n for n in e.names(field))
    nordic = next(e for e in ps.profiles["finland"].events if e.kind == "interim" and "Iceland" in e.get("provider"))
    assert nordic.names("provider") == ("Denmark", "Norway", "Iceland")
    assert nordic.get("provider") == "Denmark, Norway and Iceland"  # reasons read as before


def _scores(profile_dir: Path, country: str, dates) -> list[tuple]:
    a = Assessor(loader.load_ruleset(), loader.load_profiles([profile_dir]))
    return [(x.score, x.level, [(c.rule, c.points, c.reason) for c in x.contributions])
            for x in (a.assess(country, d) for d in dates)]


def test_an_alias_behaves_exactly_like_the_canonical_name(profiles_copy, run):
    dates = [D("2016-10-08"), D("2022-06-01"), D("2023-12-31")]
    before = _scores(profiles_copy, "finland", dates)
    f = profiles_copy / "finland.yaml"
    patch(f, "party: United States", "party: USA")
    patch(f, "provider: United Kingdom", "provider: UK")
    patch(f, "adversary: Russia", "adversary: Russian Federation")
    patch(f, "actor: Russia", "actor: RUSSIA")
    assert _scores(profiles_copy, "finland", dates) == before
    out, _ = run("assess", "finland", "--date", "2022-06-01", "--profiles", profiles_copy, "--format", "json")
    bundled, _ = run("assess", "finland", "--date", "2022-06-01", "--format", "json")
    mine, theirs = json.loads(out)[0], json.loads(bundled)[0]
    assert (mine["score"], mine["contributions"][0]["reason"]) == (theirs["score"], theirs["contributions"][0]["reason"])
    assert "United States" in json.dumps(mine["contributions"]) and "USA" not in json.dumps(mine["contributions"])


def test_a_list_of_providers_reads_and_scores_like_the_legacy_text(profiles_copy):
    """The Nordic pledge is a world record now (world/nordic.yaml); a profile's own list of providers
    reads the same way, whatever its order."""
    dates = [D("2022-05-16"), D("2022-06-01"), D("2023-01-01")]
    f = profiles_copy / "finland.yaml"
    problems: list = []
    p = loader.load_profiles([f], collect=problems).profiles["finland"]
    assert problems == []
    pledge = next(e for e in p.events if e.kind == "interim" and e.date == D("2022-05-16"))
    assert pledge.get("provider") == "Denmark, Norway and Iceland" and pledge.names("provider") == ("Denmark", "Norway", "Iceland")
    assert pledge.get("world").file == "world/nordic.yaml"
    f.write_text(f.read_text(encoding="utf-8") + """  - date: 2022-05-17
    kind: interim
    provider: [Denmark, Norway, Iceland]
    arrangement: security_assurance
    summary: A test copy of the pledge.
    source: {publisher: Test, title: Pledge, date: 2022-05-17}
""", encoding="utf-8")
    points = lambda: [(s, lv, [(r, pts) for r, pts, _ in c]) for s, lv, c in _scores(profiles_copy, "finland", dates)]  # noqa: E731
    before = points()
    patch(f, "provider: [Denmark, Norway, Iceland]", "provider: [Norway, Iceland, Denmark]")
    assert points() == before  # the order of a list changes the wording only


def test_unknown_names_are_located_errors_with_did_you_mean(profiles_copy, run):
    f = profiles_copy / "sweden.yaml"
    patch(f, "provider: United States", "provider: Atlantis")
    patch(f, "provider: United Kingdom", "provider: Untied Kingdom")
    lines = f.read_text().splitlines()
    at = {name: next(i for i, t in enumerate(lines, 1) if name in t) for name in ("Atlantis", "Untied Kingdom")}
    out, _ = run("profiles", "validate", f, code=1)
    assert f"{f}:{at['Atlantis']}:15: error: unknown state or organisation 'Atlantis' (see" in out
    assert f"{f}:{at['Untied Kingdom']}:15: error: unknown state or organisation 'Untied Kingdom'; " \
           "did you mean 'United Kingdom'?" in out
    _, err = run("assess", "sweden", "--profiles", f, code=2)
    assert "'Atlantis'" in err and "Traceback" not in err
    with pytest.raises(InputError) as exc:
        loader.load_profiles([f])
    assert {p.code for p in exc.value.errors} == {"unknown-name"}


def test_a_composite_text_asks_for_a_list(write, monkeypatch):
    from conftest import MINI_PROFILE

    text = MINI_PROFILE + textwrap.dedent("""
      - date: 2022-02-01
        kind: interim
        provider: "Denmark, Norway and Iceland"
        arrangement: security_assurance
        summary: Three providers in one text.
        source: {publisher: Test, title: Pledge, date: 2022-02-01}
      - date: 2022-02-02
        kind: interim
        provider: "Denmark and Atlantis"
        arrangement: security_assurance
        summary: One of the parts is unknown.
        source: {publisher: Test, title: Pledge, date: 2022-02-02}
    """).replace("\n", "\n  ").rstrip() + "\n"
    f = write("composite.yaml", text)
    problems: list = []
    loader.load_profiles([f], collect=problems)
    by_code = {p.code: p for p in problems}
    assert set(by_code) == {"composite-name", "unknown-name"}
    assert by_code["composite-name"].severity == "error"  # format v1's text: a located error with the fix
    assert "write a list: [Denmark, Norway, Iceland]" in by_code["composite-name"].message
    assert "'Denmark and Atlantis'" in by_code["unknown-name"].message


def test_ratification_and_signal_names_resolve(write):
    from conftest import MINI_PROFILE

    text = MINI_PROFILE + textwrap.dedent("""
      - date: 2022-03-01
        kind: signal
        by: [USA, UK]
        type: reaffirmation
        summary: Two guarantors reaffirm.
        source: {publisher: Test, title: Signal, date: 2022-03-01}
    """).replace("\n", "\n  ").rstrip() + "\n"
    p = loader.load_profiles([write("signal.yaml", text)]).profiles["testland"]
    signal = next(e for e in p.events if e.kind == "signal")
    assert signal.names("by") == ("United States", "United Kingdom")
    assert signal.get("by") == "United States and United Kingdom"


@pytest.mark.parametrize("path", [FIXTURES / "invalid/profiles/unknown-name.yaml"])
def test_unknown_name_fixture_is_reported(run, path):
    out, _ = run("profiles", "validate", path, code=1)
    assert "did you mean 'Russia'?" in out and "did you mean 'United States'?" in out
    assert "'Atlantis' (see" in out  # nothing close enough to suggest


def test_actor_lint(run):
    path = FIXTURES / "lint/profiles/actors.yaml"
    out, _ = run("profiles", "validate", path)
    codes = [line.rsplit("[", 1)[1] for line in out.splitlines()]
    assert codes == ["actor-not-adversary]"]
    assert ":28:12: warning: threat by 'China' on 2022-04-01" in out  # Belarus (an ally) and RUSSIA pass
    out, _ = run("profiles", "validate", path, "--no-lint")
    assert "actor-not-adversary" not in out
    assert "actor-not-adversary" in authoring.CODES


# --------------------------------------------------------------------------- nuclear status on the date

INDIA_PROFILE = """
id: testland
name: Testland
alliance: NATO
adversary: China
covers: {from: 1970-01-01, to: 1980-12-31}
events:
  - date: 1971-08-09
    kind: agreement
    party: India
    type: mutual_defence_treaty
    summary: A treaty with India (synthetic).
    source: {publisher: Test, title: Treaty, date: 1971-08-09}
"""


# Testland applies and India, its treaty partner, assures it while it waits: rules 3.0.0 read a
# guarantor's nuclear status only there (interim-nuclear-providers); a defence treaty protects by its
# obligation, credibility and reach, whoever signs it.
INDIA_INTERIM_PROFILE = INDIA_PROFILE + """  - date: 1973-01-01
    kind: membership
    status: applicant
    summary: Testland applies (synthetic).
    source: {publisher: Test, title: Applies, date: 1973-01-01}
  - date: 1973-06-01
    kind: interim
    provider: India
    arrangement: statement_of_support
    summary: India assures Testland of its support while it waits (synthetic).
    source: {publisher: Test, title: Assurance, date: 1973-06-01}
"""


def test_nuclear_status_counts_only_from_the_day_it_began(write, run):
    f = write("testland.yaml", INDIA_PROFILE)
    a = Assessor(loader.load_ruleset(), loader.load_profiles([f]))
    before, on = a.assess("testland", D("1974-05-17")), a.assess("testland", D("1974-05-18"))
    assert before.facts.values["nuclear_agreement_rank"] == 0 and before.facts.values["nuclear_agreement_parties"] == "none"
    assert on.facts.values["nuclear_agreement_rank"] == 5 and on.facts.values["nuclear_agreement_parties"] == "India"
    # the treaty protects alike before and after India's test: one guarantor, its obligation, no nuclear bonus
    assert before.fired == on.fired == ("defence-guarantee",) and on.score == before.score

    f = write("interim.yaml", INDIA_INTERIM_PROFILE)
    a = Assessor(loader.load_ruleset(), loader.load_profiles([f]))
    before, on = a.assess("testland", D("1974-05-17")), a.assess("testland", D("1974-05-18"))
    assert (before.facts.values["interim_nuclear"], on.facts.values["interim_nuclear"]) == (0, 1)
    assert "interim-nuclear-providers" in on.fired and "interim-nuclear-providers" not in before.fired
    assert set(on.fired) - set(before.fired) == {"interim-nuclear-providers"} and set(before.fired) <= set(on.fired)
    # -2 structural points: raw 28 + 0.5 x (-30 + 25 - 1.5) = 24.75 -> 23.75, score
    # 100 / (1 + e^(25.25/18)) = 19.7 -> 100 / (1 + e^(26.25/18)) = 18.9
    assert on.structural == pytest.approx(before.structural - 2)
    assert (before.score, on.score) == (19.7, 18.9)
    # a daily timeline (cached per stretch of days) changes on that very day
    points = list(a.timeline("testland", dates_between(D("1974-05-10"), D("1974-05-25"), "day")))
    changed = [p.date for prev, p in zip(points, points[1:]) if p.score != prev.score]
    assert changed == [D("1974-05-18")]
    # through the CLI
    out, _ = run("timeline", "testland", "--profiles", f, "--from", "1974-05-17", "--to", "1974-05-18",
                 "--step", "day", "--format", "json")
    data = json.loads(out)
    assert [d["score"] for d in data] == [19.7, 18.9]
    assert data[1]["indices"]["structural"] == pytest.approx(data[0]["indices"]["structural"] - 2)
    out, _ = run("explain", "testland", "--profiles", f, "--date", "1974-05-18")
    assert "1 nuclear-weapon state among India" in out  # a real plural in every output


def test_a_user_registry_file_sets_the_date(write, tmp_path):
    f = write("testland.yaml", INDIA_PROFILE)
    mine = write_registry(tmp_path, """
        entries:
          - name: India
            nuclear:
              status: nuclear-weapon-state
              since: 1977-01-01
              note: "Fictional date, for the test."
    """)
    reg = registry.load_registry([mine])
    assert reg.get("India").aliases == registry.default().get("India").aliases  # extended, not replaced
    a = Assessor(loader.load_ruleset(), loader.load_profiles([f], registry=reg))
    assert a.assess("testland", D("1975-01-01")).facts.values["nuclear_agreement_rank"] == 0
    assert a.assess("testland", D("1977-01-01")).facts.values["nuclear_agreement_rank"] == 5
    # the bundled registry is untouched
    b = Assessor(loader.load_ruleset(), loader.load_profiles([f]))
    assert b.assess("testland", D("1975-01-01")).facts.values["nuclear_agreement_rank"] == 5


def test_a_user_registry_adds_states_organisations_and_memberships(tmp_path, write):
    mine = write_registry(tmp_path, """
        sources:
          atlas: {publisher: Atlas Press, title: Atlantis and its neighbours, date: 2020-01-01}
        entries:
          - name: Atlantic League
            kind: organisation
            alliance: true
          - name: Atlantis
            iso: false
            aliases: [ATL]
            memberships:
              - {organisation: Atlantic League, from: 2021-01-01, source: atlas}
          - name: Russia
            memberships:
              - {organisation: Atlantic League, from: 2021-01-01, source: atlas}
    """)
    reg = registry.load_registry([mine])
    assert reg.canonical("atl") == "Atlantis" and reg.get("Atlantis").alpha2 is None
    assert reg.allied("Atlantis", "Russia", D("2022-01-01")) and not reg.allied("Atlantis", "Russia", D("2020-12-31"))
    assert {m.organisation for m in reg.get("Russia").memberships} >= {"CSTO", "Union State", "Atlantic League"}
    text = (FIXTURES / "lint/profiles/actors.yaml").read_text().replace("actor: China", "actor: Atlantis")
    p = loader.load_profiles([write("p.yaml", text)], registry=reg).profiles["actorland"]
    assert [x.code for x in authoring.lint_profile(p)] == []  # Atlantis is Russia's ally there


# --------------------------------------------------------------------------- the registry file validates

def registry_problems(tmp_path, text: str) -> list[tuple[int, str]]:
    path = write_registry(tmp_path, text)
    problems: list = []
    registry.load_registry([path], collect=problems)
    assert all(p.file == str(path) or p.file.endswith("states.yaml") for p in problems)
    return sorted((p.line, p.code) for p in problems if p.file == str(path))


def test_registry_errors_are_located(tmp_path):
    # YAML first (an impossible date), then structure (an unknown field) ...
    assert registry_problems(tmp_path, """
        entries:
          - name: Freedonia
            memberships:
              - {organisation: NATO, from: 2022-02-30, note: none}
    """) == [(4, "bad-date")]
    assert registry_problems(tmp_path, """
        entries:
          - name: Freedonia
            alias: [FD]
            memberships:
              - {organisation: NATO, from: 2022-02-01, until: "1 May 2022"}
    """) == [(3, "unknown-field"), (5, "bad-date")]
    # then meaning
    assert registry_problems(tmp_path, """
        entries:
          - name: Canada
            aliases: [USA]
          - name: Ruritania
            iso: false
            nuclear: {status: nuclear-weapon-state, note: unsourced}
            memberships:
              - {organisation: Nato League, from: 2022-01-01, source: nowhere}
              - {organisation: NATO, from: 2022-01-01, until: 2021-01-01, note: x}
              - {organisation: NATO, from: 2022-01-01}
          - name: canada
          - name: Freedonia
          - name: Britain
    """) == [(3, "duplicate-name"), (6, "missing-field"), (8, "bad-value"), (8, "unknown-name"),
             (9, "end-before-start"), (10, "missing-source"), (11, "duplicate-name"), (12, "bad-value"),
             (13, "duplicate-name")]


def test_registry_error_messages(tmp_path):
    path = write_registry(tmp_path, """
        entries:
          - name: Canada
            aliases: [USA]
          - name: Britain
          - name: Freedonia
            alias: [FD]
    """)
    with pytest.raises(InputError) as exc:
        registry.load_registry([path])
    text = str(exc.value)
    assert f"{path}:6:5: error: unknown field 'alias' in registry entry; did you mean 'aliases'?" in text
    path.write_text(path.read_text().replace("    alias: [FD]\n", ""))
    with pytest.raises(InputError) as exc:
        registry.load_registry([path])
    text = str(exc.value)
    assert f"{path}:3:15: error: 'USA' names both 'United States' (at " in text
    assert "'Britain' already names 'United Kingdom'; to extend that entry write name: United Kingdom" in text
    assert "pycountry (ISO 3166) knows no country named 'Freedonia'" in text


def test_a_missing_registry_file_is_an_input_error(tmp_path):
    with pytest.raises(InputError) as exc:
        registry.load_registry([tmp_path / "nope.yaml"])
    assert exc.value.problems[0].code == "missing-file"


def test_registry_schema_is_shipped_and_checks_the_bundled_file(run):
    shipped = Path(spec.__file__).parent / "schemas" / "registry.schema.json"
    assert shipped.read_text(encoding="utf-8") == spec.schema_text("registry"), "regenerate: assessor schema registry"
    out, _ = run("schema", "registry")
    assert out == shipped.read_text(encoding="utf-8")
    jsonschema = pytest.importorskip("jsonschema")
    validator = jsonschema.Draft7Validator(spec.json_schema("registry"),
                                           format_checker=jsonschema.Draft7Validator.FORMAT_CHECKER)
    jsonschema.Draft7Validator.check_schema(spec.json_schema("registry"))
    data = yamlsrc.read(registry.bundled_path()).data
    assert not list(validator.iter_errors(data))
    data["entries"][0]["alias"] = ["X"]
    data["entries"][1]["memberships"] = [{"organisation": "NATO", "from": "2022-02-30"}]
    assert len(list(validator.iter_errors(data))) >= 2
    first = registry.bundled_path().read_text(encoding="utf-8").splitlines()[0]
    assert first == "# yaml-language-server: $schema=../schemas/registry.schema.json"


def test_derive_looks_nuclear_status_up_once_per_party(monkeypatch):
    calls: list[str] = []
    reg = registry.load_registry()
    original = reg.nuclear_since
    monkeypatch.setattr(reg, "nuclear_since", lambda name: calls.append(name) or original(name))
    p = loader.load_profiles(registry=reg).profiles["finland"]
    d = Deriver(p)
    for day in dates_between(D("2021-01-01"), D("2024-12-31"), "day"):
        d.derive(day, evidence=False)
    parties = {n for e in p.events if e.kind in ("agreement", "interim")
               for n in e.names("party" if e.kind == "agreement" else "provider")}
    assert sorted(calls) == sorted(parties)  # once each, at indexing; never per day


def test_the_shipped_parsed_copy_is_current():
    assert registry.parsed_path().read_text(encoding="utf-8") == \
        registry.parsed_text(yamlsrc.read(registry.bundled_path())), "regenerate: python -m assessor.registry"


def test_a_stale_or_missing_parsed_copy_falls_back_to_the_yaml(tmp_path, monkeypatch):
    fresh = registry.load_registry()
    stale = tmp_path / "states.parsed.json"
    stale.write_text(json.dumps({"yaml_sha256": "0" * 64, "data": {"entries": []}, "locs": [], "key_locs": []}))
    monkeypatch.setattr(registry, "parsed_path", lambda: stale)
    assert registry.load_registry().entries == fresh.entries
    monkeypatch.setattr(registry, "parsed_path", lambda: tmp_path / "missing.json")
    assert registry.load_registry().entries == fresh.entries


def test_only_the_nuclear_parties_of_a_list_count(write):
    from conftest import MINI_PROFILE

    text = MINI_PROFILE + textwrap.dedent("""
      - date: 2022-02-01
        kind: agreement
        party: [Germany, France]
        type: political_declaration
        summary: A declaration with two parties.
        source: {publisher: Test, title: Declaration, date: 2022-02-01}
      - date: 2022-02-01
        kind: interim
        provider: [USA, UK, Norway]
        arrangement: security_assurance
        summary: Three providers.
        source: {publisher: Test, title: Assurance, date: 2022-02-01}
    """).replace("\n", "\n  ").rstrip() + "\n"
    p = loader.load_profiles([write("multi.yaml", text)]).profiles["testland"]
    v = Deriver(p).derive(D("2022-03-01")).values
    assert v["agreement_parties"] == "Germany and France"
    assert v["nuclear_agreement_parties"] == "France" and v["nuclear_agreement_rank"] == 2
    assert v["interim_nuclear"] == 2 and v["interim_providers"] == "United States, United Kingdom and Norway"


def test_the_counterfactual_guarantor_is_a_nuclear_weapon_state_of_the_registry():
    reg = registry.default()
    name = facts.COUNTERFACTUAL_GUARANTOR
    assert reg.canonical(name) == name and reg.is_nuclear(name, dt.date(2000, 1, 1))
    assert facts.COUNTERFACTUAL_GUARANTOR_IN_TEXT.endswith(name)


def test_ranks_follow_the_formats_weakest_first():
    assert facts.AGREEMENT_RANK == {"statement_of_intent": 1, "political_declaration": 2, "defence_cooperation_agreement": 3,
                                    "mutual_assistance_clause": 4, "mutual_defence_treaty": 5}
    assert facts.ARRANGEMENT_RANK == {"statement_of_support": 1, "security_assurance": 2, "military_presence": 3}
