"""Administration of accounts, teams and establishments: the roles and places of work of
every account, replaced as a whole, and the counts that decide what may change."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import delete, func, select, text, update
from sqlalchemy.orm import Session

from resettle.storage.tables.meta import APPLICATION_KEY, MetaRow
from resettle.storage.tables.people import PersonRow
from resettle.storage.tables.staff import (
    EstablishmentStaffRow,
    ManagedEstablishmentRow,
    ManagedRegionRow,
    ManagedTeamRow,
    StaffRoleRow,
    StaffRow,
    TeamMemberRow,
)

#: The key of PostgreSQL's transaction-level advisory lock that serialises account changes.
ACCOUNTS_LOCK_KEY = 0x52455354  # "REST"

#: (table, column of the place) for each kind of place, in ``PLACE_KINDS`` order.
_PLACE_TABLES = {
    "team_ids": (TeamMemberRow, TeamMemberRow.team_id),
    "establishment_ids": (EstablishmentStaffRow, EstablishmentStaffRow.establishment_id),
    "managed_team_ids": (ManagedTeamRow, ManagedTeamRow.team_id),
    "managed_establishment_ids": (
        ManagedEstablishmentRow,
        ManagedEstablishmentRow.establishment_id,
    ),
    "managed_region_ids": (ManagedRegionRow, ManagedRegionRow.region_id),
}
PLACE_KINDS = tuple(_PLACE_TABLES)

#: staff id -> kind -> place ids
Places = dict[int, dict[str, frozenset[int]]]


class AccountsRepository:
    def __init__(self, session: Session) -> None:
        self._session = session

    def serialise_changes(self) -> None:
        """Account changes one at a time, so a check such as "another active administrator
        remains" holds until the commit: PostgreSQL's advisory lock for this transaction,
        SQLite's database write lock (taken by a write that changes nothing)."""
        if self._session.get_bind().dialect.name == "postgresql":
            self._session.execute(
                text("SELECT pg_advisory_xact_lock(:key)"), {"key": ACCOUNTS_LOCK_KEY}
            )
        else:
            self._session.execute(
                update(MetaRow).where(MetaRow.key == APPLICATION_KEY).values(value=MetaRow.value)
            )

    def accounts(self) -> list[StaffRow]:
        return list(self._session.scalars(select(StaffRow).order_by(StaffRow.username)))

    def roles(self, staff_id: int | None = None) -> dict[int, frozenset[str]]:
        query = select(StaffRoleRow.staff_id, StaffRoleRow.role)
        if staff_id is not None:
            query = query.where(StaffRoleRow.staff_id == staff_id)
        held: dict[int, set[str]] = {}
        for owner, role in self._session.execute(query):
            held.setdefault(owner, set()).add(role)
        return {owner: frozenset(roles) for owner, roles in held.items()}

    def places(self, staff_id: int | None = None) -> Places:
        found: Places = {}
        for kind, (table, column) in _PLACE_TABLES.items():
            query = select(table.staff_id, column)  # type: ignore[attr-defined]
            if staff_id is not None:
                query = query.where(table.staff_id == staff_id)  # type: ignore[attr-defined]
            for owner, place in self._session.execute(query):
                entry = found.setdefault(owner, {})
                entry[kind] = entry.get(kind, frozenset()) | {place}
        return found

    def replace_roles(self, staff_id: int, roles: Iterable[str]) -> None:
        self._session.execute(delete(StaffRoleRow).where(StaffRoleRow.staff_id == staff_id))
        self._session.add_all(StaffRoleRow(staff_id=staff_id, role=role) for role in roles)
        self._session.flush()

    def replace_places(self, staff_id: int, places: dict[str, frozenset[int]]) -> None:
        for kind, (table, column) in _PLACE_TABLES.items():
            self._session.execute(
                delete(table).where(table.staff_id == staff_id)  # type: ignore[attr-defined]
            )
            self._session.add_all(
                table(staff_id=staff_id, **{column.key: place})
                for place in sorted(places.get(kind, frozenset()))
            )
        self._session.flush()

    def active_holders(self, role: str) -> set[int]:
        return set(
            self._session.scalars(
                select(StaffRow.id)
                .join(StaffRoleRow, StaffRoleRow.staff_id == StaffRow.id)
                .where(StaffRoleRow.role == role, StaffRow.active.is_(True))
            )
        )

    def team_counts(self) -> tuple[dict[int, int], dict[int, int]]:
        """(officers per team, people per team)."""
        officers = dict(
            self._session.execute(
                select(TeamMemberRow.team_id, func.count()).group_by(TeamMemberRow.team_id)
            ).all()
        )
        people = dict(
            self._session.execute(
                select(PersonRow.team_id, func.count())
                .where(PersonRow.team_id.is_not(None))
                .group_by(PersonRow.team_id)
            ).all()
        )
        return officers, people  # type: ignore[return-value]

    def establishment_counts(self) -> dict[int, int]:
        """Prison staff per establishment."""
        return dict(
            self._session.execute(
                select(EstablishmentStaffRow.establishment_id, func.count()).group_by(
                    EstablishmentStaffRow.establishment_id
                )
            ).all()
        )  # type: ignore[arg-type]
