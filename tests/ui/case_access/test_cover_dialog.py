"""A manager grants an officer of another team cover on their team, sees it active, and ends
it; a grant without a reason is refused under its field."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from PySide6.QtCore import QRect, Qt
from PySide6.QtWidgets import QWidget

from resettle.domain import clock
from resettle.domain.permissions import Permission, PermissionDenied
from resettle.domain.staff import Role
from resettle.domain.typed_dates import SHOWN_FORMAT
from resettle.services import case_access
from resettle.services.workspace import Workspace
from resettle.ui.case_access.cover_dialog import CoverDialog, open_cover
from tests.accounts import seed_account, workspace_as
from tests.background import wait_for_background

LAPTOP_AT_125 = QRect(0, 0, 1092, 582)


@pytest.fixture
def manager(workspace: Workspace) -> Workspace:
    return workspace_as(workspace, Role.MANAGER, username="t.manager")


@pytest.fixture
def outsider_id(workspace: Workspace) -> int:
    """An officer of another team."""
    with workspace.uow() as uow:
        team = uow.staff.add_team("NORTH", "North team").id
        uow.commit()
    return seed_account(workspace.database, "olu.outsider", team_id=team)


def opened(qtbot: Any, owner: QWidget, runner: Workspace) -> CoverDialog:
    dialog = open_cover(owner, runner)
    wait_for_background(qtbot)
    return dialog


def test_a_manager_grants_cover_sees_it_active_and_ends_it(
    qtbot: Any, owner: QWidget, manager: Workspace, outsider_id: int
) -> None:
    dialog = opened(qtbot, owner, manager)
    assert dialog.model.rowCount() == 0 and not dialog.end_button.isEnabled()
    grant = dialog.open_grant()
    assert grant is not None
    assert grant.team.currentText() == "Test team"  # the manager's one team
    qtbot.keyClicks(grant.officer.lineEdit(), "outsider")
    qtbot.keyClick(grant.officer.lineEdit(), Qt.Key.Key_Tab)
    assert grant.officer.value() == outsider_id
    # Name, user name and team: two officers of one name can be told apart (user trial).
    assert grant.officer.currentText() == "Olu Outsider (olu.outsider), North team"
    ends = clock.today() + dt.timedelta(days=14)
    qtbot.keyClicks(grant.ends_on.editor, ends.strftime(SHOWN_FORMAT))

    grant.grant()  # no reason yet
    wait_for_background(qtbot)
    assert grant.isVisible()
    assert grant.problems.text("reason") == "Reason: say why (it is audited)"

    qtbot.keyClicks(grant.reason, "Annual leave in the team")
    with qtbot.waitSignals([grant.granted, grant.accepted]):  # granted, and closed
        qtbot.mouseClick(grant.ok_button, Qt.MouseButton.LeftButton)
    wait_for_background(qtbot)
    assert dialog.model.display_rows() == [
        [
            "Olu Outsider (olu.outsider)",
            "Test team",
            clock.today().strftime(SHOWN_FORMAT),
            ends.strftime(SHOWN_FORMAT),
            "Active",
            "Annual leave in the team",
        ]
    ]
    assert dialog.selected() is not None and dialog.end_button.isEnabled()

    qtbot.mouseClick(dialog.end_button, Qt.MouseButton.LeftButton)
    wait_for_background(qtbot)
    assert dialog.model.display_rows()[0][4] == "Ended"
    assert not dialog.end_button.isEnabled()
    assert not manager.run(case_access.list_cover)[0].active


def test_every_field_is_checked_at_once_before_asking(
    qtbot: Any, owner: QWidget, manager: Workspace, outsider_id: int
) -> None:
    dialog = opened(qtbot, owner, manager)
    grant = dialog.open_grant()
    assert grant is not None
    assert not grant.grant()
    # Every problem shows together, under its field (not one, then the next).
    assert grant.problems.text("staff_id") == "Officer: choose the officer who covers"
    assert grant.problems.text("ends_on") == "Ends on: enter a date."
    assert grant.problems.text("reason") == "Reason: say why (it is audited)"
    assert grant.problems.text("team_id") == ""  # a team is chosen
    grant.team.setCurrentIndex(-1)
    assert not grant.grant()
    assert grant.problems.text("team_id") == "Team: choose the team to cover"
    assert grant.problems.text("reason") == "Reason: say why (it is audited)"
    grant.reject()


@pytest.mark.parametrize("role", [Role.OFFICER, Role.PRISON_STAFF])
def test_officers_and_prison_staff_are_refused(
    qtbot: Any, owner: QWidget, workspace: Workspace, role: Role
) -> None:
    runner = workspace if role is Role.OFFICER else workspace_as(workspace, role)
    dialog = opened(qtbot, owner, runner)
    expected = str(PermissionDenied(runner.actor, Permission.GRANT_COVER))
    assert dialog.problems.general.text() == expected
    assert not dialog.grant_button.isVisible() and not dialog.table.isVisible()
    dialog.reject()


def test_the_dialogs_fit_a_laptop_at_125_percent(
    qtbot: Any, owner: QWidget, manager: Workspace, outsider_id: int
) -> None:
    dialog = opened(qtbot, owner, manager)
    grant = dialog.open_grant()
    assert grant is not None
    for window in (dialog, grant):
        needed = window.minimumSizeHint()
        assert needed.width() <= LAPTOP_AT_125.width()
        assert needed.height() <= LAPTOP_AT_125.height()
    grant.reject()
