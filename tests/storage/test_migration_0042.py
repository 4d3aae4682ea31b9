"""Migration 0042: ``people.overdue_action_from`` computed again as the application computes it
(``domain.overdue``): a day 0036 stored as release date plus offset moves off the weekend, a
repeating action counts from its first time, a day already right is left; SQLite and
PostgreSQL."""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa

from resettle.storage.tables.plans import PlanActionRow, PlanVersionRow
from tests.storage.migration_steps import migration_steps, people_table_before, table_before
from tests.storage.test_migration_0036 import _action, _person

RELEASE = dt.date(2027, 1, 15)  # a Friday
SATURDAY, MONDAY = RELEASE + dt.timedelta(days=1), RELEASE + dt.timedelta(days=3)
WEDNESDAY = RELEASE + dt.timedelta(days=5)


def _version(id_: int, person_id: int) -> dict[str, object]:
    return {
        "id": id_,
        "person_id": person_id,
        "version": 1,
        "state": "draft",
        "created_by": "Test",
    }


def test_stored_days_are_computed_again(empty_database_url: str) -> None:
    with migration_steps(empty_database_url) as (engine, migrate):
        migrate("0041")
        people = people_table_before("0043")
        with engine.begin() as connection:
            connection.execute(
                people.insert(),
                [{**_person(n, RELEASE), "overdue_action_from": SATURDAY} for n in (1, 2, 3)],
            )
            connection.execute(
                table_before(PlanVersionRow.__table__, "0043").insert(),  # type: ignore[arg-type]
                [_version(n, n) for n in (1, 2, 3)],
            )
            # Every row names every column: an insert of many rows takes the first's keys.
            once = {
                "due_kind": "relative",
                "due_offset_days": 1,
                "due_pinned": False,
                "repeat_every": None,
                "repeat_weekday": None,
                "repeat_until": None,
            }
            weekly = {"repeat_every": "week", "repeat_weekday": 2, "repeat_until": "you start work"}
            connection.execute(
                table_before(PlanActionRow.__table__, "0043").insert(),  # type: ignore[arg-type]
                [
                    _action(1, **once),
                    _action(2, **{**once, **weekly}),
                    _action(3, **{**once, "due_pinned": True}),
                ],
            )
        migrate("0042")
        with engine.connect() as connection:
            days = dict(
                connection.execute(sa.select(people.c.id, people.c.overdue_action_from)).all()
            )
        assert {n: dt.date.fromisoformat(str(d)) for n, d in days.items()} == {
            1: MONDAY,
            2: WEDNESDAY,
            3: SATURDAY,
        }
