"""Read the event data analysts already use (ACLED, UCDP GED, GDELT 2.0) as *candidate* events.

Nothing here writes a fact into a record: a reader turns one exported row into a
:class:`Row` (the source's own id, date, precision, actors, fatalities and
citation), :mod:`assessor.importers.mapping` proposes an event for it from a
mapping file (data, not code), and :mod:`assessor.importers.candidates` writes
the proposals to a candidate file an analyst reviews.  Only ``assessor import
review`` writes accepted candidates into a profile.

Readers stream: the file is read line by line through :func:`csv_records`, so
a file of millions of rows runs in memory that does not grow with it.  Nothing
is fetched over the network.  A row that cannot be read is a :class:`BadRow`
(file, line, column, message), counted and reported, never a traceback.
"""

from __future__ import annotations

import csv
import datetime as _dt
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from assessor.days import iso_day  # noqa: F401 (re-exported: the readers take it from here)
from assessor.errors import AssessorError

SOURCES = ("acled", "ucdp", "gdelt")

# Longest field the csv module accepts (ACLED notes are a few hundred
# characters; a field this long is a broken quote, reported as a bad row).
FIELD_LIMIT = 1_000_000
# Longest physical line read whole (bytes): the rest of a longer one is skipped, unread into memory,
# and its record reported as a bad row, so a file without newlines cannot fill the memory.
LINE_LIMIT = FIELD_LIMIT
MESSAGE_CHARS = 300  # a bad row's message quotes the value it could not read: at most this much of it


@dataclass
class Row:
    """One usable row of an export, in the source's own terms."""

    row_id: str  # the source's id (ACLED event_id_cnty, UCDP id, GDELT GLOBALEVENTID)
    line: int  # physical line of the file where the row ends (1-based, header = line 1)
    date: _dt.date
    precision: int  # the source's own date precision code (1 = the day)
    window_days: int  # how far either side of ``date`` the event may lie, from the precision
    fields: dict[str, str]  # the columns a mapping rule may match
    actors: tuple[str, ...]  # as the source names them, in its order
    fatalities: int | None
    citation: str  # the source's own citation of its sources
    summary: str  # the source's own description (ACLED notes, UCDP headline), or a built one
    published: _dt.date | None = None  # when the dataset published the row, where it says so
    numbers: dict[str, float] = field(default_factory=dict)  # numeric columns a rule may threshold


@dataclass(frozen=True)
class BadRow:
    """A row that could not be read: one located line."""

    file: str
    line: int
    column: str  # the column's name, or "" for the whole row
    message: str

    def __post_init__(self) -> None:
        # A message quotes the field it could not read, which may be a megabyte long; a thousand of
        # them are kept for the candidate file and each is printed.
        if len(self.message) > MESSAGE_CHARS:
            object.__setattr__(self, "message", f"{self.message[:MESSAGE_CHARS]}… ({len(self.message):,} characters)")

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}"
        return f"{where}: column {self.column}: {self.message}" if self.column else f"{where}: {self.message}"


@dataclass
class Counts:
    """What a reader saw: rows read, rows of other countries (not the one imported), bad rows."""

    rows: int = 0
    other: int = 0
    bad: int = 0


class _Lines:
    """Decode a binary file line by line, remembering which lines were not UTF-8.

    A wrong encoding (a Latin-1 or Windows-1252 export) must cost one located
    bad row, not the whole import, so each line is decoded on its own; a line
    that is not UTF-8 is decoded with replacement characters and remembered,
    and the record that contains it is reported as bad.
    """

    def __init__(self, fh, encoding: str = "utf-8"):
        self.fh = fh
        self.encoding = encoding
        self.line = 0
        self.bad: dict[int, str] = {}

    def __iter__(self) -> Iterator[str]:
        for raw in iter(lambda: self.fh.readline(LINE_LIMIT + 1), b""):
            self.line += 1
            if len(raw) > LINE_LIMIT and not raw.endswith(b"\n"):
                while raw and not raw.endswith(b"\n"):  # skip the rest of the line, a block at a time
                    raw = self.fh.readline(1 << 16)
                self.bad[self.line] = f"longer than {LINE_LIMIT:,} bytes on one line"
                yield "\n"
                continue
            if self.line == 1 and raw.startswith(b"\xef\xbb\xbf"):
                raw = raw[3:]  # a byte-order mark (Excel's "CSV UTF-8")
            if self.line == 1 and raw.startswith((b"\xff\xfe", b"\xfe\xff")):
                self.bad[1] = f"UTF-16 text, not {self.encoding.upper()} (save the file as UTF-8)"
            try:
                text = raw.decode(self.encoding)
            except UnicodeDecodeError as exc:
                self.bad.setdefault(self.line, f"not {self.encoding.upper()} text (byte 0x{raw[exc.start]:02x} at "
                                               f"character {exc.start + 1})")
                text = raw.decode(self.encoding, "replace")
            yield text


def open_binary(path: str | Path):
    p = Path(path)
    try:
        if p.is_dir():
            raise AssessorError(f"{p}: is a directory, expected an export file")
        if p.exists() and not p.is_file():
            raise AssessorError(f"{p}: not a regular file")
        return open(p, "rb")
    except FileNotFoundError:
        raise AssessorError(f"{p}: file not found") from None
    except PermissionError:
        raise AssessorError(f"{p}: cannot read file: permission denied") from None
    except OSError as exc:  # a loop of links, a name too long, an I/O error
        raise AssessorError(f"{p}: cannot read file: {exc.strerror or exc}") from None


def csv_records(path: str | Path, *, delimiter: str = ",", header: bool = True,
                columns: tuple[str, ...] = ()) -> Iterator[tuple[int, dict[str, str] | None, BadRow | None]]:
    """Yield ``(line, record, problem)`` for each record of a delimited file, streaming.

    With ``header`` the first record names the columns; otherwise ``columns``
    does (GDELT's files have no header).  A record with fewer fields than
    columns, or with a line that is not UTF-8, comes with a :class:`BadRow`
    and no record.  Extra trailing fields are ignored (sources add columns).
    """
    name = str(path)
    csv.field_size_limit(FIELD_LIMIT)
    with open_binary(path) as fh:
        lines = _Lines(fh)
        if delimiter == "\t":  # GDELT quotes nothing: a '"' in a name is text
            reader = csv.reader(iter(lines), delimiter=delimiter, quoting=csv.QUOTE_NONE, strict=False)
        else:
            reader = csv.reader(iter(lines), delimiter=delimiter, quoting=csv.QUOTE_MINIMAL, strict=False)
        names = list(columns)
        if header:
            try:
                first = next(reader)
            except StopIteration:
                return
            except csv.Error as exc:  # the line's own problem first (a UTF-16 file breaks the CSV reader too)
                why = f"is {lines.bad[1]}" if 1 in lines.bad else f"cannot be read: {exc}"
                raise AssessorError(f"{name}:1: the header {why}") from None
            if lines.bad:
                raise AssessorError(f"{name}:1: the header is {lines.bad[1]}")
            names = [c.strip() for c in first]
            missing = [c for c in columns if c not in names]
            if missing:
                raise AssessorError(f"{name}:1: the header lacks the column{'s' if len(missing) > 1 else ''} "
                                    f"{', '.join(missing)} (is this the right source?)")
            # a column read twice: the last one won, and every row was 'bad' for what the other held (or the wrong
            # value was read without a word)
            twice = next((c for c in columns if names.count(c) > 1), None)
            if twice is not None:
                at = [i + 1 for i, c in enumerate(names) if c == twice]
                raise AssessorError(f"{name}:1: the header names the column {twice} {len(at)} times (columns "
                                    f"{', '.join(map(str, at))}): which one holds the value cannot be told")
        start = lines.line
        while True:
            try:
                rec = next(reader)
            except StopIteration:
                return
            except csv.Error as exc:
                lines.bad.clear()
                yield lines.line, None, BadRow(name, lines.line, "", f"cannot read the record: {exc}")
                start = lines.line
                continue
            end = lines.line
            if lines.bad:
                bad = [(n, m) for n, m in lines.bad.items() if start < n <= end]
                lines.bad.clear()
                if bad:
                    start = end
                    column = next((names[i] if i < len(names) else f"field {i + 1}"
                                   for i, v in enumerate(rec) if "\ufffd" in v), "")
                    yield bad[0][0], None, BadRow(name, bad[0][0], column, bad[0][1])
                    continue
            start = end
            if not rec or rec == [""]:
                continue  # a blank line
            if len(rec) < len(names):
                yield end, None, BadRow(name, end, "", f"short row: {len(rec)} fields, the "
                                                       f"{'header has' if header else 'format has'} {len(names)} "
                                                       f"(first missing: {names[len(rec)]})")
                continue
            yield end, dict(zip(names, rec)), None


def country_records(path: str | Path, columns, counts: Counts,
                    is_country) -> Iterator[tuple[int, dict[str, str]] | BadRow]:
    """The records of one country (``is_country(record)``) as (line, record), and every bad row;
    counted in ``counts`` as the readers of every source count them."""
    for line, rec, bad in csv_records(path, columns=columns):
        counts.rows += 1
        if bad is not None:
            counts.bad += 1
            yield bad
            continue
        assert rec is not None
        if not is_country(rec):
            counts.other += 1
            continue
        yield line, rec


def parse_int(value: str) -> int | None:
    """A count as the sources write it ("12", "12.0", ""), or None when absent."""
    v = value.strip()
    if not v:
        return None
    try:
        f = float(v)
    except ValueError:
        raise ValueError(f"{value!r} is not a number") from None
    if f != f or f < 0 or f > 1e9:
        raise ValueError(f"{value!r} is not a count")
    return int(f)


def strip_parenthetical(name: str) -> str:
    """'Military Forces of Russia (2000-)' -> 'Military Forces of Russia'; 'Russia (Soviet Union)' -> 'Russia'."""
    n = name.strip()
    while n.endswith(")") and "(" in n:
        n = n[: n.rindex("(")].rstrip()
    return n
