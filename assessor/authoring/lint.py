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

from assessor import ir, loader, registry, score, yamlsrc
from assessor.assess import MAX_DATES, dates_between
from assessor.authoring._session import Session
from assessor.errors import AssessorError, Problem, did_you_mean
from assessor.facts import FACTS, STATUS_RANK
from assessor.model import Loc, Profile, Rule, RuleSet
from assessor.spec import STEP_BACK_STATUSES, WORLD_ACTOR_FIELDS

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
    "unused-warning-factor": "a factor in the header's combine.warning_factors that no rule has (a typo would move "
                             "the factor it meant into the structural index)",
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
    """The dates a lint looks at for one profile: its own covered period.  A period of more months than a timeline
    may hold (a valid record covering 0001-01-01 to 9999-12-31) is an input error naming the record's covers: line;
    it was a ValueError traceback out of `rules validate`."""
    try:
        return dates_between(profile.covers_from, profile.covers_to, step)
    except ValueError:
        raise AssessorError(too_long(profile, step, "the firing lints try each rule on it", "skip the lints (--no-lint)")) \
            from None


def too_long(profile: Profile, step: str, who: str, other: str = "") -> str:
    """What to say of a record whose covered period by ``step`` is more dates than a timeline may hold: where its
    period is written, what tried it (``who``), and what the user can change (the period, the profiles, ``other``)."""
    return (f"{covers_at(profile)}: {profile.id} covers {profile.covers_from} to {profile.covers_to}: {who} "
            f"{'daily' if step == 'day' else step + 'ly'}, more than the {MAX_DATES:,} dates a timeline may hold; "
            f"shorten its covers: period{', leave the profile out or ' + other if other else ' or leave the profile out'}")


def covers_at(profile: Profile) -> str:
    """``file:line:col`` of a profile's ``covers:`` value (read again: only said on a rare error), else its file."""
    try:
        line, col = yamlsrc.read(profile.path).loc(("covers",))
    except (AssessorError, OSError, ValueError):
        return profile.path
    return f"{profile.path}:{line}:{col}"


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
                if not _satisfiable(group[:k]) and "contradictory-conditions" not in rule.ignore_lints:
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


def lint_factors(ruleset: RuleSet, _profiles) -> Iterator[Problem]:
    """A factor that only one rule has, spelt like one of the header's warning factors: its rule counts, silently, in
    the structural index at the weight of that index (a review: ``factor: thretas`` validated clean and moved
    threat-surge's points there).  A rule that declares its ``index`` chose it, and is not asked."""
    if ruleset.combine is None or not ruleset.combine.warning_factors:
        return
    warning = sorted(set(ruleset.combine.warning_factors))
    counts = Counter(r.factor for r in ruleset.rules)
    for rule in ruleset.rules:
        if rule.index is not None or rule.factor in warning or counts[rule.factor] > 1:
            continue
        hint = did_you_mean(rule.factor, warning, cutoff=0.75)
        if hint:
            yield _at(rule.loc, f"rule {rule.id!r}: its factor {rule.factor!r} is no warning factor and no other rule "
                                f"has it, so its points count in the structural index{hint} (to keep it, declare "
                                "index: structural on the rule)", "near-warning-factor")


def _requires_present(node: ir.Node, fact: str) -> bool:
    """Whether a condition in negation normal form can hold only where ``fact`` is present (sound, not complete:
    a comparison on the fact other than ``present: false`` requires it, an ``all`` when one child does, an ``any``
    when every child does)."""
    if isinstance(node, ir.Compare):
        return node.fact == fact and not (node.op == "present" and node.value is False)
    if isinstance(node, ir.All):
        return any(_requires_present(c, fact) for c in node.children)
    if isinstance(node, ir.Any):
        return all(_requires_present(c, fact) for c in node.children)
    return False


def lint_per_absent(ruleset: RuleSet, _profiles) -> Iterator[Problem]:
    """A ``per`` on a fact that may be absent, in a rule whose condition does not require it: where the fact is absent
    the rule still fires, for +0.0 points, and its reason shows n/a (a review: ``per: land_border_km`` on Japan)."""
    for rule in ruleset.rules:
        per = rule.effect.per
        if per is None or per not in FACTS or FACTS[per].always:
            continue
        when = ir.normalise(rule.when, lambda f: f in FACTS and not FACTS[f].always)
        if not _requires_present(when, per):
            yield _at(rule.loc, f"rule {rule.id!r}: 'per' names {per!r}, a fact that may be absent, and its condition "
                                f"does not require it: where it is absent the rule fires for 0 points (a reason shows "
                                f"it as n/a); add {{fact: {per}, present: true}} to its 'when' (in an 'all')",
                      "per-may-be-absent")


def lint_whole_list(ruleset: RuleSet, _profiles) -> Iterator[Problem]:
    """An ``eq``, ``ne`` or ``in`` of a name on a fact that lists names joined by '; ' (guarantors,
    agreement_parties, ...): it compares the whole list, so ``{fact: guarantors, eq: United States}``
    holds only where the United States is the only guarantor, never beside NATO (a review). 'none' (the
    empty list) and a value that is itself a joined list are meant whole, and not asked."""
    for rule in ruleset.rules:
        for c in ir.comparisons(rule.when):
            fact = FACTS.get(c.fact)
            if fact is None or not fact.joined or c.op not in ("eq", "ne", "in") or "whole-list-match" in rule.ignore_lints:
                continue
            names = [v for v in (c.value if c.op == "in" else [c.value])
                     if isinstance(v, str) and v != "none" and "; " not in v]
            if not names:
                continue
            what = {"eq": f"eq {names[0]!r} holds only where that name is the whole list, not where it is one of "
                          "several",
                    "ne": f"ne {names[0]!r} holds also where that name is one of several",
                    "in": f"in [{', '.join(map(repr, names))}] holds only where one of them is the whole list, not "
                          "where it is one of several"}[c.op]
            yield _at(c.loc, f"rule {rule.id!r}: {c.fact!r} is a list of names joined by '; ' (e.g. 'NATO; United "
                             f"States'): {what}; no operator tests one name of a list: read a count or rank fact "
                             "instead (see `assessor rules facts`), or silence this with ignore_lints if the whole list "
                             "is meant", "whole-list-match")


def lint_bundled_name(ruleset: RuleSet, _profiles) -> Iterator[Problem]:
    """A rule set of its own that calls itself by the bundled set's name and version, with other rules: every output
    (assess, explain, reports, the backtest) would name the edited rules as the bundled release, told apart by a
    12-hex hash alone (a review: `cp -r rules my-rules` and an edit).  An exact copy hashes as the bundled set, and
    rules added without a header are the bundled set's (labelled as added): neither is asked."""
    from assessor.files import bundled_folder_of

    if bundled_folder_of(ruleset.loc.file) is not None:
        return
    try:
        bundled = loader.load_ruleset()
    except AssessorError:
        return
    if (ruleset.name, ruleset.version) == (bundled.name, bundled.version) and ruleset.sha256 != bundled.sha256:
        yield yamlsrc.read(ruleset.loc.file).problem(
            ("ruleset", "name"), f"this rule set calls itself {ruleset.name} {ruleset.version}, the bundled rule set's "
                                 "name and version, but its files differ from the bundled set's: every output would "
                                 "name it as the bundled release; give it a name and version of its own in this header "
                                 "(`assessor rules copy DIR` starts a copy so renamed)", "bundled-name",
            severity="warning")


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
    """Lowest and highest score the rules could ever produce, as a score is shown.

    Conservative (it ignores that some rules exclude each other): a scaled rule
    counts as anything from -cap to +cap, and one without a cap is unbounded.
    The raw extremes go through the same map as every score (:func:`score.scaled`:
    clamped to the bounds, or the logistic scale, then rounded once), because a
    level is read from the shown value: under a logistic scale a raw sum far
    below the midpoint shows as 0.0 and reads the lowest level, though the
    unrounded logistic never reaches 0.  An unbounded side is the bound, or the
    scale's limit (0 or 100).
    """
    lo = hi = float(ruleset.base)
    w_s, w_w = ruleset.weights
    for rule in ruleset.rules:
        e = rule.effect
        w = float(w_w if ruleset.index_of(rule.id) == "warning" else w_s)  # the combination's weight (format 2.1)
        if e.per is None:
            lo, hi = lo + w * min(0.0, e.points), hi + w * max(0.0, e.points)
        elif e.cap is None:
            lo, hi = float("-inf"), float("inf")
        else:
            lo, hi = lo - w * e.cap, hi + w * e.cap
    floor, ceiling = (0.0, 100.0) if ruleset.scale is not None else (float(ruleset.minimum), float(ruleset.maximum))
    return (floor if lo == float("-inf") else score.scaled(ruleset, lo),
            ceiling if hi == float("inf") else score.scaled(ruleset, hi))


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


def lint_membership_without_alliance(profile: Profile) -> Iterator[Problem]:
    """A membership track in a profile whose alliance is ``none``: the status is read as a track toward no alliance,
    so an applicant still counts the window of vulnerability's points and a member is covered by no collective
    defence (Taiwan written as a member scored lower than Taiwan: a hostile round).  Said once, at the first such
    event; ``none`` and ``neutral`` (a state outside every alliance track) are what such a profile may say."""
    if profile.alliance != "none":
        return
    for e in profile.events:
        status = e.get("status") if e.kind == "membership" else None
        if e.kind == "ratification" or (status is not None and status not in STEP_BACK_STATUSES):
            what = "a ratification" if e.kind == "ratification" else f"membership status {status!r}"
            yield _at(e.loc, f"{what} on {e.date} in a profile whose alliance is none: the track leads to no "
                             "alliance (an applicant still counts the window's points, a member no collective "
                             "defence); name the alliance, or write only none or neutral", "membership-without-alliance")
            return


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


def lint_pacts(profile: Profile) -> Iterator[Problem]:
    """An ``adversary_pact`` whose partner is itself hostile to the country on the pact's date.

    The construct says the adversary's other front was made safe by a pact with a *third* power
    (docs/profiles.md); two of the country's adversaries allied with each other are one hostile
    side, recorded by ``adversaries`` with ``role: ally``, and reading their treaty as a secured
    second front would add a warning sign the history does not hold (found in review: the
    Sino-Soviet treaty of 1950 recorded as one in two development records).
    """
    for e in profile.events:
        if e.kind != "adversary_pact":
            continue
        end = e.get("end") or _dt.date.max  # the first day it no longer held
        partners = set(e.names("partner"))
        first = {profile.adversary: e.date} if profile.adversary in partners else {}  # partner -> first hostile day
        for a in profile.adversaries:
            if a.name in partners and (a.since is None or a.since < end) and (a.until is None or a.until >= e.date):
                first[a.name] = min(first.get(a.name, end), max(e.date, a.since or e.date))
        if first:
            yield _at(e.get("partner:loc") or e.loc,
                      f"adversary_pact of {e.date}: its partner {registry.join_names(sorted(first))} is itself hostile "
                      f"to the country while the pact holds (from {min(first.values())}), not a third power; record the "
                      "alliance by 'adversaries' with 'role: ally' and the treaty in its note", "pact-within-hostile-side")


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
    Lint({"whole-list-match": "eq, ne or in of a name on a fact that lists names joined by '; ' (guarantors, "
                              "agreement_parties, ...): it compares the whole list"}, "rules", lint_whole_list),
    Lint({"bundled-name": "a rule set of its own with the bundled set's name and version but other files (every "
                          "output would name it as the bundled release)"}, "rules", lint_bundled_name),
    Lint({"per-may-be-absent": "a rule whose 'per' names a fact that may be absent, which its condition does not "
                               "require (it fires for 0 points where the fact is absent)"}, "rules", lint_per_absent),
    Lint({"near-warning-factor": "a factor only one rule has, spelt like a warning factor of the header (its points "
                                 "would count in the structural index)"}, "rules", lint_factors),
    Lint({"membership-order": "membership status going backwards, ratifications outside 'ratifying', "
                              "ratified counts falling"}, "profiles", lint_membership),
    Lint({"membership-without-alliance": "membership steps beyond none or neutral, or ratifications, in a profile "
                                         "whose alliance is none"}, "profiles", lint_membership_without_alliance),
    Lint({"actor-not-adversary": "a threat whose actor is neither the adversary nor, per the registry of states, "
                                 "its ally on the day"}, "profiles", lint_actors),
    Lint({"syndicated-source": "a syndicated copy that does not name the original publisher"},
         "profiles", lint_sources),
    Lint({"pact-within-hostile-side": "an adversary_pact whose partner is itself hostile to the country while the "
                                      "pact holds (not a third power)"}, "profiles", lint_pacts),
]
CODES.update({code: summary for lint in LINTS for code, summary in lint.codes.items()})
CODES["unknown-lint"] = "ignore_lints or lints.disable names a code no lint reports"


def lint_rules(ruleset: RuleSet, profiles: loader.ProfileSet | None) -> list[Problem]:
    """Every rule lint, less the codes the rule set disables (``lints: {disable: [...]}``
    in its header) and those a rule silences for itself (``ignore_lints: [...]``): here for those reported at the
    rule's line; a lint that reports at a line inside the rule (a comparison) leaves out the codes the rule silences
    itself, as the rule's line does not match."""
    silenced = {(r.loc.file, r.loc.line): set(r.ignore_lints) for r in ruleset.rules if r.ignore_lints}
    off = set(ruleset.disabled_lints)
    unknown = [_at(r.loc, f"rule {r.id!r}: no lint has the code {c!r}{did_you_mean(c, CODES)}", "unknown-lint")
               for r in ruleset.rules for c in r.ignore_lints if c not in CODES]
    unknown += [_at(ruleset.loc, f"the rule set disables {c!r}, which no lint reports{did_you_mean(c, CODES)}",
                    "unknown-lint") for c in ruleset.disabled_lints if c not in CODES]
    return unknown + [p for lint in LINTS if lint.applies_to == "rules" for p in lint.check(ruleset, profiles)
            if p.code not in off and p.code not in silenced.get((p.file, p.line), ())]


def lint_profile(profile: Profile, only: frozenset[str] | None = None, also: frozenset[int] = frozenset()) -> list[Problem]:
    """The profile lints on the profile's own events (an inherited event is linted once, in its world file); with
    ``only``, those lints alone that report one of its codes (a scenario's changes are checked with a few).
    ``also``: the ids of inherited events linted all the same (a scenario changed them in this record alone, so
    their world file's lint never sees the change)."""
    from dataclasses import replace

    from assessor.world import own_events

    mine = set(map(id, own_events(profile))) | also
    own = replace(profile, events=tuple(e for e in profile.events if id(e) in mine))
    return [p for lint in LINTS if lint.applies_to == "profiles" and (only is None or only & lint.codes.keys())
            for p in lint.check(own) if only is None or p.code in only]


# --------------------------------------------------------------------------- across files: world records

# Two copies of one event: same actor, kind and type, dated within this many
# days of each other (a time-zone or a report-day difference) in two files.
SAME_EVENT_DAYS = 3
# ... and telling the same story: summaries at least this alike (difflib's
# ratio), unless they share the day.  Two bilateral treaties the United States
# signed with two countries on one day are two events, told differently.
SAME_EVENT_LIKENESS = 0.6
SAME_DAY_LIKENESS = 0.35


def _actor_key(e) -> tuple:
    name = WORLD_ACTOR_FIELDS.get(e.kind)  # the field naming the actor, as world files read it
    return tuple(sorted(e.names(name))) if name else ()


def same_event_pairs(events) -> Iterator[tuple]:
    """Pairs of events (each with its file) that look like one event recorded twice, in two files.

    ``events``: (file, Event) pairs — every profile's own events and every
    world event.  An event whose actor is 'unknown' names no one and is never
    paired: two unattributed incidents are not the same actor's.
    """
    import difflib

    groups: dict[tuple, list] = {}
    for f, e in events:
        actor = _actor_key(e)
        if not actor or actor == (loader.UNKNOWN_ACTOR,):
            continue
        groups.setdefault((actor, e.kind, e.get("type") or e.get("arrangement")), []).append((f, e))
    for items in groups.values():
        items.sort(key=lambda fe: fe[1].date)
        for i, (fa, a) in enumerate(items):
            for fb, b in items[i + 1:]:
                days = (b.date - a.date).days
                if days > SAME_EVENT_DAYS:
                    break
                if fa == fb:
                    continue
                alike = difflib.SequenceMatcher(None, a.summary.lower(), b.summary.lower()).ratio()
                if alike >= (SAME_DAY_LIKENESS if days == 0 else SAME_EVENT_LIKENESS):
                    yield (fa, a), (fb, b)


def lint_same_event(profiles, world) -> Iterator[Problem]:
    """The same dated event of one actor recorded in two files: record it once, in ``world/``.

    Only profiles that inherit world events take part: a record named apart for its period ("India
    (1968-1972)") or with a name the registry does not know inherits none, so it must record every
    event itself (docs/world-records.md) — two historical records of one state that share a claim,
    or such a record beside a world file, are not a copy to move."""
    from assessor.world import inherits, own_events

    events = [(p.path, e) for p in profiles if inherits(p) for e in own_events(p)]
    events += [(w.event.loc.file, w.event) for w in (world.events if world is not None else ())]
    told = set()
    for (_, a), (_, b) in same_event_pairs(events):
        if id(b) in told:
            continue  # one warning per copy, naming the first record of the event
        told.add(id(b))
        yield _at(b.loc, f"{b.kind} of {b.date} by {registry.join_names(list(_actor_key(b)))} looks like the one recorded "
                         f"in {a.loc} ({a.date}): an event that concerns several countries is recorded once, in a world "
                         "file, with a selector saying whom it concerns", "same-event-twice")


def lint_conventions(profile: Profile) -> Iterator[Problem]:
    """The dating convention's two rules that a file can show: ``pending`` needs a reason, ``unproven`` what would prove it.

    Both live in the event's ``note`` (the format has no other place for them).
    """
    from assessor.world import own_events

    for e in own_events(profile):
        yield from event_conventions(e)


def event_conventions(e) -> Iterator[Problem]:
    note = e.get("note") or ""
    if e.source.date is not None and (e.date - e.source.date).days > SOURCE_LEAD_DAYS:  # no overflow at 9999-12-31
        yield _at(e.loc, f"{e.kind} of {e.date} rests on a source published {e.source.date}, before it happened: the "
                         "source reports an announcement; date the event on the day it happened and cite a report of "
                         "it, or date a measure on the day it was announced (docs/world-records.md)", "dated-after-source")
    if e.kind == "agreement" and e.get("pending") and not e.get("in_force") and not note.strip():
        yield _at(e.loc, f"agreement of {e.date} is 'pending' without a note saying why its entry into force is "
                         "not recorded (what was looked for)", "pending-without-reason")
    if e.get("attribution") == "unproven" and not note.strip():
        yield _at(e.loc, f"{e.kind} of {e.date} is 'unproven' without a note saying who is suspected and what would "
                         "prove it (an attribution by the authorities of the country concerned)", "unproven-without-proof")


# A source may carry the next day's date where it was published in a later time zone.
SOURCE_LEAD_DAYS = 1
LINTS.append(Lint({"dated-after-source": "an event dated after the source it rests on was published (an announcement "
                                         "dated at its effect)",
                   "pending-without-reason": "an agreement recorded 'pending' without a note giving the reason",
                   "unproven-without-proof": "an 'unproven' event without a note saying what would prove it"},
                  "profiles", lint_conventions))
CODES.update(LINTS[-1].codes)
CROSS_FILE_CODES = {
    "same-event-twice": "one actor's dated event recorded in two files (same actor, kind and type, dates within "
                        f"{SAME_EVENT_DAYS} days, alike summaries) by profiles that inherit world events: record it once "
                        "in world/",
    "no-effect": "an event no rule of the rule set reads (no fact it feeds is read by a rule), with what would be read",
    "named-apart": "a record named apart from its state by a parenthesis ('Estonia (2014-2025)') inherits no world event "
                   "that would concern it under the state's name: how many, and how to inherit them",
}
CODES.update(CROSS_FILE_CODES)


# --------------------------------------------------------------------------- events no rule reads

def rule_facts(ruleset: RuleSet) -> dict[str, list[str]]:
    """Every fact some rule reads (condition, ``per``, reason template) → the rules that read it."""
    out: dict[str, list[str]] = {}
    for r in ruleset.rules:
        names = ir.facts(r.when) | ({r.effect.per} if r.effect.per else set()) | set(loader.template_names(r.reason))
        for n in names & set(FACTS):
            out.setdefault(n, []).append(r.id)
    return out


def _event_key(e) -> tuple[str, str]:
    return e.kind, str(e.get("type") or e.get("arrangement") or e.get("status") or "")


def fed_facts(profile: Profile) -> dict[int, set[str]]:
    """For each event of ``profile`` (by ``id``), the facts that name it as evidence on the days it acts.

    Read from derive's own evidence — the facts derive says rest on the event —
    on the event's day, the day after and its entry into force, so the model's
    reading of an event is never encoded a second time here.
    """
    from assessor.derive import Deriver

    deriver = Deriver(profile)
    days: set[_dt.date] = set()
    for e in profile.events:
        after = e.date + _dt.timedelta(days=1) if e.date < _dt.date.max else None  # 9999-12-31 has no day after
        days.update(d for d in (e.date, after, e.get("in_force")) if d is not None)
    fed: dict[int, set[str]] = {id(e): set() for e in profile.events}
    for d in sorted(days):
        for fact, items in deriver.derive(d).evidence.items():
            for item in items:
                if id(item) in fed:
                    fed[id(item)].add(fact)
    return fed


def lint_no_effect(profiles, ruleset: RuleSet, reference=(),
                   world_file: Callable[[str], bool] | None = None, heirs=()) -> Iterator[Problem]:
    """Events no rule reads: recorded, validated, and without any effect on a score.

    An analyst who records an EU candidacy as a ``signal`` should hear that no
    rule reads it, and which kinds of event the rules do read.  What is read is
    taken from derive's evidence and the rule set's conditions; an ``unproven``
    incident is left out (it is recorded on purpose without counting).
    Each inherited event is judged once, at its world file, as inherited by
    ``profiles`` or ``heirs`` (further profiles loaded beside them, whose own
    events are not judged), and only when ``world_file`` (given the file's
    path) says the file is the user's to act on (None: every file).  ``reference``:
    further profiles (the bundled ones) whose events only show which kinds
    and types the rules read, so one new profile is compared with many.
    """
    from assessor.derive import LIFTING_SIGNALS

    read = set(rule_facts(ruleset))
    readers: dict[tuple[str, str], set[str]] = {}
    quiet: list = []
    seen_world: set[str] = set()
    mine = {id(p) for p in profiles}
    more = [h for h in heirs if id(h) not in mine]
    inheriting = mine | {id(h) for h in more}
    for p in [*profiles, *more, *(r for r in reference if id(r) not in inheriting)]:
        fed = fed_facts(p)
        for e in p.events:
            used = fed[id(e)] & read
            if used:
                readers.setdefault(_event_key(e), set()).update(used)
            inherited = e.get("world")
            if inherited is None:
                if id(p) not in mine:
                    continue
            else:  # judged once, at its world file, when that file is the user's
                if (id(p) not in inheriting or inherited.id in seen_world
                        or (world_file is not None and not world_file(e.loc.file))):
                    continue
                seen_world.add(inherited.id)
            if not used and e.get("attribution") != "unproven":
                quiet.append(e)
    for e in quiet:
        kind, typ = _event_key(e)
        if readers.get((kind, typ)):
            continue  # the same kind of event is read elsewhere: this one is outweighed here, not unread
        others = sorted(t for (k, t), facts in readers.items() if k == kind and facts)
        what = f"{kind} {typ}".strip()
        hint = (f"rules read {kind} events of type {', '.join(others)}" if others else
                f"no rule reads any {kind} event" if not any(k == kind for k, _ in readers) else "")
        facts = sorted({f for (k, _), fs in readers.items() if k == kind for f in fs})
        through = f" (through {', '.join(facts)})" if facts else ""
        lifts = (f" (a {typ} signal counts only where it lifts an earlier public exclusion of the country by the "
                 "same state, and this record holds none)" if kind == "signal" and typ in LIFTING_SIGNALS
                 and "protector_exclusion" in read else "")
        yield _at(e.loc, f"{what} of {e.date}: no rule reads it, so it has no effect on any score{lifts}; {hint}{through}. "
                         "A fact the model does not read belongs in the note of the event it explains, or as a "
                         "kind and type the rules read", "no-effect")
