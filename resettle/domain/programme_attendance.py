"""Attendance at a programme session: the outcomes, and the register of one session.

A facilitator marks each person in the group once per session with one of four outcomes:

    attended_complied            attended and took part as required
    attended_failed_to_comply    attended but did not take part as required
    acceptable_absence           absent for a reason the programme accepts (a reason is needed)
    unacceptable_absence         absent without an acceptable reason

An acceptable absence needs a reason from :class:`AbsenceReason`; ``other`` also needs a note
saying what it was. Every row may carry a note of at most :data:`NOTE_MAX_LENGTH` characters.

:func:`validate_register` checks a whole register before it is saved and returns every problem
at once, each as a :class:`RegisterProblem` with a stable code and the row it is about (``row``
is the row's position in the register; ``None`` for the session or the group as a whole). The
domain returns codes; the screens and the CLI put them into words.

Which people appear in a register is decided by whoever builds it: a limited-access person is
left out for staff who may not see them, so a register holds only rows its reader may see.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field, field_validator

from resettle.domain.moments import aware as _aware

#: The longest note a register row may carry.
NOTE_MAX_LENGTH = 2000


class AttendanceOutcome(StrEnum):
    ATTENDED_COMPLIED = "attended_complied"
    ATTENDED_FAILED_TO_COMPLY = "attended_failed_to_comply"
    ACCEPTABLE_ABSENCE = "acceptable_absence"
    UNACCEPTABLE_ABSENCE = "unacceptable_absence"

    @property
    def attended(self) -> bool:
        """The person was in the session (whether or not they complied)."""
        return self in _ATTENDED

    @property
    def complied(self) -> bool:
        return self is AttendanceOutcome.ATTENDED_COMPLIED


_ATTENDED = frozenset(
    {AttendanceOutcome.ATTENDED_COMPLIED, AttendanceOutcome.ATTENDED_FAILED_TO_COMPLY}
)


class AbsenceReason(StrEnum):
    """Why an absence was acceptable. ``other`` needs a note."""

    ILLNESS_OR_MEDICAL = "illness_or_medical"
    LEGAL_VISIT_OR_COURT = "legal_visit_or_court"
    REGIME_OR_LOCKDOWN = "regime_or_lockdown"
    FAMILY_EMERGENCY = "family_emergency"
    OTHER = "other"


#: Each outcome in words, as the register shows it (``ui/programmes/register_labels``); the
#: CLI prints these and keeps the codes in its JSON.
OUTCOME_LABELS: dict[AttendanceOutcome, str] = {
    AttendanceOutcome.ATTENDED_COMPLIED: "Attended and complied",
    AttendanceOutcome.ATTENDED_FAILED_TO_COMPLY: "Attended, failed to comply",
    AttendanceOutcome.ACCEPTABLE_ABSENCE: "Acceptable absence",
    AttendanceOutcome.UNACCEPTABLE_ABSENCE: "Unacceptable absence",
}
#: Each absence reason in words, as the register shows it.
ABSENCE_REASON_LABELS: dict[AbsenceReason, str] = {
    AbsenceReason.ILLNESS_OR_MEDICAL: "Illness or medical",
    AbsenceReason.LEGAL_VISIT_OR_COURT: "Legal visit or court",
    AbsenceReason.REGIME_OR_LOCKDOWN: "Regime or lockdown",
    AbsenceReason.FAMILY_EMERGENCY: "Family emergency",
    AbsenceReason.OTHER: "Other (say what in the note)",
}


class RegisterProblemCode(StrEnum):
    SESSION_IN_FUTURE = "session_in_future"
    NOT_IN_GROUP = "not_in_group"
    DUPLICATE_MARK = "duplicate_mark"
    ALREADY_MARKED = "already_marked"
    OVER_CAPACITY = "over_capacity"
    PERSON_RELEASED = "person_released"
    OUTCOME_MISSING = "outcome_missing"
    REASON_REQUIRED = "reason_required"
    REASON_NOT_ALLOWED = "reason_not_allowed"
    NOTE_REQUIRED = "note_required"
    NOTE_TOO_LONG = "note_too_long"


class RegisterProblem(BaseModel):
    """One problem with a register: ``row`` is the row's position (``None``: the whole
    register), ``field`` the part of the row or register it is about."""

    model_config = ConfigDict(frozen=True)

    code: RegisterProblemCode
    field: str
    row: int | None = None
    membership_id: int | None = None


class RegisterRow(BaseModel):
    """One person in a session's register: who they are, and the mark being recorded.

    ``membership_id`` names the person's place in the group (their referral's membership);
    ``limited_access`` and ``released`` are facts the builder of the register read.
    The note is not limited here so that :func:`validate_register` can say it is too long.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    membership_id: int = Field(gt=0)
    person_id: int = Field(gt=0)
    name: str
    prison_number: str = ""
    limited_access: bool = False
    released: bool = False
    outcome: AttendanceOutcome | None = None
    absence_reason: AbsenceReason | None = None
    note: str = ""


class Register(BaseModel):
    """The register of one session of a group.

    ``group_membership_ids`` are the memberships of the group the session belongs to;
    ``already_marked`` the memberships that already have a mark for this session (a saved
    register is corrected by a new entry, not by marking again); ``other_places`` the places
    in the group at the session held by people the account does not see (left out of
    ``rows`` unnamed), counted against the capacity with the rows' people.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    session_id: int = Field(gt=0)
    starts_at: dt.datetime
    capacity: int = Field(gt=0)
    group_membership_ids: frozenset[int] = frozenset()
    already_marked: frozenset[int] = frozenset()
    other_places: int = Field(default=0, ge=0)
    rows: tuple[RegisterRow, ...] = ()
    #: A catch-up's register: only those it is for (who missed the session it repeats) are
    #: marked; the others are left unmarked, and an unmarked row is no problem.
    catch_up: bool = False

    @field_validator("starts_at")
    @classmethod
    def _aware(cls, value: dt.datetime) -> dt.datetime:
        return value if value.tzinfo is not None else value.replace(tzinfo=dt.UTC)

    def with_rows(self, rows: tuple[RegisterRow, ...] | list[RegisterRow]) -> Register:
        return self.model_copy(update={"rows": tuple(rows)})


def validate_register(register: Register, now: dt.datetime) -> list[RegisterProblem]:
    """Every problem with ``register`` as it would be saved at ``now``; empty: it may be saved.

    Register-wide problems come first (session in the future, over capacity), then each row's
    in row order. A released person's row is a problem only when it carries a mark; on a
    catch-up's register an unmarked row is none (the catch-up was not theirs).
    """
    problems: list[RegisterProblem] = []
    if register.starts_at > _aware(now):
        problems.append(
            RegisterProblem(code=RegisterProblemCode.SESSION_IN_FUTURE, field="session")
        )
    people = {row.person_id for row in register.rows}
    if len(people) + register.other_places > register.capacity:
        problems.append(RegisterProblem(code=RegisterProblemCode.OVER_CAPACITY, field="rows"))
    seen_memberships: set[int] = set()
    seen_people: set[int] = set()
    for position, row in enumerate(register.rows):
        problems.extend(
            RegisterProblem(code=code, field=field, row=position, membership_id=row.membership_id)
            for code, field in _row_problems(
                register,
                row,
                repeated=row.membership_id in seen_memberships or row.person_id in seen_people,
            )
        )
        seen_memberships.add(row.membership_id)
        seen_people.add(row.person_id)
    return problems


def _row_problems(
    register: Register, row: RegisterRow, *, repeated: bool
) -> list[tuple[RegisterProblemCode, str]]:
    found: list[tuple[RegisterProblemCode, str]] = []
    if row.membership_id not in register.group_membership_ids:
        found.append((RegisterProblemCode.NOT_IN_GROUP, "membership"))
    if repeated:  # the second and later rows for the same place or person
        found.append((RegisterProblemCode.DUPLICATE_MARK, "membership"))
    if row.membership_id in register.already_marked and row.outcome is not None:
        found.append((RegisterProblemCode.ALREADY_MARKED, "outcome"))
    if row.released:
        if row.outcome is not None:
            found.append((RegisterProblemCode.PERSON_RELEASED, "outcome"))
    elif (
        row.outcome is None
        and row.membership_id not in register.already_marked
        and not register.catch_up
    ):
        found.append((RegisterProblemCode.OUTCOME_MISSING, "outcome"))
    if row.outcome is AttendanceOutcome.ACCEPTABLE_ABSENCE:
        if row.absence_reason is None:
            found.append((RegisterProblemCode.REASON_REQUIRED, "absence_reason"))
        elif row.absence_reason is AbsenceReason.OTHER and not row.note.strip():
            found.append((RegisterProblemCode.NOTE_REQUIRED, "note"))
    elif row.absence_reason is not None:
        found.append((RegisterProblemCode.REASON_NOT_ALLOWED, "absence_reason"))
    if len(row.note) > NOTE_MAX_LENGTH:
        found.append((RegisterProblemCode.NOTE_TOO_LONG, "note"))
    return found


def marks_to_record(register: Register) -> list[RegisterRow]:
    """The rows a valid register records: those with a mark (released people and people
    marked before carry none)."""
    return [row for row in register.rows if row.outcome is not None]
