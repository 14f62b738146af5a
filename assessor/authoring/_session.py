"""An :class:`Assessor` whose durable-rules rulesets are freed on exit (lint and diff build several)."""

from __future__ import annotations

from assessor import loader
from assessor.assess import Assessor
from assessor.model import RuleSet


class Session:
    """An :class:`Assessor` whose durable-rules rulesets are freed on exit (lint and diff build several)."""

    def __init__(self, ruleset: RuleSet, profiles: loader.ProfileSet):
        self.a = Assessor(ruleset, profiles)

    def __enter__(self) -> Assessor:
        return self.a

    def __exit__(self, *exc) -> None:
        self.a.engine.close()
