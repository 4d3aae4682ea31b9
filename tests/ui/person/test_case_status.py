"""Closing and reopening a case from the person window."""

from __future__ import annotations

from resettle.domain.case_status import ClosureReason
from resettle.domain.caseload import CaseloadQuery
from resettle.services.caseload import list_caseload
from resettle.services.workspace import Workspace
from resettle.ui.person import PersonWindow
from resettle.ui.person.close_case_dialog import CloseCaseDialog
from tests.background import wait_for_background
from tests.ui.person.support import choose, saved_record, submit


def _on_caseload(workspace: Workspace, person_id: int) -> bool:
    page = list_caseload(workspace.actor, workspace.uow(), CaseloadQuery())
    return person_id in [row.id for row in page.rows]


def test_closing_with_a_reason_then_reopening(  # type: ignore[no-untyped-def]
    qtbot, window: PersonWindow, workspace: Workspace
) -> None:
    controls = window.case_status
    assert controls.close_case_button.isVisible() and not controls.reopen_button.isVisible()
    assert not controls.closed_label.isVisible()
    changes: list[bool] = []
    controls.changed.connect(lambda: changes.append(True))

    controls.close_case_button.click()
    dialog = window.findChild(CloseCaseDialog)
    assert dialog is not None
    assert not dialog.other_reason.isEnabled()
    choose(dialog.reason, ClosureReason.OTHER)
    assert dialog.other_reason.isEnabled()
    assert not dialog.ok_button.isEnabled()  # "other" needs words
    dialog.other_reason.setText("Moved to Jersey")
    assert submit(qtbot, dialog)

    assert controls.closed_label.isVisible()
    text = controls.closed_label.text()
    assert "Case closed on" in text and "by Demo Officer" in text
    assert "Reason: Other: Moved to Jersey" in text
    assert controls.reopen_button.isVisible() and not controls.close_case_button.isVisible()
    assert saved_record(workspace, window.session.person_id).closure is not None
    assert not _on_caseload(workspace, window.session.person_id)
    assert changes == [True]

    controls.reopen_button.click()
    wait_for_background(qtbot)
    assert not controls.closed_label.isVisible()
    assert controls.close_case_button.isVisible()
    assert _on_caseload(workspace, window.session.person_id)
    assert changes == [True, True]


def test_the_header_shows_the_officer_and_the_allocation_history(  # type: ignore[no-untyped-def]
    window: PersonWindow,
) -> None:
    assert "Officer: Demo Officer" in window.facts_label.text()
    history = window.facts_label.toolTip().splitlines()
    assert history[0] == "Allocation history:"
    assert history[1].endswith("allocated to Demo Officer by Demo Officer")
