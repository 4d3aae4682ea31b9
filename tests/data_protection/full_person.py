"""One person with a row in every table that holds person data, made through the services
(the subject access and, later, erasure tests read it back)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from resettle.domain import clock
from resettle.domain.needs import SupportNeedStatus
from resettle.domain.staff import Role
from resettle.services import (
    case_access,
    case_status,
    disclosures,
    outcome_checks,
    people,
    programme_history,
    programme_referral_places,
    programme_referrals,
    retention,
)
from resettle.services.case_record import aftercare, essentials, needs, notes, read
from resettle.services.plans import edit, issue, officer_notes
from resettle.services.recommendations import accept_recommendation, recommend_for_person
from resettle.services.workspace import Workspace
from resettle.storage.tables.people import PersonRow
from resettle.storage.tables.programmes import ProgrammeGroupRow, ProgrammeOfferingRow
from tests.accounts import workspace_as
from tests.data_protection.full_programme import attend_a_programme
from tests.factories import establishment, person_data
from tests.programme_steps import assess_as_suitable
from tests.recorded_risk_steps import record_risk_in_full

PRISON_NUMBER = "A1234BC"
ACTION = {
    "pathway": "accommodation",
    "what": "Confirm the hostel bed with Mrs Ada Lovelace",
    "owner": "probation",
    "due": {"kind": "relative", "offset_days": -7},
}

#: A disclosure recorded with words typed (kept in the person's disclosure notes).
DISCLOSURE = {
    "justification": "other",
    "justification_text": "Her sister asked for a copy",
    "recipient": "Mrs Grace Hopper",
}


def _refer_to_a_programme(workspace: Workspace, pid: int) -> None:
    """A programme referral with a move and a group place: the person is placed in a prison
    whose programme team moves the referral."""
    prison = establishment(workspace, "SAR", "HMP Subject Access")
    with workspace.uow() as uow:
        row = uow.people.get(pid)
        assert row is not None
        row.establishment_id = prison
        programme = uow.programmes.programme_by_code("BC-MOD")
        assert programme is not None
        offering = ProgrammeOfferingRow(programme_id=programme.id, establishment_id=prison)
        uow.programmes.add(offering)
        group = ProgrammeGroupRow(
            offering_id=offering.id,
            code="SAR-1",
            capacity=10,
            starts_on=clock.today(),
            ends_on=clock.today() + dt.timedelta(days=70),
            schedule=[],
            facilitator_ids=[],
        )
        uow.programmes.add(group)
        uow.commit()
        group_id = group.id
    referral = workspace.run(
        programme_referrals.refer_to_programme,
        pid,
        {"programme_code": "BC-MOD", "notes": "Her partner Tom wants her to do it."},
    )
    team = workspace_as(workspace, Role.PROGRAMME_TEAM, establishment_id=prison)
    # The need items recorded put the person on the high intensity pathway: BC-MOD (moderate)
    # needs an override.
    revision = assess_as_suitable(team.run, referral, 1, override_reason="override_not_enough_time")
    team.run(programme_referral_places.give_group_place, referral, revision, group_id)


def _checks_after_an_earlier_release(
    workspace: Workspace, pid: int, profile: dict[str, Any]
) -> None:
    """Released 40 days ago, outcome checks recorded (one corrected), then recalled: the
    release date moves back to the future one and the checks stay with the earlier release."""
    run = workspace.run
    today = clock.today()
    released = today - dt.timedelta(days=40)
    with workspace.uow() as uow:
        version = uow.session.get(PersonRow, pid).version  # type: ignore[union-attr]
    version = run(people.update_person, pid, version, {**profile, "release_date": released}).version
    night = {
        "point": "first_night",
        "checked_on": released + dt.timedelta(days=1),
        "accommodation": "other_housed",
        "note": "Stayed at her brother Tom's flat.",
    }
    first = run(outcome_checks.record_outcome_check, pid, night)
    run(outcome_checks.record_outcome_check, pid, {**night, "accommodation": "settled"}, first.id)
    run(
        outcome_checks.record_outcome_check,
        pid,
        {
            "point": "week_6",
            "checked_on": today,
            "accommodation": "settled",
            "employment": "employed",
        },
    )
    run(people.update_person, pid, version, profile)


def populate_everything(workspace: Workspace) -> int:
    """Register the person and fill every part of their record; returns their id. The
    officer acts; the test manager (``workspace_as(..., MANAGER)``) restricts access."""
    run = workspace.run
    today = clock.today()
    detail = run(
        people.register_person,
        person_data(
            release_date=today + dt.timedelta(days=60),
            licence_end_date=today + dt.timedelta(days=400),
            aliases=["Zoe Bryan"],
            learning_notes="Reads slowly; her sister Niamh helps.",
            gender="Woman",
        ),
    )
    pid = detail.id
    revision = run(
        needs.save_pathway_need,
        pid,
        0,
        {
            "pathway": "accommodation",
            "status": "support_required",
            "severity": "high",
            "notes": "Landlord Mr Bell will not relet.",
        },
    )
    revision = run(
        needs.add_support_need,
        pid,
        revision,
        {"code": "help_to_find_accommodation"},
    )
    need_id = run(read.refresh_case_record, pid).needs[0].support_needs[0].id
    run(needs.set_support_need_status, need_id, revision, SupportNeedStatus.IN_PROGRESS)
    run(
        essentials.save_essential,
        pid,
        0,
        {"kind": "gp_registration", "status": "to_do", "notes": "Dr Patel's surgery."},
    )
    first = run(notes.add_case_note, pid, {"text": "Met today with her friend Sam."})
    run(notes.add_case_note, pid, {"text": "Met on Tuesday, not today.", "corrects_note_id": first})
    provider = run(
        aftercare.add_provider,
        {"name": "Harbour Housing", "phone": "0113 496 0000", "email": "help@harbour.example"},
    )
    referral = {
        "provider_id": provider.id,
        "service_type": "housing_support",
        "referral_date": today,
        "contact": "Jo Bloggs, housing worker",
        "reason": "Needs a bed for the first night.",
    }
    referral_id = run(aftercare.add_referral, pid, referral)
    run(aftercare.update_referral, referral_id, 0, {**referral, "status": "accepted"})
    record_risk_in_full(run, pid)
    programme = {
        "programme_code": "TSP",
        "programme_name": "Thinking Skills Programme",
        "setting": "custody",
        "location": "HMP Leeds, with Ms Carter",
        "started_on": today - dt.timedelta(days=200),
        "ended_on": today - dt.timedelta(days=120),
        "outcome": "not_completed",
        "reason_category": "D_OPERATIONAL",
        "reason": "D_TRANSFER_PROCESS",
    }
    entry = run(programme_history.record_programme_entry, pid, programme)
    run(
        programme_history.correct_programme_entry,
        pid,
        entry,
        {**programme, "outcome": "complete", "reason_category": None, "reason": None},
    )
    view = run(edit.save_plan, pid, None, [ACTION])
    view = run(
        officer_notes.save_officer_notes, pid, view.revision, {"officer_notes": "Ask her mum."}
    )
    result = run(recommend_for_person, pid)
    view = run(accept_recommendation, pid, result.recommendations[0].intervention_id).plan
    view = run(edit.agree, pid, view.revision, {"agreed_by_person": False})
    view = run(issue.issue, pid, view.revision)
    run(edit.save_plan, pid, view.revision, [ACTION, {**ACTION, "what": "Second version"}])
    run(read.open_case_record, pid)
    run(disclosures.record_disclosure, pid, DISCLOSURE)
    run(case_status.close_case, pid, {"reason": "other", "other_reason": "Moved abroad."})
    run(case_status.reopen_case, pid)
    _checks_after_an_earlier_release(workspace, pid, detail.profile.model_dump())
    manager = workspace_as(workspace, Role.MANAGER)  # before the prison: manages none
    _refer_to_a_programme(workspace, pid)
    manager.run(
        case_access.set_person_access,
        pid,
        restricted=False,
        allowed_staff_ids=[],
        excluded_staff_ids=[workspace_as(workspace, Role.OFFICER, username="t.other").actor.id],
        reason="His cousin works in the team.",
        expected_revision=0,
    )
    manager.run(
        retention.keep_after_review,
        pid,
        {"reason": "Appeal pending.", "next_review_on": clock.today() + dt.timedelta(days=365)},
    )
    _as_if_imported(workspace, pid)
    # Last: the prison it adds is no one's to manage but the programme team's.
    attend_a_programme(workspace, pid)
    return pid


def _as_if_imported(workspace: Workspace, pid: int) -> None:
    """An import ledger row for the person, as a caseload import that updated them leaves
    (an import makes people unallocated, so the person is registered by hand above)."""
    with workspace.uow() as uow:
        row = uow.people.get(pid)
        assert row is not None
        uow.import_ledger.add_entries(
            [
                {
                    "import_id": "0" * 32,
                    "source_name": "caseload-Leeds.csv",
                    "source_sha256": "a" * 64,
                    "source_line": 7,
                    "row_sha256": "b" * 64,
                    "imported_by_id": workspace.actor.id,
                    "person_id": pid,
                    "person_version": row.version,
                }
            ]
        )
        uow.commit()
