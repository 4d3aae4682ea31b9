"""The bar a person window shows when someone else saved a part of the record the user has
unsaved edits on: "Changed by someone else at 14:05: Profile. [Reload] [Keep editing]".

It does not block: the user may go on typing, and choose when they are ready. Reload puts
back what is saved now (dropping the edits); Keep editing hides the bar and keeps the edits on
screen to copy, but never lets them replace the other save: saving those parts is still refused
as a conflict until the user reloads (a part's save writes every field of it, so "keeping" would
silently undo the other person's changes to the fields this user did not touch)."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QWidget

from resettle.ui.common.message_style import Tone, style_banner


class ChangedElsewhereBar(QFrame):
    reload_requested = Signal()
    #: The user keeps their edits on screen for now (the bar is hidden).
    keep_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._parts: frozenset[str] = frozenset()
        self.label = QLabel()
        self.label.setWordWrap(True)
        style_banner(self.label, Tone.WARNING)
        self.reload_button = QPushButton(self.tr("Reload"))
        self.reload_button.setToolTip(
            self.tr("Show what is saved now; your unsaved edits on this record are dropped")
        )
        self.keep_button = QPushButton(self.tr("Keep editing"))
        self.keep_button.setToolTip(
            self.tr(
                "Keep your edits on screen to copy them; saving this part is refused until you "
                "reload, so the other person's save is never overwritten"
            )
        )
        for button in (self.reload_button, self.keep_button):
            button.setAccessibleName(button.text())
            button.setAutoDefault(False)
        self.reload_button.clicked.connect(self._reload)
        self.keep_button.clicked.connect(self._keep)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.label, stretch=1)
        layout.addWidget(self.reload_button)
        layout.addWidget(self.keep_button)
        self.hide()

    def show_clash(self, at: dt.datetime, tabs: list[str], parts: frozenset[str]) -> None:
        """Someone else saved ``parts`` (shown on ``tabs``) at ``at`` (local time)."""
        self._parts = self._parts | parts
        self.label.setText(
            self.tr(
                "Changed by someone else (noticed at %1): %2. Your unsaved edits are kept for now."
            )
            .replace("%1", at.strftime("%H:%M"))
            .replace("%2", ", ".join(tabs))
        )
        self.show()

    @property
    def parts(self) -> frozenset[str]:
        return self._parts

    def clear(self) -> None:
        self._parts = frozenset()
        self.hide()

    def _reload(self) -> None:
        self.clear()
        self.reload_requested.emit()

    def _keep(self) -> None:
        self.clear()
        self.keep_requested.emit()
