"""``assessor import``: event datasets (ACLED, UCDP GED, GDELT 2.0) → candidate events → reviewed record.

The commands only parse options and print; the reading, mapping and writing
live in :mod:`assessor.importers`.  See docs/import.md.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from assessor.cli.common import DATE, REGISTRY_META, PathArg, load_project, note, registry_option, same_file, write_stdout
from assessor.render.safe import terminal

UNMAPPED_SHOWN = 10  # groups of unmapped rows printed in the summary (all are in the candidate file)

SOURCE_HELP = {
    "acled": "an ACLED CSV export (current or pre-2023 column layout)",
    "ucdp": "a UCDP GED CSV file (GEDEvent_vXX_X.csv)",
    "gdelt": "a GDELT 2.0 event file (YYYYMMDDHHMMSS.export.CSV, tab-separated, no header)",
}


@click.group("import")
def import_group():
    """Propose candidate events from event data you downloaded (ACLED, UCDP GED, GDELT 2.0).

    `assessor import SOURCE FILE --country C` reads the export (streaming;
    nothing is fetched), maps each row of the country through a mapping file
    (shipped defaults, or --mapping FILE) and writes a candidate file.
    `assessor import review CANDIDATES` accepts or rejects candidates and
    writes the accepted ones into the profile with their dataset provenance.
    """


def _profiles(profile_paths):
    """The profiles as every other command loads them (the project's registry and world records
    included), and the registry their names resolve through."""
    from assessor import registry as registry_mod
    from assessor.cli.common import project_profiles, user_registry

    proj = load_project()
    reg = user_registry(proj) or registry_mod.default()
    return project_profiles(proj, profile_paths), reg


def _read_too(profiles) -> list:
    """Every other file an import reads: each profile file (not only the country's: `--profiles folder/ -o
    folder/latvia.yaml` wrote over Latvia), the project file, its registry and world records."""
    from assessor import world as world_mod
    from assessor.cli.common import bundled_data, registry_paths

    proj = load_project()
    files = profiles.files or [p.path for p in profiles.profiles.values()]  # as Assessor.inputs lists them
    return [*files, *(p for p in (proj.path, *bundled_data(), *registry_paths(proj), *world_mod.world_files(proj.world))
                      if p)]


def _dataset_version(ctx, param, value: str | None) -> str | None:
    """--dataset-version as the profile will hold it: one line of text.  A line break was written into the
    candidate file (exit 0) and refused only by `import review`, located in the profile it had not yet
    written; an empty or blank one (`--dataset-version "$V"`, V unset) became 'unstated' without a word."""
    from assessor.spec import LINE_BREAKS

    if value is None:
        return None
    if not value.strip():
        raise click.BadParameter("the version is empty (an unset variable?): give the dataset's version or export "
                                 "date, or leave the option out", ctx, param)
    if LINE_BREAKS.search(value):
        raise click.BadParameter(f"{value!r} holds a line break: provenance shows the version on one line", ctx, param)
    return value


def _source_command(source: str):
    @click.argument("file", type=PathArg(dir_okay=False))
    @click.option("--country", required=True, help="The country whose events to import (id, name or ISO code).")
    @click.option("-o", "--output", "out", metavar="FILE", type=PathArg(),
                  help="Candidate file to write (default: COUNTRY-SOURCE-candidates.yaml).")
    @click.option("--mapping", "mapping_path", type=PathArg(dir_okay=False),
                  help="Mapping file instead of the shipped one (see docs/import.md).")
    @click.option("--dataset-version", "version", metavar="TEXT", callback=_dataset_version,
                  help="The dataset's version or export date, for provenance (e.g. 25.1, 2025-11-28).")
    @click.option("--from", "start", type=DATE, help="Only rows on or after this date.")
    @click.option("--to", "end", type=DATE, help="Only rows on or before this date.")
    @click.option("--profiles", "profile_paths", multiple=True, type=PathArg(),
                  help="Profile file or folder (repeatable), added to the bundled profiles.")
    @click.option("--counts", "counts_path", metavar="FILE", type=PathArg(),
                  help="Also write monthly counts of the mapped rows per actor and type (CSV): a systematic "
                       "intensity measure beside the record (not read by the default rules).")
    @click.option("--force", is_flag=True, help="Overwrite an existing candidate file.")
    @click.option("--quiet", "-q", is_flag=True, help="Do not print each bad row (they are still counted and listed).")
    @registry_option
    def command(file, country, out, mapping_path, version, start, end, profile_paths, counts_path, force, quiet):
        from assessor import output
        from assessor.errors import AssessorError
        from assessor.importers import Counts, acled, gdelt, ucdp
        from assessor.importers import candidates as cand
        from assessor.importers import mapping as mapping_mod

        reader = {"acled": acled, "ucdp": ucdp, "gdelt": gdelt}[source]
        profiles, reg = _profiles(profile_paths)
        profile = profiles.resolve(country)
        m = mapping_mod.load(source, mapping_path, reg)
        read = [file, profile.path, m.file, *_read_too(profiles)]  # never written over by -o or --counts
        state = next(iter(reg.states_of(profile.name, profile.aliases)), None) or reg.canonical(profile.id) or profile.name
        names = {profile.id, profile.name, *profile.aliases}
        entry = reg.get(state)
        if entry is not None:
            names.update(entry.names())
        names_l = frozenset(n.strip().lower() for n in names if n.strip())
        out = out or f"{profile.id}-{source}-candidates.yaml"
        if out != "-" and output.replaces_a_file(out) and not force:
            raise AssessorError(f"{out} exists: give --force to overwrite it, or -o another file")
        if out == "-":
            raise AssessorError("the candidate file must be a file (-o FILE), not stdout")
        if counts_path and counts_path != "-" and output.replaces_a_file(counts_path) and not force:
            raise AssessorError(f"{counts_path} exists: give --force to overwrite it, or --counts another file")
        if counts_path and same_file(counts_path, out):  # (a loop of links: check_destination)
            raise AssessorError("--counts and -o name the same file")
        if counts_path and counts_path != "-":  # refused now: the candidate file is written before the counts
            output.refuse_inputs(counts_path, read)
            output.check_destination(counts_path)  # (a missing folder left the candidate file alone, exit 2)
        output.check_destination(out)
        given = click.get_current_context().meta.get(REGISTRY_META, ())  # (the project's folders: check_destination)
        output.refuse_yaml_into(out, [*(("--profiles", p) for p in profile_paths), *(("--registry", p) for p in given)])
        if start and end and end < start:
            raise AssessorError("--to is before --from")
        counts = Counts()
        matcher = mapping_mod.Matcher(m, reg, state)
        monthly = cand.Monthly(profile.id) if counts_path else None

        def on_bad(bad) -> None:
            if not quiet:
                note(f"bad row: {bad}")

        summary = cand.run_import(reader.read(file, names_l, counts), counts, matcher, profile, m,
                                  version=version or "unstated", source_file=file, out_path=out, start=start, end=end,
                                  on_bad=on_bad, protect=read, monthly=monthly)
        shown = summary.unmapped_groups[:UNMAPPED_SHOWN]
        more = len(summary.unmapped_groups) - len(shown)
        write_stdout(terminal(
            f"{reader.DATASET} → {profile.name}: {summary.line()}\n"
            f"  mapped {summary.mapped}, unmapped {summary.unmapped}, duplicates {summary.duplicates}, "
            f"bad rows {summary.bad}\n"
            + "".join(f"  unmapped {n}: {types or '(no type)'}: {reason}\n" for types, reason, n in shown)
            + (f"  … and {more} more groups of unmapped rows, listed in {out}\n" if more > 0 else "")))
        if not summary.usable:  # one located line, exit 2, and nothing written (was: exit 2 with no message, a file)
            raise AssessorError(f"{file}: no usable row ({summary.rows} read, {summary.bad} bad): nothing written")
        note(f"wrote {out}" + ("" if version else " (no --dataset-version given: provenance says 'unstated')"))
        if monthly is not None:
            from assessor.cli.common import emit

            emit(monthly.csv(), counts_path, protect=[*read, out])

    command.__doc__ = (f"Read {SOURCE_HELP[source]} and write candidate events for one country.\n\n"
                       "Rows of other countries are counted and skipped; each row of the country is proposed as an\n"
                       "event by the first mapping rule that matches it, or listed as unmapped with the reason.\n"
                       "Candidates repeating an event of the record are marked duplicate_of.  Bad rows are printed\n"
                       "one per line (file:line: column: message) and counted; exit 2 only when no row was usable.")
    return import_group.command(source)(command)


for _s in ("acled", "ucdp", "gdelt"):
    _source_command(_s)


@import_group.command("review")
@click.argument("candidates", type=PathArg(dir_okay=False))
@click.option("--accept", "accept", multiple=True, metavar="ID", help="Accept this candidate (repeatable).")
@click.option("--reject", "reject", multiple=True, metavar="ID", help="Reject this candidate (repeatable).")
@click.option("--profile", "profile_path", type=PathArg(dir_okay=False),
              help="Write into this profile file instead of the one the import read.")
@click.option("--list", "show", is_flag=True, help="List the candidates and their decisions; change nothing.")
@registry_option
def review(candidates, accept, reject, profile_path, show):
    """Accept or reject candidates; write the accepted ones into the profile.

    Decisions come from --accept/--reject, from 'decision: accept|reject'
    edited into the candidate file, or — with neither and a terminal on stdin
    — from a prompt per pending candidate.  Accepted candidates become events
    with 'source: {kind: dataset, dataset, version, row}'.  The profile is
    written only if it is unchanged since the import read it, and only if it
    still validates; profile and candidate file are written atomically.
    """
    from assessor.errors import AssessorError
    from assessor.importers import candidates as cand
    from assessor.loader import default_dir

    if show:
        given = [name for name, v in (("--accept", accept), ("--reject", reject), ("--profile", profile_path)) if v]
        if given:  # --list changes nothing: the decisions given beside it were dropped without a word (exit 0)
            raise click.UsageError(f"--list changes nothing: give {' and '.join(given)} without --list")
        doc = cand.read_candidates(candidates)
        lines = [f"{c['id']}  {c.get('decision', 'pending'):9}  {c['date']}  {c['proposed'].get('kind')}/"
                 f"{c['proposed'].get('type')} by {c['proposed'].get('actor')}"
                 + (f"  [duplicate of {c['duplicate_of']}]" if c.get("duplicate_of") else "")
                 for c in doc.data["candidates"] or []]
        write_stdout(terminal("\n".join(lines)) + ("\n" if lines else "no candidates\n"))
        return
    doc = cand.read_candidates(candidates)
    target = Path(profile_path) if profile_path else cand.named_profile(candidates, doc.data["profile"])
    try:
        bundled = target.resolve().parent == default_dir("profiles").resolve()
    except (OSError, RuntimeError):  # RuntimeError: a loop of links (Python 3.11), reported when it is read
        bundled = False
    if bundled:  # named by the candidate file or by --profile itself: never written (docs/import.md)
        raise AssessorError(f"{target} is a bundled profile: copy it into your project and give --profile FILE "
                            f"(the copy must be unchanged since the import)")
    decide = None
    if not accept and not reject and sys.stdin.isatty():
        def decide(c: dict) -> str:
            p = c["proposed"]
            click.echo(terminal(f"\n{c['id']}  {c['date']}  {p.get('kind')}/{p.get('type')} by {p.get('actor')}, "
                                f"severity {p.get('severity', '-')}" + (f"\n  DUPLICATE of {c['duplicate_of']}"
                                                                         if c.get("duplicate_of") else "")))
            click.echo(terminal(f"  {p.get('summary')}\n  citation: {c.get('citation')}\n  reason: {c.get('reason')}"))
            answer = click.prompt("  [a]ccept, [r]eject, [s]kip, [q]uit", type=click.Choice(["a", "r", "s", "q"]),
                                  default="s", show_choices=False)
            return {"a": "accept", "r": "reject", "q": "quit"}.get(answer, "skip")
    from assessor.cli.common import user_registry

    proj = load_project()  # the record is checked as every command reads it: the project's registry and world
    reg = user_registry(proj)
    result = cand.review(candidates, accept, reject, profile_path, decide, registry=reg, world=proj.world)
    for text in result.notes:
        note(text)
    write_stdout(f"accepted {len(result.accepted)}, rejected {len(result.rejected)}, pending {result.pending}\n")
    if result.accepted:
        note(f"wrote {len(result.accepted)} event{'s' if len(result.accepted) != 1 else ''} into {result.profile}")
