"""What an administrator's main window shows instead of a caseload: administrators manage
accounts, teams, establishments, catalogues and the evidence pack, and never read case
records. The page opens the administration window (``ui/admin``)."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QPushButton, QVBoxLayout, QWidget

from resettle.ui.access.form import heading_label, note_label
from resettle.ui.common.message_style import Tone, style_banner


class AdministrationPage(QWidget):
    #: "Open administration" was pressed.
    open_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.heading = heading_label(self.tr("Administration"))
        self.note = note_label(
            self.tr(
                "Administrators manage accounts, teams and establishments, catalogues and the "
                "evidence pack. Case records are not shown to administrators. Open the "
                "administration window to manage accounts, teams and establishments; use the "
                "Account menu to change your password, lock the app or sign out."
            )
        )
        #: "The last backup was made N days ago" (``show_backup_reminder``), hidden otherwise.
        self.reminder = note_label("")
        self.reminder.setAccessibleName(self.tr("Backup reminder"))
        style_banner(self.reminder, Tone.WARNING)
        self.reminder.hide()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 24, 24, 24)
        layout.addWidget(self.reminder)
        layout.addWidget(self.heading)
        layout.addWidget(self.note)
        self.open_button = QPushButton(self.tr("&Open administration…"))
        self.open_button.setAccessibleName(self.tr("Open administration"))
        self.open_button.clicked.connect(self.open_requested)
        layout.addWidget(self.open_button, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addStretch(1)
        for label in (self.heading, self.note):
            label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.setAccessibleName(self.tr("Administration"))

    def show_backup_reminder(self, text: str) -> None:
        self.reminder.setText(text)
        self.reminder.setVisible(bool(text))


__all__ = ["AdministrationPage"]
