"""Writing and reading a person's outcome checks (``tables/outcome_checks.py``): add and read
only, never update or delete. ``people.outcome_check_due_on`` follows a new check through
``caseload_keys`` (``outcome_check_keys.py``), in the same transaction."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from resettle.domain.outcome_checks import TREATMENT_NEED_STATUSES
from resettle.domain.pathways import Pathway
from resettle.storage.tables.needs import PathwayNeedRow
from resettle.storage.tables.outcome_checks import OutcomeCheckRow


class OutcomeChecksRepository:
    def __init__(self, session: Session) -> None:
        self._session = session

    def add(self, row: OutcomeCheckRow) -> OutcomeCheckRow:
        self._session.add(row)
        self._session.flush()
        return row

    def check(self, check_id: int) -> OutcomeCheckRow | None:
        return self._session.get(OutcomeCheckRow, check_id)

    def of_person(self, person_id: int) -> list[OutcomeCheckRow]:
        """Every check of the person, superseded ones and earlier releases' too, newest first."""
        query = (
            select(OutcomeCheckRow)
            .where(OutcomeCheckRow.person_id == person_id)
            .order_by(OutcomeCheckRow.id.desc())
        )
        return list(self._session.scalars(query))

    def superseding(self, check_id: int) -> OutcomeCheckRow | None:
        """The check that supersedes ``check_id``, if one does."""
        query = select(OutcomeCheckRow).where(OutcomeCheckRow.supersedes_id == check_id)
        return self._session.scalars(query.limit(1)).first()

    def treatment_need(self, person_id: int) -> bool:
        """The person's drugs and alcohol pathway status makes a treatment need."""
        return has_treatment_need(self._session, person_id)


def has_treatment_need(session: Session, person_id: int) -> bool:
    status = session.scalar(
        select(PathwayNeedRow.status).where(
            PathwayNeedRow.person_id == person_id,
            PathwayNeedRow.pathway == Pathway.DRUGS_ALCOHOL.value,
        )
    )
    return status in {s.value for s in TREATMENT_NEED_STATUSES}
