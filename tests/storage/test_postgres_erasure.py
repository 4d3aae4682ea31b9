"""Erasure on PostgreSQL with logins: a manager's login deletes a person's data only through
``resettle_erase_person`` (``storage/postgres_erasure.py``), only for a person it manages,
leaving the tombstone and the ``person.erased`` audit row the Python path leaves.

Skipped unless ``RESETTLE_TEST_DATABASE_URL`` names a PostgreSQL server (``scripts/postgres.sh``).
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterator

import psycopg
import pytest
from psycopg import errors
from sqlalchemy import select, text
from sqlalchemy.engine import make_url

from resettle.domain.access import OutOfScope
from resettle.domain.permissions import PermissionDenied
from resettle.domain.staff import Role
from resettle.services.database_logins import set_login_password
from resettle.services.erasure.erase import erase_person
from resettle.services.workspace import Workspace, signed_in_workspace
from resettle.storage.database import open_database
from resettle.storage.erasure_plan import erasure_plan
from resettle.storage.postgres_access import person_tables
from resettle.storage.postgres_writes import PERSON_ACCESS
from resettle.storage.tables.audit import AuditEntryRow
from resettle.storage.tables.notes import CaseNoteRow
from resettle.storage.tables.people import PersonAliasRow, PersonRow
from resettle.storage.tables.retention import ErasureRow
from resettle.storage.tables.staff import CoverGrantRow
from tests.accounts import TEST_PASSWORD, seed_account
from tests.audit_chain_helpers import verified
from tests.databases import PostgresServer
from tests.storage.secured_postgres import (
    GATE_PASSWORD,
    Secured,
    person_row,
    secured_database,
    username_of,
)

pytestmark = pytest.mark.skipif(
    not os.environ.get("RESETTLE_TEST_DATABASE_URL"), reason="needs a PostgreSQL server"
)
COVERING = "erase.covering"
ERASE = "SELECT o_tombstone FROM resettle_erase_person(%s, %s)"


@pytest.fixture(scope="module")
def secured(postgres_server: PostgresServer, postgres_template: str) -> Iterator[Secured]:
    """With a manager of the home team who, as an officer, covers the other team: it reaches
    that team's people without managing them."""
    with secured_database(postgres_server, postgres_template) as database:
        mine, other = _team_of(database, "in_scope"), _team_of(database, "out_of_scope")
        covering = seed_account(
            database.database,
            COVERING,
            (Role.OFFICER, Role.MANAGER),
            team_id=mine,
            managed_team_ids=[mine],
            managed_establishment_ids=[],
        )
        today = dt.date.today()
        with database.database.uow() as uow:
            uow.session.add(
                CoverGrantRow(
                    staff_id=covering,
                    team_id=other,
                    starts_on=today - dt.timedelta(days=1),
                    ends_on=today + dt.timedelta(days=1),
                    granted_by_id=database.accounts[Role.MANAGER],
                )
            )
            set_login_password(uow, covering, TEST_PASSWORD)
            uow.commit()
        database.named[COVERING] = covering
        yield database


def _team_of(secured: Secured, case: str) -> int:
    with secured.database.uow() as uow:
        row = uow.session.get(PersonRow, secured.people[case])
        assert row is not None and row.team_id is not None
        return row.team_id


def _new_person(secured: Secured, n: int, like: str) -> tuple[int, str]:
    """A person placed as ``like``, with a note and an alias: (id, prison number)."""
    with secured.database.uow() as uow:
        placed = uow.session.get(PersonRow, secured.people[like])
        assert placed is not None
        row = person_row(n, team_id=placed.team_id, establishment_id=placed.establishment_id)
        uow.session.add(row)
        uow.session.flush()
        uow.session.add(CaseNoteRow(person_id=row.id, text="note", author="Officer", pathway=None))
        uow.session.add(PersonAliasRow(person_id=row.id, name="Alias"))
        uow.commit()
        return row.id, row.prison_number


def _rows_left(secured: Secured, person_id: int) -> int:
    with secured.database.engine.connect() as connection:
        return sum(
            connection.execute(
                text(f"SELECT count(*) FROM {table.name} WHERE {table.condition}"),
                {"person_id": person_id},
            ).scalar_one()
            for table in erasure_plan()
        )


def _signed_in(secured: Secured, username: str) -> Workspace:
    gate = make_url(secured.url).set(username=f"{secured.prefix}_gate", password=GATE_PASSWORD)
    return signed_in_workspace(
        open_database(gate.render_as_string(hide_password=False)), username, TEST_PASSWORD
    )


@pytest.mark.parametrize(
    "table", sorted(t.name for t in person_tables() if t.name != PERSON_ACCESS)
)
def test_a_managers_login_deletes_from_no_person_table_itself(secured: Secured, table: str) -> None:
    with secured.login(Role.MANAGER) as manager, pytest.raises(errors.InsufficientPrivilege):
        manager.execute(f"DELETE FROM {table}")


def test_a_managers_login_writes_no_tombstone_itself(secured: Secured) -> None:
    with secured.login(Role.MANAGER) as manager, pytest.raises(errors.InsufficientPrivilege):
        manager.execute(
            "INSERT INTO erasures (erased_person_id, authorised_by_id, reason, rows_removed) "
            "VALUES (%s, %s, 'recorded_in_error', 0)",
            (secured.people["in_scope"], secured.accounts[Role.MANAGER]),
        )


def _refused(connection: psycopg.Connection, error: type[Exception], *args: object) -> None:
    with pytest.raises(error):
        connection.execute(ERASE, args)


def test_the_function_refuses_all_but_a_manager_of_the_person(secured: Secured) -> None:
    mine, _number = _new_person(secured, 41, "in_scope")
    covered, _number = _new_person(secured, 42, "out_of_scope")
    before = _rows_left(secured, mine), _rows_left(secured, covered)
    with secured.login(Role.OFFICER) as officer:  # no EXECUTE
        _refused(officer, errors.InsufficientPrivilege, mine, "recorded_in_error")
    with secured.connect(COVERING) as covering:
        # Reached through cover as an officer, not managed: refused as no such person.
        _refused(covering, errors.NoDataFound, covered, "recorded_in_error")
    with secured.login(Role.MANAGER) as manager:
        for person in (secured.people["out_of_scope"], secured.people["excluded"], 999_999):
            _refused(manager, errors.NoDataFound, person, "recorded_in_error")
        _refused(manager, errors.InvalidParameterValue, mine, "because")
    assert (_rows_left(secured, mine), _rows_left(secured, covered)) == before
    assert before[0] > 1 and before[1] > 1


def test_the_app_refuses_a_manager_reaching_a_person_only_through_cover(secured: Secured) -> None:
    covered, number = _new_person(secured, 43, "out_of_scope")
    workspace = _signed_in(secured, COVERING)
    try:
        with pytest.raises(PermissionDenied):
            workspace.run(erase_person, number, "recorded_in_error")
    finally:
        workspace.close()
    manager = _signed_in(secured, username_of(Role.MANAGER))
    try:
        with pytest.raises(OutOfScope):
            manager.run(erase_person, number, "recorded_in_error")
    finally:
        manager.close()
    assert _rows_left(secured, covered) > 1


def test_erasing_through_a_managers_login_leaves_the_tombstone_and_audit_row(
    secured: Secured,
) -> None:
    person, number = _new_person(secured, 44, "in_scope")
    manager_id = secured.accounts[Role.MANAGER]
    workspace = _signed_in(secured, username_of(Role.MANAGER))
    try:
        record = workspace.run(erase_person, number, "subject_request")
    finally:
        workspace.close()
    assert _rows_left(secured, person) == 0
    assert {table.table for table in record.tables} == {t.name for t in erasure_plan()}
    assert record.rows_removed == 3  # the person, the note, the alias
    with secured.database.uow() as uow:
        tombstone = uow.session.execute(
            select(
                ErasureRow.erased_person_id,
                ErasureRow.authorised_by_id,
                ErasureRow.reason,
                ErasureRow.rows_removed,
                ErasureRow.erased_at,
            ).where(ErasureRow.id == record.tombstone_id)
        ).one()
        erased = uow.session.execute(
            select(AuditEntryRow.actor_id, AuditEntryRow.person_id, AuditEntryRow.details).where(
                AuditEntryRow.action == "person.erased", AuditEntryRow.person_id == person
            )
        ).one()
    assert tuple(tombstone) == (person, manager_id, "subject_request", 3, record.erased_at)
    assert tuple(erased) == (
        manager_id,
        person,
        {"reason": "subject_request", "tombstone_id": record.tombstone_id, "rows": 3},
    )
    assert verified(secured.database).intact


@pytest.mark.parametrize("change", ["table added", "table gone"])
def test_a_function_made_for_other_tables_is_refused_and_nothing_erased(
    secured: Secured, monkeypatch: pytest.MonkeyPatch, change: str
) -> None:
    """An upgrade changed the person tables and setup-roles was not run again: the function's
    list is not this version's plan, so rows would survive and the certificate omit them."""
    from resettle.services.erasure import erase
    from resettle.storage.erasure_plan import ErasedTable as PlannedTable

    plan = erasure_plan()
    changed = (
        (*plan, PlannedTable("person_table_of_a_later_version", "person_id = :person_id", ()))
        if change == "table added"
        else plan[1:]
    )
    monkeypatch.setattr(erase, "erasure_plan", lambda: changed)
    person, number = _new_person(secured, 45 + (change == "table gone"), "in_scope")
    before = _rows_left(secured, person)
    workspace = _signed_in(secured, username_of(Role.MANAGER))
    try:
        with pytest.raises(erase.ErasureFunctionOutOfDate, match="resettle db setup-roles"):
            workspace.run(erase_person, number, "subject_request")
    finally:
        workspace.close()
    assert _rows_left(secured, person) == before > 1
    with secured.database.uow() as uow:
        assert (
            uow.session.scalars(
                select(ErasureRow.id).where(ErasureRow.erased_person_id == person)
            ).all()
            == []
        )
