"""No traceback on any input: mutated copies of the default files (lines dropped,
repeated, re-indented, values swapped for odd ones) and random bytes go through
the authoring commands, which must answer with exit 0, 1 or 2 every time.

The seed is fixed so a failure reproduces; a longer run of the same loop found
the one crash it fixed (an event ``kind`` that is a mapping)."""

from __future__ import annotations

import random
import re
import shutil

import pytest
from click.testing import CliRunner

from assessor import loader
from assessor.cli import cli

ODD_VALUES = ["", "null", "[]", "{}", "0", "-1", "1e309", ".nan", "x", "2022-02-30", "'2022-02-30'", "[a, b]",
              "{a: 1}", "true", "!!python/name:os.system", "&a x", "*a", '"{"', "'{status'", "99999999999999999999", "- x"]


def mutate(text: str, rnd: random.Random) -> str:
    lines = text.splitlines() or [""]
    for _ in range(rnd.randint(1, 3)):
        i = rnd.randrange(len(lines))
        op = rnd.randrange(4)
        if op == 0 and len(lines) > 1:
            del lines[i]
        elif op == 1:
            lines.insert(i, lines[rnd.randrange(len(lines))])
        elif op == 2:
            words = lines[i].split(" ")
            words[rnd.randrange(len(words))] = rnd.choice(ODD_VALUES)
            lines[i] = " ".join(words)
        else:
            lines[i] = " " * rnd.randrange(6) + lines[i].lstrip()
    return "\n".join(lines) + "\n"


def commands(root):
    rules, profiles = str(root / "rules"), str(root / "profiles")
    return [
        ["rules", "validate", rules, "--profiles", profiles],
        ["profiles", "validate", profiles],
        ["rules", "test", rules, "--profiles", profiles],
        ["rules", "show", "land-border", "--rules", rules, "--profiles", profiles, "--step", "month"],
        ["rules", "diff", str(loader.default_dir("rules")), rules, "--profiles", profiles, "--step", "month",
         "--from", "2021-01-01", "--to", "2024-12-31"],
    ]


def assert_answers(args):
    result = CliRunner().invoke(cli, args)
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise AssertionError(f"{args}: {result.exception!r}") from result.exception
    assert result.exit_code in (0, 1, 2), (args, result.exit_code, result.output)


def named_records() -> set[str]:
    """The records the bundled rule tests name (``profile: ID``)."""
    return {m for f in (loader.default_dir("rules") / "tests").glob("*.yaml")
            for m in re.findall(r"^\s*-?\s*profile:\s*([\w-]+)\s*$", f.read_text(encoding="utf-8"), re.M)}


def test_the_named_records_are_all_the_rule_tests_need(tmp_path):
    """The fuzz below copies only the records the rule tests name (and a few others): unmutated, `rules test` on
    that copy passes, so a mutation is read by the tests rather than stopped at an unknown country (a rule test
    naming its record some other way than ``profile: ID`` would fail here, not silently test less)."""
    shutil.copytree(loader.default_dir("rules"), tmp_path / "rules")
    (tmp_path / "profiles").mkdir()
    for record in loader.default_dir("profiles").glob("*.yaml"):
        if record.stem in named_records():
            shutil.copy(record, tmp_path / "profiles" / record.name)
    result = CliRunner().invoke(cli, ["rules", "test", str(tmp_path / "rules"), "--profiles", str(tmp_path / "profiles")])
    assert result.exit_code == 0, result.output


@pytest.mark.parametrize("seed", range(8))
def test_mutated_files_never_crash(tmp_path, seed):
    # 8 seeds x 2 mutations (was 12 x 3, when there were 17 profiles, not 31), each over the whole rule folder,
    # the records its tests name (so that `rules test` reads its cases rather than stopping at an unknown
    # country) and four others drawn (every bundled record, 49 of them, made the five commands some of the
    # suite's slowest tests; a mutated record meets the same readers among a dozen as among all)
    rnd = random.Random(seed)
    records = sorted(loader.default_dir("profiles").glob("*.yaml"))
    named = named_records()
    assert named and named <= {r.stem for r in records}, named
    for _ in range(2):
        root = tmp_path / str(rnd.random())
        shutil.copytree(loader.default_dir("rules"), root / "rules")
        (root / "profiles").mkdir()
        for record in [r for r in records if r.stem in named] + rnd.sample([r for r in records if r.stem not in named], 4):
            shutil.copy(record, root / "profiles" / record.name)
        folder = rnd.choice([root / "rules", root / "profiles", root / "rules" / "tests"])
        victim = rnd.choice(sorted(folder.glob("*.yaml")))
        victim.write_text(mutate(victim.read_text(encoding="utf-8"), rnd), encoding="utf-8")
        for args in commands(root):
            assert_answers(args)


@pytest.mark.parametrize("seed", range(5))
def test_random_bytes_never_crash(tmp_path, seed):
    rnd = random.Random(seed)
    f = tmp_path / "noise.yaml"
    f.write_bytes(bytes(rnd.randrange(256) for _ in range(rnd.randrange(1, 400))))
    for args in (["rules", "validate", f], ["profiles", "validate", f], ["rules", "test", "--tests", f]):
        assert_answers([str(a) for a in args])
