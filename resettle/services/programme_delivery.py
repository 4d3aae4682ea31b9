"""What the Programmes view reads: the establishments an account delivers programmes in, and
one establishment's offerings, groups and the sessions of a day.

Reading holds no person's data (the catalogue, offerings, groups and sessions), so any
signed-in account may read any establishment's; the places offered to choose from are the
account's own: where it works as prison staff or in the programme team, and what it manages.
``may_set_up`` and ``runs_sessions`` say which actions to offer there; the use cases check
again (``programme_offerings``, ``programme_sessions``).
"""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel, ConfigDict

from resettle.domain.errors import ValidationFailed
from resettle.domain.permissions import Permission, has_permission
from resettle.domain.programmes.offerings import GroupView
from resettle.domain.programmes.sessions import SESSION_ZONE, SessionView
from resettle.domain.staff import Actor, Role
from resettle.services.access_scope import scope_of
from resettle.services.programme_offerings import ProgrammesListing, load_programmes_listing
from resettle.services.programme_sessions import session_view
from resettle.services.unit_of_work import UnitOfWork


class DeliveryPlace(BaseModel):
    """An establishment the account delivers programmes in, and what it may do there."""

    model_config = ConfigDict(frozen=True)

    id: int
    code: str
    name: str
    #: Offer programmes and add groups (managers of the establishment).
    may_set_up: bool
    #: Generate, reschedule and add catch-up sessions (its programme team and managers).
    runs_sessions: bool


class DaySession(BaseModel):
    """A live session of the day, with its group and programme."""

    model_config = ConfigDict(frozen=True)

    session: SessionView
    group_code: str
    programme_name: str


class DeliveryOverview(BaseModel):
    """One establishment's offerings and groups, and the sessions of ``day`` in its groups."""

    model_config = ConfigDict(frozen=True)

    place: DeliveryPlace
    listing: ProgrammesListing
    day: dt.date
    day_sessions: tuple[DaySession, ...]


def delivery_places(actor: Actor, uow: UnitOfWork) -> tuple[DeliveryPlace, ...]:
    """The establishments where the account works as prison staff or in the programme team,
    or which it manages, by name."""
    with uow:
        return _places(actor, uow)


def _places(actor: Actor, uow: UnitOfWork) -> tuple[DeliveryPlace, ...]:
    """Internal loader of :func:`delivery_places` (inside the caller's unit of work)."""
    scope = scope_of(actor, uow)
    works = scope.establishments_of(Role.PRISON_STAFF) | scope.establishments_of(
        Role.PROGRAMME_TEAM
    )
    manages = scope.establishments_of(Role.MANAGER)
    runs = scope.establishments_of(Role.PROGRAMME_TEAM) | manages
    sets_up = has_permission(actor, Permission.MANAGE_PROGRAMME_OFFERINGS)
    runs_any = has_permission(actor, Permission.RUN_PROGRAMME_SESSIONS)
    places = []
    for row in uow.staff.establishments():
        if row.id in works | manages:
            places.append(
                DeliveryPlace(
                    id=row.id,
                    code=row.code,
                    name=row.name,
                    may_set_up=sets_up and row.id in manages,
                    runs_sessions=runs_any and row.id in runs,
                )
            )
    return tuple(sorted(places, key=lambda place: place.name))


def _running_on(group: GroupView, day: dt.date) -> bool:
    return group.starts_on <= day <= group.ends_on and group.session_count > 0


def delivery_overview(
    actor: Actor, uow: UnitOfWork, establishment_id: int, day: dt.date
) -> DeliveryOverview:
    """The establishment's offerings and groups, and the live sessions of ``day`` (in the
    sessions' own time zone) in its groups, by start. Refused naming ``establishment_id``
    when it is not one of the account's places."""
    with uow:
        places = {place.id: place for place in _places(actor, uow)}
        place = places.get(establishment_id)
        if place is None:
            raise ValidationFailed.single(
                "establishment_id",
                "not_yours",
                "Establishment: you neither work in nor manage this establishment",
            )
        listing = load_programmes_listing(actor, uow, place.code)
        names = {offering.id: offering.programme_name for offering in listing.offerings}
        found: list[DaySession] = []
        for group in listing.groups:
            if not _running_on(group, day):
                continue
            rows = [
                row
                for row in uow.programmes.sessions_of(group.id)
                if row.replaced_at is None and row.starts_at.astimezone(SESSION_ZONE).date() == day
            ]
            taken = uow.programme_attendance.sessions_marked([row.id for row in rows])
            found.extend(
                DaySession(
                    session=session_view(row, row.id in taken),
                    group_code=group.code,
                    programme_name=names[group.offering_id],
                )
                for row in rows
            )
    found.sort(key=lambda item: (item.session.starts_at, item.group_code))
    return DeliveryOverview(place=place, listing=listing, day=day, day_sessions=tuple(found))
