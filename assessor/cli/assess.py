"""Commands that assess: ``assess``, ``timeline`` (with its chart) and ``explain``."""

from __future__ import annotations

import click

from assessor.cli.common import (
    DATE,
    PathArg,
    checked_output,
    data_options,
    emit,
    examples,
    format_option,
    given_folders,
    load_assessor,
    load_countries,
    note,
    once_each,
    output_option,
    refuse_output_over,
    registry_option,
    same_file,
    sampling_options,
    use_colour,
)
from assessor.cli.common import period as _period
from assessor.errors import AssessorError


@click.command(epilog=examples("assessor assess finland sweden --date 2022-06-01",
                                     "assessor assess finland --date 2022-06-01 --evidence",
                                     "assessor assess all --date 2024-01-01 --format csv -o today.csv"))
@click.argument("countries", nargs=-1, required=True, metavar="COUNTRY...")
@click.option("--date", "date", type=DATE, default="today", show_default=True, help="Assessment date.")
@format_option("text", "json", "csv")
@click.option("--evidence", is_flag=True, help="Text format: list the evidence under each rule (with several countries, "
                                               "each breakdown).")
@click.option("--details", is_flag=True, help="Text format, several countries: each one's breakdown instead of one "
                                              "line per country.")
@output_option
@data_options
@sampling_options
def assess(countries, date, fmt, evidence, details, output, rule_paths, profile_paths, no_defaults, scenarios,
           samples, seed, uncertainty_paths, jobs, scheduler):
    """Score COUNTRY... on a date, with the rules that contributed.

    One country: its score, level and every rule that contributed.  Several
    (or 'all'): one line per country (score, level, whether its record covers
    the date, what moves the score most); --details gives each breakdown.

    With --samples N, also N Monte Carlo samples of the uncertain inputs (rule
    points, event dates and severities; see --uncertainty): P5, median and
    P95 of the score and the probability of each level."""
    from assessor.render import reporter

    if not samples and (jobs or scheduler):
        raise click.UsageError("--jobs and --scheduler run --samples: give --samples N")
    a, profiles = load_countries(countries, rule_paths, profile_paths, no_defaults, scenarios)
    results = [a.assess(p, date) for p in profiles]
    bands = _bands(a, profiles, [date], samples, seed, uncertainty_paths, jobs, scheduler)
    text = reporter(fmt).assessments(results, a.ruleset, colour=use_colour(output), evidence=evidence,
                                     bands=bands, seed=seed, details=details or evidence)
    emit(text, output, a.inputs())


PARALLEL_FROM = 50_000  # country-dates: below this a timeline is faster in one process than forking workers


def _timeline(a, profiles, dates, jobs, scheduler) -> list:
    """Every country's points: on the workers when asked (--jobs N > 1, --scheduler, the project's
    scheduler) or when the timeline is large (PARALLEL_FROM country-dates); else here, without
    importing the sweep machinery at all."""
    asked = (jobs or 0) > 1 or scheduler  # the project's scheduler is for samples and sweeps, not this
    large = jobs is None and not scheduler and len(profiles) * len(dates) >= PARALLEL_FROM
    if len(profiles) < 2 or not (asked or large):
        return [pt for p in profiles for pt in a.timeline(p, dates)]
    from assessor import sweep
    from assessor.assess import Point

    level_of, by_id = a.ruleset.level_of, {p.id: p for p in profiles}
    points = []
    from assessor.cli.common import sweep_executor

    ex = sweep_executor(a, jobs, scheduler, configured=False) if scheduler else sweep.LocalExecutor(jobs)
    with ex:
        for pid, row in sweep.timelines(sweep.Model(a.ruleset, tuple(profiles), (), tuple(dates), indices=True), ex):
            p = by_id[pid]
            points += [Point(pid, d, row[3 * k] / 10 + 0.0, level_of(row[3 * k] / 10 + 0.0), (),
                             p.covers_from <= d <= p.covers_to, row[3 * k + 1] / 10 + 0.0, row[3 * k + 2] / 10 + 0.0)
                       for k, d in enumerate(dates)]
    return points


def _bands(a, profiles, dates, samples, seed, uncertainty_paths, jobs, scheduler):
    """{(country, date): Band} over ``samples`` Monte Carlo samples, or None without --samples."""
    if not samples:
        if uncertainty_paths:
            raise click.UsageError("--uncertainty needs --samples N (how many samples to draw)")
        if seed:
            raise click.UsageError("--seed needs --samples N (how many samples to draw)")
        return None
    from assessor import sweep
    from assessor.cli.common import progress, sweep_executor, uncertain_inputs

    inputs, _ = uncertain_inputs(a, profiles, uncertainty_paths)
    model = sweep.Model(a.ruleset, tuple(profiles), tuple(inputs), tuple(dates), seed)
    with sweep_executor(a, jobs, scheduler) as ex, progress(samples, "sampling") as tick:
        found = sweep.monte_carlo(model, samples, ex, progress=tick)
    return {(b.country, b.date): b for b in found}


@click.command(epilog=examples("assessor timeline finland sweden --from 2021-01-01 --to 2024-12-31",
                                     "assessor timeline ukraine --step day --format csv -o ukraine.csv",
                                     "assessor timeline finland --plot finland.png"))
@click.argument("countries", nargs=-1, required=True, metavar="COUNTRY...")
@click.option("--from", "start", type=DATE, help="First date.  [default: the earliest start of the countries' records]")
@click.option("--to", "end", type=DATE, help="Last date (inclusive).  [default: the latest end of their records]")
@click.option("--step", type=click.Choice(["day", "week", "month"]), default="week", show_default=True, help="Spacing of dates.")
@format_option("text", "json", "csv")
@click.option("--plot", type=PathArg(dir_okay=False), metavar="FILE.png|FILE.svg", callback=checked_output,
              help="Also draw the chart to this file.")
@output_option
@data_options
@sampling_options
def timeline(countries, start, end, step, fmt, plot, output, rule_paths, profile_paths, no_defaults, scenarios,
             samples, seed, uncertainty_paths, jobs, scheduler):
    """Score COUNTRY... on every date from --from to --to (default: the period their records cover).

    With --samples N, every date also gets the P5, median and P95 of N Monte
    Carlo samples of the uncertain inputs and the probability of each level;
    the chart (--plot) draws the P5–P95 band."""
    from assessor.render import reporter

    a, profiles = load_countries(countries, rule_paths, profile_paths, no_defaults, scenarios)
    start, end, dates = _period(profiles, start, end, step)
    if plot:
        from assessor.render import chart

        if output != "-" and same_file(plot, output):
            raise click.UsageError("--plot and -o name the same file; the chart would be overwritten")
        try:
            chart.check_range(start, end)
        except AssessorError as exc:
            raise click.UsageError(str(exc)) from None
    points = _timeline(a, profiles, dates, jobs, scheduler)
    band_days = dates
    if plot and samples:  # the chart's line also steps on key events' days: the band must too
        from assessor.report import chart_days

        band_days = chart_days(profiles, dates)
    bands = _bands(a, profiles, band_days, samples, seed, uncertainty_paths, jobs, scheduler)
    from assessor import serialize

    text = reporter(fmt).timeline(points, colour=use_colour(output), bands=bands, seed=seed,
                                  scenarios=serialize.scenarios(a.ruleset), ruleset=a.ruleset)
    if plot:  # the chart and the -o file together, or neither
        from assessor.output import write_all
        from assessor.report import chart_data

        fmt = chart.format_for(plot, [p.date for p in points])
        chart.take_missing_glyphs()
        picture = chart.render(chart_data(a, profiles, points, bands=bands), fmt)
        files = [(plot, picture)] + ([(output, text)] if output != "-" else [])
        write_all(files, a.inputs())
        for path, _ in files:
            note(f"wrote {path}")
        if fmt == "png" and (boxes := chart.glyph_note(plot)):
            note(boxes)
        if output != "-":
            return
    emit(text, output, a.inputs())


@click.command(epilog=examples("assessor explain finland --date 2022-06-01",
                                     "assessor explain kuwait-1990 --date 1990-07-30 --format json"))
@click.argument("countries", nargs=-1, required=True, metavar="COUNTRY...")
@click.option("--date", "date", type=DATE, default="today", show_default=True, help="Assessment date.")
@format_option("text", "json")
@output_option
@data_options
def explain(countries, date, fmt, output, rule_paths, profile_paths, no_defaults, scenarios):
    """Explain COUNTRY...'s score: every rule, its evidence and sources, and what would change it.

    With several countries, text explanations follow one another; JSON is a
    list (one country: one object, as before)."""
    from assessor import explain as ex
    from assessor.render import reporter

    a = load_assessor(rule_paths, profile_paths, no_defaults, scenarios)
    docs = [ex.explanation(a, a.assess(p, date)) for p in a.countries(countries)]
    r = reporter(fmt)
    if fmt == "json":
        from assessor.render.jsonout import dumps

        text = r.explanation(docs[0]) if len(docs) == 1 else dumps(docs)
    else:
        text = "\n".join(r.explanation(d, colour=use_colour(output)) for d in docs)
    emit(text, output, a.inputs())


@click.command(epilog=examples("assessor compare sweden --scenario docs/scenarios/sweden-ratified-2022.yaml",
                                     "assessor compare sweden --scenario s.yaml --from 2022-01-01 --all-dates --format csv"))
@click.argument("countries", nargs=-1, required=True, metavar="COUNTRY...")
@click.option("--scenario", "scenarios", multiple=True, required=True, type=PathArg(dir_okay=False), callback=once_each,
              help="Scenario file (repeatable, applied in order).")
@click.option("--from", "start", type=DATE, help="First date.  [default: the start of the countries' records]")
@click.option("--to", "end", type=DATE, help="Last date.  [default: the end of their records]")
@click.option("--step", type=click.Choice(["day", "week", "month"]), default="month", show_default=True)
@click.option("--all-dates", is_flag=True, help="List every date, not only those that differ.")
@format_option("text", "json", "csv")
@output_option
@click.option("--profiles", "profile_paths", multiple=True, type=PathArg(), callback=given_folders,
              help="Profile file or folder (repeatable).")
@click.option("--rules", "rule_paths", multiple=True, type=PathArg(), callback=given_folders,
              help="Rule file or folder (repeatable).")
@click.option("--no-defaults", is_flag=True, help="Use only the rules and profiles named.")
@registry_option
def compare(countries, scenarios, start, end, step, all_dates, fmt, output, profile_paths, rule_paths, no_defaults):
    """Baseline and scenario side by side: the scores, and the dates and levels that differ."""
    from assessor import scenario as sc
    from assessor.render import reporter

    base = load_assessor(rule_paths, profile_paths, no_defaults)
    alt = load_assessor(rule_paths, profile_paths, no_defaults, scenarios)
    profiles = base.countries(countries)
    start, end, dates = _period(profiles, start, end, step)
    rows = []
    for p in profiles:
        for b, s in zip(base.timeline(p, dates), alt.timeline(alt.profile(p.id), dates)):
            rows.append({"country": p.id, "date": b.date.isoformat(), "covered": b.covered, "baseline": b.score,
                         "scenario": s.score, "delta": round(s.score - b.score, 1), "baseline_level": b.level,
                         "scenario_level": s.level,
                         "baseline_indices": {"structural": b.structural, "warning": b.warning},
                         "scenario_indices": {"structural": s.structural, "warning": s.warning}})
    same_rules = alt.ruleset.rules == base.ruleset.rules and alt.ruleset.disabled == base.ruleset.disabled
    untouched = [p.id for p in profiles if alt.profile(p.id).scenario_of is None and same_rules]
    if untouched:  # a scenario about another country, or one whose changes all lie elsewhere: said, not silent
        note(f"the scenario changes no event of {', '.join(untouched)} and no rule: baseline and scenario are the same")
    outside: dict[str, int] = {}
    for r in rows:
        if not r["covered"]:
            outside[r["country"]] = outside.get(r["country"], 0) + 1
    if outside:  # as timeline says it
        note("warning: dates outside their record, where events may be missing: "
             + ", ".join(f"{n} of {c}" for c, n in outside.items()))
    doc = {"scenarios": [sc.describe(sc.load(f)) for f in scenarios],
           "compared": len(rows), "changed_dates": sum(r["delta"] != 0 for r in rows),
           "level_changes": sum(r["baseline_level"] != r["scenario_level"] for r in rows),
           "rows": rows if all_dates else [r for r in rows if r["delta"] != 0 or r["baseline_level"] != r["scenario_level"]]}
    if fmt == "csv":
        from assessor.render.csvout import _table

        cols = ["country", "date", "covered", "baseline", "scenario", "delta", "baseline_level", "scenario_level"]
        extra = [f"{side}_{ix}" for side in ("baseline", "scenario") for ix in ("structural", "warning")]
        text = _table(cols + extra, ([str(r[k]).lower() if k == "covered" else r[k] for k in cols]
                                     + [r[f"{side}_indices"][ix] for side in ("baseline", "scenario")
                                        for ix in ("structural", "warning")] for r in doc["rows"]))
    else:
        text = reporter(fmt).comparison(doc)
    emit(text, output, alt.inputs())


def _resamples(n: int) -> int:
    """--resamples: 0 (point estimates, no interval) or at least 2; one draw is not an interval."""
    if n == 1:
        raise click.BadParameter("1: a 95% interval needs at least 2 resamples (1,000 as usual); give 0 for "
                                 "point estimates without intervals", param_hint="'--resamples'")
    return n


def _has_profile(profiles, country: str) -> bool:
    """Whether ``country`` names a profile of the run (a name two profiles share does: the run says which)."""
    from assessor.errors import AmbiguousName

    try:
        profiles.resolve(country)
    except AmbiguousName:
        return True
    except AssessorError:
        return False
    return True


@click.command(epilog=examples("assessor backtest",
                                     "assessor backtest --format json -o backtest.json",
                                     "assessor backtest --onset-level war --cluster record"))
@click.option("--outcomes", type=PathArg(dir_okay=False), help="YAML file of dated onsets (default: the bundled one; "
                                                                  "see `assessor schema outcomes`).")
@click.option("--alarm", default="high", show_default=True, help="The level that counts as an alarm.")
@click.option("--horizon", type=click.IntRange(1, 3650), default=90, show_default=True,
              help="A day is positive when an onset follows within this many days.")
@click.option("--split-date", type=DATE, default=None,
              help="Time split: measure only days and onsets from this date on (YYYY-MM-DD); the rules are those given.")
@click.option("--resamples", type=click.IntRange(0, 100_000), default=1000, show_default=True,
              callback=lambda ctx, param, n: _resamples(n),
              help="Cluster-bootstrap resamples (over states, or records: --cluster) for the 95% intervals (0: point estimates "
                   "without intervals; 1 is refused: one draw is not an interval).")
@click.option("--seed", type=click.IntRange(0, 2**63 - 1), default=20261206, show_default=True,
              help="Seed of the bootstrap (same seed, same intervals).")
@click.option("--persistence-years", type=click.IntRange(1, 100), default=5, show_default=True,
              help="Baseline (d): force used against the country within this many years.")
@click.option("--include-unlisted", is_flag=True,
              help="Count profiles the outcomes file does not list (neither an onset nor 'quiet') as quiet; by "
                   "default they are left out and named.")
@click.option("--ceasefire-in-use", is_flag=True,
              help="Count days under a ceasefire of an armed conflict not yet ended as force in use (left out), "
                   "the strict reading for ceasefires broken by fighting.")
@click.option("--onset-level", type=click.Choice(["force", "war"]), default="force", show_default=True,
              help="Which onsets are predicted: every use of force (MID hostility 4-5), or only the onsets of a war "
                   "(invasions and armed conflicts, level 5), with days of lesser force measured, not left out.")
@click.option("--cluster", type=click.Choice(["state", "record"]), default="state", show_default=True,
              help="The bootstrap's unit: a state's records drawn together (India's four records are one cluster), "
                   "or each record alone.")
@click.option("--before-first-onset", is_flag=True,
              help="A diagnostic: evaluate each country only up to its first listed onset (its later days and "
                   "onsets left out), to see what an onset's legacy does to the figures.")
@click.option("--burn-in", "burn_in", type=click.IntRange(0, 3_652_059), default=0, show_default=True, metavar="DAYS",
              help="A diagnostic: leave out each record's first DAYS days (730: those whose two-year warning "
                   "baseline reaches back before the record began).")
@format_option("text", "json")
@output_option
@click.option("--profiles", "profile_paths", multiple=True, type=PathArg(), callback=given_folders,
              help="Profile file or folder (repeatable).")
@click.option("--rules", "rule_paths", multiple=True, type=PathArg(), callback=given_folders,
              help="Rule file or folder (repeatable).")
@click.option("--no-defaults", is_flag=True, help="Use only the rules and profiles named.")
@registry_option
def backtest(outcomes, alarm, horizon, split_date, resamples, seed, persistence_years, include_unlisted,
             ceasefire_in_use, onset_level, cluster, before_first_onset, burn_in, fmt, output, profile_paths, rule_paths,
             no_defaults):
    """Would the scores have warned? AUCs, precision, lead times, reliability and Brier skill against naive
    baselines, with cluster-bootstrap intervals (see docs/backtest-method.md)."""
    from assessor import backtest as bt
    from assessor.render import reporter

    if 0 < resamples < bt.FEW_RESAMPLES:
        note(f"--resamples {resamples}: fewer than {bt.FEW_RESAMPLES} leave a 2.5% tail of the 95% intervals without "
             f"a draw, so their ends are interpolated between the most extreme draws ({bt.RESAMPLES:,} as usual)")
    a = load_assessor(rule_paths, profile_paths, no_defaults)
    options = bt.Options(alarm=alarm, horizon=horizon, split_date=split_date,
                         resamples=resamples, seed=seed, persistence_years=persistence_years,
                         include_unlisted=include_unlisted, ceasefire_in_use=ceasefire_in_use,
                         before_first_onset=before_first_onset, onset_level=onset_level,
                         cluster=cluster, burn_in=burn_in)
    try:
        data = bt.load_outcomes(outcomes)
        refuse_output_over([data.file])  # load_assessor refused -o over the rest
        if same_file(data.file, str(bt.default_path())):  # the bundled onsets: of the countries this run has
            data, absent = bt.among(data, lambda c: _has_profile(a.profiles, c))
            if absent:
                note(f"the bundled outcomes file lists {len(absent)} countr{'y' if len(absent) == 1 else 'ies'} this "
                     f"run has no profile of, left out: {', '.join(absent)}")
        doc = bt.run(a, data, options=options)
    except ValueError as exc:  # a record longer than a timeline may be (assess.MAX_DATES days)
        raise AssessorError(f"backtest scores every day of each record: {exc}") from None
    finally:
        a.engine.close()
    if doc["unlisted"]:  # said on stderr too, so that a JSON reader sees it
        names = ", ".join(u["country"] for u in doc["unlisted"])
        note(f"not in the outcomes file ({len(doc['unlisted'])}): {names}: "
             + ("counted as quiet (--include-unlisted)" if include_unlisted else
                "left out (list them under 'quiet' or use --include-unlisted)"))
    emit(reporter(fmt).backtest(doc), output, [*a.inputs(), data.file])  # the file read, named or bundled
