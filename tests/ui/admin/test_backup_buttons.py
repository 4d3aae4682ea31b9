"""The administration window's "Back up now" and "Restore...", and the reminder when the last
backup is older than a week."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt

from resettle.domain.staff import Role
from resettle.services import backup
from resettle.services.people import register_person
from resettle.services.workspace import Workspace
from resettle.storage import backups
from resettle.storage.migrate import head_revision
from resettle.ui.admin import AdministrationWindow
from tests.accounts import signed_in_test_officer
from tests.background import wait_for_background
from tests.factories import another_person
from tests.ui.admin.support import admin_workspace


@pytest.fixture
def admin(workspace: Workspace) -> Workspace:
    return admin_workspace(workspace)


def open_with_backups(qtbot: Any, runner: Workspace, folder: Path) -> AdministrationWindow:
    window = AdministrationWindow(runner, backups_dir=folder, backup_keep=3)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    wait_for_background(qtbot)
    return window


def test_an_administrator_backs_up_and_is_reminded_until_then(  # type: ignore[no-untyped-def]
    qtbot, admin: Workspace, tmp_path: Path
) -> None:
    folder = tmp_path / "backups"
    window = open_with_backups(qtbot, admin, folder)
    assert window.backups is not None
    assert "No backup of this database has been made here yet" in window.message.text()
    with qtbot.waitSignal(window.backups.finished, timeout=10_000):
        qtbot.mouseClick(window.backups.back_up_button, Qt.MouseButton.LeftButton)
    assert window.message.text().startswith("Backed up to ")
    made = [p for p in folder.iterdir() if backups.OWN_BACKUP.match(p.name)]
    backend = "sqlite" if admin.database.is_sqlite else "postgresql"
    assert len(made) == 1 and backups.read_manifest(made[0]).backend == backend
    window.close()

    again = open_with_backups(qtbot, admin, folder)  # a fresh backup: no reminder
    assert "backup" not in again.message.text().lower()


def test_the_reminder_names_the_days_since_the_last_backup(  # type: ignore[no-untyped-def]
    qtbot, admin: Workspace, tmp_path: Path
) -> None:
    folder = tmp_path / "backups"
    done = backup.back_up(admin, folder, now=dt.datetime.now(dt.UTC) - dt.timedelta(days=9))
    assert done.manifest.created < dt.datetime.now(dt.UTC) - dt.timedelta(days=8)
    window = open_with_backups(qtbot, admin, folder)
    assert "The last backup was made 9 days ago" in window.message.text()


def test_restore_from_the_window_signs_everyone_out(  # type: ignore[no-untyped-def]
    qtbot, admin: Workspace, workspace: Workspace, tmp_path: Path
) -> None:
    if not workspace.database.is_sqlite:
        pytest.skip("reads the restored SQLite file")
    folder = tmp_path / "backups"
    done = backup.back_up(admin, folder)
    workspace.run(register_person, another_person(7))
    window = open_with_backups(qtbot, admin, folder)
    assert window.backups is not None
    with qtbot.waitSignal(window.backups.restored, timeout=10_000):
        window.backups.restore(done.path)
    assert window.message.text().startswith("Restored.")
    settings_url = workspace.database.url
    assert settings_url.database is not None
    officer = signed_in_test_officer_for(Path(settings_url.database))
    try:
        with officer.uow() as uow:
            assert uow.people.count() == 0  # the person registered after the backup is gone
    finally:
        officer.close()


def signed_in_test_officer_for(path: Path) -> Workspace:
    from resettle.settings import resolve_settings
    from resettle.storage.engine import sqlite_url

    return signed_in_test_officer(resolve_settings(path.parent / "data", sqlite_url(path)))


def test_an_officer_has_no_backup_buttons(  # type: ignore[no-untyped-def]
    qtbot, workspace: Workspace, tmp_path: Path
) -> None:
    window = open_with_backups(qtbot, workspace, tmp_path / "backups")
    assert window.backups is None
    assert not (tmp_path / "backups").exists()


def test_the_administrators_start_page_reminds_them_to_back_up(  # type: ignore[no-untyped-def]
    qtbot, admin: Workspace, tmp_path: Path
) -> None:
    from resettle.ui.main_window import MainWindow

    folder = tmp_path / "backups"
    window = MainWindow(admin)
    qtbot.addWidget(window)
    window.backups_dir = folder
    window.remind_backup()
    wait_for_background(qtbot)
    assert window.administration is not None
    assert "No backup of this database has been made yet" in window.administration.reminder.text()
    assert not window.administration.reminder.isHidden()

    administration = window.open_administration()
    assert isinstance(administration, AdministrationWindow) and administration.backups
    with qtbot.waitSignal(administration.backups.finished, timeout=10_000):
        administration.backups.back_up_button.click()
    wait_for_background(qtbot)
    assert window.administration.reminder.isHidden()  # the start page read it again
    administration.close()

    fresh = MainWindow(admin)
    qtbot.addWidget(fresh)
    fresh.backups_dir = folder
    fresh.remind_backup()
    wait_for_background(qtbot)
    assert fresh.administration is not None and fresh.administration.reminder.isHidden()


def test_after_a_restore_everyone_signs_in_again_and_is_told_why(  # type: ignore[no-untyped-def]
    qtbot, settings, tmp_path: Path
) -> None:
    import dataclasses

    from PySide6.QtWidgets import QLabel

    from resettle.services.workspace import open_settings_database
    from resettle.ui.access.sign_in_dialog import SignInDialog
    from resettle.ui.app_session import AppSession
    from tests.accounts import TEST_PASSWORD, seed_account, sign_in_as

    database = open_settings_database(settings)
    try:
        seed_account(database, "test.admin", (Role.ADMIN,))
        folder = tmp_path / "backups"
        made = backup.back_up(sign_in_as(database, "test.admin"), folder)
        session = AppSession(dataclasses.replace(settings, data_dir=tmp_path), database)
        session.start()
        dialog = session.dialog
        assert isinstance(dialog, SignInDialog)
        dialog.username.setText("test.admin")
        dialog.password.setText(TEST_PASSWORD)
        qtbot.keyClick(dialog.password, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: session.main_window is not None)
        wait_for_background(qtbot)
        main = session.main_window
        assert main is not None and main.backups_dir == folder
        admin_window = main.open_administration()
        assert isinstance(admin_window, AdministrationWindow) and admin_window.backups is not None
        wait_for_background(qtbot)
        admin_window.backups.restore(made.path)
        qtbot.waitUntil(lambda: isinstance(session.dialog, SignInDialog), timeout=10_000)
        again = session.dialog
        assert isinstance(again, SignInDialog) and session.main_window is None
        notes = " ".join(label.text() for label in again.findChildren(QLabel))
        assert "Restored." in notes and "Sign in again." in notes
        again.done(0)
        wait_for_background(qtbot)
    finally:
        database.close()


def test_restore_checks_the_file_then_asks_with_the_backups_date(  # type: ignore[no-untyped-def]
    qtbot, admin: Workspace, workspace: Workspace, tmp_path: Path, monkeypatch
) -> None:
    from PySide6.QtWidgets import QMessageBox

    folder = tmp_path / "backups"
    made_at = dt.datetime(2026, 3, 25, 10, 15, tzinfo=dt.UTC)
    done = backup.back_up(admin, folder, now=made_at)
    workspace.run(register_person, another_person(7))
    asked: list[str] = []
    answer = [QMessageBox.StandardButton.Cancel]

    def exec_(box: QMessageBox) -> int:
        asked.append(f"{box.text()}\n{box.informativeText()}")
        return int(answer[0].value)

    monkeypatch.setattr(QMessageBox, "exec", exec_)
    window = open_with_backups(qtbot, admin, folder)
    assert window.backups is not None

    # A damaged file is refused before anyone is asked.
    damaged = tmp_path / "damaged.sqlite3"
    damaged.write_bytes(done.path.read_bytes() + b"x")
    (tmp_path / "damaged.sqlite3.manifest.json").write_text(
        backups.manifest_path(done.path).read_text().replace(done.path.name, damaged.name)
    )
    with qtbot.waitSignal(window.backups.finished, timeout=10_000):
        window.backups.check_then_ask(damaged)
    assert asked == [] and "does not match its manifest" in window.message.text()

    # Cancel: asked with the date (local time) and what is lost; nothing replaced.
    with qtbot.waitSignal(window.backups.finished, timeout=10_000):
        window.backups.check_then_ask(done.path)
    (question,) = asked
    local = made_at.astimezone()
    assert f"made on {local.strftime('%d %b %Y %H:%M')}?" in question
    assert "Everything saved since" in question and "audit trail" in question
    assert "before-restore" in question and head_revision() in question
    assert "Not restored" in window.message.text()
    with workspace.uow() as uow:
        assert uow.people.count() == 1

    answer[0] = QMessageBox.StandardButton.Yes
    with qtbot.waitSignal(window.backups.restored, timeout=10_000):
        window.backups.check_then_ask(done.path)
    assert len(asked) == 2 and window.message.text().startswith("Restored.")
