"""Reports: one JSON-ready document per run, which every report format renders.

The document carries everything a reader of the HTML or Markdown sees — the
timeline behind the chart, key events and key moments, the breakdown at the
assessment date with its evidence, counterfactuals, data completeness, the
sources and the provenance — so the JSON format is that document as it is,
and the other formats cannot show anything the JSON lacks.

Only ``provenance.generated`` depends on the clock: two runs of the same
command on the same inputs give the same document apart from that field.
"""

from __future__ import annotations

import contextlib
import datetime as _dt
import os
from collections.abc import Callable, Sequence
from contextlib import AbstractContextManager

from assessor import explain
from assessor import serialize as data
from assessor.assess import MAX_DATES, Assessor, Point, dates_between
from assessor.errors import AssessorError
from assessor.model import Profile, RuleSet

# A progress bar factory: given the total work, a context manager whose value
# has ``update(n)`` (``click.progressbar(length=total)`` is one).
ProgressBar = Callable[[int], AbstractContextManager]


class _Silent:
    def update(self, n: int) -> None:
        pass


def _silent(total: int) -> AbstractContextManager:
    return contextlib.nullcontext(_Silent())


def default_period(profiles: Sequence[Profile], start: _dt.date | None, end: _dt.date | None,
                   date: _dt.date | None, today: _dt.date | None = None) -> tuple[_dt.date, _dt.date, _dt.date]:
    """Fill in what the user left out: ``--from`` is the start of the earliest
    record, ``--to`` is ``--date`` or else the end of the latest record (but
    not after today), and ``--date`` is ``--to`` — so by default the report
    spans what the profiles cover and explains its last day."""
    today = today or _dt.date.today()
    start = start or min(p.covers_from for p in profiles)
    end = end or date or min(today, max(p.covers_to for p in profiles))
    return start, end, date or end


def check_period(start: _dt.date, end: _dt.date, step: str = "week") -> None:
    """Raise ValueError (a usage error) for a period no report can cover: one
    its chart cannot draw, or more than :data:`~assessor.assess.MAX_DATES`
    days (key moments are found by scanning every day, whatever the step)."""
    from assessor.render.chart import FIRST_DAY, LAST_DAY

    if start < FIRST_DAY or end > LAST_DAY:
        raise ValueError(f"a report covers dates from {FIRST_DAY} to {LAST_DAY} (the limits of its chart); "
                         f"{start}..{end} is outside")
    days = (end - start).days + 1
    if days > MAX_DATES:
        raise ValueError(f"{start}..{end} is {days:,} days; a report scans every day for key moments and "
                         f"stops at {MAX_DATES:,}: choose a shorter range")
    dates_between(start, end, step)  # the timeline's own limit


def levels(ruleset: RuleSet) -> list[dict]:
    """The level bands as ranges, for shading a chart and reading a score."""
    out = []
    for i, lv in enumerate(ruleset.levels):
        top = ruleset.levels[i + 1].start if i + 1 < len(ruleset.levels) else ruleset.maximum
        out.append({"name": lv.name, "from": lv.start, "to": top})
    return out


def chart_data(assessor: Assessor, profiles: Sequence[Profile], points: Sequence[Point],
               date: _dt.date | None = None) -> dict:
    """What a chart needs: bounds, level bands, and each country's timeline and
    key events over the span of ``points``.  A report is this plus the rest.

    Each timeline also gets a point on the day of each key event, so the line
    jumps on the day the event happened, not at the next step of the timeline.
    """
    start, end = min(p.date for p in points), max(p.date for p in points)
    rs = assessor.ruleset
    countries = []
    for p in profiles:
        events = explain.key_events(p, start, end)
        own = {pt.date: pt for pt in points if pt.country == p.id}
        extra = sorted({_dt.date.fromisoformat(e["date"]) for e in events} - set(own))
        own.update((pt.date, pt) for pt in assessor.timeline(p, extra))
        countries.append({
            "id": p.id,
            "name": p.name,
            "timeline": [{k: v for k, v in data.point(own[d]).items() if k != "country"} for d in sorted(own)],
            "key_events": events,
        })
    return {
        "date": date.isoformat() if date else None,
        "bounds": {"min": rs.minimum, "max": rs.maximum},
        "levels": levels(rs),
        "countries": countries,
    }


def title(profiles: Sequence[Profile]) -> str:
    names = [p.name for p in profiles]
    joined = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
    return f"Deterrence risk report: {joined}"


def build(assessor: Assessor, profiles: Sequence[Profile], start: _dt.date, end: _dt.date, date: _dt.date,
          step: str = "week", command: str = "", progress: ProgressBar | None = None) -> dict:
    """Assemble the report document for ``profiles`` from ``start`` to ``end``,
    explained on ``date``.  ``command`` is recorded in the provenance;
    ``progress`` gets one tick per date scored (see :data:`ProgressBar`)."""
    if not profiles:
        raise ValueError("a report needs at least one country")
    dates = dates_between(start, end, step)
    if dates[-1] != end:  # the chart runs to the last day asked for
        dates.append(end)
    scan_days = (end - start).days + 1
    rs = assessor.ruleset
    with (progress or _silent)(len(profiles) * (len(dates) + scan_days + 1)) as bar:
        points = []
        for p in profiles:
            for pt in assessor.timeline(p, dates):
                points.append(pt)
                bar.update(1)
        doc = chart_data(assessor, profiles, points, date)
        countries = []
        for p, drawn in zip(profiles, doc["countries"]):
            moments = explain.key_moments(assessor, p, start, end)
            bar.update(scan_days)
            countries.append({
                "id": p.id, "name": p.name, "alliance": p.alliance, "adversary": p.adversary,
                "covers": {"from": p.covers_from.isoformat(), "to": p.covers_to.isoformat()},
                "timeline": drawn["timeline"], "key_events": drawn["key_events"], "key_moments": moments,
                "assessment": explain.explanation(assessor, assessor.assess(p, date)),
            })
            bar.update(1)
    out = {
        "title": title(profiles),
        "period": {"from": start.isoformat(), "to": end.isoformat(), "step": step},
        "date": date.isoformat(),
        "ruleset": {**data.ruleset_ref(rs), "description": " ".join(rs.description.split())},
        "bounds": doc["bounds"],
        "levels": doc["levels"],
        "countries": countries,
    }
    out["sources"] = sources(out)
    out["provenance"] = provenance(assessor, profiles, command)
    return out


def sources(doc) -> list[dict]:
    """Every source cited anywhere in ``doc``, once, in a fixed order
    (publisher, title, date, address); each citation in ``doc`` gains the
    ``ref`` (S1, S2, …) of its entry so a reader can jump to it."""
    found: list[dict] = []

    def walk(node) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                if key == "source" and isinstance(value, dict):
                    found.append(value)
                else:
                    walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    walk(doc)
    key = lambda s: (s["publisher"].lower(), s["title"].lower(), s["date"], s.get("url", ""))  # noqa: E731
    unique = sorted({key(s): s for s in found}.values(), key=key)
    refs = {key(s): f"S{i}" for i, s in enumerate(unique, 1)}
    for s in found:
        s["ref"] = refs[key(s)]
    return [dict(s) for s in unique]


# The last second a datetime can hold, as seconds since 1970.
_MAX_EPOCH = int(_dt.datetime(9999, 12, 31, 23, 59, 59, tzinfo=_dt.timezone.utc).timestamp())


def source_date_epoch() -> _dt.datetime | None:
    """``SOURCE_DATE_EPOCH`` as a UTC time, ``None`` when unset or blank.

    Anything but whole seconds from 0 to the end of year 9999 is a clear
    error (exit 2), never a traceback: a build that asks for a fixed time and
    silently gets the clock would not be reproducible.
    """
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if not epoch:
        return None
    shown = epoch if len(epoch) <= 24 else epoch[:20] + f"… ({len(epoch):,} characters)"
    if not (epoch.isascii() and epoch.isdigit()) or len(epoch) > 12 or int(epoch) > _MAX_EPOCH:
        raise AssessorError(f"SOURCE_DATE_EPOCH must be whole seconds since 1970 (0 to {_MAX_EPOCH}, "
                            f"the end of year 9999), not {shown!r}")
    return _dt.datetime.fromtimestamp(int(epoch), _dt.timezone.utc)


def provenance(assessor: Assessor, profiles: Sequence[Profile], command: str) -> dict:
    """What produced the report, so a reader can check or reproduce it.  The
    generation time honours SOURCE_DATE_EPOCH (reproducible builds)."""
    now = source_date_epoch() or _dt.datetime.now(_dt.timezone.utc)
    return {
        **assessor.provenance(),
        "profiles": [{"id": p.id, "file": os.path.basename(p.path), "sha256": p.sha256} for p in profiles],
        "command": command,
        "generated": now.replace(microsecond=0).isoformat(),
    }
