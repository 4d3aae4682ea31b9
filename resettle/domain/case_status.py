"""Whether a case is open: closing it with a reason, reopening it, and who holds it.

A closed case leaves the default caseload but stays findable ("Show closed cases"); its
person window says it is closed, when, by whom and why. Allocation: which officer holds the
person, with every change kept as history.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from resettle.domain.errors import DomainError, FieldProblem
from resettle.domain.text_fields import CheckedText

OTHER_REASON_MAX = 200


class ClosureReason(StrEnum):
    LICENCE_ENDED = "licence_ended"
    TRANSFERRED_OUT = "transferred_out"
    DIED = "died"
    OTHER = "other"

    @property
    def label(self) -> str:
        return {
            ClosureReason.LICENCE_ENDED: "Licence ended",
            ClosureReason.TRANSFERRED_OUT: "Transferred out",
            ClosureReason.DIED: "Died",
            ClosureReason.OTHER: "Other",
        }[self]


class CaseClosureInput(CheckedText):
    """What closing a case needs: a reason, and words of explanation for "other"."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    reason: ClosureReason = Field(title="Reason")
    other_reason: Annotated[
        str, StringConstraints(max_length=OTHER_REASON_MAX, strip_whitespace=True)
    ] = Field(default="", title="Other reason")

    def cross_field_problems(self) -> list[FieldProblem]:
        if self.reason is ClosureReason.OTHER and not self.other_reason:
            return [FieldProblem("other_reason", "required", "Other reason: say why the case ends")]
        return []


class CaseIsClosed(DomainError):
    """A closed case's record is read-only until the case is reopened."""

    code = "case.closed"

    def __init__(self) -> None:
        super().__init__(
            "This case is closed, so its record cannot be changed. Reopen the case to edit it."
        )


def closure_problems(
    reason: ClosureReason,
    release_date: dt.date | None,
    today: dt.date,
    licence_end_date: dt.date | None = None,
) -> list[FieldProblem]:
    """Reasons that cannot be true of this person yet: a licence cannot have ended before
    the person is released (no release date, or one after today), nor without a recorded
    licence end date, nor while that date is still to come."""
    if reason is not ClosureReason.LICENCE_ENDED:
        return []
    if release_date is None:
        why = "no release date is recorded"
    elif release_date > today:
        why = "the release date is still to come"
    elif licence_end_date is None:
        return [
            FieldProblem(
                "reason",
                "licence_end_not_recorded",
                "Licence end date: record it on the Profile tab before closing with "
                "\u201cLicence ended\u201d, or choose another reason.",
            )
        ]
    elif licence_end_date > today:
        return [
            FieldProblem(
                "reason",
                "licence_not_ended",
                "Reason: \u201cLicence ended\u201d cannot be chosen while the licence end date "
                "is still to come. Correct the licence end date on the Profile tab, or choose "
                "another reason.",
            )
        ]
    else:
        return []
    return [
        FieldProblem(
            "reason",
            "not_released",
            f"Reason: \u201cLicence ended\u201d cannot be chosen before the person is released "
            f"({why}). Record the release date on the Profile tab, or choose another reason.",
        )
    ]


class CaseClosureView(BaseModel):
    """A closed case, as the person window shows it."""

    model_config = ConfigDict(frozen=True)

    id: int
    reason: ClosureReason
    other_reason: str
    closed_by: str
    closed_at: dt.datetime


class AllocationView(BaseModel):
    """One allocation in a person's history: to whom, from whom, when and by whom."""

    model_config = ConfigDict(frozen=True)

    officer_id: int
    officer: str
    previous_officer: str | None
    allocated_by: str | None  # None: allocated before the history was kept
    allocated_at: dt.datetime


class AllocationInput(CheckedText):
    """A manager's allocation of one or more people to an officer."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    person_ids: tuple[int, ...] = Field(min_length=1, max_length=10_000, title="People")
    officer_id: int = Field(title="Officer")


class AllocationCandidate(BaseModel):
    """A person chosen for allocation, as the Allocate dialog lists them before the manager
    confirms: who they are and who holds them now."""

    model_config = ConfigDict(frozen=True)

    person_id: int
    name: str
    prison_number: str | None
    officer_id: int | None
    officer: str | None
