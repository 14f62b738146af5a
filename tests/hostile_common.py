"""What the hostile-input rounds share (their working-folder fixture ``in_dir`` is in conftest.py): the
one-line error check, and the CLI in a process of its own (a FIFO read for ever must not hang the test run)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def one_line_error(err: str) -> None:
    lines = [x for x in err.strip().splitlines() if not x.startswith("note:")]
    assert len(lines) == 1 and lines[0].startswith("error:"), err


def cli(*args, cwd: Path, env: dict | None = None, timeout: float = 60) -> subprocess.CompletedProcess:
    """The CLI in a process of its own, in ``cwd``, never reading the real user's config."""
    full = dict(os.environ, PYTHONPATH=str(REPO), XDG_CONFIG_HOME=str(cwd / "user-config"), **(env or {}))
    return subprocess.run([sys.executable, "-m", "assessor", *map(str, args)], cwd=cwd, env=full,
                          capture_output=True, text=True, timeout=timeout)
