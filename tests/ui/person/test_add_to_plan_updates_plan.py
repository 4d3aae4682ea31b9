"""Add to plan (Recommendations tab) updates the Plan tab of the same window at once, and the
officer's own change is never reported as someone else's at the plan's next save."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox

from resettle.domain.case_flags import CaseFlag
from resettle.domain.pathways import Pathway
from resettle.domain.plan import ActionOwner, PlanAction, PlanState
from resettle.services.plans.edit import agree, save_plan
from resettle.services.plans.issue import issue
from resettle.services.plans.read import get_plan
from resettle.services.workspace import Workspace
from resettle.ui.evidence import RecommendationsTab
from resettle.ui.person import PersonWindow
from resettle.ui.plan.tab import PlanTab
from tests.background import wait_for_background
from tests.ui.evidence.test_recommendations_tab import ACTION, NALOXONE, _set_flags
from tests.ui.person.conftest import MessageBoxes
from tests.ui.saving import save_and_wait


def _tabs(window: PersonWindow) -> tuple[RecommendationsTab, PlanTab]:
    recommendations, plan = window.tab_of(RecommendationsTab), window.tab_of(PlanTab)
    assert isinstance(recommendations, RecommendationsTab) and isinstance(plan, PlanTab)
    window.show_tab(recommendations)
    return recommendations, plan


def _with_a_plan(  # type: ignore[no-untyped-def]
    qtbot, workspace: Workspace, person_id: int, window: PersonWindow
) -> tuple[RecommendationsTab, PlanTab]:
    """An opioid user with a saved plan of one action, shown again in the open window."""
    _set_flags(workspace, person_id, CaseFlag.OPIOID_USE)
    save_plan(workspace.actor, workspace.uow(), person_id, None, [ACTION])
    window.reload()
    wait_for_background(qtbot)
    return _tabs(window)


def _add_naloxone(qtbot, recommendations: RecommendationsTab) -> None:  # type: ignore[no-untyped-def]
    qtbot.waitUntil(lambda: recommendations.result is not None)
    assert recommendations.select_intervention(NALOXONE)
    assert recommendations.add_to_plan()
    wait_for_background(qtbot)


def _sources(plan: PlanTab) -> list[str | None]:
    return [
        a.source.recommendation_intervention_id if a.source else None for a in plan.model.actions()
    ]


def test_the_plan_tab_shows_the_added_action_at_once(  # type: ignore[no-untyped-def]
    qtbot, workspace: Workspace, person_id: int, window: PersonWindow
) -> None:
    recommendations, plan = _with_a_plan(qtbot, workspace, person_id, window)
    assert NALOXONE not in _sources(plan)
    _add_naloxone(qtbot, recommendations)
    assert NALOXONE in _sources(plan) and not plan.dirty


def test_unsaved_plan_edits_are_kept_and_save_without_a_false_conflict(  # type: ignore[no-untyped-def]
    qtbot, workspace: Workspace, person_id: int, window: PersonWindow, boxes: MessageBoxes
) -> None:
    recommendations, plan = _with_a_plan(qtbot, workspace, person_id, window)
    mine = PlanAction(
        pathway=Pathway.HEALTH, what="Check in weekly by phone", owner=ActionOwner.PROBATION
    )
    plan.model.add([mine])
    assert plan.dirty
    _add_naloxone(qtbot, recommendations)
    assert plan.dirty and NALOXONE in _sources(plan)  # my edit kept, theirs added
    assert save_and_wait(qtbot, window)
    assert boxes.shown == []  # no "someone else changed this plan"
    saved = get_plan(workspace.actor, workspace.uow(), person_id).current
    assert saved is not None
    whats = [a.what for a in saved.actions]
    assert "Check in weekly by phone" in whats and "Confirm the hostel bed" in whats
    assert NALOXONE in [a.source.recommendation_intervention_id for a in saved.actions if a.source]


def test_adding_to_an_issued_plan_asks_first(  # type: ignore[no-untyped-def]
    qtbot, workspace: Workspace, person_id: int, window: PersonWindow, boxes: MessageBoxes
) -> None:
    """Officers' trial: one click of Add to plan turned an issued plan into a draft the day
    before release, with only "Saved." to say so."""
    _set_flags(workspace, person_id, CaseFlag.OPIOID_USE)
    view = save_plan(workspace.actor, workspace.uow(), person_id, None, [ACTION])
    view = agree(
        workspace.actor, workspace.uow(), person_id, view.revision, {"agreed_by_person": False}
    )
    issue(workspace.actor, workspace.uow(), person_id, view.revision)
    window.reload()
    wait_for_background(qtbot)
    recommendations, _plan = _tabs(window)
    qtbot.waitUntil(lambda: recommendations.result is not None and recommendations.plan is not None)
    assert recommendations.select_intervention(NALOXONE)
    boxes.answer(QMessageBox.StandardButton.Cancel)
    assert not recommendations.add_to_plan()
    assert "starts version 2 as a draft" in boxes.texts()[-1]
    assert get_plan(workspace.actor, workspace.uow(), person_id).current.state is PlanState.ISSUED
    boxes.answer(QMessageBox.StandardButton.Ok)
    assert recommendations.add_to_plan()
    wait_for_background(qtbot)
    current = get_plan(workspace.actor, workspace.uow(), person_id).current
    assert current is not None and current.version == 2 and current.state is PlanState.DRAFT
