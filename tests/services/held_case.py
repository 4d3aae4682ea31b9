"""A person held at a prison, registered by the test officer, and the staff who read their
record: the officer, prison staff at that prison and a manager (the visibility tests' case)."""

from __future__ import annotations

from dataclasses import dataclass

from resettle.domain.staff import Actor, Role
from resettle.services import people
from resettle.services.workspace import Workspace
from tests.factories import establishment, person_data, staff_member

#: One plan action, for a plan to exist.
ACTION = {
    "pathway": "accommodation",
    "what": "Confirm the hostel bed",
    "owner": "probation",
    "due": {"kind": "relative", "offset_days": -7},
}


@dataclass(frozen=True)
class Case:
    person_id: int
    officer: Actor
    prison: Actor
    manager: Actor


def held_person(workspace: Workspace) -> tuple[int, int]:
    """A new person held at a new prison: (person id, prison id)."""
    prison_id = establishment(workspace)
    data = person_data(establishment_id=prison_id)
    return people.register_person(workspace.actor, workspace.uow(), data).id, prison_id


def readers_of(workspace: Workspace, person_id: int, prison_id: int, prefix: str) -> Case:
    """The case with its readers; accounts named ``<prefix>.prison`` and ``<prefix>.manager``."""
    return Case(
        person_id=person_id,
        officer=workspace.actor,
        prison=staff_member(workspace, f"{prefix}.prison", Role.PRISON_STAFF, prison_id),
        manager=staff_member(workspace, f"{prefix}.manager", Role.MANAGER),
    )
