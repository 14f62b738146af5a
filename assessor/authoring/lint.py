"""Lint: warnings about rules and profiles that load but are probably wrong.

The registry is explicit: :data:`LINTS` lists every check with the codes it
reports (each with what it means), and :data:`CODES` every stable code a
problem can carry — the loader's, validation's and the lints'.  Each lint is
one function.  A rule set silences codes for itself (``lints: {disable: [...]}``
in its header) and a rule for itself (``ignore_lints: [...]``); see
:func:`lint_rules`.
"""

from __future__ import annotations

import datetime as _dt
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass

from assessor import ir, loader, registry, yamlsrc
from assessor.assess import dates_between
from assessor.authoring._session import Session
from assessor.errors import Problem, did_you_mean
from assessor.facts import FACTS, STATUS_RANK
from assessor.model import Loc, Profile, Rule, RuleSet
from assessor.spec import STEP_BACK_STATUSES

# Every stable code a problem can carry, for the README and for tests that
# check no code goes undocumented.  Codes never change meaning; a renamed
# check keeps its old code.
CODES: dict[str, str] = {
    # YAML layer (yamlsrc)
    "yaml-syntax": "the file is not valid YAML",
    "tab": "a tab character in indentation",
    "duplicate-key": "the same key twice in one mapping (YAML would silently keep the last)",
    "empty-file": "the file holds nothing but comments or blanks",
    "not-a-mapping": "the top level is not a mapping of fields",
    "not-utf8": "the file is not UTF-8",
    "unsafe-tag": "a language-specific tag such as !!python/...: refused, never constructed",
    "unsupported-merge": "a '<<' merge key",
    "too-many-nodes": "the document expands to too many values (an alias bomb)",
    "too-large": "the file is larger than any rule file or profile should be (2 MiB)",
    "too-deep": "values nested too deep",
    "missing-file": "a path that does not exist or holds no YAML files",
    # structure (spec)
    "unknown-field": "a field the format does not have (with a did-you-mean)",
    "missing-field": "a required field is missing",
    "missing-source": "a profile event or attribute without its source",
    "wrong-type": "a value of the wrong type",
    "bad-value": "a value outside what the field allows",
    "bad-date": "an impossible date, or not YYYY-MM-DD",
    "empty-list": "a list that must not be empty (e.g. an 'in' list)",
    # meaning (loader)
    "end-before-start": "an end date before its start",
    "duplicate-rule-id": "two rules with one id",
    "duplicate-id": "two profiles (or two rule-test cases) with one name",
    "duplicate-header": "more than one 'ruleset:' header",
    "missing-header": "no file declares the 'ruleset:' header",
    "unknown-fact": "a condition on a fact that does not exist (with a did-you-mean)",
    "type-mismatch": "a fact compared with a value of the wrong type",
    "bad-template": "a malformed reason template",
    "unknown-template-fact": "a reason template naming an unknown fact",
    "unknown-name": "a state or organisation the registry does not know (with a did-you-mean)",
    "composite-name": "several parties in one text ('Denmark, Norway and Iceland'): write a list (warning while legacy)",
    "duplicate-name": "a name or alias that two registry entries claim",
    # authoring (this module)
    "engine-limit": "a condition beyond what durable-rules can compile",
    "unknown-rule": "a rule test naming a rule the rule set does not have",
    "unknown-profile": "a rule test naming a profile that does not exist",
}


def _at(loc: Loc, message: str, code: str, severity: str = "warning") -> Problem:
    return Problem(loc.file, loc.line, loc.col, severity, message, code)


def coverage_dates(profile: Profile, step: str = "month") -> list[_dt.date]:
    """The dates a lint looks at for one profile: its own covered period."""
    return dates_between(profile.covers_from, profile.covers_to, step)


@dataclass(frozen=True)
class Lint:
    """One lint check: the codes it reports (each with what it means) and what it applies to."""

    codes: dict[str, str]
    applies_to: str  # "rules" | "profiles"
    check: Callable


Literal = tuple  # (ir.Compare, positive: bool)


def _describe(c: ir.Compare, positive: bool = True) -> str:
    text = c.describe()
    return text if positive else f"not ({text})"


def _candidates(fact: str, literals: list[Literal]) -> list:
    """One value from every region the compared constants cut the fact's domain into."""
    f = FACTS[fact]
    consts = [v for c, _ in literals if c.op != "present" for v in (c.value if c.op == "in" else [c.value])]
    if f.type == "bool":
        values: list = [True, False]
    elif f.type == "text":
        values = list(f.values) or [*consts, "\0other"]
    else:
        pts = sorted(set(consts)) or [0]
        values = pts + [(a + b) / 2 for a, b in zip(pts, pts[1:])] + [pts[0] - 1, pts[-1] + 1]
    return values if f.always else values + [ir.ABSENT]


def _satisfiable(literals: list[Literal]) -> bool:
    values = _candidates(literals[0][0].fact, literals)
    return any(all(ir.holds(c, v) == pos for c, pos in literals) for v in values)


def _flatten(node: ir.Node, positive: bool, lits: list, rest: list) -> None:
    """Collect the literals that must all hold with ``node`` (De Morgan through ``not``)."""
    if isinstance(node, ir.Compare):
        lits.append((node, positive))
    elif isinstance(node, ir.Not):
        _flatten(node.child, not positive, lits, rest)
    elif isinstance(node, ir.All) == positive:
        for child in ir.children(node):
            _flatten(child, positive, lits, rest)
    else:
        rest.append((node, positive))


def conjunctions(c: ir.Node, positive: bool = True) -> Iterator[list[Literal]]:
    """Each maximal group of literals that must hold together (an ``all``, or a negated ``any``)."""
    if isinstance(c, ir.Compare):
        return
    if isinstance(c, ir.Not):
        yield from conjunctions(c.child, not positive)
        return
    if isinstance(c, ir.All) != positive:  # a disjunction: look for conjunctions inside its branches
        for child in ir.children(c):
            yield from conjunctions(child, positive)
        return
    lits: list = []
    rest: list = []
    _flatten(c, positive, lits, rest)
    yield lits
    for node, pos in rest:
        yield from conjunctions(node, pos)


def _contradictions(rule: Rule) -> Iterator[Problem]:
    for lits in conjunctions(rule.when):
        by_fact: dict[str, list] = {}
        for lit in lits:
            by_fact.setdefault(lit[0].fact, []).append(lit)
        for group in by_fact.values():
            for k in range(1, len(group) + 1):
                if not _satisfiable(group[:k]):
                    yield _contradiction(rule, group[:k])
                    break


def _contradiction(rule: Rule, group: list[Literal]) -> Problem:
    last, pos = group[-1]
    earlier = [f"{_describe(c, p)} (line {c.loc.line})" for c, p in group[:-1]]
    with_ = f" together with {', '.join(earlier)}" if earlier else ""
    return _at(last.loc, f"rule {rule.id!r}: {_describe(last, pos)} can never hold{with_}; the rule never fires",
               "contradictory-conditions")


def lint_contradictions(ruleset: RuleSet, _profiles) -> Iterator[Problem]:
    """Conditions that exclude each other: the engine accepts them and the rule silently never fires."""
    for rule in ruleset.rules:
        yield from _contradictions(rule)


def lint_descriptions(ruleset: RuleSet, _profiles) -> Iterator[Problem]:
    """Rules without a description: a reviewer cannot tell why the points are there."""
    for rule in ruleset.rules:
        if not rule.description.strip():
            yield _at(rule.loc, f"rule {rule.id!r} has no description: say why it exists and cite the research",
                      "missing-description")


def lint_firing(ruleset: RuleSet, profiles: loader.ProfileSet | None) -> Iterator[Problem]:
    """Rules that never fire, or fire on every country-date, on the profiles monthly over each one's coverage."""
    if not profiles or not profiles.profiles:
        return
    counts, total = firing_counts(ruleset, profiles, None)
    where = (f"{len(profiles.profiles)} profile(s) ({', '.join(sorted(profiles.profiles))}), "
             f"monthly over each record's period")
    for rule in ruleset.rules:
        if counts[rule.id] == 0:
            yield _at(rule.loc, f"rule {rule.id!r} never fires on {where}", "never-fires")
        elif counts[rule.id] == total:
            yield _at(rule.loc, f"rule {rule.id!r} fires on every country-date of {where}: it tells nothing "
                                "apart (move its points into 'base'?)", "always-fires")


def firing_counts(ruleset: RuleSet, profiles: loader.ProfileSet,
                  dates: Sequence[_dt.date] | None) -> tuple[Counter, int]:
    """How many country-dates each rule fires on, and how many there are
    (``dates``: the same for every profile; None: monthly over each one's coverage)."""
    counts: Counter = Counter()
    total = 0
    with Session(ruleset, profiles) as a:
        for p in profiles.profiles.values():
            for point in a.timeline(p, coverage_dates(p) if dates is None else dates):
                total += 1
                counts.update(point.fired)
    return counts, total


def score_range(ruleset: RuleSet) -> tuple[float, float]:
    """Lowest and highest score the rules could ever produce, clamped to the bounds.

    Conservative (it ignores that some rules exclude each other): a scaled rule
    counts as anything from -cap to +cap, and one without a cap is unbounded.
    """
    lo = hi = float(ruleset.base)
    for rule in ruleset.rules:
        e = rule.effect
        if e.per is None:
            lo, hi = lo + min(0.0, e.points), hi + max(0.0, e.points)
        elif e.cap is None:
            lo, hi = float("-inf"), float("inf")
        else:
            lo, hi = lo - e.cap, hi + e.cap
    return max(ruleset.minimum, lo), min(ruleset.maximum, hi)


def lint_levels(ruleset: RuleSet, _profiles) -> Iterator[Problem]:
    """Level bands outside :func:`score_range`: names the output can never show are a sign of a wrong base or bounds."""
    lo, hi = score_range(ruleset)
    levels = ruleset.levels
    doc = None
    for i, lv in enumerate(levels):
        end = levels[i + 1].start if i + 1 < len(levels) else float("inf")
        if lv.start > hi or end <= lo:
            doc = doc or yamlsrc.read(ruleset.loc.file)
            yield doc.problem(("ruleset", "levels", i), f"level {lv.name!r} (from {lv.start:g}) can never be reached: "
                                                        f"scores range from {lo:g} to {hi:g}", "unreachable-level",
                              severity="warning")


def lint_membership(profile: Profile) -> Iterator[Problem]:
    """Membership events out of order: the derived status would then be wrong from that date on."""
    members = [e for e in profile.events if e.kind == "membership"]
    yield from _status_backwards(members)
    yield from _ratification_outside_ratifying(profile, members)
    yield from _ratified_count_falls(profile)


def _status_backwards(members: list) -> Iterator[Problem]:
    rank = [STATUS_RANK[e.get("status")] for e in members]
    for i in range(1, len(members)):
        e, prev = members[i], members[i - 1]
        if rank[i] < rank[i - 1] and e.get("status") not in STEP_BACK_STATUSES:
            yield _at(e.loc, f"status {e.get('status')!r} on {e.date} comes after {prev.get('status')!r} "
                             f"({prev.date}): membership status goes backwards (a step back is written as "
                             f"{' or '.join(STEP_BACK_STATUSES)})", "membership-order")


def _ratification_outside_ratifying(profile: Profile, members: list) -> Iterator[Problem]:
    for e in profile.events:
        if e.kind == "ratification":
            before = [m for m in members if m.date <= e.date]  # same-day status changes count, as in derive
            status = before[-1].get("status") if before else "none"
            if status != "ratifying":
                yield _at(e.loc, f"ratification on {e.date} while the status is {status!r}, not 'ratifying'",
                          "membership-order")


def _ratified_count_falls(profile: Profile) -> Iterator[Problem]:
    counted = [e for e in profile.events if e.kind in ("membership", "ratification") and e.get("ratified") is not None]
    for prev, e in zip(counted, counted[1:]):
        if e.get("ratified") < prev.get("ratified"):
            yield _at(e.loc, f"ratified count falls from {prev.get('ratified')} ({prev.date}) to {e.get('ratified')} "
                             f"({e.date})", "membership-order")


def lint_actors(profile: Profile) -> Iterator[Problem]:
    """Threats by someone who is neither the adversary nor, per the registry of states, its ally on the day.

    Such a threat still counts towards the threat level; the warning asks
    whether it belongs in this profile (or the registry misses an alliance).
    """
    reg = profile.registry or registry.default()
    for e in profile.events:
        counted = e.kind == "threat" and e.get("attribution", "established") == "established"
        actor = e.get("actor") if counted else None  # an unproven incident counts against no one
        if actor and actor not in profile.hostile() and not any(reg.allied(actor, h, e.date) for h in profile.hostile()):
            yield _at(e.get("actor:loc") or e.loc,
                      f"threat by {actor!r} on {e.date}: neither the adversary ({profile.adversary}) nor, per the registry "
                      f"of states, its ally on that day; it still counts towards the threat level", "actor-not-adversary")


def lint_sources(profile: Profile) -> Iterator[Problem]:
    """Syndicated copies that do not say whose report they copy: a reader cannot look for the original."""
    items = [(e.loc, e.source) for e in profile.events] + [(a.loc, a.source) for a in profile.attributes.values()]
    for loc, src in items:
        if src.kind == "syndicated" and not src.original:
            yield _at(loc, f"source {src.publisher!r} is a syndicated copy: name the original publisher "
                           "(original: Reuters; 'unknown' if it cannot be told) or cite the original", "syndicated-source")


LINTS: list[Lint] = [
    Lint({"contradictory-conditions": "conditions on one fact in one 'all' that can never hold together (x > 5 and x < 3)"},
         "rules", lint_contradictions),
    Lint({"never-fires": "a rule that fires on no profile and date (monthly over each record's period)",
          "always-fires": "a rule that fires on every profile and date (monthly over each record's "
                          "period)"}, "rules", lint_firing),
    Lint({"unreachable-level": "a level band no score can reach (from base and every rule's possible points)"},
         "rules", lint_levels),
    Lint({"missing-description": "a rule without a description"}, "rules", lint_descriptions),
    Lint({"membership-order": "membership status going backwards, ratifications outside 'ratifying', "
                              "ratified counts falling"}, "profiles", lint_membership),
    Lint({"actor-not-adversary": "a threat whose actor is neither the adversary nor, per the registry of states, "
                                 "its ally on the day"}, "profiles", lint_actors),
    Lint({"syndicated-source": "a syndicated copy that does not name the original publisher"},
         "profiles", lint_sources),
]
CODES.update({code: summary for lint in LINTS for code, summary in lint.codes.items()})
CODES["unknown-lint"] = "ignore_lints or lints.disable names a code no lint reports"


def lint_rules(ruleset: RuleSet, profiles: loader.ProfileSet | None) -> list[Problem]:
    """Every rule lint, less the codes the rule set disables (``lints: {disable: [...]}``
    in its header) and those a rule silences for itself (``ignore_lints: [...]``)."""
    silenced = {(r.loc.file, r.loc.line): set(r.ignore_lints) for r in ruleset.rules if r.ignore_lints}
    off = set(ruleset.disabled_lints)
    unknown = [_at(r.loc, f"rule {r.id!r}: no lint has the code {c!r}{did_you_mean(c, CODES)}", "unknown-lint")
               for r in ruleset.rules for c in r.ignore_lints if c not in CODES]
    unknown += [_at(ruleset.loc, f"the rule set disables {c!r}, which no lint reports{did_you_mean(c, CODES)}",
                    "unknown-lint") for c in ruleset.disabled_lints if c not in CODES]
    return unknown + [p for lint in LINTS if lint.applies_to == "rules" for p in lint.check(ruleset, profiles)
            if p.code not in off and p.code not in silenced.get((p.file, p.line), ())]


def lint_profile(profile: Profile) -> list[Problem]:
    return [p for lint in LINTS if lint.applies_to == "profiles" for p in lint.check(profile)]
