"""Reader text in plain words: real plurals, rules named in words.

Shared by the report's headlines (:mod:`assessor.report`) and its templates
(:mod:`assessor.render.html`, :mod:`assessor.render.markdown`), so every
format reads the same.
"""

from __future__ import annotations

from assessor.score import plural_words


def plain(text) -> str:
    """Reader text with real plurals ("1 exercise", "2 exercises"): the rule that fills
    reasons (:func:`assessor.score.plural_words`), applied to the report's own sentences."""
    return plural_words(text)


def rule_title(rule: str) -> str:
    """A rule as a reader reads it: its id in words ("threat-surge" → "threat surge")."""
    return rule.replace("-", " ").replace("_", " ")
