"""The manual cannot drift from the program: every ```console example in README.md and
docs/**/*.md is run and must print exactly what it shows (tools/docs_examples.py says how
examples run and the only normalisations). After a deliberate behaviour change, rewrite the
expected outputs with ``.venv/bin/python tools/docs_examples.py --update`` and read the diff."""

from __future__ import annotations

import importlib.util
import json
import re
import shutil
import sys
from pathlib import Path

import pytest
from hostile_common import cli

REPO = Path(__file__).resolve().parent.parent
_spec = importlib.util.spec_from_file_location("docs_examples", REPO / "tools" / "docs_examples.py")
assert _spec and _spec.loader
docs_examples = importlib.util.module_from_spec(_spec)
sys.modules["docs_examples"] = docs_examples  # dataclasses look their module up by name
_spec.loader.exec_module(docs_examples)

EXAMPLES = [e for f in docs_examples.manual_files() for e in docs_examples.parse(f)]
NEEDS = {"jq": re.compile(r"\bjq\b")}  # programs some examples pipe into


def test_the_manual_has_examples_in_readme_and_docs():
    files = {e.path.name for e in EXAMPLES}
    assert "README.md" in files and len(files) >= 5, files
    # The README keeps the two commands a newcomer runs first; CI runs its pytest command.
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert re.search(r"^python3 -m venv .*pip install \. && \.venv/bin/assessor assess ", readme, re.M)
    assert re.search(r"^python3 -m venv .*pip install '\.\[test\]' && \.venv/bin/pytest -n auto$", readme, re.M)


@pytest.mark.parametrize("example", EXAMPLES, ids=[e.name for e in EXAMPLES])
def test_console_example_prints_what_the_manual_shows(example):
    for program, used in NEEDS.items():
        if any(used.search(c.text) for c in example.commands) and shutil.which(program) is None:
            pytest.skip(f"{program} is not installed")
    diffs, _ = docs_examples.check(example)
    assert not diffs, "\n\n".join(diffs) + "\n\n(rewrite with: .venv/bin/python tools/docs_examples.py --update)"


def test_a_drifted_example_fails_and_update_rewrites_it(tmp_path):
    """The checker itself: a wrong expected line is reported, --update repairs it, an elision
    (a line of '...') matches any lines and survives the update, an undated assess is refused."""
    page = tmp_path / "page.md"
    page.write_text(
        "# Page\n\n```console\n$ assessor assess finland sweden --date 2023-06-01 --format csv\n"
        "country,date,score,structural,warning,level,covered\nfinland,2023-06-01,99.9,99.9,0.0,critical,true\n...\n```\n\n"
        "```text\n$ assessor assess finland\nnot run\n```\n",
        encoding="utf-8",
    )
    [example] = docs_examples.parse(page)
    diffs, _ = docs_examples.check(example)
    assert len(diffs) == 1 and "+finland,2023-06-01," in diffs[0]
    assert docs_examples.main([str(page), "--update"]) == 0
    text = page.read_text(encoding="utf-8")
    assert "99.9" not in text and "\n...\n```" in text and "not run" in text
    assert docs_examples.main([str(page)]) == 0
    undated = docs_examples.Example(page, 1, 0, 0, [docs_examples.Command("assessor assess finland")])
    assert docs_examples.problems(undated)
    # A console block that is not an example fails as itself, without stopping the others.
    page.write_text("```console\nno command here\n```\n", encoding="utf-8")
    [bad] = docs_examples.parse(page)
    assert "must start with a '$ ' command line" in docs_examples.check(bad)[0][0]


def _blocks_and_prose(page: Path) -> list[tuple[str, str, str]]:
    """(fence language, block text, the paragraph right after it) for each fenced block of ``page``."""
    found = re.finditer(r"^```(\w+)\n(.*?)^```\n(?:\n(.*?)(?:\n\n|\Z))?", page.read_text(encoding="utf-8"), re.M | re.S)
    return [(m.group(1), m.group(2), m.group(3) or "") for m in found]


def test_explain_prose_quotes_the_numbers_of_its_examples():
    """docs/explain.md: the paragraph after each console example reads its numbers (a checked
    example) back to the reader; it said -20.8 and 19.1 beside an example showing -21.2 and -19.2.
    A number the paragraph computes itself ('= 51.29') or a version ('format 2.0') is not checked."""
    page = REPO / "docs" / "explain.md"
    checked = 0
    for lang, block, prose in _blocks_and_prose(page):
        if lang != "console":
            continue
        for m in re.finditer(r"(?<![\d.(])(\d+\.\d+)(?![\d.)])", prose):
            if re.search(r"(=|format|rules)\s*$", prose[: m.start()]):  # computed, or a version
                continue
            assert m.group(1) in block, f"docs/explain.md: {m.group(1)!r} of {prose!r} is not in its example"
            checked += 1
    assert checked >= 8, checked


def test_explain_key_moment_is_a_real_report(tmp_path):
    """The abridged key moment of docs/explain.md (a ```text block, not run) shows the numbers a
    report of Finland gives today (its scores were those of an older model)."""
    [shown] = [b for lang, b, _ in _blocks_and_prose(REPO / "docs" / "explain.md") if lang == "text" and '"from_level"' in b]
    out = tmp_path / "r.json"
    done = cli("report", "finland", "--to", "2022-06-01", "--date", "2022-06-01", "-o", out, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    [moment] = [k for k in json.loads(out.read_text())["countries"][0]["key_moments"] if k["date"] == "2022-05-18"]
    [surge] = [r for r in moment["rules_changed"] if r["rule"] == "threat-surge"]
    for key, value in [("from_score", moment["from_score"]), ("to_score", moment["to_score"]),
                       ("delta", moment["delta"]), ("points", surge["points"]), ("from_points", surge["from_points"])]:
        assert f'"{key}": {value}' in shown, (key, value)


def _schema_properties(node) -> set[str]:
    """Every property name anywhere in a JSON Schema (fields, sub-fields, the conditions' operators)."""
    found: set[str] = set()
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "properties" and isinstance(value, dict):
                found |= set(value)
            found |= _schema_properties(value)
    elif isinstance(node, list):
        for value in node:
            found |= _schema_properties(value)
    return found


def test_rules_page_names_every_field_of_the_rules_schema(tmp_path):
    """docs/rules.md is the rule-file format: every property of `assessor schema rules` (a header
    field, a rule's, an effect's, a condition's operator) is named there in code outside the YAML
    example, so a field added to the format without a word on that page fails here. It lacked
    `uncertain`, `ignore_lints`, `lints`/`disable`, `forecast` and more."""
    done = cli("schema", "rules", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    names = _schema_properties(json.loads(done.stdout))
    assert {"ruleset", "uncertain", "present", "population_rate", "ignore_lints"} <= names
    text = re.sub(r"^```.*?^```", "", (REPO / "docs" / "rules.md").read_text(encoding="utf-8"), flags=re.M | re.S)
    spans = " ".join(re.findall(r"`([^`\n]+)`", text))
    missing = sorted(n for n in names if not re.search(rf"(?<![\w-]){re.escape(n)}(?![\w-])", spans))
    assert not missing, f"docs/rules.md does not name these fields of the rules schema: {missing}"
