"""The command line: parse options, call the library, pick a reporter, set the exit code.

No assessment logic lives here.  Exit codes: 0 ok, 1 a problem was found
(validation errors, failing rule tests), 2 usage or input error.  Errors the
user can fix are one clear message on stderr, never a traceback: library
errors become :class:`Failure` in one place, :meth:`Group.invoke`.

This module holds the group and registers the commands, which live in
:mod:`assessor.cli.assess` (assess, timeline, explain, compare, backtest),
:mod:`assessor.cli.authoring` (init, rules, profiles, schema),
:mod:`assessor.cli.report` (report), :mod:`assessor.cli.sweeps` (sweep,
sensitivity) and :mod:`assessor.cli.importing` (import); what they share is in
:mod:`assessor.cli.common`.  Imports go one way: this module imports the
command modules (each when one of its commands is first needed, see
:class:`Group`), they import ``common``, nothing imports this module back.
"""

from __future__ import annotations

import importlib
from collections.abc import Sequence

import click

from assessor import __version__
from assessor.cli.common import use_colour, write_stdout
from assessor.errors import AssessorError, InputError, clamp

__all__ = ["Failure", "Group", "cli", "main", "use_colour", "write_stdout"]


class Failure(click.ClickException):
    """An input or usage error: exit 2, message on stderr."""

    exit_code = 2

    def show(self, file=None) -> None:
        from assessor.render.safe import terminal

        click.echo(terminal(f"error: {self.format_message()}"), err=True)


# Every command: its name -> (the module of assessor.cli it lives in, its attribute there).
COMMANDS = {
    "assess": ("assess", "assess"), "timeline": ("assess", "timeline"), "explain": ("assess", "explain"),
    "compare": ("assess", "compare"), "backtest": ("assess", "backtest"), "init": ("authoring", "init"),
    "rules": ("authoring", "rules"), "profiles": ("authoring", "profiles"), "schema": ("authoring", "schema"),
    "report": ("report", "report"), "sweep": ("sweeps", "sweep"), "sensitivity": ("sweeps", "sensitivity"),
    "import": ("importing", "import_group"),
}


class Group(click.Group):
    """Turns library errors into :class:`Failure` in one place (sqlite-utils style).

    Its commands are imported when first needed: running ``timeline`` imports
    :mod:`assessor.cli.assess` alone, not the modules of the other commands
    (their options and imports are a few milliseconds of every run, the
    timeline benchmark's budget).  Whatever reads :attr:`commands` (``--help``,
    "no such command" suggestions, click's API, tests) gets every command.
    """

    def __init__(self, *args, **kwargs):
        self._lazy: dict[str, tuple[str, str]] = {}  # commands not imported yet: name -> (module, attribute)
        super().__init__(*args, **kwargs)

    @property  # type: ignore[override]  # click's plain attribute, read through a property here
    def commands(self) -> dict[str, click.Command]:
        for name in list(self._lazy):
            self._load(name)
        return self._commands

    @commands.setter
    def commands(self, value: dict[str, click.Command]) -> None:
        self._commands = value

    def add_lazy(self, commands: dict[str, tuple[str, str]]) -> None:
        """Register ``commands`` (name -> (module of assessor.cli, attribute)) without importing them."""
        self._lazy.update(commands)

    def _load(self, name: str) -> None:
        where = self._lazy.get(name)
        if where is not None:  # forgotten only once imported: a failed import fails again, with its error
            module, attribute = where
            self._commands[name] = getattr(importlib.import_module(f"assessor.cli.{module}"), attribute)
            del self._lazy[name]

    def get_command(self, ctx, cmd_name):
        self._load(cmd_name)
        return self._commands.get(cmd_name)

    def list_commands(self, ctx):
        return sorted({*self._commands, *self._lazy})

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except InputError as exc:
            raise Failure("invalid input:\n" + "\n".join(f"  {p}" for p in exc.problems)) from None
        except AssessorError as exc:
            from assessor.render.safe import one_line

            # one line (a name quoted in it may hold a newline), then the detail's lines
            raise Failure("\n  ".join([one_line(clamp(str(exc))), *(one_line(clamp(d)) for d in exc.detail)])) from None
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



cli.add_lazy(COMMANDS)


def main(argv: Sequence[str] | None = None) -> None:
    """The console script and ``python -m assessor`` (no ``argv``): one command, then the process
    ends, so what the command loads may be frozen out of the collector's way
    (:func:`assessor.cli.common.loading`).  Called with ``argv`` (from a program or a test), the
    process goes on and its collector is left as it is."""
    from assessor.cli import common

    common.ONE_SHOT = argv is None
    try:
        cli.main(args=list(argv) if argv is not None else None, prog_name="assessor")
    finally:
        common.ONE_SHOT = False
