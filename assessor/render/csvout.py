"""CSV reporter: RFC 4180 via the standard library, ``\\n`` line endings.

Cells keep their text, but a text cell a spreadsheet would read as a formula
(starting with ``= + - @``) gets a leading apostrophe, and control characters
are shown as escapes (see :func:`assessor.render.safe.csv_cell`).
"""

from __future__ import annotations

import csv
import io

from assessor import serialize as data
from assessor.render.safe import csv_cell


def _table(header, rows) -> str:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow([csv_cell(h) for h in header])  # headers hold level names from a rule file: escaped as cells are
    # A text repeats down a column (a country, a level, a date of several countries): it is made
    # safe once per table, not once per row (a daily timeline has thousands of rows); numbers
    # pass as they are (see csv_cell).
    safe: dict[str, str] = {}

    def first(v: str) -> str:
        c = safe[v] = csv_cell(v)
        return c

    w.writerows([v if not isinstance(v, str) else safe[v] if v in safe else first(v) for v in row] for row in rows)
    return buf.getvalue()


def _band_columns(bands) -> list[str]:
    if bands is None:
        return []
    first = next(iter(bands.values()))
    return ["samples", "seed", "p5", "median", "p95", *(f"p_{name}" for name in first.levels), "inputs_sha256"]


def _band_cells(bands, key, seed: int) -> list:
    if bands is None:
        return []
    b = bands[key]
    return [b.samples, seed, b.p5, b.median, b.p95, *b.levels.values(), b.inputs_sha256]


def _scenario(scenarios) -> tuple[list[str], list[str]]:
    """The last column of rows made under scenarios (:func:`serialize.scenario_label`), none without: a CSV
    copied on its own still says its scores are a what-if."""
    label = data.scenario_label(scenarios)
    return (["scenario"], [label]) if label is not None else ([], [])


def timeline(points, bands=None, seed: int = 0, scenarios=(), **_) -> str:
    head, cells = _scenario(scenarios)
    header = ["country", "date", "score", "structural", "warning", "level", "covered", *_band_columns(bands), *head]
    if bands is None and not cells:  # the rows of a daily timeline without samples, written without the band cells' call
        # the date as a date: csv writes str(date), its ISO text, which needs no escaping (a text is made safe first)
        return _table(header, ([p.country, p.date, p.score, p.structural, p.warning, p.level,
                                str(p.covered).lower()] for p in points))
    return _table(header, ([p.country, p.date.isoformat(), p.score, p.structural, p.warning, p.level, str(p.covered).lower(),
                            *_band_cells(bands, (p.country, p.date), seed), *cells] for p in points))


def assessments(items, ruleset, bands=None, seed: int = 0, **_) -> str:
    head, cells = _scenario(data.scenarios(ruleset))
    return _table(["country", "date", "score", "structural", "warning", "level", "covered", *_band_columns(bands), *head],
                  ([a.profile.id, a.date.isoformat(), a.score, a.structural, a.warning, a.level, str(a.covered).lower(),
                    *_band_cells(bands, (a.profile.id, a.date), seed), *cells] for a in items))

