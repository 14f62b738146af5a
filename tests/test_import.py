"""assessor import: ACLED, UCDP GED and GDELT 2.0 exports → candidate events → reviewed record.

The fixtures in tests/data/import/ are written to the sources' documented
column layouts (ACLED Codebook 2023 and 2019–2022, UCDP GED Codebook 25.1,
GDELT 2.0 Event codebook); their rows are labelled FIXTURE and describe no
real event.  They include bad rows: an impossible date, a count that is not a
number, a short row, a Latin-1 line, a date in the wrong format.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import sys
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assessor import loader
from assessor.importers import candidates as cand
from assessor.importers import mapping as mapping_mod

DATA = Path(__file__).parent / "data" / "import"


@pytest.fixture
def record(tmp_path, monkeypatch):
    """A copy of a bundled profile in a scratch folder (the cwd), which the review writes into."""
    monkeypatch.chdir(tmp_path)

    def _copy(pid: str) -> Path:
        dst = tmp_path / f"{pid}.yaml"
        shutil.copy(loader.default_dir("profiles") / f"{pid}.yaml", dst)
        return dst

    return _copy


def _flat(text: str) -> str:
    return " ".join(text.split())  # explain wraps its lines


def _load(p: Path) -> dict:
    return yaml.safe_load(p.read_text(encoding="utf-8"))


def test_acled_import_review_validate_explain(run, record, tmp_path):
    prof = record("estonia")
    out, err = run("import", "acled", DATA / "acled-current.csv", "--country", "estonia", "--profiles", prof,
                   "--dataset-version", "2025-12-01", "-o", "est.yaml")
    assert "4 mapped (2 duplicates of the record), 2 unmapped, 4 bad rows" in out
    assert "mapped 4, unmapped 2, duplicates 2, bad rows 4" in out
    doc = _load(tmp_path / "est.yaml")
    assert doc["summary"] == {"rows": 11, "other_countries": 1, "country_rows": 6, "mapped": 4, "duplicates": 2,
                              "unmapped": 2, "bad_rows": 4, "outside_dates": 0}
    ids = [c["id"] for c in doc["candidates"]]
    assert ids == ["acled-est90001", "acled-est90002", "acled-est90003", "acled-est90004"]
    first = doc["candidates"][0]
    assert first["proposed"] == {"kind": "threat", "type": "airspace_violation", "actor": "Russia", "severity": 2,
                                 "weighs_days": 90, "summary": first["proposed"]["summary"]}
    assert first["row"] == "EST90001" and first["precision"] == 1 and first["fatalities"] == 0
    assert "Fixture Source" in first["citation"] and "disrupted-weapons" in first["reason"]
    # the 2025-09-19 airspace violation of the record is found again, not repeated
    dup = doc["candidates"][3]
    assert "2025-09-19 threat airspace_violation by Russia" in dup["duplicate_of"]
    assert {u["reason"] for u in doc["unmapped"]} == {"no rule matches",
                                                       "rule battle matches, but no actor is a state other than Estonia"}
    # review: accept two, reject one
    before = prof.read_bytes()
    out, err = run("import", "review", "est.yaml", "--accept", "acled-est90001", "--accept", "acled-est90003",
                   "--reject", "acled-est90004")
    assert "accepted 2, rejected 1, pending 1" in out
    after = prof.read_bytes()
    assert after.startswith(before.rstrip(b"\n"))  # the analyst's text is kept as written
    decisions = {c["id"]: c["decision"] for c in _load(tmp_path / "est.yaml")["candidates"]}
    assert decisions == {"acled-est90001": "accepted", "acled-est90002": "pending", "acled-est90003": "accepted",
                         "acled-est90004": "rejected"}
    run("profiles", "validate", prof)
    p = loader.load_profiles([prof]).resolve("estonia")
    imported = [e for e in p.events if e.source.kind == "dataset"]
    assert [(str(e.date), e.get("type"), e.get("id")) for e in imported] == [
        ("2024-03-10", "airspace_violation", "acled-est90001"), ("2024-06-15", "border_pressure", "acled-est90003")]
    raw = yaml.safe_load(prof.read_text(encoding="utf-8"))["events"][-1]["source"]
    assert raw["kind"] == "dataset" and raw["dataset"] == "ACLED" and raw["version"] == "2025-12-01"
    assert raw["row"] == "EST90003"
    out, _ = run("explain", "estonia", "--profiles", prof, "--date", "2024-06-20")
    assert "ACLED event EST90003 (dataset ACLED, version 2025-12-01, row EST90003)" in _flat(out)
    assert "2 dataset" in out
    # a second review of an accepted candidate is refused; the file says why
    _, err = run("import", "review", "est.yaml", "--accept", "acled-est90001", code=2)
    assert "already accepted" in err


def test_review_refuses_over_an_analysts_edit(run, record, tmp_path):
    prof = record("estonia")
    run("import", "acled", DATA / "acled-current.csv", "--country", "estonia", "--profiles", prof, "-o", "c.yaml",
        "-q")
    prof.write_text(prof.read_text(encoding="utf-8") + "# an analyst's edit\n", encoding="utf-8")
    edited = prof.read_bytes()
    cands = (tmp_path / "c.yaml").read_bytes()
    _, err = run("import", "review", "c.yaml", "--accept", "acled-est90001", code=2)
    assert "has changed since the import read it" in err
    assert prof.read_bytes() == edited and (tmp_path / "c.yaml").read_bytes() == cands


def test_review_by_editing_the_file(run, record, tmp_path):
    prof = record("estonia")
    run("import", "acled", DATA / "acled-current.csv", "--country", "estonia", "--profiles", prof, "-o", "c.yaml",
        "-q")
    c = tmp_path / "c.yaml"
    c.write_text(c.read_text(encoding="utf-8").replace('decision: "pending"', "decision: accept", 1), encoding="utf-8")
    out, _ = run("import", "review", "c.yaml")
    assert "accepted 1, rejected 0, pending 3" in out
    assert "acled-est90001" in prof.read_text(encoding="utf-8")


def test_review_never_writes_a_bundled_profile(run, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    run("import", "acled", DATA / "acled-current.csv", "--country", "estonia", "-o", "c.yaml", "-q")
    bundled = loader.default_dir("profiles") / "estonia.yaml"
    before = bundled.read_bytes()
    _, err = run("import", "review", "c.yaml", "--accept", "acled-est90001", code=2)
    assert "bundled profile" in err and bundled.read_bytes() == before
    # a copy given with --profile takes them (it is the bundled file byte for byte)
    copy = tmp_path / "estonia.yaml"
    copy.write_bytes(before)
    run("import", "review", "c.yaml", "--accept", "acled-est90001", "--profile", copy)
    assert "acled-est90001" in copy.read_text(encoding="utf-8") and bundled.read_bytes() == before


def test_acled_pre_2023_layout(run, record, tmp_path):
    prof = record("estonia")
    out, err = run("import", "acled", DATA / "acled-2022.csv", "--country", "EST", "--profiles", prof, "-o", "o.yaml")
    assert "1 mapped (0 duplicates of the record), 1 unmapped, 1 bad rows" in out
    assert "acled-2022.csv:4: column event_date: '31 February 2021' is not a date" in err
    c = _load(tmp_path / "o.yaml")["candidates"][0]
    assert c["row"] == "EST80001" and str(c["date"]) == "2021-03-10"


def test_bad_rows_are_located(run, record):
    prof = record("estonia")
    _, err = run("import", "acled", DATA / "acled-current.csv", "--country", "estonia", "--profiles", prof,
                 "-o", "c.yaml")
    lines = [ln for ln in err.splitlines() if ln.startswith("bad row:")]
    assert [ln.split("acled-current.csv:")[1] for ln in lines] == [
        "10: column event_date: '2024-13-45' is not a date (expected 2023-02-16 or 16 February 2023)",
        "11: column fatalities: 'many' is not a number",
        "12: short row: 4 fields, the header has 31 (first missing: disorder_type)",
        "13: column notes: not UTF-8 text (byte 0xf5 at character 235)",
    ]


def test_nothing_usable_exits_2(run, write, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    header = (DATA / "acled-current.csv").read_text(encoding="utf-8", errors="replace").splitlines()[0]
    f = write("bad.csv", header + "\nEST1,2024-01-01\nEST2\n")
    out, err = run("import", "acled", f, "--country", "estonia", "-o", "c.yaml", code=2)
    assert "2 bad rows" in out and err.count("bad row:") == 2
    g = write("other.csv", "id,name\n1,x\n")
    _, err = run("import", "acled", g, "--country", "estonia", "-o", "d.yaml", code=2)
    assert "header lacks the columns event_id_cnty" in err


def test_existing_output_needs_force(run, record, tmp_path):
    prof = record("estonia")
    (tmp_path / "c.yaml").write_text("mine\n")
    _, err = run("import", "acled", DATA / "acled-current.csv", "--country", "estonia", "--profiles", prof,
                 "-o", "c.yaml", code=2)
    assert "exists" in err and (tmp_path / "c.yaml").read_text() == "mine\n"
    run("import", "acled", DATA / "acled-current.csv", "--country", "estonia", "--profiles", prof, "-o", "c.yaml",
        "--force", "-q")
    assert _load(tmp_path / "c.yaml")["format"] == cand.FORMAT


def test_from_to_limits_the_rows(run, record, tmp_path):
    prof = record("estonia")
    out, _ = run("import", "acled", DATA / "acled-current.csv", "--country", "estonia", "--profiles", prof,
                 "-o", "c.yaml", "--from", "2024-05-01", "--to", "2024-12-31", "-q")
    assert "4 of the country" in out and "2 outside --from/--to" in out
    assert [c["id"] for c in _load(tmp_path / "c.yaml")["candidates"]] == ["acled-est90002", "acled-est90003"]


def test_ucdp_import_review(run, record, tmp_path):
    prof = record("ukraine")
    out, err = run("import", "ucdp", DATA / "ucdp-ged.csv", "--country", "ukraine", "--profiles", prof,
                   "--dataset-version", "25.1", "-o", "u.yaml")
    assert "2 mapped (0 duplicates of the record), 1 unmapped, 1 bad rows" in out
    assert "ucdp-ged.csv:5: column date_end: 2023-06-01 is before date_start 2023-07-01" in err
    doc = _load(tmp_path / "u.yaml")
    a, b = doc["candidates"]
    assert (a["id"], a["proposed"]["actor"], a["fatalities"], a["window_days"]) == ("ucdp-900001", "Russia", 4, 0)
    assert (b["proposed"]["actor"], b["window_days"]) == ("Russia", 2)  # side_b is the foreign government here
    out, _ = run("import", "review", "u.yaml", "--accept", "ucdp-900001", "--reject", "ucdp-900002")
    assert "accepted 1, rejected 1, pending 0" in out
    run("profiles", "validate", prof)
    # the accepted event is a fact of the record, cited with its dataset row (inside a war it adds no points of its
    # own since rules 3.3.0, which count force once, so it is read in the derived facts, not in a fired rule)
    out, _ = run("rules", "facts", "ukraine", "--profiles", prof, "--date", "2023-05-20", "--format", "json")
    cited = [e for items in json.loads(out)["evidence"].values() for e in items
             if "UCDP GED event 900001 (dataset UCDP GED, version 25.1, row 900001)" in json.dumps(e, ensure_ascii=False)]
    assert cited and all(e["date"] <= "2023-05-20" for e in cited)  # an event of the record on or before the day


def test_gdelt_import_review(run, record, tmp_path):
    prof = record("taiwan")
    out, err = run("import", "gdelt", DATA / "gdelt.export.CSV", "--country", "taiwan", "--profiles", prof,
                   "--dataset-version", "2.0", "-o", "g.yaml")
    assert "2 mapped (0 duplicates of the record), 2 unmapped, 2 bad rows" in out
    assert "gdelt.export.CSV:6: column SQLDATE: '2024-05-28' is not a date (expected YYYYMMDD)" in err
    assert "gdelt.export.CSV:7: short row: 3 fields, the format has 61" in err
    doc = _load(tmp_path / "g.yaml")
    assert [(c["id"], c["proposed"]["type"]) for c in doc["candidates"]] == [
        ("gdelt-1100000001", "military_posture"), ("gdelt-1100000002", "military_threat")]
    assert doc["candidates"][0]["citation"] == "https://example.org/fixture"
    reasons = {u["reason"] for u in doc["unmapped"]}
    assert "rule fight matches the types, but NumMentions 3 is below 10" in reasons
    out, _ = run("import", "review", "g.yaml", "--accept", "gdelt-1100000001", "--accept", "gdelt-1100000002")
    assert "accepted 2" in out
    run("profiles", "validate", prof)
    out, _ = run("explain", "taiwan", "--profiles", prof, "--date", "2024-06-01")
    assert "GDELT 2.0 event 1100000001 (dataset GDELT 2.0, version 2.0, row 1100000001)" in _flat(out)


def test_mapping_errors_are_located(run, record, write):
    prof = record("estonia")
    m = write("m.yaml", """
        source: acled
        dataset: ACLED
        publisher: ACLED
        rules:
          - id: x
            when: {event_type: Battles}
            event: {kind: threat, type: bombardment, severity: 9, weighs_days: 10}
            reason: test
        """)
    _, err = run("import", "acled", DATA / "acled-current.csv", "--country", "estonia", "--profiles", prof,
                 "--mapping", m, "-o", "c.yaml", code=2)
    assert "m.yaml:7:" in err and "bombardment" in err and "severity" in err
    m2 = write("m2.yaml", """
        source: acled
        dataset: ACLED
        publisher: ACLED
        actors: {names: {"Some Forces": Atlantis}}
        rules:
          - {id: x, when: {event_type: Battles}, event: {kind: posture, type: buildup}, reason: test}
        """)
    _, err = run("import", "acled", DATA / "acled-current.csv", "--country", "estonia", "--profiles", prof,
                 "--mapping", m2, "-o", "c.yaml", code=2)
    assert "m2.yaml:4:" in err and "'Atlantis' is not a state" in err


def test_user_mapping_changes_the_proposal(run, record, write, tmp_path):
    prof = record("estonia")
    m = write("m.yaml", """
        source: acled
        dataset: ACLED
        publisher: ACLED
        actors: {forces: ["Military Forces of {state}"]}
        rules:
          - {id: all-other, when: {sub_event_type: [Other, Disrupted weapons use]},
             event: {kind: threat, type: statement, severity: 1, weighs_days: 90}, reason: test}
        """)
    out, _ = run("import", "acled", DATA / "acled-current.csv", "--country", "estonia", "--profiles", prof,
                 "--mapping", m, "-o", "c.yaml", "-q")
    doc = _load(tmp_path / "c.yaml")
    assert {c["proposed"]["type"] for c in doc["candidates"]} == {"statement"}
    assert doc["mapping_sha256"] == hashlib.sha256(m.read_bytes()).hexdigest()


@pytest.mark.parametrize("source", mapping_mod.KINDS and ("acled", "ucdp", "gdelt"))
def test_shipped_mappings_load(source):
    m = mapping_mod.load(source)
    assert m.rules and m.source == source


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=40), min_size=31, max_size=31))
def test_any_row_is_a_row_or_a_located_bad_row(tmp_path_factory, fields):
    """Whatever a row holds, the reader yields a Row or a BadRow with the file and line, never an exception."""
    from assessor.importers import BadRow, Counts, acled

    header = (DATA / "acled-current.csv").read_text(encoding="utf-8", errors="replace").splitlines()[0]
    fields[17] = "Estonia"  # country: so the row is read, not skipped
    # every field quoted by hand: Python 3.10's csv writer cannot write a NUL, which a hostile export may hold
    row = ",".join('"' + v.replace('"', '""') + '"' for v in fields) + "\r\n"
    f = tmp_path_factory.mktemp("h") / "x.csv"
    f.write_text(header + "\n" + row, encoding="utf-8")
    counts = Counts()
    items = list(acled.read(f, frozenset({"estonia"}), counts))
    # Before Python 3.11 the csv module refuses a NUL mid-record ("line contains NUL"): the record's
    # remainder is then read as a further row, which must be a located bad row too.
    nul_split = sys.version_info < (3, 11) and any("\0" in v for v in fields)
    assert (counts.rows >= 1 if nul_split else counts.rows == 1) and (nul_split or len(items) <= 1)
    for it in items:
        if isinstance(it, BadRow):
            assert it.file == str(f) and it.line >= 2 and str(it).startswith(f"{f}:")


def test_insert_events_keeps_the_text_and_appends():
    text = "id: x\nevents:\n  - date: 2020-01-01\n    kind: threat\n# trailing comment\n"
    new = cand.insert_events(text, [{"date": "d", "kind": "k"}], "f")
    assert new.startswith("id: x\nevents:\n  - date: 2020-01-01\n    kind: threat\n")
    assert new.endswith('  - date: "d"\n    kind: "k"\n# trailing comment\n')
    assert cand.insert_events("events: []\n", [{"a": 1}], "f") == "events:\n  - a: 1\n"


def test_review_asks_for_each_pending_candidate(record, run, tmp_path):
    """The terminal prompt's logic (stdin a tty): each pending candidate is put to `decide`; quit stops asking."""
    prof = record("estonia")
    run("import", "acled", DATA / "acled-current.csv", "--country", "estonia", "--profiles", prof, "-o", "c.yaml",
        "-q")
    asked = []
    answers = iter(["accept", "skip", "reject", "quit"])

    def decide(c):
        asked.append(c["id"])
        return next(answers)

    result = cand.review(str(tmp_path / "c.yaml"), decide=decide)
    assert asked == ["acled-est90001", "acled-est90002", "acled-est90003", "acled-est90004"]
    assert (result.accepted, result.rejected, result.pending) == (["acled-est90001"], ["acled-est90003"], 2)


@settings(max_examples=200, deadline=None)
@given(st.text(), st.dates())
def test_any_text_round_trips_through_the_candidate_writer(text, day):
    """Whatever a dataset's notes hold, the candidate file reads back (PyYAML and the project's reader) to the same text."""
    from assessor import yamlsrc

    out = cand.dump({"candidates": [{"id": "x", "date": day, "proposed": {"summary": text}, "src": cand.Flow({"t": text})}]})
    back = yaml.safe_load(out)["candidates"][0]
    assert back["proposed"]["summary"] == text and back["src"]["t"] == text and back["date"] == day
    assert yamlsrc.parse_bytes(out.encode("utf-8"), "c.yaml").data["candidates"][0]["proposed"]["summary"] == text


def test_insert_events_at_column_zero_and_before_the_next_key():
    text = "id: x\nevents:\n- date: 2020-01-01\n  kind: threat\n\n# end of events\ncovers: {}\n"
    new = cand.insert_events(text, [{"a": 1}], "f")
    assert new == "id: x\nevents:\n- date: 2020-01-01\n  kind: threat\n- a: 1\n\n# end of events\ncovers: {}\n"


def test_monthly_counts(run, record, tmp_path):
    prof = record("ukraine")
    run("import", "ucdp", DATA / "ucdp-ged.csv", "--country", "ukraine", "--profiles", prof, "-o", "u.yaml",
        "--counts", "m.csv", "-q")
    assert (tmp_path / "m.csv").read_text(encoding="utf-8") == (
        "country,month,actor,kind,type,events,fatalities\n"
        "ukraine,2023-05,Russia,threat,attack,1,4\n"
        "ukraine,2023-06,Russia,threat,attack,1,12\n")
    _, err = run("import", "ucdp", DATA / "ucdp-ged.csv", "--country", "ukraine", "--profiles", prof, "-o", "v.yaml",
                 "--counts", "m.csv", "-q", code=2)
    assert "m.csv exists" in err


@pytest.mark.parametrize("edit", [
    ('id: "acled-est90001"', "id: [1, 2]"),  # an unhashable id
    ('id: "acled-est90001"', "id: 7"),
    ('\n      kind: "threat"', "\n      kindx: threat"),  # the proposal without its kind
    ('\n      severity: 2\n', "\n"),  # a threat without its severity
    ('\n    row: "EST90001"', ""),
    ('\n      summary: "FIXTURE', "\n      summary_: \"FIXTURE"),
    ('\nprofile: "', "\nprofile: [a, b]\nx: \""),
    ('\ndataset: "ACLED"', "\ndataset: [1]"),
    ('\nprofile_sha256: "', "\nprofile_sha256: [1]\nx: \""),
])
def test_review_of_a_hand_broken_candidate_file_is_one_located_line(run, record, tmp_path, edit):
    """A candidate file is input an analyst edits by hand: any field missing or of the wrong type is one
    located error (file:line), exit 2, and neither the profile nor the candidate file is written."""
    prof = record("estonia")
    run("import", "acled", DATA / "acled-current.csv", "--country", "estonia", "--profiles", prof, "-o", "c.yaml",
        "-q")
    c = tmp_path / "c.yaml"
    text = c.read_text(encoding="utf-8")
    assert edit[0] in text
    c.write_text(text.replace(edit[0], edit[1], 1), encoding="utf-8")
    before, cands = prof.read_bytes(), c.read_bytes()
    for args in (["--accept", "acled-est90001"], ["--list"]):
        _, err = run("import", "review", "c.yaml", *args, code=2)
        assert sum("c.yaml:" in ln for ln in err.splitlines()) == 1, err
        assert prof.read_bytes() == before and c.read_bytes() == cands


def test_a_line_without_an_end_is_one_bad_row_read_in_bounded_memory(run, record, tmp_path):
    """A file with no newline for megabytes (a broken export, a hostile file) costs one located bad row;
    the line is skipped in blocks, never held whole (peak Python memory well below the line's size)."""
    import tracemalloc

    from assessor.importers import LINE_LIMIT, csv_records

    prof = record("estonia")
    head, row = (DATA / "acled-current.csv").read_bytes().split(b"\n")[:2]
    f = tmp_path / "long.csv"
    f.write_bytes(head + b"\n" + row + b"\n" + b"x" * (20 * LINE_LIMIT) + b"\n" + row.replace(b"EST90001", b"EST9") + b"\n")
    tracemalloc.start()
    try:
        got = list(csv_records(f, columns=("event_id_cnty",)))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert [(line, bad is not None) for line, _, bad in got] == [(2, False), (3, True), (4, False)]
    assert peak < 4 * LINE_LIMIT, peak  # the line is 20 × LINE_LIMIT bytes
    out, err = run("import", "acled", f, "--country", "estonia", "--profiles", prof, "-o", "c.yaml")
    assert "2 mapped" in out and "long.csv:3: longer than 1,000,000 bytes on one line" in err


def test_a_bad_rows_message_quotes_a_huge_value_only_in_part(run, record, tmp_path):
    """A megabyte-long field that cannot be read is reported in a bounded line, on the terminal and in the
    candidate file (which lists a thousand bad rows: a megabyte each would be a gigabyte)."""
    prof = record("estonia")
    head, row = (DATA / "acled-current.csv").read_text(encoding="utf-8", errors="replace").split("\n")[:2]
    f = tmp_path / "huge.csv"
    f.write_text(head + "\n" + row.replace("2024-03-10", "9" * 900_000) + "\n" + row.replace("EST90001", "EST9") + "\n")
    _, err = run("import", "acled", f, "--country", "estonia", "--profiles", prof, "-o", "c.yaml")
    bad = [ln for ln in err.splitlines() if ln.startswith("bad row:")]
    assert len(bad) == 1 and "huge.csv:2: column event_date: '9999" in bad[0] and len(bad[0]) < 500
    assert (tmp_path / "c.yaml").stat().st_size < 20_000


def test_a_row_repeated_in_the_export_is_proposed_once(run, record, tmp_path):
    """Two downloads pasted together repeat rows: the repeat is a located bad row, not a second candidate
    with the same id (which made the whole candidate file unreviewable); two different row ids that
    make the same candidate id both stay, under different ids."""
    prof = record("estonia")
    head, row = (DATA / "acled-current.csv").read_text(encoding="utf-8", errors="replace").split("\n")[:2]
    f = tmp_path / "twice.csv"
    f.write_text("\n".join([head, row, row, row.replace("EST90001", "EST 9"), row.replace("EST90001", "EST-9")]) + "\n")
    out, err = run("import", "acled", f, "--country", "estonia", "--profiles", prof, "-o", "c.yaml")
    assert "3 mapped" in out and "1 bad rows" in out and "twice.csv:3: row id 'EST90001' repeats the row of line 2" in err
    ids = [c["id"] for c in _load(tmp_path / "c.yaml")["candidates"]]
    assert len(ids) == len(set(ids)) == 3 and ids[:2] == ["acled-est90001", "acled-est-9"]
    out, _ = run("import", "review", "c.yaml", "--accept", ids[2])
    assert "accepted 1" in out


@pytest.mark.parametrize("target", ["in.csv", "estonia.yaml", "link.yaml"])
def test_counts_onto_an_input_writes_nothing(run, record, tmp_path, target):
    """--counts naming the export, the profile or a link to it is refused before anything is written:
    the candidate file was written first and left behind by the refusal."""
    prof = record("estonia")
    shutil.copy(DATA / "acled-current.csv", tmp_path / "in.csv")
    (tmp_path / "link.yaml").symlink_to(prof)
    before = {p.name: p.read_bytes() for p in tmp_path.iterdir()}
    _, err = run("import", "acled", "in.csv", "--country", "estonia", "--profiles", prof, "-o", "c.yaml",
                 "--counts", target, "--force", "-q", code=2)
    assert "refusing to overwrite input file" in err and "wrote" not in err
    assert {p.name: p.read_bytes() for p in tmp_path.iterdir()} == before


@pytest.mark.parametrize("rule, column", [
    ("{id: x, when: {actor1: 'Military Forces of Russia (2000-)'}, event: {kind: posture, type: buildup}, reason: t}",
     "actor1"),
    ("{id: x, when: {event_type: Battles}, at_least: {NumMentions: 5}, event: {kind: posture, type: buildup}, "
     "reason: t}", "NumMentions"),
])
def test_a_mapping_rule_on_a_column_the_reader_does_not_carry_is_located(run, record, write, rule, column):
    """A rule whose column the reader never fills can match no row: every row would be 'unmapped, no rule
    matches' with no word about the mapping; it is a located error naming the columns a rule may use."""
    prof = record("estonia")
    m = write("m.yaml", f"""
        source: acled
        dataset: ACLED
        publisher: ACLED
        rules:
          - {rule}
        """)
    _, err = run("import", "acled", DATA / "acled-current.csv", "--country", "estonia", "--profiles", prof,
                 "--mapping", m, "-o", "c.yaml", code=2)
    assert "m.yaml:5:" in err and repr(column) in err and ("event_type" in err or "(fatalities)" in err)


def test_unmapped_rows_are_grouped_in_bounded_memory(run, record, tmp_path, monkeypatch):
    """Distinct unmapped types are kept up to a cap; the rest are counted in one last group (a hostile export
    with a new type on every row grew the listing with the file: 600 MB for 144 MB), and a type written
    a megabyte long is listed in part."""
    monkeypatch.setattr(cand, "UNMAPPED_GROUPS", 3)
    prof = record("estonia")
    head, row = (DATA / "acled-current.csv").read_text(encoding="utf-8", errors="replace").split("\n")[:2]
    rows = [row.replace("EST90001", f"EST{k}").replace("Disrupted weapons use", f"Kind {k} " + "y" * 5000)
            for k in range(6)]
    f = tmp_path / "kinds.csv"
    f.write_text("\n".join([head, *rows]) + "\n")
    out, _ = run("import", "acled", f, "--country", "estonia", "--profiles", prof, "-o", "c.yaml")
    doc = _load(tmp_path / "c.yaml")
    assert doc["summary"]["unmapped"] == 6 and sum(g["count"] for g in doc["unmapped"]) == 6
    assert len(doc["unmapped"]) == 4 and doc["unmapped"][-1]["count"] == 3
    assert "more kinds" in doc["unmapped"][-1]["types"]
    assert all(len(g["types"]) < 1000 for g in doc["unmapped"]) and len(out) < 4000


@pytest.mark.parametrize("value", ["inf", "1e400", "-inf", "nan"])
def test_gdelt_numbers_that_are_not_finite_are_bad_rows(run, record, tmp_path, value):
    """A count of mentions written 'inf' or '1e400' (float() reads both) is a located bad row; it ended the
    import with an OverflowError traceback when the summary turned it into an integer."""
    from assessor.importers import gdelt

    prof = record("taiwan")
    first = (DATA / "gdelt.export.CSV").read_text(encoding="utf-8", errors="replace").split("\n")[0].split("\t")
    first[gdelt.COLUMNS.index("NumMentions")] = value
    f = tmp_path / "g.CSV"
    f.write_text("\t".join(first) + "\n")
    out, err = run("import", "gdelt", f, "--country", "taiwan", "--profiles", prof, "-o", "g.yaml", code=2)
    assert "1 bad rows" in out and "g.CSV:1: column NumMentions:" in err and "finite" in err


@pytest.mark.parametrize("target", ["/dev/zero", "fifo"])
def test_review_reads_only_a_regular_profile_file_and_never_without_bound(run, record, tmp_path, target):
    """The candidate file names the profile to write into: /dev/zero there took all the memory and a FIFO
    hung the review; both are one located error, exit 2, nothing written."""
    import os

    prof = record("estonia")
    run("import", "acled", DATA / "acled-current.csv", "--country", "estonia", "--profiles", prof, "-o", "c.yaml",
        "-q")
    if target == "fifo":
        os.mkfifo(tmp_path / "fifo")
        target = str(tmp_path / "fifo")
    c = tmp_path / "c.yaml"
    text = c.read_text(encoding="utf-8")
    c.write_text(text.replace(f'profile: "{prof}"', f'profile: "{target}"'), encoding="utf-8")
    cands = c.read_bytes()
    _, err = run("import", "review", "c.yaml", "--accept", "acled-est90001", code=2)
    assert target in err and "not a regular file" in err and c.read_bytes() == cands


def test_import_reads_the_projects_world_records_as_every_command_does(run, record, tmp_path):
    """A project's world record that already holds the event makes the candidate a duplicate: import loaded
    the profiles without the project's world records (its own copy of the loading), so it proposed the
    event again."""
    prof = record("estonia")
    (tmp_path / "assessor.toml").write_text('world = ["world"]\n')
    (tmp_path / "world").mkdir()
    (tmp_path / "world" / "extra.yaml").write_text("""actor: Russia
events:
  - id: proj-drone
    concerns: {countries: [Estonia]}
    date: 2024-03-10
    kind: threat
    type: airspace_violation
    severity: 2
    weighs_days: 90
    summary: An analyst's own record of a drone over Narva.
    source: {publisher: Test, title: Drone, date: 2024-03-10}
""")
    out, _ = run("import", "acled", DATA / "acled-current.csv", "--country", "estonia", "--profiles", prof,
                 "-o", "c.yaml", "-q")
    assert "4 mapped (3 duplicates of the record)" in out
    first = _load(tmp_path / "c.yaml")["candidates"][0]
    assert first["id"] == "acled-est90001" and "2024-03-10 threat airspace_violation by Russia" in first["duplicate_of"]


def test_review_validates_with_the_projects_registry(run, tmp_path, monkeypatch):
    """A project profile naming a state of the project's own registry validated for every command but not
    for review, which checked the record against the bundled registry only and refused every accept."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "states.yaml").write_text("entries:\n  - name: Atlantis\n    iso: false\n")
    (tmp_path / "assessor.toml").write_text('registry = ["states.yaml"]\nprofiles = ["profiles"]\n')
    (tmp_path / "profiles").mkdir()
    text = (loader.default_dir("profiles") / "estonia.yaml").read_text(encoding="utf-8")
    at = text.index("\nevents:\n") + len("\nevents:\n")
    prof = tmp_path / "profiles" / "estonia.yaml"
    prof.write_text(text[:at] + "  - {date: 2021-02-01, kind: threat, actor: Atlantis, type: statement, severity: 1, "
                    "weighs_days: 30, summary: Atlantis says something., source: {publisher: Atlas Press, "
                    "title: Statement, date: 2021-02-01}}\n" + text[at:], encoding="utf-8")
    run("assess", "estonia", "--date", "2022-01-01")  # the project's profile is valid with its registry
    run("import", "acled", DATA / "acled-current.csv", "--country", "estonia", "-o", "c.yaml", "-q")
    out, _ = run("import", "review", "c.yaml", "--accept", "acled-est90001")
    assert "accepted 1" in out and "acled-est90001" in prof.read_text(encoding="utf-8")
