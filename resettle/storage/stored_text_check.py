"""How many stored text values hold control characters, per table and column (``db check``).

Before the control-character check (``domain/text_fields.py``) SQLite stored NUL and other
control characters silently, and a line break could reach a single-line field through the CLI.
Such a record still opens (it is read with ``context=STORED``), but saving it again is refused
until the field is corrected; this check says where they are. Counts only, never the values.

A column is multi-line (its line breaks and tabs are ordinary text) when it is ``Text`` or
named in :data:`MULTI_LINE_STRING_COLUMNS`; in every other text column a line break counts too.
JSON columns (essentials' details, programme definitions) are not scanned.
"""

from __future__ import annotations

from typing import Final

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from resettle.domain.text_fields import control_character_at, normalise_line_ends
from resettle.storage.base import Base
from resettle.storage.tables import import_all

#: ``String`` columns whose input field is multi-line (the other multi-line fields are ``Text``).
MULTI_LINE_STRING_COLUMNS: Final = frozenset(
    {
        ("support_needs", "detail"),
        ("providers", "address"),
    }
)

_SQLITE_FUNCTION: Final = "resettle_control_character"

# PostgreSQL cannot store NUL in text; lone surrogates neither. Cc (C0, DEL, C1), U+2028, U+2029.
_PG_SINGLE_LINE: Final = r"[\x01-\x1f\x7f-\x9f\u2028\u2029]"
_PG_MULTI_LINE: Final = r"[\x01-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029]"  # not \t \n \r


def _holds_control_character(value: object, multi_line: int) -> int:
    if not isinstance(value, str):
        return 0
    text = normalise_line_ends(value) if multi_line else value
    return int(control_character_at(text, multi_line=bool(multi_line)) is not None)


def _text_columns(connection: Connection) -> list[tuple[sa.Table, list[sa.Column[str]]]]:
    """Every table's text columns that the database holds (a missing table is left to the
    backend's own check)."""
    import_all()
    inspector = sa.inspect(connection)
    present = set(inspector.get_table_names())
    found = []
    for table in Base.metadata.sorted_tables:
        if table.name not in present:
            continue
        stored = {column["name"] for column in inspector.get_columns(table.name)}
        columns = [
            column
            for column in table.columns
            if isinstance(column.type, sa.String) and column.name in stored
        ]
        if columns:
            found.append((table, columns))
    return found


def _is_multi_line(table: sa.Table, column: sa.Column[str]) -> bool:
    return isinstance(column.type, sa.Text) or (table.name, column.name) in (
        MULTI_LINE_STRING_COLUMNS
    )


def control_character_counts(connection: Connection) -> dict[tuple[str, str], int]:
    """``(table, column)`` -> how many stored values hold a control character (only the
    columns where some do)."""
    sqlite = connection.dialect.name == "sqlite"
    if sqlite:
        connection.connection.driver_connection.create_function(  # type: ignore[union-attr]
            _SQLITE_FUNCTION, 2, _holds_control_character, deterministic=True
        )
    counts: dict[tuple[str, str], int] = {}
    for table, columns in _text_columns(connection):
        sums = []
        for column in columns:
            multi_line = _is_multi_line(table, column)
            if sqlite:
                hit = getattr(sa.func, _SQLITE_FUNCTION)(column, int(multi_line)) == 1
            else:
                hit = column.regexp_match(_PG_MULTI_LINE if multi_line else _PG_SINGLE_LINE)
            sums.append(sa.func.coalesce(sa.func.sum(sa.case((hit, 1), else_=0)), 0))
        row = connection.execute(sa.select(*sums).select_from(table)).one()
        for column, count in zip(columns, row, strict=True):
            if count:
                counts[(table.name, column.name)] = int(count)
    return counts


def control_character_warnings(connection: Connection) -> list[str]:
    """One line per column holding control characters, and what to do (counts only)."""
    counts = control_character_counts(connection)
    if not counts:
        return []
    lines = [
        f"{table}.{column}: {count} stored "
        f"{'value holds' if count == 1 else 'values hold'} control characters"
        for (table, column), count in sorted(counts.items())
    ]
    lines.append(
        "These were saved before Resettle refused control characters (such as NUL or a line "
        "break in a name). The records still open; saving one again names the field to "
        "correct: open each record and retype that field."
    )
    return lines
