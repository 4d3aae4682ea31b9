"""The access rule for one person (``domain/access.py``); the services, SQL and PostgreSQL's
row-level security are checked against the same cases in tests/services/test_access_matrix.py."""

from __future__ import annotations

import pytest

from resettle.domain.access import AccessScope, Placement, can_reach
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
