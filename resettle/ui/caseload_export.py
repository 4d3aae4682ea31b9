""" "Export list": the caseload view on screen, every page of it, to a CSV file.

The user picks the file; the list is read and written in the background
(``services.caseload.caseload_csv``, which checks the permission, reads every page of the
view's search, filters and order, escapes cells a spreadsheet would run, and audits the
export), then saved as UTF-8 with a byte-order mark so Excel opens accents and symbols as
typed. The file appears whole or not at all (written beside it, then renamed). Any view of
the caseload (the main window, a drill-down) passes its query.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import QMessageBox, QWidget

from resettle.domain import clock
from resettle.domain.caseload import CaseloadQuery
from resettle.domain.permissions import Permission, has_permission
from resettle.private_files import write_failure_reason, write_file_safely
from resettle.services.caseload import caseload_csv
from resettle.services.workspace import Workspace
from resettle.ui.common.save_dialogs import ask_save_path
from resettle.ui.worker import Job, run_in_background, show_failure

#: Excel reads a CSV file as UTF-8 only when it starts with this.
BYTE_ORDER_MARK = "\ufeff"


def can_export(workspace: Workspace) -> bool:
    return has_permission(workspace.actor, Permission.EXPORT_CASELOAD)


def suggested_name(query: CaseloadQuery) -> str:
    """ "caseload-2026-12-03.csv"; a figure's people are named by the figure and part
    ("MI014-excluded-2026-12-03.csv", "readiness-urgent-numerator-...": a trial's file of a
    figure did not say what it held)."""
    day = clock.today().isoformat()
    figure = query.figure
    if figure is None:
        return f"caseload-{day}.csv"
    key = "".join(c if c.isalnum() or c in "_-" else "-" for c in figure.key)
    return f"{key}-{figure.part.value}-{day}.csv"


def choose_file(owner: QWidget, name: str) -> Path | None:
    """The file to write, asked with the app's save dialog (``save_dialogs.py``), ``name``
    suggested (None: the user cancelled); ``.csv`` is added when the name has no such
    ending."""
    return ask_save_path(
        owner, owner.tr("Export the list as CSV"), name, owner.tr("CSV files (*.csv)"), ".csv"
    )


def export_list(
    owner: QWidget,
    workspace: Workspace,
    query: CaseloadQuery,
    on_saved: Callable[[Path, int], None] | None = None,
) -> Job | None:
    """Ask for a file and export ``query``'s whole list to it in the background, showing that
    it is working; ``on_saved(path, rows)`` once the file is written. None when the account
    may not export or the user cancelled."""
    if not can_export(workspace):
        return None
    path = choose_file(owner, suggested_name(query))
    if path is None:
        return None
    whole = query.model_copy(update={"after": None})

    def work(_job: Job) -> int:
        text = workspace.run(caseload_csv, whole)
        write_file(path, text)
        return sum(1 for _row in csv.reader(io.StringIO(text, newline=""))) - 1

    def done(rows: int) -> None:
        if on_saved is not None:
            on_saved(path, rows)

    def failed(error: Exception) -> None:
        if isinstance(error, OSError):
            QMessageBox.warning(
                owner,
                owner.tr("List not exported"),
                owner.tr("The file %1 could not be written: %2")
                .replace("%1", str(path))
                .replace("%2", write_failure_reason(error)),
            )
        else:
            show_failure(owner, error)

    return run_in_background(
        owner, work, done, on_failure=failed, progress_label=owner.tr("Exporting the list…")
    )


def write_file(path: Path, text: str) -> None:
    """``text`` as UTF-8 with a byte-order mark, never half-written, owner-only
    (``resettle/private_files.py``)."""
    write_file_safely(path, (BYTE_ORDER_MARK + text).encode("utf-8"), make_folder=False)
