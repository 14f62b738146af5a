"""Problems found in user input, and the exception that carries them.

Every problem names a file and, where the input has one, a line and column:
an error a user cannot locate is a bug (yamllint's "problem" objects are the
model).  The CLI turns an :class:`InputError` into one clear message and
exit code 2, never a traceback.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Problem:
    """One located problem in an input file (sorted by file, line, column)."""

    file: str
    line: int  # 1-based; 0 when the problem concerns the whole file
    col: int  # 1-based; 0 when unknown
    severity: str  # "error" | "warning"
    message: str
    code: str

    def __post_init__(self) -> None:
        object.__setattr__(self, "message", clamp(self.message))

    def __str__(self) -> str:
        where = self.file
        if self.line:
            where += f":{self.line}:{self.col or 1}"
        # one problem, one line: a file name or quoted value with a newline cannot start a line of its own
        return f"{where}: {self.severity}: {self.message} [{self.code}]".replace("\n", "\\n")

    def to_dict(self) -> dict:
        return {
            "file": self.file,
            "line": self.line,
            "col": self.col,
            "severity": self.severity,
            "code": self.code,
            "message": self.message,
        }


MESSAGE_LIMIT = 4_000  # characters of one message (the longest the project writes, a list of every fact, is ~2,500)


def clamp(text: str, limit: int = MESSAGE_LIMIT) -> str:
    """``text`` if it is at most ``limit`` characters, else its start and end with the middle left out and
    counted: a value of a megabyte quoted in a message ('unknown country 'abab…'') was a megabyte on one
    line of the terminal, from one field of a file."""
    if len(text) <= limit:
        return text
    head, tail = limit * 6 // 10, limit * 3 // 10
    return f"{text[:head]} … [{len(text) - head - tail:,} characters left out] … {text[-tail:]}"


def did_you_mean(name: str, choices: Iterable[str], parens: bool = False, cutoff: float = 0.6) -> str:
    """``; did you mean 'x'?`` (or `` (did you mean 'x'?)``) for the closest choice, or ``""``."""
    import difflib  # only on the error path

    close = difflib.get_close_matches(str(name), [str(c) for c in choices], n=1, cutoff=cutoff)
    if not close:
        return ""
    return f" (did you mean {close[0]!r}?)" if parens else f"; did you mean {close[0]!r}?"


class AssessorError(Exception):
    """A problem the user can fix; the CLI prints it without a traceback, on one line (a newline in a
    quoted name is shown as ``\\n``), then each line of ``detail`` on a line of its own."""

    def __init__(self, *args, detail: Iterable[str] = ()):
        super().__init__(*args)
        self.detail = tuple(detail)


class InputError(AssessorError):
    """One or more problems in an input file."""

    def __init__(self, problems: Iterable[Problem]):
        self.problems = sorted(problems)
        super().__init__("\n".join(str(p) for p in self.problems))

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]


class EngineUnavailable(AssessorError):
    """durable-rules could not be imported; assessing is impossible without it."""


class AmbiguousName(AssessorError):
    """A country named by a name or alias two profiles share: the message lists their ids (``listed``: the
    profiles as "id (path)", for a message of another command's own)."""

    def __init__(self, *args, listed: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.listed = listed
