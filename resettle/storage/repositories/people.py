"""People: lookups, writes and the paged caseload query."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

from sqlalchemy import Select, func, or_, select, update
from sqlalchemy.orm import Session, joinedload, selectinload

from resettle.domain.caseload import (
    CaseloadCursor,
    CaseloadPage,
    CaseloadQuery,
    CaseloadReach,
    CaseloadRow,
)
from resettle.domain.plan import PlanState
from resettle.domain.search import search_terms
from resettle.storage.repositories import caseload_keys
from resettle.storage.repositories.access import reach_condition
from resettle.storage.repositories.caseload_figure import answer_columns, figure_condition
from resettle.storage.repositories.caseload_filters import filter_conditions
from resettle.storage.repositories.caseload_order import segments
from resettle.storage.repositories.caseload_search import search_conditions
from resettle.storage.repositories.lookup_text import can_be_id, can_match
from resettle.storage.tables.people import PersonRow


class PeopleRepository:
    def __init__(self, session: Session) -> None:
        self._session = session

    def get(self, person_id: int, *, whole: bool = False) -> PersonRow | None:
        """The person's row; ``whole``: with their officer, key worker, establishment (one
        statement) and aliases (a second), where each would otherwise be a statement of its
        own when first read (a round trip, and under row-level security the policies' checks
        again)."""
        if not can_be_id(person_id):
            return None
        if not whole:
            return self._session.get(PersonRow, person_id)
        return self._session.get(
            PersonRow,
            person_id,
            options=[
                joinedload(PersonRow.officer),
                joinedload(PersonRow.key_worker),
                joinedload(PersonRow.establishment),
                selectinload(PersonRow.aliases),
            ],
        )

    def by_prison_number(self, prison_number: str) -> PersonRow | None:
        if not can_match(prison_number):
            return None
        return self._session.scalar(
            select(PersonRow).where(PersonRow.prison_number == prison_number)
        )

    def id_with(self, column: str, value: str, excluding: int | None = None) -> int | None:
        """The id of another person holding ``value`` in a unique column, if any."""
        col = getattr(PersonRow, column)
        query = select(PersonRow.id).where(col == value)
        if excluding is not None:
            query = query.where(PersonRow.id != excluding)
        return self._session.scalar(query)

    def possible_matches(
        self, prison_number: str, crn: str, pnc_number: str | None, date_of_birth: dt.date
    ) -> list[tuple[PersonRow, bool]]:
        """People sharing an identifier or the date of birth (names are compared by the
        caller), each with whether their case is closed."""
        same = [
            PersonRow.prison_number == prison_number,
            PersonRow.crn == crn,
            PersonRow.date_of_birth == date_of_birth,
        ]
        if pnc_number:
            same.append(PersonRow.pnc_number == pnc_number)
        query = select(PersonRow).where(or_(*same)).order_by(PersonRow.id).limit(500)
        return [(row, row.case_closed) for row in self._session.scalars(query)]

    def add(self, row: PersonRow) -> PersonRow:
        self._session.add(row)
        self._session.flush()
        return row

    def set_open_essentials(self, person_id: int, critical: int, other: int) -> None:
        """Keep the readiness column's counts. A plain UPDATE, not through the profile's
        version: saving essentials must not conflict with saving the profile."""
        self._session.execute(
            update(PersonRow)
            .where(PersonRow.id == person_id)
            .values(open_critical_essentials=critical, open_other_essentials=other)
            .execution_options(synchronize_session=False)
        )
        caseload_keys.mark_stale(self._session, [person_id])

    def set_case_closed(self, person_id: int, closed: bool) -> None:
        """Keep the caseload's flag. A plain UPDATE, not through the profile's version:
        closing a case must not conflict with saving the profile."""
        self._session.execute(
            update(PersonRow)
            .where(PersonRow.id == person_id)
            .values(case_closed=closed)
            .execution_options(synchronize_session=False)
        )
        caseload_keys.mark_stale(self._session, [person_id])  # no outcome checks due once closed

    def count(self) -> int:
        return int(self._session.scalar(select(func.count(PersonRow.id))) or 0)

    # --- the caseload ----------------------------------------------------------------------
    def caseload(self, query: CaseloadQuery, reach: CaseloadReach) -> CaseloadPage:
        """One page in the query's order, after ``query.after`` (keyset paging: see
        ``caseload_order.py``)."""
        base = self._caseload_select(query, reach)
        ordered = segments(query.sort, query.descending, query.today)
        start = query.after.segment if query.after is not None else 0
        found: list[tuple[int, Any]] = []
        for number in range(start, len(ordered)):
            segment = ordered[number]
            statement = base.add_columns(
                (segment.key if segment.key is not None else PersonRow.id).label("sort_value")
            )
            if segment.rows is not None:
                statement = statement.where(segment.rows)
            if query.after is not None and number == query.after.segment:
                statement = statement.where(segment.after(query.after))
            statement = statement.order_by(*segment.order_by()).limit(query.limit + 1 - len(found))
            found += [(number, row) for row in self._session.execute(statement)]
            if len(found) > query.limit:
                break
        page = found[: query.limit]
        cursor = None
        if len(found) > query.limit:
            number, last = page[-1]
            value = None if ordered[number].key is None else last.sort_value
            cursor = CaseloadCursor(segment=number, value=value, id=last.id)
        answers = query.figure is not None and query.figure.outcome
        rows = tuple(_caseload_row(row, answers) for _, row in page)
        return CaseloadPage(rows=rows, next_cursor=cursor)

    def caseload_all(self, query: CaseloadQuery, reach: CaseloadReach) -> Iterator[CaseloadRow]:
        """Every row of the query, in its order, from the top (``query.after`` and
        ``query.limit`` ignored): the statements of :meth:`caseload`, one per segment of the
        order, each read to its end (an export; paging it re-sorted the reach each page)."""
        base = self._caseload_select(query, reach)
        answers = query.figure is not None and query.figure.outcome
        for segment in segments(query.sort, query.descending, query.today):
            statement = base
            if segment.rows is not None:
                statement = statement.where(segment.rows)
            for row in self._session.execute(statement.order_by(*segment.order_by())):
                yield _caseload_row(row, answers)

    def caseload_count(self, query: CaseloadQuery, reach: CaseloadReach) -> int:
        statement = select(func.count()).select_from(PersonRow)
        statement = statement.where(*self._caseload_conditions(query, reach))
        return int(self._session.scalar(statement) or 0)

    def refresh_caseload_keys(self, person_ids: list[int] | None = None) -> None:
        """Recompute the caseload's sort keys (after bulk inserts, which no listener sees)."""
        caseload_keys.refresh_people(self._session, person_ids)

    def bring_readiness_to(self, day: dt.date) -> None:
        caseload_keys.bring_readiness_to(self._session, day)

    def _caseload_select(self, query: CaseloadQuery, reach: CaseloadReach) -> Select:
        answers = [] if query.figure is None else answer_columns(query.figure)
        return select(
            PersonRow.id,
            PersonRow.given_name,
            PersonRow.family_name,
            PersonRow.prison_number,
            PersonRow.crn,
            PersonRow.release_date,
            PersonRow.open_critical_essentials,
            PersonRow.open_other_essentials,
            PersonRow.officer_sort.label("officer"),
            PersonRow.establishment_sort.label("establishment"),
            PersonRow.plan_state,
            PersonRow.plan_agreed,
            PersonRow.case_closed.label("closed"),
            PersonRow.outcome_check_due_on,
            *answers,
        ).where(*self._caseload_conditions(query, reach))

    def _caseload_conditions(self, query: CaseloadQuery, reach: CaseloadReach) -> list[Any]:
        if query.figure is not None:
            return self._figure_conditions(query, reach)
        conditions = search_conditions(self._session, search_terms(query.search))
        for column, value in (
            (PersonRow.responsible_officer_id, query.only_officer_id),
            (PersonRow.responsible_officer_id, reach.responsible_officer_id),
            (PersonRow.key_worker_id, reach.key_worker_id),
        ):
            if value is not None:
                conditions.append(column == value)
        if reach.scope is not None:
            conditions.append(reach_condition(reach.scope))
        if not query.include_closed:
            conditions.append(PersonRow.case_closed.is_(False))
        return conditions + filter_conditions(query.filters, query.today)

    def _figure_conditions(self, query: CaseloadQuery, reach: CaseloadReach) -> list[Any]:
        """A figure's people (``caseload_figure.py``) within the reach: the figure alone
        decides who is listed (closed cases included, no search or filters), never wider
        than the caseload's own reach."""
        assert query.figure is not None
        figure_scope = reach.figure_scope or reach.scope
        if figure_scope is None:
            raise ValueError("A figure's people are read within a scope.")
        dialect = self._session.get_bind().dialect.name
        conditions = [figure_condition(query.figure, figure_scope, query.today, dialect)]
        for column, value in (
            (PersonRow.responsible_officer_id, reach.responsible_officer_id),
            (PersonRow.key_worker_id, reach.key_worker_id),
        ):
            if value is not None:
                conditions.append(column == value)
        if reach.scope is not None:
            conditions.append(reach_condition(reach.scope))
        return conditions


def _caseload_row(row: Any, answers: bool = False) -> CaseloadRow:
    """Rows straight from the table are valid by construction: skip validation (it cost
    more than the query itself on a page of 200). ``answers``: the row has a figure's answer
    columns (asking a row for a column it has not raises inside: 1.4 s of an export of
    96,000 people)."""
    answer, checked_on, started_on = (
        (row.figure_answer, row.figure_checked_on, row.figure_started_on)
        if answers
        else (None, None, None)
    )
    return CaseloadRow.model_construct(
        id=row.id,
        name=f"{row.given_name} {row.family_name}",
        prison_number=row.prison_number,
        crn=row.crn,
        release_date=row.release_date,
        officer=row.officer,
        establishment=row.establishment,
        open_critical_essentials=row.open_critical_essentials,
        open_other_essentials=row.open_other_essentials,
        plan_state=None if row.plan_state is None else PlanState(row.plan_state),
        plan_agreed=bool(row.plan_agreed),
        closed=bool(row.closed),
        outcome_check_due_on=row.outcome_check_due_on,
        figure_answer=answer,
        figure_checked_on=checked_on,
        figure_started_on=started_on,
    )
