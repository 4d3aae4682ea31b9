"""The register widget driven by keyboard: 12 people marked and saved in under 20 keystrokes."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from PySide6.QtCore import QRect, Qt
from PySide6.QtWidgets import QAbstractItemView, QApplication, QLineEdit

from resettle.domain.programme_attendance import (
    AbsenceReason,
    AttendanceOutcome,
    Register,
    RegisterRow,
)
from resettle.ui.programmes.register_model import NOTE, OUTCOME, PROBLEM
from resettle.ui.programmes.register_view import RegisterView

A = AttendanceOutcome
NOW = dt.datetime(2026, 11, 30, 12, 0, tzinfo=dt.UTC)
LAPTOP = QRect(0, 0, 1366, 728)  # 1366x768 less a 40-pixel taskbar
CTRL = Qt.KeyboardModifier.ControlModifier
CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier


def twelve(**changes: object) -> Register:
    values: dict[str, object] = {
        "session_id": 11,
        "starts_at": dt.datetime(2026, 11, 30, 9, 30, tzinfo=dt.UTC),
        "capacity": 12,
        "group_membership_ids": frozenset(range(1, 13)),
        "rows": [
            RegisterRow(
                membership_id=n,
                person_id=200 + n,
                name=f"Person {n:02d}",
                prison_number=f"A{2000 + n}BC",
            )
            for n in range(1, 13)
        ],
    }
    values.update(changes)
    return Register.model_validate(values)


class Keyboard:
    """Presses keys on the register and counts them (a chord such as Ctrl+S is one)."""

    def __init__(self, qtbot: Any, view: RegisterView) -> None:
        self.qtbot = qtbot
        self.view = view
        self.count = 0

    def press(
        self, *keys: Qt.Key, modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier
    ) -> None:
        for key in keys:
            target = QApplication.focusWidget() or self.view.table
            self.qtbot.keyClick(target, key, modifier)
            self.count += 1
            # a note's editor commits and closes on the next turn of the event loop
            QApplication.processEvents()

    def write(self, text: str) -> None:
        """Type a note into the open editor (not counted: notes are beyond the limit)."""
        editor = QApplication.focusWidget()
        assert isinstance(editor, QLineEdit)
        self.qtbot.keyClicks(editor, text)


@pytest.fixture
def view(qtbot: Any) -> RegisterView:
    view = RegisterView()
    view.now = lambda: NOW
    qtbot.addWidget(view)
    view.resize(LAPTOP.size())
    view.show()
    qtbot.waitExposed(view)
    view.activateWindow()
    view.set_register(twelve(), "Building Choices, group 2, session 5")
    return view


def saved(qtbot: Any, view: RegisterView, keyboard: Keyboard) -> Register:
    with qtbot.waitSignal(view.save_requested, timeout=2000) as signal:
        keyboard.press(Qt.Key.Key_S, modifier=CTRL)
    register = signal.args[0]
    assert isinstance(register, Register)
    return register


def test_twelve_people_are_marked_and_saved_in_under_twenty_keystrokes(
    qtbot: Any, view: RegisterView
) -> None:
    keyboard = Keyboard(qtbot, view)
    keyboard.press(*[Qt.Key.Key_A] * 8)  # rows 1-8: attended and complied
    keyboard.press(Qt.Key.Key_F)  # row 9: attended, failed to comply
    keyboard.press(Qt.Key.Key_X, Qt.Key.Key_2)  # row 10: acceptable absence, legal visit
    keyboard.press(Qt.Key.Key_U)  # row 11: unacceptable absence
    keyboard.press(Qt.Key.Key_5)  # row 12: acceptable absence, other: the note opens
    keyboard.write("Chaplaincy: bereavement visit")
    keyboard.press(Qt.Key.Key_Return)  # the note is written
    register = saved(qtbot, view, keyboard)

    assert keyboard.count == 15
    assert keyboard.count < 20
    assert [row.outcome for row in register.rows] == [
        *[A.ATTENDED_COMPLIED] * 8,
        A.ATTENDED_FAILED_TO_COMPLY,
        A.ACCEPTABLE_ABSENCE,
        A.UNACCEPTABLE_ABSENCE,
        A.ACCEPTABLE_ABSENCE,
    ]
    assert register.rows[9].absence_reason is AbsenceReason.LEGAL_VISIT_OR_COURT
    assert register.rows[11].absence_reason is AbsenceReason.OTHER
    assert register.rows[11].note == "Chaplaincy: bereavement visit"
    assert [row.note for row in register.rows[:11]] == [""] * 11
    assert register.session_id == 11


def test_mark_the_rest_attended_takes_one_chord(qtbot: Any, view: RegisterView) -> None:
    keyboard = Keyboard(qtbot, view)
    keyboard.press(Qt.Key.Key_Down, Qt.Key.Key_U)  # row 2 absent
    keyboard.press(Qt.Key.Key_A, modifier=CTRL_SHIFT)  # everyone else attended
    register = saved(qtbot, view, keyboard)
    assert keyboard.count == 4
    outcomes = [row.outcome for row in register.rows]
    assert outcomes == [A.ATTENDED_COMPLIED, A.UNACCEPTABLE_ABSENCE, *[A.ATTENDED_COMPLIED] * 10]
    assert view.progress.text() == "Everyone is marked."


def test_a_catch_up_is_marked_for_those_it_is_for_and_saved_with_the_rest_unmarked(
    qtbot: Any, view: RegisterView
) -> None:
    """Re-trial: a catch-up's register demanded a mark for all twelve, and "Mark the rest
    attended" would credit them with a session they were not at."""
    view.set_register(twelve(catch_up=True), "Building Choices, catch-up of session 5")
    assert not view.mark_rest_button.isVisibleTo(view)
    assert view.progress.text() == "A catch-up: mark those it is for; the others need no mark."
    keyboard = Keyboard(qtbot, view)
    keyboard.press(Qt.Key.Key_A, modifier=CTRL_SHIFT)  # does nothing on a catch-up
    keyboard.press(Qt.Key.Key_A)  # row 1 attended
    register = saved(qtbot, view, keyboard)
    assert [row.outcome for row in register.rows] == [A.ATTENDED_COMPLIED, *[None] * 11]


def test_x_again_changes_the_reason_and_delete_clears_the_mark(
    qtbot: Any, view: RegisterView
) -> None:
    keyboard = Keyboard(qtbot, view)
    keyboard.press(Qt.Key.Key_X)
    assert view.current_row() == 0  # stays for the reason
    assert view.model.row_at(0).absence_reason is None
    keyboard.press(Qt.Key.Key_X, Qt.Key.Key_X)
    assert view.model.row_at(0).absence_reason is AbsenceReason.LEGAL_VISIT_OR_COURT
    keyboard.press(Qt.Key.Key_Delete)
    assert view.model.row_at(0).outcome is None and view.model.row_at(0).absence_reason is None
    keyboard.press(Qt.Key.Key_3)  # a number alone: acceptable absence for that reason
    assert view.model.row_at(0).absence_reason is AbsenceReason.REGIME_OR_LOCKDOWN
    assert view.current_row() == 1


def test_enter_and_f2_write_a_note_on_the_current_row(qtbot: Any, view: RegisterView) -> None:
    keyboard = Keyboard(qtbot, view)
    keyboard.press(Qt.Key.Key_Down)
    keyboard.press(Qt.Key.Key_Return)
    assert view.table.state() == QAbstractItemView.State.EditingState
    keyboard.write("Arrived late")
    keyboard.press(Qt.Key.Key_Return)
    assert view.model.row_at(1).note == "Arrived late"
    keyboard.press(Qt.Key.Key_Down)
    view.table.setCurrentIndex(view.model.index(2, OUTCOME))  # F2 from any column of the row
    keyboard.press(Qt.Key.Key_F2)
    keyboard.write("A")  # a letter in the note is text, not a mark
    keyboard.press(Qt.Key.Key_Return)
    assert view.model.row_at(2).note == "A"
    assert view.model.row_at(2).outcome is None


def test_a_register_with_problems_is_not_sent_and_shows_them_on_their_rows(
    qtbot: Any, view: RegisterView
) -> None:
    keyboard = Keyboard(qtbot, view)
    keyboard.press(Qt.Key.Key_A, Qt.Key.Key_X)  # row 2: acceptable absence, no reason
    emitted: list[object] = []
    view.save_requested.connect(emitted.append)
    keyboard.press(Qt.Key.Key_S, modifier=CTRL)
    assert emitted == []
    shown = view.model.display_rows()
    assert shown[1][PROBLEM] == "Reason: choose one for an acceptable absence."
    assert shown[2][PROBLEM] == "Outcome: choose one (A, F, X or U)."
    assert view.current_row() == 1  # the first problem
    keyboard.press(Qt.Key.Key_1)  # checked again as it changes
    assert view.model.display_rows()[1][PROBLEM] == ""
    keyboard.press(Qt.Key.Key_A, modifier=CTRL_SHIFT)
    assert all(row[PROBLEM] == "" for row in view.model.display_rows())
    register = saved(qtbot, view, keyboard)
    assert register.rows[1].absence_reason is AbsenceReason.ILLNESS_OR_MEDICAL


def test_a_session_not_yet_started_is_refused_above_the_table(
    qtbot: Any, view: RegisterView
) -> None:
    view.set_register(twelve(starts_at=NOW + dt.timedelta(hours=2)))
    view.mark_rest()
    emitted: list[object] = []
    view.save_requested.connect(emitted.append)
    assert not view.save()
    assert emitted == []
    assert view.register_problems.isVisibleTo(view)
    assert "has not started" in view.register_problems.text()


def test_the_save_button_sends_the_register_once(qtbot: Any, view: RegisterView) -> None:
    view.mark_rest()
    emitted: list[object] = []
    view.save_requested.connect(emitted.append)
    qtbot.mouseClick(view.save_button, Qt.MouseButton.LeftButton)
    assert len(emitted) == 1


def test_the_register_fits_a_laptop_screen_with_every_row_and_button_in_view(
    view: RegisterView,
) -> None:
    hint = view.minimumSizeHint()
    assert hint.width() <= LAPTOP.width() and hint.height() <= LAPTOP.height()
    assert view.rect().contains(view.save_button.geometry())
    viewport = view.table.viewport().rect()
    for row in range(view.model.rowCount()):
        assert viewport.contains(view.table.visualRect(view.model.index(row, NOTE)))
    assert view.keys.text().startswith("A attended and complied")


def test_rows_that_take_no_mark_are_skipped_and_refuse_keys(qtbot: Any, view: RegisterView) -> None:
    register = twelve(already_marked=frozenset({3}))
    rows = list(register.rows)
    rows[0] = rows[0].model_copy(update={"released": True})
    rows[3] = rows[3].model_copy(update={"released": True})
    view.set_register(register.with_rows(rows))
    assert view.current_row() == 1  # the first row that takes a mark
    keyboard = Keyboard(qtbot, view)
    keyboard.press(Qt.Key.Key_A)  # row 2; rows 3 (marked before) and 4 (released) skipped
    assert view.current_row() == 4
    view.table.setCurrentIndex(view.model.index(3, OUTCOME))
    keyboard.press(Qt.Key.Key_U, Qt.Key.Key_X, Qt.Key.Key_1)
    assert view.model.row_at(3).outcome is None
    assert view.current_row() == 3
    assert view.progress.text() == "8 still to mark."
    keyboard.press(Qt.Key.Key_A, modifier=CTRL_SHIFT)
    register = saved(qtbot, view, keyboard)
    assert [row.outcome is None for row in register.rows[:4]] == [True, False, True, True]


def test_a_group_where_everyone_attended_takes_two_keystrokes(
    qtbot: Any, view: RegisterView
) -> None:
    keyboard = Keyboard(qtbot, view)
    keyboard.press(Qt.Key.Key_A, modifier=CTRL_SHIFT)
    register = saved(qtbot, view, keyboard)
    assert keyboard.count == 2
    assert {row.outcome for row in register.rows} == {A.ATTENDED_COMPLIED}


def test_the_outcome_column_shows_a_corrected_mark_in_full(view: RegisterView) -> None:
    """User trial: the Outcome column cut "(corrected)" as "(corr…"."""
    metrics = view.table.fontMetrics()
    words = "Attended, failed to comply (corrected)"
    # the cell's margins and the text's padding take a few characters' width
    needed = metrics.horizontalAdvance(words) + 2 * metrics.averageCharWidth()
    assert view.table.columnWidth(OUTCOME) >= needed


def test_marks_typed_in_capitals_mark_as_the_small_letters_do(
    qtbot: Any, view: RegisterView
) -> None:
    """Third user trial: "F" and "U" typed with Shift (or Caps Lock) were ignored."""
    keyboard = Keyboard(qtbot, view)
    shift = Qt.KeyboardModifier.ShiftModifier
    keyboard.press(Qt.Key.Key_A, Qt.Key.Key_F, Qt.Key.Key_U, modifier=shift)
    keyboard.press(Qt.Key.Key_X, modifier=shift)
    keyboard.press(Qt.Key.Key_2)
    qtbot.keyClicks(view.table, "AFU")  # Caps Lock: the capital letters, no modifier
    keyboard.press(*[Qt.Key.Key_A] * 5)
    register = saved(qtbot, view, keyboard)
    assert [row.outcome for row in register.rows[:7]] == [
        A.ATTENDED_COMPLIED,
        A.ATTENDED_FAILED_TO_COMPLY,
        A.UNACCEPTABLE_ABSENCE,
        A.ACCEPTABLE_ABSENCE,
        A.ATTENDED_COMPLIED,
        A.ATTENDED_FAILED_TO_COMPLY,
        A.UNACCEPTABLE_ABSENCE,
    ]
    assert register.rows[3].absence_reason is AbsenceReason.LEGAL_VISIT_OR_COURT


def test_a_refused_save_lists_every_problem_in_full_and_says_nothing_was_saved(
    qtbot: Any, view: RegisterView
) -> None:
    """User trial: the Problem column cut its text ("Reason: choose on…") and the footer
    still said "Everyone is marked." after Ctrl+S was refused."""
    keyboard = Keyboard(qtbot, view)
    keyboard.press(Qt.Key.Key_A, Qt.Key.Key_X)  # row 2: acceptable absence, no reason
    assert not view.row_problems.isVisibleTo(view)
    keyboard.press(Qt.Key.Key_S, modifier=CTRL)
    name = view.model.row_at(1).name
    lines = view.row_problems.text().splitlines()
    assert view.row_problems.isVisibleTo(view) and view.row_problems.wordWrap()
    assert lines[0] == f"{name}: Reason: choose one for an acceptable absence."
    # And the ten people not marked yet: the first listed, the rest counted.
    assert len(lines) == 6
    assert all(line.endswith(": Outcome: choose one (A, F, X or U).") for line in lines[1:5])
    assert lines[5] == "… and 6 more, each in full on its row's tooltip."
    assert (
        view.model.data(view.model.index(1, PROBLEM), Qt.ItemDataRole.ToolTipRole)
        == "Reason: choose one for an acceptable absence."
    )
    assert view.progress.text() == "Nothing saved: 11 problems."
    keyboard.press(Qt.Key.Key_A, modifier=CTRL_SHIFT)  # checked again as it changes
    assert view.progress.text() == "Nothing saved: 1 problem."
    view.table.setCurrentIndex(view.model.index(1, OUTCOME))
    keyboard.press(Qt.Key.Key_1)
    assert view.progress.text() == "Everyone is marked."
    assert not view.row_problems.isVisibleTo(view)
