"""Which tables and columns hold a person's data, and how erasure reaches each table's rows.

Found from the models, as the row-level security policies are
(``storage/postgres_access.person_tables``): ``people``, every table with a ``person_id``
column (not the audit trail, which names the person without holding their data), and every
table whose rows hang from one of those (history rows, plan actions). A table added later is
covered the day it is added; the subject-access completeness test can ask ``covered_tables``
and ``text_columns`` which tables and columns erasure removes.

In storage because the PostgreSQL erasure function (``postgres_erasure.py``) is generated from
it when ``resettle db setup-roles`` runs; ``services/erasure/coverage.py`` is its face for the
services.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

from sqlalchemy import JSON, String, Table, Text

from resettle.storage import tables
from resettle.storage.base import Base
from resettle.storage.postgres_access import PERSON_TABLE, person_tables


@dataclass(frozen=True)
class ErasedTable:
    """A table erasure empties of one person's rows: ``condition`` selects them (SQL with the
    parameter ``:person_id``)."""

    name: str
    condition: str
    #: Columns that may hold text typed about the person (strings, text and JSON).
    text_columns: tuple[str, ...]


@cache
def erasure_plan() -> tuple[ErasedTable, ...]:
    """Every person table, in an order that deletes a row before the row it hangs from
    (children first, ``people`` last)."""
    tables.import_all()
    by_name = {table.name: table for table in Base.metadata.sorted_tables}
    found = {table.name for table in person_tables()}
    conditions: dict[str, str] = {}

    def condition(name: str) -> str:
        if name not in conditions:
            conditions[name] = _condition(by_name[name], found, condition)
        return conditions[name]

    ordered = [t for t in reversed(Base.metadata.sorted_tables) if t.name in found]
    return tuple(
        ErasedTable(table.name, condition(table.name), _text_columns(table)) for table in ordered
    )


def _condition(table: Table, found: set[str], parent_condition: Callable[[str], str]) -> str:
    if table.name == PERSON_TABLE:
        return "id = :person_id"
    if "person_id" in table.columns:
        return "person_id = :person_id"
    # The same link the read policy hangs from: the required link to a parent first.
    for key in sorted(table.foreign_keys, key=lambda k: (k.parent.nullable, k.parent.name)):
        parent = key.column.table.name
        if parent in found and parent != PERSON_TABLE and key.parent.name.endswith("_id"):
            return (
                f"{key.parent.name} IN (SELECT {key.column.name} FROM {parent} "
                f"WHERE {parent_condition(parent)})"
            )
    raise LookupError(f"{table.name} holds person data but hangs from no person table")


def _text_columns(table: Table) -> tuple[str, ...]:
    return tuple(
        column.name
        for column in table.columns
        if isinstance(column.type, String | Text | JSON) and not column.foreign_keys
    )


def covered_tables() -> frozenset[str]:
    """The names of the tables erasure removes a person's rows from."""
    return frozenset(table.name for table in erasure_plan())


def text_columns() -> dict[str, tuple[str, ...]]:
    """Table name -> the columns that may hold text about the person, for every covered
    table (the erasure marker test plants a marker in each)."""
    return {table.name: table.text_columns for table in erasure_plan()}
