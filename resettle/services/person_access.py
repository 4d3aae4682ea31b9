"""Reaching a person's record for reading or changing it: scope, existence and version."""

from __future__ import annotations

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.exc import StaleDataError

from resettle.domain.permissions import OutOfScope, Permission, can_reach_person, require
from resettle.domain.staff import Actor
from resettle.services.unit_of_work import UnitOfWork
from resettle.storage.base import utc_now
from resettle.storage.errors import ConcurrentEdit, NotFound
from resettle.storage.tables.people import PersonRow

CONCURRENT_EDIT_MESSAGE = (
    "Someone else saved this person's record after you opened it. Your changes were not "
    "saved and nothing was overwritten: reopen the record to see their changes."
)


def reachable_person(actor: Actor, uow: UnitOfWork, person_id: int) -> PersonRow:
    row = uow.people.get(person_id)
    if row is None:
        raise NotFound("That person's record no longer exists.")
    if not can_reach_person(actor, row.establishment_id):
        raise OutOfScope()
    return row


def person_for_change(
    actor: Actor,
    uow: UnitOfWork,
    person_id: int,
    expected_version: int,
    permission: Permission = Permission.EDIT_PERSON,
) -> PersonRow:
    """The person's row, once the actor may change it and nobody saved since it was read."""
    require(actor, permission)
    row = reachable_person(actor, uow, person_id)
    if row.version != expected_version:
        raise ConcurrentEdit(CONCURRENT_EDIT_MESSAGE)
    return row


def commit_change(uow: UnitOfWork, row: PersonRow) -> int:
    """Bump the record's version with the change and commit; return the new version."""
    row.updated_at = utc_now()
    try:
        uow.flush()
        uow.commit()
    except (StaleDataError, IntegrityError):
        # Someone saved the record (or created the same part of it) at the same moment.
        raise ConcurrentEdit(CONCURRENT_EDIT_MESSAGE) from None
    return row.version
