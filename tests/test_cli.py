"""The CLI as users meet it: contract of the JSON/CSV output, determinism,
clear errors for bad input (exit 2, no traceback), and the installed command."""

from __future__ import annotations

import json
import math
import os
import shutil
import subprocess
import sys
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import pytest
from conftest import MINI_PROFILE, REPO

from assessor import __version__

EVIDENCE_KEYS = {"date", "kind", "summary", "source"}
INHERITED_KEYS = {"id", "file", "line", "actor", "selector"}  # an inherited event's provenance (assessor.world)


def test_assess_json_contract(run, default_assessor):
    out, _ = run("assess", "finland", "sweden", "--date", "2022-05-20", "--format", "json")
    data = json.loads(out)
    assert [d["country"] for d in data] == ["finland", "sweden"]
    rs = default_assessor.ruleset
    w_s, w_w = rs.weights  # rules 3.0.0: structural 0.5, warning 1, on a logistic scale (50, 18)
    assert rs.scale is not None
    for d in data:
        assert list(d)[:9] == ["country", "name", "date", "covered", "base", "raw", "clamped", "score", "level"]
        assert d["covered"] is True and d["base"] == 28 and d["clamped"] is False  # a scale never clamps
        assert d["date"] == "2022-05-20"
        assert 0 <= d["score"] <= 100
        assert d["level"] in {"low", "moderate", "elevated", "high", "critical"}
        assert set(d["ruleset"]) == {"name", "version", "sha256"} and len(d["ruleset"]["sha256"]) == 64
        assert len(d["profile"]["sha256"]) == 64
        assert d["warnings"] == []
        assert d["contributions"]
        for c in d["contributions"]:
            assert set(c) == {"rule", "factor", "index", "points", "reason", "evidence"}
            for e in c["evidence"]:
                assert set(e) - {"inherited"} == EVIDENCE_KEYS
                assert "inherited" not in e or set(e["inherited"]) - {"override"} == INHERITED_KEYS
                assert {"publisher", "title", "date"} <= set(e["source"])
        structural = sum(c["points"] for c in d["contributions"] if c["index"] == "structural")
        warning = sum(c["points"] for c in d["contributions"] if c["index"] == "warning")
        assert structural and warning  # both indices have rules firing on these dates
        # the weighted contributions add up to raw, in decimal (0.5 x an odd cent is a half cent: rounded half away
        # from zero, as the score is; a float's round() would take 49.785 to 49.78); the score is the logistic of raw
        exact = (Decimal(d["base"]) + Decimal(str(w_s)) * sum(Decimal(str(c["points"])) for c in d["contributions"] if c["index"] == "structural")
                 + Decimal(str(w_w)) * sum(Decimal(str(c["points"])) for c in d["contributions"] if c["index"] == "warning"))
        assert Decimal(str(d["raw"])) == exact.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
        logistic = 100 / (1 + math.exp(-(d["raw"] - rs.scale.midpoint) / rs.scale.width))
        assert d["score"] == pytest.approx(logistic, abs=0.05)
        # each index unweighted: structural from the base, warning from 0
        assert d["indices"] == {"structural": pytest.approx(d["base"] + structural, abs=0.05),
                                "warning": pytest.approx(warning, abs=0.05)}
        points = [abs(c["points"]) for c in d["contributions"]]
        assert points == sorted(points, reverse=True)  # one order: largest effect first


def test_output_is_byte_identical_across_runs(run):
    args = ("assess", "finland", "sweden", "--date", "2022-05-20", "--format", "json")
    assert run(*args)[0] == run(*args)[0]
    targs = ("timeline", "finland", "--from", "2022-01-01", "--to", "2022-12-31", "--format", "csv")
    assert run(*targs)[0] == run(*targs)[0]


def test_timeline_csv_and_json(run):
    out, _ = run("timeline", "FI", "se", "--from", "2022-05-01", "--to", "2022-06-01", "--step", "week", "--format", "csv")
    lines = out.splitlines()
    assert lines[0] == "country,date,score,structural,warning,level,covered" and lines[1].endswith(",true")
    assert len(lines) == 1 + 2 * 5
    assert lines[1].startswith("finland,2022-05-01,")
    out, _ = run("timeline", "finland", "--from", "2022-01-31", "--to", "2022-05-31", "--step", "month", "--format", "json")
    data = json.loads(out)
    assert [d["date"] for d in data] == ["2022-01-31", "2022-02-28", "2022-03-31", "2022-04-30", "2022-05-31"]
    assert all(set(d) == {"country", "date", "score", "level", "covered", "indices", "ruleset"} for d in data)
    assert all(set(d["indices"]) == {"structural", "warning"} for d in data)


def test_a_timeline_names_the_rule_set_that_scored_it_as_assess_does(run, write):
    """A timeline of edited rules (text, JSON) was byte for byte the shape of a bundled one: no rule set name,
    version or hash (a new user's review).  Its JSON points carry `ruleset` and its text ends with the rule set
    as `assess` names it; the CSV's columns are a contract and stay as they were."""
    mine = write("more.yaml", "rules:\n  - id: my-rule\n    factor: threats\n    description: x\n"
                              "    when: {fact: status, eq: applicant}\n    effect: {points: 1}\n    reason: mine\n")
    period = ("--from", "2022-05-01", "--to", "2022-06-01", "--step", "month")
    for extra in ((), ("--rules", mine)):
        [assessed] = json.loads(run("assess", "finland", "--date", "2022-06-01", "--format", "json", *extra)[0])
        rs = assessed["ruleset"]
        points = json.loads(run("timeline", "finland", *period, "--format", "json", *extra)[0])
        assert [p["ruleset"] for p in points] == [rs, rs]
        text = run("timeline", "finland", *period, *extra)[0]
        assert text.splitlines()[-1] == f"rules {rs['name']} {rs['version']} sha256:{rs['sha256'][:12]}"
        assert run("timeline", "finland", *period, "--format", "csv", *extra)[0].splitlines()[0] == (
            "country,date,score,structural,warning,level,covered")
    assert rs["version"].endswith("+ added rules (1 file)")


def test_text_output_names_level_and_rules(run):
    out, _ = run("assess", "Finland", "--date", "2022-06-01")
    assert "level ELEVATED" in out and "window-of-vulnerability" in out  # 51.8: see test_assess_json_contract
    assert "\x1b[" not in out  # no colour when not a terminal


def test_out_of_coverage_warns(run):
    out, _ = run("assess", "finland", "--date", "2030-01-01", "--format", "json")
    assert "outside the period" in json.loads(out)[0]["warnings"][0]
    out, _ = run("assess", "finland", "--date", "2030-01-01")
    assert "warning:" in out


def test_output_file_is_written_atomically(run, tmp_path):
    target = tmp_path / "a.json"
    run("assess", "finland", "--date", "2022-06-01", "--format", "json", "-o", target)
    assert json.loads(target.read_text())[0]["country"] == "finland"
    assert [p.name for p in tmp_path.iterdir()] == ["a.json"]


def test_refuses_to_overwrite_an_input(run, tmp_path):
    prof = tmp_path / "p.yaml"
    prof.write_text(MINI_PROFILE.lstrip())
    before = prof.read_bytes()
    _, err = run("assess", "testland", "--date", "2021-06-01", "--profiles", prof, "-o", prof, code=2)
    assert "refusing to overwrite input" in err
    assert prof.read_bytes() == before


@pytest.mark.parametrize(
    "args, words",
    [
        (("assess", "atlantis", "--date", "2022-01-01"), "unknown country 'atlantis'"),
        (("assess", "finlnd", "--date", "2022-01-01"), "did you mean 'finland'"),
        (("assess", "finland", "--date", "2022-13-45"), "not a real date"),
        (("assess", "finland", "--date", "2022-02-30"), "not a real date"),
        (("assess", "finland", "--date", "yesterday"), "not a real date"),
        (("assess", "finland", "--rules", "/no/such/rules.yaml"), "file not found"),
        (("assess", "finland", "--profiles", "/no/such/dir"), "file not found"),
        (("timeline", "finland", "--from", "2022-02-01", "--to", "2022-01-01"), "before"),
        (("assess",), "Missing argument"),
        (("assess", "finland", "--format", "xml"), "Invalid value for '--format'"),
    ],
)
def test_bad_input_is_one_clear_error(run, args, words):
    _, err = run(*args, code=2)
    assert words in err


def test_malformed_yaml_names_file_line_col(run, tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("id: x\nname: [unclosed\n")
    _, err = run("assess", "x", "--profiles", bad, code=2)
    assert f"{bad}:3:1: error: YAML syntax error" in err


def test_unknown_field_and_unknown_fact_in_rules(run, tmp_path, rules_copy):
    f = rules_copy / "threats.yaml"
    assert "fact: pressure_level_baseline\n" in f.read_text()
    f.write_text(f.read_text().replace("fact: pressure_level_baseline\n", "fact: pressure_level_baselin\n", 1))
    _, err = run("assess", "finland", "--rules", rules_copy, code=2)
    assert "threats.yaml:" in err and "unknown fact 'pressure_level_baselin'; did you mean 'pressure_level_baseline'" in err
    g = rules_copy / "exposure.yaml"
    g.write_text(g.read_text().replace("    factor: exposure\n", "    factor: exposure\n    weight: 3\n", 1))
    _, err = run("assess", "finland", "--rules", rules_copy, code=2)
    assert "exposure.yaml:" in err and "unknown field 'weight'" in err


def test_version_and_help_everywhere(run):
    out, _ = run("--version")
    assert __version__ in out
    commands = [(), ("assess",), ("timeline",), ("explain",), ("rules",), ("rules", "list"), ("rules", "facts"),
                ("profiles",), ("profiles", "list")]
    for c in commands:
        out, _ = run(*c, "--help")
        assert "Usage:" in out


def test_lists(run):
    out, _ = run("rules", "list", "--format", "json")
    ids = [r["id"] for r in json.loads(out)["rules"]]
    assert "window-of-vulnerability" in ids and "defence-guarantee" in ids
    out, _ = run("profiles", "list")
    assert "finland" in out and "sweden" in out
    out, _ = run("rules", "facts")
    assert "threat_level" in out


def installed_command() -> str | None:
    exe = Path(sys.executable).parent / "assessor"
    return str(exe) if exe.exists() else shutil.which("assessor")


@pytest.mark.skipif(installed_command() is None, reason="assessor is not installed in this environment")
def test_installed_command_from_another_directory(tmp_path):
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    proc = subprocess.run([installed_command(), "assess", "finland", "sweden", "--date", "2022-05-20", "--format", "json"],
                          capture_output=True, text=True, cwd=tmp_path, env=env)
    assert proc.returncode == 0, proc.stderr
    assert [d["country"] for d in json.loads(proc.stdout)] == ["finland", "sweden"]
    bad = subprocess.run([installed_command(), "assess", "no-such-country", "--date", "2022-13-45"],
                         capture_output=True, text=True, cwd=tmp_path, env=env)
    assert bad.returncode == 2 and "Traceback" not in bad.stderr and "error" in bad.stderr.lower()


def test_colour_only_on_a_terminal_without_no_color(monkeypatch):
    from assessor import cli as cli_module

    monkeypatch.setattr(sys.stdout, "isatty", lambda: True, raising=False)
    monkeypatch.delenv("NO_COLOR", raising=False)
    assert cli_module.use_colour("-") is True
    assert cli_module.use_colour("out.txt") is False
    monkeypatch.setenv("NO_COLOR", "1")
    assert cli_module.use_colour("-") is False
    monkeypatch.delenv("NO_COLOR")
    monkeypatch.setattr(sys.stdout, "isatty", lambda: False, raising=False)
    assert cli_module.use_colour("-") is False


def test_scores_are_always_floats_in_json(run):
    out, _ = run("timeline", "denmark", "--from", "2023-01-01", "--to", "2023-03-01", "--step", "month", "--format", "json")
    data = json.loads(out)
    assert data and all(isinstance(d["score"], float) for d in data)
    assert all(isinstance(v, float) for d in data for v in d["indices"].values())
    # a whole score is still a float: Denmark on 2023-02-01, raw 28 + 0.5 x -28.2 + 0.3 = 14.2,
    # 100 / (1 + e^(35.8/18)) = 12.0
    assert any(d["score"] == int(d["score"]) for d in data)


def test_unwritable_output_is_a_clear_error(run, tmp_path):
    _, err = run("assess", "finland", "--date", "2022-06-01", "-o", tmp_path / "missing" / "x.txt", code=2)
    assert "does not exist" in err
    _, err = run("assess", "finland", "--date", "2022-06-01", "-o", tmp_path, code=2)
    assert "is a folder" in err
    _, err = run("assess", "finland", "--date", "2022-06-01", "-o", "", code=2)
    assert "output file name is empty" in err
    if os.path.exists("/dev/full"):
        _, err = run("assess", "finland", "--date", "2022-06-01", "-o", "/dev/full", code=2)
        assert "cannot write /dev/full" in err


def test_writing_to_a_device_keeps_the_device(run):
    run("assess", "finland", "--date", "2022-06-01", "-o", os.devnull)
    assert not Path(os.devnull).is_file()


def test_ranges_are_bounded_and_early_dates_warned(run):
    _, err = run("timeline", "all", "--from", "0001-01-01", "--to", "9999-12-30", "--step", "day", code=2)
    assert "more than 100,000 dates" in err
    out, _ = run("timeline", "finland", "--from", "9999-12-25", "--to", "9999-12-31", "--step", "week", "--format", "csv")
    assert out.splitlines()[1].startswith("finland,9999-12-25,")
    out, _ = run("assess", "finland", "--date", "2000-01-01", "--format", "json")
    assert "before the period" in json.loads(out)[0]["warnings"][0]


def test_plot_and_output_must_differ(run, tmp_path):
    target = tmp_path / "x.svg"
    _, err = run("timeline", "finland", "--from", "2022-01-01", "--to", "2022-02-01", "--plot", target, "-o", target, code=2)
    assert "same file" in err and not target.exists()


def test_reason_templates_allow_only_plain_facts_and_number_precision(run, rules_copy):
    f = rules_copy / "membership.yaml"
    f.write_text(f.read_text().replace("(status: {status})", "(status: {status:>99999999999})", 1))
    _, err = run("assess", "finland", "--date", "2021-06-01", "--rules", rules_copy, code=2)
    assert "membership.yaml:" in err and "[bad-template]" in err
    assert "{days_since_application} days since applying" in f.read_text()
    f.write_text(f.read_text().replace("{status:>99999999999}", "{status}").replace(
        "{days_since_application} days since applying", "{days_since_application:.1f} days since applying", 1))
    out, _ = run("assess", "finland", "--date", "2022-06-01", "--rules", rules_copy)
    assert "14.0 days since applying" in out  # Finland applied on 2022-05-18


def test_non_finite_points_are_a_located_error(run, rules_copy):
    f = rules_copy / "membership.yaml"
    f.write_text(f.read_text().replace("effect: {points: 5}", "effect: {points: .inf}", 1))
    _, err = run("assess", "finland", "--rules", rules_copy, code=2)
    assert "membership.yaml:" in err and "not a finite number" in err


def test_the_cli_in_process_leaves_the_hosts_collector_alone():
    """Run in a process that goes on (a library caller, a worker, click's CliRunner), a command
    neither thaws what the host froze nor leaves the collector off or anything frozen of its own."""
    import gc

    from click.testing import CliRunner

    from assessor.cli import cli, main

    gc.collect()
    gc.freeze()
    try:
        frozen = gc.get_freeze_count()
        assert frozen > 0
        for args in (["timeline", "finland", "--from", "2022-01-01", "--to", "2022-01-10", "--format", "csv"],
                     ["rules", "list"], ["assess", "nowhere", "--date", "2022-01-01"]):
            CliRunner().invoke(cli, args)
            assert gc.isenabled()
            assert 0 < gc.get_freeze_count() <= frozen  # nothing thawed, nothing of the command's frozen
        try:
            main(["assess", "finland", "--date", "2022-06-01"])
        except SystemExit as exc:
            assert exc.code == 0
        assert gc.isenabled() and 0 < gc.get_freeze_count() <= frozen
    finally:
        gc.unfreeze()


def test_timeline_text_keeps_its_columns_for_long_ids(run):
    """An id longer than ten characters (czechoslovakia-1968) pushed its row's columns out of line."""
    out, _ = run("timeline", "kuwait-1990", "czechoslovakia-1968", "--from", "1968-08-01", "--to", "1968-08-08",
                 "--step", "week")
    rows = [ln for ln in out.splitlines() if ln.startswith(("country", "kuwait", "czecho"))]
    assert len(rows) == 5 and len({ln.index("1968-") for ln in rows[1:]} | {rows[0].index("date")}) == 1


def test_compare_says_when_the_scenario_changes_nothing_and_when_dates_lie_outside(run):
    """compare printed '0 of 3 country-dates differ' and nothing else for a scenario about another country and
    for dates after a record ends (a new user's review): both are said on stderr, as timeline says the second."""
    scen = REPO / "docs" / "scenarios" / "sweden-ratified-2022.yaml"
    _, err = run("compare", "finland", "--scenario", scen, "--from", "2022-01-01", "--to", "2022-03-01")
    assert "the scenario changes no event of finland and no rule" in err
    _, err = run("compare", "sweden", "--scenario", scen, "--from", "2027-01-01", "--to", "2027-03-01")
    assert "warning: dates outside their record, where events may be missing: 3 of sweden" in err
    assert "changes no event" not in err
    _, err = run("compare", "sweden", "--scenario", scen, "--from", "2022-06-01", "--to", "2022-09-01")
    assert err == ""


def test_compare_with_no_date_differing_says_so_without_an_empty_table(run):
    """compare printed the table's header over no row when nothing differed."""
    scen = REPO / "docs" / "scenarios" / "sweden-ratified-2022.yaml"
    out, _ = run("compare", "finland", "--scenario", scen, "--from", "2022-01-01", "--to", "2022-03-01")
    assert "no date differs" in out and "baseline" not in out and "0 of 3 country-dates differ" in out
    out, _ = run("compare", "sweden", "--scenario", scen, "--from", "2023-01-01", "--to", "2023-01-15")
    assert "no date differs" not in out and out.splitlines()[2].startswith("country ")


def test_a_profile_left_as_the_template_is_said_when_scored(run, in_dir):
    """`profiles new` then `assess`: the template's sample event was scored as if real, without a word."""
    run("init")
    run("profiles", "new", "Estonia", "--replace")
    _, err = run("assess", "estonia", "--date", "2024-01-01")
    assert "warning: estonia still holds 1 event of the template's placeholders" in err
    _, err = run("assess", "finland", "--date", "2024-01-01")
    assert "template" not in err


def test_the_main_commands_show_examples_that_run(run, in_dir):
    """Every command a newcomer meets first shows examples under --help (none did), and each runs as written."""
    import shlex

    for cmd in ("assess", "timeline", "explain", "compare", "backtest", "report"):
        out, _ = run(cmd, "--help")
        shown = out[out.index("Examples:"):].splitlines()[1:]
        assert shown and all(line.strip().startswith("assessor " + cmd) for line in shown), out
        for line in shown:
            argv = shlex.split(line)[1:]
            if "s.yaml" in argv or cmd == "backtest" and len(argv) > 1 and "--onset-level" not in argv:
                continue  # an illustrative file name; the bundled backtest runs once below
            argv = [str(REPO / a) if a.startswith("docs/") else a for a in argv]
            run(*argv)


def test_an_output_name_of_a_format_the_command_does_not_write_is_said(run, in_dir):
    """`assess -o a.html` wrote text into a.html without a word (documented, but a reader of the file is misled)."""
    _, err = run("assess", "finland", "--date", "2022-06-01", "-o", "a.html")
    assert ".html names HTML, which this command does not write (it writes text, json, csv): wrote text" in err
    _, err = run("explain", "finland", "--date", "2022-06-01", "-o", "e.csv")
    assert ".csv names csv, which this command does not write (it writes text, json)" in err
    _, err = run("assess", "finland", "--date", "2022-06-01", "-o", "a.json")
    assert "does not write" not in err and json.loads((in_dir / "a.json").read_text())


def test_a_record_whose_name_ends_in_brackets_is_not_bracketed_twice(run):
    """'Czechoslovakia (1966-1968) (czechoslovakia-1968)' read as two asides."""
    out, _ = run("assess", "czechoslovakia-1968", "--date", "1968-08-19")
    assert out.startswith("Czechoslovakia (1966-1968) [czechoslovakia-1968] on 1968-08-19: score")
    out, _ = run("assess", "finland", "--date", "2022-06-01")
    assert out.startswith("Finland (finland) on 2022-06-01: score")


def test_rules_list_writes_the_combination_once(run):
    """The header line said `score = raw = base + …; score = 100 / …`: the formula after a stray `score =`."""
    line = run("rules", "list")[0].splitlines()[1]
    assert line.startswith("  raw = base + ") and line.count("score =") == 1 and "weights structural" in line
