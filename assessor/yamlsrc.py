"""Read a YAML file into plain JSON-like data, keeping every node's location.

PyYAML's loaders forget where values came from, silently keep the last of two
duplicate keys and, with the wrong loader, construct arbitrary Python objects.
We therefore only *compose* the document (safe: composing builds nodes, never
objects) and construct the values ourselves, which lets us

* refuse every tag outside the YAML core schema (``!!python/...`` is never
  constructed, it is reported),
* report duplicate keys, tabs, empty files and non-UTF-8 bytes with a line,
* bound the input before it is composed (:data:`MAX_BYTES`, then a count of
  parse events that stops at :data:`MAX_NODES`), and alias expansion after,
  so an "alias bomb" or a huge flat list is answered in milliseconds,
* resolve every scalar tag ourselves, explicit ones too (``!!bool maybe``,
  ``!!int ''``): a value its tag cannot read is a located problem, never an
  exception from a constructor,
* keep dates as ISO strings so the data stays JSON-compatible (and therefore
  checkable against the shipped JSON Schemas), while impossible dates such as
  ``2022-02-30`` are reported where they stand.

Locations are kept beside the data, keyed by the path of keys and indexes that
leads to a value, so any later stage (schema, semantics, lint) can map an
error back to its line.
"""

from __future__ import annotations

import datetime as _dt
import math
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from assessor.errors import InputError, Problem

try:  # libyaml composes several times faster; marks are the same
    _Loader = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - depends on how PyYAML was built
    _Loader = yaml.SafeLoader

MAX_NODES = 250_000  # a profile of 10,000 events (~20 values each) fits; an alias bomb crosses it at once
MAX_BYTES = 2 * 1024 * 1024  # 2 MiB; the bundled profiles are ~20 kB: anything this large is not a rule file
MAX_NUMBER_CHARS = 100  # far beyond any sane number; keeps int() clear of Python's digit limit
MAX_DEPTH = 64  # real files nest about ten levels; every later stage recurses per level

_CORE_TAGS = {
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
    "tag:yaml.org,2002:timestamp",
    "tag:yaml.org,2002:seq",
    "tag:yaml.org,2002:map",
}
_TAG_PREFIX = "tag:yaml.org,2002:"
_MAP, _SEQ, _STR = _TAG_PREFIX + "map", _TAG_PREFIX + "seq", _TAG_PREFIX + "str"
_BOOL = _TAG_PREFIX + "bool"
# The implicit-resolver patterns of the core schema, by tag: an explicitly
# tagged scalar must look like what its tag would have resolved from.
_PATTERNS: dict[str, list] = {}
for _entries in yaml.resolver.Resolver.yaml_implicit_resolvers.values():
    for _tag, _regexp in _entries:
        if _regexp not in _PATTERNS.setdefault(_tag, []):
            _PATTERNS[_tag].append(_regexp)
_WORDS = {"bool": "true or false", "int": "a whole number", "float": "a number", "null": "nothing (null or ~)"}
_DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_MAY_ALIAS = re.compile(r"(?:^|[\s\[{,])\*[^\s,\[\]{}]", re.M)  # '*name' where an alias can stand (not 'a * b')
_OCTAL_1_1 = re.compile(r"[-+]?0[0-7_]*[1-7][0-7_]*")  # 010, -0_7: octal in YAML 1.1 (0 and 00 are zero either way)

Path_ = tuple  # a path of mapping keys (str) and sequence indexes (int)


@dataclass
class Document:
    """A parsed file: its data, its raw bytes, and where each value stands."""

    file: str
    data: Any
    raw: bytes
    locs: dict = field(default_factory=dict)  # path -> (line, col) of the value
    key_locs: dict = field(default_factory=dict)  # path -> (line, col) of its key
    words: dict = field(default_factory=dict)  # path -> a YAML 1.1 boolean word as written (no, on, Yes, ...)

    def loc(self, path: Path_, key: bool = False) -> tuple[int, int]:
        """Location of ``path``, or of its nearest located ancestor."""
        path = tuple(path)
        while True:
            table = self.key_locs if key else self.locs
            if path in table:
                return table[path]
            if not path:
                return (1, 1)
            path = path[:-1]
            key = False

    def problem(self, path: Path_, message: str, code: str, severity: str = "error", key: bool = False) -> Problem:
        line, col = self.loc(path, key=key)
        return Problem(self.file, line, col, severity, message, code)


def _short_tag(tag: str) -> str:
    return "!!" + tag[len(_TAG_PREFIX):] if tag.startswith(_TAG_PREFIX) else tag


def _shown(text: str) -> str:
    """A value quoted in a message: whole when short, else its start and length."""
    return repr(text) if len(text) <= 24 else f"{text[:20]!r}… ({len(text):,} characters)"


def _mark(node) -> tuple[int, int]:
    return (node.start_mark.line + 1, node.start_mark.column + 1)


# YAML 1.1 (PyYAML, libyaml) breaks lines at NEL and the Unicode line and paragraph separators too; editors,
# grep, diff and a review's view of a change do not.  Raw in a file, one turns the rest of its line into a line
# of YAML no reader sees as one (`# reviewed<U+2028>severity: 5` sets a severity behind a comment) and shifts
# every location after it: refused where it stands.  Escaped in a double-quoted string ("\u2028") it is text.
_HIDDEN_BREAKS = {"\x85": "next line", "\u2028": "line separator", "\u2029": "paragraph separator"}


def _bytes_problem(file: str, raw: bytes) -> Problem | None:
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        col = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        return Problem(file, line, col, "error", f"file is not valid UTF-8 (byte 0x{raw[exc.start]:02x})", "not-utf8")
    hidden = min((i for i in (text.find(c) for c in _HIDDEN_BREAKS) if i >= 0), default=-1)
    if hidden >= 0:
        before = text[:hidden]
        starts = [m.end() for m in re.finditer(r"\r\n|\r|\n", before)]
        line, col = len(starts) + 1, hidden - (starts[-1] if starts else 0) + 1
        return Problem(file, line, col, "error", f"U+{ord(text[hidden]):04X} ({_HIDDEN_BREAKS[text[hidden]]}) breaks the "
                       "line for YAML but not in an editor or a diff: the rest of the line is read as YAML of its own (a "
                       "comment can hide a key); remove it, or escape it in a double-quoted string "
                       f"(\"\\u{ord(text[hidden]):04x}\")", "yaml-syntax")
    if "\t" not in text:
        return None  # no tab at all (nearly every file): no line to look at
    for n, line_text in enumerate(text.splitlines(), 1):
        stripped = line_text.lstrip(" ")
        if stripped.startswith("\t"):
            col = len(line_text) - len(stripped) + 1
            return Problem(file, n, col, "error", "tab character in indentation (YAML allows spaces only)", "tab")
    return None


# A key and a plain value on one line (``  - reason: text``), the value's start kept apart.
_KEY_VALUE = re.compile(r"^\s*(?:-\s+)?([A-Za-z_][\w.-]*):[ \t]+(\S.*)$")
_KEY = re.compile(r"^\s*(?:-\s+)?([A-Za-z_][\w.-]*):(?:\s|$)")  # any line that starts a key, with or without a value


def _advice(text: str, line: int) -> str:
    """What to do about the two syntax errors a rule or profile author meets most, when the error's line shows one:
    a plain value that starts with ``{`` (a reason template, ``{threats_90d} threats``), which YAML reads as a
    mapping, and a plain value holding ``: `` (``description: Its index: a choice``, on its first line or on a line
    it goes on over), which YAML reads as a second key.  Both are cured by quoting the whole value; the parser's own
    words say neither (a review's finding).  Two keys joined on one line (``- date: 2022-08-17 kind: threat``) are
    told apart from the second: a line break cures them, not quotes."""
    lines = text.removeprefix("\ufeff").splitlines()  # a byte-order mark (allowed) is no part of the first key
    if not 1 <= line <= len(lines):
        return ""
    text_line = lines[line - 1]
    m = _KEY_VALUE.match(text_line)
    if m is None:
        return _continued(lines, line)
    key, value = m.groups()
    value = re.sub(r"\s+#.*$", "", value)  # a comment is no part of the value
    if not value or value[0] in "\"'|>":
        return ""
    # a reason template's placeholder ({threats_90d}, {forces_massed_k:.1f}) then more text; never a flow mapping
    # ({fact: threats_90d, gte: 3}), whose quoting would make a condition a string
    if re.match(r"\{[A-Za-z_]\w*(?:[:!][^{}\s]*)?\}\s*[^\s,}]", value):
        # a plain value goes on over the lines indented deeper than its key: the first line alone is not the value
        after = next((t for t in lines[line:] if t.strip() and not t.lstrip().startswith("#")), "")
        spans = len(after) - len(after.lstrip(" ")) > m.start(1)
        shown = value if '"' not in value and "\\" not in value and len(value) <= 60 and not spans else "…"
        return (f"; the value of {key!r} starts with '{{', which YAML reads as a mapping: quote the whole value "
                f"({key}: \"{shown}\")")
    # ': ' inside a plain value, on a line whose key starts a list item or stands in the column of a key before it
    # (not an indentation error's line, whose key stands where none does)
    keys_at = {k.start(1) for t in lines[:line - 1] for k in [_KEY.match(t)] if k}
    placed = m.start(1) == 0 or m.start(1) in keys_at or text_line.lstrip().startswith("-")
    inner = re.search(r"([A-Za-z_][\w.-]*):\s", value)
    if not value.startswith(("{", "[")) and inner and placed:
        # two lines joined (`- date: 2022-08-17 kind: threat`): what stands before the second key is a date, a number or
        # a truth value, and the second key is one the file gives its siblings; quoting would make the date text, where
        # a line break is the cure ('description: 2022 was: a year' is text: 'was' is no key of the file)
        before = value[:inner.start()].rstrip()
        siblings = {k.group(1) for t in lines for k in [_KEY.match(t)] if k and k.start(1) == m.start(1)}
        if before and _plain_scalar(before) and inner.group(1) in siblings:
            return (f"; the value of {key!r} is followed by a second key on its line ({inner.group(1)!r}): put each "
                    "key on a line of its own")
        return f"; the value of {key!r} holds ': ', which YAML reads as a new key: quote the whole value ({key}: \"…\")"
    return ""


def _stray_bom(text: str, line: int, col: int) -> str:
    """Advice for a byte-order mark (U+FEFF, invisible in every editor) inside the file that can have caused the
    syntax error: one first or last on the error's own line (or on the line before, when the error stands at the
    start of a line).  A file's first character may be one; anywhere else YAML reads it as text, and the parser's
    words (a key not found) point at nothing the author can see.  A mark elsewhere (trailing a plain value, which
    it joins harmlessly, or lines away) is not named: it did not cause this error (a review: one on line 3 took
    the place of the advice for a reason unquoted on line 7)."""
    lines = text.split("\n")
    # the line before too, when the error stands at the start of its line's content (after its indentation): the
    # parser reports a mark leading an indented key on the next key's line (a second review)
    here = lines[line - 1] if 1 <= line <= len(lines) else ""
    near = [line] + ([line - 1] if col <= len(here) - len(here.lstrip(" \t")) + 1 else [])
    for n in near:
        if not 1 <= n <= len(lines):
            continue
        t = lines[n - 1].removeprefix("\ufeff") if n == 1 else lines[n - 1]
        m = re.search(r"^[ \t]*\ufeff|\ufeff[ \t]*\r?$", t)
        if m is None:
            continue
        at = t.index("\ufeff", m.start()) + (1 if n == 1 and lines[0].startswith("\ufeff") else 0)
        return (f"; line {n}, column {at + 1} holds a byte-order mark (U+FEFF, invisible), which YAML reads as "
                "text there: delete it (only a file's first character may be one)")
    return ""


def _continued(lines: list[str], line: int) -> str:
    """Advice for ': ' on a line that goes on a plain value begun on a line above (``description: The first line`` /
    ``  and its index: a choice``), which YAML reads as a key where none may stand.  Only for a line that starts with no
    key of its own (`  factor: threats` under a value may be a key indented too far)."""
    text_line = lines[line - 1]
    indent = len(text_line) - len(text_line.lstrip(" "))
    if _KEY.match(text_line) or not re.search(r"\S:(?:\s|$)", re.sub(r"\s+#.*$", "", text_line)):
        return ""
    for n in range(line - 1, 0, -1):  # up the lines the value goes on over, to the key that begins it
        above = lines[n - 1]
        if not above.strip():
            continue  # a blank line goes on a plain value (a line break in it)
        if above.lstrip().startswith("#"):
            return ""  # a comment line ends a plain value: this line starts something of its own
        km = _KEY_VALUE.match(above)
        if km is None:
            if _KEY.match(above) or above.lstrip().startswith("-"):
                return ""  # a key whose value is a block below it, or a list item: no plain value goes on here
            continue  # a line of the value itself
        value = re.sub(r"\s+#.*$", "", km.group(2))
        if km.start(1) >= indent or value[:1] in ("\"", "'", "|", ">", "{", "[", "&", "*", "!"):
            return ""
        return (f"; this line goes on the value of {km.group(1)!r} (line {n}) and holds ': ', which YAML reads as a new "
                f"key: quote the whole value ({km.group(1)}: \"…\")")
    return ""


def _plain_scalar(text: str) -> str | None:
    """The tag YAML resolves a plain one-line ``text`` to when it is no text (int, float, bool, null, timestamp);
    None for text, or for what is no scalar."""
    try:
        node = yaml.compose(f"v: {text}\n", Loader=_Loader)
    except yaml.YAMLError:
        return None
    value = node.value[0][1] if isinstance(node, yaml.MappingNode) and node.value else None
    return value.tag if isinstance(value, yaml.ScalarNode) and value.tag != _STR else None


def parse_bytes(raw: bytes, file: str) -> Document:
    """Parse ``raw`` (the bytes of ``file``); raise :class:`InputError` on any problem."""
    problem = _bytes_problem(file, raw)
    if problem:
        raise InputError([problem])
    text = raw.decode("utf-8")
    if not text.strip() or all(not ln.strip() or ln.lstrip().startswith("#") for ln in text.splitlines()):
        raise InputError([Problem(file, 0, 0, "error", "file is empty", "empty-file")])
    try:
        if len(raw) > MAX_NODES:  # a value takes at least a byte or so: smaller files cannot cross the limit
            _precount(text, file)
        node = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (0, 0)
        msg = " ".join(x for x in (exc.context, exc.problem) if x) or "invalid YAML"
        msg += _stray_bom(text, line, col) + _advice(text, line)
        raise InputError([Problem(file, line, col, "error", f"YAML syntax error: {msg}", "yaml-syntax")]) from None
    except yaml.reader.ReaderError as exc:  # a character YAML does not allow (a NUL, a C0 or C1 control)
        before = text[: exc.position]
        line, col = before.count("\n") + 1, exc.position - (before.rfind("\n") + 1) + 1
        what = f"U+{exc.character:04X}" if isinstance(exc.character, int) else repr(exc.character)
        raise InputError([Problem(file, line, col, "error", f"the control character {what} is not allowed in YAML (write "
                                  "it as an escape in a double-quoted string, e.g. \"\\x07\")", "yaml-syntax")]) from None
    except yaml.YAMLError as exc:
        raise InputError([Problem(file, 0, 0, "error", f"YAML syntax error: {exc}", "yaml-syntax")]) from None
    if node is None:
        raise InputError([Problem(file, 0, 0, "error", "file is empty", "empty-file")])
    doc = Document(file=file, data=None, raw=raw)
    builder = _Builder(doc, _alias_marks(text) if "*" in text and _MAY_ALIAS.search(text) else {})
    try:
        data = builder.build(node, ())
    except _TooBig:
        raise InputError(builder.problems[-1:]) from None
    if builder.problems:
        raise InputError(builder.problems)
    if not isinstance(data, dict):
        line, col = _mark(node)
        raise InputError([Problem(file, line, col, "error", "top level must be a mapping of fields", "not-a-mapping")])
    doc.data = data
    return doc


def _precount(text: str, file: str) -> None:
    """Refuse a document of more than :data:`MAX_NODES` values before composing it.

    Composing builds every node at once (a 2 MiB flat list is a million
    nodes, ~0.5 GB); counting the parser's events first costs a few
    milliseconds for a real file and stops a huge one at the limit.  Aliases
    count once here; their expansion is bounded while building values.
    """
    count = 0
    for event in yaml.parse(text, Loader=_Loader):
        if isinstance(event, (yaml.ScalarEvent, yaml.SequenceStartEvent, yaml.MappingStartEvent, yaml.AliasEvent)):
            count += 1
            if count > MAX_NODES:
                line, col = event.start_mark.line + 1, event.start_mark.column + 1
                raise InputError([Problem(file, line, col, "error", f"document holds more than {MAX_NODES:,} values",
                                          "too-many-nodes")])


def read(path: str | Path) -> Document:
    """Read and parse a YAML file, naming it in every problem."""
    return parse_bytes(read_bytes(path), str(Path(path)))


def read_bytes(path: str | Path) -> bytes:
    """A file's bytes, at most :data:`MAX_BYTES`, from a regular file only (/dev/zero or a FIFO never
    ends); any failure is an :class:`InputError` naming the file."""
    p = Path(path)
    try:
        if p.exists() and not p.is_dir() and not p.is_file():  # /dev/zero, a FIFO: never ends
            raise InputError([Problem(str(p), 0, 0, "error", "not a regular file", "missing-file")])
        with open(p, "rb") as fh:
            raw = fh.read(MAX_BYTES + 1)  # never more, whatever the file claims its size is
        if len(raw) > MAX_BYTES:
            raise InputError([Problem(str(p), 0, 0, "error", f"file is larger than {MAX_BYTES:,} bytes (2 MiB)", "too-large")])
    except FileNotFoundError:
        raise InputError([Problem(str(p), 0, 0, "error", "file not found", "missing-file")]) from None
    except IsADirectoryError:
        raise InputError([Problem(str(p), 0, 0, "error", "is a directory, expected a YAML file", "missing-file")]) from None
    except PermissionError:
        raise InputError([Problem(str(p), 0, 0, "error", "cannot read file: permission denied", "missing-file")]) from None
    except OSError as exc:
        raise InputError([Problem(str(p), 0, 0, "error", f"cannot read file: {exc.strerror or exc}", "missing-file")]) from None
    return raw


def _alias_marks(text: str) -> dict:
    """Where each alias (``*name``) stands, by the path of keys and indexes it is used at.

    Composing replaces an alias by its anchor's node, marks and all, so every problem in an aliased value was
    located at the anchor (``severity: *src``, a mapping anchored on line 7, was 'line 7: expected a whole
    number'), and the line that used it went unnamed.  The parser's events still hold the alias's place: one pass
    over them (only for a text with a ``*``), keeping the path as the builder does (a key's text)."""
    marks: dict = {}
    stack: list[list] = []  # [kind, path, state, key]: a mapping's state is True while a key is next; a list's, the index

    def here() -> tuple:
        if not stack:
            return ()
        kind, path, state, key = stack[-1]
        if kind == "seq":
            return path + (state,)
        return path + ("<key>",) if state else path + (key,)

    def done(key: str | None) -> None:
        if not stack:
            return
        top = stack[-1]
        if top[0] == "seq":
            top[2] += 1
        elif top[2]:
            top[2], top[3] = False, key if key is not None else "<key>"
        else:
            top[2] = True

    try:
        for ev in yaml.parse(text, Loader=_Loader):
            if isinstance(ev, yaml.AliasEvent):
                marks.setdefault(here(), (ev.start_mark.line + 1, ev.start_mark.column + 1))
                done(None)
            elif isinstance(ev, yaml.ScalarEvent):
                done(ev.value)
            elif isinstance(ev, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
                mapping = isinstance(ev, yaml.MappingStartEvent)
                stack.append(["map" if mapping else "seq", here(), True if mapping else 0, None])
            elif isinstance(ev, (yaml.MappingEndEvent, yaml.SequenceEndEvent)) and stack:
                stack.pop()
                done(None)
    except yaml.YAMLError:  # composed already: cannot happen; the anchor's place is then kept
        return {}
    return marks


class _TooBig(Exception):
    """Raised once the node budget is spent, to stop expanding at once."""


class _Builder:
    """Turns composed nodes into plain data, recording locations and problems."""

    def __init__(self, doc: Document, aliases: dict | None = None):
        self.doc = doc
        self.problems: list[Problem] = []
        self.count = 0
        self.constructor = yaml.SafeLoader("")  # only its scalar constructors are used
        self.aliases = aliases or {}  # path -> (line, col) of an alias used there (see _alias_marks)
        self._alias: tuple[int, int] | None = None  # while building an alias's value: where the alias stands

    def _fail(self, node, message: str, code: str) -> None:
        line, col = _mark(node)
        if self._alias is not None:  # said where the alias is used, the anchor's line beside it
            message = f"{message} (in the anchor's value at line {line})"
            line, col = self._alias
        self.problems.append(Problem(self.doc.file, line, col, "error", message, code))

    def build(self, node, path: Path_) -> Any:
        if self.aliases and path in self.aliases:
            outer, self._alias = self._alias, self.aliases[path]
            try:
                return self._build(node, path)
            finally:
                self._alias = outer
        return self._build(node, path)

    def _build(self, node, path: Path_) -> Any:
        self.count += 1
        if self.count > MAX_NODES:
            self._fail(node, f"document expands to more than {MAX_NODES} values (alias bomb?)", "too-many-nodes")
            raise _TooBig
        if len(path) > MAX_DEPTH:
            self._fail(node, f"values nested more than {MAX_DEPTH} levels deep", "too-deep")
            raise _TooBig
        mark = node.start_mark
        self.doc.locs.setdefault(path, self._alias or (mark.line + 1, mark.column + 1))  # _mark, inline: every value
        if node.tag == _STR and type(node) is yaml.ScalarNode:  # most values: text, kept as written (see _scalar)
            return node.value
        if node.tag not in _CORE_TAGS:
            self._fail(node, f"tag {node.tag!r} is not allowed (plain YAML values only; nothing is executed)", "unsafe-tag")
            return None
        if isinstance(node, yaml.MappingNode):
            if node.tag != _MAP:
                self._fail(node, f"tag {_short_tag(node.tag)} does not fit a mapping", "wrong-type")
                return None
            return self._mapping(node, path)
        if isinstance(node, yaml.SequenceNode):
            if node.tag != _SEQ:
                self._fail(node, f"tag {_short_tag(node.tag)} does not fit a list", "wrong-type")
                return None
            return [self.build(child, path + (i,)) for i, child in enumerate(node.value)]
        if node.tag in (_MAP, _SEQ):
            self._fail(node, f"tag {_short_tag(node.tag)} needs a {'mapping' if node.tag == _MAP else 'list'}, "
                             f"not the plain value {_shown(node.value)}", "wrong-type")
            return None
        if node.tag == _BOOL and node.value.lower() not in ("true", "false"):
            self.doc.words[path] = node.value  # the Norway problem: `no` (Norway's code) reads as false
        return self._scalar(node)

    def _mapping(self, node, path: Path_) -> dict:
        out: dict = {}
        for key_node, value_node in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                self._fail(key_node, "merge keys ('<<') are not supported; write the fields out", "unsupported-merge")
                continue
            if key_node.tag == _STR and type(key_node) is yaml.ScalarNode and self.count < MAX_NODES \
                    and len(path) < MAX_DEPTH:  # a text key, nearly every one: what build would give, directly
                self.count += 1
                key = key_node.value
            else:
                key = self.build(key_node, path + ("<key>",))
                if isinstance(key, (dict, list)) or key is None:
                    self._fail(key_node, "mapping keys must be plain text", "wrong-type")
                    continue
                key = str(key)
            at = path + (key,)
            if key in out:
                first = self.doc.key_locs.get(at, (0, 0))[0]
                self._fail(key_node, f"duplicate key {key!r} (first defined on line {first})", "duplicate-key")
                continue
            self.doc.key_locs[at] = self._alias or _mark(key_node)
            out[key] = self.build(value_node, at)
        self.doc.locs.pop(path + ("<key>",), None)
        return out

    def _scalar(self, node) -> Any:
        tag = node.tag
        if tag == "tag:yaml.org,2002:timestamp":
            text = node.value.strip()
            if not _DATE_RE.match(text):
                self._fail(node, f"{text!r}: write dates as YYYY-MM-DD (no times)", "bad-date")
                return text
            try:
                _dt.date.fromisoformat(text)
            except ValueError:
                self._fail(node, f"{text!r} is not a real date", "bad-date")
            return text
        if tag == "tag:yaml.org,2002:str":
            return node.value
        # bool, int, float, null: whether the tag was written or resolved, the
        # text must be one its tag reads (``!!bool maybe`` is not), and numbers
        # stay short enough for int() and float() to be trivial.
        kind = tag[len(_TAG_PREFIX):]
        text = node.value
        if kind in ("int", "float") and len(text) > MAX_NUMBER_CHARS:
            self._fail(node, f"cannot read the number {_shown(text)}: longer than {MAX_NUMBER_CHARS} characters",
                       "wrong-type")
            return None
        if not any(p.fullmatch(text) for p in _PATTERNS.get(tag, ())):
            self._fail(node, f"{_shown(text)} is not {_WORDS[kind]} (tag {_short_tag(tag)})", "wrong-type")
            return None
        if kind in ("int", "float") and (":" in text or (kind == "int" and _OCTAL_1_1.fullmatch(text))):
            # YAML 1.1 reads 1:30 as 90 (base 60) and 010 as 8 (octal): a value that looks like another
            self._fail(node, f"{_shown(text)} reads as {'a base-60' if ':' in text else 'an octal'} number in YAML 1.1, "
                             f"not as written: write it in decimal (or quote it if it is text)", "wrong-type")
            return None
        try:
            value = getattr(self.constructor, f"construct_yaml_{kind}")(node)
        except Exception:  # noqa: BLE001 - a constructor's edge case (e.g. '0b_') is the user's input, located
            self._fail(node, f"cannot read {_shown(text)} as {_WORDS[kind]} (tag {_short_tag(tag)})", "wrong-type")
            return None
        if isinstance(value, float) and not math.isfinite(value):
            self._fail(node, f"{text!r} is not a finite number", "bad-value")
            return None
        return value
