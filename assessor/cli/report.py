"""CLI command ``assessor report``: explanation reports in HTML, Markdown or JSON.

Everything is rendered in memory first and only then written, all files of
the report together (see :func:`assessor.output.write_all`), so a failed or
interrupted run leaves the old files as they were — never a new chart beside
an old page — and never writes over an input.
"""

from __future__ import annotations

from pathlib import Path

import click

from assessor.cli.common import (
    DATE,
    checked_output,
    data_options,
    emit,
    examples,
    load_assessor,
    load_countries,
    note,
    registry_paths,
    sampling_options,
)
from assessor.errors import AssessorError
from assessor.score import plural_words

FORMATS = ("html", "markdown", "json")
EXTENSIONS = {".html": "html", ".htm": "html", ".md": "markdown", ".markdown": "markdown", ".json": "json"}


class _Format(click.Choice):
    """The formats, and the file extensions' short names for them (``--format md``, as ``-o r.md`` says it): ``md``
    was refused while ``.md`` chose Markdown (a review's finding)."""

    def convert(self, value, param, ctx):
        short = EXTENSIONS.get("." + str(value).lower()) if isinstance(value, str) else None
        return super().convert(short or value, param, ctx)


def format_of(output: str, fmt: str | None) -> str:
    """``--format`` if given, else the format the file name says."""
    if fmt:
        return fmt
    found = EXTENSIONS.get(Path(output).suffix.lower()) if output != "-" else None
    if found is None:
        names = ", ".join(EXTENSIONS)
        where = "stdout" if output == "-" else repr(output)
        raise click.UsageError(f"cannot tell the report format for {where}: give --format, or name the file {names}")
    return found


def chart_path(output: str) -> Path:
    """Where a Markdown report's chart goes: beside it, ``r.md`` → ``r.chart.png``."""
    p = Path(output)
    return p.with_name((p.stem if p.suffix else p.name) + ".chart.png")


def _html(doc: dict, output: str) -> list[tuple[str, str | bytes]]:
    from assessor.render import html

    return [(output, html.page(doc))]


def _markdown(doc: dict, output: str) -> list[tuple[str, str | bytes]]:
    """The chart (and, for several countries, the map) go beside the file,
    linked relatively; on stdout (or a device such as /dev/stdout) there is
    no beside, so they are embedded as data: URIs instead."""
    from assessor.render import chart, markdown

    image = chart.png(doc)
    picture, note = markdown.map_png(doc)
    if output == "-" or (Path(output).exists() and not Path(output).is_file()):
        import base64

        uri = lambda data: "data:image/png;base64," + base64.b64encode(data).decode("ascii")  # noqa: E731
        return [(output, markdown.report(doc, uri(image), uri(picture) if picture else "", note))]
    png = chart_path(output)
    files: list[tuple[str, str | bytes]] = [(str(png), image)]
    if picture:
        files.append((str(png.with_name(png.name.replace(".chart.png", ".map.png"))), picture))
    for path, _ in files:  # names the user did not type: a link planted there would be written through
        if Path(path).is_symlink():
            raise AssessorError(f"{path} is a symbolic link: a Markdown report's pictures are written beside it, "
                                "never through a link; remove the link or choose another -o")
    name = files[-1][0].rsplit("/", 1)[-1] if picture else ""
    return [*files, (output, markdown.report(doc, png.name, name, note))]


def _json(doc: dict, output: str) -> list[tuple[str, str | bytes]]:
    from assessor.render.jsonout import dumps

    return [(output, dumps(doc))]


WRITERS = {"html": _html, "markdown": _markdown, "json": _json}


def command_line(profiles, start, end, date, step, fmt, output, rule_paths, profile_paths, scenarios=(),
                 no_defaults: bool = False, samples: int | None = None, seed: int = 0, uncertainty=(),
                 registry=()) -> str:
    """The command that reproduces this report, defaults resolved (so 'today'
    or a missing --to cannot make it mean something else tomorrow)."""
    args = ["assessor", "report", *(p.id for p in profiles), "--from", start.isoformat(), "--to", end.isoformat(),
            "--date", date.isoformat(), "--step", step, "--format", fmt, "-o", output]
    for flag, paths in (("--rules", rule_paths), ("--profiles", profile_paths), ("--registry", registry),
                        ("--scenario", scenarios)):
        for p in paths:
            args += [flag, str(p)]
    if no_defaults:
        args.append("--no-defaults")
    if samples:
        args += ["--samples", str(samples), "--seed", str(seed)]
        for p in uncertainty:
            args += ["--uncertainty", str(p)]
    import shlex

    return shlex.join(args)


def progress_bar():
    """A progress bar on stderr when it is a terminal; nothing otherwise, so
    logs and pipes stay clean."""
    from assessor.cli.common import bar_stream, stderr_is_terminal

    if not stderr_is_terminal():  # closed (2>&-) too: no bar, no crash
        return None
    return lambda total: click.progressbar(length=total, label="scoring", file=bar_stream(), show_eta=False)


@click.command(epilog=examples("assessor report finland sweden -o report.html",
                               "assessor report kuwait-1990 --date 1990-07-30 -o kuwait.md",
                               "assessor report finland --from 2021-06-01 --to 2024-06-30 -o finland.json"))
@click.argument("countries", nargs=-1, required=True, metavar="COUNTRY...")
@click.option("--from", "start", type=DATE, help="First date of the timeline.  [default: start of the earliest record, "
              "or --date or --to when before it]")
@click.option("--to", "end", type=DATE, help="Last date of the timeline.  [default: --date, else the end of the latest record or "
                                             "today, whichever is earlier]")
@click.option("--date", "date", type=DATE, help="Date to explain in detail.  [default: the first COUNTRY's peak "
                                                 "within the period]")
@click.option("--step", type=click.Choice(["day", "week", "month"]), default="week", show_default=True,
              help="Spacing of the timeline's dates (key moments are found to the day regardless).")
@click.option("-o", "--output", required=True, metavar="FILE", callback=checked_output,
              help="Write to FILE (atomically); '-' for stdout.  Markdown puts its chart beside it (r.md: r.chart.png).")
@click.option("--format", "fmt", type=_Format(FORMATS), help="Report format (md and htm name theirs too).  [default: from "
                                                              "FILE's extension: .html/.htm, .md/.markdown, .json]")
@data_options
@sampling_options
def report(countries, start, end, date, step, output, fmt, rule_paths, profile_paths, no_defaults, scenarios,
           samples, seed, uncertainty_paths, jobs, scheduler):
    """Write a report on COUNTRY... for readers who will never run the tool.

    A headline per country (its peak, its turning points and what moved it
    most); a chart of the score over time with the level bands, labelled key
    events and the stretches outside each record greyed; every day the level
    changed and why; the breakdown on --date from the base
    score to the final one, each rule with its evidence and linked sources;
    what single change would move the level (re-scored by the engine); what
    the data could not show; every source; and the provenance (tool, rule
    set and profile hashes, the command, the time).
    """
    if not samples and (jobs or scheduler):  # as assess: these options run --samples, nothing else
        raise click.UsageError("--jobs and --scheduler run --samples: give --samples N")
    from assessor import report as rep
    from assessor import scenario

    fmt = format_of(output, fmt)
    if fmt == "markdown" and output != "-":  # its chart beside it, checked now as -o is (not after the whole report)
        from assessor.output import check_destination

        check_destination(chart_path(output))
    rep.source_date_epoch()  # a malformed SOURCE_DATE_EPOCH fails now, not after the work
    a, profiles = load_countries(countries, rule_paths, profile_paths, no_defaults, scenarios)
    given_end = end
    start, end = rep.default_period(profiles, start, end, date)
    if end < start:  # the --from given is after the end of the period: named as the user gave it, or as its default
        to = (f"--to {end}" if given_end is not None else f"--date {end} (the --to it gives)" if date is not None
              else f"the default --to {end} (the end of the records, or today)")
        raise click.UsageError(f"{to} is before --from {start}")
    if date is not None and not start <= date <= end:
        raise click.UsageError(f"--date {date} lies outside --from {start} --to {end}: the chart would not show it")
    try:
        rep.check_period(start, end, step)
    except ValueError as exc:
        raise click.UsageError(str(exc)) from None
    chosen = date is None
    if chosen:  # the most informative day: the first country's peak (the report says so)
        date = rep.peak_date(a, profiles[0], start, end)
    command = command_line(profiles, start, end, date, step, fmt, output, rule_paths, profile_paths, scenarios, no_defaults,
                           samples, seed, uncertainty_paths, registry_paths())
    notes, bands, baseline, what_if = [], None, None, ""
    if not samples and (uncertainty_paths or seed):
        raise click.UsageError("--uncertainty and --seed need --samples N (how many samples to draw)")
    if scenarios:
        baseline = load_assessor(rule_paths, profile_paths, no_defaults, ())
        # as text says them: several are applied in order ('the scenario “A”, “B”' read as one scenario of two names)
        names = ", then ".join(f"\u201c{scenario.load(s).name}\u201d" for s in scenarios)
        which = f"the scenario{'s' if len(scenarios) > 1 else ''} {names}"
        what_if = f"What if: scored under {which}, not the record and rules as they are."
        notes.append(f"What if: scored under {which}; the chart also draws each country's baseline "
                     "(the record and rules as they are) as a dotted line.")
    if samples:
        from assessor.cli.assess import _bands

        def bands(days):
            return _bands(a, profiles, days, samples, seed, uncertainty_paths, jobs, scheduler)

        notes.append(plural_words(f"How sure: the shaded band around each line holds the middle 90 % (P5 to P95) of "
                                  f"{samples:,} Monte Carlo sample(s) (seed {seed}) of the uncertain inputs: rule "
                                  "points, event dates and severities."))
    doc = rep.build(a, profiles, start, end, date, step=step, command=command, progress=progress_bar(),
                    date_chosen=chosen, bands=bands, baseline=baseline, notes=notes, what_if=what_if)
    from assessor.render import chart

    chart.take_missing_glyphs()
    files = WRITERS[fmt](doc, output)
    pngs = [path for path, _ in files if path.lower().endswith(".png")]
    boxes = chart.glyph_note(" and ".join(pngs) if pngs else "the chart embedded in the page") \
        if fmt == "markdown" else None
    if output == "-":  # one file only: a Markdown chart is embedded
        page = files[0][1]
        assert isinstance(page, str)  # the page itself, never a chart's bytes
        emit(page, "-")
        if boxes:
            note(boxes)
        return
    from assessor.output import write_all

    write_all(files, a.inputs())  # the page and its chart together, or neither
    for path, _ in files:
        note(f"wrote {path}")
    if boxes:
        note(boxes)
