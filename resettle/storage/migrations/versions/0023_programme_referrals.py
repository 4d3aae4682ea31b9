"""Programme referrals: the referral (its own revision), its append-only history of moves,
and its places in programme groups. All three are the person's data (erased with the person);
the workflow they follow is migration 0020's.

Revision ID: 0023
Revises: 0021
Create Date: 2026-12-02 17:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0023"
down_revision = "0022"
branch_labels = None
depends_on = None

_STATUSES = "programme_referral_statuses.code"


def _fk(
    table: str, column: str, target: str, ondelete: str | None = None
) -> sa.ForeignKeyConstraint:
    referred = target.split(".")[0]
    return sa.ForeignKeyConstraint(
        [column], [target], name=op.f(f"fk_{table}_{column}_{referred}"), ondelete=ondelete
    )


def upgrade() -> None:
    table = "programme_referrals"
    op.create_table(
        table,
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("programme_id", sa.Integer(), nullable=False),
        sa.Column("offering_id", sa.Integer(), nullable=True),
        sa.Column("status", sa.String(length=40), nullable=False),
        sa.Column("status_since", sa.DateTime(timezone=True), nullable=False),
        sa.Column("referred_by_id", sa.Integer(), nullable=True),
        sa.Column("referred_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("pathway", sa.String(length=32), nullable=True),
        sa.Column("revision", sa.Integer(), nullable=False),
        _fk(table, "offering_id", "programme_offerings.id"),
        _fk(table, "person_id", "people.id", "CASCADE"),
        _fk(table, "programme_id", "programmes.id"),
        _fk(table, "referred_by_id", "staff.id"),
        _fk(table, "status", _STATUSES),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_programme_referrals")),
    )
    for column in ("offering_id", "person_id", "programme_id"):
        op.create_index(op.f(f"ix_{table}_{column}"), table, [column])
    op.create_index("ix_programme_referrals_status_person", table, ["status", "person_id"])

    table = "programme_group_members"
    op.create_table(
        table,
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("group_id", sa.Integer(), nullable=False),
        sa.Column("referral_id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("joined_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("left_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("added_by_id", sa.Integer(), nullable=True),
        _fk(table, "added_by_id", "staff.id"),
        _fk(table, "group_id", "programme_groups.id"),
        _fk(table, "person_id", "people.id", "CASCADE"),
        _fk(table, "referral_id", "programme_referrals.id", "CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_programme_group_members")),
    )
    op.create_index("ix_programme_group_members_group_left", table, ["group_id", "left_at"])
    for column in ("person_id", "referral_id"):
        op.create_index(op.f(f"ix_{table}_{column}"), table, [column])

    table = "programme_referral_history"
    op.create_table(
        table,
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("referral_id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("from_status", sa.String(length=40), nullable=True),
        sa.Column("to_status", sa.String(length=40), nullable=False),
        sa.Column("category", sa.String(length=64), nullable=True),
        sa.Column("reason", sa.String(length=64), nullable=True),
        sa.Column("override_reason", sa.String(length=64), nullable=True),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("moved_by_id", sa.Integer(), nullable=True),
        sa.Column("moved_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("seconds_at_previous", sa.Integer(), nullable=True),
        sa.Column("corrects_id", sa.Integer(), nullable=True),
        _fk(table, "corrects_id", "programme_referral_history.id"),
        _fk(table, "from_status", _STATUSES),
        _fk(table, "moved_by_id", "staff.id"),
        _fk(table, "person_id", "people.id", "CASCADE"),
        _fk(table, "referral_id", "programme_referrals.id", "CASCADE"),
        _fk(table, "to_status", _STATUSES),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_programme_referral_history")),
    )
    for column in ("person_id", "referral_id"):
        op.create_index(op.f(f"ix_{table}_{column}"), table, [column])


def downgrade() -> None:
    op.drop_table("programme_referral_history")
    op.drop_table("programme_group_members")
    op.drop_table("programme_referrals")
