"""A Hypothesis strategy of random *valid-looking* profiles in format 2 / 2.1.

Used by tests/test_fuzz_valid.py (a modest budget) and by deeper searches run by
hand.  Every event kind and type, every optional field, several hostile states with
roles and from/until days, dated borders, historical states of the registry and
far-away or island states, organisations, and the date edge cases (a record of one
day, events on its first and last day, before it, several on one day).  Names are
picked among the registry's entries that exist on the day they are used, so most
draws validate; whoever uses a draw must still check it with the validator and keep
only those it accepts (``accepted``).  The events are invented test data, never a
record.
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache

from hypothesis import strategies as st

from assessor import registry as registry_mod
from assessor import spec

ONE = dt.timedelta(days=1)
TODAY = dt.date(2026, 1, 1)  # sources are dated no later (a source from the future is an error)
SOURCE_KINDS = ("official", "original", "analysis", "encyclopaedia")

# States no rule was tuned to: historical ones, islands, far-away or landlocked ones.
HISTORICAL = ("Soviet Union", "German Reich", "Ottoman Empire", "Kingdom of Italy", "Empire of Japan",
              "Czechoslovakia", "Yugoslavia", "German Democratic Republic", "Federal Republic of Yugoslavia",
              "Burma", "Zaire", "Upper Volta", "Southern Rhodesia", "Sikkim")
ODD = ("Fiji", "Iceland", "Malta", "New Zealand", "Chile", "Mongolia", "Paraguay", "Bolivia", "Cuba", "Tonga",
       "Madagascar", "Bhutan", "Nepal", "Cyprus", "Singapore", "Sri Lanka", "Jamaica", "Argentina", "Brazil")
USUAL = ("Russia", "China", "North Korea", "Iran", "Iraq", "Turkey", "Azerbaijan", "Belarus", "Egypt", "Syria",
         "Pakistan", "India", "Serbia", "Georgia", "Armenia", "Israel", "Ukraine")
FRIENDS = ("United States", "United Kingdom", "France", "Germany", "Poland", "Japan", "Australia", "Sweden",
           "NATO", "European Union", "CSTO", "United Nations", "League of Nations", "Warsaw Pact", "SEATO",
           "Union State", "G7", "Canada", "Italy", "Spain", "Norway", "Denmark")
ALLIANCES = ("none", "NATO", "CSTO", "European Union", "Warsaw Pact", "SEATO", "Union State", "United Nations",
             "League of Nations", "G7", "nato", "NONE")


@lru_cache(maxsize=1)
def _registry():
    return registry_mod.default()


# States and organisations of a registry extension being drawn: name -> (kind, first day, first day gone).
EXTRA: dict[str, tuple[str, dt.date | None, dt.date | None]] = {}
OWN: tuple[str, ...] = ()  # the profile's own name while its events are drawn (a party to its own agreement)


def _span_of(name: str):
    if name in EXTRA:
        return EXTRA[name][1], EXTRA[name][2]
    e = _registry().get(name)
    if e is None:
        return None
    return (e.exists.start, e.exists.until) if e.exists is not None else (None, None)


def kind_of(name: str) -> str:
    if name in EXTRA:
        return EXTRA[name][0]
    e = _registry().get(name)
    return e.kind if e is not None else "state"


def exists(name: str, day: dt.date) -> bool:
    span = _span_of(name)
    return span is not None and (span[0] is None or span[0] <= day) and (span[1] is None or day < span[1])


def exists_within(name: str, start: dt.date, end: dt.date) -> bool:
    span = _span_of(name)
    if span is None:
        return False
    return exists(name, start) or exists(name, end) or (span[0] is not None and start <= span[0] <= end)


@lru_cache(maxsize=1)
def _all_states() -> tuple[str, ...]:
    return tuple(sorted(e.name for e in _registry().entries.values() if e.kind == "state"))


@st.composite
def a_date(draw, lo: dt.date, hi: dt.date) -> dt.date:
    if hi < lo:
        lo, hi = hi, lo
    return draw(st.one_of(st.sampled_from([lo, hi]), st.dates(min_value=lo, max_value=hi)))


def source(day: dt.date, kind: str | None = None) -> dict:
    return {"publisher": "Test", "title": "Invented for a test", "date": min(day, TODAY), "kind": kind or "original"}


@st.composite
def spelled(draw, name: str) -> str:
    """``name`` or one of the other names the registry answers to (alias, ISO code)."""
    e = _registry().get(name)
    if e is None or name in EXTRA or not draw(st.integers(0, 4)) == 0:
        return name
    options = [n for n in e.names() if n and n.strip().lower() not in ("all", "none", "unknown")]
    return draw(st.sampled_from(options)) if options else name


@st.composite
def someone(draw, day: dt.date, hostile: list[str], prefer_hostile: bool) -> str:
    pools = []
    live_hostile = [h for h in hostile if exists(h, day)]
    if live_hostile and prefer_hostile:
        pools += [live_hostile] * 3
    pools.append([n for n in FRIENDS + HISTORICAL + ODD + USUAL + tuple(EXTRA) + OWN if exists(n, day)])
    pools.append([n for n in _all_states() if exists(n, day)])
    pool = draw(st.sampled_from([p for p in pools if p]))
    return draw(spelled(draw(st.sampled_from(pool))))


@st.composite
def party(draw, day: dt.date, hostile: list[str], prefer_hostile: bool = False):
    n = draw(st.integers(1, 3))
    names = []
    for _ in range(n):
        x = draw(someone(day, hostile, prefer_hostile))
        if _registry().canonical(x) not in {_registry().canonical(y) for y in names}:
            names.append(x)
    return names[0] if len(names) == 1 and draw(st.booleans()) else names


@st.composite
def event(draw, lo: dt.date, hi: dt.date, cfrom: dt.date, cto: dt.date, hostile: list[str], days: list[dt.date]):
    kind = draw(st.sampled_from(sorted(spec.EVENT.variants)))
    # dates: the record's first and last day, the days around them, a day used already, any day
    options = [cfrom, cto, cfrom - ONE, cto + ONE] + days[-3:]
    day = draw(st.one_of(st.sampled_from(options), a_date(lo, hi)))
    e: dict = {"date": day, "kind": kind}
    later = lambda: draw(a_date(day, max(day, hi) + dt.timedelta(days=draw(st.sampled_from([0, 1, 30, 400])))))  # noqa: E731
    actor = lambda: draw(someone(day, hostile, True))  # noqa: E731
    if kind == "membership":
        e["status"] = draw(st.sampled_from(spec.STATUSES))
        if e["status"] in ("ratifying", "invited") and draw(st.booleans()):
            of = draw(st.integers(1, 40))
            e.update(ratified=draw(st.integers(0, of)), of=of)
    elif kind == "ratification":
        of = draw(st.integers(1, 40))
        e.update(ratified=draw(st.integers(0, of)), of=of)
        if draw(st.booleans()):
            e["by"] = [draw(someone(day, [], False)) for _ in range(draw(st.integers(1, 2)))]
    elif kind == "agreement":
        e.update(party=draw(party(day, hostile, draw(st.booleans()))), type=draw(st.sampled_from(spec.AGREEMENT_TYPES)))
        how = draw(st.sampled_from(["plain", "in_force", "ended", "both", "pending"]))
        if how in ("in_force", "both"):
            e["in_force"] = later()
        if how in ("ended", "both"):
            e["ended"] = draw(a_date(e.get("in_force", day), max(e.get("in_force", day), hi) + ONE * 30))
        if how == "pending":
            e["pending"] = True
            e["note"] = "Invented: no entry into force found."
        if draw(st.integers(0, 3)) == 0:
            e["covers_contested"] = draw(st.booleans())
    elif kind == "interim":
        e.update(provider=draw(party(day, hostile)), arrangement=draw(st.sampled_from(spec.ARRANGEMENTS)))
        if draw(st.booleans()):
            e["end"] = later()
    elif kind == "threat":
        t = draw(st.sampled_from(spec.THREAT_TYPES))
        e.update(type=t, severity=draw(st.integers(1, 5)), weighs_days=draw(st.sampled_from([1, 2, 90, 365, 1095, 3650])))
        if draw(st.integers(0, 3)) == 0:
            e["attribution"] = "unproven"
            e["actor"] = "unknown" if draw(st.booleans()) else actor()
        else:
            e["actor"] = actor()
            if draw(st.integers(0, 5)) == 0:
                e["attribution"] = "established"
    elif kind == "signal":
        t = draw(st.sampled_from(spec.SIGNAL_TYPES))
        e.update(by=draw(party(day, hostile, draw(st.integers(0, 4)) == 0)), type=t)
        if draw(st.booleans()):
            e["end"] = later()
        if t == "forward_deployment" and draw(st.booleans()):
            e["size"] = draw(st.sampled_from([0, 1, 150, 1100, 40000, 10_000_000]))
        if t == "guarantee" and draw(st.booleans()):
            e["covers_contested"] = draw(st.booleans())
    elif kind == "conflict":
        t = draw(st.sampled_from(spec.CONFLICT_TYPES))
        e.update(actor=actor(), type=t)
        ceasefire_days: list[dt.date] = []
        if t == "armed_conflict":
            how = draw(st.sampled_from(["none", "one", "list"]))
            if how == "one":
                e["ceasefire"] = later()
                ceasefire_days = [e["ceasefire"]]
            elif how == "list":
                entries = []
                cur = day
                for _ in range(draw(st.integers(1, 3))):
                    cdate = draw(a_date(cur, cur + dt.timedelta(days=draw(st.sampled_from([0, 1, 60])))))
                    entry: dict = {"date": cdate}
                    cur = cdate
                    entries.append(entry)
                    ceasefire_days.append(cdate)
                    if draw(st.booleans()):
                        entry["mechanisms"] = draw(st.lists(st.sampled_from(spec.CEASEFIRE_MECHANISMS), min_size=1,
                                                            max_size=2, unique=True))
                for i, entry in enumerate(entries):
                    last = i == len(entries) - 1
                    if not last or draw(st.booleans()):
                        b = draw(a_date(entry["date"] + ONE, entry["date"] + dt.timedelta(days=90)))
                        entry["broken"] = b
                        if not last and entries[i + 1]["date"] < b:
                            entries[i + 1]["date"] = b
                e["ceasefires"] = entries
        if ((t == "frozen_conflict") or ceasefire_days) and draw(st.integers(0, 2)) == 0 and "ceasefires" not in e:
            mech: list = [draw(st.sampled_from(spec.CEASEFIRE_MECHANISMS))]
            if draw(st.booleans()):
                mfrom = draw(a_date(day, day + dt.timedelta(days=400)))
                m = {"type": draw(st.sampled_from(spec.CEASEFIRE_MECHANISMS)), "from": mfrom,
                     "source": source(mfrom, "official")}
                if draw(st.booleans()):
                    m["end"] = draw(a_date(mfrom, mfrom + dt.timedelta(days=400)))
                mech.append(m)
            e["mechanisms"] = mech
        if draw(st.booleans()):
            base = max([day, *ceasefire_days, *(c.get("broken", c["date"]) for c in e.get("ceasefires", []))])
            e["end"] = draw(a_date(base, base + dt.timedelta(days=draw(st.sampled_from([0, 1, 700])))))
    elif kind == "posture":
        e.update(actor=actor(), type=draw(st.sampled_from(spec.POSTURE_TYPES)))
        if draw(st.booleans()):
            e["size"] = draw(st.sampled_from([0, 1, 5000, 169000, 10_000_000]))
        if draw(st.booleans()):
            e["end"] = later()
        if draw(st.integers(0, 2)) == 0:
            e["confirmed"] = draw(st.booleans())
    elif kind == "ultimatum":
        e["actor"] = actor()
        if draw(st.booleans()):
            e["deadline"] = later()
        if draw(st.booleans()):
            e["end"] = draw(a_date(e.get("deadline", day), e.get("deadline", day) + dt.timedelta(days=30)))
    elif kind == "dispute":
        e.update(actor=actor(), territory=draw(st.sampled_from(["The islands", "A shoal", "Region \"X\"", "Ö"])))
        if draw(st.booleans()):
            e["end"] = later()
    elif kind == "campaign":
        t = draw(st.sampled_from(spec.CAMPAIGN_TYPES))
        e.update(actor=actor(), type=t, severity=draw(st.integers(1, 5)))
        if t == "clashes" and draw(st.booleans()):
            e["fatalities"] = draw(st.booleans())
        if draw(st.booleans()):
            e["end"] = later()
    elif kind == "peace":
        e.update(party=draw(party(day, hostile, True)), type=draw(st.sampled_from(spec.PEACE_TYPES)))
        how = draw(st.sampled_from(["plain", "in_force", "ended", "pending"]))
        if how == "in_force":
            e["in_force"] = later()
        elif how == "ended":
            e["ended"] = later()
        elif how == "pending":
            e["pending"] = True
            e["note"] = "Invented: no entry into force found."
    elif kind == "adversary_pact":
        e.update(actor=actor(), partner=draw(someone(day, [], False)), type=draw(st.sampled_from(spec.PACT_TYPES)))
        if draw(st.booleans()):
            e["end"] = later()
    elif kind == "mobilisation":
        e["scale"] = draw(st.sampled_from(spec.MOBILISATION_SCALES))
        if draw(st.booleans()):
            e["end"] = later()
    e["summary"] = draw(st.sampled_from(SUMMARIES))
    e["source"] = source(day, draw(st.sampled_from(SOURCE_KINDS)))
    if draw(st.integers(0, 5)) == 0:
        u: dict = {}
        if draw(st.booleans()):
            u["earliest"] = draw(a_date(day - dt.timedelta(days=30), day))
            bound = min([day + dt.timedelta(days=30)] + [e[k] for k in ("end", "deadline", "ended", "in_force", "ceasefire")
                                                         if isinstance(e.get(k), dt.date) and e[k] >= day])
            u["latest"] = draw(a_date(day, bound))
        if "severity" in e and draw(st.booleans()):
            a, b = draw(st.integers(1, e["severity"])), draw(st.integers(e["severity"], 5))
            u.update(severity_min=a, severity_max=b)
        if u:
            u["note"] = "invented"
            e["uncertain"] = u
    if draw(st.integers(0, 6)) == 0:
        e["public"] = False
    if draw(st.integers(0, 6)) == 0:
        e["note"] = "Invented note."
    days.append(day)
    return e


MEMBERS = ("Romania", "Bulgaria", "Hungary", "Slovakia", "Greece", "Montenegro", "Kazakhstan", "Belarus", "Vietnam")
BUNDLED_NAMES = ("Ukraine", "Armenia", "Georgia", "Israel", "India", "Iran", "Taiwan", "Japan", "Moldova")
# Summaries that a renderer must escape (HTML, Markdown tables, format templates).
SUMMARIES = ("Invented for a test.", "Invented: <b>bold</b> & \"quotes\" {points} %s 100% | pipe | *stars* `tick`.",
             "Invented — ünïcödé, RTL \u202e text, emoji \U0001F600.", "Invented\nacross two lines.",
             "Invented: [a link](https://example.invalid) and <script>alert(1)</script>.")
ERAS = (dt.date(1880, 1, 1), dt.date(1912, 1, 1), dt.date(1935, 1, 1), dt.date(1948, 1, 1), dt.date(1962, 1, 1),
        dt.date(1979, 1, 1), dt.date(1989, 6, 1), dt.date(1991, 12, 1), dt.date(2003, 1, 1), dt.date(2021, 1, 1),
        dt.date(2030, 1, 1))


@st.composite
def profiles(draw, max_events: int = 25) -> dict:
    """One profile as a mapping (dates as ``datetime.date``), id ``fz-<n>``."""
    era = draw(st.sampled_from(ERAS))
    cfrom = draw(st.dates(min_value=era - dt.timedelta(days=800), max_value=era + dt.timedelta(days=800)))
    length = draw(st.sampled_from([0, 1, 30, 364, 800, 2000]))
    cto = cfrom + dt.timedelta(days=length)
    lo, hi = cfrom - dt.timedelta(days=draw(st.sampled_from([0, 1, 400, 3000]))), cto + ONE
    states = [n for n in HISTORICAL + USUAL + ODD + tuple(EXTRA) if exists_within(n, cfrom, cto) and kind_of(n) == "state"]
    adversary = draw(st.sampled_from(states or list(USUAL)))
    # a name of a bundled profile would be refused beside it (a located 'duplicate-id' error)
    name = draw(st.sampled_from(["Testland", "Islandia", "Far Colony", "Oldland", "Ampers & <Sand>"] +
                                [n for n in ODD + USUAL + MEMBERS + tuple(x for x in EXTRA if kind_of(x) == "state")
                                 if n != adversary and n not in BUNDLED_NAMES]))
    global OWN
    OWN = (name,) if _span_of(name) is not None else ()
    pid = "fz-" + "".join(c if c.isalnum() else "-" for c in name.lower())
    d: dict = {"id": pid, "name": name}
    if draw(st.booleans()):
        d["aliases"] = [draw(st.sampled_from(["FZL", "Fuzzland", "ZZZ"]))]
    d["alliance"] = draw(st.sampled_from(ALLIANCES + tuple(n for n in EXTRA if EXTRA[n][0] == "organisation")))
    d["adversary"] = draw(spelled(adversary))
    hostile = [adversary]
    others = []
    for _ in range(draw(st.integers(0, 4))):
        n = draw(st.sampled_from([s for s in states + [s for s in FRIENDS if exists_within(s, cfrom, cto)
                                                       and kind_of(s) == "state"]]))
        if n in hostile:
            continue
        hostile.append(n)
        a: dict = {"name": draw(spelled(n))}
        if draw(st.booleans()):
            a["role"] = draw(st.sampled_from(spec.ADVERSARY_ROLES))
        if draw(st.booleans()):
            a["land_border_km"] = {"value": draw(st.sampled_from([0, 0.5, 12, 1600, 100_000])), "source": source(cfrom)}
        span = draw(st.sampled_from(["always", "from", "until", "both"]))
        if span in ("from", "both"):
            a["from"] = draw(a_date(lo, hi + ONE * 30))
        if span in ("until", "both"):
            a["until"] = draw(a_date(a.get("from", lo - ONE * 30), hi + ONE * 30))
        others.append(a)
    if others:
        d["adversaries"] = others
    if draw(st.integers(0, 2)) == 0:
        borders = []
        for _ in range(draw(st.integers(1, 3))):
            b: dict = {"with": draw(st.sampled_from(hostile)), "km": draw(st.sampled_from([0, 1, 250.5, 100_000]))}
            if draw(st.booleans()):
                b["from"] = draw(a_date(lo, hi))
            if draw(st.booleans()):
                b["until"] = draw(a_date(b.get("from", lo), hi + ONE * 30))
            b["source"] = source(cfrom, "analysis")
            borders.append(b)
        d["borders"] = borders
    d["covers"] = {"from": cfrom, "to": cto}
    attrs = {}
    for key in ("land_border_km", "sea_distance_km", "defender_distance_km"):
        if draw(st.booleans()):
            attrs[key] = {"value": draw(st.sampled_from([0, 0.1, 5, 80, 1340, 12700, 20000, 1e9])),
                          "source": source(cfrom, "analysis")}
    if attrs or draw(st.booleans()):
        d["attributes"] = attrs
    days: list[dt.date] = []
    count = draw(st.sampled_from([0, 3, 8, 15, max_events]))
    d["events"] = [draw(event(lo, hi, cfrom, cto, hostile, days)) for _ in range(min(count, max_events))]
    if "Russia" in hostile and cto >= dt.date(2022, 2, 24) and draw(st.booleans()):
        overrides = []
        for wid in ["ru-2022-02-24-full-scale-invasion-of-ukraine"]:
            o: dict = {"world": wid}
            if draw(st.booleans()):
                o["exclude"] = True
            else:
                o["set"] = draw(st.sampled_from([{"severity": 1}, {"weighs_days": 1}, {"attribution": "unproven"},
                                                 {"end": cfrom}, {"severity": 5, "weighs_days": 3650}]))
            o["reason"] = "Invented for a test."
            overrides.append(o)
        d["overrides"] = overrides
    ids = draw(st.lists(st.integers(0, max(0, len(d["events"]) - 1)), max_size=3, unique=True))
    for i in ids:
        if d["events"]:
            d["events"][i]["id"] = f"ev-{i}"
    return d


FICTIONAL = ("Freedonia", "Sylvania", "Grand Fenwick", "Ruritania", "Kravia", "Sao Tome & <Principe>",
             'The "Free" State', "Côte d'Azur {points}")
FICTIONAL_ORGS = ("Northern Pact", "Sea League")


@st.composite
def registry_extensions(draw) -> dict:
    """A registry file of fictional states and organisations (sets EXTRA for the profile drawn next):
    dated existences, nuclear statuses, memberships of bundled and new organisations."""
    EXTRA.clear()
    entries = []
    orgs = draw(st.lists(st.sampled_from(FICTIONAL_ORGS), max_size=2, unique=True))
    note = "Invented for a test: no source."
    for o in orgs:
        e: dict = {"name": o, "kind": "organisation", "alliance": draw(st.booleans())}
        start = end = None
        if draw(st.booleans()):
            start = draw(st.dates(dt.date(1850, 1, 1), dt.date(2020, 1, 1)))
            e["exists"] = {"from": start, "note": note}
            if draw(st.booleans()):
                end = start + dt.timedelta(days=draw(st.integers(1, 30000)))
                e["exists"]["until"] = end
        EXTRA[o] = ("organisation", start, end)
        entries.append(e)
    for name in draw(st.lists(st.sampled_from(FICTIONAL), min_size=1, max_size=3, unique=True)):
        e = {"name": name, "iso": False}
        start = end = None
        if draw(st.booleans()):
            e["exists"] = {"note": note}
            if draw(st.booleans()):
                start = draw(st.dates(dt.date(1850, 1, 1), dt.date(2020, 1, 1)))
                e["exists"]["from"] = start
            if draw(st.booleans()) or start is None:
                end = (start or dt.date(1850, 1, 1)) + dt.timedelta(days=draw(st.integers(1, 60000)))
                e["exists"]["until"] = end
        if draw(st.integers(0, 2)) == 0:
            e["nuclear"] = {"status": draw(st.sampled_from(spec.NUCLEAR_STATUSES)), "note": note}
            if e["nuclear"]["status"] == "nuclear-weapon-state":
                e["nuclear"]["since"] = draw(st.dates(dt.date(1850, 1, 1), dt.date(2025, 1, 1)))
        memberships = []
        for org in draw(st.lists(st.sampled_from(("NATO", "CSTO", "European Union", "Warsaw Pact", *orgs)),
                                 max_size=2, unique=True)):
            m: dict = {"organisation": org, "note": note}
            lo = max(x for x in (start, _span_of(org)[0] if _span_of(org) else None, dt.date(1850, 1, 1)) if x)
            hi_candidates = [x for x in (end, _span_of(org)[1] if _span_of(org) else None) if x]
            hi = min(hi_candidates) if hi_candidates else dt.date(2030, 1, 1)
            if hi <= lo + ONE:
                continue
            m["from"] = draw(st.dates(lo, hi - ONE))
            if draw(st.booleans()):
                m["until"] = draw(st.dates(m["from"] + ONE, hi))
            if draw(st.integers(0, 4)) == 0:
                m["suspended"] = draw(st.dates(m["from"], m.get("until", hi)))
            memberships.append(m)
        if memberships:
            e["memberships"] = memberships
        EXTRA[name] = ("state", start, end)
        entries.append(e)
    return {"entries": entries}


@st.composite
def cases(draw, max_events: int = 25) -> tuple[dict | None, dict]:
    """(a registry extension or None, a profile that may name its entries)."""
    EXTRA.clear()
    reg = draw(registry_extensions()) if draw(st.integers(0, 2)) == 0 else None
    return reg, draw(profiles(max_events))
