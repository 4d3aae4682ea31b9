"""Profile: identifiers, personal details, custody, sentence and release."""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QMessageBox,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from resettle.domain import clock
from resettle.domain.case_record import CaseRecord
from resettle.domain.permissions import Permission
from resettle.domain.person import TEXT_MAX, PersonInput, ReleaseType
from resettle.domain.record_parts import RecordPart
from resettle.domain.risk import OffenceCategory
from resettle.domain.staff import Role, StaffSummary, staff_choices
from resettle.domain.working_days import release_day_note
from resettle.services import staff
from resettle.services.people import update_person
from resettle.ui.common.calendar_labels import release_day_text
from resettle.ui.common.case_record_session import CaseRecordSession
from resettle.ui.common.date_field import DateField
from resettle.ui.common.labels import date_text, label
from resettle.ui.common.message_style import Tone, style_banner
from resettle.ui.common.messages import ask_ok_cancel
from resettle.ui.common.person_tab import PersonTab
from resettle.ui.common.record_writes import Write
from resettle.ui.common.tab_access import TabAccess
from resettle.ui.common.typed_choice import TypedChoiceCombo
from resettle.ui.common.views import note_label
from resettle.ui.common.widgets import (
    ChoiceCombo,
    line_edit,
    plain_text_edit,
)
from resettle.ui.person.form import Form, model_validator
from resettle.ui.person.identity_fields import IdentityFields, ShowsIdentityFields


def _aliases_in(text: str) -> list[str]:
    return [name.strip() for name in text.split(",") if name.strip()]


def _aliases_out(names: list[str] | None) -> str:
    return ", ".join(names or [])


class ProfileTab(ShowsIdentityFields, PersonTab):
    ACCESS = TabAccess(edit=Permission.EDIT_PERSON)
    TITLE = "Profile"
    edits_parts = (RecordPart.PROFILE.value,)

    def __init__(self, session: CaseRecordSession, parent: QWidget | None = None) -> None:
        super().__init__(session, parent)
        self.form = Form(model_validator(PersonInput), self)
        self._saved_release: dt.date | None = None
        self._staff: list[StaffSummary] = session.read(staff.list_staff, Role.PRISON_STAFF)
        self._build()
        self.form.changed.connect(self.notify)

    # --- building ------------------------------------------------------------------------
    def _build(self) -> None:
        identity = self._group(self.tr("Identity"))
        self.identity = IdentityFields(
            pnc_hint=self.tr("e.g. 2004/0012345X"), date_of_birth_required=True
        )
        self.aliases = line_edit(1000, self.tr("Separate names with commas"))
        self.gender = line_edit(TEXT_MAX, self.tr("As the person describes it"))
        rows = [*self.identity.rows(), ("gender", self.tr("&Gender"), self.gender)]
        self._add_rows(identity, rows)
        self.form.add_row(
            identity,
            "aliases",
            self.tr("&Aliases"),
            self.aliases,
            to_model=_aliases_in,
            from_model=_aliases_out,
        )

        needs = self._group(self.tr("Communication and learning"))
        self.preferred_language = line_edit(TEXT_MAX)
        self.interpreter_needed = QCheckBox(self.tr("&Interpreter needed"))
        self.learning_disability = QCheckBox(self.tr("Learning disabilit&y or difficulty"))
        self.learning_notes = plain_text_edit(self.tr("Learning needs notes"), 70)
        self.learning_notes.setMaximumHeight(110)
        self._add_rows(
            needs,
            [
                ("preferred_language", self.tr("Preferred &language"), self.preferred_language),
                ("interpreter_needed", "", self.interpreter_needed),
                ("learning_disability", "", self.learning_disability),
                ("learning_notes", self.tr("Learning needs n&otes"), self.learning_notes),
            ],
        )

        custody = self._group(self.tr("Custody and supervision"))
        self.establishment_id = TypedChoiceCombo(
            self.tr("establishment"), self.tr("establishments")
        )
        establishments = self.session.read(staff.list_establishments)
        self.establishment_id.set_choices(
            ((e.id, e.name) for e in establishments), self.tr("Not recorded")
        )
        self.responsible_officer_id = TypedChoiceCombo(self.tr("officer"), self.tr("officers"))
        officers = self.session.read(staff.list_staff, Role.OFFICER)
        self.responsible_officer_id.set_choices(staff_choices(officers), self.tr("Not allocated"))
        self.key_worker_id = ChoiceCombo()
        self._offer_key_workers(None)
        self._add_rows(
            custody,
            [
                ("establishment_id", self.tr("&Establishment"), self.establishment_id),
                (
                    "responsible_officer_id",
                    self.tr("Responsible offi&cer"),
                    self.responsible_officer_id,
                ),
                ("key_worker_id", self.tr("Prison &key worker"), self.key_worker_id),
            ],
        )
        self.establishment_id.value_changed.connect(
            lambda: self._offer_key_workers(self.establishment_id.value())
        )

        sentence = self._group(self.tr("Sentence and release"))
        self.sentence_date = DateField()
        self.conditional_release_date = DateField()
        self.release_date = DateField()
        self.licence_end_date = DateField()
        self.release_type = ChoiceCombo()
        self.release_type.set_choices(((t, label(t)) for t in ReleaseType), self.tr("Not recorded"))
        self.offence_category = ChoiceCombo()
        self.offence_category.set_choices(
            ((c, label(c)) for c in OffenceCategory), self.tr("Not recorded")
        )
        self.sexual_offence = QCheckBox(self.tr("Sexual offence"))
        self._add_rows(
            sentence,
            [
                ("sentence_date", self.tr("&Sentence date"), self.sentence_date),
                (
                    "conditional_release_date",
                    self.tr("Conditional release date"),
                    self.conditional_release_date,
                ),
            ],
        )
        self.form.add_row(
            sentence,
            "release_date",
            self.tr("&Release date"),
            self.release_date,
            shown=self._release_cell(),
        )
        self._add_rows(
            sentence,
            [
                ("licence_end_date", self.tr("Licence end &date"), self.licence_end_date),
                ("release_type", self.tr("Release &type"), self.release_type),
                ("offence_category", self.tr("Index offence"), self.offence_category),
                ("sexual_offence", "", self.sexual_offence),
            ],
        )

        columns = QHBoxLayout()
        columns.setSpacing(18)
        for boxes in (self._boxes[:2], self._boxes[2:]):
            column = QVBoxLayout()
            for box in boxes:
                column.addWidget(box)
            column.addStretch(1)
            columns.addLayout(column, 1)
        inner = QWidget()
        page = QVBoxLayout(inner)
        page.addWidget(self.form.general_problem)
        page.addLayout(columns)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        scroll.setWidget(inner)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll)

    def _release_cell(self) -> QWidget:
        """The release date with, under it, the flag for a weekend or bank holiday (kept up
        to date as the date is typed)."""
        self.release_note = note_label()
        self.release_note.setAccessibleName(self.tr("Release day"))
        style_banner(self.release_note, Tone.WARNING)
        self.release_note.hide()
        self.release_date.value_changed.connect(self._show_release_note)
        cell = QWidget()
        cell.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        column = QVBoxLayout(cell)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)
        column.addWidget(self.release_date, 0, Qt.AlignmentFlag.AlignLeft)
        column.addWidget(self.release_note)
        return cell

    def _show_release_note(self) -> None:
        value = self.release_date.value()
        text = release_day_text(release_day_note(value)) if isinstance(value, dt.date) else ""
        self.release_note.setText(text)
        self.release_note.setVisible(bool(text))

    def _group(self, title: str) -> QFormLayout:
        box = QGroupBox(title)
        layout = QFormLayout(box)
        layout.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        self._boxes = [*getattr(self, "_boxes", []), box]
        return layout

    def _add_rows(self, layout: QFormLayout, rows: list[tuple[str, str, QWidget]]) -> None:
        for name, caption, widget in rows:
            accessible = widget.text().replace("&", "") if isinstance(widget, QCheckBox) else ""
            self.form.add_row(layout, name, caption, widget, accessible)

    def _offer_key_workers(self, establishment_id: int | None, keep: int | None = None) -> None:
        """Key workers at the chosen establishment, and whoever is allocated now."""
        keep = keep if keep is not None else self.key_worker_id.value()
        self.key_worker_id.set_choices(
            staff_choices(
                s
                for s in self._staff
                if s.id == keep or establishment_id in (None, s.establishment_id)
            ),
            self.tr("Not allocated"),
        )

    # --- PersonTab -----------------------------------------------------------------------
    def load(self, record: CaseRecord) -> None:
        self._saved_release = record.person.profile.release_date
        values: dict[str, Any] = record.person.profile.model_dump()
        self._offer_key_workers(values["establishment_id"], keep=values["key_worker_id"])
        self.form.load(values)
        self._show_release_note()  # loading a date announces no edit
        self.notify()

    @property
    def dirty(self) -> bool:
        return self.form.dirty

    @property
    def valid(self) -> bool:
        return self.form.valid

    def reveal_problems(self, focus: bool = True) -> list[str]:
        return [problem.message for problem in self.form.reveal(focus)]

    def confirm_save(self) -> bool:
        """A released person's release date changed: the outcome checks are counted from it,
        so say what happens to those recorded (a trial found it happened silently)."""
        saved, given = self._saved_release, self.form.values().get("release_date")
        if saved is None or saved > clock.today() or given == saved:
            return True
        new = date_text(given) if given else self.tr("no release date")
        return ask_ok_cancel(
            self,
            QMessageBox.Icon.Warning,
            self.tr("Change the release date"),
            self.tr("Change the release date from %1 to %2?")
            .replace("%1", date_text(saved))
            .replace("%2", new),
            self.tr(
                "Outcome checks after release belong to a release date. Checks recorded for "
                "the release on %1 stay in the history on the After release tab, but no longer "
                "count, and the checks become due again from the new date."
            ).replace("%1", date_text(saved)),
            self.tr("Change release date"),
            self.tr("Keep editing"),
        )

    def writes(self) -> list[Write]:
        data = self.form.values()
        person_id = self.session.person_id

        def write(actor: Any, uow: Any, version: int) -> int:
            return update_person(actor, uow, person_id, version, data).version

        return [
            self.session.part_write(
                self,
                write,
                self.form.show_problems,
                part=RecordPart.PROFILE,
                saved=self.form.accept_current,
            )
        ]

    def set_read_only(self, read_only: bool) -> None:
        self.form.set_read_only(read_only)
