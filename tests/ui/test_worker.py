"""Background operations never outlive the window that started them (the teardown race)."""

from __future__ import annotations

import logging
import threading
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QWidget
from sqlalchemy.exc import OperationalError

from resettle.domain.errors import DatabaseBusy
from resettle.ui import worker
from resettle.ui.worker import Job, run_in_background
from tests.background import Gate, background_work_left_running, wait_for_background

SECRET = "Note about Zoë Ní Bhriain"  # stands for personal data quoted by a storage error


@pytest.fixture
def shown_failures(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    shown: list[str] = []
    monkeypatch.setattr(worker, "show_failure", lambda owner, error: shown.append(str(error)))
    return shown


def _start(owner: QWidget, gate: Gate, results: list[Any], **options: Any) -> Job:
    job = run_in_background(owner, gate, results.append, **options)
    assert gate.started.wait(10)
    return job


def test_failure_after_its_window_closed_is_logged_not_shown(  # type: ignore[no-untyped-def]
    qtbot, owner: QWidget, shown_failures: list[str], caplog: pytest.LogCaptureFixture
) -> None:
    gate = Gate(RuntimeError(SECRET))
    results: list[Any] = []
    job = _start(owner, gate, results)
    owner.close()
    assert job.cancelled  # closing the window cancels the operation
    with caplog.at_level(logging.INFO, logger="resettle.ui.worker"):
        gate.release.set()
        wait_for_background(qtbot)
    assert shown_failures == [] and results == []
    assert "failed: RuntimeError" in caplog.text
    assert SECRET not in caplog.text  # the error's kind only, never its text


def test_failure_after_its_window_was_destroyed_is_logged_not_shown(  # type: ignore[no-untyped-def]
    qtbot, shown_failures: list[str], caplog: pytest.LogCaptureFixture
) -> None:
    window = QWidget()
    window.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    window.show()
    qtbot.waitExposed(window)
    destroyed: list[bool] = []
    window.destroyed.connect(lambda: destroyed.append(True))
    gate = Gate(RuntimeError(SECRET))
    job = _start(window, gate, [])
    window.close()
    qtbot.waitUntil(lambda: destroyed == [True])
    assert job.cancelled
    with caplog.at_level(logging.WARNING, logger="resettle.ui.worker"):
        gate.release.set()
        wait_for_background(qtbot)
    assert shown_failures == []
    assert "failed: RuntimeError" in caplog.text


def test_destroying_a_child_owner_lets_its_operation_go(  # type: ignore[no-untyped-def]
    qtbot, owner: QWidget, shown_failures: list[str]
) -> None:
    tab = QWidget(owner)
    gate = Gate(RuntimeError("lost"))
    job = _start(tab, gate, [])
    tab.deleteLater()
    qtbot.waitUntil(lambda: job.cancelled)
    gate.release.set()
    wait_for_background(qtbot)
    assert shown_failures == []


def test_result_after_its_window_closed_is_dropped(qtbot, owner: QWidget) -> None:  # type: ignore[no-untyped-def]
    gate = Gate()
    results: list[Any] = []
    _start(owner, gate, results)
    owner.close()
    gate.release.set()
    wait_for_background(qtbot)
    assert results == []


def test_result_and_failure_reach_an_open_window(  # type: ignore[no-untyped-def]
    qtbot, owner: QWidget, shown_failures: list[str]
) -> None:
    results: list[Any] = []
    gate = Gate()
    _start(owner, gate, results)
    gate.release.set()
    wait_for_background(qtbot)
    assert results == ["done"]

    failing = Gate(ValueError("The prison number must look like A1234BC."))
    _start(owner, failing, results)
    failing.release.set()
    wait_for_background(qtbot)
    assert shown_failures == ["The prison number must look like A1234BC."]


def test_minimising_the_window_keeps_the_operation(qtbot, owner: QWidget) -> None:  # type: ignore[no-untyped-def]
    gate = Gate()
    results: list[Any] = []
    job = _start(owner, gate, results)
    owner.showMinimized()
    assert not job.cancelled
    gate.release.set()
    wait_for_background(qtbot)
    assert results == ["done"]


def test_the_default_failure_message_opens_without_blocking(qtbot, owner: QWidget) -> None:  # type: ignore[no-untyped-def]
    gate = Gate(DatabaseBusy())
    _start(owner, gate, [])
    gate.release.set()
    wait_for_background(qtbot)  # would never return if the message ran its own event loop
    boxes = owner.findChildren(QMessageBox)
    assert [box.text() for box in boxes] == ["The database is busy, try again in a moment."]
    boxes[0].close()


def test_progress_dialog_closes_with_the_window(qtbot, owner: QWidget) -> None:  # type: ignore[no-untyped-def]
    gate = Gate()
    _start(owner, gate, [], progress_label="Working…", cancellable=True)
    owner.close()
    gate.release.set()
    wait_for_background(qtbot)
    qtbot.waitUntil(lambda: not owner.findChildren(worker.QProgressDialog))


def test_main_window_count_failing_after_teardown_opens_no_dialog(  # type: ignore[no-untyped-def]
    qtbot, workspace, monkeypatch: pytest.MonkeyPatch, shown_failures: list[str], caplog
) -> None:
    """The CI abort: the caseload count was still running when the test closed the window and
    dropped its database; its failure then opened a dialog over a window being destroyed."""
    from resettle.ui import caseload_count
    from resettle.ui.main_window import MainWindow

    gate = Gate()

    def count_after_the_database_is_gone(actor: Any, uow: Any, query: Any) -> int:
        gate.started.set()
        assert gate.release.wait(10)
        # What PostgreSQL says once the test's database was dropped under the query.
        raise OperationalError(
            "SELECT count(*) FROM people WHERE ...",
            {"search": SECRET},
            Exception("terminating connection due to administrator command"),
        )

    monkeypatch.setattr(caseload_count, "count_caseload", count_after_the_database_is_gone)
    main = MainWindow(workspace)
    main.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    main.show()
    qtbot.waitUntil(gate.started.is_set)
    main.close()
    workspace.close()
    with caplog.at_level(logging.WARNING, logger="resettle.ui.worker"):
        gate.release.set()
        wait_for_background(qtbot)
    assert shown_failures == []
    assert "background operation of a closed MainWindow failed: ConnectionLost" in caplog.text
    assert SECRET not in caplog.text


def test_leak_check_reports_work_left_unfinished(qtbot, owner: QWidget) -> None:  # type: ignore[no-untyped-def]
    gate = Gate()
    _start(owner, gate, [])
    threading.Timer(0.2, gate.release.set).start()
    message = background_work_left_running()
    assert "left 1 background operation(s) unfinished" in message
    wait_for_background(qtbot)
    assert background_work_left_running() == ""
