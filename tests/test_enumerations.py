"""One source of truth for every enumeration of the format (issue 18, item 1).

`assessor/spec.py` lists what the format allows: membership statuses,
conflict, posture, agreement, threat and signal types, arrangements, event
kinds.  Code that keeps a table keyed by those values (a rank, a chart marker,
a label, the names of an event's fields) either derives it from spec or is
checked here against spec: a value the format allows and a table lacks
crashed every chart of four bundled countries (``KeyError: 'promised'``).
Each test names the table and the values it lacks.
"""

from __future__ import annotations

import pytest

from assessor import derive, events, explain, facts, loader, report, spec
from assessor.render import chart

KINDS = tuple(spec.EVENT.variants)


def _enum(kind: str, field: str) -> tuple:
    return spec.EVENT.variants[kind].fields[field].spec.enum


def test_the_format_s_enumerations_are_the_fields_enums():
    """The named tuples of spec are what the event fields enforce (so tables can be checked against them)."""
    assert _enum("membership", "status") == spec.STATUSES
    assert _enum("conflict", "type") == spec.CONFLICT_TYPES
    assert _enum("posture", "type") == spec.POSTURE_TYPES
    assert _enum("agreement", "type") == spec.AGREEMENT_TYPES
    assert _enum("interim", "arrangement") == spec.ARRANGEMENTS
    assert _enum("threat", "type") == spec.THREAT_TYPES
    assert _enum("threat", "attribution") == spec.ATTRIBUTIONS
    assert _enum("signal", "type") == spec.SIGNAL_TYPES


@pytest.mark.parametrize("name,table,values", [
    ("facts.STATUS_RANK", facts.STATUS_RANK, spec.STATUSES),
    ("facts.AGREEMENT_RANK", facts.AGREEMENT_RANK, spec.AGREEMENT_TYPES),
    ("facts.ARRANGEMENT_RANK", facts.ARRANGEMENT_RANK, spec.ARRANGEMENTS),
    ("explain.MILESTONES", explain.MILESTONES, spec.STATUSES),
    ("explain.POSTURES", explain.POSTURES, spec.POSTURE_TYPES),
    ("report.AGREEMENT_LABELS", report.AGREEMENT_LABELS, spec.AGREEMENT_TYPES),
    ("report.THREAT_LABELS", report.THREAT_LABELS, spec.THREAT_TYPES),
    ("report.THREAT_WORDS", report.THREAT_WORDS, spec.THREAT_TYPES),
], ids=lambda x: x if isinstance(x, str) else "")
def test_every_table_keyed_by_an_enumeration_has_every_value(name, table, values):
    assert set(table) == set(values), f"{name}: lacks {sorted(set(values) - set(table))}, " \
                                      f"has unknown {sorted(set(table) - set(values))}"


def test_every_status_s_marker_is_drawn():
    """A marker explain.key_events can give has a glyph on the chart."""
    given = set(explain.MILESTONES.values()) | set(explain.POSTURES.values()) | {"ratification", "agreement", "threat"}
    assert given <= set(chart.MARKERS), sorted(given - set(chart.MARKERS))
    assert given <= set(report.EVENT_LABELS), sorted(given - set(report.EVENT_LABELS))  # and a label beside it


def test_the_statuses_a_fact_can_take_are_the_format_s():
    assert set(facts.FACTS["status"].values) == set(spec.STATUSES)
    assert set(spec.STEP_BACK_STATUSES) <= set(spec.STATUSES)
    assert set(facts.WINDOW_STATUSES) <= set(spec.STATUSES)


def test_every_field_naming_a_state_is_resolved_through_the_registry():
    """loader.NAME_FIELDS (the field of each kind whose names resolve through the registry) names a
    field of that kind, and every field the format types as a name or list of names is in it (or is
    the kind's second name, events.SECOND_NAME_FIELDS: an adversary pact's partner)."""
    for kind, field in (*loader.NAME_FIELDS.items(), *events.SECOND_NAME_FIELDS.items()):
        assert kind in KINDS and field in spec.EVENT.variants[kind].fields, (kind, field)
    for kind, obj in spec.EVENT.variants.items():
        for field, f in obj.fields.items():
            s = f.spec
            names = s is spec.NAME or s is spec.PARTY or (isinstance(s, spec.List) and s.item is spec.NAME)
            if names:
                assert field in (loader.NAME_FIELDS.get(kind), events.SECOND_NAME_FIELDS.get(kind)), \
                    f"{kind}.{field} is a name but not in loader.NAME_FIELDS (or events.SECOND_NAME_FIELDS)"


def test_every_event_kind_feeds_a_part_of_the_derived_facts():
    """derive.PARTS says which kinds each part of the static facts reads; a Monte Carlo sample that
    changed a kind no part lists would reuse stale facts, silently."""
    read = {k.partition(":")[0] for kinds in derive.PARTS.values() for k in kinds}
    assert set(KINDS) <= read, sorted(set(KINDS) - read)
    assert read <= set(KINDS), sorted(read - set(KINDS))


def test_the_record_factors_name_event_kinds():
    assert {kind for kind, _ in facts.RECORD_FACTORS.values()} <= set(KINDS)

