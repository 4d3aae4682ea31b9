"""Building, agreeing and issuing a plan through the Plan tab, and the refusals on the way."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox

from resettle.domain.pathways import Pathway
from resettle.domain.plan import (
    ActionOwner,
    ActionStatus,
    PersonAgreementMethod,
    PlanAction,
    PlanState,
)
from resettle.domain.record_parts import RecordPart
from resettle.domain.staff import Role
from resettle.services.case_record import needs
from resettle.services.case_record.read import open_case_record
from resettle.services.plans import edit, read
from resettle.services.workspace import Workspace
from resettle.ui.person.window import PersonWindow
from resettle.ui.plan.action_dialog import ActionDialog, DueChoice
from resettle.ui.plan.actions_model import OWNER, PROBLEM_BACKGROUND, WHAT
from resettle.ui.plan.tab import PlanTab
from tests.accounts import workspace_as
from tests.background import wait_for_background
from tests.factories import establishment
from tests.ui.plan.support import RELEASE, SENTENCE, action, register, with_plan
from tests.ui.saving import save_and_wait, save_tab_and_wait


def _window(qtbot, workspace: Workspace, person_id: int) -> tuple[PersonWindow, PlanTab]:  # type: ignore[no-untyped-def]
    window = PersonWindow(workspace, person_id, tabs=[PlanTab])
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    tab = window.tabs[0]
    assert isinstance(tab, PlanTab)
    return window, tab


def _fill(dialog: ActionDialog, what: str, pathway: Pathway, owner: ActionOwner | None) -> None:
    dialog.pathway.set_value(pathway)
    dialog.what.setPlainText(what)
    dialog.owner.set_value(owner)


def _add(qtbot, tab: PlanTab, what: str, pathway: Pathway, days_before: int) -> None:  # type: ignore[no-untyped-def]
    dialog = tab.add_action()
    assert isinstance(dialog, ActionDialog)
    _fill(dialog, what, pathway, ActionOwner.PROBATION)
    dialog.due_choice.set_value(DueChoice.BEFORE_RELEASE)
    dialog.days.setValue(days_before)
    assert dialog.ok_button.isEnabled()
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.isVisible())


def _saved_whats(workspace: Workspace, person_id: int) -> list[str]:
    plan = read.get_plan(workspace.actor, workspace.uow(), person_id)
    assert plan.current is not None
    return [a.what for a in plan.current.ordered_actions()]


def test_build_a_plan_reorder_and_save_with_ctrl_s(qtbot, workspace, person_id) -> None:  # type: ignore[no-untyped-def]
    window, tab = _window(qtbot, workspace, person_id)
    assert tab.banner.chip.text() == "NO PLAN"
    _add(qtbot, tab, "Book the GP", Pathway.HEALTH, 14)
    _add(qtbot, tab, "Confirm the hostel bed", Pathway.ACCOMMODATION, 21)
    assert tab.dirty and window.save_button.isEnabled()
    assert tab.model.data(tab.model.index(1, 4)) == (
        f"21 days before release ({(RELEASE - dt.timedelta(days=21)):%d %b %Y})"
    )
    tab.select_row(1)
    qtbot.mouseClick(tab.controls.up, Qt.MouseButton.LeftButton)
    assert tab.selected_row() == 0
    tab.toggle_done()
    window.activateWindow()  # the action dialogs were the active window until they closed
    qtbot.waitUntil(lambda: window.isActiveWindow())
    qtbot.keyClick(window, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: not tab.dirty)
    assert _saved_whats(workspace, person_id) == ["Confirm the hostel bed", "Book the GP"]
    saved = read.get_plan(workspace.actor, workspace.uow(), person_id).current
    assert saved is not None and saved.ordered_actions()[0].status is ActionStatus.DONE
    assert tab.banner.chip.text() == "DRAFT"
    assert window.tab_widget.tabText(0) == "Plan"


def test_agree_records_how_the_person_agreed(qtbot, workspace, person_id) -> None:  # type: ignore[no-untyped-def]
    with_plan(workspace, person_id)
    _shown, tab = _window(qtbot, workspace, person_id)
    assert tab.controls.agree.isEnabled() and not tab.controls.issue.isEnabled()
    dialog = tab.agree()
    assert dialog is not None and not dialog.ok_button.isEnabled()  # how is required
    dialog.how.set_value(PersonAgreementMethod.PHONE)
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: tab.banner.chip.text() == "AGREED")
    assert "The person agreed by phone" in tab.banner.headline.text()
    plan = read.get_plan(workspace.actor, workspace.uow(), person_id).current
    assert plan is not None and plan.state is PlanState.AGREED
    assert tab.controls.issue.isEnabled() and not tab.controls.agree.isEnabled()


def _agreed(workspace: Workspace, person_id: int) -> None:
    with_plan(workspace, person_id)
    plan = read.get_plan(workspace.actor, workspace.uow(), person_id)
    edit.agree(
        workspace.actor,
        workspace.uow(),
        person_id,
        plan.revision,  # type: ignore[arg-type]
        {"agreed_by_person": False},
    )


def test_issue_shows_issued_and_the_fingerprint(qtbot, workspace, person_id, answers) -> None:  # type: ignore[no-untyped-def]
    _agreed(workspace, person_id)
    _shown, tab = _window(qtbot, workspace, person_id)
    assert tab.issue()
    wait_for_background(qtbot)
    assert answers.said("confirm_issue")
    issued = read.get_plan(workspace.actor, workspace.uow(), person_id).current
    assert issued is not None and issued.issue is not None
    digest = issued.issue.snapshot_sha256
    assert tab.banner.chip.text() == "ISSUED"
    assert digest[:8] in tab.banner.fingerprint.text()
    assert tab.banner.fingerprint.toolTip() == digest
    assert answers.said("offer_preview") == [(digest,)]
    assert "Issued by" in tab.banner.headline.text()


def test_issue_can_be_called_off(qtbot, workspace, person_id, answers) -> None:  # type: ignore[no-untyped-def]
    _agreed(workspace, person_id)
    answers.issue = False
    _shown, tab = _window(qtbot, workspace, person_id)
    assert not tab.issue()
    assert tab.banner.chip.text() == "AGREED"


def test_editing_an_issued_plan_makes_version_2_and_version_1_stays_readable(  # type: ignore[no-untyped-def]
    qtbot, workspace, person_id
) -> None:
    _agreed(workspace, person_id)
    window, tab = _window(qtbot, workspace, person_id)
    assert tab.issue()
    wait_for_background(qtbot)
    tab.select_row(0)
    tab.delete_action()
    assert "starts version 2" in tab.banner.note.text()
    assert not tab.banner.versions.isEnabled()  # no version switching with unsaved edits
    assert save_and_wait(qtbot, window)
    plan = read.get_plan(workspace.actor, workspace.uow(), person_id)
    assert [v.version for v in plan.versions] == [1, 2]
    assert tab.banner.chip.text() == "DRAFT" and tab.model.rowCount() == 2
    tab.banner.versions.set_value(1)  # choose version 1 as the user would
    assert tab.viewing_earlier and tab.model.rowCount() == 3
    assert tab.banner.chip.text() == "ISSUED"
    assert "cannot be changed" in tab.banner.note.text()
    assert not tab.controls.add.isVisible() and tab.add_action() is None
    tab.banner.versions.set_value(2)
    assert not tab.viewing_earlier and tab.model.rowCount() == 2


def test_missing_owner_is_refused_naming_the_action(qtbot, workspace, person_id, answers) -> None:  # type: ignore[no-untyped-def]
    _shown, tab = _window(qtbot, workspace, person_id)
    dialog = tab.add_action()
    assert dialog is not None
    _fill(dialog, "Find a tenancy support worker", Pathway.ACCOMMODATION, None)
    assert not dialog.ok_button.isEnabled()
    assert "Choose who" in dialog.owner_problem.text()
    dialog.reject()
    # An action without an owner can still arrive (e.g. an older plan): Save refuses it.
    tab.model.add(
        [
            PlanAction.model_validate(action("Fine", owner="prison")),
            PlanAction.model_validate(action("Find a tenancy support worker", owner=None)),
        ]
    )
    assert not save_tab_and_wait(qtbot, tab)
    (reasons,) = answers.said("show_refusal")
    assert any("action 2" in m and "tenancy support worker" in m for m in reasons[0])
    assert tab.model.data(tab.model.index(1, WHAT), Qt.ItemDataRole.BackgroundRole) == (
        PROBLEM_BACKGROUND
    )
    assert tab.model.data(tab.model.index(1, OWNER)) == "No owner"
    assert tab.selected_row() == 1 and tab.dirty


def test_due_before_the_sentence_is_refused(qtbot, workspace, person_id, answers) -> None:  # type: ignore[no-untyped-def]
    _shown, tab = _window(qtbot, workspace, person_id)
    early = SENTENCE - dt.timedelta(days=10)
    dialog = tab.add_action()
    assert dialog is not None
    _fill(dialog, "Back-dated", Pathway.HEALTH, ActionOwner.PRISON)
    dialog.due_choice.set_value(DueChoice.ON_DATE)
    dialog.on_date.editor.setText(f"{early:%d/%m/%Y}")
    assert not dialog.ok_button.isEnabled() and "before the sentence" in dialog.due_problem.text()
    dialog.reject()
    tab.model.add(
        [PlanAction.model_validate(action("Back-dated", due={"kind": "absolute", "on": early}))]
    )
    assert not save_tab_and_wait(qtbot, tab)
    (reasons,) = answers.said("show_refusal")
    assert "before the sentence began" in reasons[0][0] and "action 1" in reasons[0][0]


def test_someone_elses_change_keeps_my_edits_and_offers_reload(  # type: ignore[no-untyped-def]
    qtbot, workspace, person_id, answers
) -> None:
    with_plan(workspace, person_id)
    window, tab = _window(qtbot, workspace, person_id)
    tab.select_row(2)
    tab.delete_action()
    mine = tab.model.actions()
    plan = read.get_plan(workspace.actor, workspace.uow(), person_id)
    edit.save_plan(workspace.actor, workspace.uow(), person_id, plan.revision, [action("Theirs")])
    assert not save_and_wait(qtbot, window)
    (question,) = answers.said("ask_reload_plan")
    assert "Someone else changed this plan" in question[0]
    assert tab.dirty and tab.model.actions() == mine
    answers.reload = True
    assert not save_tab_and_wait(qtbot, tab)
    assert not tab.dirty and [a.what for a in tab.model.actions()] == ["Theirs"]


def test_suggestions_from_the_record_are_added_ticked(qtbot, workspace, person_id) -> None:  # type: ignore[no-untyped-def]
    _shown, tab = _window(qtbot, workspace, person_id)
    dialog = tab.add_suggestions()
    assert dialog is not None
    offered = dialog.model.rowCount()
    assert offered > 0 and len(dialog.chosen()) == offered
    dialog.model.setData(
        dialog.model.index(0, 0), Qt.CheckState.Unchecked.value, Qt.ItemDataRole.CheckStateRole
    )
    assert dialog.ok_button.text() == f"&Add {offered - 1} actions"
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert tab.model.rowCount() == offered - 1
    assert save_tab_and_wait(qtbot, tab)
    again = tab.add_suggestions()
    assert again is not None and again.model.rowCount() == 1  # only the one left out


def test_read_only_without_permission_to_edit_plans(qtbot, workspace, person_id) -> None:  # type: ignore[no-untyped-def]
    with_plan(workspace, person_id)
    manager = workspace_as(workspace, Role.MANAGER)
    _shown, tab = _window(qtbot, manager, person_id)
    assert not tab.editable
    assert not tab.controls.add.isVisible() and not tab.controls.agree.isVisible()
    assert tab.controls.preview.isVisible()  # managers may print
    assert tab.banner.note.text() == (
        "Read only here: the plan can be viewed and printed, not changed."
    )
    assert tab.add_action() is None and tab.add_suggestions() is None
    tab.select_row(0)
    tab.toggle_done()
    tab.move_action(1)
    assert not tab.dirty
    dialog = tab.edit_action()
    assert dialog is not None and not dialog.pathway.isEnabled()
    # Read-only fields look read-only, and Close works (the dialog was greyed whole).
    assert dialog.isEnabled() and dialog.what.isReadOnly()
    assert not dialog.ok_button.isVisible()
    close = dialog.buttons.button(QDialogButtonBox.StandardButton.Cancel)
    assert close.isEnabled() and close.text() == "&Close"
    qtbot.mouseClick(close, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()


def test_prison_staff_are_not_offered_printing_and_are_told_who_prints(qtbot, workspace) -> None:  # type: ignore[no-untyped-def]
    """User trial: the note said the plan "can be printed" beside a grey Preview button."""
    leeds = establishment(workspace)
    person_id = register(workspace, establishment_id=leeds)
    with_plan(workspace, person_id)
    prison = workspace_as(workspace, Role.PRISON_STAFF, establishment_id=leeds)
    _shown, tab = _window(qtbot, prison, person_id)
    assert not tab.editable
    assert not tab.controls.preview.isVisible()
    assert "printed" not in tab.banner.note.text().split(".")[0]
    assert "Plans are printed by the person's probation officer or a manager" in (
        tab.banner.note.text()
    )
    assert tab.preview() is None


def test_timeline_shows_markers_and_selects_the_action(qtbot, workspace, person_id) -> None:  # type: ignore[no-untyped-def]
    with_plan(workspace, person_id)
    edit.save_plan(
        workspace.actor,
        workspace.uow(),
        person_id,
        read.get_plan(workspace.actor, workspace.uow(), person_id).revision,
        [action("Early"), action("Release day", due={"kind": "relative", "offset_days": 0})],
    )
    _shown, tab = _window(qtbot, workspace, person_id)
    tab.show_timeline()
    timeline = tab.timeline
    qtbot.waitUntil(lambda: len(timeline.markers()) == 2)
    marker = next(m for m in timeline.markers() if m.rows == (1,))
    with qtbot.waitSignal(timeline.action_clicked) as clicked:
        qtbot.mouseClick(timeline, Qt.MouseButton.LeftButton, pos=marker.centre.toPoint())
    assert clicked.args == [1] and tab.selected_row() == 1
    tab.show_table()
    assert tab.views.currentWidget() is tab.table


def test_after_issuing_the_preview_can_open_at_once(qtbot, workspace, person_id, answers) -> None:  # type: ignore[no-untyped-def]
    _agreed(workspace, person_id)
    answers.preview_after_issue = True
    _shown, tab = _window(qtbot, workspace, person_id)
    assert tab.issue()
    wait_for_background(qtbot)
    dialog = tab.preview_dialog
    assert dialog is not None
    qtbot.waitUntil(lambda: bool(dialog.images), timeout=60_000)
    assert "issued: exactly what was issued" in dialog.status.text()
    dialog.close()


def test_suggestions_name_the_action_that_covers_a_support_need(
    qtbot, workspace: Workspace, person_id: int
) -> None:  # type: ignore[no-untyped-def]
    record = open_case_record(workspace.actor, workspace.uow(), person_id)
    revision = record.revision(RecordPart.NEEDS)
    needs.add_support_need(
        workspace.actor, workspace.uow(), person_id, revision, {"code": "apply_for_id"}
    )
    _shown, tab = _window(qtbot, workspace, person_id)
    dialog = tab.add_suggestions()
    assert dialog is not None
    whats = [a.what for a in dialog.model.rows()]
    assert "Get an ID document" in whats and "Apply for ID documents" not in whats
    assert not dialog.covered_note.isHidden()
    note = dialog.covered_note.text()
    assert '"Apply for ID documents"' in note and '"Get an ID document"' in note
