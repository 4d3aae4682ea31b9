"""The Teams and Establishments tabs: created, renamed, a team deactivated and activated, and
the services' refusals (a code in use, a team people are allocated to) shown where they belong."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import Qt

from resettle.services.people import register_person
from resettle.services.teams import TeamInUse, create_team
from resettle.services.workspace import Workspace
from resettle.ui.admin.place_dialogs import NewPlaceDialog, RenamePlaceDialog, TeamOfficeDialog
from tests.accounts import TEST_TEAM
from tests.background import wait_for_background
from tests.factories import person_data
from tests.ui.admin.support import admin_workspace, open_window, save, the_dialog, type_into


@pytest.fixture
def admin(workspace: Workspace) -> Workspace:
    return admin_workspace(workspace)


def _rows(tab: Any) -> list[list[str]]:
    return tab.model.display_rows()  # type: ignore[no-any-return]


def _select(tab: Any, code: str) -> None:
    tab.select(next(p.id for p in tab.model.rows() if p.code == code))


def test_a_team_is_created_and_renamed(qtbot, admin) -> None:  # type: ignore[no-untyped-def]
    window = open_window(qtbot, admin)
    window.tabs.setCurrentWidget(window.teams)
    qtbot.mouseClick(window.teams.new_button, Qt.MouseButton.LeftButton)
    dialog = the_dialog(window)
    assert isinstance(dialog, NewPlaceDialog)
    type_into(dialog.code, "nor")
    type_into(dialog.name, "North PDU")
    save(qtbot, window, dialog)
    assert ["NOR", "North PDU", "0", "0", "Not known", "Active"] in _rows(window.teams)
    assert window.message.text() == "New team created."
    chosen = window.teams.selected()
    assert chosen is not None and chosen.code == "NOR"  # the new team is chosen and shown

    _select(window.teams, "NOR")
    qtbot.keyClick(window.teams.view, Qt.Key.Key_Return)  # Enter renames the chosen team
    dialog = the_dialog(window)
    assert isinstance(dialog, RenamePlaceDialog)
    assert dialog.name.text() == "North PDU"
    type_into(dialog.name, "North and Coast PDU")
    save(qtbot, window, dialog)
    assert ["NOR", "North and Coast PDU", "0", "0", "Not known", "Active"] in _rows(window.teams)


def test_a_code_in_use_is_said_under_the_code(qtbot, admin) -> None:  # type: ignore[no-untyped-def]
    window = open_window(qtbot, admin)
    window.tabs.setCurrentWidget(window.teams)
    window.teams.new_place()
    dialog = the_dialog(window)
    type_into(dialog.code, TEST_TEAM)  # type: ignore[attr-defined]
    type_into(dialog.name, "")  # type: ignore[attr-defined]
    save(qtbot, window, dialog)
    assert dialog.errors.shown() == {"name": "Name: required"}
    type_into(dialog.name, "Another")  # type: ignore[attr-defined]
    save(qtbot, window, dialog)
    assert dialog.errors.shown() == {"code": "Code: another team has it"}
    dialog.reject()


def test_a_team_with_people_is_not_deactivated_and_an_empty_one_is(qtbot, admin, workspace) -> None:  # type: ignore[no-untyped-def]
    register_person(workspace.actor, workspace.uow(), person_data())
    window = open_window(qtbot, admin)
    window.tabs.setCurrentWidget(window.teams)
    _select(window.teams, TEST_TEAM)
    assert window.teams.active_button is not None
    qtbot.mouseClick(window.teams.active_button, Qt.MouseButton.LeftButton)
    assert window.message.text() == str(TeamInUse(1))
    assert _rows(window.teams)[0][1:] == ["Test team", "1", "1", "Not known", "Active"]

    window.teams.new_place()
    dialog = the_dialog(window)
    type_into(dialog.code, "EMPTY")  # type: ignore[attr-defined]
    type_into(dialog.name, "Nobody here")  # type: ignore[attr-defined]
    save(qtbot, window, dialog)
    _select(window.teams, "EMPTY")
    qtbot.mouseClick(window.teams.active_button, Qt.MouseButton.LeftButton)
    wait_for_background(qtbot)
    assert ["EMPTY", "Nobody here", "0", "0", "Not known", "Deactivated"] in _rows(window.teams)
    assert window.teams.active_button.text() == "Acti&vate"
    qtbot.mouseClick(window.teams.active_button, Qt.MouseButton.LeftButton)
    wait_for_background(qtbot)
    assert ["EMPTY", "Nobody here", "0", "0", "Not known", "Active"] in _rows(window.teams)


def test_a_teams_office_is_set_and_a_bad_phone_said_under_it(qtbot, admin) -> None:  # type: ignore[no-untyped-def]
    window = open_window(qtbot, admin)
    window.tabs.setCurrentWidget(window.teams)
    assert window.establishments.office_button is None  # establishments have no office here
    _select(window.teams, TEST_TEAM)
    assert window.teams.office_button is not None and window.teams.office_button.isEnabled()
    qtbot.mouseClick(window.teams.office_button, Qt.MouseButton.LeftButton)
    dialog = the_dialog(window)
    assert isinstance(dialog, TeamOfficeDialog)
    type_into(dialog.phone, "0113 496")
    dialog.address.setPlainText("12 Park Row\nLeeds LS1 5HD")
    dialog.submit()  # Enter in the address types a new line: the button saves
    assert dialog.errors.shown() == {
        "office_phone": "Office phone: a UK phone number of 10 or 11 digits starting with 0 "
        "(for example 0113 496 0000)"
    }
    dialog.address.setPlainText("x" * 501)
    type_into(dialog.phone, "0113 496 0123")
    dialog.submit()
    assert dialog.errors.shown() == {"office_address": "Office address: at most 500 characters"}
    dialog.address.setPlainText("12 Park Row\nLeeds LS1 5HD")
    dialog.submit()
    wait_for_background(qtbot)
    assert window.dialog is None
    assert _rows(window.teams)[0][4] == "0113 496 0123"
    assert window.message.text() == f"Office of {TEST_TEAM} saved."
    chosen = next(t for t in window.teams.model.rows() if t.code == TEST_TEAM)
    assert chosen.office_address == "12 Park Row\nLeeds LS1 5HD"


def test_an_establishment_is_created_and_renamed(qtbot, admin) -> None:  # type: ignore[no-untyped-def]
    window = open_window(qtbot, admin)
    window.tabs.setCurrentWidget(window.establishments)
    assert window.establishments.active_button is None
    window.establishments.new_place()
    dialog = the_dialog(window)
    type_into(dialog.code, "LEI")  # type: ignore[attr-defined]
    type_into(dialog.name, "HMP Leeds")  # type: ignore[attr-defined]
    save(qtbot, window, dialog)
    assert _rows(window.establishments) == [["LEI", "HMP Leeds", "0"]]
    _select(window.establishments, "LEI")
    window.establishments.rename()
    dialog = the_dialog(window)
    type_into(dialog.name, "HMP Leeds (Armley)")  # type: ignore[attr-defined]
    save(qtbot, window, dialog)
    assert _rows(window.establishments) == [["LEI", "HMP Leeds (Armley)", "0"]]


def test_the_window_shown_again_reads_what_others_changed_meanwhile(qtbot, admin) -> None:  # type: ignore[no-untyped-def]
    window = open_window(qtbot, admin)
    window.close()
    admin.run(create_team, "ELSEWHERE", "Made by the command line")
    window.show()
    wait_for_background(qtbot)
    assert any(row[0] == "ELSEWHERE" for row in _rows(window.teams))
