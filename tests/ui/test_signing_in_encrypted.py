"""The app on an encrypted database: the first start makes it encrypted and its first
administrator's key slot; later starts find it sealed, and the sign-in dialog opens it."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt

from resettle.services.workspace import open_settings_database
from resettle.settings import DATABASE_FILE, Settings, resolve_settings
from resettle.storage.cipher import SQLITE_HEADER, file_header
from resettle.storage.engine import sqlite_url
from resettle.storage.key_slots import key_file_path, read_key_file
from resettle.ui.access.first_admin_dialog import FirstAdminDialog
from resettle.ui.access.sign_in_dialog import SignInDialog
from resettle.ui.app_session import AppSession
from tests.background import wait_for_background

ADMIN_PASSWORD = "copper-meadow-kettle-77"


@pytest.fixture
def new_settings(tmp_path: Path) -> Settings:
    folder = tmp_path / "data"
    return resolve_settings(folder, sqlite_url(folder / DATABASE_FILE))


@pytest.fixture
def start(qtbot: Any, new_settings: Settings) -> Iterator[Any]:
    """Starts the app's session on the configured database as a start-up opens it."""
    sessions: list[tuple[AppSession, Any]] = []

    def started() -> AppSession:
        database = open_settings_database(new_settings)
        session = AppSession(dataclasses.replace(new_settings, idle_lock_minutes=0), database)
        sessions.append((session, database))
        session.start()
        return session

    yield started
    for session, database in sessions:
        wait_for_background(qtbot)
        if session.dialog is not None:
            session.dialog.done(0)
        session._close_windows(discard=True)
        wait_for_background(qtbot)
        database.close()


def _type_and_enter(qtbot: Any, fields: list[tuple[Any, str]]) -> None:
    for field, text in fields:
        field.clear()
        qtbot.keyClicks(field, text)
    qtbot.keyClick(fields[-1][0], Qt.Key.Key_Return)


def test_the_first_start_encrypts_and_the_next_start_opens_at_sign_in(
    qtbot: Any, start: Any, new_settings: Settings
) -> None:
    first = start()
    dialog = first.dialog
    assert isinstance(dialog, FirstAdminDialog)
    _type_and_enter(
        qtbot,
        [
            (dialog.username, "first.admin"),
            (dialog.full_name, "Fiona Admin"),
            (dialog.password, ADMIN_PASSWORD),
            (dialog.repeat, ADMIN_PASSWORD),
        ],
    )
    path = new_settings.data_dir / DATABASE_FILE
    keys = read_key_file(key_file_path(path))
    assert keys is not None and set(keys.slots) == {"first.admin"}
    assert file_header(path) != SQLITE_HEADER
    first.dialog.done(0)  # type: ignore[union-attr]

    again = start()
    assert again.database.sealed is not None
    sign_in = again.dialog
    assert isinstance(sign_in, SignInDialog)
    _type_and_enter(
        qtbot, [(sign_in.username, "first.admin"), (sign_in.password, "not-the-password-1")]
    )
    assert sign_in.isVisible() and again.main_window is None
    assert "not right" in sign_in.problem.text()
    _type_and_enter(qtbot, [(sign_in.password, ADMIN_PASSWORD)])
    qtbot.waitUntil(lambda: again.main_window is not None and again.main_window.isVisible())
    window = again.main_window
    assert window is not None and window.workspace.encrypted
    assert window.demo_banner is None
