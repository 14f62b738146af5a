"""GDELT 2.0 event files (``YYYYMMDDHHMMSS.export.CSV``), read as :class:`~assessor.importers.Row`.

Tab-separated, no header, 61 columns in the order of the GDELT 2.0 Event
Database codebook (:data:`COLUMNS`).  Events are CAMEO-coded: ``EventCode``
(e.g. ``190`` use conventional military force), ``EventBaseCode`` and
``EventRootCode`` (``13`` threaten, ``15`` exhibit force posture, ``17``
coerce, ``18`` assault, ``19`` fight, ``20`` use unconventional mass
violence).  An event is imported for a country when the country is
``Actor2CountryCode`` (CAMEO country codes are ISO 3166 alpha-3) — the target
— and ``Actor1CountryCode`` names the state that acted.  ``SQLDATE`` is the
event's day (``YYYYMMDD``), ``DATEADDED`` when GDELT added it
(``YYYYMMDDHHMMSS``), ``SOURCEURL`` the article it was coded from: the row's
citation.  GDELT is machine-coded and noisy; the shipped mapping asks for a
minimum ``NumMentions``.
"""

from __future__ import annotations

import datetime as _dt
import math
from collections.abc import Iterator
from pathlib import Path

from assessor.importers import BadRow, Counts, Row, csv_records

DATASET = "GDELT 2.0"
_ACTOR = ("Code", "Name", "CountryCode", "KnownGroupCode", "EthnicCode", "Religion1Code", "Religion2Code",
          "Type1Code", "Type2Code", "Type3Code")
_GEO = ("Type", "FullName", "CountryCode", "ADM1Code", "ADM2Code", "Lat", "Long", "FeatureID")
COLUMNS = (
    ("GLOBALEVENTID", "SQLDATE", "MonthYear", "Year", "FractionDate")
    + tuple(f"Actor1{c}" for c in _ACTOR) + tuple(f"Actor2{c}" for c in _ACTOR)
    + ("IsRootEvent", "EventCode", "EventBaseCode", "EventRootCode", "QuadClass", "GoldsteinScale", "NumMentions",
       "NumSources", "NumArticles", "AvgTone")
    + tuple(f"Actor1Geo_{c}" for c in _GEO) + tuple(f"Actor2Geo_{c}" for c in _GEO) + tuple(f"ActionGeo_{c}" for c in _GEO)
    + ("DATEADDED", "SOURCEURL")
)
assert len(COLUMNS) == 61
MATCH_COLUMNS = ("EventCode", "EventBaseCode", "EventRootCode", "QuadClass", "IsRootEvent", "Actor1Type1Code",
                 "Actor2Type1Code")
NUMBERS = ("GoldsteinScale", "NumMentions", "NumSources", "NumArticles", "AvgTone")


def parse_sqldate(text: str) -> _dt.date:
    t = text.strip()
    if len(t) != 8 or not (t.isascii() and t.isdigit()):  # isdigit alone: Arabic-Indic digits too
        raise ValueError(f"{text!r} is not a date (expected YYYYMMDD)")
    try:
        return _dt.date(int(t[:4]), int(t[4:6]), int(t[6:]))
    except ValueError:
        raise ValueError(f"{text!r} is not a real date") from None


def read(path: str | Path, names: frozenset[str], counts: Counts) -> Iterator[Row | BadRow]:
    """The events whose target (Actor2CountryCode) is the country named by any of ``names``, and every bad row."""
    file = str(path)
    for line, rec, bad in csv_records(path, delimiter="\t", header=False, columns=COLUMNS):
        counts.rows += 1
        if bad is not None:
            counts.bad += 1
            yield bad
            continue
        assert rec is not None
        if rec["Actor2CountryCode"].strip().lower() not in names:
            counts.other += 1
            continue
        column = ""
        try:
            column = "GLOBALEVENTID"
            row_id = rec["GLOBALEVENTID"].strip()
            if not row_id.isdigit():
                raise ValueError(f"{row_id!r} is not an event id")
            column = "SQLDATE"
            date = parse_sqldate(rec["SQLDATE"])
            numbers = {}
            for column in NUMBERS:
                v = rec[column].strip()
                numbers[column] = float(v) if v else 0.0
                if not math.isfinite(numbers[column]):  # float() reads 'inf', 'nan', '1e400'
                    raise ValueError(f"{v!r} is not a finite number")
            column = "DATEADDED"
            added = rec["DATEADDED"].strip()
            published = parse_sqldate(added[:8]) if added else None
        except ValueError as exc:
            counts.bad += 1
            message = str(exc) if "not" in str(exc) else f"{rec.get(column, '')!r}: {exc}"
            yield BadRow(file, line, column, message)
            continue
        actor1 = rec["Actor1CountryCode"].strip()
        actors = tuple(a for a in (actor1, rec["Actor1Name"].strip(), rec["Actor2CountryCode"].strip(),
                                   rec["Actor2Name"].strip()) if a)
        url = rec["SOURCEURL"].strip()
        summary = (f"GDELT: CAMEO event {rec['EventCode'].strip()} by {rec['Actor1Name'].strip() or actor1 or 'unknown'} "
                   f"against {rec['Actor2Name'].strip() or rec['Actor2CountryCode'].strip()}"
                   f" ({int(numbers['NumMentions'])} mentions, Goldstein {numbers['GoldsteinScale']:g}).")
        yield Row(row_id=row_id, line=line, date=date, precision=1, window_days=0,
                  fields={c: rec[c].strip() for c in MATCH_COLUMNS}, actors=(actor1,) + actors[1:] if actor1 else actors,
                  fatalities=None, citation=url, summary=summary, published=published, numbers=numbers)
