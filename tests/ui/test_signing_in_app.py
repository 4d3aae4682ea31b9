"""The app's sign-in, as a user meets it: the dialog, the first administrator, a forced
password change, the idle lock, signing out and switching user, and an account disabled while
signed in (``resettle/ui/app_session.py``)."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from typing import Any

import pytest
import shiboken6
from PySide6.QtCore import Qt

from resettle.domain.staff import Role
from resettle.services.people import register_person
from resettle.services.workspace import open_settings_database
from resettle.settings import Settings
from resettle.storage.database import Database
from resettle.ui.access.change_password_dialog import ChangePasswordDialog
from resettle.ui.access.first_admin_dialog import FirstAdminDialog
from resettle.ui.access.sign_in_dialog import SignInDialog
from resettle.ui.administration_page import AdministrationPage
from resettle.ui.app_session import AppSession
from resettle.ui.person import PersonWindow
from resettle.ui.person.profile_tab import ProfileTab
from tests.accounts import TEST_OFFICER, TEST_PASSWORD, seed_account, sign_in_as
from tests.background import wait_for_background
from tests.factories import person_data

NEW_PASSWORD = "copper-meadow-kettle-77"


@pytest.fixture
def database(settings: Settings) -> Iterator[Database]:
    opened = open_settings_database(settings)
    yield opened
    opened.close()


@pytest.fixture
def start(qtbot: Any, settings: Settings, database: Database) -> Iterator[Any]:
    """Starts the app's session (idle lock as given), closing its windows afterwards."""
    sessions: list[AppSession] = []

    def started(idle_minutes: float = 0) -> AppSession:
        session = AppSession(
            dataclasses.replace(settings, idle_lock_minutes=idle_minutes), database
        )
        sessions.append(session)
        session.start()
        return session

    yield started
    for session in sessions:
        wait_for_background(qtbot)
        if session.dialog is not None:
            session.dialog.done(0)
        session._close_windows(discard=True)
        wait_for_background(qtbot)


def _type_and_enter(qtbot: Any, fields: list[tuple[Any, str]]) -> None:
    for field, text in fields:
        field.clear()
        qtbot.keyClicks(field, text)
    qtbot.keyClick(fields[-1][0], Qt.Key.Key_Return)


def _sign_in(qtbot: Any, session: AppSession, username: str, password: str) -> None:
    dialog = session.dialog
    assert isinstance(dialog, SignInDialog)
    _type_and_enter(qtbot, [(dialog.username, username), (dialog.password, password)])


def _signed_in(qtbot: Any, session: AppSession, username: str = TEST_OFFICER) -> AppSession:
    _sign_in(qtbot, session, username, TEST_PASSWORD)
    qtbot.waitUntil(lambda: session.main_window is not None and session.main_window.isVisible())
    wait_for_background(qtbot)
    return session


def test_signing_in_through_the_dialog_shows_the_caseload(
    qtbot: Any, start: Any, database: Database
) -> None:
    seed_account(database, TEST_OFFICER)
    officer = sign_in_as(database, TEST_OFFICER)
    officer.run(register_person, person_data())
    session = start()
    assert isinstance(session.dialog, SignInDialog) and session.main_window is None
    _signed_in(qtbot, session)
    window = session.main_window
    assert window is not None
    qtbot.waitUntil(lambda: window.model.rowCount() == 1)
    assert "Signed in as Test Officer (Probation officer)" in window.signed_in_label.text()
    assert session.dialog is None


def test_a_wrong_password_is_refused_in_the_dialog(
    qtbot: Any, start: Any, database: Database
) -> None:
    seed_account(database, TEST_OFFICER)
    session = start()
    dialog = session.dialog
    assert isinstance(dialog, SignInDialog)
    _sign_in(qtbot, session, TEST_OFFICER, "not-the-password-at-all")
    assert dialog.isVisible() and session.main_window is None
    assert "not right" in dialog.problem.text()
    assert dialog.password.text() == "" and dialog.username.text() == TEST_OFFICER


def test_the_first_start_creates_the_administrator_who_then_signs_in(
    qtbot: Any, start: Any
) -> None:
    session = start()
    dialog = session.dialog
    assert isinstance(dialog, FirstAdminDialog)
    _type_and_enter(
        qtbot,
        [
            (dialog.username, "first.admin"),
            (dialog.full_name, "Fiona Admin"),
            (dialog.password, NEW_PASSWORD),
            (dialog.repeat, NEW_PASSWORD),
        ],
    )
    sign_in = session.dialog
    assert isinstance(sign_in, SignInDialog)
    assert sign_in.username.text() == "first.admin"
    _type_and_enter(qtbot, [(sign_in.password, NEW_PASSWORD)])
    qtbot.waitUntil(lambda: session.main_window is not None)
    window = session.main_window
    assert window is not None
    assert isinstance(window.administration, AdministrationPage)
    assert not window.caseload_page.isVisible()


def test_a_reset_password_is_changed_before_anything_else(
    qtbot: Any, start: Any, database: Database
) -> None:
    staff_id = seed_account(database, TEST_OFFICER)
    with database.uow() as uow:
        row = uow.staff.get(staff_id)
        assert row is not None
        row.must_change_password = True
        uow.commit()
    session = start()
    _sign_in(qtbot, session, TEST_OFFICER, TEST_PASSWORD)
    change = session.dialog
    assert isinstance(change, ChangePasswordDialog) and change.forced
    assert session.main_window is None
    _type_and_enter(
        qtbot,
        [
            (change.current, TEST_PASSWORD),
            (change.new, NEW_PASSWORD),
            (change.repeat, NEW_PASSWORD),
        ],
    )
    qtbot.waitUntil(lambda: session.main_window is not None)
    assert sign_in_as(database, TEST_OFFICER, NEW_PASSWORD).actor.username == TEST_OFFICER


def test_cancelling_the_forced_change_signs_out(qtbot: Any, start: Any, database: Database) -> None:
    staff_id = seed_account(database, TEST_OFFICER)
    with database.uow() as uow:
        row = uow.staff.get(staff_id)
        assert row is not None
        row.must_change_password = True
        uow.commit()
    session = start()
    _sign_in(qtbot, session, TEST_OFFICER, TEST_PASSWORD)
    change = session.dialog
    assert isinstance(change, ChangePasswordDialog)
    change.cancel_button.click()
    assert isinstance(session.dialog, SignInDialog) and session.main_window is None


def _open_person(qtbot: Any, session: AppSession) -> PersonWindow:
    window = session.main_window
    assert window is not None and session.workspace is not None
    person = session.workspace.run(register_person, person_data())
    window.open_person(person.id)
    qtbot.waitUntil(lambda: bool(window.findChildren(PersonWindow)))
    person_window = window.findChildren(PersonWindow)[0]
    qtbot.waitUntil(person_window.isVisible)
    return person_window


def test_the_idle_lock_keeps_unsaved_edits(qtbot: Any, start: Any, database: Database) -> None:
    seed_account(database, TEST_OFFICER)
    session = _signed_in(qtbot, start(idle_minutes=0.01))  # 0.6 s
    person_window = _open_person(qtbot, session)
    profile = person_window.tab_of(ProfileTab)
    assert isinstance(profile, ProfileTab)
    profile.aliases.setText("Kept while locked")
    profile.notify()
    assert person_window.dirty
    lock = session.idle_lock
    assert lock is not None
    qtbot.waitUntil(lambda: lock.is_locked, timeout=5000)
    assert not profile.isVisible()  # covered
    dialog = lock.dialog
    assert dialog is not None
    _type_and_enter(qtbot, [(dialog.password, TEST_PASSWORD)])
    assert not lock.is_locked
    qtbot.waitUntil(profile.isVisible)
    assert profile.aliases.text() == "Kept while locked" and person_window.dirty


def test_sign_out_closes_every_window_and_asks_again(
    qtbot: Any, start: Any, database: Database
) -> None:
    seed_account(database, TEST_OFFICER)
    session = _signed_in(qtbot, start())
    person_window = _open_person(qtbot, session)
    assert session.sign_out()
    assert not person_window.isVisible()
    dialog = session.dialog
    assert isinstance(dialog, SignInDialog) and session.main_window is None
    assert dialog.username.text() == TEST_OFFICER  # remembered, the password never


def test_switch_user_signs_in_someone_else(qtbot: Any, start: Any, database: Database) -> None:
    seed_account(database, TEST_OFFICER)
    seed_account(database, "test.manager", (Role.MANAGER,))
    session = _signed_in(qtbot, start())
    assert session.switch_user()
    dialog = session.dialog
    assert isinstance(dialog, SignInDialog) and dialog.username.text() == ""
    _signed_in(qtbot, session, "test.manager")
    window = session.main_window
    assert window is not None
    assert "Test Manager (Manager)" in window.signed_in_label.text()


def test_a_disabled_account_is_signed_out_at_its_next_action(
    qtbot: Any, start: Any, database: Database
) -> None:
    staff_id = seed_account(database, TEST_OFFICER)
    session = _signed_in(qtbot, start())
    window = session.main_window
    assert window is not None
    with database.uow() as uow:  # an administrator disables the account meanwhile
        row = uow.staff.get(staff_id)
        assert row is not None
        row.active = False
        uow.commit()
    window.refresh()
    qtbot.waitUntil(lambda: isinstance(session.dialog, SignInDialog))
    # The closed window may already be deleted (it deletes itself on close).
    assert session.main_window is None
    assert not shiboken6.isValid(window) or not window.isVisible()
    dialog = session.dialog
    assert isinstance(dialog, SignInDialog)
    notes = " ".join(label.text() for label in dialog.findChildren(type(dialog.heading)))
    assert "no longer active" in notes
