"""Why an intervention is not recommended for a person (rule step 1 and the record checks).

Every check that fails adds a reason; none stops the others, so an exclusion lists all
of its reasons.
"""

from __future__ import annotations

from resettle.domain.risk import RiskLevel
from resettle.evidence.codes import (
    EffectDirection,
    Intensity,
    InterventionTag,
    Setting,
    SexualOffenceRule,
)
from resettle.evidence.profile import CaseProfile
from resettle.evidence.results import ExclusionCode, ExclusionReason
from resettle.evidence.schema import Intervention


def _reason(
    code: ExclusionCode, text: str, criterion: str | None = None, records: tuple[str, ...] = ()
) -> ExclusionReason:
    return ExclusionReason.model_construct(
        code=code, criterion=criterion, text=text, record_ids=records
    )


def static_exclusions(intervention: Intervention) -> tuple[ExclusionReason, ...]:
    """Reasons that hold for everyone: harm and diversion."""
    reasons = []
    harmful = tuple(
        r.id for r in intervention.evidence if r.effect.direction is EffectDirection.HARMFUL
    )
    if intervention.harm.flagged or harmful:
        reasons.append(
            _reason(
                ExclusionCode.HARMFUL,
                f"Never recommended: possible harm. {intervention.harm.reason or ''}".strip(),
                records=harmful,
            )
        )
    if InterventionTag.DIVERSION_NOT_RESETTLEMENT in intervention.tags:
        reasons.append(
            _reason(
                ExclusionCode.NOT_RESETTLEMENT,
                "A diversion from prosecution or custody, not a resettlement intervention: "
                "kept out of release plans.",
            )
        )
    return tuple(reasons)


def eligibility_failures(intervention: Intervention, profile: CaseProfile) -> list[ExclusionReason]:
    rules = intervention.eligibility
    out: list[ExclusionReason] = []

    def fail(criterion: str, text: str) -> None:
        out.append(_reason(ExclusionCode.INELIGIBLE, f"Not eligible: {text}.", criterion))

    if profile.risk_level not in rules.risk_levels:
        allowed = ", ".join(r.value for r in rules.risk_levels)
        fail("risk_levels", f"for risk levels {allowed}; this person is {profile.risk_level}")
    if profile.sex not in rules.sexes:
        fail("sexes", f"for {' or '.join(s.value for s in rules.sexes)} people only")
    if rules.age_min is not None and profile.age < rules.age_min:
        fail("age_min", f"minimum age {rules.age_min}; this person is {profile.age}")
    if rules.age_max is not None and profile.age > rules.age_max:
        fail("age_max", f"maximum age {rules.age_max}; this person is {profile.age}")
    if rules.sexual_offence is SexualOffenceRule.REQUIRED and not profile.sexual_offence:
        fail("sexual_offence", "only for people with a sexual conviction")
    if rules.sexual_offence is SexualOffenceRule.EXCLUDED and profile.sexual_offence:
        fail("sexual_offence", "not for people with a sexual conviction")
    required = rules.offence_categories_required
    if required and profile.offence_category not in required:
        fail("offence_categories_required", f"only for offences: {', '.join(required)}")
    if profile.offence_category in rules.offence_categories_excluded:
        fail("offence_categories_excluded", f"not for offence {profile.offence_category}")
    if intervention.setting is Setting.CUSTODY and profile.days_to_release <= 0:
        fail("setting", "delivered in custody only and this person is already released")
    elif (
        rules.min_days_before_release is not None
        and profile.days_to_release < rules.min_days_before_release
    ):
        fail(
            "min_days_before_release",
            f"needs at least {rules.min_days_before_release} days before release; "
            f"{profile.days_to_release} left",
        )
    return out


def rule_exclusions(
    intervention: Intervention,
    profile: CaseProfile,
    risk_records: tuple[str, ...],
    sexual_records: tuple[str, ...],
) -> list[ExclusionReason]:
    out: list[ExclusionReason] = []
    if profile.risk_level is RiskLevel.LOW and intervention.intensity is Intensity.HIGH:
        out.append(
            _reason(
                ExclusionCode.RISK_INTENSITY_MISMATCH,
                "High-intensity intervention for a low-risk person: the risk principle says "
                "low-risk people can do worse in intensive programmes.",
                records=risk_records,
            )
        )
    if (
        InterventionTag.GENERAL_OFFENDING_BEHAVIOUR in intervention.tags
        and profile.sexual_offence
        and profile.risk_level.rank >= RiskLevel.MEDIUM.rank
    ):
        out.append(
            _reason(
                ExclusionCode.NON_SPECIALISED_SEXUAL_OFFENDING,
                "Sexual conviction at medium or higher risk: offending-behaviour work must be "
                "specialised sexual-offending treatment; non-specialised programmes were found "
                "ineffective or harmful.",
                records=sexual_records,
            )
        )
    if intervention.id in profile.completed:
        out.append(_reason(ExclusionCode.ALREADY_COMPLETED, "Already completed."))
    if intervention.id in profile.in_progress:
        out.append(_reason(ExclusionCode.IN_PROGRESS, "Already in progress."))
    return out


def need_not_present(text: str) -> ExclusionReason:
    return _reason(ExclusionCode.NEED_NOT_PRESENT, text)
