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

from resettle.domain.errors import FieldProblem

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


class CaseClosureInput(BaseModel):
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


class AllocationInput(BaseModel):
    """A manager's allocation of one or more people to an officer."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    person_ids: tuple[int, ...] = Field(min_length=1, max_length=10_000, title="People")
    officer_id: int = Field(title="Officer")
