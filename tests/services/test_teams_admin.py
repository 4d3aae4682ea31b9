"""Administrators manage teams and establishments: codes checked, names changed, a team with
people on it kept active, every change audited with codes only."""

from __future__ import annotations

import pytest

from resettle.domain.errors import ValidationFailed
from resettle.domain.permissions import PermissionDenied
from resettle.domain.staff import Role
from resettle.services.people import register_person
from resettle.services.teams import (
    TeamInUse,
    create_establishment,
    create_team,
    list_establishments_admin,
    list_teams,
    rename_establishment,
    rename_team,
    set_team_active,
)
from resettle.services.workspace import Workspace
from tests.accounts import seed_account, sign_in_as, team_for_tests
from tests.factories import establishment, person_data, staff_member


def _admin(workspace: Workspace) -> Workspace:
    seed_account(workspace.database, "test.admin", (Role.ADMIN,))
    return sign_in_as(workspace.database, "test.admin")


def _actions(workspace: Workspace) -> list[tuple[str, int | None, dict[str, object]]]:
    with workspace.uow() as uow:
        return [
            (row.action, row.entity_id, row.details)
            for row in reversed(uow.audit.latest(1000))
            if row.action.startswith(("team.", "establishment."))
        ]


def test_teams_are_created_renamed_listed_and_audited(workspace: Workspace) -> None:
    admin = _admin(workspace)
    team = admin.run(create_team, " pdu-ne ", "North  East PDU")
    assert (team.code, team.name, team.active) == ("PDU-NE", "North East PDU", True)
    renamed = admin.run(rename_team, team.id, "North East")
    assert renamed.name == "North East"
    admin.run(rename_team, team.id, "North East")  # unchanged: nothing audited
    assert admin.run(set_team_active, team.id, False).active is False
    assert admin.run(set_team_active, team.id, True).active is True
    listed = {t.code: t for t in admin.run(list_teams)}
    assert listed["TEST"].officers == 1 and listed["PDU-NE"].officers == 0
    assert _actions(workspace) == [
        ("team.created", team.id, {"code": "PDU-NE"}),
        ("team.renamed", team.id, {"code": "PDU-NE"}),
        ("team.deactivated", team.id, {"code": "PDU-NE"}),
        ("team.activated", team.id, {"code": "PDU-NE"}),
    ]


def test_a_team_with_people_on_it_cannot_be_deactivated(workspace: Workspace) -> None:
    admin = _admin(workspace)
    workspace.run(register_person, person_data())  # lands in the officer's team
    team = team_for_tests(workspace.database)
    assert {t.code: t.people for t in admin.run(list_teams)}["TEST"] == 1
    with pytest.raises(TeamInUse, match="1 person is allocated to this team"):
        admin.run(set_team_active, team, False)
    assert all(t.active for t in admin.run(list_teams))


def test_establishments_are_created_renamed_and_listed(workspace: Workspace) -> None:
    admin = _admin(workspace)
    made = admin.run(create_establishment, "lei", "HMP Leeds")
    staff_member(workspace, "key.worker", Role.PRISON_STAFF, made.id)
    renamed = admin.run(rename_establishment, made.id, "HMP Leeds (Armley)")
    assert (renamed.code, renamed.name, renamed.prison_staff) == ("LEI", "HMP Leeds (Armley)", 1)
    assert [e.code for e in admin.run(list_establishments_admin)] == ["LEI"]
    assert [a for a, _, _ in _actions(workspace)] == [
        "establishment.created",
        "establishment.renamed",
    ]


@pytest.mark.parametrize(
    ("code", "name", "field"),
    [("L", "Somewhere", "code"), ("LEEDS PRISON", "Somewhere", "code"), ("LEI", " ", "name")],
)
def test_bad_codes_and_names_name_the_field(
    workspace: Workspace, code: str, name: str, field: str
) -> None:
    admin = _admin(workspace)
    for use_case in (create_team, create_establishment):
        with pytest.raises(ValidationFailed) as refused:
            admin.run(use_case, code, name)
        assert refused.value.problems[0].field == field


def test_a_code_in_use_is_refused(workspace: Workspace) -> None:
    admin = _admin(workspace)
    establishment(workspace, "LEI")
    with pytest.raises(ValidationFailed, match="another team has it"):
        admin.run(create_team, "TEST", "Again")
    with pytest.raises(ValidationFailed, match="another establishment has it"):
        admin.run(create_establishment, "LEI", "Again")


@pytest.mark.parametrize("role", [Role.OFFICER, Role.PRISON_STAFF, Role.MANAGER])
def test_only_administrators_manage_teams(workspace: Workspace, role: Role) -> None:
    acting = Workspace(
        database=workspace.database, actor=staff_member(workspace, f"x.{role.value}", role)
    )
    team = team_for_tests(workspace.database)
    for use_case, args in [
        (list_teams, ()),
        (create_team, ("NEW", "New")),
        (rename_team, (team, "Renamed")),
        (set_team_active, (team, False)),
        (list_establishments_admin, ()),
        (create_establishment, ("NEW", "New")),
    ]:
        with pytest.raises(PermissionDenied):
            acting.run(use_case, *args)  # type: ignore[arg-type]
