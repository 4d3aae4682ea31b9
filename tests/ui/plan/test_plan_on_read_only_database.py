"""User trial (read-only data folder): the person's own officer was told the plan is printed
"by the person's probation officer or a manager" and not offered the preview, and the
recommendations said only plan editors can add. The preview is an audited view that works
read-only, and the reason given is the database's, not a role's."""

from __future__ import annotations

import pytest

from resettle.domain.case_flags import CaseFlag
from resettle.domain.record_parts import RecordPart
from resettle.services.case_record.read import open_case_record
from resettle.services.case_record.risk import set_case_flags
from resettle.services.workspace import Workspace
from resettle.ui.common.case_record_session import CaseRecordSession
from resettle.ui.evidence import RecommendationsTab
from resettle.ui.person.window import PersonWindow
from resettle.ui.plan.tab import PlanTab
from tests.storage_faults import storage_limited
from tests.ui.plan.support import register, with_plan


def _sqlite_only(workspace: Workspace) -> None:
    if not workspace.database.is_sqlite:
        pytest.skip("the limits are SQLite pragmas")


def test_the_officer_is_offered_the_preview_and_told_the_database_can_only_be_read(  # type: ignore[no-untyped-def]
    qtbot, workspace: Workspace
) -> None:
    _sqlite_only(workspace)
    person_id = register(workspace)
    with_plan(workspace, person_id)
    with storage_limited(workspace.database.engine, "read_only"):
        window = PersonWindow(workspace, person_id, tabs=[PlanTab])
        qtbot.addWidget(window)
        window.show()
        qtbot.waitExposed(window)
        tab = window.tabs[0]
        assert isinstance(tab, PlanTab)
        assert window.session.read_only_because is not None
        assert not tab.editable
        assert tab.controls.preview.isVisible()
        note = tab.banner.note.text()
        assert "The database can only be read" in note and "previewed" in note
        assert "probation officer or a manager" not in note
        window.close()


def test_recommendations_say_the_database_can_only_be_read(  # type: ignore[no-untyped-def]
    qtbot, workspace: Workspace, person_id: int
) -> None:
    _sqlite_only(workspace)
    version = open_case_record(workspace.actor, workspace.uow(), person_id).revision(
        RecordPart.RISK
    )
    set_case_flags(workspace.actor, workspace.uow(), person_id, version, [CaseFlag.OPIOID_USE])
    with storage_limited(workspace.database.engine, "read_only"):
        tab = RecommendationsTab(CaseRecordSession(workspace, person_id))
        qtbot.addWidget(tab)
        tab.resize(1100, 800)
        tab.show()
        qtbot.waitUntil(lambda: tab.result is not None, timeout=5000)
        qtbot.waitUntil(lambda: bool(tab.plan_state.text()), timeout=5000)
        assert not tab.add_button.isEnabled()
        text = tab.plan_state.text()
        assert text.startswith("The database can only be read")
        assert "Only officers who edit plans" not in text
