"""The caseload import's reads and bulk writes (``services/caseload_import.py``)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, cast

from sqlalchemy import Table, func, insert, select
from sqlalchemy.orm import Session

from resettle.storage.tables.import_ledger import ImportLedgerRow
from resettle.storage.tables.people import PersonRow

_CHUNK = 500


@dataclass(frozen=True)
class RecordedPerson:
    """A person already recorded with one of the file's identifiers."""

    id: int
    prison_number: str
    crn: str
    pnc_number: str | None
    version: int
    team_id: int | None
    establishment_id: int | None
    restricted: bool


@dataclass(frozen=True)
class LedgerEntry:
    row_sha256: str
    person_version: int
    source_line: int


class ImportLedgerRepository:
    def __init__(self, session: Session) -> None:
        self._session = session

    def recorded_people(
        self, prison_numbers: Iterable[str], crns: Iterable[str], pncs: Iterable[str]
    ) -> list[RecordedPerson]:
        """People holding any of these prison numbers, CRNs or PNC numbers (every person:
        the caller decides what the actor may be told)."""
        found: dict[int, RecordedPerson] = {}
        for column, values in (
            (PersonRow.prison_number, prison_numbers),
            (PersonRow.crn, crns),
            (PersonRow.pnc_number, pncs),
        ):
            for chunk in _chunks(sorted(set(values))):
                query = select(
                    PersonRow.id,
                    PersonRow.prison_number,
                    PersonRow.crn,
                    PersonRow.pnc_number,
                    PersonRow.version,
                    PersonRow.team_id,
                    PersonRow.establishment_id,
                    PersonRow.restricted,
                ).where(column.in_(chunk))
                for row in self._session.execute(query):
                    found[row.id] = RecordedPerson(*row)
        return list(found.values())

    def latest_entries(self, person_ids: Iterable[int]) -> dict[int, LedgerEntry]:
        """Each person's latest ledger row (none for a person no import made or updated)."""
        entries: dict[int, LedgerEntry] = {}
        for chunk in _chunks(sorted(set(person_ids))):
            latest = (
                select(func.max(ImportLedgerRow.id))
                .where(ImportLedgerRow.person_id.in_(chunk))
                .group_by(ImportLedgerRow.person_id)
            )
            query = select(
                ImportLedgerRow.person_id,
                ImportLedgerRow.row_sha256,
                ImportLedgerRow.person_version,
                ImportLedgerRow.source_line,
            ).where(ImportLedgerRow.id.in_(latest))
            for person_id, row_hash, version, line in self._session.execute(query):
                entries[person_id] = LedgerEntry(row_hash, version, line)
        return entries

    def insert_people(self, rows: Sequence[dict[str, Any]]) -> list[int]:
        """Insert person rows in bulk (``executemany``); their new ids, in order, read back
        by prison number (unique). The database chooses the ids, so an id is never reused
        (migration 0017)."""
        table = cast(Table, PersonRow.__table__)
        for start in range(0, len(rows), 10 * _CHUNK):
            self._session.execute(insert(table), list(rows[start : start + 10 * _CHUNK]))
        numbers = [row["prison_number"] for row in rows]
        ids: dict[str, int] = {}
        for chunk in _chunks(numbers):
            query = select(PersonRow.prison_number, PersonRow.id).where(
                PersonRow.prison_number.in_(chunk)
            )
            ids.update((number, person_id) for number, person_id in self._session.execute(query))
        return [ids[number] for number in numbers]

    def add_entries(self, rows: Sequence[dict[str, Any]]) -> None:
        for start in range(0, len(rows), 5 * _CHUNK):
            self._session.execute(insert(ImportLedgerRow), list(rows[start : start + 5 * _CHUNK]))

    def entries_of(self, person_id: int) -> list[ImportLedgerRow]:
        return list(
            self._session.scalars(
                select(ImportLedgerRow)
                .where(ImportLedgerRow.person_id == person_id)
                .order_by(ImportLedgerRow.id)
            )
        )


def _chunks(values: Sequence[Any]) -> Iterable[Sequence[Any]]:
    for start in range(0, len(values), _CHUNK):
        yield values[start : start + _CHUNK]
