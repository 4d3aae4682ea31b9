"""The caseload list, paged (keyset) and filtered in the database, and where it opens."""

from __future__ import annotations

from resettle.domain.caseload import (
    CaseloadCount,
    CaseloadFilters,
    CaseloadPage,
    CaseloadQuery,
    CaseloadReach,
    caseload_reach,
)
from resettle.domain.permissions import Permission, require
from resettle.domain.staff import Actor, Role
from resettle.services.access_scope import scope_of
from resettle.services.unit_of_work import UnitOfWork


def list_caseload(actor: Actor, uow: UnitOfWork, query: CaseloadQuery) -> CaseloadPage:
    require(actor, Permission.VIEW_CASELOAD)
    with uow:
        uow.people.bring_readiness_to(query.today)
        page = uow.people.caseload(query, _reach(actor, uow, query.filters.mine))
        uow.commit()  # the readiness day, when it moved
        return page


def count_caseload(actor: Actor, uow: UnitOfWork, query: CaseloadQuery) -> int:
    require(actor, Permission.VIEW_CASELOAD)
    with uow:
        uow.people.bring_readiness_to(query.today)
        count = uow.people.caseload_count(query, _reach(actor, uow, query.filters.mine))
        uow.commit()
        return count


def count_caseload_shown(actor: Actor, uow: UnitOfWork, query: CaseloadQuery) -> CaseloadCount:
    """The count, saying that restricted cases are not shown (``restricted_hidden``).

    Every count an account that reads cases sees carries the sentence, whether or not a
    limited-access case sits in its teams or establishments: saying it only when one does
    told an officer that a case of theirs had been restricted, and when (review and user
    trial). It tells nothing about any person."""
    require(actor, Permission.VIEW_CASELOAD)
    with uow:
        uow.people.bring_readiness_to(query.today)
        count = uow.people.caseload_count(query, _reach(actor, uow, query.filters.mine))
        reads_cases = scope_of(actor, uow).reads_cases
        uow.commit()
        return CaseloadCount(count=count, restricted_hidden=reads_cases)


def default_filters(actor: Actor, uow: UnitOfWork) -> CaseloadFilters:
    """Where the caseload opens for someone with no remembered filters: an officer on the
    people they are responsible for; a key worker on the people they key-work; other prison
    staff on their establishment; managers on everyone."""
    require(actor, Permission.VIEW_CASELOAD)
    with uow:
        if actor.role is Role.OFFICER:
            return CaseloadFilters(mine=True)
        if actor.role is Role.PRISON_STAFF:
            page = uow.people.caseload(CaseloadQuery(limit=1), _reach(actor, uow, mine=True))
            return CaseloadFilters(mine=bool(page.rows))
        return CaseloadFilters()


def caseload_is_empty(actor: Actor, uow: UnitOfWork) -> bool:
    """True when nobody at all is on the caseload the actor can see, closed cases included
    (a new database): the main window then shows how to add the first person."""
    require(actor, Permission.VIEW_CASELOAD)
    with uow:
        query = CaseloadQuery(filters=CaseloadFilters(include_closed=True), limit=1)
        return not uow.people.caseload(query, _reach(actor, uow, mine=False)).rows


def _reach(actor: Actor, uow: UnitOfWork, mine: bool) -> CaseloadReach:
    return caseload_reach(actor, scope_of(actor, uow), mine)
