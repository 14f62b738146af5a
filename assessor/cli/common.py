"""What every command shares: the date type, the common options, and the one way output leaves the program.

Imported by the command modules (:mod:`assessor.cli.assess`,
:mod:`assessor.cli.authoring`, :mod:`assessor.cli.report`); it imports none
of them, nor the group in :mod:`assessor.cli`, so there is no import circle.
"""

from __future__ import annotations

import codecs
import contextlib
import datetime as _dt
import functools
import gc
import inspect
import os
import sys
from collections.abc import Callable, Iterator, Sequence

import click

from assessor.errors import AmbiguousName, AssessorError

FORMAT_HELP = "Output format."


class ISODate(click.ParamType):
    name = "YYYY-MM-DD"

    def convert(self, value, param, ctx):
        if isinstance(value, _dt.date):
            return value
        text = str(value).strip()
        if text.lower() == "today":
            return _dt.date.today()
        from assessor.days import iso_day  # the one strict reader of a day (imports read rows with it)

        try:  # YYYY-MM-DD in ASCII digits only: Python 3.11's fromisoformat also reads week dates (2022-W01-1)
            return iso_day(text)
        except ValueError:
            self.fail(f"{value!r} is not a real date in ISO form (YYYY-MM-DD)", param, ctx)


DATE = ISODate()


class PathArg(click.Path):
    """A file or folder name, never empty: '' (an unset shell variable, ``--outcomes "$F"``) read as 'not
    given' (the bundled outcomes, no chart, no counts) or as the current folder, without a word; -o refuses
    it too."""

    def convert(self, value, param, ctx):
        if isinstance(value, str) and value == "":
            self.fail("the name is empty (an unset variable?); give a path ('.' for the current folder)", param, ctx)
        return super().convert(value, param, ctx)


# What a name given to -o says about the format wanted, for every command with --format (report and sweep
# read it so too): -o t.json without --format got the default text in a file every JSON reader refused.
SUFFIX_FORMATS = {".json": "json", ".csv": "csv", ".txt": "text", ".text": "text", ".jsonl": "jsonl",
                  ".ndjson": "jsonl", ".parquet": "parquet", ".pq": "parquet"}


def format_for(output: str | None, fmt: str | None, choices: tuple[str, ...]) -> str:
    """``--format`` if given; else the format -o's name ends in, if the command writes it; else the first choice."""
    if fmt:
        return fmt
    if output and output != "-":
        suffix = os.path.splitext(output)[1].lower()
        wanted = SUFFIX_FORMATS.get(suffix)
        if wanted in choices:
            return wanted
        named = wanted or OTHER_SUFFIXES.get(suffix)
        ctx = click.get_current_context(silent=True)
        if named and ctx is not None:  # -o a.html on assess: the file gets text, which its name does not say;
            # said by emit once the file is written (an output refused says only why)
            ctx.find_root().meta[SUFFIX_NOTE] = (f"{suffix} names {named}, which this command does not write (it "
                                                 f"writes {', '.join(choices)}): wrote {choices[0]}; --format chooses")
    return choices[0]


SUFFIX_NOTE = "assessor.suffix_note"


# Names of formats other commands write (or no command does), for the note above: report writes HTML and
# Markdown, timeline --plot an image.
OTHER_SUFFIXES = {".html": "HTML", ".htm": "HTML", ".md": "Markdown", ".markdown": "Markdown", ".png": "an image",
                  ".svg": "an image", ".pdf": "PDF", ".xlsx": "a spreadsheet", ".yaml": "YAML", ".yml": "YAML"}


def format_option(*choices: str) -> Callable:
    """``--format`` with the given choices, the first being the default when -o's name says nothing
    (``-o t.json`` writes JSON, ``-o t.csv`` CSV, where the command writes them).  The help names -o only on a
    command that has it: `rules validate --help` said '[default: as -o's name ends, else text]' of a command
    without -o (the function's own parameters say, whatever order the decorators stand in)."""
    def decorate(f: Callable) -> Callable:
        @functools.wraps(f)
        def resolved(*args, **kwargs):
            kwargs["fmt"] = format_for(kwargs.get("output"), kwargs.get("fmt"), choices)
            return f(*args, **kwargs)
        has_output = "output" in inspect.signature(f).parameters
        default = f"as -o's name ends, else {choices[0]}" if has_output else choices[0]
        return click.option("--format", "fmt", type=click.Choice(list(choices)), default=None,
                            help=f"{FORMAT_HELP}  [default: {default}]")(resolved)
    return decorate


def use_colour(output: str) -> bool:
    """Colour on a terminal only; never with NO_COLOR set to anything but nothing (no-color.org: an empty
    NO_COLOR is not set) nor on a terminal that says it has none (TERM=dumb)."""
    return (output == "-" and sys.stdout is not None and sys.stdout.isatty() and not os.environ.get("NO_COLOR")
            and os.environ.get("TERM") != "dumb")


def _json_escape(exc: UnicodeError) -> tuple[str, int]:
    """Characters the output encoding lacks as ``\\uXXXX`` (UTF-16 code units: a surrogate pair above
    U+FFFF), never ``\\xeb`` or ``\\U0001f600``: JSON knows only the first form, so JSON written to a
    terminal without the characters stays JSON (the same data), and text reads the same."""
    if not isinstance(exc, UnicodeEncodeError):
        raise exc
    out = []
    for ch in exc.object[exc.start:exc.end]:
        if 0xD800 <= ord(ch) <= 0xDFFF:  # a byte of a file name that is not UTF-8 (\udcfd for 0xfd): no UTF-16 of its own
            out.append(f"\\u{ord(ch):04x}")
            continue
        chunk = ch.encode("utf-16-be")
        out.extend(f"\\u{int.from_bytes(chunk[i:i + 2], 'big'):04x}" for i in range(0, len(chunk), 2))
    return "".join(out), exc.end


_ESCAPE = "assessor-json-escape"
codecs.register_error(_ESCAPE, _json_escape)


def same_file(a: str, b: str) -> bool:
    """Whether two output names are one file (the same inode where both exist; else the same path once
    links are followed: ``os.path.realpath`` does not fail on a loop of links, ``Path.resolve`` did)."""
    try:
        if os.path.exists(a) and os.path.exists(b):
            return os.path.samefile(a, b)
    except OSError:
        pass
    return os.path.realpath(a) == os.path.realpath(b)


def write_stdout(text: str) -> None:
    """Write ``text`` to stdout in its own encoding, unencodable characters
    escaped (``\\u2192``), never a crash.

    A reader that went away (``| head``) ends the run quietly with 141, as a
    Unix tool killed by SIGPIPE would; any other failure to write (a full
    disk, a closed stdout) is one line on stderr and exit 2.  Either way the
    unwritten rest is discarded, so nothing complains again at exit.
    """
    stream = sys.stdout
    if stream is None:
        raise AssessorError("cannot write to standard output: it is closed")
    encoding = getattr(stream, "encoding", None) or "utf-8"
    data = text.encode(encoding, errors=_ESCAPE)
    try:
        buffer = getattr(stream, "buffer", None)
        if buffer is None:
            stream.write(data.decode(encoding))
        else:
            stream.flush()
            buffer.write(data)
        stream.flush()
    except BrokenPipeError:
        _discard_stdout()
        raise SystemExit(141) from None
    except OSError as exc:
        _discard_stdout()
        raise AssessorError(f"cannot write to standard output: {exc.strerror or exc}") from None


def _discard_stdout() -> None:
    """Point stdout at /dev/null so the interpreter's final flush of what is
    left in its buffer succeeds silently (no 'Exception ignored' message)."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (AttributeError, OSError, ValueError):  # no real file descriptor (a test runner's buffer)
        pass


def emit(text: str, output: str, protect: Sequence[str] = ()) -> None:
    """Send ``text`` to stdout (``-``) or atomically to a file."""
    if output == "-":
        write_stdout(text)
    else:
        from assessor.output import write_atomic

        write_atomic(output, text, protect=protect)
        wrote(output)


def wrote(output: str) -> None:
    """Say a file was written, and then, once, that its name asks for a format the command does not write (the
    note format_for left): sweep streams its rows without emit, and said nothing of -o s.json getting CSV."""
    note(f"wrote {output}")
    ctx = click.get_current_context(silent=True)
    said = ctx.find_root().meta.pop(SUFFIX_NOTE, None) if ctx is not None else None
    if said:
        note(said)


def refuse_output_over(inputs: Sequence | Callable[[], Sequence]) -> None:
    """Refuse now, before any work, a command's ``-o``/``--plot`` that names a file it has just read (the write
    refuses it too, but only after the whole run: a backtest or a Monte Carlo of minutes for nothing)."""
    ctx = click.get_current_context(silent=True)
    if ctx is None:
        return
    for name in ("output", "plot"):
        target = ctx.params.get(name)
        if isinstance(target, str) and target and target != "-":
            from assessor.output import refuse_inputs  # only with a file to write: stdout needs none of it

            refuse_inputs(target, inputs() if callable(inputs) else inputs)


def examples(*commands: str) -> str:
    """A command's ``--help`` epilog: its examples, as written (click's \\b keeps the lines unwrapped)."""
    return "\b\nExamples:\n" + "\n".join(f"  {c}" for c in commands)


def note(text: str) -> None:
    """A one-line message on stderr (file names may hold anything, a newline too: shown safely, on one line), said
    once per command: `compare` loads the project twice (baseline and scenario) and said each note twice."""
    from assessor.render.safe import one_line

    ctx = click.get_current_context(silent=True)
    said = ctx.find_root().meta.setdefault("assessor.notes", set()) if ctx is not None else set()
    if text in said:
        return
    said.add(text)
    click.echo(one_line(text), err=True)


# --registry (the registry task of issue 16): kept in the click context rather than passed as an
# argument, so every command that loads profiles takes it without a new parameter of its own, and
# the functions that load profiles (project_profiles, user_registry) find it wherever they are called.
REGISTRY_META = "assessor.registry_paths"


def _remember_registry(ctx: click.Context, param, value) -> None:
    if value:
        ctx.meta[REGISTRY_META] = (*ctx.meta.get(REGISTRY_META, ()), *value)
        _refuse_yaml_into_given_folders(ctx)


def once_each(ctx: click.Context, param, value):
    """--scenario files, each given once: the same file twice was applied twice (an event moved by 10 days moved by
    20, an added one added twice), or its second application failed on what the first had changed ('no event
    matches'), said of the file as if it were wrong."""
    for i, v in enumerate(value):
        first = next((w for w in value[:i] if same_file(w, v)), None)
        if first is not None:
            same = f"{v!r}" if first == v else f"{v!r} (as {first!r})"
            raise click.BadParameter(f"{same} is given twice: a scenario is applied once", ctx, param)
    return value


def given_folders(ctx: click.Context, param, value):
    """--profiles and --rules as given, the -o already read checked against them (see below)."""
    ctx.params[param.name] = value
    _refuse_yaml_into_given_folders(ctx)
    return value


def _refuse_yaml_into_given_folders(ctx: click.Context) -> None:
    """-o (or --plot) naming a new .yaml in a folder this command line reads with --profiles, --rules or --registry:
    refused as one into a project's listed folder is (output.refuse_yaml_into).  Called from each of those
    options' callbacks and -o's, since click reads them in the order they are typed: whichever comes last sees
    the others."""
    folders = [*(("--profiles", p) for p in ctx.params.get("profile_paths") or ()),
               *(("--rules", p) for p in ctx.params.get("rule_paths") or ()),
               *(("--registry", p) for p in ctx.meta.get(REGISTRY_META, ()))]
    if not folders:
        return
    from assessor.output import refuse_yaml_into

    for name in ("output", "plot"):
        target = ctx.params.get(name)
        if isinstance(target, str) and target and target != "-":
            refuse_yaml_into(target, folders)


def registry_option(f: Callable) -> Callable:
    """--registry FILE (repeatable): registry files layered over the bundled registry and the project's."""
    return click.option("--registry", multiple=True, type=PathArg(), metavar="FILE", expose_value=False,
                        callback=_remember_registry,
                        help="Registry file or folder of states and organisations (repeatable), layered over the "
                             "bundled registry and the project's: an entry with a known name extends it.")(f)


def bundled_data() -> list:
    """The bundled data every command that loads profiles reads besides rules, profiles and world records: the
    registry (and its parsed copy) and the states' points for distances (``-o`` wrote over states.yaml)."""
    from assessor import geo
    from assessor import registry as registry_mod

    return [registry_mod.bundled_path(), registry_mod.parsed_path(), geo.points_path()]


def registry_paths(proj=None) -> list:
    """The registry files a command layers over the bundled one: the project's, then --registry's."""
    ctx = click.get_current_context(silent=True)
    given = list(ctx.meta.get(REGISTRY_META, ())) if ctx is not None else []
    return [*(proj.registry if proj is not None else ()), *given]


def user_registry(proj=None):
    """The registry of :func:`registry_paths` layered over the bundled one, or None when there is none
    (the bundled registry, loaded once per process)."""
    from assessor import registry as registry_mod

    paths = registry_paths(proj)
    return registry_mod.load_registry(paths) if paths else None


def data_options(f: Callable) -> Callable:
    """--rules, --profiles (added to the bundled defaults and the project's), --no-defaults, --scenario, --registry."""
    f = registry_option(f)
    f = click.option("--scenario", "scenarios", multiple=True, type=PathArg(dir_okay=False), callback=once_each,
                     help="Scenario file (repeatable, applied in order): what if the record or the rules were different.")(f)
    f = click.option("--no-defaults", is_flag=True,
                     help="Use only the rules and profiles named (with --rules/--profiles or the project file).")(f)
    f = click.option("--profiles", "profile_paths", multiple=True, type=PathArg(), callback=given_folders,
                     help="Profile file or folder (repeatable), added to the bundled profiles; "
                          "one with a bundled id replaces it.")(f)
    f = click.option("--rules", "rule_paths", multiple=True, type=PathArg(), callback=given_folders,
                     help="Rule file or folder (repeatable), added to the bundled rules; one with a bundled id replaces it.")(f)
    return f


def checked_output(ctx, param, value: str | None) -> str | None:
    """-o checked when it is read: a folder, a name ending in '/', a missing folder or a read-only file was
    refused only once the work was done (a whole backtest, then 'cannot write .: it is a folder')."""
    if value is not None and value != "-":
        from assessor.output import check_destination

        check_destination(value)
        ctx.params[param.name] = value
        _refuse_yaml_into_given_folders(ctx)
    return value


def output_option(f: Callable) -> Callable:
    return click.option("-o", "--output", default="-", show_default=True, metavar="FILE", callback=checked_output,
                        help="Write to FILE (atomically); '-' for stdout.")(f)


# True only while assessor.cli.main runs as the process's own entry point (the console script,
# ``python -m assessor``): the process ends with the command.  Anywhere else (a library caller,
# click's CliRunner, a Dask worker, main() called with arguments) the collector is the host's and
# loading() leaves it alone.
ONE_SHOT = False


@contextlib.contextmanager
def loading() -> Iterator[None]:
    """In a process that ends with the command (:data:`ONE_SHOT`), load (the rule set, the profiles
    a command names) without the cyclic garbage collector, then freeze what was loaded
    (:func:`gc.freeze`); anywhere else, do nothing.

    Loading builds tens of thousands of objects that live as long as the command (the rule set,
    profiles, the registry, world records): collecting during loading, and walking the loaded
    objects again in every collection after it and at exit, is work for nothing (about 5 % of a
    daily timeline's CPU time).  It is only safe where the process is ours: ``gc.disable`` is
    process-wide, ``gc.unfreeze`` would thaw what a host froze, and the few reference cycles
    loading leaves (the YAML reader's) are then freed at exit anyway.
    """
    if not ONE_SHOT:
        yield
        return
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        if enabled:
            gc.enable()


def load_countries(countries: Sequence[str], rule_paths=(), profile_paths=(), no_defaults: bool = False,
                   scenarios: Sequence[str] = ()):
    """:func:`load_assessor` and the profiles of ``countries`` (names, ids or ``all``), loaded under
    :func:`loading`: what the commands that score named countries start with."""
    with loading():
        a = load_assessor(rule_paths, profile_paths, no_defaults, scenarios)
        profiles = a.countries(countries)
    _template_notes(profiles)
    return a, profiles


def _template_notes(profiles) -> None:
    """A profile still holding `profiles new`'s placeholders is scored like any other (the template's events are
    valid), so a score could pass for real: said once per profile, on stderr (`profiles validate` names each)."""
    from assessor.project import placeholder_of

    for p in profiles:
        n = sum(1 for e in p.events if placeholder_of(e) is not None)
        if n:
            note(f"warning: {p.id} still holds {n} event{'s' * (n != 1)} of the template's placeholders (its path: {p.path}): "
                 "they are not real events, so its score is not either; `assessor profiles validate` names them")


def load_project(**kw):
    """The project (:func:`assessor.project.load`), saying once that a [tool.assessor] beside its assessor.toml is
    not read."""
    from assessor import project

    proj = project.load(**kw)
    if proj.unread is not None:
        note(f"note: {proj.unread}: this [tool.assessor] is not read: the assessor.toml beside it is (keep one "
             "project file)")
    return proj


def load_assessor(rule_paths=(), profile_paths=(), no_defaults: bool = False, scenarios: Sequence[str] = ()):
    """The rule set and profiles a command works on: the bundled defaults, the
    project's files (``assessor.toml``, found upwards) and the command line's,
    layered in that order — or only the named ones with ``--no-defaults`` (or
    ``defaults = false`` in the project) — then each scenario applied."""
    from assessor import loader
    from assessor import world as world_mod
    from assessor.assess import Assessor

    proj = load_project()
    rules = [*proj.rules, *rule_paths]
    profiles = [*proj.profiles, *profile_paths]
    # --no-defaults (or defaults = false) replaces the bundled data of each kind
    # that is named; a kind not named keeps the bundled one.
    defaults = proj.defaults and not no_defaults
    replaced: list[tuple[str, str, str]] = []
    ruleset = loader.load_ruleset(rules or None, defaults=defaults and bool(rules), over=rule_paths, replaced=replaced)
    for rid, old, new in replaced:  # the command line beats the project file, and says so, as a bundled one replaced
        winner = next((str(r.loc) for r in ruleset.rules if r.id == rid), new)  # FILE:LINE:COL, as the replaced
        note(f"note: {winner} replaces the project's rule {rid!r} ({old})")
    profile_set = project_profiles(proj, profile_paths, no_defaults)
    if defaults:
        say_replaced_rules(ruleset)
        ruleset = _label_added_rules(ruleset, proj)
        say_replaced(profile_set, profiles)
    elif not no_defaults:
        _say_defaults_off(proj)
    if scenarios:
        from assessor import scenario

        for path in scenarios:
            found: list = []
            ruleset, profile_set = scenario.apply(scenario.load(path), ruleset, profile_set, warnings=found)
            for w in found[:scenario.SCENARIO_LINTS_SHOWN]:  # what `profiles validate` would warn of in the record
                note(str(w))                                  # as the scenario leaves it
            if len(found) > scenario.SCENARIO_LINTS_SHOWN:
                more = len(found) - scenario.SCENARIO_LINTS_SHOWN  # '1 more such warnings' for eleven
                note(f"{path}: … and {more} more such warning{'s' if more != 1 else ''}")
    a = Assessor(ruleset, profile_set)
    # never written over: the project file, its registry files and the scenarios read
    # ... nor the world records the profiles inherit (bundled and the project's)
    worlds = world_mod.world_files(proj.world, defaults=True)
    a.extra_inputs = [p for p in (proj.path, *bundled_data(), *registry_paths(proj), *proj.uncertainty, *scenarios,
                                  *worlds) if p]
    a.project = proj
    refuse_output_over(a.inputs)
    a.defaults = defaults  # the bundled uncertainty file applies (to the bundled rules and events) unless off
    return a


def project_profiles(proj, profile_paths=(), no_defaults: bool = False):
    """The profiles a command works on (see :func:`load_assessor`): the bundled ones, the project's
    and the command line's, with the project's registry and world records."""
    from assessor import loader

    profiles = [*proj.profiles, *profile_paths]
    defaults = proj.defaults and not no_defaults
    reg = user_registry(proj)
    if profiles or reg is not None or proj.world:
        replaced: list[tuple[str, str, str]] = []
        profile_set = loader.load_profiles(profiles or None, defaults=defaults and bool(profiles), registry=reg,
                                           world=proj.world, over=profile_paths, replaced=replaced)
        for pid, old, new in replaced:
            note(f"note: {new} replaces the project's profile {pid!r} ({old})")
    else:
        profile_set = loader.load_profiles()
    profile_set.origin = _origin(proj, profiles, defaults or not profiles)
    return profile_set


def profiles_to_start_beside(proj):
    """The profiles a new profile must not clash with (``profiles new``): the project's, as every command reads them,
    save a listed folder that holds no profile yet.  Such a folder is where a hand-made project's first profile is
    written (``mkdir profiles``, ``profiles = ["profiles"]``), and reading it as every command does ('folder holds no
    .yaml files') refused the very command that fills it."""
    import dataclasses

    from assessor.files import folder_yaml

    waiting = [p for p in proj.profiles if (p.is_dir() and not folder_yaml(p)) or not os.path.lexists(p)]
    if not waiting:
        return load_assessor().profiles
    from assessor import loader

    rest = dataclasses.replace(proj, profiles=[p for p in proj.profiles if p not in waiting])
    if not rest.profiles and not proj.defaults:  # defaults = false and nothing of its own yet: no profile to clash with
        return loader.ProfileSet()
    return project_profiles(rest)


def _label_added_rules(ruleset, proj):
    """The bundled rule set with rule files added is not the named release: its version says so
    ("2.0.0 + project rules (1 file)"), in every output that names the rule set."""
    import dataclasses
    from pathlib import Path

    from assessor import loader

    bundled = loader.default_dir("rules")
    if not ruleset.loc.file or Path(ruleset.loc.file).parent != bundled:
        return ruleset  # a rule set of its own (its own header): it names itself
    added = [f for f in ruleset.files if Path(f).parent != bundled]
    if not added:
        return ruleset
    mine = {Path(f) for f in loader.yaml_files(proj.rules)} if proj.rules else set()
    whose = "project rules" if all(Path(f) in mine for f in added) else "added rules"
    n = len(added)
    return dataclasses.replace(ruleset, version=f"{ruleset.version} + {whose} ({n} file{'s' if n != 1 else ''})")


def _say_defaults_off(proj) -> None:
    """A project file's ``defaults = false`` puts its own rules and profiles (of each kind it lists) in place of
    the bundled ones: said once on stderr, as a project profile replacing one bundled country is.  A project
    file is found upwards, maybe in a shared parent folder: without a word, its own rule set, under the bundled
    one's name and version, scored Finland 97 (critical) as though the bundled rules had."""
    kinds = [kind for kind, listed in (("rules", proj.rules), ("profiles", proj.profiles)) if listed]
    if proj.path is not None and kinds:
        note(f"note: {proj.path} sets defaults = false: its own {' and '.join(kinds)} replace the bundled ones")


def say_replaced(profile_set, paths) -> set[str]:
    """Say once, on stderr, which bundled countries a project's (or --profiles) profile replaces; their ids."""
    from pathlib import Path

    from assessor import loader
    from assessor.files import folder_yaml

    if not paths:
        return set()
    bundled = loader.default_dir("profiles")
    # the bundled file names, listed once: an id from a file is never made into a path to probe (an id of
    # 5,000 characters made a name too long for the system, a traceback)
    bundled_ids = {f.stem for f in folder_yaml(bundled)}
    said = set()
    for p in sorted(profile_set.profiles.values(), key=lambda p: p.id):
        if Path(p.path).parent != bundled and p.id in bundled_ids:
            note(f"note: {p.path} replaces the bundled profile {p.id!r}")
            said.add(p.id)
    return said


def say_replaced_rules(ruleset) -> list[str]:
    """Say once, on stderr, which bundled rules a project's (or --rules) rule of the same id replaces, as
    :func:`say_replaced` says a replaced bundled profile: the rule set's label (``+ project rules``) alone left a
    reader taking the bundled rule's points for those in force; the ids said."""
    said = []
    for rule in ruleset.rules:
        if rule.replaces is not None:
            # FILE:LINE:COL on both sides, as the note of a command-line rule replacing the project's says them
            note(f"note: {rule.loc} replaces the bundled rule {rule.id!r} ({rule.replaces})")
            said.append(rule.id)
    return said


def _scheduler_option(ctx, param, value: str | None) -> str | None:
    """--scheduler checked when it is read, whatever the command goes on to do: a command that runs here after
    all (a timeline too short to share out, assess without --samples) took an empty or malformed address
    without a word."""
    if value is None:
        return None
    choice = value.strip()
    if not choice:
        raise AssessorError("--scheduler is empty: give tcp://HOST:PORT, 'project' or 'local'")
    if choice.lower() in ("local", "project"):
        return choice
    from assessor.sweep import parse_address

    parse_address(choice)  # one line, as the same address from a file
    return choice


def sweep_options(seed_max: int = 2**63 - 1) -> Callable:
    """--seed, --uncertainty, --jobs, --scheduler: what every command that draws samples takes."""

    def add(f: Callable) -> Callable:
        f = click.option("--scheduler", metavar="ADDRESS", callback=_scheduler_option,
                         help="Run on this Dask scheduler (tcp://HOST:PORT or tls://HOST:PORT; needs assessor[dask]); "
                              "'project': the project file's scheduler; 'local': local processes.  A scheduler is "
                              "trusted: its results are unpickled here.  [default: 'scheduler' in your own "
                              "~/.config/assessor/config.toml, else local processes]")(f)
        f = click.option("--jobs", type=click.IntRange(1, 512), metavar="N",
                         help="Local worker processes (at most the cores and the tasks): given, the work runs here "
                              "whatever a config file's scheduler says; not with a --scheduler address.  [default: the "
                              "number of cores]")(f)
        f = click.option("--uncertainty", "uncertainty_paths", multiple=True, type=PathArg(dir_okay=False),
                         help="Uncertainty file (repeatable): ranges of rule points, event dates and severities, over "
                              "the bundled and the project's.")(f)
        return click.option("--seed", type=click.IntRange(0, seed_max), default=0, show_default=True,
                            help="Seed of the samples: the same seed gives the same output, byte for byte.")(f)

    return add


def sampling_options(f: Callable) -> Callable:
    """--samples and :func:`sweep_options`: a Monte Carlo over the uncertain inputs, on request."""
    f = sweep_options()(f)
    return click.option("--samples", type=click.IntRange(1, 10_000_000), metavar="N",
                        help="Also run N Monte Carlo samples of the uncertain inputs: P5, median, P95 and the "
                             "probability of each level.")(f)


def uncertain_inputs(a, profiles, uncertainty_paths=()) -> tuple[list, list]:
    """The uncertain inputs of ``profiles`` under ``a``'s rules, and the uncertainty files they came from:
    the bundled file (for the bundled rules and events, unless --no-defaults), the project's, then
    ``uncertainty_paths``.  Every file read is protected from -o."""
    from assessor import uncertainty as unc
    from assessor.project import Project

    proj = a.project or Project()
    # a file named twice (the project's named again, './u.yaml' beside 'u.yaml', a link to it) is read once, where it
    # stands last (a later file wins): it was read and listed in 'uncertainty_files' twice
    given = [*proj.uncertainty, *uncertainty_paths]
    paths = [p for i, p in enumerate(given) if not any(same_file(p, q) for q in given[i + 1:])]
    files = [unc.load(p) for p in paths]
    default = unc.load(unc.default_path()) if a.defaults else None
    # the project's defaults = false kept the bundled rules or profiles (it lists none of its own) and dropped
    # their stated uncertainty: 53 uncertain inputs of Estonia became 1, without a word.  Said of the bundled kinds
    # this run read so (not those --rules/--profiles replaced, nor those the project names itself)
    read_kinds = [] if default is not None or proj.path is None or proj.defaults else [
        k for k, paths, listed in (("rules", a.ruleset.files, proj.rules),
                                   ("profiles", [p.path for p in profiles], proj.profiles))
        if not listed and any(unc.bundled(f, k) for f in paths)]
    if read_kinds:
        kept = " and ".join(read_kinds)
        note(f"note: {proj.path} sets defaults = false: the bundled {kept} are used (it lists none of its own), "
             f"without the bundled uncertainty file ({unc.default_path()}) that states their ranges")
    read = ([default] if default else []) + files
    a.extra_inputs += [f.path for f in read if f.path not in a.extra_inputs]
    refuse_output_over(a.inputs)

    def lookup(pid: str):
        try:
            return a.profiles.resolve(pid)
        except AmbiguousName:
            raise  # said where the file names it, as it is: not "unknown"
        except AssessorError:
            return None

    return unc.collect(a.ruleset, profiles, files, default, lookup=lookup), read


def sweep_executor(a, jobs: int | None, scheduler: str | None, configured: bool = True):
    """Local processes, or a Dask cluster: the one of --scheduler, else (with ``configured``) the user's
    own config's, or the project file's when the user consented (see :func:`scheduler_address`)."""
    from assessor import sweep

    if jobs is not None and scheduler is not None and scheduler.strip().lower() != "local":
        # a Dask cluster's workers run the tasks: --jobs was dropped without a word
        raise click.UsageError(f"--jobs {jobs} starts local processes and --scheduler {scheduler.strip()!r} runs on a "
                               "Dask cluster's workers: give one or the other")
    if scheduler is None and jobs is not None:
        # --jobs N: N processes here, whatever any file says (--jobs 4 had gone to the user config's scheduler and
        # was not read, where --jobs 1 ran here)
        return sweep.executor(jobs, None)
    address, origin = _scheduler_choice(a, scheduler, configured)
    try:
        return sweep.executor(jobs, address, "--scheduler" if origin is None else "scheduler")
    except AssessorError as exc:
        if origin is None:
            raise
        # an address a file gave, unreachable or no Dask scheduler: said at the file's line, or the message
        # ('cannot reach the Dask scheduler at ...') did not say why a run without --scheduler went to one
        raise AssessorError(f"{origin}: {exc}") from None


def scheduler_address(a, given: str | None, configured: bool = True) -> str | None:
    """Where sampling runs: a Dask scheduler's address, or None for local processes (see :func:`_scheduler_choice`)."""
    return _scheduler_choice(a, given, configured)[0]


def _scheduler_choice(a, given: str | None, configured: bool = True) -> tuple[str | None, str | None]:
    """Where sampling runs: a Dask scheduler's address, or None for local processes; and, when the address
    comes from a file, where in it (``FILE:LINE``, else None).

    A Dask scheduler is a trusted party (its results are unpickled here), so a
    project file found upwards — which may come from a cloned repository or a
    shared folder — never chooses one by itself: its ``scheduler`` is used with
    ``--scheduler project``, or when the user's own config
    (``~/.config/assessor/config.toml``) says ``trust_project_scheduler = true``.
    ``--scheduler local`` runs here whatever any file says; the user config's
    own ``scheduler`` is the default when no option is given.
    """
    from assessor import project as project_mod

    proj = getattr(a, "project", None)
    named = proj.scheduler if proj is not None else None
    if given is not None:
        choice = given.strip()
        if not choice:
            raise click.UsageError("--scheduler is empty: give tcp://HOST:PORT, 'project' or 'local'")
        if choice.lower() == "local":
            return None, None
        if choice.lower() == "project":
            if not named or proj is None:
                where = proj.describe() if proj is not None else "no project file found"
                raise click.UsageError(f"--scheduler project: the project file names no scheduler ({where})")
            return named, project_mod.key_location(proj.path, "scheduler")
        return choice, None
    if not configured:
        return None, None
    user = project_mod.load_user_config()
    inputs = getattr(a, "extra_inputs", None)
    if user.path is not None and isinstance(inputs, list) and user.path not in inputs:
        inputs.append(user.path)  # read for this run: never written over by its -o, as the project file is not
    if named and proj is not None:
        if user.trust_project_scheduler:
            return named, project_mod.key_location(proj.path, "scheduler")
        where = project_mod.user_config_path() or "~/.config/assessor/config.toml"
        note(f"note: {proj.path} names the Dask scheduler {named!r}; not used, running locally: a project file "
             "cannot choose where code runs (a scheduler's results are unpickled here).  To use it: "
             f"--scheduler project, or trust_project_scheduler = true in {where}")
    if user.scheduler is None or user.path is None:
        return None, None
    return user.scheduler, project_mod.key_location(user.path, "scheduler")


def stderr_is_terminal() -> bool:
    """Whether stderr is a terminal to draw on; False when it is closed (``2>&-``: Python's
    ``sys.stderr`` is then None) or not a real stream."""
    stream = sys.stderr
    try:
        return stream is not None and stream.isatty()
    except (AttributeError, ValueError, OSError):
        return False


@contextlib.contextmanager
def progress(total: int, label: str) -> Iterator[Callable[[int], None] | None]:
    """A progress bar on stderr when it is a terminal (it draws no colour): yields its
    ``update(n)``; else nothing is drawn and it yields None."""
    if not stderr_is_terminal():
        yield None
        return
    with click.progressbar(length=total, label=label, file=bar_stream(), show_eta=True) as bar:
        yield bar.update


def bar_stream():
    """stderr for a progress bar.  click hides the cursor while it draws (ESC[?25l ... ESC[?25h): a terminal that
    says it knows no escapes (TERM=dumb), or a user who asked for none (NO_COLOR, as use_colour reads it), got them
    anyway; for them the codes are left out."""
    plain = os.environ.get("TERM") == "dumb" or bool(os.environ.get("NO_COLOR"))
    return _WithoutCursorCodes(sys.stderr) if plain else sys.stderr


class _WithoutCursorCodes:
    """A stream that writes through to ``stream`` all but the cursor's hide and show codes."""

    def __init__(self, stream):
        self._stream = stream

    def write(self, text: str) -> int:
        return self._stream.write(text.replace("\033[?25l", "").replace("\033[?25h", ""))

    def flush(self) -> None:
        self._stream.flush()

    def isatty(self) -> bool:
        return self._stream.isatty()


def _origin(proj, profiles, defaults: bool) -> str:
    """Where the profiles came from, for an 'unknown country' message."""
    from assessor import loader

    parts = [f"the bundled profiles ({loader.default_dir('profiles')})"] if defaults else []
    parts += [str(p) for p in profiles]
    if proj.path is None:  # `profiles new NAME` outside a project writes ./profiles, which no command then reads:
        # advised alone, it sent the user round in a circle
        how = ("add a profile with --profiles FILE, or start a project (assessor init: its assessor.toml lists "
               "profiles/) and a profile in it with `assessor profiles new NAME`")
    else:
        how = (f"add a profile with --profiles FILE, or start one in the project with `assessor profiles new NAME` (in "
               f"the first profile folder {proj.path.name} lists)")
    unread = _unread_profiles_here(profiles)
    if unread:
        how = (f"./{unread}/ holds profiles no command reads here: give --profiles {unread}/, or "
               + ("make this folder a project (assessor init)" if proj.path is None
                  else f"list it in {proj.path}'s profiles") + "; else " + how)
    return f"looked in {', '.join(parts) or 'nothing'}; {how}"


def _unread_profiles_here(read) -> str | None:
    """'profiles' when the working folder's profiles/ holds .yaml files and is not among the profile paths ``read``
    (where `profiles new NAME` writes outside a project), else None."""
    from pathlib import Path

    from assessor.project import _holds_yaml

    here = Path("profiles")
    try:
        if not here.is_dir() or not _holds_yaml(here):
            return None
        return None if any(here.resolve() == Path(p).resolve() for p in read) else "profiles"
    except (OSError, RuntimeError):
        return None


def period(profiles, start, end, step):
    """--from/--to, defaulting to the span the countries' records cover, and the dates between."""
    from assessor.assess import dates_between

    given = (start, end)
    start = start or min(p.covers_from for p in profiles)
    end = end or max(p.covers_to for p in profiles)
    check_order(start, end, *given)
    try:
        return start, end, dates_between(start, end, step)
    except ValueError as exc:
        raise click.UsageError(str(exc)) from None


def check_order(start, end, given_start, given_end) -> None:
    """A usage error when the period ends before it starts, naming each end as the user gave it or as its default:
    `timeline finland --from 2030-01-01` said '--to 2026-06-30 is before --from 2030-01-01' of a --to never given."""
    if end >= start:
        return
    to = f"--to {end}" if given_end is not None else f"the default --to {end} (the end of the records)"
    frm = f"--from {start}" if given_start is not None else f"the default --from {start} (the start of the records)"
    raise click.UsageError(f"{to} is before {frm}")
