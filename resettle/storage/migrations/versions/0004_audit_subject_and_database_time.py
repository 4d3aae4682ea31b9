"""Audit rows name their subject person as a column and take their time from the database.

``person_id`` has no foreign key on purpose (erasing a person later must be able to keep the
trail) and is indexed. Existing rows get it where it can be derived: rows about a person
(entity type ``person``) and rows that kept the person inside their details (support needs,
referrals, case notes). ``at`` gets ``CURRENT_TIMESTAMP`` as its server default: UTC on
SQLite (text) and on PostgreSQL (timestamptz).

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-01 14:40:00
"""
from alembic import op
import sqlalchemy as sa


revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None

_BATCH = 1000


def upgrade() -> None:
    with op.batch_alter_table('audit_log', schema=None) as batch_op:
        batch_op.add_column(sa.Column('person_id', sa.Integer(), nullable=True))
        batch_op.alter_column(
            'at',
            existing_type=sa.DateTime(timezone=True),
            existing_nullable=False,
            server_default=sa.func.current_timestamp(),
        )
        batch_op.create_index(batch_op.f('ix_audit_log_person_id'), ['person_id'], unique=False)
    _derive_person_ids()


def _derive_person_ids() -> None:
    audit = sa.table(
        'audit_log',
        sa.column('id', sa.Integer()),
        sa.column('entity_type', sa.String()),
        sa.column('entity_id', sa.Integer()),
        sa.column('person_id', sa.Integer()),
        sa.column('details', sa.JSON()),
    )
    connection = op.get_bind()
    connection.execute(
        audit.update()
        .where(audit.c.entity_type == 'person')
        .values(person_id=audit.c.entity_id)
    )
    rows = connection.execute(
        sa.select(audit.c.id, audit.c.details).where(
            audit.c.entity_type.in_(['support_need', 'referral', 'case_note'])
        )
    )
    updates = [
        {'row_id': row_id, 'subject': details['person_id']}
        for row_id, details in rows
        if isinstance(details, dict) and isinstance(details.get('person_id'), int)
    ]
    statement = (
        audit.update()
        .where(audit.c.id == sa.bindparam('row_id'))
        .values(person_id=sa.bindparam('subject'))
    )
    for start in range(0, len(updates), _BATCH):
        connection.execute(statement, updates[start : start + _BATCH])


def downgrade() -> None:
    with op.batch_alter_table('audit_log', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_audit_log_person_id'))
        batch_op.alter_column(
            'at',
            existing_type=sa.DateTime(timezone=True),
            existing_nullable=False,
            server_default=None,
        )
        batch_op.drop_column('person_id')
