"""The command line: parse options, call the library, pick a reporter, set the exit code.

No assessment logic lives here.  Exit codes: 0 ok, 1 a problem was found
(validation errors, failing rule tests), 2 usage or input error.  Errors the
user can fix are one clear message on stderr, never a traceback.
"""

from __future__ import annotations

import datetime as _dt
import os
import sys
from pathlib import Path
from typing import Callable, Sequence

import click

from assessor import __version__
from assessor.errors import AssessorError, InputError

FORMAT_HELP = "Output format."


class Failure(click.ClickException):
    """An input or usage error: exit 2, message on stderr."""

    exit_code = 2

    def show(self, file=None) -> None:
        from assessor.render.safe import terminal

        click.echo(terminal(f"error: {self.format_message()}"), err=True)


class Group(click.Group):
    """Turns library errors into :class:`Failure` in one place (sqlite-utils style)."""

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except InputError as exc:
            raise Failure("invalid input:\n" + "\n".join(f"  {p}" for p in exc.problems)) from None
        except AssessorError as exc:
            raise Failure(str(exc)) from None


class ISODate(click.ParamType):
    name = "YYYY-MM-DD"

    def convert(self, value, param, ctx):
        if isinstance(value, _dt.date):
            return value
        text = str(value).strip()
        if text.lower() == "today":
            return _dt.date.today()
        try:
            if len(text) != 10:
                raise ValueError
            return _dt.date.fromisoformat(text)
        except ValueError:
            self.fail(f"{value!r} is not a real date in ISO form (YYYY-MM-DD)", param, ctx)


DATE = ISODate()


def format_option(*choices: str) -> Callable:
    """``--format`` with the given choices, the first being the default."""
    return click.option("--format", "fmt", type=click.Choice(list(choices)), default=choices[0],
                        show_default=True, help=FORMAT_HELP)


def use_colour(output: str) -> bool:
    return output == "-" and sys.stdout is not None and sys.stdout.isatty() and "NO_COLOR" not in os.environ


def write_stdout(text: str) -> None:
    """Write ``text`` to stdout in its own encoding, unencodable characters
    escaped (``\\u2192``), never a crash.

    A reader that went away (``| head``) ends the run quietly with 141, as a
    Unix tool killed by SIGPIPE would; any other failure to write (a full
    disk, a closed stdout) is one line on stderr and exit 2.  Either way the
    unwritten rest is discarded, so nothing complains again at exit.
    """
    stream = sys.stdout
    if stream is None:
        raise AssessorError("cannot write to standard output: it is closed")
    encoding = getattr(stream, "encoding", None) or "utf-8"
    data = text.encode(encoding, errors="backslashreplace")
    try:
        buffer = getattr(stream, "buffer", None)
        if buffer is None:
            stream.write(data.decode(encoding))
        else:
            stream.flush()
            buffer.write(data)
        stream.flush()
    except BrokenPipeError:
        _discard_stdout()
        raise SystemExit(141) from None
    except OSError as exc:
        _discard_stdout()
        raise AssessorError(f"cannot write to standard output: {exc.strerror or exc}") from None


def _discard_stdout() -> None:
    """Point stdout at /dev/null so the interpreter's final flush of what is
    left in its buffer succeeds silently (no 'Exception ignored' message)."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (AttributeError, OSError, ValueError):  # no real file descriptor (a test runner's buffer)
        pass


def emit(text: str, output: str, protect: Sequence[str] = ()) -> None:
    """Send ``text`` to stdout (``-``) or atomically to a file."""
    if output == "-":
        write_stdout(text)
    else:
        from assessor.output import write_atomic

        write_atomic(output, text, protect=protect)
        note(f"wrote {output}")


def note(text: str) -> None:
    """A one-line message on stderr (file names may hold anything: shown safely)."""
    from assessor.render.safe import terminal

    click.echo(terminal(text), err=True)


def data_options(f: Callable) -> Callable:
    """--rules and --profiles: replace the bundled defaults with files or folders."""
    f = click.option("--profiles", "profile_paths", multiple=True, type=click.Path(),
                     help="Profile file or folder (repeatable). Default: the bundled profiles.")(f)
    f = click.option("--rules", "rule_paths", multiple=True, type=click.Path(),
                     help="Rule file or folder (repeatable). Default: the bundled rules.")(f)
    return f


def output_option(f: Callable) -> Callable:
    return click.option("-o", "--output", default="-", show_default=True, metavar="FILE",
                        help="Write to FILE (atomically); '-' for stdout.")(f)


def load_assessor(rule_paths, profile_paths):
    from assessor.assess import Assessor

    return Assessor.load(list(rule_paths) or None, list(profile_paths) or None)


@click.group(cls=Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "-V", "--version", prog_name="assessor")
def cli():
    """assessor: rules-based deterrence risk assessment.

    Scores how exposed a country is to coercion or attack on a date (0-100),
    names a level (low, moderate, elevated, high, critical) and explains every
    point by the rule that gave it and the dated, sourced events behind it.

    Countries are named by id, name or ISO code, in any case ('all' for every
    profile).  Dates are ISO (YYYY-MM-DD).  Exit codes: 0 ok, 1 problem found,
    2 usage or input error.
    """


@cli.command()
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


@cli.command()
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

        files = [(plot, chart.draw(plot, a, profiles, points))] + ([(output, text)] if output != "-" else [])
        write_all(files, a.inputs())
        for path, _ in files:
            note(f"wrote {path}")
        if output != "-":
            return
    emit(text, output, a.inputs())


@cli.command()
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


# --------------------------------------------------------------------------- rules / profiles

@cli.group()
def rules():
    """Inspect, validate and test rule files."""


@rules.command("list")
@format_option("text", "json")
@click.option("--rules", "rule_paths", multiple=True, type=click.Path(), help="Rule file or folder (repeatable).")
def rules_list(fmt, rule_paths):
    """List the rules of a rule set."""
    from assessor import loader
    from assessor.render import reporter

    emit(reporter(fmt).ruleset(loader.load_ruleset(list(rule_paths) or None)), "-")


@rules.command("facts")
@format_option("text", "json")
def rules_facts(fmt):
    """List the derived facts rules can use, with their types."""
    from assessor.render import reporter

    emit(reporter(fmt).facts(), "-")


@cli.group()
def profiles():
    """Inspect and validate country profiles."""


@profiles.command("list")
@format_option("text", "json")
@click.option("--profiles", "profile_paths", multiple=True, type=click.Path(), help="Profile file or folder (repeatable).")
def profiles_list(fmt, profile_paths):
    """List the country profiles."""
    from assessor import loader
    from assessor.render import reporter

    ps = loader.load_profiles(list(profile_paths) or None).profiles.values()
    emit(reporter(fmt).profiles(sorted(ps, key=lambda p: p.id)), "-")


@cli.command()
@click.argument("which", type=click.Choice(["rules", "profile", "registry"]))
def schema(which):
    """Print the JSON Schema for rule files, profiles or registry files of states (for editors and CI)."""
    from assessor.spec import schema_text

    write_stdout(schema_text(which))


# Commands for rule authors and for reports live in their own modules; importing
# them registers their commands on the groups above.
from assessor import cli_authoring, cli_report  # noqa: E402,F401


def main(argv: Sequence[str] | None = None) -> None:
    cli.main(args=list(argv) if argv is not None else None, prog_name="assessor")
