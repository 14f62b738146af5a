"""HTML reporter: one self-contained page — inline CSS and SVG chart, no
scripts, no fonts or images fetched from anywhere; the only links are the
sources'.  Readable on a phone (tables stack into cards on narrow screens)
and printable.  Jinja2 escapes every value (autoescape on); only the chart,
which we drew ourselves, goes in unescaped.
"""

from __future__ import annotations

import re

import jinja2
from markupsafe import Markup, escape

from assessor.render.chart import MARKERS, band_colours
from assessor.render.safe import safe_url, terminal
from assessor.render.words import plain, quoted, rule_title
from assessor.score import DRIFT_POINTS, SCORE_PLACES

STEP_WORDS = {"day": "daily", "week": "weekly", "month": "monthly"}
_ISO_DAY = re.compile(r"\b(\d{4}-\d\d-\d\d)\b")


def dated(text) -> Markup:
    """Prose with each ISO date as a ``<time>`` element, which never breaks
    across lines (a headline's "2022-05-18" must not wrap at its hyphens).
    The text is escaped first, control characters shown as escapes."""
    return Markup(_ISO_DAY.sub(r'<time datetime="\1">\1</time>', str(escape(terminal(str(text))))))


def environment(autoescape: bool, finalize=None) -> jinja2.Environment:
    """The template environment both report formats share: templates ship as
    package data, and the number and word filters read the same everywhere.
    ``finalize`` is applied to every ``{{ value }}`` (Markdown escapes there)."""
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("assessor.render", "templates"),
        autoescape=autoescape, trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True,
        undefined=jinja2.StrictUndefined, finalize=finalize,
    )
    env.filters.update(signed=lambda x: f"{x:+g}".replace("-", "\u2212") if x else "±0",
                       num=lambda x: f"{x:g}".replace("-", "\u2212"),
                       score=lambda x: f"{x:.{SCORE_PLACES}f}".replace("-", "\u2212"),
                       words=lambda s: str(s).replace("_", " "))
    env.globals.update(MARKERS={k: v[2] for k, v in MARKERS.items()}, STEP_WORDS=STEP_WORDS)
    env.filters["href"] = safe_url  # None (no link) unless http(s); percent-encoded
    env.filters["plain"] = plain  # real plurals in rule reasons
    env.filters["rule"] = rule_title  # a rule in words, never its id
    env.filters["quoted"] = quoted  # a source's title in quotes, its own quotes made single
    # a key moment's rules whose points moved by more than drift: the reasons a reader is given for the day
    env.filters["moved"] = lambda changes: [r for r in changes if abs(r["points"] - r["from_points"]) >= DRIFT_POINTS]
    return env


def _html_environment() -> jinja2.Environment:
    # Control characters in values are shown as escapes (the page may be printed with -o -);
    # Markup (the chart we drew, prose already escaped by ``dated``) is left alone.
    finalize = lambda v: terminal(v) if isinstance(v, str) and not isinstance(v, Markup) else v  # noqa: E731
    env = environment(autoescape=True, finalize=finalize)
    env.filters["dated"] = dated
    return env


def view(doc: dict) -> dict:
    """The report document plus what templates should not compute: each
    country's waterfall steps joined with their reasons and evidence, and
    the colour of each level."""
    countries = []
    ids = {c["id"] for c in doc["countries"]}
    for c in doc["countries"]:
        a = c["assessment"]
        by_rule = {x["rule"]: x for x in a["contributions"]}
        steps = [{**s, "reason": by_rule[s["rule"]]["reason"], "evidence": by_rule[s["rule"]]["evidence"]}
                 for s in a["waterfall"]["steps"]]
        countries.append({**c, "steps": steps, "groups": _groups(a, steps), "anchor": _anchor(c["id"], ids)})
    colours = band_colours([lv["name"] for lv in doc["levels"]])
    return {**doc, "countries": countries, "colours": colours}


# The page's own ids, and the forms of the ids matplotlib gives an inline SVG's parts and a Markdown report its
# sources (s1, s2 …): a country's id is its anchor unless it is one of them.  A profile named `sources` or `s1` (valid
# ids) made a second element of that id, and the links to it, the table's to the country or a source's [S1] to its
# entry, went to whichever came first.
_PAGE_IDS = {"overview", "details", "sources", "provenance"}
_GENERATED_ID = re.compile(r"s\d+|[a-z0-9]+_\d+|[mp][0-9a-f]{10}")


def _anchor(cid: str, ids: set) -> str:
    """The id a country's details stand under in a report: its own, else ``country-`` before it (not another's)."""
    anchor = cid
    while anchor in _PAGE_IDS or _GENERATED_ID.fullmatch(anchor) or (anchor != cid and anchor in ids):
        anchor = "country-" + anchor
    return anchor


def _groups(a: dict, steps: list[dict]) -> list[dict]:
    """The waterfall by index (format 2.1): each index's rules, largest effect first, with a running
    total of that index alone (structural from the base score, warning from 0)."""
    from assessor import score

    out = []
    for ix in a["waterfall"]["indices"]:
        running = a["waterfall"]["base"] if ix["index"] == "structural" else 0
        rows = []
        for s in steps:
            if by_index(a, s["rule"]) == ix["index"]:
                running = score.rounded(score.exact_sum(running, [s["points"]]), score.POINTS_PLACES)
                rows.append({**s, "running": running})
        out.append({**ix, "steps": rows})
    return out


def by_index(a: dict, rule: str) -> str:
    """The index a contribution of assessment ``a`` counts in."""
    return next(c.get("index", "structural") for c in a["contributions"] if c["rule"] == rule)


def report(doc: dict, chart_svg: str, chart_narrow: str = "", map_svg: str = "", map_note: str = "") -> str:
    """The report page; ``chart_svg`` is inline SVG from :func:`assessor.render.chart.svg`,
    ``chart_narrow`` the same chart laid out for a phone (shown instead of it on narrow
    screens, by CSS alone), ``map_svg`` the map of the levels (see :func:`page`) and
    ``map_note`` why a report on several countries has none.  The first table
    ranks the countries by their score on the date, most exposed first."""
    template = _html_environment().get_template("report.html")
    return template.render(doc=view(doc), chart=Markup(chart_svg), chart_narrow=Markup(chart_narrow),
                           map=Markup(map_svg), map_note=map_note)


def page(doc: dict) -> str:
    """The whole page of ``doc``: the chart, wide and narrow, and — for several
    countries — the map of their levels on the date (omitted, with a note,
    where the map's shapes are not installed)."""
    from assessor.render import chart, worldmap

    map_svg, note = "", ""
    if len(doc["countries"]) > 1:
        try:
            map_svg = worldmap.svg(doc)
        except worldmap.Unavailable as e:
            note = f"Map omitted: {e}."
    return report(doc, chart.svg(doc), chart.svg(doc, narrow=True), map_svg, note)
