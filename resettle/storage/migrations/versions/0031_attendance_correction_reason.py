"""Why an attendance mark was corrected.

A correction of a mark (``programme_attendance`` row with ``mark_number`` 2 and up) now says
why it was made: ``correction_reason``, short text typed by the programme team (at most 200
characters). A first mark has none (null); corrections recorded before this revision have
none either (the history shows them as corrected without a reason). The text may name
people, so the subject access export lists it for review and erasure removes it with the
person's marks.

Revision ID: 0031
Revises: 0030
Create Date: 2026-12-03 04:40:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0031"
down_revision = "0030"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("programme_attendance") as batch:
        batch.add_column(sa.Column("correction_reason", sa.String(length=200), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("programme_attendance") as batch:
        batch.drop_column("correction_reason")
