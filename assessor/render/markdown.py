"""Markdown reporter (GitHub-flavoured): the same sections as the HTML page.

The chart is an image beside the report file, linked relatively (the CLI
writes it; see :mod:`assessor.cli.report`).

Every value the template prints is escaped unless a filter here has already
made it safe: the environment's ``finalize`` escapes each ``{{ value }}``
(Markdown punctuation, HTML specials, whitespace folded to one line), so a
new field in the template is safe by default, and a name, title, factor,
level or rule-set name cannot open a tag, a link, a table cell or a code
span.  Link targets are http(s) addresses, percent-encoded (others are shown
as text, never linked); code spans pick a fence longer than any run of back
ticks inside; anchors keep only ``[a-z0-9-]``.
"""

from __future__ import annotations

import os
import re
from urllib.parse import quote

from assessor.render.html import environment, view
from assessor.render.safe import safe_url, terminal
from assessor.render.words import plain, quoted, rule_title

# ASCII punctuation that means something to CommonMark, GFM or GitHub's
# renderer wherever it stands (emphasis, code, links, raw HTML, entities, table
# cells, strikethrough, math): a backslash makes each of these literal.  With
# "[" and "]" escaped no value can form a link, so "(" and ")" stay readable;
# values never start a line, so "#", "-", "+" and "1." cannot start a block.
_SPECIAL = re.compile(r"([\\`*_\[\]])")
# ... and these as character references, which every flavour reads: Python-Markdown (MkDocs' renderer) has no
# backslash escape for them (nor for "|" outside a table) and showed "\<b\>" with its backslashes (a review's
# finding).  One pass, so a value's own "&lt;" stays text ("&amp;lt;").
_ENTITIES = {"&": "&amp;", "<": "&lt;", ">": "&gt;", "~": "&#126;", "$": "&#36;", "|": "&#124;"}
_ENTITY = re.compile("[&<>~$|]")
_SPACE = re.compile(r"\s+")
_CLOSING_HASHES = re.compile(r"(^|\s)(#+)\s*$")
_ANCHOR = re.compile(r"[^a-z0-9-]")
_BASE64 = re.compile(r"[A-Za-z0-9+/]*={0,2}")


class Md(str):
    """Text already safe in Markdown: ``finalize`` leaves it as it is."""


def escape(text) -> Md:
    """Text that Markdown shows as it is, on one line (safe in table cells);
    control characters shown as escapes, as on a terminal."""
    if isinstance(text, Md):
        return text
    escaped = _SPECIAL.sub(r"\\\1", _ENTITY.sub(lambda m: _ENTITIES[m.group()], _SPACE.sub(" ", terminal(str(text)))))
    # a run of '#' that ends a value after a space closes an ATX heading when the value ends the heading's line:
    # 'Estonia #' titled the report 'Deterrence risk report: Estonia', its '#' read as the heading's closing sequence
    return Md(_CLOSING_HASHES.sub(lambda m: m.group(1) + "\\#" * len(m.group(2)), escaped))


def finalize(value) -> str:
    return escape(value)


def link(url) -> Md | None:
    """An http(s) link target in angle brackets, percent-encoded, its "&" written "&amp;"; ``None`` when unsafe.
    Markdown reads a character reference in a link or autolink (GFM decodes it, Python-Markdown passes it to the
    page as one): a source's address holding "&amp;" (south-korea-1950's Truman Library page) linked to "&"."""
    safe = safe_url(url)
    return Md(f"<{safe.replace('&', '&amp;')}>") if safe else None


def image(target: str) -> Md:
    """The chart's address: a base64 PNG ``data:`` URI, or a relative file name percent-encoded."""
    prefix = "data:image/png;base64,"
    if target.startswith(prefix) and _BASE64.fullmatch(target[len(prefix):]):
        return Md(f"<{target}>")
    return Md(f"<{quote(os.fsencode(target), safe='')}>")  # the name's own bytes, UTF-8 or not (r\xfc.chart.png)


def code(text, cell: bool = False) -> Md:
    """A code span that nothing inside can close: the fence is one back tick
    longer than the longest run inside, padded with spaces.  In a table
    ``cell``, an HTML ``<code>`` element holding the escaped text: GFM splits
    cells at a "|" before it reads code spans, so a span there needs "\\|",
    which Python-Markdown (MkDocs' renderer) shows with its backslash; the
    text escaped as everywhere else (its "|" a character reference) reads as
    itself in both."""
    text = _SPACE.sub(" ", terminal(str(text)))
    if cell:
        return Md(f"<code>{escape(text)}</code>")
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if text.startswith("`") or text.endswith("`") or longest else ""
    return Md(f"{fence}{pad}{text}{pad}{fence}")


def anchor(text) -> Md:
    """An id for ``<a id>`` and ``(#id)`` links: lower-case letters, digits and hyphens only."""
    return Md(_ANCHOR.sub("-", str(text).lower()))


def report(doc: dict, image_target: str, map_target: str = "", map_note: str = "") -> str:
    """The report in Markdown; ``image_target`` is the chart's address (relative file name or data: URI),
    ``map_target`` the map's (several countries), ``map_note`` why there is no map."""
    env = environment(autoescape=False, finalize=finalize)
    safe_filters = {name: (lambda f: lambda *a, **k: escape(f(*a, **k)))(env.filters[name])
                    for name in ("signed", "num", "score")}  # numbers and signs: escaped once, then trusted
    # trusted: the output of this template's own macros, whose values were escaped inside them
    env.filters.update(safe_filters, md=escape, url=link, code=code, anchor=anchor, trusted=Md)
    env.filters.update(plain=lambda s: escape(plain(s)), rule=lambda s: rule_title(str(s)), quoted=lambda s: escape(quoted(s)))
    env.globals.update(BOLD=Md("**"), NOTHING=Md(""))
    return env.get_template("report.md").render(doc=view(doc), image=image(image_target),
                                                map_image=image(map_target) if map_target else "", map_note=map_note)


def map_png(doc: dict) -> tuple[bytes | None, str]:
    """The map of a report on several countries as PNG, or ``None`` and why not."""
    from assessor.render import worldmap

    if len(doc["countries"]) < 2:
        return None, ""
    try:
        return worldmap.render(doc, "png"), ""
    except worldmap.Unavailable as e:
        return None, f"Map omitted: {e}."
