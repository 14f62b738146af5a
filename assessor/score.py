"""Score stage: fired rules → contributions → score → level.

A contribution is a rule's points (scaled by a fact when the rule says
``per``, and capped), with the rule's reason filled in from the facts and the
evidence — the dated, sourced events — behind every fact the rule looked at.
"""

from __future__ import annotations

import math
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
    rule: str
    factor: str
    points: float
    reason: str
    evidence: tuple  # Event/Attribute objects


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


class _Fill(string.Formatter):
    """Fills a reason template; numbers print without spurious decimals."""

    def format_field(self, value, format_spec):
        if isinstance(value, str):  # fact values like mutual_assistance_clause read as words
            value = value.replace("_", " ")
        if not format_spec and isinstance(value, float):
            return f"{value:g}" if abs(value) < 1e6 else f"{value:.0f}"
        return super().format_field(value, format_spec)


_FILL = _Fill()


def reason_of(rule: Rule, facts: dict, points: float) -> str:
    values = {name: facts.get(name, "n/a") for name in template_names(rule.reason)}
    values["points"] = points
    try:
        return _FILL.vformat(rule.reason, (), values)
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
            out.append(Contribution(rule.id, rule.factor, pts, reason_of(rule, facts.values, pts), _evidence(rule, facts)))
        else:
            out.append(Contribution(rule.id, rule.factor, pts, "", ()))
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


def total(ruleset: RuleSet, contribs: list[Contribution]) -> float:
    return clamp(ruleset, exact_sum(ruleset.base, (c.points for c in contribs)))


def scorer(ruleset: RuleSet, fired: tuple[str, ...]):
    """A function facts → score for one set of fired rules.

    Timelines call it for thousands of dates with few distinct fired sets, so
    the rules are looked up once per set, not once per date.  Points are
    rounded to hundredths, so the sum is exact in integer hundredths; only a
    base or a point that does not fit hundredths falls back to decimals.
    The result equals :func:`total` of the same contributions (tested).
    """
    rules = [ruleset.rule(r) for r in fired]
    fixed_points = [points_of(r, {}) for r in rules if r.effect.per is None]
    scaled = [r for r in rules if r.effect.per is not None]
    base_h = _hundredths(ruleset.base)
    fixed_h = [_hundredths(p) for p in fixed_points]
    lo_h, hi_h = _hundredths(ruleset.minimum), _hundredths(ruleset.maximum)
    if base_h is None or lo_h is None or hi_h is None or None in fixed_h:
        fixed = exact_sum(ruleset.base, fixed_points)
        return lambda values: clamp(ruleset, exact_sum(fixed, (points_of(r, values) for r in scaled)))
    start = base_h + sum(h for h in fixed_h if h is not None)  # every one is (checked above)

    def score(values: dict) -> float:
        total = start
        for r in scaled:
            total += _points_hundredths(r, values)
        total = max(lo_h, min(hi_h, total))
        tenths, rest = divmod(abs(total), 10)
        tenths += rest >= 5  # half away from zero, in exact integers
        return (tenths if total >= 0 else -tenths) / 10 + 0.0

    return score


def _points_hundredths(rule: Rule, facts: dict) -> int:
    """:func:`points_of` in integer hundredths, without decimals unless the
    product lies on a rounding tie (then the decimal rule decides)."""
    eff = rule.effect
    pts = float(eff.points) * float(facts.get(eff.per) or 0)
    if eff.cap is not None:
        pts = max(-float(eff.cap), min(float(eff.cap), pts))
    q = pts * 100
    f = math.floor(q)
    frac = q - f
    if abs(frac - 0.5) < 1e-7 or not math.isfinite(q):
        return round(points_of(rule, facts) * 100)
    return int(f) + (frac > 0.5)


def _hundredths(x) -> int | None:
    """``x`` in integer hundredths when it is exactly a number of hundredths (as printed), else None."""
    h = round(x * 100)
    return h if abs(x * 100 - h) < 1e-6 and _decimal(x) == Decimal(h).scaleb(-2) else None
