"""Who holds a place in a programme group now, for the Programmes view's groups tab: the
people the account may see, each with their referral's status and when they joined, and the
places held by people it may not see (limited-access people, people of another team) counted,
never named. Released people no longer hold a custody group's place
(``domain/programme_group_places.py``)."""

from __future__ import annotations

import datetime as dt

from resettle.domain import clock
from resettle.domain.access import OutOfScope
from resettle.domain.permissions import Permission, require
from resettle.domain.programme_group_places import GroupMembers, GroupMemberView
from resettle.domain.staff import Actor, Role
from resettle.services.access_scope import person_permissions, scope_of
from resettle.services.programme_offerings import unknown_record
from resettle.services.unit_of_work import UnitOfWork


def list_group_members(
    actor: Actor, uow: UnitOfWork, group_id: int, today: dt.date | None = None
) -> GroupMembers:
    """The group's members now, oldest place first (see the module docstring)."""
    require(actor, Permission.VIEW_PERSON)
    today = today or clock.today()
    with uow:
        group = uow.programmes.group(group_id)
        if group is None:
            raise unknown_record("group_id", "Group")
        members = []
        for place in uow.programme_referrals.members_now(group.id, today):
            person = uow.people.get(place.person_id)
            referral = uow.programme_referrals.referral(place.referral_id)
            if person is None or referral is None:
                continue
            if Permission.VIEW_PERSON not in person_permissions(actor, uow, person):
                continue
            members.append(
                GroupMemberView(
                    person_id=person.id,
                    referral_id=referral.id,
                    name=f"{person.given_name} {person.family_name}".strip(),
                    prison_number=person.prison_number or "",
                    referral_status=referral.status,
                    joined_at=place.joined_at,
                    limited_access=bool(person.restricted),
                )
            )
        if not members:
            _require_group_in_reach(actor, uow, group.offering_id)
        taken = uow.programme_referrals.places_taken(group.id, today)
        return GroupMembers(
            group_id=group.id,
            group_code=group.code,
            capacity=group.capacity,
            members=tuple(members),
            others=max(0, taken - len(members)),
        )


def _require_group_in_reach(actor: Actor, uow: UnitOfWork, offering_id: int) -> None:
    """A group none of whose members the account sees is answered for only when it runs at an
    establishment the account works in or manages, or for a probation team it works in,
    covers or manages (administrators: any): even its count of places held by people unseen
    is not told to anyone else. (An officer with a person in the group sees the group.)"""
    offering = uow.programmes.offering(offering_id)
    scope = scope_of(actor, uow)
    if offering is None or Role.ADMIN in scope.roles:
        return
    if offering.establishment_id is not None:
        reach = scope.establishment_ids | scope.managed_establishment_ids
        if offering.establishment_id in reach or scope.managed_team_ids:
            return
    elif offering.team_id in (scope.team_ids | scope.cover_team_ids | scope.managed_team_ids):
        return
    raise OutOfScope()
