"""A PostgreSQL database secured by ``resettle db setup-roles``, with one account per role and
people of every kind of reach, for the tests that connect as the logins with plain psycopg."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

import psycopg
from sqlalchemy import text
from sqlalchemy.engine import make_url

from resettle.domain.staff import Role
from resettle.services.database_logins import set_login_password, setup_roles
from resettle.storage.database import Database, open_database
from resettle.storage.postgres_access import login_name
from resettle.storage.tables.access import ALLOWED, EXCLUDED, PersonAccessRow
from resettle.storage.tables.notes import CaseNoteRow
from resettle.storage.tables.people import PersonAliasRow, PersonRow
from resettle.storage.tables.staff import EstablishmentRow
from tests.accounts import TEST_PASSWORD, seed_account
from tests.databases import PostgresServer

GATE_PASSWORD = "gate-keeper-password-9"
ROLES = (Role.OFFICER, Role.PRISON_STAFF, Role.PROGRAMME_TEAM, Role.MANAGER, Role.ADMIN)


@dataclass
class Secured:
    """A database with one account per role, people of every kind, and roles set up."""

    url: str
    database: Database
    prefix: str
    accounts: dict[Role, int] = field(default_factory=dict)
    people: dict[str, int] = field(default_factory=dict)
    #: Further accounts a test module adds, by user name.
    named: dict[str, int] = field(default_factory=dict)

    def connect(self, username: str, password: str = TEST_PASSWORD) -> psycopg.Connection:
        url = make_url(self.url)
        return psycopg.connect(
            host=url.host,
            port=url.port,
            dbname=url.database,
            user=login_name(self.prefix, username),
            password=password,
            autocommit=True,
        )

    def login(self, role: Role) -> psycopg.Connection:
        return self.connect(username_of(role))

    def gate(self) -> psycopg.Connection:
        url = make_url(self.url)
        return psycopg.connect(
            host=url.host,
            port=url.port,
            dbname=url.database,
            user=f"{self.prefix}_gate",
            password=GATE_PASSWORD,
            autocommit=True,
        )


def username_of(role: Role) -> str:
    return f"rls.{role.value}"


def person_row(n: int, **placed: object) -> PersonRow:
    return PersonRow(
        prison_number=f"R{n:04d}AA",
        crn=f"R{n:06d}",
        given_name="Test",
        family_name=f"Person {n}",
        sort_name=f"person {n}",
        search_text=f"person {n}",
        date_of_birth=dt.date(1980, 1, 1),
        sex="male",
        **placed,
    )


def seed_people(database: Database) -> tuple[dict[Role, int], dict[str, int]]:
    with database.uow() as uow:
        home = uow.staff.add_establishment(EstablishmentRow(code="HOM", name="HMP Home"))
        away = uow.staff.add_establishment(EstablishmentRow(code="AWY", name="HMP Away"))
        mine = uow.staff.add_team("MINE", "My team")
        other = uow.staff.add_team("OTHER", "Other team")
        uow.commit()
        home_id, away_id, mine_id, other_id = home.id, away.id, mine.id, other.id
    accounts = {
        role: seed_account(
            database, username_of(role), (role,), team_id=mine_id, establishment_id=home_id
        )
        for role in ROLES
    }
    with database.uow() as uow:
        # seed_account's manager manages every establishment: keep it to the home one.
        uow.session.execute(
            text("DELETE FROM managed_establishments WHERE establishment_id = :away"),
            {"away": away_id},
        )
        placed = {
            "in_scope": dict(team_id=mine_id, establishment_id=home_id),
            "out_of_scope": dict(team_id=other_id, establishment_id=away_id),
            "restricted_named": dict(team_id=mine_id, establishment_id=home_id, restricted=True),
            "restricted_not_named": dict(
                team_id=mine_id, establishment_id=home_id, restricted=True
            ),
            "excluded": dict(team_id=mine_id, establishment_id=home_id),
        }
        people: dict[str, int] = {}
        for n, (case, where) in enumerate(placed.items(), start=1):
            row = person_row(n, **where)
            uow.session.add(row)
            uow.session.flush()
            people[case] = row.id
            uow.session.add(
                CaseNoteRow(person_id=row.id, text="note", author="Officer", pathway=None)
            )
            uow.session.add(PersonAliasRow(person_id=row.id, name=f"Alias {n}"))
        for staff_id in accounts.values():
            uow.session.add(
                PersonAccessRow(
                    person_id=people["restricted_named"], staff_id=staff_id, kind=ALLOWED
                )
            )
            uow.session.add(
                PersonAccessRow(person_id=people["excluded"], staff_id=staff_id, kind=EXCLUDED)
            )
        uow.commit()
    return accounts, people


@contextmanager
def secured_database(server: PostgresServer, template: str) -> Iterator[Secured]:
    """A new database from the template, seeded and set up; dropped afterwards."""
    name = server.create("resettle_rls", template)
    database = open_database(server.url(name))
    try:
        accounts, people = seed_people(database)
        done = setup_roles(database.uow(), GATE_PASSWORD)
        with database.uow() as uow:
            for staff_id in accounts.values():
                set_login_password(uow, staff_id, TEST_PASSWORD)
            uow.commit()
        yield Secured(server.url(name), database, done.prefix, accounts, people)
    finally:
        database.close()
        server.drop(name)
