"""Boxes that ignore the mouse wheel unless the user is in them.

A combo box or spin box in a page that scrolls changes its value when the wheel turns over
it, so scrolling the page past a column of boxes changes the boxes it passes. Guarded, a box
takes no focus from the wheel and leaves an unfocused wheel turn to the page (Qt passes an
ignored wheel event on to the parent, the scroll area); once the user has clicked or tabbed
into it, the wheel changes it as usual.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QWidget


class _WheelGuard(QObject):
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            event.type() == QEvent.Type.Wheel
            and isinstance(watched, QWidget)
            and not watched.hasFocus()
        ):
            event.ignore()  # the page scrolls instead
            return True
        return False


def wheel_only_when_focused(widget: QWidget) -> QWidget:
    """Guard ``widget`` (a combo or spin box) against the wheel unless focused; returns it."""
    widget.setFocusPolicy(Qt.FocusPolicy.StrongFocus)  # the wheel does not focus it
    widget.installEventFilter(_WheelGuard(widget))
    return widget
