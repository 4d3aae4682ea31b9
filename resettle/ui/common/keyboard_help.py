"""Help > Keyboard shortcuts: the keys of each window, in a table that fits any screen.

Rows come from the windows themselves: a window's menu actions (their text and shortcut,
:func:`action_rows`) and lists the windows keep beside their shortcuts (the person window's
:func:`~resettle.ui.person.window.person_window_keys`), so the help cannot drift from the keys.
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Sequence

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTextBrowser, QVBoxLayout, QWidget

from resettle.ui.common.screen_fit import fit_to_screen

#: (keys, what they do)
KeyRow = tuple[str, str]


def action_rows(actions: Iterable[QAction]) -> list[KeyRow]:
    """One row per action with a shortcut: its keys as shown on this system, its text."""
    rows = []
    for action in actions:
        keys = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
        if keys:
            rows.append((keys, action.text().replace("&", "").rstrip("…").strip()))
    return rows


class KeyboardHelpDialog(QDialog):
    def __init__(
        self, sections: Sequence[tuple[str, Sequence[KeyRow]]], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Keyboard shortcuts"))
        self.text = QTextBrowser()
        self.text.setAccessibleName(self.tr("Keyboard shortcuts"))
        self.text.setHtml(_html(sections))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.text, 1)  # it scrolls; the Close button stays in view
        layout.addWidget(buttons)
        fit_to_screen(self, 620, 640)


def _html(sections: Sequence[tuple[str, Sequence[KeyRow]]]) -> str:
    parts = []
    for title, rows in sections:
        parts.append(f"<h3>{html.escape(title)}</h3><table cellpadding='3'>")
        parts += [
            f"<tr><td><b>{html.escape(keys)}</b></td><td>{html.escape(what)}</td></tr>"
            for keys, what in rows
        ]
        parts.append("</table>")
    return "".join(parts)


__all__ = ["KeyRow", "KeyboardHelpDialog", "action_rows"]
