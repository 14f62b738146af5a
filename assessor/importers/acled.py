"""ACLED CSV exports (Armed Conflict Location & Event Data), read as :class:`~assessor.importers.Row`.

Two column layouts are read, told apart by the header:

* the current one (ACLED Codebook, 2023 onwards; the export tool and API since
  March 2023): ``event_id_cnty, event_date, year, time_precision,
  disorder_type, event_type, sub_event_type, actor1, assoc_actor_1, inter1,
  actor2, assoc_actor_2, inter2, interaction, civilian_targeting, iso, region,
  country, admin1, admin2, admin3, location, latitude, longitude,
  geo_precision, source, source_scale, notes, fatalities, tags, timestamp``;
* the earlier one (ACLED Codebook 2019–2022): ``data_id, iso,
  event_id_cnty, event_id_no_cnty, event_date, year, time_precision,
  event_type, sub_event_type, actor1, assoc_actor_1, inter1, actor2,
  assoc_actor_2, inter2, interaction, region, country, admin1, admin2, admin3,
  location, latitude, longitude, geo_precision, source, source_scale, notes,
  fatalities, timestamp, iso3`` (no ``disorder_type``, ``civilian_targeting``
  or ``tags``).

Only the columns below are required; the others are carried or ignored, so a
column ACLED adds later does not break the reader.  ``event_date`` is ISO
(``2023-02-16``, the codebook's "Year-Month-Day") in current exports and
``16 February 2023`` in older ones and in some export-tool files; both are
read.  ``time_precision``: 1 the day is known, 2 the week (the middle of it is
coded), 3 the month (the middle of it) — so a duplicate is looked for that far
either side.  ``timestamp`` is the Unix time the row was last uploaded: the
row's publication date in its provenance.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Iterator
from pathlib import Path

from assessor.importers import BadRow, Counts, Row, country_records, iso_day, parse_int
from assessor.spec import LINE_BREAKS

DATASET = "ACLED"
REQUIRED = ("event_id_cnty", "event_date", "time_precision", "event_type", "sub_event_type", "actor1", "actor2",
            "country", "source", "notes", "fatalities")
WINDOW = {1: 0, 2: 3, 3: 15}  # time_precision -> days either side of the coded date
MATCH_COLUMNS = ("event_type", "sub_event_type", "disorder_type", "inter1", "inter2", "interaction",
                 "civilian_targeting", "source_scale", "location", "admin1")
NUMBERS = ("fatalities",)  # numeric columns a rule's at_least may name
_MONTH_FORMATS = ("%d %B %Y", "%d-%B-%Y", "%d %b %Y")


def parse_date(text: str) -> _dt.date:
    t = text.strip()
    try:
        return iso_day(t)
    except ValueError:
        pass
    for fmt in _MONTH_FORMATS:
        try:
            return _dt.datetime.strptime(t, fmt).date()
        except ValueError:
            continue
    raise ValueError(f"{text!r} is not a date (expected 2023-02-16 or 16 February 2023)")


def matches_country(rec: dict[str, str], names: frozenset[str]) -> bool:
    return rec["country"].strip().lower() in names or rec.get("iso3", "").strip().lower() in names


def read(path: str | Path, names: frozenset[str], counts: Counts) -> Iterator[Row | BadRow]:
    """The rows of the country named by any of ``names`` (lower case), and every bad row."""
    file = str(path)
    for item in country_records(path, REQUIRED, counts, lambda rec: matches_country(rec, names)):
        if isinstance(item, BadRow):
            yield item
            continue
        line, rec = item
        row_id = rec["event_id_cnty"].strip()
        try:
            if not row_id:
                raise _Bad("event_id_cnty", "empty")
            if LINE_BREAKS.search(row_id):  # it names the event in the profile's provenance, one line
                raise _Bad("event_id_cnty", f"{row_id!r} holds a line break")
            date = _field("event_date", parse_date, rec)
            precision = _field("time_precision", lambda v: int(v.strip() or "1"), rec)
            if precision not in WINDOW:
                raise _Bad("time_precision", f"{precision} is not 1, 2 or 3")
            fatalities = _field("fatalities", parse_int, rec)
            published = None
            if rec.get("timestamp", "").strip():
                published = _field("timestamp", lambda v: _dt.datetime.fromtimestamp(int(float(v)), _dt.timezone.utc).date(),
                                   rec)
        except _Bad as exc:
            counts.bad += 1
            yield BadRow(file, line, exc.column, exc.message)
            continue
        actors = tuple(a for a in (rec["actor1"].strip(), rec.get("assoc_actor_1", "").strip(),
                                   rec["actor2"].strip(), rec.get("assoc_actor_2", "").strip()) if a)
        notes = " ".join(rec["notes"].split())
        scale = rec.get("source_scale", "").strip()
        citation = rec["source"].strip() + (f" (source scale: {scale})" if scale else "")
        yield Row(row_id=row_id, line=line, date=date, precision=precision, window_days=WINDOW[precision],
                  fields={c: rec.get(c, "").strip() for c in MATCH_COLUMNS},
                  actors=actors, fatalities=fatalities, citation=citation,
                  summary=notes or f"{rec['event_type']}: {rec['sub_event_type']} ({', '.join(actors)}).",
                  published=published, numbers={NUMBERS[0]: float(fatalities or 0)})


class _Bad(Exception):
    def __init__(self, column: str, message: str):
        self.column, self.message = column, message


def _field(column: str, parse, rec: dict[str, str]):
    try:
        return parse(rec[column])
    except (ValueError, OverflowError, OSError) as exc:
        raise _Bad(column, str(exc) if "not" in str(exc) else f"{rec[column]!r}: {exc}") from None
