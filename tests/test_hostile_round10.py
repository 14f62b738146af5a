"""Hostile input: what the ninth round found and left to the lead (2026-12-07), fixed.

Each test failed before its fix, except the other-side checks beside them (a valid input that still works the
same way).
"""

from __future__ import annotations

import csv
import io
import json

import pytest

# --------------------------------------------------------------------------- -o's name says the format


@pytest.mark.parametrize("command", [("assess", "finland", "--date", "2022-06-01"),
                                     ("timeline", "finland", "--from", "2022-01-01", "--to", "2022-03-01"),
                                     ("explain", "finland", "--date", "2022-06-01")])
def test_o_with_a_json_name_writes_json_without_format(in_dir, run, command):
    """`-o t.json` without --format wrote the default text into a file every JSON reader refused; report and
    sweep already read the format from -o's name."""
    run(*command, "-o", "t.json")
    json.loads((in_dir / "t.json").read_text(encoding="utf-8"))


def test_o_with_a_csv_name_writes_csv_where_the_command_writes_it(in_dir, run):
    run("timeline", "finland", "--from", "2022-01-01", "--to", "2022-03-01", "-o", "t.csv")
    rows = list(csv.DictReader(io.StringIO((in_dir / "t.csv").read_text(encoding="utf-8"))))
    assert rows and {"country", "date", "score"} <= rows[0].keys()


def test_format_given_still_wins_over_the_name_and_an_unknown_name_keeps_the_default(in_dir, run):
    run("assess", "finland", "--date", "2022-06-01", "--format", "text", "-o", "t.json")
    assert (in_dir / "t.json").read_text(encoding="utf-8").startswith("Finland (finland) on 2022-06-01")
    run("assess", "finland", "--date", "2022-06-01", "-o", "t.md")
    assert (in_dir / "t.md").read_text(encoding="utf-8").startswith("Finland (finland) on 2022-06-01")
    run("explain", "finland", "--date", "2022-06-01", "-o", "t.csv")  # explain writes no CSV: its default, text
    assert (in_dir / "t.csv").read_text(encoding="utf-8").startswith("Finland on 2022-06-01: score")


# --------------------------------------------------------------------------- a country never faces itself

SELF = """id: x
name: Russia
alliance: none
adversary: {adversary}
{more}covers: {{from: 2020-01-01, to: 2021-01-01}}
events: []
"""


def test_a_profile_whose_adversary_is_the_country_itself_is_a_located_error(in_dir, run):
    """A profile of Russia facing Russia loaded and scored, its own territory read as a hostile border."""
    (in_dir / "r.yaml").write_text(SELF.format(adversary="Russia", more=""), encoding="utf-8")
    _, err = run("assess", "x", "--date", "2020-06-01", "--profiles", "r.yaml", code=2)
    assert "r.yaml:4:" in err and "'Russia' is the country itself" in err, err
    (in_dir / "s.yaml").write_text(SELF.format(adversary="Ukraine", more="adversaries:\n  - name: Russia\n"),
                                   encoding="utf-8")
    _, err = run("assess", "x", "--date", "2020-06-01", "--profiles", "s.yaml", code=2)
    assert "s.yaml:6:" in err and "'Russia' is the country itself" in err, err
    (in_dir / "t.yaml").write_text(SELF.format(adversary="Ukraine", more=""), encoding="utf-8")
    run("assess", "x", "--date", "2020-06-01", "--profiles", "t.yaml")


def test_profiles_new_for_the_template_s_adversary_writes_another_adversary(in_dir, run):
    """`profiles new Russia` wrote the template's adversary, Russia, into Russia's own profile."""
    run("profiles", "new", "Russia")
    text = (in_dir / "profiles" / "russia.yaml").read_text(encoding="utf-8")
    assert "adversary: China" in text and "adversary: Russia" not in text
    run("profiles", "new", "Ruritania")
    assert "adversary: Russia" in (in_dir / "profiles" / "ruritania.yaml").read_text(encoding="utf-8")
