"""People: lookups, writes and the paged caseload query."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import Select, and_, func, or_, select, update
from sqlalchemy.orm import Session, aliased

from resettle.domain.caseload import CaseloadColumn, CaseloadQuery, CaseloadRow
from resettle.domain.search import search_terms
from resettle.storage.repositories.readiness_sql import readiness_expression
from resettle.storage.tables.people import PersonRow
from resettle.storage.tables.staff import EstablishmentRow, StaffRow

_Officer = aliased(StaffRow)


def _escape_like(term: str) -> str:
    return term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


_NOT_NULL_SORTS = {
    CaseloadColumn.NAME,
    CaseloadColumn.PRISON_NUMBER,
    CaseloadColumn.CRN,
    CaseloadColumn.READINESS,
}


class PeopleRepository:
    def __init__(self, session: Session) -> None:
        self._session = session

    def get(self, person_id: int) -> PersonRow | None:
        return self._session.get(PersonRow, person_id)

    def by_prison_number(self, prison_number: str) -> PersonRow | None:
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

    def set_case_closed(self, person_id: int, closed: bool) -> None:
        """Keep the caseload's flag. A plain UPDATE, not through the profile's version:
        closing a case must not conflict with saving the profile."""
        self._session.execute(
            update(PersonRow)
            .where(PersonRow.id == person_id)
            .values(case_closed=closed)
            .execution_options(synchronize_session=False)
        )

    def count(self) -> int:
        return int(self._session.scalar(select(func.count(PersonRow.id))) or 0)

    def caseload(self, query: CaseloadQuery, establishment_scope: int | None) -> list[CaseloadRow]:
        statement = self._caseload_select(query, establishment_scope)
        statement = statement.order_by(*self._order(query)).offset(query.offset).limit(query.limit)
        return [
            CaseloadRow(
                id=row.id,
                name=f"{row.given_name} {row.family_name}",
                prison_number=row.prison_number,
                crn=row.crn,
                release_date=row.release_date,
                officer=row.officer,
                establishment=row.establishment,
                open_critical_essentials=row.open_critical_essentials,
                open_other_essentials=row.open_other_essentials,
                closed=bool(row.closed),
            )
            for row in self._session.execute(statement)
        ]

    def caseload_count(self, query: CaseloadQuery, establishment_scope: int | None) -> int:
        statement = select(func.count()).select_from(
            self._caseload_select(query, establishment_scope).subquery()
        )
        return int(self._session.scalar(statement) or 0)

    def _caseload_select(self, query: CaseloadQuery, establishment_scope: int | None) -> Select:
        statement = (
            select(
                PersonRow.id,
                PersonRow.given_name,
                PersonRow.family_name,
                PersonRow.prison_number,
                PersonRow.crn,
                PersonRow.release_date,
                PersonRow.open_critical_essentials,
                PersonRow.open_other_essentials,
                _Officer.display_name.label("officer"),
                EstablishmentRow.name.label("establishment"),
                PersonRow.case_closed.label("closed"),
            )
            .outerjoin(_Officer, _Officer.id == PersonRow.responsible_officer_id)
            .outerjoin(EstablishmentRow, EstablishmentRow.id == PersonRow.establishment_id)
        )
        conditions = [
            PersonRow.search_text.like(f"%{_escape_like(term)}%", escape="\\")
            for term in search_terms(query.search)
        ]
        if query.only_officer_id is not None:
            conditions.append(PersonRow.responsible_officer_id == query.only_officer_id)
        if establishment_scope is not None:
            conditions.append(PersonRow.establishment_id == establishment_scope)
        if not query.include_closed:
            conditions.append(PersonRow.case_closed.is_(False))
        return statement.where(and_(*conditions)) if conditions else statement

    def _readiness(self, today: dt.date) -> Any:
        return readiness_expression(
            PersonRow.open_critical_essentials,
            PersonRow.open_other_essentials,
            PersonRow.release_date,
            today,
            self._session.get_bind().dialect.name,
        )

    def _order(self, query: CaseloadQuery) -> list[Any]:
        """Ascending puts people without the value last; descending is its exact reverse.

        The release-date order matches the ``ix_people_release_order`` index, so the first page
        of a large caseload comes straight off the index instead of sorting every row.
        """
        column = {
            CaseloadColumn.NAME: PersonRow.sort_name,
            CaseloadColumn.PRISON_NUMBER: PersonRow.prison_number,
            CaseloadColumn.CRN: PersonRow.crn,
            CaseloadColumn.RELEASE_DATE: PersonRow.release_date,
            CaseloadColumn.DAYS_TO_RELEASE: PersonRow.release_date,
            CaseloadColumn.OFFICER: _Officer.display_name,
            CaseloadColumn.ESTABLISHMENT: EstablishmentRow.name,
            CaseloadColumn.READINESS: self._readiness(query.today),
        }[query.sort]
        keys: list[Any] = [] if query.sort in _NOT_NULL_SORTS else [column.is_(None)]
        keys += [column, PersonRow.id]
        return [key.desc() if query.descending else key.asc() for key in keys]
