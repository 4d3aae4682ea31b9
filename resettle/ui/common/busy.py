"""A busy indicator for one window: "Working…" and a busy cursor, only when work is slow.

Work that ends within 200 ms shows nothing (no flicker); longer work shows the indicator
until its result or failure arrives. Several operations may overlap: the indicator stays
until the last one reports back. Work goes through :func:`resettle.ui.worker.run_in_background`
as usual (:meth:`BusyIndicator.run`), so it still never outlives its window; an operation
dropped because its window closed leaves nothing to hide.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtWidgets import QApplication, QLabel, QWidget

from resettle.ui import worker
from resettle.ui.worker import Job

BUSY_DELAY_MS = 200


class BusyIndicator(QObject):
    """Shows that ``window`` is working once work has run ``delay_ms``; put :attr:`label`
    in the window's status bar."""

    def __init__(self, window: QWidget, delay_ms: int = BUSY_DELAY_MS) -> None:
        super().__init__(window)
        self._window = window
        self._running = 0
        self.label = QLabel(self.tr("Working…"))
        self.label.setAccessibleName(self.tr("Working"))
        self.label.hide()
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(delay_ms)
        self._timer.timeout.connect(self._show)

    @property
    def window(self) -> QWidget:
        """The window the work runs for."""
        return self._window

    @property
    def shown(self) -> bool:
        return not self.label.isHidden()

    def run(
        self,
        work: Callable[[Job], Any],
        on_success: Callable[[Any], None],
        *,
        on_failure: Callable[[Exception], None] | None = None,
    ) -> Job:
        """``run_in_background`` for this window, with the indicator while the work runs."""
        self._begin()

        def succeeded(result: Any) -> None:
            self._end()
            on_success(result)

        def failed(error: Exception) -> None:
            self._end()
            if on_failure is not None:
                on_failure(error)
            else:
                worker.show_failure(self._window, error)

        return worker.run_in_background(self._window, work, succeeded, on_failure=failed)

    def _begin(self) -> None:
        self._running += 1
        if self._running == 1:
            self._timer.start()

    def _end(self) -> None:
        self._running = max(0, self._running - 1)
        if self._running == 0:
            self._timer.stop()
            self.label.hide()
            self._window.unsetCursor()

    def _show(self) -> None:
        self.label.show()
        self._window.setCursor(Qt.CursorShape.BusyCursor)


class InputHold(QObject):
    """While held, the user's clicks, keys and wheel turns in ``window`` are swallowed, so
    nothing can be edited while a save of those edits runs. Nothing changes on screen (no
    greyed-out flicker for a save of a few milliseconds); the busy indicator shows slow work."""

    _INPUT = frozenset(
        {
            QEvent.Type.MouseButtonPress,
            QEvent.Type.MouseButtonRelease,
            QEvent.Type.MouseButtonDblClick,
            QEvent.Type.KeyPress,
            QEvent.Type.KeyRelease,
            QEvent.Type.Wheel,
            QEvent.Type.ShortcutOverride,
        }
    )

    def __init__(self, window: QWidget) -> None:
        super().__init__(window)
        self._window = window
        self._held = False

    @property
    def held(self) -> bool:
        return self._held

    def set_held(self, held: bool) -> None:
        if held == self._held:
            return
        self._held = held
        app = QApplication.instance()
        if app is None:
            return
        if held:
            app.installEventFilter(self)
        else:
            app.removeEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            event.type() in self._INPUT
            and isinstance(watched, QWidget)
            and watched.window() is self._window
        ):
            return True
        return super().eventFilter(watched, event)


__all__ = ["BUSY_DELAY_MS", "BusyIndicator", "InputHold"]
