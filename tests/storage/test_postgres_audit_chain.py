"""The audit chain on PostgreSQL with logins: a signed-in login's rows and the sign-in gate's
rows join one chain; a login cannot write rows in another account's name or touch the trail;
four writer processes appending at once leave one unbroken chain.

Skipped unless ``RESETTLE_TEST_DATABASE_URL`` names a PostgreSQL server (``scripts/postgres.sh``).
"""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest
from psycopg import errors
from sqlalchemy import select
from sqlalchemy.engine import make_url

from resettle.domain.staff import Role
from resettle.services.audit_chain import AuditChainUnreadable, verify_audit_chain
from resettle.services.case_record.read import open_case_record
from resettle.services.workspace import signed_in_workspace
from resettle.storage.database import open_database
from resettle.storage.postgres_access import login_name
from resettle.storage.tables.audit import AuditEntryRow
from tests.accounts import TEST_PASSWORD, seed_account
from tests.audit_chain_helpers import appended_concurrently, verified
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


def test_a_logins_rows_and_the_gates_rows_form_one_chain(secured: Secured) -> None:
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


def test_a_login_writes_audit_rows_only_in_its_own_name(secured: Secured) -> None:
    officer_id = secured.accounts[Role.OFFICER]
    other_id = secured.accounts[Role.MANAGER]
    insert = (
        "INSERT INTO audit_log (actor_id, action, entity_type, details, seq, row_hash) "
        "VALUES (%s, %s, 'x', '{}', %s, repeat('0', 64))"
    )
    with secured.login(Role.OFFICER) as officer:
        for actor, action in ((other_id, "x.y"), (None, "x.y"), (None, "account.locked")):
            with pytest.raises(errors.InsufficientPrivilege):
                officer.execute(insert, (actor, action, 2_000_000))
        with pytest.raises(errors.InsufficientPrivilege):
            officer.execute(
                "UPDATE audit_log SET details = '{}' WHERE actor_id = %s", (officer_id,)
            )
        # The head may be moved (appends must), which verify then reports; rows may not.
        officer.execute("BEGIN")
        officer.execute("UPDATE audit_head SET last_seq = last_seq + 1 RETURNING last_seq")
        officer.execute("ROLLBACK")


def test_four_writer_processes_leave_one_unbroken_chain(secured: Secured) -> None:
    staff_id = seed_account(secured.database, "chain.writer", (Role.ADMIN,))
    appended_concurrently(secured.database, secured.url, staff_id)


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
