"""Tools for rule and profile authors: validate, lint, rule tests, diff, show.

Analysts change the rules; this package makes that safe and quick, the way
OPA, Semgrep and yamllint do for policy code.  It is a library without click
and without output formats: every function returns plain data or
:class:`~assessor.errors.Problem` objects; the reporters of
:mod:`assessor.render` format them and the CLI (:mod:`assessor.cli.authoring`)
turns the worst finding into the exit code, so all of it is tested without a
terminal.

* :mod:`~assessor.authoring.validate`: every problem of the loader (YAML,
  structure, meaning), of the rule tests next to the rules, and of the
  engine's limits, each with its file:line:col, plus the lint warnings.
* :mod:`~assessor.authoring.lint`: the lint registry (:data:`LINTS`, every
  stable problem code in :data:`CODES`), each lint one function, silenced per
  rule (``ignore_lints``) or per rule set (``lints: {disable: [...]}``).
* :mod:`~assessor.authoring.ruletests`: YAML cases in ``rules/tests/*.yaml``
  run through the real engine, with rule coverage.
* :mod:`~assessor.authoring.diff`: two rule sets on the same profiles and
  dates: which country-dates change level, how far scores move, and which
  rules moved them.
* :mod:`~assessor.authoring.show`: one rule's YAML, its compiled
  durable-rules pattern and where it fires on the profiles.
"""

from __future__ import annotations

from assessor.authoring.diff import DiffSummary, Move, RulesDiff, covered_period, definition_changes, diff_rulesets
from assessor.authoring.lint import (
    CODES,
    LINTS,
    Lint,
    conjunctions,
    coverage_dates,
    firing_counts,
    lint_profile,
    lint_rules,
    score_range,
)
from assessor.authoring.ruletests import (
    NEUTRAL_FACTS,
    Case,
    CaseResult,
    RunResult,
    load_cases,
    neutral_facts,
    replaced_records,
    run_case,
    run_test_files,
    run_tests,
)
from assessor.authoring.show import RuleView, find_rule, firing_ranges, rule_source, show_rule
from assessor.authoring.validate import Report, engine_problems, tests_beside, validate_profiles, validate_rules

__all__ = [
    "CODES", "LINTS", "NEUTRAL_FACTS", "Case", "CaseResult", "DiffSummary", "Lint", "Move", "Report", "RuleView",
    "RulesDiff", "RunResult", "conjunctions", "covered_period", "coverage_dates", "definition_changes", "diff_rulesets",
    "engine_problems", "find_rule", "firing_counts", "firing_ranges", "lint_profile", "lint_rules", "load_cases",
    "neutral_facts", "replaced_records", "rule_source", "run_case", "run_test_files", "run_tests", "score_range",
    "show_rule", "tests_beside",
    "validate_profiles", "validate_rules",
]
