"""One window's content put out of sight while the app is locked, and back as it was.

The window itself stays open, so nothing in it is closed, reloaded or saved: its direct child
widgets (central widget, menus, status bar, a dialog's fields and buttons) are hidden, which
takes them off the screen, out of the Tab order and out of what a screen reader can reach,
and an opaque panel saying the app is locked fills the window. Its title, which may name a
person, reads "Resettle (locked)" meanwhile. Removing the cover shows again exactly the
children it hid, puts the title back and returns the keyboard to the field it was in; every
widget keeps its text, so unsaved edits are there as they were left.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtWidgets import QFrame, QVBoxLayout, QWidget
from shiboken6 import isValid

from resettle.ui.access.form import heading_label, note_label


class LockedPanel(QFrame):
    """What a locked window shows instead of its content."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("lockedPanel")
        self.setAutoFillBackground(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        heading = heading_label(self.tr("Resettle is locked"))
        heading.setAlignment(Qt.AlignmentFlag.AlignCenter)
        note = note_label(self.tr("Enter your password in the Unlock window to carry on."))
        note.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        layout.addWidget(heading)
        layout.addWidget(note)
        layout.addStretch(3)  # above the Unlock window, which opens in the middle
        self.setAccessibleName(self.tr("Resettle is locked"))


class WindowCover(QObject):
    def __init__(self, window: QWidget, locked_title: str) -> None:
        super().__init__(window)
        self.window = window
        self.locked_title = locked_title
        self._title = window.windowTitle()
        self._focus = window.focusWidget()
        self._hidden: list[QWidget] = []
        self._removed = False
        self.panel = LockedPanel(window)
        self._hide_children()
        self.panel.setGeometry(window.rect())
        self.panel.show()
        self.panel.raise_()
        window.setWindowTitle(locked_title)
        window.installEventFilter(self)

    def _hide_children(self) -> None:
        if self._removed:  # a late call, queued before the cover was removed
            return
        for child in self.window.findChildren(
            QWidget, options=Qt.FindChildOption.FindDirectChildrenOnly
        ):
            if child is not self.panel and not child.isWindow() and not child.isHidden():
                child.hide()
                self._hidden.append(child)
        if isValid(self.panel):
            self.panel.raise_()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.window:
            kind = event.type()
            if kind == QEvent.Type.Resize:
                self.panel.setGeometry(self.window.rect())
            elif kind == QEvent.Type.WindowTitleChange:
                title = self.window.windowTitle()
                if title != self.locked_title:  # the window renamed itself meanwhile
                    self._title = title
                    self.window.setWindowTitle(self.locked_title)
            elif kind == QEvent.Type.ChildAdded:  # a widget added meanwhile is hidden too
                QTimer.singleShot(0, self, self._hide_children)
        return False

    def remove(self) -> None:
        """Show the window's content again, as it was."""
        self._removed = True
        self.window.removeEventFilter(self)
        for child in self._hidden:
            if isValid(child) and child.parentWidget() is self.window:
                child.show()
        self._hidden.clear()
        self.panel.hide()
        self.panel.deleteLater()
        self.window.setWindowTitle(self._title)
        if self._focus is not None and isValid(self._focus) and self._focus.isVisible():
            self._focus.setFocus(Qt.FocusReason.OtherFocusReason)
        self.deleteLater()


__all__ = ["LockedPanel", "WindowCover"]
