"""Signed in on a database that cannot be written: the main window says so at once, before any
record is opened (the person window has its own banner, ``tests/ui/person``)."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMainWindow, QMenu

from resettle.domain.read_only_opening import ReadOnlyBecause
from resettle.services.workspace import Workspace
from resettle.ui.main_window import MainWindow
from resettle.ui.screens import open_person_window
from tests.accounts import TEST_OFFICER, sign_in_as
from tests.background import wait_for_background
from tests.storage_faults import storage_limited
from tests.ui.plan.support import register


def test_the_main_window_shows_a_banner_on_a_read_only_database(  # type: ignore[no-untyped-def]
    qtbot, workspace: Workspace
) -> None:
    if not workspace.database.is_sqlite:
        pytest.skip("the limits are SQLite pragmas")
    with storage_limited(workspace.database.engine, "read_only"):
        signed = sign_in_as(workspace.database, TEST_OFFICER)
        assert signed.read_only_because is ReadOnlyBecause.READ_ONLY
        main = MainWindow(signed)
        qtbot.addWidget(main)
        main.show()
        qtbot.waitExposed(main)
        wait_for_background(qtbot)
        assert main.read_only_banner is not None and main.read_only_banner.isVisible()
        assert main.read_only_banner.text().startswith(
            "This database can only be read: you can look at records, but changes cannot be saved."
        )
        main.close()


def test_no_banner_on_a_database_that_can_be_written(  # type: ignore[no-untyped-def]
    qtbot, workspace: Workspace
) -> None:
    signed = sign_in_as(workspace.database, TEST_OFFICER)
    assert signed.read_only_because is None
    main = MainWindow(signed)
    qtbot.addWidget(main)
    main.show()
    qtbot.waitExposed(main)
    wait_for_background(qtbot)
    assert main.read_only_banner is None
    main.close()


def test_the_main_window_opens_a_database_on_a_read_only_disk_with_the_banner(  # type: ignore[no-untyped-def]
    qtbot, workspace: Workspace, tmp_path
) -> None:
    """A real read-only disk holding the database file alone (no -wal or -shm file, which
    SQLite cannot make there): opened to be read (``storage/sqlite_read_only.py``), signed
    in, the caseload listed and the banner shown (skipped where a tmpfs cannot be mounted)."""
    import shutil
    from pathlib import Path

    from resettle.storage.database import open_database
    from resettle.storage.engine import sqlite_url
    from resettle.storage.errors import FolderNotWritable
    from tests.storage.small_disk import make_read_only, small_disk

    if not workspace.database.is_sqlite:
        pytest.skip("an SQLite file on a read-only disk")
    source = Path(workspace.database.url.database or "")
    workspace.close()  # its last connection gone: no -wal or -shm file left
    with small_disk(tmp_path / "mnt", size_kib=8192) as disk:
        (disk / "data").mkdir()
        shutil.copyfile(source, disk / "data" / source.name)
        make_read_only(disk)
        database = open_database(sqlite_url(disk / "data" / source.name))
        try:
            assert isinstance(database.read_only_problem, FolderNotWritable)
            signed = sign_in_as(database, TEST_OFFICER)
            assert signed.read_only_because is ReadOnlyBecause.READ_ONLY
            main = MainWindow(signed)
            qtbot.addWidget(main)
            main.show()
            qtbot.waitExposed(main)
            wait_for_background(qtbot)
            assert main.read_only_banner is not None and main.read_only_banner.isVisible()
            main.close()
            wait_for_background(qtbot)
        finally:
            database.close()


def _menu_items(window: QMainWindow) -> dict[str, QAction]:
    return {
        action.text(): action
        for menu in window.menuBar().findChildren(QMenu)
        for action in menu.actions()
        if action.text()
    }


def test_items_that_only_write_are_greyed_on_a_read_only_database_saying_why(  # type: ignore[no-untyped-def]
    qtbot, workspace: Workspace
) -> None:
    """User trial: New person…, Import people… and Record a disclosure… were offered and
    failed only after the form was filled in."""
    if not workspace.database.is_sqlite:
        pytest.skip("the limits are SQLite pragmas")
    person_id = register(workspace)
    writable = MainWindow(sign_in_as(workspace.database, TEST_OFFICER))
    qtbot.addWidget(writable)
    wait_for_background(qtbot)
    assert _menu_items(writable)["&New person…"].isEnabled()
    with storage_limited(workspace.database.engine, "read_only"):
        signed = sign_in_as(workspace.database, TEST_OFFICER)
        main = MainWindow(signed)
        qtbot.addWidget(main)
        wait_for_background(qtbot)
        items = _menu_items(main)
        for text in ("&New person…", "&Print plans…"):
            assert not items[text].isEnabled(), text
            assert items[text].statusTip().startswith("The database can only be read")
            assert items[text].toolTip() == items[text].statusTip()
        assert items["&Open person"].isEnabled() and items["&Quit"].isEnabled()
        assert main.new_person() is None  # Ctrl+N and the empty caseload's button
        assert "no one can be added" in main.statusBar().currentMessage()
        window = open_person_window(signed, person_id)
        qtbot.addWidget(window)
        wait_for_background(qtbot)
        record = _menu_items(window)["Record a &disclosure…"]
        assert not record.isEnabled()
        assert record.statusTip().startswith("The database can only be read")
        window.close()
        main.close()
    writable_person = open_person_window(workspace, person_id)
    qtbot.addWidget(writable_person)
    wait_for_background(qtbot)
    assert _menu_items(writable_person)["Record a &disclosure…"].isEnabled()
    writable_person.close()
    writable.close()
