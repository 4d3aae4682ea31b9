"""Reaching a person's record for reading or changing it: scope, existence and revisions.

Each part of the record (``RecordPart``: profile, needs, essentials, risk; each referral) has
its own revision. A save names the part and the revision it was read at; the part is advanced
with a compare-and-swap at the start of the transaction, so two saves of the same part from
the same starting point cannot both succeed, and saves of different parts never conflict.
A change to a closed case is refused (``changeable_person``): its record is read-only until
the case is reopened.
"""

from __future__ import annotations

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.exc import StaleDataError

from resettle.domain.access import OutOfScope
from resettle.domain.case_status import CaseIsClosed
from resettle.domain.given_values import record_id
from resettle.domain.permissions import Permission, PermissionDenied, require
from resettle.domain.record_parts import RecordPart
from resettle.domain.record_visibility import RecordVisibility
from resettle.domain.staff import Actor
from resettle.services.access_scope import person_permissions
from resettle.services.unit_of_work import UnitOfWork
from resettle.storage.errors import ConcurrentEdit
from resettle.storage.tables.people import PersonRow

CONCURRENT_EDIT_MESSAGE = (
    "Someone else saved this part of the person's record after you opened it. Your changes "
    "were not saved and nothing was overwritten: reload the record to see their changes."
)


PART_PERMISSIONS: dict[str, Permission] = {
    RecordPart.PROFILE: Permission.EDIT_PERSON,
    RecordPart.NEEDS: Permission.EDIT_NEEDS,
    RecordPart.ESSENTIALS: Permission.EDIT_ESSENTIALS,
    RecordPart.RISK: Permission.EDIT_RISK,
}


def part_permission(part: str) -> Permission:
    """What changing a part of the record needs; each referral is a part of its own."""
    return PART_PERMISSIONS.get(part, Permission.EDIT_REFERRALS)


def reachable_person(
    actor: Actor, uow: UnitOfWork, person_id: int, needs: Permission, *, whole: bool = False
) -> PersonRow:
    """The person's row when the actor reaches them and one of the roles that reach them
    holds ``needs`` (``domain/access.permissions_for``: an officer who is also prison staff
    elsewhere acts as prison staff for that establishment's people). A person outside the
    actor's reach is refused exactly as one who does not exist, same error and code (a
    limited-access case's existence is not revealed, not even to the log). ``whole``: loaded
    with what the profile shows (``PeopleRepository.get``)."""
    row = uow.people.get(record_id(person_id, "person_id"), whole=whole)
    if row is None:
        raise OutOfScope()
    granted = person_permissions(actor, uow, row)
    if not granted:
        raise OutOfScope()
    if needs not in granted:
        raise PermissionDenied(actor, needs)
    return row


def changeable_person(
    actor: Actor, uow: UnitOfWork, person_id: int, needs: Permission
) -> PersonRow:
    """The person's row for a change to their record: reachable with ``needs``, and the case
    open (a closed case's record is read-only until it is reopened)."""
    row = reachable_person(actor, uow, person_id, needs)
    if row.case_closed:
        raise CaseIsClosed()
    return row


def visibility_for_save(actor: Actor, uow: UnitOfWork, person_id: int) -> RecordVisibility:
    """What the actor sees of the person's record (the roles that reach them), for a save that
    must keep what the actor was never shown (``RecordVisibility.kept``)."""
    row = uow.people.get(record_id(person_id, "person_id"))
    if row is None:
        raise OutOfScope()
    return RecordVisibility.of(person_permissions(actor, uow, row))


def part_for_change(
    actor: Actor,
    uow: UnitOfWork,
    person_id: int,
    part: str,
    expected_revision: int,
    permission: Permission | None = None,
) -> int:
    """Claim ``part`` of the person's record for this change, once the actor may make it (by
    default the part's own permission: ``PART_PERMISSIONS``) and nobody saved that part since
    ``expected_revision``; returns the part's new revision."""
    needs = permission or part_permission(part)
    require(actor, needs)
    changeable_person(actor, uow, person_id, needs)
    return claim_part(uow, person_id, part, expected_revision)


def claim_part(uow: UnitOfWork, person_id: int, part: str, expected_revision: int) -> int:
    """Advance ``part`` of the person's record from ``expected_revision`` (compare-and-swap);
    refused as a concurrent edit when someone saved it since. Returns the new revision."""
    try:
        advanced = uow.case.advance_part(person_id, part, expected_revision)
    except IntegrityError:  # the first save of this part, made by someone else a moment ago
        raise ConcurrentEdit(CONCURRENT_EDIT_MESSAGE) from None
    if not advanced:
        raise ConcurrentEdit(CONCURRENT_EDIT_MESSAGE)
    return expected_revision + 1


def commit_change(uow: UnitOfWork, new_revision: int) -> int:
    """Commit the change to a part; return the part's new revision."""
    try:
        uow.flush()
        uow.commit()
    except (StaleDataError, IntegrityError):
        # Someone created the same row of this part at the same moment.
        raise ConcurrentEdit(CONCURRENT_EDIT_MESSAGE) from None
    return new_revision
