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
from collections.abc import Iterable
from dataclasses import dataclass, field

from assessor import registry as registry_mod
from assessor.facts import AGREEMENT_RANK, ARRANGEMENT_RANK, MODEL, STATUS_RANK, THREAT_WINDOW_DAYS, WARNING_FACTS
from assessor.model import Profile


@dataclass
class Facts:
    """The facts of one profile on one date, and what each rests on."""

    date: _dt.date
    values: dict
    evidence: dict = field(default_factory=dict)  # fact name -> tuple of Event/Attribute


# The facts derive moves from day to day within a stretch (see Deriver.derive);
# every other fact is constant between two bounds.
MOVING = frozenset({"days_in_status", "days_since_application", "days_since_accession", "threat_level",
                    "days_since_threat", "conflict_recency", "guarantee_credibility", "in_coverage"}
                   # warning: the own-baseline facts move daily (rules read them with `per:` and one threshold)
                   | {f"{f}_{x}" for f in WARNING_FACTS for x in ("baseline", "anomaly")})

# Which kinds of event each part of the static facts reads ("threat:when": a
# threat's date or type; "threat": any of its fields).  A Monte Carlo sample
# that changed only some kinds reuses the other parts from the base profile.
PARTS = {
    "membership": {"membership", "ratification"},
    "agreements": {"agreement"},
    "interim": {"interim"},
    "conflict": {"conflict", "threat:when"},
    "posture": {"posture", "ultimatum", "agreement", "interim", "conflict", "threat:when", "dispute"},
    "credibility": {"signal", "interim", "agreement"},
    # warning: the running sums behind the own-baseline facts (Deriver._warning_prefix)
    "warning_signs": {"posture", "ultimatum"},
    "warning_threat": {"threat"},
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
        always = {profile.adversary} | {a.name for a in profile.adversaries if not (a.since or a.until)}  # format 2.1
        self._guarantors = {p for items in (self.agreements, self.interim) for e, _, _ in items
                            for p in e.names("party" if e.kind == "agreement" else "provider")} - always
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
        # Most facts only change on the days listed here (an event, an entry
        # into force or end, a threat fading, a window closing); between two
        # such days they are computed once and reused (see derive).
        bounds: set[float] = set(self._m_days) | set(self._r_days)  # days; MODEL's constants are typed float
        bounds |= set(_bounds(self.agreements, nuclear_days)) | set(_bounds(self.interim, nuclear_days))
        bounds |= {d + k for e, d in self.threats for k in (0, e.get("weighs_days"), THREAT_WINDOW_DAYS)}
        bounds |= {d for _, start, cease, end in self._conflicts for d in (start, cease, end) if d is not None}
        bounds |= {start + THREAT_WINDOW_DAYS for _, start, _, _ in self._conflicts}
        bounds |= {d for _, start, last in self._postures + self._ultimatums for d in (start, last + 1)}
        bounds |= {d for _, start, end in self._assurances for d in (start, end) if d is not None} | set(self._force_days)
        bounds |= {d for _, start, end in self._disputes for d in (start, end) if d is not None}
        bounds |= {d for _, start, end in self._signals
                   for d in (start, (end + 1) if end is not None else None, start + MODEL["doubt_window_days"])
                   if d is not None}
        bounds |= self._v21_index()  # format 2.1 (warning)
        self._bounds = sorted(bounds)
        self._static: dict[int, tuple] = {}
        self._base: Deriver | None = None  # see variant
        self._reuse: frozenset[str] = frozenset()
        self._parts: dict[tuple[str, int], tuple] = {}  # (part, stretch of this deriver) -> result, for variants
        self._prefixes: dict[str, _Prefix | _Linear] = {}  # warning: built on first use (see _warning_prefix)
        self._warn: tuple | None = None  # warning: see _warning_setup

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
            if old is None or new is None or old.date != new.date or old.get("type") != new.get("type"):
                changed.add(key[1] + ":when")  # more than a severity or a size changed
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
        day = date.toordinal()
        seg = bisect.bisect_right(self._bounds, day)
        hit = self._static.get(seg)
        if hit is None:
            hit = self._static[seg] = self._static_facts(day)
        sv, sev, counters, (base, slope, last_threat), (ongoing, past), failures = hit
        v = dict(sv)
        for name, start in counters:
            v[name] = day - start
        v["threat_level"] = round(max(0.0, base - slope * day), 2)
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
        cred = 1.0 - min(MODEL["doubt_cap"], MODEL["doubt_penalty"] * sv["guarantor_doubts_365d"])
        counted = []
        for e, start in failures:
            left = 1 - (day - start) / (MODEL["failure_memory_years"] * 365.25)
            if left > 0:
                cred -= MODEL["failure_penalty"] * left
                counted.append(e)
        v["guarantee_credibility"] = round(max(0.0, cred), 3)
        p = self.profile
        v["in_coverage"] = p.covers_from <= date <= p.covers_to
        window = self._warning(day, v)
        if not evidence:
            return Facts(date, v, {})
        ev = dict(sev)
        self._warning_evidence(window, ev)
        ev["conflict_recency"] = tuple(ongoing) + tuple(faded_in)
        ev["guarantee_credibility"] = tuple(counted) + sev["guarantor_doubts_365d"]
        return Facts(date, v, ev)

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
        base, slope, n, tv, tev = self._threat_segment(day)
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
        nv, nev = self._part("v21", day, Deriver._v21_segment)  # format 2.1 (warning)
        v.update(nv)
        ev.update(nev)
        self._warning_flat(v)
        last_threat = self._t_days[n - 1] if n else None
        return v, ev, counters, (base, slope, last_threat), (ongoing, past), failures

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
        active = [e for e, start, end in self.agreements if start <= day and (end is None or day < end)
                  and set(e.names("party")) - hostile]
        best = max((AGREEMENT_RANK[e.get("type")] for e in active), default=0)
        with_nuclear = [(e, self._nuclear(tuple(p for p in e.names("party") if p not in hostile), day)) for e in active]
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
        hostile = self._hostile_on(day)
        active = [e for e, start, end in self.interim if start <= day and (end is None or day < end)
                  and set(e.names("provider")) - hostile]
        with_nuclear = [(e, self._nuclear(tuple(p for p in e.names("provider") if p not in hostile), day))
                        for e in active]
        nuclear = [e for e, providers in with_nuclear if providers]
        v["interim_active"] = len(active)
        v["interim_rank"] = max((ARRANGEMENT_RANK[e.get("arrangement")] for e in active), default=0)
        v["interim_nuclear"] = len({p for _, providers in with_nuclear for p in providers})
        v["interim_providers"] = "; ".join(sorted({e.get("provider") for e in active})) or "none"
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
        for e, start, cease, end in self._conflicts:
            if start > day:
                continue
            if end is None or day < end:
                kind = e.get("type")
                if kind == "occupation":
                    occupied.append(e)
                elif kind == "frozen_conflict":
                    frozen.append(e)
                elif cease is not None and cease <= day:
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
        broken = [e for e in given if any(e.date.toordinal() < f <= day for f in self._force_days)]
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

    def _nuclear(self, parties: tuple[str, ...], day: int) -> tuple[str, ...]:
        """The nuclear-weapon states among ``parties`` on ``day``."""
        return tuple(p for p in parties if self._nuclear_from.get(p, day + 1) <= day)

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
            # The use of force itself is acute; its memory is repeat-conflict's (conflict_recency).
            "attacked": any(e.get("type") == "attack" and e in weighing for e in recent),
        }
        ev = {"threat_level": tuple(weighing),
              "attacked": tuple(e for e in recent if e.get("type") == "attack" and e in weighing),
              "threats_90d": tuple(recent), "max_severity_90d": tuple(recent)}
        if n:
            ev["days_since_threat"] = (self.threats[n - 1][0],)
        return base, slope, n, v, ev


    # ----------------------------------------------------------------- warning: fast facts against the own baseline

    def _warning(self, day: int, v: dict) -> tuple[int, int]:
        """Add ``<f>_baseline`` and ``<f>_anomaly`` for each warning fact to ``v``; return the
        window read, as days [lo, hi).

        The baseline is the mean of f over the ``warning_baseline_days`` before ``day`` that lie
        inside the record's period (days before a record are unknown, not quiet): the difference
        of two running sums (:class:`_Prefix`), so a date costs two bisections per prefix, never a
        loop over the past.  This runs on every date of every timeline and Monte Carlo sample, so
        it is written for speed: a part with no warning sign in the whole period is skipped.
        """
        w = self._warn
        if w is None:
            w = self._warn = self._warning_setup()
        first, end, window, threat, signs = w
        lo = day - window
        if lo < first:
            lo = first
        hi = day if day < end else end
        n = hi - lo
        t = v["threat_level"]
        if n > 0 and threat is not None:  # _Linear's mean over [lo, hi), inline: it runs on every date
            e, sums, starts, slopes = threat
            i, j = _bisect_right(e, lo) - 1, _bisect_right(e, hi) - 1
            ml, mh = lo - e[i], hi - e[j]
            b = round((sums[j] + mh * starts[j] + mh * (mh - 1) * 0.5 * slopes[j]
                       - sums[i] - ml * starts[i] - ml * (ml - 1) * 0.5 * slopes[i]) / n, 3) + 0.0
            v["threat_level_baseline"] = b
            v["threat_level_anomaly"] = round(t - b, 2) + 0.0  # + 0.0: never a -0.0
        else:
            v["threat_level_baseline"] = 0.0
            v["threat_level_anomaly"] = float(t)
        if signs is None:
            return lo, hi  # no posture or ultimatum in the period: the stretch's facts hold them (_warning_flat)
        if n > 0:
            for (f, fb, fa), m in zip(_SIGN_NAMES, signs.mean_flat4(lo, hi, n)):
                b = round(m, 3) + 0.0
                v[fb] = b
                v[fa] = round(v[f] - b, 2) + 0.0
        else:
            _warning_zero(v)
        return lo, hi

    def _warning_flat(self, v: dict) -> None:
        """A stretch's facts: where no posture or ultimatum falls in the record's period, their
        baselines are 0 and their anomalies today's values, constant within the stretch."""
        w = self._warn
        if w is None:
            w = self._warn = self._warning_setup()
        if w[4] is None:
            _warning_zero(v)

    def _warning_setup(self) -> tuple:
        """What :meth:`_warning` reads on every date, looked up once: the period as ordinals, the
        window, and each part's running sums (None where the part is zero all along)."""
        p = self.profile
        threat, signs = self._warning_prefix("warning_threat"), self._warning_prefix("warning_signs")
        return (p.covers_from.toordinal(), p.covers_to.toordinal() + 1, int(MODEL["warning_baseline_days"]),
                None if threat.zero else (threat.edges, threat.sums, threat.starts, threat.slopes),
                None if signs.zero else signs)

    def _warning_prefix(self, part: str):
        """The running sums of one part, built once per deriver over the record's period; a
        Monte Carlo variant whose sample left the part's events unchanged shares its base's."""
        hit = self._prefixes.get(part)
        if hit is None:
            base = self._base
            if base is not None and part in self._reuse and (base.profile.covers_from, base.profile.covers_to) == (
                    self.profile.covers_from, self.profile.covers_to):
                hit = base._warning_prefix(part)
            else:
                first, end = self.profile.covers_from.toordinal(), self.profile.covers_to.toordinal() + 1
                hit = self._threat_prefix(first, end) if part == "warning_threat" else self._signs_prefix(first, end)
            self._prefixes[part] = hit
        return hit

    def _threat_prefix(self, first: int, end: int) -> _Linear:
        """threat_level as a piecewise-linear function of the day: a threat adds
        severity·(1 − age/weighs_days) from its day until it has faded (derive's
        ``base − slope·day``), so a stretch between two threat bounds is one trapezoid.
        One pass over the threats' starts and ends, in order (a Monte Carlo sample that moved
        a threat rebuilds it)."""
        changes = []
        for e, d in self.threats:
            w, sev = e.get("weighs_days"), e.get("severity")
            b, g = sev * (1 + d / w), sev / w
            changes.append((d, b, g, 1))
            changes.append((d + w, -b, -g, -1))
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
        threats = tuple(e for e, d in self.threats if d < hi and d + e.get("weighs_days") > lo)
        postures = [e for e, start, last in self._postures if start < hi and last >= lo]
        inside = {
            "threat_level": threats,
            "forces_massed_k": tuple(e for e in postures if e.get("size")),
            "buildups_active": tuple(e for e in postures if e.get("type") == "buildup"),
            "exercises_active": tuple(e for e in postures if e.get("type") == "exercise"),
            "ultimatum": tuple(e for e, start, last in self._ultimatums if start < hi and last >= lo),
        }
        for f in WARNING_FACTS:
            ev[f + "_baseline"] = inside[f]
            ev[f + "_anomaly"] = tuple(dict.fromkeys(tuple(ev.get(f, ())) + inside[f]))


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

    def mean_flat4(self, lo: int, hi: int, n: int) -> tuple[float, float, float, float]:
        """The means of the four values, constant on each stretch, over the days [lo, hi)."""
        e = self.edges
        i = bisect.bisect_right(e, lo) - 1
        j = bisect.bisect_right(e, hi) - 1
        ml, mh = lo - e[i], hi - e[j]
        a, x, b, y = self.sums[i], self.starts[i], self.sums[j], self.starts[j]
        return ((b[0] + mh * y[0] - a[0] - ml * x[0]) / n, (b[1] + mh * y[1] - a[1] - ml * x[1]) / n,
                (b[2] + mh * y[2] - a[2] - ml * x[2]) / n, (b[3] + mh * y[3] - a[3] - ml * x[3]) / n)


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


def _warning_zero(v: dict) -> None:
    """The posture part's warning facts against a baseline of 0."""
    for f, fb, fa in _SIGN_NAMES:
        v[fb] = 0.0
        v[fa] = float(v[f])


def _ord(d: _dt.date | None) -> int | None:
    return d.toordinal() if d is not None else None


def _next(d: _dt.date | None) -> int | None:
    """The day after ``d`` (as an ordinal), or None."""
    return d.toordinal() + 1 if d is not None else None


def _bounds(items, extra: Iterable[int] = frozenset()) -> list[int]:
    """Sorted days on which an item starts or stops counting (and the ``extra`` days
    on which something it depends on changes, e.g. a party's nuclear status)."""
    days = {start for _, start, _ in items} | {end for _, _, end in items if end is not None} | set(extra)
    return sorted(days)
