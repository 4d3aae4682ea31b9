"""A dialog around one :class:`Form` whose OK button saves at once through the session.

OK stays disabled while the form has problems. When the save is refused the dialog stays open
with the problems under the fields; when the user reloads after a concurrent edit it closes.
Dialogs open window-modal with ``open()`` (not ``exec()``), so tests can drive them.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QSize
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from resettle.domain.errors import FieldProblem
from resettle.ui.common.case_record_session import CaseRecordSession
from resettle.ui.common.screen_fit import fitted_size
from resettle.ui.common.views import note_label
from resettle.ui.person.form import Form, Validator

#: Builds the write for the session from the form's values.
Submit = Callable[[dict[str, Any]], Callable[..., int | None]]


class FormDialog(QDialog):
    def __init__(
        self,
        session: CaseRecordSession,
        title: str,
        validator: Validator | None,
        parent: QWidget | None = None,
        *,
        ok_text: str = "",
        intro: str = "",
    ) -> None:
        super().__init__(parent)
        self.session = session
        self.setWindowTitle(title)
        self.setModal(True)
        self.form = Form(validator, self)
        self.layout_form = QFormLayout()
        self.layout_form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(ok_text or self.tr("&Save"))
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        if intro:
            layout.addWidget(note_label(intro))
        layout.addWidget(self.form.general_problem)
        layout.addLayout(self.layout_form)
        layout.addStretch(1)
        layout.addWidget(self.buttons)
        self.form.changed.connect(self._update_ok)
        self.form.changed.connect(self._fit_messages)
        # Bound methods, not lambdas: Qt drops them when the dialog is deleted, while the
        # session (the person window's) lives on and may still signal.
        session.reloaded.connect(self._record_reloaded)
        session.writing_changed.connect(self._writing_changed)
        self.setMinimumWidth(520)

    def _record_reloaded(self, _record: object) -> None:
        self.reject()

    def _writing_changed(self, _writing: bool) -> None:
        self._update_ok()

    def add_row(
        self,
        name: str,
        label: str,
        widget: QWidget,
        accessible: str = "",
        shown: QWidget | None = None,
    ) -> None:
        self.form.add_row(self.layout_form, name, label, widget, accessible, shown)

    def add_text_row(self, label: str, widget: QWidget) -> None:
        caption = QLabel(label)
        caption.setBuddy(widget)
        self.layout_form.addRow(caption, widget)

    def start(self, values: dict[str, Any] | None = None) -> None:
        """Show ``values``, check them and open window-modal."""
        self.form.load(values or {})
        self._update_ok()
        self.session.hold(self.part)
        self.finished.connect(lambda _result: self.session.release(self.part))
        self.open()
        first = next(iter(self.form.fields.values()), None)
        if first is not None:
            first.widget.setFocus()

    #: The part of the record the dialog saves (None: it adds something that starts no part).
    part: str | None = None

    def write(self, values: dict[str, Any]) -> Callable[..., int | None]:
        """The session write for ``values``: ``action(actor, uow, revision) -> revision``."""
        raise NotImplementedError

    def submit(self) -> None:
        if not self.form.valid:
            self.form.show_problems(self.form.problems)
            return
        self.session.write(
            self, self.write(self.form.values()), self._refused, part=self.part, then=self.accept
        )

    def reject(self) -> None:
        """Cancel closes the dialog, except while its save runs (it closes when saved)."""
        if not self.session.writing:
            super().reject()

    def _refused(self, problems: list[FieldProblem]) -> None:
        self.form.show_problems(problems)

    def _fit_messages(self) -> None:
        """Grow the dialog when a message under a field wraps onto more lines than there is
        room for (a wrapped label is otherwise squeezed: cut at top and bottom, over the next
        row), never past the screen."""
        for cell in reversed(self.findChildren(QWidget)):  # inner layouts first: a message
            inner = cell.layout()  # changes its cell's size before the dialog's
            if inner is not None:
                inner.activate()
        layout = self.layout()
        layout.activate()
        # The form's height for this width misses labels wrapped inside its rows' cells;
        # the size hint counts them.
        needed = max(layout.totalHeightForWidth(self.width()), layout.totalSizeHint().height())
        if needed > self.height():
            self.resize(fitted_size(QSize(self.width(), needed), self))

    def _update_ok(self) -> None:
        self.ok_button.setEnabled(self.form.valid and not self.session.writing)
