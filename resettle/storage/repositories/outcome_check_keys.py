"""``people.outcome_check_due_on``: the earliest due date of an outcome check not yet recorded.

The caseload's "Outcome checks due" filter and its "Check due" column read this one column
(one index range), so it is kept current like the other caseload keys
(``caseload_keys.py``): whatever changes what it depends on marks the person stale, and the
stale people are brought up to date just before the transaction commits. It depends on

- the person's release date and whether the case is closed (a closed case has no checks due:
  the caseload does not chase a closed case's outcomes);
- whether the person has a treatment need (the drugs and alcohol pathway need's status,
  ``domain.outcome_checks.TREATMENT_NEED_STATUSES``), which adds the treatment-start check;
- the *current* checks: rows nothing supersedes whose release date is the person's current
  release date (a check of an earlier release does not count for this one).

The date itself comes from ``domain.outcome_checks.earliest_outstanding``, so the column and
the outcome-checks screens cannot disagree about what is due. Only changed values are written.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Any

from sqlalchemy import exists, select
from sqlalchemy.orm import Session, aliased

from resettle.domain.outcome_checks import (
    TREATMENT_NEED_STATUSES,
    CheckPoint,
    earliest_outstanding,
)
from resettle.domain.pathways import Pathway
from resettle.storage.repositories.person_day_keys import PersonDayKey
from resettle.storage.tables.needs import PathwayNeedRow
from resettle.storage.tables.outcome_checks import OutcomeCheckRow
from resettle.storage.tables.people import PersonRow


def _computed(
    session: Session, ids: list[int] | None
) -> list[tuple[int, dt.date | None, dt.date | None]]:
    def only(column: Any) -> list[Any]:
        return [] if ids is None else [column.in_(ids)]

    people = session.execute(
        select(
            PersonRow.id,
            PersonRow.release_date,
            PersonRow.case_closed,
            PersonRow.outcome_check_due_on,
        ).where(*only(PersonRow.id))
    ).all()
    if not people:
        return []
    treatment_need = set(
        session.scalars(
            select(PathwayNeedRow.person_id).where(
                PathwayNeedRow.pathway == Pathway.DRUGS_ALCOHOL.value,
                PathwayNeedRow.status.in_([status.value for status in TREATMENT_NEED_STATUSES]),
                *only(PathwayNeedRow.person_id),
            )
        )
    )
    recorded: dict[int, set[CheckPoint]] = defaultdict(set)
    for person_id, point in session.execute(_current_points().where(*only(PersonRow.id))):
        recorded[person_id].add(CheckPoint(point))
    return [
        (
            row.id,
            None
            if row.case_closed
            else earliest_outstanding(
                row.release_date, row.id in treatment_need, recorded.get(row.id, set())
            ),
            row.outcome_check_due_on,
        )
        for row in people
    ]


def _current_points() -> Any:
    """(person id, point) of every current check: nothing supersedes it and it belongs to the
    person's current release."""
    later = aliased(OutcomeCheckRow)
    return (
        select(OutcomeCheckRow.person_id, OutcomeCheckRow.point)
        .join(PersonRow, PersonRow.id == OutcomeCheckRow.person_id)
        .where(
            OutcomeCheckRow.release_date == PersonRow.release_date,
            ~exists().where(later.supersedes_id == OutcomeCheckRow.id),
        )
        .distinct()
    )


_KEY = PersonDayKey("outcome_check_due_on", _computed)
refresh_outcome_check_due = _KEY.refresh
due_dates = _KEY.days
