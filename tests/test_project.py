"""Projects and layered data: an analyst's own files beside the defaults."""

from __future__ import annotations

from pathlib import Path

import pytest

from assessor import loader, project
from assessor.errors import AssessorError


def test_a_project_file_is_found_upwards_like_ruff_s(tmp_path):
    (tmp_path / "profiles").mkdir()
    (tmp_path / "profiles" / "x.yaml").write_text("id: x\n")  # a listed folder holds a .yaml file (else an error)
    (tmp_path / "assessor.toml").write_text('profiles = ["profiles"]\n')
    deep = tmp_path / "a" / "b"
    deep.mkdir(parents=True)
    assert project.find(deep) == tmp_path / "assessor.toml"
    p = project.load(project.find(deep))
    assert p.profiles == [tmp_path / "profiles"] and p.defaults


def test_pyproject_tool_table_counts_only_with_an_assessor_table(tmp_path):
    (tmp_path / "pyproject.toml").write_text("[tool.ruff]\nline-length = 100\n")
    assert project.find(tmp_path) is None or project.find(tmp_path) != tmp_path / "pyproject.toml"
    (tmp_path / "pyproject.toml").write_text("[tool.assessor]\ndefaults = false\n")
    assert project.find(tmp_path) == tmp_path / "pyproject.toml"
    assert project.load(tmp_path / "pyproject.toml").defaults is False


@pytest.mark.parametrize("text, words", [
    ("profile = ['x']\n", "unknown key 'profile'; did you mean 'profiles'?"),
    ("profiles = 3\n", "must be a path or a list of paths"),
    ("profiles = ['missing']\n", "does not exist"),
    ("defaults = 'no'\n", "must be true or false"),
    ("profiles = [\n", "not valid TOML"),
])
def test_a_bad_project_file_is_one_clear_error(tmp_path, text, words):
    f = tmp_path / "assessor.toml"
    f.write_text(text)
    with pytest.raises(AssessorError, match=words.replace("?", r"\?").replace("(", r"\(")) as e:
        project.load(f)
    assert str(f) in str(e.value)


@pytest.mark.parametrize("raw, place, words", [
    (b'profiles = "x\n', ":1:", "Illegal character"),           # the parser's own line and column
    (b"defaults = true\nprofiles = [\n", ":2:", "at the end of the file"),  # cut short: its last line
    (b"defaults = true\n\nprofiles = '\xff'\n", ":3:", "not UTF-8"),      # a byte that is no UTF-8
])
def test_a_project_file_that_is_not_toml_is_located_like_every_other_error(tmp_path, raw, place, words):
    """`file:line: message`, as YAML errors read, so an editor jumps to it; not the parser's words at the end."""
    f = tmp_path / "assessor.toml"
    f.write_bytes(raw)
    with pytest.raises(AssessorError) as e:
        project.load(f)
    msg = str(e.value)
    assert msg.startswith(f"{f}{place}") and words in msg and "(at line" not in msg and "\n" not in msg


def test_own_profiles_sit_beside_the_defaults_and_replace_by_id(tmp_path, write):
    own = tmp_path / "mine"
    own.mkdir()
    text = (loader.default_dir("profiles") / "finland.yaml").read_text().replace("name: Finland", "name: My Finland")
    (own / "finland.yaml").write_text(text)
    both = loader.load_profiles([own], defaults=True)
    bundled = loader.load_profiles()
    assert set(both.profiles) == set(bundled.profiles)
    assert both.profiles["finland"].name == "My Finland" and both.profiles["sweden"].path == bundled.profiles["sweden"].path
    assert set(loader.load_profiles([own]).profiles) == {"finland"}  # without defaults: only mine


def test_own_rules_add_to_the_defaults_and_replace_by_id(tmp_path):
    (tmp_path / "r.yaml").write_text(
        "rules:\n  - id: land-border\n    factor: exposure\n    when: {fact: hostile_border_km, gt: 0}\n"
        "    effect: {points: 1}\n    reason: mine\n"
        "  - id: brand-new\n    factor: threats\n    when: {fact: threats_90d, gt: 5}\n    effect: {points: 1}\n    reason: new\n")
    bundled = loader.load_ruleset()
    mine = loader.load_ruleset([tmp_path], defaults=True)
    assert len(mine.rules) == len(bundled.rules) + 1
    assert mine.rule("land-border").reason == "mine" and mine.name == bundled.name
    # where the replaced definition stood is kept, and `rules show` says it (it said nothing: a review's finding)
    assert mine.rule("land-border").replaces == bundled.rule("land-border").loc
    assert mine.rule("brand-new").replaces is None and bundled.rule("land-border").replaces is None
    with pytest.raises(Exception, match="ruleset"):
        loader.load_ruleset([tmp_path])  # alone it has no header


def test_rules_show_says_a_rule_replaces_the_bundled_one(run, in_dir):
    (in_dir / "assessor.toml").write_text('rules = ["rules"]\n', encoding="utf-8")
    (in_dir / "rules").mkdir()
    (in_dir / "rules" / "mine.yaml").write_text(
        "rules:\n  - id: land-border\n    factor: exposure\n    description: mine\n"
        "    when: {fact: hostile_border_km, gt: 0}\n    effect: {points: 1}\n    reason: mine\n", encoding="utf-8")
    out, _ = run("rules", "show", "land-border")
    bundled = loader.load_ruleset().rule("land-border").loc
    assert f"note: this rule replaces the bundled rule of the same id, defined at {bundled}" in out
    assert "replaces" not in run("rules", "show", "window-of-vulnerability")[0].splitlines()[1]


def test_every_command_says_once_that_a_rule_replaces_the_bundled_one(run, in_dir):
    """A project's (or --rules) rule with a bundled rule's id replaced it without a word outside `rules show`: the
    outputs showed `+ project rules (1 file)` only, so a reader took the bundled rule's points for those in force
    (a new user's review).  As a replaced bundled profile is, it is said once per command, on stderr."""
    (in_dir / "assessor.toml").write_text('rules = ["rules"]\n', encoding="utf-8")
    (in_dir / "rules").mkdir()
    (in_dir / "rules" / "mine.yaml").write_text(
        "rules:\n  - id: land-border\n    factor: exposure\n    description: mine\n"
        "    when: {fact: hostile_border_km, gt: 0}\n    effect: {points: 1}\n    reason: mine\n", encoding="utf-8")
    (in_dir / "s.yaml").write_text("name: s\nrules: [{rule: land-border, points: 2}]\n", encoding="utf-8")
    bundled = loader.load_ruleset().rule("land-border").loc
    said = (f"note: {in_dir / 'rules' / 'mine.yaml'}:2:5 replaces the bundled rule 'land-border' "
            f"({bundled.file}:{bundled.line}:{bundled.col})")
    for args in (("assess", "finland", "--date"), ("explain", "finland", "--date"),
                 ("timeline", "finland", "--from", "2022-01-01", "--to"),
                 ("compare", "finland", "--scenario", in_dir / "s.yaml", "--from", "2022-01-01", "--to")):
        _, err = run(*args, "2022-06-01")
        assert err.count("replaces the bundled rule") == 1 and said in err.splitlines(), (args, err)
    (in_dir / "assessor.toml").write_text("", encoding="utf-8")  # the rule given on the command line
    _, err = run("assess", "finland", "--date", "2022-06-01", "--rules", Path("rules") / "mine.yaml")
    assert err.splitlines() == [said.replace(f"{in_dir / 'rules'}", "rules")]
    _, err = run("assess", "finland", "--date", "2022-06-01")  # nothing replaced: nothing said
    assert err == ""
