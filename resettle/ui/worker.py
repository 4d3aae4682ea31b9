"""Long work off the UI thread: one small helper (after Anki's aqt.operations).

``run_in_background(owner, work, on_success)`` runs ``work(job)`` on the global thread pool.
``job.progress(done, total)`` reports progress; ``job.check_cancelled()`` raises
:class:`Cancelled` once the user pressed Cancel. Results and failures arrive on the UI thread
through one long-lived signals object; failures show a message unless ``on_failure`` is given.
A storage exception reaches either as its domain error ("The database is busy, ..."); an
unexpected exception is logged with its traceback and shown as a short message naming the log.

No operation outlives the window that started it. When the owner's window is closed or the
owner is destroyed, the operation is cancelled and its callbacks are let go: a result that
arrives afterwards is dropped, and a failure is written to the log (its kind only, never its
text, which may quote a record) instead of opening a dialog over a window that is gone.
"""

from __future__ import annotations

import itertools
import logging
import threading
from collections.abc import Callable
from typing import Any

import shiboken6
from PySide6.QtCore import QEvent, QObject, QRunnable, Qt, QThreadPool, Signal, Slot
from PySide6.QtWidgets import QProgressDialog, QWidget

from resettle.services.storage_errors import translated
from resettle.ui.common.account_refusals import divert
from resettle.ui.failures import failure_text, show_failure_box

log = logging.getLogger(__name__)


class Cancelled(Exception):
    """Raised inside background work when the user cancelled it."""


class Job:
    """Handed to the background function: report progress, honour cancellation."""

    def __init__(self, operation_id: int, outcomes: _Outcomes) -> None:
        self.operation_id = operation_id
        self._outcomes = outcomes
        self._cancel = threading.Event()

    def progress(self, done: int, total: int) -> None:
        self._outcomes.progress.emit(self.operation_id, done, total)

    def cancel(self) -> None:
        self._cancel.set()

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def check_cancelled(self) -> None:
        if self._cancel.is_set():
            raise Cancelled()


class _Outcomes(QObject):
    """The one object background threads signal through, created on the UI thread and kept for
    the life of the application. Each signal carries its operation's id; the UI thread hands
    it to that operation's delivery.

    A QObject per operation, owned by its runnable, would be freed by the worker thread when
    the pool drops the runnable, racing the UI thread handling its last signal (a crash seen
    under load); this one is never freed while work can run.
    """

    finished = Signal(int, object)
    failed = Signal(int, object)
    cancelled = Signal(int)
    progress = Signal(int, int, int)

    def __init__(self) -> None:
        super().__init__()
        self.deliveries: dict[int, _Delivery] = {}
        self._next_id = itertools.count(1)
        queued = Qt.ConnectionType.QueuedConnection
        self.finished.connect(self._finished, queued)
        self.failed.connect(self._failed, queued)
        self.cancelled.connect(self._cancelled, queued)
        self.progress.connect(self._progressed, queued)

    def new_id(self) -> int:
        return next(self._next_id)

    @Slot(int, object)
    def _finished(self, operation_id: int, result: Any) -> None:
        delivery = self.deliveries.pop(operation_id, None)
        if delivery is not None:
            delivery.succeeded(result)

    @Slot(int, object)
    def _failed(self, operation_id: int, error: Exception) -> None:
        delivery = self.deliveries.pop(operation_id, None)
        if delivery is not None:
            delivery.failed(error)

    @Slot(int)
    def _cancelled(self, operation_id: int) -> None:
        delivery = self.deliveries.pop(operation_id, None)
        if delivery is not None:
            delivery.stopped()

    @Slot(int, int, int)
    def _progressed(self, operation_id: int, done: int, total: int) -> None:
        delivery = self.deliveries.get(operation_id)
        if delivery is not None:
            delivery.progressed(done, total)


class BackgroundOperation(QRunnable):
    def __init__(self, work: Callable[[Job], Any], job: Job, outcomes: _Outcomes) -> None:
        super().__init__()
        self.setAutoDelete(True)
        self.job = job
        self._outcomes = outcomes
        self._work = work

    def run(self) -> None:
        operation_id = self.job.operation_id
        try:
            result = self._work(self.job)
        except Cancelled:
            self._outcomes.cancelled.emit(operation_id)
        except Exception as error:  # reported to the user on the UI thread
            self._outcomes.failed.emit(operation_id, error)
        else:
            self._outcomes.finished.emit(operation_id, result)


class _Delivery(QObject):
    """Hands one operation's outcome to its callbacks, on the UI thread, while its owner lives.

    It watches the owner's window: a close (a hide that the program asked for, not a minimise)
    or the owner's destruction cancels the job and lets the callbacks go.
    """

    def __init__(
        self,
        owner: QWidget,
        job: Job,
        on_success: Callable[[Any], None],
        on_failure: Callable[[Exception], None] | None,
        dialog: QProgressDialog | None,
        on_cancelled: Callable[[], None] | None = None,
    ) -> None:
        super().__init__()
        self._owner: QWidget | None = owner
        self._window: QWidget | None = owner.window()
        self._job = job
        self._on_success: Callable[[Any], None] | None = on_success
        self._on_failure = on_failure
        self._on_cancelled = on_cancelled
        self._dialog = dialog
        self.description = type(owner).__name__
        owner.destroyed.connect(self.let_go)
        if self._window is not None:
            self._window.installEventFilter(self)

    @property
    def attached(self) -> bool:
        return self._owner is not None and shiboken6.isValid(self._owner)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self._window and event.type() == QEvent.Type.Hide and not event.spontaneous():
            self.let_go()
        return False

    @Slot()
    def let_go(self) -> None:
        """The owner's window closed or the owner is gone: cancel and drop the callbacks."""
        if self._owner is None:
            return
        self._job.cancel()
        self._close_progress()
        if self._window is not None and shiboken6.isValid(self._window):
            self._window.removeEventFilter(self)
        self._owner = None
        self._window = None
        self._on_success = None
        self._on_failure = None
        self._on_cancelled = None

    @Slot(object)
    def succeeded(self, result: Any) -> None:
        callback = self._on_success if self.attached else None
        self._end()
        if callback is not None:
            callback(result)
        else:
            log.info("background result for a closed %s dropped", self.description)

    @Slot(object)
    def failed(self, error: Exception) -> None:
        owner = self._owner if self.attached else None
        callback = self._on_failure
        self._end()
        if owner is None:
            # The error's text may quote what a user typed: its kind only.
            log.warning(
                "background operation of a closed %s failed: %s",
                self.description,
                type(error).__name__,
            )
        elif callback is not None:
            callback(translated(error, "background operation"))
        else:
            show_failure(owner, translated(error, "background operation"))

    @Slot()
    def stopped(self) -> None:
        callback = self._on_cancelled if self.attached else None
        self._end()
        if callback is not None:
            callback()

    @Slot(int, int)
    def progressed(self, done: int, total: int) -> None:
        if self._dialog is not None and shiboken6.isValid(self._dialog):
            self._dialog.setMaximum(max(total, 1))
            self._dialog.setValue(done)

    def _close_progress(self) -> None:
        dialog, self._dialog = self._dialog, None
        if dialog is not None and shiboken6.isValid(dialog):
            dialog.reset()
            dialog.deleteLater()

    def _end(self) -> None:
        self._close_progress()
        if self._window is not None and shiboken6.isValid(self._window):
            self._window.removeEventFilter(self)
        self._owner = self._window = None
        self.deleteLater()


_outcomes: _Outcomes | None = None


def _the_outcomes() -> _Outcomes:
    """The application's one outcomes object, made on first use (always on the UI thread)."""
    global _outcomes
    if _outcomes is None:
        _outcomes = _Outcomes()
    return _outcomes


def pending_operations() -> int:
    """How many operations have not yet reported back (tests wait for this to reach 0)."""
    return len(_outcomes.deliveries) if _outcomes is not None else 0


def operations_for_open_windows() -> int:
    """How many operations not yet reported back still have an open window waiting for them
    (an operation whose window closed has let its callbacks go and only has to finish)."""
    if _outcomes is None:
        return 0
    return sum(1 for delivery in _outcomes.deliveries.values() if delivery.attached)


def run_in_background(
    owner: QWidget,
    work: Callable[[Job], Any],
    on_success: Callable[[Any], None],
    *,
    on_failure: Callable[[Exception], None] | None = None,
    progress_label: str | None = None,
    cancellable: bool = False,
    on_cancelled: Callable[[], None] | None = None,
) -> Job:
    """Run ``work`` off the UI thread for ``owner``; the outcome reaches it while it is open
    (``on_cancelled`` when the user stopped it and the owner is still open)."""
    outcomes = _the_outcomes()
    job = Job(outcomes.new_id(), outcomes)
    dialog = _progress_dialog(owner, progress_label, cancellable, job)
    outcomes.deliveries[job.operation_id] = _Delivery(
        owner, job, on_success, on_failure, dialog, on_cancelled
    )
    QThreadPool.globalInstance().start(BackgroundOperation(work, job, outcomes))
    return job


def show_failure(owner: QWidget, error: Exception) -> None:
    """The default failure message: window-modal, without a nested event loop. A domain error
    shows its message; anything else is logged with its traceback and shown as a short
    message naming the log file, never its text. A refusal of the account itself (disabled,
    or its password to change) goes to the app instead (``account_refusals.py``)."""
    if divert(error):
        return
    show_failure_box(owner, failure_text(error, "background operation"))


def wait_for_background_work(timeout_ms: int) -> bool:
    """Block until no background operation is running (at shut-down); False on time-out."""
    return QThreadPool.globalInstance().waitForDone(timeout_ms)


def _progress_dialog(
    owner: QWidget, label: str | None, cancellable: bool, job: Job
) -> QProgressDialog | None:
    if label is None:
        return None
    dialog = QProgressDialog(label, owner.tr("Cancel"), 0, 0, owner)
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    dialog.setMinimumDuration(300)
    dialog.setAutoClose(False)
    dialog.setAutoReset(False)
    if cancellable:
        dialog.canceled.connect(job.cancel)
    else:
        dialog.setCancelButton(None)
    return dialog
