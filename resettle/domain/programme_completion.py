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

5. A late joiner: a group session of the programme's content that the group held before the
   person joined (``before_joining``) is planned for them all the same, with no outcome, so
   it is not silently dropped. It is met (not counted, like a replaced session) by a session
   of the same module the person *attended* that is a catch-up, or the same session held in
   another group they had a place in (an absence delivers nothing): the same module and
   session number first, then any catch-up of the module. Until met it needs a catch-up
   (``catch_ups_needed``). A pre-group session held before they joined is not owed
   (preparation before joining, not content), nor is a one-to-one session (it was someone
   else's).

The result is only a proposal: the programme team confirms completion.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from enum import StrEnum
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

from resettle.domain.programme_attendance import AttendanceOutcome
from resettle.domain.text_fields import CheckedText

Code = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=60)]


class SessionKind(StrEnum):
    PRE_GROUP = "pre_group"
    GROUP = "group"
    ONE_TO_ONE = "one_to_one"


class PlannedSession(CheckedText):
    """One session planned for a referral, with the person's outcome if one is recorded."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    session_id: int = Field(gt=0)
    kind: SessionKind
    catch_up: bool = False
    outcome: AttendanceOutcome | None = None
    #: The session that replaced this one when it was rescheduled (this one is kept).
    replaced_by: int | None = None
    #: The group that held it, and which module and session of the programme it is (to
    #: match catch-ups to it).
    group_id: int | None = None
    module_number: int | None = None
    session_number: int | None = None
    #: Held by the group before the person joined it (rule 5 of the module docstring).
    before_joining: bool = False
    #: The session of the person's that meets it, once one does (rule 5).
    met_by: int | None = None

    @property
    def counted(self) -> bool:
        return self.replaced_by is None and self.met_by is None and self.owed

    @property
    def owed(self) -> bool:
        """Planned for the person: every session, except one held before they joined that
        is not a group session of the programme's content (rule 5)."""
        return not self.before_joining or self.kind is SessionKind.GROUP

    @property
    def needs_catch_up(self) -> bool:
        return self.before_joining and self.counted

    @property
    def substantive(self) -> bool:
        return self.kind is not SessionKind.PRE_GROUP


class EndedEarlyKind(StrEnum):
    DESELECTED = "deselected"
    WITHDRAWN = "withdrawn"


class EndedEarly(CheckedText):
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
    #: Only on the programme history, never found by the rule: the entry it supersedes no
    #: longer holds (recorded in error, or the person is no longer on the programme: a move
    #: to On programme corrected, or a deselection that keeps the referral open). It is no
    #: programme done or in progress; the history shows it in the trail of corrections.
    WITHDRAWN = "withdrawn"

    @property
    def concluded(self) -> bool:
        return self is not CompletionOutcome.IN_PROGRESS

    @property
    def holds(self) -> bool:
        """Does an entry with this outcome say something about a programme (not withdrawn)?"""
        return self is not CompletionOutcome.WITHDRAWN


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
    #: The module of each session held before the person joined that still needs a
    #: catch-up (rule 5), in order; empty when none does.
    catch_ups_needed: tuple[int, ...] = ()
    #: The person was released from custody on this day with sessions of the programme still
    #: to run: the programme is in progress at release (it continues in the community).
    released_on: dt.date | None = None

    @property
    def without_outcome(self) -> int:
        return self.planned - self.with_outcome

    @property
    def catch_up_modules(self) -> tuple[int, ...]:
        """The modules needing a catch-up, each once, in order."""
        return tuple(sorted(set(self.catch_ups_needed)))


def meet_with_catch_ups(sessions: Iterable[PlannedSession]) -> list[PlannedSession]:
    """The sessions with each one held before the person joined met, where it can be, by a
    marked session of theirs (rule 5 of the module docstring); each meets at most one."""
    planned = list(sessions)
    # Only a session the person attended delivers the content they missed: an absence from
    # a catch-up (acceptable or not) leaves the catch-up still needed.
    candidates = [
        s
        for s in planned
        if not s.before_joining
        and s.counted
        and s.outcome is not None
        and s.outcome.attended
        and s.module_number
    ]
    used: set[int] = set()

    def find(owed: PlannedSession, exact: bool) -> PlannedSession | None:
        for candidate in candidates:
            if candidate.session_id in used or candidate.module_number != owed.module_number:
                continue
            same = candidate.session_number == owed.session_number
            # The same session, held again: a catch-up, or one in another group.
            again = candidate.catch_up or candidate.group_id != owed.group_id
            if (exact and same and again) or (not exact and candidate.catch_up):
                return candidate
        return None

    met: dict[int, int] = {}
    owing = [s for s in planned if s.needs_catch_up]
    for exact in (True, False):
        for owed in owing:
            if owed.session_id in met:
                continue
            found = find(owed, exact)
            if found is not None:
                used.add(found.session_id)
                met[owed.session_id] = found.session_id
    return [
        s.model_copy(update={"met_by": met[s.session_id]}) if s.session_id in met else s
        for s in planned
    ]


def completion_of(
    sessions: Iterable[PlannedSession],
    ended_early: EndedEarly | None = None,
    released_on: dt.date | None = None,
) -> CompletionResult:
    """Apply the completion rule (module docstring) to a referral's planned sessions.
    ``released_on``: the person was released with sessions still to run (the planned
    sessions stop at release); not ended early, the programme is in progress at release,
    however the sessions before it went."""
    planned = meet_with_catch_ups(sessions)
    counted = [session for session in planned if session.counted]
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
        catch_ups_needed=tuple(sorted(s.module_number or 0 for s in planned if s.needs_catch_up)),
        released_on=released_on if ended_early is None else None,
    )


class ProgrammeSetting(StrEnum):
    CUSTODY = "custody"
    COMMUNITY = "community"


class ProgrammeHistoryEntry(CheckedText):
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
