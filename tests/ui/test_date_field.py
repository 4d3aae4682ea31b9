"""The shared date field: typed dates in the ways people write them, one Tab stop, and a
message naming the field for text that is not a date."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QCalendarWidget, QFormLayout, QLineEdit, QWidget

from resettle.ui.common.date_field import DateField, UnreadableDate, parse_date
from resettle.ui.common.message_style import ERROR_TEXT, HINT_TEXT
from resettle.ui.person.form import Form

MARCH_25 = dt.date(2027, 3, 25)


@pytest.mark.parametrize(
    "text",
    [
        "25/03/2027",
        "25/3/2027",
        " 25 / 03 / 2027 ",
        "25-03-2027",
        "25.03.2027",
        "25/03/27",
        "25 Mar 2027",
        "25 mar 2027",
        "25 March 2027",
        "25th March 2027",
        "25-Mar-2027",
        "25 Mar, 2027",
        "2027-03-25",
    ],
)
def test_dates_are_read_as_people_write_them(text: str) -> None:
    assert parse_date(text, today=dt.date(2026, 12, 1)) == MARCH_25


@pytest.mark.parametrize("text", ["31/02/2027", "25 Smarch 2027", "25 Ma 2027", "tomorrow", "3/25"])
def test_what_is_not_a_date_is_refused(text: str) -> None:
    with pytest.raises(UnreadableDate):
        parse_date(text)


def test_empty_text_is_no_date_and_two_digit_years_stay_near_now() -> None:
    assert parse_date("  ") is None
    assert parse_date("01/01/60", today=dt.date(2026, 12, 1)) == dt.date(1960, 1, 1)
    assert parse_date("01/01/46", today=dt.date(2026, 12, 1)) == dt.date(2046, 1, 1)


def test_a_date_takes_one_tab_and_is_shown_back_in_one_format(qtbot) -> None:  # type: ignore[no-untyped-def]
    window = QWidget()
    qtbot.addWidget(window)
    before, date, after = QLineEdit(), DateField(), QLineEdit()
    layout = QFormLayout(window)
    for widget in (before, date, after):
        layout.addRow(widget)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    before.setFocus()
    qtbot.waitUntil(before.hasFocus)
    qtbot.keyClick(before, Qt.Key.Key_Tab)
    assert date.editor.hasFocus()
    qtbot.keyClicks(date.editor, "25 Mar 2027")
    assert date.value() == MARCH_25
    qtbot.keyClick(date.editor, Qt.Key.Key_Tab)
    assert after.hasFocus()  # one Tab, not one per part of the date
    assert date.editor.text() == "25/03/2027"


def test_a_date_that_cannot_be_read_is_named_in_the_form(qtbot) -> None:  # type: ignore[no-untyped-def]
    holder = QWidget()
    qtbot.addWidget(holder)
    form = Form()
    field = DateField(required=True)
    form.add_row(QFormLayout(holder), "assessed_on", "&Assessed on", field)
    form.load({"assessed_on": MARCH_25})
    field.editor.setText("31/02/2027")
    assert form.problem_for("assessed_on") == "Assessed on: February 2027 has no day 31."
    assert not form.valid
    field.editor.setText("12/13/2027")
    assert form.problem_for("assessed_on") == "Assessed on: there is no month 13."
    field.editor.setText("next Tuesday")
    assert form.problem_for("assessed_on") == (
        "Assessed on: not a date. Type it like 25/03/2027 or 25 Mar 2027."
    )
    field.editor.clear()
    assert form.problem_for("assessed_on") == "Assessed on: enter a date."
    field.editor.setText("1 April 2027")
    assert form.problem_for("assessed_on") == ""
    assert form.values() == {"assessed_on": dt.date(2027, 4, 1)} and form.dirty


def test_an_optional_date_left_empty_is_not_recorded(qtbot) -> None:  # type: ignore[no-untyped-def]
    field = DateField()
    qtbot.addWidget(field)
    field.set_value(MARCH_25)
    assert field.editor.text() == "25/03/2027"
    field.editor.clear()
    assert field.value() is None and field.problem() == ""
    field.maximum = dt.date(2027, 1, 1)
    field.editor.setText("25/03/2027")
    assert field.problem() == "Date: cannot be after 01/01/2027."


def test_a_date_picked_from_the_calendar_is_typed_in(qtbot) -> None:  # type: ignore[no-untyped-def]
    field = DateField()
    qtbot.addWidget(field)
    field.show()
    qtbot.waitExposed(field)
    field.set_value(MARCH_25)
    qtbot.mouseClick(field.calendar_button, Qt.MouseButton.LeftButton)
    calendar = field.findChild(QCalendarWidget)
    assert calendar is not None and calendar.selectedDate().toPython() == MARCH_25
    with qtbot.waitSignal(field.value_changed):
        calendar.clicked.emit(QDate(2027, 4, 2))
    assert field.value() == dt.date(2027, 4, 2) and field.editor.text() == "02/04/2027"


def _date_form(qtbot, required: bool = False) -> tuple[QWidget, Form, DateField, QLineEdit]:  # type: ignore[no-untyped-def]
    """A form with a date field and a text field after it, shown."""
    holder = QWidget()
    qtbot.addWidget(holder)
    form = Form()
    layout = QFormLayout(holder)
    field = DateField(required=required)
    after = QLineEdit()
    form.add_row(layout, "assessed_on", "&Assessed on", field)
    form.add_row(layout, "notes", "&Notes", after)
    form.load({"assessed_on": None, "notes": ""})
    holder.show()
    qtbot.waitExposed(holder)
    holder.activateWindow()
    field.setFocus()
    qtbot.waitUntil(field.editor.hasFocus)
    return holder, form, field, after


def test_a_date_problem_waits_until_the_field_is_left(qtbot) -> None:  # type: ignore[no-untyped-def]
    """Not from the first digit: the problem shows when the field is left, or at once when
    the text is a whole date that is wrong."""
    _holder, form, field, after = _date_form(qtbot, required=True)
    label = form.fields["assessed_on"].problem
    for typed in ("2", "5/0", "3/2"):
        qtbot.keyClicks(field.editor, typed)
        assert field.pending
        assert form.problem_for("assessed_on") == "" and label.text() == ""
    assert not form.valid  # nothing shown yet, but nothing that could be saved either
    qtbot.keyClick(field.editor, Qt.Key.Key_Tab)
    assert after.hasFocus() and not field.pending
    assert form.problem_for("assessed_on") == (
        "Assessed on: not a date. Type it like 25/03/2027 or 25 Mar 2027."
    )
    assert label.text() == "Not a date. Type it like 25/03/2027 or 25 Mar 2027."  # by its caption

    # A whole date that does not exist is shown as soon as it is typed.
    field.setFocus()
    qtbot.waitUntil(field.editor.hasFocus)
    field.editor.selectAll()
    qtbot.keyClicks(field.editor, "31/02/2027")
    assert field.editor.hasFocus() and not field.pending
    assert form.problem_for("assessed_on") == "Assessed on: February 2027 has no day 31."
    # Emptying a required date says so once the field is left, not while deleting.
    field.editor.selectAll()
    qtbot.keyClick(field.editor, Qt.Key.Key_Backspace)
    assert form.problem_for("assessed_on") == ""
    qtbot.keyClick(field.editor, Qt.Key.Key_Tab)
    assert form.problem_for("assessed_on") == "Assessed on: enter a date."


def test_a_message_coming_or_going_does_not_move_the_form(qtbot) -> None:  # type: ignore[no-untyped-def]
    holder, form, field, after = _date_form(qtbot)
    label = form.fields["assessed_on"].problem
    holder.layout().activate()
    top = after.mapTo(holder, after.rect().topLeft()).y()
    assert label.isVisible() and label.height() >= label.fontMetrics().lineSpacing()
    qtbot.keyClicks(field.editor, "next week")
    qtbot.keyClick(field.editor, Qt.Key.Key_Tab)
    assert label.text()
    holder.layout().activate()
    assert after.mapTo(holder, after.rect().topLeft()).y() == top
    field.editor.setText("25/03/2027")
    holder.layout().activate()
    assert label.text() == "" and after.mapTo(holder, after.rect().topLeft()).y() == top


def test_problems_and_hints_use_the_apps_one_message_style(qtbot) -> None:  # type: ignore[no-untyped-def]
    _holder, form, _field, _after = _date_form(qtbot, required=True)
    label = form.fields["assessed_on"].problem
    role = QPalette.ColorRole.WindowText
    assert form.problem_for("assessed_on") == "Assessed on: enter a date."  # not yet edited
    assert label.palette().color(role) == QColor(HINT_TEXT)
    form.reveal()
    assert label.palette().color(role) == QColor(ERROR_TEXT)
    assert form.general_problem.palette().color(role) == QColor(ERROR_TEXT)
