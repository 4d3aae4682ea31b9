"""The readiness score as an SQL expression, so the caseload can sort by it in the database.

It mirrors ``resettle.domain.readiness.person_score`` term for term (integer arithmetic): NULL
with no release date, 0 from the release day on without an agreed plan, 99 with nothing open before
release but no agreed plan, else the score; a missing agreed plan brings the caps of an open
critical essential.
``tests/storage/test_readiness_sql.py`` checks the two agree over a grid on both backends.
It is stored as the caseload's readiness sort key (``caseload_keys.py``), not computed per query.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import Integer, case, cast, func, literal
from sqlalchemy.sql.elements import ColumnElement

from resettle.domain import readiness as rules


def _days_to_release(release: Any, today: dt.date | Any, dialect: str) -> ColumnElement[Any]:
    """``today`` is a date or a Date-typed bound parameter (bound as ISO text on SQLite)."""
    day = (
        literal(today.isoformat()) if isinstance(today, dt.date) and dialect == "sqlite" else today
    )
    if not isinstance(day, ColumnElement):
        day = literal(day)
    if dialect == "sqlite":
        return cast(func.julianday(release) - func.julianday(day), Integer)
    return release - day


def readiness_expression(
    open_critical: Any,
    open_other: Any,
    release: Any,
    plan_agreed: Any,
    today: dt.date | Any,
    dialect: str,
) -> ColumnElement[Any]:
    days_raw = _days_to_release(release, today, dialect)
    horizon = rules.HORIZON_DAYS
    days = case(
        (release.is_(None), horizon),
        (days_raw > horizon, horizon),
        else_=days_raw,
    )
    load = rules.CRITICAL_WEIGHT * open_critical + rules.OTHER_WEIGHT * open_other
    scaled = load * (horizon + (rules.MAX_PRESSURE - 1) * (horizon - days))
    penalty = (scaled + (horizon - 1)) // horizon  # ceil for non-negative integers
    base = 100 - penalty
    clamped = case((base > 99, 99), (base < 1, 1), else_=base)
    critical_gap = (open_critical > 0) | ~plan_agreed  # a missing agreed plan caps as one
    urgent_cap = rules.URGENT_BASE + case((days < 0, 0), else_=days)
    at_risk_cap = rules.AT_RISK_BASE + (days - rules.URGENT_DAYS) // 2  # days > URGENT_DAYS
    capped = case(
        (critical_gap & (days <= rules.URGENT_DAYS) & (clamped > urgent_cap), urgent_cap),
        (critical_gap & (days <= rules.AT_RISK_DAYS) & (clamped > at_risk_cap), at_risk_cap),
        else_=clamped,
    )
    return case(
        (release.is_(None), None),
        ((days_raw <= 0) & ~plan_agreed, 0),
        ((open_critical == 0) & (open_other == 0) & plan_agreed, 100),
        (days_raw < 0, 0),
        else_=capped,  # nothing open without an agreed plan: 99 (clamped), or a cap
    )
