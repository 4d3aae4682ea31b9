"""Migration 0017: on SQLite, ``people`` is rebuilt with AUTOINCREMENT, keeping its rows, and
its counter starts above every id erased so far; the downgrade rebuilds it without."""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa

from resettle.storage.tables.staff import StaffRow
from tests.storage.migration_steps import migration_steps, people_table_before, table_before


def _create_sql(connection: sa.Connection) -> str:
    return str(
        connection.execute(
            sa.text("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'people'")
        ).scalar_one()
    )


def test_people_ids_start_above_every_erased_id(empty_database_url: str) -> None:
    with migration_steps(empty_database_url) as (engine, migrate):
        migrate("0016")
        if engine.dialect.name != "sqlite":
            migrate("0017")  # nothing to do: sequences never give an id twice
            return
        with engine.begin() as connection:
            staff_id = connection.execute(
                table_before(StaffRow.__table__, "0017")  # type: ignore[arg-type]
                .insert()
                .values(username="m.manager", display_name="Manager")
            ).inserted_primary_key[0]  # type: ignore[index]
            connection.execute(
                people_table_before("0017")
                .insert()
                .values(
                    id=3,
                    prison_number="Z0003AA",
                    crn="Z000003",
                    given_name="Test",
                    family_name="Person",
                    sort_name="person test",
                    search_text="test",
                    date_of_birth=dt.date(1990, 1, 1),
                    sex="male",
                )
            )
            connection.execute(
                sa.text(
                    "INSERT INTO erasures (erased_person_id, erased_at, authorised_by_id, "
                    "reason, rows_removed) VALUES (7, CURRENT_TIMESTAMP, :by, 'duplicate', 1)"
                ),
                {"by": staff_id},
            )
        migrate("0017")
        with engine.connect() as connection:
            assert "AUTOINCREMENT" in _create_sql(connection)
            assert connection.execute(sa.text("SELECT id FROM people")).scalars().all() == [3]
            assert (
                connection.execute(
                    sa.text("SELECT seq FROM sqlite_sequence WHERE name = 'people'")
                ).scalar_one()
                == 7
            )
        migrate("0016", down=True)
        with engine.connect() as connection:
            assert "AUTOINCREMENT" not in _create_sql(connection)
            assert connection.execute(sa.text("SELECT id FROM people")).scalars().all() == [3]
