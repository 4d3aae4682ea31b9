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
    set_team_office,
)
from resettle.services.workspace import Workspace
from resettle.storage.errors import NotFound
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
        (set_team_office, (team, {"office_phone": "0113 496 0000"})),
        (list_establishments_admin, ()),
        (create_establishment, ("NEW", "New")),
    ]:
        with pytest.raises(PermissionDenied):
            acting.run(use_case, *args)  # type: ignore[arg-type]


def _office(workspace: Workspace, team: int) -> tuple[str, str]:
    with workspace.uow() as uow:
        row = uow.staff.team(team)
        assert row is not None
        return row.office_phone, row.office_address


def test_a_teams_office_phone_and_address_are_set_listed_and_audited(
    workspace: Workspace,
) -> None:
    admin = _admin(workspace)
    team = team_for_tests(workspace.database)
    address = "  Leeds Probation Office \r\n\r\n 12  Park Row\r\nLeeds LS1 5HD  "
    summary = admin.run(
        set_team_office, team, {"office_phone": " 0113  496 0123 ", "office_address": address}
    )
    assert (summary.office_phone, summary.office_address) == (
        "0113 496 0123",
        "Leeds Probation Office\n12 Park Row\nLeeds LS1 5HD",
    )
    assert {t.id: t.office_phone for t in admin.run(list_teams)}[team] == "0113 496 0123"
    admin.run(set_team_office, team, summary.model_dump(include={"office_phone", "office_address"}))
    admin.run(set_team_office, team, {"office_phone": "+44 (0)20 7946 0999"})  # address cleared
    assert _office(workspace, team) == ("+44 (0)20 7946 0999", "")
    assert _actions(workspace) == [
        (
            "team.office_changed",
            team,
            {"code": "TEST", "fields": ["office_phone", "office_address"]},
        ),
        (
            "team.office_changed",
            team,
            {"code": "TEST", "fields": ["office_phone", "office_address"]},
        ),
    ]


@pytest.mark.parametrize(
    ("office", "field", "words"),
    [
        ({"office_phone": "call reception"}, "office_phone", "Office phone: a UK phone number"),
        ({"office_phone": "0113 496"}, "office_phone", "Office phone: a UK phone number"),
        ({"office_phone": "+1 212 555 0100"}, "office_phone", "Office phone: a UK phone number"),
        ({"office_phone": "0" * 41}, "office_phone", "Office phone: at most 40 characters"),
        ({"office_address": "x" * 10_000_000}, "office_address", "Office address: at most 500"),
        ({"office_address": "12 Park Row\x00"}, "office_address", "Office address: must not"),
        ({"office_email": "a@b.c"}, "office_email", "is not a field Resettle knows"),
    ],
)
def test_a_bad_office_phone_or_address_is_refused_naming_the_field(
    workspace: Workspace, office: dict[str, str], field: str, words: str
) -> None:
    admin = _admin(workspace)
    team = team_for_tests(workspace.database)
    admin.run(set_team_office, team, {"office_phone": "0113 496 0000", "office_address": "Leeds"})
    with pytest.raises(ValidationFailed) as refused:
        admin.run(set_team_office, team, office)
    assert [p.field for p in refused.value.problems] == [field]
    assert words in str(refused.value)
    assert len(str(refused.value)) < 200  # never quotes what was typed
    assert _office(workspace, team) == ("0113 496 0000", "Leeds")  # nothing half-written
    assert [a for a, _, _ in _actions(workspace)] == ["team.office_changed"]


def test_an_unknown_team_is_refused(workspace: Workspace) -> None:
    admin = _admin(workspace)
    with pytest.raises(NotFound, match="no such team"):
        admin.run(set_team_office, 10_000, {"office_phone": "0113 496 0000"})
