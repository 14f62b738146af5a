"""A user's own registry (issue 16, format 2.1): ``--registry FILE`` on every command that loads
profiles and ``registry = [...]`` in a project file, layered over the bundled registry; and the
historical states and organisations of the bundled registry (pycountry's ISO 3166-3 former
countries, curated dates)."""

from __future__ import annotations

import pytest
from conftest import D

from assessor import loader, registry
from assessor.errors import InputError

MINE = """
entries:
  - name: Atlantis
    iso: false
    aliases: [Republic of Atlantis]
    note: "A fictional state, for tests."
"""

PROFILE = """
id: testland
name: Testland
alliance: none
adversary: Atlantis
covers: {{from: 2020-01-01, to: 2020-12-31}}
events:
  - date: {date}
    kind: threat
    actor: {actor}
    type: statement
    severity: 1
    weighs_days: 90
    summary: "A statement."
    source: {{publisher: P, title: T, date: 2020-03-01, url: "https://news/a", kind: original}}
"""


def _profile(write, date="2020-03-01", actor="Republic of Atlantis", adversary="Atlantis", covers=None):
    text = PROFILE.format(date=date, actor=actor)
    text = text.replace("adversary: Atlantis", f"adversary: {adversary}")
    if covers:
        text = text.replace("{from: 2020-01-01, to: 2020-12-31}", covers)
    return write("testland.yaml", text)


def _line(path, needle: str) -> int:
    return next(i for i, t in enumerate(path.read_text().splitlines(), 1) if needle in t)


# ------------------------------------------------------------------ --registry


def test_a_state_known_only_to_the_user_registry_assesses_with_registry(write, run):
    mine, prof = write("mine.yaml", MINE), _profile(write)
    out, _ = run("assess", "testland", "--profiles", prof, "--registry", mine, "--date", "2020-06-01", "--format", "json")
    assert '"testland"' in out
    run("profiles", "validate", prof, "--registry", mine, "--no-lint")
    out, _ = run("profiles", "list", "--profiles", prof, "--registry", mine)
    assert "testland" in out


def test_without_the_registry_the_name_is_a_located_error(write, run):
    prof = _profile(write)
    _, err = run("assess", "testland", "--profiles", prof, "--date", "2020-06-01", code=2)
    assert f"{prof}:{_line(prof, 'adversary:')}:12: error: unknown state or organisation 'Atlantis'" in err
    assert "Traceback" not in err
    out, _ = run("profiles", "validate", prof, "--no-lint", code=1)
    assert f"{prof}:{_line(prof, 'actor:')}:12: error: unknown state or organisation 'Republic of Atlantis'" in out


def test_registry_is_repeatable_and_layered_in_order(write, run, tmp_path):
    mine = write("mine.yaml", MINE)
    more = write("more.yaml", """
        entries:
          - name: Atlantis
            aliases: [Poseidonia]
    """)
    prof = _profile(write, actor="Poseidonia")
    run("assess", "testland", "--profiles", prof, "--registry", mine, "--registry", more, "--date", "2020-06-01")
    _, err = run("assess", "testland", "--profiles", prof, "--registry", mine, "--date", "2020-06-01", code=2)
    assert "'Poseidonia'" in err


def test_a_bad_registry_file_is_one_located_message_and_exit_2(write, run):
    bad = write("bad.yaml", """
        entries:
          - name: Atlantis
            iso: false
            exists: {from: 2020-01-01, until: 2019-01-01, note: "reversed"}
    """)
    prof = _profile(write)
    _, err = run("assess", "testland", "--profiles", prof, "--registry", bad, "--date", "2020-06-01", code=2)
    message = f"{bad}:{_line(bad, 'exists:')}:39: error: 'until' 2019-01-01 is not after 'from' 2020-01-01 [end-before-start]"
    problems = [line for line in err.splitlines() if ": error: " in line]
    assert problems == [f"  {message}"]
    # the validate commands report it as they report the files they check: located, exit 1
    out, _ = run("profiles", "validate", prof, "--registry", bad, code=1)
    assert out.strip() == message
    out, _ = run("rules", "validate", "--registry", bad, "--no-lint", code=1)
    assert "[end-before-start]" in out


@pytest.mark.parametrize("text, code", [
    ("entries: [{name: Atlantis, iso: false, nuclear: {status: maybe}}]\n", "bad-value"),
    ("entries: [{name: Atlantis, colour: blue}]\n", "unknown-field"),
    ("entries:\n  - name: Atlantis\n    iso: false\n  - name: Atlantis\n    iso: false\n", "duplicate-name"),
    ("entries: [{name: Atlantis, iso: false, aliases: [USA]}]\n", "duplicate-name"),
    ("entries: [{name: Atlantis, iso: false, memberships: [{organisation: Atlantic League, from: 2000-01-01, "
     "note: x}]}]\n", "unknown-name"),
    ("entries: [{name: Atlantis}]\n", "bad-value"),  # a state pycountry does not know, without iso: false
    ("entries: [{name: Atlantis, iso: false, nuclear: {status: nuclear-weapon-state, since: 2000-01-01}}]\n",
     "missing-source"),
    ("entries: [{name: Atlantis, iso: false, exists: {until: 1990-01-01, note: x}, memberships: "
     "[{organisation: NATO, from: 1980-01-01, note: x}]}]\n", "name-outside-existence"),
    ("entries: [: bad\n", "yaml"),
])
def test_each_registry_problem_is_located_with_exit_2(write, run, text, code):
    bad = write("bad.yaml", text)
    prof = _profile(write)
    _, err = run("assess", "testland", "--profiles", prof, "--registry", bad, "--date", "2020-06-01", code=2)
    located = [line for line in err.splitlines() if line.strip().startswith(f"{bad}:")]
    assert located, err
    assert all(": error: " in line or ": warning: " in line for line in located)
    if code != "yaml":
        assert any(f"[{code}]" in line for line in located), err
    with pytest.raises(InputError):
        registry.load_registry([bad])


def test_a_conflicting_alias_is_reported_in_the_user_file(write):
    bad = write("bad.yaml", """
        entries:
          - name: Atlantis
            iso: false
            aliases: [Republic of Atlantis, USA]
    """)
    with pytest.raises(InputError) as exc:
        registry.load_registry([bad])
    (p,) = exc.value.errors
    assert (p.file, p.line, p.code) == (str(bad), _line(bad, "aliases:"), "duplicate-name")
    assert "'USA' names both 'United States'" in p.message


def test_a_user_entry_with_a_known_name_extends_it(write):
    mine = write("mine.yaml", """
        entries:
          - name: Sweden
            aliases: [Sverige]
          - name: Soviet Union
            exists: {from: 1922-12-30, until: 1991-12-25, note: "a user's reading: the evening of Gorbachev's resignation"}
    """)
    reg = registry.load_registry([mine])
    sweden = reg.get("Sverige")
    assert sweden is not None and sweden.name == "Sweden" and sweden.alpha2 == "SE"
    assert reg.allied("Sweden", "Norway", D("2025-01-01"))  # the bundled NATO membership is kept
    assert not reg.exists_on("USSR", D("1991-12-25"))  # the user's dates replace the bundled ones
    assert registry.load_registry().exists_on("USSR", D("1991-12-25"))


def test_a_state_outside_its_user_recorded_existence_names_the_user_file(write, run):
    mine = write("mine.yaml", """
        entries:
          - name: Atlantis
            iso: false
            aliases: [Republic of Atlantis]
            exists: {from: 1900-01-01, until: 2020-02-01, note: "A fictional state, for tests."}
    """)
    prof = _profile(write, covers="{from: 2019-01-01, to: 2020-12-31}")
    out, _ = run("profiles", "validate", prof, "--registry", mine, "--no-lint", code=1)
    assert f"{prof}:{_line(prof, 'actor:')}:12: error: 'Atlantis' did not exist on 2020-03-01 (it existed " \
           f"1900-01-01 to 2020-01-31; see {mine}) [name-outside-existence]" in out


@pytest.mark.parametrize("exists, says", [
    ("{until: 2000-01-01, note: n}", "'Sweden' ceases to exist on 2000-01-01 here, but the membership of 'Sweden' "
                                    "in 'NATO' (at "),
    ("{from: 2030-01-01, note: n}", "'Sweden' exists from 2030-01-01 here, but the membership of 'Sweden' in "
                                   "'NATO' (at ")], ids=["until", "from"])
def test_an_existence_that_contradicts_a_bundled_membership_is_located_in_the_user_file(write, run, exists, says):
    """A user's registry that ends (or begins) Sweden's existence where the bundled registry has it a
    member of NATO was told so at a line of the bundled states.yaml, a file the user never wrote and
    should not edit: the problem is now at the user's own `exists` line, naming the membership it
    contradicts (the other side: a bundled inconsistency alone stays at the bundled membership)."""
    mine = write("mine.yaml", f"""
        entries:
          - name: Sweden
            exists: {exists}
    """)
    out, _ = run("profiles", "validate", "--registry", mine, "--no-lint", code=1)
    line = _line(mine, "exists:")
    hits = [t for t in out.splitlines() if "'NATO'" in t]
    assert hits and all(t.startswith(f"{mine}:{line}:") for t in hits), out
    assert says in out and "states.yaml:" in out, out


def test_registry_files_are_never_written_over(write, run):
    mine, prof = write("mine.yaml", MINE), _profile(write)
    before = mine.read_bytes()
    run("assess", "testland", "--profiles", prof, "--registry", mine, "--date", "2020-06-01", "-o", mine, code=2)
    assert mine.read_bytes() == before


def test_same_inputs_same_bytes(write, run):
    mine, prof = write("mine.yaml", MINE), _profile(write)
    args = ("timeline", "testland", "--profiles", prof, "--registry", mine, "--from", "2020-01-01", "--to",
            "2020-12-31", "--step", "month", "--format", "json")
    assert run(*args)[0] == run(*args)[0]
    a, b = registry.load_registry([mine]), registry.load_registry([mine])
    assert list(a.entries) == list(b.entries) and a.entries == b.entries


# ------------------------------------------------------------------ a project's registry


def test_a_project_file_names_the_registry(write, run, tmp_path, monkeypatch):
    write("mine.yaml", MINE)
    prof = _profile(write)
    write("assessor.toml", 'registry = "mine.yaml"\nprofiles = ["testland.yaml"]\n')
    monkeypatch.chdir(tmp_path)
    out, _ = run("assess", "testland", "--date", "2020-06-01")
    assert "Testland" in out
    run("profiles", "validate", "--no-lint")
    run("profiles", "validate", prof, "--no-lint")  # a path given: the project's registry still applies
    write("assessor.toml", 'registry = "missing.yaml"\n')
    _, err = run("assess", "finland", code=2)
    assert "'registry' names" in err and "does not exist" in err


# ------------------------------------------------------------------ historical states and organisations


@pytest.fixture(scope="module")
def reg() -> registry.Registry:
    return registry.load_registry()


@pytest.mark.parametrize("name, canonical", [
    ("Czechoslovakia", "Czechoslovakia"), ("CSK", "Czechoslovakia"),
    ("Czechoslovakia, Czechoslovak Socialist Republic", "Czechoslovakia"),
    ("YU", "Yugoslavia"), ("YUG", "Yugoslavia"), ("SFRY", "Yugoslavia"),
    ("SCG", "Federal Republic of Yugoslavia"), ("Serbia and Montenegro", "Federal Republic of Yugoslavia"),
    ("SU", "Soviet Union"), ("DDR", "German Democratic Republic"),
    ("Burma", "Burma"), ("BUR", "Burma"), ("Zaire", "Zaire"), ("ZR", "Zaire"), ("Upper Volta", "Upper Volta"),
    ("Abyssinia", "Ethiopia"), ("Nazi Germany", "German Reich"), ("Kingdom of Italy", "Kingdom of Italy"),
    ("Empire of Japan", "Empire of Japan"), ("Ottoman Empire", "Ottoman Empire"),
    ("UN", "United Nations"), ("League of Nations", "League of Nations"), ("Warsaw Pact", "Warsaw Pact"),
])
def test_historical_states_resolve_by_pycountry_name_and_code(reg, name, canonical):
    assert reg.canonical(name) == canonical


def test_reassigned_codes_keep_their_current_country(reg):
    assert reg.canonical("BY") == "Belarus" and reg.canonical("GE") == "Georgia" and reg.canonical("SK") == "Slovakia"
    assert reg.canonical("CS") is None  # Czechoslovakia's, then Serbia and Montenegro's: ambiguous
    assert reg.canonical("Viet-Nam") is None or reg.canonical("Viet-Nam") == "Vietnam"


@pytest.mark.parametrize("name, last, gone", [
    ("Czechoslovakia", "1992-12-31", "1993-01-01"), ("Yugoslavia", "1992-04-26", "1992-04-27"),
    ("German Reich", "1945-06-04", "1945-06-05"), ("Kingdom of Italy", "1946-06-09", "1946-06-10"),
    ("Empire of Japan", "1947-05-02", "1947-05-03"), ("Ottoman Empire", "1922-10-31", "1922-11-01"),
    ("League of Nations", "1946-04-19", "1946-04-20"), ("Warsaw Pact", "1991-06-30", "1991-07-01"),
])
def test_curated_dates_of_existence(reg, name, last, gone):
    assert reg.exists_on(name, D(last)) and not reg.exists_on(name, D(gone))
    e = reg.get(name)
    assert e.exists.source is not None  # every curated date has a source


def test_first_days(reg):
    assert not reg.exists_on("United Nations", D("1945-10-23")) and reg.exists_on("UN", D("1945-10-24"))
    assert not reg.exists_on("Czechoslovakia", D("1918-10-27")) and reg.exists_on("Czechoslovakia", D("1918-10-28"))
    assert reg.exists_on("Ottoman Empire", D("1500-01-01"))  # no first day recorded
    assert reg.exists_on("Italy", D("1935-01-01")) and reg.exists_on("Germany", D("1940-01-01"))  # no dates: additive


def test_the_warsaw_pact_is_an_alliance_while_it_exists(reg):
    assert reg.allied("GDR", "USSR", D("1960-01-01")) and reg.allied("Poland", "Czechoslovakia", D("1970-01-01"))
    assert not reg.allied("Poland", "Hungary", D("1991-07-01"))
    assert "German Democratic Republic" not in reg.members("Warsaw Pact", D("1990-10-03"))


def test_a_former_country_from_iso_3166_3_is_bounded_by_its_code_withdrawal(reg, write, run):
    assert reg.exists_on("Burma", D("1989-12-04")) and not reg.exists_on("Burma", D("1989-12-05"))
    assert reg.exists_on("Upper Volta", D("1984-12-31"))  # withdrawn in "1984": bound at the year's end
    prof = _profile(write, date="2020-03-01", actor="Burma", adversary="Myanmar")
    out, _ = run("profiles", "validate", prof, "--no-lint", code=1)
    assert "'Burma' no longer existed on 2020-03-01 (ISO 3166-3 withdrew the code on 1989-12-05, per pycountry; " \
           "ISO names Myanmar as its successor" in out


def test_an_organisation_named_outside_its_existence_is_a_located_error(write):
    prof = _profile(write, date="1947-03-01", actor="League of Nations", adversary="Russia",
                    covers="{from: 1946-01-01, to: 1947-12-31}")
    with pytest.raises(InputError) as exc:
        loader.load_profiles([prof])
    (p,) = exc.value.errors
    assert (p.line, p.code) == (_line(prof, "actor:"), "name-outside-existence")
    assert "'League of Nations' did not exist on 1947-03-01 (it existed 1920-01-10 to 1946-04-19" in p.message


def test_an_adversary_that_existed_on_no_day_of_the_record_is_a_located_error(write):
    prof = _profile(write, actor="Russia", adversary="USSR")
    with pytest.raises(InputError) as exc:
        loader.load_profiles([prof])
    (p,) = exc.value.errors
    assert (p.line, p.code) == (_line(prof, "adversary:"), "name-outside-existence")
    assert "the record covers 2020-01-01 to 2020-12-31" in p.message
    # one that ends inside the period is allowed (its events are checked one by one)
    ok = _profile(write, date="1991-12-01", actor="USSR", adversary="USSR", covers="{from: 1991-01-01, to: 1992-12-31}")
    assert loader.load_profiles([ok]).resolve("testland").adversary == "Soviet Union"


PROFILE_COMMANDS = [
    ("assess",), ("timeline",), ("explain",), ("compare",), ("report",), ("sweep",), ("sensitivity",), ("backtest",),
    ("rules", "facts"), ("rules", "show"), ("rules", "validate"), ("rules", "test"), ("rules", "diff"),
    ("profiles", "list"), ("profiles", "validate"), ("import", "acled"), ("import", "review"),
]


def test_every_command_that_loads_profiles_takes_registry():
    from assessor.cli import cli

    def walk(group, prefix=()):
        for name, cmd in group.commands.items():
            if hasattr(cmd, "commands"):
                yield from walk(cmd, (*prefix, name))
            else:
                yield (*prefix, name), cmd

    commands = dict(walk(cli))
    for path in PROFILE_COMMANDS:
        assert any("--registry" in p.opts for p in commands[path].params), path
    # and the commands that do not load profiles do not pretend to
    assert not any("--registry" in p.opts for p in commands[("schema",)].params)


def test_rules_diff_and_profiles_list_read_the_user_registry(write, run):
    mine, prof = write("mine.yaml", MINE), _profile(write)
    rules = str(loader.default_dir("rules"))
    run("rules", "diff", rules, rules, "--profiles", prof, "--registry", mine, "--step", "month")
    run("rules", "diff", rules, rules, "--profiles", prof, "--step", "month", code=2)
