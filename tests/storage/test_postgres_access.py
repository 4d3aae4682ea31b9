"""PostgreSQL logins and row-level security (``resettle db setup-roles``), checked with plain
psycopg connections as each account's login: no Resettle code between the login and the data.

Skipped unless ``RESETTLE_TEST_DATABASE_URL`` names a PostgreSQL server whose non-superuser
logins authenticate by password (``scripts/postgres.sh`` sets one up so).
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterator

import psycopg
import pytest
from psycopg import errors
from sqlalchemy import text
from sqlalchemy.engine import make_url

from resettle.domain.access import Placement, can_reach
from resettle.domain.staff import Actor, Role
from resettle.services import authentication
from resettle.services.database_logins import set_login_password, setup_roles, sync_login
from resettle.storage import tables
from resettle.storage.base import Base
from resettle.storage.database import open_database
from resettle.storage.postgres_access import person_tables
from resettle.storage.tables.people import PersonRow
from tests.accounts import TEST_PASSWORD, seed_account
from tests.databases import PostgresServer
from tests.storage.secured_postgres import (
    GATE_PASSWORD,
    ROLES,
    Secured,
    secured_database,
)

pytestmark = pytest.mark.skipif(
    not os.environ.get("RESETTLE_TEST_DATABASE_URL"), reason="needs a PostgreSQL server"
)
CASES = ("in_scope", "out_of_scope", "restricted_named", "restricted_not_named", "excluded")


@pytest.fixture(scope="module")
def secured(postgres_server: PostgresServer, postgres_template: str) -> Iterator[Secured]:
    with secured_database(postgres_server, postgres_template) as database:
        yield database


def _placement(placement: Placement | None) -> Placement:
    assert placement is not None
    return placement


def _ids(connection: psycopg.Connection, sql: str) -> set[int]:
    return {row[0] for row in connection.execute(sql)}


# --- the four checks, with plain psycopg ----------------------------------------------


def test_an_officer_login_selects_only_its_own_teams_people(secured: Secured) -> None:
    with secured.login(Role.OFFICER) as officer:
        rows = officer.execute("SELECT id, team_id FROM people").fetchall()
        teams = {team for _id, team in rows}
    assert {person for person, _team in rows} == {
        secured.people["in_scope"],
        secured.people["restricted_named"],
    }
    assert len(teams) == 1
    with secured.database.uow() as uow:
        assert teams == {uow.staff.team_by_code("MINE").id}


def test_an_officer_login_updating_another_teams_person_changes_nothing(secured: Secured) -> None:
    other = secured.people["out_of_scope"]
    with secured.login(Role.OFFICER) as officer:
        changed = officer.execute(
            "UPDATE people SET family_name = 'Changed' WHERE id = %s", (other,)
        ).rowcount
    assert changed == 0
    with secured.database.uow() as uow:
        assert uow.session.get(PersonRow, other).family_name != "Changed"


def test_an_officer_login_cannot_delete_audit_rows(secured: Secured) -> None:
    with secured.login(Role.OFFICER) as officer:
        # A row of its own, appended as the app does (postgres_audit.py).
        officer.execute(
            "SELECT resettle_audit_append('team.renamed', 'team', 1, NULL, '{}', false)"
        )
        for statement in ("DELETE FROM audit_log", "UPDATE audit_log SET action = 'z'"):
            with pytest.raises(errors.InsufficientPrivilege):
                officer.execute(statement)
        with pytest.raises(errors.InsufficientPrivilege):
            officer.execute("TRUNCATE audit_log")


def test_a_prison_staff_login_cannot_read_case_notes(secured: Secured) -> None:
    with secured.login(Role.PRISON_STAFF) as prison:
        assert secured.people["in_scope"] in _ids(prison, "SELECT id FROM people")
        with pytest.raises(errors.InsufficientPrivilege):
            prison.execute("SELECT text FROM case_notes")


def test_a_programme_team_login_reads_its_prisons_people_and_the_workflow_only(
    secured: Secured,
) -> None:
    with secured.login(Role.PROGRAMME_TEAM) as programmes:
        assert secured.people["in_scope"] in _ids(programmes, "SELECT id FROM people")
        assert secured.people["out_of_scope"] not in _ids(programmes, "SELECT id FROM people")
        moves = programmes.execute("SELECT count(*) FROM programme_referral_moves").fetchone()
        assert moves == (28,)
        with pytest.raises(errors.InsufficientPrivilege):
            programmes.execute("SELECT text FROM case_notes")
        with pytest.raises(errors.InsufficientPrivilege):
            programmes.execute("DELETE FROM programme_referral_move_roles")
        with pytest.raises(errors.InsufficientPrivilege):
            programmes.execute("UPDATE people SET family_name = 'Changed'")


# --- the read matrix ----------------------------------------------------------------------------


@pytest.mark.parametrize("role", ROLES, ids=[r.value for r in ROLES])
def test_what_each_login_reads_is_what_the_access_rule_gives(secured: Secured, role: Role) -> None:
    with secured.database.uow() as uow:
        scope = uow.access.scope_of(secured.accounts[role], frozenset({role}), dt.date.today())
        expected = {
            case
            for case, person in secured.people.items()
            if can_reach(scope, _placement(uow.access.placement(person)))
        }
    by_id = {person: case for case, person in secured.people.items()}
    with secured.login(role) as login:
        people = {by_id[p] for p in _ids(login, "SELECT id FROM people")}
        aliases = {by_id[p] for p in _ids(login, "SELECT person_id FROM person_aliases")}
        notes = (
            {by_id[p] for p in _ids(login, "SELECT person_id FROM case_notes")}
            if role in (Role.OFFICER, Role.MANAGER)
            else None
        )
    assert people == expected
    assert aliases == expected
    if notes is not None:
        assert notes == expected
    # Every case of the matrix is asserted both ways: what is reached and what is not.
    assert set(CASES) - expected == set(CASES) - people


def test_every_table_with_a_person_id_has_row_level_security(secured: Secured) -> None:
    tables.import_all()
    with_person = {t.name for t in Base.metadata.sorted_tables if "person_id" in t.columns} - {
        "audit_log"
    }
    with secured.database.uow() as uow:
        secured_tables = set(
            uow.session.scalars(
                text(
                    "SELECT c.relname FROM pg_class c WHERE c.relrowsecurity AND EXISTS "
                    "(SELECT 1 FROM pg_policies p WHERE p.tablename = c.relname "
                    "AND p.policyname = 'resettle_read')"
                )
            )
        )
    assert with_person | {"people"} <= secured_tables
    assert {t.name for t in person_tables()} <= secured_tables


# --- setup, logins, passwords, the gate ---------------------------------------------------------


def test_setting_up_again_changes_nothing_the_logins_see(secured: Secured) -> None:
    again = setup_roles(secured.database.uow(), GATE_PASSWORD)
    assert again.prefix == secured.prefix
    assert again.needing_reset == []
    with secured.login(Role.OFFICER) as officer:
        assert _ids(officer, "SELECT id FROM people") == {
            secured.people["in_scope"],
            secured.people["restricted_named"],
        }


def test_accounts_made_before_setup_need_a_password_reset(
    postgres_server: PostgresServer, postgres_template: str
) -> None:
    name = postgres_server.create("resettle_rls", postgres_template)
    database = open_database(postgres_server.url(name))
    try:
        seed_account(database, "early.officer")
        done = setup_roles(database.uow(), GATE_PASSWORD)
        assert done.needing_reset == ["early.officer"]
        secured = Secured(postgres_server.url(name), database, done.prefix)
        with pytest.raises(psycopg.OperationalError):
            secured.connect("early.officer").close()
    finally:
        database.close()
        postgres_server.drop(name)


def test_a_disabled_accounts_login_cannot_connect(secured: Secured) -> None:
    staff_id = seed_account(secured.database, "rls.leaver")
    with secured.database.uow() as uow:
        sync_login(uow, staff_id)
        set_login_password(uow, staff_id, TEST_PASSWORD)
        uow.commit()
    secured.connect("rls.leaver").close()
    with secured.database.uow() as uow:
        uow.staff.get(staff_id).active = False
        sync_login(uow, staff_id)
        uow.commit()
    with pytest.raises(psycopg.OperationalError):
        secured.connect("rls.leaver").close()


def test_a_password_changed_in_the_app_is_the_logins_password(secured: Secured) -> None:
    staff_id = seed_account(secured.database, "rls.changer")
    with secured.database.uow() as uow:
        sync_login(uow, staff_id)
        set_login_password(uow, staff_id, TEST_PASSWORD)
        uow.commit()
    actor = Actor(
        id=staff_id, username="rls.changer", display_name="Rls Changer", role=Role.OFFICER
    )
    new = "copper-meadow-violin-77"
    authentication.change_password(actor, secured.database.uow(), TEST_PASSWORD, new)
    secured.connect("rls.changer", new).close()
    with pytest.raises(psycopg.OperationalError):
        secured.connect("rls.changer", TEST_PASSWORD).close()


def test_the_gate_login_reads_no_table(secured: Secured) -> None:
    url = make_url(secured.url)
    with psycopg.connect(
        host=url.host,
        port=url.port,
        dbname=url.database,
        user=f"{secured.prefix}_gate",
        password=GATE_PASSWORD,
        autocommit=True,
    ) as gate:
        for table in ("people", "staff", "audit_log", "case_notes", "resettle_meta", "teams"):
            with pytest.raises(errors.InsufficientPrivilege):
                gate.execute(f"SELECT 1 FROM {table} LIMIT 1")
        status = gate.execute("SELECT * FROM resettle_gate_status()").fetchone()
        assert status is not None
        has_accounts, demo, revision = status
        assert has_accounts and not demo and revision
        # Its sign-in calls return nothing, whether the user name exists or not.
        for name in ("rls.officer", "nobody.here"):
            before = gate.execute("SELECT resettle_gate_before_sign_in(%s)", (name,)).fetchone()
            assert before == (None,)
        with pytest.raises(errors.InsufficientPrivilege):
            gate.execute("SELECT resettle_sync_login(1)")


def test_the_people_policy_computes_each_set_once_per_statement(secured: Secured) -> None:
    with secured.login(Role.OFFICER) as officer:
        plan = "\n".join(row[0] for row in officer.execute("EXPLAIN SELECT id FROM people"))
    assert plan.count("InitPlan") == 4
    assert "SubPlan" not in plan


def test_a_login_reads_what_happened_but_not_who_did_it(secured: Secured) -> None:
    for role in (Role.OFFICER, Role.MANAGER):
        with secured.login(role) as login:
            login.execute("SELECT id, action, person_id FROM audit_log").fetchall()
            with pytest.raises(errors.InsufficientPrivilege):
                login.execute("SELECT actor_id, details FROM audit_log")
