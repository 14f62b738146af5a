"""Write results safely: atomically, all files of a result together, never over an input.

A reader of the output sees either the old files or the complete new ones —
never half a report, and never an old page beside a new chart: every file of
one result is first written to a temporary file in its target's folder
(flushed to disk), and only when all of them are written are they renamed
into place (``os.replace`` is atomic on POSIX and Windows).  If anything fails
before that, the temporary files are removed and the old files stay as they
were; if a rename fails half-way, the files already replaced are restored
from hard-link backups taken just before.

A SIGTERM (or SIGHUP) while writing removes the temporary files and exits
with 143 (129), like a process killed by that signal; Ctrl-C does the same
with a KeyboardInterrupt.
"""

from __future__ import annotations

import contextlib
import os
import signal
import time
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path

from assessor.errors import AssessorError

# Test hook: when set, the writer creates this file once its temporary files
# are written and waits there (up to a minute) so a test can signal it at a
# known point.  Never set it in normal use.
HOLD_ENV = "ASSESSOR_TEST_HOLD_WRITE"


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
    write_all([(path, content)], protect)


def write_all(files: Sequence[tuple[str | Path, str | bytes]], protect: Iterable[str | Path] = ()) -> None:
    """Write every ``(path, content)`` of one result, all or none (see the module docstring)."""
    protect = list(protect)
    plan = []
    for path, content in files:
        if not str(path).strip():
            raise AssessorError("the output file name is empty (use -o FILE, or -o - for stdout)")
        target = Path(path)
        refuse_inputs(target, protect)
        data = content.encode("utf-8") if isinstance(content, str) else content
        plan.append((target, data))
    with _cleanup_on_signal() as temps:
        try:
            staged = [_stage(target, data, temps) for target, data in plan]
            _hold()
            _commit(staged, temps)
        except OSError as exc:
            failed = getattr(exc, "assessor_target", None) or exc.filename or ""
            raise AssessorError(f"cannot write {failed}: {exc.strerror or exc}") from None


def _through_link(target: Path) -> tuple[Path, bool]:
    """Where writing ``target`` must go, and whether directly (no temporary file and rename).

    A symbolic link is written through, never replaced: to the regular file it
    names (atomically, the link kept), or directly when it names a device, a
    pipe or a terminal (``/dev/stdout`` → ``/proc/self/fd/1``).  A device
    itself (``/dev/null``, a FIFO) is written directly too.
    """
    if target.is_symlink():
        real = Path(os.path.realpath(target))
        if real.is_file():
            return real, False
        return target, True
    return target, target.exists() and not (target.is_file() or target.is_dir())


def _temp_beside(target: Path, temps: list[str]) -> tuple[int, str, int]:
    """A new temporary file in ``target``'s folder (recorded in ``temps``): its descriptor,
    its name, and the mode the result must get (the old file's, or the umask's)."""
    import tempfile  # only when writing a file: keeps start-up light

    folder = target.parent if str(target.parent) else Path(".")
    if not folder.is_dir():
        raise AssessorError(f"cannot write {target}: folder {folder} does not exist")
    if target.is_dir():
        raise AssessorError(f"cannot write {target}: it is a folder")
    mode = target.stat().st_mode & 0o777 if target.exists() else 0o666 & ~_umask()
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
    temps.append(tmp)
    return fd, tmp, mode


def _stage(target: Path, data: bytes, temps: list[str]) -> tuple[Path, str | None, bytes]:
    """Write ``data`` beside ``target`` in a temporary file; ``None`` for a device
    (/dev/null, a FIFO), which is written directly at commit: a rename would replace it."""
    try:
        target, direct = _through_link(target)
        if direct:
            return target, None, data
        fd, tmp, mode = _temp_beside(target, temps)
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, mode)
        return target, tmp, data
    except OSError as exc:
        exc.assessor_target = str(target)  # type: ignore[attr-defined]
        raise


def _commit(staged: list[tuple[Path, str | None, bytes]], temps: list[str]) -> None:
    """Rename every temporary file into place; undo the renames done if one fails."""
    backups: list[tuple[Path, bool, str | None]] = []  # (target, existed, hard-link backup of its old content)
    try:
        for target, tmp, _ in staged:
            if tmp is None:
                continue
            backup, existed = None, target.exists()
            if existed:
                backup = f"{tmp}.old"
                try:
                    os.link(target, backup)
                    temps.append(backup)
                except OSError:  # no hard links here: the rename is still atomic, only the undo is lost
                    backup = None
            backups.append((target, existed, backup))
            try:
                os.replace(tmp, target)
            except OSError as exc:
                backups.pop()
                exc.assessor_target = str(target)  # type: ignore[attr-defined]
                raise
            temps.remove(tmp)
    except BaseException:
        for target, existed, backup in reversed(backups):
            with contextlib.suppress(OSError, ValueError):
                if not existed:
                    os.unlink(target)
                elif backup is not None:
                    os.replace(backup, target)
                    temps.remove(backup)
        raise
    for _, _, backup in backups:
        if backup is not None:
            with contextlib.suppress(OSError, ValueError):
                os.unlink(backup)
                temps.remove(backup)
    for target, tmp, data in staged:
        if tmp is None:
            try:
                with open(target, "wb") as fh:
                    fh.write(data)
            except OSError as exc:
                exc.assessor_target = str(target)  # type: ignore[attr-defined]
                raise


@contextlib.contextmanager
def streaming(path: str | Path, protect: Iterable[str | Path] = ()) -> Iterator:
    """A binary file to write a large result into piece by piece, renamed into
    place only when the block ends without error (a device is written directly).

    Output far larger than memory (``assessor sweep``) is never held whole; a
    failure or a SIGTERM half-way leaves the old file, and no temporary one.
    """
    if not str(path).strip():
        raise AssessorError("the output file name is empty (use -o FILE, or -o - for stdout)")
    target = Path(path)
    refuse_inputs(target, protect)
    with _cleanup_on_signal() as temps:
        try:
            target, direct = _through_link(target)
            if direct:
                with open(target, "wb") as fh:
                    yield fh
                return
            fd, tmp, mode = _temp_beside(target, temps)
            with os.fdopen(fd, "wb") as fh:
                yield fh
                fh.flush()
                os.fsync(fh.fileno())
            os.chmod(tmp, mode)
            _hold()
            os.replace(tmp, target)
            temps.remove(tmp)
        except OSError as exc:
            raise AssessorError(f"cannot write {target}: {exc.strerror or exc}") from None


class _Terminated(SystemExit):
    """A terminating signal arrived while writing; exit as the signal would."""


@contextlib.contextmanager
def _cleanup_on_signal() -> Iterator[list[str]]:
    """Yield a list the writer fills with its temporary files; remove whatever
    is still in it on any failure, including SIGTERM and SIGHUP (handlers
    installed only while writing, and only in the main thread)."""
    temps: list[str] = []

    def terminate(signum, frame):
        raise _Terminated(128 + signum)

    previous = {}
    for sig in (signal.SIGTERM, getattr(signal, "SIGHUP", None)):
        if sig is None:
            continue
        try:
            previous[sig] = signal.signal(sig, terminate)
        except (ValueError, OSError):  # not the main thread, or not allowed here
            pass
    try:
        yield temps
    except BaseException:
        for tmp in temps:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
        raise
    finally:
        for sig, handler in previous.items():
            with contextlib.suppress(ValueError, OSError, TypeError):
                signal.signal(sig, handler)


def _hold() -> None:
    flag = os.environ.get(HOLD_ENV)
    if not flag:
        return
    Path(flag).write_text("written\n")
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        time.sleep(0.05)


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current
