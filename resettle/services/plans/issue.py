"""Issuing an agreed plan: freeze a snapshot of what it prints, with the snapshot's hash."""

from __future__ import annotations

import datetime as dt

from sqlalchemy.orm.exc import StaleDataError

from resettle.domain.audit_actions import AuditAction
from resettle.domain.errors import ConcurrentEdit, ValidationFailed
from resettle.domain.permissions import Permission, require
from resettle.domain.plan import Issue, PlanState, PlanVersion, issue_plan
from resettle.domain.plan_document import PlanDocument, snapshot_sha256
from resettle.domain.plan_view import PlanView
from resettle.domain.staff import Actor
from resettle.evidence import RULE_VERSION
from resettle.services import audit
from resettle.services.case_record.read import load_case_record
from resettle.services.evidence_pack import active_pack
from resettle.services.person_access import changeable_person
from resettle.services.plans.contacts import plan_contacts
from resettle.services.plans.document import build_plan_document
from resettle.services.plans.edit import PLAN_CHANGED_MESSAGE
from resettle.services.plans.linked import linked_version
from resettle.services.plans.read import load_plan_view
from resettle.services.unit_of_work import UnitOfWork
from resettle.storage.base import utc_now
from resettle.storage.tables.people import PersonRow
from resettle.storage.tables.plans import PlanVersionRow


def issue(
    actor: Actor,
    uow: UnitOfWork,
    person_id: int,
    expected_revision: int,
    today: dt.date | None = None,
) -> PlanView:
    """Issue the agreed current version. Later changes start a new version.

    The record the snapshot is built from is read in the same transaction that checks the
    plan's revision, so what is frozen is what the check saw."""
    with uow:
        person = stage_issue(uow, actor, person_id, expected_revision, today)
        uow.commit()
        return load_plan_view(actor, uow, person)


def stage_issue(
    uow: UnitOfWork,
    actor: Actor,
    person_id: int,
    expected_revision: int,
    today: dt.date | None = None,
    *,
    issued_at: dt.datetime | None = None,
) -> PersonRow:
    """Freeze and stage the issue of the agreed current version, with its audit row, inside
    the caller's open unit of work; the caller commits. Returns the person's row.
    ``issued_at``: the demo's history only (a plan issued some days after it was agreed);
    every user's issue is now."""
    require(actor, Permission.AGREE_PLAN)
    person = changeable_person(actor, uow, person_id, Permission.AGREE_PLAN)
    current = uow.plans.current(person_id)
    if current is None or current.revision != expected_revision:
        raise ConcurrentEdit(PLAN_CHANGED_MESSAGE)
    if current.state != PlanState.AGREED.value:
        raise ValidationFailed.single(
            "state", "not_agreed", "The plan must be agreed before it is issued."
        )
    record = load_case_record(actor, uow, person_id, today)
    agreed = linked_version(uow, person_id, current)
    _store_statuses(current, agreed)
    pack, _problems = active_pack(uow)
    now = issued_at or utc_now()
    document = build_plan_document(
        record,
        agreed,
        pack,
        RULE_VERSION,
        [a.intervention_id for a in uow.plans.accepted(person_id)],
        now,
        plan_contacts(uow, person),
    ).model_copy(update={"state": PlanState.ISSUED})
    digest = snapshot_sha256(document)
    issued = issue_plan(
        agreed,
        Issue(
            issued_by=actor.display_name,
            issued_at=now,
            snapshot_sha256=digest,
            snapshot_json=document.model_dump_json(),
        ),
    )
    current.state = issued.state.value
    current.issued_by = actor.display_name
    current.issued_at = now
    current.snapshot_sha256 = digest
    current.snapshot_json = document.model_dump_json()
    audit.record(
        uow,
        actor,
        AuditAction.PLAN_ISSUED,
        current.id,
        person_id=person_id,
        version=current.version,
        sha256=digest,
    )
    try:
        uow.flush()
    except StaleDataError:
        raise ConcurrentEdit(PLAN_CHANGED_MESSAGE) from None
    return person


def _store_statuses(row: PlanVersionRow, plan: PlanVersion) -> None:
    """The issued version's rows keep the statuses its snapshot prints (linked actions may
    have followed the record since they were stored)."""
    for action_row, action in zip(row.actions, plan.actions, strict=True):
        action_row.status = action.status.value


def frozen_document(snapshot_json: str, printed_at: dt.datetime) -> PlanDocument:
    """An issued version prints exactly what was issued (only the print time is new)."""
    document = PlanDocument.model_validate_json(snapshot_json)
    return document.model_copy(update={"printed_at": printed_at})
