"""Show: one rule's YAML as written, its compiled durable-rules pattern, and where it fires on the profiles."""

from __future__ import annotations

import datetime as _dt
import textwrap
from dataclasses import dataclass
from pathlib import Path

from assessor import engine
from assessor.assess import Assessor, dates_between
from assessor.errors import AssessorError, did_you_mean
from assessor.model import Rule, RuleSet


def find_rule(ruleset: RuleSet, rule_id: str) -> Rule:
    """The rule with ``rule_id``, or an error suggesting the closest id (ids are long and hyphenated)."""
    ids = [r.id for r in ruleset.rules]
    off = [k for k, r in enumerate(ruleset.disabled) if r.id == rule_id]
    if rule_id not in ids and off:
        # a rule --scenario switched off: it was 'unknown rule', without a word of the scenario that named it
        where = ruleset.disabled_by[off[-1]] if len(ruleset.disabled_by) == len(ruleset.disabled) else None
        raise AssessorError(f"{where or ruleset.disabled[off[-1]].loc}: rule {rule_id!r} is disabled by this scenario: "
                            "under it the rule never fires; show it without --scenario")
    if rule_id not in ids:
        # `rules show window`: every id that contains it; '' (an unset variable) is in every id, and names none
        part = [i for i in ids if rule_id.lower() in i] if rule_id.strip() else []
        hint = (f"; rules containing {rule_id!r}: {', '.join(part)}" if part else did_you_mean(rule_id, ids))
        raise AssessorError(f"unknown rule {rule_id!r}{hint} (see `assessor rules list`)")
    return ruleset.rule(rule_id)


def rule_source(rule: Rule) -> str:
    """The rule's text as written in its file: from its first key to where the indentation ends; a rule in flow
    style (``- {id: x, when: ..., then: ...}``), from its ``{`` to its ``}``."""
    text = Path(rule.loc.file).read_text(encoding="utf-8")
    lines = text.splitlines()
    if lines[rule.loc.line - 1][rule.loc.col - 1:rule.loc.col] == "{":
        flow = _flow_source(text, lines, rule.loc.line - 1, rule.loc.col - 1)
        if flow is not None:
            return flow
    indent = rule.loc.col - 1
    out = [lines[rule.loc.line - 1]]
    for text in lines[rule.loc.line:]:
        if text.strip() and len(text) - len(text.lstrip(" ")) < indent:
            break
        out.append(text)
    while not out[-1].strip():
        out.pop()
    return textwrap.dedent("\n".join(out)) + "\n"


def _flow_source(text: str, lines: list[str], line: int, col: int) -> str | None:
    """The flow mapping that starts at ``line``/``col`` (0-based), as written: the indentation rule printed the
    whole line of a rule written ``- {id: x, ...}`` (a comment after it, or every rule of a flow list
    ``rules: [{id: a, ...}, {id: b, ...}]``), where `rules show` must show that rule alone.  None when the file
    no longer holds it (changed since it was loaded)."""
    import yaml

    from assessor.yamlsrc import _Loader

    try:
        root = yaml.compose(text, Loader=_Loader)
    except yaml.YAMLError:
        return None
    stack = [root] if root is not None else []
    while stack:
        node = stack.pop()
        if node.start_mark.line == line and node.start_mark.column == col and isinstance(node, yaml.MappingNode):
            end = node.end_mark
            if end.line == line:
                return lines[line][col:end.column] + "\n"
            return "\n".join([lines[line][col:], *lines[line + 1:end.line], lines[end.line][:end.column]]) + "\n"
        if isinstance(node, yaml.MappingNode):
            stack += [v for pair in node.value for v in pair]
        elif isinstance(node, yaml.SequenceNode):
            stack += node.value
    return None


def firing_ranges(assessor: Assessor, rule_id: str, step: str = "day") -> dict[str, list[tuple[_dt.date, _dt.date]]]:
    """Per profile, the runs of sampled dates (over its covered period) on which the rule fires."""
    out = {}
    for pid in sorted(assessor.profiles.profiles):
        p = assessor.profiles.profiles[pid]
        runs: list[list[_dt.date]] = []
        last_fired = False
        try:
            dates = dates_between(p.covers_from, p.covers_to, step)
        except ValueError:  # a record longer than a timeline may be (was a ValueError traceback); show has no range
            # to shorten and, by month, no longer --step (dates_between's own advice named both)
            from assessor.authoring.lint import too_long

            raise AssessorError(too_long(p, step, "the rule is tried on it",
                                         "give a longer --step" if step != "month" else "")) from None
        for point in assessor.timeline(p, dates):
            fired = rule_id in point.fired
            if fired and last_fired:
                runs[-1][1] = point.date
            elif fired:
                runs.append([point.date, point.date])
            last_fired = fired
        out[pid] = [(a, b) for a, b in runs]
    return out


@dataclass
class RuleView:
    rule: Rule
    source: str
    compiled: dict
    fires: dict
    step: str
    notes: tuple[str, ...] = ()  # what the text as written does not say (a scenario's points)


def _points_note(rule: Rule, source: str) -> tuple[str, ...]:
    """A note when the rule's points are not those its text gives (a scenario's ``points``): the text is shown as
    written, and `rules show X --scenario S` showed the file's points without a word of the scenario's."""
    import yaml

    try:
        data = yaml.safe_load(source)
    except yaml.YAMLError:
        return ()
    first = data[0] if isinstance(data, list) and data and isinstance(data[0], dict) else {}
    effect = first.get("effect") if first.get("id") == rule.id else None
    written = effect.get("points") if isinstance(effect, dict) else None
    if isinstance(written, (int, float)) and not isinstance(written, bool) and written != rule.effect.points:
        return (f"under this scenario the rule gives {rule.effect.points:g} points where its text gives {written:g}; "
                "the text is shown as written",)
    return ()


def show_rule(assessor: Assessor, rule_id: str, step: str = "day") -> RuleView:
    """Everything a reviewer asks about one rule: its text, what the engine runs, and when it fires."""
    rule = find_rule(assessor.ruleset, rule_id)
    source = rule_source(rule)
    replaced = (f"this rule replaces the bundled rule of the same id, defined at {rule.replaces}",) if rule.replaces else ()
    return RuleView(rule, source, engine.compile_rule(rule), firing_ranges(assessor, rule_id, step), step,
                    _points_note(rule, source) + replaced)
