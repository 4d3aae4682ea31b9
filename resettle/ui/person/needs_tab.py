"""Needs: the seven pathways (status, severity, link to offending, notes) and each pathway's
support needs with their status history.

Pathway assessments wait for Save (edits to several pathways are kept until then); support
needs are added and moved on through dialogs that save at once.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QItemSelection, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QSizePolicy,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from resettle.domain.case_record import CaseRecord, SupportNeedView
from resettle.domain.needs import PathwayNeedInput, PathwayStatus, Severity
from resettle.domain.pathways import Pathway
from resettle.domain.permissions import Permission
from resettle.domain.record_parts import RecordPart
from resettle.domain.withheld import Withheld
from resettle.services.case_record import needs
from resettle.ui.common.case_record_session import CaseRecordSession
from resettle.ui.common.labels import label
from resettle.ui.common.person_tab import PersonTab
from resettle.ui.common.record_writes import Write
from resettle.ui.common.tab_access import TabAccess
from resettle.ui.common.views import (
    heading,
    keep_columns_whole,
    note_label,
    push_button,
    source_row,
    table_view,
)
from resettle.ui.common.widgets import ChoiceCombo, plain_text_edit
from resettle.ui.common.withheld import withheld_label
from resettle.ui.person.form import Form, model_validator
from resettle.ui.person.form_dialog import FormDialog
from resettle.ui.person.needs_dialogs import AddSupportNeedDialog, ChangeSupportStatusDialog
from resettle.ui.person.needs_models import (
    PathwaysModel,
    SupportNeedHistoryModel,
    SupportNeedsModel,
    pathway_rows,
)

PATHWAYS = list(Pathway)
HISTORY_NOTE_COLUMN = SupportNeedHistoryModel.NOTE_COLUMN


class NeedsTab(PersonTab):
    ACCESS = TabAccess(edit=Permission.EDIT_NEEDS)
    TITLE = "Needs"
    edits_parts = (RecordPart.NEEDS.value,)

    def __init__(self, session: CaseRecordSession, parent: QWidget | None = None) -> None:
        super().__init__(session, parent)
        self.catalogue = session.read(needs.support_need_catalogue)
        self.form = Form(model_validator(PathwayNeedInput), self)
        self.pathway = Pathway.ACCOMMODATION
        self._saved: dict[Pathway, dict[str, Any]] = {}
        self._edits: dict[Pathway, dict[str, Any]] = {}
        self.dialog: FormDialog | None = None
        self._read_only = False
        self._build()
        self.form.changed.connect(self._form_edited)

    # --- building ------------------------------------------------------------------------
    def _build(self) -> None:
        self.pathways = PathwaysModel(self)
        self.pathways_table = table_view(self.pathways, self.tr("Pathways"), stretch_column=0)
        keep_columns_whole(self.pathways_table)  # long pathway and essential names stay whole
        self.pathways_table.selectionModel().selectionChanged.connect(self._pathway_chosen)

        self.pathway_heading = heading("")
        assessment = QGroupBox(self.tr("Assessment"))
        form = QFormLayout(assessment)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        form.addRow(self.form.general_problem)
        self.status = ChoiceCombo()
        self.status.set_choices((s, label(s)) for s in PathwayStatus)
        self.severity = ChoiceCombo()
        self.severity.set_choices((s, label(s)) for s in Severity)
        self.linked = QCheckBox(self.tr("&Linked to offending"))
        self.notes = plain_text_edit(self.tr("Pathway notes"), 70)
        self.notes_withheld = withheld_label(Withheld.NEED_NOTES)
        notes_cell = QWidget()
        notes_cell.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        notes_column = QVBoxLayout(notes_cell)
        notes_column.setContentsMargins(0, 0, 0, 0)
        notes_column.addWidget(self.notes)
        notes_column.addWidget(self.notes_withheld)
        self.form.fixed = {"pathway": self.pathway}
        self.form.add_row(form, "status", self.tr("S&tatus"), self.status)
        self.form.add_row(form, "severity", self.tr("Se&verity"), self.severity)
        self.form.add_row(
            form, "linked_to_offending", "", self.linked, self.tr("Linked to offending")
        )
        self.form.add_row(form, "notes", self.tr("N&otes"), self.notes, shown=notes_cell)

        support = QGroupBox(self.tr("Support needs"))
        self.support = SupportNeedsModel(self)
        self.support_table = table_view(self.support, self.tr("Support needs"), stretch_column=0)
        self.support_table.selectionModel().selectionChanged.connect(self._need_chosen)
        self.support_table.activated.connect(lambda _index: self.change_status())
        self.add_button = push_button(self.tr("&Add support need…"))
        self.add_button.clicked.connect(self.add_support_need)
        self.change_button = push_button(self.tr("C&hange status…"))
        self.change_button.clicked.connect(self.change_status)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.change_button)
        self.history = SupportNeedHistoryModel(self)
        self.history_table = table_view(self.history, self.tr("Status history"), stretch_column=4)
        self.history_heading = note_label()
        self.history_notes_withheld = withheld_label(Withheld.SUPPORT_NEED_NOTES)
        column = QVBoxLayout(support)
        column.addWidget(self.support_table, 3)
        column.addLayout(buttons)
        column.addWidget(self.history_heading)
        column.addWidget(self.history_table, 2)
        column.addWidget(self.history_notes_withheld)

        right = QWidget()
        detail = QVBoxLayout(right)
        detail.setContentsMargins(6, 0, 0, 0)
        detail.addWidget(self.pathway_heading)
        detail.addWidget(assessment)
        detail.addWidget(support, 1)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self.pathways_table)
        splitter.addWidget(right)
        splitter.setStretchFactor(0, 2)
        splitter.setStretchFactor(1, 3)
        splitter.setSizes([520, 560])
        splitter.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.addWidget(splitter)

    # --- pathways ------------------------------------------------------------------------
    def _pathway_chosen(self, selected: QItemSelection, _deselected: QItemSelection) -> None:
        row = source_row(self.pathways_table)
        if row is not None:
            self.show_pathway(PATHWAYS[row])

    def show_pathway(self, pathway: Pathway) -> None:
        self.pathway = pathway
        row = PATHWAYS.index(pathway)
        if self.pathways_table.currentIndex().row() != row:
            self.pathways_table.selectRow(row)
        self.pathway_heading.setText(label(pathway))
        self.form.fixed = {"pathway": pathway}
        self.form.load(self._edits[pathway])
        self._show_support(self.session.record)

    def _form_edited(self) -> None:
        self._edits[self.pathway] = self.form.values()
        self._show_pathways(self.session.record)
        self.notify()

    def _show_pathways(self, record: CaseRecord) -> None:
        edits = {p: v for p, v in self._edits.items() if v != self._saved.get(p)}
        self.pathways.set_rows(pathway_rows(record.needs, edits))
        self.pathways_table.selectionModel().blockSignals(True)
        self.pathways_table.selectRow(PATHWAYS.index(self.pathway))
        self.pathways_table.selectionModel().blockSignals(False)

    # --- support needs -------------------------------------------------------------------
    def _show_support(self, record: CaseRecord) -> None:
        chosen = self.selected_need()
        views = record.need_for(self.pathway).support_needs
        self.support.set_rows(views)
        row = next((i for i, v in enumerate(views) if chosen and v.id == chosen.id), 0)
        if views:
            self.support_table.selectRow(row)
        self._need_chosen()

    def selected_need(self) -> SupportNeedView | None:
        row = source_row(self.support_table)
        return (
            self.support.row_at(row) if row is not None and row < self.support.rowCount() else None
        )

    def _need_chosen(self, *_args: object) -> None:
        need = self.selected_need()
        self.history.set_rows(need.history if need else [])
        self.history_heading.setText(
            self.tr("History of “%1”").replace("%1", need.label)
            if need
            else self.tr("Choose a support need to see its history.")
        )
        self.change_button.setEnabled(need is not None and not self._read_only)

    def add_support_need(self) -> FormDialog:
        self.dialog = AddSupportNeedDialog(self.session, self.catalogue, self.pathway, self)
        self.dialog.start()
        return self.dialog

    def change_status(self) -> FormDialog | None:
        need = self.selected_need()
        if need is None or self._read_only:
            return None
        self.dialog = ChangeSupportStatusDialog(self.session, need, self)
        self.dialog.start()
        return self.dialog

    def _show_withheld(self, record: CaseRecord) -> None:
        """Where the record has no notes for this role, say so instead of an empty box."""
        notes_hidden = Withheld.NEED_NOTES in record.withheld
        self.notes.setVisible(not notes_hidden)
        self.notes_withheld.setVisible(notes_hidden)
        history_hidden = Withheld.SUPPORT_NEED_NOTES in record.withheld
        self.history_table.setColumnHidden(HISTORY_NOTE_COLUMN, history_hidden)
        self.history_notes_withheld.setVisible(history_hidden)

    # --- PersonTab -----------------------------------------------------------------------
    def load(self, record: CaseRecord) -> None:
        self._show_withheld(record)
        self._saved = {view.need.pathway: _values(view.need) for view in record.needs}
        self._edits = {p: dict(v) for p, v in self._saved.items()}
        self._show_pathways(record)
        self.show_pathway(self.pathway)
        self.notify()

    def refresh(self, record: CaseRecord) -> None:
        """Keep unsaved assessments; show everything else as saved."""
        saved = {view.need.pathway: _values(view.need) for view in record.needs}
        for pathway, values in saved.items():
            if self._edits.get(pathway) == self._saved.get(pathway):
                self._edits[pathway] = dict(values)
        self._saved = saved
        self._show_withheld(record)
        self._show_pathways(record)
        self.show_pathway(self.pathway)
        self.notify()

    def edited_pathways(self) -> list[Pathway]:
        return [p for p in PATHWAYS if self._edits.get(p) != self._saved.get(p)]

    @property
    def dirty(self) -> bool:
        return bool(self.edited_pathways())

    @property
    def valid(self) -> bool:
        check = model_validator(PathwayNeedInput)
        return not any(check(self._edits[p]) for p in self.edited_pathways())

    def reveal_problems(self, focus: bool = True) -> list[str]:
        """Every edited pathway's problems, each with the pathway's name; the first such
        pathway is shown with its problems by the fields."""
        check = model_validator(PathwayNeedInput)
        found = {pathway: check(self._edits[pathway]) for pathway in self.edited_pathways()}
        failing = [pathway for pathway, problems in found.items() if problems]
        if failing:
            self.show_pathway(failing[0])
            self.form.reveal(focus)
        return [f"{label(p)}: {problem.message}" for p in failing for problem in found[p]]

    def writes(self) -> list[Write]:
        person_id = self.session.person_id
        writes = []
        for pathway in self.edited_pathways():
            data = dict(self._edits[pathway])

            def write(actor: Any, uow: Any, version: int, data: dict[str, Any] = data) -> int:
                return needs.save_pathway_need(actor, uow, person_id, version, data)

            def saved(pathway: Pathway = pathway, data: dict[str, Any] = data) -> None:
                self._saved[pathway] = data

            step = self.session.part_write(
                self, write, self.form.show_problems, part=RecordPart.NEEDS, saved=saved
            )
            writes.append(step.shown_by(lambda pathway=pathway: self.show_pathway(pathway)))
        return writes

    def set_read_only(self, read_only: bool) -> None:
        self._read_only = read_only
        self.form.set_read_only(read_only)
        self.add_button.setEnabled(not read_only)
        self.change_button.setEnabled(not read_only and self.selected_need() is not None)


def _values(need: PathwayNeedInput) -> dict[str, Any]:
    return need.model_dump()
