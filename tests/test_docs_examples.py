"""The manual cannot drift from the program: every ```console example in README.md and
docs/**/*.md is run and must print exactly what it shows (tools/docs_examples.py says how
examples run and the only normalisations). After a deliberate behaviour change, rewrite the
expected outputs with ``.venv/bin/python tools/docs_examples.py --update`` and read the diff."""

from __future__ import annotations

import importlib.util
import re
import shutil
import sys
from pathlib import Path

import pytest

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
