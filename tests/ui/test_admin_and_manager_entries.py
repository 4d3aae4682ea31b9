"""Where administrators and managers find their windows: the administrator's start page and
File menu open the administration window; a manager's Cases menu opens who may see a person
and cover; other roles see neither."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from resettle.domain.staff import Role
from resettle.services.workspace import Workspace
from resettle.ui.main_window import MainWindow
from tests.accounts import workspace_as
from tests.background import wait_for_background


def _menu_texts(window: MainWindow) -> set[str]:
    return {
        action.text()
        for menu_action in window.menuBar().actions()
        if menu_action.menu() is not None
        for action in menu_action.menu().actions()  # type: ignore[union-attr]
    }


def test_the_administrator_opens_the_administration_window(qtbot, workspace: Workspace) -> None:  # type: ignore[no-untyped-def]
    window = MainWindow(workspace_as(workspace, Role.ADMIN))
    qtbot.addWidget(window)
    window.show()
    assert window.administration is not None
    assert "&Administration…" in _menu_texts(window)
    qtbot.mouseClick(window.administration.open_button, Qt.MouseButton.LeftButton)
    admin_window = window.administration_window
    assert admin_window is not None
    qtbot.waitUntil(admin_window.isVisible)
    qtbot.waitUntil(lambda: admin_window.tabs.isEnabled())  # type: ignore[attr-defined]
    wait_for_background(qtbot)
    admin_window.close()


@pytest.mark.parametrize(
    ("role", "sees"),
    [(Role.MANAGER, True), (Role.OFFICER, False), (Role.PRISON_STAFF, False)],
)
def test_only_managers_find_access_and_cover_in_the_cases_menu(  # type: ignore[no-untyped-def]
    qtbot, workspace: Workspace, role: Role, sees: bool
) -> None:
    runner = workspace if role is Role.OFFICER else workspace_as(workspace, role)
    window = MainWindow(runner)
    qtbot.addWidget(window)
    texts = _menu_texts(window)
    assert ("&Who may see this person…" in texts) is sees
    assert ("&Cover for colleagues…" in texts) is sees
    assert ("&Retention review…" in texts) is sees
    assert ("&Subject access export…" in texts) is sees
    assert "&Administration…" not in texts
    wait_for_background(qtbot)
