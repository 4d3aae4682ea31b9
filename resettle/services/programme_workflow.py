"""Reading the programme referral workflow (statuses, reasons, moves) from the database: what
the GUI and the CLI offer a role comes from this, not from the code's copy.

The referral use cases (refer, move) stage their checks with :func:`moves_open_to` and
:func:`check_move_for` inside their own unit of work: the role groups come from the roles
through which the signed-in account reaches the person (``domain/access.roles_reaching``),
never from what the caller sends.
"""

from __future__ import annotations

from resettle.domain.access import roles_reaching
from resettle.domain.programme_referral_workflow import Move, Workflow, role_groups_of
from resettle.domain.staff import Actor
from resettle.services.access_scope import placement_of, scope_of
from resettle.services.unit_of_work import UnitOfWork
from resettle.storage.tables.people import PersonRow


def read_workflow(actor: Actor, uow: UnitOfWork) -> Workflow:
    """The workflow as seeded: reference data every signed-in account reads (it holds no
    person's data, so reading it is not audited)."""
    with uow:
        return uow.programme_workflow.workflow()


def moves_open_to(actor: Actor, uow: UnitOfWork, row: PersonRow, from_status: str) -> list[Move]:
    """Staging helper (inside the caller's unit of work, no audit, no commit): the moves out
    of ``from_status`` the actor may make for this person's referral, from the table."""
    roles = roles_reaching(scope_of(actor, uow), placement_of(row))
    return uow.programme_workflow.workflow().allowed_moves(from_status, role_groups_of(roles))


def check_move_for(
    actor: Actor, uow: UnitOfWork, row: PersonRow, from_status: str, to_status: str
) -> Move:
    """Staging helper: the move, when the roles through which the actor reaches the person may
    make it; else ``MoveNotAllowed`` naming the move and the role."""
    roles = roles_reaching(scope_of(actor, uow), placement_of(row))
    return uow.programme_workflow.workflow().check_move(from_status, to_status, roles)
