"""Migration 0039: a team's ``office_phone`` and ``office_address``, empty for every team
there is (an administrator fills them in), stored and read back; both go again on downgrade;
on SQLite and PostgreSQL."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import Session

from resettle.storage.tables.staff import TeamRow
from tests.storage.migration_steps import migration_steps, table_before


def test_existing_teams_have_no_office_yet_and_the_columns_go_on_downgrade(
    empty_database_url: str,
) -> None:
    with migration_steps(empty_database_url) as (engine, migrate):
        migrate("0038")
        with engine.begin() as connection:
            connection.execute(
                table_before(TeamRow.__table__, "0039").insert(),  # type: ignore[arg-type]
                [{"id": 1, "code": "LDS", "name": "Leeds", "active": True}],
            )
        migrate("0039")
        with Session(engine) as session:
            row = session.get(TeamRow, 1)
            assert row is not None and (row.office_phone, row.office_address) == ("", "")
            row.office_phone, row.office_address = "0113 496 0000", "12 Park Row\nLeeds"
            session.commit()
        with Session(engine) as session:
            row = session.get(TeamRow, 1)
            assert row is not None and row.office_address == "12 Park Row\nLeeds"
        migrate("0038", down=True)
        columns = {c["name"] for c in sa.inspect(engine).get_columns("teams")}
        assert not {"office_phone", "office_address"} & columns
        with engine.connect() as connection:
            assert connection.execute(sa.text("SELECT count(*) FROM teams")).scalar() == 1
