"""How much of a short text field's limit is used ("120 of 200"), under the field.

The field itself is not capped: a pasted text longer than the limit stays whole (nothing is
cut silently, mid-word) and the counter turns to the error colour, so the user shortens it
where they choose; the save is refused until then by the domain's own check.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QLabel, QLineEdit

from resettle.ui.common.message_style import Tone, text_colour


def _tr(text: str) -> str:
    return QCoreApplication.translate("LengthCounter", text)


class LengthCounter(QLabel):
    """Follows ``field``: "N of LIMIT", and "N of LIMIT: too long by M" past the limit."""

    def __init__(self, field: QLineEdit, limit: int) -> None:
        super().__init__()
        self.field, self.limit = field, limit
        self.setAlignment(Qt.AlignmentFlag.AlignRight)
        self.over: bool | None = None
        field.textChanged.connect(self._update)
        self._update()

    def _update(self) -> None:
        used = len(self.field.text())
        text = _tr("%1 of %2").replace("%1", str(used)).replace("%2", str(self.limit))
        over = used > self.limit
        if over:
            text += _tr(": too long by %1").replace("%1", str(used - self.limit))
        self.setText(text)
        self.setAccessibleName(text)
        if over is not self.over:
            self.over = over
            text_colour(self, Tone.ERROR if over else Tone.HINT)
