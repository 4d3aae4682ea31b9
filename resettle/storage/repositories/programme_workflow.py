"""Reads the programme referral workflow (statuses, reasons, moves) from its tables into the
domain's :class:`Workflow`: the moves a role may make come from the database, as seeded."""

from __future__ import annotations

from collections import defaultdict

from sqlalchemy import select
from sqlalchemy.orm import Session

from resettle.domain.programme_referral_statuses import (
    Reason,
    ReasonCategory,
    ReasonGroup,
    StatusDefinition,
)
from resettle.domain.programme_referral_workflow import Move, Workflow, WorkflowRoleGroup
from resettle.storage.tables.programme_workflow import (
    ProgrammeReferralMoveRoleRow,
    ProgrammeReferralMoveRow,
    ProgrammeReferralReasonCategoryRow,
    ProgrammeReferralReasonRow,
    ProgrammeReferralStatusRow,
)


class ProgrammeWorkflowRepository:
    def __init__(self, session: Session) -> None:
        self._session = session

    def workflow(self) -> Workflow:
        statuses = tuple(
            StatusDefinition(
                code=row.code,
                label=row.label,
                draft=row.draft,
                closed=row.closed,
                on_hold=row.on_hold,
                display_order=row.display_order,
                reason_group=None if row.reason_group is None else ReasonGroup(row.reason_group),
            )
            for row in self._session.scalars(
                select(ProgrammeReferralStatusRow).order_by(
                    ProgrammeReferralStatusRow.display_order, ProgrammeReferralStatusRow.code
                )
            )
        )
        reasons: dict[str, list[Reason]] = defaultdict(list)
        for reason in self._session.scalars(
            select(ProgrammeReferralReasonRow).order_by(
                ProgrammeReferralReasonRow.category_code,
                ProgrammeReferralReasonRow.display_order,
                ProgrammeReferralReasonRow.code,
            )
        ):
            reasons[reason.category_code].append(
                Reason(code=reason.code, label=reason.label, may_stay_open=reason.may_stay_open)
            )
        categories = tuple(
            ReasonCategory(
                code=row.code,
                group=ReasonGroup(row.reason_group),
                label=row.label,
                reasons=tuple(reasons[row.code]),
            )
            for row in self._session.scalars(
                select(ProgrammeReferralReasonCategoryRow).order_by(
                    ProgrammeReferralReasonCategoryRow.display_order,
                    ProgrammeReferralReasonCategoryRow.code,
                )
            )
        )
        groups: dict[tuple[str, str], set[WorkflowRoleGroup]] = defaultdict(set)
        for source, target, group in self._session.execute(
            select(
                ProgrammeReferralMoveRoleRow.from_status,
                ProgrammeReferralMoveRoleRow.to_status,
                ProgrammeReferralMoveRoleRow.role_group,
            )
        ):
            groups[(source, target)].add(WorkflowRoleGroup(group))
        # A move left with no role group in the table is one nobody may make: not offered.
        moves = tuple(
            Move(
                from_status=row.from_status,
                to_status=row.to_status,
                role_groups=frozenset(groups[(row.from_status, row.to_status)]),
                description=row.description,
                deselects=row.deselects,
            )
            for row in self._session.scalars(
                select(ProgrammeReferralMoveRow).order_by(
                    ProgrammeReferralMoveRow.from_status, ProgrammeReferralMoveRow.to_status
                )
            )
            if groups[(row.from_status, row.to_status)]
        )
        return Workflow(statuses=statuses, categories=categories, moves=moves)
