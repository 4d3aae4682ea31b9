"""Moving a test database to one migration revision at a time (the migration tests' shared
set-up): ``with migration_steps(url) as (engine, migrate): migrate("0010")``."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

from alembic import command
from sqlalchemy import Engine, MetaData, Table

from resettle.domain.action_repeats import REPEAT_COLUMNS
from resettle.storage.engine import build_engine, normalise_url
from resettle.storage.migrate import alembic_config, migration_connection


@contextmanager
def migration_steps(url: str) -> Iterator[tuple[Engine, Callable[..., None]]]:
    engine = build_engine(normalise_url(url))
    config = alembic_config()

    def migrate(revision: str, *, down: bool = False) -> None:
        with migration_connection(engine) as connection:
            config.attributes["connection"] = connection
            (command.downgrade if down else command.upgrade)(config, revision)

    try:
        yield engine, migrate
    finally:
        engine.dispose()


#: Columns of ``people`` that later migrations added: rows written at an earlier revision
#: leave them out (the current table's defaults would name columns that do not exist yet).
#: Columns the models gained after the first migration, by table and the revision adding them.
COLUMNS_ADDED: dict[str, dict[str, tuple[str, ...]]] = {
    "people": {
        "0012": ("team_id", "restricted"),
        "0033": ("outcome_check_due_on",),
        "0036": (
            "overdue_action_from",
            "plan_agreed_in_time",
            "plan_issued_in_time",
            "outcome_first_night",
            "outcome_week_6",
            "outcome_month_3",
            "outcome_month_6",
            "outcome_treatment",
        ),
    },
    "plan_versions": {"0013": ("officer_notes",)},
    "plan_actions": {
        "0038": ("due_pinned",),
        "0040": REPEAT_COLUMNS,
    },
    "audit_log": {"0015": ("seq", "row_hash")},
    "programme_group_members": {"0030": ("ended_by_id", "end_reason")},
    "programme_attendance": {"0031": ("correction_reason",)},
    "teams": {"0035": ("region_id",), "0039": ("office_phone", "office_address")},
    "establishments": {"0035": ("region_id",)},
    "support_need_catalogue": {"0041": ("plain_title", "plain_sentence")},
}


def table_before(table: Table, revision: str) -> Table:
    """``table`` as the ORM knows it, without the columns added at or after ``revision`` (a
    later column's default would name a column the database does not have yet)."""
    later = {
        name
        for added_at, names in COLUMNS_ADDED.get(table.name, {}).items()
        if added_at >= revision
        for name in names
    }
    return Table(
        table.name,
        MetaData(),
        *(column._copy() for column in table.columns if column.name not in later),
    )


def people_table_before(revision: str) -> Table:
    """``people`` as the ORM knows it, without the columns added at or after ``revision``."""
    from resettle.storage.tables.people import PersonRow

    return table_before(PersonRow.__table__, revision)  # type: ignore[arg-type]
