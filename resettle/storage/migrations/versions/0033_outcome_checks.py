"""Outcome checks after release.

``outcome_checks``: what happened after release, recorded by the officer at five points
(first night, 6 weeks, 3 months, 6 months, treatment start; ``domain/outcome_checks.py``).
Append-only: a correction is a new row naming the one it supersedes (unique). Each row keeps
the release date it was recorded against. The rows hold a person's circumstances and a note,
so the subject access export lists them and erasure removes them with the person.

``people.outcome_check_due_on``: the earliest due date of a check not yet recorded for the
current release (null: none outstanding), kept by the application so "outcome checks due"
on the caseload is one index range. No check exists yet, so for everyone with a release date
the earliest outstanding check is the first night's, due the day after release; a closed case
has none due (``storage/repositories/outcome_check_keys.py``).

Revision ID: 0033
Revises: 0032
Create Date: 2026-12-03 07:30:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0033"
down_revision = "0032"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "outcome_checks",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("point", sa.String(length=16), nullable=False),
        sa.Column("release_date", sa.Date(), nullable=False),
        sa.Column("checked_on", sa.Date(), nullable=False),
        sa.Column("accommodation", sa.String(length=32), nullable=True),
        sa.Column("employment", sa.String(length=32), nullable=True),
        sa.Column("treatment", sa.String(length=16), nullable=True),
        sa.Column("treatment_started_on", sa.Date(), nullable=True),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("supersedes_id", sa.Integer(), nullable=True),
        sa.Column("recorded_by_id", sa.Integer(), nullable=True),
        sa.Column("recorded_by", sa.String(length=200), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["people.id"],
            name=op.f("fk_outcome_checks_person_id_people"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["recorded_by_id"], ["staff.id"], name=op.f("fk_outcome_checks_recorded_by_id_staff")
        ),
        sa.ForeignKeyConstraint(
            ["supersedes_id"],
            ["outcome_checks.id"],
            name=op.f("fk_outcome_checks_supersedes_id_outcome_checks"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_outcome_checks")),
        sa.UniqueConstraint("supersedes_id", name=op.f("uq_outcome_checks_supersedes_id")),
    )
    op.create_index(
        "ix_outcome_checks_person_point", "outcome_checks", ["person_id", "point", "id"]
    )
    with op.batch_alter_table("people") as batch:
        batch.add_column(sa.Column("outcome_check_due_on", sa.Date(), nullable=True))
    op.create_index("ix_people_outcome_check_due", "people", ["outcome_check_due_on", "id"])
    day_after = (
        "release_date + 1"
        if op.get_bind().dialect.name == "postgresql"
        else "date(release_date, '+1 day')"
    )
    op.execute(
        f"UPDATE people SET outcome_check_due_on = {day_after}"
        " WHERE release_date IS NOT NULL AND NOT case_closed"
    )


def downgrade() -> None:
    op.drop_index("ix_people_outcome_check_due", table_name="people")
    with op.batch_alter_table("people") as batch:
        batch.drop_column("outcome_check_due_on")
    op.drop_index("ix_outcome_checks_person_point", table_name="outcome_checks")
    op.drop_table("outcome_checks")
