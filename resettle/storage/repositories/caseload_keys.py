"""The caseload's maintained sort keys and filter columns on ``people``.

``plan_state`` (the latest plan version's state), ``plan_agreed`` (a version agreed or
issued), ``officer_sort``, ``establishment_sort``, ``readiness_score``,
``outcome_check_due_on`` (``outcome_check_keys.py``) and the measures' keys
(``measure_keys.py``, ``overdue_action_keys.py``) are copies kept current here, so every
caseload order and filter (and every measure) is served by ``people`` instead of a join or an
expression over every row.

- Any change that moves them marks the person stale: an ORM flush of a person, a plan version
  or one of its actions, a pathway need, an outcome check, a member of staff or an
  establishment (the session listener below), or a plain UPDATE by a repository
  (``mark_stale``). Stale people are brought up to date just before the transaction
  commits, so the copies commit with the change, in the same transaction, whichever service
  made it.
- Readiness depends on the day. The scores are as of one day, ``resettle_meta`` row
  ``readiness_as_of``; ``bring_readiness_to(day)`` moves them to another day by recomputing
  only people whose release date is within reach of the change (released between the two days
  or within the 84-day horizon of either); everyone else's score cannot have moved.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Date, bindparam, event, exists, func, inspect, select, update
from sqlalchemy.orm import Session, UOWTransaction
from sqlalchemy.sql import Executable

from resettle.domain import clock
from resettle.domain.plan import PlanState
from resettle.domain.readiness import HORIZON_DAYS
from resettle.storage.repositories.measure_keys import key_values
from resettle.storage.repositories.outcome_check_keys import refresh_outcome_check_due
from resettle.storage.repositories.overdue_action_keys import refresh_overdue_action_from
from resettle.storage.repositories.readiness_sql import readiness_expression
from resettle.storage.tables.meta import MetaRow
from resettle.storage.tables.needs import PathwayNeedRow
from resettle.storage.tables.outcome_checks import OutcomeCheckRow
from resettle.storage.tables.people import PersonRow
from resettle.storage.tables.plans import PlanActionRow, PlanVersionRow
from resettle.storage.tables.staff import EstablishmentRow, StaffRow

READINESS_DAY_KEY = "readiness_as_of"
_STALE = "caseload_keys_stale"
_CHUNK = 500


def mark_stale(session: Session, person_ids: Iterable[int]) -> None:
    session.info.setdefault(_STALE, set()).update(person_ids)


def readiness_day(session: Session) -> dt.date | None:
    value = session.scalar(select(MetaRow.value).where(MetaRow.key == READINESS_DAY_KEY))
    return dt.date.fromisoformat(value) if value else None  # "" until the first read


def refresh_people(session: Session, person_ids: Iterable[int] | None) -> None:
    """Recompute every key of these people (None: everyone) as of the stored readiness day."""
    day = readiness_day(session) or clock.today()
    statements = _statements(session.get_bind().dialect.name)
    if person_ids is None:
        session.execute(statements.keys_all)
        session.execute(statements.readiness_all, {"day": day})
        refresh_outcome_check_due(session, None)
        refresh_overdue_action_from(session, None)
        return
    ids = sorted(set(person_ids))
    for start in range(0, len(ids), _CHUNK):
        chunk = ids[start : start + _CHUNK]
        session.execute(statements.keys_of, {"ids": chunk})
        session.execute(statements.readiness_of, {"ids": chunk, "day": day})
    refresh_outcome_check_due(session, ids)
    refresh_overdue_action_from(session, ids)


def bring_readiness_to(session: Session, day: dt.date) -> None:
    """Make the readiness scores those of ``day`` (the caseload asks before it reads).

    The day is claimed with a compare-and-swap on the ``resettle_meta`` row, so when two
    connections notice a new day at once, the second waits for the first and then finds
    nothing left to do.
    """
    stored = readiness_day(session)
    if stored == day or not _claim_day(session, stored, day):
        return
    statements = _statements(session.get_bind().dialect.name)
    if stored is None:
        session.execute(statements.readiness_all, {"day": day})
        return
    early, late = min(stored, day), max(stored, day)
    window = {
        "day": day,
        "early": early - dt.timedelta(days=1),
        "late": late + dt.timedelta(days=HORIZON_DAYS + 1),
    }
    session.execute(statements.readiness_window, window)


def _claim_day(session: Session, stored: dt.date | None, day: dt.date) -> bool:
    claimed = session.execute(
        update(MetaRow)
        .where(
            MetaRow.key == READINESS_DAY_KEY,
            MetaRow.value == (stored.isoformat() if stored else ""),
        )
        .values(value=day.isoformat())
    )
    if claimed.rowcount:  # type: ignore[attr-defined]
        return True
    if session.get(MetaRow, READINESS_DAY_KEY) is not None:
        return False  # another connection moved it first
    session.add(MetaRow(key=READINESS_DAY_KEY, value=day.isoformat()))
    session.flush()
    return True


@dataclass(frozen=True)
class _Statements:
    """The UPDATEs that keep the keys, built once per dialect (they run inside other use
    cases' commits, often from worker threads: building them each time was needless work)."""

    keys_all: Executable
    keys_of: Executable
    readiness_all: Executable
    readiness_of: Executable
    readiness_window: Executable


@functools.cache
def _statements(dialect: str) -> _Statements:
    latest_state = (
        select(PlanVersionRow.state)
        .where(PlanVersionRow.person_id == PersonRow.id)
        .order_by(PlanVersionRow.version.desc())
        .limit(1)
        .scalar_subquery()
    )
    agreed = exists().where(
        PlanVersionRow.person_id == PersonRow.id,
        PlanVersionRow.state.in_([PlanState.AGREED.value, PlanState.ISSUED.value]),
    )
    officer = (
        select(StaffRow.display_name)
        .where(StaffRow.id == PersonRow.responsible_officer_id)
        .scalar_subquery()
    )
    establishment = (
        select(EstablishmentRow.name)
        .where(EstablishmentRow.id == PersonRow.establishment_id)
        .scalar_subquery()
    )
    keys = update(PersonRow).values(
        plan_state=latest_state,
        plan_agreed=agreed,
        officer_sort=officer,
        establishment_sort=establishment,
        **key_values(dialect),
    )
    score = readiness_expression(
        PersonRow.open_critical_essentials,
        PersonRow.open_other_essentials,
        PersonRow.release_date,
        PersonRow.plan_agreed,
        bindparam("day", type_=Date),
        dialect,
    )
    readiness = update(PersonRow).values(readiness_score=score)
    ids = PersonRow.id.in_(bindparam("ids", expanding=True))
    window = PersonRow.release_date.between(
        bindparam("early", type_=Date), bindparam("late", type_=Date)
    )
    unsynchronised = {"synchronize_session": False}
    return _Statements(
        keys_all=keys.execution_options(**unsynchronised),
        keys_of=keys.where(ids).execution_options(**unsynchronised),
        readiness_all=readiness.execution_options(**unsynchronised),
        readiness_of=readiness.where(ids).execution_options(**unsynchronised),
        readiness_window=readiness.where(window).execution_options(**unsynchronised),
    )


# --- keeping them current ------------------------------------------------------------------
def _people_of(session: Session, column: Any, ids: set[int]) -> list[int]:
    return list(session.scalars(select(PersonRow.id).where(column.in_(sorted(ids)))))


def _renamed(obj: StaffRow | EstablishmentRow, attribute: str) -> bool:
    state = inspect(obj)
    return bool(state.persistent and state.attrs[attribute].history.deleted)


@event.listens_for(Session, "after_flush")
def _collect_stale(session: Session, _flush: UOWTransaction) -> None:
    people: set[int] = set()
    officers: set[int] = set()
    establishments: set[int] = set()
    versions: set[int] = set()
    for obj in (*session.new, *session.dirty, *session.deleted):
        if isinstance(obj, PersonRow) and obj.id is not None and obj not in session.deleted:
            people.add(obj.id)
        elif (
            isinstance(obj, PlanVersionRow | PathwayNeedRow | OutcomeCheckRow)
            and obj.person_id is not None
        ):
            people.add(obj.person_id)
        elif isinstance(obj, PlanActionRow) and obj.plan_version_id is not None:
            versions.add(obj.plan_version_id)  # an action's status or due day: measure keys
        elif isinstance(obj, StaffRow) and _renamed(obj, "display_name"):
            officers.add(obj.id)
        elif isinstance(obj, EstablishmentRow) and _renamed(obj, "name"):
            establishments.add(obj.id)
    if versions:
        people.update(
            session.scalars(
                select(PlanVersionRow.person_id).where(PlanVersionRow.id.in_(sorted(versions)))
            )
        )
    if officers:
        people.update(_people_of(session, PersonRow.responsible_officer_id, officers))
    if establishments:
        people.update(_people_of(session, PersonRow.establishment_id, establishments))
    if people:
        mark_stale(session, people)


@event.listens_for(Session, "before_commit")
def _refresh_stale(session: Session) -> None:
    session.flush()
    stale = session.info.pop(_STALE, None)
    if stale:  # people deleted meanwhile simply match no row
        refresh_people(session, stale)


@event.listens_for(Session, "after_rollback")
def _forget_stale(session: Session) -> None:
    session.info.pop(_STALE, None)


def count_unmaintained(session: Session) -> int:
    """People whose readiness key disagrees with a fresh computation (for checks and tests)."""
    day = readiness_day(session) or clock.today()
    score = readiness_expression(
        PersonRow.open_critical_essentials,
        PersonRow.open_other_essentials,
        PersonRow.release_date,
        PersonRow.plan_agreed,
        day,
        session.get_bind().dialect.name,
    )
    differs = func.coalesce(score, -1) != func.coalesce(PersonRow.readiness_score, -1)
    return int(session.scalar(select(func.count()).where(differs)) or 0)
