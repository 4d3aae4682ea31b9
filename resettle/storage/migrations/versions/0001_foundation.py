"""Foundation: establishments, staff, people, aliases, audit log, Resettle marker.

Revision ID: 0001
Revises:
Create Date: 2026-11-23 01:29:40.938784
"""
from alembic import op
import sqlalchemy as sa


revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('establishments',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=16), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_establishments')),
    sa.UniqueConstraint('code', name=op.f('uq_establishments_code'))
    )
    op.create_table('resettle_meta',
    sa.Column('key', sa.String(length=64), nullable=False),
    sa.Column('value', sa.String(length=400), nullable=False),
    sa.PrimaryKeyConstraint('key', name=op.f('pk_resettle_meta'))
    )
    op.create_table('staff',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('username', sa.String(length=64), nullable=False),
    sa.Column('display_name', sa.String(length=200), nullable=False),
    sa.Column('role', sa.String(length=32), nullable=False),
    sa.Column('establishment_id', sa.Integer(), nullable=True),
    sa.Column('email', sa.String(length=200), nullable=False),
    sa.Column('phone', sa.String(length=40), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['establishment_id'], ['establishments.id'], name=op.f('fk_staff_establishment_id_establishments')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_staff')),
    sa.UniqueConstraint('username', name=op.f('uq_staff_username'))
    )
    with op.batch_alter_table('staff', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_staff_establishment_id'), ['establishment_id'], unique=False)

    op.create_table('audit_log',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('actor_id', sa.Integer(), nullable=True),
    sa.Column('action', sa.String(length=64), nullable=False),
    sa.Column('entity_type', sa.String(length=64), nullable=False),
    sa.Column('entity_id', sa.Integer(), nullable=True),
    sa.Column('details', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['actor_id'], ['staff.id'], name=op.f('fk_audit_log_actor_id_staff')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_audit_log'))
    )
    with op.batch_alter_table('audit_log', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_audit_log_actor_id'), ['actor_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_audit_log_at'), ['at'], unique=False)

    op.create_table('people',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('prison_number', sa.String(length=7), nullable=False),
    sa.Column('crn', sa.String(length=7), nullable=False),
    sa.Column('pnc_number', sa.String(length=16), nullable=True),
    sa.Column('given_name', sa.String(length=100), nullable=False),
    sa.Column('family_name', sa.String(length=100), nullable=False),
    sa.Column('sort_name', sa.String(length=210), nullable=False),
    sa.Column('search_text', sa.Text(), nullable=False),
    sa.Column('date_of_birth', sa.Date(), nullable=False),
    sa.Column('sex', sa.String(length=16), nullable=False),
    sa.Column('gender', sa.String(length=200), nullable=False),
    sa.Column('preferred_language', sa.String(length=200), nullable=False),
    sa.Column('interpreter_needed', sa.Boolean(), nullable=False),
    sa.Column('learning_disability', sa.Boolean(), nullable=False),
    sa.Column('learning_notes', sa.Text(), nullable=False),
    sa.Column('establishment_id', sa.Integer(), nullable=True),
    sa.Column('responsible_officer_id', sa.Integer(), nullable=True),
    sa.Column('key_worker_id', sa.Integer(), nullable=True),
    sa.Column('sentence_date', sa.Date(), nullable=True),
    sa.Column('conditional_release_date', sa.Date(), nullable=True),
    sa.Column('release_date', sa.Date(), nullable=True),
    sa.Column('licence_end_date', sa.Date(), nullable=True),
    sa.Column('release_type', sa.String(length=32), nullable=True),
    sa.Column('offence_category', sa.String(length=40), nullable=True),
    sa.Column('sexual_offence', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['establishment_id'], ['establishments.id'], name=op.f('fk_people_establishment_id_establishments')),
    sa.ForeignKeyConstraint(['key_worker_id'], ['staff.id'], name=op.f('fk_people_key_worker_id_staff')),
    sa.ForeignKeyConstraint(['responsible_officer_id'], ['staff.id'], name=op.f('fk_people_responsible_officer_id_staff')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_people')),
    sa.UniqueConstraint('crn', name=op.f('uq_people_crn')),
    sa.UniqueConstraint('prison_number', name=op.f('uq_people_prison_number'))
    )
    with op.batch_alter_table('people', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_people_establishment_id'), ['establishment_id'], unique=False)
        batch_op.create_index('ix_people_officer_release', ['responsible_officer_id', 'release_date'], unique=False)
        batch_op.create_index('ix_people_release_order', [sa.text('(release_date IS NULL)'), 'release_date', 'id'], unique=False)
        batch_op.create_index(batch_op.f('ix_people_responsible_officer_id'), ['responsible_officer_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_people_sort_name'), ['sort_name'], unique=False)

    op.create_table('person_aliases',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.ForeignKeyConstraint(['person_id'], ['people.id'], name=op.f('fk_person_aliases_person_id_people'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_person_aliases'))
    )
    with op.batch_alter_table('person_aliases', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_person_aliases_person_id'), ['person_id'], unique=False)

    meta = sa.table("resettle_meta", sa.column("key", sa.String), sa.column("value", sa.String))
    op.bulk_insert(meta, [{"key": "application", "value": "resettle"}])


def downgrade() -> None:
    with op.batch_alter_table('person_aliases', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_person_aliases_person_id'))

    op.drop_table('person_aliases')
    with op.batch_alter_table('people', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_people_sort_name'))
        batch_op.drop_index(batch_op.f('ix_people_responsible_officer_id'))
        batch_op.drop_index('ix_people_release_order')
        batch_op.drop_index('ix_people_officer_release')
        batch_op.drop_index(batch_op.f('ix_people_establishment_id'))

    op.drop_table('people')
    with op.batch_alter_table('audit_log', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_audit_log_at'))
        batch_op.drop_index(batch_op.f('ix_audit_log_actor_id'))

    op.drop_table('audit_log')
    with op.batch_alter_table('staff', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_staff_establishment_id'))

    op.drop_table('staff')
    op.drop_table('resettle_meta')
    op.drop_table('establishments')
