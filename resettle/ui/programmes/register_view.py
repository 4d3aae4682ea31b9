"""The attendance register of one session, marked from the keyboard.

Single keys mark the current row and move to the next: A attended and complied, F attended
but failed to comply, U unacceptable absence. X marks an acceptable absence and stays on the
row for its reason: a number key 1-5 chooses one and moves on (a number key alone marks an
acceptable absence for that reason), X again goes to the next reason. "Other" opens the note,
which must say what it was. Moving on skips rows that take no mark (a released person, a
person marked for this session before); on such a row the keys only beep. Enter or F2
writes a note; Delete clears a mark. The keys are listed above the table.

Save (Ctrl+S) checks the whole register (:func:`validate_register`): with problems, nothing
is sent and each is shown on its row (and the session's above the table), checked again on
every change; without, ``save_requested`` carries the whole register, once. Recording it is
the caller's job (a service); so is choosing the rows: a limited-access person appears only
when the register given to :meth:`RegisterView.set_register` holds them, because the service
left them out for staff who may not see them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QAction, QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from resettle.domain.programme_attendance import (
    NOTE_MAX_LENGTH,
    AbsenceReason,
    AttendanceOutcome,
    Register,
    RegisterProblem,
    validate_register,
)
from resettle.ui.programmes.register_labels import (
    OUTCOME_KEYS,
    REASON_KEYS,
    keys_help,
    problem_text,
    saved_outcome_text,
)
from resettle.ui.programmes.register_model import (
    NAME,
    NOTE,
    OUTCOME,
    PRISON_NUMBER,
    PROBLEM,
    REASON,
    RegisterTableModel,
)

_MARK_AND_MOVE = {
    Qt.Key.Key_A: AttendanceOutcome.ATTENDED_COMPLIED,
    Qt.Key.Key_F: AttendanceOutcome.ATTENDED_FAILED_TO_COMPLY,
    Qt.Key.Key_U: AttendanceOutcome.UNACCEPTABLE_ABSENCE,
}


def _utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class _NoteDelegate(QStyledItemDelegate):
    """A one-line editor for the note, no longer than a note may be."""

    def createEditor(
        self,
        parent: QWidget,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> QWidget:
        editor = QLineEdit(parent)
        editor.setMaxLength(NOTE_MAX_LENGTH)
        return editor


class RegisterTable(QTableView):
    """The register's table: its keys go to ``key_handler`` first (True: handled)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.key_handler: Callable[[QKeyEvent], bool] = lambda _event: False

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if self.state() != QAbstractItemView.State.EditingState and self.key_handler(event):
            event.accept()
            return
        super().keyPressEvent(event)


#: The most lines of row problems listed under the table (the rest are counted).
ROW_PROBLEMS_SHOWN = 6


class RegisterView(QWidget):
    """One session's register (module docstring): mark, note, and one save."""

    #: The whole register, checked and without problems (a ``Register``).
    save_requested = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        #: The time a session must have started by (tests hold it still).
        self.now: Callable[[], dt.datetime] = _utc_now
        self._checking = False  # after a refused save, every change is checked again
        self._catch_up = False  # a catch-up's register: only those it is for are marked
        self.model = RegisterTableModel(self)
        self.model.edited.connect(self._edited)

        self.title = QLabel()
        self.title.setObjectName("registerTitle")
        self.title.setStyleSheet("font-weight: bold;")
        self.keys = QLabel(keys_help())
        self.keys.setWordWrap(True)
        self.register_problems = QLabel()
        self.register_problems.setWordWrap(True)
        self.register_problems.setStyleSheet("color: #a4262c;")
        self.register_problems.hide()

        self.table = RegisterTable(self)
        self.table.setModel(self.model)
        self.table.key_handler = self._key
        self.table.setItemDelegateForColumn(NOTE, _NoteDelegate(self.table))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(
            QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.DoubleClicked
        )
        self.table.setTabKeyNavigation(False)
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        # The outcome column fits its longest words: a corrected mark's outcome in full.
        metrics = self.table.fontMetrics()
        longest = max(
            metrics.horizontalAdvance(saved_outcome_text(outcome, corrected=True))
            for outcome in AttendanceOutcome
        )
        outcome_width = max(190, longest + 4 * metrics.averageCharWidth())
        widths = ((NAME, 220), (PRISON_NUMBER, 110), (OUTCOME, outcome_width), (REASON, 190))
        for column, width in widths:
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
            self.table.setColumnWidth(column, width)
        header.setSectionResizeMode(NOTE, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(PROBLEM, QHeaderView.ResizeMode.Stretch)
        self.table.setAccessibleName(self.tr("Register"))

        # Every row's problems in full under the table (user trial: the Problem column cut
        # them, "Reason: choose on…"); each names the row's person.
        self.row_problems = QLabel()
        self.row_problems.setObjectName("registerRowProblems")
        self.row_problems.setWordWrap(True)
        self.row_problems.setTextFormat(Qt.TextFormat.PlainText)
        self.row_problems.setStyleSheet("color: #a4262c;")
        self.row_problems.setAccessibleName(self.tr("Problems"))
        self.row_problems.hide()

        self.progress = QLabel()
        self.mark_rest_button = QPushButton(self.tr("Mark the rest attended and complied"))
        self.mark_rest_button.setToolTip(self.tr("Ctrl+Shift+A"))
        self.mark_rest_button.clicked.connect(self.mark_rest)
        self.save_button = QPushButton(self.tr("Save register"))
        self.save_button.setToolTip(self.tr("Ctrl+S"))
        self.save_button.setDefault(False)
        self.save_button.setAutoDefault(False)
        self.save_button.clicked.connect(self.save)
        self._action(QKeySequence.StandardKey.Save, self.save)
        self._action(QKeySequence("Ctrl+Shift+A"), self.mark_rest)

        buttons = QHBoxLayout()
        buttons.addWidget(self.progress, 1)
        buttons.addWidget(self.mark_rest_button)
        buttons.addWidget(self.save_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.keys)
        layout.addWidget(self.register_problems)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.row_problems)
        layout.addLayout(buttons)

    def _action(
        self, keys: QKeySequence | QKeySequence.StandardKey, slot: Callable[[], object]
    ) -> None:
        action = QAction(self)
        action.setShortcut(keys)
        action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        action.triggered.connect(lambda _checked=False: slot())
        self.addAction(action)

    # --- contents ------------------------------------------------------------------------
    def set_register(self, register: Register, title: str = "") -> None:
        """Show ``register`` (a new one: earlier problems go) with the first row current."""
        self._checking = False
        self.model.set_register(register)
        self._catch_up = register.catch_up
        # A catch-up is for those who missed the session it repeats: marking the rest as
        # attended would credit people with a session they were not at.
        self.mark_rest_button.setVisible(not register.catch_up)
        self.title.setText(title)
        self._show_register_problems()
        self._update_progress()
        if self.model.rowCount():
            self.table.setCurrentIndex(self.model.index(0, OUTCOME))
            if not self.model.markable(0):
                self._next_row(0)
        self.table.setFocus()

    # --- keys ----------------------------------------------------------------------------
    def current_row(self) -> int:
        return self.table.currentIndex().row()

    def _key(self, event: QKeyEvent) -> bool:
        row = self.current_row()
        key = Qt.Key(event.key())
        # A mark's letter typed in capitals (Shift or Caps Lock) marks as the small letter does.
        allowed = Qt.KeyboardModifier.KeypadModifier
        if key in OUTCOME_KEYS:
            allowed |= Qt.KeyboardModifier.ShiftModifier
        if row < 0 or event.modifiers() & ~allowed:
            return False
        marking = key in _MARK_AND_MOVE or key in REASON_KEYS or key == Qt.Key.Key_X
        if marking and not self.model.markable(row):
            QApplication.beep()  # released, or marked before: this row takes no mark
            return True
        if key in _MARK_AND_MOVE:
            self.model.set_outcome(row, _MARK_AND_MOVE[key])
            self._next_row(row)
        elif key == Qt.Key.Key_X:
            if self.model.row_at(row).outcome is AttendanceOutcome.ACCEPTABLE_ABSENCE:
                self.model.cycle_reason(row)
            else:
                self.model.set_outcome(row, AttendanceOutcome.ACCEPTABLE_ABSENCE)
        elif key in REASON_KEYS:
            self._reason(row, REASON_KEYS[key])
        elif key in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace):
            self.model.set_outcome(row, None)
        elif key in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_F2):
            self.edit_note(row)
        else:
            return False
        return True

    def _reason(self, row: int, reason: AbsenceReason) -> None:
        self.model.set_reason(row, reason)
        if reason is AbsenceReason.OTHER and not self.model.row_at(row).note.strip():
            self.edit_note(row)
        else:
            self._next_row(row)

    def _next_row(self, row: int) -> None:
        """Go to the next row that takes a mark (skipping released people and people marked
        before); stay on the last one."""
        following = range(row + 1, self.model.rowCount())
        target = next((r for r in following if self.model.markable(r)), None)
        if target is not None:
            self.table.setCurrentIndex(self.model.index(target, OUTCOME))

    def edit_note(self, row: int) -> None:
        index = self.model.index(row, NOTE)
        self.table.setCurrentIndex(index)
        self.table.edit(index)

    # --- actions -------------------------------------------------------------------------
    def mark_rest(self) -> int:
        """Mark every unmarked person attended and complied; returns how many (none on a
        catch-up's register, where only those it is for are marked)."""
        if self._catch_up:
            return 0
        return self.model.mark_remaining(AttendanceOutcome.ATTENDED_COMPLIED)

    def save(self) -> bool:
        """Check the register; send it (True) or show its problems and send nothing."""
        if self.table.state() == QAbstractItemView.State.EditingState:
            self.table.setFocus()  # commits the note being written
        if self.model.rowCount() == 0:
            return False
        register = self.model.register()
        problems = validate_register(register, self.now())
        self.model.set_problems(problems)
        self._checking = bool(problems)
        self._show_register_problems()
        if problems:
            first = next((p.row for p in problems if p.row is not None), None)
            if first is not None:
                self.table.setCurrentIndex(self.model.index(first, OUTCOME))
            return False
        self._checking = False
        self.save_requested.emit(register)
        return True

    def show_problems(self, problems: list[RegisterProblem]) -> None:
        """Show problems found elsewhere (the service's refusal) as Save shows its own: on
        their rows, the first of them current, checked again on every change."""
        self.model.set_problems(problems)
        self._checking = True
        self._show_register_problems()
        first = next((p.row for p in problems if p.row is not None), None)
        if first is not None:
            self.table.setCurrentIndex(self.model.index(first, OUTCOME))

    def _edited(self) -> None:
        if self._checking:
            self.model.set_problems(validate_register(self.model.register(), self.now()))
            self._show_register_problems()
        self._update_progress()

    def _show_register_problems(self) -> None:
        problems = self.model.register_problems()
        self.register_problems.setText("\n".join(problem_text(p) for p in problems))
        self.register_problems.setVisible(bool(problems))
        lines = [
            f"{self.model.row_at(row).name}: {problem_text(problem)}"
            for row in range(self.model.rowCount())
            for problem in self.model.problems_at(row)
        ]
        if len(lines) > ROW_PROBLEMS_SHOWN:  # the table keeps its room on a laptop screen
            more = len(lines) - ROW_PROBLEMS_SHOWN + 1
            rest = self.tr("… and %1 more, each in full on its row's tooltip.")
            lines = [*lines[: ROW_PROBLEMS_SHOWN - 1], rest.replace("%1", str(more))]
        self.row_problems.setText("\n".join(lines))
        self.row_problems.setVisible(bool(lines))
        self._update_progress()

    def problem_count(self) -> int:
        """The problems shown: the register's and every row's."""
        return len(self.model.register_problems()) + sum(
            len(self.model.problems_at(row)) for row in range(self.model.rowCount())
        )

    def _update_progress(self) -> None:
        count = self.problem_count() if self._checking else 0
        if count:  # a save refused: it says so until the problems are put right
            self.progress.setText(
                self.tr("Nothing saved: 1 problem.")
                if count == 1
                else self.tr("Nothing saved: %1 problems.").replace("%1", str(count))
            )
            return
        left = self.model.unmarked_count()
        if self._catch_up:
            self.progress.setText(
                self.tr("A catch-up: mark those it is for; the others need no mark.")
            )
            return
        self.progress.setText(
            self.tr("Everyone is marked.") if left == 0 else self.tr("%n still to mark.", "", left)
        )
