"""Codes used by the evidence pack, the case profile and the recommender.

Shared case vocabulary (pathways, risk level, sex, offence category) lives in
``resettle.domain``; this module only adds the words that belong to evidence and to the
recommender. Every value is a stable code stored in pack files, so renaming one is a
schema change.
"""

from __future__ import annotations

from enum import StrEnum

from resettle.domain.case_flags import CaseFlag


class CriminogenicNeed(StrEnum):
    """The Central Eight (Andrews, Bonta and Wormith 2006); the first is static."""

    CRIMINAL_HISTORY = "criminal_history"
    ANTISOCIAL_PERSONALITY_PATTERN = "antisocial_personality_pattern"
    ANTISOCIAL_COGNITION = "antisocial_cognition"
    ANTISOCIAL_ASSOCIATES = "antisocial_associates"
    FAMILY_MARITAL = "family_marital"
    SCHOOL_WORK = "school_work"
    LEISURE_RECREATION = "leisure_recreation"
    SUBSTANCE_ABUSE = "substance_abuse"

    @property
    def label(self) -> str:
        """The need in an officer's words, for reasons ("it targets ...")."""
        return _CRIMINOGENIC_NEED_LABELS[self._value_]


_CRIMINOGENIC_NEED_LABELS = {
    "criminal_history": "criminal history",
    "antisocial_personality_pattern": "antisocial personality pattern",
    "antisocial_cognition": "antisocial cognition",
    "antisocial_associates": "antisocial associates",
    "family_marital": "family and marital relationships",
    "school_work": "school and work",
    "leisure_recreation": "leisure and recreation",
    "substance_abuse": "substance abuse",
}


class Setting(StrEnum):
    CUSTODY = "custody"
    COMMUNITY = "community"
    THROUGH_THE_GATE = "through_the_gate"


class Intensity(StrEnum):
    LOW = "low"
    MODERATE = "moderate"
    HIGH = "high"

    @property
    def rank(self) -> int:
        return _INTENSITY_RANK[self]


_INTENSITY_RANK = {Intensity.LOW: 0, Intensity.MODERATE: 1, Intensity.HIGH: 2}


class SourceType(StrEnum):
    SYSTEMATIC_REVIEW_META_ANALYSIS = "systematic_review_meta_analysis"
    RCT = "rct"
    QUASI_EXPERIMENTAL = "quasi_experimental"
    COHORT = "cohort"
    OFFICIAL_STATISTICS = "official_statistics"
    TOOLKIT_SUMMARY = "toolkit_summary"
    RAPID_EVIDENCE_ASSESSMENT = "rapid_evidence_assessment"
    #: A theory or review article cited for a principle, not for an effect.
    NARRATIVE_REVIEW = "narrative_review"
    #: Policy or practice statements (e.g. a ministerial answer, a service's own records):
    #: they say what is done, not whether it works. Always quality 0.
    PRACTICE_GUIDANCE = "practice_guidance"


class RatingScheme(StrEnum):
    COLLEGE_OF_POLICING_TOOLKIT = "college_of_policing_toolkit"
    CRIMESOLUTIONS = "crimesolutions"
    MARYLAND_SMS = "maryland_sms"
    BLUEPRINTS = "blueprints"
    NONE = "none"

    @property
    def label(self) -> str:
        return _SCHEME_LABELS[self]


_SCHEME_LABELS = {
    RatingScheme.COLLEGE_OF_POLICING_TOOLKIT: "College of Policing Crime Reduction Toolkit",
    RatingScheme.CRIMESOLUTIONS: "CrimeSolutions",
    RatingScheme.MARYLAND_SMS: "Maryland Scientific Methods Scale",
    RatingScheme.BLUEPRINTS: "Blueprints",
    RatingScheme.NONE: "none",
}

#: The Toolkit's quality words and the normalised 0-4 quality they mean.
TOOLKIT_QUALITY_WORDS: dict[str, int] = {
    "No information": 0,
    "Low": 1,
    "Moderate": 2,
    "Strong": 3,
    "Very strong": 4,
}


class VerificationStatus(StrEnum):
    VERIFIED = "verified"
    UNVERIFIED = "unverified"


class EffectDirection(StrEnum):
    """What the source found for the outcome, judged against the outcome's desired direction.

    ``beneficial`` means the outcome moved the way we want (less reoffending, fewer deaths,
    more days worked). The recommender weights these (rule step 3).
    """

    BENEFICIAL = "beneficial"
    BENEFICIAL_SOME_HARM = "beneficial_some_harm"
    SOME_BENEFIT_NOT_SIGNIFICANT = "some_benefit_not_significant"
    NO_EFFECT = "no_effect"
    HARMFUL = "harmful"
    #: An association in observational data, not an intervention effect.
    ASSOCIATION_ONLY = "association_only"
    #: No trial evidence either way (practice guidance, intermediate outcomes only).
    NOT_ESTABLISHED = "not_established"


#: Effect weights of rule step 3 ("reduced 1, reduced with some increases 0.5, some
#: reduction not significant 0.25, no effect 0"). Harmful records exclude the intervention.
EFFECT_WEIGHTS: dict[EffectDirection, float] = {
    EffectDirection.BENEFICIAL: 1.0,
    EffectDirection.BENEFICIAL_SOME_HARM: 0.5,
    EffectDirection.SOME_BENEFIT_NOT_SIGNIFICANT: 0.25,
    EffectDirection.NO_EFFECT: 0.0,
    EffectDirection.HARMFUL: 0.0,
    EffectDirection.ASSOCIATION_ONLY: 0.0,
    EffectDirection.NOT_ESTABLISHED: 0.0,
}


class InterventionTag(StrEnum):
    """Special kinds of intervention the recommender treats by rule."""

    NALOXONE = "naloxone"
    OPIOID_TREATMENT_CONTINUITY = "opioid_treatment_continuity"
    FIRST_NIGHT_ACCOMMODATION = "first_night_accommodation"
    RELEASE_DAY_ESSENTIAL = "release_day_essential"
    SPECIALISED_SEXUAL_OFFENDING = "specialised_sexual_offending"
    #: A general offending-behaviour programme: not for the sexual-offending need of a
    #: person with a sexual conviction at medium or higher risk (Toolkit moderator).
    GENERAL_OFFENDING_BEHAVIOUR = "general_offending_behaviour"
    DIVERSION_NOT_RESETTLEMENT = "diversion_not_resettlement"
    LICENCE_CONDITION = "licence_condition"
    PRACTICE_GUIDANCE_ONLY = "practice_guidance_only"
    #: A non-specialised psychosocial intervention (therapeutic community, psychological
    #: therapy, restorative justice, ...): excluded, like general offending-behaviour
    #: programmes, for a person with a sexual conviction at medium or higher risk.
    PSYCHOSOCIAL = "psychosocial"


class EvidenceSetting(StrEnum):
    """Where the studied intervention was delivered (a record's setting, not an item's)."""

    #: Delivered in prison (the outcome usually measured after release).
    CUSTODY = "custody"
    #: Delivered after release, on licence or in the community.
    POST_RELEASE_COMMUNITY = "post_release_community"
    #: A review or study mixing settings or stages.
    GENERAL_MIXED = "general_mixed"


#: The record settings specific to each intervention setting: such records override
#: general reviews for the same outcome.
SPECIFIC_SETTINGS: dict[Setting, frozenset[EvidenceSetting]] = {
    Setting.CUSTODY: frozenset({EvidenceSetting.CUSTODY}),
    Setting.COMMUNITY: frozenset({EvidenceSetting.POST_RELEASE_COMMUNITY}),
    Setting.THROUGH_THE_GATE: frozenset(
        {EvidenceSetting.CUSTODY, EvidenceSetting.POST_RELEASE_COMMUNITY}
    ),
}


class EvidenceStatus(StrEnum):
    """An intervention-level statement that reoffending evidence is missing."""

    NOT_ESTABLISHED = "not_established"
    NOT_ESTABLISHED_FOR_PRISON_LEAVERS = "not_established_for_prison_leavers"


class InterventionPurpose(StrEnum):
    """How an intervention earns need priority (docs/evidence.md, "How the list is ordered").

    - ``offending_behaviour``: only through the criminogenic needs it targets, each mapped to
      the pathway need that evidences it by the pack's ``criminogenic_need_pathways``;
    - ``resettlement_support``: through the pathway it serves (its primary pathway);
    - ``control``: never recommended (e.g. electronic monitoring, a licence condition the
      releasing authority sets); listed apart with its evidence.
    """

    OFFENDING_BEHAVIOUR = "offending_behaviour"
    RESETTLEMENT_SUPPORT = "resettlement_support"
    CONTROL = "control"


class OutcomeType(StrEnum):
    """What an evidence record measured. Ranking counts reoffending (and, for the safety
    items, death or overdose); the others are shown but not counted."""

    REOFFENDING = "reoffending"
    DEATH_OR_OVERDOSE = "death_or_overdose"
    EMPLOYMENT = "employment"
    TREATMENT_ENGAGEMENT = "treatment_engagement"
    IN_PRISON_BEHAVIOUR = "in_prison_behaviour"
    WELL_BEING = "wellbeing"

    @property
    def words(self) -> str:
        return _OUTCOME_WORDS[self]


_OUTCOME_WORDS = {
    OutcomeType.REOFFENDING: "reoffending",
    OutcomeType.DEATH_OR_OVERDOSE: "deaths or overdoses",
    OutcomeType.EMPLOYMENT: "employment",
    OutcomeType.TREATMENT_ENGAGEMENT: "engagement with treatment",
    OutcomeType.IN_PRISON_BEHAVIOUR: "behaviour in prison",
    OutcomeType.WELL_BEING: "well-being",
}


class SexualOffenceRule(StrEnum):
    ANY = "any"
    REQUIRED = "required"
    EXCLUDED = "excluded"


class ProfileFlag(StrEnum):
    OPIOID_USE = "opioid_use"
    ALCOHOL_DEPENDENCE = "alcohol_dependence"
    NO_FIXED_ABODE = "no_fixed_abode"
    NO_ID = "no_id"
    NO_BANK_ACCOUNT = "no_bank_account"
    MENTAL_HEALTH = "mental_health"
    LEARNING_DISABILITY = "learning_disability"
    INTERPRETER_NEEDED = "interpreter_needed"
    LOW_MOTIVATION = "low_motivation"
    NO_RECOURSE_TO_PUBLIC_FUNDS = "no_recourse_to_public_funds"
    NO_RIGHT_TO_WORK = "no_right_to_work"
    DOMESTIC_ABUSE_VICTIM = "domestic_abuse_victim"
    DENIES_OFFENCE = "denies_offence"
    CARE_LEAVER = "care_leaver"
    VICTIM_CONSENT_KNOWN = "victim_consent_known"
    #: Probation's OPD screening found the pathway's criteria met (high risk of serious harm,
    #: likely personality disorder linked to the risk).
    OPD_SCREENED_IN = "opd_screened_in"

    @property
    def label(self) -> str:
        """The flag in an officer's words, for reasons: the case flag's label where the
        officer sets it, else what the record implies it from."""
        if self.value in _CASE_FLAG_VALUES:
            text = CaseFlag(self.value).label
            return text[0].lower() + text[1:]
        return _RECORD_FLAG_LABELS[self]


_CASE_FLAG_VALUES = frozenset(flag.value for flag in CaseFlag)
#: Flags that come from the record, not from the officer's case flags (see profile_for).
_RECORD_FLAG_LABELS = {
    ProfileFlag.NO_FIXED_ABODE: "no fixed abode",
    ProfileFlag.NO_ID: "no ID document",
    ProfileFlag.NO_BANK_ACCOUNT: "no bank account",
    ProfileFlag.LEARNING_DISABILITY: "learning disability or difficulty",
    ProfileFlag.INTERPRETER_NEEDED: "interpreter needed",
}


class ResponsivityFactor(StrEnum):
    """What delivery advice can be keyed on: the responsivity flags plus sex."""

    LEARNING_DISABILITY = "learning_disability"
    INTERPRETER_NEEDED = "interpreter_needed"
    MENTAL_HEALTH = "mental_health"
    LOW_MOTIVATION = "low_motivation"
    ALCOHOL_DEPENDENCE = "alcohol_dependence"
    OPIOID_USE = "opioid_use"
    NO_FIXED_ABODE = "no_fixed_abode"
    DOMESTIC_ABUSE_VICTIM = "domestic_abuse_victim"
    DENIES_OFFENCE = "denies_offence"
    CARE_LEAVER = "care_leaver"
    NO_RECOURSE_TO_PUBLIC_FUNDS = "no_recourse_to_public_funds"
    NO_RIGHT_TO_WORK = "no_right_to_work"
    #: Keyed on the offence category of the same code (safeguarding advice).
    SEXUAL_CHILD = "sexual_child"
    FEMALE = "female"
    GENERAL = "general"


class NeedSeverity(StrEnum):
    NONE = "none"
    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"

    @property
    def weight(self) -> int:
        return _SEVERITY_WEIGHT[self._value_]


#: Keyed by value: an enum member hashes through Python code, its value string does not.
_SEVERITY_WEIGHT = {"none": 0, "low": 1, "medium": 2, "high": 3}


class PathwayNoteKind(StrEnum):
    EVIDENCE_GAP = "evidence_gap"
    CONTEXT = "context"


class PrincipleRule(StrEnum):
    """The recommender rule a principle record backs."""

    RISK_INTENSITY = "risk_intensity"
    NEED_PRIORITY = "need_priority"
    RESPONSIVITY = "responsivity"
    CONTINUITY = "continuity"
    OPIOID_RELEASE_SAFETY = "opioid_release_safety"
    SEXUAL_OFFENDING_SPECIALISATION = "sexual_offending_specialisation"
    PROGRAMME_INTENSITY = "programme_intensity"
