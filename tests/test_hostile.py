"""Hostile input: inputs that look valid but are built to break something.

Every bad input gets one located message (file:line:col where it comes from a
file), a non-zero exit (2 for input and usage errors) and never a traceback.
"""

from __future__ import annotations

import re

import pytest
from conftest import MINI_HEADER, MINI_PROFILE, D

TRACEBACK = re.compile(r"Traceback|Exception ignored|Error:|^\s+File \"", re.M)


def clean(text: str) -> None:
    assert not TRACEBACK.search(text), text


# --------------------------------------------------------------------------- A1-A3: values that look valid

@pytest.mark.parametrize("value", ["!!bool maybe", "!!int ''", "!!float x", "!!timestamp nope", "!!binary aGVsbG8="])
def test_explicit_tags_with_bad_values_in_rules_and_profiles(run, rules_copy, write, value):
    text = (rules_copy / "exposure.yaml").read_text().replace("factor: exposure", f"factor: {value}", 1)
    (rules_copy / "exposure.yaml").write_text(text)
    line = next(i for i, ln in enumerate(text.splitlines(), 1) if value in ln)
    _, err = run("assess", "finland", "--date", "2022-06-01", "--rules", rules_copy, code=2)
    assert f"exposure.yaml:{line}:13: error:" in err and err.count(": error:") == 1
    profile = write("p/testland.yaml", MINI_PROFILE.replace("name: Testland", f"name: {value}"))
    out, err = run("profiles", "validate", profile, code=1)
    assert "testland.yaml:2:7: error:" in out
    clean(out + err)


def test_integers_beyond_the_digit_limit(run, write):
    profile = write("p/testland.yaml", MINI_PROFILE.replace("value: 500", "value: " + "7" * 5000))
    out, err = run("profiles", "validate", profile, code=1)
    assert "testland.yaml:9:12: error: cannot read the number" in out and len(out) < 300
    _, err = run("assess", "testland", "--profiles", profile, "--date", "2022-01-01", code=2)
    assert "testland.yaml:9:12" in err
    clean(out + err)


@pytest.mark.parametrize("edit, where", [
    ("effect: {points: 3}", "effect: {points: 1.0e+308}"),
    ("effect: {points: 0.005, per: hostile_border_km, cap: 8}", "effect: {points: 0.005, per: hostile_border_km, cap: 1.0e+12}"),
    ("- {fact: hostile_border_km, gte: 1000}", "- {fact: hostile_border_km, gte: -1.0e+300}"),
])
def test_numbers_out_of_range_are_refused_at_validation(run, rules_copy, edit, where):
    f = rules_copy / "exposure.yaml"
    f.write_text(f.read_text().replace(edit, where))
    _, err = run("assess", "finland", "--date", "2022-06-01", "--rules", rules_copy, "--format", "json", code=2)
    assert "exposure.yaml:" in err and ("maximum 1000000000" in err or "minimum -1000000000" in err
                                        or "outside -1,000,000,000..1,000,000,000" in err)
    out, _ = run("rules", "validate", rules_copy, "--no-lint", code=1)
    assert "[bad-value]" in out and "Infinity" not in out


def test_opposite_huge_points_never_give_nan_or_a_silent_critical(run, rules_copy):
    f = rules_copy / "exposure.yaml"
    text = f.read_text().replace("effect: {points: 3}", "effect: {points: 1.0e+308}")
    f.write_text(text.replace("effect: {points: 0.005, per: hostile_border_km, cap: 8}", "effect: {points: -1.0e+308}"))
    _, err = run("assess", "finland", "--date", "2022-06-01", "--rules", rules_copy, code=2)
    assert err.count("[bad-value]") == 2 and "critical" not in err.lower()


def test_profile_numbers_are_bounded(run, write):
    profile = write("p/testland.yaml", MINI_PROFILE.replace("value: 500", "value: 1.0e+300"))
    out, _ = run("profiles", "validate", profile, code=1)
    assert "testland.yaml:9:12: error:" in out and "[bad-value]" in out


# --------------------------------------------------------------------------- B10: terminal control characters

RAW_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
EVIL = r"Test\e]0;title\aland\e[2J\x9b31m\u202eexe.txt"  # YAML double-quoted escapes


@pytest.fixture
def evil(write, tmp_path):
    """A profile and a rule set whose every free-text field carries control characters."""
    text = MINI_PROFILE.replace("name: Testland", f'name: "{EVIL}"').replace(
        "summary: A threat.", f'summary: "{EVIL}"')  # actor: a registry name (an unknown one is refused, inertly)
    profile = write("p/testland.yaml", text)
    header = MINI_HEADER.replace("name: mini", f'name: "{EVIL}"').replace("name: critical", f'name: "{EVIL}"')
    write("r/head.yaml", header)
    write("r/rules.yaml", f"""
        rules:
          - id: threatened
            factor: "{EVIL}"
            when: {{fact: threat_level, gt: 0}}
            effect: {{points: 40}}
            reason: "{EVIL} {{threat_level}}"
        """)
    return ["--rules", tmp_path / "r", "--profiles", profile]


@pytest.mark.parametrize("args", [
    ["assess", "testland", "--date", "2021-06-02", "--evidence"],
    ["assess", "testland", "--date", "2021-06-02", "--format", "json"],
    ["assess", "testland", "--date", "2021-06-02", "--format", "csv"],
    ["explain", "testland", "--date", "2021-06-02"],
    ["explain", "testland", "--date", "2021-06-02", "--format", "json"],
    ["timeline", "testland", "--from", "2021-05-01", "--to", "2021-07-01"],
    ["timeline", "testland", "--from", "2021-05-01", "--to", "2021-07-01", "--format", "csv"],
    ["rules", "show", "threatened"],
    ["rules", "show", "threatened", "--format", "json"],
])
def test_no_control_character_reaches_the_terminal(run, evil, args):
    out, err = run(*args, *evil)
    assert not RAW_CONTROL.search(out + err), repr(out + err)
    if args[0] != "rules":  # rules show prints the YAML as written: the escapes are still \e there
        assert "\\x1b" in out or "\\u001b" in out  # shown, not dropped


def test_lists_and_validation_messages_are_inert(run, evil, write, tmp_path):
    out, _ = run("profiles", "list", "--profiles", evil[3])
    assert not RAW_CONTROL.search(out) and "\\x1b]0;title\\x07" in out
    out, _ = run("rules", "list", "--rules", evil[1])
    assert not RAW_CONTROL.search(out) and "\\u202e" in out
    bad = write("p2/bad.yaml", MINI_PROFILE.replace("kind: threat", f'kind: "{EVIL}"'))
    for fmt in ("text", "json", "github"):
        out, err = run("profiles", "validate", bad, "--format", fmt, code=1)
        assert not RAW_CONTROL.search(out + err), repr(out)
    odd = tmp_path / "x\x1b]0;t\x07.yaml"
    _, err = run("assess", "testland", "--profiles", odd, code=2)
    assert not RAW_CONTROL.search(err) and "\\x1b]0;t\\x07" in err


def test_colour_is_added_after_the_text_is_made_safe(default_assessor):
    from assessor.assess import Point
    from assessor.render import text

    out = text.timeline([Point("x", D("2022-01-01"), 1.0, "low\x1b[8m", ())], colour=True)
    assert "\x1b[8m" not in out and "\\x1b[8m" in out.replace("\\x1b[8M", "\\x1b[8m")
    assert "\x1b[1m" in out  # our bold survives


@pytest.mark.parametrize("cell, shown", [("=1+2", "'=1+2"), ("+cmd", "'+cmd"), ("-2", "'-2"), ("@SUM(A1)", "'@SUM(A1)"),
                                         ("ok", "ok"), (-2.5, -2.5), ("a\x1bb", "a\\x1bb")])
def test_csv_cells_cannot_be_formulas(cell, shown):
    from assessor.render.safe import csv_cell

    assert csv_cell(cell) == shown


def test_csv_level_names_are_neutralised(run, write, tmp_path):
    write("r/head.yaml", MINI_HEADER.replace("name: elevated", 'name: "=HYPERLINK(\\"http://x\\")"'))
    write("r/rules.yaml", "rules: []\n")
    profile = write("p/testland.yaml", MINI_PROFILE)
    out, _ = run("assess", "testland", "--date", "2021-06-02", "--format", "csv", "--rules", tmp_path / "r",
                 "--profiles", profile)
    assert ',"\'=HYPERLINK' in out


# --------------------------------------------------------------------------- B9: reports carry no live content

HOSTILE_URL = "https://example.org/><script>alert(1)</script>"


@pytest.fixture
def live(write, tmp_path):
    """A profile and rule set whose text fields and source address try to inject HTML and Markdown."""
    inject = "<img src=x onerror=alert(1)> *b* [l](javascript:alert(1)) `c` | d & $x$ ~~s~~"
    text = MINI_PROFILE.replace("name: Testland", f"name: '{inject}'").replace(
        "source: {publisher: Test, title: Threat, date: 2021-06-01}",
        f"source: {{publisher: '{inject}', title: T, date: 2021-06-01, url: 'https://example.org/a%20b?q=1'}}")
    profile = write("p/testland.yaml", text)
    header = MINI_HEADER.replace("name: mini", f"name: '{inject}'").replace("name: high", f"name: '<b>{inject}'")
    write("r/head.yaml", header)
    write("r/rules.yaml", f"""
        rules:
          - id: threatened
            factor: '{inject}'
            when: {{fact: threat_level, gt: 0}}
            effect: {{points: 15}}
            reason: '{inject} {{threat_level}}'
        """)
    return ["--rules", tmp_path / "r", "--profiles", profile]


def test_a_url_with_markup_is_refused_where_it_stands(run, write):
    profile = write("p/testland.yaml", MINI_PROFILE.replace(
        "source: {publisher: Test, title: Threat, date: 2021-06-01}",
        f"source: {{publisher: Test, title: Threat, date: 2021-06-01, url: '{HOSTILE_URL}'}}"))
    out, _ = run("profiles", "validate", profile, code=1)
    assert "testland.yaml:29:69: error: 'url'" in out and "[bad-value]" in out


def test_markdown_report_escapes_every_string(run, live, tmp_path):
    out_file = tmp_path / "r.md"
    run("report", "testland", "--from", "2021-05-01", "--to", "2021-07-01", "-o", out_file, *live)
    text = out_file.read_text()
    prose = re.sub(r"(`+) .*? \1", "", text)  # code spans show their text literally: safe, skip them
    assert not re.search(r"(?<!\\)<(img|script|b>)", prose)
    assert not re.search(r"(?<!\\)\]\(javascript", prose) and "\\[l\\](javascript:alert(1))" in text
    assert "&lt;img src=x onerror=alert(1)&gt; \\*b\\*" in text and "\\`c\\` &#124; d &amp; &#36;x&#36; &#126;&#126;s&#126;&#126;" in text
    assert "(<https://example.org/a%20b?q=1>)" in text
    # the only raw HTML is our own anchors
    assert set(re.findall(r"(?<!\\)<(?!https://|r\.chart\.png>)[a-z/][^>]*>", prose)) <= {'<a id="testland">', "</a>",
                                                                                         "<code>", "</code>"} | {
        f'<a id="s{i}">' for i in range(1, 9)}


def test_markdown_code_spans_and_image_names_cannot_be_closed(run, tmp_path):
    from assessor.render import markdown

    assert markdown.code("a`b``c") == "``` a`b``c ```"
    assert markdown.code("x|y", cell=True) == "<code>x&#124;y</code>"  # no '\\|', shown by Python-Markdown
    assert markdown.image("javascript:alert(1).chart.png") == "<javascript%3Aalert%281%29.chart.png>"
    assert markdown.image("a b>.png") == "<a%20b%3E.png>"
    out = tmp_path / "we`ird |name>.md"
    run("report", "finland", "--from", "2022-01-01", "--to", "2022-02-01", "-o", out)
    text = out.read_text()
    assert "](<we%60ird%20%7Cname%3E.chart.png>)" in text
    assert "<code>assessor report" in text and "&#124;name&gt;.md" in text


def test_html_report_links_only_http_addresses(run, live, tmp_path):
    from assessor.render import html

    assert html.environment(True).filters["href"]("javascript:alert(1)") is None
    assert html.environment(True).filters["href"](HOSTILE_URL) == "https://example.org/%3E%3Cscript%3Ealert%281%29%3C/script%3E"
    out_file = tmp_path / "r.html"
    run("report", "testland", "--from", "2021-05-01", "--to", "2021-07-01", "-o", out_file, *live)
    page = out_file.read_text()
    assert "<img" not in page and "<script" not in page and 'href="javascript' not in page
    assert 'href="https://example.org/a%20b?q=1"' in page


def test_report_json_and_markdown_carry_no_raw_controls(run, evil, tmp_path):
    for name in ("r.md", "r.html", "r.json"):
        run("report", "testland", "--from", "2021-05-01", "--to", "2021-07-01", "-o", tmp_path / name, *evil)
        assert not RAW_CONTROL.search((tmp_path / name).read_text()), name


# --------------------------------------------------------------------------- A4-A5: charts

@pytest.mark.parametrize("name", ["A$b$c", "A$\\\\frac$", "x^2_y \\\\alpha", "$", "_hidden"])
def test_chart_text_is_never_read_as_tex(run, write, tmp_path, name):
    profile = write("p/testland.yaml", MINI_PROFILE.replace("name: Testland", f'name: "{name}"'))
    header = MINI_HEADER.replace("name: low", f'name: "{name} low"')  # the band the line is in (the axis ends above it)
    write("r/head.yaml", header)
    write("r/rules.yaml", "rules: []\n")
    shown = name.replace("\\\\", "\\")
    for ext in ("svg", "png"):
        out = tmp_path / f"c.{ext}"
        _, err = run("timeline", "testland", "--from", "2021-01-01", "--to", "2021-03-01", "--plot", out,
                     "--profiles", profile, "--rules", tmp_path / "r")
        clean(err)
    svg = (tmp_path / "c.svg").read_text()
    import html as _html

    texts = [_html.unescape(t) for t in re.findall(r"<text[^>]*>([^<]*)", svg)]
    assert any(t.lstrip("\u200b") == shown for t in texts), texts
    assert f"{shown} low" in [t.lstrip("\u200b") for t in texts]


@pytest.mark.parametrize("args", [
    ["timeline", "finland", "--from", "0001-01-01", "--to", "0001-03-01", "--plot", "{tmp}/a.svg"],
    ["timeline", "finland", "--from", "9999-10-01", "--to", "9999-12-31", "--plot", "{tmp}/a.png"],
    ["report", "finland", "--from", "0001-01-02", "--to", "0001-02-01", "-o", "{tmp}/a.html"],
    ["report", "finland", "--from", "2022-01-01", "--to", "9999-12-30", "--date", "2022-06-01", "-o", "{tmp}/a.json"],
    ["report", "finland", "--from", "1000-01-01", "--to", "8999-12-31", "--step", "month", "--date", "2022-06-01",
     "-o", "{tmp}/a.md"],
    ["report", "finland", "--from", "2022-01-01", "--to", "9999-12-31", "-o", "{tmp}/a.json"],
])
def test_dates_near_the_calendar_limits_are_usage_errors(run, tmp_path, args):
    _, err = run(*[a.replace("{tmp}", str(tmp_path)) for a in args], code=2)
    assert err.count("Error:") == 1 and ("a chart can show" in err or "a report covers" in err or "100,000" in err)
    assert not list(tmp_path.iterdir())  # nothing written


def test_charts_draw_at_the_edges_of_their_range(run, tmp_path):
    run("timeline", "finland", "--from", "1000-01-01", "--to", "1000-03-01", "--plot", tmp_path / "a.svg")
    run("timeline", "finland", "--from", "8999-10-01", "--to", "8999-12-31", "--plot", tmp_path / "b.png")


# --------------------------------------------------------------------------- A8: SOURCE_DATE_EPOCH

@pytest.mark.parametrize("epoch", ["-5", "abc", "1.5", "253402300800", "9" * 5000, "\u0663", "1e9"])
def test_source_date_epoch_out_of_range_is_a_clear_error(run, monkeypatch, tmp_path, epoch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", epoch)
    _, err = run("report", "finland", "--from", "2022-01-01", "--to", "2022-02-01", "-o", tmp_path / "r.json", code=2)
    assert err.startswith("error: SOURCE_DATE_EPOCH must be whole seconds") and len(err) < 200
    assert not (tmp_path / "r.json").exists()


def test_source_date_epoch_at_the_end_of_9999(run, monkeypatch, tmp_path):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "253402300799")
    run("report", "finland", "--from", "2022-01-01", "--to", "2022-02-01", "-o", tmp_path / "r.json")
    assert '"generated": "9999-12-31T23:59:59+00:00"' in (tmp_path / "r.json").read_text()


# --------------------------------------------------------------------------- A7: unreadable folders

def test_rule_tests_path_that_is_a_file_is_located(run, rules_copy):
    import shutil

    shutil.rmtree(rules_copy / "tests")
    (rules_copy / "tests").write_text("not a folder\n")
    for args in (["rules", "test", rules_copy], ["rules", "validate", rules_copy]):
        _, err = run(*args, code=2)
        assert f"{rules_copy / 'tests'}: error: is not a folder" in err and err.count(": error:") == 1


def test_unreadable_rule_tests_folder_is_located(run, rules_copy, monkeypatch):
    from pathlib import Path

    real = Path.iterdir

    def iterdir(self):
        if self.name == "tests":
            raise PermissionError(13, "Permission denied", str(self))
        return real(self)

    monkeypatch.setattr(Path, "iterdir", iterdir)
    for args in (["rules", "test", rules_copy], ["rules", "validate", rules_copy]):
        _, err = run(*args, code=2)
        assert f"{rules_copy / 'tests'}: error: cannot read folder: permission denied [missing-file]" in err


def test_unreadable_rule_folder_is_located(run, rules_copy, monkeypatch):
    from pathlib import Path

    real = Path.is_dir

    def is_dir(self):
        if self == rules_copy:
            raise PermissionError(13, "Permission denied", str(self))
        return real(self)

    monkeypatch.setattr(Path, "is_dir", is_dir)
    _, err = run("assess", "finland", "--rules", rules_copy, code=2)
    assert f"{rules_copy}: error: cannot read: permission denied" in err


# --------------------------------------------------------------------------- A6: output that cannot be written

def _assessor(*args, env=None, **kw):
    import os
    import subprocess
    import sys

    code = "import sys; from assessor.cli import main; main(sys.argv[1:])"
    full_env = {**os.environ, **(env or {})}
    return subprocess.run([sys.executable, "-c", code, *map(str, args)], stderr=subprocess.PIPE, env=full_env, **kw)


def test_stdout_on_a_full_disk_is_one_line_exit_2():
    with open("/dev/full", "wb") as full:
        p = _assessor("assess", "all", "--date", "2022-06-01", stdout=full)
    err = p.stderr.decode()
    assert p.returncode == 2 and err == "error: cannot write to standard output: No space left on device\n"


@pytest.mark.parametrize("args", [["assess", "all", "--date", "2022-06-01"],
                                  ["timeline", "all", "--from", "2022-01-01", "--to", "2022-12-31", "--step", "day"],
                                  ["rules", "diff", "rules", "rules", "--format", "json", "--step", "month"],
                                  ["rules", "validate", "--format", "json", "--no-lint"]])
def test_a_reader_that_went_away_ends_the_run_quietly(args):
    import os

    from conftest import REPO

    read, write = os.pipe()
    os.close(read)  # the reader is gone before the first byte: every write is EPIPE
    try:
        p = _assessor(*args, stdout=write, cwd=REPO)
    finally:
        os.close(write)
    assert p.returncode in (0, 141) and p.stderr == b""


def test_a_closed_stdout_is_one_line_exit_2():
    import os

    p = _assessor("assess", "all", "--date", "2022-06-01", pass_fds=(), preexec_fn=lambda: os.close(1))
    assert p.returncode == 2 and p.stderr.decode() == "error: cannot write to standard output: it is closed\n"


@pytest.mark.parametrize("encoding", ["ascii", "latin-1", "cp1252"])
def test_an_encoding_without_the_characters_escapes_them(encoding):
    import subprocess

    p = _assessor("explain", "finland", "--date", "2022-06-01", env={"LC_ALL": "C", "PYTHONIOENCODING": encoding},
                  stdout=subprocess.PIPE)
    assert p.returncode == 0 and p.stderr == b""
    text = p.stdout.decode(encoding)
    assert "\\u2192" in text  # "→", written as an escape
    p = _assessor("rules", "list", env={"LC_ALL": "C", "PYTHONIOENCODING": encoding}, stdout=subprocess.PIPE)
    assert p.returncode == 0 and "\\u2265" in p.stdout.decode(encoding)


@pytest.mark.parametrize("args", [["assess", "all", "-o", "/dev/full"],
                                  ["report", "finland", "--from", "2022-01-01", "--to", "2022-02-01", "--format", "json",
                                   "-o", "/dev/full"]])
def test_output_file_on_a_full_disk_is_one_line_exit_2(run, args):
    _, err = run(*args, code=2)
    assert err == "error: cannot write /dev/full: No space left on device\n"


# --------------------------------------------------------------------------- B11-B12: all files or none; signals

def _old_report(tmp_path):
    page, chart = tmp_path / "r.md", tmp_path / "r.chart.png"
    page.write_text("old page\n")
    chart.write_bytes(b"old chart")
    return page, chart


def _leftovers(folder):
    return sorted(p.name for p in folder.iterdir() if p.name.startswith("."))


def test_a_page_that_fails_to_rename_leaves_the_old_chart(run, tmp_path, monkeypatch):
    import os

    page, chart = _old_report(tmp_path)
    real = os.replace

    def replace(src, dst, *a, **k):
        if str(dst).endswith(".md"):
            raise OSError(28, "No space left on device")
        return real(src, dst, *a, **k)

    monkeypatch.setattr("assessor.output.os.replace", replace)
    _, err = run("report", "finland", "--from", "2022-01-01", "--to", "2022-02-01", "-o", page, code=2)
    assert err == f"error: cannot write {page}: No space left on device\n"
    assert page.read_text() == "old page\n" and chart.read_bytes() == b"old chart"
    assert _leftovers(tmp_path) == []


def test_a_page_that_fails_to_write_leaves_both_old_files(run, tmp_path, monkeypatch):
    import os

    page, chart = _old_report(tmp_path)
    real, calls = os.fsync, []

    def fsync(fd):
        calls.append(fd)
        if len(calls) == 2:  # the chart is staged, the page is not
            raise OSError(5, "Input/output error")
        return real(fd)

    monkeypatch.setattr("assessor.output.os.fsync", fsync)
    _, err = run("report", "finland", "--from", "2022-01-01", "--to", "2022-02-01", "-o", page, code=2)
    assert "Input/output error" in err and err.count("\n") == 1
    assert page.read_text() == "old page\n" and chart.read_bytes() == b"old chart"
    assert _leftovers(tmp_path) == []


def test_timeline_plot_and_output_are_written_together(run, tmp_path, monkeypatch):
    import os

    out, plot = tmp_path / "t.csv", tmp_path / "t.svg"
    out.write_text("old\n")
    real = os.replace
    monkeypatch.setattr("assessor.output.os.replace",
                        lambda s, d, *a, **k: (_ for _ in ()).throw(OSError(28, "No space left on device"))
                        if str(d).endswith(".csv") else real(s, d, *a, **k))
    run("timeline", "finland", "--from", "2022-01-01", "--to", "2022-02-01", "--format", "csv",
        "--plot", plot, "-o", out, code=2)
    assert out.read_text() == "old\n" and not plot.exists() and _leftovers(tmp_path) == []


@pytest.mark.parametrize("sig, code", [("SIGTERM", 143), ("SIGHUP", 129)])
def test_a_signal_while_writing_removes_the_temporary_files(tmp_path, sig, code):
    import os
    import signal
    import subprocess
    import sys
    import time

    from assessor.output import HOLD_ENV

    page, chart = _old_report(tmp_path)
    flag = tmp_path / "flag"
    env = {**os.environ, HOLD_ENV: str(flag)}
    proc = subprocess.Popen([sys.executable, "-m", "assessor", "report", "finland", "--from", "2022-01-01",
                             "--to", "2022-02-01", "-o", str(page)], env=env, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 60
        while not flag.exists():
            assert proc.poll() is None and time.monotonic() < deadline, proc.stderr.read() if proc.poll() else "timeout"
            time.sleep(0.05)
        flag.unlink()
        assert len(_leftovers(tmp_path)) == 2  # both temporary files are there, waiting
        proc.send_signal(getattr(signal, sig))
        _, err = proc.communicate(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == code and b"Traceback" not in err
    assert _leftovers(tmp_path) == []
    assert page.read_text() == "old page\n" and chart.read_bytes() == b"old chart"


@pytest.mark.parametrize("value", ["nan", "NaN", "inf", "-1", "1e400", "9" * 5000])
def test_min_coverage_must_be_a_percentage(run, value):
    _, err = run("rules", "test", "--min-coverage", value, code=2)
    assert "--min-coverage" in err and len(err) < 400
