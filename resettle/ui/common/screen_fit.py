"""Windows that fit the screen they open on (a 1366x768 laptop with a taskbar, too).

A window asks for the size it would like (:func:`fit_to_screen`) and gets at most the screen's
available geometry, less room for the title bar and frame, placed inside it; restored
geometry from a bigger screen is brought back inside the same way. Content taller than that
scrolls (:func:`scrolling`) while the window's buttons stay below the scroll area, in view.
"""

from __future__ import annotations

from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QFrame, QScrollArea, QWidget

#: Room left for the window manager's title bar and frame, which ``resize`` does not count.
FRAME_ALLOWANCE = QSize(16, 40)


def available_geometry(widget: QWidget | None = None) -> QRect:
    """The part of ``widget``'s screen (else the primary screen) that windows may use: the
    screen less its taskbars and docks."""
    screen = widget.screen() if widget is not None else None
    if screen is None:
        screen = QGuiApplication.primaryScreen()
    return screen.availableGeometry() if screen is not None else QRect(0, 0, 1366, 728)


def fitted_size(wanted: QSize, widget: QWidget | None = None) -> QSize:
    """``wanted``, made no larger than the available screen less the frame allowance."""
    room = available_geometry(widget).size() - FRAME_ALLOWANCE
    return wanted.boundedTo(room)


def fit_to_screen(window: QWidget, width: int | None = None, height: int | None = None) -> None:
    """Resize ``window`` to ``width`` x ``height`` (default: its current size) or less, so that
    it fits the available screen, and place it inside that screen: centred when nothing placed
    it yet and it has no parent to be centred on, else moved in from an edge it reaches past."""
    wanted = QSize(width or window.width(), height or window.height())
    size = fitted_size(wanted, window)
    window.resize(size)
    if window.parentWidget() is None and not window.testAttribute(Qt.WidgetAttribute.WA_Moved):
        area = available_geometry(window)
        outer = size + FRAME_ALLOWANCE
        window.move(
            area.x() + (area.width() - outer.width()) // 2,
            area.y() + (area.height() - outer.height()) // 2,
        )
    else:
        keep_on_screen(window)


def keep_on_screen(window: QWidget) -> None:
    """Move ``window`` (a top-level window) so its frame lies inside the available screen."""
    if window.parentWidget() is not None and not window.isWindow():
        return
    area = available_geometry(window)
    frame = window.frameGeometry()
    extra = FRAME_ALLOWANCE if frame.size() == window.size() else QSize(0, 0)
    right = area.right() - frame.width() - extra.width() + 1
    bottom = area.bottom() - frame.height() - extra.height() + 1
    x = max(area.left(), min(frame.x(), right))
    y = max(area.top(), min(frame.y(), bottom))
    if (x, y) != (frame.x(), frame.y()):
        window.move(x, y)


def scrolling(content: QWidget) -> QScrollArea:
    """``content`` in a frameless scroll area that scrolls when the window is smaller than it
    (vertically by preference: it takes the area's width)."""
    area = QScrollArea()
    area.setWidgetResizable(True)
    area.setFrameShape(QFrame.Shape.NoFrame)
    area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
    area.setWidget(content)
    area.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    return area


__all__ = ["available_geometry", "fit_to_screen", "fitted_size", "keep_on_screen", "scrolling"]
