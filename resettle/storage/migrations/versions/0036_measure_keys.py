"""The measures' keys on ``people`` (``storage/repositories/measure_keys.py``).

What the slowest measures looked up per person at 100,000 people is kept on the person's row,
with the caseload's keys and in the same transaction as the writes it depends on:

- ``overdue_action_from``: the earliest due day of an open action of the latest plan version;
- ``plan_agreed_in_time``, ``plan_issued_in_time``: a plan version agreed (issued) by 14 days
  before release;
- ``outcome_first_night``, ``outcome_week_6``, ``outcome_month_3``, ``outcome_month_6``,
  ``outcome_treatment``: the answer of the current check of the point the outcome measure
  reads (C20: ``started_in_time``, ``started_later``, ``not_started`` or ``unknown``).

Filled here for the rows there are, by the same definitions as the application's.
``ix_people_measures`` (0034) gains the officer and these columns, so that each measure is
answered from the index alone (reading 40,000 people's rows for one column was most of an
outcome measure's time at 100,000 people).

Revision ID: 0036
Revises: 0035
Create Date: 2026-12-03 11:30:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0036"
down_revision = "0035"
branch_labels = None
depends_on = None

ANSWERS = (
    ("outcome_first_night", "first_night", "accommodation"),
    ("outcome_week_6", "week_6", "employment"),
    ("outcome_month_3", "month_3", "accommodation"),
    ("outcome_month_6", "month_6", "employment"),
    ("outcome_treatment", "treatment", "treatment"),
)

OLD_INDEX = ["release_date", "team_id", "establishment_id", "restricted", "case_closed", "id"]
KEYS = [
    "overdue_action_from",
    "plan_agreed_in_time",
    "plan_issued_in_time",
    *(name for name, _point, _column in ANSWERS),
]
NEW_INDEX = [*OLD_INDEX, "responsible_officer_id", *KEYS]


def _days(value: str, postgres: bool, timestamp: bool = False) -> str:
    if postgres:
        day = f"CAST(timezone('UTC', {value}) AS DATE)" if timestamp else value
        return f"({day} - DATE '1970-01-01')"
    day = f"date({value})" if timestamp else value
    return f"CAST(julianday({day}) AS INTEGER)"


def _fill(postgres: bool) -> str:
    plus = (
        "people.release_date + a.due_offset_days"
        if postgres
        else "date(julianday(people.release_date) + a.due_offset_days)"
    )
    overdue = (
        "(SELECT min(CASE WHEN a.due_kind = 'absolute' THEN a.due_on"
        " WHEN a.due_kind = 'relative' AND people.release_date IS NOT NULL"
        f" AND a.due_offset_days IS NOT NULL THEN {plus} END)"
        " FROM plan_versions v JOIN plan_actions a ON a.plan_version_id = v.id"
        " WHERE v.person_id = people.id AND a.status IN ('to_do', 'in_progress')"
        " AND NOT EXISTS (SELECT 1 FROM plan_versions n"
        " WHERE n.person_id = v.person_id AND n.version > v.version))"
    )

    def in_time(stamp: str) -> str:
        return (
            "EXISTS (SELECT 1 FROM plan_versions v WHERE v.person_id = people.id"
            f" AND v.{stamp} IS NOT NULL AND people.release_date IS NOT NULL"
            f" AND {_days('v.' + stamp, postgres, timestamp=True)}"
            f" <= {_days('people.release_date', postgres)} - 14)"
        )

    def answer(point: str, column: str) -> str:
        value = f"coalesce(c.{column}, '')"
        if column == "treatment":
            started = "c.treatment = 'started'"
            days = (
                f"{_days('c.treatment_started_on', postgres)}"
                f" - {_days('c.release_date', postgres)}"
            )
            value = (
                f"CASE WHEN {started} AND c.treatment_started_on IS NOT NULL AND {days} <= 21"
                f" THEN 'started_in_time' WHEN {started} THEN 'started_later' ELSE {value} END"
            )
        return (
            f"(SELECT {value} FROM outcome_checks c WHERE c.person_id = people.id"
            f" AND c.point = '{point}' AND c.release_date = people.release_date"
            " AND NOT EXISTS (SELECT 1 FROM outcome_checks l WHERE l.supersedes_id = c.id)"
            " ORDER BY c.id DESC LIMIT 1)"
        )

    values = [
        f"overdue_action_from = {overdue}",
        f"plan_agreed_in_time = {in_time('agreed_at')}",
        f"plan_issued_in_time = {in_time('issued_at')}",
        *(f"{name} = {answer(point, column)}" for name, point, column in ANSWERS),
    ]
    return "UPDATE people SET " + ", ".join(values)


def upgrade() -> None:
    # Plain ALTER TABLE ... ADD COLUMN on both backends: a batch rebuild of ``people`` on
    # SQLite dropped its AUTOINCREMENT, and an erased person's id was given to the next one
    # registered (tests/services/test_erasure.py).
    op.add_column("people", sa.Column("overdue_action_from", sa.Date(), nullable=True))
    for name in ("plan_agreed_in_time", "plan_issued_in_time"):
        op.add_column(
            "people", sa.Column(name, sa.Boolean(), server_default=sa.false(), nullable=False)
        )
    for name, _point, _column in ANSWERS:
        op.add_column("people", sa.Column(name, sa.String(length=32), nullable=True))
    op.execute(_fill(op.get_bind().dialect.name == "postgresql"))
    op.drop_index("ix_people_measures", table_name="people")
    op.create_index("ix_people_measures", "people", NEW_INDEX)


def downgrade() -> None:
    op.drop_index("ix_people_measures", table_name="people")
    op.create_index("ix_people_measures", "people", OLD_INDEX)
    with op.batch_alter_table("people", table_kwargs={"sqlite_autoincrement": True}) as batch:
        for name, _point, _column in reversed(ANSWERS):
            batch.drop_column(name)
        batch.drop_column("plan_issued_in_time")
        batch.drop_column("plan_agreed_in_time")
        batch.drop_column("overdue_action_from")
