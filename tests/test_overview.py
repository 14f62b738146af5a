"""`assess` of several countries at a glance (issue 18, item 5): one line each, the date outside
a record said once, details on request, numbers written one way in every text output."""

from __future__ import annotations

import re

import pytest
from conftest import REPO, D

from assessor.render import text

PROFILES = sorted(p.stem for p in (REPO / "profiles").glob("*.yaml"))
ANSI = re.compile(r"\x1b\[[0-9;]*m")


def _rows(out: str) -> list[str]:
    """The country lines of an overview (between the column header and the notes)."""
    lines = out.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("country"))
    return [line for line in lines[start + 1:] if re.match(r"^\S.*\s\d+\.\d\s", line)]


@pytest.mark.parametrize("day", ["2022-06-01", "2026-07-15", "2026-12-06", "2100-01-01", "1800-01-01", "1950-01-01"])
def test_assess_all_fits_one_screen(run, tmp_path, monkeypatch, day):
    monkeypatch.chdir(tmp_path)
    out, err = run("assess", "all", "--date", day)
    lines = out.splitlines()
    assert len(lines) <= 24, out
    assert all(len(line) <= 100 for line in lines), [line for line in lines if len(line) > 100]
    rows = _rows(out)
    far = re.search(r"Not in this table \((\d+)\)", out)  # records of another period: one line, not a row each
    assert len(rows) + (int(far.group(1)) if far else 0) == len(PROFILES) >= 17
    assert len(rows) >= (10 if day >= "2020" else 1)  # today's records, or the historical ones nearest the date
    for row in rows:
        assert re.search(r"\s-?\d+\.\d\s+[+-]\d+\.\d\s+(LOW|MODERATE|ELEVATED|HIGH|CRITICAL)\s+(covers|ended|not yet)\s+"
                         r"([+-]\d+\.\d \S|the base score: no rule moved it)", row), row  # score, indices, level, record, driver
    assert "warning:" not in out + err


def test_a_date_outside_the_records_is_said_once(run, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    out, _ = run("assess", "finland", "sweden", "denmark", "--date", "2026-06-15")
    assert out.count("do not cover") == 1 and "1 of 3 records do not cover 2026-06-15" in out
    assert re.search(r"^Denmark\s+\d+\.\d\s+-?\d+\.\d\s+[+-]\d+\.\d\s+\w+\s+ended\s", out, re.M)
    out, _ = run("assess", "finland", "sweden", "kuwait-1990", "--date", "2022-06-01")
    assert ("Not in this table (1), their record ending or starting more than a year from 2022-06-01: Kuwait (1990)"
            in " ".join(out.split()))
    assert not re.search(r"^Kuwait[^\n]*\s\d+\.\d\s", out, re.M) and "do not cover" not in out  # named, not a row
    # rules 3.4.0, by hand: raw = 28 + 0.5 x 15.25 + 15.66 = 51.29, logistic(51.29; 50, 18) = 51.8
    assert re.search(r"^Finland\s+51\.8\s+43\.3\s+\+15\.7\s+ELEVATED\s+covers\s+\+25\.0 In the window between application and "
                     r"member",
                     out, re.M)
    out, _ = run("assess", "finland", "sweden", "--date", "2022-06-01")
    assert "cover 2022" not in out  # every record covers the date: nothing to say
    out, _ = run("assess", "finland", "sweden", "kuwait-1990", "--date", "2022-06-01", "--details")
    assert out.count("points  rule") == 3 and out.count("do not cover") == 1 and "warning:" not in out
    assert "Kuwait (1990) [kuwait-1990] on 2022-06-01: score" in out and "(outside its record)" in out


def test_one_country_keeps_its_breakdown_and_its_warning(run):
    out, _ = run("assess", "finland", "--date", "2022-06-01")
    assert out.startswith("Finland (finland) on 2022-06-01: score 51.8 (0\u2013100), level ELEVATED\n")
    assert "window-of-vulnerability" in out and "points  rule" in out
    out, _ = run("assess", "finland", "--date", "2030-01-01")
    assert out.count("warning: 2030-01-01 lies outside the period") == 1


def test_the_driver_is_what_moves_the_score_the_way_it_went(default_assessor):
    """Above the base: the rule that raised the raw value most; below: the one that lowered it most."""
    base = default_assessor.ruleset.base
    up = default_assessor.assess("ukraine", D("2022-03-15"))
    assert up.score > base and text.driver(up, default_assessor.ruleset).points == max(c.points for c in up.contributions) > 0
    down = default_assessor.assess("norway", D("2023-06-01"))
    assert down.score < base and text.driver(down, default_assessor.ruleset).points < 0


def test_the_drivers_direction_is_the_raw_values_not_the_scores(default_assessor):
    """The direction is read on the weighted raw value: on the logistic scale the base (a raw value) lands on a
    score of its own, and a score between the two named a rule that went the other way (Sweden's 26.2 on
    2023-06-01 named a guarantee's -14 while its rules had raised the raw value to 31.3).  On every bundled record
    on three dates: the driver goes the way the weighted raw value went, with the most points of the rules going
    that way (the explanation's order)."""
    from assessor import score

    rs = default_assessor.ruleset
    checked = 0
    for p in default_assessor.profiles.profiles.values():
        for day in (p.covers_from, p.covers_from + (p.covers_to - p.covers_from) / 2, p.covers_to):
            a = default_assessor.assess(p, day)
            c = text.driver(a, rs)
            raw = float(score.raw_value(rs, a.contributions))
            moved = [x.points for x in a.contributions if x.points]
            if c is None:
                assert not [m for m in moved if (m > 0) == (raw >= rs.base)], (p.id, day)
                continue
            assert (c.points > 0) == (raw >= rs.base), (p.id, day, raw, c.rule)
            assert abs(c.points) == max(abs(m) for m in moved if (m > 0) == (c.points > 0)), (p.id, day, c.rule)
            checked += 1
    assert checked > 100
    sweden = default_assessor.assess("sweden", D("2023-06-01"))
    assert sweden.score < rs.base < float(score.raw_value(rs, sweden.contributions))  # the case the score misread
    assert text.driver(sweden, rs).points > 0


def test_samples_add_a_band_column(run):
    out, _ = run("assess", "finland", "sweden", "--date", "2022-06-01", "--samples", 3, "--jobs", 1)
    assert "P5\u2013P95" in out.splitlines()[1]
    assert all(re.search(r"\d+\.\d\s+\d+\.\d\u2013\d+\.\d", row) for row in _rows(out))
    assert "over 3 samples" in out


def test_colour_only_paints_the_level(default_assessor):
    items = [default_assessor.assess(c, D("2022-06-01")) for c in ("finland", "sweden", "estonia")]
    plain = text.overview(items, default_assessor.ruleset, colour=False)
    painted = text.overview(items, default_assessor.ruleset, colour=True)
    assert painted != plain and ANSI.sub("", painted) == plain


def test_scores_are_written_one_way_in_every_text_output(run, tmp_path):
    """One decimal, no '/100', whichever command prints them."""
    outs = [run("assess", "finland", "--date", "2022-06-01")[0],
            run("assess", "finland", "sweden", "--date", "2022-06-01")[0],
            run("explain", "finland", "--date", "2022-06-01")[0],
            run("timeline", "finland", "--from", "2022-05-01", "--to", "2022-06-01")[0]]
    for out in outs:
        assert "/100" not in out
        assert not re.search(r"score \d+(?![.\d])", out), out
    explained = outs[2]
    assert "score 51.8, level ELEVATED" in explained and "→ score 51.8" in explained
    assert re.search(r"→ \d+\.\d (LOW|MODERATE|ELEVATED|HIGH|CRITICAL)", explained)  # counterfactuals
    assert re.search(r"By factor \(points as the rules give them, before the indices are weighed\): \w+ [+-]\d+\.\d,", explained)


def test_a_timeline_says_the_dates_outside_records_once(run):
    out, _ = run("timeline", "finland", "sweden", "kuwait-1990", "--from", "2026-06-01", "--to", "2026-12-01",
                 "--step", "month")
    assert out.count("warning") == 1, out
    said = " ".join(out[out.index("warning"):].split())
    assert all(f"of {c}" in said for c in ("finland", "sweden", "kuwait-1990")), said


def test_evidence_asks_for_the_breakdowns(run):
    out, _ = run("assess", "finland", "sweden", "--date", "2022-06-01", "--evidence")
    assert out.count("points  rule") == 2 and "what drives it most" not in out


def test_records_of_another_period_are_named_nearest_first_within_three_lines():
    """However many historical records a project holds, the note naming them keeps the overview on
    one screen: the records nearest the date are named, each whole on one line, the rest counted
    (found when the bundled records grew to 30 and the note took a fourth line)."""
    from types import SimpleNamespace as NS

    day = D("2026-12-06")
    items = [NS(date=day, profile=NS(name=f"Land {k} ({1900 + k})", covers_from=D(f"{1900 + k}-01-01"),
                                     covers_to=D(f"{1900 + k}-12-31"))) for k in range(60)]
    lines = text._wrapped(text._other_period_note(items))
    note = " ".join(lines)
    assert len(lines) <= 3 and all(len(line) <= 100 for line in lines)
    named = re.findall(r"Land (\d+) \(", note)
    assert named and named == sorted(named, key=int, reverse=True)  # nearest (latest) first
    for line in lines:  # a name and its period never split across lines
        assert not re.search(r"Land( \d+)?$", line) and not re.match(r"^(\d+ )?\(\d{4}\)", line), line
    assert note.endswith(f"and {60 - len(named)} more (`assessor profiles list`).")
    few = " ".join(text._wrapped(text._other_period_note(items[-2:])))  # room for all: every one named
    assert few.endswith("Land 59 (1959), Land 58 (1958).")
    one_line = text._wrapped(text._other_period_note(items, lines=1))  # less room on the screen: fewer names
    assert len(one_line) == 1
    long = [NS(date=day, profile=NS(name="Land of " + "very " * 80 + "long name", covers_from=D("1900-01-01"),
                                    covers_to=D("1900-12-31")))]
    told = text._wrapped(text._other_period_note(long))
    assert len(told) <= 3 and told[-1].endswith("1 record of another period than 2026-12-06 (`assessor profiles list`).")  # counted, not named


def test_a_date_far_from_every_record_still_gives_the_nearest_their_rows(run, tmp_path, monkeypatch):
    """On a date more than a year from every record, the rows are the records nearest it (those within
    a year of the nearest), not all of them, and the rest are named under the table."""
    monkeypatch.chdir(tmp_path)
    out, _ = run("assess", "all", "--date", "2100-01-01")
    rows = _rows(out)
    assert 10 <= len(rows) < len(PROFILES)
    assert "Kuwait" not in " ".join(rows) and "than the nearest record" in out
