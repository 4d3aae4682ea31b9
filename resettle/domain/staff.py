"""Staff, roles and the acting user that every use case receives."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from enum import StrEnum

from pydantic import BaseModel, ConfigDict


class Role(StrEnum):
    OFFICER = "officer"
    PRISON_STAFF = "prison_staff"
    MANAGER = "manager"
    ADMIN = "admin"

    @property
    def label(self) -> str:
        return {
            Role.OFFICER: "Probation officer",
            Role.PRISON_STAFF: "Prison staff",
            Role.MANAGER: "Manager",
            Role.ADMIN: "Administrator",
        }[self]


class Actor(BaseModel):
    """The signed-in member of staff on whose behalf a use case runs."""

    model_config = ConfigDict(frozen=True)

    id: int
    username: str
    display_name: str
    role: Role
    establishment_id: int | None = None


class StaffSummary(BaseModel):
    model_config = ConfigDict(frozen=True)

    id: int
    username: str
    display_name: str
    role: Role
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
