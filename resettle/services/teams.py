"""Administrators' use cases on teams (probation delivery units) and establishments: create,
rename, and for teams deactivate and activate and set the office's phone and address (what
the person's copy of a plan prints). Codes never change once made; names may.

A team that people are allocated to cannot be deactivated (the message says how many):
reallocate them first. Counts are of accounts and people, never who they are.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from pydantic import BaseModel, ConfigDict

from resettle.domain.accounts import checked_code, checked_place_name
from resettle.domain.audit_actions import AuditAction
from resettle.domain.errors import DomainError, ValidationFailed
from resettle.domain.permissions import Permission, require
from resettle.domain.staff import Actor
from resettle.domain.team_office import TeamOffice
from resettle.domain.validation import validate
from resettle.services import audit
from resettle.services.unit_of_work import UnitOfWork
from resettle.storage.errors import NotFound
from resettle.storage.tables.staff import EstablishmentRow, TeamRow


class TeamInUse(DomainError):
    code = "team.in_use"

    def __init__(self, people: int) -> None:
        self.people = people
        noun = "person is" if people == 1 else "people are"
        super().__init__(
            f"{people:,} {noun} allocated to this team: reallocate them before you deactivate it."
        )


class TeamSummary(BaseModel):
    model_config = ConfigDict(frozen=True)

    id: int
    code: str
    name: str
    active: bool
    officers: int
    people: int
    office_phone: str = ""
    office_address: str = ""


class EstablishmentAdminSummary(BaseModel):
    model_config = ConfigDict(frozen=True)

    id: int
    code: str
    name: str
    prison_staff: int


def create_team(actor: Actor, uow: UnitOfWork, code: str, name: str) -> TeamSummary:
    require(actor, Permission.MANAGE_TEAMS)
    code, name = checked_code(code), checked_place_name(name)
    with uow:
        if uow.staff.team_by_code(code) is not None:
            raise _code_taken("team")
        row = uow.staff.add_team(code, name)
        audit.record(uow, actor, AuditAction.TEAM_CREATED, row.id, person_id=None, code=code)
        summary = _team_summary(uow, row)
        uow.commit()
        return summary


def rename_team(actor: Actor, uow: UnitOfWork, team_id: int, name: str) -> TeamSummary:
    require(actor, Permission.MANAGE_TEAMS)
    name = checked_place_name(name)
    with uow:
        row = _team(uow, team_id)
        if row.name != name:
            row.name = name
            uow.flush()
            audit.record(
                uow, actor, AuditAction.TEAM_RENAMED, row.id, person_id=None, code=row.code
            )
            uow.commit()
        return _team_summary(uow, row)


def set_team_active(actor: Actor, uow: UnitOfWork, team_id: int, active: bool) -> TeamSummary:
    """Deactivate a team nobody is allocated to (no officer can be added to it then), or
    activate it again."""
    require(actor, Permission.MANAGE_TEAMS)
    with uow:
        row = _team(uow, team_id)
        if row.active != active:
            if not active:
                people = uow.accounts.team_counts()[1].get(row.id, 0)
                if people:
                    raise TeamInUse(people)
            row.active = active
            uow.flush()
            audit.record(
                uow,
                actor,
                AuditAction.TEAM_ACTIVATED if active else AuditAction.TEAM_DEACTIVATED,
                row.id,
                person_id=None,
                code=row.code,
            )
            uow.commit()
        return _team_summary(uow, row)


def set_team_office(
    actor: Actor, uow: UnitOfWork, team_id: int, office: TeamOffice | Mapping[str, Any]
) -> TeamSummary:
    """Set a team's office phone and postal address (either may be empty: not known). The
    audit row names the fields that changed, never what they hold."""
    require(actor, Permission.MANAGE_TEAMS)
    checked = validate(TeamOffice, office)
    with uow:
        row = _team(uow, team_id)
        changed = [
            field
            for field in ("office_phone", "office_address")
            if getattr(row, field) != getattr(checked, field)
        ]
        if changed:
            row.office_phone, row.office_address = checked.office_phone, checked.office_address
            uow.flush()
            audit.record(
                uow,
                actor,
                AuditAction.TEAM_OFFICE_CHANGED,
                row.id,
                person_id=None,
                code=row.code,
                fields=changed,
            )
            uow.commit()
        return _team_summary(uow, row)


def list_teams(actor: Actor, uow: UnitOfWork) -> list[TeamSummary]:
    """Every team, by code, with how many officers and people are on it."""
    require(actor, Permission.MANAGE_TEAMS)
    with uow:
        counts = uow.accounts.team_counts()
        return sorted(
            (_summary(row, counts) for row in uow.staff.teams()), key=lambda team: team.code
        )


def create_establishment(
    actor: Actor, uow: UnitOfWork, code: str, name: str
) -> EstablishmentAdminSummary:
    require(actor, Permission.MANAGE_TEAMS)
    code, name = checked_code(code), checked_place_name(name)
    with uow:
        if uow.staff.establishment_by_code(code) is not None:
            raise _code_taken("establishment")
        row = uow.staff.add_establishment(EstablishmentRow(code=code, name=name))
        audit.record(
            uow, actor, AuditAction.ESTABLISHMENT_CREATED, row.id, person_id=None, code=code
        )
        summary = EstablishmentAdminSummary(id=row.id, code=code, name=name, prison_staff=0)
        uow.commit()
        return summary


def rename_establishment(
    actor: Actor, uow: UnitOfWork, establishment_id: int, name: str
) -> EstablishmentAdminSummary:
    require(actor, Permission.MANAGE_TEAMS)
    name = checked_place_name(name)
    with uow:
        row = uow.staff.establishment(establishment_id)
        if row is None:
            raise NotFound("There is no such establishment.")
        if row.name != name:
            row.name = name
            uow.flush()
            audit.record(
                uow,
                actor,
                AuditAction.ESTABLISHMENT_RENAMED,
                row.id,
                person_id=None,
                code=row.code,
            )
            uow.commit()
        return EstablishmentAdminSummary(
            id=row.id,
            code=row.code,
            name=row.name,
            prison_staff=uow.accounts.establishment_counts().get(row.id, 0),
        )


def list_establishments_admin(actor: Actor, uow: UnitOfWork) -> list[EstablishmentAdminSummary]:
    """Every establishment, by code, with how many prison staff work there."""
    require(actor, Permission.MANAGE_TEAMS)
    with uow:
        staff = uow.accounts.establishment_counts()
        return sorted(
            (
                EstablishmentAdminSummary(
                    id=row.id, code=row.code, name=row.name, prison_staff=staff.get(row.id, 0)
                )
                for row in uow.staff.establishments()
            ),
            key=lambda establishment: establishment.code,
        )


def _team(uow: UnitOfWork, team_id: int) -> TeamRow:
    row = uow.staff.team(team_id)
    if row is None:
        raise NotFound("There is no such team.")
    return row


def _team_summary(uow: UnitOfWork, row: TeamRow) -> TeamSummary:
    return _summary(row, uow.accounts.team_counts())


def _summary(row: TeamRow, counts: tuple[dict[int, int], dict[int, int]]) -> TeamSummary:
    officers, people = counts
    return TeamSummary(
        id=row.id,
        code=row.code,
        name=row.name,
        active=row.active,
        officers=officers.get(row.id, 0),
        people=people.get(row.id, 0),
        office_phone=row.office_phone,
        office_address=row.office_address,
    )


def _code_taken(what: str) -> ValidationFailed:
    return ValidationFailed.single("code", f"{what}.code_taken", f"Code: another {what} has it")
