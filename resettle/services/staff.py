"""Staff accounts as forms see them: lists of staff and establishments to choose from."""

from __future__ import annotations

from resettle.domain.permissions import InactiveAccount, Permission, require
from resettle.domain.staff import Actor, EstablishmentSummary, Role, StaffSummary
from resettle.services.unit_of_work import UnitOfWork

#: Role by stored value: ``Role(value)`` costs more, once per account listed.
_ROLES = {member.value: member for member in Role}


def _require_staff_names(actor: Actor, uow: UnitOfWork) -> None:
    """Staff and establishment names are for signed-in staff whose account is still active
    (read in the caller's unit of work)."""
    require(actor, Permission.LIST_STAFF)
    row = uow.staff.get(actor.id)
    if row is None or not row.active:
        raise InactiveAccount()


def list_staff(actor: Actor, uow: UnitOfWork, role: Role | None = None) -> list[StaffSummary]:
    """Staff accounts (of ``role``), for choosing an officer or key worker and for filters."""
    with uow:
        _require_staff_names(actor, uow)
        return [
            StaffSummary(
                id=id_,
                username=username,
                display_name=display_name,
                roles=frozenset(_ROLES[value] for value in role_values),
                establishment_id=establishment_id,
                active=active,
            )
            for id_, username, display_name, role_values, establishment_id, active in (
                uow.staff.summaries(role.value if role else None)
            )
        ]


def list_workplaces(actor: Actor, uow: UnitOfWork) -> dict[int, tuple[str, ...]]:
    """Each account's teams and establishments by name (accounts with none are left out),
    shown beside staff names so two people of one name can be told apart."""
    with uow:
        _require_staff_names(actor, uow)
        places: dict[int, list[str]] = {}
        for staff_id, name in uow.staff.workplaces():
            places.setdefault(staff_id, []).append(name)
        return {staff_id: tuple(names) for staff_id, names in places.items()}


def list_establishments(actor: Actor, uow: UnitOfWork) -> list[EstablishmentSummary]:
    """Every establishment, for choosing one and for prison staff's caption."""
    with uow:
        _require_staff_names(actor, uow)
        return [
            EstablishmentSummary(id=row.id, code=row.code, name=row.name)
            for row in uow.staff.establishments()
        ]
