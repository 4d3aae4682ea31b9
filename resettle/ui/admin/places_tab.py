"""The Teams and Establishments tabs: one list each with the counts the services give, New,
Rename, and for teams Office (its phone and address) and Deactivate and Activate (refused
while people are allocated to it)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from resettle.services import teams
from resettle.services.teams import EstablishmentAdminSummary, TeamSummary
from resettle.services.workspace import Workspace
from resettle.ui.admin.host import AdminHost, AdminLists
from resettle.ui.admin.list_page import ListPage
from resettle.ui.admin.place_dialogs import NewPlaceDialog, RenamePlaceDialog, TeamOfficeDialog
from resettle.ui.admin.texts import team_status
from resettle.ui.common.rows_model import Column

P = TypeVar("P", bound=TeamSummary | EstablishmentAdminSummary)


@dataclass(frozen=True)
class PlaceKind(Generic[P]):
    noun: str
    plural: str
    columns: Sequence[Column[P]]
    rows: Callable[[AdminLists], Sequence[P]]
    create: Callable[..., Any]
    rename: Callable[..., Any]
    set_active: Callable[..., Any] | None = None
    set_office: Callable[..., Any] | None = None


def _count(header: str, value: Callable[[Any], int]) -> Column[Any]:
    return Column(header, lambda p: f"{value(p):,}", sort_key=value, align_right=True)


TEAMS: PlaceKind[TeamSummary] = PlaceKind(
    noun="team",
    plural="Teams",
    columns=[
        Column("Code", lambda t: t.code),
        Column("Name", lambda t: t.name),
        _count("Officers", lambda t: t.officers),
        _count("People", lambda t: t.people),
        Column("Office phone", lambda t: t.office_phone or "Not known"),
        Column("Status", team_status),
    ],
    rows=lambda lists: lists.teams,
    create=teams.create_team,
    rename=teams.rename_team,
    set_active=teams.set_team_active,
    set_office=teams.set_team_office,
)
ESTABLISHMENTS: PlaceKind[EstablishmentAdminSummary] = PlaceKind(
    noun="establishment",
    plural="Establishments",
    columns=[
        Column("Code", lambda e: e.code),
        Column("Name", lambda e: e.name),
        _count("Prison staff", lambda e: e.prison_staff),
    ],
    rows=lambda lists: lists.establishments,
    create=teams.create_establishment,
    rename=teams.rename_establishment,
)


class PlacesTab(ListPage[P]):
    def __init__(self, host: AdminHost, kind: PlaceKind[P]) -> None:
        super().__init__(kind.columns, kind.plural, f"&Filter {kind.plural.lower()}")
        self.host = host
        self.kind: PlaceKind[P] = kind
        self.new_button = self.add_action(f"&New {kind.noun}…", self.new_place)
        self.rename_button = self.add_action("&Rename…", self.rename)
        self.office_button = (
            self.add_action("&Office…", self.edit_office) if kind.set_office is not None else None
        )
        self.active_button = (
            self.add_action("Deacti&vate", self.toggle_active, stretch=True)
            if kind.set_active is not None
            else None
        )
        self.selection_changed.connect(self._enable_actions)
        self.activated.connect(self.rename)
        self._enable_actions()

    @property
    def runner(self) -> Workspace:
        return self.host.runner

    def show_lists(self) -> None:
        self.set_rows(self.kind.rows(self.host.lists))
        self._enable_actions()

    def _enable_actions(self) -> None:
        place = self.selected()
        self.rename_button.setEnabled(place is not None)
        if self.office_button is not None:
            self.office_button.setEnabled(place is not None)
        if self.active_button is not None:
            self.active_button.setEnabled(place is not None)
            activate = isinstance(place, TeamSummary) and not place.active
            self.active_button.setText("Acti&vate" if activate else "Deacti&vate")
            self.active_button.setAccessibleName("Activate" if activate else "Deactivate")

    def new_place(self) -> None:
        noun, create = self.kind.noun, self.kind.create
        dialog = NewPlaceDialog(noun, lambda code, name: self.runner.run(create, code, name), self)
        self.host.open_form(dialog, f"New {noun} created.", created_in=self)

    def rename(self) -> None:
        place = self.selected()
        if place is None:
            return
        rename = self.kind.rename
        dialog = RenamePlaceDialog(
            self.kind.noun,
            place.code,
            place.name,
            lambda name: self.runner.run(rename, place.id, name),
            self,
        )
        self.host.open_form(dialog, f"{place.code} renamed.")

    def edit_office(self) -> None:
        place, set_office = self.selected(), self.kind.set_office
        if not isinstance(place, TeamSummary) or set_office is None:
            return
        dialog = TeamOfficeDialog(
            place.code,
            place.office_phone,
            place.office_address,
            lambda office: self.runner.run(set_office, place.id, office),
            self,
        )
        self.host.open_form(dialog, f"Office of {place.code} saved.")

    def toggle_active(self) -> None:
        place, set_active = self.selected(), self.kind.set_active
        if not isinstance(place, TeamSummary) or set_active is None:
            return
        active = not place.active
        self.host.change(
            lambda: self.runner.run(set_active, place.id, active),
            f"{place.code} {'activated' if active else 'deactivated'}.",
        )
