"""Staging a change of status to an essential, a support need or a referral, with its audit
row, inside the caller's open unit of work (no revision, no commit).

The Release day, Needs and Aftercare tabs reach these through their own use cases; the Plan
tab through ticking an action linked to one of them (``services/plans/linked.py``). Either
way the change is written, and audited, by the same code. ``via="plan"`` in the audit row says
the change came from the plan.
"""

from __future__ import annotations

from enum import StrEnum

from resettle.domain.aftercare import ReferralStatus, ReferralStatusChange, change_referral_status
from resettle.domain.audit_actions import AuditAction
from resettle.domain.essentials import Essential, EssentialKind, open_counts
from resettle.domain.needs import SupportNeedStatus, change_support_need_status
from resettle.domain.staff import Actor
from resettle.services import audit
from resettle.services.case_record import mapping
from resettle.services.unit_of_work import UnitOfWork
from resettle.storage.base import utc_now
from resettle.storage.tables.aftercare import ReferralHistoryRow, ReferralRow
from resettle.storage.tables.essentials import EssentialRow
from resettle.storage.tables.needs import SupportNeedHistoryRow, SupportNeedRow


def _via(via: str) -> dict[str, str]:
    return {"via": via} if via else {}


def stage_essential(
    uow: UnitOfWork, actor: Actor, person_id: int, essential: Essential, *, via: str = ""
) -> None:
    """Write one essential (its kind's row), keep the person's open counts for the readiness
    column, and audit it."""
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
        **_via(via),
    )


def _history_fields(
    actor: Actor, from_status: StrEnum | None, to_status: StrEnum
) -> dict[str, object]:
    """Who moved a record from which status to which, and when: a history row's columns."""
    return {
        "changed_by_id": actor.id,
        "changed_by": actor.display_name,
        "changed_at": utc_now(),
        "from_status": from_status.value if from_status else None,
        "to_status": to_status.value,
    }


def support_need_history_row(
    actor: Actor,
    from_status: SupportNeedStatus | None,
    to_status: SupportNeedStatus,
    note: str,
) -> SupportNeedHistoryRow:
    return SupportNeedHistoryRow(**_history_fields(actor, from_status, to_status), note=note)


def stage_support_need_status(
    uow: UnitOfWork,
    actor: Actor,
    row: SupportNeedRow,
    status: SupportNeedStatus,
    note: str = "",
    *,
    via: str = "",
) -> None:
    """Move a support need to ``status`` with a history entry and an audit row."""
    change = change_support_need_status(
        SupportNeedStatus(row.status),
        SupportNeedStatus(status),
        changed_by=actor.display_name,
        changed_at=utc_now(),
        note=note,
    )
    row.status = change.to_status.value
    row.history.append(
        support_need_history_row(actor, change.from_status, change.to_status, change.note)
    )
    audit.record(
        uow,
        actor,
        AuditAction.SUPPORT_NEED_STATUS_CHANGED,
        row.id,
        person_id=row.person_id,
        to=change.to_status.value,
        **_via(via),
    )


def referral_history_row(
    actor: Actor, from_status: ReferralStatus | None, to_status: ReferralStatus, reason: str
) -> ReferralHistoryRow:
    return ReferralHistoryRow(**_history_fields(actor, from_status, to_status), reason=reason)


def record_referral_change(
    actor: Actor, row: ReferralRow, to_status: ReferralStatus, reason: str
) -> ReferralStatusChange:
    """Check the move from the row's status to ``to_status`` (the allowed transitions) and
    add its history entry; the caller sets the row's own columns."""
    change = change_referral_status(
        ReferralStatus(row.status),
        to_status,
        changed_by=actor.display_name,
        changed_at=utc_now(),
        reason=reason,
    )
    row.history.append(
        referral_history_row(actor, change.from_status, change.to_status, change.reason)
    )
    return change


def stage_referral_status(
    uow: UnitOfWork,
    actor: Actor,
    row: ReferralRow,
    status: ReferralStatus,
    reason: str,
    *,
    via: str = "",
) -> None:
    """Move a referral to ``status`` (checked against the allowed transitions) with a history
    entry and an audit row; the rest of the referral is unchanged."""
    change = record_referral_change(actor, row, status, reason)
    row.status = change.to_status.value
    row.reason = change.reason
    audit.record(
        uow,
        actor,
        AuditAction.REFERRAL_UPDATED,
        row.id,
        person_id=row.person_id,
        status=change.to_status.value,
        **_via(via),
    )
