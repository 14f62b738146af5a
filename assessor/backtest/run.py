"""Run a backtest: score every evaluated country-day once, label it, measure, report as a dict.

Every metric — of the model and of each baseline — is computed on the same
country-days (see :func:`label_days`), so the numbers can be compared.
"""

from __future__ import annotations

import dataclasses
import datetime as _dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from assessor.assess import MAX_DATES, Assessor, dates_between
from assessor.backtest import metrics
from assessor.backtest.baselines import PERSISTENCE_YEARS, Day, baselines, days_before, record_force_days
from assessor.backtest.outcomes import (
    AFTERMATH_DAYS,
    ONSET_LEVELS,
    Onset,
    Outcomes,
    default_path,
    force_in_use,
    war_onsets,
)
from assessor.errors import AssessorError, InputError, Problem
from assessor.model import Profile

LEADS = (7, 30, 90, 180)
HORIZON_DAYS = 90
RECALLS = (0.5, 0.8)
RESAMPLES = 1000
SEED = 20261206
INTERVAL = 0.95
# fewer draws leave a 2.5 % tail of a 95 % interval without one draw: its ends are interpolated between the
# most extreme draws (said on stderr by the CLI); one draw is not an interval at all and is refused
FEW_RESAMPLES = 40
# The bootstrap's unit (run 69): a state's records (India 1959-1962, 1962-1966, 1968-1972 and 1996-2000) are not
# independent cases -- one rivalry, one army, one set of habits in the record -- so by default they are drawn
# together, as one cluster; "record" draws each record alone (runs 1-68).
CLUSTERS = ("state", "record")


@dataclass
class Options:
    alarm: str = "high"
    horizon: int = HORIZON_DAYS
    split_date: _dt.date | None = None
    resamples: int = RESAMPLES
    seed: int = SEED
    persistence_years: int = PERSISTENCE_YEARS
    include_unlisted: bool = False
    ceasefire_in_use: bool = False
    before_first_onset: bool = False  # a diagnostic (run 27): each country only up to its first listed onset
    onset_level: str = "force"  # "war": only war onsets, lesser force measured (run 68; outcomes.ONSET_LEVELS)
    cluster: str = "state"  # the bootstrap's unit: "state" (records of one state drawn together, run 69) or "record"
    burn_in: int = 0  # a diagnostic (run 73): leave out each record's first days (their warning baseline partial until run 74)

    def __post_init__(self) -> None:
        if self.cluster not in CLUSTERS:
            raise ValueError(f"cluster {self.cluster!r}: one of {', '.join(CLUSTERS)}")
        if self.onset_level not in ONSET_LEVELS:
            raise ValueError(f"onset level {self.onset_level!r}: one of {', '.join(ONSET_LEVELS)}")
        if self.burn_in < 0:
            raise ValueError(f"burn-in {self.burn_in}: a number of days, 0 or more")
        if self.resamples < 0 or self.resamples == 1:
            raise ValueError(f"resamples {self.resamples}: an interval needs at least 2 resamples "
                             f"({RESAMPLES:,} as usual), or 0 for point estimates without intervals")


@dataclass
class CountryDays:
    """One country's evaluated days, in date order, with everything measured on them."""

    country: str
    days: list[_dt.date] = field(default_factory=list)
    scores: list[float] = field(default_factory=list)
    levels: list[str] = field(default_factory=list)
    labels: list[bool] = field(default_factory=list)
    baselines: dict[str, list[float]] = field(default_factory=dict)
    structural: list[float] = field(default_factory=list)  # the two indices of each day (format 2.1)
    warning: list[float] = field(default_factory=list)


def knowable(profile: Profile) -> Profile:
    """The profile as it could be known on each day: events marked ``public: false`` (facts that
    were not public at the time) are dropped, so they never feed a backtest score."""
    hidden = [e for e in profile.events if e.get("public") is False]
    if not hidden:
        return profile
    return dataclasses.replace(profile, events=tuple(e for e in profile.events if e.get("public") is not False))


def state_of(profile: Profile) -> str:
    """The state a record stands for: its name as the registry knows it, the name before a record's period
    ("India (1959-1962)" → India), else, for a state the registry does not know, its name before any period
    ("West Berlin (1958-1962)" → West Berlin), so that two records of it are still one cluster."""
    from assessor import registry as registry_mod
    from assessor.world import named_apart

    reg = profile.registry or registry_mod.default()
    return reg.canonical(profile.name) or named_apart(profile, reg) or profile.name.split(" (")[0]


def _level(onsets: list[Onset], opt: Options) -> list[Onset]:
    """The onsets the run predicts: all of them, or (``onset_level`` war) those of a war."""
    return war_onsets(onsets) if opt.onset_level == "war" else onsets


def _warm(profile: Profile, opt: Options) -> _dt.date | None:
    """The record's first day ``--burn-in`` lets be measured (its first day without one); None when the burn-in
    runs past the calendar's last day, so no day of it is (days within the burn-in read a warning baseline that
    reaches back before the record began)."""
    if opt.burn_in > (_dt.date.max - profile.covers_from).days:
        return None
    return profile.covers_from + _dt.timedelta(days=opt.burn_in)


def _measured(onsets: list[Onset], opt: Options, warm: _dt.date | None = _dt.date.min) -> list[Onset]:
    """A country's onsets this run measures, as its onset rows do: of the level predicted, the first only with
    ``before_first_onset``, none before ``split_date`` (the countries' count had said all of them: Armenia's 24 with
    a split after its record, beside 0 evaluated days and no onset row), none inside the burn-in (``warm``:
    :func:`_warm`)."""
    mine = _level(sorted(onsets, key=lambda o: o.date), opt)[:1 if opt.before_first_onset else None]
    return [o for o in mine if (not opt.split_date or o.date >= opt.split_date) and warm is not None and o.date >= warm]


def _check(assessor: Assessor, outcomes: Outcomes) -> list[Onset]:
    problems: list[Problem] = []
    resolved: list[Onset] = []
    for o in outcomes.onsets:
        try:
            p = assessor.profiles.resolve(o.country)
        except AssessorError as exc:
            problems.append(Problem(o.file, o.line, 0, "error", str(exc).split("; looked in")[0], "unknown-profile"))
            continue
        if not p.covers_from <= o.date <= p.covers_to:
            # why it cannot count differs on each side: an onset after the record ends had been told 'nothing before
            # it can be scored', while the whole record before it can be
            why = ("nothing before it can be scored" if o.date < p.covers_from else
                   "no scored day can be followed by it (a day whose horizon runs past the record's end is left out)")
            problems.append(Problem(o.file, o.line, 0, "error", f"{o.date} lies outside the period the {p.name} record "
                                    f"covers ({p.covers_from} to {p.covers_to}): {why}", "outside-record"))
            continue
        resolved.append(dataclasses.replace(o, country=p.id))
    seen: set = set()
    for o in resolved:
        if (o.country, o.date) in seen:
            problems.append(Problem(o.file, o.line, 0, "error", f"{o.country} {o.date} is listed twice", "duplicate-onset"))
        seen.add((o.country, o.date))
    if problems:
        raise InputError(problems)
    return resolved


def _quiet_ids(assessor: Assessor, outcomes: Outcomes, onsets: list[Onset]) -> set[str]:
    out, problems = set(), []
    with_onsets = {o.country for o in onsets}
    for q in outcomes.quiet:
        try:
            pid = assessor.profiles.resolve(q.country).id
        except AssessorError as exc:
            problems.append(Problem(q.file, q.line, 0, "error", str(exc).split("; looked in")[0], "unknown-profile"))
            continue
        if pid in with_onsets:
            problems.append(Problem(q.file, q.line, 0, "error", f"{pid} is listed as quiet but has onsets in the file",
                                    "quiet-with-onsets"))
        elif pid in out:
            problems.append(Problem(q.file, q.line, 0, "error", f"{pid} is listed as quiet twice", "duplicate-id"))
        out.add(pid)
    if problems:
        raise InputError(problems)
    return out


def run(assessor: Assessor, outcomes: Outcomes | Sequence[Onset], alarm: str | None = None,
        options: Options | None = None) -> dict:
    """The whole backtest as a JSON-ready dict (see docs/backtest-method.md for every key)."""
    opt = options or Options()
    if alarm is not None:
        opt = dataclasses.replace(opt, alarm=alarm)
    if not isinstance(outcomes, Outcomes):
        outcomes = Outcomes(list(outcomes))
    rs = assessor.ruleset
    names = [lv.name for lv in rs.levels]
    if opt.alarm not in names:
        # "HIGH" for "high": a level is named by its word, as ruff's and yamllint's choices are, so a different
        # case is the same name when exactly one level matches it.
        folded = [n for n in names if n.casefold() == str(opt.alarm).casefold()]
        if len(folded) > 1:  # a rule set built in code (a rule file may not name two levels apart by case)
            raise AssessorError(f"the alarm level {opt.alarm!r} matches {len(folded)} levels that differ only in case: "
                                f"{', '.join(map(repr, folded))}; give one as written")
        if not folded:
            raise AssessorError(f"the rule set has no level {opt.alarm!r} (levels: {', '.join(names)})")
        opt = dataclasses.replace(opt, alarm=folded[0])
    onsets = _check(assessor, outcomes)
    quiet = _quiet_ids(assessor, outcomes, onsets)
    by_country: dict[str, list[Onset]] = {}
    for o in onsets:
        by_country.setdefault(o.country, []).append(o)
    known = assessor.profiles.profiles
    used, unlisted = [], []
    for pid in sorted(known):
        if pid in by_country or pid in quiet:
            used.append(pid)
        elif opt.include_unlisted:
            used.append(pid)
            unlisted.append(pid)
        else:
            unlisted.append(pid)
    views = {pid: knowable(known[pid]) for pid in used}
    states = {pid: state_of(known[pid]) for pid in used}
    hidden = {pid: len(known[pid].events) - len(views[pid].events) for pid in used}
    scored = assessor.variant(rs, {**known, **views}) if any(hidden.values()) else assessor
    tests = baselines(opt.persistence_years)
    forecast = rs.forecast
    excluded = {"force_in_use": 0, "censored": 0, "before_split": 0}
    if opt.before_first_onset:
        excluded["after_first_onset"] = 0
    if opt.burn_in:
        excluded["burn_in"] = 0
    countries: list[CountryDays] = []
    onset_rows = []
    lo, hi = rs.score_range
    bounds = {"covered_days": 0, "at_min": 0, "at_max": 0}
    for pid in used:
        truth, view = known[pid], views[pid]
        span = (truth.covers_to - truth.covers_from).days + 1
        if span > MAX_DATES:  # dates_between's own message would suggest --step, which backtest does not have
            raise ValueError(f"{truth.path}: {pid} covers {span:,} days ({truth.covers_from} to {truth.covers_to}), "
                             f"more than the {MAX_DATES:,} a timeline may hold; shorten its covers: period "
                             "or leave the profile out")
        days = dates_between(truth.covers_from, truth.covers_to, "day")
        # each day's point and the facts it was scored from, derived once: the baselines read the knowable
        # record's facts, which are these; force in use reads the whole record's, the same dicts when
        # nothing in it is hidden
        points, seen_values = {}, {}
        for pt, values in scored.timeline_facts(view, days):
            points[pt.date] = pt
            seen_values[pt.date] = values
        bounds["covered_days"] += len(points)  # every covered day, force in use included
        bounds["at_min"] += sum(pt.score <= lo for pt in points.values())
        bounds["at_max"] += sum(pt.score >= hi for pt in points.values())
        full, seen = assessor.deriver(truth), scored.deriver(view)
        mine = sorted(by_country.get(pid, []), key=lambda o: o.date)
        force = sorted(set(record_force_days(seen)) | {o.date for o in mine})  # any force, for baseline (d)
        mine = _level(mine, opt)
        cd = CountryDays(pid, baselines={k: [] for k in tests})
        if opt.before_first_onset and mine:
            mine = mine[:1]  # the later onsets are not evaluated, nor warned of
        warm = _warm(truth, opt)  # --burn-in: the first day measured
        for d in days:
            if warm is None or d < warm:
                excluded["burn_in"] += 1
                continue
            if opt.before_first_onset and mine and d >= mine[0].date:
                excluded["after_first_onset"] += 1
                continue
            whole = seen_values[d] if view is truth else full.values(d)[1]
            if force_in_use(whole, d, mine, opt.ceasefire_in_use, opt.onset_level):
                excluded["force_in_use"] += 1
                continue
            ahead = [o for o in mine if 0 < (o.date - d).days <= opt.horizon]
            if not ahead and (truth.covers_to - d).days < opt.horizon:  # (no d + horizon: past 9999-12-31)
                excluded["censored"] += 1  # the record ends before the horizon: a quiet day cannot be known
                continue
            if opt.split_date and d < opt.split_date:
                excluded["before_split"] += 1
                continue
            pt = points[d]
            cd.days.append(d)
            cd.scores.append(pt.score)
            cd.levels.append(pt.level)
            cd.labels.append(bool(ahead))
            cd.structural.append(pt.structural)
            cd.warning.append(pt.warning)
            day = Day(d, seen_values[d], seen, [x for x in force if x < d])
            for k, (_, fn) in tests.items():
                cd.baselines[k].append(fn(day))
        countries.append(cd)
        for o in mine:
            if opt.split_date and o.date < opt.split_date:
                continue
            if warm is None or o.date < warm:  # an onset in the burn-in: its lead rows would read the days
                continue                        # the burn-in leaves out
            eve = days_before(o.date, 1)
            # force already in use on its eve by the record's own facts (a war, a campaign of deadly clashes):
            # the onset continues that fighting's episode even with no listed onset in the 90 days before it
            # (a ceasefire alone is not fighting the record holds, whatever --ceasefire-in-use leaves out)
            fighting = eve is not None and force_in_use(full.derive(eve, evidence=False).values, eve, [],
                                                        False, opt.onset_level)
            onset_rows.append(_onset_row(o, points, truth, rs, opt.horizon, mine, fighting))
    doc = {
        "definition": {
            "outcome": ("onset of a war against the country by a state (MID hostility 5: an invasion or armed conflict, "
                        "or a first act the outcomes file marks war: true)"
                        if opt.onset_level == "war" else
                        "onset of the use of force against the country by a state (MID hostility 4-5, UCDP interstate onset)"),
            "onset_level": opt.onset_level,
            "horizon_days": opt.horizon,
            "aftermath_days": AFTERMATH_DAYS,
            "alarm_level": opt.alarm,
            "split_date": opt.split_date.isoformat() if opt.split_date else None,
            "persistence_years": opt.persistence_years,
            "ceasefire_in_use": opt.ceasefire_in_use,
            "before_first_onset": opt.before_first_onset,
            "burn_in_days": opt.burn_in,
            "resamples": opt.resamples,
            "cluster": opt.cluster,  # the bootstrap's unit
            # the clusters drawn from: those with measured days (a record of none is never drawn)
            "clusters": len({states[c.country] if opt.cluster == "state" else c.country for c in countries if c.days}),
            "seed": opt.seed,
            "interval": INTERVAL if opt.resamples else None,  # no resamples: point estimates, no interval
        },
        "ruleset": {"name": rs.name, "version": rs.version, "sha256": rs.sha256},
        # the bundled file by name, so that the JSON does not depend on where the package lies
        "outcomes_file": ("(bundled) assessor/data/outcomes.yaml"
                          if outcomes.file and Path(outcomes.file) == default_path() else outcomes.file),
        "outcomes_sha256": outcomes.sha256 or None,
        "countries": [{"country": c.country, "state": states[c.country],  # (--before-first-onset: the first only)
                       "onsets": len(_measured(by_country.get(c.country, []), opt, _warm(known[c.country], opt))),
                       "listed": c.country not in unlisted, "days": len(c.days), "onset_days": int(sum(c.labels)),
                       "hidden_events": hidden[c.country],
                       "sha256": known[c.country].sha256} for c in countries],  # covers the world records inherited
        "unlisted": [{"country": pid, "name": known[pid].name,
                      "treated": "counted as quiet (--include-unlisted)" if opt.include_unlisted else "excluded"}
                     for pid in unlisted],
        "excluded_days": excluded,
        # Saturation: covered country-days (force in use included) whose shown score sits at the
        # scale's bound (0.0 or 100.0 on a logistic scale, after rounding; else the rule set's bounds).
        "days_at_bounds": {"min": lo, "max": hi, **bounds,
                           "share": _r((bounds["at_min"] + bounds["at_max"]) / bounds["covered_days"])
                           if bounds["covered_days"] else None},
        "onsets": sorted(onset_rows, key=lambda r: (r["date"], r["country"])),
        "lead_summary": _lead_summary(onset_rows, [lv.name for lv in rs.levels]),
    }
    doc.update(_measure(countries, rs, forecast, tests, opt, states))
    return doc


def _onset_row(o: Onset, points: dict, profile: Profile, rs, horizon: int, mine: list[Onset],
               fighting: bool = False) -> dict:
    before = {}
    for k in LEADS:
        pt = points.get(days_before(o.date, k))
        before[str(k)] = None if pt is None else {"score": pt.score, "level": pt.level}
    leads = {}
    for i, lv in enumerate(rs.levels):
        first = None
        for back in range(horizon, 0, -1):
            pt = points.get(days_before(o.date, back))
            if pt is not None and rs.level_index(pt.level) >= i:
                first = back
                break
        run_days, day = 0, days_before(o.date, 1)
        while day is not None and day in points and rs.level_index(points[day].level) >= i:
            run_days += 1
            day = days_before(day, 1)
        leads[lv.name] = {"first_crossing": first, "unbroken": run_days}
    prior = [x for x in mine if 0 < (o.date - x.date).days < AFTERMATH_DAYS]
    if not prior and fighting:  # inside fighting the record holds: the episode of the latest earlier onset
        prior = [x for x in mine if x.date < o.date]
    return {"country": o.country, "date": o.date.isoformat(), "kind": o.kind, "summary": o.summary,
            "source": o.source.to_dict(), "before": before, "leads": leads,
            "continues": prior[-1].date.isoformat() if prior else None}


def _lead_summary(rows: list[dict], levels: list[str]) -> list[dict]:
    """Per level: of the onsets that begin a new episode, how many were preceded by the level
    within the horizon, and the median first crossing and unbroken run (days)."""
    fresh = [r for r in rows if not r["continues"]]
    out = []
    for lv in levels:
        first = [r["leads"][lv]["first_crossing"] for r in fresh if r["leads"][lv]["first_crossing"] is not None]
        runs = [r["leads"][lv]["unbroken"] for r in fresh]
        out.append({"level": lv, "onsets": len(fresh), "reached": len(first),
                    "median_first_crossing": float(np.median(first)) if first else None,
                    "median_unbroken": float(np.median(runs)) if runs else None})
    return out


def _r(x: float | None) -> float | None:
    return None if x is None else round(float(x), 4)


def _stat(fn, one, weights) -> dict:
    """A statistic on all the countries once and its cluster-bootstrap interval over ``weights``."""
    ci = metrics.bootstrap(fn, weights) if len(weights) else {"low": None, "high": None, "undefined": 0}
    return {"value": _r(fn(one)), "low": _r(ci["low"]), "high": _r(ci["high"]), "undefined": ci["undefined"]}


def _model_block(scores, labels, groups, probs, weights, recalls, population_rate: float | None = None,
                 cl: metrics.Clustered | None = None) -> dict:
    """Every figure of one scoring of the days; ``cl`` when the caller has already built it (the costly part:
    the paired differences read the same one)."""
    cl = cl if cl is not None else metrics.Clustered(scores, labels, groups, probs)
    one = cl.ones()
    strat = metrics.stratified_auc(scores, labels, groups)
    stats = {
        "auc": cl.auc,
        "stratified_auc": cl.stratified,
        "mean_country_auc": cl.mean_auc,
        "average_precision": cl.average_precision,
    }
    if probs is not None:
        stats["brier_skill"] = cl.brier_skill
        stats["brier_skill_out_of_country"] = cl.brier_skill_out_of_country
        if population_rate is not None:
            stats["brier_skill_prior_corrected"] = lambda w: cl.brier_skill_prior_corrected(w, population_rate)
    out: dict = {name: _stat(fn, one, weights) for name, fn in stats.items()}
    out["precision_at_recall"] = {f"{r:g}": _r(metrics.precision_at_recall(scores, labels, r)) for r in recalls}
    out["per_country_auc"] = {k: _r(v) for k, v in strat.per_group.items()}
    if probs is not None:
        out["brier"] = _r(metrics.brier(probs, labels))
        rate = float(np.mean(labels)) if len(labels) else 0.0
        out["brier_base_rate"] = _r(rate * (1 - rate))
        if population_rate is not None and 0 < rate < 1:
            # the factor on the odds that carries the declared map to these days' base rate
            out["prior_correction_factor"] = _r((rate / (1 - rate)) / (population_rate / (1 - population_rate)))
    return out


def cluster_weights(units: list[str], resamples: int, seed: int) -> np.ndarray:
    """The bootstrap's multiplicities of each record (a column per record, in the order of ``units``, each the
    cluster its record belongs to): the clusters are drawn with replacement, and each record counts as often as
    its cluster was drawn, so a state's records are drawn together."""
    clusters = sorted(set(units))
    drawn = metrics.bootstrap_weights(len(clusters), resamples, seed) if clusters else np.zeros((0, 0))
    return drawn[:, [clusters.index(u) for u in units]] if clusters else drawn


def _measure(countries: list[CountryDays], rs, forecast, tests: dict, opt: Options,
             states: dict[str, str] | None = None) -> dict:
    states = states or {}
    groups = [c.country for c in countries for _ in c.days]
    scores = np.array([s for c in countries for s in c.scores], dtype=float)
    labels = np.array([y for c in countries for y in c.labels], dtype=bool)
    levels = [lv for c in countries for lv in c.levels]
    order = [lv.name for lv in rs.levels]
    records = sorted(set(groups))  # the order of every Clustered's groups
    units = [states.get(r, r) for r in records] if opt.cluster == "state" else records
    weights = cluster_weights(units, opt.resamples, opt.seed)
    probs = None
    if forecast is not None:
        table = {name: forecast.probability(name, opt.horizon) for name in order}
        probs = np.array([table[lv] for lv in levels], dtype=float)
    pos = int(labels.sum())
    floor = rs.level_index(opt.alarm)
    quiet = ~labels
    alarms = np.array([rs.level_index(lv) >= floor for lv in levels], dtype=bool)
    reliab = metrics.reliability(levels, labels, order)
    held = metrics.order_held(levels, labels, groups, order, weights)
    for row in reliab:
        row["rate"] = _r(row["rate"])
        # how many countries the level's onset days come from: a rate resting on one country is one story
        row["onset_countries"] = len({g for g, lv, y in zip(groups, levels, labels) if y and lv == row["level"]})
        row["declared"] = _r(forecast.probability(row["level"], opt.horizon)) if forecast else None
    # built once: the model block and the paired differences with each baseline read the same one
    # out of country leaves out the unit the bootstrap draws: a state's records together (run 71)
    model = metrics.Clustered(scores, labels, groups, probs,
                              units=dict(zip(records, units)) if opt.cluster == "state" else None) if len(labels) else None
    doc: dict = {
        "days": {"evaluated": int(len(labels)), "onset_days": pos, "quiet_days": int(quiet.sum()),
                 "base_rate": _r(pos / len(labels)) if len(labels) else None},
        "false_alarms": {"days_at_or_above_alarm": int((alarms & quiet).sum()), "quiet_days": int(quiet.sum()),
                         "share": _r((alarms & quiet).sum() / quiet.sum()) if quiet.sum() else None},
        "forecast": None if forecast is None else {
            "declared_horizon_days": forecast.horizon_days,
            "probabilities": {n: _r(forecast.probability(n, opt.horizon)) for n in order},
            "population_rate": _r(forecast.population(opt.horizon)),
            "note": forecast.note},
        "reliability": reliab,
        # how often the table's order survives resampling the countries (one ordering is one draw)
        "reliability_order": {"all": _r(held["all"]), "pairs": {k: _r(v) for k, v in held["pairs"].items()},
                              "undefined": held["undefined"]},
        "model": _model_block(scores, labels, groups, probs, weights, RECALLS,
                              forecast.population(opt.horizon) if forecast is not None else None, cl=model)
        if model is not None else None,
        # each index on its own (format 2.1), on the same days: which one carries the discrimination
        "indices": {name: _model_block(np.array([x for c in countries for x in getattr(c, name)], dtype=float),
                                       labels, groups, None, weights, RECALLS) if len(labels) else None
                    for name in ("structural", "warning")},
        "baselines": {},
    }
    for name, (description, _) in tests.items():
        b = np.array([x for c in countries for x in c.baselines[name]], dtype=float)
        block: dict = {}
        if model is not None:
            base = metrics.Clustered(b, labels, groups)
            block = _model_block(b, labels, groups, None, weights, RECALLS, cl=base)
            # the model minus the baseline in each resample: both score the same days of the same
            # countries, so the paired interval says what two overlapping intervals cannot
            block["difference"] = _differences(model, base, weights)
        doc["baselines"][name] = {"description": description, **block}
    return doc


def _differences(model: metrics.Clustered, base: metrics.Clustered, weights) -> dict:
    """The model's AUCs minus a baseline's, pooled and within countries, with paired intervals."""
    out = {}
    for key, fn in (("auc", metrics.Clustered.auc), ("stratified_auc", metrics.Clustered.stratified)):
        def diff(w, fn=fn):
            a, b = fn(model, w), fn(base, w)
            return None if a is None or b is None else a - b
        out[key] = _stat(diff, model.ones(), weights)
    return out
