"""Aftercare: referrals to community services, their statuses and a history of every change.

Statuses follow a referral's life: ``referred`` (sent) -> ``accepted`` (the provider took it on
and, usually, booked an appointment) -> ``attended`` or ``did_not_attend`` -> ``closed``.

Allowed transitions (``ALLOWED_TRANSITIONS``):

    referred        -> accepted, attended, did_not_attend, closed
    accepted        -> attended, did_not_attend, closed
    did_not_attend  -> accepted (re-booked), closed
    attended        -> closed
    closed          -> (none: a new need is a new referral)

``referred`` may go straight to attended or did not attend, as some services book the first
appointment with the referral. ``closed`` and ``did_not_attend`` need a reason. Every change
produces a :class:`ReferralStatusChange`; a change to the same status is refused.
"""

from __future__ import annotations

from datetime import date, datetime, time
from enum import StrEnum
from typing import Annotated

from pydantic import ConfigDict, Field, StringConstraints

from resettle.domain import clock
from resettle.domain.errors import FieldProblem, ValidationFailed
from resettle.domain.pathways import Pathway
from resettle.domain.text_fields import MULTI_LINE, CheckedText
from resettle.domain.validation import validate

Contact = Annotated[str, StringConstraints(strip_whitespace=True, max_length=500)]
Reason = Annotated[str, StringConstraints(strip_whitespace=True, max_length=2000), MULTI_LINE]
Who = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]


class ServiceType(StrEnum):
    HOUSING_SUPPORT = "housing_support"
    HOUSING_OPTIONS = "housing_options"
    MENTORING = "mentoring"
    BEHAVIOUR_PROGRAMME = "behaviour_programme"
    FAMILY_SUPPORT = "family_support"
    DOMESTIC_ABUSE_SUPPORT = "domestic_abuse_support"
    DRUG_TREATMENT = "drug_treatment"
    ALCOHOL_TREATMENT = "alcohol_treatment"
    EMPLOYMENT_SUPPORT = "employment_support"
    EDUCATION_TRAINING = "education_training"
    BENEFITS_ADVICE = "benefits_advice"
    DEBT_ADVICE = "debt_advice"
    PRIMARY_CARE = "primary_care"
    MENTAL_HEALTH = "mental_health"

    @property
    def pathway(self) -> Pathway:
        return _SERVICE_PATHWAYS[self]

    @property
    def label(self) -> str:
        return _SERVICE_LABELS[self]


_SERVICE_PATHWAYS = {
    ServiceType.HOUSING_SUPPORT: Pathway.ACCOMMODATION,
    ServiceType.HOUSING_OPTIONS: Pathway.ACCOMMODATION,
    ServiceType.MENTORING: Pathway.ATTITUDES_THINKING_BEHAVIOUR,
    ServiceType.BEHAVIOUR_PROGRAMME: Pathway.ATTITUDES_THINKING_BEHAVIOUR,
    ServiceType.FAMILY_SUPPORT: Pathway.CHILDREN_FAMILIES_COMMUNITIES,
    ServiceType.DOMESTIC_ABUSE_SUPPORT: Pathway.CHILDREN_FAMILIES_COMMUNITIES,
    ServiceType.DRUG_TREATMENT: Pathway.DRUGS_ALCOHOL,
    ServiceType.ALCOHOL_TREATMENT: Pathway.DRUGS_ALCOHOL,
    ServiceType.EMPLOYMENT_SUPPORT: Pathway.EDUCATION_SKILLS_WORK,
    ServiceType.EDUCATION_TRAINING: Pathway.EDUCATION_SKILLS_WORK,
    ServiceType.BENEFITS_ADVICE: Pathway.FINANCE_ID,
    ServiceType.DEBT_ADVICE: Pathway.FINANCE_ID,
    ServiceType.PRIMARY_CARE: Pathway.HEALTH,
    ServiceType.MENTAL_HEALTH: Pathway.HEALTH,
}

_SERVICE_LABELS = {
    ServiceType.HOUSING_SUPPORT: "Housing support",
    ServiceType.HOUSING_OPTIONS: "Local authority housing options",
    ServiceType.MENTORING: "Mentoring",
    ServiceType.BEHAVIOUR_PROGRAMME: "Thinking and behaviour programme",
    ServiceType.FAMILY_SUPPORT: "Family support",
    ServiceType.DOMESTIC_ABUSE_SUPPORT: "Domestic abuse support",
    ServiceType.DRUG_TREATMENT: "Drug treatment",
    ServiceType.ALCOHOL_TREATMENT: "Alcohol treatment",
    ServiceType.EMPLOYMENT_SUPPORT: "Employment support",
    ServiceType.EDUCATION_TRAINING: "Education and training",
    ServiceType.BENEFITS_ADVICE: "Benefits advice",
    ServiceType.DEBT_ADVICE: "Debt advice",
    ServiceType.PRIMARY_CARE: "GP and primary care",
    ServiceType.MENTAL_HEALTH: "Mental health service",
}


class ReferralStatus(StrEnum):
    REFERRED = "referred"
    ACCEPTED = "accepted"
    ATTENDED = "attended"
    DID_NOT_ATTEND = "did_not_attend"
    CLOSED = "closed"

    @property
    def label(self) -> str:
        return self.value.replace("_", " ").capitalize()


_S = ReferralStatus
ALLOWED_TRANSITIONS: dict[ReferralStatus, frozenset[ReferralStatus]] = {
    _S.REFERRED: frozenset({_S.ACCEPTED, _S.ATTENDED, _S.DID_NOT_ATTEND, _S.CLOSED}),
    _S.ACCEPTED: frozenset({_S.ATTENDED, _S.DID_NOT_ATTEND, _S.CLOSED}),
    _S.DID_NOT_ATTEND: frozenset({_S.ACCEPTED, _S.CLOSED}),
    _S.ATTENDED: frozenset({_S.CLOSED}),
    _S.CLOSED: frozenset(),
}
REASON_REQUIRED = frozenset({_S.CLOSED, _S.DID_NOT_ATTEND})


def _reason_problem(status: ReferralStatus) -> FieldProblem:
    return FieldProblem(
        "reason", "required", f"Reason: is required when the referral is {status.label.lower()}"
    )


class ReferralInput(CheckedText):
    model_config = ConfigDict(extra="forbid", frozen=True)

    provider_id: int = Field(gt=0, title="Provider")
    service_type: ServiceType = Field(title="Service")
    contact: Contact = Field(default="", title="Contact")
    referral_date: date = Field(title="Referral date")
    appointment_date: date | None = Field(default=None, title="Appointment date")
    appointment_time: time | None = Field(default=None, title="Appointment time")
    status: ReferralStatus = Field(default=ReferralStatus.REFERRED, title="Status")
    reason: Reason = Field(default="", title="Reason")

    @property
    def pathway(self) -> Pathway:
        return self.service_type.pathway

    def cross_field_problems(self, today: date | None = None) -> list[FieldProblem]:
        problems: list[FieldProblem] = []
        if self.referral_date > (today or clock.today()):
            problems.append(
                FieldProblem("referral_date", "in_future", "Referral date: cannot be in the future")
            )
        if self.appointment_time is not None and self.appointment_date is None:
            problems.append(
                FieldProblem(
                    "appointment_date", "required", "Appointment date: is required with a time"
                )
            )
        if self.appointment_date is not None and self.appointment_date < self.referral_date:
            problems.append(
                FieldProblem(
                    "appointment_date",
                    "before_referral",
                    "Appointment date: cannot be before the referral date",
                )
            )
        if self.status in REASON_REQUIRED and not self.reason:
            problems.append(_reason_problem(self.status))
        return problems


class ReferralStatusChange(CheckedText):
    """One entry of a referral's history."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    changed_by: Who = Field(title="Changed by")
    changed_at: datetime = Field(title="Changed at")
    from_status: ReferralStatus = Field(title="From")
    to_status: ReferralStatus = Field(title="To")
    reason: Reason = Field(default="", title="Reason")


def can_change(current: ReferralStatus, new: ReferralStatus) -> bool:
    return new in ALLOWED_TRANSITIONS[current]


def change_referral_status(
    current: ReferralStatus,
    new: ReferralStatus,
    *,
    changed_by: str,
    changed_at: datetime,
    reason: str = "",
) -> ReferralStatusChange:
    """The history entry for moving a referral from ``current`` to ``new``, or ValidationFailed."""
    if current is new:
        raise ValidationFailed.single("status", "unchanged", f"Status: is already {new.label}")
    if not can_change(current, new):
        raise ValidationFailed.single(
            "status",
            "not_allowed",
            f"Status: cannot go from {current.label.lower()} to {new.label.lower()}",
        )
    change = validate(
        ReferralStatusChange,
        {
            "changed_by": changed_by,
            "changed_at": changed_at,
            "from_status": current,
            "to_status": new,
            "reason": reason,
        },
    )
    if new in REASON_REQUIRED and not change.reason:
        raise ValidationFailed([_reason_problem(new)])
    return change
