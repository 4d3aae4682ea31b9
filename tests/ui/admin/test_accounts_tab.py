"""The administration window's Accounts tab, driven as an administrator: accounts created,
refused with each problem under its field, disabled and enabled, passwords reset, roles and
places changed, another administrator's change said and read again, and an account that may
not manage accounts refused by the services."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QLabel

from resettle.domain.staff import Role
from resettle.services import accounts
from resettle.services.authentication import sign_in
from resettle.services.workspace import Workspace
from resettle.ui.admin import accounts_tab
from resettle.ui.admin.account_dialogs import (
    EditAccessDialog,
    NewAccountDialog,
    ResetPasswordDialog,
)
from tests.accounts import TEST_OFFICER, TEST_TEAM, seed_account, workspace_as
from tests.background import wait_for_background
from tests.ui.admin.support import (
    TEMPORARY,
    admin_workspace,
    open_window,
    row_of,
    save,
    select_account,
    the_dialog,
    type_into,
)


@pytest.fixture
def admin(workspace: Workspace) -> Workspace:
    return admin_workspace(workspace)


def _new_account(qtbot: Any, window: Any) -> NewAccountDialog:
    qtbot.mouseClick(window.accounts.new_button, Qt.MouseButton.LeftButton)
    dialog = the_dialog(window)
    assert isinstance(dialog, NewAccountDialog)
    return dialog


def _tick_team(dialog: Any, kind: str, code: str, runner: Workspace) -> None:
    from resettle.services.teams import list_teams

    team = next(t for t in runner.run(list_teams) if t.code == code)
    dialog.access.lists[kind].tick(team.id)


def test_an_account_created_is_listed_and_must_change_its_password(qtbot, admin) -> None:  # type: ignore[no-untyped-def]
    window = open_window(qtbot, admin)
    assert row_of(window, TEST_OFFICER)[2] == "Probation officer"
    select_account(window, TEST_OFFICER)
    dialog = _new_account(qtbot, window)
    type_into(dialog.username, "jo.bloggs")
    type_into(dialog.display_name, "Jo Bloggs")
    assert not dialog.access.lists["team_ids"].isVisible()
    dialog.access.boxes[Role.OFFICER].setChecked(True)
    assert dialog.access.lists["team_ids"].isVisible()
    assert not dialog.access.lists["managed_team_ids"].isVisible()
    _tick_team(dialog, "team_ids", TEST_TEAM, admin)
    type_into(dialog.password.first, TEMPORARY)
    type_into(dialog.password.repeat, TEMPORARY)
    save(qtbot, window, dialog)

    assert window.dialog is None
    assert row_of(window, "jo.bloggs") == [
        "jo.bloggs",
        "Jo Bloggs",
        "Probation officer",
        "Must change password",
        f"Teams {TEST_TEAM}",
    ]
    assert window.message.text() == "Account created."
    # The new account is chosen and shown, not the one chosen before (user trial).
    chosen = window.accounts.selected()
    assert chosen is not None and chosen.username == "jo.bloggs"
    with admin.uow() as uow:
        assert sign_in(uow, "jo.bloggs", TEMPORARY).must_change_password


def test_each_problem_is_shown_under_its_field_and_nothing_is_saved(qtbot, admin) -> None:  # type: ignore[no-untyped-def]
    window = open_window(qtbot, admin)
    dialog = _new_account(qtbot, window)
    type_into(dialog.username, "Jo Bloggs!")
    type_into(dialog.password.first, "short")
    type_into(dialog.password.repeat, "short")
    save(qtbot, window, dialog)
    assert dialog.errors.shown() == {"roles": "Roles: tick one or more."}
    assert dialog.access.boxes[Role.OFFICER].hasFocus()

    dialog.access.boxes[Role.ADMIN].setChecked(True)
    type_into(dialog.password.first, "short")
    type_into(dialog.password.repeat, "short")
    save(qtbot, window, dialog)
    shown = dialog.errors.shown()
    assert shown["username"].startswith("User name: 3 to 40 characters")
    assert shown["display_name"] == "Full name: required"
    assert "form" not in shown
    assert dialog.isVisible() and window.dialog is dialog
    assert dialog.username.hasFocus()

    type_into(dialog.username, "jo.bloggs")
    type_into(dialog.display_name, "Jo Bloggs")
    type_into(dialog.password.first, "short")
    type_into(dialog.password.repeat, "short")
    save(qtbot, window, dialog)
    shown = dialog.errors.shown()
    assert set(shown) == {"temporary_password"}
    assert "at least 12 characters" in shown["temporary_password"]

    type_into(dialog.password.first, TEMPORARY)
    type_into(dialog.password.repeat, TEMPORARY + "x")
    save(qtbot, window, dialog)
    assert dialog.errors.shown() == {
        "repeat_password": "The password and its repeat are not the same. Type them again."
    }
    assert dialog.password.first.text() == "" and dialog.password.first.hasFocus()
    assert "jo.bloggs" not in [a.username for a in admin.run(accounts.list_accounts)]
    dialog.reject()


def test_a_user_name_in_use_is_said_under_the_user_name(qtbot, admin) -> None:  # type: ignore[no-untyped-def]
    window = open_window(qtbot, admin)
    dialog = _new_account(qtbot, window)
    type_into(dialog.username, TEST_OFFICER)
    type_into(dialog.display_name, "Someone Else")
    dialog.access.boxes[Role.ADMIN].setChecked(True)
    type_into(dialog.password.first, TEMPORARY)
    type_into(dialog.password.repeat, TEMPORARY)
    save(qtbot, window, dialog)
    assert dialog.errors.shown() == {"username": "User name: already in use"}
    dialog.reject()


def test_disable_and_enable(qtbot, admin, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    asked: list[str] = []
    monkeypatch.setattr(
        accounts_tab, "confirm_disable", lambda _parent, name: asked.append(name) or True
    )
    window = open_window(qtbot, admin)
    select_account(window, TEST_OFFICER)
    assert window.accounts.active_button.text() == "&Disable"
    assert not window.message.isVisible()
    tabs_at = window.tabs.mapTo(window, QPoint(0, 0))
    qtbot.mouseClick(window.accounts.active_button, Qt.MouseButton.LeftButton)
    wait_for_background(qtbot)
    assert asked == [TEST_OFFICER]
    assert window.message.isVisible()
    window.layout().activate()
    # The message line kept its room: the tabs did not jump down (user trial).
    assert window.tabs.mapTo(window, QPoint(0, 0)) == tabs_at
    assert row_of(window, TEST_OFFICER)[3] == "Disabled"
    assert window.accounts.selected().username == TEST_OFFICER  # type: ignore[union-attr]
    assert window.accounts.active_button.text() == "&Enable"

    qtbot.mouseClick(window.accounts.active_button, Qt.MouseButton.LeftButton)
    wait_for_background(qtbot)
    assert row_of(window, TEST_OFFICER)[3] == "Active"
    assert window.message.text() == f"{TEST_OFFICER} enabled."


def test_disabling_ones_own_account_is_refused_with_the_services_message(  # type: ignore[no-untyped-def]
    qtbot, admin, monkeypatch
) -> None:
    monkeypatch.setattr(accounts_tab, "confirm_disable", lambda _parent, _name: True)
    window = open_window(qtbot, admin)
    select_account(window, "test.admin")
    qtbot.mouseClick(window.accounts.active_button, Qt.MouseButton.LeftButton)
    wait_for_background(qtbot)
    assert window.message.isVisible()
    assert window.message.text() == str(accounts.OwnAccount())
    assert row_of(window, "test.admin")[3] == "Active"


def test_a_password_reset_forces_a_change_at_the_next_sign_in(qtbot, admin) -> None:  # type: ignore[no-untyped-def]
    window = open_window(qtbot, admin)
    select_account(window, TEST_OFFICER)
    qtbot.mouseClick(window.accounts.reset_button, Qt.MouseButton.LeftButton)
    dialog = the_dialog(window)
    assert isinstance(dialog, ResetPasswordDialog)
    # Whose password it is, by name as well as user name (user trial).
    headings = [label.text() for label in dialog.findChildren(QLabel)]
    assert f"Reset the password of Test Officer ({TEST_OFFICER})" in headings
    type_into(dialog.password.first, "password1234")
    type_into(dialog.password.repeat, "password1234")
    save(qtbot, window, dialog)
    assert "too common" in dialog.errors.shown()["password"]

    type_into(dialog.password.first, TEMPORARY)
    type_into(dialog.password.repeat, TEMPORARY)
    save(qtbot, window, dialog)
    assert window.dialog is None
    assert row_of(window, TEST_OFFICER)[3] == "Must change password"
    assert "must change it when they next sign in" in window.message.text()
    with admin.uow() as uow:
        assert sign_in(uow, TEST_OFFICER, TEMPORARY).must_change_password


def test_roles_and_places_change(qtbot, admin) -> None:  # type: ignore[no-untyped-def]
    window = open_window(qtbot, admin)
    select_account(window, TEST_OFFICER)
    qtbot.keyClick(window.accounts.view, Qt.Key.Key_Return)  # Enter opens the chosen account
    dialog = the_dialog(window)
    assert isinstance(dialog, EditAccessDialog)
    assert dialog.access.roles() == {Role.OFFICER}
    dialog.access.boxes[Role.MANAGER].setChecked(True)
    assert dialog.access.lists["managed_team_ids"].isVisible()
    _tick_team(dialog, "managed_team_ids", TEST_TEAM, admin)
    save(qtbot, window, dialog)

    assert window.dialog is None
    assert row_of(window, TEST_OFFICER)[2:] == [
        "Probation officer, Manager",
        "Active",
        f"Teams {TEST_TEAM}; Manages teams {TEST_TEAM}",
    ]
    select_account(window, TEST_OFFICER)
    window.accounts.edit_access()
    dialog = the_dialog(window)
    dialog.access.boxes[Role.OFFICER].setChecked(False)  # the officer's team goes with it
    save(qtbot, window, dialog)
    assert row_of(window, TEST_OFFICER)[2:] == ["Manager", "Active", f"Manages teams {TEST_TEAM}"]


def test_places_a_role_needs_are_asked_for_under_their_field(qtbot, admin) -> None:  # type: ignore[no-untyped-def]
    window = open_window(qtbot, admin)
    select_account(window, TEST_OFFICER)
    window.accounts.edit_access()
    dialog = the_dialog(window)
    for box in dialog.access.boxes.values():
        box.setChecked(False)
    save(qtbot, window, dialog)
    assert dialog.errors.shown() == {"roles": "Roles: tick one or more."}
    dialog.reject()


def test_a_programme_team_account_without_an_establishment_is_stopped_before_saving(  # type: ignore[no-untyped-def]
    qtbot, admin
) -> None:
    from resettle.services.accounts import list_accounts
    from tests.factories import establishment

    leeds = establishment(admin)
    window = open_window(qtbot, admin)
    select_account(window, TEST_OFFICER)
    window.accounts.edit_access()
    dialog = the_dialog(window)
    dialog.access.boxes[Role.OFFICER].setChecked(False)
    dialog.access.boxes[Role.PROGRAMME_TEAM].setChecked(True)
    assert dialog.access.lists["establishment_ids"].isVisible()
    save(qtbot, window, dialog)
    assert dialog.errors.shown() == {
        "establishment_ids": "Establishments: a programme team account works in at least one "
        "establishment"
    }
    officer = next(a for a in admin.run(list_accounts) if a.username == TEST_OFFICER)
    assert officer.roles == {Role.OFFICER}  # nothing saved
    dialog.access.lists["establishment_ids"].tick(leeds)
    save(qtbot, window, dialog)
    assert window.dialog is None
    assert row_of(window, TEST_OFFICER)[2:4] == ["Programme team", "Active"]


def test_another_administrators_change_is_said_and_read_again(qtbot, admin) -> None:  # type: ignore[no-untyped-def]
    window = open_window(qtbot, admin)
    select_account(window, TEST_OFFICER)
    window.accounts.edit_access()
    dialog = the_dialog(window)
    officer = window.accounts.selected()
    assert officer is not None
    admin.run(accounts.set_roles, officer.id, [Role.OFFICER, Role.PRISON_STAFF])  # elsewhere
    dialog.access.boxes[Role.MANAGER].setChecked(True)
    save(qtbot, window, dialog)

    assert window.dialog is None
    assert "Someone else changed this account's roles" in window.message.text()
    assert "read again" in window.message.text()
    assert row_of(window, TEST_OFFICER)[2] == "Probation officer, Prison staff"


def test_an_account_locked_by_wrong_passwords_is_unlocked(qtbot, admin) -> None:  # type: ignore[no-untyped-def]
    from resettle.services.authentication import SignInRefused

    for _attempt in range(5):
        with pytest.raises(SignInRefused), admin.uow() as uow:
            sign_in(uow, TEST_OFFICER, "not-the-password-at-all")
    window = open_window(qtbot, admin)
    select_account(window, TEST_OFFICER)
    assert row_of(window, TEST_OFFICER)[3].startswith("Locked until ")
    assert window.accounts.unlock_button.isEnabled()
    qtbot.mouseClick(window.accounts.unlock_button, Qt.MouseButton.LeftButton)
    wait_for_background(qtbot)
    assert row_of(window, TEST_OFFICER)[3] == "Active"
    assert not window.accounts.unlock_button.isEnabled()


def test_the_filter_keeps_matching_accounts(qtbot, admin) -> None:  # type: ignore[no-untyped-def]
    seed_account(admin.database, "ann.prison", (Role.PRISON_STAFF,))
    window = open_window(qtbot, admin)
    assert window.accounts.proxy.rowCount() == 3
    qtbot.keyClicks(window.accounts.filter, "prison")
    assert window.accounts.proxy.rowCount() == 1
    assert window.accounts.selected() is None or window.accounts.selected().username == "ann.prison"  # type: ignore[union-attr]


@pytest.mark.parametrize("role", [Role.OFFICER, Role.MANAGER])
def test_an_account_that_may_not_manage_accounts_is_refused(qtbot, workspace, role) -> None:  # type: ignore[no-untyped-def]
    runner = workspace if role is Role.OFFICER else workspace_as(workspace, role)
    window = open_window(qtbot, runner)
    assert window.message.isVisible()
    assert window.message.text().startswith("Only administrators can use this window.")
    assert "may not manage staff accounts" in window.message.text()
    assert not window.tabs.isEnabled()
    assert window.accounts.model.rowCount() == 0


def test_the_accounts_list_opens_from_a_to_z(qtbot, admin) -> None:  # type: ignore[no-untyped-def]
    """User trial: the lists opened Z to A (Qt's header starts with a descending indicator)."""
    for name in ("zed.last", "amy.first"):
        seed_account(admin.database, name)
    window = open_window(qtbot, admin)
    proxy = window.accounts.proxy
    names = [proxy.index(row, 0).data() for row in range(proxy.rowCount())]
    assert names == sorted(names) and names[0] == "amy.first"
    header = window.accounts.view.horizontalHeader()
    assert header.sortIndicatorOrder() == Qt.SortOrder.AscendingOrder


def test_a_manager_is_given_a_region(qtbot, admin) -> None:  # type: ignore[no-untyped-def]
    """The managed regions list, shown for managers; a deactivated region is not offered."""
    from resettle.services.regions import create_region, set_region_active

    north = admin.run(create_region, "NW", "North West")
    closed = admin.run(create_region, "OLD", "Old region")
    admin.run(set_region_active, closed.id, False)
    window = open_window(qtbot, admin)
    select_account(window, TEST_OFFICER)
    window.accounts.edit_access()
    dialog = the_dialog(window)
    assert isinstance(dialog, EditAccessDialog)
    regions = dialog.access.lists["managed_region_ids"]
    assert not regions.isVisible()
    dialog.access.boxes[Role.MANAGER].setChecked(True)
    assert regions.isVisible()
    assert [regions.item(row).text() for row in range(regions.count())] == ["NW North West"]
    regions.tick(north.id)
    save(qtbot, window, dialog)
    assert window.dialog is None
    assert row_of(window, TEST_OFFICER)[-1] == f"Teams {TEST_TEAM}; Manages regions NW"
    with admin.uow() as uow:
        officer = uow.staff.by_username(TEST_OFFICER)
        assert officer is not None
        assert uow.accounts.places(officer.id)[officer.id]["managed_region_ids"] == {north.id}
