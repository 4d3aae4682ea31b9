"""The Plan tab's officer-only notes: their own labelled box for accounts that may read them,
saved with the window's Save without returning an agreed plan to draft; prison staff see a
line saying the notes are not shown to their role, and no box."""

from __future__ import annotations

from typing import Any

from resettle.domain.plan import OFFICER_NOTES_MAX, PlanState
from resettle.domain.staff import Role
from resettle.services.plans import edit, officer_notes, read
from resettle.services.workspace import Workspace
from resettle.ui.person.window import PersonWindow
from resettle.ui.plan.tab import PlanTab
from tests.accounts import workspace_as
from tests.background import wait_for_background
from tests.factories import establishment
from tests.ui.plan.support import register, with_plan
from tests.ui.saving import save_and_wait

TITLE = "Officer-only notes, not printed on the person's copy"


def _window(qtbot: Any, workspace: Workspace, person_id: int) -> tuple[PersonWindow, PlanTab]:
    window = PersonWindow(workspace, person_id, tabs=[PlanTab])
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    qtbot.waitExposed(window)
    tab = window.tabs[0]
    assert isinstance(tab, PlanTab)
    return window, tab


def _stored(workspace: Workspace, person_id: int) -> Any:
    plan = read.get_plan(workspace.actor, workspace.uow(), person_id)
    assert plan.current is not None
    return plan.current


def test_an_officer_writes_them_in_their_own_box_and_the_plan_stays_agreed(
    qtbot: Any, workspace: Workspace, person_id: int
) -> None:
    with_plan(workspace, person_id)
    view = read.get_plan(workspace.actor, workspace.uow(), person_id)
    edit.agree(
        workspace.actor, workspace.uow(), person_id, view.revision, {"agreed_by_person": False}
    )
    window, tab = _window(qtbot, workspace, person_id)
    box = tab.officer_notes
    assert box.box.isVisible() and box.box.title() == TITLE
    assert not box.withheld.isVisible()
    assert not box.edit.isReadOnly() and not tab.dirty
    box.edit.setPlainText("Keep the hostel address from his brother.")
    assert tab.dirty and window.save_button.isEnabled()
    assert tab.banner.chip.text() == "AGREED"  # the notes change no state
    assert save_and_wait(qtbot, window)
    stored = _stored(workspace, person_id)
    assert stored.officer_notes == "Keep the hostel address from his brother."
    assert stored.state is PlanState.AGREED
    assert not tab.dirty
    wait_for_background(qtbot)


def test_too_long_notes_are_refused_by_the_field(
    qtbot: Any, workspace: Workspace, person_id: int
) -> None:
    with_plan(workspace, person_id)
    _, tab = _window(qtbot, workspace, person_id)
    tab.officer_notes.edit.setPlainText("x" * (OFFICER_NOTES_MAX + 1))
    assert not tab.valid
    assert tab.reveal_problems(focus=False) == ["Officer-only notes: at most 5,000 characters"]
    assert tab.officer_notes.problem.isVisible()
    assert _stored(workspace, person_id).officer_notes == ""
    wait_for_background(qtbot)


def test_prison_staff_are_told_the_notes_are_not_shown(qtbot: Any, workspace: Workspace) -> None:
    prison = establishment(workspace)
    person_id = register(workspace, establishment_id=prison)
    with_plan(workspace, person_id)
    view = read.get_plan(workspace.actor, workspace.uow(), person_id)
    officer_notes.save_officer_notes(
        workspace.actor, workspace.uow(), person_id, view.revision, {"officer_notes": "Secret."}
    )
    staff = workspace_as(workspace, Role.PRISON_STAFF, establishment_id=prison)
    _, tab = _window(qtbot, staff, person_id)
    box = tab.officer_notes
    assert not box.box.isVisible()
    assert box.withheld.isVisible()
    assert box.withheld.text() == "Officer-only notes are not shown to your role."
    assert box.edit.toPlainText() == "" and not tab.dirty
    wait_for_background(qtbot)


def test_a_saved_plan_does_not_ask_for_the_plan_to_be_saved_first(
    qtbot: Any, workspace: Workspace, person_id: int
) -> None:
    """User trial: an agreed plan's empty notes box said "Save the plan first"."""
    with_plan(workspace, person_id)
    _, tab = _window(qtbot, workspace, person_id)
    wait_for_background(qtbot)
    placeholder = tab.officer_notes.edit.placeholderText()
    assert "Save the plan first" not in placeholder
    assert placeholder == "Notes for probation staff only (optional)."


def test_an_empty_plan_tells_prison_staff_who_builds_it_not_which_buttons_to_use(
    qtbot: Any, workspace: Workspace
) -> None:
    """User trial: prison staff were told to use "Add action…", a button they do not have."""
    prison = establishment(workspace)
    person_id = register(workspace, establishment_id=prison)
    staff = workspace_as(workspace, Role.PRISON_STAFF, establishment_id=prison)
    _, tab = _window(qtbot, staff, person_id)
    wait_for_background(qtbot)
    empty = tab.views.empty.text()
    assert "Add action" not in empty
    assert empty == "No actions yet: the person's probation officer builds the plan."
    _, officers_tab = _window(qtbot, workspace, person_id)
    wait_for_background(qtbot)
    assert "Add action" in officers_tab.views.empty.text()
