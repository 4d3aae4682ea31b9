"""A history entry, group place, attendance mark or one-to-one session names its referral and
group place together with the person: composite foreign keys ``(referral_id, person_id)`` to
``programme_referrals (id, person_id)`` and ``(member_id, person_id)`` to
``programme_group_members (id, person_id)`` replace the single-column keys, so no row of one
person hangs from another person's referral or place (foreign keys ignore PostgreSQL's
row-level security, which checks only the row's own person). Rows that already break this
stop the upgrade (nothing changes).

Revision ID: 0026
Revises: 0024
Create Date: 2026-12-02 18:00:00
"""

from alembic import op

revision = "0026"
down_revision = "0025"
branch_labels = None
depends_on = None

REFERRALS = "programme_referrals"
MEMBERS = "programme_group_members"
#: child table -> (its key column, the parent it names), in the order the keys are replaced.
KEYS = (
    ("programme_referral_history", "referral_id", REFERRALS),
    (MEMBERS, "referral_id", REFERRALS),
    ("programme_attendance", "member_id", MEMBERS),
    ("programme_attendance", "referral_id", REFERRALS),
    ("programme_one_to_one_sessions", "member_id", MEMBERS),
)


def _fk_name(table: str, column: str, parent: str) -> str:
    """As the naming convention names it (a name longer than PostgreSQL's 63 characters is
    shortened the same way the convention shortens it)."""
    return op.f(f"fk_{table}_{column}_{parent}")


def upgrade() -> None:
    for parent in (REFERRALS, MEMBERS):
        with op.batch_alter_table(parent) as batch:
            batch.create_unique_constraint(op.f(f"uq_{parent}_id"), ["id", "person_id"])
    for table, column, parent in KEYS:
        with op.batch_alter_table(table) as batch:
            batch.drop_constraint(_fk_name(table, column, parent), type_="foreignkey")
            batch.create_foreign_key(
                _fk_name(table, column, parent),
                parent,
                [column, "person_id"],
                ["id", "person_id"],
                ondelete="CASCADE",
            )


def downgrade() -> None:
    for table, column, parent in reversed(KEYS):
        with op.batch_alter_table(table) as batch:
            batch.drop_constraint(_fk_name(table, column, parent), type_="foreignkey")
            batch.create_foreign_key(
                _fk_name(table, column, parent), parent, [column], ["id"], ondelete="CASCADE"
            )
    for parent in (MEMBERS, REFERRALS):
        with op.batch_alter_table(parent) as batch:
            batch.drop_constraint(op.f(f"uq_{parent}_id"), type_="unique")
