"""Mapping between stored person rows and the domain's profile models."""

from __future__ import annotations

from typing import Any

from resettle.domain.person import PersonDetail, PersonInput
from resettle.domain.search import fold, search_text
from resettle.domain.text_fields import STORED
from resettle.storage.tables.people import PersonAliasRow, PersonRow

# Profile fields stored as columns of the same name.
_COLUMN_FIELDS = [name for name in PersonInput.model_fields if name != "aliases"]


def to_input(row: PersonRow) -> PersonInput:
    values: dict[str, Any] = {name: getattr(row, name) for name in _COLUMN_FIELDS}
    values["aliases"] = [alias.name for alias in row.aliases]
    return PersonInput.model_validate(values, context=STORED)


def derived_columns(person: PersonInput) -> dict[str, Any]:
    return {
        "sort_name": fold(f"{person.family_name} {person.given_name}"),
        "search_text": search_text(
            person.given_name,
            person.family_name,
            *person.aliases,
            person.prison_number,
            person.crn,
            person.pnc_number,
        ),
    }


def column_values(person: PersonInput) -> dict[str, Any]:
    """Everything a person row stores, as plain column values (for bulk inserts too)."""
    values = person.model_dump(include=set(_COLUMN_FIELDS), mode="python")
    for key in ("sex", "release_type", "offence_category"):
        if values[key] is not None:
            values[key] = str(values[key])
    values.update(derived_columns(person))
    return values


def changed_fields(row: PersonRow, person: PersonInput) -> list[str]:
    """The names of the profile fields ``person`` would change on ``row`` (nothing written)."""
    changed = [
        key
        for key, value in column_values(person).items()
        if key in PersonInput.model_fields and getattr(row, key) != value
    ]
    if [a.name for a in row.aliases] != list(person.aliases):
        changed.append("aliases")
    return changed


def apply(row: PersonRow, person: PersonInput) -> list[str]:
    """Write the profile onto ``row``; return the names of the fields that changed."""
    changed: list[str] = []
    for key, value in column_values(person).items():
        if getattr(row, key) != value:
            setattr(row, key, value)
            if key in PersonInput.model_fields:
                changed.append(key)
    aliases = list(person.aliases)
    if [a.name for a in row.aliases] != aliases:
        row.aliases = [PersonAliasRow(name=name) for name in aliases]
        changed.append("aliases")
    return changed


def to_detail(row: PersonRow) -> PersonDetail:
    return PersonDetail(
        id=row.id,
        version=row.version,
        profile=to_input(row),
        officer=row.officer.display_name if row.officer else None,
        key_worker=row.key_worker.display_name if row.key_worker else None,
        establishment=row.establishment.name if row.establishment else None,
    )
