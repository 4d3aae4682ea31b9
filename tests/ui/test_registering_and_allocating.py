"""The main window: the empty guide, New person (Ctrl+N) with its duplicate choice, Show
closed cases, and a manager allocating several rows at once."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from PySide6.QtCore import QItemSelectionModel, QSettings, QStandardPaths, Qt
from PySide6.QtWidgets import QApplication

from resettle.domain.case_status import ClosureReason
from resettle.domain.risk import Sex
from resettle.domain.staff import Role
from resettle.services.allocation import allocate_people, allocation_history
from resettle.services.case_record.read import refresh_case_record
from resettle.services.case_status import close_case
from resettle.services.people import register_person
from resettle.services.workspace import Workspace
from resettle.ui.allocation_dialog import AllocationDialog, allocation_outcome
from resettle.ui.main_window import MainWindow
from resettle.ui.person import PersonWindow
from resettle.ui.person.new_person_dialog import NewPersonDialog
from tests.background import wait_for_background
from tests.factories import another_person, person_data, staff_member


@pytest.fixture(autouse=True)
def _isolated_settings(tmp_path) -> Iterator[None]:  # type: ignore[no-untyped-def]
    QStandardPaths.setTestModeEnabled(True)
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp_path))
    QApplication.setOrganizationName("ResettleTests")
    yield


def _main(qtbot, workspace: Workspace) -> MainWindow:  # type: ignore[no-untyped-def]
    main = MainWindow(workspace)
    qtbot.addWidget(main)
    main.show()
    qtbot.waitExposed(main)
    wait_for_background(qtbot)
    return main


@dataclass
class _Caseload:
    """People registered by the officer, a second officer and a manager to allocate them."""

    ids: list[int]
    colleague: Any
    manager: Any

    def window(self, qtbot, workspace: Workspace) -> MainWindow:  # type: ignore[no-untyped-def]
        return _main(qtbot, Workspace(database=workspace.database, actor=self.manager))


def _caseload(workspace: Workspace, size: int) -> _Caseload:
    ids = [
        register_person(workspace.actor, workspace.uow(), another_person(n)).id for n in range(size)
    ]
    colleague = staff_member(workspace, "officer.two")
    return _Caseload(ids, colleague, staff_member(workspace, "demo.manager", Role.MANAGER))


def _select_rows(main: MainWindow, rows: Iterable[int], *columns: int) -> None:
    selection = main.table.selectionModel()
    flags = QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows
    for row in rows:
        for column in columns or (0,):
            selection.select(main.model.index(row, column), flags)


def _fill(dialog: NewPersonDialog, **changes: object) -> None:
    values = {
        "prison_number": "a5555zz",
        "crn": "X555555",
        "given_name": "Zoe",
        "family_name": "NI BHRIAIN",
        "date_of_birth": dt.date(1990, 5, 17),
        "sex": Sex.FEMALE,
    } | changes
    dialog.prison_number.setText(str(values["prison_number"]))
    dialog.crn.setText(str(values["crn"]))
    dialog.given_name.setText(str(values["given_name"]))
    dialog.family_name.setText(str(values["family_name"]))
    dialog.date_of_birth.set_value(values["date_of_birth"])  # type: ignore[arg-type]
    dialog.date_of_birth.value_changed.emit()
    dialog.sex.setCurrentIndex(list(dialog.sex.values()).index(values["sex"]))


def _close_person_windows(qtbot, main: MainWindow) -> None:  # type: ignore[no-untyped-def]
    for view in main.findChildren(PersonWindow):
        view.close()
    wait_for_background(qtbot)


def test_an_empty_database_shows_the_guide_and_ctrl_n_adds_the_first_person(  # type: ignore[no-untyped-def]
    qtbot, workspace: Workspace
) -> None:
    main = _main(qtbot, workspace)
    qtbot.waitUntil(lambda: main.caseload_area.currentWidget() is main.empty_guide)
    assert "Add your first person (Ctrl+N), or import a caseload" in main.empty_guide.text.text()
    assert "resettle people add --json FILE" in main.empty_guide.text.text()
    assert main.count_label.text() == "No one on the caseload yet"

    main.activateWindow()
    qtbot.keyClick(main.search_box, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    dialog = main.findChild(NewPersonDialog)
    assert dialog is not None and dialog.isVisible()
    assert not dialog.save_button.isEnabled()  # nothing entered yet
    _fill(dialog)
    assert dialog.save_button.isEnabled(), dialog.form.problems
    with qtbot.waitSignal(dialog.registered) as registered:
        dialog.save_button.click()
    wait_for_background(qtbot)
    qtbot.waitUntil(lambda: bool(main.findChildren(PersonWindow)))
    view = main.findChildren(PersonWindow)[0]
    assert view.session.person_id == registered.args[0]
    assert view.session.record.person.profile.prison_number == "A5555ZZ"
    assert view.session.record.person.officer == "Test Officer"
    qtbot.waitUntil(lambda: main.caseload_area.currentWidget() is main.table)
    qtbot.waitUntil(lambda: main.model.rowCount() == 1)
    _close_person_windows(qtbot, main)


def test_registering_with_a_search_in_force_says_the_list_may_not_show_them(  # type: ignore[no-untyped-def]
    qtbot, workspace: Workspace
) -> None:
    """Second trial: with filters on, the new person was not in the list and nothing said why."""
    main = _main(qtbot, workspace)
    main.search_box.setText("somebody else")
    dialog = main.new_person()
    assert dialog is not None
    _fill(dialog)
    with qtbot.waitSignal(dialog.registered):
        dialog.save_button.click()
    wait_for_background(qtbot)
    assert "Clear filters (Alt+R) shows them" in main.statusBar().currentMessage()
    _close_person_windows(qtbot, main)


def test_a_possible_duplicate_is_opened_or_confirmed_as_new(  # type: ignore[no-untyped-def]
    qtbot, workspace: Workspace
) -> None:
    first = register_person(workspace.actor, workspace.uow(), person_data())
    main = _main(qtbot, workspace)
    dialog = main.new_person()
    assert dialog is not None
    _fill(dialog)
    dialog.save_button.click()
    wait_for_background(qtbot)
    assert dialog.isVisible()
    assert [m.person_id for m in dialog.matches] == [first.id]
    assert dialog.matches_box.isVisible() and dialog.confirm_button.isVisible()
    assert not dialog.save_button.isEnabled()  # the officer chooses one of the two
    with qtbot.waitSignal(dialog.registered):
        dialog.confirm_button.click()
    wait_for_background(qtbot)
    _close_person_windows(qtbot, main)

    dialog = main.new_person()
    assert dialog is not None
    _fill(dialog, prison_number="A7777ZZ", crn="X777777")
    dialog.save_button.click()
    wait_for_background(qtbot)
    assert len(dialog.matches) == 2  # the first person, and the one confirmed as new
    open_button = dialog.matches_box.findChildren(type(dialog.save_button))[0]
    with qtbot.waitSignal(dialog.open_existing) as opened:
        open_button.click()
    assert opened.args == [first.id]
    assert not dialog.isVisible()
    qtbot.waitUntil(lambda: bool(main.findChildren(PersonWindow)))
    assert main.findChildren(PersonWindow)[0].session.person_id == first.id
    _close_person_windows(qtbot, main)


def test_the_same_prison_number_cannot_be_confirmed_as_new(  # type: ignore[no-untyped-def]
    qtbot, workspace: Workspace
) -> None:
    register_person(workspace.actor, workspace.uow(), person_data())
    main = _main(qtbot, workspace)
    dialog = main.new_person()
    assert dialog is not None
    _fill(dialog, prison_number="A1234BC", given_name="Someone", family_name="Else")
    dialog.save_button.click()
    wait_for_background(qtbot)
    assert dialog.matches_box.isVisible()
    assert not dialog.confirm_button.isVisible()
    # Correcting the number takes the matches away and allows saving again.
    dialog.prison_number.setText("A1235BC")
    assert not dialog.matches_box.isVisible()
    assert dialog.save_button.isEnabled()
    dialog.reject()


def test_closed_cases_show_when_asked(qtbot, workspace: Workspace) -> None:  # type: ignore[no-untyped-def]
    ids = [register_person(workspace.actor, workspace.uow(), another_person(n)).id for n in (1, 2)]
    close_case(workspace.actor, workspace.uow(), ids[0], {"reason": ClosureReason.DIED})
    main = _main(qtbot, workspace)
    assert main.model.rowCount() == 1
    qtbot.waitUntil(lambda: main.count_label.text() == "1 person (restricted cases are not shown)")
    main.show_closed.setChecked(True)
    qtbot.waitUntil(lambda: main.model.rowCount() == 2)
    wait_for_background(qtbot)
    readiness = [main.model.data(main.model.index(r, 7)) for r in range(2)]
    assert readiness[0] == "Case closed"
    assert main.caseload_area.currentWidget() is main.table


def test_a_manager_reallocates_several_selected_rows(  # type: ignore[no-untyped-def]
    qtbot, workspace: Workspace
) -> None:
    people = _caseload(workspace, 3)
    ids, colleague, manager = people.ids, people.colleague, people.manager
    main = people.window(qtbot, workspace)
    assert main.model.rowCount() == 3
    _select_rows(main, (0, 2))
    assert main.selected_person_ids() == [ids[0], ids[2]]
    dialog = main.allocate_selected()
    assert isinstance(dialog, AllocationDialog)
    assert not dialog.ok_button.isEnabled()
    wait_for_background(qtbot)  # the people it lists
    # The manager sees whom they are allocating before confirming.
    people = {row[1]: row for row in dialog.people.display_rows()}
    for pid in (ids[0], ids[2]):
        record = refresh_case_record(manager, workspace.uow(), pid).person
        assert people[record.profile.prison_number] == [
            record.name,
            record.profile.prison_number,
            "Test Officer",
            "",
        ]
    dialog.officer.setCurrentIndex(list(dialog.officer.values()).index(colleague.id))
    assert dialog.ok_button.text() == "&Allocate 2 people"
    with qtbot.waitSignal(dialog.allocated) as allocated:
        dialog.ok_button.click()
    assert allocated.args == [2]
    assert main.statusBar().currentMessage() == (f"2 people allocated to {colleague.display_name}.")
    wait_for_background(qtbot)
    officers = [main.model.data(main.model.index(r, 5)) for r in range(3)]
    assert officers == [colleague.display_name, "Test Officer", colleague.display_name]
    history = allocation_history(manager, workspace.uow(), ids[2])
    assert [(h.officer, h.allocated_by) for h in history][-1] == (
        colleague.display_name,
        manager.display_name,
    )


def test_officers_do_not_get_allocation(qtbot, workspace: Workspace) -> None:  # type: ignore[no-untyped-def]
    main = _main(qtbot, workspace)
    assert main.allocate_selected() is None
    assert "&Cases" not in [a.text() for a in main.menuBar().actions()]


def test_the_count_leaves_out_people_already_with_that_officer(  # type: ignore[no-untyped-def]
    qtbot, workspace: Workspace
) -> None:
    """Three selected, one already held by the officer chosen: two are allocated, and the
    status bar says so rather than "3 people allocated"."""
    people = _caseload(workspace, 3)
    ids, colleague, manager = people.ids, people.colleague, people.manager
    allocate_people(manager, workspace.uow(), [ids[1]], colleague.id)
    main = people.window(qtbot, workspace)
    _select_rows(main, range(3), 0, 3)  # two cells of a row: one person
    dialog = main.allocate_selected()
    assert isinstance(dialog, AllocationDialog)
    assert dialog.person_ids == tuple(ids)
    wait_for_background(qtbot)
    dialog.officer.setCurrentIndex(list(dialog.officer.values()).index(colleague.id))
    # The button counts only the two who will change, not all three selected.
    assert dialog.ok_button.text() == "&Allocate 2 people"
    assert dialog.ok_button.isEnabled()
    # Before confirming: which of them already have that officer.
    assert [row[3] for row in dialog.people.display_rows()] == ["", "Already with them", ""]
    assert dialog.note.text() == (
        f"1 of them already with {colleague.display_name} (left as they are)."
    )
    with qtbot.waitSignal(dialog.allocated) as allocated:
        dialog.ok_button.click()
    assert allocated.args == [2]
    assert main.statusBar().currentMessage() == (
        f"2 people allocated to {colleague.display_name}; 1 of those selected already was."
    )
    wait_for_background(qtbot)


def test_nobody_to_change_disables_allocate_with_a_note(  # type: ignore[no-untyped-def]
    qtbot, workspace: Workspace
) -> None:
    people = _caseload(workspace, 2)
    ids, colleague, manager = people.ids, people.colleague, people.manager
    allocate_people(manager, workspace.uow(), ids, colleague.id)
    main = people.window(qtbot, workspace)
    _select_rows(main, range(2))
    dialog = main.allocate_selected()
    assert isinstance(dialog, AllocationDialog)
    wait_for_background(qtbot)
    dialog.officer.setCurrentIndex(list(dialog.officer.values()).index(colleague.id))
    assert dialog.ok_button.text() == "&Allocate 0 people"
    assert not dialog.ok_button.isEnabled()
    assert dialog.note.text() == f"Already with {colleague.display_name}: nothing will change."


def test_allocation_outcome_words() -> None:
    assert allocation_outcome(3, 5, "Gwen Hartley") == (
        "3 people allocated to Gwen Hartley; 2 of those selected already were."
    )
    assert allocation_outcome(1, 1, "Gwen Hartley") == "1 person allocated to Gwen Hartley."
    assert allocation_outcome(0, 4, "Gwen Hartley") == (
        "Nothing changed: all 4 were already allocated to Gwen Hartley."
    )
