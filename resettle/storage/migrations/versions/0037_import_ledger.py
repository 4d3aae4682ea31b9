"""The caseload import ledger.

``import_ledger``: one row per person a caseload import made or updated: the import run, the
source file's name and SHA-256, the line, the row's content hash, when and by whom, the
person and the version of their record the import left (``storage/tables/import_ledger.py``).
Re-importing a file reads it to skip rows already imported and to leave alone people changed
in Resettle since. The rows hold data about the person, so the subject access export lists
them and erasure removes them with the person.

Revision ID: 0037
Revises: 0036
Create Date: 2026-12-03 14:30:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0037"
down_revision = "0036"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "import_ledger",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("import_id", sa.String(length=32), nullable=False),
        sa.Column("source_name", sa.String(length=255), nullable=False),
        sa.Column("source_sha256", sa.String(length=64), nullable=False),
        sa.Column("source_line", sa.Integer(), nullable=False),
        sa.Column("row_sha256", sa.String(length=64), nullable=False),
        sa.Column(
            "imported_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("CURRENT_TIMESTAMP"),
            nullable=False,
        ),
        sa.Column("imported_by_id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("person_version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["imported_by_id"], ["staff.id"], name=op.f("fk_import_ledger_imported_by_id_staff")
        ),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["people.id"],
            name=op.f("fk_import_ledger_person_id_people"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_import_ledger")),
    )
    op.create_index("ix_import_ledger_import_id", "import_ledger", ["import_id"])
    op.create_index("ix_import_ledger_person", "import_ledger", ["person_id", "id"])


def downgrade() -> None:
    op.drop_index("ix_import_ledger_person", table_name="import_ledger")
    op.drop_index("ix_import_ledger_import_id", table_name="import_ledger")
    op.drop_table("import_ledger")
