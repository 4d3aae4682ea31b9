"""What the register service reads out for one session: the :class:`Register` to mark
(``programme_attendance``), the session's facts, and the marks already recorded.

A saved mark is not changed in the register: it is corrected with :class:`MarkCorrection`,
which records a new mark superseding the current one (the earlier marks stay on record) and
says why (``correction_reason``, required, at most :data:`CORRECTION_REASON_MAX_LENGTH`
characters). Each place's marks, first and corrections, are its :class:`MarkHistoryEntry`
list in :attr:`SessionRegister.history`.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, field_validator

from resettle.domain.programme_attendance import (
    NOTE_MAX_LENGTH,
    AbsenceReason,
    AttendanceOutcome,
    Register,
)
from resettle.domain.programme_completion import CompletionResult
from resettle.domain.text_fields import MULTI_LINE, CheckedText

#: The longest "why corrected" a mark's correction may carry.
CORRECTION_REASON_MAX_LENGTH = 200

CorrectionReason = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1, max_length=CORRECTION_REASON_MAX_LENGTH),
    MULTI_LINE,
]


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
    #: Why the mark corrects the one before (None on a first mark, and on a correction
    #: recorded before the reason was asked for).
    correction_reason: str | None = None


class MarkHistoryEntry(BaseModel):
    """One mark of a place at a session, as its history lists it: the first mark
    (``mark_number`` 1) and each correction, with why it was corrected and who recorded it
    (named by the account's display name)."""

    model_config = ConfigDict(frozen=True)

    membership_id: int
    mark_number: int
    outcome: AttendanceOutcome
    absence_reason: AbsenceReason | None = None
    note: str = ""
    correction_reason: str | None = None
    recorded_by: str = ""
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
    #: When the session ends (it starts at ``sheet.starts_at``), and its place in the
    #: programme (0: not known).
    ends_at: dt.datetime | None = None
    module_number: int = 0
    session_number: int = 0
    current: tuple[CurrentMark, ...] = ()
    #: Every mark of the rows' places, in place and mark order (first marks and corrections).
    history: tuple[MarkHistoryEntry, ...] = ()

    @field_validator("ends_at")
    @classmethod
    def _aware(cls, value: dt.datetime | None) -> dt.datetime | None:
        if value is None or value.tzinfo is not None:
            return value
        return value.replace(tzinfo=dt.UTC)

    def history_of(self, membership_id: int) -> tuple[MarkHistoryEntry, ...]:
        """The place's marks, first to current."""
        return tuple(entry for entry in self.history if entry.membership_id == membership_id)


class MarkCorrection(CheckedText):
    """A new mark for one place at one session, superseding ``expected_mark_number``."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    membership_id: int = Field(gt=0, title="Place")
    expected_mark_number: int = Field(gt=0, title="Mark corrected")
    outcome: AttendanceOutcome = Field(title="Outcome")
    absence_reason: AbsenceReason | None = Field(default=None, title="Absence reason")
    note: Annotated[str, StringConstraints(max_length=NOTE_MAX_LENGTH), MULTI_LINE] = Field(
        default="", title="Note"
    )
    correction_reason: CorrectionReason = Field(title="Why corrected")


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
