"""The one strict reader of a day (YYYY-MM-DD): the command line's dates and the importers' rows.

A module of its own so that reading ``--date`` or ``--from`` does not import
:mod:`assessor.importers` (its row classes and the csv module), which a
command that imports nothing never uses.
"""

from __future__ import annotations

import datetime as _dt


def iso_day(text: str) -> _dt.date:
    """A YYYY-MM-DD date in ASCII digits; ValueError otherwise (Python 3.11's fromisoformat alone also reads
    20220224 and the week date 2022-W08-4, 3.10's does not: an import read other rows under another Python)."""
    if len(text) != 10 or not text.isascii() or text[4] != "-" or text[7] != "-" or \
            not (text[:4] + text[5:7] + text[8:]).isdigit():
        raise ValueError(f"{text!r} is not YYYY-MM-DD")
    return _dt.date.fromisoformat(text)
