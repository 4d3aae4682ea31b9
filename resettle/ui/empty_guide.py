"""What the caseload area shows when no one is on the caseload yet: how to add people."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget


class EmptyCaseloadGuide(QWidget):
    #: The user pressed "Add a person".
    add_person = Signal()

    def __init__(self, can_register: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName(self.tr("Getting started"))
        heading = QLabel(self.tr("No one is on the caseload yet"))
        font = heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.3)
        font.setBold(True)
        heading.setFont(font)
        if can_register:
            text = self.tr(
                "Add your first person (Ctrl+N), or import a caseload from a JSON file with "
                "the command <code>resettle people add --json FILE</code>."
            )
        else:
            text = self.tr(
                "People appear here once a probation officer adds them (Ctrl+N) or imports a "
                "caseload with <code>resettle people add --json FILE</code>."
            )
        self.text = QLabel(text)
        self.text.setWordWrap(True)
        self.text.setTextFormat(Qt.TextFormat.RichText)
        self.text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.text.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        self.add_button = QPushButton(self.tr("&Add a person…"))
        self.add_button.setVisible(can_register)
        self.add_button.clicked.connect(lambda _checked=False: self.add_person.emit())
        heading.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        column = QWidget()
        column.setMaximumWidth(560)
        inner = QVBoxLayout(column)
        inner.setSpacing(12)
        inner.addWidget(heading)
        inner.addWidget(self.text)
        inner.addWidget(self.add_button, 0, Qt.AlignmentFlag.AlignHCenter)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(column, 4)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        layout.addLayout(row)
        layout.addStretch(2)
