"""Programmes: the history table (widget-free), and recording and correcting an entry through
the tab's dialogs, which leave every other part's revision alone."""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import Qt

from resettle.domain import clock
from resettle.domain.programme_completion import CompletionOutcome, ProgrammeHistoryEntry
from resettle.domain.programme_history import EntrySource, ProgrammeHistoryView, with_superseded_by
from resettle.services.workspace import Workspace
from resettle.ui.common.rows_model import ROW_ROLE
from resettle.ui.person import PersonWindow
from resettle.ui.person.programmes_model import ProgrammesModel
from resettle.ui.person.programmes_tab import ProgrammeEntryDialog, ProgrammesTab
from tests.ui.person.support import choose, saved_record, submit

TODAY = clock.today()


def _view(entry_id: int, supersedes: int | None = None, **change: Any) -> ProgrammeHistoryView:
    entry = {
        "programme_code": "KAIZEN",
        "programme_name": "Kaizen",
        "setting": "custody",
        "location": "HMP Leeds",
        "started_on": dt.date(2026, 1, 5),
        "ended_on": dt.date(2026, 4, 30),
        "outcome": "complete",
        **change,
    }
    return ProgrammeHistoryView(
        id=entry_id,
        entry=ProgrammeHistoryEntry.model_validate(entry),
        source=EntrySource.RECORDED,
        recorded_by="Test Officer",
        recorded_at=dt.datetime(2026, 5, 1, 9, 0, tzinfo=dt.UTC),
        supersedes_id=supersedes,
    )


def test_the_table_shows_every_entry_and_marks_corrections(qapp) -> None:  # type: ignore[no-untyped-def]
    model = ProgrammesModel()
    views = with_superseded_by(
        [
            _view(1),
            _view(
                2,
                1,
                outcome="not_completed",
                reason_category="D_MOTIVATION",
                reason="D_MISSED",
            ),
            _view(
                3,
                programme_name="Becoming New Me+",
                started_on=dt.date(2025, 6, 1),
                ended_on=None,
                outcome="in_progress",
                expected_end_on=dt.date(2026, 9, 1),
            ),
        ]
    )
    model.set_entries(views)
    rows = model.display_rows()
    assert [row[0] for row in rows] == ["Becoming New Me+", "Kaizen", "Kaizen"]
    assert rows[0][4:6] == ["Expected 01 Sep 2026", "In progress"]
    assert rows[1][5:] == ["Completed", "", "Corrected later"]
    assert rows[2][5:7] == ["Not completed", "Motivation: missed"]
    assert rows[2][7].startswith("Corrects the entry of ")
    grey = model.data(model.index(1, 0), Qt.ItemDataRole.ForegroundRole)
    assert grey is not None  # superseded: greyed
    assert model.data(model.index(2, 0), Qt.ItemDataRole.ForegroundRole) is None
    assert model.data(model.index(0, 0), ROW_ROLE).id == 3


def _tab(window: PersonWindow) -> ProgrammesTab:
    tab = window.tab_of(ProgrammesTab)
    assert isinstance(tab, ProgrammesTab)
    window.show_tab(tab)
    return tab


def _type(qtbot: Any, dialog: ProgrammeEntryDialog, name: str, text: str) -> None:
    widget = dialog.form.fields[name].widget
    widget.clear()  # type: ignore[attr-defined]
    qtbot.keyClicks(widget, text)


def _date(dialog: ProgrammeEntryDialog, name: str, day: dt.date) -> None:
    """Type the date into the field, as a user would."""
    dialog.form.fields[name].widget.editor.setText(f"{day:%d/%m/%Y}")  # type: ignore[attr-defined]


def test_record_then_correct_through_the_dialogs(
    qtbot: Any, window: PersonWindow, workspace: Workspace
) -> None:
    tab = _tab(window)
    assert tab.empty.isVisible() and not tab.correct_button.isEnabled()
    before = saved_record(workspace, window.session.person_id).revisions
    dialog = tab.record_programme()
    assert isinstance(dialog, ProgrammeEntryDialog)
    assert not dialog.ok_button.isEnabled()  # nothing typed yet
    _type(qtbot, dialog, "programme_name", "Kaizen")
    _type(qtbot, dialog, "programme_code", "KAIZEN")
    choose(dialog.setting, "custody")
    choose(dialog.outcome, "complete")
    _type(qtbot, dialog, "reason_category", "D_MOTIVATION")
    # A completed programme has no reason: refused by name, OK stays off.
    assert "reason_category" in {p.field for p in dialog.form.problems}
    assert not dialog.ok_button.isEnabled()
    _type(qtbot, dialog, "reason_category", "")
    _date(dialog, "started_on", TODAY - dt.timedelta(days=200))
    _date(dialog, "ended_on", TODAY - dt.timedelta(days=300))
    assert "ended_on" in {p.field for p in dialog.form.problems}
    _date(dialog, "ended_on", TODAY - dt.timedelta(days=20))
    assert submit(qtbot, dialog)
    saved = saved_record(workspace, window.session.person_id)
    assert [v.entry.programme_name for v in saved.programmes] == ["Kaizen"]
    assert saved.revisions == before  # no part moved
    assert tab.entries.rowCount() == 1 and not tab.empty.isVisible()

    tab.table.selectRow(0)
    assert tab.correct_button.isEnabled()
    fix = tab.correct_entry()
    assert isinstance(fix, ProgrammeEntryDialog)
    assert fix.form.values()["programme_name"] == "Kaizen"  # starts from the entry
    choose(fix.outcome, "not_completed")
    assert "reason_category" in {p.field for p in fix.form.problems}
    _type(qtbot, fix, "reason_category", "D_OPERATIONAL")
    assert submit(qtbot, fix)
    views = saved_record(workspace, window.session.person_id).programmes
    assert [v.entry.outcome for v in views] == [
        CompletionOutcome.COMPLETE,
        CompletionOutcome.NOT_COMPLETED,
    ]
    assert views[1].supersedes_id == views[0].id
    assert tab.entries.rowCount() == 2
    # The superseded entry cannot be corrected again.
    for row in range(2):
        tab.table.selectRow(row)
        chosen = tab.selected()
        assert chosen is not None
        assert tab.correct_button.isEnabled() is chosen.current


def test_a_withdrawn_entry_is_greyed_and_only_a_correction_offers_withdrawn(
    qtbot: Any, window: PersonWindow, workspace: Workspace
) -> None:
    """An entry recorded in error is withdrawn by a correction: the choice is offered only
    when correcting; the withdrawn entry shows greyed, in words, as no programme."""
    model = ProgrammesModel()
    model.set_entries(
        with_superseded_by([_view(1), _view(2, 1, outcome="withdrawn", ended_on=None)])
    )
    rows = model.display_rows()
    assert rows[1][5] == "Withdrawn (no longer holds)"
    for row in range(2):  # superseded, and withdrawn: both greyed
        assert model.data(model.index(row, 0), Qt.ItemDataRole.ForegroundRole) is not None
    tab = _tab(window)
    dialog = tab.record_programme()
    assert dialog is not None
    assert dialog.outcome.findData(CompletionOutcome.WITHDRAWN.value) == -1
    dialog.reject()
    dialog = tab.record_programme()
    assert dialog is not None
    _type(qtbot, dialog, "programme_name", "Kaizen")
    _type(qtbot, dialog, "programme_code", "KAIZEN")
    choose(dialog.setting, "custody")
    choose(dialog.outcome, "in_progress")
    assert submit(qtbot, dialog)
    tab.table.selectRow(0)
    fix = tab.correct_entry()
    assert fix is not None
    choose(fix.outcome, CompletionOutcome.WITHDRAWN.value)
    assert submit(qtbot, fix)
    views = saved_record(workspace, window.session.person_id).programmes
    assert [v.entry.outcome for v in views] == [
        CompletionOutcome.IN_PROGRESS,
        CompletionOutcome.WITHDRAWN,
    ]
    assert [v.standing for v in views] == [False, False]
