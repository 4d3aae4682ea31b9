"""Allocating people to officers, with every allocation kept as history.

``allocate_people`` is a manager's action (one person, or many chosen together: one unit of
work, all or none). ``stage_allocation`` is the internal step registering a person and
changing the responsible officer on the profile build on, so the history misses none.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy.orm.exc import StaleDataError

from resettle.domain.audit_actions import AuditAction
from resettle.domain.case_status import AllocationCandidate, AllocationInput, AllocationView
from resettle.domain.errors import ValidationFailed
from resettle.domain.permissions import Permission, require
from resettle.domain.staff import Actor, Role
from resettle.domain.validation import validate
from resettle.services import audit
from resettle.services.access_scope import reaches
from resettle.services.person_access import CONCURRENT_EDIT_MESSAGE, reachable_person
from resettle.services.unit_of_work import UnitOfWork
from resettle.storage.errors import ConcurrentEdit
from resettle.storage.tables.people import PersonRow


def allocate_people(
    actor: Actor, uow: UnitOfWork, person_ids: Sequence[int], officer_id: int
) -> int:
    """Allocate each person to the officer; returns how many changed hands (people already
    with that officer are left as they are). Refused as a whole if any cannot be reached."""
    require(actor, Permission.ALLOCATE_CASES)
    request = validate(
        AllocationInput, {"person_ids": tuple(dict.fromkeys(person_ids)), "officer_id": officer_id}
    )
    with uow:
        check_officer(uow, request.officer_id, "officer_id")
        rows = [
            reachable_person(actor, uow, person_id, Permission.ALLOCATE_CASES)
            for person_id in request.person_ids
        ]
        changed = 0
        for row in rows:
            if row.responsible_officer_id != request.officer_id:
                previous = row.responsible_officer_id
                row.responsible_officer_id = request.officer_id
                stage_allocation(uow, actor, row, previous, field="officer_id")
                changed += 1
        try:
            uow.flush()
        except StaleDataError:  # a profile saved at the same moment
            raise ConcurrentEdit(CONCURRENT_EDIT_MESSAGE) from None
        uow.commit()
        return changed


def allocation_candidates(
    actor: Actor, uow: UnitOfWork, person_ids: Sequence[int]
) -> list[AllocationCandidate]:
    """The people chosen for allocation (each once, in the order chosen), with who holds each
    now, for the manager to check before confirming. A read, not audited (as the caseload)."""
    require(actor, Permission.ALLOCATE_CASES)
    with uow:
        names = _StaffNames(uow)
        return [
            AllocationCandidate(
                person_id=row.id,
                name=f"{row.given_name} {row.family_name}",
                prison_number=row.prison_number,
                officer_id=row.responsible_officer_id,
                officer=names(row.responsible_officer_id),
            )
            for row in (
                reachable_person(actor, uow, person_id, Permission.ALLOCATE_CASES)
                for person_id in dict.fromkeys(person_ids)
            )
        ]


def allocation_history(actor: Actor, uow: UnitOfWork, person_id: int) -> list[AllocationView]:
    """Every allocation of the person, oldest first."""
    require(actor, Permission.VIEW_PERSON)
    with uow:
        reachable_person(actor, uow, person_id, Permission.VIEW_PERSON)
        return load_allocations(uow, person_id)


def load_allocations(uow: UnitOfWork, person_id: int) -> list[AllocationView]:
    """Internal loader: call inside an open unit of work."""
    name = _StaffNames(uow)
    return [
        AllocationView(
            officer_id=row.officer_id,
            officer=name(row.officer_id) or "",
            previous_officer=name(row.previous_officer_id),
            allocated_by=name(row.allocated_by_id),
            allocated_at=row.allocated_at,
        )
        for row in uow.cases.allocations(person_id)
    ]


class _StaffNames:
    """Staff display names by id, each read once (inside an open unit of work)."""

    def __init__(self, uow: UnitOfWork) -> None:
        self.uow = uow
        self.names: dict[int, str] = {}

    def __call__(self, staff_id: int | None) -> str | None:
        if staff_id is None:
            return None
        if staff_id not in self.names:
            row = self.uow.staff.get(staff_id)
            self.names[staff_id] = row.display_name if row else f"#{staff_id}"
        return self.names[staff_id]


def stage_allocation(
    uow: UnitOfWork,
    actor: Actor,
    row: PersonRow,
    previous_officer_id: int | None,
    field: str = "responsible_officer_id",
) -> None:
    """Record that ``row`` is now held by its responsible officer (set by the caller), with
    the audit row; inside the caller's unit of work, no commit. Nothing when unallocated.

    Refused, naming ``field``, when the move would take the person out of the actor's own
    reach (an officer of a team they do not reach): a case is handed over to another team
    by someone who reaches both sides, as PostgreSQL's row-level security insists too."""
    officer_id = row.responsible_officer_id
    if officer_id is None or officer_id == previous_officer_id:
        return
    # The person moves onto the officer's team's caseload (staying on their team when the
    # officer is in it): who reaches them follows (``domain/access.py``).
    row.team_id = uow.access.team_for_officer(officer_id, keep=row.team_id)
    if not reaches(actor, uow, row):
        raise ValidationFailed.single(
            field,
            "outside_your_reach",
            "Officer: works in a team you do not reach, so the person would leave your "
            "caseload; a manager of both teams, or of the person's establishment, hands "
            "the case over (Cases > Allocate to an officer…)",
        )
    uow.flush()  # a new person needs their id first
    record_allocations(uow, actor, [(row.id, officer_id, previous_officer_id)])


def record_allocations(
    uow: UnitOfWork, actor: Actor, allocations: Sequence[tuple[int, int, int | None]]
) -> None:
    """The history rows and audit rows of allocations already made on the people's rows
    (``(person_id, officer_id, previous_officer_id)``), in bulk; inside the caller's unit of
    work, no commit. The caller has checked each as :func:`stage_allocation` does (a caseload
    import allocates people it makes to officers of the team they join)."""
    ids = uow.cases.add_allocations(allocations, actor.id)
    audit.record_many(
        uow,
        actor,
        AuditAction.ALLOCATION_RECORDED,
        [
            (allocation_id, person_id, {"officer_id": officer, "previous_officer_id": previous})
            for allocation_id, (person_id, officer, previous) in zip(ids, allocations, strict=True)
        ],
    )


def check_officer(uow: UnitOfWork, officer_id: int, field: str) -> None:
    """An active probation officer, or a problem naming ``field``."""
    officer = uow.staff.get(officer_id)
    if officer is None or not officer.active or Role.OFFICER not in uow.access.roles_of(officer_id):
        raise ValidationFailed.single(
            field, "not_an_officer", f"Officer: not an active probation officer (id {officer_id})"
        )
    if uow.access.team_for_officer(officer_id, keep=None) is None:
        raise ValidationFailed.single(
            field,
            "officer_without_team",
            "Officer: not in any team yet, so nobody could reach the person; an administrator "
            "adds them to a team (Administration, or resettle accounts set-teams)",
        )
