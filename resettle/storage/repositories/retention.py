"""Retention rules, review decisions, the people a rule makes due, and erasure's deletes and
tombstones."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, func, select, text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from resettle.domain.record_changes import READS
from resettle.storage.base import UtcDateTime
from resettle.storage.postgres_erasure import NOT_MANAGED
from resettle.storage.repositories.lookup_text import can_match
from resettle.storage.tables.audit import AuditEntryRow
from resettle.storage.tables.cases import CaseClosureRow
from resettle.storage.tables.people import PersonRow
from resettle.storage.tables.retention import ErasureRow, RetentionReviewRow, RetentionRuleRow

#: The date each rule basis counts from, as a column or correlated subquery on ``people``.
LICENCE_END = "licence_end"
RELEASE_DATE = "release_date"
CASE_CLOSED = "case_closed"
LAST_ACTIVITY = "last_activity"


@dataclass(frozen=True)
class DueRow:
    person_id: int
    prison_number: str
    given_name: str
    family_name: str
    team_id: int | None
    establishment_id: int | None
    restricted: bool
    counted_from: dt.date


@dataclass(frozen=True)
class ErasedInDatabase:
    """What ``resettle_erase_person`` did: the tombstone, and the rows removed per table."""

    tombstone_id: int
    erased_at: dt.datetime
    rows: dict[str, int]


_ERASE = text(
    "SELECT o_tombstone, o_erased_at, o_rows FROM resettle_erase_person(:person, :reason)"
).columns(o_erased_at=UtcDateTime)


class RetentionRepository:
    def __init__(self, session: Session) -> None:
        self._session = session

    # --- rules ----------------------------------------------------------------------------

    def rules(self) -> list[RetentionRuleRow]:
        return list(self._session.scalars(select(RetentionRuleRow).order_by(RetentionRuleRow.id)))

    def rule(self, rule_id: int) -> RetentionRuleRow | None:
        return self._session.get(RetentionRuleRow, rule_id)

    def rule_named(self, name: str) -> RetentionRuleRow | None:
        if not can_match(name):
            return None
        return self._session.scalar(
            select(RetentionRuleRow).where(func.lower(RetentionRuleRow.name) == name.lower())
        )

    def add_rule(self, row: RetentionRuleRow) -> RetentionRuleRow:
        self._session.add(row)
        self._session.flush()
        return row

    # --- the review queue -----------------------------------------------------------------

    def due(self, basis: str, counts_until: dt.date, reach: ColumnElement[bool]) -> list[DueRow]:
        """People in ``reach`` whose ``basis`` date is on or before ``counts_until``."""
        counted = _counted_from(basis)
        day_after = dt.datetime.combine(counts_until + dt.timedelta(days=1), dt.time(), dt.UTC)
        limit = (
            counted <= counts_until
            if basis in (LICENCE_END, RELEASE_DATE)
            else (counted < day_after)
        )
        rows = self._session.execute(
            select(
                PersonRow.id,
                PersonRow.prison_number,
                PersonRow.given_name,
                PersonRow.family_name,
                PersonRow.team_id,
                PersonRow.establishment_id,
                PersonRow.restricted,
                counted.label("counted"),
            )
            .where(reach, counted.is_not(None), limit)
            .order_by(PersonRow.id)
        )
        return [
            DueRow(
                row.id,
                row.prison_number,
                row.given_name,
                row.family_name,
                row.team_id,
                row.establishment_id,
                row.restricted,
                _day(row.counted),
            )
            for row in rows
        ]

    def kept_until(self, person_ids: list[int]) -> dict[int, dt.date]:
        """Each person's latest next-review date from a "keep" decision."""
        if not person_ids:
            return {}
        rows = self._session.execute(
            select(RetentionReviewRow.person_id, func.max(RetentionReviewRow.next_review_on))
            .where(RetentionReviewRow.person_id.in_(person_ids))
            .group_by(RetentionReviewRow.person_id)
        )
        return {person_id: day for person_id, day in rows}

    def add_review(self, row: RetentionReviewRow) -> RetentionReviewRow:
        self._session.add(row)
        self._session.flush()
        return row

    # --- erasure --------------------------------------------------------------------------

    def delete_rows(self, table: str, condition: str, person_id: int) -> int:
        """Delete the rows of ``table`` that ``condition`` (from ``storage/erasure_plan.py``,
        built from the models, never from input) selects for the person."""
        result: Any = self._session.execute(
            text(f"DELETE FROM {table} WHERE {condition}"), {"person_id": person_id}
        )
        return int(result.rowcount or 0)

    def erases_through_function(self) -> bool:
        """A PostgreSQL login may not delete a person's data or write tombstones itself: it
        calls ``resettle_erase_person`` (``storage/postgres_erasure.py``)."""
        return self._session.get_bind().dialect.name == "postgresql" and not self._session.scalar(
            text("SELECT has_table_privilege('erasures', 'INSERT')")
        )

    def erase_through_function(self, person_id: int, reason: str) -> ErasedInDatabase | None:
        """Erase the person in the database, tombstone and audit row included, in this
        transaction; None when the login does not manage them (the transaction is then
        spoilt: the caller rolls it back)."""
        try:
            row = self._session.execute(_ERASE, {"person": person_id, "reason": reason}).one()
        except DBAPIError as error:
            if getattr(error.orig, "sqlstate", None) == NOT_MANAGED:
                return None
            raise
        rows = {str(table): int(count) for table, count in dict(row.o_rows).items()}
        return ErasedInDatabase(int(row.o_tombstone), row.o_erased_at, rows)

    def audited_count(self, person_id: int, action: str) -> int:
        """How many audit rows about the person name ``action``."""
        return int(
            self._session.scalar(
                select(func.count(AuditEntryRow.id)).where(
                    AuditEntryRow.person_id == person_id, AuditEntryRow.action == action
                )
            )
            or 0
        )

    def add_tombstone(self, row: ErasureRow) -> ErasureRow:
        self._session.add(row)
        self._session.flush()
        self._session.refresh(row, ["erased_at"])
        return row

    def tombstone_of(self, person_id: int) -> ErasureRow | None:
        return self._session.scalar(
            select(ErasureRow).where(ErasureRow.erased_person_id == person_id)
        )

    def forget_loaded(self) -> None:
        """Drop the session's copies of deleted rows (they were deleted in SQL)."""
        self._session.expunge_all()


def _counted_from(basis: str) -> Any:
    if basis == LICENCE_END:
        return PersonRow.licence_end_date
    if basis == RELEASE_DATE:
        return PersonRow.release_date
    if basis == CASE_CLOSED:
        return (
            select(func.max(CaseClosureRow.closed_at))
            .where(CaseClosureRow.person_id == PersonRow.id, CaseClosureRow.reopened_at.is_(None))
            .scalar_subquery()
        )
    if basis == LAST_ACTIVITY:
        return (
            select(func.max(AuditEntryRow.at))
            .where(AuditEntryRow.person_id == PersonRow.id, AuditEntryRow.action.not_in(READS))
            .scalar_subquery()
        )
    raise ValueError(f"unknown retention basis {basis!r}")


def _day(value: Any) -> dt.date:
    """The day of a date or timestamp (SQLite returns an aggregate of timestamps as text)."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value)[:10])
