"""A manager of a region on PostgreSQL: its login reads, by row-level security, exactly what a
login managing the region's team and prison by name reads, and what the domain's rule gives
(``storage/repositories/access.scope_of``); every function that asks "managed" agrees, and a
team moved into the region is reached from the next statement on.

Skipped unless ``RESETTLE_TEST_DATABASE_URL`` names a PostgreSQL server (``scripts/postgres.sh``).
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterator

import psycopg
import pytest

from resettle.domain.access import can_reach
from resettle.domain.seen_by import SEEN_ACTIONS
from resettle.domain.staff import Role
from resettle.services.database_logins import set_login_password
from resettle.storage.tables.access import ALLOWED, EXCLUDED, PersonAccessRow
from resettle.storage.tables.staff import ManagedRegionRow
from tests.accounts import TEST_PASSWORD, seed_account
from tests.databases import PostgresServer
from tests.storage.secured_postgres import Secured, secured_database, username_of

pytestmark = pytest.mark.skipif(
    not os.environ.get("RESETTLE_TEST_DATABASE_URL"), reason="needs a PostgreSQL server"
)
REGIONAL = "rls.regional"
#: Per person: what each login reads or is told about them.
PER_PERSON = (
    "SELECT resettle_manages_person(%(p)s), resettle_manager_of_person(%(p)s)",
    "SELECT count(*) FROM resettle_seen_by(%(p)s, %(actions)s, NULL, 50)",
    "SELECT count(*) FROM disclosure_notes WHERE person_id = %(p)s",
)
#: Whom each login reads.
READS = (
    "SELECT id FROM people",
    "SELECT person_id FROM person_aliases",
    "SELECT person_id FROM case_notes",
)


@pytest.fixture(scope="module")
def secured(postgres_server: PostgresServer, postgres_template: str) -> Iterator[Secured]:
    """The secured database, with region NORTH holding team MINE and prison HOM (what the
    plain manager login manages by name), and a manager of NORTH alone named and excluded as
    the plain manager is."""
    with secured_database(postgres_server, postgres_template) as database:
        with database.database.uow() as uow:
            region = uow.regions.add("NORTH", "North")
            mine = uow.staff.team_by_code("MINE")
            home = uow.staff.establishment_by_code("HOM")
            assert mine is not None and home is not None
            mine.region_id = home.region_id = region.id
            uow.commit()
            region_id = region.id
        staff_id = seed_account(
            database.database,
            REGIONAL,
            (Role.MANAGER,),
            managed_team_ids=[],
            managed_establishment_ids=[],
        )
        database.named[REGIONAL] = staff_id
        with database.database.uow() as uow:
            uow.session.add(ManagedRegionRow(staff_id=staff_id, region_id=region_id))
            uow.session.add(
                PersonAccessRow(
                    person_id=database.people["restricted_named"], staff_id=staff_id, kind=ALLOWED
                )
            )
            uow.session.add(
                PersonAccessRow(
                    person_id=database.people["excluded"], staff_id=staff_id, kind=EXCLUDED
                )
            )
            set_login_password(uow, staff_id, TEST_PASSWORD)
            uow.commit()
        yield database


def _seen(login: psycopg.Connection, people: dict[str, int]) -> dict[str, object]:
    seen: dict[str, object] = {sql: sorted(row[0] for row in login.execute(sql)) for sql in READS}
    actions = [action.value for action in SEEN_ACTIONS]
    for case, person in people.items():
        for sql in PER_PERSON:
            row = login.execute(sql, {"p": person, "actions": actions}).fetchone()
            seen[f"{case}: {sql}"] = tuple(row) if row is not None else None
    return seen


def _rule(secured: Secured, staff_id: int) -> set[int]:
    with secured.database.uow() as uow:
        scope = uow.access.scope_of(staff_id, frozenset({Role.MANAGER}), dt.date.today())
        return {
            person
            for person in secured.people.values()
            if (placement := uow.access.placement(person)) is not None
            and can_reach(scope, placement)
        }


def test_a_regional_managers_login_reads_what_the_region_holds(secured: Secured) -> None:
    with (
        secured.connect(REGIONAL) as regional,
        secured.connect(username_of(Role.MANAGER)) as by_name,
    ):
        assert _seen(regional, secured.people) == _seen(by_name, secured.people)
        teams, prisons = regional.execute(
            "SELECT resettle_managed_teams(), resettle_managed_establishments()"
        ).fetchone()  # type: ignore[misc]
        reached = {row[0] for row in regional.execute("SELECT id FROM people")}
    with secured.database.uow() as uow:
        mine, home = uow.staff.team_by_code("MINE"), uow.staff.establishment_by_code("HOM")
        assert mine is not None and home is not None
        assert (teams, prisons) == ([mine.id], [home.id])
    assert reached == _rule(secured, secured.named[REGIONAL])
    assert secured.people["in_scope"] in reached
    assert secured.people["out_of_scope"] not in reached


def test_a_team_moved_into_the_region_is_reached_at_once(secured: Secured) -> None:
    out = secured.people["out_of_scope"]  # team OTHER, prison AWY
    with secured.connect(REGIONAL) as regional:
        assert out not in {row[0] for row in regional.execute("SELECT id FROM people")}
        with secured.database.uow() as uow:
            other, north = uow.staff.team_by_code("OTHER"), uow.regions.by_code("NORTH")
            assert other is not None and north is not None
            other.region_id = north.id
            uow.commit()
        try:
            reached = {row[0] for row in regional.execute("SELECT id FROM people")}
            assert out in reached
            assert reached == _rule(secured, secured.named[REGIONAL])
            notes = {row[0] for row in regional.execute("SELECT person_id FROM case_notes")}
            assert out in notes
        finally:
            with secured.database.uow() as uow:
                other = uow.staff.team_by_code("OTHER")
                assert other is not None
                other.region_id = None
                uow.commit()
        assert out not in {row[0] for row in regional.execute("SELECT id FROM people")}


def test_an_inactive_region_reaches_no_one(secured: Secured) -> None:
    """However a team came to be in it (a review: a move racing its deactivation)."""
    inside = secured.people["in_scope"]
    with secured.connect(REGIONAL) as regional:
        assert inside in {row[0] for row in regional.execute("SELECT id FROM people")}
        with secured.database.uow() as uow:
            north = uow.regions.by_code("NORTH")
            assert north is not None
            north.active = False
            uow.commit()
        try:
            reached = {row[0] for row in regional.execute("SELECT id FROM people")}
            assert reached == _rule(secured, secured.named[REGIONAL])
            teams = regional.execute("SELECT resettle_managed_teams()").fetchone()
            assert teams == ([],) and inside not in reached
        finally:
            with secured.database.uow() as uow:
                north = uow.regions.by_code("NORTH")
                assert north is not None
                north.active = True
                uow.commit()
