"""GitHub Actions reporter: validation problems as workflow annotations (``::error file=...::message``)."""

from __future__ import annotations

from assessor.render.safe import terminal


def _escape(text: str, prop: bool = False) -> str:
    """Escape for a GitHub workflow command (its documented percent-encoding)."""
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return text.replace(":", "%3A").replace(",", "%2C") if prop else text


def problems(items, **_) -> str:
    """One annotation per problem, sorted by file, line and column."""
    lines = []
    for p in sorted(items):
        where = [f"file={_escape(p.file, True)}"]
        if p.line:
            where += [f"line={p.line}", f"col={p.col or 1}"]
        props = ",".join(where + [f"title={_escape(p.code, True)}"])
        lines.append(f"::{p.severity} {props}::{_escape(p.message)}\n")
    return terminal("".join(lines))
