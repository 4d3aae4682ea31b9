"""The caseload list, paged and filtered in the database."""

from __future__ import annotations

from resettle.domain.caseload import CaseloadPage, CaseloadQuery
from resettle.domain.permissions import Permission, establishment_scope, require
from resettle.domain.staff import Actor
from resettle.services.unit_of_work import UnitOfWork


def list_caseload(actor: Actor, uow: UnitOfWork, query: CaseloadQuery) -> CaseloadPage:
    require(actor, Permission.VIEW_CASELOAD)
    with uow:
        wanted = query.model_copy(update={"limit": query.limit + 1})
        rows = uow.people.caseload(wanted, establishment_scope(actor))
        return CaseloadPage(
            rows=tuple(rows[: query.limit]), offset=query.offset, has_more=len(rows) > query.limit
        )


def count_caseload(actor: Actor, uow: UnitOfWork, query: CaseloadQuery) -> int:
    require(actor, Permission.VIEW_CASELOAD)
    with uow:
        return uow.people.caseload_count(query, establishment_scope(actor))


def caseload_is_empty(actor: Actor, uow: UnitOfWork) -> bool:
    """True when nobody at all is on the caseload the actor can see, closed cases included
    (a new database): the main window then shows how to add the first person."""
    require(actor, Permission.VIEW_CASELOAD)
    with uow:
        query = CaseloadQuery(include_closed=True, limit=1)
        return not uow.people.caseload(query, establishment_scope(actor))
