"""Alembic environment: always given a connection by Resettle (see storage/migrate.py)."""

from __future__ import annotations

from alembic import context

from resettle.storage import tables
from resettle.storage.base import Base, UtcDateTime
from resettle.storage.people_search_index import outside_models


def render_item(type_: str, obj: object, autogen_context: object) -> str | bool:
    """Write our UTC column type as a plain timezone-aware DateTime in migrations."""
    if type_ == "type" and isinstance(obj, UtcDateTime):
        return "sa.DateTime(timezone=True)"
    return False


tables.import_all()
config = context.config
connection = config.attributes.get("connection")
if connection is None:
    raise RuntimeError("Run migrations through 'resettle db upgrade', which supplies the database.")

context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=connection.dialect.name == "sqlite",
    compare_type=True,
    render_item=render_item,
    include_object=outside_models,
)
with context.begin_transaction():
    context.run_migrations()
