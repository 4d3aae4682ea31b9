"""A refused save shown where it belongs: each problem of a ``ValidationFailed`` under the
field it names, anything else as one message above the form's buttons."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget

from resettle.domain.errors import ValidationFailed
from resettle.ui.common.widgets import ProblemLabel
from resettle.ui.failures import failure_text


class FieldErrors:
    """The problem labels of one form, by the services' field names (``"username"``,
    ``"team_ids"``); a problem naming no known field goes to ``general``."""

    def __init__(self) -> None:
        self.general = ProblemLabel()
        self.general.setAccessibleDescription("Why the form was not saved")
        self._labels: dict[str, tuple[ProblemLabel, QWidget]] = {}

    def label_for(self, field: str, widget: QWidget) -> ProblemLabel:
        """The label under ``widget`` for problems with ``field`` (hidden while empty)."""
        label = ProblemLabel()
        self._labels[field] = (label, widget)
        return label

    def clear(self) -> None:
        self.general.show_problem("")
        for label, _widget in self._labels.values():
            label.show_problem("")

    def show_at(self, field: str, message: str) -> None:
        """A problem found before asking the services, under ``field``."""
        self._labels[field][0].show_problem(message)

    def show(self, error: Exception) -> None:
        """Show ``error`` (logged by its code, never its text) and put the keyboard on the first
        field it names."""
        self.clear()
        if not isinstance(error, ValidationFailed):
            self.general.show_problem(failure_text(error, "administration"))
            return
        failure_text(error, "administration")
        first: QWidget | None = None
        unplaced: list[str] = []
        for problem in error.problems:
            found = self._labels.get(problem.field.split(".")[0])
            if found is None or not found[1].isVisibleTo(found[1].window()):
                unplaced.append(problem.message)
                continue
            label, widget = found
            label.show_problem("\n".join(filter(None, [label.text(), problem.message])))
            first = first or widget
        if unplaced:
            self.general.show_problem("\n".join(unplaced))
        if first is not None:
            first.setFocus(Qt.FocusReason.OtherFocusReason)

    def shown_labels(self) -> list[ProblemLabel]:
        return [label for label, _widget in self._labels.values() if label.text()]

    def shown(self) -> dict[str, str]:
        """Each field's message as shown (for tests), and ``"form"`` for the general one."""
        found = {field: label.text() for field, (label, _w) in self._labels.items() if label.text()}
        if self.general.text():
            found["form"] = self.general.text()
        return found
