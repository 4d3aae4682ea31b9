"""The Plan tab's save reports a locked database as a message, like every other tab."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from resettle.services.plans import read
from resettle.services.workspace import Workspace
from resettle.settings import Settings, resolve_settings
from resettle.ui.person.window import PersonWindow
from resettle.ui.plan.tab import PlanTab
from tests.storage_faults import SHORT_BUSY_TIMEOUT_MS, database_locked
from tests.ui.plan.conftest import Answers
from tests.ui.plan.support import with_plan
from tests.ui.saving import save_tab_and_wait


@pytest.fixture
def settings(database_url: str, tmp_path: Path) -> Settings:
    chosen = resolve_settings(tmp_path / "data", database_url, None)
    return replace(chosen, busy_timeout_ms=SHORT_BUSY_TIMEOUT_MS)


def test_saving_a_plan_on_a_locked_database_says_it_is_busy(  # type: ignore[no-untyped-def]
    qtbot, workspace: Workspace, person_id: int, database_url: str, answers: Answers
) -> None:
    with_plan(workspace, person_id, count=2)
    window = PersonWindow(workspace, person_id, tabs=[PlanTab])
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    tab = window.tabs[0]
    assert isinstance(tab, PlanTab)
    tab.select_row(1)
    tab.delete_action()
    assert tab.dirty
    with database_locked(database_url):
        assert not save_tab_and_wait(qtbot, tab)
    assert answers.said("show_error") == [("The database is busy, try again in a moment.",)]
    assert tab.dirty
    plan = read.get_plan(workspace.actor, workspace.uow(), person_id)
    assert plan.current is not None and len(plan.current.actions) == 2
