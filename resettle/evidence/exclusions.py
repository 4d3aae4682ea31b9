"""Why an intervention is not recommended for a person (rule step 1 and the record checks).

Every check that fails adds a reason; none stops the others, so an exclusion lists all of
its reasons. The checks are split by what they read, so the recommender can work out the
first group once per pack:

- ``fixed_exclusions``: harm, diversion, and what depends only on risk level, sex and
  whether the person has a sexual conviction (eligible risk levels and sexes, the sexual
  offence rule, the risk/intensity rule, the non-specialised sexual-offending rule);
- ``variable_exclusions``: age, offence category, time to release, completed, in progress.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

from resettle.domain.risk import OffenceCategory, RiskLevel, Sex
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


@functools.lru_cache(maxsize=16384)
def _reason(
    code: ExclusionCode, text: str, criterion: str | None = None, records: tuple[str, ...] = ()
) -> ExclusionReason:
    """An exclusion reason; identical reasons are shared (results are immutable)."""
    return ExclusionReason(code=code, criterion=criterion, text=text, record_ids=records)


def _ineligible(criterion: str, text: str) -> ExclusionReason:
    return _reason(ExclusionCode.INELIGIBLE, f"Not eligible: {text}.", criterion)


def fixed_exclusions(
    intervention: Intervention,
    risk: RiskLevel,
    sex: Sex,
    sexual_offence: bool,
    risk_records: tuple[str, ...],
    sexual_records: tuple[str, ...],
) -> tuple[ExclusionReason, ...]:
    rules = intervention.eligibility
    out: list[ExclusionReason] = []
    harmful = tuple(
        r.id for r in intervention.evidence if r.effect.direction is EffectDirection.HARMFUL
    )
    if intervention.harm.flagged or harmful:
        text = f"Never recommended: possible harm. {intervention.harm.reason or ''}".strip()
        out.append(_reason(ExclusionCode.HARMFUL, text, records=harmful))
    if InterventionTag.DIVERSION_NOT_RESETTLEMENT in intervention.tags:
        out.append(
            _reason(
                ExclusionCode.NOT_RESETTLEMENT,
                "A diversion from prosecution or custody, not a resettlement intervention: "
                "kept out of release plans.",
            )
        )
    if risk not in rules.risk_levels:
        allowed = ", ".join(r.value for r in rules.risk_levels)
        out.append(_ineligible("risk_levels", f"for risk levels {allowed}; this person is {risk}"))
    if sex not in rules.sexes:
        out.append(_ineligible("sexes", f"for {' or '.join(rules.sexes)} people only"))
    if rules.sexual_offence is SexualOffenceRule.REQUIRED and not sexual_offence:
        out.append(_ineligible("sexual_offence", "only for people with a sexual conviction"))
    if rules.sexual_offence is SexualOffenceRule.EXCLUDED and sexual_offence:
        out.append(_ineligible("sexual_offence", "not for people with a sexual conviction"))
    if risk is RiskLevel.LOW and intervention.intensity is Intensity.HIGH:
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
        and sexual_offence
        and risk.rank >= RiskLevel.MEDIUM.rank
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
    return tuple(out)


def variable_exclusions(intervention: Intervention, profile: CaseProfile) -> list[ExclusionReason]:
    rules = intervention.eligibility
    out: list[ExclusionReason] = []
    if rules.age_min is not None and profile.age < rules.age_min:
        out.append(
            _ineligible("age_min", f"minimum age {rules.age_min}; this person is {profile.age}")
        )
    if rules.age_max is not None and profile.age > rules.age_max:
        out.append(
            _ineligible("age_max", f"maximum age {rules.age_max}; this person is {profile.age}")
        )
    required = rules.offence_categories_required
    if required and profile.offence_category not in required:
        out.append(
            _ineligible("offence_categories_required", f"only for offences: {', '.join(required)}")
        )
    if profile.offence_category in rules.offence_categories_excluded:
        out.append(
            _ineligible(
                "offence_categories_excluded", f"not for offence {profile.offence_category}"
            )
        )
    if intervention.setting is Setting.CUSTODY and profile.days_to_release <= 0:
        out.append(
            _ineligible("setting", "delivered in custody only and this person is already released")
        )
    elif (
        rules.min_days_before_release is not None
        and profile.days_to_release < rules.min_days_before_release
    ):
        out.append(
            _ineligible(
                "min_days_before_release",
                f"needs at least {rules.min_days_before_release} days before release; "
                f"{profile.days_to_release} left",
            )
        )
    if intervention.id in profile.completed:
        out.append(_reason(ExclusionCode.ALREADY_COMPLETED, "Already completed."))
    if intervention.id in profile.in_progress:
        out.append(_reason(ExclusionCode.IN_PROGRESS, "Already in progress."))
    return out


def need_not_present(text: str) -> ExclusionReason:
    return _reason(ExclusionCode.NEED_NOT_PRESENT, text)


@dataclass(frozen=True, slots=True)
class VariableGate:
    """A cheap test that ``variable_exclusions`` would return nothing (a shortcut only)."""

    intervention_id: str
    age_min: int
    age_max: int
    categories_required: frozenset[OffenceCategory]
    categories_excluded: frozenset[OffenceCategory]
    min_days: int

    @classmethod
    def of(cls, intervention: Intervention) -> VariableGate:
        rules = intervention.eligibility
        min_days = rules.min_days_before_release
        floor = -(10**9) if min_days is None else min_days
        if intervention.setting is Setting.CUSTODY:
            floor = max(floor, 1)
        return cls(
            intervention_id=intervention.id,
            age_min=-1 if rules.age_min is None else rules.age_min,
            age_max=1_000 if rules.age_max is None else rules.age_max,
            categories_required=frozenset(rules.offence_categories_required),
            categories_excluded=frozenset(rules.offence_categories_excluded),
            min_days=floor,
        )

    def passes(self, profile: CaseProfile) -> bool:
        return (
            self.age_min <= profile.age <= self.age_max
            and profile.days_to_release >= self.min_days
            and (
                not self.categories_required or profile.offence_category in self.categories_required
            )
            and profile.offence_category not in self.categories_excluded
            and self.intervention_id not in profile.completed
            and self.intervention_id not in profile.in_progress
        )
