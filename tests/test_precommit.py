"""The pre-commit hook definitions (issue 18, item 7) parse, and name commands that exist and pass
on the bundled rules and profiles (what a hook runs in this repository)."""

from __future__ import annotations

import re
import shlex

import pytest
import yaml
from conftest import REPO

HOOKS = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
WANTED = {("rules", "validate"), ("profiles", "validate"), ("rules", "test")}


def test_the_file_defines_a_hook_per_check():
    assert isinstance(HOOKS, list) and HOOKS
    ids = [h["id"] for h in HOOKS]
    assert len(ids) == len(set(ids))
    for h in HOOKS:
        assert {"id", "name", "entry", "language"} <= set(h), h
        assert h["language"] == "python"  # pre-commit installs this package, and with it the command
        assert h["pass_filenames"] is False, h["id"]  # a rule set validates as a whole
        runs_on = [f for f in ("rules/a.yaml", "profiles/b.yml", "assessor.toml", "notes.md", "x.py")
                   if re.search(h["files"], f)]
        assert runs_on == ["rules/a.yaml", "profiles/b.yml", "assessor.toml"], h["id"]
    assert {tuple(shlex.split(h["entry"])[1:3]) for h in HOOKS} == WANTED


@pytest.mark.parametrize("hook", HOOKS, ids=[h["id"] for h in HOOKS])
def test_each_hook_names_a_command_that_exists_and_passes(run, hook, tmp_path, monkeypatch):
    argv = shlex.split(hook["entry"]) + list(hook.get("args", []))
    assert argv[0] == "assessor"
    out, _ = run(*argv[1:], "--help")
    assert "Usage: " in out
    monkeypatch.chdir(REPO)  # as pre-commit runs it: at the top of the repository
    run(*argv[1:])


def test_the_hooks_are_documented():
    doc = (REPO / "docs" / "pre-commit.md").read_text(encoding="utf-8")
    for h in HOOKS:
        assert h["id"] in doc, h["id"]
