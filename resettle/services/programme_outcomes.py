"""How a referral's programme ended, worked out by rule and put on the person's programme
history: one shared staging function for the completion the programme team confirms
(``programme_attendance.confirm_completion``) and for a referral deselected or withdrawn
(``programme_referrals.move_referral``), so every ending is recorded the same way.

Staging helpers only: they run inside the caller's unit of work, after its reach and
permission checks, and neither audit nor commit.

Which sessions are planned for a referral (``planned_sessions``): the sessions of the groups
where it held a place, that started while it held the place (and, in a custody group, not
after the day the person was released: planned sessions stop at release); a replaced (rescheduled)
session is kept but not counted; a one-to-one session only when it is tied to the referral's
place (``programme_one_to_one_sessions``); a catch-up session only when the referral has a
mark there (a catch-up is for those who missed the session it repeats, not for the whole
group). A session of a module the catalogue marks ``pre_group`` is planned as a pre-group
session: it is not substantive (``domain/programme_completion.py``). A session the group held
before the referral first joined it (not replaced, not a catch-up) is planned too, marked
``before_joining``: a late joiner's completion needs a catch-up for each group session of
the programme's content held before they joined (rule 5 of the completion rule).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from resettle.domain import clock
from resettle.domain.errors import ValidationFailed
from resettle.domain.moments import aware as _aware
from resettle.domain.programme_completion import (
    CompletionOutcome,
    CompletionResult,
    EndedEarly,
    EndedEarlyKind,
    PlannedSession,
    SessionKind,
    completion_of,
)
from resettle.domain.programme_group_places import PlaceEnd, released_by, session_day
from resettle.domain.programme_history import EntrySource
from resettle.domain.programme_referral_statuses import (
    STATUSES,
    ProgrammeReferralStatus,
    StatusDefinition,
)
from resettle.domain.programme_referrals import GroupFull
from resettle.domain.programmes.catalogue import Programme
from resettle.domain.staff import Actor
from resettle.domain.text_fields import STORED
from resettle.services.unit_of_work import UnitOfWork
from resettle.storage.tables.programme_history import ProgrammeHistoryRow
from resettle.storage.tables.programme_referrals import (
    ProgrammeGroupMemberRow,
    ProgrammeReferralRow,
)
from resettle.storage.tables.programmes import ProgrammeSessionRow

_ONE_DAY = dt.timedelta(days=1)
_ENDED_EARLY = {
    ProgrammeReferralStatus.DESELECTED.value: EndedEarlyKind.DESELECTED,
    ProgrammeReferralStatus.WITHDRAWN.value: EndedEarlyKind.WITHDRAWN,
}
_ENDED_EARLY_STATUS = {
    kind: status
    for status in STATUSES
    for code, kind in _ENDED_EARLY.items()
    if status.code == code
}
_OUTCOME_WORDS = {
    CompletionOutcome.NOT_COMPLETED: "not completed",
    CompletionOutcome.CANCELLED: "cancelled (no substantive session was attended)",
    CompletionOutcome.IN_PROGRESS: "in progress",
    CompletionOutcome.COMPLETE: "complete",
}


def planned_sessions(
    uow: UnitOfWork, row: ProgrammeReferralRow
) -> tuple[list[PlannedSession], list[ProgrammeSessionRow]]:
    """The referral's planned sessions with its current outcomes (module docstring), and the
    session rows counted (for the dates)."""
    places = uow.programme_referrals.places_of([row.id])
    if not places:
        return [], []
    attendance = uow.programme_attendance
    marks = attendance.current_marks_of_referral(row.id)
    tied = attendance.one_to_ones_of([place.id for place in places])
    member_ids = {place.id for place in places}
    sessions = attendance.sessions_of_groups({place.group_id for place in places})
    replacement_of = {s.replaces_session_id: s.id for s in sessions if s.replaces_session_id}
    pre_group = _pre_group_modules(uow, row)
    first_joined: dict[int, dt.datetime] = {}
    for place in places:
        joined = first_joined.get(place.group_id)
        if joined is None or place.joined_at < joined:
            first_joined[place.group_id] = place.joined_at
    person = uow.people.get(row.person_id)
    release_date = person.release_date if person is not None else None
    custody = _custody_groups(uow, {place.group_id for place in places})
    planned: list[PlannedSession] = []
    counted: list[ProgrammeSessionRow] = []
    for session in sessions:
        held = any(
            place.group_id == session.group_id
            and place.joined_at <= session.starts_at
            and (place.left_at is None or place.left_at > session.starts_at)
            for place in places
        )
        if released_by(
            release_date, session.group_id in custody, session_day(session.starts_at) - _ONE_DAY
        ):
            held = False  # released before the session: planned no more
        if session.id in marks:
            held = True
        if not held:
            if _held_before_joining(session, first_joined):
                planned.append(
                    PlannedSession(
                        session_id=session.id,
                        kind=(
                            SessionKind.PRE_GROUP
                            if session.module_number in pre_group
                            else SessionKind(session.session_type)
                        ),
                        group_id=session.group_id,
                        module_number=session.module_number,
                        session_number=session.session_number,
                        before_joining=True,
                    )
                )
            continue
        if (
            session.session_type == SessionKind.ONE_TO_ONE.value
            and tied.get(session.id) not in member_ids
        ):
            continue
        if session.is_catch_up and session.id not in marks:
            continue
        replaced_by = None
        if session.replaced_at is not None:
            replaced_by = replacement_of.get(session.id, session.id)
        outcome = marks.get(session.id)
        planned.append(
            PlannedSession.model_validate(
                {
                    "session_id": session.id,
                    "kind": (
                        SessionKind.PRE_GROUP.value
                        if session.module_number in pre_group
                        else session.session_type
                    ),
                    "catch_up": session.is_catch_up,
                    "outcome": outcome,
                    "replaced_by": replaced_by,
                    "group_id": session.group_id,
                    "module_number": session.module_number,
                    "session_number": session.session_number,
                },
                context=STORED,
            )
        )
        if replaced_by is None:
            counted.append(session)
    return planned, counted


def _held_before_joining(
    session: ProgrammeSessionRow, first_joined: dict[int, dt.datetime]
) -> bool:
    """The group held ``session`` before the referral first joined it (not a replaced
    session, whose replacement stands for it, nor a catch-up, which repeats another)."""
    joined = first_joined.get(session.group_id)
    return (
        joined is not None
        and _aware(session.starts_at) < _aware(joined)
        and session.replaced_at is None
        and not session.is_catch_up
    )


def _custody_groups(uow: UnitOfWork, group_ids: set[int]) -> set[int]:
    """Those of the groups whose offering runs in custody (at an establishment)."""
    custody = set()
    for group_id in group_ids:
        group = uow.programmes.group(group_id)
        offering = uow.programmes.offering(group.offering_id) if group is not None else None
        if offering is not None and offering.establishment_id is not None:
            custody.add(group_id)
    return custody


def _pre_group_modules(uow: UnitOfWork, row: ProgrammeReferralRow) -> frozenset[int]:
    """The numbers of the referral's programme's pre-group modules, as the catalogue marks
    them: their sessions (catch-ups of them too) are not substantive."""
    programme_row = uow.programmes.programme(row.programme_id)
    if programme_row is None:
        return frozenset()
    programme = Programme.model_validate(programme_row.definition, context=STORED)
    return frozenset(module.number for module in programme.modules if module.pre_group)


def completion_result(uow: UnitOfWork, row: ProgrammeReferralRow) -> CompletionResult:
    """The completion rule applied to the referral as it stands (its status says whether it
    ended early; the reason category is its last move's; a release with sessions still to
    run leaves it in progress at release)."""
    planned, _counted = planned_sessions(uow, row)
    return completion_of(planned, _ended_early(uow, row), released_mid_programme(uow, row))


def released_mid_programme(uow: UnitOfWork, row: ProgrammeReferralRow) -> dt.date | None:
    """The person's release date when they were released from custody while holding a place
    in a custody group that has sessions (not replaced, not catch-ups) after the release day
    the place would have had: the planned sessions stopped at release with the programme
    unfinished. None otherwise."""
    person = uow.people.get(row.person_id)
    release_date = person.release_date if person is not None else None
    if release_date is None or release_date > clock.today():
        return None
    places = uow.programme_referrals.places_of([row.id])
    custody = _custody_groups(uow, {place.group_id for place in places})
    for session in uow.programme_attendance.sessions_of_groups(custody):
        if (
            session.replaced_at is not None
            or session.is_catch_up
            or session.session_type == SessionKind.ONE_TO_ONE.value
            or session_day(session.starts_at) <= release_date
        ):
            continue
        if any(
            place.group_id == session.group_id
            and _aware(place.joined_at) <= _aware(session.starts_at)
            and (place.left_at is None or _aware(place.left_at) > _aware(session.starts_at))
            for place in places
        ):
            return release_date
    return None


def _ended_early(uow: UnitOfWork, row: ProgrammeReferralRow) -> EndedEarly | None:
    kind = _ENDED_EARLY.get(row.status)
    if kind is None:
        return None
    last = uow.programme_referrals.last_entry(row.id)
    return EndedEarly(
        kind=kind,
        reason_category=(last.category if last and last.category else "UNKNOWN"),
        reason=last.reason if last else None,
    )


#: What to do about a programme the rule finds cancelled while the referral is still on it.
_CANCELLED_NEXT = (
    "Next: plan a catch-up session for them and record its outcome, or, if they will not take "
    "part, move the referral to Deselected"
)
#: What to do about a referral that is closed: nothing, unless the closing move was a mistake.
_CLOSED_NEXT = (
    "There is nothing to confirm. If the move to {status} was a mistake, correct the "
    "referral's last move: the referral reopens and its completion can be checked again"
)


def not_complete(result: CompletionResult) -> ValidationFailed:
    """The refusal of a completion the rule does not find, naming what is missing and what
    can be done next."""
    if result.outcome is CompletionOutcome.IN_PROGRESS and result.released_on is not None:
        words = (
            f"the person was released on {result.released_on.isoformat()} with sessions of the "
            "programme still to run, so it is in progress at release: it carries on in the "
            "community (the plan suggests the follow-on)"
        )
        code = "completion.released_mid_programme"
    elif result.outcome is CompletionOutcome.IN_PROGRESS:
        if result.planned == 0:
            words = "no session is planned for it"
        elif result.planned == 1:
            words = "its one planned session has no outcome yet"
        else:
            have = "has" if result.without_outcome == 1 else "have"
            words = (
                f"{result.without_outcome} of its {result.planned} planned sessions {have} no "
                "outcome yet"
            )
        if result.catch_ups_needed:
            words += ". " + catch_ups_needed_words(result)
        code = "completion.sessions_without_outcome"
    elif result.outcome is CompletionOutcome.CANCELLED and result.ended_early is None:
        words = (
            "every planned session has an outcome but none was attended, so the programme is "
            f"cancelled. {_CANCELLED_NEXT}"
        )
        code = "completion.none_attended"
    else:
        ended = _ENDED_EARLY_STATUS.get(result.ended_early) if result.ended_early else None
        status = ended.label if ended is not None else "closed"
        words = (
            f"the referral was moved to {status} before its sessions ran out, so the "
            f"programme is {_OUTCOME_WORDS[result.outcome]}. " + _CLOSED_NEXT.format(status=status)
        )
        code = "completion.ended_early"
    return ValidationFailed.single("referral_id", code, f"Completion: not complete: {words}")


def catch_ups_needed_words(result: CompletionResult) -> str:
    """What a late joiner still needs: "Catch-ups needed: 3 (modules 2 and 4), for the
    group sessions held before they joined; plan a catch-up of each and record its outcome"."""
    modules = [str(number) for number in result.catch_up_modules]
    named = modules[0] if len(modules) == 1 else ", ".join(modules[:-1]) + " and " + modules[-1]
    return (
        f"Catch-ups needed: {len(result.catch_ups_needed)} "
        f"({'module' if len(modules) == 1 else 'modules'} {named}), for the group sessions "
        "held before they joined; plan a catch-up of each and record its outcome"
    )


def refuse_closed_referral(status: StatusDefinition) -> ValidationFailed:
    """The refusal of a completion check on a referral that is closed, saying what can be
    done: nothing, or correct the move that closed it."""
    if status.code == ProgrammeReferralStatus.PROGRAMME_COMPLETE.value:
        return ValidationFailed.single(
            "referral_id",
            "completion.already_complete",
            "Completion: the referral is already at Programme complete; there is nothing "
            "more to confirm",
        )
    return ValidationFailed.single(
        "referral_id",
        "completion.referral_closed",
        f"Completion: the referral is {status.label} (closed). "
        + _CLOSED_NEXT.format(status=status.label),
    )


def record_referral_ending(
    actor: Actor,
    uow: UnitOfWork,
    row: ProgrammeReferralRow,
    today: dt.date,
    from_status: str | None = None,
) -> int | None:
    """Record the referral's ending (:func:`_record_ending`), and end its group place, if it
    holds one, in the same unit of work when it now stands at a closed status, or was just
    deselected keeping it open (moved ``from_status`` on programme to assessed as suitable
    or suitable but not ready): a person whose referral closed or who was taken off the
    programme leaves the group (its later registers and its capacity), and the place, ended,
    stays on record with who ended it and why. Returns the programme history entry's id, or
    None."""
    entry_id = _record_ending(actor, uow, row, today)
    end_place_after_move(actor, uow, row, from_status)
    return entry_id


def end_place_after_move(
    actor: Actor, uow: UnitOfWork, row: ProgrammeReferralRow, from_status: str | None
) -> None:
    """End the referral's group place, if it holds one, when its move from ``from_status``
    to where it now stands ends it (:func:`place_end_of`)."""
    end = place_end_of(uow, row.status, from_status)
    if end is not None:
        place = uow.programme_referrals.current_place(row.id)
        if place is not None:
            end_place(uow, actor, place, end)


def place_end_of(uow: UnitOfWork, status: str, from_status: str | None) -> PlaceEnd | None:
    """Why a move from ``from_status`` to ``status`` ends the referral's group place, or None
    when it keeps it."""
    on_programme = ProgrammeReferralStatus.ON_PROGRAMME.value
    if status == ProgrammeReferralStatus.DESELECTED.value:
        return PlaceEnd.DESELECTED
    if status == ProgrammeReferralStatus.PROGRAMME_COMPLETE.value:
        return PlaceEnd.COMPLETED
    if uow.programme_workflow.workflow().status(status).closed:
        return PlaceEnd.REFERRAL_CLOSED
    if from_status == on_programme and status != on_programme:
        return PlaceEnd.DESELECTED
    return None


def end_place(uow: UnitOfWork, actor: Actor, place: ProgrammeGroupMemberRow, end: PlaceEnd) -> None:
    """End the place now (database time), recording who ended it and why."""
    place.left_at = uow.programme_referrals.database_now()
    place.ended_by_id = actor.id
    place.end_reason = end.value


def restore_place_ended_by(
    uow: UnitOfWork, row: ProgrammeReferralRow, moved_at: dt.datetime
) -> bool:
    """A correction undid a move at ``moved_at`` that ended the referral's place (a move that
    closed it, or a deselection that kept it open): the place that move ended (left at or
    after it) is held again, as if never left. True when one was.

    The group is locked and its places counted as a place given is: when the freed place was
    given to someone else meanwhile and the group is full, the correction is refused
    (:class:`GroupFull`, saying what to do) rather than taking the group over its capacity."""
    if uow.programme_referrals.current_place(row.id) is not None:
        return False
    # The place that move ended is the first left at or after it. A place given later and
    # withdrawn by hand was not ended by the move: it stays withdrawn.
    ended = sorted(
        (
            place
            for place in uow.programme_referrals.places_of([row.id])
            if place.left_at is not None
            and _aware(place.left_at) >= _aware(moved_at)
            and place.end_reason != PlaceEnd.WITHDRAWN.value
        ),
        key=lambda place: _aware(place.left_at or moved_at),
    )
    if not ended:
        return False
    place = ended[0]
    group = uow.programme_referrals.group_for_update(place.group_id)
    taken = uow.programme_referrals.places_taken(place.group_id, clock.today())
    if group is not None and taken >= group.capacity:
        raise GroupFull(
            group.code,
            group.capacity,
            then=(
                "The correction would give this referral its place back: withdraw a place "
                "from the group (or raise its capacity) first, or move the referral on instead."
            ),
        )
    place.left_at = None
    place.ended_by_id = None
    place.end_reason = None
    return True


def _record_ending(
    actor: Actor, uow: UnitOfWork, row: ProgrammeReferralRow, today: dt.date
) -> int | None:
    """Append the referral's ending to the person's programme history (source ``referral``)
    when the referral now stands at programme complete, or was deselected or withdrawn after
    it held a group place (a referral that never reached a group never started the
    programme: it is not a programme in the person's history). Returns the entry's id, or
    None when nothing was appended. Called after the move's history entry is appended.
    A move to programme complete the rule does not find complete is refused
    (:func:`not_complete`), whether asked for as a move or as a confirmation."""
    if row.status != ProgrammeReferralStatus.PROGRAMME_COMPLETE.value and (
        row.status not in _ENDED_EARLY or not uow.programme_referrals.places_of([row.id])
    ):
        return None
    planned, counted = planned_sessions(uow, row)
    result = completion_of(planned, _ended_early(uow, row), released_mid_programme(uow, row))
    outcome = result.outcome
    if row.status == ProgrammeReferralStatus.PROGRAMME_COMPLETE.value and (
        outcome is not CompletionOutcome.COMPLETE
    ):
        # Programme complete only by the rule, whichever way the move was asked for.
        raise not_complete(result)
    programme = referral_programme(uow, row)
    location = establishment_name_of(uow, row)
    current = current_referral_entry(uow, row)
    dates = [s.starts_at.date() for s in counted]
    # The first session the place covered, as the entry in progress said (when no session
    # is counted: the day the in-progress entry gave, the move to On programme's).
    started_on = min(dates) if dates else None
    if started_on is None and current is not None and current.outcome != _WITHDRAWN:
        started_on = current.started_on
    ended_on = max([d for d in dates if d <= today], default=today)
    if started_on is not None and ended_on < started_on:
        ended_on = started_on
    history = referral_history_row(
        actor,
        row,
        # A referral ending again after a correction reopened it: the new ending supersedes
        # the entry the correction left, so the referral has one current entry.
        supersedes=current,
        programme_code=programme.code,
        programme_name=programme.name,
        setting=programme.setting.value,
        location=location,
        started_on=started_on,
        ended_on=ended_on,
        expected_end_on=None,
        outcome=outcome.value,
        reason_category=None if outcome is CompletionOutcome.COMPLETE else result.reason_category,
        reason=None if outcome is CompletionOutcome.COMPLETE else result.reason,
        evidence_intervention_id=programme.evidence_intervention_id,
    )
    uow.programme_history.add(history)
    return history.id


_WITHDRAWN = CompletionOutcome.WITHDRAWN.value


def referral_history_row(
    actor: Actor,
    row: ProgrammeReferralRow,
    *,
    supersedes: ProgrammeHistoryRow | None,
    **entry: Any,
) -> ProgrammeHistoryRow:
    """An entry of the person's programme history that follows the referral ``row`` (source
    ``referral``), superseding the referral's entry that stood, if any, recorded by
    ``actor``; ``entry`` gives the programme, dates, outcome and reason."""
    return ProgrammeHistoryRow(
        person_id=row.person_id,
        source=EntrySource.REFERRAL.value,
        referral_id=row.id,
        supersedes_id=supersedes.id if supersedes is not None else None,
        recorded_by_id=actor.id,
        recorded_by=actor.display_name,
        **entry,
    )


def referral_programme(uow: UnitOfWork, row: ProgrammeReferralRow) -> Programme:
    """The referral's programme as the catalogue defines it (never deleted, retired at most)."""
    programme_row = uow.programmes.programme(row.programme_id)
    assert programme_row is not None
    return Programme.model_validate(programme_row.definition, context=STORED)


def establishment_name_of(uow: UnitOfWork, row: ProgrammeReferralRow) -> str | None:
    """Where the referral's programme runs: its offering's establishment, by name."""
    if row.offering_id is None:
        return None
    offering = uow.programmes.offering(row.offering_id)
    if offering is None or offering.establishment_id is None:
        return None
    place = uow.staff.establishment(offering.establishment_id)
    return place.name if place is not None else None


def current_referral_entry(
    uow: UnitOfWork, row: ProgrammeReferralRow
) -> ProgrammeHistoryRow | None:
    """The referral's entry on the person's programme history that nothing supersedes."""
    entries = uow.programme_history.of_person(row.person_id)
    superseded = {e.supersedes_id for e in entries if e.supersedes_id is not None}
    mine = [e for e in entries if e.referral_id == row.id and e.id not in superseded]
    return mine[-1] if mine else None
