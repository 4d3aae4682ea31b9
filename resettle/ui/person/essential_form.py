"""The form of one release-day essential: status, date, who, notes, and its own details."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QFormLayout, QGroupBox, QLineEdit, QVBoxLayout, QWidget

from resettle.domain import clock
from resettle.domain.errors import FieldProblem
from resettle.domain.essentials import (
    ESSENTIAL_MODELS,
    AccommodationType,
    EssentialKind,
    IdDocumentType,
    done_on_problems,
)
from resettle.domain.plan import ActionStatus
from resettle.ui.common.date_field import DateField
from resettle.ui.common.labels import label
from resettle.ui.common.widgets import (
    ChoiceCombo,
    OptionalSpinBox,
    OptionalTimeEdit,
    plain_text_edit,
)
from resettle.ui.person.form import Form, Validator, model_validator


def _tr(text: str) -> str:
    return QCoreApplication.translate("EssentialForm", text)


def _line() -> QWidget:
    edit = QLineEdit()
    edit.setMaxLength(200)
    return edit


def _address() -> QWidget:
    return plain_text_edit(_tr("Address"), 60)


def _accommodation() -> QWidget:
    combo = ChoiceCombo(long_items=True)
    combo.set_choices(((t, label(t)) for t in AccommodationType), _tr("Not recorded"))
    return combo


def _id_type() -> QWidget:
    combo = ChoiceCombo()
    combo.set_choices(((t, label(t)) for t in IdDocumentType), _tr("Not recorded"))
    return combo


#: Each kind's own fields: (field name, caption with mnemonic, widget factory).
DETAIL_FIELDS: dict[EssentialKind, list[tuple[str, str, Callable[[], QWidget]]]] = {
    EssentialKind.FIRST_NIGHT_ADDRESS: [
        ("address", "&Address", _address),
        ("accommodation_type", "Type of &place", _accommodation),
    ],
    EssentialKind.ID_DOCUMENT: [
        ("id_type", "Type o&f ID", _id_type),
        ("other_detail", "Other &ID", _line),
    ],
    EssentialKind.BANK_ACCOUNT: [("bank_name", "&Bank", _line)],
    EssentialKind.BENEFITS_CLAIM: [("benefit", "&Benefit", _line)],
    EssentialKind.GP_REGISTRATION: [("practice", "&GP practice", _line)],
    EssentialKind.MEDICATION_SUPPLY: [
        ("days_supplied", "Days su&pplied", lambda: OptionalSpinBox(90)),
    ],
    EssentialKind.OST_CONTINUITY: [
        ("provider", "Community treatment &provider", _line),
        ("first_dose_date", "&First community dose", DateField),
    ],
    EssentialKind.NALOXONE: [],
    EssentialKind.FIRST_PROBATION_APPOINTMENT: [
        ("appointment_date", "&Appointment date", DateField),
        ("appointment_time", "Appointment ti&me", OptionalTimeEdit),
        ("place", "&Place", _line),
    ],
    EssentialKind.TRAVEL: [("arrangement", "&Arrangement", _line)],
}


def essential_validator(kind: EssentialKind) -> Validator:
    """Every problem saving would find, at once: the model's, and "done" dated after today
    (checked on the values as they are, not only once the rest is valid)."""
    model_problems = model_validator(ESSENTIAL_MODELS[kind])

    def check(data: dict[str, Any]) -> list[FieldProblem]:
        problems = model_problems(data)
        if any(problem.field == "action_date" for problem in problems):
            return problems
        return problems + done_on_problems(
            data.get("status"), data.get("action_date"), clock.today()
        )

    return check


class EssentialPage(QWidget):
    """One kind's form; its own :class:`Form` keeps that kind's unsaved edits."""

    def __init__(self, kind: EssentialKind, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.kind = kind
        self.form = Form(essential_validator(kind), self)
        self.form.fixed = {"kind": kind}
        box = QGroupBox(label(kind))
        layout = QFormLayout(box)
        layout.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        layout.addRow(self.form.general_problem)
        status = ChoiceCombo()
        status.set_choices((s, label(s)) for s in ActionStatus)
        date = DateField()
        who = QLineEdit()
        who.setMaxLength(200)
        who.setPlaceholderText(_tr("Who is doing it"))
        self.form.add_row(layout, "status", _tr("S&tatus"), status)
        self.form.add_row(
            layout,
            "action_date",
            _tr("&Date"),
            date,
            _tr("Date: due while open, done on once done"),
        )
        date.setToolTip(_tr("Due date while it is open; the day it was done once done."))
        # Marked done now: the date becomes today, not the due date it held (officers'
        # trial); the officer can still type the day it was really done.
        status.activated.connect(lambda _index: self._done_today(status, date))
        self.form.add_row(layout, "who", _tr("&Who"), who)
        for name, caption, factory in DETAIL_FIELDS[kind]:
            self.form.add_row(layout, name, _tr(caption), factory())
        self.form.add_row(layout, "notes", _tr("N&otes"), plain_text_edit(_tr("Notes"), 70))
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(box)
        column.addStretch(1)

    def _done_today(self, status: ChoiceCombo, date: DateField) -> None:
        """Only a change to Done: picking Done again on an essential saved done keeps the
        day it was done."""
        today = clock.today()
        saved = self.form.baseline.get("status")
        if (
            status.value() is ActionStatus.DONE
            and saved is not ActionStatus.DONE
            and (date.value() != today)
        ):
            date.set_value(today)
            self.form.check()
            self.form.changed.emit()
