"""Help > Keyboard shortcuts from the caseload window: its own keys and the person window's."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QWidget

from resettle.ui.common.keyboard_help import KeyboardHelpDialog, action_rows
from resettle.ui.common.person_tab import caption
from resettle.ui.person.window import person_window_keys
from resettle.ui.screens import PERSON_WINDOW_TABS


def open_keyboard_help(window: QWidget) -> KeyboardHelpDialog:
    """Open (not modal) the keys of ``window``'s menus and of a person's record."""
    titles = [caption(factory) for factory in PERSON_WINDOW_TABS]
    dialog = KeyboardHelpDialog(
        [
            (window.tr("Caseload window"), action_rows(window.findChildren(QAction))),
            (window.tr("A person's record"), person_window_keys(titles)),
        ],
        window,
    )
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.show()
    return dialog


__all__ = ["open_keyboard_help"]
