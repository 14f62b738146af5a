"""Sensitivity analysis: which uncertain inputs drive a country's score, and its level.

The question is global — over the whole of every input's range, all varying
at once — so the estimators are SALib's (Morris elementary effects for
screening many inputs; Sobol indices, which also apportion the variance, for
few), not one-at-a-time nudges written here.  SALib designs points of the unit
cube; each point is realised (``uncertainty.realise``) and scored as a whole
timeline on the sweep's workers, so a sensitivity run is a sweep like any other.

Two outputs are analysed per country: the **mean score** over the period's
dates, and the **mean level** (levels counted 0, 1, 2, … from the lowest):
an input may move the score much and the level little, or the reverse.
Effects are in score points and in levels.  An event dated after the period
(even at its earliest) cannot move it: it is listed, with no effect, and left
out of the design.
"""

from __future__ import annotations

import datetime as _dt
import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from assessor.errors import AssessorError
from assessor.sweep import Executor, Model, evaluate_design, refuse_work
from assessor.uncertainty import Input

METHODS = ("auto", "morris", "sobol")
SOBOL_MAX_INPUTS = 12  # above this, Sobol's N·(D+2) evaluations buy little over Morris screening
PLACES = 4  # effects are rounded so that JSON is byte-identical across platforms' float noise


@dataclass(frozen=True)
class Effect:
    input: Input
    score: float  # Morris mu*: mean |elementary effect| on the mean score; Sobol: total index ST
    level: float  # the same on the mean level
    spread: float  # Morris sigma (interaction / non-linearity); Sobol: first-order index S1 of the score
    confidence: float  # half-width of the 95 % bootstrap interval of ``score``
    in_period: bool


@dataclass(frozen=True)
class Analysis:
    country: str
    method: str
    evaluations: int
    effects: list[Effect]  # ranked: largest effect on the score first


def _round(x: float) -> float:
    return 0.0 if x is None or not math.isfinite(x) else round(float(x), PLACES) + 0.0


def choose(method: str, n_inputs: int) -> str:
    if method not in METHODS:
        raise AssessorError(f"unknown method {method!r} (one of {', '.join(METHODS)})")
    if method == "auto":
        return "sobol" if n_inputs <= SOBOL_MAX_INPUTS else "morris"
    return method


MAX_DESIGN_CELLS = 4_000_000  # points × inputs of a design (32 MB as float64): beyond it, a located refusal


def design_points(method: str, n_inputs: int, size: int) -> int:
    """How many points a design has: Morris N·(D+1), Sobol (first and total order) N·(D+2)."""
    return size * (n_inputs + 1) if method == "morris" else size * (n_inputs + 2)


def check_design(method: str, inputs: Sequence[Input], size: int, where: str = "") -> None:
    """Refuse a design whose memory would grow past :data:`MAX_DESIGN_CELLS` (a design is built whole by
    SALib, and analysed whole): one located line, before anything is drawn or scored."""
    n = len(inputs)
    cells = design_points(method, n, size) * n
    if cells > MAX_DESIGN_CELLS:
        by_file: dict[str, int] = {}
        for i in inputs:
            # the file of 'FILE:LINE[:COL]': its name may hold a colon itself ('a:b/u.yaml' was counted as 'a')
            key = re.sub(r"(?::\d+){1,2}$", "", i.declared or "rules and profiles")
            by_file[key] = by_file.get(key, 0) + 1
        ranked = sorted(by_file.items(), key=lambda kv: (-kv[1], kv[0]))
        top, rest = ranked[:3], ranked[3:]
        # the files beyond the first three counted too: the three alone (802 of 920) read as every input's source
        came = "; ".join(f"{k}: {v}" for k, v in top) + (
            f"; {sum(v for _, v in rest):,} more from {len(rest)} other file{'s' * (len(rest) != 1)}" if rest else "")
        raise AssessorError(f"{where or 'sensitivity'}: {n:,} uncertain inputs × --size {size} make a {method} design "
                            f"of {cells:,} cells, more than {MAX_DESIGN_CELLS:,}: lower --size, narrow the period, or "
                            f"declare fewer ranges (inputs from {came})")


# design points × countries × dates a run may score: some minutes on one core for records of
# ordinary length (RATE), longer for very long records (a record of 8,000 years scored some 2,000
# a second); beyond it, a refusal before anything is drawn.
MAX_ASSESSMENTS = 5_000_000
RATE = 20_000  # assessments a second on one core (the development machine, a sensitivity run): for the estimate only


def check_work(method: str, n_inputs: int, size: int, n_countries: int, n_dates: int) -> None:
    """Refuse a run whose total work — every design point scores a whole timeline of every country —
    is above :data:`MAX_ASSESSMENTS`: one line that names the product, a rough time, and what lowers
    it, before anything is drawn or scored (memory is bounded by :func:`check_design`; time is not)."""
    points = design_points(method, n_inputs, size)
    refuse_work(points * n_countries * n_dates, MAX_ASSESSMENTS, RATE,
                f"sensitivity: {points:,} design points ({method}, --size {size}, {n_inputs:,} uncertain inputs) × "
                f"{n_countries:,} {'country' if n_countries == 1 else 'countries'} × {n_dates:,} dates", "assessments",
                "a longer --step, a shorter period (--from/--to), fewer countries or a lower --size")


def design(method: str, n_inputs: int, size: int, seed: int):
    """SALib's design over the unit cube: ``size`` trajectories (Morris) or base samples (Sobol, a power of two).

    SALib treats a seed of 0 as none at all (``if seed:``): every call here
    passes ``seed + 1``, so seed 0 is as reproducible as any other."""
    seed += 1
    problem = {"num_vars": n_inputs, "names": [f"x{i}" for i in range(n_inputs)], "bounds": [[0.0, 1.0]] * n_inputs}
    if method == "morris":
        from SALib.sample import morris

        return problem, morris.sample(problem, N=size, num_levels=4, seed=seed)
    from SALib.sample import sobol

    if size & (size - 1):
        raise AssessorError(f"--size {size}: Sobol designs need a power of two (e.g. 64, 128, 256)")
    return problem, sobol.sample(problem, size, calc_second_order=False, seed=seed)


def analyse(model: Model, every: Sequence[Input], method: str, size: int, seed: int, ex: Executor,
            progress: Callable[[int], None] | None = None) -> list[Analysis]:
    """Rank ``every`` uncertain input by its effect on each country's mean score and mean level
    over ``model.dates`` (``model.inputs`` are the ones that can act on the period)."""
    import numpy as np

    acting = list(model.inputs)
    if not acting:
        raise AssessorError("no uncertain input acts on this period: declare ranges (rules' effect.uncertain, events' "
                            "uncertain, or an --uncertainty file)")
    method = choose(method, len(acting))
    check_design(method, acting, size)
    check_work(method, len(acting), size, len(model.profiles), len(model.dates))
    problem, points = design(method, len(acting), size, seed)
    countries = [p.id for p in model.profiles]
    level_of = model.ruleset.level_of
    index = {lv.name: i for i, lv in enumerate(model.ruleset.levels)}
    score_y = {c: np.zeros(len(points)) for c in countries}
    level_y = {c: np.zeros(len(points)) for c in countries}
    for k, row in enumerate(evaluate_design(model, points, ex, progress)):
        for c in countries:
            tenths = row[c]
            score_y[c][k] = sum(tenths) / (10 * len(tenths))
            level_y[c][k] = sum(index[level_of(v / 10)] for v in tenths) / len(tenths)
    out = []
    for c in countries:
        effects = _effects(method, problem, points, score_y[c], level_y[c], acting, seed)
        by_key = {e.input.key: e for e in effects}
        for inp in every:
            if inp.key not in by_key and (inp.kind == "points" or inp.target == c):
                by_key[inp.key] = Effect(inp, 0.0, 0.0, 0.0, 0.0, False)
        ranked = sorted(by_key.values(), key=lambda e: (-e.score, -e.level, e.input.key))
        ranked = [e for e in ranked if e.input.kind == "points" or e.input.target == c]
        out.append(Analysis(c, method, len(points), ranked))
    return out


def _effects(method, problem, points, y_score, y_level, acting: Sequence[Input], seed: int) -> list[Effect]:
    """SALib's estimates, without SALib's own warnings on stderr: on a score that moves in few samples, its
    bootstrap draws sets of equal values and warned 'Constant values encountered' four lines at a time, with
    its file paths, for an estimate it then rightly gives as 0 (a valid run, said in no words of assessor's)."""
    import warnings

    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message="Constant values encountered", category=UserWarning)
        return _salib_effects(method, problem, points, y_score, y_level, acting, seed)


def _salib_effects(method, problem, points, y_score, y_level, acting: Sequence[Input], seed: int) -> list[Effect]:
    import numpy as np

    seed += 1  # see design
    if method == "morris":
        from SALib.analyze import morris

        s = morris.analyze(problem, points, y_score, num_levels=4, seed=seed)
        lv = morris.analyze(problem, points, y_level, num_levels=4, seed=seed)
        return [Effect(inp, _round(s["mu_star"][i]), _round(lv["mu_star"][i]), _round(s["sigma"][i]),
                       _round(s["mu_star_conf"][i]), True) for i, inp in enumerate(acting)]
    from SALib.analyze import sobol

    def indices(y):
        if float(np.var(y)) == 0.0:  # nothing moves it: every index is zero, not 0/0
            zeros = [0.0] * len(acting)
            return {"ST": zeros, "S1": zeros, "ST_conf": zeros}
        return sobol.analyze(problem, y, calc_second_order=False, seed=seed)

    s, lv = indices(y_score), indices(y_level)
    return [Effect(inp, _round(s["ST"][i]), _round(lv["ST"][i]), _round(s["S1"][i]), _round(s["ST_conf"][i]), True)
            for i, inp in enumerate(acting)]


def acting_inputs(inputs: Sequence[Input], profiles: Sequence, end: _dt.date) -> list[Input]:
    """The inputs that can move a period ending on ``end``: not an event that happens after it, even at its earliest."""
    by_id = {p.id: p for p in profiles}
    last = end.toordinal()
    earliest = {(i.target, i.event): int(i.low) for i in inputs if i.kind == "date"}  # a date that may move earlier
    out = []
    for i in inputs:
        if i.kind == "points":
            out.append(i)
            continue
        day = by_id[i.target].events[i.event].date.toordinal()
        if min(day, earliest.get((i.target, i.event), day)) <= last:
            out.append(i)
    return out


def outside_record(profile, dates) -> list[str]:
    """A warning when some of the period's dates lie outside the period the profile's record covers (events may be
    missing there), as every other output says it; empty when the record covers them all."""
    out = [d for d in dates if not profile.covers_from <= d <= profile.covers_to]
    if not out:
        return []
    return [f"{len(out):,} of the {len(dates):,} dates lie outside the period the {profile.name} record covers "
            f"{profile.covers_from} to {profile.covers_to}, where events may be missing"]


def to_dict(a: Analysis, period: tuple[_dt.date, _dt.date], step: str, size: int, seed: int,
            warnings: Sequence[str] = ()) -> dict:
    units = "total-order Sobol index (share of variance)" if a.method == "sobol" else "points (Morris mu*)"
    return {
        "country": a.country,
        "method": a.method,
        "period": {"from": period[0].isoformat(), "to": period[1].isoformat(), "step": step},
        "warnings": list(warnings),
        "design": {"size": size, "evaluations": a.evaluations, "seed": seed},
        "outputs": {"score": "mean score over the period's dates", "level": "mean level (0 = lowest) over them",
                    "effect_units": units},
        "inputs": [{"rank": k + 1, **e.input.to_dict(), "score_effect": e.score, "level_effect": e.level,
                    ("sigma" if a.method == "morris" else "first_order"): e.spread, "score_effect_conf": e.confidence,
                    "acts_on_period": e.in_period} for k, e in enumerate(a.effects)],
    }
