"""An account's roles and places of work, and which places fit which roles.

Officers work in teams, prison staff and the programme team in establishments, and managers
manage teams, establishments and regions (every team and establishment in the region); an
account holds a place only through a role that uses it, so that removing a role never leaves
a reach behind. A programme team account works in at least one establishment (its
programmes run there; without one it would reach nobody).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from pydantic import ConfigDict, Field, field_validator

from resettle.domain.errors import FieldProblem, ValidationFailed
from resettle.domain.staff import Role
from resettle.domain.text_fields import CheckedText

#: Each kind of place, the roles that use it and its words in messages.
PLACE_ROLES: dict[str, tuple[frozenset[Role], str]] = {
    "team_ids": (frozenset({Role.OFFICER}), "Teams: only probation officers work in a team"),
    "establishment_ids": (
        frozenset({Role.PRISON_STAFF, Role.PROGRAMME_TEAM}),
        "Establishments: only prison staff and the programme team work in an establishment",
    ),
    "managed_team_ids": (frozenset({Role.MANAGER}), "Managed teams: only managers manage teams"),
    "managed_establishment_ids": (
        frozenset({Role.MANAGER}),
        "Managed establishments: only managers manage establishments",
    ),
    "managed_region_ids": (
        frozenset({Role.MANAGER}),
        "Managed regions: only managers manage regions",
    ),
}
#: Roles that need a place of a kind, and the words when it is missing.
PLACE_NEEDED: dict[Role, tuple[str, str]] = {
    Role.PROGRAMME_TEAM: (
        "establishment_ids",
        "Establishments: a programme team account works in at least one establishment",
    ),
}


class AccountPlaces(CheckedText):
    """Where an account works: team and establishment ids of each kind."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    team_ids: frozenset[int] = Field(default=frozenset(), title="Teams")
    establishment_ids: frozenset[int] = Field(default=frozenset(), title="Establishments")
    managed_team_ids: frozenset[int] = Field(default=frozenset(), title="Managed teams")
    managed_establishment_ids: frozenset[int] = Field(
        default=frozenset(), title="Managed establishments"
    )
    managed_region_ids: frozenset[int] = Field(default=frozenset(), title="Managed regions")

    def by_kind(self) -> dict[str, frozenset[int]]:
        return {kind: getattr(self, kind) for kind in PLACE_ROLES}

    def kept_for(self, roles: Iterable[Role]) -> AccountPlaces:
        """The places the roles use (the others dropped)."""
        held = set(roles)
        return AccountPlaces(
            **{
                kind: ids if PLACE_ROLES[kind][0] & held else frozenset()
                for kind, ids in self.by_kind().items()
            }
        )


_ROLE_VALUES = frozenset(role.value for role in Role)
_ROLES_MESSAGE = "choose one or more of " + ", ".join(role.value for role in Role)


def checked_roles(roles: Iterable[Role | str], field: str = "roles") -> frozenset[Role]:
    values = list(roles)
    if not values or any(str(value) not in _ROLE_VALUES for value in values):
        raise ValidationFailed.single(field, "account.roles_invalid", f"Roles: {_ROLES_MESSAGE}")
    return frozenset(Role(str(value)) for value in values)


def place_problems(roles: frozenset[Role], places: AccountPlaces) -> list[FieldProblem]:
    """A place held without a role that uses it, or a role without the place it needs."""
    return [
        FieldProblem(kind, "account.place_without_role", message)
        for kind, (users, message) in PLACE_ROLES.items()
        if getattr(places, kind) and not users & roles
    ] + [
        FieldProblem(kind, "account.role_without_place", message)
        for role, (kind, message) in PLACE_NEEDED.items()
        if role in roles and not getattr(places, kind)
    ]


class NewAccount(AccountPlaces):
    """What an administrator gives to create an account."""

    username: str = Field(title="User name")
    display_name: str = Field(title="Full name")
    email: str = Field(default="", title="Email")
    phone: str = Field(default="", title="Phone")
    roles: frozenset[Role] = Field(title="Roles", min_length=1)
    #: The account must change it at its first sign-in.
    temporary_password: str = Field(title="Temporary password", repr=False)

    @field_validator("roles", mode="before")
    @classmethod
    def _roles(cls, value: Any) -> Any:
        """One role or several, each known; else the words a person can act on."""
        if value is not None and not isinstance(value, str | list | tuple | set | frozenset):
            raise ValueError(_ROLES_MESSAGE)  # a number or a mapping: not roles
        values = [value] if isinstance(value, str) else list(value or ())
        if not values or any(str(v) not in _ROLE_VALUES for v in values):
            raise ValueError(_ROLES_MESSAGE)
        return values

    @property
    def places(self) -> AccountPlaces:
        return AccountPlaces(**self.by_kind())
