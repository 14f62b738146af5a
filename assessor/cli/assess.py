"""Commands that assess: ``assess``, ``timeline`` (with its chart) and ``explain``."""

from __future__ import annotations

from pathlib import Path

import click

from assessor.cli.common import DATE, data_options, emit, format_option, load_assessor, note, output_option, use_colour
from assessor.errors import AssessorError


@click.command()
@click.argument("countries", nargs=-1, required=True, metavar="COUNTRY...")
@click.option("--date", "date", type=DATE, default="today", show_default=True, help="Assessment date.")
@format_option("text", "json", "csv")
@click.option("--evidence", is_flag=True, help="Text format: list the evidence under each rule.")
@output_option
@data_options
def assess(countries, date, fmt, evidence, output, rule_paths, profile_paths):
    """Score COUNTRY... on a date, with the rules that contributed."""
    from assessor.render import reporter

    a = load_assessor(rule_paths, profile_paths)
    results = [a.assess(p, date) for p in a.countries(countries)]
    text = reporter(fmt).assessments(results, a.ruleset, colour=use_colour(output), evidence=evidence)
    emit(text, output, a.inputs())


@click.command()
@click.argument("countries", nargs=-1, required=True, metavar="COUNTRY...")
@click.option("--from", "start", type=DATE, required=True, help="First date.")
@click.option("--to", "end", type=DATE, required=True, help="Last date (inclusive).")
@click.option("--step", type=click.Choice(["day", "week", "month"]), default="week", show_default=True, help="Spacing of dates.")
@format_option("text", "json", "csv")
@click.option("--plot", type=click.Path(dir_okay=False), metavar="FILE.png|FILE.svg", help="Also draw the chart to this file.")
@output_option
@data_options
def timeline(countries, start, end, step, fmt, plot, output, rule_paths, profile_paths):
    """Score COUNTRY... on every date from --from to --to."""
    from assessor.assess import dates_between
    from assessor.render import reporter

    try:
        dates = dates_between(start, end, step)
    except ValueError as exc:
        raise click.UsageError(str(exc)) from None
    if plot:
        from assessor.render import chart

        if output != "-" and Path(plot).resolve() == Path(output).resolve():
            raise click.UsageError("--plot and -o name the same file; the chart would be overwritten")
        try:
            chart.check_range(start, end)
        except AssessorError as exc:
            raise click.UsageError(str(exc)) from None
    a = load_assessor(rule_paths, profile_paths)
    profiles = a.countries(countries)
    points = [pt for p in profiles for pt in a.timeline(p, dates)]
    text = reporter(fmt).timeline(points, colour=use_colour(output))
    if plot:  # the chart and the -o file together, or neither
        from assessor.output import write_all
        from assessor.report import chart_data

        fmt = chart.format_for(plot, [p.date for p in points])
        files = [(plot, chart.render(chart_data(a, profiles, points), fmt))] + ([(output, text)] if output != "-" else [])
        write_all(files, a.inputs())
        for path, _ in files:
            note(f"wrote {path}")
        if output != "-":
            return
    emit(text, output, a.inputs())


@click.command()
@click.argument("country")
@click.option("--date", "date", type=DATE, default="today", show_default=True, help="Assessment date.")
@format_option("text", "json")
@output_option
@data_options
def explain(country, date, fmt, output, rule_paths, profile_paths):
    """Explain COUNTRY's score: every rule, its evidence and sources, and what would change it."""
    from assessor import explain as ex
    from assessor.render import reporter

    a = load_assessor(rule_paths, profile_paths)
    doc = ex.explanation(a, a.assess(a.profile(country), date))
    emit(reporter(fmt).explanation(doc, colour=use_colour(output)), output, a.inputs())
