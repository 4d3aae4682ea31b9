"""Administrators' use cases on regions (probation regions, prison groups): create, rename,
deactivate and activate a region, and put a team or an establishment in a region or in none.
Codes never change once made; names may.

A manager given a region (``services/accounts.set_places``, ``managed_region_ids``) reaches the
people of every team and establishment in it, as they are in it at each action: a team put in
the region later is reached from the next action on, one taken out no longer is.

A region holding teams or establishments cannot be deactivated (the message says how many):
move them out first. No team or establishment is put in an inactive region.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

from resettle.domain.accounts import checked_code, checked_place_name
from resettle.domain.audit_actions import AuditAction
from resettle.domain.errors import DomainError, ValidationFailed
from resettle.domain.permissions import Permission, require
from resettle.domain.staff import Actor
from resettle.services import audit
from resettle.services.access_scope import scope_of
from resettle.services.accounts import OwnAccount
from resettle.services.unit_of_work import UnitOfWork
from resettle.storage.errors import NotFound
from resettle.storage.tables.staff import EstablishmentRow, RegionRow, TeamRow


class RegionInUse(DomainError):
    code = "region.in_use"

    def __init__(self, teams: int, establishments: int) -> None:
        self.teams, self.establishments = teams, establishments
        held = " and ".join(
            part
            for part in (
                f"{teams:,} team{'' if teams == 1 else 's'}" if teams else "",
                f"{establishments:,} establishment{'' if establishments == 1 else 's'}"
                if establishments
                else "",
            )
            if part
        )
        super().__init__(
            f"{held} {'is' if teams + establishments == 1 else 'are'} in this region: "
            "move them to another region (or none) before you deactivate it."
        )


class RegionSummary(BaseModel):
    model_config = ConfigDict(frozen=True)

    id: int
    code: str
    name: str
    active: bool
    #: Codes of the teams and establishments in the region, and how many managers manage it.
    team_codes: tuple[str, ...] = ()
    establishment_codes: tuple[str, ...] = ()
    managers: int = 0


def create_region(actor: Actor, uow: UnitOfWork, code: str, name: str) -> RegionSummary:
    require(actor, Permission.MANAGE_TEAMS)
    code, name = checked_code(code), checked_place_name(name)
    with uow:
        if uow.regions.by_code(code) is not None:
            raise ValidationFailed.single(
                "code", "region.code_taken", "Code: another region has it"
            )
        row = uow.regions.add(code, name)
        audit.record(uow, actor, AuditAction.REGION_CREATED, row.id, person_id=None, code=code)
        summary = _summary(uow, row)
        uow.commit()
        return summary


def rename_region(actor: Actor, uow: UnitOfWork, region_id: int, name: str) -> RegionSummary:
    require(actor, Permission.MANAGE_TEAMS)
    name = checked_place_name(name)
    with uow:
        row = _region(uow, region_id)
        if row.name != name:
            row.name = name
            uow.flush()
            audit.record(
                uow, actor, AuditAction.REGION_RENAMED, row.id, person_id=None, code=row.code
            )
            uow.commit()
        return _summary(uow, row)


def set_region_active(actor: Actor, uow: UnitOfWork, region_id: int, active: bool) -> RegionSummary:
    """Deactivate a region holding no team or establishment (none can be put in it then, nor
    given to a manager), or activate it again."""
    require(actor, Permission.MANAGE_TEAMS)
    with uow:
        uow.accounts.serialise_changes()  # no team put in it while its teams are counted
        row = _region(uow, region_id)
        if row.active != active:
            if not active:
                teams, establishments, _managers = uow.regions.counts()
                held = teams.get(row.id, 0), establishments.get(row.id, 0)
                if any(held):
                    raise RegionInUse(*held)
            row.active = active
            uow.flush()
            audit.record(
                uow,
                actor,
                AuditAction.REGION_ACTIVATED if active else AuditAction.REGION_DEACTIVATED,
                row.id,
                person_id=None,
                code=row.code,
            )
            uow.commit()
        return _summary(uow, row)


def list_regions(actor: Actor, uow: UnitOfWork) -> list[RegionSummary]:
    """Every region, by code, with its teams, establishments and how many manage it."""
    require(actor, Permission.MANAGE_TEAMS)
    with uow:
        return [_summary(uow, row) for row in uow.regions.all()]


def set_team_region(
    actor: Actor, uow: UnitOfWork, team_id: int, region_id: int | None
) -> RegionSummary | None:
    """Put the team in the region (None: in no region); the region it is in now."""
    require(actor, Permission.MANAGE_TEAMS)
    with uow:
        team = uow.staff.team(team_id)
        if team is None:
            raise NotFound("There is no such team.")
        return _move(actor, uow, team, region_id)


def set_establishment_region(
    actor: Actor, uow: UnitOfWork, establishment_id: int, region_id: int | None
) -> RegionSummary | None:
    """Put the establishment in the region (None: in no region); the region it is in now."""
    require(actor, Permission.MANAGE_TEAMS)
    with uow:
        establishment = uow.staff.establishment(establishment_id)
        if establishment is None:
            raise NotFound("There is no such establishment.")
        return _move(actor, uow, establishment, region_id)


def _move(
    actor: Actor,
    uow: UnitOfWork,
    place: TeamRow | EstablishmentRow,
    region_id: int | None,
) -> RegionSummary | None:
    """Refuses a region unknown or inactive, and a move by an account that manages the region
    the place leaves or joins (an administrator who is also a manager would give themselves
    reach: a review)."""
    uow.accounts.serialise_changes()  # one at a time with deactivating a region
    managed = scope_of(actor, uow).managed_region_ids
    if region_id in managed or place.region_id in managed:
        raise OwnAccount("move a team or an establishment into or out of a region you manage")
    region = None if region_id is None else uow.regions.get(region_id)
    if region_id is not None and region is None:
        raise ValidationFailed.single("region", "region.unknown", "Region: no such region")
    if place.region_id == region_id:
        return None if region is None else _summary(uow, region)
    if region is not None and not region.active:
        raise ValidationFailed.single(
            "region", "region.inactive", f"Region: {region.code} is not active"
        )
    was = None if place.region_id is None else uow.regions.get(place.region_id)
    place.region_id = region_id
    uow.flush()
    audit.record(
        uow,
        actor,
        AuditAction.TEAM_REGION_SET
        if isinstance(place, TeamRow)
        else AuditAction.ESTABLISHMENT_REGION_SET,
        place.id,
        person_id=None,
        code=place.code,
        region=None if region is None else region.code,
        was=None if was is None else was.code,
    )
    summary = None if region is None else _summary(uow, region)
    uow.commit()
    return summary


def _region(uow: UnitOfWork, region_id: int) -> RegionRow:
    row = uow.regions.get(region_id)
    if row is None:
        raise NotFound("There is no such region.")
    return row


def _summary(uow: UnitOfWork, row: RegionRow) -> RegionSummary:
    teams, establishments = uow.regions.places_of({row.id})
    _teams, _establishments, managers = uow.regions.counts()
    team_codes = sorted(t.code for t in uow.staff.teams() if t.id in teams)
    establishment_codes = sorted(
        e.code for e in uow.staff.establishments() if e.id in establishments
    )
    return RegionSummary(
        id=row.id,
        code=row.code,
        name=row.name,
        active=row.active,
        team_codes=tuple(team_codes),
        establishment_codes=tuple(establishment_codes),
        managers=managers.get(row.id, 0),
    )
