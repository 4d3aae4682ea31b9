"""Migration 0040: ``plan_actions.repeat_*``. Every action there is stays one that happens
once; a repeat is stored and read back whole (an end date, days after release, or an event);
the columns go again on downgrade; on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from sqlalchemy.orm import Session

from resettle.domain.action_repeats import PartOfDay, Repeat, RepeatEvery
from resettle.domain.plan import DueDate
from resettle.services.plans.mapping import action, action_row
from resettle.storage.tables.plans import PlanActionRow, PlanVersionRow
from tests.storage.migration_steps import (
    COLUMNS_ADDED,
    migration_steps,
    people_table_before,
    table_before,
)
from tests.storage.test_migration_0036 import RELEASE, _action, _person, _version

REPEATS = (
    Repeat(
        every=RepeatEvery.WEEK,
        weekday=1,
        part_of_day=PartOfDay.MORNING,
        ends=DueDate.absolute(dt.date(2026, 9, 1)),
    ),
    Repeat(every=RepeatEvery.FORTNIGHT, weekday=4, ends=DueDate.relative(84)),
    Repeat(every=RepeatEvery.WEEK, weekday=3, until="you start work"),
)


def test_existing_actions_do_not_repeat_and_repeats_are_kept_whole(
    empty_database_url: str,
) -> None:
    with migration_steps(empty_database_url) as (engine, migrate):
        migrate("0039")
        with engine.begin() as connection:
            connection.execute(people_table_before("0040").insert(), [_person(1, RELEASE)])
            connection.execute(
                table_before(PlanVersionRow.__table__, "0040").insert(),  # type: ignore[arg-type]
                [_version(1, 1, None, None)],
            )
            connection.execute(
                table_before(PlanActionRow.__table__, "0040").insert(),  # type: ignore[arg-type]
                [_action(1, due_kind="relative", due_offset_days=7)],
            )
        migrate("0040")
        with Session(engine) as session:
            existing = session.query(PlanActionRow).one()
            assert action(existing).repeat is None
            template = action(existing)
            for position, repeat in enumerate(REPEATS, start=2):
                row = action_row(template.model_copy(update={"repeat": repeat}))
                row.position, row.plan_version_id = position, existing.plan_version_id
                session.add(row)
            session.commit()
        with Session(engine) as session:
            rows = session.query(PlanActionRow).order_by(PlanActionRow.position).all()
            assert [action(row).repeat for row in rows] == [None, *REPEATS]
        migrate("0039", down=True)
        columns = {c["name"] for c in sa.inspect(engine).get_columns("plan_actions")}
        assert not columns & set(COLUMNS_ADDED["plan_actions"]["0040"])
        with engine.connect() as connection:
            assert connection.execute(sa.text("SELECT count(*) FROM plan_actions")).scalar() == 4
