"""Rule tests: YAML cases in ``rules/tests/*.yaml`` run through the real engine, with rule coverage.

A case gives facts (over :data:`NEUTRAL_FACTS`) or a profile and a date, and
what must come out: rules that fire or not, a score or range, a level.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from assessor import loader, spec
from assessor.assess import Assessor
from assessor.derive import Facts
from assessor.errors import AssessorError, Problem, did_you_mean
from assessor.facts import FACTS, STATUS_RANK
from assessor.model import Loc, Profile, RuleSet

# Facts a case that gives only ``facts:`` starts from: a state with nothing on
# record (no status, no agreements, no interim arrangements, no threats).
# Facts that may be absent stay absent unless the case gives them.
NEUTRAL_FACTS: dict = {
    "kind": "assessment", "status": "none", "status_rank": 0,
    "agreements_in_force": 0, "agreement_rank": 0, "agreement_type": "none", "agreement_parties": "none",
    "nuclear_agreement_rank": 0, "nuclear_agreement_parties": "none", "mutual_assistance": False,
    "interim_active": 0, "interim_rank": 0, "interim_nuclear": 0, "interim_providers": "none",
    "threat_level": 0, "pressure_level": 0, "threats_90d": 0, "max_severity_90d": 0, "attacked": False, "in_coverage": True,
    "hostile_border_km": 0, "at_war": False, "ceasefire": False, "occupied": False, "frozen_conflict": False,
    "conflict_recency": 0, "forces_massed_k": 0, "buildups_active": 0, "exercises_active": 0, "ultimatum": False,
    "adversary_assurance": False, "assurance_broken": False, "guarantee_credibility": 1, "guarantor_doubts_365d": 0,
    "allied_forces_present": False, "maritime_proximity": 0, "territorial_dispute": False,
    # format 2.1 (task legacy)
    "campaign_active": False, "clash_campaign": False, "campaign_severity": 0, "peace_in_force": False,
    "peace_kind": "none", "peace_rank": 0, "peace_broken": False, "ceasefire_mechanisms": 0, "conflict_legacy": 0,
    # format 2.1, protection and signals (task `protection`)
    "defence_guarantee": False, "protection": 0, "guarantors": "none", "guarantor_count": 0, "support_rank": 0,
    "contested_covered": True, "guarantor_forces_present": False, "guarantor_forces_k": 0,
    "protector_withdrawal_365d": 0, "protector_exclusion": False, "aid_refused_365d": 0, "aid_granted_365d": 0,
    "intervention": False, "adversary_inside_guarantor": "none", "guarantors_aligned_with_adversary": "none",
    # format 2.1, warning against the own baseline (task `warning`): nothing above or below the usual
    "pressure_level_baseline": 0, "pressure_level_anomaly": 0, "forces_massed_k_baseline": 0,
    "forces_massed_k_anomaly": 0, "buildups_active_baseline": 0, "buildups_active_anomaly": 0,
    "exercises_active_baseline": 0, "exercises_active_anomaly": 0, "ultimatum_baseline": 0, "ultimatum_anomaly": 0,
    "unconfirmed_buildups": 0, "unconfirmed_forces_k": 0, "adversary_pacts": 0, "second_front_secured": False,
    "mobilised": False, "mobilisation_general": False,
}
NEUTRAL_DATE = _dt.date(2022, 1, 1)  # the date of a facts-only case (it affects nothing the rules see)


def _fact_spec(name: str) -> spec.Spec:
    f = FACTS[name]
    if f.type == "number":  # no negative count, share above 1 or rank off its scale: derive produces none
        return spec.Num(minimum=f.minimum, maximum=f.maximum, description=f.description)
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
    if bounds and bounds[0] is not None and bounds[1] is not None and bounds[0] > bounds[1]:
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
    # an empty 'fires' or 'not_fires' list expects nothing: a case with only that passed whatever the rules did
    given = [k for k in EXPECTATIONS if k in raw and not (k in ("fires", "not_fires") and not raw[k])]
    if not given:
        why = " (an empty list expects nothing)" if "fires" in raw or "not_fires" in raw else ""
        out.append(doc.problem(path, f"a case needs an expectation: {', '.join(EXPECTATIONS)}{why}", "missing-field"))
    # a rule listed twice expects nothing more, and one listed both ways can never pass: both are slips of the
    # author's (an id meant to be another), said at the second listing, in the file's order
    first: dict[str, tuple[str, int]] = {}
    for key in ("fires", "not_fires"):
        for j, rid in enumerate(raw.get(key) or ()):
            if rid not in first:
                first[rid] = (key, j)
                continue
            was, k = first[rid]
            line = doc.loc(path + (was, k))[0]
            said = (f"{rid!r} is listed twice in {key!r} (first on line {line})" if was == key
                    else f"{rid!r} is in both 'fires' (on line {line}) and 'not_fires': the case can never pass")
            out.append(doc.problem(path + (key, j), said, "duplicate-id" if was == key else "bad-value"))


def _check_case_names(doc, raw: dict, path: tuple, ruleset: RuleSet, out: list[Problem]) -> None:
    ids = [r.id for r in ruleset.rules]
    for key in ("fires", "not_fires"):
        for j, rid in enumerate(raw.get(key) or ()):
            if rid not in ids:
                out.append(doc.problem(path + (key, j), f"unknown rule {rid!r}{did_you_mean(rid, ids)}", "unknown-rule"))
    _check_score_in_scale(doc, raw, path, ruleset, out)
    names = [lv.name for lv in ruleset.levels]
    if "level" in raw and raw["level"] not in names:
        out.append(doc.problem(path + ("level",), f"unknown level {raw['level']!r}{did_you_mean(raw['level'], names)} "
                                                  f"(levels: {', '.join(names)})", "bad-value"))


def _check_score_in_scale(doc, raw: dict, path: tuple, ruleset: RuleSet, out: list[Problem]) -> None:
    """A score expectation the rule set's scale cannot meet (``score: 101`` on 0..100) is contradictory, as a rule in
    both 'fires' and 'not_fires' is: it only ever failed; and a range over the whole scale (``{min: 0, max: 100}``)
    expects nothing, as an empty 'fires' list does: a case with only that passed whatever the rules did."""
    sc = raw.get("score")

    def number(x) -> bool:
        return isinstance(x, (int, float)) and not isinstance(x, bool)

    want = (sc.get("min"), sc.get("max")) if isinstance(sc, dict) else (sc, sc)
    if sc is None or not all(x is None or number(x) for x in want):
        return  # no score, or one the schema already refused
    lo, hi = ruleset.score_range
    shown = (f"{want[0]:g}" if not isinstance(sc, dict) else f"{want[0]:g}..{want[1]:g}" if None not in want
             else f"at least {want[0]:g}" if want[0] is not None else f"at most {want[1]:g}")
    if (want[0] is not None and want[0] > hi) or (want[1] is not None and want[1] < lo):
        out.append(doc.problem(path + ("score",), f"score {shown} can never be met: the rule set's scores lie within "
                                                  f"{lo:g}..{hi:g}", "bad-value"))
    elif raw.get("level") in [lv.name for lv in ruleset.levels]:
        # a level and a score no score can both meet ('level: low' beside 'score: {min: 50}'): the case only ever
        # failed, whatever the rules did
        i = ruleset.level_index(raw["level"])
        start = ruleset.levels[i].start
        end = ruleset.levels[i + 1].start if i + 1 < len(ruleset.levels) else None  # the band is start <= score < end
        if (want[1] is not None and want[1] < start) or (end is not None and want[0] is not None and want[0] >= end):
            band = f"from {start:g}" + (f" to under {end:g}" if end is not None else " up")
            out.append(doc.problem(path + ("score",), f"score {shown} can never be met beside level {raw['level']!r}, "
                                                      f"which holds the scores {band}", "bad-value"))
    elif isinstance(sc, dict) and (want[0] is None or want[0] <= lo) and (want[1] is None or want[1] >= hi):
        if not (raw.get("fires") or raw.get("not_fires") or "level" in raw):
            out.append(doc.problem(path + ("score",), f"score {shown} holds every score of the rule set's scale "
                                                      f"({lo:g}..{hi:g}): it expects nothing, and a case needs an "
                                                      "expectation", "missing-field"))


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
    # The rules the project replaces that the case reads (they fired under the project's rules or on the bundled
    # rules alone) when it fails and passes on the bundled rules alone: the replacement changed it, a failure.
    replaced: tuple = ()

    @property
    def passed(self) -> bool:
        return not self.differences


@dataclass
class RunResult:
    """The results of a set of rule tests, and which rules they exercised.

    ``moved``: the bundled rule tests' cases that fail under rules added to the bundled set and pass on the
    bundled rules alone (the added rules moved the bundled records they make claims about): reported apart,
    not failures.  ``counts``: which rules ``rule_ids`` are, ``"all"`` of the set or only the ``"added"`` ones
    (rules added to the bundled set, tested by the analyst's tests alone)."""

    results: list[CaseResult]
    rule_ids: list[str]
    moved: list[CaseResult] = field(default_factory=list)
    counts: str = "all"

    @property
    def failures(self) -> list[CaseResult]:
        moved = {id(r) for r in self.moved}
        return [r for r in self.results if not r.passed and id(r) not in moved]

    @property
    def passed_count(self) -> int:
        return len(self.results) - len(self.failures) - len(self.moved)

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
    if case.profile and case.date is not None:  # load_cases requires 'date' with 'profile'
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
            out.append(f"score {_decimal(total)}, expected {_score_text(lo, hi)}")
    if case.level is not None and level != case.level:
        out.append(f"level {level}, expected {case.level}")
    return out


def _decimal(x: float) -> str:
    """A score as every output shows it, to one decimal (``60.0``, not ``60``); an expectation written
    with more decimals keeps them (``60.05``), so that the line never shows a bound it was not given."""
    return f"{x:.1f}" if float(f"{x:.1f}") == x else f"{x:g}"


def _score_text(lo, hi) -> str:
    if lo == hi:
        return _decimal(lo)
    if lo is None:
        return f"at most {_decimal(hi)}"
    return f"at least {_decimal(lo)}" if hi is None else f"{_decimal(lo)}..{_decimal(hi)}"


def run_tests(assessor: Assessor, cases: Sequence[Case]) -> RunResult:
    """Run every case; the result also knows which rules no case exercised."""
    return RunResult([run_case(assessor, c) for c in cases], [r.id for r in assessor.ruleset.rules])


def _own_profiles(profiles: loader.ProfileSet) -> dict[str, str]:
    """The profiles ``profiles`` reads from outside the bundled folder: id → file."""
    bundled_dir = loader.default_dir("profiles").resolve()
    return {pid: p.path for pid, p in profiles.profiles.items() if Path(p.path).resolve().parent != bundled_dir}


def replaced_records(profiles: loader.ProfileSet, bundled: loader.ProfileSet | None = None) -> dict[str, str]:
    """The bundled profiles ``profiles`` holds another file's version of (a project's
    ``assessor profiles new X --replace``): id → the replacing file.  ``bundled``: the bundled
    profiles, if already loaded."""
    own = _own_profiles(profiles)
    if not own:
        return {}
    ids = (bundled or loader.load_profiles()).profiles
    return {pid: path for pid, path in own.items() if pid in ids}


def is_bundled_test(path: str | Path) -> bool:
    """Whether ``path`` is one of the bundled rule tests (written for the bundled records)."""
    return loader.default_dir("rules").resolve() in Path(path).resolve().parents


def bundled_records(profiles: loader.ProfileSet, registry=None) -> tuple[loader.ProfileSet, dict[str, str]] | None:
    """The bundled profiles, for the bundled rule tests to run on, when ``profiles`` is not the bundled set: it
    replaces a bundled record (returned too: id → replacing file), or lacks one (`rules test --profiles mine.yaml`,
    whose bundled cases were 'unknown country' at every line that names a bundled record); None when ``profiles``
    holds the bundled records as they are."""
    stems = {f.stem for f in loader.yaml_files([loader.default_dir("profiles")])}  # the bundled ids, as files name them
    if not _own_profiles(profiles) and stems <= set(profiles.profiles):
        return None  # the bundled records themselves (the bundled profiles are read once, and only when needed)
    bundled_set = loader.load_profiles(registry=registry)
    replaced = replaced_records(profiles, bundled_set)
    if replaced or not set(bundled_set.profiles) <= set(profiles.profiles):
        return bundled_set, replaced
    return None


def is_bundled_rule(rule) -> bool:
    """Whether ``rule`` is defined in the bundled rule files (not added to them, nor replacing one of them)."""
    return Path(rule.loc.file).resolve().parent == loader.default_dir("rules").resolve()


def adds_to_bundled(ruleset: RuleSet) -> bool:
    """Whether ``ruleset`` is the bundled rule set with rules added to it (or replacing some of its rules)."""
    bundled = loader.default_dir("rules").resolve()
    return (bool(ruleset.loc.file) and Path(ruleset.loc.file).resolve().parent == bundled
            and any(not is_bundled_rule(r) for r in ruleset.rules))


def _outcome(r: CaseResult) -> tuple:
    """What a case's run comes to, for telling two runs apart: its score, level and rules fired."""
    return (r.score, r.level, tuple(sorted(r.fired)))


def run_test_files(ruleset: RuleSet, profiles: loader.ProfileSet, paths: Sequence[str | Path],
                   registry=None) -> tuple[RunResult, dict[str, str]]:
    """Load and run the rule tests in ``paths`` on ``profiles`` — except the bundled rule tests where
    ``profiles`` replaces a bundled record (a project's ``profiles new X --replace``): those cases
    were written for the bundled records, their claims are about the real record, so they run on
    the bundled profiles (read through ``registry``), never on the replacement, which would fail
    them for nothing the user did wrong.  Returns the results, in the order of the files, and the
    replaced records those tests ran beside (id → replacing file; empty when none).

    When ``ruleset`` is the bundled set with rules added (:func:`adds_to_bundled`: a project's rules/), a bundled case
    that fails under it is run again on the bundled rules alone; passing there, it is one the added rules moved
    (``RunResult.moved``), not a failure: the analyst cannot edit the bundled tests, and a project whose rules
    move a bundled record failed every run.  Only a score or a level difference can be moved: a case that fails
    on a rule firing, or that reads a rule the project replaces (``CaseResult.replaced``), stays a failure (the
    bundled cases are the only tests of a replacement).  Without a bundled test among ``paths`` (``--tests rules/tests``),
    the coverage counts the added rules only: the bundled ones are the bundled tests' to cover, and over the
    whole set ``--min-coverage 100`` could never pass."""
    files = loader.yaml_files(paths)
    bundled_tests = {f for f in files if is_bundled_test(f)}
    records, replaced = profiles, dict[str, str]()
    if bundled_tests:
        found = bundled_records(profiles, registry)
        if found is not None:
            records, replaced = found
    on_record = bundled_tests if records is not profiles else set()
    problems: list[Problem] = []
    cases = [(f in on_record, load_cases([f], ruleset, records if f in on_record else profiles, collect=problems))
             for f in files]
    loader._finish(None, problems, None)  # every problem of every file, located; InputError if any is an error
    mine, bundled = Assessor(ruleset, profiles), Assessor(ruleset, records)
    flat = [(on_rec, c) for on_rec, group in cases for c in group]
    results = [run_case(bundled if on_rec else mine, c) for on_rec, c in flat]
    moved: list[CaseResult] = []
    if adds_to_bundled(ruleset):
        failing = [(i, on_rec) for i, (r, (on_rec, _)) in enumerate(zip(results, flat))
                   if not r.passed and is_bundled_test(r.case.loc.file)]
        if failing:
            alone = loader.load_ruleset()
            on = {True: Assessor(alone, records), False: Assessor(alone, profiles)}
            bundled_ids = {x.id for x in alone.rules}
            replacing = {r.id for r in ruleset.rules if r.replaces is not None and r.id in bundled_ids}
            # the project's rules with each replaced rule put back as the bundled set gives it (the added ones kept):
            # what the added rules alone make of a case, to tell their moves from the replacements' changes
            restored = replace(ruleset, rules=tuple(alone.rule(x.id) if x.id in replacing else x
                                                      for x in ruleset.rules))
            added_only = {True: Assessor(restored, records), False: Assessor(restored, profiles)} if replacing else on
            for i, on_rec in failing:
                r = results[i]
                there = run_case(on[on_rec], r.case)
                if not there.passed:
                    continue  # it fails on the bundled rules too: a failure
                # A rule the project replaces that the case reads (fired here or there, or named by fires/not_fires)
                # changed it only if putting the bundled rule back changes the outcome: a failure, said so (a review:
                # a replacement reworded alone, beside an added rule, was blamed for the added rule's moves).
                read = [x.id for x in ruleset.rules if x.id in replacing
                        and (x.id in r.fired or x.id in there.fired or x.id in r.case.fires or x.id in r.case.not_fires)]
                if read and _outcome(run_case(added_only[on_rec], r.case)) != _outcome(r):
                    results[i] = replace(r, replaced=tuple(read))
                elif not any(d.startswith(("expected to fire:", "expected not to fire:")) for d in r.differences):
                    moved.append(r)  # only a score or a level can an added rule (a new id) move
        if not bundled_tests:
            added = [r.id for r in ruleset.rules if not is_bundled_rule(r)]
            return RunResult(results, added, moved, "added"), replaced
    return RunResult(results, [r.id for r in ruleset.rules], moved), replaced
