"""A read-only view of a person's profile (the editable case record builds on it)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLabel, QVBoxLayout, QWidget

from resettle.domain.person import PersonDetail


def _date(value: object) -> str:
    return value.strftime("%d %b %Y") if value is not None else "—"  # type: ignore[attr-defined]


class PersonView(QDialog):
    def __init__(self, detail: PersonDetail, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.detail = detail
        p = detail.profile
        self.setWindowTitle(
            self.tr("%1 (%2)").replace("%1", detail.name).replace("%2", p.prison_number)
        )
        form = QFormLayout()
        rows = [
            (self.tr("Name"), detail.name),
            (self.tr("Aliases"), ", ".join(p.aliases) or "—"),
            (self.tr("Prison number"), p.prison_number),
            (self.tr("CRN"), p.crn),
            (self.tr("PNC number"), p.pnc_number or "—"),
            (self.tr("Date of birth"), _date(p.date_of_birth)),
            (self.tr("Sex"), p.sex.value.capitalize()),
            (self.tr("Establishment"), detail.establishment or "—"),
            (self.tr("Release date"), _date(p.release_date)),
            (self.tr("Release type"), p.release_type.label if p.release_type else "—"),
            (self.tr("Responsible officer"), detail.officer or "—"),
            (self.tr("Prison key worker"), detail.key_worker or "—"),
        ]
        for label, value in rows:
            field = QLabel(value)
            field.setAccessibleName(label)
            field.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            form.addRow(label, field)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons)
