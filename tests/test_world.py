"""World records (assessor/world.py, world/): facts of one actor recorded once and inherited.

What is tested: every member of an alliance reads the same collective guarantee
and credibility unless a country-specific fact says otherwise (and the
explanation names it); no two files carry the same dated event of one actor;
inherited events carry their provenance into explain and reports; overrides
need a reason and name a real world event; projects add world records; the
lints of the dating convention and of events no rule reads.
"""

from __future__ import annotations

import ast
import json
from pathlib import Path

import pytest
from conftest import REPO, D
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assessor import loader, spec, world
from assessor.authoring import lint
from assessor.derive import Deriver
from assessor.registry import default as default_registry

NATO_DAY = D("2026-11-30")


@pytest.fixture(scope="module")
def bundled():
    return loader.load_profiles([loader.default_dir("profiles")]).profiles


@pytest.fixture(scope="module")
def bundled_world():
    return world.load_world()


def nato_members(profiles, day):
    members = set(default_registry().members("NATO", day))
    return [p for p in profiles.values() if p.name in members]


# --------------------------------------------------------------------------- one alliance, one credibility

def _credibility(p, day):
    facts = Deriver(p).derive(day)
    return facts.values["guarantee_credibility"], facts.evidence.get("guarantee_credibility", ())


def test_every_nato_member_reads_the_same_inherited_signals_on_2026_11_30(bundled, bundled_world):
    members = nato_members(bundled, NATO_DAY)
    assert {p.id for p in members} >= {"denmark", "estonia", "finland", "latvia", "lithuania", "norway", "poland", "sweden"}
    alliance_wide = {w.id for w in bundled_world.events if w.selector.members_of == "NATO"}
    named = {}
    for p in members:
        cred, evidence = _credibility(p, NATO_DAY)
        inherited = {e.get("world").id for e in evidence if e.get("world") is not None}
        named[p.id] = (cred, frozenset(inherited & alliance_wide), [e for e in evidence if e.get("world") is None
                                                          or e.get("world").id not in alliance_wide])
    signals = {ids for _, ids, _ in named.values()}
    assert len(signals) == 1 and signals != {frozenset()}, named  # the same NATO-wide signals, named for every member
    # One credibility for all, unless a country-specific fact says otherwise -- and then the explanation names it.
    baseline = {cred for cred, _, own in named.values() if not own}
    assert len(baseline) == 1, named
    for pid, (cred, _, own) in named.items():
        assert (cred == next(iter(baseline))) == (not own), (pid, cred, own)


def test_collective_defence_is_the_same_for_members_without_their_own_doubts(default_assessor):
    a = default_assessor
    points = {}
    for pid in ("estonia", "latvia", "lithuania"):
        res = a.assess(pid, NATO_DAY)
        points[pid] = next(c.points for c in res.contributions if c.rule == "defence-guarantee")
    assert len(set(points.values())) == 1, points


@pytest.mark.parametrize("day", ["2024-06-01", "2025-07-01", "2025-10-01", "2026-05-01"])
def test_inherited_alliance_signals_agree_on_any_date(bundled, bundled_world, day):
    d = D(day)
    for p in nato_members(bundled, d):
        # every NATO-wide event from the day the country was a member (members_of holds on the event's date)
        alliance_wide = {w.id for w in bundled_world.events if w.selector.members_of == "NATO" and w.event.date <= d
                         and p.name in default_registry().members("NATO", w.event.date)}
        got = {e.get("world").id for e in p.events if e.get("world") is not None and e.date <= d}
        assert alliance_wide <= got, (p.id, alliance_wide - got)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(day=st.dates(min_value=D("2021-01-01"), max_value=D("2026-12-06")))
def test_members_without_their_own_doubts_share_one_credibility_on_any_day(bundled, bundled_world, day):
    """On any day, NATO members whose doubts in the last year all come from NATO-wide world records
    read one and the same credibility; any other member's explanation names what differs."""
    alliance_wide = {w.id for w in bundled_world.events if w.selector.members_of == "NATO"}
    creds, others = set(), {}
    for p in nato_members(bundled, day):
        cred, evidence = _credibility(p, day)
        own = [e for e in evidence if e.get("world") is None or e.get("world").id not in alliance_wide]
        shared = {e.get("world").id for e in evidence if e.get("world") is not None} & alliance_wide
        joined_before_all = all(p.name in default_registry().members("NATO", bundled_world.by_id[i].event.date)
                                for i in alliance_wide if bundled_world.by_id[i].event.date <= day
                                and (day - bundled_world.by_id[i].event.date).days < 365)
        if not own and joined_before_all:
            creds.add((cred, frozenset(shared)))
        else:
            others[p.id] = (cred, own)
    assert len(creds) <= 1, (day, creds, others)
    if D("2025-03-06") <= day < D("2026-01-17"):
        assert len(creds) == 1  # the Baltic and Nordic members, among others, read it together


def test_one_event_has_one_severity_unless_a_profile_says_why(bundled):
    seen: dict[str, set] = {}
    for p in bundled.values():
        for e in p.events:
            w = e.get("world")
            if w is not None and e.kind == "threat" and w.override is None:
                seen.setdefault(w.id, set()).add(e.get("severity"))
    assert seen and all(len(s) == 1 for s in seen.values()), seen


# --------------------------------------------------------------------------- recorded once

def test_no_two_files_carry_the_same_dated_event_of_one_actor(bundled, bundled_world):
    assert list(lint.lint_same_event(bundled.values(), bundled_world)) == []


def test_the_lint_finds_one_event_recorded_in_two_profiles(write, run):
    doubt = """  - date: 2025-03-06
    kind: signal
    by: United States
    type: doubt
    summary: "President Trump tells reporters in the Oval Office that if NATO allies do not pay, 'I'm not going to defend them'."
    source: {publisher: Voz, title: Trump warns NATO members, date: 2025-03-07}
"""
    files = []
    for name in ("estonia", "latvia"):
        text = (loader.default_dir("profiles") / f"{name}.yaml").read_text(encoding="utf-8")
        files.append(write(f"p/{name}.yaml", text.rstrip("\n") + "\n" + doubt))
    out, err = run("profiles", "validate", *files)
    warned = [line for line in out.splitlines() if line.endswith("[same-event-twice]")]
    assert any(line.startswith(str(files[1])) and str(files[0]) in line for line in warned), out
    assert any("world/united-states.yaml" in line for line in warned), warned  # ... and the world record of it
    assert "0 errors" in err


def test_two_self_contained_records_of_one_state_may_share_an_event(write, run):
    """Records named apart for their period inherit no world event, so each records what it needs itself:
    india-1971 repeats the 1959 claim of india-1962, and that is no copy to move to a world file."""
    files = []
    for name in ("india-1962", "india-1971"):
        files.append(write(f"p/{name}.yaml", (loader.default_dir("profiles") / f"{name}.yaml").read_text(encoding="utf-8")))
    out, err = run("profiles", "validate", *files)
    assert "[same-event-twice]" not in out and "0 errors" in err, out
    # (two profiles that inherit world events are still warned of: the test above)


def test_bundled_profiles_keep_only_their_own_events(bundled_world):
    """The moved events are gone from the profiles: each world event id is written once."""
    ids = [w.id for w in bundled_world.events]
    assert len(ids) == len(set(ids))
    for f in loader.yaml_files([loader.default_dir("profiles")]):
        text = f.read_text(encoding="utf-8")
        assert "'I'm not going to defend them'" not in text or f.stem == "ukraine", f


# --------------------------------------------------------------------------- provenance

def test_an_inherited_event_says_where_it_came_from(bundled):
    p = bundled["poland"]
    pledge = [e for e in p.events if e.date == D("2025-09-21") and e.kind == "signal"]
    assert pledge, "Poland inherits Trump's pledge to defend 'Poland and the Baltic states'"
    w = pledge[0].get("world")
    assert w.file == "world/united-states.yaml" and w.line > 0 and w.actor == "United States"
    assert "Poland" in w.selector and "Estonia" in w.selector


def test_explain_shows_provenance_in_text_and_json(run):
    out, _ = run("explain", "norway", "--date", "2025-07-01")
    flat = " ".join(out.split())
    assert "(world record world/united-states.yaml:" in flat and "United States, for members of NATO)" in flat
    out, _ = run("explain", "norway", "--date", "2025-07-01", "--format", "json")
    doc = json.loads(out)
    inherited = [e["inherited"] for c in doc["contributions"] for e in c["evidence"] if "inherited" in e]
    assert any(i["id"] == "us-2025-06-24-article-5-definitions" and i["selector"] == "members of NATO"
               for i in inherited), inherited


def test_reports_show_provenance(run, tmp_path):
    target = tmp_path / "r.md"
    run("report", "estonia", "--from", "2025-01-01", "--to", "2025-12-01", "--format", "markdown", "-o", target)
    assert "world record world/" in target.read_text(encoding="utf-8")
    page = tmp_path / "r.html"
    run("report", "estonia", "--from", "2025-01-01", "--to", "2025-12-01", "-o", page)
    assert 'class="inherited">(world record world/united-states.yaml:' in page.read_text(encoding="utf-8")


def test_the_profile_hash_covers_the_world(write):
    text = (loader.default_dir("profiles") / "estonia.yaml").read_text(encoding="utf-8")
    f = write("estonia.yaml", text)
    plain = next(iter(loader.load_profiles([f]).profiles.values()))
    extra = write("w/extra.yaml", """
        actor: United States
        events:
          - id: test-extra-doubt
            concerns: {countries: [Latvia]}
            date: 2025-05-01
            kind: signal
            type: doubt
            summary: A doubt about Latvia only.
            source: {publisher: Test, title: Doubt, date: 2025-05-01}
    """)
    other = next(iter(loader.load_profiles([f], world=[extra]).profiles.values()))
    assert plain.events == other.events  # the extra record concerns Latvia only
    assert plain.sha256 != other.sha256  # ... but the result was computed in another world


# --------------------------------------------------------------------------- overrides

def test_an_override_changes_one_country_and_says_why(bundled):
    sweden = [e for e in bundled["sweden"].events if (e.get("world") or None) and
              e.get("world").id == "ru-2024-02-26-military-districts"]
    finland = [e for e in bundled["finland"].events if (e.get("world") or None) and
               e.get("world").id == "ru-2024-02-26-military-districts"]
    assert sweden[0].get("severity") == 2 and "no land border" in sweden[0].get("world").override
    assert finland[0].get("severity") == 3 and finland[0].get("world").override is None


def test_an_override_excludes_an_event(bundled):
    ids = {e.get("world").id for e in bundled["ukraine"].events if e.get("world") is not None}
    assert "ru-2022-02-24-full-scale-invasion-of-ukraine" not in ids
    assert "ru-2022-02-24-full-scale-invasion-of-ukraine" in {e.get("world").id for e in bundled["moldova"].events
                                                             if e.get("world") is not None}


def test_an_override_of_an_unknown_event_is_a_located_error(write, run):
    text = (loader.default_dir("profiles") / "estonia.yaml").read_text(encoding="utf-8")
    text = text.replace("\nevents:\n", "\noverrides:\n  - world: no-such-event\n    exclude: true\n    reason: test\nevents:\n", 1)
    f = write("estonia.yaml", text)
    line = text.splitlines().index("  - world: no-such-event") + 1
    out, _ = run("profiles", "validate", f, code=1)
    assert f"{f}:{line}:" in out and "no-such-event" in out and "[unknown-name]" in out


@pytest.mark.parametrize("overrides, message", [
    # the same world event overridden twice: which one holds was the dict's last, silently
    ("  - world: ru-2021-09-10-zapad-2021\n    set: {severity: 2}\n    reason: a\n"
     "  - world: ru-2021-09-10-zapad-2021\n    exclude: true\n    reason: b\n", "overridden twice"),
    # an end before the event began: the event would end before it starts
    ("  - world: ru-2021-09-10-zapad-2021\n    set: {end: 2000-01-01}\n    reason: a\n", "before the event's date"),
    # a value the event's kind does not have (Baltic Air Policing is a signal: no severity)
    ("  - world: nato-2004-03-29-baltic-air-policing\n    set: {severity: 2}\n    reason: a\n", "has no 'severity'"),
    # an event the country does not inherit (the military districts concern Finland and Sweden)
    ("  - world: ru-2024-02-26-military-districts\n    exclude: true\n    reason: a\n", "does not concern"),
])
def test_an_override_that_cannot_hold_is_a_located_error(write, run, overrides, message):
    text = (loader.default_dir("profiles") / "estonia.yaml").read_text(encoding="utf-8")
    assert "\noverrides:\n" not in text
    text = text.replace("\nevents:\n", "\noverrides:\n" + overrides + "events:\n", 1)
    f = write("estonia.yaml", text)
    line = len(text.split("\noverrides:\n")[0].splitlines()) + 1 + overrides.count("\n") - 2
    out, _ = run("profiles", "validate", f, code=1)
    assert f"{f}:{line}:" in out and message in out, out
    _, err = run("assess", "estonia", "--profiles", f, "--date", "2025-01-01", code=2)
    assert message in err and "Traceback" not in err


def test_an_override_needs_a_reason(write, run):
    text = (loader.default_dir("profiles") / "estonia.yaml").read_text(encoding="utf-8")
    text = text.replace("\nevents:\n", "\noverrides:\n  - world: ru-2021-09-10-zapad-2021\n    exclude: true\nevents:\n", 1)
    out, _ = run("profiles", "validate", write("estonia.yaml", text), code=1)
    assert "missing required field 'reason'" in out


# --------------------------------------------------------------------------- the format

def test_world_schema_is_shipped_and_generated(run):
    out, _ = run("schema", "world")
    assert out == (REPO / "assessor" / "schemas" / "world.schema.json").read_text(encoding="utf-8")
    assert json.loads(out)["properties"]["events"]["items"]["required"] == ["kind"]


def test_world_files_point_editors_at_their_schema():
    for f in sorted((REPO / "world").glob("*.yaml")):
        assert f.read_text(encoding="utf-8").splitlines()[0] == \
            "# yaml-language-server: $schema=../assessor/schemas/world.schema.json", f


def test_world_files_validate_against_the_json_schema():
    jsonschema = pytest.importorskip("jsonschema")
    import yaml

    schema = json.loads((REPO / "assessor" / "schemas" / "world.schema.json").read_text(encoding="utf-8"))
    for f in sorted((REPO / "world").glob("*.yaml")):
        data = json.loads(json.dumps(yaml.safe_load(f.read_text(encoding="utf-8")), default=str))
        jsonschema.validate(data, schema)


@pytest.mark.parametrize("body, code, where", [
    ("actor: Rusia\nevents: []\n", "unknown-name", 1),
    ("actor: Russia\nevents:\n  - id: x\n    concerns: {}\n    date: 2025-01-01\n    kind: threat\n    type: statement\n"
     "    severity: 2\n    weighs_days: 90\n    summary: s\n    source: {publisher: p, title: t, date: 2025-01-01}\n",
     "missing-field", 4),
    ("actor: Russia\nevents:\n  - id: x\n    concerns: {neighbors_of: Russia}\n    date: 2025-01-01\n    kind: threat\n"
     "    type: statement\n    severity: 2\n    weighs_days: 90\n    summary: s\n"
     "    source: {publisher: p, title: t, date: 2025-01-01}\n", "unknown-field", 4),
    ("actor: Russia\nevents:\n  - id: x\n    concerns: {countries: [Estonia]}\n    date: 2025-01-01\n    kind: membership\n"
     "    status: member\n    summary: s\n    source: {publisher: p, title: t, date: 2025-01-01}\n", "bad-value", 6),
    # a state has no members: the selector could never hold
    ("actor: Russia\nevents:\n  - id: x\n    concerns: {members_of: Russia}\n    date: 2025-01-01\n    kind: threat\n"
     "    type: statement\n    severity: 2\n    weighs_days: 90\n    summary: s\n"
     "    source: {publisher: p, title: t, date: 2025-01-01}\n", "bad-value", 4),
])
def test_a_broken_world_file_is_a_located_error(write, body, code, where):
    f = write("w/bad.yaml", body)
    problems: list = []
    world.load_world([f], collect=problems)
    assert any(p.code == code and p.file == str(f) and p.line == where for p in problems), problems
    with pytest.raises(Exception) as exc:
        world.load_world([f])
    assert str(f) in str(exc.value)


def test_an_unknown_file_actor_is_one_error_not_one_per_event(write):
    """Events that leave their actor to the file's inherit its mistake: reported once, at the file's actor."""
    body = "actor: Atlantis\nevents:\n" + "".join(
        f"  - id: x{i}\n    concerns: {{countries: [Estonia]}}\n    date: 2025-01-0{i}\n    kind: signal\n"
        f"    type: doubt\n    summary: s\n    source: {{publisher: p, title: t, date: 2025-01-01}}\n" for i in (1, 2, 3))
    problems: list = []
    world.load_world([write("w.yaml", body)], collect=problems, defaults=False)
    assert [(p.line, p.code) for p in problems] == [(1, "unknown-name")], problems


def test_a_project_adds_world_records(write, run, monkeypatch):
    root = write("proj/assessor.toml", 'world = ["world"]\n').parent
    write("proj/world/extra.yaml", """
        actor: United States
        events:
          - id: proj-doubt
            concerns: {countries: [Estonia]}
            date: 2025-05-01
            kind: signal
            type: doubt
            summary: An analyst's own record of a doubt about Estonia.
            source: {publisher: Test, title: Doubt, date: 2025-05-01}
    """)
    monkeypatch.chdir(root)
    out, _ = run("explain", "estonia", "--date", "2025-07-01")
    assert "An analyst's own record of a doubt about Estonia." in out and "extra.yaml" in out
    out, _ = run("explain", "latvia", "--date", "2025-07-01")
    assert "An analyst's own record" not in out
    _, err = run("profiles", "validate")
    assert "0 errors" in err
    write("proj/world/broken.yaml", "actor: Atlantis\nevents: []\n")
    out, _ = run("profiles", "validate", code=1)
    assert "broken.yaml:1:8: error: unknown state or organisation 'Atlantis'" in out


def test_an_output_never_overwrites_a_world_record(write, run, monkeypatch):
    """A world file is an input like a profile: ``--output`` naming it is refused, the file untouched."""
    root = write("proj/assessor.toml", 'world = ["world"]\n').parent
    f = write("proj/world/extra.yaml", """
        actor: United States
        events:
          - id: proj-doubt
            concerns: {countries: [Estonia]}
            date: 2025-05-01
            kind: signal
            type: doubt
            summary: An analyst's own record of a doubt about Estonia.
            source: {publisher: Test, title: Doubt, date: 2025-05-01}
    """)
    before = f.read_bytes()
    monkeypatch.chdir(root)
    _, err = run("assess", "estonia", "--date", "2025-07-01", "--output", "world/extra.yaml", code=2)
    assert "refusing to overwrite input file" in err
    assert f.read_bytes() == before


def test_a_fictional_country_inherits_nothing(write):
    from conftest import MINI_PROFILE

    p = next(iter(loader.load_profiles([write("t.yaml", MINI_PROFILE)]).profiles.values()))
    assert not [e for e in p.events if e.get("world") is not None]


@pytest.mark.parametrize("name, aliases", [("Estonia (2014-2025)", "[EEX]"), ("Republic of Estonia", "[EE, EST]")])
def test_a_record_named_apart_is_self_contained_and_told_so(name, aliases, bundled, write, run):
    """A profile is picked by world records by its name: one named for its period or by a formal name
    the registry lacks inherits nothing (it records everything itself, as the historical records do:
    inheriting would count twice what it records), is still located as its state, and the validator
    says how many world events it passes by; named as the state, it inherits them all."""
    text = (REPO / "profiles" / "estonia.yaml").read_text(encoding="utf-8")
    assert "\nname: Estonia\naliases: [EE, EST]\n" in text
    copy = write("p/estonia.yaml", text.replace("\nname: Estonia\naliases: [EE, EST]\n",
                                                f'\nname: "{name}"\naliases: {aliases}\n'))
    renamed = loader.load_profiles([copy]).profiles["estonia"]
    assert renamed.name == name
    assert [e for e in bundled["estonia"].events if e.get("world") is not None]
    assert not [e for e in renamed.events if e.get("world") is not None]
    assert "Estonia" in Deriver(renamed)._own  # located as Estonia all the same
    out, err = run("profiles", "validate", copy)
    warned = [line for line in out.splitlines() if line.endswith("[named-apart]")]
    if "(" in name:  # named apart by a parenthesis: told what it passes by
        assert len(warned) == 1 and warned[0].startswith(f"{copy}:") and "name it 'Estonia'" in warned[0], out
    else:  # an alias alone is no sign the record means to be the state (a test country may carry one by chance)
        assert not warned, out
    # the bundled records named for their periods pass no world event by (their periods predate them)
    out, _ = run("profiles", "validate")
    assert "[named-apart]" not in out


# --------------------------------------------------------------------------- conventions and unread events

def test_pending_and_unproven_need_their_reasons(write, run):
    text = (loader.default_dir("profiles") / "estonia.yaml").read_text(encoding="utf-8")
    text += """  - date: 2025-05-02
    kind: agreement
    party: United States
    type: defence_cooperation_agreement
    pending: true
    summary: A pending agreement with no reason.
    source: {publisher: Test, title: Pending, date: 2025-05-02}
  - date: 2025-05-03
    kind: threat
    actor: Russia
    type: sabotage
    severity: 3
    weighs_days: 365
    attribution: unproven
    summary: An unproven incident with no word on what would prove it.
    source: {publisher: Test, title: Unproven, date: 2025-05-03}
  - date: 2025-05-10
    kind: threat
    actor: Russia
    type: trade_embargo
    severity: 2
    weighs_days: 90
    summary: A measure announced on 2025-05-05 and dated at its effect.
    source: {publisher: Test, title: Announced, date: 2025-05-05}
"""
    out, _ = run("profiles", "validate", write("estonia.yaml", text))
    assert "[pending-without-reason]" in out and "[unproven-without-proof]" in out
    assert "threat of 2025-05-10 rests on a source published 2025-05-05" in out


def test_an_event_no_rule_reads_is_reported(write, run):
    """Georgia's EU candidacy recorded as a signal: validates, and is said to have no effect."""
    f = write("georgia.yaml", """
        id: georgia
        name: Georgia
        alliance: none
        adversary: Russia
        covers: {from: 2023-01-01, to: 2024-12-31}
        events:
          - date: 2023-12-14
            kind: signal
            by: European Union
            type: reaffirmation
            summary: The European Council grants Georgia the status of candidate country.
            source: {publisher: Test, title: Candidate, date: 2023-12-14}
    """)
    out, err = run("profiles", "validate", f)
    line = [ln for ln in out.splitlines() if ln.endswith("[no-effect]")]
    assert len(line) == 1 and line[0].startswith(f"{f}:7:5: warning:"), out
    assert "no rule reads it" in line[0] and "doubt" in line[0] and "forward_deployment" in line[0]
    assert "0 errors" in err


def test_a_world_record_is_warned_about_where_it_can_be_changed(write, run, monkeypatch):
    """An inherited event no rule reads is one warning, at its world file, in the check of the profiles
    that file goes with: a project's world file with the project's profiles (once, however many inherit
    it); the bundled world with the bundled profiles. Checking a profile of one's own said
    'world/nato.yaml:28:5: warning: ...' for a file its author cannot change, once per bundled record."""
    bundled_world = str(loader.default_dir("world").resolve())
    in_bundled_world = lambda out: [ln for ln in out.splitlines() if ln.startswith(bundled_world)]  # noqa: E731
    estonia = (loader.default_dir("profiles") / "estonia.yaml").read_text(encoding="utf-8")
    # a profile of one's own (here a copy of a bundled one, outside the bundled folder)
    out, err = run("profiles", "validate", write("mine/estonia.yaml", estonia))
    assert in_bundled_world(out) == [], out
    assert all(ln.startswith(str(write("mine/estonia.yaml", estonia))) for ln in out.splitlines()), out
    # a project's own world file: its event no rule reads is warned about there, once for two heirs
    root = write("proj/assessor.toml", 'world = ["world"]\nprofiles = ["profiles"]\n').parent
    write("proj/profiles/estonia.yaml", estonia)
    write("proj/world/extra.yaml", """
        actor: United States
        events:
          - id: proj-reaffirmation
            concerns: {countries: [Estonia, Latvia]}
            date: 2025-05-01
            kind: signal
            type: reaffirmation
            summary: An analyst's own record of a reaffirmation to Estonia and Latvia.
            source: {publisher: Test, title: Reaffirmation, date: 2025-05-01}
    """)
    write("proj/world/latvia.yaml", """
        actor: United States
        events:
          - id: proj-reaffirmation-latvia
            concerns: {countries: [Latvia]}
            date: 2025-08-20
            kind: signal
            type: reaffirmation
            summary: A second record, concerning Latvia only, whose profile is the bundled one.
            source: {publisher: Test, title: Latvia, date: 2025-08-20}
    """)
    monkeypatch.chdir(root)
    out, err = run("profiles", "validate")
    ours = [ln for ln in out.splitlines() if "extra.yaml" in ln]
    assert len(ours) == 1 and ours[0].endswith("[no-effect]") and "reaffirmation of 2025-05-01" in ours[0], out
    assert len([ln for ln in out.splitlines() if "latvia.yaml" in ln and "2025-08-20" in ln]) == 1, out
    assert in_bundled_world(out) == [], out
    # the bundled profiles beside the project's are read, not checked: no warning of theirs either
    bundled_profiles = str(loader.default_dir("profiles").resolve())
    assert not [ln for ln in out.splitlines() if ln.startswith(bundled_profiles)], out


def test_the_no_effect_lint_follows_the_rule_set(write, bundled):
    """A rule that reads the fact makes the same event read: what is read comes from the rules, not a list."""
    ruleset = loader.load_ruleset()
    p = bundled["estonia"]
    base = [x for x in lint.lint_no_effect([p], ruleset)]
    read = lint.rule_facts(ruleset)
    # rules 3.0.0 read the guarantors' credibility through protection (credibility and reach in one fact)
    assert "protection" in read and "defence-guarantee" in read["protection"]
    fed = lint.fed_facts(p)
    doubt_events = [e for e in p.events if e.get("type") == "doubt"]
    assert doubt_events and all("protection" in fed[id(e)] for e in doubt_events)
    doubts = [x for x in base if "doubt" in x.message.split(":")[0]]
    assert doubts == []


def test_bundled_profiles_validate_without_errors(run):
    out, err = run("profiles", "validate")
    assert "0 errors" in err
    allowed = ("[no-effect]", "[composite-name]", "[dated-after-source]")
    assert all(line.endswith(allowed) for line in out.splitlines()), out


# --------------------------------------------------------------------------- the house

def _imports(module: str) -> set[str]:
    tree = ast.parse((REPO / "assessor" / f"{module}.py").read_text(encoding="utf-8"))
    out = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            out.add(node.module)
            out.update(f"{node.module}.{a.name}" for a in node.names)
        elif isinstance(node, ast.Import):
            out.update(a.name for a in node.names)
    return out


@pytest.mark.parametrize("a, b", [("loader", "registry"), ("ir", "model"), ("world", "loader"), ("events", "loader")])
def test_no_import_circle(a, b):
    """Neither imports the other back (anywhere in the file, lazily or not)."""
    assert not (f"assessor.{b}" in _imports(a) and f"assessor.{a}" in _imports(b)), (a, b)
    assert f"assessor.{b}" not in _imports(a) or f"assessor.{a}" not in _imports(b)


def test_world_kinds_are_the_spec_s():
    assert set(spec.WORLD_KINDS) == set(spec.WORLD_ACTOR_FIELDS) and set(spec.WORLD_KINDS) < set(spec.EVENT.variants)


def test_setup_ships_the_world():
    text = (REPO / "setup.py").read_text(encoding="utf-8")
    assert '"assessor._defaults.world": "world"' in text and '"assessor._defaults.world": ["*.yaml"]' in text
    assert Path(loader.default_dir("world")).is_dir()


def test_dates_at_the_calendar_edges_are_validated_without_a_traceback(write, run, monkeypatch):
    """The lints look at the day after an event and compare it with its source's date: an event or
    a source on 9999-12-31, in a profile or in a world file, must not overflow the calendar."""
    from conftest import MINI_PROFILE

    root = write("proj/assessor.toml", 'world = ["world"]\n').parent
    write("proj/world/edge.yaml", """
        actor: Russia
        events:
          - id: edge-late
            concerns: {countries: [Estonia]}
            date: 9999-12-31
            kind: threat
            type: statement
            severity: 2
            weighs_days: 90
            summary: A threat on the last day of the calendar.
            source: {publisher: Test, title: Late, date: 2025-01-01}
    """)
    edge = MINI_PROFILE.replace("date: 2022-01-01\n    kind: membership", "date: 9999-12-31\n    kind: membership")
    edge = edge.replace("title: Threat, date: 2021-06-01", "title: Threat, date: 9999-12-31")
    write("proj/profiles/edge.yaml", edge)
    monkeypatch.chdir(root)
    out, _ = run("profiles", "validate", "profiles/edge.yaml", code=1)
    assert "source date lies in the future" in out
    out, _ = run("profiles", "validate")
    assert "edge.yaml" in out
