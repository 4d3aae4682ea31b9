"""A storage failure during Save reaches the user as a message saying what happened and what to
do, never as a traceback; the edits stay on screen so Save can be pressed again."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from resettle.services.workspace import Workspace
from resettle.settings import Settings, resolve_settings
from resettle.ui.person import PersonWindow
from resettle.ui.person.profile_tab import ProfileTab
from tests.storage_faults import (
    SHORT_BUSY_TIMEOUT_MS,
    connection_dropped_on_write,
    database_locked,
)
from tests.ui.person.conftest import MessageBoxes
from tests.ui.person.support import saved_record
from tests.ui.saving import save_and_wait


@pytest.fixture
def settings(database_url: str, tmp_path: Path) -> Settings:
    """The workspace waits only briefly for another user's lock."""
    chosen = resolve_settings(tmp_path / "data", database_url, None)
    return replace(chosen, busy_timeout_ms=SHORT_BUSY_TIMEOUT_MS)


def _change_family_name(qtbot, window: PersonWindow) -> ProfileTab:  # type: ignore[no-untyped-def]
    tab = window.tab_of(ProfileTab)
    assert isinstance(tab, ProfileTab)
    tab.family_name.clear()
    qtbot.keyClicks(tab.family_name, "O'Connor")
    assert window.save_button.isEnabled()
    return tab


def test_save_on_a_locked_database_says_it_is_busy(  # type: ignore[no-untyped-def]
    qtbot, window: PersonWindow, workspace: Workspace, database_url: str, boxes: MessageBoxes
) -> None:
    tab = _change_family_name(qtbot, window)
    with database_locked(database_url):
        assert save_and_wait(qtbot, window) is False
    assert boxes.shown == [("Not saved", "The database is busy, try again in a moment.")]
    assert tab.dirty  # the edit is still on screen
    assert saved_record(workspace, window.session.person_id).person.profile.family_name == (
        "Ní Bhriain"
    )
    assert save_and_wait(qtbot, window)  # the other user let go: Save works again
    assert saved_record(workspace, window.session.person_id).person.profile.family_name == (
        "O'Connor"
    )


def test_save_when_the_connection_drops_says_nothing_was_saved(  # type: ignore[no-untyped-def]
    qtbot, window: PersonWindow, workspace: Workspace, boxes: MessageBoxes
) -> None:
    tab = _change_family_name(qtbot, window)
    with connection_dropped_on_write(workspace.database.engine) as struck:
        assert save_and_wait(qtbot, window) is False
    assert struck
    [(title, text)] = boxes.shown
    assert title == "Not saved"
    if workspace.database.is_sqlite:
        assert text.startswith("The database could not complete this, so nothing was saved.")
    else:
        assert text == (
            "Your changes were not saved: the connection to the database was lost. Resettle "
            "reconnects at your next action: check the network and try again."
        )
    assert "O'Connor" not in text and tab.dirty
