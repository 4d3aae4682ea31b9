"""Who reaches which person: the rule, decided from the account's place in teams and
establishments (read from the database in each unit of work) and the person's own placement.

- A probation officer reaches the people allocated to their team(s), and another team's
  people while a manager's cover grant for that team lasts (it has an end date).
- Prison staff reach the people held in their establishment(s).
- A manager reaches the people of the teams and establishments they manage.
- An administrator reaches nobody's case (data minimisation).
- A limited-access case: a *restricted* person is reached only by the staff named on their
  access list, whatever their team; a member of staff on a person's *exclusion* list never
  reaches them. Outside the access a person does not exist: search finds nothing.

The same rule is written three times on purpose, each tested against this one: here (one
person), as SQL conditions for lists and counts (``storage/repositories/access.py``) and, on
PostgreSQL, as row-level security policies that bind every database login
(``storage/postgres_access.py``). ``tests/services/test_access_matrix.py`` checks they agree.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

from resettle.domain.errors import DomainError
from resettle.domain.staff import Role


class AccessScope(BaseModel):
    """An account's reach, as its teams, establishments, cover and access lists say today."""

    model_config = ConfigDict(frozen=True)

    staff_id: int
    roles: frozenset[Role]
    #: Teams the account is an officer in, and teams it covers today.
    team_ids: frozenset[int] = frozenset()
    cover_team_ids: frozenset[int] = frozenset()
    #: Establishments the account works in as prison staff.
    establishment_ids: frozenset[int] = frozenset()
    #: Teams and establishments the account manages.
    managed_team_ids: frozenset[int] = frozenset()
    managed_establishment_ids: frozenset[int] = frozenset()
    #: Restricted people the account is named on, and people it is excluded from.
    allowed_person_ids: frozenset[int] = frozenset()
    excluded_person_ids: frozenset[int] = frozenset()

    @property
    def reached_team_ids(self) -> frozenset[int]:
        """Teams whose people the account reaches (unless restricted or excluded)."""
        teams: frozenset[int] = frozenset()
        if Role.OFFICER in self.roles:
            teams |= self.team_ids | self.cover_team_ids
        if Role.MANAGER in self.roles:
            teams |= self.managed_team_ids
        return teams

    @property
    def reached_establishment_ids(self) -> frozenset[int]:
        establishments: frozenset[int] = frozenset()
        if Role.PRISON_STAFF in self.roles:
            establishments |= self.establishment_ids
        if Role.MANAGER in self.roles:
            establishments |= self.managed_establishment_ids
        return establishments

    @property
    def reads_cases(self) -> bool:
        """False for an account whose roles reach no case at all (an administrator)."""
        return bool(self.roles & {Role.OFFICER, Role.PRISON_STAFF, Role.MANAGER})


class Placement(BaseModel):
    """Where a person sits, for the access rule."""

    model_config = ConfigDict(frozen=True)

    person_id: int
    team_id: int | None
    establishment_id: int | None
    restricted: bool = False


def can_reach(scope: AccessScope, placement: Placement) -> bool:
    if not scope.reads_cases or placement.person_id in scope.excluded_person_ids:
        return False
    if placement.restricted:
        return placement.person_id in scope.allowed_person_ids
    return (placement.team_id is not None and placement.team_id in scope.reached_team_ids) or (
        placement.establishment_id is not None
        and placement.establishment_id in scope.reached_establishment_ids
    )


class OutOfScope(DomainError):
    """The person is not reachable. Worded like a missing record on purpose: outside the
    access, a limited-access person does not exist."""

    code = "permission.out_of_scope"

    def __init__(self) -> None:
        super().__init__(
            "That person's record is not on any caseload you can reach (or no longer exists)."
        )
