"""``assessor rules copy DIR``: a copy of the bundled rule set to edit, under a name of its own.

Installed from a package there is no ``rules/`` folder to copy (the bundled rules live inside the
package), and a copy made by hand kept the bundled set's name and version: every output of the
edited rules said ``assessor-default 3.5.0``, as the bundled rules do.  The copy made here is the
bundled rule files (and their rule tests, under ``DIR/tests``), with the header's ``name`` set to
the analyst's and its ``version`` to 0.1.0, and a comment at the top of the header file saying
which bundled set, and which sha256, it was copied from.  It is written into a new or empty folder,
all files or none, nothing through a link (:func:`assessor.output.create_tree`).
"""

from __future__ import annotations

import json
import os
import re
import unicodedata
from pathlib import Path

from assessor import yamlsrc
from assessor.errors import AssessorError

START_VERSION = "0.1.0"
NAME = re.compile(r"[a-z0-9][a-z0-9._-]{0,63}")
SCHEMA_FILE = ".rules.schema.json"  # the JSON Schema beside the copy, for editors (as `assessor init` writes it)
_MODELINE = re.compile(r"^# yaml-language-server: \$schema=\S*$", re.M)


def name_from(folder: str | Path) -> str:
    """A valid rule set name made from ``folder``'s own name: lower case, accents off, every run of other
    characters one '-' (``My Rules`` is my-rules); ``my-rules`` when nothing is left."""
    base = os.path.basename(os.path.abspath(folder))
    latin = "".join(c for c in unicodedata.normalize("NFKD", base.lower()) if not unicodedata.combining(c))
    slug = re.sub(r"[^a-z0-9._-]+", "-", latin).strip("-._")[:64].strip("-._")
    return slug or "my-rules"


def check_name(name: str, bundled: str) -> str:
    """``name`` if it is a valid rule set name of its own, else an error saying what to write."""
    if not NAME.fullmatch(name):
        raise AssessorError(f"--name {name!r} cannot name a rule set: write 1 to 64 lower-case letters, digits, '.', "
                            f"'_' or '-', starting with a letter or a digit (e.g. {name_from(name)})")
    if name == bundled:
        raise AssessorError(f"--name {name!r} is the bundled rule set's name: give the copy a name of its own, so "
                            "that every output tells the two apart")
    return name


def _scalar(value: str) -> str:
    """``value`` as YAML text: plain where YAML reads it back as that text (my-rules, 0.1.0), else quoted (1.5)."""
    try:
        if yamlsrc.parse_bytes(f"v: {value}\n".encode(), "").data.get("v") == value:
            return value
    except AssessorError:
        pass
    return json.dumps(value, ensure_ascii=False)


def _replace_value(text: str, doc: yamlsrc.Document, path: tuple, value: str) -> str:
    """``text`` with the scalar at ``path`` (a plain or quoted value on one line) replaced by ``value``, quoted."""
    line, col = doc.loc(path)
    lines = text.split("\n")
    row = lines[line - 1]
    start = col - 1
    rest = row[start:]
    if rest[:1] in ("'", '"'):
        end = start + 1 + rest[1:].index(rest[0]) + 1
    else:
        flow = "{" in row[:start] or "[" in row[:start]
        stop = re.search(r"\s#" + (r"|[,}\]]" if flow else ""), rest)
        end = start + (stop.start() if stop else len(rest.rstrip()))
        end = start + len(row[start:end].rstrip())
    lines[line - 1] = row[:start] + _scalar(value) + row[end:]
    return "\n".join(lines)


def copy_files(name: str) -> tuple[list[tuple[str, str]], str]:
    """The files of the copy (paths relative to its folder, and their text) and what it was copied from
    (``assessor-default 3.5.0 (sha256:...)``)."""
    from assessor import loader, spec
    from assessor.files import folder_yaml

    bundled = loader.load_ruleset()
    folder = loader.default_dir("rules")
    source = f"{bundled.name} {bundled.version} (sha256:{bundled.sha256})"
    files: list[tuple[str, str]] = []
    for path in (Path(f) for f in bundled.files):
        text = yamlsrc.read_bytes(path).decode("utf-8")
        text = _MODELINE.sub(f"# yaml-language-server: $schema={SCHEMA_FILE}", text, count=1)
        if str(path) == bundled.loc.file:
            doc = yamlsrc.parse_bytes(text.encode("utf-8"), str(path))
            # the later value first: replacing one cannot move the other's place
            for key, value in sorted([("name", name), ("version", START_VERSION)],
                                     key=lambda kv: doc.loc(("ruleset", kv[0])), reverse=True):
                text = _replace_value(text, doc, ("ruleset", key), value)
            header = yamlsrc.parse_bytes(text.encode("utf-8"), str(path)).data["ruleset"]
            if (header.get("name"), header.get("version")) != (name, START_VERSION):  # a header written otherwise
                raise AssessorError(f"cannot rename the copy of {path}: its name and version are not written one "
                                    "per line")
            note = (f"# Copied by `assessor rules copy` from the bundled rule set {source}:\n"
                    f"# its name and version here are the copy's own; every output names the rule set by them.\n")
            # under the schema line, which editors read on the first line of every file (docs/authoring.md)
            first, nl, rest = text.partition("\n")
            text = f"{first}{nl}{note}{rest}" if _MODELINE.fullmatch(first) else note + text
        files.append((path.name, text))
    tests = folder / "tests"
    if tests.is_dir():
        files += [(f"tests/{f.name}", yamlsrc.read_bytes(f).decode("utf-8")) for f in folder_yaml(tests)]
    files.append((SCHEMA_FILE, spec.schema_text("rules")))
    return files, source


def copy_bundled(target: str | Path, name: str | None = None) -> tuple[list[Path], str, str]:
    """Write the copy into ``target`` (new, or an empty folder); return the files written, the copy's name and
    what it was copied from."""
    from assessor import loader
    from assessor.files import refuse_bundled
    from assessor.output import create_tree

    target = Path(target)
    refuse_bundled(target, f"cannot copy the rules into {target}", then="; copy them into a folder of your own")
    if os.path.lexists(target):
        if not target.is_dir():
            raise AssessorError(f"cannot copy the rules into {target}: it exists and is not a folder")
        try:
            if any(os.scandir(target)):
                raise AssessorError(f"cannot copy the rules into {target}: the folder is not empty (the copy goes "
                                    "into a new or empty folder, so that it writes over nothing)")
        except OSError as exc:
            raise AssessorError(f"cannot copy the rules into {target}: {exc.strerror or exc}") from None
    bundled_name = loader.load_ruleset().name
    name = check_name(name, bundled_name) if name is not None else name_from(target)
    if name == bundled_name:
        name += "-copy"
    files, source = copy_files(name)
    return create_tree(target, files), name, source
