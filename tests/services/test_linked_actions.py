"""Ticking an essential, support need or referral, or the plan action linked to it, changes
both, in one transaction with its audit rows; "done" in the future is refused; a change to one
part of the record never makes another window's save of another part fail."""

from __future__ import annotations

import datetime as dt
import os
import re
import subprocess
from pathlib import Path
from typing import Any

import pytest

from resettle.domain import clock
from resettle.domain.errors import ConcurrentEdit, ValidationFailed
from resettle.domain.needs import SupportNeedStatus
from resettle.domain.pathways import Pathway
from resettle.domain.plan import ActionStatus
from resettle.domain.plan_view import PlanView
from resettle.domain.record_parts import RecordPart, referral_part
from resettle.services.case_record import aftercare, essentials, needs
from resettle.services.case_record.read import refresh_case_record
from resettle.services.people import register_person
from resettle.services.plans import edit, issue, printing, read
from resettle.services.workspace import Workspace
from tests.disclosures import FOR_THE_PERSON
from tests.factories import housing_referral, person_data
from tests.services.conftest import CountingRunner

TODAY = clock.today()
ID_IN_PROGRESS = {"kind": "id_document", "status": "in_progress", "id_type": "passport"}
ID_DONE = {**ID_IN_PROGRESS, "status": "done", "action_date": TODAY}
ID_ACTION = {
    "pathway": "finance_id",
    "what": "Get an ID document",
    "owner": "prison",
    "due": {"kind": "relative", "offset_days": -28},
    "status": "in_progress",
    "source": {"essential_kind": "id_document"},
}
OTHER_ACTION = {
    "pathway": "accommodation",
    "what": "Confirm the hostel bed",
    "owner": "probation",
    "due": {"kind": "relative", "offset_days": -7},
}


@pytest.fixture
def person_id(workspace: Workspace) -> int:
    return register_person(
        workspace.actor,
        workspace.uow(),
        person_data(release_date=TODAY + dt.timedelta(days=30), sentence_date=dt.date(2024, 2, 1)),
    ).id


@pytest.fixture
def plan(workspace: Workspace, person_id: int) -> PlanView:
    """ID in progress on the Release day tab, and the plan's action linked to it."""
    essentials.save_essential(workspace.actor, workspace.uow(), person_id, 0, ID_IN_PROGRESS)
    return edit.save_plan(
        workspace.actor, workspace.uow(), person_id, None, [ID_ACTION, OTHER_ACTION]
    )


def _statuses(view: PlanView) -> list[ActionStatus]:
    assert view.current is not None
    return [a.status for a in view.current.ordered_actions()]


def _id_essential(workspace: Workspace, person_id: int) -> Any:
    record = workspace.run(refresh_case_record, person_id)
    return next(e for e in record.essentials if e.kind.value == "id_document"), record


def test_done_on_the_release_day_tab_is_done_in_the_plan_in_the_same_transaction(
    workspace: Workspace, person_id: int, plan: PlanView, counting: CountingRunner
) -> None:
    counting.run(essentials.save_essential, person_id, 1, ID_DONE)
    call = counting.last
    assert (call.entered, call.commits) == (1, 1)
    assert [action for action, _person in call.audit_rows] == [
        "essential.saved",
        "plan.actions_followed",
    ]
    view = workspace.run(read.get_plan, person_id)
    assert _statuses(view) == [ActionStatus.DONE, ActionStatus.TO_DO]
    # The plan's own revision did not move: an open Plan tab saves without a conflict.
    assert view.revision == plan.revision
    saved = edit.save_plan(
        workspace.actor,
        workspace.uow(),
        person_id,
        plan.revision,
        [ID_ACTION, {**OTHER_ACTION, "status": "done"}],  # read before: ID still in progress
    )
    # ...and the stale "in progress" it still carried for ID does not undo the essential.
    assert _statuses(saved) == [ActionStatus.DONE, ActionStatus.DONE]
    essential, _record = _id_essential(workspace, person_id)
    assert essential.status is ActionStatus.DONE


def test_ticking_the_action_in_the_plan_marks_the_essential_done_today(
    workspace: Workspace, person_id: int, plan: PlanView, counting: CountingRunner
) -> None:
    ticked = [{**ID_ACTION, "status": "done"}, OTHER_ACTION]
    held = {RecordPart.ESSENTIALS.value: 1}
    view = counting.run(edit.save_plan, person_id, plan.revision, ticked, {0}, held)
    call = counting.last
    assert (call.entered, call.commits) == (1, 1)
    assert sorted(action for action, _person in call.audit_rows) == [
        "essential.saved",
        "plan.saved",
    ]
    assert view.record_revisions == {RecordPart.ESSENTIALS.value: 2}
    assert _statuses(view) == [ActionStatus.DONE, ActionStatus.TO_DO]
    essential, record = _id_essential(workspace, person_id)
    assert (essential.status, essential.action_date) == (ActionStatus.DONE, TODAY)
    assert essential.id_type is not None  # the rest of the essential is kept
    assert record.revision(RecordPart.ESSENTIALS) == 2


def test_a_tick_the_essential_cannot_take_is_refused_and_nothing_is_saved(
    workspace: Workspace, person_id: int
) -> None:
    address = {**ID_ACTION, "what": "Confirm the first night", "pathway": "accommodation"}
    address["source"] = {"essential_kind": "first_night_address"}
    view = edit.save_plan(workspace.actor, workspace.uow(), person_id, None, [address])
    with pytest.raises(ValidationFailed) as refused:
        edit.save_plan(
            workspace.actor,
            workspace.uow(),
            person_id,
            view.revision,
            [{**address, "status": "done"}],
            {0},
        )
    (problem,) = refused.value.problems
    assert problem.field == "actions[0].status"
    assert "Address: is required once it is done" in problem.message
    after = workspace.run(read.get_plan, person_id)
    assert after.revision == view.revision and _statuses(after) == [ActionStatus.TO_DO]


def test_done_in_the_future_is_refused_naming_the_date(
    workspace: Workspace, person_id: int
) -> None:
    tomorrow = {**ID_DONE, "action_date": TODAY + dt.timedelta(days=1)}
    with pytest.raises(ValidationFailed) as refused:
        essentials.save_essential(workspace.actor, workspace.uow(), person_id, 0, tomorrow)
    assert [(p.field, p.code) for p in refused.value.problems] == [
        ("action_date", "done_in_future")
    ]
    essential, record = _id_essential(workspace, person_id)
    assert essential.status is ActionStatus.TO_DO
    assert record.revision(RecordPart.ESSENTIALS) == 0


def test_a_tick_over_someone_elses_save_of_the_essentials_is_a_conflict(
    workspace: Workspace, person_id: int, plan: PlanView
) -> None:
    # Someone else saves the essentials after this window read them at revision 1.
    gp = {"kind": "gp_registration", "status": "in_progress"}
    essentials.save_essential(workspace.actor, workspace.uow(), person_id, 1, gp)
    with pytest.raises(ConcurrentEdit):
        edit.save_plan(
            workspace.actor,
            workspace.uow(),
            person_id,
            plan.revision,
            [{**ID_ACTION, "status": "done"}, OTHER_ACTION],
            {0},
            {RecordPart.ESSENTIALS.value: 1},
        )
    essential, _record = _id_essential(workspace, person_id)
    assert essential.status is ActionStatus.IN_PROGRESS
    assert workspace.run(read.get_plan, person_id).revision == plan.revision


def test_support_needs_and_referrals_and_their_actions_agree_both_ways(
    workspace: Workspace, person_id: int
) -> None:
    actor = workspace.actor
    needs.add_support_need(
        actor, workspace.uow(), person_id, 0, {"code": "help_to_find_accommodation"}
    )
    need = (
        workspace.run(refresh_case_record, person_id)
        .need_for(Pathway.ACCOMMODATION)
        .support_needs[0]
    )
    referral_id = aftercare.add_referral(
        actor, workspace.uow(), person_id, housing_referral(workspace)
    )
    view = edit.save_plan(
        actor,
        workspace.uow(),
        person_id,
        None,
        [
            {**OTHER_ACTION, "what": need.label, "source": {"support_need_id": need.id}},
            {**OTHER_ACTION, "what": "Go", "source": {"aftercare_referral_id": referral_id}},
        ],
    )
    assert _statuses(view) == [ActionStatus.TO_DO, ActionStatus.TO_DO]
    needs.set_support_need_status(actor, workspace.uow(), need.id, 1, SupportNeedStatus.IN_PROGRESS)
    view = workspace.run(read.get_plan, person_id)
    assert _statuses(view) == [ActionStatus.IN_PROGRESS, ActionStatus.TO_DO]
    assert view.current is not None
    done = [a.model_copy(update={"status": ActionStatus.DONE}) for a in view.current.actions]
    view = edit.save_plan(actor, workspace.uow(), person_id, view.revision, done, {0, 1})
    assert _statuses(view) == [ActionStatus.DONE, ActionStatus.DONE]
    assert view.record_revisions == {RecordPart.NEEDS.value: 3, referral_part(referral_id): 1}
    record = workspace.run(refresh_case_record, person_id)
    assert record.need_for(Pathway.ACCOMMODATION).support_needs[0].status is SupportNeedStatus.MET
    assert record.referrals[0].referral.status.value == "attended"


def test_the_issued_plan_is_frozen_but_shows_and_issues_the_derived_status(
    workspace: Workspace, person_id: int, plan: PlanView
) -> None:
    essentials.save_essential(workspace.actor, workspace.uow(), person_id, 1, ID_DONE)
    agreed = edit.agree(
        workspace.actor,
        workspace.uow(),
        person_id,
        plan.revision,
        {"agreed_by_person": False},
    )
    issued = issue.issue(workspace.actor, workspace.uow(), person_id, agreed.revision)
    assert issued.current is not None and issued.current.issue is not None
    snapshot = issued.current.issue.snapshot_json
    assert '"status":"Arranged"' in snapshot.replace(" ", "")
    first = read.get_plan_version(workspace.actor, workspace.uow(), person_id, 1)
    assert [a.status for a in first.ordered_actions()] == [ActionStatus.DONE, ActionStatus.TO_DO]
    # A later change to the essential leaves the issued version's stored rows alone.
    essentials.save_essential(workspace.actor, workspace.uow(), person_id, 2, ID_IN_PROGRESS)
    first = read.get_plan_version(workspace.actor, workspace.uow(), person_id, 1)
    assert first.ordered_actions()[0].status is ActionStatus.DONE


def test_the_issued_plan_pdf_never_says_arranged_and_in_progress_for_id(
    workspace: Workspace, person_id: int, plan: PlanView, tmp_path: Path
) -> None:
    """The reported case: ID in progress in the plan, then Done on the Release day tab, then
    the plan agreed and issued. Read back with pdftotext; pdftoppm renders it for a person
    to look at (RESETTLE_KEEP_PDF_PAGES names a folder to keep the pages in)."""
    essentials.save_essential(workspace.actor, workspace.uow(), person_id, 1, ID_DONE)
    agreed = edit.agree(
        workspace.actor, workspace.uow(), person_id, plan.revision, {"agreed_by_person": False}
    )
    issue.issue(workspace.actor, workspace.uow(), person_id, agreed.revision)
    pdf = tmp_path / "issued.pdf"
    pdf.write_bytes(
        printing.plan_pdf(workspace.actor, workspace.uow(), person_id, reason=FOR_THE_PERSON)
    )
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], check=True, capture_output=True, text=True
    ).stdout
    id_lines = [line for line in text.splitlines() if "Get an ID document" in line]
    assert id_lines and all("Done" in line for line in id_lines), id_lines
    assert "In progress" not in text
    checklist = [line for line in text.splitlines() if re.match(r"\s*[☐☑] ID\s", line)]
    assert checklist and all("Arranged" in line for line in checklist), checklist
    keep = os.environ.get("RESETTLE_KEEP_PDF_PAGES")
    pages = Path(keep) if keep else tmp_path
    subprocess.run(["pdftoppm", "-png", "-r", "60", str(pdf), str(pages / "issued")], check=True)
    assert sorted(pages.glob("issued-*.png"))
