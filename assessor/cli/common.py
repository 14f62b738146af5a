"""What every command shares: the date type, the common options, and the one way output leaves the program.

Imported by the command modules (:mod:`assessor.cli.assess`,
:mod:`assessor.cli.authoring`, :mod:`assessor.cli.report`); it imports none
of them, nor the group in :mod:`assessor.cli`, so there is no import circle.
"""

from __future__ import annotations

import datetime as _dt
import os
import sys
from collections.abc import Callable, Sequence

import click

from assessor.errors import AssessorError

FORMAT_HELP = "Output format."


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
