"""The demo's outcome checks: only for people already released, only at points that have come
due, in believable proportions with unknowns, some left due or overdue, a correction or two,
and ``people.outcome_check_due_on`` set to agree with them."""

from __future__ import annotations

import datetime as dt
from collections import Counter

from sqlalchemy import select

from resettle.domain.outcome_checks import (
    TREATMENT_NEED_STATUSES,
    Accommodation,
    CheckPoint,
    Employment,
    due_on,
)
from resettle.services.workspace import Workspace
from resettle.storage.repositories import outcome_check_keys
from resettle.storage.tables.needs import PathwayNeedRow
from resettle.storage.tables.outcome_checks import OutcomeCheckRow
from resettle.storage.tables.people import PersonRow
from tests.accounts import load_demo_for
from tests.factories import TODAY


def test_the_demo_records_outcomes_after_release(workspace: Workspace) -> None:
    load_demo_for(workspace, 600, seed=4, today=TODAY)
    with workspace.uow() as uow:
        people = {row.id: row for row in uow.session.scalars(select(PersonRow))}
        checks = list(uow.session.scalars(select(OutcomeCheckRow).order_by(OutcomeCheckRow.id)))
        treatment_need = set(
            uow.session.scalars(
                select(PathwayNeedRow.person_id).where(
                    PathwayNeedRow.pathway == "drugs_alcohol",
                    PathwayNeedRow.status.in_([s.value for s in TREATMENT_NEED_STATUSES]),
                )
            )
        )
        stored_due = {pid: row.outcome_check_due_on for pid, row in people.items()}
        assert outcome_check_keys.due_dates(uow.session, None) == stored_due

        released = [p for p in people.values() if p.release_date and p.release_date < TODAY]
        assert checks and len(released) > 60
        for check in checks:
            person = people[check.person_id]
            assert check.release_date == person.release_date and person.release_date < TODAY
            point = CheckPoint(check.point)
            assert due_on(point, check.release_date) <= TODAY  # only points that have come due
            assert check.release_date <= check.checked_on <= TODAY
            if point is CheckPoint.TREATMENT:
                assert check.person_id in treatment_need
                assert check.accommodation is None and check.employment is None
                if check.treatment_started_on is not None:
                    assert check.release_date <= check.treatment_started_on <= check.checked_on
            else:
                assert check.treatment is None and check.accommodation is not None
                assert (check.employment is not None) == point.asks_employment

        current = [c for c in checks if c.id not in {x.supersedes_id for x in checks}]
        by_point = Counter(CheckPoint(c.point) for c in current)
        assert all(by_point[point] > 0 for point in CheckPoint), by_point
        first_nights = [
            Accommodation(c.accommodation or "") for c in current if c.point == "first_night"
        ]
        housed = sum(a.housed for a in first_nights) / len(first_nights)
        assert 0.7 <= housed <= 0.95
        assert {Accommodation.UNKNOWN, Accommodation.ROUGH_SLEEPING} & set(first_nights)
        later = [c for c in current if c.point in ("week_6", "month_6")]
        jobs = [Employment(c.employment or "") for c in later]
        assert Employment.UNKNOWN in jobs and Employment.UNAVAILABLE in jobs
        employed = sum(j in (Employment.EMPLOYED, Employment.SELF_EMPLOYED) for j in jobs)
        assert 0.1 <= employed / len(jobs) <= 0.45
        treatments = {c.treatment for c in current if c.point == "treatment"}
        assert treatments == {"started", "not_started", "unknown"}

        corrections = [c for c in checks if c.supersedes_id is not None]
        assert corrections
        for correction in corrections:
            original = next(c for c in checks if c.id == correction.supersedes_id)
            assert (original.person_id, original.point) == (correction.person_id, correction.point)
            assert correction.checked_on >= original.checked_on
        # Some checks are left to do: due (in the last 14 days) and overdue.
        due = [d for d in stored_due.values() if d is not None and d <= TODAY]
        assert any(d >= TODAY - dt.timedelta(days=14) for d in due)
        assert any(d < TODAY - dt.timedelta(days=14) for d in due)
