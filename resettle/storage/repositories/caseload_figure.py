"""A dashboard figure as a condition on the caseload's query (``domain/caseload_figure.py``),
and the answer columns an outcome measure's people are listed with.

The condition is ``people.id IN`` the figure's own select of people
(``MeasureQuery.people_ids``, the select its counts are a GROUP BY over), so the caseload
lists exactly the people the figure counts.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import select
from sqlalchemy.sql.elements import ColumnElement

from resettle.domain.access import AccessScope
from resettle.domain.caseload_figure import CaseloadFigure
from resettle.storage.repositories.measure_keys import current_check_value
from resettle.storage.repositories.measure_queries import MeasureQuery
from resettle.storage.tables.people import PersonRow


def figure_condition(
    figure: CaseloadFigure, scope: AccessScope, today: dt.date, dialect: str
) -> ColumnElement[bool]:
    """The people of ``figure`` as ``scope`` sees the figure, on ``today``."""
    measure, group = figure.measure, figure.group
    found = (
        MeasureQuery(measure, scope, figure.filters, today, dialect)
        .people_ids((figure.part,), group)
        .subquery()
    )
    return PersonRow.id.in_(select(found.c.person_id))


def answer_columns(figure: CaseloadFigure) -> list[Any]:
    """For an outcome measure's figure: the answer of each person's current check of the
    measure's point for their release (the latest one no correction supersedes, as the
    measure reads it), the day it was checked and the day treatment started; none for a
    process measure."""
    measure = figure.measure
    rule, point = measure.outcome, measure.point
    if rule is None or point is None:
        return []
    answer = rule.answer
    return [
        current_check_value(point, lambda c: getattr(c, answer)).label("figure_answer"),
        current_check_value(point, lambda c: c.checked_on).label("figure_checked_on"),
        current_check_value(point, lambda c: c.treatment_started_on).label("figure_started_on"),
    ]
