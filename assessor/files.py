"""Where input files are: the bundled folders and YAML files found in files and folders.

Its own small module because both the loader and the registry need it, and the
loader imports the registry: here neither has to import the other back.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path

from assessor.errors import AssessorError, InputError, Problem

YAML_SUFFIXES = (".yaml", ".yml")

# SHA-256 for the hashes of input files, from the interpreter's own implementation (the one hashlib
# falls back to): the same digests, without loading OpenSSL's libcrypto, which cost every run a
# few milliseconds for a few hashes of small files.
try:
    from _sha2 import sha256  # Python >= 3.12
except ImportError:
    try:
        from _sha256 import sha256  # Python 3.10, 3.11
    except ImportError:  # pragma: no cover - an interpreter built without them
        from hashlib import sha256  # noqa: F401 (imported from here by the loaders)


@lru_cache(maxsize=1)
def package_dir() -> Path:
    """The package's folder, resolved once (resolving walks every folder above it, and the
    bundled data is looked up there several times per run)."""
    return Path(__file__).resolve().parent


def default_dir(kind: str) -> Path:
    """Folder of the bundled ``rules`` or ``profiles``.

    Installed, they live inside the package (``assessor/_defaults``); in a
    source checkout they are the top-level folders of the same name.
    """
    here = package_dir()
    for candidate in (here / "_defaults" / kind, here.parent / kind):
        if candidate.is_dir():
            return candidate
    raise AssessorError(f"bundled {kind} not found (looked in {here / '_defaults' / kind})")


BUNDLED_FOLDERS = ("rules", "profiles", "world")  # the data every run reads (world records: assessor.world)


def bundled_folder_of(path: str | Path) -> tuple[str, Path] | None:
    """The bundled data folder (``rules``, ``profiles`` or ``world``) that ``path`` is or lies inside, as
    ``(kind, folder)``, links followed; None elsewhere.  A file written there is read by every run of this
    assessor, for every user (a stray .yaml in the bundled profiles stopped every command that lists them)."""
    import os

    try:
        where = Path(os.path.abspath(path)).resolve()
    except (OSError, RuntimeError, ValueError):  # a loop of links, a NUL: reported where it is used
        return None
    for kind in BUNDLED_FOLDERS:
        try:
            folder = default_dir(kind).resolve()
        except (AssessorError, OSError, RuntimeError):
            continue
        if where == folder or folder in where.parents:
            return kind, folder
    return None


def refuse_bundled(path: str | Path, lead: str, shown: str | None = None, then: str = "") -> None:
    """An error (``lead: it is inside the bundled rules (folder), ...``) when ``path`` is or lies inside a bundled
    data folder: a file written there is read by every run of this assessor, for every user (a sample rule written
    into the bundled rules changed every score; a timeline's JSON in the bundled profiles stopped every command that
    lists them).  ``shown`` names ``path`` in the message in place of 'it'; ``then`` is said after.  One check, one
    wording, for every command that writes (output files, ``profiles new``, ``init``)."""
    found = bundled_folder_of(path)
    if found is not None:
        kind, folder = found
        words = "world records" if kind == "world" else kind  # the folder holds the world records ('the bundled world')
        raise AssessorError(f"{lead}: {shown or 'it'} is inside the bundled {words} ({folder}), which every run of "
                            f"assessor reads{then}")


# Names Windows keeps for devices, whatever follows a dot and in any case (``nul.yaml`` is the device NUL there): a
# file or folder so named cannot be made, read or checked out on Windows, so a record created under one on another
# system is lost to a collaborator who works there.
_WINDOWS_DEVICES = frozenset({"con", "prn", "aux", "nul", "conin$", "conout$",
                              *(f"{d}{n}" for d in ("com", "lpt") for n in "0123456789\u00b9\u00b2\u00b3")})


def windows_device_name(name: str) -> str | None:
    """The device ``name`` stands for on Windows (``'NUL'`` for ``nul.tar.gz``, ``'CON'`` for ``Con ``), or None:
    Windows reads the part before the first dot, without trailing spaces, in any case."""
    stem = name.split(".", 1)[0].rstrip(" ").lower()
    return stem.upper() if stem in _WINDOWS_DEVICES else None


_WINDOWS_REFUSED = '<>:"|?*'  # and the controls: characters no Windows file or folder name holds


def refuse_windows_name(name: str, lead: str) -> None:
    """An error when a file or folder to be made would be called ``name``, which Windows cannot hold: a device name,
    a name with a character it refuses, or one ending in a dot or a space (which it drops, so ``x.`` is checked out
    as ``x``, or not at all beside one)."""
    if name in ("", ".", ".."):  # a path's own steps ('a/../b'), no name of a file or folder
        return
    device = windows_device_name(name)
    if device is not None:
        raise AssessorError(f"{lead}: {name!r} is the device {device} on Windows (as are CON, PRN, AUX, NUL, COM0-9 "
                            "and LPT0-9, with any extension, in any case), so a file or folder of that name could "
                            "never be checked out there: choose another name")
    bad = sorted({c for c in name if c in _WINDOWS_REFUSED or ord(c) < 32})
    if bad or name[-1] in ". ":
        why = (f"it holds {', '.join(repr(c) for c in bad)}, which Windows refuses in a name" if bad else
               f"it ends in {'a dot' if name[-1] == '.' else 'a space'}, which Windows drops from a name")
        raise AssessorError(f"{lead}: {name!r} cannot be a file or folder name on Windows ({why}), so it could never "
                            "be checked out there: choose another name")


def refuse_case_twin(name: str, beside: Sequence[str], folder: str | Path) -> None:
    """An error when ``name``, to be made in ``folder``, differs only in case from one of the names ``beside`` it
    there: Windows and macOS hold one of the two (``foo.yaml`` and ``Foo.yaml`` are one file there), so a clone
    keeps one record and drops, or mixes up, the other."""
    if name in beside:
        return
    key = _case_key(name)
    twin = next((b for b in sorted(beside) if _case_key(b) == key), None)
    if twin is not None:
        raise AssessorError(f"cannot write {name!r} in {folder}: {twin!r} is there, a name differing only in case, "
                            "which Windows and macOS read as the same file: choose another name")


def _case_key(name: str) -> str:
    """``name`` as a file system that ignores case compares it: each character upper-cased alone (as NTFS's table
    does; 'ß' stays itself, never 'SS')."""
    return "".join(u if len(u := c.upper()) == 1 else c for c in name)


def path_kind(p: Path) -> str:
    """``"dir"``, ``"file"`` (anything else that exists) or ``"missing"``; a path
    that cannot even be looked at (a folder above it unreadable) is an input error."""
    try:
        if p.is_dir():
            return "dir"
        return "file" if p.exists() or p.is_symlink() else "missing"
    except OSError as exc:
        reason = "permission denied" if isinstance(exc, PermissionError) else (exc.strerror or str(exc))
        raise InputError([Problem(str(p), 0, 0, "error", f"cannot read: {reason}", "missing-file")]) from None


def folder_yaml(folder: Path) -> list[Path]:
    """The YAML files in ``folder`` (not recursive), sorted; an unreadable folder is an input error.

    Every entry named ``*.yaml`` or ``*.yml``, in any case (``X.YAML`` was skipped), but a folder is listed, so
    that one the reader cannot read - a link to nowhere, a FIFO, a device - is reported as it is when named
    alone ("file not found", "not a regular file"): skipped, a rule or profile file that was meant to be read
    dropped out of the run without a word.
    An editor's lock (Emacs writes ``.#name.yaml``, a link to nowhere, while a file is edited) is not a file."""
    try:
        return sorted(f for f in folder.iterdir()
                      if f.suffix.lower() in YAML_SUFFIXES and not f.name.startswith(".#") and not _is_folder(f))
    except OSError as exc:
        reason = "permission denied" if isinstance(exc, PermissionError) else (exc.strerror or str(exc))
        raise InputError([Problem(str(folder), 0, 0, "error", f"cannot read folder: {reason}", "missing-file")]) from None


def _is_folder(p: Path) -> bool:
    try:
        return p.is_dir()
    except OSError:  # a loop of links: not a folder; the reader says what it is
        return False


def _not_a_file(p: Path) -> str | None:
    """Why ``p`` cannot be read as a file (said as the reader says it), or None for a regular file."""
    import os
    import stat

    try:
        mode = os.stat(p).st_mode
    except FileNotFoundError:  # a link to nowhere
        return "file not found"
    except OSError as exc:  # a loop of links, a folder above it unreadable
        return "cannot read file: " + ("permission denied" if isinstance(exc, PermissionError)
                                       else exc.strerror or str(exc))
    return None if stat.S_ISREG(mode) else "not a regular file"


def yaml_files(paths: Sequence[str | Path]) -> list[Path]:
    """Expand files and folders (not recursive) into a sorted list of YAML files."""
    out: list[Path] = []
    for p in paths:
        p = Path(p)
        kind = path_kind(p)
        if kind == "dir":
            found = folder_yaml(p)
            if not found:
                raise InputError([Problem(str(p), 0, 0, "error", "folder holds no .yaml files", "missing-file")])
            out.extend(found)
        elif kind == "file":
            # a path named alone must be a file to read: a link to nowhere, a FIFO, /dev/stdin, a device is an
            # input error here (exit 2, as a missing file), not a finding of the file that `validate` counted (exit 1)
            said = _not_a_file(p)
            if said:
                raise InputError([Problem(str(p), 0, 0, "error", said, "missing-file")])
            out.append(p)
        else:
            raise InputError([Problem(str(p), 0, 0, "error", "file not found", "missing-file")])
    return unique(out)


def unique(files: Sequence[Path]) -> list[Path]:
    """``files`` without a file already listed under another name (``p`` and ``./p/x.yaml``, a project's
    folder named again with --profiles, a link to a listed file): read twice, a file clashed with itself
    ("profile id 'x' already defined in" the same file)."""
    import os

    seen: set[str] = set()
    out = []
    for f in files:
        try:
            real = os.path.realpath(f)
        except (OSError, ValueError):
            real = str(f)
        if real not in seen:
            seen.add(real)
            out.append(f)
    return out
