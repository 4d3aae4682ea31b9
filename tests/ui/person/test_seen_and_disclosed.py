"""The person window's Record menu: recording a disclosure (the justification dialog, problems
under their fields), "Who has seen this" for the officer and team managers only (paged), and
each way of opening a person's record written to the audit trail exactly once."""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget

from resettle.domain.disclosure import Justification
from resettle.domain.seen_by import SeenEntry
from resettle.domain.staff import Role
from resettle.services.case_record.read import open_case_record
from resettle.services.workspace import Workspace
from resettle.ui.case_access.person_access_dialog import open_person_access
from resettle.ui.common.busy import BusyIndicator
from resettle.ui.person import PersonWindow
from resettle.ui.person.record_menu import ask_disclosure, show_seen_by
from resettle.ui.person.seen_by_dialog import SeenByTableModel
from resettle.ui.person_opening import PersonOpener
from resettle.ui.screens import open_person_window
from tests.accounts import workspace_as
from tests.background import wait_for_background


def _views(workspace: Workspace, person_id: int) -> list[dict[str, Any]]:
    with workspace.uow() as uow:
        rows = [r for r in uow.audit.latest(500) if r.person_id == person_id]
        return [dict(r.details) for r in reversed(rows) if r.action == "person.viewed"]


def _menu_texts(window: PersonWindow) -> list[str]:
    return [a.text() for a in window.record_menu.actions()]


def test_the_officer_sees_both_items_and_a_colleague_only_the_disclosure(
    qtbot: Any, workspace: Workspace, person_id: int, window: PersonWindow
) -> None:
    assert _menu_texts(window) == ["Record a &disclosure…", "&Who has seen this…"]
    colleague = workspace_as(workspace, Role.OFFICER, username="t.colleague")
    other = open_person_window(colleague, person_id)
    qtbot.addWidget(other)
    assert _menu_texts(other) == ["Record a &disclosure…"]


def test_recording_a_disclosure_asks_for_the_recipient_then_audits_it(
    qtbot: Any, workspace: Workspace, person_id: int, window: PersonWindow
) -> None:
    dialog = ask_disclosure(window, window.session)
    assert dialog.isVisible() and dialog.justification.value() is None
    dialog.justification.set_value(Justification.OTHER)
    dialog.submit()
    assert dialog.problems["justification_text"].text()  # Other needs its details
    dialog.justification.set_value(Justification.MAPPA_MEETING)
    assert dialog.problems["justification_text"].text() == ""  # gone with Other
    dialog.submit()
    assert dialog.isVisible()
    assert dialog.problems["recipient"].text() == "Recipient: say who was given the data"
    dialog.recipient.setText("MAPPA panel, Leeds")
    dialog.details.setText("Level 2 meeting")
    dialog.submit()
    assert not dialog.isVisible()
    wait_for_background(qtbot)
    with workspace.uow() as uow:
        row = uow.audit.latest(1)[0]
        written = (row.action, row.person_id, dict(row.details))
        note = uow.disclosure_notes.by_id(person_id, [row.details["note_id"]])
    assert written[:2] == ("person.disclosed", person_id)
    assert written[2]["justification"] == "mappa_meeting"
    [(_, kept)] = note.items()  # the words typed: in the person's note, not the audit row
    assert (kept.justification_text, kept.recipient) == ("Level 2 meeting", "MAPPA panel, Leeds")
    assert "MAPPA panel, Leeds" in window.statusBar().currentMessage()


def test_who_has_seen_lists_the_history_newest_first_in_pages(
    qtbot: Any, workspace: Workspace, person_id: int, window: PersonWindow
) -> None:
    manager = workspace_as(workspace, Role.MANAGER, username="t.manager")
    for _ in range(54):
        open_case_record(manager.actor, manager.uow(), person_id)
    dialog = show_seen_by(window, window.session)
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(dialog.loaded, timeout=10_000):
        pass
    assert dialog.model.rowCount() == 50 and dialog.older.isEnabled()
    first = dialog.model.display_rows()[0]
    assert first[1:5] == ["T Manager", "Manager", "Opened the record", ""]
    with qtbot.waitSignal(dialog.loaded, timeout=10_000):
        dialog.older.click()
    assert dialog.model.rowCount() == 55  # the window's own opening is the oldest
    assert dialog.model.display_rows()[-1][1] == "Test Officer"
    assert not dialog.older.isEnabled() and "whole history" in dialog.status.text()
    wait_for_background(qtbot)


def test_the_table_model_words_each_column() -> None:
    entry = SeenEntry(
        audit_id=1,
        at=dt.datetime(2026, 11, 23, 14, 5, tzinfo=dt.UTC),
        staff_name="Ann Officer",
        staff_roles="Probation officer",
        staff_team="Leeds North",
        action="plan.printed",
        what="Printed the officer's plan",
        why="MAPPA meeting",
        recipient="MAPPA panel",
    )
    model = SeenByTableModel()
    model.set_rows([entry])
    headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(7)]
    assert headers == ["When", "Who", "Role", "What", "Why", "Recipient", "Team"]
    row = model.display_rows()[0]
    assert row[1:] == [
        "Ann Officer",
        "Probation officer",
        "Printed the officer's plan",
        "MAPPA meeting",
        "MAPPA panel",
        "Leeds North",
    ]
    assert row[0].startswith("23 Nov 2026")


# --- each way of opening a person logs exactly once --------------------------------------------


def test_opening_from_the_caseload_logs_one_view_and_raising_it_none(
    qtbot: Any, workspace: Workspace, person_id: int, owner: QWidget
) -> None:
    opener = PersonOpener(owner, workspace, BusyIndicator(owner))
    opener.open(person_id)
    qtbot.waitUntil(lambda: bool(owner.findChildren(PersonWindow)), timeout=10_000)
    (window,) = owner.findChildren(PersonWindow)
    window.show()
    qtbot.waitExposed(window)
    opener.open(person_id)  # already open: brought to the front, not read again
    window.reload()  # reading again in the same window is not another view
    wait_for_background(qtbot)
    assert _views(workspace, person_id) == [{"view": "record"}]
    window.close()


def test_a_window_opened_without_a_record_logs_one_view(
    qtbot: Any, workspace: Workspace, person_id: int, window: PersonWindow
) -> None:
    assert _views(workspace, person_id) == [{"view": "record"}]


def test_opening_who_may_see_a_person_logs_one_view(
    qtbot: Any, workspace: Workspace, person_id: int, owner: QWidget
) -> None:
    manager = workspace_as(workspace, Role.MANAGER, username="t.manager")
    open_person_access(owner, manager, person_id)
    wait_for_background(qtbot)
    assert _views(workspace, person_id) == [{"view": "access"}]
