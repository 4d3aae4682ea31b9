"""The completeness checks against the person-data schema snapshot, written once so each
kind of coverage (the subject access export now; erasure next) is checked the same way."""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path

SNAPSHOT = Path(__file__).with_name("person_data_schema.json")
REGENERATE = (
    "If the change is meant, run `.venv/bin/python scripts/regenerate-person-data-snapshot.py`, "
    "commit tests/data_protection/person_data_schema.json, and say for each new column where "
    "it goes in the subject access export (resettle/services/subject_access/coverage.py) and "
    "in erasure."
)

Schema = Mapping[str, Mapping[str, str]]


def snapshot() -> dict[str, dict[str, str]]:
    loaded: dict[str, dict[str, str]] = json.loads(SNAPSHOT.read_text(encoding="utf-8"))
    return loaded


def schema_changes(recorded: Schema, current: Schema) -> list[str]:
    """How the models' person-data tables differ from the snapshot, one line each."""
    changes = []
    for table in sorted(set(recorded) | set(current)):
        if table not in current:
            changes.append(f"table {table} no longer holds person data (or was removed)")
            continue
        if table not in recorded:
            changes.append(f"table {table} holds person data and is not in the snapshot")
            continue
        was, now = recorded[table], current[table]
        for column in sorted(set(was) | set(now)):
            if column not in now:
                changes.append(f"column {table}.{column} was removed")
            elif column not in was:
                changes.append(f"column {table}.{column} ({now[column]}) is new")
            elif was[column] != now[column]:
                changes.append(f"column {table}.{column} is {now[column]}, was {was[column]}")
    return changes


def coverage_gaps(
    recorded: Schema, coverage: Mapping[str, Mapping[str, object]], what: str
) -> list[str]:
    """Columns of the snapshot that ``coverage`` (table -> column -> where it goes, or why
    not) does not mention, and columns it mentions that the snapshot does not hold."""
    gaps = []
    for table, columns in sorted(recorded.items()):
        covered = coverage.get(table, {})
        gaps += [
            f"{what} does not say where {table}.{column} goes (or why it is left out)"
            for column in sorted(set(columns) - set(covered))
        ]
        gaps += [
            f"{what} names {table}.{column}, which the snapshot does not hold"
            for column in sorted(set(covered) - set(columns))
        ]
    gaps += [
        f"{what} names table {table}, which the snapshot does not hold"
        for table in sorted(set(coverage) - set(recorded))
    ]
    return gaps
