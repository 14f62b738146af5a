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
import errno
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
            # the same path once links are followed, or the same file by another name (a hard link: the rename
            # replaced that name, so the output landed where the input had been, the link to it cut silently)
            if target.exists() and (target.resolve() == Path(p).resolve() or os.path.samefile(target, p)):
                raise AssessorError(f"refusing to overwrite input file {p}")
        except OSError:
            continue


def _check_name(path: str | Path) -> None:
    """An output name that cannot be a file: empty, or ending in a slash (``-o out.txt/`` wrote ``out.txt``,
    since Path drops the slash, where the shell and open() refuse a file name that ends in one)."""
    text = str(path)
    if not text.strip():
        raise AssessorError("the output file name is empty (use -o FILE, or -o - for stdout)")
    if text.endswith(("/", os.sep)):
        raise AssessorError(f"cannot write {text}: a name ending in '/' names a folder, not a file")


# What a name ending in these says: a compressed file, which assessor never writes.
COMPRESSED = (".gz", ".tgz", ".bz2", ".xz", ".lzma", ".zst", ".zip", ".7z")


def check_destination(path: str | Path) -> None:
    """Refuse now an output that could not be written later (a bad name, a folder, a missing folder): for a
    command that writes one file before another, so the second's failure does not leave the first alone.

    A name of a compressed file is refused too: since -o's name says the format (``-o t.json`` writes JSON),
    ``-o t.json.gz`` wrote plain text into a file every gzip reader refused, where ``report -o r.html.gz`` was
    already an error.  Compressing is the shell's: ``-o - | gzip > t.json.gz``."""
    _check_name(path)
    name = os.path.basename(str(path)).lower()
    if name.endswith(COMPRESSED) and name not in COMPRESSED:  # '.gz' alone is a hidden file's name, not a suffix
        raise AssessorError(f"cannot write {path}: the name says a compressed file, and assessor writes none; "
                            f"write to stdout and compress it (-o - | gzip > {os.path.basename(str(path))})")
    _check_place(Path(path))
    _refuse_user_config(path)
    _refuse_project_folder(Path(path))


def _refuse_project_folder(target: Path) -> None:
    """A YAML file written into a folder the project lists (its profiles, rules, registry or world records) is
    read by every later run of the project, as one written into a bundled folder would be by every run: `timeline
    -o profiles/new.yaml` wrote the timeline there, and every command of the project then ended in 'top level
    must be a mapping'.  Refused as the bundled folders are; another name there (a .md, a .json) is not read."""
    if not target.name.lower().endswith((".yaml", ".yml")) or os.path.lexists(target):
        return  # a file already there is one of the project's inputs, refused as such ('refusing to overwrite ...')
    from assessor import project

    try:
        proj = project.load()
    except AssessorError:
        return  # a broken project file: the command says so itself when it loads it
    for key, folder in proj.read_folders():
        if _same_folder(folder, target):
            raise AssessorError(f"cannot write {target}: the project ({proj.path}) reads every .yaml file of "
                                f"{folder} as its {key}, so the next run would read this output too (write it "
                                "elsewhere, or under another name)")


def _same_folder(folder: str | Path, target: Path) -> bool:
    """Whether ``target`` lies right in ``folder`` (the same folder by any name)."""
    try:
        return os.path.isdir(folder) and os.path.samefile(folder, target.parent if str(target.parent) else ".")
    except (OSError, ValueError):
        return False


def refuse_yaml_into(path: str | Path, folders: Sequence[tuple[str, str | Path]]) -> None:
    """A new YAML output into a folder the same command line reads (``--profiles DIR``, ``--rules DIR``,
    ``--registry DIR``: ``(option, folder)`` pairs), refused as one into a folder the project lists: `assess
    --profiles mine -o mine/out.yaml` wrote the assessment there, and every later command given that folder
    ended in a YAML error about the output."""
    target = Path(path)
    if not target.name.lower().endswith((".yaml", ".yml")) or os.path.lexists(target):
        return  # a file already there is one of this run's inputs, refused as such
    for option, folder in folders:
        if _same_folder(folder, target):
            raise AssessorError(f"cannot write {target}: {option} {folder} reads every .yaml file of that folder, so "
                                "a later run given it would read this output too (write it elsewhere, or under "
                                "another name)")
        if option == "--rules" and _same_folder(Path(folder) / "tests", target):  # its rule tests, as a project's
            raise AssessorError(f"cannot write {target}: `rules test {folder}` reads every .yaml file of "
                                f"{Path(folder) / 'tests'} as rule tests, so a later run would read this output too "
                                "(write it elsewhere, or under another name)")


def _refuse_user_config(path: str | Path) -> None:
    """The user's own configuration file is never an output, read by this run or not: it was protected only by
    the runs that read it (those that sample), so `assess ... -o ~/.config/assessor/config.toml` wrote the
    assessment over it, and every later sampling run ended in 'not valid TOML' - the one file besides the
    command line that may choose where code runs."""
    from assessor.project import user_config_path

    user = user_config_path()
    if user is not None:
        refuse_inputs(path, [user])


def _check_place(target: Path) -> Path:
    """Refuse a target whose folder is missing, that is a folder, or that is a read-only file; its folder.

    A name the system cannot even look up (a component over 255 bytes: ENAMETOOLONG; EACCES on a folder on
    the way) is refused here in one line: ``Path.is_dir`` passes only 'no such file' errors over, so
    ``-o`` with a 300-character name was a traceback."""
    try:
        folder = target.parent if str(target.parent) else Path(".")
        if not folder.is_dir():
            raise AssessorError(f"cannot write {target}: folder {folder} does not exist")
        if target.is_dir():
            raise AssessorError(f"cannot write {target}: it is a folder")
        _refuse_bundled(target)
        _refuse_loop(target)
        _refuse_read_only(target)
        _refuse_read_only_folder(target, folder)
    except OSError as exc:
        raise AssessorError(f"cannot write {target}: {exc.strerror or exc}") from None
    return folder


def _refuse_bundled(target: Path) -> None:
    """Refuse an output inside the bundled data (rules, profiles, world records): every later run reads it, for every
    user.  `timeline -o <bundled profiles>/out.yaml` wrote a file there that stopped `profiles list`, `backtest` and
    every command on `all` ('top level must be a mapping'); one that parsed would have joined the data."""
    from assessor.files import refuse_bundled

    # a file there is an input of every run (as the registry's are, refused as such)
    refuse_bundled(target, f"refusing to overwrite input file {target}" if target.exists() else f"cannot write {target}")


def _refuse_loop(target: Path) -> None:
    """Refuse a target that is a loop of links: such a name fails only when opened, after other files of
    the same result were written (a link is otherwise written through, see :func:`_through_link`)."""
    if target.is_symlink():
        try:
            os.stat(target)
        except OSError as exc:
            if exc.errno == errno.ELOOP:
                raise AssessorError(f"cannot write {target}: {exc.strerror}") from None


def _refuse_read_only(target: Path) -> None:
    """A file that exists and is read-only (no write permission for anyone, or none for this user) is
    refused as open() would refuse it: the rename that makes a write atomic needs only the folder's
    permission and would replace the file, even one its owner made read-only to keep it."""
    import stat

    try:
        st = target.stat()
    except (OSError, ValueError):
        return
    if stat.S_ISREG(st.st_mode) and (not st.st_mode & 0o222 or not os.access(target, os.W_OK)):
        raise AssessorError(f"cannot write {target}: the file is read-only (make it writable to replace it)")


def _refuse_read_only_folder(target: Path, folder: Path) -> None:
    """A folder this user cannot create a file in is refused now, as a read-only file is: the atomic write
    creates its temporary file there, so `backtest -o ro/b.json` (or a sweep of minutes) ran to its end and only
    then said 'cannot write ro/b.json: Operation not permitted'.  A device or FIFO is written directly (no file
    is created beside it), so its folder's permission does not matter."""
    import stat

    try:
        if not stat.S_ISREG(target.stat().st_mode):
            return
    except (OSError, ValueError):
        pass  # nothing there yet: the file will be created in the folder
    if not os.access(folder, os.W_OK | os.X_OK):
        raise AssessorError(f"cannot write {target}: the folder {folder} is read-only for you (no file can be "
                            "created in it)")


def write_atomic(path: str | Path, content: str | bytes, protect: Iterable[str | Path] = ()) -> None:
    """Write ``content`` to ``path`` atomically; refuse to overwrite any path in ``protect``."""
    write_all([(path, content)], protect)


def write_all(files: Sequence[tuple[str | Path, str | bytes]], protect: Iterable[str | Path] = ()) -> None:
    """Write every ``(path, content)`` of one result, all or none (see the module docstring)."""
    protect = list(protect)
    plan = []
    for path, content in files:
        _check_name(path)
        target = Path(path)
        _check_place(target)  # one line for a name the system refuses (too long), before any file is written
        refuse_inputs(target, protect)
        # a file name that is not UTF-8 (its bytes read as \udcfd) quoted in the text is written as that escape
        data = content.encode("utf-8", errors="backslashreplace") if isinstance(content, str) else content
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


def replaces_a_file(path: str | Path) -> bool:
    """Whether writing ``path`` would replace an existing file's content: a regular file, or a link to one.  A
    device or a FIFO is written, not replaced (its reader gets the output), so a command that asks for --force
    before it overwrites a file does not ask it of them."""
    target = Path(path)
    try:
        return target.is_file()  # a regular file, or a link to one (a folder: the writer says what it is)
    except OSError:  # a name too long, a loop of links: the writer's own check gives the located message
        return False


def _temp_beside(target: Path, temps: list[str]) -> tuple[int, str, int]:
    """A new temporary file in ``target``'s folder (recorded in ``temps``): its descriptor,
    its name, and the mode the result must get (the old file's, or the umask's)."""
    import secrets  # only when writing a file: keeps start-up light

    folder = _check_place(target)
    mode = target.stat().st_mode & 0o777 if target.exists() else 0o666 & ~_umask()
    # The target's name cut short in the temporary's: a name of 250 bytes, valid, was refused ('File name too
    # long') for its temporary's, which adds a dot, a random part and '.tmp' to it.  The name stays as relative
    # as the target's (tempfile.mkstemp returns it made absolute, which fails in a working folder deeper than
    # PATH_MAX, where the shell writes `> out.txt` well); O_EXCL, as mkstemp, never opens a file already there.
    for _ in range(100):
        tmp = os.path.join(folder, f".{_head(target.name)}.{secrets.token_hex(4)}.tmp")
        try:
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), 0o600)
        except FileExistsError:
            continue
        temps.append(tmp)
        return fd, tmp, mode
    raise FileExistsError(errno.EEXIST, "no free temporary name beside it", str(target))


def _head(name: str, limit: int = 64) -> str:
    """At most ``limit`` bytes of ``name`` as the file system stores it, no character cut in two (what cannot
    be decoded is dropped: it only names a temporary): a name is limited in bytes (255), and 64 characters of
    four-byte UTF-8 were 256 of them."""
    return os.fsencode(name)[:limit].decode("utf-8", "ignore")


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
                with open_direct(target) as fh:
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
    _check_name(path)
    target = Path(path)
    refuse_inputs(target, protect)
    _refuse_bundled(target)
    with _cleanup_on_signal() as temps:
        try:
            target, direct = _through_link(target)
            if direct:
                with open_direct(target) as fh:
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


class _ReaderGone(SystemExit):
    """The reader of a FIFO or pipe written directly went away (``head -c``): the run ends quietly with 141, as a
    Unix tool killed by SIGPIPE would and as a closed stdout ends it (it said 'error: cannot write f: Broken
    pipe', exit 2, for what is no input error)."""


@contextlib.contextmanager
def open_direct(target: Path) -> Iterator:
    """``target`` (a device, a FIFO, a pipe) opened for writing in place, as ``sort -o`` or the shell's ``>``
    open it: no temporary file, no rename (which would replace a FIFO with a regular file no reader sees); a
    reader that goes away while it is written ends the run as :class:`_ReaderGone` (both writers of a direct
    target go through here).

    A FIFO blocks until a reader opens it; that is what a FIFO is, and a reader started after the command
    (``assessor ... -o f & consumer < f``) must still get the output.  But the wait came after the whole run,
    without a word, and looked like a hang: when nobody reads the FIFO yet, one note on stderr says what the run
    waits for (a non-blocking open fails with ENXIO exactly then), and Ctrl-C or SIGTERM still end it."""
    import stat

    try:
        fifo = stat.S_ISFIFO(os.stat(target).st_mode)
    except OSError:
        fifo = False
    fh = None
    if fifo:
        try:
            fd = os.open(target, os.O_WRONLY | os.O_NONBLOCK)
        except OSError as exc:
            if exc.errno != errno.ENXIO:
                raise
            _say(f"note: waiting for a reader of {target} (a FIFO): the output is written when a process opens it "
                 "for reading (Ctrl-C to give up)")
        else:
            os.set_blocking(fd, True)
            fh = os.fdopen(fd, "wb")
    if fh is None:
        fh = open(target, "wb")
    try:
        with fh:
            yield fh
    except BrokenPipeError:
        raise _ReaderGone(141) from None


def _say(text: str) -> None:
    """One line on stderr (a file name may hold anything: shown on one line, escaped)."""
    import sys

    from assessor.render.safe import one_line

    with contextlib.suppress(AttributeError, OSError, ValueError):
        sys.stderr.write(one_line(text) + "\n")
        sys.stderr.flush()


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


# --------------------------------------------------------------------------- new files in a folder (init, profiles new)


def create_tree(root: str | Path, files: Sequence[tuple[str, str | bytes]], *, replace: bool = False,
                keep: Sequence[str] = (), hint: str = "") -> list[Path]:
    """Create ``files`` (paths relative to ``root``, ``/``-separated) inside ``root``: all of them or none.

    Nothing below ``root`` is followed through a symbolic link: every folder is
    opened with ``O_NOFOLLOW`` relative to its parent's descriptor (a planted
    link is refused, never written through), every file is written to a new
    temporary file (``O_CREAT | O_EXCL | O_NOFOLLOW``) and then hard-linked to
    its name, which fails if anything — a file, a dangling link — is there.
    An existing name is an error unless ``replace`` (then it is replaced by a
    rename, the link itself and not what it names), or it is one of ``keep``
    (left as it is: a schema sidecar written before).  On any failure the
    files and folders made so far are removed and replaced ones restored.
    ``root`` itself is the folder the user named: it may be a link, and is made
    if missing.  Returns the paths written.
    """
    import secrets

    from assessor.files import refuse_case_twin, refuse_windows_name

    root = Path(root)
    plan = []
    for rel, content in files:
        parts = tuple(rel.split("/"))
        plan.append((parts, content.encode("utf-8") if isinstance(content, str) else content))
    made_root: list[Path] = []
    fds: dict[tuple[str, ...], int] = {}
    made_dirs: list[tuple[int, str]] = []
    temps: list[tuple[int, str]] = []
    created: list[tuple[int, str]] = []
    backups: list[tuple[int, str, str]] = []
    written: list[Path] = []
    try:
        missing = []
        here = root
        while not os.path.lexists(here):
            missing.append(here)
            here = here.parent
        # every name to be made, checked before anything is: one Windows cannot hold (a device such as NUL or
        # com1.yaml, a ':' or '?', a trailing dot) would make a folder or record no collaborator there could check out
        for name in [f.name for f in missing] + [x for parts, _ in plan for x in parts]:
            refuse_windows_name(name, f"cannot write in {root}")
        if missing and missing[-1].name not in ("", ".", ".."):  # the first folder made, beside what is there
            refuse_case_twin(missing[-1].name, os.listdir(missing[-1].parent), missing[-1].parent)
        for folder in reversed(missing):
            if folder.name in ("", ".", ".."):  # 'a/../b' with no 'a' yet: 'a/..' is there once 'a' is, as mkdir -p
                continue  # reads it (mkdir of 'a/..' failed: 'File exists (a/..)', though nothing was there)
            os.mkdir(folder)
            made_root.append(folder)
        fds[()] = os.open(root, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))

        def folder_fd(parts: tuple[str, ...], make: bool) -> int | None:
            if parts in fds:
                return fds[parts]
            parent = folder_fd(parts[:-1], make)
            if parent is None:
                return None
            name = parts[-1]
            flags = os.O_RDONLY | getattr(os, "O_DIRECTORY", 0) | getattr(os, "O_NOFOLLOW", 0)
            try:
                fd = os.open(name, flags, dir_fd=parent)
            except FileNotFoundError:
                if not make:
                    return None
                os.mkdir(name, 0o777, dir_fd=parent)
                made_dirs.append((parent, name))
                fd = os.open(name, flags, dir_fd=parent)
            except OSError as exc:
                if _is_link(parent, name):
                    raise AssessorError(f"{root.joinpath(*parts)} is a symbolic link: refusing to write through it") from None
                raise AssessorError(f"{root.joinpath(*parts)} is not a folder ({exc.strerror or exc})") from None
            fds[parts] = fd
            return fd

        # 1. check every name before anything is made
        exists: set[tuple[str, ...]] = set()
        listed: dict[tuple[str, ...], list[str]] = {}
        for parts, _ in plan:
            for i in range(len(parts)):  # each folder and file to be made, beside a name differing in case alone
                above = folder_fd(parts[:i], make=False)
                if above is None:
                    break
                if parts[:i] not in listed:
                    listed[parts[:i]] = os.listdir(above)
                refuse_case_twin(parts[i], listed[parts[:i]], root.joinpath(*parts[:i]))
            d = folder_fd(parts[:-1], make=False)
            if d is None:
                continue
            try:
                st = os.stat(parts[-1], dir_fd=d, follow_symlinks=False)
            except FileNotFoundError:
                continue
            import stat as _stat

            exists.add(parts)
            if _stat.S_ISDIR(st.st_mode):
                raise AssessorError(f"{root.joinpath(*parts)} is a folder: cannot write a file there")
            if not replace and "/".join(parts) not in keep:
                raise AssessorError(f"{root.joinpath(*parts)} exists already{hint}")
        # 2. write every file beside its name
        staged = []
        for parts, data in plan:
            if parts in exists and not replace:
                continue  # kept as it is
            d = folder_fd(parts[:-1], make=True)
            assert d is not None
            tmp = f".{parts[-1]}.{secrets.token_hex(6)}.tmp"
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), 0o666, dir_fd=d)
            temps.append((d, tmp))
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
                fh.flush()
                os.fsync(fh.fileno())
            staged.append((parts, d, tmp))
        # 3. put each in place: a hard link cannot land on anything that exists
        for parts, d, tmp in staged:
            name = parts[-1]
            if parts in exists:
                backup = f".{name}.{secrets.token_hex(6)}.old"
                os.rename(name, backup, src_dir_fd=d, dst_dir_fd=d)  # renames the link itself, never its target
                backups.append((d, name, backup))
                os.rename(tmp, name, src_dir_fd=d, dst_dir_fd=d)
            else:
                try:
                    os.link(tmp, name, src_dir_fd=d, dst_dir_fd=d, follow_symlinks=False)
                except FileExistsError:
                    raise AssessorError(f"{root.joinpath(*parts)} appeared while writing: nothing written") from None
                created.append((d, name))
                os.unlink(tmp, dir_fd=d)
            temps.remove((d, tmp))
            written.append(root.joinpath(*parts))
        for d, _, backup in backups:
            with contextlib.suppress(OSError):
                os.unlink(backup, dir_fd=d)
        backups.clear()
        return written
    except BaseException as exc:
        for d, tmp in temps:
            with contextlib.suppress(OSError):
                os.unlink(tmp, dir_fd=d)
        for d, name in reversed(created):
            with contextlib.suppress(OSError):
                os.unlink(name, dir_fd=d)
        for d, name, backup in reversed(backups):
            with contextlib.suppress(OSError):
                os.rename(backup, name, src_dir_fd=d, dst_dir_fd=d)
        for d, name in reversed(made_dirs):
            with contextlib.suppress(OSError):
                os.rmdir(name, dir_fd=d)
        for folder in reversed(made_root):
            with contextlib.suppress(OSError):
                os.rmdir(folder)
        if isinstance(exc, OSError):
            raise AssessorError(f"cannot write in {root}: {exc.strerror or exc}"
                                + (f" ({exc.filename})" if exc.filename else "")) from None
        raise
    finally:
        for fd in fds.values():
            with contextlib.suppress(OSError):
                os.close(fd)


def _is_link(dir_fd: int, name: str) -> bool:
    import stat as _stat

    try:
        return _stat.S_ISLNK(os.stat(name, dir_fd=dir_fd, follow_symlinks=False).st_mode)
    except OSError:
        return False
