"""Staff accounts as the app sees them: signing in as a local account, lists for forms."""

from __future__ import annotations

from resettle.domain.audit_actions import AuditAction
from resettle.domain.permissions import InactiveAccount, Permission, require
from resettle.domain.staff import Actor, EstablishmentSummary, Role, StaffSummary
from resettle.services import audit
from resettle.services.unit_of_work import UnitOfWork
from resettle.storage.errors import NotFound
from resettle.storage.tables.staff import StaffRow

DEMO_OFFICER = "demo.officer"


def _actor(row: StaffRow) -> Actor:
    return Actor(
        id=row.id,
        username=row.username,
        display_name=row.display_name,
        role=Role(row.role),
        establishment_id=row.establishment_id,
    )


def sign_in(uow: UnitOfWork, username: str) -> Actor:
    """The acting user for this session.

    Until accounts with passwords exist, the app runs as a named local account. The demo
    officer account is created on first use so a new database can be explored at once.
    """
    with uow:
        row = uow.staff.by_username(username)
        if row is None and username == DEMO_OFFICER:
            row = uow.staff.add(
                StaffRow(
                    username=DEMO_OFFICER,
                    display_name="Demo Officer",
                    role=Role.OFFICER.value,
                    email="demo.officer@example.invalid",
                    phone="",
                    active=True,
                )
            )
            audit.record(
                uow, _actor(row), AuditAction.STAFF_CREATED, row.id, person_id=None, role=row.role
            )
            uow.commit()
        if row is None or not row.active:
            raise NotFound(f"There is no active staff account called {username!r}.")
        return _actor(row)


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
                role=_ROLES[role_value],
                establishment_id=establishment_id,
                active=active,
            )
            for id_, username, display_name, role_value, establishment_id, active in (
                uow.staff.summaries(role.value if role else None)
            )
        ]


def list_establishments(actor: Actor, uow: UnitOfWork) -> list[EstablishmentSummary]:
    """Every establishment, for choosing one and for prison staff's caption."""
    with uow:
        _require_staff_names(actor, uow)
        return [
            EstablishmentSummary(id=row.id, code=row.code, name=row.name)
            for row in uow.staff.establishments()
        ]
