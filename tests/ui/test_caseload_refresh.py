"""The caseload stays current (issue 11): after a save anywhere in the app its rows are read again
off the UI thread, without F5, keeping the selection and the scroll position."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt

from resettle.domain import clock
from resettle.domain.caseload import CaseloadColumn, CaseloadFilters
from resettle.domain.essentials import EssentialKind
from resettle.domain.plan import ActionStatus
from resettle.services.people import register_person
from resettle.services.workspace import Workspace
from resettle.ui import caseload_filters_state
from resettle.ui.caseload_model import COLUMNS
from resettle.ui.caseload_refresh import concerns_caseload
from resettle.ui.common.changes import EVIDENCE_PACK, NEW_PERSON, Change, change_notice
from resettle.ui.main_window import MainWindow
from resettle.ui.person.release_day_tab import ReleaseDayTab
from resettle.ui.screens import open_person_window
from tests.accounts import load_demo_for
from tests.background import wait_for_background
from tests.factories import TODAY, person_data
from tests.ui.person.support import choose, saved_record
from tests.ui.saving import save_and_wait

READINESS = COLUMNS.index(CaseloadColumn.READINESS)


@pytest.fixture
def main(qtbot, workspace: Workspace) -> MainWindow:  # type: ignore[no-untyped-def]
    load_demo_for(workspace, 40, seed=5, today=TODAY)
    # Everyone, not the officer's own people: enough rows to scroll.
    caseload_filters_state.save(workspace.database_key, workspace.actor.username, CaseloadFilters())
    window = MainWindow(workspace)
    qtbot.addWidget(window)
    window.resize(1100, 500)
    window.show()
    qtbot.waitExposed(window)
    wait_for_background(qtbot)
    return window


class Resets:
    """Counts the caseload model's resets (a reset loses what the view does not put back)."""

    def __init__(self, main: MainWindow) -> None:
        self.count = 0
        main.model.modelReset.connect(self._reset)

    def _reset(self) -> None:
        self.count += 1


def _row_of(main: MainWindow, person_id: int) -> int:
    return next(i for i, row in enumerate(main.model.rows()) if row.id == person_id)


def _readiness_tooltip(main: MainWindow, person_id: int) -> str:
    index = main.model.index(_row_of(main, person_id), READINESS)
    return str(main.model.data(index, Qt.ItemDataRole.ToolTipRole))


def _open_other_essentials(main: MainWindow, person_id: int) -> int:
    return main.model.row_at(_row_of(main, person_id)).open_other_essentials


def _bank_account_open(workspace: Workspace, person_id: int) -> bool:
    essentials = saved_record(workspace, person_id).essentials
    return next(e for e in essentials if e.kind is EssentialKind.BANK_ACCOUNT).is_open


def _save_bank_account_done(qtbot, workspace: Workspace, person_id: int) -> None:  # type: ignore[no-untyped-def]
    person = open_person_window(workspace, person_id)
    qtbot.addWidget(person)
    tab = person.tab_of(ReleaseDayTab)
    assert isinstance(tab, ReleaseDayTab)
    page = tab.show_kind(EssentialKind.BANK_ACCOUNT)
    fields = page.form.fields
    choose(fields["status"].widget, ActionStatus.DONE)  # type: ignore[arg-type]
    fields["action_date"].widget.editor.setText(f"{clock.today():%d/%m/%Y}")  # type: ignore[attr-defined]
    assert save_and_wait(qtbot, person)


def test_a_save_in_a_person_window_updates_the_row_in_place(  # type: ignore[no-untyped-def]
    qtbot, main: MainWindow, workspace: Workspace
) -> None:
    rows = main.model.rows()
    target = next(row for row in rows[5:] if _bank_account_open(workspace, row.id))
    main.table.selectRow(_row_of(main, target.id))
    main.table.verticalScrollBar().setValue(3)
    scroll = main.table.verticalScrollBar().value()
    resets = Resets(main)
    before = _open_other_essentials(main, target.id)
    _save_bank_account_done(qtbot, workspace, target.id)
    wait_for_background(qtbot)  # the caseload's read, started by the notice
    assert _open_other_essentials(main, target.id) == before - 1
    assert f"and {before - 1} other release-day essentials" in _readiness_tooltip(main, target.id)
    assert resets.count == 0  # repainted in place
    assert main.selected_person_ids() == [target.id]
    assert main.table.verticalScrollBar().value() == scroll


def test_a_new_person_joins_the_rows_and_the_selection_and_scroll_stay(  # type: ignore[no-untyped-def]
    qtbot, main: MainWindow, workspace: Workspace
) -> None:
    chosen = main.model.rows()[10].id
    main.table.selectRow(10)
    main.table.verticalScrollBar().setValue(4)
    scroll = main.table.verticalScrollBar().value()
    assert scroll > 0
    count = main.model.rowCount()
    new = register_person(workspace.actor, workspace.uow(), person_data())
    change_notice(workspace).announce([new.id], [NEW_PERSON])
    wait_for_background(qtbot)
    assert main.model.rowCount() == count + 1
    assert new.id in [row.id for row in main.model.rows()]
    assert main.selected_person_ids() == [chosen]
    assert main.table.verticalScrollBar().value() == scroll
    qtbot.waitUntil(
        lambda: main.count_label.text() == f"{count + 1} people (restricted cases are not shown)"
    )


def test_changes_arriving_together_are_read_once_more_not_once_each(  # type: ignore[no-untyped-def]
    qtbot, main: MainWindow, workspace: Workspace
) -> None:
    reads: list[object] = []
    original = main._request_page

    def counting(query, arrived, failed):  # type: ignore[no-untyped-def]
        reads.append(query)
        original(query, arrived, failed)

    main._refresher._source = counting
    for person_id in (1, 2, 3, 4):
        change_notice(workspace).announce([person_id], ["profile"])
    wait_for_background(qtbot)
    assert len(reads) == 2  # the first, then one more for the three that came meanwhile


def test_an_evidence_pack_import_does_not_touch_the_caseload() -> None:
    pack = Change(frozenset(), frozenset({EVIDENCE_PACK}), everyone=True)
    assert not concerns_caseload(pack)
    assert concerns_caseload(Change(frozenset({1}), frozenset({"essentials"})))


def test_a_change_made_by_another_copy_of_the_app_shows_at_the_next_look(  # type: ignore[no-untyped-def]
    qtbot, main: MainWindow, workspace: Workspace, other_copy: Workspace
) -> None:
    """Another officer on the same database moves a release date: the change watch's next
    look (every few seconds, triggered here) finds it and the row follows, selection and
    scroll kept."""
    from resettle.domain.caseload import CaseloadColumn
    from resettle.services.people import update_person

    rows = main.model.rows()
    target = rows[6]
    main.table.selectRow(6)
    main.table.verticalScrollBar().setValue(2)
    scroll = main.table.verticalScrollBar().value()
    record = saved_record(workspace, target.id)
    data = record.person.profile.model_dump() | {"release_date": TODAY + dt.timedelta(days=3)}
    other_copy.run(update_person, target.id, record.person.version, data)
    assert main.model.row_at(6).release_date == target.release_date  # not noticed yet
    assert main.change_watch is not None
    main.change_watch.poll()
    wait_for_background(qtbot)  # the look, then the caseload's read
    moved = next(row for row in main.model.rows() if row.id == target.id)
    assert moved.release_date == TODAY + dt.timedelta(days=3)
    assert main.selected_person_ids() == [target.id]
    assert main.table.verticalScrollBar().value() == scroll
    column = COLUMNS.index(CaseloadColumn.RELEASE_DATE)
    shown = main.model.data(main.model.index(_row_of(main, target.id), column))
    assert shown == f"{TODAY + dt.timedelta(days=3):%d %b %Y}"


def test_a_look_that_finds_only_views_reads_nothing_again(  # type: ignore[no-untyped-def]
    qtbot, main: MainWindow, workspace: Workspace, other_copy: Workspace
) -> None:
    from resettle.services.case_record.read import open_case_record

    reads: list[object] = []
    original = main._request_page
    main._refresher._source = lambda *args: (reads.append(args), original(*args))  # type: ignore[assignment]
    other_copy.run(open_case_record, main.model.rows()[0].id)  # a view, audited
    assert main.change_watch is not None
    main.change_watch.poll()
    wait_for_background(qtbot)
    assert reads == []
