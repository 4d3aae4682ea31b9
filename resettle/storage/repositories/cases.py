"""Allocation history and case closures."""

from __future__ import annotations

from collections.abc import Sequence
from typing import cast

from sqlalchemy import Table, func, insert, select, update
from sqlalchemy.orm import Session

from resettle.storage.tables.cases import AllocationRow, CaseClosureRow


class CasesRepository:
    def __init__(self, session: Session) -> None:
        self._session = session

    def add_allocations(self, rows: Sequence[tuple[int, int, int | None]], by_id: int) -> list[int]:
        """Allocations ``(person_id, officer_id, previous_officer_id)`` in bulk; their ids, in
        order."""
        if not rows:
            return []
        table = cast(Table, AllocationRow.__table__)  # Core: no ORM bulk bookkeeping
        statement = insert(table).returning(table.c.id, sort_by_parameter_order=True)
        params = [
            {
                "person_id": person_id,
                "officer_id": officer_id,
                "previous_officer_id": previous,
                "allocated_by_id": by_id,
            }
            for person_id, officer_id, previous in rows
        ]
        return list(self._session.execute(statement, params).scalars())

    def add_allocation(
        self, person_id: int, officer_id: int, previous_officer_id: int | None, by_id: int
    ) -> AllocationRow:
        row = AllocationRow(
            person_id=person_id,
            officer_id=officer_id,
            previous_officer_id=previous_officer_id,
            allocated_by_id=by_id,
        )
        self._session.add(row)
        self._session.flush()
        return row

    def allocations(self, person_id: int) -> list[AllocationRow]:
        return list(
            self._session.scalars(
                select(AllocationRow)
                .where(AllocationRow.person_id == person_id)
                .order_by(AllocationRow.id)
            )
        )

    def open_closure(self, person_id: int) -> CaseClosureRow | None:
        return self._session.scalar(
            select(CaseClosureRow).where(
                CaseClosureRow.person_id == person_id, CaseClosureRow.reopened_at.is_(None)
            )
        )

    def add_closure(
        self, person_id: int, reason: str, other_reason: str, by_id: int
    ) -> CaseClosureRow:
        row = CaseClosureRow(
            person_id=person_id, reason=reason, other_reason=other_reason, closed_by_id=by_id
        )
        self._session.add(row)
        self._session.flush()
        self._session.refresh(row, ["closed_at"])
        return row

    def reopen(self, closure_id: int, by_id: int) -> bool:
        """End the closure, unless someone reopened it a moment ago (then False)."""
        result = self._session.execute(
            update(CaseClosureRow)
            .where(CaseClosureRow.id == closure_id, CaseClosureRow.reopened_at.is_(None))
            .values(reopened_by_id=by_id, reopened_at=func.current_timestamp())
            .execution_options(synchronize_session=False)
        )
        return bool(result.rowcount)  # type: ignore[attr-defined]

    def closed_among(self, person_ids: list[int]) -> set[int]:
        return set(
            self._session.scalars(
                select(CaseClosureRow.person_id).where(
                    CaseClosureRow.person_id.in_(person_ids), CaseClosureRow.reopened_at.is_(None)
                )
            )
        )
