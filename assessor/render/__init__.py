"""Render stage: results → text, JSON, CSV (and, for reports, Markdown, HTML).

Reporters are modules looked up by name (``--format``), never ``if format ==``
branches scattered through commands.  Every reporter returns a ``str``; the
CLI decides where it goes (atomically, see :mod:`assessor.output`).
"""

from __future__ import annotations

import importlib

FORMATS = {"text": "text", "json": "jsonout", "csv": "csvout", "markdown": "markdown", "html": "html"}


def reporter(fmt: str):
    """The reporter module for ``fmt`` (imported on first use: HTML needs Jinja2)."""
    return importlib.import_module(f"assessor.render.{FORMATS[fmt]}")
