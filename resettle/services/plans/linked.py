"""Plan actions linked to the record, on the storage side (the rule is in
``domain/linked_actions.py``): reading the statuses of what actions are linked to, the current
plan following a change to them, and making the plan's ticks in the record.

These are staging helpers: they run inside the caller's open unit of work and commit nothing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Mapping, Sequence

from resettle.domain.aftercare import ReferralStatus
from resettle.domain.audit_actions import AuditAction
from resettle.domain.essentials import EssentialKind
from resettle.domain.linked_actions import (
    ACTION_TO_NEED,
    ACTION_TO_REFERRAL,
    CLOSED_FROM_PLAN,
    LinkKind,
    SourceChange,
    SourceStatuses,
    linked_status,
    source_changes,
    ticked_essential,
    version_with_linked_statuses,
)
from resettle.domain.needs import SupportNeedStatus
from resettle.domain.plan import ActionStatus, PlanAction, PlanState, PlanVersion
from resettle.domain.record_parts import RecordPart, referral_part
from resettle.domain.staff import Actor
from resettle.services import audit
from resettle.services.case_record import mapping as record_mapping
from resettle.services.case_record.staging import (
    stage_essential,
    stage_referral_status,
    stage_support_need_status,
)
from resettle.services.person_access import part_for_change
from resettle.services.plans import mapping
from resettle.services.unit_of_work import UnitOfWork
from resettle.storage.errors import NotFound
from resettle.storage.tables.plans import PlanVersionRow

#: An essential never saved is "to do" (the models' default).
_UNSAVED_ESSENTIAL = ActionStatus.TO_DO


def source_statuses(uow: UnitOfWork, person_id: int) -> SourceStatuses:
    """What the person's plan actions may be linked to, with their statuses as stored now."""
    uow.flush()
    saved = {row.kind: row.status for row in uow.case.essentials(person_id)}
    return SourceStatuses(
        essentials={
            kind: ActionStatus(saved.get(kind.value, _UNSAVED_ESSENTIAL)) for kind in EssentialKind
        },
        support_needs={
            need_id: SupportNeedStatus(status)
            for need_id, status in uow.case.support_need_statuses(person_id).items()
        },
        referrals={
            referral_id: ReferralStatus(status)
            for referral_id, status in uow.case.referral_statuses(person_id).items()
        },
    )


def linked_version(uow: UnitOfWork, person_id: int, row: PlanVersionRow) -> PlanVersion:
    """The stored version with its linked actions' statuses derived from the record."""
    return version_with_linked_statuses(mapping.version(row), source_statuses(uow, person_id))


def follow_sources(uow: UnitOfWork, actor: Actor, person_id: int) -> int:
    """After a change to an essential, support need or referral, in the same transaction:
    the current plan's stored statuses of the actions linked to it follow (an issued version is
    frozen and left alone). Only the action rows change, not the version row, so the plan's
    revision stays where it was and an open Plan tab's next save is not refused for it.
    Returns how many actions changed (an audit row says so when any did)."""
    current = uow.plans.current(person_id)
    if current is None or current.state == PlanState.ISSUED.value:
        return 0
    sources = source_statuses(uow, person_id)
    changed = 0
    for row in current.actions:
        status = linked_status(mapping.action(row), sources)
        if status is not None and status.value != row.status:
            row.status = status.value
            changed += 1
    if changed:
        audit.record(
            uow,
            actor,
            AuditAction.PLAN_ACTIONS_FOLLOWED,
            current.id,
            person_id=person_id,
            version=current.version,
            actions=changed,
        )
    return changed


def _part_of(change: SourceChange) -> str:
    if change.link is LinkKind.ESSENTIAL:
        return RecordPart.ESSENTIALS.value
    if change.link is LinkKind.SUPPORT_NEED:
        return RecordPart.NEEDS.value
    return referral_part(int(change.key))


def make_ticks(
    uow: UnitOfWork,
    actor: Actor,
    person_id: int,
    actions: Sequence[PlanAction],
    ticked: Collection[int],
    held_revisions: Mapping[str, int] | None,
    today: dt.date,
) -> dict[str, int]:
    """Make the changes that ticking linked actions (their places in ``actions``) asks of the
    record, each with its own audit row, in the caller's transaction. Each part of the record
    changed is advanced from the revision the caller holds (``held_revisions``, as the
    window read it), so a part someone else saved meanwhile is refused as a concurrent edit;
    without them (a script), from the revision stored now. Returns the parts advanced, with
    their new revisions."""
    if not ticked:
        return {}
    changes = source_changes(actions, ticked, source_statuses(uow, person_id))
    advanced: dict[str, int] = {}
    for change in changes:
        part = _part_of(change)
        if part not in advanced:
            held = held_revisions or {}
            expected = (
                held[part] if part in held else uow.case.part_revisions(person_id).get(part, 0)
            )
            advanced[part] = part_for_change(actor, uow, person_id, part, expected)
        _make(uow, actor, person_id, change, actions[change.index], today)
    return advanced


def _make(
    uow: UnitOfWork,
    actor: Actor,
    person_id: int,
    change: SourceChange,
    action: PlanAction,
    today: dt.date,
) -> None:
    if change.link is LinkKind.ESSENTIAL:
        kind = EssentialKind(str(change.key))
        stored = record_mapping.essential(uow.case.essential(person_id, kind.value), kind)
        stage_essential(
            uow, actor, person_id, ticked_essential(stored, change, today, action.what), via="plan"
        )
        return
    if change.link is LinkKind.SUPPORT_NEED:
        need = uow.case.support_need(int(change.key))
        if need is None or need.person_id != person_id:
            raise NotFound("That support need no longer exists.")
        stage_support_need_status(uow, actor, need, ACTION_TO_NEED[change.status], via="plan")
        return
    referral = uow.case.referral(int(change.key))
    if referral is None or referral.person_id != person_id:
        raise NotFound("That referral no longer exists.")
    wanted = ACTION_TO_REFERRAL[change.status]
    reason = CLOSED_FROM_PLAN if wanted is ReferralStatus.CLOSED else ""
    stage_referral_status(uow, actor, referral, wanted, reason, via="plan")
