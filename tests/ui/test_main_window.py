from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QSettings, QStandardPaths, Qt
from PySide6.QtWidgets import QApplication

from resettle.domain.search import fold
from resettle.services.demo.loader import load_demo
from resettle.services.people import register_person
from resettle.services.workspace import Workspace
from resettle.ui.main_window import MainWindow
from resettle.ui.person import PersonWindow
from tests.background import wait_for_background
from tests.factories import TODAY, person_data


@pytest.fixture(autouse=True)
def _isolated_settings(tmp_path) -> Iterator[None]:  # type: ignore[no-untyped-def]
    QStandardPaths.setTestModeEnabled(True)
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp_path))
    QApplication.setOrganizationName("ResettleTests")
    yield


@pytest.fixture
def window(qtbot, workspace: Workspace) -> MainWindow:  # type: ignore[no-untyped-def]
    load_demo(workspace.actor, workspace.uow(), 30, seed=5, today=TODAY)
    register_person(workspace.actor, workspace.uow(), person_data())
    main = MainWindow(workspace)
    qtbot.addWidget(main)
    main.show()
    qtbot.waitExposed(main)
    wait_for_background(qtbot)
    return main


def _names(window: MainWindow) -> list[str]:
    return [window.model.data(window.model.index(r, 0)) for r in range(window.model.rowCount())]


def test_typing_in_search_filters_rows(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    assert window.model.rowCount() == 31
    qtbot.keyClicks(window.search_box, "ni bhriain a1234")
    qtbot.waitUntil(lambda: window.model.rowCount() == 1, timeout=3000)
    assert _names(window) == ["Zoë Ní Bhriain"]
    qtbot.waitUntil(lambda: window.count_label.text() == "1 person", timeout=3000)
    window.search_box.clear()
    qtbot.waitUntil(lambda: window.model.rowCount() == 31, timeout=3000)
    qtbot.waitUntil(lambda: window.count_label.text() == "31 people", timeout=3000)


def test_enter_opens_the_person(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    qtbot.keyClicks(window.search_box, "A1234BC")
    qtbot.keyClick(window.search_box, Qt.Key.Key_Return)
    assert window.table.hasFocus() or window.table.currentIndex().row() == 0
    qtbot.keyClick(window.table, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: bool(window.findChildren(PersonWindow)))
    view = window.findChildren(PersonWindow)[0]
    assert view.session.record.person.profile.prison_number == "A1234BC"
    assert "A1234BC" in view.windowTitle()
    view.close()
    wait_for_background(qtbot)


def test_clicking_header_sorts_by_name(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    window.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
    assert window.model.query.sort.value == "name"
    keys = [fold(f"{n.split(' ', 1)[1]} {n.split(' ', 1)[0]}") for n in _names(window)]
    assert keys == sorted(keys)
    window.table.sortByColumn(0, Qt.SortOrder.DescendingOrder)
    keys = [fold(f"{n.split(' ', 1)[1]} {n.split(' ', 1)[0]}") for n in _names(window)]
    assert keys == sorted(keys, reverse=True)
    wait_for_background(qtbot)


def test_geometry_is_remembered(qtbot, workspace: Workspace) -> None:  # type: ignore[no-untyped-def]
    first = MainWindow(workspace)
    qtbot.addWidget(first)
    first.resize(700, 455)
    first.show()
    wait_for_background(qtbot)
    first.close()
    second = MainWindow(workspace)
    qtbot.addWidget(second)
    wait_for_background(qtbot)
    assert (second.width(), second.height()) == (700, 455)


def test_double_click_opens_the_person(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    window.search_box.setText("A1234BC")
    window.apply_search()
    rect = window.table.visualRect(window.model.index(0, 0))
    viewport = window.table.viewport()
    # A real double-click is a press/release followed by a double-click event.
    qtbot.mouseClick(viewport, Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(viewport, Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.waitUntil(lambda: bool(window.findChildren(PersonWindow)))
    record = window.findChildren(PersonWindow)[0].session.record
    assert record.person.profile.prison_number == "A1234BC"
    wait_for_background(qtbot)


def test_administrator_opens_the_app_without_case_records(qtbot, workspace: Workspace) -> None:  # type: ignore[no-untyped-def]
    from resettle.domain.staff import Actor, Role

    load_demo(workspace.actor, workspace.uow(), 10, seed=2, today=TODAY)
    admin = Actor(id=workspace.actor.id, username="admin", display_name="Admin", role=Role.ADMIN)
    workspace.actor = admin
    main = MainWindow(workspace)
    qtbot.addWidget(main)
    assert main.model.rowCount() == 0
    qtbot.waitUntil(lambda: "does not include case records" in main.count_label.text())
    menus = [action.text() for action in main.menuBar().actions()]
    assert "&Evidence" in menus


def test_file_menu_offers_batch_printing(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    file_menu = window.menuBar().actions()[0].menu()
    texts = [action.text() for action in file_menu.actions()]
    assert "&Print plans…" in texts
    wait_for_background(qtbot)
