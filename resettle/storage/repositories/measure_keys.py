"""The measures' keys on ``people``: what a measure would otherwise look up in a person's
records, kept on the person's row so that each measure reads one column (at 100,000 people
the look-ups were most of the dashboard's second).

- ``overdue_action_from``: the earliest due day of an open action (to do, in progress) of the
  latest plan version, as ``domain.plan.resolve_due`` resolves it (a weekend's "N days after
  release" on the next working day). "Overdue plan actions" is then
  ``overdue_action_from < today``. Computed in Python, not here: ``overdue_action_keys.py``.
- ``plan_agreed_in_time``, ``plan_issued_in_time``: a version of the plan agreed (issued) on
  or before 14 days before the release date (the timestamp's UTC day).
- ``outcome_<point>``: the answer of the person's current check of the point an outcome
  measure reads (the latest check nothing supersedes, of the current release date), as
  ``domain.measures.answer_groups`` names it (C20: started within 3 weeks, started later, not
  started, unknown); None: no check. An empty answer is kept as "".

None of them depends on the day. They are kept like the caseload's keys
(``caseload_keys.py``): whatever changes what they depend on (the person's release date, a
plan version, a plan action, an outcome check) marks the person stale and the stale people's
keys are recomputed by :func:`key_values`'s expressions just before the transaction commits.
:func:`unmaintained_keys` compares every stored key with a fresh computation (for tests).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlalchemy import (
    Date,
    Integer,
    and_,
    case,
    cast,
    exists,
    func,
    literal,
    or_,
    select,
    update,
)
from sqlalchemy.orm import Session, aliased
from sqlalchemy.sql.elements import ColumnElement
from sqlalchemy.sql.selectable import ScalarSelect

from resettle.domain.measures import (
    MEASURES,
    PLAN_LEAD_DAYS,
    STARTED_IN_TIME,
    STARTED_LATER,
    Measure,
    MeasureKind,
)
from resettle.domain.outcome_checks import CheckPoint
from resettle.storage.repositories import overdue_action_keys
from resettle.storage.tables.outcome_checks import OutcomeCheckRow
from resettle.storage.tables.people import OUTCOME_ANSWER_COLUMNS, PersonRow
from resettle.storage.tables.plans import PlanVersionRow

_EPOCH = "1970-01-01"


def outcome_column(definition: Measure) -> Any:
    """The ``people`` column holding the answer ``definition`` reads."""
    assert definition.point is not None
    return getattr(PersonRow, OUTCOME_ANSWER_COLUMNS[definition.point.value])


def _outcome_measures() -> dict[str, Measure]:
    found: dict[str, Measure] = {}
    for definition in MEASURES:
        if definition.kind is MeasureKind.OUTCOME:
            assert definition.point is not None
            # One column per point: two measures reading different answers of one point
            # would need a column each.
            assert definition.point.value not in found, definition.point
            found[definition.point.value] = definition
    assert set(found) == set(OUTCOME_ANSWER_COLUMNS), "a column per outcome measure's point"
    return found


def _days(value: Any, dialect: str, timestamp: bool = False) -> ColumnElement[int]:
    """As ``measure_queries.day_number``: a date (or a UTC timestamp's day) as a day count."""
    if dialect == "sqlite":
        day = func.date(value) if timestamp else value
        return cast(func.julianday(day), Integer)
    day = cast(func.timezone("UTC", value), Date) if timestamp else value
    return cast(day - literal(_EPOCH, Date), Integer)


def _plan_in_time(stamp: Any, dialect: str) -> ColumnElement[bool]:
    return exists().where(
        PlanVersionRow.person_id == PersonRow.id,
        stamp.is_not(None),
        PersonRow.release_date.is_not(None),
        _days(stamp, dialect, timestamp=True)
        <= _days(PersonRow.release_date, dialect) - PLAN_LEAD_DAYS,
    )


def current_check_value(
    point: CheckPoint, value_of: Callable[[Any], ColumnElement[Any]]
) -> ScalarSelect[Any]:
    """``value_of(check)`` of the person's current check of ``point`` for their release: the
    latest one no correction supersedes, correlated to the ``people`` row (the measure keys
    and the answers a figure's people show read it alike)."""
    check, later = aliased(OutcomeCheckRow), aliased(OutcomeCheckRow)
    return (
        select(value_of(check))
        .where(
            check.person_id == PersonRow.id,
            check.point == point.value,
            check.release_date == PersonRow.release_date,
            ~exists().where(later.supersedes_id == check.id),
        )
        .order_by(check.id.desc())
        .limit(1)
        .correlate(PersonRow)
        .scalar_subquery()
    )


def _current_answer(definition: Measure, dialect: str) -> ColumnElement[Any]:
    rule, point = definition.outcome, definition.point
    assert rule is not None and point is not None
    return current_check_value(point, lambda check: _answer_of(check, rule, dialect))


def _answer_of(check: Any, rule: Any, dialect: str) -> ColumnElement[Any]:
    """The stored answer, C20's start sorted into in time or later."""
    answer: ColumnElement[Any] = func.coalesce(getattr(check, rule.answer), "")
    if rule.within_days is not None:
        started = getattr(check, rule.answer).in_(sorted(rule.counted))
        in_time = and_(
            started,
            check.treatment_started_on.is_not(None),
            _days(check.treatment_started_on, dialect) - _days(check.release_date, dialect)
            <= rule.within_days,
        )
        answer = case((in_time, STARTED_IN_TIME), (started, STARTED_LATER), else_=answer)
    return answer


def key_values(dialect: str) -> dict[str, ColumnElement[Any]]:
    """Each key's column name and its value computed from the records, correlated to the
    ``people`` row being updated (``overdue_action_from`` apart: see the module's note)."""
    values: dict[str, ColumnElement[Any]] = {
        "plan_agreed_in_time": _plan_in_time(PlanVersionRow.agreed_at, dialect),
        "plan_issued_in_time": _plan_in_time(PlanVersionRow.issued_at, dialect),
    }
    for point, definition in _outcome_measures().items():
        values[OUTCOME_ANSWER_COLUMNS[point]] = _current_answer(definition, dialect)
    return values


def unmaintained_keys(session: Session) -> dict[int, list[str]]:
    """The people and the names of their keys that disagree (a failing test's message)."""
    dialect = session.get_bind().dialect.name
    found: dict[int, list[str]] = {}
    for name, fresh in key_values(dialect).items():
        stored = getattr(PersonRow, name)
        differs = or_(
            and_(stored.is_(None), fresh.is_not(None)),
            and_(stored.is_not(None), fresh.is_(None)),
            stored != fresh,
        )
        for person_id in session.scalars(select(PersonRow.id).where(differs)):
            found.setdefault(person_id, []).append(name)
    for person_id in overdue_action_keys.unmaintained(session):
        found.setdefault(person_id, []).append("overdue_action_from")
    return found


def refresh_all(session: Session) -> None:
    """Recompute everyone's keys (rows written in bulk, past the session's listener)."""
    statement = update(PersonRow).values(**key_values(session.get_bind().dialect.name))
    session.execute(statement.execution_options(synchronize_session=False))
    overdue_action_keys.refresh_overdue_action_from(session, None)
