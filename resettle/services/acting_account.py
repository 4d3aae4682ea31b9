"""The acting account, checked inside each user action's own transaction.

``Workspace.run`` gives every use case a unit of work that, as its first statement, reads the
account again (``AccessRepository.account_state``: one query) and refuses a disabled account or
one that must change its password first (``authentication.actor_in_state``). The check and the
action are one transaction, and the reach read in it (``access_scope.scope_of``) reuses the
state read here. When an administrator changed the account's roles since its last action, the
action stops before doing anything (``ActorChanged``) and the workspace runs it again as the
account now is.
"""

from __future__ import annotations

from functools import partial

from resettle.domain.staff import Actor
from resettle.services.authentication import actor_in_state
from resettle.services.unit_of_work import UnitOfWork


class ActorChanged(Exception):
    """The account's roles (or first establishment) changed since the actor was read: the
    action is run again as ``actor``. Raised before the action's own work; never shown."""

    def __init__(self, actor: Actor) -> None:
        super().__init__("the acting account changed")
        self.actor = actor


def check_account(actor: Actor, changing_password: bool, uow: UnitOfWork) -> None:
    """Inside ``uow``'s transaction, first: raises ``InactiveAccount``,
    ``PasswordChangeRequired`` or ``ActorChanged``."""
    state = uow.access.account_state(actor.id)
    now = actor_in_state(actor, state, changing_password=changing_password)
    if state is not None:  # (actor_in_state refused a missing account)
        uow.checked_account = (actor.id, state)
    if now != actor:
        raise ActorChanged(now)


def checked(uow: UnitOfWork, actor: Actor, *, changing_password: bool = False) -> UnitOfWork:
    """``uow``, checking ``actor`` first in each transaction it opens."""
    uow.on_begin = partial(check_account, actor, changing_password)
    return uow
