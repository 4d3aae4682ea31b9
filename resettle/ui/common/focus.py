"""Where the keyboard starts in a window: on its first field, not on a tab bar or a button."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QComboBox,
    QLineEdit,
    QPlainTextEdit,
    QTabBar,
    QTextEdit,
    QWidget,
)

_FIELDS = (QLineEdit, QPlainTextEdit, QTextEdit, QComboBox, QAbstractSpinBox)


def _takes_tab(widget: QWidget, inside: QWidget) -> bool:
    return (
        bool(widget.focusPolicy() & Qt.FocusPolicy.TabFocus)
        and widget.isEnabled()
        and widget.isVisibleTo(inside)
        and not isinstance(widget, QTabBar)
    )


def first_field(inside: QWidget) -> QWidget | None:
    """The first widget in ``inside``'s Tab order that is a field (text, choice, number, date),
    else its first list or table, else its first button; None when nothing takes focus."""
    chain: list[QWidget] = []
    widget = inside.nextInFocusChain()
    while widget is not None and widget is not inside and len(chain) < 2000:
        if inside.isAncestorOf(widget) and _takes_tab(widget, inside):
            chain.append(widget)
        widget = widget.nextInFocusChain()
        if widget is inside.nextInFocusChain():
            break
    for kinds in (_FIELDS, (QAbstractItemView,), (QAbstractButton,)):
        found = next((w for w in chain if isinstance(w, kinds)), None)
        if found is not None:
            return found
    return chain[0] if chain else None


__all__ = ["first_field"]
