"""Hostile input through the doors added since the first hostile corpus (issue 20), and projects that
must not silently change the defaults (issue 18 item 2).

Each class of the issue has tests here that failed before its fix: schedulers chosen by project
files and listeners that never answer; writes through planted links and over existing files;
unbounded workers and designs; tracebacks from valid or nearly valid inputs; checks that depended
on what was assessed; outputs.  The property tests run generated scenario and uncertainty files
through every sampling command at small sizes.
"""

from __future__ import annotations

import contextlib
import json
import os
import socket
import subprocess
import sys
import threading
from pathlib import Path

import pytest
import yaml
from conftest import MINI_PROFILE
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assessor import sensitivity, sweep

PERIOD = ("--from", "2021-01-01", "--to", "2021-12-31")
SHORT = ("--from", "2021-01-01", "--to", "2021-03-31", "--step", "month")


@pytest.fixture
def in_dir(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "user-config"))  # never the real user's config
    return tmp_path


@pytest.fixture
def silent_listener():
    """A TCP listener that accepts every connection and never sends a byte; yields its address and the
    number of connections it accepted."""
    srv = socket.socket()
    srv.bind(("127.0.0.1", 0))
    srv.listen(16)
    accepted: list[socket.socket] = []
    stop = threading.Event()

    def serve():
        srv.settimeout(0.2)
        while not stop.is_set():
            with contextlib.suppress(OSError):
                accepted.append(srv.accept()[0])

    t = threading.Thread(target=serve, daemon=True)
    t.start()
    yield f"tcp://127.0.0.1:{srv.getsockname()[1]}", accepted
    stop.set()
    t.join(2)
    for c in accepted:
        c.close()
    srv.close()


def _testland(tmp_path: Path, extra: str = "", covers: str = "2020-01-01, to: 2024-12-31") -> Path:
    f = tmp_path / "testland.yaml"
    f.write_text(MINI_PROFILE.replace("2020-01-01, to: 2024-12-31", covers) + extra)
    return f


def one_line_error(err: str) -> None:
    lines = [x for x in err.strip().splitlines() if not x.startswith("note:")]
    assert len(lines) == 1 and lines[0].startswith("error:"), err


# --------------------------------------------------------------------------- 1. no code from data


def test_a_project_scheduler_is_not_used_without_consent(in_dir, run, silent_listener):
    address, accepted = silent_listener
    (in_dir / "assessor.toml").write_text(f'scheduler = "{address}"\n')
    out, err = run("assess", "finland", "--date", "2022-06-01", "--samples", "2")
    assert "score" in out and "not used" in err and "--scheduler project" in err and "trust_project_scheduler" in err
    assert not accepted  # not even a connection


def test_a_pyproject_scheduler_is_not_used_without_consent(in_dir, run, silent_listener):
    address, accepted = silent_listener
    (in_dir / "pyproject.toml").write_text(f'[tool.assessor]\nscheduler = "{address}"\n')
    run("timeline", "finland", *SHORT, "--samples", "2")
    assert not accepted


@pytest.mark.parametrize("consent", ["option", "user-config"])
def test_a_consented_scheduler_that_never_answers_fails_in_bounded_time(in_dir, run, silent_listener, monkeypatch,
                                                                        consent):
    pytest.importorskip("distributed")
    monkeypatch.setattr(sweep, "SCHEDULER_TIMEOUT", 1.0)
    address, accepted = silent_listener
    (in_dir / "assessor.toml").write_text(f'scheduler = "{address}"\n')
    extra: tuple[str, ...] = ("--scheduler", "project")
    if consent == "user-config":
        (in_dir / "user-config" / "assessor").mkdir(parents=True)
        (in_dir / "user-config" / "assessor" / "config.toml").write_text("trust_project_scheduler = true\n")
        extra = ()
    _, err = run("sweep", "finland", "--samples", "2", *SHORT, "-o", "out.csv", *extra, code=2)
    one_line_error(err)
    assert "did not answer within 1 s" in err and accepted
    assert not (in_dir / "out.csv").exists()


def test_the_handshake_itself_is_bounded(monkeypatch, silent_listener):
    """Past the greeting check, Dask's own client would wait for ever: the client is built under a deadline."""
    import time

    monkeypatch.setattr(sweep, "SCHEDULER_TIMEOUT", 0.5)
    with pytest.raises(sweep.AssessorError, match="did not answer within 0.5 s"):
        sweep._bounded(lambda: time.sleep(30), time.monotonic() + 0.5, "tcp://x:1", "connect")


def test_scheduler_project_without_a_project_is_a_usage_error(in_dir, run):
    _, err = run("assess", "finland", "--samples", "2", "--scheduler", "project", code=2)
    assert "names no scheduler" in err


def test_scheduler_local_runs_here_whatever_the_user_config_says(in_dir, run):
    (in_dir / "user-config" / "assessor").mkdir(parents=True)
    (in_dir / "user-config" / "assessor" / "config.toml").write_text('scheduler = "tcp://127.0.0.1:9"\n')
    run("assess", "finland", "--date", "2022-06-01", "--samples", "2", "--scheduler", "local")
    _, err = run("assess", "finland", "--date", "2022-06-01", "--samples", "2", code=2)  # the user's own: used
    try:
        import distributed  # noqa: F401
    except ImportError:  # where Dask is not installed, using it is refused for that reason
        assert "needs Dask's distributed package" in err
    else:
        assert "cannot reach the Dask scheduler" in err


@pytest.mark.parametrize("address", ["udp://127.0.0.1:1", "tcp://a b:1", "tcp://-x:1", "tcp://h:0", "tcp://[zz]:1",
                                     "tcp://h:1/path", "tcp://user@h:1", "x" * 5000])
def test_scheduler_addresses_are_validated(run, address):
    pytest.importorskip("distributed")
    _, err = run("assess", "finland", "--samples", "2", "--scheduler", address, code=2)
    one_line_error(err)
    assert "not a scheduler address" in err and len(err) < 400


@pytest.mark.parametrize("text", ["scheduler = 3\n", "trust_project_scheduler = 'yes'\n", "schedular = 'x'\n",
                                  "a = " + "[" * 3000 + "]" * 3000 + "\n"])
def test_a_bad_user_config_is_one_located_line(in_dir, run, text):
    (in_dir / "user-config" / "assessor").mkdir(parents=True)
    (in_dir / "user-config" / "assessor" / "config.toml").write_text(text)
    _, err = run("assess", "finland", "--date", "2022-06-01", "--samples", "2", code=2)
    one_line_error(err)
    assert "config.toml" in err


# --------------------------------------------------------------------------- 2. writes that never escape or clobber


def test_init_leaves_a_planted_link_alone_and_writes_nothing_through_it(in_dir, run, tmp_path_factory):
    outside = tmp_path_factory.mktemp("outside")
    secret = outside / "dotfile"
    secret.write_text("mine\n")
    (in_dir / "profiles").mkdir()
    (in_dir / "profiles" / ".profile.schema.json").symlink_to(secret)
    (in_dir / "profiles" / "sampleland.yaml").symlink_to(outside / "created-outside")  # dangling
    _, err = run("init", code=2)
    one_line_error(err)
    assert "exists already" in err and "--force" in err
    assert secret.read_text() == "mine\n" and not (outside / "created-outside").exists()
    assert sorted(p.name for p in in_dir.iterdir()) == ["profiles", "user-config"] or \
        sorted(p.name for p in in_dir.iterdir()) == ["profiles"]  # nothing else made
    run("init", "--force")  # on purpose: the links themselves are replaced, never followed
    assert secret.read_text() == "mine\n" and not (outside / "created-outside").exists()
    assert not (in_dir / "profiles" / "sampleland.yaml").is_symlink()


def test_init_refuses_a_linked_folder_and_leaves_nothing(in_dir, run, tmp_path_factory):
    outside = tmp_path_factory.mktemp("outside")
    (in_dir / "rules").symlink_to(outside, target_is_directory=True)
    _, err = run("init", code=2)
    one_line_error(err)
    assert "symbolic link" in err
    assert list(outside.iterdir()) == [] and not (in_dir / "assessor.toml").exists()
    assert not (in_dir / "profiles").exists()


def test_a_failed_init_leaves_nothing(in_dir, run):
    (in_dir / "profiles" / ".profile.schema.json").mkdir(parents=True)  # the last file cannot be written
    _, err = run("init", code=2)
    one_line_error(err)
    assert sorted(p.name for p in in_dir.iterdir() if p.name != "user-config") == ["profiles"]
    assert [p.name for p in (in_dir / "profiles").iterdir()] == [".profile.schema.json"]
    (in_dir / "profiles" / ".profile.schema.json").rmdir()
    (in_dir / "profiles").rmdir()
    (in_dir / "profiles").write_text("a file where the folder goes\n")
    _, err = run("init", code=2)
    one_line_error(err)
    assert sorted(p.name for p in in_dir.iterdir() if p.name != "user-config") == ["profiles"]


def test_init_never_writes_over_an_existing_file_without_force(in_dir, run):
    (in_dir / "assessor.toml").write_text("# mine\n")
    _, err = run("init", code=2)
    assert "assessor.toml exists already" in err and (in_dir / "assessor.toml").read_text() == "# mine\n"
    assert not (in_dir / "rules").exists()
    run("init", "--force")
    assert "profiles" in (in_dir / "assessor.toml").read_text()


def test_init_in_a_new_folder_makes_it_and_a_failure_removes_it(in_dir, run):
    run("init", "new/project")
    assert (in_dir / "new" / "project" / "assessor.toml").is_file()


def test_profiles_new_never_follows_a_link_or_writes_over_a_file(in_dir, run, tmp_path_factory):
    outside = tmp_path_factory.mktemp("outside")
    target = outside / "elsewhere.yaml"
    (in_dir / "profiles").mkdir()
    (in_dir / "profiles" / "atlantis.yaml").symlink_to(target)
    _, err = run("profiles", "new", "Atlantis", code=2)
    one_line_error(err)
    assert "--replace" in err and not target.exists()
    (in_dir / "profiles" / "atlantis.yaml").unlink()
    (in_dir / "profiles" / "atlantis.yaml").write_text("# mine\n")
    run("profiles", "new", "Atlantis", code=2)
    assert (in_dir / "profiles" / "atlantis.yaml").read_text() == "# mine\n"
    run("profiles", "new", "Atlantis", "--replace")
    assert "id: atlantis" in (in_dir / "profiles" / "atlantis.yaml").read_text()


def test_profiles_new_refuses_a_planted_profiles_link(in_dir, run, tmp_path_factory):
    outside = tmp_path_factory.mktemp("outside")
    (in_dir / "profiles").symlink_to(outside, target_is_directory=True)
    _, err = run("profiles", "new", "Atlantis", code=2)
    assert "symbolic link" in err and list(outside.iterdir()) == []
    run("profiles", "new", "Atlantis", "--folder", "profiles")  # a folder the user names is theirs, link or not
    assert (outside / "atlantis.yaml").is_file()


# --------------------------------------------------------------------------- 3. bounds


def test_workers_are_capped_by_the_machine():
    assert sweep.LocalExecutor(512).workers == sweep.cores() <= (os.cpu_count() or 1)


def test_a_pool_never_has_more_processes_than_tasks(monkeypatch):
    import concurrent.futures as cf

    sizes = []
    real = cf.ProcessPoolExecutor

    def spy(n, **kw):
        sizes.append(n)
        return real(n, **kw)

    monkeypatch.setattr(cf, "ProcessPoolExecutor", spy)
    ex = sweep.LocalExecutor(2)
    ex.workers = 64  # as if the machine had 64 cores
    from assessor import loader

    model = sweep.Model(loader.load_ruleset(), (loader.load_profiles().resolve("finland"),), (),
                        (__import__("datetime").date(2022, 6, 1),))
    list(ex.map(model, sweep.tasks_for(2, 1)))
    assert sizes == [2]


def test_a_design_too_large_is_refused_before_anything_is_drawn(write, run):
    """A scenario that adds hundreds of events with an uncertainty wildcard: refused at once, located."""
    events = "\n".join(
        f"""  - profile: testland
    add: {{date: 2021-{1 + k % 3:02d}-{1 + k % 28:02d}, kind: threat, actor: Russia, type: statement, severity: 2,
          weighs_days: 30, summary: "Synthetic event {k}.", source: {{publisher: T, title: "T{k}", date: 2021-01-01}}}}"""
        for k in range(500))
    sc = write("many.yaml", f"name: many\nchanges:\n{events}\n")
    unc = write("unc.yaml", "name: every threat\nevents:\n  - event: {kind: threat}\n    days: 5\n")
    prof = _testland(sc.parent)
    _, err = run("sensitivity", "testland", "--profiles", prof, "--scenario", sc, "--uncertainty", unc, *SHORT,
                 "--method", "morris", code=2)
    one_line_error(err)
    assert "uncertain inputs" in err and "--size" in err and str(unc) in err


def test_design_tasks_are_made_one_at_a_time():
    import numpy as np

    points = np.zeros((1000, 3))
    tasks = sweep.design_tasks(points, 64)
    assert len(tasks) == 16 and tasks[15].stop == 1000 and tasks[-1].index == 15
    assert not isinstance(tasks, list)


def test_an_uncertain_date_at_the_calendar_edge_is_clamped(tmp_path, write, run):
    prof = _testland(tmp_path, "  - date: 0001-01-05\n    kind: threat\n    actor: Russia\n    type: statement\n"
                              "    severity: 2\n    weighs_days: 30\n    summary: Early.\n"
                              "    source: {publisher: T, title: E, date: 2020-01-01}\n",
                    covers="0001-01-01, to: 2024-12-31")
    unc = write("unc.yaml", "name: wide\nevents:\n  - event: {kind: threat}\n    days: 3650\n")
    run("assess", "testland", "--profiles", prof, "--date", "0001-02-01", "--samples", "3", "--uncertainty", unc)


# --------------------------------------------------------------------------- 4. tracebacks from valid input


def test_a_scenario_move_off_the_calendar_is_located(tmp_path, write, run):
    prof = _testland(tmp_path, "  - date: 0002-01-01\n    kind: threat\n    actor: Russia\n    type: statement\n"
                               "    severity: 2\n    weighs_days: 30\n    summary: Early.\n"
                               "    source: {publisher: T, title: E, date: 2020-01-01}\n",
                     covers="0001-01-01, to: 2024-12-31")
    sc = write("sc.yaml", "name: moved\nchanges:\n  - profile: testland\n    move: {date: 0002-01-01, kind: threat}\n"
                          "    by_days: -100000\n")
    _, err = run("assess", "testland", "--profiles", prof, "--scenario", sc, "--date", "2021-06-01", code=2)
    assert f"{sc}:" in err and "outside the calendar" in err and "Traceback" not in err


def test_a_scenario_move_whose_uncertain_range_leaves_the_calendar_is_located(tmp_path, write, run):
    prof = _testland(tmp_path, "  - date: 0002-01-01\n    kind: threat\n    actor: Russia\n    type: statement\n"
                              "    severity: 2\n    weighs_days: 30\n    summary: Early.\n"
                              "    source: {publisher: T, title: E, date: 2020-01-01}\n"
                              "    uncertain: {earliest: 0001-06-01}\n", covers="0001-01-01, to: 2024-12-31")
    sc = write("sc.yaml", "name: moved\nchanges:\n  - profile: testland\n    move: {date: 0002-01-01, kind: threat}\n"
                          "    to: 0001-01-02\n")
    _, err = run("assess", "testland", "--profiles", prof, "--scenario", sc, "--date", "2021-06-01", code=2)
    assert f"{sc}:" in err and "outside the calendar" in err


def test_an_added_event_with_an_uncertain_date_range_samples(tmp_path, write, run):
    prof = _testland(tmp_path)
    sc = write("sc.yaml", """name: add
changes:
  - profile: testland
    add: {date: 2021-03-01, kind: threat, actor: Russia, type: statement, severity: 2, weighs_days: 60,
          summary: "A threat.", source: {publisher: T, title: A, date: 2021-03-01},
          uncertain: {earliest: 2021-02-01, latest: 2021-03-20}}
""")
    for cmd in (("assess", "testland", "--date", "2021-03-25"), ("timeline", "testland", *SHORT)):
        run(*cmd, "--profiles", prof, "--scenario", sc, "--samples", "3")
    bad = write("bad.yaml", sc.read_text().replace("latest: 2021-03-20", "latest: 2021-02-20"))
    _, err = run("assess", "testland", "--date", "2021-03-25", "--profiles", prof, "--scenario", bad, "--samples",
                 "3", code=2)
    assert f"{bad}:" in err and "before the event's date" in err


def test_a_threat_at_the_end_of_the_calendar_does_not_break_report(tmp_path, run):
    prof = _testland(tmp_path, "  - date: 9999-12-31\n    kind: threat\n    actor: Russia\n    type: statement\n"
                              "    severity: 2\n    weighs_days: 100\n    summary: Late.\n"
                              "    source: {publisher: T, title: L, date: 2020-01-01}\n",
                    covers="2020-01-01, to: 9999-12-31")
    run("report", "testland", "--profiles", prof, *PERIOD, "-o", tmp_path / "r.html")


@pytest.mark.parametrize("args", [("assess", "finland", "--date", "2022-06-01", "--samples", "2"),
                                  ("sweep", "finland", "--samples", "2", *SHORT),
                                  ("sensitivity", "finland", *SHORT, "--size", "2", "--method", "morris"),
                                  ("report", "finland", *SHORT, "--format", "markdown", "-o", "r.md")])
def test_a_closed_stderr_does_not_crash_a_sampling_command(tmp_path, args):
    code = ("import os, sys; os.close(2); sys.stderr = None\n"
            "from assessor.cli import main\n"
            f"sys.argv = ['assessor', *{list(args)!r}]\n"
            "main()\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=False, stdout=subprocess.PIPE, cwd=tmp_path,
                          timeout=300)
    assert done.returncode == 0 and (done.stdout or (tmp_path / "r.md").is_file())


@pytest.mark.parametrize("text", ["[tool]\nassessor = 3\n", "tool = 'x'\n", "[tool]\nassessor = ['a']\n",
                                  "a = " + "[" * 3000 + "]" * 3000 + "\n"])
def test_a_strange_pyproject_is_never_a_traceback(in_dir, text):
    (in_dir / "pyproject.toml").write_text(text)
    from click.testing import CliRunner

    from assessor.cli import cli

    result = CliRunner().invoke(cli, ["assess", "finland", "--date", "2022-06-01"])
    assert result.exit_code in (0, 2) and not (result.exception and not isinstance(result.exception, SystemExit))
    if result.exit_code == 2:
        one_line_error(result.stderr)
        assert "pyproject.toml" in result.stderr


@pytest.mark.parametrize("text", ['profiles = ["' + "x" * 5000 + '"]\n', 'rules = ["' + "a/" * 3000 + '"]\n',
                                  "a = " + "{b = " * 2000 + "1" + "}" * 2000 + "\n"])
def test_an_assessor_toml_with_long_paths_or_deep_nesting_is_one_line(in_dir, run, text):
    (in_dir / "assessor.toml").write_text(text)
    _, err = run("assess", "finland", "--date", "2022-06-01", code=2)
    one_line_error(err)
    assert "assessor.toml" in err and len(err) < 600


def test_backtest_on_a_record_longer_than_a_timeline_is_one_line(tmp_path, run):
    prof = _testland(tmp_path, covers="1700-01-01, to: 2024-12-31")
    # a profile the outcomes file does not list is left out unless counted as quiet
    _, err = run("backtest", "--profiles", prof, "--include-unlisted", code=2)
    one_line_error(err)
    assert "100,000" in err
    # backtest has no --step: the message names what the user can change, and the file
    assert "--step" not in err and "covers" in err and "testland.yaml" in err


@pytest.mark.parametrize("name", ["all", "ALL", "Estonia", "estonia", "FIN", "x\u2028y", "a" * 81, "\x7f", " ",
                                  "9lives", "../etc", "Ω"])
def test_profiles_new_refuses_names_that_would_not_load_or_would_shadow(in_dir, run, name):
    _, err = run("profiles", "new", name, code=2)
    one_line_error(err)
    assert not (in_dir / "profiles").exists() or not any((in_dir / "profiles").iterdir())


@pytest.mark.parametrize("name, pid", [("Côte d'Ivoire", "cote-d-ivoire"), ("São Tomé and Príncipe", "sao-tome-and-principe"),
                                       ("Åland", "aland"), ("Curaçao", "curacao")])
def test_profiles_new_keeps_the_letters_of_an_accented_name(in_dir, run, name, pid):
    """The id dropped every accented letter: 'Côte d'Ivoire' became c-te-d-ivoire."""
    _, err = run("profiles", "new", name, "--folder", "p")
    assert f"{pid}.yaml" in err
    doc = yaml.safe_load((in_dir / "p" / f"{pid}.yaml").read_text(encoding="utf-8"))
    assert (doc["id"], doc["name"]) == (pid, name)
    run("assess", pid, "--profiles", in_dir / "p", "--date", "2026-06-01")


@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.text(min_size=1, max_size=30))
def test_profiles_new_any_name_loads_or_is_refused(tmp_path_factory, name):
    from click.testing import CliRunner

    from assessor import loader
    from assessor.cli import cli

    folder = tmp_path_factory.mktemp("new")
    result = CliRunner().invoke(cli, ["profiles", "new", name, "--folder", str(folder)])
    assert result.exit_code in (0, 2), result.output
    assert not (result.exception and not isinstance(result.exception, SystemExit))
    written = [f for f in folder.iterdir() if f.suffix == ".yaml"]
    if result.exit_code == 0:
        assert len(written) == 1 and loader.load_profiles(written)  # it loads
    else:
        assert not written


# --------------------------------------------------------------------------- 5. one validation per door


def test_a_one_sided_uncertain_range_cannot_escape_ten_years(tmp_path, write, run):
    unc = write("unc.yaml", "name: far\nevents:\n  - profile: finland\n    event: {date: 2022-02-24, kind: threat}\n"
                            "    earliest: 1990-01-01\n")
    _, err = run("assess", "finland", "--date", "2022-06-01", "--samples", "2", "--uncertainty", unc, code=2)
    assert f"{unc}:" in err and "ten years" in err


def test_an_uncertainty_file_is_valid_or_not_whatever_is_assessed(write, run):
    unc = write("unc.yaml", "name: bad\nevents:\n  - profile: finland\n    event: {date: 2022-02-24, kind: threat}\n"
                            "    severity_min: 4\n    severity_max: 5\n")
    for country in ("finland", "sweden"):
        _, err = run("assess", country, "--date", "2022-06-01", "--samples", "2", "--uncertainty", unc, code=2)
        assert f"{unc}:" in err and "does not hold" in err


def test_report_refuses_jobs_and_scheduler_without_samples(tmp_path, run):
    for extra in (("--jobs", "2"), ("--scheduler", "tcp://127.0.0.1:9")):
        _, err = run("report", "finland", *PERIOD, *extra, "-o", tmp_path / "r.html", code=2)
        assert "--samples" in err
    assert not (tmp_path / "r.html").exists()


# --------------------------------------------------------------------------- 6. outputs


def test_sensitivity_plot_writes_what_its_name_says(tmp_path, run):
    args = ("sensitivity", "finland", *SHORT, "--size", "2", "--method", "morris", "--jobs", "1")
    run(*args, "--plot", tmp_path / "c.svg")
    assert (tmp_path / "c.svg").read_bytes().startswith(b"<?xml")
    run(*args, "--plot", tmp_path / "c.PNG")
    assert (tmp_path / "c.PNG").read_bytes().startswith(b"\x89PNG")
    _, err = run(*args, "--plot", tmp_path / "c.jpg", code=2)
    assert ".png or .svg" in err and not (tmp_path / "c.jpg").exists()
    _, err = run(*args, "--plot", tmp_path / "same.svg", "-o", tmp_path / "same.svg", code=2)
    assert "same file" in err and not (tmp_path / "same.svg").exists()


def test_sensitivity_keeps_no_chart_when_the_run_fails(tmp_path, run):
    _, err = run("sensitivity", "finland", *SHORT, "--size", "2", "--method", "morris", "--plot", tmp_path / "c.png",
                 "-o", tmp_path / "missing" / "out.txt", code=2)
    assert not (tmp_path / "c.png").exists()


def test_csv_headers_escape_level_names(tmp_path, write, run):
    from assessor import loader

    header = (loader.default_dir("rules") / "ruleset.yaml").read_text().replace("{name: critical,",
                                                                               '{name: "crit\\u001b[31mical",')
    header = header.replace("critical: 0.15}", '"crit\\u001b[31mical": 0.15}')  # the declared forecast map names it too
    rules = tmp_path / "rules"
    rules.mkdir()
    for f in loader.default_dir("rules").glob("*.yaml"):
        (rules / f.name).write_text(header if f.name == "ruleset.yaml" else f.read_text())
    out, _ = run("assess", "finland", "--date", "2022-06-01", "--rules", rules, "--no-defaults", "--samples", "2",
                 "--format", "csv")
    assert "\x1b" not in out.splitlines()[0] and "p_crit" in out.splitlines()[0]


# --------------------------------------------------------------------------- 7. projects never silently change the defaults


def test_a_fresh_project_scores_bundled_countries_as_the_defaults(in_dir, run, tmp_path_factory):
    outside, _ = run("assess", "finland", "--date", "2022-06-01", "--format", "json")
    run("init")
    inside, _ = run("assess", "finland", "--date", "2022-06-01", "--format", "json")
    assert json.loads(inside)[0]["score"] == json.loads(outside)[0]["score"]
    assert json.loads(inside)[0]["ruleset"] == json.loads(outside)[0]["ruleset"]
    # listing the rules folder puts the sample rule in force, and output says so
    toml = in_dir / "assessor.toml"
    toml.write_text(toml.read_text().replace("# rules = ", "rules = "))
    out, _ = run("assess", "finland", "--date", "2022-06-01")
    version = json.loads(outside)[0]["ruleset"]["version"]  # the bundled rule set's, whatever it is
    assert f"assessor-default {version} + project rules (1 file)" in out


def test_profiles_new_estonia_is_refused_with_the_way_to_replace(in_dir, run):
    run("init")
    _, err = run("profiles", "new", "Estonia", code=2)
    one_line_error(err)
    assert "bundled profile 'estonia'" in err and "--replace" in err
    assert not (in_dir / "profiles" / "estonia.yaml").exists()
    run("profiles", "new", "Estonia", "--replace")
    _, err = run("timeline", "estonia", *SHORT)
    assert err.count("replaces the bundled profile 'estonia'") == 1


def test_profiles_validate_flags_the_template_and_example_sources(in_dir, run):
    run("profiles", "new", "Atlantis")
    out, _ = run("profiles", "validate", "profiles/atlantis.yaml", "--no-lint", code=1)
    assert "[placeholder]" in out and "[example-source]" in out and "error" in out


# --------------------------------------------------------------------------- 9. generated files through every sampling command

DATES = st.dates(min_value=__import__("datetime").date(1, 1, 1), max_value=__import__("datetime").date(9999, 12, 31))
NEAR = st.dates(min_value=__import__("datetime").date(2019, 1, 1), max_value=__import__("datetime").date(2023, 12, 31))


@st.composite
def uncertainty_files(draw) -> str:
    lines = ["name: generated", "events:"]
    for _ in range(draw(st.integers(0, 3))):
        kind = draw(st.sampled_from(["threat", "membership", "agreement", "buildup"]))
        entry = [f"  - event: {{kind: {kind}}}"]
        if draw(st.booleans()):
            entry = ["  - profile: testland", f"    event: {{date: {draw(st.sampled_from(['2021-06-01', '2020-01-01', '2021-07-01']))}, kind: {kind}}}"]
        choice = draw(st.sampled_from(["days", "earliest", "latest", "severity", "range"]))
        if choice == "days":
            entry.append(f"    days: {draw(st.integers(0, 3650))}")
        elif choice in ("earliest", "latest"):
            entry.append(f"    {choice}: {draw(DATES).isoformat()}")
        elif choice == "severity":
            entry.append(f"    severity: {draw(st.integers(0, 4))}")
        else:
            lo = draw(st.integers(1, 5))
            entry += [f"    severity_min: {lo}", f"    severity_max: {draw(st.integers(1, 5))}"]
        lines += entry
    lines.append("rules:")
    lines.append(f"  - relative: {draw(st.sampled_from(['0', '0.1', '0.5', '2']))}")
    return "\n".join(lines) + "\n"


@st.composite
def scenario_files(draw) -> str:
    lines = ["name: generated", "changes:"]
    for _ in range(draw(st.integers(0, 3))):
        verb = draw(st.sampled_from(["move", "add", "remove"]))
        if verb == "move":
            how = (f"by_days: {draw(st.integers(-100_000, 100_000))}" if draw(st.booleans())
                   else f"to: {draw(DATES).isoformat()}")
            lines += ["  - profile: testland", "    move: {date: 2021-06-01, kind: threat}", f"    {how}"]
        elif verb == "remove":
            lines += ["  - profile: testland", "    remove: {date: 2021-06-01, kind: threat}"]
        else:
            d = draw(NEAR)
            unc = ""
            if draw(st.booleans()):
                unc = f", uncertain: {{earliest: {draw(DATES).isoformat()}, latest: {draw(DATES).isoformat()}}}"
            lines += ["  - profile: testland",
                      f"    add: {{date: {d.isoformat()}, kind: threat, actor: Russia, type: statement, severity: "
                      f"{draw(st.integers(1, 5))}, weighs_days: {draw(st.integers(1, 3650))}, summary: \"G.\", "
                      f"source: {{publisher: T, title: G, date: {d.isoformat()}}}{unc}}}"]
    if len(lines) == 2:
        lines[1] = "changes: []"
    return "\n".join(lines) + "\n"


SAMPLING = [("assess", "testland", "--date", "2021-06-15", "--samples", "2"),
            ("timeline", "testland", *SHORT, "--samples", "2"),
            ("sweep", "testland", *SHORT, "--samples", "2"),
            ("sensitivity", "testland", *SHORT, "--size", "2", "--method", "morris"),
            ("report", "testland", *SHORT, "--samples", "2", "--format", "markdown")]


@settings(max_examples=12, deadline=None, suppress_health_check=list(HealthCheck))
@given(uncertainty_files(), scenario_files(), st.sampled_from(SAMPLING))
def test_generated_scenarios_and_uncertainty_through_every_sampling_command(tmp_path_factory, unc_text, sc_text, cmd):
    from click.testing import CliRunner

    from assessor.cli import cli

    d = tmp_path_factory.mktemp("gen")
    prof = _testland(d)
    (d / "u.yaml").write_text(unc_text)
    (d / "s.yaml").write_text(sc_text)
    out = d / "out.txt"
    args = [*cmd, "--profiles", str(prof), "--uncertainty", str(d / "u.yaml"), "--scenario", str(d / "s.yaml"),
            "--jobs", "1", "-o", str(out)]
    result = CliRunner().invoke(cli, [str(a) for a in args])
    assert not (result.exception and not isinstance(result.exception, SystemExit)), (result.exception, result.output)
    assert result.exit_code in (0, 2), result.output
    if result.exit_code == 2:
        lines = [x for x in result.stderr.strip().splitlines() if x.startswith("error:") or ": error:" in x]
        assert lines and "Traceback" not in result.stderr, result.stderr
        assert not out.exists()  # nothing written
    else:
        assert out.exists()


def test_the_design_bound_is_far_above_the_default_run():
    """The refusal is for designs no laptop should build, not for ordinary runs: 20 trajectories of
    200 inputs fit (0.8 M cells)."""
    assert sensitivity.design_points("morris", 200, 20) * 200 < sensitivity.MAX_DESIGN_CELLS


def test_sensitivity_refuses_a_run_of_hours_before_scoring_anything(run, monkeypatch):
    """Memory was bounded (design cells), total work was not: design points × countries × dates above
    MAX_ASSESSMENTS is one line naming the product and what lowers it, exit 2, before a point is scored."""
    from assessor import sweep as sweep_mod

    def never(*a, **k):
        raise AssertionError("scored a design that should have been refused")

    monkeypatch.setattr(sweep_mod, "evaluate_design", never)
    monkeypatch.setattr(sensitivity, "evaluate_design", never)
    monkeypatch.setattr(sensitivity, "MAX_ASSESSMENTS", 1_000)  # the default run (a year, monthly) is above it
    _, err = run("sensitivity", "finland", "--from", "2022-01-01", "--to", "2022-12-31", "--jobs", "1", code=2)
    one_line_error(err)
    assert "× 1 country × 12 dates make" in err and "more than 1,000" in err
    assert "--step" in err and "--size" in err and "minutes on one core" in err


def test_the_work_bound_refuses_the_library_too_and_leaves_ordinary_runs_alone():
    with pytest.raises(sensitivity.AssessorError, match="assessments, more than"):
        sensitivity.check_work("morris", 59, 1000, 1, 2007)  # 60,000 points × 2,007 days: about two hours
    sensitivity.check_work("morris", 59, 20, 1, 48)  # the documented run: four years, monthly
    sensitivity.check_work("morris", 59, 20, 7, 60)  # seven countries monthly over five years: 0.5 M, allowed
    with pytest.raises(sensitivity.AssessorError):  # seven countries daily over five years: 17 M
        sensitivity.check_work("morris", 59, 20, 7, 2000)
    with pytest.raises(sensitivity.AssessorError):
        sensitivity.check_work("sobol", 12, 8192, 28, 1100)


@pytest.mark.parametrize("config", ["assessor.toml", "user-config/assessor/config.toml"])
def test_a_bad_scheduler_address_in_a_file_is_located_in_that_file(in_dir, run, config):
    """A project's or the user config's scheduler is checked when the file is read, like every other key,
    and the message names the file (it said '--scheduler', an option the user never gave, and only once
    a sampling command tried to use it)."""
    path = in_dir / config
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text('scheduler = "inproc://x"\n')
    _, err = run("assess", "finland", "--date", "2022-06-01", "--samples", "2", code=2)
    one_line_error(err)
    assert str(path) in err and "scheduler" in err and "--scheduler" not in err
