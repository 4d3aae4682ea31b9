"""On SQLite, a person's id is never given again (AUTOINCREMENT on ``people``).

Audit rows keep an erased person's id (they hold no personal data, and the hash chain needs
them). SQLite gives a new row the highest id plus one, so after erasing the newest person
the next one registered got their id, and with it their audit trail ("Who has seen this",
the subject access export) and a tombstone that blocked their own erasure. The table is
rebuilt with AUTOINCREMENT, and its counter starts above every id erased so far. PostgreSQL's
sequences never give an id twice: nothing to do there.

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-02 11:05:00
"""

from alembic import op

revision = "0017"
down_revision = "0016"
branch_labels = None
depends_on = None


def upgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    with op.batch_alter_table(
        "people", recreate="always", table_kwargs={"sqlite_autoincrement": True}
    ):
        pass
    highest = (
        "max((SELECT coalesce(max(id), 0) FROM people), "
        "(SELECT coalesce(max(erased_person_id), 0) FROM erasures))"
    )
    op.execute("DELETE FROM sqlite_sequence WHERE name = 'people'")
    op.execute(f"INSERT INTO sqlite_sequence (name, seq) VALUES ('people', {highest})")


def downgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    with op.batch_alter_table(
        "people", recreate="always", table_kwargs={"sqlite_autoincrement": False}
    ):
        pass
