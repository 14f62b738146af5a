"""Neutralise live content in text that reaches a terminal, a JSON reader or a spreadsheet.

Profiles and rule files are data written by people we do not know.  A name
such as ``"\\x1b]0;title\\x07"`` retitles a terminal window, ``"\\x1b[2J"``
clears it, and U+202E (right-to-left override) makes ``exe.txt`` read as
``txt.exe``.  Every text reporter passes its whole output through
:func:`terminal`, which turns each such character into a visible escape
(``\\x1b``, ``\\u202e``) and leaves everything else, including non-ASCII
letters, as it is.  JSON escapes C0 controls itself; :func:`json_text` also
escapes the C1 controls and bidi overrides JSON would pass through raw.
CSV cells keep their text but lose spreadsheet formula power (:func:`csv_cell`).
"""

from __future__ import annotations

import re
import unicodedata

# C0 controls but tab and newline, DEL, C1 controls; the bidi embedding,
# override and isolate controls and the marks; line and paragraph separators
# (some terminals and editors break lines on them); and the invisible ones - soft
# hyphen, zero-width space, joiners, word joiner and invisible operators, the
# Mongolian vowel separator, BOM - with which "Rus\u00adsia" shows as "Russia".
_INVISIBLE = "\u00ad\u180e\u200b-\u200d\u2060-\u2064\ufeff"
# And lone surrogates: the bytes of a file name that is not UTF-8 as Python reads them (b"\xf6" as "\udcf6"), which
# no output can encode (a chart's stamp naming such a registry file was a traceback in matplotlib).
_INVISIBLE += "\ud800-\udfff"
_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069"
                     + _INVISIBLE + "]")
# In JSON: the same less the C0 controls, which json.dumps escapes itself.
_JSON_UNSAFE = re.compile("[\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069" + _INVISIBLE + "]")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _visible(m: re.Match) -> str:
    code = ord(m.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def terminal(text: str) -> str:
    """``text`` with every control character but newline and tab shown as an escape."""
    return _UNSAFE.sub(_visible, text)


def one_line(text: str) -> str:
    """``text`` as :func:`terminal` shows it, and its newlines as ``\\n``: for what must stay one line
    (a message, a note, a problem), which may quote a file name or value holding a newline."""
    return terminal(text).replace("\n", "\\n")


def json_text(text: str) -> str:
    """JSON text (from ``json.dumps(..., ensure_ascii=False)``) with C1 controls
    and bidi controls written as ``\\uXXXX`` escapes: the same data, inert on a terminal."""
    return _JSON_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


# RFC 3986 reserved and unreserved characters, less the quote and parentheses
# (which end a Markdown link or an HTML attribute in careless hands); "%" keeps
# existing escapes.  Everything else (spaces, quotes, angle brackets, back
# ticks, backslashes, controls, non-ASCII) is percent-encoded.
_URL_SAFE = "/:?#[]@!$&*+,;=%-._~"


def safe_url(url) -> str | None:
    """``url`` percent-encoded for use as a link target, or ``None`` when it is
    not an http(s) address with a host (``javascript:``, ``data:``, relative):
    such a value is shown as text, never linked."""
    from urllib.parse import quote, urlsplit

    text = str(url).strip()
    try:
        parts = urlsplit(text)
    except ValueError:  # e.g. an unbalanced IPv6 bracket
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return None
    return quote(text, safe=_URL_SAFE)


def csv_cell(value):
    """A CSV cell a spreadsheet will not run: text starting with ``= + - @`` (or
    a tab or carriage return) gets a leading apostrophe; control characters
    are shown as escapes.  Numbers are left as they are (a negative score is a number)."""
    if not isinstance(value, str):
        return value
    value = terminal(value)
    return "'" + value if value.startswith(_FORMULA_START) else value


def columns(text: str) -> int:
    """How many columns ``text`` takes on a terminal: a wide (East Asian) character two, a combining mark none."""
    return sum(0 if unicodedata.combining(c) else 2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def width(texts, at_least: int, at_most: int | None = None) -> int:
    """The columns a table's column needs for ``texts`` once escaped for a terminal: the widest, at least
    ``at_least`` (its header's room), at most ``at_most`` (a longer text is cut by :class:`Cells`)."""
    w = max([at_least, *(columns(terminal(str(t))) for t in texts)])
    return w if at_most is None else min(at_most, w)


class Cells:
    """Cells of a text table padded by the columns their text takes, not its length: an id of 60 characters
    overflowed its 30-column cell of the backtest and pushed the rest of its row out of line, a bundled id such as
    georgia-2008 did so in timeline's 10 columns, and a level name in wide characters (a rule set's own) or with an
    escaped control character did the same.  A text wider than its cell is cut with
    an ellipsis, and :meth:`note` lists each in full below the tables."""

    def __init__(self) -> None:
        self.shortened: dict[str, str] = {}  # the text shown -> the text in full

    def __call__(self, text, width: int, right: bool = False) -> str:
        text = terminal(str(text))
        if columns(text) > width:
            full, k = text, 1
            while True:
                tag = "…" if k == 1 else f"…{k}"  # two long ids cut to one text are told apart
                cut = ""
                for c in full:
                    if columns(cut + c) > width - columns(tag):
                        break
                    cut += c
                text = cut + tag
                if self.shortened.setdefault(text, full) == full:
                    break
                k += 1
        pad = " " * max(0, width - columns(text))
        return pad + text if right else text + pad

    def note(self) -> list[str]:
        if not self.shortened:
            return []
        return ["", "shortened above (in full):"] + [f"  {s} = {f}" for s, f in self.shortened.items()]
