"""Cover on a manager's teams: who covers which team, from when to when, active or ended, and
why; "Grant cover…" (``GrantCoverDialog``) and "End cover". ``open_cover`` opens it.

Cover, the manager's teams and the officers to name are read in the background, and read
again after each change."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QVBoxLayout,
    QWidget,
)

from resettle.domain.staff import Role, StaffSummary
from resettle.domain.typed_dates import SHOWN_FORMAT
from resettle.services import case_access, staff
from resettle.services.case_access import CoverView, TeamView
from resettle.services.workspace import Workspace
from resettle.ui.case_access.grant_cover_dialog import GrantCoverDialog
from resettle.ui.case_access.problems import FieldProblems, leave_only_the_message
from resettle.ui.common.busy import BusyIndicator
from resettle.ui.common.listing import listing
from resettle.ui.common.rows_model import Column, RowsTableModel
from resettle.ui.common.screen_fit import fit_to_screen
from resettle.ui.common.staff_labels import staff_label
from resettle.ui.common.views import push_button, source_row, table_view


@dataclass(frozen=True)
class _Loaded:
    cover: list[CoverView]
    teams: list[TeamView]
    staff: list[StaffSummary]
    #: Each account's teams and establishments, named beside it.
    workplaces: dict[int, tuple[str, ...]]

    @property
    def officers(self) -> list[StaffSummary]:
        """Who may be granted cover: active probation officers."""
        return [s for s in self.staff if s.active and s.holds(Role.OFFICER)]


def _load(runner: Workspace) -> _Loaded:
    return _Loaded(
        runner.run(case_access.list_cover),
        runner.run(case_access.managed_teams),
        runner.run(staff.list_staff),
        runner.run(staff.list_workplaces),
    )


class CoverModel(RowsTableModel[CoverView]):
    def __init__(self, parent: QObject | None = None) -> None:
        self.officer_names: dict[int, str] = {}
        self.team_names: dict[int, str] = {}
        super().__init__(
            [
                Column(self.tr("Officer"), lambda c: self.officer_names.get(c.staff_id, "")),
                Column(self.tr("Team"), lambda c: self.team_names.get(c.team_id, "")),
                Column(self.tr("From"), lambda c: c.starts_on.strftime(SHOWN_FORMAT)),
                Column(self.tr("To"), lambda c: c.ends_on.strftime(SHOWN_FORMAT)),
                Column(self.tr("Status"), self._status),
                Column(self.tr("Reason"), lambda c: c.reason),
            ],
            parent,
        )

    def _status(self, cover: CoverView) -> str:
        return self.tr("Active") if cover.active else self.tr("Ended")


class CoverDialog(QDialog):
    def __init__(self, runner: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.runner = runner
        self.loaded: _Loaded | None = None
        self.busy = BusyIndicator(self)
        self.setWindowTitle(self.tr("Cover on your teams"))
        self.setModal(True)
        self.problems = FieldProblems(self)
        self.model = CoverModel(self)
        self.table = table_view(self.model, self.tr("Cover on your teams"), stretch_column=5)
        self.grant_button = push_button(self.tr("&Grant cover…"))
        self.end_button = push_button(self.tr("&End cover"))
        self.grant_button.clicked.connect(self.open_grant)
        self.end_button.clicked.connect(self.end_selected)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.buttons.rejected.connect(self.reject)
        self._content = listing(
            self.tr(
                "Cover lets an officer reach the people of one of your teams until its last "
                "day; end it sooner when it is no longer needed."
            ),
            self.tr("&Cover on your teams, newest first"),
            self.table,
            [self.grant_button, self.end_button],
            self.busy.label,
        )
        layout = QVBoxLayout(self)
        layout.addWidget(self.problems.general)
        layout.addWidget(self._content, 1)
        layout.addWidget(self.buttons)
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._update_buttons())
        self.grant_dialog: GrantCoverDialog | None = None
        self._update_buttons()
        fit_to_screen(self, 900, 520)
        self.reload()

    # --- reading -------------------------------------------------------------------------
    def reload(self, select_id: int | None = None) -> None:
        runner = self.runner
        self.busy.run(
            lambda _job: _load(runner),
            lambda loaded: self._loaded(loaded, select_id),
            on_failure=self._refused,
        )

    def _loaded(self, loaded: _Loaded, select_id: int | None) -> None:
        self.loaded = loaded
        self.problems.clear()
        # Name and user name: the Team column beside it is the team covered, not theirs.
        self.model.officer_names = {m.id: staff_label(m) for m in loaded.staff}
        self.model.team_names = {t.id: t.name for t in loaded.teams}
        self.model.set_rows(loaded.cover)
        ids = [c.id for c in loaded.cover]
        if select_id in ids:
            self.table.selectRow(ids.index(select_id))
        self._update_buttons()

    def _refused(self, error: Exception) -> None:
        """A refused change shows above the list; a refusal to read it (an account that may
        not grant cover) leaves only the message and Close."""
        self.problems.show_failure(error, "cover")
        if self.loaded is None:
            leave_only_the_message(self, self._content)
        self._update_buttons()

    def selected(self) -> CoverView | None:
        row = source_row(self.table)
        return self.model.row_at(row) if row is not None else None

    # --- actions -------------------------------------------------------------------------
    def open_grant(self) -> GrantCoverDialog | None:
        if self.loaded is None:
            return None
        loaded = self.loaded
        dialog = GrantCoverDialog(
            self.runner, loaded.officers, loaded.teams, self, workplaces=loaded.workplaces
        )
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.granted.connect(self.reload)
        self.grant_dialog = dialog
        dialog.open()
        dialog.officer.setFocus()
        return dialog

    def end_selected(self) -> bool:
        cover = self.selected()
        if cover is None or not cover.active:
            return False
        self.end_button.setEnabled(False)
        runner, cover_id = self.runner, cover.id
        self.busy.run(
            lambda _job: runner.run(case_access.end_cover, cover_id),
            lambda _none: self.reload(cover_id),
            on_failure=self._refused,
        )
        return True

    def _update_buttons(self) -> None:
        self.grant_button.setEnabled(self.loaded is not None and bool(self.loaded.teams))
        cover = self.selected()
        self.end_button.setEnabled(cover is not None and cover.active)


def open_cover(parent: QWidget, runner: Workspace) -> CoverDialog:
    """Open the dialog window-modal over ``parent`` (for the caseload window's menu)."""
    dialog = CoverDialog(runner, parent)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    return dialog
