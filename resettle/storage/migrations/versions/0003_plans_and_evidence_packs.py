"""Through-the-gate plans (versions, actions), accepted recommendations, imported evidence
packs.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-23 01:50:58.491023
"""
from alembic import op
import sqlalchemy as sa


revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('evidence_packs',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('pack_version', sa.String(length=32), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('content', sa.LargeBinary(), nullable=False),
    sa.Column('imported_by', sa.String(length=200), nullable=False),
    sa.Column('imported_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_evidence_packs')),
    sa.UniqueConstraint('pack_version', name=op.f('uq_evidence_packs_pack_version'))
    )
    op.create_table('accepted_recommendations',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('intervention_id', sa.String(length=80), nullable=False),
    sa.Column('pack_version', sa.String(length=32), nullable=False),
    sa.Column('rule_version', sa.String(length=32), nullable=False),
    sa.Column('accepted_by', sa.String(length=200), nullable=False),
    sa.Column('accepted_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['person_id'], ['people.id'], name=op.f('fk_accepted_recommendations_person_id_people'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_accepted_recommendations')),
    sa.UniqueConstraint('person_id', 'intervention_id', name=op.f('uq_accepted_recommendations_person_id'))
    )
    op.create_table('plan_versions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('revision', sa.Integer(), nullable=False),
    sa.Column('state', sa.String(length=16), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('created_by', sa.String(length=200), nullable=False),
    sa.Column('agreed_by', sa.String(length=200), nullable=True),
    sa.Column('agreed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('agreed_by_person', sa.Boolean(), nullable=False),
    sa.Column('person_agreed_on', sa.Date(), nullable=True),
    sa.Column('person_agreed_how', sa.String(length=16), nullable=True),
    sa.Column('issued_by', sa.String(length=200), nullable=True),
    sa.Column('issued_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('snapshot_sha256', sa.String(length=64), nullable=True),
    sa.Column('snapshot_json', sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(['person_id'], ['people.id'], name=op.f('fk_plan_versions_person_id_people'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_plan_versions')),
    sa.UniqueConstraint('person_id', 'version', name=op.f('uq_plan_versions_person_id'))
    )
    op.create_table('plan_actions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('plan_version_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('pathway', sa.String(length=40), nullable=False),
    sa.Column('what', sa.Text(), nullable=False),
    sa.Column('owner', sa.String(length=16), nullable=True),
    sa.Column('due_kind', sa.String(length=16), nullable=True),
    sa.Column('due_on', sa.Date(), nullable=True),
    sa.Column('due_offset_days', sa.Integer(), nullable=True),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('source_intervention_id', sa.String(length=80), nullable=True),
    sa.Column('source_support_need_id', sa.Integer(), nullable=True),
    sa.Column('source_essential_kind', sa.String(length=40), nullable=True),
    sa.Column('source_referral_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['plan_version_id'], ['plan_versions.id'], name=op.f('fk_plan_actions_plan_version_id_plan_versions'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_plan_actions'))
    )
    with op.batch_alter_table('plan_actions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_plan_actions_plan_version_id'), ['plan_version_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('plan_actions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_plan_actions_plan_version_id'))

    op.drop_table('plan_actions')
    op.drop_table('plan_versions')
    op.drop_table('accepted_recommendations')
    op.drop_table('evidence_packs')
