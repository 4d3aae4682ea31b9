"""An account's roles and places of work, and which places fit which roles.

Officers work in teams, prison staff in establishments, and managers manage teams and
establishments; an account holds a place only through the role that uses it, so that
removing a role never leaves a reach behind.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_validator

from resettle.domain.errors import FieldProblem, ValidationFailed
from resettle.domain.staff import Role

#: Each kind of place, the role that uses it and its words in messages.
PLACE_ROLES: dict[str, tuple[Role, str]] = {
    "team_ids": (Role.OFFICER, "Teams: only probation officers work in a team"),
    "establishment_ids": (
        Role.PRISON_STAFF,
        "Establishments: only prison staff work in an establishment",
    ),
    "managed_team_ids": (Role.MANAGER, "Managed teams: only managers manage teams"),
    "managed_establishment_ids": (
        Role.MANAGER,
        "Managed establishments: only managers manage establishments",
    ),
}


class AccountPlaces(BaseModel):
    """Where an account works: team and establishment ids of each kind."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    team_ids: frozenset[int] = Field(default=frozenset(), title="Teams")
    establishment_ids: frozenset[int] = Field(default=frozenset(), title="Establishments")
    managed_team_ids: frozenset[int] = Field(default=frozenset(), title="Managed teams")
    managed_establishment_ids: frozenset[int] = Field(
        default=frozenset(), title="Managed establishments"
    )

    def by_kind(self) -> dict[str, frozenset[int]]:
        return {kind: getattr(self, kind) for kind in PLACE_ROLES}

    def kept_for(self, roles: Iterable[Role]) -> AccountPlaces:
        """The places the roles use (the others dropped)."""
        held = set(roles)
        return AccountPlaces(
            **{
                kind: ids if PLACE_ROLES[kind][0] in held else frozenset()
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
    """A place held without the role that uses it."""
    return [
        FieldProblem(kind, "account.place_without_role", message)
        for kind, (role, message) in PLACE_ROLES.items()
        if getattr(places, kind) and role not in roles
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
        values = [value] if isinstance(value, str) else list(value or ())
        if not values or any(str(v) not in _ROLE_VALUES for v in values):
            raise ValueError(_ROLES_MESSAGE)
        return values

    @property
    def places(self) -> AccountPlaces:
        return AccountPlaces(**self.by_kind())
