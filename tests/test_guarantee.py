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
from hypothesis import HealthCheck, Phase, event, given, settings
from hypothesis import strategies as st

from assessor import authoring, ir, loader
from assessor.assess import Assessor, dates_between
from assessor.derive import Deriver
from assessor.engine import Engine
from assessor.engine.reference import ReferenceEngine
from assessor.facts import FACTS

# 1,200 in the main suite (2,000 until the suite reached CI's 20-minute budget; derandomized, so the
# same 1,200 every run), 300 on the other interpreters; a longer search: ASSESSOR_GUARANTEE_EXAMPLES.
EXAMPLES = int(os.environ.get("ASSESSOR_GUARANTEE_EXAMPLES", "1200"))
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


# --------------------------------------------------------------------------- every command, every construct
#
# The second half of the guarantee (issue 18): whatever `profiles validate`
# accepts, every command runs without a traceback.  Profiles are generated
# from the format itself (``spec.EVENT``): every event kind, and for every
# field with a closed set of values (status, type, arrangement, attribution,
# ...) one event per value, the other fields drawn; so a kind, a field or a
# value added to the format joins the test without a line here.  Each
# generated profile must validate clean (errors; warnings are allowed), then
# goes through assess (with --samples), explain, timeline --plot, report
# (html, markdown), compare with a scenario, sweep, sensitivity and backtest.

from click.testing import CliRunner  # noqa: E402

from assessor import spec  # noqa: E402
from assessor.cli import cli  # noqa: E402
from assessor.events import SECOND_NAME_FIELDS  # noqa: E402

# Each example runs a dozen commands (~2 s); the smaller budget of CI's other Pythons runs fewer.
COMMAND_EXAMPLES = int(os.environ.get("ASSESSOR_COMMAND_EXAMPLES", "8" if EXAMPLES >= 2000 else "3"))
COMMANDS = settings(max_examples=COMMAND_EXAMPLES, deadline=None, derandomize=True, database=None,
                    phases=[Phase.explicit, Phase.generate],  # no shrinking: each example runs every command
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
GEN_FROM, GEN_TO = dt.date(2019, 1, 1), dt.date(2024, 12, 31)
GEN_NAMES = ["Russia", "China", "Belarus", "United States", "France", "NATO", "European Union", "Iran", "Turkey"]
LATER_DATES = ("in_force", "ended", "end", "ceasefire", "deadline")  # loader: none may lie before the event's date
# Free text with what every output must escape (HTML, Markdown, CSV, terminals).
GEN_TEXT = st.sampled_from(["generated", 'a "quoted" <b>bold</b> & co', "*star* _under_ `tick` | pipe", "é\u00a0x, y",
                            "line\\back", "[link](http://x)", "=cmd()"])
# the url's host is one label: no public site's, and not a name reserved for examples, which `validate` refuses
GEN_SOURCE = {"publisher": "Test <Press>", "title": "Generated, \"title\"", "date": "2020-01-01",
              "url": "https://press/a?b=1&c=2", "kind": "original"}


def _enum_fields(kind: str) -> dict[str, tuple]:
    """The fields of an event kind that take one of a closed set of values."""
    return {name: f.spec.enum for name, f in spec.EVENT.variants[kind].fields.items()
            if isinstance(f.spec, spec.Str) and f.spec.enum}


def _value(draw, name: str, f: spec.Field, date: dt.date):
    """A value for one field of an event, from its spec (None: leave the field out)."""
    s = f.spec
    if name in ("kind", "date", "id", "note"):
        return None
    if name == "source":
        return GEN_SOURCE
    if name == "uncertain":
        return None  # drawn with the event's other fields (it must hold them), see _event
    if name in LATER_DATES:
        return (date + dt.timedelta(days=draw(st.integers(0, 900)))).isoformat()
    if name in {*loader.NAME_FIELDS.values(), *SECOND_NAME_FIELDS.values()}:  # fields naming a state or organisation
        names = st.sampled_from(GEN_NAMES)
        several = st.lists(names, min_size=1, max_size=3, unique=True)
        if isinstance(s, spec.List):
            return draw(several)
        return draw(st.one_of(names, several) if isinstance(s, spec.Either) else names)
    if isinstance(s, spec.Str):
        return draw(st.sampled_from(s.enum)) if s.enum else draw(GEN_TEXT)
    if isinstance(s, spec.Num):
        hi = min(s.maximum, 400 if name in ("of", "ratified") else 3650 if s.maximum > 5 else s.maximum)
        lo = max(s.minimum, 0 if s.maximum > 5 else s.minimum)
        return draw(st.integers(int(lo), int(hi)))
    if isinstance(s, spec.Bool):
        return draw(st.booleans())
    if isinstance(s, spec.Date):
        return draw(st.dates(GEN_FROM, GEN_TO)).isoformat()
    if isinstance(s, spec.List):
        item = s.item
        if isinstance(item, spec.Either):  # a mechanism: its name (the short form) will do
            item = next((o for o in item.options if isinstance(o, spec.Str)), item)
        if isinstance(item, spec.Str) and item.enum:
            return draw(st.lists(st.sampled_from(item.enum), min_size=1, max_size=2, unique=True))
        if name == "ceasefires":  # format 2.1: one ceasefire on or after the conflict's date
            return [{"date": (date + dt.timedelta(days=draw(st.integers(0, 900)))).isoformat()}]
        return draw(st.lists(GEN_TEXT, min_size=1, max_size=2))
    return draw(GEN_TEXT)


@st.composite
def _event(draw, kind: str, fixed: dict):
    """One valid event of ``kind`` with ``fixed`` fields; the others drawn (optional ones maybe left out)."""
    date = draw(st.dates(GEN_FROM, GEN_TO))
    e: dict = {"date": date.isoformat(), "kind": kind, "summary": draw(GEN_TEXT)}
    for name, f in spec.EVENT.variants[kind].fields.items():
        if name in e or name in fixed or not (f.required or draw(st.booleans())):
            continue
        v = _value(draw, name, f, date)
        if v is not None:
            e[name] = v
    e.update(fixed)
    # What the loader checks beyond the format: a ceasefire ends fighting; ratified ≤ of; end after ceasefire.
    if kind == "conflict" and e.get("type") != "armed_conflict":
        e.pop("ceasefire", None)
        e.pop("ceasefires", None)
    if kind == "conflict" and "ceasefires" in e:  # format 2.1: 'ceasefires' instead of 'ceasefire', never both
        e.pop("ceasefire", None)
        if "end" in e:
            e["ceasefires"][0]["date"] = min(e["ceasefires"][0]["date"], e["end"])
    # format 2.1: mechanisms keep a ceasefire (on an armed conflict with one) or a frozen conflict
    if kind == "conflict" and (e.get("type") == "occupation" or e.get("type") == "armed_conflict"
                               and "ceasefire" not in e and "ceasefires" not in e):
        e.pop("mechanisms", None)
    # format 2.1: a size on forces deployed only, what a guarantee covers on a guarantee only
    if kind == "signal" and e.get("type") != "forward_deployment":
        e.pop("size", None)
    if kind == "signal" and e.get("type") != "guarantee":
        e.pop("covers_contested", None)
    if kind == "membership" and e.get("status") != "member":  # an alliance's treaty area: on a membership only
        e.pop("covers_contested", None)
    if kind == "campaign" and e.get("type") != "clashes":  # format 2.1: fatalities tell deadly clashes apart
        e.pop("fatalities", None)
    if e.get("ratified") is not None and e.get("of") is not None and e["ratified"] > e["of"]:
        e["ratified"], e["of"] = e["of"], e["ratified"]
    if "end" in e and "ceasefire" in e and e["end"] < e["ceasefire"]:
        e["end"], e["ceasefire"] = e["ceasefire"], e["end"]
    if "ended" in e and "in_force" in e and e["ended"] < e["in_force"]:
        e["ended"], e["in_force"] = e["in_force"], e["ended"]
    if draw(st.integers(0, 3)) == 0:  # an uncertain date (and severity), holding the event's own
        later = [dt.date.fromisoformat(e[k]) for k in LATER_DATES if k in e]
        u: dict = {"earliest": (date - dt.timedelta(days=draw(st.integers(0, 60)))).isoformat(),
                   "latest": min([date + dt.timedelta(days=draw(st.integers(0, 60))), *later]).isoformat()}
        if "severity" in e:
            u.update(severity_min=draw(st.integers(1, e["severity"])), severity_max=draw(st.integers(e["severity"], 5)))
        e["uncertain"] = u
    return e


@st.composite
def every_construct_profile(draw) -> dict:
    """A profile with one event per value of every enumerated field of every kind (and one of
    each kind without such a field), a few more drawn at random, and the profile-level constructs:
    alliance or none, further adversaries in each role, attributes."""
    wanted = []
    for kind in spec.EVENT.variants:
        enums = _enum_fields(kind)
        wanted += [(kind, {name: v}) for name, values in enums.items() for v in values] or [(kind, {})]
    events = [draw(_event(kind, fixed)) for kind, fixed in wanted]
    extra = draw(st.lists(st.sampled_from(sorted(spec.EVENT.variants)), max_size=6))
    events += [draw(_event(kind, {})) for kind in extra]
    events = draw(st.permutations(events))
    for i, e in enumerate(events):
        if draw(st.booleans()):
            e["id"] = f"e{i}"
    profile = {"id": "genland", "name": draw(st.sampled_from(["Genland", "Gen <land> & \"co\""])),
               "aliases": ["GL"], "alliance": draw(st.sampled_from(["NATO", "none"])), "adversary": "Russia",
               "covers": {"from": GEN_FROM.isoformat(), "to": GEN_TO.isoformat()}, "events": events}
    roles = draw(st.lists(st.sampled_from(spec.ADVERSARY_ROLES), max_size=2))
    if roles:
        profile["adversaries"] = [
            {"name": name, "role": role,
             **({"land_border_km": {"value": draw(st.integers(0, 2000)), "source": GEN_SOURCE}} if draw(st.booleans())
                else {})}
            for name, role in zip(["China", "Belarus"], roles)]
    attributes = {name: {"value": draw(st.integers(0, 3000)), "source": GEN_SOURCE}
                  for name in spec.ATTRIBUTES.fields if draw(st.booleans())}
    if attributes:
        profile["attributes"] = attributes
    return profile


def _cli(*args) -> str:
    result = CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=True)
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise AssertionError(f"{args[0]}: {result.exception!r}\n{result.stderr}") from result.exception
    assert result.exit_code == 0, (args, result.exit_code, result.stdout[-2000:], result.stderr[-2000:])
    assert "Traceback" not in result.stdout + result.stderr
    return result.stdout


@settings(max_examples=5, deadline=None, derandomize=True, database=None, phases=[Phase.generate])
@given(profile=every_construct_profile())
def test_the_generated_profiles_use_every_kind_and_value_of_the_format(profile):
    """The generator's coverage is the format's: every kind, every value of every enumerated field."""
    seen = {(e["kind"], name, e[name]) for e in profile["events"] for name in _enum_fields(e["kind"]) if name in e}
    for kind in spec.EVENT.variants:
        assert any(e["kind"] == kind for e in profile["events"]), kind
        for name, values in _enum_fields(kind).items():
            assert {v for k, n, v in seen if k == kind and n == name} == set(values), (kind, name)
    for want in ("STATUSES", "CONFLICT_TYPES", "POSTURE_TYPES", "AGREEMENT_TYPES", "ARRANGEMENTS", "THREAT_TYPES",
                 "ATTRIBUTIONS", "SIGNAL_TYPES"):
        assert set(getattr(spec, want)) <= {v for _, _, v in seen}, want


@COMMANDS
@given(profile=every_construct_profile())
def test_validate_clean_means_every_command_runs(profile):
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        some = next(e for e in profile["events"] if e["kind"] == "threat")
        some["id"] = "picked"  # the event the scenario removes (by id: several may share date, kind and type)
        pfile = root / "genland.yaml"
        pfile.write_text(yaml.safe_dump(profile, allow_unicode=True, sort_keys=False), encoding="utf-8")
        report = authoring.validate_profiles([pfile])
        errors = [str(p) for p in report.problems if p.severity == "error"]
        assert not errors, errors  # the generator writes valid profiles only
        rules = loader.default_dir("rules")
        data = ["--profiles", pfile, "--rules", rules, "--no-defaults"]
        scenario = root / "scenario.yaml"
        scenario.write_text(yaml.safe_dump({"name": "what if", "changes": [
            {"profile": "genland", "set": {"id": "picked"},  # a set that changes something (one that does not is refused)
             "fields": {"weighs_days": 31 if some.get("weighs_days") == 30 else 30, "attribution": None}},
            {"profile": "genland", "remove": {"id": "picked"}},
            {"profile": "genland", "add": {**{k: v for k, v in some.items() if k not in ("id", "uncertain")},
                                           "date": "2022-02-01", "severity": 5}}],
            "rules": [{"rule": "support-without-obligation", "disable": True}]}, allow_unicode=True), encoding="utf-8")
        outcomes = root / "outcomes.yaml"
        outcomes.write_text(yaml.safe_dump({"outcomes": [{"country": "genland", "date": "2022-02-24", "kind": "attack",
                                                          "summary": "generated", "source": GEN_SOURCE}]}),
                            encoding="utf-8")
        period = ["--from", "2021-06-01", "--to", "2022-06-01"]
        fast = ["--samples", 3, "--jobs", 1]
        for day in ("2022-02-01", "2026-01-01"):  # covered, and outside the record
            assert "Genland" in _cli("assess", "genland", "--date", day, *data).replace("Gen <land>", "Genland")
        _cli("assess", "genland", "--date", "2022-02-01", "--format", "json", *fast, *data)
        _cli("explain", "genland", "--date", "2022-02-01", *data)
        json.loads(_cli("explain", "genland", "--date", "2022-02-01", "--format", "json", *data))
        _cli("timeline", "genland", *period, "--step", "month", "--plot", root / "t.svg", "--scenario", scenario, *data)
        _cli("timeline", "genland", *period, "--step", "month", "--format", "csv", *fast, *data)
        _cli("report", "genland", *period, "--step", "month", "-o", root / "r.html", "--scenario", scenario, *data)
        _cli("report", "genland", *period, "--step", "month", "-o", root / "r.md", *fast, *data)
        _cli("compare", "genland", "--scenario", scenario, *period, "--format", "json", *data)
        _cli("sweep", "genland", "--samples", 2, "--jobs", 1, *period, "--step", "month", *data)
        ranges = root / "uncertainty.yaml"
        ranges.write_text(yaml.safe_dump({"name": "every rule ±25 %, threats ±10 days and one severity step",
                                          "rules": [{"relative": 0.25}],
                                          "events": [{"event": {"kind": "threat"}, "days": 10, "severity": 1}]}),
                          encoding="utf-8")
        _cli("sensitivity", "genland", "--from", "2022-01-01", "--to", "2022-03-01", "--size", 2, "--method", "morris",
             "--jobs", 1, "--uncertainty", ranges, *data)
        _cli("backtest", "--outcomes", outcomes, *data)


def test_a_scenario_may_add_an_event_with_an_uncertain_date(run, write):
    """Found by the property test: a scenario's added event kept its uncertain range's dates as
    text, and the check of the range crashed (TypeError) in every command that reads scenarios."""
    scenario = write("s.yaml", """
        name: an uncertain threat
        changes:
          - profile: finland
            add:
              date: 2022-03-01
              kind: threat
              actor: Russia
              type: military_threat
              severity: 3
              weighs_days: 90
              summary: A threat whose date is uncertain.
              source: {publisher: Test, title: T, date: 2022-03-01}
              uncertain: {earliest: 2022-02-20, latest: 2022-03-10, severity_min: 2, severity_max: 4}
        """)
    out, _ = run("assess", "finland", "--date", "2022-03-05", "--scenario", scenario, "--format", "json")
    assert json.loads(out)
    bad = write("bad.yaml", scenario.read_text(encoding="utf-8").replace("latest: 2022-03-10", "latest: 2022-02-25"))
    _, err = run("assess", "finland", "--date", "2022-03-05", "--scenario", bad, code=2)
    assert "bad.yaml:" in err and "'latest' 2022-02-25 is before the event's date" in err
