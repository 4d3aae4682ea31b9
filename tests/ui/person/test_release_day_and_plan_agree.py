"""One source of truth for release-day tasks, on screen: ticking ID on the Release day tab
shows it done in the Plan tab at once, ticking the plan's action shows it done on the Release
day tab, neither makes the other's next save a conflict, and "done" tomorrow is refused."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt

from resettle.domain import clock
from resettle.domain.essentials import EssentialKind
from resettle.domain.plan import ActionStatus
from resettle.services.case_record.essentials import save_essential
from resettle.services.plans.edit import save_plan
from resettle.services.workspace import Workspace
from resettle.ui.person import PersonWindow
from resettle.ui.person.release_day_tab import KINDS, ReleaseDayTab
from resettle.ui.plan import messages as plan_messages
from resettle.ui.plan.actions_model import STATUS
from resettle.ui.plan.tab import PlanTab
from tests.background import wait_for_background
from tests.ui.person.conftest import MessageBoxes
from tests.ui.person.support import choose, saved_record
from tests.ui.saving import save_and_wait

TODAY = clock.today()
ID_ACTION = {
    "pathway": "finance_id",
    "what": "Get an ID document",
    "owner": "prison",
    "status": "in_progress",
    "source": {"essential_kind": "id_document"},
}
HOSTEL = {"pathway": "accommodation", "what": "Confirm the hostel bed", "owner": "probation"}


def _set_up(qtbot, workspace: Workspace, person_id: int, window: PersonWindow):  # type: ignore[no-untyped-def]
    """ID in progress, and a plan with the action linked to it, shown in the open window."""
    essential = {"kind": "id_document", "status": "in_progress", "id_type": "passport"}
    save_essential(workspace.actor, workspace.uow(), person_id, 0, essential)
    save_plan(workspace.actor, workspace.uow(), person_id, None, [ID_ACTION, HOSTEL])
    window.reload()
    wait_for_background(qtbot)
    release_day, plan = window.tab_of(ReleaseDayTab), window.tab_of(PlanTab)
    assert isinstance(release_day, ReleaseDayTab) and isinstance(plan, PlanTab)
    return release_day, plan


def _done_today(page) -> None:  # type: ignore[no-untyped-def]
    choose(page.form.fields["status"].widget, ActionStatus.DONE)
    page.form.fields["action_date"].widget.editor.setText(f"{TODAY:%d/%m/%Y}")


def _id_row(tab: ReleaseDayTab) -> list[str]:
    return tab.essentials.display_rows()[KINDS.index(EssentialKind.ID_DOCUMENT)]


def _id_action_status(plan: PlanTab) -> ActionStatus:
    return next(a.status for a in plan.model.actions() if a.what == ID_ACTION["what"])


def test_done_on_the_release_day_tab_shows_done_on_the_plan_tab_at_once(  # type: ignore[no-untyped-def]
    qtbot, workspace: Workspace, person_id: int, window: PersonWindow, boxes: MessageBoxes
) -> None:
    release_day, plan = _set_up(qtbot, workspace, person_id, window)
    assert _id_action_status(plan) is ActionStatus.IN_PROGRESS
    window.show_tab(release_day)
    page = release_day.show_kind(EssentialKind.ID_DOCUMENT)
    _done_today(page)
    assert save_and_wait(qtbot, window)
    assert _id_action_status(plan) is ActionStatus.DONE and not plan.dirty
    status = plan.model.index(0, STATUS)  # what the officer sees
    assert status.data() == "Done"
    assert "Linked to the Release day tab's essential" in status.data(Qt.ItemDataRole.ToolTipRole)
    # The plan tab's next save is not told someone else changed the plan.
    plan.select_row(1)
    plan.toggle_done()
    assert save_and_wait(qtbot, window)
    assert boxes.shown == []


def test_done_on_the_plan_tab_shows_done_on_the_release_day_tab_and_saves_again(  # type: ignore[no-untyped-def]
    qtbot, workspace: Workspace, person_id: int, window: PersonWindow, boxes: MessageBoxes
) -> None:
    release_day, plan = _set_up(qtbot, workspace, person_id, window)
    window.show_tab(plan)
    plan.select_row(0)
    plan.toggle_done()
    assert save_and_wait(qtbot, window)
    assert _id_row(release_day)[2:4] == ["Done", TODAY.strftime("%d %b %Y")]
    saved = {e.kind: e for e in saved_record(workspace, person_id).essentials}
    assert saved[EssentialKind.ID_DOCUMENT].status is ActionStatus.DONE
    # The window took the essentials' new revision: its own next save is no conflict.
    window.show_tab(release_day)
    page = release_day.show_kind(EssentialKind.NALOXONE)
    choose(page.form.fields["status"].widget, ActionStatus.NOT_NEEDED)  # type: ignore[arg-type]
    assert save_and_wait(qtbot, window)
    assert boxes.shown == []


def test_unsaved_plan_edits_keep_and_linked_actions_follow_a_release_day_save(  # type: ignore[no-untyped-def]
    qtbot, workspace: Workspace, person_id: int, window: PersonWindow, boxes: MessageBoxes
) -> None:
    release_day, plan = _set_up(qtbot, workspace, person_id, window)
    plan.select_row(1)
    plan.toggle_done()  # an unsaved edit of another action
    page = release_day.show_kind(EssentialKind.ID_DOCUMENT)
    _done_today(page)
    assert save_and_wait(qtbot, window)  # both tabs saved, in one Save
    assert boxes.shown == []
    assert [a.status for a in plan.model.actions()] == [ActionStatus.DONE, ActionStatus.DONE]
    saved = {e.kind: e for e in saved_record(workspace, person_id).essentials}
    assert saved[EssentialKind.ID_DOCUMENT].status is ActionStatus.DONE


def test_done_tomorrow_is_refused_by_the_date(  # type: ignore[no-untyped-def]
    qtbot, window: PersonWindow, workspace: Workspace, person_id: int
) -> None:
    release_day = window.tab_of(ReleaseDayTab)
    assert isinstance(release_day, ReleaseDayTab)
    window.show_tab(release_day)
    page = release_day.show_kind(EssentialKind.NALOXONE)
    choose(page.form.fields["status"].widget, ActionStatus.DONE)  # type: ignore[arg-type]
    page.form.fields["action_date"].widget.editor.setText(
        f"{TODAY + dt.timedelta(days=1):%d/%m/%Y}"
    )  # type: ignore[attr-defined]
    assert page.form.problem_for("action_date") == "Date: cannot be in the future once it is done"
    assert save_and_wait(qtbot, window) is False
    page.form.fields["action_date"].widget.editor.setText(f"{TODAY:%d/%m/%Y}")  # type: ignore[attr-defined]
    assert page.form.problem_for("action_date") == ""
    assert save_and_wait(qtbot, window)


GP_ACTION = {
    "pathway": "health",
    "what": "Register with a GP",
    "owner": "prison",
    "source": {"essential_kind": "gp_registration"},
}


def test_a_tick_the_essential_cannot_take_is_refused_at_once(  # type: ignore[no-untyped-def]
    qtbot,
    workspace: Workspace,
    person_id: int,
    window: PersonWindow,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The trial: ticking "Register with a GP" was allowed, and Save then refused it for the
    GP practice missing. Now the tick is refused when it is made, naming what is missing, and
    the officer can go straight to the GP registration on the Release day tab."""
    asked: list[tuple[str, str, list[str]]] = []

    def ask(_parent: object, what: str, essential: str, problems: list[str]) -> bool:
        asked.append((what, essential, problems))
        return True

    monkeypatch.setattr(plan_messages, "ask_record_first", ask)
    save_plan(workspace.actor, workspace.uow(), person_id, None, [GP_ACTION])
    window.reload()
    wait_for_background(qtbot)
    plan = window.tab_of(PlanTab)
    assert isinstance(plan, PlanTab)
    window.show_tab(plan)
    plan.select_row(0)
    plan.toggle_done()
    assert asked == [
        (
            "Register with a GP",
            "GP registration",
            ["GP practice: is required once it is done"],
        )
    ]
    assert plan.model.actions()[0].status is ActionStatus.TO_DO and not plan.dirty
    release_day = window.current_tab()
    assert isinstance(release_day, ReleaseDayTab)
    assert release_day.stack.currentWidget() is release_day.page(EssentialKind.GP_REGISTRATION)
    # With the practice recorded, the same tick is made (and saved with the plan).
    page = release_day.page(EssentialKind.GP_REGISTRATION)
    page.form.fields["practice"].widget.setText("Quay Street Surgery")  # type: ignore[attr-defined]
    assert save_and_wait(qtbot, window)
    window.show_tab(plan)
    plan.select_row(0)
    plan.toggle_done()
    assert len(asked) == 1 and plan.model.actions()[0].status is ActionStatus.DONE
    assert save_and_wait(qtbot, window)
    saved = {e.kind: e for e in saved_record(workspace, person_id).essentials}
    assert saved[EssentialKind.GP_REGISTRATION].status is ActionStatus.DONE
