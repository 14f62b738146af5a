"""Render stage: results → text, JSON, CSV, GitHub annotations (and, for reports, Markdown, HTML, charts).

Reporters are modules looked up by name (``--format``), never ``if format ==``
branches scattered through commands.  A reporter module offers a function per
kind of result (``assessments``, ``timeline``, ``explanation``, ``ruleset``,
``profiles``, ``facts``; for authors ``problems``, ``rule_tests``, ``rule``
and ``rules_diff``, which streams through a ``write`` callable); each returns
a ``str`` (a chart: ``bytes``).  Render never writes files and never imports
the stages above it: it receives plain data (or the objects those stages
return) and the CLI decides where the output goes (atomically, see
:mod:`assessor.output`).
"""

from __future__ import annotations

import importlib

FORMATS = {"text": "text", "json": "jsonout", "csv": "csvout", "markdown": "markdown", "html": "html", "github": "github"}


def reporter(fmt: str):
    """The reporter module for ``fmt`` (imported on first use: HTML needs Jinja2)."""
    return importlib.import_module(f"assessor.render.{FORMATS[fmt]}")
