"""The caseload window's filters as conditions on ``people`` (and its pathway needs)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import exists

from resettle.domain.caseload import CaseloadFilters, PlanStateFilter
from resettle.domain.needs import PathwayStatus
from resettle.domain.readiness import SCORE_RANGES, ReadinessLevel
from resettle.storage.tables.needs import PathwayNeedRow
from resettle.storage.tables.people import PersonRow

#: A pathway whose need is still being worked on.
OPEN_NEED_STATUSES = (PathwayStatus.SUPPORT_REQUIRED.value, PathwayStatus.IN_PROGRESS.value)


def filter_conditions(filters: CaseloadFilters, today: dt.date) -> list[Any]:
    conditions: list[Any] = []
    window = filters.release_window.dates(today)
    if window is not None:
        conditions.append(PersonRow.release_date.between(*window))
    if filters.pathway is not None:
        conditions.append(
            exists().where(
                PathwayNeedRow.person_id == PersonRow.id,
                PathwayNeedRow.pathway == filters.pathway.value,
                PathwayNeedRow.status.in_(OPEN_NEED_STATUSES),
            )
        )
    if filters.plan_state is PlanStateFilter.NONE:
        conditions.append(PersonRow.plan_state.is_(None))
    elif filters.plan_state is not None:
        conditions.append(PersonRow.plan_state == filters.plan_state.value)
    if filters.readiness is not None:
        conditions += _readiness_conditions(filters.readiness)
    if filters.outcome_checks_due:
        # Closed cases hold no due date (``outcome_check_keys.py``).
        conditions.append(PersonRow.outcome_check_due_on <= today)
    return conditions


def _readiness_conditions(level: ReadinessLevel) -> list[Any]:
    """The level from the stored sort key (``caseload_keys.py``), which holds the honest
    exceptions: no score without a release date, 0 once released without an agreed plan."""
    if level is ReadinessLevel.NO_RELEASE_DATE:
        return [PersonRow.release_date.is_(None)]
    low, high = SCORE_RANGES[level]
    # "+ 0" keeps the planner on the order's own index, checking the band as it reads (a
    # band holds thousands of people: reading the band's index range and sorting it all
    # for one page cost far more than reading in order until the page is full).
    conditions: list[Any] = [(PersonRow.readiness_score + 0).between(low, high)]
    if level is ReadinessLevel.OVERDUE:
        conditions.append(PersonRow.plan_agreed.is_(True))
    elif level is ReadinessLevel.RELEASED_NO_PLAN:
        conditions.append(PersonRow.plan_agreed.is_(False))
    return conditions
