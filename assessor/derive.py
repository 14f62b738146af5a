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
from dataclasses import dataclass, field

from assessor import registry as registry_mod
from assessor.facts import AGREEMENT_RANK, ARRANGEMENT_RANK, STATUS_ORDER, THREAT_WINDOW_DAYS
from assessor.model import Profile

@dataclass
class Facts:
    """The facts of one profile on one date, and what each rests on."""

    date: _dt.date
    values: dict
    evidence: dict = field(default_factory=dict)  # fact name -> tuple of Event/Attribute


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
        # An incident whose author is unproven is recorded, not held against the actor.
        self.threats = [(e, e.date.toordinal()) for e in ev
                        if e.kind == "threat" and e.get("attribution", "established") == "established"]
        self._t_days = [d for _, d in self.threats]
        # Most facts only change on the days listed here (an event, an entry
        # into force or end, a threat fading); between two such days they are
        # computed once and reused (see _stretch).
        self._segments = {
            "membership": (sorted(set(self._m_days) | set(self._r_days)), {}),
            "agreements": (_bounds(self.agreements, nuclear_days), {}),
            "interim": (_bounds(self.interim, nuclear_days), {}),
            "threats": (sorted({d + k for e, d in self.threats for k in (0, e.get("weighs_days"), THREAT_WINDOW_DAYS)}), {}),
        }

    def derive(self, date: _dt.date, evidence: bool = True) -> Facts:
        day = date.toordinal()
        v: dict = {"kind": "assessment"}
        ev: dict = {}
        self._membership(day, v, ev)
        for name, compute in (("agreements", self._agreements), ("interim", self._interim)):
            sv, sev = self._stretch(name, compute, day)
            v.update(sv)
            ev.update(sev)
        self._threats(day, v, ev)
        border = self.profile.attributes.get("land_border_km")
        if border is not None:
            v["land_border_km"] = border.value
            ev["land_border_km"] = (border,)
        p = self.profile
        v["in_coverage"] = p.covers_from <= date <= p.covers_to
        return Facts(date, v, ev if evidence else {})

    def _stretch(self, name: str, compute, day: int):
        """``compute(day)``, computed once per stretch of days between two
        boundaries of ``name`` (see ``_segments``) and reused for the rest."""
        bounds, cache = self._segments[name]
        seg = bisect.bisect_right(bounds, day)
        hit = cache.get(seg)
        if hit is None:
            hit = cache[seg] = compute(day)
        return hit

    def _membership(self, day: int, v: dict, ev: dict) -> None:
        # Between two membership or ratification events only the day counts change.
        sv, sev, counters = self._stretch("membership", self._membership_segment, day)
        v.update(sv)
        ev.update(sev)
        for name, start in counters:
            v[name] = day - start

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
        v["status"], v["status_rank"] = status, STATUS_ORDER.index(status)
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
        active = [e for e, start, end in self.agreements if start <= day and (end is None or day < end)]
        best = max((AGREEMENT_RANK[e.get("type")] for e in active), default=0)
        with_nuclear = [(e, self._nuclear(e.names("party"), day)) for e in active]
        nuclear = [e for e, parties in with_nuclear if parties]
        v["agreements_in_force"] = len(active)
        v["agreement_rank"] = best
        v["agreement_type"] = next((t for t, r in AGREEMENT_RANK.items() if r == best), "none")
        v["agreement_parties"] = "; ".join(sorted({e.get("party") for e in active})) or "none"
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
        active = [e for e, start, end in self.interim if start <= day and (end is None or day < end)]
        with_nuclear = [(e, self._nuclear(e.names("provider"), day)) for e in active]
        nuclear = [e for e, providers in with_nuclear if providers]
        v["interim_active"] = len(active)
        v["interim_rank"] = max((ARRANGEMENT_RANK[e.get("arrangement")] for e in active), default=0)
        v["interim_nuclear"] = len({p for _, providers in with_nuclear for p in providers})
        v["interim_providers"] = "; ".join(sorted({e.get("provider") for e in active})) or "none"
        for name in ("interim_active", "interim_rank", "interim_providers"):
            ev[name] = tuple(active)
        ev["interim_nuclear"] = tuple(nuclear)
        return v, ev

    def _nuclear(self, parties: tuple[str, ...], day: int) -> tuple[str, ...]:
        """The nuclear-weapon states among ``parties`` on ``day``."""
        return tuple(p for p in parties if self._nuclear_from.get(p, day + 1) <= day)

    def _threats(self, day: int, v: dict, ev: dict) -> None:
        # Which threats weigh (and which are recent) only changes on a threat's
        # day, when it has faded, or when it leaves the 90-day window; between
        # those days the decayed level is linear in the day: base - slope * day.
        base, slope, n, sv, sev = self._stretch("threats", self._threat_segment, day)
        v.update(sv)
        ev.update(sev)
        v["threat_level"] = round(max(0.0, base - slope * day), 2)
        if n:
            v["days_since_threat"] = day - self._t_days[n - 1]

    def _threat_segment(self, day: int) -> tuple:
        n = bisect.bisect_right(self._t_days, day)
        base = slope = 0.0
        weighing, recent = [], []
        for e, d in self.threats[:n]:
            weighs, severity = e.get("weighs_days"), e.get("severity")
            if day - d < weighs:
                base += severity * (1 + d / weighs)
                slope += severity / weighs
                weighing.append(e)
            if day - d < THREAT_WINDOW_DAYS:
                recent.append(e)
        v = {
            "threats_90d": len(recent),
            "max_severity_90d": max((e.get("severity") for e in recent), default=0),
            "attacked": any(e.get("type") == "attack" for e in weighing),
        }
        ev = {"threat_level": tuple(weighing), "attacked": tuple(weighing),
              "threats_90d": tuple(recent), "max_severity_90d": tuple(recent)}
        if n:
            ev["days_since_threat"] = (self.threats[n - 1][0],)
        return base, slope, n, v, ev


def _bounds(items, extra: set[int] = frozenset()) -> list[int]:
    """Sorted days on which an item starts or stops counting (and the ``extra`` days
    on which something it depends on changes, e.g. a party's nuclear status)."""
    days = {start for _, start, _ in items} | {end for _, _, end in items if end is not None} | set(extra)
    return sorted(days)
