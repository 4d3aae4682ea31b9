"""The accounts tests sign in as: seeded straight into a test database (no administrator
needed), with passwords hashed by the suite's cheap hasher (tests/conftest.py)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from resettle.domain.staff import Actor, Role
from resettle.services import passwords
from resettle.services.workspace import Workspace, open_settings_database, signed_in_workspace
from resettle.settings import Settings
from resettle.storage.database import Database
from resettle.storage.tables.staff import StaffRow

TEST_PASSWORD = "tidal-orchard-lantern-42"
TEST_OFFICER = "test.officer"
TEST_TEAM = "TEST"


def team_for_tests(database: Database) -> int:
    """The team every test officer is in (made on first use)."""
    with database.uow() as uow:
        row = uow.staff.team_by_code(TEST_TEAM) or uow.staff.add_team(TEST_TEAM, "Test team")
        uow.commit()
        return row.id


def seed_account(
    database: Database,
    username: str,
    roles: tuple[Role, ...] = (Role.OFFICER,),
    *,
    password: str = TEST_PASSWORD,
    team_id: int | None = None,
    establishment_id: int | None = None,
    managed_team_ids: Sequence[int] | None = None,
    managed_establishment_ids: Sequence[int] | None = None,
) -> int:
    """An active account with ``password``: an officer goes into ``team_id`` (the test team
    by default), prison staff and the programme team into ``establishment_id``, and a manager
    manages ``managed_team_ids`` and ``managed_establishment_ids`` (by default the test team
    and every establishment). Returns its id (the existing one when the name is taken)."""
    team = team_id if team_id is not None else team_for_tests(database)
    with database.uow() as uow:
        existing = uow.staff.by_username(username)
        if existing is not None:
            return existing.id
        row = uow.staff.add(
            StaffRow(
                username=username,
                display_name=username.replace(".", " ").title(),
                active=True,
                password_hash=passwords.hash_password(password),
            )
        )
        for role in roles:
            uow.staff.add_role(row.id, role.value)
        if Role.OFFICER in roles:
            uow.staff.add_to_team(row.id, team)
        works_in_prison = Role.PRISON_STAFF in roles or Role.PROGRAMME_TEAM in roles
        if works_in_prison and establishment_id is not None:
            uow.staff.add_to_establishment(row.id, establishment_id)
        if Role.MANAGER in roles:
            for managed in [team] if managed_team_ids is None else managed_team_ids:
                uow.staff.add_managed_team(row.id, managed)
            for establishment in (
                [e.id for e in uow.staff.establishments()]
                if managed_establishment_ids is None
                else managed_establishment_ids
            ):
                uow.staff.add_managed_establishment(row.id, establishment)
        uow.commit()
        return row.id


def sign_in_as(database: Database, username: str, password: str = TEST_PASSWORD) -> Workspace:
    return signed_in_workspace(database, username, password)


def signed_in_test_officer(settings: Settings) -> Workspace:
    """The settings' database, with the test officer signed in (seeded on first use)."""
    database = open_settings_database(settings)
    try:
        seed_account(database, TEST_OFFICER)
        return sign_in_as(database, TEST_OFFICER)
    except Exception:
        database.close()
        raise


def load_demo_for(
    workspace: Workspace, size: int, seed: int = 1, today: dt.date | None = None
) -> int:
    """The demo caseload, loaded by an administrator (``test.admin``) with the signed-in test
    officer's own caseload filled and the officer put in every team, so they reach the whole
    demo as every account did before accounts existed (tests of access build their own)."""
    from resettle.services.demo.loader import load_demo

    admin_id = seed_account(workspace.database, "test.admin", (Role.ADMIN,))
    admin = Actor(id=admin_id, username="test.admin", display_name="Test Admin", role=Role.ADMIN)
    loaded = load_demo(
        admin, workspace.uow(), size, seed=seed, today=today, own_officer_id=workspace.actor.id
    )
    with workspace.uow() as uow:
        mine = {uow.access.team_for_officer(workspace.actor.id, keep=None)}
        for team in uow.staff.teams():
            if team.id not in mine:
                uow.staff.add_to_team(workspace.actor.id, team.id)
        uow.commit()
    return loaded


def workspace_as(
    workspace: Workspace, role: Role, *, username: str = "", establishment_id: int | None = None
) -> Workspace:
    """The same database with another account (one ``role``, seeded on first use) acting: the
    services read roles and reach from the database, so a hand-built actor is not enough."""
    from tests.factories import staff_member

    actor = staff_member(
        workspace, username or f"test.{role.value}", role, establishment_id=establishment_id
    )
    return Workspace(database=workspace.database, actor=actor)
