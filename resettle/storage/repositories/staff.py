"""Staff accounts and establishments."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, or_, select, text, update
from sqlalchemy.orm import Session

from resettle.domain.staff import Role
from resettle.storage.repositories.lookup_text import can_be_id, can_match
from resettle.storage.tables.meta import MetaRow
from resettle.storage.tables.staff import (
    EstablishmentRow,
    EstablishmentStaffRow,
    ManagedEstablishmentRow,
    ManagedTeamRow,
    StaffRoleRow,
    StaffRow,
    TeamMemberRow,
    TeamRow,
)

#: id, username, display_name, roles, establishment_id (the first), active
StaffColumns = list[tuple[int, str, str, frozenset[str], int | None, bool]]


class StaffRepository:
    def __init__(self, session: Session) -> None:
        self._session = session

    def get(self, staff_id: int) -> StaffRow | None:
        if not can_be_id(staff_id):
            return None
        return self._session.get(StaffRow, staff_id)

    def has_password(self, staff_id: int) -> bool:
        """Whether the account has a password, without reading its hash where the session may
        not (an administrator's PostgreSQL login: ``resettle_has_password``)."""
        if self._session.get_bind().dialect.name == "postgresql" and not self._session.scalar(
            text("SELECT has_column_privilege('staff', 'password_hash', 'SELECT')")
        ):
            return bool(
                self._session.scalar(text("SELECT resettle_has_password(:id)"), {"id": staff_id})
            )
        return bool(
            self._session.scalar(select(StaffRow.password_hash).where(StaffRow.id == staff_id))
        )

    def by_username(self, username: str) -> StaffRow | None:
        if not can_match(username):
            return None
        return self._session.scalar(select(StaffRow).where(StaffRow.username == username))

    def display_name_taken(self, name: str) -> bool:
        return (
            self._session.scalar(select(StaffRow.id).where(StaffRow.display_name == name).limit(1))
            is not None
        )

    def add(self, row: StaffRow) -> StaffRow:
        self._session.add(row)
        self._session.flush()
        return row

    def summaries(self, role: str | None = None) -> StaffColumns:
        """(id, username, display_name, roles, establishment_id, active) of every account
        (holding ``role``), by display name: plain rows, not loaded entities, because every
        person window lists the officers and prison staff (hundreds of accounts)."""
        roles: dict[int, set[str]] = {}
        for staff_id, held in self._session.execute(
            select(StaffRoleRow.staff_id, StaffRoleRow.role)
        ):
            roles.setdefault(staff_id, set()).add(held)
        establishments: dict[int, int] = {}
        for staff_id, establishment_id in self._session.execute(
            select(EstablishmentStaffRow.staff_id, EstablishmentStaffRow.establishment_id).order_by(
                EstablishmentStaffRow.establishment_id.desc()
            )
        ):
            establishments[staff_id] = establishment_id  # the first by id wins
        query = select(
            StaffRow.id, StaffRow.username, StaffRow.display_name, StaffRow.active
        ).order_by(StaffRow.display_name, StaffRow.id)
        return [
            (id_, username, name, frozenset(roles.get(id_, ())), establishments.get(id_), active)
            for id_, username, name, active in self._session.execute(query)
            if role is None or role in roles.get(id_, ())
        ]

    def count_failed_sign_in(self, staff_id: int, now: dt.datetime) -> int | None:
        """Add one failure in a single statement (no read-then-write that could lose a count
        to a failure at the same moment); the new count, or None when the account is locked
        at ``now`` (a failure during a lock does not count)."""
        added = self._session.execute(
            update(StaffRow)
            .where(
                StaffRow.id == staff_id,
                or_(StaffRow.locked_until.is_(None), StaffRow.locked_until <= now),
            )
            .values(failed_sign_ins=StaffRow.failed_sign_ins + 1)
            .returning(StaffRow.failed_sign_ins)
            .execution_options(synchronize_session="fetch")
        ).scalar_one_or_none()
        return added

    def lock_after_failures(self, staff_id: int, attempts: int, until: dt.datetime) -> bool:
        """Lock the account until ``until`` and start its count afresh, once it has
        ``attempts`` failures or more; True for the statement that locked it (when two
        failures reach the limit at once, only one locks and is audited)."""
        locked = self._session.execute(
            update(StaffRow)
            .where(StaffRow.id == staff_id, StaffRow.failed_sign_ins >= attempts)
            .values(failed_sign_ins=0, locked_until=until)
            .returning(StaffRow.id)
            .execution_options(synchronize_session="fetch")
        ).scalar_one_or_none()
        return locked is not None

    def add_role(self, staff_id: int, role: str) -> None:
        self._session.add(StaffRoleRow(staff_id=staff_id, role=role))
        self._session.flush()

    def add_to_team(self, staff_id: int, team_id: int) -> None:
        self._session.add(TeamMemberRow(team_id=team_id, staff_id=staff_id))
        self._session.flush()

    def add_to_establishment(self, staff_id: int, establishment_id: int) -> None:
        self._session.add(
            EstablishmentStaffRow(establishment_id=establishment_id, staff_id=staff_id)
        )
        self._session.flush()

    def add_managed_team(self, staff_id: int, team_id: int) -> None:
        self._session.add(ManagedTeamRow(staff_id=staff_id, team_id=team_id))
        self._session.flush()

    def add_managed_establishment(self, staff_id: int, establishment_id: int) -> None:
        self._session.add(
            ManagedEstablishmentRow(staff_id=staff_id, establishment_id=establishment_id)
        )
        self._session.flush()

    def team(self, team_id: int) -> TeamRow | None:
        if not can_be_id(team_id):
            return None
        return self._session.get(TeamRow, team_id)

    def team_by_code(self, code: str) -> TeamRow | None:
        if not can_match(code):
            return None
        return self._session.scalar(select(TeamRow).where(TeamRow.code == code))

    def add_team(self, code: str, name: str) -> TeamRow:
        row = TeamRow(code=code, name=name, active=True)
        self._session.add(row)
        self._session.flush()
        return row

    def teams(self) -> list[TeamRow]:
        return list(self._session.scalars(select(TeamRow).order_by(TeamRow.name)))

    def team_officers(self, team_id: int) -> list[tuple[int, str, str, str]]:
        """The active officers of a team: (id, username, email, display name), by name."""
        query = (
            select(StaffRow.id, StaffRow.username, StaffRow.email, StaffRow.display_name)
            .join(TeamMemberRow, TeamMemberRow.staff_id == StaffRow.id)
            .join(StaffRoleRow, StaffRoleRow.staff_id == StaffRow.id)
            .where(
                TeamMemberRow.team_id == team_id,
                StaffRoleRow.role == Role.OFFICER.value,
                StaffRow.active.is_(True),
            )
            .order_by(StaffRow.display_name, StaffRow.id)
        )
        return [(i, u, e or "", d) for i, u, e, d in self._session.execute(query)]

    def meta(self, key: str) -> str | None:
        return self._session.scalar(select(MetaRow.value).where(MetaRow.key == key))

    def set_meta(self, key: str, value: str) -> None:
        row = self._session.get(MetaRow, key)
        if row is None:
            self._session.add(MetaRow(key=key, value=value))
        else:
            row.value = value
        self._session.flush()

    def first_establishment(self, staff_id: int) -> int | None:
        return self._session.scalar(
            select(func.min(EstablishmentStaffRow.establishment_id)).where(
                EstablishmentStaffRow.staff_id == staff_id
            )
        )

    def admins_who_can_sign_in(self) -> int:
        """Active administrators with a password."""
        return int(
            self._session.scalar(
                select(func.count(StaffRow.id))
                .join(StaffRoleRow, StaffRoleRow.staff_id == StaffRow.id)
                .where(
                    StaffRoleRow.role == "admin",
                    StaffRow.active.is_(True),
                    StaffRow.password_hash != "",
                )
            )
            or 0
        )

    def count(self) -> int:
        return int(self._session.scalar(select(func.count(StaffRow.id))) or 0)

    def active_usernames_with_password(self) -> list[str]:
        """A to Z: the accounts that can sign in (an encrypted file gives each a key slot)."""
        return list(
            self._session.scalars(
                select(StaffRow.username)
                .where(StaffRow.active.is_(True), StaffRow.password_hash != "")
                .order_by(StaffRow.username)
            )
        )

    def workplaces(self) -> list[tuple[int, str]]:
        """(staff id, name of a team they are in or an establishment they work in), teams
        first, each by name: what tells two accounts of one name apart in a list."""
        teams = (
            select(TeamMemberRow.staff_id, TeamRow.name)
            .join(TeamRow, TeamRow.id == TeamMemberRow.team_id)
            .order_by(TeamRow.name)
        )
        establishments = (
            select(EstablishmentStaffRow.staff_id, EstablishmentRow.name)
            .join(EstablishmentRow, EstablishmentRow.id == EstablishmentStaffRow.establishment_id)
            .order_by(EstablishmentRow.name)
        )
        return [
            (staff_id, name)
            for query in (teams, establishments)
            for staff_id, name in self._session.execute(query)
        ]

    def described(self, staff_ids: set[int]) -> dict[int, tuple[str, frozenset[str], list[str]]]:
        """``{id: (display name, roles, names of the teams it works in or manages)}`` of the
        given accounts only (a page of an audit list names a handful)."""
        if not staff_ids:
            return {}
        found: dict[int, tuple[str, set[str], list[str]]] = {
            id_: (name, set(), [])
            for id_, name in self._session.execute(
                select(StaffRow.id, StaffRow.display_name).where(StaffRow.id.in_(staff_ids))
            )
        }
        for staff_id, role in self._session.execute(
            select(StaffRoleRow.staff_id, StaffRoleRow.role).where(
                StaffRoleRow.staff_id.in_(staff_ids)
            )
        ):
            found[staff_id][1].add(role)
        for link in (TeamMemberRow, ManagedTeamRow):
            query = (
                select(link.staff_id, TeamRow.name)
                .join(TeamRow, TeamRow.id == link.team_id)
                .where(link.staff_id.in_(staff_ids))
                .order_by(TeamRow.name)
            )
            for staff_id, team in self._session.execute(query):
                if team not in found[staff_id][2]:
                    found[staff_id][2].append(team)
        return {id_: (name, frozenset(roles), teams) for id_, (name, roles, teams) in found.items()}

    def establishment(self, establishment_id: int) -> EstablishmentRow | None:
        if not can_be_id(establishment_id):
            return None
        return self._session.get(EstablishmentRow, establishment_id)

    def establishment_by_code(self, code: str) -> EstablishmentRow | None:
        if not can_match(code):
            return None
        return self._session.scalar(select(EstablishmentRow).where(EstablishmentRow.code == code))

    def add_establishment(self, row: EstablishmentRow) -> EstablishmentRow:
        self._session.add(row)
        self._session.flush()
        return row

    def establishments(self) -> list[EstablishmentRow]:
        return list(self._session.scalars(select(EstablishmentRow).order_by(EstablishmentRow.name)))
