"""Background work in tests: waiting for it, and the thread-leak check (after napari's conftest).

A test that leaves a background operation running after it ends fails (see ``conftest.py``):
the database it works on is torn down next. Tests that start operations wait for them with
:func:`wait_for_background`.
"""

from __future__ import annotations

import sys
from typing import Any

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
    """Wait for background work still running; say what was left running ("" when none)."""
    if "PySide6.QtCore" not in sys.modules:
        return ""  # Qt never loaded in this run: nothing can be running in the background
    from PySide6.QtCore import QThreadPool

    pool = QThreadPool.globalInstance()
    running = pool.activeThreadCount()
    if running == 0:
        return ""
    finished = pool.waitForDone(wait_ms)
    return (
        f"The test left {running} background operation(s) running after it ended"
        + ("" if finished else f", still running {wait_ms // 1000} s later")
        + ": wait for them (tests/background.py) before the test returns."
    )
