"""The register of a programme session: outcomes, and every problem found at once."""

from __future__ import annotations

import datetime as dt

import pytest
from pydantic import ValidationError

from resettle.domain.programme_attendance import (
    NOTE_MAX_LENGTH,
    AbsenceReason,
    AttendanceOutcome,
    Register,
    RegisterProblemCode,
    RegisterRow,
    marks_to_record,
    validate_register,
)

NOW = dt.datetime(2026, 11, 30, 12, 0, tzinfo=dt.UTC)
STARTS = dt.datetime(2026, 11, 30, 9, 30, tzinfo=dt.UTC)
A = AttendanceOutcome
P = RegisterProblemCode


def row(membership_id: int, **changes: object) -> RegisterRow:
    values: dict[str, object] = {
        "membership_id": membership_id,
        "person_id": 100 + membership_id,
        "name": f"Person {membership_id}",
        "prison_number": f"A{1000 + membership_id}BC",
        "outcome": A.ATTENDED_COMPLIED,
    }
    values.update(changes)
    return RegisterRow.model_validate(values)


def register(*rows: RegisterRow, **changes: object) -> Register:
    values: dict[str, object] = {
        "session_id": 7,
        "starts_at": STARTS,
        "capacity": 12,
        "group_membership_ids": frozenset(range(1, 13)),
        "rows": rows,
    }
    values.update(changes)
    return Register.model_validate(values)


def codes(problems: list) -> list[tuple[RegisterProblemCode, int | None]]:
    return [(problem.code, problem.row) for problem in problems]


def test_outcomes_say_whether_the_person_attended_and_complied() -> None:
    assert [o.attended for o in A] == [True, True, False, False]
    assert [o.complied for o in A] == [True, False, False, False]


def test_a_full_register_marked_in_the_past_has_no_problems() -> None:
    marks = [A.ATTENDED_COMPLIED, A.ATTENDED_FAILED_TO_COMPLY, A.UNACCEPTABLE_ABSENCE]
    rows = [row(n, outcome=marks[n % 3]) for n in range(1, 12)]
    rows.append(
        row(12, outcome=A.ACCEPTABLE_ABSENCE, absence_reason=AbsenceReason.REGIME_OR_LOCKDOWN)
    )
    assert validate_register(register(*rows), NOW) == []


def test_a_session_that_has_not_started_cannot_be_marked() -> None:
    later = register(row(1), starts_at=NOW + dt.timedelta(minutes=1))
    assert codes(validate_register(later, NOW)) == [(P.SESSION_IN_FUTURE, None)]
    assert validate_register(register(row(1), starts_at=NOW), NOW) == []


def test_a_naive_start_is_taken_as_utc() -> None:
    naive = register(row(1), starts_at=dt.datetime(2026, 11, 30, 12, 30))
    assert codes(validate_register(naive, NOW)) == [(P.SESSION_IN_FUTURE, None)]


def test_a_person_not_in_the_group_is_named_by_row() -> None:
    problems = validate_register(register(row(1), row(40)), NOW)
    assert codes(problems) == [(P.NOT_IN_GROUP, 1)]
    assert problems[0].membership_id == 40
    assert problems[0].field == "membership"


def test_the_same_place_or_person_twice_is_a_duplicate_on_the_second_row() -> None:
    same_place = register(row(1), row(2), row(1, outcome=A.UNACCEPTABLE_ABSENCE))
    assert codes(validate_register(same_place, NOW)) == [(P.DUPLICATE_MARK, 2)]
    same_person = register(row(1), row(2, person_id=101))
    assert codes(validate_register(same_person, NOW)) == [(P.DUPLICATE_MARK, 1)]


def test_a_person_already_marked_for_the_session_cannot_be_marked_again() -> None:
    again = register(row(1), row(2), already_marked=frozenset({2}))
    assert codes(validate_register(again, NOW)) == [(P.ALREADY_MARKED, 1)]
    left_alone = register(row(1), row(2, outcome=None), already_marked=frozenset({2}))
    assert validate_register(left_alone, NOW) == []


def test_more_people_than_places_is_over_capacity() -> None:
    full = register(row(1), row(2), row(3), capacity=2)
    assert codes(validate_register(full, NOW)) == [(P.OVER_CAPACITY, None)]
    assert validate_register(register(row(1), row(2), capacity=2), NOW) == []


def test_places_of_people_the_account_does_not_see_count_against_the_capacity() -> None:
    hidden = register(row(1), row(2), capacity=2, other_places=1)
    assert codes(validate_register(hidden, NOW)) == [(P.OVER_CAPACITY, None)]
    assert validate_register(register(row(1), capacity=2, other_places=1), NOW) == []
    with pytest.raises(ValidationError):
        register(row(1), other_places=-1)


def test_a_released_person_may_be_listed_but_not_marked() -> None:
    marked = register(row(1), row(2, released=True))
    assert codes(validate_register(marked, NOW)) == [(P.PERSON_RELEASED, 1)]
    unmarked = register(row(1), row(2, released=True, outcome=None))
    assert validate_register(unmarked, NOW) == []
    assert [r.membership_id for r in marks_to_record(unmarked)] == [1]


def test_every_person_still_in_the_group_needs_a_mark() -> None:
    assert codes(validate_register(register(row(1), row(2, outcome=None)), NOW)) == [
        (P.OUTCOME_MISSING, 1)
    ]


def test_a_catch_ups_register_marks_only_those_it_is_for() -> None:
    """Re-trial: a catch-up's register demanded a mark for everyone in the group, so the
    others got absences (or, marked the rest attended, a session they were not at). On a
    catch-up an unmarked row is no problem; a mark still follows the rules."""
    catch_up = register(row(1), row(2, outcome=None), catch_up=True)
    assert validate_register(catch_up, NOW) == []
    assert [r.membership_id for r in marks_to_record(catch_up)] == [1]
    unreasoned = register(row(1, outcome=A.ACCEPTABLE_ABSENCE), row(2, outcome=None), catch_up=True)
    assert codes(validate_register(unreasoned, NOW)) == [(P.REASON_REQUIRED, 0)]


@pytest.mark.parametrize("reason", list(AbsenceReason))
def test_an_acceptable_absence_takes_any_listed_reason(reason: AbsenceReason) -> None:
    note = "Chaplaincy appointment" if reason is AbsenceReason.OTHER else ""
    absent = row(1, outcome=A.ACCEPTABLE_ABSENCE, absence_reason=reason, note=note)
    assert validate_register(register(absent), NOW) == []


def test_an_acceptable_absence_without_a_reason_is_refused() -> None:
    absent = row(1, outcome=A.ACCEPTABLE_ABSENCE)
    problems = validate_register(register(absent), NOW)
    assert codes(problems) == [(P.REASON_REQUIRED, 0)]
    assert problems[0].field == "absence_reason"


def test_other_needs_a_note_saying_what_it_was() -> None:
    blank = row(1, outcome=A.ACCEPTABLE_ABSENCE, absence_reason=AbsenceReason.OTHER, note="  ")
    assert codes(validate_register(register(blank), NOW)) == [(P.NOTE_REQUIRED, 0)]


@pytest.mark.parametrize("outcome", [A.ATTENDED_COMPLIED, A.UNACCEPTABLE_ABSENCE])
def test_a_reason_belongs_only_to_an_acceptable_absence(outcome: AttendanceOutcome) -> None:
    marked = row(1, outcome=outcome, absence_reason=AbsenceReason.ILLNESS_OR_MEDICAL)
    assert codes(validate_register(register(marked), NOW)) == [(P.REASON_NOT_ALLOWED, 0)]


def test_a_note_may_be_2000_characters_but_no_more() -> None:
    assert validate_register(register(row(1, note="n" * NOTE_MAX_LENGTH)), NOW) == []
    long = validate_register(register(row(1, note="n" * (NOTE_MAX_LENGTH + 1))), NOW)
    assert codes(long) == [(P.NOTE_TOO_LONG, 0)]
    assert long[0].field == "note"


def test_every_problem_is_returned_at_once_in_order() -> None:
    bad = register(
        row(1, note="x" * (NOTE_MAX_LENGTH + 1)),
        row(2, outcome=A.ACCEPTABLE_ABSENCE),
        row(99, released=True),
        row(1),
        starts_at=NOW + dt.timedelta(days=1),
        capacity=2,
    )
    assert codes(validate_register(bad, NOW)) == [
        (P.SESSION_IN_FUTURE, None),
        (P.OVER_CAPACITY, None),
        (P.NOTE_TOO_LONG, 0),
        (P.REASON_REQUIRED, 1),
        (P.NOT_IN_GROUP, 2),
        (P.PERSON_RELEASED, 2),
        (P.DUPLICATE_MARK, 3),
    ]


@pytest.mark.parametrize(
    ("field", "value"), [("session_id", 0), ("capacity", 0), ("rows", [{"membership_id": 1}])]
)
def test_a_malformed_register_is_refused_naming_the_field(field: str, value: object) -> None:
    with pytest.raises(ValidationError) as raised:
        register(**{field: value})
    assert raised.value.errors()[0]["loc"][0] == field


def test_registers_and_rows_are_frozen() -> None:
    with pytest.raises(ValidationError):
        row(1).outcome = A.UNACCEPTABLE_ABSENCE  # type: ignore[misc]
