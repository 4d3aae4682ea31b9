"""Programme offerings and their groups (their sessions: ``programme_sessions.py``).

Managers set up offerings at the establishments and teams they manage, with groups, and
generate and reschedule the groups' sessions; every change is audited in its own unit of
work. Every signed-in account may list them (they hold no person's data); the listing shows
prison staff their establishments' offerings and managers those of their establishments and
teams, and officers and administrators every offering.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from pydantic import BaseModel, ConfigDict

from resettle.domain.audit_actions import AuditAction
from resettle.domain.errors import ValidationFailed
from resettle.domain.known_codes import codes_listed
from resettle.domain.permissions import Permission, require
from resettle.domain.programmes.catalogue import ProgrammeCatalogue
from resettle.domain.programmes.offerings import (
    GroupDraft,
    GroupView,
    OfferingDraft,
    OfferingView,
    WeeklySlot,
)
from resettle.domain.staff import Actor, Role
from resettle.domain.text_fields import STORED
from resettle.domain.validation import validate
from resettle.services import audit
from resettle.services.access_scope import scope_of
from resettle.services.known_codes import unknown_establishment
from resettle.services.programme_catalogue import programme_catalogue_of
from resettle.services.unit_of_work import UnitOfWork
from resettle.storage.tables.programmes import (
    ProgrammeGroupRow,
    ProgrammeOfferingRow,
)


class ProgrammesListing(BaseModel):
    """The catalogue with the offerings and groups the account sees."""

    model_config = ConfigDict(frozen=True)

    catalogue: ProgrammeCatalogue
    offerings: tuple[OfferingView, ...]
    groups: tuple[GroupView, ...]


# --- reading ------------------------------------------------------------------------------


def _offering_view(uow: UnitOfWork, row: ProgrammeOfferingRow) -> OfferingView:
    programme = uow.programmes.programme(row.programme_id)
    assert programme is not None
    establishment = (
        uow.staff.establishment(row.establishment_id) if row.establishment_id is not None else None
    )
    team = uow.staff.team(row.team_id) if row.team_id is not None else None
    return OfferingView(
        id=row.id,
        programme_code=programme.code,
        programme_name=programme.name,
        establishment_id=row.establishment_id,
        establishment_code=establishment.code if establishment else None,
        team_id=row.team_id,
        team_code=team.code if team else None,
        contact=row.contact,
        active=row.active,
    )


def _group_view(row: ProgrammeGroupRow, session_count: int) -> GroupView:
    return GroupView(
        id=row.id,
        offering_id=row.offering_id,
        code=row.code,
        capacity=row.capacity,
        starts_on=row.starts_on,
        ends_on=row.ends_on,
        schedule=tuple(WeeklySlot.model_validate(slot, context=STORED) for slot in row.schedule),
        facilitator_ids=tuple(row.facilitator_ids),
        session_count=session_count,
    )


def list_programme_offerings(
    actor: Actor, uow: UnitOfWork, establishment_code: str | None = None
) -> ProgrammesListing:
    """The catalogue, and the offerings (with groups) the account sees; with
    ``establishment_code``, only that establishment's offerings."""
    with uow:
        return load_programmes_listing(actor, uow, establishment_code)


def load_programmes_listing(
    actor: Actor, uow: UnitOfWork, establishment_code: str | None = None
) -> ProgrammesListing:
    """Internal loader of :func:`list_programme_offerings` (inside the caller's unit of work,
    no audit, no commit)."""
    scope = scope_of(actor, uow)
    if scope.roles & {Role.OFFICER, Role.ADMIN}:
        rows = uow.programmes.offerings()
    else:
        rows = uow.programmes.offerings(
            establishment_ids=scope.establishment_ids | scope.managed_establishment_ids,
            team_ids=scope.managed_team_ids,
        )
    if establishment_code is not None:
        establishment = uow.staff.establishment_by_code(establishment_code)
        if establishment is None:
            raise unknown_establishment(uow, establishment_code)
        rows = [row for row in rows if row.establishment_id == establishment.id]
    groups = uow.programmes.groups_of([row.id for row in rows])
    counts = uow.programmes.live_session_counts([group.id for group in groups])
    return ProgrammesListing(
        catalogue=programme_catalogue_of(uow),
        offerings=tuple(_offering_view(uow, row) for row in rows),
        groups=tuple(_group_view(group, counts.get(group.id, 0)) for group in groups),
    )


# --- setting up ---------------------------------------------------------------------------


def unknown_record(field: str, label: str) -> ValidationFailed:
    """The refusal of an id that names nothing, naming the field."""
    return ValidationFailed.single(field, "unknown", f"{label}: there is no such {label.lower()}")


def _require_manages(
    actor: Actor, uow: UnitOfWork, establishment_id: int | None, team_id: int | None
) -> None:
    scope = scope_of(actor, uow)
    if establishment_id is not None and establishment_id not in scope.managed_establishment_ids:
        raise ValidationFailed.single(
            "establishment_id",
            "not_managed",
            "Establishment: you do not manage this establishment",
        )
    if team_id is not None and team_id not in scope.managed_team_ids:
        raise ValidationFailed.single(
            "team_id", "not_managed", "Probation team: you do not manage this team"
        )


def create_offering(
    actor: Actor, uow: UnitOfWork, data: Mapping[str, Any] | OfferingDraft
) -> OfferingView:
    require(actor, Permission.MANAGE_PROGRAMME_OFFERINGS)
    draft = validate(OfferingDraft, data)
    with uow:
        programme_row = uow.programmes.programme_by_code(draft.programme_code)
        if programme_row is None:
            raise ValidationFailed.single(
                "programme_code",
                "unknown",
                f"Programme: {draft.programme_code!r} is not in the programme catalogue"
                + codes_listed(p.code for p in uow.programmes.programmes()),
            )
        if not programme_row.active:
            raise ValidationFailed.single(
                "programme_code", "retired", "Programme: is retired and no longer offered"
            )
        if (
            draft.establishment_id is not None
            and uow.staff.establishment(draft.establishment_id) is None
        ):
            raise unknown_record("establishment_id", "Establishment")
        if draft.team_id is not None and uow.staff.team(draft.team_id) is None:
            raise unknown_record("team_id", "Team")
        _require_manages(actor, uow, draft.establishment_id, draft.team_id)
        existing = uow.programmes.offerings(
            establishment_ids=[draft.establishment_id] if draft.establishment_id else [],
            team_ids=[draft.team_id] if draft.team_id else [],
        )
        if any(row.programme_id == programme_row.id and row.active for row in existing):
            raise ValidationFailed.single(
                "programme_code", "duplicate", "Programme: is already offered there"
            )
        row = ProgrammeOfferingRow(
            programme_id=programme_row.id,
            establishment_id=draft.establishment_id,
            team_id=draft.team_id,
            contact=draft.contact,
            active=True,
        )
        uow.programmes.add(row)
        place = (
            {"establishment_id": draft.establishment_id}
            if draft.establishment_id is not None
            else {"team_id": draft.team_id}
        )
        audit.record(
            uow,
            actor,
            AuditAction.PROGRAMME_OFFERING_CREATED,
            row.id,
            person_id=None,
            programme=programme_row.code,
            **place,
        )
        view = _offering_view(uow, row)
        uow.commit()
        return view


def load_managed_offering(actor: Actor, uow: UnitOfWork, offering_id: int) -> ProgrammeOfferingRow:
    """Internal loader: the offering, refused naming the field when there is none or the
    actor does not manage its place."""
    offering = uow.programmes.offering(offering_id)
    if offering is None:
        raise unknown_record("offering_id", "Offering")
    _require_manages(actor, uow, offering.establishment_id, offering.team_id)
    return offering


def create_group(actor: Actor, uow: UnitOfWork, data: Mapping[str, Any] | GroupDraft) -> GroupView:
    require(actor, Permission.MANAGE_PROGRAMME_OFFERINGS)
    draft = validate(GroupDraft, data)
    with uow:
        offering = load_managed_offering(actor, uow, draft.offering_id)
        if not offering.active:
            raise ValidationFailed.single(
                "offering_id", "inactive", "Offering: is no longer running"
            )
        if uow.programmes.group_by_code(offering.id, draft.code) is not None:
            raise ValidationFailed.single(
                "code", "duplicate", f"Group code: {draft.code!r} is already used in this offering"
            )
        for staff_id in draft.facilitator_ids:
            staff = uow.staff.get(staff_id)
            if staff is None or not staff.active:
                raise ValidationFailed.single(
                    "facilitator_ids", "unknown", "Facilitators: one is not an active account"
                )
        row = ProgrammeGroupRow(
            offering_id=offering.id,
            code=draft.code,
            capacity=draft.capacity,
            starts_on=draft.starts_on,
            ends_on=draft.ends_on,
            schedule=[slot.model_dump(mode="json") for slot in draft.schedule],
            facilitator_ids=list(draft.facilitator_ids),
        )
        uow.programmes.add(row)
        audit.record(
            uow,
            actor,
            AuditAction.PROGRAMME_GROUP_CREATED,
            row.id,
            person_id=None,
            offering_id=offering.id,
            capacity=draft.capacity,
            starts_on=draft.starts_on.isoformat(),
            ends_on=draft.ends_on.isoformat(),
        )
        uow.commit()
        return _group_view(row, 0)
