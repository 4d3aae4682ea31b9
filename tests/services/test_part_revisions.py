"""Each part of a record has its own revision: two users saving different parts of the same
person from the same starting point both succeed; two saving the same part, the second is
refused with the clear message and overwrites nothing."""

from __future__ import annotations

import datetime as dt

import pytest

from resettle.domain import clock
from resettle.domain.case_record import CaseRecord
from resettle.domain.errors import ConcurrentEdit
from resettle.domain.record_parts import RecordPart, referral_part
from resettle.domain.staff import Actor, Role
from resettle.services.case_record import aftercare, essentials, needs, risk
from resettle.services.case_record.read import refresh_case_record
from resettle.services.people import register_person, update_person
from resettle.services.workspace import Workspace
from tests.factories import housing_referral, person_data

TODAY = clock.today()
NEED = {"pathway": "accommodation", "status": "support_required", "severity": "high"}
ESSENTIAL = {"kind": "gp_registration", "status": "to_do"}
INPUTS = {
    "conviction_date": dt.date(2024, 1, 10),
    "first_sanction_date": dt.date(2006, 3, 1),
    "previous_sanctions": 12,
}


def _other_officer(workspace: Workspace) -> Actor:
    return Actor(
        id=workspace.actor.id, username="other", display_name="Other Officer", role=Role.OFFICER
    )


def _read(workspace: Workspace, person_id: int) -> CaseRecord:
    return workspace.run(refresh_case_record, person_id)


@pytest.fixture
def person_id(workspace: Workspace) -> int:
    return register_person(workspace.actor, workspace.uow(), person_data()).id


def test_saving_different_parts_from_the_same_start_all_succeed(
    workspace: Workspace, person_id: int
) -> None:
    other = _other_officer(workspace)
    referral = housing_referral(workspace)
    referral_id = aftercare.add_referral(workspace.actor, workspace.uow(), person_id, referral)
    start = _read(workspace, person_id)  # both users opened the record here

    profile = {**start.person.profile.model_dump(), "gender": "Woman"}
    update_person(
        workspace.actor, workspace.uow(), person_id, start.revision(RecordPart.PROFILE), profile
    )
    assert (
        needs.save_pathway_need(
            other, workspace.uow(), person_id, start.revision(RecordPart.NEEDS), NEED
        )
        == 1
    )
    assert (
        essentials.save_essential(
            workspace.actor,
            workspace.uow(),
            person_id,
            start.revision(RecordPart.ESSENTIALS),
            ESSENTIAL,
        )
        == 1
    )
    assert (
        risk.save_ogrs3_inputs(
            other, workspace.uow(), person_id, start.revision(RecordPart.RISK), INPUTS
        )
        == 1
    )
    part = referral_part(referral_id)
    aftercare.update_referral(
        workspace.actor,
        workspace.uow(),
        referral_id,
        start.revision(part),
        {**referral, "status": "accepted"},
    )

    after = _read(workspace, person_id)
    assert after.person.profile.gender == "Woman"
    assert after.need_for(start.needs[0].need.pathway).need.severity.value == "high"
    assert after.risk.inputs.previous_sanctions == 12
    assert after.referrals[0].referral.status.value == "accepted"
    assert {p: after.revision(p) for p in (*RecordPart, part)} == {
        RecordPart.PROFILE: start.revision(RecordPart.PROFILE) + 1,
        RecordPart.NEEDS: 1,
        RecordPart.ESSENTIALS: 1,
        RecordPart.RISK: 1,
        part: start.revision(part) + 1,
    }


@pytest.mark.parametrize(
    ("part", "first", "second"),
    [
        (
            RecordPart.NEEDS,
            lambda a, u, p, r: needs.save_pathway_need(a, u, p, r, NEED),
            lambda a, u, p, r: needs.save_pathway_need(a, u, p, r, {**NEED, "severity": "low"}),
        ),
        (
            RecordPart.ESSENTIALS,
            lambda a, u, p, r: essentials.save_essential(a, u, p, r, ESSENTIAL),
            lambda a, u, p, r: essentials.save_essential(
                a, u, p, r, {**ESSENTIAL, "status": "not_needed"}
            ),
        ),
        (
            RecordPart.RISK,
            lambda a, u, p, r: risk.save_ogrs3_inputs(a, u, p, r, INPUTS),
            lambda a, u, p, r: risk.set_case_flags(a, u, p, r, ["opioid_use"]),
        ),
    ],
)
def test_the_second_save_of_the_same_part_is_refused_clearly(  # type: ignore[no-untyped-def]
    workspace: Workspace, person_id: int, part: RecordPart, first, second
) -> None:
    start = _read(workspace, person_id)
    first(workspace.actor, workspace.uow(), person_id, start.revision(part))
    saved = _read(workspace, person_id)
    with pytest.raises(ConcurrentEdit) as caught:
        second(_other_officer(workspace), workspace.uow(), person_id, start.revision(part))
    assert "Someone else saved this part" in str(caught.value)
    assert "nothing was overwritten" in str(caught.value)
    after = _read(workspace, person_id)
    assert after == saved  # the refused save changed nothing


def test_a_referral_save_conflicts_only_with_the_same_referral(
    workspace: Workspace, person_id: int
) -> None:
    referral = housing_referral(workspace)
    first_id = aftercare.add_referral(workspace.actor, workspace.uow(), person_id, referral)
    second_id = aftercare.add_referral(workspace.actor, workspace.uow(), person_id, referral)
    start = _read(workspace, person_id)
    accepted = {**referral, "status": "accepted"}
    for referral_id in (first_id, second_id):
        aftercare.update_referral(
            workspace.actor,
            workspace.uow(),
            referral_id,
            start.revision(referral_part(referral_id)),
            accepted,
        )
    with pytest.raises(ConcurrentEdit):
        aftercare.update_referral(
            _other_officer(workspace),
            workspace.uow(),
            first_id,
            start.revision(referral_part(first_id)),
            {**referral, "status": "closed", "reason": "Housed elsewhere"},
        )
