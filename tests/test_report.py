"""`assessor report`: the document, its three formats, the chart, provenance,
determinism, atomic writes that never touch inputs, and the progress bar."""

from __future__ import annotations

import datetime as dt
import json
import os
import pty
import re
import struct
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import MINI_PROFILE, REPO, D

from assessor import __version__, report
from assessor.cli import cli
from assessor.errors import AssessorError
from assessor.render import chart, markdown

PERIOD = ("--from", "2021-06-01", "--to", "2024-06-30")
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


def png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == PNG_MAGIC and data[12:16] == b"IHDR"
    return struct.unpack(">II", data[16:24])


@pytest.fixture(scope="module")
def reports(tmp_path_factory):
    """The acceptance report of Finland and Sweden in all three formats, made once."""
    folder = tmp_path_factory.mktemp("reports")
    runner = CliRunner()
    for name in ("r.html", "r.md", "r.json"):
        result = runner.invoke(cli, ["report", "finland", "sweden", *PERIOD, "-o", str(folder / name)])
        assert result.exit_code == 0, result.output
        assert result.stderr.startswith("wrote ") and "Traceback" not in result.output
    return folder


# --------------------------------------------------------------------------- the document

def test_json_report_carries_everything(reports):
    doc = json.loads((reports / "r.json").read_text())
    assert list(doc) == ["title", "period", "date", "ruleset", "bounds", "levels", "countries", "sources", "provenance"]
    assert doc["period"] == {"from": "2021-06-01", "to": "2024-06-30", "step": "week"} and doc["date"] == "2024-06-30"
    assert [lv["name"] for lv in doc["levels"]] == ["low", "moderate", "elevated", "high", "critical"]
    for c in doc["countries"]:
        assert list(c) == ["id", "name", "alliance", "adversary", "covers", "timeline", "key_events", "key_moments", "assessment"]
        assert c["timeline"][0]["date"] == "2021-06-01" and c["timeline"][-1]["date"] == "2024-06-30"
        assert {"applied", "member"} <= {e["marker"] for e in c["key_events"]}
        assert {m["date"] for m in c["key_moments"]} >= {"2022-05-18"}
        a = c["assessment"]
        assert a["date"] == "2024-06-30" and a["counterfactuals"] and a["completeness"] and a["waterfall"]["steps"]
    assert [c["id"] for c in doc["countries"]] == ["finland", "sweden"]


def test_timeline_includes_the_day_of_each_key_event(reports):
    doc = json.loads((reports / "r.json").read_text())
    for c in doc["countries"]:
        days = [p["date"] for p in c["timeline"]]
        assert days == sorted(set(days)) and {e["date"] for e in c["key_events"]} <= set(days)


def test_every_citation_points_into_a_sorted_unique_source_list(reports):
    doc = json.loads((reports / "r.json").read_text())
    sources = doc["sources"]
    keys = [(s["publisher"].lower(), s["title"].lower(), s["date"], s.get("url", "")) for s in sources]
    assert keys == sorted(set(keys))
    assert [s["ref"] for s in sources] == [f"S{i}" for i in range(1, len(sources) + 1)]
    by_ref = {s["ref"]: s for s in sources}
    cited = re.findall(r'"source": (\{[^{}]*\})', json.dumps({k: v for k, v in doc.items() if k != "sources"}))
    assert cited
    for text in cited:
        s = json.loads(text)
        assert {k: v for k, v in by_ref[s["ref"]].items()} == s


def test_provenance(reports, default_assessor):
    prov = json.loads((reports / "r.json").read_text())["provenance"]
    assert prov["tool"] == f"assessor {__version__}"
    rs = default_assessor.ruleset
    assert prov["ruleset"] == {"name": rs.name, "version": rs.version, "sha256": rs.sha256}
    assert [(p["id"], p["sha256"]) for p in prov["profiles"]] == [
        (c, default_assessor.profile(c).sha256) for c in ("finland", "sweden")]
    assert prov["command"] == ("assessor report finland sweden --from 2021-06-01 --to 2024-06-30 --date 2024-06-30 "
                               f"--step week --format json -o {reports / 'r.json'}")
    generated = dt.datetime.fromisoformat(prov["generated"])
    assert generated.utcoffset() == dt.timedelta(0)
    assert abs((dt.datetime.now(dt.timezone.utc) - generated).total_seconds()) < 600


def test_two_identical_runs_differ_only_in_generation_time(run, tmp_path, monkeypatch):
    out = tmp_path / "r.json"
    docs, pages = [], []
    for epoch in ("1700000000", "1800000000"):
        monkeypatch.setenv("SOURCE_DATE_EPOCH", epoch)
        run("report", "finland", "sweden", *PERIOD, "-o", out)
        docs.append(json.loads(out.read_text()))
        run("report", "finland", "sweden", *PERIOD, "-o", tmp_path / "r.html")
        pages.append((tmp_path / "r.html").read_text())
    assert docs[0]["provenance"].pop("generated") == "2023-11-14T22:13:20+00:00"
    assert docs[1]["provenance"].pop("generated") == "2027-01-15T08:00:00+00:00"
    assert docs[0] == docs[1]
    strip = lambda page: re.sub(r"20\d\d-\d\d-\d\dT[\d:]+\+00:00", "", page)  # noqa: E731
    assert pages[0] != pages[1] and strip(pages[0]) == strip(pages[1])


def test_default_period_spans_the_records(default_assessor):
    profiles = [default_assessor.profile("finland")]
    start, end = profiles[0].covers_from, profiles[0].covers_to
    today = D("2030-01-01")
    assert report.default_period(profiles, None, None, None, today) == (start, end, end)
    assert report.default_period(profiles, None, None, D("2022-06-01"), today) == (D("2021-01-01"), D("2022-06-01"), D("2022-06-01"))
    assert report.default_period(profiles, None, D("2023-01-01"), None, today)[2] == D("2023-01-01")
    assert report.default_period(profiles, None, None, None, D("2024-03-01"))[1] == D("2024-03-01")


# --------------------------------------------------------------------------- formats

def test_html_is_self_contained_escaped_and_responsive(reports, default_assessor):
    page = (reports / "r.html").read_text()
    assert page.startswith("<!DOCTYPE html>") and '<meta name="viewport"' in page and "@media print" in page
    assert "<svg" in page and "<?xml" not in page
    for banned in ("<script", "<link", "<img", "@import", "<iframe", "<object", "<embed"):
        assert banned not in page.lower(), banned
    assert not re.search(r"url\((?!#)", page)  # only the chart's own clip paths
    doc = json.loads((reports / "r.json").read_text())
    urls = {s["url"] for s in doc["sources"] if "url" in s}
    hrefs = set(re.findall(r'href="(http[^"]*)"', page))
    assert hrefs and {u.replace("&", "&amp;") for u in urls} == hrefs
    for c in ("finland", "sweden"):
        assert f'<section class="country" id="{c}">' in page
    assert page.count('class="stack moments"') == 2 and 'id="S1"' in page


def test_html_escapes_profile_text(run, tmp_path, write):
    prof = write("p.yaml", MINI_PROFILE.replace("summary: Testland applies.", 'summary: "Testland <script>alert(1)</script> applies."'))
    out = tmp_path / "r.html"
    run("report", "testland", "--profiles", prof, "--from", "2020-06-01", "--to", "2022-06-01", "-o", out)
    page = out.read_text()
    assert "<script" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_markdown_report_links_its_chart_beside_it(reports):
    text = (reports / "r.md").read_text()
    image = reports / "r.chart.png"
    assert "](<r.chart.png>)" in text
    width, height = png_size(image.read_bytes())
    assert width > 1000 and height > 500
    assert "## Finland" in text and "## Sweden" in text and "## Sources" in text and "## Provenance" in text
    assert re.search(r"\| −2[0-5](\.\d+)? \| [\d.]+ \| `collective-defence` \(membership\) \|", text)
    assert "[\\[S1\\]](#s1)" in text and '<a id="s1"></a>**[S1]**' in text


def test_markdown_to_stdout_embeds_the_chart(run):
    out, err = run("report", "finland", "--from", "2022-01-01", "--to", "2022-12-31", "--format", "markdown", "-o", "-")
    assert out.startswith("# Deterrence risk report: Finland") and err == ""
    uri = re.search(r"\]\(<data:image/png;base64,([A-Za-z0-9+/=]+)>\)", out)
    import base64
    assert uri and base64.b64decode(uri.group(1))[:8] == PNG_MAGIC


def test_markdown_escapes_its_punctuation():
    assert markdown.escape("a|b *c* _d_ [e](f) <g>\n h") == r"a\|b \*c\* \_d\_ \[e\](f) \<g\> h"
    assert markdown.link("https://x.org/a b>") == "<https://x.org/a%20b%3E>"
    assert markdown.link("javascript:alert(1)") is None


@pytest.mark.parametrize("name, fmt", [("a.htm", "<!DOCTYPE html>"), ("a.markdown", "# Deterrence"), ("A.JSON", "{")])
def test_format_from_extension(run, tmp_path, name, fmt):
    run("report", "finland", "--from", "2022-01-01", "--to", "2022-02-01", "-o", tmp_path / name)
    assert (tmp_path / name).read_text().startswith(fmt)


@pytest.mark.parametrize("args, words", [
    (("-o", "r.txt"), "cannot tell the report format for 'r.txt'"),
    (("-o", "-"), "cannot tell the report format for stdout"),
    (("-o", "x.json", "--from", "2022-02-01", "--to", "2022-01-01"), "--to 2022-01-01 is before --from 2022-02-01"),
    (("-o", "x.json", "--step", "hour"), "Invalid value for '--step'"),
    (("--format", "json"), "Missing option '-o'"),
])
def test_report_usage_errors(run, args, words):
    _, err = run("report", "finland", *args, code=2)
    assert words in err


def test_report_json_to_stdout_and_help(run):
    out, _ = run("report", "finland", "--date", "2022-06-01", "--format", "json", "-o", "-")
    doc = json.loads(out)
    assert doc["period"] == {"from": "2021-01-01", "to": "2022-06-01", "step": "week"} and doc["date"] == "2022-06-01"
    assert doc["countries"][0]["assessment"]["level"] == "high"
    out, _ = run("report", "--help")
    assert "Usage:" in out and "--step" in out and "r.chart.png" in out


# --------------------------------------------------------------------------- chart

@pytest.mark.parametrize("suffix", [".png", ".svg"])
def test_timeline_plot_is_deterministic(run, tmp_path, suffix):
    outs = []
    for name in ("a", "b"):
        target = tmp_path / (name + suffix)
        _, err = run("timeline", "finland", "sweden", *PERIOD, "--plot", target, "-o", tmp_path / "t.csv", "--format", "csv")
        assert f"wrote {target}" in err
        outs.append(target.read_bytes())
    assert outs[0] == outs[1] and len(outs[0]) > 10_000
    if suffix == ".svg":
        text = outs[0].decode()
        assert "<script" not in text and "Finland" in text and "accession" in text
        assert set(re.findall(r"https?://[^\"' ]+", text)) <= {"http://www.w3.org/2000/svg", "http://www.w3.org/1999/xlink",
                                                            "http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd"}
    else:
        assert png_size(outs[0])[0] > 1000


def test_plot_needs_a_known_extension(run, tmp_path):
    _, err = run("timeline", "finland", *PERIOD, "--plot", tmp_path / "c.gif", code=2)
    assert "name it .png or .svg" in err and not (tmp_path / "c.gif").exists()


def test_band_colours_cover_any_number_of_levels():
    assert list(chart.band_colours(["a", "b"]).values()) == [chart.BAND_RAMP[0], chart.BAND_RAMP[-1]]
    assert len(set(chart.band_colours(list("abcde")).values())) == 5


# --------------------------------------------------------------------------- atomic writes, inputs

def test_a_failing_renderer_leaves_no_file_behind(run, tmp_path, monkeypatch):
    from assessor.render import html

    old = tmp_path / "old.html"
    old.write_text("previous report")

    def boom(*_a, **_k):
        raise AssessorError("renderer failed")

    monkeypatch.setattr(html, "report", boom)
    _, err = run("report", "finland", *PERIOD, "-o", old, code=2)
    assert "renderer failed" in err
    _, err = run("report", "finland", *PERIOD, "-o", tmp_path / "new.html", code=2)
    monkeypatch.setattr(markdown, "report", boom)
    run("report", "finland", *PERIOD, "-o", tmp_path / "new.md", code=2)
    assert old.read_text() == "previous report"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["old.html"]  # no new file, no chart, no temp file


def test_an_interrupted_write_keeps_the_old_file(tmp_path, monkeypatch):
    target = tmp_path / "r.json"
    target.write_text("previous report")

    def interrupted(_fd):
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "fsync", interrupted)
    result = CliRunner().invoke(cli, ["report", "finland", *PERIOD, "-o", str(target)])
    assert result.exit_code == 1 and "Aborted" in result.stderr  # click's answer to Ctrl-C
    assert target.read_text() == "previous report"
    assert [p.name for p in tmp_path.iterdir()] == ["r.json"]


@pytest.mark.parametrize("fmt", ["html", "markdown", "json"])
def test_refuses_to_write_over_an_input(run, tmp_path, write, fmt):
    prof = write("p.yaml", MINI_PROFILE)
    before = prof.read_bytes()
    _, err = run("report", "testland", "--profiles", prof, "--format", fmt, "-o", prof, code=2)
    assert "refusing to overwrite input file" in err
    assert prof.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["p.yaml"]


# --------------------------------------------------------------------------- progress

def test_silent_when_stderr_is_not_a_terminal(run, tmp_path):
    _, err = run("report", "finland", "--from", "2021-01-01", "--to", "2024-12-31", "--step", "day", "-o", tmp_path / "r.json")
    assert err == f"wrote {tmp_path / 'r.json'}\n"


def test_progress_bar_on_a_terminal(tmp_path):
    primary, secondary = pty.openpty()
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    proc = subprocess.Popen([sys.executable, "-m", "assessor", "report", "finland", "sweden", "--step", "day",
                             "-o", str(tmp_path / "r.json")], stderr=secondary, stdout=subprocess.PIPE, env=env, cwd=tmp_path)
    os.close(secondary)
    shown = b""
    while True:
        try:
            chunk = os.read(primary, 4096)
        except OSError:  # the child closed the terminal
            break
        if not chunk:
            break
        shown += chunk
    assert proc.wait(timeout=60) == 0
    os.close(primary)
    text = shown.decode("utf-8", "replace")
    assert "scoring" in text and "100%" in text and "wrote" in text


@pytest.mark.skipif(not Path("/dev/null").exists(), reason="no /dev/null")
def test_writing_to_a_device_keeps_the_device(run):
    import stat

    _, err = run("report", "finland", "--from", "2022-01-01", "--to", "2022-02-01", "--format", "json", "-o", "/dev/null")
    assert err == "wrote /dev/null\n" and stat.S_ISCHR(os.stat("/dev/null").st_mode)
