"""UCDP Georeferenced Event Dataset (GED) CSV files, read as :class:`~assessor.importers.Row`.

Columns as in the UCDP GED Codebook (versions 19.1 to 25.1; the global CSV,
e.g. ``GEDEvent_v25_1.csv``): ``id, relid, year, active_year, code_status,
type_of_violence, conflict_dset_id, conflict_new_id, conflict_name,
dyad_dset_id, dyad_new_id, dyad_name, side_a_dset_id, side_a_new_id, side_a,
side_b_dset_id, side_b_new_id, side_b, number_of_sources, source_article,
source_office, source_date, source_headline, source_original, where_prec,
where_coordinates, where_description, adm_1, adm_2, latitude, longitude,
geom_wkt, priogrid_gid, country, country_id, region, event_clarity, date_prec,
date_start, date_end, deaths_a, deaths_b, deaths_civilians, deaths_unknown,
best, high, low``.  Only the columns in :data:`REQUIRED` must be there.

``type_of_violence``: 1 state-based conflict, 2 non-state conflict, 3
one-sided violence.  ``date_start``/``date_end`` bound the event (written
``2022-02-24`` or ``2022-02-24 00:00:00.000``); ``date_prec`` 1 is the exact
day and 5 the year; the import looks for a duplicate anywhere from start to
end.  ``best`` is the best estimate of deaths.  The GED has no upload date:
``source_date`` (the first report's date) is the provenance date.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Iterator
from pathlib import Path

from assessor.importers import BadRow, Counts, Row, country_records, iso_day, parse_int, strip_parenthetical
from assessor.spec import LINE_BREAKS

DATASET = "UCDP GED"
REQUIRED = ("id", "type_of_violence", "side_a", "side_b", "country", "date_prec", "date_start", "date_end", "best",
            "source_article")
MATCH_COLUMNS = ("type_of_violence", "conflict_name", "dyad_name", "side_a", "side_b", "where_prec", "event_clarity")
NUMBERS = ("best",)  # numeric columns a rule's at_least may name


def parse_date(text: str) -> _dt.date:
    t = text.strip()
    head = t[:10]
    if len(t) > 10 and t[10] not in " T":
        raise ValueError(f"{text!r} is not a date (expected 2022-02-24 or 2022-02-24 00:00:00.000)")
    try:
        return iso_day(head)
    except ValueError:
        raise ValueError(f"{text!r} is not a date (expected 2022-02-24 or 2022-02-24 00:00:00.000)") from None


def read(path: str | Path, names: frozenset[str], counts: Counts) -> Iterator[Row | BadRow]:
    """The rows of the country named by any of ``names`` (lower case), and every bad row."""
    file = str(path)
    for item in country_records(path, REQUIRED, counts, lambda rec: strip_parenthetical(rec["country"]).lower() in names):
        if isinstance(item, BadRow):
            yield item
            continue
        line, rec = item
        column = ""
        try:
            row_id = rec["id"].strip()
            if not row_id:
                column = "id"
                raise ValueError("empty")
            if LINE_BREAKS.search(row_id):  # it names the event in the profile's provenance, one line
                column = "id"
                raise ValueError(f"{row_id!r} holds a line break, not one id")
            column = "date_start"
            start = parse_date(rec["date_start"])
            column = "date_end"
            end = parse_date(rec["date_end"])
            if end < start:
                raise ValueError(f"{end} is before date_start {start}")
            column = "date_prec"
            precision = int(rec["date_prec"].strip() or "1")
            if not 1 <= precision <= 5:
                raise ValueError(f"{precision} is not 1..5")
            column = "best"
            best = parse_int(rec["best"])
            published = None
            if rec.get("source_date", "").strip():
                column = "source_date"
                published = parse_date(rec["source_date"].split(";")[0])
        except ValueError as exc:
            counts.bad += 1
            yield BadRow(file, line, column, str(exc) if "not" in str(exc) or "before" in str(exc)
                         else f"{rec.get(column, '')!r}: {exc}")
            continue
        actors = tuple(a for a in (rec["side_a"].strip(), rec["side_b"].strip()) if a)
        office = rec.get("source_office", "").strip()
        citation = " ".join(rec["source_article"].split()) + (f" (offices: {office})" if office else "")
        headline = " ".join(rec.get("source_headline", "").split())
        summary = (f"UCDP GED: {rec.get('dyad_name', '').strip() or ' vs '.join(actors)}, "
                   f"{best if best is not None else 'unknown'} deaths (best estimate)"
                   + (f"; reported as: {headline}" if headline else "") + ".")
        yield Row(row_id=row_id, line=line, date=start, precision=precision, window_days=(end - start).days,
                  fields={c: rec.get(c, "").strip() for c in MATCH_COLUMNS}, actors=actors, fatalities=best,
                  citation=citation, summary=summary, published=published, numbers={NUMBERS[0]: float(best or 0)})
