"""Recording release-day essentials; keeps the person's open counts for the readiness column."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from resettle.domain.audit_actions import AuditAction
from resettle.domain.case_record import RecordPart
from resettle.domain.essentials import Essential, EssentialKind, open_counts, parse_essential
from resettle.domain.staff import Actor
from resettle.services import audit
from resettle.services.case_record import mapping
from resettle.services.person_access import commit_change, part_for_change
from resettle.services.unit_of_work import UnitOfWork
from resettle.storage.base import utc_now
from resettle.storage.tables.essentials import EssentialRow


def save_essential(
    actor: Actor,
    uow: UnitOfWork,
    person_id: int,
    expected_revision: int,
    data: Mapping[str, Any] | Essential,
) -> int:
    """Save one essential (its kind is in the data); returns the record's new version."""
    raw = data.model_dump() if not isinstance(data, Mapping) else dict(data)
    essential = parse_essential(raw)
    with uow:
        revision = part_for_change(actor, uow, person_id, RecordPart.ESSENTIALS, expected_revision)
        stored = {e.kind: e for e in uow.case.essentials(person_id)}
        row = stored.get(essential.kind.value) or EssentialRow(
            person_id=person_id, kind=essential.kind.value
        )
        row.status = essential.status.value
        row.action_date = essential.action_date
        row.who = essential.who
        row.notes = essential.notes
        row.details = mapping.essential_details(essential)
        row.updated_at = utc_now()
        row.updated_by_id = actor.id
        uow.session.add(row)  # flushed with the version bump: a clash is a concurrent edit
        stored[essential.kind.value] = row
        current = [mapping.essential(stored.get(k.value), k) for k in EssentialKind]
        uow.people.set_open_essentials(person_id, *open_counts(current))
        audit.record(
            uow,
            actor,
            AuditAction.ESSENTIAL_SAVED,
            None,
            person_id=person_id,
            kind=essential.kind.value,
            status=essential.status.value,
        )
        return commit_change(uow, revision)
