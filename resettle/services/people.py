"""Reading and updating a person's profile (registering is ``services/registration.py``)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.exc import StaleDataError

from resettle.domain.access import OutOfScope
from resettle.domain.audit_actions import AuditAction
from resettle.domain.identifiers import checked_prison_number
from resettle.domain.permissions import Permission, require
from resettle.domain.person import PersonDetail, PersonInput
from resettle.domain.seen_by import ViewPlace
from resettle.domain.staff import Actor
from resettle.domain.validation import validate
from resettle.services import audit, person_records
from resettle.services.access_scope import reaches
from resettle.services.allocation import check_officer, stage_allocation
from resettle.services.people_checks import check_references, check_unique, duplicate_error
from resettle.services.person_access import (
    CONCURRENT_EDIT_MESSAGE,
    changeable_person,
    reachable_person,
)
from resettle.services.read_only_storage import commit_view
from resettle.services.registration import register_person
from resettle.services.unit_of_work import UnitOfWork
from resettle.storage.errors import ConcurrentEdit

__all__ = ["find_person_id", "get_person", "register_person", "update_person"]


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
        row = changeable_person(actor, uow, person_id, Permission.EDIT_PERSON)
        if row.version != expected_version:
            raise ConcurrentEdit(CONCURRENT_EDIT_MESSAGE)
        check_references(uow, person)
        check_unique(uow, person, excluding=person_id)
        previous_officer = row.responsible_officer_id
        if person.responsible_officer_id not in (None, previous_officer):
            check_officer(uow, person.responsible_officer_id, "responsible_officer_id")
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
                raise duplicate_error(error) from None
            stage_allocation(uow, actor, row, previous_officer)
            _commit(uow)
        return person_records.to_detail(row)


def get_person(actor: Actor, uow: UnitOfWork, person_id: int) -> PersonDetail:
    """Show a person's profile (``resettle people show``): audited as a view, or, when the
    database's disk is full or it is read-only, shown read-only with the opening logged
    (``read_only_because``; ``domain/read_only_opening.py``)."""
    require(actor, Permission.VIEW_PERSON)
    with uow:
        row = reachable_person(actor, uow, person_id, Permission.VIEW_PERSON)
        detail = person_records.to_detail(row)
        because = commit_view(uow, actor, row.id, ViewPlace.COMMAND_LINE)
        if because is not None:
            return detail.model_copy(update={"read_only_because": because})
        return detail


def find_person_id(actor: Actor, uow: UnitOfWork, prison_number: str) -> int:
    """The id of the person with ``prison_number``; one out of reach is refused in the same
    words as one who does not exist (``OutOfScope``), as erasure and the other commands do."""
    require(actor, Permission.VIEW_PERSON)
    number = checked_prison_number(prison_number)
    with uow:
        row = uow.people.by_prison_number(number)
        if row is None or not reaches(actor, uow, row):
            raise OutOfScope()
        return row.id


def _commit(uow: UnitOfWork) -> None:
    try:
        uow.commit()
    except IntegrityError as error:
        raise duplicate_error(error) from None
