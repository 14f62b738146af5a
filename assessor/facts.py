"""The catalogue of derived facts: the vocabulary rules are written in.

``derive`` produces exactly these names; the loader refuses a rule that names
any other fact, or compares a fact with a value of the wrong type (the engine
would silently never match: ``"10" > 9`` is false in durable-rules).
"""

from __future__ import annotations

from dataclasses import dataclass

from assessor.spec import STATUSES


@dataclass(frozen=True)
class FactDef:
    name: str
    type: str  # "text" | "number" | "bool"
    factor: str
    description: str
    always: bool = True  # False: absent when it does not apply (use `present`)
    values: tuple = ()  # allowed values for text facts


STATUS_ORDER = ("none",) + STATUSES  # rank = index

AGREEMENT_RANK = {
    "statement_of_intent": 1,
    "political_declaration": 2,
    "defence_cooperation_agreement": 3,
    "mutual_assistance_clause": 4,
    "mutual_defence_treaty": 5,
}
ARRANGEMENT_RANK = {"statement_of_support": 1, "security_assurance": 2, "military_presence": 3}

# Which parties are nuclear-weapon states, and from when, is data: the registry
# of states (assessor/data/states.yaml, see assessor.registry) dates each from
# its first nuclear test.  An agreement with one carries extended-deterrence
# weight (Fuhrmann & Sechser).

THREAT_WINDOW_DAYS = 90

FACTS: dict[str, FactDef] = {
    f.name: f
    for f in [
        FactDef("kind", "text", "meta", "Always 'assessment' (anchors every rule in the engine).", values=("assessment",)),
        FactDef("status", "text", "membership", "Alliance membership status on the date.", values=STATUS_ORDER),
        FactDef("status_rank", "number", "membership", "0 none, 1 partner, 2 applicant, 3 invited, 4 ratifying, 5 member."),
        FactDef("days_in_status", "number", "membership", "Days since the status last changed.", always=False),
        FactDef("days_since_application", "number", "membership", "Days since the membership application.", always=False),
        FactDef("days_since_accession", "number", "membership", "Days since becoming a member.", always=False),
        FactDef("ratified", "number", "membership", "Members that have ratified the accession (while ratifying).", always=False),
        FactDef("ratify_total", "number", "membership", "Members whose ratification is needed (while ratifying).", always=False),
        FactDef("ratify_share", "number", "membership", "Share of ratifications done, 0..1 (while ratifying).", always=False),
        FactDef("ratify_remaining", "number", "membership", "Ratifications still missing (while ratifying).", always=False),
        FactDef("agreements_in_force", "number", "agreements", "Security agreements in force."),
        FactDef("agreement_rank", "number", "agreements",
                "Strongest agreement in force: 0 none, 1 statement of intent, 2 political declaration, "
                "3 defence cooperation agreement, 4 mutual assistance clause, 5 mutual defence treaty."),
        FactDef("agreement_type", "text", "agreements", "Type of the strongest agreement in force ('none' if none).",
                values=("none",) + tuple(AGREEMENT_RANK)),
        FactDef("agreement_parties", "text", "agreements", "Parties of agreements in force, separated by '; ' (for reasons)."),
        FactDef("nuclear_agreement_rank", "number", "agreements",
                "Strongest agreement in force with a nuclear-weapon state on the date, per the registry of states "
                "(same scale as agreement_rank)."),
        FactDef("nuclear_agreement_parties", "text", "agreements", "Nuclear-weapon states among those parties (for reasons)."),
        FactDef("mutual_assistance", "bool", "agreements", "A mutual assistance clause (e.g. EU Art. 42(7)) is in force."),
        FactDef("interim_active", "number", "interim", "Interim arrangements active on the date."),
        FactDef("interim_rank", "number", "interim",
                "Strongest active interim arrangement: 0 none, 1 statement of support, 2 security assurance, 3 military presence."),
        FactDef("interim_nuclear", "number", "interim", "Nuclear-weapon states (on the date, per the registry) among the providers of active interim arrangements."),
        FactDef("interim_providers", "text", "interim", "Providers of active interim arrangements (for reasons)."),
        FactDef("threat_level", "number", "threats",
                "Sum of threat severities, each fading linearly to zero over its weighs_days."),
        FactDef("threats_90d", "number", "threats", "Threats and coercive acts in the last 90 days."),
        FactDef("max_severity_90d", "number", "threats", "Highest threat severity in the last 90 days (0 if none)."),
        FactDef("days_since_threat", "number", "threats", "Days since the latest threat.", always=False),
        FactDef("attacked", "bool", "threats", "A threat of type 'attack' (use of force against the country) still weighs."),
        FactDef("land_border_km", "number", "exposure", "Land border with the adversary, km.", always=False),
        FactDef("in_coverage", "bool", "meta", "The date lies inside the period the profile's record covers."),
    ]
}
