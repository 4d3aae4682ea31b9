"""Long work off the UI thread: one small helper (after Anki's aqt.operations).

``run_in_background(parent, work, on_success)`` runs ``work(job)`` on the global thread pool.
``job.progress(done, total)`` reports progress; ``job.check_cancelled()`` raises
:class:`Cancelled` once the user pressed Cancel. Results and failures arrive on the UI thread
through a separate signals object; failures show a dialog unless ``on_failure`` is given.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, Signal
from PySide6.QtWidgets import QMessageBox, QProgressDialog, QWidget


class Cancelled(Exception):
    """Raised inside background work when the user cancelled it."""


class Job:
    """Handed to the background function: report progress, honour cancellation."""

    def __init__(self, signals: WorkerSignals) -> None:
        self._signals = signals
        self._cancel = threading.Event()

    def progress(self, done: int, total: int) -> None:
        self._signals.progress.emit(done, total)

    def cancel(self) -> None:
        self._cancel.set()

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def check_cancelled(self) -> None:
        if self._cancel.is_set():
            raise Cancelled()


class WorkerSignals(QObject):
    finished = Signal(object)
    failed = Signal(object)
    cancelled = Signal()
    progress = Signal(int, int)


class BackgroundOperation(QRunnable):
    def __init__(self, work: Callable[[Job], Any]) -> None:
        super().__init__()
        self.setAutoDelete(True)
        self.signals = WorkerSignals()
        self.job = Job(self.signals)
        self._work = work

    def run(self) -> None:
        try:
            result = self._work(self.job)
        except Cancelled:
            self.signals.cancelled.emit()
        except Exception as error:  # reported to the user on the UI thread
            self.signals.failed.emit(error)
        else:
            self.signals.finished.emit(result)


_running: set[WorkerSignals] = set()


def run_in_background(
    parent: QWidget | None,
    work: Callable[[Job], Any],
    on_success: Callable[[Any], None],
    *,
    on_failure: Callable[[Exception], None] | None = None,
    progress_label: str | None = None,
    cancellable: bool = False,
) -> Job:
    operation = BackgroundOperation(work)
    signals = operation.signals
    _running.add(signals)
    dialog = _progress_dialog(parent, progress_label, cancellable, operation.job)
    if dialog is not None:
        signals.progress.connect(lambda done, total: _show_progress(dialog, done, total))

    def finish() -> None:
        _running.discard(signals)
        if dialog is not None:
            dialog.reset()
            dialog.deleteLater()

    def succeeded(result: Any) -> None:
        finish()
        on_success(result)

    def failed(error: Exception) -> None:
        finish()
        if on_failure is not None:
            on_failure(error)
        else:
            QMessageBox.warning(parent, parent.tr("Resettle") if parent else "Resettle", str(error))

    signals.finished.connect(succeeded, Qt.ConnectionType.QueuedConnection)
    signals.failed.connect(failed, Qt.ConnectionType.QueuedConnection)
    signals.cancelled.connect(finish, Qt.ConnectionType.QueuedConnection)
    QThreadPool.globalInstance().start(operation)
    return operation.job


def _progress_dialog(
    parent: QWidget | None, label: str | None, cancellable: bool, job: Job
) -> QProgressDialog | None:
    if label is None:
        return None
    dialog = QProgressDialog(label, parent.tr("Cancel") if parent else "Cancel", 0, 0, parent)
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    dialog.setMinimumDuration(300)
    dialog.setAutoClose(False)
    dialog.setAutoReset(False)
    if cancellable:
        dialog.canceled.connect(job.cancel)
    else:
        dialog.setCancelButton(None)
    return dialog


def _show_progress(dialog: QProgressDialog, done: int, total: int) -> None:
    dialog.setMaximum(max(total, 1))
    dialog.setValue(done)
