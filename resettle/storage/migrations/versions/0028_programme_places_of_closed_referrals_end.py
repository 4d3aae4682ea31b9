"""A closed referral's group place ends. From this revision a move that closes a referral
(programme complete, deselected, withdrawn, not eligible, not suitable) ends its place in the
same unit of work; places of referrals closed before it still hold a seat, stay on every later
register (where they can neither be marked nor left out) and cannot be withdrawn, since a closed
referral's place is part of its record. They end at the time the referral closed.

The downgrade leaves the ended places as they are: an ended place is valid at every revision.

Revision ID: 0028
Revises: 0027
Create Date: 2026-12-02 21:10:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0028"
down_revision = "0027"
branch_labels = None
depends_on = None

END_PLACES_OF_CLOSED_REFERRALS = sa.text(
    "UPDATE programme_group_members SET left_at = ("
    " SELECT r.status_since FROM programme_referrals r"
    " WHERE r.id = programme_group_members.referral_id)"
    " WHERE left_at IS NULL AND referral_id IN ("
    " SELECT r.id FROM programme_referrals r"
    " JOIN programme_referral_statuses s ON s.code = r.status WHERE s.closed)"
)


def upgrade() -> None:
    op.get_bind().execute(END_PLACES_OF_CLOSED_REFERRALS)


def downgrade() -> None:
    pass  # an ended place is valid at every revision
