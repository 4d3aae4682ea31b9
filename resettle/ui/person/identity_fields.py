"""The fields that identify a person, built one way for the New person dialog and the Profile
tab: the same widgets, limits, hints and captions (with their keyboard accelerators)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QLineEdit, QWidget

from resettle.domain.person import NAME_MAX
from resettle.domain.risk import Sex
from resettle.ui.common.date_field import DateField
from resettle.ui.common.labels import label
from resettle.ui.common.widgets import ChoiceCombo, line_edit


def _tr(text: str) -> str:
    return QCoreApplication.translate("IdentityFields", text)


class IdentityFields:
    """Prison number, CRN, PNC number, names, date of birth and sex. ``sex_placeholder`` is
    the empty choice's text (None: no empty choice)."""

    def __init__(
        self,
        *,
        pnc_hint: str,
        date_of_birth_required: bool,
        sex_placeholder: str | None = None,
    ) -> None:
        self.prison_number: QLineEdit = line_edit(20, _tr("e.g. A1234BC"))
        self.crn: QLineEdit = line_edit(20, _tr("e.g. X123456"))
        self.pnc_number: QLineEdit = line_edit(30, pnc_hint)
        self.given_name: QLineEdit = line_edit(NAME_MAX)
        self.family_name: QLineEdit = line_edit(NAME_MAX)
        self.date_of_birth = DateField(required=date_of_birth_required)
        self.sex = ChoiceCombo()
        self.sex.set_choices(((s, label(s)) for s in Sex), sex_placeholder)

    def rows(self) -> list[tuple[str, str, QWidget]]:
        """(field name, caption, widget) for each, in the order shown."""
        return [
            ("prison_number", _tr("&Prison number"), self.prison_number),
            ("crn", _tr("CR&N"), self.crn),
            ("pnc_number", _tr("PNC n&umber"), self.pnc_number),
            ("given_name", _tr("Gi&ven name"), self.given_name),
            ("family_name", _tr("&Family name"), self.family_name),
            ("date_of_birth", _tr("Date of &birth"), self.date_of_birth),
            ("sex", _tr("Se&x"), self.sex),
        ]


class ShowsIdentityFields:
    """For a window that holds ``identity``: its fields by name (``self.prison_number``...)."""

    identity: IdentityFields

    @property
    def prison_number(self) -> QLineEdit:
        return self.identity.prison_number

    @property
    def crn(self) -> QLineEdit:
        return self.identity.crn

    @property
    def pnc_number(self) -> QLineEdit:
        return self.identity.pnc_number

    @property
    def given_name(self) -> QLineEdit:
        return self.identity.given_name

    @property
    def family_name(self) -> QLineEdit:
        return self.identity.family_name

    @property
    def date_of_birth(self) -> DateField:
        return self.identity.date_of_birth

    @property
    def sex(self) -> ChoiceCombo:
        return self.identity.sex
