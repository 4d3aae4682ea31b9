"""Programme attendance: one row per mark of a group place at a session (a correction is a new
row with the next mark number), and the group place a one-to-one session is with. Both are the
person's data (erased with the person).

Revision ID: 0024
Revises: 0023
Create Date: 2026-12-02 17:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0024"
down_revision = "0023"
branch_labels = None
depends_on = None


def _fk(
    table: str, column: str, target: str, ondelete: str | None = None
) -> sa.ForeignKeyConstraint:
    referred = target.split(".")[0]
    return sa.ForeignKeyConstraint(
        [column], [target], name=op.f(f"fk_{table}_{column}_{referred}"), ondelete=ondelete
    )


def upgrade() -> None:
    table = "programme_attendance"
    op.create_table(
        table,
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("session_id", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("referral_id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("mark_number", sa.Integer(), nullable=False),
        sa.Column("outcome", sa.String(length=32), nullable=False),
        sa.Column("absence_reason", sa.String(length=32), nullable=True),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("recorded_by_id", sa.Integer(), nullable=True),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        _fk(table, "member_id", "programme_group_members.id", "CASCADE"),
        _fk(table, "person_id", "people.id", "CASCADE"),
        _fk(table, "recorded_by_id", "staff.id"),
        _fk(table, "referral_id", "programme_referrals.id", "CASCADE"),
        _fk(table, "session_id", "programme_sessions.id"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_programme_attendance")),
        sa.UniqueConstraint(
            "session_id",
            "member_id",
            "mark_number",
            name=op.f("uq_programme_attendance_session_id"),
        ),
    )
    for column in ("member_id", "person_id", "referral_id", "session_id"):
        op.create_index(op.f(f"ix_{table}_{column}"), table, [column])

    table = "programme_one_to_one_sessions"
    op.create_table(
        table,
        sa.Column("session_id", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("assigned_by_id", sa.Integer(), nullable=True),
        sa.Column("assigned_at", sa.DateTime(timezone=True), nullable=False),
        _fk(table, "assigned_by_id", "staff.id"),
        _fk(table, "member_id", "programme_group_members.id", "CASCADE"),
        _fk(table, "person_id", "people.id", "CASCADE"),
        _fk(table, "session_id", "programme_sessions.id"),
        sa.PrimaryKeyConstraint("session_id", name=op.f("pk_programme_one_to_one_sessions")),
    )
    for column in ("member_id", "person_id"):
        op.create_index(op.f(f"ix_{table}_{column}"), table, [column])


def downgrade() -> None:
    op.drop_table("programme_one_to_one_sessions")
    op.drop_table("programme_attendance")
