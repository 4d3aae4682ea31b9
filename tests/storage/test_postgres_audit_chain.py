"""The audit chain on PostgreSQL with logins: the owner's rows, a signed-in login's rows and
the sign-in gate's rows join one chain; a login appends only through
``resettle_audit_append`` (its own name, the server's time), never inserting rows or moving
the chain head itself; four writer processes appending at once leave one unbroken chain.

Skipped unless ``RESETTLE_TEST_DATABASE_URL`` names a PostgreSQL server (``scripts/postgres.sh``).
"""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest
from psycopg import errors
from sqlalchemy import select, text, update
from sqlalchemy.engine import make_url

from resettle.domain.audit_actions import AuditAction
from resettle.domain.staff import Role
from resettle.services.audit_chain import AuditChainUnreadable, verify_audit_chain
from resettle.services.case_record.read import open_case_record
from resettle.services.database_logins import set_login_password, setup_roles
from resettle.services.workspace import signed_in_workspace
from resettle.storage.database import open_database
from resettle.storage.postgres_access import login_name
from resettle.storage.tables.audit import AuditEntryRow
from resettle.storage.tables.staff import StaffRow
from tests.accounts import TEST_PASSWORD, seed_account
from tests.audit_chain_helpers import append_rows, appended_concurrently, chain_actor, verified
from tests.databases import PostgresServer
from tests.storage.secured_postgres import GATE_PASSWORD, Secured, secured_database, username_of

pytestmark = pytest.mark.skipif(
    not os.environ.get("RESETTLE_TEST_DATABASE_URL"), reason="needs a PostgreSQL server"
)


@pytest.fixture(scope="module")
def secured(postgres_server: PostgresServer, postgres_template: str) -> Iterator[Secured]:
    with secured_database(postgres_server, postgres_template) as database:
        yield database


def _gate_url(secured: Secured) -> str:
    url = make_url(secured.url).set(username=f"{secured.prefix}_gate", password=GATE_PASSWORD)
    return url.render_as_string(hide_password=False)


def _login_url(secured: Secured, role: Role) -> str:
    url = make_url(secured.url).set(
        username=login_name(secured.prefix, username_of(role)), password=TEST_PASSWORD
    )
    return url.render_as_string(hide_password=False)


def test_the_owners_a_logins_and_the_gates_rows_form_one_chain(secured: Secured) -> None:
    append_rows(secured.database, chain_actor(secured.accounts[Role.ADMIN]), 2)
    gate = open_database(_gate_url(secured))
    workspace = signed_in_workspace(gate, username_of(Role.OFFICER), TEST_PASSWORD)
    try:
        workspace.run(open_case_record, secured.people["in_scope"])
    finally:
        workspace.close()
    with secured.gate() as connection:
        connection.execute("SELECT resettle_gate_sign_in_failed('nobody.at.all')")
        for _ in range(5):  # the fifth locks the account: a second row in one transaction
            connection.execute(
                "SELECT resettle_gate_sign_in_failed(%s)", (username_of(Role.PRISON_STAFF),)
            )
    report = verified(secured.database)
    assert report.intact, report
    with secured.database.uow() as uow:
        actions = uow.session.scalars(
            select(AuditEntryRow.action).order_by(AuditEntryRow.seq.desc()).limit(2)
        ).all()
        officers = uow.session.scalars(
            select(AuditEntryRow.action).where(
                AuditEntryRow.actor_id == secured.accounts[Role.OFFICER]
            )
        ).all()
    assert actions == ["account.locked", "account.sign_in_failed"]
    assert "account.signed_in" in officers
    append_rows(secured.database, chain_actor(secured.accounts[Role.ADMIN]), 1)
    assert verified(secured.database).intact


_INSERT = (
    "INSERT INTO audit_log (actor_id, action, entity_type, details, seq, row_hash) "
    "VALUES (%s, %s, 'x', '{}', %s, repeat('0', 64))"
)
_APPEND = "SELECT resettle_audit_append(%s, %s, %s, %s, %s, %s)"


def test_a_login_neither_inserts_audit_rows_nor_moves_the_chain_head(secured: Secured) -> None:
    officer_id = secured.accounts[Role.OFFICER]
    other_id = secured.accounts[Role.MANAGER]
    with secured.login(Role.OFFICER) as officer:
        for actor, action in ((officer_id, "x.y"), (other_id, "x.y"), (None, "account.locked")):
            with pytest.raises(errors.InsufficientPrivilege):
                officer.execute(_INSERT, (actor, action, 2_000_000))
        with pytest.raises(errors.InsufficientPrivilege):
            officer.execute(
                "UPDATE audit_log SET details = '{}' WHERE actor_id = %s", (officer_id,)
            )
        for column, value in (("last_seq", "last_seq + 1"), ("last_hash", "repeat('0', 64)")):
            with pytest.raises(errors.InsufficientPrivilege):
                officer.execute(f"UPDATE audit_head SET {column} = {value}")


@pytest.mark.parametrize(
    ("action", "entity_type", "entity", "person", "details", "actorless"),
    [
        ("x.y", "x", None, None, "{}", False),  # not an action of Resettle
        ("person.viewed", "team", 1, 1, "{}", False),  # another entity type than its own
        ("account.locked", "account", "other", None, "{}", True),  # another's lock
        ("account.locked", "account", None, None, "{}", True),  # nobody's
        ("person.viewed", "person", 1, 1, "{}", True),  # no actor for a view
    ],
)
def test_the_logins_append_refuses_what_the_app_never_writes(
    secured: Secured,
    action: str,
    entity_type: str,
    entity: object,
    person: object,
    details: str,
    actorless: bool,
) -> None:
    entity = secured.accounts[Role.MANAGER] if entity == "other" else entity
    with secured.login(Role.OFFICER) as officer, pytest.raises(errors.InsufficientPrivilege):
        officer.execute(_APPEND, (action, entity_type, entity, person, details, actorless))


def test_a_disabled_accounts_login_appends_nothing(secured: Secured) -> None:
    staff_id = seed_account(secured.database, "chain.leaver", (Role.OFFICER,))
    with secured.database.uow() as uow:
        set_login_password(uow, staff_id, TEST_PASSWORD)
        uow.commit()
    with secured.connect("chain.leaver") as leaver:
        row = ("team.renamed", "team", 1, None, "{}", False)
        leaver.execute(_APPEND, row)
        with secured.database.uow() as uow:
            uow.session.execute(
                update(StaffRow).where(StaffRow.id == staff_id).values(active=False)
            )
            uow.commit()
        with pytest.raises(errors.InsufficientPrivilege, match="active account"):
            leaver.execute(_APPEND, row)
    assert verified(secured.database).intact


def test_rows_a_login_appends_name_the_login_and_the_servers_time(secured: Secured) -> None:
    officer_id = secured.accounts[Role.OFFICER]
    database = open_database(_login_url(secured, Role.OFFICER), migrate=False)
    try:
        with database.uow() as uow:
            started = uow.session.scalar(text("SELECT clock_timestamp()"))
            for claimed in (secured.accounts[Role.MANAGER], officer_id):
                uow.audit.record(
                    actor_id=claimed,
                    action=AuditAction.TEAM_RENAMED.value,
                    entity_type="team",
                    entity_id=7,
                    person_id=None,
                    details={"code": "Z", "fields": ("name",)},
                )
            uow.commit()
    finally:
        database.close()
    with secured.database.uow() as uow:
        rows = uow.session.execute(
            select(AuditEntryRow.actor_id, AuditEntryRow.at, AuditEntryRow.details)
            .order_by(AuditEntryRow.seq.desc())
            .limit(2)
        ).all()
    assert [row.actor_id for row in rows] == [officer_id, officer_id]
    assert [row.details for row in rows] == [{"code": "Z", "fields": ["name"]}] * 2
    # The time at each append (clock_timestamp), not the transaction's start: later each row.
    assert started < rows[1].at < rows[0].at
    assert verified(secured.database).intact


def test_setting_up_again_takes_back_an_earlier_setups_audit_writes(secured: Secured) -> None:
    staff = f'"{secured.prefix}_staff"'
    login = login_name(secured.prefix, username_of(Role.OFFICER))
    with secured.database.engine.begin() as connection:  # what the previous version granted
        connection.execute(text(f"GRANT INSERT ON audit_log TO {staff}"))
        connection.execute(
            text(f"GRANT UPDATE (last_seq, last_hash, last_at) ON audit_head TO {staff}")
        )
        connection.execute(
            text(
                "CREATE POLICY resettle_insert ON audit_log FOR INSERT "
                f"TO {staff} WITH CHECK (true)"
            )
        )
    setup_roles(secured.database.uow(), GATE_PASSWORD)
    with secured.database.engine.connect() as connection:
        held = connection.execute(
            text(
                "SELECT has_table_privilege(:login, 'audit_log', 'INSERT'), "
                "has_column_privilege(:login, 'audit_head', 'last_hash', 'UPDATE'), "
                "EXISTS (SELECT 1 FROM pg_policies WHERE tablename = 'audit_log' "
                "AND policyname = 'resettle_insert')"
            ),
            {"login": login},
        ).one()
    assert tuple(held) == (False, False, False)


def test_four_writer_processes_leave_one_unbroken_chain(secured: Secured) -> None:
    staff_id = seed_account(secured.database, "chain.writer", (Role.ADMIN,))
    appended_concurrently(secured.database, secured.url, staff_id)


def test_four_writer_processes_signed_in_as_a_login_leave_one_unbroken_chain(
    secured: Secured,
) -> None:
    appended_concurrently(
        secured.database, _login_url(secured, Role.ADMIN), secured.accounts[Role.ADMIN]
    )


def test_verify_with_a_staff_logins_url_says_the_owners_is_needed(secured: Secured) -> None:
    url = make_url(secured.url).set(
        username=login_name(secured.prefix, username_of(Role.MANAGER)), password=TEST_PASSWORD
    )
    database = open_database(url.render_as_string(hide_password=False), migrate=False)
    try:
        with pytest.raises(AuditChainUnreadable, match="owner's URL"):
            verify_audit_chain(database)
    finally:
        database.close()
