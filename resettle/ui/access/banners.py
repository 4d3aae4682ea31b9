"""Who and what the windows show about access: the demo-data banner at the top of a window
and "Signed in as ..." in the status bar."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QSizePolicy, QWidget

from resettle.ui.common.message_style import Tone, style_banner


class DemoBanner(QLabel):
    """A band across the top of a window on a demo database, so nobody takes its made-up
    people for real ones (or types a real person into it). The demo's database is not
    encrypted (``resettle demo`` makes it plain), and the band says that too."""

    def __init__(self, parent: QWidget | None = None, *, encrypted: bool = False) -> None:
        super().__init__(parent)
        text = (
            self.tr("Demo data: not for real cases")
            if encrypted
            else self.tr("Demo data: not for real cases, and not encrypted")
        )
        self.setText(text)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setWordWrap(True)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        style_banner(self, Tone.WARNING)
        font = self.font()
        font.setBold(True)
        self.setFont(font)
        self.setAccessibleName(text)
        self.setAccessibleDescription(
            self.tr("This database holds made-up demo people and accounts.")
        )


class SignedInLabel(QLabel):
    """ "Signed in as Ann Smith (Officer, Manager)" for the status bar; the roles are given
    in words, in the order to show them."""

    def __init__(
        self, display_name: str = "", roles: Sequence[str] = (), parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.set_account(display_name, roles)

    def set_account(self, display_name: str, roles: Sequence[str]) -> None:
        """Show who is signed in now (after a switch of user too); "" shows nothing."""
        if not display_name:
            text = ""
        elif roles:
            text = (
                self.tr("Signed in as %1 (%2)")
                .replace("%2", ", ".join(roles))
                .replace("%1", display_name)
            )
        else:
            text = self.tr("Signed in as %1").replace("%1", display_name)
        self.setText(text)
        self.setAccessibleName(text)


__all__ = ["DemoBanner", "SignedInLabel"]
