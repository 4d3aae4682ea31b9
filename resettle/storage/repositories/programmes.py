"""Reads and writes of the programme catalogue, offerings, groups and sessions."""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from resettle.storage.repositories.lookup_text import can_be_id, can_match
from resettle.storage.tables.programmes import (
    ProgrammeGroupRow,
    ProgrammeOfferingRow,
    ProgrammeRow,
    ProgrammeSessionRow,
)


class ProgrammesRepository:
    def __init__(self, session: Session) -> None:
        self._session = session

    # --- catalogue ----------------------------------------------------------------------

    def programmes(self) -> list[ProgrammeRow]:
        return list(self._session.scalars(select(ProgrammeRow).order_by(ProgrammeRow.position)))

    def programme(self, programme_id: int) -> ProgrammeRow | None:
        return self._session.get(ProgrammeRow, programme_id)

    def programme_by_code(self, code: str) -> ProgrammeRow | None:
        if not can_match(code):
            return None
        return self._session.scalar(select(ProgrammeRow).where(ProgrammeRow.code == code))

    def add_programme(
        self, code: str, name: str, active: bool, definition: dict[str, Any]
    ) -> ProgrammeRow:
        last = self._session.scalar(select(func.max(ProgrammeRow.position)))
        row = ProgrammeRow(
            code=code,
            name=name,
            active=active,
            position=0 if last is None else last + 1,
            definition=definition,
        )
        self._session.add(row)
        self._session.flush()
        return row

    # --- offerings and groups -----------------------------------------------------------

    def add(self, row: ProgrammeOfferingRow | ProgrammeGroupRow | ProgrammeSessionRow) -> None:
        self._session.add(row)
        self._session.flush()

    def offering(self, offering_id: int) -> ProgrammeOfferingRow | None:
        if not can_be_id(offering_id):
            return None
        return self._session.get(ProgrammeOfferingRow, offering_id)

    def offerings(
        self,
        *,
        establishment_ids: Collection[int] | None = None,
        team_ids: Collection[int] | None = None,
    ) -> list[ProgrammeOfferingRow]:
        """Every offering, or (when either is given) those at the establishments or teams."""
        query = select(ProgrammeOfferingRow).order_by(ProgrammeOfferingRow.id)
        if establishment_ids is not None or team_ids is not None:
            query = query.where(
                ProgrammeOfferingRow.establishment_id.in_(list(establishment_ids or ()))
                | ProgrammeOfferingRow.team_id.in_(list(team_ids or ()))
            )
        return list(self._session.scalars(query))

    def group(self, group_id: int) -> ProgrammeGroupRow | None:
        if not can_be_id(group_id):
            return None
        return self._session.get(ProgrammeGroupRow, group_id)

    def group_by_code(self, offering_id: int, code: str) -> ProgrammeGroupRow | None:
        return self._session.scalar(
            select(ProgrammeGroupRow).where(
                ProgrammeGroupRow.offering_id == offering_id, ProgrammeGroupRow.code == code
            )
        )

    def groups_of(self, offering_ids: Collection[int]) -> list[ProgrammeGroupRow]:
        if not offering_ids:
            return []
        return list(
            self._session.scalars(
                select(ProgrammeGroupRow)
                .where(ProgrammeGroupRow.offering_id.in_(list(offering_ids)))
                .order_by(ProgrammeGroupRow.starts_on, ProgrammeGroupRow.id)
            )
        )

    # --- sessions -----------------------------------------------------------------------

    def session(self, session_id: int) -> ProgrammeSessionRow | None:
        if not can_be_id(session_id):
            return None
        return self._session.get(ProgrammeSessionRow, session_id)

    def sessions_of(self, group_id: int) -> list[ProgrammeSessionRow]:
        """Every session of the group, replaced ones too, by start."""
        return list(
            self._session.scalars(
                select(ProgrammeSessionRow)
                .where(ProgrammeSessionRow.group_id == group_id)
                .order_by(ProgrammeSessionRow.starts_at, ProgrammeSessionRow.id)
            )
        )

    def groups_with_no_session_after(self, group_ids: Collection[int], at: dt.datetime) -> set[int]:
        """Those of ``group_ids`` with sessions (not replaced) of which none starts after
        ``at``: every session has been held. A group with no sessions is not among them."""
        if not group_ids:
            return set()
        query = (
            select(ProgrammeSessionRow.group_id)
            .where(
                ProgrammeSessionRow.group_id.in_(list(group_ids)),
                ProgrammeSessionRow.replaced_at.is_(None),
            )
            .group_by(ProgrammeSessionRow.group_id)
            .having(func.max(ProgrammeSessionRow.starts_at) <= at)
        )
        return set(self._session.scalars(query))

    def last_session_start(self, group_id: int) -> dt.datetime | None:
        """When the group's last session (not replaced) starts; None with no sessions."""
        found: object = self._session.scalar(
            select(func.max(ProgrammeSessionRow.starts_at)).where(
                ProgrammeSessionRow.group_id == group_id,
                ProgrammeSessionRow.replaced_at.is_(None),
            )
        )
        if isinstance(found, str):  # should SQLite hand back max()'s text as it is
            found = dt.datetime.fromisoformat(found)
        if not isinstance(found, dt.datetime):
            return None
        return found if found.tzinfo is not None else found.replace(tzinfo=dt.UTC)

    def live_session_counts(self, group_ids: Collection[int]) -> dict[int, int]:
        """Sessions not replaced, per group."""
        if not group_ids:
            return {}
        query = (
            select(ProgrammeSessionRow.group_id, func.count())
            .where(
                ProgrammeSessionRow.group_id.in_(list(group_ids)),
                ProgrammeSessionRow.replaced_at.is_(None),
            )
            .group_by(ProgrammeSessionRow.group_id)
        )
        return {group_id: count for group_id, count in self._session.execute(query)}
