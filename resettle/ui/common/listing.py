"""A dialog's list with its actions: a note saying what the list is for, the table under its
caption (the caption's mnemonic focuses the table), and a row of buttons with the busy label
at the end. The cover dialog and the retention review queue use it."""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QTableView, QVBoxLayout, QWidget

from resettle.ui.common.views import note_label


def listing(
    intro: str, caption: str, table: QTableView, buttons: list[QPushButton], busy: QLabel
) -> QWidget:
    """The list and its buttons in one widget (hidden whole when only a message is left)."""
    label = QLabel(caption)
    label.setBuddy(table)
    actions = QHBoxLayout()
    for button in buttons:
        actions.addWidget(button)
    actions.addStretch(1)
    actions.addWidget(busy)
    widget = QWidget()
    content = QVBoxLayout(widget)
    content.setContentsMargins(0, 0, 0, 0)
    content.addWidget(note_label(intro))
    content.addWidget(label)
    content.addWidget(table, 1)
    content.addLayout(actions)
    return widget
