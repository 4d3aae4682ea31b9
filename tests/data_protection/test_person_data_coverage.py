"""Completeness: every table and column holding a person's data is in the schema snapshot
beside this file, the subject access export says where each goes (or why it is left
out), and erasure removes it. A new column fails here until all three are updated (the
failure says how).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from sqlalchemy import Column, ForeignKey, Integer, MetaData, Table, Text

from resettle.domain.staff import Role
from resettle.domain.subject_access import Period
from resettle.services.erasure.coverage import covered_tables
from resettle.services.subject_access.content import PROFILE
from resettle.services.subject_access.coverage import (
    PERSON_DATA,
    SECTIONS,
    Exported,
    InAudit,
    Section,
)
from resettle.services.subject_access.export import export_subject_access
from resettle.services.workspace import Workspace
from resettle.storage import tables
from resettle.storage.base import Base
from resettle.storage.person_data_schema import person_data_schema
from tests.accounts import workspace_as
from tests.data_protection.coverage_check import (
    REGENERATE,
    coverage_gaps,
    schema_changes,
    snapshot,
)
from tests.data_protection.full_person import PRISON_NUMBER, populate_everything

SAR = "The subject access export"
ERASURE = "Erasure"


def _failure(problems: list[str]) -> str:
    return "\n".join(["", *problems, "", REGENERATE])


def test_the_snapshot_matches_the_models() -> None:
    changes = schema_changes(snapshot(), person_data_schema())
    assert not changes, _failure(changes)


def test_the_subject_access_export_says_where_every_column_goes() -> None:
    gaps = coverage_gaps(snapshot(), PERSON_DATA, SAR)
    assert not gaps, _failure(gaps)


def _erased_columns() -> dict[str, dict[str, str]]:
    """Erasure deletes whole rows: every column of each table it empties is removed."""
    current = person_data_schema()
    return {
        table: dict.fromkeys(current.get(table, {}), "row deleted") for table in covered_tables()
    }


def test_erasure_removes_every_column_of_the_snapshot() -> None:
    gaps = coverage_gaps(snapshot(), _erased_columns(), ERASURE)
    assert not gaps, _failure(gaps)


def _sections(sections: tuple[Section, ...]) -> Iterator[Section]:
    for section in sections:
        yield section
        yield from _sections(section.children)


def test_every_table_with_exported_columns_fills_a_section() -> None:
    filled = {section.table for section in _sections((PROFILE, *SECTIONS))}
    exporting = {
        table
        for table, columns in PERSON_DATA.items()
        if any(isinstance(c, Exported) for c in columns.values())
    }
    assert exporting - filled == set()


def _items(section: Section, parents: list[Any]) -> list[Any]:
    found = []
    for parent in parents:
        value = parent[section.name]
        found += value if isinstance(value, list) else [value]
    return found


def test_every_exported_column_is_in_the_export_of_a_fully_recorded_person(
    workspace: Workspace,
) -> None:
    populate_everything(workspace)
    manager = workspace_as(workspace, Role.MANAGER)
    exported = manager.run(export_subject_access, PRISON_NUMBER, Period())
    document = json.loads(exported.json_text)["content"]

    def check(section: Section, parents: list[Any]) -> None:
        items = _items(section, parents)
        assert items, f"no {section.name} rows exported from {section.table}"
        for column, coverage in PERSON_DATA[section.table].items():
            if isinstance(coverage, Exported):
                assert all(coverage.key in item for item in items), (section.table, column)
        for child in section.children:
            check(child, items)

    for section in (PROFILE, *SECTIONS):
        check(section, [document])


def test_every_column_shown_in_the_audit_is_in_the_export_of_a_fully_recorded_person(
    workspace: Workspace,
) -> None:
    populate_everything(workspace)
    manager = workspace_as(workspace, Role.MANAGER)
    exported = manager.run(export_subject_access, PRISON_NUMBER, Period())
    shown = {
        key
        for entry in json.loads(exported.json_text)["content"]["audit"]
        for key, value in entry["details"].items()
        if value
    }
    in_audit = {
        (table, coverage.key)
        for table, columns in PERSON_DATA.items()
        for coverage in columns.values()
        if isinstance(coverage, InAudit)
    }
    assert in_audit and all(key in shown for _table, key in in_audit)


def _models_with(*extra: Table) -> list[Table]:
    tables.import_all()
    copy = MetaData()
    for table in Base.metadata.sorted_tables:
        table.to_metadata(copy)
    return [*copy.sorted_tables, *extra]


def test_the_guard_names_a_column_added_to_a_person_table() -> None:
    models = _models_with()
    people = next(t for t in models if t.name == "people")
    people.append_column(Column("favourite_colour", Text))
    current = person_data_schema(models)
    changes = schema_changes(snapshot(), current)
    assert changes == ["column people.favourite_colour (TEXT) is new"]
    assert coverage_gaps(current, PERSON_DATA, SAR) == [
        f"{SAR} does not say where people.favourite_colour goes (or why it is left out)"
    ]


def test_the_guard_names_a_new_table_holding_person_data() -> None:
    probe = MetaData()
    models = _models_with()
    for table in models:
        table.to_metadata(probe)
    visits = Table(
        "prison_visits",
        probe,
        Column("id", Integer, primary_key=True),
        Column("person_id", ForeignKey("people.id")),
        Column("visitor", Text),
    )
    current = person_data_schema(probe.sorted_tables)
    assert "prison_visits" in current and visits.name == "prison_visits"
    assert schema_changes(snapshot(), current) == [
        "table prison_visits holds person data and is not in the snapshot"
    ]
    assert f"{SAR} does not say where prison_visits.visitor goes (or why it is left out)" in (
        coverage_gaps(current, PERSON_DATA, SAR)
    )
