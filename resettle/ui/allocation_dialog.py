"""A manager allocates the chosen people (one, or many rows of the caseload) to an officer.

All or none: one use case, run in the background; the caseload is read again afterwards.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from resettle.domain.staff import StaffSummary
from resettle.services.allocation import allocate_people
from resettle.services.workspace import Workspace
from resettle.ui.common.busy import BusyIndicator
from resettle.ui.common.changes import ALLOCATION, change_notice
from resettle.ui.common.widgets import ChoiceCombo
from resettle.ui.worker import show_failure


class AllocationDialog(QDialog):
    #: The people were allocated (how many changed hands).
    allocated = Signal(int)

    def __init__(
        self,
        workspace: Workspace,
        person_ids: Sequence[int],
        officers: Sequence[StaffSummary],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.workspace = workspace
        self.person_ids = tuple(person_ids)
        self.saving = False
        self.busy = BusyIndicator(self)
        self.setWindowTitle(self.tr("Allocate to an officer"))
        self.setModal(True)
        count = len(self.person_ids)
        summary = QLabel(
            self.tr("Allocate 1 person to:")
            if count == 1
            else self.tr("Allocate %1 people to:").replace("%1", f"{count:,}")
        )
        self.officer = ChoiceCombo(long_items=True)
        self.officer.set_choices(
            ((o.id, o.display_name) for o in officers if o.active), self.tr("Choose an officer…")
        )
        self.officer.setAccessibleName(self.tr("Officer"))
        form = QFormLayout()
        caption = QLabel(self.tr("&Officer"))
        caption.setBuddy(self.officer)
        form.addRow(caption, self.officer)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(self.tr("&Allocate"))
        self.buttons.accepted.connect(self.allocate)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(summary)
        layout.addLayout(form)
        layout.addWidget(self.busy.label, 0, Qt.AlignmentFlag.AlignRight)
        layout.addWidget(self.buttons)
        self.officer.value_changed.connect(self._update_ok)
        self._update_ok()
        self.setMinimumWidth(420)

    @classmethod
    def done_text(cls, changed: int) -> str:
        """What the status bar says afterwards."""
        if changed == 1:
            return cls.tr("1 person allocated.")
        return cls.tr("%1 people allocated.").replace("%1", f"{changed:,}")

    def allocate(self) -> bool:
        officer_id = self.officer.value()
        if officer_id is None or self.saving:
            return False
        self.saving = True
        self._update_ok()
        workspace, person_ids = self.workspace, self.person_ids
        self.busy.run(
            lambda _job: workspace.run(allocate_people, person_ids, officer_id),
            self._done,
            on_failure=self._failed,
        )
        return True

    def _done(self, changed: int) -> None:
        self.saving = False
        change_notice(self.workspace).announce(self.person_ids, [ALLOCATION], origin=self)
        self.allocated.emit(changed)
        self.accept()

    def _failed(self, error: Exception) -> None:
        self.saving = False
        self._update_ok()
        show_failure(self, error)

    def reject(self) -> None:
        if not self.saving:
            super().reject()

    def _update_ok(self) -> None:
        self.ok_button.setEnabled(self.officer.value() is not None and not self.saving)
