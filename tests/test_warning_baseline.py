"""The acute warning facts: each fast fact against the country's own baseline (model v3, issue 16).

``<f>_baseline`` is f's mean over the 730 days before the date, the days before the record counted at
its eve's values (runs 74-75); ``<f>_anomaly`` is f today less it.  Derive computes both from running sums over its
stretches; these tests hold them to a brute-force daily mean, written independently here.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import math

from conftest import MINI_PROFILE, D
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from assessor import loader
from assessor.derive import MOVING, PARTS, Deriver
from assessor.facts import FACTS, MODEL, WARNING_FACTS
from assessor.location import Loc
from assessor.model import Event, Source

START = D("2020-01-01")  # MINI_PROFILE covers 2020-01-01 .. 2024-12-31; the tests shorten it
END = D("2021-12-31")
NAMES = [f"{f}_{x}" for f in WARNING_FACTS for x in ("baseline", "anomaly")]


def _event(i: int, offset: int, kind: str, **details) -> Event:
    day = START + dt.timedelta(days=offset)
    return Event(day, kind, f"event {i}", Source("Test", f"t{i}", day), Loc("t.yaml", i + 1), details)


threats = st.builds(lambda o, s, w, t: ("threat", o, {"actor": "Russia", "type": t, "severity": s, "weighs_days": w}),
                    st.integers(-300, 800), st.integers(1, 5), st.integers(1, 400),
                    st.sampled_from(["statement", "attack"]))  # an attack is force: not in pressure_level
postures = st.builds(
    lambda o, t, size, actor, end: ("posture", o, {"actor": actor, "type": t, **({"size": size} if size else {}),
                                                    **({"end": START + dt.timedelta(days=o + end)} if end is not None else {})}),
    st.integers(-300, 800), st.sampled_from(["buildup", "exercise"]), st.one_of(st.none(), st.integers(1, 200_000)),
    st.sampled_from(["Russia", "Belarus"]), st.one_of(st.none(), st.integers(0, 300)))
ultimatums = st.builds(lambda o, end: ("ultimatum", o, {"actor": "Russia", **({"end": START + dt.timedelta(days=o + end)}
                                                                               if end is not None else {})}),
                       st.integers(-300, 800), st.one_of(st.none(), st.integers(0, 300)))
# run 13: a campaign of coercion, or of clashes without fatalities, is pressure while it lasts, then fades
campaigns = st.builds(
    lambda o, t, s, fatal, end: ("campaign", o, {"actor": "Russia", "type": t, "severity": s,
                                                 **({"fatalities": fatal} if t == "clashes" else {}),
                                                 **({"end": START + dt.timedelta(days=o + end)} if end is not None else {})}),
    st.integers(-500, 800), st.sampled_from(["coercion", "clashes"]), st.integers(1, 5), st.booleans(),
    st.one_of(st.none(), st.integers(0, 400)))
records = st.lists(st.one_of(threats, postures, ultimatums, campaigns), max_size=12)


def _profile(write, items):
    base = loader.load_profiles([write("p.yaml", MINI_PROFILE)]).resolve("testland")
    events = tuple(_event(i, o, kind, **d) for i, (kind, o, d) in enumerate(items))
    return dataclasses.replace(base, covers_to=END, events=tuple(sorted(base.events + events, key=lambda e: e.date)))


def _daily(profile, day: dt.date) -> list[float]:
    """The warning facts on ``day``, straight from the events (pressure level unrounded: threats short of force)."""
    threat = sum(e.get("severity") * (1 - (day - e.date).days / e.get("weighs_days")) for e in profile.events
                 if e.kind == "threat" and e.get("type") != "attack" and 0 <= (day - e.date).days < e.get("weighs_days"))
    fade = MODEL["campaign_fade_days"]
    for e in profile.events:
        if e.kind != "campaign" or e.get("fatalities") or day < e.date:
            continue
        end = e.get("end")
        if end is not None and end < e.date:  # never active (a sampled date past its end)
            continue
        if end is None or day <= end:
            threat += e.get("severity")
        elif (day - end).days - 1 < fade:  # the day after its end weighs in full, then linearly to nothing
            threat += e.get("severity") * (1 - ((day - end).days - 1) / fade)

    def standing(e, days):
        end = e.get("end") or e.date + dt.timedelta(days=days - 1)
        return e.date <= day <= end

    active = [e for e in profile.events if e.kind == "posture" and standing(e, MODEL["posture_days"])]
    largest: dict = {}
    for e in active:
        if e.get("size"):
            largest[e.get("actor")] = max(largest.get(e.get("actor"), 0), e.get("size"))
    ultimatum = any(e.kind == "ultimatum" and standing(e, MODEL["ultimatum_days"]) for e in profile.events)
    return [threat, round(sum(largest.values()) / 1000, 1), len({e.get("actor") for e in active if e.get("type") == "buildup"}),
            sum(e.get("type") == "exercise" for e in active), float(ultimatum)]


def _shown(values: list[float], up: bool = True) -> list[float]:
    """The facts as derive shows them (the pressure level to two decimals).  A value on a rounding tie (2 × (1 -
    1/400) = 1.995) rounds either way by the float path that computed it, derive's (a slope times the day) or this
    one's: ``up`` picks the way, and the check accepts both (a CI run drew 1.99 against 2.0)."""
    x = values[0]
    if abs(x * 100 - math.floor(x * 100) - 0.5) < 1e-6:
        return [(math.ceil(x * 100) if up else math.floor(x * 100)) / 100, *values[1:]]
    return [round(x, 2), *values[1:]]


def _brute(profile, day: dt.date) -> list[tuple[float, float]]:
    """The mean of each warning fact over the window's days, day by day (runs 74-75), as the range a value on a
    rounding tie allows (see :func:`_shown`): a day before the record counts at the values of the record's eve as
    shown (a date before the record: at its own, so its anomalies are 0); a day after the record is left out."""
    gap = MODEL["warning_baseline_gap_days"]
    days = [day - dt.timedelta(days=gap + k) for k in range(1, MODEL["warning_baseline_days"] + 1)]
    if day < profile.covers_from:
        return list(zip(_shown(_daily(profile, day), False), _shown(_daily(profile, day), True)))
    out = []
    for up in (False, True):
        stand_in = _shown(_daily(profile, profile.covers_from - dt.timedelta(days=1)), up)
        rows = [stand_in if d < profile.covers_from else _daily(profile, d) for d in days if d <= profile.covers_to]
        out.append([sum(col) / len(rows) for col in zip(*rows)] if rows else [0.0] * len(WARNING_FACTS))
    return list(zip(*out))


def _check(values: dict, expected: list[tuple[float, float]]) -> None:
    for f, (low, high) in zip(WARNING_FACTS, expected):
        assert low - 1e-3 <= values[f + "_baseline"] <= high + 1e-3, (f, values[f + "_baseline"], low, high)
        assert abs(values[f + "_anomaly"] - (float(values[f]) - values[f + "_baseline"])) <= 0.005 + 1e-9, f


when = st.sampled_from([-10, 0, 1, 2, 30, 365, 729, 730, 731, 800, 1000, 1200])


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(items=records, offsets=st.lists(when, min_size=1, max_size=3))
@example(items=[("threat", 0, {"actor": "Russia", "type": "statement", "severity": 1, "weighs_days": 1}),
                ("threat", -2, {"actor": "Russia", "type": "statement", "severity": 2, "weighs_days": 400})],
         offsets=[0])  # the eve's pressure on a rounding tie, 1.995 (a CI run's draw)
def test_the_baseline_is_the_daily_mean_of_the_window(write, items, offsets):
    p = _profile(write, items)
    d = Deriver(p)
    for o in offsets:
        day = START + dt.timedelta(days=o)
        _check(d.derive(day, evidence=False).values, _brute(p, day))


def test_on_a_record_s_first_day_the_baseline_is_what_stood_on_its_eve(write):
    """Runs 74-75: the days before the record count at its eve's values, so a threat or a build-up
    from before the record is the usual, not a warning, while a threat dated on the first day is new
    on it; a date before the record reads against its own values."""
    p = _profile(write, [("threat", -5, {"actor": "Russia", "type": "statement", "severity": 3, "weighs_days": 50}),
                         ("posture", -20, {"actor": "Russia", "type": "buildup", "size": 40_000}),
                         ("threat", 0, {"actor": "Russia", "type": "statement", "severity": 2, "weighs_days": 100})])
    v = Deriver(p).derive(START).values
    assert v["pressure_level"] == round(3 * (1 - 5 / 50) + 2, 2)
    assert v["pressure_level_baseline"] == round(3 * (1 - 4 / 50), 2)  # the eve's, the new threat not in it
    assert v["forces_massed_k_baseline"] == 40 and v["buildups_active_baseline"] == 1
    assert v["forces_massed_k_anomaly"] == v["buildups_active_anomaly"] == 0
    v = Deriver(p).derive(START - dt.timedelta(days=1)).values
    assert v["pressure_level"] > 0 and v["forces_massed_k"] == 40
    for f in WARNING_FACTS:
        assert v[f + "_baseline"] == round(float(v[f]), 3) and v[f + "_anomaly"] == 0, f


def test_a_build_up_early_in_a_record_weighs_against_the_whole_window(write):
    """Run 74: a build-up on a record's 10th day, read on its 30th, is 20 of 730 days of a two-year
    window, not two thirds of the record's first 30 days."""
    p = _profile(write, [("posture", 10, {"actor": "Russia", "type": "buildup", "size": 73_000})])
    v = Deriver(p).derive(START + dt.timedelta(days=30)).values
    assert v["forces_massed_k_baseline"] == round(73 * 20 / 730, 3)
    assert v["buildups_active_anomaly"] == round(1 - 20 / 730, 2)


def test_the_catalogue_lists_the_warning_facts_as_moving_numbers():
    for name in NAMES:
        assert FACTS[name].type == "number" and FACTS[name].factor == "warning" and FACTS[name].always
        assert name in MOVING
    assert {"posture", "ultimatum"} <= PARTS["warning_signs"] and {"threat", "campaign"} <= PARTS["warning_threat"]


def test_a_single_assessment_equals_the_timeline_on_that_day(default_assessor):
    p = default_assessor.profile("ukraine")
    along = Deriver(p)
    days = [p.covers_from + dt.timedelta(days=k) for k in range(0, (p.covers_to - p.covers_from).days + 60, 3)]
    timeline = {d: along.derive(d, evidence=False).values for d in days}
    for d in days[::97] + [D("2022-02-15")]:
        one = default_assessor.assess(p, d).facts.values
        assert {n: one[n] for n in NAMES} == {n: (timeline.get(d) or along.derive(d).values)[n] for n in NAMES}
    v = timeline[min(days, key=lambda x: abs((x - D("2022-02-15")).days))]
    assert v["forces_massed_k_anomaly"] > 0 and v["buildups_active_anomaly"] > 0  # the 2021-22 build-up stands out


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(items=st.lists(st.one_of(threats, postures, ultimatums, campaigns), min_size=1, max_size=10),
       pick=st.integers(0, 100), shift=st.integers(-200, 200), offset=when)
def test_a_monte_carlo_variant_with_a_moved_event_gives_the_brute_force_value(write, items, pick, shift, offset):
    p = _profile(write, items)
    base = Deriver(p)
    day = START + dt.timedelta(days=offset)
    base.derive(day)  # the base's prefixes exist before the variant is made
    movable = [i for i, e in enumerate(p.events) if e.kind in ("threat", "posture", "ultimatum", "campaign")]
    i = movable[pick % len(movable)]
    e = p.events[i]
    moved = dataclasses.replace(e, date=e.date + dt.timedelta(days=shift))
    q = dataclasses.replace(p, events=tuple(sorted(p.events[:i] + (moved,) + p.events[i + 1:], key=lambda x: x.date)))
    v = base.variant(q)
    _check(v.derive(day, evidence=False).values, _brute(q, day))
    # the part the moved kind does not feed is shared, never recomputed
    other = "warning_signs" if e.kind in ("threat", "campaign") else "warning_threat"
    assert v._warning_prefix(other) is base._warning_prefix(other)


def test_a_variant_that_moved_no_warning_sign_shares_both_prefixes(write):
    p = _profile(write, [("posture", 100, {"actor": "Russia", "type": "buildup", "size": 50_000})])
    base = Deriver(p)
    base.derive(END)
    i = next(i for i, e in enumerate(p.events) if e.kind == "membership")
    q = dataclasses.replace(p, events=p.events[:i] + (dataclasses.replace(p.events[i], date=p.events[i].date
                                                                           + dt.timedelta(days=3)),) + p.events[i + 1:])
    v = base.variant(q)
    assert v.derive(END).values["forces_massed_k_baseline"] == base.derive(END).values["forces_massed_k_baseline"]
    assert all(v._warning_prefix(part) is base._warning_prefix(part) for part in ("warning_signs", "warning_threat"))


def test_the_anomaly_rests_on_today_s_signs_and_the_window_s(write):
    p = _profile(write, [("posture", 100, {"actor": "Russia", "type": "buildup", "size": 50_000, "end": D("2020-05-01")}),
                         ("posture", 600, {"actor": "Russia", "type": "buildup", "size": 90_000})])
    f = Deriver(p).derive(START + dt.timedelta(days=600))  # the second begins today
    first, second = (e for e in p.events if e.kind == "posture")
    assert f.evidence["forces_massed_k_baseline"] == (first,)
    assert set(f.evidence["forces_massed_k_anomaly"]) == {first, second}
    assert f.values["forces_massed_k_anomaly"] > 0


def test_the_facts_reach_the_json_of_the_cli(run):
    out, _ = run("rules", "facts", "ukraine", "--date", "2022-02-15", "--format", "json")
    doc = json.loads(out)
    assert set(NAMES) <= set(doc["facts"])
    assert doc["facts"]["forces_massed_k_anomaly"] > 0 and doc["evidence"]["forces_massed_k_anomaly"]
    out, _ = run("explain", "ukraine", "--date", "2022-02-15", "--format", "json")
    doc = json.loads(out)
    doc = doc[0] if isinstance(doc, list) else doc
    assert set(NAMES) <= set(doc["facts"])


ANOMALY_RULES = """
rules:
  - id: threat-anomaly
    factor: warning
    description: The threat level against the country's own two-year baseline (test rule).
    when: {fact: pressure_level_anomaly, ne: 0}
    effect: {points: 1.0, per: pressure_level_anomaly, cap: 20}
    reason: "Threat level {pressure_level_anomaly} against the own baseline."
    references: ["Goldstone et al. 2010"]
  - id: forces-anomaly
    factor: warning
    description: Forces massed against the country's own baseline (test rule).
    when: {fact: forces_massed_k_anomaly, gt: 0}
    effect: {points: 0.1, per: forces_massed_k_anomaly, cap: 15}
    reason: "{forces_massed_k_anomaly} thousand troops above the own baseline."
    references: ["O'Brien 2010"]
  - id: threat-above-usual
    factor: warning
    description: More threat than usual (test rule; its sign flips inside derive's stretches).
    when: {fact: pressure_level_anomaly, gt: 0}
    effect: {points: 2}
    reason: "More threat than the country's own usual."
    references: ["Goldstone et al. 2010"]
"""


def test_rules_reading_the_anomaly_score_alike_in_a_timeline_and_one_by_one(write):
    """The engine's view per stretch (MOVING) keeps a daily-moving fact read with `per:` exact."""
    from assessor.assess import Assessor

    a = Assessor(loader.load_ruleset([write("anomaly.yaml", ANOMALY_RULES)], defaults=True), loader.load_profiles())
    p = a.profile("ukraine")
    days = [D("2014-01-01") + dt.timedelta(days=k) for k in range(0, 1100)] + [D("2021-01-01") + dt.timedelta(days=k)
                                                                             for k in range(0, 420, 3)]
    along = list(a.scores(p, days))
    points = [pt.score for pt in a.timeline(p, days)]
    one = [a.assess(p, d).score for d in days]
    assert along == one == points
    fired = {r for d in days for r in a.assess(p, d).fired}
    assert {"threat-anomaly", "forces-anomaly", "threat-above-usual"} <= fired
    d = Deriver(p)  # the case the test is for: the rule's condition changes inside a stretch of derive
    sign = {}
    assert any(sign.setdefault(d.segment(x.toordinal()), v) != v
               for x in days for v in [d.derive(x, evidence=False).values["pressure_level_anomaly"] > 0])


def test_a_campaign_of_coercion_is_pressure_while_it_lasts_then_fades(write):
    """Run 13: a campaign of coercion holds its severity from its first day to its last, then
    fades linearly over campaign_fade_days; a campaign of deadly clashes is force, not pressure."""
    fade = MODEL["campaign_fade_days"]
    coercion = ("campaign", 100, {"actor": "Russia", "type": "coercion", "severity": 3,
                                  "end": START + dt.timedelta(days=199)})
    p = _profile(write, [coercion])
    d, without = Deriver(p), Deriver(_profile(write, []))  # the mini profile's own threats, for comparison

    def added(o: int) -> float:
        day = START + dt.timedelta(days=o)
        return round(d.derive(day).values["pressure_level"] - without.derive(day).values["pressure_level"], 2)

    assert {o: added(o) for o in (99, 100, 150, 199, 200)} == {99: 0, 100: 3, 150: 3, 199: 3, 200: 3}
    assert abs(added(200 + fade // 2) - 3 * (1 - (fade // 2) / fade)) <= 0.01
    assert added(200 + fade) == 0
    # what it rests on: the campaign, in the explanation's evidence
    assert [e.summary for e in d.derive(START + dt.timedelta(days=150)).evidence["pressure_level"]] == ["event 0"]
    # threat_level (rules 2.0.0's fact) is unchanged
    assert (d.derive(START + dt.timedelta(days=150)).values["threat_level"]
            == without.derive(START + dt.timedelta(days=150)).values["threat_level"])
    deadly = ("campaign", 100, {"actor": "Russia", "type": "clashes", "severity": 5, "fatalities": True,
                                "end": START + dt.timedelta(days=199)})
    q = _profile(write, [deadly])
    day = START + dt.timedelta(days=150)
    assert Deriver(q).derive(day).values["pressure_level"] == without.derive(day).values["pressure_level"]
    # open-ended: it holds for as long as the record runs
    open_ = ("campaign", 100, {"actor": "Russia", "type": "coercion", "severity": 2})
    r = _profile(write, [open_])
    assert Deriver(r).derive(END).values["pressure_level"] == without.derive(END).values["pressure_level"] + 2


def test_a_campaign_of_coercion_raises_the_score_of_a_record_through_the_warning_index(write, default_assessor):
    p = _profile(write, [])
    coerced = _profile(write, [("campaign", 300, {"actor": "Russia", "type": "coercion", "severity": 3})])
    day = START + dt.timedelta(days=400)
    a, b = default_assessor.assess(p, day), default_assessor.assess(coerced, day)
    assert b.warning > a.warning and b.score > a.score
    assert any(c.rule == "threat-surge" for c in b.contributions)
