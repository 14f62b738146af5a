"""Evaluate stage: the rule set on durable-rules (:mod:`.durable`), with a
plain-Python reference evaluator (:mod:`.reference`) kept as a test oracle."""

from assessor.engine.durable import (  # noqa: F401 - the stage's public names
    INSTALL_HINT,
    Engine,
    EngineLimit,
    Plan,
    compile_condition,
    compile_rule,
    dumps,
    number_text,
    parts,
    plan,
    rule_problems,
)
