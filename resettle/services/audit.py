"""Audit rows, written inside the caller's transaction. Codes and field names only."""

from __future__ import annotations

from typing import Any

from resettle.domain.staff import Actor
from resettle.services.unit_of_work import UnitOfWork


def record(
    uow: UnitOfWork,
    actor: Actor,
    action: str,
    entity_type: str,
    entity_id: int | None,
    **details: Any,
) -> None:
    uow.audit.record(actor.id, action, entity_type, entity_id, details)
