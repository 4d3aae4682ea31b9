"""The words typed with disclosures on PostgreSQL with logins (``disclosure_notes``): every
role that discloses adds notes for the people it reaches, none changes one, and only those who
read the person's audit ("Who has seen this": the responsible officer and the team's managers;
the subject access export: managers who manage the person) read them."""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest
from psycopg import errors
from sqlalchemy import text

from resettle.domain.disclosure_notes import new_note
from resettle.domain.staff import Role
from resettle.storage.repositories.disclosure_notes import DisclosureNotesRepository
from tests.databases import PostgresServer
from tests.storage.secured_postgres import Secured, secured_database

pytestmark = pytest.mark.skipif(
    not os.environ.get("RESETTLE_TEST_DATABASE_URL"), reason="needs a PostgreSQL server"
)
INSERT = (
    "INSERT INTO disclosure_notes (id, person_id, salt, justification_text, recipient) "
    "VALUES (%s, %s, %s, 'typed', 'someone')"
)
READ = "SELECT person_id FROM disclosure_notes ORDER BY person_id"


@pytest.fixture
def secured(postgres_server: PostgresServer, postgres_template: str) -> Iterator[Secured]:
    """A note for every person; the officer is responsible for those in scope, out of scope
    and excluded (not for the restricted person they are named on)."""
    with secured_database(postgres_server, postgres_template) as database:
        with database.database.uow() as uow:
            for case, person in database.people.items():
                if case != "restricted_named":
                    uow.session.execute(
                        text("UPDATE people SET responsible_officer_id = :o WHERE id = :p"),
                        {"o": database.accounts[Role.OFFICER], "p": person},
                    )
                note = new_note("typed", "someone")
                assert note is not None
                DisclosureNotesRepository(uow.session).add(person, note)
            uow.commit()
        yield database


def _readable(secured: Secured, role: Role) -> list[int]:
    with secured.login(role) as login:
        return [row[0] for row in login.execute(READ).fetchall()]


def test_the_officer_reads_the_notes_of_the_people_they_are_responsible_for_and_reach(
    secured: Secured,
) -> None:
    # Not out of scope or excluded (responsible but not reached), nor the restricted person
    # they reach but are not responsible for.
    assert _readable(secured, Role.OFFICER) == [secured.people["in_scope"]]


def test_the_manager_reads_the_notes_of_the_people_they_manage(secured: Secured) -> None:
    assert _readable(secured, Role.MANAGER) == sorted(
        [secured.people["in_scope"], secured.people["restricted_named"]]
    )


def test_prison_staff_and_administrators_read_no_note(secured: Secured) -> None:
    for role in (Role.PRISON_STAFF, Role.ADMIN):
        with secured.login(role) as login, pytest.raises(errors.InsufficientPrivilege):
            login.execute(READ)


def test_every_discloser_adds_notes_for_the_people_it_reaches_only(secured: Secured) -> None:
    for n, role in enumerate((Role.OFFICER, Role.PRISON_STAFF, Role.MANAGER)):
        with secured.login(role) as login:
            login.execute(INSERT, (f"{n:032x}", secured.people["in_scope"], "00" * 32))
            with pytest.raises(errors.InsufficientPrivilege):  # the row check refuses it
                login.execute(INSERT, (f"f{n:031x}", secured.people["out_of_scope"], "00" * 32))
    with secured.login(Role.ADMIN) as admin, pytest.raises(errors.InsufficientPrivilege):
        admin.execute(INSERT, ("e" * 32, secured.people["in_scope"], "00" * 32))


def test_nobody_changes_a_note(secured: Secured) -> None:
    for role in (Role.OFFICER, Role.PRISON_STAFF, Role.MANAGER):
        with secured.login(role) as login, pytest.raises(errors.InsufficientPrivilege):
            login.execute("UPDATE disclosure_notes SET recipient = 'changed'")
