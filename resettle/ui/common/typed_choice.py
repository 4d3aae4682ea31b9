"""A choice from a long list that the user may type into: ``TypedChoiceCombo``.

Establishment names all start "HMP", so a combo box's first-letter search is no help. Here the
typed text is matched anywhere in each name, ignoring case ("pent" finds "HMP Pentonville"),
and a completion popup lists the matches. Enter, Tab or leaving the field takes the name
highlighted in the popup, else the one name the text matches. Text that matches no name, or
several, stays as typed: ``value()`` is None and ``problem()`` says why, naming the field
("Establishment: no establishment matches 'xyz'"), so a form lists it with its other problems
instead of saving a wrong pick. While the user is still typing (``pending``) forms keep that
problem to themselves, as for a date being typed.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QComboBox, QCompleter, QLineEdit, QListView, QWidget

from resettle.ui.common.widgets import ChoiceCombo

_ACCEPT_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter)
_LEAVE_KEYS = (Qt.Key.Key_Tab, Qt.Key.Key_Backtab)


class TypedChoiceCombo(ChoiceCombo):
    """A :class:`ChoiceCombo` (long items) that accepts typing; see the module's notes.

    ``noun`` and ``nouns`` name one and several of the things chosen, for the problems
    ("no establishment matches ...", "... matches 3 establishments")."""

    def __init__(self, noun: str, nouns: str, parent: QWidget | None = None) -> None:
        super().__init__(parent, long_items=True)
        self.noun = noun
        self.nouns = nouns
        #: The user is typing and the text has not been taken as a choice yet.
        self.pending = False
        self.setEditable(True)
        edit = QLineEdit(self)
        self.setLineEdit(edit)
        self.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        completer = QCompleter(self.model(), self)
        completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.setCompleter(completer)
        self._popup = QListView()
        completer.setPopup(self._popup)
        edit.textEdited.connect(self._typed)
        edit.editingFinished.connect(self.take_typed)
        edit.installEventFilter(self)
        self.installEventFilter(self)
        self.editTextChanged.connect(lambda _text: self.value_changed.emit())

    # --- value ---------------------------------------------------------------------------
    def value(self) -> Any:
        """The value whose name is shown; None for an empty box, or text that names none."""
        index = self._exact_index(self.currentText())
        return self.values()[index] if index is not None else None

    def set_value(self, value: Any) -> None:
        self.pending = False
        super().set_value(value)
        if self.count():
            self.setEditText(self.itemText(self.currentIndex()))

    def set_choices(self, choices: Any, none_text: str | None = None) -> None:
        super().set_choices(choices, none_text)
        self._popup.setMinimumWidth(self.view().minimumWidth())

    def problem(self) -> str:
        """Why the typed text is not a choice, naming the field; empty when it is one."""
        text = self.currentText().strip()
        if not text or self._exact_index(text) is not None:
            return ""
        field = self.accessibleName() or self.noun
        found = self._matches(text)
        if not found:
            return (
                self.tr("%1: no %2 matches '%3'")
                .replace("%1", field)
                .replace("%2", self.noun)
                .replace("%3", text)
            )
        if len(found) == 1:
            return (
                self.tr("%1: press Enter to choose %2")
                .replace("%1", field)
                .replace("%2", self.itemText(found[0]))
            )
        return (
            self.tr("%1: '%2' matches %3 %4; choose one from the list")
            .replace("%1", field)
            .replace("%2", text)
            .replace("%3", str(len(found)))
            .replace("%4", self.nouns)
        )

    # --- typing --------------------------------------------------------------------------
    def take_typed(self) -> bool:
        """Take what was typed as the choice it names: the whole name (any case), else the
        one name it matches. True when that changed the text shown."""
        self.pending = False
        text = self.currentText()
        index = self._exact_index(text)
        if index is None:
            found = self._matches(text.strip()) if text.strip() else []
            index = found[0] if len(found) == 1 else None
        if index is None:
            if not text.strip() and self.values() and self.values()[0] is None:
                index = 0  # an empty box is the "Not recorded" choice
            else:
                self.value_changed.emit()  # the problem may show now
                return False
        changed = self.itemText(index) != text
        self.setCurrentIndex(index)
        self.setEditText(self.itemText(index))
        self.value_changed.emit()
        return changed

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Keys on the box or its text: Enter on typed text takes the choice and stops there
        (it does not press the dialog's default button; Enter on a whole name goes on as
        usual); Tab takes it and moves on."""
        if event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            key = event.key()
            if key in _ACCEPT_KEYS and self._exact_index(self.currentText()) is None:
                self._popup.hide()
                self.take_typed()
                return True
            if key in _LEAVE_KEYS:
                self._popup.hide()  # else it keeps the focus from leaving
                self.take_typed()
        return super().eventFilter(watched, event)

    def _typed(self, _text: str) -> None:
        """Runs before ``editTextChanged`` (so before ``value_changed``): wait for the user."""
        self.pending = True

    # --- matching ------------------------------------------------------------------------
    def _exact_index(self, text: str) -> int | None:
        wanted = text.strip().casefold()
        if not wanted:
            return 0 if self.values() and self.values()[0] is None else None
        for index in range(self.count()):
            if self.itemText(index).casefold() == wanted:
                return index
        return None

    def _matches(self, text: str) -> list[int]:
        wanted = text.casefold()
        return [index for index in range(self.count()) if wanted in self.itemText(index).casefold()]
