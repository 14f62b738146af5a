"""CLI command ``assessor report``: explanation reports in HTML, Markdown or JSON."""

from __future__ import annotations
