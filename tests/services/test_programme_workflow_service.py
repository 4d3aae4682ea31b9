"""The workflow as the services offer it for one person, on every backend: the moves come
from the database's table and the role groups from the roles that reach the person."""

from __future__ import annotations

import pytest

from resettle.domain.programme_referral_workflow import MoveNotAllowed
from resettle.domain.staff import Actor, Role
from resettle.services.programme_workflow import check_move_for, moves_open_to
from resettle.services.registration import register_person
from resettle.services.workspace import Workspace
from resettle.storage.tables.programme_workflow import ProgrammeReferralMoveRoleRow
from tests.accounts import seed_account
from tests.factories import another_person, establishment, staff_member


def _targets(workspace: Workspace, actor: Actor, person_id: int, status: str) -> list[str]:
    with workspace.uow() as uow:
        row = uow.people.get(person_id)
        assert row is not None
        return [move.to_status for move in moves_open_to(actor, uow, row, status)]


def _check(workspace: Workspace, actor: Actor, person_id: int, source: str, target: str) -> str:
    with workspace.uow() as uow:
        row = uow.people.get(person_id)
        assert row is not None
        return check_move_for(actor, uow, row, source, target).description


def test_each_role_is_offered_its_groups_moves_for_a_person_it_reaches(
    workspace: Workspace,
) -> None:
    leeds = establishment(workspace)
    person = register_person(
        workspace.actor, workspace.uow(), another_person(1, establishment_id=leeds)
    ).id
    officer = workspace.actor
    tutor = staff_member(workspace, "tam.tutor", Role.PROGRAMME_TEAM, establishment_id=leeds)
    manager = staff_member(workspace, "mo.manager", Role.MANAGER)
    assert _targets(workspace, tutor, person, "on_programme") == [
        "assessed_suitable",
        "suitable_not_ready",
        "programme_complete",
        "deselected",
    ]
    assert _targets(workspace, officer, person, "on_programme") == []
    assert _targets(workspace, officer, person, "submitted") == ["on_hold_submitted", "withdrawn"]
    assert _targets(workspace, manager, person, "submitted") == []
    assert _check(workspace, tutor, person, "on_programme", "deselected") == (
        "Deselect and close the referral"
    )
    with pytest.raises(MoveNotAllowed, match=r"^A referrer may not move a referral from On "):
        _check(workspace, officer, person, "on_programme", "programme_complete")


def test_the_groups_follow_the_roles_reaching_the_person_and_the_table(
    workspace: Workspace,
) -> None:
    """An officer who is also in a prison's programme team acts as the programme team only
    for a person of that prison who is on another team; a move taken out of the table is no
    longer offered."""
    leeds = establishment(workspace)
    with workspace.uow() as uow:
        other_team = uow.staff.add_team("OTHER", "Other team").id
        uow.commit()
    both_id = seed_account(
        workspace.database,
        "o.tutor",
        (Role.OFFICER, Role.PROGRAMME_TEAM),
        establishment_id=leeds,
    )
    both = Actor(
        id=both_id,
        username="o.tutor",
        display_name="O Tutor",
        roles=frozenset({Role.OFFICER, Role.PROGRAMME_TEAM}),
    )
    theirs = register_person(
        workspace.actor, workspace.uow(), another_person(2, establishment_id=leeds)
    ).id
    with workspace.uow() as uow:
        row = uow.people.get(theirs)
        assert row is not None
        row.team_id = other_team
        uow.commit()
    with pytest.raises(MoveNotAllowed, match=r"^The programme team may not"):
        _check(workspace, both, theirs, "on_programme", "withdrawn")
    assert "awaiting_assessment" in _targets(workspace, both, theirs, "submitted")
    with workspace.uow() as uow:
        row_ = uow.session.get(
            ProgrammeReferralMoveRoleRow, ("submitted", "awaiting_assessment", "programme_team")
        )
        assert row_ is not None
        uow.session.delete(row_)
        uow.commit()
    assert "awaiting_assessment" not in _targets(workspace, both, theirs, "submitted")
