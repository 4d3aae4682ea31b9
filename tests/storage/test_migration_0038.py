"""Migration 0038: ``plan_actions.due_pinned``, false for every action there is (its "N days
after release" date then moves off weekends and bank holidays like a new one's), read back as
an unpinned due date; the column goes again on downgrade; on SQLite and PostgreSQL."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import Session

from resettle.services.plans.mapping import action
from resettle.storage.tables.plans import PlanActionRow, PlanVersionRow
from tests.storage.migration_steps import migration_steps, people_table_before, table_before
from tests.storage.test_migration_0036 import RELEASE, _action, _person, _version


def test_existing_actions_are_unpinned_and_the_column_goes_on_downgrade(
    empty_database_url: str,
) -> None:
    with migration_steps(empty_database_url) as (engine, migrate):
        migrate("0037")
        with engine.begin() as connection:
            connection.execute(people_table_before("0038").insert(), [_person(1, RELEASE)])
            connection.execute(
                table_before(PlanVersionRow.__table__, "0038").insert(),  # type: ignore[arg-type]
                [_version(1, 1, None, None)],
            )
            connection.execute(
                table_before(PlanActionRow.__table__, "0038").insert(),  # type: ignore[arg-type]
                [
                    _action(1, due_kind="relative", due_offset_days=7),
                    _action(1, due_kind="relative", due_offset_days=-3),
                ],
            )
        migrate("0038")
        at_0038 = table_before(PlanActionRow.__table__, "0039")  # type: ignore[arg-type]
        with engine.connect() as connection:
            pinned_column = connection.execute(sa.select(at_0038.c.due_pinned)).scalars()
            assert list(pinned_column) == [False, False]
        migrate("head")  # the models read the columns later migrations added too
        with Session(engine) as session:
            rows = session.query(PlanActionRow).order_by(PlanActionRow.id).all()
            due = action(rows[0]).due
            assert due is not None and not due.pinned
            # Pinning is stored and read back.
            rows[0].due_pinned = True
            session.commit()
            pinned = action(session.get(PlanActionRow, rows[0].id)).due  # type: ignore[arg-type]
            assert pinned is not None and pinned.pinned and pinned.offset_days == 7
        migrate("0037", down=True)
        columns = {c["name"] for c in sa.inspect(engine).get_columns("plan_actions")}
        assert "due_pinned" not in columns
        with engine.connect() as connection:
            assert connection.execute(sa.text("SELECT count(*) FROM plan_actions")).scalar() == 2
