"""The one description of what rule files and profiles may contain.

Written once, used twice: :func:`check` validates parsed YAML against it with
a message and a line for each problem (and a did-you-mean for misspelled
fields), and :func:`json_schema` turns it into the JSON Schemas we ship for
editors.  We do not run a JSON Schema library on the main path: importing one
costs more than a whole daily timeline, and its messages cannot point at a
line.  The test suite cross-checks the shipped schemas with ``jsonschema``.
"""

from __future__ import annotations

import datetime as _dt
import re
from typing import Any

from assessor.errors import Problem, did_you_mean
from assessor.yamlsrc import Document


def _type_name(value: Any) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, str):
        return "text"
    if isinstance(value, list):
        return "a list"
    return "a mapping"


class Spec:
    description = ""

    def check(self, doc: Document, value: Any, path: tuple, out: list[Problem]) -> None:
        raise NotImplementedError

    def schema(self) -> dict:
        raise NotImplementedError

    def _wrong(self, doc, value, path, out, expected: str) -> None:
        word = getattr(doc, "words", {}).get(tuple(path)) if isinstance(value, bool) else None
        hint = f" (YAML 1.1 reads {word} as {str(value).lower()}: quote it, \"{word}\", if it is text)" if word else ""
        out.append(doc.problem(path, f"{_where(path)}expected {expected}, got {_type_name(value)}{hint}", "wrong-type"))


def _article(noun: str) -> str:
    return ("an " if noun[:1] in "aeiou" else "a ") + noun


def _where(path: tuple) -> str:
    key = _key(path)
    return f"'{key}': " if key else ""


def _key(path: tuple) -> str:
    """The name of the field at ``path`` (the last key, list positions aside), or ''."""
    names = [str(p) for p in path if isinstance(p, str)]
    return names[-1] if names else ""


# Fields of free text: shown wrapped to the page, so a line break in them is only a space.  Every other
# text (a name, an alias, a title, a publisher, an id, a level) is shown on one line of a table or a
# heading, where a line break would start a line of its own that reads as the program's (a second
# country, a forged score): refused where it stands.
FREE_TEXT = ("summary", "note", "description", "references")
LINE_BREAKS = re.compile("[\n\r\x0b\x0c\x1c-\x1e\x85\u2028\u2029]")


class Str(Spec):
    def __init__(self, enum: tuple | None = None, pattern: str | None = None, description: str = ""):
        self.enum = enum
        self.pattern = pattern
        self.description = description

    def check(self, doc, value, path, out):
        if not isinstance(value, str):
            return self._wrong(doc, value, path, out, "one of " + ", ".join(self.enum) if self.enum else "text")
        if not value.strip():
            out.append(doc.problem(path, f"{_where(path)}must not be empty", "wrong-type"))
        elif LINE_BREAKS.search(value) and _key(path) not in FREE_TEXT:
            out.append(doc.problem(path, f"{_where(path)}{value!r} holds a line break: this text is shown on one "
                                         "line (quote it on one line)", "bad-value"))
        elif self.enum and value not in self.enum:
            did = did_you_mean(value, self.enum, parens=True)
            out.append(doc.problem(path, f"{_where(path)}{value!r} is not one of: {', '.join(self.enum)}{did}", "bad-value"))
        elif self.pattern and not re.fullmatch(self.pattern, value):
            out.append(doc.problem(path, f"{_where(path)}{value!r} does not match {self.pattern}", "bad-value"))

    def schema(self):
        s: dict = {"type": "string", "minLength": 1}
        if self.enum:
            s["enum"] = list(self.enum)
        if self.pattern:
            s["pattern"] = f"^(?:{self.pattern})$"
        if self.description:
            s["description"] = self.description
        return s


# Every number a rule file, profile or rule test may hold lies within ±LIMIT:
# far beyond any real score, points, cap, border or count, and small enough
# that no sum or product of them overflows a float or loses its meaning.
LIMIT = 1_000_000_000


def _num(x) -> str:
    """A number as a message shows it: a huge one in exponent form, never thousands of digits."""
    return f"{x:g}" if abs(x) >= 1e15 else str(x)


class Num(Spec):
    def __init__(self, minimum: float | None = None, maximum: float | None = None, integer: bool = False, description: str = "",
                 exclusive: bool = False):
        self.minimum = -LIMIT if minimum is None else minimum
        self.maximum = LIMIT if maximum is None else maximum
        self.integer = integer
        self.description = description
        self.exclusive = exclusive  # both bounds excluded (a rate strictly between 0 and 1)

    def check(self, doc, value, path, out):
        ok = isinstance(value, int) if self.integer else isinstance(value, (int, float))
        if isinstance(value, bool) or not ok:
            expected = "a whole number" if self.integer else "a number"
            if isinstance(value, str) and re.fullmatch(r"[-+]?\d+(\.\d*)?[eE][-+]?\d+", value.strip()):
                expected += f" (YAML reads {value.strip()} as text: write it with a point and a sign, e.g. 1.0e+3)"
            return self._wrong(doc, value, path, out, expected)
        if self.exclusive and not self.minimum < value < self.maximum:
            out.append(doc.problem(path, f"{_where(path)}{_num(value)} must lie strictly between {_num(self.minimum)} and "
                                         f"{_num(self.maximum)}", "bad-value"))
            return
        if self.minimum is not None and value < self.minimum:
            out.append(doc.problem(path, f"{_where(path)}{_num(value)} is below the minimum {_num(self.minimum)}", "bad-value"))
        if self.maximum is not None and value > self.maximum:
            out.append(doc.problem(path, f"{_where(path)}{_num(value)} is above the maximum {_num(self.maximum)}", "bad-value"))

    def schema(self):
        s: dict = {"type": "integer" if self.integer else "number"}
        if self.minimum is not None:
            s["exclusiveMinimum" if self.exclusive else "minimum"] = self.minimum
        if self.maximum is not None:
            s["exclusiveMaximum" if self.exclusive else "maximum"] = self.maximum
        if self.description:
            s["description"] = self.description
        return s


class Date(Spec):
    def __init__(self, description: str = ""):
        self.description = description

    def check(self, doc, value, path, out):
        if not isinstance(value, str):
            return self._wrong(doc, value, path, out, "a date (YYYY-MM-DD)")
        try:
            if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
                raise ValueError
            _dt.date.fromisoformat(value)
        except ValueError:
            out.append(doc.problem(path, f"{_where(path)}{value!r} is not a real date (YYYY-MM-DD)", "bad-date"))

    def schema(self):
        s = {"type": "string", "format": "date", "pattern": r"^\d{4}-\d{2}-\d{2}$"}
        if self.description:
            s["description"] = self.description
        return s


class Bool(Spec):
    def __init__(self, description: str = ""):
        self.description = description

    def check(self, doc, value, path, out):
        if not isinstance(value, bool):
            self._wrong(doc, value, path, out, "true or false")

    def schema(self):
        return {"type": "boolean", **({"description": self.description} if self.description else {})}


class Scalar(Spec):
    """Text, number or true/false: the value side of a comparison."""

    def __init__(self, description: str = ""):
        self.description = description

    def check(self, doc, value, path, out):
        if value is None or isinstance(value, (dict, list)):
            self._wrong(doc, value, path, out, "text, a number or true/false")
        elif isinstance(value, (int, float)) and not isinstance(value, bool) and not -LIMIT <= value <= LIMIT:
            out.append(doc.problem(path, f"{_where(path)}{_num(value)} lies outside -{LIMIT:,}..{LIMIT:,}", "bad-value"))

    def schema(self):
        return {"type": ["string", "number", "boolean"], **_SCALAR_RANGE}


_SCALAR_RANGE = {"minimum": -LIMIT, "maximum": LIMIT}  # numeric keywords: ignored for text and true/false


class List(Spec):
    def __init__(self, item: Spec, min_items: int = 0, description: str = ""):
        self.item = item
        self.min_items = min_items
        self.description = description

    def check(self, doc, value, path, out):
        if not isinstance(value, list):
            return self._wrong(doc, value, path, out, "a list")
        if len(value) < self.min_items:
            out.append(doc.problem(path, f"{_where(path)}list must have at least {self.min_items} item(s)", "empty-list"))
        for i, v in enumerate(value):
            self.item.check(doc, v, path + (i,), out)

    def schema(self):
        s: dict = {"type": "array", "items": self.item.schema()}
        if self.min_items:
            s["minItems"] = self.min_items
        if self.description:
            s["description"] = self.description
        return s


class Either(Spec):
    """One of several specs, told apart by the value's YAML type (text, list or mapping)."""

    _TYPES = {"Str": str, "Date": str, "List": list, "Obj": dict, "Map": dict}

    def __init__(self, options: list, expected: str, description: str = ""):
        self.options = options
        self.expected = expected
        self.description = description

    def check(self, doc, value, path, out):
        for option in self.options:
            if isinstance(value, self._TYPES[type(option).__name__]):
                return option.check(doc, value, path, out)
        self._wrong(doc, value, path, out, self.expected)

    def schema(self):
        s: dict = {"oneOf": [o.schema() for o in self.options]}
        if self.description:
            s["description"] = self.description
        return s


class Map(Spec):
    """A mapping from free keys (matching ``key_pattern``) to values of one spec."""

    def __init__(self, value: Spec, key_pattern: str, name: str = "mapping", description: str = ""):
        self.value = value
        self.key_pattern = key_pattern
        self.name = name
        self.description = description

    def check(self, doc, value, path, out):
        if not isinstance(value, dict):
            return self._wrong(doc, value, path, out, _article(self.name))
        for key, v in value.items():
            if not re.fullmatch(self.key_pattern, key):
                out.append(doc.problem(path + (key,), f"key {key!r} in {self.name} does not match {self.key_pattern}",
                                       "bad-value", key=True))
            self.value.check(doc, v, path + (key,), out)

    def schema(self):
        s: dict = {
            "type": "object",
            "propertyNames": {"pattern": f"^(?:{self.key_pattern})$"},
            "additionalProperties": self.value.schema(),
        }
        if self.description:
            s["description"] = self.description
        return s


class Field:
    def __init__(self, spec: Spec, required: bool = False, missing_code: str = "missing-field"):
        self.spec = spec
        self.required = required
        self.missing_code = missing_code


class Obj(Spec):
    def __init__(self, fields: dict, description: str = "", name: str = "mapping"):
        self.fields = fields
        self.description = description
        self.name = name

    def check(self, doc, value, path, out):
        if not isinstance(value, dict):
            return self._wrong(doc, value, path, out, _article(self.name))
        for key in value:
            if key not in self.fields:
                did = did_you_mean(key, self.fields) or f"; allowed: {', '.join(self.fields)}"
                out.append(doc.problem(path + (key,), f"unknown field {key!r} in {self.name}{did}", "unknown-field", key=True))
        for key, f in self.fields.items():
            if key in value:
                f.spec.check(doc, value[key], path + (key,), out)
            elif f.required:
                out.append(doc.problem(path, f"{self.name} is missing required field {key!r}", f.missing_code))

    def schema(self):
        s: dict = {
            "type": "object",
            "properties": {k: f.spec.schema() for k, f in self.fields.items()},
            "additionalProperties": False,
        }
        req = [k for k, f in self.fields.items() if f.required]
        if req:
            s["required"] = req
        if self.description:
            s["description"] = self.description
        return s


class Union(Spec):
    """Mappings told apart by one field (``kind`` for profile events)."""

    def __init__(self, key: str, variants: dict, name: str = "mapping", description: str = ""):
        self.key = key
        self.variants = variants
        self.name = name
        self.description = description

    def check(self, doc, value, path, out):
        if not isinstance(value, dict):
            return self._wrong(doc, value, path, out, _article(self.name))
        kind = value.get(self.key)
        if kind is None:
            out.append(doc.problem(path, f"{self.name} is missing required field {self.key!r}", "missing-field"))
            return
        Str(enum=tuple(self.variants)).check(doc, kind, path + (self.key,), out)
        if isinstance(kind, str) and kind in self.variants:
            self.variants[kind].check(doc, value, path, out)

    def schema(self):
        return {
            "type": "object",
            "required": [self.key],
            "properties": {self.key: {"enum": list(self.variants)}},
            "allOf": [
                {"if": {"properties": {self.key: {"const": k}}}, "then": v.schema()}
                for k, v in self.variants.items()
            ],
            **({"description": self.description} if self.description else {}),
        }


OPERATORS = ("eq", "ne", "lt", "lte", "gt", "gte", "in", "present")
# What people type from other languages, mapped to our operator names.
OPERATOR_SYNONYMS = {
    "equals": "eq", "equal": "eq", "is": "eq", "==": "eq", "=": "eq", "$eq": "eq",
    "neq": "ne", "not_eq": "ne", "!=": "ne", "$ne": "ne", "$neq": "ne",
    "<": "lt", "$lt": "lt", "<=": "lte", "le": "lte", "$lte": "lte",
    ">": "gt", "$gt": "gt", ">=": "gte", "ge": "gte", "$gte": "gte",
    "exists": "present", "$ex": "present", "one_of": "in", "$in": "in",
}


class Condition(Spec):
    """``all``/``any``/``not`` over comparisons ``{fact: NAME, OP: VALUE}``."""

    def __init__(self, description: str = "A condition over derived facts."):
        self.description = description

    def check(self, doc, value, path, out):
        if not isinstance(value, dict):
            return self._wrong(doc, value, path, out, "a condition (all/any/not, or fact with an operator)")
        logical = [k for k in ("all", "any", "not") if k in value]
        if logical:
            if len(value) != 1:
                extra = [k for k in value if k != logical[0]]
                out.append(doc.problem(path + (extra[0],), f"{logical[0]!r} must stand alone in its mapping; found also "
                                                           f"{extra[0]!r}", "unknown-field", key=True))
                return
            key = logical[0]
            if key == "not":
                self.check(doc, value[key], path + (key,), out)
            else:
                List(self, min_items=1).check(doc, value[key], path + (key,), out)
            return
        if "fact" not in value:
            did = did_you_mean(next(iter(value), ""), ["all", "any", "not", "fact"])
            out.append(doc.problem(path, f"condition needs 'all', 'any', 'not' or 'fact'{did}", "missing-field"))
            return
        Str().check(doc, value["fact"], path + ("fact",), out)
        ops = [k for k in value if k != "fact"]
        for k in ops:
            if k not in OPERATORS:
                did = (f"; did you mean {OPERATOR_SYNONYMS[k]!r}?" if k in OPERATOR_SYNONYMS else did_you_mean(k, OPERATORS)) \
                    or f"; operators: {', '.join(OPERATORS)}"
                out.append(doc.problem(path + (k,), f"unknown operator {k!r}{did}", "unknown-field", key=True))
        known = [k for k in ops if k in OPERATORS]
        if len(known) != 1:
            if not any(k not in OPERATORS for k in ops):
                out.append(doc.problem(path, "a comparison needs exactly one operator: " + ", ".join(OPERATORS), "missing-field"))
            return
        op = known[0]
        v = value[op]
        if op == "in":
            List(Scalar(), min_items=1).check(doc, v, path + (op,), out)
        elif op == "present":
            if not isinstance(v, bool):
                self._wrong(doc, v, path + (op,), out, "true or false")
        else:
            Scalar().check(doc, v, path + (op,), out)

    def schema(self):
        return {"$ref": "#/$defs/condition"}

    def definition(self) -> dict:
        cmp_props: dict[str, dict] = {
            "fact": {"type": "string", "description": "Name of a derived fact (see `assessor rules facts`)."}}
        for op in OPERATORS:
            cmp_props[op] = {"type": "boolean"} if op == "present" else (
                {"type": "array", "minItems": 1, "items": {"type": ["string", "number", "boolean"], **_SCALAR_RANGE}}
                if op == "in" else {"type": ["string", "number", "boolean"], **_SCALAR_RANGE})
        return {
            "description": self.description,
            "oneOf": [
                {"type": "object",
                 "properties": {"all": {"type": "array", "minItems": 1, "items": {"$ref": "#/$defs/condition"}}},
                 "required": ["all"], "additionalProperties": False},
                {"type": "object",
                 "properties": {"any": {"type": "array", "minItems": 1, "items": {"$ref": "#/$defs/condition"}}},
                 "required": ["any"], "additionalProperties": False},
                {"type": "object", "properties": {"not": {"$ref": "#/$defs/condition"}}, "required": ["not"],
                 "additionalProperties": False},
                {"type": "object", "properties": cmp_props, "required": ["fact"], "additionalProperties": False,
                 "minProperties": 2, "maxProperties": 2},
            ],
        }


# --------------------------------------------------------------------------- sources and profiles

# "dataset": a row of a systematic event dataset (ACLED, UCDP GED, GDELT) accepted by `assessor import review`.
SOURCE_KINDS = ("official", "original", "syndicated", "analysis", "encyclopaedia", "dataset")
# A source address: http or https, no spaces, quotes, angle brackets, back ticks or backslashes (profile and
# outcome sources alike).
URL_PATTERN = r"https?://[^\s<>\"'`\\]+"

SOURCE = Obj(
    {
        "publisher": Field(Str(description="Who published it (e.g. NATO, Reuters)."), True),
        "title": Field(Str(description="Title of the page or article."), True),
        "date": Field(Date(description="Publication date."), True),
        "url": Field(Str(pattern=URL_PATTERN, description="Address (http or https), where known; no spaces, "
                                                                         "quotes, angle brackets, back ticks or backslashes "
                                                                         "(percent-encode them).")),
        "kind": Field(Str(enum=SOURCE_KINDS, description="What the source is: official (a government, alliance or treaty text), "
                                                         "original (the outlet that reported it first), syndicated (a copy of "
                                                         "another outlet's story), analysis (think tank, research), "
                                                         "encyclopaedia, dataset (a row of an event dataset, with "
                                                         "'dataset', 'version' and 'row').")),
        "original": Field(Str(description="For a syndicated copy: who published the original report "
                                          "(e.g. Reuters), or 'unknown'.")),
        "dataset": Field(Str(description="For kind: dataset: the dataset's name (e.g. ACLED, UCDP GED, GDELT 2.0).")),
        "version": Field(Str(description="For kind: dataset: the dataset's version or export date.")),
        "row": Field(Str(description="For kind: dataset: the row's id in the dataset (e.g. ACLED event_id_cnty).")),
    },
    name="source",
    description="Where a fact comes from.",
)

# Along the track to an alliance's guarantee.  "none" and "neutral" are where a
# state stands outside it (a withdrawal; a neutrality or non-bloc law): status
# may step back only to these.
STATUSES = ("none", "neutral", "partner", "aspirant", "promised", "applicant", "invited", "ratifying", "member")
STEP_BACK_STATUSES = ("none", "neutral")
CONFLICT_TYPES = ("armed_conflict", "occupation", "frozen_conflict")
POSTURE_TYPES = ("buildup", "exercise")
ADVERSARY_ROLES = ("adversary", "ally")
AGREEMENT_TYPES = (
    "statement_of_intent",
    "political_declaration",
    "defence_cooperation_agreement",
    "mutual_assistance_clause",
    "mutual_defence_treaty",
)
ARRANGEMENTS = ("statement_of_support", "security_assurance", "military_presence")
THREAT_TYPES = (
    "statement",
    "military_threat",
    "airspace_violation",
    "energy_cutoff",
    "border_pressure",
    "sabotage",
    "cyber_attack",
    "military_posture",
    "regional_war",
    "attack",
    "trade_embargo",
    "blockade",
    "election_interference",
    "instrumentalised_migration",
    "electronic_interference",
)
ATTRIBUTIONS = ("established", "unproven")
SIGNAL_TYPES = ("forward_deployment", "reaffirmation", "exercise", "doubt", "failure",
                # format 2.1 (protection and signals): a unilateral guarantee, and what a protector
                # does that any partner reads, with or without a treaty.
                "guarantee", "withdrawal", "exclusion", "aid_refused", "aid_granted", "intervention")
# Format 2.1 (legacies and peace): what keeps a ceasefire (Fortna 2004), campaigns of clashes or
# coercion that last months, and peace with a former adversary, weakest first (a political
# declaration, a pact not to attack, a treaty settling the conflict).  Peace is its own event kind,
# outside AGREEMENT_TYPES: it protects nothing, and the agreement ranks rules compare stay as they are.
CEASEFIRE_MECHANISMS = ("peacekeepers", "monitors", "buffer_zone", "demilitarised_zone")
CAMPAIGN_TYPES = ("clashes", "coercion")
PEACE_TYPES = ("peace_declaration", "non_aggression_pact", "peace_treaty")
# format 2.1 (warning): a pact between a hostile state and a third power, and the defender's mobilisation
PACT_TYPES = ("non_aggression", "neutrality", "alliance")
MOBILISATION_SCALES = ("partial", "general")


UNCERTAIN_EVENT = Obj(
    {
        "earliest": Field(Date(description="The earliest the event can have happened (with --samples and sensitivity).")),
        "latest": Field(Date(description="The latest it can have happened.")),
        "severity_min": Field(Num(minimum=1, maximum=5, integer=True, description="The lowest severity it can be judged.")),
        "severity_max": Field(Num(minimum=1, maximum=5, integer=True, description="The highest severity it can be judged.")),
        "note": Field(Str(description="Why the date or severity is uncertain.")),
    },
    name="uncertainty",
    description="What the record does not settle: a range of dates around 'date' and of severities around 'severity'. "
                "Deterministic runs use 'date' and 'severity'; --samples and `assessor sensitivity` draw from the ranges.",
)


MECHANISM = Either(
    [Str(enum=CEASEFIRE_MECHANISMS),
     Obj({"type": Field(Str(enum=CEASEFIRE_MECHANISMS), True),
          "from": Field(Date(description="When it began, if later than the ceasefire.")),
          "end": Field(Date(description="Its last day (peacekeepers withdrawn, a mission ended), if a source says so.")),
          "summary": Field(Str(description="One factual sentence.")),
          "source": Field(SOURCE),
          "note": Field(Str(description="Free-text remark."))}, name="mechanism")],
    "a mechanism name or a mapping with 'type'",
    description="A mechanism by its name, or a mapping {type, from, end, source, note} when it began later or ended.")
MECHANISMS = List(MECHANISM, min_items=1, description=(
    "Format 2.1: what keeps the ceasefire (Fortna 2004): peacekeepers, monitors, buffer_zone, demilitarised_zone. "
    "On a conflict: for its ceasefire(s) and, on a frozen conflict, for as long as it lasts."))
CEASEFIRE = Obj(
    {
        "date": Field(Date(description="When the ceasefire took effect (the fighting still counts that day)."), True),
        "broken": Field(Date(description="When fighting resumed (a use of force by the conflict's actor); omit while "
                                         "it holds.")),
        "mechanisms": Field(MECHANISMS),
        "summary": Field(Str(description="One factual sentence.")),
        "source": Field(SOURCE),
        "note": Field(Str(description="Free-text remark.")),
    },
    name="ceasefire",
    description="One ceasefire of an armed conflict.",
)


def _event(extra: dict[str, Field], description: str) -> Obj:
    common = {
        "date": Field(Date(description="When it happened (for agreements: signed; for interim arrangements: start)."), True),
        "kind": Field(Str(description="Event kind.")),
        "summary": Field(Str(description="One factual sentence."), True),
        "source": Field(SOURCE, True, missing_code="missing-source"),
        "note": Field(Str(description="Free-text remark (not shown in scores).")),
        "id": Field(Str(pattern=r"[a-z0-9][a-z0-9_.-]*", description="A stable id, for scenarios to refer to the event.")),
        "uncertain": Field(UNCERTAIN_EVENT),
        "public": Field(Bool(description="false: the fact was not public at the time (e.g. learnt from archives "
                                         "later); default true. A backtest never lets such an event feed a score.")),
    }
    return Obj({**common, **extra}, name="event", description=description)


NAME = Str(description="A state or organisation, by its name, an alias or ISO code (see `assessor/data/states.yaml`).")
PARTY = Either(
    [NAME, List(NAME, min_items=1)],
    "a name or a list of names",
    description="A state or organisation (e.g. United States), or a list of them (e.g. [Denmark, Norway, Iceland]); "
                "each resolves through the registry of states and organisations.",
)
EVENT = Union(
    "kind",
    {
        "membership": _event(
            {
                "status": Field(Str(enum=STATUSES, description="New membership status: none, neutral (a neutrality or non-bloc "
                                                               "law), partner, aspirant (a declared goal or action plan, no "
                                                               "application), promised (membership promised with no path or "
                                                               "date), applicant, invited, ratifying, member."), True),
                "ratified": Field(Num(minimum=0, integer=True, description="Members that have ratified so far.")),
                "of": Field(Num(minimum=1, integer=True, description="Members whose ratification is needed.")),
                "covers_contested": Field(Bool(description="status member: false when the alliance's treaty area "
                                                           "leaves out the territory in dispute (e.g. the North Atlantic "
                                                           "Treaty's article 6, north of the Tropic of Cancer; format 2.1); "
                                                           "default true.")),
            },
            "A change of alliance membership status.",
        ),
        "ratification": _event(
            {
                "ratified": Field(Num(minimum=0, integer=True, description="Members that have ratified, cumulative."), True),
                "of": Field(Num(minimum=1, integer=True, description="Members whose ratification is needed."), True),
                "by": Field(List(NAME, description="Who ratified at this step.")),
            },
            "A ratification milestone while the accession is being ratified.",
        ),
        "agreement": _event(
            {
                "party": Field(PARTY, True),
                "type": Field(Str(enum=AGREEMENT_TYPES, description="Kind of agreement, weakest first."), True),
                "in_force": Field(Date(description="When it took effect, if later than signature.")),
                "ended": Field(Date(description="When it ended.")),
                "pending": Field(Bool(description="Signed, but its entry into force is not recorded: not counted until "
                                                  "'in_force' is given.")),
                "covers_contested": Field(Bool(description="false: the guarantee does not extend to the territory in "
                                                           "dispute (format 2.1); default true.")),
            },
            "A bilateral or multilateral security agreement.",
        ),
        "interim": _event(
            {
                "provider": Field(PARTY, True),
                "arrangement": Field(Str(enum=ARRANGEMENTS, description="Kind of interim arrangement."), True),
                "end": Field(Date(description="When it ended, if a source says so.")),
            },
            "An assurance that bridges the wait for membership.",
        ),
        "threat": _event(
            {
                "actor": Field(Str(description="Who threatened or acted: a state or organisation of the registry."), True),
                "type": Field(Str(enum=THREAT_TYPES, description="Kind of threat or coercive act."), True),
                "severity": Field(Num(minimum=1, maximum=5, integer=True, description="1 rhetoric … 5 use of force."), True),
                "weighs_days": Field(Num(minimum=1, maximum=3650, integer=True, description="Days until it has faded "
                                                                                            "completely."), True),
                "attribution": Field(Str(enum=ATTRIBUTIONS, description="established (default): the actor is known to be behind "
                                                                        "it; unproven: an incident whose author is suspected or "
                                                                        "unknown. Unproven incidents are recorded and shown but "
                                                                        "do not count as the actor's threats.")),
            },
            "An adversary threat or coercive act.",
        ),
        "signal": _event(
            {
                "by": Field(PARTY, True),
                "type": Field(Str(enum=SIGNAL_TYPES, description="forward_deployment (allied forces stationed or rotating on the "
                                                                 "country's territory or airspace), reaffirmation (a guarantor "
                                                                 "restates its commitment), exercise (an allied exercise on or "
                                                                 "near the territory), doubt (a guarantor's leaders publicly "
                                                                 "cast doubt on the commitment), failure (a guarantor failed to "
                                                                 "honour a commitment); format 2.1: guarantee (a "
                                                                 "unilateral guarantee outside any alliance track), "
                                                                 "withdrawal (a protector withdraws its forces), exclusion (a "
                                                                 "protector publicly leaves the country outside its defence "
                                                                 "perimeter), aid_refused / aid_granted (a request for help "
                                                                 "refused or granted), intervention (a third power enters the "
                                                                 "war on the country's side)."), True),
                "end": Field(Date(description="When it ended (deployments, guarantees, exclusions, interventions), if a "
                                              "source says so.")),
                "size": Field(Num(minimum=0, maximum=10_000_000, description="forward_deployment: troops deployed, where a "
                                                                             "source gives a number (format 2.1).")),
                "covers_contested": Field(Bool(description="guarantee: false when it does not extend to the territory in "
                                                           "dispute (format 2.1); default true.")),
            },
            "A dated signal of a guarantor's credibility or a protector's act: forces deployed forward, reaffirmations, "
            "exercises, public doubt, a failure to honour a commitment; a unilateral guarantee, a withdrawal, a public "
            "exclusion, aid refused or granted, an intervention on the country's side.",
        ),
        "conflict": _event(
            {
                "actor": Field(NAME, True),
                "type": Field(Str(enum=CONFLICT_TYPES, description="armed_conflict (fighting), occupation (adversary forces hold "
                                                                   "part of the territory without consent), frozen_conflict (no "
                                                                   "fighting and no settlement)."), True),
                "ceasefire": Field(Date(description="Armed conflicts: when a ceasefire stopped the fighting (the conflict goes "
                                                    "on weighing, less).")),
                "end": Field(Date(description="When the conflict or occupation ended; omit while it lasts.")),
                "ceasefires": Field(List(CEASEFIRE, min_items=1, description=(
                    "Armed conflicts (format 2.1): several ceasefires, in date order, each under a ceasefire from its "
                    "day until it is broken; instead of 'ceasefire' (one date), never with it."))),
                "mechanisms": Field(MECHANISMS),
            },
            "A conflict with an adversary that weighs while it lasts (date = start).",
        ),
        "posture": _event(
            {
                "actor": Field(NAME, True),
                "type": Field(Str(enum=POSTURE_TYPES, description="buildup (forces massed near the border), exercise (a large "
                                                                  "exercise around or near the country)."), True),
                "size": Field(Num(minimum=0, maximum=10_000_000, description="Estimated troops, where a source gives a number.")),
                "end": Field(Date(description="Withdrawal or end; without it the posture weighs 90 days.")),
                "confirmed": Field(Bool(description="Format 2.1: false for a build-up or exercise reported but not "
                                                    "confirmed (one unverified report, a claim the sources doubt); "
                                                    "default true. Unconfirmed ones count in unconfirmed_buildups "
                                                    "and unconfirmed_forces_k only.")),
            },
            "Adversary forces massed or exercising near the country: a leading indicator while it lasts (date = start).",
        ),
        "ultimatum": _event(
            {
                "actor": Field(NAME, True),
                "deadline": Field(Date(description="The deadline the demands set, if any.")),
                "end": Field(Date(description="When it was withdrawn, met or overtaken; without it it weighs 180 days.")),
            },
            "Demands backed by a threat of force: a leading indicator while they stand.",
        ),
        "campaign": _event(
            {
                "actor": Field(NAME, True),
                "type": Field(Str(enum=CAMPAIGN_TYPES, description="clashes (repeated armed clashes along a border or "
                                                                   "line of contact), coercion (repeated coercive acts "
                                                                   "short of force: harassment, blockade attempts, "
                                                                   "pressure at sea or in the air)."), True),
                "severity": Field(Num(minimum=1, maximum=5, integer=True, description="1 rhetoric … 5 use of force (the "
                                                                                      "threat severity scale)."), True),
                "fatalities": Field(Bool(description="Clashes only: true if people were killed (a use of force, MID "
                                                     "hostility level 4).")),
                "end": Field(Date(description="When the campaign ended, if a source says so; omit while it lasts.")),
            },
            "Format 2.1: a campaign of clashes or coercion by a hostile state lasting weeks or months (date = start), "
            "active until its end.",
        ),
        "peace": _event(
            {
                "party": Field(PARTY, True),
                "type": Field(Str(enum=PEACE_TYPES, description="peace_declaration (a signed political declaration "
                                                                "ending hostilities or committing to peace), "
                                                                "non_aggression_pact (a pact not to attack), "
                                                                "peace_treaty (a treaty settling the conflict); "
                                                                "weakest first."), True),
                "in_force": Field(Date(description="When it took effect, if later than signature.")),
                "ended": Field(Date(description="When it was renounced or lapsed.")),
                "pending": Field(Bool(description="Signed or initialled, its entry into force not recorded: not "
                                                  "counted until 'in_force' is given.")),
            },
            "Format 2.1: a peace declaration, non-aggression pact or peace treaty with a (former) adversary (date = "
            "signed). It counts while in force and until one of its parties uses force against the country.",
        ),
        "dispute": _event(
            {
                "actor": Field(NAME, True),
                "territory": Field(Str(description="What is disputed (an island group, a shoal, a region)."), True),
                "end": Field(Date(description="When the dispute was settled; omit while it lasts.")),
            },
            "A territorial dispute with a hostile state: the adversary claims territory the country holds or "
            "claims (date = when the dispute is first dated in the record).",
        ),
        # format 2.1 (warning)
        "adversary_pact": _event(
            {
                "actor": Field(NAME, True),
                "partner": Field(NAME, True),
                "type": Field(Str(enum=PACT_TYPES, description="non_aggression (a non-aggression pact), neutrality (a "
                                                               "neutrality pact), alliance (an alliance or a pact of "
                                                               "mutual assistance)."), True),
                "end": Field(Date(description="The first day it no longer held (denounced, broken, expired); omit "
                                              "while it holds.")),
            },
            "Format 2.1: a pact between a hostile state (actor) and a third power (partner) that makes the hostile "
            "state's other front safe (date = when it was concluded), e.g. the Molotov–Ribbentrop pact of 1939-08-23.",
        ),
        "mobilisation": _event(
            {
                "scale": Field(Str(enum=MOBILISATION_SCALES, description="partial (reservists of some units or "
                                                                         "regions called up), general (the whole "
                                                                         "reserve)."), True),
                "end": Field(Date(description="The last day of the mobilisation (demobilisation); omit while it "
                                              "lasts.")),
            },
            "Format 2.1: the defender's own mobilisation (date = the order's first day).",
        ),
    },
    name="event",
    description="A dated, sourced event.",
)

ATTRIBUTE = Obj(
    {
        "value": Field(Scalar(description="The attribute's value."), True),
        "source": Field(SOURCE, True, missing_code="missing-source"),
        "note": Field(Str()),
    },
    name="attribute",
)

ATTRIBUTES = Obj(
    {"land_border_km": Field(ATTRIBUTE),
     "sea_distance_km": Field(ATTRIBUTE),
     # format 2.1: a territory defended by its own sovereign far away (West Berlin, the Falklands)
     "defender_distance_km": Field(ATTRIBUTE)},
    name="attributes",
    description="Static attributes, each with its source.",
)

PROFILE = Obj(
    {
        "id": Field(Str(pattern=r"[a-z][a-z0-9_-]*", description="Lower-case identifier."), True),
        "name": Field(Str(description="Country name."), True),
        "aliases": Field(List(Str(), description="Other names, ISO 3166 codes.")),
        "alliance": Field(Str(description="The alliance whose membership is tracked (an organisation of the registry), or "
                                          "'none'."), True),
        "adversary": Field(Str(description="The primary adversary: a state of the registry."), True),
        "adversaries": Field(List(Obj(
            {
                "name": Field(NAME, True),
                "role": Field(Str(enum=ADVERSARY_ROLES, description="adversary (a second adversary) or ally (an ally of the "
                                                                    "adversary); default adversary.")),
                "land_border_km": Field(Obj({"value": Field(Num(minimum=0, maximum=100_000), True),
                                             "source": Field(SOURCE, True, missing_code="missing-source"),
                                             "note": Field(Str())}, name="border")),
                "note": Field(Str()),
                "from": Field(Date(description="Format 2.1: hostile from this day on (a guarantor that turns hostile); "
                                               "omit: always.")),
                "until": Field(Date(description="Format 2.1: hostile until this day, inclusive; omit: always.")),
            }, name="adversary"), description="Further hostile states whose acts count, each with its own border.")),
        "borders": Field(List(Obj(
            {
                "with": Field(NAME, True),
                "km": Field(Num(minimum=0, maximum=100_000, description="The land border's length, km."), True),
                "from": Field(Date(description="The first day it holds; omit: from the start.")),
                "until": Field(Date(description="The last day it holds; omit: to the end.")),
                "source": Field(SOURCE, True, missing_code="missing-source"),
                "note": Field(Str()),
            }, name="border"), description="Format 2.1: land borders with a hostile state that hold over a period (a "
                                           "flank that opens when a neighbour falls): on those days they replace the "
                                           "static border with that state.")),
        "covers": Field(
            Obj({"from": Field(Date(), True), "to": Field(Date(), True)}, name="covers",
                description="Period the record was checked for."),
            True,
        ),
        "attributes": Field(ATTRIBUTES),
        "events": Field(List(EVENT), True),
        "overrides": Field(List(Obj(
            {
                "world": Field(Str(pattern=r"[a-z0-9][a-z0-9_.-]*", description="The id of the world event (see `world/`)."),
                               True),
                "exclude": Field(Bool(description="true: this country does not inherit the event.")),
                "set": Field(Obj({
                    "severity": Field(Num(minimum=1, maximum=5, integer=True)),
                    "weighs_days": Field(Num(minimum=1, maximum=3650, integer=True)),
                    "attribution": Field(Str(enum=("established", "unproven"))),
                    "end": Field(Date()),
                }, name="replacement", description="Fields of the inherited event that read differently for this country.")),
                "reason": Field(Str(description="Why this country differs, with its source where there is one."), True),
            },
            name="override",
            description="A world event this country does not inherit, or inherits with other values, and why.",
        ), description="Exceptions to the world records (`world/`) for this country, each with its reason.")),
    },
    name="profile",
    description="An assessor country profile: a timeline of dated, sourced events.",
)

# --------------------------------------------------------------------------- world records (world/)

# Event kinds a world record may hold: the facts of an actor that concern several
# countries.  Membership and ratification steps are the country's own.
WORLD_KINDS = ("agreement", "interim", "threat", "signal", "conflict", "posture", "ultimatum", "dispute",
               "campaign",  # format 2.1: a campaign of coercion may concern several countries
               "adversary_pact")  # format 2.1
# The field of each kind that names the actor; a world event may leave it out (the file's actor).
WORLD_ACTOR_FIELDS = {"agreement": "party", "interim": "provider", "threat": "actor", "signal": "by",
                      "conflict": "actor", "posture": "actor", "ultimatum": "actor", "dispute": "actor",
                      "campaign": "actor", "adversary_pact": "actor"}
SELECTOR = Obj(
    {
        "members_of": Field(Str(description="Countries that are members of this organisation on the event's "
                                                       "date (the registry's memberships).")),
        "adversary_of": Field(Str(description="Countries whose profile lists this state as a hostile state "
                                                         "(primary adversary, second adversary or its ally).")),
        "neighbours_of": Field(Str(description="Countries whose profile records a land border with this state.")),
        "countries": Field(List(NAME, min_items=1, description="These countries (names, aliases or ISO codes).")),
    },
    name="selector",
    description="Whom the event concerns on its date; several keys: every one must hold.",
)


def _world_event(kind: str, variant: Obj) -> Obj:
    fields = dict(variant.fields)
    name = WORLD_ACTOR_FIELDS[kind]
    fields[name] = Field(fields[name].spec, False)  # default: the file's actor
    fields["id"] = Field(Str(pattern=r"[a-z0-9][a-z0-9_.-]*", description="A stable id, unique across world files: "
                                                                         "what profiles' overrides name."), True)
    fields["concerns"] = Field(SELECTOR, True)
    return Obj(fields, name="world event", description=variant.description)


WORLD_EVENT = Union("kind", {k: _world_event(k, EVENT.variants[k]) for k in WORLD_KINDS}, name="world event",
                    description="A dated, sourced event of the file's actor, with whom it concerns.")
WORLD = Obj(
    {
        "actor": Field(PARTY, True),
        "note": Field(Str()),
        "events": Field(List(WORLD_EVENT), True),
    },
    name="world file",
    description="World records: the dated events of one actor (a guarantor, an alliance, an adversary, an organisation) "
                "that concern several countries, each inherited by the profiles its selector picks.",
)

# --------------------------------------------------------------------------- the registry of states

NUCLEAR_STATUSES = ("nuclear-weapon-state", "undeclared")
ENTRY_KINDS = ("state", "organisation")
SOURCE_ID = r"[a-z0-9][a-z0-9_.-]*"

REGISTRY_SOURCE = Obj(
    {
        "publisher": Field(Str(description="Who published it."), True),
        "title": Field(Str(description="Title of the page or article."), True),
        "date": Field(Date(description="Publication date, where the page gives one.")),
        "url": Field(Str(pattern=URL_PATTERN, description="Address (http or https), where known; as for "
                                                                         "profile sources, no spaces, quotes, angle "
                                                                         "brackets, back ticks or backslashes.")),
        "kind": Field(Str(enum=SOURCE_KINDS, description="What the source is (as for profile sources).")),
        "note": Field(Str(description="What the source supports, and what it does not.")),
    },
    name="source",
    description="Where a date of the registry comes from.",
)
SOURCE_REF = Either(
    [Str(pattern=SOURCE_ID, description="The id of a source listed under 'sources'."), REGISTRY_SOURCE],
    "a source id or a source mapping",
    description="A source: the id of one listed under 'sources', or written out.",
)
NUCLEAR = Obj(
    {
        "status": Field(Str(enum=NUCLEAR_STATUSES, description="nuclear-weapon-state (counts as one from 'since'), "
                                                                 "undeclared (widely believed to hold nuclear weapons, "
                                                                 "neither confirmed nor denied: not counted)."), True),
        "since": Field(Date(description="When the status began (for nuclear-weapon states: the first nuclear test).")),
        "source": Field(SOURCE_REF),
        "note": Field(Str(description="Remarks; say here when no source was found.")),
    },
    name="nuclear status",
)
MEMBERSHIP_ENTRY = Obj(
    {
        "organisation": Field(Str(description="The organisation (an entry of kind organisation)."), True),
        "from": Field(Date(description="First day of membership."), True),
        "until": Field(Date(description="First day no longer a member (e.g. 2020-02-01 for the United Kingdom and the EU).")),
        "suspended": Field(Date(description="From this day participation is frozen or suspended: still a member, not counted as "
                                            "an ally.")),
        "source": Field(SOURCE_REF),
        "note": Field(Str(description="Remarks; say here when no source was found.")),
    },
    name="membership",
)
EXISTENCE = Obj(
    {
        "from": Field(Date(description="First day the state or organisation existed (leave out when not known).")),
        "until": Field(Date(description="First day the state or organisation no longer existed (the Soviet Union: "
                                        "1991-12-26).")),
        "source": Field(SOURCE_REF),
        "note": Field(Str(description="Remarks; say here when no source was found.")),
    },
    name="existence",
)
REGISTRY_ENTRY = Obj(
    {
        "name": Field(Str(description="Canonical name: what profiles and reports show."), True),
        "kind": Field(Str(enum=ENTRY_KINDS, description="state (default) or organisation.")),
        "iso_name": Field(Str(description="The name pycountry (ISO 3166) knows the state by, where it differs from 'name'.")),
        "iso": Field(Bool(description="false: a state without ISO 3166 codes (e.g. a historical or fictional state).")),
        "aliases": Field(List(Str(), description="Other names that resolve to this entry (ISO codes resolve without being "
                                                 "listed).")),
        "alliance": Field(Bool(description="Organisations only: a collective-defence alliance, whose members count as allies.")),
        "nuclear": Field(NUCLEAR),
        "memberships": Field(List(MEMBERSHIP_ENTRY, description="Memberships of organisations, with dates.")),
        "exists": Field(EXISTENCE),
        "note": Field(Str(description="Free-text remark.")),
    },
    name="registry entry",
)
REGISTRY = Obj(
    {
        "sources": Field(Map(REGISTRY_SOURCE, SOURCE_ID, name="sources", description="Sources by id, for reuse.")),
        "entries": Field(List(REGISTRY_ENTRY, description="States and organisations."), True),
    },
    name="registry file",
    description="An assessor registry of states and organisations: names, aliases, ISO codes, nuclear status and memberships.",
)

# --------------------------------------------------------------------------- rule files

LEVEL = Obj({"name": Field(Str(), True), "from": Field(Num(), True)}, name="level band")

FORECAST = Obj(
    {
        "horizon_days": Field(Num(minimum=1, maximum=3650, integer=True,
                                  description="The forecast window: the probability is of an onset within this many days."),
                              True),
        "probabilities": Field(Map(Num(minimum=0, maximum=1, description="Probability of an onset of force within the "
                                                                        "horizon on a day at this level."),
                                   r".+", name="probabilities",
                                   description="Every level of the rule set, by name: its probability; not decreasing "
                                               "from the lowest level up."), True),
        "note": Field(Str(description="Where the probabilities come from (base rates, literature).")),
        "population_rate": Field(Num(minimum=0, maximum=1, exclusive=True,
                                     description="The base rate of the population the probabilities were declared "
                                                 "for (an onset within the horizon, for the average state). When "
                                                 "given, the backtest also reads the map with prior correction to "
                                                 "the evaluated days' own base rate (King & Zeng 2001), beside the "
                                                 "map as written. Strictly between 0 and 1.")),
    },
    name="forecast",
    description="What each level means as a probability, declared before any evaluation: the backtest's Brier "
                "score reads it (`assessor backtest`). Optional.",
)

# Format 2.1 (display task): two indices and how they make the score.
RULE_INDICES = ("structural", "warning")
SCALE_KINDS = ("logistic",)

COMBINE = Obj(
    {
        "warning_factors": Field(List(Str(), description="Factors whose rules count in the warning index unless a "
                                                         "rule says otherwise with 'index'; each must be the factor "
                                                         "of some rule (a name no rule has is an error).")),
        "weights": Field(Obj({name: Field(Num(minimum=0, description=f"Weight of the {name} index's points in the "
                                                                      "score's raw value."))
                              for name in RULE_INDICES}, name="weights",
                             description="The raw value is base + structural × Σ structural points + warning × "
                                         "Σ warning points (each weight 1 when absent).")),
    },
    name="combine",
    description="Format 2.1: the two indices (structural exposure, acute warning) and how they make the score. "
                "Optional: without it every rule is structural, with weight 1.",
)

SCALE = Obj(
    {
        "logistic": Field(Obj({"midpoint": Field(Num(description="The raw value that reads 50."), True),
                               "width": Field(Num(description="Raw points per e-fold; above 0."), True)},
                              name="logistic scale",
                              description="score = 100 / (1 + exp(-(raw - midpoint) / width)): strictly "
                                          "increasing, inside (0, 100)."), True),
    },
    name="scale",
    description="Format 2.1: the map from the raw value to the score, instead of clamping to the bounds. Optional.",
)

RULESET_HEADER = Obj(
    {
        "name": Field(Str(description="Rule set name."), True),
        "version": Field(Str(description="Rule set version."), True),
        "description": Field(Str()),
        "base": Field(Num(description="Score before any rule contributes."), True),
        "bounds": Field(Obj({"min": Field(Num(), True), "max": Field(Num(), True)}, name="bounds"), True),
        "levels": Field(List(LEVEL, min_items=1, description="Bands, lowest first; each starts at 'from'."), True),
        "forecast": Field(FORECAST),
        "lints": Field(Obj({"disable": Field(List(Str(pattern=r"[a-z][a-z0-9-]*"), min_items=1,
                                                  description="Lint codes silenced for the whole rule set."), True)},
                           name="lint settings", description="Lint configuration (as yamllint's and ruff's).")),
        "combine": Field(COMBINE),
        "scale": Field(SCALE),
    },
    name="ruleset header",
)

EFFECT = Obj(
    {
        "points": Field(Num(description="Points added (negative lowers the score)."), True),
        "per": Field(Str(description="Numeric fact the points are multiplied by.")),
        "cap": Field(Num(minimum=0, description="Largest absolute contribution when scaled.")),
        "uncertain": Field(Obj({"min": Field(Num(minimum=-1_000_000_000, maximum=1_000_000_000), True),
                                "max": Field(Num(minimum=-1_000_000_000, maximum=1_000_000_000), True)},
                               name="points range", description="The range of points an analyst would defend "
                               "(--samples and `assessor sensitivity` draw from it; other runs use 'points').")),
    },
    name="effect",
)

RULE = Obj(
    {
        "id": Field(Str(pattern=r"[a-z][a-z0-9_.-]*", description="Stable rule identifier."), True),
        "factor": Field(Str(description="membership, agreements, interim, threats, exposure, …"), True),
        "description": Field(Str(description="Why this rule exists (cite the research).")),
        "when": Field(Condition(), True),
        "effect": Field(EFFECT, True),
        "reason": Field(Str(description="Sentence shown in explanations; {fact} fills in a fact."), True),
        "references": Field(List(Str(), description="Literature behind the rule.")),
        "ignore_lints": Field(List(Str(pattern=r"[a-z][a-z0-9-]*"), min_items=1,
                                   description="Lint codes silenced for this rule (say why in a comment), e.g. [never-fires].")),
        "index": Field(Str(enum=RULE_INDICES, description="Format 2.1: the index the points count in; default: "
                                                          "warning when the factor is one of the header's "
                                                          "combine.warning_factors, else structural.")),
    },
    name="rule",
)

RULE_FILE = Obj(
    {
        "ruleset": Field(RULESET_HEADER),
        "rules": Field(List(RULE)),
    },
    name="rule file",
    description="An assessor rule file: a rule set header and/or rules.",
)


def check(doc: Document, spec: Spec) -> list[Problem]:
    out: list[Problem] = []
    spec.check(doc, doc.data, (), out)
    return out


# --------------------------------------------------------------------------- outcomes (assessor backtest)

OUTCOME_KINDS = ("attack", "armed_conflict", "invasion", "occupation", "seizure", "blockade")

OUTCOMES = Obj(
    {
        "outcomes": Field(List(Obj(
            {
                "country": Field(Str(description="Profile id of the country force was used against."), True),
                "date": Field(Date(description="The day force was used."), True),
                "kind": Field(Str(enum=OUTCOME_KINDS, description="What began that day: an attack or clash, an armed "
                                                                  "conflict, an invasion, an occupation, a seizure of "
                                                                  "personnel, vessels or territory, a blockade."), True),
                "summary": Field(Str(description="One factual sentence."), True),
                "source": Field(SOURCE, True, missing_code="missing-source"),
                "war": Field(Bool(description="The war reading (`backtest --onset-level war`): true on an onset whose "
                                              "kind is its first act (a seizure, an occupation, an attack) when a war "
                                              "began that day; false on an invasion or armed conflict that began no "
                                              "war. Without it, invasions and armed conflicts are wars.")),
                "note": Field(Str()),
            }, name="outcome"), min_items=1, description="Dated onsets of the use of force, each sourced."), True),
        "quiet": Field(List(Str(description="A profile id or name."), description=(
            "Countries whose record period was checked and holds no onset: counted as quiet. A profile neither "
            "here nor under 'outcomes' is left out of the backtest (and named), unless --include-unlisted."))),
    },
    name="outcomes file",
    description="Onsets for `assessor backtest`.",
)

# --------------------------------------------------------------------------- scenarios (what if)

EVENT_REF = Obj(
    {
        "id": Field(Str(description="The event's id.")),
        "date": Field(Date(description="The event's date.")),
        "kind": Field(Str(description="The event's kind.")),
        "party": Field(Str()), "provider": Field(Str()), "actor": Field(Str()), "by": Field(Str()),
        "partner": Field(Str()),  # an adversary_pact's other state: a scenario sets it, so it tells pacts apart too
        "type": Field(Str()), "status": Field(Str()), "arrangement": Field(Str()),
    },
    name="event reference",
    description="An event of the profile: by its id, or by date and kind (and a field where that is not unique).",
)

class NullOr(Spec):
    """A value, or nothing (``null``: remove the field)."""

    def __init__(self, inner: Spec):
        self.inner = inner

    def check(self, doc, value, path, out):
        if value is not None:
            self.inner.check(doc, value, path, out)

    def schema(self):
        return {"anyOf": [self.inner.schema(), {"type": "null"}]}


CHANGE = Obj(
    {
        "profile": Field(Str(description="The profile (id, name or alias) the change applies to."), True),
        "add": Field(EVENT),
        "remove": Field(EVENT_REF),
        "move": Field(EVENT_REF),
        "to": Field(Date(description="With move: the new date.")),
        "by_days": Field(Num(minimum=-100_000, maximum=100_000, integer=True, description="With move: days to shift by.")),
        "set": Field(EVENT_REF),
        "fields": Field(Obj({**{k: Field(NullOr(Scalar())) for k in (
            "severity", "weighs_days", "size", "type", "status", "arrangement", "actor",
            "in_force", "ended", "end", "ceasefire", "deadline", "pending", "attribution", "ratified", "of",
            "fatalities", "confirmed", "scale", "covers_contested")},  # format 2.1 (campaigns; warning; protection)
            # the fields that name several states take a list, as in a profile (the advice for "Denmark, Norway
            # and Iceland" in one text is to write a list, which a scalar-only field had then refused)
            **{k: Field(NullOr(PARTY)) for k in ("party", "provider", "by")},
            "partner": Field(NullOr(NAME))},  # an adversary_pact's third power (one name), as its actor can be set
            name="fields", description="With set: the fields to change (null removes one).")),
        "note": Field(Str()),
    },
    name="change",
    description="One change to one profile: add, remove, move or set.",
)

SCENARIO = Obj(
    {
        "name": Field(Str(description="The scenario's name, shown beside its scores."), True),
        "description": Field(Str()),
        "changes": Field(List(CHANGE, description="Changes to profiles, applied in order.")),
        "rules": Field(List(Obj({
            "rule": Field(Str(description="A rule id."), True),
            "points": Field(Num(minimum=-1_000_000_000, maximum=1_000_000_000, description="New points.")),
            "disable": Field(Bool(description="Switch the rule off (true).")),
        }, name="rule change"), description="Changes to rules: new points, or disable.")),
    },
    name="scenario",
    description="A named set of changes to profiles and rules (assessor --scenario).",
)

# --------------------------------------------------------------------------- uncertainty (--samples, sensitivity)

UNCERTAINTY = Obj(
    {
        "name": Field(Str(description="What this uncertainty states, shown with the results."), True),
        "description": Field(Str()),
        "rules": Field(List(Obj({
            "rule": Field(Str(description="A rule id; omitted: every rule.")),
            "relative": Field(Num(minimum=0, maximum=10, description="Points vary by this fraction either way "
                                                                     "(0.25: 20 points may be 15 to 25).")),
            "min": Field(Num(minimum=-1_000_000_000, maximum=1_000_000_000, description="Lowest points (one rule).")),
            "max": Field(Num(minimum=-1_000_000_000, maximum=1_000_000_000, description="Highest points (one rule).")),
            "note": Field(Str(description="Why.")),
        }, name="rule range"), description="Ranges of rule points, applied in order (a later one wins).")),
        "events": Field(List(Obj({
            "profile": Field(Str(description="A profile id; omitted: every profile.")),
            "event": Field(EVENT_REF),  # by id or date and kind (one event), or kind and fields (every match)
            "days": Field(Num(minimum=0, maximum=3650, integer=True, description="The date may be this many days "
                                                                                 "either way.")),
            "earliest": Field(Date(description="Earliest date (one event).")),
            "latest": Field(Date(description="Latest date (one event).")),
            "severity": Field(Num(minimum=0, maximum=4, integer=True, description="Severity may be this many steps "
                                                                                 "either way (within 1..5).")),
            "severity_min": Field(Num(minimum=1, maximum=5, integer=True)),
            "severity_max": Field(Num(minimum=1, maximum=5, integer=True)),
            "note": Field(Str(description="Why.")),
        }, name="event range"), description="Ranges of event dates and severities, applied in order (a later one wins).")),
    },
    name="uncertainty file",
    description="The analyst's uncertainty about rules and record (assessor --samples, assessor sensitivity).",
)

SCHEMAS = ("rules", "profile", "registry", "outcomes", "scenario", "uncertainty", "world")


def json_schema(which: str) -> dict:
    """The JSON Schema for ``rules``, ``profile``, ``registry`` or ``outcomes`` files."""
    spec = {"rules": RULE_FILE, "profile": PROFILE, "registry": REGISTRY, "outcomes": OUTCOMES,
            "scenario": SCENARIO, "uncertainty": UNCERTAINTY, "world": WORLD}[which]
    s = {
        "$schema": "http://json-schema.org/draft-07/schema#",
        "$id": f"https://assessor.invalid/schemas/{which}.schema.json",
        "title": f"assessor {which} file",
        **spec.schema(),
    }
    if which == "rules":
        s["$defs"] = {"condition": Condition().definition()}
        s["definitions"] = s["$defs"]  # draft-07 editors look here
    return s


def schema_text(which: str) -> str:
    """The schema as shipped in ``assessor/schemas/`` (stable formatting)."""
    import json

    return json.dumps(json_schema(which), indent=2, ensure_ascii=False) + "\n"
