"""Programme need items: the programme needs identifier's thirteen items and the SARA levels a
person's Risk tab records (one row per person; erased with the person).

Revision ID: 0019
Revises: 0018
Create Date: 2026-12-02 16:30:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0019"
down_revision = "0018"
branch_labels = None
depends_on = None

ITEMS = (
    "sexual_preoccupation",
    "offence_related_sexual_interests",
    "emotional_congruence_with_children",
    "pro_criminal_attitudes",
    "hostile_orientation",
    "current_relationship_with_family",
    "previous_close_relationships",
    "easily_influenced_by_criminals",
    "aggressive_controlling_behaviour",
    "impulsivity",
    "temper_control",
    "problem_solving_skills",
    "difficulties_coping",
)


def upgrade() -> None:
    op.create_table(
        "programme_need_items",
        sa.Column("person_id", sa.Integer(), nullable=False),
        *(sa.Column(name, sa.SmallInteger(), nullable=True) for name in ITEMS),
        sa.Column("sara_partner", sa.String(length=16), nullable=True),
        sa.Column("sara_other", sa.String(length=16), nullable=True),
        sa.Column("updated_by_id", sa.Integer(), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["people.id"],
            name=op.f("fk_programme_need_items_person_id_people"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["updated_by_id"],
            ["staff.id"],
            name=op.f("fk_programme_need_items_updated_by_id_staff"),
        ),
        sa.PrimaryKeyConstraint("person_id", name=op.f("pk_programme_need_items")),
    )


def downgrade() -> None:
    op.drop_table("programme_need_items")
