"""Derive stage: a profile and a date → a flat set of named facts.

Only events dated on or before the assessment date count; an agreement
counts from its entry into force, a threat fades linearly to zero over the
days it weighs.  Every fact also keeps the events (or attributes) it rests on,
so that each point of a score can be traced to a dated, sourced record.

Facts are plain JSON types (``int``, ``float``, ``str``, ``bool``) so that the
engine compares them as rules expect; see :mod:`assessor.facts` for the list.
"""

from __future__ import annotations

import bisect
import datetime as _dt
import weakref
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from assessor import geo
from assessor import registry as registry_mod
from assessor.facts import (
    AGREEMENT_RANK,
    ARRANGEMENT_RANK,
    FORCE_THREAT_TYPES,
    MODEL,
    PEACE_RANK,
    STATUS_RANK,
    THREAT_WINDOW_DAYS,
    WARNING_FACTS,
)
from assessor.model import Profile

# Signals by a state that lift its earlier public exclusion of the country (run 7's `protector_exclusion`): read only
# when such an exclusion stands, so a record without one shows them without effect (the no-effect lint knows them).
LIFTING_SIGNALS = ("guarantee", "reaffirmation", "intervention")


@dataclass
class Facts:
    """The facts of one profile on one date, and what each rests on."""

    date: _dt.date
    values: dict
    evidence: dict = field(default_factory=dict)  # fact name -> tuple of Event/Attribute


# The facts derive moves from day to day within a stretch (see Deriver.derive);
# every other fact is constant between two bounds.
MOVING = frozenset({"days_in_status", "days_since_application", "days_since_accession", "threat_level",
                    "pressure_level",
                    "days_since_threat", "conflict_recency", "guarantee_credibility", "in_coverage",
                    # format 2.1, legacies that age (task legacy)
                    "days_since_force", "days_since_ceasefire", "conflict_legacy",
                    # format 2.1, protection (task protection)
                    "protection"}
                   # warning: the own-baseline facts move daily (rules read them with `per:` and one threshold)
                   | {f"{f}_{x}" for f in WARNING_FACTS for x in ("baseline", "anomaly")})

# The fields besides the date whose change is more than a severity's or a size's ("<kind>:when", and for an attack
# "threat:force": which threat is a use of force, and whose).
_WHEN_FIELDS = ("type", "attribution", "actor")
# Which kinds of event each part of the static facts reads ("threat:force": the date,
# attribution or actor of an attack (an actor breaks only its own assurances), or a
# threat's type changing to or from one — only attacks are uses of force, so a sample
# moving the date of an airspace violation reuses these parts; "threat": any of a
# threat's fields).  A Monte Carlo sample that changed only some kinds reuses the other
# parts from the base profile.
PARTS = {
    "membership": {"membership", "ratification"},
    "agreements": {"agreement"},
    "interim": {"interim"},
    "conflict": {"conflict", "threat:force"},
    "posture": {"posture", "ultimatum", "agreement", "interim", "conflict", "threat:force", "dispute", "campaign"},
    "credibility": {"signal", "interim", "agreement"},
    "legacy": {"conflict", "threat:force", "campaign", "peace"},  # format 2.1 (task legacy)
    "protection": {"membership", "agreement", "interim", "signal", "dispute", "adversary_pact"},  # format 2.1 (task `protection`)
    # warning: the running sums behind the own-baseline facts (Deriver._warning_prefix)
    "warning_signs": {"posture", "ultimatum"},
    "warning_threat": {"threat", "campaign"},  # campaigns of coercion are pressure (run 13)
    # format 2.1 (warning): pacts of a hostile state with a third power, the defender's mobilisation
    "v21": {"adversary_pact", "mobilisation"},
}


class Deriver:
    """Indexes one profile once, then derives facts for any number of dates.

    Indexing up front keeps a daily four-year timeline cheap: each date costs
    a few bisections and a pass over the handful of agreements and threats.
    """

    def __init__(self, profile: Profile):
        self.profile = profile
        ev = profile.events
        self.membership = [e for e in ev if e.kind == "membership"]
        self._m_days = [e.date.toordinal() for e in self.membership]
        self.milestones = [e for e in ev if e.kind in ("membership", "ratification") and e.get("of") is not None]
        self._r_days = [e.date.toordinal() for e in self.milestones]
        self.agreements = [
            (e, (e.get("in_force") or e.date).toordinal(), e.get("ended").toordinal() if e.get("ended") else None)
            for e in ev if e.kind == "agreement" and (e.get("in_force") or not e.get("pending"))
        ]
        self.interim = [
            (e, e.date.toordinal(), e.get("end").toordinal() if e.get("end") else None)
            for e in ev if e.kind == "interim"
        ]
        # Whether a party is a nuclear-weapon state depends on the date: the
        # registry says from which day, looked up once per party here.
        registry = profile.registry or registry_mod.default()
        parties = {p for items, name in ((self.agreements, "party"), (self.interim, "provider"))
                   for e, _, _ in items for p in e.names(name)}
        self._nuclear_from: dict[str, int] = {}
        for party in sorted(parties):
            since = registry.nuclear_since(party)
            if since is not None:
                self._nuclear_from[party] = since.toordinal()
        nuclear_days = set(self._nuclear_from.values())
        self.hostile = set(profile.hostile())
        # the names the country itself answers to: never its own partner among a treaty's parties
        self._own = set(registry.states_of(profile.name, profile.aliases))
        self._disputes = [(e, e.date.toordinal(), _next(e.get("end"))) for e in ev if e.kind == "dispute"]
        # A ceasefire or an end takes effect during its day: the fighting (or
        # the occupation) still counts on that day, the new state from the next.
        self._conflicts = [(e, e.date.toordinal(), _next(e.get("ceasefire")), _next(e.get("end")))
                           for e in ev if e.kind == "conflict"]
        self._postures = [(e, e.date.toordinal(), _ord(e.get("end")) or e.date.toordinal() + MODEL["posture_days"] - 1)
                          for e in ev if e.kind == "posture"]
        self._ultimatums = [(e, e.date.toordinal(), _ord(e.get("end")) or e.date.toordinal() + MODEL["ultimatum_days"] - 1)
                            for e in ev if e.kind == "ultimatum"]
        # Days on which an adversary used force: an assurance it gave before is broken from then on.
        self._force_days = sorted(
            [d for e, d, _, _ in self._conflicts if e.get("type") in ("armed_conflict", "occupation")]
            + [e.date.toordinal() for e in ev if e.kind == "threat" and e.get("type") == "attack"
               and e.get("attribution", "established") == "established"])
        self._assurances = [(e, start, end) for items in (self.agreements, self.interim) for e, start, end in items
                            if self._hostile_parties(e)]
        self._legacy_index(ev)
        always = {profile.adversary} | {a.name for a in profile.adversaries if not (a.since or a.until)}  # format 2.1
        self._guarantors = {p for items in (self.agreements, self.interim) for e, _, _ in items
                            for p in e.names("party" if e.kind == "agreement" else "provider")} - always - self._own
        # format 2.1: a state that gives a unilateral guarantee is a guarantor too (its signals count)
        self._guarantors |= {n for e in ev if e.kind == "signal" and e.get("type") == "guarantee"
                             for n in e.names("by")} - always
        self._registry = registry
        # Signals by the guarantors only (decided once: it depends on the signal's own day).
        self._signals = [(e, e.date.toordinal(), _ord(e.get("end"))) for e in ev
                         if e.kind == "signal" and any(self._is_guarantor(n, e.date) for n in e.names("by"))]
        if any(a.since or a.until for a in profile.adversaries):  # format 2.1: not while the signaller is hostile
            self._signals = [(e, d, end) for e, d, end in self._signals
                             if set(e.names("by")) - set(profile.hostile(e.date))]
        # An incident whose author is unproven is recorded, not held against the actor.
        self.threats = [(e, e.date.toordinal()) for e in ev
                        if e.kind == "threat" and e.get("attribution", "established") == "established"]
        self._t_days = [d for _, d in self.threats]
        # Campaigns of coercion, or of clashes without fatalities, are pressure short of force while
        # they last (first day, the day after the last or None while it lasts), then fade (run 13).
        # (One whose end comes before its first day is never active, as campaign_active reads it.)
        self._pressing = [(e, e.date.toordinal(), None if e.get("end") is None else e.get("end").toordinal() + 1)
                          for e in ev if e.kind == "campaign" and not _deadly(e)
                          and (e.get("end") is None or e.get("end") >= e.date)]
        self._campaign_fade = int(MODEL["campaign_fade_days"])
        # Most facts only change on the days listed here (an event, an entry
        # into force or end, a threat fading, a window closing); between two
        # such days they are computed once and reused (see derive).
        bounds: set[float] = set(self._m_days) | set(self._r_days)  # days; MODEL's constants are typed float
        bounds |= set(_bounds(self.agreements, nuclear_days)) | set(_bounds(self.interim, nuclear_days))
        bounds |= {d + k for e, d in self.threats for k in (0, e.get("weighs_days"), THREAT_WINDOW_DAYS)}
        bounds |= {d for _, start, stop in self._pressing
                   for d in (start, stop, None if stop is None else stop + self._campaign_fade) if d is not None}
        bounds |= {d for _, start, cease, end in self._conflicts for d in (start, cease, end) if d is not None}
        bounds |= {start + THREAT_WINDOW_DAYS for _, start, _, _ in self._conflicts}
        bounds |= {d for _, start, last in self._postures + self._ultimatums for d in (start, last + 1)}
        bounds |= {d for _, start, end in self._assurances for d in (start, end) if d is not None} | set(self._force_days)
        bounds |= {d for _, start, end in self._disputes for d in (start, end) if d is not None}
        # a new member's first year ends (protection: collective_defence_new)
        bounds |= {d + int(MODEL["integration_days"]) for e, d in zip(self.membership, self._m_days)
                   if e.get("status") == "member"}
        bounds |= self._legacy_bounds()
        bounds |= {d for _, start, end in self._signals
                   for d in (start, (end + 1) if end is not None else None, start + MODEL["doubt_window_days"])
                   if d is not None}
        bounds |= self._init_protection(ev)
        bounds |= self._v21_index()  # format 2.1 (warning)
        self._bounds = sorted(bounds)
        self._static: dict[int, tuple] = {}
        self._base: Deriver | None = None  # see variant
        self._reuse: frozenset[str] = frozenset()
        self._parts: dict[tuple[str, int], tuple] = {}  # (part, stretch of this deriver) -> result, for variants
        self._legacy: dict[int, tuple] = {}  # stretch -> _legacy_segment's result (see _legacy_daily)
        self._prefixes: dict[str, _Prefix | _Linear] = {}  # warning: built on first use (see _warning_prefix)
        self._eves: dict[str, float | tuple[float, ...]] = {}  # warning: the eve's values (see _warning_eve)
        self._warn: tuple | None = None  # warning: see _warning_setup
        self._t_info: tuple | None = None  # the threats as _threat_segment reads them, made on first use

    def variant(self, profile: Profile) -> Deriver:
        """A deriver for ``profile``, a changed copy of this one's (a Monte Carlo
        sample): the parts of the static facts that read only unchanged events
        come from this deriver's stretches, computed once for all samples.

        Unchanged events are the same objects (``uncertainty.realise`` keeps
        them); what changed decides which parts are recomputed (``PARTS``).
        """
        d = Deriver(profile)
        same = {id(e) for e in self.profile.events} & {id(e) for e in profile.events}
        old_at = {(e.loc, e.kind): e for e in self.profile.events if id(e) not in same}
        new_at = {(e.loc, e.kind): e for e in profile.events if id(e) not in same}
        changed: set[str] = set()
        for key in old_at.keys() | new_at.keys():
            old, new = old_at.get(key), new_at.get(key)
            changed.add(key[1])
            if old is None or new is None or old.date != new.date or any(old.get(f) != new.get(f) for f in _WHEN_FIELDS):
                changed.add(key[1] + ":when")  # more than a severity or a size changed
                if key[1] == "threat" and any(e is not None and e.get("type") == "attack" for e in (old, new)):
                    changed.add("threat:force")  # an attack moved, appeared or went: a use of force
        d._base = self
        d._reuse = frozenset(part for part, kinds in PARTS.items() if not kinds & changed)
        return d

    def _part(self, name: str, day: int, compute):
        """``compute(self, day)`` (an unbound method), or the base deriver's result for the same
        stretch when this part reads only unchanged events (see :meth:`variant`)."""
        base = self._base
        if base is None or name not in self._reuse:
            return compute(self, day)
        key = (name, bisect.bisect_right(base._bounds, day))
        hit = base._parts.get(key)
        if hit is None:
            hit = base._parts[key] = compute(base, day)
        return hit

    def segment(self, day: int) -> int:
        """The stretch of days ``day`` lies in: facts outside MOVING are equal within one."""
        return bisect.bisect_right(self._bounds, day)

    def derive(self, date: _dt.date, evidence: bool = True) -> Facts:
        """The facts on ``date``.

        Most facts change only on the days some event starts or stops
        counting (``_bounds``): between two such days they are
        computed once and reused; only the day counters, the decayed threat
        level, a past conflict's and a failure's fading weight move daily.
        """
        _, v, why = self._daily(date, evidence)
        if why is None:
            return Facts(date, v, {})
        sev, window, ongoing, faded_in, counted, refused, legacy_ev = why
        ev = dict(sev)
        self._warning_evidence(window, ev)
        ev["conflict_recency"] = tuple(ongoing) + tuple(faded_in)
        ev["guarantee_credibility"] = tuple(counted) + sev["guarantor_doubts_365d"] + refused
        ev.update(legacy_ev)
        return Facts(date, v, ev)

    def values(self, date: _dt.date) -> tuple[int, dict]:
        """The stretch ``date`` lies in (:meth:`segment`) and the values of its facts, without evidence:
        :meth:`derive` for timelines and sweeps, which read this for every date (no Facts to build,
        the stretch found once)."""
        seg, v, _ = self._daily(date, False)
        return seg, v

    def _daily(self, date: _dt.date, evidence: bool) -> tuple[int, dict, tuple | None]:
        """The stretch, the values on ``date`` and, with ``evidence``, what :meth:`derive` needs for it."""
        day = date.toordinal()
        seg = bisect.bisect_right(self._bounds, day)
        hit = self._static.get(seg)
        if hit is None:
            hit = self._static[seg] = self._static_facts(day)
        sv, sev, counters, (base, slope, last_threat, pbase, pslope), (ongoing, past), failures, (shares, refused) = hit
        v = dict(sv)
        for name, start in counters:
            v[name] = day - start
        v["threat_level"] = round(max(0.0, base - slope * day), 2)
        v["pressure_level"] = round(max(0.0, pbase - pslope * day), 2)
        if last_threat is not None:
            v["days_since_threat"] = day - last_threat
        memory = MODEL["conflict_memory_years"] * 365.25
        recency = 1.0 if ongoing else 0.0
        faded_in = []
        for e, last in past:
            r = 1 - (day - last) / memory
            if r > 0:
                recency = max(recency, r)
                faded_in.append(e)
        v["conflict_recency"] = round(recency, 3)
        # A guarantor's refusal of aid weighs like a public doubt (format 2.1; see _protection_segment).
        cred, counted = _credibility(sv["guarantor_doubts_365d"] + len(refused), failures, day)
        v["guarantee_credibility"] = round(cred, 3)
        legacy_ev = self._legacy_daily(v, day, seg, evidence)
        v["protection"] = shares if isinstance(shares, float) else _protection(shares, day)
        p = self.profile
        v["in_coverage"] = p.covers_from <= date <= p.covers_to
        window = self._warning(day, v)
        if not evidence:
            return seg, v, None
        return seg, v, (sev, window, ongoing, faded_in, counted, refused, legacy_ev)

    def _static_facts(self, day: int) -> tuple:
        """Every fact that is constant between two bounds, and what the daily ones move from."""
        v: dict = {"kind": "assessment"}
        ev: dict = {}
        mv, mev, counters = self._part("membership", day, Deriver._membership_segment)
        v.update(mv)
        ev.update(mev)
        for name, compute in (("agreements", Deriver._agreements), ("interim", Deriver._interim)):
            sv, sev = self._part(name, day, compute)
            v.update(sv)
            ev.update(sev)
        (base, slope, pbase, pslope), n, tv, tev = self._threat_segment(day)
        v.update(tv)
        ev.update(tev)
        # format 2.1: a border or a hostile state may hold only over a period (bounds: _v21_index)
        date, p = _dt.date.fromordinal(day), self.profile
        border = p.border_with(p.adversary, date) if p.borders else p.attributes.get("land_border_km")
        if border is not None:
            v["land_border_km"] = border.value
            ev["land_border_km"] = (border,)
        sea = self.profile.attributes.get("sea_distance_km")
        if sea is not None:
            v["sea_distance_km"] = sea.value
            ev["sea_distance_km"] = ev["maritime_proximity"] = (sea,)
        v["maritime_proximity"] = round(max(0.0, 1 - sea.value / 1000), 3) if sea is not None else 0.0
        borders = [b for b in (border, *(p.border_with(a.name, date) if p.borders else a.border
                                         for a in p.adversaries if a.hostile_on(date))) if b is not None]
        v["hostile_border_km"] = sum(b.value for b in borders)
        ev["hostile_border_km"] = tuple(borders)
        cv, cev, ongoing, past = self._part("conflict", day, Deriver._conflict_segment)
        v.update(cv)
        ev.update(cev)
        # A war or an occupation that began in the last 90 days is a use of force
        # as much as a single attack is, also once a ceasefire has stopped it.
        begun = [e for e, start, _, _ in self._conflicts if e.get("type") in ("armed_conflict", "occupation")
                 and 0 <= day - start < THREAT_WINDOW_DAYS]
        if begun:
            v["attacked"] = True
            ev["attacked"] = tuple(ev.get("attacked", ())) + tuple(begun)
        pv, pev = self._part("posture", day, Deriver._posture_segment)
        v.update(pv)
        ev.update(pev)
        crv, crev, failures = self._part("credibility", day, Deriver._credibility_segment)
        v.update(crv)
        ev.update(crev)
        self._legacy_static(v, ev, day)  # format 2.1 (task legacy)
        prv, prev, shares, refused = self._part("protection", day, Deriver._protection_segment)
        v.update(prv)
        ev.update(prev)
        defender = self.profile.attributes.get("defender_distance_km")
        if defender is not None:
            v["defender_distance_km"] = defender.value
            ev["defender_distance_km"] = (defender,)
        nv, nev = self._part("v21", day, Deriver._v21_segment)  # format 2.1 (warning)
        v.update(nv)
        ev.update(nev)
        self._warning_flat(v)
        last_threat = self._t_days[n - 1] if n else None
        return v, ev, counters, (base, slope, last_threat, pbase, pslope), (ongoing, past), failures, (shares, refused)

    def _membership_segment(self, day: int) -> tuple[dict, dict, list[tuple[str, int]]]:
        """Static membership facts of the stretch containing ``day``, their
        evidence, and the day counters as (fact, day it counts from)."""
        v: dict = {}
        ev: dict = {}
        i = bisect.bisect_right(self._m_days, day)
        if not i:
            v["status"], v["status_rank"] = "none", 0
            return v, ev, []
        cur = self.membership[i - 1]
        status = cur.get("status")
        v["status"], v["status_rank"] = status, STATUS_RANK[status]
        ev["status"] = ev["status_rank"] = ev["days_in_status"] = (cur,)
        counters = [("days_in_status", self._m_days[i - 1])]
        if v["status_rank"] >= 2:
            applied = [e for e in self.membership[:i] if e.get("status") == "applicant"]
            if applied:
                counters.append(("days_since_application", applied[-1].date.toordinal()))
                ev["days_since_application"] = (applied[-1],)
        if status == "member":
            counters.append(("days_since_accession", self._m_days[i - 1]))
            ev["days_since_accession"] = (cur,)
        elif status == "ratifying":
            j = bisect.bisect_right(self._r_days, day)
            last = self.milestones[j - 1] if j else None
            if last is not None and last.date >= cur.date:
                done, total = last.get("ratified") or 0, last.get("of")
                v["ratified"], v["ratify_total"] = done, total
                v["ratify_share"] = round(done / total, 4)
                v["ratify_remaining"] = total - done
                for name in ("ratified", "ratify_total", "ratify_share", "ratify_remaining"):
                    ev[name] = (last,)
        return v, ev, counters

    def _agreements(self, day: int) -> tuple[dict, dict]:
        v: dict = {}
        ev: dict = {}
        # An assurance given by the adversary itself protects nothing here
        # (see _posture: adversary_assurance); its other parties still count.
        hostile = self._hostile_on(day)
        # ... and a treaty of the country with itself and the adversary alone binds no one to it
        own = self._own
        active = [e for e, start, end in self.agreements if start <= day and (end is None or day < end)
                  and set(e.names("party")) - hostile - own]
        best = max((AGREEMENT_RANK[e.get("type")] for e in active), default=0)
        with_nuclear = [(e, self._nuclear(tuple(p for p in e.names("party") if p not in hostile and p not in own), day))
                        for e in active]
        nuclear = [e for e, parties in with_nuclear if parties]
        v["agreements_in_force"] = len(active)
        v["agreement_rank"] = best
        v["agreement_type"] = next((t for t, r in AGREEMENT_RANK.items() if r == best), "none")
        v["agreement_parties"] = "; ".join(sorted({registry_mod.partners_text(e, "party", own) for e in active})) or "none"
        v["nuclear_agreement_rank"] = max((AGREEMENT_RANK[e.get("type")] for e in nuclear), default=0)
        v["nuclear_agreement_parties"] = "; ".join(sorted({p for _, parties in with_nuclear for p in parties})) or "none"
        mutual = [e for e in active if e.get("type") == "mutual_assistance_clause"]
        v["mutual_assistance"] = bool(mutual)
        all_ev = tuple(active)
        for name in ("agreements_in_force", "agreement_rank", "agreement_type", "agreement_parties"):
            ev[name] = all_ev
        ev["nuclear_agreement_rank"] = ev["nuclear_agreement_parties"] = tuple(nuclear)
        ev["mutual_assistance"] = tuple(mutual)
        return v, ev

    def _interim(self, day: int) -> tuple[dict, dict]:
        v: dict = {}
        ev: dict = {}
        hostile = self._hostile_on(day)
        own = self._own
        active = [e for e, start, end in self.interim if start <= day and (end is None or day < end)
                  and set(e.names("provider")) - hostile - own]
        with_nuclear = [(e, self._nuclear(tuple(p for p in e.names("provider") if p not in hostile and p not in own),
                                          day)) for e in active]
        nuclear = [e for e, providers in with_nuclear if providers]
        v["interim_active"] = len(active)
        v["interim_rank"] = max((ARRANGEMENT_RANK[e.get("arrangement")] for e in active), default=0)
        v["interim_nuclear"] = len({p for _, providers in with_nuclear for p in providers})
        v["interim_providers"] = "; ".join(sorted({registry_mod.partners_text(e, "provider", own) for e in active})) or "none"
        for name in ("interim_active", "interim_rank", "interim_providers"):
            ev[name] = tuple(active)
        ev["interim_nuclear"] = tuple(nuclear)
        return v, ev

    # ----------------------------------------------------------------- format 2: conflicts, warning signs, credibility

    def _v21_index(self) -> set[int]:
        """Index the format-2.1 events (warning); return the days they start or stop counting."""
        ev = self.profile.events
        self._pacts = [(e, e.date.toordinal(), _ord(e.get("end"))) for e in ev if e.kind == "adversary_pact"]
        self._mobilisations = [(e, e.date.toordinal(), _ord(e.get("end"))) for e in ev if e.kind == "mobilisation"]
        days = {d for _, start, end in self._pacts for d in (start, end) if d is not None}
        days |= {d for _, start, last in self._mobilisations for d in (start, last + 1 if last is not None else None)
                 if d is not None}
        spans = [(a.since, a.until) for a in self.profile.adversaries] + [(b.since, b.until) for b in self.profile.borders]
        days |= {d.toordinal() + k for since, until in spans for d, k in ((since, 0), (until, 1)) if d is not None}
        self._dated = any(a.since or a.until for a in self.profile.adversaries)
        return days

    def _hostile_on(self, day: int) -> set[str]:
        """The hostile states on ``day`` (format 2.1: some may be hostile only over a period)."""
        if not self._dated:
            return self.hostile
        return set(self.profile.hostile(_dt.date.fromordinal(day)))

    def _hostile_parties(self, e) -> set[str]:
        return set(e.names("party" if e.kind == "agreement" else "provider")) & self.hostile

    def _conflict_segment(self, day: int) -> tuple:
        war, truce, occupied, frozen, past = [], [], [], [], []
        for e, start, _, end in self._conflicts:
            if start > day:
                continue
            if end is None or day < end:
                kind = e.get("type")
                if kind == "occupation":
                    occupied.append(e)
                elif kind == "frozen_conflict":
                    frozen.append(e)
                elif self._truce(e, day) is not None:  # a 2.0 'ceasefire' date is one truce (see _legacy_index)
                    truce.append(e)
                else:
                    war.append(e)
            else:
                past.append((e, end))
        past += [(e, d) for e, d in self.threats if e.get("type") == "attack" and d <= day]
        v = {"at_war": bool(war), "ceasefire": bool(truce), "occupied": bool(occupied), "frozen_conflict": bool(frozen)}
        ev = {"at_war": tuple(war), "ceasefire": tuple(truce), "occupied": tuple(occupied), "frozen_conflict": tuple(frozen)}
        return v, ev, tuple(war + truce + occupied + frozen), tuple(past)

    def _posture_segment(self, day: int) -> tuple[dict, dict]:
        """Warning signs while they last: forces massed, exercises, ultimatums (Betts 1982).

        Successive build-up events of one actor are successive estimates of
        the same forces: the largest current estimate counts, per actor."""
        v, ev = self._signs(day)
        given = [e for e, start, end in self._assurances if start <= day and (end is None or day < end)
                 and (not self._dated or self._hostile_parties(e) & self._hostile_on(day))]
        # Only a party's own force breaks what it promised (format 2.1; see _legacy_index).
        broken = [e for e in given if self._breaks.get(id(e), day + 1) <= day]
        v["adversary_assurance"] = len(broken) < len(given)
        v["assurance_broken"] = bool(broken)
        ev["adversary_assurance"] = tuple(e for e in given if e not in broken)
        ev["assurance_broken"] = tuple(broken)
        disputes = [e for e, start, end in self._disputes if start <= day and (end is None or day < end)]
        v["territorial_dispute"] = bool(disputes)
        ev["territorial_dispute"] = tuple(disputes)
        return v, ev

    def _signs(self, day: int) -> tuple[dict, dict]:
        """The posture facts and the ultimatum on ``day`` (also read by the warning baselines)."""
        v: dict = {}
        ev: dict = {}
        standing_now = [e for e, start, last in self._postures if start <= day <= last]
        # format 2.1: a build-up reported but not confirmed counts apart (unconfirmed_*), never here
        active = [e for e in standing_now if e.get("confirmed", True)]
        buildups = [e for e in active if e.get("type") == "buildup"]
        exercises = [e for e in active if e.get("type") == "exercise"]
        largest: dict[str, float] = {}
        for e in active:
            if e.get("size"):
                largest[e.get("actor")] = max(largest.get(e.get("actor"), 0), e.get("size"))
        v["buildups_active"] = len({e.get("actor") for e in buildups})
        v["exercises_active"] = len(exercises)
        v["forces_massed_k"] = round(sum(largest.values()) / 1000, 1)
        ev["buildups_active"] = tuple(buildups)
        ev["exercises_active"] = tuple(exercises)
        ev["forces_massed_k"] = tuple(e for e in active if e.get("size"))
        standing = [e for e, start, last in self._ultimatums if start <= day <= last]
        v["ultimatum"] = bool(standing)
        ev["ultimatum"] = tuple(standing)
        unconfirmed = [e for e in standing_now if not e.get("confirmed", True)]
        reported: dict[str, float] = {}
        for e in unconfirmed:
            if e.get("size"):
                reported[e.get("actor")] = max(reported.get(e.get("actor"), 0), e.get("size"))
        v["unconfirmed_buildups"] = len({e.get("actor") for e in unconfirmed if e.get("type") == "buildup"})
        v["unconfirmed_forces_k"] = round(sum(reported.values()) / 1000, 1)
        ev["unconfirmed_buildups"] = tuple(e for e in unconfirmed if e.get("type") == "buildup")
        ev["unconfirmed_forces_k"] = tuple(e for e in unconfirmed if e.get("size"))
        return v, ev

    def _v21_segment(self, day: int) -> tuple[dict, dict]:
        """Format 2.1 (warning): the adversary's other front made safe by a pact with a third
        power (Molotov–Ribbentrop 1939, the Soviet–Japanese pact of 1941), and the defender's
        own mobilisation, while they hold."""
        pacts = [e for e, start, end in self._pacts if start <= day and (end is None or day < end)
                 and e.get("actor") in self._hostile_on(day)]
        mob = [e for e, start, last in self._mobilisations if start <= day and (last is None or day <= last)]
        general = [e for e in mob if e.get("scale") == "general"]
        v = {"adversary_pacts": len(pacts), "second_front_secured": bool(pacts),
             "mobilised": bool(mob), "mobilisation_general": bool(general)}
        ev = {"adversary_pacts": tuple(pacts), "second_front_secured": tuple(pacts),
              "mobilised": tuple(mob), "mobilisation_general": tuple(general)}
        return v, ev

    def _is_guarantor(self, name: str, date: _dt.date) -> bool:
        alliance = self.profile.alliance
        if name == alliance or name in self._guarantors:
            return True
        return any(m.organisation == alliance for m in self._registry.memberships(name, date))

    def _credibility_segment(self, day: int) -> tuple:
        failures, doubts, forward = [], [], []
        for e, start, end in self._signals:
            if start > day:
                continue
            kind = e.get("type")
            if kind == "failure":
                failures.append((e, start))
            elif kind == "doubt" and day - start < MODEL["doubt_window_days"]:
                doubts.append(e)
            elif kind == "forward_deployment" and (end is None or day <= end):
                forward.append(e)
        presence = [e for e, start, end in self.interim if e.get("arrangement") == "military_presence"
                    and start <= day and (end is None or day < end)]
        v = {"guarantor_doubts_365d": len(doubts), "allied_forces_present": bool(forward or presence)}
        ev = {"guarantor_doubts_365d": tuple(doubts), "allied_forces_present": tuple(forward + presence)}
        return v, ev, tuple(failures)

    # ----------------------------------------------------------------- format 2.1: protection and signals

    def _init_protection(self, ev) -> set[int]:
        """Index what protection reads (task `protection`): every signal by a non-hostile state,
        the country's own names and point, and the days on which who guarantees changes
        (memberships of the guarantors' organisations).  Returns those days as bounds."""
        p, reg = self.profile, self._registry
        self._home = next((pt for pt in (_point(reg, n) for n in sorted(self._own)) if pt is not None), None)
        window = MODEL["signal_window_days"]
        # A signal counts if its giver was not hostile on the signal's own day (format 2.1: a state
        # may be hostile only over a period; nothing after a date may count on it).
        self._acts = [(e, e.date.toordinal(), _ord(e.get("end"))) for e in ev
                      if e.kind == "signal" and set(e.names("by")) - set(p.hostile(e.date))]
        days: set[int] = set()
        for _, start, end in self._acts:
            days |= {start, start + window, start + MODEL["doubt_window_days"]}
            if end is not None:
                days.add(end + 1)
        # Organisations that can guarantee (the alliance; organisations among parties and givers)
        # and their members' points: an organisation's reach is its nearest member's.
        named = {p.alliance} | {n for e, _, _ in self.agreements for n in e.names("party")} \
            | {n for e, _, _ in self._acts for n in e.names("by")} | {n for e, _, _ in self.interim for n in e.names("provider")}
        orgs = {n for n in named if (entry := reg.get(n)) is not None and entry.kind == "organisation"}
        self._members: dict[str, list[tuple[str, int, int | None, float | None]]] = {o: [] for o in orgs}
        # who is inside the country's alliance, and when (derive folds them into it)
        self._allied_spans: dict[str, list[tuple[int, int | None]]] = {}
        self._dist: dict[str, float | None] = {}
        alliance = reg.get(p.alliance)
        self._collective = alliance is not None and alliance.alliance
        for org in sorted(orgs | {p.alliance}):
            for name, start, until in _members_of(reg, org):
                days |= {start} | ({until} if until is not None else set())
                if org in orgs and name not in self._own:
                    self._members[org].append((name, start, until, self._distance(name)))
                if org == p.alliance:
                    self._allied_spans.setdefault(name, []).append((start, until))
        self._org_spans = {org: [(n, s, u) for n, s, u, _ in members] for org, members in self._members.items()}
        self._org_spans.setdefault(p.alliance, [(n, s, u) for n, ss in self._allied_spans.items() for s, u in ss])
        for n in sorted(named):
            entry = reg.get(n)
            for m in entry.memberships if entry is not None else ():
                days |= {m.start.toordinal()} | ({m.until.toordinal()} if m.until else set())
                # a guarantor's alliance gaining or losing a member (a hostile state may join it)
                org = reg.get(m.organisation)
                if org is not None and org.alliance:
                    for _, start, until in _members_of(reg, m.organisation):
                        days |= {start} | ({until} if until is not None else set())
        return days

    def _hostile_inside(self, canon: dict[str, str], day: int) -> dict[str, tuple[str, ...]]:
        """For each organisation that could guarantee the country, its members hostile to the
        country on ``day`` (only organisations with at least one; names as the profile writes them).
        ``canon``: each hostile state's name as written -> its registry name."""
        out: dict[str, tuple[str, ...]] = {}
        for org, members in self._org_spans.items() if canon else ():
            hit = tuple(sorted(h for h, c in canon.items() if _on_day(members, {c, h}, day)))
            if hit:
                out[org] = hit
        return out

    def _allied_with_hostile(self, name: str, canon: dict[str, str], day: int) -> tuple[str, ...]:
        """The states hostile to the country on ``day`` with which the state ``name`` shares an
        alliance (an organisation with collective defence), sorted; empty if none."""
        reg, hostile = self._registry, set(canon.values())
        found: set[str] = set()
        for m in reg.memberships(name, _dt.date.fromordinal(day)):
            org = reg.get(m.organisation)
            if org is not None and org.alliance:
                members = _members_of(reg, m.organisation)
                found.update(h for h in hostile if _on_day(members, {h}, day))
        return tuple(sorted(found))

    def _distance(self, name: str) -> float | None:
        """Distance from the state ``name`` to the country, km, or None if either point is unknown."""
        try:
            return self._dist[name]
        except KeyError:
            there = _point(self._registry, name)
            d = self._dist[name] = None if there is None or self._home is None else geo.distance_km(there, self._home)
            return d

    def _protection_segment(self, day: int) -> tuple:
        """Protection counted once per guarantor, at its strongest (Leeds 2003; Johnson & Leeds 2011),
        scaled by its local reach (Huth 1988; Schelling 1966); support without a defence obligation;
        and what any protector does (Fearon 1997): withdrawals, exclusion, aid, intervention.

        Returns the facts, their evidence, each guarantor's share before its credibility
        (name, obligation × reach × coverage, doubts and refusals of the last year, failures),
        and the refusals of aid by guarantors (they lower ``guarantee_credibility`` like doubts:
        a refused request is a public signal of low resolve, Fearon 1997, but a signal about
        present interests rather than a breach, Press 2005, so a doubt's weight, not a failure's)."""
        weight = MODEL["obligation_weight"]
        hostile = self._hostile_on(day)  # never the states hostile only later
        i = bisect.bisect_right(self._m_days, day)
        cur = self.membership[i - 1] if i else None
        alliance = self.profile.alliance if cur is not None and cur.get("status") == "member" and self._collective else None
        # Collective defence is a promise against attack from outside (Leeds et al. 2002; Krebs
        # 1999 on NATO and the Greek-Turkish crises; the Warsaw Pact's invasions of two members):
        # an organisation with a hostile state among its members does not protect against that
        # state, and protection is read against the hostile state it covers least (one number for
        # all of them; so a state turning hostile never raises it).  Such an alliance is no
        # guarantor, and its members' own treaties with the country count apart.
        canon = {h: self._registry.canonical(h) or h for h in hostile}
        inside = self._hostile_inside(canon, day)
        within: dict[str, tuple[str, ...]] = {}
        if alliance is not None and alliance in inside:
            within[alliance] = inside[alliance]
            alliance = None
        folded: dict[str, str] = {}

        def fold(name: str) -> str:
            """A member of the country's alliance counts inside the alliance (the US inside NATO once)."""
            g = folded.get(name)
            if g is None:
                inside = alliance is not None and (name == alliance or any(
                    s <= day and (u is None or day < u) for s, u in self._allied_spans.get(name, ())))
                g = folded[name] = alliance if alliance is not None and inside else name
            return g

        dispute = any(start <= day and (end is None or day < end) for _, start, end in self._disputes)
        # instruments: (names, obligation, covers the contested territory, event)
        instruments: list[tuple[tuple[str, ...], str, bool, Any]] = []
        if alliance is not None:
            # In its first year a new member is covered but not yet in the alliance's plans and
            # force posture (Reiter & Poast 2021): its collective defence weighs less until then.
            joined = self._m_days[i - 1]
            new = day - joined < MODEL["integration_days"]
            # An alliance's treaty area may leave the contested territory out (the North Atlantic Treaty's
            # article 6): then its defence is read as a treaty's that excludes it (format 2.1).
            assert cur is not None  # an alliance is read only from a current membership (above)
            instruments.append(((alliance,), "collective_defence_new" if new else "collective_defence",
                                cur.get("covers_contested", True) is not False, cur))
        active = [e for e, start, end in self.agreements if start <= day and (end is None or day < end)]
        for e in active:
            if e.get("type") in ("mutual_defence_treaty", "mutual_assistance_clause"):
                instruments.append((e.names("party"), e.get("type"), e.get("covers_contested", True) is not False, e))
        acts = [(e, start, end) for e, start, end in self._acts if start <= day]
        for e, _start, end in acts:
            if e.get("type") == "guarantee" and (end is None or day <= end):
                instruments.append((e.names("by"), "unilateral_guarantee", e.get("covers_contested", True) is not False, e))
        best: dict[str, tuple[float, bool]] = {}
        grounds: dict[str, list] = {}
        # A treaty in the record with several parties, or a joint guarantee, binds its parties to a
        # hostile state among them too: a collective-security promise, kept by mediating rather than
        # by fighting that state (Claude 1962; Kupchan & Kupchan 1991).  Read as run 17 reads an
        # organisation with a hostile member: it protects no one against it, and its other parties
        # are allied with that state (run 4's courting factor).  A bilateral treaty with the
        # hostile state is that state's own assurance, dropped below as before.
        hostile_names = set(hostile) | set(canon.values())
        # a party -> (the hostile states it is bound to, the (label, treaty) that bind it)
        treaty_allied: dict[str, tuple[set, list]] = {}
        kept = []
        for names, obligation, covers, e in instruments:
            others = [n for n in names if n not in self._own]
            foes = sorted({n for n in others if n in hostile_names})  # party names are the registry's (loader)
            if e is cur or len(others) < 2 or not foes:
                kept.append((names, obligation, covers, e))
                continue
            friends = [n for n in others if n not in foes]
            label = f"{'guarantee' if obligation == 'unilateral_guarantee' else 'treaty'} of {e.date.isoformat()}" \
                    + (f" ({', '.join(friends)})" if friends else "")
            # two instruments of one day with the same other parties share a label: merge, never overwrite
            within[label] = tuple(sorted(set(within.get(label, ())) | set(foes)))
            grounds.setdefault(label, []).append(e)
            for n in friends:
                bound, treaties = treaty_allied.setdefault(n, (set(), []))
                bound.update(foes)
                treaties.append((label, e))
        for names, obligation, covers, e in kept:
            for n in names:
                if n in hostile or n in self._own:
                    continue
                g = fold(n)
                eff = weight[obligation] * (1.0 if covers or not dispute else MODEL["excluded_contested_factor"])
                if g not in best or eff > best[g][0]:
                    best[g] = (eff, covers or not dispute)
                grounds.setdefault(g, []).append(e)
        # forces of a guarantor on the territory: deployments not withdrawn since, and interim presence
        withdrawals = [(e, start) for e, start, _ in acts if e.get("type") == "withdrawal"]
        forces: dict[str, list] = {}
        for e, start, end in acts:
            if e.get("type") != "forward_deployment" or (end is not None and day > end):
                continue
            by = set(e.names("by"))
            if any(w_start > start and by & set(w.names("by")) for w, w_start in withdrawals):
                continue
            for n in by:
                if fold(n) in best:
                    forces.setdefault(fold(n), []).append(e)
        for e, start, end in self.interim:
            if e.get("arrangement") == "military_presence" and start <= day and (end is None or day < end):
                for n in e.names("provider"):
                    if fold(n) in best:
                        forces.setdefault(fold(n), []).append(e)
        # credibility per guarantor: its own doubts, refusals and failures (folded like the guarantee)
        doubts: dict[str, list] = {}
        fails: dict[str, list] = {}
        for e, start, _ in acts:
            kind = e.get("type")
            for g in {fold(n) for n in e.names("by")} & best.keys():
                if kind in ("doubt", "aid_refused") and day - start < MODEL["doubt_window_days"]:
                    doubts.setdefault(g, []).append(e)
                elif kind == "failure":
                    fails.setdefault(g, []).append((e, start))
        # A guarantor allied with, or pledged not to fight, a hostile state of the country (an
        # adversary_pact whose partner it is) is less likely to fight that state for the country.
        courting: dict[str, list] = {}
        aligned: dict[str, set] = {}  # (the state, the hostile state) behind each such guarantor, to say which
        for e, start, end in self._pacts:
            if start <= day and (end is None or day < end) and e.get("actor") in hostile:
                for n in e.names("partner"):
                    if fold(n) in best:
                        courting.setdefault(fold(n), []).append(e)
                        aligned.setdefault(fold(n), set()).add((n, e.get("actor")))
        for g in [g for g in best if g in inside]:
            within[g] = inside[g]
            del best[g]
        # ... and so is a guarantor state allied, that day, with a hostile state (the same reading).
        for g in best:
            allies = self._allied_with_hostile(g, canon, day) if g not in self._members and g != alliance else ()
            if allies:
                courting.setdefault(g, []).extend(e for e in grounds.get(g, ()) if e is not None)
                aligned.setdefault(g, set()).update((g, h) for h in allies)
        # ... and so is a guarantor bound to a hostile state by a treaty of the record (above), read as the
        # registry's alliances are: never the country's own alliance or an organisation, which a member's treaty
        # with the adversary does not halve.
        for n, (bound, treaties) in sorted(treaty_allied.items()):
            g = fold(n)
            if g in best and g not in self._members and g != alliance:
                courting.setdefault(g, []).extend(e for _, e in sorted(treaties, key=lambda t: t[0]))  # by label
                aligned.setdefault(g, set()).update((n, h) for h in bound)
        shares: list = []
        distances = []
        for g in sorted(best):
            if g in self._members:
                known = [d for n, s, u, d in self._members[g] if s <= day and (u is None or day < u) and d is not None]
                dist = min(known, default=None)
            else:
                dist = self._distance(g)
            if dist is not None:
                distances.append(dist)
            reach = 1.0 if g in forces or dist is None else max(MODEL["reach_floor"], 0.5 ** (dist / MODEL["reach_half_km"]))
            courted = MODEL["courting_factor"] if g in courting else 1.0
            shares.append((g, best[g][0] * reach * courted, len(doubts.get(g, ())), tuple(fails.get(g, ()))))
        sizes = {g: max((e.get("size") or 0 for e in es if e.kind == "signal"), default=0) for g, es in forces.items()}
        support = [e for e in active if AGREEMENT_RANK[e.get("type")] <= 3
                   and any(n not in hostile and n not in self._own and fold(n) not in best for n in e.names("party"))]
        window = MODEL["signal_window_days"]
        recent = {k: [e for e, start, _ in acts if e.get("type") == k and day - start < window]
                  for k in ("withdrawal", "aid_refused", "aid_granted")}
        lifting = LIFTING_SIGNALS
        excluded = [e for e, start, end in acts if e.get("type") == "exclusion" and (end is None or day <= end)
                    and not any(o.get("type") in lifting and o_start > start and set(o.names("by")) & set(e.names("by"))
                                for o, o_start, _ in acts)]
        joining = [e for e, start, end in acts if e.get("type") == "intervention" and (end is None or day <= end)]
        present = tuple(e for es in forces.values() for e in es)
        v = {"defence_guarantee": bool(best), "guarantors": "; ".join(sorted(best)) or "none",
             "guarantor_count": len(best), "support_rank": max((AGREEMENT_RANK[e.get("type")] for e in support), default=0),
             "contested_covered": all(covered for _, covered in best.values()),
             "guarantor_forces_present": bool(forces), "guarantor_forces_k": round(sum(sizes.values()) / 1000, 1),
             "protector_withdrawal_365d": len(recent["withdrawal"]), "protector_exclusion": bool(excluded),
             "aid_refused_365d": len(recent["aid_refused"]), "aid_granted_365d": len(recent["aid_granted"]),
             "intervention": bool(joining),
             "adversary_inside_guarantor": "; ".join(f"{g}: {', '.join(within[g])}" for g in sorted(within)) or "none",
             "guarantors_aligned_with_adversary": "; ".join(_aligned_text(g, aligned[g])
                                                            for g in sorted(courting) if g in best) or "none"}
        if distances:
            v["guarantor_distance_km"] = round(min(distances))
        on = _unique(e for g in sorted(best) for e in grounds[g] if e is not None)
        courted = _unique(e for g in sorted(courting) if g in best for e in courting[g])
        ev = {"defence_guarantee": on, "guarantors": on, "guarantor_count": on,
              "protection": on + _unique(e for g in sorted(best) for e in doubts.get(g, ()))
              + tuple(e for g in sorted(best) for e, _ in fails.get(g, ())) + present + courted,
              "support_rank": tuple(support),
              "contested_covered": tuple(e for g in sorted(best) for e in grounds[g]
                                         if e is not None and e.get("covers_contested", True) is False),
              "guarantor_forces_present": present, "guarantor_forces_k": present,
              "guarantor_distance_km": on if distances else (),
              "protector_withdrawal_365d": tuple(recent["withdrawal"]), "protector_exclusion": tuple(excluded),
              "aid_refused_365d": tuple(recent["aid_refused"]), "aid_granted_365d": tuple(recent["aid_granted"]),
              "intervention": tuple(joining),
              "guarantors_aligned_with_adversary": courted,
              "adversary_inside_guarantor": _unique(e for g in sorted(within) for e in grounds.get(g, [cur]) if e is not None)}
        refused = tuple(e for e, start, _ in self._signals
                        if e.get("type") == "aid_refused" and 0 <= day - start < MODEL["doubt_window_days"])
        # Without a failure fading, protection is constant over the stretch: computed once here.
        fixed = _protection(tuple(shares), day) if not any(f for *_, f in shares) else tuple(shares)
        return v, ev, fixed, refused

    def _nuclear(self, parties: tuple[str, ...], day: int) -> tuple[str, ...]:
        """The nuclear-weapon states among ``parties`` on ``day``."""
        return tuple(p for p in parties if self._nuclear_from.get(p, day + 1) <= day)

    def _threat_segment(self, day: int) -> tuple:
        """The threat part of ``day``'s stretch: what the daily threat and pressure levels move from
        (each weighing threat's severity·(1 + d/w) and severity/w, summed in the record's order), the
        threats of the last 90 days, and their evidence.

        Only threats younger than the longest reach (their ``weighs_days``, the 90-day window) can
        count, so the loop starts at the first of those (a bisection): a stretch costs the threats
        near it, not the whole record's, once per stretch and Monte Carlo sample."""
        info = self._t_info
        if info is None:
            reach = max([THREAT_WINDOW_DAYS] + [e.get("weighs_days") for e, _ in self.threats])
            info = self._t_info = (reach, [(e, d, e.get("weighs_days"), e.get("severity"),
                                            e.get("type") not in FORCE_THREAT_TYPES, e.get("type") == "attack")
                                           for e, d in self.threats])
        reach, rows = info
        n = bisect.bisect_right(self._t_days, day)
        base = slope = pbase = pslope = 0.0
        weighing, recent = [], []
        attacked: list = []
        for e, d, weighs, severity, pressure, attack in rows[bisect.bisect_right(self._t_days, day - reach):n]:
            if day - d < weighs:
                base += severity * (1 + d / weighs)
                slope += severity / weighs
                weighing.append(e)
                if pressure:  # pressure: threats and coercion short of force
                    pbase += severity * (1 + d / weighs)
                    pslope += severity / weighs
                if attack and day - d < THREAT_WINDOW_DAYS:
                    attacked.append(e)
            if day - d < THREAT_WINDOW_DAYS:
                recent.append(e)
        pressing = []
        for e, start, stop in self._pressing:  # campaigns of coercion: pressure short of force (run 13)
            for lo, hi, b, g in self._campaign_pieces(e, start, stop):
                if lo <= day and (hi is None or day < hi):
                    pbase += b
                    pslope += g
                    pressing.append(e)
        v = {
            "threats_90d": len(recent),
            "max_severity_90d": max((e.get("severity") for e in recent), default=0),
            # The use of force itself is acute; its memory is the conflict legacy's (conflict_legacy).
            "attacked": bool(attacked),
        }
        ev = {"threat_level": tuple(weighing),
              "pressure_level": tuple(e for e in weighing if e.get("type") not in FORCE_THREAT_TYPES) + tuple(pressing),
              "attacked": tuple(attacked),
              "threats_90d": tuple(recent), "max_severity_90d": tuple(recent)}
        if n:
            ev["days_since_threat"] = (self.threats[n - 1][0],)
        return (base, slope, pbase, pslope), n, v, ev

    # ----------------------------------------------------------------- format 2.1: legacies that age, peace (task legacy)

    def _legacy_index(self, ev) -> None:
        """Index once what the legacy facts read: each conflict's truces, uses of force with their
        actor, campaigns, peace, and the day each assurance or peace is first broken by its own party.

        A truce is (first day under ceasefire, day it was broken or None, mechanisms): a ceasefire
        takes effect during its day (the fighting still counts that day), a break during its day
        (fighting again from it). A 2.0 ``ceasefire:`` date is one truce never broken.
        """
        self._half_life_days = MODEL["legacy_half_life_years"] * 365.25
        self._truces: dict[int, tuple] = {}
        for e, _, cease, _ in self._conflicts:
            shared = _mechanisms(e.get("mechanisms"))
            entries = [(c["date"].toordinal() + 1, _ord(c.get("broken")), shared + _mechanisms(c.get("mechanisms")))
                       for c in e.get("ceasefires") or ()]
            if cease is not None:
                entries.append((cease, None, shared))
            self._truces[id(e)] = tuple(entries)
        self._campaigns = [(e, e.date.toordinal(), _ord(e.get("end"))) for e in ev if e.kind == "campaign"]
        # Uses of force as (first day, last day or None while it lasts, actor, event): what breaks an
        # assurance or a peace, and what days_since_force counts from. A campaign of clashes counts
        # only with fatalities (MID hostility level 4, the backtest's outcome; see docs/backtest-method.md).
        force: list[tuple] = [(start, start, e.get("actor"), e) for e, start, _, _ in self._conflicts
                 if e.get("type") in ("armed_conflict", "occupation")]
        force += [(e.date.toordinal(),) * 2 + (e.get("actor"), e) for e in ev if e.kind == "threat"
                  and e.get("type") == "attack" and e.get("attribution", "established") == "established"]
        force += [(b, b, e.get("actor"), e) for e, *_ in self._conflicts for _, b, _ in self._truces[id(e)]
                  if b is not None]
        force += [(start, end, e.get("actor"), e) for e, start, end in self._campaigns if _deadly(e)]
        self._force = sorted(force, key=lambda f: f[0])
        self._force_days = sorted(set(self._force_days) | {f[0] for f in force})
        self._peaces = [(e, (e.get("in_force") or e.date).toordinal(), _ord(e.get("ended"))) for e in ev
                        if e.kind == "peace" and (e.get("in_force") or not e.get("pending"))
                        and set(e.names("party")) & self.hostile]
        self._breaks: dict[int, int] = {}
        for e, _, _ in self._assurances + self._peaces:
            parties = set(e.names("party" if e.kind in ("agreement", "peace") else "provider"))
            after = e.date.toordinal() + 1
            days = [max(first, after) for first, last, actor, _ in self._force
                    if actor in parties and (last is None or last >= after)]
            if days:
                self._breaks[id(e)] = min(days)

    def _legacy_bounds(self) -> set[int]:
        """Days on which a legacy, campaign or peace fact changes (besides the conflicts' own)."""
        out = {d for truces in self._truces.values() for first, broken, _ in truces for d in (first, broken)
               if d is not None}
        out |= {d for e, *_ in self._conflicts for _, start, end in _mechanisms(e.get("mechanisms")) + tuple(
                m for c in e.get("ceasefires") or () for m in _mechanisms(c.get("mechanisms")))
                for d in (start, (end + 1) if end is not None else None) if d is not None}
        out |= {d for _, start, end in self._campaigns for d in (start, (end + 1) if end is not None else None)
                if d is not None}
        out |= {d for _, start, end in self._peaces for d in (start, end) if d is not None}
        out |= set(self._breaks.values())
        # A conflict's last day: the legacy of one that ended is dated from it (the calm in
        # _legacy_segment) on that very day, while the conflict's own bound is the day after; an
        # occupation, which is not fighting, shows the difference (vietnam-1978, 1975-05-27).
        out |= {end - 1 for _, _, _, end in self._conflicts if end is not None}
        return out

    def _truce(self, e, day: int):
        """The truce of conflict ``e`` in force on ``day``, or None."""
        for truce in self._truces.get(id(e), ()):
            if truce[0] <= day and (truce[1] is None or day < truce[1]):
                return truce
        return None

    def _legacy_segment(self, day: int) -> tuple:
        """Campaign and peace facts of the stretch containing ``day``, and what the daily legacy facts
        move from: (fighting, last use of force, latest ceasefire in force, anchor of the decay,
        multiplier, whether any conflict or attack is on record), each with its events."""
        v: dict = {}
        ev: dict = {}
        active = [e for e, start, end in self._campaigns if start <= day and (end is None or day <= end)]
        clashes = [e for e in active if e.get("type") == "clashes"]
        v["campaign_active"], v["clash_campaign"] = bool(active), bool(clashes)
        v["campaign_severity"] = max((e.get("severity") for e in active), default=0)
        ev["campaign_active"] = ev["campaign_severity"] = tuple(active)
        ev["clash_campaign"] = tuple(clashes)
        deadly = tuple(e for e in clashes if _deadly(e))
        peaces = [e for e, start, end in self._peaces if start <= day and (end is None or day < end)
                  and (not self._dated or set(e.names("party")) & self._hostile_on(day))]
        broken = [e for e in peaces if self._breaks.get(id(e), day + 1) <= day]
        holding = [e for e in peaces if e not in broken]
        best = max((PEACE_RANK[e.get("type")] for e in holding), default=0)
        v["peace_in_force"], v["peace_broken"] = bool(holding), bool(broken)
        v["peace_rank"] = best
        v["peace_kind"] = next((t for t, r in PEACE_RANK.items() if r == best), "none")
        ev["peace_in_force"] = ev["peace_rank"] = ev["peace_kind"] = tuple(holding)
        ev["peace_broken"] = tuple(broken)
        # Fighting now, the last day force was used, the latest ceasefire in force, calm since when.
        fighting = list(deadly)
        last_force: tuple = (None, None)  # (day, event)
        latest_cf: tuple = (None, None)
        calm: tuple = (None, None)
        mechanisms: set[str] = set()
        mech_ev = []
        ever = False

        def later(cur: tuple, d: int | None, e) -> tuple:
            return (d, e) if d is not None and (cur[0] is None or d >= cur[0]) else cur

        incident: tuple = (None, None)  # the last use of force short of war: an attack, a deadly campaign
        war_force: tuple = (None, None)  # the last use of force in a war: its fighting, an occupation's start
        for first, last, _, e in self._force:
            if first > day:
                break
            ever = True
            if e.kind != "conflict" or e.get("type") == "occupation":  # a war's fighting is read below
                d = day if last is None else min(last, day)
                last_force = later(last_force, d, e)
                if e.kind != "conflict":
                    incident = later(incident, d, e)
                else:
                    war_force = later(war_force, d, e)
        for e, start, _, end in self._conflicts:
            if start > day:
                continue
            ever = True
            kind, going_on = e.get("type"), end is None or day < end
            end_day = end - 1 if end is not None else None
            if end_day is not None and end_day <= day:
                calm = later(calm, end_day, e)
            truce = self._truce(e, day) if going_on else None
            if kind == "armed_conflict":
                # Its last day of fighting: today while it goes on, else the day its truce began.
                x = day if going_on or end_day is None else end_day
                held = self._truce(e, x)
                if going_on and held is None:
                    fighting.append(e)
                last_force = later(last_force, x if held is None else held[0] - 1, e)
                war_force = later(war_force, x if held is None else held[0] - 1, e)
                for first, _, _ in self._truces[id(e)]:
                    if first - 1 <= day:
                        calm = later(calm, first - 1, e)
                if truce is not None:
                    latest_cf = later(latest_cf, truce[0] - 1, e)
                    held_now = _in_force(truce[2], day)
                    mechanisms |= held_now
                    mech_ev += [e] if held_now else []
            elif kind == "frozen_conflict":
                calm = later(calm, start, e)  # a frozen conflict is dated from the day the fighting stopped
                if going_on:
                    latest_cf = later(latest_cf, start, e)
                    held_now = _in_force(_mechanisms(e.get("mechanisms")), day)
                    mechanisms |= held_now
                    mech_ev += [e] if held_now else []
        v["ceasefire_mechanisms"] = len(mechanisms)
        ev["ceasefire_mechanisms"] = tuple(mech_ev)
        # What the legacy decays from: the last fighting of a war (or an occupation's start), its
        # ceasefire or end; a use of force short of war weighs less (MODEL["incident_legacy"]).
        anchor = later(war_force, *calm) if calm[0] is not None else war_force
        mult = max(MODEL["mechanism_floor"], MODEL["mechanism_factor"] ** len(mechanisms))
        if holding:
            mult *= MODEL["settled_factor"]
        moving = (tuple(fighting), last_force, latest_cf, anchor, mult, ever, tuple(mech_ev) + tuple(holding), deadly,
                  incident)
        return v, ev, moving

    def _legacy_stretch(self, day: int, seg: int) -> tuple:
        """:meth:`_legacy_segment` of stretch ``seg`` (the one ``day`` lies in), computed once."""
        hit = self._legacy.get(seg)
        if hit is None:
            hit = self._legacy[seg] = self._part("legacy", day, Deriver._legacy_segment)
        return hit

    def _legacy_static(self, v: dict, ev: dict, day: int) -> None:
        """Add the campaign, peace and mechanism facts of ``day``'s stretch to its static facts."""
        sv, sev, moving = self._legacy_stretch(day, bisect.bisect_right(self._bounds, day))
        v.update(sv)
        ev.update(sev)
        deadly = moving[7]
        if deadly:  # a campaign of deadly clashes going on is a use of force, as a war is
            v["attacked"] = True
            ev["attacked"] = tuple(ev.get("attacked", ())) + deadly

    def _legacy_daily(self, v: dict, day: int, seg: int, evidence: bool = True) -> dict:
        """Set the legacy facts that move daily in ``v``; return their evidence (empty without
        ``evidence``): only a subtraction and a power per day, as for conflict_recency."""
        fighting, last_force, latest_cf, anchor, mult, ever, weighed, _, incident = self._legacy_stretch(day, seg)[2]
        if fighting:
            v["days_since_force"], v["conflict_legacy"] = 0, 1.0
        else:
            if last_force[0] is not None:
                v["days_since_force"] = day - last_force[0]
            legacy = 0.0
            if ever and anchor[0] is not None:
                legacy = mult * 0.5 ** ((day - anchor[0]) / self._half_life_days)
            if ever and incident[0] is not None:
                legacy = max(legacy, mult * MODEL["incident_legacy"] * 0.5 ** ((day - incident[0]) / self._half_life_days))
            v["conflict_legacy"] = round(legacy, 3)
        if latest_cf[0] is not None:
            v["days_since_ceasefire"] = day - latest_cf[0]
        if not evidence:
            return {}
        ev: dict = {}
        if fighting:
            ev["days_since_force"] = ev["conflict_legacy"] = fighting
        else:
            if last_force[0] is not None:
                ev["days_since_force"] = (last_force[1],)
            if ever and (anchor[0] is not None or incident[0] is not None):
                ev["conflict_legacy"] = tuple(x[1] for x in (anchor, incident) if x[0] is not None) + weighed
        if latest_cf[0] is not None:
            ev["days_since_ceasefire"] = (latest_cf[1],)
        return ev

    # ----------------------------------------------------------------- warning: fast facts against the own baseline

    def _warning(self, day: int, v: dict) -> tuple[int, int]:
        """Add ``<f>_baseline`` and ``<f>_anomaly`` for each warning fact to ``v``; return the
        days [lo, hi) whose warning signs the baselines rest on.

        The baseline is the mean of f over the ``warning_baseline_days`` that end
        ``warning_baseline_gap_days`` before ``day`` (the gap keeps an episode out of its own
        baseline, see facts.MODEL).  Days of that window before the record's first day are
        unknown: they count at f's value on the record's eve, as shown — what stood before the
        record is taken to have stood for the whole window, and nothing dated on or after its first
        day is carried back (runs 74 and 75: a window as long as the record so far would let a
        record's start set how fast the model gets used to a development; a convention, which
        overstates early anomalies where the years before a record were not quiet).  For a date
        before the record, its own values stand in.  Days after the record's last day are left
        out.  The sum over the record's days is the difference of two running sums
        (:class:`_Prefix`), so a date costs two bisections per prefix, never a loop over the past.
        This runs on every date of every timeline and Monte Carlo sample, so it is written for
        speed: a part with no warning sign in the whole period is skipped.
        """
        w = self._warn
        if w is None:
            w = self._warn = self._warning_setup()
        first, end, window, gap, threat, signs, t0, s0 = w
        if day < first:  # a date before the record: its own values stand for the days before it
            return _warning_before(day, v)
        hi = day - gap
        lo = hi - window
        before = first - lo if lo < first else 0  # window days before the record
        if before > window:
            before = window
        if lo < first:
            lo = first
        if hi > end:
            hi = end
        n = hi - lo
        if n < 0:
            n = 0
        tot = n + before
        t = v["pressure_level"]
        if tot > 0 and threat is not None:  # _Linear's sum over [lo, hi), inline: it runs on every date
            total = before * t0
            if n:
                e, sums, starts, slopes = threat
                i, j = _bisect_right(e, lo) - 1, _bisect_right(e, hi) - 1
                ml, mh = lo - e[i], hi - e[j]
                total += (sums[j] + mh * starts[j] + mh * (mh - 1) * 0.5 * slopes[j]
                          - sums[i] - ml * starts[i] - ml * (ml - 1) * 0.5 * slopes[i])
            b = round(total / tot, 3) + 0.0
            v["pressure_level_baseline"] = b
            v["pressure_level_anomaly"] = round(t - b, 2) + 0.0  # + 0.0: never a -0.0
        else:
            v["pressure_level_baseline"] = 0.0
            v["pressure_level_anomaly"] = float(t)
        if signs is not None:  # else no posture or ultimatum in the period or on its eve: _warning_flat's facts hold
            if tot > 0:
                sums = signs.sum_flat4(lo, hi) if n else (0.0, 0.0, 0.0, 0.0)
                for (f, fb, fa), m, x in zip(_SIGN_NAMES, sums, s0):
                    b = round((m + before * x) / tot, 3) + 0.0
                    v[fb] = b
                    v[fa] = round(v[f] - b, 2) + 0.0
            else:
                _warning_zero(v)
        if before:  # the baselines rest on the signs standing on the eve too
            return first - 1, hi if hi > first else first
        return lo, hi

    def _warning_flat(self, v: dict) -> None:
        """A stretch's facts: where no posture or ultimatum falls in the record's period or stands
        on its eve, their baselines are 0 and their anomalies today's values, constant within the
        stretch."""
        w = self._warn
        if w is None:
            w = self._warn = self._warning_setup()
        if w[5] is None:
            _warning_zero(v)

    def _warning_setup(self) -> tuple:
        """What :meth:`_warning` reads on every date, looked up once: the period as ordinals, the
        window, each part's running sums (None where the part is zero all along, on the record's eve
        too) and each part's values on the eve."""
        p = self.profile
        threat, signs = self._warning_prefix("warning_threat"), self._warning_prefix("warning_signs")
        # the values on the record's eve, which the days before it count at (run 75)
        t0, s0 = self._warning_eve("warning_threat"), self._warning_eve("warning_signs")
        return (p.covers_from.toordinal(), p.covers_to.toordinal() + 1, int(MODEL["warning_baseline_days"]),
                int(MODEL["warning_baseline_gap_days"]),
                None if threat.zero and not t0 else (threat.edges, threat.sums, threat.starts, threat.slopes),
                None if signs.zero and not any(s0) else signs, t0, s0)

    def _sharing(self, part: str) -> Deriver | None:
        """The base deriver whose warning part this Monte Carlo variant may share: its sample left the
        part's events unchanged, over the same period."""
        base = self._base
        if base is not None and part in self._reuse and (base.profile.covers_from, base.profile.covers_to) == (
                self.profile.covers_from, self.profile.covers_to):
            return base
        return None

    def _per_part(self, cache: dict, part: str, name: str, compute) -> Any:
        """``compute(part)``, once per deriver and part in ``cache``; a Monte Carlo variant whose sample left the
        part's events unchanged reads its base's (the base's method ``name``), never computing it again."""
        hit = cache.get(part)
        if hit is None:
            base = self._sharing(part)
            hit = cache[part] = getattr(base, name)(part) if base is not None else compute(part)
        return hit

    def _warning_eve(self, part: str) -> Any:
        """One part's warning facts on the record's eve (the day before its first), as shown: what
        stood before the record, from the events dated before it, each aged to that day — an event
        dated on the first day is new on it (run 75).  Shared with a variant's base (:meth:`_per_part`)."""
        return self._per_part(self._eves, part, "_warning_eve", self._eve_of)

    def _eve_of(self, part: str) -> Any:
        first = self.profile.covers_from.toordinal()
        if part == "warning_threat":  # pressure_level as derive shows it: two decimals
            return round(max(0.0, self._threat_prefix(first - 1, first).starts[0]), 2) + 0.0
        v, _ = self._signs(first - 1)
        return tuple(float(v[f]) for f, _, _ in _SIGN_NAMES)

    def _warning_prefix(self, part: str):
        """The running sums of one part, built once per deriver over the record's period; shared with a
        variant's base (:meth:`_per_part`)."""
        return self._per_part(self._prefixes, part, "_warning_prefix", self._prefix_of)

    def _prefix_of(self, part: str):
        first, end = self.profile.covers_from.toordinal(), self.profile.covers_to.toordinal() + 1
        return self._threat_prefix(first, end) if part == "warning_threat" else self._signs_prefix(first, end)

    def _campaign_pieces(self, e, start: int, stop: int | None) -> tuple:
        """A campaign of coercion's pressure as linear pieces ``(from, to or None, base, slope)``,
        each worth ``base − slope·day`` on its days: its severity from its first day to its last,
        then fading to nothing over ``campaign_fade_days`` (run 13)."""
        sev = e.get("severity")
        if stop is None:
            return ((start, None, float(sev), 0.0),)
        fade = self._campaign_fade
        return ((start, stop, float(sev), 0.0), (stop, stop + fade, sev * (1 + stop / fade), sev / fade))

    def _threat_prefix(self, first: int, end: int) -> _Linear:
        """threat_level as a piecewise-linear function of the day: a threat adds
        severity·(1 − age/weighs_days) from its day until it has faded (derive's
        ``base − slope·day``), so a stretch between two threat bounds is one trapezoid.
        One pass over the threats' starts and ends, in order (a Monte Carlo sample that moved
        a threat rebuilds it)."""
        changes = []
        for e, d in self.threats:
            if e.get("type") in FORCE_THREAT_TYPES:  # force is the outcome, not a warning of itself
                continue
            w, sev = e.get("weighs_days"), e.get("severity")
            b, g = sev * (1 + d / w), sev / w
            changes.append((d, b, g, 1))
            changes.append((d + w, -b, -g, -1))
        for e, start, stop in self._pressing:  # a campaign holds its severity, then fades (run 13)
            for lo, hi, b, g in self._campaign_pieces(e, start, stop):
                changes.append((lo, b, g, 1))
                if hi is not None:
                    changes.append((hi, -b, -g, -1))
        changes.sort()
        edges, starts, slopes, sums = [first], [], [], [0.0]
        base = slope = 0.0
        active = k = 0
        cur, last = first, len(changes)
        while True:
            while k < last and changes[k][0] <= cur:
                _, db, dg, dn = changes[k]
                base, slope, active = base + db, slope + dg, active + dn
                if not active:
                    base = slope = 0.0  # no drift once every threat has faded
                k += 1
            nxt = changes[k][0] if k < last and changes[k][0] < end else end
            v0, m = max(0.0, base - slope * cur), nxt - cur
            starts.append(v0)
            slopes.append(-slope)
            sums.append(sums[-1] + m * v0 - slope * m * (m - 1) / 2)
            edges.append(nxt)
            if nxt >= end:
                break
            cur = nxt
        return _Linear(edges, sums, starts + [0.0], slopes + [0.0])

    def _signs_prefix(self, first: int, end: int) -> _Prefix:
        """The posture facts and the ultimatum (as 0/1): constant between the days a posture
        or an ultimatum starts or stops counting."""
        days = {int(d) for _, start, last in self._postures + self._ultimatums for d in (start, last + 1)}
        edges = sorted({first, end} | {d for d in days if first < d < end})
        starts = []
        for a in edges[:-1]:
            v, _ = self._signs(a)
            starts.append(tuple(float(v[f]) for f, _, _ in _SIGN_NAMES))
        return _Prefix(edges, starts, None)

    def _warning_evidence(self, window: tuple[int, int], ev: dict) -> None:
        """What each baseline rests on: the warning signs that counted on some day of its window;
        an anomaly rests on those and on what today's value rests on."""
        lo, hi = window
        if hi <= lo:  # no day in the window (a date long after the record): nothing to rest on
            lo = hi = -(1 << 62)
        threats = tuple(e for e, d in self.threats if d < hi and d + e.get("weighs_days") > lo
                        and e.get("type") not in FORCE_THREAT_TYPES)
        threats += tuple(e for e, start, stop in self._pressing
                         if start < hi and (stop is None or stop + self._campaign_fade > lo))
        postures = [e for e, start, last in self._postures if start < hi and last >= lo]
        inside = {
            "pressure_level": threats,
            "forces_massed_k": tuple(e for e in postures if e.get("size")),
            "buildups_active": tuple(e for e in postures if e.get("type") == "buildup"),
            "exercises_active": tuple(e for e in postures if e.get("type") == "exercise"),
            "ultimatum": tuple(e for e, start, last in self._ultimatums if start < hi and last >= lo),
        }
        for f in WARNING_FACTS:
            ev[f + "_baseline"] = inside[f]
            ev[f + "_anomaly"] = tuple(dict.fromkeys(tuple(ev.get(f, ())) + inside[f]))


def _protection(shares: tuple, day: int) -> float:
    """1 − Π(1 − share × credibility) over guarantors: the chance that at least one comes, each
    guarantor's credibility less its own doubts and refusals of the last year and its fading failures."""
    stays = 1.0
    for _, share, doubts, failures in shares:
        stays *= 1.0 - share * _credibility(doubts, failures, day)[0]
    return round(1.0 - stays, 3)


def _credibility(doubts: int, failures, day: int) -> tuple[float, list]:
    """A guarantee's credibility on ``day``, 0..1: less a penalty per public doubt (capped) and a
    failure's penalty fading over its memory (Leeds, Long & Mitchell 2000; Fearon 1997); and the
    failures that still weigh.  One rule for the guarantors together and for each one apart."""
    cred = 1.0 - min(MODEL["doubt_cap"], MODEL["doubt_penalty"] * doubts)
    counted = []
    for e, start in failures:
        left = 1 - (day - start) / (MODEL["failure_memory_years"] * 365.25)
        if left > 0:
            cred -= MODEL["failure_penalty"] * left
            counted.append(e)
    return max(0.0, cred), counted


# Members of an organisation as (name, first day, first day no longer) ordinals, per registry:
# read once, not by every deriver (a Monte Carlo sweep builds one per sample).
_MEMBERS: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def _aligned_text(guarantor: str, pairs: set) -> str:
    """How a guarantor is aligned with hostile states, for the explanation: ``Russia (in CSTO) with
    Azerbaijan`` when a member state folded into an alliance is the one aligned, ``Poland with
    Soviet Union`` when the guarantor itself is."""
    states = sorted({n for n, _ in pairs})
    hostile = ", ".join(sorted({h for _, h in pairs}))
    if states == [guarantor]:
        return f"{guarantor} with {hostile}"
    return f"{', '.join(states)} (in {guarantor}) with {hostile}"


def _on_day(members: Iterable[tuple], names: set[str], day: int) -> bool:
    """One of ``names`` is among ``members`` ((name, start, until) ordinals, until exclusive) on ``day``."""
    return any(n in names and s <= day and (u is None or day < u) for n, s, u, *_ in members)


def _members_of(reg, org: str) -> tuple[tuple[str, int, int | None], ...]:
    table = _MEMBERS.setdefault(reg, {})
    hit = table.get(org)
    if hit is None:
        hit = table[org] = tuple((e.name, m.start.toordinal(), _ord(m.until)) for e in reg.entries.values()
                                 for m in e.memberships if m.organisation == org)
    return hit


_POINTS: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def _point(reg, name: str) -> tuple[float, float] | None:
    """geo.point, remembered per registry."""
    table = _POINTS.setdefault(reg, {})
    try:
        return table[name]
    except KeyError:
        hit = table[name] = geo.point(reg, name)
        return hit


def _unique(events: Iterable) -> tuple:
    """``events`` without repeats, in order (by identity: hashing an event hashes its source)."""
    seen: set[int] = set()
    return tuple(e for e in events if not (id(e) in seen or seen.add(id(e))))  # type: ignore[func-returns-value]


class _Prefix:
    """Exact running sums of daily values that are linear between edges (warning baselines).

    ``edges`` are the first days of stretches (the last one ends the period); on stretch i the
    values are ``starts[i] + slopes[i]·k`` on its k-th day.  ``sums[i]`` is the total over the
    days before ``edges[i]``: a sum over any span inside the period is two bisections and a
    trapezoid.  (A closing stretch of no days keeps every index of ``edges`` valid.)
    """

    __slots__ = ("edges", "starts", "slopes", "sums", "zero")

    def __init__(self, edges: list[int], starts: list[tuple], slopes: list[tuple] | None):
        width = len(starts[0]) if starts else 0
        flat = (0.0,) * width
        self.edges, self.starts = edges, starts + [flat]
        self.slopes = None if slopes is None else slopes + [flat]
        sums = [flat]
        for i, s in enumerate(starts):
            m = edges[i + 1] - edges[i]
            tri = m * (m - 1) / 2
            g = slopes[i] if slopes is not None else flat
            sums.append(tuple(t + m * x + tri * y for t, x, y in zip(sums[-1], s, g)))
        self.sums = sums
        self.zero = not any(x for s in starts for x in s)

    def sum_flat4(self, lo: int, hi: int) -> tuple[float, float, float, float]:
        """The sums of the four values, constant on each stretch, over the days [lo, hi)."""
        e = self.edges
        i = bisect.bisect_right(e, lo) - 1
        j = bisect.bisect_right(e, hi) - 1
        ml, mh = lo - e[i], hi - e[j]
        a, x, b, y = self.sums[i], self.starts[i], self.sums[j], self.starts[j]
        return (b[0] + mh * y[0] - a[0] - ml * x[0], b[1] + mh * y[1] - a[1] - ml * x[1],
                b[2] + mh * y[2] - a[2] - ml * x[2], b[3] + mh * y[3] - a[3] - ml * x[3])


class _Linear:
    """One value, linear between edges (the threat level), as :class:`_Prefix` but of plain floats:
    ``sums[i]`` is the total over the days before ``edges[i]``; ``starts``/``slopes`` carry a
    closing entry of 0 so that every index of ``edges`` is valid (read inline in Deriver._warning)."""

    __slots__ = ("edges", "sums", "starts", "slopes", "zero")

    def __init__(self, edges: list[int], sums: list[float], starts: list[float], slopes: list[float]):
        self.edges, self.sums, self.starts, self.slopes = edges, sums, starts, slopes
        self.zero = not any(starts)


_bisect_right = bisect.bisect_right

# The warning facts read from the posture part, in _Prefix order, with their two derived names.
_SIGN_NAMES = tuple((f, f + "_baseline", f + "_anomaly") for f in WARNING_FACTS[1:])


def _warning_before(day: int, v: dict) -> tuple[int, int]:
    """A date before the record: every warning fact against its own value as shown (the days
    before the record count at the latest value known before it), so each anomaly is 0; the
    baselines rest on the date's own signs."""
    for f in WARNING_FACTS:
        x = float(v[f])
        v[f + "_baseline"] = x + 0.0
        v[f + "_anomaly"] = 0.0
    return day, day + 1


def _warning_zero(v: dict) -> None:
    """The posture part's warning facts against a baseline of 0."""
    for f, fb, fa in _SIGN_NAMES:
        v[fb] = 0.0
        v[fa] = float(v[f])


def _ord(d: _dt.date | None) -> int | None:
    return d.toordinal() if d is not None else None


# Kinds whose ``end`` is the last day they count (the Deriver's lists above read it so); the others' ``end``
# (an interim arrangement's, an adversary pact's) and an agreement's ``ended`` are the first day they no longer do.
_LAST_DAY_ENDS = frozenset({"posture", "ultimatum", "conflict", "dispute", "signal", "mobilisation"})
# Kinds that lapse, when no source gives their end, after this many days of MODEL (see Deriver._postures).
_LAPSES = {"posture": "posture_days", "ultimatum": "ultimatum_days"}


def stops_counting(e) -> tuple[_dt.date | None, ...]:
    """The days on which ``e`` stops counting for some fact, as this module reads it: an agreement's
    ``ended``; an ``end`` — the day after it for the kinds that count on their last day, the day
    itself for the others; a posture's or an ultimatum's lapse when no end is recorded; a threat's
    last day of weight and of the 90-day window (each the day after); a campaign of deadly clashes
    the day after its end, another once its pressure has faded.
    None where a day would pass the end of the calendar.  For explanations (key moments' "no longer
    counted"), which must agree with the facts of the same day (a review's finding: a build-up whose
    last day was the key moment's was listed as no longer counted beside the rule it fired)."""
    last = _dt.date.max.toordinal()

    def day(n: int | None) -> _dt.date | None:
        return _dt.date.fromordinal(n) if n is not None and n <= last else None

    start = e.date.toordinal()
    if e.kind == "threat":
        return tuple(day(start + n) if n else None for n in (e.get("weighs_days"), THREAT_WINDOW_DAYS))
    end = e.get("end")
    if e.kind == "campaign":
        if end is None or end < e.date:
            return ()
        if _deadly(e):  # clashes with fatalities are force in use while they last (attacked), no pressure that fades
            return (day(end.toordinal() + 1),)
        return (day(end.toordinal() + 1 + int(MODEL["campaign_fade_days"])),)
    if end is None and e.kind in _LAPSES:
        return (day(start + int(MODEL[_LAPSES[e.kind]])),)
    stop = None if end is None else day(end.toordinal() + (e.kind in _LAST_DAY_ENDS))
    return e.get("ended"), stop


def _mechanisms(items) -> tuple:
    """A ``mechanisms:`` list (see events.mechanisms) as (type, first day, last day or None)."""
    return tuple((m["type"], _ord(m["from"]), _ord(m["end"])) for m in items or ())


def _in_force(mechanisms: tuple, day: int) -> set[str]:
    """The kinds of mechanism in force on ``day``."""
    return {kind for kind, start, end in mechanisms if (start is None or start <= day) and (end is None or day <= end)}


def _deadly(e) -> bool:
    """A campaign of clashes in which people were killed: a use of force (MID hostility level 4)."""
    return e.get("type") == "clashes" and bool(e.get("fatalities"))


def _next(d: _dt.date | None) -> int | None:
    """The day after ``d`` (as an ordinal), or None."""
    return d.toordinal() + 1 if d is not None else None


def _bounds(items, extra: Iterable[int] = frozenset()) -> list[int]:
    """Sorted days on which an item starts or stops counting (and the ``extra`` days
    on which something it depends on changes, e.g. a party's nuclear status)."""
    days = {start for _, start, _ in items} | {end for _, _, end in items if end is not None} | set(extra)
    return sorted(days)
