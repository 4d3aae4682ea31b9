"""Each part of a record has its own revision: needs, essentials, risk and each referral.

A part never saved has no row (revision 0), so existing records need no data. The profile's
revision stays the person row's ``version``, which other parts no longer bump.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-01 15:00:00
"""
from alembic import op
import sqlalchemy as sa


revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('record_part_revisions',
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('part', sa.String(length=32), nullable=False),
    sa.Column('revision', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['person_id'], ['people.id'], name=op.f('fk_record_part_revisions_person_id_people'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('person_id', 'part', name=op.f('pk_record_part_revisions'))
    )


def downgrade() -> None:
    op.drop_table('record_part_revisions')
