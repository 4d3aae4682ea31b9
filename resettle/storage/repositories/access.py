"""The tables access is decided from: an account's scope, a person's placement, and the
access rule as SQL conditions on ``people`` for lists and counts (``domain/access.py``)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from sqlalchemy import and_, false, func, literal, or_, select, union_all
from sqlalchemy.orm import Session

from resettle.domain.access import AccessScope, Placement
from resettle.domain.staff import Role
from resettle.storage.base import utc_now
from resettle.storage.tables.access import ALLOWED, EXCLUDED, PersonAccessRow
from resettle.storage.tables.people import PersonRow
from resettle.storage.tables.staff import (
    CoverGrantRow,
    EstablishmentRow,
    EstablishmentStaffRow,
    ManagedEstablishmentRow,
    ManagedRegionRow,
    ManagedTeamRow,
    RegionRow,
    StaffRoleRow,
    StaffRow,
    TeamMemberRow,
    TeamRow,
)


@dataclass(frozen=True)
class AccountState:
    active: bool
    must_change_password: bool
    roles: frozenset[Role]
    establishment_id: int | None


class AccessRepository:
    def __init__(self, session: Session) -> None:
        self._session = session

    def roles_of(self, staff_id: int) -> frozenset[Role]:
        return frozenset(
            Role(value)
            for value in self._session.scalars(
                select(StaffRoleRow.role).where(StaffRoleRow.staff_id == staff_id)
            )
        )

    def account_state(self, staff_id: int) -> AccountState | None:
        """What every action re-reads of the acting account, in one query: whether it is
        active, must change its password, its roles and its first establishment."""
        first_establishment = (
            select(func.min(EstablishmentStaffRow.establishment_id))
            .where(EstablishmentStaffRow.staff_id == StaffRow.id)
            .scalar_subquery()
        )
        rows = self._session.execute(
            select(
                StaffRow.active,
                StaffRow.must_change_password,
                StaffRoleRow.role,
                first_establishment,
            )
            .outerjoin(StaffRoleRow, StaffRoleRow.staff_id == StaffRow.id)
            .where(StaffRow.id == staff_id)
        ).all()
        if not rows:
            return None
        active, must_change, _role, establishment = rows[0]
        return AccountState(
            active=active,
            must_change_password=must_change,
            roles=frozenset(Role(role) for _a, _m, role, _e in rows if role is not None),
            establishment_id=establishment,
        )

    def scope_of(self, staff_id: int, roles: frozenset[Role], today: dt.date) -> AccessScope:
        """The account's teams, cover, establishments, managed places and access lists, in
        one statement (one round trip: every action reads it). A managed region's teams and
        establishments, as their regions say now, count as managed teams and establishments."""
        parts = (
            ("team", select(TeamMemberRow.team_id).where(TeamMemberRow.staff_id == staff_id)),
            (
                "cover",
                select(CoverGrantRow.team_id).where(
                    CoverGrantRow.staff_id == staff_id,
                    CoverGrantRow.starts_on <= today,
                    CoverGrantRow.ends_on >= today,
                    CoverGrantRow.revoked_at.is_(None),
                ),
            ),
            (
                "establishment",
                select(EstablishmentStaffRow.establishment_id).where(
                    EstablishmentStaffRow.staff_id == staff_id
                ),
            ),
            (
                "managed_team",
                select(ManagedTeamRow.team_id).where(ManagedTeamRow.staff_id == staff_id),
            ),
            (
                "managed_establishment",
                select(ManagedEstablishmentRow.establishment_id).where(
                    ManagedEstablishmentRow.staff_id == staff_id
                ),
            ),
            (
                "managed_region",
                select(ManagedRegionRow.region_id).where(ManagedRegionRow.staff_id == staff_id),
            ),
            # A region reaches through while it is active (a review: a team put into a
            # region as it was being deactivated was reached through the inactive region).
            (
                "managed_team",
                select(TeamRow.id)
                .join(ManagedRegionRow, ManagedRegionRow.region_id == TeamRow.region_id)
                .join(RegionRow, RegionRow.id == ManagedRegionRow.region_id)
                .where(ManagedRegionRow.staff_id == staff_id, RegionRow.active.is_(True)),
            ),
            (
                "managed_establishment",
                select(EstablishmentRow.id)
                .join(ManagedRegionRow, ManagedRegionRow.region_id == EstablishmentRow.region_id)
                .join(RegionRow, RegionRow.id == ManagedRegionRow.region_id)
                .where(ManagedRegionRow.staff_id == staff_id, RegionRow.active.is_(True)),
            ),
        )
        statement = union_all(
            *(query.add_columns(literal(kind).label("kind")) for kind, query in parts),
            select(PersonAccessRow.person_id, PersonAccessRow.kind).where(
                PersonAccessRow.staff_id == staff_id
            ),
        )
        found: dict[str, set[int]] = defaultdict(set)
        for value, kind in self._session.execute(statement):
            found[kind].add(value)

        def ids(kind: str) -> frozenset[int]:
            return frozenset(found.get(kind, ()))

        return AccessScope(
            staff_id=staff_id,
            roles=roles,
            team_ids=ids("team"),
            cover_team_ids=ids("cover"),
            establishment_ids=ids("establishment"),
            managed_team_ids=ids("managed_team"),
            managed_establishment_ids=ids("managed_establishment"),
            managed_region_ids=ids("managed_region"),
            allowed_person_ids=ids(ALLOWED),
            excluded_person_ids=ids(EXCLUDED),
        )

    def team_for_officer(self, officer_id: int, keep: int | None) -> int | None:
        """The team a person allocated to the officer is on: ``keep`` when the officer is in
        it, else the officer's first team; None when the officer is in none."""
        teams = list(
            self._session.scalars(
                select(TeamMemberRow.team_id)
                .where(TeamMemberRow.staff_id == officer_id)
                .order_by(TeamMemberRow.team_id)
            )
        )
        if keep is not None and keep in teams:
            return keep
        return teams[0] if teams else None

    def cover_grants(self, team_ids: list[int]) -> list[CoverGrantRow]:
        return list(
            self._session.scalars(
                select(CoverGrantRow)
                .where(CoverGrantRow.team_id.in_(team_ids))
                .order_by(CoverGrantRow.granted_at.desc(), CoverGrantRow.id.desc())
            )
        )

    def person_access(self, person_id: int) -> list[tuple[int, str]]:
        """(staff id, kind) of everyone on the person's access and exclusion lists."""
        return [
            (staff_id, kind)
            for staff_id, kind in self._session.execute(
                select(PersonAccessRow.staff_id, PersonAccessRow.kind).where(
                    PersonAccessRow.person_id == person_id
                )
            )
        ]

    def replace_person_access(self, person_id: int, rows: list[PersonAccessRow]) -> None:
        """Make the person's lists these rows (one per member of staff): entries no longer
        wanted are deleted, kept ones take the new kind, reason and setter, new ones are
        added. An entry is never deleted and added again, so a manager named on a restricted
        person's list reaches them throughout (on PostgreSQL, row-level security checks every
        statement of the change)."""
        wanted = {row.staff_id: row for row in rows}
        stored = self._session.scalars(
            select(PersonAccessRow).where(PersonAccessRow.person_id == person_id)
        )
        for row in list(stored):
            new = wanted.pop(row.staff_id, None)
            if new is None:
                self._session.delete(row)
            else:
                row.kind, row.reason, row.set_by_id = new.kind, new.reason, new.set_by_id
                row.set_at = utc_now()
        self._session.add_all(wanted.values())
        self._session.flush()

    def reached_ids(self, scope: AccessScope, person_ids: set[int]) -> set[int]:
        """Those of ``person_ids`` that ``scope`` reaches (the rest are as if they did not
        exist)."""
        if not person_ids:
            return set()
        return set(
            self._session.scalars(
                select(PersonRow.id).where(
                    PersonRow.id.in_(sorted(person_ids)), reach_condition(scope)
                )
            )
        )

    def placement(self, person_id: int) -> Placement | None:
        row = self._session.execute(
            select(PersonRow.team_id, PersonRow.establishment_id, PersonRow.restricted).where(
                PersonRow.id == person_id
            )
        ).first()
        if row is None:
            return None
        return Placement(
            person_id=person_id,
            team_id=row.team_id,
            establishment_id=row.establishment_id,
            restricted=row.restricted,
        )


def placed_condition(scope: AccessScope, unindexed: bool = False) -> Any | None:
    """The people placed in the teams and establishments ``scope`` reaches, limited-access
    cases included; None when it reaches none. ``unindexed``: the team and establishment
    are compared as values (``team_id + 0``), so the planner cannot answer the condition from
    their indexes: for reads that range over another index (the measures' release dates),
    where SQLite would otherwise OR two index scans covering every person a manager reaches."""
    if not scope.reads_cases:
        return None
    team = PersonRow.team_id + 0 if unindexed else PersonRow.team_id
    establishment = PersonRow.establishment_id + 0 if unindexed else PersonRow.establishment_id
    placed: list[Any] = []
    if scope.reached_team_ids:
        placed.append(team.in_(sorted(scope.reached_team_ids)))
    if scope.reached_establishment_ids:
        placed.append(establishment.in_(sorted(scope.reached_establishment_ids)))
    return or_(*placed) if placed else None


def reach_condition(scope: AccessScope, unindexed: bool = False) -> Any:
    """``domain.access.can_reach`` as one condition on ``people``: the people ``scope`` reaches.

    The scope's sets (read in the same unit of work) are bound as literals, a few ids each, so
    the planner keeps to the caseload's indexes: no join, no subquery per row
    (``unindexed``: see :func:`placed_condition`)."""
    if not scope.reads_cases:
        return false()
    placed = placed_condition(scope, unindexed)
    reached: list[Any] = []
    if placed is not None:
        reached.append(and_(PersonRow.restricted.is_(False), placed))
    if scope.allowed_person_ids:
        reached.append(
            and_(PersonRow.restricted.is_(True), PersonRow.id.in_(sorted(scope.allowed_person_ids)))
        )
    if not reached:
        return false()
    condition = or_(*reached)
    if scope.excluded_person_ids:
        condition = and_(condition, PersonRow.id.not_in(sorted(scope.excluded_person_ids)))
    return condition
