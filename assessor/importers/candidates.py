"""Candidate files: what an import proposes, and the review that writes accepted candidates into a profile.

An import streams the export once.  Each row of the country becomes either a
*candidate* (a proposed event, with the row's id, date, precision, actors,
fatalities, the source's own citation, the rule that proposed it and, when an
event of the record already matches — same kind and actor, within the date
precision — ``duplicate_of``) or an *unmapped* row (counted, and listed grouped
by the source's types with the reason and the first row ids).  Candidates are
spooled to a temporary file as they come, so memory does not grow with the
export; the candidate file is written atomically at the end (summary first).

``review`` sets each candidate's ``decision`` (``accept``/``reject``, or as an
analyst edited it in the file) and writes the accepted ones into the profile
with ``source: {kind: dataset, dataset, version, row}`` — only if the profile
is byte for byte the one the import read (its SHA-256 is in the candidate
file), so an analyst's edit in between is never overwritten, and only if the
profile still validates with them.  Profile and candidate file are written
together, atomically (:func:`assessor.output.write_all`).
"""

from __future__ import annotations

import dataclasses
import datetime as _dt
import hashlib
import json
import os
import re
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from assessor import output, yamlsrc
from assessor.errors import AssessorError, InputError, Problem
from assessor.importers import BadRow, Counts, Row
from assessor.importers.mapping import Mapping, Matcher, Proposal

FORMAT = "assessor-import-candidates/1"
DECISIONS = ("pending", "accept", "reject", "accepted", "rejected")
EXAMPLES = 10  # row ids listed per group of unmapped rows
BAD_LISTED = 1000  # bad rows listed in the candidate file (all are printed and counted)
SUMMARY_CHARS = 600
UNMAPPED_GROUPS = 1000  # kinds of unmapped rows listed; the rest are counted in one last group
MORE_KINDS = "(more kinds than are listed)"


# --------------------------------------------------------------------------- a small, deterministic YAML writer

def _scalar(v) -> str:
    if v is None:
        return "null"
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, int):
        return str(v)
    if isinstance(v, float):
        return repr(v)
    if isinstance(v, _dt.date):
        return v.isoformat()
    # A JSON string is a YAML double-quoted scalar; characters YAML may not hold raw (C1 controls,
    # line and paragraph separators, format characters, surrogates) are escaped as \uXXXX too.
    return _UNPRINTABLE.sub(_escape, json.dumps(str(v), ensure_ascii=False))


def _escape(m: re.Match) -> str:
    code = ord(m.group())
    return f"\\U{code:08x}" if code > 0xFFFF else f"\\u{code:04x}"


_UNPRINTABLE = re.compile("[\x7f-\x9f\u00ad\u061c\u180e\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff"
                          "\ufff0-\uffff\ud800-\udfff\U000e0000-\U000e007f]")


def _key(k) -> str:
    """A mapping key as written: bare when it is a plain name (all the writer's own keys are), else quoted like a
    value, so a key a hand-edited candidate file brought (``"a: [\\n"``) is written back as the same key."""
    plain = isinstance(k, str) and _PLAIN_KEY.fullmatch(k) and k.lower() not in _YAML_WORDS
    return k if plain else _scalar(k)


_PLAIN_KEY = re.compile(r"[A-Za-z_][A-Za-z0-9_-]*")
_YAML_WORDS = {"y", "n", "yes", "no", "on", "off", "true", "false", "null"}  # plain, they would read as booleans or null


def _flow(d: dict) -> str:
    return "{" + ", ".join(f"{_key(k)}: {_scalar(v)}" for k, v in d.items() if v is not None) + "}"


def dump(value, indent: int = 0) -> str:
    """Block YAML for dicts and lists of scalars, dicts and flow dicts (a ``Flow`` wrapper)."""
    pad = " " * indent
    lines: list[str] = []
    if isinstance(value, dict):
        for k, v in value.items():
            if isinstance(v, Flow):
                lines.append(f"{pad}{_key(k)}: {_flow(v.d)}")
            elif isinstance(v, dict):
                lines.append(f"{pad}{_key(k)}:" + (" {}" if not v else ""))
                if v:
                    lines.append(dump(v, indent + 2).rstrip("\n"))
            elif isinstance(v, list):
                lines.append(f"{pad}{_key(k)}:" + (" []" if not v else ""))
                if v:
                    lines.append(dump(v, indent + 2).rstrip("\n"))
            else:
                lines.append(f"{pad}{_key(k)}: {_scalar(v)}")
    elif isinstance(value, list):
        for item in value:
            if isinstance(item, dict) and item:
                body = dump(item, indent + 2).rstrip("\n")
                lines.append(f"{pad}- " + body[indent + 2:])
            elif isinstance(item, Flow):
                lines.append(f"{pad}- {_flow(item.d)}")
            else:
                lines.append(f"{pad}- {_scalar(item)}")
    return "\n".join(lines) + "\n"


@dataclass
class Flow:
    d: dict


# --------------------------------------------------------------------------- import

@dataclass
class Summary:
    rows: int = 0
    other: int = 0
    country_rows: int = 0
    mapped: int = 0
    unmapped: int = 0
    duplicates: int = 0
    bad: int = 0
    skipped_dates: int = 0
    bad_rows: list[BadRow] = field(default_factory=list)
    unmapped_groups: list[tuple[str, str, int]] = field(default_factory=list)  # (types, reason, count), largest first

    @property
    def usable(self) -> bool:
        """Whether any row could be read (an empty file, or one of bad rows only, has none)."""
        return self.rows - self.bad > 0

    def line(self) -> str:
        return (f"{self.rows} rows read, {self.country_rows} of the country: {self.mapped} mapped "
                f"({self.duplicates} duplicates of the record), {self.unmapped} unmapped, {self.bad} bad rows"
                + (f", {self.skipped_dates} outside --from/--to" if self.skipped_dates else ""))


def slug(text: str) -> str:
    s = re.sub(r"[^a-z0-9_.-]+", "-", text.lower()).strip("-.")
    return s or "row"


def _trim(text: str) -> str:
    t = " ".join(text.split())
    if len(t) <= SUMMARY_CHARS:
        return t
    cut = t[:SUMMARY_CHARS]
    end = cut.rfind(". ")
    return (cut[: end + 1] if end > SUMMARY_CHARS // 2 else cut.rstrip() + " …")


def find_duplicate(profile, proposal: Proposal, row: Row, cand_id: str) -> str | None:
    """An event of the record this candidate repeats: the same id, or the same kind and actor within the precision."""
    kind = proposal.rule.event["kind"]
    for ev in profile.events:
        if ev.get("id") == cand_id:
            return _describe(ev)
        if ev.kind == kind and ev.get("actor") == proposal.actor and abs((ev.date - row.date).days) <= row.window_days:
            return _describe(ev)
    return None


def _describe(ev) -> str:
    return f"{ev.date.isoformat()} {ev.kind} {ev.get('type') or ''} by {ev.get('actor')} ({ev.loc})".replace("  ", " ")


def candidate(row: Row, proposal: Proposal, mapping: Mapping, version: str, duplicate: str | None,
              cid: str | None = None) -> dict:
    rule = proposal.rule
    cid = cid or f"{mapping.source}-{slug(row.row_id)}"
    ev = rule.event
    proposed: dict = {"kind": ev["kind"], "type": ev["type"], "actor": proposal.actor}
    if ev["kind"] == "threat":
        proposed["severity"] = ev["severity"]
        proposed["weighs_days"] = ev["weighs_days"]
    proposed["summary"] = _trim(row.summary)
    c: dict = {
        "id": cid,
        "decision": "pending",
        "row": row.row_id,
        "line": row.line,
        "date": row.date,
        "precision": row.precision,
        "window_days": row.window_days,
        "actors": list(row.actors),
        "fatalities": row.fatalities,
        "citation": row.citation,
        "published": row.published,
        "proposed": proposed,
        "reason": f"rule {rule.id} ({mapping.file}:{rule.line}): {rule.reason} Actor {proposal.actor_as_written!r} "
                  f"is {proposal.actor} in the registry.",
    }
    if duplicate:
        c["duplicate_of"] = duplicate
    return {k: v for k, v in c.items() if v is not None}


class Monthly:
    """Monthly counts of the mapped rows per actor and proposed type (events, and fatalities where given).

    A systematic intensity measure beside the hand-curated record: it counts every mapped row,
    duplicates included, whether or not an analyst accepts it.  Bounded by months × actors × types.
    """

    COLUMNS = ("country", "month", "actor", "kind", "type", "events", "fatalities")

    def __init__(self, country: str):
        self.country = country
        self.cells: dict[tuple[str, str, str, str], list[int]] = {}

    def add(self, row: Row, proposal: Proposal) -> None:
        key = (row.date.strftime("%Y-%m"), proposal.actor, proposal.rule.event["kind"], proposal.rule.event["type"])
        cell = self.cells.setdefault(key, [0, 0])
        cell[0] += 1
        cell[1] += row.fatalities or 0

    def csv(self) -> str:
        import csv as csv_mod
        import io

        from assessor.render.safe import csv_cell

        buf = io.StringIO()
        w = csv_mod.writer(buf, lineterminator="\n")
        w.writerow(self.COLUMNS)
        for (month, actor, kind, type_), (n, dead) in sorted(self.cells.items()):
            w.writerow([csv_cell(self.country), month, csv_cell(actor), kind, type_, n, dead])
        return buf.getvalue()


def run_import(rows: Iterable[Row | BadRow], counts: Counts, matcher: Matcher, profile, mapping: Mapping, *,
               version: str, source_file: str, out_path: str, start: _dt.date | None = None,
               end: _dt.date | None = None, on_bad=None, protect: Iterable[str] = (),
               monthly: Monthly | None = None) -> Summary:
    """Read every row, write the candidate file; return the summary (bounded memory: candidates are spooled)."""
    for name in (str(Path(profile.path).resolve()), source_file, mapping.file):
        try:
            name.encode("utf-8")
        except UnicodeEncodeError:  # b'est\xf6.yaml': the review could not read the file back, nor find the profile
            raise AssessorError(f"{name}: the path is not UTF-8 (the file's name or a folder's), and the candidate file "
                                "(UTF-8 YAML) that records it could not be read back by the review: rename it") from None
    summary = Summary()
    groups: dict[tuple[str, str], list] = {}  # (type key, reason) -> [count, first row ids]
    sha = hashlib.sha256()
    proposed: dict[str, tuple[str, int]] = {}  # candidate id -> (row id, line): one per candidate, as review holds
    today = _dt.date.today()  # a source dated later is refused by the profile (as at review): a bad row here
    with tempfile.TemporaryFile("w+", encoding="utf-8") as spool:
        for item in rows:
            if isinstance(item, Row) and (start is None or item.date >= start) and (end is None or item.date <= end):
                cid = f"{mapping.source}-{slug(item.row_id)}"
                if cid in proposed and proposed[cid][0] == item.row_id:  # the same row again (exports pasted together)
                    item = BadRow(source_file, item.line, "", f"row id {item.row_id!r} repeats the row of line "
                                                              f"{proposed[cid][1]} (proposed once)")
                elif cid in proposed:  # another row id with the same slug ('EST 9', 'EST-9'): a distinct id
                    cid += "-" + hashlib.sha256(item.row_id.encode("utf-8")).hexdigest()[:8]
                if isinstance(item, Row) and (item.published or item.date) > today:  # the source date event_for gives
                    item = BadRow(source_file, item.line, "", f"its source date {item.published or item.date} (when "
                                  "the dataset published the row, else the event's day) lies in the future")
            if isinstance(item, BadRow):
                summary.bad += 1
                if len(summary.bad_rows) < BAD_LISTED:
                    summary.bad_rows.append(item)
                if on_bad is not None:
                    on_bad(item)
                continue
            if (start and item.date < start) or (end and item.date > end):
                summary.skipped_dates += 1
                continue
            summary.country_rows += 1
            found = matcher.propose(item)
            if isinstance(found, str):
                summary.unmapped += 1
                key = (matcher.type_key(item), found)
                if key not in groups and len(groups) >= UNMAPPED_GROUPS:  # bounded whatever the export holds
                    key = (MORE_KINDS, "not listed one by one")
                g = groups.setdefault(key, [0, []])
                g[0] += 1
                if len(g[1]) < EXAMPLES:
                    g[1].append(item.row_id)
                continue
            if monthly is not None:
                monthly.add(item, found)
            proposed[cid] = (item.row_id, item.line)
            dup = find_duplicate(profile, found, item, cid)
            summary.mapped += 1
            summary.duplicates += dup is not None
            spool.write(dump([candidate(item, found, mapping, version, dup, cid)], 2))
        summary.rows, summary.other = counts.rows, counts.other
        ordered = sorted(groups.items(), key=lambda kv: (kv[0][0] == MORE_KINDS, -kv[1][0], kv[0]))
        summary.unmapped_groups = [(k[0], k[1], v[0]) for k, v in ordered]
        if not summary.usable:
            return summary  # nothing usable was read: the run fails, and a run that fails writes nothing
        with open(source_file, "rb") as fh:  # the export's hash, for provenance (read in blocks)
            for block in iter(lambda: fh.read(1 << 20), b""):
                sha.update(block)
        head = {
            "format": FORMAT,
            "source": mapping.source,
            "dataset": mapping.dataset,
            "version": version,
            "publisher": mapping.publisher,
            "url": mapping.url,
            "codebook": mapping.codebook,
            "file": source_file,
            "file_sha256": sha.hexdigest(),
            "mapping": mapping.file,
            "mapping_sha256": mapping.sha256,
            "country": profile.id,
            "profile": str(Path(profile.path).resolve()),  # review may run from another folder
            # the file's own bytes (profile.sha256 also covers the world records it inherits):
            # what review compares before it writes into the file
            "profile_sha256": hashlib.sha256(Path(profile.path).read_bytes()).hexdigest(),
            "summary": {"rows": summary.rows, "other_countries": summary.other, "country_rows": summary.country_rows,
                        "mapped": summary.mapped, "duplicates": summary.duplicates, "unmapped": summary.unmapped,
                        "bad_rows": summary.bad, "outside_dates": summary.skipped_dates},
            "unmapped": [{"types": k[0], "reason": k[1], "count": v[0], "rows": v[1]}
                         for k, v in ordered],
            "bad_rows": [str(b) for b in summary.bad_rows],
        }
        text = ("# Candidate events from an import (assessor import): review them with `assessor import review`,\n"
                "# or set each 'decision' to accept or reject by hand. Nothing here is in the record yet.\n"
                + dump({k: v for k, v in head.items() if v is not None}))
        spool.seek(0)
        with output.streaming(out_path, protect=protect) as fh:
            fh.write(text.encode("utf-8"))
            fh.write(b"candidates:" + (b"\n" if summary.mapped else b" []\n"))
            for chunk in iter(lambda: spool.read(1 << 16), ""):
                fh.write(chunk.encode("utf-8"))
    return summary


# --------------------------------------------------------------------------- review

def read_candidates(path: str | Path) -> yamlsrc.Document:
    doc = yamlsrc.read(path)
    d = doc.data
    problems: list[Problem] = []
    if not isinstance(d, dict) or d.get("format") != FORMAT:
        raise InputError([doc.problem(("format",), f"not a candidate file (expected format: {FORMAT})", "wrong-format")])
    for key in ("source", "dataset", "version", "profile", "profile_sha256", "candidates"):
        if key not in d:
            problems.append(doc.problem((), f"missing '{key}'", "missing-field"))
        elif key != "candidates" and not isinstance(d[key], (str, int, float) if key == "version" else str):
            problems.append(doc.problem((key,), f"'{key}' must be text", "wrong-type"))
    for key in ("publisher", "url"):  # optional; written into the profile's sources when present
        if d.get(key) is not None and not isinstance(d[key], str):
            problems.append(doc.problem((key,), f"'{key}' must be text", "wrong-type"))
    if isinstance(d.get("profile"), str) and ("\0" in d["profile"] or not d["profile"].strip()):
        problems.append(doc.problem(("profile",), "'profile' is not a file name", "bad-value"))
    cands = d.get("candidates") or []
    if not isinstance(cands, list):
        problems.append(doc.problem(("candidates",), "'candidates' must be a list", "wrong-type"))
        cands = []
    seen: set[str] = set()
    for i, c in enumerate(cands):
        if not isinstance(c, dict) or not isinstance(c.get("proposed"), dict) or "id" not in c or "date" not in c:
            problems.append(doc.problem(("candidates", i), "a candidate needs id, date and proposed", "missing-field"))
            continue
        wrong = _wrong_fields(c)
        if wrong:
            problems.append(doc.problem(("candidates", i, *wrong[0]), wrong[1], "wrong-type"))
            continue
        if c.get("decision", "pending") not in DECISIONS:
            problems.append(doc.problem(("candidates", i, "decision"), f"decision {c.get('decision')!r} is not one of "
                                                                        f"{', '.join(DECISIONS)}", "bad-value"))
        if c["id"] in seen:
            problems.append(doc.problem(("candidates", i, "id"), f"candidate id {c['id']!r} is used twice", "duplicate-id"))
        seen.add(c["id"])
    if problems:
        raise InputError(problems)
    return doc


def _wrong_fields(c: dict) -> tuple[tuple, str] | None:
    """The first field of a hand-edited candidate that review could not use: (its path, the message)."""
    if not isinstance(c["id"], str):
        return ("id",), "a candidate's 'id' must be text"
    if not isinstance(c.get("row"), (str, int)) or isinstance(c.get("row"), bool):
        return (("row",) if "row" in c else ()), "a candidate needs its source 'row' id (text)"
    p = c["proposed"]
    needed = ("kind", "type", "actor", "summary") + (("severity", "weighs_days") if p.get("kind") == "threat" else ())
    missing = [k for k in needed if k not in p]
    if missing:
        return ("proposed",), f"'proposed' is missing '{missing[0]}'"
    return None


def _day(v):
    """A date read back from a candidate file (text) as a date, so the profile gets a bare YYYY-MM-DD."""
    try:
        return _dt.date.fromisoformat(str(v))
    except ValueError:
        return v


def event_for(c: dict, d: dict) -> dict:
    """The profile event an accepted candidate becomes, with its dataset provenance."""
    p = c["proposed"]
    ev: dict = {"date": _day(c["date"]), "kind": p["kind"], "actor": p["actor"], "type": p["type"]}
    if p["kind"] == "threat":
        ev["severity"] = p["severity"]
        ev["weighs_days"] = p["weighs_days"]
    ev["summary"] = p["summary"]
    ev["id"] = c["id"]
    src = {"publisher": d.get("publisher") or d["dataset"],
           "title": f"{d['dataset']} event {c['row']} (dataset {d['dataset']}, version {d['version']}, row {c['row']})",
           "date": _day(c.get("published") or c["date"]), "url": d.get("url"), "kind": "dataset",
           "dataset": d["dataset"], "version": str(d["version"]), "row": str(c["row"])}
    ev["source"] = Flow(src)
    note = (f"Imported from {d['dataset']} {d['version']} row {c['row']} with assessor import; the dataset's own "
            f"citation: {c.get('citation') or 'none given'}. Mapped by {c.get('reason', 'an import rule')}")
    if c.get("fatalities") is not None:
        note += f" Fatalities reported: {c['fatalities']}."
    if c.get("precision", 1) != 1:
        note += f" Date precision {c['precision']} in the dataset's code (within {c.get('window_days', '?')} days)."
    ev["note"] = note
    return ev


def insert_events(text: str, events: list[dict], file: str) -> str:
    """The profile's text with ``events`` appended to its top-level ``events:`` list (all else kept as written)."""
    return _inserted(text, events, file)[0]


def _inserted(text: str, events: list[dict], file: str) -> tuple[str, int]:
    """:func:`insert_events`, and the line (1-based) the first new event starts on.

    The list ends at the next top-level key (or the end of the file); comments and blank lines
    just before that stay after the new events.  New items take the indentation of the first
    existing item (two spaces in the bundled profiles).
    """
    lines = text.splitlines(keepends=True)
    # the key as the YAML parser finds it ("events": or 'events' quoted too); else the first line that reads 'events:'
    at, keep, after = _events_lines(text)
    if at is None:
        at = next((i for i, ln in enumerate(lines) if re.match(r"events\s*:", ln)), None)
    if at is None:
        raise AssessorError(f"{file}: no top-level 'events:' list to add the accepted candidates to")
    # the file's own line ending (a profile saved on Windows): the new lines in LF made a file of mixed endings
    newline = "\r\n" if lines[at].endswith("\r\n") else "\n"
    rest = lines[at].split(":", 1)[1].strip()
    empty = re.fullmatch(r"\[\s*\](\s+#.*)?", rest)  # [] or [ ], and a comment after it, kept
    if empty:
        lines[at] = (lines[at].split(":", 1)[0].rstrip() + ":" + (f"  {empty.group(1).strip()}" if empty.group(1) else "")
                     + newline)
    elif rest and not rest.startswith("#"):
        raise AssessorError(f"{file}:{at + 1}: 'events' is written inline; write it as a block list to add events to it")
    # the list ends where the next top-level key starts, as the parser reads it: a line of a multi-line string at
    # the margin ('text"' closing a summary) read as that key put the new events inside the string (the summary
    # took them in as text, and the events were never in the record)
    end = after if after is not None else next(
        (i for i in range(at + 1, len(lines)) if lines[i].strip() and not lines[i][0].isspace() and lines[i][0] not in "#-"),
        len(lines))
    first = next((ln for ln in lines[at + 1:end] if ln.strip() and not ln.lstrip().startswith("#")), "")
    m = re.match(r"( *)- ", first)
    item_indent = len(m.group(1)) if m else 2
    # trailing comments and blank lines stay after the new events, but never a line of the last value: a block
    # scalar's line that reads like a comment ('      # step two') or its kept blank lines are text of the event
    while end > max(at + 1, keep) and (not lines[end - 1].strip() or lines[end - 1].lstrip().startswith("#")):
        end -= 1
    if not lines[end - 1].endswith("\n"):
        lines[end - 1] += newline
    return "".join(lines[:end]) + dump(events, item_indent).replace("\n", newline) + "".join(lines[end:]), end + 1


def _events_lines(text: str) -> tuple[int | None, int, int | None]:
    """The line (0-based) of the top-level ``events`` key of ``text`` (None when it cannot be told); how many
    lines run up to the end of the last value of its list (0 when it cannot be told): where a scalar or a flow
    collection ends, as the YAML parser reads it; and the line the next top-level key starts on (the number of
    lines when ``events`` is the last key; None when it cannot be told).

    The key was found as a line starting 'events:', so a valid profile that quotes it ("events":) was refused as
    having no events list.

    A line with a ``#`` inside a block scalar (``note: |``) reads like a comment to a line-by-line scan, which put
    the new events before it: the line became a comment after them, and the existing event lost it from its
    text, without a word (the profile still validated)."""
    import yaml

    try:
        root = yaml.compose(text, Loader=yamlsrc._Loader)
    except yaml.YAMLError:
        return None, 0, None
    if not isinstance(root, yaml.MappingNode):
        return None, 0, None
    keys = [k for k, _ in root.value]
    k_at = next((i for i, k in enumerate(keys) if isinstance(k, yaml.ScalarNode) and k.value == "events"), None)
    if k_at is None:
        return None, 0, None
    key, events = root.value[k_at]
    # the last key's list ends where the root mapping ends: at a document end marker ('...') that closes a valid
    # profile, not at the file's last line (the new events went after '...', and the file no longer parsed)
    end = root.end_mark
    after = keys[k_at + 1].start_mark.line if k_at + 1 < len(keys) else min(
        end.line + (1 if end.column else 0), len(text.splitlines()))
    last = 0
    stack = [events]
    seen: set[int] = set()  # an alias refers back to a node already walked: '- &a [*a]' looped for ever
    while stack:
        node = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        if isinstance(node, yaml.ScalarNode) or getattr(node, "flow_style", False):
            mark = node.end_mark  # a value that ends at the start of a line ends on the line before
            last = max(last, mark.line + (1 if mark.column else 0))
        elif isinstance(node, yaml.SequenceNode):
            stack.extend(node.value)
        elif isinstance(node, yaml.MappingNode):
            stack.extend(x for pair in node.value for x in pair)
    return key.start_mark.line, last, after


@dataclass
class Review:
    accepted: list[str]
    rejected: list[str]
    pending: int
    profile: str
    notes: list[str] = field(default_factory=list)  # what the caller says on stderr


def named_profile(candidates: str | Path, name: str) -> Path:
    """The profile a candidate file names: a relative name (written by hand; the import writes an absolute one)
    is relative to the candidate file's folder, as a project file's paths are to it, never to the working folder."""
    p = Path(name)
    return p if p.is_absolute() else Path(candidates).parent / p


def review(path: str, accept: Iterable[str] = (), reject: Iterable[str] = (), profile_path: str | None = None,
           decide=None, registry=None, world: Iterable[str | Path] = ()) -> Review:
    """Apply decisions; write accepted candidates into the profile and the decisions into the candidate file.

    The profile must still validate with the accepted events, read as every command reads it: through
    ``registry`` (None: the bundled one) and with the ``world`` records of the project."""
    from assessor import loader

    doc = read_candidates(path)
    d = doc.data
    cands = d["candidates"] or []
    by_id = {c["id"]: c for c in cands}
    accept, reject = list(accept), list(reject)
    unknown = [i for i in accept + reject if i not in by_id]
    if unknown:
        from assessor.errors import did_you_mean

        raise AssessorError(f"{path}: no candidate {unknown[0]!r}{did_you_mean(unknown[0], by_id)}")
    both = set(accept) & set(reject)
    if both:
        raise AssessorError(f"candidate {sorted(both)[0]!r} is both accepted and rejected")
    for cid in accept + reject:
        if by_id[cid].get("decision") in ("accepted", "rejected"):
            raise AssessorError(f"candidate {cid!r} was already {by_id[cid]['decision']}")
    for cid in accept:
        by_id[cid]["decision"] = "accept"
    for cid in reject:
        by_id[cid]["decision"] = "reject"
    if decide is not None:  # interactive: ask for each pending candidate
        for c in cands:
            if c.get("decision", "pending") == "pending":
                answer = decide(c)
                if answer == "quit":
                    break
                if answer in ("accept", "reject"):
                    c["decision"] = answer
    to_accept = [c for c in cands if c.get("decision") == "accept"]
    to_reject = [c for c in cands if c.get("decision") == "reject"]
    unwritten = _unwritten_accepted(doc, path, cands)
    target = Path(profile_path) if profile_path else named_profile(path, d["profile"])
    files: list[tuple[str | Path, str | bytes]] = []
    new_sha = d["profile_sha256"]
    if to_accept:
        raw = yamlsrc.read_bytes(target)  # a name from a file: bounded, and a regular file only
        if hashlib.sha256(raw).hexdigest() != d["profile_sha256"]:
            raise AssessorError(f"{target} has changed since the import read it (its SHA-256 differs from "
                                f"profile_sha256 in {path}): refusing to write over an analyst's edit; import again "
                                f"to propose candidates against the record as it is now")
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            raise AssessorError(f"{target}: not UTF-8 text") from None
        events = [event_for(c, d) for c in to_accept]
        new_text, first_line = _inserted(text, events, str(target))
        with tempfile.TemporaryDirectory() as tmp:  # the record must still validate with the new events
            trial = Path(tmp) / target.name
            output.write_atomic(trial, new_text)
            problems: list[Problem] = []
            loader.load_profiles([trial], collect=problems, registry=registry, world=list(world))
            errors = [p for p in problems if p.severity == "error"]
            if errors:
                where = _in_candidates(doc, [cands.index(c) for c in to_accept], events, first_line, str(trial),
                                       str(target))
                raise AssessorError(f"{target} would not validate with the accepted candidates:",
                                    detail=[str(where(p)) for p in errors])
        files.append((target, new_text))
        new_sha = hashlib.sha256(new_text.encode("utf-8")).hexdigest()
    for c in to_accept:
        c["decision"] = "accepted"
    for c in to_reject:
        c["decision"] = "rejected"
    if profile_path and to_accept:  # the file names the profile it last wrote into (a review that only rejected
        # wrote into none: re-pointed, 'profile' named a file whose hash 'profile_sha256' never held, and every later
        # review refused it), as it is read back: relative to the candidate file's folder, so never the name as given
        # here, relative to the working folder (a review run from another folder recorded 'sub/e2.yaml', and every
        # later review looked for sub/sub/e2.yaml); a name the file gave stays as written
        d["profile"] = os.path.abspath(profile_path)
    d["profile_sha256"] = new_sha
    files.append((path, _rewrite(doc, d)))
    output.write_all(files)
    return Review([c["id"] for c in to_accept], [c["id"] for c in to_reject],
                  sum(1 for c in cands if c.get("decision", "pending") == "pending"), str(target), unwritten)


# the candidate's field each field of the event it becomes is written from (the others: the candidate itself)
_FROM = {"date": ("date",), "id": ("id",), **{k: ("proposed", k) for k in
                                             ("kind", "actor", "type", "severity", "weighs_days", "summary")}}


def _in_candidates(doc: yamlsrc.Document, indexes: list[int], events: list[dict], first_line: int, trial: str,
                   target: str):
    """A function that locates a problem of the profile review would write where it comes from: a problem at a
    line of an accepted candidate's new event is at the candidate file's line of the field it was written from
    (a hand-edited 'severity: 9' was an error at a line of a profile that was never written, which no editor can
    open); any other problem is the profile's, named by its own file."""
    # (first line, last line, candidate index, the key each written line of the event belongs to), read from the
    # text the writer makes: a value of several lines (a list, a mapping) took one line in a map of one line per
    # key, and shifted every later field, and every later candidate, to the wrong line
    spans = []
    line = first_line
    for i, ev in zip(indexes, events):
        keys = iter(ev)
        owner: list[str] = []
        for n, ln in enumerate(dump([ev]).splitlines()):
            if n == 0 or (ln.startswith("  ") and ln[2:3] not in (" ", "-", "")):  # a key of the item starts here
                key = next(keys)
            owner.append(key)
        spans.append((line, line + len(owner) - 1, i, owner))
        line += len(owner)

    def where(p: Problem) -> Problem:
        if p.file == trial and p.code != "yaml-syntax":  # the writer's YAML always parses: a syntax error is the file's
            for first, last, i, keys in spans:
                if first <= p.line <= last:
                    path = ("candidates", i, *_FROM.get(keys[p.line - first], ()))
                    return doc.problem(path, f"{p.message} (in the event review would write into {target})", p.code)
        return dataclasses.replace(p, file=target if p.file == trial else p.file)

    return where


def _unwritten_accepted(doc: yamlsrc.Document, path: str, cands: list) -> list[str]:
    """'accepted' is what review writes once the event is in the profile; typed by hand for 'accept' (the file's
    own word for a done decision) the candidate was left out of every count and never written, without a word.
    So each 'accepted' candidate that is no event of the profile the file last wrote into is named (a note: an
    earlier review may have written it into another profile, with --profile)."""
    claimed = [(i, c) for i, c in enumerate(cands) if c.get("decision") == "accepted"]
    if not claimed:
        return []
    written = named_profile(path, doc.data["profile"])
    try:
        events = yamlsrc.read(written).data.get("events")
    except AssessorError:  # unreadable or gone: said where the profile is needed
        return []
    held = {e.get("id") for e in events if isinstance(e, dict)} if isinstance(events, list) else set()
    out = []
    for i, c in claimed:
        if c["id"] not in held:
            line, col = doc.loc(("candidates", i, "decision"))
            out.append(f"note: {doc.file}:{line}:{col}: candidate {c['id']!r} is marked 'accepted' but {written} holds "
                       f"no event {c['id']!r}, so it is not written: review writes 'accepted' once it has written the "
                       "event; to accept it, write 'accept'")
    return out


def _rewrite(doc: yamlsrc.Document, d: dict) -> str:
    lead = "".join(ln for ln in doc.raw.decode("utf-8").splitlines(keepends=True)[:2] if ln.startswith("#"))
    out = dict(d)
    cands = out.pop("candidates") or []
    return lead + dump(out) + "candidates:" + ("\n" + dump(cands, 2) if cands else " []\n")
