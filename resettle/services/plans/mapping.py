"""Plan rows to the domain's plan models and back."""

from __future__ import annotations

from resettle.domain.action_repeats import REPEAT_COLUMNS
from resettle.domain.plan import (
    ActionSource,
    Agreement,
    Issue,
    PlanAction,
    PlanState,
    PlanVersion,
)
from resettle.domain.plan_view import PlanVersionSummary
from resettle.domain.text_fields import STORED
from resettle.storage.plan_action_columns import repeat_columns, stored_due, stored_repeat
from resettle.storage.tables.plans import PlanActionRow, PlanVersionRow


def action(row: PlanActionRow) -> PlanAction:
    due = stored_due(row.due_kind, row.due_on, row.due_offset_days, row.due_pinned)
    source = ActionSource(
        recommendation_intervention_id=row.source_intervention_id,
        support_need_id=row.source_support_need_id,
        essential_kind=row.source_essential_kind,
        aftercare_referral_id=row.source_referral_id,
    )
    return PlanAction.model_validate(
        {
            "pathway": row.pathway,
            "what": row.what,
            "owner": row.owner,
            "due": due,
            "status": row.status,
            "position": row.position,
            "source": source if any(source.model_dump().values()) else None,
            "repeat": stored_repeat(*(getattr(row, name) for name in REPEAT_COLUMNS)),
        },
        context=STORED,
    )


def action_row(value: PlanAction) -> PlanActionRow:
    source = value.source or ActionSource()
    return PlanActionRow(
        position=value.position,
        pathway=value.pathway.value,
        what=value.what,
        owner=value.owner.value if value.owner else None,
        due_kind=value.due.kind.value if value.due else None,
        due_on=value.due.on if value.due else None,
        due_offset_days=value.due.offset_days if value.due else None,
        due_pinned=value.due.pinned if value.due else False,
        status=value.status.value,
        source_intervention_id=source.recommendation_intervention_id,
        source_support_need_id=source.support_need_id,
        source_essential_kind=source.essential_kind,
        source_referral_id=source.aftercare_referral_id,
        **repeat_columns(value.repeat),
    )


def version(row: PlanVersionRow) -> PlanVersion:
    agreement = None
    if row.agreed_at is not None and row.agreed_by:
        agreement = Agreement.model_validate(
            {
                "agreed_by": row.agreed_by,
                "agreed_at": row.agreed_at,
                "agreed_by_person": row.agreed_by_person,
                "person_agreed_on": row.person_agreed_on,
                "person_agreed_how": row.person_agreed_how,
            },
            context=STORED,
        )
    issue = None
    if row.issued_at is not None and row.issued_by and row.snapshot_sha256:
        issue = Issue(
            issued_by=row.issued_by,
            issued_at=row.issued_at,
            snapshot_sha256=row.snapshot_sha256,
            snapshot_json=row.snapshot_json or "",
        )
    return PlanVersion(
        person_id=row.person_id,
        version=row.version,
        state=PlanState(row.state),
        actions=tuple(action(a) for a in row.actions),
        agreement=agreement,
        issue=issue,
        officer_notes=row.officer_notes or "",
    )


def summary(row: PlanVersionRow) -> PlanVersionSummary:
    return PlanVersionSummary(
        version=row.version,
        state=PlanState(row.state),
        created_at=row.created_at,
        created_by=row.created_by,
        agreed_at=row.agreed_at,
        issued_at=row.issued_at,
        snapshot_sha256=row.snapshot_sha256,
    )
