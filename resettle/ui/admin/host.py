"""What the administration window gives its tabs: the workspace, the lists last read, and the
one way to make a change (so every change ends the same way: the lists read again, and a
refusal or another administrator's change said in the window's message line)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol

from resettle.domain.retention import RetentionRule
from resettle.services import accounts, regions, retention, teams
from resettle.services.accounts import AccountSummary
from resettle.services.regions import RegionSummary
from resettle.services.teams import EstablishmentAdminSummary, TeamSummary
from resettle.services.workspace import Workspace
from resettle.ui.admin.form_dialog import FormDialog

if TYPE_CHECKING:
    from resettle.ui.admin.list_page import ListPage


@dataclass(frozen=True)
class AdminLists:
    """Everything the window shows, read in one go in the background."""

    accounts: list[AccountSummary] = field(default_factory=list)
    teams: list[TeamSummary] = field(default_factory=list)
    establishments: list[EstablishmentAdminSummary] = field(default_factory=list)
    retention_rules: list[RetentionRule] = field(default_factory=list)
    regions: list[RegionSummary] = field(default_factory=list)


def read_lists(runner: Workspace) -> AdminLists:
    return AdminLists(
        accounts=runner.run(accounts.list_accounts),
        teams=runner.run(teams.list_teams),
        establishments=runner.run(teams.list_establishments_admin),
        retention_rules=runner.run(retention.list_retention_rules),
        regions=runner.run(regions.list_regions),
    )


class AdminHost(Protocol):
    runner: Workspace
    lists: AdminLists

    def change(self, action: Callable[[], Any], done: str) -> None:
        """Run ``action`` (a service call) now; then read the lists again and say ``done``,
        or say why it was refused."""

    def open_form(
        self, dialog: FormDialog, done: str, created_in: ListPage[Any] | None = None
    ) -> None:
        """Show ``dialog`` (window-modal); once it saved, read the lists again and say
        ``done``. With ``created_in``, the row the dialog created is then selected and shown
        there (not the row chosen before)."""
