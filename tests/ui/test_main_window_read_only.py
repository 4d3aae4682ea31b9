"""Signed in on a database that cannot be written: the main window says so at once, before any
record is opened (the person window has its own banner, ``tests/ui/person``)."""

from __future__ import annotations

import pytest

from resettle.domain.read_only_opening import ReadOnlyBecause
from resettle.services.workspace import Workspace
from resettle.ui.main_window import MainWindow
from tests.accounts import TEST_OFFICER, sign_in_as
from tests.background import wait_for_background
from tests.storage_faults import storage_limited


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
