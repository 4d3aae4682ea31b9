"""The register table model without widgets: what each cell says, marks, notes, problems."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from PySide6.QtCore import Qt

from resettle.domain.programme_attendance import (
    AbsenceReason,
    AttendanceOutcome,
    Register,
    RegisterProblem,
    RegisterProblemCode,
    RegisterRow,
    validate_register,
)
from resettle.ui.programmes.register_labels import (
    REASON_KEYS,
    keys_help,
    outcome_text,
    problem_text,
    reason_text,
)
from resettle.ui.programmes.register_model import (
    NAME,
    NOTE,
    OUTCOME,
    PROBLEM,
    PROBLEM_BACKGROUND,
    REASON,
    ROW_ROLE,
    RegisterTableModel,
)

A = AttendanceOutcome
NOW = dt.datetime(2026, 11, 30, 12, 0, tzinfo=dt.UTC)


def make_register(count: int = 3, **changes: object) -> Register:
    rows = [
        RegisterRow(
            membership_id=n,
            person_id=100 + n,
            name=f"Person {n}",
            prison_number=f"A{1000 + n}BC",
        )
        for n in range(1, count + 1)
    ]
    values: dict[str, object] = {
        "session_id": 3,
        "starts_at": dt.datetime(2026, 11, 30, 9, 30, tzinfo=dt.UTC),
        "capacity": 12,
        "group_membership_ids": frozenset(range(1, count + 1)),
        "rows": rows,
    }
    values.update(changes)
    return Register.model_validate(values)


@pytest.fixture
def model(qapp) -> RegisterTableModel:  # type: ignore[no-untyped-def]
    model = RegisterTableModel()
    model.set_register(make_register())
    return model


def test_rows_show_name_prison_number_and_empty_marks(model: RegisterTableModel) -> None:
    assert model.columnCount() == 6
    headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(6)]
    assert headers == ["Name", "Prison number", "Outcome", "Reason", "Note", "Problem"]
    assert model.display_rows()[0] == ["Person 1", "A1001BC", "", "", "", ""]
    assert model.data(model.index(2, NAME), ROW_ROLE).membership_id == 3


def test_marking_changes_the_row_and_the_register_it_gives_back(
    model: RegisterTableModel, qtbot: Any
) -> None:
    with qtbot.waitSignal(model.edited):
        model.set_outcome(0, A.ATTENDED_FAILED_TO_COMPLY)
    model.set_reason(1, AbsenceReason.LEGAL_VISIT_OR_COURT)
    model.set_note(2, "Left early  for\nhealthcare")
    assert [row[OUTCOME] for row in model.display_rows()] == [
        "Attended, failed to comply",
        "Acceptable absence",
        "",
    ]
    assert model.display_rows()[1][REASON] == "Legal visit or court"
    assert model.display_rows()[2][NOTE] == "Left early for healthcare"
    rows = model.register().rows
    assert [r.outcome for r in rows] == [
        A.ATTENDED_FAILED_TO_COMPLY,
        A.ACCEPTABLE_ABSENCE,
        None,
    ]
    assert rows[1].absence_reason is AbsenceReason.LEGAL_VISIT_OR_COURT
    assert rows[2].note == "Left early  for\nhealthcare"  # as typed; one line only on screen


def test_another_outcome_drops_the_reason(model: RegisterTableModel) -> None:
    model.set_reason(0, AbsenceReason.ILLNESS_OR_MEDICAL)
    model.set_outcome(0, A.UNACCEPTABLE_ABSENCE)
    assert model.row_at(0).absence_reason is None


def test_the_reason_cycles_through_the_list(model: RegisterTableModel) -> None:
    seen = [model.cycle_reason(0) for _ in range(len(AbsenceReason) + 1)]
    assert seen == [*AbsenceReason, AbsenceReason.ILLNESS_OR_MEDICAL]
    assert model.row_at(0).outcome is A.ACCEPTABLE_ABSENCE


def test_the_note_is_the_only_editable_cell(model: RegisterTableModel) -> None:
    editable = [bool(model.flags(model.index(0, c)) & Qt.ItemFlag.ItemIsEditable) for c in range(6)]
    assert editable == [False, False, False, False, True, False]
    assert model.setData(model.index(0, NOTE), "Quiet today")
    assert not model.setData(model.index(0, OUTCOME), "attended_complied")
    assert model.data(model.index(0, NOTE), Qt.ItemDataRole.EditRole) == "Quiet today"


def test_mark_remaining_leaves_marks_released_and_already_marked_people_alone(qapp) -> None:  # type: ignore[no-untyped-def]
    register = make_register(4, already_marked=frozenset({4}))
    rows = list(register.rows)
    rows[2] = rows[2].model_copy(update={"released": True})
    model = RegisterTableModel()
    model.set_register(register.with_rows(rows))
    model.set_outcome(0, A.UNACCEPTABLE_ABSENCE)
    assert model.unmarked_count() == 1
    assert model.mark_remaining() == 1
    assert [row[OUTCOME] for row in model.display_rows()] == [
        "Unacceptable absence",
        "Attended and complied",
        "Released: not marked",
        "Marked already",
    ]
    assert validate_register(model.register(), NOW) == []
    assert model.mark_remaining() == 0


def test_problems_tint_their_rows_and_say_what_is_wrong(model: RegisterTableModel) -> None:
    model.set_outcome(0, A.ACCEPTABLE_ABSENCE)
    model.mark_remaining()
    problems = validate_register(model.register(), NOW - dt.timedelta(hours=3))
    model.set_problems(problems)
    assert [p.code.value for p in model.register_problems()] == ["session_in_future"]
    assert model.display_rows()[0][PROBLEM] == "Reason: choose one for an acceptable absence."
    assert model.data(model.index(0, NAME), Qt.ItemDataRole.BackgroundRole) == PROBLEM_BACKGROUND
    assert model.data(model.index(1, NAME), Qt.ItemDataRole.BackgroundRole) is None
    assert "acceptable absence" in model.data(model.index(0, NAME), Qt.ItemDataRole.ToolTipRole)
    model.set_problems([])
    assert model.display_rows()[0][PROBLEM] == ""


def test_a_limited_access_person_is_shown_as_such(qapp) -> None:  # type: ignore[no-untyped-def]
    register = make_register(1)
    limited = register.rows[0].model_copy(update={"limited_access": True})
    model = RegisterTableModel()
    model.set_register(register.with_rows([limited]))
    assert model.display_rows()[0][NAME] == "Person 1 (limited access)"


def test_a_new_register_drops_the_old_one_and_its_problems(model: RegisterTableModel) -> None:
    model.set_problems(validate_register(model.register(), NOW))
    assert model.problems_at(0)
    model.set_register(make_register(2))
    assert model.rowCount() == 2 and model.problems_at(0) == []


def test_every_code_has_words_and_every_reason_a_key(qapp: Any) -> None:
    texts = [problem_text(RegisterProblem(code=code, field="x")) for code in RegisterProblemCode]
    assert all(texts) and len(set(texts)) == len(texts)
    assert all(outcome_text(outcome) for outcome in AttendanceOutcome)
    assert all(reason_text(reason) for reason in AbsenceReason)
    assert sorted(REASON_KEYS.values()) == sorted(AbsenceReason)
    help_text = keys_help()
    for number, reason in enumerate(REASON_KEYS.values(), start=1):
        assert f"{number} {reason_text(reason).split(' (')[0].lower()}" in help_text
