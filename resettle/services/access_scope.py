"""The acting account's reach, read from the database in the unit of work that uses it.

Every use case that touches a person asks here, so a change to an account's teams, cover,
roles or access lists, or its being disabled, applies at its next action, not its next
sign-in (``domain/access.py`` holds the rule).
"""

from __future__ import annotations

from resettle.domain import clock
from resettle.domain.access import AccessScope, OutOfScope, Placement, can_reach, permissions_for
from resettle.domain.permissions import InactiveAccount, Permission, permissions_of
from resettle.domain.staff import Actor
from resettle.services.unit_of_work import UnitOfWork
from resettle.storage.tables.people import PersonRow


def scope_of(actor: Actor, uow: UnitOfWork) -> AccessScope:
    """The actor's reach today; refuses an account disabled since it signed in. Read once
    per unit of work."""
    cached = uow.cached_scope
    if cached is not None and cached.staff_id == actor.id:
        return cached
    checked = uow.checked_account  # read by the action's own account check
    state = checked[1] if checked and checked[0] == actor.id else None
    state = state or uow.access.account_state(actor.id)  # active and roles in one query
    if state is None or not state.active:
        raise InactiveAccount()
    scope = uow.access.scope_of(actor.id, state.roles, clock.today())
    uow.cached_scope = scope
    return scope


def scope_for(actor: Actor, uow: UnitOfWork, *permissions: Permission) -> AccessScope:
    """The actor's reach through the roles that hold every one of ``permissions`` only: for
    bulk reads and exports, where an account that is an officer in one team and prison staff
    in one prison lists its team's people, not the prison's (prison staff may not export)."""
    scope = scope_of(actor, uow)
    holding = frozenset(role for role in scope.roles if set(permissions) <= permissions_of((role,)))
    return scope if holding == scope.roles else scope.model_copy(update={"roles": holding})


def placement_of(row: PersonRow) -> Placement:
    return Placement(
        person_id=row.id,
        team_id=row.team_id,
        establishment_id=row.establishment_id,
        restricted=row.restricted,
    )


def reaches(actor: Actor, uow: UnitOfWork, row: PersonRow) -> bool:
    return can_reach(scope_of(actor, uow), placement_of(row))


def person_permissions(actor: Actor, uow: UnitOfWork, row: PersonRow) -> frozenset[Permission]:
    """What the actor may do to this person: the permissions of the roles that reach them
    (empty when none does; ``domain/access.permissions_for``)."""
    return permissions_for(scope_of(actor, uow), placement_of(row))


def require_reach(actor: Actor, uow: UnitOfWork, row: PersonRow) -> None:
    if not reaches(actor, uow, row):
        raise OutOfScope()
