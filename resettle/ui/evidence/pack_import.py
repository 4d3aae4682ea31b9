"""Importing a newer evidence pack file (administrators only).

The file is checked in full before anything is stored: a bad file shows every problem (where
and what) in a scrollable list and the pack in use stays as it was; an older or equal version
is refused; accounts other than administrators are told they cannot import.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QMessageBox,
    QVBoxLayout,
    QWidget,
)

from resettle.domain.errors import DomainError
from resettle.domain.limits import PACK_FILE_MAX_BYTES
from resettle.domain.permissions import Permission, has_permission
from resettle.evidence import PackImportRefused, PackInvalid, PackMetadata, PackProblem
from resettle.services.evidence_pack import import_evidence_pack, pack_status
from resettle.services.workspace import Workspace
from resettle.ui.common.changes import EVIDENCE_PACK, change_notice
from resettle.ui.common.labels import date_text
from resettle.ui.common.rows_model import Column, RowsTableModel
from resettle.ui.common.save_dialogs import ask_open_path
from resettle.ui.common.screen_fit import fit_to_screen
from resettle.ui.common.views import table_view
from resettle.ui.common.window_message import open_box, window_message_box
from resettle.ui.worker import Job, run_in_background, show_failure

RESULT_OBJECT_NAME = "evidence-pack-import-result"


def _tr(text: str) -> str:
    return QCoreApplication.translate("PackImport", text)


class PackProblemsModel(RowsTableModel[PackProblem]):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(
            [
                Column(self.tr("Where"), lambda p: p.location, tooltip=lambda p: p.location),
                Column(self.tr("Problem"), lambda p: p.message, tooltip=lambda p: p.message),
            ],
            parent,
        )


class PackProblemsDialog(QDialog):
    """Every problem found in a pack file that was not imported."""

    def __init__(
        self,
        file_name: str,
        problems: Sequence[PackProblem],
        current_version: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName(RESULT_OBJECT_NAME)
        self.setWindowTitle(self.tr("Evidence pack not imported"))
        count = len(problems)
        self.summary = QLabel(
            self.tr(
                "“%1” was not imported: %2 problem(s) were found. Nothing was changed: "
                "recommendations still use evidence pack %3."
            )
            .replace("%1", file_name)
            .replace("%2", str(count))
            .replace("%3", current_version)
        )
        self.summary.setWordWrap(True)
        self.model = PackProblemsModel(self)
        self.model.set_rows(list(problems))
        self.table = table_view(self.model, self.tr("Problems in the pack file"), stretch_column=1)
        self.table.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 1)
        layout.addWidget(buttons)
        fit_to_screen(self, 820, 420)


def _message(
    parent: QWidget | None,
    icon: QMessageBox.Icon,
    title: str,
    text: str,
    details: str = "",
) -> QMessageBox:
    box = window_message_box(parent)
    box.setObjectName(RESULT_OBJECT_NAME)
    box.setIcon(icon)
    box.setWindowTitle(title)
    box.setText(text)
    if details:
        box.setInformativeText(details)
    box.setStandardButtons(QMessageBox.StandardButton.Ok)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    open_box(box)
    return box


def _success_details(meta: PackMetadata) -> str:
    return (
        _tr(
            "Released %1; %2 interventions and %3 evidence records (%4 unverified).\n"
            "SHA-256 %5\n\nRecommendations use this pack from now on."
        )
        .replace("%1", date_text(meta.release_date))
        .replace("%2", str(meta.intervention_count))
        .replace("%3", str(meta.evidence_record_count))
        .replace("%4", str(meta.unverified_record_count))
        .replace("%5", meta.sha256)
    )


def import_pack_interactively(
    parent: QWidget,
    workspace: Workspace,
    path: Path | None = None,
    on_imported: Callable[[PackMetadata], None] | None = None,
) -> bool:
    """Ask for a pack file (unless ``path`` is given) and import it off the UI thread; True
    when the import was started. ``on_imported`` runs once it has been imported.

    The outcome is shown in a window-modal message (or the list of problems) that does not
    block the caller; the window shows it is busy meanwhile.
    """
    title = _tr("Import evidence pack")
    if not has_permission(workspace.actor, Permission.MANAGE_EVIDENCE):
        _message(
            parent,
            QMessageBox.Icon.Information,
            title,
            _tr("Only administrators can import an evidence pack."),
            _tr("You are signed in as %1 (%2). Ask an administrator to import the new pack.")
            .replace("%1", workspace.actor.display_name)
            .replace("%2", workspace.actor.role.label),
        )
        return False
    if path is None:
        path = ask_open_path(parent, title, _tr("Evidence pack (*.json);;All files (*)"))
        if path is None:
            return False
    try:
        with path.open("rb") as file:
            # Never more than the largest pack (and one byte): the import refuses the rest.
            data = file.read(PACK_FILE_MAX_BYTES + 1)
    except OSError as error:
        _message(
            parent,
            QMessageBox.Icon.Warning,
            title,
            _tr("“%1” could not be read.").replace("%1", path.name),
            error.strerror or str(error),
        )
        return False
    file_name = path.name
    window = parent.window()  # busy while the import runs (a closed window drops it)

    def work(_job: Job) -> PackMetadata | _Refused:
        try:
            return workspace.run(import_evidence_pack, data)
        except PackInvalid as invalid:
            return _Refused(invalid, workspace.run(pack_status).metadata.pack_version)

    def arrived(outcome: PackMetadata | _Refused) -> None:
        window.unsetCursor()
        if isinstance(outcome, _Refused):
            dialog = PackProblemsDialog(
                file_name, outcome.invalid.problems, outcome.current, parent
            )
            dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            dialog.open()
            return
        change_notice(workspace).announce([], [EVIDENCE_PACK], origin=parent, everyone=True)
        _message(
            parent,
            QMessageBox.Icon.Information,
            title,
            _tr("Evidence pack %1 imported.").replace("%1", outcome.pack_version),
            _success_details(outcome),
        )
        if on_imported is not None:
            on_imported(outcome)

    def failed(error: Exception) -> None:
        window.unsetCursor()
        if isinstance(error, PackImportRefused):
            _message(parent, QMessageBox.Icon.Information, title, _tr("Not imported."), str(error))
        elif isinstance(error, DomainError):
            _message(parent, QMessageBox.Icon.Warning, title, _tr("Not imported."), str(error))
        else:
            show_failure(parent, error)

    window.setCursor(Qt.CursorShape.BusyCursor)
    run_in_background(parent, work, arrived, on_failure=failed)
    return True


@dataclass(frozen=True)
class _Refused:
    """The file is not a valid pack: its problems, and the pack still in use."""

    invalid: PackInvalid
    current: str
