"""How sure, and at scale: uncertain inputs, Monte Carlo bands, sweeps, sensitivity (issue acceptance)."""

from __future__ import annotations

import csv
import io
import json
import os
import random
import re

import pytest
from conftest import MINI_PROFILE, REPO, D

from assessor import loader, sweep
from assessor import uncertainty as unc
from assessor.assess import Assessor, dates_between
from assessor.errors import InputError

PERIOD = ("--from", "2021-01-01", "--to", "2024-12-31", "--step", "month")


def levels_of(rs):
    return [lv.name for lv in rs.levels]


# --------------------------------------------------------------------------- declaring uncertainty


def test_event_ranges_must_hold_the_event(write):
    f = write("p.yaml", (REPO / "tests" / "fixtures" / "authoring" / "profile.yaml").read_text(encoding="utf-8"))
    text = f.read_text(encoding="utf-8")
    assert "kind: threat" in text
    broken = text.replace("kind: threat\n", "kind: threat\n    uncertain: {earliest: 2099-01-01, severity_min: 5}\n", 1)
    f.write_text(broken, encoding="utf-8")
    with pytest.raises(InputError) as exc:
        loader.load_profiles([f])
    codes = {p.code for p in exc.value.problems}
    assert "bad-range" in codes
    assert all(p.file == str(f) and p.line > 0 for p in exc.value.problems)


def test_a_rule_range_must_hold_its_points(write, run):
    f = write("r.yaml", """
        rules:
          - id: x
            factor: membership
            when: {fact: status, eq: member}
            effect: {points: 5, uncertain: {min: 6, max: 9}}
            reason: "x"
    """)
    out, err = run("rules", "validate", f, code=1)
    assert "bad-range" in out + err and f"{f}:5" in out + err


def test_uncertainty_file_errors_are_located_with_did_you_mean(write, run):
    f = write("u.yaml", """
        name: typo
        rules:
          - rule: window-of-vulnerabilty
            min: 10
            max: 30
    """)
    _, err = run("timeline", "finland", *PERIOD, "--samples", "3", "--uncertainty", f, code=2)
    assert f"{f}:3" in err and "window-of-vulnerability" in err and len(err.strip().splitlines()) == 2


def test_uncertainty_needs_samples(write, run):
    f = write("u.yaml", "name: x\nrules:\n  - relative: 0.1\n")
    _, err = run("timeline", "finland", *PERIOD, "--uncertainty", f, code=2)
    assert "--samples" in err


def test_the_schema_is_shipped_and_accepts_the_bundled_file():
    jsonschema = pytest.importorskip("jsonschema")
    from assessor import spec, yamlsrc

    shipped = REPO / "assessor" / "schemas" / "uncertainty.schema.json"
    assert shipped.read_text(encoding="utf-8") == spec.schema_text("uncertainty")
    data = yamlsrc.read(unc.default_path()).data
    assert not list(jsonschema.Draft7Validator(spec.json_schema("uncertainty")).iter_errors(data))


# --------------------------------------------------------------------------- Monte Carlo


def test_without_uncertainty_every_sample_is_the_deterministic_score(run):
    """--no-defaults: the bundled rules' uncertainty file does not apply, and no rule or event declares a range."""
    out, _ = run("timeline", "finland", "sweden", *PERIOD, "--samples", "100", "--format", "json", "--no-defaults",
                 "--rules", loader.default_dir("rules"), "--profiles", loader.default_dir("profiles"), "--jobs", "1")
    points = json.loads(out)
    assert len(points) == 2 * 48
    for p in points:
        u = p["uncertainty"]
        assert u["samples"] == 100 and u["p5"] == u["median"] == u["p95"] == p["score"], p
        assert u["levels"][p["level"]] == 1.0


def test_bundled_uncertainty_gives_bands_and_the_median_stays_near_the_level(run):
    out, _ = run("timeline", "finland", "sweden", *PERIOD, "--samples", "100", "--format", "json", "--seed", "7")
    points = json.loads(out)
    names = levels_of(loader.load_ruleset())
    wide = [p for p in points if p["uncertainty"]["p95"] > p["uncertainty"]["p5"]]
    assert len(wide) > len(points) / 2  # rule weights are uncertain everywhere a rule fires
    for p in points:
        u = p["uncertainty"]
        assert u["p5"] <= u["median"] <= u["p95"]
        assert abs(sum(u["levels"].values()) - 1) < 1e-3
        median_level = loader.load_ruleset().level_of(u["median"])
        assert abs(names.index(median_level) - names.index(p["level"])) <= 1, p


def test_same_seed_same_bytes_other_seed_other_bytes_and_workers_do_not_matter(run):
    args = ("timeline", "finland", *PERIOD, "--samples", "40", "--format", "csv")
    one, _ = run(*args, "--seed", "3", "--jobs", "1")
    two, _ = run(*args, "--seed", "3", "--jobs", "2")
    other, _ = run(*args, "--seed", "4", "--jobs", "1")
    assert one == two and one != other
    header = next(csv.reader(io.StringIO(one)))
    assert header[:12] == ["country", "date", "score", "structural", "warning", "level", "covered", "samples", "seed", "p5",
                           "median", "p95"]
    assert header[12:] == [f"p_{n}" for n in levels_of(loader.load_ruleset())] + ["inputs_sha256"]


def test_assess_text_and_json_carry_the_band(run):
    out, _ = run("assess", "finland", "--date", "2022-07-01", "--samples", "50")
    assert "over 50 samples of " in out and "uncertain inputs (seed 0): P5" in out
    doc = json.loads(run("assess", "finland", "--date", "2022-07-01", "--samples", "50", "--format", "json")[0])
    assert doc[0]["uncertainty"]["p5"] < doc[0]["uncertainty"]["p95"]


def test_the_project_file_states_uncertainty_over_the_bundled_one(tmp_path, write, run, monkeypatch):
    write("certain.yaml", """
        name: no doubts
        rules:
          - relative: 0
        events:
          - event: {kind: threat}
            severity: 0
          - event: {kind: posture}
            days: 0
    """)
    write("assessor.toml", 'uncertainty = ["certain.yaml"]\n')
    monkeypatch.chdir(tmp_path)
    points = json.loads(run("timeline", "finland", *PERIOD, "--samples", "20", "--format", "json", "--jobs", "1")[0])
    assert all(p["uncertainty"]["p5"] == p["uncertainty"]["p95"] == p["score"] for p in points)


def test_samples_score_exactly_as_fresh_assessors_would():
    """The sweep shares the engine, its caches and the unchanged parts of the
    derived facts across samples; a fresh assessor on the realised inputs is the oracle."""
    rs, ps = loader.load_ruleset(), loader.load_profiles()
    profiles = [ps.resolve(c) for c in ("finland", "ukraine", "taiwan", "armenia")]
    extra = unc.load(REPO / "tests" / "fixtures" / "uncertainty-dates.yaml")
    inputs = unc.collect(rs, profiles, [extra], default=unc.load(unc.default_path()))
    assert {i.kind for i in inputs} == {"points", "date", "severity"}
    dates = dates_between(D("2014-01-01"), D("2025-12-31"), "week")
    runner = sweep.Runner(sweep.Model(rs, tuple(profiles), tuple(inputs), tuple(dates), 11))
    rng = random.Random(5)
    for sample in range(12):
        u = runner.unit_point(sample) if sample % 2 else [rng.choice((0.0, 1.0, rng.random())) for _ in inputs]
        got = runner.scores(u)
        rs2, realised = unc.realise(rs, profiles, inputs, u)
        fresh = Assessor(rs2, loader.ProfileSet(realised))
        for p in profiles:
            assert list(got[p.id]) == [round(pt.score * 10) for pt in fresh.timeline(realised[p.id], dates)], (sample, p.id)
    assert ps.profiles["finland"].events == loader.load_profiles().profiles["finland"].events  # inputs untouched


def test_quantiles_are_the_inverse_of_the_empirical_distribution():
    counts = {v: 1 for v in range(1, 101)}  # tenths 1..100, one sample each
    assert sweep.quantile(counts, 100, 0.05) == 0.5
    assert sweep.quantile(counts, 100, 0.5) == 5.0
    assert sweep.quantile(counts, 100, 0.95) == 9.5
    assert sweep.quantile({42: 7}, 7, 0.05) == sweep.quantile({42: 7}, 7, 0.95) == 4.2


# --------------------------------------------------------------------------- sweeps


def test_level_shares_add_up_to_exactly_the_whole_and_each_is_within_one_unit():
    from fractions import Fraction

    from hypothesis import given, settings
    from hypothesis import strategies as st

    @settings(max_examples=300, derandomize=True, deadline=None, database=None)
    @given(st.lists(st.integers(0, 10_000), min_size=1, max_size=7).filter(any), st.sampled_from([100, 10_000]))
    def check(counts, units):
        got = sweep.shares(counts, units)
        assert sum(got) == units
        for c, x in zip(counts, got):
            assert abs(x - Fraction(c * units, sum(counts))) < 1, (counts, got)

    check()
    assert sweep.shares([1, 1, 1], 100) == [34, 33, 33]  # ties: the lower level first
    assert sweep.shares([31, 169], 100) == [16, 84]  # 15.5 % and 84.5 %: each alone rounds to 16 + 85
    band = sweep.Band("x", D("2022-01-01"), 3, 0.0, 0.0, 0.0, {"low": 1, "moderate": 1, "elevated": 1})
    assert band.percents() == {"low": 34, "moderate": 33, "elevated": 33}
    assert band.levels == {"low": 0.3334, "moderate": 0.3333, "elevated": 0.3333}  # not 3 × 0.3333


def test_level_probabilities_shown_add_up_to_100_in_text_json_and_csv(run):
    """200 samples of Finland in January 2022 fall 15.5 % low, 84.5 % moderate: text once said 16 % + 85 %."""
    from decimal import Decimal

    args = ("timeline", "finland", "--from", "2022-01-01", "--to", "2022-03-01", "--step", "month", "--samples", "200",
            "--seed", "1")
    text, _ = run(*args)
    rows = [line for line in text.splitlines() if line.startswith("finland ")]
    assert len(rows) == 3
    for line in rows:
        shown = re.findall(r"\b[A-Z]+ (<1|>99|\d+)%", line.split("\u00b7")[1])
        assert sum(0 if x == "<1" else 100 if x == ">99" else int(x) for x in shown) == 100, line
    assert "MODERATE 84% LOW 16%" in rows[0]
    for p in json.loads(run(*args, "--format", "json")[0]):
        assert sum(Decimal(repr(v)) for v in p["uncertainty"]["levels"].values()) == 1, p
    for row in csv.DictReader(io.StringIO(run(*args, "--format", "csv")[0])):
        assert sum(Decimal(v) for k, v in row.items() if k.startswith("p_")) == 1, row
    one = run("assess", "finland", "--date", "2022-01-01", "--samples", "200", "--seed", "1")[0]
    assert "MODERATE 84% LOW 16%" in one


def test_sweep_streams_every_sample_in_one_order_whatever_the_workers(run, tmp_path):
    args = ("sweep", "finland", "sweden", "--samples", "9", "--from", "2022-01-01", "--to", "2022-06-30", "--step", "month")
    one, _ = run(*args, "--jobs", "1")
    two, _ = run(*args, "--jobs", "2")
    assert one == two
    rows = list(csv.DictReader(io.StringIO(one)))
    assert len(rows) == 9 * 2 * 6
    assert [(r["sample"], r["country"]) for r in rows[:7]] == [("0", "finland")] * 6 + [("0", "sweden")]
    lines = run(*args, "--format", "jsonl", "--jobs", "1")[0].splitlines()
    assert [json.loads(x)["score"] for x in lines] == [float(r["score"]) for r in rows]
    target = tmp_path / "out.csv"
    _, err = run(*args, "-o", target, "--jobs", "2")
    assert target.read_text(encoding="utf-8") == one and "wrote" in err
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".out.csv")]  # no temporary file left


def test_sweep_rows_carry_both_indices_rounded_as_the_timeline_rounds_them(run):
    """Each row's structural and warning index, like its score, is what a fresh assessor on the
    sample's realised inputs gives; without uncertainty every sample's row is the timeline's row."""
    rs, ps = loader.load_ruleset(), loader.load_profiles()
    profiles = [ps.resolve(c) for c in ("finland", "ukraine")]
    inputs = unc.collect(rs, profiles, default=unc.load(unc.default_path()))
    dates = dates_between(D("2021-10-01"), D("2022-06-01"), "month")
    model = sweep.Model(rs, tuple(profiles), tuple(inputs), tuple(dates), 5)
    got = list(sweep.rows(model, 4, sweep.LocalExecutor(1)))
    assert len(got) == 4 * 2 * len(dates)
    runner = sweep.Runner(model)
    moved = 0
    for sample in range(4):
        rs2, realised = unc.realise(rs, profiles, inputs, runner.unit_point(sample))
        fresh = Assessor(rs2, loader.ProfileSet(realised))
        for p in profiles:
            want = [(p.id, pt.date, sample, pt.score, pt.structural, pt.warning, pt.level, pt.covered)
                    for pt in fresh.timeline(realised[p.id], dates)]
            assert [r for r in got if r[0] == p.id and r[2] == sample] == want, (sample, p.id)
            moved += sum(w[5] != 0 for w in want)
    assert moved  # the warning index moved somewhere: not a column of zeros

    args = ("finland", "--from", "2022-01-01", "--to", "2022-06-01", "--step", "month", "--no-defaults", "--rules",
            loader.default_dir("rules"), "--profiles", loader.default_dir("profiles"))
    line = {r["date"]: r for r in csv.DictReader(io.StringIO(run("timeline", *args, "--format", "csv")[0]))}
    out, _ = run("sweep", *args, "--samples", "2", "--jobs", "1")
    assert out.splitlines()[0] == "country,date,sample,score,structural,warning,level,covered"
    swept = list(csv.DictReader(io.StringIO(out)))
    assert len(swept) == 2 * 6
    for r in swept:
        assert {k: r[k] for k in ("score", "structural", "warning", "level", "covered")} == \
               {k: line[r["date"]][k] for k in ("score", "structural", "warning", "level", "covered")}, r
    first = json.loads(run("sweep", *args, "--samples", "1", "--format", "jsonl")[0].splitlines()[2])
    assert list(first) == ["country", "date", "sample", "score", "structural", "warning", "level", "covered"]
    assert first["date"] == "2022-03-01"
    assert (first["structural"], first["warning"]) == (float(line["2022-03-01"]["structural"]),
                                                       float(line["2022-03-01"]["warning"]))


def test_many_country_timelines_on_workers_give_the_same_bytes(run):
    args = ("timeline", "finland", "sweden", "ukraine", "taiwan", "--from", "2014-01-01", "--to", "2025-12-31", "--step",
            "week", "--format", "json")
    assert run(*args, "--jobs", "2")[0] == run(*args, "--jobs", "1")[0]


def test_sweep_parquet(run, tmp_path):
    pq = pytest.importorskip("pyarrow.parquet")
    target = tmp_path / "s.parquet"
    run("sweep", "finland", "--samples", "5", "--from", "2022-01-01", "--to", "2022-12-31", "--step", "month",
        "--format", "parquet", "-o", target)
    table = pq.read_table(target)
    assert table.num_rows == 5 * 12
    assert table.column_names == ["country", "date", "sample", "score", "structural", "warning", "level", "covered"]
    assert str(table.schema.field("warning").type) == "double"
    _, err = run("sweep", "finland", "--samples", "5", "--format", "parquet", code=2)
    assert "-o FILE" in err


def test_the_bundled_uncertainty_file_names_no_other_rules_than_the_bundled(run):
    """The bundled uncertainty file was named 'Default uncertainty (rules 2.x)' under rules 3.5.0, and every output
    that lists uncertainty_files said so."""
    import re

    doc = json.loads(run("sensitivity", "finland", "--from", "2022-01-01", "--to", "2022-02-01", "--size", "2",
                         "--format", "json", "--jobs", "1")[0])
    version = json.loads(run("rules", "list", "--format", "json")[0])["ruleset"]["version"]
    name = doc["uncertainty_files"][0]["name"]
    said = re.search(r"rules (\d+)\.", name)
    assert said is None or said.group(1) == version.split(".")[0], (name, version)


def test_sweep_help_names_every_column_it_writes(run):
    """`sweep --help` listed the row's columns without `covered`."""
    from assessor.render.rows import HEADER

    text = " ".join(run("sweep", "--help")[0].split())
    assert all(c in text for c in HEADER) and "level, covered (whether" in text


def test_sweep_says_when_the_output_name_asks_for_a_format_it_does_not_write(run, tmp_path):
    """`sweep -o s.json` wrote CSV into s.json without a word (every other command says so)."""
    args = ("sweep", "finland", "--samples", "1", "--from", "2022-01-01", "--to", "2022-02-01", "--step", "month")
    _, err = run(*args, "-o", tmp_path / "s.json")
    assert ".json names json, which this command does not write (it writes csv, jsonl, parquet): wrote csv" in err
    assert (tmp_path / "s.json").read_text().startswith("country,date,sample,")
    _, err = run(*args, "-o", tmp_path / "s.jsonl")
    assert "does not write" not in err and json.loads((tmp_path / "s.jsonl").read_text().splitlines()[0])


def test_dask_scheduler_unreachable_is_one_line(run):
    pytest.importorskip("distributed")
    _, err = run("timeline", "finland", *PERIOD, "--samples", "3", "--scheduler", "tcp://127.0.0.1:9", code=2)
    assert err.startswith("error: cannot reach the Dask scheduler") and len(err.strip().splitlines()) == 1


@pytest.mark.skipif(not os.environ.get("ASSESSOR_TEST_SCHEDULER"),
                    reason="no Dask cluster: .ci/run starts one and sets ASSESSOR_TEST_SCHEDULER")
def test_a_dask_cluster_gives_the_local_bytes(run):
    pytest.importorskip("distributed")  # the cluster is started from the main venv; another may lack Dask
    address = os.environ["ASSESSOR_TEST_SCHEDULER"]
    args = ("sweep", "finland", "sweden", "--samples", "60", "--from", "2021-01-01", "--to", "2024-12-31")
    assert run(*args, "--scheduler", address)[0] == run(*args, "--jobs", "1")[0]
    band = ("timeline", "finland", *PERIOD, "--samples", "50", "--format", "json")
    assert run(*band, "--scheduler", address)[0] == run(*band, "--jobs", "2")[0]
    many = ("timeline", "all", *PERIOD, "--format", "csv")
    assert run(*many, "--scheduler", address)[0] == run(*many, "--jobs", "1")[0]


# --------------------------------------------------------------------------- sensitivity


def test_sensitivity_ranks_membership_status_high_for_finland_and_lists_every_input(run):
    doc = json.loads(run("sensitivity", "finland", *PERIOD, "--format", "json", "--jobs", "2")[0])
    assert doc["method"] == "morris" and doc["design"]["evaluations"] > 0
    top3 = doc["inputs"][:3]
    assert any(i["group"] == "membership" for i in top3), top3
    rs, ps = loader.load_ruleset(), loader.load_profiles()
    declared = unc.collect(rs, [ps.resolve("finland")], default=unc.load(unc.default_path()))
    assert sorted(i["input"] for i in doc["inputs"]) == sorted(i.key for i in declared)
    assert [i["rank"] for i in doc["inputs"]] == list(range(1, len(declared) + 1))
    later = [i for i in doc["inputs"] if not i["acts_on_period"]]
    assert later and all(i["score_effect"] == 0 for i in later)  # 2025 events cannot move 2021–2024


def test_sensitivity_with_few_inputs_uses_sobol_and_is_deterministic(write, run, tmp_path):
    f = write("few.yaml", """
        name: three weights
        rules:
          - {rule: window-of-vulnerability, min: 10, max: 40}
          - {rule: defence-guarantee, min: -35, max: -15}
          - {rule: partner-without-guarantee, min: 0, max: 10}
    """)
    args = ("sensitivity", "finland", *PERIOD, "--no-defaults", "--rules", loader.default_dir("rules"),
            "--uncertainty", f, "--size", "32", "--format", "json", "--jobs", "1")
    out, _ = run(*args)
    assert run(*args)[0] == out
    doc = json.loads(out)
    # the three rules, and any event whose date or severity its own record gives as a range
    assert doc["method"] == "sobol" and sum(i["kind"] == "points" for i in doc["inputs"]) == 3
    assert doc["inputs"][0]["input"] in {"rule:window-of-vulnerability:points", "rule:defence-guarantee:points"}
    text, _ = run(*args[:-4], "--size", "32", "--plot", tmp_path / "s.png")
    assert "sobol" in text and (tmp_path / "s.png").read_bytes()[:4] == b"\x89PNG"
    _, err = run(*args[:-4], "--size", "30", code=2)
    assert "power of two" in err


# --------------------------------------------------------------------------- reports


def test_report_draws_band_and_baseline(run, tmp_path):
    scenario = REPO / "docs" / "scenarios" / "sweden-ratified-2022.yaml"
    out, _ = run("report", "sweden", "--from", "2022-01-01", "--to", "2023-12-31", "--step", "month", "--format", "json",
                 "-o", "-", "--scenario", scenario, "--samples", "20", "--jobs", "1")
    doc = json.loads(out)
    c = doc["countries"][0]
    assert c["band"] and c["baseline"] and len(doc["notes"]) == 2
    assert "--samples 20 --seed 0" in doc["provenance"]["command"]
    on = {b["date"]: b["score"] for b in c["baseline"]}
    drawn = {p["date"]: p["score"] for p in c["timeline"]}
    assert any(on[d] > drawn[d] for d in on if d.startswith("2023") and d in drawn)  # the scenario lowers 2023


def test_an_uncertainty_file_naming_a_missing_event_is_located(write):
    f = write("u.yaml", """
        name: one event
        events:
          - profile: finland
            event: {id: no-such-event}
            days: 3
    """)
    rs, ps = loader.load_ruleset(), loader.load_profiles()
    with pytest.raises(InputError) as exc:
        unc.collect(rs, [ps.resolve("finland")], [unc.load(f)])
    (problem,) = exc.value.problems
    assert problem.code == "unknown-event" and problem.line == 4


def test_results_come_back_in_task_order_all_of_them():
    """Whatever order tasks finish in and whatever the window, every result comes back once, in order."""

    class Running:
        def __init__(self, task):
            self.task = task

    rng = random.Random(3)
    for _ in range(300):
        n, window = rng.randint(0, 30), rng.randint(1, 6)
        tasks = [sweep.Task(i, i, i + 1) for i in range(n)]

        def wait_one(pending):
            f = rng.choice(pending)
            return f, sweep.Result(f.task.index, f.task.start)

        assert [r.index for r in sweep._in_order(Running, wait_one, tasks, window)] == list(range(n))


# --------------------------------------------------------------------------- found in review: each once a bug


def test_the_bundled_uncertainty_file_is_never_written_over(run):
    before = unc.default_path().read_bytes()
    _, err = run("assess", "finland", "--samples", "2", "-o", unc.default_path(), code=2)
    assert "refusing to overwrite input file" in err
    _, err = run("sweep", "finland", "--samples", "2", "--step", "month", "-o", unc.default_path(), code=2)
    assert "refusing to overwrite input file" in err and unc.default_path().read_bytes() == before


@pytest.mark.parametrize("address", ["foo", "tcp://", "http://x", "tcp://127.0.0.1:99999"])
def test_a_malformed_scheduler_address_is_one_line(run, address):
    pytest.importorskip("distributed")
    _, err = run("timeline", "finland", *PERIOD, "--samples", "3", "--scheduler", address, code=2)
    assert err.startswith("error: --scheduler") and len(err.strip().splitlines()) == 1


def test_a_refused_scheduler_port_fails_at_once(run):
    pytest.importorskip("distributed")
    _, err = run("timeline", "finland", *PERIOD, "--samples", "3", "--scheduler", "tcp://127.0.0.1:9", code=2)
    assert err.startswith("error: cannot reach the Dask scheduler") and len(err.strip().splitlines()) == 1


def test_options_of_sampling_without_samples_are_usage_errors(run):
    for extra in (("--seed", "3"), ("--jobs", "2")):
        _, err = run("assess", "finland", *extra, code=2)
        assert "--samples" in err
    _, err = run("timeline", "finland", *PERIOD, "--seed", "3", code=2)
    assert "--samples" in err


def test_the_project_scheduler_is_for_samples_not_plain_timelines(tmp_path, write, run, monkeypatch):
    write("assessor.toml", 'scheduler = "tcp://127.0.0.1:9"\n')
    monkeypatch.chdir(tmp_path)
    run("timeline", "finland", "sweden", *PERIOD)  # no Dask asked for: the unreachable scheduler is not used
    run("timeline", "finland", *PERIOD, "--samples", "3", "--jobs", "1")  # --jobs 1: here, whatever the project says


def test_an_ancient_build_up_samples_without_overflow(write, run):
    text = MINI_PROFILE_WITH_BUILDUP
    f = write("p.yaml", text)
    run("profiles", "validate", f)
    out, _ = run("assess", "testland", "--profiles", f, "--date", "2021-06-01", "--samples", "5", "--format", "json")
    assert json.loads(out)[0]["uncertainty"]["samples"] == 5


def test_the_bundled_uncertainty_leaves_an_analysts_own_rules_and_profiles_alone(write, run):
    from conftest import MINI_HEADER

    rules = write("mine/rules.yaml", MINI_HEADER + """
rules:
  - id: applying
    factor: membership
    when: {fact: status, eq: applicant}
    effect: {points: 10}
    reason: "Applied."
""")
    prof = write("p.yaml", MINI_PROFILE)
    out, _ = run("timeline", "testland", "--profiles", prof, "--rules", rules.parent, "--from", "2021-01-01", "--to",
                 "2021-12-31", "--step", "month", "--samples", "30", "--format", "json", "--jobs", "1")
    assert all(p["uncertainty"]["p5"] == p["uncertainty"]["p95"] for p in json.loads(out))


@pytest.mark.parametrize("entry, message", [
    ("rules:\n  - {rule: window-of-vulnerability, min: 40, max: 10}", "does not hold"),
    ("rules:\n  - {rule: window-of-vulnerability, min: 40, max: 50}", "does not hold the rule's points 25"),
    ("events:\n  - {event: {kind: threat}, severity_min: 5, severity_max: 1}", "is above severity_max"),
    ("events:\n  - {event: {id: finland-applies}, days: 3}", "belongs to one profile"),
    ("events:\n  - {event: {kind: threatt}, days: 3}", "did you mean 'threat'"),
    ("events:\n  - {profile: sweden, event: {id: nope}, days: 3}", "no event of 'sweden'"),
    ("events:\n  - {profile: finland, event: {date: 2022-02-24, kind: threat}, earliest: 0001-01-01, latest: 9999-12-31}",
     "at most ten years"),
])
def test_uncertainty_files_are_checked_like_the_files_they_qualify(write, run, entry, message):
    f = write("u.yaml", "name: doubts\n" + entry + "\n")
    _, err = run("assess", "finland", "--date", "2022-06-01", "--samples", "3", "--uncertainty", f, code=2)
    assert f"{f}:" in err and message in err


def test_jsonl_rows_are_one_line_each_whatever_the_text():
    from assessor.render import rows

    out: list[bytes] = []
    rows.jsonl(iter([("x", D("2022-01-01"), 0, 1.0, 2.0, 0.0, "te\u2028st\u0085\u202e", True)]), out.append)
    text = b"".join(out).decode()
    assert len(text.splitlines()) == 1 and json.loads(text)["level"] == "te\u2028st\u0085\u202e"


def test_output_through_a_symbolic_link_keeps_the_link(run, tmp_path):
    real = tmp_path / "real.txt"
    real.write_text("old")
    link = tmp_path / "link.txt"
    link.symlink_to(real)
    run("sweep", "finland", "--samples", "2", "--step", "month", "--from", "2022-01-01", "--to", "2022-02-01", "-o", link)
    assert link.is_symlink() and real.read_text().startswith("country,date,sample")


MINI_PROFILE_WITH_BUILDUP = MINI_PROFILE + """
  - date: 0001-01-03
    kind: posture
    actor: Russia
    type: buildup
    summary: An ancient build-up (a test of the calendar's edge).
    source: {publisher: Test, title: Old, date: 2020-01-01}
"""


def test_any_point_of_the_unit_cube_scores_as_a_fresh_assessor_would():
    """Property (Hypothesis): whatever values the uncertain inputs take — the ends of their
    ranges included — a sample scores exactly as a fresh assessor on those inputs."""
    from hypothesis import given, settings
    from hypothesis import strategies as st

    rs, ps = loader.load_ruleset(), loader.load_profiles()
    profiles = [ps.resolve(c) for c in ("sweden", "moldova", "philippines")]
    extra = unc.load(REPO / "tests" / "fixtures" / "uncertainty-dates.yaml")
    inputs = unc.collect(rs, profiles, [extra], default=unc.load(unc.default_path()), lookup=ps.profiles.get)
    dates = dates_between(D("2015-01-01"), D("2025-12-31"), "month")
    runner = sweep.Runner(sweep.Model(rs, tuple(profiles), tuple(inputs), tuple(dates), 0))
    unit = st.one_of(st.just(0.0), st.just(1.0), st.floats(0, 1, exclude_max=True))

    @settings(max_examples=25, derandomize=True, deadline=None, database=None)
    @given(st.lists(unit, min_size=len(inputs), max_size=len(inputs)))
    def check(u):
        got = runner.scores(u)
        rs2, realised = unc.realise(rs, profiles, inputs, u)
        fresh = Assessor(rs2, loader.ProfileSet(realised))
        for p in profiles:
            assert list(got[p.id]) == [round(pt.score * 10) for pt in fresh.timeline(realised[p.id], dates)], p.id

    check()


def test_a_variant_with_a_threat_moved_or_retyped_derives_what_a_fresh_deriver_does():
    """Property (Hypothesis): a Monte Carlo variant reuses the conflict, posture and legacy parts
    of its base unless an *attack* moved, appeared or went (``threat:force``: only attacks are uses
    of force there). Moving any threat of records with many attacks, turning one into an attack
    or out of one, or changing whether its author is established, must leave every fact and its evidence as a fresh deriver derives them."""
    import dataclasses

    from hypothesis import given, settings
    from hypothesis import strategies as st

    from assessor.derive import Deriver

    ps = loader.load_profiles()
    records = [ps.resolve(c) for c in ("israel-1969", "india-1965", "finland")]
    bases = {p.id: Deriver(p) for p in records}
    threats = {p.id: [i for i, e in enumerate(p.events) if e.kind == "threat"] for p in records}
    assert all(any(p.events[i].get("type") == "attack" for i in threats[p.id]) for p in records[:2])

    @settings(max_examples=30, derandomize=True, deadline=None, database=None)
    @given(st.sampled_from(records), st.data())
    def check(p, data):
        events = list(p.events)
        for _ in range(data.draw(st.integers(1, 3))):
            i = data.draw(st.sampled_from(threats[p.id]))
            e = events[i]
            shift = data.draw(st.integers(-120, 120))
            kind = data.draw(st.sampled_from([e.get("type"), "attack", "airspace_violation"]))
            who = data.draw(st.sampled_from([e.get("attribution", "established"), "established", "unproven"]))
            events[i] = dataclasses.replace(e, date=D("2000-01-01").fromordinal(e.date.toordinal() + shift),
                                            details={**e.details, "type": kind, "attribution": who})
        moved = dataclasses.replace(p, events=tuple(sorted(events, key=lambda e: e.date)))
        variant, fresh = bases[p.id].variant(moved), Deriver(moved)
        step = data.draw(st.integers(1, 9))
        for day in dates_between(p.covers_from, p.covers_to, "day")[::step]:
            got, want = variant.derive(day), fresh.derive(day)
            assert got.values == want.values, (p.id, day)
            assert got.evidence == want.evidence, (p.id, day)

    check()
    # each attack of two records made unproven, or another actor's, alone (no date or type moved): no longer a use
    # of force, or no longer a break of the assurance or peace its actor gave (India 1962: China's of 1959-08-25)
    for p in (records[0], ps.resolve("india-1962")):
        bases.setdefault(p.id, Deriver(p))
        for i, e in enumerate(p.events):
            if e.kind != "threat" or e.get("type") != "attack" or e.get("attribution", "established") != "established":
                continue
            for change in ({"attribution": "unproven"}, {"actor": "Someone Else"}):  # its author unproven, or another
                events = list(p.events)
                events[i] = dataclasses.replace(e, details={**e.details, **change})
                moved = dataclasses.replace(p, events=tuple(events))
                variant, fresh = bases[p.id].variant(moved), Deriver(moved)
                for day in dates_between(p.covers_from, p.covers_to, "day")[::7]:
                    assert variant.derive(day).values == fresh.derive(day).values, (p.id, e.date, day, change)


def test_a_sampled_rule_s_cap_scales_with_its_points(tmp_path):
    """A range on a rule's points scales its whole effect, the cap included: a sample at the strong
    end of defence-guarantee (-37.5 per unit of protection, cap 30 as written) scores as the rule
    written with -37.5 and cap 37.5 would, so the band of a well-protected country is not cut off
    on one side by the cap (a new user's review: Latvia's band sat above its point)."""
    import dataclasses

    rs, ps = loader.load_ruleset(), loader.load_profiles()
    p = ps.resolve("latvia")
    day = D("2024-06-01")
    f = tmp_path / "u.yaml"
    f.write_text("name: the guarantee only\nrules:\n  - rule: defence-guarantee\n    relative: 0.25\n", encoding="utf-8")
    inputs = [i for i in unc.collect(rs, [p], [unc.load(f)]) if i.kind == "points"]
    assert [i.target for i in inputs] == ["defence-guarantee"]
    runner = sweep.Runner(sweep.Model(rs, (p,), tuple(inputs), (day,), 0))
    rule = rs.rule("defence-guarantee")
    assert rule.effect.cap is not None and abs(rule.effect.points) == rule.effect.cap
    protection = Assessor(rs, loader.ProfileSet({p.id: p})).assess(p, day).facts.values["protection"]
    assert protection > 0.8  # where the cap bound the strong end before
    for u in (0.0, 0.5, 1.0):
        points = inputs[0].value(u)
        written = dataclasses.replace(rule, effect=dataclasses.replace(rule.effect, points=points, cap=abs(points)))
        edited = dataclasses.replace(rs, rules=tuple(written if r.id == rule.id else r for r in rs.rules))
        want = Assessor(edited, loader.ProfileSet({p.id: p})).assess(p, day).score
        assert list(runner.scores([u])[p.id]) == [round(want * 10)], u
    strong, weak = runner.scores([0.0])[p.id][0], runner.scores([1.0])[p.id][0]
    point = round(Assessor(rs, loader.ProfileSet({p.id: p})).assess(p, day).score * 10)
    assert strong < point < weak  # both ends move the score, each its own way


def test_a_band_s_inputs_are_the_country_s_whichever_others_share_the_run(run):
    """A band counts and hashes the inputs that act on its country (the rules' and its own events'):
    the same for Finland alone as beside the Philippines, as the band itself is (a new user's review:
    Finland's rows said 59 inputs alone, 78 beside the Philippines)."""
    span = ("--from", "2022-01-01", "--to", "2022-03-01", "--step", "month", "--samples", "20", "--seed", "3")
    alone = json.loads(run("timeline", "finland", *span, "--format", "json")[0])
    both = json.loads(run("timeline", "finland", "philippines", *span, "--format", "json")[0])
    finland = [p for p in both if p["country"] == "finland"]
    assert [p["uncertainty"] for p in finland] == [p["uncertainty"] for p in alone]
    others = {p["uncertainty"]["inputs_sha256"] for p in both if p["country"] == "philippines"}
    assert len(others) == 1 and others != {alone[0]["uncertainty"]["inputs_sha256"]}
    text = run("timeline", "finland", "philippines", *span)[0]
    n = alone[0]["uncertainty"]["inputs"]
    assert f"finland {n} (sha256 {alone[0]['uncertainty']['inputs_sha256'][:12]})" in " ".join(text.split())


def test_each_input_names_where_its_rule_or_event_is_written():
    """An input's label counts events in the record with the world events it inherits (threat#19 of
    Finland is its file's tenth), so each input also says where its rule or event is written (``at``,
    in JSON): the line that opens it, holding the rule's id or the event's date (a new user's review)."""
    rs, ps = loader.load_ruleset(), loader.load_profiles()
    profiles = [ps.resolve(c) for c in ("finland", "estonia")]
    inputs = unc.collect(rs, profiles, default=unc.load(unc.default_path()))
    assert {i.kind for i in inputs} >= {"points", "severity"}
    for i in inputs:
        file, line, _ = i.to_dict()["at"].rsplit(":", 2)
        text = open(file, encoding="utf-8").read().splitlines()[int(line) - 1]
        if i.kind == "points":
            assert f"id: {i.target}" in text, (i.key, text)
        else:
            assert i.label.split(" ")[1] in text, (i.key, text)  # the event's date or id opens its entry


def test_the_default_ranges_reach_the_world_events_a_bundled_record_inherits():
    """The bundled uncertainty states doubts about the bundled record, and a threat recorded once in a world
    file (Russia's, inherited by Estonia) is part of it: its severity is ranged as the record's own threats
    are (it was left out: the default file ranged none of the world's events)."""
    rs, ps = loader.load_ruleset(), loader.load_profiles()
    p = ps.resolve("estonia")
    inherited = [i for i, e in enumerate(p.events) if e.kind == "threat" and "world" in e.details]
    assert inherited
    inputs = unc.collect(rs, [p], default=unc.load(unc.default_path()))
    ranged = {i.event for i in inputs if i.kind == "severity"}
    assert set(inherited) <= ranged
    assert all("/world/" in i.at.replace("\\", "/") for i in inputs if i.event in inherited)


def test_the_default_ranges_leave_an_analyst_s_own_record_alone_with_what_it_inherits(tmp_path):
    """An analyst's own record states its own ranges: the bundled file ranges neither its events nor the
    world events it inherits (a copy of Estonia's file in a project had six of them ranged, none of its own)."""
    import shutil

    rs = loader.load_ruleset()
    shutil.copy(REPO / "profiles" / "estonia.yaml", tmp_path / "estonia.yaml")
    own = loader.load_profiles([tmp_path / "estonia.yaml"], defaults=True).resolve("estonia")
    assert own.path != str(REPO / "profiles" / "estonia.yaml") and any("world" in e.details for e in own.events)
    inputs = unc.collect(rs, [own], default=unc.load(unc.default_path()))
    default = str(unc.default_path())
    assert [i for i in inputs if i.kind != "points" and i.declared.startswith(default)] == []
    assert [i for i in inputs if i.kind != "points"]  # the ranges its own file writes stay
