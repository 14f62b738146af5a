"""``assessor rules diff`` (what does my edit change?) and ``assessor rules show``."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from conftest import MINI_PROFILE, D

from assessor import authoring, loader
from assessor.assess import Assessor, dates_between
from assessor.render import jsonout
from assessor.render import text as text_reporter


def raise_window_points(rules_dir, points: int = 35):
    f = rules_dir / "membership.yaml"
    text = f.read_text()
    start = text.index("  - id: window-of-vulnerability\n")
    at = text.index("effect: {points: 25}", start)  # the window's points, not the promise's
    f.write_text(text[:at] + f"effect: {{points: {points}}}" + text[at + len("effect: {points: 25}"):])


def diff_json(run, *args, code: int = 0) -> dict:
    return json.loads(run("rules", "diff", *args, "--format", "json", code=code)[0])


def test_identical_rule_sets(run):
    default = loader.default_dir("rules")
    out, _ = run("rules", "diff", default, default, "--exit-code")
    assert "definitions: identical" in out and out.endswith("no score or level changes\n")


def test_lists_exactly_the_country_dates_whose_level_changed(run, rules_copy):
    """The acceptance test: the expected set is computed independently, date by date."""
    raise_window_points(rules_copy)
    doc = diff_json(run, loader.default_dir("rules"), rules_copy, "--from", "2021-01-01", "--to", "2024-12-31")
    dates = dates_between(D("2021-01-01"), D("2024-12-31"), "week")
    old, new = Assessor.load(), Assessor.load([str(rules_copy)])
    want = set()
    for country in sorted(old.profiles.profiles):
        for day in dates:
            a, b = old.assess(country, day), new.assess(country, day)
            if a.level != b.level:
                want.add((country, day.isoformat(), a.level, b.level))
    got = {(m["country"], m["date"], m["old_level"], m["new_level"]) for m in doc["level_changes"]}
    assert got == want and want
    assert doc["definitions"] == {"added": [], "removed": [], "changed": {"window-of-vulnerability": ["effect"]}, "header": []}
    assert doc["rules"] == [{"rule": "window-of-vulnerability", "country_dates": doc["score_moves"]["count"],
                             "mean_points_change": 10.0}]


def test_default_dates_are_the_span_the_profiles_cover(run, write):
    """Without --from and --to a diff runs over the profiles' records, not over fixed years."""
    prof = write("p.yaml", MINI_PROFILE)  # covers 2020-01-01 to 2024-12-31
    default = loader.default_dir("rules")
    doc = diff_json(run, default, default, "--profiles", prof, "--step", "month")
    assert doc["dates"] == {"from": "2020-01-01", "to": "2024-12-01", "step": "month", "count": 60}
    doc = diff_json(run, default, default, "--profiles", prof, "--step", "month", "--from", "2024-01-01")
    assert (doc["dates"]["from"], doc["dates"]["count"]) == ("2024-01-01", 12)


def test_hand_checked_on_a_small_profile(run, rules_copy, write):
    """Testland applies on 2021-01-01: structural 25 window + 6 adversary next door + 3 without a
    bridge + 2.5 border = 36.5, raw 28 + 0.5 x 36.5 = 46.25, score 100 / (1 + e^(3.75/18)) = 44.8,
    elevated; with 50 window points 61.5, raw 58.75, 100 / (1 + e^(-8.75/18)) = 61.9, high.  A threat
    on 2021-06-01 (severity 2 over 100 days) counts on the warning index against Testland's own
    baseline, at most +2.4 raw points: the old score stays below 60 (high from raw 57.3) and the new
    one above, so every Friday of the application changes, and none after Testland joins on
    2022-01-01 (the window closes)."""
    raise_window_points(rules_copy, 50)
    prof = write("p.yaml", MINI_PROFILE)
    doc = diff_json(run, loader.default_dir("rules"), rules_copy, "--profiles", prof,
                    "--from", "2021-01-01", "--to", "2022-06-30")
    fridays = [D("2021-01-01") + dt.timedelta(weeks=i) for i in range(53)]
    assert fridays[-1] == D("2021-12-31")
    got = [(m["date"], m["old_level"], m["new_level"]) for m in doc["level_changes"]]
    assert got == [(d.isoformat(), "elevated", "high") for d in fridays]
    first = doc["level_changes"][0]
    assert (first["old_score"], first["new_score"]) == (44.8, 61.9)
    assert first["change"] == pytest.approx(61.9 - 44.8)


def test_text_output_and_exit_code(run, rules_copy):
    raise_window_points(rules_copy)
    out, _ = run("rules", "diff", loader.default_dir("rules"), rules_copy, "--from", "2022-07-01", "--to", "2022-08-31",
                 "--exit-code", code=1)
    lines = out.splitlines()
    assert lines[3] == "definitions: changed window-of-vulnerability (effect)"
    assert any(ln.split()[:4] == ["finland", "2022-08-05", "moderate", "->"] for ln in lines)
    assert "score moved on " in out and "window-of-vulnerability" in lines[-1]
    run("rules", "diff", loader.default_dir("rules"), rules_copy, "--from", "2022-07-01", "--to", "2022-08-31")


def test_moved_level_bands_change_levels_without_rules(run, rules_copy):
    f = rules_copy / "ruleset.yaml"
    f.write_text(f.read_text().replace("{name: high, from: 60}", "{name: high, from: 50}"))
    doc = diff_json(run, loader.default_dir("rules"), rules_copy, "--step", "month")
    assert doc["definitions"]["header"] == ["levels"]
    assert doc["level_changes"] and doc["score_moves"]["count"] == 0 and doc["rules"] == []
    assert all(m["old_level"] == "elevated" and m["new_level"] == "high" for m in doc["level_changes"])


def test_added_and_removed_rules(run, rules_copy):
    (rules_copy / "exposure.yaml").unlink()
    exposure = ["land-border", "long-border-outside-alliance", "maritime-proximity", "adversary-next-door"]
    period = ("--step", "month", "--from", "2021-01-01", "--to", "2024-12-31")  # the present-day records
    doc = diff_json(run, loader.default_dir("rules"), rules_copy, *period)
    assert doc["definitions"]["removed"] == exposure
    # each of them moves scores: bundled profiles give land borders, a sea distance (Japan, Taiwan, ...)
    # and a hostile neighbour
    assert {r["rule"] for r in doc["rules"]} == set(exposure)
    back = diff_json(run, rules_copy, loader.default_dir("rules"), *period)
    assert back["definitions"]["added"] == exposure


@pytest.mark.parametrize(
    "args, words",
    [(("--from", "2023-01-01", "--to", "2022-01-01"), "before"), (("--step", "year"), "Invalid value for '--step'")],
)
def test_diff_usage_errors(run, args, words):
    default = loader.default_dir("rules")
    _, err = run("rules", "diff", default, default, *args, code=2)
    assert words in err


def test_diff_of_a_broken_rule_set_is_an_input_error(run, rules_copy):
    # (a copy without its header was the broken set here; since round 9 such a folder is rules added to the bundled
    # set, as `rules test`, `validate` and `list` read it: a rule that does not load breaks the set)
    (rules_copy / "broken.yaml").write_text("rules:\n  - id: broken-rule\n    factor: exposure\n", encoding="utf-8")
    _, err = run("rules", "diff", loader.default_dir("rules"), rules_copy, code=2)
    assert "broken.yaml:2:" in err and "missing-field" in err, err


# --------------------------------------------------------------------------- show


def test_show_prints_the_rule_its_pattern_and_where_it_fires(run):
    out, _ = run("rules", "show", "window-of-vulnerability")
    f = loader.default_dir("rules") / "membership.yaml"
    line = next(i for i, t in enumerate(f.read_text().splitlines(), 1) if "id: window-of-vulnerability" in t)
    assert out.startswith(f"window-of-vulnerability  defined at {f}:{line}:5\n")
    assert "  - id: window-of-vulnerability\n" in out and "effect: {points: 25}" in out
    assert "id: prolonged-ratification" not in out  # the next rule is not part of it
    assert '"kind": "assessment"' in out and '"status": "applicant"' in out
    fires = {ln.split()[0]: ln.split(None, 1)[1] for ln in out.split("fires on", 1)[1].splitlines()[1:]}
    assert fires["norway"] == "never"
    assert fires["finland"].startswith("2022-05-18..2023-04-0")


def test_show_json_matches_the_timeline(run, default_assessor):
    doc = json.loads(run("rules", "show", "defence-guarantee", "--format", "json", "--step", "week")[0])
    assert doc["id"] == "defence-guarantee" and doc["yaml"].startswith("- id: defence-guarantee\n")
    # the rule's `when: {fact: protection, gt: 0}`, compiled
    assert doc["compiled"] == {"defence-guarantee": {"all": [{"m": {"$and": [{"kind": "assessment"},
                                                                            {"$gt": {"protection": 0}}]}}]}}
    p = default_assessor.profile("finland")
    fired = [pt.date for pt in default_assessor.timeline(p, dates_between(p.covers_from, p.covers_to, "week"))
             if "defence-guarantee" in pt.fired]
    assert doc["fires"]["finland"] == [{"from": fired[0].isoformat(), "to": fired[-1].isoformat()}]


def test_show_unknown_rule_suggests(run):
    _, err = run("rules", "show", "defence-guarantes", code=2)
    assert "unknown rule 'defence-guarantes'; did you mean 'defence-guarantee'?" in err


def test_compact_json_round_trips_within_its_width():
    value = {"all": [{"m": {"$and": [{"kind": "assessment"}, {"$or": [{"a": i} for i in range(20)]}]}}]}
    text = text_reporter.compact_json(value, width=40)
    assert json.loads(text) == value
    assert max(len(line) for line in text.splitlines()) <= 40
    assert '{"kind": "assessment"}' in text


def test_diff_is_streamed_in_bounded_pieces_and_reads_as_json_dumps(rules_copy):
    """The moves are never held: the writer gets blocks of about 64 kB as they are produced, and
    the pieces make exactly the document json.dumps(indent=2) would have written."""
    raise_window_points(rules_copy)
    d = authoring.diff_rulesets(loader.load_ruleset(), loader.load_ruleset([rules_copy]), loader.load_profiles(),
                                dates_between(D("2021-01-01"), D("2024-12-31"), "day"), "day")
    assert not isinstance(d.moves(), list)
    pieces: list[str] = []
    jsonout.rules_diff(d, pieces.append)
    assert len(pieces) > 3 and max(map(len, pieces)) < 80_000
    text = "".join(pieces)
    assert text == json.dumps(json.loads(text), indent=2, ensure_ascii=False) + "\n"
    doc = json.loads(text)
    assert doc["level_changes"] == [m for m in doc["moves"] if m["old_level"] != m["new_level"]]
    assert doc["score_moves"]["count"] == len(doc["moves"])
    pieces = []
    text_reporter.rules_diff(d, pieces.append)
    again: list[str] = []
    text_reporter.rules_diff(d, again.append)
    assert "".join(pieces) == "".join(again) and "level changed on" in pieces[0]


def test_moves_no_rule_explains_name_what_changed_instead(run, tmp_path):
    """When no rule's points changed, the moves came from the header or from a rule counted in the other index:
    the diff said "(the level bands changed)" whatever had (a review: the combination's weights alone)."""
    import shutil

    from assessor import loader

    finland = loader.default_dir("profiles") / "finland.yaml"
    span = ("--profiles", finland, "--from", "2022-05-01", "--to", "2022-07-01", "--step", "month")
    weights = tmp_path / "weights"
    shutil.copytree(loader.default_dir("rules"), weights)
    header = weights / "ruleset.yaml"
    text = header.read_text(encoding="utf-8")
    assert "weights: {structural: 0.5, warning: 1}" in text
    header.write_text(text.replace("weights: {structural: 0.5", "weights: {structural: 0.6"), encoding="utf-8")
    out, _ = run("rules", "diff", loader.default_dir("rules"), weights, *span)
    assert "rules behind the moves: none whose points changed: the header changed (combine)" in out
    assert "level bands" not in out
    factor = tmp_path / "factor"
    shutil.copytree(loader.default_dir("rules"), factor)
    threats = factor / "threats.yaml"
    body = threats.read_text(encoding="utf-8")
    first = body.index("factor: threats", body.index("id: threat-surge"))  # a warning factor: the rule changes index
    threats.write_text(body[:first] + "factor: threatz" + body[first + len("factor: threats"):], encoding="utf-8")
    out, _ = run("rules", "diff", loader.default_dir("rules"), factor, *span)
    assert "changed threat-surge (factor, index)" in out and "score moved on 0 " not in out, out
    assert "rules behind the moves: none whose points changed: 1 rule counts in another index (threat-surge)" in out


def test_a_changed_forecast_map_is_a_changed_header_and_the_header_is_named_beside_rules(run, tmp_path):
    """A review found `rules diff` calling a rule set whose forecast map (what each level claims, read by every
    Brier figure of the backtest) had changed "definitions: identical"; and, once any rule's points also changed,
    the moves the header's new weights made (a level among them) were put down to that rule alone."""
    import shutil

    finland = loader.default_dir("profiles") / "finland.yaml"
    span = ("--profiles", finland, "--from", "2022-05-01", "--to", "2022-11-01", "--step", "month")
    forecast = tmp_path / "forecast"
    shutil.copytree(loader.default_dir("rules"), forecast)
    header = forecast / "ruleset.yaml"
    text = header.read_text(encoding="utf-8")
    assert "horizon_days: 90" in text
    header.write_text(text.replace("horizon_days: 90", "horizon_days: 60"), encoding="utf-8")
    out, _ = run("rules", "diff", loader.default_dir("rules"), forecast, *span)
    assert "definitions: header changed (forecast)" in out and "no score or level changes" in out, out
    assert diff_json(run, loader.default_dir("rules"), forecast, *span)["definitions"]["header"] == ["forecast"]
    both = tmp_path / "both"
    shutil.copytree(loader.default_dir("rules"), both)
    header = both / "ruleset.yaml"
    header.write_text(header.read_text(encoding="utf-8").replace("weights: {structural: 0.5", "weights: {structural: 0.6"),
                      encoding="utf-8")
    raise_window_points(both)
    out, _ = run("rules", "diff", loader.default_dir("rules"), both, *span)
    assert "rules behind the moves:\n  window-of-vulnerability" in out, out
    assert "\n  and the header changed (combine)\n" in out, out
    raise_window_points(forecast)
    out, _ = run("rules", "diff", loader.default_dir("rules"), forecast, *span)
    assert "window-of-vulnerability" in out and "and the header" not in out, out  # a forecast map moves no score


def test_the_header_fields_are_named_as_the_yaml_names_them(run, tmp_path):
    """A changed `lints: {disable: …}` was reported as `header changed (disabled_lints)`, and changed bounds as
    `minimum`, `maximum`: the Python attributes, not the YAML fields a reader edits (a stranger's review)."""
    import dataclasses
    import shutil

    bundled = loader.load_ruleset()
    moved = dataclasses.replace(bundled, minimum=-1.0, maximum=101.0, disabled_lints=("never-fires",))
    assert authoring.definition_changes(bundled, moved)["header"] == ["bounds", "lints"]
    lints = tmp_path / "lints"
    shutil.copytree(loader.default_dir("rules"), lints)
    header = lints / "ruleset.yaml"
    header.write_text(header.read_text(encoding="utf-8").replace("ruleset:\n", "ruleset:\n  lints: {disable: [never-fires]}\n"),
                      encoding="utf-8")
    span = ("--profiles", loader.default_dir("profiles") / "finland.yaml", "--from", "2022-05-01", "--to", "2022-06-01")
    out, _ = run("rules", "diff", loader.default_dir("rules"), lints, *span)
    assert "definitions: header changed (lints)" in out, out
    assert diff_json(run, loader.default_dir("rules"), lints, *span)["definitions"]["header"] == ["lints"]


def test_the_json_of_rules_diff_is_documented_in_the_contract(run, rules_copy):
    """`rules diff --format json` was documented nowhere, `definitions.header` included (a stranger's review)."""
    from pathlib import Path

    from test_authoring_rule_tests import _keys

    raise_window_points(rules_copy)
    doc = diff_json(run, loader.default_dir("rules"), rules_copy, "--profiles", loader.default_dir("profiles") / "finland.yaml",
                    "--from", "2022-05-01", "--to", "2022-06-01")
    assert doc["moves"] and doc["definitions"]["changed"], doc
    contract = (Path(__file__).resolve().parent.parent / "docs" / "json.md").read_text(encoding="utf-8")
    [item] = [p for p in contract.split("\n- ") if p.startswith("`rules diff --format json`")]
    keys = _keys({k: v for k, v in doc.items() if k != "definitions"}) | set(doc["definitions"])
    assert {k for k in keys if f"`{k}`" not in item} == set(), item
    assert all(f"`{f}`" in item for f in ("base", "bounds", "levels", "combine", "scale", "forecast", "lints"))
