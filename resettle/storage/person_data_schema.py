"""The schema of every table that holds a person's data: table -> column -> type.

Checked in as ``tests/data_protection/person_data_schema.json`` (written by
``scripts/regenerate-person-data-snapshot.py``); the completeness tests compare the models
with it, and it with what the subject access export (and erasure) cover.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import Table

from resettle.storage import tables
from resettle.storage.base import Base
from resettle.storage.postgres_access import person_tables


def person_data_schema(all_tables: Iterable[Table] | None = None) -> dict[str, dict[str, str]]:
    """``{table: {column: type}}`` for the tables ``person_tables`` finds, sorted by name."""
    if all_tables is None:
        tables.import_all()
        all_tables = Base.metadata.sorted_tables
    by_name = {table.name: table for table in all_tables}
    return {
        found.name: {
            column.name: str(column.type)
            for column in sorted(by_name[found.name].columns, key=lambda c: c.name)
        }
        for found in person_tables(by_name.values())
    }
