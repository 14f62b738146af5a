"""The bundled record: each finding of the 2026 fact-check stays fixed.

These read the bundled profiles as data (and score them where the finding is
about a score), so a later edit that brings a problem back fails here.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from conftest import D

from assessor.spec import SOURCE_KINDS

BLOG_HOSTS = ("blogspot.", "wordpress.com", "medium.com", "substack.com", "livejournal.")
FLANK = ("estonia", "latvia", "lithuania", "poland", "denmark")


def events(a, country):
    return a.profile(country).events


def find(a, country, kind, day, **fields):
    hits = [e for e in events(a, country) if e.kind == kind and e.date == D(day)
            and all(e.get(k) == v for k, v in fields.items())]
    assert hits, f"{country}: no {kind} event on {day} with {fields}"
    return hits[0]


def test_sweden_us_dca_in_force_from_2024_08_15_counts_that_day_but_protects_once(default_assessor):
    """The record: the agreement counts from its entry into force.  The model (rules 3.0.0): protection
    is counted once per guarantor, and the United States already guarantees Sweden through NATO since
    2024-03-07, so the agreement changes the facts that day but neither the protection nor the score."""
    dca = find(default_assessor, "sweden", "agreement", "2023-12-05", party="United States")
    assert dca.get("in_force") == D("2024-08-15") and not dca.get("pending")
    before = default_assessor.assess("sweden", D("2024-08-14"))
    on = default_assessor.assess("sweden", D("2024-08-15"))
    assert on.facts.values["nuclear_agreement_rank"] > before.facts.values["nuclear_agreement_rank"]
    assert on.facts.values["protection"] == before.facts.values["protection"] > 0.8  # NATO in its first year, and the EU
    assert on.score == before.score and "defence-guarantee" in on.fired


def test_memberships_are_dated_to_entry_into_force(default_assessor):
    for country in ("norway", "denmark"):
        first = [e for e in events(default_assessor, country) if e.kind == "membership"][0]
        assert first.date == D("1949-08-24") and first.get("status") == "member", country


def test_ukraine_2024_bilateral_security_agreements_are_not_defence_agreements(default_assessor):
    for party, day in (("United Kingdom", "2024-01-12"), ("United States", "2024-06-13")):
        assert find(default_assessor, "ukraine", "agreement", day, party=party).get("type") == "political_declaration"


def test_every_source_is_typed_well_formed_and_not_a_blog(default_assessor):
    for p in default_assessor.profiles.profiles.values():
        sources = [(e.loc, e.source) for e in p.events] + [(a.loc, a.source) for a in p.attributes.values()]
        for loc, s in sources:
            assert s.kind in SOURCE_KINDS, f"{loc}: source has no kind"
            assert s.url, f"{loc}: source has no address"
            parts = urlsplit(s.url)
            assert parts.scheme in ("http", "https") and "." in parts.netloc, f"{loc}: {s.url}"
            assert "/20222/" not in s.url, f"{loc}: malformed year in {s.url}"
            assert not any(h in parts.netloc for h in BLOG_HOSTS), f"{loc}: a personal blog is not a source: {s.url}"
            assert s.date <= dt.date.today(), f"{loc}: source dated in the future"


def test_severities_fit_the_target(default_assessor):
    leningrad = [e for e in events(default_assessor, "sweden") if e.kind == "threat" and "Leningrad" in e.summary]
    assert leningrad and all(e.get("severity") <= 2 for e in leningrad)  # aimed at Finland and the Baltics
    mi17 = find(default_assessor, "finland", "threat", "2022-05-04")
    four_aircraft = find(default_assessor, "finland", "threat", "2024-06-10")
    assert mi17.get("severity") < four_aircraft.get("severity")


def test_recurring_phenomena_are_counted_once(default_assessor):
    jamming = [e for e in events(default_assessor, "norway") if e.get("type") == "electronic_interference"]
    assert len(jamming) == 1


@pytest.mark.parametrize("country, kind, day, fields", [
    ("finland", "agreement", "2017-06-30", {"party": "United Kingdom"}),  # Joint Expeditionary Force
    ("sweden", "agreement", "2017-06-30", {"party": "United Kingdom"}),
    ("finland", "threat", "2023-11-28", {"type": "instrumentalised_migration"}),  # closure of the whole border, dated on its announcement
    ("finland", "threat", "2023-10-08", {"attribution": "unproven"}),  # Balticconnector
    ("finland", "threat", "2024-12-25", {"attribution": "unproven"}),  # Estlink 2, Eagle S
    ("finland", "signal", "2025-01-14", {"by": "NATO"}),  # Baltic Sentry
    ("sweden", "threat", "2022-05-16", {"actor": "Russia"}),  # "military-technical" warning
])
def test_events_an_expert_expects_are_recorded(default_assessor, country, kind, day, fields):
    find(default_assessor, country, kind, day, **fields)


def test_unproven_incidents_are_recorded_but_not_held_against_the_actor(default_assessor):
    from assessor.derive import Deriver

    p = default_assessor.profile("finland")
    cable = find(default_assessor, "finland", "threat", "2024-12-25")
    facts = Deriver(p).derive(D("2024-12-26"))
    assert cable not in facts.evidence.get("threat_level", ())


def test_the_record_reaches_mid_2025_for_at_least_nine_countries(run, default_assessor):
    import json

    assessed = {a["country"] for a in json.loads(run("assess", "all", "--format", "json")[0])}
    long = {p.id for p in default_assessor.profiles.profiles.values() if p.covers_to >= D("2025-06-30")}
    assert len(long) >= 9 and set(FLANK) <= long <= assessed


def test_a_syndicated_copy_must_name_its_original(write):
    from assessor import authoring, loader

    text = (loader.default_dir("profiles") / "finland.yaml").read_text()
    line = next(ln for ln in text.splitlines() if "kind: syndicated, original:" in ln)
    bare = line[:line.index(", original:")] + "}"
    before = [p.code for p in authoring.validate_profiles([write("finland.yaml", text)]).problems]
    f = write("finland.yaml", text.replace(line, bare, 1))
    codes = [p.code for p in authoring.validate_profiles([f]).problems]
    assert sorted(codes) == sorted(before + ["syndicated-source"])  # the one new problem, beside the file's own warnings


def test_the_coverage_table_of_profiles_readme_is_the_bundled_record(default_assessor):
    """profiles/README.md's coverage table says it gives `assessor profiles list`'s periods and
    counts: one row per bundled profile, with its own period and number of events."""
    text = (Path(__file__).resolve().parents[1] / "profiles" / "README.md").read_text(encoding="utf-8")  # the repository's
    rows = {}
    for line in text.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) == 4 and "→" in cells[1]:
            rows[cells[0]] = (cells[1], cells[2])
    expected = {p.id: (f"{p.covers_from} → {p.covers_to}", str(len(p.events)))
                for p in default_assessor.profiles.profiles.values()}
    assert rows == expected
