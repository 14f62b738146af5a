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

import contextlib
import datetime as _dt
import importlib.util
import io
import os
import re
import sys
import textwrap
import warnings
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from assessor.errors import AssessorError

# Pale band fills from the lowest level to the highest; rule sets with another
# number of levels sample this ramp evenly.
BAND_RAMP = ("#dcefd9", "#e6f0f7", "#fdf0c8", "#f9d6c4", "#efc7d9")
# Country lines: dark, distinct from the pale bands, each with its own dash
# so the chart survives grey-scale printing and colour blindness.
LINES: tuple[tuple[str, Any], ...] = (("#1b3a6b", "-"), ("#d95f02", "--"), ("#1b7837", "-."), ("#6a3d9a", ":"),
                                      ("#8c510a", "-"), ("#444444", "--"))
MARKERS = {  # marker name → (matplotlib marker, size, legend label)
    "left": ("v", 7, "left the alliance track"),
    "neutral": ("h", 7, "neutrality declared"),
    "partner": ("o", 6, "partnership"),
    "aspirant": ("<", 7, "membership sought"),
    "promised": (">", 7, "membership promised"),
    "applied": ("^", 8, "application"),
    "invited": ("s", 7, "invitation"),
    "protocol": ("D", 6, "accession protocol"),
    "ratification": ("|", 10, "ratification milestone"),
    "member": ("*", 12, "accession"),
    "agreement": ("P", 7, "agreement in force"),
    "threat": ("X", 7, "threat (severity ≥ 3)"),
    "buildup": ("p", 8, "adversary forces massed"),
    "exercise": ("d", 8, "large adversary exercise"),
    "force": ("8", 9, "force used: war, occupation, deadly clashes"),
}
FORMATS = {".png": "png", ".svg": "svg"}
SHORT_DAYS = 10  # a chart of fewer days than this gets a tick a day
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


def _private_config_dir() -> None:
    """Give matplotlib a fresh private ``MPLCONFIGDIR`` when the folders it would use are relative (see
    :func:`load_matplotlib`); removed when the run ends."""
    if os.environ.get("MPLCONFIGDIR"):
        return
    home = os.environ.get("HOME", "")
    bases = [os.environ.get("XDG_CONFIG_HOME") or os.path.join(home, ".config"),
             os.environ.get("XDG_CACHE_HOME") or os.path.join(home, ".cache")]
    if all(os.path.isabs(b) for b in bases):
        return
    import atexit
    import shutil
    import tempfile

    folder = tempfile.mkdtemp(prefix="assessor-mpl-")
    atexit.register(shutil.rmtree, folder, True)
    os.environ["MPLCONFIGDIR"] = folder


def load_matplotlib() -> None:
    """Import matplotlib as it ships, whatever the working folder and the environment hold.

    On import matplotlib reads a ``matplotlibrc`` from the working folder (a cloned project's), then
    ``$MATPLOTLIBRC`` or the user's, and ``$MPLBACKEND``: a file that is not UTF-8 or an unknown backend was
    a traceback, a FIFO of that name a silent hang, bad values a page of warnings; yet :func:`style` sets
    every key back to matplotlib's own defaults, and figures are saved by their format's canvas, never a
    backend.  So the import runs in matplotlib's data folder, where the first ``matplotlibrc`` it looks for is
    its own, with ``$MPLBACKEND`` out of the environment (both put back after).  Call it before any
    ``from matplotlib ...`` import.

    matplotlib also reads and writes its configuration and font cache under ``$MPLCONFIGDIR``, else under
    ``$XDG_CONFIG_HOME`` / ``$XDG_CACHE_HOME`` or the home folder: with a relative home (``HOME=.``) that is the
    working folder, where a planted ``.cache/matplotlib/fontlist*.json`` changed the fonts of every chart.
    A relative base names no user folder (as for assessor's own user configuration), so then matplotlib gets
    a private temporary folder of its own for the run."""
    if "matplotlib" in sys.modules:
        return
    _private_config_dir()
    spec = importlib.util.find_spec("matplotlib")
    data = os.path.join(os.path.dirname(spec.origin), "mpl-data") if spec and spec.origin else ""
    backend = os.environ.pop("MPLBACKEND", None)
    try:
        # fchdir back: a working folder deeper than PATH_MAX has no usable name (O_PATH: one without read access)
        here = os.open(".", getattr(os, "O_PATH", os.O_RDONLY))
    except OSError:  # a working folder deleted under the run: nothing there to read either
        here = -1
    try:
        if here >= 0 and os.path.isfile(os.path.join(data, "matplotlibrc")):
            os.chdir(data)
        import matplotlib  # noqa: F401  # the import is the point
    finally:
        if here >= 0:
            os.fchdir(here)
            os.close(here)
        if backend is not None:
            os.environ["MPLBACKEND"] = backend


@contextlib.contextmanager
def style() -> Iterator[None]:
    """matplotlib's own defaults and :data:`RC`, whatever matplotlibrc it found: one in the working folder (a cloned
    project's), ``$MATPLOTLIBRC`` or the user's restyled every chart (a red canvas, another dpi, another SVG id
    salt), so the same inputs drew other bytes depending on where the command ran."""
    load_matplotlib()
    import matplotlib

    with matplotlib.rc_context(), warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        matplotlib.rcdefaults()  # keeps the style-blacklisted keys (backend, …), which draw nothing
        matplotlib.rcParams.update(RC)  # type: ignore[arg-type]  # the stubs list every rc key as a Literal
        yield
    seen = set()
    for w in caught:
        m = _GLYPH.match(str(w.message))
        if m:
            _MISSING.add(chr(int(m.group(1))))
        elif (key := (str(w.message), w.category, w.filename, w.lineno)) not in seen:
            seen.add(key)  # anything else is matplotlib's to say, once, as Python's default filter would have
            warnings.warn_explicit(w.message, w.category, w.filename, w.lineno)


# A character the bundled font has no glyph for (a record named in Chinese, say).  The font stays
# DejaVu Sans, bundled with matplotlib, so that the same inputs draw the same bytes on every machine;
# matplotlib's own warning (two lines of source path per glyph and per drawing) is collected here
# instead, and the CLI says once which characters a PNG shows as boxes (SVG keeps text as text,
# drawn by the viewer's fonts).
_GLYPH = re.compile(r"Glyph (\d+) .*missing from (?:current )?font")  # matplotlib 3.7-3.9: "current font"
_MISSING: set[str] = set()


def take_missing_glyphs() -> str:
    """The characters the charts drawn since the last call had no glyph for, in code-point order
    (and forgets them)."""
    out = "".join(sorted(_MISSING))
    _MISSING.clear()
    return out


def glyph_note(what: str) -> str | None:
    """The note for a PNG picture (``what``: its path, or how the output holds it) whose font lacked some
    characters, or ``None``; forgets them."""
    missing = take_missing_glyphs()
    if not missing:
        return None
    shown = ", ".join(missing[:8]) + (f" and {len(missing) - 8} more" if len(missing) > 8 else "")
    verb, them = ("is", "it") if len(missing) == 1 else ("are", "them")
    return (f"note: in {what}, {shown} {verb} drawn as boxes: the charts' font (DejaVu Sans, bundled so that every "
            f"machine draws the same bytes) has no glyph for {them}; an SVG chart, the HTML report and the text "
            f"outputs show {them}")


def band_colours(names: Sequence[str]) -> dict[str, str]:
    """A pale fill for each level, lowest first (shared with the HTML report)."""
    n = len(names)
    return {name: BAND_RAMP[round(i * (len(BAND_RAMP) - 1) / max(1, n - 1))] for i, name in enumerate(names)}


def render(chart: dict, fmt: str, narrow: bool = False) -> bytes:
    """The chart of ``chart`` (see :func:`assessor.report.chart_data`) as PNG or SVG bytes;
    ``narrow``: laid out for a phone (taller than wide, the legend in two columns)."""

    with style():
        fig = _figure(chart, narrow)
        buf = io.BytesIO()
        meta: dict[str, str | None]
        if fmt == "svg":  # no dates, no tool versions, no namespace URLs
            meta = {"Date": None, "Creator": None, "Format": None, "Type": None}
        else:
            meta = {"Software": None, "Title": "Risk score over time"}
        fig.savefig(buf, format=fmt, dpi=150, metadata=meta)
    return buf.getvalue()


def render_sensitivity(docs: list, top: int, fmt: str) -> bytes:
    """A bar chart per country: the ``top`` inputs by effect on the mean score (bars) and on the mean level (dots)."""
    load_matplotlib()
    from matplotlib.figure import Figure

    with style():
        rows = [d["inputs"][:top] for d in docs]
        height = sum(max(1, len(r)) for r in rows) * 0.32 + 1.2 * len(docs) + 0.6
        fig = Figure(figsize=(9, height), layout="constrained")
        axes = fig.subplots(len(docs), 1, squeeze=False)[:, 0]
        for ax, d, items in zip(axes, docs, rows):
            labels = [_label(i["label"]) for i in items][::-1]
            score = [i["score_effect"] for i in items][::-1]
            level = [i["level_effect"] for i in items][::-1]
            ys = list(range(len(items)))
            ax.barh(ys, score, color="#4c72b0", height=0.6, label="on the mean score")
            twin = ax.twiny()
            twin.plot(level, ys, linestyle="none", marker="o", color="#c44e52", markersize=5, label="on the mean level")
            ax.set_yticks(ys, labels, fontsize=8)
            unit = "Morris \u03bc* (score points)" if d["method"] == "morris" else "total Sobol index (score)"
            ax.set_xlabel(_label(unit), fontsize=8)
            twin.set_xlabel(_label("effect on the mean level (levels)" if d["method"] == "morris"
                                   else "total Sobol index (level)"), fontsize=8, color="#c44e52")
            twin.set_xlim(left=0, right=max(level + [0.01]) * 1.1)
            ax.set_xlim(left=0, right=max(score + [0.01]) * 1.1)
            per = d["period"]
            what_if = "".join(f"what if: {_cut(x['name'], 60)}\n" for x in d.get("scenarios", ()))  # a line each
            ax.set_title(_label(f"{what_if}{d['country']}: {per['from']} to {per['to']} \u00b7 {d['method']}, "
                                f"{d['design']['evaluations']:,} timelines, seed {d['design']['seed']}"),
                         loc="left", fontsize=10)
            for side in ("right",):
                ax.spines[side].set_visible(False)
        buf = io.BytesIO()
        meta: dict[str, str | None] = ({"Date": None, "Creator": None, "Format": None, "Type": None} if fmt == "svg"
                                       else {"Software": None, "Title": "Sensitivity"})
        fig.savefig(buf, format=fmt, dpi=150, metadata=meta)
    return buf.getvalue()


def svg(chart: dict, narrow: bool = False) -> str:
    """SVG text for inlining in HTML: no XML prolog, scales with its container."""
    text = render(chart, "svg", narrow).decode("utf-8")
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


def _figure(chart: dict, narrow: bool = False):
    """Lay out the figure: bands, greyed stretches outside a record, ratification
    lines, then the country lines, markers and their labels, a legend below and
    the provenance stamped in the top right corner."""
    from matplotlib import dates as mdates
    from matplotlib.figure import Figure
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    fig = Figure(figsize=(4.2, 6.0) if narrow else (9, 5.2), layout="constrained")
    # The score above; below it, thinner and smaller, the acute warning index (format 2.1) on the
    # same days: the part of the score that says *when*, which the score's line alone hides.
    grid = fig.add_gridspec(2, 1, height_ratios=(4, 1), hspace=0.04)
    ax = fig.add_subplot(grid[0])
    wax = fig.add_subplot(grid[1], sharex=ax)
    lo, top = chart["bounds"]["min"], _top(chart)
    fills = band_colours([lv["name"] for lv in chart["levels"]])
    for lv in chart["levels"]:
        ax.axhspan(lv["from"], lv["to"], color=fills[lv["name"]], zorder=0, linewidth=0)
        if lv["from"] < top:  # the name of each band in sight, in the middle of the part in sight
            name = textwrap.fill(_label(lv["name"]), 12 if narrow else 20, break_on_hyphens=False)
            ax.text(1.005, (lv["from"] + min(lv["to"], top)) / 2, name, transform=ax.get_yaxis_transform(),
                    va="center", ha="left", fontsize=8 if narrow else 9, color="#444444", parse_math=False)
    all_days = [_day(p["date"]) for c in chart["countries"] for p in c["timeline"]]
    first, last = min(all_days), max(all_days)
    handles: list = []
    gaps = _gaps(chart["countries"], first, last)
    spans = []
    for a, b in gaps:
        span = ax.axvspan(a, b + _dt.timedelta(days=1),  # type: ignore[arg-type]  # dates: as below
                          facecolor="#d9d9d9", alpha=0.55, hatch="////", edgecolor="#ffffff", linewidth=0, zorder=0.5)
        spans.append((span, a == first, b == last))
    ratified: dict = {}  # day → colours: ratification milestones are lines, not points on the score
    labels: list[tuple[_dt.date, float, str, str, str]] = []
    used: list[str] = []
    for i, c in enumerate(chart["countries"]):
        colour, dash = LINES[i % len(LINES)]
        for run, covered in _runs(c["timeline"]):
            # matplotlib's stubs take numbers only; dates go through its unit converters (matplotlib.dates)
            # A run of one day (a one-day chart) has no step to draw: a dot shows it.
            ax.plot([_day(p["date"]) for p in run], [p["score"] for p in run],  # type: ignore[arg-type]
                    drawstyle="steps-post", color=colour, linestyle=dash, linewidth=2.0, alpha=1 if covered else 0.35,
                    zorder=3, clip_on=False,  # clip_on: scores on the bounds stay visible
                    marker="o" if len(run) == 1 else None, markersize=6)
        handles.append(Line2D([], [], color=colour, linestyle=dash, linewidth=2.0, label=_label(c["name"])))
        wax.plot([_day(p["date"]) for p in c["timeline"]], [_warning(p) for p in c["timeline"]],  # type: ignore[arg-type]
                 drawstyle="steps-post", color=colour, linestyle=dash, linewidth=1.1, zorder=3, clip_on=False,
                 marker="o" if len(c["timeline"]) == 1 else None, markersize=4)
        if c.get("band"):
            ax.fill_between([_day(b["date"]) for b in c["band"]], [b["p5"] for b in c["band"]],  # type: ignore[arg-type]
                            [b["p95"] for b in c["band"]], step="post", color=colour, alpha=0.16, linewidth=0, zorder=2.5)
            handles.append(Patch(facecolor=colour, alpha=0.3, linewidth=0, label=_label(f"{c['name']}: P5\u2013P95")))
        if c.get("baseline"):
            ax.plot([_day(b["date"]) for b in c["baseline"]], [b["score"] for b in c["baseline"]],  # type: ignore[arg-type]
                    drawstyle="steps-post", color=colour, linestyle=(0, (1, 1.2)), linewidth=1.3, alpha=0.75, zorder=2.8)
            handles.append(Line2D([], [], color=colour, linestyle=(0, (1, 1.2)), linewidth=1.3,
                                  label=_label(f"{c['name']}: baseline (no scenario)")))
        for e in c["key_events"]:
            day = _day(e["date"])
            if e["marker"] == "ratification":
                ratified.setdefault(day, []).append(colour)
                continue
            marker, size, _ = MARKERS[e["marker"]]
            y = _score_on(c["timeline"], e["date"])
            ax.plot([day], [y], linestyle="none", marker=marker,  # type: ignore[arg-type]  # dates: as above
                    markersize=size, color=colour, markeredgecolor="white", markeredgewidth=0.8, zorder=4, clip_on=False)
            labels.append((day, y, _label(e.get("label") or MARKERS[e["marker"]][2]), colour, e["marker"]))
            if e["marker"] not in used:
                used.append(e["marker"])
    for day in sorted(ratified):
        colours = ratified[day]
        ax.axvline(day, color=colours[0] if len(set(colours)) == 1 else "#555555",
                   linewidth=0.9, linestyle=(0, (1, 1.5)), alpha=0.8, zorder=1.5)
    for name in MARKERS:
        if name in used:
            marker, size, label = MARKERS[name]
            handles.append(Line2D([], [], linestyle="none", marker=marker, markersize=size * 0.8, color="#555555",
                                  markeredgewidth=0.5, label=label))
    if ratified:
        handles.append(Line2D([], [], color="#555555", linewidth=0.9, linestyle=(0, (1, 1.5)),
                              label=MARKERS["ratification"][2] + " (line)"))
    if gaps:
        handles.append(Patch(facecolor="#d9d9d9", alpha=0.55, hatch="////", edgecolor="#ffffff", linewidth=0,
                             label="outside a country's record"))
    if chart.get("date"):
        handles.append(ax.axvline(_day(chart["date"]),  # type: ignore[arg-type]  # a date: as above
                                  color="#333333", linewidth=0.9, linestyle=(0, (4, 2)),
                                  zorder=2, label="assessment date"))
    # A little room below the lowest score, so a country at the bottom of the
    # scale is a line above the axis, not hidden in it; the top is the first
    # band edge above the highest score (see _top), so the data fill the frame.
    ax.set_ylim(lo - (top - lo) * 0.03, top)
    ax.set_ylabel("risk score")
    _warning_panel(wax, chart, narrow)
    # The provenance above the plot (an axes title, so the layout makes room for it):
    # right-aligned beside the title on a wide chart, under it on a narrow one.
    if narrow:
        fig.suptitle("Risk score over time", x=0.02, ha="left", fontsize=11)
        ax.set_title(_stamp(chart, 52, brief=True), loc="left", fontsize=STAMP_SIZE, color="#666666", linespacing=1.3,
                     parse_math=False)
    else:
        ax.set_title("Risk score over time", loc="left", fontsize=12)
        ax.set_title(_stamp(chart), loc="right", fontsize=STAMP_SIZE, color="#666666", linespacing=1.3, parse_math=False)
    # Days, never hours: a period of a few days gets a tick a day (the automatic
    # locator ticked 06:00, 12:00...), and one of a single day a day either side
    # (matplotlib widened a zero-width date range to four years, the day lost in it).
    short = (last - first).days < SHORT_DAYS
    locator = mdates.DayLocator() if short else mdates.AutoDateLocator(minticks=4, maxticks=10)
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))
    ax.tick_params(labelbottom=False)  # the dates are read under the warning panel
    ax.grid(axis="y", color="white", linewidth=0.8)
    ax.margins(x=0.01)
    if first == last:
        ax.set_xlim(first - _dt.timedelta(days=1), last + _dt.timedelta(days=1))  # type: ignore[arg-type]
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    if not _fit_legend(fig, chart, handles, narrow):
        fig.draw_without_rendering()  # the final layout: label placement needs the axes' size
    x0, x1 = ax.get_xlim()
    for span, at_start, at_end in spans:  # a stretch at either end runs into the margin
        left, right = span.get_x(), span.get_x() + span.get_width()
        span.set_x(x0 if at_start else left)
        span.set_width((x1 if at_end else right) - span.get_x())
    ax.set_xlim(x0, x1)
    lines = _line_boxes(ax, [c["timeline"] for c in chart["countries"]])  # on the final layout, for both placers
    taken = _label_gaps(ax, gaps, lines)
    taken += _label_ratifications(ax, ratified, taken)
    _place_labels(ax, labels, lines, taken)
    # The labels were placed on this layout, measured in its pixels: keep it
    # (a new layout at save time would move the axes under them).
    fig.set_layout_engine("none")
    return fig


WARNING_PANEL_INCHES = 1.0  # the figure grows by the warning panel, so the score's plot keeps its size


def _warning(p: dict) -> float:
    """A point's acute warning index (0 for a point written before format 2.1)."""
    return (p.get("indices") or {}).get("warning", 0.0)


def _warning_panel(wax, chart: dict, narrow: bool) -> None:
    """The lower panel: the acute warning index, a zero line, and a note when it is zero throughout
    (a rule set without a warning index, or a quiet period)."""
    values = [_warning(p) for c in chart["countries"] for p in c["timeline"]]
    lo, hi = min(values + [0.0]), max(values + [0.0])
    pad = max((hi - lo) * 0.12, 1.0)
    wax.set_ylim(lo - pad, hi + pad)
    wax.axhline(0, color="#999999", linewidth=0.7, zorder=1)
    wax.set_ylabel("warning", fontsize=8 if narrow else 9)
    wax.tick_params(labelsize=8)
    wax.grid(axis="y", color="#eeeeee", linewidth=0.6)
    for side in ("top", "right"):
        wax.spines[side].set_visible(False)
    note = ("acute warning index (points of the rules that say when)" if any(values) else
            "acute warning index: 0 throughout (no warning rule fired, or the rules declare no warning index)")
    # Above the frame, not inside it: inside, the lines reach the top of the panel (the limits hug the
    # data) and were drawn over the note.
    wax.set_title(textwrap.fill(note, 60 if narrow else 120), loc="left", pad=2, fontsize=7 if narrow else 8,
                  color="#555555", parse_math=False)


def _top(chart: dict) -> float:
    """The top of the y-axis: the first band edge at least a few points above
    the highest score drawn (the top of the scale when none is), so the data
    fill the frame and the reader still sees which band lies above them."""
    lo, hi = chart["bounds"]["min"], chart["bounds"]["max"]
    scores = [p["score"] for c in chart["countries"] for p in c["timeline"]]
    scores += [b["p95"] for c in chart["countries"] for b in c.get("band", ())]
    scores += [b["score"] for c in chart["countries"] for b in c.get("baseline", ())]
    room = (hi - lo) * 0.06
    edges = sorted({lv["to"] for lv in chart["levels"]} | {hi})
    return next((e for e in edges if e >= max(scores, default=hi) + room), hi)


# Font sizes of the event labels and of the provenance stamp, in points.
LABEL_SIZE, STAMP_SIZE = 7.5, 6.5


def _stamp(chart: dict, width: int = 96, brief: bool = False) -> str:
    """The provenance stamped in a corner of the chart: tool, rule set, the
    period, each profile's and each registry file's hash prefix, so a copied
    image still says where it came from (a registry file moves a state's dates
    or a membership, so it changes the lines as a rule set does).  Lines wrap so
    the stamp fits the figure's width."""
    prov, period = chart.get("provenance"), chart.get("period")
    if not prov:
        return ""
    rs = prov["ruleset"]
    head = [prov["tool"], f"rules {rs['name']} {rs['version']} ({rs['sha256'][:12]})"]
    head += [f"what if: {s['name']}" for s in prov.get("scenarios", ())]  # scores under a scenario are not the record's
    if period:
        head.append(f"{period['from']} to {period['to']}")
    parts = [f"{p['id']} {p['sha256'][:12]}" for p in prov.get("profiles", ())]
    if brief and len(parts) > 5:  # a phone's chart: the hashes are in the page's provenance
        return "\n".join(_label(x) for x in [*_wrap(head, width), f"{len(parts)} profiles (hashes under Provenance)"])
    lines = _wrap(head, width)
    registry = [f"{_cut(r['file'], 40)} {r['sha256'][:12]}" for r in prov.get("registry", ())]
    for title, items in (("profiles", parts), ("registry", registry)):
        line = title
        for i, part in enumerate(items):
            piece = (" " if i == 0 else ", ") + part
            if len(line) + len(piece) > width - 10:
                lines.append(line + ",")
                line = "  " + part
            else:
                line += piece
        if items:
            lines.append(line)
    return "\n".join(_label(x) for x in lines)


def _cut(text: str, width: int) -> str:
    """``text`` cut to ``width`` characters with an ellipsis: a file name may be 250 bytes long."""
    return text if len(text) <= width else text[:width - 1] + "\u2026"


def _wrap(head: list[str], width: int) -> list[str]:
    """The stamp's first parts joined by " · ", wrapped at ``width`` characters;
    a long rule set name (a scenario's) is cut at one line's width."""
    lines, line = [], ""
    for part in head:
        part = _cut(part, width)
        if line and len(line) + 3 + len(part) > width:
            lines.append(line)
            line = part
        else:
            line = f"{line} · {part}" if line else part
    lines.append(line)
    return lines


def _gaps(countries: list[dict], first: _dt.date, last: _dt.date) -> dict[tuple[_dt.date, _dt.date], list[str]]:
    """Stretches of the chart outside a country's record, each with the countries it applies to."""
    out: dict[tuple[_dt.date, _dt.date], list[str]] = {}
    one = _dt.timedelta(days=1)
    for c in countries:
        covers = c.get("covers")
        if not covers:
            continue
        a, b = _day(covers["from"]), _day(covers["to"])
        for gap in ((first, min(a - one, last)) if a > first else None, (max(b + one, first), last) if b < last else None):
            if gap and gap[0] <= gap[1]:
                out.setdefault(gap, []).append(_label(c["name"]))
    return dict(sorted(out.items()))


def _runs(timeline: list[dict]):
    """The timeline cut where it leaves or enters the record, each run with
    whether it is inside; a run ends on the next run's first day, so the
    steps join up."""
    runs: list[tuple[list[dict], bool]] = []
    for p in timeline:
        covered = p.get("covered", True)
        if runs and runs[-1][1] == covered:
            runs[-1][0].append(p)
        else:
            if runs:
                runs[-1][0].append({**p, "score": runs[-1][0][-1]["score"]})
            runs.append(([p], covered))
    return runs


# Which labels win the room when not all fit: membership steps first, then
# agreements, warning signs and threats; the order of MARKERS otherwise.
# At most CROWD labels within CROWD_PX points either side of a marker: a
# crowded stretch keeps its most important labels (LABEL_PRIORITY) and its markers.
CROWD, CROWD_PX = 4, 36
LABEL_BOX = {"boxstyle": "round,pad=0.12", "facecolor": "white", "edgecolor": "none", "alpha": 0.7}
LABEL_PRIORITY = ("force", "member", "applied", "invited", "protocol", "partner", "aspirant", "promised", "neutral",
                  "left", "agreement", "buildup", "exercise", "threat")


def _fit_legend(fig, chart: dict, handles: list, narrow: bool) -> bool:
    """The legend below the plot, inside the figure's width, and the figure's height grown to hold
    it and the stamp.  A long name wraps rather than pushing the plot out of the figure, in at most
    three lines (a name of thousands of characters made a legend of hundreds of lines and collapsed
    the plot); if the columns are still wider than the figure (four names of 48 characters ran off
    both edges), the legend takes fewer columns, and only with one column too many at every count
    does each label wrap to its column's share of the width (three narrow lines cut a long name
    sooner than fewer, wider columns).  Measured on the drawn legend, so a legend that fits is laid
    out as it always was.  Returns whether the figure was drawn in its final layout."""
    names = [h.get_label() for h in handles]
    size, inches = (8, 4.2) if narrow else (9, 9.0)
    widest = 28 if narrow else 48
    stamp_lines = len(_stamp(chart, 52 if narrow else 96, brief=narrow).splitlines())
    counts = range(min(2 if narrow else 4, len(handles)), 0, -1)
    shares = {n: int(inches * 72 / (size * 0.6) / n) - 6 for n in counts}  # characters a column holds beside its key
    tries = [(n, widest) for n in counts] + [(n, max(12, shares[n])) for n in counts if shares[n] < widest]
    for n, (ncol, chars) in enumerate(tries):
        wrapped = [textwrap.fill(name, chars, break_on_hyphens=False, max_lines=3, placeholder=" …") for name in names]
        for h, text in zip(handles, wrapped):
            h.set_label(text)
        legend = fig.legend(handles=handles, loc="outside lower center", ncol=ncol, frameon=False, fontsize=size)
        for t in legend.get_texts():
            t.set_parse_math(False)
        # Room for the plot whatever the legend and the stamp take: the figure grows with them
        # (each legend row as tall as its tallest label).
        lines = [max(w.count("\n") + 1 for w in wrapped[r:r + ncol]) for r in range(0, len(wrapped), ncol)]
        legend_in = sum(lines) * (0.135 if narrow else 0.15) + len(lines) * (0.055 if narrow else 0.06)
        fig.set_size_inches(inches, (4.0 if narrow else 3.9) + legend_in + stamp_lines * 0.12 + WARNING_PANEL_INCHES)
        if n == len(tries) - 1:
            return False
        fig.draw_without_rendering()
        if legend.get_window_extent().width <= fig.bbox.width:
            return True
        legend.remove()
    return False


def _extent(ax, text) -> tuple[float, float, float, float]:
    """A drawn text's box in the axes' pixels (origin at the axes' lower left), with the padding of the white box
    drawn behind it (:data:`LABEL_BOX`): two labels whose texts did not touch overlapped by their boxes (a review's
    screenshot: "assistance clause" under "declaration")."""
    box, frame = text.get_window_extent(ax.figure._get_renderer()), ax.get_window_extent()
    pad = boxed_pad(text)
    return box.x0 - frame.x0 - pad, box.y0 - frame.y0 - pad, box.x1 - frame.x0 + pad, box.y1 - frame.y0 + pad


def boxed_pad(text) -> float:
    """The padding, in pixels, of the box drawn behind ``text`` (0 without one): its style's pad, in font sizes."""
    patch = text.get_bbox_patch()
    if patch is None:
        return 0.0
    return float(getattr(patch.get_boxstyle(), "pad", 0.0)) * text.get_fontsize() * text.figure.dpi / 72


def _label_gaps(ax, gaps: dict, lines: Any = ()) -> list[tuple[float, float, float, float]]:
    """"no record: …" in each stretch outside a record, rotated, at the top of the frame or else at its
    foot, where it crosses no country's line: nearest the stretch's middle where it can (a label across
    a line was hard to read, and hid the line).  A stretch too close to the one before it to take its
    own label adds its names to that label (so labels never sit on each other); a label with no free
    place in its stretch is left out (the hatching and its legend entry still say it).  Returns the
    boxes drawn."""
    import numpy as np
    from matplotlib import dates as mdates

    box = ax.get_window_extent()
    x0, x1 = ax.get_xlim()
    sx = box.width / (x1 - x0)  # pixels per day
    room = LABEL_SIZE * 1.5 * ax.figure.dpi / 72 / sx  # a rotated label's width, in days
    groups: list[tuple[float, list[str], float, float]] = []  # middle, names, the stretches' first and last day
    for (a, b), names in gaps.items():
        lo, hi = mdates.date2num(a), mdates.date2num(b) + 1
        x = min(max((lo + hi) / 2, x0 + room), x1 - room / 2)
        if groups and x - groups[-1][0] < room:
            g = groups[-1]
            g[1].extend(n for n in names if n not in g[1])
            groups[-1] = (g[0], g[1], min(g[2], lo), max(g[3], hi))
        else:
            groups.append((x, list(names), lo, hi))
    lines = np.asarray(lines, dtype=float).reshape(-1, 4)  # the countries' lines (_line_boxes)
    out: list[tuple[float, float, float, float]] = []
    for x, names, lo, hi in groups:
        for text in ("no record: " + ", ".join(names), f"no record: {len(names)} countries"):
            t = ax.text(x, 0.985, _label(text), transform=ax.get_xaxis_transform(), rotation=90, ha="center",
                        va="top", fontsize=LABEL_SIZE - 1, color="#555555", zorder=2, parse_math=False)
            e = _extent(ax, t)
            if e[1] < 0:
                t.remove()  # too long for the frame
                continue
            w, h, top = e[2] - e[0], e[3] - e[1], e[3]
            middle = (x - x0) * sx
            left, right = max((lo - x0) * sx, 0) + w / 2, min((hi - x0) * sx, box.width) - w / 2
            steps = [middle] + [middle + d * k * w / 2 for k in range(1, 400) for d in (-1, 1)]
            spots = [c for c in steps if left <= c <= right or c == middle]
            choice = None
            for c in spots:
                for at_top in (True, False):
                    rect = (c - w / 2, top - h, c + w / 2, top) if at_top else (c - w / 2, box.height - top,
                                                                               c + w / 2, box.height - top + h)
                    if not any(a[0] < rect[2] and rect[0] < a[2] for a in out) and _clear(rect, lines):
                        choice = (c, at_top, rect)
                        break
                if choice:
                    break
            if choice is None:
                t.remove()  # no free place in the stretch
                continue
            c, at_top, rect = choice
            t.set_x(x0 + c / sx)
            if not at_top:
                t.set_y(1 - 0.985)
                t.set_va("bottom")
            out.append(rect)
            break
    return out


def _line_boxes(ax, timelines) -> Any:
    """Each step of each country's line as a thin box in the axes' pixels (origin at the lower left):
    what a label should not cover."""
    import numpy as np
    from matplotlib import dates as mdates

    box = ax.get_window_extent()
    x0, x1 = ax.get_xlim()
    y0, y1 = ax.get_ylim()
    sx, sy = box.width / (x1 - x0), box.height / (y1 - y0)
    pad = 1.5 * ax.figure.dpi / 72
    things = []
    for timeline in timelines:
        pts = [((mdates.date2num(_day(p["date"])) - x0) * sx, (p["score"] - y0) * sy) for p in timeline]
        for (ax_, ay), (bx, by) in zip(pts, pts[1:]):
            things.append((ax_, ay - pad, bx, ay + pad))
            things.append((bx - pad, min(ay, by), bx + pad, max(ay, by)))
    return np.array(things, dtype=float).reshape(-1, 4)


def _clear(rect, against) -> bool:
    """Whether ``rect`` overlaps none of the boxes ``against`` (an n×4 array)."""
    return not (len(against) and ((against[:, 0] < rect[2]) & (rect[0] < against[:, 2])
                                  & (against[:, 1] < rect[3]) & (rect[1] < against[:, 3])).any())


def _place_labels(ax, labels: list[tuple[_dt.date, float, str, str, str]], lines: Any,
                  taken: list[tuple[float, float, float, float]] = ()) -> None:  # type: ignore[assignment]
    """Each key event's label beside its marker, staggered up or down in rows
    until it covers no other label, marker or line (or, failing that, no
    other label); one moved more than a row away gets a thin leader line back
    to its marker.  A label that finds no free place is left out (its marker
    stays, explained by the legend and the table of events): labels never
    cover each other.  Nor is a label repeated for the same country close
    beside the same label.  Boxes are measured from the drawn text.  A label
    shared by several countries on one day is printed once, in dark grey."""
    import numpy as np
    from matplotlib import dates as mdates

    merged: dict[tuple[_dt.date, str], tuple[float, str, str]] = {}
    for day, y, text, colour, marker in labels:
        key = (day, text)
        if key in merged:
            merged[key] = (max(y, merged[key][0]), "#333333" if merged[key][1] != colour else colour, marker)
        else:
            merged[key] = (y, colour, marker)
    box = ax.get_window_extent()
    dpi = ax.figure.dpi
    x0, x1 = ax.get_xlim()
    y0, y1 = ax.get_ylim()
    sx, sy = box.width / (x1 - x0), box.height / (y1 - y0)  # pixels per day, per point of score

    def px(day, score) -> tuple[float, float]:
        return (mdates.date2num(day) - x0) * sx, (score - y0) * sy

    gap = 4 * dpi / 72
    # What a label should not cover: each step of each line, and each marker.
    marker_size = LABEL_SIZE * 1.35 * dpi / 72
    markers = []
    for (day, _), (y, _, _) in merged.items():
        mx, my = px(day, y)
        markers.append((mx - marker_size / 2, my - marker_size / 2, mx + marker_size / 2, my + marker_size / 2))
    obstacles = np.vstack([np.asarray(lines, dtype=float).reshape(-1, 4), np.array(markers, dtype=float).reshape(-1, 4)])

    rank = {m: i for i, m in enumerate(LABEL_PRIORITY)}
    placed = np.array(list(taken), dtype=float).reshape(-1, 4)
    shown: list[tuple[float, str, str]] = []  # (x, text, colour) of each label drawn
    order = sorted(merged.items(), key=lambda kv: (rank.get(kv[1][2], len(rank)), kv[0]))
    for (day, text), (y, colour, _) in order:
        mx, my = px(day, y)
        if any(t == text and c == colour and abs(x - mx) < 12 * LABEL_SIZE * dpi / 72 for x, t, c in shown):
            continue  # the same word just beside: once is enough
        if sum(abs(x - mx) < CROWD_PX * dpi / 72 for x, _, _ in shown) >= CROWD:
            continue  # enough labels on this stretch already: the marker stays, the table below names it
        t = ax.annotate(text, xy=(mdates.date2num(day), y), xytext=(mdates.date2num(day), y), textcoords="data",
                        ha="left", va="center", fontsize=LABEL_SIZE, color=colour, zorder=5, parse_math=False,
                        annotation_clip=False, bbox=LABEL_BOX)
        e = _extent(ax, t)  # with the white box's padding: the text itself starts ``pad`` inside it
        pad = boxed_pad(t)
        width, row = e[2] - e[0] + 1, e[3] - e[1] + 1
        candidates = []
        for k in (1, -1, 2, -2, 3, -3):
            bottom = my + k * row - row / 2  # the label's middle is k rows from the marker
            if bottom < 0 or bottom + row > box.height:
                continue
            for left in (mx + gap, mx - gap - width):
                if 0 <= left and left + width <= box.width:
                    candidates.append((k, (left, bottom, left + width, bottom + row)))
        near = obstacles[(obstacles[:, 2] >= mx - gap - width) & (obstacles[:, 0] <= mx + gap + width)]
        everything = np.vstack([near, placed])

        # the label, and its leader line's box where it has one, clear of everything, else of other labels
        choice = next((c for c in candidates if all(_clear(r, everything) for r in _footprint(*c, mx, my))), None)
        choice = choice or next((c for c in candidates if all(_clear(r, placed) for r in _footprint(*c, mx, my))), None)
        t.remove()  # the probe that measured the label
        if choice is None:
            continue
        k, rect = choice
        placed = np.vstack([placed, *_footprint(k, rect, mx, my)])
        shown.append((mx, text, colour))
        ax.annotate(text, xy=(mdates.date2num(day), y), xytext=(x0 + (rect[0] + pad + 0.5) / sx, y0 + (rect[1] + row / 2) / sy),
                    textcoords="data", ha="left", va="center", fontsize=LABEL_SIZE, color=colour, zorder=5,
                    parse_math=False, annotation_clip=False, bbox=LABEL_BOX,
                    arrowprops={"arrowstyle": "-", "color": colour, "linewidth": 0.5, "shrinkA": 0, "shrinkB": 3,
                                "alpha": 0.8} if abs(k) > 1 else None)


def _footprint(k: int, rect: tuple, mx: float, my: float) -> list[tuple]:
    """What a label placed ``k`` rows from its marker covers: its box and, more
    than a row away, the box of its leader line back to the marker (so leader
    lines cross no label and no other leader)."""
    if abs(k) <= 1:
        return [rect]
    ex, ey = (rect[0] + rect[2]) / 2, (rect[1] + rect[3]) / 2  # matplotlib aims the line from the label's middle
    return [rect, (min(mx, ex), min(my, ey), max(mx, ex), max(my, ey))]


def _label_ratifications(ax, ratified: dict, taken: Sequence[tuple[float, float, float, float]] = ()
                         ) -> list[tuple[float, float, float, float]]:
    """"ratified" beside the top of each ratification line, skipping lines
    too close to the last one labelled to take another label.  Returns the boxes drawn."""
    from matplotlib import dates as mdates

    box = ax.get_window_extent()
    x0, x1 = ax.get_xlim()
    per_px = (x1 - x0) / box.width
    room = LABEL_SIZE * 1.4 * ax.figure.dpi / 72 * per_px  # a rotated label's width, in days
    last = None
    out = []
    for day in sorted(ratified):
        x = mdates.date2num(day)
        if last is not None and x - last < room:
            continue
        colours = ratified[day]
        t = ax.text(x, 0.985, "ratified", rotation=90, ha="right", va="top", fontsize=LABEL_SIZE - 1,
                    transform=ax.get_xaxis_transform(),
                    color=colours[0] if len(set(colours)) == 1 else "#555555", zorder=5, parse_math=False)
        e = _extent(ax, t)
        if any(a[0] < e[2] and e[0] < a[2] and a[1] < e[3] and e[1] < a[3] for a in taken):
            t.remove()  # the line stays; a "no record" label already stands there
            continue
        out.append(e)
        last = x
    return out


def _score_on(timeline: list[dict], day: str) -> float:
    """The score the step line shows on ``day``: that of the last point on or before it."""
    score = timeline[0]["score"]
    for p in timeline:
        if p["date"] > day:
            break
        score = p["score"]
    return score
