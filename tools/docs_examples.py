"""Run every console example of the manual and compare it with the text, or rewrite the text.

    python tools/docs_examples.py              # check every example; exit 1 and a diff where one differs
    python tools/docs_examples.py --update     # rewrite the expected outputs in place (after a behaviour change)
    python tools/docs_examples.py --list       # list the examples
    python tools/docs_examples.py docs/authoring.md --update   # only these files

Use the venv's Python (``.venv/bin/python tools/...``): the ``assessor`` that runs is the one beside it.
``tests/test_docs_examples.py`` runs the same check, one test per example, so CI fails when the
manual and the program drift apart.

**What counts as an example.** A fenced ```` ```console ```` block in ``README.md`` or ``docs/**/*.md``.
Lines starting with ``$ `` are commands (a command ending in ``\\`` continues on the next line);
the lines up to the next command are what it prints, stdout and stderr together as a terminal
shows them. Blocks that only illustrate (shell recipes, elided or hand-written output) are fenced
as ```` ```sh ```` or ```` ```text ```` and are not run.

**How an example runs.** Each block runs, command after command, in one ``bash`` in a fresh
temporary directory holding copies of ``rules/``, ``profiles/``, ``world/`` (if present), ``docs/scenarios/`` and the
fixtures under ``docs/examples/`` (so ``my-rules/...`` there is ``docs/examples/my-rules/...``), so a
command may read what an earlier one wrote and ``echo $?`` shows the previous exit code; nothing
is written in the checkout. The environment is fixed: ``NO_COLOR=1``, ``TZ=UTC``,
``SOURCE_DATE_EPOCH`` (2026-12-01), ``COLUMNS=100``, UTF-8, unbuffered output (so stdout and
stderr interleave in the order they were written). An ``assess``, ``explain`` or ``rules facts
COUNTRY`` example must pin ``--date``, a ``report`` ``--date`` or ``--to``: their defaults are today.

**Normalisations (the only ones):** trailing blanks of each line and trailing blank lines are
ignored; an expected line that is exactly ``...`` matches any number of lines (zero or more). On
``--update`` a block with ``...`` keeps its elisions: each shown line is replaced by the first
later output line that starts the same way (up to and including its first ISO date, else up to
its first digit); a line that cannot be matched so is reported, and that block must be edited
by hand.
"""

from __future__ import annotations

import argparse
import difflib
import os
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
# Copied into the example's directory under these names (those that exist: `world/` is for the
# shared world records, when the checkout has them).
COPIED = ["rules", "profiles", "world", "docs/scenarios"]
FIXTURES = REPO / "docs" / "examples"  # copied into the example's directory itself
MARK = "@@@docs-example-end-of-command@@@"
ELLIPSIS = "..."
TIMEOUT = 600  # seconds per block: a hung example fails instead of hanging CI
# Commands whose output depends on today unless pinned: (pattern, options of which one must be given).
UNDATED = [
    (re.compile(r"^assessor\s+(assess|explain)\b"), ("--date",)),
    (re.compile(r"^assessor\s+rules\s+facts\s+\w"), ("--date",)),
    (re.compile(r"^assessor\s+report\b"), ("--date", "--to")),
]


@dataclass
class Command:
    text: str  # the command as bash reads it (continuation lines joined by the backslash-newline)
    expected: list[str] = field(default_factory=list)


@dataclass
class Example:
    path: Path
    line: int  # 1-based line of the opening fence
    body_start: int  # 0-based index of the first line inside the fence
    body_end: int  # 0-based index of the closing fence
    commands: list[Command]
    error: str = ""  # a block that is not a well-formed example: reported as its failure

    @property
    def name(self) -> str:
        path = self.path.relative_to(REPO) if self.path.is_relative_to(REPO) else self.path
        return f"{path}:{self.line}"


def manual_files() -> list[Path]:
    """README.md and every page of docs/, in a stable order."""
    return [REPO / "README.md", *sorted((REPO / "docs").rglob("*.md"))]


def parse(path: Path) -> list[Example]:
    """Every ```console block of a Markdown file, with its commands and their expected output."""
    lines = path.read_text(encoding="utf-8").split("\n")
    examples: list[Example] = []
    i = 0
    while i < len(lines):
        fence = re.match(r"^(\s*)(`{3,}|~{3,})\s*(\S*)", lines[i])
        if not fence:
            i += 1
            continue
        marker, lang = fence.group(2), fence.group(3)
        j = i + 1
        while j < len(lines) and not lines[j].strip().startswith(marker):
            j += 1
        if lang == "console":
            try:
                examples.append(Example(path, i + 1, i + 1, j, _commands(path, i + 1, lines[i + 1:j])))
            except ValueError as exc:
                examples.append(Example(path, i + 1, i + 1, j, [], error=str(exc)))
        i = j + 1
    return examples


def _commands(path: Path, first: int, body: list[str]) -> list[Command]:
    commands: list[Command] = []
    k = 0
    while k < len(body):
        line = body[k]
        if line.startswith("$ "):
            text = line[2:]
            while text.endswith("\\") and k + 1 < len(body):
                k += 1
                text += "\n" + body[k]
            commands.append(Command(text))
        elif commands:
            commands[-1].expected.append(line)
        elif line.strip():
            raise ValueError(f"{path}:{first + k + 1}: a console block must start with a '$ ' command line")
        k += 1
    if not commands:
        raise ValueError(f"{path}:{first}: a console block without a '$ ' command (fence it as ```text)")
    return commands


def environment() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("ASSESSOR_", "PYTEST", "FORCE_COLOR"))}
    env.update(
        PATH=f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}",
        NO_COLOR="1",
        TZ="UTC",
        SOURCE_DATE_EPOCH="1796083200",  # 2026-12-01T00:00:00Z
        COLUMNS="100",
        LC_ALL="C.UTF-8",
        PYTHONIOENCODING="utf-8",
        PYTHONUNBUFFERED="1",
        PYTHONDONTWRITEBYTECODE="1",
    )
    return env


def run(example: Example) -> list[list[str]]:
    """Run an example's commands in one bash, in a fresh directory; the output of each, as lines."""
    script = ["exec 2>&1"]
    for c in example.commands:
        script += [c.text, f"__rc=$?; printf '\\n%s\\n' '{MARK}'; (exit $__rc)"]
    with tempfile.TemporaryDirectory(prefix="docs-example-") as tmp:
        for name in COPIED:
            if (REPO / name).is_dir():
                shutil.copytree(REPO / name, Path(tmp) / name)
        if FIXTURES.is_dir():
            shutil.copytree(FIXTURES, tmp, dirs_exist_ok=True)
        proc = subprocess.run(
            ["bash", "--noprofile", "--norc"], input="\n".join(script) + "\n", capture_output=True,
            text=True, encoding="utf-8", errors="backslashreplace", cwd=tmp, env=environment(), timeout=TIMEOUT,
        )
    chunks = proc.stdout.split(f"\n{MARK}\n")[: len(example.commands)]
    chunks += [""] * (len(example.commands) - len(chunks))
    return [_clean(chunk.split("\n")) for chunk in chunks]


def _clean(lines: list[str]) -> list[str]:
    lines = [ln.rstrip() for ln in lines]
    while lines and not lines[-1]:
        lines.pop()
    return lines


def matches(expected: list[str], actual: list[str]) -> bool:
    """Equal line for line, an expected ``...`` line standing for any lines."""
    expected = _clean(expected)
    if ELLIPSIS not in expected:
        return expected == actual
    pattern = "".join("(?:[^\n]*\n)*?" if ln == ELLIPSIS else re.escape(ln) + "\n" for ln in expected)
    return re.fullmatch(pattern, "".join(ln + "\n" for ln in actual)) is not None


def _anchor(line: str) -> str:
    date = re.search(r"\d{4}-\d{2}-\d{2}", line)
    if date:
        return line[: date.end()]
    digit = re.search(r"\d", line)
    return line[: digit.start()] if digit and digit.start() > 0 else line


def updated(expected: list[str], actual: list[str]) -> list[str] | None:
    """The new expected text: the output itself, or for an elided block its shown lines brought up
    to date (None when a shown line has no counterpart)."""
    expected = _clean(expected)
    if ELLIPSIS not in expected:
        return actual
    out, at = [], 0
    for ln in expected:
        if ln == ELLIPSIS:
            out.append(ln)
            continue
        anchor = _anchor(ln)
        hit = next((k for k in range(at, len(actual)) if actual[k].startswith(anchor)), None)
        if hit is None:
            return None
        out.append(actual[hit])
        at = hit + 1
    return out if matches(out, actual) else None


def problems(example: Example) -> list[str]:
    """What is wrong with an example before it runs (an undated command)."""
    found = []
    for c in example.commands:
        for part in re.split(r"[|;&]+", c.text):
            for pattern, options in UNDATED:
                if pattern.match(part.strip()) and not any(o in part for o in options):
                    pinned = " or ".join(options)
                    found.append(f"{example.name}: '{c.text}' needs a pinned {pinned} (else its output changes with the day)")
    return found


def check(example: Example) -> tuple[list[str], list[list[str]]]:
    """The differences between an example and its run (empty: it holds), and the run's output."""
    if example.error:
        return [example.error], []
    diffs = problems(example)
    outputs = run(example)
    for c, actual in zip(example.commands, outputs):
        if not matches(c.expected, actual):
            diff = difflib.unified_diff(_clean(c.expected), actual, "documented", "actual", lineterm="")
            diffs.append(f"{example.name}: $ {c.text}\n" + "\n".join(diff))
    return diffs, outputs


def rewrite(path: Path, results: list[tuple[Example, list[list[str]]]]) -> list[str]:
    """Write the new expected outputs of one file's examples in place; blocks that cannot be updated."""
    lines = path.read_text(encoding="utf-8").split("\n")
    stuck = []
    for example, outputs in sorted(results, key=lambda r: r[0].body_start, reverse=True):
        if example.error:
            stuck.append(example.error)
            continue
        body: list[str] = []
        for c, actual in zip(example.commands, outputs):
            new = updated(c.expected, actual)
            if new is None:
                stuck.append(f"{example.name}: $ {c.text}: a shown line of this elided output has no counterpart; edit by hand")
                new = _clean(c.expected)
            body += ["$ " + c.text.split("\n")[0], *c.text.split("\n")[1:], *new]
        lines[example.body_start:example.body_end] = body
    path.write_text("\n".join(lines), encoding="utf-8")
    return stuck


def select(paths: Iterable[str]) -> list[Example]:
    files = [Path(p).resolve() for p in paths] or manual_files()
    return [e for f in files for e in parse(f)]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("files", nargs="*", help="Markdown files (default: README.md and docs/**/*.md)")
    ap.add_argument("--update", action="store_true", help="rewrite the expected outputs in place")
    ap.add_argument("--list", action="store_true", help="list the examples and their commands")
    ap.add_argument("--jobs", type=int, default=2, help="examples run at once (default 2)")
    args = ap.parse_args(argv)
    examples = select(args.files)
    if args.list:
        for e in examples:
            print(e.name, *("  $ " + c.text for c in e.commands), sep="\n")
        return 0
    with ThreadPoolExecutor(max(1, args.jobs)) as pool:
        results = list(pool.map(check, examples))
    failed = [d for diffs, _ in results for d in diffs]
    if args.update:
        stuck = problems_of(examples)
        by_file: dict[Path, list[tuple[Example, list[list[str]]]]] = {}
        for e, (_, outputs) in zip(examples, results):
            by_file.setdefault(e.path, []).append((e, outputs))
        for path, res in by_file.items():
            stuck += rewrite(path, res)
        changed = sum(1 for diffs, _ in results if diffs)
        print(f"{len(examples)} examples run, {changed} rewritten", file=sys.stderr)
        for s in stuck:
            print(s, file=sys.stderr)
        return 1 if stuck else 0
    for d in failed:
        print(d, end="\n\n")
    print(f"{len(examples)} examples, {sum(1 for diffs, _ in results if diffs)} differ", file=sys.stderr)
    return 1 if failed else 0


def problems_of(examples: list[Example]) -> list[str]:
    return [p for e in examples for p in problems(e)]


if __name__ == "__main__":
    sys.exit(main())
