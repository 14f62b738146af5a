"""Tools for rule and profile authors: validate, lint, rule tests, diff, show.

Analysts change the rules; this module makes that safe and quick, the way
OPA, Semgrep and yamllint do for policy code.  It is a library without click:
every function returns plain data or :class:`~assessor.errors.Problem` objects
and the CLI (:mod:`assessor.cli_authoring`) only formats them and turns the
worst finding into the exit code, so all of it is tested without a terminal.

* **validate**: every problem of the loader (YAML, structure, meaning), of the
  rule tests next to the rules, and of the engine's limits, each with its
  file:line:col, plus **lint** warnings (:data:`LINTS`).
* **rule tests**: YAML cases in ``rules/tests/*.yaml`` run through the real
  engine, with rule coverage.
* **diff**: two rule sets on the same profiles and dates: which country-dates
  change level, how far scores move, and which rules moved them.
* **show**: one rule's YAML, its compiled durable-rules pattern and where it
  fires on the profiles.
"""

from __future__ import annotations

import datetime as _dt
import json
import textwrap
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Callable, Iterable, Iterator, Sequence

from assessor import engine, ir, loader, registry, score, spec, yamlsrc
from assessor.assess import Assessor, Point, dates_between
from assessor.derive import Facts
from assessor.errors import AssessorError, InputError, Problem, did_you_mean
from assessor.facts import FACTS, STATUS_RANK
from assessor.model import Loc, Profile, Rule, RuleSet
from assessor.render.safe import safe_json, safe_text
from assessor.spec import STEP_BACK_STATUSES

# --------------------------------------------------------------------------- problem codes

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

# --------------------------------------------------------------------------- reporting problems


def _text(problems: list[Problem]) -> str:
    return "".join(f"{p}\n" for p in problems)


def _json(problems: list[Problem]) -> str:
    doc = {
        "errors": sum(p.severity == "error" for p in problems),
        "warnings": sum(p.severity == "warning" for p in problems),
        "problems": [p.to_dict() for p in problems],
    }
    return json.dumps(doc, indent=2, ensure_ascii=False) + "\n"


def _escape(text: str, prop: bool = False) -> str:
    """Escape for a GitHub workflow command (its documented percent-encoding)."""
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return text.replace(":", "%3A").replace(",", "%2C") if prop else text


def _github(problems: list[Problem]) -> str:
    lines = []
    for p in problems:
        where = [f"file={_escape(p.file, True)}"]
        if p.line:
            where += [f"line={p.line}", f"col={p.col or 1}"]
        props = ",".join(where + [f"title={_escape(p.code, True)}"])
        lines.append(f"::{p.severity} {props}::{_escape(p.message)}\n")
    return "".join(lines)


# Messages quote file names and values from the files: nothing in them may drive a terminal.
PROBLEM_FORMATS: dict[str, Callable[[list[Problem]], str]] = {
    "text": safe_text(_text), "json": safe_json(_json), "github": safe_text(_github)}


def format_problems(problems: Iterable[Problem], fmt: str = "text") -> str:
    """Problems sorted by file, line and column, in ``text``, ``json`` or ``github`` form."""
    return PROBLEM_FORMATS[fmt](sorted(problems))


# --------------------------------------------------------------------------- validate


@dataclass
class Report:
    """What validation found in a set of files."""

    files: list[str]
    problems: list[Problem]

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "warning"]

    def summary(self) -> str:
        n, e, w = len(self.files), len(self.errors), len(self.warnings)
        return f"{n} file{'s' * (n != 1)} checked: {e} error{'s' * (e != 1)}, {w} warning{'s' * (w != 1)}"


def _has_errors(problems: Iterable[Problem]) -> bool:
    return any(p.severity == "error" for p in problems)


def _yaml_in(folder: Path) -> list[Path]:
    """The YAML files in a rule folder's ``tests/``; none when there is no such
    entry; an input error when it is there but is not a readable folder."""
    kind = loader.path_kind(folder)
    if kind == "missing":
        return []
    if kind != "dir":
        raise InputError([Problem(str(folder), 0, 0, "error", "is not a folder: rule tests go in a folder "
                                         "named tests/ beside the rules", "missing-file")])
    return loader.folder_yaml(folder)


def tests_beside(rule_paths: Sequence[str | Path] | None) -> list[Path]:
    """Rule-test files in the ``tests/`` folder of each rule folder (default: the bundled rules)."""
    folders = [Path(p) for p in (rule_paths or [loader.default_dir("rules")]) if Path(p).is_dir()]
    return [f for d in folders for f in _yaml_in(d / "tests")]


def validate_rules(paths: Sequence[str | Path] | None = None, profile_paths: Sequence[str | Path] | None = None,
                   lint: bool = True) -> Report:
    """Every problem of a rule set, its rule tests and (with ``lint``) its lint warnings.

    Lint needs a rule set that loads, so its warnings appear once the files
    are free of errors.  The profiles (default: bundled) are only loaded when
    needed: for the firing lints and to check the profiles rule tests name.
    """
    files = loader.yaml_files(paths or [loader.default_dir("rules")])
    problems: list[Problem] = []
    ruleset = loader.load_ruleset(paths, collect=problems)
    ok = ruleset is not None and not _has_errors(problems)
    if ok:
        problems += engine_problems(ruleset)
        ok = not _has_errors(problems)
    tests = tests_beside(paths)
    profiles = loader.load_profiles(profile_paths) if tests or (lint and ok) else None
    load_cases(tests, ruleset if ok else None, profiles, collect=problems)
    if lint and ok:
        problems += lint_rules(ruleset, profiles)
    return Report([str(f) for f in files + tests], sorted(problems))


def validate_profiles(paths: Sequence[str | Path] | None = None, lint: bool = True) -> Report:
    """Every problem of a set of profiles; with ``lint``, warnings for each profile that loads."""
    files = loader.yaml_files(paths or [loader.default_dir("profiles")])
    problems: list[Problem] = []
    profiles = loader.load_profiles(paths, collect=problems)
    if lint:
        for p in profiles.profiles.values():
            problems += lint_profile(p)
    return Report([str(f) for f in files], sorted(problems))


def _at(loc: Loc, message: str, code: str, severity: str = "warning") -> Problem:
    return Problem(loc.file, loc.line, loc.col, severity, message, code)


def engine_problems(ruleset: RuleSet) -> list[Problem]:
    """What keeps the rule set out of durable-rules, each at its rule.

    Builds exactly what ``assess`` runs (cost-packed engine rulesets, created
    in the C engine and freed again), so a rule set that validates clean is
    one that assesses.
    """
    try:
        with engine.Engine(ruleset):
            return []
    except InputError as exc:
        return list(exc.problems)
    except AssessorError as exc:
        loc = ruleset.loc
        return [Problem(loc.file, loc.line, loc.col, "error", str(exc), "engine-limit")]


# --------------------------------------------------------------------------- lint

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
    with _Session(ruleset, profiles) as a:
        for p in profiles.profiles.values():
            for point in a.timeline(p, coverage_dates(p) if dates is None else dates):
                total += 1
                counts.update(point.fired)
    return counts, total


class _Session:
    """An :class:`Assessor` whose durable-rules rulesets are freed on exit (lint and diff build several)."""

    def __init__(self, ruleset: RuleSet, profiles: loader.ProfileSet):
        self.a = Assessor(ruleset, profiles)

    def __enter__(self) -> Assessor:
        return self.a

    def __exit__(self, *exc) -> None:
        self.a.engine.close()


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


LINTS: list[Lint] = [
    Lint({"contradictory-conditions": "conditions on one fact in one 'all' that can never hold together (x > 5 and x < 3)"},
         "rules", lint_contradictions),
    Lint({"never-fires": "a rule that fires on no profile and date (monthly over each record's period)",
          "always-fires": "a rule that fires on every profile and date (monthly over each record's period)"}, "rules", lint_firing),
    Lint({"unreachable-level": "a level band no score can reach (from base and every rule's possible points)"},
         "rules", lint_levels),
    Lint({"missing-description": "a rule without a description"}, "rules", lint_descriptions),
    Lint({"membership-order": "membership status going backwards, ratifications outside 'ratifying', "
                              "ratified counts falling"}, "profiles", lint_membership),
    Lint({"actor-not-adversary": "a threat whose actor is neither the adversary nor, per the registry of states, "
                                 "its ally on the day"}, "profiles", lint_actors),
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


# --------------------------------------------------------------------------- rule tests

# Facts a case that gives only ``facts:`` starts from: a state with nothing on
# record (no status, no agreements, no interim arrangements, no threats).
# Facts that may be absent stay absent unless the case gives them.
NEUTRAL_FACTS: dict = {
    "kind": "assessment", "status": "none", "status_rank": 0,
    "agreements_in_force": 0, "agreement_rank": 0, "agreement_type": "none", "agreement_parties": "none",
    "nuclear_agreement_rank": 0, "nuclear_agreement_parties": "none", "mutual_assistance": False,
    "interim_active": 0, "interim_rank": 0, "interim_nuclear": 0, "interim_providers": "none",
    "threat_level": 0, "threats_90d": 0, "max_severity_90d": 0, "attacked": False, "in_coverage": True,
    "hostile_border_km": 0, "at_war": False, "ceasefire": False, "occupied": False, "frozen_conflict": False,
    "conflict_recency": 0, "forces_massed_k": 0, "buildups_active": 0, "exercises_active": 0, "ultimatum": False,
    "adversary_assurance": False, "assurance_broken": False, "guarantee_credibility": 1, "guarantor_doubts_365d": 0,
    "allied_forces_present": False, "maritime_proximity": 0, "territorial_dispute": False,
}
NEUTRAL_DATE = _dt.date(2022, 1, 1)  # the date of a facts-only case (it affects nothing the rules see)


def _fact_spec(name: str) -> spec.Spec:
    f = FACTS[name]
    if f.type == "number":
        return spec.Num(description=f.description)
    if f.type == "bool":
        return spec.Bool(description=f.description)
    return spec.Str(enum=f.values or None, description=f.description)


class ScoreExpectation(spec.Spec):
    """An exact score (a number) or a range ``{min, max}`` (either bound may be left out)."""

    RANGE = spec.Obj({"min": spec.Field(spec.Num()), "max": spec.Field(spec.Num())}, name="score range")

    def check(self, doc, value, path, out):
        if not isinstance(value, dict):
            return spec.Num().check(doc, value, path, out)
        self.RANGE.check(doc, value, path, out)
        if not value:
            out.append(doc.problem(path, "a score range needs 'min', 'max' or both", "missing-field"))


RULE_IDS = spec.List(spec.Str(description="A rule id."))
CASE = spec.Obj(
    {
        "name": spec.Field(spec.Str(description="What the case shows."), True),
        "description": spec.Field(spec.Str()),
        "profile": spec.Field(spec.Str(description="A profile id, name or alias (with 'date').")),
        "date": spec.Field(spec.Date(description="The assessment date (with 'profile').")),
        "facts": spec.Field(spec.Obj({n: spec.Field(_fact_spec(n)) for n in FACTS if n != "kind"}, name="facts")),
        "fires": spec.Field(RULE_IDS),
        "not_fires": spec.Field(RULE_IDS),
        "score": spec.Field(ScoreExpectation()),
        "level": spec.Field(spec.Str(description="Expected level name.")),
    },
    name="test case",
)
TEST_FILE = spec.Obj(
    {"description": spec.Field(spec.Str()), "cases": spec.Field(spec.List(CASE, min_items=1), True)},
    name="rule test file",
)
EXPECTATIONS = ("fires", "not_fires", "score", "level")


@dataclass(frozen=True)
class Case:
    """One rule test: the facts (or a profile and date) and what must come out."""

    name: str
    loc: Loc
    facts: dict
    profile: str | None = None
    date: _dt.date | None = None
    fires: tuple = ()
    not_fires: tuple = ()
    score: tuple | None = None  # (min, max); None for an open side
    level: str | None = None


def load_cases(paths: Sequence[str | Path], ruleset: RuleSet | None, profiles: loader.ProfileSet | None,
               collect: list[Problem] | None = None) -> list[Case]:
    """Rule tests from files, every problem located.  Raise InputError unless ``collect`` is given.

    Rule ids, profiles and levels are checked against ``ruleset`` and
    ``profiles`` when they are given.
    """
    files = loader.yaml_files(paths) if paths else []
    docs, problems = loader._parse_all(files, TEST_FILE)
    cases: list[Case] = []
    for doc in docs:
        seen: dict[str, int] = {}
        for i, raw in enumerate(doc.data["cases"]):
            path, name = ("cases", i), raw["name"]
            if name in seen:
                problems.append(doc.problem(path + ("name",), f"case {name!r} already defined on line {seen[name]}",
                                            "duplicate-id"))
            seen.setdefault(name, doc.loc(path)[0])
            cases.append(_build_case(doc, raw, path, ruleset, profiles, problems))
    return loader._finish(cases, problems, collect)


def _build_case(doc, raw: dict, path: tuple, ruleset, profiles, out: list[Problem]) -> Case:
    _check_case_shape(doc, raw, path, out)
    if ruleset is not None:
        _check_case_names(doc, raw, path, ruleset, out)
    if profiles is not None and "profile" in raw:
        try:
            profiles.resolve(raw["profile"])
        except AssessorError as exc:
            out.append(doc.problem(path + ("profile",), str(exc), "unknown-profile"))
    sc = raw.get("score")
    bounds = (sc.get("min"), sc.get("max")) if isinstance(sc, dict) else (sc, sc) if sc is not None else None
    if bounds and None not in bounds and bounds[0] > bounds[1]:
        out.append(doc.problem(path + ("score",), f"score min {bounds[0]} is above max {bounds[1]}", "bad-value"))
    return Case(
        name=raw["name"], loc=Loc(doc.file, *doc.loc(path)), facts=dict(raw.get("facts") or {}),
        profile=raw.get("profile"), date=_dt.date.fromisoformat(raw["date"]) if "date" in raw else None,
        fires=tuple(raw.get("fires") or ()), not_fires=tuple(raw.get("not_fires") or ()), score=bounds,
        level=raw.get("level"),
    )


def _check_case_shape(doc, raw: dict, path: tuple, out: list[Problem]) -> None:
    if "profile" in raw and "date" not in raw:
        out.append(doc.problem(path, "a case with 'profile' needs 'date'", "missing-field"))
    if "date" in raw and "profile" not in raw:
        out.append(doc.problem(path + ("date",), "'date' needs 'profile' (a facts-only case has no date)", "bad-value"))
    if "facts" not in raw and "profile" not in raw:
        out.append(doc.problem(path, "a case needs 'facts', or 'profile' and 'date'", "missing-field"))
    if not any(k in raw for k in EXPECTATIONS):
        out.append(doc.problem(path, f"a case needs an expectation: {', '.join(EXPECTATIONS)}", "missing-field"))
    for rid in set(raw.get("fires") or ()) & set(raw.get("not_fires") or ()):
        out.append(doc.problem(path + ("not_fires",), f"{rid!r} is in both 'fires' and 'not_fires'", "bad-value"))


def _check_case_names(doc, raw: dict, path: tuple, ruleset: RuleSet, out: list[Problem]) -> None:
    ids = [r.id for r in ruleset.rules]
    for key in ("fires", "not_fires"):
        for j, rid in enumerate(raw.get(key) or ()):
            if rid not in ids:
                out.append(doc.problem(path + (key, j), f"unknown rule {rid!r}{did_you_mean(rid, ids)}", "unknown-rule"))
    names = [lv.name for lv in ruleset.levels]
    if "level" in raw and raw["level"] not in names:
        out.append(doc.problem(path + ("level",), f"unknown level {raw['level']!r}{did_you_mean(raw['level'], names)} "
                                                  f"(levels: {', '.join(names)})", "bad-value"))


def neutral_facts(given: dict) -> dict:
    """The facts of a facts-only case: :data:`NEUTRAL_FACTS` overlaid with ``given``.

    ``status`` and ``status_rank`` describe one thing, so when a case gives
    only one of them the other follows from it.
    """
    values = {**NEUTRAL_FACTS, **given}
    if "status" in given and "status_rank" not in given:
        values["status_rank"] = STATUS_RANK[given["status"]]
    elif "status" not in given and given.get("status_rank") in STATUS_RANK.values():
        values["status"] = next(st for st, r in STATUS_RANK.items() if r == given["status_rank"])
    return values


# Stands in for the profile of a facts-only case (no events, covers every date).
_NO_PROFILE = Profile(id="(facts)", name="(facts)", aliases=(), alliance="", adversary="",
                      covers_from=_dt.date.min, covers_to=_dt.date.max, attributes={}, events=(), path="", sha256="")


@dataclass
class CaseResult:
    case: Case
    fired: tuple
    score: float
    level: str
    differences: list[str]

    @property
    def passed(self) -> bool:
        return not self.differences


@dataclass
class RunResult:
    """The results of a set of rule tests, and which rules they exercised."""

    results: list[CaseResult]
    rule_ids: list[str]

    @property
    def failures(self) -> list[CaseResult]:
        return [r for r in self.results if not r.passed]

    @property
    def exercised(self) -> list[str]:
        fired = {rid for r in self.results for rid in r.fired}
        return [rid for rid in self.rule_ids if rid in fired]

    @property
    def not_exercised(self) -> list[str]:
        return [rid for rid in self.rule_ids if rid not in set(self.exercised)]

    @property
    def coverage(self) -> float:
        """Percentage of rules that fired in at least one case."""
        return 100.0 * len(self.exercised) / len(self.rule_ids) if self.rule_ids else 100.0


def run_case(assessor: Assessor, case: Case) -> CaseResult:
    """Run one case through the real pipeline (engine and scoring) and compare."""
    if case.profile:
        profile = assessor.profile(case.profile)
        derived = assessor.deriver(profile).derive(case.date)
        facts = Facts(case.date, {**derived.values, **case.facts}, derived.evidence)
    else:
        profile, facts = _NO_PROFILE, Facts(NEUTRAL_DATE, neutral_facts(case.facts))
    result = assessor.assess_facts(profile, facts)
    return CaseResult(case, result.fired, result.score, result.level,
                      _differences(case, result.fired, result.score, result.level))


def _differences(case: Case, fired: tuple, total: float, level: str) -> list[str]:
    out = []
    missing = [r for r in case.fires if r not in fired]
    if missing:
        out.append(f"expected to fire: {', '.join(missing)} (fired: {', '.join(fired) or 'none'})")
    unexpected = [r for r in case.not_fires if r in fired]
    if unexpected:
        out.append(f"expected not to fire: {', '.join(unexpected)}")
    if case.score is not None:
        lo, hi = case.score
        if (lo is not None and total < lo - 1e-9) or (hi is not None and total > hi + 1e-9):
            out.append(f"score {total:g}, expected {_score_text(lo, hi)}")
    if case.level is not None and level != case.level:
        out.append(f"level {level}, expected {case.level}")
    return out


def _score_text(lo, hi) -> str:
    if lo == hi:
        return f"{lo:g}"
    if lo is None:
        return f"at most {hi:g}"
    return f"at least {lo:g}" if hi is None else f"{lo:g}..{hi:g}"


def run_tests(assessor: Assessor, cases: Sequence[Case]) -> RunResult:
    """Run every case; the result also knows which rules no case exercised."""
    return RunResult([run_case(assessor, c) for c in cases], [r.id for r in assessor.ruleset.rules])


def _run_text(run: RunResult) -> str:
    lines = [f"{r.case.loc.file}:{r.case.loc.line}: case {r.case.name}: {'; '.join(r.differences)}" for r in run.failures]
    lines.append(f"{len(run.results) - len(run.failures)} passed, {len(run.failures)} failed")
    lines.append(f"rule coverage: {int(run.coverage)}% ({len(run.exercised)} of {len(run.rule_ids)} rules "
                 "fired in at least one case)")
    if run.not_exercised:
        lines.append(f"not exercised: {', '.join(run.not_exercised)}")
    return "\n".join(lines) + "\n"


def _run_json(run: RunResult) -> str:
    doc = {
        "passed": len(run.results) - len(run.failures),
        "failed": len(run.failures),
        "failures": [{"file": r.case.loc.file, "line": r.case.loc.line, "case": r.case.name,
                      "differences": r.differences, "fired": list(r.fired), "score": r.score, "level": r.level}
                     for r in run.failures],
        "coverage": {"percent": round(run.coverage, 1), "exercised": run.exercised, "not_exercised": run.not_exercised},
    }
    return json.dumps(doc, indent=2, ensure_ascii=False) + "\n"


TEST_FORMATS = {"text": safe_text(_run_text), "json": safe_json(_run_json)}


# --------------------------------------------------------------------------- diff
#
# A diff can be huge (2,000 rules x 5,844 daily country-dates is gigabytes of
# JSON), so nothing here holds the moves: :meth:`RulesDiff.moves` recomputes
# them on demand, one at a time, and the reporters write each as it comes.
# One pass gathers the summary (counts, largest move, the rules behind the
# moves: memory in the number of rules, not of moves); the listing passes
# recompute the moves in the same order, which keeps every section where the
# output format has always had it.


@dataclass(frozen=True)
class Move:
    """One country-date whose score or level differs between two rule sets."""

    country: str
    date: _dt.date
    old_score: float
    new_score: float
    old_level: str
    new_level: str
    causes: tuple  # (rule id, change in its points), for rules whose points or firing differ

    @property
    def delta(self) -> float:
        return score.rounded(score.exact_sum(self.new_score, [-self.old_score]))

    @property
    def level_changed(self) -> bool:
        return self.old_level != self.new_level


@dataclass
class DiffSummary:
    """What a diff found, without the moves themselves."""

    level_changes: int = 0
    count: int = 0  # country-dates whose score moved
    max_abs: float = 0.0
    total: Decimal = field(default_factory=Decimal)  # exact sum of the score moves
    by_rule: dict = field(default_factory=dict)  # rule id -> [country-dates, exact sum of its points changes]

    def add(self, m: Move) -> None:
        self.level_changes += m.level_changed
        d = m.delta
        if d:
            self.count += 1
            self.max_abs = max(self.max_abs, abs(d))
            self.total += score.exact_sum(0, [d])
        for rid, change in m.causes:
            entry = self.by_rule.setdefault(rid, [0, Decimal(0)])
            entry[0] += 1
            entry[1] += score.exact_sum(0, [change])

    def stats(self) -> dict:
        mean = score.rounded(self.total / self.count, score.POINTS_PLACES) if self.count else 0.0
        return {"count": self.count, "max_abs": self.max_abs, "mean": mean}

    def causes(self) -> list[dict]:
        """Per rule: on how many changed country-dates it moved, and by how much on average."""
        return [{"rule": rid, "country_dates": n, "mean_points_change": score.rounded(total / n, score.POINTS_PLACES)}
                for rid, (n, total) in sorted(self.by_rule.items(), key=lambda kv: (-kv[1][0], kv[0]))]


@dataclass
class RulesDiff:
    """Two rule sets compared on the same profiles and dates; the moves are computed on demand."""

    old: RuleSet
    new: RuleSet
    profiles: loader.ProfileSet
    countries: list[str]
    dates: list[_dt.date]
    step: str
    definitions: dict = field(default_factory=dict)
    _summary: DiffSummary | None = None

    def moves(self, level_changes_only: bool = False) -> Iterator[Move]:
        """Every country-date that differs, in country then date order (recomputed on each call)."""
        with _Session(self.old, self.profiles) as a_old, _Session(self.new, self.profiles) as a_new:
            for c in self.countries:
                for m in _moves(a_old, a_new, self.profiles.profiles[c], self.dates, level_changes_only):
                    yield m

    @property
    def summary(self) -> DiffSummary:
        if self._summary is None:
            summary = DiffSummary()
            for m in self.moves():
                summary.add(m)
            self._summary = summary
        return self._summary


def diff_rulesets(old: RuleSet, new: RuleSet, profiles: loader.ProfileSet, dates: Sequence[_dt.date],
                  step: str = "week") -> RulesDiff:
    """Both rule sets on every profile and date; iterate :meth:`RulesDiff.moves` for the country-dates that differ."""
    return RulesDiff(old, new, profiles, sorted(profiles.profiles), list(dates), step, definition_changes(old, new))


def _moves(a_old: Assessor, a_new: Assessor, profile: Profile, dates, level_changes_only: bool = False) -> Iterator[Move]:
    deriver = a_old.deriver(profile)
    for po, pn in zip(a_old.timeline(profile, dates), a_new.timeline(profile, dates)):
        if po.level != pn.level or (po.score != pn.score and not level_changes_only):
            values = deriver.derive(po.date, evidence=False).values
            yield Move(profile.id, po.date, po.score, pn.score, po.level, pn.level,
                       _causes(a_old.ruleset, a_new.ruleset, po, pn, values))


def _causes(old: RuleSet, new: RuleSet, po: Point, pn: Point, values: dict) -> tuple:
    out = []
    fired_old, fired_new = set(po.fired), set(pn.fired)  # a tuple lookup per rule made this quadratic
    for rid in dict.fromkeys(po.fired + pn.fired):
        before = score.points_of(old.rule(rid), values) if rid in fired_old else 0.0
        after = score.points_of(new.rule(rid), values) if rid in fired_new else 0.0
        if before != after:
            out.append((rid, score.rounded(score.exact_sum(after, [-before]), score.POINTS_PLACES)))
    return tuple(out)


def _rule_signature(rule: Rule) -> dict:
    return {"factor": rule.factor, "when": engine.compile_condition(rule.when), "effect": rule.effect,
            "reason": rule.reason, "description": rule.description, "references": rule.references}


def definition_changes(old: RuleSet, new: RuleSet) -> dict:
    """Rules added, removed or changed (and which of their fields), and header fields changed."""
    o, n = {r.id: r for r in old.rules}, {r.id: r for r in new.rules}
    changed = {}
    for rid in o.keys() & n.keys():
        a, b = _rule_signature(o[rid]), _rule_signature(n[rid])
        fields = [k for k in a if a[k] != b[k]]
        if fields:
            changed[rid] = fields
    header = [k for k in ("base", "minimum", "maximum", "levels") if getattr(old, k) != getattr(new, k)]
    return {"added": [r for r in n if r not in o], "removed": [r for r in o if r not in n],
            "changed": dict(sorted(changed.items())), "header": header}


def _signed(x: float) -> str:
    return f"{x:+g}"


class _Buffered:
    """Collects small pieces of output and passes them on in blocks of about 64 kB."""

    def __init__(self, write: Callable[[str], None], size: int = 1 << 16):
        self.write_out, self.size, self.parts, self.length = write, size, [], 0

    def __call__(self, text: str) -> None:
        self.parts.append(text)
        self.length += len(text)
        if self.length >= self.size:
            self.flush()

    def flush(self) -> None:
        if self.parts:
            self.write_out("".join(self.parts))
            self.parts, self.length = [], 0


def _diff_text(d: RulesDiff, write: Callable[[str], None]) -> None:
    out = _Buffered(write)
    out("\n".join([f"old: {_ruleset_name(d.old)}", f"new: {_ruleset_name(d.new)}",
                    f"compared on {len(d.countries)} profile(s) ({', '.join(d.countries)}) x {len(d.dates)} dates "
                    f"{d.dates[0]}..{d.dates[-1]} ({d.step}ly): {len(d.countries) * len(d.dates)} country-dates",
                    *_definitions_text(d.definitions)]) + "\n")
    summary = d.summary
    if not summary.level_changes and not summary.count and not summary.by_rule:
        out("no score or level changes\n")
        return out.flush()
    out(f"level changed on {summary.level_changes} country-date(s):\n")
    if summary.level_changes:
        for m in d.moves(level_changes_only=True):
            out(f"  {m.country:<10} {m.date}  {m.old_level} -> {m.new_level}  ({m.old_score:g} -> {m.new_score:g})\n")
    s = summary.stats()
    out(f"score moved on {s['count']} country-date(s): max |change| {s['max_abs']:g}, mean change {_signed(s['mean'])}\n")
    causes = summary.causes()
    out("rules behind the moves:\n" if causes else "rules behind the moves: none (the level bands changed)\n")
    for c in causes:
        out(f"  {c['rule']:<30} {c['country_dates']} country-date(s), mean {_signed(c['mean_points_change'])} points\n")
    out.flush()


def _ruleset_name(rs: RuleSet) -> str:
    where = str(Path(rs.files[0]).parent) if len(rs.files) > 1 else rs.files[0]
    return f"{rs.name} {rs.version} ({where}, {len(rs.rules)} rules)"


def _definitions_text(defs: dict) -> list[str]:
    parts = [f"{k} {', '.join(defs[k])}" for k in ("added", "removed") if defs[k]]
    parts += [f"changed {rid} ({', '.join(fields)})" for rid, fields in defs["changed"].items()]
    if defs["header"]:
        parts.append(f"header changed ({', '.join(defs['header'])})")
    return [f"definitions: {'; '.join(parts) or 'identical'}"]


def _move_json(m: Move) -> dict:
    return {"country": m.country, "date": m.date.isoformat(), "old_level": m.old_level, "new_level": m.new_level,
            "old_score": m.old_score, "new_score": m.new_score, "change": m.delta,
            "rules": [{"rule": r, "points_change": p} for r, p in m.causes]}


def _json_value(value, indent: int) -> str:
    """``value`` as ``json.dumps(..., indent=2)`` writes it at nesting depth ``indent`` (in spaces)."""
    return json.dumps(value, indent=2, ensure_ascii=False).replace("\n", "\n" + " " * indent)


def _json_list(items: Iterable, out: Callable[[str], None]) -> None:
    """A JSON list at depth 2 written one item at a time, laid out as ``json.dumps(indent=2)`` would."""
    first = True
    for item in items:
        out(("[\n    " if first else ",\n    ") + _json_value(item, 4))
        first = False
    out("[]" if first else "\n  ]")


def _diff_json(d: RulesDiff, write: Callable[[str], None]) -> None:
    """The same document ``json.dumps(doc, indent=2)`` would give, written as the moves come."""
    out = _Buffered(write)
    head = {
        "old": {"name": d.old.name, "version": d.old.version, "sha256": d.old.sha256},
        "new": {"name": d.new.name, "version": d.new.version, "sha256": d.new.sha256},
        "profiles": d.countries,
        "dates": {"from": d.dates[0].isoformat(), "to": d.dates[-1].isoformat(), "step": d.step, "count": len(d.dates)},
        "definitions": d.definitions,
    }
    out("{\n" + "".join(f"  {json.dumps(k)}: {_json_value(v, 2)},\n" for k, v in head.items()))
    summary = d.summary
    out('  "level_changes": ')
    _json_list((_move_json(m) for m in d.moves(level_changes_only=True)) if summary.level_changes else (), out)
    out(f',\n  "score_moves": {_json_value(summary.stats(), 2)},\n  "moves": ')
    _json_list((_move_json(m) for m in d.moves()) if summary.count or summary.level_changes or summary.by_rule else (), out)
    out(f',\n  "rules": {_json_value(summary.causes(), 2)}\n}}\n')
    out.flush()


def _safe_writer(fmt, write: Callable[[str], None]) -> Callable[[str], None]:
    from assessor.render.safe import json_text, terminal

    clean = json_text if fmt == "json" else terminal
    return lambda text: write(clean(text))


def write_diff(d: RulesDiff, fmt: str, write: Callable[[str], None]) -> None:
    """Write the diff in ``text`` or ``json`` through ``write``, piece by piece (bounded memory)."""
    DIFF_FORMATS[fmt](d, _safe_writer(fmt, write))


def diff_text(d: RulesDiff, fmt: str = "text") -> str:
    """The whole diff as one string (for small diffs and tests)."""
    parts: list[str] = []
    write_diff(d, fmt, parts.append)
    return "".join(parts)


DIFF_FORMATS = {"text": _diff_text, "json": _diff_json}


# --------------------------------------------------------------------------- show


def find_rule(ruleset: RuleSet, rule_id: str) -> Rule:
    """The rule with ``rule_id``, or an error suggesting the closest id (ids are long and hyphenated)."""
    ids = [r.id for r in ruleset.rules]
    if rule_id not in ids:
        raise AssessorError(f"unknown rule {rule_id!r}{did_you_mean(rule_id, ids)} (see `assessor rules list`)")
    return ruleset.rule(rule_id)


def rule_source(rule: Rule) -> str:
    """The rule's text as written in its file: from its first key to where the indentation ends."""
    lines = Path(rule.loc.file).read_text(encoding="utf-8").splitlines()
    indent = rule.loc.col - 1
    out = [lines[rule.loc.line - 1]]
    for text in lines[rule.loc.line:]:
        if text.strip() and len(text) - len(text.lstrip(" ")) < indent:
            break
        out.append(text)
    while not out[-1].strip():
        out.pop()
    return textwrap.dedent("\n".join(out)) + "\n"


def firing_ranges(assessor: Assessor, rule_id: str, step: str = "day") -> dict[str, list[tuple[_dt.date, _dt.date]]]:
    """Per profile, the runs of sampled dates (over its covered period) on which the rule fires."""
    out = {}
    for pid in sorted(assessor.profiles.profiles):
        p = assessor.profiles.profiles[pid]
        runs: list[list[_dt.date]] = []
        last_fired = False
        for point in assessor.timeline(p, dates_between(p.covers_from, p.covers_to, step)):
            fired = rule_id in point.fired
            if fired and last_fired:
                runs[-1][1] = point.date
            elif fired:
                runs.append([point.date, point.date])
            last_fired = fired
        out[pid] = [(a, b) for a, b in runs]
    return out


@dataclass
class RuleView:
    rule: Rule
    source: str
    compiled: dict
    fires: dict
    step: str


def show_rule(assessor: Assessor, rule_id: str, step: str = "day") -> RuleView:
    """Everything a reviewer asks about one rule: its text, what the engine runs, and when it fires."""
    rule = find_rule(assessor.ruleset, rule_id)
    return RuleView(rule, rule_source(rule), engine.compile_rule(rule), firing_ranges(assessor, rule_id, step), step)


def compact_json(value, indent: int = 0, width: int = 100) -> str:
    """JSON that keeps any part fitting in ``width`` columns on one line (patterns nest deeply)."""
    flat = json.dumps(value, ensure_ascii=False)
    if len(flat) + indent <= width or not isinstance(value, (dict, list)) or not value:
        return flat
    pad = " " * (indent + 2)
    if isinstance(value, dict):
        items = [f"{pad}{json.dumps(k)}: {compact_json(v, indent + 2, width)}" for k, v in value.items()]
        return "{\n" + ",\n".join(items) + "\n" + " " * indent + "}"
    items = [pad + compact_json(v, indent + 2, width) for v in value]
    return "[\n" + ",\n".join(items) + "\n" + " " * indent + "]"


def _ranges_text(runs: list[tuple[_dt.date, _dt.date]]) -> str:
    return ", ".join(f"{a}" if a == b else f"{a}..{b}" for a, b in runs) or "never"


def _show_text(v: RuleView) -> str:
    sampled = {"day": "daily", "week": "weekly", "month": "monthly"}[v.step]
    lines = [f"{v.rule.id}  defined at {v.rule.loc}", "", textwrap.indent(v.source, "  ").rstrip("\n"), "",
             "compiled (durable-rules pattern):", textwrap.indent(compact_json(v.compiled, width=98), "  "),
             "", f"fires on ({sampled}, over each profile's covered period):"]
    lines += [f"  {pid:<10} {_ranges_text(runs)}" for pid, runs in v.fires.items()]
    return "\n".join(lines) + "\n"


def _show_json(v: RuleView) -> str:
    doc = {"id": v.rule.id, "defined_at": str(v.rule.loc), "yaml": v.source, "compiled": v.compiled, "step": v.step,
           "fires": {pid: [{"from": a.isoformat(), "to": b.isoformat()} for a, b in runs] for pid, runs in v.fires.items()}}
    return json.dumps(doc, indent=2, ensure_ascii=False) + "\n"


SHOW_FORMATS = {"text": safe_text(_show_text), "json": safe_json(_show_json)}
