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
        #: Set by a dialog that creates a row (an account, a team): its id, so the list can
        #: select and show it once read again.
        self.created_id: int | None = None
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
        layout = self.main_layout = QVBoxLayout(self)
        self.scroll_area = screen_fit.scrolling(self.page)
        layout.addWidget(self.scroll_area, 1)
        layout.addWidget(self.errors.general)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(480)

    def add_row(self, caption: str, widget: QWidget, field: str = "") -> QLabel:
        """A captioned field (``caption`` carries the mnemonic); with ``field``, the services'
        problems with that field are shown under it."""
        label = QLabel(caption)
        label.setBuddy(widget)
        # A little room beyond the text: at 125% its measured width came out a pixel short.
        label.setMinimumWidth(label.fontMetrics().horizontalAdvance(caption.replace("&", "")) + 4)
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
            self._show_focus()
            return
        try:
            with busy_cursor():
                self.save()
        except ConcurrentEdit as error:
            self.changed_elsewhere = str(error)
            self.reject()
        except Exception as error:  # shown under its field or above the buttons
            self.errors.show(error)
            self.fit(self.width())  # room for the messages: the fields keep theirs
            self._show_focus()
        else:
            self.accept()

    def _show_focus(self) -> None:
        """Scroll the field the keyboard was put on into view, with its problem under it."""
        self.page_layout.activate()
        for label in reversed(self.errors.shown_labels()):
            self.scroll_area.ensureWidgetVisible(label)
        focused = self.focusWidget()
        if focused is not None and self.page.isAncestorOf(focused):
            self.scroll_area.ensureWidgetVisible(focused)

    def fit(self, width: int) -> None:
        """``width`` wide (or the screen's), as high as the form needs up to the screen's
        height (then it scrolls); never smaller than it is, so a list shown on a tick does not
        make the dialog jump."""
        self.page_layout.activate()
        margins = self.main_layout.contentsMargins()
        chrome = (
            self.buttons.sizeHint().height()
            + self.errors.general.sizeHint().height() * self.errors.general.isVisibleTo(self)
            + margins.top()
            + margins.bottom()
            + 2 * self.main_layout.spacing()
        )
        page = self.page  # a wrapped problem label can make its minimum taller than its hint
        needed = max(page.sizeHint().height(), page.minimumSizeHint().height()) + chrome + 4
        shown = self.isVisible()
        screen_fit.fit_to_screen(
            self,
            max(width, self.width()) if shown else width,
            max(needed, self.height()) if shown else needed,
        )

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        field = first_field(self.page)
        focused = self.focusWidget()
        if field is not None and (focused is None or not self.page.isAncestorOf(focused)):
            field.setFocus(Qt.FocusReason.OtherFocusReason)
