"""Horizon linked to the evidence pack's moderate-intensity custody treatment.

Evidence pack 1.1.2 added ``sexual-offending-treatment-custody-moderate`` (custody, moderate
intensity, medium risk), which is what Horizon is; the shipped catalogue file now links
Horizon to it. A database seeded by 0021 before that links Horizon to the high-intensity
custody item: the upgrade moves the link where the stored definition still names the old item,
and leaves a link a manager changed as it is. The downgrade moves it back where it names the
new item (best effort: it cannot tell a link this upgrade made from one a manager chose
afterwards; the catalogue is reference data, not a person's). Programme history entries keep the link they were written with (they are never
rewritten).

Revision ID: 0029
Revises: 0028
Create Date: 2026-12-02 23:40:00
"""

import copy

import sqlalchemy as sa
from alembic import op

revision = "0029"
down_revision = "0028"
branch_labels = None
depends_on = None

_CODE = "HORIZON"
_HIGH = "sexual-offending-treatment-custody"
_MODERATE = "sexual-offending-treatment-custody-moderate"

_programmes = sa.table(
    "programmes",
    sa.column("id", sa.Integer()),
    sa.column("code", sa.String()),
    sa.column("definition", sa.JSON()),
)


def _relink(old: str, new: str) -> None:
    connection = op.get_bind()
    rows = connection.execute(sa.select(_programmes).where(_programmes.c.code == _CODE)).all()
    for row in rows:
        definition = copy.deepcopy(row.definition)
        if not isinstance(definition, dict) or definition.get("evidence_intervention_id") != old:
            continue
        definition["evidence_intervention_id"] = new
        connection.execute(
            _programmes.update().where(_programmes.c.id == row.id).values(definition=definition)
        )


def upgrade() -> None:
    _relink(_HIGH, _MODERATE)


def downgrade() -> None:
    _relink(_MODERATE, _HIGH)
