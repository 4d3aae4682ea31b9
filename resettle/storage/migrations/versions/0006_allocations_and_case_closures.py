"""Allocation history and case closures; people found by PNC number and date of birth.

Every allocation to an officer is kept (``allocations``), and a case can be closed with a
reason and reopened (``case_closures``; at most one open closure per person), and the
person row says whether the case is closed (``people.case_closed``, for the caseload's filter). People already
allocated get one history row, with no "allocated by" (it was not recorded) and the time
their record was created. Indexes on ``people.pnc_number`` and ``people.date_of_birth`` serve
the check for possible duplicates when a person is registered.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-01 17:45:00
"""
from alembic import op
import sqlalchemy as sa


revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('allocations',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('officer_id', sa.Integer(), nullable=False),
    sa.Column('previous_officer_id', sa.Integer(), nullable=True),
    sa.Column('allocated_by_id', sa.Integer(), nullable=True),
    sa.Column('allocated_at', sa.DateTime(timezone=True), server_default=sa.func.current_timestamp(), nullable=False),
    sa.ForeignKeyConstraint(['allocated_by_id'], ['staff.id'], name=op.f('fk_allocations_allocated_by_id_staff')),
    sa.ForeignKeyConstraint(['officer_id'], ['staff.id'], name=op.f('fk_allocations_officer_id_staff')),
    sa.ForeignKeyConstraint(['person_id'], ['people.id'], name=op.f('fk_allocations_person_id_people'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['previous_officer_id'], ['staff.id'], name=op.f('fk_allocations_previous_officer_id_staff')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_allocations'))
    )
    op.create_index(op.f('ix_allocations_person_id'), 'allocations', ['person_id'], unique=False)
    op.create_table('case_closures',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('reason', sa.String(length=32), nullable=False),
    sa.Column('other_reason', sa.String(length=200), nullable=False),
    sa.Column('closed_by_id', sa.Integer(), nullable=False),
    sa.Column('closed_at', sa.DateTime(timezone=True), server_default=sa.func.current_timestamp(), nullable=False),
    sa.Column('reopened_by_id', sa.Integer(), nullable=True),
    sa.Column('reopened_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['closed_by_id'], ['staff.id'], name=op.f('fk_case_closures_closed_by_id_staff')),
    sa.ForeignKeyConstraint(['person_id'], ['people.id'], name=op.f('fk_case_closures_person_id_people'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['reopened_by_id'], ['staff.id'], name=op.f('fk_case_closures_reopened_by_id_staff')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_case_closures'))
    )
    op.create_index(op.f('ix_case_closures_person_id'), 'case_closures', ['person_id'], unique=False)
    op.create_index('uq_case_closures_open', 'case_closures', ['person_id'], unique=True, sqlite_where=sa.text('reopened_at IS NULL'), postgresql_where=sa.text('reopened_at IS NULL'))
    op.add_column('people', sa.Column('case_closed', sa.Boolean(), server_default=sa.false(), nullable=False))
    op.create_index(op.f('ix_people_date_of_birth'), 'people', ['date_of_birth'], unique=False)
    op.create_index(op.f('ix_people_pnc_number'), 'people', ['pnc_number'], unique=False)
    op.execute(
        "INSERT INTO allocations (person_id, officer_id, allocated_at) "
        "SELECT id, responsible_officer_id, created_at FROM people "
        "WHERE responsible_officer_id IS NOT NULL ORDER BY id"
    )


def downgrade() -> None:
    op.drop_index(op.f('ix_people_pnc_number'), table_name='people')
    op.drop_index(op.f('ix_people_date_of_birth'), table_name='people')
    with op.batch_alter_table('people') as batch:
        batch.drop_column('case_closed')
    op.drop_index('uq_case_closures_open', table_name='case_closures')
    op.drop_index(op.f('ix_case_closures_person_id'), table_name='case_closures')
    op.drop_table('case_closures')
    op.drop_index(op.f('ix_allocations_person_id'), table_name='allocations')
    op.drop_table('allocations')
