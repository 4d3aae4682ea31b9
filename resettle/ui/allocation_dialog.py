"""A manager allocates the chosen people (one, or many rows of the caseload) to an officer.

All or none: one use case, run in the background; the caseload is read again afterwards.
The dialog lists the people it will allocate (each selected person once: name, prison number,
current officer; read in the background, Allocate waits for it) and marks those already with
the officer chosen; the Allocate button counts only the people who will change (disabled, with
a note, when nobody will); afterwards it says how many were allocated and how many already were with
that officer (left as they were).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from PySide6.QtCore import QCoreApplication, QObject, Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from resettle.domain.case_status import AllocationCandidate
from resettle.domain.staff import StaffSummary
from resettle.services.allocation import allocate_people, allocation_candidates
from resettle.services.workspace import Workspace
from resettle.ui.common.busy import BusyIndicator
from resettle.ui.common.changes import ALLOCATION, change_notice
from resettle.ui.common.rows_model import Column, RowsTableModel
from resettle.ui.common.staff_labels import staff_labels
from resettle.ui.common.views import table_view
from resettle.ui.common.widgets import ChoiceCombo
from resettle.ui.worker import show_failure


def _tr(text: str) -> str:
    return QCoreApplication.translate("AllocationDialog", text)


def allocation_outcome(changed: int, selected: int, officer: str) -> str:
    """What the status bar says after allocating ``selected`` people to ``officer``, of whom
    ``changed`` changed hands (the others were already allocated to them)."""
    already = selected - changed
    if changed == 0:
        text = (
            _tr("Nothing changed: the person was already allocated to %2.")
            if selected == 1
            else _tr("Nothing changed: all %1 were already allocated to %2.")
        )
        return text.replace("%1", f"{selected:,}").replace("%2", officer)
    text = (
        _tr("1 person allocated to %2.") if changed == 1 else _tr("%1 people allocated to %2.")
    ).replace("%1", f"{changed:,}")
    if already:
        text = text.removesuffix(".") + (
            _tr("; 1 of those selected already was.")
            if already == 1
            else _tr("; %3 of those selected already were.")
        ).replace("%3", f"{already:,}")
    return text.replace("%2", officer)


class AllocationCandidatesModel(RowsTableModel[AllocationCandidate]):
    """The people chosen, marking those already with the officer chosen (``officer_id``)."""

    def __init__(self, parent: QObject | None = None) -> None:
        self.officer_id: int | None = None
        super().__init__(
            [
                Column(self.tr("Name"), lambda c: c.name),
                Column(self.tr("Prison number"), lambda c: c.prison_number or ""),
                Column(self.tr("Current officer"), lambda c: c.officer or self.tr("None")),
                Column(self.tr("Note"), self._note),
            ],
            parent,
        )

    def _note(self, candidate: AllocationCandidate) -> str:
        if self.officer_id is not None and candidate.officer_id == self.officer_id:
            return self.tr("Already with them")
        return ""

    def choose_officer(self, officer_id: int | None) -> None:
        self.officer_id = officer_id
        rows = self.rows()
        if rows:
            self.dataChanged.emit(self.index(0, 3), self.index(len(rows) - 1, 3))

    def already_with(self) -> int:
        return sum(1 for c in self.rows() if c.officer_id == self.officer_id)


class AllocationDialog(QDialog):
    #: The people were allocated (how many changed hands).
    allocated = Signal(int)
    #: What happened, in words, for the status bar (``allocation_outcome``).
    reported = Signal(str)

    def __init__(
        self,
        workspace: Workspace,
        person_ids: Sequence[int],
        officers: Sequence[StaffSummary],
        parent: QWidget | None = None,
        workplaces: Mapping[int, Sequence[str]] | None = None,
    ) -> None:
        super().__init__(parent)
        self.workspace = workspace
        self.person_ids = tuple(dict.fromkeys(person_ids))  # each person once
        self.saving = False
        self.busy = BusyIndicator(self)
        self.setWindowTitle(self.tr("Allocate to an officer"))
        self.setModal(True)
        count = len(self.person_ids)
        summary = QLabel(
            self.tr("Allocate this person:")
            if count == 1
            else self.tr("Allocate these %1 people:").replace("%1", f"{count:,}")
        )
        self.people = AllocationCandidatesModel(self)
        self.table = table_view(self.people, self.tr("People to allocate"), stretch_column=0)
        summary.setBuddy(self.table)
        self.loaded = False
        self.note = QLabel()
        self.note.setWordWrap(True)
        self.officer = ChoiceCombo(long_items=True)
        #: Officers by name alone, for the notes and the outcome (the list adds user names
        #: and teams, to tell two of one name apart).
        self._names = {o.id: o.display_name for o in officers}
        self.officer.set_choices(
            staff_labels((o for o in officers if o.active), workplaces or {}),
            self.tr("Choose an officer…"),
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
        layout.addWidget(self.table, 1)
        layout.addLayout(form)
        layout.addWidget(self.note)
        layout.addWidget(self.busy.label, 0, Qt.AlignmentFlag.AlignRight)
        layout.addWidget(self.buttons)
        self.officer.value_changed.connect(self._officer_chosen)
        self._update_ok()
        self.setMinimumWidth(560)
        self.busy.run(
            lambda _job: workspace.run(allocation_candidates, self.person_ids),
            self._loaded,
            on_failure=self._failed,
        )

    def _loaded(self, candidates: list[AllocationCandidate]) -> None:
        self.people.set_rows(candidates)
        self.table.resizeColumnsToContents()
        self.loaded = True
        self._officer_chosen()

    def _officer_chosen(self) -> None:
        """Mark the people already with the officer chosen, and say how many."""
        self.people.choose_officer(self.officer.value())
        already = self.people.already_with() if self.officer.value() is not None else 0
        count = len(self.person_ids)
        if already == 0:
            self.note.clear()
        elif already == count:
            self.note.setText(
                self.tr("Already with %1: nothing will change.").replace("%1", self._chosen_name())
            )
        else:
            self.note.setText(
                self.tr("%1 of them already with %2 (left as they are).")
                .replace("%1", f"{already:,}")
                .replace("%2", self._chosen_name())
            )
        self._update_ok()

    def _chosen_name(self) -> str:
        officer = self.officer.value()
        return self._names.get(officer, "") if officer is not None else ""

    def outcome_text(self, changed: int) -> str:
        return allocation_outcome(changed, len(self.person_ids), self._chosen_name())

    def allocate(self) -> bool:
        officer_id = self.officer.value()
        if officer_id is None or self.saving or not self.loaded:
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
        self.reported.emit(self.outcome_text(changed))
        self.accept()

    def _failed(self, error: Exception) -> None:
        self.saving = False
        self._update_ok()
        show_failure(self, error)

    def reject(self) -> None:
        if not self.saving:
            super().reject()

    def _update_ok(self) -> None:
        """The button counts only the people who will change hands (those already with the
        officer chosen are left as they are); with nobody to change it is disabled, the note
        saying why."""
        chosen = self.officer.value() is not None
        count = len(self.person_ids)
        changing = count - self.people.already_with() if chosen and self.loaded else count
        self.ok_button.setEnabled(chosen and self.loaded and not self.saving and changing > 0)
        self.ok_button.setText(
            self.tr("&Allocate 1 person")
            if changing == 1
            else self.tr("&Allocate %1 people").replace("%1", f"{changing:,}")
        )
