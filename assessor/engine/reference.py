"""The reference evaluator: what a rule set means, in plain Python.

A test oracle only.  It reads the same typed IR the durable-rules backend
compiles (:mod:`assessor.ir`) and evaluates it with the documented semantics;
the property tests check that durable-rules fires exactly the rules this
evaluator says hold, for generated rule sets and fact sets.  Assessments never
run on it.
"""

from __future__ import annotations

from assessor import ir
from assessor.model import RuleSet


class ReferenceEngine:
    """Same interface as :class:`assessor.engine.Engine` (``fired``, ``close``)."""

    def __init__(self, ruleset: RuleSet):
        self.ruleset = ruleset

    def fired(self, facts: dict) -> tuple[str, ...]:
        return tuple(r.id for r in self.ruleset.rules if ir.evaluate(r.when, facts))

    def __enter__(self) -> ReferenceEngine:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        pass
