"""Caseload sort keys and filter columns on people, and an index for every caseload order.

The caseload pages by keyset (sort key, id) instead of OFFSET, so every order needs an index on
``people``: the officer's and establishment's names and the readiness score are copied onto the
person row (``officer_sort``, ``establishment_sort``, ``readiness_score``), with the plan's
state (``plan_state``: the latest version's; ``plan_agreed``: any version agreed or issued)
for the plan filter and honest readiness. The application keeps them current
(``storage/repositories/caseload_keys.py``). This migration fills all but the readiness score,
which depends on the day: the first caseload read computes it for everyone (a few seconds
at 100,000 people) and records the day in ``resettle_meta``. People with no essential
recorded get the open counts of ten essentials still to do, as their record shows them.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-01 19:40:00
"""
from alembic import op
import sqlalchemy as sa


revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column('people', sa.Column('plan_state', sa.String(length=16), nullable=True))
    op.add_column('people', sa.Column('plan_agreed', sa.Boolean(), server_default=sa.false(), nullable=False))
    op.add_column('people', sa.Column('readiness_score', sa.Integer(), nullable=True))
    op.add_column('people', sa.Column('officer_sort', sa.String(length=200), nullable=True))
    op.add_column('people', sa.Column('establishment_sort', sa.String(length=200), nullable=True))
    op.drop_index('ix_people_sort_name', table_name='people')
    op.drop_index('ix_people_release_order', table_name='people')
    op.drop_index('ix_people_officer_release', table_name='people')
    op.execute(
        "UPDATE people SET "
        "plan_state = (SELECT pv.state FROM plan_versions pv WHERE pv.person_id = people.id "
        "ORDER BY pv.version DESC LIMIT 1), "
        "plan_agreed = EXISTS (SELECT 1 FROM plan_versions pv WHERE pv.person_id = people.id "
        "AND pv.state IN ('agreed', 'issued')), "
        "officer_sort = (SELECT s.display_name FROM staff s "
        "WHERE s.id = people.responsible_officer_id), "
        "establishment_sort = (SELECT e.name FROM establishments e "
        "WHERE e.id = people.establishment_id)"
    )
    # People registered with no essential recorded were counted as having none open (and shown
    # "Ready"); every essential is still to do for them: 5 critical and 5 others.
    op.execute(
        "UPDATE people SET open_critical_essentials = 5, open_other_essentials = 5 "
        "WHERE NOT EXISTS (SELECT 1 FROM essentials e WHERE e.person_id = people.id)"
    )
    op.create_index('ix_people_release_order', 'people', ['release_date', 'id'], unique=False)
    op.create_index('ix_people_officer_release', 'people', ['responsible_officer_id', 'release_date', 'id'], unique=False)
    op.create_index('ix_people_key_worker_release', 'people', ['key_worker_id', 'release_date', 'id'], unique=False)
    op.create_index('ix_people_name_order', 'people', ['sort_name', 'id'], unique=False)
    op.create_index('ix_people_officer_order', 'people', ['officer_sort', 'id'], unique=False)
    op.create_index('ix_people_establishment_order', 'people', ['establishment_sort', 'id'], unique=False)
    op.create_index('ix_people_readiness_order', 'people', ['readiness_score', 'id'], unique=False)
    # No day yet: the first caseload read computes every score and claims the day.
    op.execute("DELETE FROM resettle_meta WHERE key = 'readiness_as_of'")
    op.execute("INSERT INTO resettle_meta (key, value) VALUES ('readiness_as_of', '')")


def downgrade() -> None:
    op.execute("DELETE FROM resettle_meta WHERE key = 'readiness_as_of'")
    op.drop_index('ix_people_readiness_order', table_name='people')
    op.drop_index('ix_people_establishment_order', table_name='people')
    op.drop_index('ix_people_officer_order', table_name='people')
    op.drop_index('ix_people_name_order', table_name='people')
    op.drop_index('ix_people_key_worker_release', table_name='people')
    op.drop_index('ix_people_officer_release', table_name='people')
    op.drop_index('ix_people_release_order', table_name='people')
    op.create_index('ix_people_officer_release', 'people', ['responsible_officer_id', 'release_date'], unique=False)
    op.create_index('ix_people_release_order', 'people', [sa.text('(release_date IS NULL)'), 'release_date', 'id'], unique=False)
    op.create_index('ix_people_sort_name', 'people', ['sort_name'], unique=False)
    with op.batch_alter_table('people') as batch:
        batch.drop_column('establishment_sort')
        batch.drop_column('officer_sort')
        batch.drop_column('readiness_score')
        batch.drop_column('plan_agreed')
        batch.drop_column('plan_state')
