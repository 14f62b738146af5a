"""Hostile input, eleventh round (2026-12-07): what a new round of attacks on the newest doors found (-o's name
as the format, the treaty reading of rules 3.2.x, reports, configuration discovery, registry and world files,
every command's --help and exit codes).

Each test here failed before the fix it names, except the other-side checks beside them (a valid input that
still works the same).
"""

from __future__ import annotations

import pytest

# --------------------------------------------------------------------------- 1. --help of a command without -o


@pytest.mark.parametrize("command", [("rules", "list"), ("rules", "show"), ("rules", "facts"), ("rules", "test"),
                                     ("rules", "validate"), ("rules", "diff"), ("profiles", "list"),
                                     ("profiles", "validate")])
def test_help_of_a_command_without_o_does_not_name_o(in_dir, run, command):
    """Since -o's name says the format (round 10), every --format said '[default: as -o's name ends, else text]',
    on eight commands that have no -o (`rules validate -o v.json` is 'No such option'): the help promised an
    option the command refuses.  Their --format says its plain default now."""
    out, _ = run(*command, "--help")
    assert "-o's name" not in out and "--output" not in out, out
    assert "[default: text]" in " ".join(out.split()), out


@pytest.mark.parametrize("command", [("assess",), ("timeline",), ("explain",), ("compare",), ("sensitivity",),
                                     ("backtest",)])
def test_help_of_a_command_with_o_still_says_the_name_sets_the_format(in_dir, run, command):
    out, _ = run(*command, "--help")
    assert "as -o's name ends, else" in " ".join(out.split()) and "--output" in out, out
