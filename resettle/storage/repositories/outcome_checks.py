"""Writing and reading a person's outcome checks (``tables/outcome_checks.py``): add and read
only, never update or delete; and keeping ``people.outcome_check_due_on`` current."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select, update
from sqlalchemy.orm import Session, aliased

from resettle.domain.outcome_checks import (
    TREATMENT_NEED_STATUSES,
    CheckPoint,
    earliest_outstanding,
)
from resettle.domain.pathways import Pathway
from resettle.storage.tables.needs import PathwayNeedRow
from resettle.storage.tables.outcome_checks import OutcomeCheckRow
from resettle.storage.tables.people import PersonRow


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


def current_points(session: Session, person_id: int, release_date: dt.date) -> set[CheckPoint]:
    """The points with a current check (nothing supersedes it) for the release on
    ``release_date``."""
    later = aliased(OutcomeCheckRow)
    query = select(OutcomeCheckRow.point).where(
        OutcomeCheckRow.person_id == person_id,
        OutcomeCheckRow.release_date == release_date,
        ~select(later.id).where(later.supersedes_id == OutcomeCheckRow.id).exists(),
    )
    return {CheckPoint(point) for point in session.scalars(query)}


def refresh_outcome_check_due(session: Session, person_id: int) -> dt.date | None:
    """Set ``people.outcome_check_due_on`` from the person's release date, treatment need
    and current checks for that release; returns the value set."""
    release_date = session.scalar(select(PersonRow.release_date).where(PersonRow.id == person_id))
    recorded = set() if release_date is None else current_points(session, person_id, release_date)
    due = earliest_outstanding(release_date, has_treatment_need(session, person_id), recorded)
    session.execute(
        update(PersonRow)
        .where(PersonRow.id == person_id)
        .values(outcome_check_due_on=due)
        .execution_options(synchronize_session="fetch")
    )
    return due
