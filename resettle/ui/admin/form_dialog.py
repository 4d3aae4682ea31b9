"""The administration window's dialogs: a form that scrolls on a small screen, each field's
problem under it, and a save that either closes the dialog or says what to change.

A save that finds the account changed by another administrator since the list was read
(``ConcurrentEdit``) closes the dialog with :attr:`FormDialog.changed_elsewhere` set: the
window says so and reads the list again, so nobody overwrites what they have not seen.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from resettle.domain.errors import ConcurrentEdit
from resettle.ui.access.form import busy_cursor, heading_label
from resettle.ui.admin.field_errors import FieldErrors
from resettle.ui.common import screen_fit
from resettle.ui.common.focus import first_field


class FormDialog(QDialog):
    """Subclasses add their fields with :meth:`add_row` and save in :meth:`save` (raising the
    services' errors); Enter saves, Escape cancels."""

    def __init__(
        self, title: str, heading: str, ok_text: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setModal(True)
        self.changed_elsewhere = ""
        self.errors = FieldErrors()
        self.page = QWidget()
        self.page_layout = QVBoxLayout(self.page)
        self.page_layout.setContentsMargins(0, 0, 8, 0)
        self.page_layout.addWidget(heading_label(heading))
        self.form = QFormLayout()
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.page_layout.addLayout(self.form)
        self.page_layout.addStretch(1)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(ok_text)
        self.ok_button.setAccessibleName(ok_text.replace("&", ""))
        self.ok_button.setDefault(True)
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(screen_fit.scrolling(self.page), 1)
        layout.addWidget(self.errors.general)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(480)

    def add_row(self, caption: str, widget: QWidget, field: str = "") -> QLabel:
        """A captioned field (``caption`` carries the mnemonic); with ``field``, the services'
        problems with that field are shown under it."""
        label = QLabel(caption)
        label.setBuddy(widget)
        if not widget.accessibleName():
            widget.setAccessibleName(caption.replace("&", ""))
        if field:
            holder = QWidget()
            column = QVBoxLayout(holder)
            column.setContentsMargins(0, 0, 0, 0)
            column.setSpacing(2)
            column.addWidget(widget)
            column.addWidget(self.errors.label_for(field, widget))
            holder.setFocusProxy(widget)
            self.form.addRow(label, holder)
        else:
            self.form.addRow(label, widget)
        return label

    def save(self) -> None:  # pragma: no cover - every dialog has its own
        raise NotImplementedError

    def check(self) -> bool:
        """Checks made before asking the services (a repeated password); False to stay."""
        return True

    def submit(self) -> None:
        self.errors.clear()
        if not self.check():
            return
        try:
            with busy_cursor():
                self.save()
        except ConcurrentEdit as error:
            self.changed_elsewhere = str(error)
            self.reject()
        except Exception as error:  # shown under its field or above the buttons
            self.errors.show(error)
        else:
            self.accept()

    def fit(self, width: int, height: int) -> None:
        screen_fit.fit_to_screen(self, width, height)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        field = first_field(self.page)
        focused = self.focusWidget()
        if field is not None and (focused is None or not self.page.isAncestorOf(focused)):
            field.setFocus(Qt.FocusReason.OtherFocusReason)
