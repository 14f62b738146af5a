"""The timeline chart: score over time per country, level bands shaded, key events marked.

Drawn with matplotlib, imported only inside the functions that draw (it costs
more to import than a whole assessment).  The chart reads the plain data of
:func:`assessor.report.chart_data`, the same data a JSON report carries, so
the picture and the numbers cannot disagree; it returns bytes and never
writes a file (the CLI writes, through :mod:`assessor.output`).

Output is deterministic — the same data gives the same bytes: no dates in the
metadata, a fixed hash salt for SVG ids, text kept as text in SVG (so it
stays selectable and small when inlined in HTML), and the Agg renderer with
matplotlib's bundled DejaVu Sans font for PNG.
"""

from __future__ import annotations

import datetime as _dt
import io
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from assessor.errors import AssessorError

# Pale band fills from the lowest level to the highest; rule sets with another
# number of levels sample this ramp evenly.
BAND_RAMP = ("#dcefd9", "#e6f0f7", "#fdf0c8", "#f9d6c4", "#efc7d9")
# Country lines: dark, distinct from the pale bands, each with its own dash
# so the chart survives grey-scale printing and colour blindness.
LINES = (("#1b3a6b", "-"), ("#d95f02", "--"), ("#1b7837", "-."), ("#6a3d9a", ":"), ("#8c510a", "-"), ("#444444", "--"))
MARKERS = {  # marker name → (matplotlib marker, size, legend label)
    "partner": ("o", 6, "partnership"),
    "applied": ("^", 8, "application"),
    "invited": ("s", 7, "invitation"),
    "protocol": ("D", 6, "accession protocol"),
    "ratification": ("|", 10, "ratification milestone"),
    "member": ("*", 12, "accession"),
    "agreement": ("P", 7, "agreement in force"),
    "threat": ("X", 7, "threat (severity ≥ 3)"),
}
FORMATS = {".png": "png", ".svg": "svg"}
# matplotlib's dates end at years 1 and 9999, and axis margins and tick
# locators reach beyond the data: charts (and so reports) keep well inside.
FIRST_DAY, LAST_DAY = _dt.date(1000, 1, 1), _dt.date(8999, 12, 31)


def check_range(start: _dt.date, end: _dt.date) -> None:
    """Raise :class:`AssessorError` (exit 2) when a chart cannot show ``start``..``end``."""
    if start < FIRST_DAY or end > LAST_DAY:
        raise AssessorError(f"a chart can show dates from {FIRST_DAY} to {LAST_DAY}; {start}..{end} is outside: "
                            "choose --from and --to within those years")
# text.parse_math off: names come from profiles and rule files, and "$...$" in
# them must print as written, never be read as TeX (which fails or garbles).
RC: dict[str, Any] = {"svg.hashsalt": "assessor", "svg.fonttype": "none", "font.family": "sans-serif",
                      "font.sans-serif": ["DejaVu Sans"], "font.size": 10, "text.parse_math": False, "text.usetex": False}


def band_colours(names: Sequence[str]) -> dict[str, str]:
    """A pale fill for each level, lowest first (shared with the HTML report)."""
    n = len(names)
    return {name: BAND_RAMP[round(i * (len(BAND_RAMP) - 1) / max(1, n - 1))] for i, name in enumerate(names)}


def render(chart: dict, fmt: str) -> bytes:
    """The chart of ``chart`` (see :func:`assessor.report.chart_data`) as PNG or SVG bytes."""
    import matplotlib

    with matplotlib.rc_context(RC):  # type: ignore[arg-type]  # the stubs list every rc key as a Literal
        fig = _figure(chart)
        buf = io.BytesIO()
        meta: dict[str, str | None]
        if fmt == "svg":  # no dates, no tool versions, no namespace URLs
            meta = {"Date": None, "Creator": None, "Format": None, "Type": None}
        else:
            meta = {"Software": None, "Title": "Risk score over time"}
        fig.savefig(buf, format=fmt, dpi=150, metadata=meta)
    return buf.getvalue()


def svg(chart: dict) -> str:
    """SVG text for inlining in HTML: no XML prolog, scales with its container."""
    text = render(chart, "svg").decode("utf-8")
    text = text[text.index("<svg"):]
    head, rest = text.split(">", 1)
    head = head.replace(' width="', ' data-width="').replace(' height="', ' data-height="')
    return head + ' role="img" aria-label="Risk score over time" style="width:100%;height:auto">' + rest


def png(chart: dict) -> bytes:
    return render(chart, "png")


def format_for(path: str, days: Sequence[_dt.date]) -> str:
    """The chart format ``path`` names (``png`` or ``svg``), once it is sure a
    chart of ``days`` can be drawn there; else an :class:`AssessorError`."""
    fmt = FORMATS.get(Path(path).suffix.lower())
    if fmt is None:
        raise AssessorError(f"cannot tell the chart format of {path}: name it .png or .svg")
    if not days:
        raise AssessorError("nothing to draw: the timeline is empty")
    check_range(min(days), max(days))
    return fmt


def _label(text) -> str:
    """Text from a profile or rule file as the chart draws it: control characters
    shown as escapes, and a leading "_" kept visible (matplotlib hides such labels)."""
    from assessor.render.safe import terminal

    text = terminal(str(text))
    return "\u200b" + text if text.startswith("_") else text


def _day(s: str) -> _dt.date:
    return _dt.date.fromisoformat(s)


def _figure(chart: dict):
    """Lay out the figure: bands, then lines, then markers, then a legend below."""
    from matplotlib import dates as mdates
    from matplotlib.figure import Figure
    from matplotlib.lines import Line2D

    fig = Figure(figsize=(9, 5), layout="constrained")
    ax = fig.add_subplot()
    lo, hi = chart["bounds"]["min"], chart["bounds"]["max"]
    fills = band_colours([lv["name"] for lv in chart["levels"]])
    for lv in chart["levels"]:
        ax.axhspan(lv["from"], lv["to"], color=fills[lv["name"]], zorder=0, linewidth=0)
        ax.text(1.005, (lv["from"] + lv["to"]) / 2, _label(lv["name"]), transform=ax.get_yaxis_transform(),
                va="center", ha="left", fontsize=9, color="#444444", parse_math=False)
    handles, used = [], []
    for i, c in enumerate(chart["countries"]):
        colour, dash = LINES[i % len(LINES)]
        days = [_day(p["date"]) for p in c["timeline"]]
        scores = [p["score"] for p in c["timeline"]]
        # matplotlib's stubs take numbers only; dates go through its unit converters (matplotlib.dates)
        (line,) = ax.plot(days, scores, drawstyle="steps-post", color=colour,  # type: ignore[arg-type]
                          linestyle=dash, linewidth=1.8, label=_label(c["name"]), zorder=3,
                          clip_on=False)  # clip_on: scores on the bounds stay visible
        handles.append(line)
        for e in c["key_events"]:
            marker, size, _ = MARKERS[e["marker"]]
            ax.plot([_day(e["date"])], [_score_on(c["timeline"], e["date"])],  # type: ignore[arg-type]  # dates: as above
                    linestyle="none", marker=marker,
                    markersize=size, color=colour, markeredgecolor="white" if marker not in "|" else colour,
                    markeredgewidth=0.8 if marker != "|" else 1.6, zorder=4, clip_on=False)
            if e["marker"] not in used:
                used.append(e["marker"])
    for name in MARKERS:
        if name in used:
            marker, size, label = MARKERS[name]
            handles.append(Line2D([], [], linestyle="none", marker=marker, markersize=size * 0.8, color="#555555",
                                  markeredgewidth=1.2 if marker == "|" else 0.5, label=label))
    if chart.get("date"):
        handles.append(ax.axvline(_day(chart["date"]),  # type: ignore[arg-type]  # a date: as above
                                  color="#333333", linewidth=0.9, linestyle=(0, (2, 2)),
                                  zorder=2, label="assessment date"))
    ax.set_ylim(lo, hi)
    ax.set_ylabel("risk score")
    ax.set_title("Risk score over time, with level bands and key events", loc="left", fontsize=12)
    locator = mdates.AutoDateLocator(minticks=4, maxticks=10)
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))
    ax.grid(axis="y", color="white", linewidth=0.8)
    ax.margins(x=0.01)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    legend = fig.legend(handles=handles, loc="outside lower center", ncol=min(4, len(handles)), frameon=False, fontsize=9)
    for t in legend.get_texts():
        t.set_parse_math(False)
    return fig


def _score_on(timeline: list[dict], day: str) -> float:
    """The score the step line shows on ``day``: that of the last point on or before it."""
    score = timeline[0]["score"]
    for p in timeline:
        if p["date"] > day:
            break
        score = p["score"]
    return score
