"""Administrators keep regions: codes checked and taken once, names changed, teams and
establishments put in a region or in none, a region holding any kept active, managers given
regions as a place of work; every change audited with codes only. A manager of a region
reaches its places' people as they are in it at each action."""

from __future__ import annotations

import pytest

from resettle.domain.errors import ValidationFailed
from resettle.domain.permissions import PermissionDenied
from resettle.domain.staff import Role
from resettle.services import accounts
from resettle.services.access_scope import scope_of
from resettle.services.people import register_person
from resettle.services.regions import (
    RegionInUse,
    create_region,
    list_regions,
    rename_region,
    set_establishment_region,
    set_region_active,
    set_team_region,
)
from resettle.services.teams import create_establishment
from resettle.services.workspace import Workspace
from resettle.storage.errors import NotFound
from tests.accounts import TEST_PASSWORD, seed_account, sign_in_as, team_for_tests
from tests.factories import person_data


def _admin(workspace: Workspace) -> Workspace:
    seed_account(workspace.database, "test.admin", (Role.ADMIN,))
    return sign_in_as(workspace.database, "test.admin")


def _actions(workspace: Workspace) -> list[tuple[str, int | None, dict[str, object]]]:
    with workspace.uow() as uow:
        return [
            (row.action, row.entity_id, row.details)
            for row in reversed(uow.audit.latest(1000))
            if row.action.startswith("region.") or row.action.endswith(".region_set")
        ]


def test_regions_are_kept_and_audited_with_codes(workspace: Workspace) -> None:
    admin = _admin(workspace)
    team = team_for_tests(workspace.database)
    prison = admin.run(create_establishment, "MRI", "HMP Manchester")
    region = admin.run(create_region, " gm ", "Greater  Manchester")
    assert (region.code, region.name, region.active) == ("GM", "Greater Manchester", True)
    assert admin.run(rename_region, region.id, "Manchester").name == "Manchester"
    admin.run(rename_region, region.id, "Manchester")  # unchanged: nothing audited
    assert admin.run(set_team_region, team, region.id).team_codes == ("TEST",)  # type: ignore[union-attr]
    admin.run(set_team_region, team, region.id)  # already there: nothing audited
    held = admin.run(set_establishment_region, prison.id, region.id)
    assert held is not None and held.establishment_codes == ("MRI",)
    with pytest.raises(RegionInUse, match="1 team and 1 establishment are in this region"):
        admin.run(set_region_active, region.id, False)
    assert admin.run(set_team_region, team, None) is None
    assert admin.run(set_establishment_region, prison.id, None) is None
    assert admin.run(set_region_active, region.id, False).active is False
    with pytest.raises(ValidationFailed, match="Region: GM is not active") as refused:
        admin.run(set_team_region, team, region.id)
    assert refused.value.problems[0].field == "region"
    assert admin.run(set_region_active, region.id, True).active is True
    assert [r.code for r in admin.run(list_regions)] == ["GM"]
    assert _actions(workspace) == [
        ("region.created", region.id, {"code": "GM"}),
        ("region.renamed", region.id, {"code": "GM"}),
        ("team.region_set", team, {"code": "TEST", "region": "GM", "was": None}),
        ("establishment.region_set", prison.id, {"code": "MRI", "region": "GM", "was": None}),
        ("team.region_set", team, {"code": "TEST", "region": None, "was": "GM"}),
        ("establishment.region_set", prison.id, {"code": "MRI", "region": None, "was": "GM"}),
        ("region.deactivated", region.id, {"code": "GM"}),
        ("region.activated", region.id, {"code": "GM"}),
    ]


def test_bad_input_names_the_field_and_saves_nothing(workspace: Workspace) -> None:
    admin = _admin(workspace)
    admin.run(create_region, "NW", "North West")
    for code, name, field in (("NW", "Again", "code"), ("x", "Short", "code"), ("NE", " ", "name")):
        with pytest.raises(ValidationFailed) as refused:
            admin.run(create_region, code, name)
        assert refused.value.problems[0].field == field
    with pytest.raises(ValidationFailed, match="Code: another region has it"):
        admin.run(create_region, "nw", "Again")
    team = team_for_tests(workspace.database)
    with pytest.raises(ValidationFailed, match="Region: no such region"):
        admin.run(set_team_region, team, 999)
    with pytest.raises(NotFound):
        admin.run(set_team_region, 999, None)
    with pytest.raises(NotFound):
        admin.run(set_establishment_region, 999, None)
    with pytest.raises(NotFound):
        admin.run(rename_region, 999, "Name")
    assert [r.code for r in admin.run(list_regions)] == ["NW"]
    assert [a for a, _e, _d in _actions(workspace)] == ["region.created"]


def test_only_administrators_keep_regions(workspace: Workspace) -> None:
    for use_case, args in (
        (create_region, ("NW", "North West")),
        (list_regions, ()),
        (set_team_region, (team_for_tests(workspace.database), None)),
    ):
        with pytest.raises(PermissionDenied):
            workspace.run(use_case, *args)


def test_a_manager_given_a_region_reaches_its_teams_people_as_they_move(
    workspace: Workspace,
) -> None:
    admin = _admin(workspace)
    person = workspace.run(register_person, person_data())  # on the officer's team TEST
    team = team_for_tests(workspace.database)
    region = admin.run(create_region, "NW", "North West")
    manager_id = seed_account(
        workspace.database,
        "region.manager",
        (Role.MANAGER,),
        managed_team_ids=[],
        managed_establishment_ids=[],
    )
    detail = admin.run(accounts.account_detail, manager_id)
    admin.run(
        accounts.set_places,
        manager_id,
        {"managed_region_ids": [region.id]},
        was=detail.places,
    )
    assert [r.code for r in admin.run(accounts.account_detail, manager_id).managed_regions] == [
        "NW"
    ]
    manager = sign_in_as(workspace.database, "region.manager", TEST_PASSWORD)

    def reached() -> bool:
        with manager.uow() as uow:
            return bool(uow.access.reached_ids(scope_of(manager.actor, uow), {person.id}))

    assert not reached()
    admin.run(set_team_region, team, region.id)
    assert reached()  # at the next action
    # An inactive region reaches no one, however its teams got there (a review: a move racing
    # the deactivation left a team in an inactive region, still reached).
    with workspace.uow() as uow:
        row = uow.regions.get(region.id)
        assert row is not None
        row.active = False
        uow.commit()
    assert not reached()
    with workspace.uow() as uow:
        row = uow.regions.get(region.id)
        assert row is not None
        row.active = True
        uow.commit()
    assert reached()
    admin.run(set_team_region, team, None)
    assert not reached()
    manager.close()


def test_an_administrator_who_manages_a_region_may_not_move_places_in_or_out_of_it(
    workspace: Workspace,
) -> None:
    """Else an administrator who is also a manager would give themselves reach (a review),
    as they may not change their own places."""
    from resettle.services.accounts import OwnAccount

    admin = _admin(workspace)
    team = team_for_tests(workspace.database)
    own, other = admin.run(create_region, "OWN", "Own"), admin.run(create_region, "OTH", "Other")
    both_id = seed_account(
        workspace.database,
        "admin.manager",
        (Role.ADMIN, Role.MANAGER),
        managed_team_ids=[],
        managed_establishment_ids=[],
    )
    detail = admin.run(accounts.account_detail, both_id)
    admin.run(accounts.set_places, both_id, {"managed_region_ids": [own.id]}, was=detail.places)
    both = sign_in_as(workspace.database, "admin.manager", TEST_PASSWORD)
    before = _actions(workspace)
    with pytest.raises(OwnAccount, match="region you manage"):
        both.run(set_team_region, team, own.id)
    admin.run(set_team_region, team, own.id)  # another administrator may
    with pytest.raises(OwnAccount):
        both.run(set_team_region, team, other.id)  # nor out of it
    with pytest.raises(OwnAccount):
        both.run(set_team_region, team, None)
    assert [a for a in _actions(workspace) if a not in before] == [
        ("team.region_set", team, {"code": "TEST", "region": "OWN", "was": None})
    ]
    admin.run(set_team_region, team, other.id)
    both.run(set_team_region, team, None)  # neither region is theirs: allowed
    both.close()


def test_managed_regions_need_the_manager_role_and_an_active_region(workspace: Workspace) -> None:
    admin = _admin(workspace)
    region = admin.run(create_region, "NW", "North West")
    officer = admin.run(accounts.account_detail, workspace.actor.id)
    with pytest.raises(ValidationFailed, match="only managers manage regions"):
        admin.run(
            accounts.set_places,
            workspace.actor.id,
            {"team_ids": [team_for_tests(workspace.database)], "managed_region_ids": [region.id]},
            was=officer.places,
        )
    admin.run(set_region_active, region.id, False)
    manager_id = seed_account(workspace.database, "m.two", (Role.MANAGER,))
    before = admin.run(accounts.account_detail, manager_id).places
    with pytest.raises(ValidationFailed, match="Region: NW is not active"):
        admin.run(accounts.set_places, manager_id, {"managed_region_ids": [region.id]}, was=before)
    with pytest.raises(ValidationFailed, match="Region: no such id 999"):
        admin.run(accounts.set_places, manager_id, {"managed_region_ids": [999]}, was=before)
