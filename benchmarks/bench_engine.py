"""Assessments per second: engine only and end to end, with the default rules,
beside the reference evaluator (assessor.engine.reference, the test oracle)
evaluating the same typed conditions in plain Python.

Run:  python benchmarks/bench_engine.py   (prints figures; not a test)
"""

from __future__ import annotations

import datetime as dt
import os
import sys
import time

sys.path.insert(0, os.path.dirname(__file__))

import reference as patterns  # noqa: E402 - the compiled-pattern yardstick beside this file

from assessor.assess import Assessor, dates_between
from assessor.engine import Engine
from assessor.engine.reference import ReferenceEngine


def fact_sets(assessor: Assessor) -> list[dict]:
    """Distinct, realistic fact sets: every default profile on every day of 2021-2024."""
    days = dates_between(dt.date(2021, 1, 1), dt.date(2024, 12, 31), "day")
    out = []
    for p in assessor.profiles.profiles.values():
        d = assessor.deriver(p)
        out.extend(d.derive(day, evidence=False).values for day in days)
    return out


def rate(fn, items, min_seconds: float = 1.0) -> float:
    n, start = 0, time.perf_counter()
    while True:
        for x in items:
            fn(x)
        n += len(items)
        elapsed = time.perf_counter() - start
        if elapsed >= min_seconds:
            return n / elapsed


def main() -> None:
    assessor = Assessor.load()
    facts = fact_sets(assessor)
    engine = Engine(assessor.ruleset)
    reference = ReferenceEngine(assessor.ruleset)

    compiled = engine.plan.rulesets
    used = engine.used

    def on_patterns(f: dict) -> tuple:
        return patterns.fired(compiled, {k: f[k] for k in used if k in f})

    mismatches = sum(engine.fired(f) != reference.fired(f) for f in facts)
    mismatches += sum(engine.fired(f) != on_patterns(f) for f in facts)
    engine_rate = rate(engine.fired, facts)
    ref_rate = rate(reference.fired, facts)
    pat_rate = rate(on_patterns, facts)

    profiles = list(assessor.profiles.profiles.values())
    days = dates_between(dt.date(2021, 1, 1), dt.date(2024, 12, 31), "week")
    pairs = [(p, d) for p in profiles for d in days]
    e2e_rate = rate(lambda pd: assessor.assess(*pd), pairs)

    print(f"rules: {len(assessor.ruleset.rules)} in {len(engine.plan.rulesets)} durable-rules ruleset(s); "
          f"fact sets: {len(facts)} (every profile, every day 2021-2024)")
    print(f"engine only (durable-rules, C module):   {engine_rate:10,.0f} assessments/s  ({1e6 / engine_rate:6.1f} µs each)")
    print(f"reference evaluator (plain Python, IR):  {ref_rate:10,.0f} assessments/s  ({1e6 / ref_rate:6.1f} µs each)")
    print(f"plain Python on the compiled patterns:   {pat_rate:10,.0f} assessments/s  ({1e6 / pat_rate:6.1f} µs each)")
    print(f"engine / reference speed:                {engine_rate / ref_rate:10.2f}x")
    print(f"engine / compiled-pattern speed:         {engine_rate / pat_rate:10.2f}x")
    print(f"end to end (derive + engine + score + evidence + reasons): {e2e_rate:,.0f} assessments/s")
    print(f"disagreements (engine vs reference, engine vs patterns): {mismatches} of {2 * len(facts)}")


if __name__ == "__main__":
    main()
