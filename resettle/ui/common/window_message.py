"""Message boxes that belong to their window (user trial: a "Not saved" message stayed at
the top-left of the screen, apart from the person window it was about, and could outlive it).

Every ``QMessageBox`` the app shows is made by :func:`window_message_box` and shown by
:func:`exec_box` (a question, with its own event loop) or :func:`open_box` (a message that
runs none). The box is parented on the *window* of the widget it is about (never a tab page
or a hidden widget, which Qt places badly), window-modal over it, placed over its middle and
kept inside it, and closed (rejected, as Cancel) when that window is closed or hidden by the
program (a sign-out, the window closing), so it never stays on the screen on its own. A
window minimised by the user keeps its message.

The box is a plain ``QMessageBox``: a Python subclass of it that Qt deletes on close
crashes PySide6 when its Python object was collected first.
"""

from __future__ import annotations

from typing import ClassVar

import shiboken6
from PySide6.QtCore import QEvent, QObject, QPoint, Qt, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget


def owning_window(parent: QWidget | None) -> QWidget | None:
    """The window a message about ``parent`` belongs to (the active window when none)."""
    if parent is not None:
        return parent.window()
    return QApplication.activeWindow()


def window_message_box(parent: QWidget | None) -> QMessageBox:
    """A message box on ``parent``'s window (see the module)."""
    window = owning_window(parent)
    box = QMessageBox(window)
    if window is not None:
        box.setWindowModality(Qt.WindowModality.WindowModal)
        _CloseWithWindow.watch(window, box)
    return box


def place_over_window(box: QMessageBox) -> None:
    """Over the middle of its window, wholly inside it when the window is big enough (its
    top-left corner inside it when not)."""
    window = box.parentWidget()
    if window is None or not window.isVisible() or not box.isVisible():
        return
    area = window.frameGeometry()
    size = box.frameGeometry().size()
    x = area.center().x() - size.width() // 2
    y = area.center().y() - size.height() // 2
    x = max(area.left(), min(x, area.right() + 1 - size.width()))
    y = max(area.top(), min(y, area.bottom() + 1 - size.height()))
    box.move(QPoint(x, y))


def exec_box(box: QMessageBox) -> int:
    """Ask: the box's own event loop, placed on its window as soon as it is shown."""
    QTimer.singleShot(0, box, lambda: place_over_window(box))
    return box.exec()


def open_box(box: QMessageBox) -> QMessageBox:
    """Show without an event loop (window-modal), placed on its window."""
    box.open()
    place_over_window(box)
    return box


class _CloseWithWindow(QObject):
    """Rejects a box when its window is closed or hidden by the program. Owned by Python
    (``_watching``) and dropped when the box goes, never deleted by Qt."""

    _watching: ClassVar[dict[int, _CloseWithWindow]] = {}

    def __init__(self, box: QMessageBox) -> None:
        super().__init__()
        self.box = box

    @classmethod
    def watch(cls, window: QWidget, box: QMessageBox) -> None:
        watcher = cls(box)
        key = id(watcher)
        cls._watching[key] = watcher
        window.installEventFilter(watcher)
        box.destroyed.connect(lambda *_: cls._watching.pop(key, None))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        box = self.box
        if (
            event.type() == QEvent.Type.Hide
            and not event.spontaneous()  # closed or hidden by the program, not minimised
            and shiboken6.isValid(box)
            and box.isVisible()
        ):
            # After the window's hide is handled, not in the middle of it.
            QTimer.singleShot(0, box, box.reject)
        return False
