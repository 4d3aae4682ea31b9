"""Repeating actions on the Plan tab: the action dialog's Repeats row (its choices, the summary
of when the times fall, and what stops OK), a repeat saved and read back through the service,
and the due column's one line for the series."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt

from resettle.domain.action_repeats import PartOfDay, Repeat, RepeatEvery
from resettle.domain.plan import DueDate, PlanAction
from resettle.services.plans import edit, read
from resettle.ui.common.date_field import SHOWN_FORMAT, DateField
from resettle.ui.person.window import PersonWindow
from resettle.ui.plan.action_dialog import ActionDialog, DueChoice
from resettle.ui.plan.actions_model import DUE
from resettle.ui.plan.labels import repeat_text
from resettle.ui.plan.repeat_editor import EndChoice
from resettle.ui.plan.tab import PlanTab
from tests.ui.plan.support import SENTENCE, action, register

MONDAY = dt.date(2027, 1, 4)  # release; + 3 days is Thursday 7 January
JOB_CLUB = "Go to the job club on Tuesday mornings"
WEEKLY_TUESDAYS = Repeat(
    every=RepeatEvery.WEEK,
    weekday=1,
    part_of_day=PartOfDay.MORNING,
    ends=DueDate.relative(36),  # Tuesday 9 February
)


def _dialog(qtbot, existing: PlanAction | None = None) -> ActionDialog:  # type: ignore[no-untyped-def]
    dialog = ActionDialog(existing, MONDAY, SENTENCE)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def _type_date(field: DateField, value: dt.date) -> None:
    """As typing a whole date does: the field says its value changed."""
    field.editor.setText(value.strftime(SHOWN_FORMAT))


def _new_job_club(qtbot) -> ActionDialog:  # type: ignore[no-untyped-def]
    dialog = _dialog(qtbot)
    dialog.what.setPlainText(JOB_CLUB)
    dialog.owner.set_value(dialog.owner._values[-1])  # the person
    dialog.due_choice.set_value(DueChoice.AFTER_RELEASE)
    dialog.days.setValue(3)
    return dialog


def test_an_action_does_not_repeat_until_asked(qtbot) -> None:  # type: ignore[no-untyped-def]
    dialog = _new_job_club(qtbot)
    assert not dialog.repeat.weekday.isVisible() and not dialog.repeat.end_row.isVisible()
    assert dialog.action().repeat is None
    assert dialog.ok_button.isEnabled()


def test_every_week_on_the_day_the_text_names(qtbot) -> None:  # type: ignore[no-untyped-def]
    dialog = _new_job_club(qtbot)
    dialog.repeat.every.set_value(RepeatEvery.WEEK)
    assert dialog.repeat.weekday.isVisible()
    assert dialog.repeat.weekday.currentText() == "on Tuesday"  # named, not Thursday's
    dialog.repeat.part.set_value(PartOfDay.MORNING)
    dialog.repeat.end_choice.set_value(EndChoice.AFTER_RELEASE)
    dialog.repeat.end_days.setValue(36)
    assert dialog.action().repeat == WEEKLY_TUESDAYS
    assert dialog.action().due_on(MONDAY) == dt.date(2027, 1, 12)  # its first time
    assert dialog.repeat.summary.text() == "5 times, 12 Jan 2027 to 09 Feb 2027"
    assert dialog.ok_button.isEnabled()


def test_until_something_happens_needs_the_words(qtbot) -> None:  # type: ignore[no-untyped-def]
    dialog = _new_job_club(qtbot)
    dialog.repeat.every.set_value(RepeatEvery.FORTNIGHT)
    dialog.repeat.end_choice.set_value(EndChoice.UNTIL)
    assert not dialog.ok_button.isEnabled()
    assert dialog.repeat_problem.text().startswith("Say what ends the repeats")
    qtbot.keyClicks(dialog.repeat.until, "you start work")
    assert dialog.ok_button.isEnabled() and not dialog.repeat_problem.isVisible()
    repeat = dialog.action().repeat
    assert repeat is not None and repeat.until == "you start work" and repeat.ends is None
    assert dialog.repeat.summary.text() == "First time 12 Jan 2027"


def test_an_end_before_the_first_time_stops_ok(qtbot) -> None:  # type: ignore[no-untyped-def]
    dialog = _new_job_club(qtbot)
    dialog.repeat.every.set_value(RepeatEvery.WEEK)
    dialog.repeat.end_choice.set_value(EndChoice.ON_DATE)
    _type_date(dialog.repeat.end_date, dt.date(2027, 1, 8))
    assert not dialog.ok_button.isEnabled()
    assert dialog.repeat_problem.text() == (
        "The repeats of this action end on Friday 8 January 2027, before the first time "
        "(Tuesday 12 January 2027). Choose a later end."
    )
    dialog.due_choice.set_value(DueChoice.NO_DATE)
    assert dialog.due_problem.text() == "Give this action a due date: it repeats from that day."


def test_a_bank_holiday_is_named_in_the_summary(qtbot) -> None:  # type: ignore[no-untyped-def]
    dialog = _dialog(qtbot)
    dialog.what.setPlainText("Recovery group")
    dialog.due_choice.set_value(DueChoice.ON_DATE)
    dialog.on_date.set_value(dt.date(2027, 5, 24))  # a Monday; 31 May is a bank holiday
    dialog.repeat.every.set_value(RepeatEvery.WEEK)
    dialog.repeat.weekday.set_value(0)
    dialog.repeat.end_choice.set_value(EndChoice.ON_DATE)
    _type_date(dialog.repeat.end_date, dt.date(2027, 6, 14))
    assert dialog.repeat.summary.text() == (
        "3 times, 24 May 2027 to 14 Jun 2027; not on 31 May 2027 (bank holiday)"
    )


def test_a_repeating_action_opens_as_it_was_saved(qtbot) -> None:  # type: ignore[no-untyped-def]
    existing = PlanAction.model_validate(
        {
            "pathway": "education_skills_work",
            "what": JOB_CLUB,
            "owner": "person",
            "due": DueDate.relative(3),
            "repeat": WEEKLY_TUESDAYS,
        }
    )
    dialog = _dialog(qtbot, existing)
    assert dialog.repeat.every.value() is RepeatEvery.WEEK
    assert dialog.action() == existing
    dialog.show_read_only()
    assert dialog.repeat.until.isReadOnly() and dialog.repeat.end_days.isReadOnly()


def test_saved_read_back_and_shown_as_one_line(qtbot, workspace) -> None:  # type: ignore[no-untyped-def]
    person_id = register(workspace, release_date=MONDAY)
    repeat = WEEKLY_TUESDAYS.model_dump(mode="json")
    edit.save_plan(
        workspace.actor,
        workspace.uow(),
        person_id,
        None,
        [
            action(
                JOB_CLUB,
                pathway="education_skills_work",
                due={"kind": "relative", "offset_days": 3},
                repeat=repeat,
            )
        ],
    )
    stored = read.get_plan(workspace.actor, workspace.uow(), person_id).current
    assert stored is not None and stored.actions[0].repeat == WEEKLY_TUESDAYS
    window = PersonWindow(workspace, person_id, tabs=[PlanTab])
    qtbot.addWidget(window)
    window.show()
    tab = window.tabs[0]
    assert isinstance(tab, PlanTab)
    due = tab.model.index(0, DUE)
    assert tab.model.data(due) == "Every Tuesday morning, 12 Jan 2027 to 09 Feb 2027 (5 times)"
    assert tab.model.data(due, Qt.ItemDataRole.DecorationRole) is None  # the day agrees


def test_the_due_column_gives_the_last_time_not_the_end_typed(qapp) -> None:  # type: ignore[no-untyped-def]
    """Mondays to Tuesday 1 June 2027: the last time is 24 May (31 May is a bank holiday)."""
    mondays = PlanAction.model_validate(
        {
            "pathway": "drugs_alcohol",
            "what": "Recovery group",
            "owner": "person",
            "due": DueDate.absolute(dt.date(2027, 1, 18)),
            "repeat": {
                "every": "week",
                "weekday": 0,
                "ends": DueDate.absolute(dt.date(2027, 6, 1)),
            },
        }
    )
    assert repeat_text(mondays, MONDAY) == "Every Monday, 18 Jan 2027 to 24 May 2027 (17 times)"


def test_the_dialog_warns_when_the_words_name_another_day(qtbot) -> None:  # type: ignore[no-untyped-def]
    dialog = _new_job_club(qtbot)  # "Tuesday mornings", due Thursday 7 January
    assert dialog.day_warning.isVisible()
    assert (
        "The words say Tuesday, but it falls on Thursday 07 Jan 2027" in dialog.day_warning.text()
    )
    dialog.repeat.every.set_value(RepeatEvery.WEEK)  # on the Tuesday the words name
    assert not dialog.day_warning.isVisible()
    dialog.repeat.weekday.set_value(0)  # Mondays: the words say Tuesday
    assert "it falls on Monday 11 Jan 2027" in dialog.day_warning.text()
    assert dialog.ok_button.isEnabled()  # a warning, not a refusal
    assert dialog.resolved.text() == "the repeats start from Thursday 07 Jan 2027"


def test_until_typed_with_its_until_is_kept_once(qtbot) -> None:  # type: ignore[no-untyped-def]
    dialog = _new_job_club(qtbot)
    dialog.repeat.every.set_value(RepeatEvery.WEEK)
    dialog.repeat.end_choice.set_value(EndChoice.UNTIL)
    qtbot.keyClicks(dialog.repeat.until, "Until you find work")
    repeat = dialog.action().repeat
    assert repeat is not None and repeat.until == "you find work"


def test_no_summary_beside_a_refusal(qtbot) -> None:  # type: ignore[no-untyped-def]
    dialog = _new_job_club(qtbot)
    dialog.repeat.every.set_value(RepeatEvery.WEEK)
    dialog.repeat.end_choice.set_value(EndChoice.ON_DATE)
    _type_date(dialog.repeat.end_date, dt.date(2030, 1, 1))
    assert "more than two years" in dialog.repeat_problem.text()
    assert dialog.repeat.summary.text() == ""
