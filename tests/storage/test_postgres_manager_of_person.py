"""Who acts as a person's manager on PostgreSQL (``resettle_manager_of_person``): as the domain
decides (``domain/access.roles_reaching``), for the four manager-only things a login can do to
a person: erase them, read their whole audit trail, read who has seen them and read the words
typed with their disclosures.

The case that once slipped through: an account that is an officer on team MINE and a manager
of team OTHER, named on a restricted person of MINE. Its places hold that person only as an
officer, so the app gives it no manager permission over them; the database did (anyone named
on the list was "managed"). It still keeps the person's access list, as the services let it.

Skipped unless ``RESETTLE_TEST_DATABASE_URL`` names a PostgreSQL server (``scripts/postgres.sh``).
"""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest
from psycopg import errors
from sqlalchemy import select
from sqlalchemy.engine import make_url

from resettle.domain.access import OutOfScope
from resettle.domain.permissions import PermissionDenied
from resettle.domain.seen_by import SEEN_ACTIONS
from resettle.domain.staff import Role
from resettle.services.database_logins import set_login_password
from resettle.services.erasure.erase import erase_person
from resettle.services.workspace import signed_in_workspace
from resettle.storage.database import open_database
from resettle.storage.tables.access import ALLOWED, PersonAccessRow
from resettle.storage.tables.disclosures import DisclosureNoteRow
from resettle.storage.tables.people import PersonRow
from resettle.storage.tables.staff import TeamRow
from tests.accounts import TEST_PASSWORD, seed_account
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
#: Officer on MINE, manager of OTHER, named on restricted people of MINE.
DUAL = "dual.role"
#: Manager of OTHER only, named on restricted people of MINE: no case role's place holds
#: them, so (as the domain says) every role it has acts, the manager role too.
SPECIALIST = "named.specialist"
ERASE = "SELECT o_tombstone FROM resettle_erase_person(%s, 'duplicate_record')"
SEEN_BY = "SELECT id FROM resettle_seen_by(%s, %s, NULL, 50)"
PERSON_AUDIT = "SELECT id FROM resettle_person_audit(%s)"
NOTES = "SELECT id FROM disclosure_notes WHERE person_id = %s"
MANAGER_OF = "SELECT resettle_manager_of_person(%s), resettle_manages_person(%s)"


def _team(secured: Secured, code: str) -> int:
    with secured.database.uow() as uow:
        return uow.session.scalars(select(TeamRow.id).where(TeamRow.code == code)).one()


@pytest.fixture(scope="module")
def secured(postgres_server: PostgresServer, postgres_template: str) -> Iterator[Secured]:
    with secured_database(postgres_server, postgres_template) as database:
        mine, other = _team(database, "MINE"), _team(database, "OTHER")
        for username, roles in (
            (DUAL, (Role.OFFICER, Role.MANAGER)),
            (SPECIALIST, (Role.MANAGER,)),
        ):
            database.named[username] = seed_account(
                database.database,
                username,
                roles,
                team_id=mine if Role.OFFICER in roles else other,
                managed_team_ids=[other],
                managed_establishment_ids=[],
            )
        with database.database.uow() as uow:
            for staff_id in database.named.values():
                set_login_password(uow, staff_id, TEST_PASSWORD)
            uow.commit()
        for n in (61, 62, 63):
            _restricted_person(database, n)
        yield database


def _restricted_person(secured: Secured, n: int) -> int:
    """A restricted person of MINE (as ``restricted_named``), named for the plain manager and
    both accounts above, with an audit row about them (a disclosure) and its note."""
    with secured.database.uow() as uow:
        placed = uow.session.get(PersonRow, secured.people["restricted_named"])
        assert placed is not None
        row = person_row(
            n, team_id=placed.team_id, establishment_id=placed.establishment_id, restricted=True
        )
        uow.session.add(row)
        uow.session.flush()
        for staff_id in (secured.accounts[Role.MANAGER], *secured.named.values()):
            uow.session.add(PersonAccessRow(person_id=row.id, staff_id=staff_id, kind=ALLOWED))
        uow.session.add(
            DisclosureNoteRow(
                id=f"{n:032d}", person_id=row.id, salt="0" * 64, justification_text="Asked"
            )
        )
        uow.audit.record(
            actor_id=secured.accounts[Role.OFFICER],
            action="person.disclosed",
            entity_type="person",
            entity_id=row.id,
            person_id=row.id,
            details={"note": f"{n:032d}"},
        )
        uow.commit()
        secured.people[f"restricted_{n}"] = row.id
        return row.id


def _reads(secured: Secured, username: str, person: int) -> dict[str, object]:
    """What ``username``'s login gets of each manager-only read about ``person``."""
    with secured.connect(username) as login:
        return {
            "manager_of, manages": login.execute(MANAGER_OF, (person, person)).fetchone(),
            "seen_by": len(
                login.execute(SEEN_BY, (person, [a.value for a in SEEN_ACTIONS])).fetchall()
            ),
            "person_audit": len(login.execute(PERSON_AUDIT, (person,)).fetchall()),
            "notes": len(login.execute(NOTES, (person,)).fetchall()),
        }


def test_an_officer_named_on_the_list_is_not_the_persons_manager_for_managing_elsewhere(
    secured: Secured,
) -> None:
    person = secured.people["restricted_61"]
    assert _reads(secured, DUAL, person) == {
        "manager_of, manages": (False, True),  # it still keeps the access list
        "seen_by": 0,
        "person_audit": 0,
        "notes": 0,
    }
    with secured.connect(DUAL) as dual, pytest.raises(errors.NoDataFound):
        dual.execute(ERASE, (person,))
    with secured.database.uow() as uow:
        assert uow.session.get(PersonRow, person) is not None


def test_the_app_refuses_the_same_erasure(secured: Secured) -> None:
    number = _prison_number(secured, "restricted_61")
    workspace = signed_in_workspace(open_database(_gate_url(secured)), DUAL, TEST_PASSWORD)
    try:
        with pytest.raises((PermissionDenied, OutOfScope)):
            workspace.run(erase_person, number, "duplicate_record")
    finally:
        workspace.close()


def test_a_manager_of_the_persons_team_named_on_the_list_still_does_all_four(
    secured: Secured,
) -> None:
    person = secured.people["restricted_62"]
    assert _reads(secured, username_of(Role.MANAGER), person) == {
        "manager_of, manages": (True, True),
        "seen_by": 1,
        "person_audit": 1,
        "notes": 1,
    }
    with secured.login(Role.MANAGER) as manager:
        assert manager.execute(ERASE, (person,)).fetchone() is not None
    with secured.database.uow() as uow:
        assert uow.session.get(PersonRow, person) is None


def test_a_manager_named_from_elsewhere_acts_as_the_manager(secured: Secured) -> None:
    """No role's place holds the person: the domain lets every role of the account act."""
    person = secured.people["restricted_63"]
    assert _reads(secured, SPECIALIST, person) == {
        "manager_of, manages": (True, True),
        "seen_by": 0,  # who has seen them: their officer and their team's managers only
        "person_audit": 1,
        "notes": 1,
    }
    with secured.connect(SPECIALIST) as specialist:
        assert specialist.execute(ERASE, (person,)).fetchone() is not None


def test_plain_cases_keep_their_answers(secured: Secured) -> None:
    with secured.login(Role.MANAGER) as manager:
        for case, expected in (
            ("in_scope", (True, True)),
            ("out_of_scope", (False, False)),
            ("restricted_not_named", (False, False)),
            ("excluded", (False, False)),
        ):
            person = secured.people[case]
            assert manager.execute(MANAGER_OF, (person, person)).fetchone() == expected, case
    with secured.login(Role.OFFICER) as officer:
        person = secured.people["in_scope"]
        assert officer.execute(MANAGER_OF, (person, person)).fetchone() == (False, False)


def _prison_number(secured: Secured, case: str) -> str:
    with secured.database.uow() as uow:
        row = uow.session.get(PersonRow, secured.people[case])
        assert row is not None
        return row.prison_number


def _gate_url(secured: Secured) -> str:
    gate = make_url(secured.url).set(username=f"{secured.prefix}_gate", password=GATE_PASSWORD)
    return gate.render_as_string(hide_password=False)
