""" "Who has seen this": the views and disclosures of the person's record, newest first, 50 at a
time with "Show older" for a long history. Read in the background; for the person's officer
and their team's managers (the service refuses anyone else, and says so)."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from resettle.domain.seen_by import SeenEntry, SeenPage
from resettle.services.seen_by import who_has_seen
from resettle.services.workspace import Workspace
from resettle.ui.common.labels import when_text
from resettle.ui.common.rows_model import Column, RowsTableModel
from resettle.ui.common.screen_fit import fit_to_screen
from resettle.ui.common.views import note_label, table_view
from resettle.ui.failures import failure_text
from resettle.ui.worker import Job, run_in_background


class SeenByTableModel(RowsTableModel[SeenEntry]):
    """When, who (name and roles), what and why (and to whom), then the teams the member of
    staff works in or manages (last: a manager's list can be long), one row per view or
    disclosure."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(
            [
                Column(self.tr("When"), lambda e: when_text(e.at), sort_key=lambda e: e.at),
                Column(self.tr("Who"), lambda e: e.staff_name),
                Column(self.tr("Role"), lambda e: e.staff_roles),
                Column(self.tr("What"), lambda e: e.what),
                Column(self.tr("Why"), lambda e: e.why, tooltip=lambda e: e.why or None),
                Column(self.tr("Recipient"), lambda e: e.recipient, tooltip=lambda e: e.recipient),
                Column(self.tr("Team"), lambda e: e.staff_team, tooltip=lambda e: e.staff_team),
            ],
            parent,
        )


class SeenByDialog(QDialog):
    #: A page arrived and is shown (how many rows in all).
    loaded = Signal(int)

    def __init__(
        self, workspace: Workspace, person_id: int, name: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.workspace = workspace
        self.person_id = person_id
        self.next_before: int | None = None
        self._closed = False
        self.setWindowTitle(self.tr("Who has seen %1's record").replace("%1", name))
        self.model = SeenByTableModel(self)
        # One line a row (a long, paged list): the whole text of a cell is in its tooltip.
        self.table = table_view(
            self.model, self.tr("Who has seen this"), stretch_column=4, wrap=False
        )
        team = self.model.columnCount() - 1
        self.table.horizontalHeader().setSectionResizeMode(team, QHeaderView.ResizeMode.Interactive)
        self.table.setColumnWidth(team, 200)
        self.status = note_label(self.tr("Reading…"))
        self.older = QPushButton(self.tr("Show &older"))
        self.older.clicked.connect(self.load_more)
        self.older.setEnabled(False)
        close = QPushButton(self.tr("Close"))
        close.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addWidget(self.status, 1)
        buttons.addWidget(self.older)
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(
            note_label(
                self.tr(
                    "Every opening of this record, every plan printed or saved and every "
                    "disclosure recorded, newest first, with the reason given."
                )
            )
        )
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        fit_to_screen(self, 1320, 560)

    def start(self) -> Job:
        self.open()
        return self.load_more()

    def load_more(self) -> Job:
        workspace, person_id, before = self.workspace, self.person_id, self.next_before
        self.older.setEnabled(False)

        def work(_job: Job) -> SeenPage:
            return workspace.run(who_has_seen, person_id, before)

        return run_in_background(self, work, self._arrived, on_failure=self._failed)

    def done(self, result: int) -> None:
        self._closed = True
        super().done(result)

    def _arrived(self, page: SeenPage) -> None:
        if self._closed:
            return
        self.model.append_rows(page.entries)
        for column in (0, 1, 2, 3, 5):  # the short columns fit their text; Why takes the rest
            self.table.resizeColumnToContents(column)
        self.next_before = page.next_before
        self.older.setEnabled(page.next_before is not None)
        count = self.model.rowCount()
        if count == 0:
            self.status.setText(self.tr("Nobody has opened or disclosed this record yet."))
        elif page.next_before is None:
            self.status.setText(self.tr("%1 shown: the whole history.").replace("%1", str(count)))
        else:
            self.status.setText(self.tr("%1 shown; older ones follow.").replace("%1", str(count)))
        self.loaded.emit(count)

    def _failed(self, error: Exception) -> None:
        if self._closed:
            return
        self.status.setText(failure_text(error, "who has seen this"))


def open_seen_by(parent: QWidget, workspace: Workspace, person_id: int, name: str) -> SeenByDialog:
    dialog = SeenByDialog(workspace, person_id, name, parent)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.start()
    return dialog
