"""What each role sees of a record, through the services: prison staff see the risk level but
not the risk details, case notes or the plan's officer-only text; officers and managers see
everything. Runs on both backends (the ``workspace`` fixture)."""

from __future__ import annotations

import datetime as dt

import pytest

from resettle.domain.case_flags import CaseFlag
from resettle.domain.permissions import PermissionDenied
from resettle.domain.risk import RiskLevel
from resettle.domain.staff import Actor, Role
from resettle.domain.withheld import Withheld
from resettle.services import allocation
from resettle.services.case_record import notes, read, risk
from resettle.services.plans import edit, issue, printing
from resettle.services.plans import read as plan_read
from resettle.services.recommendations import recommendations_screen
from resettle.services.workspace import Workspace
from tests.disclosures import FOR_THE_PERSON
from tests.services.held_case import ACTION, Case, held_person, readers_of


@pytest.fixture
def case(workspace: Workspace) -> Case:
    """A person in the test team, held at HMP Leeds, with a note, the risk picture, a flag
    and an issued plan."""
    pid, prison_id = held_person(workspace)
    me, uow = workspace.actor, workspace.uow
    notes.add_case_note(me, uow(), pid, {"text": "Disclosed a relapse."})
    revision = risk.save_ogrs3_inputs(
        me,
        uow(),
        pid,
        0,
        {
            "conviction_date": dt.date(2024, 1, 10),
            "first_sanction_date": dt.date(2006, 3, 1),
            "previous_sanctions": 12,
        },
    )
    revision = risk.record_rosh(
        me,
        uow(),
        pid,
        revision,
        {"assessed_on": dt.date(2024, 3, 1), "source": "OASys", "public": "medium"},
    )
    revision = risk.confirm_risk(
        me, uow(), pid, revision, {"level": "high", "reason": "Threats to a neighbour."}
    )
    risk.set_case_flags(me, uow(), pid, revision, [CaseFlag.OPIOID_USE])
    view = edit.save_plan(me, uow(), pid, None, [ACTION])
    view = edit.agree(me, uow(), pid, view.revision, {"agreed_by_person": False})
    issue.issue(me, uow(), pid, view.revision)
    return readers_of(workspace, pid, prison_id, "vis")


def _record(workspace: Workspace, actor: Actor, person_id: int):  # type: ignore[no-untyped-def]
    return read.open_case_record(actor, workspace.uow(), person_id)


@pytest.mark.parametrize("who", ["officer", "manager"])
def test_case_workers_see_the_whole_record(workspace: Workspace, case: Case, who: str) -> None:
    actor = getattr(case, who)
    record = _record(workspace, actor, case.person_id)
    assert record.withheld == frozenset()
    assert [n.text for n in record.notes] == ["Disclosed a relapse."]
    assert record.risk.inputs.previous_sanctions == 12
    assert record.risk.ogrs3 is not None and record.risk.rosh is not None
    assert record.risk.confirmed is not None
    assert record.risk.confirmed.reason == "Threats to a neighbour."
    assert record.flags == {CaseFlag.OPIOID_USE}
    plan = plan_read.get_plan(actor, workspace.uow(), case.person_id)
    assert plan.withheld == frozenset()
    assert plan.current is not None and plan.current.issue is not None
    assert plan.current.issue.snapshot_json
    document = printing.plan_document(actor, workspace.uow(), case.person_id)
    assert document.risk.confirmed_level.startswith("High")
    assert document.needs
    pdf = printing.plan_pdf(
        actor, workspace.uow(), case.person_id, printing.PlanCopy.OFFICER, reason=FOR_THE_PERSON
    )
    assert pdf.startswith(b"%PDF")


def test_prison_staff_see_the_risk_level_but_no_details_notes_or_officer_text(
    workspace: Workspace, case: Case
) -> None:
    record = _record(workspace, case.prison, case.person_id)
    assert record.withheld == {
        Withheld.NOTES,
        Withheld.NEED_NOTES,
        Withheld.SUPPORT_NEED_NOTES,
        Withheld.REFERRAL_REASONS,
        Withheld.RISK_DETAILS,
        Withheld.PLAN_OFFICER_TEXT,
    }
    assert record.notes == ()
    assert record.risk.inputs.model_dump() == {
        "conviction_date": None,
        "first_sanction_date": None,
        "previous_sanctions": None,
    }
    assert record.risk.ogrs3 is None and record.risk.ogrs3_not_scored == ()
    assert record.risk.recorded == () and record.risk.rosh is None
    assert record.risk.in_use.two_year_percent is None and record.risk.in_use.computed is None
    assert record.flags == frozenset()
    # The level stays, as the caseload and the header show it; why it was chosen does not.
    officers = _record(workspace, case.officer, case.person_id)
    assert record.risk.in_use.band is officers.risk.in_use.band
    assert record.risk.confirmed is not None
    assert record.risk.confirmed.level is RiskLevel.HIGH
    assert record.risk.confirmed.reason == ""
    # The rest of the record is there.
    assert record.person.profile.prison_number == "A1234BC"
    assert len(record.essentials) == len(officers.essentials)
    assert [v.need.status for v in record.needs] == [v.need.status for v in officers.needs]
    assert record.allocations == officers.allocations
    assert record.readiness == officers.readiness
    assert allocation.allocation_history(case.prison, workspace.uow(), case.person_id)


def test_prison_staff_read_the_plan_without_its_officer_copy(
    workspace: Workspace, case: Case
) -> None:
    plan = plan_read.get_plan(case.prison, workspace.uow(), case.person_id)
    assert plan.withheld == {Withheld.PLAN_OFFICER_TEXT}
    assert plan.current is not None and plan.current.issue is not None
    assert plan.current.issue.snapshot_json == ""
    assert len(plan.current.issue.snapshot_sha256) == 64
    assert [a.what for a in plan.current.actions] == ["Confirm the hostel bed"]
    version = plan_read.get_plan_version(case.prison, workspace.uow(), case.person_id, 1)
    assert version.issue is not None and version.issue.snapshot_json == ""
    screen = recommendations_screen(case.prison, workspace.uow(), case.person_id)
    assert screen.plan.current is not None and screen.plan.current.issue is not None
    assert screen.plan.current.issue.snapshot_json == ""
    for copy in printing.PlanCopy:
        with pytest.raises(PermissionDenied):
            printing.plan_pdf(
                case.prison, workspace.uow(), case.person_id, copy, reason=FOR_THE_PERSON
            )


def test_the_officer_copy_needs_the_officer_only_text(workspace: Workspace, case: Case) -> None:
    """An account that may print plans but not see their officer-only text (no role has that
    mix today) prints the person's copy only, and its preview carries no officer-only text."""
    from resettle.domain import permissions

    printer_only = permissions.ROLE_PERMISSIONS[Role.MANAGER] - {
        permissions.Permission.VIEW_PLAN_OFFICER_TEXT
    }
    patched = {**permissions.ROLE_PERMISSIONS, Role.MANAGER: printer_only}
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(permissions, "ROLE_PERMISSIONS", patched)
        manager = case.manager
        with pytest.raises(PermissionDenied):
            printing.plan_pdf(
                manager,
                workspace.uow(),
                case.person_id,
                printing.PlanCopy.OFFICER,
                reason=FOR_THE_PERSON,
            )
        pdf = printing.plan_pdf(
            manager,
            workspace.uow(),
            case.person_id,
            printing.PlanCopy.PERSON,
            reason=FOR_THE_PERSON,
        )
        assert pdf.startswith(b"%PDF")
        document = printing.plan_document(manager, workspace.uow(), case.person_id)
    assert document.risk.model_dump() == {key: "" for key in document.risk.model_dump()}
    assert document.needs == () and document.evidence == () and document.officer_notes == ()
    assert [a.what for a in document.actions] == ["Confirm the hostel bed"]
    assert document.checklist
