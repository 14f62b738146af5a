"""Backtest: would the scores have warned before force was used?

For a file of dated onsets (attacks, armed conflicts, invasions, occupations;
each sourced) the backtest scores each country on the days before each onset
with only the record up to that day — derive never reads an event after the
date it is asked about, so nothing leaks from the onset into the scores.

It reports, per onset, the score and level 7, 30, 90 and 180 days before and
the lead time (how many days the level had been at the alarm level, *high* by
default, without a break when force was used); over every other covered
country-day, the share at the alarm level or above (false alarms); and the
ROC AUC of the score as a predictor of an onset within the next 90 days.

Days on which force is already being used against the country (an armed
conflict going on, an attack in the last 90 days) are neither alarms nor
quiet days: the question there is no longer whether deterrence will fail.
They are left out of the false-alarm share and the AUC, and the report says
how many.
"""

from __future__ import annotations

import dataclasses
import datetime as _dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from assessor import spec, yamlsrc
from assessor.assess import Assessor, dates_between
from assessor.errors import AssessorError, Problem
from assessor.model import Source

LEADS = (7, 30, 90, 180)
HORIZON_DAYS = 90
ONSET_KINDS = ("attack", "armed_conflict", "invasion", "occupation")


def default_path() -> Path:
    return Path(__file__).resolve().parent / "data" / "outcomes.yaml"


@dataclass(frozen=True)
class Onset:
    country: str
    date: _dt.date
    kind: str
    summary: str
    source: Source
    line: int
    file: str = ""


@dataclass
class OnsetResult:
    onset: Onset
    before: dict  # days before -> (score, level) or None outside the record
    lead_days: int | None  # days at or above the alarm level up to the onset (None: not at it the day before)


@dataclass
class Backtest:
    alarm: str
    onsets: list[OnsetResult]
    false_alarm_days: int
    quiet_days: int
    in_use_days: int
    auc: float | None
    positives: int
    negatives: int
    countries: list[str] = field(default_factory=list)

    @property
    def false_alarm_share(self) -> float | None:
        return self.false_alarm_days / self.quiet_days if self.quiet_days else None


def load_outcomes(path: str | Path | None = None) -> list[Onset]:
    """The onsets of an outcomes file (default: the bundled one), every problem located."""
    doc = yamlsrc.read(Path(path) if path else default_path())
    problems: list[Problem] = spec.check(doc, spec.OUTCOMES)
    if problems:
        from assessor.errors import InputError

        raise InputError(problems)
    out = []
    for i, o in enumerate(doc.data["outcomes"]):
        s = o["source"]
        src = Source(s["publisher"], s["title"], _dt.date.fromisoformat(s["date"]), s.get("url"), s.get("kind"))
        out.append(Onset(o["country"], _dt.date.fromisoformat(o["date"]), o["kind"], o["summary"], src,
                         doc.loc(("outcomes", i))[0], doc.file))
    return out


def auc(scores: Sequence[float], labels: Sequence[bool]) -> float | None:
    """Area under the ROC curve: the chance that a random positive day scores
    above a random negative one (ties count half) — the Mann-Whitney U
    statistic over n⁺·n⁻.  Ten lines, so no statistics library is pulled in."""
    pairs = sorted(zip(scores, labels))
    pos = sum(1 for _, y in pairs if y)
    neg = len(pairs) - pos
    if not pos or not neg:
        return None
    rank_sum, i = 0.0, 0
    while i < len(pairs):
        j = i
        while j < len(pairs) and pairs[j][0] == pairs[i][0]:
            j += 1
        mid = (i + 1 + j) / 2  # average rank of the tie group (ranks are 1-based)
        rank_sum += mid * sum(1 for _, y in pairs[i:j] if y)
        i = j
    return (rank_sum - pos * (pos + 1) / 2) / (pos * neg)


def run(assessor: Assessor, onsets: Sequence[Onset], alarm: str = "high") -> Backtest:
    rs = assessor.ruleset
    if alarm not in [lv.name for lv in rs.levels]:
        raise AssessorError(f"the rule set has no level {alarm!r} (levels: {', '.join(lv.name for lv in rs.levels)})")
    floor = rs.level_index(alarm)
    known = assessor.profiles.profiles
    problems: list[Problem] = []
    resolved: list[Onset] = []
    for o in onsets:
        try:
            p = assessor.profiles.resolve(o.country)
        except AssessorError as exc:
            problems.append(Problem(o.file, o.line, 0, "error", str(exc).split("; looked in")[0], "unknown-profile"))
            continue
        if not p.covers_from <= o.date <= p.covers_to:
            problems.append(Problem(o.file, o.line, 0, "error", f"{o.date} lies outside the period the {p.name} record "
                                    f"covers ({p.covers_from} to {p.covers_to}): nothing before it can be scored",
                                    "outside-record"))
            continue
        resolved.append(dataclasses.replace(o, country=p.id))
    seen: set = set()
    for o in resolved:
        if (o.country, o.date) in seen:
            problems.append(Problem(o.file, o.line, 0, "error", f"{o.country} {o.date} is listed twice", "duplicate-onset"))
        seen.add((o.country, o.date))
    if problems:
        from assessor.errors import InputError

        raise InputError(problems)
    onsets = resolved
    by_country: dict[str, list[Onset]] = {}
    for o in onsets:
        by_country.setdefault(o.country, []).append(o)
    results: list[OnsetResult] = []
    scores: list[float] = []
    labels: list[bool] = []
    false_alarms = quiet = in_use = 0
    for pid in sorted(known):
        p = known[pid]
        days = dates_between(p.covers_from, p.covers_to, "day")
        points = {pt.date: pt for pt in assessor.timeline(p, days)}
        deriver = assessor.deriver(p)
        mine = sorted(by_country.get(pid, []), key=lambda o: o.date)
        for d in days:
            facts = deriver.derive(d, evidence=False).values
            if facts.get("at_war") or facts.get("attacked"):
                in_use += 1
                continue
            soon = any(0 < (o.date - d).days <= HORIZON_DAYS for o in mine)
            pt = points[d]
            scores.append(pt.score)
            labels.append(soon)
            if not soon:
                quiet += 1
                false_alarms += rs.level_index(pt.level) >= floor
        for o in mine:
            before: dict = {}
            for k in LEADS:
                day = o.date - _dt.timedelta(days=k)
                if p.covers_from <= day:
                    a = assessor.assess(p, day)
                    before[k] = (a.score, a.level)
                else:
                    before[k] = None
            results.append(OnsetResult(o, before, _lead(rs, points, p, o.date, floor)))
    return Backtest(alarm, sorted(results, key=lambda r: (r.onset.date, r.onset.country)), false_alarms, quiet, in_use,
                    auc(scores, labels), sum(labels), len(labels) - sum(labels), sorted(known))


def _lead(rs, points: dict, profile, onset: _dt.date, floor: int) -> int | None:
    """Days the level had been at ``floor`` or above, without a break, on the eve of the onset
    (read from the country's daily timeline, already scored)."""
    day, n = onset - _dt.timedelta(days=1), 0
    while day >= profile.covers_from:
        if rs.level_index(points[day].level) < floor:
            break
        n += 1
        day -= _dt.timedelta(days=1)
    return n or None


def to_dict(b: Backtest) -> dict:
    return {
        "alarm_level": b.alarm,
        "horizon_days": HORIZON_DAYS,
        "onsets": [{
            "country": r.onset.country, "date": r.onset.date.isoformat(), "kind": r.onset.kind,
            "summary": r.onset.summary, "source": r.onset.source.to_dict(),
            "before": {str(k): (None if v is None else {"score": v[0], "level": v[1]}) for k, v in r.before.items()},
            "lead_days": r.lead_days,
        } for r in b.onsets],
        "false_alarms": {"days_at_or_above_alarm": b.false_alarm_days, "quiet_days": b.quiet_days,
                         "share": None if b.false_alarm_share is None else round(b.false_alarm_share, 4)},
        "days_force_in_use": b.in_use_days,
        "auc": None if b.auc is None else round(b.auc, 4),
        "auc_days": {"positive": b.positives, "negative": b.negatives},
        "countries": b.countries,
    }
