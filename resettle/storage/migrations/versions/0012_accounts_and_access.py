"""Accounts and access: passwords and lockout, roles and places of work as data, teams, cover
grants and limited-access cases.

- ``staff`` gains its sign-in state (argon2id hash, forced change, failed attempts, lock);
  an upgraded account has no password until an administrator sets one
  (``resettle accounts reset-password``), so nobody signs in without one.
- ``staff.role`` moves to ``staff_roles`` (an account may hold several) and
  ``staff.establishment_id`` to ``establishment_staff`` (prison staff's establishments).
- ``teams`` (probation delivery units), with ``team_members`` (officers), ``managed_teams``
  and ``managed_establishments`` (managers), and ``cover_grants`` (a manager lets an officer
  reach another team's people until an end date).
- ``people.team_id`` (the team whose caseload a person is on), ``people.restricted`` and
  ``person_access`` (the restricted person's named staff, and staff excluded from a person).

A database that already holds staff or people gets one team, "Probation team (from
upgrade)", with every officer in it and every person on it, and every manager managing it and
every establishment: exactly the reach each role had before, which an administrator then
divides into real teams.

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-02 03:10:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None

UPGRADE_TEAM_CODE = "TEAM1"
UPGRADE_TEAM_NAME = "Probation team (from upgrade)"


def _staff_fk(table: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        ["staff_id"], ["staff.id"], name=op.f(f"fk_{table}_staff_id_staff"), ondelete="CASCADE"
    )


def upgrade() -> None:
    op.create_table(
        "teams",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=16), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_teams")),
        sa.UniqueConstraint("code", name=op.f("uq_teams_code")),
    )
    with op.batch_alter_table("staff", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("password_hash", sa.String(length=200), server_default="", nullable=False)
        )
        batch_op.add_column(
            sa.Column(
                "must_change_password", sa.Boolean(), server_default=sa.false(), nullable=False
            )
        )
        batch_op.add_column(
            sa.Column("failed_sign_ins", sa.Integer(), server_default="0", nullable=False)
        )
        batch_op.add_column(sa.Column("locked_until", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(
            sa.Column("password_changed_at", sa.DateTime(timezone=True), nullable=True)
        )
    op.create_table(
        "staff_roles",
        sa.Column("staff_id", sa.Integer(), nullable=False),
        sa.Column("role", sa.String(length=32), nullable=False),
        _staff_fk("staff_roles"),
        sa.PrimaryKeyConstraint("staff_id", "role", name=op.f("pk_staff_roles")),
    )
    op.create_index(op.f("ix_staff_roles_role"), "staff_roles", ["role"], unique=False)
    op.create_table(
        "team_members",
        sa.Column("team_id", sa.Integer(), nullable=False),
        sa.Column("staff_id", sa.Integer(), nullable=False),
        _staff_fk("team_members"),
        sa.ForeignKeyConstraint(
            ["team_id"], ["teams.id"], name=op.f("fk_team_members_team_id_teams")
        ),
        sa.PrimaryKeyConstraint("team_id", "staff_id", name=op.f("pk_team_members")),
    )
    op.create_index(op.f("ix_team_members_staff_id"), "team_members", ["staff_id"], unique=False)
    op.create_table(
        "establishment_staff",
        sa.Column("establishment_id", sa.Integer(), nullable=False),
        sa.Column("staff_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["establishment_id"],
            ["establishments.id"],
            name=op.f("fk_establishment_staff_establishment_id_establishments"),
        ),
        _staff_fk("establishment_staff"),
        sa.PrimaryKeyConstraint(
            "establishment_id", "staff_id", name=op.f("pk_establishment_staff")
        ),
    )
    op.create_index(
        op.f("ix_establishment_staff_staff_id"), "establishment_staff", ["staff_id"], unique=False
    )
    op.create_table(
        "managed_teams",
        sa.Column("staff_id", sa.Integer(), nullable=False),
        sa.Column("team_id", sa.Integer(), nullable=False),
        _staff_fk("managed_teams"),
        sa.ForeignKeyConstraint(
            ["team_id"], ["teams.id"], name=op.f("fk_managed_teams_team_id_teams")
        ),
        sa.PrimaryKeyConstraint("staff_id", "team_id", name=op.f("pk_managed_teams")),
    )
    op.create_table(
        "managed_establishments",
        sa.Column("staff_id", sa.Integer(), nullable=False),
        sa.Column("establishment_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["establishment_id"],
            ["establishments.id"],
            name=op.f("fk_managed_establishments_establishment_id_establishments"),
        ),
        _staff_fk("managed_establishments"),
        sa.PrimaryKeyConstraint(
            "staff_id", "establishment_id", name=op.f("pk_managed_establishments")
        ),
    )
    op.create_table(
        "cover_grants",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("staff_id", sa.Integer(), nullable=False),
        sa.Column("team_id", sa.Integer(), nullable=False),
        sa.Column("starts_on", sa.Date(), nullable=False),
        sa.Column("ends_on", sa.Date(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("granted_by_id", sa.Integer(), nullable=False),
        sa.Column("granted_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["granted_by_id"], ["staff.id"], name=op.f("fk_cover_grants_granted_by_id_staff")
        ),
        sa.ForeignKeyConstraint(
            ["staff_id"], ["staff.id"], name=op.f("fk_cover_grants_staff_id_staff")
        ),
        sa.ForeignKeyConstraint(
            ["team_id"], ["teams.id"], name=op.f("fk_cover_grants_team_id_teams")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_cover_grants")),
    )
    op.create_index(op.f("ix_cover_grants_staff_id"), "cover_grants", ["staff_id"], unique=False)
    op.create_table(
        "person_access",
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("staff_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("set_by_id", sa.Integer(), nullable=True),
        sa.Column("set_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["people.id"],
            name=op.f("fk_person_access_person_id_people"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["set_by_id"], ["staff.id"], name=op.f("fk_person_access_set_by_id_staff")
        ),
        _staff_fk("person_access"),
        sa.PrimaryKeyConstraint("person_id", "staff_id", name=op.f("pk_person_access")),
    )
    op.create_index(op.f("ix_person_access_staff_id"), "person_access", ["staff_id"], unique=False)
    with op.batch_alter_table("people", schema=None) as batch_op:
        batch_op.add_column(sa.Column("team_id", sa.Integer(), nullable=True))
        batch_op.add_column(
            sa.Column("restricted", sa.Boolean(), server_default=sa.false(), nullable=False)
        )
        batch_op.create_foreign_key(
            batch_op.f("fk_people_team_id_teams"), "teams", ["team_id"], ["id"]
        )
        batch_op.create_index(
            "ix_people_team_release", ["team_id", "release_date", "id"], unique=False
        )

    _move_roles_and_places()
    with op.batch_alter_table("staff", schema=None) as batch_op:
        batch_op.drop_index("ix_staff_establishment_id")
        batch_op.drop_constraint("fk_staff_establishment_id_establishments", type_="foreignkey")
        batch_op.drop_column("establishment_id")
        batch_op.drop_column("role")


def _move_roles_and_places() -> None:
    op.execute("INSERT INTO staff_roles (staff_id, role) SELECT id, role FROM staff")
    op.execute(
        "INSERT INTO establishment_staff (establishment_id, staff_id) "
        "SELECT establishment_id, id FROM staff "
        "WHERE role = 'prison_staff' AND establishment_id IS NOT NULL"
    )
    bind = op.get_bind()
    anyone = bind.execute(
        sa.text("SELECT EXISTS (SELECT 1 FROM staff) OR EXISTS (SELECT 1 FROM people)")
    ).scalar()
    if not anyone:
        return
    teams = sa.table("teams", sa.column("code"), sa.column("name"), sa.column("active", sa.Boolean))
    op.execute(teams.insert().values(code=UPGRADE_TEAM_CODE, name=UPGRADE_TEAM_NAME, active=True))
    team = f"(SELECT id FROM teams WHERE code = '{UPGRADE_TEAM_CODE}')"
    op.execute(
        f"INSERT INTO team_members (team_id, staff_id) "
        f"SELECT {team}, id FROM staff WHERE role = 'officer'"
    )
    op.execute(
        f"INSERT INTO managed_teams (staff_id, team_id) "
        f"SELECT id, {team} FROM staff WHERE role = 'manager'"
    )
    op.execute(
        "INSERT INTO managed_establishments (staff_id, establishment_id) "
        "SELECT staff.id, establishments.id FROM staff, establishments "
        "WHERE staff.role = 'manager'"
    )
    op.execute(f"UPDATE people SET team_id = {team}")


def downgrade() -> None:
    with op.batch_alter_table("staff", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("role", sa.String(length=32), server_default="officer", nullable=False)
        )
        batch_op.add_column(sa.Column("establishment_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f("fk_staff_establishment_id_establishments"),
            "establishments",
            ["establishment_id"],
            ["id"],
        )
        batch_op.create_index("ix_staff_establishment_id", ["establishment_id"], unique=False)
    # The account's main role (officer before prison staff before manager before admin).
    op.execute(
        "UPDATE staff SET role = COALESCE("
        + ", ".join(
            f"(SELECT role FROM staff_roles WHERE staff_id = staff.id AND role = '{role}')"
            for role in ("officer", "prison_staff", "manager", "admin")
        )
        + ", 'officer')"
    )
    op.execute(
        "UPDATE staff SET establishment_id = (SELECT MIN(establishment_id) "
        "FROM establishment_staff WHERE staff_id = staff.id)"
    )
    with op.batch_alter_table("people", schema=None) as batch_op:
        batch_op.drop_index("ix_people_team_release")
        batch_op.drop_constraint("fk_people_team_id_teams", type_="foreignkey")
        batch_op.drop_column("restricted")
        batch_op.drop_column("team_id")
    op.drop_table("person_access")
    op.drop_table("cover_grants")
    op.drop_table("managed_establishments")
    op.drop_table("managed_teams")
    op.drop_table("establishment_staff")
    op.drop_table("team_members")
    op.drop_table("staff_roles")
    with op.batch_alter_table("staff", schema=None) as batch_op:
        batch_op.drop_column("password_changed_at")
        batch_op.drop_column("locked_until")
        batch_op.drop_column("failed_sign_ins")
        batch_op.drop_column("must_change_password")
        batch_op.drop_column("password_hash")
    op.drop_table("teams")
