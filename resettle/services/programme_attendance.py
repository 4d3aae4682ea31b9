"""A session's attendance register, and completion by rule (``docs/attendance-register.md``).

Only the programme team records attendance and confirms completion
(``MANAGE_PROGRAMME_REFERRALS``, held by a role of theirs that reaches each person). A register
lists the places held in the session's group at the session (a one-to-one session: just the
place it is tied to), leaving out the people the account does not reach, as everywhere else.

A save is checked whole (``domain.programme_attendance.validate_register``) against the facts
read here, never the caller's: the caller's register gives only the marks. Any problem refuses
the whole save, naming the row's person and the field, and nothing is saved. Marks are added,
never changed: a correction is a new mark with the next number. Recording attendance touches
no revision of the person's record (nor a referral's), so an officer's open window is not
disturbed. One audit row per person marked (their outcome and reason codes), so each person's
subject access audit shows who recorded their attendance.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Mapping
from typing import Any

from sqlalchemy.exc import IntegrityError

from resettle.domain import clock
from resettle.domain.audit_actions import AuditAction
from resettle.domain.case_status import CaseIsClosed
from resettle.domain.errors import FieldProblem, ValidationFailed
from resettle.domain.moments import aware as _utc
from resettle.domain.permissions import Permission, PermissionDenied, require
from resettle.domain.programme_attendance import (
    AbsenceReason,
    AttendanceOutcome,
    Register,
    RegisterProblem,
    RegisterProblemCode,
    RegisterRow,
    marks_to_record,
    validate_register,
)
from resettle.domain.programme_completion import CompletionOutcome
from resettle.domain.programme_referral_statuses import ProgrammeReferralStatus
from resettle.domain.programme_referral_workflow import Workflow, WorkflowRoleGroup
from resettle.domain.programme_register import (
    AttendanceCounts,
    CurrentMark,
    MarkCorrection,
    MarkHistoryEntry,
    ReferralCompletion,
    SessionRegister,
)
from resettle.domain.programmes.catalogue import Programme
from resettle.domain.programmes.sessions import SESSION_ZONE
from resettle.domain.staff import Actor, Role
from resettle.domain.text_fields import STORED
from resettle.domain.validation import validate
from resettle.services import audit
from resettle.services.access_scope import person_permissions, scope_of
from resettle.services.known_codes import unknown_establishment
from resettle.services.person_access import CONCURRENT_EDIT_MESSAGE
from resettle.services.programme_offerings import unknown_record
from resettle.services.programme_outcomes import (
    completion_result,
    not_complete,
    record_referral_ending,
    refuse_closed_referral,
)
from resettle.services.programme_referrals import (
    append_entry,
    claim_referral,
    groups_reaching,
    referral_in_reach,
)
from resettle.services.programme_workflow import check_move_for
from resettle.services.staff_names import staff_names
from resettle.services.unit_of_work import UnitOfWork
from resettle.storage.errors import ConcurrentEdit
from resettle.storage.repositories.access import reach_condition
from resettle.storage.tables.people import PersonRow
from resettle.storage.tables.programme_attendance import (
    ProgrammeAttendanceRow,
    ProgrammeOneToOneSessionRow,
)
from resettle.storage.tables.programme_referrals import ProgrammeGroupMemberRow
from resettle.storage.tables.programmes import ProgrammeGroupRow, ProgrammeSessionRow

NEEDS = Permission.MANAGE_PROGRAMME_REFERRALS

_WORDS = {
    RegisterProblemCode.SESSION_IN_FUTURE: "the session has not started yet",
    RegisterProblemCode.NOT_IN_GROUP: "is not in this session's group",
    RegisterProblemCode.DUPLICATE_MARK: "is listed more than once",
    RegisterProblemCode.ALREADY_MARKED: "already has a mark for this session; correct it instead",
    RegisterProblemCode.OVER_CAPACITY: "more people are listed than the group has places",
    RegisterProblemCode.PERSON_RELEASED: "was released before the session and takes no mark",
    RegisterProblemCode.OUTCOME_MISSING: "has no mark",
    RegisterProblemCode.REASON_REQUIRED: "an acceptable absence needs a reason",
    RegisterProblemCode.REASON_NOT_ALLOWED: "a reason is only given for an acceptable absence",
    RegisterProblemCode.NOTE_REQUIRED: "the reason 'other' needs a note saying what it was",
    RegisterProblemCode.NOTE_TOO_LONG: "the note is longer than 2,000 characters",
}


def problem_words(code: RegisterProblemCode) -> str:
    """What a register problem says, without the row or the person ("has no mark")."""
    return _WORDS[code]


#: A register row's fields as the register and the correction form label them.
FIELD_LABELS = {
    "outcome": "Outcome",
    "absence_reason": "Reason",
    "note": "Note",
    "membership": "Place",
}
#: A correction's field for each register row field (``MarkCorrection``).
_CORRECTION_FIELDS = {"membership": "membership_id"}


def _who(row: RegisterRow) -> str:
    return f"{row.name} ({row.prison_number})" if row.prison_number else row.name


def problem_message(
    problem: RegisterProblem, register: Register, *, correction: bool = False
) -> FieldProblem:
    """The problem in words, naming the row's person (name and prison number) and the
    field by its label. ``correction``: the problem of a correction of one person's mark, which
    has no row number (its field is the correction's own)."""
    if problem.row is None:
        return FieldProblem(problem.field, problem.code.value, f"Register: {_WORDS[problem.code]}")
    row = register.rows[problem.row]
    label = FIELD_LABELS.get(problem.field, problem.field)
    if correction:
        return FieldProblem(
            _CORRECTION_FIELDS.get(problem.field, problem.field),
            problem.code.value,
            f"{_who(row)}, {label}: {_WORDS[problem.code]}",
        )
    return FieldProblem(
        f"rows[{problem.row}].{problem.field}",
        problem.code.value,
        f"Row {problem.row + 1}, {_who(row)}, {label}: {_WORDS[problem.code]}",
    )


# --- reading a session --------------------------------------------------------------------


def _session_in_reach(
    actor: Actor, uow: UnitOfWork, session_id: int
) -> tuple[ProgrammeSessionRow, ProgrammeGroupRow]:
    """The session and its group. A session of an establishment's offering is reached only
    by the programme team of that establishment; another establishment's session is refused
    as one that does not exist. (A probation team's offering has no establishment: the
    per-person checks, a programme-team role reaching each person, decide.)"""
    session = uow.programmes.session(session_id)
    group = uow.programmes.group(session.group_id) if session is not None else None
    offering = uow.programmes.offering(group.offering_id) if group is not None else None
    if session is None or group is None or offering is None:
        raise unknown_record("session_id", "Session")
    if offering.establishment_id is not None and offering.establishment_id not in (
        scope_of(actor, uow).establishments_of(Role.PROGRAMME_TEAM)
    ):
        raise unknown_record("session_id", "Session")
    return session, group


def _refuse_closed_referral(
    uow: UnitOfWork, workflow: Workflow, place: ProgrammeGroupMemberRow, field: str, who: str
) -> None:
    """A mark goes only to a referral still open: one completed, deselected or withdrawn has
    its ending on the person's programme history already."""
    referral = uow.programme_referrals.referral(place.referral_id)
    assert referral is not None
    status = workflow.status(referral.status)
    if not status.open:
        raise ValidationFailed.single(
            field,
            "programme_referral.not_open",
            f"{who}: the referral is {status.label}; a closed referral takes no mark",
        )


def _refuse_replaced(session: ProgrammeSessionRow) -> None:
    if session.replaced_at is not None:
        raise ValidationFailed.single(
            "session_id",
            "replaced",
            "Session: it was rescheduled and is kept on record only; mark the session that "
            "replaced it",
        )


def _places(
    uow: UnitOfWork, session: ProgrammeSessionRow, group: ProgrammeGroupRow
) -> list[ProgrammeGroupMemberRow]:
    places = uow.programme_attendance.members_at(group.id, session.starts_at)
    if session.session_type == "one_to_one":
        tie = uow.programme_attendance.one_to_one(session.id)
        return [p for p in places if tie is not None and p.id == tie.member_id]
    return places


def _visible(
    actor: Actor, uow: UnitOfWork, places: list[ProgrammeGroupMemberRow]
) -> list[tuple[ProgrammeGroupMemberRow, PersonRow]]:
    """The places whose person the account reaches (the others are left out unnamed)."""
    seen: list[tuple[ProgrammeGroupMemberRow, PersonRow]] = []
    for place in places:
        person = uow.people.get(place.person_id)
        if person is not None and person_permissions(actor, uow, person):
            seen.append((place, person))
    return seen


def _other_places(
    uow: UnitOfWork,
    session: ProgrammeSessionRow,
    group: ProgrammeGroupRow,
    seen: int,
) -> int:
    """The group's places at the session held by people the account does not see: every
    place counted (``places_held_at``, which counts those row-level security hides too) less
    the ``seen`` ones. A one-to-one session lists its one person only."""
    if session.session_type == "one_to_one":
        return 0
    return max(0, uow.programme_referrals.places_held_at(group.id, session.starts_at) - seen)


def _released(person: PersonRow, session: ProgrammeSessionRow) -> bool:
    return person.release_date is not None and person.release_date <= session.starts_at.date()


def _row_of(place: ProgrammeGroupMemberRow, person: PersonRow, session: ProgrammeSessionRow):  # type: ignore[no-untyped-def]
    return RegisterRow(
        membership_id=place.id,
        person_id=person.id,
        name=f"{person.given_name} {person.family_name}".strip(),
        prison_number=person.prison_number or "",
        limited_access=bool(person.restricted),
        released=_released(person, session),
    )


def _marked(given: RegisterRow | MarkCorrection, row: RegisterRow) -> RegisterRow:
    """``row`` (facts read here) with the mark, reason and note ``given`` asks for, checked
    as the model checks them."""
    return RegisterRow.model_validate(
        {
            **row.model_dump(),
            "outcome": given.outcome,
            "absence_reason": given.absence_reason,
            "note": given.note,
        }
    )


def register_for_session(actor: Actor, uow: UnitOfWork, session_id: int) -> SessionRegister:
    """The session's register as the account may see it: a row for each place it reaches,
    the group's capacity, and the current marks."""
    require(actor, NEEDS)
    with uow:
        session, group = _session_in_reach(actor, uow, session_id)
        _refuse_replaced(session)
        places = _places(uow, session, group)
        visible = _visible(actor, uow, places)
        marks = uow.programme_attendance.current_marks([session.id])
        current = tuple(
            CurrentMark.model_validate(
                {
                    "membership_id": place.id,
                    "outcome": marks[(session.id, place.id)].outcome,
                    "absence_reason": marks[(session.id, place.id)].absence_reason,
                    "note": marks[(session.id, place.id)].note,
                    "mark_number": marks[(session.id, place.id)].mark_number,
                    "recorded_at": marks[(session.id, place.id)].recorded_at,
                    "correction_reason": marks[(session.id, place.id)].correction_reason,
                }
            )
            for place, _person in visible
            if (session.id, place.id) in marks
        )
        history = _mark_history(uow, session.id, {place.id for place, _ in visible})
        offering = uow.programmes.offering(group.offering_id)
        programme = uow.programmes.programme(offering.programme_id) if offering else None
        register = Register(
            session_id=session.id,
            starts_at=session.starts_at,
            capacity=group.capacity,
            group_membership_ids=frozenset(place.id for place, _ in visible),
            already_marked=frozenset(mark.membership_id for mark in current),
            other_places=_other_places(uow, session, group, len(visible)),
            rows=tuple(_row_of(place, person, session) for place, person in visible),
            catch_up=session.is_catch_up,
        )
        return SessionRegister(
            sheet=register,
            session_name=session.name,
            session_type=session.session_type,
            catch_up=session.is_catch_up,
            group_code=group.code,
            programme_code=programme.code if programme else "",
            ends_at=session.ends_at,
            module_number=session.module_number,
            session_number=session.session_number,
            current=current,
            history=history,
        )


def _mark_history(
    uow: UnitOfWork, session_id: int, places: set[int]
) -> tuple[MarkHistoryEntry, ...]:
    """Every mark of the session's ``places`` (those the account sees), first marks and
    corrections, in place and mark order, naming who recorded each."""
    name_of = staff_names(uow)

    return tuple(
        MarkHistoryEntry(
            membership_id=mark.member_id,
            mark_number=mark.mark_number,
            outcome=AttendanceOutcome(mark.outcome),
            absence_reason=AbsenceReason(mark.absence_reason) if mark.absence_reason else None,
            note=mark.note,
            correction_reason=mark.correction_reason,
            recorded_by=name_of(mark.recorded_by_id),
            recorded_at=_utc(mark.recorded_at),
        )
        for mark in uow.programme_attendance.marks_of_session(session_id)
        if mark.member_id in places
    )


# --- recording ----------------------------------------------------------------------------


def _require_programme_team(actor: Actor, uow: UnitOfWork, person: PersonRow) -> None:
    if WorkflowRoleGroup.PROGRAMME_TEAM not in groups_reaching(actor, uow, person):
        raise PermissionDenied(actor, NEEDS)


def record_attendance(
    actor: Actor,
    uow: UnitOfWork,
    session_id: int,
    register: Register,
    now: dt.datetime | None = None,
) -> AttendanceCounts:
    """Record the register's marks in one unit of work. The session, its group, capacity,
    places, earlier marks and who is released are read here; only the rows' marks, reasons
    and notes are taken from ``register``. Refused whole (``ValidationFailed`` naming each
    row's person and field; ``PermissionDenied`` for an account that is not the programme
    team of a role reaching each person) with nothing saved."""
    require(actor, NEEDS)
    now = now or dt.datetime.now(dt.UTC)
    with uow:
        session, group = _session_in_reach(actor, uow, session_id)
        _refuse_replaced(session)
        if register.session_id != session.id:
            raise ValidationFailed.single(
                "session_id", "mismatch", "Session: the register is another session's"
            )
        visible = {
            place.id: (place, person)
            for place, person in _visible(actor, uow, _places(uow, session, group))
        }
        marks = uow.programme_attendance.current_marks([session.id])
        rows: list[RegisterRow] = []
        for given in register.rows:
            known = visible.get(given.membership_id)
            if known is None:  # not in the group, or a person the account does not reach
                rows.append(_marked(given, given.model_copy(update={"released": False})))
                continue
            place, person = known
            rows.append(_marked(given, _row_of(place, person, session)))
        checked = Register(
            session_id=session.id,
            starts_at=session.starts_at,
            capacity=group.capacity,
            group_membership_ids=frozenset(visible),
            already_marked=frozenset(m for (_s, m) in marks),
            other_places=_other_places(uow, session, group, len(visible)),
            rows=tuple(rows),
            catch_up=session.is_catch_up,
        )
        problems = validate_register(checked, now)
        if problems:
            raise ValidationFailed([problem_message(p, checked) for p in problems])
        to_record = marks_to_record(checked)
        position = {id(row): index for index, row in enumerate(checked.rows)}
        workflow = uow.programme_workflow.workflow()
        for row in to_record:
            place, person = visible[row.membership_id]
            if person.case_closed:
                raise CaseIsClosed()
            _require_programme_team(actor, uow, person)
            index = position[id(row)]
            _refuse_closed_referral(
                uow,
                workflow,
                place,
                f"rows[{index}].outcome",
                f"Row {index + 1}, {_who(row)}, {FIELD_LABELS['outcome']}",
            )
        recorded_at = uow.programme_referrals.database_now()
        uow.programme_attendance.add_marks(
            [
                ProgrammeAttendanceRow(
                    session_id=session.id,
                    member_id=row.membership_id,
                    referral_id=visible[row.membership_id][0].referral_id,
                    person_id=row.person_id,
                    mark_number=1,
                    outcome=row.outcome.value if row.outcome else "",
                    absence_reason=row.absence_reason.value if row.absence_reason else None,
                    note=row.note,
                    recorded_by_id=actor.id,
                    recorded_at=recorded_at,
                )
                for row in to_record
            ]
        )
        counts = Counter(row.outcome.value for row in to_record if row.outcome is not None)
        # One row per person marked, so their subject access audit shows who recorded it.
        audit.record_many(
            uow,
            actor,
            AuditAction.PROGRAMME_ATTENDANCE_RECORDED,
            [
                (
                    session.id,
                    row.person_id,
                    {
                        "group_id": group.id,
                        "membership_id": row.membership_id,
                        "outcome": row.outcome.value if row.outcome else None,
                        "absence_reason": (
                            row.absence_reason.value if row.absence_reason else None
                        ),
                    },
                )
                for row in to_record
            ],
        )
        _commit(uow)
        return AttendanceCounts(session_id=session.id, by_outcome=dict(counts))


def _commit(uow: UnitOfWork) -> None:
    """Commit; a mark saved by someone else meanwhile (the unique mark number) is refused as
    a concurrent edit, nothing saved."""
    try:
        uow.commit()
    except IntegrityError as error:
        raise ConcurrentEdit(CONCURRENT_EDIT_MESSAGE) from error


def correct_mark(
    actor: Actor,
    uow: UnitOfWork,
    session_id: int,
    data: Mapping[str, Any] | MarkCorrection,
    now: dt.datetime | None = None,
) -> int:
    """Correct a place's current mark at the session with a new mark (the earlier one stays
    on record) saying why (``correction_reason``, required: refused naming "Why corrected"
    when empty); returns the new mark's number. Refused as a concurrent edit when the current
    mark is not ``expected_mark_number``."""
    require(actor, NEEDS)
    asked, why_problems = _asked_correction(data)
    now = now or dt.datetime.now(dt.UTC)
    with uow:
        session, group = _session_in_reach(actor, uow, session_id)
        _refuse_replaced(session)
        visible = {
            p.id: (p, person) for p, person in _visible(actor, uow, _places(uow, session, group))
        }
        known = visible.get(asked.membership_id)
        if known is None:
            raise ValidationFailed.single(
                "membership_id", "not_in_group", "Place: not in this session's group"
            )
        place, person = known
        current = uow.programme_attendance.current_marks([session.id]).get((session.id, place.id))
        if current is None:
            raise ValidationFailed.single(
                "membership_id",
                "not_marked",
                "Place: has no mark at this session to correct; record the register",
            )
        if current.mark_number != asked.expected_mark_number:
            raise ConcurrentEdit(CONCURRENT_EDIT_MESSAGE)
        row = _marked(asked, _row_of(place, person, session))
        reason = asked.absence_reason.value if asked.absence_reason else None
        if (current.outcome, current.absence_reason, current.note) == (
            asked.outcome.value,
            reason,
            asked.note,
        ):  # a correction is a record of a mistake: one that changes nothing is none
            raise ValidationFailed.single(
                "outcome",
                "correction_changes_nothing",
                f"{_who(row)}, {FIELD_LABELS['outcome']}: the correction changes nothing; "
                "choose another outcome, reason or note",
            )
        checked = Register(
            session_id=session.id,
            starts_at=session.starts_at,
            capacity=group.capacity,
            group_membership_ids=frozenset({place.id}),
            rows=(row,),
        )
        problems = validate_register(checked, now)
        if problems or why_problems:
            raise ValidationFailed(
                why_problems + [problem_message(p, checked, correction=True) for p in problems]
            )
        if person.case_closed:
            raise CaseIsClosed()
        _require_programme_team(actor, uow, person)
        _refuse_closed_referral(
            uow,
            uow.programme_workflow.workflow(),
            place,
            "membership_id",
            f"{_who(row)}, {FIELD_LABELS['membership']}",
        )
        number = current.mark_number + 1
        uow.programme_attendance.add_marks(
            [
                ProgrammeAttendanceRow(
                    session_id=session.id,
                    member_id=place.id,
                    referral_id=place.referral_id,
                    person_id=person.id,
                    mark_number=number,
                    outcome=asked.outcome.value,
                    absence_reason=asked.absence_reason.value if asked.absence_reason else None,
                    note=asked.note,
                    correction_reason=asked.correction_reason,
                    recorded_by_id=actor.id,
                    recorded_at=uow.programme_referrals.database_now(),
                )
            ]
        )
        audit.record(
            uow,
            actor,
            AuditAction.PROGRAMME_ATTENDANCE_CORRECTED,
            session.id,
            person_id=person.id,
            membership_id=place.id,
            mark_number=number,
            outcome=asked.outcome.value,
            corrected_outcome=current.outcome,
        )
        _commit(uow)
        return number


def _asked_correction(
    data: Mapping[str, Any] | MarkCorrection,
) -> tuple[MarkCorrection, list[FieldProblem]]:
    """The correction asked for, and the problems of its "why corrected" alone: those are
    given with the mark's own problems (a missing reason for an acceptable absence, ...) so
    that every problem is said at once; a correction with them is never recorded."""
    if isinstance(data, MarkCorrection):
        return data, []
    try:
        return validate(MarkCorrection, data), []
    except ValidationFailed as failed:
        if not all(p.field == "correction_reason" for p in failed.problems):
            raise
        # Check the rest with a stand-in reason; the caller refuses before anything is saved.
        stand_in = validate(MarkCorrection, {**data, "correction_reason": "?"})
        return stand_in, list(failed.problems)


def assign_one_to_one(actor: Actor, uow: UnitOfWork, session_id: int, referral_id: int) -> None:
    """Tie a one-to-one session to the referral's current place in the session's group (the
    person the session is with); once tied it is not moved to another person."""
    require(actor, NEEDS)
    with uow:
        session, group = _session_in_reach(actor, uow, session_id)
        _refuse_replaced(session)
        if session.session_type != "one_to_one":
            raise ValidationFailed.single(
                "session_id", "not_one_to_one", "Session: it is a group session, not one-to-one"
            )
        if uow.programme_attendance.one_to_one(session.id) is not None:
            raise ValidationFailed.single(
                "session_id", "already_assigned", "Session: it is already with someone"
            )
        row, person = referral_in_reach(actor, uow, referral_id)
        _require_programme_team(actor, uow, person)
        place = uow.programme_referrals.current_place(row.id)
        if place is None or place.group_id != group.id:
            raise ValidationFailed.single(
                "referral_id",
                "not_in_group",
                "Referral: it has no place in this session's group",
            )
        if _utc(place.joined_at) > _utc(session.starts_at):
            # A session counts only for the places held when it started (its register).
            starts = _utc(session.starts_at).astimezone(SESSION_ZONE)
            raise ValidationFailed.single(
                "referral_id",
                "programme_session.before_place",
                f"Referral: its place in this group was given after the session started "
                f"({starts:%d/%m/%Y} at {starts:%H:%M}); choose a session held since",
            )
        uow.programme_attendance.add_one_to_one(
            ProgrammeOneToOneSessionRow(
                session_id=session.id,
                member_id=place.id,
                person_id=person.id,
                assigned_by_id=actor.id,
                assigned_at=uow.programme_referrals.database_now(),
            )
        )
        audit.record(
            uow,
            actor,
            AuditAction.PROGRAMME_ONE_TO_ONE_ASSIGNED,
            session.id,
            person_id=person.id,
            referral_id=row.id,
            membership_id=place.id,
        )
        _commit(uow)


# --- completion -----------------------------------------------------------------------------


def completion_for_referral(actor: Actor, uow: UnitOfWork, referral_id: int) -> ReferralCompletion:
    """The completion rule applied to the referral's planned sessions and marks (a proposal:
    the programme team confirms it), with the referral's revision to confirm it at."""
    require(actor, Permission.VIEW_PERSON)
    with uow:
        row, _person = referral_in_reach(actor, uow, referral_id)
        return ReferralCompletion(result=completion_result(uow, row), revision=row.revision)


def confirm_completion(
    actor: Actor,
    uow: UnitOfWork,
    referral_id: int,
    expected_revision: int,
    today: dt.date | None = None,
) -> int:
    """The programme team confirms a completion the rule finds: the referral moves to
    programme complete through the workflow (one history entry, checked like any move) and
    the person's programme history gains the completion, in one unit of work. Returns the
    referral's new revision. Refused, naming what is missing, when the rule does not find the
    programme complete."""
    require(actor, NEEDS)
    today = today or clock.today()
    with uow:
        row, person = referral_in_reach(actor, uow, referral_id)
        if person.case_closed:
            raise CaseIsClosed()
        _require_programme_team(actor, uow, person)
        status = uow.programme_workflow.workflow().status(row.status)
        if status.closed:
            # Not "may not move from Withdrawn to Programme complete": say what can be done.
            raise refuse_closed_referral(status)
        to_status = ProgrammeReferralStatus.PROGRAMME_COMPLETE.value
        check_move_for(actor, uow, person, row.status, to_status)
        result = completion_result(uow, row)
        if result.outcome is not CompletionOutcome.COMPLETE:
            raise not_complete(result)
        from_status = row.status
        revision = claim_referral(uow, row, expected_revision)
        append_entry(actor, uow, row, to_status)
        place = uow.programme_referrals.current_place(row.id)
        entry_id = record_referral_ending(actor, uow, row, today)  # ends the place too
        audit.record(
            uow,
            actor,
            AuditAction.PROGRAMME_COMPLETION_CONFIRMED,
            row.id,
            person_id=row.person_id,
            from_status=from_status,
            to_status=to_status,
            planned=result.planned,
            attended=result.attended,
            programme_history_id=entry_id,
            place_ended_group_id=(
                place.group_id if place is not None and place.left_at is not None else None
            ),
        )
        uow.commit()
        return revision


# --- figures ----------------------------------------------------------------------------------

_FIGURE_STATUSES = (
    ProgrammeReferralStatus.ON_PROGRAMME.value,
    ProgrammeReferralStatus.PROGRAMME_COMPLETE.value,
    ProgrammeReferralStatus.DESELECTED.value,
    ProgrammeReferralStatus.WITHDRAWN.value,
)


def _pre_group_modules(uow: UnitOfWork) -> set[tuple[int, int]]:
    """(programme id, module number) of every module the catalogue marks pre-group."""
    return {
        (row.id, module.number)
        for row in uow.programmes.programmes()
        for module in Programme.model_validate(row.definition, context=STORED).modules
        if module.pre_group
    }


def completion_figures(
    actor: Actor, uow: UnitOfWork, establishment_code: str | None = None
) -> dict[str, int]:
    """How the programmes of the people the account reaches (of one establishment, or all)
    stand, counted by outcome in one query: ``in_progress`` (on the programme),
    ``complete`` (confirmed), and for referrals deselected or withdrawn after a group place,
    ``not_completed`` (a substantive session attended: not only the pre-group ones) or
    ``cancelled`` (none). The figures follow the
    completion rule's ending early; a referral never given a place is not counted."""
    require(actor, Permission.VIEW_PERSON)
    with uow:
        establishment_id = None
        if establishment_code is not None:
            found = uow.staff.establishment_by_code(establishment_code)
            if found is None:
                raise unknown_establishment(uow, establishment_code)
            establishment_id = found.id
        counts = uow.programme_attendance.completion_counts(
            reach_condition(scope_of(actor, uow)),
            establishment_id,
            _FIGURE_STATUSES,
            [o.value for o in AttendanceOutcome if o.attended],
            _pre_group_modules(uow),
        )
        # The rule's outcomes (withdrawn is only the history's: never a referral's figure).
        figures = dict.fromkeys((o.value for o in CompletionOutcome if o.holds), 0)
        for status, attended, placed, count in counts:
            if status == ProgrammeReferralStatus.ON_PROGRAMME.value:
                figures[CompletionOutcome.IN_PROGRESS.value] += count
            elif status == ProgrammeReferralStatus.PROGRAMME_COMPLETE.value:
                figures[CompletionOutcome.COMPLETE.value] += count
            elif placed or attended:
                outcome = (
                    CompletionOutcome.NOT_COMPLETED if attended else CompletionOutcome.CANCELLED
                )
                figures[outcome.value] += count
        return figures
