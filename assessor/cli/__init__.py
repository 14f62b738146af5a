"""The command line: parse options, call the library, pick a reporter, set the exit code.

No assessment logic lives here.  Exit codes: 0 ok, 1 a problem was found
(validation errors, failing rule tests), 2 usage or input error.  Errors the
user can fix are one clear message on stderr, never a traceback: library
errors become :class:`Failure` in one place, :meth:`Group.invoke`.

This module holds the group and registers the commands, which live in
:mod:`assessor.cli.assess` (assess, timeline, explain),
:mod:`assessor.cli.authoring` (rules, profiles, schema) and
:mod:`assessor.cli.report` (report), :mod:`assessor.cli.sweeps` (sweep,
sensitivity); what they share is in
:mod:`assessor.cli.common`.  Imports go one way: this module imports the
command modules, they import ``common``, nothing imports this module back.
"""

from __future__ import annotations

from collections.abc import Sequence

import click

from assessor import __version__
from assessor.cli import assess, authoring, importing, report, sweeps
from assessor.cli.common import use_colour, write_stdout
from assessor.errors import AssessorError, InputError

__all__ = ["Failure", "Group", "cli", "main", "use_colour", "write_stdout"]


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
        except KeyboardInterrupt:  # Ctrl-C: exit as a process killed by SIGINT would (130), not click's 1
            click.echo("interrupted", err=True)
            ctx.exit(130)


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



for command in (assess.assess, assess.timeline, assess.explain, assess.compare, assess.backtest, authoring.init,
                authoring.rules, authoring.profiles, authoring.schema, report.report, sweeps.sweep, sweeps.sensitivity):
    cli.add_command(command)
cli.add_command(importing.import_group)


def main(argv: Sequence[str] | None = None) -> None:
    cli.main(args=list(argv) if argv is not None else None, prog_name="assessor")
