"""CSV reporter: RFC 4180 via the standard library, ``\\n`` line endings.

Cells keep their text, but a text cell a spreadsheet would read as a formula
(starting with ``= + - @``) gets a leading apostrophe, and control characters
are shown as escapes (see :func:`assessor.render.safe.csv_cell`).
"""

from __future__ import annotations

import csv
import io

from assessor.render.safe import csv_cell


def _table(header, rows) -> str:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(header)
    w.writerows([csv_cell(v) for v in row] for row in rows)
    return buf.getvalue()


def timeline(points, **_) -> str:
    return _table(["country", "date", "score", "level", "covered"],
                  ([p.country, p.date.isoformat(), p.score, p.level, str(p.covered).lower()] for p in points))


def assessments(items, ruleset, **_) -> str:
    return _table(["country", "date", "score", "level", "covered"],
                  ([a.profile.id, a.date.isoformat(), a.score, a.level, str(a.covered).lower()] for a in items))

