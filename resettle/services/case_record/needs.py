"""Recording needs by pathway and the support needs within them."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from resettle.domain.audit_actions import AuditAction
from resettle.domain.catalogue import CatalogueEntry, SupportNeedCatalogue
from resettle.domain.given_values import choice, record_id
from resettle.domain.limits import SUPPORT_NEEDS_PER_PERSON_MAX, check_count
from resettle.domain.needs import (
    PathwayNeedInput,
    SupportNeedInput,
    SupportNeedStatus,
    change_support_need_status,
    check_support_need,
)
from resettle.domain.record_parts import RecordPart
from resettle.domain.staff import Actor
from resettle.domain.validation import validate
from resettle.domain.withheld import Withheld
from resettle.services import audit
from resettle.services.case_record.staging import (
    stage_support_need_status,
    support_need_history_row,
)
from resettle.services.person_access import commit_change, part_for_change, visibility_for_save
from resettle.services.plans.linked import follow_sources
from resettle.services.unit_of_work import UnitOfWork
from resettle.storage.base import utc_now
from resettle.storage.errors import NotFound
from resettle.storage.tables.needs import PathwayNeedRow, SupportNeedRow


def save_pathway_need(
    actor: Actor,
    uow: UnitOfWork,
    person_id: int,
    expected_revision: int,
    data: Mapping[str, Any] | PathwayNeedInput,
) -> int:
    """Save one pathway's status, severity, link to offending and notes; returns the version."""
    need = validate(PathwayNeedInput, data)
    with uow:
        revision = part_for_change(actor, uow, person_id, RecordPart.NEEDS, expected_revision)
        row = uow.case.pathway_need(person_id, need.pathway.value) or PathwayNeedRow(
            person_id=person_id, pathway=need.pathway.value
        )
        row.status = need.status.value
        row.severity = need.severity.value
        row.linked_to_offending = need.linked_to_offending
        # An account that may not see the notes keeps what is stored (it was shown nothing).
        row.notes = visibility_for_save(actor, uow, person_id).kept(
            Withheld.NEED_NOTES, need.notes, row.notes or ""
        )
        row.updated_at = utc_now()
        row.updated_by_id = actor.id
        uow.session.add(row)  # flushed with the version bump: a clash is a concurrent edit
        audit.record(
            uow,
            actor,
            AuditAction.NEED_SAVED,
            None,
            person_id=person_id,
            pathway=need.pathway.value,
        )
        return commit_change(uow, revision)


def catalogue_of(uow: UnitOfWork) -> SupportNeedCatalogue:
    return SupportNeedCatalogue(
        entries=tuple(
            CatalogueEntry(
                code=row.code,
                pathway=row.pathway,  # type: ignore[arg-type]
                section=row.section,
                label=row.label,
                active=row.active,
                needs_detail=row.needs_detail,
                plain_title=row.plain_title or "",
                plain_sentence=row.plain_sentence or "",
            )
            for row in uow.case.catalogue()
        )
    )


def support_need_catalogue(actor: Actor, uow: UnitOfWork) -> SupportNeedCatalogue:
    with uow:
        return catalogue_of(uow)


def add_support_need(
    actor: Actor,
    uow: UnitOfWork,
    person_id: int,
    expected_revision: int,
    data: Mapping[str, Any] | SupportNeedInput,
    status: SupportNeedStatus = SupportNeedStatus.NOT_STARTED,
    note: str = "",
) -> int:
    chosen = validate(SupportNeedInput, data)
    status = choice(SupportNeedStatus, status, "status")
    with uow:
        revision = part_for_change(actor, uow, person_id, RecordPart.NEEDS, expected_revision)
        entry = check_support_need(chosen, catalogue_of(uow))
        check_count(
            "code",
            "Support need",
            len(uow.case.support_need_statuses(person_id)) + 1,
            SUPPORT_NEEDS_PER_PERSON_MAX,
            "support needs on one record",
        )
        first = change_support_need_status(
            None, status, changed_by=actor.display_name, changed_at=utc_now(), note=note
        )
        row = SupportNeedRow(
            person_id=person_id, code=entry.code, detail=chosen.detail, status=status.value
        )
        row.history.append(
            support_need_history_row(actor, first.from_status, first.to_status, first.note)
        )
        uow.case.add(row)
        audit.record(
            uow,
            actor,
            AuditAction.SUPPORT_NEED_ADDED,
            row.id,
            person_id=person_id,
            code=entry.code,
        )
        return commit_change(uow, revision)


def set_support_need_status(
    actor: Actor,
    uow: UnitOfWork,
    support_need_id: int,
    expected_revision: int,
    status: SupportNeedStatus,
    note: str = "",
) -> int:
    """Change a support need's status; plan actions linked to it follow."""
    support_need_id = record_id(support_need_id, "support_need_id")
    status = choice(SupportNeedStatus, status, "status")
    with uow:
        row = uow.case.support_need(support_need_id)
        if row is None:
            raise NotFound("That support need no longer exists.")
        revision = part_for_change(actor, uow, row.person_id, RecordPart.NEEDS, expected_revision)
        stage_support_need_status(uow, actor, row, status, note)
        follow_sources(uow, actor, row.person_id)
        return commit_change(uow, revision)
