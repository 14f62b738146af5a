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


# each double quotation mark as its single one: English “…” as ‘…’, German „…“ as ‚…‘ (its “ closes), French «…» as ‹…›
_NESTED = str.maketrans({"\u201c": "\u2018", "\u201d": "\u2019", "\u201e": "\u201a", "\u00ab": "\u2039",
                         "\u00bb": "\u203a"})


def quoted(title) -> str:
    """A source's title in double quotes, its own quotation marks made single (the convention for a quote within a
    quote): a title holding quotes came out doubled, “”Agranat Commission” – Yom-Kippur War” (a review's finding).
    Straight double quotes pair up as ‘…’ in turn."""
    text = str(title).translate(_NESTED)
    parts = text.split('"')
    if len(parts) > 1:
        text = "".join(p + ("\u2018" if i % 2 == 0 else "\u2019") for i, p in enumerate(parts[:-1])) + parts[-1]
    return f"\u201c{text}\u201d"
