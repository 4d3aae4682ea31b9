"""A record opened on a full or read-only database: the window shows it read-only, with a
banner saying why and that changes cannot be saved; nothing can be edited
(``domain/read_only_opening.py``)."""

from __future__ import annotations

import pytest

from resettle.domain.read_only_opening import ReadOnlyBecause
from resettle.services.case_record.read import open_case_record
from resettle.services.workspace import Workspace
from resettle.ui.person import PersonWindow
from resettle.ui.person.profile_tab import ProfileTab
from resettle.ui.screens import open_person_window
from tests.background import wait_for_background
from tests.storage_faults import fill_until_full, storage_limited

BANNERS = {
    "disk_full": (
        "Read only: the disk that holds the database is full, so changes cannot be saved."
    ),
    "read_only": "Read only: the database can only be read, so changes cannot be saved.",
}


@pytest.mark.parametrize("kind", ["disk_full", "read_only"])
def test_the_window_shows_the_record_read_only_with_a_banner(  # type: ignore[no-untyped-def]
    qtbot, workspace: Workspace, person_id: int, kind: str
) -> None:
    if not workspace.database.is_sqlite:
        pytest.skip("the limits are SQLite pragmas")
    engine = workspace.database.engine
    with storage_limited(engine, kind):
        if kind == "disk_full":
            fill_until_full(
                lambda: workspace.run(open_case_record, person_id).read_only_because is not None
            )
        window: PersonWindow = open_person_window(workspace, person_id)
        qtbot.addWidget(window)
        window.show()
        qtbot.waitExposed(window)
        wait_for_background(qtbot)
        assert window.session.read_only_because is ReadOnlyBecause(f"storage.{kind}")
        assert window.read_only_label.isVisible()
        banner = window.read_only_label.text()
        assert banner.startswith(BANNERS[kind])
        assert "could not be recorded in the audit trail" in banner
        assert not window.editable
        assert not window.save_button.isVisibleTo(window)
        profile = window.tab_of(ProfileTab)
        assert isinstance(profile, ProfileTab)
        assert profile.family_name.isReadOnly()
        assert profile.family_name.text() == window.session.record.person.profile.family_name
        assert not window.case_status.close_case_button.isVisibleTo(window)
        window.close()
