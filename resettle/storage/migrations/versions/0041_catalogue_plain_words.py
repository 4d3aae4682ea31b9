"""The person's words for support-need catalogue entries an administrator adds.

``support_need_catalogue.plain_title`` and ``plain_sentence``: printed on the person's copy of
a plan in place of the entry's label. Empty for every entry there is: the default entries'
words are in the code (``domain/catalogue_plain.py``); an entry added before now keeps its
label on the person's copy until an administrator gives it words (``resettle catalogue
relabel``).

Revision ID: 0041
Revises: 0040
Create Date: 2026-12-04 11:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0041"
down_revision = "0040"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("support_need_catalogue") as batch:
        batch.add_column(
            sa.Column("plain_title", sa.String(120), server_default="", nullable=False)
        )
        batch.add_column(
            sa.Column("plain_sentence", sa.String(300), server_default="", nullable=False)
        )


def downgrade() -> None:
    with op.batch_alter_table("support_need_catalogue") as batch:
        batch.drop_column("plain_sentence")
        batch.drop_column("plain_title")
