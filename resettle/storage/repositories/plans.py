"""Plan versions and actions, accepted recommendations and imported evidence packs."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from resettle.storage.tables.evidence_packs import EvidencePackRow
from resettle.storage.tables.plans import AcceptedRecommendationRow, PlanVersionRow


class PlanRepository:
    def __init__(self, session: Session) -> None:
        self._session = session

    def add(self, row: object) -> None:
        self._session.add(row)
        self._session.flush()

    def versions(self, person_id: int) -> list[PlanVersionRow]:
        query = (
            select(PlanVersionRow)
            .where(PlanVersionRow.person_id == person_id)
            .options(selectinload(PlanVersionRow.actions))
            .order_by(PlanVersionRow.version)
        )
        return list(self._session.scalars(query))

    def current(self, person_id: int) -> PlanVersionRow | None:
        query = (
            select(PlanVersionRow)
            .where(PlanVersionRow.person_id == person_id)
            .options(selectinload(PlanVersionRow.actions))
            .order_by(PlanVersionRow.version.desc())
            .limit(1)
        )
        return self._session.scalar(query)

    def version(self, person_id: int, version: int) -> PlanVersionRow | None:
        query = (
            select(PlanVersionRow)
            .where(PlanVersionRow.person_id == person_id, PlanVersionRow.version == version)
            .options(selectinload(PlanVersionRow.actions))
        )
        return self._session.scalar(query)

    def people_with_plans(self, person_ids: list[int]) -> set[int]:
        query = select(PlanVersionRow.person_id).where(PlanVersionRow.person_id.in_(person_ids))
        return set(self._session.scalars(query))

    def accepted(self, person_id: int) -> list[AcceptedRecommendationRow]:
        query = (
            select(AcceptedRecommendationRow)
            .where(AcceptedRecommendationRow.person_id == person_id)
            .order_by(AcceptedRecommendationRow.accepted_at, AcceptedRecommendationRow.id)
        )
        return list(self._session.scalars(query))

    def evidence_packs(self) -> list[EvidencePackRow]:
        query = select(EvidencePackRow).order_by(EvidencePackRow.imported_at.desc())
        return list(self._session.scalars(query))

    def evidence_pack_with_version(self, version: str) -> EvidencePackRow | None:
        query = select(EvidencePackRow).where(EvidencePackRow.pack_version == version)
        return self._session.scalar(query)
