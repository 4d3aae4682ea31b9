"""Taking one session's register from the Programmes view.

The dialog reads the register off the UI thread (``register_for_session``: the rows the
account may see and the marks recorded before), shows it in the keyboard register
(:class:`RegisterView`), and saves it whole with ``record_attendance``. A refusal is shown on
the rows it names (and the session's above the table), nothing saved; a save closes the
dialog and ``saved`` carries what was recorded. A row marked before is shown with its mark
and is corrected, never marked again: "Correct mark…" records a new mark (``correct_mark``)
superseding it. A one-to-one session not yet tied to a person explains so and offers "Tie to
a person…" (``assign_one_to_one``).

Who may do what is the services' to decide: the view offers the register to the programme
team only, and the services check again.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from resettle.domain.errors import ValidationFailed
from resettle.domain.programme_attendance import (
    NOTE_MAX_LENGTH,
    AbsenceReason,
    AttendanceOutcome,
    RegisterProblem,
    RegisterProblemCode,
)
from resettle.domain.programme_register import (
    CORRECTION_REASON_MAX_LENGTH,
    AttendanceCounts,
    CurrentMark,
    MarkHistoryEntry,
    SessionRegister,
)
from resettle.domain.programmes.sessions import SESSION_ZONE
from resettle.services.programme_attendance import (
    assign_one_to_one,
    correct_mark,
    record_attendance,
    register_for_session,
)
from resettle.services.workspace import Workspace
from resettle.ui.common import screen_fit
from resettle.ui.common.busy import BusyIndicator
from resettle.ui.common.views import push_button
from resettle.ui.common.widgets import ProblemLabel
from resettle.ui.failures import failure_text
from resettle.ui.programmes.register_labels import (
    outcome_count_text,
    outcome_text,
    reason_text,
    saved_outcome_text,
)
from resettle.ui.programmes.register_model import SavedMark
from resettle.ui.programmes.register_view import RegisterView


def _tr(text: str) -> str:
    return QCoreApplication.translate("RegisterDialog", text)


_ROW_FIELD = re.compile(r"^rows\[(\d+)\]\.(\w+)$")


def refused_problems(error: ValidationFailed) -> tuple[list[RegisterProblem], list[str]]:
    """The service's refusal as problems on the register's rows (``rows[i].field`` with a
    register problem code), and the words of any other problem."""
    rows: list[RegisterProblem] = []
    other: list[str] = []
    codes = {code.value: code for code in RegisterProblemCode}
    for problem in error.problems:
        found = _ROW_FIELD.match(problem.field)
        code = codes.get(problem.code)
        if code is not None and found is not None:
            rows.append(RegisterProblem(code=code, field=found[2], row=int(found[1])))
        elif code is not None and problem.field in ("session", "rows"):
            rows.append(RegisterProblem(code=code, field=problem.field))
        else:
            other.append(problem.message)
    return rows, other


def saved_text(counts: AttendanceCounts) -> str:
    """``Register saved: 10 attended and complied, 1 acceptable absence, 1 …``."""
    parts = [
        outcome_count_text(outcome, counts.by_outcome[outcome.value])
        for outcome in AttendanceOutcome
        if counts.by_outcome.get(outcome.value)
    ]
    if not parts:
        return _tr("Register saved: nobody new was marked.")
    return _tr("Register saved: %1.").replace("%1", ", ".join(parts))


def mark_text(mark: CurrentMark) -> str:
    words = outcome_text(mark.outcome)
    if mark.absence_reason is not None:
        words += f" ({reason_text(mark.absence_reason).lower()})"
    if mark.mark_number > 1:
        words += " " + _tr("(corrected)")
    return words


def history_text(entry: MarkHistoryEntry) -> str:
    """One line of a mark's history: ``Mark 2, 03/12/2026 10:15, A Tutor: Unacceptable
    absence. Why corrected: marked the wrong row``."""
    when = entry.recorded_at.astimezone(SESSION_ZONE)
    words = outcome_text(entry.outcome)
    if entry.absence_reason is not None:
        words += f" ({reason_text(entry.absence_reason).lower()})"
    line = (
        _tr("Mark %1, %2, %3: %4")
        .replace("%1", str(entry.mark_number))
        .replace("%2", f"{when:%d/%m/%Y %H:%M}")
        .replace("%3", entry.recorded_by or _tr("unknown"))
        .replace("%4", words)
    )
    if entry.note:
        line += ". " + _tr("Note: %1").replace("%1", entry.note)
    if entry.mark_number > 1:
        line += ". " + _tr("Why corrected: %1").replace(
            "%1", entry.correction_reason or _tr("not recorded")
        )
    return line


def saved_mark(mark: CurrentMark) -> SavedMark:
    """The recorded mark as the register shows it on its row."""
    outcome = saved_outcome_text(mark.outcome, corrected=mark.mark_number > 1)
    return SavedMark(outcome, reason_text(mark.absence_reason), mark.note)


class RegisterDialog(QDialog):
    """``RegisterDialog(workspace, session_id, heading, parent)``; ``saved`` (the counts)
    after a save, ``changed`` after a correction or a one-to-one tied (the view reads again).
    """

    saved = Signal(object)
    changed = Signal(str)

    def __init__(
        self,
        workspace: Workspace,
        session_id: int,
        heading: str,
        parent: QWidget,
        referrals: Sequence[tuple[int, str]] = (),
        now: Callable[[], dt.datetime] | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Register - %1").replace("%1", heading))
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self.workspace = workspace
        self.session_id = session_id
        self.heading = heading
        #: The group's referrals (id, name) a one-to-one session may be tied to.
        self.referrals = list(referrals)
        self.read: SessionRegister | None = None
        #: Every row shown is marked before or released (or none is shown): no save.
        self.nothing_to_mark = True
        self.saving = False
        #: The correction or tie form open over the register, if any.
        self.form_dialog: _SavingForm | None = None
        self.busy = BusyIndicator(self)
        self.view = RegisterView(self)
        if now is not None:
            self.view.now = now
        self.view.save_requested.connect(self._save)
        self.view.table.selectionModel().currentRowChanged.connect(lambda *_: self._update())
        self.general = ProblemLabel()
        self.general.setAccessibleDescription(self.tr("Why it was not saved"))
        self.explain = QLabel()
        self.explain.setWordWrap(True)
        self.explain.hide()
        self.correct_button = push_button(self.tr("C&orrect mark…"))
        self.correct_button.clicked.connect(self.correct)
        self.tie_button = push_button(self.tr("T&ie to a person…"))
        self.tie_button.clicked.connect(self.tie)
        self.tie_button.hide()
        self.close_button = QPushButton(self.tr("Close"))
        self.close_button.setAutoDefault(False)
        self.close_button.clicked.connect(self.reject)
        bottom = QHBoxLayout()
        bottom.addWidget(self.busy.label)
        bottom.addWidget(self.correct_button)
        bottom.addWidget(self.tie_button)
        bottom.addStretch(1)
        bottom.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.explain)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.general)
        layout.addLayout(bottom)
        self.view.setEnabled(False)
        self._update()
        screen_fit.fit_to_screen(self, 1100, 620)
        self.load()

    # --- reading ------------------------------------------------------------------------
    def load(self) -> None:
        runner, session_id = self.workspace, self.session_id
        self.busy.run(
            lambda _job: runner.run(register_for_session, session_id),
            self._arrived,
            on_failure=self._refused,
        )

    def _arrived(self, read: SessionRegister) -> None:
        self.read = read
        self.view.model.set_marked_before(
            {mark.membership_id: saved_mark(mark) for mark in read.current}
        )
        self.view.set_register(read.sheet, self.heading)
        self.view.setEnabled(True)
        one_to_one = read.session_type == "one_to_one"
        untied = one_to_one and not read.sheet.rows
        if untied:
            self.explain.setText(
                self.tr(
                    "This one-to-one session is not tied to a person yet, so its register is "
                    "empty. Choose Tie to a person to say who it is with."
                )
            )
        elif not read.sheet.rows and read.sheet.other_places:
            # Places were held at the session, by people this account may not see.
            self.explain.setText(self.tr("Nobody in this group is shown to you for this session."))
        elif not read.sheet.rows:
            self.explain.setText(self.tr("Nobody held a place in this group at this session."))
        self.explain.setVisible(untied or not read.sheet.rows)
        model = self.view.model
        self.nothing_to_mark = not any(model.markable(r) for r in range(model.rowCount()))
        self.view.save_button.setEnabled(not self.nothing_to_mark)
        self.view.mark_rest_button.setEnabled(not self.nothing_to_mark)
        if not read.sheet.rows:
            self.view.progress.setText(self.tr("Nobody to mark."))
        elif self.nothing_to_mark:
            self.view.progress.setText(
                self.tr("Every mark here is saved: choose Correct mark to change one.")
            )
        self.tie_button.setVisible(untied)
        self._update()
        self.view.table.setFocus()

    # --- saving -------------------------------------------------------------------------
    def _save(self, register: Any) -> None:
        if self.saving or self.nothing_to_mark:
            return
        self.saving = True
        self.general.show_problem("")
        runner, session_id = self.workspace, self.session_id
        self.busy.run(
            lambda _job: runner.run(record_attendance, session_id, register),
            self._saved,
            on_failure=self._refused,
        )

    def _saved(self, counts: AttendanceCounts) -> None:
        self.saving = False
        self.saved.emit(counts)
        self.accept()

    def _refused(self, error: Exception) -> None:
        self.saving = False
        if isinstance(error, ValidationFailed):
            rows, other = refused_problems(error)
            if rows:
                self.view.show_problems(rows)
                other.insert(0, self.tr("Nothing was saved: the problems are shown on their rows."))
            if any(p.code is RegisterProblemCode.ALREADY_MARKED for p in rows):
                other.insert(
                    1,
                    self.tr(
                        "Someone marked these people for this session meanwhile: close the "
                        "register and open it again to see their marks."
                    ),
                )
            self.general.show_problem("\n".join(other))
        else:
            self.general.show_problem(failure_text(error, "attendance register"))

    # --- a row marked before, a one-to-one ---------------------------------------------
    def _current_mark(self) -> CurrentMark | None:
        if self.read is None:
            return None
        row = self.view.current_row()
        if row < 0 or row >= self.view.model.rowCount():
            return None
        membership = self.view.model.row_at(row).membership_id
        return next((m for m in self.read.current if m.membership_id == membership), None)

    def _update(self) -> None:
        self.correct_button.setEnabled(self._current_mark() is not None and not self.saving)

    def correct(self) -> None:
        mark = self._current_mark()
        if mark is None:
            return
        row = self.view.model.row_at(self.view.current_row())
        name = row.name
        self._open_form(
            CorrectMarkDialog(
                self.workspace,
                self.session_id,
                mark,
                name,
                self,
                prison_number=row.prison_number,
                history=self.read.history_of(mark.membership_id) if self.read else (),
            ),
            self.tr("The mark of %1 was corrected.").replace("%1", name),
        )

    def tie(self) -> None:
        self._open_form(
            TieDialog(self.workspace, self.session_id, self.referrals, self),
            self.tr("The one-to-one session is tied to a person."),
        )

    def _open_form(self, dialog: _SavingForm, done: str) -> None:
        """Open ``dialog`` over the register; once it saves, say ``done`` and read again."""
        self.form_dialog = dialog
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)

        def finished(result: int) -> None:
            self.form_dialog = None
            if result == QDialog.DialogCode.Accepted:
                self.changed.emit(done)
                self.load()

        dialog.finished.connect(finished)
        dialog.open()


class _SavingForm(QDialog):
    """A small form saved off the UI thread; a refusal is shown above the buttons."""

    def __init__(self, workspace: Workspace, title: str, ok_text: str, parent: QWidget) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.workspace = workspace
        self.busy = BusyIndicator(self)
        self.form = QFormLayout()
        self.problem = ProblemLabel()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText(ok_text)
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        layout.addWidget(self.problem)
        bottom = QHBoxLayout()
        bottom.addWidget(self.busy.label)
        bottom.addStretch(1)
        bottom.addWidget(self.buttons)
        layout.addLayout(bottom)
        self.setMinimumWidth(420)

    def work(self) -> Callable[[], Any]:  # pragma: no cover - each form has its own
        raise NotImplementedError

    def submit(self) -> None:
        self.problem.show_problem("")
        work = self.work()
        self.busy.run(lambda _job: work(), lambda _r: self.accept(), on_failure=self._refused)

    def _refused(self, error: Exception) -> None:
        if isinstance(error, ValidationFailed):
            self.problem.show_problem("\n".join(p.message for p in error.problems))
        else:
            self.problem.show_problem(failure_text(error, "attendance register"))


class CorrectMarkDialog(_SavingForm):
    """A new mark for a row marked before (the earlier mark stays on record), naming the
    person (name and prison number) above the form. The reason is offered only for an
    acceptable absence: choosing another outcome clears it, so an old reason is never sent
    with a mark that takes none. "Why corrected" is required (refused, naming it, when
    empty); the place's marks so far are listed above the form (its history)."""

    def __init__(
        self,
        workspace: Workspace,
        session_id: int,
        mark: CurrentMark,
        name: str,
        parent: QWidget,
        prison_number: str = "",
        history: Sequence[MarkHistoryEntry] = (),
    ) -> None:
        who = f"{name} ({prison_number})" if prison_number else name
        super().__init__(
            workspace,
            self.tr("Correct the mark of %1").replace("%1", who),
            self.tr("Correct"),
            parent,
        )
        self.session_id = session_id
        self.mark = mark
        self.who = QLabel(self.tr("Correcting the mark of %1.").replace("%1", who))
        self.who.setWordWrap(True)
        bold = self.who.font()
        bold.setBold(True)
        self.who.setFont(bold)
        self.form.addRow(self.who)
        self.outcome = QComboBox()
        for outcome in AttendanceOutcome:
            self.outcome.addItem(outcome_text(outcome), outcome.value)
        self.outcome.setCurrentIndex(self.outcome.findData(mark.outcome.value))
        self.reason = QComboBox()
        # A placeholder, refused if left (the service names the field): no reason is chosen
        # for the person by default.
        self.reason.addItem(self.tr("Choose a reason…"), None)
        for reason in AbsenceReason:
            self.reason.addItem(reason_text(reason), reason.value)
        if mark.absence_reason is not None:
            self.reason.setCurrentIndex(self.reason.findData(mark.absence_reason.value))
        self.note = QLineEdit(mark.note)
        self.note.setMaxLength(NOTE_MAX_LENGTH)
        self.why = QLineEdit()
        self.why.setMaxLength(CORRECTION_REASON_MAX_LENGTH)
        self.why.setPlaceholderText(self.tr("For example: marked the wrong person"))
        # Read only and scrolled: a note in the history may be up to 2,000 characters.
        self.history = QPlainTextEdit("\n".join(history_text(entry) for entry in history))
        self.history.setReadOnly(True)
        self.history.setFixedHeight(96)
        self.history.setAccessibleName(self.tr("History"))
        self.setMinimumWidth(540)
        self.form.addRow(QLabel(self.tr("Now: %1").replace("%1", mark_text(mark))))
        if history:
            self.form.addRow(self.tr("History:"), self.history)
        self.form.addRow(self.tr("&Outcome:"), self.outcome)
        self.form.addRow(self.tr("&Reason:"), self.reason)
        self.form.addRow(self.tr("&Note:"), self.note)
        self.form.addRow(self.tr("&Why corrected:"), self.why)
        for caption, field in (
            (self.tr("Outcome"), self.outcome),
            (self.tr("Reason"), self.reason),
            (self.tr("Note"), self.note),
            (self.tr("Why corrected"), self.why),
        ):
            field.setAccessibleName(caption)
        self.outcome.currentIndexChanged.connect(self._outcome_changed)
        self._outcome_changed()

    def _takes_reason(self) -> bool:
        return bool(self.outcome.currentData() == AttendanceOutcome.ACCEPTABLE_ABSENCE.value)

    def _outcome_changed(self) -> None:
        """Only an acceptable absence has a reason: another outcome clears and locks it.
        The old mark's note goes with its outcome: another outcome clears the note while it
        still holds the old one (a note typed here stays), and going back restores it."""
        takes = self._takes_reason()
        if not takes:
            self.reason.setCurrentIndex(0)
        # The placeholder asks for a reason only where one is taken; locked, it is blank.
        self.reason.setItemText(0, self.tr("Choose a reason…") if takes else "")
        self.reason.setEnabled(takes)
        same = self.outcome.currentData() == self.mark.outcome.value
        if not same and self.mark.note and self.note.text() == self.mark.note:
            self.note.clear()
        elif same and not self.note.text():
            self.note.setText(self.mark.note)

    def work(self) -> Callable[[], Any]:
        data = {
            "membership_id": self.mark.membership_id,
            "expected_mark_number": self.mark.mark_number,
            "outcome": self.outcome.currentData(),
            "absence_reason": self.reason.currentData() if self._takes_reason() else None,
            "note": self.note.text(),
            "correction_reason": self.why.text(),
        }
        runner, session_id = self.workspace, self.session_id
        return lambda: runner.run(correct_mark, session_id, data)


class TieDialog(_SavingForm):
    """Tie a one-to-one session to one of the group's referrals."""

    def __init__(
        self,
        workspace: Workspace,
        session_id: int,
        referrals: Sequence[tuple[int, str]],
        parent: QWidget,
    ) -> None:
        super().__init__(
            workspace, self.tr("Tie the one-to-one session to a person"), self.tr("Tie"), parent
        )
        self.session_id = session_id
        self.person = QComboBox()
        for referral_id, name in referrals:
            self.person.addItem(name, referral_id)
        self.form.addRow(self.tr("Person:"), self.person)
        if not referrals:
            self.problem.show_problem(self.tr("Nobody holds a place in this group."))

    def submit(self) -> None:
        if self.person.currentData() is None:
            self.problem.show_problem(self.tr("Person: choose who the session is with."))
            return
        super().submit()

    def work(self) -> Callable[[], Any]:
        runner, session_id, referral = self.workspace, self.session_id, self.person.currentData()
        return lambda: runner.run(assign_one_to_one, session_id, referral)
