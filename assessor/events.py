"""One event of a profile or a world file: YAML mapping → :class:`~assessor.model.Event`, names resolved, checked.

Shared by the loader (profiles) and :mod:`assessor.world` (world records), so
an event reads the same wherever it is written and neither module imports the
other back.
"""

from __future__ import annotations

import datetime as _dt

from assessor import registry as registry_mod
from assessor.errors import Problem
from assessor.model import Event, Loc, Source


def _date(s: str) -> _dt.date:
    return _dt.date.fromisoformat(s)


def _source(d: dict) -> Source:
    return Source(d["publisher"], d["title"], _date(d["date"]), d.get("url"), d.get("kind"), d.get("original"))



# Fields naming states or organisations, by event kind; those in NAME_LISTS may
# hold a list of names (and read in reasons as "A, B and C").
NAME_FIELDS = {"agreement": "party", "interim": "provider", "threat": "actor", "signal": "by", "ratification": "by",
               "conflict": "actor", "posture": "actor", "ultimatum": "actor", "dispute": "actor",
               "campaign": "actor", "peace": "party", "adversary_pact": "actor"}
# format 2.1: a second field naming a state, resolved the same way (one name).
SECOND_NAME_FIELDS = {"adversary_pact": "partner"}
DATE_FIELDS = ("in_force", "ended", "end", "ceasefire", "deadline")
NO_ALLIANCE = "none"  # a profile tracking no alliance (alliance: none)
NAME_LISTS = {"party", "provider", "by"}
# A legacy text naming several parties ("Denmark, Norway and Iceland") is read as
# their list with this severity; make it "error" once no bundled profile has one.
COMPOSITE_NAME_SEVERITY = "error"
UNKNOWN_ACTOR = "unknown"  # the actor of an unproven incident whose author is not even suspected


def _resolve_event_names(doc, e: dict, details: dict, path: tuple, reg, out: list[Problem]) -> None:
    """Replace the names of an event by canonical names (see NAME_FIELDS and SECOND_NAME_FIELDS)."""
    second = SECOND_NAME_FIELDS.get(e["kind"])
    if second is not None and second in details:
        names = registry_mod.resolve_names(reg, doc, path + (second,), details[second], out, COMPOSITE_NAME_SEVERITY)
        if names is not None:
            registry_mod.check_existence(reg, doc, path + (second,), names, _date(e["date"]), out)
            _exists_over_range(doc, details.get("uncertain"), path, names, reg, out)
            details[second] = names[0]
    name = NAME_FIELDS.get(e["kind"])
    if name is None or name not in details:
        return
    if name == "actor" and isinstance(details[name], str) and details[name].strip().lower() == UNKNOWN_ACTOR:
        # An incident whose author nobody has established names no one.
        if details.get("attribution") != "unproven":
            out.append(doc.problem(path + (name,), "actor 'unknown' needs 'attribution: unproven' (an established threat "
                                                    "names who made it)", "unknown-name"))
        details[name] = UNKNOWN_ACTOR
        return
    names = registry_mod.resolve_names(reg, doc, path + (name,), details[name], out, COMPOSITE_NAME_SEVERITY)
    if names is None:
        return
    registry_mod.check_existence(reg, doc, path + (name,), names, _date(e["date"]), out)
    _exists_over_range(doc, details.get("uncertain"), path, names, reg, out)
    details[name + ":loc"] = Loc(doc.file, *doc.loc(path + (name,)))  # for lints about the name
    if e["kind"] == "ratification":
        details[name] = list(names)
    elif name in NAME_LISTS:
        details[name] = registry_mod.join_names(names)  # what reasons and reports show
        details[name + ":names"] = names  # what derive reads (Event.names)
    else:
        details[name] = names[0]


def _exists_over_range(doc, u, path: tuple, names, reg, out: list[Problem]) -> None:
    """An event's ``uncertain`` dates hold days its actor (party, provider) existed: a threat by a state founded on
    2021-01-01, dated 2021-01-10 with ``earliest: 2020-10-01``, passed (its date is checked, not its range), and a
    Monte Carlo sample dated it before the state existed, which the registry says is never so (an error at the
    date, ``name-outside-existence``).  Said at the end of the range that reaches outside."""
    if not isinstance(u, dict):
        return
    for key in ("earliest", "latest"):
        day = u.get(key)
        if not isinstance(day, _dt.date):
            continue
        for n in names:
            entry = reg.get(n)
            if entry is not None and entry.exists is not None and not entry.exists.on(day):
                out.append(doc.problem(path + ("uncertain", key), f"a sampled date could fall on {day}, and "
                                       + registry_mod.outside_message(entry, day), "name-outside-existence"))
                break


def event_details(e: dict, extra_skip: tuple = ()) -> dict:
    """An event's fields beyond date, kind, summary and source, dates parsed (its own and its
    uncertain range's): one reading for profiles, world files and the events scenarios add."""
    details = {k: v for k, v in e.items() if k not in ("date", "kind", "summary", "source", "note", *extra_skip)}
    if e.get("note"):
        details["note"] = e["note"]  # read by the lints (a pending agreement's reason, what would prove an attribution)
    for key in DATE_FIELDS:
        if key in details:
            details[key] = _date(details[key])
    if "ceasefires" in details:
        details["ceasefires"] = ceasefires(details["ceasefires"])
    if "mechanisms" in details:
        details["mechanisms"] = mechanisms(details["mechanisms"])
    if isinstance(details.get("uncertain"), dict):
        details["uncertain"] = {k: _date(v) if k in ("earliest", "latest") else v
                                for k, v in details["uncertain"].items()}
    return details


def ceasefires(entries: list) -> tuple:
    """A conflict's ``ceasefires:`` list (format 2.1) with its dates parsed: entries keep their other fields."""
    return tuple({k: _date(v) if k in ("date", "broken") else mechanisms(v) if k == "mechanisms" else v
                  for k, v in c.items()} for c in entries)


def mechanisms(items: list) -> tuple:
    """A ``mechanisms:`` list (format 2.1) as mappings {type, from, end, ...}, dates parsed (a bare name: no dates)."""
    return tuple({"type": m, "from": None, "end": None} if isinstance(m, str) else
                 {"from": None, "end": None, **{k: _date(v) if k in ("from", "end") else v for k, v in m.items()}}
                 for m in items)


def build_event(doc, e: dict, path: tuple, reg, out: list[Problem], extra_skip: tuple = ()) -> Event:
    """The event at ``path`` of ``doc``: dates parsed, names resolved through ``reg``, checked.

    ``extra_skip``: keys that are not the event's own (a world event's ``concerns``).
    """
    details = event_details(e, extra_skip)
    _resolve_event_names(doc, e, details, path, reg, out)
    ev = Event(_date(e["date"]), e["kind"], e["summary"], _source(e["source"]), Loc(doc.file, *doc.loc(path)), details)
    _check_event(doc, ev, path, out)
    return ev


def _check_event(doc, ev: Event, path: tuple, out: list[Problem]) -> None:
    g = ev.get
    for later in ("in_force", "ended", "end", "ceasefire", "deadline"):
        if g(later) and g(later) < ev.date:
            out.append(doc.problem(path + (later,), f"'{later}' {g(later)} is before the event's date "
                                                    f"{ev.date}", "end-before-start"))
    if g("end") and g("ceasefire") and g("end") < g("ceasefire"):
        out.append(doc.problem(path + ("end",), "'end' is before 'ceasefire'", "end-before-start"))
    if ev.kind == "conflict" and g("ceasefire") and g("type") != "armed_conflict":
        out.append(doc.problem(path + ("ceasefire",), f"a ceasefire ends fighting: give it on an armed_conflict, not "
                                                       f"{g('type')!r}", "bad-value"))
    if ev.kind == "conflict":
        _check_ceasefires(doc, ev, path, out)
    if ev.kind == "campaign" and g("fatalities") is not None and g("type") != "clashes":
        out.append(doc.problem(path + ("fatalities",), f"'fatalities' tells deadly clashes apart: give it on a "
                                                        f"campaign of type clashes, not {g('type')!r}", "bad-value"))
    ended, in_force = g("ended"), g("in_force")
    if ended and in_force and ended < in_force:
        out.append(doc.problem(path + ("ended",), "'ended' is before 'in_force'", "end-before-start"))
    if g("ratified") is not None and g("of") is not None and g("ratified") > g("of"):
        out.append(doc.problem(path + ("ratified",), f"ratified ({g('ratified')}) exceeds of ({g('of')})", "bad-value"))
    # format 2.1 (protection): a size belongs to forces deployed, a covered territory to a guarantee
    if ev.kind == "signal" and g("size") is not None and g("type") != "forward_deployment":
        out.append(doc.problem(path + ("size",), f"'size' counts troops deployed: give it on a forward_deployment, not "
                                                 f"{g('type')!r}", "bad-value"))
    if ev.kind == "signal" and g("covers_contested") is not None and g("type") != "guarantee":
        out.append(doc.problem(path + ("covers_contested",), f"'covers_contested' says what a guarantee covers: give it "
                                                             f"on a guarantee, not {g('type')!r}", "bad-value"))
    if ev.kind == "membership" and g("covers_contested") is not None and g("status") != "member":
        out.append(doc.problem(path + ("covers_contested",), f"'covers_contested' says what an alliance's collective "
                                                             f"defence covers: give it on the status member, not "
                                                             f"{g('status')!r}", "bad-value"))
    _check_uncertain(doc, ev, path, out)
    if ev.source.date is not None and ev.source.date > _dt.date.today():  # profiles' sources always have one
        out.append(doc.problem(path + ("source", "date"), "source date lies in the future", "bad-date"))


def _check_ceasefires(doc, ev: Event, path: tuple, out: list[Problem]) -> None:
    """Format 2.1: several ceasefires in one conflict, in order, each broken before the next; mechanisms
    only where there is a ceasefire to keep (a 2.0 ``ceasefire:`` date stays valid: one ceasefire)."""
    g = ev.get
    entries = g("ceasefires")
    if entries is not None and g("ceasefire") is not None:
        out.append(doc.problem(path + ("ceasefires",), "give either 'ceasefire' (one date) or 'ceasefires' (a list), "
                                                        "not both: move the date into the list as '- date: "
                                                        f"{g('ceasefire')}'", "bad-value"))
    if entries is not None and g("type") != "armed_conflict":
        out.append(doc.problem(path + ("ceasefires",), f"a ceasefire ends fighting: give it on an armed_conflict, not "
                                                        f"{g('type')!r}", "bad-value"))
    if g("mechanisms") and g("type") == "occupation" or (
            g("mechanisms") and g("type") == "armed_conflict" and not entries and g("ceasefire") is None):
        out.append(doc.problem(path + ("mechanisms",), "mechanisms keep a ceasefire: give them on an armed_conflict "
                                                        "with a ceasefire, on one of its 'ceasefires', or on a "
                                                        "frozen_conflict", "bad-value"))
    previous = None
    for i, c in enumerate(entries or ()):
        cpath = path + ("ceasefires", i)
        day, broken = c.get("date"), c.get("broken")
        if day < ev.date:
            out.append(doc.problem(cpath + ("date",), f"ceasefire {day} is before the conflict's date {ev.date}",
                                   "end-before-start"))
        if broken is not None and broken < day:
            out.append(doc.problem(cpath + ("broken",), f"'broken' {broken} is before the ceasefire's date {day}",
                                   "end-before-start"))
        if g("end") is not None and (broken or day) > g("end"):
            out.append(doc.problem(cpath, f"ceasefire after the conflict's end {g('end')}", "end-before-start"))
        if previous is not None:
            if previous.get("broken") is None:
                out.append(doc.problem(path + ("ceasefires", i - 1), "a ceasefire followed by another must say when "
                                                                      "it was broken ('broken: YYYY-MM-DD')",
                                       "missing-field"))
            elif day < previous["broken"]:
                out.append(doc.problem(cpath + ("date",), f"ceasefire {day} is before the previous one was broken "
                                                          f"({previous['broken']}): list them in date order",
                                       "end-before-start"))
        previous = c
    for where, items in [((), g("mechanisms"))] + [(("ceasefires", i), c.get("mechanisms")) for i, c in
                                                    enumerate(entries or ())]:
        for j, m in enumerate(items or ()):
            if m["end"] is not None and m["from"] is not None and m["end"] < m["from"]:
                out.append(doc.problem(path + where + ("mechanisms", j, "end"), "'end' is before 'from'",
                                       "end-before-start"))


def _check_uncertain(doc, ev: Event, path: tuple, out: list[Problem]) -> None:
    """An event's ranges must hold its own date and severity: the deterministic
    run is one of the possible worlds, not outside them."""
    u = ev.get("uncertain")
    if not u:
        return
    upath = path + ("uncertain",)
    if not any(k in u for k in ("earliest", "latest", "severity_min", "severity_max")):
        out.append(doc.problem(upath, "'uncertain' gives no range: add earliest/latest or severity_min/severity_max",
                               "bad-value"))
    lo, hi = u.get("earliest", ev.date), u.get("latest", ev.date)
    if lo > ev.date:
        out.append(doc.problem(upath + ("earliest",), f"'earliest' {lo} is after the event's date {ev.date}", "bad-range"))
    if hi < ev.date:
        out.append(doc.problem(upath + ("latest",), f"'latest' {hi} is before the event's date {ev.date}", "bad-range"))
    if (hi - lo).days > 3650:
        out.append(doc.problem(upath, "a date range of more than ten years is not an uncertainty but a different "
                                      "event", "bad-range"))
    if "severity_min" in u or "severity_max" in u:
        sev = ev.get("severity")
        if sev is None:
            out.append(doc.problem(upath, f"a {ev.kind} event has no severity to be uncertain about", "bad-value"))
        elif not u.get("severity_min", sev) <= sev <= u.get("severity_max", sev):
            out.append(doc.problem(upath, f"the severity range {u.get('severity_min', sev)}..{u.get('severity_max', sev)} "
                                          f"does not hold the event's severity {sev}", "bad-range"))
    for later in ("in_force", "ended", "end", "ceasefire", "deadline"):
        if ev.get(later) and ev.get(later) < hi:
            out.append(doc.problem(upath + ("latest",), f"'latest' {hi} is after '{later}' {ev.get(later)}: "
                                                        "a sampled date could fall after it", "bad-range"))
