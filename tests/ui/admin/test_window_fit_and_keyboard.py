"""The administration window and its dialogs fit a 1366x768 laptop at 100% and at 125% scaling
(the room a window has there: 1366x728 and 1092x582 logical pixels, less a taskbar), and every
action is reachable by the keyboard, with a mnemonic and an accessible name."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QCheckBox,
    QLineEdit,
    QListWidget,
    QPushButton,
    QWidget,
)

from resettle.domain.staff import Role
from resettle.services.workspace import Workspace
from resettle.ui.common import screen_fit
from tests.accounts import TEST_OFFICER
from tests.background import wait_for_background
from tests.factories import establishment
from tests.ui.admin.support import admin_workspace, open_window, select_account, the_dialog

LAPTOP = QRect(0, 0, 1366, 728)
LAPTOP_AT_125 = QRect(0, 0, 1092, 582)


@pytest.fixture
def admin(workspace: Workspace) -> Workspace:
    for number in range(12):  # a long list of establishments: the lists scroll
        establishment(workspace, f"E{number:02}", f"HMP Number {number}")
    return admin_workspace(workspace)


def _outside(window: QWidget, area: QRect) -> list[str]:
    """The window, or any visible button in it, reaching outside ``area``."""
    found = []
    outer = window.height() + screen_fit.FRAME_ALLOWANCE.height()
    if window.width() > area.width() or outer > area.height():
        found.append(f"{type(window).__name__} is {window.width()}x{outer}")
    for button in window.findChildren(QPushButton):
        rect = QRect(button.mapToGlobal(QPoint(0, 0)), button.size())
        if button.isVisible() and not area.contains(rect):
            found.append(f"{button.text()!r} at {rect.getRect()}")
    return found


@pytest.mark.parametrize("area", [LAPTOP, LAPTOP_AT_125], ids=["100%", "125%"])
def test_the_window_and_its_dialogs_fit(qtbot, admin, monkeypatch, area) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(screen_fit, "available_geometry", lambda _widget=None: QRect(area))
    window = open_window(qtbot, admin)
    assert _outside(window, area) == []
    window.accounts.new_account()
    dialog = the_dialog(window)
    qtbot.waitExposed(dialog)
    for box in dialog.access.boxes.values():  # every list shown: the tallest form
        box.setChecked(True)
    dialog.submit()  # and a problem under a field
    assert dialog.errors.shown()
    assert _outside(dialog, area) == []
    dialog.reject()
    select_account(window, TEST_OFFICER)
    for open_dialog in (window.accounts.edit_access, window.accounts.reset_password):
        open_dialog()
        dialog = the_dialog(window)
        qtbot.waitExposed(dialog)
        assert _outside(dialog, area) == []
        dialog.reject()
    window.close()
    wait_for_background(qtbot)


def test_every_action_has_a_mnemonic_and_a_name(qtbot, admin) -> None:  # type: ignore[no-untyped-def]
    window = open_window(qtbot, admin)
    tabs = [window.tabs.tabText(i) for i in range(window.tabs.count())]
    assert all("&" in text for text in tabs)
    for button in window.findChildren(QAbstractButton):
        if isinstance(button, QPushButton) and button.text():
            assert "&" in button.text(), button.text()
            assert button.accessibleName(), button.text()
    window.accounts.new_account()
    dialog = the_dialog(window)
    for widget in dialog.findChildren(QWidget):
        if isinstance(widget, QLineEdit | QListWidget | QCheckBox):
            assert widget.accessibleName(), type(widget).__name__
    dialog.reject()


def test_the_keyboard_reaches_every_tab_and_escape_closes(qtbot, admin) -> None:  # type: ignore[no-untyped-def]
    window = open_window(qtbot, admin)
    window.activateWindow()
    qtbot.keyClick(window, Qt.Key.Key_T, Qt.KeyboardModifier.AltModifier)
    assert window.tabs.currentWidget() is window.teams
    qtbot.keyClick(window, Qt.Key.Key_S, Qt.KeyboardModifier.AltModifier)
    assert window.tabs.currentWidget() is window.establishments
    qtbot.keyClick(window, Qt.Key.Key_A, Qt.KeyboardModifier.AltModifier)
    assert window.tabs.currentWidget() is window.accounts
    qtbot.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: window.dialog is not None)  # a mnemonic clicks after a moment
    dialog = the_dialog(window)
    qtbot.waitUntil(dialog.username.hasFocus)  # type: ignore[attr-defined]
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert window.dialog is None and not dialog.isVisible()
    window.activateWindow()  # the off-screen platform gives it back no focus by itself
    qtbot.waitUntil(window.isActiveWindow)
    qtbot.keyClick(window.accounts.view, Qt.Key.Key_Escape)
    assert not window.isVisible()
    wait_for_background(qtbot)


def test_space_ticks_a_place_and_only_the_ticked_roles_places_are_saved(qtbot, admin) -> None:  # type: ignore[no-untyped-def]
    window = open_window(qtbot, admin)
    window.accounts.new_account()
    dialog: Any = the_dialog(window)
    qtbot.waitExposed(dialog)
    dialog.access.boxes[Role.PRISON_STAFF].setChecked(True)
    places = dialog.access.lists["establishment_ids"]
    places.setFocus()
    qtbot.keyClick(places, Qt.Key.Key_Down)
    qtbot.keyClick(places, Qt.Key.Key_Space)
    assert len(places.checked()) == 1
    assert dialog.access.places().establishment_ids == places.checked()
    dialog.access.boxes[Role.PRISON_STAFF].setChecked(False)
    dialog.access.boxes[Role.MANAGER].setChecked(True)
    assert not places.isVisible()
    assert dialog.access.places().establishment_ids == frozenset()
    dialog.reject()
