"""The guarantee: a rule set that `rules validate` accepts can be assessed.

Hypothesis generates rule sets (nested all/any/not, `in` lists, many rules
true at once, tiny and huge numbers, text with quotes and backslashes, facts
that may be absent) and fact sets, writes the rules as YAML, and checks:

* validation either accepts the rule set or names each refused rule at its
  file and line (never a bare engine error);
* an accepted rule set builds in durable-rules and, for every fact set, fires
  exactly the rules the reference evaluator (``assessor.ir.evaluate``) says
  hold — no engine error on any of them;
* whatever is accepted, ``assess`` and ``timeline`` on a generated profile
  agree with the reference evaluator on every date.

Seeds are fixed by Hypothesis' database-free CI profile (``derandomize``), and
the budget is bounded (see ``settings``), so CI is repeatable.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import tempfile
from pathlib import Path

import yaml
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from assessor import authoring, ir, loader
from assessor.assess import Assessor, dates_between
from assessor.derive import Deriver
from assessor.engine import Engine
from assessor.engine.reference import ReferenceEngine
from assessor.facts import FACTS

EXAMPLES = int(os.environ.get("ASSESSOR_GUARANTEE_EXAMPLES", "2000"))
CI = settings(max_examples=EXAMPLES, deadline=None, derandomize=True, database=None,
              suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

HEADER = {"ruleset": {"name": "generated", "version": "1", "base": 0,
                      "bounds": {"min": -1000000, "max": 1000000},
                      "levels": [{"name": "low", "from": -1000000}, {"name": "high", "from": 0}]}}

NUMBER_FACTS = sorted(n for n, f in FACTS.items() if f.type == "number")
TEXT_FACTS = sorted(n for n, f in FACTS.items() if f.type == "text")
BOOL_FACTS = sorted(n for n, f in FACTS.items() if f.type == "bool")

# Numbers the engine's reader has tripped on, and ordinary ones; few distinct
# values so that generated rules and facts often meet on a threshold.
NUMBERS = st.one_of(
    st.sampled_from([0, 1, 2, 3, 5, 30, 90, 0.5, 1.5, 0.00001, 1e-12, 1e9, -1e9, 123456789.25, -1, -0.25, -7e-9]),
    st.integers(-10**9, 10**9),  # rule and profile numbers are bounded to ±1e9 (README, "Limits")
    st.floats(-1e9, 1e9, allow_nan=False, allow_infinity=False, allow_subnormal=False),
)
TEXTS = st.one_of(st.sampled_from(["none", "United States", 'a "quoted" name', "back\\slash", "é", "x'y", "{}", "\u202e"]),
                  st.text(st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=6)
                  .map(lambda s: s if s.strip() else s + "x"))


def text_values(fact: str):
    allowed = FACTS[fact].values
    return st.sampled_from(allowed) if allowed else TEXTS


def comparison():
    number = st.builds(lambda f, op, v: {"fact": f, op: v}, st.sampled_from(NUMBER_FACTS),
                       st.sampled_from(["eq", "ne", "lt", "lte", "gt", "gte"]), NUMBERS)
    number_in = st.builds(lambda f, vs: {"fact": f, "in": vs}, st.sampled_from(NUMBER_FACTS),
                          st.lists(NUMBERS, min_size=1, max_size=33))
    text = st.sampled_from(TEXT_FACTS).flatmap(
        lambda f: st.one_of(
            st.builds(lambda op, v: {"fact": f, op: v}, st.sampled_from(["eq", "ne"]), text_values(f)),
            st.builds(lambda vs: {"fact": f, "in": vs}, st.lists(text_values(f), min_size=1, max_size=12))))
    boolean = st.builds(lambda f, op, v: {"fact": f, op: v}, st.sampled_from(BOOL_FACTS), st.sampled_from(["eq", "ne"]),
                        st.booleans())
    present = st.builds(lambda f, v: {"fact": f, "present": v}, st.sampled_from(sorted(FACTS)), st.booleans())
    return st.one_of(number, number, number_in, text, boolean, present)


def condition():
    return st.recursive(
        comparison(),
        lambda inner: st.one_of(
            st.builds(lambda xs: {"all": xs}, st.lists(inner, min_size=1, max_size=6)),
            st.builds(lambda xs: {"any": xs}, st.lists(inner, min_size=1, max_size=8)),
            st.builds(lambda x: {"not": x}, inner),
        ),
        max_leaves=16,
    )


def rule_list():
    return st.lists(st.tuples(condition(), st.integers(-50, 50)), min_size=1, max_size=10)


def fact_value(name: str):
    f = FACTS[name]
    if name == "kind":
        return st.just("assessment")
    if f.type == "number":
        return NUMBERS
    if f.type == "bool":
        return st.booleans()
    return text_values(name)


def fact_set():
    """A fact set as derive could give it: every always-present fact there, others maybe absent."""
    return st.fixed_dictionaries(
        {n: fact_value(n) for n, f in FACTS.items() if f.always},
        optional={n: fact_value(n) for n, f in FACTS.items() if not f.always},
    )


def _write_rules(folder: Path, rules: list[tuple[dict, int]]) -> Path:
    doc = {"rules": [{"id": f"g{i}", "factor": "threats", "description": "generated", "when": when,
                      "effect": {"points": pts}, "reason": "generated"} for i, (when, pts) in enumerate(rules)]}
    (folder / "header.yaml").write_text(yaml.safe_dump(HEADER), encoding="utf-8")
    (folder / "rules.yaml").write_text(yaml.safe_dump(doc, allow_unicode=True), encoding="utf-8")
    return folder


def _worst_facts(ruleset) -> list[dict]:
    """Fact sets built from the rules' own constants: each numeric fact at the
    largest or smallest constant, every text fact at a compared value, every
    fact present — the sets that make the most conditions true at once."""
    consts: dict[str, list] = {}
    for r in ruleset.rules:
        for c in ir.comparisons(r.when):
            if c.op != "present":
                consts.setdefault(c.fact, []).extend(c.value if c.op == "in" else [c.value])
    out = []
    for pick in (max, min, lambda vs: vs[len(vs) // 2]):
        facts: dict = {"kind": "assessment"}
        for name, f in FACTS.items():
            vs = consts.get(name)
            if name == "kind":
                continue
            if vs:
                try:
                    facts[name] = pick(sorted(vs)) if f.type == "number" else pick(vs)
                except TypeError:
                    facts[name] = vs[0]
            else:
                facts[name] = {"number": 1, "bool": True, "text": (f.values or ("x",))[0]}[f.type]
        big = {n: (v + 10**9 if isinstance(v, (int, float)) and not isinstance(v, bool) else v) for n, v in facts.items()}
        out += [facts, big]
    return out


def test_the_cost_model_refuses_what_the_engine_cannot_run(tmp_path):
    """The three classes the old count-based check let through now validate as
    located errors, and an `in` of 31 values (which the engine runs) is accepted."""
    anys = lambda k, off: {"any": [{"fact": "threat_level", "gt": i + off} for i in range(k)]}  # noqa: E731
    cases = {
        "stack": {"all": [anys(25, 0), anys(25, 100), anys(25, 200)]},
        "groups": {"all": [{"any": [{"fact": "threat_level", "gt": i}, {"fact": "status_rank", "eq": i % 6}]}
                           for i in range(15)]},
    }
    for name, when in cases.items():
        folder = tmp_path / name
        folder.mkdir()
        _write_rules(folder, [(when, 1)])
        problems = authoring.validate_rules([folder], lint=False).problems
        assert [p.code for p in problems] == ["engine-limit"] and problems[0].line == 2, (name, problems)
    ok = tmp_path / "ok"
    ok.mkdir()
    _write_rules(ok, [({"fact": "threat_level", "in": list(range(1, 32))}, 1),
                      ({"not": {"all": [{"fact": n, "gt": 0} for n in NUMBER_FACTS][:16]}}, 1),
                      ({"fact": "threat_level", "gt": 0.00001}, 1), ({"fact": "threat_level", "lt": 1.0e+9}, 1)])
    assert authoring.validate_rules([ok], lint=False).problems == []
    ruleset = loader.load_ruleset([ok])
    with Engine(ruleset) as engine:
        # g1: not (all of 16 comparisons) holds when the other facts are absent
        assert engine.fired({"kind": "assessment", "threat_level": 5}) == ("g0", "g1", "g2", "g3")
        assert engine.fired({"kind": "assessment", "threat_level": 0.000001}) == ("g1", "g3")


def test_the_stack_bound_is_the_engine_s(tmp_path):
    """The cost model's stack bound against the engine itself: k parallel rules
    that all hold fit up to 64 and fail at 65; three chained anys of k true
    branches cost 3k-2."""
    import durable_rules_engine as dr

    from assessor.engine.durable import Network, dumps

    def engine_accepts(patterns: dict, facts: dict) -> bool:
        h = dr.create_ruleset(f"probe_{len(patterns)}_{id(patterns)}", dumps(
            {k: {"all": [{"m": p}]} for k, p in patterns.items()}))
        text = dumps({**facts, "sid": "0", "id": "x"})
        try:
            dr.assert_fact(h, text)
        except Exception:  # noqa: BLE001 - the C engine's error 303
            return False
        dr.retract_fact(h, text)
        return True

    def model_accepts(patterns: dict) -> bool:
        net = Network()
        for p in patterns.values():
            net.add(p)
        return net.cost()["stack"] <= 64

    for k in (63, 64, 65, 66):
        patterns = {f"r{i}": {"$and": [{"kind": "assessment"}, {"$gt": {"threat_level": i}}]} for i in range(k)}
        facts = {"kind": "assessment", "threat_level": 10**6}
        assert model_accepts(patterns) == engine_accepts(patterns, facts) == (k <= 64), k
    for k in (21, 22, 23):
        chain = {"$and": [{"kind": "assessment"}] + [{"$or": [{"$gt": {"threat_level": i + 100 * j}} for i in range(k)]}
                                                     for j in range(3)]}
        facts = {"kind": "assessment", "threat_level": 10**6}
        assert model_accepts({"r": chain}) == engine_accepts({"r": chain}, facts) == (3 * k - 2 <= 64), k


PROFILE_EVENTS = st.lists(
    st.one_of(
        st.builds(lambda d, s: {"date": d, "kind": "membership", "status": s},
                  st.dates(dt.date(2019, 1, 1), dt.date(2023, 12, 31)),
                  st.sampled_from(["partner", "applicant", "invited", "member"])),
        st.builds(lambda d, t, party: {"date": d, "kind": "agreement", "party": party, "type": t},
                  st.dates(dt.date(2019, 1, 1), dt.date(2023, 12, 31)),
                  st.sampled_from(["statement_of_intent", "defence_cooperation_agreement", "mutual_defence_treaty"]),
                  st.sampled_from(["United States", "France", "Norway"])),
        st.builds(lambda d, s, w: {"date": d, "kind": "threat", "actor": "Russia", "type": "statement",
                                   "severity": s, "weighs_days": w},
                  st.dates(dt.date(2019, 1, 1), dt.date(2023, 12, 31)), st.integers(1, 5), st.integers(1, 900)),
    ),
    max_size=12,
)


SOURCE = {"publisher": "test", "title": "generated", "date": "2020-01-01"}
MONTHS = dates_between(dt.date(2019, 12, 20), dt.date(2025, 1, 20), "month")


def _write_profile(folder: Path, events: list[dict], border: int | None) -> Path:
    profile = {"id": "genland", "name": "Genland", "alliance": "NATO", "adversary": "Russia",
               "covers": {"from": "2020-01-01", "to": "2024-12-31"},
               "events": [{**e, "date": e["date"].isoformat(), "summary": "generated", "source": SOURCE} for e in events]}
    if border is not None:
        profile["attributes"] = {"land_border_km": {"value": border, "source": SOURCE}}
    path = folder / "genland.yaml"
    path.write_text(yaml.safe_dump(profile), encoding="utf-8")
    return path


@CI
@given(rules=rule_list(), events=PROFILE_EVENTS, border=st.one_of(st.none(), st.integers(0, 3000)),
       facts=st.lists(fact_set(), min_size=1, max_size=2))
def test_validate_clean_means_assess_and_timeline_evaluate_like_the_reference(rules, events, border, facts):
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        (root / "rules").mkdir()
        folder = _write_rules(root / "rules", rules)
        pfile = _write_profile(root, events, border)
        # What `rules validate` does (load with every problem located, then
        # build what assess runs), without reading the files twice.
        problems: list = []
        ruleset = loader.load_ruleset([folder], collect=problems)
        assert ruleset is not None and not problems, problems  # generated rule sets are valid YAML rules
        errors = authoring.engine_problems(ruleset)
        for p in errors:  # refused: each at its rule's line, with the engine-limit code
            assert p.code == "engine-limit" and p.line > 0 and p.file.endswith("rules.yaml"), str(p)
        if errors:
            event("refused by the cost model")
            return
        event("accepted")
        profiles = loader.load_profiles([pfile])
        a = Assessor(ruleset, profiles)
        reference = ReferenceEngine(ruleset)
        p = profiles.resolve("genland")
        deriver = Deriver(p)
        try:
            for point in a.timeline(p, MONTHS):
                assert point.fired == reference.fired(deriver.derive(point.date).values), point.date
            day = dt.date(2022, 6, 1)
            assert a.assess(p, day).fired == reference.fired(deriver.derive(day).values)
            for f in facts + _worst_facts(ruleset):
                assert a.engine.fired(f) == reference.fired(f), json.dumps(f, default=str)
        finally:
            a.engine.close()
