"""Caseload search on PostgreSQL: a trigram index (pg_trgm) on ``people.search_text``.

The search is a substring match of every word (``LIKE '%term%'``); without this index each
search read every row of the teams in reach (about 35,000 rows per team at 100,000 people). A
GIN index of the text's trigrams finds the matching rows directly for any term of three
characters or more (``storage/people_search_index.py``).

PostgreSQL only: nothing changes on SQLite. The ``pg_trgm`` extension is created when missing
(a trusted extension: a database owner may create it); where the server lacks it or refuses,
the index is skipped with a warning and search keeps working as a scan. The downgrade drops the
index and leaves the extension (other databases' objects may use it).

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-02 06:30:00
"""

import logging

import sqlalchemy as sa
from alembic import op

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None

INDEX_NAME = "ix_people_search_trigram"  # copied so the migration never changes

log = logging.getLogger("resettle.storage.migrate")


def _has_trigrams(connection: sa.Connection) -> bool:
    """Whether ``pg_trgm`` is installed in the database, creating it when missing."""
    if connection.exec_driver_sql("SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm'").first():
        return True
    available = connection.exec_driver_sql(
        "SELECT 1 FROM pg_available_extensions WHERE name = 'pg_trgm'"
    ).first()
    if not available:
        log.warning("pg_trgm is not installed on the server: caseload search has no index")
        return False
    try:
        with connection.begin_nested():
            connection.exec_driver_sql("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    except sa.exc.DBAPIError as error:
        log.warning(
            "pg_trgm could not be created (%s): caseload search has no index",
            type(error.orig).__name__,
        )
        return False
    return True


def upgrade() -> None:
    connection = op.get_bind()
    if connection.dialect.name != "postgresql" or not _has_trigrams(connection):
        return
    op.execute(
        f"CREATE INDEX IF NOT EXISTS {INDEX_NAME} ON people USING gin (search_text gin_trgm_ops)"
    )


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(f"DROP INDEX IF EXISTS {INDEX_NAME}")
