"""What the user sees, and the log keeps, when something fails on or off the UI thread."""

from __future__ import annotations

import sqlite3
import sys
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget
from sqlalchemy.exc import OperationalError

from resettle.domain.errors import NotFound
from resettle.logging_setup import configure_logging
from resettle.ui.failures import install_excepthook
from resettle.ui.worker import run_in_background
from tests.background import wait_for_background

SECRET = "Zoë Ní Bhriain"  # stands for personal data in an error's text


@pytest.fixture
def log_path(tmp_path: Path) -> Path:
    path = tmp_path / "logs" / "resettle.log"
    configure_logging(path)  # the autouse fixture in conftest.py stops it
    return path


def _fail_in_background(qtbot: Any, owner: QWidget, error: Exception) -> str:
    def work(_job: Any) -> None:
        raise error

    run_in_background(owner, work, lambda _result: None)
    wait_for_background(qtbot)
    [box] = owner.findChildren(QMessageBox)
    text = box.text()
    box.close()
    return text


def test_an_unexpected_background_failure_is_logged_and_named_briefly(  # type: ignore[no-untyped-def]
    qtbot, owner: QWidget, log_path: Path
) -> None:
    text = _fail_in_background(qtbot, owner, RuntimeError(SECRET))
    assert text == f"Something went wrong. The details are in {log_path}."
    logged = log_path.read_text(encoding="utf-8")
    assert "background operation failed unexpectedly: RuntimeError" in logged
    assert "Traceback (most recent call last)" in logged and "in work" in logged


def test_a_refusal_in_the_background_is_shown_and_logged_by_code_only(  # type: ignore[no-untyped-def]
    qtbot, owner: QWidget, log_path: Path
) -> None:
    message = f"There is no version 3 of {SECRET}'s plan."
    assert _fail_in_background(qtbot, owner, NotFound(message)) == message
    logged = log_path.read_text(encoding="utf-8")
    assert "background operation refused: record.not_found" in logged
    assert SECRET not in logged


def test_a_file_not_written_in_the_background_names_it_and_logs_no_path(  # type: ignore[no-untyped-def]
    qtbot, owner: QWidget, log_path: Path, tmp_path: Path
) -> None:
    import errno

    from resettle.private_files import FileNotWritten

    target = tmp_path / f"{SECRET}.pdf"
    error = FileNotWritten(target, OSError(errno.ENOSPC, "No space left on device"))
    text = _fail_in_background(qtbot, owner, error)
    assert text == f"The file {target} could not be written: the disk is full"
    logged = log_path.read_text(encoding="utf-8")
    assert f"a file could not be written (errno {errno.ENOSPC})" in logged
    assert SECRET not in logged


def test_a_storage_failure_in_the_background_gets_its_message(  # type: ignore[no-untyped-def]
    qtbot, owner: QWidget, log_path: Path
) -> None:
    locked = sqlite3.OperationalError(f"database is locked near {SECRET}")
    locked.sqlite_errorcode = 5  # type: ignore[attr-defined]
    error = OperationalError("UPDATE people SET family_name=?", (SECRET,), locked)
    assert _fail_in_background(qtbot, owner, error) == (
        "The database is busy, try again in a moment."
    )
    logged = log_path.read_text(encoding="utf-8")
    assert "background operation failed: storage.busy (OperationalError" in logged
    assert SECRET not in logged


def test_an_exception_escaping_a_slot_is_logged_and_shown_briefly(  # type: ignore[no-untyped-def]
    qtbot, owner: QWidget, log_path: Path
) -> None:
    def slot() -> None:
        raise ValueError(SECRET)

    # Only the box this test's exception opens: a window of an earlier test in this process
    # (which one depends on the order a pytest-xdist worker was given) may leave one showing.
    earlier = _boxes()

    def new_boxes() -> list[QMessageBox]:
        return [box for box in _boxes() if not any(box is seen for seen in earlier)]

    previous = install_excepthook()
    try:
        QTimer.singleShot(0, slot)
        qtbot.waitUntil(lambda: new_boxes() != [])
    finally:
        sys.excepthook = previous
    [box] = new_boxes()
    assert box.text() == f"Something went wrong. The details are in {log_path}."
    box.close()
    logged = log_path.read_text(encoding="utf-8")
    assert "user action failed unexpectedly: ValueError" in logged and "in slot" in logged


def _boxes() -> list[QMessageBox]:
    shown = QApplication.topLevelWidgets()
    return [w for w in shown if isinstance(w, QMessageBox) and w.isVisible()]
