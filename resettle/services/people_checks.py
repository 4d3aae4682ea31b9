"""Checks a person's profile must pass before it is stored: identifiers not already taken,
and the establishment and staff it names exist. Internal: inside an open unit of work."""

from __future__ import annotations

from sqlalchemy.exc import IntegrityError

from resettle.domain.errors import ValidationFailed
from resettle.domain.person import PersonInput
from resettle.services.unit_of_work import UnitOfWork
from resettle.storage.errors import DuplicateRecord

UNIQUE_FIELDS = {"prison_number": "Prison number", "crn": "CRN"}


def check_unique(uow: UnitOfWork, person: PersonInput, excluding: int | None) -> None:
    for field, label in UNIQUE_FIELDS.items():
        value = getattr(person, field)
        if uow.people.id_with(field, value, excluding=excluding) is not None:
            raise DuplicateRecord(
                field, f"{label}: {value} is already recorded for another person."
            )


def check_references(uow: UnitOfWork, person: PersonInput) -> None:
    checks = {
        "establishment_id": (person.establishment_id, uow.staff.establishment),
        "responsible_officer_id": (person.responsible_officer_id, uow.staff.get),
        "key_worker_id": (person.key_worker_id, uow.staff.get),
    }
    for field, (value, lookup) in checks.items():
        if value is not None and lookup(value) is None:
            title = PersonInput.model_fields[field].title or field
            raise ValidationFailed.single(field, "unknown", f"{title}: not found (id {value})")


def duplicate_error(error: IntegrityError) -> Exception:
    """A unique identifier taken by someone else in the meantime, named; else the error."""
    message = str(error.orig).lower()
    for field, label in UNIQUE_FIELDS.items():
        if field in message:
            return DuplicateRecord(field, f"{label}: already recorded for another person.")
    return error
