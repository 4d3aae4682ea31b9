"""A form bound to a domain model: values in and out, problems under fields, dirty tracking.

Each field is a widget and a name the domain uses (``prison_number``). On every edit the form
collects its values and asks the domain whether they can be saved (``validate`` on the model,
so the same rules and messages as saving); problems appear under the fields they name, and the
form says whether it is dirty (different from what was loaded) and valid.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel
from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from resettle.domain.errors import FieldProblem, ValidationFailed
from resettle.domain.validation import validate
from resettle.ui.common.date_field import DateField
from resettle.ui.common.widgets import (
    ChoiceCombo,
    OptionalPercentBox,
    OptionalSpinBox,
    OptionalTimeEdit,
    ProblemLabel,
    set_read_only,
)

#: The code of the problem a date field reports for text that is not a date.
UNREADABLE_DATE = "unreadable_date"

Validator = Callable[[dict[str, Any]], list[FieldProblem]]


def model_validator(model_cls: type[BaseModel]) -> Validator:
    """Problems the domain finds in ``data`` for ``model_cls`` (none when it would save)."""

    def check(data: dict[str, Any]) -> list[FieldProblem]:
        try:
            validate(model_cls, data)
        except ValidationFailed as failed:
            return list(failed.problems)
        return []

    return check


@dataclass
class BoundField:
    name: str
    widget: QWidget
    get: Callable[[], Any]
    set: Callable[[Any], None]
    problem: ProblemLabel
    to_model: Callable[[Any], Any] | None = None
    from_model: Callable[[Any], Any] | None = None

    def value(self) -> Any:
        raw = self.get()
        return self.to_model(raw) if self.to_model else raw

    def show(self, value: Any) -> None:
        self.set(self.from_model(value) if self.from_model else value)


class Form(QObject):
    """Fields of one model. ``changed`` fires on every edit, after problems are refreshed."""

    changed = Signal()

    def __init__(self, validator: Validator | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.validator = validator
        self.fields: dict[str, BoundField] = {}
        self.general_problem = ProblemLabel()
        self.baseline: dict[str, Any] = {}
        self.fixed: dict[str, Any] = {}  # values the form sends but does not show (e.g. kind)
        self.problems: list[FieldProblem] = []
        #: Fields the user has edited since the last load. Problems of the others show as a
        #: quiet hint (what is still needed), not in red as if the user had made a mistake.
        self.touched: set[str] = set()
        self._loading = False

    # --- building ------------------------------------------------------------------------
    def bind(
        self,
        name: str,
        widget: QWidget,
        accessible_name: str,
        to_model: Callable[[Any], Any] | None = None,
        from_model: Callable[[Any], Any] | None = None,
    ) -> BoundField:
        """Bind ``widget`` to field ``name``; ``to_model``/``from_model`` convert its value."""
        get, put, signal = _accessors(widget)
        if isinstance(widget, DateField | OptionalTimeEdit):
            widget.set_accessible_name(accessible_name)
        else:
            widget.setAccessibleName(accessible_name)
        field = BoundField(name, widget, get, put, ProblemLabel(), to_model, from_model)
        self.fields[name] = field
        signal.connect(lambda *_args, name=name: self._edited(name))
        return field

    def add_row(
        self,
        layout: QFormLayout,
        name: str,
        label: str,
        widget: QWidget,
        accessible: str = "",
        shown: QWidget | None = None,
        **convert: Callable[[Any], Any],
    ) -> BoundField:
        """Bind ``widget`` and add it to ``layout`` with its label and problem line.

        ``shown`` is laid out instead of ``widget`` when the field sits among other controls.
        """
        plain = label.replace("&", "")
        field = self.bind(name, widget, accessible or plain, **convert)
        cell = QWidget()
        cell.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        column = QVBoxLayout(cell)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)
        placed = shown or widget
        policy = placed.sizePolicy().horizontalPolicy()
        if policy in (QSizePolicy.Policy.Expanding, QSizePolicy.Policy.MinimumExpanding):
            column.addWidget(placed)
        else:  # short choices, dates and numbers keep their own width
            column.addWidget(placed, 0, Qt.AlignmentFlag.AlignLeft)
        column.addWidget(field.problem)
        if isinstance(widget, QCheckBox) and not label:
            layout.addRow("", cell)
        else:
            caption = QLabel(label)
            caption.setBuddy(widget)
            layout.addRow(caption, cell)
        return field

    # --- values --------------------------------------------------------------------------
    def values(self) -> dict[str, Any]:
        data = dict(self.fixed)
        data.update({name: field.value() for name, field in self.fields.items()})
        return data

    def load(self, values: Mapping[str, Any]) -> None:
        """Show ``values`` as the saved state (not dirty), then check them."""
        self._loading = True
        try:
            for name, field in self.fields.items():
                if name in values:
                    field.show(values[name])
        finally:
            self._loading = False
        self.baseline = self.values()
        self.touched = set()
        self.check()

    def accept_current(self) -> None:
        """What is shown was saved: it becomes the baseline."""
        self.baseline = self.values()
        self.changed.emit()

    @property
    def dirty(self) -> bool:
        return self.values() != self.baseline

    @property
    def valid(self) -> bool:
        return not self.problems

    # --- problems ------------------------------------------------------------------------
    def check(self) -> list[FieldProblem]:
        unreadable = self._unreadable()
        found = self.validator(self.values()) if self.validator else []
        skip = {problem.field for problem in unreadable}
        self.problems = unreadable + [p for p in found if p.field.split(".", 1)[0] not in skip]
        self._show(self.problems)
        return self.problems

    def show_problems(self, problems: list[FieldProblem], focus: bool = True) -> None:
        """After a refused save: each message under the field it names (else at the top),
        all as errors, and focus on the first field named."""
        self.touched |= {p.field.split(".", 1)[0] for p in problems}
        self._show(problems)
        if focus and problems:
            first = problems[0].field.split(".", 1)[0]
            if first in self.fields:
                self.fields[first].widget.setFocus()

    def _show(self, problems: list[FieldProblem]) -> None:
        by_field: dict[str, list[str]] = {}
        general: list[str] = []
        for problem in problems:
            name = problem.field.split(".", 1)[0]
            if name in self.fields:
                by_field.setdefault(name, []).append(problem.message)
            else:
                general.append(problem.message)
        for name, field in self.fields.items():
            messages = by_field.get(name, [])
            field.problem.show_problem("\n".join(dict.fromkeys(messages)), name in self.touched)
            field.widget.setAccessibleDescription(" ".join(messages))
        self.general_problem.show_problem("\n".join(dict.fromkeys(general)))

    def _unreadable(self) -> list[FieldProblem]:
        """Fields whose text is not a value at all (a date that cannot be read): these are
        reported instead of what the domain says about the empty value they give."""
        return [
            FieldProblem(field=name, code=UNREADABLE_DATE, message=field.widget.problem())
            for name, field in self.fields.items()
            if isinstance(field.widget, DateField) and field.widget.problem()
        ]

    def problem_for(self, name: str) -> str:
        return self.fields[name].problem.text()

    def set_read_only(self, read_only: bool) -> None:
        set_read_only([field.widget for field in self.fields.values()], read_only)

    def _edited(self, name: str) -> None:
        if self._loading:
            return
        self.touched.add(name)
        self.check()
        self.changed.emit()


def _accessors(widget: QWidget) -> tuple[Callable[[], Any], Callable[[Any], None], Any]:
    if isinstance(widget, ChoiceCombo):
        return widget.value, widget.set_value, widget.value_changed
    if isinstance(widget, DateField | OptionalTimeEdit):
        return widget.value, widget.set_value, widget.value_changed
    if isinstance(widget, OptionalSpinBox | OptionalPercentBox):
        return widget.optional_value, widget.set_optional_value, widget.value_changed
    if isinstance(widget, QCheckBox):
        return widget.isChecked, lambda v: widget.setChecked(bool(v)), widget.toggled
    if isinstance(widget, QLineEdit):
        return (
            widget.text,
            lambda v: widget.setText("" if v is None else str(v)),
            (widget.textChanged),
        )
    if isinstance(widget, QPlainTextEdit):
        return widget.toPlainText, lambda v: widget.setPlainText(v or ""), widget.textChanged
    raise TypeError(f"no form binding for {type(widget).__name__}")
