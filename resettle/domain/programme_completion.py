"""Whether a referral's programme was completed, by rule, and the person's programme history.

The rule (:func:`completion_of`), over the referral's planned sessions and how it ended:

1. A session replaced by another (rescheduled: ``replaced_by`` is set) is kept on record but
   not counted; the session that replaced it is.
2. A *substantive* session is a group or one-to-one session of the programme's content. The
   pre-group session (preparation and assessment before the group starts) is not substantive,
   as an initial assessment appointment is not in the interventions service. A catch-up
   session *is* substantive: it delivers the content of a session the person missed.
   "Attended" means attended and complied or attended but failed to comply.
3. Ended early (deselected or withdrawn):
   - at least one substantive session attended -> ``not_completed``, with the reason category;
   - none attended -> ``cancelled`` (the programme never really started), with the category.
4. Not ended early:
   - some counted session has no outcome yet (or none is planned) -> ``in_progress``;
   - every counted session has an outcome and a substantive one was attended -> ``complete``;
   - every counted session has an outcome and no substantive one was attended -> ``cancelled``.

The result is only a proposal: the programme team confirms completion.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from enum import StrEnum
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

from resettle.domain.programme_attendance import AttendanceOutcome

Code = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=60)]


class SessionKind(StrEnum):
    PRE_GROUP = "pre_group"
    GROUP = "group"
    ONE_TO_ONE = "one_to_one"


class PlannedSession(BaseModel):
    """One session planned for a referral, with the person's outcome if one is recorded."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    session_id: int = Field(gt=0)
    kind: SessionKind
    catch_up: bool = False
    outcome: AttendanceOutcome | None = None
    #: The session that replaced this one when it was rescheduled (this one is kept).
    replaced_by: int | None = None

    @property
    def counted(self) -> bool:
        return self.replaced_by is None

    @property
    def substantive(self) -> bool:
        return self.kind is not SessionKind.PRE_GROUP


class EndedEarlyKind(StrEnum):
    DESELECTED = "deselected"
    WITHDRAWN = "withdrawn"


class EndedEarly(BaseModel):
    """How a referral ended before its sessions ran out: the move and its reason category
    (a code of the referral workflow's categories, such as ``D_MOTIVATION``)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    kind: EndedEarlyKind
    reason_category: Code
    reason: Code | None = None


class CompletionOutcome(StrEnum):
    IN_PROGRESS = "in_progress"
    COMPLETE = "complete"
    NOT_COMPLETED = "not_completed"
    CANCELLED = "cancelled"

    @property
    def concluded(self) -> bool:
        return self is not CompletionOutcome.IN_PROGRESS


class CompletionResult(BaseModel):
    """What the rule found: the outcome, the counts behind it, and how it ended early."""

    model_config = ConfigDict(frozen=True)

    outcome: CompletionOutcome
    planned: int
    with_outcome: int
    attended: int
    substantive_attended: int
    ended_early: EndedEarlyKind | None = None
    reason_category: str | None = None
    reason: str | None = None
    #: The person was released from custody on this day with sessions of the programme still
    #: to run: the programme is in progress at release (it continues in the community).
    released_on: dt.date | None = None

    @property
    def without_outcome(self) -> int:
        return self.planned - self.with_outcome


def completion_of(
    sessions: Iterable[PlannedSession],
    ended_early: EndedEarly | None = None,
    released_on: dt.date | None = None,
) -> CompletionResult:
    """Apply the completion rule (module docstring) to a referral's planned sessions.
    ``released_on``: the person was released with sessions still to run (the planned
    sessions stop at release); not ended early, the programme is in progress at release,
    however the sessions before it went."""
    counted = [session for session in sessions if session.counted]
    marked = [session for session in counted if session.outcome is not None]
    attended = [session for session in marked if session.outcome and session.outcome.attended]
    substantive = sum(1 for session in attended if session.substantive)
    if ended_early is not None:
        outcome = CompletionOutcome.NOT_COMPLETED if substantive else CompletionOutcome.CANCELLED
    elif released_on is not None or not counted or len(marked) < len(counted):
        outcome = CompletionOutcome.IN_PROGRESS
    elif substantive:
        outcome = CompletionOutcome.COMPLETE
    else:
        outcome = CompletionOutcome.CANCELLED
    return CompletionResult(
        outcome=outcome,
        planned=len(counted),
        with_outcome=len(marked),
        attended=len(attended),
        substantive_attended=substantive,
        ended_early=ended_early.kind if ended_early else None,
        reason_category=ended_early.reason_category if ended_early else None,
        reason=ended_early.reason if ended_early else None,
        released_on=released_on if ended_early is None else None,
    )


class ProgrammeSetting(StrEnum):
    CUSTODY = "custody"
    COMMUNITY = "community"


class ProgrammeHistoryEntry(BaseModel):
    """One programme in a person's history: what, where, when, and how it ended."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    programme_code: Code
    programme_name: Annotated[
        str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)
    ]
    setting: ProgrammeSetting
    #: Where it ran: an establishment or a provider, as recorded (a code or a name).
    location: Annotated[str, StringConstraints(strip_whitespace=True, max_length=200)] | None = None
    started_on: dt.date | None = None
    ended_on: dt.date | None = None
    #: For a programme in progress: when it is expected to end (None: not known).
    expected_end_on: dt.date | None = None
    outcome: CompletionOutcome
    reason_category: Code | None = None
    reason: Code | None = None
    #: The evidence pack's intervention the programme is, where there is one.
    evidence_intervention_id: (
        Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=80)] | None
    ) = None

    @model_validator(mode="after")
    def _ends_after_start(self) -> ProgrammeHistoryEntry:
        if self.started_on and self.ended_on and self.ended_on < self.started_on:
            raise ValueError("ended_on is before started_on")
        if self.reason_category is not None and self.outcome is CompletionOutcome.COMPLETE:
            raise ValueError("a completed programme has no reason category")
        return self
