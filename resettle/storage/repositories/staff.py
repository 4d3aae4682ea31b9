"""Staff accounts and establishments."""

from __future__ import annotations

from typing import cast

from sqlalchemy import select
from sqlalchemy.orm import Session

from resettle.storage.tables.staff import EstablishmentRow, StaffRow

#: id, username, display_name, role, establishment_id, active
StaffColumns = list[tuple[int, str, str, str, int | None, bool]]


class StaffRepository:
    def __init__(self, session: Session) -> None:
        self._session = session

    def get(self, staff_id: int) -> StaffRow | None:
        return self._session.get(StaffRow, staff_id)

    def by_username(self, username: str) -> StaffRow | None:
        return self._session.scalar(select(StaffRow).where(StaffRow.username == username))

    def add(self, row: StaffRow) -> StaffRow:
        self._session.add(row)
        self._session.flush()
        return row

    def summaries(self, role: str | None = None) -> StaffColumns:
        """(id, username, display_name, role, establishment_id, active) of every account (of
        ``role``), by display name: plain rows, not loaded entities, because every person
        window lists the officers and prison staff (hundreds of accounts)."""
        query = select(
            StaffRow.id,
            StaffRow.username,
            StaffRow.display_name,
            StaffRow.role,
            StaffRow.establishment_id,
            StaffRow.active,
        ).order_by(StaffRow.display_name)
        if role is not None:
            query = query.where(StaffRow.role == role)
        return cast(StaffColumns, [tuple(row) for row in self._session.execute(query)])

    def establishment(self, establishment_id: int) -> EstablishmentRow | None:
        return self._session.get(EstablishmentRow, establishment_id)

    def establishment_by_code(self, code: str) -> EstablishmentRow | None:
        return self._session.scalar(select(EstablishmentRow).where(EstablishmentRow.code == code))

    def add_establishment(self, row: EstablishmentRow) -> EstablishmentRow:
        self._session.add(row)
        self._session.flush()
        return row

    def establishments(self) -> list[EstablishmentRow]:
        return list(self._session.scalars(select(EstablishmentRow).order_by(EstablishmentRow.name)))
