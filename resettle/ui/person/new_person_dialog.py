"""The New person dialog (Ctrl+N): register a person, after checking they are not already here.

The same fields and rules as ``resettle people add`` (one use case, ``register_person``). Save
runs in the background; if people already recorded may be this person the dialog lists them,
and the officer either opens an existing record or confirms that the person is new (not
offered when the prison number or CRN is already recorded). The new person is allocated to
the officer registering them.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from resettle.domain import clock
from resettle.domain.duplicates import PossibleDuplicates, PossibleMatch
from resettle.domain.errors import DuplicateRecord, FieldProblem, ValidationFailed
from resettle.domain.person import PersonDetail, PersonInput
from resettle.domain.staff import EstablishmentSummary
from resettle.services.registration import register_person
from resettle.services.workspace import Workspace
from resettle.ui.common.busy import BusyIndicator
from resettle.ui.common.changes import NEW_PERSON, change_notice
from resettle.ui.common.date_field import DateField
from resettle.ui.common.labels import date_text
from resettle.ui.common.typed_choice import TypedChoiceCombo
from resettle.ui.common.views import note_label
from resettle.ui.person.form import Form, model_validator
from resettle.ui.person.identity_fields import IdentityFields, ShowsIdentityFields
from resettle.ui.worker import show_failure

_FIELDS_CHECKED = model_validator(PersonInput)


def check_new_person(data: dict[str, Any]) -> list[FieldProblem]:
    """The domain's problems, with "is required" for a choice or date not yet made."""
    problems = []
    for problem in _FIELDS_CHECKED(data):
        name = problem.field.split(".", 1)[0]
        if name in data and data[name] is None:
            title = PersonInput.model_fields[name].title or name
            problem = FieldProblem(name, "missing", f"{title}: is required")
        problems.append(problem)
    return problems


class NewPersonDialog(ShowsIdentityFields, QDialog):
    #: The person was registered (their id).
    registered = Signal(int)
    #: The officer chose to open an existing record instead (its id).
    open_existing = Signal(int)

    def __init__(
        self,
        workspace: Workspace,
        establishments: list[EstablishmentSummary],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.workspace = workspace
        self.setWindowTitle(self.tr("New person"))
        self.setModal(True)
        self.busy = BusyIndicator(self)
        self.saving = False
        self.matches: tuple[PossibleMatch, ...] = ()
        self.form = Form(check_new_person, self)
        self._build(establishments)
        self.form.changed.connect(self._form_changed)
        self.form.load({})
        self._update_buttons()

    # --- building ------------------------------------------------------------------------
    def _build(self, establishments: list[EstablishmentSummary]) -> None:
        # The form's own check says "is required" for a date or choice not yet made.
        self.identity = IdentityFields(
            pnc_hint=self.tr("e.g. 2004/0012345X (if known)"),
            date_of_birth_required=False,
            sex_placeholder=self.tr("Choose…"),
        )
        self.date_of_birth.default_date = _thirty_years_ago
        self.date_of_birth.editor.setPlaceholderText(self.tr("dd/mm/yyyy"))
        # Every name starts "HMP": the officer types any part of it ("pent").
        self.establishment_id = TypedChoiceCombo(
            self.tr("establishment"), self.tr("establishments")
        )
        self.establishment_id.set_choices(
            ((e.id, e.name) for e in establishments), self.tr("Not recorded")
        )
        self.release_date = DateField()
        fields = QFormLayout()
        fields.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        for name, caption, widget in [
            *self.identity.rows(),
            ("establishment_id", self.tr("&Establishment"), self.establishment_id),
            ("release_date", self.tr("&Release date"), self.release_date),
        ]:
            self.form.add_row(fields, name, caption, widget)

        self.matches_box = QFrame()
        self.matches_box.setFrameShape(QFrame.Shape.StyledPanel)
        self.matches_box.setStyleSheet("QFrame { background: #fff4ce; }")
        self.matches_layout = QVBoxLayout(self.matches_box)
        self.matches_box.hide()

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.save_button = QPushButton(self.tr("&Save"))
        self.save_button.setDefault(True)
        self.buttons.addButton(self.save_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.confirm_button = QPushButton(self.tr("Save as a &new person"))
        self.confirm_button.setToolTip(
            self.tr("None of the people listed is this person: register them as new")
        )
        self.buttons.addButton(self.confirm_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.confirm_button.hide()  # shown with the possible matches
        self.save_button.clicked.connect(lambda _checked=False: self.save())
        self.confirm_button.clicked.connect(lambda _checked=False: self.save(confirm_new=True))
        self.buttons.rejected.connect(self.reject)

        who = self.workspace.actor.display_name
        layout = QVBoxLayout(self)
        layout.addWidget(
            note_label(
                self.tr(
                    "Resettle checks that the person is not already recorded before saving. "
                    "They will be allocated to you (%1)."
                ).replace("%1", who)
            )
        )
        layout.addWidget(self.form.general_problem)
        layout.addLayout(fields)
        layout.addWidget(self.matches_box)
        layout.addStretch(1)
        layout.addWidget(self.busy.label, 0, Qt.AlignmentFlag.AlignRight)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(540)

    def start(self) -> None:
        self.open()
        self.prison_number.setFocus()

    # --- saving --------------------------------------------------------------------------
    def save(self, confirm_new: bool = False) -> bool:
        """Register the person in the background; False if nothing started."""
        if self.saving:
            return False
        if not self.form.valid:
            self.form.show_problems(self.form.problems)
            return False
        data = self.form.values()
        workspace = self.workspace
        self._set_saving(True)
        self.busy.run(
            lambda _job: workspace.run(register_person, data, confirm_new=confirm_new),
            self._saved,
            on_failure=self._refused,
        )
        return True

    def _saved(self, detail: PersonDetail) -> None:
        self._set_saving(False)
        change_notice(self.workspace).announce([detail.id], [NEW_PERSON], origin=self)
        self.registered.emit(detail.id)
        self.accept()

    def _refused(self, error: Exception) -> None:
        self._set_saving(False)
        if isinstance(error, PossibleDuplicates):
            self._show_matches(error)
        elif isinstance(error, ValidationFailed):
            self.form.show_problems(error.problems)
        elif isinstance(error, DuplicateRecord):
            self.form.show_problems([FieldProblem(error.field, "duplicate", str(error))])
        else:
            show_failure(self, error)

    def _show_matches(self, error: PossibleDuplicates) -> None:
        self.matches = error.matches
        while self.matches_layout.count():
            item = self.matches_layout.takeAt(0)
            if item.widget() is not None:
                item.widget().deleteLater()
        heading = QLabel(
            self.tr("This person may already be recorded:")
            if error.can_confirm
            else self.tr(
                "This prison number or CRN is already recorded. Open the existing record, or "
                "correct the number."
            )
        )
        heading.setWordWrap(True)
        heading.setStyleSheet("font-weight: bold;")
        self.matches_layout.addWidget(heading)
        for match in error.matches:
            self.matches_layout.addWidget(self._match_row(match))
        self.matches_box.show()
        self.confirm_button.setVisible(error.can_confirm)
        self._update_buttons()
        self.adjustSize()

    def _match_row(self, match: PossibleMatch) -> QWidget:
        row = QWidget()
        layout = QHBoxLayout(row)
        layout.setContentsMargins(0, 0, 0, 0)
        reasons = ", ".join(self.tr(reason.label) for reason in match.reasons)
        text = (
            self.tr("%1, born %2 — %3 / %4 (%5)")
            .replace("%1", match.name)
            .replace("%2", date_text(match.date_of_birth))
            .replace("%3", match.prison_number)
            .replace("%4", match.crn)
            .replace("%5", reasons)
        )
        if match.closed:
            text += " " + self.tr("— case closed")
        description = QLabel(text)
        description.setWordWrap(True)
        description.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        button = QPushButton(self.tr("Open this record"))
        button.setAccessibleName(
            self.tr("Open the record of %1").replace("%1", match.prison_number)
        )
        button.clicked.connect(lambda _checked=False, pid=match.person_id: self._open(pid))
        layout.addWidget(description, 1)
        layout.addWidget(button)
        return row

    def _open(self, person_id: int) -> None:
        self.open_existing.emit(person_id)
        self.accept()

    def reject(self) -> None:
        if not self.saving:  # closes once the save running now has reported back
            super().reject()

    # --- state ---------------------------------------------------------------------------
    def _form_changed(self) -> None:
        if self.matches:  # the details changed: the matches were for what was typed before
            self.matches = ()
            self.matches_box.hide()
            self.confirm_button.hide()
        self._update_buttons()

    def _set_saving(self, saving: bool) -> None:
        self.saving = saving
        self._update_buttons()

    def _update_buttons(self) -> None:
        self.save_button.setEnabled(self.form.valid and not self.saving and not self.matches)
        self.confirm_button.setEnabled(not self.saving)


def _thirty_years_ago() -> dt.date:
    """Where the date of birth's calendar opens once the officer starts entering it."""
    today = clock.today()
    return today.replace(year=today.year - 30, day=min(today.day, 28))
