"""Which people a caseload import may update, and which teams it imports into
(``services/caseload_import.py``).

- An import goes into a team the actor belongs to as an officer (not one they only cover)
  or manages.
- A person already recorded is updated only when they are on a team the actor may import
  into: one reached otherwise (an establishment, a region, cover) is refused.
- Only an officer of the person's team updates them: a manager's import makes people and
  allocates them, and lists a changed row for a person already recorded (an officer of the
  team may re-import it). PostgreSQL holds managers to the same (``storage/postgres_imports.py``).
"""

from __future__ import annotations

from resettle.domain.access import AccessScope
from resettle.domain.staff import Role

ANOTHER_TEAM = "is recorded on another team's caseload: left as it is"
OFFICERS_UPDATE = "already recorded; an officer of the team may re-import it to update"


def import_teams(scope: AccessScope) -> frozenset[int]:
    """The teams an officer belongs to (not those they cover) and the teams a manager
    manages."""
    return updating_teams(scope) | scope.teams_of(Role.MANAGER)


def updating_teams(scope: AccessScope) -> frozenset[int]:
    """The teams whose people the actor's import may update: their own teams as an officer."""
    return scope.team_ids if Role.OFFICER in scope.roles else frozenset()
