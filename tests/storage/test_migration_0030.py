"""Migration 0030: a group place records who ended it and why (``ended_by_id``,
``end_reason``); places already there keep their rows, ended ones with both empty, and the
downgrade drops the two columns, keeping the places."""

from __future__ import annotations

import sqlalchemy as sa

from tests.storage.migration_steps import migration_steps
from tests.storage.test_migration_0027 import _place_and_two_referrals


def _columns(engine: sa.Engine) -> set[str]:
    return {c["name"] for c in sa.inspect(engine).get_columns("programme_group_members")}


def test_places_gain_who_ended_them_and_why_and_lose_them_on_downgrade(
    database_url: str,
) -> None:
    ids = _place_and_two_referrals(database_url)
    with migration_steps(database_url) as (engine, migrate):
        migrate("0029", down=True)
        assert not {"ended_by_id", "end_reason"} & _columns(engine)
        with engine.begin() as connection:
            connection.execute(
                sa.text(
                    "UPDATE programme_group_members SET left_at = CURRENT_TIMESTAMP WHERE id = :m"
                ),
                ids,
            )
        migrate("0030")
        assert {"ended_by_id", "end_reason"} <= _columns(engine)
        with engine.connect() as connection:
            row = connection.execute(
                sa.text(
                    "SELECT left_at IS NOT NULL, ended_by_id, end_reason "
                    "FROM programme_group_members WHERE id = :m"
                ),
                ids,
            ).one()
        assert tuple(row) == (True, None, None)
        migrate("0029", down=True)
        assert not {"ended_by_id", "end_reason"} & _columns(engine)
        with engine.connect() as connection:
            assert (
                connection.scalar(
                    sa.text("SELECT count(*) FROM programme_group_members WHERE id = :m"), ids
                )
                == 1
            )
        migrate("0030")
