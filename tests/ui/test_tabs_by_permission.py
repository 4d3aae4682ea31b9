"""Each role's person window: every tab shown or hidden, editable or read-only, by its own
permission (``ui/common/tab_access.py``), not by one "may edit the person" for all; and an
administrator's main window, which has no caseload at all."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtWidgets import QComboBox

from resettle.domain.staff import Role
from resettle.services.people import register_person
from resettle.services.workspace import Workspace
from resettle.ui.administration_page import AdministrationPage
from resettle.ui.evidence.recommendations_tab import RecommendationsTab
from resettle.ui.main_window import MainWindow
from resettle.ui.person.aftercare_tab import AftercareTab
from resettle.ui.person.needs_tab import NeedsTab
from resettle.ui.person.notes_tab import NotesTab
from resettle.ui.person.outcome_checks_tab import OutcomeChecksTab
from resettle.ui.person.profile_tab import ProfileTab
from resettle.ui.person.programme_referrals_tab import ProgrammeReferralsTab
from resettle.ui.person.programmes_tab import ProgrammesTab
from resettle.ui.person.release_day_tab import ReleaseDayTab
from resettle.ui.person.risk_tab import RiskTab
from resettle.ui.plan.tab import PlanTab
from resettle.ui.screens import PERSON_WINDOW_TABS, open_person_window
from tests.accounts import workspace_as
from tests.background import wait_for_background
from tests.factories import establishment, person_data

ALL = set(PERSON_WINDOW_TABS)

#: role -> (tabs shown, tabs editable)
EXPECTED: dict[Role, tuple[set[Any], set[Any]]] = {
    Role.OFFICER: (ALL, ALL),
    # Case notes and outcome checks after release are casework: not prison staff's.
    Role.PRISON_STAFF: (
        ALL - {NotesTab, OutcomeChecksTab},
        {ReleaseDayTab, ProgrammeReferralsTab, ProgrammesTab},
    ),
    Role.MANAGER: (ALL, set()),
}


def _window_as(qtbot: Any, workspace: Workspace, role: Role) -> Any:
    prison = establishment(workspace)
    person = workspace.run(register_person, person_data(establishment_id=prison))
    acting = (
        workspace
        if role is Role.OFFICER
        else workspace_as(workspace, role, establishment_id=prison)
    )
    window = open_person_window(acting, person.id)
    qtbot.addWidget(window)
    window.show()
    return window


@pytest.mark.parametrize("role", list(EXPECTED), ids=lambda role: role.value)
def test_each_tab_by_its_own_permission(qtbot: Any, workspace: Workspace, role: Role) -> None:
    shown, editable = EXPECTED[role]
    window = _window_as(qtbot, workspace, role)
    titles = [window.tab_widget.tabText(i) for i in range(window.tab_widget.count())]
    assert titles == [tab.TITLE for tab in PERSON_WINDOW_TABS if tab in shown]
    for factory in shown:
        assert window.tab_editable(factory) is (factory in editable), factory.TITLE
    for index, factory in enumerate(tab for tab in PERSON_WINDOW_TABS if tab in shown):
        window.tab_widget.setCurrentIndex(index)  # the caption says so on a read-only tab
        assert window.read_only_label.isVisible() is (factory not in editable), factory.TITLE
    assert window.save_button.isVisible() is bool(editable)
    wait_for_background(qtbot)


@pytest.mark.parametrize("role", list(EXPECTED), ids=lambda role: role.value)
def test_the_widgets_follow_the_tab_permissions(
    qtbot: Any, workspace: Workspace, role: Role
) -> None:
    window = _window_as(qtbot, workspace, role)
    profile = window.tab_of(ProfileTab)
    assert isinstance(profile, ProfileTab)
    assert profile.prison_number.isReadOnly() is (role is not Role.OFFICER)
    release = window.tab_of(ReleaseDayTab)
    assert any(box.isEnabled() for box in release.findChildren(QComboBox)) is (
        role is not Role.MANAGER
    )
    risk = window.tab_of(RiskTab)
    assert isinstance(risk, RiskTab)
    window.show_tab(risk)
    assert risk.in_use.isVisible()  # the level, for everyone who reads the record
    assert all(w.isVisible() for w in risk.details) is (role is not Role.PRISON_STAFF)
    assert risk.confirm_button.isEnabled() is (role is Role.OFFICER)
    if role is not Role.PRISON_STAFF:
        notes = window.tab_of(NotesTab)
        assert isinstance(notes, NotesTab)
        assert notes.text.isReadOnly() is (role is not Role.OFFICER)
    for kind in (NeedsTab, AftercareTab, RecommendationsTab, PlanTab):
        window.tab_of(kind)  # builds and shows with missing parts without failing
    wait_for_background(qtbot)


def test_an_administrator_sees_the_administration_page_not_a_caseload(
    qtbot: Any, workspace: Workspace
) -> None:
    admin = workspace_as(workspace, Role.ADMIN)
    window = MainWindow(admin)
    qtbot.addWidget(window)
    window.show()
    assert isinstance(window.administration, AdministrationPage)
    assert window.administration.isVisible() and not window.caseload_page.isVisible()
    menus = [action.text() for action in window.menuBar().actions()]
    assert "&View" not in menus and "&Cases" not in menus and "A&ccount" in menus
    items = [
        a.text()
        for menu in window.menuBar().findChildren(type(window.menuBar()))
        for a in menu.actions()
    ]
    assert "&Open person" not in items
    wait_for_background(qtbot)
