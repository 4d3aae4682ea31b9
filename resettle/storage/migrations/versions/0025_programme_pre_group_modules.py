"""Pre-group modules marked in the stored programme catalogue.

The catalogue's module model gained ``pre_group`` (preparation before the group starts: its
sessions are not substantive, so attending only them does not complete the programme). A
database seeded by 0021 before that has Building Choices' pre-group module unmarked: the
upgrade marks each stored module the shipped catalogue file marks (same programme code,
module number and name) where the stored definition does not say either way, and leaves
everything else, managers' edits included, as it is. The downgrade removes the key from every
module, as the earlier model refuses keys it does not know.

Revision ID: 0025
Revises: 0024
Create Date: 2026-12-02 17:30:00
"""

import copy
from typing import Any

import sqlalchemy as sa
from alembic import op

revision = "0025"
down_revision = "0024"
branch_labels = None
depends_on = None

_programmes = sa.table(
    "programmes",
    sa.column("id", sa.Integer()),
    sa.column("code", sa.String()),
    sa.column("definition", sa.JSON()),
)


def _shipped_pre_group() -> set[tuple[str, int, str]]:
    from resettle.domain.programmes.catalogue_file import shipped_catalogue

    return {
        (programme.code, module.number, module.name)
        for programme in shipped_catalogue().programmes
        for module in programme.modules
        if module.pre_group
    }


def _rewrite(change: Any) -> None:
    connection = op.get_bind()
    for row in connection.execute(sa.select(_programmes)).all():
        definition = copy.deepcopy(row.definition)
        if not isinstance(definition, dict) or not change(row.code, definition):
            continue
        connection.execute(
            _programmes.update().where(_programmes.c.id == row.id).values(definition=definition)
        )


def upgrade() -> None:
    shipped = _shipped_pre_group()

    def mark(code: str, definition: dict[str, Any]) -> bool:
        changed = False
        for module in definition.get("modules", []):
            key = (code, module.get("number"), module.get("name"))
            if "pre_group" not in module and key in shipped:
                module["pre_group"] = True
                changed = True
        return changed

    _rewrite(mark)


def downgrade() -> None:
    def unmark(_code: str, definition: dict[str, Any]) -> bool:
        changed = False
        for module in definition.get("modules", []):
            if "pre_group" in module:
                del module["pre_group"]
                changed = True
        return changed

    _rewrite(unmark)
