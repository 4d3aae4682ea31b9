"""Regions (probation regions, prison groups): the teams and establishments in each, and the
counts that decide what may change."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import ColumnElement

from resettle.storage.repositories.lookup_text import can_be_id, can_match
from resettle.storage.tables.people import PersonRow
from resettle.storage.tables.staff import EstablishmentRow, ManagedRegionRow, RegionRow, TeamRow


def people_in_region(region_id: int) -> ColumnElement[bool]:
    """A condition on ``people``: placed in a team or an establishment of the region, as they
    are in it now (the measures' region filter). The team and establishment are compared as
    values (``+ 0``), as the measures' reach is (``access.placed_condition``)."""
    return or_(
        (PersonRow.team_id + 0).in_(select(TeamRow.id).where(TeamRow.region_id == region_id)),
        (PersonRow.establishment_id + 0).in_(
            select(EstablishmentRow.id).where(EstablishmentRow.region_id == region_id)
        ),
    )


class RegionsRepository:
    def __init__(self, session: Session) -> None:
        self._session = session

    def get(self, region_id: int) -> RegionRow | None:
        if not can_be_id(region_id):
            return None
        return self._session.get(RegionRow, region_id)

    def by_code(self, code: str) -> RegionRow | None:
        if not can_match(code):
            return None
        return self._session.scalar(select(RegionRow).where(RegionRow.code == code))

    def add(self, code: str, name: str) -> RegionRow:
        row = RegionRow(code=code, name=name, active=True)
        self._session.add(row)
        self._session.flush()
        return row

    def all(self) -> list[RegionRow]:
        return list(self._session.scalars(select(RegionRow).order_by(RegionRow.code)))

    def counts(self) -> tuple[dict[int, int], dict[int, int], dict[int, int]]:
        """(teams, establishments, managers) per region."""

        def per_region(column: Any) -> dict[int, int]:
            query = select(column, func.count()).where(column.is_not(None)).group_by(column)
            return {region: count for region, count in self._session.execute(query)}

        return (
            per_region(TeamRow.region_id),
            per_region(EstablishmentRow.region_id),
            per_region(ManagedRegionRow.region_id),
        )

    def places_of(self, region_ids: set[int]) -> tuple[set[int], set[int]]:
        """(team ids, establishment ids) in the regions, as they are now."""
        if not region_ids:
            return set(), set()
        wanted = sorted(region_ids)
        return (
            set(self._session.scalars(select(TeamRow.id).where(TeamRow.region_id.in_(wanted)))),
            set(
                self._session.scalars(
                    select(EstablishmentRow.id).where(EstablishmentRow.region_id.in_(wanted))
                )
            ),
        )

    def holding(self, team_ids: set[int], establishment_ids: set[int]) -> set[int]:
        """The regions holding any of the teams or establishments."""
        found: set[int] = set()
        if team_ids:
            found |= {
                region
                for region in self._session.scalars(
                    select(TeamRow.region_id).where(TeamRow.id.in_(sorted(team_ids)))
                )
                if region is not None
            }
        if establishment_ids:
            found |= {
                region
                for region in self._session.scalars(
                    select(EstablishmentRow.region_id).where(
                        EstablishmentRow.id.in_(sorted(establishment_ids))
                    )
                )
                if region is not None
            }
        return found
