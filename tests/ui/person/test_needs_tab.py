"""Needs: pathway assessments saved with Save; support needs added and moved on by dialogs."""

from __future__ import annotations

from resettle.domain.needs import PathwayStatus, Severity, SupportNeedStatus
from resettle.domain.pathways import Pathway
from resettle.services.workspace import Workspace
from resettle.ui.person import PersonWindow
from resettle.ui.person.needs_dialogs import AddSupportNeedDialog, ChangeSupportStatusDialog
from resettle.ui.person.needs_tab import NeedsTab
from tests.ui.person.support import choose, saved_record, submit
from tests.ui.saving import save_and_wait


def _needs(window: PersonWindow) -> NeedsTab:
    tab = window.tab_of(NeedsTab)
    assert isinstance(tab, NeedsTab)
    window.show_tab(tab)
    return tab


def test_edits_to_two_pathways_are_kept_and_saved_together(  # type: ignore[no-untyped-def]
    qtbot, window: PersonWindow, workspace: Workspace
) -> None:
    tab = _needs(window)
    tab.pathways_table.selectRow(list(Pathway).index(Pathway.ACCOMMODATION))
    choose(tab.status, PathwayStatus.SUPPORT_REQUIRED)
    choose(tab.severity, Severity.HIGH)
    tab.linked.setChecked(True)
    tab.notes.setPlainText("Hostel place ends at release")
    tab.pathways_table.selectRow(list(Pathway).index(Pathway.HEALTH))
    assert tab.status.value() is PathwayStatus.NOT_STARTED  # Health shows its own values
    choose(tab.severity, Severity.LOW)
    assert tab.pathways.display_rows()[0][:3] == [
        "Accommodation *",
        "Support required",
        "High",
    ]
    assert tab.edited_pathways() == [Pathway.ACCOMMODATION, Pathway.HEALTH]
    assert save_and_wait(qtbot, window)
    record = saved_record(workspace, window.session.person_id)
    accommodation = record.need_for(Pathway.ACCOMMODATION).need
    assert accommodation.status is PathwayStatus.SUPPORT_REQUIRED
    assert accommodation.severity is Severity.HIGH and accommodation.linked_to_offending
    assert accommodation.notes == "Hostel place ends at release"
    assert record.need_for(Pathway.HEALTH).need.severity is Severity.LOW
    assert not tab.dirty
    assert tab.pathways.display_rows()[0][0] == "Accommodation"


def test_add_a_support_need_and_change_its_status_with_history(  # type: ignore[no-untyped-def]
    qtbot, window: PersonWindow, workspace: Workspace
) -> None:
    tab = _needs(window)
    tab.show_pathway(Pathway.FINANCE_ID)
    dialog = tab.add_support_need()
    assert isinstance(dialog, AddSupportNeedDialog)
    assert not dialog.ok_button.isEnabled()
    entry = next(e for e in tab.catalogue.for_pathway(Pathway.FINANCE_ID) if not e.needs_detail)
    choose(dialog.code, entry.code)
    assert submit(qtbot, dialog)
    assert tab.support.display_rows()[0][:3] == [entry.label, "", "Not started"]

    tab.support_table.selectRow(0)
    dialog = tab.change_status()
    assert isinstance(dialog, ChangeSupportStatusDialog)
    choose(dialog.form.fields["status"].widget, SupportNeedStatus.NOT_STARTED)  # type: ignore[arg-type]
    assert not dialog.ok_button.isEnabled()
    assert dialog.form.problem_for("status") == "Status: is already Not started"
    choose(dialog.form.fields["status"].widget, SupportNeedStatus.IN_PROGRESS)  # type: ignore[arg-type]
    dialog.form.fields["note"].widget.setPlainText("Bank appointment booked")  # type: ignore[attr-defined]
    assert submit(qtbot, dialog)

    need = saved_record(workspace, window.session.person_id).need_for(Pathway.FINANCE_ID)
    assert [s.status for s in need.support_needs] == [SupportNeedStatus.IN_PROGRESS]
    history = tab.history.display_rows()
    assert [row[1:] for row in history] == [
        ["Test Officer", "(added)", "Not started", ""],
        ["Test Officer", "Not started", "In progress", "Bank appointment booked"],
    ]
    assert tab.pathways.display_rows()[list(Pathway).index(Pathway.FINANCE_ID)][3] == (
        "1 open of 1"
    )


def test_other_support_need_needs_details(qtbot, window: PersonWindow) -> None:  # type: ignore[no-untyped-def]
    tab = _needs(window)
    other = next(e for e in tab.catalogue.for_pathway(tab.pathway) if e.needs_detail)
    dialog = tab.add_support_need()
    assert isinstance(dialog, AddSupportNeedDialog)
    choose(dialog.code, other.code)
    assert dialog.form.problem_for("detail").startswith("Details:")
    assert not dialog.ok_button.isEnabled()
    dialog.detail.setText("Help with a storage unit")
    assert submit(qtbot, dialog)
    assert tab.support.display_rows()[0][1] == "Help with a storage unit"
