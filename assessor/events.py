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
               "adversary_pact": "actor"}
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
    details[name + ":loc"] = Loc(doc.file, *doc.loc(path + (name,)))  # for lints about the name
    if e["kind"] == "ratification":
        details[name] = list(names)
    elif name in NAME_LISTS:
        details[name] = registry_mod.join_names(names)  # what reasons and reports show
        details[name + ":names"] = names  # what derive reads (Event.names)
    else:
        details[name] = names[0]


def event_details(e: dict, extra_skip: tuple = ()) -> dict:
    """An event's fields beyond date, kind, summary and source, dates parsed (its own and its
    uncertain range's): one reading for profiles, world files and the events scenarios add."""
    details = {k: v for k, v in e.items() if k not in ("date", "kind", "summary", "source", "note", *extra_skip)}
    if e.get("note"):
        details["note"] = e["note"]  # read by the lints (a pending agreement's reason, what would prove an attribution)
    for key in DATE_FIELDS:
        if key in details:
            details[key] = _date(details[key])
    if isinstance(details.get("uncertain"), dict):
        details["uncertain"] = {k: _date(v) if k in ("earliest", "latest") else v
                                for k, v in details["uncertain"].items()}
    return details


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
    ended, in_force = g("ended"), g("in_force")
    if ended and in_force and ended < in_force:
        out.append(doc.problem(path + ("ended",), "'ended' is before 'in_force'", "end-before-start"))
    if g("ratified") is not None and g("of") is not None and g("ratified") > g("of"):
        out.append(doc.problem(path + ("ratified",), f"ratified ({g('ratified')}) exceeds of ({g('of')})", "bad-value"))
    _check_uncertain(doc, ev, path, out)
    if ev.source.date is not None and ev.source.date > _dt.date.today():  # profiles' sources always have one
        out.append(doc.problem(path + ("source", "date"), "source date lies in the future", "bad-date"))


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
