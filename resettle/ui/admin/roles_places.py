"""An account's roles as tick boxes and its places of work as tick lists, each list shown only
while a ticked role uses it (officers: teams; prison staff and the programme team:
establishments; managers: managed teams, establishments and regions)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QLabel, QListWidget, QListWidgetItem, QWidget

from resettle.domain.account_places import PLACE_ROLES, AccountPlaces, place_problems
from resettle.domain.staff import Role
from resettle.services.regions import RegionSummary
from resettle.services.teams import EstablishmentAdminSummary, TeamSummary
from resettle.ui.admin.form_dialog import FormDialog
from resettle.ui.admin.texts import place_choice_text

ROLE_CAPTIONS: dict[Role, str] = {
    Role.OFFICER: "Probation &officer",
    Role.PRISON_STAFF: "P&rison staff",
    Role.PROGRAMME_TEAM: "Pro&gramme team",
    Role.MANAGER: "&Manager",
    Role.ADMIN: "A&dministrator",
}
PLACE_CAPTIONS: dict[str, str] = {
    "team_ids": "&Teams",
    "establishment_ids": "E&stablishments",
    "managed_team_ids": "Managed te&ams",
    "managed_establishment_ids": "Managed esta&blishments",
    "managed_region_ids": "Managed reg&ions",
}
LIST_ROWS = 5
NO_ROLE = "Roles: tick one or more."


class PlaceList(QListWidget):
    """Places to tick (Space ticks the current one); ``checked()`` gives their ids."""

    def __init__(self, accessible_name: str) -> None:
        super().__init__()
        self.setAccessibleName(accessible_name)
        self.setUniformItemSizes(True)

    def set_places(self, places: Sequence[tuple[int, str]], checked: Iterable[int]) -> None:
        ticked = set(checked)
        self.clear()
        for place_id, text in places:
            item = QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, place_id)
            item.setFlags(
                Qt.ItemFlag.ItemIsEnabled
                | Qt.ItemFlag.ItemIsSelectable
                | Qt.ItemFlag.ItemIsUserCheckable
            )
            item.setCheckState(
                Qt.CheckState.Checked if place_id in ticked else Qt.CheckState.Unchecked
            )
            self.addItem(item)
        row = self.sizeHintForRow(0) if self.count() else self.fontMetrics().height() + 4
        self.setFixedHeight(row * min(max(self.count(), 2), LIST_ROWS) + 2 * self.frameWidth())
        if self.count():  # the keyboard starts on the first place, which is not ticked
            self.setCurrentRow(0, QItemSelectionModel.SelectionFlag.NoUpdate)

    def checked(self) -> frozenset[int]:
        return frozenset(
            int(self.item(row).data(Qt.ItemDataRole.UserRole))
            for row in range(self.count())
            if self.item(row).checkState() == Qt.CheckState.Checked
        )

    def tick(self, place_id: int, ticked: bool = True) -> None:
        for row in range(self.count()):
            item = self.item(row)
            if item.data(Qt.ItemDataRole.UserRole) == place_id:
                item.setCheckState(Qt.CheckState.Checked if ticked else Qt.CheckState.Unchecked)


class RolesAndPlaces:
    """The role boxes and place lists, added to ``dialog``'s form."""

    def __init__(
        self,
        dialog: FormDialog,
        teams: Sequence[TeamSummary],
        establishments: Sequence[EstablishmentAdminSummary],
        roles: Iterable[Role] = (),
        places: AccountPlaces | None = None,
        regions: Sequence[RegionSummary] = (),
    ) -> None:
        held = places or AccountPlaces()
        self.boxes: dict[Role, QCheckBox] = {}
        row = QWidget()
        line = QHBoxLayout(row)
        line.setContentsMargins(0, 0, 0, 0)
        for role, caption in ROLE_CAPTIONS.items():
            box = QCheckBox(caption)
            box.setAccessibleName(role.label)
            box.setChecked(role in set(roles))
            box.toggled.connect(lambda _on: self._show_places())
            self.boxes[role] = box
            line.addWidget(box)
        line.addStretch(1)
        row.setFocusProxy(self.boxes[Role.OFFICER])
        dialog.add_row("Roles", row, "roles")
        team_choices = [
            (t.id, place_choice_text(t.code, t.name, t.active))
            for t in teams
            if t.active or t.id in held.team_ids | held.managed_team_ids
        ]
        establishment_choices = [(e.id, place_choice_text(e.code, e.name)) for e in establishments]
        region_choices = [
            (r.id, place_choice_text(r.code, r.name, r.active))
            for r in regions
            if r.active or r.id in held.managed_region_ids
        ]
        self._form = dialog.form
        self._dialog = dialog
        self.lists: dict[str, PlaceList] = {}
        self._captions: dict[str, QLabel] = {}
        for kind, caption in PLACE_CAPTIONS.items():
            places_list = PlaceList(caption.replace("&", ""))
            places_list.set_places(
                team_choices
                if kind.endswith("team_ids")
                else region_choices
                if kind.endswith("region_ids")
                else establishment_choices,
                held.by_kind()[kind],
            )
            self.lists[kind] = places_list
            self._captions[kind] = dialog.add_row(caption, places_list, kind)
        self._show_places()

    def any_role(self, dialog: FormDialog) -> bool:
        """At least one role is ticked; else say so under the roles."""
        if self.roles():
            return True
        dialog.errors.show_at("roles", NO_ROLE)
        self.boxes[Role.OFFICER].setFocus()
        return False

    def places_fit(self, dialog: FormDialog) -> bool:
        """Every ticked role has the places it needs (a programme team account an
        establishment); else say so under the list, before anything is saved."""
        problems = place_problems(self.roles(), self.places())
        for problem in problems:
            dialog.errors.show_at(problem.field, problem.message)
        if problems:
            self.lists[problems[0].field].setFocus()
        return not problems

    def roles(self) -> frozenset[Role]:
        return frozenset(role for role, box in self.boxes.items() if box.isChecked())

    def places(self) -> AccountPlaces:
        """The ticked places of the lists shown (a hidden list's ticks are not kept)."""
        return AccountPlaces(
            **{kind: places.checked() for kind, places in self.lists.items()}
        ).kept_for(self.roles())

    def _show_places(self) -> None:
        roles = self.roles()
        for kind in self.lists:
            self._form.setRowVisible(self._captions[kind], bool(PLACE_ROLES[kind][0] & roles))
        if self._dialog.isVisible():
            self._dialog.fit(self._dialog.width())
