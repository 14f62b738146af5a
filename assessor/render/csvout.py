"""CSV reporter: RFC 4180 via the standard library, ``\\n`` line endings."""

from __future__ import annotations

import csv
import io



def _table(header, rows) -> str:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(header)
    w.writerows(rows)
    return buf.getvalue()


def timeline(points, **_) -> str:
    return _table(["country", "date", "score", "level"], ([p.country, p.date.isoformat(), p.score, p.level] for p in points))


def assessments(items, ruleset, **_) -> str:
    return _table(["country", "date", "score", "level"], ([a.profile.id, a.date.isoformat(), a.score, a.level] for a in items))

