"""The plan's officer-only notes: saved on their own (no state changes), read by accounts
with ``VIEW_PLAN_OFFICER_TEXT`` only, printed on the officer's copy and never on the
person's, and kept by every other save of the plan. Runs on both backends."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader

from resettle.domain import permissions
from resettle.domain.errors import ValidationFailed
from resettle.domain.permissions import PermissionDenied
from resettle.domain.plan import OFFICER_NOTES_MAX, PlanState
from resettle.domain.staff import Role
from resettle.domain.withheld import Withheld
from resettle.services.plans import edit, issue, officer_notes, printing
from resettle.services.plans import read as plan_read
from resettle.services.workspace import Workspace
from tests.disclosures import FOR_THE_PERSON
from tests.services.held_case import ACTION, Case, held_person, readers_of

NOTE = "Victim lives two streets from the hostel: keep the address away from family."


@pytest.fixture
def case(workspace: Workspace) -> Case:
    pid, prison_id = held_person(workspace)
    me, uow = workspace.actor, workspace.uow
    view = edit.save_plan(me, uow(), pid, None, [ACTION])
    officer_notes.save_officer_notes(me, uow(), pid, view.revision, {"officer_notes": NOTE})
    return readers_of(workspace, pid, prison_id, "notes")


def _text(pdf: bytes) -> str:
    return " ".join((page.extract_text() or "") for page in PdfReader(io.BytesIO(pdf)).pages)


def _words(text: str) -> str:
    return " ".join(text.split())


@pytest.mark.parametrize("who", ["officer", "manager"])
def test_case_workers_read_the_officer_notes(workspace: Workspace, case: Case, who: str) -> None:
    plan = plan_read.get_plan(getattr(case, who), workspace.uow(), case.person_id)
    assert plan.current is not None and plan.current.officer_notes == NOTE
    assert Withheld.PLAN_OFFICER_TEXT not in plan.withheld


def test_prison_staff_do_not_get_the_officer_notes(workspace: Workspace, case: Case) -> None:
    plan = plan_read.get_plan(case.prison, workspace.uow(), case.person_id)
    assert Withheld.PLAN_OFFICER_TEXT in plan.withheld
    assert plan.current is not None and plan.current.officer_notes == ""
    assert NOTE not in plan.model_dump_json()
    version = plan_read.get_plan_version(case.prison, workspace.uow(), case.person_id, 1)
    assert version.officer_notes == ""
    with pytest.raises(PermissionDenied):
        officer_notes.save_officer_notes(
            case.prison, workspace.uow(), case.person_id, plan.revision, {"officer_notes": ""}
        )


def test_the_officer_copy_prints_them_and_the_persons_copy_does_not(
    workspace: Workspace, case: Case
) -> None:
    officer = printing.plan_pdf(
        case.officer, workspace.uow(), case.person_id, reason=FOR_THE_PERSON
    )
    assert NOTE in _words(_text(officer))
    person = printing.plan_pdf(
        case.officer,
        workspace.uow(),
        case.person_id,
        printing.PlanCopy.PERSON,
        reason=FOR_THE_PERSON,
    )
    assert "Victim lives" not in _text(person)


def test_saving_them_changes_no_state(workspace: Workspace, case: Case) -> None:
    me, uow, pid = case.officer, workspace.uow, case.person_id
    view = plan_read.get_plan(me, uow(), pid)
    view = edit.agree(me, uow(), pid, view.revision, {"agreed_by_person": False})
    view = officer_notes.save_officer_notes(me, uow(), pid, view.revision, {"officer_notes": "A"})
    assert view.current is not None and view.current.state is PlanState.AGREED
    assert view.current.officer_notes == "A"
    view = issue.issue(me, uow(), pid, view.revision)
    assert view.current is not None and view.current.issue is not None
    snapshot = view.current.issue.snapshot_json
    assert '"officer_notes":["A"]' in snapshot
    view = officer_notes.save_officer_notes(me, uow(), pid, view.revision, {"officer_notes": "B"})
    assert view.current is not None and view.current.state is PlanState.ISSUED
    assert view.current.issue is not None and view.current.issue.snapshot_json == snapshot
    assert view.current.officer_notes == "B" and len(view.versions) == 1


def test_a_stale_revision_is_refused(workspace: Workspace, case: Case) -> None:
    from resettle.domain.errors import ConcurrentEdit

    with pytest.raises(ConcurrentEdit):
        officer_notes.save_officer_notes(
            case.officer, workspace.uow(), case.person_id, 0, {"officer_notes": "Late"}
        )


def test_too_long_notes_are_refused_naming_the_field(workspace: Workspace, case: Case) -> None:
    view = plan_read.get_plan(case.officer, workspace.uow(), case.person_id)
    with pytest.raises(ValidationFailed) as refused:
        officer_notes.save_officer_notes(
            case.officer,
            workspace.uow(),
            case.person_id,
            view.revision,
            {"officer_notes": "x" * (OFFICER_NOTES_MAX + 1)},
        )
    assert [p.field for p in refused.value.problems] == ["officer_notes"]
    assert refused.value.problems[0].message.startswith("Officer-only notes:")


def test_saving_actions_keeps_them_also_into_the_next_version(
    workspace: Workspace, case: Case
) -> None:
    me, uow, pid = case.officer, workspace.uow, case.person_id
    view = plan_read.get_plan(me, uow(), pid)
    view = edit.save_plan(me, uow(), pid, view.revision, [ACTION, {**ACTION, "what": "Bus fare"}])
    assert view.current is not None and view.current.officer_notes == NOTE
    view = edit.agree(me, uow(), pid, view.revision, {"agreed_by_person": False})
    view = issue.issue(me, uow(), pid, view.revision)
    view = edit.save_plan(me, uow(), pid, view.revision, [ACTION])
    assert view.current is not None and view.current.version == 2
    assert view.current.officer_notes == NOTE


def test_a_plan_save_by_an_account_that_cannot_see_them_keeps_them(
    workspace: Workspace, case: Case
) -> None:
    """No role edits plans without reading their officer-only text today; one that could
    (a per-person permission set, say) saves the actions and the notes stay."""
    blind = permissions.ROLE_PERMISSIONS[Role.OFFICER] - {
        permissions.Permission.VIEW_PLAN_OFFICER_TEXT
    }
    patched = {**permissions.ROLE_PERMISSIONS, Role.OFFICER: blind}
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(permissions, "ROLE_PERMISSIONS", patched)
        seen = plan_read.get_plan(case.officer, workspace.uow(), case.person_id)
        assert seen.current is not None and seen.current.officer_notes == ""
        edit.save_plan(
            case.officer,
            workspace.uow(),
            case.person_id,
            seen.revision,
            [{**ACTION, "what": "Confirm the hostel bed and the bus"}],
        )
    after = plan_read.get_plan(case.officer, workspace.uow(), case.person_id)
    assert after.current is not None and after.current.officer_notes == NOTE
