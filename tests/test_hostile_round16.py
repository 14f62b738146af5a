"""Hostile input, sixteenth round (2026-12-07): the doors added last first (the YAML error advice, report, rules
diff/show/lint, backtest, the registry), then the older ones.

Each test here failed before the fix it names, except the other-side checks beside them (a valid input that still
works the same).  Kept fast: CI is near its time limit (no Monte Carlo or sweep of more than a few samples).
"""

from __future__ import annotations

import pytest
from hostile_common import REPO, one_line_error  # noqa: F401 (the later sections)

RULE = """rules:
  - id: x-rule
    factor: threats
    index: structural
    description: d
    when: {fact: threats_90d, gte: GTE}
    effect: {points: 5}
    reason: r
"""

# --------------------------------------------------------------------------- 1. quoted-number advice the loader refuses


@pytest.mark.parametrize(("gte", "advice"), [
    ('"1:30"', None), ('"010"', None), ('".inf"', None), ('"3 # x"', None),
    ('"3"', "write 3 without quotes"), ('"0x10"', "write 0x10 without quotes")],
    ids=["base-60", "octal", "inf", "comment", "plain", "hex"])
def test_quoted_number_advice_names_only_what_the_loader_reads(in_dir, run, gte, advice):
    """`gte: "1:30"` was told '(it is quoted text: write 1:30 without quotes)', and written so the loader refuses it
    as a base-60 number; so with "010" (octal) and ".inf" (not finite), and "3 # x" advised as `3 # x`, whose '#'
    then ends the flow mapping's line (a syntax error): the advice read the text with PyYAML's safe_load, not this
    loader.  Given now only where this loader reads the unquoted text as a number, whole; a plain "3" or "0x10" is
    still advised (the other side)."""
    (in_dir / "r.yaml").write_text(RULE.replace("GTE", gte), encoding="utf-8")
    out, _ = run("rules", "validate", "--no-lint", "r.yaml", code=1)
    assert "r.yaml:6:36: error: 'threats_90d' is a number fact;" in out, out
    if advice is None:
        assert "quoted text" not in out, out
    else:
        assert f"(it is quoted text: {advice})" in out, out


# --------------------------------------------------------------------------- 2. '{' advice on a value spanning lines


def test_brace_advice_on_a_value_spanning_lines_does_not_quote_its_first_line_alone(in_dir, run):
    """`description: {x} first line` continued on a deeper line was advised `(description: "{x} first line")`, the
    first line alone: followed, the next line is a syntax error of its own, and the value is cut.  The advice now says
    "…" for a value that goes on; a one-line value is still shown whole (the other side)."""
    text = RULE.replace("description: d", "description: {x} first line\n      second")
    (in_dir / "r.yaml").write_text(text, encoding="utf-8")
    out, _ = run("rules", "validate", "--no-lint", "r.yaml", code=1)
    assert "r.yaml:5:22: error: YAML syntax error:" in out and "quote the whole value (description: \"…\")" in out, out
    (in_dir / "r.yaml").write_text(RULE.replace("description: d", "description: {x} first line"), encoding="utf-8")
    out, _ = run("rules", "validate", "--no-lint", "r.yaml", code=1)
    assert "quote the whole value (description: \"{x} first line\")" in out, out


# --------------------------------------------------------------------------- 3. a code span in a Markdown table cell


def test_the_command_cell_of_a_markdown_report_reads_as_the_command_in_python_markdown(in_dir, run):
    """`report finland -o 'r|x.md'`: the provenance table's command cell was the code span `` `… 'r\\|x.md'` ``,
    which GFM needs (it splits cells at '|' before reading code spans) and Python-Markdown, MkDocs' renderer, shows
    with its backslash: the command as shown was not the command run.  The cell is a <code> element holding the
    escaped text now, read back as the command itself (its '|', back ticks, '*' and '<')."""
    import html
    import re

    python_markdown = pytest.importorskip("markdown")
    name = "r|`x`*y*<b>.md"
    run("report", "finland", "--from", "2022-01-01", "--to", "2022-02-01", "-o", name)
    rendered = python_markdown.markdown((in_dir / name).read_text(encoding="utf-8"), extensions=["tables"])
    cell = re.search(r"<td>Command</td>\s*<td>(.*?)</td>", rendered)
    assert cell, rendered
    shown = html.unescape(re.sub(r"</?code>", "", cell.group(1)))
    assert shown.startswith("assessor report finland") and shown.endswith(" -o 'r|`x`*y*<b>.md'"), cell.group(1)


# --------------------------------------------------------------------------- 4. a relative range past 100 %


def test_a_relative_range_that_rounds_to_zero_from_below_is_not_shown_as_minus_zero(in_dir, run):
    """`relative: 1.0000001` on adversary-next-door's 6 points: its low bound, -0.0000006, rounded to -0.0 and was
    shown so, '(-0.0..12.0, nominal 6.0)' in text and `"low": -0.0` in JSON (a sample drawn at it is 0 points, as
    value() already said).  The bound is 0.0 now; the range and its draws are otherwise the same."""
    import json
    import math

    (in_dir / "u.yaml").write_text("name: u\nrules:\n  - rule: adversary-next-door\n    relative: 1.0000001\n",
                                   encoding="utf-8")
    args = ("sensitivity", "finland", "--from", "2022-01-01", "--to", "2022-02-01", "--size", "2", "--method",
            "morris", "--uncertainty", "u.yaml", "--no-defaults", "--rules", REPO / "rules", "--profiles",
            REPO / "profiles" / "finland.yaml")
    out, _ = run(*args)
    assert "adversary-next-door points (0.0..12.0, nominal 6.0)" in out, out
    doc = json.loads(run(*args, "--format", "json")[0])
    low = next(i["low"] for i in doc["inputs"] if i["label"] == "adversary-next-door points")
    assert low == 0 and math.copysign(1, low) == 1, low


# --------------------------------------------------------------------------- 5. a source's address holding '&amp;' in Markdown


def test_a_source_address_holding_an_entity_links_to_itself_in_markdown(in_dir, run):
    """South Korea 1950's Truman Library source is `https://…index.php?pid=591&amp;st=&amp;st1=`: the HTML report
    linked to that address, the Markdown report wrote it as it stands in `[…](<…>)` and `<…>`, where Markdown reads
    '&amp;' as a character reference (GFM decodes it, Python-Markdown hands it to the page as one), so the link and
    the address shown were '…pid=591&st=&st1=', another address than the source's.  Its '&' is written '&amp;' now:
    both read back as the address itself; a plain '&' (`?a=1&b=2`) still reads as '&' (the other side)."""
    import html
    import re

    from assessor.render import markdown

    python_markdown = pytest.importorskip("markdown")
    url = "https://trumanlibrary.org/publicpapers/index.php?pid=591&amp;st=&amp;st1="
    run("report", "south-korea-1950", "-o", "r.md")
    rendered = python_markdown.markdown((in_dir / "r.md").read_text(encoding="utf-8"), extensions=["tables"])
    hrefs = [html.unescape(h) for h in re.findall(r'href="(https://trumanlibrary[^"]*)"', rendered)]
    shown = [html.unescape(t) for t in re.findall(r'">(https://trumanlibrary[^<]*)</a>', rendered)]
    assert hrefs and set(hrefs) == {url} and shown == [url], (hrefs, shown)
    plain = python_markdown.markdown(f"[t]({markdown.link('https://x.org/?a=1&b=2')})")
    assert html.unescape(re.search(r'href="([^"]*)"', plain).group(1)) == "https://x.org/?a=1&b=2", plain


# --------------------------------------------------------------------------- 6. rules show ''


def test_rules_show_of_an_empty_id_lists_no_rules_as_containing_it(in_dir, run):
    """`rules show "$ID"` with ID unset: 'unknown rule ''; rules containing '': defence-guarantee, alliance-with-…'
    and every other of the forty rules, as if each matched.  An empty id names no rule now, and the message says only
    that; a part of an id still lists the rules containing it (the other side)."""
    _, err = run("rules", "show", "", code=2)
    one_line_error(err)
    assert "unknown rule ''" in err and "containing" not in err, err
    _, err = run("rules", "show", "surge", code=2)
    assert "rules containing 'surge': " in err and "threat-surge" in err, err


# --------------------------------------------------------------------------- 7. rules diff of two added files


def test_rules_diff_of_two_added_files_names_each_side_by_its_file(in_dir, run):
    """`rules diff a.yaml b.yaml`, two rule files without a header (each added to the bundled rules): both sides
    were named '(…/assessor/rules, 40 rules)', the bundled folder alone, whatever file each side added.  Each side
    names the bundled folder and its own file now; a rule set in one folder is named by that folder as before (the
    other side)."""
    rule = "rules:\n  - id: x-rule\n    factor: threats\n    index: warning\n    description: d\n" \
           "    when: {fact: threats_90d, gte: N}\n    effect: {points: 5}\n    reason: r\n"
    (in_dir / "a.yaml").write_text(rule.replace("N", "1"), encoding="utf-8")
    (in_dir / "b.yaml").write_text(rule.replace("N", "2"), encoding="utf-8")
    args = ("--profiles", REPO / "profiles" / "estonia.yaml", "--from", "2022-01-01", "--to", "2022-03-01", "--step",
            "month")
    from assessor import loader

    bundled, rs = loader.default_dir("rules"), loader.load_ruleset()
    name, n = f"{rs.name} {rs.version}", len(rs.rules)
    out, _ = run("rules", "diff", "a.yaml", "b.yaml", *args)
    assert out.startswith(f"old: {name} + added rules (1 file) ({bundled} + a.yaml, {n + 1} rules)\n"
                          f"new: {name} + added rules (1 file) ({bundled} + b.yaml, {n + 1} rules)\n"), out
    out, _ = run("rules", "diff", bundled, bundled, *args)
    assert out.startswith(f"old: {name} ({bundled}, {n} rules)\n"), out


# --------------------------------------------------------------------------- 8. a world file's actor named twice


THREAT = """    date: 2022-08-20
    kind: threat
    type: cyber_attack
    severity: 2
    weighs_days: 30
    summary: x
    source: {publisher: p, title: t, date: 2022-08-20}
"""


@pytest.mark.parametrize(("actor", "said"), [
    ("[Russia, RU]", "w.yaml:1:17: error: 'RU' names 'Russia' a second time [bad-value]"),
    ("Russia and Belarus", "w.yaml:1:8: error: 'Russia and Belarus' names several parties in one text: write a list: "
                           "[Russia, Belarus] [composite-name]")], ids=["twice", "several-in-one-text"])
def test_a_world_files_actor_refused_is_said_once_at_its_line(in_dir, run, actor, said):
    """A world file's `actor: [Russia, RU]` was refused at its line and again at every event that leaves its actor
    out (each inherits the file's), three messages for a file of two events; `actor: Russia and Belarus` was a
    warning at its line and an error at each event.  Said once now, at the file's line, an error (as an unknown
    actor already was); the same file with `actor: [Russia, Belarus]` loads (the other side)."""
    (in_dir / "world").mkdir()
    (in_dir / "assessor.toml").write_text('world = ["world"]\n', encoding="utf-8")
    events = "".join(f"  - id: e{i}\n    concerns: {{countries: [Estonia]}}\n{THREAT}" for i in (1, 2))
    (in_dir / "world" / "w.yaml").write_text(f"actor: {actor}\nevents:\n{events}", encoding="utf-8")
    _, err = run("assess", "estonia", "--date", "2022-09-01", code=2)
    problems = [x for x in err.splitlines() if x.startswith("  ")]
    assert len(problems) == 1 and problems[0].endswith(said), err
    (in_dir / "world" / "w.yaml").write_text(f"actor: [Russia, Belarus]\nevents:\n{events}", encoding="utf-8")
    run("assess", "estonia", "--date", "2022-09-01")


# --------------------------------------------------------------------------- 9. SOURCE_DATE_EPOCH after today


@pytest.mark.parametrize("command", [("profiles", "new", "Narnia", "--folder", "out"), ("init", "out")],
                         ids=["profiles-new", "init"])
def test_a_source_date_epoch_after_today_is_said_not_blamed_on_the_name(in_dir, run, monkeypatch, command):
    """`SOURCE_DATE_EPOCH=253402300799 assessor profiles new Narnia` (9999-12-31, a value report takes): ''Narnia' does
    not make a profile that loads (source date lies in the future): choose another name', and init 'Sampleland'
    the same: no name would do, the day would not.  Said as what it is now, naming the day, exit 2, nothing
    written; a day up to today still dates the sample (round 15's test)."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "253402300799")
    _, err = run(*command, code=2)
    one_line_error(err)
    assert "the sample profile would end on 9999-12-31 (SOURCE_DATE_EPOCH's day), after today" in err, err
    assert "choose another name" not in err and not (in_dir / "out").exists(), err


# --------------------------------------------------------------------------- 10. a title in German quotation marks


@pytest.mark.parametrize("fmt", ["md", "html"])
def test_a_title_in_german_quotation_marks_keeps_them_paired(in_dir, run, fmt):
    """A source titled „Zeitenwende“ und mehr was shown “„Zeitenwende‘ und mehr”: a title's own double quotation
    marks are made single inside the report's, and the German closing “ became ‘ while the opening „ stayed double.
    It is ‚Zeitenwende‘ now, a pair; English “…” still become ‘…’ (the other side, round 15)."""
    (in_dir / "p").mkdir()
    text = (REPO / "profiles" / "estonia.yaml").read_text(encoding="utf-8")
    old = 'title: "UK will double the number of troops in Estonia as part of NATO mission"'
    assert old in text
    (in_dir / "p" / "estonia.yaml").write_text(text.replace(old, 'title: "„Zeitenwende“ und mehr"'), encoding="utf-8")
    run("report", "estonia", "--profiles", "p", "--date", "2022-09-01", "--from", "2022-08-01", "--to", "2022-10-01",
        "-o", f"r.{fmt}")
    shown = (in_dir / f"r.{fmt}").read_text(encoding="utf-8")
    assert "\u201c\u201aZeitenwende\u2018 und mehr\u201d" in shown and "\u201eZeitenwende" not in shown


# --------------------------------------------------------------------------- 11. a record on the date with no shape on the map


def test_a_record_covering_the_date_without_a_shape_is_named_under_the_map(in_dir, run):
    """`report yugoslavia-1948 south-korea-1950 --date 1950-06-01`: both records cover the date; Yugoslavia's state
    (YU, withdrawn from ISO 3166) has no shape, and the map left it out without a word, where a record outside its
    period is named under the map ('not drawn: Kuwait (1990), …').  It is named now, with why; South Korea is drawn
    as before (the other side)."""
    out, _ = run("report", "yugoslavia-1948", "south-korea-1950", "--date", "1950-06-01", "--from", "1950-05-01",
                 "--to", "1950-06-30", "--format", "html", "-o", "-")
    assert "not drawn: Yugoslavia (1948-1953), which has no shape on the map" in out, out[-3000:]
    assert ">South Korea (1948-1950) " in out


# --------------------------------------------------------------------------- 12. a long name under the map


def test_a_long_name_under_the_map_is_wrapped_inside_the_picture(in_dir, run):
    """The note under the map ('not drawn: NAME, whose record does not cover the date') was one line, centred: a
    profile named 'The Republic of Estonia as recorded by a very careful analyst with a long name for it' ran off
    both sides of the picture (its SVG text began at x = -119), cut at the edges in the PNG.  It is wrapped now and
    starts inside the picture; a short note is one line as before (round 15's Kuwait test)."""
    import re

    (in_dir / "p").mkdir()
    text = (REPO / "profiles" / "estonia.yaml").read_text(encoding="utf-8")
    long_name = "The Republic of Estonia as recorded by a very careful analyst with a long name for it"
    (in_dir / "p" / "estonia.yaml").write_text(text.replace("name: Estonia", f'name: "{long_name}"', 1),
                                               encoding="utf-8")
    out, _ = run("report", "estonia", "finland", "--profiles", "p", "--date", "2026-06-01", "--from", "2026-05-01",
                 "--to", "2026-06-30", "--format", "html", "-o", "-")
    note = re.search(r'<text([^>]*)>(not drawn: [^<]*)</text>', out)
    assert note, out[-2000:]
    at = re.search(r'x="(-?[\d.]+)"|translate\((-?[\d.]+) ', note.group(1))
    assert at and float(at.group(1) or at.group(2)) >= 0 and "whose record" not in note.group(2), note.group(0)


# --------------------------------------------------------------------------- 13. two lines joined into one


def test_two_keys_joined_on_one_line_are_not_advised_to_be_quoted(in_dir, run):
    """`  - date: 2022-08-17 kind: threat` (a line break lost) was advised 'the value of 'date' holds ': ' …: quote
    the whole value (date: "…")': followed, the date becomes the text '2022-08-17 kind: threat'.  When what stands
    before the second key is a date, number or truth value and that key is one the file gives its siblings, the
    advice is a line of its own for each key now; text holding ': ' is still advised to be quoted (the other
    side), and so is a value starting with a number whose inner word is no key of the file."""
    (in_dir / "p").mkdir()
    text = (REPO / "profiles" / "estonia.yaml").read_text(encoding="utf-8")
    joined = text.replace("  - date: 2022-08-17\n    kind: threat\n", "  - date: 2022-08-17 kind: threat\n", 1)
    assert joined != text
    (in_dir / "p" / "estonia.yaml").write_text(joined, encoding="utf-8")
    out, _ = run("profiles", "validate", "p", code=1)
    assert "the value of 'date' is followed by a second key on its line ('kind'): put each key on a line of its own" \
        in out and "quote" not in out, out
    for value, advice in (("Russia says: no", "quote the whole value"), ("2022 was: a year", "quote the whole value")):
        (in_dir / "p" / "estonia.yaml").write_text(text.replace("  - date: 2022-08-17\n    kind: threat\n",
                                                                f"  - date: 2022-08-17\n    kind: threat\n    summary: "
                                                                f"{value}\n", 1), encoding="utf-8")
        out, _ = run("profiles", "validate", "p", code=1)
        assert f"the value of 'summary' holds ': ', which YAML reads as a new key: {advice}" in out, out


# --------------------------------------------------------------------------- 14. backtest options at 1


def test_a_backtest_horizon_and_persistence_of_one_read_in_the_singular(in_dir, run):
    """`backtest --horizon 1 --persistence-years 1` said 'onsets of force within 1 days' and '(d) force used in the
    last 1 years' (the baseline's name, in JSON too): the options' own lower edge read as a plural.  Singular now;
    the default 90 days and 5 years read as before (the other side)."""
    (in_dir / "o.yaml").write_text("outcomes:\n- country: kuwait-1990\n  date: 1990-08-02\n  kind: invasion\n  summary: S.\n"
                                   "  source: {publisher: P, title: T, date: 1990-08-02}\nquiet: [estonia]\n",
                                   encoding="utf-8")
    args = ("backtest", "--no-defaults", "--rules", REPO / "rules", "--profiles", REPO / "profiles" / "kuwait-1990.yaml",
            "--profiles", REPO / "profiles" / "estonia.yaml", "--outcomes", "o.yaml", "--resamples", "0")
    out, _ = run(*args, "--horizon", "1", "--persistence-years", "1")
    assert "onsets of force within 1 day\n" in out and "(d) force used in the last 1 year " in out, out[:3000]
    assert "within 1 days" not in out and "last 1 years" not in out, out
    out, _ = run(*args)
    assert "onsets of force within 90 days\n" in out and "(d) force used in the last 5 years " in out, out[:3000]


# --------------------------------------------------------------------------- 15. an uncertainty entry's misspelt type


@pytest.mark.parametrize(("ref", "said"), [
    ("{kind: threat, type: cyber_atack}", "u.yaml:3:33: error: unknown type 'cyber_atack' of a threat event; did you "
                                          "mean 'cyber_attack'?"),
    ("{kind: membership, status: membr}", "u.yaml:3:39: error: unknown status 'membr' of a membership event; did you "
                                          "mean 'member'?"),
    ("{kind: threat, status: member}", "u.yaml:3:35: error: a threat event has no 'status'"),
    ("{kind: threat, type: cyber_attack}", None)], ids=["type", "status", "no-such-field", "valid"])
def test_an_uncertainty_entrys_type_no_event_can_hold_is_a_located_error(in_dir, run, ref, said):
    """`event: {kind: threat, type: cyber_atack}, severity: 1` ranged nothing, without a word (the bundled ranges
    beside it, a Monte Carlo just had its own inputs), where a misspelt kind or state is a located error with a
    did-you-mean (round 15).  So is a type, status or arrangement no event of the kind can hold now, exit 2; a
    real type ranges (the other side)."""
    (in_dir / "u.yaml").write_text(f"name: u\nevents:\n  - event: {ref}\n    days: 1\n", encoding="utf-8")
    args = ("assess", "estonia", "--date", "2022-09-01", "--samples", "1", "--uncertainty", "u.yaml")
    if said is None:
        run(*args)
        return
    _, err = run(*args, code=2)
    assert said in err and "[bad-value]" in err, err


# --------------------------------------------------------------------------- 16. the advice on a file's first line after a BOM


def test_the_quoting_advice_reads_a_first_line_behind_a_byte_order_mark(in_dir, run):
    """A scenario saved with a byte-order mark (Windows Notepad; allowed) whose first line is `name: What if: Finland
    stays out`: the YAML error came without the advice the same file without the mark gets ('the value of 'name'
    holds ': ' …'), the mark read as part of the key.  Both get it now."""
    for bom in (b"", b"\xef\xbb\xbf"):
        (in_dir / "s.yaml").write_bytes(bom + b"name: What if: Finland stays out\nrules:\n  - rule: land-border\n"
                                              b"    points: 0.006\n")
        _, err = run("assess", "finland", "--date", "2022-06-01", "--scenario", "s.yaml", code=2)
        assert "s.yaml:1:14: error: YAML syntax error" in err and "the value of 'name' holds ': '" in err, (bom, err)


# --------------------------------------------------------------------------- 17. ': ' on a line that goes on a value


@pytest.mark.parametrize(("between", "advice"), [
    ("", "this line goes on the value of 'description' (line 5) and holds ': ', which YAML reads as a new key: quote "
         "the whole value (description: \"…\")"),
    ("      more\n\n", "this line goes on the value of 'description' (line 5)"),
    ("      # a comment ends the value\n", None)], ids=["next-line", "after-more-lines", "after-a-comment"])
def test_a_colon_on_a_line_that_goes_on_a_plain_value_gets_the_quoting_advice(in_dir, run, between, advice):
    """`description: The first line` / `  and its index: a choice` (a value spanning lines): the YAML error on the
    second line came without advice, where the same ': ' on the value's first line is told to quote the whole
    value.  Told now, naming the key and its line; after a comment line (which ends a plain value) the line is
    something of its own, and no advice is given (the other side)."""
    text = RULE.replace("description: d", f"description: The first line\n{between}      and its index: a choice")
    (in_dir / "r.yaml").write_text(text, encoding="utf-8")
    out, _ = run("rules", "validate", "--no-lint", "r.yaml", code=1)
    assert "YAML syntax error" in out, out
    assert (advice in out) if advice else ("quote" not in out and "goes on" not in out), out


# --------------------------------------------------------------------------- 18. a profile id that is one of the report's own ids


@pytest.mark.parametrize(("pid", "fmt", "taken"), [("s1", "md", 'id="s1"'), ("sources", "html", 'id="sources"')],
                         ids=["markdown-source-anchor", "html-section-id"])
def test_a_profile_id_that_is_one_of_the_reports_own_ids_gets_an_anchor_of_its_own(in_dir, run, pid, fmt, taken):
    """A profile with the valid id `s1` beside Finland: the Markdown report gave its details `<a id="s1">`, the id of
    the first source, so every [S1] link went to the country instead of its source; `sources` did the same to the
    HTML page's Sources section (the overview's link to the country opened the list of sources).  Such a country
    stands under `country-<id>` now, each id once; a usual id (finland) is its own anchor (the other side)."""
    import re

    (in_dir / "p").mkdir()
    text = (REPO / "profiles" / "estonia.yaml").read_text(encoding="utf-8")
    (in_dir / "p" / f"{pid}.yaml").write_text(text.replace("id: estonia", f"id: {pid}", 1)
                                              .replace("name: Estonia", "name: Someland", 1)
                                              .replace("aliases: [EE, EST]", "aliases: []", 1), encoding="utf-8")
    run("report", pid, "finland", "--profiles", "p", "--date", "2022-03-01", "--from", "2022-02-01", "--to",
        "2022-04-01", "-o", f"r.{fmt}")
    page = (in_dir / f"r.{fmt}").read_text(encoding="utf-8")
    ids = re.findall(r' id="([a-z0-9-]+)"', page)
    assert ids.count(taken[4:-1]) == 1 and f"country-{pid}" in ids and "finland" in ids, sorted(ids)
    assert (f"(#country-{pid})" if fmt == "md" else f'href="#country-{pid}"') in page


# --------------------------------------------------------------------------- 19. a world selector naming a state that did not exist


@pytest.mark.parametrize(("concerns", "said"), [
    ("{countries: [Soviet Union]}", "w.yaml:4:28: error: 'Soviet Union' did not exist on 2022-08-20"),
    ("{members_of: Warsaw Pact}", "w.yaml:4:28: error: 'Warsaw Pact' did not exist on 2022-08-20"),
    ("{countries: [Estonia]}", None)], ids=["country", "organisation", "valid"])
def test_a_world_selector_naming_a_state_on_a_day_it_did_not_exist_is_a_located_error(in_dir, run, concerns, said):
    """A world event of 2022-08-20 with `concerns: {countries: [Soviet Union]}` (or `members_of: Warsaw Pact`)
    concerned no one, without a word, where every other name a profile or world event holds on a day its state did
    not exist is an error (name-outside-existence).  So is this now, at the selector, exit 2; Estonia is concerned
    (the other side)."""
    (in_dir / "world").mkdir()
    (in_dir / "assessor.toml").write_text('world = ["world"]\n', encoding="utf-8")
    (in_dir / "world" / "w.yaml").write_text(f"actor: NATO\nevents:\n  - id: a\n    concerns: {concerns}\n"
                                             "    date: 2022-08-20\n    kind: signal\n    type: reaffirmation\n"
                                             "    summary: x\n    source: {publisher: p, title: t, date: 2022-08-20}\n",
                                             encoding="utf-8")
    if said is None:
        run("assess", "estonia", "--date", "2022-09-01")
        return
    _, err = run("assess", "estonia", "--date", "2022-09-01", code=2)
    assert said in err and "[name-outside-existence]" in err, err
