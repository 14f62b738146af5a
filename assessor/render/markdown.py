"""Markdown reporter (GitHub-flavoured): the same sections as the HTML page.

The chart is an image beside the report file, linked relatively (the CLI
writes it; see :mod:`assessor.cli_report`).  Templates here are not
HTML-escaped; every value from a profile or a rule goes through the ``md``
filter instead, which escapes Markdown's own punctuation so a source title
cannot break a table or start a link.
"""

from __future__ import annotations

import re

from assessor.render.html import environment, view

_SPECIAL = re.compile(r"([\\`*_\[\]<>|])")


def escape(text) -> str:
    """Text that Markdown shows as it is, on one line (safe in table cells)."""
    return _SPECIAL.sub(r"\\\1", " ".join(str(text).split()))


def destination(url: str) -> str:
    """A link target Markdown cannot misread: in angle brackets, without them inside."""
    return "<" + str(url).replace("<", "%3C").replace(">", "%3E").replace(" ", "%20") + ">"


def report(doc: dict, image: str) -> str:
    """The report in Markdown; ``image`` is the chart's address (relative file name or data: URI)."""
    env = environment(autoescape=False)
    env.filters.update(md=escape, url=destination)
    return env.get_template("report.md").render(doc=view(doc), image=image)
