"""The catalogue of derived facts, and the model's domain knowledge as data.

The facts are the vocabulary rules are written in: ``derive`` produces
exactly these names; the loader refuses a rule that names any other fact, or
compares a fact with a value of the wrong type (the engine would silently
never match: ``"10" > 9`` is false in durable-rules).

Everything else the code knows about the world lives here too, as data, so no
module carries its own copy: the ranks of statuses, agreements and
arrangements, the model's time constants and how a threat fades
(:func:`threat_weight`), the factors a record can be silent on, and the
guarantor the counterfactuals imagine.  States, organisations, aliases and
nuclear status are data in the registry (``assessor/data/states.yaml``, see
:mod:`assessor.registry`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from assessor.spec import AGREEMENT_TYPES, ARRANGEMENTS, PEACE_TYPES, STATUSES


@dataclass(frozen=True)
class FactDef:
    """One fact the rules may read: its type, factor, meaning and allowed values."""

    name: str
    type: str  # "text" | "number" | "bool"
    factor: str
    description: str
    always: bool = True  # False: absent when it does not apply (use `present`)
    values: tuple = ()  # allowed values for text facts
    # The least value a number fact can take: derive makes counts, days, distances, ranks and shares of 0 or
    # more (only an anomaly, a difference from the baseline, is signed).  A rule test's facts are held to it
    # (a test of ``threats_90d: -3`` passed, a state no record can produce).
    minimum: float | None = 0
    # The greatest, where derive has one: a share or weight of 0..1, a rank on a fixed scale. A rule test
    # of ``protection: 1.5`` or ``status_rank: 9`` tests a state no record can produce, so it is refused.
    maximum: float | None = None
    # A text fact that lists names, joined by '; ' ('none' if none): eq, ne and in compare the whole list, so
    # {fact: guarantors, eq: United States} holds only where the United States is the only guarantor.
    joined: bool = False


STATUS_ORDER = STATUSES
# How far along the track to the guarantee.  The ranks of format 1's statuses
# are kept (none 0 … member 5) so that rules comparing status_rank keep their
# meaning; format 2's statuses sit between them: neutral beside none,
# aspirant and promised between partner and applicant.
STATUS_RANK = {"none": 0, "neutral": 0, "partner": 1, "aspirant": 1.5, "promised": 1.75,
               "applicant": 2, "invited": 3, "ratifying": 4, "member": 5}

# Between applying and joining: the window of vulnerability, where interim
# arrangements apply.
WINDOW_STATUSES = ("applicant", "invited", "ratifying")

# Strength of an agreement (statement of intent 1 … mutual defence treaty 5)
# and of an interim arrangement (statement of support 1 … military presence 3):
# the formats list the types weakest first, and the rank is the position.
AGREEMENT_RANK = {t: i for i, t in enumerate(AGREEMENT_TYPES, 1)}
ARRANGEMENT_RANK = {t: i for i, t in enumerate(ARRANGEMENTS, 1)}
# Format 2.1: how far a peace with a former adversary goes (peace declaration 1 … peace treaty 3).
# A scale of its own: peace protects nothing, so it never enters AGREEMENT_RANK.
PEACE_RANK = {t: i for i, t in enumerate(PEACE_TYPES, 1)}
# The threat scale's top (docs/profiles.md: 1 rhetoric ... 5 use of force), the ceiling of the severity facts.
SEVERITY_MAX = 5

# Which parties are nuclear-weapon states, and from when, is data: the registry
# of states (assessor/data/states.yaml, see assessor.registry) dates each from
# its first nuclear test.  An agreement with one carries extended-deterrence
# weight (Fuhrmann & Sechser).

THREAT_WINDOW_DAYS = 90

# Threat types that are uses of force, not threats of it: the outcome the model forecasts
# (docs/backtest-method.md).  They count in threat_level (rules 2.0.0) but not in
# pressure_level, the level of threats and coercion short of force that the warning index reads
# against the country's own baseline: force is not a warning of itself, and its memory is the
# conflict legacy's (Hensel 1994), so an attack must not raise the "usual" level of pressure.
FORCE_THREAT_TYPES = ("attack",)


def threat_weight(severity: float, weighs_days: float, age_days: float) -> float:
    """What a threat still weighs ``age_days`` after it: its severity fading
    linearly to nothing over its ``weighs_days`` (derive sums these into
    ``threat_level``, in the equivalent form ``base - slope * day`` so a run of
    days costs one computation)."""
    return severity * (1 - age_days / weighs_days)


# Factors the record can be silent on, with the kind of event that feeds each
# (explain's "what the score could not see"); exposure is read from the land
# border instead.
RECORD_FACTORS = {
    "membership": ("membership", "membership events"),
    "agreements": ("agreement", "security agreements"),
    "interim": ("interim", "interim arrangements"),
    "threats": ("threat", "adversary threats"),
}

# The guarantor explain's counterfactuals imagine ("a defence cooperation
# agreement with ... enters into force", "... gives a security assurance"):
# the nuclear-weapon state that extends deterrence to the most allies
# (through NATO and bilateral treaties).  A name of the registry of states,
# whose nuclear status it carries; tests check the registry knows it.
COUNTERFACTUAL_GUARANTOR = "United States"
COUNTERFACTUAL_GUARANTOR_IN_TEXT = "the United States"  # as it reads in a sentence

# The model's time constants, each from the literature (see the README's table
# of rules).  Derive reads them here and nowhere else.
MODEL: dict[str, Any] = {  # numbers, and one table of weights (obligation_weight)
    # A posture or an ultimatum whose end no source records weighs this long.
    "posture_days": 90,
    "ultimatum_days": 180,
    # Disputes between the same pair cluster in time (Hensel 1994): a past
    # conflict's weight fades linearly to nothing over this many years.
    "conflict_memory_years": 15,
    # An alliance whose leader did not act when a member was attacked protects
    # less after (Leeds, Long & Mitchell 2000; Press 2005): a failure takes this
    # share of a guarantee's credibility, fading over the years below.
    "failure_penalty": 0.6,
    "failure_memory_years": 10,
    # Each public doubt by a guarantor's leaders in the last year takes this
    # much, up to the cap (costly signals work both ways: Fearon 1997).
    "doubt_penalty": 0.05,
    "doubt_cap": 0.2,
    "doubt_window_days": 365,
    # Format 2.1, legacies that age (task `legacy`; read by conflict_legacy).  Ceasefires are
    # most fragile in their first years and risk falls with time since the last fighting
    # (Fortna 2004, "Does Peacekeeping Keep Peace?" / Peace Time; Hensel 1994: recurrence
    # decays with time): the legacy halves every this many years since the later of the last
    # use of force and the last ceasefire or end of a conflict.
    "legacy_half_life_years": 5,
    # Strong ceasefire mechanisms (peacekeepers, monitors, buffer or demilitarised zones) make
    # ceasefires last (Fortna 2004; 2008, Does Peacekeeping Work?): each distinct mechanism on a
    # ceasefire in force multiplies the legacy by this, never below the floor.
    "mechanism_factor": 0.75,
    "mechanism_floor": 0.5,
    # A peace declaration, non-aggression pact or peace treaty in force with the former
    # adversary, not broken by it, halves what the legacy weighs (Fortna 2004: agreements that
    # settle the issues make peace more durable; Hensel 1994).
    "settled_factor": 0.5,
    # A use of force short of war (an attack, a campaign of deadly clashes) leaves half the
    # legacy a war leaves: recurrence rises with the severity of the earlier dispute (Hensel
    # 1994; Goertz & Diehl 1992 on rivalries built by wars), and an incident is not a war.
    "incident_legacy": 0.5,
    # A campaign of coercion (or of clashes without fatalities) is pressure short of force on
    # every day it lasts (compellence kept up: Schelling 1966; George 1991); after its end it
    # fades linearly over this many days — the profile guide's weighs_days for border pressure
    # and blockades, the single acts closest to a campaign of coercion (run 13).
    "campaign_fade_days": 365,
    # ---- format 2.1, protection counted once per guarantor (task `protection`) ----
    # What a guarantor's strongest defence obligation is worth before its credibility and reach.
    # A collective-defence alliance and a mutual defence treaty are written obligations to fight:
    # defence pacts deter attacks on their members (Leeds 2003; Johnson & Leeds 2011), 1.0.
    # A unilateral guarantee (Britain and France to Poland, 31 March 1939) is a public,
    # costly commitment with no reciprocal obligation and no standing machinery: Leeds (2003)
    # finds deterrence in the specific, public obligation, which it has, while its guarantor
    # can redefine it alone, so 0.8.  A mutual assistance clause (EU Art. 42(7)) obliges "aid
    # and assistance by all the means in their power" with no military command or plans
    # behind it: a conditional, probabilistic commitment of the kind Benson (2012) shows
    # deters less than an unconditional one, so 0.5.
    # In its first year a new member is covered but not yet integrated into the alliance's plans
    # and force posture (Reiter & Poast 2021): its collective defence weighs 0.85 until then
    # (rules 2.0 added 4 points for this, which with protection counted once could make joining
    # an alliance whose leader already guarantees the country raise the score).
    "obligation_weight": {"collective_defence": 1.0, "collective_defence_new": 0.85, "mutual_defence_treaty": 1.0,
                          "unilateral_guarantee": 0.8, "mutual_assistance_clause": 0.5},
    "integration_days": 365,
    # A guarantee that does not extend to the territory in dispute leaves the adversary a way
    # to take it without engaging the guarantor (Huth 1988 on the local balance; the US
    # "defensive perimeter" of 1950): its protection is halved while the dispute is active.
    "excluded_contested_factor": 0.5,
    # Local reach of a guarantor (Huth 1988; Huth & Russett 1984: the local balance decides
    # whether a defender's threat is believed; Schelling 1966: forces on the spot are a
    # tripwire that commits the guarantor): 1 with its forces present, else halving with every
    # reach_half_km between the guarantor's and the country's territory, never below the floor
    # (a distant great power can still come, later).
    "reach_half_km": 5000,
    "reach_floor": 0.5,
    # A guarantor that has made a pact (an alliance, a non-aggression or neutrality pact) with a
    # hostile state of the country weighs its interests toward that state: credibility is read
    # from a guarantor's current interests (Press 2005), and an ally aligning with the adversary
    # signals abandonment (Snyder 1984, the alliance security dilemma).  Its protection halves
    # while the pact holds (Russia's Declaration on Allied Interaction with Azerbaijan, 2022).
    "courting_factor": 0.5,
    # Signals for everyone: withdrawals and aid requests weigh over this window (as doubts do).
    "signal_window_days": 365,
    # warning (model v3, issue 16): early-warning systems read fast event indicators against the
    # country's own baseline, apart from slow structural ones (Goldstone et al. 2010; O'Brien 2010
    # on ICEWS): each warning fact's baseline is its mean over this many days before the date.
    "warning_baseline_days": 730,
    # ... and that window ends this many days before the date (a guard band): "usual" is what the
    # country saw before the period a warning is about, so a build-up that lasts months is not
    # averaged into its own baseline and read as normal — habituation to a growing threat is the
    # classic failure of warning (Betts 1982; Grabo 2002), and surveillance baselines keep a gap
    # before the day judged for the same reason (CDC EARS C2/C3, Hutwagner et al. 2003; Farrington
    # et al. 1996).  Declared and measured as run 10 (docs/research/model-v3-runs.md) with the
    # backtest's horizon, 90 days: it moved no figure the right way on the development set
    # (within-country AUC 0.481 -> 0.469, the warning index's 0.702 -> 0.699), so 3.0.0 keeps 0,
    # the baseline just before the date; the knob stays for scenarios and research.
    "warning_baseline_gap_days": 0,
}

# warning: the fast facts read against the country's own baseline (``<f>_baseline``, ``<f>_anomaly``).
WARNING_FACTS = ("pressure_level", "forces_massed_k", "buildups_active", "exercises_active", "ultimatum")

def _warning_facts() -> list[FactDef]:
    """``<f>_baseline`` and ``<f>_anomaly`` for each of :data:`WARNING_FACTS` (task `warning`)."""
    days, gap = MODEL["warning_baseline_days"], MODEL["warning_baseline_gap_days"]
    out = []
    for f in WARNING_FACTS:
        what = f"{f} (1 while an ultimatum stands, else 0)" if f == "ultimatum" else f
        out.append(FactDef(f"{f}_baseline", "number", "warning",
                           f"Mean of {what} over the {days} days "
                           + (f"that end {gap} days before the date" if gap else "before the date")
                           + "; the days before the record's period count at the value on its eve, as shown (for a date "
                           "before the period, at the date's own), days after it are left out.",
                           maximum=1 if f == "ultimatum" else None))
        out.append(FactDef(f"{f}_anomaly", "number", "warning",
                           f"{what} on the date less {f}_baseline: signed, above 0 when the country sees more than "
                           "its own recent usual, below 0 when less.",
                           minimum=-1 if f == "ultimatum" else None, maximum=1 if f == "ultimatum" else None))
    return out


FACTS: dict[str, FactDef] = {
    f.name: f
    for f in [
        FactDef("kind", "text", "meta", "Always 'assessment' (anchors every rule in the engine).", values=("assessment",)),
        FactDef("status", "text", "membership", "Alliance membership status on the date.", values=STATUS_ORDER),
        FactDef("status_rank", "number", "membership",
                "0 none or neutral, 1 partner, 1.5 aspirant, 1.75 promised, 2 applicant, 3 invited, 4 ratifying, 5 member.",
                maximum=max(STATUS_RANK.values())),
        FactDef("days_in_status", "number", "membership", "Days since the status last changed.", always=False),
        FactDef("days_since_application", "number", "membership", "Days since the membership application.", always=False),
        FactDef("days_since_accession", "number", "membership", "Days since becoming a member.", always=False),
        FactDef("ratified", "number", "membership", "Members that have ratified the accession (while ratifying).", always=False),
        FactDef("ratify_total", "number", "membership", "Members whose ratification is needed (while ratifying).", always=False),
        FactDef("ratify_share", "number", "membership", "Share of ratifications done, 0..1 (while ratifying).", always=False,
        maximum=1),
        FactDef("ratify_remaining", "number", "membership", "Ratifications still missing (while ratifying).", always=False),
        FactDef("agreements_in_force", "number", "agreements", "Security agreements in force."),
        FactDef("agreement_rank", "number", "agreements",
                "Strongest agreement in force: 0 none, 1 statement of intent, 2 political declaration, "
                "3 defence cooperation agreement, 4 mutual assistance clause, 5 mutual defence treaty.",
                maximum=max(AGREEMENT_RANK.values())),
        FactDef("agreement_type", "text", "agreements", "Type of the strongest agreement in force ('none' if none).",
                values=("none",) + tuple(AGREEMENT_RANK)),
        FactDef("agreement_parties", "text", "agreements", "Parties of agreements in force, separated by '; ' (for reasons).",
                joined=True),
        FactDef("nuclear_agreement_rank", "number", "agreements",
                "Strongest agreement in force with a nuclear-weapon state on the date, per the registry of states "
                "(same scale as agreement_rank).", maximum=max(AGREEMENT_RANK.values())),
        FactDef("nuclear_agreement_parties", "text", "agreements", "Nuclear-weapon states among those parties (for reasons).",
                joined=True),
        FactDef("mutual_assistance", "bool", "agreements", "A mutual assistance clause (e.g. EU Art. 42(7)) is in force."),
        FactDef("interim_active", "number", "interim", "Interim arrangements active on the date."),
        FactDef("interim_rank", "number", "interim",
                "Strongest active interim arrangement: 0 none, 1 statement of support, 2 security assurance, 3 military "
                "presence.", maximum=max(ARRANGEMENT_RANK.values())),
        FactDef("interim_nuclear", "number", "interim", "Nuclear-weapon states (on the date, per the registry) among the "
                                                        "providers of active interim arrangements."),
        FactDef("interim_providers", "text", "interim", "Providers of active interim arrangements (for reasons).", joined=True),
        FactDef("threat_level", "number", "threats",
                "Sum of threat severities, each fading linearly to zero over its weighs_days."),
        FactDef("pressure_level", "number", "threats",
                "threat_level without the uses of force (threats of type attack), plus each campaign of coercion or "
                "of clashes without fatalities at its severity while it lasts, fading over a year after its end: "
                "the level of threats and coercion short of force (model v3's warning index reads it against the "
                "country's own baseline)."),
        FactDef("threats_90d", "number", "threats", "Threats and coercive acts in the last 90 days."),
        FactDef("max_severity_90d", "number", "threats", "Highest threat severity in the last 90 days (0 if none).",
                maximum=SEVERITY_MAX),
        FactDef("days_since_threat", "number", "threats", "Days since the latest threat.", always=False),
        FactDef("attacked", "bool", "threats", "A use of force against the country in the last 90 days: an attack "
                                               "(still weighing), or the start of an armed conflict or occupation; "
                                               "or a campaign of deadly clashes going on (format 2.1)."),
        FactDef("land_border_km", "number", "exposure", "Land border with the adversary, km.", always=False),
        FactDef("hostile_border_km", "number", "exposure",
                "Land border with the adversary and the other hostile states the profile lists, km (0 if none)."),
        FactDef("sea_distance_km", "number", "exposure",
                "Shortest distance across the sea to the adversary's territory, km (absent if the profile gives none).",
                always=False),
        FactDef("maritime_proximity", "number", "exposure",
                "1 at no distance across the sea, falling linearly to 0 at 1,000 km (0 if no sea distance is given).",
                maximum=1),
        FactDef("territorial_dispute", "bool", "conflict",
                "A hostile state disputes territory the country holds or claims."),
        FactDef("at_war", "bool", "conflict", "An armed conflict with an adversary is going on (not under a ceasefire)."),
        FactDef("ceasefire", "bool", "conflict", "An armed conflict with an adversary is under a ceasefire, not ended."),
        FactDef("occupied", "bool", "conflict", "Adversary forces occupy part of the territory."),
        FactDef("frozen_conflict", "bool", "conflict", "A frozen conflict with an adversary (no fighting, no settlement)."),
        FactDef("conflict_recency", "number", "conflict",
                "1 while a conflict with an adversary goes on (or just ended), fading linearly to 0 over 15 years after "
                "the latest one ended; a past attack counts as a conflict that ended on its day.", maximum=1),
        FactDef("forces_massed_k", "number", "posture", "Adversary troops massed near the country in build-ups and "
                "exercises going on, thousands: the largest current estimate per actor, summed over actors."),
        FactDef("buildups_active", "number", "posture", "Hostile states with a build-up of forces going on near the country."),
        FactDef("exercises_active", "number", "posture", "Large adversary exercises going on around or near the country."),
        FactDef("ultimatum", "bool", "posture", "Demands backed by a threat of force stand."),
        FactDef("adversary_assurance", "bool", "agreements",
                "An assurance given by a hostile state is in force and that state has not used force since."),
        FactDef("assurance_broken", "bool", "agreements",
                "A hostile state has used force after giving an assurance in force (only its own force breaks it)."),
        FactDef("guarantee_credibility", "number", "credibility",
                "Credibility of the guarantors (the alliance, its members, treaty partners), 0..1: 1 less recent "
                "failures to honour a commitment and public doubts.", maximum=1),
        FactDef("guarantor_doubts_365d", "number", "credibility", "Public doubts cast by guarantors in the last year."),
        FactDef("allied_forces_present", "bool", "credibility",
                "Forces of the alliance or a guarantor are deployed on the country's territory or airspace."),
        FactDef("in_coverage", "bool", "meta", "The date lies inside the period the profile's record covers."),
        # Format 2.1, task `legacy`: several ceasefires, campaigns, peace, mechanisms, legacies that age.
        FactDef("campaign_active", "bool", "threats",
                "A campaign of clashes or coercion by a hostile state is going on (between its start and its end)."),
        FactDef("clash_campaign", "bool", "threats", "A campaign of armed clashes is going on."),
        FactDef("campaign_severity", "number", "threats",
                "Highest severity (1..5, the threat scale) of the campaigns going on (0 if none).", maximum=SEVERITY_MAX),
        FactDef("peace_in_force", "bool", "conflict",
                "A peace declaration, non-aggression pact or peace treaty with a hostile state is in force and no "
                "party to it has used force against the country since it was signed."),
        FactDef("peace_kind", "text", "conflict", "The strongest peace in force and unbroken ('none' if none).",
                values=("none",) + tuple(PEACE_RANK)),
        FactDef("peace_rank", "number", "conflict",
                "Strength of that peace: 0 none, 1 peace declaration, 2 non-aggression pact, 3 peace treaty.",
                maximum=max(PEACE_RANK.values())),
        FactDef("peace_broken", "bool", "conflict",
                "A party to a peace in force has used force against the country since signing it."),
        FactDef("ceasefire_mechanisms", "number", "conflict",
                "Distinct mechanisms (peacekeepers, monitors, buffer zone, demilitarised zone) on the ceasefires in "
                "force and the frozen conflicts going on (0 if none)."),
        FactDef("days_since_force", "number", "conflict",
                "Days since force was last used against the country: an attack with established attribution, an "
                "armed conflict's fighting (0 while it goes on; its last day otherwise), an occupation's start, a "
                "broken ceasefire, a campaign of deadly clashes (0 while it goes on). Absent if none is on record.",
                always=False),
        FactDef("days_since_ceasefire", "number", "conflict",
                "Days since the latest ceasefire in force (or frozen conflict) of a conflict not settled. Absent if "
                "none.", always=False),
        FactDef("conflict_legacy", "number", "conflict",
                "0..1: 1 while fighting goes on; otherwise halving every 5 years since the later of a war's "
                "last fighting (or an occupation's start) and the last ceasefire or end of a conflict (a use of "
                "force short of war, an attack or a deadly campaign, counts at half weight from its day), times "
                "0.75 per ceasefire mechanism in force (at least 0.5 of it) and 0.5 while a peace is in force; 0 "
                "if no conflict or attack is on record.", maximum=1),
        # ---- format 2.1: protection counted once per guarantor, local balance, signals for everyone (task `protection`)
        FactDef("defence_guarantee", "bool", "protection",
                "A guarantor with a defence obligation covers the country: alliance membership with collective defence, a "
                "mutual defence treaty, a mutual assistance clause or a unilateral guarantee in force."),
        FactDef("protection", "number", "protection",
                "Protection, 0..1, counted once per guarantor: its strongest obligation weight × its credibility × its "
                "local reach (× 0.5 where it excludes the contested territory), combined as 1 − Π(1 − p) over guarantors; "
                "members of the country's alliance count inside the alliance.", maximum=1),
        FactDef("guarantors", "text", "protection", "Guarantors with a defence obligation, separated by '; ' ('none' if "
                                                    "none; for reasons).", joined=True),
        FactDef("guarantor_count", "number", "protection", "Guarantors with a defence obligation (the alliance counts once)."),
        FactDef("support_rank", "number", "protection",
                "Strongest agreement without a defence obligation with a non-hostile party that is not a guarantor: 0 none, "
                "1 statement of intent, 2 political declaration, 3 defence cooperation agreement.",
                maximum=AGREEMENT_RANK["defence_cooperation_agreement"]),
        FactDef("contested_covered", "bool", "protection",
                "Every guarantee covers the territory in dispute (true when no dispute is active or no guarantee is in "
                "force)."),
        FactDef("guarantor_forces_present", "bool", "protection",
                "Forces of a guarantor with a defence obligation are on the country's territory (not withdrawn since)."),
        FactDef("guarantor_forces_k", "number", "protection",
                "Guarantors' troops deployed on the territory, thousands: the largest current size per guarantor, summed (0 "
                "if no size is recorded)."),
        FactDef("guarantor_distance_km", "number", "protection",
                "Distance from the nearest guarantor with a defence obligation to the country, km, between representative "
                "points (an alliance: its nearest member); absent if none or unknown.", always=False),
        FactDef("adversary_inside_guarantor", "text", "protection",
                "Guarantor organisations with a hostile state among their members, and treaties or clauses of the record "
                "with two or more parties besides the country, or guarantees given jointly by two or more states, with a "
                "hostile state among them ('treaty of <date> (<its other parties>)' or 'guarantee of <date> (...)', <date> "
                "the event's date, the brackets left out when every other party is hostile), each with those states, "
                "separated by '; ' ('none' if none): collective defence is a promise against attack from outside, so such "
                "an organisation or treaty is not counted as protection (protection is read against the hostile state it "
                "covers least).", joined=True),
        FactDef("guarantors_aligned_with_adversary", "text", "protection",
                "Guarantors whose protection counts at the courting factor because, that day, they are allied with a "
                "hostile state of the country (members of one alliance, or parties with it to a treaty of the record) "
                "or pledged to it by an adversary pact, "
                "separated by '; ', each with the hostile states, e.g. 'Russia (in CSTO) with Azerbaijan' ('none' if none): "
                "a guarantor aligned with the adversary is less likely to fight it.", joined=True),
        FactDef("protector_withdrawal_365d", "number", "signals",
                "Withdrawals of forces by non-hostile states in the last year."),
        FactDef("protector_exclusion", "bool", "signals",
                "A non-hostile state has publicly left the country outside its defence perimeter, and has neither "
                "ended that nor given a guarantee or reaffirmation since."),
        FactDef("aid_refused_365d", "number", "signals", "Requests for help refused by non-hostile states in the last year."),
        FactDef("aid_granted_365d", "number", "signals", "Requests for help granted by non-hostile states in the last year."),
        FactDef("intervention", "bool", "signals", "A third power fights on the country's side (while in force)."),
        FactDef("defender_distance_km", "number", "exposure",
                "Distance to the defending sovereign's main forces, km (a territory defended from far away; absent if the "
                "profile gives none).", always=False),
        # warning (model v3, issue 16): the fast facts against the country's own recent baseline.
        *_warning_facts(),
        # format 2.1 (task warning): unconfirmed build-ups, the adversary's other front, mobilisation.
        FactDef("unconfirmed_buildups", "number", "posture",
                "Hostile states with a build-up reported but not confirmed (posture confirmed: false) going on; "
                "buildups_active counts confirmed ones only."),
        FactDef("unconfirmed_forces_k", "number", "posture",
                "Troops in build-ups and exercises reported but not confirmed, thousands: the largest unconfirmed "
                "estimate per actor, summed over actors (forces_massed_k counts confirmed ones only)."),
        FactDef("adversary_pacts", "number", "warning",
                "Pacts in force between a hostile state and a third power (non-aggression, neutrality, alliance)."),
        FactDef("second_front_secured", "bool", "warning",
                "A hostile state has made its other front safe: such a pact is in force (Molotov–Ribbentrop 1939)."),
        FactDef("mobilised", "bool", "warning", "The country's own forces are mobilised (partial or general)."),
        FactDef("mobilisation_general", "bool", "warning", "The country's general mobilisation is in force."),
    ]
}
