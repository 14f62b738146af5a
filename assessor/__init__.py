"""assessor: an open, rules-based deterrence risk assessor.

The package is a pipeline, one module per stage: ``loader`` (YAML → model),
``derive`` (profile + date → facts), ``engine`` (facts → fired rules, in
durable-rules), ``score`` (fired rules → score → level), then ``explain`` and
``render``.  ``assess`` ties the stages together; ``cli`` is a thin shell.
"""

__version__ = "0.2.0"
