""" "Who has seen this" through a PostgreSQL login: the login reads who acted and the details
only through ``resettle_seen_by``, which gives rows only to the person's responsible officer and
the managers of their team, for people they reach."""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest
from psycopg import errors
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session

from resettle.domain.seen_by import SEEN_ACTIONS
from resettle.domain.staff import Role
from resettle.storage.postgres_access import login_name
from resettle.storage.repositories.audit import AuditRepository
from tests.accounts import TEST_PASSWORD
from tests.databases import PostgresServer
from tests.storage.secured_postgres import Secured, secured_database, username_of

pytestmark = pytest.mark.skipif(
    not os.environ.get("RESETTLE_TEST_DATABASE_URL"), reason="needs a PostgreSQL server"
)
ACTIONS = [a.value for a in SEEN_ACTIONS]
CALL = "SELECT id, action, actor_id, details FROM resettle_seen_by(%s, %s, NULL, 50)"


@pytest.fixture
def secured(postgres_server: PostgresServer, postgres_template: str) -> Iterator[Secured]:
    with secured_database(postgres_server, postgres_template) as database:
        officer = database.accounts[Role.OFFICER]
        with database.database.uow() as uow:
            for case in ("in_scope", "out_of_scope", "excluded"):
                person = database.people[case]
                uow.session.execute(
                    text("UPDATE people SET responsible_officer_id = :o WHERE id = :p"),
                    {"o": officer, "p": person},
                )
                uow.audit.record(
                    actor_id=officer,
                    action="person.viewed",
                    entity_type="person",
                    entity_id=person,
                    person_id=person,
                    details={"view": "record"},
                )
            uow.commit()
        yield database


def test_the_officer_and_the_manager_read_their_persons_list(secured: Secured) -> None:
    person = secured.people["in_scope"]
    for role in (Role.OFFICER, Role.MANAGER):
        with secured.login(role) as login:
            rows = login.execute(CALL, (person, ACTIONS)).fetchall()
        assert [(r[1], r[2], r[3]) for r in rows] == [
            ("person.viewed", secured.accounts[Role.OFFICER], {"view": "record"})
        ], role


def test_nobody_reads_the_list_of_a_person_out_of_reach(secured: Secured) -> None:
    with secured.login(Role.OFFICER) as officer:
        for case in ("out_of_scope", "excluded"):
            assert officer.execute(CALL, (secured.people[case], ACTIONS)).fetchall() == []


def test_prison_staff_may_not_call_it_nor_read_the_columns(secured: Secured) -> None:
    with secured.login(Role.PRISON_STAFF) as prison, pytest.raises(errors.InsufficientPrivilege):
        prison.execute(CALL, (secured.people["in_scope"], ACTIONS))
    with secured.login(Role.OFFICER) as officer, pytest.raises(errors.InsufficientPrivilege):
        officer.execute("SELECT actor_id, details FROM audit_log")


def test_the_repository_reads_through_the_function_as_a_login(secured: Secured) -> None:
    url = make_url(secured.url).set(
        username=login_name(secured.prefix, username_of(Role.OFFICER)), password=TEST_PASSWORD
    )
    engine = create_engine(url)
    try:
        with Session(engine) as session:
            rows = AuditRepository(session).for_person(
                secured.people["in_scope"], ACTIONS, None, 10
            )
    finally:
        engine.dispose()
    assert [(r[3], r[4]) for r in rows] == [("person.viewed", {"view": "record"})]
    assert rows[0][1].tzinfo is not None


def test_it_reads_only_the_lists_own_actions_whatever_is_asked(secured: Secured) -> None:
    person = secured.people["in_scope"]
    with secured.database.uow() as uow:
        uow.audit.record(
            actor_id=secured.accounts[Role.MANAGER],
            action="access.changed",
            entity_type="access",
            entity_id=person,
            person_id=person,
            details={"excluded": [secured.accounts[Role.OFFICER]]},
        )
        uow.commit()
    with secured.login(Role.OFFICER) as officer:
        asked = ["access.changed", *ACTIONS]
        rows = officer.execute(CALL.replace("50", "100000"), (person, asked)).fetchall()
    assert [r[1] for r in rows] == ["person.viewed"]


def test_a_persons_whole_trail_is_read_only_by_a_manager_who_manages_them(
    secured: Secured,
) -> None:
    trail = "SELECT action, actor_id, details FROM resettle_person_audit(%s)"
    with secured.login(Role.MANAGER) as manager:
        mine = manager.execute(trail, (secured.people["in_scope"],)).fetchall()
        assert [r[0] for r in mine] == ["person.viewed"]
        for case in ("out_of_scope", "excluded"):
            assert manager.execute(trail, (secured.people[case],)).fetchall() == []
    with secured.login(Role.OFFICER) as officer, pytest.raises(errors.InsufficientPrivilege):
        officer.execute(trail, (secured.people["in_scope"],))
