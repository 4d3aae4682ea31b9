"""A manager restricts a person to named staff through the dialog: the reason is required
(under its field), the state is there on reopening, and the services then hide the person from
an officer who is not named. Officers and prison staff are refused in the dialog."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import QRect, Qt
from PySide6.QtWidgets import QWidget

from resettle.domain.caseload import CaseloadQuery
from resettle.domain.permissions import Permission, PermissionDenied
from resettle.domain.staff import Actor, Role
from resettle.services import caseload, registration
from resettle.services.workspace import Workspace
from resettle.ui.case_access import person_access_dialog
from resettle.ui.case_access.person_access_dialog import PersonAccessDialog, open_person_access
from tests.accounts import workspace_as
from tests.background import wait_for_background
from tests.factories import person_data, staff_member

LAPTOP_AT_125 = QRect(0, 0, 1092, 582)  # 1366x728 (less a taskbar) at 125%, logical pixels


@pytest.fixture
def manager(workspace: Workspace) -> Workspace:
    return workspace_as(workspace, Role.MANAGER, username="t.manager")


@pytest.fixture
def person_id(workspace: Workspace) -> int:
    return registration.register_person(workspace.actor, workspace.uow(), person_data()).id


def opened(qtbot: Any, owner: QWidget, runner: Workspace, person_id: int) -> PersonAccessDialog:
    dialog = open_person_access(owner, runner, person_id)
    wait_for_background(qtbot)
    return dialog


def reached(workspace: Workspace, actor: Actor) -> int:
    return caseload.count_caseload(actor, workspace.uow(), CaseloadQuery())


def save(qtbot: Any, dialog: PersonAccessDialog) -> None:
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    wait_for_background(qtbot)


def test_a_manager_restricts_a_person_to_a_named_officer(
    qtbot: Any, owner: QWidget, workspace: Workspace, manager: Workspace, person_id: int
) -> None:
    colleague = staff_member(workspace, "t.colleague")  # same team, not named
    named = staff_member(workspace, "t.named")
    assert reached(workspace, colleague) == 1

    dialog = opened(qtbot, owner, manager, person_id)
    assert dialog.loaded and not dialog.restricted.isChecked()
    assert "does not exist in Resettle" in dialog.findChild(QWidget, "restriction_explained").text()
    assert not dialog.named.isEnabled()
    assert dialog.restricted.hasFocus()  # the keyboard starts on the decision
    qtbot.keyClick(dialog.restricted, Qt.Key.Key_Space)
    assert dialog.restricted.isChecked() and dialog.named.isEnabled()
    # The manager stays on the list, and the person's responsible officer is put on it.
    officer = workspace.actor.id
    assert dialog.named.staff_ids() == [manager.actor.id, officer]
    qtbot.keyClicks(dialog.named.search.lineEdit(), "t named")
    qtbot.keyClick(dialog.named.search.lineEdit(), Qt.Key.Key_Return)  # takes the one match
    qtbot.keyClick(dialog.named.search.lineEdit(), Qt.Key.Key_Return)  # adds it
    assert dialog.named.staff_ids() == [manager.actor.id, officer, named.id]

    save(qtbot, dialog)  # no reason
    assert dialog.isVisible()
    assert dialog.problems.text("reason") == "Reason: say why (it is audited)"
    assert reached(workspace, colleague) == 1  # nothing saved

    qtbot.keyClicks(dialog.reason, "Staff member is a relative")
    with qtbot.waitSignals([dialog.saved, dialog.accepted]):  # saved, and closed
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    wait_for_background(qtbot)

    again = opened(qtbot, owner, manager, person_id)
    assert again.restricted.isChecked()
    assert sorted(again.named.staff_ids()) == sorted([manager.actor.id, officer, named.id])
    assert again.excluded.staff_ids() == []
    assert reached(workspace, colleague) == 0  # the person does not exist for them
    assert reached(workspace, named) == 1
    assert reached(workspace, workspace.actor) == 1  # their officer still has the case
    again.reject()


def test_the_dialog_names_the_person_and_their_officer(
    qtbot: Any, owner: QWidget, workspace: Workspace, manager: Workspace, person_id: int
) -> None:
    dialog = opened(qtbot, owner, manager, person_id)
    heading = dialog.findChild(QWidget, "person_heading")
    assert heading.text() == "Who may reach Zoë Ní Bhriain (A1234BC)"
    assert dialog.windowTitle() == heading.text()
    dialog.restricted.setChecked(True)
    officer_row = dialog.named.list.item(1)
    assert officer_row.text().startswith(f"{workspace.actor.display_name} (")
    assert "(responsible officer), Test team" in officer_row.text()
    dialog.reject()


def _answer(monkeypatch: pytest.MonkeyPatch, without: bool) -> list[tuple[str, str]]:
    asked: list[tuple[str, str]] = []

    def ask(_parent: Any, officer: str, team: str) -> bool:
        asked.append((officer, team))
        return without

    monkeypatch.setattr(person_access_dialog.questions, "restrict_without_officer", ask)
    return asked


@pytest.mark.parametrize("without", [False, True])
def test_leaving_out_the_responsible_officer_is_asked_about(
    qtbot: Any,
    owner: QWidget,
    workspace: Workspace,
    manager: Workspace,
    person_id: int,
    monkeypatch: pytest.MonkeyPatch,
    without: bool,
) -> None:
    asked = _answer(monkeypatch, without)
    officer = workspace.actor
    dialog = opened(qtbot, owner, manager, person_id)
    dialog.restricted.setChecked(True)
    dialog.named.list.setCurrentRow(1)
    dialog.named.remove_selected()  # the manager takes the officer off the list
    assert officer.id not in dialog.named.staff_ids()
    qtbot.keyClicks(dialog.reason, "Staff member is a relative")
    with qtbot.waitSignal(dialog.saved):
        dialog.save()
    wait_for_background(qtbot)
    assert len(asked) == 1
    assert asked[0][0] == f"{officer.display_name} ({officer.username})"  # the officer named
    assert asked[0][1] == "Test team"  # and their team
    assert reached(workspace, officer) == (0 if without else 1)

    again = opened(qtbot, owner, manager, person_id)  # decided: not asked again
    qtbot.keyClicks(again.reason, "Saved again")
    with qtbot.waitSignal(again.saved):
        again.save()
    wait_for_background(qtbot)
    assert len(asked) == 1


def test_a_missing_reason_is_said_before_the_question_about_the_officer(
    qtbot: Any,
    owner: QWidget,
    manager: Workspace,
    person_id: int,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """User trial: the question about the officer came first, and only after answering it was
    the missing reason shown."""
    asked = _answer(monkeypatch, True)
    dialog = opened(qtbot, owner, manager, person_id)
    dialog.restricted.setChecked(True)
    dialog.named.list.setCurrentRow(1)
    dialog.named.remove_selected()
    assert dialog.save() is False
    assert asked == []
    assert dialog.problems.text("reason") == "Reason: say why (it is audited)"


def test_an_excluded_officer_no_longer_reaches_the_person(
    qtbot: Any, owner: QWidget, workspace: Workspace, manager: Workspace, person_id: int
) -> None:
    colleague = staff_member(workspace, "t.colleague")
    dialog = opened(qtbot, owner, manager, person_id)
    labels = dialog.excluded.search
    assert manager.actor.id not in labels.values()  # a manager cannot exclude themself
    dialog.excluded.search.set_value(colleague.id)
    qtbot.mouseClick(dialog.excluded.add_button, Qt.MouseButton.LeftButton)
    assert dialog.excluded.staff_ids() == [colleague.id]
    assert colleague.id not in dialog.named.search.values()  # not offered on both lists
    qtbot.keyClicks(dialog.reason, "Conflict of interest")
    with qtbot.waitSignal(dialog.saved):
        dialog.save()
    wait_for_background(qtbot)
    assert reached(workspace, colleague) == 0
    assert reached(workspace, workspace.actor) == 1  # the rest of the team still does


@pytest.mark.parametrize("role", [Role.OFFICER, Role.PRISON_STAFF])
def test_officers_and_prison_staff_are_refused(
    qtbot: Any, owner: QWidget, workspace: Workspace, person_id: int, role: Role
) -> None:
    runner = workspace if role is Role.OFFICER else workspace_as(workspace, role)
    dialog = opened(qtbot, owner, runner, person_id)
    expected = str(PermissionDenied(runner.actor, Permission.RESTRICT_ACCESS))
    assert dialog.problems.general.text() == expected
    assert dialog.problems.general.isVisible()
    assert not dialog.loaded and not dialog.save_button.isVisible()
    assert not dialog.restricted.isVisible()  # nothing to edit
    dialog.reject()


def test_the_dialog_fits_a_laptop_at_125_percent(
    qtbot: Any, owner: QWidget, workspace: Workspace, manager: Workspace, person_id: int
) -> None:
    for n in range(60):
        staff_member(workspace, f"t.officer{n:02}")
    dialog = opened(qtbot, owner, manager, person_id)
    needed = dialog.minimumSizeHint()
    assert needed.width() <= LAPTOP_AT_125.width()
    assert needed.height() <= LAPTOP_AT_125.height()
    dialog.reject()


def test_tab_goes_through_the_dialog_top_to_bottom(
    qtbot: Any, owner: QWidget, manager: Workspace, person_id: int
) -> None:
    dialog = opened(qtbot, owner, manager, person_id)
    dialog.restricted.setChecked(True)
    chain: list[QWidget] = []
    widget = dialog.restricted
    for _ in range(12):
        chain.append(widget)
        widget = widget.nextInFocusChain()
        while not (widget.focusPolicy() & Qt.FocusPolicy.TabFocus) or widget.focusProxy():
            widget = widget.nextInFocusChain()
    named, excluded = dialog.named, dialog.excluded
    assert chain[:2] == [dialog.restricted, named.list]
    assert chain.index(named.list) < chain.index(excluded.list) < chain.index(dialog.reason)
    dialog.reject()
