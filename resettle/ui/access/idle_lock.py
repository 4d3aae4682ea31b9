"""The app locks itself after a time without use, and only the password unlocks it.

Every key press, mouse press, mouse move and wheel turn anywhere in the app counts as use (an
event filter on the application) and starts the idle timer again. When it runs out, or on
:meth:`IdleLock.lock_now` (a "Lock" menu action), every open window of the app is covered
(:class:`~resettle.ui.access.window_cover.WindowCover`: content hidden, title without names)
and an application-modal Unlock window comes to the front.

Covering rather than hiding or minimising the windows: a window that is hidden while it runs
its own modal loop (a question box, a dialog) ends that loop as if cancelled, and minimising is
up to the window manager (and leaves the content in its previews); a covered window keeps
running exactly as it was, so its unsaved edits and open questions are there after unlocking.
The Unlock window is application-modal, so it takes the keyboard even over another modal
dialog, and no covered window can be typed into. A window that opens while locked (a
background operation's message) is covered as it appears.

Sign out emits :attr:`IdleLock.sign_out_requested` and leaves the lock in place: the app
decides what happens to the open windows, then calls :meth:`IdleLock.stop`.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal, Slot
from PySide6.QtWidgets import QApplication, QToolTip, QWidget
from shiboken6 import isValid

from resettle.ui.access.form import attempt
from resettle.ui.access.lock_dialog import LockDialog
from resettle.ui.access.outcome import UnlockAttempt
from resettle.ui.access.window_cover import WindowCover

#: What counts as someone using the app.
ACTIVITY = frozenset(
    {
        QEvent.Type.KeyPress,
        QEvent.Type.MouseButtonPress,
        QEvent.Type.MouseMove,
        QEvent.Type.Wheel,
        QEvent.Type.TouchBegin,
    }
)
#: A QTimer's longest interval (a signed 32-bit count of milliseconds, about 24 days).
_LONGEST_MS = 2**31 - 1
#: Windows that are not covered but closed (menus, lists of a choice) or hidden (tooltips).
_TRANSIENT = (Qt.WindowType.Popup, Qt.WindowType.ToolTip)


class IdleLock(QObject):
    locked = Signal()
    unlocked = Signal()
    sign_out_requested = Signal()

    def __init__(
        self, window: QWidget, minutes: float, unlock: UnlockAttempt, username: str
    ) -> None:
        super().__init__(window)
        self.window = window
        self.username = username
        self._unlock = unlock
        self._covers: dict[QWidget, WindowCover] = {}
        self._active: QWidget | None = None
        self.dialog: LockDialog | None = None
        self.minutes = 0.0
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setTimerType(Qt.TimerType.PreciseTimer)  # a coarse one may be 5% late
        self.timer.timeout.connect(self.lock_now)
        app = QApplication.instance()
        assert app is not None
        app.installEventFilter(self)
        self.set_minutes(minutes)

    @property
    def is_locked(self) -> bool:
        return self.dialog is not None

    def set_minutes(self, minutes: float) -> None:
        """Lock after ``minutes`` without use from now on; 0 or less: never by itself."""
        self.minutes = minutes
        if minutes <= 0:
            self.timer.stop()
            return
        self.timer.setInterval(max(1, min(_LONGEST_MS, round(minutes * 60_000))))
        if not self.is_locked:
            self.timer.start()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if self.dialog is None:
            if kind in ACTIVITY and self.minutes > 0:
                self.timer.start()
        elif kind == QEvent.Type.Show and isinstance(watched, QWidget) and watched.isWindow():
            self._cover(watched)  # a window opened while locked
        return False

    @Slot()
    def lock_now(self) -> None:
        """Cover every window and ask for the password (nothing happens when locked)."""
        if self.dialog is not None:
            return
        self.timer.stop()
        self._active = QApplication.activeWindow()
        QToolTip.hideText()
        dialog = LockDialog(self.username, self.window)
        dialog.unlock_requested.connect(self._try_unlock)
        dialog.sign_out_requested.connect(self.sign_out_requested)
        self.dialog = dialog
        for window in QApplication.topLevelWidgets():
            self._cover(window)
        dialog.show()
        dialog.raise_()
        dialog.activateWindow()
        self.locked.emit()

    def _cover(self, window: QWidget) -> None:
        if window is self.dialog or window in self._covers or not window.isVisible():
            return
        if window.windowType() in _TRANSIENT:
            window.close()
            return
        if window.windowType() == Qt.WindowType.Desktop:
            return
        cover = WindowCover(window, self.tr("Resettle (locked)"))
        self._covers[window] = cover
        window.destroyed.connect(lambda _obj=None, w=window: self._covers.pop(w, None))

    def _try_unlock(self, password: str) -> None:
        outcome = attempt(lambda: self._unlock(password))
        if not outcome.ok:
            if self.dialog is not None:
                self.dialog.refused(outcome.message or self.tr("The password is not right."))
            return
        self._uncover()
        if self.minutes > 0:
            self.timer.start()
        self.unlocked.emit()

    def _uncover(self) -> None:
        dialog, self.dialog = self.dialog, None
        if dialog is not None:
            dialog.finish()
        covers = list(self._covers.items())
        self._covers.clear()
        for window, cover in covers:
            if isValid(window) and isValid(cover):
                cover.remove()
        active, self._active = self._active, None
        if active is not None and isValid(active) and active.isVisible():
            active.activateWindow()

    def stop(self) -> None:
        """Stop for good (after signing out): no timer, no watching, windows uncovered."""
        self.timer.stop()
        self.minutes = 0.0
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)
        self._uncover()


__all__ = ["ACTIVITY", "IdleLock"]
