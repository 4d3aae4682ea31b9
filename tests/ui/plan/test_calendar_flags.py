"""Calendars on the Plan tab: "Keep this exact day" in the action dialog, the mark on an action
naming another weekday, the Agree dialog's list of them, and the release-day flag."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QIcon

from resettle.domain.plan import DueDate, PersonAgreementMethod, PlanAction
from resettle.services.plans import edit
from resettle.ui.person.window import PersonWindow
from resettle.ui.plan.action_dialog import ActionDialog, DueChoice
from resettle.ui.plan.actions_model import DUE, PlanActionsModel
from resettle.ui.plan.agree_dialog import AgreeDialog
from resettle.ui.plan.tab import PlanTab
from tests.ui.plan.support import SENTENCE, action, register

MONDAY = dt.date(2027, 1, 4)  # release; + 5 days is Saturday 9 January
SUNDAY = dt.date(2027, 1, 3)


def _dialog(qtbot, action: PlanAction | None = None) -> ActionDialog:  # type: ignore[no-untyped-def]
    dialog = ActionDialog(action, MONDAY, SENTENCE)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def test_a_saturday_after_release_moves_unless_kept(qtbot) -> None:  # type: ignore[no-untyped-def]
    dialog = _dialog(qtbot)
    dialog.due_choice.set_value(DueChoice.AFTER_RELEASE)
    dialog.days.setValue(5)
    assert dialog.pinned.isVisible() and not dialog.pinned.isChecked()
    assert dialog.due() == DueDate.relative(5)
    assert dialog.resolved.text() == (
        "falls on Saturday 09 Jan 2027, a weekend: moved to the next working day, "
        "Monday 11 Jan 2027"
    )
    dialog.pinned.click()  # as Space or a click on it does
    assert dialog.due() == DueDate.relative(5, pinned=True)
    assert dialog.resolved.text() == "falls on Saturday 09 Jan 2027, a weekend: kept on that day"
    dialog.days.setValue(4)  # a Friday: nothing to move
    assert dialog.resolved.text() == "falls on 08 Jan 2027"


@pytest.mark.parametrize(
    "choice", [DueChoice.BEFORE_RELEASE, DueChoice.RELEASE_DAY, DueChoice.ON_DATE]
)
def test_the_box_is_only_for_days_after_release(qtbot, choice: DueChoice) -> None:  # type: ignore[no-untyped-def]
    dialog = _dialog(qtbot)
    dialog.due_choice.set_value(DueChoice.AFTER_RELEASE)
    dialog.pinned.setChecked(True)
    dialog.due_choice.set_value(choice)
    assert not dialog.pinned.isVisible()
    due = dialog.due()
    assert due is not None and not due.pinned


def test_a_pinned_action_opens_with_the_box_ticked(qtbot) -> None:  # type: ignore[no-untyped-def]
    pinned = PlanAction.model_validate(
        {
            "pathway": "health",
            "what": "Pharmacy",
            "owner": "person",
            "due": DueDate.relative(5, pinned=True),
        }
    )
    dialog = _dialog(qtbot, pinned)
    assert dialog.pinned.isChecked()
    assert dialog.action().due == DueDate.relative(5, pinned=True)


def _model(*actions: PlanAction) -> PlanActionsModel:
    model = PlanActionsModel()
    model.today = lambda: dt.date(2026, 12, 1)
    model.set_plan(actions, MONDAY)
    return model


def _action(what: str, days: int, position: int = 0) -> PlanAction:
    return PlanAction.model_validate(
        {
            "pathway": "education_skills_work",
            "what": what,
            "owner": "person",
            "due": DueDate.relative(days),
            "position": position,
        }
    )


def test_an_action_naming_another_weekday_is_marked(qapp) -> None:  # type: ignore[no-untyped-def]
    wrong = _action("Go to the job club on Tuesday mornings", 3, 0)  # a Thursday
    right = _action("Go to the job club on Tuesday mornings", 8, 1)  # a Tuesday
    model = _model(wrong, right)
    marked, plain = model.index(0, DUE), model.index(1, DUE)
    assert isinstance(model.data(marked, Qt.ItemDataRole.DecorationRole), QIcon)
    assert model.data(marked).endswith(" · check the day")
    assert model.data(marked, Qt.ItemDataRole.ToolTipRole) == (
        "The action says Tuesday but is due on Thursday 07 Jan 2027. Change the date or the "
        "words before the plan is agreed."
    )
    assert model.data(plain, Qt.ItemDataRole.DecorationRole) is None
    assert "check the day" not in model.data(plain)
    assert model.wrong_weekday_actions() == [(0, wrong)]


def test_agree_lists_them_and_asks_to_confirm(qtbot) -> None:  # type: ignore[no-untyped-def]
    dialog = AgreeDialog("Demo Officer", 2, None, ["1. Job club on Tuesday: due Thursday"])
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.wrong_weekdays.isVisible()
    assert "1 action(s) name a weekday" in dialog.wrong_weekdays.text()
    assert "1. Job club on Tuesday: due Thursday" in dialog.wrong_weekdays.text()
    dialog.how.set_value(PersonAgreementMethod.PHONE)
    assert not dialog.ok_button.isEnabled()
    assert dialog.ok_button.toolTip() == "Check the days of the actions listed first"
    qtbot.mouseClick(dialog.days_checked, Qt.MouseButton.LeftButton)
    assert dialog.ok_button.isEnabled()


def test_agree_without_them_asks_nothing_more(qtbot) -> None:  # type: ignore[no-untyped-def]
    dialog = AgreeDialog("Demo Officer", 2)
    qtbot.addWidget(dialog)
    dialog.show()
    assert not dialog.wrong_weekdays.isVisible() and not dialog.days_checked.isVisible()
    dialog.how.set_value(PersonAgreementMethod.PHONE)
    assert dialog.ok_button.isEnabled()


def test_the_plan_tab_flags_a_sunday_release_and_lists_the_wrong_day(  # type: ignore[no-untyped-def]
    qtbot, workspace
) -> None:
    person_id = register(workspace, release_date=SUNDAY)
    edit.save_plan(
        workspace.actor,
        workspace.uow(),
        person_id,
        None,
        [
            action(
                "Go to the job club on Tuesday mornings", due={"kind": "relative", "offset_days": 4}
            ),
            action("Sign in on Monday", due={"kind": "relative", "offset_days": 1}),
        ],
    )
    window = PersonWindow(workspace, person_id, tabs=[PlanTab])
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    tab = window.tabs[0]
    assert isinstance(tab, PlanTab)
    assert tab.release_note.isVisible()
    # Friday 1 January is New Year's Day: the working day before is Thursday 31 December.
    assert tab.release_note.text() == (
        "Release date Sunday 03 Jan 2027 falls on a weekend: release normally happens on the "
        "previous working day, Thursday 31 Dec 2026."
    )
    dialog = tab.agree()
    assert dialog is not None
    assert dialog.wrong_weekdays.isVisible()
    assert "1. Go to the job club on Tuesday mornings: due Thursday 07 Jan 2027" in (
        dialog.wrong_weekdays.text()
    )
    assert "Sign in on Monday" not in dialog.wrong_weekdays.text()
    dialog.reject()


def test_a_day_before_release_on_a_weekend_is_named_as_one(qtbot) -> None:  # type: ignore[no-untyped-def]
    dialog = _dialog(qtbot)
    dialog.due_choice.set_value(DueChoice.BEFORE_RELEASE)
    dialog.days.setValue(2)  # Saturday 2 January: kept (the prison works), but said
    assert dialog.resolved.text() == "falls on Saturday 02 Jan 2027, a weekend"
    dialog.days.setValue(4)  # Thursday 31 December
    assert dialog.resolved.text() == "falls on 31 Dec 2026"
