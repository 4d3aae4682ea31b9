"""Completion by rule: every combination of attended, not attended and no outcome."""

from __future__ import annotations

import datetime as dt

import pytest
from pydantic import ValidationError

from resettle.domain.programme_attendance import AttendanceOutcome
from resettle.domain.programme_completion import (
    CompletionOutcome,
    EndedEarly,
    EndedEarlyKind,
    PlannedSession,
    ProgrammeHistoryEntry,
    ProgrammeSetting,
    SessionKind,
    completion_of,
)

A = AttendanceOutcome
C = CompletionOutcome
ATTENDED = "attended"
ABSENT = "absent"
NONE = "no outcome"
#: Each state as the two ways it is recorded (the first and second session use one each).
STATES = {
    ATTENDED: (A.ATTENDED_COMPLIED, A.ATTENDED_FAILED_TO_COMPLY),
    ABSENT: (A.ACCEPTABLE_ABSENCE, A.UNACCEPTABLE_ABSENCE),
    NONE: (None, None),
}
DESELECTED = EndedEarly(
    kind=EndedEarlyKind.DESELECTED, reason_category="D_MOTIVATION", reason="D_MISSED"
)
WITHDRAWN = EndedEarly(kind=EndedEarlyKind.WITHDRAWN, reason_category="W_OPERATIONAL")


def sessions(first: str, second: str) -> list[PlannedSession]:
    return [
        PlannedSession(session_id=1, kind=SessionKind.GROUP, outcome=STATES[first][0]),
        PlannedSession(session_id=2, kind=SessionKind.ONE_TO_ONE, outcome=STATES[second][1]),
    ]


# first, second, not ended early, ended early
CASES = [
    (ATTENDED, ATTENDED, C.COMPLETE, C.NOT_COMPLETED),
    (ATTENDED, ABSENT, C.COMPLETE, C.NOT_COMPLETED),
    (ATTENDED, NONE, C.IN_PROGRESS, C.NOT_COMPLETED),
    (ABSENT, ATTENDED, C.COMPLETE, C.NOT_COMPLETED),
    (ABSENT, ABSENT, C.CANCELLED, C.CANCELLED),
    (ABSENT, NONE, C.IN_PROGRESS, C.CANCELLED),
    (NONE, ATTENDED, C.IN_PROGRESS, C.NOT_COMPLETED),
    (NONE, ABSENT, C.IN_PROGRESS, C.CANCELLED),
    (NONE, NONE, C.IN_PROGRESS, C.CANCELLED),
]


@pytest.mark.parametrize(("first", "second", "running", "_ended"), CASES)
def test_not_ended_early(first: str, second: str, running: C, _ended: C) -> None:
    result = completion_of(sessions(first, second))
    assert result.outcome is running
    assert result.planned == 2
    assert result.with_outcome == [first, second].count(ATTENDED) + [first, second].count(ABSENT)
    assert result.attended == result.substantive_attended == [first, second].count(ATTENDED)
    assert result.without_outcome == [first, second].count(NONE)
    assert result.ended_early is None and result.reason_category is None


@pytest.mark.parametrize("ending", [DESELECTED, WITHDRAWN], ids=["deselected", "withdrawn"])
@pytest.mark.parametrize(("first", "second", "_running", "ended"), CASES)
def test_ended_early(first: str, second: str, _running: C, ended: C, ending: EndedEarly) -> None:
    result = completion_of(sessions(first, second), ending)
    assert result.outcome is ended
    assert result.ended_early is ending.kind
    assert result.reason_category == ending.reason_category
    assert result.reason == ending.reason
    assert result.attended == [first, second].count(ATTENDED)


@pytest.mark.parametrize(("first", "second", "_running", "_ended"), CASES)
def test_released_with_sessions_to_run_is_in_progress_at_release(
    first: str, second: str, _running: C, _ended: C
) -> None:
    """Released part way (the planned sessions stop at release): in progress at release
    whatever the sessions before it; ended early, the ending still decides."""
    released = dt.date(2027, 2, 1)
    result = completion_of(sessions(first, second), released_on=released)
    assert result.outcome is C.IN_PROGRESS and result.released_on == released
    ended = completion_of(sessions(first, second), DESELECTED, released_on=released)
    assert ended.outcome is _ended and ended.released_on is None


def test_the_pre_group_session_alone_does_not_make_a_programme_complete() -> None:
    only_pre_group = [
        PlannedSession(session_id=1, kind=SessionKind.PRE_GROUP, outcome=A.ATTENDED_COMPLIED),
        PlannedSession(session_id=2, kind=SessionKind.GROUP, outcome=A.UNACCEPTABLE_ABSENCE),
    ]
    result = completion_of(only_pre_group)
    assert result.outcome is C.CANCELLED
    assert (result.attended, result.substantive_attended) == (1, 0)
    assert completion_of(only_pre_group, DESELECTED).outcome is C.CANCELLED


def test_a_catch_up_session_attended_counts_as_substantive() -> None:
    caught_up = [
        PlannedSession(session_id=1, kind=SessionKind.GROUP, outcome=A.ACCEPTABLE_ABSENCE),
        PlannedSession(
            session_id=2, kind=SessionKind.ONE_TO_ONE, catch_up=True, outcome=A.ATTENDED_COMPLIED
        ),
    ]
    assert completion_of(caught_up).outcome is C.COMPLETE


def test_a_rescheduled_session_is_kept_but_its_replacement_counts() -> None:
    rescheduled = [
        PlannedSession(session_id=1, kind=SessionKind.GROUP, outcome=A.ATTENDED_COMPLIED),
        PlannedSession(session_id=2, kind=SessionKind.GROUP, replaced_by=3),
        PlannedSession(session_id=3, kind=SessionKind.GROUP, outcome=A.ATTENDED_COMPLIED),
    ]
    result = completion_of(rescheduled)
    assert result.outcome is C.COMPLETE
    assert result.planned == 2
    waiting = [*rescheduled[:2], rescheduled[2].model_copy(update={"outcome": None})]
    assert completion_of(waiting).outcome is C.IN_PROGRESS


def _held(session_id: int, module: int, number: int, **more: object) -> PlannedSession:
    """A session of ``module`` the person has a place for (``more``: outcome, catch_up...)."""
    return PlannedSession.model_validate(
        {
            "session_id": session_id,
            "kind": SessionKind.GROUP,
            "group_id": 1,
            "module_number": module,
            "session_number": number,
            **more,
        }
    )


def _missed(session_id: int, module: int, number: int, kind: SessionKind = SessionKind.GROUP):  # type: ignore[no-untyped-def]
    """A session the group held before the person joined."""
    return _held(session_id, module, number, kind=kind, before_joining=True)


LATE_JOINER = [
    _missed(1, 1, 1, SessionKind.PRE_GROUP),  # preparation: not owed
    _missed(2, 2, 1),
    _missed(3, 2, 2),
    _missed(4, 3, 1, SessionKind.ONE_TO_ONE),  # someone else's one-to-one: not owed
    _missed(5, 4, 1),
    _held(6, 4, 2, outcome=A.ATTENDED_COMPLIED),
    _held(7, 4, 3, outcome=A.UNACCEPTABLE_ABSENCE),
]


@pytest.mark.parametrize(
    ("catch_ups", "outcome", "needed"),
    [
        # None held: the three group sessions held before they joined need catch-ups.
        ([], C.IN_PROGRESS, (2, 2, 4)),
        # One of module 2, session 2: it meets session 2 exactly; module 2 still owes one.
        ([_held(8, 2, 2, catch_up=True, outcome=A.ATTENDED_COMPLIED)], C.IN_PROGRESS, (2, 4)),
        # A catch-up with no mark for them meets nothing (it is not theirs yet).
        ([_held(8, 2, 1, catch_up=True)], C.IN_PROGRESS, (2, 2, 4)),
        # A catch-up of another module does not meet module 2's.
        (
            [_held(8, 4, 1, catch_up=True, outcome=A.ATTENDED_COMPLIED)],
            C.IN_PROGRESS,
            (2, 2),
        ),
        # Third trial: absent from a catch-up (acceptable or not), nothing was delivered:
        # the session it repeats still needs a catch-up.
        (
            [
                _held(8, 2, 1, catch_up=True, outcome=A.ACCEPTABLE_ABSENCE),
                _held(9, 2, 2, catch_up=True, outcome=A.UNACCEPTABLE_ABSENCE),
            ],
            C.IN_PROGRESS,
            (2, 2, 4),
        ),
        # Three catch-ups attended: every session is met.
        (
            [
                _held(8, 2, 1, catch_up=True, outcome=A.ATTENDED_COMPLIED),
                _held(9, 2, 1, catch_up=True, outcome=A.ATTENDED_COMPLIED),
                _held(10, 4, 1, catch_up=True, outcome=A.ATTENDED_FAILED_TO_COMPLY),
            ],
            C.COMPLETE,
            (),
        ),
    ],
    ids=["none", "one_exact", "unmarked", "other_module", "absent", "all_met"],
)
def test_sessions_held_before_a_late_joiner_joined_need_a_catch_up_of_their_module(
    catch_ups: list[PlannedSession], outcome: C, needed: tuple[int, ...]
) -> None:
    result = completion_of([*LATE_JOINER, *catch_ups])
    assert result.outcome is outcome
    assert result.catch_ups_needed == needed
    assert result.catch_up_modules == tuple(sorted(set(needed)))
    unmarked = sum(1 for c in catch_ups if c.outcome is None)
    # Planned: the two held since joining, the catch-ups, and the sessions still owed.
    assert result.planned == 2 + len(catch_ups) + len(needed)
    assert result.without_outcome == len(needed) + unmarked


def test_a_late_joiner_who_only_missed_pre_group_and_one_to_one_sessions_owes_nothing() -> None:
    """Rule 5 keeps the existing meaning for those who missed nothing of the group's content:
    the result is as if the sessions before joining were not there."""
    held = [_held(6, 2, 1, outcome=A.ATTENDED_COMPLIED)]
    missed = [
        _missed(1, 1, 1, SessionKind.PRE_GROUP),
        _missed(2, 3, 1, SessionKind.ONE_TO_ONE),
    ]
    assert completion_of([*missed, *held]) == completion_of(held)
    assert completion_of([*missed, *held]).outcome is C.COMPLETE


def test_a_session_held_in_a_group_they_moved_from_meets_the_same_one_held_before_joining() -> None:
    """Moved from one group to another: module 2 session 1 attended in the first group meets
    the second group's module 2 session 1 held before they joined it."""
    sessions = [
        _held(1, 2, 1, outcome=A.ATTENDED_COMPLIED, group_id=7),  # first group
        _missed(2, 2, 1),  # second group, before they joined
        _missed(3, 2, 2),
        _held(4, 2, 3, outcome=A.ATTENDED_COMPLIED),
    ]
    result = completion_of(sessions)
    assert result.catch_ups_needed == (2,)  # session 2 only
    assert result.outcome is C.IN_PROGRESS
    # The same module and session held again in the same group (not a catch-up) meets
    # nothing: only a catch-up repeats a session within a group.
    same_group = [sessions[0].model_copy(update={"group_id": 1}), *sessions[1:]]
    assert completion_of(same_group).catch_ups_needed == (2, 2)


def test_a_late_joiner_ended_early_is_judged_on_what_they_attended() -> None:
    """Sessions owed do not change how an ended-early referral ended."""
    assert completion_of(LATE_JOINER, DESELECTED).outcome is C.NOT_COMPLETED
    only_owed = [s for s in LATE_JOINER if s.before_joining]
    assert completion_of(only_owed, WITHDRAWN).outcome is C.CANCELLED
    assert completion_of(only_owed).outcome is C.IN_PROGRESS


def test_nothing_planned_is_still_in_progress_until_it_ends() -> None:
    assert completion_of([]).outcome is C.IN_PROGRESS
    assert completion_of([], WITHDRAWN).outcome is C.CANCELLED


def test_an_ended_early_referral_needs_a_reason_category() -> None:
    with pytest.raises(ValidationError) as raised:
        EndedEarly(kind=EndedEarlyKind.WITHDRAWN, reason_category=" ")
    assert raised.value.errors()[0]["loc"] == ("reason_category",)


def test_a_history_entry_records_programme_setting_dates_and_outcome() -> None:
    entry = ProgrammeHistoryEntry(
        programme_code="BC-H",
        programme_name="Building Choices (high intensity)",
        setting=ProgrammeSetting.CUSTODY,
        started_on=dt.date(2026, 3, 2),
        ended_on=dt.date(2026, 7, 24),
        outcome=C.NOT_COMPLETED,
        reason_category="D_OPERATIONAL",
        reason="D_TRANSFER_PROCESS",
    )
    assert entry.outcome is C.NOT_COMPLETED and entry.setting is ProgrammeSetting.CUSTODY


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"ended_on": dt.date(2026, 3, 1)}, "ended_on is before started_on"),
        ({"outcome": C.COMPLETE, "reason_category": "D_OTHER"}, "no reason category"),
    ],
)
def test_a_history_entry_that_contradicts_itself_is_refused(
    changes: dict[str, object], message: str
) -> None:
    values: dict[str, object] = {
        "programme_code": "KAI",
        "programme_name": "Kaizen",
        "setting": "custody",
        "started_on": dt.date(2026, 3, 2),
        "outcome": "complete",
    }
    values.update(changes)
    with pytest.raises(ValidationError, match=message):
        ProgrammeHistoryEntry.model_validate(values)
