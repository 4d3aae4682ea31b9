"""A new team or establishment (code and name), a new name for one (codes never change), and a
team's office phone and postal address."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import QWidget

from resettle.domain.team_office import MAX_OFFICE_PHONE
from resettle.ui.admin.form_dialog import FormDialog
from resettle.ui.common.views import value_label
from resettle.ui.common.widgets import line_edit, plain_text_edit

CODE_MAX_LENGTH = 16
NAME_MAX_LENGTH = 200


class NewPlaceDialog(FormDialog):
    """``create(code, name)`` runs the service (through the workspace)."""

    def __init__(
        self, noun: str, create: Callable[[str, str], Any], parent: QWidget | None = None
    ) -> None:
        super().__init__(f"New {noun}", f"New {noun}", f"&Create {noun}", parent)
        self._create = create
        self.code = line_edit(CODE_MAX_LENGTH, "for example LEI or PDU-NE")
        self.name = line_edit(NAME_MAX_LENGTH)
        self.add_row("C&ode", self.code, "code")
        self.add_row("&Name", self.name, "name")
        self.fit(520)

    def save(self) -> None:
        created = self._create(self.code.text(), self.name.text())
        self.created_id = getattr(created, "id", None)


class RenamePlaceDialog(FormDialog):
    def __init__(
        self,
        noun: str,
        code: str,
        name: str,
        rename: Callable[[str], Any],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(f"Rename {noun}", f"Rename {noun} {code}", "&Rename", parent)
        self._rename = rename
        self.add_row("Code", value_label(code, "Code"))
        self.name = line_edit(NAME_MAX_LENGTH)
        self.name.setText(name)
        self.add_row("&Name", self.name, "name")
        self.fit(520)

    def save(self) -> None:
        self._rename(self.name.text())


class TeamOfficeDialog(FormDialog):
    """``save_office({"office_phone": ..., "office_address": ...})`` runs the service. The
    person's copy of a plan prints the phone when their officer has none, and the address
    for where to go."""

    def __init__(
        self,
        code: str,
        phone: str,
        address: str,
        save_office: Callable[[dict[str, str]], Any],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(f"Office of team {code}", f"Office of team {code}", "&Save", parent)
        self._save_office = save_office
        self.add_row("Team", value_label(code, "Team"))
        self.phone = line_edit(MAX_OFFICE_PHONE, "for example 0113 496 0000")
        self.phone.setText(phone)
        self.add_row("Office &phone", self.phone, "office_phone")
        self.address = plain_text_edit("Office address", height=96)
        self.address.setPlaceholderText("One line each: building, street, town, postcode")
        self.address.setPlainText(address)
        self.add_row("Office &address", self.address, "office_address")
        self.fit(560)

    def save(self) -> None:
        self._save_office(
            {"office_phone": self.phone.text(), "office_address": self.address.toPlainText()}
        )
