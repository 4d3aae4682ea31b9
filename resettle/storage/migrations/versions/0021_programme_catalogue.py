"""Programme catalogue, offerings, groups and group sessions.

``programmes`` is filled at upgrade from the catalogue file shipped with the app
(``resettle/domain/data/programmes.json``, validated by the domain model): every database,
new or upgraded, then has the same catalogue from its first start, and reading it never
writes (prison staff, who read it, write no catalogue rows on PostgreSQL). From then on the
catalogue is the database's: managers and administrators edit it, audited; a later version of
the file reaches existing databases only through a later migration or those edits. The
downgrade drops the four tables.

Revision ID: 0021
Revises: 0018
Create Date: 2026-12-02 16:30:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0021"
down_revision = "0020"
branch_labels = None
depends_on = None


def upgrade() -> None:
    programmes = op.create_table(
        "programmes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=32), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("definition", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_programmes")),
        sa.UniqueConstraint("code", name=op.f("uq_programmes_code")),
    )
    op.create_table(
        "programme_offerings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("programme_id", sa.Integer(), nullable=False),
        sa.Column("establishment_id", sa.Integer(), nullable=True),
        sa.Column("team_id", sa.Integer(), nullable=True),
        sa.Column("contact", sa.String(length=200), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "(establishment_id IS NULL) <> (team_id IS NULL)",
            name=op.f("ck_programme_offerings_one_place"),
        ),
        sa.ForeignKeyConstraint(
            ["establishment_id"],
            ["establishments.id"],
            name=op.f("fk_programme_offerings_establishment_id_establishments"),
        ),
        sa.ForeignKeyConstraint(
            ["programme_id"],
            ["programmes.id"],
            name=op.f("fk_programme_offerings_programme_id_programmes"),
        ),
        sa.ForeignKeyConstraint(
            ["team_id"], ["teams.id"], name=op.f("fk_programme_offerings_team_id_teams")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_programme_offerings")),
    )
    for column in ("programme_id", "establishment_id", "team_id"):
        op.create_index(op.f(f"ix_programme_offerings_{column}"), "programme_offerings", [column])
    op.create_table(
        "programme_groups",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("offering_id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=40), nullable=False),
        sa.Column("capacity", sa.Integer(), nullable=False),
        sa.Column("starts_on", sa.Date(), nullable=False),
        sa.Column("ends_on", sa.Date(), nullable=False),
        sa.Column("schedule", sa.JSON(), nullable=False),
        sa.Column("facilitator_ids", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["offering_id"],
            ["programme_offerings.id"],
            name=op.f("fk_programme_groups_offering_id_programme_offerings"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_programme_groups")),
        sa.UniqueConstraint("offering_id", "code", name=op.f("uq_programme_groups_offering_id")),
    )
    op.create_index(op.f("ix_programme_groups_offering_id"), "programme_groups", ["offering_id"])
    op.create_table(
        "programme_sessions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("group_id", sa.Integer(), nullable=False),
        sa.Column("sequence", sa.Integer(), nullable=False),
        sa.Column("module_number", sa.Integer(), nullable=False),
        sa.Column("session_number", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("session_type", sa.String(length=16), nullable=False),
        sa.Column("starts_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("ends_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("is_catch_up", sa.Boolean(), nullable=False),
        sa.Column("replaces_session_id", sa.Integer(), nullable=True),
        sa.Column("replaced_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["group_id"],
            ["programme_groups.id"],
            name=op.f("fk_programme_sessions_group_id_programme_groups"),
        ),
        sa.ForeignKeyConstraint(
            ["replaces_session_id"],
            ["programme_sessions.id"],
            name=op.f("fk_programme_sessions_replaces_session_id_programme_sessions"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_programme_sessions")),
    )
    op.create_index(op.f("ix_programme_sessions_group_id"), "programme_sessions", ["group_id"])
    op.create_index(op.f("ix_programme_sessions_starts_at"), "programme_sessions", ["starts_at"])
    op.bulk_insert(programmes, seed_rows())


def seed_rows() -> list[dict[str, object]]:
    """The shipped catalogue, one row per programme in file order."""
    from resettle.domain.programmes.catalogue_file import shipped_catalogue

    return [
        {
            "code": programme.code,
            "name": programme.name,
            "active": programme.active,
            "position": position,
            "definition": programme.model_dump(mode="json"),
        }
        for position, programme in enumerate(shipped_catalogue().programmes)
    ]


def downgrade() -> None:
    op.drop_table("programme_sessions")
    op.drop_table("programme_groups")
    op.drop_table("programme_offerings")
    op.drop_table("programmes")
