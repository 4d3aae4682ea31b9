"""Input widgets the person window's forms share: choices, optional times and numbers
(dates: :mod:`resettle.ui.common.date_field`)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import Any

from PySide6.QtCore import Qt, QTime, Signal
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QApplication,
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSizePolicy,
    QSpinBox,
    QTimeEdit,
    QWidget,
)

from resettle.ui.common.date_field import DateField
from resettle.ui.common.message_style import READ_ONLY_TEXT, Tone, text_colour

_UNSET_TIME = QTime(0, 0)


class ChoiceCombo(QComboBox):
    """A combo box of (value, text) pairs whose ``value()`` is the Python value, not a string."""

    value_changed = Signal()

    def __init__(self, parent: QWidget | None = None, *, long_items: bool = False) -> None:
        """``long_items``: the box takes the width it is given and the list opens wider."""
        super().__init__(parent)
        self._values: list[Any] = []
        self._long = long_items
        if long_items:
            self.setSizeAdjustPolicy(
                QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
            )
            self.setMinimumContentsLength(24)
            self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        else:
            self.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.currentIndexChanged.connect(lambda _index: self.value_changed.emit())

    def set_choices(self, choices: Iterable[tuple[Any, str]], none_text: str | None = None) -> None:
        current = self.value() if self._values else None
        self.blockSignals(True)
        self.clear()
        self._values = []
        if none_text is not None:
            self._values.append(None)
            self.addItem(none_text)
        for value, text in choices:
            self._values.append(value)
            self.addItem(text)
        self.blockSignals(False)
        self.set_value(current)
        if self._long:
            view = self.view()
            view.setMinimumWidth(min(900, view.sizeHintForColumn(0) + 30))

    def value(self) -> Any:
        index = self.currentIndex()
        return self._values[index] if 0 <= index < len(self._values) else None

    def set_value(self, value: Any) -> None:
        index = self._values.index(value) if value in self._values else 0
        if not self._values:
            return
        self.setCurrentIndex(index)

    def values(self) -> Sequence[Any]:
        return tuple(self._values)


class _OptionalEdit(QWidget):
    """An editor plus a "Not recorded" tick box: ``value()`` is None while it is ticked."""

    value_changed = Signal()

    def __init__(self, editor: QAbstractSpinBox, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.editor = editor
        self.unset = QCheckBox(self.tr("Not recorded"))
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(editor)
        layout.addWidget(self.unset)
        layout.addStretch(1)
        self.setFocusProxy(editor)
        self.unset.toggled.connect(self._toggled)

    def set_accessible_name(self, name: str) -> None:
        self.editor.setAccessibleName(name)
        self.unset.setAccessibleName(self.tr("%1 not recorded").replace("%1", name))

    def _toggled(self, unset: bool) -> None:
        if unset:
            self._show_unset()
        elif self._is_unset_value():
            self._show_default()
        self.editor.setEnabled(not unset and self.isEnabled())
        if not unset and self.unset.hasFocus():
            self.editor.setFocus()
        self.value_changed.emit()

    def set_read_only(self, read_only: bool) -> None:
        self.editor.setReadOnly(read_only)
        self.unset.setEnabled(not read_only)

    # subclasses
    def _show_unset(self) -> None:
        raise NotImplementedError

    def _show_default(self) -> None:
        raise NotImplementedError

    def _is_unset_value(self) -> bool:
        raise NotImplementedError


class OptionalTimeEdit(_OptionalEdit):
    def __init__(self, parent: QWidget | None = None) -> None:
        editor = QTimeEdit()
        editor.setDisplayFormat("HH:mm")
        editor.setMinimumTime(_UNSET_TIME)
        editor.setSpecialValueText(" ")
        super().__init__(editor, parent)
        self._editor = editor
        editor.timeChanged.connect(self._time_changed)
        self.set_value(None)

    def _time_changed(self, time: QTime) -> None:
        if time == _UNSET_TIME and not self.unset.isChecked():
            self.unset.setChecked(True)
            return
        self.value_changed.emit()

    def _show_unset(self) -> None:
        self._editor.blockSignals(True)
        self._editor.setTime(_UNSET_TIME)
        self._editor.blockSignals(False)

    def _show_default(self) -> None:
        self._editor.blockSignals(True)
        self._editor.setTime(QTime(10, 0))
        self._editor.blockSignals(False)

    def _is_unset_value(self) -> bool:
        return self._editor.time() == _UNSET_TIME

    def value(self) -> dt.time | None:
        if self.unset.isChecked():
            return None
        return self._editor.time().toPython()  # type: ignore[no-any-return]

    def set_value(self, value: dt.time | None) -> None:
        self.blockSignals(True)
        if value is None or value == dt.time(0, 0):
            self.unset.setChecked(True)
            self._show_unset()
            value = None
        else:
            self._editor.blockSignals(True)
            self._editor.setTime(QTime(value))
            self._editor.blockSignals(False)
            self.unset.setChecked(False)
        self._editor.setEnabled(value is not None)
        self.blockSignals(False)


class OptionalSpinBox(QSpinBox):
    """A whole number that may be "Not recorded" (shown at the bottom of the range)."""

    value_changed = Signal()

    def __init__(self, maximum: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setRange(-1, maximum)
        self.setSpecialValueText(self.tr("Not recorded"))
        self.setMinimumWidth(120)
        self.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        self.setValue(-1)
        self.valueChanged.connect(lambda _value: self.value_changed.emit())

    def optional_value(self) -> int | None:
        value = int(self.value())
        return None if value < 0 else value

    def set_optional_value(self, value: int | None) -> None:
        self.setValue(-1 if value is None else value)


class OptionalPercentBox(QDoubleSpinBox):
    """A percentage (0-100, one decimal) that may be "Not recorded"."""

    value_changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setRange(-0.1, 100.0)
        self.setDecimals(1)
        self.setSingleStep(1.0)
        self.setSuffix("%")
        self.setSpecialValueText(self.tr("Not recorded"))
        self.setMinimumWidth(120)
        self.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        self.setValue(-0.1)
        self.valueChanged.connect(lambda _value: self.value_changed.emit())

    def stepBy(self, steps: int) -> None:
        if self.value() < 0 and steps > 0:  # from "Not recorded" to 0%, not 0.9%
            self.setValue(0.0)
            steps -= 1
        super().stepBy(steps)

    def optional_value(self) -> float | None:
        value = float(self.value())
        return None if value < 0 else value

    def set_optional_value(self, value: float | None) -> None:
        self.setValue(-0.1 if value is None else value)


class ProblemLabel(QLabel):
    """The message under a field while what it holds cannot be saved, in the app's one message
    style (``message_style``): a problem once the user has edited the field (or a save was
    refused), a quiet hint before that.

    With ``reserve`` the label keeps one line's height while empty, so a message appearing or
    going does not move the fields below it; without, it is hidden while empty (a message
    above a form)."""

    def __init__(self, parent: QWidget | None = None, *, reserve: bool = False) -> None:
        super().__init__(parent)
        self.setWordWrap(True)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)
        self.reserve = reserve
        self.urgent = True
        text_colour(self, Tone.ERROR)
        if reserve:
            self.setMinimumHeight(self.fontMetrics().lineSpacing())
        else:
            self.hide()

    def show_problem(self, text: str, urgent: bool = True) -> None:
        if urgent is not self.urgent:
            self.urgent = urgent
            text_colour(self, Tone.ERROR if urgent else Tone.HINT)
        if text != self.text():
            self.setText(text)
            self.setAccessibleName(text)
        if not self.reserve and bool(text) is not self.isVisibleTo(self.parentWidget() or self):
            self.setVisible(bool(text))


def set_read_only(widgets: Iterable[QWidget], read_only: bool) -> None:
    """Every field of a read-only form looks read-only, one way: flat, on the window's colour
    (no white box to type in, no raised button), the value in the read-only grey of
    ``message_style`` (readable, unlike Qt's disabled grey). Text stays selectable
    (read-only); choices, ticks and buttons are disabled. The hints that invite typing are
    put away, and back when the form is editable again."""
    for widget in widgets:
        if isinstance(widget, QLineEdit | QPlainTextEdit):
            widget.setReadOnly(read_only)
            _keep_placeholder(widget, read_only)
        elif isinstance(widget, _OptionalEdit | DateField):
            widget.set_read_only(read_only)
        elif isinstance(widget, QAbstractSpinBox):
            widget.setReadOnly(read_only)
            # No up and down arrows that invite a click on a value that cannot change.
            widget.setButtonSymbols(
                QAbstractSpinBox.ButtonSymbols.NoButtons
                if read_only
                else QAbstractSpinBox.ButtonSymbols.UpDownArrows
            )
        else:  # choices, ticks, buttons
            widget.setEnabled(not read_only)
        read_only_look(widget, read_only)


def read_only_look(widget: QWidget, read_only: bool) -> None:
    """The one look of a field that cannot be changed (see :func:`set_read_only`)."""
    palette = QApplication.palette(widget)
    if read_only:
        window = palette.color(QPalette.ColorGroup.Active, QPalette.ColorRole.Window)
        text = QColor(READ_ONLY_TEXT)
        for group in (
            QPalette.ColorGroup.Active,
            QPalette.ColorGroup.Inactive,
            QPalette.ColorGroup.Disabled,
        ):
            palette.setColor(group, QPalette.ColorRole.Base, window)
            palette.setColor(group, QPalette.ColorRole.Button, window)
            for role in (
                QPalette.ColorRole.Text,
                QPalette.ColorRole.ButtonText,
                QPalette.ColorRole.WindowText,
            ):
                palette.setColor(group, role, text)
    widget.setPalette(palette)
    editor = getattr(widget, "editor", None)
    if isinstance(editor, QWidget):
        editor.setPalette(palette)


def _keep_placeholder(widget: QLineEdit | QPlainTextEdit, read_only: bool) -> None:
    if read_only:
        if widget.placeholderText():
            widget.setProperty("editable_placeholder", widget.placeholderText())
        widget.setPlaceholderText("")  # no "e.g. ..." invitations to type
    else:
        widget.setPlaceholderText(str(widget.property("editable_placeholder") or ""))


def line_edit(max_length: int, placeholder: str = "") -> QLineEdit:
    """One line of text, at most ``max_length`` characters, with a greyed hint."""
    edit = QLineEdit()
    edit.setMaxLength(max_length)
    edit.setPlaceholderText(placeholder)
    return edit


def plain_text_edit(
    accessible_name: str, height: int = 80, max_height: int | None = None
) -> QPlainTextEdit:
    """Several lines of text; Tab moves on (it does not type a tab)."""
    edit = QPlainTextEdit()
    edit.setTabChangesFocus(True)  # keyboard users leave the box with Tab
    edit.setAccessibleName(accessible_name)
    edit.setMinimumHeight(height)
    edit.setMaximumHeight(max_height or int(height * 1.6))
    return edit
