"""An attendance mark's group place is a place of the mark's own referral: a unique key
``(id, referral_id)`` on ``programme_group_members`` and a foreign key ``(member_id,
referral_id)`` from ``programme_attendance`` to it. Migration 0026 tied the place and the
referral each to the person, not to each other, so a mark could name one referral's place and
another referral of the same person. Marks that already do stop the upgrade (nothing changes).

Revision ID: 0027
Revises: 0026
Create Date: 2026-12-02 19:45:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0027"
down_revision = "0026"
branch_labels = None
depends_on = None

MEMBERS = "programme_group_members"
ATTENDANCE = "programme_attendance"
#: As ``storage/tables/programme_referrals.py`` names them.
PLACE_OF_REFERRAL_KEY = "uq_programme_group_members_id_referral_id"
MARK_PLACE_OF_REFERRAL = "fk_programme_attendance_member_referral"


def _refuse_crossed_marks() -> None:
    crossed = op.get_bind().scalar(
        sa.text(
            f"SELECT count(*) FROM {ATTENDANCE} a JOIN {MEMBERS} m ON m.id = a.member_id "
            "WHERE m.referral_id <> a.referral_id"
        )
    )
    if crossed:
        raise RuntimeError(
            f"{crossed} programme attendance mark(s) name a group place given for another "
            "referral than the mark's own. Nothing was changed. The database's owner sets each "
            "such mark's referral to its place's (UPDATE programme_attendance a SET "
            "referral_id = m.referral_id FROM programme_group_members m WHERE m.id = "
            "a.member_id AND m.referral_id <> a.referral_id), checks the marks, and upgrades "
            "again."
        )


def upgrade() -> None:
    _refuse_crossed_marks()
    with op.batch_alter_table(MEMBERS) as batch:
        batch.create_unique_constraint(op.f(PLACE_OF_REFERRAL_KEY), ["id", "referral_id"])
    with op.batch_alter_table(ATTENDANCE) as batch:
        batch.create_foreign_key(
            op.f(MARK_PLACE_OF_REFERRAL),
            MEMBERS,
            ["member_id", "referral_id"],
            ["id", "referral_id"],
            ondelete="CASCADE",
        )


def downgrade() -> None:
    with op.batch_alter_table(ATTENDANCE) as batch:
        batch.drop_constraint(op.f(MARK_PLACE_OF_REFERRAL), type_="foreignkey")
    with op.batch_alter_table(MEMBERS) as batch:
        batch.drop_constraint(op.f(PLACE_OF_REFERRAL_KEY), type_="unique")
