"""A session's register as a table the facilitator marks: one row per person in the group.

The model holds a working copy of the register (frozen ``RegisterRow`` values, replaced on
each mark) and gives it back whole (:meth:`RegisterTableModel.register`) for one save.
Columns: name, prison number, outcome, reason, note (editable) and the row's problems, which
:meth:`set_problems` attaches from :func:`~resettle.domain.programme_attendance.validate_register`
(tinted row, the words in the Problem column and as the row's tooltip).

The model shows the rows it is given: leaving out limited-access people the reader may not
see is the service's job, done before the register reaches the screen.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, NamedTuple

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)

from resettle.domain.programme_attendance import (
    NOTE_MAX_LENGTH,
    AbsenceReason,
    AttendanceOutcome,
    Register,
    RegisterProblem,
    RegisterRow,
)
from resettle.ui.common.message_style import (
    MUTED_CELL_TEXT,
    PROBLEM_CELL_BACKGROUND,
    PROBLEM_CELL_TEXT,
)
from resettle.ui.programmes.register_labels import outcome_text, problem_text, reason_text, tr

Index = QModelIndex | QPersistentModelIndex
ROW_ROLE = Qt.ItemDataRole.UserRole + 1

NAME, PRISON_NUMBER, OUTCOME, REASON, NOTE, PROBLEM = range(6)
PROBLEM_BACKGROUND = PROBLEM_CELL_BACKGROUND
PROBLEM_TEXT = PROBLEM_CELL_TEXT
MUTED_TEXT = MUTED_CELL_TEXT
_REASONS = list(AbsenceReason)


class SavedMark(NamedTuple):
    """A mark recorded before, in words: outcome (with "corrected" when it was), reason,
    note."""

    outcome: str
    reason: str
    note: str


def _one_line(text: str, limit: int = 120) -> str:
    line = " ".join(text.split())
    return line if len(line) <= limit else line[: limit - 1] + "…"


class RegisterTableModel(QAbstractTableModel):
    #: After any change the user made (a mark, a reason, a note).
    edited = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._register: Register | None = None
        self._rows: list[RegisterRow] = []
        self._problems: dict[int, list[RegisterProblem]] = {}
        self._register_problems: list[RegisterProblem] = []
        #: The marks recorded before, in words, by place (shown, muted, on their rows).
        self._marked_before: dict[int, SavedMark] = {}
        self._headers = [
            tr("Name"),
            tr("Prison number"),
            tr("Outcome"),
            tr("Reason"),
            tr("Note"),
            tr("Problem"),
        ]

    # --- contents ------------------------------------------------------------------------
    def set_register(self, register: Register) -> None:
        """Show ``register``'s rows as they are, dropping problems. Not an edit."""
        self.beginResetModel()
        self._register = register
        self._rows = list(register.rows)
        self._problems = {}
        self._register_problems = []
        self.endResetModel()

    def set_marked_before(self, marks: dict[int, SavedMark]) -> None:
        """The marks recorded before for some places, in words (set before the register)."""
        self._marked_before = dict(marks)

    def _saved(self, row: int, item: RegisterRow) -> SavedMark | None:
        """The mark recorded before for an unmarked row that takes no mark here."""
        if item.outcome is not None or item.released or self.markable(row):
            return None
        return self._marked_before.get(item.membership_id)

    def register(self) -> Register:
        """The register with every row as marked now (what Save sends)."""
        if self._register is None:
            raise RuntimeError("no register is shown")
        return self._register.with_rows(self._rows)

    def row_at(self, row: int) -> RegisterRow:
        return self._rows[row]

    def markable(self, row: int) -> bool:
        """Whether the row takes a mark here (not released, not marked before)."""
        item = self._rows[row]
        marked_before = self._register is not None and (
            item.membership_id in self._register.already_marked
        )
        return not item.released and not marked_before

    # --- edits ---------------------------------------------------------------------------
    def set_outcome(self, row: int, outcome: AttendanceOutcome | None) -> None:
        """Mark ``row``; any outcome but an acceptable absence drops the reason."""
        item = self._rows[row]
        reason = item.absence_reason if outcome is AttendanceOutcome.ACCEPTABLE_ABSENCE else None
        self._replace(row, item.model_copy(update={"outcome": outcome, "absence_reason": reason}))

    def set_reason(self, row: int, reason: AbsenceReason) -> None:
        """An acceptable absence for ``reason`` (whatever the row was marked before)."""
        update = {"outcome": AttendanceOutcome.ACCEPTABLE_ABSENCE, "absence_reason": reason}
        self._replace(row, self._rows[row].model_copy(update=update))

    def cycle_reason(self, row: int) -> AbsenceReason:
        """The next reason in the list (the first when none is chosen); returns it."""
        current = self._rows[row].absence_reason
        following = (
            _REASONS[0]
            if current is None
            else _REASONS[(_REASONS.index(current) + 1) % len(_REASONS)]
        )
        self.set_reason(row, following)
        return following

    def set_note(self, row: int, note: str) -> None:
        self._replace(row, self._rows[row].model_copy(update={"note": note}))

    def mark_remaining(
        self, outcome: AttendanceOutcome = AttendanceOutcome.ATTENDED_COMPLIED
    ) -> int:
        """Mark every markable row that has no outcome yet; returns how many were marked."""
        rows = [r for r in range(len(self._rows)) if self._rows[r].outcome is None]
        marked = [r for r in rows if self.markable(r)]
        for row in marked:
            item = self._rows[row]
            self._rows[row] = item.model_copy(update={"outcome": outcome, "absence_reason": None})
            self._problems.pop(row, None)
        if marked:
            self.dataChanged.emit(self.index(marked[0], 0), self.index(marked[-1], PROBLEM))
            self.edited.emit()
        return len(marked)

    def _replace(self, row: int, item: RegisterRow) -> None:
        if item == self._rows[row]:
            return
        self._rows[row] = item
        self.dataChanged.emit(self.index(row, 0), self.index(row, PROBLEM))
        self.edited.emit()

    # --- problems ------------------------------------------------------------------------
    def set_problems(self, problems: Iterable[RegisterProblem]) -> None:
        """Attach ``problems`` to their rows (register-wide ones are kept for the view)."""
        self._problems = {}
        self._register_problems = []
        for problem in problems:
            if problem.row is None:
                self._register_problems.append(problem)
            else:
                self._problems.setdefault(problem.row, []).append(problem)
        if self._rows:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._rows) - 1, PROBLEM))

    def problems_at(self, row: int) -> list[RegisterProblem]:
        return list(self._problems.get(row, []))

    def register_problems(self) -> list[RegisterProblem]:
        return list(self._register_problems)

    def unmarked_count(self) -> int:
        return sum(
            1 for r, item in enumerate(self._rows) if item.outcome is None and self.markable(r)
        )

    # --- Qt model ------------------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._headers)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self._headers[section] if 0 <= section < len(self._headers) else None
        if orientation == Qt.Orientation.Vertical and role == Qt.ItemDataRole.DisplayRole:
            return str(section + 1)
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if index.column() == NOTE:
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid() or index.column() != NOTE or role != Qt.ItemDataRole.EditRole:
            return False
        self.set_note(index.row(), str(value or ""))
        return True

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row, column = index.row(), index.column()
        item = self._rows[row]
        problems = self._problems.get(row, [])
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(row, item, column, problems)
        if role == Qt.ItemDataRole.EditRole:
            return item.note if column == NOTE else self._display(row, item, column, problems)
        if role == ROW_ROLE:
            return item
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(item, column, problems)
        if role == Qt.ItemDataRole.BackgroundRole and problems:
            return PROBLEM_BACKGROUND
        if role == Qt.ItemDataRole.ForegroundRole:
            if problems and column == PROBLEM:
                return PROBLEM_TEXT
            if not self.markable(row):
                return MUTED_TEXT
        return None

    def _display(
        self, row: int, item: RegisterRow, column: int, problems: list[RegisterProblem]
    ) -> str:
        if column == NAME:
            return item.name + (" " + tr("(limited access)") if item.limited_access else "")
        if column == PRISON_NUMBER:
            return item.prison_number
        if column == OUTCOME:
            if item.outcome is None and item.released:
                return tr("Released: not marked")
            saved = self._saved(row, item)
            if saved is not None:
                return saved.outcome
            if item.outcome is None and not self.markable(row):
                return tr("Marked already")
            return outcome_text(item.outcome)
        if column == REASON:
            saved = self._saved(row, item)
            return saved.reason if saved is not None else reason_text(item.absence_reason)
        if column == NOTE:
            saved = self._saved(row, item)
            return _one_line(saved.note if saved is not None else item.note)
        return " ".join(problem_text(problem) for problem in problems)

    def _tooltip(
        self, item: RegisterRow, column: int, problems: list[RegisterProblem]
    ) -> str | None:
        if problems:
            return "\n".join(problem_text(problem) for problem in problems)
        saved = self._saved(self._rows.index(item), item) if item in self._rows else None
        if saved is not None:
            return tr("Recorded before: a saved mark is corrected, not marked again.") + (
                f"\n\n{saved.note}" if saved.note else ""
            )
        if column == NOTE:
            return tr("Enter or F2 writes a note (at most {limit} characters).").format(
                limit=NOTE_MAX_LENGTH
            ) + (f"\n\n{item.note}" if item.note else "")
        return None

    def display_rows(self) -> list[list[str]]:
        """Every cell as shown (for tests)."""
        return [
            [self.data(self.index(r, c)) for c in range(self.columnCount())]
            for r in range(self.rowCount())
        ]
