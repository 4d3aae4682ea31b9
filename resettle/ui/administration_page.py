"""What an administrator's main window shows instead of a caseload: administrators manage
accounts, teams, establishments, catalogues and the evidence pack, and never read case
records. (The administration window itself comes with its own issue; this page is where it
opens from.)"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QVBoxLayout, QWidget

from resettle.ui.access.form import heading_label, note_label


class AdministrationPage(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.heading = heading_label(self.tr("Administration"))
        self.note = note_label(
            self.tr(
                "Administrators manage accounts, teams and establishments, catalogues and the "
                "evidence pack. Case records are not shown to administrators. Use the Account "
                "menu to change your password, lock the app or sign out."
            )
        )
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 24, 24, 24)
        layout.addWidget(self.heading)
        layout.addWidget(self.note)
        layout.addStretch(1)
        for label in (self.heading, self.note):
            label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.setAccessibleName(self.tr("Administration"))


__all__ = ["AdministrationPage"]
