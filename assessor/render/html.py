"""HTML reporter: one self-contained page — inline CSS and SVG chart, no
scripts, no fonts or images fetched from anywhere; the only links are the
sources'.  Readable on a phone (tables stack into cards on narrow screens)
and printable.  Jinja2 escapes every value (autoescape on); only the chart,
which we drew ourselves, goes in unescaped.
"""

from __future__ import annotations

import jinja2
from markupsafe import Markup

from assessor.render.chart import MARKERS, band_colours

STEP_WORDS = {"day": "daily", "week": "weekly", "month": "monthly"}


def environment(autoescape: bool) -> jinja2.Environment:
    """The template environment both report formats share: templates ship as
    package data, and the number and word filters read the same everywhere."""
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("assessor.render", "templates"),
        autoescape=autoescape, trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True,
        undefined=jinja2.StrictUndefined,
    )
    env.filters.update(signed=lambda x: f"{x:+g}".replace("-", "\u2212") if x else "±0", num=lambda x: f"{x:g}".replace("-", "\u2212"),
                       words=lambda s: str(s).replace("_", " "))
    env.globals.update(MARKERS={k: v[2] for k, v in MARKERS.items()}, STEP_WORDS=STEP_WORDS)
    return env


def view(doc: dict) -> dict:
    """The report document plus what templates should not compute: each
    country's waterfall steps joined with their reasons and evidence, and
    the colour of each level."""
    countries = []
    for c in doc["countries"]:
        a = c["assessment"]
        by_rule = {x["rule"]: x for x in a["contributions"]}
        steps = [{**s, "reason": by_rule[s["rule"]]["reason"], "evidence": by_rule[s["rule"]]["evidence"]}
                 for s in a["waterfall"]["steps"]]
        countries.append({**c, "steps": steps})
    colours = band_colours([lv["name"] for lv in doc["levels"]])
    return {**doc, "countries": countries, "colours": colours}


def report(doc: dict, chart_svg: str) -> str:
    """The report page; ``chart_svg`` is inline SVG from :func:`assessor.render.chart.svg`."""
    template = environment(autoescape=True).get_template("report.html")
    return template.render(doc=view(doc), chart=Markup(chart_svg))
