"""Background work in tests: waiting for it, and the thread-leak check (after napari's conftest).

A test that leaves a background operation running after it ends fails (see ``conftest.py``):
the database it works on is torn down next. Tests that start operations wait for them with
:func:`wait_for_background`.
"""

from __future__ import annotations

import sys
import threading
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from resettle.ui.worker import Job

LEAK_WAIT_MS = 10_000


def wait_for_background(qtbot: Any, timeout: int = 10_000) -> None:
    """Wait until every background operation has reported back to its window (or was dropped)
    and its thread has returned to the pool (an operation reports before its thread is free).

    Events are processed first, so work a window schedules with a zero timer has started.
    """
    from PySide6.QtCore import QThreadPool
    from PySide6.QtWidgets import QApplication

    from resettle.ui.worker import pending_operations

    QApplication.processEvents()
    pool = QThreadPool.globalInstance()
    qtbot.waitUntil(
        lambda: pending_operations() == 0 and pool.activeThreadCount() == 0, timeout=timeout
    )


def background_work_left_running(wait_ms: int = LEAK_WAIT_MS) -> str:
    """Say what background work the test left unfinished ("" when none), after waiting for
    any still running so that nothing works on a database being torn down.

    An operation counts as left running until it has reported back (or been dropped because
    its window closed); a worker thread returning just after it reported back does not count.
    """
    if "resettle.ui.worker" not in sys.modules:
        return ""  # the worker never loaded in this run: nothing can be running
    from PySide6.QtCore import QThreadPool

    from resettle.ui.worker import pending_operations

    pending = pending_operations()
    finished = QThreadPool.globalInstance().waitForDone(wait_ms)
    if pending == 0 and finished:
        return ""
    return (
        f"The test left {pending} background operation(s) unfinished when it ended"
        + ("" if finished else f", still running {wait_ms // 1000} s later")
        + ": wait for them (tests/background.py) before the test returns."
    )


class Gate:
    """Background work that blocks until released, then fails or returns."""

    def __init__(self, error: Exception | None = None) -> None:
        self.started = threading.Event()
        self.release = threading.Event()
        self.error = error

    def __call__(self, job: Job) -> str:
        self.started.set()
        assert self.release.wait(10), "the test never released the work"
        if self.error is not None:
            raise self.error
        return "done"
