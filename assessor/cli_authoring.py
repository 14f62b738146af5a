"""CLI commands for rule and profile authors: validate, lint, test, diff, show.

Registered on the ``rules`` and ``profiles`` groups of :mod:`assessor.cli`.
"""

from __future__ import annotations
