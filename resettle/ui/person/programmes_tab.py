"""Programmes: the person's programme history. Append-only: a programme is recorded, and a
mistake is put right by a correction (a new entry superseding the old one); both stay, the
old one greyed. Saving needs no revision and changes no other tab's."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QVBoxLayout, QWidget

from resettle.domain import clock
from resettle.domain.case_record import CaseRecord
from resettle.domain.errors import FieldProblem, ValidationFailed
from resettle.domain.permissions import Permission
from resettle.domain.programme_completion import CompletionOutcome, ProgrammeSetting
from resettle.domain.programme_history import (
    CODE_MAX,
    INTERVENTION_ID_MAX,
    LOCATION_MAX,
    NAME_MAX,
    ProgrammeHistoryInput,
    ProgrammeHistoryView,
)
from resettle.domain.validation import validate
from resettle.services.programme_history import correct_programme_entry, record_programme_entry
from resettle.ui.common.case_record_session import CaseRecordSession
from resettle.ui.common.date_field import DateField
from resettle.ui.common.labels import when_text
from resettle.ui.common.person_tab import PersonTab
from resettle.ui.common.screen_fit import fit_to_screen
from resettle.ui.common.tab_access import TabAccess
from resettle.ui.common.views import note_label, push_button, source_row, table_view
from resettle.ui.common.widgets import ChoiceCombo, line_edit
from resettle.ui.person.form_dialog import FormDialog
from resettle.ui.person.programmes_model import ProgrammesModel


def _tr(text: str) -> str:
    return QCoreApplication.translate("ProgrammesTab", text)


def check_entry(data: dict[str, Any], correcting: bool | None = None) -> list[FieldProblem]:
    """Every problem the service would find in ``data`` (today's date included), each naming
    its field; ``correcting``: the entry corrects another (only a correction withdraws)."""
    try:
        given = validate(ProgrammeHistoryInput, data)
    except ValidationFailed as failed:
        return list(failed.problems)
    return given.cross_field_problems(clock.today(), correcting=correcting)


class ProgrammeEntryDialog(FormDialog):
    """Record a programme, or (with ``original``) correct an entry by a new one."""

    def __init__(
        self,
        session: CaseRecordSession,
        original: ProgrammeHistoryView | None = None,
        parent: QWidget | None = None,
    ) -> None:
        if original is None:
            title, ok, intro = (
                _tr("Record a programme"),
                _tr("&Record"),
                _tr(
                    "Add a programme the person did or is doing, here or elsewhere, before or "
                    "during this sentence. Entries are never changed: correct one instead."
                ),
            )
        else:
            title, ok = _tr("Correct a programme entry"), _tr("&Add correction")
            intro = (
                _tr(
                    "Entries are never changed. Your correction is added as a new entry; the "
                    "entry recorded %1 by %2 stays on the record, marked as corrected."
                )
                .replace("%1", when_text(original.recorded_at))
                .replace("%2", original.recorded_by)
            )
        correcting = original is not None

        def check(data: dict[str, Any]) -> list[FieldProblem]:
            return check_entry(data, correcting)

        super().__init__(session, title, check, parent, ok_text=ok, intro=intro)
        self.original = original
        self.setting = ChoiceCombo()
        self.setting.set_choices(
            (
                (ProgrammeSetting.CUSTODY.value, self.tr("Custody")),
                (ProgrammeSetting.COMMUNITY.value, self.tr("Community")),
            ),
            self.tr("Choose…"),
        )
        self.outcome = ChoiceCombo()
        self.outcome.set_choices(
            (
                (CompletionOutcome.COMPLETE.value, self.tr("Completed")),
                (CompletionOutcome.NOT_COMPLETED.value, self.tr("Not completed")),
                (CompletionOutcome.CANCELLED.value, self.tr("Cancelled")),
                (CompletionOutcome.IN_PROGRESS.value, self.tr("In progress")),
                # Only a correction withdraws an entry (recorded in error, no longer holds).
                *(
                    (
                        (
                            CompletionOutcome.WITHDRAWN.value,
                            self.tr("Withdrawn: recorded in error / no longer holds"),
                        ),
                    )
                    if correcting
                    else ()
                ),
            ),
            self.tr("Choose…"),
        )
        self.add_row("programme_name", self.tr("Programme &name"), line_edit(NAME_MAX))
        self.add_row(
            "programme_code",
            self.tr("Programme &code"),
            line_edit(CODE_MAX, self.tr("e.g. BC-MOD, or OTHER for one not in the catalogue")),
        )
        self.add_row("setting", self.tr("&Setting"), self.setting)
        self.add_row(
            "location",
            self.tr("&Where"),
            line_edit(LOCATION_MAX, self.tr("Establishment or provider")),
        )
        self.add_row("started_on", self.tr("S&tarted"), DateField())
        self.add_row("outcome", self.tr("&Outcome"), self.outcome)
        self.add_row("ended_on", self.tr("&Ended"), DateField())
        self.add_row("expected_end_on", self.tr("E&xpected to end"), DateField())
        self.add_row(
            "reason_category",
            self.tr("Reason &category"),
            line_edit(CODE_MAX, self.tr("e.g. D_MOTIVATION (not completed or cancelled)")),
        )
        self.add_row("reason", self.tr("&Reason"), line_edit(CODE_MAX, self.tr("e.g. D_MISSED")))
        self.add_row(
            "evidence_intervention_id",
            self.tr("Evidence &pack intervention"),
            line_edit(INTERVENTION_ID_MAX, self.tr("Optional, e.g. accredited-cbt-community")),
        )
        fit_to_screen(self, 600, 560)

    def write(self, values: dict[str, Any]) -> Callable[..., None]:
        person_id, original = self.session.person_id, self.original

        def action(actor: Any, uow: Any, _revision: int) -> None:
            if original is None:
                record_programme_entry(actor, uow, person_id, values)
            else:
                correct_programme_entry(actor, uow, person_id, original.id, values)
            return None  # the history carries no revision

        return action

    def start(self, values: dict[str, Any] | None = None) -> None:
        if self.original is None:
            super().start(values)
            return
        entry = self.original.entry
        super().start(
            {
                **entry.model_dump(mode="json", exclude_none=False),
                "started_on": entry.started_on,
                "ended_on": entry.ended_on,
                "expected_end_on": entry.expected_end_on,
                **(values or {}),
            }
        )


class ProgrammesTab(PersonTab):
    ACCESS = TabAccess(view=Permission.VIEW_PERSON, edit=Permission.RECORD_PROGRAMME_HISTORY)
    TITLE = "Programme history"

    def __init__(self, session: CaseRecordSession, parent: QWidget | None = None) -> None:
        super().__init__(session, parent)
        self.dialog: ProgrammeEntryDialog | None = None
        self._read_only = False
        self.entries = ProgrammesModel(self)
        self.table = table_view(
            self.entries, self.tr("Programme history"), sortable=True, stretch_column=0
        )
        self.table.sortByColumn(3, Qt.SortOrder.AscendingOrder)
        self.table.selectionModel().currentRowChanged.connect(lambda *_: self._chosen())
        self.empty = note_label(self.tr("No programmes have been recorded."))
        self.record_button = push_button(self.tr("&Record a programme…"))
        self.record_button.clicked.connect(self.record_programme)
        self.correct_button = push_button(self.tr("C&orrect…"))
        self.correct_button.clicked.connect(self.correct_entry)
        self.hint = QLabel(
            self.tr(
                "Greyed entries were corrected later or withdrawn; the correction says which "
                "it puts right."
            )
        )
        self.hint.setWordWrap(True)
        buttons = QHBoxLayout()
        buttons.addWidget(self.hint, 1)
        buttons.addWidget(self.record_button)
        buttons.addWidget(self.correct_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.empty)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)

    def selected(self) -> ProgrammeHistoryView | None:
        row = source_row(self.table)
        return self.entries.row_at(row) if row is not None else None

    def _chosen(self) -> None:
        chosen = self.selected()
        self.correct_button.setEnabled(
            not self._read_only and chosen is not None and chosen.current
        )

    def record_programme(self) -> ProgrammeEntryDialog | None:
        if self._read_only:
            return None
        self.dialog = ProgrammeEntryDialog(self.session, None, self)
        self.dialog.start()
        return self.dialog

    def correct_entry(self) -> ProgrammeEntryDialog | None:
        chosen = self.selected()
        if self._read_only or chosen is None or not chosen.current:
            return None
        self.dialog = ProgrammeEntryDialog(self.session, chosen, self)
        self.dialog.start()
        return self.dialog

    # --- PersonTab -----------------------------------------------------------------------
    def load(self, record: CaseRecord) -> None:
        chosen = self.selected()
        self.entries.set_entries(record.programmes)
        self.empty.setVisible(not record.programmes)
        model = self.table.model()
        target = model.rowCount() - 1
        if chosen is not None:
            for row in range(model.rowCount()):
                index = model.mapToSource(model.index(row, 0))  # type: ignore[attr-defined]
                if self.entries.row_at(index.row()).id == chosen.id:
                    target = row
        if target >= 0:
            self.table.selectRow(target)
        self._chosen()

    def set_read_only(self, read_only: bool) -> None:
        self._read_only = read_only
        self.record_button.setVisible(not read_only)
        self.correct_button.setVisible(not read_only)
        self._chosen()
