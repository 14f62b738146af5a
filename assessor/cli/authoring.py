"""CLI commands for rule and profile authors: the ``rules`` and ``profiles``
groups (list, facts, validate, test, diff, show) and ``schema``.

Each command is a few lines around :mod:`assessor.authoring` (imported when a
command runs, so ``assessor --help`` stays fast): parse options, call the
library, print through a reporter (:mod:`assessor.render`), and turn what it found into the exit code — 0 clean, 1
errors found or tests failed, 2 usage or input error.
"""

from __future__ import annotations

from pathlib import Path

import click

from assessor.cli.common import (
    DATE,
    PathArg,
    data_options,
    emit,
    format_option,
    load_assessor,
    load_project,
    registry_option,
    write_stdout,
)
from assessor.cli.common import note as emit_note


class _Percent(click.FloatRange):
    """0..100; NaN (which compares false with both ends) is refused too."""

    def convert(self, value, param, ctx):
        number = super().convert(value, param, ctx)
        if number != number:
            self.fail(f"{value!r} is not a number from 0 to 100", param, ctx)
        return number


PERCENT = _Percent(0, 100)
PATHS = click.argument("paths", nargs=-1, type=PathArg(), metavar="[PATH...]")


NO_LINT = click.option("--no-lint", is_flag=True, help="Report errors only, skip the lint warnings.")
PROFILES = click.option("--profiles", "profile_paths", multiple=True, type=PathArg(),
                        help="Profile file or folder (repeatable). Default: the bundled profiles.")


@click.group()
def rules():
    """Inspect, validate and test rule files."""


@rules.command("list")
@format_option("text", "json")
@click.option("--rules", "rule_paths", multiple=True, type=PathArg(),
              help="Rule file or folder (repeatable); without a 'ruleset:' header, added to the bundled rules.")
def rules_list(fmt, rule_paths):
    """List the rules of a rule set."""
    from assessor import loader
    from assessor.render import reporter

    paths, defaults = _layered("rules", rule_paths)
    emit(reporter(fmt).ruleset(loader.load_ruleset(paths, defaults=defaults or _adding(rule_paths))), "-")


@rules.command("facts")
@click.argument("country", required=False)
@click.option("--date", "date", type=DATE, default="today", show_default=True, help="With COUNTRY: the date.")
@format_option("text", "json")
@data_options
def rules_facts(country, date, fmt, rule_paths, profile_paths, no_defaults, scenarios):
    """List the derived facts rules can use, with their types; with COUNTRY, their values on --date."""
    from assessor.render import reporter

    if country is None:
        emit(reporter(fmt).facts(), "-")
        return
    a = load_assessor(rule_paths, profile_paths, no_defaults, scenarios)
    p = a.profile(country)
    facts = a.deriver(p).derive(date)
    emit(reporter(fmt).fact_values(p, facts), "-")


@click.group()
def profiles():
    """Inspect and validate country profiles."""


@profiles.command("new")
@click.argument("name")
@click.option("--folder", type=PathArg(file_okay=False),
              help="Folder to write the profile into.  [default: the project's first profile folder, else ./profiles]")
@click.option("--replace", is_flag=True,
              help="On purpose: replace a bundled country of that name in this project, or an existing file.")
def profiles_new(name, folder, replace):
    """Start a profile for country NAME: a valid file to fill with real, sourced events.

    Refused without --replace when NAME is a bundled country (the new file
    would replace its sourced record) or the file exists."""
    from assessor.project import new_profile

    proj = load_project(empty_profiles=True)  # a listed folder with no profile yet is the one to fill
    # the first folder the project lists, not a file's; the first entry when it is not made yet (made here)
    import os

    folders = [p for p in proj.profiles if p.is_dir() or not os.path.lexists(p)]
    target = Path(folder) if folder else (folders[0] if folders else proj.profiles[0] if proj.profiles else Path("profiles"))
    if proj.profiles and not folders and not folder:
        target = proj.profiles[0].parent
    from assessor.cli.common import profiles_to_start_beside

    known = profiles_to_start_beside(proj)
    root = Path(".") if not folder and not proj.profiles else None  # ./profiles: made here, never through a link
    # the sample's dates end on today, SOURCE_DATE_EPOCH's day when it is set (as a report's period does): the same
    # command wrote other bytes from one day to the next, whatever it said
    from assessor.report import report_day

    path = new_profile(name, target, known, replace=replace, root=root, project=proj, today=report_day())
    import shlex  # the command is there to be pasted: a folder named '$(…)' or 'a b' must not run or split

    shown = str(path) if not str(path).startswith("-") else f"./{path}"  # '-x/a.yaml' would read as an option
    emit_note(f"wrote {path}: replace the sample event with real, sourced ones; check with "
              f"`assessor profiles validate {shlex.quote(shown)}`")
    if proj.path is None:  # no project: no command reads the folder, and the next `assess NAME` was 'unknown country'
        emit_note(f"note: no project here (no assessor.toml, nor a pyproject.toml with [tool.assessor], in this folder or "
                  f"above): commands do not read {target}/ by default: give --profiles {shlex.quote(str(target))}/, or "
                  "make a project that lists it (assessor init" + ("" if folder else ", here") + ")")
    elif not folder and proj.profiles and not folders:  # beside the project's one listed file: not read until listed
        emit_note(f"note: {proj.path} lists no profile folder, only files: add {_as_listed(path, proj)!r} to its "
                  "profiles to use it")
    elif proj.path is not None and not _listed(path, proj.profiles):
        # --folder of a folder the project does not list: the new profile was 'unknown country' on the next command,
        # without a word here
        emit_note(f"note: {proj.path} does not list {target}: add {_as_listed(target, proj)!r} to its profiles to use "
                  f"the new profile (or give --profiles {shlex.quote(str(target))})")


def _as_listed(path: Path, proj) -> str:
    """``path`` as the project file would list it: relative to the file's folder, as its paths are read ('georgia.yaml'
    was advised for p/georgia.yaml, a file the project would then look for beside itself, and 'q' for a folder
    given from a sub-folder of the project)."""
    import os

    try:
        # absolute, not resolved: a linked folder is listed by the name the project uses, not its target's
        return Path(os.path.relpath(os.path.abspath(path), os.path.abspath(proj.path.parent))).as_posix()
    except (OSError, ValueError, RuntimeError):  # another drive (Windows), a loop of links: the path as it is
        return str(path)


def _listed(path: Path, listed) -> bool:
    """Whether the file ``path`` is read as one of the profiles ``listed`` (files and folders) names: a listed file,
    or a file right in a listed folder (its sub-folders are not read)."""
    try:
        here = path.resolve()
        return any(here == f.resolve() or here.parent == f.resolve() for f in listed)
    except (OSError, RuntimeError):  # a loop of links: said where it is read
        return True


@click.command()
@click.argument("folder", default=".", type=PathArg(file_okay=False))
@click.option("--force", is_flag=True, help="Replace sample files that exist already (else nothing is written).")
def init(folder, force):
    """Start a project in FOLDER: assessor.toml, a sample profile, rule and rule test, beside the defaults.

    The sample rule is not in force until assessor.toml lists its folder: a new
    project scores every bundled country as the defaults do.  All files are
    written or none; none through a symbolic link; none over an existing file
    without --force."""
    from assessor.project import init_project
    from assessor.report import report_day

    for path in init_project(Path(folder), force=force, today=report_day()):  # SOURCE_DATE_EPOCH's day, as new's
        emit_note(f"wrote {path}")


@profiles.command("list")
@format_option("text", "json")
@click.option("--profiles", "profile_paths", multiple=True, type=PathArg(), help="Profile file or folder (repeatable).")
@registry_option
def profiles_list(fmt, profile_paths):
    """List the country profiles."""
    from assessor import loader
    from assessor.render import reporter

    paths, defaults = _layered("profiles", profile_paths)
    found = loader.load_profiles(paths, defaults=defaults, registry=_registry(), world=_world())
    marks: dict[str, str] = {}
    if defaults and paths:  # a project's profiles beside the bundled ones: text marks which are whose (JSON has path)
        from assessor.cli.common import say_replaced

        replacing = say_replaced(found, paths)
        bundled = loader.default_dir("profiles")
        marks = {p.id: "replaces bundled" if p.id in replacing else "project" for p in found.profiles.values()
                 if Path(p.path).parent != bundled}
    emit(reporter(fmt).profiles(sorted(found.profiles.values(), key=lambda p: p.id), marks=marks), "-")


@click.command()
@click.argument("which", type=click.Choice(["rules", "profile", "profiles", "registry", "outcomes", "scenario", "uncertainty",
                                            "world"]))
def schema(which):
    """Print the JSON Schema for rule files, profiles, registry files of states, outcomes, scenarios, uncertainty files
    or world records."""
    from assessor.spec import schema_text

    write_stdout(schema_text({"profiles": "profile"}.get(which, which)))


def _finish(report, fmt: str) -> None:
    """Print the problems (stdout) and a one-line summary (stderr); exit 1 on any error."""
    from assessor.render import reporter

    write_stdout(reporter(fmt).problems(report.problems))
    click.echo(report.summary(), err=True)
    raise SystemExit(1 if report.errors else 0)


@rules.command("validate")
@PATHS
@PROFILES
@format_option("text", "json", "github")
@NO_LINT
@registry_option
def rules_validate(paths, profile_paths, fmt, no_lint):
    """Check a rule set (default: the bundled rules), its tests and lint warnings.

    PATH... are rule files or folders forming one rule set (without a
    'ruleset:' header, as a project's rules/: added to the bundled one); the
    rule tests in each folder's tests/ are checked too.  One problem per line,
    FILE:LINE:COL: error|warning: message [code], sorted by file and line.
    Warnings alone exit 0, any error exits 1.  --format github prints GitHub
    Actions annotations.  The firing lints (never-fires, always-fires) run
    the rules on --profiles monthly over each one's covered period.
    """
    from assessor import authoring

    reg = _checked_registry(fmt)
    proj = _project_without(paths, profile_paths)
    if proj is not None:  # in a project: its rules beside the defaults, its profiles too
        _finish(authoring.validate_rules(proj.rules or None, proj.profiles or None, lint=not no_lint,
                                         defaults=proj.defaults, registry=reg, world=_world()), fmt)
        return
    _finish(authoring.validate_rules(list(paths) or None, list(profile_paths) or None, lint=not no_lint, registry=reg,
                                     world=_world(), defaults=_adding(paths)), fmt)


@profiles.command("validate")
@PATHS
@format_option("text", "json", "github")
@NO_LINT
@registry_option
def profiles_validate(paths, fmt, no_lint):
    """Check profiles (default: the bundled profiles) and lint their membership events.

    One problem per line, FILE:LINE:COL: error|warning: message [code];
    warnings alone exit 0, any error exits 1.
    """
    from assessor import authoring

    files, defaults = _layered("profiles", paths)  # in a project: the bundled profiles and the project's
    proj = _project_without(*paths)  # ... and its rules (what no-effect reads)
    rules = list(proj.rules) if proj is not None else []
    # The project's world records, as its registry, whatever files are checked: they are what a profile's
    # overrides name, and every other command applies them (without, an override of a project's world event
    # was 'no world file defines' it here, and fine everywhere else).
    world = _world()
    reg = _checked_registry(fmt)  # as commands read: the project's registry files and --registry's
    _finish(authoring.validate_profiles(files, lint=not no_lint, defaults=defaults, rules=rules or None, world=world,
                                        registry=reg), fmt)


@rules.command("test")
@PATHS
@click.option("--tests", "test_paths", multiple=True, type=PathArg(),
              help="Rule-test file or folder (repeatable). Default: tests/ inside each rule folder.")
@PROFILES
@format_option("text", "json")
@click.option("--min-coverage", type=PERCENT, default=0, show_default=True, metavar="PERCENT",
              help="Also fail when the rule coverage is below PERCENT.")
@registry_option
def rules_test(paths, test_paths, profile_paths, fmt, min_coverage):
    """Run the rule tests of a rule set (default: the bundled rules and their tests).

    PATH... without a 'ruleset:' header (a project's rules/) are tested
    beside the bundled rules, with the tests in their own tests/ folder.

    Prints each failing case as FILE:LINE: case NAME: what differed, then
    'N passed, N failed' and the rule coverage: the share of rules that fired
    in at least one case, and those that never did.  Exit 1 when a case fails
    (or coverage is below --min-coverage), 2 when a file is invalid.
    """
    from assessor import authoring, loader
    from assessor.errors import AssessorError
    from assessor.render import reporter

    proj = load_project()
    adding = False
    if paths or profile_paths or not proj.path:
        adding = _adding(paths)
        ruleset = loader.load_ruleset(list(paths) or None, defaults=adding)
        profile_set = loader.load_profiles(list(profile_paths) or None, registry=_registry(), world=_world())
        # rules added to the bundled set are tested with the bundled rule tests too, as in a project: with the
        # folder's own tests alone, the coverage of the whole set read 4 % and '--min-coverage 100' (as the docs say
        # to run in CI) always failed
        files = list(test_paths) or list(dict.fromkeys(
            [*(authoring.tests_beside(None) if adding else []), *authoring.tests_beside(list(paths) or None)]))
    else:  # in a project: its rules beside the defaults, and the tests of both (each once)
        ruleset = loader.load_ruleset(proj.rules or None, defaults=proj.defaults and bool(proj.rules))
        profile_set = loader.load_profiles(proj.profiles or None, defaults=proj.defaults and bool(proj.profiles),
                                           registry=_registry(), world=_world())
        files = list(test_paths) or [*(authoring.tests_beside(None) if proj.defaults else []),
                                     *(authoring.tests_beside(proj.rules) if proj.rules else [])]
    if not files:
        raise AssessorError("no rule tests found: put them in tests/*.yaml inside the rule folder, or give --tests")
    from assessor.cli.common import say_replaced_rules

    say_replaced_rules(ruleset)  # a bundled case the replacement moves then reads as its doing
    # a project's own version of a bundled profile does not run the bundled record's cases, nor does a set of
    # --profiles without the bundled records (its bundled cases were 'unknown country' at every line naming one)
    run, replaced = authoring.run_test_files(ruleset, profile_set, files, registry=_registry())
    if replaced:
        which = ", ".join(f"{pid} ({path})" for pid, path in sorted(replaced.items()))
        emit_note(f"note: the bundled rule tests ran on the bundled records they were written for, not on the "
                  f"project's replacement{'s' if len(replaced) > 1 else ''}: {which}")
    write_stdout(reporter(fmt).rule_tests(run))
    raise SystemExit(1 if run.failures or run.coverage < min_coverage else 0)


@rules.command("diff")
@click.argument("old", type=PathArg())
@click.argument("new", type=PathArg())
@PROFILES
@click.option("--from", "start", type=DATE, help="First date.  [default: the start of the earliest profile's record]")
@click.option("--to", "end", type=DATE, help="Last date (inclusive).  [default: the end of the latest profile's record]")
@click.option("--step", type=click.Choice(["day", "week", "month"]), default="week", show_default=True,
              help="Spacing of dates.")
@format_option("text", "json")
@click.option("--exit-code", is_flag=True, help="Exit 1 when any country-date changes level (like git diff --exit-code).")
@registry_option
def rules_diff(old, new, profile_paths, start, end, step, fmt, exit_code):
    """What an edit changes: compare rule set OLD with NEW on the same profiles and dates.

    OLD and NEW are rule files or folders (one without a 'ruleset:' header,
    as a project's rules/: added to the bundled rules).  Lists the
    country-dates whose level changes (old -> new level and score), how far scores move (count, largest
    move, mean), and the rules behind the moves: those whose points or firing
    differ on those dates.  Exit 0 unless --exit-code is given and a level
    changes.
    """
    from assessor import authoring, loader
    from assessor.assess import dates_between
    from assessor.cli.common import check_order
    from assessor.render import reporter

    profile_set = None
    reg = _registry()
    given = (start, end)
    if start is None or end is None:  # the period the profiles' records cover
        profile_set = loader.load_profiles(list(profile_paths) or None, registry=reg, world=_world())
        start, end = authoring.covered_period(profile_set, start, end)
    check_order(start, end, *given)
    try:
        dates = dates_between(start, end, step)
    except ValueError as exc:
        raise click.UsageError(str(exc)) from None
    # a side without a 'ruleset:' header (a project's rules/) is those rules added to the bundled set, as `rules
    # test`, `validate` and `list` read it: read alone it ended in 'no file declares the ruleset: header'
    from assessor.cli.common import _label_added_rules

    proj = load_project()  # rules added to the bundled set say so in their version, as on every command
    before = _label_added_rules(loader.load_ruleset([old], defaults=_adding([old], "run")), proj)
    after = _label_added_rules(loader.load_ruleset([new], defaults=_adding([new], "run")), proj)
    profile_set = profile_set or loader.load_profiles(list(profile_paths) or None, registry=reg, world=_world())
    diff = authoring.diff_rulesets(before, after, profile_set, dates, step)
    reporter(fmt).rules_diff(diff, write_stdout)  # streamed: a diff can be gigabytes
    raise SystemExit(1 if exit_code and diff.summary.level_changes else 0)


@rules.command("show")
@click.argument("rule_id", metavar="RULE_ID")
@click.option("--step", type=click.Choice(["day", "week", "month"]), default="day", show_default=True,
              help="Spacing of the dates the rule is tried on.")
@format_option("text", "json")
@data_options
def rules_show(rule_id, step, fmt, rule_paths, profile_paths, no_defaults, scenarios):
    """Print a rule, where it is defined, its compiled durable-rules pattern, and when it fires.

    The firing dates are tried over each profile's covered period and shown as
    date ranges per country.
    """
    from assessor import authoring
    from assessor.render import reporter

    view = authoring.show_rule(load_assessor(rule_paths, profile_paths, no_defaults, scenarios), rule_id, step)
    write_stdout(reporter(fmt).rule(view))


@rules.command("copy")
@click.argument("folder", metavar="DIR", type=PathArg(file_okay=False))
@click.option("--name", help="The copy's rule set name.  [default: DIR's own name, made valid (My Rules: my-rules)]")
def rules_copy(folder, name):
    """Copy the bundled rule set into DIR, to edit it as a rule set of your own.

    Writes the bundled rule files, their rule tests (DIR/tests) and the rules'
    JSON Schema for editors; the header's name becomes NAME and its version
    0.1.0, so that every output names your rule set, not the bundled one, and
    a comment at its top says which bundled set (and sha256) it was copied
    from.  DIR must be new or empty: all files are written or none, none
    through a link.  Use it with --rules DIR (or a project's rules = ["DIR"])."""
    import shlex

    from assessor.authoring.rulecopy import copy_bundled

    written, named, source = copy_bundled(Path(folder), name)
    tests = sum(p.parent.name == "tests" and p.parent.parent == Path(folder) for p in written)
    shown = shlex.quote(folder if not folder.startswith("-") else f"./{folder}")
    emit_note(f"wrote {folder}: a copy of the bundled rule set {source.split(' (')[0]} named {named} 0.1.0 "
              f"({len(written) - tests - 1} rule files, {tests} rule test files); check it with `assessor rules "
              f"validate {shown}`, use it with --rules {shown}")


def _registry():
    """The project's registry files and --registry's over the bundled registry (None: the bundled one)."""
    from assessor.cli.common import user_registry

    return user_registry(load_project())


def _world() -> list:
    """The project's world records (added to the bundled ones), whatever files a command names: like its
    registry, they are what the profiles' overrides name and what every scoring command applies."""

    return list(load_project().world)


def _checked_registry(fmt: str):
    """:func:`_registry` for the validate commands: a user registry's problems are reported as the
    checked files' are (every one, located, exit 1), and its warnings beside the rest."""
    from assessor import registry as registry_mod
    from assessor.authoring import Report
    from assessor.cli.common import registry_paths

    paths = registry_paths(load_project())
    if not paths:
        return None
    found: list = []
    reg = registry_mod.load_registry(paths, collect=found)
    if any(p.severity == "error" for p in found):
        _finish(Report([str(f) for f in reg.files[1:]], sorted(set(found))), fmt)
    return reg


def _adding(paths, done: str = "checked") -> bool:
    """Whether the rule PATHs of ``rules test``/``rules validate`` are rules to add to the bundled ones (no file
    declares a ``ruleset:`` header, as in a project's ``rules/``), said once on stderr.  Read as a rule set of their
    own they failed on the missing header: ``init`` says to test its sample rules with ``assessor rules test rules/``
    before listing them, and that command ended in an error (exit 2) in every new project."""
    from assessor import loader

    if not loader.adds_to_bundled(paths):
        return False
    emit_note(f"note: {', '.join(map(str, paths))} declare{'s' if len(paths) == 1 else ''} no 'ruleset:' header: "
              f"the rules are {done} beside the bundled rule set, as a project's rules are added to it")
    return True


def _project_without(*given):
    """The project (assessor.toml found upwards) when no path was given on the command line, else None."""
    if any(given):
        return None

    proj = load_project()
    return proj if proj.path else None


def _layered(kind: str, given) -> tuple[list | None, bool]:
    """The files of ``kind`` ("rules" or "profiles") a listing or a check reads, and whether
    they sit beside the defaults: those given on the command line alone; else, in a project
    that names some, the project's beside the bundled ones; else the bundled ones."""
    proj = _project_without(given)
    named = getattr(proj, kind) if proj is not None else []
    if named:
        return list(named), proj.defaults
    return list(given) or None, False
