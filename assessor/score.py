"""Score stage: fired rules → contributions → score → level.

A contribution is a rule's points (scaled by a fact when the rule says
``per``, and capped), with the rule's reason filled in from the facts and the
evidence — the dated, sourced events — behind every fact the rule looked at.
"""

from __future__ import annotations

import string
from dataclasses import dataclass

from assessor.derive import Facts
from assessor import ir
from assessor.loader import template_names
from assessor.model import Rule, RuleSet


@dataclass(frozen=True)
class Contribution:
    rule: str
    factor: str
    points: float
    reason: str
    evidence: tuple  # Event/Attribute objects


def points_of(rule: Rule, facts: dict) -> float:
    eff = rule.effect
    pts = float(eff.points)
    if eff.per is not None:
        pts *= float(facts.get(eff.per) or 0)
        if eff.cap is not None:
            pts = max(-float(eff.cap), min(float(eff.cap), pts))
    return round(pts, 2)


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


def clamp(ruleset: RuleSet, raw: float) -> float:
    # Points are rounded to cents, so their exact sum is too: rounding to cents
    # first makes the score independent of the order the points were added in.
    return round(float(max(ruleset.minimum, min(ruleset.maximum, round(raw, 2)))), 1)


def total(ruleset: RuleSet, contribs: list[Contribution]) -> float:
    return clamp(ruleset, ruleset.base + sum(c.points for c in contribs))


def scorer(ruleset: RuleSet, fired: tuple[str, ...]):
    """A function facts → score for one set of fired rules.

    Timelines call it for thousands of dates with few distinct fired sets, so
    the rules are looked up once per set, not once per date.
    """
    rules = [ruleset.rule(r) for r in fired]
    fixed = ruleset.base + sum(points_of(r, {}) for r in rules if r.effect.per is None)
    scaled = [r for r in rules if r.effect.per is not None]
    return lambda values: clamp(ruleset, fixed + sum(points_of(r, values) for r in scaled))
