"""Reader text in plain words: real plurals, rules named in words.

Shared by the report's headlines (:mod:`assessor.report`) and its templates
(:mod:`assessor.render.html`, :mod:`assessor.render.markdown`), so every
format reads the same.
"""

from __future__ import annotations

import re

_PLURAL = re.compile(r"\b(\d+(?:[.,]\d+)?)((?:[^\W\d]|[\s-])+?)\(s\)")


def plain(text) -> str:
    """Reader text with real plurals: a rule's reason says "{n} exercise(s)"
    because it is written once for every count; the reader sees "1 exercise"
    or "2 exercises".  A "(s)" with no number before it becomes "s"."""
    def one(m: re.Match) -> str:
        return m.group(1) + m.group(2) + ("" if m.group(1) == "1" else "s")
    return _PLURAL.sub(one, str(text)).replace("(s)", "s")


def rule_title(rule: str) -> str:
    """A rule as a reader reads it: its id in words ("threat-surge" → "threat surge")."""
    return rule.replace("-", " ").replace("_", " ")
