"""Historical states in the registry: codes from pycountry's ISO 3166-3, dates of existence,
dated nuclear status, and a name used outside its state's existence as a located error."""

from __future__ import annotations

import pytest
from conftest import D

from assessor import loader, registry
from assessor.errors import InputError

PROFILE = """
id: testland
name: Testland
alliance: none
adversary: Soviet Union
covers: {{from: 1985-01-01, to: 1995-12-31}}
events:
  - date: {date}
    kind: threat
    actor: USSR
    type: statement
    severity: 1
    weighs_days: 90
    summary: "A statement."
    source: {{publisher: P, title: T, date: 1992-01-01, url: "https://example.org/a", kind: original}}
"""


@pytest.fixture(scope="module")
def reg() -> registry.Registry:
    return registry.load_registry()


def test_the_soviet_union_takes_its_codes_from_pycountry_historic_countries(reg):
    e = reg.get("SU")
    assert e is not None and e.name == "Soviet Union"
    assert (e.alpha2, e.alpha3) == ("SU", "SUN")
    assert reg.canonical("USSR") == reg.canonical("Union of Soviet Socialist Republics") == "Soviet Union"
    # a former code never shadows a current country, and Russia stays its own entry
    assert reg.canonical("Russia") == "Russia" and reg.get("Russia").exists is None


def test_existence_dates(reg):
    assert not reg.exists_on("Soviet Union", D("1922-12-29"))
    assert reg.exists_on("Soviet Union", D("1922-12-30"))
    assert reg.exists_on("Soviet Union", D("1991-12-25"))
    assert not reg.exists_on("Soviet Union", D("1991-12-26"))
    assert reg.exists_on("Russia", D("1950-01-01"))  # a state without recorded dates always exists


def test_soviet_nuclear_status_from_1949(reg):
    assert not reg.is_nuclear("USSR", D("1949-08-28"))
    assert reg.is_nuclear("USSR", D("1949-08-29"))


def test_a_name_used_inside_the_existence_loads(write):
    f = write("testland.yaml", PROFILE.format(date="1991-12-25"))
    p = loader.load_profiles([f]).resolve("testland")
    assert p.events[0].get("actor") == "Soviet Union"


def test_a_name_used_after_the_state_ended_is_a_located_error(write, run):
    f = write("testland.yaml", PROFILE.format(date="1991-12-26"))
    line = next(i for i, t in enumerate(f.read_text().splitlines(), 1) if "actor: USSR" in t)
    out, _ = run("profiles", "validate", f, code=1)
    assert f"{f}:{line}:12: error: 'Soviet Union' did not exist on 1991-12-26 (it existed 1922-12-30 to " \
           "1991-12-25; see assessor/data/states.yaml) [name-outside-existence]" in out
    _, err = run("assess", "testland", "--profiles", f, "--date", "1992-01-01", code=2)
    assert "name-outside-existence" in err or "did not exist" in err
    with pytest.raises(InputError) as exc:
        loader.load_profiles([f])
    assert {p.code for p in exc.value.errors} == {"name-outside-existence"}


def test_a_user_registry_can_date_a_state(write, tmp_path):
    r = write("mine.yaml", """
        entries:
          - name: Atlantis
            iso: false
            exists: {from: 1900-01-01, until: 1950-01-01, note: "A test state; no source."}
    """)
    reg = registry.load_registry([r])
    assert reg.exists_on("Atlantis", D("1949-12-31")) and not reg.exists_on("Atlantis", D("1950-01-01"))
    bad = write("bad.yaml", """
        entries:
          - name: Atlantis
            iso: false
            exists: {from: 1950-01-01, until: 1900-01-01, note: "reversed"}
    """)
    with pytest.raises(InputError) as exc:
        registry.load_registry([bad])
    assert [p.code for p in exc.value.errors] == ["end-before-start"]


def test_the_finland_1939_record_names_the_soviet_union_and_a_moved_date_is_an_error(tmp_path, run):
    src = loader.default_dir("profiles") / "finland-1939.yaml"
    p = loader.load_profiles([src]).resolve("finland-1939")
    assert p.adversary == "Soviet Union"
    text = src.read_text(encoding="utf-8")
    assert "  - date: 1939-11-26\n" in text
    moved = tmp_path / "finland-1939.yaml"
    moved.write_text(text.replace("  - date: 1939-11-26\n", "  - date: 1992-11-26\n"), encoding="utf-8")
    line = next(i for i, t in enumerate(moved.read_text().splitlines(), 1) if t == "  - date: 1992-11-26") + 2
    out, _ = run("profiles", "validate", moved, code=1)
    assert f"{moved}:{line}:12: error: 'Soviet Union' did not exist on 1992-11-26" in out
