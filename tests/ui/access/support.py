"""Stand-ins for the services the access dialogs are given: they record what they were asked
and answer what the test says."""

from __future__ import annotations

from dataclasses import dataclass, field

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from resettle.ui.access.outcome import AttemptOutcome

REFUSED = AttemptOutcome(ok=False, message="The user name or password is not right.")


@dataclass
class Attempts:
    """Answers each call with the next outcome (the last one again when they run out)."""

    outcomes: list[AttemptOutcome] = field(default_factory=lambda: [AttemptOutcome(ok=True)])
    calls: list[tuple[str, ...]] = field(default_factory=list)
    busy_cursor_seen: list[bool] = field(default_factory=list)

    def __call__(self, *args: str) -> AttemptOutcome:
        self.calls.append(args)
        cursor = QApplication.overrideCursor()
        self.busy_cursor_seen.append(
            cursor is not None and cursor.shape() == Qt.CursorShape.WaitCursor
        )
        return self.outcomes.pop(0) if len(self.outcomes) > 1 else self.outcomes[0]
