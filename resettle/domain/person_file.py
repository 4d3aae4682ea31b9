"""People in a JSON file for ``resettle people add --json FILE``: one object or a list.

Each object is keyed as ``resettle people list --json`` prints a person, plus
``date_of_birth``, ``sex`` and ``establishment``:

    {"prison_number": "A1234BC", "crn": "X123456", "name": "Zoë Ní Bhriain",
     "date_of_birth": "1990-05-17", "sex": "female", "establishment": "HMP Leeds",
     "release_date": "2027-01-15", "officer": "demo.officer", "pnc_number": "2004/0012345X"}

``name`` is the given names then the family name, or "Family name, Given names" with a
comma when the family name has several words. ``establishment`` is its name or code,
``officer`` a probation officer's user name or display name (default: whoever registers).
``release_date``, ``officer`` and ``pnc_number`` may be left out or null.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from resettle.domain.errors import FieldProblem, ValidationFailed
from resettle.domain.person import NAME_MAX, PersonInput
from resettle.domain.search import fold
from resettle.domain.validation import problems_from_error, validate

#: A person's field in the service, and the key in the file that supplies it.
FILE_KEY = {
    "given_name": "name",
    "family_name": "name",
    "establishment_id": "establishment",
    "responsible_officer_id": "officer",
}


class PersonFileRow(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    prison_number: str = Field(max_length=20, title="Prison number")
    crn: str = Field(max_length=20, title="CRN")
    name: str = Field(max_length=2 * NAME_MAX + 2, title="Name")
    date_of_birth: dt.date = Field(title="Date of birth")
    sex: str = Field(max_length=20, title="Sex")
    establishment: str = Field(max_length=200, title="Establishment")
    release_date: dt.date | None = Field(default=None, title="Release date")
    officer: str | None = Field(default=None, max_length=200, title="Officer")
    pnc_number: str | None = Field(default=None, max_length=30, title="PNC number")


def split_name(name: str) -> tuple[str, str]:
    """(given names, family name) from "Given Family" or "Family, Given"."""
    if "," in name:
        family, _, given = name.partition(",")
        return " ".join(given.split()), " ".join(family.split())
    words = name.split()
    if len(words) < 2:
        return "", " ".join(words)
    return " ".join(words[:-1]), words[-1]


def file_key(field: str) -> str:
    """The key in the file for a field the service names (``given_name`` -> ``name``)."""
    head = field.split(".", 1)[0]
    return FILE_KEY.get(head, head)


def person_data(
    raw: Any, establishments: Mapping[str, int], officers: Mapping[str, int]
) -> dict[str, Any]:
    """The service's person data for one object of the file, or ValidationFailed naming the
    file's keys. ``establishments`` and ``officers`` map folded names, codes and user names to
    ids."""
    if not isinstance(raw, dict):
        raise ValidationFailed.single("row", "not_an_object", "Row: must be a JSON object")
    try:
        row = PersonFileRow.model_validate(raw)
    except ValidationError as error:
        raise ValidationFailed(problems_from_error(PersonFileRow, error)) from None
    problems: list[FieldProblem] = []
    establishment_id = establishments.get(fold(row.establishment))
    if establishment_id is None:
        problems.append(
            FieldProblem(
                "establishment", "unknown", "Establishment: no establishment by that name or code"
            )
        )
    officer_id = None
    if row.officer is not None and row.officer.strip():
        officer_id = officers.get(fold(row.officer))
        if officer_id is None:
            problems.append(
                FieldProblem("officer", "unknown", "Officer: no probation officer by that name")
            )
    given, family = split_name(row.name)
    data = {
        "prison_number": row.prison_number,
        "crn": row.crn,
        "pnc_number": row.pnc_number,
        "given_name": given,
        "family_name": family,
        "date_of_birth": row.date_of_birth,
        "sex": row.sex,
        "establishment_id": establishment_id,
        "responsible_officer_id": officer_id,
        "release_date": row.release_date,
    }
    try:
        validate(PersonInput, data)
    except ValidationFailed as failed:
        problems = list(failed.problems) + problems
    if problems:
        raise ValidationFailed(problems)
    return data
