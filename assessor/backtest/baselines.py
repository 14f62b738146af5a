"""Naive baselines: what a reader could predict from one or two facts, scored on the same days.

A model earns its complexity only by beating these.  Each baseline reads the
day's facts of the record as it was known that day (the same facts the rules
read) and gives a score; higher is more risk.  Their scores take a few values,
so their AUC counts many ties as half.

- ``border_no_alliance`` — (a) a land border with a hostile state and no
  alliance membership;
- ``plus_conflict`` — (a) plus one for an unsettled or past conflict with a
  hostile state (an occupation, a frozen conflict, a ceasefire, a territorial
  dispute, or any conflict or attack in the record before the day);
- ``no_nato_us_treaty`` — a land border with a hostile state and neither NATO
  membership nor a mutual defence treaty with the United States in force
  (the "two facts" of issue 16);
- ``persistence`` — force was used against the country in the last N years
  (an onset of the outcomes file, or a conflict or attack of the record).
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from assessor.derive import Deriver

# Baseline (c)'s protectors, as issue 16 states it: an alliance (by the name a profile tracks)
# and a state whose mutual defence treaty counts. Part of the baseline's definition, not of the model.
PROTECTOR_ALLIANCE = "NATO"
PROTECTOR_STATE = "United States"
PERSISTENCE_YEARS = 5


@dataclass(frozen=True)
class Day:
    """What a baseline may read about one country-day."""

    day: _dt.date
    facts: dict  # the record's facts that day (as known that day)
    deriver: Deriver  # the record, indexed (as known that day)
    past_force: Sequence[_dt.date]  # days force was used against the country, ascending


def _hostile_border(d: Day) -> bool:
    return float(d.facts.get("hostile_border_km") or 0) > 0


def _in_alliance(d: Day) -> bool:
    return d.facts.get("status") == "member"


def border_no_alliance(d: Day) -> float:
    return float(_hostile_border(d) and not _in_alliance(d))


def _conflict_history(d: Day) -> bool:
    f = d.facts
    if any(f.get(k) for k in ("at_war", "ceasefire", "occupied", "frozen_conflict", "territorial_dispute")):
        return True
    return any(x < d.day for x in d.past_force)


def plus_conflict(d: Day) -> float:
    return border_no_alliance(d) + float(_conflict_history(d))


def _us_treaty(d: Day) -> bool:
    o = d.day.toordinal()
    return any(e.get("type") == "mutual_defence_treaty" and PROTECTOR_STATE in e.names("party")
               and start <= o and (end is None or o < end) for e, start, end in d.deriver.agreements)


def no_nato_us_treaty(d: Day) -> float:
    nato = _in_alliance(d) and d.deriver.profile.alliance == PROTECTOR_ALLIANCE
    return float(_hostile_border(d) and not nato and not _us_treaty(d))


def days_before(day: _dt.date, days: int) -> _dt.date | None:
    """``days`` before ``day``, or None before the calendar's first day (an onset in year 1 has no lead)."""
    return day - _dt.timedelta(days=days) if (day - _dt.date.min).days >= days else None


def persistence(years: int = PERSISTENCE_YEARS) -> Callable[[Day], float]:
    def score(d: Day) -> float:
        since = days_before(d.day, round(365.25 * years)) or _dt.date.min
        return float(any(since <= x < d.day for x in d.past_force))
    return score


def baselines(persistence_years: int = PERSISTENCE_YEARS) -> dict[str, tuple[str, Callable[[Day], float]]]:
    """Name -> (description, score function), in the order reports show them."""
    return {
        "border_no_alliance": ("(a) hostile border, no alliance", border_no_alliance),
        "plus_conflict": ("(b) (a) + unsettled/past conflict", plus_conflict),
        "no_nato_us_treaty": ("(c) hostile border, no NATO/US treaty", no_nato_us_treaty),
        "persistence": (f"(d) force used in the last {persistence_years} year{'s' * (persistence_years != 1)}",
                        persistence(persistence_years)),
    }


def record_force_days(deriver: Deriver) -> list[_dt.date]:
    """Days the record shows force used against the country: the start of an armed conflict or
    occupation, an attributed attack; in format 2.1 also a broken ceasefire and the first and
    last day of a campaign of deadly clashes (an unended one: its first day)."""
    out = []
    for e in deriver.profile.events:
        if e.kind == "conflict" and e.get("type") in ("armed_conflict", "occupation"):
            out.append(e.date)
            out += [c["broken"] for c in e.get("ceasefires") or () if c.get("broken") is not None]
        elif (e.kind == "threat" and e.get("type") == "attack"
              and e.get("attribution", "established") == "established"):
            out.append(e.date)
        elif e.kind == "campaign" and e.get("type") == "clashes" and e.get("fatalities"):
            out += [e.date] + ([e.get("end")] if e.get("end") else [])
    return sorted(out)
