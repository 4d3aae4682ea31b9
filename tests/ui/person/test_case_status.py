"""Closing and reopening a case from the person window."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox

from resettle.domain import clock
from resettle.domain.case_status import ClosureReason
from resettle.domain.caseload import CaseloadQuery
from resettle.services.caseload import list_caseload
from resettle.services.workspace import Workspace
from resettle.ui.common.labels import date_text
from resettle.ui.common.widgets import ChoiceCombo
from resettle.ui.evidence import RecommendationsTab
from resettle.ui.person import PersonWindow
from resettle.ui.person.allocation_history import AllocationHistoryDialog
from resettle.ui.person.close_case_dialog import CloseCaseDialog
from resettle.ui.person.needs_tab import NeedsTab
from resettle.ui.person.profile_tab import ProfileTab
from resettle.ui.plan.tab import PlanTab
from tests.background import wait_for_background
from tests.ui.person.conftest import MessageBoxes
from tests.ui.person.support import choose, saved_record, submit


def _on_caseload(workspace: Workspace, person_id: int) -> bool:
    page = list_caseload(workspace.actor, workspace.uow(), CaseloadQuery())
    return person_id in [row.id for row in page.rows]


def test_closing_with_a_reason_then_reopening(  # type: ignore[no-untyped-def]
    qtbot, window: PersonWindow, workspace: Workspace, boxes: MessageBoxes
) -> None:
    controls = window.case_status
    assert controls.close_case_button.isVisible() and not controls.reopen_button.isVisible()
    assert not controls.closed_label.isVisible()
    changes: list[bool] = []
    controls.changed.connect(lambda: changes.append(True))

    controls.close_case_button.click()
    dialog = window.findChild(CloseCaseDialog)
    assert dialog is not None
    assert not dialog.other_reason.isEnabled()
    choose(dialog.reason, ClosureReason.OTHER)
    assert dialog.other_reason.isEnabled()
    assert not dialog.ok_button.isEnabled()  # "other" needs words
    dialog.other_reason.setText("Moved to Jersey")
    assert submit(qtbot, dialog)

    assert controls.closed_label.isVisible()
    text = controls.closed_label.text()
    assert text.startswith("Case closed on ") and "(Other: Moved to Jersey)" in text
    assert text.endswith("Reopen to edit.")
    assert "Test Officer" in controls.closed_label.toolTip()
    assert controls.reopen_button.isVisible() and not controls.close_case_button.isVisible()
    assert saved_record(workspace, window.session.person_id).closure is not None
    assert not _on_caseload(workspace, window.session.person_id)
    assert changes == [True]

    boxes.answer(QMessageBox.StandardButton.Ok)
    controls.reopen_button.click()
    wait_for_background(qtbot)
    assert not controls.closed_label.isVisible()
    assert controls.close_case_button.isVisible()
    assert _on_caseload(workspace, window.session.person_id)
    assert changes == [True, True]
    assert window.statusBar().currentMessage() == "Case reopened"


def test_the_status_bar_names_the_closure(  # type: ignore[no-untyped-def]
    qtbot, window: PersonWindow
) -> None:
    """Not just "Saved.": the officer reads what happened."""
    assert submit(qtbot, _close(qtbot, window, ClosureReason.DIED))
    assert window.statusBar().currentMessage() == "Case closed (Died)"


def test_the_header_shows_the_officer_and_the_allocation_history(  # type: ignore[no-untyped-def]
    window: PersonWindow,
) -> None:
    assert "Officer: Test Officer" in window.facts_label.text()
    history = window.facts_label.toolTip().splitlines()
    assert history[0] == "Allocation history:"
    assert history[1].endswith("allocated to Test Officer by Test Officer")


def test_the_allocation_history_is_a_list_the_keyboard_reaches(  # type: ignore[no-untyped-def]
    qtbot, window: PersonWindow, workspace: Workspace
) -> None:
    """The trial: the history was only a tooltip. A button by the officer line, in the Tab
    order, opens it as a list: date, from, to, by whom."""
    button = window.case_status.history_button
    assert button.isVisible() and button.focusPolicy() & Qt.FocusPolicy.TabFocus
    button.click()
    dialog = window.findChild(AllocationHistoryDialog)
    assert dialog is not None
    qtbot.waitExposed(dialog)
    # The day the allocation was saved (by the system clock), on the local calendar.
    saved = saved_record(workspace, window.session.person_id).allocations
    day = date_text(clock.day_of(saved[0].allocated_at))
    assert dialog.model.display_rows() == [[day, "(first)", "Test Officer", "Test Officer"]]
    dialog.reject()


def _close(qtbot, window: PersonWindow, reason: ClosureReason) -> CloseCaseDialog:  # type: ignore[no-untyped-def]
    window.case_status.close_case_button.click()
    dialog = window.findChild(CloseCaseDialog)
    assert dialog is not None
    choose(dialog.reason, reason)
    return dialog


def test_licence_ended_is_refused_before_release(  # type: ignore[no-untyped-def]
    qtbot, window: PersonWindow
) -> None:
    """The person's release date (15/01/2027 in the factory) is still to come."""
    assert window.session.record.person.profile.release_date > clock.today()
    dialog = _close(qtbot, window, ClosureReason.LICENCE_ENDED)
    assert not dialog.ok_button.isEnabled()
    problem = dialog.form.problem_for("reason")
    assert problem.startswith("Reason: ") and "before the person is released" in problem
    choose(dialog.reason, ClosureReason.TRANSFERRED_OUT)
    assert dialog.ok_button.isEnabled() and dialog.form.problem_for("reason") == ""


def test_no_reason_is_chosen_for_the_officer(  # type: ignore[no-untyped-def]
    qtbot, window: PersonWindow
) -> None:
    window.case_status.close_case_button.click()
    dialog = window.findChild(CloseCaseDialog)
    assert dialog is not None
    assert dialog.reason.value() is None and dialog.reason.currentText() == "Choose a reason…"
    assert not dialog.ok_button.isEnabled()
    # Plain words under the field, not pydantic's list of codes.
    assert dialog.form.fields["reason"].problem.text() == "Choose a reason"
    assert "Input should be" not in dialog.form.problem_for("reason")


def _released(window: PersonWindow, days_ago: int, licence_end: dt.date | None) -> None:
    """Show the window's person as released ``days_ago`` with this licence end date."""
    person = window.session.record.person
    profile = person.profile.model_copy(
        update={
            "release_date": clock.today() - dt.timedelta(days=days_ago),
            "licence_end_date": licence_end,
        }
    )
    window.session.record = window.session.record.model_copy(
        update={"person": person.model_copy(update={"profile": profile})}
    )


def test_licence_ended_needs_a_recorded_licence_end_date(  # type: ignore[no-untyped-def]
    qtbot, window: PersonWindow
) -> None:
    """Released a week ago with no licence end date: the dialog names the field to record."""
    _released(window, 7, None)
    dialog = _close(qtbot, window, ClosureReason.LICENCE_ENDED)
    assert not dialog.ok_button.isEnabled()
    assert dialog.form.problem_for("reason").startswith(
        "Licence end date: record it on the Profile tab"
    )
    _released(window, 7, clock.today())  # recorded (another window saved it)
    choose(dialog.reason, ClosureReason.DIED)
    choose(dialog.reason, ClosureReason.LICENCE_ENDED)
    assert dialog.ok_button.isEnabled()


def test_a_refusal_under_the_reason_is_shown_whole(  # type: ignore[no-untyped-def]
    qtbot, window: PersonWindow
) -> None:
    """The long refusal wraps over several lines: none is clipped and it stays above the
    "Other reason" row (the trial saw it cut at top and bottom, over that row)."""
    window.case_status.close_case_button.click()
    dialog = window.findChild(CloseCaseDialog)
    assert dialog is not None
    qtbot.waitExposed(dialog)  # shown before the reason is chosen, as the officer does
    choose(dialog.reason, ClosureReason.LICENCE_ENDED)
    QApplication.processEvents()
    label = dialog.form.fields["reason"].problem
    assert len(label.text()) > 60  # long enough to wrap
    assert label.height() >= label.heightForWidth(label.width())
    bottom = label.mapTo(dialog, label.rect().bottomLeft()).y()
    assert bottom < dialog.other_reason.mapTo(dialog, dialog.other_reason.rect().topLeft()).y()


def test_licence_ended_is_refused_while_the_licence_runs(  # type: ignore[no-untyped-def]
    qtbot, window: PersonWindow
) -> None:
    """Released yesterday, licence ending in two years: the dialog names the reason."""
    _released(window, 1, clock.today() + dt.timedelta(days=730))
    dialog = _close(qtbot, window, ClosureReason.LICENCE_ENDED)
    assert not dialog.ok_button.isEnabled()
    problem = dialog.form.problem_for("reason")
    assert problem.startswith("Reason: ") and "licence end date is still to come" in problem


def test_a_closed_case_is_read_only_until_reopened(  # type: ignore[no-untyped-def]
    qtbot, window: PersonWindow, workspace: Workspace, boxes: MessageBoxes
) -> None:
    profile = window.tab_of(ProfileTab)
    assert isinstance(profile, ProfileTab)
    assert window.save_button.isVisibleTo(window) and not profile.given_name.isReadOnly()
    assert submit(qtbot, _close(qtbot, window, ClosureReason.DIED))

    assert window.case_status.closed_label.text().endswith("(Died). Reopen to edit.")
    assert "Readiness:" not in window.facts_label.text()
    assert profile.given_name.isReadOnly() and profile.date_of_birth.editor.isReadOnly()
    assert not profile.sex.isEnabled()
    assert not window.save_button.isVisibleTo(window)
    assert not window.cancel_button.isVisibleTo(window)
    assert not window.save()

    # Reopening asks first; Cancel keeps the case closed.
    boxes.answer(QMessageBox.StandardButton.Cancel)
    assert not window.case_status.reopen_case()
    assert boxes.shown[-1] == ("Reopen case", "Reopen this case?")
    assert saved_record(workspace, window.session.person_id).closure is not None

    boxes.answer(QMessageBox.StandardButton.Ok)
    assert window.case_status.reopen_case()
    wait_for_background(qtbot)
    assert saved_record(workspace, window.session.person_id).closure is None
    assert not profile.given_name.isReadOnly() and profile.sex.isEnabled()
    assert window.save_button.isVisibleTo(window)
    with workspace.uow() as uow:
        assert "case.reopened" in [entry.action for entry in uow.audit.latest(3)]


def test_closing_waits_for_unsaved_edits(  # type: ignore[no-untyped-def]
    window: PersonWindow, boxes: MessageBoxes
) -> None:
    profile = window.tab_of(ProfileTab)
    assert isinstance(profile, ProfileTab)
    profile.gender.setText("Woman")
    assert window.case_status.close_case() is None
    assert "Save or cancel your changes first" in boxes.texts()[-1]


def test_tabs_first_shown_after_closing_are_read_only(  # type: ignore[no-untyped-def]
    qtbot, window: PersonWindow
) -> None:
    """The window builds a tab when it is first shown: one first shown after the case was
    closed is read-only too, and Add to plan is off."""
    assert submit(qtbot, _close(qtbot, window, ClosureReason.DIED))
    needs = window.tab_of(NeedsTab)
    window.show_tab(needs)
    assert all(not combo.isEnabled() for combo in needs.findChildren(ChoiceCombo))
    recommendations = window.tab_of(RecommendationsTab)
    assert isinstance(recommendations, RecommendationsTab)
    window.show_tab(recommendations)
    qtbot.waitUntil(lambda: recommendations.result is not None)
    assert recommendations.result is not None
    assert recommendations.select_intervention(
        recommendations.result.recommendations[0].intervention_id
    )
    assert not recommendations.add_button.isEnabled()
    assert not recommendations.add_to_plan()
    plan = window.tab_of(PlanTab)
    assert isinstance(plan, PlanTab)
    window.show_tab(plan)
    assert plan.banner.note.text().startswith("Read only here")  # not "Agree the plan ..."
