"""Write results safely: atomically, never over an input.

A reader of the output file sees either the old file or the complete new
one — never half a report — because we write a temporary file in the same
folder and rename it over the target (``os.replace`` is atomic on POSIX and
Windows).  An interrupted or failed run removes its temporary file.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Iterable

from assessor.errors import AssessorError


def refuse_inputs(path: str | Path, protect: Iterable[str | Path]) -> None:
    """Raise if ``path`` is one of the inputs in ``protect`` (checked before a
    run that writes several files writes any of them)."""
    target = Path(path)
    for p in protect:
        try:
            if target.exists() and target.resolve() == Path(p).resolve():
                raise AssessorError(f"refusing to overwrite input file {p}")
        except OSError:
            continue


def write_atomic(path: str | Path, content: str | bytes, protect: Iterable[str | Path] = ()) -> None:
    """Write ``content`` to ``path`` atomically; refuse to overwrite any path in ``protect``."""
    if not str(path).strip():
        raise AssessorError("the output file name is empty (use -o FILE, or -o - for stdout)")
    target = Path(path)
    refuse_inputs(target, protect)
    data = content.encode("utf-8") if isinstance(content, str) else content
    try:
        if target.exists() and not (target.is_file() or target.is_dir()):
            with open(target, "wb") as fh:  # /dev/null, a FIFO: a rename would replace the device
                fh.write(data)
        else:
            _replace(target, data)
    except OSError as exc:
        raise AssessorError(f"cannot write {target}: {exc.strerror or exc}") from None


def _replace(target: Path, data: bytes) -> None:
    import tempfile  # only when writing a file: keeps start-up light

    folder = target.parent if str(target.parent) else Path(".")
    if not folder.is_dir():
        raise AssessorError(f"cannot write {target}: folder {folder} does not exist")
    if target.is_dir():
        raise AssessorError(f"cannot write {target}: it is a folder")
    mode = target.stat().st_mode & 0o777 if target.exists() else 0o666 & ~_umask()
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, mode)
        os.replace(tmp, target)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current
