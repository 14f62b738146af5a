"""Where something was defined (file, line, column): shared by the model and the condition IR.

Its own module so that ``ir`` (which needs it) and ``model`` (which needs ``ir.Node``)
do not import each other.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Loc:
    """Where something was defined: file, line, column (1-based)."""

    file: str
    line: int = 0
    col: int = 0

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.col}" if self.line else self.file
