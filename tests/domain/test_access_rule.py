"""The access rule for one person (``domain/access.py``); the services, SQL and PostgreSQL's
row-level security are checked against the same cases in tests/services/test_access_matrix.py."""

from __future__ import annotations

import pytest

from resettle.domain.access import (
    AccessScope,
    Placement,
    can_reach,
    permissions_for,
    roles_reaching,
)
from resettle.domain.permissions import ROLE_PERMISSIONS, Permission
from resettle.domain.staff import Role

TEAM, OTHER_TEAM, PRISON, OTHER_PRISON = 1, 2, 10, 20


def _scope(*roles: Role, **sets: frozenset[int]) -> AccessScope:
    return AccessScope(staff_id=7, roles=frozenset(roles), **sets)


def _person(
    team: int | None = TEAM, prison: int | None = PRISON, restricted: bool = False
) -> Placement:
    return Placement(person_id=99, team_id=team, establishment_id=prison, restricted=restricted)


OFFICER = _scope(Role.OFFICER, team_ids=frozenset({TEAM}))
PRISON_STAFF = _scope(Role.PRISON_STAFF, establishment_ids=frozenset({PRISON}))
MANAGER = _scope(
    Role.MANAGER, managed_team_ids=frozenset({TEAM}), managed_establishment_ids=frozenset({PRISON})
)


@pytest.mark.parametrize(
    ("scope", "person", "reached"),
    [
        (OFFICER, _person(), True),
        (OFFICER, _person(team=OTHER_TEAM), False),
        (OFFICER, _person(team=None), False),
        # An officer's establishment does not matter; their team does.
        (OFFICER, _person(team=OTHER_TEAM, prison=PRISON), False),
        (
            _scope(Role.OFFICER, team_ids=frozenset({TEAM}), cover_team_ids=frozenset({2})),
            _person(team=OTHER_TEAM),
            True,
        ),
        (PRISON_STAFF, _person(team=OTHER_TEAM), True),
        (PRISON_STAFF, _person(prison=OTHER_PRISON), False),
        (PRISON_STAFF, _person(prison=None), False),
        (MANAGER, _person(team=OTHER_TEAM), True),  # in their establishment
        (MANAGER, _person(prison=OTHER_PRISON), True),  # on their team
        (MANAGER, _person(team=OTHER_TEAM, prison=OTHER_PRISON), False),
        (_scope(Role.ADMIN, team_ids=frozenset({TEAM})), _person(), False),
        # Team membership means nothing without the officer role.
        (_scope(Role.PRISON_STAFF, team_ids=frozenset({TEAM})), _person(prison=None), False),
    ],
)
def test_who_reaches_an_unrestricted_person(
    scope: AccessScope, person: Placement, reached: bool
) -> None:
    assert can_reach(scope, person) is reached


def test_a_restricted_person_is_reached_only_by_named_staff() -> None:
    person = _person(restricted=True)
    assert not can_reach(OFFICER, person)
    assert not can_reach(MANAGER, person)
    named = OFFICER.model_copy(update={"allowed_person_ids": frozenset({99})})
    assert can_reach(named, person)
    # Named on the list, but out of team: the list decides.
    assert can_reach(named, _person(team=OTHER_TEAM, restricted=True))
    # An administrator named on the list still reads no case.
    admin = _scope(Role.ADMIN, allowed_person_ids=frozenset({99}))
    assert not can_reach(admin, person)


def test_an_excluded_member_of_staff_never_reaches_the_person() -> None:
    excluded = OFFICER.model_copy(update={"excluded_person_ids": frozenset({99})})
    assert not can_reach(excluded, _person())
    both = excluded.model_copy(update={"allowed_person_ids": frozenset({99})})
    assert not can_reach(both, _person(restricted=True))


OFFICER_AND_PRISON_STAFF = _scope(
    Role.OFFICER,
    Role.PRISON_STAFF,
    team_ids=frozenset({TEAM}),
    establishment_ids=frozenset({PRISON}),
)


@pytest.mark.parametrize(
    ("person", "roles"),
    [
        (_person(), {Role.OFFICER, Role.PRISON_STAFF}),
        (_person(team=OTHER_TEAM), {Role.PRISON_STAFF}),
        (_person(prison=OTHER_PRISON), {Role.OFFICER}),
        (_person(team=OTHER_TEAM, prison=OTHER_PRISON), set()),
    ],
)
def test_only_the_roles_whose_places_hold_the_person_reach_them(
    person: Placement, roles: set[Role]
) -> None:
    assert roles_reaching(OFFICER_AND_PRISON_STAFF, person) == roles
    assert can_reach(OFFICER_AND_PRISON_STAFF, person) == bool(roles)


def test_an_officer_who_is_prison_staff_elsewhere_acts_there_as_prison_staff() -> None:
    theirs = permissions_for(OFFICER_AND_PRISON_STAFF, _person(team=OTHER_TEAM))
    assert theirs == ROLE_PERMISSIONS[Role.PRISON_STAFF]
    assert Permission.EDIT_NEEDS not in theirs and Permission.VIEW_NOTES not in theirs
    mine = permissions_for(OFFICER_AND_PRISON_STAFF, _person())
    assert mine == ROLE_PERMISSIONS[Role.OFFICER] | ROLE_PERMISSIONS[Role.PRISON_STAFF]


def test_a_named_account_acts_on_a_restricted_person_through_the_roles_placed_there() -> None:
    named = OFFICER_AND_PRISON_STAFF.model_copy(update={"allowed_person_ids": frozenset({99})})
    in_their_prison = _person(team=OTHER_TEAM, restricted=True)
    assert roles_reaching(named, in_their_prison) == {Role.PRISON_STAFF}
    # Named from elsewhere: every role of theirs that reads cases.
    elsewhere = _person(team=OTHER_TEAM, prison=OTHER_PRISON, restricted=True)
    assert roles_reaching(named, elsewhere) == {Role.OFFICER, Role.PRISON_STAFF}
    assert roles_reaching(OFFICER_AND_PRISON_STAFF, elsewhere) == set()  # not named
    excluded = named.model_copy(update={"excluded_person_ids": frozenset({99})})
    assert permissions_for(excluded, _person()) == frozenset()
