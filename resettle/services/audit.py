"""The one way an audit row is written: inside the caller's transaction, committed with the
change. Rows hold codes, ids and field names only, never personal data values.

Each row names the thing acted on (its entity type comes from the action, ``<thing>.<verb>``,
and its id when it has one) and, as its own column, the person the action is about
(``person_id``, None for actions not about one person). The time is set by the database.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from resettle.domain.audit_actions import AuditAction
from resettle.domain.audit_chain import flat_details_key
from resettle.domain.audit_details import check_audit_details
from resettle.domain.seen_by import ViewPlace
from resettle.domain.staff import Actor
from resettle.services.unit_of_work import UnitOfWork


def record(
    uow: UnitOfWork,
    actor: Actor,
    action: AuditAction,
    entity_id: int | None,
    *,
    person_id: int | None,
    **details: Any,
) -> None:
    """Append one row; ``details`` must hold codes only (``domain/audit_details.py``:
    ``AuditDetailsRefused``, a programming error, otherwise)."""
    check_audit_details(details)
    uow.audit.record(
        actor_id=actor.id,
        action=action.value,
        entity_type=action.entity_type,
        entity_id=entity_id,
        person_id=person_id,
        details=details,
    )


def record_many(
    uow: UnitOfWork,
    actor: Actor,
    action: AuditAction,
    rows: list[tuple[int | None, int | None, dict[str, Any]]],
) -> None:
    """Append one row of ``action`` per ``(entity_id, person_id, details)``, in order, with
    the chain head moved once (e.g. one row per person of a register saved); each row's
    details are checked as :func:`record` checks them."""
    # The same details need checking once: the same object (alive in ``rows`` all along, so
    # its id names it alone), or equal flat details (``flat_details_key``).
    objects: set[int] = set()
    checked: set[tuple[Any, ...]] = set()
    for _entity_id, _person_id, details in rows:
        if id(details) in objects:
            continue
        key = flat_details_key(details) if isinstance(details, Mapping) else None
        if key is None or key not in checked:
            check_audit_details(details)
            if key is not None:
                checked.add(key)
        objects.add(id(details))
    uow.audit.record_many(
        actor_id=actor.id,
        rows=[
            (action.value, action.entity_type, entity_id, person_id, details)
            for entity_id, person_id, details in rows
        ],
    )


def record_view(uow: UnitOfWork, actor: Actor, person_id: int, place: ViewPlace) -> None:
    """One opening of a person's record (``person.viewed``), saying where it was opened."""
    record(uow, actor, AuditAction.PERSON_VIEWED, person_id, person_id=person_id, view=place.value)


def record_without_actor(
    uow: UnitOfWork, action: AuditAction, entity_id: int | None, **details: Any
) -> None:
    """An event no signed-in account caused: a refused sign-in (who tried is not known; the
    account tried, when it exists, is the entity). Never about a person."""
    check_audit_details(details)
    uow.audit.record(
        actor_id=None,
        action=action.value,
        entity_type=action.entity_type,
        entity_id=entity_id,
        person_id=None,
        details=details,
    )
