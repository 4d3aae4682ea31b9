"""Boxes that leave the mouse wheel to the page.

A combo box or spin box in a page that scrolls changes its value when the wheel turns over
it, so scrolling the page past a column of boxes changes the boxes it passes. Guarded, a box
takes no focus from the wheel and leaves the turn to the page (Qt passes an ignored wheel
event on to the parent, the scroll area). A closed combo box never takes the wheel, even when
the user has clicked into it: a click, Escape and a turn of the wheel changed an answer
without the user seeing it. Its open list still scrolls with the wheel (the list is its own
window, not the box), and the keys still change it. A spin box takes the wheel only once the
user has clicked or tabbed into it.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QComboBox, QWidget


class _WheelGuard(QObject):
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            event.type() == QEvent.Type.Wheel
            and isinstance(watched, QWidget)
            and (isinstance(watched, QComboBox) or not watched.hasFocus())
        ):
            event.ignore()  # the page scrolls instead
            return True
        return False


def wheel_only_when_focused(widget: QWidget) -> QWidget:
    """Guard ``widget`` against the wheel (a combo box always, a spin box unless focused);
    returns it."""
    widget.setFocusPolicy(Qt.FocusPolicy.StrongFocus)  # the wheel does not focus it
    widget.installEventFilter(_WheelGuard(widget))
    return widget
