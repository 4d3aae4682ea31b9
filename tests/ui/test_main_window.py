from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from resettle.domain.access import OutOfScope
from resettle.domain.caseload import CaseloadFilters
from resettle.domain.search import fold
from resettle.services.people import register_person
from resettle.services.workspace import Workspace
from resettle.ui import caseload_filters_state
from resettle.ui.main_window import MainWindow
from resettle.ui.person import PersonWindow
from tests.accounts import load_demo_for, workspace_as
from tests.background import wait_for_background
from tests.factories import TODAY, person_data


@pytest.fixture
def window(qtbot, workspace: Workspace) -> MainWindow:  # type: ignore[no-untyped-def]
    load_demo_for(workspace, 30, seed=5, today=TODAY)
    register_person(workspace.actor, workspace.uow(), person_data())
    caseload_filters_state.save(
        workspace.database_key, workspace.actor.username, CaseloadFilters()
    )  # everyone
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
    qtbot.waitUntil(
        lambda: window.count_label.text() == "1 person (restricted cases are not shown)",
        timeout=3000,
    )
    window.search_box.clear()
    qtbot.waitUntil(lambda: window.model.rowCount() == 31, timeout=3000)
    qtbot.waitUntil(
        lambda: window.count_label.text() == "31 people (restricted cases are not shown)",
        timeout=3000,
    )


def test_enter_opens_the_person(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    qtbot.keyClicks(window.search_box, "A1234BC")
    qtbot.keyClick(window.search_box, Qt.Key.Key_Return)
    # The search runs in the background; Enter moves to the first person it finds.
    qtbot.waitUntil(lambda: window.model.rowCount() == 1)
    assert window.table.hasFocus() or window.table.currentIndex().row() == 0
    wait_for_background(qtbot)
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
    wait_for_background(qtbot)
    keys = [fold(f"{n.split(' ', 1)[1]} {n.split(' ', 1)[0]}") for n in _names(window)]
    assert keys == sorted(keys)
    window.table.sortByColumn(0, Qt.SortOrder.DescendingOrder)
    wait_for_background(qtbot)
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
    wait_for_background(qtbot)
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
    from resettle.domain.staff import Role

    load_demo_for(workspace, 10, seed=2, today=TODAY)
    main = MainWindow(workspace_as(workspace, Role.ADMIN))
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


def test_a_slow_search_keeps_the_rows_and_shows_it_is_working(  # type: ignore[no-untyped-def]
    qtbot, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    import threading

    from resettle.ui import main_window

    started, release = threading.Event(), threading.Event()
    real_list_caseload = main_window.list_caseload

    def slow_list_caseload(actor, uow, query):  # type: ignore[no-untyped-def]
        started.set()
        assert release.wait(10), "the test never released the search"
        return real_list_caseload(actor, uow, query)

    monkeypatch.setattr(main_window, "list_caseload", slow_list_caseload)
    window.search_box.setText("A1234BC")
    window.apply_search()  # returns at once: the search runs in the background
    assert started.wait(10)
    qtbot.waitUntil(lambda: window.busy.shown)
    assert window.model.rowCount() == 31  # the previous rows stay until the new ones arrive
    release.set()
    wait_for_background(qtbot)
    assert _names(window) == ["Zoë Ní Bhriain"] and not window.busy.shown


def test_a_failed_search_shows_a_message(  # type: ignore[no-untyped-def]
    qtbot, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    from resettle.domain.errors import DatabaseBusy
    from resettle.ui import main_window

    def busy_database(actor, uow, query):  # type: ignore[no-untyped-def]
        raise DatabaseBusy()

    shown: list[str] = []
    monkeypatch.setattr(main_window, "list_caseload", busy_database)
    monkeypatch.setattr(main_window, "show_failure", lambda _owner, error: shown.append(str(error)))
    window.refresh()
    wait_for_background(qtbot)
    assert shown == ["The database is busy, try again in a moment."]
    assert window.model.rowCount() == 31 and not window.busy.shown


def test_a_person_who_cannot_be_opened_gets_a_message_not_a_window(  # type: ignore[no-untyped-def]
    qtbot, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    from resettle.ui import person_opening

    shown: list[str] = []
    monkeypatch.setattr(
        person_opening, "show_failure", lambda _owner, error: shown.append(str(error))
    )
    window.open_person(999_999)  # returns at once: the record is read in the background
    wait_for_background(qtbot)
    assert shown == [str(OutOfScope())]
    assert window.findChildren(PersonWindow) == [] and not window.busy.shown


def test_prison_staff_have_no_outcome_check_column_or_filter(qtbot, workspace: Workspace) -> None:  # type: ignore[no-untyped-def]
    """Casework after release: prison staff see neither (a review)."""
    from resettle.domain.caseload import CaseloadColumn
    from resettle.domain.staff import Role
    from resettle.ui.caseload_model import COLUMNS
    from tests.factories import establishment

    leeds = establishment(workspace)
    prison = workspace_as(workspace, Role.PRISON_STAFF, establishment_id=leeds)
    # Remembered from before: ignored, not applied.
    caseload_filters_state.save(
        workspace.database_key, prison.actor.username, CaseloadFilters(outcome_checks_due=True)
    )
    main = MainWindow(prison)
    qtbot.addWidget(main)
    main.show()
    qtbot.waitExposed(main)
    wait_for_background(qtbot)
    assert main.table.isColumnHidden(COLUMNS.index(CaseloadColumn.OUTCOME_CHECK))
    assert not main.outcome_checks_due.isVisible()
    assert not main.filter_bar.filters().outcome_checks_due
    officer = MainWindow(workspace)
    qtbot.addWidget(officer)
    officer.show()
    qtbot.waitExposed(officer)
    wait_for_background(qtbot)
    assert not officer.table.isColumnHidden(COLUMNS.index(CaseloadColumn.OUTCOME_CHECK))
    assert officer.outcome_checks_due.isVisible()


def test_caseload_shown_waits_for_the_first_rows(  # type: ignore[no-untyped-def]
    qtbot, workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The start-up probe and --screenshot wait for ``caseload_shown``: it means the first
    rows are in the table, not a window still reading them (a large caseload), and once."""
    import threading

    from resettle.ui import main_window

    load_demo_for(workspace, 10, seed=5, today=TODAY)
    caseload_filters_state.save(workspace.database_key, workspace.actor.username, CaseloadFilters())
    started, release = threading.Event(), threading.Event()
    real_list_caseload = main_window.list_caseload

    def slow_list_caseload(actor, uow, query):  # type: ignore[no-untyped-def]
        started.set()
        assert release.wait(10), "the test never released the caseload"
        return real_list_caseload(actor, uow, query)

    monkeypatch.setattr(main_window, "list_caseload", slow_list_caseload)
    main = MainWindow(workspace)
    qtbot.addWidget(main)
    rows_when_shown: list[int] = []
    main.caseload_shown.connect(lambda: rows_when_shown.append(main.model.rowCount()))
    main.show()
    assert started.wait(10)
    qtbot.wait(100)  # several turns of the event loop while the first page is being read
    assert rows_when_shown == []
    release.set()
    qtbot.waitUntil(lambda: bool(rows_when_shown), timeout=5000)
    assert rows_when_shown == [10]
    main.search_box.setText("zzzz no one")
    main.apply_search()
    wait_for_background(qtbot)
    qtbot.wait(50)
    assert rows_when_shown == [10]  # a later search is not the first caseload again


def test_caseload_shown_for_a_role_without_case_records(qtbot, workspace: Workspace) -> None:  # type: ignore[no-untyped-def]
    from resettle.domain.staff import Role

    load_demo_for(workspace, 5, seed=2, today=TODAY)
    main = MainWindow(workspace_as(workspace, Role.ADMIN))
    qtbot.addWidget(main)
    with qtbot.waitSignal(main.caseload_shown, timeout=3000):
        main.show()
    assert main.model.rowCount() == 0
