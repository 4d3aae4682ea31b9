"""Batch printing: whose plans, where, progress in the background, Cancel, and the summary."""

from __future__ import annotations

import dataclasses
from concurrent.futures import Future, ThreadPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from resettle.domain.disclosure import Justification
from resettle.domain.read_only_opening import ReadOnlyBecause
from resettle.domain.staff import Role
from resettle.services.plans import printing
from resettle.services.workspace import Workspace
from resettle.ui.plan import batch_dialog
from resettle.ui.plan.batch_dialog import BatchOutcome, BatchPrintDialog, open_batch_print
from tests.disclosures import FOR_THE_PERSON
from tests.factories import actor
from tests.ui.plan.support import register, with_plan

TIMEOUT = 120_000
pytestmark = pytest.mark.usefixtures("renders_in_a_thread")


@pytest.fixture
def people(workspace: Workspace) -> list[int]:
    """Three people with plans and one without."""
    ids = []
    for number in range(4):
        person_id = register(workspace, number, given_name=f"Person{number}")
        if number < 3:
            with_plan(workspace, person_id)
        ids.append(person_id)
    return ids


def _dialog(qtbot, workspace: Workspace, folder: Path) -> BatchPrintDialog:  # type: ignore[no-untyped-def]
    dialog = BatchPrintDialog(workspace)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.folder.setText(str(folder))
    return dialog


def test_prints_my_caseload_and_lists_who_was_skipped(qtbot, workspace, people, tmp_path) -> None:  # type: ignore[no-untyped-def]
    folder = tmp_path / "plans"
    dialog = _dialog(qtbot, workspace, folder)
    assert dialog.who_count.text() == "4 people chosen."
    assert dialog.print_button.text() == "&Print 4 plan(s)"
    asked = dialog.ask_reason()
    assert asked is not None and asked.justification.value() is None  # the officer's copy
    qtbot.mouseClick(asked.ok_button, Qt.MouseButton.LeftButton)
    assert asked.problems["justification"].text().startswith("Justification:")
    asked.justification.set_value(Justification.MAPPA_MEETING)
    asked.recipient.setText("MAPPA panel")
    with qtbot.waitSignal(dialog.finished_batch, timeout=TIMEOUT) as finished:
        qtbot.mouseClick(asked.ok_button, Qt.MouseButton.LeftButton)
    outcome = finished.args[0]
    assert isinstance(outcome, BatchOutcome)
    assert len(outcome.result.written) == 3 and not outcome.result.cancelled
    assert sorted(p.name for p in folder.iterdir()) == [
        f"plan-A{1234 + n}BC-officer.pdf" for n in range(3)
    ]
    assert all(p.read_bytes().startswith(b"%PDF") for p in folder.iterdir())
    assert dialog.result_headline.text().startswith("3 of 4 plan(s) written into")
    assert "1 not printed" in dialog.result_headline.text()
    assert dialog.skipped.display_rows() == [
        [
            "Person3 Ní Bhriain (A1237BC) has no plan yet. "
            "Add actions first, or print a plan that says it has none."
        ]
    ]
    assert dialog.open_folder.isVisibleTo(dialog)
    with workspace.uow() as uow:
        rows = [r for r in uow.audit.latest(50) if r.action == "plan.printed"]
        printed = [dict(r.details) for r in rows]
        recipients = {
            note.recipient
            for r in rows
            if r.person_id is not None
            for note in uow.disclosure_notes.by_id(r.person_id, [r.details["note_id"]]).values()
        }
    assert len(printed) == 3  # one note per person printed
    assert {(d["justification"], d["batch"]) for d in printed} == {("mappa_meeting", True)}
    assert recipients == {"MAPPA panel"} and len({d["note_id"] for d in printed}) == 3


def test_cancel_stops_part_way(qtbot, workspace, people, tmp_path) -> None:  # type: ignore[no-untyped-def]
    folder = tmp_path / "plans"
    dialog = _dialog(qtbot, workspace, folder)
    dialog.everyone.setChecked(True)
    dialog.limit.setValue(3)
    qtbot.waitUntil(lambda: dialog.who_count.text().startswith("3 of 4 people chosen"))
    asked = []

    def stop_after_two() -> bool:
        asked.append(True)
        return len(asked) > 2

    with qtbot.waitSignal(dialog.finished_batch, timeout=TIMEOUT) as finished:
        dialog.print_now(FOR_THE_PERSON, stop_when=stop_after_two)
    result = finished.args[0].result
    assert result.cancelled and len(result.written) == 2
    assert len(list(folder.glob("*.pdf"))) == 2
    assert dialog.result_headline.text().startswith("Stopped: 2 of 3 plan(s) written")


def test_search_chooses_the_people_matching(qtbot, workspace, people, tmp_path) -> None:  # type: ignore[no-untyped-def]
    dialog = _dialog(qtbot, workspace, tmp_path / "plans")
    qtbot.keyClicks(dialog.search, "A1236BC")
    assert dialog.matching.isChecked()
    qtbot.waitUntil(lambda: dialog.who_count.text() == "1 person chosen.")
    dialog.copy.set_value(dialog.copy.values()[1])
    dialog.large_print.setChecked(True)
    asked = dialog.ask_reason()
    assert asked is not None
    assert asked.justification.value() is Justification.PLAN_FOR_PERSON  # the person's copy
    with qtbot.waitSignal(dialog.finished_batch, timeout=TIMEOUT) as finished:
        asked.submit()
    assert [p.name for p in finished.args[0].result.written] == ["plan-A1236BC-person.pdf"]
    # Changing the copy recounts 250 ms later; a fast batch ends first. Let the count run
    # now, not after the test's database has gone.
    qtbot.waitUntil(lambda: not dialog._count_timer.isActive())


def test_roles_that_cannot_print_are_told_so(qtbot, workspace, answers) -> None:  # type: ignore[no-untyped-def]
    prison = Workspace(database=workspace.database, actor=actor(Role.PRISON_STAFF))
    open_batch_print(None, prison)
    (message,) = answers.said("show_error")
    assert "Prison staff accounts cannot print plans." in message[0]


def test_open_batch_print_opens_the_dialog(qtbot, workspace, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    opened: list[BatchPrintDialog] = []
    monkeypatch.setattr(batch_dialog.BatchPrintDialog, "open", lambda self: opened.append(self))
    open_batch_print(None, workspace)
    assert len(opened) == 1
    qtbot.addWidget(opened[0])


def test_plans_already_in_the_folder_are_kept_unless_replace_is_ticked(
    qtbot, workspace, people, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    """A file of the same name (an earlier batch's) is never replaced unasked: that plan is
    listed as not printed; ticking Replace replaces it."""
    folder = tmp_path / "plans"
    folder.mkdir()
    earlier = folder / "plan-A1234BC-officer.pdf"
    earlier.write_bytes(b"an earlier plan")
    dialog = _dialog(qtbot, workspace, folder)
    assert not dialog.replace.isChecked()
    with qtbot.waitSignal(dialog.finished_batch, timeout=TIMEOUT) as finished:
        dialog.print_now(FOR_THE_PERSON)
    result = finished.args[0].result
    assert len(result.written) == 2 and earlier.read_bytes() == b"an earlier plan"
    assert any(
        row[0].endswith("plan-A1234BC-officer.pdf is already in the folder (kept).")
        for row in dialog.skipped.display_rows()
    )
    dialog.replace.setChecked(True)
    with qtbot.waitSignal(dialog.finished_batch, timeout=TIMEOUT) as finished:
        dialog.print_now(FOR_THE_PERSON)
    assert len(finished.args[0].result.written) == 3
    assert earlier.read_bytes().startswith(b"%PDF")


def test_a_read_only_database_is_refused_before_anything_is_printed(  # type: ignore[no-untyped-def]
    qtbot, workspace, people, tmp_path, answers, monkeypatch
) -> None:
    """User trial: every plan was rendered, then each failed naming nobody, leaving an
    empty folder."""
    read_only = dataclasses.replace(workspace, read_only_because=ReadOnlyBecause.READ_ONLY)
    opened: list[BatchPrintDialog] = []
    monkeypatch.setattr(batch_dialog.BatchPrintDialog, "open", lambda self: opened.append(self))
    open_batch_print(None, read_only)
    assert opened == []
    (message,) = answers.said("show_error")
    assert "the database can only be read" in message[0] and "Nothing was printed" in message[0]
    folder = tmp_path / "plans"
    dialog = _dialog(qtbot, read_only, folder)
    assert dialog.ask_reason() is None
    assert dialog.print_now(FOR_THE_PERSON) is None
    assert len(answers.said("show_error")) == 3
    assert not folder.exists()


class _BrokenPool(ThreadPoolExecutor):
    """A render process that died: every render fails as a broken pool does."""

    def __init__(self, max_workers: int | None = None, mp_context: object = None) -> None:
        super().__init__(max_workers=1)

    def submit(self, fn, /, *args, **kwargs):  # type: ignore[no-untyped-def, override]
        future: Future[bytes] = Future()
        future.set_exception(
            BrokenProcessPool("A process in the process pool was terminated abruptly")
        )
        return future


def test_a_printing_process_that_ends_is_said_plainly(  # type: ignore[no-untyped-def]
    qtbot, workspace, people, tmp_path, monkeypatch
) -> None:
    monkeypatch.setattr(printing, "ProcessPoolExecutor", _BrokenPool)
    dialog = _dialog(qtbot, workspace, tmp_path / "plans")
    with qtbot.waitSignal(dialog.finished_batch, timeout=TIMEOUT) as finished:
        dialog.print_now(FOR_THE_PERSON)
    outcome = finished.args[0]
    assert outcome.result.broken and outcome.result.written == ()
    headline = dialog.result_headline.text()
    assert "Printing stopped: a printing process ended unexpectedly; nothing more was " in (
        headline
    )
    shown = " ".join(" ".join(row) for row in dialog.skipped.display_rows())
    assert "terminated abruptly" not in headline + shown
