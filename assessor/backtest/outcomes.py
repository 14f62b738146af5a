"""The outcome the backtest predicts, and the file that records it.

Definition (see docs/backtest-method.md): an **onset** is the first day of a use
of force against the country by a state — its armed forces, coast guard or
other state agents, or forces it directs: an attack, a clash with
fatalities, the seizure of the country's personnel, vessels or territory, a
blockade, an invasion or occupation.  This is the threshold of hostility
levels 4 ("use of force") and 5 ("war") of the Correlates of War Militarized
Interstate Dispute data (Palmer et al. 2022), or the onset of an interstate
armed conflict in the UCDP/PRIO data.  Threats, displays of force, airspace
violations, unattributed sabotage and coercion without force are not onsets.

Fighting already going on is **force in use**, neither a quiet day nor an
onset: see :func:`force_in_use`.  Each onset names its day and its source;
the file also lists the countries whose record was checked and found without
an onset (``quiet``), so that a country missing from the file is reported,
never silently counted as quiet.
"""

from __future__ import annotations

import datetime as _dt
import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from assessor import spec, yamlsrc
from assessor.errors import InputError, Problem
from assessor.events import _source  # a source reads the same in every file
from assessor.model import Source

# After an onset the next AFTERMATH_DAYS (the onset day included) count as force in use: a
# second clash within them continues the first episode (as a MID continues until 'the end of
# the last incident'), and the country's days there are neither warnings nor quiet days.
AFTERMATH_DAYS = 90

# Facts of the record that say force is being used on a day: an armed conflict with a
# hostile state going on, or an attack of the record still within its acute window.
IN_USE_FACTS = ("at_war", "attacked")

# The onset levels of the backtest (the declaration of run 68).  ``force``: every listed onset, MID
# hostility levels 4-5 (the default reading).  ``war``: only the onsets of a war -- an invasion or the
# start of an armed conflict, MID hostility level 5, as the Correlates of War date a war's start inside a
# dispute that began at a lower level -- with days of lesser force measured, not left out, so that an
# escalation to war from clashes already going on is still tested.
ONSET_LEVELS = ("force", "war")
WAR_KINDS = ("invasion", "armed_conflict")
WAR_IN_USE_FACTS = ("at_war",)


def default_path() -> Path:
    return Path(__file__).resolve().parent.parent / "data" / "outcomes.yaml"


@dataclass(frozen=True)
class Onset:
    country: str
    date: _dt.date
    kind: str
    summary: str
    source: Source
    line: int
    file: str = ""
    war: bool | None = None  # the war reading: None by kind (WAR_KINDS), else as the file marks it (run 70)


@dataclass(frozen=True)
class Quiet:
    """A country whose record was checked and holds no onset."""

    country: str
    line: int
    file: str = ""


@dataclass
class Outcomes:
    """The onsets of an outcomes file and the countries it declares quiet."""

    onsets: list[Onset]
    quiet: list[Quiet] = field(default_factory=list)
    file: str = ""
    sha256: str = ""  # of the file's bytes: a result names the outcomes it was measured against

    def __iter__(self):
        return iter(self.onsets)

    def __len__(self) -> int:
        return len(self.onsets)

    def without(self, country: str) -> Outcomes:
        """The same file with one country's onsets removed (for tests of leakage)."""
        return Outcomes([o for o in self.onsets if o.country != country], self.quiet, self.file, self.sha256)


def load_outcomes(path: str | Path | None = None) -> Outcomes:
    """The onsets of an outcomes file (default: the bundled one), every problem located."""
    doc = yamlsrc.read(Path(path) if path else default_path())
    problems: list[Problem] = spec.check(doc, spec.OUTCOMES)
    if problems:
        raise InputError(problems)
    out = []
    for i, o in enumerate(doc.data["outcomes"]):
        out.append(Onset(o["country"], _dt.date.fromisoformat(o["date"]), o["kind"], o["summary"], _source(o["source"]),
                         doc.loc(("outcomes", i))[0], doc.file, o.get("war")))
    quiet = [Quiet(c, doc.loc(("quiet", i))[0], doc.file) for i, c in enumerate(doc.data.get("quiet") or [])]
    return Outcomes(out, quiet, doc.file, hashlib.sha256(doc.raw).hexdigest())


def among(outcomes: Outcomes, loaded: Callable[[str], bool]) -> tuple[Outcomes, list[str]]:
    """The bundled outcomes restricted to the countries ``loaded`` says the run has, and the others' names (sorted).

    The bundled file lists the bundled countries: a run on some of them, or on an analyst's own profiles
    (``--no-defaults --profiles ...``, a project with ``defaults = false``), failed with 'unknown country' at
    a line of a file the analyst cannot edit, for every country left out.  A file of one's own still names
    only countries it has: there an unknown one is a typo, and an error."""
    dropped = sorted({o.country for o in outcomes.onsets if not loaded(o.country)}
                     | {q.country for q in outcomes.quiet if not loaded(q.country)})
    if not dropped:
        return outcomes, []
    gone = set(dropped)
    return Outcomes([o for o in outcomes.onsets if o.country not in gone], [q for q in outcomes.quiet
                                                                             if q.country not in gone],
                    outcomes.file, outcomes.sha256), dropped


def is_war(o: Onset) -> bool:
    """Whether an onset began a war: as the file marks it (``war:``), else by its kind (an invasion, an armed
    conflict) — a war whose first act was a seizure or an attack is marked so (run 70)."""
    return o.war if o.war is not None else o.kind in WAR_KINDS


def war_onsets(onsets: list[Onset]) -> list[Onset]:
    """The onsets of a war among ``onsets`` (the ``war`` onset level)."""
    return [o for o in onsets if is_war(o)]


def force_in_use(facts: dict, day: _dt.date, onsets: list[Onset], ceasefire: bool = False,
                 level: str = "force") -> bool:
    """Whether force is already being used against the country on ``day``.

    Such days are left out of both the positives and the negatives: the
    question a warning answers — will deterrence fail? — is already settled
    there (as in onset studies, where a year of an ongoing dispute or
    conflict is not a new onset and is usually dropped from the sample).
    An occupation without fighting is not force in use: whether new force
    will be used stays the open question there.  ``facts`` are the
    record's own facts on that day; ``onsets`` the country's onsets.
    ``ceasefire``: days under a ceasefire of an armed conflict not yet ended
    count as force in use too (the strict reading, for ceasefires broken by
    fighting every month, such as Donbas 2015–2022).  ``level`` ``"war"``:
    only a war going on is force in use (with ``onsets`` the war onsets, whose
    aftermath is left out as before); days of lesser force — an attack's
    window, a campaign of deadly clashes — are measured for the war to come.
    """
    in_use = WAR_IN_USE_FACTS if level == "war" else IN_USE_FACTS
    if any(facts.get(name) for name in in_use) or (ceasefire and facts.get("ceasefire")):
        return True
    return any(0 <= (day - o.date).days < AFTERMATH_DAYS for o in onsets)
