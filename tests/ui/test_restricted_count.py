"""The caseload's count says when limited-access cases are left out, never how many."""

from __future__ import annotations

from resettle.domain.staff import Role
from resettle.services.people import register_person
from resettle.services.workspace import Workspace
from resettle.ui.main_window import MainWindow
from tests.accounts import workspace_as
from tests.background import wait_for_background
from tests.factories import another_person


def test_the_count_says_restricted_cases_are_not_shown(qtbot, workspace: Workspace) -> None:  # type: ignore[no-untyped-def]
    for n in (1, 2):
        register_person(workspace.actor, workspace.uow(), another_person(n))
    manager = workspace_as(workspace, Role.MANAGER)
    shown = MainWindow(manager)
    qtbot.addWidget(shown)
    qtbot.waitUntil(lambda: shown.count_label.text() == "2 people (restricted cases are not shown)")
    wait_for_background(qtbot)
    shown.close()
    with workspace.uow() as uow:  # a limited-access case the manager is not named on
        row = uow.people.get(1)
        assert row is not None
        row.restricted = True
        uow.commit()
    window = MainWindow(manager)
    qtbot.addWidget(window)
    qtbot.waitUntil(
        lambda: window.count_label.text() == "1 person (restricted cases are not shown)"
    )
    wait_for_background(qtbot)
