"""`assessor rules copy DIR`: a copy of the bundled rule set named as the analyst's own, and the
`bundled-name` lint (a new user's review: a copy made with `cp -r rules my-rules`, the only way the
docs gave and one a pip install cannot follow, kept the bundled name and version in every output)."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from assessor import loader, yamlsrc

BUNDLED = loader.default_dir("rules")


@pytest.fixture
def here(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    return tmp_path


def _header(folder: Path) -> dict:
    return yamlsrc.read(folder / "ruleset.yaml").data["ruleset"]


def test_copy_writes_the_bundled_rules_and_tests_under_a_name_of_their_own(run, here):
    bundled = loader.load_ruleset()
    _, err = run("rules", "copy", "my-rules")
    assert err.startswith(f"wrote my-rules: a copy of the bundled rule set {bundled.name} {bundled.version} named "
                          "my-rules 0.1.0 (9 rule files, 9 rule test files)"), err
    copy = here / "my-rules"
    rule_files = sorted(p.name for p in BUNDLED.glob("*.yaml"))
    assert sorted(p.name for p in copy.glob("*.yaml")) == rule_files
    assert sorted(p.name for p in (copy / "tests").glob("*.yaml")) == sorted(p.name for p in (BUNDLED / "tests").glob("*.yaml"))
    assert (copy / ".rules.schema.json").is_file() and not (copy / "uncertainty").exists()
    header = _header(copy)
    assert (header["name"], header["version"]) == ("my-rules", "0.1.0")
    assert {k: v for k, v in header.items() if k not in ("name", "version")} == \
        {k: v for k, v in _header(BUNDLED).items() if k not in ("name", "version")}
    # the schema line stays the first of every file, the header file's too (a stranger's review: docs/authoring.md
    # says each file's first line names the schema; the 'Copied by' comment had pushed it to line 3)
    top = (copy / "ruleset.yaml").read_text(encoding="utf-8").splitlines()[:2]
    assert top == ["# yaml-language-server: $schema=.rules.schema.json",
                   f"# Copied by `assessor rules copy` from the bundled rule set {bundled.name} {bundled.version} "
                   f"(sha256:{bundled.sha256}):"]
    for name in rule_files:  # every rule as it was; only the schema line points at the copy's schema
        mine = (copy / name).read_text(encoding="utf-8")
        assert mine.startswith("# yaml-language-server: $schema=.rules.schema.json\n")
        if name != "ruleset.yaml":
            assert mine.split("\n", 1)[1] == (BUNDLED / name).read_text(encoding="utf-8").split("\n", 1)[1]
    # every output names the copy; the scores are the bundled set's
    mine, _ = run("assess", "finland", "--date", "2022-06-01", "--rules", "my-rules")
    theirs, _ = run("assess", "finland", "--date", "2022-06-01")
    assert re.search(r"rules my-rules 0\.1\.0 sha256:[0-9a-f]{12},", mine) and "assessor-default" not in mine
    assert mine.splitlines()[:-1] == theirs.splitlines()[:-1]
    out, err = run("rules", "validate", "my-rules")
    assert out == "" and "0 errors, 0 warnings" in err
    out, _ = run("rules", "test", "my-rules")
    assert ", 0 failed" in out and "rule coverage: 100%" in out


def test_copy_names_the_set_after_its_folder_or_name(run, here):
    run("rules", "copy", "Mes Règles")
    assert _header(here / "Mes Règles")["name"] == "mes-regles"
    run("rules", "copy", "assessor-default")  # the folder's name is the bundled set's: the copy's is not
    assert _header(here / "assessor-default")["name"] == "assessor-default-copy"
    (here / "empty").mkdir()
    run("rules", "copy", "empty", "--name", "1.5")  # an empty folder is fine; a name YAML reads as a number is quoted
    assert _header(here / "empty")["name"] == "1.5"


@pytest.mark.parametrize("name, said", [
    ("Nordic Rules", "--name 'Nordic Rules' cannot name a rule set: write 1 to 64 lower-case letters, digits, '.', '_' "
                     "or '-', starting with a letter or a digit (e.g. nordic-rules)"),
    ("assessor-default", "--name 'assessor-default' is the bundled rule set's name: give the copy a name of its own"),
])
def test_copy_refuses_a_name_that_is_not_its_own(run, here, name, said):
    _, err = run("rules", "copy", "x", "--name", name, code=2)
    assert err.startswith(f"error: {said}") and not (here / "x").exists()


def test_copy_writes_over_nothing(run, here):
    (here / "full").mkdir()
    (here / "full" / "ruleset.yaml").write_text("mine\n")
    _, err = run("rules", "copy", "full", code=2)
    assert err == ("error: cannot copy the rules into full: the folder is not empty (the copy goes into a new or "
                   "empty folder, so that it writes over nothing)\n")
    assert [p.name for p in (here / "full").iterdir()] == ["ruleset.yaml"]
    assert (here / "full" / "ruleset.yaml").read_text() == "mine\n"
    (here / "file").write_text("x\n")
    _, err = run("rules", "copy", "file", code=2)
    assert "Directory 'file' is a file." in err and (here / "file").read_text() == "x\n"
    (here / "dangling").symlink_to(here / "nowhere")
    _, err = run("rules", "copy", "dangling", code=2)
    assert err == "error: cannot copy the rules into dangling: it exists and is not a folder\n"
    assert not (here / "nowhere").exists()
    _, err = run("rules", "copy", BUNDLED / "copy", code=2)  # into the bundled rules, which every run reads
    assert "is inside the bundled rules" in err and not (BUNDLED / "copy").exists()


def test_bundled_name_lint_warns_of_an_edited_copy_that_kept_the_bundled_name(run, here):
    shutil.copytree(BUNDLED, here / "same", ignore=shutil.ignore_patterns("tests", "uncertainty"))
    out, err = run("rules", "validate", "same")  # an exact copy hashes as the bundled set: nothing to say
    assert "bundled-name" not in out and "0 warnings" in err
    shutil.copytree(here / "same", here / "edited")
    path = here / "edited" / "membership.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("effect: {points: 5}", "effect: {points: 6}", 1),
                    encoding="utf-8")
    out, _ = run("rules", "validate", "edited")
    bundled = loader.load_ruleset()
    line = yamlsrc.read(here / "edited" / "ruleset.yaml").loc(("ruleset", "name"))[0]
    assert out.startswith(f"edited/ruleset.yaml:{line}:9: warning: this rule set calls itself {bundled.name} "
                          f"{bundled.version}, the bundled rule set's name and version, but its files differ"), out
    assert out.rstrip().endswith("[bundled-name]") and out.count("\n") == 1
    run("rules", "copy", "renamed")  # renamed: not asked, nor are rules added to the bundled set without a header
    out, _ = run("rules", "validate", "renamed")
    assert "bundled-name" not in out
    (here / "added.yaml").write_text("rules:\n  - id: added\n    factor: exposure\n    description: d\n"
                                     "    when: {fact: status, eq: member}\n    effect: {points: 1}\n    reason: r\n")
    out, _ = run("rules", "validate", "added.yaml")
    assert "bundled-name" not in out
