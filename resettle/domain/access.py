"""Who reaches which person: the rule, decided from the account's place in teams and
establishments (read from the database in each unit of work) and the person's own placement.

- A probation officer reaches the people allocated to their team(s), and another team's
  people while a manager's cover grant for that team lasts (it has an end date).
- Prison staff and the programme team reach the people held in their establishment(s).
- A manager reaches the people of the teams and establishments they manage, and of every team
  and establishment in a region they manage (as the teams' and establishments' regions are
  at each action: a team moved into the region is reached from the next action on).
- An administrator reaches nobody's case (data minimisation).
- A limited-access case: a *restricted* person is reached only by the staff named on their
  access list, whatever their team; a member of staff on a person's *exclusion* list never
  reaches them. Outside the access a person does not exist: search finds nothing.

What an account may do *to a person* comes from the roles that reach that person
(:func:`roles_reaching`, :func:`permissions_for`), not from every role it holds: an account
that is prison staff in one establishment and an officer in one team acts as prison staff for
the people of that establishment who are not on its team. For a restricted person the access
list decides *whether* the account reaches them, and the places decide *as what*: the roles
whose team, cover or establishment holds the person; a named account whose places do not
hold the person (a specialist named from elsewhere) acts through every role of it that reads
cases, since a manager named that account for this person. Lists and counts show every
person any role reaches; permissions not about a person (managing accounts, registering a
person) come from every role the account holds (``permissions.has_permission``).

The same rule is written three times on purpose, each tested against this one: here (one
person), as SQL conditions for lists and counts (``storage/repositories/access.py``) and, on
PostgreSQL, as row-level security policies that bind every database login
(``storage/postgres_access.py``). ``tests/services/test_access_matrix.py`` checks they agree.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

from resettle.domain.errors import DomainError
from resettle.domain.permissions import Permission, permissions_of
from resettle.domain.staff import Role

#: The roles that read cases (an administrator's never do).
CASE_ROLES = frozenset({Role.OFFICER, Role.PRISON_STAFF, Role.PROGRAMME_TEAM, Role.MANAGER})
#: The roles that work in an establishment (``establishment_staff``) and reach its people.
ESTABLISHMENT_ROLES = frozenset({Role.PRISON_STAFF, Role.PROGRAMME_TEAM})


class AccessScope(BaseModel):
    """An account's reach, as its teams, establishments, cover and access lists say today."""

    model_config = ConfigDict(frozen=True)

    staff_id: int
    roles: frozenset[Role]
    #: Teams the account is an officer in, and teams it covers today.
    team_ids: frozenset[int] = frozenset()
    cover_team_ids: frozenset[int] = frozenset()
    #: Establishments the account works in as prison staff or in the programme team.
    establishment_ids: frozenset[int] = frozenset()
    #: Teams and establishments the account manages: those it manages by name and those in
    #: the regions it manages (read together, so the rule below needs no path of its own).
    managed_team_ids: frozenset[int] = frozenset()
    managed_establishment_ids: frozenset[int] = frozenset()
    #: Regions the account manages (their places are already in the two sets above).
    managed_region_ids: frozenset[int] = frozenset()
    #: Restricted people the account is named on, and people it is excluded from.
    allowed_person_ids: frozenset[int] = frozenset()
    excluded_person_ids: frozenset[int] = frozenset()

    def teams_of(self, role: Role) -> frozenset[int]:
        """The teams whose people ``role`` reaches for this account."""
        if role not in self.roles:
            return frozenset()
        if role is Role.OFFICER:
            return self.team_ids | self.cover_team_ids
        if role is Role.MANAGER:
            return self.managed_team_ids
        return frozenset()

    def establishments_of(self, role: Role) -> frozenset[int]:
        """The establishments whose people ``role`` reaches for this account."""
        if role not in self.roles:
            return frozenset()
        if role in ESTABLISHMENT_ROLES:
            return self.establishment_ids
        if role is Role.MANAGER:
            return self.managed_establishment_ids
        return frozenset()

    @property
    def reached_team_ids(self) -> frozenset[int]:
        """Teams whose people the account reaches (unless restricted or excluded)."""
        return frozenset().union(*(self.teams_of(role) for role in self.roles))

    @property
    def reached_establishment_ids(self) -> frozenset[int]:
        return frozenset().union(*(self.establishments_of(role) for role in self.roles))

    @property
    def reads_cases(self) -> bool:
        """False for an account whose roles reach no case at all (an administrator)."""
        return bool(self.roles & CASE_ROLES)


class Placement(BaseModel):
    """Where a person sits, for the access rule."""

    model_config = ConfigDict(frozen=True)

    person_id: int
    team_id: int | None
    establishment_id: int | None
    restricted: bool = False


def can_reach(scope: AccessScope, placement: Placement) -> bool:
    return bool(roles_reaching(scope, placement))


def _placed_roles(scope: AccessScope, placement: Placement) -> frozenset[Role]:
    """The account's roles whose teams or establishments hold the person."""
    return frozenset(
        role
        for role in scope.roles & CASE_ROLES
        if (placement.team_id is not None and placement.team_id in scope.teams_of(role))
        or (
            placement.establishment_id is not None
            and placement.establishment_id in scope.establishments_of(role)
        )
    )


def roles_reaching(scope: AccessScope, placement: Placement) -> frozenset[Role]:
    """The roles through which the account reaches the person: empty when it does not."""
    if not scope.reads_cases or placement.person_id in scope.excluded_person_ids:
        return frozenset()
    placed = _placed_roles(scope, placement)
    if not placement.restricted:
        return placed
    if placement.person_id not in scope.allowed_person_ids:
        return frozenset()
    return placed or (scope.roles & CASE_ROLES)


def permissions_for(scope: AccessScope, placement: Placement) -> frozenset[Permission]:
    """What the account may do to this person: the permissions of the roles that reach them
    (none when no role does)."""
    return permissions_of(roles_reaching(scope, placement))


class OutOfScope(DomainError):
    """The person is not reachable. Worded like a missing record on purpose: outside the
    access, a limited-access person does not exist."""

    code = "permission.out_of_scope"

    def __init__(self) -> None:
        super().__init__(
            "That person's record is not on any caseload you can reach (or no longer exists)."
        )
