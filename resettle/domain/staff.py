"""Staff, roles and the acting user that every use case receives."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from enum import StrEnum
from typing import Any

from pydantic import BaseModel, ConfigDict, model_validator


class Role(StrEnum):
    OFFICER = "officer"
    PRISON_STAFF = "prison_staff"
    PROGRAMME_TEAM = "programme_team"
    MANAGER = "manager"
    ADMIN = "admin"

    @property
    def label(self) -> str:
        return {
            Role.OFFICER: "Probation officer",
            Role.PRISON_STAFF: "Prison staff",
            Role.PROGRAMME_TEAM: "Programme team",
            Role.MANAGER: "Manager",
            Role.ADMIN: "Administrator",
        }[self]


#: Which role names an account that holds several (its caption, its caseload's default view).
ROLE_PRECEDENCE = (
    Role.OFFICER,
    Role.PRISON_STAFF,
    Role.PROGRAMME_TEAM,
    Role.MANAGER,
    Role.ADMIN,
)


def main_role(roles: Iterable[Role]) -> Role:
    held = set(roles)
    return next(
        (role for role in ROLE_PRECEDENCE if role in held), Role.ADMIN
    )  # only a hand-built Actor holds no known role


def roles_label(roles: Iterable[Role]) -> str:
    """ "Probation officer, Manager": the roles in precedence order."""
    held = set(roles)
    return ", ".join(role.label for role in ROLE_PRECEDENCE if role in held)


class _HoldsRoles(BaseModel):
    """An account's roles: one or more (``role=`` given alone is read as that one role)."""

    model_config = ConfigDict(frozen=True)

    roles: frozenset[Role]

    @model_validator(mode="before")
    @classmethod
    def _one_role_given(cls, data: Any) -> Any:
        if isinstance(data, dict) and "role" in data and "roles" not in data:
            data = dict(data)
            data["roles"] = frozenset({Role(data.pop("role"))})
        return data

    @model_validator(mode="after")
    def _holds_a_role(self) -> _HoldsRoles:
        if not self.roles:
            raise ValueError("an account holds at least one role")
        return self

    @property
    def role(self) -> Role:
        """The role that names the account (``ROLE_PRECEDENCE``)."""
        return main_role(self.roles)

    def holds(self, role: Role) -> bool:
        return role in self.roles

    @property
    def roles_label(self) -> str:
        return roles_label(self.roles)


class Actor(_HoldsRoles):
    """The signed-in member of staff on whose behalf a use case runs.

    An account holds one or more roles (``roles``); ``role`` is the one that names it. Which
    people it reaches is not carried here: the services read it from the teams, establishments
    and cover tables in each unit of work (``services/access_scope.py``), so a change made by
    an administrator or manager applies at the account's next action. ``establishment_id`` is
    a member of prison staff's own establishment (the first, when they have several), for the
    caseload's caption.
    """

    id: int
    username: str
    display_name: str
    establishment_id: int | None = None


class StaffSummary(_HoldsRoles):
    id: int
    username: str
    display_name: str
    establishment_id: int | None = None
    active: bool = True


class EstablishmentSummary(BaseModel):
    model_config = ConfigDict(frozen=True)

    id: int
    code: str
    name: str


def staff_choices(people: Iterable[StaffSummary]) -> list[tuple[int, str]]:
    """(id, label) for lists to choose a member of staff from: the display name, with the user
    name beside it when another listed account has the same display name ("Gwen Ellis
    (gwen.ellis)"), so two people of one name can be told apart."""
    listed = list(people)
    counts = Counter(member.display_name.casefold() for member in listed)
    return [
        (
            member.id,
            f"{member.display_name} ({member.username})"
            if counts[member.display_name.casefold()] > 1
            else member.display_name,
        )
        for member in listed
    ]
