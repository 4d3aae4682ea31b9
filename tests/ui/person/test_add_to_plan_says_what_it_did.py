"""Add to plan says what it did (added an action, or marked the essential's action that stood
for the recommendation) and the Plan tab selects that action, for when the officer turns to it.
Officers' trial: "In plan" and "Saved." while the plan still had 14 actions, nothing said why."""

from __future__ import annotations

from resettle.services.case_record.read import open_case_record
from resettle.services.evidence_pack import active_pack
from resettle.services.plans import edit, prefill
from resettle.services.workspace import Workspace
from resettle.ui.evidence import RecommendationsTab
from resettle.ui.person import PersonWindow
from resettle.ui.plan.action_dialog import ActionDialog
from resettle.ui.plan.tab import PlanTab
from tests.background import wait_for_background
from tests.ui.evidence.test_recommendations_tab import NALOXONE
from tests.ui.person.test_add_to_plan_updates_plan import _tabs, _with_a_plan

BED = "first-night-accommodation"


def _add(qtbot, recommendations: RecommendationsTab, intervention: str) -> None:  # type: ignore[no-untyped-def]
    qtbot.waitUntil(lambda: recommendations.result is not None)
    assert recommendations.select_intervention(intervention)
    assert recommendations.add_to_plan()
    wait_for_background(qtbot)


def _selected(plan: PlanTab) -> str | None:
    row = plan.selected_row()
    return None if row is None else plan.model.action_at(row).what


def _plan_of_suggestions(qtbot, workspace: Workspace, person_id: int, window: PersonWindow):  # type: ignore[no-untyped-def]
    """A first plan of every action the record suggests (each open essential's own)."""
    record = open_case_record(workspace.actor, workspace.uow(), person_id)
    with workspace.uow() as uow:
        pack, _ = active_pack(uow)
    suggestions = prefill.suggested_actions(record, [], pack)
    edit.save_plan(workspace.actor, workspace.uow(), person_id, None, suggestions)
    window.reload()
    wait_for_background(qtbot)
    return _tabs(window)


def test_a_new_action_is_named_and_selected_on_the_plan_tab(  # type: ignore[no-untyped-def]
    qtbot, workspace: Workspace, person_id: int, window: PersonWindow
) -> None:
    recommendations, plan = _with_a_plan(qtbot, workspace, person_id, window)
    assert _selected(plan) == "Confirm the hostel bed"
    _add(qtbot, recommendations, NALOXONE)
    assert plan.model.rowCount() == 2
    added = plan.model.action_at(plan.selected_row() or 0)
    assert added.source is not None and added.source.recommendation_intervention_id == NALOXONE
    assert plan.selected_row() == 1
    assert window.statusBar().currentMessage() == f"Added to the plan: {added.what}"
    assert window.current_tab() is recommendations  # selected, not shown: the officer turns to it


def test_an_essentials_action_marked_says_so_and_is_selected(  # type: ignore[no-untyped-def]
    qtbot, workspace: Workspace, person_id: int, window: PersonWindow
) -> None:
    recommendations, plan = _plan_of_suggestions(qtbot, workspace, person_id, window)
    count = plan.model.rowCount()
    bed = "Confirm where you will sleep on the first night"
    assert bed in [a.what for a in plan.model.actions()]
    plan.select_row(count - 1)  # the officer was looking at another action
    assert _selected(plan) != bed
    _add(qtbot, recommendations, BED)
    assert plan.model.rowCount() == count  # nothing added: the bed's action stands for it
    assert _selected(plan) == bed
    assert window.statusBar().currentMessage() == (
        f"Already in the plan as '{bed}'; marked as this recommendation"
    )
    window.show_tab(plan)
    assert _selected(plan) == bed


def test_the_change_dialog_says_where_an_action_comes_from(  # type: ignore[no-untyped-def]
    qtbot, workspace: Workspace, person_id: int, window: PersonWindow
) -> None:
    recommendations, plan = _plan_of_suggestions(qtbot, workspace, person_id, window)
    _add(qtbot, recommendations, BED)
    row = plan.selected_row()
    assert row is not None
    dialog = ActionDialog(plan.model.action_at(row), None, None)
    qtbot.addWidget(dialog)
    assert dialog.source.text() == (
        f"Release-day essential (First-night address); Accepted recommendation ({BED})"
    )
    own = ActionDialog(None, None, None)
    qtbot.addWidget(own)
    assert (own.source.text() == "" and own.source.parent() is None) or not own.source.isVisibleTo(
        own
    )
