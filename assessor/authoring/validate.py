"""Validate: every problem of a rule set or of profiles, each with its file:line:col.

The loader's problems (YAML, structure, meaning), those of the rule tests next
to the rules, the engine's limits, and (with ``lint``) the lint warnings of
:mod:`assessor.authoring.lint`.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from assessor import engine, loader
from assessor.authoring.lint import lint_profile, lint_rules
from assessor.authoring.ruletests import bundled_records, is_bundled_test, load_cases
from assessor.errors import AssessorError, InputError, Problem
from assessor.model import RuleSet


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
                   lint: bool = True, defaults: bool = False, registry=None,
                   world: Sequence[str | Path] = ()) -> Report:
    """Every problem of a rule set, its rule tests and (with ``lint``) its lint warnings.

    Lint needs a rule set that loads, so its warnings appear once the files
    are free of errors.  The profiles (default: bundled) are only loaded when
    needed: for the firing lints and to check the profiles rule tests name.
    """
    files = loader.yaml_files(paths or [loader.default_dir("rules")])
    problems: list[Problem] = []
    ruleset = loader.load_ruleset(paths, collect=problems, defaults=defaults)
    loaded = ruleset if ruleset is not None and not _has_errors(problems) else None
    if loaded is not None:
        problems += engine_problems(loaded)
        loaded = None if _has_errors(problems) else loaded
    tests = (tests_beside(None) if defaults else []) + tests_beside(paths)
    profiles = (loader.load_profiles(profile_paths, defaults=defaults, registry=registry, world=world)
                if tests or (lint and loaded) else None)
    # the bundled rule tests are checked against the records they were written for, as `rules test` runs them
    found = bundled_records(profiles, registry) if profiles is not None and any(map(is_bundled_test, tests)) else None
    records = found[0] if found is not None else profiles
    load_cases([t for t in tests if is_bundled_test(t)], loaded, records, collect=problems)
    load_cases([t for t in tests if not is_bundled_test(t)], loaded, profiles, collect=problems)
    if lint and loaded is not None:
        problems += lint_rules(loaded, profiles)
    return Report([str(f) for f in files + tests], sorted(problems))


def validate_profiles(paths: Sequence[str | Path] | None = None, lint: bool = True, defaults: bool = False,
                      rules: Sequence[str | Path] | None = None, world: Sequence[str | Path] = (),
                      registry=None) -> Report:
    """Every problem of a set of profiles (with ``defaults``: beside the bundled ones, replacing
    them by id) and of the world records they inherit; with ``lint``, warnings for each profile
    that loads, for events recorded in two files, and for events no rule of the rule set
    (``rules``, default: bundled) reads."""
    bundled = loader.yaml_files([loader.default_dir("profiles")]) if defaults else []
    files = bundled + loader.yaml_files(paths or [loader.default_dir("profiles")])
    problems: list[Problem] = []
    profiles = loader.load_profiles(paths, collect=problems, defaults=defaults, world=world, registry=registry)
    for p in profiles.profiles.values():
        problems += placeholder_problems(p)
    if lint:
        checked = list(profiles.profiles.values())
        if defaults:  # beside the bundled profiles: those are read (ids, what the rules read), the project's are checked
            own = {_resolved(f) for f in loader.yaml_files(paths)} if paths else set()
            checked = [p for p in checked if _resolved(p.path) in own]
        for p in checked:
            problems += lint_profile(p)
        problems += world_problems(profiles, rules, world, problems, own_world(paths, world), checked)
        if not defaults and paths:
            problems += beside_bundled(paths, registry, world)
    return Report([str(f) for f in files], sorted(set(problems)))


def beside_bundled(paths: Sequence[str | Path], registry=None, world: Sequence[str | Path] = ()) -> list[Problem]:
    """A profile checked alone whose name or alias is a bundled profile's (a record of another decade
    named 'Poland', aliases PL and POL): every command loads it beside the bundled profiles (unless
    --no-defaults), where the shared name picks neither: the loader's own warning and location."""
    bundled = {_resolved(f) for f in loader.yaml_files([loader.default_dir("profiles")])}
    own = {_resolved(f) for f in loader.yaml_files(paths)} - bundled
    if not own:
        return []
    found: list[Problem] = []
    try:
        loader.load_profiles(paths, collect=found, defaults=True, registry=registry, world=world)
    except AssessorError:  # reported by the check itself
        return []
    return [p for p in found if p.code == "duplicate-id" and p.severity == "warning" and _resolved(p.file) in own]


_resolved = loader.resolved_path  # (one reading of a path, shared with the loader's check of name clashes)


def own_world(paths: Sequence[str | Path] | None, world: Sequence[str | Path] = ()) -> set[Path]:
    """The world files whose own warnings a check of ``paths`` reports: the project's (``world``),
    and the bundled ones only when the bundled profiles are what is checked (no path, or a path in
    the bundled folder) — whoever checks a profile of their own cannot act on a bundled world record,
    which is checked, once, with the bundled profiles."""
    from assessor import world as world_mod

    own = {_resolved(f) for f in world_mod.world_files(world, defaults=False)}
    bundled_dir = loader.default_dir("profiles").resolve()
    given = loader.yaml_files(paths) if paths else None
    if given is None or any(bundled_dir in _resolved(f).parents for f in given):
        own |= {_resolved(f) for f in world_mod.world_files(defaults=True)}
    return own


def world_problems(profiles: loader.ProfileSet, rules, world, found: list[Problem],
                   own: set[Path] | None = None, checked: Sequence | None = None) -> list[Problem]:
    """The lints across files: one event recorded twice, events no rule reads, conventions in world files.
    A world record's own warnings (its conventions, its events no rule reads) are reported for the files
    in ``own`` (None: every one; see :func:`own_world`); events no rule reads, for the profiles ``checked``
    (None: every one loaded)."""
    from assessor import world as world_mod
    from assessor.authoring.lint import event_conventions, lint_no_effect, lint_same_event

    if _has_errors(found):
        return []
    the_world = world_mod.load_world(world)
    mine = (lambda file: True) if own is None else (lambda file: _resolved(file) in own)  # noqa: E731
    out = list(lint_same_event(profiles.profiles.values(), the_world))
    out += [p for w in the_world.events if mine(w.event.loc.file) for p in event_conventions(w.event)]
    ruleset = loader.load_ruleset(rules, collect=[], defaults=bool(rules))
    if ruleset is not None:
        bundled = loader.load_profiles().profiles.values()  # which kinds the rules read, seen on every bundled record
        mine_profiles = list(profiles.profiles.values()) if checked is None else list(checked)
        out += lint_no_effect(mine_profiles, ruleset, reference=list(bundled), world_file=mine,
                              heirs=list(profiles.profiles.values()))
    return out


# Domains reserved for examples (RFC 2606), and the top-level names reserved for tests, examples, invalid names and
# this machine (RFC 2606, RFC 6761: .test, .example, .invalid, .localhost): never where a real event was published.
EXAMPLE_DOMAINS = ("example.org", "example.com", "example.net", "example.edu", "test", "example", "invalid", "localhost")


def placeholder_problems(profile) -> list[Problem]:
    """Errors for what the ``profiles new`` template leaves to be replaced: its placeholder sentences,
    and sources on an example domain.

    Errors, not warnings: an event whose summary is the template's sentence, or
    whose source cannot be a real publication, is not a fact, and a profile
    that ``validate`` passes is one every command trusts as sourced data (a
    warning exits 0 and would let the template into the record unnoticed).
    ``--no-lint`` does not silence them: they are about truth, not style."""
    from urllib.parse import urlsplit

    from assessor.project import placeholder_of

    out = []
    for e in profile.events:
        where = e.loc
        found = placeholder_of(e)
        if found is not None:
            out.append(Problem(where.file, where.line, where.col, "error",
                               f"the template's placeholder {found.strip()!r} is still here: write the real event "
                               "and its source", "placeholder"))
        try:
            host = (urlsplit(e.source.url or "").hostname or "").lower().rstrip(".")
        except ValueError:
            host = ""
        if any(host == d or host.endswith("." + d) for d in EXAMPLE_DOMAINS):
            out.append(Problem(where.file, where.line, where.col, "error",
                               f"source URL {e.source.url!r} is on an example domain ({host}): give the page the "
                               "event was published on", "example-source"))
    return out


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
