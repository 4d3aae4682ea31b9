"""Registering, reading and updating a person's profile."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.exc import StaleDataError

from resettle.domain.audit_actions import AuditAction
from resettle.domain.errors import ValidationFailed
from resettle.domain.permissions import Permission, can_reach_person, require
from resettle.domain.person import PersonDetail, PersonInput
from resettle.domain.staff import Actor
from resettle.domain.validation import validate
from resettle.services import audit, person_records
from resettle.services.person_access import CONCURRENT_EDIT_MESSAGE, reachable_person
from resettle.services.unit_of_work import UnitOfWork
from resettle.storage.errors import ConcurrentEdit, DuplicateRecord, NotFound
from resettle.storage.tables.people import PersonRow

_UNIQUE_FIELDS = {"prison_number": "Prison number", "crn": "CRN"}


def register_person(
    actor: Actor, uow: UnitOfWork, data: Mapping[str, Any] | PersonInput
) -> PersonDetail:
    require(actor, Permission.EDIT_PERSON)
    person = validate(PersonInput, data)
    with uow:
        _check_references(uow, person)
        _check_unique(uow, person, excluding=None)
        row = PersonRow(version=1)
        person_records.apply(row, person)
        try:
            uow.people.add(row)
        except IntegrityError as error:  # registered by someone else a moment ago
            raise _duplicate(error) from None
        audit.record(uow, actor, AuditAction.PERSON_REGISTERED, row.id, person_id=row.id)
        _commit(uow)
        return person_records.to_detail(row)


def update_person(
    actor: Actor,
    uow: UnitOfWork,
    person_id: int,
    expected_version: int,
    data: Mapping[str, Any] | PersonInput,
) -> PersonDetail:
    """Save a changed profile; refused when someone else saved since ``expected_version``."""
    require(actor, Permission.EDIT_PERSON)
    person = validate(PersonInput, data)
    with uow:
        row = reachable_person(actor, uow, person_id)
        if row.version != expected_version:
            raise ConcurrentEdit(CONCURRENT_EDIT_MESSAGE)
        _check_references(uow, person)
        _check_unique(uow, person, excluding=person_id)
        changed = person_records.apply(row, person)
        if changed:
            audit.record(
                uow,
                actor,
                AuditAction.PERSON_UPDATED,
                row.id,
                person_id=row.id,
                fields=sorted(changed),
            )
            try:
                uow.flush()
            except StaleDataError:
                raise ConcurrentEdit(CONCURRENT_EDIT_MESSAGE) from None
            except IntegrityError as error:
                raise _duplicate(error) from None
            _commit(uow)
        return person_records.to_detail(row)


def get_person(actor: Actor, uow: UnitOfWork, person_id: int) -> PersonDetail:
    """Open a person's record (the access is audited)."""
    require(actor, Permission.VIEW_PERSON)
    with uow:
        row = reachable_person(actor, uow, person_id)
        detail = person_records.to_detail(row)
        audit.record(uow, actor, AuditAction.PERSON_VIEWED, row.id, person_id=row.id)
        uow.commit()
        return detail


def find_person_id(actor: Actor, uow: UnitOfWork, prison_number: str) -> int:
    require(actor, Permission.VIEW_PERSON)
    with uow:
        row = uow.people.by_prison_number(prison_number.strip().upper())
        if row is None or not can_reach_person(actor, row.establishment_id):
            raise NotFound(f"No person with prison number {prison_number.strip().upper()}.")
        return row.id


def _check_unique(uow: UnitOfWork, person: PersonInput, excluding: int | None) -> None:
    for field, label in _UNIQUE_FIELDS.items():
        value = getattr(person, field)
        if uow.people.id_with(field, value, excluding=excluding) is not None:
            raise DuplicateRecord(
                field, f"{label}: {value} is already recorded for another person."
            )


def _check_references(uow: UnitOfWork, person: PersonInput) -> None:
    checks = {
        "establishment_id": (person.establishment_id, uow.staff.establishment),
        "responsible_officer_id": (person.responsible_officer_id, uow.staff.get),
        "key_worker_id": (person.key_worker_id, uow.staff.get),
    }
    for field, (value, lookup) in checks.items():
        if value is not None and lookup(value) is None:
            title = PersonInput.model_fields[field].title or field
            raise ValidationFailed.single(field, "unknown", f"{title}: not found (id {value})")


def _commit(uow: UnitOfWork) -> None:
    try:
        uow.commit()
    except IntegrityError as error:
        raise _duplicate(error) from None


def _duplicate(error: IntegrityError) -> Exception:
    """A unique identifier taken by someone else in the meantime, named; else the error."""
    message = str(error.orig).lower()
    for field, label in _UNIQUE_FIELDS.items():
        if field in message:
            return DuplicateRecord(field, f"{label}: already recorded for another person.")
    return error
