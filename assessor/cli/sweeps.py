"""Commands that sweep: ``sweep`` (every Monte Carlo sample, streamed) and ``sensitivity``."""

from __future__ import annotations

import contextlib

import click

from assessor.cli.common import (
    DATE,
    PathArg,
    checked_output,
    data_options,
    emit,
    format_option,
    load_countries,
    note,
    output_option,
    period,
    progress,
    same_file,
    sweep_executor,
    sweep_options,
    uncertain_inputs,
    write_stdout,
    wrote,
)


@click.command()
@click.argument("countries", nargs=-1, required=True, metavar="COUNTRY...")
@click.option("--samples", type=click.IntRange(1, 10_000_000), required=True, metavar="N", help="Monte Carlo samples.")
@click.option("--from", "start", type=DATE, help="First date.  [default: the earliest start of the countries' records]")
@click.option("--to", "end", type=DATE, help="Last date.  [default: the latest end of their records]")
@click.option("--step", type=click.Choice(["day", "week", "month"]), default="week", show_default=True)
@format_option("csv", "jsonl", "parquet")  # without --format, -o's name says it (common.SUFFIX_FORMATS), else csv
@output_option
@data_options
@sweep_options()
def sweep(countries, samples, start, end, step, fmt, output, rule_paths, profile_paths, no_defaults, scenarios,
          seed, uncertainty_paths, jobs, scheduler):
    """Every Monte Carlo sample's score on every date, one row each, written as it is computed.

    Rows are country, date, sample, score, structural, warning (the two
    indices, as timeline shows them), level, covered (whether the date lies
    in the period the record was checked for) and, under --scenario, scenario
    (its name), in sample order whatever the
    number of workers, so the output is byte-identical for a seed; memory
    stays flat however many samples.  Parquet (needs pyarrow:
    pip install 'assessor[parquet]') goes to a file (-o FILE)."""
    from assessor import serialize as data
    from assessor import sweep as sw
    from assessor.render import rows as render_rows

    if fmt == "parquet" and output == "-":
        raise click.UsageError("--format parquet writes a binary file: give -o FILE.parquet")
    a, profiles = load_countries(countries, rule_paths, profile_paths, no_defaults, scenarios)
    start, end, dates = period(profiles, start, end, step)
    inputs, _ = uncertain_inputs(a, profiles, uncertainty_paths)
    model = sw.Model(a.ruleset, tuple(profiles), tuple(inputs), tuple(dates), seed)
    writer = render_rows.writer(fmt, data.scenario_label(data.scenarios(a.ruleset)))
    with sweep_executor(a, jobs, scheduler) as ex, progress(samples, "sampling") as tick:
        stream = sw.rows(model, samples, ex, progress=tick)
        if output == "-":
            writer(stream, lambda b: write_stdout(b.decode("utf-8")))
        else:
            from assessor.output import streaming

            with streaming(output, a.inputs()) as fh:
                writer(stream, fh if fmt == "parquet" else fh.write)
    if output != "-":
        wrote(output)


@click.command()
@click.argument("countries", nargs=-1, required=True, metavar="COUNTRY...")
@click.option("--from", "start", type=DATE, help="First date.  [default: the earliest start of the countries' records]")
@click.option("--to", "end", type=DATE, help="Last date.  [default: the latest end of their records]")
@click.option("--step", type=click.Choice(["day", "week", "month"]), default="month", show_default=True)
@click.option("--method", type=click.Choice(["auto", "morris", "sobol"]), default="auto", show_default=True,
              help="Morris screening (many inputs) or Sobol indices (few); auto: Sobol up to 12 inputs.")
@click.option("--size", type=click.IntRange(2, 8192), metavar="N",
              help="Morris trajectories (2-1000) or Sobol base samples (a power of two, 8-8192).  "
                   "[default: 20 trajectories, 256 samples]")
@click.option("--top", type=click.IntRange(1, 10_000), default=15, show_default=True,
              help="Text and chart: show the N largest effects (JSON lists every input).")
@format_option("text", "json")
@click.option("--plot", type=PathArg(dir_okay=False), metavar="FILE.png|FILE.svg", callback=checked_output,
              help="Also draw the ranking.")
@output_option
@data_options
@sweep_options(seed_max=2**32 - 2)  # SALib's designs take NumPy seeds (< 2**32)
def sensitivity(countries, start, end, step, method, size, top, fmt, plot, output, rule_paths, profile_paths,
                no_defaults, scenarios, seed, uncertainty_paths, jobs, scheduler):
    """Rank the uncertain inputs by their effect on COUNTRY...'s score and level.

    Inputs are the ranges of rule points, event dates and severities (the
    bundled uncertainty file, ranges written in rules and profiles, the
    project's and --uncertainty files).  Outputs: each country's mean score
    and mean level over the period.  Estimators are SALib's."""
    from assessor import sensitivity as sens
    from assessor import sweep as sw
    from assessor.render import reporter

    chart_format = _chart_format(plot, output) if plot else None
    a, profiles = load_countries(countries, rule_paths, profile_paths, no_defaults, scenarios)
    start, end, dates = period(profiles, start, end, step)
    every, files = uncertain_inputs(a, profiles, uncertainty_paths)
    acting = sens.acting_inputs(every, profiles, end)
    chosen = sens.choose(method, len(acting)) if acting else "morris"
    size = size or (20 if chosen == "morris" else 256)
    if chosen == "morris" and size > 1000:
        raise click.UsageError(f"--size {size}: Morris screening needs 2 to 1000 trajectories (20 is usual)")
    if chosen == "sobol" and size < 8:
        raise click.UsageError(f"--size {size}: Sobol indices need at least 8 base samples (256 is usual)")
    if acting:
        sens.check_design(chosen, acting, size)
        sens.check_work(chosen, len(acting), size, len(profiles), len(dates))
    model = sw.Model(a.ruleset, tuple(profiles), tuple(acting), tuple(dates), seed)
    total = sens.design_points(chosen, len(acting), size)
    with sweep_executor(a, jobs, scheduler) as ex, progress(total, "evaluating") as tick:
        found = sens.analyse(model, every, chosen, size, seed, ex, progress=tick)
    from assessor import serialize as data
    from assessor.uncertainty import describe

    by_id = {p.id: p for p in profiles}
    docs = [{**sens.to_dict(x, (start, end), step, size, seed, sens.outside_record(by_id[x.country], dates)),
             "uncertainty_files": describe(files),
             **({"scenarios": data.scenarios(a.ruleset)} if a.ruleset.scenarios else {})} for x in found]
    text = reporter(fmt).sensitivity(docs, top=top)
    if not plot:
        emit(text, output, a.inputs())
        return
    from assessor.output import write_all
    from assessor.render import chart

    chart.take_missing_glyphs()
    picture = chart.render_sensitivity(docs, top, chart_format or "png")
    boxes = chart.glyph_note(plot) if (chart_format or "png") == "png" else None
    if output != "-":
        write_all([(plot, picture), (output, text)], a.inputs())  # the chart and the -o file together, or neither
        note(f"wrote {plot}")
        note(f"wrote {output}")
        if boxes:
            note(boxes)
        return
    import os

    existed = os.path.lexists(plot)
    write_all([(plot, picture)], a.inputs())
    try:
        emit(text, "-")
    except BaseException:
        if not existed:  # the run failed: no chart of it is left behind
            with contextlib.suppress(OSError):
                os.unlink(plot)
        raise
    note(f"wrote {plot}")
    if boxes:
        note(boxes)


CHART_SUFFIXES = {".png": "png", ".svg": "svg"}


def _chart_format(plot: str, output: str) -> str:
    """The format --plot's file name asks for (refused if none), and never the -o file's path."""
    import os

    suffix = os.path.splitext(plot)[1].lower()
    if suffix not in CHART_SUFFIXES:
        raise click.UsageError(f"--plot {plot!r}: the chart is written as its name says: end it in "
                               f"{' or '.join(CHART_SUFFIXES)}")
    if output != "-" and same_file(plot, output):
        raise click.UsageError(f"--plot and -o name the same file ({output}): the text would overwrite the chart")
    return CHART_SUFFIXES[suffix]


