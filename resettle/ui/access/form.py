"""What the access dialogs share: a heading, notes, a form of fields, the problem under it,
and the button that tries the form (with a busy cursor while a password is checked).

A password takes about 0.3 s to check (argon2), so the attempt runs on the UI thread under a
wait cursor rather than through the worker: there is nothing to cancel and nothing to show.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QShowEvent
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from resettle.ui.access.outcome import AttemptOutcome
from resettle.ui.common.message_style import Tone, style_banner, text_colour
from resettle.ui.common.widgets import ProblemLabel, line_edit

#: Long enough for any pass phrase; short enough that nobody pastes a file into it.
PASSWORD_MAX_LENGTH = 256
USERNAME_MAX_LENGTH = 64
FULL_NAME_MAX_LENGTH = 120


@contextmanager
def busy_cursor() -> Iterator[None]:
    """A wait cursor while the block runs (a password check takes a moment)."""
    QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
    try:
        yield
    finally:
        QApplication.restoreOverrideCursor()


def attempt(call: Callable[[], AttemptOutcome]) -> AttemptOutcome:
    """Run ``call`` under a wait cursor."""
    with busy_cursor():
        return call()


def password_edit(accessible_name: str) -> QLineEdit:
    """A password field: dots, not letters; nothing the input method would remember."""
    edit = line_edit(PASSWORD_MAX_LENGTH)
    edit.setEchoMode(QLineEdit.EchoMode.Password)
    edit.setInputMethodHints(
        Qt.InputMethodHint.ImhHiddenText
        | Qt.InputMethodHint.ImhSensitiveData
        | Qt.InputMethodHint.ImhNoPredictiveText
    )
    edit.setAccessibleName(accessible_name)
    return edit


def text_edit(accessible_name: str, max_length: int) -> QLineEdit:
    edit = line_edit(max_length)
    edit.setAccessibleName(accessible_name)
    return edit


def heading_label(text: str) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.PlainText)
    font = QFont(label.font())
    font.setPointSizeF(font.pointSizeF() * 1.25)
    font.setBold(True)
    label.setFont(font)
    label.setAccessibleName(text)
    return label


def note_label(text: str, tone: Tone = Tone.HINT) -> QLabel:
    """A line of explanation: quiet grey (``Tone.HINT``) or a tinted band (warning, notice)."""
    label = QLabel(text)
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setAccessibleName(text)
    if tone is Tone.HINT:
        text_colour(label, tone)
    else:
        style_banner(label, tone)
    return label


class CredentialsDialog(QDialog):
    """A small form that is tried as a whole: :meth:`submit` checks it locally, calls the
    attempt and shows a refusal under the fields (:meth:`refuse`). Password fields are
    emptied whenever the dialog closes, so no password stays in memory with a hidden window."""

    def __init__(
        self, title: str, heading: str, ok_text: str, cancel_text: str, parent: QWidget | None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setModal(True)
        self.heading = heading_label(heading)
        self.notes = QVBoxLayout()
        self.notes.setSpacing(6)
        self.form = QFormLayout()
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.problem = ProblemLabel(reserve=True)
        self.problem.setAccessibleDescription(self.tr("Why the form was not accepted"))
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok_button: QPushButton = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.cancel_button: QPushButton = self.buttons.button(
            QDialogButtonBox.StandardButton.Cancel
        )
        for button, text in ((self.ok_button, ok_text), (self.cancel_button, cancel_text)):
            button.setText(text)
            button.setAccessibleName(text.replace("&", ""))
        self.ok_button.setDefault(True)
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        self.footer = QVBoxLayout()
        layout = self.main_layout = QVBoxLayout(self)
        layout.setSpacing(10)
        layout.addWidget(self.heading)
        layout.addLayout(self.notes)
        layout.addLayout(self.form)
        layout.addWidget(self.problem)
        layout.addStretch(1)
        layout.addLayout(self.footer)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(520)
        self._passwords: list[QLineEdit] = []

    def add_note(self, text: str, tone: Tone = Tone.HINT) -> QLabel:
        label = note_label(text, tone)
        self.notes.addWidget(label)
        return label

    def add_field(self, caption: str, edit: QLineEdit) -> QLineEdit:
        """A row of the form; ``caption`` carries the keyboard mnemonic ("&User name")."""
        label = QLabel(caption)
        label.setBuddy(edit)
        self.form.addRow(label, edit)
        if edit.echoMode() == QLineEdit.EchoMode.Password:
            self._passwords.append(edit)
        return edit

    def add_hint(self, text: str) -> QLabel:
        """A quiet line under the last field (what a good password is)."""
        label = note_label(text)
        self.form.addRow("", label)
        return label

    def missing(self, fields: list[tuple[QLineEdit, str]]) -> bool:
        """Show ``message`` for the first field left empty and put the keyboard there."""
        for edit, message in fields:
            empty = not edit.text() if edit in self._passwords else not edit.text().strip()
            if empty:
                self.refuse(message, focus=edit)
                return True
        return False

    def refuse(self, message: str, focus: QLineEdit, clear: tuple[QLineEdit, ...] = ()) -> None:
        """Say why under the fields, empty ``clear`` and put the keyboard on ``focus``."""
        for edit in clear:
            edit.clear()
        self.problem.show_problem(message)
        self.fit_height()
        focus.setFocus(Qt.FocusReason.OtherFocusReason)
        focus.selectAll()
        # Enter goes on meaning the main button, whichever button the pointer last pressed.
        self.ok_button.setDefault(True)

    def fit_height(self) -> None:
        """Grow to the height the wrapped lines need at the width the dialog has (a top-level
        window does not ask its layout for that by itself, so a long message or hint would
        be cut short)."""
        needed = self.heightForWidth(self.width())
        if needed > self.height():
            self.resize(self.width(), needed)
        self.main_layout.activate()  # lay the lines out now, not at the next event

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.fit_height()

    def submit(self) -> None:  # pragma: no cover - every dialog has its own
        raise NotImplementedError

    def done(self, result: int) -> None:
        for edit in self._passwords:
            edit.clear()
        super().done(result)


__all__ = [
    "CredentialsDialog",
    "attempt",
    "busy_cursor",
    "heading_label",
    "note_label",
    "password_edit",
    "text_edit",
]
