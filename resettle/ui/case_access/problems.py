"""Where a refused save's problems show: under the field each names, else above the form.

The services name fields by their parameter (``reason``, ``ends_on``, ``staff_id``); a dialog
registers the label under each field it shows, and every other problem (or a refusal that
is not about a field) goes to the general label."""

from __future__ import annotations

from PySide6.QtWidgets import QVBoxLayout, QWidget

from resettle.domain.errors import FieldProblem, ValidationFailed
from resettle.ui.common.widgets import ProblemLabel
from resettle.ui.failures import failure_text

#: The width of a dialog left with only a refusal to show.
REFUSAL_WIDTH = 440


def leave_only_the_message(dialog: QWidget, *hidden: QWidget) -> None:
    """Hide ``hidden`` (what the account may not use) and shrink ``dialog`` to the message
    above them and its Close button."""
    for widget in hidden:
        widget.hide()
    layout = dialog.layout()
    if layout is not None:
        layout.activate()
    dialog.setMinimumWidth(REFUSAL_WIDTH)
    dialog.resize(REFUSAL_WIDTH, dialog.minimumSizeHint().height())


class FieldProblems:
    def __init__(self, parent: QWidget) -> None:
        self.general = ProblemLabel(parent)
        self.general.setObjectName("general_problem")
        self._labels: dict[str, ProblemLabel] = {}

    def label_for(self, *fields: str) -> ProblemLabel:
        """A label for the problems of ``fields`` (one widget may stand for several)."""
        label = ProblemLabel(reserve=False)
        label.setObjectName(f"{fields[0]}_problem")
        for field in fields:
            self._labels[field] = label
        return label

    def under(self, widget: QWidget, *fields: str) -> QWidget:
        """``widget`` with the label for ``fields``' problems under it, as one form cell (no
        empty row while there is no problem)."""
        cell = QWidget()
        column = QVBoxLayout(cell)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)
        column.addWidget(widget, 1)
        column.addWidget(self.label_for(*fields))
        cell.setFocusProxy(widget)
        return cell

    def clear_field(self, field: str) -> None:
        """The user changed the field: its old problem no longer applies."""
        label = self._labels.get(field)
        if label is not None:
            label.show_problem("")

    def clear(self) -> None:
        for label in {*self._labels.values(), self.general}:
            label.show_problem("")

    def show(self, problems: list[FieldProblem]) -> None:
        self.show_texts([(problem.field, problem.message) for problem in problems])

    def show_texts(self, problems: list[tuple[str, str]]) -> None:
        """(field, message naming the field) pairs, each under its field."""
        self.clear()
        shown: dict[ProblemLabel, list[str]] = {}
        for field, message in problems:
            label = self._labels.get(field, self.general)
            shown.setdefault(label, []).append(message)
        for label, texts in shown.items():
            label.show_problem("\n".join(texts))

    def show_failure(self, error: Exception, context: str) -> None:
        """A validation failure under its fields; any other refusal (permission, scope, a
        storage failure) above the form, in the caseworker's words."""
        if isinstance(error, ValidationFailed):
            self.show(error.problems)
        else:
            self.clear()
            self.general.show_problem(failure_text(error, context))

    def text(self, field: str) -> str:
        label = self._labels.get(field, self.general)
        return label.text()
