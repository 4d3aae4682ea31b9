"""Administrators manage accounts: create, roles, places of work, disable and enable, unlock,
password resets; each change audited, the last administrator kept, clashes refused."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace
from typing import Any

import pytest

from resettle.domain.account_places import AccountPlaces
from resettle.domain.errors import ConcurrentEdit, ValidationFailed
from resettle.domain.permissions import InactiveAccount, PermissionDenied
from resettle.domain.staff import Role
from resettle.services import authentication
from resettle.services.accounts import (
    OwnAccount,
    account_detail,
    create_account,
    disable_account,
    enable_account,
    list_accounts,
    set_places,
    set_roles,
    unlock_account,
)
from resettle.services.authentication import PasswordChangeRequired, SignInRefused
from resettle.services.workspace import Workspace
from resettle.storage.base import utc_now
from tests.accounts import TEST_PASSWORD, seed_account, sign_in_as, team_for_tests
from tests.factories import establishment, staff_member

TEMPORARY = "harbour-violet-compass-19"


def _admin(workspace: Workspace, username: str = "test.admin") -> Workspace:
    seed_account(workspace.database, username, (Role.ADMIN,))
    return sign_in_as(workspace.database, username)


def _new(**changes: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "username": "jo.bloggs",
        "display_name": "Jo Bloggs",
        "email": "jo.bloggs@example.org",
        "phone": "01632 960000",
        "roles": ["officer"],
        "temporary_password": TEMPORARY,
    }
    return {**data, **changes}


def _audit(workspace: Workspace, action: str) -> list[SimpleNamespace]:
    """The rows of ``action``, newest first."""
    with workspace.uow() as uow:
        return [
            SimpleNamespace(
                entity_id=row.entity_id,
                actor_id=row.actor_id,
                person_id=row.person_id,
                details=row.details,
            )
            for row in uow.audit.latest(1000)
            if row.action == action
        ]


def test_an_administrator_creates_an_officer_who_must_change_the_password(
    workspace: Workspace,
) -> None:
    admin = _admin(workspace)
    team = team_for_tests(workspace.database)
    made = admin.run(create_account, _new(team_ids=[team]))
    assert made.username == "jo.bloggs" and made.roles == {Role.OFFICER}
    assert [t.id for t in made.teams] == [team] and made.must_change_password
    assert "password_hash" not in made.model_dump() and TEMPORARY not in repr(made)
    [row] = _audit(workspace, "staff.created")
    assert row.entity_id == made.id and row.actor_id == admin.actor.id and row.person_id is None
    assert row.details == {
        "roles": ["officer"],
        "team_ids": [team],
        "establishment_ids": [],
        "managed_team_ids": [],
        "managed_establishment_ids": [],
        "managed_region_ids": [],
    }
    assert "Jo" not in str(row.details)
    officer = sign_in_as(workspace.database, "jo.bloggs", TEMPORARY)
    assert officer.must_change_password
    with pytest.raises(PasswordChangeRequired):
        officer.run(list_accounts)
    officer.run(authentication.change_password, TEMPORARY, "new-lantern-meadow-88")
    assert not officer.must_change_password
    assert officer.run(authentication.current_actor).holds(Role.OFFICER)


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"username": "Jo Bloggs"}, "username"),
        ({"display_name": "  "}, "display_name"),
        ({"email": "not-an-address"}, "email"),
        ({"phone": "call me"}, "phone"),
        ({"roles": []}, "roles"),
        ({"roles": ["wizard"]}, "roles"),
        ({"temporary_password": "short"}, "temporary_password"),
        ({"temporary_password": "jo.bloggs-is-me-1"}, "temporary_password"),
        ({"establishment_ids": [1]}, "establishment_ids"),
        ({"managed_team_ids": [1]}, "managed_team_ids"),
        ({"team_ids": [999_999]}, "team_ids"),
    ],
)
def test_bad_input_names_the_field_and_saves_nothing(
    workspace: Workspace, changes: dict[str, Any], field: str
) -> None:
    admin = _admin(workspace)
    with pytest.raises(ValidationFailed) as refused:
        admin.run(create_account, _new(**changes))
    assert field in {problem.field.split(".")[0] for problem in refused.value.problems}
    assert "jo.bloggs" not in {a.username for a in admin.run(list_accounts)}


def test_a_user_name_in_use_is_refused(workspace: Workspace) -> None:
    admin = _admin(workspace)
    with pytest.raises(ValidationFailed, match="User name: already in use"):
        admin.run(create_account, _new(username="test.officer"))


@pytest.mark.parametrize("role", [Role.OFFICER, Role.PRISON_STAFF, Role.MANAGER])
def test_only_administrators_manage_accounts(workspace: Workspace, role: Role) -> None:
    other = staff_member(workspace, f"not.admin.{role.value}", role)
    acting = Workspace(database=workspace.database, actor=other)
    for use_case, args in [
        (list_accounts, ()),
        (create_account, (_new(),)),
        (account_detail, (workspace.actor.id,)),
        (set_roles, (workspace.actor.id, ["manager"])),
        (disable_account, (workspace.actor.id,)),
        (unlock_account, (workspace.actor.id,)),
        (authentication.reset_password, (workspace.actor.id, TEMPORARY)),
    ]:
        with pytest.raises(PermissionDenied):
            acting.run(use_case, *args)  # type: ignore[arg-type]


def test_the_list_names_roles_places_and_state_never_the_hash(workspace: Workspace) -> None:
    admin = _admin(workspace)
    prison = establishment(workspace)
    keyworker = staff_member(workspace, "key.worker", Role.PRISON_STAFF, prison)
    listed = {a.username: a for a in admin.run(list_accounts)}
    assert listed["key.worker"].establishments[0].code == "LEI"
    assert listed["key.worker"].roles == {Role.PRISON_STAFF}
    assert listed["test.officer"].teams[0].code == "TEST"
    assert listed["test.admin"].active and not listed["test.admin"].must_change_password
    assert all("hash" not in str(a.model_dump()) for a in listed.values())
    assert admin.run(account_detail, keyworker.id).email == ""


def test_roles_and_places_are_set_and_audited(workspace: Workspace) -> None:
    admin = _admin(workspace)
    team = team_for_tests(workspace.database)
    prison = establishment(workspace)
    officer = workspace.actor.id
    detail = admin.run(set_roles, officer, ["officer", "manager"])
    assert detail.roles == {Role.OFFICER, Role.MANAGER}
    detail = admin.run(
        set_places,
        officer,
        {"team_ids": [team], "managed_team_ids": [team], "managed_establishment_ids": [prison]},
    )
    assert [p.code for p in detail.managed_establishments] == ["LEI"]
    assert workspace.run(authentication.current_actor).roles == {Role.OFFICER, Role.MANAGER}
    [roles_row] = _audit(workspace, "account.roles_set")
    assert roles_row.details == {
        "roles": ["manager", "officer"],
        "previous": ["officer"],
        "places_dropped": False,
    }
    [places_row] = _audit(workspace, "account.places_set")
    assert places_row.details["managed_establishment_ids"] == [prison]
    # Removing a role drops the places it used, so no reach is left behind.
    detail = admin.run(set_roles, officer, ["officer"])
    assert detail.managed_teams == () and detail.managed_establishments == ()
    assert _audit(workspace, "account.roles_set")[0].details["places_dropped"] is True
    with pytest.raises(ValidationFailed) as refused:
        admin.run(set_places, officer, {"establishment_ids": [prison]})
    assert refused.value.problems[0].field == "establishment_ids"


def test_an_inactive_team_takes_no_new_officers(workspace: Workspace) -> None:
    from resettle.services.teams import create_team, set_team_active

    admin = _admin(workspace)
    closed = admin.run(create_team, "old", "Old team")
    admin.run(set_team_active, closed.id, False)
    with pytest.raises(ValidationFailed, match="OLD is not active"):
        admin.run(set_places, workspace.actor.id, {"team_ids": [closed.id]})


def test_a_disabled_accounts_next_action_is_refused_and_it_cannot_sign_in(
    workspace: Workspace,
) -> None:
    admin = _admin(workspace)
    admin.run(disable_account, workspace.actor.id)
    with pytest.raises(InactiveAccount):
        workspace.run(list_accounts)
    with pytest.raises(SignInRefused):
        sign_in_as(workspace.database, "test.officer")
    assert admin.run(disable_account, workspace.actor.id).active is False  # repeatable
    assert len(_audit(workspace, "account.disabled")) == 1
    admin.run(enable_account, workspace.actor.id)
    assert sign_in_as(workspace.database, "test.officer").actor.id == workspace.actor.id
    assert len(_audit(workspace, "account.enabled")) == 1


def test_an_administrator_cannot_disable_their_own_account(workspace: Workspace) -> None:
    admin = _admin(workspace)
    _admin(workspace, "second.admin")
    with pytest.raises(OwnAccount):
        admin.run(disable_account, admin.actor.id)


def test_the_last_active_administrator_is_never_disabled_nor_loses_the_role(
    workspace: Workspace,
) -> None:
    admin = _admin(workspace)
    second = _admin(workspace, "second.admin")
    admin.run(disable_account, second.actor.id)  # another administrator remains
    # Nobody changes their own roles (so the last administrator cannot drop the role)...
    with pytest.raises(OwnAccount, match="change your own roles"):
        admin.run(set_roles, admin.actor.id, ["officer"])
    admin.run(enable_account, second.actor.id)
    second.run(set_roles, admin.actor.id, ["manager", "admin"])
    assert second.run(set_roles, admin.actor.id, ["manager"]).roles == {Role.MANAGER}
    with pytest.raises(OwnAccount):
        second.run(set_roles, second.actor.id, ["officer"])
    with pytest.raises(OwnAccount):
        second.run(disable_account, second.actor.id)
    with workspace.uow() as uow:
        assert uow.accounts.active_holders("admin") == {second.actor.id}
    with workspace.uow() as uow:
        assert uow.accounts.active_holders("admin") == {second.actor.id}


def test_a_disabled_administrator_can_lose_the_role(workspace: Workspace) -> None:
    admin = _admin(workspace)
    second = _admin(workspace, "second.admin")
    admin.run(disable_account, second.actor.id)
    assert admin.run(set_roles, second.actor.id, ["officer"]).roles == {Role.OFFICER}


def test_a_second_administrator_saving_from_an_old_read_is_refused(workspace: Workspace) -> None:
    admin = _admin(workspace)
    other = _admin(workspace, "second.admin")
    team = team_for_tests(workspace.database)
    officer = workspace.actor.id
    first_read = admin.run(account_detail, officer)
    second_read = other.run(account_detail, officer)
    admin.run(set_roles, officer, ["officer", "manager"], was=first_read.roles)
    with pytest.raises(ConcurrentEdit, match="roles"):
        other.run(set_roles, officer, ["officer", "prison_staff"], was=second_read.roles)
    # Places are another part: saving them from the same old read does not clash.
    other.run(
        set_places,
        officer,
        {"team_ids": [team], "managed_team_ids": [team]},
        was=second_read.places,
    )
    with pytest.raises(ConcurrentEdit, match="teams and establishments"):
        admin.run(set_places, officer, AccountPlaces(team_ids=frozenset()), was=first_read.places)
    final = admin.run(account_detail, officer)
    assert final.roles == {Role.OFFICER, Role.MANAGER}
    assert [t.id for t in final.managed_teams] == [team]
    assert len(_audit(workspace, "account.roles_set")) == 1


def test_a_reset_password_must_be_changed_and_lifts_a_lock(workspace: Workspace) -> None:
    admin = _admin(workspace)
    officer = workspace.actor.id
    with workspace.uow() as uow:
        row = uow.staff.get(officer)
        assert row is not None
        row.failed_sign_ins, row.locked_until = 0, utc_now() + dt.timedelta(minutes=15)
        uow.commit()
    assert admin.run(account_detail, officer).locked_until is not None
    admin.run(authentication.reset_password, officer, TEMPORARY)
    signed = sign_in_as(workspace.database, "test.officer", TEMPORARY)
    assert signed.must_change_password
    with pytest.raises(PasswordChangeRequired):
        signed.run(list_accounts)
    with pytest.raises(PasswordChangeRequired):
        workspace.run(authentication.current_actor)  # the session already signed in, too
    signed.run(authentication.change_password, TEMPORARY, "fresh-granite-willow-51")
    assert signed.run(authentication.current_actor).id == officer
    with pytest.raises(SignInRefused):
        sign_in_as(workspace.database, "test.officer", TEST_PASSWORD)


def test_unlocking_clears_the_lock_and_is_audited_once(workspace: Workspace) -> None:
    admin = _admin(workspace)
    officer = workspace.actor.id
    for _ in range(5):
        with pytest.raises(SignInRefused):
            sign_in_as(workspace.database, "test.officer", "not-the-password")
    with pytest.raises(SignInRefused):
        sign_in_as(workspace.database, "test.officer")  # locked
    detail = admin.run(unlock_account, officer)
    assert detail.locked_until is None and detail.failed_sign_ins == 0
    admin.run(unlock_account, officer)
    assert len(_audit(workspace, "account.unlocked")) == 1
    assert sign_in_as(workspace.database, "test.officer").actor.id == officer


def test_administrators_never_get_people(workspace: Workspace) -> None:
    """Nothing an administrator's account use cases return holds a person."""
    admin = _admin(workspace)
    detail = admin.run(account_detail, workspace.actor.id)
    assert not {"person", "people", "person_id"} & set(detail.model_dump())


def test_an_unknown_account_is_named(workspace: Workspace) -> None:
    from resettle.storage.errors import NotFound

    admin = _admin(workspace)
    with pytest.raises(NotFound, match="no such account"):
        admin.run(disable_account, 999_999)


def test_roles_are_asked_for_in_words(workspace: Workspace) -> None:
    admin = _admin(workspace)
    for roles in ([], ["wizard"]):
        with pytest.raises(ValidationFailed) as refused:
            admin.run(create_account, _new(roles=roles))
        assert str(refused.value) == (
            "roles: Roles: choose one or more of officer, prison_staff, programme_team, "
            "manager, admin"
        )
    with pytest.raises(ValidationFailed, match="Roles: choose one or more"):
        admin.run(set_roles, workspace.actor.id, [])


def test_an_administrator_cannot_give_themself_case_access(workspace: Workspace) -> None:
    """Review: an administrator who added Officer and a team to their own account read case
    records. Changes to one's own roles or places need another administrator."""
    from resettle.services.accounts import OwnAccount, set_places, set_roles

    admin = staff_member(workspace, "self.admin", Role.ADMIN)
    with pytest.raises(OwnAccount, match="change your own roles"):
        set_roles(admin, workspace.uow(), admin.id, [Role.ADMIN, Role.OFFICER])
    with pytest.raises(OwnAccount, match="teams or establishments"):
        set_places(admin, workspace.uow(), admin.id, {"team_ids": [1]})


def test_a_programme_team_account_works_in_an_establishment_and_reads_its_people(
    workspace: Workspace,
) -> None:
    from resettle.domain.withheld import Withheld
    from resettle.services.case_record.read import open_case_record
    from resettle.services.registration import register_person
    from tests.factories import another_person

    admin = _admin(workspace)
    leeds, bristol = establishment(workspace), establishment(workspace, "BLI", "HMP Bristol")
    with pytest.raises(ValidationFailed) as refused:
        admin.run(create_account, _new(roles=["programme_team"]))
    assert [(p.field, p.code) for p in refused.value.problems] == [
        ("establishment_ids", "account.role_without_place")
    ]
    assert "at least one establishment" in str(refused.value)
    assert "jo.bloggs" not in {a.username for a in admin.run(list_accounts)}  # nothing saved
    detail = admin.run(create_account, _new(roles=["programme_team"], establishment_ids=[leeds]))
    assert detail.roles == {Role.PROGRAMME_TEAM}
    assert [p.code for p in detail.establishments] == ["LEI"]
    with pytest.raises(ValidationFailed) as refused:
        admin.run(set_places, detail.id, {"establishment_ids": []})
    assert refused.value.problems[0].field == "establishment_ids"
    # Prison staff use the same place: changing the role keeps the establishment.
    assert [p.code for p in admin.run(set_roles, detail.id, ["prison_staff"]).establishments] == [
        "LEI"
    ]
    admin.run(set_roles, detail.id, ["programme_team"])

    here = register_person(
        workspace.actor, workspace.uow(), another_person(1, establishment_id=leeds)
    )
    there = register_person(
        workspace.actor, workspace.uow(), another_person(2, establishment_id=bristol)
    )
    admin.run(authentication.reset_password, detail.id, TEMPORARY)
    signed_in = authentication.sign_in(workspace.uow(), "jo.bloggs", TEMPORARY)
    assert signed_in.actor.establishment_id == leeds
    record = open_case_record(signed_in.actor, workspace.uow(), here.id)
    assert Withheld.RISK_DETAILS in record.withheld
    from resettle.domain.access import OutOfScope

    with pytest.raises(OutOfScope):
        open_case_record(signed_in.actor, workspace.uow(), there.id)
