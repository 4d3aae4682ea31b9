"""Prison staff's person window says where notes are not shown to their role (Needs:
pathway notes and support-need history notes; Aftercare: referral reasons), instead of an
empty box that reads as "no notes"; an officer's window shows the notes themselves."""

from __future__ import annotations

from typing import Any

import pytest

from resettle.domain.needs import SupportNeedStatus
from resettle.domain.staff import Role
from resettle.services.case_record import aftercare, needs
from resettle.services.people import register_person
from resettle.services.workspace import Workspace
from resettle.ui.person.aftercare_models import ReferralHistoryModel
from resettle.ui.person.aftercare_tab import AftercareTab
from resettle.ui.person.needs_models import SupportNeedHistoryModel
from resettle.ui.person.needs_tab import NeedsTab
from resettle.ui.screens import open_person_window
from tests.accounts import workspace_as
from tests.background import wait_for_background
from tests.factories import establishment, housing_referral, person_data

NOT_SHOWN = "Notes are not shown to your role."


def _window_as(qtbot: Any, workspace: Workspace, role: Role) -> Any:
    prison = establishment(workspace)
    person = workspace.run(register_person, person_data(establishment_id=prison)).id
    revision = workspace.run(
        needs.save_pathway_need, person, 0, {"pathway": "accommodation", "notes": "Sofa."}
    )
    workspace.run(
        needs.add_support_need,
        person,
        revision,
        {"code": "help_to_find_accommodation"},
        SupportNeedStatus.DECLINED,
        "Fears the hostel.",
    )
    referral = {**housing_referral(workspace), "status": "did_not_attend", "reason": "Unwell."}
    workspace.run(aftercare.add_referral, person, referral)
    acting = (
        workspace
        if role is Role.OFFICER
        else workspace_as(workspace, role, establishment_id=prison)
    )
    window = open_person_window(acting, person)
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    return window


@pytest.mark.parametrize("role", [Role.PRISON_STAFF, Role.OFFICER], ids=lambda r: r.value)
def test_the_needs_tab_says_when_notes_are_not_shown(
    qtbot: Any, workspace: Workspace, role: Role
) -> None:
    hidden = role is Role.PRISON_STAFF
    window = _window_as(qtbot, workspace, role)
    tab = window.tab_of(NeedsTab)
    assert isinstance(tab, NeedsTab)
    window.show_tab(tab)
    assert tab.notes_withheld.isVisible() is hidden
    assert tab.notes_withheld.text() == NOT_SHOWN
    assert tab.notes.isVisible() is not hidden
    assert tab.notes.toPlainText() == ("" if hidden else "Sofa.")
    assert tab.history_notes_withheld.isVisible() is hidden
    column = SupportNeedHistoryModel.NOTE_COLUMN
    assert tab.history_table.isColumnHidden(column) is hidden
    notes = [tab.history.index(r, column).data() for r in range(tab.history.rowCount())]
    assert notes == ["" if hidden else "Fears the hostel."]
    wait_for_background(qtbot)


@pytest.mark.parametrize("role", [Role.PRISON_STAFF, Role.OFFICER], ids=lambda r: r.value)
def test_the_aftercare_tab_says_when_reasons_are_not_shown(
    qtbot: Any, workspace: Workspace, role: Role
) -> None:
    hidden = role is Role.PRISON_STAFF
    window = _window_as(qtbot, workspace, role)
    tab = window.tab_of(AftercareTab)
    assert isinstance(tab, AftercareTab)
    window.show_tab(tab)
    assert tab.reason.text() == ("Reasons are not shown to your role." if hidden else "Unwell.")
    assert tab.reasons_withheld.isVisible() is hidden
    column = ReferralHistoryModel.REASON_COLUMN
    assert tab.history_table.isColumnHidden(column) is hidden
    reasons = [tab.history.index(r, column).data() for r in range(tab.history.rowCount())]
    assert reasons == ["" if hidden else "Unwell."]
    wait_for_background(qtbot)
