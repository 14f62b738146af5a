"""Score stage: fired rules → contributions → two indices → score → level.

A contribution is a rule's points (scaled by a fact when the rule says
``per``, and capped), with the rule's reason filled in from the facts and the
evidence — the dated, sourced events — behind every fact the rule looked at.

Each rule counts in one of two indices (format 2.1): *structural* exposure
(base + Σ its points: where a country stands) and acute *warning* (Σ its points:
what is happening now).  The score is made from both by the rule set's
combination, ``raw = base + wS·ΣS + wW·ΣW``, then either clamped to the bounds
(no ``scale:``, as in format 2.0) or mapped through a logistic scale into
(0, 100).  A 2.0 rule set has every rule structural and weights 1, so its
scores are what they always were.
"""

from __future__ import annotations

import math
import re
import string
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from assessor import ir
from assessor.derive import Facts
from assessor.errors import AssessorError
from assessor.loader import template_names
from assessor.model import Rule, RuleSet


@dataclass(frozen=True)
class Contribution:
    """The points one rule gives, why, on what evidence, and the index they count in."""

    rule: str
    factor: str
    points: float
    reason: str
    evidence: tuple  # Event/Attribute objects
    index: str = "structural"  # the index the points count in: structural | warning (RuleSet.index_of)


# A rule's points moving less than this in a day is drift, not a reason (explain.key_moments; the reports leave
# such moves out of a key moment's reasons: "Threat surge, 2.21 → 2.2" beside the build-up that made the day).
DRIFT_POINTS = 0.5
SCORE_PLACES = 1  # a score shows one decimal, and its level is read from that shown value
POINTS_PLACES = 2  # points show at most two decimals
_QUANTUM = {n: Decimal(1).scaleb(-n) for n in range(0, 7)}


def _decimal(x) -> Decimal:
    """``x`` as the decimal it prints as (``59.95``, not the binary 59.9499…)."""
    if isinstance(x, Decimal):
        d = x
    else:
        if isinstance(x, bool) or not isinstance(x, (int, float)):
            raise AssessorError(f"not a number: {x!r}")
        d = Decimal(x) if isinstance(x, int) else Decimal(repr(x))
    if not d.is_finite():
        raise AssessorError(f"a score or points came out as {x!r}, not a finite number: check the rules' points, "
                            "caps and bounds (each must lie within ±1,000,000,000)")
    return d


def rounded(x, places: int = SCORE_PLACES) -> float:
    """The one rounding rule for scores and points: decimal, half away from zero.

    ``59.95`` is 60.0 and ``19.95`` is 20.0 (binary floating point would give
    one up and one down), ``-0.05`` is -0.1.  Refuses NaN and infinities.
    """
    return float(_decimal(x).quantize(_QUANTUM[places], rounding=ROUND_HALF_UP)) + 0.0  # + 0.0: no "-0.0"


def points_of(rule: Rule, facts: dict) -> float:
    eff = rule.effect
    pts = float(eff.points)
    if eff.per is not None:
        pts *= float(facts.get(eff.per) or 0)
        if eff.cap is not None:
            pts = max(-float(eff.cap), min(float(eff.cap), pts))
    return rounded(pts, POINTS_PLACES)


_PLURAL = re.compile(r"\b(\d+(?:[.,]\d+)?)((?:[^\W\d]|[\s-])+?)\(s\)")


def plural_words(text) -> str:
    """Reader text with real plurals: a rule's reason says "{n} exercise(s)"
    because it is written once for every count; the reader sees "1 exercise"
    or "2 exercises".  A "(s)" with no number before it becomes "s".  Applied
    when a reason is filled, so every output (text, JSON, CSV, reports) reads
    the same words."""
    def one(m: re.Match) -> str:
        return m.group(1) + m.group(2) + ("" if m.group(1) == "1" else "s")
    return _PLURAL.sub(one, str(text)).replace("(s)", "s")


class _Fill(string.Formatter):
    """Fills a reason template; numbers print without spurious decimals."""

    def format_field(self, value, format_spec):
        if value is _NOT_THERE:  # an absent fact, also under a number's spec ({land_border_km:.0f})
            return "n/a"
        if isinstance(value, bool) and not format_spec:  # "standing today: yes", not Python's True
            return "yes" if value else "no"
        if isinstance(value, str):  # fact values like mutual_assistance_clause read as words
            value = value.replace("_", " ")
        if not format_spec and isinstance(value, float):
            return f"{value:g}" if abs(value) < 1e6 else f"{value:.0f}"
        return super().format_field(value, format_spec)


_FILL = _Fill()
# What an absent fact fills a reason with: n/a. It was the text "n/a", which a number's spec refused, and the reader
# got the template itself, braces and all ("border {land_border_km:.0f} km").
_NOT_THERE = object()


def reason_of(rule: Rule, facts: dict, points: float) -> str:
    values = {name: facts.get(name, _NOT_THERE) for name in template_names(rule.reason)}
    values["points"] = points
    try:
        return plural_words(_FILL.vformat(rule.reason, (), values))
    except (ValueError, TypeError):  # a format spec that does not fit the value
        return rule.reason


def _evidence(rule: Rule, facts: Facts) -> tuple:
    names = ir.facts(rule.when) | set(template_names(rule.reason))
    if rule.effect.per:
        names.add(rule.effect.per)
    seen, out = set(), []
    for name in sorted(names):
        for item in facts.evidence.get(name, ()):
            if id(item) not in seen:
                seen.add(id(item))
                out.append(item)
    out.sort(key=lambda e: (getattr(e, "date", None) is None, getattr(e, "date", None) or 0, e.loc.line))
    return tuple(out)


def contributions(ruleset: RuleSet, fired: tuple[str, ...], facts: Facts, with_detail: bool = True) -> list[Contribution]:
    out = []
    for rule_id in fired:
        rule = ruleset.rule(rule_id)
        pts = points_of(rule, facts.values)
        if with_detail:
            out.append(Contribution(rule.id, rule.factor, pts, reason_of(rule, facts.values, pts), _evidence(rule, facts),
                                    ruleset.index_of(rule.id)))
        else:
            out.append(Contribution(rule.id, rule.factor, pts, "", (), ruleset.index_of(rule.id)))
    return out


def exact_sum(base, points) -> Decimal:
    """``base + Σ points`` in decimal: exact, whatever order the points come in."""
    return _decimal(base) + sum((_decimal(p) for p in points), Decimal(0))


def clamp(ruleset: RuleSet, raw) -> float:
    """The raw sum (a Decimal from :func:`exact_sum`, or a number) clamped to the
    bounds and rounded once, by :func:`rounded`."""
    d = _decimal(raw)
    d = max(_decimal(ruleset.minimum), min(_decimal(ruleset.maximum), d))
    return rounded(d, SCORE_PLACES)


def logistic(scale, raw: float) -> float:
    """``100 / (1 + exp(-(raw - midpoint) / width))``, unrounded: strictly increasing in ``raw``
    and never overflowing (the form with ``exp`` of a non-positive number is used on each side)."""
    z = (raw - scale.midpoint) / scale.width
    if z >= 0:
        return 100 / (1 + math.exp(-z))
    e = math.exp(z)
    return 100 * e / (1 + e)


def raw_value(ruleset: RuleSet, contribs) -> Decimal:
    """``base + wS·Σ structural points + wW·Σ warning points``, exact in decimal."""
    s_sum = exact_sum(0, (c.points for c in contribs if c.index != "warning"))
    w_sum = exact_sum(0, (c.points for c in contribs if c.index == "warning"))
    w_s, w_w = ruleset.weights
    if w_s == 1 and w_w == 1:
        return _decimal(ruleset.base) + s_sum + w_sum
    return _decimal(ruleset.base) + _decimal(w_s) * s_sum + _decimal(w_w) * w_sum


def scaled(ruleset: RuleSet, raw) -> float:
    """The score of a raw value: clamped to the bounds (no scale), or the logistic scale's value;
    rounded once, by :func:`rounded`."""
    if ruleset.scale is None:
        return clamp(ruleset, raw)
    return rounded(logistic(ruleset.scale, float(raw)), SCORE_PLACES)


def total(ruleset: RuleSet, contribs: list[Contribution]) -> float:
    return scaled(ruleset, raw_value(ruleset, contribs))


def index_sums(contribs) -> dict[str, float]:
    """Σ points of each index (``structural``, ``warning``), without the base: the sums the combination weighs,
    exact to the points' two decimals (explain's waterfall and assess's arithmetic line both write them)."""
    return {ix: rounded(exact_sum(0, [c.points for c in contribs if (c.index == "warning") == (ix == "warning")]),
                        POINTS_PLACES) for ix in ("structural", "warning")}


def indices(ruleset: RuleSet, contribs: list[Contribution]) -> tuple[float, float]:
    """(structural, warning): base + Σ structural points and Σ warning points, unweighted, rounded
    to one decimal by :func:`rounded`."""
    return (rounded(exact_sum(ruleset.base, (c.points for c in contribs if c.index != "warning"))),
            rounded(exact_sum(0, (c.points for c in contribs if c.index == "warning"))))


def scorer(ruleset: RuleSet, fired: tuple[str, ...], with_indices: bool = True):
    """A function facts → ``(score, structural, warning)`` for one set of fired rules
    (with ``with_indices=False``, facts → score alone: what sweeps of thousands of timelines need).

    Timelines call it for thousands of dates with few distinct fired sets, so
    the rules are looked up once per set, not once per date.  Points are
    rounded to hundredths, so each index is exact in integer hundredths and
    the weighted raw value exact in integer ten-thousandths (weights with at
    most two decimals); only a base, weight or point that does not fit
    hundredths falls back to decimals.  The result equals :func:`total` and
    :func:`indices` of the same contributions (tested).
    """
    rules = [ruleset.rule(r) for r in fired]
    warn = {r.id for r in rules if ruleset.index_of(r.id) == "warning"}
    fixed = [(r.id in warn, points_of(r, {})) for r in rules if r.effect.per is None]
    scaled_s = [r for r in rules if r.effect.per is not None and r.id not in warn]
    scaled_w = [r for r in rules if r.effect.per is not None and r.id in warn]
    base_h = _hundredths(ruleset.base)
    fixed_h = [_hundredths(p) for _, p in fixed]
    ws_h, ww_h = (_hundredths(w) for w in ruleset.weights)
    lo_h, hi_h = _hundredths(ruleset.minimum), _hundredths(ruleset.maximum)
    if None in (base_h, lo_h, hi_h, ws_h, ww_h) or None in fixed_h:
        slow = _slow_scorer(ruleset, fixed, scaled_s, scaled_w)
        return slow if with_indices else (lambda values: slow(values)[0])
    assert base_h is not None and ws_h is not None and ww_h is not None and lo_h is not None and hi_h is not None
    start_s = base_h + sum(h for (w, _), h in zip(fixed, fixed_h) if not w and h is not None)
    start_w = sum(h for (w, _), h in zip(fixed, fixed_h) if w and h is not None)
    scale = ruleset.scale
    lo_t, hi_t = lo_h * 100, hi_h * 100  # ten-thousandths

    plan_s, plan_w = _plan(scaled_s), _plan(scaled_w)
    floor, isfinite = math.floor, math.isfinite

    def hundredths(plan: list, values: dict) -> int:
        """Σ of each rule's :func:`points_of` in integer hundredths, without decimals unless a product
        lies on a rounding tie (then the decimal rule decides); inlined, as it runs for every date."""
        total = 0
        get = values.get
        for fact, pts, cap, r in plan:
            x = pts * float(get(fact) or 0)
            if cap is not None:
                x = -cap if x < -cap else cap if x > cap else x
            q = x * 100
            if isfinite(q):
                f = floor(q)  # an int
                frac = q - f
                if not -1e-7 < frac - 0.5 < 1e-7:
                    total += f + (frac > 0.5)
                    continue
            total += round(points_of(r, values) * 100)
        return total

    def parts(values: dict) -> tuple[float, int, int]:
        """The score, and the two indices in integer hundredths."""
        s = start_s + hundredths(plan_s, values) if plan_s else start_s
        w = start_w + hundredths(plan_w, values) if plan_w else start_w
        raw_t = base_h * 100 + ws_h * (s - base_h) + ww_h * w  # exact, in ten-thousandths
        if scale is None:
            return _round_div(max(lo_t, min(hi_t, raw_t)), 1000), s, w
        return _rounded_tenth(logistic(scale, raw_t / 10000)), s, w

    if not with_indices:  # sweeps: the indices nobody reads are not rounded
        return lambda values: parts(values)[0]

    def score(values: dict) -> tuple[float, float, float]:
        total, s, w = parts(values)
        return total, _round_div(s, 10), _round_div(w, 10)

    return score


def _plan(rules: list[Rule]) -> list[tuple]:
    """Each scaled rule as (fact, points, cap or None, the rule): read once per fired set, not per date."""
    return [(r.effect.per, float(r.effect.points), None if r.effect.cap is None else float(r.effect.cap), r)
            for r in rules]


def _rounded_tenth(x: float) -> float:
    """:func:`rounded` to one decimal for a finite float, without decimals unless ``x`` lies
    within a hair of a rounding tie (then the decimal rule decides): the logistic's score on
    every date of a sweep, where the decimal path cost a third of the scoring time."""
    q = x * 10
    f = math.floor(q)
    frac = q - f
    if abs(frac - 0.5) < 1e-6 or not math.isfinite(q):
        return rounded(x, SCORE_PLACES)
    return (f + (frac > 0.5)) / 10 + 0.0


def _round_div(n: int, d: int) -> float:
    """``n / d`` to one decimal (``n`` in units of 1/(10·d)), half away from zero, in exact integers."""
    tenths, rest = divmod(abs(n), d)
    tenths += 2 * rest >= d
    return (tenths if n >= 0 else -tenths) / 10 + 0.0


def _slow_scorer(ruleset: RuleSet, fixed: list, scaled_s: list, scaled_w: list):
    """:func:`scorer` in decimals, for a base, weight or point that does not fit hundredths."""
    fixed_c = [Contribution("", "", p, "", (), "warning" if w else "structural") for w, p in fixed]

    def score(values: dict) -> tuple[float, float, float]:
        contribs = fixed_c + [Contribution("", "", points_of(r, values), "", (), "structural") for r in scaled_s] \
            + [Contribution("", "", points_of(r, values), "", (), "warning") for r in scaled_w]
        return (total(ruleset, contribs), *indices(ruleset, contribs))

    return score


def _hundredths(x) -> int | None:
    """``x`` in integer hundredths when it is exactly a number of hundredths (as printed), else None."""
    h = round(x * 100)
    return h if abs(x * 100 - h) < 1e-6 and _decimal(x) == Decimal(h).scaleb(-2) else None
