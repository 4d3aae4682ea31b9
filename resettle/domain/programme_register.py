"""What the register service reads out for one session: the :class:`Register` to mark
(``programme_attendance``), the session's facts, and the marks already recorded.

A saved mark is not changed in the register: it is corrected with :class:`MarkCorrection`,
which records a new mark superseding the current one (the earlier marks stay on record).
"""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel, ConfigDict, Field

from resettle.domain.programme_attendance import AbsenceReason, AttendanceOutcome, Register
from resettle.domain.programme_completion import CompletionResult


class CurrentMark(BaseModel):
    """A place's current mark at a session; ``mark_number`` above 1: it corrects earlier
    marks."""

    model_config = ConfigDict(frozen=True)

    membership_id: int
    outcome: AttendanceOutcome
    absence_reason: AbsenceReason | None = None
    note: str = ""
    mark_number: int
    recorded_at: dt.datetime


class SessionRegister(BaseModel):
    """One session's register as its reader may see it: ``sheet`` is the register to mark."""

    model_config = ConfigDict(frozen=True)

    sheet: Register
    session_name: str
    session_type: str
    catch_up: bool
    group_code: str
    programme_code: str
    current: tuple[CurrentMark, ...] = ()


class MarkCorrection(BaseModel):
    """A new mark for one place at one session, superseding ``expected_mark_number``."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    membership_id: int = Field(gt=0, title="Place")
    expected_mark_number: int = Field(gt=0, title="Mark corrected")
    outcome: AttendanceOutcome = Field(title="Outcome")
    absence_reason: AbsenceReason | None = Field(default=None, title="Absence reason")
    note: str = Field(default="", title="Note")


class AttendanceCounts(BaseModel):
    """What one save recorded: marks by outcome."""

    model_config = ConfigDict(frozen=True)

    session_id: int
    by_outcome: dict[str, int]

    @property
    def recorded(self) -> int:
        return sum(self.by_outcome.values())


class ReferralCompletion(BaseModel):
    """What the completion rule finds for a referral, and the referral's revision."""

    model_config = ConfigDict(frozen=True)

    result: CompletionResult
    revision: int
