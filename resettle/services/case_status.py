"""Closing a case with a reason and reopening it, both audited.

A closed case leaves the default caseload (``CaseloadQuery.include_closed``; the person row's
``case_closed`` flag, kept here in the same transaction) and its record
says it is closed, when, by whom and why (``load_closure``). The free text given for "other"
is stored with the closure but never copied into the audit trail.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from sqlalchemy.exc import IntegrityError

from resettle.domain import clock
from resettle.domain.audit_actions import AuditAction
from resettle.domain.case_status import (
    CaseClosureInput,
    CaseClosureView,
    ClosureReason,
    closure_problems,
)
from resettle.domain.errors import ConcurrentEdit, DomainError, ValidationFailed
from resettle.domain.permissions import Permission, require
from resettle.domain.staff import Actor
from resettle.domain.validation import validate
from resettle.services import audit
from resettle.services.person_access import reachable_person
from resettle.services.unit_of_work import UnitOfWork
from resettle.storage.tables.cases import CaseClosureRow


class CaseAlreadyClosed(DomainError):
    code = "case.already_closed"

    def __init__(self) -> None:
        super().__init__("This case is already closed.")


class CaseNotClosed(DomainError):
    code = "case.not_closed"

    def __init__(self) -> None:
        super().__init__("This case is open: there is nothing to reopen.")


def close_case(
    actor: Actor,
    uow: UnitOfWork,
    person_id: int,
    data: Mapping[str, Any] | CaseClosureInput,
    today: dt.date | None = None,
) -> CaseClosureView:
    """Close the case with a reason; "licence ended" only once the person has been released
    and the licence end date (when recorded) has come."""
    require(actor, Permission.CLOSE_CASE)
    closure = validate(CaseClosureInput, data)
    with uow:
        person = reachable_person(actor, uow, person_id, Permission.CLOSE_CASE)
        if uow.cases.open_closure(person_id) is not None:
            raise CaseAlreadyClosed()
        problems = closure_problems(
            closure.reason,
            person.release_date,
            today or clock.today(),
            person.licence_end_date,
        )
        if problems:
            raise ValidationFailed(problems)
        other = closure.other_reason if closure.reason is ClosureReason.OTHER else ""
        try:
            row = uow.cases.add_closure(person_id, closure.reason.value, other, actor.id)
        except IntegrityError:  # closed by someone else a moment ago
            raise CaseAlreadyClosed() from None
        uow.people.set_case_closed(person_id, True)
        audit.record(
            uow, actor, AuditAction.CASE_CLOSED, row.id, person_id=person_id, reason=row.reason
        )
        view = _view(uow, row)
        uow.commit()
        return view


def reopen_case(actor: Actor, uow: UnitOfWork, person_id: int) -> None:
    require(actor, Permission.CLOSE_CASE)
    with uow:
        reachable_person(actor, uow, person_id, Permission.CLOSE_CASE)
        row = uow.cases.open_closure(person_id)
        if row is None:
            raise CaseNotClosed()
        if not uow.cases.reopen(row.id, actor.id):
            raise ConcurrentEdit("Someone else reopened this case a moment ago.")
        uow.people.set_case_closed(person_id, False)
        audit.record(uow, actor, AuditAction.CASE_REOPENED, row.id, person_id=person_id)
        uow.commit()


def load_closure(uow: UnitOfWork, person_id: int) -> CaseClosureView | None:
    """Internal loader: the case's closure while it is closed (inside an open unit of work)."""
    row = uow.cases.open_closure(person_id)
    return None if row is None else _view(uow, row)


def _view(uow: UnitOfWork, row: CaseClosureRow) -> CaseClosureView:
    by = uow.staff.get(row.closed_by_id)
    return CaseClosureView(
        id=row.id,
        reason=ClosureReason(row.reason),
        other_reason=row.other_reason,
        closed_by=by.display_name if by else f"#{row.closed_by_id}",
        closed_at=row.closed_at,
    )
