"""Does a programme fit a person? ``check_eligibility`` returns every reason it does not, as
codes (the UI words them); an empty list means it fits.

A fact the programme restricts on but that is not known (no risk band confirmed, no sex
recorded) is a reason of its own (``*_unknown``), so an unknown is never read as a fit.
Time: a custody programme needs the fewest weeks it takes to complete before release; with
no release date the time check is left out (``weeks_to_release`` None). A person already
released cannot start a custody programme at all: ``already_released``, not a want of time.

``release_time`` puts the same comparison in days for a referral (the Refer dialog and the
CLI warn before referring, the service audits it): the fewest days the programme takes to
complete against the days from the start (today, or the start of the group it will run in)
to the release date. It is a warning, not a refusal: a referral may still be wanted, for
example to continue in the community after release.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field

from resettle.domain.programmes.catalogue import LdcSuitability, Programme, ProgrammeSetting
from resettle.domain.risk import OffenceCategory, RiskLevel, Sex


class IneligibleReason(StrEnum):
    PROGRAMME_RETIRED = "programme_retired"
    RISK_BAND_OUTSIDE = "risk_band_outside"
    RISK_BAND_UNKNOWN = "risk_band_unknown"
    NO_TARGETED_NEED = "no_targeted_need"
    SEX_NOT_SERVED = "sex_not_served"
    SEX_UNKNOWN = "sex_unknown"
    OFFENCE_TYPE_NOT_SERVED = "offence_type_not_served"
    OFFENCE_TYPE_UNKNOWN = "offence_type_unknown"
    NOT_SUITABLE_FOR_LDC = "not_suitable_for_ldc"
    NOT_ENOUGH_TIME = "not_enough_time"
    ALREADY_RELEASED = "already_released"


class EligibilityFacts(BaseModel):
    """What is known about the person, for the check."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    risk_level: RiskLevel | None = None
    needs: frozenset[str] = frozenset()
    sex: Sex | None = None
    offence_category: OffenceCategory | None = None
    #: Has a learning disability or challenge (None: not assessed, treated as no).
    learning_disability_or_challenge: bool | None = None
    weeks_to_release: int | None = Field(default=None, ge=0)
    #: Released already (the release date is today or past).
    released: bool = False


def check_eligibility(programme: Programme, facts: EligibilityFacts) -> list[IneligibleReason]:
    rule = programme.eligibility
    reasons: list[IneligibleReason] = []
    if not programme.active:
        reasons.append(IneligibleReason.PROGRAMME_RETIRED)
    if rule.risk_levels:
        if facts.risk_level is None:
            reasons.append(IneligibleReason.RISK_BAND_UNKNOWN)
        elif facts.risk_level not in rule.risk_levels:
            reasons.append(IneligibleReason.RISK_BAND_OUTSIDE)
    if rule.needs and not (rule.needs & facts.needs):
        reasons.append(IneligibleReason.NO_TARGETED_NEED)
    if rule.sexes:
        if facts.sex is None:
            reasons.append(IneligibleReason.SEX_UNKNOWN)
        elif facts.sex not in rule.sexes:
            reasons.append(IneligibleReason.SEX_NOT_SERVED)
    if rule.offence_categories:
        if facts.offence_category is None:
            reasons.append(IneligibleReason.OFFENCE_TYPE_UNKNOWN)
        elif facts.offence_category not in rule.offence_categories:
            reasons.append(IneligibleReason.OFFENCE_TYPE_NOT_SERVED)
    if rule.ldc_suitability is LdcSuitability.NO and facts.learning_disability_or_challenge:
        reasons.append(IneligibleReason.NOT_SUITABLE_FOR_LDC)
    weeks = programme.weeks_to_complete
    if programme.setting is ProgrammeSetting.CUSTODY and facts.released:
        reasons.append(IneligibleReason.ALREADY_RELEASED)
    elif (
        programme.setting is ProgrammeSetting.CUSTODY
        and weeks is not None
        and facts.weeks_to_release is not None
        and facts.weeks_to_release < weeks.minimum
    ):
        reasons.append(IneligibleReason.NOT_ENOUGH_TIME)
    return reasons


class ReleaseTime(BaseModel):
    """Days a custody programme needs against the days left before release."""

    model_config = ConfigDict(frozen=True)

    #: The fewest days it takes to complete (its shortest time to complete, in weeks x 7).
    days_needed: int = Field(ge=0)
    #: Days from ``starts_on`` to the release date.
    days_to_release: int = Field(ge=0)
    starts_on: dt.date
    #: Counted from the start of the group it will run in, not from today.
    from_group_start: bool = False

    @property
    def short(self) -> bool:
        """Release comes before the programme can be completed."""
        return self.days_needed > self.days_to_release


def release_time(
    programme: Programme,
    release_date: dt.date | None,
    starts_on: dt.date,
    *,
    from_group_start: bool = False,
) -> ReleaseTime | None:
    """The days a custody programme needs against the days from ``starts_on`` to release;
    None for a community programme, one with no time to complete in the catalogue, or a
    person with no release date."""
    weeks = programme.weeks_to_complete
    if programme.setting is not ProgrammeSetting.CUSTODY or weeks is None or release_date is None:
        return None
    return ReleaseTime(
        days_needed=weeks.minimum * 7,
        days_to_release=max(0, (release_date - starts_on).days),
        starts_on=starts_on,
        from_group_start=from_group_start,
    )
