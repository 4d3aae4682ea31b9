"""Reading everything held about one person, table by table, for a subject access export.

Rows come back as plain dictionaries of every column (the service decides which columns are
exported, ``services/subject_access/coverage.py``), so a column added to a model is read here
without a change and the completeness test notices it is not mapped yet.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import JSON, BigInteger, Integer, String, select, text
from sqlalchemy.orm import Session

from resettle.storage import tables
from resettle.storage.base import Base, UtcDateTime
from resettle.storage.repositories.audit import reads_audit_through_functions
from resettle.storage.tables.aftercare import ProviderRow
from resettle.storage.tables.audit import AuditEntryRow
from resettle.storage.tables.programmes import (
    ProgrammeGroupRow,
    ProgrammeOfferingRow,
    ProgrammeRow,
    ProgrammeSessionRow,
)
from resettle.storage.tables.staff import (
    EstablishmentRow,
    EstablishmentStaffRow,
    ManagedEstablishmentRow,
    ManagedRegionRow,
    ManagedTeamRow,
    RegionRow,
    StaffRoleRow,
    TeamMemberRow,
    TeamRow,
)

Row = dict[str, Any]


class StaffPlaces:
    """Where each member of staff works: their roles and the names of their teams and
    establishments (never their user or display names)."""

    def __init__(self) -> None:
        self.roles: dict[int, set[str]] = {}
        self.places: dict[int, list[str]] = {}


class SubjectAccessRepository:
    def __init__(self, session: Session) -> None:
        self._session = session

    def rows(self, table_name: str, link_column: str, ids: Iterable[object]) -> list[Row]:
        """Every row of ``table_name`` whose ``link_column`` is one of ``ids``, every column,
        in primary-key order."""
        tables.import_all()
        table = Base.metadata.tables[table_name]
        wanted = list(ids)
        if not wanted:
            return []
        query = (
            select(table)
            .where(table.c[link_column].in_(wanted))
            .order_by(*table.primary_key.columns)
        )
        return [dict(row._mapping) for row in self._session.execute(query)]

    def audit_rows(self, person_id: int) -> list[Row]:
        """The audit trail about the person, oldest first (a PostgreSQL login, which may not
        read who acted or the details, asks ``resettle_person_audit``, which checks it
        manages the person)."""
        if reads_audit_through_functions(self._session):
            query = text(
                "SELECT id, at, actor_id, action, entity_type, entity_id, details "
                "FROM resettle_person_audit(:person)"
            ).columns(
                id=BigInteger,
                at=UtcDateTime,
                actor_id=Integer,
                action=String,
                entity_type=String,
                entity_id=Integer,
                details=JSON,
            )
            return [
                dict(row._mapping) for row in self._session.execute(query, {"person": person_id})
            ]
        query = (
            select(
                AuditEntryRow.id,
                AuditEntryRow.at,
                AuditEntryRow.actor_id,
                AuditEntryRow.action,
                AuditEntryRow.entity_type,
                AuditEntryRow.entity_id,
                AuditEntryRow.details,
            )
            .where(AuditEntryRow.person_id == person_id)
            .order_by(AuditEntryRow.id)
        )
        return [dict(row._mapping) for row in self._session.execute(query)]

    def names(self, what: str, ids: Iterable[int]) -> dict[int, str]:
        """Names of teams, establishments, providers or programmes (``what``) by id; a
        programme group's code (``programme_groups``); a programme as "name (code)"."""
        wanted = set(ids)
        if not wanted:
            return {}
        if what == "programme_groups":
            query = select(ProgrammeGroupRow.id, ProgrammeGroupRow.code).where(
                ProgrammeGroupRow.id.in_(wanted)
            )
            return {row[0]: row[1] for row in self._session.execute(query)}
        if what == "programmes":
            query = select(ProgrammeRow.id, ProgrammeRow.name, ProgrammeRow.code).where(
                ProgrammeRow.id.in_(wanted)
            )
            return {row[0]: f"{row[1]} ({row[2]})" for row in self._session.execute(query)}
        row_type = {"teams": TeamRow, "establishments": EstablishmentRow, "providers": ProviderRow}[
            what
        ]
        query = select(row_type.id, row_type.name).where(row_type.id.in_(wanted))
        return {row[0]: row[1] for row in self._session.execute(query)}

    def programme_sessions(self, ids: Iterable[int]) -> dict[int, Row]:
        """Programme sessions by id as a person reads them: the programme's name, the
        group's code, the session's name, and when it starts and ends."""
        wanted = set(ids)
        if not wanted:
            return {}
        query = (
            select(
                ProgrammeSessionRow.id,
                ProgrammeRow.name.label("programme"),
                ProgrammeGroupRow.code.label("group"),
                ProgrammeSessionRow.name.label("session"),
                ProgrammeSessionRow.starts_at,
                ProgrammeSessionRow.ends_at,
            )
            .join(ProgrammeGroupRow, ProgrammeGroupRow.id == ProgrammeSessionRow.group_id)
            .join(ProgrammeOfferingRow, ProgrammeOfferingRow.id == ProgrammeGroupRow.offering_id)
            .join(ProgrammeRow, ProgrammeRow.id == ProgrammeOfferingRow.programme_id)
            .where(ProgrammeSessionRow.id.in_(wanted))
        )
        return {
            row.id: {key: value for key, value in row._mapping.items() if key != "id"}
            for row in self._session.execute(query)
        }

    def providers(self, ids: Iterable[int]) -> dict[int, Row]:
        """Providers' directory entries (name and how to reach them) by id."""
        wanted = set(ids)
        if not wanted:
            return {}
        query = select(
            ProviderRow.id,
            ProviderRow.name,
            ProviderRow.phone,
            ProviderRow.email,
            ProviderRow.address,
        ).where(ProviderRow.id.in_(wanted))
        return {row[0]: dict(row._mapping) for row in self._session.execute(query)}

    def staff_places(self, staff_ids: Iterable[int]) -> StaffPlaces:
        """The roles and places of the staff named, for naming them by role and team."""
        wanted = set(staff_ids)
        found = StaffPlaces()
        if not wanted:
            return found
        for staff_id, role in self._session.execute(
            select(StaffRoleRow.staff_id, StaffRoleRow.role).where(
                StaffRoleRow.staff_id.in_(wanted)
            )
        ):
            found.roles.setdefault(staff_id, set()).add(role)
        places = (
            select(TeamMemberRow.staff_id, TeamRow.name)
            .join(TeamRow, TeamRow.id == TeamMemberRow.team_id)
            .where(TeamMemberRow.staff_id.in_(wanted)),
            select(ManagedTeamRow.staff_id, TeamRow.name)
            .join(TeamRow, TeamRow.id == ManagedTeamRow.team_id)
            .where(ManagedTeamRow.staff_id.in_(wanted)),
            select(EstablishmentStaffRow.staff_id, EstablishmentRow.name)
            .join(EstablishmentRow, EstablishmentRow.id == EstablishmentStaffRow.establishment_id)
            .where(EstablishmentStaffRow.staff_id.in_(wanted)),
            select(ManagedEstablishmentRow.staff_id, EstablishmentRow.name)
            .join(EstablishmentRow, EstablishmentRow.id == ManagedEstablishmentRow.establishment_id)
            .where(ManagedEstablishmentRow.staff_id.in_(wanted)),
            select(ManagedRegionRow.staff_id, RegionRow.name)
            .join(RegionRow, RegionRow.id == ManagedRegionRow.region_id)
            .where(ManagedRegionRow.staff_id.in_(wanted)),
        )
        for query in places:
            for staff_id, name in self._session.execute(query):
                names = found.places.setdefault(staff_id, [])
                if name not in names:
                    names.append(name)
        for names in found.places.values():
            names.sort()
        return found
