"""Background work in tests: waiting for it, and the thread-leak check (after napari's conftest).

A test that ends while one of its open windows still waits for a background operation fails
(see ``conftest.py``); work whose window was closed is waited for, since the database it works
on is torn down next. Tests that start operations wait for them with
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

    A leak is an operation that an open window was still waiting for when the test ended (the
    test returned before the result it started reached the screen), or work still running
    ``wait_ms`` later. An operation whose window was closed (pytest-qt closes the test's
    windows before fixtures are torn down) has let its callbacks go: it only has to finish,
    and is waited for here rather than failed, since how soon a window's first load ends
    after the test's last check is the scheduler's business, not the test's.
    """
    if "resettle.ui.worker" not in sys.modules:
        return ""  # the worker never loaded in this run: nothing can be running
    from PySide6.QtCore import QCoreApplication, QThreadPool

    from resettle.ui.worker import operations_for_open_windows, pending_operations

    awaited = operations_for_open_windows()
    finished = QThreadPool.globalInstance().waitForDone(wait_ms)
    # The finished operations' outcomes are queued for the UI thread: hand them over, so the
    # closed windows' deliveries end and the next test starts with none pending.
    QCoreApplication.sendPostedEvents()
    if awaited == 0 and finished:
        return ""
    left = max(awaited, pending_operations())
    return (
        f"The test left {left} background operation(s) unfinished when it ended"
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
