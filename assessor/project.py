"""Projects: an analyst's own rules, profiles and registry beside the defaults.

A project is a folder with an ``assessor.toml`` (or a ``pyproject.toml`` with
a ``[tool.assessor]`` table), found by walking up from the working directory
the way ruff and yamllint find their configuration.  It names extra rule,
profile and registry files or folders (paths relative to the file) that are
*added to* the bundled ones, unless ``defaults = false``::

    # assessor.toml
    rules = ["rules"]          # added to the bundled rules: a rule with a bundled id replaces it
    profiles = ["profiles"]    # added to the bundled profiles: a profile with a bundled id replaces it
    registry = ["states.yaml"] # layered over the bundled registry of states
    uncertainty = ["doubts.yaml"]  # uncertainty files for --samples and sensitivity
    scheduler = "tcp://10.0.0.5:8786"  # a Dask cluster for sweeps: used only with the user's consent
    defaults = true            # false: use only what the project names

A project file is data, not the user: it may come from a cloned repository or
a shared parent folder, so it never chooses where code runs.  Its
``scheduler`` is used with ``--scheduler project`` or when the user's own
config (:func:`user_config_path`) says ``trust_project_scheduler = true``
(see docs/threat-model.md).

``assessor init`` writes one with a sample profile, rule and rule test; the
sample rule is not in force until ``rules = ["rules"]`` is uncommented.
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

from assessor.errors import AssessorError, did_you_mean

CONFIG_NAMES = ("assessor.toml", "pyproject.toml")
KEYS = {"rules": list, "profiles": list, "registry": list, "uncertainty": list, "scheduler": str, "defaults": bool,
        "world": list}


@dataclass
class Project:
    """What a project file says (paths already resolved against its folder)."""

    path: Path | None = None
    rules: list[Path] = field(default_factory=list)
    profiles: list[Path] = field(default_factory=list)
    registry: list[Path] = field(default_factory=list)
    uncertainty: list[Path] = field(default_factory=list)
    world: list[Path] = field(default_factory=list)  # world records added to the bundled ones (assessor.world)
    scheduler: str | None = None
    defaults: bool = True
    # a pyproject.toml's [tool.assessor] beside the assessor.toml read (file:line), which is not read: said once
    unread: str | None = None

    def describe(self) -> str:
        return str(self.path) if self.path else "no project file (assessor.toml) found"

    def read_folders(self, kinds: tuple[str, ...] = ("profiles", "rules", "registry", "world")) -> list[tuple[str, Path]]:
        """What this project reads every .yaml file of, as (what, path): its listed paths of ``kinds``, and each
        rule folder's tests/ (`rules test` reads them): a YAML written there breaks every later command."""
        read = [(kind, listed) for kind in kinds for listed in getattr(self, kind)]
        if "rules" in kinds:
            read += [("rule tests", Path(listed) / "tests") for listed in self.rules]
        return read


MAX_TOML_BYTES = 1_000_000  # a project or user config file is a few lines; more is not one


def _toml_text(path: Path) -> tuple[dict, str]:
    """A TOML file's table and its text (to locate a key the table holds: :func:`_at`); any failure
    (unreadable, not UTF-8, not TOML, nested beyond what the parser can follow, too large) is one
    located error, never a traceback."""
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover - Python 3.10
        import tomli as tomllib
    try:
        with path.open("rb") as f:
            raw = f.read(MAX_TOML_BYTES + 1)
    except (OSError, ValueError) as exc:
        raise AssessorError(f"{path}: cannot read the file ({getattr(exc, 'strerror', None) or exc})") from None
    if len(raw) > MAX_TOML_BYTES:
        raise AssessorError(f"{path}: more than {MAX_TOML_BYTES:,} bytes: not a configuration file")
    try:
        text = raw.decode("utf-8").removeprefix("\ufeff")  # a BOM (as Notepad writes) is no text
        return tomllib.loads(text), text
    except UnicodeDecodeError as exc:
        line = raw[:exc.start].count(b"\n") + 1
        raise AssessorError(f"{path}:{line}: not valid TOML: not UTF-8 (byte {raw[exc.start]:#04x})") from None
    except tomllib.TOMLDecodeError as exc:
        raise AssessorError(_toml_located(path, raw, exc)) from None
    except RecursionError:
        raise AssessorError(f"{path}: not valid TOML: nested too deeply") from None


def _toml_located(path: Path, raw: bytes, exc: Exception) -> str:
    """`file:line:column: message`, as every other located error reads: the TOML parser puts the place at the end
    of its message in words ("(at line 2, column 11)", "(at end of document)"), which editors cannot jump to."""
    msg = str(exc)
    m = re.search(r"\s*\(at line (\d+), column (\d+)\)$", msg)
    if m:
        return f"{path}:{m[1]}:{m[2]}: not valid TOML: {msg[:m.start()]}"
    m = re.search(r"\s*\(at end of document\)$", msg)
    if m:
        text = raw.decode("utf-8", "replace")
        line = text.count("\n") + (0 if text.endswith("\n") else 1)
        return f"{path}:{max(line, 1)}: not valid TOML: {msg[:m.start()]} (at the end of the file)"
    return f"{path}: not valid TOML: {msg}"


_TOML_KEY_PART = re.compile(r"""[ \t]*(?:([A-Za-z0-9_-]+)|"((?:[^"\\]|\\.)*)"|'([^']*)')[ \t]*""")


def _dotted(text: str, pos: int) -> tuple[tuple[str, ...], int] | None:
    """The dotted TOML key at ``pos`` of a line (bare, "quoted" or 'literal' parts) and where it ends."""
    parts: list[str] = []
    while True:
        m = _TOML_KEY_PART.match(text, pos)
        if not m:
            return None
        parts.append(m[1] if m[1] is not None else _unescaped(m[2]) if m[2] is not None else m[3])
        pos = m.end()
        if not text.startswith(".", pos):
            return tuple(parts), pos
        pos += 1


def _unescaped(part: str) -> str:
    """A "quoted" TOML key part as the parser reads it: "rul\\u0065s" is the key rules (its escapes read), or the
    text as written when it does not parse."""
    if "\\" not in part:
        return part
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover - Python 3.10
        import tomli as tomllib
    try:
        return tomllib.loads(f'k = "{part}"')["k"]
    except (tomllib.TOMLDecodeError, RecursionError):
        return part


def _key_line(text: str, key: tuple[str, ...]) -> int | None:
    """The line where the TOML source ``text`` defines ``key`` (a path of keys: ``("tool", "assessor", "rules")``),
    or the nearest table that holds it (an inline one: ``assessor = {rules = 5}``); None when it cannot be told.
    Lines inside multi-line strings are passed over."""
    table: tuple[str, ...] = ()
    best: tuple[int, int] | None = None  # (how many parts of key matched, line)
    in_string = None
    for n, line in enumerate(text.splitlines(), 1):
        if in_string:
            if line.count(in_string) % 2:
                in_string = None
            continue
        stripped = line.lstrip()
        if stripped.startswith("["):
            found = _dotted(stripped, 2 if stripped.startswith("[[") else 1)
            if found:
                table = found[0]
                if table[:len(key)] == key:  # the key's own table, or one under it ([x.y] defines x)
                    return n
                if key[:len(table)] == table and (best is None or len(table) > best[0]):
                    best = (len(table), n)
            continue
        found = _dotted(line, 0)
        if found and line[found[1]:].startswith("="):
            full = table + found[0]
            if full[:len(key)] == key:  # the key, or a dotted key under it (x.y = 1 defines x)
                return n
            depth = len(full) if key[:len(full)] == full else 0
            if depth and (best is None or depth > best[0]):
                best = (depth, n)
            rest = _uncommented(line[found[1] + 1:])  # '# a """ here' opens no string
            for quotes in ('"""', "'''"):
                if rest.count(quotes) % 2:
                    in_string = quotes
    return best[1] if best else None


def _at(path: Path, text: str, key: tuple[str, ...]) -> str:
    """``path:line`` of ``key`` in a configuration file, or ``path`` when its line cannot be told."""
    line = _key_line(text, key)
    return f"{path}:{line}" if line else str(path)


def _entry_at(path: Path, text: str, key: tuple[str, ...], written: str) -> str:
    """``path:line`` of the line that lists ``written`` (quoted) under ``key``, from the key's line on: a list
    over several lines names each entry on a line of its own; else the key's line (:func:`_at`)."""
    start = _key_line(text, key)
    if start:
        quoted = (f'"{written}"', f"'{written}'")
        for n, line in enumerate(text.splitlines()[start - 1:], start):
            if any(q in _uncommented(line) for q in quoted):  # a comment naming it ('# "gone" was ...') is no entry
                return f"{path}:{n}"
    return _at(path, text, key)


def _uncommented(line: str) -> str:
    """A TOML line without its comment: up to the first ``#`` outside a "basic" or 'literal' string."""
    quote = None
    i = 0
    while i < len(line):
        c = line[i]
        if quote is None and c == "#":
            return line[:i]
        if quote == '"' and c == "\\":
            i += 2
            continue
        if c in "\"'" and quote in (None, c):
            quote = None if quote == c else c
        i += 1
    return line


def key_location(path: Path | None, key: str) -> str | None:
    """``FILE:LINE`` of a key of a project file (in ``[tool.assessor]`` of a pyproject.toml) or of the user
    config, read again (only for a message), or ``FILE`` when its line cannot be told; None without a file."""
    if path is None:
        return None
    try:
        _, text = _toml_text(path)
    except AssessorError:  # changed or gone since it was read: the file is still where the value came from
        return str(path)
    return _at(path, text, ("tool", "assessor", key) if path.name == "pyproject.toml" else (key,))


def _is_file(path: Path) -> bool:
    try:
        return path.is_file()
    except (OSError, ValueError):  # a name too long, a loop of links, a NUL: not a project file
        return False


def _not_a_file(path: Path) -> str | None:
    """What ``path`` is when something stands at that name that is not a regular file (a FIFO, a folder,
    a link to nowhere or a loop of links), else None.  Such a configuration file is an error, never
    skipped: reading a FIFO would wait for ever, and skipping it ran the command without the file, or
    with a project file found further up, without a word."""
    import os
    import stat

    try:
        mode = os.lstat(path).st_mode
    except (OSError, ValueError):  # nothing there (or a name no file can have)
        return None
    if stat.S_ISLNK(mode):
        try:
            mode = os.stat(path).st_mode
        except (OSError, ValueError):
            return "a link to nothing (or a loop of links)"
    if stat.S_ISREG(mode):
        return None
    return "a folder" if stat.S_ISDIR(mode) else "not a regular file (a FIFO, socket or device)"


def _config_file(path: Path) -> bool:
    """Whether ``path`` is a configuration file to read: True for a regular file, False when nothing is
    there, an error when something else is."""
    what = _not_a_file(path)
    if what is not None:
        raise AssessorError(f"{path}: {what}; a configuration file must be a regular file (remove or rename it)")
    return _is_file(path)


def _tool_table(path: Path, data: dict, text: str = "") -> dict | None:
    """``[tool.assessor]`` of a pyproject.toml; None when the file has none; an error when it is not a table."""
    tool = data.get("tool")
    if not isinstance(tool, dict) or "assessor" not in tool:
        return None
    table = tool["assessor"]
    if not isinstance(table, dict):
        raise AssessorError(f"{_at(path, text, ('tool', 'assessor'))}: 'tool.assessor' must be a table ([tool.assessor]), not a "
                            f"{type(table).__name__}")
    return table


# Where the key ``assessor`` could stand in TOML source: after the start of a line, a ``[`` that opens a
# line (a table header), a dot, a ``{`` or a comma (an inline table), with an optional quote before it;
# before ``=``, a dot or ``]``, with an optional quote after it.
_KEY_LIKE = re.compile(r"""(?:^[ \t]*\[{0,2}|[.{,])[ \t]*["']?assessor["']?[ \t]*[=.\]]""", re.MULTILINE)
# Past a file's first megabyte, only a key that starts a line (a table header, a dotted key under tool, or tool's
# inline table): `.assessor.` anywhere matched a URL (docs.assessor.org) and refused a large file that is not ours.
_LATER_KEY = re.compile(r"""^[ \t]*(?:\[{1,2}[ \t]*)?(?:["']?tool["']?[ \t]*\.[ \t]*)?["']?assessor["']?[ \t]*[=.\]]"""
                        r"""|^[ \t]*["']?tool["']?[ \t]*=[ \t]*\{[^\n]*\bassessor\b""", re.MULTILINE)


def _may_name_assessor(raw: bytes) -> bool:
    """Whether a TOML file's bytes could hold a key ``assessor`` (so a ``[tool.assessor]`` table):
    False only when no ``assessor`` in the text stands where a key stands and no escape (``\\``)
    could spell one.  Most pyproject.toml files found upwards are not ours; this spares parsing
    them (and importing the TOML parser) on every run.  It errs only towards parsing."""
    text = raw.decode("utf-8", errors="replace")
    return "\\" in text or _KEY_LIKE.search(text) is not None


def _names_assessor_later(f, raw: bytes) -> bool:
    """Whether the rest of a file too large to read as TOML (``raw``: its first part, read from ``f``) names assessor
    where a key stands (as :func:`_may_name_assessor` looks for it), read in pieces: never more than two in memory."""
    tail = raw[-4096:]
    while True:
        piece = f.read(1 << 20)
        if not piece:
            return False
        window = tail + piece
        if _LATER_KEY.search(window.decode("utf-8", errors="replace")):
            return True
        tail = window[-4096:]


def find(start: Path | None = None) -> Path | None:
    """The nearest ``assessor.toml``, or ``pyproject.toml`` with ``[tool.assessor]``, upwards from ``start``."""
    try:
        here = (start or Path.cwd()).resolve()
    except (OSError, RuntimeError):  # the working folder was removed, or a loop of links
        return None
    for folder in (here, *here.parents):
        own = folder / "assessor.toml"
        if _config_file(own):
            return own
        py = folder / "pyproject.toml"
        if _config_file(py):  # a FIFO, folder or broken link there is an error, as for assessor.toml
            raw, later, ours = b"", False, True
            try:
                with py.open("rb") as f:
                    raw = f.read(MAX_TOML_BYTES + 1)
                    # a [tool.assessor] past the part read: the project was ignored without a word
                    later = len(raw) > MAX_TOML_BYTES and _names_assessor_later(f, raw)
                    ours = later or _may_name_assessor(raw)
            except (OSError, ValueError):
                pass  # unreadable: _toml_text says so, as before
            if not ours:
                continue  # no [tool.assessor]: not ours
            try:
                if _tool_table(py, *_toml_text(py)) is not None:
                    return py
            except AssessorError:
                if later or _KEY_LIKE.search(raw.decode("utf-8", errors="replace")):
                    raise  # it names assessor where a key stands: ours, broken (skipped, the project was ignored)
                continue  # a broken pyproject.toml that is not ours is not our business
    return None


def load(path: Path | None = None, *, discover: bool = True, empty_profiles: bool = False) -> Project:
    """The project at ``path`` (or found upwards from the working directory), or an empty one.

    A listed folder that holds no .yaml file is an error at the line that lists it, as a path that does not
    exist is: read later, it was 'folder holds no .yaml files' naming the folder alone, not the project file
    that listed it.  ``empty_profiles``: a profile folder waiting for its first profile is kept (``profiles
    new``, which fills it), and so is the first one listed when it is not made yet (``profiles new`` makes it: a
    hand-written project's ``profiles = ["profiles"]`` refused the command the docs say starts it)."""
    if path is None and discover:
        path = find()
    if path is None:
        return Project()
    data, text = _toml_text(path)
    table: tuple[str, ...] = ()
    if path.name == "pyproject.toml":
        data, table = _tool_table(path, data, text) or {}, ("tool", "assessor")
    out = Project(path=path, unread=_table_beside(path) if path.name == "assessor.toml" else None)
    for key, value in data.items():
        kind = KEYS.get(key)
        at = (path, text, (*table, key))  # every message names the key's line (_at: looked up only for a message)
        if kind is None:
            raise AssessorError(f"{_at(*at)}: unknown key {key!r}{did_you_mean(key, KEYS)} (keys: {', '.join(KEYS)})")
        if kind is list:
            if isinstance(value, str):
                value = [value]
            if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                raise AssessorError(f"{_at(*at)}: {key!r} must be a path or a list of paths")
            if not all(v.strip() for v in value):  # '' would be the project's own folder, read as data
                raise AssessorError(f"{_at(*at)}: {key!r} names an empty path (the project's folder is '.')")
            resolved = [(path.parent / v) for v in value]
            for i, (written, r) in enumerate(zip(value, resolved)):
                try:
                    there = "\0" not in str(r) and r.exists()
                except (OSError, ValueError):  # a name too long for the system
                    there = False
                what = _not_a_file(r) if "\0" not in str(r) else None
                if not there and what is None and key == "profiles" and empty_profiles and i == 0 and _missing(r) \
                        and r.suffix.lower() not in (".yaml", ".yml"):
                    continue  # the first profile folder, not made yet: `profiles new` makes it (docs: it fills one)
                if not there:  # a link to nowhere, or a loop of links, is there: said as what it is
                    raise AssessorError(f"{_entry_at(*at, written)}: {key!r} names {_short(str(r))!r}, which "
                                        + (f"is {what}" if what else "does not exist"))
                if what is not None and what != "a folder":  # a FIFO, a device: said at its line, never read
                    raise AssessorError(f"{_entry_at(*at, written)}: {key!r} names {_short(str(r))!r}, which is {what}: "
                                        "list a file or a folder")
                if key == "uncertainty" and r.is_dir():  # read as a file later: 'is a directory', named without this line
                    raise AssessorError(f"{_at(*at)}: 'uncertainty' names {_short(str(r))!r}, a folder: list the "
                                        "uncertainty files themselves")
                if what == "a folder" and not (key == "profiles" and empty_profiles) and not _holds_yaml(r):
                    raise AssessorError(f"{_entry_at(*at, written)}: {key!r} names {_short(str(r))!r}, a folder that "
                                        "holds no .yaml files: " + ("write one (assessor profiles new NAME)" if key == "profiles"
                                                                     else "add one") + ", or list another")
            setattr(out, key, resolved)
        elif kind is str:
            if not isinstance(value, str) or not value.strip():
                raise AssessorError(f"{_at(*at)}: {key!r} must be an address such as 'tcp://127.0.0.1:8786'")
            _check_address(_at(*at), key, value)
            setattr(out, key, value.strip())
        else:
            if not isinstance(value, bool):
                raise AssessorError(f"{_at(*at)}: {key!r} must be true or false")
            setattr(out, key, value)
    return out


def _table_beside(own: Path) -> str | None:
    """``file:line`` of a ``[tool.assessor]`` in the pyproject.toml beside an assessor.toml, or None.  The
    assessor.toml is read and the table is not (init refuses to make such a pair without --force): its folders
    and its defaults = false went unread without a word.  A pyproject.toml that cannot be read or parsed is not
    read as a project beside one either (None)."""
    py = own.parent / "pyproject.toml"
    if not _is_file(py):
        return None
    try:
        with py.open("rb") as f:
            if not _may_name_assessor(f.read(MAX_TOML_BYTES + 1)):
                return None
        data, text = _toml_text(py)
        return _at(py, text, ("tool", "assessor")) if _tool_table(py, data, text) is not None else None
    except (AssessorError, OSError, ValueError):
        return None


def _missing(path: Path) -> bool:
    """Whether nothing, not even a link to nowhere, stands at ``path`` (a name the system refuses is not missing: said
    as not existing)."""
    import os

    try:
        return not os.path.lexists(path)
    except (OSError, ValueError):
        return False


def _holds_yaml(folder: Path) -> bool:
    """Whether ``folder`` holds a .yaml file as the readers list them (an unreadable folder: said by the reader)."""
    from assessor.errors import InputError
    from assessor.files import folder_yaml

    try:
        return bool(folder_yaml(folder))
    except InputError:
        return True


def _short(text: str, limit: int = 200) -> str:
    return text if len(text) <= limit else text[:limit] + f"… ({len(text):,} characters)"


# --------------------------------------------------------------------------- the user's own configuration

USER_KEYS = {"scheduler": str, "trust_project_scheduler": bool}


@dataclass
class UserConfig:
    """The user's own settings (never a project's): the only file besides the command line that may
    choose where code runs."""

    path: Path | None = None
    scheduler: str | None = None  # the user's own Dask scheduler, used when --scheduler is not given
    trust_project_scheduler: bool = False  # use a project file's scheduler without --scheduler project


def user_config_path() -> Path | None:
    """``$XDG_CONFIG_HOME/assessor/config.toml``, else ``~/.config/assessor/config.toml``.

    A relative ``$XDG_CONFIG_HOME`` is ignored (the XDG spec), and a relative home (``HOME=.``) is no home: either
    named the working folder's ``.config/assessor/config.toml`` (a cloned project's) as the user's own trusted
    settings, whose scheduler is used without --scheduler and unpickled from."""
    import os

    base = os.environ.get("XDG_CONFIG_HOME", "")
    if not base or not os.path.isabs(base):
        try:
            base = str(Path.home() / ".config")
        except (RuntimeError, KeyError, OSError):  # no home folder
            return None
        if not os.path.isabs(base):
            return None
    return Path(base) / "assessor" / "config.toml"


def _user_config_folders(path: Path) -> None:
    """An error when ``$XDG_CONFIG_HOME`` (or ``~/.config``) or its ``assessor`` is something other than a
    folder (a file, a FIFO, a link to nothing): the user's settings cannot be there, and reading on as if
    there were none ran a sampling command without them, without a word.  Both names are shortened (_short): a
    $XDG_CONFIG_HOME of 6,000 characters, named twice, filled the message's 4,000 and its cut took the reason
    (what is wrong) out of the middle."""
    import os
    import stat

    shown = _short(str(path))
    for folder in (path.parent.parent, path.parent):
        try:
            mode = os.stat(folder).st_mode
        except FileNotFoundError:
            if os.path.islink(folder):
                raise AssessorError(f"{_short(str(folder))}: a link to nothing; the user configuration is read from {shown} "
                                    "(make it a folder, or set XDG_CONFIG_HOME to one)") from None
            return  # nothing there: no user configuration
        except (OSError, ValueError) as exc:
            if isinstance(exc, NotADirectoryError):
                return  # a file further up, as HOME=/dev/null: no configuration, as with no home folder
            raise AssessorError(f"{_short(str(folder))}: cannot read it ({getattr(exc, 'strerror', None) or exc}); the "
                                f"user configuration is read from {shown}") from None
        if not stat.S_ISDIR(mode):
            raise AssessorError(f"{_short(str(folder))}: not a folder; the user configuration is read from {shown} "
                                "(make it a folder, or set XDG_CONFIG_HOME to one)")


def load_user_config() -> UserConfig:
    path = user_config_path()
    if path is not None:
        _user_config_folders(path)
    if path is None or not _config_file(path):
        return UserConfig()
    out = UserConfig(path=path)
    data, text = _toml_text(path)
    for key, value in data.items():
        kind = USER_KEYS.get(key)
        at = (path, text, (key,))
        if kind is None:
            raise AssessorError(f"{_at(*at)}: unknown key {key!r}{did_you_mean(key, USER_KEYS)} "
                                f"(keys: {', '.join(USER_KEYS)})")
        if not isinstance(value, kind) or (isinstance(value, str) and not value.strip()):
            raise AssessorError(f"{_at(*at)}: {key!r} must be " + ("true or false" if kind is bool else
                                                               "an address such as 'tcp://127.0.0.1:8786'"))
        if key == "scheduler" and isinstance(value, str):
            _check_address(_at(*at), key, value)
        setattr(out, key, value.strip() if isinstance(value, str) else value)
    return out


def _check_address(where: str, key: str, value: str) -> None:
    """A scheduler address from a file, checked as the option's is, the message naming the file and line."""
    from assessor.sweep import parse_address

    parse_address(value, f"{where}: {key}")


# The template's placeholders: ``profiles validate`` reports a profile that still holds any of them
# (authoring.validate.placeholder_problems), so a filled-in template is told from one left as it was.
PLACEHOLDER_SUMMARY = "Replace with one factual sentence about the event."
PLACEHOLDER_PUBLISHER = "Who published it"
PLACEHOLDER_TITLE = "Title of the page"
PLACEHOLDER_URL = "https://example.org/"
PLACEHOLDERS = (PLACEHOLDER_SUMMARY, PLACEHOLDER_PUBLISHER, PLACEHOLDER_TITLE)


def placeholder_of(event) -> str | None:
    """The template's placeholder an event still holds (its summary, publisher or title), or None."""
    return next((t for t in (event.summary, event.source.publisher, event.source.title)
                 if t and t.strip() in PLACEHOLDERS), None)

SAMPLE_PROFILE = """\
# yaml-language-server: $schema={schema}
# A sample profile: replace every event with real, sourced ones (see `assessor schema profile`).
id: {id}
name: {name}
aliases: {aliases}
alliance: {alliance}
adversary: {adversary}
covers: {{from: {start}, to: {end}}}
events:
  - date: {start}
    kind: membership
    status: partner
    summary: "{summary}"
    source: {{publisher: "{publisher}", title: "{title}", date: {start}, \
url: "{url}", kind: official}}
"""

SAMPLE_RULE = """\
# yaml-language-server: $schema={schema}
# Rules here are added to the bundled rule set once assessor.toml lists this folder (rules = ["rules"]);
# a rule with a bundled id replaces it.  Added rules change every country's score: output then names the
# rule set "assessor-default <version> + project rules (N files)".
rules:
  - id: my-first-rule
    factor: threats
    description: >-
      Say why this rule exists and cite the research behind it.
    when:
      all:
        - {{fact: threats_90d, gte: 3}}
        - {{fact: status, ne: member}}
    effect: {{points: 2}}
    reason: "{{threats_90d}} threats in the last 90 days against a state outside the alliance."
    references: ["Your reference here"]
"""

SAMPLE_TEST = """\
# Rule tests (run with `assessor rules test rules/`): facts or a profile and date, and what must fire.
cases:
  - name: three threats against a non-member fire my-first-rule
    facts: {{status: partner, threats_90d: 3, threat_level: 3, max_severity_90d: 2}}
    fires: [my-first-rule]
"""

# The sample rule is not in force until the analyst says so: a fresh project scores every bundled
# country exactly as the defaults do (issue 18: init must not silently change any score).
SAMPLE_CONFIG = """\
# assessor project: these folders are added to the bundled profiles (and rules, once listed).
# (`defaults = false` uses only them.)
profiles = ["profiles"]
# Your own rules change every country's score.  List the folder to add them to the bundled rules
# (output then says "assessor-default <version> + project rules (N files)"); test them first with
# `assessor rules test rules/`.
# rules = ["rules"]
"""

RESERVED_IDS = ("all",)  # names a command reads as "every country"
MAX_NAME = 80


_LATIN_LETTERS = str.maketrans({"ß": "ss", "æ": "ae", "ø": "o", "œ": "oe", "ł": "l", "đ": "d", "ð": "d", "þ": "th",
                                "ħ": "h", "ı": "i", "ŧ": "t", "ŋ": "ng", "ĸ": "k", "ſ": "s",
                                # the African reference alphabet's letters (Azərbaycan, Hausa, Ewe)
                                "ə": "e", "ɛ": "e", "ɔ": "o", "ɓ": "b", "ɗ": "d", "ƙ": "k", "ƴ": "y"})


def _slug(name: str) -> str:
    import re
    import unicodedata

    from assessor.files import refuse_windows_name

    if not name.strip() or len(name) > MAX_NAME or not name.isprintable() or any(c in "/\\" for c in name):
        raise AssessorError(f"{name[:MAX_NAME]!r} cannot name a country: give 1 to {MAX_NAME} printable characters, "
                            "no slashes")
    # Accents off before the cut, so "Côte d'Ivoire" is cote-d-ivoire (not c-te-d-ivoire); the Latin letters no
    # accent makes (ß, ø, æ, ł, þ...) written as their usual Latin spelling, so "Føroyar" is foroyar (not f-royar)
    lowered = name.strip().lower().translate(_LATIN_LETTERS)
    latin = "".join(c for c in unicodedata.normalize("NFKD", lowered) if not unicodedata.combining(c))
    # A letter of another script would be dropped without a word ("Ωmega" made the id mega): refused, named.
    # A Latin letter with no plain spelling (a click ǃ) and a modifier letter (the ʻokina of Hawaiʻi) part words.
    other = [c for c in dict.fromkeys(name.strip()) if c.isalpha() and unicodedata.category(c) != "Lm"
             and not unicodedata.name(c, "").startswith("LATIN ")
             and not any("a" <= x <= "z" for x in unicodedata.normalize("NFKD", c.lower().translate(_LATIN_LETTERS)))]
    if other:
        raise AssessorError(f"{name!r} has letters of another script than the Latin, which a profile id cannot spell "
                            f"({' '.join(other)}): name the country in Latin letters here, then write its own "
                            "spelling in the profile's name: field")
    slug = re.sub(r"[^a-z0-9]+", "-", latin).strip("-")
    if not slug or not slug[0].isalpha():
        raise AssessorError(f"{name!r} does not make a profile id: start with a Latin letter (e.g. estonia)")
    if slug in RESERVED_IDS:
        raise AssessorError(f"{name!r} cannot name a profile: {slug!r} is how commands ask for every country")
    refuse_windows_name(f"{slug}.yaml", f"{name!r} cannot name a profile")
    return slug


def _schema_file(kind: str) -> tuple[str, str]:
    from assessor import spec

    return f".{kind}.schema.json", spec.schema_text(kind)


def _bundled_profile(known, pid: str, shown: str, target: Path, hint: str, replace: bool):
    """The bundled profile ``pid`` or ``shown`` already answers to, if any (a project profile with it
    would replace it); an error if a non-bundled profile answers to it (the project would not load)."""
    from assessor.errors import AmbiguousName
    from assessor.loader import default_dir

    for q in (pid, shown):
        try:
            other = known.resolve(q)
        except AmbiguousName as exc:  # not 'no profile': several already answer to it, and a new one named so
            # would clash with them all (its id or name a shared alias: the project would stop loading)
            raise AssessorError(f"{q!r} already names several profiles ({exc.listed}): choose another name") from None
        except AssessorError:
            continue
        try:
            same = Path(other.path).resolve() == target.resolve()
        except (OSError, RuntimeError):
            same = False
        if same:
            if replace:
                return None
            raise AssessorError(f"{target} exists already{hint}")
        if Path(other.path).parent != default_dir("profiles"):
            raise AssessorError(f"{q!r} already names the profile {other.id!r} ({other.path}): choose another name")
        return other
    return None


def _refuse_bundled(folder: Path, what: str, sub: str = "") -> None:
    """An error when ``folder`` is, or lies inside, a folder of the bundled data (rules, profiles, world records):
    a file written there is read by every run of this assessor, for every user - a sample rule written into the
    bundled rules changed every score, and a sample profile in the bundled profiles put its placeholders into
    every `profiles validate` and a country into every backtest.  Like review, which never writes a bundled profile."""
    from assessor.files import refuse_bundled

    # ``sub``: the folder checked is ``folder``'s own ``sub``/ (init's rules/ and profiles/), named as such beside the
    # folder the user gave ('<checkout>/rules is inside...' named a folder nobody typed)
    refuse_bundled(folder / sub if sub else folder, f"cannot write {what} into {folder}",
                   shown=f"its {sub}/ folder" if sub else None,
                   then="; start a project folder of your own (assessor init FOLDER)")


def profile_text(name: str, today=None, like=None) -> tuple[str, str]:
    """The id and the text of a sample profile for ``name``: checked to load before it is written.  ``like``: the
    record it replaces (``--replace``), whose aliases, alliance and adversary it keeps (`profiles new estonia
    --replace` wrote ``aliases: []``, and `assess EE` stopped finding Estonia in the project), and its period."""
    import datetime as _dt
    import json
    import tempfile

    from assessor import loader
    from assessor.output import write_atomic

    pid = _slug(name)
    shown = name.strip().title() if name.islower() else name.strip()
    if like is not None:  # the replaced record's own name: 'Yugoslavia (1948-1953)', not 'Yugoslavia-1948'
        shown = like.name
    end = today or _dt.date.today()
    if end > _dt.date.today():  # SOURCE_DATE_EPOCH's day ahead of the clock: its source would lie in the future
        raise AssessorError(f"the sample profile would end on {end} (SOURCE_DATE_EPOCH's day), after today "
                            f"({_dt.date.today()}): its source would be dated in the future, which no profile may be; "
                            "give SOURCE_DATE_EPOCH a time up to now, or unset it")
    start = end - _dt.timedelta(days=365)
    if like is not None:  # its period too: Finland 1939's adversary, the Soviet Union, did not exist in a year to today
        start, end = like.covers_from, like.covers_to
    from assessor import registry

    # the sample's adversary is Russia, unless the country is Russia (a country never faces itself)
    adversary = "China" if "Russia" in registry.default().states_of(shown) else "Russia"
    aliases, alliance = "[]", "NATO"
    if like is not None:
        aliases = json.dumps(list(like.aliases), ensure_ascii=False)
        alliance, adversary = json.dumps(like.alliance, ensure_ascii=False), json.dumps(like.adversary, ensure_ascii=False)
    # the name as written (UTF-8, as every record's): "C\u00f4te d'Ivoire" reads the same to YAML, not to people
    text = SAMPLE_PROFILE.format(schema=_schema_file("profile")[0], id=pid, name=json.dumps(shown, ensure_ascii=False),
                                 adversary=adversary,
                                 aliases=aliases, alliance=alliance,
                                 start=start.isoformat(), end=end.isoformat(), summary=PLACEHOLDER_SUMMARY,
                                 publisher=PLACEHOLDER_PUBLISHER, title=PLACEHOLDER_TITLE, url=PLACEHOLDER_URL)
    with tempfile.TemporaryDirectory(prefix="assessor-new-") as tmp:
        check = Path(tmp) / f"{pid}.yaml"
        write_atomic(check, text)
        problems: list = []
        loader.load_profiles([check], collect=problems)
        errors = [p for p in problems if p.severity == "error"]
    if errors:
        raise AssessorError(f"{name!r} does not make a profile that loads ({errors[0].message}): choose another name")
    return pid, text


def _refuse_other_kinds(proj: Project, folder: Path) -> None:
    """An error when ``folder`` is one the project reads every .yaml file of as something else (its rules, registry
    or world records): `profiles new Georgia --folder rules` wrote georgia.yaml among the project's rules, and every
    later command of the project ended in 'unknown field covers in rule file', after a note advising to list the
    rules folder among the profiles.  As -o refuses a YAML output there."""
    import os

    for what, listed in proj.read_folders(("rules", "registry", "world")):
        try:
            same = os.path.isdir(listed) and os.path.isdir(folder) and os.path.samefile(listed, folder)
        except (OSError, ValueError):
            same = False
        if same:
            raise AssessorError(f"cannot write a new profile into {folder}: the project ({proj.path}) reads every "
                                f".yaml file of it as its {what}, so every command would then fail on the profile "
                                "(choose a profile folder with --folder)")


def new_profile(name: str, folder: Path, known=None, replace: bool = False, root: Path | None = None,
                project: Project | None = None, today=None) -> Path:
    """A sample profile for ``name`` in ``folder``.

    Never over an existing file, and never in place of a bundled country,
    unless ``replace``; ``known`` (a ProfileSet) lets it refuse a name or id
    another profile already answers to.  Written by :func:`output.create_tree`:
    no link followed, nothing left half-made.
    """
    from assessor.output import create_tree

    _refuse_bundled(folder, "a new profile")
    if project is not None:
        _refuse_other_kinds(project, folder)
    pid = _slug(name)
    shown = name.strip().title() if name.islower() else name.strip()
    hint = f": edit it, or pass --replace to start it again (assessor profiles new {_quoted(name)} --replace)"
    like = None
    if known is not None:
        bundled = _bundled_profile(known, pid, shown, folder / f"{pid}.yaml", hint, replace)
        if bundled is not None and bundled.id != pid:
            # a profile replaces a bundled one by its id: 'EE' (Estonia's code) made ee.yaml, which answers to 'EE'
            # too, so --replace (as this message advised) wrote a profile with which no command loaded
            raise AssessorError(
                f"{name.strip()!r} names the bundled profile {bundled.id!r} by its name or an alias: a project profile "
                f"{pid}.yaml would answer to it too and not replace it, so no command would load.  To replace it on "
                f"purpose: assessor profiles new {bundled.id} --replace; else choose another name")
        if bundled is not None and not replace:
            raise AssessorError(
                f"{name.strip()!r} is the bundled profile {bundled.id!r} ({len(bundled.events)} sourced events): a "
                f"project profile {pid}.yaml would replace it in every command.  To replace it on purpose: "
                f"assessor profiles new {_quoted(name)} --replace; else choose another name")
        if replace:  # the record replaced (the bundled one, or the project's own file started again) keeps its names
            like = bundled or _replaced(known, pid)
    pid, text = profile_text(name, today, like)
    schema_name, schema = _schema_file("profile")
    # ``root``: the folder the user chose (the working one for the default ./profiles); every folder
    # below it is made or entered without following a link
    base = root if root is not None else folder
    prefix = "" if root is None else "/".join(folder.relative_to(root).parts)
    prefix = prefix + "/" if prefix else ""
    written = create_tree(base, [(f"{prefix}{pid}.yaml", text), (f"{prefix}{schema_name}", schema)],
                          replace=replace, keep=(f"{prefix}{schema_name}",), hint=hint)
    return written[0] if written and written[0].name == f"{pid}.yaml" else folder / f"{pid}.yaml"


def _replaced(known, pid: str):
    """The profile ``pid`` that ``--replace`` starts again, if one is known by that id."""
    return next((p for p in known.profiles.values() if p.id == pid), None)


def _quoted(name: str) -> str:
    import shlex

    return shlex.quote(name.strip())


def init_project(folder: Path, force: bool = False, today=None) -> list[Path]:
    """assessor.toml, profiles/ with a sample, rules/ with a sample rule (not in force until listed) and
    rules/tests/ with its test: all written or none, nothing through a link, nothing over an existing
    file unless ``force``."""
    from assessor.output import create_tree

    for sub in ("", "rules", "profiles"):
        _refuse_bundled(folder, "a sample rule or profile", sub)
    # An assessor.toml is read before a pyproject.toml of the same folder: beside one with [tool.assessor], init's
    # file replaced that project (its folders, its defaults = false) for every later command, without a word.
    py = folder / "pyproject.toml"
    if not force and _is_file(py):
        try:
            data, text = _toml_text(py)
            ours = _tool_table(py, data, text) is not None
        except AssessorError:
            ours = False  # a pyproject.toml that does not parse is not read as a project here either
        if ours:
            raise AssessorError(f"{_at(py, text, ('tool', 'assessor'))}: this folder's project is already here "
                                "([tool.assessor]); an assessor.toml beside it would replace it for every command "
                                "(edit the pyproject.toml's table, or give --force to start an assessor.toml anyway)")
    pid, profile = profile_text("Sampleland", today)
    rules_schema, rules_text = _schema_file("rules")
    profile_schema, profile_schema_text = _schema_file("profile")
    files = [
        ("assessor.toml", SAMPLE_CONFIG),
        ("rules/my-rules.yaml", SAMPLE_RULE.format(schema=rules_schema)),
        (f"rules/{rules_schema}", rules_text),
        ("rules/tests/my-rules.yaml", SAMPLE_TEST.format()),
        (f"profiles/{pid}.yaml", profile),
        (f"profiles/{profile_schema}", profile_schema_text),
    ]
    return create_tree(folder, files, replace=force, keep=(f"rules/{rules_schema}", f"profiles/{profile_schema}"),
                       hint=": assessor init writes over nothing (--force to replace the sample files)")
