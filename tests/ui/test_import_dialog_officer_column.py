"""The Import dialog's result for a re-import naming another responsible officer: counted
unchanged, the row listed as not re-allocated (and in the error report)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from resettle.services.workspace import Workspace
from resettle.ui.caseload_import_dialog import CaseloadImportDialog
from tests.background import wait_for_background
from tests.factories import establishment, staff_member

HEADER = "NOMS number,CRN,Surname,First name,DOB,Sex,Prison,Officer\n"


def test_a_row_naming_another_officer_is_unchanged_and_listed_not_re_allocated(
    qtbot: Any, workspace: Workspace, tmp_path: Path
) -> None:
    establishment(workspace)
    staff_member(workspace, "col.league")
    dialog = CaseloadImportDialog(workspace)
    qtbot.addWidget(dialog)
    dialog.show()
    wait_for_background(qtbot)
    file = tmp_path / "caseload.csv"
    file.write_text(HEADER + "A0001BC,X000001,Smith,Sam,17/05/1990,male,LEI,col.league\n")
    dialog.load_file(file)
    wait_for_background(qtbot)
    with qtbot.waitSignal(dialog.imported):
        dialog.run_import(dry_run=False)
    wait_for_background(qtbot)
    file.write_text(
        HEADER + f"A0001BC,X000001,Smith,Sam,17/05/1990,male,LEI,{workspace.actor.username}\n"
    )
    dialog.load_file(file)
    wait_for_background(qtbot)
    dialog.run_import(dry_run=False)
    wait_for_background(qtbot)
    lines = dialog.summary.text().splitlines()
    assert lines == [
        "Nothing was saved (0 to make, 0 to update, 1 unchanged, 0 rows refused).",
        "line 2, Officer: names another officer than the one who holds the person: an "
        "import does not re-allocate; use Cases > Allocate",
    ]
    assert dialog.save_button.isEnabled()
