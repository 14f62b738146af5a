"""Plain-text reporter for people at a terminal.

Colour only marks the level, and only when the CLI says so (a TTY without
NO_COLOR); the words carry the meaning on their own.  Every function's whole
output goes through :func:`assessor.render.safe.terminal`, so no text from a
profile or a rule file can carry a terminal control sequence; the colour we
add ourselves is put in after that.
"""

from __future__ import annotations

import json
import re
import secrets
import textwrap
from collections.abc import Callable
from pathlib import Path

import click

from assessor import serialize as data
from assessor.render.safe import Cells, columns, terminal, width
from assessor.render.stream import Buffered
from assessor.render.words import quoted
from assessor.score import POINTS_PLACES, index_sums, plural_words, raw_value, rounded

ID_WIDTH = 30  # the widest country column of timeline and compare: a longer id is cut, and listed whole below

LEVEL_COLOURS = {"low": "green", "moderate": "cyan", "elevated": "yellow", "high": "red", "critical": "magenta"}


class _Paint:
    """Level names, coloured after the text has been made safe.

    With colour on, :meth:`level` returns a placeholder made of a random
    token (data cannot guess it) and :meth:`done` swaps each placeholder for
    the styled name once the rest of the text has gone through ``terminal``.
    """

    def __init__(self, colour: bool):
        self.colour = colour
        self.token = "lv" + secrets.token_hex(8)
        self.styled: list[str] = []

    def level(self, name: str) -> str:
        text = name.upper()
        if not self.colour:
            return text
        self.styled.append(click.style(terminal(text), fg=LEVEL_COLOURS.get(name), bold=True))
        return f"{self.token}{len(self.styled) - 1}."

    def done(self, text: str) -> str:
        text = terminal(text)
        if not self.styled:
            return text
        return re.sub(self.token + r"(\d+)\.", lambda m: self.styled[int(m.group(1))], text)


def _sampled(b) -> str:
    """"1,000 samples of 53 uncertain inputs", in real plurals ("1 sample of 1 uncertain input")."""
    return plural_words(f"{b.samples:,} sample(s) of {b.inputs} uncertain input(s)")


def what_if(scenarios) -> list[str]:
    """The line that heads every output of scores made under scenarios (as :func:`serialize.scenarios` gives them),
    none without: a what-if must not be copied as the record's score (a new user's review)."""
    if not scenarios:
        return []
    which = ", then ".join(f"{quoted(s['name'])} ({s['file']})" for s in scenarios)
    whose = "scenarios'" if len(scenarios) > 1 else "scenario's"
    return [_wrap(f"what if: {which} — the {whose} scores, not the record's", 0)]


def _wrap(text: str, indent: int, width: int = 100) -> str:
    """``text`` filled to ``width`` columns, never broken inside a word or at its hyphens: a source's URL stays
    whole on its line, to be copied (a review: `<…/press-conference-in-` then `finland-11-may-2022>`), and a
    longer one runs past the width rather than in pieces."""
    return textwrap.fill(text, width=width, initial_indent=" " * indent, subsequent_indent=" " * indent,
                         break_long_words=False, break_on_hyphens=False)


def _pts(x, width: int = 7) -> str:
    """Points or a score with one decimal, rounded by the one rule (half away from zero)."""
    return f"{rounded(x):>+{width}.1f}"


def _score(x) -> str:
    """A score, the one way text shows it: one decimal, rounded by the one rule (``65.5``, ``33.0``)."""
    return f"{rounded(x):.1f}"


def _short(sha: str) -> str:
    return sha[:12]


def _band_text(b, paint) -> str:
    """``P5–P95 (median m) · level p% …``: the levels any sample reached, most likely first."""
    percents = b.percents()  # whole percents adding up to 100
    likely = sorted((name for name, c in b.counts.items() if c > 0), key=lambda name: -b.counts[name])
    shares = " ".join(f"{paint.level(name)} {_percent(percents[name], b.counts[name], b.samples)}" for name in likely)
    return f"{b.p5:.1f}\u2013{b.p95:.1f} (median {b.median:.1f}) \u00b7 {shares}"


def _percent(x: int, count: int, samples: int) -> str:
    """A level's whole percent; a level some samples reached that rounds to 0 is ``<1%``, one
    that rounds to 100 though some samples missed it ``>99%`` (they still count as 0 and 100)."""
    return "<1%" if x == 0 else (">99%" if x == 100 and count < samples else f"{x}%")


def assessments(items, ruleset, colour: bool = False, evidence: bool = False, bands=None, seed: int = 0,
                details: bool = False, **_) -> str:
    """One country: its breakdown.  Several: one line each (:func:`overview`), or with ``details``
    every breakdown, the date outside a record said once at the end."""
    items = list(items)
    if len(items) > 1 and not details:
        return overview(items, ruleset, colour=colour, bands=bands, seed=seed)
    paint = _Paint(colour)
    lines: list[str] = what_if(data.scenarios(ruleset))
    several = len(items) > 1
    for a in items:
        outside = "  (outside its record)" if several and not a.covered else ""
        lo, hi = ruleset.score_range
        lines.append(f"{_named(a.profile)} on {a.date}: score {_score(a.score)} "
                     f"({lo:g}\u2013{hi:g}), level {paint.level(a.level)}{outside}")
        lines.append(f"  {indices_line(a)}")
        if not several:
            lines.append(f"  {raw_line(a, ruleset)}")
        if bands is not None:
            b = bands[(a.profile.id, a.date)]
            lines.append(f"  over {_sampled(b)} (seed {seed}): "
                         f"P5\u2013P95 {_band_text(b, paint)}")
        if not several:
            for w in a.warnings:
                lines.append(_wrap(f"warning: {w}", 2))
        # the rule column as wide as its longest id (at least 30): the bundled guarantor-aligned-with-adversary (32
        # characters) pushed its reason 2 columns right of every other row's
        wrule = width((c.rule for c in a.contributions), 30)
        lines.append(f"  {'points':>7}  {'rule':<{wrule}} reason")
        lines.append(f"  {_pts(ruleset.base)}  (base score)")
        for c in a.contributions:
            lines.append(f"  {_pts(c.points)}  {c.rule:<{wrule}} {c.reason}")
            if evidence:
                for e in c.evidence:
                    ev = data.evidence(e)
                    src = ev["source"]
                    if ev["kind"] == "attribute":  # a standing fact: its date is its source's, not an event's
                        lines.append(_wrap(f"- standing: {ev['summary']} [{src['publisher']}, {src['title']}, "
                                           f"{src['date']}]", 12))
                    else:
                        lines.append(_wrap(f"- {ev['date']} {ev['summary']} [{src['publisher']}, {src['title']}]"
                                           + _inherited(ev), 12))
        lines.append(f"  {'':>7}  rules {ruleset.name} {ruleset.version} sha256:{_short(ruleset.sha256)}, profile "
                     f"sha256:{_short(a.profile.sha256)}")
        lines.append("")
    if several:
        note = _outside_note(items)
        if note:
            lines += [_wrap(note, 0), ""]
    return paint.done("\n".join(lines))


def _named(profile) -> str:
    """A record by its name and id: "Finland (finland)"; a name that ends in its own bracket (a historical
    record's years) takes the id in square brackets, "Czechoslovakia (1966-1968) [czechoslovakia-1968]"."""
    return f"{profile.name} [{profile.id}]" if profile.name.endswith(")") else f"{profile.name} ({profile.id})"


def indices_line(x) -> str:
    """The two indices in words: ``structural exposure 41.2 · warning +6.3`` (format 2.1)."""
    return f"structural exposure {_score(x.structural)} \u00b7 warning {rounded(x.warning):+.1f}"


def raw_line(a, ruleset) -> str:
    """The score's arithmetic with this day's numbers (``raw = 28 + 0.5 × 15.5 + 15.2 = 50.9 → score 51.3``):
    the structural index shown includes the base score and counts at its weight, so a reader adding the
    shown indices, or the points column, would not reach the score without it."""
    # Each term to two decimals, as the points are, so the printed terms add up to the printed raw value.
    sums = {ix: rounded(v, POINTS_PLACES) for ix, v in index_sums(a.contributions).items()}
    raw = rounded(raw_value(ruleset, a.contributions), POINTS_PLACES)
    if ruleset.scale is not None:
        how = "logistic scale"
    else:  # say "clamped" only when the bounds cut the raw value (the JSON's `clamped`), else name them
        cut = "clamped to" if data.clamped(ruleset, raw) else "within"
        how = f"{cut} the bounds {ruleset.minimum:g}\u2013{ruleset.maximum:g}"
    return f"raw = {data.arithmetic(ruleset, sums)} = {raw:g} → score {_score(a.score)} ({how}; see explain)"


def _inherited(ev: dict) -> str:
    """Where an inherited event came from (assessor.world), said after its source."""
    w = ev.get("inherited")
    if not w:
        return ""
    over = f"; read differently here: {w['override']}" if w.get("override") else ""
    return f" (world record {w['file']}:{w['line']}: {w['actor']}, for {w['selector']}{over})"


def driver(a, ruleset):
    """What drives ``a``'s score most: of the rules that moved it the way it went from the base score
    (up where the weighted raw value is at or above the base, down below it), the one with the most
    points (ties by rule id: the explanation's order); None when no rule moved it that way.

    The direction is read on the raw value, not the score: on a logistic scale the base lands on a
    score of its own (raw 28 on about 22.75), so a score between the two compared with the base
    went the wrong way (a review's finding: Sweden's 26.2 on 2023-06-01 named a guarantee taking
    14 points away, while its rules had added 3.3 to the base)."""
    up = raw_value(ruleset, a.contributions) >= raw_value(ruleset, [])
    return min((c for c in a.contributions if (c.points > 0) == up and c.points != 0),
               key=lambda c: (-abs(c.points), c.rule), default=None)


def _plain(reason: str) -> str:
    """A rule's reason without its parenthesised details, for a line that must stay short."""
    return re.sub(r"\s*\([^()]*\)", "", reason).strip()


def _fit(text: str, width: int) -> str:
    """``text`` in ``width`` columns: whole, else up to its last clause boundary (a colon, comma,
    semicolon or full stop) if that keeps most of it, else cut with an ellipsis."""
    if len(text) <= width:
        return text
    cut = max((m.start() for m in re.finditer(r"[:;,.](?=\s)", text) if m.start() <= width - 1), default=0)
    if cut >= width * 3 // 4:
        return text[:cut] + "\u2026"
    return text[:max(width - 1, 0)].rstrip() + "\u2026"


def _record(a) -> str:
    """Whether the record covers the date, in a word."""
    if a.covered:
        return "covers"
    return "ended" if a.date > a.profile.covers_to else "not yet"


def _outside_note(items) -> str:
    """The one sentence a run says about dates outside records ('' when every record covers its date)."""
    out = [a for a in items if not a.covered]
    if not out:
        return ""
    dates = sorted({a.date for a in out})
    when = dates[0].isoformat() if len(dates) == 1 else "the date"
    after = sum(a.date > a.profile.covers_to for a in out)
    what = ("events after a record's end are missing" if after == len(out) else
            "events before a record's start are missing" if not after else
            "events outside a record are missing")
    return (f"{len(out)} of {len(items)} records do not cover {when}: {what} from the score "
            "(`assessor profiles list` shows each record's period).")


OVERVIEW_WIDTH = 100
OVERVIEW_LINES = 24  # one screen
# A record whose period lies more than this many days from the date (Kuwait 1990 on a date of
# 2026) belongs to another period: its score for the date says nothing, so the overview names it
# under the table instead of giving it a row (--details and the JSON still give it). When every
# record lies further than that (a date in 2100, or in 1800), the rows are those within this many
# days of the nearest record, so the nearest still get their rows.
OTHER_PERIOD_DAYS = 365
# At most this many lines name them, fewer if the screen has less room left: the nearest records
# are named, the rest counted, so the table fits one screen however many historical records a
# project holds.
OTHER_PERIOD_NOTE_LINES = 3
_NBSP = "\u00a0"  # keeps a name and its period on one line while a note is wrapped; printed as a space


def _distance(a) -> int:
    """Days between ``a``'s date and its record's period (zero or less inside it)."""
    p = a.profile
    return max((a.date - p.covers_to).days, (p.covers_from - a.date).days)


def _other_period_limit(items) -> int:
    """How far from its date a record may lie and still get a row (see OTHER_PERIOD_DAYS)."""
    nearest = min(_distance(a) for a in items)
    return OTHER_PERIOD_DAYS if nearest <= OTHER_PERIOD_DAYS else nearest + OTHER_PERIOD_DAYS


def _wrapped(text: str) -> list[str]:
    """A note's lines in the overview's width, names kept whole."""
    return [line.replace(_NBSP, " ") for line in _wrap(text, 0, OVERVIEW_WIDTH).splitlines()]


def _other_period_note(items, limit: int = OTHER_PERIOD_DAYS, lines: int = OTHER_PERIOD_NOTE_LINES) -> str:
    """The note naming the records of another period, nearest first, in at most ``lines`` lines
    ('' when there are none): as many names as fit, the rest counted. Names keep their spaces as
    no-break spaces (``_wrapped`` prints them as spaces)."""
    if not items:
        return ""
    when = items[0].date.isoformat() if len({a.date for a in items}) == 1 else "the date"
    far = ("more than a year from " + when if limit == OTHER_PERIOD_DAYS
           else f"more than a year further from {when} than the nearest record")
    head = f"Not in this table ({len(items)}), their record ending or starting {far}: "
    names = [a.profile.name.replace(" ", _NBSP) for a in sorted(items, key=lambda a: (_distance(a), a.profile.name))]

    def text(k: int) -> str:
        rest = len(names) - k
        if not k:
            return (f"Not in this table: {rest} record{'' if rest == 1 else 's'} of another period than {when} "
                    "(`assessor profiles list`).")
        return head + ", ".join(names[:k]) + ("." if not rest else f" and {rest} more (`assessor profiles list`).")

    best = 0  # names are added while the note still fits: a few wraps, however many records there are
    for k in range(1, len(names) + 1):
        wrapped = _wrapped(text(k))  # a name longer than a line stays whole on its own, too wide: not named
        if len(wrapped) > lines or any(columns(line) > OVERVIEW_WIDTH for line in wrapped):
            break
        best = k
    return text(best)


def overview(items, ruleset, colour: bool = False, bands=None, seed: int = 0, **_) -> str:
    """Several countries at a glance: one line each (score, level, whether the record covers the
    date, what moves the score most), the date outside records said once, records of another period
    named under the table, and where the details are. 17 countries fit one screen (24 lines)."""
    paint = _Paint(colour)
    everything = list(items)
    limit = _other_period_limit(everything)
    other = [a for a in everything if _distance(a) > limit]
    items = [a for a in everything if _distance(a) <= limit]
    dates = sorted({a.date for a in everything})
    # widths in terminal columns, as every other table's: by length, a name or a rule set's level in wide characters
    # ('エストニア共和国', 8 characters in 16 columns) pushed the rest of its row out of line; a longer name is cut as
    # in other tables and listed whole below, two cut to one text told apart
    cell = Cells()
    width = max(len("country"), *(columns(terminal(a.profile.name)) for a in items))
    width = min(width, 26)  # "Czechoslovakia (1966-1968)": a historical record keeps its period
    level_w = max(len("level"), *(columns(terminal(a.level)) for a in items))
    p5p95 = "P5\u2013P95"
    band_head = f"  {p5p95:<11}" if bands is not None else ""
    head = (f"{'country':<{width}}  {'score':>5}{band_head}  {'struct':>6} {'warn':>5}  {'level':<{level_w}}  {'record':<7}  "
            "what drives it most")
    lo, hi = ruleset.score_range
    scale = f"scores {lo:g}\u2013{hi:g}"
    when = dates[0].isoformat() if len(dates) == 1 else f"{dates[0]}..{dates[-1]}"
    lines = [*what_if(data.scenarios(ruleset)),
             f"{len(everything)} countries on {when} ({scale}; rules {ruleset.name} {ruleset.version})", head]
    for a in items:
        band = ""
        if bands is not None:
            b = bands[(a.profile.id, a.date)]
            span = f"{b.p5:.1f}\u2013{b.p95:.1f}"
            band = f"  {span:<11}"
        pad = " " * (level_w - columns(terminal(a.level)))
        before = (f"{cell(a.profile.name, width)}  {_score(a.score):>5}{band}  {_score(a.structural):>6} "
                  f"{rounded(a.warning):>+5.1f}  ")
        after = f"{pad}  {_record(a):<7}  "
        c = driver(a, ruleset)
        why = "the base score: no rule moved it" if c is None else f"{_pts(c.points, 5)} {_plain(c.reason)}"
        room = OVERVIEW_WIDTH - columns(before) - columns(terminal(a.level)) - len(after)
        lines.append(before + paint.level(a.level) + after + _fit(why, max(room, 20)))
    lines += cell.note()[1:]  # the names cut above, in full (no blank line: the table is kept to one screen)
    if bands is not None and bands:
        b = next(iter(bands.values()))
        lines.append(f"P5\u2013P95 over {_sampled(b)} (seed {seed})")
    outside = _outside_note(items)
    if outside:
        lines.append(_wrap(outside, 0))
    footer = ["struct, warn: the structural exposure and acute warning indices the score is made from",
              "Details: --details; why, and what would change it: assessor explain COUNTRY"
              + (f" --date {dates[0]}" if len(dates) == 1 else "")]
    room = OVERVIEW_LINES - sum(len(line.splitlines()) for line in lines) - len(footer)
    note = _other_period_note(other, limit, max(1, min(OTHER_PERIOD_NOTE_LINES, room)))
    if note:
        lines.append("\n".join(_wrapped(note)))
    lines.extend(footer)
    return paint.done("\n".join(lines) + "\n")


def timeline(points, colour: bool = False, bands=None, seed: int = 0, scenarios=(), ruleset=None, **_) -> str:
    """The table, then its notes and, given ``ruleset``, the rule set that scored it as ``assess`` names it (``rules
    assessor-default 3.5.0 sha256:…``): a timeline of edited rules read like one of the bundled rules."""
    paint = _Paint(colour)
    wlevel = width((p.level for p in points), 5)
    cell, w = Cells(), width((p.country for p in points), 10, ID_WIDTH)
    lines = [*what_if(scenarios), f"{'country':<{w}} {'date':<10} {'score':>6} {'struct':>6} {'warn':>6}  level"
             + (" " * (wlevel - 5) + "  P5\u2013P95 (median) \u00b7 level probabilities" if bands is not None else "")]
    outside: dict[str, int] = {}
    for p in points:
        mark = "" if p.covered else "  (outside the record)"
        if not p.covered:
            outside[p.country] = outside.get(p.country, 0) + 1
        band = f"  {_band_text(bands[(p.country, p.date)], paint)}" if bands is not None else ""
        level = (paint.level(p.level) + " " * (wlevel - columns(terminal(p.level))) if bands is not None
                 else paint.level(p.level))
        lines.append(f"{cell(p.country, w)} {p.date.isoformat():<10} {rounded(p.score):>6.1f} {rounded(p.structural):>6.1f} "
                     f"{rounded(p.warning):>+6.1f}  {level}{band}{mark}")
    if bands is not None and bands:
        # each country's band is drawn from the inputs that act on it (the rules' and its own events'):
        # one line where every country's are the same, else each country's count and hash
        drawn = {b.country: (b.inputs, b.inputs_sha256) for b in bands.values()}
        b = next(iter(bands.values()))
        if len(set(drawn.values())) == 1:
            lines.append(f"{_sampled(b)} (sha256 {_short(b.inputs_sha256)}), seed {seed}: "
                         "P5/median/P95 of the score; the share of samples at each level")
        else:
            each = ", ".join(f"{country} {n} (sha256 {_short(h)})" for country, (n, h) in drawn.items())
            lines.append(_wrap(plural_words(f"{b.samples:,} sample(s), seed {seed}, of the uncertain inputs acting on "
                                            f"each country: {each}; P5/median/P95 of the score; the share of samples at "
                                            "each level"), 0))
    if outside:  # said once for the run, however many countries
        which = ", ".join(f"{n} of {country}" for country, n in outside.items())
        lines.append(_wrap(f"warning: dates outside their record, where events may be missing: {which}", 0))
    lines += cell.note()
    if ruleset is not None:
        lines.append(f"rules {ruleset.name} {ruleset.version} sha256:{_short(ruleset.sha256)}")
    return paint.done("\n".join(lines) + "\n")


def explanation(doc: dict, colour: bool = False, **_) -> str:
    paint = _Paint(colour)
    w = doc["waterfall"]
    lines = [
        *what_if(doc.get("scenarios")),
        f"{doc['name']} on {doc['date']}: score {_score(doc['score'])}, level {paint.level(doc['level'])}",
        "",
    ]
    for warn in doc["warnings"]:
        lines.append(_wrap(f"warning: {warn}", 0))
    lines.append("Why: from the base score, each rule that fired, by index (largest effect first)")
    by_rule = {c["rule"]: c for c in doc["contributions"]}
    for ix in w["indices"]:
        lines.append("")
        lines.append(f"{ix['name']} {_score(ix['value']) if ix['index'] == 'structural' else _pts(ix['value'], 0)}"
                     f" \u2014 {ix['about']}")
        lines.append(_wrap(ix["meaning"], 2))
        if ix["index"] == "structural":
            lines.append(f"  {_pts(w['base'])}  base score")
        if not ix["rules"]:
            lines.append("  (no rule of this index fired)")
        for rule_id in ix["rules"]:
            c = by_rule[rule_id]
            head, how = f"  {_pts(c['points'])}  [{c['factor']}] {c['rule']}", _how_points(c)
            if how and columns(f"{head}  ({how})") <= 100:  # the arithmetic beside the points, else under them
                lines.append(f"{head}  ({how})")
            else:
                lines.append(head)
                if how:
                    lines.append(_wrap(f"({how})", 13))
            if c.get("scenario"):
                sc = c["scenario"]
                lines.append(_wrap(f"what if: the scenario {quoted(sc['name'])} ({sc['file']}:{sc['line']}) sets this "
                                   f"rule's points to {sc['points']:g}; the rule file gives {sc['was']:g}", 13))
            lines.append(_wrap(c["reason"], 13))
            for e in c["evidence"]:
                src = e["source"]
                cite = (f"{src['publisher']}, {quoted(src['title'])}, {src['date']}"
                        + (f" <{src['url']}>" if src.get("url") else ""))
                when = "standing" if e["kind"] == "attribute" else e["date"]  # an attribute's date is its source's
                lines.append(_wrap(f"{when}  {e['summary']} — {cite}" + _inherited(e), 15))
    lines.append("")
    comb = w["combination"]
    clamp = " (clamped to the bounds)" if w["clamped"] else ""
    # the raw value to two decimals, as assess shows it and as the terms add up: to one decimal it was rounded
    # twice and could read 12.0 above a score of 11.9 (a review)
    lines.append(f"Score: raw = {comb['raw']} = {w['arithmetic']} = {rounded(w['raw_score'], POINTS_PLACES):g}{clamp}")
    lines.append(f"  {_to_score(comb['score'], w['clamped'])} → score {_score(doc['score'])}")
    lines.append("")
    lines.append("By factor (points as the rules give them, before the indices are weighed): "
                 + ", ".join(f"{f['factor']} {_pts(f['points'], 0)}" for f in w["by_factor"]))
    lines.append("")
    if doc.get("counterfactuals"):
        lines.append("What would change it (one change at a time, re-scored by the engine):")
        for c in doc["counterfactuals"]:
            mark = " *" if c["moves_level"] else ""
            lines.append(_wrap(f"{_pts(c['delta'], 6)} → {_score(c['score'])} {paint.level(c['level'])}{mark}  "
                               f"if {c['change']}", 2))
        lines.append("  (* moves the level)")
        lines.append("")
    about = [c for c in doc.get("completeness", []) if c["factor"] in ("record", "sources")]
    missing = [c for c in doc.get("completeness", []) if not c["has_data"] and c not in about]
    if about:
        lines.append("The record:")
        for c in about:
            lines.append(_wrap(f"- {c['note']}", 2))
        lines.append("")
    if missing:
        lines.append("What the score could not see:")
        for c in missing:
            lines.append(_wrap(f"- {c['note']}", 2))
        lines.append("")
    rs = doc["ruleset"]
    lines.append(f"rules {rs['name']} {rs['version']} sha256:{rs['sha256']}")
    lines.append(f"profile {doc['profile']['id']} sha256:{doc['profile']['sha256']}")
    return paint.done("\n".join(lines) + "\n")


_CLAMP_FORMULA = re.compile(r"raw clamped to (\S+)\.\.(\S+)")


def _to_score(formula: str, clamped: bool) -> str:
    """The formula's second step for this assessment: without a scale, "clamped" only when the bounds cut the raw
    value, else "within" them, as `assess` says it (``data.combination`` words the rule set's formula for any raw
    value: "raw clamped to 0..100")."""
    m = _CLAMP_FORMULA.fullmatch(formula)
    if m is None:  # a scale: the logistic formula
        return formula
    return f"raw {'clamped to' if clamped else 'within'} the bounds {m[1]}\u2013{m[2]}"


def _how_points(c: dict) -> str:
    """A ``per`` rule's arithmetic (``0.5 × pressure_level 13.99 = 7.0, capped at 6``), from the keys
    :func:`assessor.explain.how_points` adds; "" for a rule of fixed points."""
    per = c.get("per")
    if per is None:
        return ""
    if per["value"] is None:
        return f"{per['points']:g} × {per['fact']}, absent: read as 0"
    product = float(per["points"]) * float(per["value"])
    # rounded as the engine rounds the points (two decimals, score.points_of) and then as they are shown beside it:
    # 0.6 × 0.743 = 0.4458 is 0.45 points, shown +0.5; rounded once, the product read 0.4
    text = f"{per['points']:g} × {per['fact']} {float(per['value']):g} = {rounded(rounded(product, POINTS_PLACES)):.1f}"
    return text + (f", capped at {c['points']:g}" if c.get("capped") else "")


def ruleset(rs, **_) -> str:
    lines = [f"{rs.name} {rs.version}  base {rs.base:g}, bounds {rs.minimum:g}..{rs.maximum:g}, levels "
             + ", ".join(f"{lv.name}≥{lv.start:g}" for lv in rs.levels)]
    if rs.combine is not None or rs.scale is not None:
        w_s, w_w = rs.weights
        lines.append(f"  {_combination(rs)}; weights structural {w_s:g}, warning {w_w:g}")  # "raw = …; score = …"
    # each column as wide as its longest cell (at least 30, 12 and 10): a fixed 30 let the bundled
    # guarantor-aligned-with-adversary (32 characters), or any longer id or factor, push its row out of line
    cell = Cells()
    wid = width((r.id for r in rs.rules), 30)
    wfactor = width((r.factor for r in rs.rules), 12)
    windex = width((rs.index_of(r.id) for r in rs.rules), 10)
    for r in rs.rules:
        eff = f"{r.effect.points:+g}"
        if r.effect.per:
            eff += f" × {r.effect.per}" + (f" (cap {r.effect.cap:g})" if r.effect.cap else "")
        lines.append(f"  {cell(r.id, wid)} {cell(r.factor, wfactor)} {cell(rs.index_of(r.id), windex)} {eff}")
    return terminal("\n".join(lines) + "\n")


def _combination(rs) -> str:
    """The rule set's combination in one formula, as the explanation words it."""
    from assessor.serialize import combination

    return combination(rs)["formula"]


def profiles(items, marks=None, **_) -> str:
    """One line a profile; ``marks``: a word for those that are not bundled (a project's, one replacing a bundled
    country), said after the line as "(project)"."""
    items = list(items)
    marks = marks or {}
    cell = Cells()  # padded by the columns a name takes once escaped: a name in wide characters (or with a control
    # character, shown as an escape) pushed its row's 'covers' out of line, as did aliases over 10 columns
    wid = width((p.id for p in items), 10)
    wname = width((p.name for p in items), 12)
    walias = width((", ".join(p.aliases) for p in items), 10)
    return terminal("".join(f"{cell(p.id, wid)} {cell(p.name, wname)} {cell(', '.join(p.aliases), walias)} covers "
                            f"{p.covers_from} to {p.covers_to}, {len(p.events)} event{'s' * (len(p.events) != 1)}"
                            + (f" ({marks[p.id]})" if p.id in marks else "") + "\n" for p in items))


def facts(**_) -> str:
    from assessor.facts import FACTS

    def notes(f) -> str:
        """What a rule test is held to beside the description: a range with a ceiling (a share, a rank), absence."""
        out = ""
        if f.type == "number" and f.maximum is not None:
            out = f" (at most {f.maximum:g})" if f.minimum is None else f" (range {f.minimum:g}..{f.maximum:g})"
        if f.values:  # what a text fact can be: a value outside them is refused by the loader
            out += f" (values: {', '.join(f.values)})"
        if f.joined:
            out += " (a list joined by '; ': eq, ne and in compare the whole list)"
        return out + ("" if f.always else " (may be absent)")

    # columns as wide as their longest cell: a fixed 26 let guarantors_aligned_with_adversary (33) push its row
    wname = max([26, *(len(n) for n in FACTS)])
    wtype = max([7, *(len(f.type) for f in FACTS.values())])
    wfactor = max([11, *(len(f.factor) for f in FACTS.values())])
    return "".join(f"{f.name:<{wname}} {f.type:<{wtype}} {f.factor:<{wfactor}} {f.description}{notes(f)}\n"
                   for f in FACTS.values())


def fact_values(profile, facts, **_) -> str:
    """Every derived fact of one country on one date (absent ones said so), and what it rests on."""
    from assessor.facts import FACTS
    from assessor.model import coverage_warnings

    lines = [terminal(f"{_named(profile)} on {facts.date}: derived facts")]
    # a date outside the record is said, as assess and explain say it: its facts lack the events it does not hold
    lines += [_wrap(terminal(f"warning: {w}"), 2) for w in coverage_warnings(profile, facts.date)] + [""]
    # the name and value columns as wide as their longest cell (at least 26 and 24, by terminal columns): fixed, the
    # bundled guarantors_aligned_with_adversary (33 characters) and a value such as 'Russia (in CSTO) with Azerbaijan'
    # pushed their row's 'N event(s)' out of line
    cell = Cells()
    wname = max([26, *(len(n) for n in FACTS)])
    wvalue = width((facts.values.get(n, "(absent)") for n in FACTS if facts.evidence.get(n)), 24)
    for name in FACTS:
        value = facts.values.get(name, "(absent)")
        evidence = facts.evidence.get(name, ())
        lines.append(terminal(f"{name:<{wname}} {cell(value, wvalue)} {len(evidence)} event(s)" if evidence
                              else f"{name:<{wname}} {value!s}"))
    return "\n".join(lines) + "\n"


def backtest(doc: dict, **_) -> str:
    """The backtest report (written by :mod:`assessor.render.backtest`)."""
    from assessor.render.backtest import text

    return text(doc)


def comparison(doc: dict, **_) -> str:
    """Baseline and scenario side by side, with the dates whose level differs."""
    cell, w = Cells(), width((r["country"] for r in doc["rows"]), 10, ID_WIDTH)
    lines = [terminal(f"scenario: {', '.join(s['name'] for s in doc['scenarios'])}"), ""]
    counted = (f"{doc['changed_dates']} of {doc.get('compared', len(doc['rows']))} country-dates differ; "
               f"{doc['level_changes']} change level")
    if not doc["rows"]:  # a table header over no row read as a table lost
        return "\n".join([*lines, "no date differs", "", counted]) + "\n"
    lines.append(f"{'country':<{w}} {'date':<10} {'baseline':>9} {'scenario':>9} {'delta':>7} {'Δstruct':>8} {'Δwarn':>6}"
                 "  levels")
    for r in doc["rows"]:
        same = r["baseline_level"] == r["scenario_level"]
        mark = r["baseline_level"] if same else f"{r['baseline_level']} → {r['scenario_level']}"
        outside = "" if r.get("covered", True) else "  (outside the record)"
        b, s = r["baseline_indices"], r["scenario_indices"]
        d_s, d_w = (rounded(s[k] - b[k]) for k in ("structural", "warning"))
        lines.append(terminal(f"{cell(r['country'], w)} {r['date']:<10} {r['baseline']:>9.1f} {r['scenario']:>9.1f} "
                              f"{r['delta']:>+7.1f} {d_s:>+8.1f} {d_w:>+6.1f}  {mark}{outside}"))
    lines += ["", counted,
              "Δstruct, Δwarn: the change of the structural exposure and acute warning indices", *cell.note()]
    return "\n".join(lines) + "\n"


# --------------------------------------------------------------------------- for rule and profile authors
# Messages quote file names and values from the files: nothing in them may drive a terminal.


def sensitivity(docs: list, top: int = 15, **_) -> str:
    lines: list[str] = what_if(docs[0].get("scenarios")) if docs else []
    for d in docs:
        n = len(d["inputs"])
        per = d["period"]
        units = "points of the mean score (Morris \u03bc*)" if d["method"] == "morris" else "total-order Sobol index"
        every = {"day": "daily", "week": "weekly", "month": "monthly"}.get(per["step"], per["step"])
        lines.append(f"{d['country']}: what drives the score, {per['from']} to {per['to']} ({every}); "
                     f"{d['method']}, {d['design']['evaluations']:,} timelines, seed {d['design']['seed']}")
        lines += [_wrap(terminal(f"warning: {w}"), 2) for w in d.get("warnings", ())]
        # the group column as wide as its longest group shown (at least 12, by terminal columns): the bundled factor
        # warning-signs (13) pushed its rows' inputs out of line, as would a rule set's own longer factor
        cell = Cells()
        wgroup = width((item["group"] for item in d["inputs"][:top]), 12)
        lines.append(f"  {'rank':>4}  {'score':>7}  {'level':>6}  {'group':<{wgroup}} input (range)")
        for item in d["inputs"][:top]:
            rng = f"{item['low']}..{item['high']}, nominal {item['nominal']}"
            quiet = "" if item["acts_on_period"] else "  (after the period)"
            lines.append(f"  {item['rank']:>4}  {item['score_effect']:>7.3f}  {item['level_effect']:>6.3f}  "
                         f"{cell(item['group'], wgroup)} {terminal(item['label'])} ({terminal(rng)}){quiet}")
        if n > top:
            lines.append(f"  … and {n - top} more (--top {n} or --format json lists every input)")
        if d["method"] == "morris":
            lines.append(f"  effects: score in {units}; level in levels (0 = lowest) of the mean level")
        else:
            lines.append(f"  effects: {units} of the mean score and of the mean level (0 to 1; a value outside that "
                         "range means the design is too small: raise --size)")
        lines.append("")
    # the whole text made safe for a terminal, as every other text output is: the what-if line (a scenario's name and
    # file) was written as it stands, so a name holding ESC[2J cleared the screen and U+202E reversed the line
    return terminal("\n".join(lines))


def problems(items, **_) -> str:
    """Validation problems, one per line (``FILE:LINE:COL: error|warning: message [code]``), sorted."""
    return terminal("".join(f"{p}\n" for p in sorted(items)))


def _by_replacement(r) -> str:
    """Why a bundled case fails that passes on the bundled rules alone: the project's replacement of a rule it reads."""
    if not r.replaced:
        return ""
    names = ", ".join(f"{rid!r}" for rid in r.replaced)
    return f" (changed by your replacement of {names}: it passes on the bundled rules alone)"


def rule_tests(run, **_) -> str:
    """The failing rule-test cases, the counts and the rule coverage."""
    lines = [f"{r.case.loc.file}:{r.case.loc.line}: case {r.case.name}: {'; '.join(r.differences)}{_by_replacement(r)}"
             for r in run.failures]
    # ': moved case ', not ': case ': a script that counts failures by their ': case ' lines counts these apart
    lines += [f"{r.case.loc.file}:{r.case.loc.line}: moved case {r.case.name}: moved by the added rules: "
              f"{'; '.join(r.differences)}" for r in run.moved]
    they = "it passes" if len(run.moved) == 1 else "they pass"
    moved = (plural_words(f", {len(run.moved)} bundled case(s) moved by the added rules ({they} on the bundled "
                          f"rules alone: not {'a failure' if len(run.moved) == 1 else 'failures'})") if run.moved else "")
    lines.append(f"{run.passed_count} passed, {len(run.failures)} failed{moved}")
    which = "added rules" if run.counts == "added" else "rules"
    lines.append(f"rule coverage: {int(run.coverage)}% ({len(run.exercised)} of {len(run.rule_ids)} {which} "
                 "fired in at least one case)")
    if run.not_exercised:
        lines.append(f"not exercised: {', '.join(run.not_exercised)}")
    return terminal("\n".join(lines) + "\n")


def compact_json(value, indent: int = 0, width: int = 100) -> str:
    """JSON that keeps any part fitting in ``width`` columns on one line (patterns nest deeply)."""
    flat = json.dumps(value, ensure_ascii=False)
    if len(flat) + indent <= width or not isinstance(value, (dict, list)) or not value:
        return flat
    pad = " " * (indent + 2)
    if isinstance(value, dict):
        items = [f"{pad}{json.dumps(k)}: {compact_json(v, indent + 2, width)}" for k, v in value.items()]
        return "{\n" + ",\n".join(items) + "\n" + " " * indent + "}"
    items = [pad + compact_json(v, indent + 2, width) for v in value]
    return "[\n" + ",\n".join(items) + "\n" + " " * indent + "]"


def _ranges_text(runs) -> str:
    return ", ".join(f"{a}" if a == b else f"{a}..{b}" for a, b in runs) or "never"


def rule(view, **_) -> str:
    """One rule (``rules show``): where it is defined, its YAML, its compiled pattern, when it fires."""
    sampled = {"day": "daily", "week": "weekly", "month": "monthly"}[view.step]
    lines = [f"{view.rule.id}  defined at {view.rule.loc}", *(f"note: {n}" for n in view.notes), "",
             textwrap.indent(view.source, "  ").rstrip("\n"), "",
             "compiled (durable-rules pattern):", textwrap.indent(compact_json(view.compiled, width=98), "  "),
             "", f"fires on ({sampled}, over each profile's covered period):"]
    cell, w = Cells(), width(view.fires, 10)  # georgia-2008: 12 columns
    lines += [f"  {cell(pid, w)} {_ranges_text(runs)}" for pid, runs in view.fires.items()]
    return terminal("\n".join(lines) + "\n")


def _signed(x: float) -> str:
    return f"{x:+g}"


def _ruleset_name(rs) -> str:
    """The rule set and where its rules stand: its folder, or each folder and file it was put together from (the
    bundled rules + a file given to `rules diff`, which named the bundled folder alone on both sides)."""
    folders: dict[str, list[str]] = {}
    for f in rs.files:
        folders.setdefault(str(Path(f).parent), []).append(str(f))
    where = " + ".join(d if len(fs) > 1 else fs[0] for d, fs in folders.items())
    return f"{rs.name} {rs.version} ({where}, {len(rs.rules)} rules)"


def _definitions_text(defs: dict) -> list[str]:
    parts = [f"{k} {', '.join(defs[k])}" for k in ("added", "removed") if defs[k]]
    parts += [f"changed {rid} ({', '.join(fields)})" for rid, fields in defs["changed"].items()]
    if defs["header"]:
        parts.append(f"header changed ({', '.join(defs['header'])})")
    return [f"definitions: {'; '.join(parts) or 'identical'}"]


SCORING_HEADER = ("base", "bounds", "levels", "combine", "scale")  # the header's fields that move scores


def _moved_by(defs: dict) -> str:
    """What moved scores when no rule's points changed: the header's fields (the bands, the base, the combination's
    weights, the scale) and the rules that count in another index (a changed factor), as the definitions found them.
    It said "the level bands changed" whatever had (a review: weights changed alone)."""
    parts = []
    scoring = [k for k in defs["header"] if k in SCORING_HEADER]  # the forecast map, lints or description move none
    if scoring:
        parts.append(f"the header changed ({', '.join(scoring)})")
    moved = [rid for rid, fields in defs["changed"].items() if "index" in fields]
    if moved:
        parts.append(f"{len(moved)} {'rule counts' if len(moved) == 1 else 'rules count'} in another index "
                     f"({', '.join(moved)})")
    return f": {' and '.join(parts)}" if parts else ""


def rules_diff(d, write: Callable[[str], None], **_) -> None:
    """Write a rules diff (:class:`assessor.authoring.diff.RulesDiff`) through ``write``,
    piece by piece: its moves are computed as they are written (bounded memory)."""
    out = Buffered(lambda text: write(terminal(text)))
    out("\n".join([f"old: {_ruleset_name(d.old)}", f"new: {_ruleset_name(d.new)}",
                    f"compared on {len(d.countries)} profile(s) ({', '.join(d.countries)}) x {len(d.dates)} dates "
                    f"{d.dates[0]}..{d.dates[-1]} ({d.step}ly): {len(d.countries) * len(d.dates)} country-dates",
                    *_definitions_text(d.definitions)]) + "\n")
    summary = d.summary
    if not summary.level_changes and not summary.count and not summary.by_rule:
        out("no score or level changes\n")
        return out.flush()
    out(f"level changed on {summary.level_changes} country-date(s)" + (":\n" if summary.level_changes else "\n"))
    # the rows are written as they are computed, so each column's width comes from what is known before the first:
    # every country compared (as timeline's: at least 10, a longer id up to 30, cut beyond and listed whole below)
    # and every rule behind the moves (the summary has them all); a fixed 10 and 30 let a longer id push its row's
    # cells out of line
    cell = Cells()
    w = width(d.countries, 10, ID_WIDTH)
    if summary.level_changes:
        for m in d.moves(level_changes_only=True):
            out(f"  {cell(m.country, w)} {m.date}  {m.old_level} -> {m.new_level}  ({_score(m.old_score)} -> "
                f"{_score(m.new_score)})\n")
    s = summary.stats()
    out(f"score moved on {s['count']} country-date(s): max |change| {_score(s['max_abs'])}, "
        f"mean change {_signed(s['mean'])}\n")
    causes = summary.causes()
    out("rules behind the moves:\n" if causes
        else f"rules behind the moves: none whose points changed{_moved_by(d.definitions)}\n")
    rw = width((c["rule"] for c in causes), 30)
    for c in causes:
        out(f"  {cell(c['rule'], rw)} {c['country_dates']} country-date(s), mean {_signed(c['mean_points_change'])} "
            "points\n")
    if causes and (also := _moved_by(d.definitions)):  # the header moves scores beside the rules (a review: a level
        out(f"  and{also.removeprefix(':')}\n")             # moved by new weights alone was put down to a rule)
    out("".join(x + "\n" for x in cell.note()))
    out.flush()
