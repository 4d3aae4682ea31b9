"""A form bound to a domain model: values in and out, problems under fields, dirty tracking.

Each field is a widget and a name the domain uses (``prison_number``). On every edit the form
collects its values and asks the domain whether they can be saved (``validate`` on the model,
so the same rules and messages as saving); problems appear under the fields they name, and the
form says whether it is dirty (different from what was loaded) and valid.

How problems show, as in mature form software:

- under its field, in the app's one message style, without the field's caption (it is beside
  the field; screen readers get the whole message as the field's description). Each field
  keeps one line for its message, so a message coming or going does not move the form;
- not while a date is still being typed (``DateField.pending``): once the field is left or
  the date is whole;
- a problem in a field the user has not edited yet is a quiet hint, until a save is tried;
- :meth:`Form.reveal` (Save with problems) shows every problem at once, each in red under its
  field and all listed above the form naming their fields, and puts the keyboard on the
  first. The list stays, kept up to date, until nothing is left to correct.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel
from PySide6.QtCore import QCoreApplication, QObject, Qt, Signal
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
from resettle.ui.common.control_pictures import read_back, shown
from resettle.ui.common.date_field import DateField
from resettle.ui.common.message_style import Tone, style_banner
from resettle.ui.common.typed_choice import TypedChoiceCombo
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
#: The code of the problem a typed choice reports for text that names no single choice.
NO_SUCH_CHOICE = "no_such_choice"

#: Fields that read typed text: their own ``problem()`` for text that is not a value at all,
#: kept back while ``pending`` (the user is still typing).
TypedField = DateField | TypedChoiceCombo

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
    caption: str = ""
    #: The words beside the field when shorter than its accessible name ("Date").
    label: str = ""

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
        style_banner(self.general_problem, Tone.ERROR)
        self.baseline: dict[str, Any] = {}
        self.fixed: dict[str, Any] = {}  # values the form sends but does not show (e.g. kind)
        self.problems: list[FieldProblem] = []
        #: Fields the user has edited since the last load. Problems of the others show as a
        #: quiet hint (what is still needed), not in red as if the user had made a mistake.
        self.touched: set[str] = set()
        #: The whole message shown for each field (empty: none), naming the field.
        self.shown: dict[str, str] = {}
        #: After a save was tried with problems: every problem is listed above the form.
        self.summarising = False
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
        reserve = not isinstance(widget, QCheckBox)  # a tick box's problem is rare: no gap
        field = BoundField(
            name,
            widget,
            get,
            put,
            ProblemLabel(reserve=reserve),
            to_model,
            from_model,
            accessible_name,
        )
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
        field.label = plain
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
        self.summarising = False
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
        all as errors, listed above the form, and focus on the first field named."""
        self.touched |= {p.field.split(".", 1)[0] for p in problems}
        self.summarising = bool(problems)
        self._show(problems)
        named = {p.field.split(".", 1)[0] for p in problems}
        first = next((field for name, field in self.fields.items() if name in named), None)
        if focus and first is not None:  # the first in the form's order
            first.widget.setFocus()

    def reveal(self, focus: bool = True) -> list[FieldProblem]:
        """Save was pressed: every problem the form has, shown at once (see the module's
        notes), the keyboard on the first. Returns them (none: the form can be saved)."""
        for field in self.fields.values():
            if isinstance(field.widget, TypedChoiceCombo) and field.widget.pending:
                field.widget.take_typed()
            if isinstance(field.widget, DateField):
                field.widget.pending = False
        problems = self.check()
        self.show_problems(problems, focus)
        return problems

    def _show(self, problems: list[FieldProblem]) -> None:
        by_field: dict[str, list[str]] = {}
        general: list[str] = []
        for problem in problems:
            name = problem.field.split(".", 1)[0]
            if name in self.fields:
                by_field.setdefault(name, []).append(problem.message)
            else:
                general.append(problem.message)
        listed: list[str] = []
        for name, field in self.fields.items():
            messages = list(dict.fromkeys(by_field.get(name, [])))
            if isinstance(field.widget, TypedField) and field.widget.pending:
                messages = []  # still typing: wait until the field is left (or the date whole)
            self.shown[name] = "\n".join(messages)
            listed += messages
            field.problem.show_problem(
                "\n".join(_without_caption(m, field.caption, field.label) for m in messages),
                name in self.touched,
            )
            field.widget.setAccessibleDescription(" ".join(messages))
        general = list(dict.fromkeys(general))
        if self.summarising and not listed + general:
            self.summarising = False
        if self.summarising:
            self.general_problem.show_problem(_summary([*general, *listed]))
        else:
            self.general_problem.show_problem("\n".join(general))

    def _unreadable(self) -> list[FieldProblem]:
        """Fields whose text is not a value at all (a date that cannot be read, a name that
        matches no choice): these are reported instead of what the domain says about the
        empty value they give."""
        return [
            FieldProblem(
                field=name,
                code=UNREADABLE_DATE if isinstance(field.widget, DateField) else NO_SUCH_CHOICE,
                message=field.widget.problem(),
            )
            for name, field in self.fields.items()
            if isinstance(field.widget, TypedField) and field.widget.problem()
        ]

    def problem_for(self, name: str) -> str:
        """The problem shown for field ``name``, naming the field (empty: none shown)."""
        return self.shown.get(name, "")

    def set_read_only(self, read_only: bool) -> None:
        set_read_only([field.widget for field in self.fields.values()], read_only)

    def _edited(self, name: str) -> None:
        if self._loading:
            return
        self.touched.add(name)
        self.check()
        self.changed.emit()


def _without_caption(message: str, *captions: str) -> str:
    """``message`` as shown under its field: without the field's caption in front (it is
    beside the field), so it fits the line kept for it ("Must look like A1234BC ...")."""
    head, separator, rest = message.partition(": ")
    names = {caption.casefold() for caption in captions if caption}
    if not separator or head.casefold() not in names:
        return message
    return rest[:1].upper() + rest[1:]


def _summary(messages: list[str]) -> str:
    """Every problem of a form, one a line, each naming its field."""
    heading = (
        QCoreApplication.translate("Form", "Not saved: correct this first.")
        if len(messages) == 1
        else QCoreApplication.translate("Form", "Not saved: correct these %1 problems first.")
    ).replace("%1", str(len(messages)))
    return "\n".join([heading, *(f"\u2022 {message}" for message in messages)])


def _accessors(widget: QWidget) -> tuple[Callable[[], Any], Callable[[Any], None], Any]:
    if isinstance(widget, ChoiceCombo):
        return widget.value, widget.set_value, widget.value_changed
    if isinstance(widget, DateField | OptionalTimeEdit):
        return widget.value, widget.set_value, widget.value_changed
    if isinstance(widget, OptionalSpinBox | OptionalPercentBox):
        return widget.optional_value, widget.set_optional_value, widget.value_changed
    if isinstance(widget, QCheckBox):
        return widget.isChecked, lambda v: widget.setChecked(bool(v)), widget.toggled
    # Text shows a stored control character as its picture (control_pictures) and reads it
    # back as the character: nothing changes unless the user deletes it.
    if isinstance(widget, QLineEdit):
        return (
            lambda: read_back(widget.text()),
            lambda v: widget.setText("" if v is None else shown(str(v))),
            (widget.textChanged),
        )
    if isinstance(widget, QPlainTextEdit):
        return (
            lambda: read_back(widget.toPlainText(), multi_line=True),
            lambda v: widget.setPlainText(shown(v or "", multi_line=True)),
            widget.textChanged,
        )
    raise TypeError(f"no form binding for {type(widget).__name__}")
